"""An HTML article, from a bare CMS export to a whole saved web page: its text lines, with the
site's chrome (menus, breadcrumb, share links, related news, sidebars, footer) left out, its title
from `<h1>`, its date from `<time datetime>` or the page's metadata, its byline and its photo
captions. Hand-written rules on html.parser (why not trafilatura or readability-lxml: BENCHMARKS.md).

Scripts, styles, forms and event handlers never reach the text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from bantin.model.dates import TZ
from bantin.model.markup import parseable
from bantin.tools.importer.recognisers import dateline

# Private-use characters (never in an article, never stripped as space) mark what a line was.
IMAGE = "\ue000ẢNH"  # a line where a photo stood
CAPTION = "\ue001"  # before a line the page marks as a photo's caption (figcaption, class "caption", …)
HEADING = "\ue002"  # before a subheading (<h2>…<h6>, a paragraph all in bold): body text, never a caption

_DEEPEST = 200  # nesting kept; real pages stay under 40
_WRAPPERS = {"div", "span", "section", "font", "center", "tbody", "small", "big", "i", "u", "a", "table", "tr", "td"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_HIDDEN = {"script", "style", "noscript", "template", "iframe", "head", "form", "button", "select", "svg", "object"}
_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "figcaption", "section", "article",
           "header", "footer", "blockquote", "td", "th", "figure", "main", "ul", "ol", "table", "time", "dd", "dt"}
# Site chrome by element or by class/id: every news CMS names its menus, share bars and related news so.
_CHROME_TAGS = {"nav", "aside", "footer"}
_CHROME = re.compile(
    r"(?:^|[-_ ])(?:nav|navbar|navigation|menu|mainmenu|menu-top|breadcrumbs?|share|sharing|social|related|relate|"
    r"lien-?quan|tin-?khac|other-?news|more-?news|cung-?chuyen-?muc|sidebar|side|side-?col|right-?col|col-?right|"
    r"widget|banner|header|top-?bar|most-?read|most-?viewed|popular|doc-?nhieu|xem-?nhieu|hot-?news|"
    r"footer|bottom|copyright|comments?|binh-?luan|search|tim-?kiem|advert|ads|quang-?cao|tags|print|toolbar)"
    r"(?:$|[-_ ])", re.I)
_TITLE_CLASS = re.compile(r"(?:^|[-_ ])(?:title|tieu-?de|headline)(?:$|[-_ ])", re.I)
_BYLINE_CLASS = re.compile(r"(?:^|[-_ ])(?:author|byline|tac-?gia|writer)(?:$|[-_ ])", re.I)
_DATE_CLASS = re.compile(r"(?:^|[-_ ])(?:date|time|ngay-?dang|entry-?meta|post-?meta|post-?info|entry-?info|"
                         r"meta|publish(?:ed)?|posted-?on)(?:$|[-_ ])", re.I)
_CAPTION_CLASS = re.compile(r"(?:^|[-_ ])(?:caption|image-?caption|chu-?thich|img-?desc|desc)(?:$|[-_ ])", re.I)


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    @property
    def names(self) -> str:
        return f"{self.attrs.get('class', '')} {self.attrs.get('id', '')}".strip()

    def text(self) -> str:
        return " ".join(" ".join(c.text() if isinstance(c, Node) else c for c in self.children).split())

    def walk(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.walk()

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _Tree(HTMLParser):
    """A forgiving DOM: unclosed <p> and <li> close at the next of their kind, stray end tags are ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.open = [self.root]
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        values = {k: (v or "") for k, v in attrs}
        if tag == "meta":
            key = values.get("property") or values.get("name") or values.get("itemprop") or ""
            if key and "content" in values:
                self.meta.setdefault(key.lower(), values["content"])
            return
        if tag in ("p", "li") and self.open[-1].tag == tag:
            self.open.pop()
        # Past a depth no page needs, wrappers are dropped (their text stays) and the rest is capped:
        # the tree is walked recursively, and a page nested thousands deep must not stop the import.
        if len(self.open) >= _DEEPEST and (tag in _WRAPPERS or len(self.open) >= _DEEPEST + 20):
            return
        node = Node(tag, {k: v for k, v in values.items() if k in ("class", "id", "datetime", "itemprop", "alt")},
                      self.open[-1])
        self.open[-1].children.append(node)
        if tag not in _VOID:
            self.open.append(node)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.open[-1].tag == tag:
            self.open.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, 0, -1):
            if self.open[i].tag == tag:
                del self.open[i:]
                return

    def handle_data(self, data):
        self.open[-1].children.append(data)


@dataclass
class Page:
    title: str = ""
    published: dt.datetime | None = None
    byline: str = ""
    lines: list[str] = field(default_factory=list)
    chrome: bool = False  # whether site chrome was found and left out


def _hidden(node: Node) -> bool:
    return node.tag in _HIDDEN


def _chrome(node: Node, keep: Node | None) -> bool:
    if node.tag in ("html", "body", "main", "article", "#root"):
        return False
    if keep is not None and (keep is node or node in keep.ancestors()):
        return False  # a "header" holding the article's title is the article's
    if node.tag == "header" or (node.tag not in _CHROME_TAGS and re.search(r"(?:^|[-_ ])header", node.names, re.I)):
        # The site's header is chrome; an article's own <header> (its title, its date) is not.
        return not any(a.tag in ("article", "main") for a in node.ancestors())
    return node.tag in _CHROME_TAGS or bool(_CHROME.search(node.names))


