"""The site's bantin settings (the plugin's options in mkdocs.yml): one object, one set of rules.

The MkDocs plugin validates its options with these rules (engine/plugin.py) and every `bantin`
command reads the same options through the engine (engine/build.py: load_settings), so a
folder, a width or a host means the same thing to `bantin check`, `new`, `photos add`, `import`
and the build. An impossible value is refused with one Vietnamese line, never quietly changed.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from bantin.model.project import Options


class SettingError(ValueError):
    """An option's value cannot be used: the message says what is needed (Vietnamese)."""


@dataclass(frozen=True)
class Publisher:
    """The publisher's block in every page's footer, as Vietnamese agencies' sites carry one: the
    owning agency, its address, a phone number, the address to send news to and the person
    responsible for the content. Each line is left out when empty."""

    owner: str = ""  # cơ quan chủ quản
    address: str = ""
    phone: str = ""
    email: str = ""  # where to send news (a mailto: link)
    responsible: str = ""  # chịu trách nhiệm nội dung

    @property
    def tel(self) -> str:
        """The phone number for a tel: link: its digits and a leading +."""
        return ("+" if self.phone.strip().startswith("+") else "") + "".join(c for c in self.phone if c.isdigit())


@dataclass(frozen=True)
class Settings:
    posts_dir: str = "posts"
    images_dir: str = "images"
    registry: str = "registry.yml"
    cache_dir: str = ".cache/bantin"
    drafts: bool = False  # include posts marked `draft: true` (bantin serve --drafts)
    future: bool = False  # include posts dated after the build
    per_page: int = 10
    navigation: bool = True
    image_widths: tuple[int, ...] = (320, 640, 1280, 1920)
    jpeg_quality: int = 80
    webp_quality: int = 76
    copy_originals: bool = False
    search: bool = True  # bantin's search; false leaves Material's plugin alone
    compact_html: bool = True  # cut indentation from written pages (see site/compact.py)
    embeds: tuple[str, ...] = ()  # hosts whose <iframe>s posts may carry
    editor_repo: str | None = None  # the site's GitHub repository (owner/name), where /admin/ saves
    editor_branch: str | None = None  # its branch; None: the repository's default branch
    cname: str | None = None  # the site's own domain (tin.socongthuong.gov.vn): written to CNAME, named by robots.txt
    social_image: str | None = None  # the image pages share when they have none (e.g. the emblem)
    emblem: str | None = None  # the masthead's image (the agency's emblem) instead of Material's icon
    publisher: Publisher | None = None  # the footer's publisher block; None: no block
    bulletin: bool = True  # each month's print-ready issue (luu-tru/YYYY/MM/ban-tin/)
    bulletin_pdf: bool = True  # and its A4 PDF, where the PDF engine is installed (not under `serve`)
    workers: int = 0  # processes rendering the posts' bodies; 0: one per core (engine/bodies.py)
    render_cache: bool = True  # keep rendered bodies in cache_dir between builds (engine/bodies.py)

    def options(self, root: Path) -> Options:
        """What loading a project needs of these settings, for the project at `root`."""
        return Options(root=root, posts_dir=self.posts_dir, images_dir=self.images_dir, registry=self.registry,
                       drafts=self.drafts, future=self.future or self.drafts, per_page=self.per_page,
                       embeds=self.embeds)


def _optional_path(value: object) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _path(value)


def _whole(low: int, high: int) -> Callable[[object], int]:
    def check(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise SettingError(f"cần một số nguyên từ {low} đến {high}, không phải {value!r}")
        return value
    return check


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise SettingError(f"cần true hoặc false, không phải {value!r}")
    return value


def _path(value: object) -> str:
    if not isinstance(value, str) or not value.strip() or "\x00" in value:
        raise SettingError(f"cần một đường dẫn tính từ thư mục chứa mkdocs.yml, ví dụ posts, không phải {value!r}")
    return value


def _widths(value: object) -> tuple[int, ...]:
    if not isinstance(value, list | tuple) or not value or not all(
            isinstance(w, int) and not isinstance(w, bool) and 16 <= w <= 10_000 for w in value):
        raise SettingError(f"cần danh sách các độ rộng ảnh (số điểm ảnh từ 16 đến 10000), ví dụ "
                           f"[320, 640, 1280, 1920], không phải {value!r}")
    return tuple(sorted(set(value)))


def _hosts(value: object) -> tuple[str, ...]:
    """Host names (www.youtube-nocookie.com), or their https:// addresses."""
    if value is None:
        return ()
    if not isinstance(value, list | tuple) or not all(isinstance(h, str) and h.strip() for h in value):
        raise SettingError(f"cần danh sách tên máy chủ, ví dụ [www.youtube-nocookie.com], không phải {value!r}")
    return tuple(value)


_REPO = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}")
_GITHUB_URL = re.compile(r"(?:https?://)?github\.com/([^/\s]+/[^/\s]+?)(?:\.git)?/?")


