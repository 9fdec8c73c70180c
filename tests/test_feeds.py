"""bantin.site.feeds: RSS 2.0 and Atom that a feed reader (feedparser) accepts, with absolute URLs, and
editor text that every reader shows as text, never as markup."""

from __future__ import annotations

import datetime as dt
import html
import os
from html.parser import HTMLParser
from xml.etree import ElementTree

import feedparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bantin.model.dates import TZ
from bantin.site.feeds import Feed, FeedItem, atom, rss

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
    assert entry.title_detail.type == "text/html"  # RSS titles are HTML to readers: sent escaped
    assert _shown(entry.title_detail) == ITEM.title and _shown(entry.summary_detail) == ITEM.summary
    assert entry.link == ITEM.url and entry.author == "Trần Thu Hà"
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
    assert entry.title == ITEM.title and entry.summary == ITEM.summary
    assert entry.title_detail.type == entry.summary_detail.type == "text/plain"
    assert any(link.rel == "enclosure" and link.href == ITEM.image for link in entry.links)


def test_an_item_is_known_by_its_permanent_id_and_linked_at_its_current_url():
    first = "https://x.example/bantin/tin/2020/01/ten-cu/"
    for permalink in (True, False):
        item = FeedItem(ITEM.title, ITEM.url, ITEM.summary, ITEM.published, id=first, permalink=permalink)
        feed = Feed(FEED.title, FEED.description, FEED.page_url, FEED.rss_url, FEED.atom_url, [item])
        for text in (rss(feed), atom(feed)):
            parsed = feedparser.parse(text)
            assert not parsed.bozo, parsed.get("bozo_exception")
            assert parsed.entries[0].id == first and parsed.entries[0].link == ITEM.url
        assert f'<guid isPermaLink="{str(permalink).lower()}">{first}</guid>' in rss(feed)
    assert f'<guid isPermaLink="true">{ITEM.url}</guid>' in rss(FEED)  # no id given: the URL
    assert f"<id>{ITEM.url}</id>" in atom(FEED)


def test_empty_feed_is_still_valid():
    empty = Feed("T", "", "https://x.example/", "https://x.example/feed.xml", "https://x.example/atom.xml", [])
    assert not feedparser.parse(rss(empty)).bozo and not feedparser.parse(atom(empty)).bozo


# -- editor text is text in every field, whatever it contains ------------------------------------------
NS = {"atom": "http://www.w3.org/2005/Atom", "dc": "http://purl.org/dc/elements/1.1/"}
HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "</title><script>alert(1)</script>",
    "</description><item><title>giả</title></item>",
    "A &amp; B",  # the literal text "&amp;" stays "&amp;", never becomes "&"
    "&lt;b&gt; &#60;i&#62; &#x3C;u&#x3E; &nbsp",
    "Sở GD&ĐT tỉnh \"Quảng Nam\" – ‘Hội nghị’ 'x'",
    "]]><![CDATA[<script>alert(1)</script>]]>",
    "<!-- x --><?php echo 1 ?><!DOCTYPE html>",
    "𝒳 中文 العربية ⁦עברית⁩ e\u0301\u00a0❤️ ẞ ﬁ",
]


class _Html(HTMLParser):
    """What an HTML renderer makes of a value: its text, and any element, comment or declaration."""

    def __init__(self, value: str):
        super().__init__(convert_charrefs=True)
        self.markup: list[str] = []
        self.parts: list[str] = []
        self.feed(value)
        self.close()
        self.text = "".join(self.parts)

    def handle_starttag(self, tag, attrs):
        self.markup.append(f"<{tag}>")

    def handle_endtag(self, tag):
        self.markup.append(f"</{tag}>")

    def handle_data(self, data):
        self.parts.append(data)

    def handle_comment(self, data):
        self.markup.append("<!--")

    def handle_decl(self, decl):
        self.markup.append("<!")

    def handle_pi(self, data):
        self.markup.append("<?")

    def unknown_decl(self, data):
        self.markup.append("<![")


def _feed(title="T", summary="S", author="A", categories=("C",), feed_title="Bản tin", description="Tin") -> Feed:
    item = FeedItem(title, ITEM.url, summary, ITEM.published, author, categories)
    return Feed(feed_title, description, FEED.page_url, FEED.rss_url, FEED.atom_url, [item])


def _rss_fields(feed: Feed) -> dict[str, list[str]]:
    """Each field of the RSS feed as a reader has it after one XML decode."""
    channel = ElementTree.fromstring(rss(feed).encode("utf-8")).find("channel")
    item = channel.find("item")
    return {"html": [channel.findtext("title"), channel.findtext("description"),
                     item.findtext("title"), item.findtext("description")],
            "author": [e.text or "" for e in item.findall("dc:creator", NS)],
            "categories": [e.text or "" for e in item.findall("category")]}


