"""Indexes of published posts: by agency, unit, term, agency×term, kind, year, month and tag.

Built in one pass over the posts with dictionaries, so the cost is linear in their number.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from bantin.model.content import Post
from bantin.model.slugs import slugify
from bantin.model.terms import Term
from bantin.model.text import sort_key


@dataclass(frozen=True)
class Index:
    posts: tuple[Post, ...]  # every published post, newest first
    by_agency: dict[str, tuple[Post, ...]]
    by_unit: dict[tuple[str, str], tuple[Post, ...]]
    by_agency_term: dict[tuple[str, Term], tuple[Post, ...]]
    by_term: dict[Term, tuple[Post, ...]]
    by_kind: dict[str, tuple[Post, ...]]
    by_year: dict[int, tuple[Post, ...]]
    by_month: dict[tuple[int, int], tuple[Post, ...]]
    by_tag: dict[str, tuple[Post, ...]]  # keyed by the tag's slug
    tag_names: dict[str, str]  # tag slug → the name as first written
    neighbours: dict[str, tuple[Post | None, Post | None]]  # post path → (older, newer), same agency
    agency_terms: dict[str, tuple[Term, ...]]  # agency → its terms, newest first


def newest_first(posts: Iterable[Post]) -> list[Post]:
    """Newest first; posts of the same moment in Vietnamese title order."""
    ordered = sorted(posts, key=lambda p: p.date, reverse=True)
    # The collation key only where it decides: among posts of the same moment (few, if any).
    start = 0
    for end in range(1, len(ordered) + 1):
        if end == len(ordered) or ordered[end].date != ordered[start].date:
            if end - start > 1:
                ordered[start:end] = sorted(ordered[start:end], key=lambda p: sort_key(p.title))
            start = end
    return ordered


def build_index(posts: Iterable[Post]) -> Index:
    ordered = newest_first(posts)
    by_agency: dict = defaultdict(list)
    by_unit: dict = defaultdict(list)
    by_agency_term: dict = defaultdict(list)
    by_term: dict = defaultdict(list)
    by_kind: dict = defaultdict(list)
    by_year: dict = defaultdict(list)
    by_month: dict = defaultdict(list)
    by_tag: dict = defaultdict(list)
    tag_names: dict[str, str] = {}
    for post in ordered:
        by_agency[post.agency].append(post)
        for unit in post.units:
            by_unit[(post.agency, unit)].append(post)
        for term in post.terms:
            by_term[term].append(post)
            by_agency_term[(post.agency, term)].append(post)
        by_kind[post.kind].append(post)
        by_year[post.date.year].append(post)
        by_month[(post.date.year, post.date.month)].append(post)
        for tag in post.tags:
            slug = slugify(tag)
            if slug:
                tag_names.setdefault(slug, tag)
                by_tag[slug].append(post)
    neighbours: dict[str, tuple[Post | None, Post | None]] = {}
    for agency_posts in by_agency.values():
        for i, post in enumerate(agency_posts):
            newer = agency_posts[i - 1] if i > 0 else None
            older = agency_posts[i + 1] if i + 1 < len(agency_posts) else None
            neighbours[post.path] = (older, newer)

    agency_terms: dict = defaultdict(list)
    for agency, term in by_agency_term:
        agency_terms[agency].append(term)

    def freeze(d: dict) -> dict:
        return {k: tuple(v) for k, v in d.items()}

    return Index(
        posts=tuple(ordered),
        by_agency=freeze(by_agency),
        by_unit=freeze(by_unit),
        by_agency_term=freeze(by_agency_term),
        by_term=freeze(by_term),
        by_kind=freeze(by_kind),
        by_year=freeze(by_year),
        by_month=freeze(by_month),
        by_tag=freeze(by_tag),
        tag_names=tag_names,
        neighbours=neighbours,
        agency_terms={a: tuple(sorted(ts, reverse=True)) for a, ts in agency_terms.items()},
    )
