"""Onward reading under a post (site/onward.py): same agency, same term, same kind, newest."""

from __future__ import annotations

import dataclasses
import datetime as dt

from bantin.model.dates import TZ
from bantin.model.taxonomy import build_index
from bantin.model.terms import parse_term
from bantin.site.onward import SLOT, OnwardLists, put_in
from factories import make_post

T1 = parse_term("2020-2025")
T2 = parse_term("2025-2030")


def post(n: int, agency: str = "a", kind: str = "k", terms=(T1,)):
    """Post number n, dated n days after 1 January 2020 (a larger n is newer)."""
    return make_post(f"posts/{n:05}.md", title=f"Tin {n}", slug=f"tin-{n}", agency=agency, kind=kind, terms=terms,
                     date=dt.datetime(2020, 1, 1, 8, tzinfo=TZ) + dt.timedelta(days=n))


def titles(lists) -> dict[str, list[str]]:
    return {o.title: [p.title for p in o.posts] for o in lists}


def test_neighbours_by_date_newer_first_then_older_without_repeats():
    posts = [post(n, agency="a" if n < 10 else "b", kind="k" if n % 2 else "m") for n in range(20)]
    lists = OnwardLists(build_index(posts))
    assert titles(lists.of(posts[5])) == {
        "Tin cùng cơ quan": ["Tin 6", "Tin 4", "Tin 7"],
        # the same term holds every post: the nearest not shown above
        "Tin cùng nhiệm kỳ": ["Tin 3", "Tin 8", "Tin 2"],
        # kind "k": the odd numbers; 7 and 3 are above already
        "Tin cùng loại": ["Tin 9", "Tin 1", "Tin 11"],
        "Tin mới": ["Tin 19", "Tin 18", "Tin 17"],
    }


def test_never_the_post_itself_nor_a_post_twice():
    posts = [post(n, agency="ab"[n % 2], kind="kmn"[n % 3], terms=((T1,), (T2,), (T1, T2))[n % 3]) for n in range(60)]
    lists = OnwardLists(build_index(posts))
    for each in posts:
        shown = [p.path for o in lists.of(each) for p in o.posts]
        assert each.path not in shown
        assert len(shown) == len(set(shown)) == 12, each.path
        assert all(len(o.posts) <= 3 for o in lists.of(each))


def test_a_post_without_term_has_no_term_list_and_empty_lists_are_left_out():
    lone = post(1, agency="z", kind="q", terms=())
    others = [post(n) for n in range(2, 6)]
    lists = titles(OnwardLists(build_index([lone, *others])).of(lone))
    assert lists == {"Tin mới": ["Tin 5", "Tin 4", "Tin 3"]}


def test_a_site_of_one_post_has_no_onward_reading():
    only = post(1)
    assert OnwardLists(build_index([only])).of(only) == []


def test_the_same_posts_give_the_same_lists_in_any_order():
    posts = [post(n, agency="ab"[n % 2]) for n in range(30)]
    first = OnwardLists(build_index(posts))
    second = OnwardLists(build_index(list(reversed(posts))))
    for each in posts:
        assert [(o.title, [p.path for p in o.posts]) for o in first.of(each)] == \
            [(o.title, [p.path for p in o.posts]) for o in second.of(each)]


class Counted(tuple):
    """A list of posts that counts how many of its items are read."""

    reads = 0

    def __getitem__(self, key):
        Counted.reads += 1
        return super().__getitem__(key)

    def __iter__(self):
        for item in super().__iter__():
            Counted.reads += 1
            yield item


def test_work_is_linear_in_the_number_of_posts():
    """Items read to make every post's lists: a few per post, not a scan of a list per post."""

    def reads(n: int) -> int:
        index = build_index([post(i) for i in range(n)])  # one agency, one term, one kind: the worst case
        counted = dataclasses.replace(
            index, posts=Counted(index.posts),
            by_agency={k: Counted(v) for k, v in index.by_agency.items()},
            by_term={k: Counted(v) for k, v in index.by_term.items()},
            by_kind={k: Counted(v) for k, v in index.by_kind.items()})
        Counted.reads = 0
        lists = OnwardLists(counted)
        for each in counted.by_agency["a"]:
            lists.of(each)
        return Counted.reads

    small, large = reads(200), reads(2000)
    assert large <= 11 * small  # ten times the posts: about ten times the reads (quadratic: a hundred)
    assert large <= 40 * 2000


def test_the_lists_go_into_the_last_slot_only():
    html = f"<p>Bài viết có {SLOT} trong chữ</p>\n{SLOT}"
    assert put_in(html, "<nav>x</nav>") == f"<p>Bài viết có {SLOT} trong chữ</p>\n<nav>x</nav>"
    assert put_in(html, "") == html  # no lists: the page as converted
    assert put_in("<p>Trang riêng của site, không có chỗ</p>", "<nav>x</nav>") == "<p>Trang riêng của site, không có chỗ</p>"


def test_markdown_passes_the_slot_through_as_it_is():
    """The slot survives the conversion of a post's page (the extensions bantin turns on) intact
    and last, after an editor's raw HTML and a Markdown heading."""
    import markdown

    source = f"# Tiêu đề\n\nĐoạn *một*.\n\n<div class=\"bt-tags\" markdown>\n**Từ khóa:** x\n</div>\n\n{SLOT}\n"
    html = markdown.markdown(source, extensions=["toc", "attr_list", "md_in_html"])
    assert html.endswith(f"</div>\n{SLOT}") and html.count(SLOT) == 1
