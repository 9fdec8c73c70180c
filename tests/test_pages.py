import datetime as dt
from pathlib import Path

import yaml

from bantin.model.project import Options, load_project
from bantin.model.urls import page_uri, page_url, rel, root_prefix
from bantin.site.onward import SLOT
from bantin.site.pages import Renderer, render
from factories import write_post

NOW = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def project_with(project_dir: Path, n: int = 3, per_page: int = 10):
    for i in range(n):
        write_post(project_dir, f"posts/p{i}.md",
                   f"title: Đại hội Chi bộ số {i}\ndate: 2020-01-{i + 1:02d}\nagency: SCT\nunits: [van-phong]\n"
                   f"term: 2020-2022\nkind: dai-hoi-chi-bo\ntags: [Đại hội điểm]\nauthor: Trần Thu Hà",
                   body="Đoạn mở đầu.\n\n## Đánh giá\n\nNội dung.\n")
    return load_project(Options(project_dir, per_page=per_page), now=NOW)


def meta(content: str) -> dict:
    return yaml.safe_load(content.split("---\n")[1])


def test_rel_and_page_uris():
    assert rel("tin/2020/01/a.md", "co-quan/x/index.md") == "../../../co-quan/x/index.md"
    assert rel("index.md", "loai/k/index.md") == "loai/k/index.md"
    assert page_uri("co-quan/x/index.md", 1) == "co-quan/x/index.md"
    assert page_uri("co-quan/x/index.md", 3) == "co-quan/x/trang/3/index.md"
    assert page_uri("index.md", 2) == "trang/2/index.md"


def test_page_urls_follow_mkdocs():
    assert page_url("index.md") == "" and page_url("co-quan/x/index.md") == "co-quan/x/"
    assert page_url("tin/2020/01/a.md") == "tin/2020/01/a/"
    assert page_url("tin/2020/01/a.md", directory_urls=False) == "tin/2020/01/a.html"
    assert page_url("co-quan/x/index.md", directory_urls=False) == "co-quan/x/index.html"
    assert root_prefix("co-quan/x/") == "../../" and root_prefix("") == ""
    assert root_prefix("co-quan/x/index.html") == "../../" and root_prefix("index.html") == ""


def test_post_page_links_everything_relative_to_itself(project_dir):
    project = project_with(project_dir, 3)
    pages = {p.src_uri: p for p in render(project)}
    post = pages["tin/2020/01/dai-hoi-chi-bo-so-1.md"].content
    assert meta(post) == {"title": "Đại hội Chi bộ số 1", "description": "Đoạn mở đầu. – Đại hội Chi bộ số 1", "hide": ["navigation", "toc"]}
    assert "# Đại hội Chi bộ số 1\n" in post
    assert '<time datetime="2020-01-02T00:00:00+07:00">Thứ Năm, 02/01/2020</time>' in post
    # One link system for every page: the URL module's address, from the page up to the root.
    # Link text is escaped for the Markdown the host converts (2020\-2022 shows as 2020-2022).
    for expected in (
        '<a href="../../../../co-quan/so-cong-thuong/">Sở Công Thương</a>',
        '<a href="../../../../co-quan/so-cong-thuong/don-vi/van-phong/">Chi bộ Văn phòng</a>',
        '<a href="../../../../co-quan/so-cong-thuong/nhiem-ky/2020-2022/">Nhiệm kỳ 2020\\-2022</a>',
        '<a href="../../../../loai/dai-hoi-chi-bo/">Đại hội Chi bộ</a>',
        '<span class="bt-author">Trần Thu Hà</span> · <time',  # in the meta line, before the date
        '<a href="../../../../tu-khoa/dai-hoi-diem/">Đại hội điểm</a>',
    ):
        assert expected in post, expected
    # Onward reading: HTML beside the Markdown, whose slot it fills once converted (site/onward.py).
    onward = pages["tin/2020/01/dai-hoi-chi-bo-so-1.md"].onward
    for expected in ('<a href="../../../../tin/2020/01/dai-hoi-chi-bo-so-0/">Đại hội Chi bộ số 0</a>',  # older
                     '<a href="../../../../tin/2020/01/dai-hoi-chi-bo-so-2/">Đại hội Chi bộ số 2</a>'):  # newer
        assert expected in onward and expected not in post, expected
    assert post.endswith(f"\n{SLOT}\n") and onward.startswith('<nav class="bt-onward" aria-label="Đọc thêm">')
    plain = {p.src_uri: p for p in render(project, directory_urls=False)}["tin/2020/01/dai-hoi-chi-bo-so-1.md"]
    assert '<a href="../../../co-quan/so-cong-thuong/index.html">Sở Công Thương</a>' in plain.content
    assert '<a href="../../../tin/2020/01/dai-hoi-chi-bo-so-0.html">Đại hội Chi bộ số 0</a>' in plain.onward


