"""A post's front matter → Post: every field held to its rule and checked against the registry.

Every problem is collected (errors, and warnings beside a valid post), so that an editor meets
them all at once. The generic reading of a value is `fields`, the photos' paths `photos`, the
limits and images of the body `body`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

from bantin.model import dates
from bantin.model.body import body_limits, render_body
from bantin.model.calendar import term_problems, terms_at
from bantin.model.content import Post
from bantin.model.errors import ContentError, did_you_mean, shorten
from bantin.model.fields import MAX_SUMMARY, MAX_TITLE, FieldReader
from bantin.model.frontmatter import FrontMatter
from bantin.model.markup import locate, might_have_markup, unsafe_markup
from bantin.model.photos import body_photos, cover_and_gallery
from bantin.model.registry import Registry, Unknown
from bantin.model.slugs import is_slug, slugify
from bantin.model.terms import Term, TermError, parse_term, term_problem
from bantin.model.text import clean, first_invisible, plain_excerpt

FIELDS = ("title", "date", "updated", "agency", "units", "term", "kind", "pilot", "tags", "author", "source",
          "summary", "cover", "photos", "draft", "featured", "slug", "aliases")
MAX_TAGS = 30
_ALIAS = re.compile(r"^[A-Za-z0-9._~-]+(?:/[A-Za-z0-9._~-]+)*$")  # a path in the site, nothing else


def validate(fm: FrontMatter, rel_path: str, registry: Registry, root: Path,
             embeds: tuple[str, ...] = ()) -> tuple[Post | None, list[ContentError]]:
    """The Post `fm` describes (None when it has errors), and every problem found on the way.
    `embeds` are the hosts whose <iframe>s the site allows."""
    r = FieldReader(fm, rel_path)
    _curly_quotes(r)
    _unknown_fields(r)
    title = r.text("title", required=True, limit=MAX_TITLE)
    date = _date(r)
    updated = _updated(r, date)
    agency, units = _agency_and_units(r, registry)
    terms = _terms(r)
    dated = not any(e.field == "date" and not e.warning for e in r.errors)
    if agency and dated:
        terms = _calendar(r, registry, date, agency, units, terms)
    kind = _kind(r, registry)
    pilot = _pilot(r, registry, kind)
    tags = _tags(r)
    author = r.text("author")
    source = r.text("source")
    written = r.text("summary", limit=MAX_SUMMARY)
    summary = written or plain_excerpt(fm.body)
    cover, gallery = cover_and_gallery(r, root)
    draft = _flag(r, "draft", "viết 'draft: true' cho bài nháp, hoặc xoá dòng này")
    featured = _flag(r, "featured", "viết 'featured: true' để đưa bài lên đầu trang chủ, hoặc xoá dòng này")
    slug = _slug(r, title)
    aliases = tuple(_alias(r, path, a) for path, a in r.text_list("aliases"))
    limits = body_limits(fm.body, fm.body_line, rel_path)
    r.errors += limits
    html = _rendered(r) if not limits else None  # Markdown would take minutes on it, or fail
    body_images = body_photos(r, root, html or "")
    if html:
        _markup(r, html, embeds)
    if any(not e.warning for e in r.errors):
        return None, r.errors
    return Post(
        path=rel_path, title=title, date=date, agency=agency, units=units, terms=terms,
        kind=kind, tags=tags, author=author, source=source, summary=summary, cover=cover,
        photos=gallery, draft=draft, slug=slug, aliases=tuple(a for a in aliases if a),
        body=fm.body, body_line=fm.body_line, body_images=body_images,
        slug_line=fm.line(("slug",)) if "slug" in fm.data else fm.line(("title",)), updated=updated,
        sapo=bool(written),
        featured=featured,
        pilot=pilot,
    ), r.errors


def _curly_quotes(r: FieldReader) -> None:
    for path, line, written in r.fm.curly:
        r.error(path, f"giá trị {written} nằm trong dấu nháy cong (Word tự đổi dấu nháy gõ vào); "
                      "YAML không coi đó là dấu nháy, nên bantin bỏ hai dấu này",
                f"xoá hai dấu nháy; nếu muốn giữ chúng trong nội dung, đặt cả giá trị trong dấu nháy thẳng: "
                f"'{written}'", written, line=line, warning=True)


def _unknown_fields(r: FieldReader) -> None:
    for key in r.fm.data:
        if key not in FIELDS:
            r.error((key,), f"trường '{key}' không được hỗ trợ",
                    did_you_mean(key, FIELDS, f"các trường được dùng: {', '.join(FIELDS)}"), key)


def _date(r: FieldReader) -> dt.datetime:
    value = r.fm.data.get("date")
    if value is None or value == "":
        r.missing("date")
        return dates.now()
    try:
        return dates.parse_date(value)
    except dates.DateError as exc:
        r.error(("date",), dates.date_problem(value, exc),
                "ví dụ đúng: 2020-01-16 hoặc 2020-01-16 08:30", value)
        return dates.now()


def _updated(r: FieldReader, date: dt.datetime) -> dt.datetime | None:
    """`updated:`, the day of a later correction: optional, written like `date`, never before it."""
    value = r.fm.data.get("updated")
    if value is None or value == "":
        return None
    try:
        updated = dates.parse_date(value)
    except dates.DateError as exc:
        r.error(("updated",), dates.date_problem(value, exc),
                "ví dụ đúng: 2020-02-03 hoặc 2020-02-03 14:00; bỏ trống nếu bài chưa sửa", value)
        return None
    if updated < date:
        r.error(("updated",), f"ngày cập nhật {dates.format_typed(updated)} trước ngày đăng "
                              f"{dates.format_typed(date)}",
                "ghi ngày sửa bài, không trước ngày đăng (trường 'date')", value)
        return None
    return updated


def _agency_and_units(r: FieldReader, registry: Registry) -> tuple[str, tuple[str, ...]]:
    value = r.text("agency", required=True)
    if not value:
        return "", ()
    agency = registry.lookup_agency(value)
    if isinstance(agency, Unknown):
        r.error(("agency",), agency.message, agency.suggestion
                or "dùng mã một cơ quan trong registry.yml, hoặc thêm cơ quan mới vào đó", value)
        return "", ()
    units = []
    for path, raw in r.text_list("units"):
        raw = clean(raw)
        unit = registry.lookup_unit(agency, raw)
        if isinstance(unit, Unknown):
            known = ", ".join(u.key for u in agency.units) or "(chưa có)"
            r.error(path, unit.message, unit.suggestion or f"các đơn vị của {agency.short}: {known}", raw)
        else:
            units.append(unit.key)
    return agency.key, tuple(dict.fromkeys(units))


def _terms(r: FieldReader) -> tuple[Term, ...]:
    value = r.fm.data.get("term")
    if value is None or value == "":
        return ()
    items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
    terms = []
    for i, item in items:
        path = ("term",) if i is None else ("term", i)
        try:
            terms.append(parse_term(item))
        except TermError as exc:
            r.error(path, term_problem(item, exc),
                    None if "ví dụ" in str(exc) else "viết dạng YYYY-YYYY, ví dụ 2020-2025", item)
    return tuple(sorted(dict.fromkeys(terms)))


def _calendar(r: FieldReader, registry: Registry, date: dt.datetime, agency: str, units: tuple[str, ...],
              terms: tuple[Term, ...]) -> tuple[Term, ...]:
    """The post's terms: as written, checked against the term calendar (a warning naming the
    term and the level, the post is still built); when none is written, the calendar's for the
    post's date and level."""
    if not terms:
        return terms_at(registry, date, agency, units) if "term" not in r.fm.data or not r.fm.data["term"] else ()
    written = r.fm.data.get("term")
    for problem in term_problems(registry, date, agency, units, terms):
        path = ("term", written.index(str(problem.term))) if isinstance(written, list) and \
            str(problem.term) in written else ("term",)
        r.error(path, problem.message, problem.hint, str(problem.term), warning=True)
    return terms


