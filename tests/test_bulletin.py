"""The monthly bulletin (issue 20 §3): site/bulletin.py, site/bulletin_pdf.py, `bantin bulletin`.

Builds a small project (two months with posts, one before them) in temporary folders, parses
the issue's page as HTML, reads its PDF back with pypdf (titles, captions, Vietnamese diacritics
in NFC), checks the PDF cache across builds, the site without the PDF engine, and the command's
errors. Its pages are drawn into test-artifacts/bulletin/ (pdftoppm) for a person to look at."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from bantin.commands.bulletin import parse_month
from bantin.model.project import load_project
from bantin.model.settings import Settings
from bantin.site import bulletin
from factories import make_photo, make_project
from sitebuild import REPO, page, run_bantin

pypdf = pytest.importorskip("pypdf")

ARTIFACTS = REPO / "test-artifacts" / "bulletin"

CAPTION_LEAD = "Quang cảnh Hội nghị sơ kết 6 tháng đầu năm của Đảng ủy Cục Thuế"
CAPTION_SECOND = "Đồng chí Bí thư Đảng ủy phát biểu chỉ đạo Hội nghị"
TITLE_JULY_TAX = "Đảng bộ Cục Thuế sơ kết công tác xây dựng Đảng 6 tháng đầu năm 2023"
TITLE_JULY_TRADE = "Chi bộ Văn phòng học tập Nghị quyết <số 5> & quán triệt “Quy định 37”"
TITLE_AUGUST = "Đảng bộ Sở Tài chính kết nạp đảng viên mới"
TITLE_DECEMBER = "Đảng ủy Khối tổng kết công tác năm 2022"

POSTS = {
    "posts/2023/so-ket-cuc-thue.md": f"""---
title: {TITLE_JULY_TAX}
date: 2023-07-14 14:00
agency: cuc-thue
term: 2020-2025
kind: hoi-nghi-so-ket
author: Vũ Hoàng Long
summary: Thu ngân sách 6 tháng đầu năm đạt 51,3% dự toán; hóa đơn điện tử đến hơn 1.200 hộ kinh doanh.
cover: ../../images/2023/so-ket-cuc-thue/toan-canh.jpg
photos:
  - src: ../../images/2023/so-ket-cuc-thue/toan-canh.jpg
    caption: {CAPTION_LEAD}
  - src: ../../images/2023/so-ket-cuc-thue/phat-bieu.jpg
    caption: {CAPTION_SECOND}
---

Chiều ngày 14/7/2023, Đảng bộ Cục Thuế tỉnh Nam Sơn tổ chức Hội nghị sơ kết công tác xây dựng Đảng.

## Nhiệm vụ 6 tháng cuối năm

Kết luận hội nghị, đồng chí Bí thư yêu cầu các chi bộ tập trung lãnh đạo thu ngân sách.

![Ảnh trong bài](../../images/2023/so-ket-cuc-thue/phat-bieu.jpg)
""",
    "posts/2023/hoc-tap-nghi-quyet.md": f"""---
title: '{TITLE_JULY_TRADE}'
date: 2023-07-03 08:00
agency: so-cong-thuong
term: 2020-2025
kind: hoc-tap-nghi-quyet
author: Trần Thu Hà
---

