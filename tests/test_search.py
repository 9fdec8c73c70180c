"""bantin.site.search: folding, the index files, ranking inputs, drafts."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata

from bantin.site import search
from bantin.site.search import records_from
from bantin.site.search_index import Facets, Record, build, fnv1a, read_shard, read_terms, syllables, tokens


def test_tokens_fold_tones_d_stroke_case_and_nfd():
    expected = ["dai", "hoi", "chi", "bo", "van", "phong"]
    for text in ("Đại hội Chi bộ Văn phòng", "dai hoi chi bo van phong", "ĐẠI HỘI CHI BỘ VĂN PHÒNG",
                 unicodedata.normalize("NFD", "Đại hội Chi bộ Văn phòng"), "đại-hội, chi bộ: văn phòng!"):
        assert tokens(text) == expected, text
    assert tokens("Hội nghị sơ kết 6 tháng") == ["hoi", "nghi", "so", "ket", "6", "thang"]
    assert tokens("nhiệm kỳ 2020–2025") == ["nhiem", "ky", "2020", "2025"]


def test_fnv1a_known_values():
    # The same numbers search.js computes (checked in the browser test too).
    assert fnv1a("") == 0x811C9DC5
    assert fnv1a("a") == 0xE40C292C
    assert fnv1a("dai hoi") == fnv1a("dai hoi") != fnv1a("hoi dai")


def record(title, body="", *, agency="a", kind="k", year=2020, terms=("2020-2025",), summary=""):
    return Record(url=f"tin/{title}/", title=title, summary=summary, body=body, date=f"{year}-01-01",
                  agency=agency, kind=kind, year=year, terms=terms)


FACETS = Facets(agencies=[("a", "Cơ quan A"), ("b", "Cơ quan B")], kinds=[("k", "Đại hội"), ("h", "Hội nghị")],
                terms=["2020-2025", "2015-2020"])


def load(out):
    docs = json.loads((out / "manifest.json").read_text())["docs"]
    postings = {}
    for shard in sorted((out / "s").iterdir()):
        postings.update(read_shard(shard.read_bytes(), docs))
    return postings


def test_index_files(tmp_path):
    records = [record("Đại hội Chi bộ", "Đại hội bầu chi ủy"),
               record("Hội nghị sơ kết", "Sơ kết 6 tháng", agency="b", kind="h", year=2019, terms=("2015-2020",)),
               record("Đại hội công đoàn", "công đoàn", terms=("2015-2020", "2020-2025"))]
    manifest = build(records, FACETS, tmp_path)
    assert manifest["docs"] == 3 and manifest["years"] == [2020, 2019] and manifest["termBytes"] == 2
    postings = load(tmp_path)
    assert [doc for doc, _ in postings["dai"]] == [0, 2]
    assert [doc for doc, _ in postings["dai hoi"]] == [0, 2]  # a pair, from titles and bodies
    assert [doc for doc, _ in postings["hoi bau"]] == [0]
    assert [doc for doc, _ in postings["6"]] == [1]
    assert all(1 <= w <= 255 for items in postings.values() for _, w in items)
    table = (tmp_path / "facets.bin").read_bytes()
    assert len(table) == 3 * 5
    assert table[5:10] == bytes([1, 1, 1, 0b10, 0])  # agency b, kind h, 2019, term 2015-2020
    assert table[10:15] == bytes([0, 0, 0, 0b11, 0])  # both terms
    chunk = json.loads((tmp_path / "d" / "0.json").read_text(encoding="utf-8"))
    assert chunk[1] == ["tin/Hội nghị sơ kết/", "Hội nghị sơ kết", "2019-01-01", 1, 1, "", ""]


def test_chunk_rows_end_with_the_thumbnail(tmp_path):
    import dataclasses

    records = [dataclasses.replace(record("Đại hội Chi bộ"), thumb="anh/2020/dai-hoi/toan-canh-320.webp"),
               record("Hội nghị sơ kết")]
    build(records, FACETS, tmp_path)
    chunk = json.loads((tmp_path / "d" / "0.json").read_text(encoding="utf-8"))
    assert [row[-1] for row in chunk] == ["anh/2020/dai-hoi/toan-canh-320.webp", ""]
    assert [len(row) for row in chunk] == [7, 7]


def test_thumbnail_is_the_smallest_webp_of_the_cover_or_else_the_first_photo():
    from pathlib import Path
    from types import SimpleNamespace

    from bantin.site.photos.renditions import ImageMeta, Rendition
    from bantin.site.search import thumbnails

    meta = ImageMeta("sha", 2000, 1500, tuple(
        Rendition(w, w * 3 // 4, fmt, f"{w}.{fmt}", 1) for w in (1280, 320, 640) for fmt in ("jpeg", "webp")),
        Path())
    processed = {"images/2020/dai-hoi/anh-1.jpg": meta, "images/2020/dai-hoi/bia.jpg": meta}
    thumb = thumbnails(processed.get)

    def post(cover=None, *photos):
        return SimpleNamespace(cover=cover and SimpleNamespace(src=cover),
                               photos=tuple(SimpleNamespace(src=p) for p in photos))

    assert thumb(post(None, "images/2020/dai-hoi/anh-1.jpg")) == "anh/2020/dai-hoi/anh-1-320.webp"
    assert thumb(post("images/2020/dai-hoi/bia.jpg", "images/2020/dai-hoi/anh-1.jpg")) == \
        "anh/2020/dai-hoi/bia-320.webp"
    assert thumb(post()) == ""
    assert thumb(post(None, "images/not-processed.jpg")) == ""


def test_title_words_weigh_more_than_body_words(tmp_path):
    records = [record("Hội nghị", "đại hội " * 3), record("Đại hội", "hội nghị")]
    build(records, FACETS, tmp_path)
    weights = dict(load(tmp_path)["dai"])
    assert weights[1] > weights[0]


def test_shards_split_a_large_index(tmp_path):
    import random

    rng = random.Random(1)
    words = [f"tu{i}" for i in range(3000)]
    records = [record(f"Bài {i}", " ".join(rng.choice(words) for _ in range(200))) for i in range(300)]
    manifest = build(records, FACETS, tmp_path)
    assert manifest["shards"] > 1
    shards = {n: read_shard((tmp_path / "s" / f"{n}.bin").read_bytes(), 300) for n in range(manifest["shards"])}
    for n, shard in shards.items():  # each term is in the shard its hash names
        assert shard and all(fnv1a(term) % manifest["shards"] == n for term in shard)


def test_dense_terms_are_bitsets_with_the_same_posts(tmp_path):
    records = [record("Đại hội", "hiếm" if i % 200 == 0 else "") for i in range(600)]
    manifest = build(records, FACETS, tmp_path)
    postings = load(tmp_path)
    assert [d for d, _ in postings["dai"]] == list(range(600))
    assert [d for d, _ in postings["hiem"]] == [0, 200, 400]
    from bantin.site.search_index import _read_varint

    terms = {}
    for shard in (tmp_path / "s").iterdir():
        data = shard.read_bytes()
        i = 0
        while i < len(data):  # each term's block: its size says how far to skip
            name = data[i + 1:i + 1 + data[i]].decode()
            i += 1 + data[i]
            size, i = _read_varint(data, i)
            terms[name] = size
            i += size
    # "dai" and "hoi" as 75-byte bitsets, not 1,200-byte lists; the pair keeps its positions
    assert terms["dai"] < 90 and terms["hoi"] < 90 and terms["hiem"] < 20
    assert [d for d, _ in postings["dai hoi"]] == list(range(600))
    assert manifest["chunk"] == 10


def test_drafts_are_never_indexed():
    class P:
        def __init__(self, draft):
            self.draft, self.url, self.title, self.summary, self.body = draft, "u/", "T", "", "b"
            self.date, self.agency, self.kind, self.terms = dt.datetime(2020, 1, 1), "a", "k", ()

    assert len(records_from([P(False), P(True)], None, str)) == 1


def test_an_unchanged_project_reuses_its_index(tmp_path):
    from bantin.model.project import Options, load_project
    from bantin.site.search import build_cached
    from sitebuild import copy_sample

    root = copy_sample(tmp_path / "p")
    project = load_project(Options(root))
    cache = tmp_path / "cache"
    assert build_cached(project, tmp_path / "a", cache) is False
    assert build_cached(load_project(Options(root)), tmp_path / "b", cache) is True
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*"))
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*"))
    post = next(root.joinpath("posts").rglob("*.md"))
    post.write_text(post.read_text(encoding="utf-8") + "\nThêm một câu.\n", encoding="utf-8")
    assert build_cached(load_project(Options(root)), tmp_path / "c", cache) is False
    kept = sorted(p.name for p in cache.iterdir())
    assert len(kept) == 2 and search.ANALYSES in kept  # only the latest index is kept, beside the posts' analyses



def test_the_index_changes_with_a_thumbnail(tmp_path):
    from bantin.model.project import Options, load_project
    from bantin.site.search import build_cached, project_digest
    from sitebuild import copy_sample

    project = load_project(Options(copy_sample(tmp_path / "p")))
    first = project.index.posts[0]

    def thumb(url):
        return lambda post: url if post is first else ""

    assert project_digest(project, thumb("anh/a-320.webp")) != project_digest(project, thumb("anh/b-320.webp"))
    assert project_digest(project, thumb("anh/a-320.webp")) == project_digest(project, thumb("anh/a-320.webp"))
    cache = tmp_path / "cache"
    assert build_cached(project, tmp_path / "a", cache, thumb("anh/a-320.webp")) is False
    assert build_cached(project, tmp_path / "b", cache, thumb("anh/b-320.webp")) is False
    rows = json.loads((tmp_path / "b" / "d" / "0.json").read_text(encoding="utf-8"))
    assert rows[0][-1] == "anh/b-320.webp" and all(row[-1] == "" for row in rows[1:])


def test_search_js_gets_the_url_scheme_at_build_time():
    """search.js names no URL of its own: the build writes model/urls.py's browser() into it, and
    the copy in the package (used as is by the engine tests in the browser) carries the same."""
    import json
    import re

    from bantin.model import urls
    from bantin.site import ASSETS
    from bantin.site.search import script

    pattern = r"/\*urls\*/(.*?)/\*urls\*/"
    source = (ASSETS / "search.js").read_text(encoding="utf-8")
    assert json.loads(re.search(pattern, source).group(1)) == urls.browser()
    assert json.loads(re.search(pattern, script()).group(1)) == urls.browser()
    code = re.sub(pattern, "", source)
    for value in ('"tim-kiem', "'tim-kiem", '"co-quan"', '"nhiem-ky"', '"sap-xep"', '"ngay"', "elements.q"):
        assert value not in code, value


def terms_of(out, docs):
    found = {}
    for shard in sorted((out / "s").iterdir()):
        found.update(read_terms(shard.read_bytes(), docs))
    return found


def test_syllables_keep_the_tones_as_written():
    assert syllables("Sở GD&ĐT, Hội nghị SƠ KẾT") == [("so", "sở"), ("gd", "gd"), ("dt", "đt"), ("hoi", "hội"),
                                                      ("nghi", "nghị"), ("so", "sơ"), ("ket", "kết")]
    assert syllables(unicodedata.normalize("NFD", "Đại hội")) == [("dai", "đại"), ("hoi", "hội")]
    assert syllables("2020–2025") == [("2020", "2020"), ("2025", "2025")]


def test_pairs_hold_their_positions_and_no_phrase_spans_two_fields(tmp_path):
    build([record("Đại hội Chi bộ", "nhiệm kỳ mới. Đại hội chi bộ", summary="Chi bộ")], FACETS, tmp_path)
    terms = terms_of(tmp_path, 1)
    # title 0-3, summary 5-6, body 8-13
    assert terms["dai hoi"][1][0][3] == [0, 11]
    assert terms["chi bo"][1][0][3] == [2, 5, 13]
    assert "bo chi" not in terms  # title's last and summary's first syllables are not a pair
    assert "bo nhiem" not in terms
    assert terms["moi dai"][1][0][3] == [10]  # within a field, punctuation does not cut a phrase
    assert terms["dai"][1][0][3] == []  # single syllables carry no positions


def test_toned_forms_rank_with_a_mask_per_post(tmp_path):
    build([record("Sơ kết", "sở"), record("Số kết"), record("So ket"), record("Sở")], FACETS, tmp_path)
    terms = terms_of(tmp_path, 4)
    forms, items = terms["so ket"]
    assert sorted(forms) == ["so ket", "sơ kết", "số kết"]
    by_doc = {doc: {forms[b] for b in range(len(forms)) if mask >> b & 1} for doc, _, mask, _ in items}
    assert by_doc == {0: {"sơ kết"}, 1: {"số kết"}, 2: {"so ket"}}
    forms, items = terms["so"]
    assert forms[0] == "sở"  # the form most posts have comes first
    assert {doc: {forms[b] for b in range(len(forms)) if mask >> b & 1} for doc, _, mask, _ in items}[0] == {"sơ", "sở"}
    forms, items = terms["ket"]
    assert len(forms) == 2


def test_more_than_seven_forms_share_the_last_bit(tmp_path):
    words = ["ma", "má", "mà", "mả", "mã", "mạ", "mă", "mắ", "mằ", "mâ"]
    build([record(w) for w in words], FACETS, tmp_path)
    forms, items = terms_of(tmp_path, len(words))["ma"]
    assert len(forms) == 7
    assert sum(1 for _, _, mask, _ in items if mask == 0x80) == 3


def test_registry_names_are_terms_of_their_own(tmp_path):
    records = [Record(url="tin/a/", title="Tin", summary="", body="", date="2020-01-01", agency="a", kind="k",
                      year=2020, terms=(), names=("so-cong-thuong", "Sở Công Thương", "SCT", "Sở GD&ĐT")),
               record("Sở Công Thương")]
    manifest = build(records, Facets(FACETS.agencies, FACETS.kinds, FACETS.terms,
                                     agency_names={"a": ["so-cong-thuong", "Sở Công Thương", "SCT"]}), tmp_path)
    terms = terms_of(tmp_path, 2)
    assert [d for d, *_ in terms["=sct"][1]] == [0]
    assert [d for d, *_ in terms["=so cong thuong"][1]] == [0]  # by name, not by text
    assert [d for d, *_ in terms["=so gd dt"][1]] == [0]
    assert "sct" not in terms  # a name is no word of the text
    assert manifest["agencyNames"] == [["sct", "so cong thuong"], []]


def test_the_vocabulary_spells_each_syllable_as_most_posts_do(tmp_path):
    build([record("Đại hội"), record("Đại hội 2020"), record("đài")], FACETS, tmp_path)
    vocabulary = json.loads((tmp_path / "v.json").read_text(encoding="utf-8"))
    assert vocabulary[:2] == [["dai", "đại", 3], ["hoi", "hội", 2]]
    assert all(not v[0].isdigit() for v in vocabulary)


def test_the_index_is_the_same_bytes_every_time(tmp_path):
    records = [record("Đại hội Chi bộ", "Sơ kết sở số " * 20, summary="Hội nghị")] * 3
    build(records, FACETS, tmp_path / "a")
    build(records, FACETS, tmp_path / "b")
    for path in sorted((tmp_path / "a").rglob("*")):
        if path.is_file():
            assert path.read_bytes() == (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_bytes()


def test_records_carry_the_names_of_their_agency_kind_and_units(tmp_path):
    from bantin.model.project import Options, load_project
    from bantin.model.text import markdown_text
    from sitebuild import copy_sample

    project = load_project(Options(copy_sample(tmp_path / "p")))
    post = next(p for p in project.index.posts if p.units and not p.draft)
    record = next(r for r in records_from(project.index.posts, project.registry, markdown_text) if r.url == post.url)
    agency = project.registry.agencies[post.agency]
    unit = agency.unit(post.units[0])
    assert {agency.key, agency.name, agency.short, *agency.aliases} <= set(record.names)
    assert {unit.key, unit.name} <= set(record.names)
    assert project.registry.kinds[post.kind].name in record.names


def test_overlong_words_and_names_are_left_out_not_fatal(tmp_path):
    """A pasted hash or blob (no syllable), a toned run of many bytes, a registry name of many
    syllables: the index is written, and every term and form fits its u8 length."""
    blob = "x" * 300 + " " + "ắ" * 40 + " " + "A1" * 20 + " đại hội"
    records = [Record(url="tin/a/", title="Tin", summary="", body=blob, date="2020-01-01", agency="a", kind="k",
                      year=2020, terms=(), names=("Tên " * 90,))]
    build(records, FACETS, tmp_path)
    terms = terms_of(tmp_path, 1)
    assert "dai hoi" in terms and "x" * 300 not in terms
    assert all(len(t) <= 255 for t in terms) and not any(t.startswith("=") for t in terms)
    assert syllables("ắ" * 40) == []  # 40 letters: no syllable
    assert syllables("ắ" * 32) == [("a" * 32, "ắ" * 32)]  # 96 bytes: its tones kept
    assert syllables("ắ" * 34 + "x")[:1] == []
