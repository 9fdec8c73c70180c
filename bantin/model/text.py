"""Unicode text helpers: NFC normalisation, accent folding and Vietnamese collation."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

# Combining marks that carry Vietnamese *tones* (dấu thanh), in dictionary order:
# ngang (none), huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a *letter* of their own (ă, â, ê, ô, ơ, ư).
_LETTER_MARKS = {"\u0306": "\u0306", "\u0302": "\u0302", "\u031b": "\u031b"}

# The Vietnamese alphabet in order; other letters sort by code point after these.
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]
_RANK = {unicodedata.normalize("NFC", letter): i for i, letter in enumerate(_ALPHABET)}
_DIGIT_BASE = -20  # digits sort before letters, as in dictionaries
_INVISIBLE = re.compile("[\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff\u00ad]")


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC, the form every string in bantin is kept in."""
    return unicodedata.normalize("NFC", text)


def first_invisible(text: str) -> str | None:
    """The first zero-width/bidi control character in `text`, if any (what `clean` removes)."""
    match = _INVISIBLE.search(text)
    return match.group() if match else None


def clean(text: str) -> str:
    """NFC, without zero-width/bidi control characters, whitespace runs collapsed."""
    return " ".join(_INVISIBLE.sub("", nfc(text)).split())


def fold_char(ch: str) -> str:
    """`fold` of one character: NFD, combining marks dropped, đ → d, case-folded."""
    decomposed = unicodedata.normalize("NFD", ch.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class _FoldTable(dict):
    """str.translate table filled on first sight of each character (NFD works per character,
    so folding character by character equals folding the whole text)."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = fold_char(chr(code))
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower-case ASCII-ish form for matching: tones and marks removed, đ → d.

    "Đại hội Chi bộ" → "dai hoi chi bo". Used for lookups and search, never shown.
    """
    return text.translate(_FOLD)


_SEPARATORS = re.compile(r"[\W_]+")


def match_key(text: str) -> str:
    """`fold` with every run of punctuation, hyphens or spaces as one space: for lookups.

    "so-cong-thuong", "Sở Công Thương" and "SỞ  CÔNG-THƯƠNG" all give "so cong thuong".
    """
    return _SEPARATORS.sub(" ", fold(text)).strip()


def _split_letter(ch: str) -> tuple[str, int]:
    """Split one NFC character into (letter without tone, tone number)."""
    decomposed = unicodedata.normalize("NFD", ch)
    tone = 0
    kept = []
    for part in decomposed:
        if part in _TONES:
            tone = _TONES[part]
        else:
            kept.append(part)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def sort_key(text: str) -> tuple:
    """Vietnamese collation key: letters first (a < ă < â … d < đ), then tones, then case.

    A small ICU-free approximation of Vietnamese dictionary order, good enough for
    titles and agency names: "Đảng" sorts after "Dân" and before "Em", never after "Z".
    """
    keys = [_char_key(ch) for ch in nfc(text)]
    return (tuple(k[0] for k in keys), tuple(k[1] for k in keys), tuple(k[2] for k in keys), text)


@lru_cache(maxsize=4096)
def _char_key(ch: str) -> tuple[int, int, int]:
    """(letter rank, tone, case) of one NFC character: a text has few distinct ones."""
    letter, tone = _split_letter(ch)
    lower = letter.lower()
    if lower in _RANK:
        primary = _RANK[lower]
    elif lower.isdigit():
        primary = _DIGIT_BASE + int(lower) if lower in "0123456789" else _DIGIT_BASE
    elif lower.isspace():
        primary = -100
    elif lower.isalpha():
        primary = 1000 + ord(lower)
    else:
        primary = -50  # punctuation sorts before letters, like a space
    return primary, tone, 0 if letter == lower else 1


def thousands(n: int) -> str:
    """12345 → '12.345', as Vietnamese writes numbers."""
    return f"{n:,}".replace(",", ".")


def escape_html(text: str) -> str:
    """Escape text for HTML element content and quoted attributes."""
    return html.escape(text, quote=True)


# The characters Python-Markdown un-escapes after a backslash; <, > and & become entities.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def escape_md(text: str) -> str:
    """Escape inline text so Markdown shows it literally (no emphasis, links or HTML)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


_CODE_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.S | re.M)


def markdown_text(markdown_text: str) -> str:
    """The words of a Markdown body as plain text (for search): no markup, links keep their text."""
    text = _CODE_FENCE.sub(" ", markdown_text)
    text = re.sub(r"<[^<>]+>", " ", text)  # [^<>]: each "<" scans only to the next one (linear)
    text = re.sub(r"\)\{[^}\n]*\}", ")", text)  # attribute lists after images and links
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(?m)^\s{0,3}(#{1,6}|[-*+]|\d+\.|>)\s+", "", text)
    text = re.sub(r"[*_`|]+", " ", text)
    return clean(text)


def plain_excerpt(markdown_text: str, limit: int = 220) -> str:
    """The first paragraph of a Markdown body as plain text, cut at a word boundary."""
    for block in re.split(r"\n\s*\n", markdown_text):
        block = block.strip()
        if not block or block.startswith(("#", "!", "<", "|", "```", ">", "---")):
            continue
        text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", block)
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
        text = re.sub(r"[*_`]+", "", text)
        text = clean(text)
        if not text:
            continue
        if len(text) <= limit:
            return text
        cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.")
        return cut + "…"
    return ""
