"""The term calendar: which term a day falls in for an agency or its units, from the levels the
registry declares (registry.yml `levels:`).

`term_at` is the one question everything asks (the validator inferring a post's term, `bantin
new` and the importer proposing one); `term_problems` is what `bantin check` says of a `term:`
the calendar contradicts. A registry without levels answers nothing and says nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from bantin.model.dates import format_short
from bantin.model.registry import Agency, Level, Registry
from bantin.model.terms import Term


def _day(moment: dt.date) -> dt.date:
    return moment.date() if isinstance(moment, dt.datetime) else moment


def levels_of(registry: Registry, agency: Agency, units: Sequence[str] = ()) -> list[Level]:
    """The levels a post of `agency` about `units` belongs to: its units' levels (distinct, in
    the units' order), else the agency's own; [] when the registry gives none."""
    keys: list[str] = []
    for key in units:
        unit = agency.unit(key)
        if unit is not None and unit.level and unit.level not in keys:
            keys.append(unit.level)
    if not keys and agency.level:
        keys.append(agency.level)
    return [registry.levels[k] for k in keys if k in registry.levels]


def terms_at(registry: Registry, moment: dt.date, agency: str, units: Sequence[str] = ()) -> tuple[Term, ...]:
    """The terms running on `moment` for `agency`'s `units` (else the agency itself): one per
    level (a post about a chi bộ and its công đoàn has both their terms); () when the calendar
    does not say."""
    found = registry.agencies.get(agency)
    if found is None:
        return ()
    day = _day(moment)
    terms = [t for level in levels_of(registry, found, units) if (t := level.term_at(day)) is not None]
    return tuple(dict.fromkeys(terms))


def term_at(registry: Registry, moment: dt.date, agency: str, units: Sequence[str] = ()) -> Term | None:
    """The term containing `moment` for `agency` (or its `units`), or None: the term calendar's
    answer for one post, an imported article or a proposal (the first unit's level decides
    when units of several levels are named)."""
    terms = terms_at(registry, moment, agency, units)
    return terms[0] if terms else None


@dataclass(frozen=True, slots=True)
class TermProblem:
    """A `term:` the calendar contradicts: what to say, and the fix."""

    message: str
    hint: str
    term: Term


def term_problems(registry: Registry, moment: dt.date, agency: str, units: Sequence[str],
                  terms: Sequence[Term]) -> list[TermProblem]:
    """What is wrong with the `terms` a post of `agency` (`units`) dated `moment` names, by the
    calendar: a term no level of the post (its units' nor its agency's) has, and, when none of
    the terms contains the date (a post may name the coming term beside the running one), the
    first that does not. [] when the registry has no calendar for the post."""
    found = registry.agencies.get(agency)
    if found is None or not terms:
        return []
    levels = levels_of(registry, found, units)
    if found.level and found.level in registry.levels and registry.levels[found.level] not in levels:
        levels.append(registry.levels[found.level])  # a branch's post may name its agency's term
    if not levels:
        return []
    day = _day(moment)
    names = " hoặc ".join(f"'{lv.name}'" for lv in levels)
    running = terms_at(registry, day, agency, units) or tuple(
        t for lv in levels if (t := lv.term_at(day)) is not None)
    fix = (f"nhiệm kỳ chứa ngày {format_short(day)}: {', '.join(str(t) for t in running)}; "
           "sửa 'term', hoặc xoá dòng này để bantin tự điền theo ngày") if running else \
        f"thêm nhiệm kỳ chứa ngày {format_short(day)} vào mục 'levels:' của registry.yml"
    problems: list[TermProblem] = []
    known: list[tuple[Term, Level]] = []
    for term in terms:
        owner = next((lv for lv in levels if lv.span(term)), None)
        if owner is None:
            listed = "; ".join(f"{lv.name}: {', '.join(str(s.term) for s in lv.terms)}" for lv in levels)
            problems.append(TermProblem(
                f"nhiệm kỳ {term} không có trong lịch nhiệm kỳ của cấp {names} ({listed})", fix, term))
        else:
            known.append((term, owner))
    contained = [t for t, lv in known if any((s := v.span(t)) and s.contains(day) for v in levels)]
    if known and not contained and len(problems) < len(terms):
        term, owner = known[0]
        span = owner.span(term)
        assert span is not None
        problems.append(TermProblem(
            f"ngày {format_short(day)} của bài không thuộc nhiệm kỳ {term} của cấp '{owner.name}' "
            f"({format_short(span.start)} – {format_short(span.end)})", fix, term))
    return problems
