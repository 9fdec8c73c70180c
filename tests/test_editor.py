"""bantin.tools.new_post, photos_add and files, and the editors' commands: new posts, photos added, nothing overwritten."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from PIL import Image

from bantin.model.dates import TZ
from bantin.model.posts import read_post
from bantin.tools.errors import EditorError
from bantin.tools.new_post import new_post, write_new
from bantin.tools.photos_add import add_photos
from factories import make_answers, make_photo, write_post
from sitebuild import copy_sample, run_bantin

DATE = dt.datetime(2023, 7, 6, 8, 30, tzinfo=TZ)


def test_new_post_is_valid_and_complete(project_dir: Path, registry):
    post = new_post(project_dir, make_answers(registry, title="Đại hội: Chi bộ Văn phòng", date=DATE, units=("van-phong",),
                                              terms=("2023-2025",), author="Trần Thu Hà"))
    write_new(post)
    assert post.path == project_dir / "posts/2023/dai-hoi-chi-bo-van-phong.md"
    assert post.images.is_dir()
    parsed, problems = read_post(post.path, project_dir, registry)
    assert problems == [] and parsed.title == "Đại hội: Chi bộ Văn phòng"
    assert (parsed.agency, parsed.units, parsed.kind, str(parsed.terms[0])) == (
        "so-cong-thuong", ("van-phong",), "dai-hoi-chi-bo", "2023-2025")
    assert parsed.date == DATE and parsed.author == "Trần Thu Hà"


@pytest.mark.parametrize("date, written, opening", [
    (dt.datetime(2019, 3, 5, tzinfo=TZ), "date: 2019-03-05\n", "Ngày 05/03/2019, Đảng bộ Sở Công Thương tổ chức …"),
    (dt.datetime(2019, 3, 5, 8, 30, tzinfo=TZ), "date: 2019-03-05 08:30\n", "Sáng ngày 05/03/2019, "),
    (dt.datetime(2019, 3, 5, 14, 0, tzinfo=TZ), "date: 2019-03-05 14:00\n", "Chiều ngày 05/03/2019, "),
    (dt.datetime(2019, 3, 5, 19, 30, tzinfo=TZ), "date: 2019-03-05 19:30\n", "Tối ngày 05/03/2019, "),
])
def test_new_post_is_filed_under_the_year_of_its_event_with_its_time_if_any(project_dir, registry, date, written,
                                                                            opening):
    post = new_post(project_dir, make_answers(registry, title="Hội nghị", date=date))
    assert (post.path, post.images) == (project_dir / "posts/2019/hoi-nghi.md", project_dir / "images/2019/hoi-nghi")
    assert written in post.text and f"---\n\n{opening}" in post.text
    write_new(post)
    parsed, problems = read_post(post.path, project_dir, registry)
    assert problems == [] and parsed.date == date


def test_new_post_of_a_title_with_no_latin_letter_names_its_address(project_dir, registry):
    """The file is named bai-viet-<date>, and so is the address (`slug:`): without it, two such
    posts of one month would both be published at tin/…/bai-viet/."""
    for n, title in enumerate(("!!!", "会议 公告")):
        post = new_post(project_dir, make_answers(registry, title=title, date=DATE + dt.timedelta(hours=n)))
        write_new(post)
    names = sorted(p.name for p in (project_dir / "posts/2023").iterdir())
    assert names == ["bai-viet-20230706-0830.md", "bai-viet-20230706-0930.md"]
    for name in names:
        parsed, problems = read_post(project_dir / "posts/2023" / name, project_dir, registry)
        assert problems == [] and parsed.slug == name.removesuffix(".md")


def test_new_post_refuses_to_overwrite(project_dir: Path, registry):
    post = new_post(project_dir, make_answers(registry, date=DATE))
    write_new(post)
    post.path.write_text("bài của biên tập viên", encoding="utf-8")
    with pytest.raises(EditorError) as info:
        write_new(post)
    assert info.value.message == "đã có bài 'dai-hoi.md' — không ghi đè"
    assert post.path.read_text(encoding="utf-8") == "bài của biên tập viên"


def test_add_photos_copies_with_clean_names_and_lists_them(project_dir: Path, registry, tmp_path):
    post = write_post(project_dir, "posts/2023/bai.md",
                      "title: A\ndate: 2023-07-06\nagency: SCT\nkind: dai-hoi-chi-bo\ntags: [x]", body="Nội dung.\n")
    before = post.read_text(encoding="utf-8")
    source = make_photo(tmp_path / "Ảnh Đại hội 01.JPG", (40, 30), (200, 0, 0))
    copied = add_photos(project_dir, post, [source, source])
    assert [p.name for p in copied] == ["anh-dai-hoi-01.jpg", "anh-dai-hoi-01-2.jpg"]  # never replaced
    text = post.read_text(encoding="utf-8")
    assert text.startswith(before.split("---\n\n")[0]) and text.endswith("---\n\nNội dung.\n")
    parsed, problems = read_post(post, project_dir, registry)
    assert [p.src for p in parsed.photos] == ["images/2023/bai/anh-dai-hoi-01.jpg", "images/2023/bai/anh-dai-hoi-01-2.jpg"]
    assert all(p.warning for p in problems) and len(problems) == 2  # captions to write
    add_photos(project_dir, post, [source])  # appended after the existing ones
    parsed, _ = read_post(post, project_dir, registry)
    assert len(parsed.photos) == 3 and parsed.photos[2].src.endswith("anh-dai-hoi-01-3.jpg")


def test_add_photos_refuses_non_images(project_dir: Path, tmp_path):
    post = write_post(project_dir, "posts/a.md", "title: A\ndate: 2023-07-06\nagency: SCT\nkind: dai-hoi-chi-bo")
    (tmp_path / "ghi-chu.txt").write_text("x")
    with pytest.raises(EditorError) as info:
        add_photos(project_dir, post, [tmp_path / "ghi-chu.txt"])
    assert info.value.message == "tệp 'ghi-chu.txt' không phải ảnh (jpg, png, webp)"


def test_new_then_check_then_build_as_an_editor_would(tmp_path: Path):
    root = copy_sample(tmp_path / "p")
    made = run_bantin(root, "new", "--tieu-de", "Hội nghị sơ kết 6 tháng đầu năm 2024", "--co-quan", "Sở Tài chính",
                      "--loai", "so ket", "--nhiem-ky", "2020-2025", "--ngay", "2024-07-10 14:00")
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("Đã tạo bài 'posts/2024/hoi-nghi-so-ket-6-thang-dau-nam-2024.md'")
    checked = run_bantin(root, "check")
    assert checked.returncode == 0 and checked.stdout.endswith("Không có lỗi: 21 bài viết, 6 cơ quan, 8 loại tin.\n")
    assert run_bantin(root, "build", "--strict").returncode == 0
    assert (root / "site/tin/2024/07/hoi-nghi-so-ket-6-thang-dau-nam-2024/index.html").is_file()


def test_check_finds_broken_links_and_bad_photos_and_speaks_json(tmp_path: Path):
    root = copy_sample(tmp_path / "p")
    post = root / "posts/2021/chi-bo-phong-khao-thi-va-quan-ly-chat-luong-ket-nap-dang-vien-moi.md"
    post.write_text(post.read_text(encoding="utf-8") + "\n[bài cũ](../2019/khong-co.md)\n", encoding="utf-8")
    (root / "images/2023/so-ket-cuc-thue/hoi-nghi.jpg").write_text("không phải ảnh")
    result = run_bantin(root, "check", "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["errors"] == 3  # the photo is named twice: cover and photos[0]
    messages = {(p["path"], p["field"], p["message"]) for p in report["problems"]}
    assert (post.relative_to(root).as_posix(), "nội dung",
            "liên kết '../2019/khong-co.md' trỏ tới bài không có (posts/2019/khong-co.md)") in messages
    assert ("posts/2023/hoi-nghi-so-ket-6-thang-dau-nam-2023-cua-dang-bo-cuc-thue.md", "cover",
            "ảnh 'images/2023/so-ket-cuc-thue/hoi-nghi.jpg': tệp không phải là ảnh, hoặc đã hỏng") in messages


# -- whole or nothing; what the build refuses is refused at the door -----------------------------------------
def test_create_new_writes_whole_files_and_never_replaces_one(tmp_path, monkeypatch):
    import errno
    import os

    from bantin.tools.files import create_new

    target = tmp_path / "bai.md"
    create_new(target, lambda f: f.write(b"ok"))
    assert target.read_bytes() == b"ok"
    with pytest.raises(FileExistsError):
        create_new(target, lambda f: f.write(b"other"))
    assert target.read_bytes() == b"ok"

    def full(f):
        f.write(b"half")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # as a full disk's write() does: no file named
    with pytest.raises(OSError) as info:
        create_new(tmp_path / "moi.md", full)
    assert (info.value.errno, info.value.filename) == (errno.ENOSPC, str(tmp_path / "moi.md"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bai.md"]  # no half file, no temporary file

    def no_links(*args):
        raise PermissionError(errno.EPERM, "hard links refused (FAT, some network drives)")
    monkeypatch.setattr(os, "link", no_links)
    create_new(tmp_path / "fat.md", lambda f: f.write(b"fat"))
    assert (tmp_path / "fat.md").read_bytes() == b"fat"
    with pytest.raises(FileExistsError):
        create_new(target, lambda f: f.write(b"other"))
    assert target.read_bytes() == b"ok" and sorted(p.name for p in tmp_path.iterdir()) == ["bai.md", "fat.md"]


def test_new_post_that_cannot_be_written_leaves_no_folder(project_dir, registry, monkeypatch):
    import errno

    from bantin.tools import new_post as new_post_module

    def full(target, write, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(target))
    monkeypatch.setattr(new_post_module, "create_new", full)
    post = new_post(project_dir, make_answers(registry, date=DATE))
    with pytest.raises(OSError):
        write_new(post)
    assert sorted(p.relative_to(project_dir).as_posix() for p in project_dir.rglob("*")) == ["posts", "registry.yml"]


def test_add_photos_removes_its_copies_when_a_later_step_fails(project_dir, tmp_path, monkeypatch):
    import errno

    from bantin.tools import photos_add

    post = write_post(project_dir, "posts/2023/bai.md", "title: A\ndate: 2023-07-06\nagency: SCT\nkind: dai-hoi-chi-bo")
    post.chmod(0o640)
    before = post.read_bytes()
    source = make_photo(tmp_path / "IMG_0412.JPG", (40, 30), (200, 0, 0))

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(photos_add, "_insert_photos", full)
    with pytest.raises(OSError):
        add_photos(project_dir, post, [source, source])
    assert post.read_bytes() == before and not (project_dir / "images").exists()
    monkeypatch.undo()
    add_photos(project_dir, post, [source])
    assert post.stat().st_mode & 0o777 == 0o640  # the rewritten post keeps its permissions
    assert sorted(p.name for p in post.parent.iterdir()) == ["bai.md"]  # no temporary file left


def test_a_photo_over_the_pixel_limit_is_refused_or_kept_as_a_smaller_upright_copy_without_gps(
        project_dir, tmp_path, monkeypatch):
    from bantin.site.photos.renditions import Settings
    from bantin.tools import photos_add

    monkeypatch.setattr(photos_add, "LIMITS", Settings(max_pixels=1_000_000))  # 1 MP: a 1.2 MP photo is over
    post = write_post(project_dir, "posts/2023/bai.md", "title: A\ndate: 2023-07-06\nagency: SCT\nkind: dai-hoi-chi-bo")
    before = post.read_bytes()
    source = make_photo(tmp_path / "IMG_0412.JPG", (1200, 1000), (20, 20, 220),
                        areas={(0, 0, 600, 500): (220, 20, 20)},  # the stored top left red
                        orientation=6,  # stored on its side: shown turned a quarter clockwise
                        make="Canon", gps={2: (10.0, 46.0, 30.0)},  # a GPS latitude
                        quality=95)
    original = source.read_bytes()

    with pytest.raises(EditorError) as info:
        add_photos(project_dir, post, [source])
    assert (info.value.message, info.value.hint, info.value.usage) == (
        "ảnh 'IMG_0412.JPG': ảnh quá lớn (1200×1000 điểm ảnh, quá giới hạn 1 triệu)",
        "thêm --thu-nho để lưu một bản thu nhỏ dưới 1 triệu điểm ảnh (ảnh gốc không bị sửa)", False)
    assert post.read_bytes() == before and not (project_dir / "images").exists()

    added = add_photos(project_dir, post, [source], resize=True)
    copy = project_dir / "images/2023/bai/img-0412.jpg"
    assert list(added) == [copy] and added.resized == {copy: (645, 774)}  # half the limit, turned upright
    with Image.open(copy) as im:
        assert im.size == (645, 774) and im.width * im.height <= 1_000_000 // 2
        exif = im.getexif()
        assert 0x0112 not in exif and exif.get(0x010F) == "Canon" and dict(exif.get_ifd(0x8825)) == {}
        assert im.getpixel((600, 20))[0] > 150  # the red corner is at the top right once upright
    assert source.read_bytes() == original


def test_yaml_scalar_of_a_title_nested_thousands_deep():
    from bantin.tools.yaml_values import yaml_scalar

    title = "[" * 2000
    assert yaml_scalar(title) == json.dumps(title)
