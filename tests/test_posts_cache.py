"""The parsed posts kept between builds (bantin/model/post_cache.py): a post is parsed again only
when its file, a photo it names, the registry, an option of the parse or bantin's code changed, and
what a load gives is what a load without the cache gives, errors and warnings included."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shutil
import sys
import zlib
from pathlib import Path

import pytest

import bantin.model.project as project_module
from bantin.model import post_cache
from bantin.model.content import Photo, Post
from bantin.model.dates import TZ
from bantin.model.errors import ContentErrors
from bantin.model.post_cache import PostCache, from_json, to_json
from bantin.model.project import Options, load_project
from bantin.model.terms import Term
from factories import edit, full_disk, make_photo, make_post, make_project, write_post
from sitebuild import REPO, copy_sample, files, run_bantin

FRONT = "title: Bài {n}\ndate: 2020-01-0{n} 08:30\nagency: SCT\nkind: dai-hoi-chi-bo"
PHOTO = "../images/2020/anh-{n}.jpg"


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The post files parsed (read_post called) from now on, by path relative to the project."""
    seen: list[str] = []
    real = project_module.read_post

    def counting(path: Path, root: Path, *args, **kwargs):
        seen.append(path.relative_to(root).as_posix())
        return real(path, root, *args, **kwargs)

    monkeypatch.setattr(project_module, "read_post", counting)
    return seen


def small_project(root: Path) -> Path:
    """Three posts, the second with a cover and a gallery photo, the third with a body image."""
    make_project(root)
    (root / "images" / "2020").mkdir(parents=True)
    for n in (1, 2, 3):
        make_photo(root / "images" / "2020" / f"anh-{n}.jpg")
    write_post(root, "posts/a.md", FRONT.format(n=1))
    write_post(root, "posts/b.md", FRONT.format(n=2) + f"\ncover: {PHOTO.format(n=1)}\nphotos:\n"
               f"  - src: {PHOTO.format(n=2)}\n    caption: Quang cảnh")
    write_post(root, "posts/c.md", FRONT.format(n=3), body=f"Nội dung.\n\n![Hội trường]({PHOTO.format(n=3)})\n")
    return root


def cached_load(root: Path, options: Options | None = None, **kwargs):
    """One build's load: the cache read from its file, used, and saved when the project loads."""
    cache = PostCache(root / ".cache" / "bantin" / post_cache.CACHE_FILE)
    cache.load()
    project = load_project(options or Options(root), cache=cache, **kwargs)
    cache.save()
    return project, cache


def outcome(root: Path, options: Options | None = None, *, cache: bool) -> object:
    """What a load says: its posts and warnings, or every problem it raised, as a user reads them."""
    try:
        project = cached_load(root, options)[0] if cache else load_project(options or Options(root))
    except ContentErrors as exc:
        return ["lỗi"] + [e.format() for e in exc.errors]
    return [repr(p) for p in project.posts] + [w.format() for w in project.warnings]


def age(root: Path, seconds: int = 60) -> None:
    """Every file of the project written a while ago (files just written are digested again)."""
    moment = dt.datetime.now().timestamp() - seconds
    for path in root.rglob("*"):
        os.utime(path, (moment, moment))


# -- Post ⇄ JSON -------------------------------------------------------------------------------------

def test_every_field_of_post_has_a_kind_in_the_stored_form():
    assert set(post_cache.POST_FIELDS) == {f.name for f in dataclasses.fields(Post)}


def same(post: Post) -> None:
    """`post` back from its JSON text: equal, and equal in what equality leaves out (where and line
    of each photo, the time zone object and fold of each date)."""
    back = from_json(json.loads(json.dumps(to_json(post), ensure_ascii=False)))
    assert back == post
    assert repr(back) == repr(post)
    for moment, again in ((post.date, back.date), (post.updated, back.updated)):
        if moment is not None:
            assert again.tzinfo is moment.tzinfo and again.fold == moment.fold


HOSTILE = "</script><script>alert('x')</script> \"Đại hội\" & <b>{{ config }}</b> \u202e"


