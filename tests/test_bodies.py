"""Posts' bodies rendered in worker processes and kept between builds (engine/bodies.py).

The reference everywhere is MkDocs' own page loop in one process (`--workers 1` with
`render_cache: false`): a build with workers, from the cache, or after edits with the cache
kept, must give the same site, byte for byte.
"""

from __future__ import annotations

import dataclasses
import json
import re
import sys
import zlib
from pathlib import Path

import pytest

from bantin.engine import bodies
from sitebuild import REPO, copy_sample, run_bantin

CACHE_SWITCH = "render_cache: !ENV [BANTIN_TEST_RENDER_CACHE, true]\n"
PAGES = re.compile(r"Trang: dựng (\d+), dùng lại (\d+) từ bộ nhớ đệm")
SOURCES = re.compile(r"Nguồn trang: làm mới (\d+), dùng lại (\d+) từ bộ nhớ đệm")  # site/page_store.py
COUNTS = re.compile(r"Nội dung bài: (\d+) bài, dùng lại (\d+) từ bộ nhớ đệm, dựng mới (\d+) trên (\d+) tiến trình")


def with_cache_switch(root: Path) -> Path:
    """The project's mkdocs.yml with render_cache read from the environment (its bytes stay the
    same whichever way a build sets it, so the reference build does not change the cache's key)."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text, found = re.subn(r"(\n *- bantin:[^\n]*\n)( +)",
                          lambda m: m.group(1) + m.group(2) + CACHE_SWITCH + m.group(2), text, count=1)
    assert found == 1, "mkdocs.yml lists no bantin plugin"
    config.write_text(text, encoding="utf-8")
    return root


LOGGED: dict[str, str] = {}  # the last build's log
SEARCH_CHILD = "Chỉ mục tìm kiếm: tạo trong một tiến trình riêng"


def build(root: Path, out: str, *, workers: int, cache: bool = True) -> tuple[int, int, int, int]:
    """Build into root/out; (posts, reused, rendered, processes) as the build logged them, or
    zeros when the posts were left to MkDocs' loop (the reference)."""
    result = run_bantin(root, "-v", "build", "-d", out, "--workers", str(workers),
                        env={"BANTIN_TEST_RENDER_CACHE": "true" if cache else "false", "BANTIN_WORKERS": ""})
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    LOGGED["log"] = result.stderr
    found = COUNTS.search(result.stderr)
    assert (found is None) == (not cache and workers == 1), result.stderr[-3000:]
    return tuple(int(g) for g in found.groups()) if found else (0, 0, 0, 0)  # type: ignore[return-value]


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_site(reference: Path, other: Path) -> None:
    ref, got = files_of(reference), files_of(other)
    assert sorted(ref) == sorted(got), (sorted(set(ref) ^ set(got)))[:20]
    differ = [name for name in ref if ref[name] != got[name]]
    assert not differ, f"{len(differ)} files differ, e.g. {differ[:10]}"
    assert len(ref) > 50


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return with_cache_switch(copy_sample(tmp_path_factory.mktemp("sample")))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    sys.path.insert(0, str(REPO / "scripts"))
    from make_corpus import make

    return with_cache_switch(make(tmp_path_factory.mktemp("corpus") / "site", 200, seed=1, photos=True))


@pytest.mark.parametrize("project", ["sample", "corpus"])
def test_two_workers_build_the_site_one_process_builds(project, request):
    root = request.getfixturevalue(project)
    build(root, "one", workers=1, cache=False)
    posts, reused, rendered, processes = build(root, "two", workers=2, cache=False)
    assert (reused, rendered, processes) == (0, posts, 2) and posts >= 17
    assert SEARCH_CHILD in LOGGED["log"]  # the search index made beside the pages (engine/forked.py)
    assert_same_site(root / "one", root / "two")
    # Every body from the cache (written by a build with workers), in one process.
    assert build(root, "cached", workers=2) == (posts, 0, posts, 2)
    assert build(root, "cached", workers=1) == (posts, posts, 0, 1)
    assert SEARCH_CHILD not in LOGGED["log"]
    assert_same_site(root / "one", root / "cached")


