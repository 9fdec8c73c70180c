"""`bantin new`: every value held to the rule `bantin check` holds it to (tools/new_answers), the
questions at a terminal asked again until each answer is right (tools/new_interview), terms
proposed and addresses known from the posts already written (tools/known_posts), and the command
with options only, from a script (commands/new)."""

from __future__ import annotations

import datetime as dt
import json
import sys
import unicodedata
from pathlib import Path

import pytest

from bantin.model.dates import TZ
from bantin.model.posts import parse_post
from bantin.model.registry_file import load_registry
from bantin.model.terms import Term, proposed_terms
from bantin.tools.known_posts import KnownPosts, known_posts
from bantin.tools.new_answers import Problem, read_agency, read_date, read_terms, read_title, read_units
from bantin.tools.new_interview import interview
from factories import make_project
from sitebuild import REPO, on_a_terminal, run_bantin

NOW = dt.datetime(2024, 7, 10, 14, 0, tzinfo=TZ)


@pytest.fixture(scope="module")
def sample_registry():
    """The sample's registry: six agencies with units (the same unit keys in several), eight kinds."""
    registry, errors = load_registry(REPO / "registry.yml", REPO)
    assert errors == []
    return registry


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


class Typist:
    """A user at the prompts: types `answers` in order, then Ctrl-D (EOFError). Keeps every prompt
    and every line bantin said."""

    def __init__(self, *answers: str):
        self.answers = list(answers)
        self.prompts: list[str] = []
        self.said: list[str] = []

    def ask(self, prompt: str) -> str:
        self.prompts.append(prompt)
        if not self.answers:
            raise EOFError
        return self.answers.pop(0)

    def say(self, text: str) -> None:
        self.said.append(text)

    @property
    def refusals(self) -> list[str]:
        return [line for line in self.said if line.startswith("  Chưa được: ")]


NO_POSTS = KnownPosts()


def ask(registry, typist: Typist, *, given: dict | None = None, known: KnownPosts = NO_POSTS,
        taken=lambda title, moment: None):
    """The interview, proposing terms from `known` as the command does."""
    return interview(registry, given or {}, now=NOW, taken=taken, ask=typist.ask, say=typist.say,
                     propose=lambda moment, agency, units: proposed_terms(moment, agency.key, [u.key for u in units],
                                                                           known.terms))


def check_says(field: str, value: str, registry) -> tuple[str, str | None]:
    """(message, hint) `bantin check` gives for `field: value` in a post otherwise right."""
    fields = {"title": "Tin", "date": "2020-01-16", "agency": "so-cong-thuong", "kind": "dai-hoi-chi-bo", field: value}
    front = "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in fields.items())
    _, problems = parse_post(f"---\n{front}\n---\n\nNội dung.\n", "posts/a.md", registry, Path("."))
    [problem] = problems
    return problem.message, problem.hint


# -- one rule per value: the words of `bantin check` ------------------------------------------------------
@pytest.mark.parametrize("typed, moment", [
    ("16/01/2020", dt.datetime(2020, 1, 16)),
    ("16/1/2020 08:30", dt.datetime(2020, 1, 16, 8, 30)),
    ("6-7-2023 14h00", dt.datetime(2023, 7, 6, 14, 0)),
    ("06.07.2023", dt.datetime(2023, 7, 6)),
    ("2020-01-16", dt.datetime(2020, 1, 16)),
    ("2020-01-16 08:30", dt.datetime(2020, 1, 16, 8, 30)),
    ("2020-01-16T01:30Z", dt.datetime(2020, 1, 16, 8, 30)),
    (" ２０２０-01-16 ", dt.datetime(2020, 1, 16)),  # full-width digits from an input method
])
def test_a_date_is_read_in_every_form_front_matter_accepts(typed, moment):
    assert read_date(typed) == moment.replace(tzinfo=TZ)


@pytest.mark.parametrize("typed", ["32/01/2020", "29/02/2023", "16/13/2020", "hôm qua", "16/01/1800", "2020"])
def test_a_bad_date_is_refused_with_the_reason_check_gives(typed, registry):
    problem = read_date(typed)
    assert isinstance(problem, Problem) and problem.usage
    assert problem.message == check_says("date", typed, registry)[0]
    assert problem.hint == "viết ngày/tháng/năm, có thể thêm giờ: 16/01/2020 hoặc 16/01/2020 08:30"


@pytest.mark.parametrize("typed", ["2020", "2025-2020", "2010-2025", "20-25"])
def test_a_bad_term_is_refused_with_the_reason_check_gives(typed, registry):
    problem = read_terms(typed)
    assert isinstance(problem, Problem) and problem.message == check_says("term", typed, registry)[0]


@pytest.mark.parametrize("typed", ["Hội nghị " * 40, "Hội nghị\x1b[D"])
def test_a_title_the_build_refuses_is_refused_in_its_words(typed, registry):
    problem = read_title(typed)
    assert isinstance(problem, Problem)
    assert (problem.message, problem.hint) == check_says("title", typed, registry)