def test_every_index_page_exists(project_dir):
    uris = {p.src_uri for p in render(project_with(project_dir, 1))}
    for uri in ("index.md", "co-quan/index.md", "co-quan/so-cong-thuong/index.md",
                "co-quan/dang-bo-khoi/index.md", "co-quan/so-cong-thuong/don-vi/van-phong/index.md",
                "co-quan/so-cong-thuong/nhiem-ky/2020-2022/index.md", "nhiem-ky/index.md",
                "nhiem-ky/2020-2022/index.md", "loai/index.md", "loai/dai-hoi-chi-bo/index.md",
                "luu-tru/index.md", "luu-tru/2020/index.md",
                "luu-tru/2020/01/index.md", "tu-khoa/index.md", "tu-khoa/dai-hoi-diem/index.md"):
        assert uri in uris, uri
    # A unit, a kind or an agency without posts has no page, and nothing links to one.
    assert "co-quan/so-cong-thuong/don-vi/quan-ly-thuong-mai/index.md" not in uris
    assert "loai/hoi-nghi-so-ket/index.md" not in uris and "co-quan/dan-van/index.md" not in uris


def test_units_without_posts_are_not_linked_and_unit_pages_name_their_agency(project_dir):
    pages = {p.src_uri: p for p in render(project_with(project_dir, 1))}
    every = "".join(p.content + (p.html or "") for p in pages.values())
    assert "don-vi/quan-ly-thuong-mai" not in every
    agencies = pages["co-quan/index.md"].content
    assert "- Chi bộ Phòng Quản lý Thương mại\n" in agencies  # named, unlinked
    assert "Chi bộ Văn phòng</a> \\(1\\)" in agencies  # Markdown-escaped
    agency = pages["co-quan/so-cong-thuong/index.md"].html or ""
    assert "Chi bộ Văn phòng (1)</a>" in agency and "Quản lý Thương mại" not in agency
    unit = pages["co-quan/so-cong-thuong/don-vi/van-phong/index.md"]
    assert meta(unit.content)["title"] == "Chi bộ Văn phòng – Sở Công Thương"
    assert "<h1>Chi bộ Văn phòng – Sở Công Thương</h1>" in (unit.html or "")


def test_lists_say_newest_first_in_vietnamese(project_dir):
    pages = render(project_with(project_dir, 1))
    every = "".join(p.content + (p.html or "") for p in pages)
    assert "mới nhất trước" not in every
    assert "xếp từ mới đến cũ" in {p.src_uri: p for p in pages}["nhiem-ky/index.md"].content


def test_pagination_splits_posts_and_links_pages(project_dir):
    project = project_with(project_dir, 5, per_page=2)
    pages = {p.src_uri: p for p in render(project)}
    assert "trang/3/index.md" in pages and "trang/4/index.md" not in pages
    second = pages["trang/2/index.md"]
    assert meta(second.content)["title"] == "Tin mới – Trang 2"
    assert second.content.rstrip().endswith("---")  # front matter only: the body is HTML
    assert second.html.count('<article class="bt-card ') == 2
    assert "5 bài viết, trang 2/3" in second.html
    assert '<a href="../../" rel="prev">« Trang trước</a>' in second.html
    assert '<a href="../../trang/3/" rel="next">Trang sau »</a>' in second.html
    # Cards link relative to each page, whatever its depth.
    assert '<h2><a href="../../tin/2020/01/dai-hoi-chi-bo-so-2/">' in second.html
    assert '<h2><a href="tin/2020/01/dai-hoi-chi-bo-so-4/">' in pages["index.md"].html


def test_index_pages_without_directory_urls(project_dir):
    pages = {p.src_uri: p for p in render(project_with(project_dir, 5, per_page=2), directory_urls=False)}
    second = pages["trang/2/index.md"].html
    assert '<a href="../../index.html" rel="prev">« Trang trước</a>' in second
    assert '<h2><a href="../../tin/2020/01/dai-hoi-chi-bo-so-2.html">' in second


def test_pager_window_with_gaps(project_dir):
    text = {p.src_uri: p.html for p in render(project_with(project_dir, 20, per_page=1))}["trang/10/index.md"]
    assert text.count('<span class="bt-gap">…</span>') == 2
    assert '<span class="bt-current" aria-current="page">10</span>' in text
    assert '<a href="../../trang/20/">20</a>' in text and '<a href="../../">1</a>' in text


def test_empty_index_says_so(project_dir):
    pages = {p.src_uri: p.html for p in render(project_with(project_dir, 0))}
    assert "Chưa có bài viết nào." in pages["index.md"]
    assert "loai/hoi-nghi-so-ket/index.md" not in pages  # a kind without posts has no page


