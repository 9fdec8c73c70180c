"""Markdown for every generated page: posts, indexes by agency/unit/term/kind/date/tag.

Pure functions from the project model to (src_uri, Markdown) pairs. Links point at the
target page's *source* URI (`co-quan/x/index.md`), relative to the page, so the host
(MkDocs) validates them and turns them into URLs for any `use_directory_urls`/sub-path.
"""

from __future__ import annotations

import json
import math
import posixpath
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from bantin.model import dates
from bantin.model.content import Photo, Post
from bantin.model.project import Project
from bantin.model.registry import Agency
from bantin.model.slugs import slugify
from bantin.model.terms import Term
from bantin.model.text import escape_html, escape_md, sort_key
from bantin.model.urls import (
    AGENCIES,
    ARCHIVE,
    GALLERY,
    HOME,
    KINDS,
    SEARCH,
    TAGS,
    TERMS,
    agency_term_uri,
    agency_uri,
    gallery_agency_uri,
    gallery_term_uri,
    kind_uri,
    month_uri,
    page_uri,
    page_url,
    root_prefix,
    tag_uri,
    term_uri,
    unit_uri,
    year_uri,
)
from bantin.site.photos.picture import image_uri, picture_html
from bantin.site.photos.renditions import ImageMeta

SEP = " · "
# `sizes` for each place a photo appears; they follow the grid widths in bantin.css.
CARD_SIZES = "(max-width: 44.9375em) 100vw, 9rem"
GALLERY_SIZES = "(max-width: 44.9375em) 50vw, 14rem"
COVER_SIZES = "(max-width: 44.9375em) 100vw, 38rem"


ROOT = "\x00"  # stands for the path from a page to the site root in cached HTML fragments


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    """A page to publish. `content` is Markdown with front matter. When `html` is set the page's
    body is that HTML, with its links already relative to the page, and `content` holds only the
    front matter: the host must not convert it again."""

    src_uri: str
    content: str
    html: str | None = None


# -- Markdown building blocks ---------------------------------------------------------------------
def rel(from_uri: str, to_uri: str) -> str:
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


def link(text: str, from_uri: str, to_uri: str) -> str:
    return f"[{escape_md(text)}]({rel(from_uri, to_uri)})"


def front_matter(**meta: object) -> str:
    """YAML front matter of a generated page. Material prints `title` and `description` into the
    HTML as they are, so they are given HTML-escaped: a title is text, never markup."""
    data = {k: escape_html(v) if k in ("title", "description") and isinstance(v, str) else v
            for k, v in meta.items() if v not in (None, "", [], ())}
    # JSON values are YAML flow values: quoted, escaped, on one line, and ~20× faster to write.
    return "---\n" + "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in data.items()) + "---\n\n"


def breadcrumb(uri: str, ancestors: Sequence[tuple[str, str]]) -> str:
    """Links to the pages above this one, (label, target URI) each; the title follows it."""
    parts = [link("Trang chủ", uri, HOME)] + [link(label, uri, target) for label, target in ancestors]
    return '<nav class="bt-breadcrumb" aria-label="Đường dẫn" markdown>\n' + " › ".join(parts) + "\n</nav>\n\n"


def time_tag(post: Post, long: bool = True) -> str:
    label = dates.format_long(post.date) if long else dates.format_short(post.date)
    return f'<time datetime="{post.date.isoformat()}">{label}</time>'


