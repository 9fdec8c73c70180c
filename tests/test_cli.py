"""The `bantin` command as an editor runs it: messages in Vietnamese, exit codes, drafts."""

from __future__ import annotations

from pathlib import Path

import pytest

from factories import make_photo, make_project
from sitebuild import copy_sample, run_bantin

DRAFT = "posts/2023/chi-bo-thon-dong-lanh-dao-to-chuc-ngay-hoi-dai-doan-ket-toan-dan-toc.md"


def test_a_new_user_s_first_check_of_the_sample_site_prints_no_warning(tmp_path: Path):
    # The sample's originals carry no GPS and no camera serials (tests that need them make their
    # own photos, tests/test_photos.py), its posts no TODO left: not one warning, only the result.
    result = run_bantin(copy_sample(tmp_path / "p"), "check")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "Không có lỗi: 20 bài viết, 6 cơ quan, 8 loại tin.\n"


def test_build_with_drafts_publishes_them(tmp_path: Path):
    root = copy_sample(tmp_path / "p")
    assert "draft: true" in (root / DRAFT).read_text(encoding="utf-8")
    result = run_bantin(root, "build", "--drafts", "-d", "out")
    assert result.returncode == 0, result.stderr
    assert "Đã xây dựng trang vào 'out'." in result.stderr
    urls = {p.parent.relative_to(root / "out").as_posix() for p in (root / "out" / "tin").rglob("index.html")}
    assert "tin/2023/11/chi-bo-thon-dong-lanh-dao-to-chuc-ngay-hoi-dai-doan-ket-toan-dan-toc" in urls


def test_messages_and_help_are_vietnamese(tmp_path: Path):
    result = run_bantin(tmp_path, "--help")
    assert result.stdout.startswith("cách dùng: bantin")
    assert "hiện hướng dẫn này rồi thoát" in result.stdout
    bad = run_bantin(tmp_path, "dung")
    assert bad.returncode == 2 and "bantin: lỗi: tham số LỆNH: lựa chọn không hợp lệ: 'dung'" in bad.stderr
    log = run_bantin(copy_sample(tmp_path / "p"), "build").stderr
    assert "Đã tạo các trang trong" in log and "Documentation built" not in log
    assert "Building documentation to directory" not in log


def test_a_config_error_is_reported_and_nothing_is_built(tmp_path: Path):
    root = make_project(tmp_path / "p", sample=True, files={"mkdocs.yml": "site_name: [\n"})
    result = run_bantin(root, "build")
    assert result.returncode == 1 and result.stderr.startswith("LỖI: cấu hình 'mkdocs.yml' không hợp lệ")
    assert not (root / "site").exists()


@pytest.mark.parametrize(("added", "line"), [
    ("extra:\n\tx: 1\n", "mkdocs.yml:{2}: [x] lỗi cú pháp YAML: có ký tự Tab, YAML chỉ cho phép dấu cách → thay ký tự "
                         "Tab bằng dấu cách."),
    ('copyright: "Bản tin\n', "mkdocs.yml:{1}: [copyright] lỗi cú pháp YAML: thiếu dấu nháy đóng → thêm dấu nháy đóng ở "
                              "cuối giá trị trên dòng này."),
    ("nav:\n  - a.md\n b: 2\n", "mkdocs.yml:{3}: [b] lỗi cú pháp YAML: thụt lề không đúng → kiểm tra dòng: b: 2."),
], ids=["tab", "open-quote", "indent"])
def test_mkdocs_yml_that_is_no_yaml_is_one_vietnamese_line_naming_line_and_fix(tmp_path: Path, added, line):
    """PyYAML's English (passed on by MkDocs) is said as bantin says a post's YAML error."""
    root = copy_sample(tmp_path / "p")
    config = root / "mkdocs.yml"
    sample = config.read_text(encoding="utf-8")
    config.write_text(sample + added, encoding="utf-8")
    lines = sample.count("\n")  # the added text's line n is the file's line lines + n
    line = line.replace("{1}", str(lines + 1)).replace("{2}", str(lines + 2)).replace("{3}", str(lines + 3))
    for command in ("build", "check"):
        result = run_bantin(root, command)
        assert (result.returncode, result.stderr) == (1, f"LỖI: cấu hình 'mkdocs.yml' không hợp lệ: {line}\n"), command
    assert not (root / "site").exists()


# -- exit codes and the one line a fault ends with ------------------------------------------------------------
def test_exit_codes():
    from bantin.commands.runner import Exit

    assert {e.name: int(e) for e in Exit} == {"OK": 0, "CONTENT": 1, "USAGE": 2, "FAULT": 3, "INTERRUPTED": 130}


