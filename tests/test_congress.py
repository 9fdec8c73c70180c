"""The congress tracker (site/congress.py) and the terms by level, in a site built in a temp dir
from a small registry where some units have held their congress and some have not: a unit with
two congress posts, a post naming two units, a pilot congress; read back as HTML and CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from bantin.model.registry_file import parse_registry
from bantin.model.terms import Term
from bantin.site.congress import congresses, csv_text, progress, trackers
from factories import make_post, make_project
from sitebuild import page, run_bantin

REGISTRY = """\
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
      phap-che: Chi bộ Pháp chế
      cong-doan: {name: Công đoàn cơ sở Sở A, level: cong-doan}
  so-b:
    name: Đảng bộ Sở B <Thử>
    short: Sở B <Thử>
    parent: khoi
    unit_level: chi-bo
    units:
      x: Chi bộ X
      y: Chi bộ Y
      z: Chi bộ Z
kinds:
  dai-hoi-dang-bo: {name: Đại hội Đảng bộ, congress: dang-bo}
  dai-hoi-chi-bo: {name: Đại hội Chi bộ, congress: chi-bo}
  so-ket: Hội nghị sơ kết
levels:
  dang-bo:
    name: Đảng bộ
    terms:
      2015-2020: {from: 01/05/2015, to: 31/08/2020}
      2020-2025: {from: 01/05/2020, to: 31/10/2025}
  chi-bo:
    name: Chi bộ
    terms:
      2017-2020: {from: 01/01/2017, to: 31/03/2020}
      2020-2022: {from: 01/10/2019, to: 31/03/2022}
      2022-2025: {from: 01/01/2022, to: 30/06/2025}
  cong-doan:
    name: Công đoàn cơ sở
    terms:
      2017-2022:
"""

POSTS = {
    # Chi bộ Văn phòng: a pilot congress, with two posts (the congress, then the lessons drawn).
    "posts/2020/dai-hoi-van-phong.md": "title: Đại hội Chi bộ Văn phòng\ndate: 2020-01-10 08:00\nagency: so-a\n"
                                       "units: [van-phong]\nkind: dai-hoi-chi-bo\npilot: true\n",
    "posts/2020/rut-kinh-nghiem.md": "title: Rút kinh nghiệm Đại hội điểm\ndate: 2020-01-13 08:00\nagency: so-a\n"
                                     "units: [van-phong]\nterm: 2020-2022\nkind: dai-hoi-chi-bo\n",
    # One post for two units' congresses; Chi bộ Z has not held its own.
    "posts/2020/dai-hoi-x-y.md": "title: Các chi bộ X và Y tổ chức đại hội\ndate: 2020-03-02 08:00\nagency: so-b\n"
                                 "units: [x, y]\nkind: dai-hoi-chi-bo\n",
    # The Sở A đảng bộ's own congress, its term from the calendar.
    "posts/2020/dai-hoi-dang-bo-so-a.md": "title: Đại hội Đảng bộ Sở A\ndate: 2020-06-18 08:00\nagency: so-a\n"
                                          "kind: dai-hoi-dang-bo\n",
    # Not a congress: counts for nothing.
    "posts/2021/so-ket.md": "title: Sơ kết\ndate: 2021-07-10 08:00\nagency: so-a\nunits: [ke-toan]\nkind: so-ket\n",
}


def _post(front: str) -> str:
    return f"---\n{front}---\n\nNội dung của bài.\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("congress"), sample=True, registry=REGISTRY,
                        posts={path: _post(front) for path, front in POSTS.items()})
    built = run_bantin(root, "build", "--strict")
    assert built.returncode == 0, built.stderr
    return root / "site"


def text(tag) -> str:
    return tag.get_text(" ", strip=True)


# -- the model, without a build ------------------------------------------------------------------


@pytest.fixture(scope="module")
def registry():
    found, errors = parse_registry(REGISTRY, "registry.yml")
    assert errors == []
    return found


def test_each_congress_is_counted_once_for_each_unit_it_names(registry):
    posts = [make_post(f"posts/{i}.md", agency="so-b", units=("x", "y"), kind="dai-hoi-chi-bo",
                       terms=(Term(2020, 2022),)) for i in range(1)]
    posts.append(make_post("posts/b.md", agency="so-a", units=("van-phong", "ke-toan"), kind="so-ket",
                           terms=(Term(2020, 2022),)))
    held = congresses(registry, posts)
    assert sorted((k[2], k[3], str(k[1])) for k in held) == [("so-b", "x", "2020-2022"), ("so-b", "y", "2020-2022")]
    [tracker] = trackers(registry, posts)
    assert (tracker.level.key, tracker.term, tracker.held, tracker.total) == ("chi-bo", Term(2020, 2022), 2, 6)
    assert progress(tracker.held, tracker.total, tracker.level) == "2/6 chi bộ đã tổ chức đại hội"
    assert [(g.agency, g.held, g.total) for g in tracker.groups] == [("so-a", 0, 3), ("so-b", 2, 3)]


def test_a_congress_without_a_term_is_placed_by_the_calendar(registry):
    import datetime as dt

    from bantin.model.dates import TZ

    # Its branches named as taking part: still the đảng bộ's own congress, not theirs.
    post = make_post("posts/a.md", agency="so-a", units=("van-phong",), kind="dai-hoi-dang-bo", terms=(),
                     date=dt.datetime(2020, 6, 18, 8, tzinfo=TZ))
    [tracker] = trackers(registry, [post])
    assert (tracker.level.key, str(tracker.term)) == ("dang-bo", "2020-2025")
    # Agencies of the level are counted under their parent; the parent, without one, under itself.
    assert [(g.agency, [(s.agency, s.held) for s in g.subjects]) for g in tracker.groups] == [
        ("khoi", [("khoi", False), ("so-a", True), ("so-b", False)])]


def test_the_csv_has_a_row_per_agency_and_a_total(registry):
    posts = [make_post("posts/a.md", agency="so-b", units=("x", "y"), kind="dai-hoi-chi-bo", terms=(Term(2020, 2022),))]
    [tracker] = trackers(registry, posts)
    data = csv_text(registry, tracker)
    assert data.startswith("\ufeff") and "\r\n" in data
    assert list(csv.reader(io.StringIO(data.removeprefix("\ufeff")))) == [
        ["Cơ quan", "Mã cơ quan", "Đã tổ chức đại hội", "Tổng số", "Tỷ lệ (%)", "Đại hội điểm", "Chưa tổ chức"],
        ["Đảng bộ Sở A", "so-a", "0", "3", "0", "", "Chi bộ Kế toán; Chi bộ Pháp chế; Chi bộ Văn phòng"],
        ["Đảng bộ Sở B <Thử>", "so-b", "2", "3", "67", "", "Chi bộ Z"],
        ["Tổng cộng", "", "2", "6", "33", "", ""]]


@pytest.mark.parametrize("name", ["=HYPERLINK(\"http://x.example\",\"Bấm\")", "+1+2", "-3+4", "@SUM(A1)",
                                  "=1+1"])
def test_a_name_that_reads_as_a_formula_is_text_in_the_csv(name):
    """CSV injection: a registry name a spreadsheet would run as a formula is kept as text."""
    text = REGISTRY.replace("      z: Chi bộ Z\n", f"      z: {json.dumps(name)}\n").replace(
        "    name: Đảng bộ Sở B <Thử>\n", f"    name: {json.dumps(name + ' B')}\n")
    registry, errors = parse_registry(text, "registry.yml")
    assert errors == [] and registry is not None, errors
    posts = [make_post("posts/a.md", agency="so-b", units=("x",), kind="dai-hoi-chi-bo", terms=(Term(2020, 2022),))]
    [tracker] = trackers(registry, posts)
    rows = list(csv.reader(io.StringIO(csv_text(registry, tracker).removeprefix("\ufeff"))))
    row = next(r for r in rows if r[1] == "so-b")
    assert row[0] == "'" + name + " B"
    assert row[6].startswith("'") or not row[6].startswith(("=", "+", "-", "@", "\t"))
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for cell in r), rows


# -- the built site ---------------------------------------------------------------------------------


def test_the_overview_has_a_named_chart_and_the_same_figures_in_a_table(site):
    doc = page(site, "dai-hoi/chi-bo/2020-2022")
    assert text(doc.h1) == "Đại hội chi bộ nhiệm kỳ 2020-2022"
    assert text(doc.select_one(".bt-progress strong")) == "3/6 chi bộ đã tổ chức đại hội"
    svg = doc.select_one("figure.bt-chart svg")
    assert svg["role"] == "img"
    named = [doc.find(id=i) for i in svg["aria-labelledby"].split()]
    assert [t.name for t in named] == ["title", "desc"] and all(t.parent is svg for t in named)
    assert text(named[0]) == "Biểu đồ: Đại hội chi bộ nhiệm kỳ 2020-2022, 3/6 chi bộ đã tổ chức đại hội"
    assert text(named[1]) == "Sở A: 1/3; Sở B <Thử>: 2/3. Bảng bên dưới có cùng số liệu."  # text, never markup
    bars = svg.select("g.bt-bar")
    assert [[text(t) for t in g.select("text")] for g in bars] == [["Sở A", "1/3"], ["Sở B <Thử>", "2/3"]]
    assert [g.select_one("rect.bt-bar-fill")["width"] for g in bars] == ["100", "200"]  # of a 300-wide track
    assert {g.select_one("rect.bt-bar-track")["width"] for g in bars} == {"300"}
    table = doc.select_one("table.bt-congress")
    assert text(table.caption) == "Đại hội chi bộ nhiệm kỳ 2020-2022: tiến độ theo cơ quan"
    assert [text(th) for th in table.select("thead th")] == ["Cơ quan", "Đã tổ chức", "Tổng số", "Tỷ lệ", "Đại hội điểm"]
    assert [[text(c) for c in tr.select("th, td")] for tr in table.select("tbody tr")] == [
        ["Sở A", "1", "3", "33%", "Chi bộ Văn phòng"], ["Sở B <Thử>", "2", "3", "67%", ""]]
    assert all(tr.th["scope"] == "row" for tr in table.select("tbody tr"))
    assert [a["href"] for a in table.select("tbody a")] == ["../../../co-quan/so-a/dai-hoi/chi-bo/2020-2022/",
                                                           "../../../co-quan/so-b/dai-hoi/chi-bo/2020-2022/"]
    assert doc.select_one("a.bt-download")["href"] == "tien-do.csv"


def test_the_csv_download_is_beside_the_overview(site):
    raw = (site / "dai-hoi/chi-bo/2020-2022/tien-do.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[1:] == [
        ["Đảng bộ Sở A", "so-a", "1", "3", "33", "Chi bộ Văn phòng", "Chi bộ Kế toán; Chi bộ Pháp chế"],
        ["Đảng bộ Sở B <Thử>", "so-b", "2", "3", "67", "", "Chi bộ Z"],
        ["Tổng cộng", "", "3", "6", "50", "", ""]]


def test_an_agencys_page_lists_who_has_held_it_with_date_and_posts_and_who_has_not(site):
    doc = page(site, "co-quan/so-a/dai-hoi/chi-bo/2020-2022")
    assert text(doc.h1) == "Sở A: đại hội chi bộ nhiệm kỳ 2020-2022"
    assert text(doc.select_one(".bt-progress")) == "1/3 chi bộ đã tổ chức đại hội"
    rows = [[text(c) for c in tr.select("th, td")] for tr in doc.select("table.bt-congress tbody tr")]
    assert rows == [
        ["Chi bộ Kế toán", "Chưa tổ chức", "", ""],
        ["Chi bộ Pháp chế", "Chưa tổ chức", "", ""],
        ["Chi bộ Văn phòng", "Đã tổ chức (đại hội điểm)", "10/01/2020",
         "Đại hội Chi bộ Văn phòng Rút kinh nghiệm Đại hội điểm"]]  # the first congress post's date, both posts
    held = doc.select("table.bt-congress tbody tr")[2]
    assert held.time["datetime"] == "2020-01-10"
    assert [a["href"] for a in held.select("a")] == ["../../../../../tin/2020/01/dai-hoi-chi-bo-van-phong/",
                                                    "../../../../../tin/2020/01/rut-kinh-nghiem-dai-hoi-diem/"]
    other = page(site, "co-quan/so-b/dai-hoi/chi-bo/2020-2022")
    rows = [[text(c) for c in tr.select("th, td")][:3] for tr in other.select("table.bt-congress tbody tr")]
    assert rows == [["Chi bộ X", "Đã tổ chức", "02/03/2020"], ["Chi bộ Y", "Đã tổ chức", "02/03/2020"],
                    ["Chi bộ Z", "Chưa tổ chức", ""]]
    assert "../../../../../dai-hoi/chi-bo/2020-2022/" in [a["href"] for a in other.select(".bt-facets a")]


def test_the_agencies_congress_of_the_dang_bo_level(site):
    doc = page(site, "dai-hoi/dang-bo/2020-2025")
    assert text(doc.select_one(".bt-progress strong")) == "1/3 đảng bộ đã tổ chức đại hội"
    rows = [[text(c) for c in tr.select("th, td")][:3] for tr in doc.select("table.bt-congress tbody tr")]
    assert rows == [["Đảng bộ Khối", "1", "3"]]


def test_the_tracker_is_linked_from_the_term_and_agency_pages(site):
    index = page(site, "dai-hoi")
    assert [text(li) for li in index.select("article li")] == [
        "Đại hội đảng bộ nhiệm kỳ 2020-2025 — 1/3 đảng bộ đã tổ chức đại hội",
        "Đại hội chi bộ nhiệm kỳ 2020-2022 — 3/6 chi bộ đã tổ chức đại hội"]
    term = page(site, "nhiem-ky/2020-2022")
    assert "../../dai-hoi/chi-bo/2020-2022/" in [a["href"] for a in term.select(".bt-facets a")]
    agency = page(site, "co-quan/so-a")
    facets = [text(p) for p in agency.select(".bt-facets p")]
    assert "Đại hội: Chi bộ 2020-2022: 1/3" in facets
    assert "../../co-quan/so-a/dai-hoi/chi-bo/2020-2022/" in [a["href"] for a in agency.select(".bt-facets a")]
    # An agency's own congress is counted on its parent's page, with the parent's other agencies.
    parent = [text(p) for p in page(site, "co-quan/khoi").select(".bt-facets p")]
    assert "Đại hội: Đảng bộ 2020-2025: 1/3" in parent
    terms = page(site, "nhiem-ky")
    assert "../dai-hoi/" in [a["href"] for a in terms.select("article a")]


def test_terms_are_grouped_by_level(site):
    doc = page(site, "nhiem-ky")
    assert [h.get_text().replace("¶", "").strip() for h in doc.select("article h2")] == ["Đảng bộ", "Chi bộ"]
    lists = [[text(li) for li in ul.select("li")] for ul in doc.select("article ul")]
    # Every term from the calendar: the đảng bộ's congress (June 2020), the branches' posts (the
    # sơ kết of July 2021 about Chi bộ Kế toán is in the chi bộ's 2020-2022, not the đảng bộ's).
    assert lists == [["Nhiệm kỳ 2020-2025 — 1 bài viết (01/05/2020 – 31/10/2025)"],
                     ["Nhiệm kỳ 2020-2022 — 4 bài viết (01/10/2019 – 31/03/2022)"]]
    agency = page(site, "co-quan/so-a")
    facets = [text(p) for p in agency.select(".bt-facets p")]
    assert facets[:2] == ["Nhiệm kỳ đảng bộ: 2020-2025 (1)", "Nhiệm kỳ chi bộ: 2020-2022 (3)"]


def test_an_agency_term_page_lists_its_units_terms_inside_it(site):
    doc = page(site, "co-quan/so-a/nhiem-ky/2020-2025")
    inside = doc.select_one(".bt-inside")
    assert inside.get_text().strip() == (
        "Nhiệm kỳ chi bộ trong nhiệm kỳ này: 2020-2022 (3 bài viết) (đại hội: 1/3) · 2022-2025")
    assert [a["href"] for a in inside.select("a")] == ["../../../../co-quan/so-a/nhiem-ky/2020-2022/",
                                                      "../../../../co-quan/so-a/dai-hoi/chi-bo/2020-2022/"]


def test_a_registry_without_levels_builds_as_before(tmp_path):
    root = make_project(tmp_path / "old", sample=True, registry=REGISTRY.split("levels:")[0].replace(
        ", congress: dang-bo", "").replace(", congress: chi-bo", "").replace("    level: dang-bo\n", "").replace(
        "    unit_level: chi-bo\n", "").replace("{name: Công đoàn cơ sở Sở A, level: cong-doan}", "Công đoàn Sở A"),
        posts={path: _post(front.replace("pilot: true\n", "")) for path, front in POSTS.items()})
    built = run_bantin(root, "build", "--strict")
    assert built.returncode == 0, built.stderr
    site = root / "site"
    assert not (site / "dai-hoi").exists()
    terms = page(site, "nhiem-ky")
    assert terms.select("article h2") == [] and [text(li) for li in terms.select("article li")] == [
        "Nhiệm kỳ 2020-2022 — 1 bài viết"]  # only the term a post wrote: no calendar to infer one
