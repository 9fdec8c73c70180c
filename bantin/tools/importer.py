"""Old CMS articles (plain text or HTML) into posts. Plain Python.

First the recognisers that do not depend on an article's layout (text hygiene, dates,
terms, kinds, agencies, bylines), then `recognise()`, which reads one article's layout
(section line, date line, title, body, captions, byline), and `plan_import()` /
`write_import()` / `report()`, which `bantin import` calls. What cannot be recognised is
left to the editor as a `# TODO` comment in the post and a line in the report.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from bantin.model.content import body_limits, read_failure, too_long
from bantin.model.dates import TZ
from bantin.model.registry import Agency, Kind, Registry
from bantin.model.terms import Term, TermError, parse_term
from bantin.model.text import fold, nfc

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u3000]+")


def tidy(line: str) -> str:
    """NFC; non-breaking and other wide spaces as one space; the fraction slash of "205-KH⁄ĐU" as "/".

    Quotes and the author's trailing "./." are kept as written.
    """
    return _SPACES.sub(" ", nfc(line).replace("\u2044", "/").replace("\u200b", "")).strip()


T = TypeVar("T")


@dataclass(frozen=True)
class Found(Generic[T]):
    value: T
    text: str  # the words it was read from, for the report


# -- dates --------------------------------------------------------------------------------------------
_DMY = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
_PUBLISHED = [
    re.compile(r"^" + _DMY + r"$"),  # a line of its own: 07/07/2023
    re.compile(r"ngày\s+đăng\s*:?\s*" + _DMY + r"(?:\s*\|?\s*(\d{1,2}):(\d{2}))?", re.I),
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})\s*[-–—]\s+"),  # 2020-01-17 - Sáng ngày…
]
_EVENT = [
    # "từ ngày 19 đến 21/4/2017", "trong các ngày 24 và 25 tháng 11 năm 2017": the first day counts.
    re.compile(r"ngày\s+(\d{1,2})\s+(?:đến|và|-|–)\s+(?:ngày\s+)?\d{1,2}\s*/\s*(\d{1,2})\s*/\s*(\d{4})", re.I),
    re.compile(r"ngày\s+(\d{1,2})\s+(?:đến|và|-|–)\s+(?:ngày\s+)?\d{1,2}\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.I),
    re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.I),  # Sáng ngày 06 tháng 7 năm 2023
    re.compile(r"ngày\s+" + _DMY, re.I),  # ngày 16/01/2020
]


def _date(day: str, month: str, year: str, hour: str | None = None, minute: str | None = None) -> dt.datetime | None:
    try:
        return dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), tzinfo=TZ)
    except ValueError:
        return None


def published_date(line: str) -> Found[dt.datetime] | None:
    """An explicit publication date: a date line, "Ngày đăng 25/08/2017 | 03:59", a "2020-01-17 - " prefix."""
    text = tidy(line)
    for n, pattern in enumerate(_PUBLISHED):
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groups()
        if n == 2:
            moment = _date(groups[2], groups[1], groups[0])
        else:
            moment = _date(*groups[:3], *(groups[3:5] if len(groups) > 3 else ()))
        if moment:
            return Found(moment, match.group(0).strip())
    return None


def event_date(text: str) -> Found[dt.datetime] | None:
    """The first date an article's text gives for its event ("Sáng ngày 06 tháng 7 năm 2023")."""
    text = tidy(text)
    best = None
    for pattern in _EVENT:
        match = pattern.search(text)
        if match and (best is None or match.start() < best[0].start()):
            moment = _date(*match.groups()[:3])
            if moment:
                best = (match, moment)
    return Found(best[1], best[0].group(0)) if best else None


# -- terms, kinds, agencies ------------------------------------------------------------------------------
_TERM = re.compile(r"nhiệm\s+kỳ\s*:?\s*(\d{2,6})\s*[-‐‑‒–—−]\s*(\d{2,6})", re.I)


def terms(text: str) -> tuple[list[Found[Term]], list[Found[str]]]:
    """(terms read, term-like phrases refused with the reason) in the order written, each once."""
    good, bad, seen = [], [], set()
    for match in _TERM.finditer(tidy(text)):
        try:
            term: Term = parse_term(f"{match.group(1)}-{match.group(2)}")
        except TermError as exc:
            bad.append(Found(str(exc), match.group(0)))
            continue
        if term not in seen:
            seen.add(term)
            good.append(Found(term, match.group(0)))
    return good, bad


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


def kind_of(title: str, registry: Registry) -> Kind | None:
    """The kind whose name or alias the title says, the most specific (longest) first."""
    words = _words(title)
    best = None
    for kind in registry.kinds.values():
        for name in (kind.name, *kind.aliases):
            needle = _words(name)
            if _contains(words, needle) and (best is None or len(needle) > best[0]):
                best = (len(needle), kind)
    return best[1] if best else None


