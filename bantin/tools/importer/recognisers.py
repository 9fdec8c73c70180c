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


def folded_words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


def contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


def kind_of(title: str, registry: Registry) -> Kind | None:
    """The kind whose name or alias the title says, the most specific (longest) first."""
    words = folded_words(title)
    best = None
    for kind in registry.kinds.values():
        for name in (kind.name, *kind.aliases):
            needle = folded_words(name)
            if contains(words, needle) and (best is None or len(needle) > best[0]):
                best = (len(needle), kind)
    return best[1] if best else None


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
