"""One old article read: its layout (section line, date line, title, body, photo captions,
byline) and what the recognisers find in it, as an `Article` with what is left to the editor."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bantin.model.registry import Agency, Kind, Registry
from bantin.model.terms import Term
from bantin.model.text import fold
from bantin.tools.importer.recognisers import (
    agency_of,
    byline,
    contains,
    event_date,
    folded_words,
    kind_of,
    published_date,
    terms,
    tidy,
)

_BODY_START = re.compile(r"^(sáng|chiều|tối|trưa|ngày|trong|từ|vừa qua|thực hiện|căn cứ|nhằm|được sự)\b", re.I)
_GALLERY = re.compile(r"^một số hình ảnh", re.I)
_CAPTION = re.compile(r"^(?:\((.+)\)|ảnh\s*:\s*(.+))$", re.I)
# An agency the registry lacks, to propose: the Party committee or trade union before a branch.
_PROPOSE = [re.compile(rf"((?:{kind})\s+[^,.;:]+?)(?=\s+(?:lần|nhiệm kỳ|tổ chức|năm|long trọng)\b|[,.;:]|$)")
            for kind in ("Đảng bộ|Đảng ủy|Công đoàn", "Chi bộ")]


@dataclass
class Article:
    """What was recognised in one old article, and what the editor still has to do."""

    source: str
    title: str = ""
    date: dt.datetime | None = None
    date_text: str = ""
    agency: Agency | None = None
    units: tuple[str, ...] = ()
    terms: tuple[Term, ...] = ()
    kind: Kind | None = None
    author: str = ""
    origin: str = ""  # "Nguồn: …"
    captions: tuple[str, ...] = ()
    body: str = ""
    todo: dict[str, str] = field(default_factory=dict)  # field → why it is left for the editor
    notes: tuple[str, ...] = ()  # things seen and not used: refused terms, proposed agencies


def html_lines(html: str) -> list[str]:
    """Text lines of an HTML export: one per block; scripts, styles and handlers never survive."""
    from html.parser import HTMLParser

    from bantin.model.markup import parseable

    blocks = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "figcaption", "section",
              "article", "header", "footer", "blockquote", "td"}

    class Parser(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag, attrs):
            if tag in ("script", "style", "noscript", "template", "iframe", "head"):
                self.skip += 1
            elif tag in blocks:
                self.parts.append("\n")

        def handle_endtag(self, tag):
            if tag in ("script", "style", "noscript", "template", "iframe", "head"):
                self.skip = max(0, self.skip - 1)
            elif tag in blocks:
                self.parts.append("\n")

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    parser = Parser()
    parser.feed(parseable(html))
    parser.close()
    return "".join(parser.parts).split("\n")


def _as_text(line: str) -> str:
    """A line of an old article as Markdown that shows it as written: text that looked like a tag
    (`&lt;script&gt;` in the export, `<img onerror=…>` in a text file) or a Markdown link (which
    could carry `javascript:`) stays text. Editors may write HTML in posts; imports may not."""
    return line.replace("<", "&lt;").replace("[", "\\[")


def recognise(text: str, source: str, registry: Registry, *, html: bool = False) -> Article:
    lines = [tidy(line) for line in (html_lines(text) if html else text.splitlines())]
    lines = [line for line in lines if line]
    article = Article(source=source)
    notes: list[str] = []

    # Publication date: a date line or "Ngày đăng …" line near the top, or a "2020-01-17 - " prefix.
    for i, line in enumerate(lines[:4]):
        found = published_date(line)
        if found:
            article.date, article.date_text = found.value, found.text
            rest = line.replace(found.text, "", 1).strip(" |-–")
            if rest and not re.match(r"^(\d{1,2}:\d{2}|view count|lượt xem)", rest, re.I):
                lines[i] = rest
            else:
                del lines[i]
            break
    lines = [line for line in lines if not re.match(r"^(ngày đăng|view count|lượt xem)\b", line, re.I)]

    # A section name ("hoạt động đảng") above the title.
    if len(lines) > 1 and len(lines[0].split()) <= 4 and lines[0][:1].islower() and not re.search(r"[\d.!?]$", lines[0]):
        notes.append(f"bỏ dòng chuyên mục '{lines[0]}'")
        del lines[0]

    # The title: the first line, unless it reads as the body; a repeated title is dropped.
    if lines and len(lines[0]) <= 250 and not _BODY_START.match(lines[0]) and not lines[0].endswith("."):
        article.title = lines.pop(0)
        if lines and fold(lines[0]) == fold(article.title):
            del lines[0]
    else:
        article.todo["title"] = "bài không có dòng tiêu đề: hãy đặt tiêu đề"

    # The byline at the very end.
    if lines:
        closing = byline(lines[-1])
        if closing:
            article.author, article.origin = closing.author, closing.source
            lines.pop()
    if not article.author and not article.origin:
        article.todo["author"] = "không thấy tên người viết hay nguồn ở cuối bài"

    # Photo captions left where the pictures were.
    captions, body = [], []
    in_gallery = False
    for line in lines:
        caption = _CAPTION.match(line)
        if _GALLERY.match(line):
            in_gallery = True
        elif caption:
            captions.append((caption.group(1) or caption.group(2)).strip())
        elif in_gallery and len(line.split()) <= 40:
            captions.append(line)
        else:
            body.append(line)
    article.captions = tuple(captions)
    article.body = "\n\n".join(_as_text(line) for line in body)

    first = body[0] if body else ""
    if article.date is None:
        event = event_date(first) or event_date(article.body)
        if event:
            article.date, article.date_text = event.value, event.text
        else:
            article.todo["date"] = "không tìm thấy ngày đăng hay ngày diễn ra sự kiện"

    head = f"{article.title}\n{first}"
    article.agency = agency_of(head, registry)
    if article.agency is None:
        article.todo["agency"] = "không nhận ra cơ quan trong tiêu đề và đoạn đầu"
        proposed = next((m for m in (p.search(head) for p in _PROPOSE) if m), None)
        if proposed:
            notes.append(f"đề nghị thêm vào registry.yml cơ quan '{proposed.group(1).strip()}'")
    else:
        words = folded_words(article.body)
        article.units = tuple(u.key for u in article.agency.units
                              if any(contains(words, folded_words(n)) for n in (u.name, *u.aliases)))
    good, bad = terms(head)
    article.terms = tuple(f.value for f in good)
    for refused in bad:
        notes.append(f"'{refused.text}' không phải nhiệm kỳ hợp lệ ({refused.value}); chưa ghi vào bài")
        article.todo["term"] = f"nhiệm kỳ viết sai trong bài: '{refused.text}'"
    article.kind = kind_of(article.title or first, registry)
    if article.kind is None:
        article.todo["kind"] = "không nhận ra loại tin từ tiêu đề"
    if captions:
        article.todo["photos"] = "chưa có tệp ảnh cho các chú thích"
    article.notes = tuple(notes)
    return article