@pytest.mark.parametrize("post", [
    make_post(),
    make_post(title=HOSTILE, summary=HOSTILE, author=HOSTILE, source="https://x.vn/?a=1&b=<2>", tags=(HOSTILE, "đại hội điểm"),
              units=("van-phong", "quan-ly-thuong-mai"), terms=(Term(2015, 2020), Term(2020, 2025)),
              aliases=("tin/cu/1", "old/page.html"), slug="dai-hoi-diem", featured=True, draft=True, pilot=True,
              sapo=True, slug_line=3, body="Nội dung \u0110ại hội 🎉\n\n<b>x</b>\n", body_line=14,
              date=dt.datetime(2020, 1, 16, 8, 30, tzinfo=TZ), updated=dt.datetime(2020, 2, 3, 14, 5, 9, tzinfo=TZ),
              cover=Photo("images/a.jpg", "Chú thích <i>", "", "cover", 8),
              photos=(Photo("images/a.jpg", "Chú thích", "Mô tả", "photos[0].src", 10), Photo("images/b b.jpg")),
              body_images=(Photo("images/c.png", alt="ảnh", where="nội dung", line=20),)),
    make_post(date=dt.datetime(1945, 9, 2, tzinfo=TZ)),  # a day without time, another UTC offset then
    make_post(title="Hoà Hòa", tags=("Hoà",)),  # NFC and not: kept as written, never normalised again
], ids=["plain", "every-field-hostile", "1945", "nfc"])
def test_a_post_comes_back_from_json_as_it_was(post):
    same(post)


def test_every_post_of_the_sample_comes_back_from_json(tmp_path):
    project = load_project(Options(copy_sample(tmp_path / "s"), drafts=True, future=True))
    assert len(project.posts) >= 20
    assert any(p.photos for p in project.posts) and any(p.body_images for p in project.posts)
    assert any(len(p.terms) > 1 or p.units for p in project.posts)
    for post in project.posts:
        same(post)


def test_every_post_of_a_generated_corpus_comes_back_from_json(tmp_path):
    sys.path.insert(0, str(REPO / "scripts"))
    from make_corpus import make

    root = make(tmp_path / "c", 120, seed=3, photos=True)
    project = load_project(Options(root, drafts=True, future=True))
    assert any(p.photos for p in project.posts) and any(p.cover for p in project.posts)
    for post in project.posts:
        same(post)


@pytest.mark.parametrize("bad", [
    None, [], [1] * len(dataclasses.fields(Post)),
    "title-int", "date-aware", "photo-short", "term-str", "line-float", "bool-int",
])
def test_a_stored_post_of_the_wrong_shape_is_refused(bad):
    good = to_json(make_post(cover=Photo("images/a.jpg", line=3), terms=(Term(2020, 2025),)))
    names = [f.name for f in dataclasses.fields(Post)]
    if isinstance(bad, str):
        data = json.loads(json.dumps(good))
        spot = {"title-int": ("title", 7), "date-aware": ("date", ["2020-01-16T00:00:00+07:00", 0]),
                "photo-short": ("cover", ["images/a.jpg"]), "term-str": ("terms", [["2020", "2025"]]),
                "line-float": ("body_line", 1.0), "bool-int": ("draft", 0)}[bad]
        data[names.index(spot[0])] = spot[1]
        bad = data
    with pytest.raises(ValueError):
        from_json(bad)


# -- what is read again ------------------------------------------------------------------------------

def test_a_second_build_parses_no_post_and_an_edit_parses_that_post_only(tmp_path, parses):
    root = small_project(tmp_path)
    first, _ = cached_load(root)
    assert sorted(parses) == ["posts/a.md", "posts/b.md", "posts/c.md"]
    parses.clear()
    second, cache = cached_load(root)
    assert parses == [] and cache.reused == 3
    assert second.posts == first.posts and [repr(p) for p in second.posts] == [repr(p) for p in first.posts]
    edit(root / "posts" / "b.md", "title: Bài 2", "title: Bài hai")
    third, _ = cached_load(root)
    assert parses == ["posts/b.md"]
    assert [p.title for p in third.posts] == ["Bài 1", "Bài hai", "Bài 3"]
    assert outcome(root, cache=True) == outcome(root, cache=False)


def test_a_fresh_checkout_new_times_same_bytes_parses_nothing(tmp_path, parses):
    root = small_project(tmp_path)
    cached_load(root)
    age(root, 3600)  # every mtime and ctime new, as after `git clone`: the bytes decide
    parses.clear()
    _, cache = cached_load(root)
    assert parses == [] and cache.reused == 3
    parses.clear()
    _, cache = cached_load(root)  # utime() made every ctime new: the bytes are digested again
    assert parses == [] and cache.reused == 3


