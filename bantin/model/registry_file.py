"""registry.yml → Registry: every entry read and checked, each problem with its line.

Keys must be slugs, every field known, parents must exist and form no loop, and no two entries
may share a name or alias (a post naming it would be ambiguous); all problems are collected.

`levels:` (optional: a registry without it is read as before) is the term calendar: each level
with its terms and their days. Agencies, units and kinds name a level; an agency without
`level:` has its parent's, a unit without one its agency's `unit_level:` (itself inherited).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from bantin.model import dates
from bantin.model.errors import ContentError, did_you_mean, merge_conflict, shorten
from bantin.model.registry import Agency, Kind, Level, Registry, TermSpan, Unit
from bantin.model.slugs import is_slug, slugify
from bantin.model.terms import TermError, parse_term, term_problem
from bantin.model.text import clean, match_key
from bantin.model.yaml_reader import line_of, parse_yaml


class _Reader:
    """Reads the registry file, collecting every problem with its line."""

    def __init__(self, rel_path: str, lines: dict):
        self.rel_path = rel_path
        self.lines = lines
        self.errors: list[ContentError] = []

    def error(self, path: tuple, message: str, hint: str | None = None, value: object = None) -> None:
        name = ".".join(str(p) for p in path)
        self.errors.append(ContentError(
            self.rel_path, line_of(self.lines, path), name, message, hint, None if value is None else shorten(value)
        ))

    def text(self, data: dict, path: tuple, key: str, *, required: bool = False) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.error(path, f"thiếu trường '{key}'", f"thêm dòng '{key}: …'")
            return ""
        if not isinstance(value, str) or not clean(value):
            self.error(path + (key,), f"'{key}' phải là một dòng chữ", value=value)
            return ""
        return clean(value)

    def texts(self, data: dict, path: tuple, key: str) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(path + (key,), f"'{key}' phải là danh sách chữ, ví dụ [SCT, Sở CT]", value=value)
            return ()
        return tuple(clean(v) for v in value if clean(v))

    def check_key(self, path: tuple, key: object, what: str) -> bool:
        if not isinstance(key, str) or not is_slug(key):
            self.error(
                path, f"mã {what} '{key}' không hợp lệ: chỉ gồm chữ thường không dấu, số và dấu '-'",
                f"dùng '{slugify(str(key))}'", key,
            )
            return False
        return True

    def mapping(self, value: object, path: tuple, what: str, example: str) -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.error(path, f"'{path[-1]}' phải là danh sách {what} dạng 'mã: …'",
                       f"viết mỗi {what} một dòng dạng mã: tên, không có dấu '-' ở đầu, ví dụ '{example}'")
            return {}
        return value

    def entries(self, value: object, path: tuple, what: str, fields: tuple[str, ...], example: str):
        """Yield (key, path, fields) for each valid `key: …` entry; `key: Name` is short for `name: Name`."""
        for key, raw in self.mapping(value, path, what, example).items():
            entry = path + (key,)
            if not self.check_key(entry, key, what):
                continue
            if isinstance(raw, str):
                raw = {"name": raw}
            if not isinstance(raw, dict):
                self.error(entry, f"{what} '{key}' phải có tên", f"ví dụ: '{example}'")
                continue
            self.unknown(raw, entry, fields)
            yield key, entry, raw

    def unknown(self, data: dict, path: tuple, allowed: tuple[str, ...]) -> None:
        for key in data:
            if key not in allowed:
                self.error(path + (key,), f"trường '{key}' không được hỗ trợ",
                           did_you_mean(key, allowed, f"các trường được dùng: {', '.join(allowed)}"), key)


_AGENCY_FIELDS = ("name", "short", "aliases", "parent", "description", "units", "emblem", "level", "unit_level")
_UNIT_FIELDS = ("name", "aliases", "level")
_KIND_FIELDS = ("name", "aliases", "description", "congress")
_LEVEL_FIELDS = ("name", "terms")
_SPAN_FIELDS = ("from", "to")
_LEVEL_EXAMPLE = "chi-bo: {name: Chi bộ, terms: {2020-2022: {from: 01/01/2020, to: 31/12/2022}}}"


def _levels(r: _Reader, value: object) -> dict[str, Level]:
    """`levels:`: each level's name and its terms, `2020-2025: {from: …, to: …}` (without the
    days, the whole years: 01/01/2020 to 31/12/2025)."""
    levels: dict[str, Level] = {}
    for key, path, raw in r.entries(value, ("levels",), "cấp", _LEVEL_FIELDS, _LEVEL_EXAMPLE):
        name = r.text(raw, path, "name", required=True)
        spans: list[TermSpan] = []
        terms = raw.get("terms")
        if not terms:
            r.error(path, f"cấp '{key}' chưa có nhiệm kỳ nào",
                    "thêm mục 'terms:' với mỗi nhiệm kỳ một dòng, ví dụ '2020-2025: {from: 01/07/2020, to: 30/06/2025}'")
        for written, span in r.mapping(terms, path + ("terms",), "nhiệm kỳ",
                                       "2020-2025: {from: 01/07/2020, to: 30/06/2025}").items():
            found = _span(r, path + ("terms", written), written, span)
            if found is None:
                continue
            if any(s.term == found.term for s in spans):
                r.error(path + ("terms", written), f"nhiệm kỳ {found.term} được khai báo hai lần ở cấp '{key}'",
                        "giữ một dòng cho mỗi nhiệm kỳ", written)
                continue
            spans.append(found)
        levels[key] = Level(key, name or key, tuple(sorted(spans, key=lambda s: (s.start, s.end))))
    return levels


def _span(r: _Reader, path: tuple, written: object, value: object) -> TermSpan | None:
    try:
        term = parse_term(str(written))
    except TermError as exc:
        r.error(path, term_problem(written, exc), "viết nhiệm kỳ dạng YYYY-YYYY, ví dụ 2020-2025", written)
        return None
    if value is None:
        return TermSpan(term, dt.date(term.start, 1, 1), dt.date(term.end, 12, 31))
    if not isinstance(value, dict):
        r.error(path, f"nhiệm kỳ {term} phải ghi ngày bắt đầu và ngày kết thúc",
                f"viết '{term}: {{from: 01/07/{term.start}, to: 30/06/{term.end}}}', hoặc chỉ '{term}:' "
                "để tính trọn các năm", value)
        return None
    r.unknown(value, path, _SPAN_FIELDS)
    days = {}
    for name, year, default in (("from", term.start, dt.date(term.start, 1, 1)),
                                ("to", term.end, dt.date(term.end, 12, 31))):
        raw = value.get(name)
        if raw is None:
            days[name] = default
            continue
        try:
            day = dates.parse_date(raw).date()
        except dates.DateError as exc:
            r.error(path + (name,), dates.date_problem(raw, exc), "ví dụ đúng: 01/07/2020 hoặc 2020-07-01", raw)
            return None
        if abs(day.year - year) > 1:
            what = "bắt đầu" if name == "from" else "kết thúc"
            r.error(path + (name,), f"ngày {what} {dates.format_short(day)} quá xa năm {year} của nhiệm kỳ {term}",
                    f"ghi một ngày trong năm {year}", raw)
            return None
        days[name] = day
    if days["to"] < days["from"]:
        r.error(path + ("to",), f"ngày kết thúc {dates.format_short(days['to'])} trước ngày bắt đầu "
                                f"{dates.format_short(days['from'])} của nhiệm kỳ {term}",
                "đổi lại hai ngày 'from' (bắt đầu) và 'to' (kết thúc)", value.get("to"))
        return None
    return TermSpan(term, days["from"], days["to"])


def _congress(r: _Reader, raw: dict, path: tuple, levels: dict[str, Level]) -> tuple[str, ...]:
    """`congress:` of a kind: the level (or levels) whose congress it is."""
    value = raw.get("congress")
    if value is None:
        return ()
    named = r.texts(raw, path, "congress")
    return tuple(key for key in named if _level_key(r, {"congress": key}, path, "congress", levels))


def _level_key(r: _Reader, raw: dict, path: tuple, field: str, levels: dict[str, Level]) -> str | None:
    """A level named by an agency, unit or kind: a key of `levels:`."""
    key = r.text(raw, path, field)
    if not key:
        return None
    if key not in levels:
        known = ", ".join(levels)
        r.error(path + (field,), f"cấp '{key}' không có trong mục 'levels:'",
                did_you_mean(key, list(levels), f"các cấp đã khai báo: {known}") if levels
                else "khai báo các cấp và nhiệm kỳ của chúng trong mục 'levels:' ở cuối tệp, "
                     f"ví dụ '{_LEVEL_EXAMPLE}'", key)
        return None
    return key


def _emblem(r: _Reader, raw: dict, path: tuple) -> str:
    """`emblem:` an image in the project, written from the folder of mkdocs.yml (the build
    checks that it exists and opens)."""
    value = r.text(raw, path, "emblem")
    parts = value.replace("\\", "/").split("/")
    if value and (value.startswith("/") or ":" in parts[0] or ".." in parts):
        r.error(path + ("emblem",), f"ảnh biểu trưng '{value}' nằm ngoài thư mục trang",
                "đặt ảnh trong thư mục trang, ví dụ images/bieu-trung/so-cong-thuong.png", value)
        return ""
    return value


def parse_registry(text: str, rel_path: str) -> tuple[Registry | None, list[ContentError]]:
    """Parse the registry YAML; return it and every problem found (None if it has errors)."""
    data, lines, errors = parse_yaml(text.lstrip("\ufeff").replace("\r\n", "\n"), rel_path)
    if errors:
        return None, errors
    r = _Reader(rel_path, lines)
    if not isinstance(data, dict):
        r.error((), "tệp danh mục phải có hai mục 'agencies:' và 'kinds:'",
                "viết dòng 'agencies:' rồi mỗi cơ quan một dòng 'mã: tên' thụt vào 2 dấu cách; "
                "sau đó dòng 'kinds:' rồi các loại tin, cùng cách viết")
        return None, r.errors
    r.unknown(data, (), ("agencies", "kinds", "levels"))
    levels = _levels(r, data.get("levels"))
    agencies: dict[str, Agency] = {}
    if not data.get("agencies"):
        r.error(("agencies",), "danh mục chưa có cơ quan nào", "thêm mục 'agencies:' với ít nhất một cơ quan")
    for key, path, raw in r.entries(data.get("agencies"), ("agencies",), "cơ quan", _AGENCY_FIELDS,
                                    "so-cong-thuong: Đảng bộ Sở Công Thương"):
        name = r.text(raw, path, "name", required=True)
        units = tuple(
            Unit(unit_key, r.text(unit_raw, unit_path, "name", required=True) or unit_key,
                 r.texts(unit_raw, unit_path, "aliases"), _level_key(r, unit_raw, unit_path, "level", levels))
            for unit_key, unit_path, unit_raw in r.entries(raw.get("units"), path + ("units",), "đơn vị",
                                                            _UNIT_FIELDS, "van-phong: Chi bộ Văn phòng")
        )
        agencies[key] = Agency(
            key=key,
            name=name or key,
            short=r.text(raw, path, "short") or name or key,
            aliases=r.texts(raw, path, "aliases"),
            parent=r.text(raw, path, "parent") or None,
            description=r.text(raw, path, "description"),
            units=units,
            emblem=_emblem(r, raw, path),
            level=_level_key(r, raw, path, "level", levels),
            unit_level=_level_key(r, raw, path, "unit_level", levels),
        )
    kinds: dict[str, Kind] = {}
    if not data.get("kinds"):
        r.error(("kinds",), "danh mục chưa có loại tin nào", "thêm mục 'kinds:', ví dụ 'dai-hoi-chi-bo: Đại hội Chi bộ'")
    for key, path, raw in r.entries(data.get("kinds"), ("kinds",), "loại tin", _KIND_FIELDS,
                                    "dai-hoi-chi-bo: Đại hội Chi bộ"):
        kinds[key] = Kind(key, r.text(raw, path, "name", required=True) or key,
                          r.texts(raw, path, "aliases"), r.text(raw, path, "description"),
                          _congress(r, raw, path, levels))
    _check_parents(r, agencies)
    _check_names(r, "agencies", agencies.values(), lambda a: (a.key, a.name, a.short, *a.aliases))
    _check_names(r, "kinds", kinds.values(), lambda k: (k.key, k.name, *k.aliases))
    for agency in agencies.values():
        _check_names(r, f"agencies.{agency.key}.units", agency.units, lambda u: (u.key, u.name, *u.aliases),
                     path_prefix=("agencies", agency.key, "units"))
    if r.errors:
        return None, r.errors
    return Registry.build(_inherit_levels(agencies), kinds, levels), []


def _inherit_levels(agencies: dict[str, Agency]) -> dict[str, Agency]:
    """Each agency's level and its units' level from its parent when it names none; each unit's
    from its agency's `unit_level` when it names none (parents are known to form no loop)."""
    resolved: dict[str, Agency] = {}

    def resolve(key: str) -> Agency:
        if key in resolved:
            return resolved[key]
        agency = agencies[key]
        parent = resolve(agency.parent) if agency.parent else None
        level = agency.level or (parent.level if parent else None)
        unit_level = agency.unit_level or (parent.unit_level if parent else None)
        units = tuple(u if u.level else replace(u, level=unit_level) for u in agency.units)
        resolved[key] = replace(agency, level=level, unit_level=unit_level, units=units)
        return resolved[key]

    return {key: resolve(key) for key in agencies}