def agency_of(text: str, registry: Registry) -> Agency | None:
    """The agency named (full name, short name or alias) in the text; the longest name wins."""
    words = _words(text)
    best = None
    for agency in registry.agencies.values():
        for name in (agency.name, agency.short, *agency.aliases):
            needle = _words(name)
            if _contains(words, needle) and (best is None or len(needle) > best[0]):
                best = (len(needle), agency)
    return best[1] if best else None


# -- bylines ------------------------------------------------------------------------------------------------
_ORG = re.compile(r"\b(phòng|ban|cục|sở|đảng bộ|đảng ủy|chi bộ|văn phòng|trung tâm|công đoàn|ủy ban|huyện|quận|"
                  r"tỉnh|thành phố|bộ|viện|trường)\b", re.I)
_NAME_WORD = re.compile(r"^[A-ZĐÀ-Ỹ][a-zà-ỹđ]+$")


@dataclass(frozen=True)
class Byline:
    author: str = ""
    source: str = ""


def byline(line: str) -> Byline | None:
    """Author and/or source from an article's closing line, or None if it is not a byline.

    "Tin Ngọc Sơn", "Nguồn:Trần Thu", "Nguyễn Thị Vân – Phòng VH&TT quận",
    "Cục Công Thương địa phương (ARIT)", "Văn phòng Đảng ủy".
    """
    text = tidy(line).rstrip(".")
    if not text or len(text.split()) > 12 or text.endswith((":", ";", ",")):
        return None
    match = re.match(r"^nguồn\s*:?\s*(.+)$", text, re.I)
    if match:
        return Byline(source=match.group(1).strip())
    match = re.match(r"^(?:tin\s*(?:và|,|&)?\s*ảnh|tin|bài|bài\s*(?:và|,)\s*ảnh|ảnh)\s*:?\s+(.+)$", text, re.I)
    if match and not _ORG.search(match.group(1)):
        return Byline(author=match.group(1).strip())
    parts = re.split(r"\s+[–—-]\s+", text, maxsplit=1)
    if len(parts) == 2 and _is_name(parts[0]):
        return Byline(author=parts[0], source=parts[1])
    if _is_name(text):
        return Byline(author=text)
    if _ORG.search(text) and not text.endswith((".", "!", "?")):
        return Byline(source=text)
    return None


def _is_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 5 and all(_NAME_WORD.match(w) for w in words) and not _ORG.search(text)


# -- whole articles ------------------------------------------------------------------------------------------
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
    parser.feed(html)
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
        words = _words(article.body)
        article.units = tuple(u.key for u in article.agency.units
                              if any(_contains(words, _words(n)) for n in (u.name, *u.aliases)))
    good, bad = terms(head)
    article.terms = tuple(f.value for f in good)
    for refused in bad:
        notes.append(f"'{refused.text}' không phải nhiệm kỳ hợp lệ ({refused.value}); chưa ghi vào bài")
        article.todo["term"] = f"nhiệm kỳ viết sai trong bài: '{refused.text}'"
    article.kind = kind_of(article.title or first, registry)
    if article.kind is None:
        article.todo["kind"] = "không nhận ra loại tin từ tiêu đề"
    if captions:
        article.todo["photos"] = "chép ảnh vào images/ và ghi đường dẫn 'src' cho từng chú thích"
    article.notes = tuple(notes)
    return article


def front_matter(article: Article) -> str:
    """The post's front matter: what was recognised, and a '# TODO' comment where the editor must act."""
    from bantin.tools.yaml_values import yaml_scalar

    todo = article.todo

    def line(key: str, value: str) -> str:
        note = f"  # TODO: {todo[key]}" if key in todo else ""
        return f"{key}: {value}{note}".rstrip()

    out = ["---",
           line("title", yaml_scalar(article.title) if article.title else ""),
           line("date", article.date.strftime("%Y-%m-%d %H:%M" if article.date.hour or article.date.minute
                                              else "%Y-%m-%d") if article.date else ""),
           line("agency", article.agency.key if article.agency else "")]
    if article.units:
        out.append(f"units: [{', '.join(article.units)}]")
    terms_text = ", ".join(str(t) for t in article.terms)
    out.append(line("term", (f"[{terms_text}]" if len(article.terms) > 1 else terms_text)))
    out.append(line("kind", article.kind.key if article.kind else ""))
    out.append(line("author", yaml_scalar(article.author) if article.author else ""))
    if article.origin:
        out.append(f"source: {yaml_scalar(article.origin)}")
    if article.captions:
        out.append(line("photos", ""))
        for caption in article.captions:
            out.append('  - src: ""')
            out.append(f"    caption: {yaml_scalar(caption)}")
    out.append("---")
    return "\n".join(out) + "\n"