def test_a_file_unchanged_since_well_before_it_was_read_is_not_read_again(tmp_path, monkeypatch, parses):
    root = small_project(tmp_path)
    later = __import__("time").time_ns() + 3600 * 10**9  # an hour on: every file was written long ago
    monkeypatch.setattr(post_cache.time, "time_ns", lambda: later)
    cached_load(root)
    opened: list[str] = []

    def counting_open(path, *args, **kwargs):
        opened.append(str(path))
        return open(path, *args, **kwargs)

    monkeypatch.setattr(post_cache, "open", counting_open, raising=False)
    parses.clear()
    _, cache = cached_load(root)
    assert opened == [] and parses == [] and cache.reused == 3
    post = root / "posts" / "a.md"  # the same size and mtime, other bytes: the ctime tells
    before = post.stat()
    post.write_text(post.read_text(encoding="utf-8").replace("Bài 1", "Bài 9"), encoding="utf-8")
    os.utime(post, ns=(before.st_atime_ns, before.st_mtime_ns))
    project, _ = cached_load(root)
    assert parses == ["posts/a.md"] and project.posts[0].title == "Bài 9"


def test_the_same_size_and_time_with_other_bytes_is_parsed_again(tmp_path, parses):
    root = small_project(tmp_path)
    age(root)
    cached_load(root)
    post = root / "posts" / "a.md"
    before = post.stat()
    post.write_text(post.read_text(encoding="utf-8").replace("Bài 1", "Bài 9"), encoding="utf-8")
    os.utime(post, ns=(before.st_atime_ns, before.st_mtime_ns))  # size and mtime as they were
    parses.clear()
    project, _ = cached_load(root)
    assert parses == ["posts/a.md"] and project.posts[0].title == "Bài 9"


def test_a_new_and_a_deleted_post(tmp_path, parses):
    root = small_project(tmp_path)
    cached_load(root)
    write_post(root, "posts/d.md", FRONT.format(n=4))
    (root / "posts" / "a.md").unlink()
    parses.clear()
    project, cache = cached_load(root)
    assert parses == ["posts/d.md"]
    assert [p.path for p in project.posts] == ["posts/b.md", "posts/c.md", "posts/d.md"]
    assert sorted(cache.entries) == ["posts/b.md", "posts/c.md", "posts/d.md"]  # the deleted one is not kept


def test_a_registry_change_parses_every_post_and_reports_as_without_the_cache(tmp_path, parses):
    root = small_project(tmp_path)
    cached_load(root)
    edit(root / "registry.yml", "Sở Công Thương", "Sở Công thương")
    parses.clear()
    cached_load(root)
    assert sorted(parses) == ["posts/a.md", "posts/b.md", "posts/c.md"]
    edit(root / "registry.yml", "aliases: [SCT]", "aliases: [SCT2]")  # the posts' agency is no more
    assert outcome(root, cache=True) == outcome(root, cache=False)
    assert outcome(root, cache=True)[0] == "lỗi"


def test_an_option_of_the_parse_is_part_of_the_key(tmp_path, parses):
    root = small_project(tmp_path)
    write_post(root, "posts/v.md", FRONT.format(n=5),
               body="Phim.\n\n<iframe src=\"https://www.youtube.com/embed/abc\" title=\"Phim\"></iframe>\n")
    allowed = Options(root, embeds=("www.youtube.com",))
    assert outcome(root, allowed, cache=True) == outcome(root, allowed, cache=False)
    parses.clear()
    refused = outcome(root, Options(root), cache=True)  # the same files, no embeds allowed now
    assert "posts/v.md" in parses
    assert refused == outcome(root, Options(root), cache=False)
    assert refused[0] == "lỗi" and any("iframe" in line for line in refused)


def test_a_deleted_photo_is_reported_as_without_the_cache(tmp_path, parses):
    root = small_project(tmp_path)
    cached_load(root)
    for n in (2, 3):  # a gallery photo, a body image
        photo = root / "images" / "2020" / f"anh-{n}.jpg"
        kept = photo.read_bytes()
        photo.unlink()
        parses.clear()
        said = outcome(root, cache=True)
        assert parses == ["posts/b.md" if n == 2 else "posts/c.md"]
        assert said == outcome(root, cache=False)
        assert said[0] == "lỗi" and any(f"anh-{n}.jpg" in line for line in said)
        photo.write_bytes(kept)


def test_a_photo_that_appears_mends_the_post_naming_it(tmp_path, parses):
    root = small_project(tmp_path)
    write_post(root, "posts/d.md", FRONT.format(n=4) + "\ncover: ../images/2020/moi.jpg")
    assert outcome(root, cache=True)[0] == "lỗi"
    make_photo(root / "images" / "2020" / "moi.jpg")
    parses.clear()
    assert outcome(root, cache=True) == outcome(root, cache=False)
    assert "posts/d.md" in parses
    assert outcome(root, cache=True)[0] != "lỗi"


