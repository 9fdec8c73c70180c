"""The masthead and the footer in Chromium, on a phone and a desktop: the site's full name,
the open section's tab, the publisher's lines."""

from __future__ import annotations

from browsing import shot


def test_site_name_is_whole_in_the_header(page, base_url):
    page.goto(base_url + "co-quan/so-cong-thuong/")
    name = page.locator(".md-header__topic").first.locator(".md-ellipsis")
    assert name.inner_text().strip() == "Bản tin Đảng bộ Khối các cơ quan tỉnh Nam Sơn"
    assert name.is_visible()
    widths = name.evaluate("e => [e.scrollWidth, e.clientWidth, e.scrollHeight, e.clientHeight]")
    assert widths[0] <= widths[1] and widths[2] <= widths[3] + 1, widths  # neither cut nor clipped
    box, header = name.bounding_box(), page.locator(".md-header__inner").bounding_box()
    assert box and header and box["y"] >= header["y"] and box["y"] + box["height"] <= header["y"] + header["height"] + 1
    logo = page.locator(".md-header .md-logo img")
    assert logo.get_attribute("alt").startswith("Biểu trưng")
    assert logo.evaluate("img => img.complete && img.naturalWidth > 0")
    shot(page, "masthead")


def test_open_section_is_marked_and_footer_names_the_publisher(page, base_url):
    page.goto(base_url + "co-quan/so-cong-thuong/don-vi/van-phong/")
    active = page.locator(".md-tabs__item--active")
    assert active.count() == 1 and active.inner_text().strip() == "Cơ quan"
    if page.viewport_name == "desktop":
        assert active.is_visible()
        weight = active.locator("a").evaluate("a => getComputedStyle(a).fontWeight")
        assert int(weight) >= 700
        # The left column holds the section's agencies, this unit's agency marked.
        assert page.locator(".md-sidebar--primary .md-nav__item--active > a").first.inner_text().strip() == "Sở Công Thương"
    footer = page.locator("footer .bt-publisher")
    footer.scroll_into_view_if_needed()
    assert footer.is_visible()
    text = footer.inner_text()
    for line in ("Cơ quan chủ quản:", "Địa chỉ:", "Điện thoại: 0200 3800 000", "Gửi tin bài: bantin@example.vn",
                 "Chịu trách nhiệm nội dung:"):
        assert line in text, line
    assert footer.locator("a[href='mailto:bantin@example.vn']").is_visible()
    shot(page, "unit-page")
    if page.viewport_name == "phone":  # the tabs are in the drawer on a phone: the section is open there
        page.locator(".md-header label[for='__drawer']").click()
        assert page.locator(".md-nav--primary .md-nav__item--active > a", has_text="Sở Công Thương").first.is_visible()
        page.wait_for_timeout(400)  # the drawer's slide, for the screenshot only
        shot(page, "unit-page-drawer")
    assert page.console_errors == [] and page.requested_hosts <= {"127.0.0.1"}
