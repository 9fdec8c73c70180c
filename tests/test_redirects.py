"""Permanent URLs: aliases, posts whose URL changed, removed posts, and the URL record."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from bantin.model.errors import ContentErrors
from bantin.site.redirects import feed_ids, lock_text, parse_lock, plan, read_lock, redirect_page, write_lock
from factories import edit, make_post, write_post
from sitebuild import copy_sample, run_bantin


def post(path, slug, aliases=()):
    return make_post(path, title="Tiêu đề <b>", slug=slug, aliases=tuple(aliases))


EMPTY = {"posts": {}, "removed": {}}


def test_first_build_records_urls_and_redirects_aliases():
    a = post("posts/a.md", "a", aliases=["tin-tuc/cu.html", "old/path"])
    result = plan([a], [a], EMPTY)
    assert result.lock == {"posts": {"posts/a.md": ["tin/2020/01/a/"]}, "removed": {}}
    assert set(result.redirects) == {"tin-tuc/cu.html", "old/path/"} and result.gone == {}


def test_changed_url_redirects_from_every_old_one():
    lock = {"posts": {"posts/a.md": ["tin/2020/01/cu-nhat/", "tin/2020/01/cu/"]}, "removed": {}}
    a = post("posts/a.md", "moi")
    result = plan([a], [a], lock)
    assert set(result.redirects) == {"tin/2020/01/cu-nhat/", "tin/2020/01/cu/"}
    assert result.lock["posts"]["posts/a.md"] == ["tin/2020/01/cu-nhat/", "tin/2020/01/cu/", "tin/2020/01/moi/"]


def test_a_moved_file_that_kept_its_address_keeps_its_history():
    """A file moved to another folder (or posts_dir renamed) is not a removed post: its older
    addresses keep redirecting to it, and nothing is said."""
    lock = {"posts": {"posts/a.md": ["tin/2020/01/cu/", "tin/2020/01/a/"]}, "removed": {}}
    moved = post("bai-viet/2020/a.md", "a")
    result = plan([moved], [moved], lock)
    assert result.warnings == [] and result.gone == {}
    assert set(result.redirects) == {"tin/2020/01/cu/"} and result.redirects["tin/2020/01/cu/"] is moved
    assert result.lock == {"posts": {"bai-viet/2020/a.md": ["tin/2020/01/cu/", "tin/2020/01/a/"]}, "removed": {}}


def test_a_deleted_post_whose_old_address_another_took_is_still_removed():
    """A was at cu/, then renamed to a2/; B was later published at cu/; now A is deleted. a2/ must
    not lead to B: A's removal is said, and a2/ becomes a 'removed' page."""
    lock = {"posts": {"posts/a.md": ["tin/2020/01/cu/", "tin/2020/01/a2/"], "posts/b.md": ["tin/2020/01/cu/"]},
            "removed": {}}
    b = post("posts/b.md", "cu")
    result = plan([b], [b], lock)
    assert [w.path for w in result.warnings] == ["posts/a.md"]
    assert "tin/2020/01/a2/" not in result.redirects and result.gone.get("tin/2020/01/a2/") == "posts/a.md"
    assert result.lock["posts"]["posts/b.md"] == ["tin/2020/01/cu/"]


def test_a_moved_and_renamed_file_is_still_a_removal_with_a_hint():
    lock = {"posts": {"posts/a.md": ["tin/2020/01/a/"]}, "removed": {}}
    moved = post("bai-viet/2020/a.md", "a-moi")
    result = plan([moved], [moved], lock)
    assert [w.path for w in result.warnings] == ["posts/a.md"] and "aliases" in result.warnings[0].hint
    assert result.gone == {"tin/2020/01/a/": "posts/a.md"}


def test_removed_post_warns_once_and_leaves_a_page():
    lock = {"posts": {"posts/a.md": ["tin/2020/01/a/"], "posts/b.md": ["tin/2020/01/b/"]}, "removed": {}}
    a = post("posts/a.md", "a")
    first = plan([a], [a], lock)
    assert [w.format() for w in first.warnings] == [
        "posts/b.md: bài viết đã bị xoá hoặc đổi tên tệp; địa chỉ cũ /tin/2020/01/b/ sẽ báo bài đã gỡ\n"
        "    → nếu bài chỉ đổi tên tệp, thêm địa chỉ cũ vào 'aliases:' của bài mới"]
    assert first.gone == {"tin/2020/01/b/": "posts/b.md"}
    second = plan([a], [a], first.lock)
    assert second.warnings == [] and second.gone == {"tin/2020/01/b/": "posts/b.md"}


