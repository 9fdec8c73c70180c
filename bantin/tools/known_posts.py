"""What the posts already written say that a new post must agree with: the terms they use (to
propose one for `bantin new`) and the addresses they take (a new post may not take one).

Read from the front matter alone and leniently: a post with errors still says what it can, and
`bantin check` is where its errors are told. YAML is read once per file (about 0.2 ms a post).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bantin.model import dates
from bantin.model.frontmatter import split
from bantin.model.posts import MAX_BYTES, scan_posts
from bantin.model.registry import Agency, Registry
from bantin.model.slugs import is_slug, slugify
from bantin.model.terms import Term, TermError, TermUse, parse_term
from bantin.model.text import clean, nfc
from bantin.model.urls import page_url, post_uri
from bantin.site.redirects import alias_url


@dataclass(frozen=True)
class KnownPosts:
    terms: tuple[TermUse, ...] = ()
    # Every address a post is published or redirected at → (the post's file, how it holds it).
    urls: dict[str, tuple[str, bool]] = field(default_factory=dict)  # bool: held as an alias

    def holder(self, url: str) -> tuple[str, bool] | None:
        return self.urls.get(url)


def known_posts(root: Path, posts_dir: str, registry: Registry) -> KnownPosts:
    """The terms and addresses of every post under `posts_dir` (none when it does not exist)."""
    folder = root / posts_dir
    if not folder.is_dir():
        return KnownPosts()
    uses: list[TermUse] = []
    urls: dict[str, tuple[str, bool]] = {}
    for path in scan_posts(folder)[0]:
        data = _front_matter(path, root)
        if data is None:
            continue
        rel = path.relative_to(root).as_posix()
        moment = _date(data.get("date"))
        if moment is None:
            continue
        slug = _slug(data)
        if slug:
            urls.setdefault(page_url(post_uri(moment, slug)), (rel, False))
        for alias in _texts(data.get("aliases")):
            urls.setdefault(alias_url(alias.strip().strip("/")), (rel, True))
        agency = registry.find_agency(data["agency"]) if isinstance(data.get("agency"), str) else None
        if agency is not None:
            units = _units(registry, agency, data.get("units"))
            uses += [TermUse(term, agency.key, units, moment) for term in _terms(data.get("term"))]
    return KnownPosts(tuple(uses), urls)


def _front_matter(path: Path, root: Path) -> dict | None:
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    fm, _ = split(nfc(text), path.relative_to(root).as_posix())
    return fm.data if fm is not None else None


def _date(value: object):
    try:
        return dates.parse_date(value)
    except dates.DateError:
        return None


def _slug(data: dict) -> str:
    """The validator's rule: `slug:` as written, else the title's."""
    written = data.get("slug")
    if isinstance(written, str) and written.strip():
        return clean(written) if is_slug(clean(written)) else ""
    title = data.get("title")
    return (slugify(clean(title)) or "bai-viet") if isinstance(title, str) and title.strip() else ""


def _texts(value: object) -> list[str]:
    """A list field's items, or "a, b" written on one line, as the validator reads them."""
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _units(registry: Registry, agency: Agency, value: object) -> tuple[str, ...]:
    found = (registry.find_unit(agency, clean(item)) for item in _texts(value))
    return tuple(dict.fromkeys(unit.key for unit in found if unit is not None))


def _terms(value: object) -> list[Term]:
    terms = []
    for item in value if isinstance(value, list) else [value]:
        try:
            terms.append(parse_term(item))
        except TermError:
            pass
    return terms