def _pilot(r: FieldReader, registry: Registry, kind: str) -> bool:
    """`pilot: true`: a pilot congress (đại hội điểm), shown so on the congress tracker; only for
    a kind that is a congress."""
    pilot = _flag(r, "pilot", "viết 'pilot: true' cho đại hội điểm, hoặc xoá dòng này")
    found = registry.kinds.get(kind)
    if pilot and found is not None and not found.congress:
        congresses = ", ".join(k.key for k in registry.kinds.values() if k.congress) or "(chưa có)"
        r.error(("pilot",), f"'pilot: true' (đại hội điểm) chỉ dùng cho tin đại hội; loại tin '{found.name}' "
                            "không phải đại hội", f"xoá dòng 'pilot', hoặc đổi 'kind' thành một loại đại hội: "
                                                  f"{congresses}", True, warning=True)
        return False
    return pilot


def _kind(r: FieldReader, registry: Registry) -> str:
    value = r.text("kind", required=True)
    if not value:
        return ""
    kind = registry.lookup_kind(value)
    if isinstance(kind, Unknown):
        r.error(("kind",), kind.message, kind.suggestion or "các loại tin: " + ", ".join(registry.kinds), value)
        return ""
    return kind.key


def _tags(r: FieldReader) -> tuple[str, ...]:
    """Tags as written, without repeats: "Đại hội điểm" and "đại hội điểm" are one tag."""
    by_slug: dict[str, str] = {}
    items = r.text_list("tags")
    if len(items) > MAX_TAGS:
        r.error(("tags",), f"bài có {len(items)} từ khóa, quá {MAX_TAGS}", "giữ lại vài từ khóa chính")
        return ()
    for path, value in items:
        tag = clean(value)
        if len(tag) > 100:
            r.error(path, f"từ khóa dài {len(tag)} ký tự, quá 100", "rút gọn từ khóa", tag)
        elif slugify(tag):
            by_slug.setdefault(slugify(tag), tag)
    return tuple(by_slug.values())