@pytest.mark.parametrize("typed", ["so-cong-thuong", "SCT", "Sở Công Thương", "so cong thuong", "Đảng bộ Sở Công Thương",
                                   nfd("Sở Công Thương"), "3"])
def test_an_agency_is_named_by_key_name_alias_or_number(typed, sample_registry):
    found = read_agency(typed, sample_registry, sample_registry.sorted_agencies())
    assert not isinstance(found, Problem) and found.key == "so-cong-thuong"


def test_an_unknown_agency_names_the_nearest_as_check_does(registry):
    problem = read_agency("so cong thuog", registry)
    assert isinstance(problem, Problem)
    assert (problem.message, problem.hint) == check_says("agency", "so cong thuog", registry)
    assert problem.default == "so-cong-thuong"
    assert read_agency("xyz", registry, registry.sorted_agencies()) == Problem(
        "cơ quan 'xyz' không có trong danh mục", "gõ số trong danh sách trên, hoặc mã, tên của cơ quan")
    assert read_agency("9", registry, registry.sorted_agencies()).message == "cơ quan '9' không có trong danh mục"


def test_units_are_those_of_the_agency(sample_registry):
    sct = sample_registry.agencies["so-cong-thuong"]
    assert [u.key for u in read_units("1, 2", sct, sample_registry, numbered=True)] == ["van-phong", "quan-ly-thuong-mai"]
    assert [u.key for u in read_units("5 1", sct, sample_registry, numbered=True)] == ["cong-doan", "van-phong"]
    assert [u.key for u in read_units(["TTKC", "Chi bộ Văn phòng, van-phong"], sct, sample_registry)] == [
        "khuyen-cong", "van-phong"]
    assert read_units("", sct, sample_registry) == ()
    assert read_units("1", sct, sample_registry) != read_units("1", sct, sample_registry, numbered=True)  # no menu


def test_a_unit_of_another_agency_is_refused_naming_its_agency(sample_registry):
    sct = sample_registry.agencies["so-cong-thuong"]
    problem = read_units("quan-ly-ngan-sach", sct, sample_registry)
    assert problem == Problem(
        "đơn vị 'quan-ly-ngan-sach' không thuộc 'Sở Công Thương'",
        "'quan-ly-ngan-sach' là đơn vị của Sở Tài chính; các đơn vị của Sở Công Thương: van-phong, quan-ly-thuong-mai, "
        "quan-ly-cong-nghiep, khuyen-cong, cong-doan")  # and no near namesake offered for Enter
    several = read_units("van phng, kiem-tra, 2", sct, sample_registry, numbered=True)
    assert several.message == ("đơn vị 'van phng' không thuộc 'Sở Công Thương'; "
                               "đơn vị 'kiem-tra' không thuộc 'Sở Công Thương'")
    assert several.hint.startswith("có phải ý bạn là 'van-phong' (Chi bộ Văn phòng)?; 'kiem-tra' là đơn vị của Cục Thuế")
    assert several.default == "van-phong, quan-ly-thuong-mai"  # Enter: the nearest name and the right ones


# -- the questions, asked again until right ---------------------------------------------------------------
def test_a_bad_date_is_asked_again_then_a_good_one_taken(registry):
    typist = Typist("Hội nghị sơ kết", "32/01/2020", "16/1/2020 8:30", "SCT", "", "", "2", "")
    answers = ask(registry, typist)
    assert answers.date == dt.datetime(2020, 1, 16, 8, 30, tzinfo=TZ)
    assert typist.refusals == [
        "  Chưa được: ngày '32/01/2020' không hợp lệ: ngày không có thật trên lịch → viết ngày/tháng/năm, có thể "
        "thêm giờ: 16/01/2020 hoặc 16/01/2020 08:30"]
    assert typist.prompts[1] == typist.prompts[2] == (
        "Ngày diễn ra sự kiện (ngày/tháng/năm, có thể thêm giờ, ví dụ 16/01/2020 08:30) [10/07/2024 14:00]: ")


def test_enter_at_the_date_takes_now(registry):
    answers = ask(registry, Typist("Hội nghị", "", "SCT", "", "", "2", ""))
    assert answers.date == NOW


def test_an_unknown_agency_is_asked_again_and_enter_takes_the_suggestion(registry):
    typist = Typist("Đại hội", "16/01/2020", "so cong thuog", "", "", "", "dai hoi chi bo", "")
    answers = ask(registry, typist)
    assert answers.agency.key == "so-cong-thuong" and answers.kind.key == "dai-hoi-chi-bo"
    assert typist.said[typist.said.index("  Chưa được: cơ quan 'so cong thuog' không có trong danh mục → có phải ý bạn "
                                         "là 'so-cong-thuong' (Sở Công Thương)?") + 1] == (
        "  Nhấn Enter để dùng 'so-cong-thuong', hoặc gõ lại.")
    assert "Cơ quan (số, mã hoặc tên) [so-cong-thuong]: " in typist.prompts


