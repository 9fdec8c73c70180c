"""Integration: `bantin serve` previews the site and rebuilds when a post or the registry changes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

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
    post = root / POST
    post.write_text(post.read_text(encoding="utf-8").replace(
        "title: Đại hội Chi bộ Văn phòng lần thứ nhất", "title: Đại hội Chi bộ Văn phòng (đã sửa)"), encoding="utf-8")
    wait_for(base + "tin/2020/01/dai-hoi-chi-bo-van-phong-da-sua-nhiem-ky-2020-2022/", "(đã sửa)")

    registry = root / "registry.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "short: Sở Công Thương", "short: Sở Công Thương tỉnh"), encoding="utf-8")
    wait_for(base + "co-quan/so-cong-thuong/", "Sở Công Thương tỉnh")


def test_serve_previews_from_its_own_ram_folder_and_removes_it_on_sigterm(tmp_path):
    from bantin.cli import PREVIEW_PREFIX, _memory_folder

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
