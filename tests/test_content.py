import datetime as dt
from pathlib import Path

import pytest

from bantin.model.dates import TZ
from bantin.model.posts import find_post_files, parse_post, read_post
from bantin.model.terms import Term
from factories import write_post
from sitebuild import FIXTURES_DIR

HEAD = "---\ntitle: A\ndate: 2020-01-01\nagency: so-cong-thuong\nkind: dai-hoi-chi-bo\n---\n\n"


def read_fixture(name, registry):
    return read_post(FIXTURES_DIR / "posts" / name, FIXTURES_DIR, registry)


def messages(errors):
    return [e.format() for e in errors]


def test_valid_post_is_normalised(registry):
    post, errors = read_fixture("valid_post.md", registry)
    assert errors == []
    assert post.title == "Đại hội Chi bộ Văn phòng lần thứ nhất, nhiệm kỳ 2020 - 2022"
    assert post.date == dt.datetime(2020, 1, 16, 8, 30, tzinfo=TZ)
    assert (post.agency, post.units, post.kind) == ("so-cong-thuong", ("van-phong", "quan-ly-thuong-mai"),
                                                    "dai-hoi-chi-bo")
    assert post.terms == (Term(2020, 2022),)
    assert post.tags == ("đại hội điểm", "công tác cán bộ")
    assert post.slug == "dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022"
    assert post.url == "tin/2020/01/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022/"
    assert post.summary == "Sáng ngày 16/01/2020, Chi bộ Văn phòng long trọng tổ chức Đại hội lần thứ nhất."


def test_five_mistakes_give_five_messages(registry):
    post, errors = read_fixture("five_mistakes.md", registry)
    assert post is None
    assert messages(errors) == [
        "posts/five_mistakes.md:3: [date] ngày '2020-02-30' không hợp lệ: ngày không có thật trên lịch\n"
        "    → ví dụ đúng: 2020-01-16 hoặc 2020-01-16 08:30",
        "posts/five_mistakes.md:4: [agency] cơ quan 'so-cong-thuog' không có trong danh mục\n"
        "    → có phải ý bạn là 'so-cong-thuong' (Sở Công Thương)?",
        "posts/five_mistakes.md:5: [term] nhiệm kỳ '20117-2020' không hợp lệ: năm '20117' không hợp lệ; "
        "năm phải có 4 chữ số, từ 1930 đến 2100\n    → viết dạng YYYY-YYYY, ví dụ 2020-2025",
        "posts/five_mistakes.md:7: [tittle] trường 'tittle' không được hỗ trợ\n    → có phải ý bạn là 'title'?",
        "posts/five_mistakes.md:8: [draft] 'draft' phải là true hoặc false, không phải 'có'\n"
        "    → viết 'draft: true' cho bài nháp, hoặc xoá dòng này",
    ]


def test_bom_crlf_and_names_instead_of_keys(registry):
    post, errors = read_fixture("crlf_with_bom.md", registry)
    assert errors == [] and post.agency == "so-cong-thuong" and post.kind == "hoi-nghi-so-ket"
    assert post.date == dt.datetime(2021, 7, 16, tzinfo=TZ)


def test_missing_required_fields(registry):
    _, errors = parse_post("---\ntitle: A\n---\n", "posts/a.md", registry, FIXTURES_DIR)
    assert messages(errors) == [
        "posts/a.md:1: [date] thiếu trường bắt buộc 'date'\n    → thêm dòng 'date: 2020-01-16' vào phần khai báo",
        "posts/a.md:1: [agency] thiếu trường bắt buộc 'agency'\n"
        "    → thêm dòng 'agency: so-cong-thuong' vào phần khai báo",
        "posts/a.md:1: [kind] thiếu trường bắt buộc 'kind'\n"
        "    → thêm dòng 'kind: dai-hoi-chi-bo' vào phần khai báo",
    ]