def test_a_suggestion_can_be_turned_down(registry):
    typist = Typist("Đại hội", "16/01/2020", "so cong thuog", "dan van", "", "dai-hoi-chi-bo", "")
    assert ask(registry, typist).agency.key == "dan-van"
    typist = Typist("Đại hội", "16/01/2020", "doan thanh nien khoi x", "4", "", "", "dai-hoi-chi-bo", "")
    assert ask(registry, typist).agency.key == "so-cong-thuong"  # a number, not the suggestion
    assert "Cơ quan (số, mã hoặc tên) [doan-thanh-nien]: " in typist.prompts


def test_menus_number_agencies_units_and_kinds(registry):
    typist = Typist("Đại hội", "16/01/2020", "4", "1", "", "1", "")
    answers = ask(registry, typist)
    assert (answers.agency.key, [u.key for u in answers.units], answers.kind.key) == (
        "so-cong-thuong", ["van-phong"], "dai-hoi-chi-bo")
    assert typist.said[1:6] == ["Cơ quan:", "  1. Dân vận (dan-van)", "  2. Đảng bộ Khối (dang-bo-khoi)",
                                "  3. Đoàn Thanh niên (doan-thanh-nien)", "  4. Sở Công Thương (so-cong-thuong)"]
    assert "  2. Chi bộ Phòng Quản lý Thương mại (quan-ly-thuong-mai)" in typist.said
    assert "  2. Hội nghị sơ kết (hoi-nghi-so-ket)" in typist.said


def test_a_unit_of_another_agency_is_asked_again(sample_registry):
    typist = Typist("Đại hội", "16/01/2020", "SCT", "quan-ly-ngan-sach", "1, 2", "", "2", "")
    answers = ask(sample_registry, typist)
    assert [u.key for u in answers.units] == ["van-phong", "quan-ly-thuong-mai"]
    assert typist.refusals == ["  Chưa được: đơn vị 'quan-ly-ngan-sach' không thuộc 'Sở Công Thương' → "
                               "'quan-ly-ngan-sach' là đơn vị của Sở Tài chính; các đơn vị của Sở Công Thương: "
                               "van-phong, quan-ly-thuong-mai, quan-ly-cong-nghiep, khuyen-cong, cong-doan"]
    # Nothing offered for Enter (Sở Tài chính's unit has no namesake to guess at): the same question again.
    assert typist.prompts.count("Đơn vị (số, mã hoặc tên): ") == 2
    typist = Typist("Đại hội", "16/01/2020", "SCT", "quan-ly-ngan-sach, 3", "", "", "2", "")
    assert [u.key for u in ask(sample_registry, typist).units] == ["quan-ly-cong-nghiep"]  # Enter: the right one
    assert "Đơn vị (số, mã hoặc tên) [quan-ly-cong-nghiep]: " in typist.prompts


def test_an_agency_without_units_is_not_asked_for_units(registry):
    typist = Typist("Đại hội", "16/01/2020", "dan-van", "", "1", "")
    assert ask(registry, typist).units == ()
    assert not any(p.startswith("Đơn vị") for p in typist.prompts)


@pytest.fixture(scope="module")
def sample_known(sample_registry) -> KnownPosts:
    return known_posts(REPO, "posts", sample_registry)


@pytest.mark.parametrize("agency, units, date, proposal", [
    ("so-cong-thuong", "van-phong", "16/03/2021", "2020-2022"),  # the branch's term, not the agency's
    ("so-cong-thuong", "", "10/05/2024", "2020-2025"),
    ("so-tai-chinh", "quan-ly-ngan-sach", "01/06/2023", "2022-2025"),
    ("cuc-thue", "", "20/02/2022", "2020-2025"),
])
def test_a_term_is_proposed_from_the_date_and_taken_with_enter(sample_registry, sample_known, agency, units, date,
                                                             proposal):
    typist = Typist("Hội nghị", date, agency, *([units] if sample_registry.agencies[agency].units else []), "", "4", "")
    answers = ask(sample_registry, typist, known=sample_known)
    assert [str(t) for t in answers.terms] == [proposal]
    assert f"Nhiệm kỳ (dạng YYYY-YYYY; gõ - để bỏ trống) [{proposal}]: " in typist.prompts


def test_in_a_congress_year_both_terms_are_listed_and_a_number_picks_one(sample_registry, sample_known):
    typist = Typist("Hội nghị", "10/06/2025", "SCT", "", "2", "4", "")  # a 2023 post names 2020-2025 and 2025-2030
    assert ask(sample_registry, typist, known=sample_known).terms == (Term(2020, 2025),)
    heading = typist.said.index("Các nhiệm kỳ chứa ngày 10/06/2025 trong các bài đã có:")
    assert typist.said[heading + 1:heading + 4] == ["  1. 2025-2030", "  2. 2020-2025", "Loại tin:"]
    assert "Nhiệm kỳ (dạng YYYY-YYYY; gõ - để bỏ trống) [2025-2030]: " in typist.prompts


