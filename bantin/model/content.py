"""Posts: read from posts/, front matter validated against the registry, as frozen dataclasses."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from bantin.model import dates
from bantin.model.errors import ContentError, did_you_mean, merge_conflict, shorten
from bantin.model.frontmatter import FrontMatter, split
from bantin.model.markup import locate, might_have_markup, unsafe_markup
from bantin.model.registry import Registry, Unknown
from bantin.model.slugs import is_slug, slugify
from bantin.model.terms import Term, TermError, parse_term
from bantin.model.text import clean, first_invisible, nfc, plain_excerpt
from bantin.model.urls import page_url, post_uri

_ALIAS = re.compile(r"^[A-Za-z0-9._~-]+(?:/[A-Za-z0-9._~-]+)*$")  # a path in the site, nothing else
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff"}
MAX_TITLE = 300
MAX_SUMMARY = 600
MAX_TAGS = 30
MAX_PARAGRAPH = 50_000  # characters in one paragraph: a long article has a few thousand
MAX_BRACKET_WORK = 5_000_000  # characters Markdown scans for ']' after each open '[' (about 1 s)
MAX_NESTING = 40  # quotes, lists and indentation levels in one line of a body
MAX_BYTES = 2_000_000  # a news post is a few KB; megabytes are a pasted file or an export gone wrong
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

FIELDS = ("title", "date", "agency", "units", "term", "kind", "tags", "author", "source",
          "summary", "cover", "photos", "draft", "slug", "aliases")
_PHOTO_FIELDS = ("src", "caption", "alt")


@dataclass(frozen=True, slots=True)
class Photo:
    """A photo referenced by a post. `src` is relative to the project root (POSIX)."""

    src: str
    caption: str = ""
    alt: str = ""
    where: str = field(default="", compare=False)  # the field naming it (photos[2].src), for errors
    line: int | None = field(default=None, compare=False)

    @property
    def alt_text(self) -> str:
        return self.alt or self.caption


@dataclass(frozen=True, slots=True)
class Post:
    path: str  # source file, relative to the project root: posts/2020/x.md
    title: str
    date: dt.datetime  # aware, Asia/Ho_Chi_Minh
    agency: str  # registry keys from here on
    units: tuple[str, ...]
    terms: tuple[Term, ...]
    kind: str
    tags: tuple[str, ...]
    author: str
    source: str
    summary: str
    cover: Photo | None
    photos: tuple[Photo, ...]
    draft: bool
    slug: str
    aliases: tuple[str, ...]
    body: str
    body_line: int  # line of the file where the body starts
    body_images: tuple[Photo, ...] = ()  # images written in the body
    slug_line: int | None = None  # the line that makes the URL: `slug:`, else `title:`

    @property
    def images(self) -> tuple[Photo, ...]:
        """Every photo the post uses (cover, gallery, body), in that order."""
        return ((self.cover,) if self.cover else ()) + self.photos + self.body_images

    @property
    def src_uri(self) -> str:
        """Path of the generated page in the site's virtual docs tree."""
        return post_uri(self.date, self.slug)

    @property
    def url(self) -> str:
        return page_url(self.src_uri)