def test_each_fault_is_one_line_naming_what_happened_what_is_safe_and_the_fix(tmp_path, monkeypatch):
    import errno
    import os

    from mkdocs.exceptions import Abort, PluginError

    from bantin.commands import runner as cli

    monkeypatch.chdir(tmp_path)
    run = cli.Run("build")
    run.kept = "trang cũ trong 'site' được giữ nguyên"
    run.staging[tmp_path / ".site-build-1-x"] = tmp_path / "site"
    monkeypatch.setattr(cli, "run", run)

    def line(exc):
        return cli.describe(exc)

    staged = str(tmp_path / ".site-build-1-x" / "tin" / "index.html")
    assert line(OSError(errno.ENOSPC, "No space left on device", staged)) == (
        "LỖI: ổ đĩa đã đầy, không ghi được trang mới vào 'site'; trang cũ trong 'site' được giữ nguyên → giải phóng "
        "chỗ trống trên ổ đĩa (thư mục .cache/bantin xoá được, sẽ được tạo lại) rồi chạy lại.", cli.Exit.FAULT)
    assert line(PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "bantin.lock.json"))) == (
        "LỖI: không có quyền ghi 'bantin.lock.json'; trang cũ trong 'site' được giữ nguyên → cấp quyền ghi "
        "(chmod u+w 'bantin.lock.json'; nếu bị khoá: chattr -i 'bantin.lock.json') hoặc chạy bằng tài khoản có "
        "quyền, hoặc xây dựng vào thư mục khác: bantin build -d THƯ_MỤC.", cli.Exit.FAULT)
    assert line(OSError(errno.EMFILE, "Too many open files")) == (
        "LỖI: quá nhiều tệp đang mở cùng lúc; trang cũ trong 'site' được giữ nguyên → tăng giới hạn "
        "(ulimit -n 4096) rồi chạy lại.", cli.Exit.FAULT)
    # MkDocs wraps: a plugin's PluginError raised from the OSError, and the Abort raised while handling it.
    try:
        try:
            try:
                raise OSError(errno.EROFS, "Read-only file system", str(tmp_path / "site"))
            except OSError as exc:
                raise PluginError("could not write") from exc
        except PluginError:
            raise Abort("Aborted with a BuildError!")  # noqa: B904 - as MkDocs raises it
    except Abort as wrapped:
        assert line(wrapped) == (
            "LỖI: ổ đĩa chỉ cho đọc, không ghi được 'site'; trang cũ trong 'site' được giữ nguyên → gắn lại ổ đĩa "
            "cho phép ghi, hoặc xây dựng vào thư mục khác: bantin build -d THƯ_MỤC.", cli.Exit.FAULT)
    assert line(Abort("Aborted with a BuildError!")) == (
        "LỖI: không xây dựng được trang vì có lỗi ở trên; trang cũ trong 'site' được giữ nguyên → sửa các lỗi rồi "
        "chạy lại.", cli.Exit.CONTENT)
    run.log_dir = str(tmp_path)
    text, code = line(RecursionError("maximum recursion depth exceeded"))
    assert code == cli.Exit.FAULT and text.startswith(
        "LỖI: bantin gặp lỗi ngoài dự kiến (RecursionError); trang cũ trong 'site' được giữ nguyên; đây là lỗi của "
        f"chương trình, không phải của bài viết → chi tiết đã ghi vào '{tmp_path}{os.sep}bantin-loi-")


def test_no_config_file_and_a_config_nested_too_deep(tmp_path: Path):
    result = run_bantin(tmp_path, "build")
    assert (result.returncode, result.stderr) == (2, (
        "LỖI: không tìm thấy tệp cấu hình 'mkdocs.yml' → chạy lệnh trong thư mục dự án (nơi có mkdocs.yml), "
        "hoặc chỉ ra tệp bằng -f TỆP.\n"))
    root = copy_sample(tmp_path / "p")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "extra:\n  x: " + "[" * 3000 + "]" * 3000 + "\n",
                      encoding="utf-8")
    result = run_bantin(root, "build")
    assert (result.returncode, result.stderr) == (1, (
        "LỖI: cấu hình 'mkdocs.yml' không hợp lệ: giá trị lồng nhau quá sâu → xoá các dấu '[', '{' hoặc '-' thừa.\n"))
    assert not (root / "site").exists()


def test_verbose_shows_the_traceback_of_a_bug(tmp_path: Path):
    import os
    import subprocess
    import sys

    code = ("import sys, bantin.tools.check\n"
            "def boom(*a, **k): raise RuntimeError('a planted bug')\n"
            "bantin.tools.check.check = boom\n"
            "from bantin.cli import main\n"
            "sys.exit(main(['-v', 'check']))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=copy_sample(tmp_path / "p"), capture_output=True,
                            text=True, env={**os.environ, "TMPDIR": str(tmp_path)})
    assert result.returncode == 3
    assert "Traceback" in result.stderr and "RuntimeError: a planted bug" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("LỖI: bantin gặp lỗi ngoài dự kiến (RuntimeError)")


