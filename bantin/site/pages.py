"""Every generated page: what pages a project has, and what each one shows.

Pure functions from the project model to GeneratedPage(src_uri, content[, html]). The markup is
in Jinja templates (site/templates/bantin/, overridable by a site: see templates.py); this module
decides which pages exist and gives each template its data. Every link between pages is made by
one function, `Renderer.links_from` (from model/urls.py's page_url and root_prefix): the path up
to the site root and down again, for directory URLs or `.html` files.

Lists of posts (index pages: most of a site's pages) are HTML, never converted by the host; a
post's page and the listings are Markdown, because the host must convert them (a post's body,
headings with anchors). Adding an index page: a template extending bantin/list.html and a
`paginated(...)` call in `pages()`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import Counter
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup

from bantin.model.content import Photo, Post
from bantin.model.dates import TZ, DateError, date_problem, format_long, format_short, parse_date
from bantin.model.project import Project
from bantin.model.registry import Agency, Level
from bantin.model.slugs import slugify
from bantin.model.terms import Term
from bantin.model.text import escape_html, escape_md, sort_key
from bantin.model.urls import (
    AGENCIES,
    ARCHIVE,
    CONGRESS_CSV,
    CONGRESSES,
    GALLERY,
    HOME,
    KINDS,
    SEARCH,
    SEARCH_PARAMS,
    TAGS,
    TERMS,
    agency_congress_uri,
    agency_term_uri,
    agency_uri,
    bulletin_pdf,
    bulletin_uri,
    congress_uri,
    gallery_agency_uri,
    gallery_term_uri,
    image_uri,
    kind_uri,
    month_uri,
    page_uri,
    page_url,
    rel,
    rendition_uri,
    root_prefix,
    tag_uri,
    term_uri,
    unit_uri,
    year_uri,
)
from bantin.site import bulletin
from bantin.site.congress import Group, Tracker, progress, trackers
from bantin.site.onward import SLOT, Onward, OnwardLists
from bantin.site.page_data import (
    Link,
    Row,
    When,
    count_galleries,
    count_posts,
    counted,
    describe,
    home_rows,
    live_agencies,
    month_rows,
    nav,
    page_title,
    pager,
    term_rows,
    tree,
    when,
    years,
)
from bantin.site.page_store import PageStore, digest
from bantin.site.photos.picture import picture_html
from bantin.site.photos.renditions import ImageMeta
from bantin.site.templates import Templates

# `sizes` for each place a photo appears; they follow the grid widths in bantin.css.
CARD_SIZES = "(max-width: 44.9375em) 100vw, 9rem"
GALLERY_SIZES = "(max-width: 44.9375em) 50vw, 14rem"
COVER_SIZES = "(max-width: 44.9375em) 100vw, 38rem"
ALBUM_SIZES = "(max-width: 44.9375em) 50vw, 15rem"
FEATURED_SIZES = "(max-width: 44.9375em) 100vw, 30rem"
CAPTION_SLOT = "\u00a0"  # a lightbox link's description, filled by bantin.js (as engine/markdown.py's)
BLOCK_POSTS = 4  # posts in each agency's block on the home page
THUMB_WIDEST = 640  # the widest rendition a thumbnail offers (a 50vw slot at 3x); the lightbox has the largest
ROOT = "\x00"  # stands for the path from a page to the site root in a card (cards are shared)


@dataclass(frozen=True)
class Bulletins:
    """The monthly issues a site publishes (site/bulletin.py): the cover's masthead, with the
    emblem's URI from the site root, and whether each issue has its PDF beside it."""

    masthead: bulletin.Masthead
    pdf: bool = False


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    """A page to publish. `content` is Markdown with front matter. When `html` is set the page's
    body is that HTML, with its links already relative to the page, and `content` holds only the
    front matter: the host must not convert it again. `onward`: a post's onward reading, HTML
    put into its converted page (site/onward.py: put_in), never part of its Markdown."""

    src_uri: str
    content: str
    html: str | None = None
    lastmod: str = ""  # the sitemap's <lastmod> (YYYY-MM-DD): its newest post's date; "" for none
    onward: str = ""


def modified(post: Post) -> str:
    """The day a post last changed: its `updated:` date, else its date."""
    moment = post.updated or post.date
    return (moment.astimezone(TZ) if isinstance(moment, dt.datetime) else moment).isoformat()[:10]


def lead_photo(post: Post) -> tuple[Photo | None, str]:
    """The photo under a post's title, its cover else its first photo, and its caption: the
    cover's own, else the one the gallery gives the same photo."""
    lead = post.cover or (post.photos[0] if post.photos else None)
    if lead is None:
        return None, ""
    return lead, lead.caption or next((p.caption for p in post.photos if p.src == lead.src), "")


def sitemap_date(meta: dict) -> tuple[str, str]:
    """(YYYY-MM-DD or "", problem or "") of a hand-written page: its `updated:`, else its `date:`."""
    for name in ("updated", "date"):
        if meta.get(name) not in (None, ""):
            try:
                return parse_date(meta[name]).date().isoformat(), ""
            except DateError as error:
                return "", f"trường '{name}': {date_problem(meta[name], error)}; trang không có ngày trong sitemap.xml"
    return "", ""


def newest(posts: Sequence[Post]) -> str:
    """The sitemap date of a list of posts (newest first): its newest post's date. Every page of
    the list gets it: a new post moves every card down a place."""
    return posts[0].date.date().isoformat() if posts else ""


def front_matter(**meta: object) -> str:
    """YAML front matter of a generated page. Material prints `title` and `description` into the
    HTML as they are, so they are given HTML-escaped: a title is text, never markup."""
    data = {k: escape_html(v) if k in ("title", "description") and isinstance(v, str) else v
            for k, v in meta.items() if v not in (None, "", [], ())}
    # JSON values are YAML flow values: quoted, escaped, on one line, and ~20× faster to write.
    return "---\n" + "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in data.items()) + "---\n\n"


