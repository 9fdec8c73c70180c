"""bantin.feeds: RSS 2.0 and Atom that a feed reader (feedparser) accepts, with absolute URLs."""

from __future__ import annotations

import datetime as dt

import feedparser

from bantin.dates import TZ
from bantin.feeds import Feed, FeedItem, atom, rss

ITEM = FeedItem(title="Đại hội <Chi bộ> & “Văn phòng”", url="https://x.example/bantin/tin/2020/01/a/",
                summary="Tóm tắt có <script>alert(1)</script>", published=dt.datetime(2020, 1, 16, 8, 30, tzinfo=TZ),
                author="Trần Thu Hà", categories=("Sở Công Thương", "Đại hội Chi bộ"),
                image="https://x.example/bantin/anh/a-1280.jpg", image_bytes=12345)
FEED = Feed(title="Bản tin", description="Tin hoạt động", page_url="https://x.example/bantin/",
            rss_url="https://x.example/bantin/feed.xml", atom_url="https://x.example/bantin/atom.xml", items=[ITEM])


def test_rss_is_valid_and_complete():
    parsed = feedparser.parse(rss(FEED))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20" and parsed.feed.language == "vi"
    entry = parsed.entries[0]
    assert entry.title == ITEM.title and entry.link == ITEM.url and entry.author == "Trần Thu Hà"
    assert entry.published_parsed[:5] == (2020, 1, 16, 1, 30)  # 08:30 in Hà Nội is 01:30 UTC
    assert "+0700" in rss(FEED)
    assert [t.term for t in entry.tags] == ["Sở Công Thương", "Đại hội Chi bộ"]
    assert entry.enclosures[0].href == ITEM.image and entry.enclosures[0].length == "12345"
    assert "<script>" not in rss(FEED)  # text is escaped, never markup


def test_atom_is_valid_and_complete():
    parsed = feedparser.parse(atom(FEED))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.links[1].href == FEED.atom_url and parsed.feed.links[1].rel == "self"
    entry = parsed.entries[0]
    assert entry.id == ITEM.url and entry.published == "2020-01-16T08:30:00+07:00"
    assert entry.summary == ITEM.summary
    assert any(link.rel == "enclosure" and link.href == ITEM.image for link in entry.links)


def test_empty_feed_is_still_valid():
    empty = Feed("T", "", "https://x.example/", "https://x.example/feed.xml", "https://x.example/atom.xml", [])
    assert not feedparser.parse(rss(empty)).bozo and not feedparser.parse(atom(empty)).bozo