def test_workers_that_cannot_start_leave_the_work_to_this_process(sample, monkeypatch, tmp_path):
    """No fork on the platform: the posts are rendered here, no traceback, the same site."""
    build(sample, "one", workers=1, cache=False)
    script = tmp_path / "nofork.py"
    script.write_text("import multiprocessing, sys\n"
                      "multiprocessing.get_all_start_methods = lambda: ['spawn']\n"
                      "from bantin.cli import main\n"
                      "sys.exit(main(sys.argv[1:]))\n", encoding="utf-8")
    import subprocess

    result = subprocess.run([sys.executable, str(script), "-v", "build", "-d", "nofork", "-j", "2"], cwd=sample,
                            env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1",
                                 "BANTIN_TEST_RENDER_CACHE": "false", "PYTHONPATH": str(REPO)},
                            capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-3000:]
    assert COUNTS.search(result.stderr).group(4) == "1"  # type: ignore[union-attr]
    assert_same_site(sample / "one", sample / "nofork")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


LINKED = "posts/2019/cong-doan-so-giao-duc-va-dao-tao-to-chuc-hoi-thao-chao-mung-ngay-20-11.md"  # the 2023 post links it
EDITED = "posts/2021/chi-bo-phong-khao-thi-va-quan-ly-chat-luong-ket-nap-dang-vien-moi.md"


def _body_edit(root: Path) -> None:
    path = root / EDITED
    path.write_text(path.read_text(encoding="utf-8") + "\nMột câu thêm vào cuối bài.\n", encoding="utf-8")


def _title_edit(root: Path) -> None:
    text = (root / LINKED).read_text(encoding="utf-8")
    title = re.search(r"^title: (.+)$", text, re.M).group(1)  # type: ignore[union-attr]
    _edit(root / LINKED, f"title: {title}", f"title: {title} (cập nhật)")


def _new_post(root: Path) -> None:
    text = (root / EDITED).read_text(encoding="utf-8")
    text = re.sub(r"^title: .+$", "title: Chi bộ kết nạp thêm một đảng viên mới", text, count=1, flags=re.M)
    (root / "posts/2021/chi-bo-ket-nap-them-mot-dang-vien-moi.md").write_text(text, encoding="utf-8")


def _deleted_post(root: Path) -> None:
    (root / "posts/2021/chi-bo-ket-nap-them-mot-dang-vien-moi.md").unlink()


def _moved_post(root: Path) -> None:
    """A date in another month: a new URL for a post another post links to."""
    text = (root / LINKED).read_text(encoding="utf-8")
    date = re.search(r"^date: (\d{4})-(\d\d)-(\d\d)", text, re.M)
    assert date is not None
    month = "12" if date.group(2) != "12" else "11"
    _edit(root / LINKED, date.group(0), f"date: {date.group(1)}-{month}-{date.group(3)}")


def _registry_edit(root: Path) -> None:
    _edit(root / "registry.yml", "name: Đảng bộ Sở Công Thương\n", "name: Đảng bộ Sở Công Thương tỉnh Nam Sơn\n")


def _config_edit(root: Path) -> None:
    _edit(root / "mkdocs.yml", "permalink: true", "permalink: false")


ALL = -1  # every post
# (name, edit, fewest and most posts rendered again). A post's page shows the titles and dates of
# its onward reading, but they are put in after its Markdown is converted (site/onward.py): an
# edit renders again only the bodies whose own page source or questions it changes. A new title
# is a new URL, so the 2023 post linking LINKED is rendered again with it (as when it moves); the
# new post copies EDITED's summary, so EDITED's description (front matter) names its title from
# then on, and again not once it is deleted.
EDITS = [("body", _body_edit, 1, 1), ("title", _title_edit, 2, 2), ("new post", _new_post, 2, 2),
         ("deleted post", _deleted_post, 1, 1), ("moved post", _moved_post, 2, 2),
         ("registry", _registry_edit, 0, 16), ("config", _config_edit, ALL, ALL)]


def test_a_build_after_edits_is_the_clean_build(tmp_path):
    """Each edit, with the cache kept: the site a clean one-process build makes, and only the
    posts the edit touched rendered again."""
    root = with_cache_switch(copy_sample(tmp_path / "site"))
    build(root, "warm", workers=2)
    warm = PAGES.search(LOGGED["log"])
    assert warm is not None
    kept = int(warm.group(1)) + int(warm.group(2))  # the pages the cache holds: every one but the nav's
    for name, edit, fewest, most in EDITS:
        edit(root)
        posts, reused, rendered, _ = build(root, f"after-{name}", workers=2)
        pages, sources = PAGES.search(LOGGED["log"]), SOURCES.search(LOGGED["log"])
        build(root, f"clean-{name}", workers=1, cache=False)
        assert_same_site(root / f"clean-{name}", root / f"after-{name}")
        assert reused + rendered == posts
        assert (rendered == posts) if most == ALL else (fewest <= rendered <= most), (name, rendered, posts)
        assert pages is not None
        assert sources is not None
        if name == "body":  # the post's page alone: its card, on the index pages, has not changed
            assert (int(pages.group(1)), int(pages.group(2))) == (1, kept - 1), (pages.group(0), kept)
            # Its source, and those of the lists it is on (a post is compared whole), no other.
            assert 1 <= int(sources.group(1)) <= 12, sources.group(0)
        if name in ("registry", "config"):  # the registry is shown everywhere; the options may be
            assert int(sources.group(2)) == (0 if name == "registry" else int(sources.group(2))), sources.group(0)
        if name == "config":
            assert int(pages.group(2)) == 0, pages.group(0)


