"""Helpers for integration tests: copy a project to a temp dir, build it, parse its HTML."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"
PROJECT_FILES = ("mkdocs.yml", "registry.yml", "posts", "docs", "images", "bantin.lock.json")


def copy_sample(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        elif source.exists():
            shutil.copy(source, dest / name)
    return dest


def run_bantin(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """bantin run as from a script: no terminal to ask questions at (stdin is /dev/null, even when
    pytest itself runs in one)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run([sys.executable, "-m", "bantin", *args], cwd=root, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=300)


def build_sample(tmp: Path) -> Path:
    """The sample project copied to `tmp`/project and built into `tmp`/site (which is returned)."""
    project = copy_sample(tmp / "project")
    result = run_bantin(project, "build", "-d", str(tmp / "site"))
    assert result.returncode == 0, result.stderr
    return tmp / "site"


def save_report(path: Path, report: object) -> None:
    """A checker's findings as JSON under test-artifacts/, to read when its test fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


def on_a_terminal(root: Path, args: list[str], keys: list[tuple[str, bytes]], *,
                  timeout: float = 60) -> tuple[int, str]:
    """Run bantin with a pseudo-terminal as its terminal, as a user at a shell does; after each
    prompt text appears (after the last one's keys were sent), type its keys. The exit code and
    everything the terminal showed (echoed keys included), with Unix line ends."""
    import pty
    import select
    import signal
    import time

    pid, fd = pty.fork()
    if pid == 0:  # the child: the terminal's foreground process, as in a shell
        try:
            os.chdir(root)
            os.environ.update(NO_MKDOCS_2_WARNING="1", PYTHONIOENCODING="utf-8", PYTHONDONTWRITEBYTECODE="1")
            os.execv(sys.executable, [sys.executable, "-m", "bantin", *args])
        finally:
            os._exit(127)
    seen = b""
    deadline = time.monotonic() + timeout

    def read() -> bool:
        if not select.select([fd], [], [], 0.2)[0]:
            return True
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO: the child has closed the terminal
            return False
        nonlocal seen
        seen += chunk
        return bool(chunk)

    try:
        start = 0
        for prompt, key in keys:
            while prompt.encode() not in seen[start:] and time.monotonic() < deadline and read():
                pass
            assert prompt.encode() in seen[start:], seen.decode(errors="replace")
            start = seen.index(prompt.encode(), start) + len(prompt.encode())
            time.sleep(0.1)
            os.write(fd, key)
        while time.monotonic() < deadline and read():
            pass
    finally:
        if time.monotonic() >= deadline:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    return os.waitstatus_to_exitcode(status), seen.decode("utf-8", errors="replace").replace("\r\n", "\n")


def files(folder: Path) -> dict[str, bytes]:
    """Every file under a folder (symlinks left out) and its bytes, by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink()}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page(site: Path, url: str) -> BeautifulSoup:
    """The HTML of a directory URL such as 'co-quan/so-cong-thuong/'."""
    return soup(site / url / "index.html")


# -- `bantin serve` in a child process ----------------------------------------------------------------------
def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """A running `bantin serve`: its address, what it answers, what it printed (in `log`)."""

    ANSWER = 30.0  # seconds a request may take at most on a loaded machine: longer is a hang

    def __init__(self, process: subprocess.Popen, base: str, log: Path):
        self.process, self.base, self.log = process, base, log

    def get(self, path: str = "") -> tuple[int, str] | None:
        """(status, body) of the page at `path` under the site; None while nothing listens yet.
        A request the server accepts but does not answer in ANSWER seconds fails the test."""
        import urllib.error
        import urllib.request

        try:
            with urllib.request.urlopen(self.base + path, timeout=self.ANSWER) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")
        except TimeoutError as error:
            raise AssertionError(f"{self.base + path} did not answer in {self.ANSWER} s: the preview hangs") from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise AssertionError(f"{self.base + path}: no answer in {self.ANSWER} s: the preview hangs") from error
            assert self.process.poll() is None, f"bantin serve ended ({self.process.returncode}):\n{self.output()}"
            return None

    def until(self, path: str, wanted, timeout: float = 180) -> tuple[int, str]:
        """The first answer at `path` for which `wanted(status, body)` holds (polled)."""
        import time

        deadline = time.monotonic() + timeout
        answer = None
        while time.monotonic() < deadline:
            answer = self.get(path)
            if answer is not None and wanted(*answer):
                return answer
            time.sleep(0.3)
        raise AssertionError(f"{self.base + path}: never the answer wanted; the last was {answer!r}\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> int:
        """Ctrl-C, as an editor ends the preview; its exit code."""
        import signal

        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()


def serve_bantin(root: Path, *args: str) -> Served:
    """Start `bantin serve` on a free port of 127.0.0.1 in `root`; its output (stdout and stderr)
    goes to a file beside `root`, so a long run never blocks on a full pipe. Stop it with stop()."""
    port = free_port()
    log = root.parent / f"{root.name}-serve-{port}.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8", "PYTHONDONTWRITEBYTECODE": "1"}
    with open(log, "w", encoding="utf-8") as out:
        process = subprocess.Popen([sys.executable, "-m", "bantin", "serve", "-a", f"127.0.0.1:{port}", *args],
                                   cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)
    return Served(process, f"http://127.0.0.1:{port}/bantin/", log)  # MkDocs serves under site_url's path
