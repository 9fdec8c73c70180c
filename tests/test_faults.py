"""The fault suite (issue 14, classes 6, 7, 11): every fault of the machine or the user ends a
`bantin` command with one Vietnamese line naming the fix, its documented exit code, nothing
half-written and the previous site/ intact; `bantin serve` speaks Vietnamese only.

Runnable by itself: `pytest tests/test_faults.py` (or `-m faults`). Each scenario is a test of
its own; `test_the_whole_fault_suite_prints_no_traceback` runs every scenario that has not run
yet in this session and checks all their output together; the transcripts are written to
test-artifacts/faults/ (so `grep -r Traceback test-artifacts/faults` must find nothing).

Disk full is tested twice: for real on a small tmpfs the test mounts (root with mount
rights, as in CI; skipped elsewhere), and at the OS boundary everywhere, by
tests/fixtures/faults/sitecustomize.py, which makes writes fail with ENOSPC once a budget of
bytes is spent, in the bantin process and its forked photo workers.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import sitebuild
from factories import edit, make_photo, make_project, png_header
from sitebuild import FIXTURES_DIR, REPO, copy_sample, files, run_bantin

pytestmark = pytest.mark.faults

POST = "posts/2020/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022.md"
INJECT = FIXTURES_DIR / "faults"
ARTIFACTS = REPO / "test-artifacts" / "faults"
NO_SPACE = "giải phóng chỗ trống trên ổ đĩa rồi chạy lại."
NO_SPACE_BUILD = "giải phóng chỗ trống trên ổ đĩa (thư mục .cache/bantin xoá được, sẽ được tạo lại) rồi chạy lại."
# Every English line MkDocs' preview server and build print (mkdocs/livereload/__init__.py,
# mkdocs/commands/serve.py and build.py, 1.6.1), and those of older MkDocs (Start watching…).
ENGLISH = ("Serving on", "Watching paths", "Detected file changes", "Reloading browsers", "Building documentation",
           "The server will appear stuck", "An error happened", "Aborted with", "Shutting down",
           "Browser connected", "Start watching changes", "Start detecting changes", "Documentation built",
           "Cleaning site directory", "code 404", "Internal Server Error", "Error reading page", "Traceback")


# -- scenarios and their transcripts -------------------------------------------------------------------
SCENARIOS: dict = {}
TRANSCRIPTS: dict[str, str] = {}
_current: list[str] = []


class Skip(Exception):
    """A scenario this machine cannot stage (no mount rights, no chattr)."""


def scenario(function):
    SCENARIOS[function.__name__] = function
    return function


def play(name: str, tmp: Path) -> None:
    _current.clear()
    try:
        SCENARIOS[name](tmp)
    finally:
        TRANSCRIPTS[name] = "\n".join(_current)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / f"{name}.txt").write_text(TRANSCRIPTS[name], encoding="utf-8")


def record(command: str, code: int, out: str, err: str = "") -> None:
    _current.append(f"$ {command}\n{out}{err}[mã thoát {code}]")
    assert "Traceback" not in out + err, f"{command}:\n{out}{err}"


def run(root: Path, *args: str, env: dict | None = None, full: str | None = None) -> subprocess.CompletedProcess:
    """`bantin ARGS` in `root`; with `full=FOLDER:BYTES` on a disk that has BYTES free there."""
    extra = {"PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
    if full is not None:
        extra.update(PYTHONPATH=os.pathsep.join([str(INJECT), os.environ.get("PYTHONPATH", "")]),
                     BANTIN_TEST_DISK_FULL=full)
    result = run_bantin(root, *args, env=extra)
    record("bantin " + " ".join(args) + (f"   (ổ đĩa đầy: {full})" if full else ""),
           result.returncode, result.stdout, result.stderr)
    return result


def last(result: subprocess.CompletedProcess) -> str:
    return result.stderr.rstrip("\n").split("\n")[-1]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith((".site", ".out", ".bantin")))


def tree(folder: Path) -> dict[str, bytes]:
    """Files and folders under `folder` (folders as b"/")."""
    found = files(folder)
    found.update({p.relative_to(folder).as_posix() + "/": b"/" for p in folder.rglob("*") if p.is_dir()})
    return found


# -- helpers that need privileges -----------------------------------------------------------------------
@contextlib.contextmanager
def small_disk(where: Path, size: int):
    """A tmpfs of `size` bytes mounted at `where`: a real disk that fills up."""
    where.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        raise Skip("mounting a small tmpfs needs root (CI runs as root)")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        raise Skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)


@contextlib.contextmanager
def locked(folder: Path):
    """`folder` made unwritable: immutable (chattr +i) as root, read-only (chmod 555) otherwise."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)],
                                                             capture_output=True).returncode != 0:
            raise Skip("root ignores file modes and chattr +i is not available on this file system")
        try:
            yield "EPERM"
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        mode = folder.stat().st_mode
        folder.chmod(0o555)
        try:
            yield "EACCES"
        finally:
            folder.chmod(mode)