def test_worker_count_prefers_the_command_line_then_the_environment(monkeypatch):
    monkeypatch.delenv("BANTIN_WORKERS", raising=False)
    assert bodies.worker_count(3) == 3
    assert bodies.worker_count(0) >= 1
    monkeypatch.setenv("BANTIN_WORKERS", "2")
    assert bodies.worker_count(3) == 2
    assert bodies.worker_count(3, 4) == 4


def test_an_unreadable_cache_is_a_cold_one(tmp_path):
    cache = bodies.BodyCache(tmp_path)
    (tmp_path / bodies.CACHE_FILE).write_bytes(b"not zlib")
    cache.load()
    assert cache.bodies == {}
    (tmp_path / bodies.CACHE_FILE).write_bytes(zlib.compress(b'{"format": 1, "bodies": {"x": {"key": 1}}}'))
    cache.load()
    assert cache.bodies == {}


def test_the_cache_is_written_whole(tmp_path):
    cache = bodies.BodyCache(tmp_path / "bantin")
    body = bodies.Body("k", "m", "<p>Tin</p>", [], None, ["a"], None, [], [["mkdocs", 30, "x"]], [["post", "p", None]])
    cache.save({"tin/a.md": body})
    again = bodies.BodyCache(tmp_path / "bantin")
    again.load()
    assert again.bodies == {"tin/a.md": body}
    assert [p.name for p in (tmp_path / "bantin").iterdir()] == [bodies.CACHE_FILE]


def _asdict_blob(bodies_by_uri: dict) -> bytes:
    """The file as bantin wrote it before it kept loaded bodies' JSON: json.dumps of asdict."""
    from dataclasses import asdict

    data = {"format": bodies.CACHE_FORMAT, "bodies": {uri: asdict(b) for uri, b in sorted(bodies_by_uri.items())}}
    return json.dumps(data, ensure_ascii=False).encode()


def _body(n: int, text: str = "Tin") -> bodies.Body:
    return bodies.Body(f"k{n}", f"m{n}", f"<p>{text} “{n}” – Đảng bộ</p>\n", [{"level": 2, "id": "a", "name": "Á",
                       "children": [{"level": 3, "id": "b", "name": "b \"c\"", "children": []}]}],
                       None if n % 2 else "Tiêu đề", ["a", "b"], {"tin/x.md": {"#a": "a"}} if n % 2 else None,
                       [["../x.md", "x.md"]], [["mkdocs", 30, "cảnh báo\tx"]], [["photo", "a.jpg", "(1, 2)"], ["post", "p", None]])


def test_the_file_is_json_of_the_bodies_fields_whether_loaded_or_new(tmp_path):
    folder = tmp_path / "bantin"
    first = {f"tin/{n:02d}.md": _body(n) for n in range(6)}
    bodies.BodyCache(folder).save(first)
    assert zlib.decompress((folder / bodies.CACHE_FILE).read_bytes()) == _asdict_blob(first)
    # Loaded, one post added, one changed, one deleted: the kept bodies' JSON is reused as read.
    cache = bodies.BodyCache(folder)
    cache.load()
    assert cache.bodies == first
    now = dict(cache.bodies)
    del now["tin/03.md"]
    now["tin/00a.md"] = _body(9, "Mới")
    now["tin/04.md"] = _body(4, "Sửa")
    cache.save(now)
    assert zlib.decompress((folder / bodies.CACHE_FILE).read_bytes()) == _asdict_blob(now)
    again = bodies.BodyCache(folder)
    again.load()
    assert again.bodies == now
    assert again.encode(again.bodies) == _asdict_blob(now).decode()
    assert again.encode({}) == _asdict_blob({}).decode()


