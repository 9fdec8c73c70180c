"""`bantin photos add` and `bantin photos clean` (bantin.tools.photos_add, photo_entries,
photos_clean, bantin.commands.photos): copies and originals without GPS and camera serials, the
picture untouched; non-images refused by their content; photos attached to the captions an import
left waiting; nothing a user wrote overwritten."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from bantin.model.posts import read_post
from bantin.tools.errors import EditorError
from bantin.tools.photos_add import add_photos
from factories import CAMERA_GPS, make_photo, make_project, write_post, xmp_packet
from sitebuild import files, run_bantin

FRONT = "title: Đại hội\ndate: 2023-07-06\nagency: SCT\nkind: dai-hoi-chi-bo"
PRIVATE_TAGS = {0xA431, 0xA435, 0xA430, 0x927C}  # body and lens serials, owner, MakerNote


def camera_photo(path: Path) -> Path:
    """Stored on its side (orientation 6) with GPS, serials, owner, MakerNote and XMP GPS."""
    return make_photo(path, (48, 32), (20, 20, 220), areas={(0, 0, 24, 16): (220, 20, 20)}, orientation=6,
                      make="Canon", serial="0451189", lens_serial="LX-77", owner="Trần Thu Hà",
                      maker_note=b"Canon\x00" * 8, gps=CAMERA_GPS, xmp=xmp_packet('exif:GPSLatitude="20,32N"'),
                      **({"lossless": True} if path.suffix == ".webp" else {}))


def assert_private_data_gone(path: Path, original: Path) -> None:
    with Image.open(path) as copy, Image.open(original) as source:
        exif = copy.getexif()
        assert exif[0x0112] == 6 and exif[0x010F] == "Canon"  # its orientation kept: shown upright as before
        assert dict(exif.get_ifd(0x8825)) == {} and not PRIVATE_TAGS & set(exif.get_ifd(0x8769))
        assert copy.convert("RGB").tobytes() == source.convert("RGB").tobytes()  # not re-encoded
    assert b"GPS" not in path.read_bytes() and b"0451189" not in path.read_bytes()


# -- photos add: the copy ----------------------------------------------------------------------------------
@pytest.mark.parametrize("name, copied", [("IMG_0412.JPG", "img-0412.jpg"), ("Ảnh hội trường.png", "anh-hoi-truong.png"),
                                          ("PXL_2023.webp", "pxl-2023.webp")])
def test_the_copy_loses_gps_and_serials_and_the_original_is_untouched(project_dir, tmp_path, name, copied):
    post = write_post(project_dir, "posts/2023/bai.md", FRONT)
    source = camera_photo(tmp_path / name)
    original, stat = source.read_bytes(), source.stat()
    added = add_photos(project_dir, post, [source])
    target = project_dir / "images/2023/bai" / copied
    assert list(added) == [target]
    assert_private_data_gone(target, source)
    assert source.read_bytes() == original and source.stat().st_mtime_ns == stat.st_mtime_ns
    assert {p.name for p in added.removed[target]} == {"GPS", "BODY_SERIAL", "LENS_SERIAL", "OWNER", "MAKER_NOTE"}


def test_a_photo_without_exif_is_copied_byte_for_byte(project_dir, tmp_path):
    post = write_post(project_dir, "posts/2023/bai.md", FRONT)
    source = make_photo(tmp_path / "scan.jpg", (30, 20), (1, 2, 3))
    added = add_photos(project_dir, post, [source])
    assert added[0].read_bytes() == source.read_bytes() and added.removed == {}


def test_the_command_says_what_it_removed_and_that_the_original_is_kept(tmp_path):
    root = make_project(tmp_path / "p")
    write_post(root, "posts/2023/bai.md", FRONT)
    source = camera_photo(tmp_path / "IMG_0412.JPG")
    result = run_bantin(root, "photos", "add", "posts/2023/bai.md", str(source), str(make_photo(tmp_path / "b.jpg")))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Đã chép 'images/2023/bai/img-0412.jpg', đã xoá: tọa độ GPS (nơi chụp), số sê-ri máy ảnh, "
        "số sê-ri ống kính, tên chủ máy ảnh, dữ liệu riêng của hãng máy (MakerNote, có số sê-ri).",
        "Đã chép 'images/2023/bai/b.jpg'.",
        "Đã thêm 2 ảnh vào 'photos:' của bài; hãy viết chú thích (caption) cho từng ảnh."]


# -- photos add: what is not a picture, by its content ------------------------------------------------------
def truncated_jpeg(path: Path) -> Path:
    data = make_photo(path, (256, 256), (0, 0, 0), areas={(0, 0, 128, 128): (250, 250, 250)}).read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])  # the header whole, the picture cut
    return path


@pytest.mark.parametrize("make, message, hint, usage", [
    (lambda d: (d / "anh.jpg").write_text("Biên bản họp chi bộ") and d / "anh.jpg",
     "ảnh 'anh.jpg': tệp không phải là ảnh, hoặc đã hỏng", "mở thử tệp; chụp hoặc xuất lại ảnh JPEG", False),
    (lambda d: truncated_jpeg(d / "cat.jpg"),
     "ảnh 'cat.jpg': ảnh bị hỏng hoặc không đầy đủ", "tệp có thể bị cắt khi sao chép; chép lại ảnh gốc", False),
    (lambda d: (d / "bien-ban.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 64) and d / "bien-ban.docx",
     "tệp 'bien-ban.docx' không phải ảnh (jpg, png, webp)", "chỉ thêm tệp ảnh", True),
    (lambda d: make_photo(d / "dong.gif", (8, 8), (0, 0, 0)),
     "ảnh 'dong.gif': định dạng ảnh GIF chưa được hỗ trợ", "chuyển ảnh sang JPEG hoặc PNG", False),
])
def test_what_is_not_a_picture_is_refused_by_its_content_and_nothing_is_written(project_dir, tmp_path, make, message,
                                                                                 hint, usage):
    post = write_post(project_dir, "posts/2023/bai.md", FRONT)
    before = post.read_bytes()
    good = make_photo(tmp_path / "tot.jpg", (8, 8), (9, 9, 9))
    with pytest.raises(EditorError) as raised:
        add_photos(project_dir, post, [good, make(tmp_path)])  # the good one first: still nothing copied
    assert (raised.value.message, raised.value.hint, raised.value.usage) == (message, hint, usage)
    assert post.read_bytes() == before and not (project_dir / "images").exists()


def test_a_picture_is_named_for_what_it_is_not_for_its_extension(project_dir, tmp_path):
    post = write_post(project_dir, "posts/2023/bai.md", FRONT)
    png_named_jpg = make_photo(tmp_path / "a.png", (8, 8), (1, 1, 1)).rename(tmp_path / "chup.jpg")
    jpeg_named_txt = make_photo(tmp_path / "b.jpg", (8, 8), (1, 1, 1)).rename(tmp_path / "anh.txt")
    added = add_photos(project_dir, post, [png_named_jpg, jpeg_named_txt])
    assert [p.name for p in added] == ["chup.png", "anh.jpg"]
    with Image.open(added[0]) as a, Image.open(added[1]) as b:
        assert (a.format, b.format) == ("PNG", "JPEG")


def test_the_command_refuses_a_text_file_named_jpg_with_one_vietnamese_line(tmp_path):
    root = make_project(tmp_path / "p")
    write_post(root, "posts/2023/bai.md", FRONT)
    (tmp_path / "anh.jpg").write_text("không phải ảnh")
    result = run_bantin(root, "photos", "add", "posts/2023/bai.md", str(tmp_path / "anh.jpg"))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == ("LỖI: ảnh 'anh.jpg': tệp không phải là ảnh, hoặc đã hỏng\n"
                             "    → mở thử tệp; chụp hoặc xuất lại ảnh JPEG\n")
    assert not (root / "images").exists()


# -- photos add: captions an import left waiting -----------------------------------------------------------
IMPORTED = (FRONT + "\nauthor: Ngọc Sơn\n"
            "photos:  # TODO: chưa có tệp ảnh cho các chú thích\n"
            '  - src: ""\n    caption: Toàn cảnh Đại hội\n'
            '  - src: ""\n    caption: "Đồng chí Bí thư phát biểu: chỉ đạo"\n'
            "draft: true")


def test_photos_go_to_the_waiting_captions_in_order_then_as_new_entries(project_dir, registry, tmp_path):
    post = write_post(project_dir, "posts/2023/bai.md", IMPORTED)
    photos = [make_photo(tmp_path / f"{n}.jpg", (8, 8), (n, n, n)) for n in (1, 2, 3)]
    added = add_photos(project_dir, post, photos)
    assert added.filled == 2
    assert post.read_text(encoding="utf-8") == (
        "---\n" + FRONT + "\nauthor: Ngọc Sơn\nphotos:\n"
        "  - src: ../../images/2023/bai/1.jpg\n    caption: Toàn cảnh Đại hội\n"
        '  - src: ../../images/2023/bai/2.jpg\n    caption: "Đồng chí Bí thư phát biểu: chỉ đạo"\n'
        '  - src: ../../images/2023/bai/3.jpg\n    caption: ""\n'
        "draft: true\n---\n\nNội dung.\n")
    parsed, _ = read_post(post, project_dir, registry)
    assert [(p.src.rsplit("/", 1)[1], p.caption) for p in parsed.photos] == [
        ("1.jpg", "Toàn cảnh Đại hội"), ("2.jpg", "Đồng chí Bí thư phát biểu: chỉ đạo"), ("3.jpg", "")]


def test_fewer_photos_than_captions_fill_the_first_and_keep_the_todo(project_dir, tmp_path):
    post = write_post(project_dir, "posts/2023/bai.md", IMPORTED)
    added = add_photos(project_dir, post, [make_photo(tmp_path / "a.jpg")])
    text = post.read_text(encoding="utf-8")
    assert added.filled == 1 and "photos:  # TODO: chưa có tệp ảnh cho các chú thích\n" in text
    assert '  - src: ../../images/2023/bai/a.jpg\n    caption: Toàn cảnh Đại hội\n  - src: ""\n' in text
    add_photos(project_dir, post, [make_photo(tmp_path / "b.jpg")])  # the next run fills the next one
    text = post.read_text(encoding="utf-8")
    assert "photos:\n" in text and "TODO" not in text and 'src: ""' not in text


@pytest.mark.parametrize("entries, expected", [
    ("  - caption: Quang cảnh\n    alt: Hội trường\n",  # no src at all
     "  - src: ../../images/2023/bai/a.jpg\n    caption: Quang cảnh\n    alt: Hội trường\n"),
    ("  - caption: Quang cảnh\n    src:   # ảnh gốc ở phòng\n",  # src below the caption, a comment of the editor's
     "  - caption: Quang cảnh\n    src: ../../images/2023/bai/a.jpg  # ảnh gốc ở phòng\n"),
    ("  - src: ~\n    caption: Quang cảnh\n", "  - src: ../../images/2023/bai/a.jpg\n    caption: Quang cảnh\n"),
    ('  - ""\n', "  - ../../images/2023/bai/a.jpg\n"),
    ("  - src: anh-cu.jpg\n    caption: Ảnh cũ\n",  # a photo with its file is never touched: the new one follows
     '  - src: anh-cu.jpg\n    caption: Ảnh cũ\n  - src: ../../images/2023/bai/a.jpg\n    caption: ""\n'),
])
def test_every_way_of_writing_a_waiting_entry(project_dir, tmp_path, entries, expected):
    post = write_post(project_dir, "posts/2023/bai.md", FRONT + "\nphotos:\n" + entries.rstrip("\n"))
    add_photos(project_dir, post, [make_photo(tmp_path / "a.jpg")])
    assert post.read_text(encoding="utf-8") == "---\n" + FRONT + "\nphotos:\n" + expected + "---\n\nNội dung.\n"


def test_a_flow_style_list_is_refused_before_anything_is_copied(project_dir, tmp_path):
    post = write_post(project_dir, "posts/2023/bai.md", FRONT + '\nphotos:\n  - {src: "", caption: Quang cảnh}')
    before = post.read_bytes()
    with pytest.raises(EditorError) as raised:
        add_photos(project_dir, post, [make_photo(tmp_path / "a.jpg")])
    assert raised.value.message == "không ghi được ảnh vào mục thứ 1 của 'photos:' (dòng 7)"
    assert raised.value.hint.startswith("viết mỗi ảnh một dòng '- src: …'")
    assert post.read_bytes() == before and not (project_dir / "images").exists()


def test_a_post_with_windows_line_endings_keeps_them(project_dir, tmp_path):
    post = project_dir / "posts/2023/bai.md"
    post.parent.mkdir(parents=True)
    text = ("---\n" + IMPORTED + "\n---\n\nNội dung.\n").replace("\n", "\r\n")
    post.write_bytes(text.encode("utf-8"))
    add_photos(project_dir, post, [make_photo(tmp_path / "a.jpg")])
    written = post.read_bytes()
    assert b"\r\n" in written and written.count(b"\n") == written.count(b"\r\n")
    assert b"  - src: ../../images/2023/bai/a.jpg\r\n    caption: To" in written


def test_the_command_says_how_many_went_to_waiting_captions(tmp_path):
    root = make_project(tmp_path / "p")
    write_post(root, "posts/2023/bai.md", IMPORTED)
    photos = [str(make_photo(tmp_path / f"{n}.jpg")) for n in (1, 2, 3)]
    result = run_bantin(root, "photos", "add", "posts/2023/bai.md", *photos)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == ("Đã gắn 2 ảnh vào các chú thích có sẵn trong 'photos:' của bài và thêm "
                                              "1 ảnh mới; hãy viết chú thích (caption) cho từng ảnh mới.")


# -- photos clean -------------------------------------------------------------------------------------------
@contextlib.contextmanager
def unwritable(path: Path):
    """A file the user may not write: immutable (chattr +i) as root, read-only otherwise."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)],
                                                             capture_output=True).returncode != 0:
            pytest.skip("root ignores file modes and chattr +i is not available here")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o644)


