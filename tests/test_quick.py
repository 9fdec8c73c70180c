"""The preview's quick path (engine/quick.py): an edit of a post's text re-renders only the pages
it touches, and the preview then holds exactly what a full build of the edited project holds.

Each test runs the preview's builds in this process, as `bantin serve` runs them (engine/serve.py:
Builds), edits the project, rebuilds, and compares the whole preview folder, search index
included, byte for byte with a preview built from nothing out of the same edited project.
"""

from __future__ import annotations

import logging
import os
import re
import time
from pathlib import Path

import pytest

from bantin.engine import quick
from bantin.engine.build import load_config
from bantin.engine.serve import Builds
from sitebuild import copy_sample, files

URL = "http://127.0.0.1:8765/"
POST = "posts/2021/chi-bo-phong-khao-thi-va-quan-ly-chat-luong-ket-nap-dang-vien-moi.md"
OTHER = "posts/2018/chi-bo-thon-doai-ket-nap-dang-vien-moi-dip-19-5.md"


def start(root: Path, site: Path) -> Builds:
    """A preview of `root` built once into `site`, as `bantin serve` starts."""
    config_file = str(root / "mkdocs.yml")
    config = load_config(config_file, site_dir=str(site), dev_addr="127.0.0.1:8765")
    config.plugins.on_startup(command="serve", dirty=False)
    config.site_url = URL
    builds = Builds(config_file, drafts=False, site_dir=str(site), address="127.0.0.1:8765", serve_url=URL)
    builds.build(config)
    return builds


def assert_as_full_build(root: Path, site: Path, tmp: Path) -> None:
    """`site` holds what a preview built from nothing of `root` holds, byte for byte."""
    got = files(site)
    reference = tmp / f"reference-{time.monotonic_ns()}"
    start(root, reference).wait()
    want = files(reference)
    assert sorted(got) == sorted(want), sorted(set(got) ^ set(want))[:20]
    differ = [name for name in want if want[name] != got[name]]
    assert not differ, differ[:20]


def edit(path: Path, change) -> None:
    text = path.read_text(encoding="utf-8")
    new = change(text)
    assert new != text
    path.write_text(new, encoding="utf-8")


def add_sentence(text: str, sentence: str = "Câu mới thêm vào cuối bài để xem trước.") -> str:
    return text.rstrip("\n") + "\n\n" + sentence + "\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "project")


def test_a_body_edit_renders_only_the_post_and_its_bulletin(project: Path, tmp_path: Path) -> None:
    builds = start(project, tmp_path / "site")
    site = tmp_path / "site"
    untouched = {name: (site / name).stat().st_mtime_ns for name in ("index.html", "404.html", "sitemap.xml")}
    edit(project / POST, add_sentence)
    builds.build()
    assert builds.quick == 1
    builds.wait()
    shown = [p for p in site.rglob("*.html") if "Câu mới thêm vào cuối bài để xem trước." in p.read_text(encoding="utf-8")]
    assert [p.parent.name for p in shown if "ban-tin" not in p.as_posix()] == [
        "chi-bo-phong-khao-thi-va-quan-ly-chat-luong-ket-nap-dang-vien-moi"], shown
    assert {name: (site / name).stat().st_mtime_ns for name in untouched} == untouched
    assert_as_full_build(project, site, tmp_path)  # the search index included


def test_successive_edits_each_quick_and_the_same_as_a_full_build(project: Path, tmp_path: Path) -> None:
    builds = start(project, tmp_path / "site")
    for n in range(3):
        edit(project / POST, lambda t, n=n: add_sentence(t, f"Lần sửa thứ {n + 1}: đồng chí Bí thư phát biểu."))
        builds.build()
    edit(project / OTHER, add_sentence)
    builds.build()
    assert builds.quick == 4
    builds.wait()
    assert_as_full_build(project, tmp_path / "site", tmp_path)


def retitle(text: str) -> str:
    """A new title, the URL kept by the `slug:` the old title made."""
    return re.sub(r"(?m)^title: .*$", "slug: chi-bo-phong-khao-thi-va-quan-ly-chat-luong-ket-nap-dang-vien-moi\n"
                  "title: Chi bộ Phòng Khảo thí kết nạp đảng viên <trẻ> & \"mới\"", text, count=1)


