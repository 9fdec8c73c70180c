import pytest

from bantin.model.terms import Term, TermError, parse_term


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
