import pytest

from bantin.model.frontmatter import split
from bantin.model.yaml_reader import parse_yaml


def formatted(text):
    fm, errors = split(text, "posts/x.md")
    return fm, [e.format() for e in errors]


def test_fields_and_their_lines():
    fm, errors = formatted("---\ntitle: Đại hội\ndate: 2020-01-16\nphotos:\n  - src: a.jpg\n    caption: Hoa\n---\nThân bài\n")
    assert errors == []
    assert fm.data == {"title": "Đại hội", "date": "2020-01-16", "photos": [{"src": "a.jpg", "caption": "Hoa"}]}
    assert fm.line(("title",)) == 2 and fm.line(("photos", 0, "caption")) == 6
    assert fm.body == "Thân bài\n" and fm.body_line == 8


def test_scalars_stay_text_except_true_false_and_empty():
    fm, _ = formatted("---\ntitle: 2020\ndraft: true\nsummary:\nauthor: yes\n---\n")
    assert fm.data == {"title": "2020", "draft": True, "summary": None, "author": "yes"}


def test_bom_and_crlf_are_accepted():
    fm, errors = formatted("\ufeff---\r\ntitle: A\r\n---\r\nB\r\n")
    assert errors == [] and fm.data == {"title": "A"} and fm.body == "B\n"


def test_nfd_text_is_normalised_to_nfc():
    import unicodedata

    fm, _ = formatted(unicodedata.normalize("NFD", "---\ntitle: Đại hội\n---\n"))
    assert fm.data["title"] == "Đại hội"


def test_missing_front_matter():
    assert formatted("Nội dung\n")[1] == [
        "posts/x.md:1: bài viết không bắt đầu bằng phần khai báo (front matter); dòng đầu là 'Nội dung'\n"
        "    → dòng đầu tiên của tệp phải là '---', tiếp theo là các trường title, date, agency…, rồi một dòng '---'"
    ]


def test_empty_file():
    assert "dòng đầu là '(trống)'" in formatted("")[1][0]


def test_front_matter_not_closed():
    assert formatted("---\ntitle: A\n\nNội dung\n")[1] == [
        "posts/x.md:1: phần khai báo (front matter) mở bằng '---' nhưng không được đóng\n"
        "    → thêm một dòng '---' sau trường cuối cùng, trước nội dung bài"
    ]


@pytest.mark.parametrize("text, error", [
    pytest.param("---\ntitle: A\n\tdate: 2020-01-01\n---\n",
                 "posts/x.md:3: [date] lỗi cú pháp YAML: có ký tự Tab, YAML chỉ cho phép dấu cách\n"
                 "    → thay ký tự Tab bằng dấu cách", id="tab_in_yaml_names_the_line"),
    pytest.param("---\ndate: 2020-01-01\ntitle: Đại hội: nhiệm kỳ mới\n---\n",
                 "posts/x.md:3: [title] lỗi cú pháp YAML: dấu ':' đặt sai chỗ\n"
                 "    → nếu giá trị có dấu ':', hãy đặt cả giá trị trong dấu nháy kép \"…\"",
                 id="colon_in_value_suggests_quotes"),
    pytest.param("---\ntitle: &t A\nsummary: *t\n---\n",
                 "posts/x.md:3: [summary] lỗi cú pháp YAML: tham chiếu YAML (*alias) không được dùng\n"
                 "    → viết giá trị đầy đủ thay vì dùng '*' hoặc '&'", id="aliases_are_refused"),
    pytest.param("---\ntitle: !!python/object/apply:os.system [echo]\n---\n",
                 "posts/x.md:2: [title] thẻ YAML '!!python/object/apply:os.system' không được phép\n"
                 "    → xoá phần bắt đầu bằng '!' trước giá trị", id="python_tags_are_refused"),
    pytest.param("---\ntitle: A\ntitle: B\n---\n",
                 "posts/x.md:3: [title] trường 'title' được khai báo hai lần\n    → xoá một trong hai dòng",
                 id="duplicate_field"),
])
def test_a_yaml_mistake_is_one_error_at_its_line_with_the_fix(text, error):
    assert formatted(text)[1] == [error]


def test_front_matter_that_is_not_a_mapping():
    assert formatted("---\n- a\n- b\n---\n")[1][0].startswith(
        "posts/x.md:2: phần khai báo phải là danh sách 'tên: giá trị', mỗi trường một dòng")


def test_parse_yaml_reports_lines_from_first_line():
    data, lines, errors = parse_yaml("a: 1\nb:\n  c: 2\n", "r.yml")
    assert errors == [] and data == {"a": "1", "b": {"c": "2"}} and lines[("b", "c")] == 3


