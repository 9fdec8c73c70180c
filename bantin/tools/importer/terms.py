"""The term an imported post belongs to when its text names none (a mid-year review): the one
place the importer infers a term from a date.

The registry's term calendar (`levels:` with their terms and dates, issue 20 §1) answers first:
the term of the agency's (or the units') level that contains the date, with no TODO left. A
registry without a calendar, or a level it does not cover, falls back to `proposed_terms`: the
terms the posts already written for the same agency (or unit) use around that date, which the
editor is asked to check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bantin.model.calendar import levels_of, term_at
from bantin.model.registry import Agency, Registry
from bantin.model.terms import Term, TermUse, proposed_terms


@dataclass(frozen=True)
class Inferred:
    term: Term
    why: str  # Vietnamese, for the report and the post's TODO
    sure: bool = False  # from a calendar (True) or a guess from other posts (False: the editor checks it)


def term_from_date(moment: dt.datetime, agency: Agency, units: Sequence[str], known: Iterable[TermUse],
                   registry: Registry | None = None) -> Inferred | None:
    """The term that contains `moment` for this agency (or these units), or None when nothing says."""
    whose = f"{agency.short} › {', '.join(units)}" if units else agency.short
    if registry is not None:
        term = term_at(registry, moment, agency.key, units)
        if term is not None:
            level = levels_of(registry, agency, units)[0]
            return Inferred(term, f"nhiệm kỳ {term} suy ra từ ngày {moment:%d/%m/%Y} theo lịch nhiệm kỳ "
                                  f"cấp '{level.name}' của {whose}", sure=True)
    found = proposed_terms(moment, agency.key, units, known)
    if not found:
        return None
    return Inferred(found[0], f"nhiệm kỳ suy ra từ ngày {moment:%d/%m/%Y} theo các bài đã có của {whose}: "
                               "kiểm tra lại")
