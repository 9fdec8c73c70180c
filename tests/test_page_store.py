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
