"""The monthly bulletin's page in Chromium, on a phone and a desktop: reached from the month's
archive, its contents lead to each article, its PDF downloads; nothing from another host."""

from __future__ import annotations

import pytest

from browsing import require_chromium, shot

require_chromium()
pytestmark = pytest.mark.browser


def test_the_month_leads_to_its_issue_whose_contents_lead_to_each_article(page, base_url):
    page.goto(base_url + "luu-tru/2023/07/")
    link = page.locator(".bt-issue-link a").first
    assert link.inner_text().strip() == "Bản tin tháng 7/2023 – Số 15"
    link.click()
    page.wait_for_url("**/luu-tru/2023/07/ban-tin/")
    cover = page.locator(".bt-cover")
    assert cover.is_visible()
    assert " ".join(cover.locator("h1").inner_text().split()) == "Bản tin tháng 7/2023 Số 15"
    assert cover.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
    shot(page, "bulletin-cover")
    entry = page.locator(".bt-issue-toc li li a").first
    title, target = entry.inner_text().strip(), entry.get_attribute("href")
    entry.click()
    article = page.locator(f"article{target}")
    assert article.locator("h3").inner_text().strip() == title
    page.wait_for_function("() => location.hash.startsWith('#bai-')")
    box = article.locator("h3").bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"], box
    lead = article.locator(".bt-issue-lead img")
    lead.scroll_into_view_if_needed()
    assert lead.evaluate("img => img.complete && img.naturalWidth > 0")
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width  # nothing wider than a phone's screen
    shot(page, "bulletin-article")
    assert page.console_errors == [] and page.requested_hosts <= {"127.0.0.1"}


def test_the_issue_pdf_downloads_from_its_page(page, base_url):
    page.goto(base_url + "luu-tru/2023/07/ban-tin/")
    download = page.locator(".bt-issue-download a")
    assert download.inner_text().strip() == "Tải bản in PDF (khổ A4)"
    href = download.evaluate("a => a.href")
    assert href.endswith("/luu-tru/2023/07/ban-tin-2023-07.pdf")
    response = page.request.get(href)
    assert response.status == 200 and response.body().startswith(b"%PDF-")
