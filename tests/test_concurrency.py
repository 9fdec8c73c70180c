"""Two bantin processes at once on one project: two builds, a build beside `serve`, and the
shared photo and search caches (staging folders, index, cleaning, locks) they use."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

from bantin.commands import build as cli
from bantin.site import search
from bantin.site.locks import FolderLock
from bantin.site.photos.cache import WAIT_MESSAGE, ImageCache
from bantin.site.photos.process import process
from bantin.site.photos.render import render
from bantin.site.photos.renditions import Settings
from factories import make_photo, make_project
from sitebuild import REPO, files, run_bantin

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="no flock: Windows builds skip cleaning instead")

SETTINGS = Settings(widths=(160, 320))
# Four posts with all 16 photos of the sample, in two small widths: a cold build takes seconds,
# most of them photo work.
POSTS = {
    "posts/2020/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022.md",
    "posts/2020/dai-hoi-dai-bieu-dang-bo-cuc-thue-tinh-nam-son-lan-thu-v-nhiem-ky-2020-2025.md",
    "posts/2023/dai-hoi-cong-doan-co-so-so-giao-duc-va-dao-tao-lan-thu-vii-nhiem-ky-2023-2028.md",
    "posts/2023/hoi-nghi-so-ket-6-thang-dau-nam-2023-cua-dang-bo-cuc-thue.md",
}
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}


def small_project(dest: Path) -> Path:
    """The sample with four of its posts (all 16 photos), the photos in two small widths."""
    return make_project(dest, sample=True, posts={rel: (REPO / rel).read_bytes() for rel in sorted(POSTS)},
                        config={"      per_page: 10\n": "      per_page: 10\n      image_widths: [160, 320]\n"})


def start(root: Path, *args: str, log=subprocess.PIPE) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bantin", *args], cwd=root, env=ENV,
                            stdout=subprocess.DEVNULL, stderr=log, text=True)


def finish(build: subprocess.Popen) -> str:
    _, err = build.communicate(timeout=300)
    assert build.returncode == 0, err
    assert "Traceback" not in err and "LỖI" not in err, err
    return err


def modes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mode & 0o777 for p in sorted(folder.rglob("*"))}


def assert_cache_valid(root: Path, photos: int = 16) -> None:
    folder = root / ".cache" / "bantin"
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    assert len(index) == photos
    entries = [e for e in folder.glob("??/*")]
    assert entries and all((e / "meta.json").is_file() for e in entries)
    for entry in entries:
        meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
        for rendition in meta["renditions"]:
            with Image.open(entry / rendition["file"]) as im:
                im.verify()
    tmp = folder / "tmp"
    assert not tmp.exists() or not any(tmp.iterdir())  # no staging left behind
    assert not [p.name for p in root.iterdir() if p.name.startswith(".site")]


def test_two_builds_at_once_both_succeed_and_give_the_site_of_one(tmp_path):
    alone = small_project(tmp_path / "alone")
    result = run_bantin(alone, "build")
    assert result.returncode == 0, result.stderr
    expected, expected_modes = files(alone / "site"), modes(alone / "site")

    root = small_project(tmp_path / "project")
    for attempt, delay in enumerate((0, 0.3, 0.6, 0)):
        shutil.rmtree(root / ".cache", ignore_errors=True)  # cold: both make every photo at once
        # Two terminals running the same command, or two builds into two folders.
        targets = ("site", "site") if attempt % 2 == 0 else ("site-a", "site-b")
        builds = [start(root, "build", "-d", targets[0])]
        time.sleep(delay)
        builds.append(start(root, "build", "-d", targets[1]))
        logs = [finish(build) for build in builds]
        assert all("Ảnh: 16 ảnh" in log for log in logs), logs
        for target in set(targets):
            assert files(root / target) == expected, (attempt, target)
            assert modes(root / target) == expected_modes, (attempt, target)
        assert_cache_valid(root)

    third = run_bantin(root, "build")
    assert third.returncode == 0, third.stderr
    assert "xử lý mới 0," in third.stderr
    assert files(root / "site") == expected


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, text: str, timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode("utf-8")
            if text in body:
                return body
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{text!r} never appeared at {url}")


def test_a_build_beside_serve(tmp_path):
    root = small_project(tmp_path / "project")
    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "w", encoding="utf-8") as out:  # a file, not a pipe nobody reads while it serves
        serve = start(root, "serve", "-a", f"127.0.0.1:{port}", log=out)
    base = f"http://127.0.0.1:{port}/bantin/"
    post = root / "posts/2023/hoi-nghi-so-ket-6-thang-dau-nam-2023-cua-dang-bo-cuc-thue.md"
    text = post.read_text(encoding="utf-8")
    try:
        finish(start(root, "build"))  # started with the server: both make the photos from nothing
        wait_for(base, "Tin mới")
        post.write_text(text.replace("title: Hội nghị sơ kết 6 tháng đầu năm 2023",
                                     "title: Hội nghị sơ kết (đã sửa)"), encoding="utf-8")
        beside = start(root, "build")  # the server rebuilds meanwhile
        assert "xử lý mới 0," in finish(beside)
        page = wait_for(base + "tin/2023/07/hoi-nghi-so-ket-da-sua-cua-dang-bo-cuc-thue/", "(đã sửa)")
        rendition = page.split('src="../../../../anh/', 1)[1].split('"', 1)[0]
        with urllib.request.urlopen(base + "anh/" + rendition, timeout=5) as response:
            assert response.status == 200 and response.read(3) == b"\xff\xd8\xff"
        assert serve.poll() is None
    finally:
        serve.send_signal(signal.SIGINT)
        serve.wait(timeout=60)
    err = log.read_text(encoding="utf-8")
    assert serve.returncode == 0 and "Traceback" not in err and "LỖI" not in err, err
    assert "(đã sửa)" in (root / "site/tin/2023/07/hoi-nghi-so-ket-da-sua-cua-dang-bo-cuc-thue/index.html"
                          ).read_text(encoding="utf-8")
    assert_cache_valid(root)
    last = run_bantin(root, "build")
    assert last.returncode == 0 and "xử lý mới 0," in last.stderr, last.stderr


def test_a_cache_cleaned_while_another_stores_loses_nothing(tmp_path):
    a, b, old = (make_photo(tmp_path / f"{n}.jpg", (400, 300), c) for n, c in (("a", "red"), ("b", "green"), ("old", "blue")))
    folder = tmp_path / "cache"
    with ImageCache(folder, SETTINGS) as earlier:  # an earlier build left a stale entry
        stale = process({"old": old}, earlier, workers=1)[0]["old"]
    cleaner = ImageCache(folder, SETTINGS)
    kept = process({"a": a}, cleaner, workers=1)[0]["a"]

    storer = ImageCache(folder, SETTINGS)  # another build, half-way through photo b
    storer.use()
    sha_b = storer.hashes.sha(b)
    staged = storer.staging()
    data = render(b, staged, SETTINGS)
    assert cleaner.clean({kept.sha}, {str(a)}) == 0  # not alone: removes nothing, not even tmp/
    assert cleaner.load(stale.sha) is not None
    stored = storer.commit(sha_b, staged, data)
    storer.save_index()
    cleaner.hashes.sha(old)  # the cleaner's own index line, written after the storer's
    cleaner.save_index()
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    assert {str(a), str(b), str(old)} <= set(index)  # merged: nobody's line dropped

    storer.close()  # that build is over: now the cleaner is alone
    assert cleaner.clean({kept.sha, stored.sha}, {str(a), str(b)}) == 1
    assert cleaner.load(stale.sha) is None
    assert cleaner.load(kept.sha) is not None and cleaner.load(stored.sha) is not None
    assert set(json.loads((folder / "index.json").read_text(encoding="utf-8"))) == {str(a), str(b)}
    assert not any((folder / "tmp").iterdir())
    cleaner.close()


def test_a_build_waits_for_a_cleaning_with_a_message_once(tmp_path, capsys):
    src = make_photo(tmp_path / "a.jpg", (400, 300), "red")
    folder = tmp_path / "cache"
    cleaning = FolderLock(folder / "use.lock")
    assert cleaning.exclusive(wait=False)  # another process cleaning the cache
    threading.Timer(0.6, cleaning.release).start()
    began = time.monotonic()
    with ImageCache(folder, SETTINGS) as cache:
        done, failed, stats = process({"a": src}, cache, workers=1)
    assert time.monotonic() - began >= 0.5 and failed == {} and stats.rendered == 1
    assert capsys.readouterr().err.count(WAIT_MESSAGE) == 1
    cleaning.close()


HOLD = """
import sys, time
from pathlib import Path
from bantin.site.locks import FolderLock
locks = [FolderLock(Path(sys.argv[1]) / name) for name in ("use.lock", "write.lock")]
assert all(lock.exclusive(wait=False) for lock in locks)
print("held", flush=True)
time.sleep(600)
"""


def test_locks_of_a_killed_process_do_not_block(tmp_path):
    folder = tmp_path / "cache"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(folder)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"  # killed in the middle of a cleaning
        assert not FolderLock(folder / "use.lock").exclusive(wait=False)
    finally:
        holder.kill()
        holder.wait()
    for name in ("use.lock", "write.lock"):
        assert FolderLock(folder / name).exclusive(wait=False), name
    src = make_photo(tmp_path / "a.jpg", (400, 300), "red")
    with ImageCache(folder, SETTINGS) as cache:
        kept = process({"a": src}, cache, workers=1)[0]["a"]
        assert cache.clean({kept.sha}, {str(src)}) == 0 and cache.load(kept.sha) is not None


def test_photo_workers_do_not_keep_the_cache_locked(tmp_path):
    """A flock belongs to the open file, shared with forked children: a worker orphaned by a killed
    build would hold the cache until it ended."""
    folder = tmp_path / "cache"
    cache = ImageCache(folder, SETTINGS)
    cache.use()
    fork = multiprocessing.get_context("fork")
    started = fork.Event()
    child = fork.Process(target=lambda: (started.set(), time.sleep(60)))
    child.start()
    try:
        assert started.wait(30)
        cache.close()
        assert FolderLock(folder / "use.lock").exclusive(wait=False)
    finally:
        child.kill()
        child.join()


def test_search_cache_keeps_an_index_another_process_may_be_copying(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "project_digest", lambda project, thumb: project)
    monkeypatch.setattr(search, "build_project",
                        lambda project, out, thumb, **_: (out / "manifest.json").write_text(project, encoding="utf-8"))
    cache = tmp_path / "search"
    assert not search.build_cached("other", tmp_path / "out0", cache)
    other = cache / "other"
    reader = FolderLock(tmp_path / "search.lock")
    assert reader.shared()  # another build between "which index" and its copy
    assert not search.build_cached("mine", tmp_path / "out1", cache)
    assert other.is_dir() and (tmp_path / "out1" / "manifest.json").read_text(encoding="utf-8") == "mine"
    reader.close()
    assert search.build_cached("mine", tmp_path / "out2", cache)  # reused
    assert not search.build_cached("new", tmp_path / "out3", cache)  # alone: older indexes go
    assert [p.name for p in cache.iterdir()] == ["new"]


def test_recover_beside_another_build_restoring_the_same_site(tmp_path, monkeypatch):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    old = tmp_path / f".site-old-{dead}"
    old.mkdir()
    (old / "index.html").write_text("trang cũ")
    final = tmp_path / "site"
    rename = Path.rename

    def raced(self, target):  # the other build renames it first
        if self == old and old.exists():
            rename(old, final)
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", raced)
    cli.recover(final)
    assert (final / "index.html").read_text() == "trang cũ"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
