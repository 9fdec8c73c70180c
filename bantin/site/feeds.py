"""RSS 2.0 and Atom feeds: the whole site, each agency, each term. Plain Python, absolute URLs.

Editor text (titles, summaries, descriptions, authors, categories) is always text, never markup:

- RSS <title> and <description> (item and channel) are HTML to feed readers. Their text is
  HTML-escaped here and XML-escaped by the serializer, so after the reader's one XML decode it is
  escaped HTML that displays as the original text: `<img …>` is sent as `&amp;lt;img …&amp;gt;`.
- RSS <dc:creator> and <category> are plain text (Dublin Core literal; RSS 2.0 string), as are
  Atom's author <name> and category `term`: XML-escaped only, so readers that follow the
  specifications (feedparser passes them on as text, neither sanitized nor unescaped) show
  "Sở GD&ĐT", not "Sở GD&amp;ĐT".
- Atom <title>, <subtitle> and <summary> carry an explicit `type="text"`: the default, but not
  every reader applies it.
- URLs (<link>, <guid>, href and url attributes) are XML-escaped only; they are ASCII.

An item's RSS <guid> and Atom <id> are permanent: the first URL the post was published at (from
bantin.lock.json, see redirects.feed_ids), while its <link> is its current URL; fixing a title
never shows a post to subscribers again. The guid is `isPermaLink="true"` while that URL still
leads to the post (directly or by a redirect page).

Characters XML 1.0 cannot carry at all (C0 controls other than tab, newline and carriage return,
lone surrogates, U+FFFE, U+FFFF) are dropped so one stray character cannot make a whole feed
unreadable, and carriage returns are sent as `&#13;` so XML line-end normalization keeps them.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.utils import format_datetime
from xml.etree.ElementTree import Element, SubElement, register_namespace, tostring

from bantin.model.urls import ATOM, RSS, agency_uri, page_url, term_uri

LIMIT = 30  # newest posts in each feed
register_namespace("dc", "http://purl.org/dc/elements/1.1/")
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class FeedItem:
    title: str
    url: str  # absolute
    summary: str
    published: dt.datetime  # aware
    author: str = ""
    categories: tuple[str, ...] = ()
    image: str = ""  # absolute URL of a JPEG rendition, or ""
    image_bytes: int = 0
    id: str = ""  # absolute; permanent (the first URL the post had); `url` when empty
    permalink: bool = True  # `id` leads to the post (its URL, or an old URL redirecting to it)

    @property
    def guid(self) -> str:
        return self.id or self.url


@dataclass(frozen=True)
class Feed:
    title: str
    description: str
    page_url: str  # absolute URL of the matching HTML page
    rss_url: str  # absolute URLs of the feeds themselves
    atom_url: str
    items: Sequence[FeedItem]


def _plain(text: str) -> str:
    """Text as XML character data: only what XML 1.0 can carry; the serializer escapes the rest."""
    return _NOT_XML.sub("", text)


def _text(parent: Element, tag: str, text: str, attrs: dict[str, str] | None = None) -> Element:
    """An element whose content readers take as plain text (and URLs, dates, codes)."""
    element = SubElement(parent, tag, {k: _plain(v) for k, v in (attrs or {}).items()})
    element.text = _plain(text)
    return element


def _html(parent: Element, tag: str, text: str) -> Element:
    """An RSS element whose content readers take as HTML: the text HTML-escaped, then XML-escaped."""
    return _text(parent, tag, html.escape(text, quote=False))


def _xml(root: Element) -> str:
    # ElementTree writes a carriage return in text as is, and XML parsers turn it into a newline.
    body = tostring(root, encoding="unicode").replace("\r", "&#13;")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"


def _updated(feed: Feed) -> dt.datetime:
    return max((i.published for i in feed.items), default=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))


def rss(feed: Feed) -> str:
    root = Element("rss", {"version": "2.0", "xmlns:atom": "http://www.w3.org/2005/Atom"})
    channel = SubElement(root, "channel")
    _html(channel, "title", feed.title)
    _text(channel, "link", feed.page_url)
    _html(channel, "description", feed.description or feed.title)
    _text(channel, "language", "vi")
    _text(channel, "lastBuildDate", format_datetime(_updated(feed)))
    SubElement(channel, "atom:link", {"href": feed.rss_url, "rel": "self", "type": "application/rss+xml"})
    for item in feed.items[:LIMIT]:
        node = SubElement(channel, "item")
        _html(node, "title", item.title)
        _text(node, "link", item.url)
        _text(node, "guid", item.guid, {"isPermaLink": "true" if item.permalink else "false"})
        _text(node, "pubDate", format_datetime(item.published))
        _html(node, "description", item.summary)
        if item.author:
            _text(node, "{http://purl.org/dc/elements/1.1/}creator", item.author)
        for category in item.categories:
            _text(node, "category", category)
        if item.image:
            SubElement(node, "enclosure", {"url": item.image, "type": "image/jpeg", "length": str(item.image_bytes)})
    return _xml(root)


def atom(feed: Feed) -> str:
    root = Element("feed", {"xmlns": "http://www.w3.org/2005/Atom", "xml:lang": "vi"})
    _text(root, "title", feed.title, {"type": "text"})
    if feed.description:
        _text(root, "subtitle", feed.description, {"type": "text"})
    _text(root, "id", feed.atom_url)
    _text(root, "updated", _updated(feed).isoformat())
    SubElement(root, "link", {"href": feed.page_url, "rel": "alternate", "type": "text/html"})
    SubElement(root, "link", {"href": feed.atom_url, "rel": "self", "type": "application/atom+xml"})
    author = SubElement(root, "author")
    _text(author, "name", feed.title)
    for item in feed.items[:LIMIT]:
        entry = SubElement(root, "entry")
        _text(entry, "title", item.title, {"type": "text"})
        _text(entry, "id", item.guid)
        SubElement(entry, "link", {"href": item.url, "rel": "alternate", "type": "text/html"})
        _text(entry, "published", item.published.isoformat())
        _text(entry, "updated", item.published.isoformat())
        if item.author:
            _text(SubElement(entry, "author"), "name", item.author)
        for category in item.categories:
            SubElement(entry, "category", {"term": _plain(category)})
        _text(entry, "summary", item.summary, {"type": "text"})
        if item.image:
            SubElement(entry, "link", {"href": item.image, "rel": "enclosure", "type": "image/jpeg",
                                        "length": str(item.image_bytes)})
    return _xml(root)


def site_feeds(project, site_url: str, site_name: str, site_description: str, image_of,
               ids: Mapping[str, tuple[str, bool]] | None = None) -> dict[str, Feed]:
    """{folder of the feed files ('' for the site): Feed} for the site, each agency and each term.

    `image_of(post)` gives (absolute URL, bytes) of a post's picture, or ("", 0); `ids` the
    permanent id of each post file and whether it leads to the post (redirects.feed_ids): a
    post missing there is known by its URL.
    """
    ids = ids or {}
    registry, index = project.registry, project.index

    def absolute(path: str) -> str:
        return site_url + path

    def items(posts) -> list[FeedItem]:
        result = []
        for post in posts[:LIMIT]:
            image, size = image_of(post)
            categories = (registry.agencies[post.agency].short, registry.kinds[post.kind].name,
                          *(t.label for t in post.terms))
            uid, permalink = ids.get(post.path, (post.url, True))
            result.append(FeedItem(post.title, absolute(post.url), post.summary, post.date, post.author,
                                   categories, image, size, absolute(uid), permalink))
        return result

    def feed(folder: str, title: str, description: str, posts) -> Feed:
        return Feed(title, description, absolute(folder), absolute(folder + RSS),
                    absolute(folder + ATOM), items(posts))

    site_title = site_name
    feeds = {"": feed("", site_title, site_description, index.posts)}
    for key, posts in index.by_agency.items():
        agency = registry.agencies[key]
        folder = page_url(agency_uri(key))
        feeds[folder] = feed(folder, f"{agency.name} – {site_title}", agency.description, posts)
    for term, posts in index.by_term.items():
        folder = page_url(term_uri(term))
        feeds[folder] = feed(folder, f"{term.label} – {site_title}", "", posts)
    return feeds