def fill(disk: Path) -> None:
    """Take every free byte of `disk`."""
    with open(disk / "filler", "wb", buffering=0) as f:
        for block in (65536, 512):
            with contextlib.suppress(OSError):
                while f.write(b"\0" * block):
                    pass


def size_on_disk(folder: Path) -> int:
    pages = lambda n: -(-n // 4096) * 4096  # noqa: E731
    return sum(pages(p.stat().st_size) if p.is_file() else 4096 for p in folder.rglob("*"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- the sample project, built once (photo renditions cached) ------------------------------------------
@pytest.fixture(scope="module", autouse=True)
def _built(tmp_path_factory):
    global BUILT
    BUILT = copy_sample(tmp_path_factory.mktemp("built") / "p")
    result = run_bantin(BUILT, "build")
    assert result.returncode == 0, result.stderr
    yield


BUILT: Path


def project(tmp: Path) -> Path:
    """A copy of the built sample: posts, registry, photos, their cache and site/."""
    root = tmp / "p"
    shutil.copytree(BUILT, root, symlinks=True)
    return root


# -- disk full -------------------------------------------------------------------------------------------
@scenario
def disk_full_on_a_small_disk(tmp: Path):
    """A real full disk: site/ on a tmpfs with room for one site, not two."""
    root = project(tmp)
    with small_disk(root / "disk", size_on_disk(root / "site") * 3 // 2):
        assert run(root, "build", "-d", "disk/site").returncode == 0
        before = files(root / "disk" / "site")
        result = run(root, "build", "-d", "disk/site")
        assert result.returncode == 3
        assert last(result) in (
            f"LỖI: ổ đĩa đã đầy, không ghi được trang mới vào 'disk/site'; trang cũ trong 'disk/site' được giữ "
            f"nguyên → {NO_SPACE_BUILD}",
            f"LỖI: ổ đĩa đã đầy; trang cũ trong 'disk/site' được giữ nguyên → {NO_SPACE_BUILD}")
        assert files(root / "disk" / "site") == before
        assert os.listdir(root / "disk") == ["site"]  # the staging folder is gone, its space given back


@scenario
def editor_commands_on_a_full_disk(tmp: Path):
    """A project on a real disk with no byte free: new, photos add and import write nothing."""
    photo = make_photo(tmp / "IMG_0412.JPG", (64, 48), (200, 30, 30))
    with small_disk(tmp / "disk", 1 << 20) as root:
        make_project(root, posts={
            "posts/2023/bai.md": "---\ntitle: A\ndate: 2023-07-06\nagency: SCT\nkind: dai-hoi-chi-bo\n---\n\nNội dung.\n"})
        fill(root)
        before = tree(root)
        made = run(root, "new", "--tieu-de", "Hội nghị sơ kết", "--co-quan", "SCT", "--loai", "so ket",
                   "--ngay", "2024-07-10 08:00")
        assert (made.returncode, made.stderr) == (3, (
            "LỖI: ổ đĩa đã đầy, không ghi được 'posts/2024/hoi-nghi-so-ket.md'; chưa tạo bài nào → " + NO_SPACE + "\n"))
        added = run(root, "photos", "add", "posts/2023/bai.md", str(photo))
        assert (added.returncode, added.stderr) == (3, (
            "LỖI: ổ đĩa đã đầy, không ghi được 'images/2023/bai/img-0412.jpg'; chưa thêm ảnh nào, bài giữ nguyên → "
            + NO_SPACE + "\n"))
        imported = run(root, "import", str(FIXTURES_DIR / "import" / "bai-co-quan-la.txt"))
        assert imported.returncode == 3 and re.fullmatch(
            r"LỖI: ổ đĩa đã đầy, không ghi được 'posts/2020/[a-z0-9-]+\.md'; chưa ghi bài nào → "
            + re.escape(NO_SPACE), last(imported))
        assert tree(root) == before  # not a byte, not a folder, not a temporary file


@scenario
def disk_full_at_the_os_boundary(tmp: Path):
    """Writes failing with ENOSPC inside the process (any machine): photos rendered by the
    workers, the site being written, each editor command, an import cut after its posts."""
    root = project(tmp)
    site = files(root / "site")
    lock = (root / "bantin.lock.json").read_bytes()
    shutil.rmtree(root / ".cache")  # the photos are rendered again, by workers, on the full disk
    result = run(root, "build", full=f"{root}:300000")
    assert result.returncode == 3
    assert last(result) == f"LỖI: ổ đĩa đã đầy; trang cũ trong 'site' được giữ nguyên → {NO_SPACE_BUILD}"
    assert run(root, "build").returncode == 0 and files(root / "site") == site  # the cache was not left corrupt

    result = run(root, "build", full=f"{root}:2000000")
    assert result.returncode == 3 and last(result) in (
        f"LỖI: ổ đĩa đã đầy, không ghi được trang mới vào 'site'; trang cũ trong 'site' được giữ nguyên → "
        f"{NO_SPACE_BUILD}",
        f"LỖI: ổ đĩa đã đầy; trang cũ trong 'site' được giữ nguyên → {NO_SPACE_BUILD}")
    assert files(root / "site") == site and leftovers(root) == []
    assert (root / "bantin.lock.json").read_bytes() == lock

    before = tree(root / "posts"), tree(root / "images")
    made = run(root, "new", "--tieu-de", "Hội nghị sơ kết", "--co-quan", "SCT", "--loai", "so ket",
               "--ngay", "2024-07-10 08:00", full=f"{root}:0")
    assert (made.returncode, last(made)) == (3, (
        "LỖI: ổ đĩa đã đầy, không ghi được 'posts/2024/hoi-nghi-so-ket.md'; chưa tạo bài nào → " + NO_SPACE))
    photo = make_photo(tmp / "IMG_0412.JPG", (64, 48), (200, 30, 30))
    added = run(root, "photos", "add", POST, str(photo), str(photo), full=f"{root}:{photo.stat().st_size + 10}")
    assert (added.returncode, last(added)) == (3, (
        "LỖI: ổ đĩa đã đầy, không ghi được 'images/2020/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022/"
        "img-0412-2.jpg'; chưa thêm ảnh nào, bài giữ nguyên → " + NO_SPACE))  # the first copy was undone
    imported = run(root, "import", str(FIXTURES_DIR / "import"), full=f"{root}:5000")  # posts 3.5 KB, report 3.2 KB
    assert imported.returncode == 3 and "Tổng cộng: 4 bài sẽ được ghi, 0 tệp bỏ qua." in imported.stdout
    assert re.fullmatch(r"LỖI: ổ đĩa đã đầy, không ghi được 'bao-cao/bao-cao-nhap-bai-[\d-]+\.txt'; chưa ghi bài nào → "
                        + re.escape(NO_SPACE), last(imported))  # the four posts fit, the report did not
    assert (tree(root / "posts"), tree(root / "images")) == before
    assert not (root / "bao-cao").exists() and not list(root.rglob(".*.tmp"))


@scenario
def disk_full_while_writing_the_archive(tmp: Path):
    """The site fits but its offline archive does not (the full disk strikes in the archive's
    build, its index scripts or its zip): the new site is in place, the previous archive is kept,
    no staging folder or partial zip is left."""
    root = project(tmp)
    assert run(root, "build", "--zip").returncode == 0
    archive = (root / "site.zip").read_bytes()
    # What the site's build writes: its photo renditions are hard links to the photo cache, which
    # take no room (engine/files.py: CachedFile).
    site_bytes = sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file() and p.stat().st_nlink == 1)
    for budget in (site_bytes * 5 // 4, site_bytes * 7 // 4, site_bytes * 9 // 4):  # the archive's build, its zip
        result = run(root, "build", "--zip", full=f"{root}:{budget}")
        assert result.returncode == 3, (budget, result.stderr)
        assert last(result) in (
            f"LỖI: ổ đĩa đã đầy, không ghi được bản lưu trữ 'site.zip'; trang mới đã ở 'site'; bản lưu trữ cũ "
            f"'site.zip' được giữ nguyên → {NO_SPACE_BUILD}",
            f"LỖI: ổ đĩa đã đầy; trang mới đã ở 'site'; bản lưu trữ cũ 'site.zip' được giữ nguyên → {NO_SPACE_BUILD}"
        ), budget
        assert "Traceback" not in result.stderr
        assert (root / "site.zip").read_bytes() == archive
        assert leftovers(root) == [] and not list(root.glob(".site*")) and not list(root.glob("*.tmp"))


# -- permissions -------------------------------------------------------------------------------------------
@scenario
def unwritable_site_folders(tmp: Path):
    """site/ immutable (the swap is refused), or the folder holding it locked (nowhere to build)."""
    root = project(tmp)
    site = files(root / "site")
    with locked(root / "site"):
        result = run(root, "build")
    if os.geteuid() == 0:  # chattr +i site: renaming it is refused; a chmod'ed site/ can still be swapped
        assert (result.returncode, last(result)) == (3, (
            "LỖI: không có quyền ghi 'site'; trang cũ trong 'site' được giữ nguyên → cấp quyền ghi "
            "(chmod u+w 'site'; nếu bị khoá: chattr -i 'site') hoặc chạy bằng tài khoản có quyền, "
            "hoặc xây dựng vào thư mục khác: bantin build -d THƯ_MỤC."))
        assert files(root / "site") == site and leftovers(root) == []

    (root / "out").mkdir()
    assert run(root, "build", "-d", "out/site").returncode == 0
    site = files(root / "out" / "site")
    with locked(root / "out"):
        result = run(root, "build", "-d", "out/site")
    assert (result.returncode, last(result)) == (3, (
        "LỖI: không có quyền ghi 'out'; trang cũ trong 'out/site' được giữ nguyên → cấp quyền ghi "
        "(chmod u+w 'out'; nếu bị khoá: chattr -i 'out') hoặc chạy bằng tài khoản có quyền, "
        "hoặc xây dựng vào thư mục khác: bantin build -d THƯ_MỤC."))
    assert files(root / "out" / "site") == site and leftovers(root / "out") == []


@scenario
def read_only_disk(tmp: Path):
    root = project(tmp)
    with small_disk(root / "disk", 64 << 20) as disk:
        assert run(root, "build", "-d", "disk/site").returncode == 0
        site = files(disk / "site")
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        result = run(root, "build", "-d", "disk/site")
        assert (result.returncode, last(result)) == (3, (
            "LỖI: ổ đĩa chỉ cho đọc, không ghi được 'disk'; trang cũ trong 'disk/site' được giữ nguyên → "
            "gắn lại ổ đĩa cho phép ghi, hoặc xây dựng vào thư mục khác: bantin build -d THƯ_MỤC."))
        assert files(disk / "site") == site


# -- interruptions ---------------------------------------------------------------------------------------
def interrupted_build(root: Path, sig: int, *, group: bool, when) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8", "PYTHONDONTWRITEBYTECODE": "1"}
    build = subprocess.Popen([sys.executable, "-m", "bantin", "build"], cwd=root, env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while not when() and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert build.poll() is None, "the build ended before it could be interrupted"
    (os.killpg if group else os.kill)(build.pid, sig)  # a terminal's Ctrl-C reaches the photo workers too
    out, err = build.communicate(timeout=120)
    record(f"bantin build   ({signal.Signals(sig).name}{' to the process group' if group else ''})",
           build.returncode, out, err)
    return subprocess.CompletedProcess(build.args, build.returncode, out, err)


@scenario
def ctrl_c_and_sigterm_during_a_build(tmp: Path):
    root = project(tmp)
    site = files(root / "site")
    shutil.rmtree(root / ".cache")  # photos to render: the signal lands among the workers
    staging = lambda: any(p.name.startswith(".site-build-") for p in root.iterdir())  # noqa: E731
    pages = lambda: any(p.name.startswith(".site-build-") and (p / "tin").exists() for p in root.iterdir())  # noqa: E731
    for sig, group, when in ((signal.SIGINT, True, staging), (signal.SIGINT, True, pages),
                             (signal.SIGTERM, False, staging)):
        result = interrupted_build(root, sig, group=group, when=when)
        assert (result.returncode, result.stderr.rstrip("\n").split("\n")[-1]) == (
            130, "Đã dừng: trang chưa xây dựng xong; trang cũ trong 'site' được giữ nguyên.")
        assert files(root / "site") == site and leftovers(root) == []


def on_a_terminal(root: Path, args: list[str], keys: list[tuple[str, bytes]]) -> tuple[int, str]:
    """Run bantin at a pseudo-terminal (sitebuild.on_a_terminal), its transcript recorded."""
    code, text = sitebuild.on_a_terminal(root, args, keys)
    record("bantin " + " ".join(args) + "   (on a terminal: " + ", ".join(repr(k) for _, k in keys) + ")", code, text)
    return code, text


@scenario
def ctrl_c_and_ctrl_d_at_the_prompts_of_new(tmp: Path):
    root = project(tmp)
    before = tree(root / "posts"), tree(root / "images")
    title, date = ("Tiêu đề bài viết: ", "Hội nghị sơ kết\r".encode()), ("]: ", b"16/01/2020\r")
    for keys in ([("Tiêu đề bài viết: ", b"\x03")],  # Ctrl-C at the first prompt
                 [title, date, ("Cơ quan (số, mã hoặc tên): ", b"\x04")],  # Ctrl-D
                 [title, date, ("Cơ quan (số, mã hoặc tên): ", b"so-tai-chinh\r"), ("Đơn vị (số, mã hoặc tên): ", b"\r"),
                  ("Nhiệm kỳ", b"\r"), ("Loại tin (số, mã hoặc tên): ", b"\x03")],
                 [title, date, ("Cơ quan (số, mã hoặc tên): ", b"so-tai-chinh\r"), ("Đơn vị (số, mã hoặc tên): ", b"\r"),
                  ("Nhiệm kỳ", b"\r"), ("Loại tin (số, mã hoặc tên): ", b"1\r"), ("Tác giả", b"\x04")]):
        code, text = on_a_terminal(root, ["new"], keys)
        assert code == 130 and text.rstrip().split("\n")[-1] == "Đã huỷ: chưa tạo bài nào.", text
    assert (tree(root / "posts"), tree(root / "images")) == before


# -- serve -----------------------------------------------------------------------------------------------
@scenario
def serve_on_a_port_in_use_or_a_wrong_address(tmp: Path):
    root = project(tmp)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(root, "serve", "-a", f"127.0.0.1:{port}")
        assert result.returncode == 3 and result.stderr.count("\n") == 1  # said at once, before any build
        found = re.fullmatch(
            rf"LỖI: cổng {port} đang được một chương trình khác dùng \(có thể là một 'bantin serve' khác\) → dừng "
            r"chương trình đó, hoặc chạy 'bantin serve -a 127\.0\.0\.1:(\d+)'\.", last(result))
        assert found and int(found.group(1)) > port
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", int(found.group(1))))  # the port it proposes is free
    result = run(root, "serve", "-a", "127.0.0.1")
    assert (result.returncode, result.stderr) == (2, (
        "LỖI: địa chỉ '127.0.0.1' không hợp lệ → viết dạng IP:CỔNG, ví dụ 'bantin serve -a 127.0.0.1:8001'.\n"))


def fetch(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # an error page comes at once, never a hang
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except TimeoutError as error:
        raise AssertionError(f"{url}: no answer in 30 s, the preview hangs") from error
    except OSError:
        return 0


def fetched(url: str, status: int, timeout: float = 120) -> None:
    """Wait until `url` answers with `status` (the error page is 503)."""
    deadline = time.monotonic() + timeout
    while fetch(url) != status:
        assert time.monotonic() < deadline, f"{url} never answered {status}"
        time.sleep(0.3)


FIRST_FAILED = ("LỖI: chưa tạo được bản xem trước vì có lỗi ở trên; trình duyệt hiện các lỗi này đến khi sửa xong "
                "→ sửa lỗi rồi lưu tệp, trang sẽ tự cập nhật.")
REBUILD_FAILED = ("LỖI: chưa cập nhật được bản xem trước vì có lỗi ở trên; trình duyệt hiện các lỗi này đến khi sửa "
                  "xong → sửa lỗi rồi lưu tệp, trang sẽ tự cập nhật.")
AGENCY_ERROR = f"LỖI       - bantin: {POST}:4: [agency] cơ quan 'so-cong-thuog' không có trong danh mục"


def serve_process(root: Path) -> tuple[subprocess.Popen, str, int]:
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8", "PYTHONDONTWRITEBYTECODE": "1"}
    server = subprocess.Popen([sys.executable, "-m", "bantin", "serve", "-a", f"127.0.0.1:{port}"], cwd=root, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return server, f"http://127.0.0.1:{port}/bantin/", port


def english_in(lines: list[str]) -> list[str]:
    return [line for line in lines if any(phrase in line for phrase in ENGLISH)]


@scenario
def serve_speaks_vietnamese_and_survives_a_broken_post(tmp: Path):
    root = project(tmp)
    server, base, port = serve_process(root)
    post = root / POST
    good = post.read_text(encoding="utf-8")
    try:
        fetched(base, 200)
        assert fetch(base + "khong-co-trang-nay/") == 404
        post.write_text(good.replace("agency: so-cong-thuong", "agency: so-cong-thuog"), encoding="utf-8")
        fetched(base, 503)  # still serving: every page is the error page, at once
        assert server.poll() is None
        post.write_text(good.replace("lần thứ nhất", "lần thứ nhất (đã sửa)"), encoding="utf-8")
        fetched(base, 200)
        assert fetch(base + "tin/2020/01/dai-hoi-chi-bo-van-phong-lan-thu-nhat-da-sua-nhiem-ky-2020-2022/") == 200
    finally:
        server.send_signal(signal.SIGINT)
        out, _ = server.communicate(timeout=60)
    record(f"bantin serve -a 127.0.0.1:{port}   (a 404, a broken post, fixed, then Ctrl-C)", server.returncode, out)
    lines = out.rstrip("\n").split("\n")
    assert english_in(lines) == []
    assert server.returncode == 0 and lines[-1] == "Đã dừng xem trước."
    assert any(line.endswith(f"Xem trước tại {base} — nhấn Ctrl-C để dừng") for line in lines)
    assert any(line.endswith("Không có trang /bantin/khong-co-trang-nay/ (404)") for line in lines)
    assert not any("503" in line for line in lines)  # the error page is said once, not at each request
    failed = lines.index(REBUILD_FAILED)
    assert AGENCY_ERROR in lines[:failed]
    built = [i for i, line in enumerate(lines) if line.startswith("THÔNG TIN - Đã tạo các trang trong ")]
    assert built[-1] > failed and any(line.endswith("Đã cập nhật trang trong trình duyệt")  # after the fix
                                      for line in lines[built[-1]:])


@scenario
def serve_with_a_broken_post_from_the_start(tmp: Path):
    root = project(tmp)
    edit(root / POST, "agency: so-cong-thuong", "agency: so-cong-thuog")
    server, base, port = serve_process(root)
    try:
        fetched(base, 503)  # serving: the error page instead of the site
        fetched(base + "tin/2020/01/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022/", 503)
    finally:
        server.send_signal(signal.SIGINT)
        out, _ = server.communicate(timeout=60)
    record(f"bantin serve -a 127.0.0.1:{port}   (a broken post from the start, then Ctrl-C)", server.returncode, out)
    lines = out.rstrip("\n").split("\n")
    assert server.returncode == 0 and lines[-1] == "Đã dừng xem trước."
    assert AGENCY_ERROR in lines[:lines.index(FIRST_FAILED)]
    assert english_in(lines) == []


# -- content the tools used to accept or crash on --------------------------------------------------------------
DEEP = ("giá trị lồng nhau quá sâu (quá 50 tầng danh sách hay nhóm lồng vào nhau)",
        "    → xoá các dấu '[', '{' hoặc '-' thừa: mỗi trường chỉ cần một, hai tầng, "
        "ví dụ 'tags: [đại hội]' hay 'photos:' rồi các dòng '- src: …'")


@scenario
def yaml_nested_thousands_deep(tmp: Path):
    root = project(tmp)
    site = files(root / "site")
    deep = root / "posts/2024/long-nhau.md"
    deep.parent.mkdir()
    deep.write_text("---\ntitle: Lồng nhau\ntags: " + "[" * 2000 + "]" * 2000 + "\n---\n\nNội dung.\n", encoding="utf-8")
    built = run(root, "build")
    assert built.returncode == 1
    assert f"LỖI       - bantin: posts/2024/long-nhau.md:3: [tags] {DEEP[0]}\n{DEEP[1]}\n" in built.stderr
    assert last(built) == "LỖI: không xây dựng được trang; trang cũ trong 'site' được giữ nguyên."
    assert files(root / "site") == site
    checked = run(root, "check")
    assert checked.returncode == 1 and f"LỖI posts/2024/long-nhau.md:3: [tags] {DEEP[0]}\n{DEEP[1]}\n" in checked.stdout
    deep.unlink()
    registry = root / "registry.yml"
    registry.write_text(registry.read_text(encoding="utf-8") + "extra:\n  " + "- " * 2000 + "x\n", encoding="utf-8")
    line = registry.read_text(encoding="utf-8").count("\n")
    checked = run(root, "check")
    assert checked.returncode == 1 and checked.stdout.startswith(f"LỖI registry.yml:{line}: [extra] {DEEP[0]}\n{DEEP[1]}\n")


@scenario
def photos_add_with_mistyped_paths(tmp: Path):
    root = project(tmp)
    photo = make_photo(tmp / "IMG_0412.JPG", (64, 48), (200, 30, 30))
    before = tree(root / "posts"), tree(root / "images")
    cases = [
        (["posts/2020/dai-hoi-chi-bo-van-phong.md", str(photo)],
         "LỖI: không tìm thấy bài 'posts/2020/dai-hoi-chi-bo-van-phong.md'\n"
         f"    → có phải ý bạn là '{POST}'?\n"),
        (["posts/2020", str(photo)],
         "LỖI: 'posts/2020' là thư mục, không phải một bài viết\n"
         "    → ghi đường dẫn tệp .md của bài, ví dụ "
         "'posts/2020/cac-chi-bo-truc-thuoc-dang-bo-so-giao-duc-va-dao-tao-to-chuc-dai-hoi-nhiem-ky-2020-2022.md'\n"),
        ([str(photo), POST],
         f"LỖI: '{photo}' không phải bài viết (tệp .md)\n"
         f"    → ghi bài trước rồi mới đến ảnh: bantin photos add posts/…/ten-bai.md {photo}\n"),
        ([str(tmp / "bai.md"), str(photo)],
         f"LỖI: bài '{tmp / 'bai.md'}' nằm ngoài thư mục dự án '{root}'\n"
         "    → chạy lệnh trong thư mục dự án, hoặc chỉ ra thư mục đó bằng --root THƯ_MỤC\n"),
        (["docs/gioi-thieu.md", str(photo)],
         "LỖI: 'docs/gioi-thieu.md' không nằm trong thư mục bài viết 'posts/'\n"
         "    → chỉ thêm ảnh vào bài trong 'posts/'\n"),
        ([POST, str(tmp / "IMG_0413.JPG")],
         f"LỖI: không tìm thấy tệp '{tmp / 'IMG_0413.JPG'}'\n    → kiểm tra đường dẫn tệp ảnh\n"),
    ]
    (tmp / "bai.md").write_text("---\ntitle: A\n---\n", encoding="utf-8")
    for args, message in cases:
        result = run(root, "photos", "add", *args)
        assert (result.returncode, result.stderr, result.stdout) == (2, message, "")
    assert (tree(root / "posts"), tree(root / "images")) == before


@scenario
def photos_add_refuses_what_the_build_refuses(tmp: Path):
    root = project(tmp)
    before = tree(root / "posts"), tree(root / "images")
    big, phone, bomb = tmp / "IMG_120MP.png", tmp / "IMG_200MP.png", tmp / "bom.png"
    big.write_bytes(png_header(12000, 10000))
    phone.write_bytes(png_header(16320, 12240))
    bomb.write_bytes(png_header(30000, 30000))
    cases = [
        ([str(big)], 1, "LỖI: ảnh 'IMG_120MP.png': ảnh quá lớn (12000×10000 điểm ảnh, quá giới hạn 100 triệu)\n"
                        "    → thêm --thu-nho để lưu một bản thu nhỏ dưới 100 triệu điểm ảnh (ảnh gốc không bị sửa)\n"),
        ([str(phone)], 1, "LỖI: ảnh 'IMG_200MP.png': ảnh quá lớn (200 triệu điểm ảnh, quá giới hạn 100 triệu)\n"
                          "    → thêm --thu-nho để lưu một bản thu nhỏ dưới 100 triệu điểm ảnh (ảnh gốc không bị sửa)\n"),
        ([str(bomb), "--thu-nho"], 1, "LỖI: ảnh 'bom.png': ảnh có 900 triệu điểm ảnh, quá giới hạn 100 triệu "
                                      "(nghi là 'bom giải nén')\n    → dùng ảnh chụp bình thường, dưới 100 triệu điểm ảnh\n"),
        # A header that passes, pixels that do not: found while making the smaller copy, nothing kept.
        ([str(big), "--thu-nho"], 1, "LỖI: ảnh 'IMG_120MP.png': ảnh bị hỏng hoặc không đầy đủ\n"
                                     "    → tệp có thể bị cắt khi sao chép; chép lại ảnh gốc\n"),
    ]
    for args, code, message in cases:
        result = run(root, "photos", "add", POST, *args)
        assert (result.returncode, result.stderr) == (code, message)
    assert (tree(root / "posts"), tree(root / "images")) == before
    # The build's words for the same file, when it reaches a post another way.
    shutil.copy(big, root / "images" / "lon.png")
    edit(root / POST, "photos:\n", "photos:\n  - src: ../../images/lon.png\n    caption: Ảnh lớn\n", count=1)
    checked = run(root, "check")
    assert checked.returncode == 1
    assert ("ảnh 'images/lon.png': ảnh quá lớn (12000×10000 điểm ảnh, quá giới hạn 100 triệu)\n"
            "    → dùng bản nhỏ hơn 100 triệu điểm ảnh: 'bantin photos add --thu-nho BÀI.md ẢNH' lưu một bản thu nhỏ, "
            "ảnh gốc giữ nguyên\n") in checked.stdout


# -- the rest -----------------------------------------------------------------------------------------------
@scenario
def a_bug_in_bantin(tmp: Path):
    """An exception nobody expected: one line saying it is bantin's, and where its details are."""
    root = project(tmp)
    code = ("import sys, bantin.tools.check\n"
            "def boom(*a, **k): raise RuntimeError('a planted bug')\n"
            "bantin.tools.check.check = boom\n"
            "from bantin.cli import main\n"
            "sys.exit(main(['check']))\n")
    env = {**os.environ, "TMPDIR": str(tmp), "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True)
    record("bantin check   (with a planted bug)", result.returncode, result.stdout, result.stderr)
    found = re.fullmatch(r"LỖI: bantin gặp lỗi ngoài dự kiến \(RuntimeError\); đây là lỗi của chương trình, không "
                         r"phải của bài viết → chi tiết đã ghi vào '(.+)', hãy gửi cho người phát triển bantin\.\n",
                         result.stderr)
    assert result.returncode == 3 and found, result.stderr
    report = Path(found.group(1)).read_text(encoding="utf-8")
    assert Path(found.group(1)).parent == tmp and "RuntimeError: a planted bug" in report


@scenario
def output_closed_early(tmp: Path):
    root = project(tmp)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
    reader, writer = os.pipe()
    os.close(reader)  # as `bantin check | head -0` would
    try:
        result = subprocess.run([sys.executable, "-m", "bantin", "check"], cwd=root, env=env, stdout=writer,
                                stderr=subprocess.PIPE, text=True)
    finally:
        os.close(writer)
    record("bantin check | (closed)", result.returncode, "", result.stderr)
    assert (result.returncode, result.stderr) == (3, (
        "LỖI: chương trình nhận kết quả (sau dấu '|') đã đóng trước khi lệnh in xong → chạy lại và ghi kết quả "
        "ra tệp, ví dụ: bantin check … > ket-qua.txt.\n"))


@scenario
def import_output_closed_early(tmp: Path):
    """`bantin import … | head -1`: whenever the pipe closes, the last line tells the truth about
    what was written (review: it said "nothing written" after the posts and report were)."""
    root = project(tmp)
    old = tmp / "cu"
    old.mkdir()
    for n in range(40):  # a report long enough to fill the pipe before head has gone
        (old / f"bai-{n}.txt").write_text(f"Hội nghị sơ kết lần {n} của Sở Tài chính\n\nNội dung bài cũ {n}.\n",
                                          encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
    process = subprocess.Popen([sys.executable, "-m", "bantin", "import", str(old)], cwd=root, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # as head does after its line
    stderr = process.stderr.read()
    code = process.wait()
    record("bantin import | head -1", code, "", stderr)
    reports = sorted(p.name for p in root.glob("bao-cao/bao-cao-nhap-bai-*.txt"))
    posts = sorted(root.glob("posts/*/hoi-nghi-so-ket-lan-*.md"))
    if code == 0:  # everything printed before the pipe closed
        assert reports and len(posts) == 40
    elif reports:
        assert code == 3 and f"; đã ghi {len(posts)} bài và báo cáo 'bao-cao/{reports[0]}' → mở tệp báo cáo" in stderr, stderr
    else:
        assert code == 3 and "; chưa ghi bài nào →" in stderr and posts == [], stderr


# -- the suite -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_fault(name, tmp_path):
    try:
        play(name, tmp_path)
    except Skip as reason:
        pytest.skip(str(reason))


def test_the_whole_fault_suite_prints_no_traceback(tmp_path_factory):
    """Every scenario (those not run yet in this session are run now), all output together.
    Only scenarios that need privileges (mounting a tmpfs, chattr) may have been skipped."""
    for name in SCENARIOS:
        if name not in TRANSCRIPTS:
            with contextlib.suppress(Skip):
                play(name, tmp_path_factory.mktemp(name))
    assert set(TRANSCRIPTS) == set(SCENARIOS)
    everything = "\n".join(TRANSCRIPTS.values())
    assert "Traceback" not in everything
    assert "LỖI" in everything and "Đã dừng" in everything and "Đã huỷ" in everything
    assert all(TRANSCRIPTS[name] for name in SCENARIOS if name not in PRIVILEGED)


PRIVILEGED = {"disk_full_on_a_small_disk", "editor_commands_on_a_full_disk", "read_only_disk", "unwritable_site_folders"}