class Renderer:
    """Renders every page of a project: which pages, their data, their template."""

    def __init__(self, project: Project, *, photo: Callable[[str], ImageMeta | None] = lambda src: None,
                 directory_urls: bool = True, templates: Templates | None = None, site_url: str = "",
                 bulletins: Bulletins | None = None, previous: Renderer | None = None,
                 store: PageStore | None = None):
        self.project = project
        self.store = store  # pages kept between builds (site/page_store.py), for `build` with its cache
        self.bulletins = bulletins  # None: no monthly issues
        self.site_url = site_url  # the site's address, for share links; "" when unknown
        self.registry = project.registry
        self.index = project.index
        self.per_page = project.options.per_page
        self.photo = photo  # a photo's renditions, for thumbnails; None for a photo not processed
        self.directory_urls = directory_urls  # False: the archive read from disk (file://)
        self.templates = templates or Templates()
        self._cards: dict[str, str] = {}
        # The pages of lists, by URI, with what each was made from: the posts on it (compared by
        # value: a post read again unchanged is equal) and the list's own data (its heading,
        # count, newest date, trail, lead data by repr). `previous`, the renderer of the same site
        # before an edit (the preview's quick path), lends its pages whose inputs are equal; the
        # registry, photos and options must be the same (engine/quick.py makes sure).
        self._made: dict[str, tuple[tuple, GeneratedPage]] = {}
        self._previous = previous._made if previous is not None else {}
        self._digests: dict[int, str] = {}  # id(post) → its digest, for the store's keys
        self.onward = OnwardLists(self.index)
        self.live = live_agencies(self.registry, self.index)  # the agencies with a page
        self._albums: dict[str, str] = {}
        # Titles more than one post carries: their pages' <title> names the agency too, and the
        # day when the agency's own posts share it.
        self._shared_titles = _shared(p.title for p in self.index.posts)
        self._shared_in_agency = _shared((p.title, p.agency) for p in self.index.posts)
        self._shared_summaries = _shared(p.summary for p in self.index.posts)
        self.trackers = trackers(self.registry, self.index.posts)
        # Each agency's share of each tracker, found by agency in one pass.
        self._agency_trackers: dict[str, list[tuple[Tracker, Group]]] = {}
        for tracker in self.trackers:
            for group in tracker.groups:
                self._agency_trackers.setdefault(group.agency, []).append((tracker, group))

    def agency_label(self, key: str) -> str:
        return self.registry.agencies[key].short

    def kind_label(self, key: str) -> str:
        return self.registry.kinds[key].name

    # -- the one link system ---------------------------------------------------------------------
    def url(self, uri: str) -> str:
        return page_url(uri, self.directory_urls)

    def links_from(self, uri: str) -> Callable[[str], Markup]:
        """`href` for templates: the link from the page `uri` to another page's source URI."""
        prefix = root_prefix(self.url(uri))
        return lambda target: Markup(escape_html((prefix + self.url(target)) or "./"))

    def render(self, template: str, uri: str, **context: object) -> str:
        return self.templates.render(template, href=self.links_from(uri), **context)

    def search_page(self) -> str:
        """The search form, online and in the archive read from disk alike (there search.js reads
        the index from scripts: search.wrap_for_disk)."""
        return self.render("bantin/search.md", SEARCH,
                           params={k: Markup(escape_html(v)) for k, v in SEARCH_PARAMS.items()})

    # -- pages ---------------------------------------------------------------------------
    def pages(self, kept: Callable[[str], GeneratedPage | None] = lambda uri: None) -> Iterator[GeneratedPage]:
        """Every generated page: posts first, then indexes, then listings. `kept`: a post's or a
        monthly issue's page as it was, when its caller knows nothing it shows has changed (the
        preview's quick path, engine/quick.py); None: render it."""
        for post in self.index.posts:
            yield kept(post.src_uri) or self._stored_post(post)
        yield from self.paginated(HOME, "Tin mới", self.index.posts, "bantin/home.html", trail=(),
                                  about="Tin mới của các cơ quan, đơn vị",
                                  hide=("toc", "navigation"), rows=home_rows(self.registry, self.index),
                                  featured=self.featured(), blocks=self.blocks())
        yield self.listing(AGENCIES, "Cơ quan", "bantin/agencies.md", "Các cơ quan, đơn vị và số bài viết của mỗi nơi.",
                           tree=tree(self.registry, self.index))
        for agency in self.registry.agencies.values():
            if agency.key in self.live:  # an agency without posts has no page (nothing to read there)
                yield from self.agency_pages(agency)
        yield self.listing(TERMS, "Nhiệm kỳ", "bantin/terms.md", "Các nhiệm kỳ và số bài viết của mỗi nhiệm kỳ.",
                           groups=self.term_groups(),
                           congresses=Link("Theo dõi đại hội", CONGRESSES) if self.trackers else None)
        for term, posts in self.index.by_term.items():
            yield from self.paginated(term_uri(term), term.label, posts, "bantin/term.html",
                                      trail=(("Nhiệm kỳ", TERMS),), about=f"Tin {term.label.lower()}",
                                      rows=term_rows(self.registry, self.index, term, posts) + self.congress_rows(
                                          [t for t in self.trackers if t.term == term]))
        yield from self.congress_pages()
        # A kind without posts is named, unlinked, and has no page (as a unit without posts).
        yield self.listing(KINDS, "Loại tin", "bantin/kinds.md", "Các loại tin và số bài viết của mỗi loại.", items=[
            {"link": Link(k.name, kind_uri(k.key)) if k.key in self.index.by_kind else None, "text": k.name,
             "count": count_posts(len(self.index.by_kind.get(k.key, ())))}
            for k in sorted(self.registry.kinds.values(), key=lambda k: sort_key(k.name))])
        for kind in self.registry.kinds.values():
            if kind.key in self.index.by_kind:
                yield from self.paginated(kind_uri(kind.key), kind.name, self.index.by_kind[kind.key],
                                          "bantin/kind.html", trail=(("Loại tin", KINDS),), kind=kind,
                                          about=f"Loại tin {kind.name}")
        yield self.listing(ARCHIVE, "Lưu trữ", "bantin/archive.md", "Tin đã đăng theo năm và tháng.",
                           years=years(self.index))
        for year, posts in self.index.by_year.items():
            yield from self.paginated(year_uri(year), f"Năm {year}", posts, "bantin/year.html",
                                      trail=(("Lưu trữ", ARCHIVE),), about=f"Tin năm {year}", rows=month_rows(self.index, year))
        numbers = bulletin.numbers(self.index) if self.bulletins else {}
        for (year, month), posts in self.index.by_month.items():
            yield from self.paginated(month_uri(year, month), f"Tháng {month}/{year}", posts, "bantin/month.html",
                                      trail=(("Lưu trữ", ARCHIVE), (f"Năm {year}", year_uri(year))),
                                      about=f"Tin tháng {month}/{year}", issue=self.issue_link(year, month, numbers))
        if self.bulletins:
            yield from self.bulletin_pages(kept=kept)
        yield from self.gallery_pages()
        yield GeneratedPage(SEARCH, front_matter(
            title="Tìm kiếm", description="Tìm tin theo từ ngữ, có dấu hoặc không dấu, theo cơ quan và nhiệm kỳ.",
            hide=["navigation", "toc"]) + self.search_page())
        slugs = sorted(self.index.by_tag, key=lambda s: sort_key(self.index.tag_names[s]))
        yield self.listing(TAGS, "Từ khóa", "bantin/tags.md", "Các từ khóa của tin và số bài viết của mỗi từ khóa.", tags=[
            Link(f"{self.index.tag_names[s]} ({len(self.index.by_tag[s])})", tag_uri(s)) for s in slugs])
        for slug, posts in self.index.by_tag.items():
            yield from self.paginated(tag_uri(slug), f"Từ khóa: {self.index.tag_names[slug]}", posts,
                                      "bantin/list.html", trail=(("Từ khóa", TAGS),),
                                      about=f"Tin có từ khóa “{self.index.tag_names[slug]}”")

    # -- the monthly bulletin (site/bulletin.py) ------------------------------------------------------
    def issue_link(self, year: int, month: int, numbers: dict[tuple[int, int], int]) -> dict | None:
        """The month page's link to its issue (and the PDF's, from the month's folder)."""
        if not self.bulletins or (year, month) not in numbers:
            return None
        pdf = root_prefix(self.url(month_uri(year, month))) + bulletin_pdf(year, month) if self.bulletins.pdf else ""
        return {"target": bulletin_uri(year, month), "text": f"Bản tin tháng {month}/{year} – Số {numbers[(year, month)]}",
                "pdf": pdf}

    def bulletin_pages(self, months: Collection[tuple[int, int]] | None = None, *,
                       kept: Callable[[str], GeneratedPage | None] = lambda uri: None) -> Iterator[GeneratedPage]:
        """The monthly issues' pages; `months` ((year, month) pairs): only those; `kept`: see pages."""
        assert self.bulletins is not None
        masthead = self.bulletins.masthead
        numbers = bulletin.numbers(self.index)
        chosen = numbers if months is None else [m for m in months if m in numbers]
        for at in chosen:
            same = kept(bulletin_uri(*at))
            if same is not None:
                yield same
                continue
            uri = bulletin_uri(*at)
            posts = self.index.by_month[at]
            stored = None
            if self.store is not None:  # a previous build's issue of equal inputs (site/page_store.py)
                # Besides the site-wide inputs (the masthead, the registry, the photos…): the
                # month, its number and its posts; the issue shows nothing else.
                stored = self.store.key("bulletin", uri, at, numbers[at], tuple(self._digest(p) for p in posts))
                fields = self.store.get(uri, stored)
                if fields is not None:
                    yield GeneratedPage(uri, *fields)
                    continue
            issue = bulletin.make_issue(self.index, self.registry, *at, numbers[at])
            prefix = root_prefix(self.url(uri))

            def picture(photo: Photo, alt: str, lead: bool, prefix: str = prefix) -> Markup | None:
                meta = self.photo(photo.src)
                return Markup(picture_html(photo.src, meta, prefix, alt=alt, sizes=COVER_SIZES if lead else GALLERY_SIZES)) \
                    if meta else None

            shown = bulletin.Masthead(masthead.name, prefix + masthead.emblem if masthead.emblem else "", masthead.publisher)
            month = month_uri(issue.year, issue.month)
            html = bulletin.render_issue(
                lambda template, uri=uri, **context: self.render(template, uri, **context), "bantin/bulletin.html",
                issue, shown, picture=picture, online=True,
                pdf=prefix + bulletin_pdf(issue.year, issue.month) if self.bulletins.pdf else "",
                trail=[Link("Trang chủ", HOME), Link("Lưu trữ", ARCHIVE), Link(f"Năm {issue.year}", year_uri(issue.year)),
                       Link(f"Tháng {issue.month}/{issue.year}", month)])
            page = GeneratedPage(uri, front_matter(
                title=f"{issue.title} – {issue.label}",
                description=f"{issue.title}, {issue.label.lower()}: {issue.count} bài viết, bản để in"
                            + (" và tải về (PDF)." if self.bulletins.pdf else "."),
                hide=["navigation", "toc"], search={"exclude": True}), html, lastmod=newest(posts))
            if stored is not None and self.store is not None:
                self.store.put(uri, stored, [page.content, page.html, page.lastmod, page.onward])
            yield page

    # -- a post ------------------------------------------------------------------------------
    def post_page(self, post: Post, onward: list[Onward] | None = None) -> str:
        """A post's page as Markdown, with a slot for its onward reading (`onward`: its lists,
        when already made) but not the lists themselves: see site/onward.py."""
        uri = post.src_uri
        agency = self.registry.agencies[post.agency]
        meta = [Link(agency.short, agency_uri(agency.key))]
        meta += [Link(self._unit_name(agency, u), unit_uri(agency.key, u)) for u in post.units]
        meta += [Link(t.label, agency_term_uri(agency.key, t)) for t in post.terms]
        meta.append(Link(self.kind_label(post.kind), kind_uri(post.kind)))
        lead, caption = lead_photo(post)
        # The lead photo opens the post's lightbox (engine/markdown.py groups a post's photos),
        # so the gallery leaves it out rather than show it twice: the lightbox walks it then the rest.
        gallery = [p for p in post.photos if p.src != (lead and lead.src)]
        byline = [(label, value) for label, value in (("Nguồn", post.source),) if value]
        # Posts are not in the nav (it would grow with every post), so the left column is hidden;
        # a news article has no table of contents either (and the page stays under 30 KB).
        title = post.title
        if title in self._shared_titles:
            title += f" – {agency.short}"
            if (post.title, post.agency) in self._shared_in_agency:
                title += f", {format_short(post.date)}"
        description = post.summary or f"Tin của {agency.name} ngày {format_short(post.date)}: {post.title}"
        if post.summary in self._shared_summaries:
            description += f" – {title}"
        return front_matter(title=title, description=description, hide=["navigation", "toc"]) + self.render(
            "bantin/post.md", uri, post=post, when=when(post), meta=meta, share=self.share_links(uri),
            lead=lead and self.image(lead, uri, lazy=False, alt=post.title, sizes=COVER_SIZES, first=True),
            caption=caption, updated=post.updated and When(post.updated.isoformat(), format_long(post.updated)),
            trail=[Link("Trang chủ", HOME), Link("Cơ quan", AGENCIES), Link(agency.short, agency_uri(agency.key))],
            body=Markup(post.body.strip()), byline=byline,
            gallery=[{"image": self.image(p, uri, sizes=GALLERY_SIZES, widest=THUMB_WIDEST), "caption": p.caption} for p in gallery],
            tags=[Link(tag, tag_uri(slugify(tag))) for tag in post.tags if slugify(tag)],
            onward=self.onward.of(post) if onward is None else onward, onward_slot=Markup(SLOT), short=format_short)

    def onward_html(self, post: Post, onward: list[Onward] | None = None) -> str:
        """The onward reading under a post (bantin/onward.html), its links relative to the post's
        page; "" when it has none."""
        lists = self.onward.of(post) if onward is None else onward
        if not lists:
            return ""
        return self.render("bantin/onward.html", post.src_uri, onward=lists, short=format_short).rstrip("\n")

    def let_go(self) -> None:
        """`build`, once every page is made: the list pages, cards and albums kept for a next
        renderer (the preview's quick path) are let go, as no page is asked for again."""
        self._made, self._cards, self._albums = {}, {}, {}

    def lend_all(self) -> None:
        """The previous renderer's list pages stand for this one's, made from equal inputs or not
        (the preview's quick path, after an edit that changes no list page: engine/quick.py)."""
        self._made = dict(self._previous)

    def _digest(self, post: Post) -> str:
        found = self._digests.get(id(post))
        if found is None:
            found = self._digests[id(post)] = digest(post)
        return found

    def _stored_post(self, post: Post) -> GeneratedPage:
        """A post's page, from the store when nothing it is made from changed (site/page_store.py)."""
        if self.store is None:
            return self.post_generated(post)
        key = self.store.key("post", post.src_uri, self._digest(post), self.post_inputs(post))
        fields = self.store.get(post.src_uri, key)
        if fields is not None:
            return GeneratedPage(post.src_uri, *fields)
        page = self.post_generated(post)
        self.store.put(post.src_uri, key, [page.content, page.html, page.lastmod, page.onward])
        return page

    def post_generated(self, post: Post) -> GeneratedPage:
        """A post's page, its onward reading beside it (put in after conversion)."""
        lists = self.onward.of(post)
        return GeneratedPage(post.src_uri, self.post_page(post, lists), lastmod=modified(post),
                             onward=self.onward_html(post, lists))

    def post_inputs(self, post: Post) -> tuple:
        """What a post's page shows of other posts (its onward lists, whether its title or summary
        is shared): with the post itself, all its page is made from (the registry, photos and
        options aside)."""
        onward = tuple((o.title, tuple((p.path, p.title, p.date, p.src_uri) for p in o.posts))
                       for o in self.onward.of(post))
        return (onward, post.title in self._shared_titles, (post.title, post.agency) in self._shared_in_agency,
                post.summary in self._shared_summaries)

    @staticmethod
    def _unit_name(agency: Agency, key: str) -> str:
        found = agency.unit(key)
        return found.name if found else key

    def share_links(self, uri: str) -> list[tuple[str, str]]:
        """Links that share the page on Facebook and Zalo: plain links, no script of theirs.
        None without the site's address (an archive read from disk has nothing to share)."""
        if not self.site_url:
            return []
        address = quote(self.site_url.rstrip("/") + "/" + self.url(uri), safe="")
        return [("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={address}"),
                ("Zalo", f"https://sp.zalo.me/share_to?url={address}")]

    def image(self, photo: Photo, uri: str, *, sizes: str, lazy: bool = True, alt: str = "",
              first: bool = False, widest: int = 0) -> Markup:
        """A Markdown image of a photo; bantin's Markdown extension turns it into a <picture>.
        `first`: the page's largest image at the top (its LCP), fetched before the others;
        `widest`: the widest rendition worth offering (0: all)."""
        attrs = ' loading="lazy" decoding="async"' if lazy else ' fetchpriority="high"' if first else ""
        attrs += f' data-widest="{widest}"' if widest else ""
        return Markup(f"![{escape_md(photo.alt_text or alt)}]({rel(uri, image_uri(photo.src))})"
                      f'{{{attrs} sizes="{sizes}" }}')

    # -- lists of posts: HTML, not Markdown ------------------------------------------------------
    # Index pages are most of a site's pages and repeat each post's card on ~10 of them, so
    # each card is rendered once per post with URLs from the site root behind ROOT, then only
    # ROOT is replaced on each page. No Markdown conversion.
    def card(self, post: Post) -> str:
        cached = self._cards.get(post.path)
        if cached is None:
            cached = self._cards[post.path] = self._stored_part("card", post, self._card)
        return cached

    def _card(self, post: Post) -> str:
        thumb = post.cover or (post.photos[0] if post.photos else None)
        meta_of = self.photo(thumb.src) if thumb else None
        # The thumbnail is a link of its own: its alt text names the post when the photo has none.
        picture = Markup(picture_html(thumb.src, meta_of, ROOT, alt=thumb.alt_text or post.title,
                                      sizes=CARD_SIZES)) if thumb and meta_of else None
        return self.templates.render(
            "bantin/card.html", href=lambda target: Markup(ROOT + self.url(target)), post_uri=post.src_uri,
            title=post.title, summary=post.summary, when=when(post, long=False), picture=picture,
            photos=len(post.photos), agency=self.agency_label(post.agency),
            links=[Link(self.agency_label(post.agency), agency_uri(post.agency)),
                   Link(self.kind_label(post.kind), kind_uri(post.kind))])

    # -- the home page's lead: its featured story and a block per agency -----------------------
    def featured(self) -> dict | None:
        """The post marked `featured: true` (the newest, when several are), else the newest post
        with a photo; None when no post has either."""
        posts = self.index.posts
        post = next((p for p in posts if p.featured), None) or next((p for p in posts if p.cover or p.photos), None)
        if post is None:
            return None
        lead = post.cover or (post.photos[0] if post.photos else None)
        meta_of = self.photo(lead.src) if lead else None
        picture = Markup(picture_html(lead.src, meta_of, "", alt=lead.alt_text or post.title, sizes=FEATURED_SIZES,
                                      lazy=False)) if lead and meta_of else None
        return {"uri": post.src_uri, "title": post.title, "summary": post.summary, "when": when(post),
                "picture": picture, "agency": Link(self.registry.agencies[post.agency].name, agency_uri(post.agency))}

    def blocks(self) -> list[dict]:
        """Each agency with posts, in the registry's order: its newest posts' cards (the home
        page's, links from the root)."""
        blocks = []
        for agency in self.registry.sorted_agencies():
            posts = self.index.by_agency.get(agency.key, ())
            if posts:
                cards = "".join(self.card(p) for p in posts[:BLOCK_POSTS]).replace(ROOT, root_prefix(self.url(HOME)))
                blocks.append({"link": Link(agency.name, agency_uri(agency.key)), "short": agency.short,
                               "count": count_posts(len(posts)), "cards": Markup(cards)})
        return blocks

    def album(self, post: Post) -> str:
        """A post's photos as an album of the photo library (album.html), rendered once per post
        (and kept between builds: _stored_part)."""
        cached = self._albums.get(post.path)
        if cached is None:
            cached = self._albums[post.path] = self._stored_part("album", post, self._album)
        return cached

    def _album(self, post: Post) -> str:
        gallery = "album-" + slugify(post.src_uri.removesuffix(".md"))
        # The photos the article's lightbox walks: its cover (when not one of them) and its photos.
        srcs = [p.src for p in post.photos]
        pool = [post.cover, *post.photos] if post.cover and post.cover.src not in srcs else list(post.photos)
        shown = post.cover or pool[0]
        first = [p.src for p in pool].index(shown.src)
        photos = [pool[first], *pool[:first], *pool[first + 1:]]

        def slide(photo: Photo) -> dict:
            meta_of = self.photo(photo.src)
            target = rendition_uri(photo.src, meta_of.largest("jpeg")) if meta_of else image_uri(photo.src)
            # The album in the address: a photo in two albums is two slides (bantin.js finds a
            # slide's caption by its address).
            return {"href": Markup(ROOT + escape_html(f"{target}#{gallery}")), "caption": photo.caption,
                    "alt": photo.alt_text or post.title}

        meta_of = self.photo(shown.src)
        picture = Markup(picture_html(shown.src, meta_of, ROOT, alt=shown.alt_text or post.title,
                                      sizes=ALBUM_SIZES, widest=THUMB_WIDEST)) if meta_of else \
            Markup('<span class="bt-thumb-blank"></span>')
        return self.templates.render(
            "bantin/album.html", href=lambda target: Markup(ROOT + self.url(target)), post_uri=post.src_uri,
            title=post.title, when=when(post, long=False), picture=picture, count=len(photos),
            gallery=gallery, slot=CAPTION_SLOT,
            first=slide(photos[0]), rest=[slide(p) for p in photos[1:]],
            agency=Link(self.agency_label(post.agency), agency_uri(post.agency)))

    def _stored_part(self, kind: str, post: Post, make: Callable[[Post], str]) -> str:
        """A post's card or album, from the store when the post is unchanged: either is made from
        the post alone and site-wide inputs (the registry's names, the photos' renditions, the
        URL style, the templates: the store's context)."""
        if self.store is None:
            return make(post)
        key = self.store.key(kind, post.src_uri, self._digest(post))
        found = self.store.get_part(kind, post.src_uri, key)
        if found is None:
            found = make(post)
            self.store.put_part(kind, post.src_uri, key, found)
        return found

    def paginated(self, first: str, title: str, posts: Sequence[Post], template: str, *,
                  trail: Sequence[tuple[str, str]], hide: Sequence[str] = ("toc",),
                  count: Callable[[int], str] = count_posts, about: str = "", head: str = "",
                  albums: bool = False, **lead: object) -> Iterator[GeneratedPage]:
        """A list of posts over as many pages as it needs; `lead` is the data of the first's lead.

        `head` is the <title> when the heading alone is not distinct (a unit's name needs its
        agency's); `about` starts the description, which then counts the posts and dates the newest."""
        total = max(1, math.ceil(len(posts) / self.per_page))
        description = describe(about or title, posts, count)
        # What every page of the list is made from besides its own posts (see _made).
        common = (template, title, total, len(posts), description, newest(posts), head, tuple(hide), albums,
                  tuple(trail), count(len(posts)), repr(sorted(lead.items())))
        shared = repr(common) if self.store is not None else ""  # the store's key: once for every page of the list
        for number in range(1, total + 1):
            uri = page_uri(first, number)
            chunk = posts[(number - 1) * self.per_page: number * self.per_page]
            key = (common, tuple(chunk))
            known = self._previous.get(uri)
            if known is not None and known[0] == key:
                self._made[uri] = known
                yield known[1]
                continue
            stored = None
            if self.store is not None:  # a previous build's page of equal inputs (site/page_store.py)
                stored = self.store.key("list", uri, shared, tuple(self._digest(p) for p in chunk))
                fields = self.store.get(uri, stored)
                if fields is not None:
                    self._made[uri] = (key, GeneratedPage(uri, *fields))
                    yield self._made[uri][1]
                    continue
            ancestors = [*trail, (title, first)] if number > 1 and first != HOME else list(trail)
            shown = self.album if albums else self.card
            cards = "".join(shown(p) for p in chunk).replace(ROOT, root_prefix(self.url(uri)))
            html = self.render(
                template, uri, title=title, number=number, pages=total, total=len(posts), count=count(len(posts)),
                trail=[Link("Trang chủ", HOME)] + [Link(label, target) for label, target in ancestors]
                if ancestors else [],
                cards=Markup(cards), pager=pager(first, number, total), albums=albums, **lead)
            more = f" Trang {number}/{total}." if number > 1 else ""
            page = GeneratedPage(uri, front_matter(title=page_title(head or title, number), description=description + more,
                                                   hide=list(hide), search={"exclude": True},
                                                   glightbox=True if albums and chunk else None), html,
                                 lastmod=newest(posts))
            self._made[uri] = (key, page)
            if stored is not None and self.store is not None:
                self.store.put(uri, stored, [page.content, page.html, page.lastmod, page.onward])
            yield page

    def agency_pages(self, agency: Agency) -> Iterator[GeneratedPage]:
        key = agency.key
        first = agency_uri(key)
        posts = self.index.by_agency.get(key, ())
        trail = [("Cơ quan", AGENCIES)]
        if agency.parent:
            trail.append((self.agency_label(agency.parent), agency_uri(agency.parent)))
        terms = self.index.agency_terms.get(key, ())
        rows = [
            *(counted(label, level_terms, str, lambda t: agency_term_uri(key, t),
                      lambda t: len(self.index.by_agency_term[(key, t)]))
              for label, level_terms in self.terms_by_level(agency, terms)),
            # Only units with posts: a unit without any has no page (below).
            counted("Đơn vị", [u for u in agency.units if self.index.by_unit.get((key, u.key))], lambda u: u.name,
                         lambda u: unit_uri(key, u.key),
                         lambda u: len(self.index.by_unit.get((key, u.key), ()))),
            counted("Cơ quan trực thuộc", [c for c in self.registry.children(key) if c in self.live],
                    self.agency_label, agency_uri,
                         lambda c: len(self.index.by_agency.get(c, ()))),
            Row("Đại hội", [Link(f"{tracker.level.name} {tracker.term}: {group.held}/{group.total}",
                                 agency_congress_uri(key, tracker.level.key, tracker.term))
                            for tracker, group in self._agency_trackers.get(key, ())])
            if key in self._agency_trackers else None,
            Row(None, [Link(f"Tìm trong tin của {agency.short}", SEARCH, f"?{SEARCH_PARAMS['agency']}={key}",
                            "bt-search-link")]) if posts else None,
        ]
        yield from self.paginated(first, agency.name, posts, "bantin/agency.html", trail=trail, agency=agency,
                                  about=f"Tin của {agency.name}", rows=[r for r in rows if r])
        agency_trail = (*trail, (agency.short, first))
        for unit in agency.units:
            # No page for a unit without posts: nothing links to it. Its heading names the agency:
            # many agencies have a "Chi bộ Văn phòng".
            unit_posts = self.index.by_unit.get((key, unit.key), ())
            if unit_posts:
                yield from self.paginated(unit_uri(key, unit.key), f"{unit.name} – {agency.short}", unit_posts,
                                          "bantin/unit.html", trail=agency_trail, parent=Link(agency.name, first),
                                          about=f"Tin của {unit.name}, {agency.name}")
        for term in terms:
            yield from self.paginated(
                agency_term_uri(key, term), f"{agency.short}: {term.label}", self.index.by_agency_term[(key, term)],
                "bantin/agency_term.html", trail=agency_trail,
                about=f"Tin của {agency.name}, {term.label.lower()}", term_link=Link(term.label.lower(), term_uri(term)),
                inside=self.terms_inside(agency, term))
        for tracker, group in self._agency_trackers.get(key, ()):
            yield self.agency_congress_page(agency, tracker, group, agency_trail)

    # -- the term calendar: terms by level -----------------------------------------------------------
    def term_groups(self) -> list[dict]:
        """The terms posts use, by level (the registry's order), each with its days; terms no
        level has under "Nhiệm kỳ khác" (all of them, without a title, in a registry without levels)."""
        used = sorted(self.index.by_term, reverse=True)
        placed: set[Term] = set()
        groups: list[dict] = []
        for level in self.registry.levels.values():
            items = []
            for term in used:
                span = level.span(term)
                if span is not None:
                    placed.add(term)
                    items.append({"link": Link(term.label, term_uri(term)),
                                  "count": count_posts(len(self.index.by_term[term])),
                                  "days": f"{format_short(span.start)} – {format_short(span.end)}"})
            if items:
                groups.append({"name": level.name, "items": items})
        rest = [{"link": Link(t.label, term_uri(t)), "count": count_posts(len(self.index.by_term[t])), "days": ""}
                for t in used if t not in placed]
        if rest:
            groups.append({"name": "Nhiệm kỳ khác" if groups else None, "items": rest})
        return groups

    def levels_of_agency(self, agency: Agency) -> list[Level]:
        """The agency's level, then its units' levels, as the registry names them."""
        keys = dict.fromkeys(k for k in (agency.level, *(u.level for u in agency.units)) if k)
        return [self.registry.levels[k] for k in keys if k in self.registry.levels]

    def terms_by_level(self, agency: Agency, terms: Sequence[Term]) -> list[tuple[str, list[Term]]]:
        """An agency's terms (newest first) in a row per level: its own level's first, then its
        units'; a term in no level's calendar in a row "Nhiệm kỳ"."""
        rows: dict[str, list[Term]] = {}
        for term in terms:
            level = next((lv for lv in self.levels_of_agency(agency) if lv.span(term)), None)
            rows.setdefault(f"Nhiệm kỳ {level.noun}" if level else "Nhiệm kỳ", []).append(term)
        order = [f"Nhiệm kỳ {lv.noun}" for lv in self.levels_of_agency(agency)] + ["Nhiệm kỳ"]
        return sorted(rows.items(), key=lambda item: order.index(item[0]))

    def terms_inside(self, agency: Agency, term: Term) -> list[dict]:
        """On an agency's page of one of its terms: its units' terms that fall inside it (the
        chi bộ's 2020-2022 and 2022-2025 in the đảng bộ's 2020-2025), by level, each linked to
        the agency's page of that term when it has posts, and to its congress tracker."""
        own = self.registry.levels.get(agency.level or "")
        if own is None or own.span(term) is None:
            return []
        found = []
        for level in self.levels_of_agency(agency):
            if level.key == own.key:
                continue
            inner = [s.term for s in level.terms if term.start <= s.term.start and s.term.end <= term.end]
            if not inner:
                continue
            links = []
            for t in inner:
                posts = self.index.by_agency_term.get((agency.key, t), ())
                links.append({"text": f"{t} ({count_posts(len(posts))})" if posts else str(t),
                              "link": Link(str(t), agency_term_uri(agency.key, t)) if posts else None,
                              "congress": next((Link(f"đại hội: {g.held}/{g.total}",
                                                     agency_congress_uri(agency.key, level.key, t))
                                                for tr, g in self._agency_trackers.get(agency.key, ())
                                                if tr.level.key == level.key and tr.term == t), None)})
            found.append({"name": f"Nhiệm kỳ {level.noun}", "terms": links})
        return found

    # -- the congress tracker ------------------------------------------------------------------------
    def congress_rows(self, found: Sequence[Tracker]) -> list[Row]:
        if not found:
            return []
        return [Row("Theo dõi đại hội", [Link(f"{t.level.name}: {t.held}/{t.total}",
                                              congress_uri(t.level.key, t.term)) for t in found])]

    def html_page(self, uri: str, title: str, description: str, template: str, *, lastmod: str = "",
                  **data: object) -> GeneratedPage:
        """A page of HTML that is no list of posts (the congress tracker's)."""
        return GeneratedPage(uri, front_matter(title=title, description=description, hide=["toc"],
                                               search={"exclude": True}),
                             self.render(template, uri, title=title, **data), lastmod=lastmod)

    def subject_rows(self, group: Group) -> list[dict]:
        rows = []
        for subject in group.subjects:
            first = subject.posts[0] if subject.posts else None
            rows.append({"name": subject.name, "held": subject.held, "pilot": subject.pilot,
                         "when": first and When(first.date.date().isoformat(), format_short(first.date)),
                         "posts": [Link(p.title, p.src_uri) for p in subject.posts]})
        return rows

    def agency_congress_page(self, agency: Agency, tracker: Tracker, group: Group,
                             trail: Sequence[tuple[str, str]]) -> GeneratedPage:
        level, term = tracker.level, tracker.term
        uri = agency_congress_uri(agency.key, level.key, term)
        title = f"{agency.short}: đại hội {level.noun} nhiệm kỳ {term}"
        line = progress(group.held, group.total, level)
        posts = sorted({p.path: p for s in group.subjects for p in s.posts}.values(), key=lambda p: p.date, reverse=True)
        return self.html_page(
            uri, title, f"Tiến độ đại hội {level.noun} nhiệm kỳ {term} của {agency.name}: {line}.",
            "bantin/congress.html", lastmod=newest(posts),
            trail=[Link("Trang chủ", HOME), *(Link(label, target) for label, target in trail),
                   Link(agency.short, agency_uri(agency.key))],
            progress=line, rows=self.subject_rows(group), level=level, term=term,
            overview=Link(f"Tiến độ đại hội {level.noun} nhiệm kỳ {term} của mọi cơ quan",
                          congress_uri(level.key, term)),
            agency_term=Link(f"Tin của {agency.short} nhiệm kỳ {term}", agency_term_uri(agency.key, term))
            if self.index.by_agency_term.get((agency.key, term)) else None)

    def congress_pages(self) -> Iterator[GeneratedPage]:
        """The tracker's index (dai-hoi/) and each level's term's overview, with its chart and table."""
        if not self.trackers:
            return
        lastmod = newest(self.index.posts)
        yield self.listing(CONGRESSES, "Theo dõi đại hội", "bantin/congresses.md",
                           "Tiến độ đại hội của các cơ quan, đơn vị theo từng cấp và nhiệm kỳ.", items=[
                               {"link": Link(f"Đại hội {t.level.noun} nhiệm kỳ {t.term}", congress_uri(t.level.key, t.term)),
                                "progress": progress(t.held, t.total, t.level)} for t in self.trackers])
        for tracker in self.trackers:
            level, term = tracker.level, tracker.term
            uri = congress_uri(level.key, term)
            title = f"Đại hội {level.noun} nhiệm kỳ {term}"
            line = progress(tracker.held, tracker.total, level)
            bars = []
            for group in tracker.groups:
                agency = self.registry.agencies[group.agency]
                bars.append({"label": agency.short, "held": group.held, "total": group.total,
                             "percent": group.percent, "link": Link(agency.short, agency_congress_uri(
                                 agency.key, level.key, term)),
                             "pilots": [s.name for s in group.subjects if s.pilot],
                             "progress": progress(group.held, group.total, level)})
            yield self.html_page(
                uri, title, f"Tiến độ đại hội {level.noun} nhiệm kỳ {term} của từng cơ quan: {line}.",
                "bantin/congress_overview.html", lastmod=lastmod,
                trail=[Link("Trang chủ", HOME), Link("Theo dõi đại hội", CONGRESSES)],
                progress=line, bars=bars, chart=chart_geometry(bars), level=level, term=term,
                csv=CONGRESS_CSV, term_link=Link(term.label, term_uri(term)) if term in self.index.by_term else None)

    def gallery_pages(self) -> Iterator[GeneratedPage]:
        """The photo library: posts with a gallery, newest first, also by agency and by term."""
        galleries = [p for p in self.index.posts if p.photos]
        by_agency: dict[str, list[Post]] = {}
        by_term: dict[Term, list[Post]] = {}
        for post in galleries:
            by_agency.setdefault(post.agency, []).append(post)
            for term in post.terms:
                by_term.setdefault(term, []).append(post)
        agencies = sorted(by_agency, key=lambda k: sort_key(self.agency_label(k)))
        terms = sorted(by_term, reverse=True)
        rows = [counted("Cơ quan", agencies, self.agency_label, gallery_agency_uri, lambda a: len(by_agency[a])),
                counted("Nhiệm kỳ", terms, str, gallery_term_uri, lambda t: len(by_term[t]))]
        # "Thư viện ảnh" has no pages under it in the navigation: no left column (hide: navigation).
        yield from self.paginated(GALLERY, "Thư viện ảnh", galleries, "bantin/gallery.html", trail=(), albums=True,
                                  hide=("toc", "navigation"),
                                  count=count_galleries, about="Các bài viết có bộ ảnh", rows=[r for r in rows if r])
        trail = (("Thư viện ảnh", GALLERY),)
        for agency in agencies:
            yield from self.paginated(gallery_agency_uri(agency), f"Ảnh: {self.agency_label(agency)}",
                                      by_agency[agency], "bantin/list.html", trail=trail, hide=("toc", "navigation"),
                                      count=count_galleries, albums=True,
                                      about=f"Các bài viết có bộ ảnh của {self.registry.agencies[agency].name}")
        for term in terms:
            yield from self.paginated(gallery_term_uri(term), f"Ảnh: {term.label}", by_term[term],
                                      "bantin/list.html", trail=trail, hide=("toc", "navigation"), count=count_galleries,
                                      albums=True,
                                      about=f"Các bài viết có bộ ảnh, {term.label.lower()}")

    # -- listings (Markdown) -------------------------------------------------------------------------
    def nav(self) -> list:
        """Site navigation in MkDocs' `nav` format (page_data.nav)."""
        return nav(self.registry, self.index)

    def listing(self, uri: str, title: str, template: str, description: str, **data: object) -> GeneratedPage:
        """A page of links with counts: it changes with the site's newest post."""
        return GeneratedPage(uri, front_matter(title=title, description=description, hide=["toc"], search={"exclude": True})
                             + self.render(template, uri, title=title, trail=[Link("Trang chủ", HOME)], **data),
                             lastmod=newest(self.index.posts))

CHART_LABEL, CHART_BAR, CHART_ROW = 200, 300, 32  # the bar chart's columns and rows, in SVG units


def chart_geometry(bars: list[dict]) -> dict:
    """Where each bar of the congress overview's chart goes: a row per agency, its name, a
    track the width of its total, the part held filled, and "3/5" after it."""
    rows = []
    for i, bar in enumerate(bars):
        y = i * CHART_ROW
        filled = round(CHART_BAR * bar["held"] / bar["total"]) if bar["total"] else 0
        rows.append({"y": y, "text_y": y + CHART_ROW // 2 + 5, "bar_y": y + 6, "filled": filled, **bar})
    return {"width": CHART_LABEL + CHART_BAR + 80, "height": max(1, len(bars)) * CHART_ROW,
            "label": CHART_LABEL, "bar": CHART_BAR, "bar_height": CHART_ROW - 12,
            "count_x": CHART_LABEL + CHART_BAR + 8, "rows": rows}


def _shared(values: Iterable[Hashable]) -> set:
    return {v for v, n in Counter(values).items() if n > 1}


def render(project: Project, **options) -> list[GeneratedPage]:
    return list(Renderer(project, **options).pages())