MOVES = [  # (id, change, quick): quick unless the navigation or the photos change, or a warning is due
    ("title-with-slug", retitle, True),
    ("summary", lambda t: re.sub(r"(?m)^summary: .*$", "summary: Tóm tắt mới của bài.", t, count=1), True),
    ("date-same-month", lambda t: t.replace("date: 2021-06-29 15:00", "date: 2021-06-03 08:00", 1), True),
    ("kind", lambda t: t.replace("kind: ket-nap-dang-vien", "kind: hoat-dong-doan-the", 1), True),
    ("term", lambda t: t.replace("term: 2020-2022", "term: [2020-2022, 2020-2025]", 1), None),
    ("title-new-url", lambda t: re.sub(r"(?m)^title: .*$", "title: Kết nạp đảng viên mới", t, count=1), True),
    ("date-other-month", lambda t: t.replace("date: 2021-06-29 15:00", "date: 2021-07-01 08:00", 1), True),
    ("new-tag", lambda t: t.replace("tags: [", "tags: [thẻ mới thêm, ", 1), True),
    ("agency", lambda t: t.replace("agency: so-giao-duc\nunits: [khao-thi]\nterm: 2020-2022", "agency: cuc-thue\n"
                                   "term: 2020-2025", 1), True),
    ("agency-warned", lambda t: t.replace("agency: so-giao-duc\nunits: [khao-thi]", "agency: cuc-thue", 1), False),
    ("unit-without-posts", lambda t: t.replace("units: [khao-thi]", "units: [giao-duc-pho-thong]", 1), True),
    ("broken-link", lambda t: add_sentence(t, "Xem [bài khác](../2018/khong-co-bai-nay.md)."), False),
]


@pytest.mark.parametrize(("change", "fast"), [pytest.param(c, q, id=i) for i, c, q in MOVES])
def test_edits_beyond_the_body_are_quick(project: Path, tmp_path: Path, change, fast) -> None:
    """Quick when the navigation and the photos stay, pages and files may appear, go or move
    (else the full build); either way the preview then holds what a full build of the edited
    project holds, and nothing the last build wrote for a page no longer made is left."""
    builds = start(project, tmp_path / "site")
    issues = len(list((tmp_path / "site").glob("luu-tru/*/*/ban-tin/index.html")))
    edit(project / POST, change)
    builds.build()
    if fast is not None:
        assert builds.quick == (1 if fast else 0)
    if builds.quick:  # the post, its neighbours' pages and its months' issues (all when one appears), not every post's
        assert builds.last.remade <= 12 + issues + 1, builds.last
    builds.wait()
    assert_as_full_build(project, tmp_path / "site", tmp_path)


def test_a_hostile_title_is_text_after_a_quick_rebuild(project: Path, tmp_path: Path) -> None:
    builds = start(project, tmp_path / "site")
    edit(project / POST, lambda t: re.sub(r"(?m)^title: .*$", "slug: chi-bo-phong-khao-thi-va-quan-ly-chat-luong-"
                                          "ket-nap-dang-vien-moi\ntitle: '<img src=x onerror=alert(1)> Tin'", t, count=1))
    builds.build()
    assert builds.quick == 1
    builds.wait()
    site = tmp_path / "site"
    pages = [p for p in site.rglob("*.html") if "onerror=alert(1)" in p.read_text(encoding="utf-8")]
    assert pages  # the post, its lists, its neighbours' onward lists
    for path in pages:
        assert "<img src=x onerror" not in path.read_text(encoding="utf-8"), path
    assert_as_full_build(project, site, tmp_path)


def test_a_change_outside_the_posts_takes_the_full_build(project: Path, tmp_path: Path) -> None:
    builds = start(project, tmp_path / "site")
    edit(project / "registry.yml", lambda t: t + "\n# ghi chú\n")
    builds.build()
    assert builds.quick == 0
    edit(project / POST, add_sentence)
    builds.build()
    assert builds.quick == 1
    photo = next((project / "images").rglob("*.jpg"))
    (photo.parent / "anh-moi.jpg").write_bytes(photo.read_bytes())
    builds.build()
    assert builds.quick == 1  # a photo added
    builds.wait()
    assert_as_full_build(project, tmp_path / "site", tmp_path)


