import datetime as dt

import pytest

from bantin.model.dates import TZ, WEEKDAYS, DateError, format_long, format_short, format_words, has_time, parse_date


@pytest.mark.parametrize("text, expected", [
    ("2020-01-16", dt.datetime(2020, 1, 16, tzinfo=TZ)),
    ("2020-01-16 08:30", dt.datetime(2020, 1, 16, 8, 30, tzinfo=TZ)),
    ("2020-1-6T08:30:15", dt.datetime(2020, 1, 6, 8, 30, 15, tzinfo=TZ)),
    ("16/01/2020", dt.datetime(2020, 1, 16, tzinfo=TZ)),
    ("6/7/2023 14h30", dt.datetime(2023, 7, 6, 14, 30, tzinfo=TZ)),
])
def test_accepted_forms(text, expected):
    assert parse_date(text) == expected


def test_offsets_are_converted_to_vietnam_time():
    moment = parse_date("2020-01-16T01:30:00Z")
    assert moment.utcoffset() == dt.timedelta(hours=7) and moment.hour == 8
    assert parse_date("2020-01-16 10:30+09:00").hour == 8


def test_yaml_date_objects_are_accepted():
    assert parse_date(dt.date(2021, 3, 1)) == dt.datetime(2021, 3, 1, tzinfo=TZ)


@pytest.mark.parametrize("text", ["2020-02-30", "30/02/2020", "2020-13-01"])
def test_a_day_not_on_the_calendar_is_rejected_in_vietnamese(text):
    with pytest.raises(DateError) as info:
        parse_date(text)
    assert str(info.value) == "ngày không có thật trên lịch"


def test_free_text_is_rejected_naming_the_forms_to_write():
    with pytest.raises(DateError) as info:
        parse_date("tháng 7")
    assert str(info.value) == "không đọc được ngày; hãy viết dạng YYYY-MM-DD hoặc YYYY-MM-DD HH:MM"


def test_vietnamese_formats():
    day = dt.date(2023, 7, 6)
    assert format_long(day) == "Thứ Năm, 06/07/2023"
    assert format_words(day) == "06 tháng 7 năm 2023"
    assert format_short(day) == "06/07/2023"
    assert format_long(dt.date(2023, 7, 9)) == "Chủ Nhật, 09/07/2023"


@pytest.mark.parametrize("day, weekday", list(zip(range(6, 13), WEEKDAYS, strict=True)))
def test_long_format_names_every_weekday_with_leading_zeros(day, weekday):
    # 06/03/2023 was a Monday; day and month always take two digits, as in administrative documents
    assert format_long(dt.datetime(2023, 3, day, tzinfo=TZ)) == f"{weekday}, {day:02d}/03/2023"


def test_weekday_names_are_the_ones_readers_see():
    assert WEEKDAYS == ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


@pytest.mark.parametrize("written, shown", [
    ("2020-01-09", "Thứ Năm, 09/01/2020"),
    ("2020-01-09 08:30", "Thứ Năm, 09/01/2020 08:30"),
    ("9/1/2020 14h05", "Thứ Năm, 09/01/2020 14:05"),
    ("2020-01-09T00:00:00+07:00", "Thứ Năm, 09/01/2020"),  # midnight: a day without a time
    ("2020-01-09T01:30:00Z", "Thứ Năm, 09/01/2020 08:30"),  # shown in Vietnam's time
])
def test_long_format_adds_the_time_only_when_the_post_gives_one(written, shown):
    assert format_long(parse_date(written)) == shown


def test_has_time():
    assert has_time(parse_date("2020-01-09 08:30")) and has_time(parse_date("2020-01-09 00:01"))
    assert not has_time(parse_date("2020-01-09")) and not has_time(dt.date(2020, 1, 9))
