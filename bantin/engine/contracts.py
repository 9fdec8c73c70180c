"""What the engine adapter borrows from MkDocs, Material and mkdocs-glightbox beyond their
documented plugin API: one list, each entry with the reason bantin needs it and a check that
fails with a clear message when an upgrade (or ProperDocs) changes it (tests/test_contracts.py).

Pinned versions: MkDocs 1.6.1 (or ProperDocs 1.6.7), Material 9.8.2, mkdocs-glightbox 0.5.3.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Contract:
    name: str  # what is relied on
    used_by: str  # where in bantin, and why
    check: Callable[[], None]  # raises AssertionError with what changed


def _parameters(function) -> list[str]:
    return list(inspect.signature(function).parameters)


def _serve_url() -> None:
    from mkdocs.livereload import _serve_url

    assert _parameters(_serve_url) == ["host", "port", "path"], _parameters(_serve_url)
    assert _serve_url("127.0.0.1", 8000, "/bantin/") == "http://127.0.0.1:8000/bantin/"


def _live_reload_server() -> None:
    from mkdocs.livereload import LiveReloadServer

    assert _parameters(LiveReloadServer.__init__)[:6] == ["self", "builder", "host", "port", "root", "mount_path"]
    for name in ("watch", "serve", "shutdown"):
        assert hasattr(LiveReloadServer, name), f"LiveReloadServer.{name} is gone"
    assert "self.error_handler" in inspect.getsource(LiveReloadServer), "LiveReloadServer.error_handler is gone"


def _preview_server() -> None:
    import wsgiref.simple_server

    from mkdocs.livereload import LiveReloadServer, _Handler

    assert issubclass(LiveReloadServer, wsgiref.simple_server.WSGIServer), "LiveReloadServer is no WSGIServer"
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=".")
    try:
        assert server.get_app() == server.serve_request, "LiveReloadServer's WSGI app is not serve_request"
    finally:
        server.server_close()
    loop = inspect.getsource(LiveReloadServer._build_loop)
    built, reloaded = loop.find("self.builder()"), loop.find('"Reloading browsers"')
    assert 0 < built < reloaded, "a build that returns no longer reloads the browsers"
    assert "code {code}" in inspect.getsource(_Handler.log_request), "requests are logged in other words"


def _build_function() -> None:
    from mkdocs.commands import build

    assert _parameters(build.build) == ["config", "serve_url", "dirty"], _parameters(build.build)


def _build_order() -> None:
    from mkdocs.commands import build

    source = inspect.getsource(build.build)
    on_config, clean = source.find("plugins.on_config("), source.find("clean_directory(config.site_dir)")
    assert 0 < on_config < clean, "on_config no longer runs before site_dir is emptied"


def _current_page() -> None:
    from mkdocs.commands import build

    assert "config._current_page = page" in inspect.getsource(build), "config._current_page is no longer set"


def _page_render() -> None:
    from mkdocs.commands import build
    from mkdocs.structure import pages
    from mkdocs.structure.toc import get_toc

    populate = inspect.getsource(build._populate_page)
    order = [populate.find(step) for step in ("page.read_source(config)", "on_page_markdown", "page.render(config, files)",
                                              "on_page_content")]
    assert -1 not in order and order == sorted(order), "pages are no longer read, converted and passed on in that order"
    assert _parameters(pages.Page.render) == ["self", "config", "files"], _parameters(pages.Page.render)
    render = inspect.getsource(pages.Page.render)
    for name in ("self._title_from_render", "self.present_anchor_ids", "self.links_to_anchors", "self.toc = get_toc("):
        assert name in render, f"Page.render no longer sets {name}"
    # engine/plugin.py's _render_empty sets these for an empty page, without a Markdown converter.
    sets = set(re.findall(r"^\s+self\.(\w+)\s*=", render, flags=re.M))
    assert "self.links_to_anchors = relative_path_ext.links_to_anchors" in render, "links to anchors are kept otherwise"
    assert isinstance(getattr(inspect.getmodule(pages.Page), "log", None), logging.Logger), "pages.py has no `log`"
    assert sets == {"content", "toc", "_title_from_render", "present_anchor_ids", "links_to_anchors"}, sorted(sets)
    used = set(re.findall(r"self\.files\.(\w+)", inspect.getsource(pages._RelativePathTreeprocessor)))
    assert used == {"get_file_from_path"}, f"MkDocs' link processor asks the files more: {sorted(used)}"
    toc = get_toc([{"level": 2, "id": "a", "name": "A", "children": []}])
    assert [(i.title, i.id, i.level) for i in toc] == [("A", "a", 2)], "get_toc reads other tokens"


def _file_generated() -> None:
    from mkdocs.structure.files import File, Files

    assert {"config", "src_uri", "content", "abs_src_path"} <= set(_parameters(File.generated))
    for name in ("generated_by", "dest_uri", "url", "is_documentation_page"):
        assert hasattr(File, name), f"File.{name} is gone"
    assert isinstance(getattr(Files, "src_uris", None), property), "Files.src_uris is gone"


def _copied_by_copy_file() -> None:
    """build() copies every file that is not a page through its own copy_file(dirty), and
    File.generated makes the class it is called on: a subclass's copy_file is the one used."""
    import tempfile

    from mkdocs.commands import build
    from mkdocs.structure.files import File, Files

    assert "files.copy_static_files(dirty=dirty" in inspect.getsource(build.build), \
        "build() no longer copies the files with Files.copy_static_files"
    called: list[tuple[str, bool]] = []

    class Probe(File):
        def copy_file(self, dirty: bool = False) -> None:
            called.append((self.src_uri, dirty))

    generated = inspect.getsource(File.generated)
    assert "= cls(" in generated and "return File(" not in generated, \
        "File.generated no longer makes the class it is called on"
    with tempfile.TemporaryDirectory() as folder:
        probe = Probe("anh/a.jpg", src_dir=None, dest_dir=folder, use_directory_urls=True)
        probe.abs_src_path = str(Path(folder) / "a.jpg")
        Files([probe]).copy_static_files(dirty=True)
    assert called == [("anh/a.jpg", True)], f"Files.copy_static_files called {called}"


