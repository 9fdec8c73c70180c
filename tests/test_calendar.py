"""The term calendar (model/calendar.py, registry.yml `levels:`): levels and their dated terms
read and checked, levels inherited, a post's term inferred from its date, and the warnings for
a `term:` the calendar contradicts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bantin.model.calendar import levels_of, term_at, term_problems, terms_at
from bantin.model.posts import parse_post
from bantin.model.registry import Registry
from bantin.model.registry_file import parse_registry
from bantin.model.terms import Term, proposed_terms
from sitebuild import FIXTURES_DIR

CALENDAR = """\
agencies:
  khoi:
    name: Đảng bộ Khối các cơ quan tỉnh
    short: Đảng bộ Khối
    level: dang-bo
  so-a:
    name: Đảng bộ Sở A
    short: Sở A
    parent: khoi
    unit_level: chi-bo
    units:
      van-phong: Chi bộ Văn phòng
      ke-toan: Chi bộ Kế toán
      cong-doan: {name: Công đoàn cơ sở Sở A, level: cong-doan}
  xa-b:
    name: Đảng bộ xã B
    short: Xã B
    units:
      thon-1: Chi bộ thôn 1
kinds:
  dai-hoi-chi-bo: {name: Đại hội Chi bộ, congress: chi-bo}
  dai-hoi-cong-doan: {name: Đại hội Công đoàn, congress: [cong-doan]}
  so-ket: Hội nghị sơ kết
levels:
  dang-bo:
    name: Đảng bộ
    terms:
      2015-2020: {from: 01/05/2015, to: 31/08/2020}
      2020-2025: {from: 2020-05-01, to: 31/10/2025}
  chi-bo:
    name: Chi bộ
    terms:
      2017-2020: {from: 01/01/2017, to: 31/03/2020}
      2020-2022: {from: 01/10/2019, to: 31/03/2022}
      2022-2025: {from: 01/01/2022}
  cong-doan:
    name: Công đoàn cơ sở
    terms:
      2017-2022:
      2022-2027:
"""


def load(text: str = CALENDAR) -> Registry:
    registry, errors = parse_registry(text, "registry.yml")
    assert errors == [], [e.format() for e in errors]
    assert registry is not None
    return registry


@pytest.fixture(scope="module")
def calendar() -> Registry:
    return load()


def messages(text: str) -> list[str]:
    registry, errors = parse_registry(text, "registry.yml")
    assert registry is None
    return [e.format() for e in errors]


# -- reading levels -----------------------------------------------------------------------------


def test_levels_terms_and_their_days(calendar):
    chi_bo = calendar.levels["chi-bo"]
    assert chi_bo.name == "Chi bộ" and chi_bo.noun == "chi bộ"
    assert [(str(s.term), s.start, s.end) for s in chi_bo.terms] == [
        ("2017-2020", dt.date(2017, 1, 1), dt.date(2020, 3, 31)),
        ("2020-2022", dt.date(2019, 10, 1), dt.date(2022, 3, 31)),
        ("2022-2025", dt.date(2022, 1, 1), dt.date(2025, 12, 31))]  # no `to`: the end year's last day
    union = calendar.levels["cong-doan"]
    assert [(s.start, s.end) for s in union.terms] == [(dt.date(2017, 1, 1), dt.date(2022, 12, 31)),
                                                       (dt.date(2022, 1, 1), dt.date(2027, 12, 31))]
    assert calendar.kinds["dai-hoi-chi-bo"].congress == ("chi-bo",)
    assert calendar.kinds["dai-hoi-cong-doan"].congress == ("cong-doan",)
    assert calendar.kinds["so-ket"].congress == ()


def test_levels_are_inherited_where_obvious(calendar):
    so_a = calendar.agencies["so-a"]
    assert so_a.level == "dang-bo"  # its parent's
    assert [(u.key, u.level) for u in so_a.units] == [("van-phong", "chi-bo"), ("ke-toan", "chi-bo"),
                                                      ("cong-doan", "cong-doan")]  # a unit's own wins
    xa_b = calendar.agencies["xa-b"]
    assert xa_b.level is None and xa_b.units[0].level is None  # no parent, nothing written: no level


def test_a_registry_without_levels_still_reads_and_has_no_calendar():
    registry, errors = parse_registry((FIXTURES_DIR / "registry.yml").read_text(encoding="utf-8"), "registry.yml")
    assert errors == [] and registry is not None
    assert registry.levels == {} and all(a.level is None for a in registry.agencies.values())
    assert term_at(registry, dt.date(2020, 1, 16), "so-cong-thuong", ["van-phong"]) is None
    assert term_problems(registry, dt.date(2020, 1, 16), "so-cong-thuong", [], [Term(2030, 2035)]) == []


# -- registry errors, in Vietnamese, each with its line ---------------------------------------------


def test_an_unknown_level_is_named_with_the_nearest_one():
    text = CALENDAR.replace("    unit_level: chi-bo\n", "    unit_level: chi-b\n")
    assert messages(text) == [
        "registry.yml:10: [agencies.so-a.unit_level] cấp 'chi-b' không có trong mục 'levels:'\n"
        "    → có phải ý bạn là 'chi-bo'?"]


def test_a_level_named_without_any_levels_says_where_to_declare_them():
    text = ("agencies:\n  a:\n    name: Sở A\n    level: dang-bo\nkinds:\n"
            "  k: {name: Đại hội, congress: dang-bo}\n")
    found = messages(text)
    assert len(found) == 2
    assert found[0].startswith("registry.yml:4: [agencies.a.level] cấp 'dang-bo' không có trong mục 'levels:'\n"
                               "    → khai báo các cấp và nhiệm kỳ của chúng trong mục 'levels:' ở cuối tệp")
    assert found[1].startswith("registry.yml:6: [kinds.k.congress] cấp 'dang-bo' không có trong mục 'levels:'")


def test_every_problem_of_the_terms_is_said_at_once():
    text = CALENDAR.replace("      2017-2020: {from: 01/01/2017, to: 31/03/2020}\n",
                            "      2017-20: {from: 01/01/2017}\n"
                            "      2016-2019: {from: 31/02/2016}\n"
                            "      2013-2014: {from: 01/12/2014, to: 01/01/2014}\n"
                            "      2010-2013: {from: 01/01/2005}\n"
                            "      2008-2010: {start: 01/01/2008}\n"
                            "      2005-2008: từ năm 2005\n")
    assert messages(text) == [
        "registry.yml:33: [levels.chi-bo.terms.2017-20] nhiệm kỳ '2017-20' không hợp lệ: năm '20' không hợp lệ; "
        "năm phải có 4 chữ số, từ 1930 đến 2100\n    → viết nhiệm kỳ dạng YYYY-YYYY, ví dụ 2020-2025",
        "registry.yml:34: [levels.chi-bo.terms.2016-2019.from] ngày '31/02/2016' không hợp lệ: ngày không có thật "
        "trên lịch\n    → ví dụ đúng: 01/07/2020 hoặc 2020-07-01",
        "registry.yml:35: [levels.chi-bo.terms.2013-2014.to] ngày kết thúc 01/01/2014 trước ngày bắt đầu 01/12/2014 "
        "của nhiệm kỳ 2013-2014\n    → đổi lại hai ngày 'from' (bắt đầu) và 'to' (kết thúc)",
        "registry.yml:36: [levels.chi-bo.terms.2010-2013.from] ngày bắt đầu 01/01/2005 quá xa năm 2010 của nhiệm kỳ "
        "2010-2013\n    → ghi một ngày trong năm 2010",
        "registry.yml:37: [levels.chi-bo.terms.2008-2010.start] trường 'start' không được hỗ trợ\n"
        "    → các trường được dùng: from, to",
        "registry.yml:38: [levels.chi-bo.terms.2005-2008] nhiệm kỳ 2005-2008 phải ghi ngày bắt đầu và ngày kết thúc\n"
        "    → viết '2005-2008: {from: 01/07/2005, to: 30/06/2008}', hoặc chỉ '2005-2008:' để tính trọn các năm"]


def test_a_level_without_terms_and_an_unknown_field():
    text = CALENDAR + "  doan:\n    name: Đoàn Thanh niên\n    nhiem-ky: 2022-2027\n"
    assert messages(text) == [
        "registry.yml:43: [levels.doan.nhiem-ky] trường 'nhiem-ky' không được hỗ trợ\n"
        "    → các trường được dùng: name, terms",
        "registry.yml:41: [levels.doan] cấp 'doan' chưa có nhiệm kỳ nào\n"
        "    → thêm mục 'terms:' với mỗi nhiệm kỳ một dòng, ví dụ '2020-2025: {from: 01/07/2020, to: 30/06/2025}'"]


# -- the term of a day ----------------------------------------------------------------------------


def test_the_term_containing_a_date_for_an_agency_or_its_units(calendar):
    assert term_at(calendar, dt.date(2021, 6, 1), "so-a") == Term(2020, 2025)
    assert term_at(calendar, dt.date(2019, 6, 1), "so-a") == Term(2015, 2020)
    assert term_at(calendar, dt.date(2021, 6, 1), "so-a", ["van-phong"]) == Term(2020, 2022)
    assert term_at(calendar, dt.datetime(2021, 6, 1, 8, 30), "so-a", ["cong-doan"]) == Term(2017, 2022)
    assert term_at(calendar, dt.date(2021, 6, 1), "xa-b", ["thon-1"]) is None  # no level: no answer
    assert term_at(calendar, dt.date(2021, 6, 1), "khong-co") is None
    assert term_at(calendar, dt.date(2040, 1, 1), "so-a") is None  # past the calendar's end


def test_a_day_two_terms_share_belongs_to_the_later(calendar):
    # The congress season: 01/10/2019–31/03/2020 is in both chi bộ terms, May–August 2020 in both đảng bộ terms.
    assert term_at(calendar, dt.date(2020, 1, 16), "so-a", ["van-phong"]) == Term(2020, 2022)
    assert term_at(calendar, dt.date(2019, 9, 30), "so-a", ["van-phong"]) == Term(2017, 2020)
    assert term_at(calendar, dt.date(2020, 6, 18), "so-a") == Term(2020, 2025)
    assert term_at(calendar, dt.date(2020, 4, 30), "so-a") == Term(2015, 2020)


def test_a_post_about_units_of_two_levels_has_a_term_for_each(calendar):
    assert terms_at(calendar, dt.date(2021, 6, 1), "so-a", ["van-phong", "cong-doan", "ke-toan"]) == (
        Term(2020, 2022), Term(2017, 2022))
    assert [lv.key for lv in levels_of(calendar, calendar.agencies["so-a"], ["cong-doan", "van-phong"])] == [
        "cong-doan", "chi-bo"]


def test_new_proposes_the_calendars_term_before_the_posts(calendar):
    assert proposed_terms(dt.datetime(2021, 6, 1), "so-a", ["van-phong"], [],
                          calendar=terms_at(calendar, dt.date(2021, 6, 1), "so-a", ["van-phong"])) == [Term(2020, 2022)]


# -- warnings ---------------------------------------------------------------------------------------


def test_a_term_not_containing_the_date_names_the_term_the_level_and_the_right_term(calendar):
    [problem] = term_problems(calendar, dt.date(2020, 1, 16), "so-a", ["van-phong"], [Term(2022, 2025)])
    assert problem.message == ("ngày 16/01/2020 của bài không thuộc nhiệm kỳ 2022-2025 của cấp 'Chi bộ' "
                               "(01/01/2022 – 31/12/2025)")
    assert problem.hint == ("nhiệm kỳ chứa ngày 16/01/2020: 2020-2022; sửa 'term', hoặc xoá dòng này để bantin tự "
                            "điền theo ngày")


def test_a_term_the_level_does_not_have_names_both(calendar):
    [problem] = term_problems(calendar, dt.date(2020, 1, 16), "so-a", ["cong-doan"], [Term(2019, 2024)])
    assert problem.message == ("nhiệm kỳ 2019-2024 không có trong lịch nhiệm kỳ của cấp 'Công đoàn cơ sở' hoặc "
                               "'Đảng bộ' (Công đoàn cơ sở: 2017-2022, 2022-2027; Đảng bộ: 2015-2020, 2020-2025)")
    assert problem.hint.startswith("nhiệm kỳ chứa ngày 16/01/2020: 2017-2022;")


def test_a_branchs_post_may_name_its_agencys_term_and_a_coming_term_beside_the_running_one(calendar):
    day = dt.date(2021, 12, 14)
    assert term_problems(calendar, day, "so-a", ["van-phong", "ke-toan"], [Term(2020, 2025)]) == []
    found = term_problems(calendar, dt.date(2023, 12, 22), "so-a", [], [Term(2020, 2025), Term(2025, 2030)])
    assert [p.message for p in found] == [
        "nhiệm kỳ 2025-2030 không có trong lịch nhiệm kỳ của cấp 'Đảng bộ' (Đảng bộ: 2015-2020, 2020-2025)"]
    assert term_problems(calendar, dt.date(2023, 12, 22), "so-a", [], [Term(2020, 2025), Term(2015, 2020)]) == []


# -- in a post ---------------------------------------------------------------------------------------


def post(calendar: Registry, front: str, tmp_path: Path):
    text = f"---\ntitle: Đại hội\ndate: 2020-01-16 08:30\nagency: so-a\n{front}---\n\nNội dung.\n"
    return parse_post(text, "posts/2020/a.md", calendar, tmp_path)


def test_a_post_without_term_gets_the_calendars(calendar, tmp_path):
    made, problems = post(calendar, "units: [van-phong]\nkind: dai-hoi-chi-bo\n", tmp_path)
    assert problems == [] and made.terms == (Term(2020, 2022),)
    made, problems = post(calendar, "kind: so-ket\n", tmp_path)
    assert problems == [] and made.terms == (Term(2015, 2020),)


def test_a_post_whose_term_the_calendar_contradicts_is_built_with_a_warning(calendar, tmp_path):
    made, problems = post(calendar, "units: [van-phong]\nterm: 2022-2025\nkind: dai-hoi-chi-bo\n", tmp_path)
    assert made is not None and made.terms == (Term(2022, 2025),)  # as written: the editor decides
    assert [(p.line, p.field, p.warning, p.value) for p in problems] == [(6, "term", True, "2022-2025")]
    assert problems[0].format() == (
        "posts/2020/a.md:6: [term] ngày 16/01/2020 của bài không thuộc nhiệm kỳ 2022-2025 của cấp 'Chi bộ' "
        "(01/01/2022 – 31/12/2025)\n    → nhiệm kỳ chứa ngày 16/01/2020: 2020-2022; sửa 'term', hoặc xoá dòng này "
        "để bantin tự điền theo ngày")
    _, problems = post(calendar, "units: [van-phong]\nterm: [2020-2022, 2019-2024]\nkind: dai-hoi-chi-bo\n", tmp_path)
    assert [(p.field, p.value) for p in problems] == [("term[1]", "2019-2024")]


def test_pilot_marks_a_congress_and_is_refused_on_other_kinds(calendar, tmp_path):
    made, problems = post(calendar, "units: [van-phong]\nkind: dai-hoi-chi-bo\npilot: true\n", tmp_path)
    assert problems == [] and made.pilot is True
    made, problems = post(calendar, "kind: so-ket\npilot: true\n", tmp_path)
    assert made.pilot is False and [p.format() for p in problems] == [
        "posts/2020/a.md:6: [pilot] 'pilot: true' (đại hội điểm) chỉ dùng cho tin đại hội; loại tin 'Hội nghị sơ "
        "kết' không phải đại hội\n    → xoá dòng 'pilot', hoặc đổi 'kind' thành một loại đại hội: dai-hoi-chi-bo, "
        "dai-hoi-cong-doan"]
    made, problems = post(calendar, "kind: so-ket\npilot: có\n", tmp_path)
    assert made is None and problems[0].message == "'pilot' phải là true hoặc false, không phải 'có'"


# -- bantin new ---------------------------------------------------------------------------------------


def test_new_from_a_script_fills_in_the_calendars_term_and_warns_of_a_contradicted_one(tmp_path):
    from factories import make_project
    from sitebuild import run_bantin

    root = make_project(tmp_path / "p", sample=True)
    made = run_bantin(root, "new", "--tieu-de", "Đại hội Chi bộ Phòng Quản lý Công nghiệp", "--co-quan", "SCT",
                      "--don-vi", "quan-ly-cong-nghiep", "--loai", "dai-hoi-chi-bo", "--ngay", "20/02/2020")
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("Nhiệm kỳ theo ngày 20/02/2020: 2020-2022 (lịch nhiệm kỳ trong registry.yml).\n")
    text = (root / "posts/2020/dai-hoi-chi-bo-phong-quan-ly-cong-nghiep.md").read_text(encoding="utf-8")
    assert "\nterm: 2020-2022\n" in text
    warned = run_bantin(root, "new", "--tieu-de", "Sơ kết", "--co-quan", "SCT", "--don-vi", "van-phong",
                        "--loai", "so ket", "--ngay", "10/07/2021", "--nhiem-ky", "2019-2024")
    assert warned.returncode == 0 and warned.stderr == (
        "CẢNH BÁO: nhiệm kỳ 2019-2024 không có trong lịch nhiệm kỳ của cấp 'Chi bộ' hoặc 'Đảng bộ' (Chi bộ: "
        "2015-2017, 2017-2020, 2020-2022, 2022-2025, 2025-2030; Đảng bộ: 2015-2020, 2020-2025, 2025-2030) "
        "→ kiểm tra lại --nhiem-ky và --ngay.\n")
