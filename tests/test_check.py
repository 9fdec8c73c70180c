from bantin.tools.check import folder_size, post_links, site_size_problem
from factories import make_post


def test_folder_size_counts_files_and_bytes(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "x.html").write_bytes(b"x" * 10)
    (tmp_path / "a" / "b" / "y.jpg").write_bytes(b"y" * 5)
    (tmp_path / "link").symlink_to(tmp_path / "a")  # not followed: counted once
    assert folder_size(tmp_path) == (2, 15)


def test_site_size_warns_near_and_over_github_pages_limit():
    assert site_size_problem(1_000, 799_000_000) is None
    near = site_size_problem(12_345, 850_000_000)
    assert near.warning and near.format().startswith(
        "site/: trang đã xây dựng nặng 850 MB (12.345 tệp), gần tới giới hạn 1 GB của GitHub Pages\n    → ")
    over = site_size_problem(40_000, 1_234_000_000)
    assert "nặng 1.234 MB (40.000 tệp), vượt giới hạn 1 GB" in over.message
    assert "image_widths" in over.hint


def test_links_in_fenced_code_and_on_fence_lines_are_not_links():
    body = ("[a](a.md) và [web](https://x.vn/b.md)\n```\n[b](b.md)\n```\n"
            "~~~md [c](c.md)\n[d](d.md)\n~~~\n![ảnh](e.md) [f](../f.md \"tiêu đề\")")
    assert post_links(make_post(body=body, body_line=8)) == [(8, "a.md"), (15, "../f.md")]