def _atom_fields(feed: Feed) -> dict[str, list[str]]:
    """Each field of the Atom feed after one XML decode, checking text constructs say type="text"."""
    root = ElementTree.fromstring(atom(feed).encode("utf-8"))
    entry = root.find("atom:entry", NS)
    constructs = [root.find("atom:title", NS), root.find("atom:subtitle", NS),
                  entry.find("atom:title", NS), entry.find("atom:summary", NS)]
    assert all(e is None or e.get("type") == "text" for e in constructs)
    return {"text": [e.text or "" for e in constructs if e is not None],
            "author": [e.text or "" for e in entry.findall("atom:author/atom:name", NS)],
            "categories": [e.get("term") for e in entry.findall("atom:category", NS)]}


def _shown(detail) -> str:
    """What a reader using feedparser displays for a title or summary, after checking it has no markup."""
    if detail.type == "text/plain":
        return detail.value
    assert detail.type == "text/html"
    rendered = _Html(detail.value)
    assert rendered.markup == [], detail.value
    return rendered.text


def test_a_hostile_title_reaches_rss_readers_as_escaped_html():
    xml = rss(_feed(title="<img src=x onerror=alert(1)>", summary="Sở GD&ĐT"))
    assert "<title>&amp;lt;img src=x onerror=alert(1)&amp;gt;</title>" in xml
    assert "<description>Sở GD&amp;amp;ĐT</description>" in xml
    xml = atom(_feed(title="<img src=x onerror=alert(1)>", summary="Sở GD&ĐT"))
    assert '<title type="text">&lt;img src=x onerror=alert(1)&gt;</title>' in xml
    assert '<summary type="text">Sở GD&amp;ĐT</summary>' in xml


@pytest.mark.parametrize("text", HOSTILE)
def test_rss_html_fields_decode_to_escaped_html_that_shows_the_text(text):
    fields = _rss_fields(_feed(text, text, text, (text, "Khác"), text, text))
    for value in fields["html"]:
        rendered = _Html(value)
        assert rendered.markup == [] and rendered.text == text and html.unescape(value) == text
    assert fields["author"] == [text] and fields["categories"] == [text, "Khác"]  # plain text, as is
    fallback = _rss_fields(_feed(feed_title=text, description=""))["html"]
    assert _Html(fallback[1]).text == text  # the channel description falls back to the title


@pytest.mark.parametrize("text", HOSTILE)
def test_atom_text_constructs_decode_to_the_text(text):
    fields = _atom_fields(_feed(text, text, text, (text,), text, text))
    assert fields == {"text": [text] * 4, "author": [text], "categories": [text]}


@pytest.mark.parametrize("text", HOSTILE)
def test_feedparser_shows_the_text_and_no_payload_element(text):
    feed = _feed(text, text, text, (text,), text, text)
    for xml, version in ((rss(feed), "rss20"), (atom(feed), "atom10")):
        parsed = feedparser.parse(xml)
        assert not parsed.bozo and parsed.version == version, parsed.get("bozo_exception")
        entry = parsed.entries[0]
        assert _shown(entry.title_detail) == text and _shown(entry.summary_detail) == text
        assert _shown(parsed.feed.title_detail) == text and _shown(parsed.feed.subtitle_detail) == text
        assert entry.author == text and [t.term for t in entry.tags] == [text]
        if version == "atom10":
            assert entry.title_detail.type == entry.summary_detail.type == "text/plain"


def test_characters_xml_cannot_carry_are_dropped_and_carriage_returns_kept():
    text = "a\x00b\x1bc\ufffed\ud800e\r\nf\tg"
    kept = "abcde\r\nf\tg"
    assert {"html": [html.escape(kept, quote=False)] * 4, "author": [kept], "categories": [kept]} \
        == _rss_fields(_feed(text, text, text, (text,), text, text))
    assert _atom_fields(_feed(text, text, text, (text,), text, text)) == {
        "text": [kept] * 4, "author": [kept], "categories": [kept]}


# Any text: st.text without lone surrogates and the characters XML 1.0 cannot carry (tab, newline and
# carriage return stay: XML keeps them, the last one as &#13;).
FAST = settings(max_examples=int(os.environ.get("BANTIN_FUZZ_EXAMPLES", "300")), deadline=1000)
XML_TEXT = st.text(st.characters(exclude_categories=("Cs",),
                                 exclude_characters=[chr(c) for c in range(32) if chr(c) not in "\t\n\r"]
                                 + ["\ufffe", "\uffff"]),
                   max_size=60)
HOSTILE_TEXT = st.one_of(XML_TEXT, st.sampled_from(HOSTILE),
                         st.lists(st.one_of(st.sampled_from(["<", ">", "&", "&amp;", "&lt;", ";", "]]>", "<!--",
                                                              "<img src=x onerror=alert(1)>", "\r", '"', "'"]),
                                            XML_TEXT), max_size=8).map("".join))