def photo_project(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "p")
    folder = root / "images/2023/dai-hoi"
    folder.mkdir(parents=True)
    for name in ("toan-canh.jpg", "hoa.png", "bieu-quyet.webp"):
        camera_photo(folder / name)
    make_photo(folder / "scan.jpg", (8, 8), (1, 2, 3))  # nothing to remove
    (folder / "ghi-chu.txt").write_text("không phải ảnh")  # not a photo by its name: left alone
    return root


def test_clean_removes_gps_and_serials_from_every_original_losslessly_and_once(tmp_path):
    root = photo_project(tmp_path)
    before = files(root / "images")
    scan_mtime = (root / "images/2023/dai-hoi/scan.jpg").stat().st_mtime_ns
    result = run_bantin(root, "photos", "clean")
    assert (result.returncode, result.stderr) == (0, "")
    removed = ("tọa độ GPS (nơi chụp), số sê-ri máy ảnh, số sê-ri ống kính, tên chủ máy ảnh, dữ liệu riêng của hãng "
               "máy (MakerNote, có số sê-ri)")
    assert result.stdout.splitlines() == [
        f"Đã xoá {removed} khỏi 'images/2023/dai-hoi/bieu-quyet.webp'.",
        f"Đã xoá {removed} khỏi 'images/2023/dai-hoi/hoa.png'.",
        f"Đã xoá {removed} khỏi 'images/2023/dai-hoi/toan-canh.jpg'.",
        "Đã làm sạch 3 trong 4 ảnh; điểm ảnh và hướng xoay giữ nguyên."]
    after = files(root / "images")
    for name in ("toan-canh.jpg", "hoa.png", "bieu-quyet.webp"):
        (tmp_path / name).write_bytes(before[f"2023/dai-hoi/{name}"])
        assert_private_data_gone(root / "images/2023/dai-hoi" / name, tmp_path / name)
    assert after["2023/dai-hoi/scan.jpg"] == before["2023/dai-hoi/scan.jpg"]
    assert (root / "images/2023/dai-hoi/scan.jpg").stat().st_mtime_ns == scan_mtime  # not even rewritten
    assert after["2023/dai-hoi/ghi-chu.txt"] == before["2023/dai-hoi/ghi-chu.txt"]
    assert sorted(after) == sorted(before)  # no temporary file left

    again = run_bantin(root, "photos", "clean")
    assert (again.returncode, again.stdout) == (0, "Không ảnh nào cần làm sạch (4 ảnh đã kiểm tra).\n")
    assert files(root / "images") == after