def _read_source() -> None:
    """Page.read_source parses what on_page_read_source returns with get_data, which gives a source
    behind a blank line back whole with no metadata, and reads bantin's JSON front matter as
    engine/front.py does; several handlers of one event (CombinedEvent) run by their priorities."""
    from mkdocs.plugins import BasePlugin, CombinedEvent, PluginCollection, event_priority
    from mkdocs.structure.pages import Page
    from mkdocs.utils import meta

    from bantin.engine import front

    source = inspect.getsource(Page.read_source)
    hook = source.find("config.plugins.on_page_read_source(page=self, config=config)")
    parse = source.find("self.markdown, self.meta = meta.get_data(source)")
    assert 0 < hook < parse, "Page.read_source no longer parses the source on_page_read_source gives with get_data"
    body = "Tác giả: Trần Thu Hà\n    tiếp\n\n---\ntitle: x\n---\nĐoạn.\n"
    assert meta.get_data(front.without_front(body)) == (body, {}), "get_data reads metadata behind a blank line"
    page = '---\ntitle: "Tin &lt;b&gt; “Đảng”"\nhide: ["navigation", "toc"]\nsearch: {"exclude": true}\n---\n\nChữ\n'
    found = front.split(page)
    assert found is not None and meta.get_data(page) == (found[1], found[0]), "get_data reads front matter otherwise"
    ran: list[str] = []

    class Probe(BasePlugin):
        @event_priority(100)
        def _first(self, markdown: str, **kwargs) -> None:
            ran.append("first")

        def _second(self, markdown: str, **kwargs) -> str:
            ran.append("second")
            return markdown

        on_page_markdown = CombinedEvent(_second, _first)

    plugins = PluginCollection()
    plugins["probe"] = Probe()
    nothing: Any = None  # the handlers above read no page, configuration or files
    assert plugins.on_page_markdown("x", page=nothing, config=nothing, files=nothing) == "x"
    assert ran == ["first", "second"], f"CombinedEvent's handlers ran as {ran}"


def _omitted_files() -> None:
    import tempfile

    from mkdocs.config import load_config

    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "docs").mkdir()
        (Path(folder) / "mkdocs.yml").write_text("site_name: x\ntheme: material\n", encoding="utf-8")
        config = load_config(str(Path(folder) / "mkdocs.yml"))
    assert config.validation.nav.omitted_files == logging.INFO, config.validation.nav.omitted_files


def _extra_script() -> None:
    from mkdocs.config.config_options import ExtraScriptValue

    script = ExtraScriptValue("a.js")
    script.defer = True
    assert str(script) == "a.js" and script.defer