@pytest.mark.parametrize("how", ["new-bytes", "folder", "link-outside", "link-inside", "folder-link-outside"])
def test_a_replaced_photo_gives_what_a_load_without_the_cache_gives(tmp_path, how):
    root = small_project(tmp_path / "p")
    cached_load(root)
    photo = root / "images" / "2020" / "anh-2.jpg"
    outside = make_photo(tmp_path / "ngoai.jpg")
    photo.unlink()
    if how == "new-bytes":  # validation never reads a photo's bytes: the post stays as it was
        make_photo(photo, (16, 9), "red")
    elif how == "folder":
        photo.mkdir()
    elif how == "link-outside":
        photo.symlink_to(outside)
    elif how == "link-inside":
        photo.symlink_to(root / "images" / "2020" / "anh-1.jpg")
    else:
        shutil.move(root / "images" / "2020", tmp_path / "elsewhere")
        (root / "images" / "2020").symlink_to(tmp_path / "elsewhere")
    assert outcome(root, cache=True) == outcome(root, cache=False)
    assert (outcome(root, cache=False)[0] == "lỗi") == (how in ("folder", "link-outside", "folder-link-outside"))


def test_posts_with_a_warning_are_parsed_every_time(tmp_path, parses):
    root = small_project(tmp_path)
    edit(root / "posts" / "b.md", "    caption: Quang cảnh", "")  # a gallery photo without caption: a warning
    first = outcome(root, cache=True)
    parses.clear()
    again = outcome(root, cache=True)
    assert parses == ["posts/b.md"]
    assert again == first == outcome(root, cache=False)
    assert any("chưa có chú thích" in line for line in again)


def test_a_future_post_is_decided_at_each_load_not_kept(tmp_path):
    root = small_project(tmp_path)
    before = dt.datetime(2020, 1, 1, 12, tzinfo=TZ)
    early, _ = cached_load(root, now=before)
    late, cache = cached_load(root, now=before + dt.timedelta(days=30))
    assert cache.reused == 3
    assert early.hidden["future"] == 2 and len(early.index.posts) == 1
    assert late.hidden["future"] == 0 and len(late.index.posts) == 3


# -- the file -------------------------------------------------------------------------------------------

def _kept(root: Path) -> Path:
    return root / ".cache" / "bantin" / post_cache.CACHE_FILE


@pytest.mark.parametrize("damage", ["garbage", "truncated", "old-format", "wrong-type", "not-a-list", "empty",
                                    "another-path"])