def test_a_draft_is_not_removed():
    lock = {"posts": {"posts/a.md": ["tin/2020/01/a/"]}, "removed": {}}
    a = post("posts/a.md", "a")
    result = plan([], [a], lock)
    assert result.warnings == [] and result.gone == {} and result.lock["posts"] == lock["posts"]


def test_alias_at_another_posts_address_is_an_error():
    a, b = post("posts/a.md", "a", aliases=["tin/2020/01/b"]), post("posts/b.md", "b")
    result = plan([a, b], [a, b], EMPTY)
    assert [e.format() for e in result.errors] == [
        "posts/a.md: [aliases] đường dẫn cũ 'tin/2020/01/b' trùng địa chỉ của bài 'posts/b.md'\n"
        "    → xoá dòng này khỏi aliases"]


def test_two_posts_with_one_alias_are_both_told():
    a, b = post("posts/a.md", "a", aliases=["cu/bai"]), post("posts/b.md", "b", aliases=["cu/bai/"])
    c = post("posts/c.md", "c", aliases=["cu/bai"])
    result = plan([a, b, c], [a, b, c], EMPTY)
    assert [e.format() for e in result.errors] == [
        f"posts/{x}.md: [aliases] đường dẫn cũ '{alias}' cũng có trong aliases của bài {others}\n"
        "    → mỗi đường dẫn cũ chỉ chuyển tới một bài: xoá dòng này ở các bài không đúng"
        for x, alias, others in (("a", "cu/bai", "'posts/b.md', 'posts/c.md'"),
                                 ("b", "cu/bai/", "'posts/a.md', 'posts/c.md'"),
                                 ("c", "cu/bai", "'posts/a.md', 'posts/b.md'"))]
    assert "cu/bai/" not in result.redirects


def test_alias_at_another_posts_old_address_is_an_error():
    lock = {"posts": {"posts/a.md": ["tin/2020/01/cu/"]}, "removed": {}}
    a, b = post("posts/a.md", "moi"), post("posts/b.md", "b", aliases=["tin/2020/01/cu"])
    result = plan([a, b], [a, b], lock)
    assert [e.format() for e in result.errors] == [
        "posts/b.md: [aliases] đường dẫn cũ 'tin/2020/01/cu' là địa chỉ cũ của bài 'posts/a.md' (ghi trong "
        "bantin.lock.json): địa chỉ đó đang chuyển tới bài ấy\n    → xoá dòng này khỏi aliases"]
    assert result.redirects["tin/2020/01/cu/"] is a


def test_a_post_may_name_its_own_old_address():
    lock = {"posts": {"posts/a.md": ["tin/2020/01/cu/"]}, "removed": {}}
    a = post("posts/a.md", "moi", aliases=["tin/2020/01/cu", "tin/2020/01/cu/"])
    result = plan([a], [a], lock)
    assert result.errors == [] and result.redirects["tin/2020/01/cu/"] is a


# -- permanent feed ids: the first URL a post was published at ---------------------------------------
def test_a_new_post_is_known_in_feeds_by_its_url():
    a, b = post("posts/a.md", "a"), post("posts/b.md", "b")
    result = plan([a, b], [a, b], EMPTY)
    assert feed_ids([a, b], result) == {"posts/a.md": ("tin/2020/01/a/", True), "posts/b.md": ("tin/2020/01/b/", True)}


def test_a_renamed_post_keeps_its_first_url_which_still_leads_to_it():
    lock = {"posts": {"posts/a.md": ["tin/2020/01/cu-nhat/", "tin/2020/01/cu/"]}, "removed": {}}
    a = post("posts/a.md", "moi")
    assert feed_ids([a], plan([a], [a], lock)) == {"posts/a.md": ("tin/2020/01/cu-nhat/", True)}


def test_a_moved_file_keeps_its_first_url_as_its_id():
    lock = {"posts": {"posts/a.md": ["tin/2020/01/cu/", "tin/2020/01/a/"]}, "removed": {}}
    moved = post("bai-viet/2020/a.md", "a")
    assert feed_ids([moved], plan([moved], [moved], lock)) == {"bai-viet/2020/a.md": ("tin/2020/01/cu/", True)}


