"""Permanent URLs: aliases, posts whose URL changed, removed posts, and the URL record."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from bs4 import BeautifulSoup

from bantin.content import Post
from bantin.dates import TZ
from bantin.redirects import plan, redirect_page

from sitebuild import copy_sample, run_bantin


def post(path, slug, aliases=()):
    return Post(path=path, title="Tiêu đề <b>", date=dt.datetime(2020, 1, 16, tzinfo=TZ), agency="a", units=(),
                terms=(), kind="k", tags=(), author="", source="", summary="", cover=None, photos=(), draft=False,
                slug=slug, aliases=tuple(aliases), body="", body_line=1)


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


def test_redirect_page_escapes_and_points_relatively():
    html = redirect_page("tin-tuc/x/cu.html", post("posts/a.md", "a"), "https://x.example/bantin/")
    page = BeautifulSoup(html, "html.parser")
    assert page.title.string == "Tiêu đề <b>" and "<b>" not in html
    assert page.select_one("meta[http-equiv=refresh]")["content"] == "0; url=../../tin/2020/01/a/"
    assert page.select_one("link[rel=canonical]")["href"] == "https://x.example/bantin/tin/2020/01/a/"


def test_renamed_post_and_alias_in_a_real_build(tmp_path: Path):
    root = copy_sample(tmp_path / "p")
    assert run_bantin(root, "build").returncode == 0
    lock = json.loads((root / "bantin.lock.json").read_text(encoding="utf-8"))
    assert len(lock["posts"]) == 17
    source = root / "posts/2020/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022.md"
    source.write_text(source.read_text(encoding="utf-8").replace("date: 2020-01-16 08:30", "date: 2020-02-16 08:30"),
                      encoding="utf-8")
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