def test_a_damaged_or_older_cache_file_is_ignored_and_written_anew(tmp_path, parses, damage):
    root = small_project(tmp_path)
    cached_load(root)
    path = _kept(root)
    blob = path.read_bytes()
    data = json.loads(zlib.decompress(blob))
    if damage == "garbage":
        path.write_bytes(b"\x80\x04not zlib at all")
    elif damage == "truncated":
        path.write_bytes(blob[: len(blob) // 2])
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        if damage == "old-format":
            data["format"] = post_cache.FORMAT - 1
        elif damage == "wrong-type":
            data["posts"]["posts/a.md"][2][1] = 12  # the title a number
        elif damage == "another-path":
            data["posts"]["posts/a.md"][2][0] = "posts/b.md"
        else:
            data["posts"] = ["posts/a.md"]
        path.write_bytes(zlib.compress(json.dumps(data).encode()))
    parses.clear()
    said = outcome(root, cache=True)
    assert sorted(parses) == ["posts/a.md", "posts/b.md", "posts/c.md"]
    assert said == outcome(root, cache=False)
    assert json.loads(zlib.decompress(path.read_bytes()))["format"] == post_cache.FORMAT  # written anew
    parses.clear()
    cached_load(root)
    assert parses == []


def test_the_file_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    root = small_project(tmp_path)
    cached_load(root)
    before = _kept(root).read_bytes()
    edit(root / "posts" / "a.md", "Bài 1", "Bài một")

    full_disk(monkeypatch)
    with pytest.raises(OSError):
        cached_load(root)
    monkeypatch.undo()
    assert _kept(root).read_bytes() == before
    assert [p.name for p in _kept(root).parent.iterdir()] == [post_cache.CACHE_FILE]  # no temporary left


def test_a_cache_whose_context_differs_is_not_used(tmp_path, parses, monkeypatch):
    """bantin's code or version, or the parsers', make another context."""
    root = small_project(tmp_path)
    cached_load(root)
    monkeypatch.setattr(post_cache, "_code", lambda: ["9.9.9"])
    parses.clear()
    cached_load(root)
    assert sorted(parses) == ["posts/a.md", "posts/b.md", "posts/c.md"]


# -- whole builds ---------------------------------------------------------------------------------------

COUNTING = """
import sys
import bantin.model.project as project
real = project.read_post
parsed = []
def counting(path, root, *args, **kwargs):
    parsed.append(path.relative_to(root).as_posix())
    return real(path, root, *args, **kwargs)
project.read_post = counting
from bantin.cli import main
try:
    code = main(sys.argv[1:])
finally:
    sys.stderr.write("PARSED %d\\n" % len(parsed))
sys.exit(code)
"""


def counted_build(root: Path, *args: str) -> tuple[int, str]:
    """`bantin build` in `root`, counting the posts it parsed: (count, stderr)."""
    import subprocess

    script = root.parent / "counting.py"
    script.write_text(COUNTING, encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, str(script), "build", *args], cwd=root, env=env,
                            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600)
    count = int(result.stderr.rsplit("PARSED ", 1)[1].split()[0])
    return count if result.returncode == 0 else -1, result.stderr


def test_a_warm_build_parses_nothing_and_gives_the_cold_site_byte_for_byte(tmp_path):
    warm = copy_sample(tmp_path / "warm")
    posts = len(list((warm / "posts").rglob("*.md")))
    assert counted_build(warm)[0] == posts
    shutil.rmtree(warm / "site")  # CI: .cache/ kept, site/ not
    assert counted_build(warm)[0] == 0
    cold = copy_sample(tmp_path / "cold")
    assert run_bantin(cold, "build").returncode == 0
    one, two = files(warm / "site"), files(cold / "site")
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    # One post edited: that post parsed again, and the site is the cold one's of the same files.
    target = sorted((warm / "posts").rglob("*.md"))[3]
    for root in (warm, cold):
        with (root / target.relative_to(warm)).open("a", encoding="utf-8") as post:
            post.write("\nMột câu thêm vào sau khi đăng.\n")
    assert counted_build(warm)[0] == 1
    assert run_bantin(cold, "build").returncode == 0
    one, two = files(warm / "site"), files(cold / "site")
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []


def test_a_build_after_a_photo_is_deleted_fails_as_a_cold_one(tmp_path):
    warm = copy_sample(tmp_path / "warm")
    assert counted_build(warm)[0] > 0
    cold = copy_sample(tmp_path / "cold")
    photo = next(p for p in sorted((warm / "images").rglob("*.jpg")))
    for root in (warm, cold):
        (root / photo.relative_to(warm)).unlink()
    parsed, said = counted_build(warm)
    result = run_bantin(cold, "build")
    assert parsed == -1 and result.returncode != 0
    errors = [line for line in said.splitlines() if line.startswith(("LỖI", "CẢNH BÁO", "    →"))]
    assert errors and errors == [line for line in result.stderr.splitlines()
                                 if line.startswith(("LỖI", "CẢNH BÁO", "    →"))]


def test_a_full_disk_while_keeping_the_posts_stops_the_build_in_vietnamese(tmp_path):
    """No byte free in the cache folder when a changed post is to be kept: the build ends with the
    full disk's line, the posts' file and site/ as they were, no temporary file left."""
    root = copy_sample(tmp_path / "p")
    assert run_bantin(root, "build").returncode == 0
    site, kept = files(root / "site"), _kept(root).read_bytes()
    post = sorted((root / "posts").rglob("*.md"))[0]
    post.write_text(post.read_text(encoding="utf-8") + "\nThêm một câu.\n", encoding="utf-8")
    cache = root / ".cache" / "bantin"
    result = run_bantin(root, "build", env={
        "PYTHONPATH": os.pathsep.join([str(REPO / "tests" / "fixtures" / "faults"), os.environ.get("PYTHONPATH", "")]),
        "BANTIN_TEST_DISK_FULL": f"{cache}:0", "PYTHONDONTWRITEBYTECODE": "1"})
    assert result.returncode == 3, result.stderr
    assert result.stderr.rstrip("\n").split("\n")[-1] == (
        "LỖI: ổ đĩa đã đầy; trang cũ trong 'site' được giữ nguyên → giải phóng chỗ trống trên ổ đĩa "
        "(thư mục .cache/bantin xoá được, sẽ được tạo lại) rồi chạy lại.")
    assert "Traceback" not in result.stderr
    assert _kept(root).read_bytes() == kept and files(root / "site") == site
    assert not [p.name for p in cache.iterdir() if p.name.startswith(f".{post_cache.CACHE_FILE}")]
