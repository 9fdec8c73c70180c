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


MOVES = [  # (id, change, quick): edits that keep every page and file (quick), and some that do not
    ("title-with-slug", retitle, True),
    ("summary", lambda t: re.sub(r"(?m)^summary: .*$", "summary: Tóm tắt mới của bài.", t, count=1), True),
    ("date-same-month", lambda t: t.replace("date: 2021-06-29 15:00", "date: 2021-06-03 08:00", 1), True),
    ("kind", lambda t: t.replace("kind: ket-nap-dang-vien", "kind: hoat-dong-doan-the", 1), True),
    ("term", lambda t: t.replace("term: 2020-2022", "term: [2020-2022, 2020-2025]", 1), None),
    ("title-new-url", lambda t: re.sub(r"(?m)^title: .*$", "title: Kết nạp đảng viên mới", t, count=1), False),
    ("date-other-month", lambda t: t.replace("date: 2021-06-29 15:00", "date: 2021-07-01 08:00", 1), False),
    ("new-tag", lambda t: t.replace("tags: [", "tags: [thẻ mới thêm, ", 1), False),
    ("broken-link", lambda t: add_sentence(t, "Xem [bài khác](../2018/khong-co-bai-nay.md)."), False),
]


@pytest.mark.parametrize(("change", "fast"), [pytest.param(c, q, id=i) for i, c, q in MOVES])
def test_edits_beyond_the_body_are_quick_when_every_file_stays(project: Path, tmp_path: Path, change, fast) -> None:
    """Quick when the same pages and files are made (only their content differs), else the full
    build; either way the preview then holds what a full build of the edited project holds."""
    builds = start(project, tmp_path / "site")
    edit(project / POST, change)
    builds.build()
    if fast is not None:
        assert builds.quick == (1 if fast else 0)
    if builds.quick:  # the post and its neighbours' pages and month's issues, not every post's
        assert builds.last.remade <= 12, builds.last
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
    (project / "posts" / "2021" / "bai-moi.md").write_text(
        (project / POST).read_text(encoding="utf-8").replace("title:", "slug: bai-moi-hoan-toan\ntitle:", 1)
        .replace("ket nap", "kết nạp"), encoding="utf-8")
    builds.build()
    assert builds.quick == 0  # a post added
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


def test_a_stale_search_index_is_never_swapped_in(tmp_path: Path) -> None:
    jobs = quick.Search()
    out = tmp_path / "site" / "tim-kiem" / "index"
    out.mkdir(parents=True)
    (out / "a.json").write_text("old", encoding="utf-8")
    release = __import__("threading").Event()

    def slow(folder: Path) -> None:
        release.wait(10)
        folder.mkdir()
        (folder / "a.json").write_text("stale", encoding="utf-8")

    jobs.start(slow, out, tmp_path)
    jobs.newer()  # a full build wrote its own in the meantime
    release.set()
    jobs.wait(10)
    assert (out / "a.json").read_text(encoding="utf-8") == "old"
    assert jobs.scratch is not None and list(jobs.scratch.iterdir()) == []  # the stale one is gone

    def good(folder: Path) -> None:
        folder.mkdir()
        (folder / "a.json").write_text("new", encoding="utf-8")

    jobs.start(good, out, tmp_path)
    jobs.wait(10)
    assert (out / "a.json").read_text(encoding="utf-8") == "new"
    # A full rebuild empties the site: the last index is put back until the next one is made.
    import shutil
    shutil.rmtree(tmp_path / "site")
    assert jobs.put_last(out) and (out / "a.json").read_text(encoding="utf-8") == "new"
    scratch = jobs.scratch
    jobs.close()
    assert scratch is not None and not scratch.exists()


def test_a_failing_search_job_says_so_in_one_vietnamese_line(tmp_path: Path, caplog) -> None:
    """A full disk while the preview remakes its search index: one line, no traceback."""
    jobs = quick.Search()

    def broken(folder: Path) -> None:
        raise OSError(28, "No space left on device")

    with caplog.at_level(logging.WARNING):
        jobs.start(broken, tmp_path / "out", tmp_path)
        jobs.wait(10)
    lines = [r.getMessage() for r in caplog.records]
    assert any("chỉ mục tìm kiếm" in line and "bantin serve" in line for line in lines), lines
    assert not any("Traceback" in line for line in lines)


def test_the_snapshot_sees_added_removed_and_changed_files(tmp_path: Path) -> None:
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "a.md").write_text("a", encoding="utf-8")
    before = quick.snapshot([tmp_path / "posts", tmp_path / "missing.yml"])
    state = quick.State(None, None, None, None, before, [], tmp_path / "posts")
    (tmp_path / "posts" / "a.md").write_text("ab", encoding="utf-8")
    assert quick.changed_posts(state, quick.snapshot([tmp_path / "posts"])) == [str(tmp_path / "posts" / "a.md")]
    (tmp_path / "posts" / "b.md").write_text("b", encoding="utf-8")
    assert quick.changed_posts(state, quick.snapshot([tmp_path / "posts"])) is None
    os.remove(tmp_path / "posts" / "b.md")
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
                                                                     monkeypatch) -> None:
    """A quick rebuild's search thread that ends while a full rebuild empties and writes the site
    (an edit of the body, then at once of the title) puts nothing in: the full build's own stands."""
    import threading

    builds = start(project, tmp_path / "site")
    plugin = builds.plugin
    release, started = threading.Event(), threading.Event()
    real = plugin.write_search

    def slow(out: Path) -> bool:
        started.set()
        release.wait(30)
        out.mkdir(parents=True)
        (out / "stale.json").write_text("{}", encoding="utf-8")
        return False

    monkeypatch.setattr(plugin, "write_search", slow)
    edit(project / POST, add_sentence)
    builds.build()
    assert builds.quick == 1 and started.wait(10)
    monkeypatch.setattr(plugin, "write_search", real)
    plugin.on_pre_build(config=None)  # a full rebuild begins (MkDocs calls it before emptying the site)
    release.set()
    plugin.search_jobs.wait(30)
    index = tmp_path / "site" / "tim-kiem" / "index"
    assert not (index / "stale.json").exists()
    index.mkdir(parents=True, exist_ok=True)  # the site already holds an index: put_last replaces it
    assert plugin.search_jobs.put_last(index) and not (index / "stale.json").exists()


def test_a_title_edit_right_after_body_edits_builds_the_whole_site(project: Path, tmp_path: Path) -> None:
    builds = start(project, tmp_path / "site")
    for n in range(2):
        edit(project / POST, lambda t, n=n: add_sentence(t, f"Câu thêm số {n}."))
        builds.build()
    edit(project / POST, lambda t: re.sub(r"(?m)^title: .*$", "title: Kết nạp đảng viên mới ở Phòng Khảo thí", t,
                                          count=1))
    builds.build()  # the full build, while the search index of the last quick one may still be made
    assert builds.quick == 2
    builds.wait()
    assert_as_full_build(project, tmp_path / "site", tmp_path)
