"""MkDocs' preview server as `bantin serve` runs it (part of the engine adapter).

mkdocs.commands.serve.serve, with bantin's handling of a failed build, the first or a rebuild:
the server keeps serving, and until a build succeeds every page request gets bantin's error
page at once (site/error_page.py: every problem as `bantin check` words it), which reloads by
itself after the next build. MkDocs itself would hold every request until a build succeeds.
"""

from __future__ import annotations

import logging
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from bantin.engine import ENGINE
from bantin.engine.build import ConfigProblem, is_engine_error, load_config
from bantin.engine.logs import Translate
from bantin.engine.plugin import ContentRefused
from bantin.model.errors import exception_chain, os_error
from bantin.site import error_page
from bantin.site.error_page import Failure, Line

# Where an error page waits for the next build (outside the site, beside MkDocs' /livereload/N/M).
POLL = "/livereload/bantin/"
POLL_TIMEOUT = 60.0  # seconds a poll is held before it is answered unchanged, as MkDocs does


def serve(config_file: str, address: str, open_browser: bool, *, drafts: bool = False,
          failure_line: Callable[[BaseException, bool], str], stopped: str) -> None:
    """Serve until Ctrl-C (printing `stopped`). A failed build prints `failure_line(error,
    first)` and puts the error page in front of the site until a build succeeds. A fault of the
    machine in the first build, and a ConfigProblem before it, propagate."""
    from urllib.parse import urlsplit

    from mkdocs.livereload import LiveReloadServer, _serve_url

    site_dir = tempfile.mkdtemp(prefix="mkdocs_")
    try:
        config = load_config(config_file, drafts=drafts, site_dir=site_dir, dev_addr=address)
        config.plugins.on_startup(command="serve", dirty=False)
        try:
            host, port = config.dev_addr
            mount_path = urlsplit(config.site_url or "/").path
            config.site_url = serve_url = _serve_url(host, port, mount_path)
            preview = Preview(mount_path, config.site_name)

            builds = Builds(config_file, drafts=drafts, site_dir=site_dir, address=address, serve_url=serve_url)

            def build(fresh=None) -> None:
                builds.build(fresh)
                preview.site_name = builds.site_name or preview.site_name

            def attempt(first=None) -> None:
                """Build (`first`: the configuration already loaded); on failure say why in the
                terminal and on the error page."""
                with _Logged() as logged:
                    try:
                        build(first)
                    except Exception as exc:  # noqa: BLE001 - the server must keep running
                        if first is not None and (os_error(exc) is not None or not is_engine_error(exc)):
                            raise  # a fault of the machine or a bug at start-up ends the command
                        if isinstance(exc, ConfigProblem):
                            print(exc.message, file=sys.stderr)
                        line = failure_line(exc, first is not None)
                        print(line, file=sys.stderr)
                        preview.built(failure_of(exc, logged.lines, line))
                        return
                preview.built(None)

            # MkDocs reloads the browsers after every build that returns, failed or not: its
            # pages then show the error page, and the error page shows the new state.
            server = LiveReloadServer(builder=attempt, host=host, port=port, root=site_dir, mount_path=mount_path)
            server.set_app(preview.app(server.serve_request))

            def error_page_of(code: int) -> bytes | None:
                page = Path(site_dir) / f"{code}.html"
                return page.read_bytes() if code in (404, 500) and page.is_file() else None

            server.error_handler = error_page_of
            attempt(config)
            server.watch(config.docs_dir)
            if config.config_file_path:
                server.watch(config.config_file_path)
            server = config.plugins.on_serve(server, config=config, builder=attempt)
            for item in config.watch:
                server.watch(item)
            quiet = _QuietErrorPages()
            logging.getLogger(f"{ENGINE}.livereload").addFilter(quiet)
            try:
                server.serve(open_in_browser=open_browser)
            except KeyboardInterrupt:  # Ctrl-C, SIGTERM or SIGHUP: the way a preview ends
                print(stopped, file=sys.stderr)
            finally:
                preview.close()
                server.shutdown()
                logging.getLogger(f"{ENGINE}.livereload").removeFilter(quiet)
        finally:
            config.plugins.on_shutdown()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


class Builds:
    """Each build of the preview: the quick path when only posts' text changed (engine/quick.py),
    else MkDocs' full build with the configuration read again."""

    def __init__(self, config_file: str, *, drafts: bool, site_dir: str, address: str | None, serve_url: str) -> None:
        self.config_file, self.drafts, self.site_dir, self.address = config_file, drafts, site_dir, address
        self.serve_url = serve_url
        self.plugin = None  # bantin's plugin after a build that succeeded
        self.site_name: str | None = None
        self.quick: int = 0  # quick rebuilds done (tests)
        self.last = None  # what the last one did (engine/quick.py: Outcome)

    def build(self, fresh=None) -> None:
        """Build (`fresh`: the configuration already loaded); raises what the build raised."""
        from mkdocs.commands.build import build as mkdocs_build

        log = logging.getLogger(f"{ENGINE}.commands.serve")
        if fresh is None and self.plugin is not None:
            try:
                done = self.plugin.quick_rebuild()  # only the pages an edit touches
            except Exception as exc:  # noqa: BLE001 - the full build below is always right, and says any fault
                log.debug(f"Không dựng lại nhanh được ({type(exc).__name__}: {exc}): xây dựng lại toàn bộ.")
                done = None
            if done is not None:
                self.quick += 1
                self.last = done
                log.info(f"Cập nhật nhanh {len(done.pages)} trang trong {done.seconds:.2f} giây.")
                return
        self.plugin = None
        log.info("Building documentation...")
        if fresh is None:
            if not Path(self.config_file).is_file():  # load_config's words are for the command line
                raise ConfigProblem(f"LỖI: tệp cấu hình '{self.config_file}' không còn ở đó (bị xoá hay đổi tên?) "
                                    "→ đặt lại tệp vào chỗ cũ.")
            fresh = load_config(self.config_file, drafts=self.drafts, site_dir=self.site_dir, dev_addr=self.address)
            fresh.site_url = self.serve_url
            self.site_name = fresh.site_name
        mkdocs_build(fresh, serve_url=self.serve_url, dirty=False)
        plugin = fresh.plugins.get("bantin")
        if plugin is not None and hasattr(plugin, "keep_for_quick"):
            plugin.keep_for_quick(fresh)
            self.plugin = plugin

    def wait(self) -> None:
        """Until the search index a quick rebuild started is in place (tests)."""
        if self.plugin is not None:
            self.plugin.search_jobs.wait()