def test_a_post_at_an_address_where_another_started_never_shares_its_id():
    """A started at cu/ and moved to a2/; B was published at cu/ later. A keeps cu/ (now B's page:
    not a permalink of A), B gets cu/#2, which leads to it."""
    lock = {"posts": {"posts/a.md": ["tin/2020/01/cu/", "tin/2020/01/a2/"]}, "removed": {}}
    a, b = post("posts/a.md", "a2"), post("posts/b.md", "cu")
    ids = feed_ids([a, b], plan([a, b], [a, b], lock))
    assert ids == {"posts/a.md": ("tin/2020/01/cu/", False), "posts/b.md": ("tin/2020/01/cu/#2", True)}
    # the same whichever order the posts come in
    assert feed_ids([b, a], plan([b, a], [b, a], lock)) == ids


def test_redirect_page_escapes_and_points_relatively():
    html = redirect_page("tin-tuc/x/cu.html", post("posts/a.md", "a"), "https://x.example/bantin/")
    page = BeautifulSoup(html, "html.parser")
    assert page.title.string == "Tiêu đề <b>" and "<b>" not in html
    assert page.select_one("meta[http-equiv=refresh]")["content"] == "0; url=../../tin/2020/01/a/"
    assert page.select_one("link[rel=canonical]")["href"] == "https://x.example/bantin/tin/2020/01/a/"


def test_renamed_post_and_alias_in_a_real_build(tmp_path: Path):
    root = copy_sample(tmp_path / "p")
    assert run_bantin(root, "build").returncode == 0
    lock = read_lock(root / "bantin.lock.json")
    assert len(lock["posts"]) == 19
    edit(root / "posts/2020/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022.md",
         "date: 2020-01-16 08:30", "date: 2020-02-16 08:30")
    (root / "posts/2021/chi-bo-phong-khao-thi-va-quan-ly-chat-luong-ket-nap-dang-vien-moi.md").unlink()
    result = run_bantin(root, "build")
    assert result.returncode == 0
    assert ("CẢNH BÁO  - bantin: posts/2021/chi-bo-phong-khao-thi-va-quan-ly-chat-luong-ket-nap-dang-vien-moi.md: "
            "bài viết đã bị xoá hoặc đổi tên tệp") in result.stderr
    site = root / "site"
    old = site / "tin/2020/01/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022/index.html"
    refresh = BeautifulSoup(old.read_text(encoding="utf-8"), "html.parser").select_one("meta[http-equiv=refresh]")
    target = refresh["content"].split("url=", 1)[1]
    assert (old.parent / target / "index.html").resolve() == (
        site / "tin/2020/02/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022/index.html").resolve()
    alias = site / "tin-tuc/hoat-dong-dang/tong-ket-cong-tac-xay-dung-dang-2019.html"
    assert "tin/2019/12/dang-bo-khoi-tong-ket-cong-tac-xay-dung-dang-nam-2019/" in alias.read_text(encoding="utf-8")
    gone = site / "tin/2021/06/chi-bo-phong-khao-thi-va-quan-ly-chat-luong-ket-nap-dang-vien-moi/index.html"
    assert "Bài viết đã được gỡ" in gone.read_text(encoding="utf-8")


# -- the lock file: JSON Lines, one record per post file, sorted --------------------------------------
LOCK = {"posts": {"posts/b.md": ["tin/2020/01/b/"], "posts/a.md": ["tin/2019/01/a-cu/", "tin/2020/01/a/"]},
        "removed": {"posts/2018/đã-gỡ.md": ["tin/2018/01/da-go/"]}}
LOCK_TEXT = (
    '{"file":"posts/2018/đã-gỡ.md","removed":true,"urls":["tin/2018/01/da-go/"]}\n'
    '{"file":"posts/a.md","urls":["tin/2019/01/a-cu/","tin/2020/01/a/"]}\n'
    '{"file":"posts/b.md","urls":["tin/2020/01/b/"]}\n')


def test_lock_is_one_sorted_line_per_post_and_reads_back():
    assert lock_text(LOCK) == LOCK_TEXT
    assert parse_lock(LOCK_TEXT) == LOCK
    assert lock_text(parse_lock("".join(reversed(LOCK_TEXT.splitlines(keepends=True))))) == LOCK_TEXT
    assert lock_text({"posts": {}, "removed": {}}) == "" and parse_lock("") == {"posts": {}, "removed": {}}


