"""The page `bantin serve` shows while a build fails (bantin/site/error_page.py): every problem as
`bantin check` words it, editor text as text, nothing loaded from anywhere, readable on a phone."""

from __future__ import annotations

import re
import unicodedata

import pytest
from bs4 import BeautifulSoup

from bantin.model.errors import ContentError, format_report, summary_line
from bantin.site.error_page import Failure, Line, render

POLL = "/livereload/bantin/1700000000123"
AGENCY = ContentError("posts/2020/dai-hoi.md", 4, "agency", "cơ quan 'so-cong-thuog' không có trong danh mục",
                      "có phải ý bạn là 'so-cong-thuong' (Sở Công Thương)?", "so-cong-thuog")
KIND = ContentError("posts/2020/dai-hoi.md", 7, "kind", "loại tin 'dai-hoi-chi-boo' không có trong danh mục",
                    "có phải ý bạn là 'dai-hoi-chi-bo' (Đại hội Chi bộ)?")
NO_REGISTRY = ContentError("registry.yml", None, None, "không tìm thấy tệp danh mục cơ quan và loại tin",
                           "tạo tệp này, hoặc đặt đường dẫn trong mục 'registry' của plugin bantin")
NO_HINT = ContentError("posts/a.md", 2, None, "tệp trống")
GPS = ContentError("posts/2023/so-ket.md", 11, "cover", "ảnh gốc 'images/a.jpg' có tọa độ GPS (nơi chụp)",
                   "xoá GPS khỏi ảnh gốc nếu không muốn công bố nơi chụp", warning=True)


def page(failure: Failure, site_name: str = "Bản tin Nam Sơn", **options) -> BeautifulSoup:
    return BeautifulSoup(render(failure, site_name=site_name, poll=POLL, **options), "html.parser")


def words(text: str) -> str:
    return " ".join(text.split())


def listed(soup: BeautifulSoup) -> list[str]:
    return [words(item.get_text()) for item in soup.select("li")]


def checked(*errors: ContentError) -> list[str]:
    """What `bantin check` prints for these problems, one entry per problem (its → line joined)."""
    report = format_report(list(errors)).split("\n")[:-1]  # the summary line is the page's heading
    entries: list[str] = []
    for line in report:
        if line.startswith("    → "):
            entries[-1] += " " + line.strip()
        else:
            entries.append(line)
    return [words(entry) for entry in entries]


# -- the problems, worded as `bantin check` words them ---------------------------------------------------------
@pytest.mark.parametrize("errors", [
    (AGENCY,),
    (AGENCY, KIND),
    (NO_REGISTRY,),
    (NO_HINT,),
    (AGENCY, GPS),
], ids=["one", "two-in-a-file", "no-line-no-field", "no-hint", "with-a-warning"])
def test_each_problem_reads_as_bantin_check_prints_it(errors):
    soup = page(Failure(errors))
    assert sorted(listed(soup)) == sorted(checked(*errors))
    assert soup.select_one(".tom-tat").get_text() == summary_line(list(errors))


def test_errors_come_first_and_warnings_apart_each_in_file_and_line_order():
    soup = page(Failure((GPS, KIND, NO_REGISTRY, AGENCY)))
    assert [words(li.get_text()) for li in soup.select("ol.cac-loi li")] == checked(AGENCY, KIND) + checked(
        NO_REGISTRY)
    assert [words(li.get_text()) for li in soup.select("ol.cac-canh-bao li")] == checked(GPS)
    assert soup.select_one("h2").get_text() == "Cảnh báo"


def test_file_line_field_value_and_fix_are_each_there():
    item = page(Failure((AGENCY,))).select_one("li")
    assert [c.get_text() for c in item.select("code")] == ["posts/2020/dai-hoi.md:4", "[agency]"]
    assert "'so-cong-thuog'" in item.get_text()
    assert item.select_one(".sua").get_text() == "→ có phải ý bạn là 'so-cong-thuong' (Sở Công Thương)?"


