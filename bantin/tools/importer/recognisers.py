"""What the importer recognises in any old article, whatever its layout: text hygiene, dates,
terms, kinds, agencies and bylines, each with the words it was read from (`Found`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Generic, TypeVar

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
    re.compile(r"(?:sáng|chiều|trưa|tối|hôm)\s+(?:nay\s+)?(?:\(?\s*)?" + _DMY, re.I),  # Sáng 09/01/2020
]


def _date(day: str, month: str, year: str, hour: str | None = None, minute: str | None = None) -> dt.datetime | None:
    try:
        return dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), tzinfo=TZ)
    except ValueError:
        return None


_WEEKDAY = r"(?:thứ\s*(?:hai|ba|tư|năm|sáu|sau|bảy|bay|[2-7])|chủ\s*nhật|cn|t[2-7])"
_LABEL = (r"(?:ngày\s*đăng|đăng\s*ngày|đăng\s*lúc|ngày\s*cập\s*nhật|cập\s*nhật(?:\s*lúc)?|thời\s*gian\s*đăng|"
          r"xuất\s*bản|ngày|lúc|đăng|posted|published|updated)")
_CLOCK = re.compile(r"(\d{1,2})\s*[:hg]\s*(\d{2})(?:\s*:\s*\d{2})?(?:\s*(?:am|pm|sa|ch)\b)?", re.I)
_DATELINE_NOISE = re.compile(
    _WEEKDAY + r"|" + _LABEL + r"|(?:view\s*count|lượt\s*xem|lượt\s*đọc|số\s*lần\s*xem)\s*:?\s*[\d.,]*"
    r"|\(?\s*gmt\s*\+?\s*0?7(?::00)?\s*\)?|\bict\b|[|,;:()\[\]/\-–—•·]", re.I)
_YMD = re.compile(r"(\d{4})\s*-\s*(\d{1,2})\s*-\s*(\d{1,2})")


def dateline(line: str) -> Found[dt.datetime] | None:
    """A line that is only a date as agency sites print it: "Thứ Ba, 14/01/2020 | 15:40",
    "Cập nhật lúc 08:30 ngày 15-03-2021", "Đăng ngày: 02-09-2021", "2020-01-14 15:40 GMT+7",
    "Ngày đăng 25/08/2017 | 03:59 | View count: 265". A line with other words is not one."""
    text = tidy(line)
    if len(text) > 90:
        return None
    # "Thứ Hai, ngày 10 tháng 01 năm 2022": the month in words, as the numbers.
    text_as_numbers = re.sub(r"(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:năm\s+|,\s*)(\d{4})", r"\1/\2/\3", text, flags=re.I)
    match = re.search(_DMY, text_as_numbers)
    ymd = None if match else _YMD.search(text)
    if match is None and ymd is None:
        return None
    found = match or ymd
    assert found is not None
    source = text_as_numbers if match else text
    rest = source[:found.start()] + " " + source[found.end():]
    clock = _CLOCK.search(rest)
    rest = _CLOCK.sub(" ", rest)
    if re.search(_DMY, rest) or _YMD.search(rest) or _DATELINE_NOISE.sub(" ", rest).strip():
        return None
    day, month, year = match.groups() if match else tuple(reversed(ymd.groups()))  # type: ignore[union-attr]
    hour, minute = clock.groups() if clock else (None, None)
    if clock and hour and re.search(r"(?:pm|ch)$", clock.group(0), re.I) and int(hour) < 12:
        hour = str(int(hour) + 12)  # "09:15 PM", "9:15 CH" (chiều)
    moment = _date(day, month, year, hour, minute)
    return Found(moment, text) if moment else None


def published_date(line: str) -> Found[dt.datetime] | None:
    """An explicit publication date: a dateline (`dateline`), "Ngày đăng 25/08/2017 | 03:59", a
    "2020-01-17 - " prefix."""
    text = tidy(line)
    whole = dateline(text)
    if whole:
        return whole
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



def mistyped_terms(text: str) -> list[Found[str]]:
    """Term-like phrases anywhere in the text that are not terms ("nhiệm kỳ 20117 – 2020"), each
    with the reason, in the order written."""
    return terms(text)[1]


def folded_words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


def contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


def kind_of(title: str, registry: Registry) -> Kind | None:
    """The kind the text names, the most specific (longest name) first; a name said with words
    between ("Đại hội các chi bộ trực thuộc", "Đại hội điểm chi bộ") next; else the event a named
    organisation holds ("Các chi bộ … tổ chức Đại hội", "Công đoàn cơ sở … tiến hành Đại hội")."""
    words = folded_words(title)
    best = None
    for kind in registry.kinds.values():
        for name in (kind.name, *kind.aliases):
            needle = folded_words(name)
            if contains(words, needle) and (best is None or len(needle) > best[0]):
                best = (len(needle), kind, name == kind.name)
    if best:
        held = _kind_held_by(words, registry)
        if not best[2] and held is not None and held != best[1]:
            # An alias that does not say whose event ("Đại hội đảng viên" of a Party committee) said
            # of another organisation ("Chi bộ thôn Đoài tổ chức Đại hội đảng viên"): not guessed.
            return None
        return best[1]
    return _kind_with_words_between(words, registry) or _kind_held_by(words, registry)


_FILLERS = {"cac", "diem", "nhung", "toan", "the"}  # "Đại hội các chi bộ", "Đại hội điểm chi bộ"
# An event held: "tổ chức (thành công) Đại hội", "tiến hành Đại hội", "khai mạc Đại hội".
_HOLD = [["to", "chuc"], ["tien", "hanh"], ["khai", "mac"], ["hoan", "thanh"], ["buoc", "vao"]]
_PARENT = {"thuoc"}
# Other verbs an opening's subject comes before: "long trọng tổ chức", "phối hợp", "đồng loạt".
_VERBS = [["long", "trong"], ["phoi", "hop"], ["dong", "loat"]]  # "Chi bộ X (trực) thuộc Đảng bộ Y": Y is the parent, not who holds the event


def _split_kinds(registry: Registry):
    """(event words, organisation words, kind) of kinds named "<event of two words> <organisation>"."""
    for kind in registry.kinds.values():
        for name in (kind.name, *kind.aliases):
            needle = folded_words(name)
            if len(needle) >= 4:
                yield needle[:2], needle[2:], kind


def _kind_with_words_between(words: list[str], registry: Registry) -> Kind | None:
    for event, org, kind in _split_kinds(registry):
        for i in range(len(words) - len(event) + 1):
            if words[i:i + len(event)] != event:
                continue
            j = i + len(event)
            while j < len(words) and j - i - len(event) < 2 and words[j] in _FILLERS:
                j += 1
            if j > i + len(event) and words[j:j + len(org)] == org:
                return kind
    return None


def _kind_held_by(words: list[str], registry: Registry) -> Kind | None:
    """The event held by the organisation that is the sentence's subject: the nearest organisation
    word before the verb, not one after "thuộc" (the parent)."""
    split = list(_split_kinds(registry))
    for i in range(len(words)):
        verb = next((v for v in _HOLD if words[i:i + len(v)] == v), None)
        if verb is None:
            continue
        after = words[i + len(verb):i + len(verb) + 5]
        events = [(e, o, k) for e, o, k in split if any(after[n:n + len(e)] == e for n in range(3))]
        if not events:
            continue
        best = None  # (position, kind) of the nearest organisation before the verb
        for _event, org, kind in events:
            for j in range(max(0, i - 40), i - len(org) + 1):
                if words[j:j + len(org)] == org and (j == 0 or words[j - 1] not in _PARENT) \
                        and (best is None or j > best[0] or (j == best[0] and len(org) > best[2])):
                    best = (j, kind, len(org))
        if best:
            return best[1]
    return None


def agency_of(text: str, registry: Registry) -> Agency | None:
    """The agency named (full name, short name or alias) in the text; the longest name wins."""
    words = folded_words(text)
    best = None
    for agency in registry.agencies.values():
        for name in (agency.name, agency.short, *agency.aliases):
            needle = folded_words(name)
            if contains(words, needle) and (best is None or len(needle) > best[0]):
                best = (len(needle), agency)
    return best[1] if best else None


@dataclass(frozen=True)
class Mention:
    """An agency or one of its units named in a text: where, and which agencies it can be."""

    start: int
    end: int
    agencies: tuple[str, ...]  # keys; several for a unit name many agencies have ("Chi bộ Văn phòng")
    unit: str = ""  # the unit's key when a unit is named (and its agency is known)
    parent: bool = False  # after "thuộc": the parent of what comes before
    affiliation: bool = False  # after a role ("Phó Bí thư Thường trực", "Ban Thường vụ"): a guest's body


_ROLES = [r.split() for r in ("bi thu", "uy vien", "thuong vu", "thuong truc", "dai dien", "lanh dao", "chu tich",
                              "dong y", "chi dao", "huong dan", "ke hoach", "van ban", "quyet dinh", "ban to chuc",
                              "uy ban kiem tra", "giam doc", "truong ban", "pho ban", "hoi truong", "tru so")]


def mentions(text: str, registry: Registry) -> list[Mention]:
    """Agencies and units named in `text`, in order, the longest name first where names overlap."""
    words = folded_words(text)
    names: list[tuple[list[str], tuple[str, ...], str]] = []
    for agency in registry.agencies.values():
        for name in (agency.name, agency.short, *agency.aliases):
            names.append((folded_words(name), (agency.key,), ""))
    units: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for agency in registry.agencies.values():
        for unit in agency.units:
            for name in (unit.name, *unit.aliases):
                units.setdefault(tuple(folded_words(name)), []).append((agency.key, unit.key))
    for words_of_unit, owners in units.items():
        owned = tuple(dict.fromkeys(a for a, _ in owners))
        names.append((list(words_of_unit), owned, owners[0][1] if len(owners) == 1 else ""))
    names.sort(key=lambda n: -len(n[0]))
    taken = [False] * len(words)
    found: list[Mention] = []
    for name_words, keys, unit_key in names:
        n = len(name_words)
        if not n:
            continue
        for i in range(len(words) - n + 1):
            if words[i:i + n] == name_words and not any(taken[i:i + n]):
                taken[i:i + n] = [True] * n
                before = words[max(0, i - 5):i]
                role = any(contains(before, r) for r in _ROLES)
                found.append(Mention(i, i + n, keys, unit_key, parent=bool(before) and before[-1] in _PARENT,
                                     affiliation=role))
    return sorted(found, key=lambda m: m.start)


def _subjects(found: list[Mention]) -> list[str]:
    """The agencies a text is about, in order: mentions not of a parent or a guest's body, a unit's
    agency made sure by the others ("Chi bộ Văn phòng thuộc Đảng bộ Sở Công Thương")."""
    sure = {m.agencies[0] for m in found if len(m.agencies) == 1}
    main = [m for m in found if not m.parent and not m.affiliation] or [m for m in found if not m.affiliation]
    out: list[str] = []
    for m in main:
        keys = m.agencies if len(m.agencies) == 1 else tuple(k for k in m.agencies if k in sure)
        if len(keys) == 1 and keys[0] not in out:
            out.append(keys[0])
    return out


def _opening(text: str) -> str:
    """The opening's first sentence, up to its verb ("… tổ chức Đại hội"): the subject comes before."""
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ])", text, maxsplit=1)[0]
    words = sentence.split()
    folded = [fold(w) for w in words]
    for i in range(1, len(words)):
        if any(folded[i:i + len(v)] == v for v in _HOLD + _VERBS):
            head = " ".join(words[:i])
            if _has_name(head):
                return head
            break
    return sentence


