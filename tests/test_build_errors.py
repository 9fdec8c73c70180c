"""Integration: a site with broken posts fails once, with every message, and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from factories import make_project
from sitebuild import FIXTURES_DIR, copy_sample, run_bantin

BROKEN = {
    "posts/2020/five_mistakes.md": (FIXTURES_DIR / "posts" / "five_mistakes.md").read_text(encoding="utf-8"),
    "posts/2021/tab_in_yaml.md": "---\ntitle: Tab\ndate: 2021-01-01\n\tagency: so-cong-thuong\n---\n",
    "posts/2021/unknown_kind.md": (
        "---\ntitle: Hội nghị sơ kết\ndate: 2021-07-01\nagency: SCT\nkind: so-ket-6-thang\n---\n"),
}


@pytest.fixture
def broken_site(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project", sample=True, registry=FIXTURES_DIR / "registry.yml", posts=BROKEN,
                        files={"site/index.html": "trang cũ"})


def test_every_error_in_one_run_and_the_old_site_is_kept(broken_site: Path):
    result = run_bantin(broken_site, "build", "--strict")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith(("LỖI", "    →"))]
    assert errors == [
        "LỖI       - bantin: posts/2020/five_mistakes.md:3: [date] ngày '2020-02-30' không hợp lệ: "
        "ngày không có thật trên lịch",
        "    → ví dụ đúng: 2020-01-16 hoặc 2020-01-16 08:30",
        "LỖI       - bantin: posts/2020/five_mistakes.md:4: [agency] cơ quan 'so-cong-thuog' không có trong danh mục",
        "    → có phải ý bạn là 'so-cong-thuong' (Sở Công Thương)?",
        "LỖI       - bantin: posts/2020/five_mistakes.md:5: [term] nhiệm kỳ '20117-2020' không hợp lệ: "
        "năm '20117' không hợp lệ; năm phải có 4 chữ số, từ 1930 đến 2100",
        "    → viết dạng YYYY-YYYY, ví dụ 2020-2025",
        "LỖI       - bantin: posts/2020/five_mistakes.md:7: [tittle] trường 'tittle' không được hỗ trợ",
        "    → có phải ý bạn là 'title'?",
        "LỖI       - bantin: posts/2020/five_mistakes.md:8: [draft] 'draft' phải là true hoặc false, không phải 'có'",
        "    → viết 'draft: true' cho bài nháp, hoặc xoá dòng này",
        "LỖI       - bantin: posts/2021/tab_in_yaml.md:4: [agency] lỗi cú pháp YAML: có ký tự Tab, YAML chỉ cho phép dấu cách",
        "    → thay ký tự Tab bằng dấu cách",
        "LỖI       - bantin: posts/2021/unknown_kind.md:5: [kind] loại tin 'so-ket-6-thang' không có trong danh mục",
        "    → có phải ý bạn là 'hoi-nghi-so-ket' (Hội nghị sơ kết)?",
        "LỖI       - Không xây dựng được trang. Có 7 lỗi trong 3 tệp.",
        "LỖI: không xây dựng được trang; trang cũ trong 'site' được giữ nguyên.",
    ]
    assert (broken_site / "site" / "index.html").read_text(encoding="utf-8") == "trang cũ"
    assert sorted(p.name for p in broken_site.iterdir() if p.name.startswith(".")) == []
    assert not (broken_site / "docs" / "tin").exists()  # nothing generated is written into docs/


def test_posts_are_never_modified(broken_site: Path):
    before = {p: p.read_bytes() for p in broken_site.joinpath("posts").rglob("*")if p.is_file()}
    run_bantin(broken_site, "build")
    assert {p: p.read_bytes() for p in broken_site.joinpath("posts").rglob("*") if p.is_file()} == before


def test_check_command_prints_the_same_report(broken_site: Path):
    result = run_bantin(broken_site, "check")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == ("LỖI posts/2020/five_mistakes.md:3: [date] ngày '2020-02-30' không hợp lệ: "
                        "ngày không có thật trên lịch")
    assert lines[-1] == "Có 7 lỗi trong 3 tệp."


def test_a_docs_page_at_a_generated_address_is_an_error(tmp_path: Path):
    root = make_project(tmp_path / "project", sample=True, files={"docs/index.md": "# Trang chủ tự viết\n"})
    result = run_bantin(root, "build")
    assert result.returncode == 1
    assert ("docs/index.md: tệp 'docs/index.md' trùng địa chỉ '/' với trang '/' do bantin tạo\n"
            "    → đổi tên hoặc xoá tệp này") in result.stderr
    assert not (root / "site").exists()


def test_docs_files_where_the_build_writes_its_own_are_errors_all_in_one_run(tmp_path: Path):
    root = make_project(tmp_path / "project", sample=True, files={
        "docs/robots.txt": "User-agent: *\nDisallow: /\n", "docs/sitemap.xml": "<urlset/>",
        "docs/co-quan/so-cong-thuong.md": "# Tự viết\n",
        "docs/assets/stylesheets/extra.css": "a {}\n"})  # allowed: styling
    result = run_bantin(root, "build")
    assert result.returncode == 1
    for name, other in (("robots.txt", "tệp 'robots.txt' do bantin tạo"),
                        ("sitemap.xml", "tệp 'sitemap.xml' do MkDocs tạo"),
                        ("co-quan/so-cong-thuong.md", "trang '/co-quan/so-cong-thuong/' do bantin tạo")):
        assert f"docs/{name}: tệp 'docs/{name}' trùng địa chỉ" in result.stderr and other in result.stderr, name
    assert "Có 3 lỗi trong 3 tệp." in result.stderr


def test_a_broken_link_between_posts_fails_the_strict_build_naming_the_post(tmp_path: Path):
    root = copy_sample(tmp_path / "project")
    post = root / "posts/2021/chi-bo-phong-khao-thi-va-quan-ly-chat-luong-ket-nap-dang-vien-moi.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nXem thêm [bài cũ](../2020/khong-co-bai-nay.md).\n",
                    encoding="utf-8")
    result = run_bantin(root, "build", "--strict")
    assert result.returncode == 1
    assert ("CẢNH BÁO  - bantin: posts/2021/chi-bo-phong-khao-thi-va-quan-ly-chat-luong-ket-nap-dang-vien-moi.md: "
            "liên kết '../2020/khong-co-bai-nay.md' trỏ tới 'posts/2020/khong-co-bai-nay.md', không phải một bài "
            "viết đã đăng (sai tên tệp, hoặc bài nháp)") in result.stderr
    assert "LỖI: không xây dựng được trang vì có 1 cảnh báo (chế độ --strict)" in result.stderr
