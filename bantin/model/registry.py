"""The registry: agencies (with their branches/units), kinds of event and levels (with their
term calendar), and lookups in it.

It is data, not code: it is what turns "SCT", "Sở Công Thương" and
"Đảng bộ Sở Công Thương" into one agency key, and what a post is checked against.
It is read from registry.yml by `registry_file`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bantin.model.errors import closest
from bantin.model.terms import Term
from bantin.model.text import match_key, sort_key


@dataclass(frozen=True, slots=True)
class Unit:
    """A branch of an agency (chi bộ, phòng, công đoàn cơ sở…)."""

    key: str
    name: str
    aliases: tuple[str, ...] = ()
    level: str | None = None  # its level's key: written, else its agency's `unit_level`


@dataclass(frozen=True, slots=True)
class TermSpan:
    """A term of a level with the days it runs, both included. Adjacent terms may share days
    (the congress that closes one opens the next): a day in two belongs to the later."""

    term: Term
    start: dt.date
    end: dt.date

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class Level:
    """A level of organisation with its own terms: đảng bộ, chi bộ, công đoàn cơ sở…"""

    key: str
    name: str
    terms: tuple[TermSpan, ...] = ()  # in time order

    @property
    def noun(self) -> str:
        """The level's name inside a sentence: "14/15 chi bộ đã tổ chức đại hội"."""
        return self.name[:1].lower() + self.name[1:]

    def span(self, term: Term) -> TermSpan | None:
        return next((s for s in self.terms if s.term == term), None)

    def term_at(self, day: dt.date) -> Term | None:
        """The term running on `day`; of two (a congress day), the later."""
        found = [s.term for s in self.terms if s.contains(day)]
        return found[-1] if found else None