def test_an_edit_that_breaks_the_post_fails_as_a_full_build_does(project: Path, tmp_path: Path) -> None:
    builds = start(project, tmp_path / "site")
    edit(project / POST, lambda t: re.sub(r"(?m)^date: .*$", "date: 31/02/2021", t, count=1))
    with pytest.raises(Exception, match="(?i)abort|content|lỗi|refused") as caught:
        builds.build()
    assert builds.quick == 0 and builds.plugin is None
    assert "31/02/2021" in str(caught.value) or caught.value is not None
    edit(project / POST, lambda t: re.sub(r"(?m)^date: .*$", "date: 28/02/2021", t, count=1))
    builds.build()  # fixed: a full build, then quick again
    edit(project / POST, add_sentence)
    builds.build()
    assert builds.quick == 1
    builds.wait()
    assert_as_full_build(project, tmp_path / "site", tmp_path)


def test_unchanged_inputs_take_the_full_build(project: Path, tmp_path: Path) -> None:
    """A rebuild with nothing seen changed (e.g. a post came due with the clock) is never skipped."""
    builds = start(project, tmp_path / "site")
    builds.build()
    assert builds.quick == 0


# -- the search index of the preview (quick.Search): made in a child process -------------------
@pytest.fixture(params=["fork", "thread"])
def mode(request, monkeypatch) -> str:
    """Each Search test runs with the child process (Linux) and with the thread that does the
    work where there is no fork (the start-method check says so)."""
    if request.param == "thread":
        monkeypatch.setattr("multiprocessing.get_all_start_methods", lambda: ["spawn"])
        assert not quick.can_fork()
    elif not quick.can_fork():
        pytest.skip("no fork on this system")
    return request.param


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes in /proc (Linux)")