def test_load_keeps_only_usable_bodies_and_writes_kept_ones_back_whole(tmp_path):
    """`usable` sees each body as read; the ones it refuses are never made Bodies, the ones it
    takes may be stripped of their questions, and still go back to the file as they were read."""
    folder = tmp_path / "bantin"
    first = {f"tin/{n:02d}.md": _body(n) for n in range(4)}
    bodies.BodyCache(folder).save(first)
    seen = []

    def usable(uri, value):
        seen.append(uri)
        assert value["asked"]  # what it checks: the questions as recorded
        return uri != "tin/02.md"  # e.g. its post was deleted, or a question gets another answer today

    cache = bodies.BodyCache(folder)
    cache.load(usable)
    assert seen == sorted(first) and sorted(cache.bodies) == ["tin/00.md", "tin/01.md", "tin/03.md"]
    assert all(b.asked == [] for b in cache.bodies.values()) and cache.refused == 1
    kept = dict(cache.bodies)
    assert not cache.unchanged(kept)  # a body went: the file is written again, without it
    cache.save(kept)
    expected = {uri: first[uri] for uri in kept}  # their questions, as the file had them
    assert zlib.decompress((folder / bodies.CACHE_FILE).read_bytes()) == _asdict_blob(expected)
    again = bodies.BodyCache(folder)
    again.load()
    assert again.bodies == expected and again.refused == 0 and again.unchanged(dict(again.bodies))


def test_bodies_read_whole_keep_their_questions(tmp_path):
    """A file of another layout is read whole and written anew from its Bodies: they keep their
    questions, or a later build would reuse a body whose link target moved."""
    folder = tmp_path / "bantin"
    first = {f"tin/{n}.md": _body(n) for n in range(3)}
    data = {"format": bodies.CACHE_FORMAT, "bodies": {uri: dataclasses.asdict(b) for uri, b in first.items()}}
    folder.mkdir()
    (folder / bodies.CACHE_FILE).write_bytes(zlib.compress(json.dumps(data, indent=1).encode()))
    cache = bodies.BodyCache(folder)
    cache.load(lambda uri, value: uri != "tin/1.md")
    assert cache.bodies == {uri: b for uri, b in first.items() if uri != "tin/1.md"} and cache.refused == 1
    cache.save(dict(cache.bodies))
    again = bodies.BodyCache(folder)
    again.load()
    assert again.bodies == cache.bodies and all(b.asked for b in again.bodies.values())


def test_a_body_equal_to_a_loaded_one_but_not_it_is_encoded_again(tmp_path):
    folder = tmp_path / "bantin"
    bodies.BodyCache(folder).save({"tin/a.md": _body(1)})
    cache = bodies.BodyCache(folder)
    cache.load()
    cache._raw["tin/a.md"] = b"{}"  # what would be written if the text were reused for another body
    other = _body(1, "Khác")
    assert cache.encode({"tin/a.md": other}) == _asdict_blob({"tin/a.md": other}).decode()


def test_a_file_laid_out_otherwise_is_still_read(tmp_path):
    folder = tmp_path / "bantin"
    folder.mkdir()
    data = {"bodies": {"tin/a.md": {f: getattr(_body(2), f) for f in bodies.FIELDS}}, "format": bodies.CACHE_FORMAT}
    (folder / bodies.CACHE_FILE).write_bytes(zlib.compress(json.dumps(data, indent=1).encode()))
    cache = bodies.BodyCache(folder)
    cache.load()
    assert cache.bodies == {"tin/a.md": _body(2)}
    assert cache.encode(cache.bodies) == _asdict_blob(cache.bodies).decode()
    for broken in (b'{"format": 1, "bodies": {"a": {}, }}', b'{"format": 1, "bodies": {"a": 1}}',
                   b'{"format": 1, "bodies": {"a": {"key": "k"}}}'):
        (folder / bodies.CACHE_FILE).write_bytes(zlib.compress(broken))
        cache.load()
        assert cache.bodies == {}


class _File:
    def __init__(self, url: str) -> None:
        self.url = url
        self.inclusion = type("Inclusion", (), {"name": "INCLUDED"})()


class _Files:
    def __init__(self, present: dict[str, str]) -> None:
        self.present = present

    def get_file_from_path(self, path: str):
        return _File(self.present[path]) if path in self.present else None