def test_a_proposed_term_can_be_left_out_or_replaced(sample_registry, sample_known):
    typist = Typist("Hội nghị", "16/03/2021", "SCT", "van-phong", "-", "4", "")
    assert ask(sample_registry, typist, known=sample_known).terms == ()
    typist = Typist("Hội nghị", "16/03/2021", "SCT", "van-phong", "2020 – 2025, 2020-2022", "4", "")
    assert ask(sample_registry, typist, known=sample_known).terms == (Term(2020, 2022), Term(2020, 2025))


def test_with_no_post_to_learn_from_any_term_or_none(sample_registry, sample_known):
    typist = Typist("Hội nghị", "16/03/2021", "SCT", "khuyen-cong", "", "4", "")  # no post of that branch
    assert ask(sample_registry, typist, known=sample_known).terms == ()
    assert "Nhiệm kỳ (dạng YYYY-YYYY, không bắt buộc): " in typist.prompts
    typist = Typist("Hội nghị", "16/03/2021", "SCT", "khuyen-cong", "nhiệm kỳ 2020-2025", "4", "")
    assert ask(sample_registry, typist, known=sample_known).terms == (Term(2020, 2025),)


def test_a_term_not_containing_the_date_is_kept_only_when_confirmed(registry):
    typist = Typist("Hội nghị", "16/01/2020", "dan-van", "2010-2015", "", "2015-2020", "1", "")
    assert ask(registry, typist).terms == (Term(2015, 2020),)  # Enter at the question: no
    assert "  Lưu ý: nhiệm kỳ 2010-2015 không chứa ngày 16/01/2020 của bài." in typist.said
    assert "Vẫn dùng nhiệm kỳ này? (c/k) [k]: " in typist.prompts
    typist = Typist("Hội nghị", "16/01/2020", "dan-van", "2010-2015, 2025-2030", "có", "1", "")
    assert ask(registry, typist).terms == (Term(2010, 2015), Term(2025, 2030))
    assert "  Lưu ý: không nhiệm kỳ nào trong 2010-2015, 2025-2030 chứa ngày 16/01/2020 của bài." in typist.said
    typist = Typist("Hội nghị", "16/01/2020", "dan-van", "2010-2015", "hmm", "k", "2020-2025", "1", "")
    assert ask(registry, typist).terms == (Term(2020, 2025),)
    assert "  Gõ c (có) hoặc k (không)." in typist.said


def test_a_post_naming_the_term_it_prepares_beside_its_own_needs_no_confirmation(registry):
    typist = Typist("Hội nghị", "16/01/2024", "dan-van", "2020-2025, 2025-2030", "1", "")
    assert ask(registry, typist).terms == (Term(2020, 2025), Term(2025, 2030))
    assert not any("Lưu ý" in line for line in typist.said)


def test_an_existing_file_or_address_asks_for_another_title(registry):
    taken = {"Đại hội": Problem("đã có bài 'posts/2020/dai-hoi.md' — không ghi đè", "đổi tiêu đề, hoặc mở và sửa bài đã có"),
             "Đại hội 2": Problem("bài viết trùng địa chỉ /tin/2020/01/dai-hoi-2/ với bài 'posts/cu.md'", "đổi tiêu đề")}
    typist = Typist("Đại hội", "16/01/2020", "Đại hội 2", "Đại hội lần thứ ba", "dan-van", "", "1", "")
    answers = ask(registry, typist, taken=lambda title, moment: taken.get(title))
    assert answers.title == "Đại hội lần thứ ba"
    assert typist.refusals == [
        "  Chưa được: đã có bài 'posts/2020/dai-hoi.md' — không ghi đè → đổi tiêu đề, hoặc mở và sửa bài đã có",
        "  Chưa được: bài viết trùng địa chỉ /tin/2020/01/dai-hoi-2/ với bài 'posts/cu.md' → đổi tiêu đề"]
    assert typist.prompts[:4] == ["Tiêu đề bài viết: ", typist.prompts[1], "Tiêu đề bài viết: ", "Tiêu đề bài viết: "]


def test_nfd_answers_are_kept_nfc(registry):
    typist = Typist(nfd("  Đại hội Chi bộ Văn phòng  "), "16/01/2020", nfd("Sở Công Thương"),
                    nfd("Chi bộ Văn phòng"), "", nfd("Đại hội Chi bộ"), nfd("Trần Thu Hà"))
    answers = ask(registry, typist)
    assert answers.title == "Đại hội Chi bộ Văn phòng" and unicodedata.is_normalized("NFC", answers.title)
    assert answers.author == "Trần Thu Hà" and unicodedata.is_normalized("NFC", answers.author)
    assert (answers.agency.key, [u.key for u in answers.units], answers.kind.key) == (
        "so-cong-thuong", ["van-phong"], "dai-hoi-chi-bo")