def until(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def running(pid: int) -> bool:
    """Whether process `pid` still runs (a zombie has ended, though not yet reaped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def reaped(pid: int) -> bool:
    return not Path(f"/proc/{pid}").exists()


def writer(text: str):
    """A build writing an index of one file holding `text` and the pid that made it."""
    def build(folder: Path) -> None:
        folder.mkdir()
        (folder / "a.json").write_text(text, encoding="utf-8")
        (folder / "pid").write_text(str(os.getpid()), encoding="ascii")
    return build


def slow(started: Path, text: str = "stale", release: Path | None = None):
    """A build that says it started (its pid in `started`), then takes a minute (or until
    `release` exists) before writing its index; however it ends, it says so (`started`.ended),
    as search.build_cached removes its staging folder."""
    def build(folder: Path) -> None:
        said = started.with_name(started.name + ".part")
        said.write_text(str(os.getpid()), encoding="ascii")
        os.replace(said, started)  # whole when seen
        try:
            until(lambda: release is not None and release.exists(), 60)
            writer(text)(folder)
        finally:
            started.with_suffix(".ended").touch()
    return build


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_a_stale_search_index_is_never_swapped_in(tmp_path: Path, mode: str) -> None:
    jobs = quick.Search()
    out = tmp_path / "site" / "tim-kiem" / "index"
    out.mkdir(parents=True)
    (out / "a.json").write_text("old", encoding="utf-8")
    started, release = tmp_path / "started", tmp_path / "release"

    jobs.start(slow(started, "stale", release), out, tmp_path)
    assert until(started.exists)
    jobs.newer()  # a full build wrote its own in the meantime
    release.touch()
    jobs.wait(30)
    assert read(out / "a.json") == "old"
    assert jobs.scratch is not None and list(jobs.scratch.iterdir()) == []  # the stale one is gone

    jobs.start(writer("new"), out, tmp_path)
    jobs.wait(30)
    assert read(out / "a.json") == "new"
    # A full rebuild empties the site: the last index is put back until the next one is made.
    import shutil
    shutil.rmtree(tmp_path / "site")
    assert jobs.put_last(out) and read(out / "a.json") == "new"
    scratch = jobs.scratch
    jobs.close()
    assert scratch is not None and not scratch.exists()


def test_the_search_index_is_made_in_another_process_where_there_is_fork(tmp_path: Path, mode: str,
                                                                        caplog) -> None:
    jobs = quick.Search()
    out = tmp_path / "site" / "index"
    with caplog.at_level(logging.DEBUG):
        jobs.start(writer("new"), out, tmp_path)
        jobs.wait(30)
    assert read(out / "a.json") == "new"
    pid = int(read(out / "pid"))
    assert (pid != os.getpid()) == (mode == "fork")
    assert caplog.records == []
    jobs.close()


@needs_proc
def test_a_newer_rebuild_ends_the_child_still_making_the_last_index(tmp_path: Path, caplog) -> None:
    """A burst of saves: each start ends the child before it at once (its `finally` blocks run:
    nothing half-written stays in the shared cache), only the last index goes in, and nothing is
    said. The command's own signal handlers (which ignore signals in other processes) do not keep
    a child alive until it is killed."""
    import signal

    from bantin.commands.runner import signals_stop_the_command

    jobs = quick.Search()
    out = tmp_path / "site" / "index"
    pids = []
    with caplog.at_level(logging.WARNING), signals_stop_the_command():
        children = []
        for n in range(3):
            started = tmp_path / f"started-{n}"
            jobs.start(slow(started, f"stale {n}"), out, tmp_path)
            children.append(jobs.child)
            assert until(started.exists)
            pids.append(int(read(started)))
            if n:
                assert until(lambda: not running(pids[-2]), 5), "the stale child still runs"
        jobs.start(writer("new"), out, tmp_path)
        assert until(lambda: not running(pids[-1]), 5), "the stale child still runs"
        jobs.wait(30)
    assert read(out / "a.json") == "new"
    assert all(reaped(pid) for pid in pids)  # no zombie
    assert [child.process.exitcode for child in children] == [128 + signal.SIGTERM] * 3  # not killed
    assert all((tmp_path / f"started-{n}.ended").exists() for n in range(3))  # each cleaned up after itself
    assert [r.getMessage() for r in caplog.records] == []
    assert jobs.scratch is not None and sorted(jobs.scratch.iterdir()) == [jobs.kept.parent]  # type: ignore[union-attr]
    jobs.close()


@needs_proc
def test_closing_the_preview_ends_its_child_and_removes_its_folder(tmp_path: Path, caplog) -> None:
    jobs = quick.Search()
    started = tmp_path / "started"
    with caplog.at_level(logging.WARNING):
        jobs.start(slow(started), tmp_path / "site" / "index", tmp_path)
        assert until(started.exists)
        pid, scratch = int(read(started)), jobs.scratch
        begun = time.monotonic()
        jobs.close()
    assert time.monotonic() - begun < 30  # not the minute the build would take
    assert reaped(pid)
    assert scratch is not None and not scratch.exists()
    assert not (tmp_path / "site").exists()
    assert caplog.records == []


def test_a_failing_search_job_says_so_in_one_vietnamese_line(tmp_path: Path, caplog, mode: str) -> None:
    """A full disk while the preview remakes its search index: one line, no traceback, and the
    last index stays."""
    jobs = quick.Search()
    out = tmp_path / "site" / "index"
    jobs.start(writer("last"), out, tmp_path)
    jobs.wait(30)

    def broken(folder: Path) -> None:
        folder.mkdir()
        (folder / "a.json").write_text("half", encoding="utf-8")
        raise OSError(28, "No space left on device\nsecond line")

    with caplog.at_level(logging.WARNING):
        jobs.start(broken, out, tmp_path)
        jobs.wait(30)
    lines = [r.getMessage() for r in caplog.records]
    assert lines == ["Không cập nhật được chỉ mục tìm kiếm của bản xem trước (OSError: [Errno 28] No space left "
                     "on device second line) → lưu lại bài viết để xây dựng lại, hoặc khởi động lại 'bantin serve'."]
    assert read(out / "a.json") == "last"
    (out / "a.json").unlink()
    assert jobs.put_last(out) and read(out / "a.json") == "last"
    assert jobs.scratch is not None and len(list(jobs.scratch.iterdir())) == 1  # the failed one's folder is gone
    jobs.close()


def test_a_child_killed_from_outside_says_so_and_the_last_index_stays(tmp_path: Path, caplog) -> None:
    """Killed by the system (out of memory), not by a newer rebuild: the warning, and the last index."""
    import signal

    if not quick.can_fork():
        pytest.skip("no fork on this system")
    jobs = quick.Search()
    out = tmp_path / "site" / "index"
    jobs.start(writer("last"), out, tmp_path)
    jobs.wait(30)

    def killed(folder: Path) -> None:
        folder.mkdir()
        os.kill(os.getpid(), signal.SIGKILL)

    with caplog.at_level(logging.WARNING):
        jobs.start(killed, out, tmp_path)
        jobs.wait(30)
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1 and "(tiến trình tạo chỉ mục dừng bất thường (tín hiệu SIGKILL))" in lines[0], lines
    assert read(out / "a.json") == "last"
    assert jobs.child is None  # reaped: no later newer() signals its pid
    jobs.close()


def test_the_child_says_nothing_and_leaves_ctrl_c_to_the_preview(tmp_path: Path, capfd, caplog) -> None:
    """Ctrl-C reaches the whole process group: the child goes on (the preview ends it), with no
    KeyboardInterrupt; what it prints or logs reaches no terminal; no exit handler of the
    preview (MkDocs removing its site folder…) runs in it."""
    import atexit
    import signal

    if not quick.can_fork():
        pytest.skip("no fork on this system")
    jobs = quick.Search()
    out = tmp_path / "site" / "index"
    ran = tmp_path / "atexit-ran"

    def on_exit() -> None:
        ran.write_text(str(os.getpid()), encoding="ascii")

    def noisy(folder: Path) -> None:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.2)
        print("trên stdout")
        os.write(2, b"on fd 2\n")
        logging.getLogger("mkdocs.plugins.bantin").warning("từ tiến trình con")
        writer("new")(folder)

    atexit.register(on_exit)
    try:
        with caplog.at_level(logging.DEBUG):
            jobs.start(noisy, out, tmp_path)
            jobs.wait(30)
    finally:
        atexit.unregister(on_exit)
    assert read(out / "a.json") == "new"
    assert capfd.readouterr() == ("", "")
    assert caplog.records == []
    assert not ran.exists()
    jobs.close()


def test_the_snapshot_sees_added_removed_and_changed_files(tmp_path: Path) -> None:
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "a.md").write_text("a", encoding="utf-8")
    before = quick.snapshot([tmp_path / "posts", tmp_path / "missing.yml"])
    state = quick.State(None, None, None, None, before, [], tmp_path / "posts")
    (tmp_path / "posts" / "a.md").write_text("ab", encoding="utf-8")
    assert quick.changed_posts(state, quick.snapshot([tmp_path / "posts"])) == [str(tmp_path / "posts" / "a.md")]
    (tmp_path / "posts" / "b.md").write_text("b", encoding="utf-8")  # added
    assert quick.changed_posts(state, quick.snapshot([tmp_path / "posts"])) == [
        str(tmp_path / "posts" / "a.md"), str(tmp_path / "posts" / "b.md")]
    os.remove(tmp_path / "posts" / "a.md")  # removed
    assert quick.changed_posts(state, quick.snapshot([tmp_path / "posts"])) == [
        str(tmp_path / "posts" / "a.md"), str(tmp_path / "posts" / "b.md")]
    (tmp_path / "posts" / "a.md").write_text("a", encoding="utf-8")
    os.utime(tmp_path / "posts" / "a.md", ns=(before[str(tmp_path / "posts" / "a.md")][1],) * 2)
    os.remove(tmp_path / "posts" / "b.md")
    assert quick.changed_posts(state, quick.snapshot([tmp_path / "posts"])) == []
    (tmp_path / "posts" / "a.txt").write_text("x", encoding="utf-8")
    assert quick.changed_posts(state, quick.snapshot([tmp_path / "posts"])) is None


@pytest.mark.parametrize("change", [retitle, lambda t: t.replace("date: 2021-06-29 15:00", "date: 2020-01-03 08:00", 1),
                                    lambda t: t.replace("kind: ket-nap-dang-vien", "kind: hoat-dong-doan-the", 1)],
                         ids=["title", "date-moves-in-every-list", "kind"])
def test_list_pages_lent_by_the_previous_renderer_are_those_a_fresh_one_makes(project: Path, change) -> None:
    """Renderer(previous=…) takes a list page from the renderer before an edit only when it is
    made from equal inputs: every page equals a fresh renderer's, and most are lent."""
    from bantin.engine.build import load_settings
    from bantin.model.post_cache import PostCache
    from bantin.model.project import load_project
    from bantin.site.pages import Renderer

    options = load_settings(project / "mkdocs.yml").options(project)
    cache = PostCache()
    before = Renderer(load_project(options, cache=cache))
    list(before.pages())
    edit(project / POST, change)
    edited = load_project(options, cache=cache)
    lent = Renderer(edited, previous=before)
    got = {page.src_uri: page for page in lent.pages()}
    want = {page.src_uri: page for page in Renderer(edited).pages()}
    assert got == want
    kept = [uri for uri, made in lent._made.items() if before._made.get(uri) is made]
    assert 0 < len(kept) < len(lent._made)


def test_a_fault_in_the_quick_path_falls_back_to_the_full_build(project: Path, tmp_path: Path, monkeypatch) -> None:
    builds = start(project, tmp_path / "site")

    def broken(plugin, state):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(quick, "rebuild", broken)
    edit(project / POST, add_sentence)
    builds.build()  # no exception: the full build ran, and said nothing went wrong
    assert builds.quick == 0 and builds.plugin is not None
    builds.wait()
    monkeypatch.undo()
    assert_as_full_build(project, tmp_path / "site", tmp_path)


def test_a_body_edit_then_other_edits_stay_right(project: Path, tmp_path: Path) -> None:
    """What one quick rebuild made is what the next starts from: a body edit, then edits of other
    kinds to that post and to another, each quick, end as a full build of the edited project."""
    builds = start(project, tmp_path / "site")
    edit(project / POST, lambda t: add_sentence(t, "Câu sửa lần đầu, trước các lần sửa khác."))
    builds.build()
    edit(project / OTHER, lambda t: re.sub(r"(?m)^summary: .*$", "summary: Tóm tắt khác.", t, count=1))
    builds.build()
    post = next((tmp_path / "site").glob("tin/2021/*/chi-bo-phong-khao-thi-*/index.html"))
    assert "Câu sửa lần đầu" in post.read_text(encoding="utf-8")  # not the page before the first edit
    edit(project / POST, lambda t: t.replace("kind: ket-nap-dang-vien", "kind: hoat-dong-doan-the", 1))
    builds.build()
    edit(project / POST, lambda t: add_sentence(t, "Câu sửa lần cuối."))
    builds.build()
    assert builds.quick == 4
    builds.wait()
    assert_as_full_build(project, tmp_path / "site", tmp_path)


def test_a_search_index_still_being_made_never_enters_a_full_rebuild(project: Path, tmp_path: Path,
                                                                     monkeypatch, mode: str) -> None:
    """A quick rebuild's search index that is done while a full rebuild empties and writes the
    site (an edit of the body, then at once of the title) puts nothing in: the full build's own
    stands. Its child process is ended as the full rebuild begins."""
    builds = start(project, tmp_path / "site")
    plugin = builds.plugin
    started, release = tmp_path / "started", tmp_path / "release"
    real = plugin.write_search

    def late(out: Path) -> bool:
        pid = started.with_name("started.tmp")  # whole when it appears: the test reads it at once
        pid.write_text(str(os.getpid()), encoding="ascii")
        pid.replace(started)
        until(release.exists, 60)
        out.mkdir(parents=True)
        (out / "stale.json").write_text("{}", encoding="utf-8")
        return False

    monkeypatch.setattr(plugin, "write_search", late)
    edit(project / POST, add_sentence)
    builds.build()
    assert builds.quick == 1 and until(started.exists)
    monkeypatch.setattr(plugin, "write_search", real)
    plugin.on_pre_build(config=None)  # a full rebuild begins (MkDocs calls it before emptying the site)
    if mode == "fork":
        assert until(lambda: not running(int(read(started))), 5)
    release.touch()
    plugin.search_jobs.wait(30)
    index = tmp_path / "site" / "tim-kiem" / "index"
    assert not (index / "stale.json").exists()
    index.mkdir(parents=True, exist_ok=True)  # the site already holds an index: put_last replaces it
    assert plugin.search_jobs.put_last(index) and not (index / "stale.json").exists()
    plugin.search_jobs.close()


def test_a_full_rebuild_right_after_body_edits(project: Path, tmp_path: Path) -> None:
    builds = start(project, tmp_path / "site")
    for n in range(2):
        edit(project / POST, lambda t, n=n: add_sentence(t, f"Câu thêm số {n}."))
        builds.build()
    edit(project / "registry.yml", lambda t: t + "\n# ghi chú\n")
    builds.build()  # the full build, while the search index of the last quick one may still be made
    assert builds.quick == 2
    builds.wait()
    assert_as_full_build(project, tmp_path / "site", tmp_path)


def test_a_post_added_then_removed_is_quick(project: Path, tmp_path: Path) -> None:
    builds = start(project, tmp_path / "site")
    added = project / "posts" / "2022" / "chi-bo-phong-khao-thi-hoc-tap-nghi-quyet.md"
    text = (project / POST).read_text(encoding="utf-8")
    added.write_text(re.sub(r"(?m)^title: .*$", "title: Chi bộ Phòng Khảo thí học tập nghị quyết", text, count=1)
                     .replace("date: 2021-06-29 15:00", "date: 2022-03-08 09:00", 1), encoding="utf-8")
    builds.build()
    assert builds.quick == 1, "a post added"
    builds.wait()
    site = tmp_path / "site"
    page = site / "tin" / "2022" / "03" / "chi-bo-phong-khao-thi-hoc-tap-nghi-quyet" / "index.html"
    assert page.is_file()
    added.unlink()
    builds.build()
    assert builds.quick == 2, "a post removed"
    builds.wait()
    assert not page.parent.exists()  # its folder too, as a full build leaves none
    assert_as_full_build(project, site, tmp_path)


def test_a_post_added_is_quick_and_as_a_full_build(project: Path, tmp_path: Path) -> None:
    """A new post in a month that had none: its page, its month's pages and issue appear, and every
    issue's number after it moves."""
    builds = start(project, tmp_path / "site")
    text = (project / OTHER).read_text(encoding="utf-8")
    (project / "posts" / "2018" / "them.md").write_text(
        re.sub(r"(?m)^title: .*$", "title: Chi bộ thôn Đoài học tập nghị quyết", text, count=1)
        .replace("date: 2018-05-19", "date: 2018-02-03", 1), encoding="utf-8")
    builds.build()
    assert builds.quick == 1
    builds.wait()
    assert (tmp_path / "site" / "luu-tru" / "2018" / "02" / "ban-tin" / "index.html").is_file()
    assert_as_full_build(project, tmp_path / "site", tmp_path)


def test_a_post_linked_from_another_moves_and_the_link_follows(project: Path, tmp_path: Path) -> None:
    """A post's link to another post's file shows that post's address: when that address moves,
    the linking post's page is rendered again, though its own text did not change."""
    target = project / "posts" / "2020" / "dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022.md"
    builds = start(project, tmp_path / "site")
    edit(target, lambda t: re.sub(r"(?m)^title: .*$", "title: Đại hội Chi bộ Văn phòng Sở Công Thương lần thứ nhất", t,
                                  count=1))
    builds.build()
    assert builds.quick == 1
    builds.wait()
    site = tmp_path / "site"
    linking = next(site.glob("tin/2020/*/dang-uy-so-cong-thuong-rut-kinh-nghiem-dai-hoi-diem-*/index.html"))
    assert "dai-hoi-chi-bo-van-phong-so-cong-thuong-lan-thu-nhat/" in linking.read_text(encoding="utf-8")
    assert_as_full_build(project, site, tmp_path)


def test_moves_back_and_forth_stay_right(project: Path, tmp_path: Path) -> None:
    """A URL that moves, then a body edit at the new address, then the move undone: each quick,
    each the preview a full build would make."""
    builds = start(project, tmp_path / "site")
    original = (project / POST).read_text(encoding="utf-8")
    edit(project / POST, lambda t: re.sub(r"(?m)^title: .*$", "title: Kết nạp đảng viên trẻ", t, count=1))
    builds.build()
    edit(project / POST, add_sentence)
    builds.build()
    edit(project / POST, lambda t: t.replace("date: 2021-06-29 15:00", "date: 2021-08-02 10:00", 1))
    builds.build()
    (project / POST).write_text(original, encoding="utf-8")
    builds.build()
    assert builds.quick == 4
    builds.wait()
    assert_as_full_build(project, tmp_path / "site", tmp_path)