def _flag(r: FieldReader, name: str, hint: str) -> bool:
    """A yes/no field (`draft`, `featured`): true or false, absent is false."""
    value = r.fm.data.get(name, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        r.error((name,), f"'{name}' phải là true hoặc false, không phải '{shorten(value)}'", hint, value)
        return False
    return value


def _slug(r: FieldReader, title: str) -> str:
    raw = r.fm.data.get("slug")
    hidden = first_invisible(raw) if isinstance(raw, str) else None
    if hidden and isinstance(raw, str):  # the URL is the slug as the editor sees it; say what was dropped
        shown = raw.replace(hidden, f"<U+{ord(hidden):04X}>")
        r.error(("slug",), f"slug '{shown}' có ký tự vô hình U+{ord(hidden):04X} "
                           f"({unicodedata.name(hidden, 'không tên').lower()}); địa chỉ bỏ ký tự này: "
                           f"'{clean(raw)}'",
                "gõ lại dòng slug để xoá ký tự vô hình khỏi tệp", shown, warning=True)
    value = r.text("slug")
    if not value:
        return slugify(title) or "bai-viet"
    if not is_slug(value):
        r.error(("slug",), f"slug '{value}' không hợp lệ: chỉ gồm chữ thường không dấu, số và dấu '-'",
                f"dùng '{slugify(value)}'", value)
    return value


def _alias(r: FieldReader, path: tuple, value: str) -> str:
    alias = value.strip().strip("/")
    if not alias or ".." in alias.split("/") or not _ALIAS.match(alias):
        r.error(path, f"đường dẫn cũ '{value}' không hợp lệ",
                "ghi đường dẫn trong trang, ví dụ tin/2020/01/ten-cu", value)
        return ""
    return alias


def _rendered(r: FieldReader) -> str | None:
    """The body as HTML ("" when it can hold no markup, so no image either), or None when
    Markdown cannot render it (said here)."""
    if not might_have_markup(r.fm.body):
        return ""
    html = render_body(r.fm.body)
    if html is None:
        r.error(("nội dung",), "nội dung lồng nhau quá sâu (thẻ HTML trong thẻ HTML, danh sách trong danh sách…)",
                "bỏ bớt các tầng lồng nhau", line=r.fm.body_line)
    return html


def _markup(r: FieldReader, html: str, embeds: tuple[str, ...]) -> None:
    """Raw HTML, attributes and link targets in the body, as a browser would read them."""
    for finding in unsafe_markup(html, embeds=embeds):
        r.error(("nội dung",), finding.message, finding.hint, finding.what,
                line=locate(r.fm.body, finding.needle, r.fm.body_line))