@dataclass(frozen=True, slots=True)
class Agency:
    key: str
    name: str
    short: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    description: str = ""
    units: tuple[Unit, ...] = ()
    emblem: str = ""  # an image in the project (from the folder of mkdocs.yml), shared by its pages
    level: str | None = None  # its level's key: written, else its parent's
    unit_level: str | None = None  # its units' level unless a unit says otherwise: written, else its parent's

    def unit(self, key: str) -> Unit | None:
        return next((u for u in self.units if u.key == key), None)


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of event: đại hội chi bộ, hội nghị sơ kết…"""

    key: str
    name: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    congress: tuple[str, ...] = ()  # the levels whose congress this kind is (đại hội chi bộ → chi-bo)


def _lookup_table(items, names) -> dict[str, str]:
    table: dict[str, str] = {}
    for item in items:
        for name in names(item):
            table.setdefault(match_key(name), item.key)
    return table


@dataclass(frozen=True)
class Registry:
    agencies: dict[str, Agency]
    kinds: dict[str, Kind]
    levels: dict[str, Level] = field(default_factory=dict)  # the term calendar; {} in an older registry
    _agency_names: dict[str, str] = field(default_factory=dict, repr=False)
    _kind_names: dict[str, str] = field(default_factory=dict, repr=False)
    _unit_names: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)
    _children: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, agencies: dict[str, Agency], kinds: dict[str, Kind],
              levels: dict[str, Level] | None = None) -> Registry:
        children: dict[str, list[str]] = {}
        for agency in agencies.values():
            if agency.parent:
                children.setdefault(agency.parent, []).append(agency.key)
        return cls(
            agencies,
            kinds,
            levels or {},
            _lookup_table(agencies.values(), lambda a: (a.key, a.name, a.short, *a.aliases)),
            _lookup_table(kinds.values(), lambda k: (k.key, k.name, *k.aliases)),
            {a.key: _lookup_table(a.units, lambda u: (u.key, u.name, *u.aliases)) for a in agencies.values()},
            {
                key: tuple(sorted(keys, key=lambda k: sort_key(agencies[k].short)))
                for key, keys in children.items()
            },
        )

    # Lookups accept the key, the full or short name, or an alias, with or without tones.
    def find_agency(self, value: str) -> Agency | None:
        key = self._agency_names.get(match_key(value))
        return self.agencies[key] if key else None

    def find_unit(self, agency: Agency, value: str) -> Unit | None:
        key = self._unit_names.get(agency.key, {}).get(match_key(value))
        return agency.unit(key) if key else None

    def find_kind(self, value: str) -> Kind | None:
        key = self._kind_names.get(match_key(value))
        return self.kinds[key] if key else None

    # Suggestions compare against every name and alias, and return the key to write.
    def suggest_agency(self, value: str) -> Agency | None:
        key = closest(value, {name: a.key for a in self.agencies.values()
                              for name in (a.key, a.name, a.short, *a.aliases)})
        return self.agencies[key] if key else None

    def suggest_unit(self, agency: Agency, value: str) -> Unit | None:
        key = closest(value, {name: u.key for u in agency.units for name in (u.key, u.name, *u.aliases)})
        return agency.unit(key) if key else None

    def suggest_kind(self, value: str) -> Kind | None:
        key = closest(value, {name: k.key for k in self.kinds.values() for name in (k.key, k.name, *k.aliases)})
        return self.kinds[key] if key else None

    # A name an editor wrote: its entry, or what to say (the nearest entry as the hint, if any).
    def lookup_agency(self, value: str) -> Agency | Unknown:
        return self.find_agency(value) or _unknown(f"cơ quan '{value}' không có trong danh mục",
                                                   self.suggest_agency(value))

    def lookup_unit(self, agency: Agency, value: str) -> Unit | Unknown:
        """A unit of `agency` by key, name or alias, or qualified with its agency as the web
        editor writes it (`so-cong-thuong/van-phong`): then it must be a unit of `agency`."""
        found = self.find_unit(agency, value) or self._qualified_unit(agency, value)
        return found or _unknown(f"đơn vị '{value}' không thuộc '{agency.short}'", self.suggest_unit(agency, value))

    def _qualified_unit(self, agency: Agency, value: str) -> Unit | Unknown | None:
        """`agency/unit` (each part a key, name or alias); None when no '/' follows an agency's name."""
        for cut in (i for i, char in enumerate(value) if char == "/"):
            owner = self.find_agency(value[:cut])
            if owner is None:
                continue
            named = value[cut + 1:].strip()
            if owner.key == agency.key:
                return self.find_unit(agency, named) or _unknown(
                    f"đơn vị '{named}' không thuộc '{agency.short}'", self.suggest_unit(agency, named))
            unit = self.find_unit(owner, named)
            if unit is None:
                return Unknown(f"đơn vị '{value}' không thuộc '{agency.short}'", None)
            return Unknown(f"đơn vị '{value}' ({unit.name}) thuộc '{owner.short}', không thuộc '{agency.short}' "
                           "(cơ quan của bài)",
                           f"bỏ đơn vị này; nếu bài là tin của {owner.short}, đổi 'agency' thành '{owner.key}'")
        return None

    def lookup_kind(self, value: str) -> Kind | Unknown:
        return self.find_kind(value) or _unknown(f"loại tin '{value}' không có trong danh mục",
                                                 self.suggest_kind(value))

    def children(self, key: str) -> tuple[str, ...]:
        """Keys of the agencies whose parent is `key`, in Vietnamese order."""
        return self._children.get(key, ())

    def sorted_agencies(self) -> list[Agency]:
        return sorted(self.agencies.values(), key=lambda a: sort_key(a.short))


@dataclass(frozen=True, slots=True)
class Unknown:
    """A name the registry does not hold: the message, and the hint naming the nearest entry
    (None when none is near: each caller says what to do instead)."""

    message: str
    suggestion: str | None


def _unknown(message: str, near: Agency | Unit | Kind | None) -> Unknown:
    if near is None:
        return Unknown(message, None)
    name = near.short if isinstance(near, Agency) else near.name  # as the registry's users know it
    return Unknown(message, f"có phải ý bạn là '{near.key}' ({name})?")
