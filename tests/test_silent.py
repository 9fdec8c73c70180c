"""Nothing an editor writes is dropped or mislabelled without a word (issue 14, class 5): one
rule per case, the same in every field, said in the message."""

from __future__ import annotations

import pytest

from bantin.model.posts import ignored_file, parse_post, scan_posts
from factories import make_photo, write_post
from sitebuild import FIXTURES_DIR, copy_sample, run_bantin

HEAD = "title: Hội nghị\ndate: 2020-01-16\nagency: so-cong-thuong\nkind: dai-hoi-chi-bo\n"


def parse(front: str, registry, root=FIXTURES_DIR):
    return parse_post(f"---\n{front}---\n\nNội dung.\n", "posts/a.md", registry, root)


def messages(errors):
    return [e.format() for e in errors]


# -- files in posts/ ---------------------------------------------------------------------------
def test_markdown_in_any_case_and_spelling_is_a_post_and_other_files_are_named(tmp_path):
    posts = tmp_path / "posts"
    names = ["a.md", "B.MD", "c.Markdown", "d.mkd", "e.txt", "f.docx", "g.html", "h.jpg", "i.pdf",
             ".DS_Store", "Thumbs.db", "~$f.docx", "a.md~", ".a.md.swp", "_nhap.md", "README.md", "x.tmp"]
    for name in names:
        (posts / "2023").mkdir(parents=True, exist_ok=True)
        (posts / "2023" / name).write_text("x", encoding="utf-8")
    found, others = scan_posts(posts)
    assert [p.name for p in found] == ["B.MD", "a.md", "c.Markdown", "d.mkd"]
    assert [p.name for p in others] == ["e.txt", "f.docx", "g.html", "h.jpg", "i.pdf"]
    assert [e.format() for e in (ignored_file(p, tmp_path) for p in others)] == [
        "posts/2023/e.txt: tệp 'e.txt' không phải bài viết Markdown (.md) nên không được đăng\n"
        "    → bài cũ dạng văn bản hay trang web: chuyển bằng 'bantin import'",
        "posts/2023/f.docx: tệp 'f.docx' không phải bài viết Markdown (.md) nên không được đăng\n"
        "    → tài liệu Word: chép nội dung vào một bài .md (bantin new tạo sẵn)",
        "posts/2023/g.html: tệp 'g.html' không phải bài viết Markdown (.md) nên không được đăng\n"
        "    → bài cũ dạng văn bản hay trang web: chuyển bằng 'bantin import'",
        "posts/2023/h.jpg: tệp 'h.jpg' không phải bài viết Markdown (.md) nên không được đăng\n"
        "    → ảnh để trong thư mục images/ rồi khai báo trong bài",
        "posts/2023/i.pdf: tệp 'i.pdf' không phải bài viết Markdown (.md) nên không được đăng\n"
        "    → nếu đây là bài viết, đổi đuôi tệp thành .md; nếu không, chuyển tệp ra khỏi thư mục bài viết",
    ]


def test_a_post_saved_as_MD_is_published_and_a_txt_is_a_warning(tmp_path):
    root = copy_sample(tmp_path / "p")
    front = "title: Bài viết hoa\ndate: 2023-03-01\nagency: so-tai-chinh\nkind: dai-hoi-chi-bo"
    write_post(root, "posts/2023/BAI-VIET-HOA.MD", front)
    write_post(root, "posts/2023/bai-van-ban.txt", front.replace("hoa", "thường"))
    result = run_bantin(root, "build")
    assert result.returncode == 0, result.stderr
    assert (root / "site/tin/2023/03/bai-viet-hoa/index.html").is_file()
    assert ("posts/2023/bai-van-ban.txt: tệp 'bai-van-ban.txt' không phải bài viết Markdown (.md) nên không được "
            "đăng") in result.stderr
    assert run_bantin(root, "build", "--strict").returncode == 1  # a warning fails a strict build


# -- values of the wrong shape -----------------------------------------------------------------
@pytest.mark.parametrize("field, value, kind", [
    ("caption", "[một, hai]", "danh sách"),
    ("caption", "{a: b}", "nhóm trường"),
    ("alt", "\n      - một\n      - hai", "danh sách"),
    ("alt", "true", "true/false"),
])
def test_caption_or_alt_of_the_wrong_shape_is_named_not_dropped(tmp_path, registry, field, value, kind):
    (tmp_path / "images").mkdir()
    make_photo(tmp_path / "images/a.jpg")
    post, errors = parse(HEAD + f"photos:\n  - src: ../images/a.jpg\n    {field}: {value}\n", registry, tmp_path)
    assert post is None
    assert messages(errors) == [f"posts/a.md:8: [photos[0].{field}] 'photos[0].{field}' phải là một dòng chữ, "
                                f"không phải {kind}\n    → viết giá trị trên cùng dòng, sau dấu ':'"]


def test_a_caption_too_long_is_said(tmp_path, registry):
    (tmp_path / "images").mkdir()
    make_photo(tmp_path / "images/a.jpg")
    _, errors = parse(HEAD + "photos:\n  - src: ../images/a.jpg\n    caption: " + "chữ " * 200 + "\n",
                      registry, tmp_path)
    assert messages(errors)[0].startswith("posts/a.md:8: [photos[0].caption] 'photos[0].caption' dài 799 ký tự, "
                                          "quá giới hạn 600")


