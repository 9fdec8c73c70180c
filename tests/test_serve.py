"""Integration: `bantin serve` previews the site and rebuilds when a post or the registry changes."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bantin.engine import ENGINE
from factories import edit
from sitebuild import copy_sample

POST = "posts/2020/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022.md"
URL = "tin/2020/01/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, text: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = fetch(url)
        if body is not None and text in body:
            return body
        time.sleep(0.3)
    raise AssertionError(f"{text!r} never appeared at {url}")


@pytest.fixture
def server(tmp_path: Path):
    root = copy_sample(tmp_path / "project")
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen([sys.executable, "-m", "bantin", "serve", "-a", f"127.0.0.1:{port}"],
                               cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}/bantin/"  # MkDocs serves under site_url's path
    try:
        wait_for(base, "Tin mới")
        yield root, base, process
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_serve_rebuilds_on_post_and_registry_changes(server):
    root, base, process = server
    assert '"docs":17' in wait_for(base + "tim-kiem/index/manifest.json", '"docs"')  # search works under serve
    edit(root / POST, "title: Đại hội Chi bộ Văn phòng lần thứ nhất", "title: Đại hội Chi bộ Văn phòng (đã sửa)")
    wait_for(base + "tin/2020/01/dai-hoi-chi-bo-van-phong-da-sua-nhiem-ky-2020-2022/", "(đã sửa)")

    edit(root / "registry.yml", "short: Sở Công Thương", "short: Sở Công Thương tỉnh")
    wait_for(base + "co-quan/so-cong-thuong/", "Sở Công Thương tỉnh")


def test_serve_previews_from_its_own_ram_folder_and_removes_it_on_sigterm(tmp_path):
    from bantin.commands.serve import PREVIEW_PREFIX
    from bantin.commands.serve import memory_folder as _memory_folder

    memory = _memory_folder()
    if memory is None:
        pytest.skip("no /dev/shm with 2 GiB free: the preview is built in the temp folder")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    stale = Path(memory) / f"{PREVIEW_PREFIX}{dead}"
    (stale / "mkdocs_left").mkdir(parents=True, exist_ok=True)  # as a killed `bantin serve` leaves it
    root = copy_sample(tmp_path / "project")
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "bantin", "serve", "-a", f"127.0.0.1:{port}"], cwd=root,
                               env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    own = Path(memory) / f"{PREVIEW_PREFIX}{process.pid}"
    try:
        wait_for(f"http://127.0.0.1:{port}/bantin/", "Tin mới")
        assert not stale.exists()
        assert [p.name[:7] for p in own.iterdir()] == ["mkdocs_"]
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert not own.exists()


def test_serve_survives_a_broken_post_and_recovers(server):
    root, base, process = server
    post = root / POST
    good = post.read_text(encoding="utf-8")
    post.write_text(good.replace("agency: so-cong-thuong", "agency: so-cong-thuog"), encoding="utf-8")
    time.sleep(3)
    assert process.poll() is None  # still serving
    post.write_text(good.replace("title: Đại hội Chi bộ Văn phòng lần thứ nhất", "title: Đại hội đã sửa lỗi"),
                    encoding="utf-8")
    wait_for(base, "Đại hội đã sửa lỗi")


# -- MkDocs' messages in Vietnamese -------------------------------------------------------------------------
# Every message MkDocs 1.6.1's preview server and build log at INFO or above, with a sample of each.
MKDOCS_MESSAGES = {
    "Browser connected: {}": "Browser connected: http://127.0.0.1:8000/bantin/",
    '"{}" code {}': '"GET /bantin/khong-co/ HTTP/1.1" code 404',
    "Watching paths for changes: {}": "Watching paths for changes: 'docs', 'mkdocs.yml', 'posts'",
    "Serving on {} and opening it in a browser": "Serving on http://127.0.0.1:8000/bantin/ and opening it in a browser",
    "Serving on {}": "Serving on http://127.0.0.1:8000/bantin/",
    "Detected file changes": "Detected file changes",
    "Reloading browsers": "Reloading browsers",
    "Failed to render an error message!": "Failed to render an error message!",
    "An error happened during the rebuild. The server will appear stuck until build errors are resolved.":
        "An error happened during the rebuild. The server will appear stuck until build errors are resolved.",
    "Building documentation...": "Building documentation...",
    "Shutting down...": "Shutting down...",
    "Template skipped: '{}' generated empty output.": "Template skipped: 'sitemap.xml' generated empty output.",
    "Template skipped: '{}' not found in docs_dir.": "Template skipped: 'x.html' not found in docs_dir.",
    "Template skipped: '{}' not found in theme directories.": "Template skipped: 'x.html' not found in theme directories.",
    "Error reading template '{}': {}": "Error reading template 'x.html': unexpected end of template",
    "Documentation built in {} seconds": "Documentation built in 1.25 seconds",
    "Page skipped: '{}'. Generated empty output.": "Page skipped: 'index.md'. Generated empty output.",
    "Cleaning site directory": "Cleaning site directory",
    "A 'dirty' build is being performed, this will likely lead to inaccurate navigation and other links within "
    "your site. This option is designed for site development purposes only.":
        "A 'dirty' build is being performed, this will likely lead to inaccurate navigation and other links within "
        "your site. This option is designed for site development purposes only.",
    "Building documentation to directory: {}": "Building documentation to directory: /tmp/.site-build-1-x",
    f"The following pages are being built only for the preview but will be excluded from `{ENGINE} build` per "
    "`draft_docs` config:\n  - {}":
        f"The following pages are being built only for the preview but will be excluded from `{ENGINE} build` per "
        "`draft_docs` config:\n  - http://127.0.0.1:8000/bantin/nhap/",
    "The directory contains stale files. Use --clean to remove them.":
        "The directory contains stale files. Use --clean to remove them.",
}
# Logged from a variable: "500 Internal Server Error" (a request that failed), "Error reading page
# 'x.md': …" (before the error itself, which bantin words), str(BuildError) (bantin's own text).
OTHER_MESSAGES = ["500 Internal Server Error", "Error reading page 'tin/x.md': bad link"]


def _logged_messages() -> set[str]:
    """The literal or f-string messages MkDocs' serve and build log at INFO and above."""
    import ast

    import mkdocs

    def skeleton(node) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.JoinedStr):
            return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        if isinstance(node, ast.BinOp):
            left, right = skeleton(node.left), skeleton(node.right)
            return left + (right if right is not None else "{}") if left is not None else None
        return None

    found = set()
    for rel in ("livereload/__init__.py", "commands/serve.py", "commands/build.py"):
        tree = ast.parse((Path(mkdocs.__file__).parent / rel).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "log" and node.func.attr in ("info", "warning", "error", "exception", "log")):
                args = node.args[1:] if node.func.attr == "log" else node.args
                text = skeleton(args[0]) if args else None
                if text is not None:
                    found.add(text)
    return found


def test_every_message_of_mkdocs_serve_and_build_is_vietnamese_or_hidden():
    import logging

    from bantin.engine.logs import Translate as _Translate

    assert _logged_messages() == set(MKDOCS_MESSAGES)  # MkDocs changed: review the new messages
    english = re.compile(r"\b(the|on|for|in|is|are|to|with|an?|error|page|build|browser|server|files?|"
                         r"changes|seconds|directory|skipped|output|found|connected|shutting|reloading)\b", re.I)
    for message in [*MKDOCS_MESSAGES.values(), *OTHER_MESSAGES]:
        for stamp in ("", "[12:34:56] "):
            record = logging.LogRecord("mkdocs.livereload", logging.INFO, __file__, 1, stamp + message, (), None)
            if not _Translate().filter(record):
                continue  # hidden: it says nothing an editor needs
            shown = record.getMessage()
            assert shown.startswith(stamp) and re.search(r"[à-ỹđ]", shown), shown
            assert not english.search(re.sub(r"'[^']*'|https?://\S+|\(\w+\)", "", shown)), shown
