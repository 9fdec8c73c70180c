import datetime as dt

import pytest

from bantin.model.dates import TZ
from bantin.model.terms import Term, TermError, TermUse, parse_term, proposed_terms


@pytest.mark.parametrize("text", ["2017-2020", "2017 - 2020", "2017–2020", "2017 – 2020", "2017—2020",
                                  "Nhiệm kỳ 2017-2020", " 2017 -2020 "])
def test_normalised(text):
    term = parse_term(text)
    assert term == Term(2017, 2020) and str(term) == "2017-2020"


@pytest.mark.parametrize("text, message", [
    ("20117-2020", "năm '20117' không hợp lệ; năm phải có 4 chữ số, từ 1930 đến 2100"),
    ("2020-2017", "năm kết thúc (2017) phải sau năm bắt đầu (2020)"),
    ("2020-2020", "năm kết thúc (2020) phải sau năm bắt đầu (2020)"),
    ("2010-2025", "nhiệm kỳ dài 15 năm, quá 10 năm"),
    ("hai nghìn", "không đọc được nhiệm kỳ; hãy viết dạng YYYY-YYYY, ví dụ 2020-2025"),
])
def test_rejected(text, message):
    with pytest.raises(TermError) as info:
        parse_term(text)
    assert str(info.value) == message


def test_terms_sort_by_start_year():
    assert sorted([Term(2020, 2025), Term(2015, 2020), Term(2020, 2022)]) == [
        Term(2015, 2020), Term(2020, 2022), Term(2020, 2025)]


@pytest.mark.parametrize("year, inside", [(2019, False), (2020, True), (2022, True), (2025, True), (2026, False)])
def test_a_term_contains_its_years_both_ends_included(year, inside):
    assert Term(2020, 2025).contains(dt.date(year, 6, 1)) is inside


def _use(term: str, agency: str, units: tuple[str, ...], day: str) -> TermUse:
    return TermUse(parse_term(term), agency, units, dt.datetime.fromisoformat(day).replace(tzinfo=TZ))


USES = [
    _use("2015-2020", "sct", (), "2018-05-01"),
    _use("2015-2020", "sct", (), "2019-12-20"),
    _use("2020-2025", "sct", (), "2020-09-01"),
    _use("2020-2025", "sct", (), "2023-07-14"),
    _use("2025-2030", "sct", (), "2023-07-14"),  # the term a 2023 post prepares
    _use("2020-2022", "sct", ("van-phong",), "2020-01-16"),
    _use("2022-2025", "sct", ("van-phong", "cong-doan"), "2022-03-08"),
    _use("2020-2025", "stc", (), "2021-01-01"),
]


@pytest.mark.parametrize("day, agency, units, proposed", [
    ("2021-03-01", "sct", (), ["2020-2025"]),
    ("2020-01-10", "sct", (), ["2015-2020", "2020-2025"]),  # the congress year: the one used nearest first
    ("2020-11-10", "sct", (), ["2020-2025", "2015-2020"]),
    ("2021-03-01", "sct", ("van-phong",), ["2020-2022"]),  # a branch's own terms, not its agency's
    ("2022-06-01", "sct", ("van-phong",), ["2022-2025", "2020-2022"]),
    ("2023-06-01", "sct", ("cong-doan", "khac"), ["2022-2025"]),  # any of its units
    ("2023-06-01", "sct", ("khac",), []),
    ("2012-01-01", "sct", (), []),
    ("2021-03-01", "stc", (), ["2020-2025"]),
    ("2021-03-01", "khac", (), []),
])
def test_terms_are_proposed_from_the_posts_of_the_same_agency_and_units(day, agency, units, proposed):
    moment = dt.datetime.fromisoformat(day).replace(tzinfo=TZ)
    assert [str(t) for t in proposed_terms(moment, agency, units, USES)] == proposed


def test_two_terms_used_equally_near_the_date_propose_the_later_first():
    uses = [_use("2015-2020", "a", (), "2020-01-01"), _use("2020-2025", "a", (), "2020-01-01")]
    moment = dt.datetime(2020, 1, 1, tzinfo=TZ)
    assert proposed_terms(moment, "a", (), uses) == [Term(2020, 2025), Term(2015, 2020)]
