"""The plugin's options in mkdocs.yml, as MkDocs reads them: each one checked by the rules
every `bantin` command shares (model/settings.py), in Vietnamese."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from bantin.model.settings import DEFAULTS, SettingError, check_setting


class _Setting(c.BaseConfigOption):
    """One bantin option, checked by the rules every command shares."""

    def __init__(self, name: str):
        super().__init__()
        self.name = name
        default = getattr(DEFAULTS, name)
        self.default = list(default) if isinstance(default, tuple) else default

    def run_validation(self, value):
        try:
            return check_setting(self.name, value)
        except SettingError as exc:
            raise c.ValidationError(str(exc)) from None


class BantinConfig(base.Config):
    posts_dir = _Setting("posts_dir")
    images_dir = _Setting("images_dir")
    registry = _Setting("registry")
    cache_dir = _Setting("cache_dir")
    drafts = _Setting("drafts")
    future = _Setting("future")
    per_page = _Setting("per_page")
    navigation = _Setting("navigation")
    image_widths = _Setting("image_widths")
    jpeg_quality = _Setting("jpeg_quality")
    webp_quality = _Setting("webp_quality")
    copy_originals = _Setting("copy_originals")
    search = _Setting("search")
    compact_html = _Setting("compact_html")
    embeds = _Setting("embeds")
    editor_repo = _Setting("editor_repo")
    editor_branch = _Setting("editor_branch")
    cname = _Setting("cname")
    social_image = _Setting("social_image")
    emblem = _Setting("emblem")
    publisher = _Setting("publisher")
    bulletin = _Setting("bulletin")
    bulletin_pdf = _Setting("bulletin_pdf")
    workers = _Setting("workers")
    render_cache = _Setting("render_cache")