def test_titles_are_escaped_not_markup(project_dir):
    write_post(project_dir, "posts/x.md",
               'title: "*Đậm* <b>x</b> [a](b)"\ndate: 2020-01-01\nagency: SCT\nkind: dai-hoi-chi-bo')
    project = load_project(Options(project_dir), now=NOW)
    home = {p.src_uri: p.html for p in render(project)}["index.md"]
    assert "*Đậm* &lt;b&gt;x&lt;/b&gt; [a](b)</a></h2>" in home


def test_nav_lists_sections_never_posts(project_dir):
    nav = Renderer(project_with(project_dir, 3)).nav()
    assert [list(item)[0] for item in nav] == ["Tin mới", "Cơ quan", "Nhiệm kỳ", "Loại tin", "Lưu trữ",
                                                      "Thư viện ảnh"]
    assert "tin/" not in str(nav)
    assert nav[1]["Cơ quan"][:2] == ["co-quan/index.md", {"Đảng bộ Khối": "co-quan/dang-bo-khoi/index.md"}]
    assert "Dân vận" not in str(nav)  # an agency without posts has no page


def test_list_pages_describe_what_they_list(project_dir):
    pages = {p.src_uri: meta(p.content) for p in render(project_with(project_dir, 5, per_page=2))}
    assert pages["index.md"]["description"] == "Tin mới của các cơ quan, đơn vị: 5 bài viết, mới nhất ngày 05/01/2020."
    assert pages["trang/2/index.md"]["description"].endswith("mới nhất ngày 05/01/2020. Trang 2/3.")
    assert pages["trang/3/index.md"]["title"] == "Tin mới – Trang 3"
    unit = pages["co-quan/so-cong-thuong/don-vi/van-phong/index.md"]
    assert unit["title"] == "Chi bộ Văn phòng – Sở Công Thương"
    assert unit["description"] == ("Tin của Chi bộ Văn phòng, Đảng bộ Sở Công Thương: 5 bài viết, "
                                   "mới nhất ngày 05/01/2020.")
    assert pages["luu-tru/2020/01/index.md"]["description"].startswith("Tin tháng 1/2020: 5 bài viết")
    assert pages["tu-khoa/dai-hoi-diem/index.md"]["description"].startswith("Tin có từ khóa “Đại hội điểm”: 5")
    # A list with nothing yet says so, and still differs from every other page's.
    empty = [d["description"] for uri, d in pages.items() if "chưa có bài viết" in d.get("description", "")]
    assert empty and len(set(empty)) == len(empty)
    described = [d["description"] for d in pages.values()]
    assert len(set(described)) == len(described)


def test_posts_sharing_a_title_name_their_agency(project_dir):
    for i, agency in enumerate(("SCT", "SCT", "doan-thanh-nien")):
        write_post(project_dir, f"posts/p{i}.md", f"title: Hội nghị sơ kết\ndate: 2020-01-0{i + 1}\n"
                   f"agency: {agency}\nkind: hoi-nghi-so-ket\nslug: s{i}\nsummary: ''")
    project = load_project(Options(project_dir), now=NOW)
    posts = [meta(p.content) for p in render(project) if p.src_uri.startswith("tin/")]
    assert sorted(p["title"] for p in posts) == [
        "Hội nghị sơ kết – Sở Công Thương, 01/01/2020", "Hội nghị sơ kết – Sở Công Thương, 02/01/2020",
        "Hội nghị sơ kết – Đoàn Thanh niên"]
    assert len({p["description"] for p in posts}) == 3


def test_posts_sharing_a_summary_add_their_title(project_dir):
    pages = [meta(p.content) for p in render(project_with(project_dir, 3)) if p.src_uri.startswith("tin/")]
    assert sorted(p["description"] for p in pages) == [f"Đoạn mở đầu. – Đại hội Chi bộ số {i}" for i in range(3)]


def test_a_corrected_post_shows_its_update_day(project_dir):
    write_post(project_dir, "posts/a.md", "title: Đại hội\ndate: 2020-01-16 08:30\nupdated: 2020-02-03 14:00\n"
               "agency: SCT\nkind: dai-hoi-chi-bo")
    write_post(project_dir, "posts/b.md", "title: Hội nghị\ndate: 2020-01-17\nagency: SCT\nkind: dai-hoi-chi-bo")
    pages = {p.src_uri: p.content for p in render(load_project(Options(project_dir), now=NOW))}
    # The same format as the post's date: weekday, day, and the time when one is given.
    assert ('<time datetime="2020-01-16T08:30:00+07:00">Thứ Năm, 16/01/2020 08:30</time>'
            ' · Cập nhật <time datetime="2020-02-03T14:00:00+07:00">Thứ Hai, 03/02/2020 14:00</time>') in \
        pages["tin/2020/01/dai-hoi.md"]
    assert "Cập nhật" not in pages["tin/2020/01/hoi-nghi.md"]
