"""The judged query sets of issue 18 (tests/fixtures/search/judgments.yml) are well formed and
are what the reference relevance (scripts/search_judgments.py) decides. Nothing here measures
the site's search: scripts/bench_search.py --relevance does."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
import search_judgments as sj  # noqa: E402

KINDS = {"phrase", "word", "name", "kind", "typo", "none"}


@pytest.fixture(scope="module")
def judged():
    return sj.load()["queries"]


def test_the_set_is_large_and_varied(judged):
    assert len(judged) >= 40
    assert {q["kind"] for q in judged} == KINDS
    assert sum(1 for q in judged if q.get("hand_checked")) >= 12
    assert any(sj.fold(q["query"]) != q["query"].lower() for q in judged)  # with tones
    assert any(sj.fold(q["query"]) == q["query"] for q in judged)  # without


def test_every_query_is_well_formed(judged):
    queries = [q["query"] for q in judged]
    assert len(set(queries)) == len(queries)
    for q in judged:
        assert q["kind"] in KINDS, q
        assert sj.syllables(q["query"]), q
        assert all((REPO / p).is_file() and p.startswith("posts/") for p in q["relevant"]), q
        assert set(q.get("toned", [])) <= set(q["relevant"]), q
        if q["kind"] in ("typo", "none"):
            assert q["relevant"] == [], q
        if q["kind"] == "typo":
            assert sj.syllables(q["suggest"]), q


def test_the_reference_reproduces_the_judgments(judged):
    assert sj.judge(judged, sj.Project.load(REPO)) == judged


def test_the_reference_rule():
    assert sj.syllables("Đại hội Chi bộ, Sở GD&ĐT 2020-2025") == \
        ["dai", "hoi", "chi", "bo", "so", "gd", "dt", "2020", "2025"]
    assert sj.syllables("Đa\u0323i ho\u0302\u0323i") == ["dai", "hoi"]  # NFD
    assert sj.contains(["hoi", "nghi", "so", "ket"], ["so", "ket"])
    assert not sj.contains(["ket", "so"], ["so", "ket"])
    assert not sj.contains(["so", "x", "ket"], ["so", "ket"])
    assert sj.strip_markdown("[Sơ kết](https://x/dai-hoi) ![ảnh](a/chi-bo.jpg){ .c }").split() == ["Sơ", "kết", "ảnh"]