def test_clean_takes_files_and_folders_and_refuses_what_it_cannot_clean(tmp_path):
    root = photo_project(tmp_path)
    one = run_bantin(root, "photos", "clean", "images/2023/dai-hoi/hoa.png")
    assert one.returncode == 0 and one.stdout.splitlines()[-1] == "Đã làm sạch 1 trong 1 ảnh; điểm ảnh và hướng xoay " \
                                                                  "giữ nguyên."
    folder = run_bantin(root, "photos", "clean", "images/2023/")
    assert folder.stdout.splitlines()[-1] == "Đã làm sạch 2 trong 4 ảnh; điểm ảnh và hướng xoay giữ nguyên."
    for args, message in [
        (("images/2023/khong-co.jpg",), "LỖI: không tìm thấy 'images/2023/khong-co.jpg'\n"
                                        "    → kiểm tra đường dẫn tệp hoặc thư mục ảnh\n"),
        (("images/2023/dai-hoi/ghi-chu.txt",), "LỖI: tệp 'ghi-chu.txt' không phải ảnh (jpg, png, webp)\n"
                                               "    → ghi tệp ảnh hoặc thư mục ảnh, ví dụ 'images/2024/'\n"),
        ((str(tmp_path),), f"LỖI: '{tmp_path}' nằm ngoài thư mục dự án '{root}'\n    → chỉ làm sạch ảnh gốc trong dự "
                           "án; ảnh mới thì 'bantin photos add' tự xoá GPS khi chép\n"),
    ]:
        result = run_bantin(root, "photos", "clean", *args)
        assert (result.returncode, result.stdout, result.stderr) == (2, "", message)


