"""The congress tracker: which agencies and units have held their congress of a level's term.

Kinds marked in the registry as a level's congress (`congress: chi-bo`) say what a post is; the
post's units of that level (else its agency, when it is of that level) held that congress on the
post's date, in the post's term of that level (written, or the calendar's). Everything of that
level is expected to hold it: units under their agency, agencies under their parent (an agency
without a parent under itself). One pass over the posts; then one pass over the registry.
A tracker exists for a level's term once one of its congresses has a post.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from bantin.model.content import Post
from bantin.model.project import Project
from bantin.model.registry import Level, Registry
from bantin.model.terms import Term
from bantin.model.text import sort_key
from bantin.model.urls import congress_csv_uri


@dataclass(frozen=True, slots=True)
class Subject:
    """An agency or a unit expected to hold a congress, and the posts saying it did (oldest first)."""

    agency: str
    unit: str | None
    name: str
    posts: tuple[Post, ...] = ()

    @property
    def held(self) -> bool:
        return bool(self.posts)

    @property
    def pilot(self) -> bool:
        return any(p.pilot for p in self.posts)


@dataclass(frozen=True, slots=True)
class Group:
    """One agency's share of a level's term: its units of the level (and, for agencies of the
    level, those under it)."""

    agency: str
    subjects: tuple[Subject, ...]

    @property
    def held(self) -> int:
        return sum(s.held for s in self.subjects)

    @property
    def total(self) -> int:
        return len(self.subjects)

    @property
    def percent(self) -> int:
        return round(100 * self.held / self.total) if self.total else 0


@dataclass(frozen=True, slots=True)
class Tracker:
    level: Level
    term: Term
    groups: tuple[Group, ...]  # agencies in Vietnamese order of their short names

    @property
    def held(self) -> int:
        return sum(g.held for g in self.groups)

    @property
    def total(self) -> int:
        return sum(g.total for g in self.groups)


def progress(held: int, total: int, level: Level) -> str:
    """"14/15 chi bộ đã tổ chức đại hội"."""
    return f"{held}/{total} {level.noun} đã tổ chức đại hội"


Key = tuple[str, Term, str, str | None]  # level, term, agency, unit (None: the agency itself)


def congresses(registry: Registry, posts: Iterable[Post]) -> dict[Key, list[Post]]:
    """The congress posts by what held the congress, oldest first: one pass over the posts."""
    held: dict[Key, list[Post]] = {}
    for post in sorted(posts, key=lambda p: p.date):
        kind = registry.kinds.get(post.kind)
        agency = registry.agencies.get(post.agency)
        if kind is None or agency is None:
            continue
        for level_key in kind.congress:
            level = registry.levels.get(level_key)
            if level is None:
                continue
            units: list[str | None] = [u for u in post.units if (found := agency.unit(u)) and found.level == level_key]
            if not units and agency.level == level_key:  # its own congress (its units named as taking part)
                units = [None]
            if not units:
                continue
            terms = [t for t in post.terms if level.span(t)]
            if not terms:
                running = level.term_at(post.date.date())
                terms = [running] if running else []
            for term in terms:
                for unit in units:
                    held.setdefault((level_key, term, post.agency, unit), []).append(post)
    return held


def trackers(registry: Registry, posts: Iterable[Post]) -> list[Tracker]:
    """Every level's term with a congress post, by level (registry order) then newest term first."""
    held = congresses(registry, posts)
    wanted: dict[str, set[Term]] = {}
    for level_key, term, _, _ in held:
        wanted.setdefault(level_key, set()).add(term)
    # What each level expects to hold a congress, grouped by agency: one pass over the registry.
    expected: dict[str, dict[str, list[tuple[str, str | None, str]]]] = {}
    for agency in registry.agencies.values():
        for unit in agency.units:
            if unit.level in wanted:
                expected.setdefault(unit.level, {}).setdefault(agency.key, []).append((agency.key, unit.key, unit.name))
        if agency.level in wanted:
            owner = agency.parent or agency.key
            expected.setdefault(agency.level, {}).setdefault(owner, []).append((agency.key, None, agency.name))
    result = []
    for level_key, level in registry.levels.items():
        for term in sorted(wanted.get(level_key, ()), reverse=True):
            groups = []
            for owner, subjects in expected.get(level_key, {}).items():
                ordered = sorted(subjects, key=lambda s: (s[1] is not None, sort_key(s[2])))
                groups.append(Group(owner, tuple(
                    Subject(a, u, name, tuple(held.get((level_key, term, a, u), ()))) for a, u, name in ordered)))
            groups.sort(key=lambda g: sort_key(registry.agencies[g.agency].short))
            result.append(Tracker(level, term, tuple(groups)))
    return result


CSV_HEADER = ("Cơ quan", "Mã cơ quan", "Đã tổ chức đại hội", "Tổng số", "Tỷ lệ (%)", "Đại hội điểm",
              "Chưa tổ chức")


_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n")


def cell(text: str) -> str:
    """Registry text as a CSV cell a spreadsheet shows as text: a name that begins as a formula
    would ("=HYPERLINK(…)", "+…", "-…", "@…") is quoted with an apostrophe (OWASP's advice on CSV
    injection), which spreadsheets hide and keep the text."""
    return "'" + text if text.startswith(_FORMULA) else text


def csv_text(registry: Registry, tracker: Tracker) -> str:
    """The overview as CSV: one row per agency, UTF-8 with a byte-order mark so that
    spreadsheet programs read the Vietnamese letters; CRLF line ends as RFC 4180 says."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for group in tracker.groups:
        agency = registry.agencies[group.agency]
        writer.writerow((cell(agency.name), agency.key, group.held, group.total, group.percent,
                         cell("; ".join(s.name for s in group.subjects if s.pilot)),
                         cell("; ".join(s.name for s in group.subjects if not s.held))))
    writer.writerow(("Tổng cộng", "", tracker.held, tracker.total,
                     round(100 * tracker.held / tracker.total) if tracker.total else 0, "", ""))
    return "\ufeff" + out.getvalue()


def congress_csv(project: Project) -> dict[str, str]:
    """Each overview's CSV file, by its place in the site."""
    registry = project.registry
    return {congress_csv_uri(t.level.key, t.term): csv_text(registry, t)
            for t in trackers(registry, project.index.posts)}
