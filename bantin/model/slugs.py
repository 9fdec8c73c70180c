"""Vietnamese text → ASCII URL slugs (đ → d), and detection of URL collisions."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_LENGTH = 100


@lru_cache(maxsize=1 << 16)  # tags, agencies and headings come back on every page that shows them
def slugify(text: str, *, max_length: int = MAX_LENGTH) -> str:
    """Return an ASCII slug: "Đại hội Chi bộ 2020 - 2022" → "dai-hoi-chi-bo-2020-2022".

    Tones and letter marks are dropped, đ/Đ become d, every other run of non
    alphanumerics becomes one hyphen. Long slugs are cut at a hyphen, not mid-word.
    """
    text = unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    slug = _NON_ALNUM.sub("-", text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[: max_length + 1].rsplit("-", 1)[0] if "-" in slug[:max_length] else slug[:max_length]
    return slug


def heading_slugify(value: str, separator: str = "-") -> str:
    """Slug function for Markdown's `toc` extension: ASCII anchors, "Đ" kept as "d"."""
    slug = slugify(value, max_length=80)
    return slug.replace("-", separator) if separator != "-" else slug


def is_slug(text: str) -> bool:
    return bool(SLUG_RE.match(text))