def test_the_single_object_format_before_json_lines_still_reads():
    old = ('{\n "posts": {\n  "posts/a.md": [\n   "tin/2019/01/a-cu/",\n   "tin/2020/01/a/"\n  ],\n'
           '  "posts/b.md": [\n   "tin/2020/01/b/"\n  ]\n },\n'
           ' "removed": {\n  "posts/2018/đã-gỡ.md": [\n   "tin/2018/01/da-go/"\n  ]\n }\n}\n')
    assert parse_lock(old) == LOCK
    assert parse_lock('{"posts": {}, "removed": {}}') == {"posts": {}, "removed": {}}
    assert parse_lock('{"file":"posts/a.md","urls":["tin/a/"]}') == {"posts": {"posts/a.md": ["tin/a/"]},
                                                                      "removed": {}}


def test_a_file_on_two_lines_after_a_union_merge_keeps_every_url():
    text = ('{"file":"posts/b.md","urls":["tin/b/"]}\n'
            '{"file":"posts/a.md","urls":["tin/a-cu/","tin/a-moi/"]}\n'
            '{"file":"posts/c.md","removed":true,"urls":["tin/c/"]}\n'
            '{"file":"posts/a.md","urls":["tin/a-cu/","tin/a-khac/","tin/a-khac/"]}\n'
            '{"file":"posts/c.md","urls":["tin/c-moi/"]}\n'
            '{"file":"posts/b.md","urls":["tin/b/"]}\n')
    assert parse_lock(text) == {"posts": {"posts/b.md": ["tin/b/"], "posts/a.md": ["tin/a-cu/", "tin/a-moi/", "tin/a-khac/"],
                                          "posts/c.md": ["tin/c-moi/", "tin/c/"]},  # live on one side: live
                                "removed": {}}


def test_an_unreadable_line_is_an_error_naming_file_and_line():
    text = ('{"file":"posts/a.md","urls":["tin/a/"]}\n\n'
            '{"file":"posts/b.md","urls":["tin/b/"]\n'
            '{"file":"posts/c.md","urls":"tin/c/"}\n'
            '["posts/d.md"]\n'
            '{"urls":["tin/e/"]}\n')
    with pytest.raises(ContentErrors) as raised:
        parse_lock(text)
    hint = ("\n    → sửa dòng này, hoặc xoá nó: lần xây dựng sau ghi lại địa chỉ hiện tại của bài "
            "(chỉ mất các địa chỉ cũ của bài đó)")
    message = 'dòng không phải bản ghi địa chỉ hợp lệ: cần dạng {"file":"posts/….md","urls":["tin/…/"]}'
    assert [e.format() for e in raised.value.errors] == [
        f"bantin.lock.json:3: {message}{hint}", f"bantin.lock.json:4: {message}{hint}",
        f"bantin.lock.json:5: {message}{hint}", f"bantin.lock.json:6: {message}{hint}"]
    assert [e.value for e in raised.value.errors] == [
        '{"file":"posts/b.md","urls":["tin/b/"]', '{"file":"posts/c.md","urls":"tin/c/"}', '["posts/d.md"]',
        '{"urls":["tin/e/"]}']
    with pytest.raises(ContentErrors):  # one object without "file" is not the older format either
        parse_lock('{"urls":["tin/e/"]}\n')


def test_read_lock_names_the_file_and_a_missing_one_is_empty(tmp_path: Path):
    assert read_lock(tmp_path / "bantin.lock.json") == {"posts": {}, "removed": {}}
    (tmp_path / "bantin.lock.json").write_bytes(b'{"file":"posts/a.md","urls":["tin/a/"]}\n\xff\n')
    with pytest.raises(ContentErrors) as raised:
        read_lock(tmp_path / "bantin.lock.json")
    assert [e.format() for e in raised.value.errors] == [
        "bantin.lock.json:2: tệp không phải UTF-8\n    → mở tệp và lưu lại với bảng mã UTF-8"]


