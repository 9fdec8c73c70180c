"""The monthly bulletin ("Bản tin tháng 7/2023"): each month's posts as one print-ready issue.

An issue has a cover (the masthead: the site's name, emblem and publisher; the month; its
number), a table of contents by agency, and each article with its lead photo, the other photos
with their captions, the author and the date. It is a page of the site, under the month's
archive (model/urls.py: bulletin_uri), and an A4 PDF beside it (site/bulletin_pdf.py), both from
the same data and templates (bantin/bulletin_issue.html). Plain Python.

Numbering: an issue's number is its place among the months that have posts, the first such
month being number 1. It is stable as long as no post is added to a month before the first one
or to a month that had none between two others.
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from markupsafe import Markup

from bantin.model.content import Photo, Post
from bantin.model.dates import format_short
from bantin.model.registry import Agency, Registry
from bantin.model.settings import Publisher
from bantin.model.taxonomy import Index
from bantin.model.text import escape_html

MARKDOWN_EXTENSIONS = ["attr_list", "md_in_html", "tables"]
BODY_FORMAT = 1  # raise when body_html() prints a body differently: every cached PDF is made again


@dataclass(frozen=True)
class Article:
    post: Post
    anchor: str  # the article's id in the issue (the table of contents links to it)
    lead: Photo | None
    caption: str
    photos: tuple[Photo, ...]  # the gallery, without the lead photo
    date: str  # dd/mm/yyyy


@dataclass(frozen=True)
class Section:
    agency: Agency
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class Issue:
    year: int
    month: int
    number: int
    sections: tuple[Section, ...]

    @property
    def title(self) -> str:
        return f"Bản tin tháng {self.month}/{self.year}"

    @property
    def label(self) -> str:
        return f"Số {self.number}"

    @property
    def count(self) -> int:
        return sum(len(s.articles) for s in self.sections)

    @property
    def articles(self) -> list[Article]:
        return [a for s in self.sections for a in s.articles]


@dataclass(frozen=True)
class Masthead:
    """What the cover shows of the site: its name, its emblem (a URL the page or the PDF can load;
    "" for none) and the publisher's block (mkdocs.yml: the `emblem` and `publisher` options)."""

    name: str
    emblem: str = ""
    publisher: Publisher | None = None


def numbers(index: Index) -> dict[tuple[int, int], int]:
    """Each month with posts → its issue number, 1 for the first such month."""
    return {month: n for n, month in enumerate(sorted(index.by_month), start=1)}


def lead_of(post: Post) -> tuple[Photo | None, str]:
    """The article's lead photo (its cover, else its first photo) and that photo's caption."""
    lead = post.cover or (post.photos[0] if post.photos else None)
    if lead is None:
        return None, ""
    return lead, lead.caption or next((p.caption for p in post.photos if p.src == lead.src), "")


def make_issue(index: Index, registry: Registry, year: int, month: int, number: int) -> Issue:
    """The issue of a month: its posts grouped by agency in the registry's order, each agency's
    in the order they happened."""
    by_agency: dict[str, list[Post]] = {}
    for post in index.by_month.get((year, month), ()):
        by_agency.setdefault(post.agency, []).append(post)
    sections = []
    counter = 0
    for agency in registry.sorted_agencies():
        posts = sorted(by_agency.get(agency.key, ()), key=lambda p: (p.date, p.path))
        if not posts:
            continue
        articles = []
        for post in posts:
            counter += 1
            lead, caption = lead_of(post)
            rest = tuple(p for p in post.photos if p.src != (lead and lead.src))
            articles.append(Article(post, f"bai-{counter}", lead, caption, rest, format_short(post.date)))
        sections.append(Section(agency, tuple(articles)))
    return Issue(year, month, number, tuple(sections))


def issues(index: Index, registry: Registry) -> list[Issue]:
    """Every month's issue, oldest first: one pass over the months' posts."""
    return [make_issue(index, registry, y, m, n) for (y, m), n in numbers(index).items()]


# -- an article's text ------------------------------------------------------------------------------
_DROPPED = {"img", "picture", "source", "figure", "iframe", "video", "audio", "object", "embed",
            "script", "style", "svg", "math", "form"}  # with their content: photos are shown beside
_VOID = {"img", "source", "br", "hr", "wbr", "embed", "col", "area", "input", "meta", "link"}
_KEPT_ATTRS = {"colspan", "rowspan", "lang"}


class _Printable(HTMLParser):
    """A post body's HTML for the issue: photos (shown with their captions beside the text),
    embeds and scripts left out, links kept as their text, only harmless attributes kept."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _DROPPED:
            if tag not in _VOID:
                self.skipping += 1
            return
        if self.skipping or tag == "a":
            return
        kept = "".join(f' {k}="{escape_html(v or "")}"' for k, v in attrs if k in _KEPT_ATTRS)
        self.out.append(f"<{tag}{kept}>")

    def handle_startendtag(self, tag, attrs):
        if tag in _DROPPED or self.skipping or tag == "a":
            return
        self.out.append(f"<{tag}>")

    def handle_endtag(self, tag):
        if tag in _DROPPED:
            if tag not in _VOID:
                self.skipping = max(0, self.skipping - 1)
            return
        if not self.skipping and tag != "a" and tag not in _VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.skipping:
            self.out.append(escape_html(data))

    def handle_entityref(self, name):
        if not self.skipping:
            self.out.append(f"&{name};")

    def handle_charref(self, name):
        if not self.skipping:
            self.out.append(f"&#{name};")


def body_html(text: str) -> Markup:
    """A post's Markdown body as the issue prints it (see _Printable). The body was checked when
    it was read (model/markup.py); this only narrows it further."""
    import markdown

    html = markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS, output_format="html")
    parser = _Printable()
    parser.feed(html)
    parser.close()
    return Markup("".join(parser.out))


def data_uri(path: Path) -> str:
    """A small file (the emblem) inside the PDF's HTML: the issue's digest then covers its bytes."""
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def body_digest(post: Post) -> Markup:
    """What stands for a post's body in the HTML a PDF's digest is made from: converting every
    body at every build would cost ~10 ms a post; the body's text decides its HTML."""
    import markdown

    seed = f"{BODY_FORMAT} markdown {markdown.__version__}\n{post.body}"
    return Markup(hashlib.sha256(seed.encode("utf-8")).hexdigest())


def render_issue(render: Callable[..., str], template: str, issue: Issue, masthead: Masthead, *,
                 picture: Callable[[Photo, str, bool], Markup | None],
                 body: Callable[[Post], Markup] | None = None, **context: object) -> str:
    """The issue through `template` (bulletin.html for the site, bulletin_print.html for the PDF);
    `picture(photo, alt, lead)` makes a photo's markup for that medium, `body(post)` the article's
    text (none: the site's page, which links to the post instead)."""
    articles: list[dict[str, object]] = [{
        "article": a, "post": a.post,
        "body": body(a.post) if body else None,
        "lead": a.lead and picture(a.lead, a.lead.alt_text or a.post.title, True),
        "photos": [{"picture": picture(p, p.alt_text or a.post.title, False), "caption": p.caption} for p in a.photos],
    } for a in issue.articles]
    by_post = dict(zip((a.post.path for a in issue.articles), articles, strict=True))
    sections = [{"agency": s.agency, "articles": [by_post[a.post.path] for a in s.articles]} for s in issue.sections]
    return render(template, issue=issue, masthead=masthead, sections=sections, **context)