def test_questions_note_each_answer_and_see_when_one_changes():
    files = _Files({"tin/2020/01/a.md": "tin/2020/01/a/"})
    asked = bodies.Questions(files, {"posts/2020/a.md": "tin/2020/01/a.md"}.get, lambda src: None, {"anh/x.jpg": "x"})
    assert asked.get_file_from_path("tin/2020/01/a.md") is not None
    assert asked.post_uri("posts/2020/b.md") is None
    assert asked.virtual().get("anh/x.jpg") == "x"
    assert asked.photo("images/y.jpg") is None
    assert asked.still(asked.asked)
    moved = bodies.Questions(_Files({"tin/2020/02/a.md": "tin/2020/02/a/"}), {}.get, lambda src: None, {})
    assert not moved.still(asked.asked[:1])
    added = bodies.Questions(files, {"posts/2020/b.md": "tin/2020/01/b.md"}.get, lambda src: None, {})
    assert not added.still(asked.asked[1:2])
    assert added.still(asked.asked[3:])


def test_a_worker_count_out_of_range_is_refused_in_vietnamese(sample):
    result = run_bantin(sample, "build", "--workers", "0")
    assert result.returncode == 2
    assert "bantin build: lỗi: tham số -j/--workers: cần một số nguyên từ 1 đến 64, không phải '0'" in result.stderr
    from bantin.model.settings import SettingError, check_setting

    assert check_setting("workers", 0) == 0 and check_setting("render_cache", False) is False
    with pytest.raises(SettingError, match="cần một số nguyên từ 0 đến 64, không phải 65"):
        check_setting("workers", 65)


def _warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("CẢNH BÁO")]


def test_warnings_of_bodies_rendered_ahead_are_logged_in_the_pages_turn(tmp_path):
    """A post's broken links: the same warnings, in the same order, as MkDocs' own loop logs
    them, from workers and from the cache alike; under --strict they stop every one of these builds."""
    root = with_cache_switch(copy_sample(tmp_path / "site"))
    path = root / EDITED
    path.write_text(path.read_text(encoding="utf-8") + "\n[Bài cũ](../2020/khong-co-bai-nay.md) và "
                    "[tài liệu](../../tai-lieu/khong-co.pdf).\n", encoding="utf-8")
    runs = {}
    for name, workers, cache in (("reference", "1", "false"), ("workers", "2", "true"), ("cached", "2", "true")):
        result = run_bantin(root, "build", "--strict", "-d", name, "--workers", workers,
                            env={"BANTIN_TEST_RENDER_CACHE": cache, "BANTIN_WORKERS": ""})
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-3000:]
        runs[name] = _warnings(result.stderr)
    assert len(runs["reference"]) >= 2 and any("khong-co-bai-nay.md" in w for w in runs["reference"])
    assert any("khong-co.pdf" in w for w in runs["reference"])
    assert runs["workers"] == runs["reference"] == runs["cached"]


def test_the_archive_keeps_its_own_cache_beside_the_sites(tmp_path):
    """`build --zip` builds the site and the archive read from disk (other URLs): each reuses its
    own bodies and pages the next time, neither evicts the other's."""
    root = copy_sample(tmp_path / "site")
    env = {"BANTIN_WORKERS": "2"}
    first = run_bantin(root, "-v", "build", "--zip", env=env)
    assert first.returncode == 0, first.stderr[-3000:]
    cache = root / ".cache" / "bantin"
    assert {p.name for p in cache.iterdir()} >= {bodies.CACHE_FILE, bodies.PAGES_FILE,
                                                  bodies.FOR_DISK + bodies.CACHE_FILE, bodies.FOR_DISK + bodies.PAGES_FILE}
    again = run_bantin(root, "-v", "build", "--zip", env=env)
    assert again.returncode == 0, again.stderr[-3000:]
    counts = [tuple(int(g) for g in m.groups()) for m in COUNTS.finditer(again.stderr)]
    assert len(counts) == 2 and all(c[0] > 10 and (c[1], c[2]) == (c[0], 0) for c in counts), counts  # all reused
    assert [m.group(1) for m in PAGES.finditer(again.stderr)] == ["0", "0"]


HOSTILE_TITLE = "Chi bộ kết nạp đảng viên <img src=x onerror=alert(1)> </a><script>alert(2)</script>"