def _logger() -> None:
    import mkdocs.plugins

    from bantin.engine import ENGINE

    assert mkdocs.plugins.get_plugin_logger("bantin.x").name.startswith(f"{ENGINE}.plugins."), \
        "plugins no longer log under the engine's logger"


def _material_templates() -> Path:
    import material

    return Path(material.__file__).parent / "templates"


# The Material header.html bantin's own (bantin/engine/theme/partials/header.html) was forked from.
HEADER_SHA256 = "8cf3fb15bcf969ff"


def _material_partials() -> None:
    templates = _material_templates()
    for name in ("partials/nav.html", "partials/tabs.html", "partials/header.html", "main.html", "404.html"):
        assert (templates / name).is_file(), f"Material has no {name}"
    digest = hashlib.sha256((templates / "partials/header.html").read_bytes()).hexdigest()[:16]
    assert digest == HEADER_SHA256, ("Material's partials/header.html changed: bring its changes into "
                                     "bantin/engine/theme/partials/header.html, then update HEADER_SHA256")


# The Material toc.html bantin's own (bantin/engine/theme/partials/toc.html) was forked from.
TOC_SHA256 = "fde48f583563364b"


def _material_invalid_markup() -> None:
    templates = _material_templates()
    digest = hashlib.sha256((templates / "partials/toc.html").read_bytes()).hexdigest()[:16]
    assert digest == TOC_SHA256, ("Material's partials/toc.html changed: bring its changes into "
                                  "bantin/engine/theme/partials/toc.html, then update TOC_SHA256")
    # What engine/theme.py:valid_markup takes out; when Material stops writing it, drop the fix.
    base = (templates / "base.html").read_text(encoding="utf-8")
    assert 'type="checkbox" id="__drawer" autocomplete="off">' in base, "base.html's toggles changed"
    nav_item = (templates / "partials/nav-item.html").read_text(encoding="utf-8")
    assert 'tabindex="{{ tabindex }}"' in nav_item, "nav-item.html's section labels changed"
    assert '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">' in nav_item, \
        "nav-item.html no longer writes the #__toc toggle that toc.html's label names"


def _material_search() -> None:
    from material.plugins.search.plugin import SearchPlugin

    plugin = SearchPlugin()
    plugin.load_config({})
    assert "enabled" in plugin.config, "Material's search plugin has no 'enabled' option"


def _glightbox() -> None:
    import mkdocs_glightbox

    folder = Path(mkdocs_glightbox.__file__).parent
    script = (folder / "glightbox" / "glightbox.min.js").read_text(encoding="utf-8")
    assert '"3.3.1"' in script, "GLightbox is no longer 3.3.1: check bantin.js against its slide markup"
    for markup in ("gslide-desc", "gslide-image", "gslide-description", "glightbox-container"):
        assert markup in script, f"GLightbox's markup has no {markup} (bantin.js writes captions into it)"
    plugin = (folder / "plugin.py").read_text(encoding="utf-8")
    assert 'page.meta.get("glightbox", True) is False' in plugin, "glightbox: false in a page's meta is ignored"
    assert "off-glb" in plugin, "mkdocs-glightbox no longer skips images with the class off-glb"


def _page_steps() -> None:
    from mkdocs.commands import build
    from mkdocs.structure.files import File

    assert _parameters(build._populate_page) == ["page", "config", "files", "dirty"], _parameters(build._populate_page)
    assert _parameters(build._build_page)[:5] == ["page", "config", "doc_files", "nav", "env"], \
        _parameters(build._build_page)
    assert _parameters(build._build_theme_template) == ["template_name", "env", "files", "config", "nav"], \
        _parameters(build._build_theme_template)
    source = inspect.getsource(build.build)
    for step in ("_populate_page(file.page, config, files, dirty)", "_build_page(",
                 "_build_theme_template(template, env, files, config, nav)"):
        assert step in source, f"build() no longer calls {step}"
    setter = File.__dict__.get("content_string")
    assert isinstance(setter, property) and setter.fset is not None, "File.content_string can no longer be set"


