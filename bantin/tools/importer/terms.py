"""The term an imported post belongs to when its text names none (a mid-year review): the one
place the importer infers a term from a date.

The registry's term calendar (levels with their terms and dates, issue 20 §1) is being built
beside this; until it lands, the answer is `proposed_terms`: the terms the posts already written
for the same agency (or the same unit, for a branch's post) use around that date. When the
calendar lands, only `term_from_date` changes: ask the calendar for the level of the agency or
unit, and say so with `sure=True` (no TODO left for the editor).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bantin.model.registry import Agency
from bantin.model.terms import Term, TermUse, proposed_terms


@dataclass(frozen=True)
class Inferred:
    term: Term
    why: str  # Vietnamese, for the report and the post's TODO
    sure: bool = False  # from a calendar (True) or a guess from other posts (False: the editor checks it)


def term_from_date(moment: dt.datetime, agency: Agency, units: Sequence[str], known: Iterable[TermUse]) -> Inferred | None:
    """The term that contains `moment` for this agency (or these units), or None when nothing says."""
    found = proposed_terms(moment, agency.key, units, known)
    if not found:
        return None
    whose = f"{agency.short} › {', '.join(units)}" if units else agency.short
    return Inferred(found[0], f"nhiệm kỳ suy ra từ ngày {moment:%d/%m/%Y} theo các bài đã có của {whose}: "
                               "kiểm tra lại")