class Renderer:
    """Renders every page of a project. Holds lookups only; each method returns Markdown."""

    def __init__(self, project: Project, *, photo: Callable[[str], ImageMeta | None] = lambda src: None,
                 directory_urls: bool = True):
        self.project = project
        self.registry = project.registry
        self.index = project.index
        self.per_page = max(1, project.options.per_page)
        self.photo = photo  # a photo's renditions, for thumbnails; None for a photo not processed
        self.directory_urls = directory_urls
        self._cards: dict[str, str] = {}

    def agency_label(self, key: str) -> str:
        return self.registry.agencies[key].short

    def unit_label(self, agency: str, unit: str) -> str:
        found = self.registry.agencies[agency].unit(unit)
        return found.name if found else unit

    def kind_label(self, key: str) -> str:
        return self.registry.kinds[key].name

    # -- pages ---------------------------------------------------------------------------
    def pages(self) -> Iterator[GeneratedPage]:
        """Every generated page: posts first, then indexes, then listings."""
        for post in self.index.posts:
            yield GeneratedPage(post.src_uri, self.post_page(post))
        yield from self.paginated(HOME, "Tin mới", self.index.posts, lead=self.home_lead(),
                                  trail=(), hide=("toc", "navigation"))
        yield GeneratedPage(AGENCIES, self.agencies_page())
        for agency in self.registry.agencies.values():
            yield from self.agency_pages(agency)
        yield GeneratedPage(TERMS, self.terms_page())
        for term, posts in self.index.by_term.items():
            yield from self.paginated(
                term_uri(term), term.label, posts, trail=(("Nhiệm kỳ", TERMS),),
                lead=self.term_lead(term, posts),
            )
        yield GeneratedPage(KINDS, self.kinds_page())
        for kind in self.registry.kinds.values():
            yield from self.paginated(
                kind_uri(kind.key), kind.name, self.index.by_kind.get(kind.key, ()),
                trail=(("Loại tin", KINDS),),
                lead=f"<p>{escape_html(kind.description)}</p>" if kind.description else "",
            )
        yield GeneratedPage(ARCHIVE, self.archive_page())
        for year, posts in self.index.by_year.items():
            yield from self.paginated(year_uri(year), f"Năm {year}", posts,
                                      trail=(("Lưu trữ", ARCHIVE),), lead=self.year_lead(year))
        for (year, month), posts in self.index.by_month.items():
            yield from self.paginated(
                month_uri(year, month), f"Tháng {month}/{year}", posts,
                trail=(("Lưu trữ", ARCHIVE), (f"Năm {year}", year_uri(year))),
            )
        yield from self.gallery_pages()
        yield GeneratedPage(SEARCH, search_page())
        yield GeneratedPage(TAGS, self.tags_page())
        for slug, posts in self.index.by_tag.items():
            yield from self.paginated(tag_uri(slug), f"Từ khóa: {self.index.tag_names[slug]}", posts,
                                      trail=(("Từ khóa", TAGS),))

    # -- a post ------------------------------------------------------------------------------
    def post_page(self, post: Post) -> str:
        uri = post.src_uri
        agency = self.registry.agencies[post.agency]
        meta = [time_tag(post), link(agency.short, uri, agency_uri(agency.key))]
        meta += [link(self.unit_label(agency.key, u), uri, unit_uri(agency.key, u)) for u in post.units]
        meta += [link(t.label, uri, agency_term_uri(agency.key, t)) for t in post.terms]
        meta.append(link(self.kind_label(post.kind), uri, kind_uri(post.kind)))
        # Posts are not in the nav (it would grow with every post), so the left column is hidden.
        out = [front_matter(title=post.title, description=post.summary, hide=["navigation"])]
        out.append(breadcrumb(uri, [("Cơ quan", AGENCIES), (agency.short, agency_uri(agency.key))]))
        out.append(f"# {escape_md(post.title)}\n\n")
        out.append('<div class="bt-meta" markdown>\n' + SEP.join(meta) + "\n</div>\n\n")
        if post.cover and post.cover.src not in {p.src for p in post.photos}:
            cover = self.image(post.cover, uri, lazy=False, alt=post.title, sizes=COVER_SIZES)
            out.append(f'<figure class="bt-cover" markdown>\n{cover}\n</figure>\n\n')
        out.append(post.body.strip() + "\n\n")
        byline = []
        if post.author:
            byline.append(f"**Tác giả:** {escape_md(post.author)}")
        if post.source:
            byline.append(f"**Nguồn:** {escape_md(post.source)}")
        if byline:
            out.append('<div class="bt-byline" markdown>\n' + SEP.join(byline) + "\n</div>\n\n")
        if post.photos:
            out.append(self.gallery(post, uri))
        if post.tags:
            tags = [link(tag, uri, tag_uri(slugify(tag))) for tag in post.tags if slugify(tag)]
            out.append('<div class="bt-tags" markdown>\n**Từ khóa:** ' + " ".join(tags) + "\n</div>\n\n")
        out.append(self.prev_next(post))
        return "".join(out)

    def image(self, photo: Photo, uri: str, *, sizes: str, lazy: bool = True, alt: str = "") -> str:
        """A Markdown image of a photo; bantin's Markdown extension turns it into a <picture>."""
        attrs = ' loading="lazy" decoding="async"' if lazy else ""
        return (f"![{escape_md(photo.alt_text or alt)}]({rel(uri, image_uri(photo.src))})"
                f'{{{attrs} sizes="{sizes}" }}')

    def gallery(self, post: Post, uri: str) -> str:
        figures = []
        for photo in post.photos:
            caption = f"\n<figcaption>{escape_html(photo.caption)}</figcaption>" if photo.caption else ""
            figures.append(f'<figure markdown>\n{self.image(photo, uri, sizes=GALLERY_SIZES)}{caption}\n</figure>')
        return ("## Một số hình ảnh\n\n"
                '<div class="bt-gallery" markdown>\n' + "\n".join(figures) + "\n</div>\n\n")

    def prev_next(self, post: Post) -> str:
        older, newer = self.index.neighbours.get(post.path, (None, None))
        if not older and not newer:
            return ""
        agency = self.agency_label(post.agency)
        cells = []
        for other, label, cls in ((older, "Bài trước", "bt-prev"), (newer, "Bài sau", "bt-next")):
            if other:
                cells.append(
                    f'<div class="{cls}" markdown>\n<span class="bt-label">{label}</span>\n\n'
                    f"{link(other.title, post.src_uri, other.src_uri)}\n</div>"
                )
        return (f'<nav class="bt-prevnext" aria-label="Tin khác của {escape_html(agency)}" markdown>\n'
                + "\n".join(cells) + "\n</nav>\n")

    # -- lists of posts: HTML, not Markdown ------------------------------------------------------
    # Index pages are most of a site's pages and repeat each post's card on ~10 of them, so
    # they are written as HTML directly: each card once per post with its URLs relative to the
    # site root (ROOT), then only ROOT is replaced for each page. No Markdown conversion.
    def url(self, uri: str) -> str:
        return page_url(uri, self.directory_urls)

    def href(self, from_uri: str, to_uri: str) -> str:
        return (root_prefix(self.url(from_uri)) + self.url(to_uri)) or "./"

    def a(self, text: str, from_uri: str, to_uri: str, query: str = "", cls: str = "") -> str:
        attr = f' class="{cls}"' if cls else ""
        return f'<a{attr} href="{self.href(from_uri, to_uri)}{query}">{escape_html(text)}</a>'

    def card(self, post: Post) -> str:
        """A post's card with every URL starting at ROOT; cached, since each appears on many pages."""
        cached = self._cards.get(post.path)
        if cached is not None:
            return cached

        def to(uri: str) -> str:
            return ROOT + self.url(uri)

        meta = [time_tag(post, long=False),
                f'<a href="{to(agency_uri(post.agency))}">{escape_html(self.agency_label(post.agency))}</a>',
                f'<a href="{to(kind_uri(post.kind))}">{escape_html(self.kind_label(post.kind))}</a>']
        if post.photos:
            meta.append(f"{len(post.photos)} ảnh")
        summary = f"<p>{escape_html(post.summary)}</p>\n" if post.summary else ""
        thumb = post.cover or (post.photos[0] if post.photos else None)
        meta_of = self.photo(thumb.src) if thumb else None
        # The thumbnail is a link of its own: its alt text names the post when the photo has none.
        picture = (f'<div class="bt-thumb"><a href="{to(post.src_uri)}">'
                   + picture_html(thumb.src, meta_of, ROOT, alt=thumb.alt_text or post.title, sizes=CARD_SIZES)
                   + "</a></div>\n") if thumb and meta_of else ""
        card = (
            f'<article class="bt-card{" bt-has-thumb" if picture else ""}">\n{picture}'
            f'<h2><a href="{to(post.src_uri)}">{escape_html(post.title)}</a></h2>\n'
            f'<div class="bt-card-meta">{SEP.join(meta)}</div>\n'
            f"{summary}</article>\n"
        )
        self._cards[post.path] = card
        return card

    def breadcrumb_html(self, uri: str, ancestors: Sequence[tuple[str, str]]) -> str:
        parts = [self.a("Trang chủ", uri, HOME)] + [self.a(label, uri, target) for label, target in ancestors]
        return '<nav class="bt-breadcrumb" aria-label="Đường dẫn">\n' + " › ".join(parts) + "\n</nav>\n"

    def facets(self, *rows: str) -> str:
        """Rows of links (label, then links) under an index page's title."""
        rows = tuple(r for r in rows if r)
        return '<div class="bt-facets">\n' + "\n".join(f"<p>{r}</p>" for r in rows) + "\n</div>\n" if rows else ""

    def paginated(self, first: str, title: str, posts: Sequence[Post], *, trail: Sequence[tuple[str, str]],
                  lead: str = "", hide: Sequence[str] = ("toc",),
                  count: Callable[[int], str] | None = None) -> Iterator[GeneratedPage]:
        """A list of posts over as many pages as it needs; `lead` is HTML shown on the first."""
        count = count or _count
        total = max(1, math.ceil(len(posts) / self.per_page))
        for number in range(1, total + 1):
            uri = page_uri(first, number)
            prefix = root_prefix(self.url(uri))
            chunk = posts[(number - 1) * self.per_page: number * self.per_page]
            page_title = title if number == 1 else f"{title} (trang {number})"
            ancestors = [*trail, (title, first)] if number > 1 and first != HOME else list(trail)
            out = [self.breadcrumb_html(uri, ancestors) if ancestors else "", f"<h1>{escape_html(title)}</h1>\n"]
            if lead and number == 1:
                out.append(lead.strip() + "\n")
            out.append(f'<p class="bt-count">{count(len(posts))}'
                       + (f", trang {number}/{total}" if total > 1 else "") + "</p>\n")
            if not posts:
                out.append('<p class="bt-empty">Chưa có bài viết nào.</p>\n')
            out.append('<div class="bt-list">\n' + "".join(self.card(p) for p in chunk).replace(ROOT, prefix)
                       + "</div>\n")
            out.append(self.pager(first, uri, number, total))
            meta = front_matter(title=page_title, hide=list(hide), search={"exclude": True})
            yield GeneratedPage(uri, meta, "".join(out))

    def pager(self, first: str, uri: str, number: int, total: int) -> str:
        if total <= 1:
            return ""
        shown = sorted({1, total, *range(max(1, number - 2), min(total, number + 2) + 1)})
        parts = []
        if number > 1:
            parts.append(f'<a href="{self.href(uri, page_uri(first, number - 1))}" rel="prev">« Trang trước</a>')
        previous = 0
        for n in shown:
            if n - previous > 1:
                parts.append('<span class="bt-gap">…</span>')
            if n == number:
                parts.append(f'<span class="bt-current" aria-current="page">{n}</span>')
            else:
                parts.append(f'<a href="{self.href(uri, page_uri(first, n))}">{n}</a>')
            previous = n
        if number < total:
            parts.append(f'<a href="{self.href(uri, page_uri(first, number + 1))}" rel="next">Trang sau »</a>')
        return '<nav class="bt-pager" aria-label="Phân trang">\n' + " ".join(parts) + "\n</nav>\n"

    # -- leads of index pages (HTML) -----------------------------------------------------------
    def home_lead(self) -> str:
        links = [self.a(f"{a.short} ({len(self.index.by_agency.get(a.key, ()))})", HOME, agency_uri(a.key))
                 for a in self.registry.sorted_agencies()]
        return self.facets("<strong>Cơ quan:</strong> " + SEP.join(links))

    def agency_pages(self, agency: Agency) -> Iterator[GeneratedPage]:
        key = agency.key
        first = agency_uri(key)
        posts = self.index.by_agency.get(key, ())
        trail = [("Cơ quan", AGENCIES)]
        if agency.parent:
            trail.append((self.agency_label(agency.parent), agency_uri(agency.parent)))
        rows = []
        terms = self.index.agency_terms.get(key, ())
        if terms:
            rows.append("<strong>Nhiệm kỳ:</strong> " + SEP.join(
                self.a(f"{t} ({len(self.index.by_agency_term[(key, t)])})", first, agency_term_uri(key, t))
                for t in terms))
        if agency.units:
            rows.append("<strong>Đơn vị:</strong> " + SEP.join(
                self.a(f"{u.name} ({len(self.index.by_unit.get((key, u.key), ()))})", first, unit_uri(key, u.key))
                for u in agency.units))
        children = self.registry.children(key)
        if children:
            rows.append("<strong>Cơ quan trực thuộc:</strong> " + SEP.join(
                self.a(f"{self.agency_label(c)} ({len(self.index.by_agency.get(c, ()))})", first, agency_uri(c))
                for c in children))
        if posts:
            rows.append(self.a(f"Tìm trong tin của {agency.short}", first, SEARCH, f"?co-quan={key}",
                               cls="bt-search-link"))
        lead = (f"<p>{escape_html(agency.description)}</p>\n" if agency.description else "") + self.facets(*rows)
        yield from self.paginated(first, agency.name, posts, trail=trail, lead=lead)
        agency_trail = (*trail, (agency.short, first))
        for unit in agency.units:
            uri = unit_uri(key, unit.key)
            yield from self.paginated(uri, unit.name, self.index.by_unit.get((key, unit.key), ()),
                                      trail=agency_trail, lead=f"<p>Thuộc {self.a(agency.name, uri, first)}.</p>")
        for term in terms:
            uri = agency_term_uri(key, term)
            yield from self.paginated(
                uri, f"{agency.short}: {term.label}", self.index.by_agency_term[(key, term)],
                trail=agency_trail,
                lead=f"<p>Xem tin của mọi cơ quan trong {self.a(term.label.lower(), uri, term_uri(term))}.</p>",
            )

    def term_lead(self, term: Term, posts: Sequence[Post]) -> str:
        agencies = sorted({p.agency for p in posts}, key=lambda k: sort_key(self.agency_label(k)))
        uri = term_uri(term)
        return self.facets(
            "<strong>Cơ quan:</strong> " + SEP.join(
                self.a(f"{self.agency_label(a)} ({len(self.index.by_agency_term[(a, term)])})", uri,
                       agency_term_uri(a, term)) for a in agencies),
            self.a(f"Tìm trong tin {term.label.lower()}", uri, SEARCH, f"?nhiem-ky={term.slug}", cls="bt-search-link"))

    def year_lead(self, year: int) -> str:
        uri = year_uri(year)
        months = sorted(m for (y, m) in self.index.by_month if y == year)
        return self.facets("<strong>Theo tháng:</strong> " + SEP.join(
            self.a(f"Tháng {m} ({len(self.index.by_month[(year, m)])})", uri, month_uri(year, m)) for m in months))

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
        rows = []
        if agencies:
            rows.append("<strong>Cơ quan:</strong> " + SEP.join(
                self.a(f"{self.agency_label(a)} ({len(by_agency[a])})", GALLERY, gallery_agency_uri(a))
                for a in agencies))
        if terms:
            rows.append("<strong>Nhiệm kỳ:</strong> " + SEP.join(
                self.a(f"{t} ({len(by_term[t])})", GALLERY, gallery_term_uri(t)) for t in terms))
        lead = "<p>Các bộ ảnh đưa tin hoạt động, mới nhất trước.</p>\n" + self.facets(*rows)
        trail = (("Thư viện ảnh", GALLERY),)
        yield from self.paginated(GALLERY, "Thư viện ảnh", galleries, trail=(), lead=lead, count=_galleries)
        for agency in agencies:
            yield from self.paginated(gallery_agency_uri(agency), f"Ảnh: {self.agency_label(agency)}",
                                      by_agency[agency], trail=trail, count=_galleries)
        for term in terms:
            yield from self.paginated(gallery_term_uri(term), f"Ảnh: {term.label}", by_term[term],
                                      trail=trail, count=_galleries)

    # -- listings ---------------------------------------------------------------------------------
    def listing(self, uri: str, title: str, body: str) -> str:
        return (front_matter(title=title, hide=["toc"], search={"exclude": True})
                + breadcrumb(uri, []) + f"# {escape_md(title)}\n\n" + body)

    def agencies_page(self) -> str:
        def tree(key: str, depth: int) -> list[str]:
            agency = self.registry.agencies[key]
            count = len(self.index.by_agency.get(key, ()))
            lines = ["    " * depth + f"- {link(agency.name, AGENCIES, agency_uri(key))} — {_count(count)}"]
            for unit in agency.units:
                n = len(self.index.by_unit.get((key, unit.key), ()))
                lines.append("    " * (depth + 1) + f"- {link(unit.name, AGENCIES, unit_uri(key, unit.key))}"
                             + (f" ({n})" if n else ""))
            for child in self.registry.children(key):
                lines += tree(child, depth + 1)
            return lines

        roots = [a.key for a in self.registry.sorted_agencies()
                 if not a.parent]
        body = ["Các cơ quan, đơn vị và số bài viết của từng nơi.\n"]
        for key in roots:
            body += tree(key, 0)
        return self.listing(AGENCIES, "Cơ quan", "\n".join(body) + "\n")

    def terms_page(self) -> str:
        lines = ["Tin bài theo nhiệm kỳ, mới nhất trước.\n"]
        for term in sorted(self.index.by_term, reverse=True):
            posts = self.index.by_term[term]
            lines.append(f"- {link(term.label, TERMS, term_uri(term))} — {_count(len(posts))}")
        return self.listing(TERMS, "Nhiệm kỳ", "\n".join(lines) + "\n")

    def kinds_page(self) -> str:
        lines = ["Tin bài theo loại sự kiện.\n"]
        for kind in sorted(self.registry.kinds.values(), key=lambda k: sort_key(k.name)):
            n = len(self.index.by_kind.get(kind.key, ()))
            lines.append(f"- {link(kind.name, KINDS, kind_uri(kind.key))} — {_count(n)}")
        return self.listing(KINDS, "Loại tin", "\n".join(lines) + "\n")

    def archive_page(self) -> str:
        lines = ["Tin bài theo năm và tháng đăng.\n"]
        months: dict[int, list[int]] = {}
        for year, month in self.index.by_month:
            months.setdefault(year, []).append(month)
        for year in sorted(self.index.by_year, reverse=True):
            lines.append(f"- {link(f'Năm {year}', ARCHIVE, year_uri(year))} — {_count(len(self.index.by_year[year]))}")
            for month in sorted(months[year], reverse=True):
                lines.append(f"    - {link(f'Tháng {month}', ARCHIVE, month_uri(year, month))}"
                             f" ({len(self.index.by_month[(year, month)])})")
        return self.listing(ARCHIVE, "Lưu trữ", "\n".join(lines) + "\n")

    def tags_page(self) -> str:
        slugs = sorted(self.index.by_tag, key=lambda s: sort_key(self.index.tag_names[s]))
        items = [link(f"{self.index.tag_names[s]} ({len(self.index.by_tag[s])})", TAGS, tag_uri(s)) for s in slugs]
        body = ('<div class="bt-tags" markdown>\n' + " ".join(items) + "\n</div>\n") if items \
            else '<p class="bt-empty">Chưa có từ khóa nào.</p>\n'
        return self.listing(TAGS, "Từ khóa", body)

    # -- navigation --------------------------------------------------------------------------------
    def nav(self) -> list:
        """Site navigation in MkDocs' `nav` format: sections, never individual posts.

        Themes print nav titles as HTML, so registry names are escaped here."""
        agencies = [{escape_html(a.short): agency_uri(a.key)} for a in self.registry.sorted_agencies()]
        terms = [{str(t): term_uri(t)} for t in sorted(self.index.by_term, reverse=True)]
        kinds = [{escape_html(k.name): kind_uri(k.key)}
                 for k in sorted(self.registry.kinds.values(), key=lambda k: sort_key(k.name))]
        years = [{f"Năm {y}": year_uri(y)} for y in sorted(self.index.by_year, reverse=True)]
        return [
            {"Tin mới": HOME},
            {"Cơ quan": [AGENCIES, *agencies]},
            {"Nhiệm kỳ": [TERMS, *terms]},
            {"Loại tin": [KINDS, *kinds]},
            {"Lưu trữ": [ARCHIVE, *years, {"Từ khóa": TAGS}]},
            {"Thư viện ảnh": GALLERY},
        ]