def test_a_photo_that_cannot_be_written_is_one_line_and_the_others_are_still_cleaned(tmp_path):
    root = photo_project(tmp_path)
    locked = root / "images/2023/dai-hoi/hoa.png"
    before = locked.read_bytes()
    with unwritable(locked):
        result = run_bantin(root, "photos", "clean")
        assert locked.read_bytes() == before
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert result.stdout.splitlines()[-1] == "Đã làm sạch 2 trong 4 ảnh; điểm ảnh và hướng xoay giữ nguyên."
    assert result.stderr.startswith("LỖI: không có quyền ghi 'images/2023/dai-hoi/hoa.png'; ảnh này giữ nguyên → "
                                    "cấp quyền ghi (chmod u+w 'images/2023/dai-hoi/hoa.png'; nếu bị khoá: chattr -i ")
    assert result.stderr.count("\n") == 1
    assert sorted(p.name for p in locked.parent.iterdir()) == ["bieu-quyet.webp", "ghi-chu.txt", "hoa.png", "scan.jpg",
                                                               "toan-canh.jpg"]


def test_a_damaged_original_is_reported_and_left_as_it_was(tmp_path):
    root = photo_project(tmp_path)
    cut = root / "images/2023/dai-hoi/cat.jpg"
    data = camera_photo(tmp_path / "x.jpg").read_bytes()
    cut.write_bytes(data[: len(data) - 30])  # its metadata whole, its picture cut
    (root / "images/2023/dai-hoi/van-ban.jpg").write_text("Biên bản")
    result = run_bantin(root, "photos", "clean")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "LỖI: ảnh 'images/2023/dai-hoi/cat.jpg': ảnh JPEG bị cắt hoặc hỏng; ảnh giữ nguyên → tệp có thể bị cắt khi "
        "sao chép; chép lại ảnh gốc.",
        "LỖI: ảnh 'images/2023/dai-hoi/van-ban.jpg': không phải ảnh JPEG, PNG hay WebP; ảnh giữ nguyên → tệp có thể "
        "bị cắt khi sao chép; chép lại ảnh gốc."]
    assert cut.read_bytes() == data[: len(data) - 30]
    assert result.stdout.splitlines()[-1] == "Đã làm sạch 3 trong 6 ảnh; điểm ảnh và hướng xoay giữ nguyên."