def test_unreadable_or_control_characters_are_asked_again(registry):
    typist = Typist("Hội ngh\ufffd", "Hội nghị\x1b[D", "Hội nghị", "16/01/2020", "dan-van", "", "1", "")
    assert ask(registry, typist).title == "Hội nghị"
    assert typist.refusals == [
        "  Chưa được: có ký tự không đọc được (cửa sổ lệnh không dùng bảng mã UTF-8) → gõ lại; trên Windows chạy "
        "'chcp 65001' trước khi chạy bantin.",
        "  Chưa được: 'title' có ký tự điều khiển không in được (mã 0x1b) → gõ lại dòng này, hoặc dán dưới dạng "
        "văn bản thuần"]


def test_options_given_are_not_asked_unless_refused(registry):
    given = {"title": "Hội nghị", "date": "16/01/2020", "agency": "so cong thuog", "units": None, "terms": ["2020-2025"],
             "kind": "hoi-nghi-so-ket", "author": "Hà"}
    typist = Typist("", "")  # Enter for the suggested agency; units: none
    answers = ask(registry, typist, given=given)
    assert (answers.title, answers.agency.key, answers.terms, answers.kind.key, answers.author) == (
        "Hội nghị", "so-cong-thuong", (Term(2020, 2025),), "hoi-nghi-so-ket", "Hà")
    assert typist.prompts == ["Cơ quan (số, mã hoặc tên) [so-cong-thuong]: ", "Đơn vị (số, mã hoặc tên): "]
    assert typist.said[0].startswith("Tạo bài viết mới.")  # before the first refusal
    everything = dict(given, agency="SCT", units=["van-phong"])
    typist = Typist()
    assert ask(registry, typist, given=everything).units[0].key == "van-phong"
    assert typist.prompts == typist.said == []  # nothing to ask: nothing said


@pytest.mark.parametrize("answered", range(7))
def test_ctrl_d_midway_stops_the_interview(registry, answered):
    answers = ["Hội nghị", "16/01/2020", "SCT", "1", "2020-2025", "1", "Hà"]
    assert ask(registry, Typist(*answers)).author == "Hà"  # all seven: done
    typist = Typist(*answers[:answered])
    with pytest.raises(EOFError):
        ask(registry, typist)
    assert len(typist.prompts) == answered + 1


# -- known posts: what a new post must agree with ---------------------------------------------------------
def test_known_posts_give_terms_and_addresses_even_of_posts_with_errors(tmp_path, sample_registry):
    root = make_project(tmp_path, registry=REPO / "registry.yml", posts={
        "posts/2020/a.md": "---\ntitle: Đại hội Chi bộ\ndate: 16/01/2020\nagency: SCT\nunits: Chi bộ Văn phòng, TTKC\n"
                           "term: [2020-2022, 2020 – 2025, 12]\nkind: lạ\naliases: [tin-cu/dai-hoi]\n---\n",
        "posts/b.md": "---\ntitle: X\ndate: 2021-02-03 08:00\nslug: ten-rieng\nagency: khong-co\nterm: 2020-2025\n---\n",
        "posts/hong.md": "---\ntitle: [\n---\n",
        "posts/khong-ngay.md": "---\ntitle: Y\nagency: SCT\nterm: 2020-2025\n---\n",
        "posts/utf16.md": "---\ntitle: Z\n---\n".encode("utf-16"),
    })
    known = known_posts(root, "posts", sample_registry)
    moment = dt.datetime(2020, 1, 16, tzinfo=TZ)
    assert [(str(u.term), u.agency, u.units, u.date) for u in known.terms] == [
        ("2020-2022", "so-cong-thuong", ("van-phong", "khuyen-cong"), moment),
        ("2020-2025", "so-cong-thuong", ("van-phong", "khuyen-cong"), moment)]
    assert known.urls == {"tin/2020/01/dai-hoi-chi-bo/": ("posts/2020/a.md", False),
                          "tin-cu/dai-hoi/": ("posts/2020/a.md", True),
                          "tin/2021/02/ten-rieng/": ("posts/b.md", False)}
    assert known_posts(tmp_path / "khong-co", "posts", sample_registry) == KnownPosts()


# -- the command, from a script: options only, all checked before anything is written --------------------
@pytest.fixture
def project(tmp_path) -> Path:
    """The sample site without its posts but one: every warning check gives comes from a new post."""
    return make_project(tmp_path / "p", sample=True, posts={"posts/2020/cu.md": (
        "---\ntitle: Đại hội Chi bộ Văn phòng\ndate: 2020-01-16 08:30\nagency: SCT\nunits: [van-phong]\n"
        "term: 2020-2022\nkind: dai-hoi-chi-bo\naliases: [tin/2024/08/le-ky-niem]\n---\n\nNội dung.\n")})