def _has_name(text: str) -> bool:
    return bool(re.search(r"(?i)\b(đảng bộ|đảng ủy|chi bộ|công đoàn|sở|cục|ban|xã|khối)\b", text))


@dataclass(frozen=True)
class Subject:
    """The agency an article is about, or the ones it could be about (then asked, never guessed)."""

    agency: Agency | None
    candidates: tuple[Agency, ...] = ()
    unit_subject: bool = False  # the subject is one of the agency's units (a branch), not the agency


def subject_agency(title: str, opening: str, registry: Registry) -> Subject:
    """The organisation the article is about: the subject of its title, else of its opening, not
    the first registry name in it (a parent committee or a guest's named in passing). Two in the
    title ("Đảng bộ A và Đảng bộ B phối hợp …") are asked about unless the opening's subject is
    one of them alone."""
    in_title = mentions(title, registry) if title else []
    in_opening = mentions(_opening(opening), registry) if opening else []
    titled, opened = _subjects(in_title), _subjects(in_opening)
    by_key = registry.agencies
    chosen = None
    if len(titled) == 1:
        chosen = titled[0]
    elif len(titled) > 1:
        if len(opened) == 1 and opened[0] in titled:
            chosen = opened[0]
        else:
            return Subject(None, tuple(by_key[k] for k in titled))
    elif len(opened) == 1:
        chosen = opened[0]
    elif opened:  # "Đảng bộ A và Đảng bộ B tổ chức …" with no title to tell
        return Subject(None, tuple(by_key[k] for k in opened))
    elif in_title or in_opening:  # a unit name several agencies have, nothing to tell which
        return Subject(None, tuple(by_key[k] for k in dict.fromkeys(
            k for m in in_title + in_opening for k in m.agencies)))
    if chosen is None:
        return Subject(None)
    first = next((m for m in in_title + in_opening if chosen in m.agencies and not m.parent and not m.affiliation),
                 None)
    return Subject(by_key[chosen], unit_subject=bool(first and (first.unit or len(first.agencies) > 1)))


