"""The search index kept between builds (issue 21): each post's analysis is cached, a build after
an edit analyses only the posts added or edited, and the index it assembles is, byte for byte,
the one a cold build of the same posts writes (bantin/site/search.py: Analyses)."""

from __future__ import annotations

import errno
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from bantin.model.project import Options, load_project
from bantin.site import search
from sitebuild import REPO, copy_sample, files


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    sys.path.insert(0, str(REPO / "scripts"))
    from make_corpus import make

    return make(tmp_path_factory.mktemp("corpus") / "site", 300, seed=1)


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return copy_sample(tmp_path_factory.mktemp("sample") / "site")


@pytest.fixture
def analysed(monkeypatch) -> list[str]:
    """The posts analysed (by title) by every build from here on."""
    titles: list[str] = []
    real = search._analysed

    def spy(post):
        titles.append(post.title)
        return real(post)

    monkeypatch.setattr(search, "_analysed", spy)
    return titles


def index(root: Path, out: Path, cache: Path | None) -> dict[str, bytes]:
    project = load_project(Options(root))
    if cache is None:
        search.build_project(project, out)
    else:
        search.build_cached(project, out, cache)
    return files(out)


def plain(root: Path) -> list[Path]:
    """Posts with neither slug nor aliases, that no other post names: safe to delete or copy."""
    posts = sorted((root / "posts").rglob("*.md"))
    texts = {p: p.read_text(encoding="utf-8") for p in posts}
    return [p for p in posts if "\nslug:" not in texts[p] and "\naliases:" not in texts[p]
            and not any(p.stem in t for q, t in texts.items() if q != p)]


@pytest.mark.parametrize("project", ["sample", "corpus"])
def test_a_kept_index_is_a_cold_index_after_posts_are_added_edited_and_deleted(project, request, tmp_path,
                                                                               analysed):
    root = tmp_path / "p"
    shutil.copytree(request.getfixturevalue(project), root)
    cache = tmp_path / "cache"
    first = index(root, tmp_path / "cold", cache)
    count = len(analysed)
    assert count >= 17 and (cache / search.ANALYSES).is_file()

    body, title, deleted, model = plain(root)[:4]
    body.write_text(body.read_text(encoding="utf-8") + "\nĐại hội chi bộ nhiệm kỳ mới, một câu thêm.\n",
                    encoding="utf-8")
    text = title.read_text(encoding="utf-8")
    title.write_text(text.replace("\ntitle: ", "\ntitle: Sơ kết chuyển đổi số — ", 1), encoding="utf-8")
    deleted.unlink()
    added = model.with_name("bai-moi-them-vao.md")
    added.write_text(model.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: Bài mới về hội nghị ", 1),
                     encoding="utf-8")
    del analysed[:]
    warm = index(root, tmp_path / "warm", cache)
    # The body edited, the title edited, the post added: nothing else.
    assert sorted(analysed) == sorted(p.title for p in load_project(Options(root)).index.posts
                                      if Path(p.path).name in (body.name, title.name, added.name)), analysed
    assert warm != first
    assert warm == index(root, tmp_path / "fresh", None)  # no cache at all
    assert warm == index(root, tmp_path / "fresh-cache", tmp_path / "other-cache")

    # Back to the posts of the first build: the same bytes again, from the kept analyses.
    shutil.rmtree(root / "posts")
    shutil.copytree(request.getfixturevalue(project) / "posts", root / "posts")
    del analysed[:]
    assert index(root, tmp_path / "again", cache) == first
    assert len(analysed) == 3  # the two edited posts as they were, and the deleted one (the cache keeps this build's)


