"""Dates in Vietnam's time zone: parsing front-matter values and formatting in Vietnamese."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from bantin.model.errors import shorten

TZ = ZoneInfo("Asia/Ho_Chi_Minh")

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")

_ISO = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[ T](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?$"
)
# Vietnamese editors write day first: 16/01/2020, 16/1/2020 08:30, 16-01-2020.
_DMY = re.compile(
    r"^(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"
    r"(?:\s+(?P<H>\d{1,2})[:h](?P<M>\d{2}))?$"
)


class DateError(ValueError):
    """A date that cannot be read; the message is Vietnamese and shown to editors."""


MIN_YEAR, MAX_YEAR = 1930, 2100  # as for terms: the Party was founded in 1930


def parse_date(value: object) -> dt.datetime:
    """Parse a front-matter date into an aware datetime in Asia/Ho_Chi_Minh.

    Accepts `2020-01-16`, `2020-01-16 08:30`, ISO 8601 with an offset, `16/01/2020`
    and `16/01/2020 08:30`, as strings or as YAML date/datetime values, from 1930 to 2100.
    """
    moment = _parse_date(value)
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise DateError(f"năm {moment.year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}")
    return moment


def _parse_date(value: object) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.astimezone(TZ) if value.tzinfo else value.replace(tzinfo=TZ)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=TZ)
    if not isinstance(value, str):
        raise DateError("ngày phải là chuỗi dạng YYYY-MM-DD")
    text = value.strip()
    match = _ISO.match(text) or _DMY.match(text)
    if not match:
        raise DateError("không đọc được ngày; hãy viết dạng YYYY-MM-DD hoặc YYYY-MM-DD HH:MM")
    parts = match.groupdict()
    try:
        moment = dt.datetime(
            int(parts["y"]), int(parts["m"]), int(parts["d"]),
            int(parts.get("H") or 0), int(parts.get("M") or 0), int(parts.get("S") or 0),
        )
    except ValueError:
        raise DateError("ngày không có thật trên lịch") from None
    tz = parts.get("tz")
    if not tz:
        return moment.replace(tzinfo=TZ)
    if tz == "Z":
        return moment.replace(tzinfo=dt.UTC).astimezone(TZ)
    sign = 1 if tz[0] == "+" else -1
    digits = tz[1:].replace(":", "")
    offset = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return moment.replace(tzinfo=dt.timezone(sign * offset)).astimezone(TZ)


def date_problem(value: object, error: DateError) -> str:
    """What `bantin check` and `bantin new` say of a date they cannot read."""
    return f"ngày '{shorten(value)}' không hợp lệ: {error}"


def now() -> dt.datetime:
    return dt.datetime.now(TZ)


def has_time(moment: dt.date) -> bool:
    """Whether a date carries a time of day: midnight stands for none, as in `format_typed`
    (editors write `2020-01-16` for a day, `2020-01-16 08:30` for a moment)."""
    return isinstance(moment, dt.datetime) and (moment.hour, moment.minute) != (0, 0)


def format_long(moment: dt.date) -> str:
    """"Thứ Năm, 06/07/2023", and "Thứ Năm, 06/07/2023 08:30" when the date has a time: weekday,
    then day and month with leading zeros as in administrative documents."""
    day = f"{WEEKDAYS[moment.weekday()]}, {format_short(moment)}"
    return f"{day} {moment:%H:%M}" if has_time(moment) else day


def format_words(moment: dt.date) -> str:
    """"06 tháng 7 năm 2023"."""
    return f"{moment.day:02d} tháng {moment.month} năm {moment.year}"


def format_typed(moment: dt.datetime) -> str:
    """"06/07/2023 08:30" as an editor types it (day first), the time left out at midnight;
    `parse_date` reads it back as the same moment."""
    day = f"{moment.day:02d}/{moment.month:02d}/{moment.year}"
    return day if (moment.hour, moment.minute) == (0, 0) else f"{day} {moment.hour:02d}:{moment.minute:02d}"


def format_short(moment: dt.date) -> str:
    """"06/07/2023", for lists."""
    return f"{moment.day:02d}/{moment.month:02d}/{moment.year}"
