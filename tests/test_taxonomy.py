import datetime as dt

from bantin.model.dates import TZ
from bantin.model.taxonomy import build_index, newest_first
from bantin.model.terms import Term
from factories import make_post


def make(path, title, day, agency="a", units=(), terms=(), kind="k", tags=()):
    return make_post(path, title=title, date=dt.datetime(*day, tzinfo=TZ), agency=agency, units=units, terms=terms,
                     kind=kind, tags=tags, slug=path)


T1, T2 = Term(2015, 2020), Term(2020, 2025)
POSTS = [
    make("p1", "Một", (2019, 5, 1), agency="a", units=("u1",), terms=(T1,), tags=("Đại hội điểm",)),
    make("p2", "Hai", (2020, 1, 16), agency="a", terms=(T2,), tags=("đại hội điểm",)),
    make("p3", "Ba", (2020, 1, 16), agency="b", terms=(T2,), kind="k2"),
    make("p4", "Bốn", (2021, 3, 2), agency="a", units=("u1", "u2"), terms=(T1, T2)),
]


def paths(posts):
    return [p.path for p in posts]


def test_newest_first_then_vietnamese_title_order():
    assert paths(newest_first(POSTS)) == ["p4", "p3", "p2", "p1"]  # "Ba" < "Hai" on the same day


def test_indexes():
    index = build_index(POSTS)
    assert paths(index.posts) == ["p4", "p3", "p2", "p1"]
    assert paths(index.by_agency["a"]) == ["p4", "p2", "p1"]
    assert paths(index.by_unit[("a", "u1")]) == ["p4", "p1"]
    assert paths(index.by_term[T2]) == ["p4", "p3", "p2"]
    assert paths(index.by_agency_term[("a", T1)]) == ["p4", "p1"]
    assert index.agency_terms == {"a": (T2, T1), "b": (T2,)}
    assert paths(index.by_kind["k2"]) == ["p3"]
    assert sorted(index.by_year) == [2019, 2020, 2021]
    assert paths(index.by_month[(2020, 1)]) == ["p3", "p2"]


def test_tags_are_grouped_by_slug_keeping_the_first_spelling():
    index = build_index(POSTS)
    assert paths(index.by_tag["dai-hoi-diem"]) == ["p2", "p1"]
    assert index.tag_names == {"dai-hoi-diem": "đại hội điểm"}


def test_neighbours_are_within_the_same_agency():
    index = build_index(POSTS)
    older, newer = index.neighbours["p2"]
    assert (older.path, newer.path) == ("p1", "p4")
    assert index.neighbours["p3"] == (None, None)
    assert index.neighbours["p1"][0] is None and index.neighbours["p4"][1] is None


def test_empty():
    index = build_index([])
    assert index.posts == () and index.by_agency == {} and index.neighbours == {}