@pytest.mark.parametrize("agency, units, kind, expected", [
    pytest.param("SCT", "[van-phog]", "dai-hoi-chi-b", [
        "posts/a.md:5: [units[0]] đơn vị 'van-phog' không thuộc 'Sở Công Thương'\n"
        "    → có phải ý bạn là 'van-phong' (Chi bộ Văn phòng)?",
        "posts/a.md:6: [kind] loại tin 'dai-hoi-chi-b' không có trong danh mục\n"
        "    → có phải ý bạn là 'dai-hoi-chi-bo' (Đại hội Chi bộ)?",
    ], id="unknown_unit_and_kind_get_suggestions"),
    pytest.param("dang-bo-khoi", "van-phong", "dai-hoi-chi-bo", [
        "posts/a.md:5: [units] đơn vị 'van-phong' không thuộc 'Đảng bộ Khối'\n"
        "    → các đơn vị của Đảng bộ Khối: (chưa có)",
    ], id="unit_of_another_agency_lists_the_right_ones"),
])
def test_units_and_kinds_not_in_the_registry(registry, agency, units, kind, expected):
    """A unit or kind the registry does not know: the nearest one suggested, or the agency's own units listed."""
    text = f"---\ntitle: A\ndate: 2020-01-01\nagency: {agency}\nunits: {units}\nkind: {kind}\n---\n"
    _, errors = parse_post(text, "posts/a.md", registry, FIXTURES_DIR)
    assert messages(errors) == expected


@pytest.mark.parametrize("units, expected", [
    ("[so-cong-thuong/van-phong]", ("van-phong",)),
    ("[SCT/quan-ly-thuong-mai, so-cong-thuong/van-phong]", ("quan-ly-thuong-mai", "van-phong")),
    ("[so-cong-thuong/van-phong, van-phong]", ("van-phong",)),  # the same unit written twice ways: once
    ("\n  - so-cong-thuong/van-phong\n  - \"Sở Công Thương/Chi bộ Phòng Quản lý Thương mại\"",
     ("van-phong", "quan-ly-thuong-mai")),  # as the web editor writes a list
])
def test_units_qualified_with_the_posts_agency_as_the_web_editor_writes_them(registry, units, expected):
    text = f"---\ntitle: A\ndate: 2020-01-01\nagency: so-cong-thuong\nunits: {units}\nkind: dai-hoi-chi-bo\n---\n"
    post, errors = parse_post(text, "posts/a.md", registry, FIXTURES_DIR)
    assert errors == [] and post.units == expected


def test_a_qualified_unit_of_another_agency_is_refused_naming_both(registry):
    """The editor changed the agency after choosing a unit: the post would be listed under a unit
    the agency does not have. Refused with both agencies named and the two ways out."""
    text = ("---\ntitle: A\ndate: 2020-01-01\nagency: dang-bo-khoi\n"
            "units: [so-cong-thuong/van-phong, so-cong-thuong/khong-co]\nkind: dai-hoi-chi-bo\n---\n")
    post, errors = parse_post(text, "posts/a.md", registry, FIXTURES_DIR)
    assert post is None
    assert messages(errors) == [
        "posts/a.md:5: [units[0]] đơn vị 'so-cong-thuong/van-phong' (Chi bộ Văn phòng) thuộc 'Sở Công Thương', "
        "không thuộc 'Đảng bộ Khối' (cơ quan của bài)\n"
        "    → bỏ đơn vị này; nếu bài là tin của Sở Công Thương, đổi 'agency' thành 'so-cong-thuong'",
        "posts/a.md:5: [units[1]] đơn vị 'so-cong-thuong/khong-co' không thuộc 'Đảng bộ Khối'\n"
        "    → các đơn vị của Đảng bộ Khối: (chưa có)",
    ]


def test_wrong_types(registry):
    text = ("---\ntitle: [a, b]\ndate: 2020-01-01\nagency: SCT\nkind: dai-hoi-chi-bo\n"
            "tags: {a: b}\nslug: Đại hội\n---\n")
    _, errors = parse_post(text, "posts/a.md", registry, FIXTURES_DIR)
    assert messages(errors) == [
        "posts/a.md:2: [title] 'title' phải là một dòng chữ, không phải danh sách\n"
        "    → viết giá trị trên cùng dòng, sau dấu ':'",
        "posts/a.md:6: [tags] 'tags' phải là danh sách, ví dụ [a, b]\n"
        "    → viết 'tags: [mục 1, mục 2]' hoặc mỗi mục một dòng bắt đầu bằng '- '",
        "posts/a.md:7: [slug] slug 'Đại hội' không hợp lệ: chỉ gồm chữ thường không dấu, số và dấu '-'\n"
        "    → dùng 'dai-hoi'",
    ]


