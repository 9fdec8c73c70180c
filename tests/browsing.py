"""Shared by the browser tests: Debian's Chromium through Playwright, and the built sample site
served on 127.0.0.1 under /bantin/ as GitHub Pages serves it (404.html for a missing page).

Test modules call `require_chromium()` at import: it skips them when Chromium is absent,
except under CI=true where it must run. The fixtures (`browser`, `page`, `base_url`) are in
conftest.py.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sitebuild import REPO

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts" / "screenshots"
VIEWPORTS = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PREFIX = "/bantin/"  # the path of mkdocs.yml's site_url, as on GitHub Pages



def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            raise RuntimeError("CI=true but Chromium is not installed (apt-get install -y chromium)")
        pytest.skip("Chromium is not installed", allow_module_level=True)
    pytest.importorskip("playwright.sync_api")


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves `directory` under PREFIX; a missing page gets the site's 404.html, status 404; text
    is gzipped for clients that ask, and cached for 10 minutes, as GitHub Pages does."""

    COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")

    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        if ("gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in self.COMPRESSED
                or not path.is_file()):
            return super().send_head()  # also redirects a folder without its slash, and sends 404s
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def translate_path(self, path):
        path = urlsplit(path).path
        return super().translate_path("/" + path[len(PREFIX):] if path.startswith(PREFIX) else "/.outside-the-site/")

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve(site: Path):
    """Serve a built site in a thread; returns (base URL, server)."""
    handler = functools.partial(SiteHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}{PREFIX}", server


def watched(context, viewport_name: str):
    """A page that records console errors, uncaught exceptions and the hosts it requests."""
    page = context.new_page()
    page.viewport_name = viewport_name
    page.console_errors = []
    page.requested_hosts = set()
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    page.on("request", lambda r: page.requested_hosts.add(urlsplit(r.url).hostname))
    return page


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{page.viewport_name}.png"), full_page=True)