def check_json(root: Path) -> dict:
    result = run_bantin(root, "check", "--format", "json")
    return json.loads(result.stdout)


def test_a_back_dated_event_is_filed_under_its_year_and_passes_check(project):
    made = run_bantin(project, "new", "--tieu-de", "Hội nghị sơ kết 6 tháng đầu năm 2019", "--co-quan", "Sở Công Thương",
                      "--don-vi", "Chi bộ Văn phòng", "quan-ly-thuong-mai", "--nhiem-ky", "2017-2020", "--loai", "sơ kết",
                      "--ngay", "10/07/2019", "--tac-gia", "Trần Thu Hà")
    assert (made.returncode, made.stderr) == (0, "")
    assert made.stdout.splitlines()[0] == ("Đã tạo bài 'posts/2019/hoi-nghi-so-ket-6-thang-dau-nam-2019.md' và thư mục "
                                           "ảnh 'images/2019/hoi-nghi-so-ket-6-thang-dau-nam-2019/'.")
    assert (project / "images/2019/hoi-nghi-so-ket-6-thang-dau-nam-2019").is_dir()
    assert sorted(p.name for p in (project / "posts").iterdir()) == ["2019", "2020"]
    assert check_json(project) == {"ok": True, "errors": 0, "warnings": 0, "problems": []}


def test_every_problem_of_the_options_is_said_at_once_and_nothing_written(project):
    before = sorted(project.rglob("*"))
    made = run_bantin(project, "new", "--tieu-de", "Hội nghị", "--co-quan", "so cong thuog", "--loai", "xx",
                      "--ngay", "32/01/2020", "--nhiem-ky", "2020", "--tac-gia", "Hà\x07")
    assert made.returncode == 2 and made.stdout == ""
    assert made.stderr.splitlines() == [
        "LỖI: ngày '32/01/2020' không hợp lệ: ngày không có thật trên lịch",
        "    → ví dụ: --ngay 2024-02-28 08:30 hoặc --ngay 28/02/2024",
        "LỖI: cơ quan 'so cong thuog' không có trong danh mục",
        "    → có phải ý bạn là 'so-cong-thuong' (Sở Công Thương)?",
        "LỖI: nhiệm kỳ '2020' không hợp lệ: không đọc được nhiệm kỳ; hãy viết dạng YYYY-YYYY, ví dụ 2020-2025",
        "    → ví dụ: --nhiem-ky 2020-2025",
        "LỖI: loại tin 'xx' không có trong danh mục",
        "    → các loại tin: dai-hoi-dang-bo, dai-hoi-chi-bo, dai-hoi-cong-doan, hoi-nghi-so-ket, hoi-nghi-tong-ket, "
        "hoc-tap-nghi-quyet, ket-nap-dang-vien, hoat-dong-doan-the",
        "LỖI: 'author' có ký tự điều khiển không in được (mã 0x07)",
        "    → gõ lại dòng này, hoặc dán dưới dạng văn bản thuần"]
    assert sorted(project.rglob("*")) == before


def test_values_the_registry_refuses_exit_1_and_missing_options_2(project):
    refused = run_bantin(project, "new", "--tieu-de", "Tin", "--co-quan", "SCT", "--don-vi", "kiem-tra", "--loai", "1")
    assert refused.returncode == 1 and refused.stderr.splitlines() == [
        "LỖI: đơn vị 'kiem-tra' không thuộc 'Sở Công Thương'",
        "    → 'kiem-tra' là đơn vị của Cục Thuế; các đơn vị của Sở Công Thương: van-phong, quan-ly-thuong-mai, "
        "quan-ly-cong-nghiep, khuyen-cong, cong-doan",
        "LỖI: loại tin '1' không có trong danh mục",  # numbers are for the menus at a terminal
        "    → các loại tin: dai-hoi-dang-bo, dai-hoi-chi-bo, dai-hoi-cong-doan, hoi-nghi-so-ket, hoi-nghi-tong-ket, "
        "hoc-tap-nghi-quyet, ket-nap-dang-vien, hoat-dong-doan-the"]
    missing = run_bantin(project, "new", "--loai", "so ket", "--ngay", "hôm nay")
    assert missing.returncode == 2 and missing.stderr.splitlines() == [
        "LỖI: thiếu --tieu-de, --co-quan. Ví dụ: bantin new --tieu-de \"Đại hội Chi bộ Văn phòng\" --co-quan "
        "so-cong-thuong --loai dai-hoi-chi-bo (hoặc chạy 'bantin new' trong cửa sổ lệnh để được hỏi từng mục)",
        "LỖI: ngày 'hôm nay' không hợp lệ: không đọc được ngày; hãy viết dạng YYYY-MM-DD hoặc YYYY-MM-DD HH:MM",
        "    → ví dụ: --ngay 2024-02-28 08:30 hoặc --ngay 28/02/2024"]
    assert not (project / "posts/2024").exists()