class Preview:
    """What a page request gets: the site, or while the last build failed, the error page; and
    the version of the preview, changed by every build, that error pages wait on."""

    def __init__(self, mount_path: str, site_name: str) -> None:
        self.mount_path = "/" + mount_path.strip("/") + "/" if mount_path.strip("/") else "/"
        self.site_name = site_name
        self.changed = threading.Condition()
        # Unlike the version of an earlier server on this port: its open error pages reload.
        self.version = time.time_ns() // 1_000_000
        self.page: bytes | None = None  # the error page while the last build failed
        self.closed = False

    def built(self, failure: Failure | None) -> None:
        """A build ended: show the site again, or the error page of `failure`."""
        with self.changed:
            self.version += 1
            self.page = None if failure is None else error_page.render(
                failure, site_name=self.site_name, poll=f"{POLL}{self.version}").encode("utf-8")
            self.changed.notify_all()

    def wait(self, seen: str, timeout: float = POLL_TIMEOUT) -> int:
        """The version once it is other than `seen`, or after `timeout` seconds."""
        with self.changed:
            self.changed.wait_for(lambda: str(self.version) != seen or self.closed, timeout=timeout)
            return self.version

    def close(self) -> None:
        """Serving ends: answer every waiting error page now."""
        with self.changed:
            self.closed = True
            self.changed.notify_all()

    def is_page(self, path: str) -> bool:
        """A request for a page of the site (not a photo, a script or a feed)."""
        if not (path + "/").startswith(self.mount_path):
            return False
        name = path.rsplit("/", 1)[-1]
        return name == "" or name.endswith((".html", ".htm")) or "." not in name

    def app(self, site: Callable[[dict, Callable], Iterable[bytes]]) -> Callable[[dict, Callable], Iterable[bytes]]:
        """The WSGI application in front of MkDocs' own (`site`)."""
        def app(environ: dict, start_response: Callable) -> Iterable[bytes]:
            path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "ignore")
            if path.startswith(POLL):
                version = self.wait(path[len(POLL):])
                start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8"),
                                          ("Cache-Control", "no-store")])
                return [str(version).encode()]
            page = self.page
            if page is not None and self.is_page(path):
                start_response(ERROR_STATUS, [("Content-Type", "text/html; charset=utf-8"),
                                              ("Content-Length", str(len(page))), ("Cache-Control", "no-store")])
                return [page]
            return site(environ, start_response)
        return app


ERROR_STATUS = "503 Service Unavailable"  # the page is there once the errors are fixed


def failure_of(exc: BaseException, logged: list[Line], line: str) -> Failure:
    """What the error page lists for a failed build: the content's problems from bantin's own
    refusal, the other problems as they were logged (mkdocs.yml, warnings in strict mode), or the
    terminal's last line (a fault of the machine, a bug)."""
    refused = next((e for e in exception_chain(exc) if isinstance(e, ContentRefused)), None)
    errors = refused.errors if refused is not None else ()
    said = {e.format() for e in errors} | ({str(refused)} if refused is not None else set())
    lines = [entry for entry in logged if entry.text not in said]
    if isinstance(exc, ConfigProblem) and not any(not entry.warning for entry in lines):
        lines.append(Line(_without_label(exc.message)))  # it says the problem itself
    if any("in strict mode" in str(e) for e in exception_chain(exc)):
        lines.append(Line("mkdocs.yml có 'strict: true': mỗi cảnh báo cũng chặn việc xây dựng trang\n"
                          "    → sửa các cảnh báo, hoặc bỏ 'strict: true' khỏi mkdocs.yml"))
    if not errors and not any(not entry.warning for entry in lines):
        lines.append(Line(_without_label(line)))
    return Failure(tuple(errors), tuple(lines))


def _without_label(text: str) -> str:
    return text.removeprefix("LỖI: ")


_PLUGIN_PREFIX = re.compile(r"^(\[\d\d:\d\d:\d\d\] )?bantin: ")


class _Logged(logging.Handler):
    """The warnings and errors the engine logs during one build, as the terminal shows them
    (in Vietnamese, engine/logs.py), without the 'bantin: ' of the plugin's own."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[Line] = []

    def __enter__(self) -> _Logged:
        logging.getLogger(ENGINE).addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        logging.getLogger(ENGINE).removeHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        shown = logging.makeLogRecord(record.__dict__)
        if Translate().filter(shown):
            text = _PLUGIN_PREFIX.sub("", shown.getMessage())
            self.lines.append(Line(text, warning=record.levelno < logging.ERROR))


class _QuietErrorPages(logging.Filter):
    """Each request for the error page is a line MkDocs logs as a warning ('"GET /x/ …" code
    503'): the terminal said the errors once already."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).endswith(f'" code {ERROR_STATUS.split()[0]}')