def test_a_file_replaced_half_way_stays_the_original(tmp_path, monkeypatch):
    import errno

    from bantin.tools import photos_clean

    photo = camera_photo(tmp_path / "a.jpg")
    before = photo.read_bytes()

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(photos_clean.os, "replace", full)
    with pytest.raises(OSError):
        photos_clean.clean_file(photo)
    assert photo.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["a.jpg"]


def test_check_names_the_command_and_is_quiet_once_it_ran(tmp_path):
    root = photo_project(tmp_path)
    write_post(root, "posts/2023/dai-hoi.md", FRONT + "\nsummary: Tóm tắt.\n"
               "cover: ../../images/2023/dai-hoi/toan-canh.jpg")
    checked = run_bantin(root, "check")
    assert checked.returncode == 0
    assert checked.stdout.splitlines()[:2] == [
        "CẢNH BÁO posts/2023/dai-hoi.md:7: [cover] ảnh gốc 'images/2023/dai-hoi/toan-canh.jpg' còn tọa độ GPS (nơi "
        "chụp), số sê-ri máy ảnh, số sê-ri ống kính, tên chủ máy ảnh, dữ liệu riêng của hãng máy (MakerNote, có số "
        "sê-ri)",
        "    → ảnh đăng lên trang không còn các thông tin này, nhưng kho images/ là công khai: chạy 'bantin photos "
        "clean images/2023/dai-hoi/toan-canh.jpg' (cả thư mục ảnh: 'bantin photos clean'); ảnh không bị nén lại"]
    assert run_bantin(root, "photos", "clean", "images/2023/dai-hoi/toan-canh.jpg").returncode == 0
    assert run_bantin(root, "check").stdout == "Không có lỗi: 1 bài viết, 4 cơ quan, 2 loại tin.\n"


