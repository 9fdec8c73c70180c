"""MkDocs' configuration and build, as the `bantin` commands use them (part of the engine adapter)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from bantin.engine import ENGINE
from bantin.model.errors import ContentError, ContentErrors, exception_chain, os_error
from bantin.model.settings import Settings, settings_from
from bantin.site import redirects


class ConfigProblem(Exception):
    """mkdocs.yml cannot be used: `message` is the one Vietnamese line; `usage` when it is the
    command line's fault (no such file) rather than the file's content."""

    def __init__(self, message: str, *, usage: bool = False):
        super().__init__(message)
        self.message, self.usage = message, usage


def load_config(config_file: str, *, drafts: bool = False, workers: int | None = None, **options):
    """MkDocs' configuration from `config_file`; ConfigProblem when it cannot be read. With
    `drafts`, bantin publishes posts marked `draft: true` too (`bantin serve --drafts`); `workers`:
    the processes that render the posts (`bantin build --workers`, engine/bodies.py)."""
    from mkdocs.config import load_config as mkdocs_load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    if not Path(config_file).is_file():
        raise ConfigProblem(f"LỖI: không tìm thấy tệp cấu hình '{config_file}' → chạy lệnh trong thư mục dự án "
                            "(nơi có mkdocs.yml), hoặc chỉ ra tệp bằng -f TỆP.", usage=True)
    try:
        config = mkdocs_load_config(config_file, **options)
    except (ConfigurationError, Abort) as exc:
        if os_error(exc) is not None:
            raise
        syntax = _yaml_syntax_error(config_file, exc)
        if syntax is not None:
            field = f" [{syntax.field}]" if syntax.field else ""
            raise ConfigProblem(f"LỖI: cấu hình '{config_file}' không hợp lệ: {syntax.location()}:{field} "
                                f"{syntax.message} → {syntax.hint or f'sửa {config_file!r} rồi chạy lại'}.") from None
        said = str(exc).startswith("Aborted with")  # each problem was logged above, in Vietnamese
        raise ConfigProblem(f"LỖI: cấu hình '{config_file}' không hợp lệ" + (" (xem các dòng trên)" if said else f": {exc}")
                            + f" → sửa '{config_file}' rồi chạy lại.") from None
    except RecursionError:
        raise ConfigProblem(f"LỖI: cấu hình '{config_file}' không hợp lệ: giá trị lồng nhau quá sâu → xoá các dấu "
                            "'[', '{' hoặc '-' thừa.") from None
    plugin = config.plugins.get("bantin")
    if drafts and plugin is not None:
        plugin.config["drafts"] = True
    if workers is not None and plugin is not None:
        plugin.workers = workers
    return config


def _yaml_syntax_error(config_file: str, exc: BaseException) -> ContentError | None:
    """mkdocs.yml's YAML syntax error as bantin words one in a post (Vietnamese, line, field,
    fix), when that is why MkDocs refused it (MkDocs passes on PyYAML's English)."""
    import yaml

    from bantin.model.yaml_reader import parse_yaml

    if not any(isinstance(e, yaml.MarkedYAMLError | yaml.reader.ReaderError)
               and not isinstance(e, yaml.constructor.ConstructorError) for e in exception_chain(exc)):
        return None
    try:
        text = Path(config_file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    data, _, errors = parse_yaml(text, config_file)  # the same parser: the same syntax error
    return errors[0] if data is None and errors else None


def load_settings(config_file: str | Path) -> Settings:
    """bantin's options as the build reads them from `config_file` (mkdocs.yml): what every
    command that does not build uses. The defaults where the file does not list the plugin."""
    config = load_config(str(config_file))
    plugin = config.plugins.get("bantin")
    return settings_from(plugin.config) if plugin is not None else Settings()


def build_into(config, folder: Path) -> str | None:
    """Run MkDocs' build into `folder`: None on success; on failure remove it and say why."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, ConfigurationError

    config.site_dir = str(folder)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
        return None
    except (Abort, ConfigurationError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        if os_error(exc) is not None:  # a plugin wrapped a fault of the machine: not the content's
            raise
        strict = re.search(r"Aborted with (\d+) warnings? in strict mode", str(exc))
        return f" vì có {strict.group(1)} cảnh báo (chế độ --strict)" if strict else ""
    except BaseException:
        plugin = config.plugins.get("bantin")
        if plugin is not None:  # Ctrl-C (MkDocs tells plugins of Exceptions only): nothing writes into `folder` any more
            plugin.stop_children()
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        config.plugins.on_shutdown()


def newest_post(config) -> dt.datetime | None:
    """The date of the newest post the last build published (None before a build, or with none)."""
    plugin = config.plugins.get("bantin")
    posts = plugin.project.index.posts if plugin is not None and plugin.project is not None else ()
    return max((post.date for post in posts), default=None)


def record_urls(config) -> list[ContentError]:
    """After a build whose site is in place: write the URLs it published into bantin.lock.json
    (never before: a failed build must not record URLs nobody can visit). The problems, if any."""
    plugin = config.plugins.get("bantin")
    if plugin is None or plugin.redirects is None or plugin.project is None:
        return []
    try:
        redirects.write_lock(plugin.project.options.root / redirects.LOCK, plugin.redirects.lock)
    except ContentErrors as exc:
        return list(exc.errors)
    return []


def is_engine_error(exc: BaseException) -> bool:
    """An error MkDocs raised about the site (configuration, a plugin's refusal, strict mode)."""
    return type(exc).__module__ == f"{ENGINE}.exceptions"