def test_write_lock_replaces_the_file_whole_and_only_when_it_changed(tmp_path: Path):
    path = tmp_path / "bantin.lock.json"
    assert write_lock(path, LOCK) is True
    assert path.read_text(encoding="utf-8") == LOCK_TEXT and (path.stat().st_mode & 0o777) == 0o644
    path.chmod(0o664)
    before = path.stat()
    assert write_lock(path, parse_lock(LOCK_TEXT)) is False  # same content: not even touched
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    changed = {"posts": {**LOCK["posts"], "posts/c.md": ["tin/c/"]}, "removed": LOCK["removed"]}
    assert write_lock(path, changed) is True
    after = path.stat()
    assert after.st_ino != before.st_ino and (after.st_mode & 0o777) == 0o664  # a new file renamed over it
    assert read_lock(path) == changed and sorted(os.listdir(tmp_path)) == ["bantin.lock.json"]  # no temporary left


def test_a_lock_that_cannot_be_written_is_an_error_not_a_traceback(tmp_path: Path):
    (tmp_path / "tep").write_text("")  # a file where the project folder should be: fails even as root
    with pytest.raises(ContentErrors) as raised:
        write_lock(tmp_path / "tep" / "bantin.lock.json", LOCK)
    assert [e.format() for e in raised.value.errors] == [
        "bantin.lock.json: không ghi được tệp: một phần của đường dẫn là tệp, không phải thư mục\n"
        "    → kiểm tra quyền ghi và chỗ trống của thư mục dự án"]


def test_a_site_with_the_older_lock_format_upgrades_on_its_next_build(tmp_path: Path):
    root = copy_sample(tmp_path / "p")
    lock = read_lock(root / "bantin.lock.json")
    older = json.dumps(lock, ensure_ascii=False, indent=1, sort_keys=True) + "\n"  # as builds wrote it before
    (root / "bantin.lock.json").write_text(older, encoding="utf-8")
    assert run_bantin(root, "check").returncode == 0
    assert run_bantin(root, "build").returncode == 0
    assert (root / "bantin.lock.json").read_text(encoding="utf-8") == lock_text(lock)


def test_check_reports_what_the_url_record_makes_the_build_report(tmp_path: Path):
    root = copy_sample(tmp_path / "p")
    post = root / "posts/2019/dang-bo-khoi-tong-ket-cong-tac-xay-dung-dang-nam-2019.md"
    edit(post, "aliases: [", "aliases: [tin/2018/05/chi-bo-thon-doai-ket-nap-dang-vien-moi-dip-19-5, ")
    (root / "posts/2021/chi-bo-phong-khao-thi-va-quan-ly-chat-luong-ket-nap-dang-vien-moi.md").unlink()
    result = run_bantin(root, "check")
    assert result.returncode == 1
    assert ("LỖI posts/2019/dang-bo-khoi-tong-ket-cong-tac-xay-dung-dang-nam-2019.md: [aliases] đường dẫn cũ "
            "'tin/2018/05/chi-bo-thon-doai-ket-nap-dang-vien-moi-dip-19-5' trùng địa chỉ của bài "
            "'posts/2018/chi-bo-thon-doai-ket-nap-dang-vien-moi-dip-19-5.md'\n    → xoá dòng này khỏi aliases"
            ) in result.stdout
    assert ("CẢNH BÁO posts/2021/chi-bo-phong-khao-thi-va-quan-ly-chat-luong-ket-nap-dang-vien-moi.md: bài viết đã "
            "bị xoá hoặc đổi tên tệp; địa chỉ cũ /tin/2021/06/chi-bo-phong-khao-thi-va-quan-ly-chat-luong-ket-nap-"
            "dang-vien-moi/ sẽ báo bài đã gỡ") in result.stdout


def test_the_url_record_is_written_only_once_the_new_site_is_in_place(tmp_path: Path):
    root = copy_sample(tmp_path / "p")
    before = (root / "bantin.lock.json").read_bytes()
    # A warning fails a strict build after every page is rendered: no URL of that build is recorded.
    write_post(root, "posts/2023/moi.md", "title: Bài mới\ndate: 2023-03-01\nagency: so-tai-chinh\n"
               "kind: “dai-hoi-chi-bo”")
    failed = run_bantin(root, "build", "--strict")
    assert failed.returncode == 1, failed.stderr
    assert (root / "bantin.lock.json").read_bytes() == before
    built = run_bantin(root, "build")
    assert built.returncode == 0, built.stderr
    assert "tin/2023/03/bai-moi/" in read_lock(root / "bantin.lock.json")["posts"]["posts/2023/moi.md"]