def _page_loop() -> None:
    from mkdocs.commands import build

    assert _parameters(build._build_page) == ["page", "config", "doc_files", "nav", "env", "dirty", "excluded"], \
        _parameters(build._build_page)
    source = inspect.getsource(build.build)
    steps = ("plugins.on_env(", "copy_static_files(", "_build_theme_template(",
             "doc_files = files.documentation_pages(inclusion=inclusion)", "for file in doc_files:", "_build_page(")
    at = [source.find(step) for step in steps]
    assert -1 not in at and at == sorted(at), "the page loop no longer follows the env event, static files and templates"
    page = inspect.getsource(build._build_page)
    turns = ("page.meta.get('template', 'main.html')", "on_page_context(", "on_post_page(", "if output.strip():",
             "Page skipped: '{page.file.src_uri}'")
    at = [page.find(turn) for turn in turns]
    assert -1 not in at and at == sorted(at), "a page's template, its events or an empty output are handled otherwise"
    # engine/plugin.py's _park and _unpark: no page's body is read between the reading of every page and its turn.
    between = source[source.find("_populate_page("):source.find("_build_page(")]
    assert ".content" not in between, "a page's body is read before its turn in the loop"
    assert -1 < page.find("on_page_context(") < page.find("page.content") < page.find(".render(context)"), \
        "a page's body is read before on_page_context"


CONTRACTS = [
    Contract("mkdocs.livereload._serve_url", "engine/serve.py: the preview's address, as MkDocs' serve makes it",
             _serve_url),
    Contract("mkdocs.livereload.LiveReloadServer", "engine/serve.py: bantin's own serve loop over MkDocs' server",
             _live_reload_server),
    Contract("LiveReloadServer: a WSGIServer with serve_request as its app; a builder that returns reloads the "
             "browsers; request lines logged as '\"…\" code N'",
             "engine/serve.py: the error page in front of the site (set_app), shown after a failed build",
             _preview_server),
    Contract("mkdocs.commands.build.build(config, serve_url, dirty)", "engine/build.py, engine/serve.py",
             _build_function),
    Contract("on_config runs before site_dir is emptied", "engine/plugin.py: a content error keeps the old site",
             _build_order),
    Contract("config._current_page", "engine/reuse.py: which page logged a warning (never reused)", _current_page),
    Contract("Page.render(config, files) setting toc, _title_from_render, present_anchor_ids, links_to_anchors; "
             "files asked only get_file_from_path; _populate_page's order",
             "engine/bodies.py, engine/plugin.py: posts rendered ahead, in workers and from the cache; pages "
             "with empty Markdown rendered without a converter", _page_render),
    Contract("mkdocs.commands.build._populate_page, _build_page, _build_theme_template; File.content_string "
             "settable", "engine/quick.py: the preview re-renders the pages an edit touches with MkDocs' own steps",
             _page_steps),
    Contract("mkdocs.commands.build: the page loop after on_env, static files and templates; _build_page choosing "
             "the template before on_page_context, writing nothing for an empty output, saying so in one line; "
             "no page's body read from the reading of every page to on_page_context",
             "engine/split.py: the loop shared with a child process, its pages skipped here; engine/plugin.py: "
             "each page's body waits compressed for its turn (_park, _unpark)", _page_loop),
    Contract("File.generated, File.generated_by, Files.src_uris", "engine/files.py, engine/reuse.py",
             _file_generated),
    Contract("File.generated makes its subclass; build() copies each file by its copy_file(dirty)",
             "engine/files.py: CachedFile publishes photo renditions as hard links to the photo cache",
             _copied_by_copy_file),
    Contract("Page.read_source: on_page_read_source, then meta.get_data; CombinedEvent with event_priority",
             "engine/plugin.py, engine/front.py: bantin's pages' front matter read without YAML, page.meta set "
             "before any plugin reads it", _read_source),
    Contract("config.validation.nav.omitted_files", "engine/plugin.py: posts are not in the nav, by design",
             _omitted_files),
    Contract("ExtraScriptValue(defer)", "engine/plugin.py: bantin.js and search.js deferred", _extra_script),
    Contract("plugin loggers under the engine's logger", "engine/logs.py: every line in Vietnamese", _logger),
    Contract("Material's partials and header.html", "engine/theme.py and engine/theme/: nav/tabs rendered once, the forked header",
             _material_partials),
    Contract("Material's toc.html, base.html's checkbox toggles, nav-item.html's section labels and #__toc",
             "engine/theme.py:valid_markup and engine/theme/partials/toc.html: valid HTML on every page",
             _material_invalid_markup),
    Contract("Material's search plugin option 'enabled'", "engine/plugin.py: one search, bantin's",
             _material_search),
    Contract("GLightbox 3.3.1 markup, mkdocs-glightbox's meta and off-glb", "site/assets/bantin.js, engine/markdown.py",
             _glightbox),
]