@FAST
@given(title=HOSTILE_TEXT, summary=HOSTILE_TEXT, author=HOSTILE_TEXT, category=HOSTILE_TEXT,
       feed_title=HOSTILE_TEXT, description=HOSTILE_TEXT)
def test_any_text_decodes_to_exactly_the_text_never_markup(title, summary, author, category, feed_title,
                                                           description):
    feed = _feed(title, summary, author, (category,), feed_title, description)
    rss_fields, atom_fields = _rss_fields(feed), _atom_fields(feed)
    channel = [feed_title, description or feed_title]
    for value, text in zip(rss_fields["html"], channel + [title, summary], strict=True):
        rendered = _Html(value)
        assert rendered.markup == [] and rendered.text == text and html.unescape(value) == text
    assert rss_fields["author"] == ([author] if author else []) and rss_fields["categories"] == [category]
    assert atom_fields == {"text": [feed_title] + ([description] if description else []) + [title, summary],
                           "author": [author] if author else [], "categories": [category]}


@FAST
@given(st.text(st.characters(exclude_categories=()), max_size=60))
def test_any_python_string_still_gives_well_formed_feeds(text):
    """Lone surrogates and control characters included: dropped, never a broken feed or a crash."""
    kept = "".join(c for c in text if c in "\t\n\r" or " " <= c <= "\ud7ff" or "\ue000" <= c <= "\ufffd"
                   or c >= "\U00010000")
    fields = _atom_fields(_feed(text, text, text, (text,), text, text))
    assert fields["text"][-2:] == [kept, kept] and fields["categories"] == [kept]
    rss_fields = _rss_fields(_feed(text, text, text, (text,), text, text))
    assert [_Html(value).text for value in rss_fields["html"]] == [kept] * 4 and rss_fields["categories"] == [kept]


# -- in a real build: ids from the URL record bantin.lock.json -------------------------------------------
def _entries(site, name: str) -> dict[str, tuple[str, str]]:
    """{title: (id, link)} of the entries of a feed file, read by feedparser."""
    parsed = feedparser.parse((site / name).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return {entry.title: (entry.id, entry.link) for entry in parsed.entries}


def test_a_new_title_keeps_the_feed_id_and_a_new_post_gets_its_url(tmp_path):
    from factories import edit, write_post
    from sitebuild import copy_sample, run_bantin

    root = copy_sample(tmp_path / "p")
    assert run_bantin(root, "build").returncode == 0
    old = "Đại hội Công đoàn Cục Thuế tỉnh Nam Sơn lần thứ IV, nhiệm kỳ 2017-2022"
    new = "Đại hội Công đoàn Cục Thuế tỉnh Nam Sơn lần thứ tư, nhiệm kỳ 2017-2022"
    feeds = ("feed.xml", "atom.xml", "co-quan/cuc-thue/feed.xml", "co-quan/cuc-thue/atom.xml")
    before = {name: _entries(root / "site", name) for name in feeds}
    source = next(p for p in (root / "posts").rglob("*.md") if f"title: {old}\n" in p.read_text(encoding="utf-8"))
    edit(source, f"title: {old}\n", f"title: {new}\n")
    write_post(root, "posts/2023/bai-moi.md", "title: Bài mới\ndate: 2023-12-30 08:00\nagency: cuc-thue\n"
               "kind: dai-hoi-cong-doan\nsummary: Tóm tắt.\n")
    result = run_bantin(root, "build")
    assert result.returncode == 0, result.stderr
    for name in feeds:
        after = _entries(root / "site", name)
        first_id, first_link = before[name][old]
        assert after[new][0] == first_id  # the id stays: readers do not show it again
        assert after[new][1] != first_link and after[new][1].endswith("/tin/2017/06/dai-hoi-cong-doan-cuc-thue-"
                                                                      "tinh-nam-son-lan-thu-tu-nhiem-ky-2017-2022/")
        assert after["Bài mới"][0] == after["Bài mới"][1]  # a new post: its URL
        assert after["Bài mới"][1].endswith("/tin/2023/12/bai-moi/")
        assert {k: v for k, v in after.items() if k not in (new, "Bài mới")} == \
            {k: v for k, v in before[name].items() if k != old and k in after}
        assert len({uid for uid, _ in after.values()}) == len(after)  # two posts never share an id
    rss_text = (root / "site/feed.xml").read_text(encoding="utf-8")
    assert f'<guid isPermaLink="true">{first_id}</guid>' in rss_text  # the old URL redirects to the post
    assert (root / "site" / first_id.split("/bantin/", 1)[1] / "index.html").exists()