def test_unreadable_analyses_are_made_anew(sample, tmp_path, analysed):
    cache = tmp_path / "cache"
    first = index(sample, tmp_path / "a", cache)
    count = len(analysed)
    for index_folder in (p for p in cache.iterdir() if p.is_dir()):
        shutil.rmtree(index_folder)  # else the whole index is reused and no analysis is read
    kept = cache / search.ANALYSES
    kept.write_bytes(kept.read_bytes()[: kept.stat().st_size // 2])  # cut, as by a crash of another tool
    assert index(sample, tmp_path / "b", cache) == first
    assert len(analysed) == 2 * count
    shutil.rmtree(next(p for p in cache.iterdir() if p.is_dir()))
    assert index(sample, tmp_path / "c", cache) == first  # written anew, whole: read back, nothing analysed
    assert len(analysed) == 2 * count


def test_analyses_made_by_other_code_are_set_aside(sample, tmp_path, analysed, monkeypatch):
    cache = tmp_path / "cache"
    first = index(sample, tmp_path / "a", cache)
    count = len(analysed)
    monkeypatch.setattr(search, "_code_digest", lambda: "another version of search_index.py")
    monkeypatch.setattr(search, "project_digest", lambda project, thumb: "another")
    assert index(sample, tmp_path / "b", cache) == first
    assert len(analysed) == 2 * count


def test_a_full_disk_leaves_the_kept_analyses_whole(sample, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    root = tmp_path / "p"
    shutil.copytree(sample, root)
    index(root, tmp_path / "a", cache)
    kept = (cache / search.ANALYSES).read_bytes()
    post = plain(root)[0]
    post.write_text(post.read_text(encoding="utf-8") + "\nMột câu thêm.\n", encoding="utf-8")
    write_bytes = Path.write_bytes

    def full(path, data):
        if path.name.startswith("." + search.ANALYSES):
            write_bytes(path, data[:100])
            raise OSError(errno.ENOSPC, "No space left on device")
        return write_bytes(path, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(OSError) as raised:
        index(root, tmp_path / "b", cache)
    assert raised.value.errno == errno.ENOSPC  # the build reports it in Vietnamese (test_faults.py)
    assert (cache / search.ANALYSES).read_bytes() == kept
    assert [p.name for p in cache.iterdir() if p.name.startswith(".")] == []  # no half-written file left
    assert not (tmp_path / "b").exists()


def test_posts_analysed_in_two_processes_make_the_same_index(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(search, "PER_WORKER", 8)
    project = load_project(Options(corpus))
    search.build_project(project, tmp_path / "one", cache=tmp_path / "c1", workers=1)
    parts: list[int] = []

    class Pool(ProcessPoolExecutor):
        def map(self, fn, *iterables, **options):
            done = list(super().map(fn, *iterables, **options))
            parts.append(len(done))
            return done

    monkeypatch.setattr(search, "ProcessPoolExecutor", Pool)
    search.build_project(project, tmp_path / "two", cache=tmp_path / "c2", workers=2)
    assert parts == [8]  # analysed by the two workers, four parts each
    assert files(tmp_path / "one") == files(tmp_path / "two")
    assert (tmp_path / "c1" / search.ANALYSES).read_bytes() == (tmp_path / "c2" / search.ANALYSES).read_bytes()


def test_two_builds_at_once_share_the_kept_analyses(sample, tmp_path):
    """Two processes building different posts through one cache at the same moment: each gets the
    index of its own posts, and the analyses file left is whole (one of the two builds')."""
    import multiprocessing

    one, two = tmp_path / "one", tmp_path / "two"
    shutil.copytree(sample, one)
    shutil.copytree(sample, two)
    post = plain(two)[0]
    post.write_text(post.read_text(encoding="utf-8") + "\nChỉ bản thứ hai có câu này.\n", encoding="utf-8")
    cache = tmp_path / "cache"
    fork = multiprocessing.get_context("fork")
    start = fork.Barrier(2)

    def build(root: Path, out: Path) -> None:
        project = load_project(Options(root))
        start.wait(30)
        search.build_cached(project, out, cache)

    workers = [fork.Process(target=build, args=(root, tmp_path / f"out-{root.name}")) for root in (one, two)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0, 0]
    for root in (one, two):
        assert files(tmp_path / f"out-{root.name}") == index(root, tmp_path / f"cold-{root.name}", None)
    kept = search.Analyses(cache / search.ANALYSES).load()
    assert len(kept) == len(load_project(Options(one)).index.posts) - sum(p.draft for p in load_project(
        Options(one)).index.posts)
    assert [p.name for p in cache.iterdir() if p.name.startswith(".")] == []
