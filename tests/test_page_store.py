"""Generated pages kept between builds (site/page_store.py): keyed, kept whole, never trusted when
damaged or made for other site-wide inputs. Builds with it are checked against clean builds in
tests/test_bodies.py (test_a_build_after_edits_is_the_clean_build)."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from bantin.site.page_store import PageStore, digest, tree_digest
from factories import full_disk

PAGE = ["---\ntitle: \"Tin <b>\"\n---\n\nChữ", None, "2023-07-06", "<nav>tiếp</nav>"]


def test_a_page_kept_comes_back_only_under_its_key(tmp_path: Path) -> None:
    store = PageStore("ctx")
    key = store.key("post", "tin/a.md", "d1")
    store.put("tin/a.md", key, PAGE)
    store.save(tmp_path / "s.json.z")
    again = PageStore.load(tmp_path / "s.json.z", "ctx")
    assert again.get("tin/a.md", again.key("post", "tin/a.md", "d2")) is None  # the post changed
    assert again.get("tin/a.md", key) == PAGE and again.reused == 1
    assert not again.changed  # the same pages: not written again
    assert PageStore.load(tmp_path / "s.json.z", "other").kept == {}  # other site-wide inputs


@pytest.mark.parametrize("blob", [b"", b"not zlib", zlib.compress(b"[1, 2]"), zlib.compress(b'{"format": 99}'),
                                  zlib.compress(b'{"format": 1, "context": "ctx", "pages": [["a", "k"]]}')])
def test_a_damaged_store_is_an_empty_one(tmp_path: Path, blob: bytes) -> None:
    (tmp_path / "s.json.z").write_bytes(blob)
    assert PageStore.load(tmp_path / "s.json.z", "ctx").kept == {}


def _saved(tmp_path: Path) -> bytes:
    store = PageStore("ctx")
    store.put("a.md", "k", PAGE)
    store.put_part("card", "a.md", "k", "<article>Tin</article>")
    store.save(tmp_path / "s.bin")
    return (tmp_path / "s.bin").read_bytes()


@pytest.mark.parametrize("damage", ["cut in the blobs", "cut in the header", "a byte more", "sizes lie",
                                    "header not zlib", "a blob not zlib", "a blob not fields", "old magic"])
def test_a_damaged_store_of_this_format_is_an_empty_one(tmp_path: Path, damage: str) -> None:
    import json

    from bantin.site.page_store import MAGIC

    data = _saved(tmp_path)
    at = len(MAGIC) + 8
    size = int.from_bytes(data[len(MAGIC):at], "little")
    header = json.loads(zlib.decompress(data[at:at + size]))
    body = data[at + size:]
    if damage == "cut in the blobs":
        data = data[:-3]
    elif damage == "cut in the header":
        data = data[:at + size // 2]
    elif damage == "a byte more":
        data += b"\0"
    elif damage == "sizes lie":
        header["pages"][0][2] += 1
        header["parts"][0][2] -= 1
        packed = zlib.compress(json.dumps(header).encode())
        data = MAGIC + len(packed).to_bytes(8, "little") + packed + body
    elif damage == "header not zlib":
        data = MAGIC + (5).to_bytes(8, "little") + b"12345" + body
    elif damage == "old magic":
        data = b"bantin-page-store 2\n" + data[len(MAGIC):]
    else:  # the sizes are right, the entry is not what this code writes
        blob = b"garbage" if damage == "a blob not zlib" else zlib.compress(b'{"not": "a list"}', 1)
        header["pages"][0][2] = len(blob)
        packed = zlib.compress(json.dumps(header).encode())
        data = MAGIC + len(packed).to_bytes(8, "little") + packed + blob + body[header["pages"][0][2] and len(body) - header["parts"][0][2]:]
    (tmp_path / "s.bin").write_bytes(data)
    store = PageStore.load(tmp_path / "s.bin", "ctx")
    # Never an error and never a wrong page: an entry that does not read is made again.
    assert store.get("a.md", "k") in (None, PAGE)
    assert store.get_part("card", "a.md", "k") in (None, "<article>Tin</article>")
    if damage in ("a blob not zlib", "a blob not fields"):
        assert store.get("a.md", "k") is None and "a.md" not in store.next
    elif damage != "sizes lie":
        assert store.kept == {} and store.kept_parts == {}


def test_entries_stay_packed_and_are_written_back_as_read(tmp_path: Path) -> None:
    first = _saved(tmp_path)
    store = PageStore.load(tmp_path / "s.bin", "ctx")
    assert all(isinstance(blob, bytes) for _, blob in [*store.kept.values(), *store.kept_parts.values()])
    assert store.get("a.md", "k") == PAGE and store.get_part("card", "a.md", "k") == "<article>Tin</article>"
    assert store.next["a.md"][1] is store.kept["a.md"][1]  # not encoded again
    store.save(tmp_path / "s.bin")
    assert (tmp_path / "s.bin").read_bytes() == first


def test_the_store_is_written_whole_or_not_at_all(tmp_path: Path, monkeypatch) -> None:
    store = PageStore("ctx")
    store.put("a.md", "k", PAGE)
    path = tmp_path / "s.json.z"
    store.save(path)
    before = path.read_bytes()

    full_disk(monkeypatch)
    store.put("b.md", "k", PAGE)
    with pytest.raises(OSError):
        store.save(path)
    monkeypatch.undo()
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["s.json.z"]


def test_digests_follow_values_not_objects(tmp_path: Path) -> None:
    from bantin.model.content import Post

    assert digest("a", (1, "b")) == digest("a", (1, "b")) != digest("a", (1, "c"))
    assert Post.__dataclass_params__.frozen  # posts are digested by their repr: plain values
    folder = tmp_path / "overrides" / "bantin"
    folder.mkdir(parents=True)
    (folder / "card.html").write_text("a", encoding="utf-8")
    first = tree_digest([tmp_path / "overrides"])
    (folder / "card.html").write_text("b", encoding="utf-8")  # a site's template override edited
    assert tree_digest([tmp_path / "overrides"]) != first
    assert tree_digest([tmp_path / "missing"]) == tree_digest([])


# -- monthly issues, cards and albums through the store (site/pages.py) ---------------------------
def _post(root: Path, name: str, day: str, title: str, *, photo: str | None = None, caption: str = "Quang cảnh") -> None:
    from factories import make_photo, write_post

    photos = ""
    if photo is not None:
        (root / "images").mkdir(exist_ok=True)
        make_photo(root / "images" / photo, (8, 8), (200, 30, 30))
        photos = f"\nphotos:\n  - src: ../images/{photo}\n    caption: {caption}"
    write_post(root, f"posts/{name}.md",
               f"title: {title}\ndate: {day}\nagency: SCT\nunits: [van-phong]\nterm: 2020-2022\n"
               f"kind: dai-hoi-chi-bo\nsummary: Tóm tắt {title}{photos}", body=f"Nội dung {title}.\n")


def _render(root: Path, store: PageStore | None, masthead: str = "Bản tin Đảng bộ") -> dict:
    import datetime as dt

    from bantin.model.project import Options, load_project
    from bantin.site import bulletin
    from bantin.site.pages import Bulletins, Renderer

    project = load_project(Options(root, per_page=2), now=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    renderer = Renderer(project, bulletins=Bulletins(bulletin.Masthead(masthead)), store=store)
    return {page.src_uri: page for page in renderer.pages()}


ISSUE = "luu-tru/2020/02/ban-tin/index.md"


@pytest.mark.parametrize("edit", ["title", "new post", "deleted post", "earlier month", "caption", "nothing"])
def test_issues_cards_and_albums_from_the_store_are_those_made_anew(project_dir: Path, edit: str) -> None:
    """Each input of an issue, a card or an album changed in turn: the pages a build with the
    store kept by the previous one makes equal those of a build without any store, and the
    pages the edit shows on have changed."""
    root = project_dir
    _post(root, "a", "2020-01-05", "Hội nghị tháng Một", photo="a.jpg")
    _post(root, "b", "2020-02-03", "Đại hội Chi bộ Văn phòng", photo="b.jpg")
    _post(root, "c", "2020-02-20", "Kết nạp đảng viên")
    _post(root, "d", "2020-03-01", "Học tập Nghị quyết", photo="d.jpg")
    path = root / ".cache" / "s.json.z"
    first = PageStore("ctx")
    before = _render(root, first)
    first.save(path)
    assert ISSUE in before and any(uri.startswith("thu-vien-anh/") for uri in before)
    if edit == "title":
        _post(root, "b", "2020-02-03", "Đại hội Chi bộ Văn phòng lần thứ nhất", photo="b.jpg")
    elif edit == "new post":
        _post(root, "e", "2020-02-10", "Chi bộ mới thành lập", photo="e.jpg")
    elif edit == "deleted post":
        (root / "posts" / "c.md").unlink()
    elif edit == "earlier month":  # every issue's number grows by one
        _post(root, "z", "2019-12-30", "Tổng kết năm")
    elif edit == "caption":
        _post(root, "b", "2020-02-03", "Đại hội Chi bộ Văn phòng", photo="b.jpg", caption="Toàn cảnh đại hội")
    store = PageStore.load(path, "ctx")
    kept = _render(root, store)
    assert kept == _render(root, None)
    assert store.reused > 0
    if edit == "nothing":
        assert kept == before and store.made == 0 and not store.changed and store.parts() == store.kept_parts
    else:
        assert store.changed
    if edit != "caption":  # the issue shows captions under photos, which are not processed here
        assert (kept[ISSUE] == before[ISSUE]) == (edit == "nothing"), edit
    gallery = "thu-vien-anh/index.md"
    if edit in ("title", "new post", "caption"):  # the post is in the photo library's first page
        assert kept[gallery] != before[gallery]


def test_cards_and_albums_kept_are_not_made_again(project_dir: Path, monkeypatch) -> None:
    """A post's card and album are made once, then come from the store, also after a build that
    reused every page whole (and asked for none of them)."""
    from bantin.site.pages import Renderer

    root = project_dir
    for n in range(5):
        _post(root, f"p{n}", f"2020-0{n + 1}-05", f"Tin số {n}", photo=f"p{n}.jpg")
    made: list[str] = []
    for name in ("_card", "_album"):
        original = getattr(Renderer, name)
        monkeypatch.setattr(Renderer, name, lambda self, post, original=original, name=name:
                            made.append(f"{name}:{post.title}") or original(self, post))
    path = root / ".cache" / "s.json.z"
    store = PageStore("ctx")
    _render(root, store)
    store.save(path)
    assert sorted(made) == sorted([f"_card:Tin số {n}" for n in range(5)] + [f"_album:Tin số {n}" for n in range(5)])
    made.clear()
    store = PageStore.load(path, "ctx")
    _render(root, store)  # nothing changed: every page whole from the store
    assert made == [] and store.made == 0 and not store.changed
    _post(root, "moi", "2020-06-05", "Tin mới nhất", photo="moi.jpg")  # the lists all move by one
    store = PageStore.load(path, "ctx")
    pages = _render(root, store)
    assert sorted(made) == ["_album:Tin mới nhất", "_card:Tin mới nhất"]
    assert pages == _render(root, None)