def _check_parents(r: _Reader, agencies: dict[str, Agency]) -> None:
    for agency in agencies.values():
        if agency.parent is None:
            continue
        if agency.parent not in agencies:
            r.error(("agencies", agency.key, "parent"), f"cơ quan cấp trên '{agency.parent}' không có trong danh mục",
                    did_you_mean(agency.parent, list(agencies), "ghi mã của một cơ quan trong danh mục"), agency.parent)
            continue
        seen = {agency.key}
        cursor: Agency | None = agencies[agency.parent]
        while cursor is not None:
            if cursor.key in seen:
                r.error(("agencies", agency.key, "parent"), f"quan hệ cấp trên của '{agency.key}' tạo thành vòng lặp",
                        "một cơ quan không thể là cấp trên của chính nó", agency.parent)
                break
            seen.add(cursor.key)
            cursor = agencies.get(cursor.parent) if cursor.parent else None


def _check_names(r: _Reader, section: str, items, names, path_prefix: tuple | None = None) -> None:
    """Two entries must never share a name or alias: a post naming it would be ambiguous."""
    owner: dict[str, str] = {}
    prefix = path_prefix or (section,)
    for item in items:
        written = {match_key(n): n for n in reversed(names(item))}  # the first spelling of each name
        for key, name in written.items():
            other = owner.setdefault(key, item.key)
            if other != item.key:
                r.error(prefix + (item.key,), f"tên hoặc bí danh '{name}' trùng với '{other}'",
                        "mỗi tên chỉ được dùng cho một mục", name)


def load_registry(path: Path, root: Path) -> tuple[Registry | None, list[ContentError]]:
    rel = _rel(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [ContentError(rel, None, None, "không tìm thấy tệp danh mục cơ quan và loại tin",
                                   "tạo tệp này, hoặc đặt đường dẫn trong mục 'registry' của plugin bantin")]
    except UnicodeDecodeError as exc:
        return None, [ContentError(rel, None, None, f"tệp không phải UTF-8 (byte {exc.start})",
                                   "lưu lại tệp với bảng mã UTF-8")]
    conflict = merge_conflict(text, rel)
    if conflict is not None:
        return None, [conflict]
    return parse_registry(text, rel)


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