def test_photo_paths_must_stay_in_the_project_and_exist(registry):
    _, errors = read_fixture("photo_outside_repo.md", registry)
    assert messages(errors) == [
        "posts/photo_outside_repo.md:6: [cover] đường dẫn ảnh '../../../../etc/passwd.jpg' trỏ ra ngoài thư mục "
        "dự án\n    → đặt ảnh trong thư mục images/ và ghi đường dẫn tương đối",
        "posts/photo_outside_repo.md:8: [photos[0].src] không tìm thấy ảnh '../missing/anh.jpg' (tức missing/anh.jpg)"
        "\n    → kiểm tra tên tệp và thư mục, chữ hoa/thường phải khớp",
        "posts/photo_outside_repo.md:10: [photos[1].src] đường dẫn ảnh '/etc/hosts' phải là đường dẫn tương đối "
        "tới tệp trong dự án\n    → ví dụ: ../../images/2020/ten-bai/anh-1.jpg",
    ]


def test_photos_resolve_relative_to_the_post(registry, project_dir: Path):
    (project_dir / "images" / "2020").mkdir(parents=True)
    (project_dir / "images" / "2020" / "hoa.jpg").write_bytes(b"\xff\xd8")
    path = write_post(project_dir, "posts/2020/a.md",
                      "title: A\ndate: 2020-01-01\nagency: SCT\nkind: dai-hoi-chi-bo\n"
                      "cover: ../../images/2020/hoa.jpg\nphotos:\n  - src: ../../images/2020/hoa.jpg\n"
                      "    caption: Tặng hoa")
    post, errors = read_post(path, project_dir, registry)
    assert errors == []
    assert post.cover.src == "images/2020/hoa.jpg" and post.photos[0].alt_text == "Tặng hoa"


def test_not_utf8(registry, project_dir: Path):
    path = project_dir / "posts" / "cp1258.md"
    path.write_bytes("---\ntitle: Đại hội\n---\n".encode().replace("ạ".encode(), b"\xe1\xf2"))  # cp1258
    _, errors = read_post(path, project_dir, registry)
    assert messages(errors) == ["posts/cp1258.md:2: tệp không phải UTF-8\n    → mở tệp và lưu lại với bảng mã UTF-8"]
    path = project_dir / "posts" / "utf16.md"
    path.write_bytes("---\ntitle: Đại hội\n---\n".encode("utf-16"))
    _, errors = read_post(path, project_dir, registry)
    assert messages(errors) == ["posts/utf16.md:1: tệp lưu bằng bảng mã UTF-16, không phải UTF-8\n"
                                "    → mở tệp và lưu lại với bảng mã UTF-8"]