def test_an_existing_file_or_address_is_never_overwritten(project):
    mine = project / "posts/2024/hoi-nghi-so-ket.md"
    mine.parent.mkdir()
    mine.write_text("bài của biên tập viên", encoding="utf-8")
    made = run_bantin(project, "new", "--tieu-de", "Hội nghị sơ kết", "--co-quan", "SCT", "--loai", "so ket",
                      "--ngay", "01/07/2024")
    assert (made.returncode, made.stderr) == (1, "LỖI: đã có bài 'posts/2024/hoi-nghi-so-ket.md' — không ghi đè\n"
                                                 "    → đổi tiêu đề, hoặc mở và sửa bài đã có\n")
    assert mine.read_text(encoding="utf-8") == "bài của biên tập viên" and not (project / "images/2024").exists()
    other = run_bantin(project, "new", "--tieu-de", "Đại hội Chi bộ Văn phòng", "--co-quan", "SCT",
                       "--loai", "dai-hoi-chi-bo", "--ngay", "30/01/2020")  # another post's address, another file
    assert (other.returncode, other.stderr) == (1, "LỖI: bài viết trùng địa chỉ /tin/2020/01/dai-hoi-chi-bo-van-phong/ "
                                                   "với bài 'posts/2020/cu.md'\n    → đổi tiêu đề\n")
    alias = run_bantin(project, "new", "--tieu-de", "Lễ kỷ niệm", "--co-quan", "SCT", "--loai", "so ket",
                       "--ngay", "15/08/2024")
    assert (alias.returncode, alias.stderr) == (1, "LỖI: địa chỉ /tin/2024/08/le-ky-niem/ là đường dẫn cũ (aliases) "
                                                   "của bài 'posts/2020/cu.md'\n    → đổi tiêu đề\n")
    assert sorted(p.relative_to(project).as_posix() for p in (project / "posts").rglob("*.md")) == [
        "posts/2020/cu.md", "posts/2024/hoi-nghi-so-ket.md"]
    assert not (project / "images/2024").exists()
    moved = run_bantin(project, "new", "--tieu-de", "Đại hội Chi bộ Văn phòng", "--co-quan", "SCT",
                       "--loai", "dai-hoi-chi-bo", "--ngay", "30/02/2020")  # the address has to wait for a good date
    assert moved.returncode == 2 and "bài viết trùng địa chỉ" not in moved.stderr


def test_a_term_not_containing_the_date_is_a_warning_from_a_script(project):
    made = run_bantin(project, "new", "--tieu-de", "Hội nghị", "--co-quan", "SCT", "--loai", "so ket",
                      "--ngay", "16/01/2020", "--nhiem-ky", "2010-2015")
    assert made.returncode == 0 and made.stderr == (
        "CẢNH BÁO: nhiệm kỳ 2010-2015 không chứa ngày 16/01/2020 của bài → kiểm tra lại --nhiem-ky và --ngay.\n")
    assert "term: 2010-2015\n" in (project / "posts/2020/hoi-nghi.md").read_text(encoding="utf-8")


def test_a_future_event_is_made_and_said_to_show_from_its_date(project):
    made = run_bantin(project, "new", "--tieu-de", "Đại hội", "--co-quan", "SCT", "--loai", "dai hoi chi bo",
                      "--ngay", "16/01/2099 08:00")
    assert made.returncode == 0 and made.stdout.splitlines()[1] == (
        "Lưu ý: bài có ngày 16/01/2099 08:00 trong tương lai, nên chỉ hiện trên trang từ ngày đó (xem trước ngay: "
        "bantin serve --drafts).")
    assert (project / "posts/2099/dai-hoi.md").is_file()


# -- the command at a terminal ---------------------------------------------------------------------------
class FakeTerminal:
    """stdin as a terminal for `main()` run in the test's process (input() is patched)."""

    buffer = None

    def isatty(self) -> bool:
        return True

    def reconfigure(self, **kwargs) -> None:
        pass


def at_a_terminal(monkeypatch, *answers: str) -> Typist:
    typist = Typist(*answers)
    monkeypatch.setattr(sys, "stdin", FakeTerminal())
    monkeypatch.setattr("builtins.input", typist.ask)
    return typist