Sáng ngày 03/7/2023, Chi bộ Văn phòng tổ chức học tập [Nghị quyết](https://example.vn/nghi-quyet) số 5.
""",
    "posts/2023/ket-nap.md": f"""---
title: {TITLE_AUGUST}
date: 2023-08-10 09:00
agency: so-tai-chinh
term: 2020-2025
kind: ket-nap-dang-vien
author: Lê Minh Đức
---

Chi bộ Phòng Ngân sách kết nạp đồng chí Nguyễn Thị Hạnh vào Đảng.
""",
    "posts/2022/tong-ket.md": f"""---
title: {TITLE_DECEMBER}
date: 2022-12-20 08:00
agency: dang-bo-khoi
term: 2020-2025
kind: hoi-nghi-tong-ket
---

Đảng ủy Khối tổng kết công tác năm 2022.
""",
}


def bulletin_project(root: Path) -> Path:
    """The sample site (its mkdocs.yml: emblem, publisher) with the posts above and their photos."""
    make_project(root, sample=True, posts=POSTS)
    folder = root / "images/2023/so-ket-cuc-thue"
    folder.mkdir(parents=True, exist_ok=True)
    make_photo(folder / "toan-canh.jpg", (1600, 1000), (180, 30, 30), areas={(200, 300, 1400, 900): (230, 200, 160)})
    make_photo(folder / "phat-bieu.jpg", (1200, 900), (40, 60, 120), areas={(400, 200, 800, 900): (240, 240, 240)})
    return root


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    return "\n".join(p.extract_text() or "" for p in reader.pages)


def flat(text: str) -> str:
    """The PDF's text with its line breaks joined (a long title wraps), NFC."""
    return unicodedata.normalize("NFC", " ".join(text.split()))


def draw_pages(pdf: Path, name: str) -> None:
    """The PDF's pages as PNG in test-artifacts/bulletin/, for a person to look at (pdftoppm)."""
    if shutil.which("pdftoppm") is None:
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(ARTIFACTS / name)], check=True, timeout=120)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    root = bulletin_project(tmp_path_factory.mktemp("bulletin"))
    result = run_bantin(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return root, result


# -- the issue's data ------------------------------------------------------------------------------
def test_issue_numbers_count_months_with_posts_from_the_first(tmp_path):
    root = bulletin_project(tmp_path)
    project = load_project(Settings().options(root))
    assert bulletin.numbers(project.index) == {(2022, 12): 1, (2023, 7): 2, (2023, 8): 3}


def test_an_issue_groups_its_articles_by_agency_in_the_registry_order_oldest_first(tmp_path):
    root = bulletin_project(tmp_path)
    project = load_project(Settings().options(root))
    issue = bulletin.make_issue(project.index, project.registry, 2023, 7, 2)
    assert issue.title == "Bản tin tháng 7/2023" and issue.label == "Số 2" and issue.count == 2
    order = [a.key for a in project.registry.sorted_agencies()]
    assert [s.agency.key for s in issue.sections] == sorted(["so-cong-thuong", "cuc-thue"], key=order.index)
    tax = next(s for s in issue.sections if s.agency.key == "cuc-thue").articles[0]
    assert tax.date == "14/07/2023"
    assert tax.lead is not None and tax.caption == CAPTION_LEAD
    assert [p.caption for p in tax.photos] == [CAPTION_SECOND]  # the lead photo is not shown twice


def test_an_articles_text_leaves_out_photos_embeds_and_links_but_keeps_their_words():
    html = bulletin.body_html('Đọc [Nghị quyết](https://x.vn/a "t") số 5.\n\n![Ảnh](a.jpg)\n\n'
                              '<figure><img src="b.jpg" alt=""><figcaption>Chú thích</figcaption></figure>\n\n'
                              '| Chỉ tiêu | Kết quả |\n|---|---|\n| Thu | 51,3% |\n\nA &amp; B &lt;i&gt;')
    assert "<img" not in html and "<figure" not in html and "href" not in html and "Chú thích" not in html
    assert "Đọc Nghị quyết số 5." in html
    assert "<table>" in html and "<td>51,3%</td>" in html
    assert "A &amp; B &lt;i&gt;" in html


@pytest.mark.parametrize(("typed", "month"), [("2023-07", (2023, 7)), ("2023-7", (2023, 7)), ("07/2023", (2023, 7)),
                                              ("2023-13", None), ("2023-00", None), ("tháng 7", None), ("", None)])
def test_the_month_a_user_types(typed, month):
    assert parse_month(typed) == month


# -- the built site --------------------------------------------------------------------------------
def test_the_issue_page_has_the_cover_the_contents_and_each_article(built):
    root, _ = built
    html = page(root / "site", "luu-tru/2023/07/ban-tin")
    cover = html.select_one(".bt-cover")
    assert cover.select_one(".bt-cover-name").get_text() == "Bản tin Đảng bộ Khối các cơ quan tỉnh Nam Sơn"
    assert " ".join(cover.h1.get_text().split()) == "Bản tin tháng 7/2023 Số 2"
    assert cover.img["alt"] == "Biểu trưng"
    assert "Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh Nam Sơn" in cover.get_text()
    toc = html.select_one(".bt-issue-toc")
    assert [a.get_text() for a in toc.select(".bt-issue-toc-agency")] == [
        s.h2.get_text() for s in html.select(".bt-issue-agency")]
    assert {a.get_text() for a in toc.select("li li a")} == {TITLE_JULY_TAX, TITLE_JULY_TRADE}
    for link in toc.select("li li a"):
        assert html.find(id=link["href"][1:]).h3.get_text() == link.get_text()
    article = next(a for a in html.select(".bt-issue-article") if a.h3.get_text() == TITLE_JULY_TAX)
    assert article.h3.a["href"] == "../../../../tin/2023/07/dang-bo-cuc-thue-so-ket-cong-tac-xay-dung-dang-6-thang-dau-nam-2023/"
    assert article.select_one(".bt-issue-meta").get_text() == "Vũ Hoàng Long · 14/07/2023"
    assert [f.get_text() for f in article.select("figcaption")] == [CAPTION_LEAD, CAPTION_SECOND]
    assert article.select_one(".bt-issue-lead img")["src"].startswith("../../../../anh/2023/so-ket-cuc-thue/")
    # The page is the month at a glance (each body is in its post, and in the PDF): the sapo and a link.
    assert article.select_one(".bt-issue-body") is None
    assert article.select_one(".bt-sapo").get_text().startswith("Thu ngân sách 6 tháng đầu năm đạt 51,3% dự toán")
    more = article.select_one(".bt-issue-more a")
    assert more["href"] == article.h3.a["href"] and more.get_text() == f"Đọc toàn văn: {TITLE_JULY_TAX}"
    download = html.select_one(".bt-issue-download a")
    assert download["href"] == "../../../../luu-tru/2023/07/ban-tin-2023-07.pdf"
    assert (root / "site/luu-tru/2023/07/ban-tin-2023-07.pdf").is_file()
    assert html.title.get_text().startswith("Bản tin tháng 7/2023 – Số 2")


def test_editor_text_in_the_issue_is_text(built):
    root, _ = built
    raw = (root / "site/luu-tru/2023/07/ban-tin/index.html").read_text(encoding="utf-8")
    assert "<số 5>" not in raw and "&lt;số 5&gt; &amp; quán triệt" in raw
    html = page(root / "site", "luu-tru/2023/07/ban-tin")
    assert TITLE_JULY_TRADE in {a.get_text() for a in html.select(".bt-issue-toc a")}


def test_the_month_page_links_to_its_issue_and_pdf(built):
    root, _ = built
    month = page(root / "site", "luu-tru/2023/07")
    links = {a.get_text(): a["href"] for a in month.select(".bt-issue-link a")}
    assert links == {"Bản tin tháng 7/2023 – Số 2": "../../../luu-tru/2023/07/ban-tin/",
                     "Tải PDF (khổ A4)": "../../../luu-tru/2023/07/ban-tin-2023-07.pdf"}
    assert page(root / "site", "luu-tru/2022/12").select_one(".bt-issue-link a").get_text() == \
        "Bản tin tháng 12/2022 – Số 1"


def test_the_pdf_reads_back_with_titles_captions_and_vietnamese_intact(built):
    root, _ = built
    pdf = root / "site/luu-tru/2023/07/ban-tin-2023-07.pdf"
    draw_pages(pdf, "ban-tin-2023-07")
    reader = pypdf.PdfReader(pdf)
    assert reader.metadata.title == "Bản tin tháng 7/2023 – Số 2 – Bản tin Đảng bộ Khối các cơ quan tỉnh Nam Sơn"
    first = pypdf.PdfReader(pdf).pages[0].mediabox
    assert (round(float(first.width) * 25.4 / 72), round(float(first.height) * 25.4 / 72)) == (210, 297)  # A4
    raw = pdf_text(pdf)
    assert unicodedata.is_normalized("NFC", raw)  # copied from the PDF, "Đảng" is the precomposed letters
    text = flat(raw)
    for expected in ("BẢN TIN ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH NAM SƠN", "Bản tin tháng 7/2023", "Số 2", "Mục lục",
                     TITLE_JULY_TAX, TITLE_JULY_TRADE, CAPTION_LEAD, CAPTION_SECOND, "Vũ Hoàng Long · 14/07/2023",
                     "Trần Thu Hà · 03/07/2023", "Nhiệm vụ 6 tháng cuối năm", "Đảng bộ Cục Thuế tỉnh Nam Sơn"):
        assert unicodedata.normalize("NFC", expected) in text, expected
    assert TITLE_AUGUST not in text  # another month's
    assert "Trang 2 /" in text  # the page numbers


def test_the_pdf_embeds_its_fonts(built):
    root, _ = built
    reader = pypdf.PdfReader(root / "site/luu-tru/2023/07/ban-tin-2023-07.pdf")
    fonts = set()
    for p in reader.pages:
        for font in (p["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = (font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"])
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
    assert fonts and all(f.startswith("Be-Vietnam-Pro") for f in fonts), fonts


# -- the cache ---------------------------------------------------------------------------------------
def test_an_unchanged_month_is_not_rendered_again_and_a_changed_one_is(tmp_path):
    root = bulletin_project(tmp_path / "a")
    first = run_bantin(root, "build")
    assert first.returncode == 0, first.stderr
    assert "Bản tin tháng: 3 số; tạo mới 3 bản PDF, dùng lại 0 bản từ bộ nhớ đệm." in first.stderr
    cached = {p.name: p.stat().st_mtime_ns for p in (root / ".cache/bantin/ban-tin").glob("*.pdf")}
    assert len(cached) == 3
    july = (root / "site/luu-tru/2023/07/ban-tin-2023-07.pdf").read_bytes()
    august = (root / "site/luu-tru/2023/08/ban-tin-2023-08.pdf").read_bytes()

    again = run_bantin(root, "build")
    assert again.returncode == 0, again.stderr
    assert "tạo mới 0 bản PDF, dùng lại 3 bản" in again.stderr
    assert {p.name: p.stat().st_mtime_ns for p in (root / ".cache/bantin/ban-tin").glob("*.pdf")} == cached

    post = root / "posts/2023/ket-nap.md"
    post.write_text(post.read_text(encoding="utf-8").replace("Nguyễn Thị Hạnh", "Nguyễn Thị Hằng"), encoding="utf-8")
    changed = run_bantin(root, "build")
    assert changed.returncode == 0, changed.stderr
    assert "tạo mới 1 bản PDF, dùng lại 2 bản" in changed.stderr
    assert (root / "site/luu-tru/2023/07/ban-tin-2023-07.pdf").read_bytes() == july
    assert (root / "site/luu-tru/2023/08/ban-tin-2023-08.pdf").read_bytes() != august
    assert "Nguyễn Thị Hằng" in flat(pdf_text(root / "site/luu-tru/2023/08/ban-tin-2023-08.pdf"))

    # The same project in another folder, with an empty cache: the same bytes (reproducible builds).
    other = shutil.copytree(root, tmp_path / "b", ignore=shutil.ignore_patterns(".cache", "site"))
    fresh = run_bantin(other, "build")
    assert fresh.returncode == 0, fresh.stderr
    assert (other / "site/luu-tru/2023/07/ban-tin-2023-07.pdf").read_bytes() == july


# -- without the PDF engine ---------------------------------------------------------------------------
MISSING = {
    # What `import weasyprint` raises when the system has no Pango (WeasyPrint's own OSError)…
    "pango": ("raise OSError(\"cannot load library 'libgobject-2.0-0': libgobject-2.0-0: cannot open shared "
              "object file: No such file or directory\")\n", "máy chưa có thư viện Pango"),
    # …and when the package itself is not installed.
    "package": ("raise ModuleNotFoundError(\"No module named 'weasyprint'\", name='weasyprint')\n",
                "thiếu thư viện WeasyPrint"),
}


def without_engine(tmp_path: Path, case: str) -> dict[str, str]:
    """An environment whose `import weasyprint` fails as it does on a machine without it."""
    shadow = tmp_path / f"shadow-{case}" / "weasyprint"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text(MISSING[case][0], encoding="utf-8")
    return {"PYTHONPATH": os.pathsep.join([str(shadow.parent), os.environ.get("PYTHONPATH", "")])}


@pytest.mark.parametrize("case", sorted(MISSING))
def test_without_the_engine_the_site_still_builds_strict_and_says_why(tmp_path, case):
    root = bulletin_project(tmp_path / "site")
    result = run_bantin(root, "build", "--strict", env=without_engine(tmp_path, case))
    assert result.returncode == 0, result.stderr
    said = [line for line in result.stderr.splitlines() if "bản PDF của bản tin tháng" in line]
    assert len(said) == 1 and MISSING[case][1] in said[0] and "→" in said[0], result.stderr
    assert "Traceback" not in result.stderr
    assert not list((root / "site").rglob("*.pdf"))
    issue = page(root / "site", "luu-tru/2023/07/ban-tin")
    assert issue.select_one(".bt-issue-download") is None and issue.select(".bt-issue-article")
    assert [a.get_text() for a in page(root / "site", "luu-tru/2023/07").select(".bt-issue-link a")] == [
        "Bản tin tháng 7/2023 – Số 2"]


def test_the_command_without_the_engine_says_what_to_install(tmp_path):
    root = bulletin_project(tmp_path / "site")
    result = run_bantin(root, "bulletin", "2023-07", env=without_engine(tmp_path, "pango"))
    assert result.returncode == 3, result.stderr
    assert result.stderr.startswith("LỖI: chưa tạo bản PDF của bản tin tháng: máy chưa có thư viện Pango")
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0" in result.stderr and "Traceback" not in result.stderr
    assert not (root / "ban-tin-2023-07.pdf").exists()


# -- `bantin bulletin` ------------------------------------------------------------------------------
def test_the_command_makes_one_month_the_same_as_the_build(built, tmp_path):
    root, _ = built
    result = run_bantin(root, "bulletin", "2023-07", "--ra", str(tmp_path / "thang-7.pdf"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Đã tạo '{tmp_path / 'thang-7.pdf'}': Bản tin tháng 7/2023, 2 bài viết, ")
    assert (tmp_path / "thang-7.pdf").read_bytes() == (root / "site/luu-tru/2023/07/ban-tin-2023-07.pdf").read_bytes()


def test_the_command_writes_into_the_current_folder_and_never_over_a_file(built):
    root, _ = built
    target = root / "ban-tin-2023-08.pdf"
    target.unlink(missing_ok=True)
    made = run_bantin(root, "bulletin", "08/2023")
    assert made.returncode == 0, made.stderr
    assert TITLE_AUGUST in flat(pdf_text(target))
    target.write_bytes(b"ban cua toi")
    refused = run_bantin(root, "bulletin", "2023-08")
    assert refused.returncode == 2
    assert refused.stderr == ("LỖI: đã có tệp 'ban-tin-2023-08.pdf', bantin không ghi đè\n"
                              "    → xoá hoặc đổi tên tệp đó, chọn tên khác bằng --ra TỆP, hoặc thêm --ghi-de "
                              "để thay nó bằng bản mới\n")
    assert target.read_bytes() == b"ban cua toi"
    replaced = run_bantin(root, "bulletin", "2023-08", "--ghi-de")
    assert replaced.returncode == 0, replaced.stderr
    assert target.read_bytes().startswith(b"%PDF-")
    target.unlink()


def test_a_month_that_does_not_exist_is_a_usage_error(built):
    root, _ = built
    result = run_bantin(root, "bulletin", "2023-13")
    assert result.returncode == 2
    assert result.stderr == ("LỖI: tháng '2023-13' không hợp lệ\n"
                             "    → ghi tháng dạng NĂM-THÁNG, tháng từ 01 đến 12, ví dụ: bantin bulletin 2023-07\n")


def test_a_month_without_posts_names_the_months_that_have_some(built):
    root, _ = built
    result = run_bantin(root, "bulletin", "2023-09")
    assert result.returncode == 2
    assert result.stderr.endswith("LỖI: tháng 09/2023 không có bài nào đã đăng\n"
                                  "    → các tháng có bài (mới nhất trước): 2023-08, 2023-07, 2022-12\n")
    assert not (root / "ban-tin-2023-09.pdf").exists()


def test_the_command_outside_a_project_says_so(tmp_path):
    result = run_bantin(tmp_path, "bulletin", "2023-07")
    assert result.returncode == 2
    assert result.stderr.startswith("LỖI: không tìm thấy tệp cấu hình 'mkdocs.yml'")


def test_the_command_with_broken_posts_lists_them_and_writes_nothing(tmp_path):
    root = bulletin_project(tmp_path)
    (root / "posts/2023/hong.md").write_text("---\ntitle: Bài hỏng\nagency: khong-co\n---\n\nA.\n", encoding="utf-8")
    result = run_bantin(root, "bulletin", "2023-07")
    assert result.returncode == 1
    assert "posts/2023/hong.md" in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.rstrip().endswith("LỖI: không tạo được bản tin vì có lỗi ở trên\n"
                                           "    → sửa các lỗi rồi chạy lại 'bantin check'")
    assert not (root / "ban-tin-2023-07.pdf").exists()


@pytest.mark.parametrize("url", [
    "https://example.com/a.png", "http://127.0.0.1/a.png", "file:///etc/passwd",
    "file:///bantin-cache/../../etc/passwd", "file:///bantin-cache/%2e%2e/%2e%2e/etc/passwd",
    "file:///bantin-cache/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "file:///bantin-fonts/../../etc/passwd",
    "file:///bantin-cachex/a.png"])
def test_the_pdf_engine_loads_nothing_outside_the_photo_cache_and_the_fonts(tmp_path, url):
    from bantin.site import bulletin_pdf

    if bulletin_pdf.engine_problem():
        pytest.skip(bulletin_pdf.engine_problem())
    (tmp_path / "a.png").write_bytes(b"\x89PNG")
    fetch = bulletin_pdf._fetcher(tmp_path)
    with pytest.raises(ValueError, match="refused to load"):
        fetch(url)
    assert fetch("file:///bantin-cache/a.png")  # the cache itself is read


def test_the_pdf_engine_leaves_pillow_refusing_cut_photos(tmp_path):
    """WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES when imported: through
    bantin it does not, so a build that makes PDFs still refuses a cut photo."""
    probe = ("from PIL import ImageFile\n"
             "from bantin.site import bulletin_pdf\n"
             "problem = bulletin_pdf.engine_problem()\n"
             "bulletin_pdf._fetcher(__import__('pathlib').Path('.'))\n"
             "print(problem is None, ImageFile.LOAD_TRUNCATED_IMAGES)\n")
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    if shown[0] != "True":
        pytest.skip("no PDF engine here")
    assert shown == ["True", "False"]
    # And a whole build with PDFs: the cut photo is refused, as without the engine.
    root = bulletin_project(tmp_path / "p")
    photo = root / "images/2023/so-ket-cuc-thue/phat-bieu.jpg"
    data = photo.read_bytes()
    photo.write_bytes(data[: len(data) // 2])
    result = run_bantin(root, "build")
    assert result.returncode == 1, result.stderr
    assert "ảnh bị hỏng hoặc không đầy đủ" in result.stderr
