"""RSS 2.0 and Atom feeds: the whole site, each agency, each term. Plain Python, absolute URLs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email.utils import format_datetime
from typing import Sequence
from xml.etree.ElementTree import Element, SubElement, register_namespace, tostring

LIMIT = 30  # newest posts in each feed
register_namespace("dc", "http://purl.org/dc/elements/1.1/")


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


@dataclass(frozen=True)
class Feed:
    title: str
    description: str
    page_url: str  # absolute URL of the matching HTML page
    rss_url: str  # absolute URLs of the feeds themselves
    atom_url: str
    items: Sequence[FeedItem]


def _text(parent: Element, tag: str, text: str, **attrs: str) -> Element:
    element = SubElement(parent, tag, attrs)
    element.text = text
    return element


def _xml(root: Element) -> str:
    return '<?xml version="1.0" encoding="utf-8"?>\n' + tostring(root, encoding="unicode") + "\n"


def _updated(feed: Feed) -> dt.datetime:
    return max((i.published for i in feed.items), default=dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))


def rss(feed: Feed) -> str:
    root = Element("rss", {"version": "2.0", "xmlns:atom": "http://www.w3.org/2005/Atom"})
    channel = SubElement(root, "channel")
    _text(channel, "title", feed.title)
    _text(channel, "link", feed.page_url)
    _text(channel, "description", feed.description or feed.title)
    _text(channel, "language", "vi")
    _text(channel, "lastBuildDate", format_datetime(_updated(feed)))
    SubElement(channel, "atom:link", {"href": feed.rss_url, "rel": "self", "type": "application/rss+xml"})
    for item in feed.items[:LIMIT]:
        node = SubElement(channel, "item")
        _text(node, "title", item.title)
        _text(node, "link", item.url)
        _text(node, "guid", item.url, isPermaLink="true")
        _text(node, "pubDate", format_datetime(item.published))
        _text(node, "description", item.summary)
        if item.author:
            _text(node, "{http://purl.org/dc/elements/1.1/}creator", item.author)
        for category in item.categories:
            _text(node, "category", category)
        if item.image:
            SubElement(node, "enclosure", {"url": item.image, "type": "image/jpeg", "length": str(item.image_bytes)})
    return _xml(root)


def atom(feed: Feed) -> str:
    root = Element("feed", {"xmlns": "http://www.w3.org/2005/Atom", "xml:lang": "vi"})
    _text(root, "title", feed.title)
    if feed.description:
        _text(root, "subtitle", feed.description)
    _text(root, "id", feed.atom_url)
    _text(root, "updated", _updated(feed).isoformat())
    SubElement(root, "link", {"href": feed.page_url, "rel": "alternate", "type": "text/html"})
    SubElement(root, "link", {"href": feed.atom_url, "rel": "self", "type": "application/atom+xml"})
    author = SubElement(root, "author")
    _text(author, "name", feed.title)
    for item in feed.items[:LIMIT]:
        entry = SubElement(root, "entry")
        _text(entry, "title", item.title)
        _text(entry, "id", item.url)
        SubElement(entry, "link", {"href": item.url, "rel": "alternate", "type": "text/html"})
        _text(entry, "published", item.published.isoformat())
        _text(entry, "updated", item.published.isoformat())
        if item.author:
            _text(SubElement(entry, "author"), "name", item.author)
        for category in item.categories:
            SubElement(entry, "category", {"term": category})
        _text(entry, "summary", item.summary)
        if item.image:
            SubElement(entry, "link", {"href": item.image, "rel": "enclosure", "type": "image/jpeg",
                                        "length": str(item.image_bytes)})
    return _xml(root)


def site_feeds(project, site_url: str, site_name: str, site_description: str, image_of) -> dict[str, Feed]:
    """{folder of the feed files ('' for the site): Feed} for the site, each agency and each term.

    `image_of(post)` gives (absolute URL, bytes) of a post's picture, or ("", 0).
    """
    registry, index = project.registry, project.index

    def absolute(path: str) -> str:
        return site_url + path

    def items(posts) -> list[FeedItem]:
        result = []
        for post in posts[:LIMIT]:
            image, size = image_of(post)
            categories = (registry.agencies[post.agency].short, registry.kinds[post.kind].name,
                          *(t.label for t in post.terms))
            result.append(FeedItem(post.title, absolute(post.url), post.summary, post.date, post.author,
                                   categories, image, size))
        return result

    def feed(folder: str, title: str, description: str, posts) -> Feed:
        return Feed(title, description, absolute(folder), absolute(folder + "feed.xml"),
                    absolute(folder + "atom.xml"), items(posts))

    site_title = site_name
    feeds = {"": feed("", site_title, site_description, index.posts)}
    for key, posts in index.by_agency.items():
        agency = registry.agencies[key]
        feeds[f"co-quan/{key}/"] = feed(f"co-quan/{key}/", f"{agency.name} – {site_title}", agency.description, posts)
    for term, posts in index.by_term.items():
        feeds[f"nhiem-ky/{term.slug}/"] = feed(f"nhiem-ky/{term.slug}/", f"{term.label} – {site_title}", "", posts)
    return feeds