def _repo(value: object) -> str | None:
    """The GitHub repository `owner/name`; its github.com address is read as the same. Empty or
    absent: none (the Pages workflow sets it; see engine/options.py and mkdocs.yml)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        text = value.strip()
        url = _GITHUB_URL.fullmatch(text)
        repo = url.group(1) if url else text
        if _REPO.fullmatch(repo) and repo.split("/")[1] not in (".", ".."):
            return repo
    raise SettingError(f"cần tên kho GitHub dạng chủ/kho, ví dụ so-cong-thuong/ban-tin, không phải {value!r}")


def _branch(value: object) -> str | None:
    """A branch name git accepts (the common rules: no spaces, '..', '~^:?*[\\', no '/' at an end)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        text = value.strip()
        if (re.fullmatch(r"[^\x00-\x20\x7f~^:?*\[\\]+", text) and ".." not in text and "//" not in text
                and "@{" not in text and not text.startswith(("-", "/", ".")) and not text.endswith(("/", ".", ".lock"))):
            return text
    raise SettingError(f"cần tên một nhánh git, ví dụ main, không phải {value!r}")


_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


def _domain(value: object) -> str | None:
    """A host name with at least one dot (tin.socongthuong.gov.vn), in lower case; a Vietnamese name
    (tin.sởcôngthương.vn) is written as DNS writes it (IDNA: xn--…). Empty or absent: none."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        text = value.strip().lower().removesuffix(".")
        try:
            ascii_name = text.encode("idna").decode("ascii") if not text.isascii() else text
        except UnicodeError:
            ascii_name = ""
        labels = ascii_name.split(".")
        if len(ascii_name) <= 253 and len(labels) >= 2 and all(_LABEL.fullmatch(label) for label in labels) \
                and not labels[-1].isdigit():
            return ascii_name
    raise SettingError(f"cần một tên miền, chỉ phần tên (không có https:// hay dấu /), ví dụ "
                       f"tin.socongthuong.gov.vn, không phải {value!r}")


_PHONE = re.compile(r"\+?[0-9][0-9 .()-]{4,28}[0-9]")
_EMAIL = re.compile(r"[^\s@<>()\[\]\\,;:\"']+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def _publisher(value: object) -> Publisher | None:
    """owner, address, phone, email, responsible: text; empty or absent: no block."""
    if value is None or value == {}:
        return None
    names = [f.name for f in dataclasses.fields(Publisher)]
    if not isinstance(value, Mapping) or not set(value) <= set(names) \
            or not all(isinstance(v, str) or v is None for v in value.values()):
        raise SettingError(f"cần các mục {', '.join(names)}, mỗi mục một dòng chữ, ví dụ "
                           f"owner: Sở Công Thương tỉnh Nam Sơn, không phải {value!r}")
    found = Publisher(**{k: " ".join((v or "").split()) for k, v in value.items()})
    if found.phone and not _PHONE.fullmatch(found.phone):
        raise SettingError(f"publisher.phone: cần một số điện thoại, ví dụ 0237 3852 000, không phải {found.phone!r}")
    if found.email and not _EMAIL.fullmatch(found.email):
        raise SettingError(f"publisher.email: cần một địa chỉ thư điện tử, ví dụ bantin@example.vn, "
                           f"không phải {found.email!r}")
    return found if any(getattr(found, n) for n in names) else None


RULES: dict[str, Callable[[object], object]] = {
    "posts_dir": _path, "images_dir": _path, "registry": _path, "cache_dir": _path,
    "drafts": _flag, "future": _flag, "navigation": _flag, "copy_originals": _flag, "search": _flag,
    "compact_html": _flag, "per_page": _whole(1, 1000), "jpeg_quality": _whole(1, 100),
    "webp_quality": _whole(1, 100), "image_widths": _widths, "embeds": _hosts,
    "editor_repo": _repo, "editor_branch": _branch, "cname": _domain, "social_image": _optional_path,
    "emblem": _optional_path, "publisher": _publisher, "bulletin": _flag, "bulletin_pdf": _flag,
    "workers": _whole(0, 64), "render_cache": _flag,
}
DEFAULTS = Settings()
assert RULES.keys() == {f.name for f in dataclasses.fields(Settings)}


def check_setting(name: str, value: object) -> object:
    """The value of one option as bantin uses it; SettingError when it cannot be used."""
    return RULES[name](value)


def settings_from(values: Mapping[str, object]) -> Settings:
    """Settings from options already checked one by one (the plugin's validated config)."""
    return Settings(**{name: values[name] for name in RULES if name in values})  # type: ignore[arg-type]