def test_problems_outside_posts_are_the_lines_the_terminal_showed():
    config = Line("mkdocs.yml, plugin 'bantin', mục 'per_page': cần một số nguyên từ 1 đến 1000, không phải 0")
    link = Line("Trang 'gioi-thieu.md' có liên kết 'x.md', nhưng không có trang 'x.md'.", warning=True)
    soup = page(Failure(lines=(config, link)))
    assert listed(soup) == ["LỖI " + config.text, "CẢNH BÁO " + link.text]
    assert soup.select_one(".tom-tat").get_text() == "Có 1 lỗi và 1 cảnh báo."
    both = page(Failure((AGENCY, GPS), (config,)))
    assert listed(both) == checked(AGENCY) + ["LỖI " + config.text] + checked(GPS)
    assert both.select_one(".tom-tat").get_text() == "Có 2 lỗi và 1 cảnh báo."


def test_a_message_of_several_lines_keeps_its_line_breaks():
    deep = ContentError("posts/a.md", 3, "tags", "giá trị lồng nhau quá sâu\n(quá 50 tầng)", "xoá các dấu '[' thừa")
    soup = page(Failure((deep,), (Line("một\n    → hai"),)))
    assert [span.get_text() for span in soup.select(".noi-dung")] == ["giá trị lồng nhau quá sâu\n(quá 50 tầng)",
                                                                     "một\n    → hai"]
    assert "white-space: pre-line" in soup.style.get_text()


# -- the page as a page ----------------------------------------------------------------------------------------
def test_the_page_is_vietnamese_and_says_what_to_do():
    soup = page(Failure((AGENCY,)))
    assert soup.html["lang"] == "vi"
    assert soup.title.get_text() == "Có lỗi cần sửa – Bản tin Nam Sơn"
    assert soup.h1.get_text() == "Có lỗi cần sửa"
    assert "trang này tự tải lại khi sửa xong" in soup.main.get_text()
    assert soup.select_one('meta[name="viewport"]')["content"] == "width=device-width,initial-scale=1"


def test_the_page_stands_alone_with_only_its_own_script_allowed():
    html = render(Failure((AGENCY,)), site_name="S", poll=POLL, nonce="n0nce")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select("link, img, iframe, object, embed, [src], [href]") == []
    assert not re.search(r"https?:|url\(|@import", html, re.I)
    assert not any(str(value).startswith("//") for tag in soup.find_all(True) for value in tag.attrs.values())
    policy = soup.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
    assert policy.startswith("default-src 'none';")
    assert "script-src 'nonce-n0nce'" in policy and "style-src 'nonce-n0nce'" in policy
    assert "connect-src 'self'" in policy
    assert [(s.name, s["nonce"]) for s in soup.select("script, style")] == [("style", "n0nce"), ("script", "n0nce")]
    assert soup.script["data-poll"] == POLL


def test_each_page_has_a_nonce_of_its_own():
    nonces = {page(Failure((AGENCY,))).script["nonce"] for _ in range(5)}
    assert len(nonces) == 5 and all(len(n) >= 16 for n in nonces)


HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "\"><svg onload=alert(3)>", "a & b 'c'"]


@pytest.mark.parametrize("text", HOSTILE)
def test_editor_text_is_text_wherever_it_is(text):
    error = ContentError(f"posts/{text}.md", 4, f"photos[0].{text}", f"cơ quan '{text}' không có trong danh mục",
                         f"có phải ý bạn là '{text}'?", text)
    soup = page(Failure((error,), (Line(f"mkdocs.yml: {text}"),)), site_name=text)
    assert len(soup.select("script")) == 1 and soup.select("img, svg") == []
    assert not any(name.startswith("on") for tag in soup.find_all(True) for name in tag.attrs)
    assert listed(soup) == [words(f"LỖI {error.format()}"), words(f"LỖI mkdocs.yml: {text}")]
    assert soup.title.get_text() == f"Có lỗi cần sửa – {text}"
    assert soup.header.get_text() == f"{text} — bản xem trước"


def test_text_is_nfc():
    decomposed = unicodedata.normalize("NFD", "posts/2020/đại-hội.md")
    error = ContentError(decomposed, 1, None, unicodedata.normalize("NFD", "tiêu đề trống"))
    html = render(Failure((error,)), site_name=unicodedata.normalize("NFD", "Bản tin"), poll=POLL)
    assert html == unicodedata.normalize("NFC", html)
    assert "posts/2020/đại-hội.md:1" in html
