"""The congress tracker in Chromium, on the sample site: the chart is an image with a name a
screen reader reads, the table beside it shows the same figures (and stays when printed), the
CSV downloads, axe-core finds no serious or critical violation, nothing is fetched from
another host."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from browsing import require_chromium, shot

require_chromium()
pytestmark = pytest.mark.browser
axe_package = pytest.importorskip("axe_playwright_python")
AXE = Path(axe_package.__file__).parent / "axe.min.js"  # axe-core, shipped in the PyPI package

OVERVIEW = "dai-hoi/chi-bo/2020-2022/"
AGENCY = "co-quan/so-cong-thuong/dai-hoi/chi-bo/2020-2022/"


def serious_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_the_overview_chart_is_named_and_its_table_and_csv_carry_the_figures(page, base_url):
    page.goto(base_url + OVERVIEW)
    chart = page.get_by_role("img", name="Biểu đồ: Đại hội chi bộ nhiệm kỳ 2020-2022, "
                                          "5/17 chi bộ đã tổ chức đại hội")
    assert chart.is_visible()
    assert chart.get_attribute("aria-labelledby") == "bt-chart-title bt-chart-desc"
    table = page.get_by_role("table", name="Đại hội chi bộ nhiệm kỳ 2020-2022: tiến độ theo cơ quan")
    assert table.is_visible()
    row = table.get_by_role("row", name="Sở Công Thương")
    assert row.get_by_role("cell").all_inner_texts() == ["2", "4", "50%", "Chi bộ Văn phòng"]
    shot(page, "congress-overview")
    assert serious_violations(page) == []
    link = page.get_by_role("link", name="Tải bảng tiến độ (CSV, mở bằng Excel)")
    response = page.request.get(base_url + OVERVIEW + link.get_attribute("href"))
    assert response.ok
    rows = list(csv.reader(io.StringIO(response.body().decode("utf-8-sig"))))
    assert ["Đảng bộ Sở Công Thương", "so-cong-thuong", "2", "4", "50", "Chi bộ Văn phòng",
            "Chi bộ Phòng Quản lý Công nghiệp; Chi bộ Trung tâm Khuyến công và Xúc tiến thương mại"] in rows
    page.emulate_media(media="print")
    assert table.is_visible() and chart.is_visible()
    assert page.console_errors == [] and page.requested_hosts <= {"127.0.0.1"}


def test_an_agencys_tracker_lists_held_and_not_held_and_links_the_posts(page, base_url):
    page.goto(base_url + AGENCY)
    assert page.locator("h1").inner_text() == "Sở Công Thương: đại hội chi bộ nhiệm kỳ 2020-2022"
    held = page.get_by_role("row", name="Chi bộ Văn phòng")
    assert "Đã tổ chức (đại hội điểm)" in held.inner_text()
    assert page.get_by_role("row", name="Chi bộ Phòng Quản lý Công nghiệp").get_by_role("cell").first.inner_text() \
        == "Chưa tổ chức"
    assert serious_violations(page) == []
    held.get_by_role("link").first.click()
    page.wait_for_url("**/tin/2020/01/**")
    assert page.locator("h1").inner_text().startswith("Đại hội Chi bộ Văn phòng")
    assert page.console_errors == []
