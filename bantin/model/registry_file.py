"""registry.yml → Registry: every entry read and checked, each problem with its line.

Keys must be slugs, every field known, parents must exist and form no loop, and no two entries
may share a name or alias (a post naming it would be ambiguous); all problems are collected.
"""

from __future__ import annotations

from pathlib import Path

from bantin.model.errors import ContentError, did_you_mean, merge_conflict, shorten
from bantin.model.registry import Agency, Kind, Registry, Unit
from bantin.model.slugs import is_slug, slugify
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


_AGENCY_FIELDS = ("name", "short", "aliases", "parent", "description", "units", "emblem")
_UNIT_FIELDS = ("name", "aliases")
_KIND_FIELDS = ("name", "aliases", "description")


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
    r.unknown(data, (), ("agencies", "kinds"))
    agencies: dict[str, Agency] = {}
    if not data.get("agencies"):
        r.error(("agencies",), "danh mục chưa có cơ quan nào", "thêm mục 'agencies:' với ít nhất một cơ quan")
    for key, path, raw in r.entries(data.get("agencies"), ("agencies",), "cơ quan", _AGENCY_FIELDS,
                                    "so-cong-thuong: Đảng bộ Sở Công Thương"):
        name = r.text(raw, path, "name", required=True)
        units = tuple(
            Unit(unit_key, r.text(unit_raw, unit_path, "name", required=True) or unit_key,
                 r.texts(unit_raw, unit_path, "aliases"))
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
        )
    kinds: dict[str, Kind] = {}
    if not data.get("kinds"):
        r.error(("kinds",), "danh mục chưa có loại tin nào", "thêm mục 'kinds:', ví dụ 'dai-hoi-chi-bo: Đại hội Chi bộ'")
    for key, path, raw in r.entries(data.get("kinds"), ("kinds",), "loại tin", _KIND_FIELDS,
                                    "dai-hoi-chi-bo: Đại hội Chi bộ"):
        kinds[key] = Kind(key, r.text(raw, path, "name", required=True) or key,
                          r.texts(raw, path, "aliases"), r.text(raw, path, "description"))
    _check_parents(r, agencies)
    _check_names(r, "agencies", agencies.values(), lambda a: (a.key, a.name, a.short, *a.aliases))
    _check_names(r, "kinds", kinds.values(), lambda k: (k.key, k.name, *k.aliases))
    for agency in agencies.values():
        _check_names(r, f"agencies.{agency.key}.units", agency.units, lambda u: (u.key, u.name, *u.aliases),
                     path_prefix=("agencies", agency.key, "units"))
    if r.errors:
        return None, r.errors
    return Registry.build(agencies, kinds), []


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