class _Validator:
    """Turns one FrontMatter into a Post, collecting every problem on the way."""

    def __init__(self, fm: FrontMatter, rel_path: str, registry: Registry, root: Path,
                 embeds: tuple[str, ...] = ()):
        self.fm = fm
        self.rel_path = rel_path
        self.registry = registry
        self.root = root
        self.embeds = embeds
        self.errors: list[ContentError] = []

    def error(self, path: tuple, message: str, hint: str | None = None, value: object = None,
              *, line: int | None = None, warning: bool = False) -> None:
        self.errors.append(ContentError(
            self.rel_path, line or self.fm.line(path), _field_name(path), message, hint,
            None if value is None else shorten(value), warning,
        ))

    # -- field readers ---------------------------------------------------------------
    def text(self, key: str, *, required: bool = False, limit: int | None = None) -> str:
        value = self.fm.data.get(key)
        if value is None or value == "":
            if required:
                self.missing(key)
            return ""
        return self.text_at((key,), value, limit=limit)

    def text_at(self, path: tuple, value: object, *, limit: int | None = None) -> str:
        """One line of text at `path` (a field, or one inside a photo): the same rule everywhere."""
        name = _field_name(path)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.error(path, f"'{name}' phải là một dòng chữ, không phải {_kind_of(value)}",
                       "viết giá trị trên cùng dòng, sau dấu ':'", value)
            return ""
        if control := _CONTROL.search(value):
            self.error(path, f"'{name}' có ký tự điều khiển không in được (mã {ord(control.group()):#04x})",
                       "gõ lại dòng này, hoặc dán dưới dạng văn bản thuần", value)
            return ""
        text = clean(value)
        if limit and len(text) > limit:
            self.error(path, f"'{name}' dài {len(text)} ký tự, quá giới hạn {limit}",
                       "rút gọn lại", text)
            return text[:limit]
        return text

    def text_list(self, key: str) -> list[tuple[tuple, str]]:
        """(path, text) of each item of a list field; "a, b" written on one line is a list too,
        its items named by position (units[2]) as if written [a, b]."""
        value = self.fm.data.get(key)
        if value is None or value == "":
            return []
        if isinstance(value, str):
            return [((key, i) if "," in value else (key,), item.strip())
                    for i, item in enumerate(value.split(","))]
        if not isinstance(value, list):
            self.error((key,), f"'{key}' phải là danh sách, ví dụ [a, b]",
                       f"viết '{key}: [mục 1, mục 2]' hoặc mỗi mục một dòng bắt đầu bằng '- '", value)
            return []
        items = []
        for i, item in enumerate(value):
            if not isinstance(item, str):
                self.error((key, i), f"mục thứ {i + 1} của '{key}' phải là chữ, không phải {_kind_of(item)}",
                           "xoá mục trống, hoặc đặt giá trị trong dấu nháy kép \"…\"", item)
            else:
                items.append(((key, i), item))
        return items

    def missing(self, key: str) -> None:
        examples = {
            "title": "title: Đại hội Chi bộ Văn phòng, nhiệm kỳ 2020-2025",
            "date": "date: 2020-01-16",
            "agency": "agency: so-cong-thuong",
            "kind": "kind: dai-hoi-chi-bo",
        }
        example = examples.get(key, key + ": …")
        if key in self.fm.data:  # `title:` or `title: ""`
            self.errors.append(ContentError(self.rel_path, self.fm.line((key,)), key, f"trường bắt buộc '{key}' để trống",
                                            f"ghi giá trị sau dấu ':', ví dụ '{example}'"))
            return
        self.errors.append(ContentError(self.rel_path, 1, key, f"thiếu trường bắt buộc '{key}'",
                                        f"thêm dòng '{example}' vào phần khai báo"))

    # -- the whole post ------------------------------------------------------------------
    def post(self) -> Post | None:
        data = self.fm.data
        for path, line, written in self.fm.curly:
            self.error(path, f"giá trị {written} nằm trong dấu nháy cong (Word tự đổi dấu nháy gõ vào); "
                             "YAML không coi đó là dấu nháy, nên bantin bỏ hai dấu này",
                       f"xoá hai dấu nháy; nếu muốn giữ chúng trong nội dung, đặt cả giá trị trong dấu nháy thẳng: "
                       f"'{written}'", written, line=line, warning=True)
        for key in data:
            if key not in FIELDS:
                self.error((key,), f"trường '{key}' không được hỗ trợ",
                           did_you_mean(key, FIELDS, f"các trường được dùng: {', '.join(FIELDS)}"), key)
        title = self.text("title", required=True, limit=MAX_TITLE)
        date = self.date()
        agency, units = self.agency_and_units()
        terms = self.terms()
        kind = self.kind()
        tags = self.tags()
        author = self.text("author")
        source = self.text("source")
        summary = self.text("summary", limit=MAX_SUMMARY) or plain_excerpt(self.fm.body)
        cover = self.photo(("cover",), data.get("cover")) if data.get("cover") is not None else None
        photos = self.photos()
        if cover and not cover.alt_text:  # `cover:` naming a gallery photo takes its caption
            match = next((p for p in photos if p.src == cover.src), None)
            if match:
                cover = replace(match, where=cover.where, line=cover.line)
        draft = self.draft()
        slug = self.slug(title)
        aliases = tuple(self.alias(path, a) for path, a in self.text_list("aliases"))
        limits = body_limits(self.fm.body, self.fm.body_line, self.rel_path)
        self.errors += limits
        html = self.rendered() if not limits else None  # Markdown would take minutes on it, or fail
        body_images = self.body_images(html or "")
        if html:
            self.markup(html)
        if any(not e.warning for e in self.errors):
            return None
        return Post(
            path=self.rel_path, title=title, date=date, agency=agency, units=units, terms=terms,
            kind=kind, tags=tags, author=author, source=source, summary=summary, cover=cover,
            photos=photos, draft=draft, slug=slug, aliases=tuple(a for a in aliases if a),
            body=self.fm.body, body_line=self.fm.body_line, body_images=body_images,
            slug_line=self.fm.line(("slug",)) if "slug" in data else self.fm.line(("title",)),
        )

    def date(self) -> dt.datetime:
        value = self.fm.data.get("date")
        if value is None or value == "":
            self.missing("date")
            return dates.now()
        try:
            return dates.parse_date(value)
        except dates.DateError as exc:
            self.error(("date",), f"ngày '{shorten(value)}' không hợp lệ: {exc}",
                       "ví dụ đúng: 2020-01-16 hoặc 2020-01-16 08:30", value)
            return dates.now()

    def agency_and_units(self) -> tuple[str, tuple[str, ...]]:
        value = self.text("agency", required=True)
        if not value:
            return "", ()
        agency = self.registry.lookup_agency(value)
        if isinstance(agency, Unknown):
            self.error(("agency",), agency.message, agency.suggestion
                       or "dùng mã một cơ quan trong registry.yml, hoặc thêm cơ quan mới vào đó", value)
            return "", ()
        units = []
        for path, raw in self.text_list("units"):
            raw = clean(raw)
            unit = self.registry.lookup_unit(agency, raw)
            if isinstance(unit, Unknown):
                known = ", ".join(u.key for u in agency.units) or "(chưa có)"
                self.error(path, unit.message, unit.suggestion or f"các đơn vị của {agency.short}: {known}", raw)
            else:
                units.append(unit.key)
        return agency.key, tuple(dict.fromkeys(units))

    def terms(self) -> tuple[Term, ...]:
        value = self.fm.data.get("term")
        if value is None or value == "":
            return ()
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        terms = []
        for i, item in items:
            path = ("term",) if i is None else ("term", i)
            try:
                terms.append(parse_term(item))
            except TermError as exc:
                self.error(path, f"nhiệm kỳ '{shorten(item)}' không hợp lệ: {exc}",
                           None if "ví dụ" in str(exc) else "viết dạng YYYY-YYYY, ví dụ 2020-2025", item)
        return tuple(sorted(dict.fromkeys(terms)))

    def kind(self) -> str:
        value = self.text("kind", required=True)
        if not value:
            return ""
        kind = self.registry.lookup_kind(value)
        if isinstance(kind, Unknown):
            self.error(("kind",), kind.message, kind.suggestion or "các loại tin: " + ", ".join(self.registry.kinds), value)
            return ""
        return kind.key

    def tags(self) -> tuple[str, ...]:
        """Tags as written, without repeats: "Đại hội điểm" and "đại hội điểm" are one tag."""
        by_slug: dict[str, str] = {}
        items = self.text_list("tags")
        if len(items) > MAX_TAGS:
            self.error(("tags",), f"bài có {len(items)} từ khóa, quá {MAX_TAGS}", "giữ lại vài từ khóa chính")
            return ()
        for path, value in items:
            tag = clean(value)
            if len(tag) > 100:
                self.error(path, f"từ khóa dài {len(tag)} ký tự, quá 100", "rút gọn từ khóa", tag)
            elif slugify(tag):
                by_slug.setdefault(slugify(tag), tag)
        return tuple(by_slug.values())

    def draft(self) -> bool:
        value = self.fm.data.get("draft", False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error(("draft",), f"'draft' phải là true hoặc false, không phải '{shorten(value)}'",
                       "viết 'draft: true' cho bài nháp, hoặc xoá dòng này", value)
            return False
        return value

    def slug(self, title: str) -> str:
        raw = self.fm.data.get("slug")
        hidden = first_invisible(raw) if isinstance(raw, str) else None
        if hidden and isinstance(raw, str):  # the URL is the slug as the editor sees it; say what was dropped
            shown = raw.replace(hidden, f"<U+{ord(hidden):04X}>")
            self.error(("slug",), f"slug '{shown}' có ký tự vô hình U+{ord(hidden):04X} "
                                  f"({unicodedata.name(hidden, 'không tên').lower()}); địa chỉ bỏ ký tự này: "
                                  f"'{clean(raw)}'",
                       "gõ lại dòng slug để xoá ký tự vô hình khỏi tệp", shown, warning=True)
        value = self.text("slug")
        if not value:
            return slugify(title) or "bai-viet"
        if not is_slug(value):
            self.error(("slug",), f"slug '{value}' không hợp lệ: chỉ gồm chữ thường không dấu, số và dấu '-'",
                       f"dùng '{slugify(value)}'", value)
        return value

    def alias(self, path: tuple, value: str) -> str:
        alias = value.strip().strip("/")
        if not alias or ".." in alias.split("/") or not _ALIAS.match(alias):
            self.error(path, f"đường dẫn cũ '{value}' không hợp lệ",
                       "ghi đường dẫn trong trang, ví dụ tin/2020/01/ten-cu", value)
            return ""
        return alias

    def photos(self) -> tuple[Photo, ...]:
        value = self.fm.data.get("photos")
        if value is None:
            return ()
        if not isinstance(value, list):
            self.error(("photos",), "'photos' phải là danh sách ảnh, mỗi ảnh một dòng bắt đầu bằng '- src:'",
                       value=value)
            return ()
        photos = [self.photo(("photos", i), item) for i, item in enumerate(value)]
        return tuple(p for p in photos if p)

    def photo(self, path: tuple, value: object) -> Photo | None:
        where = _field_name(path)
        if isinstance(value, str):  # `cover: a.jpg` or `- a.jpg`: the path alone
            resolved = self.resolve(path, value.strip())
            return Photo(resolved, where=where, line=self.fm.line(path)) if resolved else None
        if not isinstance(value, dict):
            self.error(path, "ảnh phải có dạng 'src: đường/dẫn/anh.jpg' (và caption, alt nếu có)", value=value)
            return None
        for key in value:
            if key not in _PHOTO_FIELDS:
                self.error(path + (key,), f"trường '{key}' của ảnh không được hỗ trợ",
                           did_you_mean(key, _PHOTO_FIELDS, "dùng src, caption, alt"), key)
        src = value.get("src")
        if not isinstance(src, str) or not src.strip():
            self.error(path + ("src",), "ảnh thiếu đường dẫn 'src'", "ví dụ: src: ../../images/2020/hoa.jpg")
            return None
        resolved = self.resolve(path + ("src",), src.strip())
        caption = self.text_at(path + ("caption",), value.get("caption"), limit=MAX_SUMMARY)
        alt = self.text_at(path + ("alt",), value.get("alt"), limit=MAX_SUMMARY)
        written = any(isinstance(value.get(k), (list, dict, bool)) for k in ("caption", "alt"))  # said above
        if resolved and not (caption or alt or written) and path[0] == "photos":
            self.error(path, f"ảnh '{src.strip()}' chưa có chú thích (caption) hay mô tả (alt)",
                       "thêm 'caption: …' mô tả ảnh cho người đọc và cho người khiếm thị", src, warning=True)
        return Photo(resolved, caption, alt, f"{where}.src", self.fm.line(path + ("src",))) if resolved else None

    def rendered(self) -> str | None:
        """The body as HTML ("" when it can hold no markup, so no image either), or None when
        Markdown cannot render it (said here)."""
        if not might_have_markup(self.fm.body):
            return ""
        html = render_body(self.fm.body)
        if html is None:
            self.error(("nội dung",), "nội dung lồng nhau quá sâu (thẻ HTML trong thẻ HTML, danh sách trong danh sách…)",
                       "bỏ bớt các tầng lồng nhau", line=self.fm.body_line)
        return html

    def markup(self, html: str) -> None:
        """Raw HTML, attributes and link targets in the body, as a browser would read them."""
        for finding in unsafe_markup(html, embeds=self.embeds):
            self.error(("nội dung",), finding.message, finding.hint, finding.what,
                       line=locate(self.fm.body, finding.needle, self.fm.body_line))

    def body_images(self, html: str) -> tuple[Photo, ...]:
        """Images of the body (Markdown or <img>), read from its HTML as a browser reads them (text
        that only looks like a tag, in a link's title or in code, is none), checked like photos."""
        found = []
        for src, alt in body_images(html):
            line = locate(self.fm.body, src.lower(), self.fm.body_line)
            src = unquote(src)
            if "://" in src or src.replace("\\", "/").startswith("//") or src.startswith(("data:", "#")):
                continue  # another host, or no file: the markup check says what is wrong
            resolved = self.resolve(("nội dung",), src, line=line)
            if resolved and not alt.strip():
                self.error(("nội dung",), f"ảnh '{src}' trong bài chưa có mô tả (alt)",
                           "viết mô tả giữa hai dấu ngoặc vuông: ![Quang cảnh hội nghị](…)", src,
                           line=line, warning=True)
            if resolved:
                found.append(Photo(resolved, alt=alt.strip(), where="nội dung", line=line))
        return tuple(found)

    def resolve(self, path: tuple, src: str, *, line: int | None = None) -> str:
        """Resolve an image path relative to the post file; it must stay inside the project."""
        if _CONTROL.search(src) or "\n" in src or "\t" in src:  # "\0" in YAML: no file system takes it
            shown = src.encode("unicode_escape").decode("ascii")
            self.error(path, f"đường dẫn ảnh '{shown}' có ký tự điều khiển",
                       "gõ lại đường dẫn, ví dụ: ../../images/2020/ten-bai/anh-1.jpg", shown, line=line)
            return ""
        if "://" in src or src.startswith(("/", "\\")) or (len(src) > 1 and src[1] == ":"):
            self.error(path, f"đường dẫn ảnh '{src}' phải là đường dẫn tương đối tới tệp trong dự án",
                       "ví dụ: ../../images/2020/ten-bai/anh-1.jpg", src, line=line)
            return ""
        joined = os.path.normpath(PurePosixPath(self.rel_path).parent.joinpath(src).as_posix())
        target = (self.root / joined).resolve()
        root = _resolved(self.root)
        if joined.startswith("..") or not target.is_relative_to(root):
            self.error(path, f"đường dẫn ảnh '{src}' trỏ ra ngoài thư mục dự án",
                       "đặt ảnh trong thư mục images/ và ghi đường dẫn tương đối", src, line=line)
            return ""
        if PurePosixPath(joined).suffix.lower() not in IMAGE_SUFFIXES:
            self.error(path, f"tệp '{src}' không phải ảnh (jpg, png, webp)",
                       "ghi đường dẫn tương đối tới tệp ảnh trong images/, ví dụ ../../images/2020/ten-bai/anh-1.jpg",
                       src, line=line)
            return ""
        if not target.is_file():
            self.error(path, f"không tìm thấy ảnh '{src}' (tức {joined})",
                       "kiểm tra tên tệp và thư mục, chữ hoa/thường phải khớp", src, line=line)
            return ""
        return PurePosixPath(joined).as_posix()


@lru_cache(maxsize=64)
def _resolved(root: Path) -> Path:
    return root.resolve()


_FENCE = re.compile(r"^\s*(```|~~~)")
_NESTING = re.compile(r" {0,3}(?:>|[-*+](?=\s)|\d{1,9}[.)](?=\s)) ?")


class _HtmlImages(HTMLParser):
    """<img> tags of a rendered body, read as a browser reads them (any quoting, any order)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (src, alt)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "img":
            values = dict(attrs)
            if values.get("src"):
                self.found.append((values["src"].strip(), values.get("alt") or ""))

    handle_startendtag = handle_starttag


def body_images(html: str) -> list[tuple[str, str]]:
    """(src, alt) of every image of a rendered body, in order."""
    if "<img" not in html:
        return []
    parser = _HtmlImages()
    parser.feed(html)
    parser.close()
    return parser.found


_OPENERS = {"[": ("]", "vuông", "viết \\[ để giữ dấu '[' như chữ"),
             "<": (">", "nhọn", "viết &lt; cho dấu '<' trong chữ, hoặc đóng thẻ HTML bằng '>'")}


def body_limits(body: str, first_line: int, rel_path: str) -> list[ContentError]:
    """What in a body would make Markdown take minutes, or fail: errors at the lines, found in
    one linear pass, before the body is ever rendered (the build and the tools that write posts
    apply the same limits).

    Python-Markdown's inline processing is super-linear within one paragraph: in its length (a
    2 MB body in one paragraph takes minutes, the same text in paragraphs seconds), and in each
    '[' or '<' left open, which is matched against the rest of the paragraph. It recurses once per
    level of quotes and lists. Table rows count apart."""
    errors: list[ContentError] = []

    def error(line: int, message: str, hint: str) -> None:
        errors.append(ContentError(rel_path, line, "nội dung", message, hint))

    start: int | None = None
    length, in_code = 0, False
    opened: dict[str, list[int]] = {c: [] for c in _OPENERS}  # where each opener not yet closed stands
    work = dict.fromkeys(_OPENERS, 0)
    worst = {c: (0, 0, 0) for c in _OPENERS}  # (cost, line, openers) of the costliest paragraph
    deepest, deep_line = 0, 0
    for offset, line in enumerate(body.split("\n") + [""]):
        if _FENCE.match(line):
            in_code = not in_code
        if in_code or not line.strip() or line.lstrip().startswith("|"):
            if length > MAX_PARAGRAPH:
                error(start or first_line, f"đoạn văn bắt đầu ở dòng {start} dài {_count(length)} ký tự, quá giới "
                      f"hạn {_count(MAX_PARAGRAPH)}", "ngắt thành nhiều đoạn: để một dòng trống giữa các đoạn")
                return errors
            for opener, positions in opened.items():
                cost = sum(length - at for at in positions)
                work[opener] += cost
                if cost > worst[opener][0]:
                    worst[opener] = (cost, start or first_line, len(positions))
                positions.clear()
            start, length = None, 0
            continue
        if start is None:
            start = first_line + offset
        expanded = line.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip(" "))
        depth, at = indent // 4, indent
        while (marker := _NESTING.match(expanded, at)) is not None:
            depth, at = depth + 1, marker.end()
        if depth > deepest:
            deepest, deep_line = depth, first_line + offset
        if "[" in line or "]" in line or "<" in line or ">" in line:
            previous = ""
            for i, char in enumerate(line):
                if previous != "\\":
                    if char in opened:
                        opened[char].append(length + i)
                    elif char == "]" and opened["["]:
                        opened["["].pop()
                    elif char == ">" and opened["<"]:
                        opened["<"].pop()
                previous = char
        length += len(line) + 1
    if deepest > MAX_NESTING:
        error(deep_line, f"dòng {deep_line} lồng {_count(deepest)} tầng (trích dẫn '>', danh sách, thụt lề), quá "
              f"giới hạn {MAX_NESTING}", "bỏ bớt các dấu '>' hoặc '-' ở đầu dòng, hoặc thụt lề ít hơn")
    for opener, (closer, name, fix) in _OPENERS.items():
        if work[opener] > MAX_BRACKET_WORK:
            _, where, count = worst[opener]
            error(where, f"đoạn văn bắt đầu ở dòng {where} có {_count(count)} dấu '{opener}' không được đóng bằng "
                  f"'{closer}': tạo trang sẽ rất chậm", f"đóng các dấu ngoặc {name}, hoặc {fix}")
    return errors


def _count(n: int) -> str:
    """A count as Vietnamese writes it: 51.050."""
    return f"{n:,}".replace(",", ".")


def _field_name(path: tuple) -> str:
    """("photos", 2, "src") → "photos[2].src"."""
    text = str(path[0])
    for part in path[1:]:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _kind_of(value: object) -> str:
    if isinstance(value, list):
        return "danh sách"
    if isinstance(value, dict):
        return "nhóm trường"
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "giá trị trống"
    return "giá trị khác"


_MARKDOWN = None


def render_body(body: str) -> str | None:
    """A body as HTML, through the Markdown extensions every bantin site has (for the markup
    check: the build renders pages itself, and checks what it rendered again)."""
    global _MARKDOWN
    if _MARKDOWN is None:
        import markdown

        _MARKDOWN = markdown.Markdown(extensions=["tables", "fenced_code", "attr_list", "md_in_html"])
    try:
        return _MARKDOWN.reset().convert(body)
    except RecursionError:  # nesting no page needs; the build would fail the same way
        return None


def parse_post(text: str, rel_path: str, registry: Registry, root: Path, *,
               embeds: tuple[str, ...] = ()) -> tuple[Post | None, list[ContentError]]:
    """Parse and validate one post's text. `rel_path` is the file relative to `root`;
    `embeds` are the hosts whose <iframe>s the site allows."""
    fm, errors = split(text, rel_path)
    if fm is None:
        return None, errors
    validator = _Validator(fm, rel_path, registry, root, embeds)
    post = validator.post()
    return post, sorted(validator.errors, key=lambda e: e.line or 0)  # warnings too, beside a valid post


_READ_FAILURES = {
    errno.ENOENT: "tệp không còn ở đó (có thể là lối tắt tới một tệp đã xoá)",
    errno.EACCES: "không có quyền đọc", errno.EPERM: "không có quyền đọc", errno.EISDIR: "đây là một thư mục",
    errno.ELOOP: "lối tắt trỏ vòng vào chính nó", errno.EIO: "lỗi đọc ổ đĩa", errno.ENAMETOOLONG: "đường dẫn quá dài",
    errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục",
}


def read_failure(exc: OSError) -> str:
    """Why a file could not be read, in Vietnamese (the system's own words are English)."""
    code = exc.errno
    return _READ_FAILURES.get(code or 0, f"lỗi hệ thống {errno.errorcode.get(code or 0, code)}")


_WRITE_FAILURES = {errno.ENOSPC: "ổ đĩa đã đầy", errno.EACCES: "không có quyền ghi", errno.EPERM: "không có quyền ghi",
                   errno.EROFS: "ổ đĩa chỉ cho đọc", errno.EIO: "lỗi ghi ổ đĩa",
                   errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục"}


def write_failure(exc: OSError) -> str:
    """Why a file could not be written, in Vietnamese."""
    code = exc.errno
    return _WRITE_FAILURES.get(code or 0, f"lỗi hệ thống {errno.errorcode.get(code or 0, code)}")


def too_long(size: int) -> tuple[str, str] | None:
    """Why a post file of `size` bytes is refused (message, hint), or None: the build's words,
    shared with the tools that write posts (`bantin import`)."""
    if size <= MAX_BYTES:
        return None
    return (f"tệp dài {size / 1e6:.1f} MB, quá {MAX_BYTES / 1e6:.0f} MB".replace(".", ","),
            "bài viết chỉ chứa chữ; ảnh để trong images/, tài liệu dài đưa lên nơi khác")


def read_post(path: Path, root: Path, registry: Registry, *,
              embeds: tuple[str, ...] = ()) -> tuple[Post | None, list[ContentError]]:
    rel = path.relative_to(root).as_posix()
    try:
        refused = too_long(path.stat().st_size)
        if refused:
            return None, [ContentError(rel, None, None, *refused)]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [ContentError(rel, None, None, f"không đọc được tệp: {read_failure(exc)}",
                                   "mở thử tệp trên máy; nếu không cần, xoá nó khỏi thư mục bài viết")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))  # Notepad's "Unicode"
        return None, [ContentError(rel, line, None,
                                   "tệp lưu bằng bảng mã UTF-16, không phải UTF-8" if utf16 else "tệp không phải UTF-8",
                                   "mở tệp và lưu lại với bảng mã UTF-8")]
    conflict = merge_conflict(text, rel)
    if conflict is not None:  # the markers alone, not the YAML errors they cause
        return None, [conflict]
    return parse_post(nfc(text), rel, registry, root, embeds=embeds)


MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd", ".mkdn"}  # in any case: .MD is Markdown too
# Files systems and editors leave beside the posts: never content, never worth a word.
_JUNK = re.compile(r"^(?:\..*|_.*|~.*|.*~|.*\.(?:swp|swo|tmp|bak|crdownload|part)|thumbs\.db|desktop\.ini|readme\.md)$",
                   re.IGNORECASE)


def scan_posts(posts_dir: Path) -> tuple[list[Path], list[Path]]:
    """Every Markdown file under posts/ at any depth (.md in any case, .markdown …), and every
    other file there that is not an editor's or system's leftover: the posts, and what a build
    ignores (reported, so a post saved as .txt or .docx is not silently missing). Stable order."""
    posts: list[Path] = []
    others: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(posts_dir):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        for name in sorted(filenames):
            if _JUNK.match(name):
                continue
            (posts if os.path.splitext(name)[1].lower() in MARKDOWN_SUFFIXES else others).append(Path(dirpath) / name)
    return sorted(posts, key=lambda p: p.as_posix()), sorted(others, key=lambda p: p.as_posix())


def find_post_files(posts_dir: Path) -> list[Path]:
    """Every post file under posts/ (see scan_posts)."""
    return scan_posts(posts_dir)[0]


def ignored_file(path: Path, root: Path) -> ContentError:
    """The warning for a file in posts/ that is not a post."""
    suffix = path.suffix.lower()
    hint = ("bài cũ dạng văn bản hay trang web: chuyển bằng 'bantin import'" if suffix in (".txt", ".html", ".htm")
            else "ảnh để trong thư mục images/ rồi khai báo trong bài" if suffix in IMAGE_SUFFIXES
            else "tài liệu Word: chép nội dung vào một bài .md (bantin new tạo sẵn)" if suffix in (".doc", ".docx", ".odt", ".rtf")
            else "nếu đây là bài viết, đổi đuôi tệp thành .md; nếu không, chuyển tệp ra khỏi thư mục bài viết")
    return ContentError(path.relative_to(root).as_posix(), None, None,
                        f"tệp '{path.name}' không phải bài viết Markdown (.md) nên không được đăng", hint, warning=True)