def _iso(value: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(TZ) if moment.tzinfo else moment.replace(tzinfo=TZ)


def _visible(node: Node) -> str:
    """The text a reader sees in the node (scripts, styles and forms left out)."""
    return " ".join(" ".join(_visible(c) if isinstance(c, Node) else c for c in node.children
                             if not (isinstance(c, Node) and _hidden(c))).split())


def _bold_only(node: Node) -> bool:
    """A subheading: <h2>…<h6>, or a paragraph whose only text is in one <strong>/<b>."""
    if node.tag in ("h2", "h3", "h4", "h5", "h6"):
        return bool(node.text())
    if node.tag != "p":
        return False
    kids = [c for c in node.children if not (isinstance(c, str) and not c.strip())]
    return len(kids) == 1 and isinstance(kids[0], Node) and kids[0].tag in ("strong", "b") and bool(kids[0].text())


def _density(node: Node) -> int:
    """Text held directly in the node's paragraphs: where the article's body is."""
    return sum(len(c.text()) for c in node.children if isinstance(c, Node) and c.tag == "p")


def read_page(html: str) -> Page:
    tree = _Tree()
    tree.feed(parseable(html))
    tree.close()
    root = tree.root
    page = Page()

    # Each element's standing, decided once from the top (linear in the page's size).
    nodes: list[Node] = []
    chrome: dict[int, bool] = {}

    def survey(node: Node, outer_chrome: bool) -> None:
        chrome[id(node)] = outer_chrome or _chrome(node, None)
        nodes.append(node)
        for child in node.children:
            if isinstance(child, Node) and not _hidden(child):
                survey(child, chrome[id(node)])

    survey(root, False)

    def in_chrome(node: Node) -> bool:
        return chrome[id(node)]

    headings = [n for n in nodes if n.tag == "h1" and n.text() and not in_chrome(n)]
    titled = headings or [n for n in nodes if _TITLE_CLASS.search(n.names) and n.text() and not in_chrome(n)
                          and not any(c.tag in _BLOCKS - {"br"} for c in n.walk() if c is not n)]
    # The article's body: the element whose paragraphs hold the most text, outside the chrome.
    outside = [n for n in nodes if not in_chrome(n)]
    body = max(outside, key=_density, default=root)
    title_node = None
    if titled:  # the heading nearest the body (a site's name is an <h1> too on some pages)
        def distance(node: Node) -> int:
            ours = [node, *node.ancestors()]
            common = next((a for a in [body, *body.ancestors()] if a in ours), root)
            return ours.index(common)
        title_node = min(titled, key=distance)
        page.title = title_node.text()
    elif tree.meta.get("og:title"):
        page.title = " ".join(tree.meta["og:title"].split())

    # The article: the smallest element holding both the title and the body.
    scope = body
    if title_node is not None:
        ours = [title_node, *title_node.ancestors()]
        scope = next((a for a in [body, *body.ancestors()] if a in ours), root)
    if _density(body) == 0:
        scope = root

    lines: list[str] = []

    def emit(node: Node, after_title: list[bool]) -> None:
        for child in node.children:
            if isinstance(child, str):
                if after_title[0]:
                    lines.append(child)
                continue
            if _hidden(child):
                continue
            if child is title_node:
                after_title[0] = True
                continue
            if _chrome(child, title_node):
                page.chrome = True
                continue
            if child.tag == "time" and child.attrs.get("datetime") and page.published is None:
                page.published = _iso(child.attrs["datetime"])
                continue
            if _DATE_CLASS.search(child.names) and len(child.text()) <= 120:
                # A date block ("Thứ Sáu, 18/06/2021 - 10:25 | Hoạt động Đảng"): its date, not its words.
                stamp = next((c.attrs["datetime"] for c in child.walk() if c.tag == "time" and c.attrs.get("datetime")),
                             "")
                if stamp and page.published is None:
                    page.published = _iso(stamp)
                for piece in [child.text(), *(c.text() for c in child.walk() if c is not child)]:
                    found = dateline(piece)
                    if found:
                        page.published = page.published or found.value
                        break
                continue
            if _BYLINE_CLASS.search(child.names) or child.attrs.get("itemprop") == "author":
                page.byline = page.byline or child.text()
                continue
            if child.tag == "img":
                if after_title[0]:
                    lines.append("\n" + IMAGE + "\n")
                continue
            if after_title[0] and (child.tag == "figcaption" or _CAPTION_CLASS.search(child.names)):
                lines.append("\n" + CAPTION + child.text() + "\n")
                continue
            if after_title[0] and _bold_only(child):
                lines.append("\n" + HEADING + child.text() + "\n")
                continue
            block = child.tag in _BLOCKS
            if block:
                lines.append("\n")
            emit(child, after_title)
            if block:
                lines.append("\n")

    # Without a title element in the scope, everything in the scope is the article.
    emit(scope, [title_node is None or title_node not in list(scope.walk())])
    if page.published is None:
        for key in ("article:published_time", "datepublished", "pubdate", "date"):
            if key in tree.meta and (moment := _iso(tree.meta[key])):
                page.published = moment
                break
    page.chrome = page.chrome or len(_visible(root)) > len(_visible(scope))  # text outside the article
    page.lines = "".join(lines).split("\n")
    return page  # never the <title>: it is the site's ("Trang chủ", "Cổng thông tin"), not the article's
