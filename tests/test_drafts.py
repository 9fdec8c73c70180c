"""Drafts with problems (a half-done import) stop no build or preview that leaves drafts out;
`bantin check` lists what they still need and every `# TODO` left in front matter
(bantin.model.project, model.frontmatter.todos, tools.check)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from bantin.model.dates import TZ
from bantin.model.errors import ContentErrors
from bantin.model.frontmatter import Todo, todos
from bantin.model.project import Options, load_project
from bantin.site.redirects import plan
from bantin.tools.check import check
from factories import make_project, write_post
from sitebuild import run_bantin

FRONT = "title: {title}\ndate: 2023-05-01\nagency: SCT\nkind: dai-hoi-chi-bo"
NOW = dt.datetime(2024, 1, 1, tzinfo=TZ)
UNFINISHED = ("title:   # TODO: bài không có dòng tiêu đề: hãy đặt tiêu đề\ndate: 2023-05-02\nagency: SCT\n"
              "kind: dai-hoi\nphotos:   # TODO: chưa có tệp ảnh cho các chú thích\n"
              '  - src: ""\n    caption: Quang cảnh\n'
              "draft: true  # bài nháp: làm xong các việc ghi ở trên rồi xoá dòng này để đăng bài")


def messages(problems) -> list[str]:
    return [("CẢNH BÁO " if p.warning else "LỖI ") + p.format().split("\n")[0] for p in problems]


# -- the model: a draft's problems stop nothing while drafts are left out ---------------------------------
def test_a_draft_with_errors_is_left_out_and_its_problems_kept_as_warnings(project_dir: Path):
    write_post(project_dir, "posts/a.md", FRONT.format(title="Đã đăng"))
    write_post(project_dir, "posts/b.md", UNFINISHED)
    project = load_project(Options(project_dir), now=NOW)
    assert [p.title for p in project.index.posts] == ["Đã đăng"] and len(project.posts) == 1
    assert project.hidden == {"draft": 1, "future": 0} and project.warnings == ()
    assert messages(project.unfinished) == [
        "CẢNH BÁO posts/b.md:2: [title] bài nháp (chưa đăng): trường bắt buộc 'title' để trống",
        "CẢNH BÁO posts/b.md:5: [kind] bài nháp (chưa đăng): loại tin 'dai-hoi' không có trong danh mục",
        "CẢNH BÁO posts/b.md:7: [photos[0].src] bài nháp (chưa đăng): ảnh thiếu đường dẫn 'src'"]
    assert project.unfinished_files == {"posts/b.md"}


def test_with_drafts_published_the_same_problems_are_errors(project_dir: Path):
    write_post(project_dir, "posts/b.md", UNFINISHED)
    with pytest.raises(ContentErrors) as raised:
        load_project(Options(project_dir, drafts=True), now=NOW)
    assert [e.warning for e in raised.value.errors] == [False, False, False]


@pytest.mark.parametrize("front", [
    UNFINISHED.replace("draft: true", "draft: false"),  # not a draft: published, so refused
    UNFINISHED.replace("draft: true", "draft: có"),  # not known to be a draft
    UNFINISHED.replace("kind: dai-hoi", "kind: [dai-hoi"),  # YAML unreadable: not known to be a draft either
])
def test_a_post_not_known_to_be_a_draft_still_stops_the_build(project_dir: Path, front):
    write_post(project_dir, "posts/b.md", front)
    with pytest.raises(ContentErrors) as raised:
        load_project(Options(project_dir), now=NOW)
    assert any(not e.warning for e in raised.value.errors)


def test_a_valid_draft_s_warnings_are_its_own_not_the_build_s(project_dir: Path):
    write_post(project_dir, "posts/b.md", FRONT.format(title="Nháp") + "\nphotos:\n  - src: ../images/a.jpg\ndraft: true")
    (project_dir / "images").mkdir()
    (project_dir / "images/a.jpg").write_bytes(b"")
    project = load_project(Options(project_dir), now=NOW)
    assert project.warnings == () and [p.title for p in project.posts] == ["Nháp"]
    assert messages(project.unfinished) == [
        "CẢNH BÁO posts/b.md:7: [photos[0]] bài nháp (chưa đăng): ảnh '../images/a.jpg' chưa có chú thích "
        "(caption) hay mô tả (alt)"]


def test_a_published_post_turned_into_a_broken_draft_keeps_its_addresses():
    lock = {"posts": {"posts/b.md": ["tin/2023/05/b/"]}, "removed": {}}
    result = plan([], [], lock, unread={"posts/b.md"})
    assert result.warnings == [] and result.gone == {} and result.lock["posts"] == lock["posts"]
    without = plan([], [], lock)  # what a build would have said without knowing the file exists
    assert without.gone == {"tin/2023/05/b/": "posts/b.md"}


# -- TODO comments ------------------------------------------------------------------------------------------
def test_todos_are_read_with_their_line_and_field():
    text = ("\ufeff---\r\ntitle:   # TODO: đặt tiêu đề\r\nsummary: \"Số #1 TODO\"\r\nphotos:\r\n"
            "  - src: a.jpg  # TODO kiểm tra ảnh\r\n    caption: x #TODO\r\n---\r\n# TODO: not front matter\r\n")
    assert todos(text) == [Todo(2, "title", "đặt tiêu đề"), Todo(5, "photos", "kiểm tra ảnh"), Todo(6, "photos", "")]
    assert todos("---\ntitle: A  # TODO: x\n") == []  # never closed: the post's own error says so
    assert todos("title: A # TODO: x\n") == []


def test_check_lists_each_todo_once_with_the_draft_s_other_problems(project_dir: Path):
    write_post(project_dir, "posts/b.md", UNFINISHED)
    write_post(project_dir, "posts/c.md", FRONT.format(title="Đã đăng") + "\nauthor: Trần Thu Hà  # TODO: kiểm tra tên")
    _, problems = check(Options(project_dir))
    assert messages(problems) == [
        "CẢNH BÁO posts/b.md:5: [kind] bài nháp (chưa đăng): loại tin 'dai-hoi' không có trong danh mục",
        "CẢNH BÁO posts/b.md:2: [title] còn việc chưa làm (TODO): bài không có dòng tiêu đề: hãy đặt tiêu đề",
        "CẢNH BÁO posts/b.md:6: [photos] còn việc chưa làm (TODO): chưa có tệp ảnh cho các chú thích",
        "CẢNH BÁO posts/c.md:6: [author] còn việc chưa làm (TODO): kiểm tra tên"]
    hints = {p.path: p.hint for p in problems if "TODO" in p.message}
    assert hints == {"posts/b.md": "làm xong rồi xoá chú thích '# TODO' ở dòng này; hết TODO thì xoá dòng "
                                   "'draft: true' để đăng bài",
                     "posts/c.md": "làm xong rồi xoá chú thích '# TODO' ở dòng này"}


def test_check_still_lists_todos_when_another_post_has_errors(project_dir: Path):
    write_post(project_dir, "posts/b.md", UNFINISHED)
    write_post(project_dir, "posts/c.md", FRONT.format(title="Hỏng") + "\nkind: x")
    project, problems = check(Options(project_dir))
    assert project is None
    assert [p.path for p in problems if not p.warning] == ["posts/c.md"]
    assert "CẢNH BÁO posts/b.md:2: [title] còn việc chưa làm (TODO): bài không có dòng tiêu đề: hãy đặt tiêu đề" \
        in messages(problems)


# -- through the commands -----------------------------------------------------------------------------------
def test_an_unfinished_draft_never_stops_build_or_preview_and_publishing_it_is_removing_the_marks(tmp_path: Path):
    root = make_project(tmp_path / "p", sample=True, posts={
        "posts/2023/xong.md": f"---\n{FRONT.format(title='Đã đăng')}\n---\n\nNội dung.\n",
        "posts/2023/nhap.md": f"---\n{UNFINISHED}\n---\n\nNội dung.\n"})
    built = run_bantin(root, "build", "--strict")
    assert built.returncode == 0, built.stderr
    assert "Bỏ qua 1 bài nháp (draft: true)" in built.stderr and "CẢNH BÁO" not in built.stderr
    checked = run_bantin(root, "check", "--format", "json")
    assert json.loads(checked.stdout)["ok"] is True and checked.returncode == 0
    with_drafts = run_bantin(root, "build", "--drafts", "-d", "nhap")
    assert with_drafts.returncode == 1 and "trường bắt buộc 'title' để trống" in with_drafts.stderr

    post = root / "posts/2023/nhap.md"
    post.write_text("---\ntitle: Hội nghị sơ kết\ndate: 2023-05-02\nagency: SCT\nkind: dai-hoi-chi-bo\n---\n\nNội dung.\n",
                    encoding="utf-8")
    assert run_bantin(root, "check").stdout == "Không có lỗi: 2 bài viết, 6 cơ quan, 8 loại tin.\n"
    assert run_bantin(root, "build", "--strict").returncode == 0
    assert (root / "site/tin/2023/05/hoi-nghi-so-ket/index.html").is_file()