def test_photos_add_keeps_a_smaller_copy_of_a_photo_over_the_limit(tmp_path: Path, monkeypatch, capsys):
    from bantin.cli import main
    from bantin.site.photos.renditions import Settings
    from bantin.tools import photos_add

    monkeypatch.setattr(photos_add, "LIMITS", Settings(max_pixels=1_000_000))
    root = copy_sample(tmp_path / "p")
    source = make_photo(tmp_path / "IMG_0412.JPG", (1200, 1000), (20, 120, 20))
    post = "posts/2020/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022.md"
    assert main(["photos", "add", "--root", str(root), post, str(source)]) == 1
    assert capsys.readouterr().err == (
        "LỖI: ảnh 'IMG_0412.JPG': ảnh quá lớn (1200×1000 điểm ảnh, quá giới hạn 1 triệu)\n"
        "    → thêm --thu-nho để lưu một bản thu nhỏ dưới 1 triệu điểm ảnh (ảnh gốc không bị sửa)\n")
    assert main(["photos", "add", "--root", str(root), post, str(source), "--thu-nho"]) == 0
    assert capsys.readouterr().out == (
        "Đã lưu bản thu nhỏ 'images/2020/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022/img-0412.jpg' "
        f"(774×645 điểm ảnh); ảnh gốc '{source}' không bị sửa.\n"
        "Đã thêm 1 ảnh vào 'photos:' của bài; hãy viết chú thích (caption) cho từng ảnh.\n")


def test_new_with_a_title_of_no_latin_letter_gets_a_file_name(tmp_path):
    from sitebuild import copy_sample, run_bantin

    root = copy_sample(tmp_path / "p")
    for title in ("!!!", "会议 公告"):
        result = run_bantin(root, "new", "--tieu-de", title, "--co-quan", "Sở Tài chính", "--loai", "sơ kết",
                            "--ngay", "2024-02-01 08:30")
        assert result.returncode in (0, 1), result.stderr
    created = sorted(p.name for p in (root / "posts/2024").glob("bai-viet-*.md"))
    assert created == ["bai-viet-20240201-0830.md"]  # the second is refused: never overwritten
    assert not list((root / "posts").rglob(".md"))


def test_new_with_stdin_closed_says_what_is_missing(tmp_path):
    import subprocess
    import sys

    from sitebuild import copy_sample

    root = copy_sample(tmp_path / "p")
    result = subprocess.run([sys.executable, "-m", "bantin", "new", "--tieu-de", "Abc"], cwd=root, stdin=None,
                            capture_output=True, text=True, preexec_fn=lambda: __import__("os").close(0))
    assert result.returncode == 2 and "LỖI: thiếu --co-quan, --loai." in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_new_refuses_a_title_the_build_would(tmp_path):
    from sitebuild import copy_sample, run_bantin

    root = copy_sample(tmp_path / "p")
    result = run_bantin(root, "new", "--tieu-de", "Hội nghị " * 100, "--co-quan", "Sở Tài chính", "--loai", "sơ kết")
    assert result.returncode == 1 and "LỖI: 'title' dài 899 ký tự, quá giới hạn 300" in result.stderr
    assert not list((root / "posts").rglob("hoi-nghi-hoi-nghi*"))


@pytest.mark.parametrize("option, line", [
    ("per_page: 0", "mkdocs.yml, plugin 'bantin', mục 'per_page': cần một số nguyên từ 1 đến 1000, không phải 0"),
    ("image_widths: []", "mkdocs.yml, plugin 'bantin', mục 'image_widths': cần danh sách các độ rộng ảnh (số điểm "
                         "ảnh từ 16 đến 10000), ví dụ [320, 640, 1280, 1920], không phải []"),
    ("jpeg_quality: 101", "mkdocs.yml, plugin 'bantin', mục 'jpeg_quality': cần một số nguyên từ 1 đến 100, không "
                          "phải 101"),
    ("drafts: maybe", "mkdocs.yml, plugin 'bantin', mục 'drafts': cần true hoặc false, không phải 'maybe'"),
    ("posts_dir: 5", "mkdocs.yml, plugin 'bantin', mục 'posts_dir': cần một đường dẫn tính từ thư mục chứa "
                     "mkdocs.yml, ví dụ posts, không phải 5"),
    ("embeds: 5", "mkdocs.yml, plugin 'bantin', mục 'embeds': cần danh sách tên máy chủ, ví dụ "
                  "[www.youtube-nocookie.com], không phải 5"),
])
def test_impossible_plugin_options_are_one_vietnamese_line_each(tmp_path, option, line):
    """The build and every command that reads mkdocs.yml (check, new, photos add, import) refuse
    an impossible option with the same line: one configuration, one set of rules."""
    from sitebuild import copy_sample, run_bantin

    root = copy_sample(tmp_path / "p")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("      per_page: 10\n", f"      {option}\n"),
                      encoding="utf-8")
    expected = [f"LỖI       - {line}",
                "LỖI: cấu hình 'mkdocs.yml' không hợp lệ (xem các dòng trên) → sửa 'mkdocs.yml' rồi chạy lại."]
    for command in (["build"], ["check"], ["new", "--tieu-de", "Tin", "--co-quan", "SCT", "--loai", "so-ket"]):
        result = run_bantin(root, *command)
        assert result.returncode == 1, command
        assert result.stderr.splitlines() == expected, command
    assert not (root / "site").exists() and len(list((root / "posts").rglob("*.md"))) == 20


