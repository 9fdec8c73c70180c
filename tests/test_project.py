import datetime as dt
from pathlib import Path

import pytest

from bantin.model.dates import TZ
from bantin.model.errors import ContentErrors
from bantin.model.post_cache import PostCache
from bantin.model.project import Options, load_project
from factories import edit, write_post

FRONT = "title: {title}\ndate: {date}\nagency: SCT\nkind: dai-hoi-chi-bo"
NOW = dt.datetime(2024, 1, 1, tzinfo=TZ)


def test_drafts_and_future_posts_are_left_out_unless_asked(project_dir: Path):
    write_post(project_dir, "posts/a.md", FRONT.format(title="Đã đăng", date="2023-05-01"))
    write_post(project_dir, "posts/b.md", FRONT.format(title="Nháp", date="2023-05-02") + "\ndraft: true")
    write_post(project_dir, "posts/c.md", FRONT.format(title="Hẹn ngày", date="2024-06-01"))
    project = load_project(Options(project_dir), now=NOW)
    assert [p.title for p in project.index.posts] == ["Đã đăng"]
    assert project.hidden == {"draft": 1, "future": 1}
    everything = load_project(Options(project_dir, drafts=True, future=True), now=NOW)
    assert len(everything.index.posts) == 3


def test_two_posts_at_one_url_name_both_files(project_dir: Path):
    write_post(project_dir, "posts/2020/a.md", FRONT.format(title="Đại hội Chi bộ", date="2020-01-16"))
    write_post(project_dir, "posts/khac/b.md", FRONT.format(title="Đại hội chi bộ!", date="2020-01-20"))
    with pytest.raises(ContentErrors) as info:
        load_project(Options(project_dir), now=NOW)
    assert [e.format() for e in info.value.errors] == [
        "posts/2020/a.md:2: [slug] bài viết trùng địa chỉ /tin/2020/01/dai-hoi-chi-bo/ với bài 'posts/khac/b.md'\n"
        "    → đổi tiêu đề, hoặc thêm trường 'slug:' khác cho các bài này",
        "posts/khac/b.md:2: [slug] bài viết trùng địa chỉ /tin/2020/01/dai-hoi-chi-bo/ với bài 'posts/2020/a.md'\n"
        "    → đổi tiêu đề, hoặc thêm trường 'slug:' khác cho các bài này",
    ]


def test_many_posts_at_one_url_name_three_others_each(project_dir: Path):
    for i in range(6):
        write_post(project_dir, f"posts/{i}.md", FRONT.format(title="Đại hội Chi bộ", date="2020-01-16"))
    with pytest.raises(ContentErrors) as info:
        load_project(Options(project_dir), now=NOW)
    assert len(info.value.errors) == 6
    assert info.value.errors[0].message == ("bài viết trùng địa chỉ /tin/2020/01/dai-hoi-chi-bo/ với bài "
                                            "'posts/1.md', 'posts/2.md', 'posts/3.md' và 2 bài khác")


def test_errors_of_every_file_are_reported_together(project_dir: Path):
    write_post(project_dir, "posts/a.md", "title: A\ndate: 2020-13-01\nagency: SCT\nkind: dai-hoi-chi-bo")
    write_post(project_dir, "posts/b.md", "title: B\ndate: 2020-01-01\nagency: XYZ\nkind: dai-hoi-chi-bo")
    (project_dir / "posts" / "c.md").write_text("không có khai báo")
    with pytest.raises(ContentErrors) as info:
        load_project(Options(project_dir), now=NOW)
    assert [e.path for e in info.value.errors] == ["posts/a.md", "posts/b.md", "posts/c.md"]
    assert str(info.value).endswith("Có 3 lỗi trong 3 tệp.")


def test_missing_posts_folder(tmp_path: Path):
    (tmp_path / "registry.yml").write_text("agencies:\n  a: A\nkinds:\n  k: K\n")
    with pytest.raises(ContentErrors) as info:
        load_project(Options(tmp_path))
    assert str(info.value) == (
        "LỖI posts: không tìm thấy thư mục bài viết\n"
        "    → tạo thư mục 'posts/' và đặt các bài viết (.md) vào đó\nCó 1 lỗi trong 1 tệp.")


def test_a_cache_between_loads_rereads_only_changed_posts(project_dir: Path):
    write_post(project_dir, "posts/a.md", "title: Bài A\ndate: 2020-01-01\nagency: SCT\nkind: dai-hoi-chi-bo")
    write_post(project_dir, "posts/b.md", "title: Bài B\ndate: 2020-01-02\nagency: SCT\nkind: dai-hoi-chi-bo")
    cache = PostCache()
    first = load_project(Options(project_dir), cache=cache)
    again = load_project(Options(project_dir), cache=cache)
    assert [id(p) for p in again.posts] == [id(p) for p in first.posts]  # nothing read twice
    write_post(project_dir, "posts/b.md", "title: Bài B sửa lại\ndate: 2020-01-02\nagency: SCT\nkind: dai-hoi-chi-bo")
    edited = {p.path: p for p in load_project(Options(project_dir), cache=cache).posts}
    assert edited["posts/a.md"] is {p.path: p for p in first.posts}["posts/a.md"]
    assert edited["posts/b.md"].title == "Bài B sửa lại"
    edit(project_dir / "registry.yml", "Sở Công Thương", "Sở Công thương")
    reread = load_project(Options(project_dir), cache=cache)  # a new registry: every post again
    assert not {id(p) for p in reread.posts} & {id(p) for p in first.posts}