def test_control_character_in_the_file_names_its_line():
    assert formatted("---\ntitle: A\nsummary: Đại\x07 hội\n---\n")[1] == [
        "posts/x.md:3: [summary] có ký tự điều khiển không in được (mã 0x07)\n"
        "    → gõ lại dòng này, hoặc dán dưới dạng văn bản thuần"]


def test_every_yaml_syntax_error_is_in_vietnamese():
    for text in ("---\ntitle: a\n- [\n---\n", '---\ntitle: "abc\n---\n', "---\ntitle: a\n  b: c\n---\n",
                 "---\ntitle: [a, b\n---\n", "---\ntitle: {a\n---\n", "---\n- a\nb: c\n---\n"):
        errors = formatted(text)[1]
        assert len(errors) == 1 and "lỗi cú pháp YAML: " in errors[0], text
        message = errors[0].split("lỗi cú pháp YAML: ")[1].split("\n")[0]
        assert not any(word in message for word in ("expected", "found", "while", "scanning")), message
    assert formatted("---\n? [a]\n: b\n---\n")[1] == ["posts/x.md:2: tên trường phải là chữ"]


def test_libyaml_and_pyyaml_read_front_matter_alike():
    """The fast path (libyaml) must give the same values and lines as PyYAML's own parser."""
    from pathlib import Path

    import yaml

    from bantin.model import yaml_reader

    texts = [p.read_text(encoding="utf-8").split("---\n")[1] for p in Path(__file__).parent.parent.joinpath("posts").rglob("*.md")]
    texts += ["title: 2020\ndraft: true\nsummary:\nauthor: yes\ntags: []\nx: ''\ny: \"\"\nz: ~\n",
              "photos:\n  - src: a.jpg\n    caption: \"Ảnh: 1\"\n  - b.jpg\nunits: [a, b]\n"]
    assert len(texts) > 10
    for text in texts:
        fast = parse_yaml(text, "x.md")
        yaml_reader._FAST, saved = None, yaml_reader._FAST
        try:
            slow = parse_yaml(text, "x.md")
        finally:
            yaml_reader._FAST = saved
        assert fast == slow and fast[0] is not None
    assert yaml.__with_libyaml__  # the wheel pinned in pyproject ships libyaml: the fast path is tested


DEEP_HINT = ("    → xoá các dấu '[', '{' hoặc '-' thừa: mỗi trường chỉ cần một, hai tầng, "
             "ví dụ 'tags: [đại hội]' hay 'photos:' rồi các dòng '- src: …'")


def test_yaml_nested_thousands_deep_is_an_error_at_its_line_not_a_crash():
    """2,000 '[' (libyaml gives up at 1,000, PyYAML's composer recurses) or 2,000 '- ' levels: one
    error at the line of the 51st level, whichever parser read it."""
    from bantin.model import yaml_reader

    deep = {
        "flow": "title: A\ntags: " + "[" * 2000 + "]" * 2000 + "\n",
        "flow never closed": "title: A\ntags: " + "[" * 100_000 + "\n",
        "block": "title: A\nphotos:\n  " + "- " * 2000 + "a.jpg\n",
        "mappings": "title: A\nmeta:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 300)) + "  " * 300 + "v\n",
    }
    lines = {"flow": 3, "flow never closed": 3, "block": 4, "mappings": 53}
    fields = {"flow": "tags", "flow never closed": "tags", "block": "photos", "mappings": "meta"}
    saved = yaml_reader._FAST
    try:
        for fast in (saved, None):
            yaml_reader._FAST = fast
            for name, text in deep.items():
                fm, errors = formatted("---\n" + text + "---\nThân bài\n")
                assert fm is None and errors == [
                    f"posts/x.md:{lines[name]}: [{fields[name]}] giá trị lồng nhau quá sâu "
                    "(quá 50 tầng danh sách hay nhóm lồng vào nhau)\n" + DEEP_HINT], (name, fast)
    finally:
        yaml_reader._FAST = saved


def test_fifty_levels_are_still_read():
    fm, errors = formatted("---\ntags: " + "[" * 49 + "a" + "]" * 49 + "\n---\n")
    assert errors == []
    value, depth = fm.data["tags"], 1
    while isinstance(value, list):
        value, depth = value[0], depth + 1
    assert (value, depth) == ("a", 50)


def test_a_registry_nested_thousands_deep_is_an_error_not_a_crash():
    from bantin.model.registry_file import parse_registry

    registry, errors = parse_registry("agencies:\n  sct:\n    name: " + "[" * 2000 + "\nkinds: {}\n", "registry.yml")
    assert registry is None and [e.format() for e in errors] == [
        "registry.yml:3: [agencies] giá trị lồng nhau quá sâu (quá 50 tầng danh sách hay nhóm lồng vào nhau)\n"
        + DEEP_HINT]