def test_xmp_gps_alone_is_found_by_check_and_cleaned(tmp_path):
    root = make_project(tmp_path / "p")
    (root / "images").mkdir()
    photo = make_photo(root / "images/a.jpg", (8, 8), (1, 1, 1), xmp=xmp_packet('exif:GPSLatitude="20,32N"'))
    write_post(root, "posts/a.md", FRONT + "\ncover: ../images/a.jpg")
    assert "ảnh gốc 'images/a.jpg' còn tọa độ GPS (nơi chụp)\n" in run_bantin(root, "check").stdout
    assert run_bantin(root, "photos", "clean").stdout.startswith("Đã xoá tọa độ GPS (nơi chụp) khỏi 'images/a.jpg'.")
    assert b"GPSLatitude" not in photo.read_bytes()
    with Image.open(io.BytesIO(photo.read_bytes())) as im:
        assert "xmp" in im.info


def test_a_smaller_copy_of_a_photo_over_the_pixel_limit_loses_serials_too(project_dir, tmp_path, monkeypatch):
    from bantin.site.photos.renditions import Settings
    from bantin.tools import photos_add

    monkeypatch.setattr(photos_add, "LIMITS", Settings(max_pixels=1_000))  # 48×32 = 1,536 pixels: over
    post = write_post(project_dir, "posts/2023/bai.md", FRONT)
    source = camera_photo(tmp_path / "IMG_0412.JPG")
    original = source.read_bytes()
    added = photos_add.add_photos(project_dir, post, [source], resize=True)
    copy = added[0]
    assert added.resized[copy] == (18, 27)  # half the limit, upright: turned a quarter by its orientation
    with Image.open(copy) as im:
        exif = im.getexif()
        assert 0x0112 not in exif and exif[0x010F] == "Canon"
        assert dict(exif.get_ifd(0x8825)) == {} and not PRIVATE_TAGS & set(exif.get_ifd(0x8769))
    assert source.read_bytes() == original