def test_find_post_files_any_depth_skips_hidden(project_dir: Path):
    for rel in ("posts/a.md", "posts/2020/01/b.md", "posts/.git/c.md", "posts/_nhap/d.md", "posts/README.md",
                "posts/e.txt"):
        (project_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        (project_dir / rel).write_text("x")
    found = [p.relative_to(project_dir).as_posix() for p in find_post_files(project_dir / "posts")]
    assert found == ["posts/2020/01/b.md", "posts/a.md"]


def test_every_fixture_yields_a_post_or_errors_never_both(registry):
    for path in sorted((FIXTURES_DIR / "posts").glob("*.md")):
        post, errors = read_post(path, FIXTURES_DIR, registry)
        assert (post is None) == bool(errors), path.name


def test_body_image_without_alt_is_a_warning_and_the_post_stays_valid(registry, project_dir: Path):
    (project_dir / "images").mkdir()
    (project_dir / "images" / "a.jpg").write_bytes(b"\xff\xd8")
    path = write_post(project_dir, "posts/a.md", "title: A\ndate: 2020-01-01\nagency: SCT\nkind: dai-hoi-chi-bo",
                      body="Đoạn một.\n\n![](../images/a.jpg)\n")
    post, problems = read_post(path, project_dir, registry)
    assert post is not None and post.body_images[0].src == "images/a.jpg"
    assert [(p.warning, p.format()) for p in problems] == [(True,
        "posts/a.md:10: [nội dung] ảnh '../images/a.jpg' trong bài chưa có mô tả (alt)\n"
        "    → viết mô tả giữa hai dấu ngoặc vuông: ![Quang cảnh hội nghị](…)")]


def test_limits_and_control_characters(registry, project_dir: Path):
    base = "title: A\ndate: 2020-01-01\nagency: SCT\nkind: dai-hoi-chi-bo"
    many = write_post(project_dir, "posts/many-tags.md", base + "\ntags: [" + ", ".join(f"t{i}" for i in range(5000)) + "]")
    assert messages(read_post(many, project_dir, registry)[1]) == [
        "posts/many-tags.md:6: [tags] bài có 5000 từ khóa, quá 30\n    → giữ lại vài từ khóa chính"]
    bell = write_post(project_dir, "posts/bell.md", base.replace("title: A", 'title: "Đại hội\\x07"'))
    assert messages(read_post(bell, project_dir, registry)[1]) == [
        "posts/bell.md:2: [title] 'title' có ký tự điều khiển không in được (mã 0x07)\n"
        "    → gõ lại dòng này, hoặc dán dưới dạng văn bản thuần"]
    huge = write_post(project_dir, "posts/huge.md", base, body="a" * 10_000_000)
    assert messages(read_post(huge, project_dir, registry)[1]) == [
        "posts/huge.md: tệp dài 10,0 MB, quá 2 MB\n"
        "    → bài viết chỉ chứa chữ; ảnh để trong images/, tài liệu dài đưa lên nơi khác"]
    long_title = write_post(project_dir, "posts/long.md", base.replace("title: A", "title: " + "Đ" * 2000))
    assert messages(read_post(long_title, project_dir, registry)[1]) == [
        "posts/long.md:2: [title] 'title' dài 2000 ký tự, quá giới hạn 300\n    → rút gọn lại"]
    invisible = write_post(project_dir, "posts/zw.md", base + "\nslug: dai\u200b-hoi")
    post, problems = read_post(invisible, project_dir, registry)
    assert post.slug == "dai-hoi"  # zero-width characters never reach a URL, and the editor is told
    assert messages(problems) == [
        "posts/zw.md:6: [slug] slug 'dai<U+200B>-hoi' có ký tự vô hình U+200B (zero width space); "
        "địa chỉ bỏ ký tự này: 'dai-hoi'\n    → gõ lại dòng slug để xoá ký tự vô hình khỏi tệp"]


@pytest.mark.parametrize("text, field", [
    ('photos:\n  - "\\0"', "photos[0]"),             # found by scripts/fuzz.py: ValueError (embedded null byte)
    ('cover: "a\\tb.jpg"', "cover"),
])
def test_control_characters_in_a_photo_path_are_an_error_not_a_crash(registry, text, field):
    base = "---\ntitle: A\ndate: 2020-01-01\nagency: SCT\nkind: dai-hoi-chi-bo\n"
    _, errors = parse_post(base + text + "\n---\n\n![x](a%00.jpg)\n", "posts/a.md", registry, FIXTURES_DIR)
    assert [(e.field, e.message.split("'")[0]) for e in errors] == [
        (field, "đường dẫn ảnh "), ("nội dung", "đường dẫn ảnh ")]
    assert all(e.message.endswith("có ký tự điều khiển") for e in errors)


def test_a_paragraph_too_long_to_build_is_refused_fast_and_paragraphs_pass(registry, monkeypatch):
    import bantin.model.validator

    rendered = []
    real = bantin.model.validator.render_body
    monkeypatch.setattr(bantin.model.validator, "render_body", lambda body: rendered.append(len(body)) or real(body))
    head = "---\ntitle: A\ndate: 2020-01-01\nagency: so-cong-thuong\nkind: dai-hoi-chi-bo\n---\n\nMở đầu.\n\n"
    sentence = "Đại hội *Chi bộ* [Văn phòng](#a) thảo luận `văn kiện` và **biểu quyết** thông qua nghị quyết. "
    one = sentence * (1_900_000 // len(sentence.encode("utf-8")))
    post, errors = parse_post(head + one + "\n", "posts/a.md", registry, FIXTURES_DIR)
    assert rendered == []  # never given to Markdown, which takes minutes on it (quadratic in a paragraph)
    assert post is None and messages(errors) == [
        f"posts/a.md:10: [nội dung] đoạn văn bắt đầu ở dòng 10 dài {len(one) + 1:,} ký tự".replace(",", ".")
        + ", quá giới hạn 50.000\n    → ngắt thành nhiều đoạn: để một dòng trống giữa các đoạn"]
    paragraphs = "\n\n".join(sentence * 40 for _ in range(len(one) // (len(sentence) * 40)))
    post, errors = parse_post(head + paragraphs + "\n", "posts/a.md", registry, FIXTURES_DIR)
    assert errors == [] and post is not None
    table = "| a | b |\n|---|---|\n" + "| ô một | ô hai có nhiều chữ hơn |\n" * 3000  # rows are not one paragraph
    assert parse_post(head + table, "posts/a.md", registry, FIXTURES_DIR)[1] == []


def test_fenced_code_is_no_paragraph_for_the_body_limits():
    from bantin.model.body import body_limits

    code = "x = 1 " * 10_000  # 60.000 characters on one line
    for fence in ("```", "~~~"):
        assert body_limits(f"Mở đầu.\n\n{fence}py\n{code}\n{fence}\n\nKết.\n", 8, "posts/a.md") == []
    assert [e.line for e in body_limits(f"Mở đầu.\n\n{code}\n", 8, "posts/a.md")] == [10]


_HINTS = {"[": "đóng các dấu ngoặc vuông, hoặc viết \\[ để giữ dấu '[' như chữ",
          "<": "đóng các dấu ngoặc nhọn, hoặc viết &lt; cho dấu '<' trong chữ, hoặc đóng thẻ HTML bằng '>'"}


@pytest.mark.parametrize("body, line, opener, count", [
    ("[" * 5000 + "x", 8, "[", "5.000"),
    ("Mở đầu.\n\n" + ("[" * 20 + "chữ " * 200 + "\n") * 50, 10, "[", "1.000"),  # one paragraph, many lines
    ("![" * 3000 + "x", 8, "[", "3.000"),
    ("<a " * 16000, 8, "<", "16.000"),  # 48 KB: Markdown's HTML parsing took minutes (review)
    ("<" * 40000, 8, "<", "40.000"),
    ("Mở đầu " + "x < y và " * 3000, 8, "<", "3.000"),
])
def test_openers_left_open_are_bounded_before_markdown_sees_them(registry, monkeypatch, body, line, opener, count):
    import bantin.model.validator

    monkeypatch.setattr(bantin.model.validator, "render_body", lambda body: pytest.fail("rendered"))
    post, errors = parse_post(HEAD + body + "\n", "posts/a.md", registry, FIXTURES_DIR)
    closer = {"[": "]", "<": ">"}[opener]
    assert post is None and messages(errors) == [
        f"posts/a.md:{line}: [nội dung] đoạn văn bắt đầu ở dòng {line} có {count} dấu '{opener}' không được đóng "
        f"bằng '{closer}': tạo trang sẽ rất chậm\n    → {_HINTS[opener]}"]


@pytest.mark.parametrize("body", [
    "[a](#b) " * 4000,  # many links, all closed
    "\\[" * 5000,  # escaped: text
    ("[1] " + "chữ " * 300 + "\n\n") * 300,  # footnote-like markers, closed
    ("Ghi chú [" + "chữ " * 300 + "\n\n") * 100,  # one open '[' a paragraph: cheap
])
def test_ordinary_brackets_pass(registry, body):
    assert parse_post(HEAD + body + "\n", "posts/a.md", registry, FIXTURES_DIR)[1] == []


@pytest.mark.parametrize("body, line, depth", [
    ("> " * 2000 + "x", 8, "2.000"),
    ("Mở đầu.\n\n" + "- " * 600 + "x", 10, "600"),
    ("".join("    " * i + "* mục\n" for i in range(60)), 67, "60"),
    ("1. " * 100 + "x", 8, "100"),
])
def test_nesting_no_page_needs_is_an_error_not_a_recursion(registry, body, line, depth):
    post, errors = parse_post(HEAD + body + "\n", "posts/a.md", registry, FIXTURES_DIR)
    assert post is None and messages(errors) == [
        f"posts/a.md:{line}: [nội dung] dòng {line} lồng {depth} tầng (trích dẫn '>', danh sách, thụt lề), quá giới "
        "hạn 40\n    → bỏ bớt các dấu '>' hoặc '-' ở đầu dòng, hoặc thụt lề ít hơn"]


def test_html_nested_past_markdowns_recursion_is_an_error(registry):
    head = "---\ntitle: A\ndate: 2020-01-01\nagency: so-cong-thuong\nkind: dai-hoi-chi-bo\n---\n"
    body = "<div markdown=\"1\">\n\n" * 800 + "x" + "\n\n</div>" * 800
    post, errors = parse_post(head + body + "\n", "posts/a.md", registry, FIXTURES_DIR)
    assert post is None and messages(errors) == [
        "posts/a.md:7: [nội dung] nội dung lồng nhau quá sâu (thẻ HTML trong thẻ HTML, danh sách trong danh sách…)\n"
        "    → bỏ bớt các tầng lồng nhau"]


def test_ordinary_quotes_lists_and_rules_pass(registry):
    body = "> > > trích dẫn lồng\n\n- a\n    - b\n        - c\n\n* * * * *\n\n1. một\n2. hai\n\n" + "> " * 40 + "x\n"
    assert parse_post(HEAD + body, "posts/a.md", registry, FIXTURES_DIR)[1] == []


def test_ordinary_angle_brackets_pass(registry):
    body = ("Chỉ tiêu đạt 5 < 6 và 7 > 3; <b>đậm</b> và <span class=\"x\">chữ</span>.\n\n" * 300)
    assert parse_post(HEAD + body, "posts/a.md", registry, FIXTURES_DIR)[1] == []


def test_an_unreadable_post_is_said_in_vietnamese(tmp_path, registry):
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "mat.md").symlink_to(tmp_path / "khong-co.md")
    post, errors = read_post(posts / "mat.md", tmp_path, registry)
    assert post is None and messages(errors) == [
        "posts/mat.md: không đọc được tệp: tệp không còn ở đó (có thể là lối tắt tới một tệp đã xoá)\n"
        "    → mở thử tệp trên máy; nếu không cần, xoá nó khỏi thư mục bài viết"]


@pytest.mark.parametrize("updated, expected", [
    ("2020-02-03 14:00", dt.datetime(2020, 2, 3, 14, 0, tzinfo=TZ)),
    ("03/02/2020", dt.datetime(2020, 2, 3, tzinfo=TZ)),
    ("2020-01-01", dt.datetime(2020, 1, 1, tzinfo=TZ)),  # the same day as the post: a same-day fix
    ("", None),
])
def test_updated_is_read_like_date(registry, updated, expected):
    post, errors = parse_post(HEAD.replace("---\n\n", f"updated: {updated}\n---\n\n"), "posts/a.md", registry,
                              FIXTURES_DIR)
    assert errors == [] and post is not None and post.updated == expected


def test_updated_must_be_a_date_and_not_before_the_post(registry):
    for value, message in (
            ("2019-12-31", "posts/a.md:6: [updated] ngày cập nhật 31/12/2019 trước ngày đăng 01/01/2020\n"
                           "    → ghi ngày sửa bài, không trước ngày đăng (trường 'date')"),
            ("2020-02-30", "posts/a.md:6: [updated] ngày '2020-02-30' không hợp lệ: ngày không có thật trên lịch\n"
                           "    → ví dụ đúng: 2020-02-03 hoặc 2020-02-03 14:00; bỏ trống nếu bài chưa sửa")):
        post, errors = parse_post(HEAD.replace("---\n\n", f"updated: {value}\n---\n\n"), "posts/a.md", registry,
                                  FIXTURES_DIR)
        assert post is None and messages(errors) == [message]