def _onward_titles(site: Path) -> dict[str, list[str]]:
    """Each post page's onward reading as the reader sees it: page → the titles of its links."""
    from bs4 import BeautifulSoup

    found = {}
    for path in sorted((site / "tin").rglob("index.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        found[path.parent.relative_to(site).as_posix()] = [a.get_text() for a in soup.select(".bt-onward li > a")]
    return found


def test_a_new_or_retitled_post_renders_its_own_body_alone(tmp_path):
    """Issue 21: a new post, and a new title, show in the onward reading of up to 9 other posts,
    whose pages are rendered again; their bodies come from the cache (the lists are not in their
    Markdown): one body rendered, and the site a clean one-process build without cache makes."""
    sys.path.insert(0, str(REPO / "scripts"))
    from make_corpus import make

    root = with_cache_switch(make(tmp_path / "site", 60, seed=2))
    build(root, "warm", workers=2)
    sources = sorted((root / "posts").rglob("*.md"))
    # A new post: another's front matter and body, with its own title and summary.
    text = sources[len(sources) // 2].read_text(encoding="utf-8")
    text = re.sub(r"^title: .+$", lambda m: f"title: {json.dumps(HOSTILE_TITLE, ensure_ascii=False)}",
                  text, count=1, flags=re.M)
    text = re.sub(r"^summary: .+$", "summary: Một đảng viên mới được kết nạp.", text, count=1, flags=re.M)
    (sources[0].parent / "chi-bo-ket-nap-dang-vien-moi.md").write_text(text, encoding="utf-8")
    # (posts, reused, rendered, processes): every body but the new post's from the cache
    assert build(root, "new", workers=2)[:3] == (61, 60, 1)
    pages = PAGES.search(LOGGED["log"])
    assert pages is not None and int(pages.group(1)) >= 4, pages.group(0)  # the neighbours' pages: rendered again
    showing = [page for page, titles in _onward_titles(root / "new").items() if HOSTILE_TITLE in titles]
    assert 3 <= len(showing) <= 9, showing  # as text: the neighbours' lists show the title as written
    assert not any("<img src=x" in (root / "new" / page / "index.html").read_text(encoding="utf-8") for page in showing)
    build(root, "new-clean", workers=1, cache=False)
    assert_same_site(root / "new-clean", root / "new")

    # A new title for a post no other post links to: its neighbours' lists change, their bodies do not.
    retitled = sources[-1]
    old = re.search(r"^title: (.+)$", retitled.read_text(encoding="utf-8"), re.M).group(1)  # type: ignore[union-attr]
    _edit(retitled, f"title: {old}", f"title: {old} (bổ sung)")
    assert build(root, "title", workers=2)[:3] == (61, 60, 1)
    lists = _onward_titles(root / "title")
    assert sum(f"{old} (bổ sung)" in titles for titles in lists.values()) >= 3
    assert not any(old in titles for titles in lists.values())
    build(root, "title-clean", workers=1, cache=False)
    assert_same_site(root / "title-clean", root / "title")


@pytest.mark.parametrize("part", [1, 7, 64, 1 << 22])
def test_the_file_is_read_a_part_at_a_time_as_if_whole(tmp_path, monkeypatch, part):
    """The file is inflated and decoded in parts (never whole in memory): entries, URIs and
    multi-byte characters cut at any point read as they do from the whole text."""
    folder = tmp_path / "bantin"
    first = {f"tin/{n:02d}-đảng.md": _body(n, "Đại hội “Chi bộ” " * n) for n in range(7)}
    bodies.BodyCache(folder).save(first)
    monkeypatch.setattr(bodies._Stream, "PART", part)
    cache = bodies.BodyCache(folder)
    cache.load()
    assert cache.bodies == first
    assert cache.encode(cache.bodies) == _asdict_blob(first).decode()


@pytest.mark.parametrize("damage", ["cut", "more after the end", "a body not an object", "no separator"])
def test_a_damaged_file_read_in_parts_is_no_cache(tmp_path, monkeypatch, damage):
    folder = tmp_path / "bantin"
    bodies.BodyCache(folder).save({f"tin/{n}.md": _body(n) for n in range(3)})
    text = zlib.decompress((folder / bodies.CACHE_FILE).read_bytes()).decode()
    if damage == "cut":
        blob = zlib.compress(text.encode())[:-9]
    else:
        text = {"more after the end": text + "x", "a body not an object": text.replace(': {"key": "k1"', ': ["k1"', 1),
                "no separator": text.replace(', "tin/1.md"', ' "tin/1.md"', 1)}[damage]
        blob = zlib.compress(text.encode())
    (folder / bodies.CACHE_FILE).write_bytes(blob)
    monkeypatch.setattr(bodies._Stream, "PART", 5)
    cache = bodies.BodyCache(folder)
    cache.load()
    assert cache.bodies == {}
