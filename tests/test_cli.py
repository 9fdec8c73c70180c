"""The `bantin` command as an editor runs it: messages in Vietnamese, exit codes, drafts."""

from __future__ import annotations

from pathlib import Path

from sitebuild import copy_sample, run_bantin

DRAFT = "posts/2023/chi-bo-thon-dong-lanh-dao-to-chuc-ngay-hoi-dai-doan-ket-toan-dan-toc.md"


def test_check_on_the_sample_site(tmp_path: Path):
    result = run_bantin(copy_sample(tmp_path / "p"), "check")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[-2:] == ["Có 8 cảnh báo trong 4 tệp.", "Không có lỗi: 18 bài viết, 6 cơ quan, 8 loại tin."]
    # The sample photos carry GPS on purpose: check says so once per photo; published copies have none.
    assert lines[0] == ("CẢNH BÁO posts/2020/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022.md:11: [cover] "
                        "ảnh gốc 'images/2020/dai-hoi-chi-bo-van-phong/toan-canh-dai-hoi.jpg' có tọa độ GPS (nơi chụp)")


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
    root = copy_sample(tmp_path / "p")
    (root / "mkdocs.yml").write_text("site_name: [\n", encoding="utf-8")
    result = run_bantin(root, "build")
    assert result.returncode == 1 and result.stderr.startswith("LỖI: cấu hình 'mkdocs.yml' không hợp lệ")
    assert not (root / "site").exists()