_ORG_HEAD = re.compile(r"\b(Đảng bộ|Đảng ủy|Công đoàn(?: cơ sở)?|Chi bộ)\s+(?=[A-ZĐÀ-Ỹ])")
_NAME_STOP = {"tại", "về", "theo", "của", "với", "đã", "được", "cho", "nhằm", "lần", "nhiệm", "tổ",
              "long", "năm", "ngày", "sáng", "chiều", "tối", "đến", "để", "có", "là", "thuộc", "trực", "vào", "từ",
              "do", "khi", "tiến", "khai", "sơ", "tổng", "học", "kết", "phối", "đồng", "họp", "triển", "hướng",
              "chỉ", "vừa", "đang", "sẽ", "hoàn", "chào", "mừng", "tham", "dự", "gồm", "bầu", "quán", "số", "đại",
              "hội", "nghị", "thực", "lãnh", "ra", "trao", "tặng", "nhận", "thăm", "kiểm"}


def organisation_names(text: str) -> list[str]:
    """Organisation names in one line of text: "Đảng bộ", "Đảng ủy", "Công đoàn" or "Chi bộ" and
    the name after it, which ends at the first word that starts a sentence's verb or a phrase
    ("tại", "về", "tổ chức", "nhiệm kỳ", …) or at punctuation; never more than 9 words."""
    names = []
    for match in _ORG_HEAD.finditer(tidy(text)):
        words: list[str] = []
        for word in re.split(r"\s+", text[match.end():].strip()):
            bare = word.rstrip(",.;:!?…)\"”")
            if not bare or bare.lower() in _NAME_STOP or not re.match(r"[\wĐđ&-]", bare) or len(words) == 9:
                break
            if bare.lower() == "và" and not words:
                break
            words.append(bare)
            if bare != word:
                break
        while words and words[-1].lower() in ("và", "-", "&", "các", "trong"):
            words.pop()
        if words and words[0][:1].isupper():
            names.append(f"{match.group(1)} {' '.join(words)}")
    return names


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
    if re.fullmatch(r"(?:pv|ctv|btv|phóng viên|ban biên tập|nhóm pv)", text, re.I):
        return Byline(author=text)
    match = re.match(r"^(?:tác\s*giả|người\s*viết|phóng\s*viên|pv|ctv|cộng\s*tác\s*viên)\s*:\s*(.+)$", text, re.I)
    if match:
        return Byline(author=match.group(1).strip())
    match = re.match(r"^(?:tin\s*(?:và|,|&)?\s*ảnh|tin|bài|bài\s*(?:và|,)\s*ảnh|ảnh)\s*:?\s+(.+)$", text, re.I)
    if match and not _ORG.search(match.group(1)):
        return Byline(author=match.group(1).strip())
    parts = re.split(r"\s+[–—-]\s+", text, maxsplit=1)
    if len(parts) == 2 and _is_name(parts[0]):
        return Byline(author=parts[0], source=parts[1])
    if _is_name(text):
        return Byline(author=text)
    if _ORG.search(text) and not text.endswith((".", "!", "?")) and not re.search(r"[\d,;]", text):
        return Byline(source=text)  # a body's sentence has numbers or clauses; "Văn phòng Đảng ủy" has none
    return None


def _is_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 5 and all(_NAME_WORD.match(w) for w in words) and not _ORG.search(text)