def test_every_command_reads_the_folders_of_mkdocs_yml(tmp_path):
    """posts_dir, images_dir and registry from mkdocs.yml: where `new`, `photos add` and `import`
    write, and what `check` and the build read. Flags given on the command line still win."""
    root = copy_sample(tmp_path / "p")
    (root / "posts").rename(root / "bai-viet")
    # Old posts keep their photos in images/ (named by relative paths); new ones go to anh-goc/.
    (root / "registry.yml").rename(root / "danh-muc.yml")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      per_page: 10\n", "      per_page: 10\n      posts_dir: bai-viet\n      images_dir: anh-goc\n"
                               "      registry: danh-muc.yml\n"), encoding="utf-8")
    checked = run_bantin(root, "check")
    assert checked.returncode == 0 and "Không có lỗi: 20 bài viết" in checked.stdout, checked.stdout + checked.stderr
    made = run_bantin(root, "new", "--tieu-de", "Hội nghị sơ kết quý I", "--co-quan", "SCT", "--loai", "so-ket",
                      "--ngay", "2024-04-02")
    assert made.returncode == 0, made.stderr
    post = root / "bai-viet" / "2024" / "hoi-nghi-so-ket-quy-i.md"
    assert post.is_file() and (root / "anh-goc" / "2024" / "hoi-nghi-so-ket-quy-i").is_dir()
    make_photo(tmp_path / "IMG_1.jpg", (800, 600), (200, 30, 30))
    added = run_bantin(root, "photos", "add", "bai-viet/2024/hoi-nghi-so-ket-quy-i.md", str(tmp_path / "IMG_1.jpg"))
    assert added.returncode == 0, added.stderr
    assert "anh-goc/2024/hoi-nghi-so-ket-quy-i/" in post.read_text(encoding="utf-8")
    (tmp_path / "cu").mkdir()
    (tmp_path / "cu" / "bai.txt").write_text("Hội nghị sơ kết công tác Đảng\n\nNgày 05/03/2019, Đảng bộ Sở Công "
                                             "Thương tổ chức hội nghị.\n", encoding="utf-8")
    imported = run_bantin(root, "import", str(tmp_path / "cu"))
    assert imported.returncode == 0, imported.stderr
    imported_posts = list((root / "bai-viet").rglob("hoi-nghi-so-ket-cong-tac-dang*.md"))
    assert imported_posts
    for path in imported_posts:  # left for an editor to finish (date, agency): not for this build
        path.unlink()
    assert not (root / "posts").exists()
    built = run_bantin(root, "build")
    assert built.returncode == 0, built.stderr
    assert (root / "site" / "tin" / "2024" / "04" / "hoi-nghi-so-ket-quy-i" / "index.html").is_file()
    # A flag on the command line is for this run only and wins over mkdocs.yml.
    other = run_bantin(root, "check", "--posts", "khac")
    assert other.returncode == 1 and "khac/" in other.stdout and "không tìm thấy thư mục bài viết" in other.stdout


def test_check_outside_a_project_is_a_usage_error(tmp_path):
    from sitebuild import run_bantin

    result = run_bantin(tmp_path, "check")
    assert result.returncode == 2 and result.stderr == (
        f"LỖI: '{tmp_path.resolve()}' không phải thư mục dự án bản tin (không có mkdocs.yml hay registry.yml) → chạy "
        "lệnh trong thư mục dự án, hoặc chỉ ra nó bằng --root THƯ_MỤC.\n")


def test_new_with_an_impossible_date_names_the_option_and_an_example(tmp_path):
    from sitebuild import copy_sample, run_bantin

    root = copy_sample(tmp_path / "p")
    result = run_bantin(root, "new", "--tieu-de", "Abc", "--co-quan", "so-tai-chinh", "--loai", "sơ kết",
                        "--ngay", "2024-02-30")
    assert result.returncode == 2 and result.stderr == (
        "LỖI: ngày '2024-02-30' không hợp lệ: ngày không có thật trên lịch\n"
        "    → ví dụ: --ngay 2024-02-28 08:30 hoặc --ngay 28/02/2024\n")
