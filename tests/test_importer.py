"""The importer's recognisers, one test per form the old CMS articles use."""

from __future__ import annotations

import datetime as dt

import pytest

from bantin.dates import TZ
from bantin.importer import Byline, agency_of, byline, event_date, kind_of, published_date, terms, tidy


def day(y, m, d, hh=0, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=TZ)


def test_tidy_spaces_fraction_slash_and_nfc():
    import unicodedata

    assert tidy("\u00a0\u00a0Kế hoạch số 205-KH\u2044ĐU\u00a0 ngày 5/3 ./.  ") == "Kế hoạch số 205-KH/ĐU ngày 5/3 ./."
    assert tidy(unicodedata.normalize("NFD", "Đại hội")) == "Đại hội"
    assert tidy("“Dân vận khéo”") == "“Dân vận khéo”"  # quotes kept as written


@pytest.mark.parametrize("line, expected", [
    ("07/07/2023", day(2023, 7, 7)),
    ("Ngày đăng 25/08/2017 | 03:59 | View count: 265", day(2017, 8, 25, 3, 59)),
    ("Ngày đăng: 5/1/2019", day(2019, 1, 5)),
    ("2020-01-17 - Sáng ngày 16/01/2020, Chi bộ…", day(2020, 1, 17)),
])
def test_publication_dates(line, expected):
    assert published_date(line).value == expected


@pytest.mark.parametrize("line", ["Hội nghị sơ kết 6 tháng", "30/02/2020", "Số 07/07/2023 của Ban"])
def test_not_publication_dates(line):
    assert published_date(line) is None


@pytest.mark.parametrize("text, expected", [
    ("Sáng ngày 06 tháng 7 năm 2023, Chi bộ tổ chức…", day(2023, 7, 6)),
    ("Trong các ngày 24 và 25 tháng 11 năm 2017, Đảng bộ…", day(2017, 11, 24)),
    ("Từ ngày 19 đến 21/4/2017, Công đoàn…", day(2017, 4, 19)),
    ("Chiều ngày 16/01/2020 tại Hội trường…", day(2020, 1, 16)),
])
def test_event_dates_in_the_text(text, expected):
    assert event_date(text).value == expected


@pytest.mark.parametrize("text, expected", [
    ("Đại hội Chi bộ nhiệm kỳ 2017-2020", ["2017-2020"]),
    ("nhiệm kỳ 2017– 2020", ["2017-2020"]),
    ("nhiệm kỳ 2020 - 2022 và nhiệm kỳ 2022-2025", ["2020-2022", "2022-2025"]),
    ("NHIỆM KỲ 2017 -2020", ["2017-2020"]),
])
def test_terms(text, expected):
    good, bad = terms(text)
    assert [str(f.value) for f in good] == expected and bad == []


def test_term_typos_are_refused_not_published():
    good, bad = terms("Đại hội nhiệm kỳ 20117 – 2020")
    assert good == [] and bad[0].text == "nhiệm kỳ 20117 – 2020"
    assert bad[0].value.startswith("năm '20117' không hợp lệ")


def test_kind_from_title(registry):
    assert kind_of("ĐẠI HỘI CHI BỘ VĂN PHÒNG LẦN THỨ NHẤT", registry).key == "dai-hoi-chi-bo"
    assert kind_of("Hội nghị sơ kết 6 tháng đầu năm", registry).key == "hoi-nghi-so-ket"
    assert kind_of("Tin tức khác", registry) is None


def test_agency_by_name_short_name_or_alias(registry):
    assert agency_of("Đảng bộ Sở Công Thương tổ chức…", registry).key == "so-cong-thuong"
    assert agency_of("SCT long trọng tổ chức", registry).key == "so-cong-thuong"
    assert agency_of("Ban Dân vận tỉnh", registry).key == "dan-van"
    assert agency_of("Ủy ban nhân dân xã", registry) is None


@pytest.mark.parametrize("line, expected", [
    ("Tin Ngọc Sơn", Byline(author="Ngọc Sơn")),
    ("Nguồn:Trần Thu", Byline(source="Trần Thu")),
    ("\u00a0\u00a0\u00a0\u00a0Nguyễn Thị Vân – Phòng VH&TT quận", Byline(author="Nguyễn Thị Vân", source="Phòng VH&TT quận")),
    ("Cục Công Thương địa phương (ARIT)", Byline(source="Cục Công Thương địa phương (ARIT)")),
    ("Văn phòng Đảng ủy", Byline(source="Văn phòng Đảng ủy")),
    ("Trần Thu Hà", Byline(author="Trần Thu Hà")),
])
def test_bylines(line, expected):
    assert byline(line) == expected


@pytest.mark.parametrize("line", [
    "Đại hội đã thành công tốt đẹp.",
    "Sáng ngày 06 tháng 7 năm 2023, Chi bộ Văn phòng tổ chức Đại hội lần thứ nhất, nhiệm kỳ 2020-2022.",
])
def test_body_lines_are_not_bylines(line):
    assert byline(line) is None
