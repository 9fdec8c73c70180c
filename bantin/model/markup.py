"""What HTML a post may carry: the markup policy for post bodies. Plain Python.

A post's body is Markdown, and Markdown lets an editor write raw HTML, attributes (attr_list)
and link targets of any scheme. Everything that would run code on a reader's page, load
something from another host, or restyle the page around the post is refused; plain content
HTML (tables, figures, line breaks, spans with classes, local images, links) is allowed.

The check reads *rendered* HTML with an HTML parser, so it sees exactly what a browser would
parse, whatever Markdown syntax produced it. Embeds (video players and the like) are refused
unless the site names their hosts in `mkdocs.yml` (`embeds:` of the bantin plugin).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

# Elements with no place in a news post: they run code, load other pages, submit data,
# or change the page around the post. <iframe> is allowed only from the site's embed hosts.
_FORBIDDEN = {
    "script": "mã chạy trên trang của người đọc",
    "style": "định dạng thay đổi cả trang, không chỉ bài viết",
    "link": "tải tệp từ nơi khác vào trang",
    "meta": "thay đổi cách trình duyệt mở trang (ví dụ tự chuyển sang trang khác)",
    "base": "đổi địa chỉ gốc của mọi liên kết trên trang",
    "object": "nhúng chương trình hoặc trang khác",
    "embed": "nhúng chương trình hoặc trang khác",
    "applet": "nhúng chương trình",
    "frame": "nhúng trang khác",
    "frameset": "nhúng trang khác",
    "iframe": "nhúng trang khác",
    "portal": "nhúng trang khác",
    "form": "biểu mẫu gửi dữ liệu của người đọc đi nơi khác",
    "input": "ô nhập liệu (biểu mẫu)",
    "button": "nút bấm (biểu mẫu)",
    "select": "ô chọn (biểu mẫu)",
    "textarea": "ô nhập liệu (biểu mẫu)",
    "svg": "hình vẽ SVG có thể chứa mã chạy",
    "math": "công thức MathML có thể chứa liên kết chạy mã",
    "title": "đổi tiêu đề của cả trang",
    # Raw-text elements: a browser reads what follows them up to their end tag as text, an HTML
    # parser of another make may not; what one of them sees as text the other may run.
    "noscript": "phần còn lại được trình duyệt đọc theo cách khác (thẻ dành cho trang có JavaScript)",
    "noembed": "phần còn lại được trình duyệt đọc theo cách khác (thẻ cũ)",
    "noframes": "phần còn lại được trình duyệt đọc theo cách khác (thẻ cũ)",
    "xmp": "phần còn lại được trình duyệt đọc theo cách khác (thẻ cũ)",
    "plaintext": "mọi thứ sau nó, cả phần cuối trang, hiện thành chữ thô (thẻ cũ)",
}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
         "wbr", "keygen"}
# Elements a browser closes by itself (the next <p>, the end of the table…): never "left open".
_OPTIONAL_END = {"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup",
                 "colgroup", "caption", "rb", "rt", "rtc", "rp", "html", "head", "body"}
# Attributes whose value the browser loads as a resource (not a link the reader chooses).
_RESOURCE = {"src", "srcset", "poster", "data", "background", "lowsrc", "dynsrc", "imagesrcset"}
# Attributes whose value is a URL (link or resource).
_URLS = _RESOURCE | {"href", "action", "formaction", "cite", "longdesc", "xlink:href", "ping",
                     "manifest", "codebase", "archive", "usemap", "profile", "itemtype"}
_LINK_SCHEMES = {"http", "https", "mailto", "tel"}
# Attributes the lightbox script reads and inserts into the page as HTML.
_LIGHTBOX = {"data-glightbox", "data-title", "data-description"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_URL_NOISE = re.compile(r"[\t\n\r]")  # browsers drop these anywhere in a URL
_CSS_DANGER = re.compile(r"url\s*\(|expression\s*\(|@import|javascript:|behavior\s*:|-moz-binding", re.I)
# A style may compute colours and sizes; any other function (image-set, image, cross-fade, element…)
# may load something, and a backslash escape may spell one: both are refused.
_CSS_FUNCTION = re.compile(r"([a-zA-Z_-][\w-]*)\s*\(")
_CSS_ALLOWED = {"rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch", "color", "calc", "min", "max",
                "clamp", "var"}


@dataclass(frozen=True)
class Finding:
    """One piece of markup the policy refuses: what it is, why, the fix, and text to find it by."""

    what: str  # as the editor would recognise it: "<script>", "onerror của <img>"
    message: str
    hint: str
    needle: str  # a piece of the source to locate the line with (lower case)


def embed_host(value: str) -> str:
    """An embed host as written in mkdocs.yml ('https://www.youtube.com/' → 'www.youtube.com')."""
    value = value.strip().lower()
    return (urlsplit(value).hostname or "") if "//" in value else value.strip("/")


def _clean_url(value: str) -> str:
    return _URL_NOISE.sub("", value).strip(" \x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                            "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c"
                                            "\x1d\x1e\x1f")


def _outside_host(url: str) -> str | None:
    """The host a URL points to, if it leaves the site ('//x', 'http://x', '\\\\x')."""
    if url[:2].replace("\\", "/") == "//":
        return urlsplit("http:" + url.replace("\\", "/")).hostname or url
    scheme = _SCHEME.match(url)
    if scheme and scheme.group(1).lower() in ("http", "https"):
        return urlsplit(url.replace("\\", "/")).hostname or url
    return None


def _css_danger(style: str) -> str | None:
    """What in a style attribute could load a resource or run code, or None."""
    if found := _CSS_DANGER.search(style):
        return found.group()
    if "\\" in style:
        return "\\"
    if "@" in style:
        return "@"
    return next((f"{m.group(1)}(" for m in _CSS_FUNCTION.finditer(style) if m.group(1).lower() not in _CSS_ALLOWED),
                None)


# Python's html.parser stops with an AssertionError at a marked section it does not know
# ('<![0', '<![ if', '<![foo]>'), where a browser reads a bogus comment up to the next '>'. Every
# parser of editor HTML in bantin is given such sections as text (`parseable`); the markup
# check refuses them like any other '<![…]>'.
_BAD_MARKED = re.compile(r"<!\[(?!(?:temp|cdata|ignore|include|rcdata|if|else|endif)(?![-_.a-z0-9]))", re.I)


def parseable(html: str) -> str:
    """`html` with the marked sections html.parser cannot read written as text ('&lt;![')."""
    return _BAD_MARKED.sub("&lt;![", html)


class _Checker(HTMLParser):
    def __init__(self, embeds: frozenset[str], lightbox: bool):
        super().__init__(convert_charrefs=True)
        self.embeds = embeds
        self.lightbox = lightbox
        self.found: list[Finding] = []
        self.open: list[str] = []  # elements opened and not yet closed, innermost last

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)  # '<a/>' opens an <a> in a browser: '/' closes only void elements

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.open:
            return  # a stray end tag: browsers ignore it
        while self.open:
            inner = self.open.pop()
            if inner == tag:
                return
            self.left_open(inner)

    def left_open(self, tag: str) -> None:
        if tag not in _OPTIONAL_END:
            self.found.append(Finding(
                f"<{tag}>", f"thẻ <{tag}> không được đóng: trình duyệt kéo nó sang cả phần sau của trang",
                f"thêm </{tag}> ở chỗ thẻ kết thúc", f"<{tag}"))

    def close(self) -> None:
        super().close()
        while self.open:
            self.left_open(self.open.pop())

    def handle_comment(self, data: str) -> None:
        # '<!-->' and '<!--->' end a comment at once in a browser, '--!>' ends it too: another
        # parser reads on, and what it takes for a comment the browser runs.
        if data.startswith((">", "->")) or "--!>" in data or data.endswith("-"):
            self.found.append(Finding("<!-- -->", "chú thích HTML <!-- … --> viết sai: trình duyệt đóng nó sớm hơn",
                                      "viết chú thích dạng <!-- nội dung -->, hoặc xoá nó", "<!--"))

    def declaration(self, what: str, needle: str) -> None:
        self.found.append(Finding(what, f"{what} không dùng trong bài viết: trình duyệt đọc nó khác đi",
                                  "xoá phần này", needle))

    def handle_decl(self, decl: str) -> None:
        self.declaration("khai báo <!…>", "<!")

    def unknown_decl(self, data: str) -> None:
        self.declaration("khối <![CDATA[…]]>" if data.upper().startswith("CDATA[") else "khai báo <![…]>", "<![")

    def handle_pi(self, data: str) -> None:
        self.declaration("chỉ thị <?…>", "<?")

    def handle_starttag(self, tag: str, attrs: list) -> None:
        add = self.found.append
        shown = f"<{tag}>"
        allowed = tag == "iframe" and self.iframe_allowed(attrs)
        if tag not in _VOID and (allowed or tag not in _FORBIDDEN):  # a refused element is said once
            self.open.append(tag)
        if allowed:
            pass
        elif tag in _FORBIDDEN:
            hint = "xoá thẻ này: bài viết chỉ gồm chữ, ảnh (trong images/) và liên kết"
            if tag == "iframe":
                src = dict(attrs).get("src") or ""
                host = _outside_host(_clean_url(src)) or ""
                hint = (f"nếu trang cần nhúng nội dung từ '{host}', người quản trị thêm '{host}' vào "
                        "'embeds:' của plugin bantin trong mkdocs.yml (xem README); nếu không, xoá thẻ này"
                        if host else "xoá thẻ này")
            add(Finding(shown, f"thẻ {shown} không được phép trong bài viết: {_FORBIDDEN[tag]}", hint, f"<{tag}"))
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                add(Finding(f"{name} của {shown}",
                            f"thẻ {shown} có thuộc tính '{name}': mã chạy trên trang của người đọc",
                            f"xoá '{name}=…' khỏi thẻ", name))
            elif not self.lightbox and (name in _LIGHTBOX or (name == "class" and "glightbox" in value.lower().split())):
                what = "lớp 'glightbox'" if name == "class" else f"thuộc tính '{name}'"
                add(Finding(f"{name} của {shown}",
                            f"thẻ {shown} có {what} dành riêng cho hộp xem ảnh (nội dung của nó được chèn vào trang như mã HTML)",
                            "xoá thuộc tính này; chú thích ảnh ghi ở 'caption:' trong phần khai báo",
                            name if name != "class" else "glightbox"))
            elif name == "srcdoc":
                add(Finding(f"srcdoc của {shown}", f"thẻ {shown} có thuộc tính 'srcdoc': nhúng cả một trang",
                            "xoá thuộc tính này", name))
            elif name == "style" and (danger := _css_danger(value)):
                add(Finding(f"style của {shown}",
                            f"thuộc tính style của {shown} tải tệp hoặc chạy mã ('{danger}')",
                            "xoá phần url(…)/expression(…) khỏi style; ảnh đặt trong bài bằng cú pháp ảnh", "style"))
            elif name in _URLS and not (tag == "iframe" and name == "src"):
                self.url(tag, name, value)

    def iframe_allowed(self, attrs: list) -> bool:
        values = dict(attrs)
        src = _clean_url(values.get("src") or "")
        return (bool(self.embeds) and src.lower().startswith("https://") and "srcdoc" not in values
                and (urlsplit(src).hostname or "") in self.embeds)

    def url(self, tag: str, name: str, raw: str) -> None:
        urls = [part.strip().split(" ")[0] for part in raw.split(",")] if name.endswith("srcset") else [raw]
        for url in (_clean_url(u) for u in urls):
            scheme = _SCHEME.match(url)
            kind = scheme.group(1).lower() if scheme else ""
            shown = url if len(url) <= 60 else url[:59] + "…"
            if name in _RESOURCE:
                host = _outside_host(url)
                if host:
                    what = "ảnh" if tag in ("img", "source", "picture") else "tệp"
                    self.found.append(Finding(
                        f"{name} của <{tag}>", f"{what} '{shown}' lấy từ trang web khác ({host})",
                        "tải về thư mục images/ và ghi đường dẫn tương đối: trang phải xem được khi không có mạng",
                        url[:40].lower()))
                    continue
                if kind and not (kind == "data" and tag in ("img", "source") and url[5:].lower().startswith("image/")):
                    self.found.append(Finding(
                        f"{name} của <{tag}>", f"thẻ <{tag}> tải '{shown}' (kiểu địa chỉ '{kind}:' không được phép)",
                        "ghi đường dẫn tương đối tới tệp trong dự án", url[:40].lower()))
            elif kind and kind not in _LINK_SCHEMES:
                self.found.append(Finding(
                    f"{name} của <{tag}>",
                    f"liên kết '{shown}' dùng kiểu địa chỉ '{kind}:'"
                    + (", chạy mã khi người đọc bấm vào" if kind in ("javascript", "vbscript") else
                       " không được phép"),
                    "dùng địa chỉ trang web (https://…), mailto: hoặc tel:, hoặc đường dẫn tới bài khác",
                    url[:40].lower()))


def unsafe_markup(html: str, *, embeds=(), lightbox: bool = False) -> list[Finding]:
    """Every piece of `html` (a rendered post body) that the policy refuses, in document order.

    `embeds`: hosts whose <iframe>s are allowed. `lightbox`: the HTML holds bantin's own
    lightbox anchors (a rendered page), whose data attributes are not the editor's."""
    checker = _Checker(frozenset(embed_host(h) for h in embeds), lightbox)
    for _ in _BAD_MARKED.finditer(html):
        checker.declaration("khai báo <![…]>", "<![")
    checker.feed(parseable(html))
    checker.close()
    return checker.found


def might_have_markup(markdown: str) -> bool:
    """False when a Markdown text can produce no tag, attribute or link of the author's own:
    no raw HTML or autolink ('<'), no attribute list ('{'), no inline or reference link."""
    return "<" in markdown or "{" in markdown or "](" in markdown or "]:" in markdown


def locate(source: str, needle: str, first_line: int) -> int:
    """The line of `source` (starting at `first_line`) where `needle` first appears, case-insensitive."""
    at = source.lower().find(needle) if needle else -1
    return first_line + source.count("\n", 0, at) if at >= 0 else first_line
