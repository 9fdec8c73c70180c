"""One old article read: its layout (section line, date line, title, body, photo captions,
byline) and what the recognisers find in it, as an `Article` with what is left to the editor."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bantin.model.registry import Agency, Kind, Registry
from bantin.model.terms import Term, TermUse
from bantin.model.text import fold
from bantin.tools.importer.page import CAPTION, HEADING, IMAGE, read_page
from bantin.tools.importer.recognisers import (
    byline,
    contains,
    dateline,
    event_date,
    folded_words,
    kind_of,
    mistyped_terms,
    organisation_names,
    published_date,
    subject_agency,
    terms,
    tidy,
)
from bantin.tools.importer.terms import term_from_date

_BODY_START = re.compile(r"^(sáng|chiều|tối|trưa|ngày|trong|từ|vừa qua|thực hiện|căn cứ|nhằm|được sự)\b", re.I)
_GALLERY = re.compile(r"^một số hình ảnh", re.I)
_CAPTION = re.compile(r"^(?:\((.+)\)|ảnh\s*:\s*(.+))$", re.I)


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


def _as_text(line: str) -> str:
    """A line of an old article as Markdown that shows it as written: text that looked like a tag
    (`&lt;script&gt;` in the export, `<img onerror=…>` in a text file) or a Markdown link (which
    could carry `javascript:`) stays text. Editors may write HTML in posts; imports may not."""
    return line.replace("<", "&lt;").replace("[", "\\[")


_MARKS = re.compile("[\ue000-\ue002]")


def _standalone_caption(line: str) -> bool:
    """A photo's caption written as a short line of its own: no "Ảnh:", no final full stop,
    starting with a capital, not a numbered or shouted subheading, not a date or a byline."""
    words = line.split()
    return (2 <= len(words) <= 25 and not re.search(r"[.!?:;,…\-–—]$", line) and line[:1].isupper()
            and line.upper() != line and not re.match(r"^([0-9IVXivx]+[.)/]|[-+*•])", line)
            and not re.match(r"^\w+(?:\s+\w+)?\s*:", line)  # "Tác giả: …", "Nguồn: …": a label, not a caption
            and published_date(line) is None)


def recognise(text: str, source: str, registry: Registry, *, html: bool = False,
              known: tuple[TermUse, ...] = ()) -> Article:
    """One old article read. `known`: the terms the posts already written use (for a term the
    text does not give)."""
    text = _MARKS.sub("", text)  # the page reader's own marks, should an article hold them
    page = read_page(text) if html else None
    lines = [tidy(line) for line in (page.lines if page else text.splitlines())]
    lines = [line for line in lines if line]
    if page and page.byline:
        lines.append(tidy(page.byline))
    if lines and lines[-1].startswith(HEADING):  # a closing byline in bold
        lines[-1] = lines[-1][len(HEADING):]
    article = Article(source=source)
    notes: list[str] = []
    if page and page.chrome:
        notes.append("trang web lưu nguyên trang: đã bỏ thanh menu, đường dẫn, chia sẻ, tin liên quan, chân trang")

    # Publication date: the page's <time datetime>, a dateline near the top ("Thứ Ba, 14/01/2020 |
    # 15:40", "Ngày đăng …"), or a "2020-01-17 - " prefix; the dateline never stays in the body.
    if page and page.published:
        article.date, article.date_text = page.published, "ngày đăng ghi trong mã trang web"
    dated_at = -1  # where a dateline line stood (and was taken out)
    for i, line in enumerate(lines[:4]):
        found = published_date(line)
        if found:
            if article.date is None:
                article.date, article.date_text = found.value, found.text
            rest = line.replace(found.text, "", 1).strip(" |-–")
            if rest and not re.match(r"^(\d{1,2}:\d{2}|view count|lượt xem)", rest, re.I):
                lines[i] = rest
            else:
                del lines[i]
                dated_at = i
            break
    lines = [line for line in lines if not re.match(r"^(ngày đăng|view count|lượt xem)\b", line, re.I)]

    # A section name ("hoạt động đảng") above the title.
    if not (page and page.title) and len(lines) > 1 and len(lines[0].split()) <= 4 and lines[0][:1].islower() \
            and not re.search(r"[\d.!?]$", lines[0]):
        notes.append(f"bỏ dòng chuyên mục '{lines[0]}'")
        del lines[0]

    # The title: the page's <h1>, else the first line unless it reads as the body; a repeated title is dropped.
    if page and page.title:
        article.title = tidy(page.title)
        if lines and fold(lines[0]) == fold(article.title):
            del lines[0]
    elif lines and len(lines[0]) <= 250 and not _BODY_START.match(lines[0]) and not lines[0].endswith(".") \
            and not lines[0].startswith((IMAGE, CAPTION)):
        article.title = lines.pop(0)
        if lines and fold(lines[0]) == fold(article.title):
            del lines[0]
        # A title broken over two lines: a short line without a final stop, then the dateline.
        if dated_at == 2 and lines and len(lines[0].split()) <= 15 and not re.search(r"[.!?:;…]$", lines[0]) \
                and len(article.title) + len(lines[0]) <= 250:
            notes.append(f"tiêu đề viết trên hai dòng, đã nối: '{article.title}' + '{lines[0]}'")
            article.title = f"{article.title} {lines.pop(0)}"
    else:
        article.todo["title"] = "bài không có dòng tiêu đề: hãy đặt tiêu đề"
    if article.date is None:  # a dateline under the title
        for i, line in enumerate(lines[:2]):
            found = dateline(line)
            if found:
                article.date, article.date_text = found.value, found.text
                del lines[i]
                break

    # The byline at the very end.
    while lines and lines[-1] == IMAGE:
        lines.pop()
    if lines:
        closing = byline(lines[-1])
        if closing:
            article.author, article.origin = closing.author, closing.source
            lines.pop()
    if not article.author and not article.origin:
        article.todo["author"] = "không thấy tên người viết hay nguồn ở cuối bài"

    # Photo captions left where the pictures were: marked by the page, "Ảnh: …", "(…)", after
    # "Một số hình ảnh", or a short line of their own between paragraphs or beside a photo.
    captions: list[str] = []
    body: list[str] = []
    in_gallery = False
    # A short line without a final stop is a caption only where paragraphs end with one: an article
    # written without full stops has no way to tell its captions from its paragraphs.
    long_lines = [line for line in lines if len(line.split()) > 25]
    stops = not long_lines or sum(bool(re.search(r"[.!?…:;\"”)]$", line)) for line in long_lines) * 3 >= len(long_lines) * 2
    for n, line in enumerate(lines):
        caption = _CAPTION.match(line)
        beside_photo = (n > 0 and lines[n - 1] == IMAGE) or (n + 1 < len(lines) and lines[n + 1] == IMAGE)
        if line == IMAGE:
            continue
        if line.startswith(HEADING):
            body.append(line[len(HEADING):])
        elif line.startswith(CAPTION):
            if line[len(CAPTION):].strip():
                captions.append(line[len(CAPTION):].strip())
        elif _GALLERY.match(line):
            in_gallery = True
        elif caption:
            captions.append((caption.group(1) or caption.group(2)).strip())
        elif in_gallery and len(line.split()) <= 40:
            captions.append(line)
        elif (beside_photo or (body and stops)) and _standalone_caption(line):
            captions.append(line)
        else:
            body.append(line)
    article.captions = tuple(captions)

    first = body[0] if body else ""
    if article.date is None:
        event = event_date(first) or event_date("\n".join(body))
        if event:
            article.date, article.date_text = event.value, event.text
        else:
            article.todo["date"] = "không tìm thấy ngày đăng hay ngày diễn ra sự kiện"

    # The agency: the subject of the title and opening; two plausible ones are asked about.
    subject = subject_agency(article.title, first, registry)
    article.agency = subject.agency
    head = f"{article.title}\n{first}"
    if article.agency is None:
        if subject.candidates:
            names = " hay ".join(f"{a.key} ({a.short})" for a in subject.candidates)
            article.todo["agency"] = f"bài nói về {names}? hãy chọn một"
        else:
            article.todo["agency"] = "không nhận ra cơ quan trong tiêu đề và đoạn đầu"
            known_names = {tuple(folded_words(n)) for a in registry.agencies.values()
                           for n in (a.name, a.short, *a.aliases, *(x for u in a.units for x in (u.name, *u.aliases)))}
            proposals = [name for line in (article.title, first) for name in organisation_names(line)
                         if tuple(folded_words(name)) not in known_names]
            proposals.sort(key=lambda name: name.startswith("Chi bộ"))  # a committee before a branch
            if proposals:
                notes.append(f"đề nghị thêm vào registry.yml cơ quan '{proposals[0]}'")
    else:
        words = folded_words(f"{article.title}\n" + "\n".join(body))
        article.units = tuple(u.key for u in article.agency.units
                              if any(contains(words, folded_words(n)) for n in (u.name, *u.aliases)))

    # Terms: those of the title and opening; a mistyped one anywhere is reported and marked in the body.
    good, bad = terms(head)
    article.terms = tuple(f.value for f in good)
    everywhere = mistyped_terms(article.title + "\n" + "\n".join(body))
    for refused in everywhere:
        notes.append(f"'{refused.text}' không phải nhiệm kỳ hợp lệ ({refused.value}); chưa ghi vào bài, "
                     "đã đánh dấu trong bài để sửa")
    if bad:
        article.todo["term"] = f"nhiệm kỳ viết sai trong bài: '{bad[0].text}'"
    elif everywhere:
        article.todo["term"] = f"nhiệm kỳ viết sai trong thân bài: '{everywhere[0].text}' (đánh dấu {TYPO_MARK})"
    if not good and not bad and article.agency is not None and article.date is not None:
        units = article.units if subject.unit_subject else ()
        inferred = term_from_date(article.date, article.agency, units, known, registry)
        if inferred:
            article.terms = (inferred.term,)
            if not inferred.sure:
                article.todo.setdefault("term", inferred.why)
            notes.append(inferred.why)

    article.kind = kind_of(article.title, registry) if article.title else None
    if article.kind is None and first:  # no title line, or a title that does not say
        article.kind = kind_of(_opening_sentence(first), registry)
    if article.kind is None:
        article.todo["kind"] = "không nhận ra loại tin từ tiêu đề và đoạn đầu"
    if captions:
        article.todo["photos"] = "chưa có tệp ảnh cho các chú thích"
    marked = {f.text for f in everywhere}
    article.body = "\n\n".join(_marked(_as_text(line), marked) for line in body)
    article.notes = tuple(notes)
    return article


TYPO_MARK = "**[CẦN SỬA: nhiệm kỳ viết sai]**"


def _marked(line: str, typos: set[str]) -> str:
    """The line with each mistyped term followed by a mark the editor sees in the draft."""
    for typo in typos:
        line = line.replace(typo, f"{typo} {TYPO_MARK}")
    return line


def _opening_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ])", text, maxsplit=1)[0]