def search_page() -> str:
    """The search page: a form bantin's search.js brings to life; ?q=… makes it shareable."""
    return front_matter(title="Tìm kiếm", hide=["navigation", "toc"]) + """# Tìm kiếm

<div id="bt-search" class="bt-search">
<form class="bt-search-form" role="search" action="">
<label for="bt-q">Từ khóa</label>
<input id="bt-q" type="search" name="q" autocomplete="off" spellcheck="false"
       placeholder="ví dụ: đại hội chi bộ, hoặc dai hoi chi bo">
<label for="bt-sort">Sắp xếp</label>
<select id="bt-sort" name="sap-xep"><option value="">Phù hợp nhất</option><option value="ngay">Mới nhất</option></select>
<button type="submit" class="md-button md-button--primary">Tìm</button>
</form>
<div class="bt-search-facets"></div>
<p class="bt-search-status" role="status" aria-live="polite">Gõ từ khóa để tìm.</p>
<ol class="bt-search-results"></ol>
<button type="button" class="bt-search-more md-button" hidden>Xem thêm kết quả</button>
<noscript><p>Trang tìm kiếm cần JavaScript. Bạn vẫn có thể tìm tin theo cơ quan, nhiệm kỳ,
loại tin hoặc thời gian ở thanh chuyên mục phía trên.</p></noscript>
</div>
"""


def _count(n: int) -> str:
    return f"{n} bài viết"


def _galleries(n: int) -> str:
    return f"{n} bộ ảnh"


def render(project: Project, **options) -> list[GeneratedPage]:
    return list(Renderer(project, **options).pages())