IMPORTABLE = {".txt", ".html", ".htm"}


@dataclass(frozen=True)
class Planned:
    article: Article
    target: Path | None  # None: refused (the reason is in `refusal`)
    text: str
    refusal: str = ""


def plan_import(inputs: list[Path], root: Path, registry: Registry, posts_dir: str = "posts") -> list[Planned]:
    """What importing these files (or folders of them) would write; nothing is written here."""
    from bantin.model.slugs import slugify

    files: list[Path] = []
    for item in inputs:
        files += sorted(p for p in item.rglob("*") if p.suffix.lower() in IMPORTABLE) if item.is_dir() else [item]
    planned, taken = [], set()
    for file in files:
        try:
            raw = file.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            planned.append(Planned(Article(source=str(file)), None, "", "tệp không phải UTF-8; hãy lưu lại với UTF-8"))
            continue
        except OSError as exc:
            planned.append(Planned(Article(source=str(file)), None, "", f"không đọc được tệp ({read_failure(exc)})"))
            continue
        article = recognise(raw, str(file), registry, html=file.suffix.lower() in (".html", ".htm"))
        slug = slugify(article.title) or slugify(file.stem) or "bai-nhap"
        folder = str(article.date.year) if article.date else "chua-ro-ngay"
        target = root / posts_dir / folder / f"{slug}.md"
        text = front_matter(article) + "\n" + article.body + "\n"
        if target.exists() or target in taken:
            planned.append(Planned(article, None, text, f"đã có '{target.relative_to(root).as_posix()}', không ghi đè"))
            continue
        refused = too_long(len(text.encode("utf-8")))
        if refused:  # the build would refuse the post: the same words, before it is written
            planned.append(Planned(article, None, text, f"{refused[0]} → {refused[1]}"))
            continue
        first = front_matter(article).count("\n") + 2  # the body's first line in the post file
        limits = body_limits(article.body, first, target.relative_to(root).as_posix())
        if limits:  # a paragraph, '[' or nesting the build would refuse: its words, and nothing written
            planned.append(Planned(article, None, text, f"{limits[0].message} → {limits[0].hint}"))
            continue
        taken.add(target)
        planned.append(Planned(article, target, text))
    return planned


def write_import(planned: list[Planned]) -> Written:
    """Write the planned posts, each whole; on any failure (disk full, Ctrl-C) remove those
    already written and raise: an import is written entirely or not at all."""
    from bantin.tools.files import create_new, make_folders

    written = Written()
    try:
        for item in planned:
            if item.target is None:
                continue
            written.folders += make_folders(item.target.parent)
            try:
                create_new(item.target, lambda f: f.write(item.text.encode("utf-8")))  # noqa: B023 - called at once
            except FileExistsError:  # appeared since the plan was made: still never overwritten
                continue
            written.files.append(item.target)
    except BaseException:
        written.undo()
        raise
    return written


@dataclass
class Written:
    """What `write_import` created, so that a later failure (the report) can undo it all."""

    files: list[Path] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)

    def undo(self) -> None:
        from bantin.tools.files import remove_new

        remove_new(self.files, self.folders)


def report(planned: list[Planned], root: Path) -> str:
    """A Vietnamese report: per article, where it goes, what was read, what is left to do."""
    lines = []
    for item in planned:
        a = item.article
        lines.append(f"## {a.source}")
        if item.target is None:
            lines.append(f"- BỎ QUA: {item.refusal}")
            continue
        lines.append(f"- ghi vào: {item.target.relative_to(root).as_posix()}")
        lines.append(f"- tiêu đề: {a.title or '(chưa có)'}")
        lines.append(f"- ngày: {a.date.strftime('%d/%m/%Y %H:%M') if a.date else '(chưa có)'}"
                     + (f" (đọc từ: “{a.date_text}”)" if a.date_text else ""))
        lines.append(f"- cơ quan: {a.agency.short if a.agency else '(chưa có)'}; đơn vị: {', '.join(a.units) or '-'}; "
                     f"nhiệm kỳ: {', '.join(map(str, a.terms)) or '-'}; loại tin: {a.kind.name if a.kind else '(chưa có)'}")
        if a.captions:
            lines.append(f"- {len(a.captions)} chú thích ảnh (chưa có tệp ảnh)")
        for name, why in a.todo.items():
            lines.append(f"- CẦN LÀM [{name}]: {why}")
        for note in a.notes:
            lines.append(f"- ghi chú: {note}")
    written = sum(1 for p in planned if p.target is not None)
    lines.append(f"\nTổng cộng: {written} bài sẽ được ghi, {len(planned) - written} tệp bỏ qua.")
    return "\n".join(lines) + "\n"