# -- characters that look like spaces ----------------------------------------------------------
@pytest.mark.parametrize("front, line, field, char, name, where", [
    (HEAD + "tags:\n\u00a0\u00a0- một\n", 7, None, "00A0", "khoảng trắng không ngắt", "ở đầu dòng (thụt lề)"),
    (HEAD + "tags:\n  -\u00a0một\n", 7, None, "00A0", "khoảng trắng không ngắt", "ở đầu dòng (thụt lề)"),
    (HEAD.replace("title:", "ti\u200btle:"), 2, "title", "200B", "khoảng trắng độ rộng 0", "trong tên trường"),
    (HEAD.replace("kind:", "kind\u00a0:"), 5, "kind", "00A0", "khoảng trắng không ngắt", "trong tên trường"),
    (HEAD.replace("agency: ", "agency:\u00a0"), 4, "agency", "00A0", "khoảng trắng không ngắt", "ngay sau dấu ':'"),
    (HEAD + "\u3000units: [van-phong]\n", 6, "units", "3000", "khoảng trắng rộng", "ở đầu dòng (thụt lề)"),
])
def test_a_look_alike_space_is_named(registry, front, line, field, char, name, where):
    post, errors = parse(front, registry)
    assert post is None
    label = f" [{field}]" if field else ""
    assert messages(errors) == [
        f"posts/a.md:{line}:{label} dòng có ký tự U+{char} ({name}) {where}: trông như dấu cách nhưng YAML không "
        "đọc là dấu cách (thường có khi chép từ Word hay trang web)\n"
        "    → xoá các khoảng trắng ở chỗ đó rồi gõ lại bằng phím cách"]


def test_a_look_alike_space_inside_a_value_is_text(registry):
    post, errors = parse(HEAD.replace("title: Hội nghị", "title: Hội\u00a0nghị 6\u00a0tháng"), registry)
    assert errors == [] and post.title == "Hội nghị 6 tháng"


# -- lists written on one line -----------------------------------------------------------------
def test_units_as_one_comma_separated_line_name_the_right_item(registry):
    _, errors = parse(HEAD + "units: van-phong, quan-ly-thuong-mai, phong-khong-co\n", registry)
    assert messages(errors) == [
        "posts/a.md:6: [units[2]] đơn vị 'phong-khong-co' không thuộc 'Sở Công Thương'\n"
        "    → các đơn vị của Sở Công Thương: van-phong, quan-ly-thuong-mai"]
    post, errors = parse(HEAD + "units: van-phong, quan-ly-thuong-mai\n", registry)
    assert errors == [] and post.units == ("van-phong", "quan-ly-thuong-mai")


def test_tags_as_one_line_too(registry):
    post, errors = parse(HEAD + "tags: đại hội điểm, công tác cán bộ\n", registry)
    assert errors == [] and post.tags == ("đại hội điểm", "công tác cán bộ")


# -- Word's curly quotes -----------------------------------------------------------------------
@pytest.mark.parametrize("field, written, value", [
    ("agency", "“so-cong-thuong”", "so-cong-thuong"),
    ("kind", "‘dai-hoi-chi-bo’", "dai-hoi-chi-bo"),
    ("date", "“2020-01-16”", "2020-01-16"),
    ("title", "“Hội nghị”", "Hội nghị"),
])
def test_curly_quotes_around_a_value_are_removed_the_same_way_in_every_field(registry, field, written, value):
    front = "".join(f"{field}: {written}\n" if line.startswith(f"{field}:") else line + "\n"
                    for line in HEAD.splitlines())
    post, errors = parse(front, registry)
    assert post is not None
    line = 1 + next(i for i, text in enumerate(HEAD.splitlines(), 1) if text.startswith(field + ":"))
    assert messages(errors) == [
        f"posts/a.md:{line}: [{field}] giá trị {written} nằm trong dấu nháy cong (Word tự đổi dấu nháy gõ vào); "
        "YAML không coi đó là dấu nháy, nên bantin bỏ hai dấu này\n"
        f"    → xoá hai dấu nháy; nếu muốn giữ chúng trong nội dung, đặt cả giá trị trong dấu nháy thẳng: '{written}'"]
    assert all(e.warning for e in errors)


def test_curly_quotes_inside_straight_quotes_are_kept(registry):
    post, errors = parse(HEAD.replace("title: Hội nghị", "title: '“Chung sức đồng lòng”'"), registry)
    assert errors == [] and post.title == "“Chung sức đồng lòng”"
    post, errors = parse(HEAD.replace("title: Hội nghị", "title: Hội nghị “Dân vận khéo”"), registry)
    assert errors == [] and post.title == "Hội nghị “Dân vận khéo”"


def test_a_full_width_colon_after_a_field_name_is_named_at_its_line(registry):
    post, errors = parse(HEAD.replace("agency: ", "agency： "), registry)
    assert post is None and messages(errors) == [
        "posts/a.md:4: [agency] dòng dùng dấu hai chấm toàn khổ '：' (U+FF1A) sau tên trường, YAML chỉ nhận dấu ':' "
        "thường\n    → gõ lại dấu ':' bằng bàn phím (tắt bộ gõ Trung/Nhật)"]
    post, errors = parse(HEAD.replace("title: Hội nghị", "title: Hội nghị：tổng kết"), registry)
    assert errors == [] and post.title == "Hội nghị：tổng kết"  # inside a value it is text


@pytest.mark.parametrize("char, name", [("\u2028", "ngắt dòng của Word"), ("\u2029", "ngắt đoạn của Word"),
                                        ("\u0085", "xuống dòng kiểu cũ")])
def test_a_line_break_the_editor_does_not_show_is_named_at_its_line(registry, char, name):
    post, errors = parse(HEAD + f"summary: Dòng một{char}dòng hai\n", registry)
    assert post is None and messages(errors) == [
        f"posts/a.md:6: [summary] dòng có ký tự U+{ord(char):04X} ({name}): YAML coi nó là chỗ xuống dòng, nhưng "
        "trình soạn thảo không hiện ra\n    → xoá ký tự này: đặt con trỏ ở chỗ dòng bị ngắt rồi xoá, hoặc gõ lại "
        "dòng này"]