@pytest.mark.parametrize("stop", [EOFError, KeyboardInterrupt])
@pytest.mark.parametrize("answered", [0, 2, 4, 6])
def test_ctrl_d_or_ctrl_c_midway_writes_nothing(project, monkeypatch, capsys, stop, answered):
    from bantin.cli import main

    before = sorted(project.rglob("*"))
    typist = at_a_terminal(monkeypatch, *["Hội nghị", "16/01/2019", "SCT", "1", "", "1", "Hà"][:answered])

    def ask(prompt):
        if not typist.answers:
            raise stop
        return Typist.ask(typist, prompt)
    monkeypatch.setattr("builtins.input", ask)
    assert main(["new", "--root", str(project)]) == 130
    assert capsys.readouterr().err == "Đã huỷ: chưa tạo bài nào.\n"
    assert sorted(project.rglob("*")) == before


def test_at_a_terminal_a_back_dated_post_with_nfd_answers_is_written_nfc_and_passes_check(project, monkeypatch,
                                                                                          capsys):
    from bantin.cli import main

    at_a_terminal(monkeypatch, nfd("Hội nghị sơ kết quý I"), "20/03/2021 14:00", nfd("sở công thương"), "1", "",
                  nfd("sơ kết"), nfd("Nguyễn Văn Ân"))
    assert main(["new", "--root", str(project)]) == 0
    post = project / "posts/2021/hoi-nghi-so-ket-quy-i.md"
    text = post.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    assert text.startswith("---\ntitle: Hội nghị sơ kết quý I\ndate: 2021-03-20 14:00\nagency: so-cong-thuong\n"
                           "units: [van-phong]\nterm: 2020-2022\nkind: hoi-nghi-so-ket\ntags: []\n"
                           "author: Nguyễn Văn Ân\nsummary:\n---\n\nChiều ngày 20/03/2021, Đảng bộ Sở Công Thương")
    assert (project / "images/2021/hoi-nghi-so-ket-quy-i").is_dir()
    assert "Đã tạo bài 'posts/2021/hoi-nghi-so-ket-quy-i.md'" in capsys.readouterr().out
    assert check_json(project)["problems"] == []


def test_a_whole_session_through_a_pseudo_terminal(project):
    """As a user types at a shell: line editing on, keys echoed, NFD from the keyboard."""
    keys = [("Tiêu đề bài viết: ", nfd("Đại hội Chi bộ Phòng Quản lý Thương mại\r").encode()),
            ("]: ", b"30/02/2022\r"), ("]: ", b"15/03/2022 08:00\r"),
            ("Cơ quan (số, mã hoặc tên): ", b"so cong thuog\r"), ("[so-cong-thuong]: ", b"\r"),
            ("Đơn vị (số, mã hoặc tên): ", b"ban-tuyen-giao\r"), ("Đơn vị (số, mã hoặc tên): ", b"2\r"),
            ("Nhiệm kỳ", b"2015-2020\r"), ("(c/k) [k]: ", b"\r"), ("Nhiệm kỳ", b"2022-2025\r"),
            ("Loại tin (số, mã hoặc tên): ", b"2\r"), ("Tác giả (không bắt buộc): ", nfd("Lê Thị Hoà\r").encode())]
    code, text = on_a_terminal(project, ["new"], keys)
    assert code == 0, text
    assert "Chưa được: ngày '30/02/2022' không hợp lệ: ngày không có thật trên lịch" in text
    assert "Chưa được: đơn vị 'ban-tuyen-giao' không thuộc 'Sở Công Thương' → 'ban-tuyen-giao' là đơn vị của Đảng bộ Khối" in text
    assert "Lưu ý: nhiệm kỳ 2015-2020 không chứa ngày 15/03/2022 của bài." in text
    assert "Traceback" not in text
    post = project / "posts/2022/dai-hoi-chi-bo-phong-quan-ly-thuong-mai.md"
    assert post.read_text(encoding="utf-8").startswith(
        "---\ntitle: Đại hội Chi bộ Phòng Quản lý Thương mại\ndate: 2022-03-15 08:00\nagency: so-cong-thuong\n"
        "units: [quan-ly-thuong-mai]\nterm: 2022-2025\nkind: dai-hoi-chi-bo\ntags: []\nauthor: Lê Thị Hoà\n")
    assert check_json(project)["problems"] == []


def test_a_fault_reading_the_posts_while_the_user_types_is_one_line_and_nothing_written(project, monkeypatch,
                                                                                         capsys):
    """The posts already written are read in a thread while the questions are asked: what goes
    wrong there is said where their terms are needed, as any fault is."""
    import errno

    from bantin.cli import main
    from bantin.tools import known_posts as module

    def unreadable(root, posts_dir, registry):
        raise PermissionError(errno.EACCES, "Permission denied", str(root / posts_dir / "2020"))
    monkeypatch.setattr(module, "known_posts", unreadable)
    before = sorted(project.rglob("*"))
    at_a_terminal(monkeypatch, "Hội nghị", "16/01/2020", "SCT", "", "", "1", "")
    assert main(["new", "--root", str(project)]) == 3
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("LỖI: không có quyền ghi '") and "chưa tạo bài nào" in err[0]
    assert sorted(project.rglob("*")) == before
