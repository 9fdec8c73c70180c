"""The site's URL scheme: where every page is published (ASCII, stable, Vietnamese words).

One place for every pattern: posts (and so their aliases and the URL record), index pages, the
search page and its index; pages, feeds, redirects, the output check, `bantin check` and the
theme ask it, and the browser's search gets what it needs from `browser()` at build time.
Photos are at anh/… (image_uri, rendition_uri). It sits in the model layer because a post's address is part
of its identity: two posts at one address, an alias and the URL record are content questions.

A source URI names a page in the host's docs tree (`co-quan/x/index.md`); its URL is where it
is published (`co-quan/x/`)."""

from __future__ import annotations

import hashlib
import posixpath
from datetime import datetime
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Protocol

from bantin.model.slugs import slugify
from bantin.model.terms import Term

HOME = "index.md"
AGENCIES = "co-quan/index.md"
TERMS = "nhiem-ky/index.md"
KINDS = "loai/index.md"
ARCHIVE = "luu-tru/index.md"
TAGS = "tu-khoa/index.md"
GALLERY = "thu-vien-anh/index.md"
SEARCH = "tim-kiem/index.md"
CONGRESSES = "dai-hoi/index.md"  # the congress tracker: every level and term with congresses
CONGRESS_CSV = "tien-do.csv"  # beside each overview of a level's term
SEARCH_INDEX = "tim-kiem/index"  # the search index's folder, written after the pages
RSS, ATOM = "feed.xml", "atom.xml"  # in the site's root folder and in each agency's and term's
ROBOTS, SITEMAP = "robots.txt", "sitemap.xml"
PHOTOS = "anh/"  # photo renditions (and originals, when published)
EDITOR = "admin/"  # the web editor (Sveltia CMS): its bundle and the configuration the build writes
EDITOR_CONFIG = EDITOR + "config.yml"
# The search page's query parameters (shareable links: /tim-kiem/?q=…&co-quan=…).
SEARCH_PARAMS = {"query": "q", "agency": "co-quan", "term": "nhiem-ky", "kind": "loai", "year": "nam",
                 "sort": "sap-xep", "newest": "ngay"}


def browser(directory_urls: bool = True) -> dict:
    """What the reader's browser needs of the scheme (search.js): written into it at build time.
    Without directory URLs (the archive opened from disk) the search page is a file, and
    `offline` tells search.js to read the index from its wrapper scripts (`<file>.js`, see
    site/search.py: wrap_for_disk): from file:// it may not fetch() files."""
    scheme: dict = {"page": page_url(SEARCH, directory_urls), "index": SEARCH_INDEX + "/", "params": SEARCH_PARAMS}
    if not directory_urls:
        scheme["offline"] = True
    return scheme


def post_uri(date: datetime, slug: str) -> str:
    """A post's page: tin/YYYY/MM/slug.md, published at tin/YYYY/MM/slug/."""
    return f"tin/{date.year}/{date.month:02d}/{slug}.md"


def _under(parent: str, *parts: str) -> str:
    """The page below a section's page: _under("co-quan/index.md", "x") → co-quan/x/index.md."""
    return posixpath.join(posixpath.dirname(parent), *parts, "index.md")


# The scheme is a tree: each page lives under the page that lists it.
def agency_uri(key: str) -> str:
    return _under(AGENCIES, key)


def agency_of(uri: str) -> str | None:
    """The agency whose page (or unit's, or term's) `uri` is; None for any other page."""
    parts = uri.split("/")
    return parts[1] if len(parts) > 2 and parts[0] + "/index.md" == AGENCIES else None


def unit_uri(agency: str, unit: str) -> str:
    return _under(agency_uri(agency), "don-vi", unit)


def agency_term_uri(agency: str, term: Term) -> str:
    return _under(agency_uri(agency), "nhiem-ky", term.slug)


def term_uri(term: Term) -> str:
    return _under(TERMS, term.slug)


def congress_uri(level: str, term: Term) -> str:
    """The congress tracker's overview of a level's term: dai-hoi/chi-bo/2020-2022/."""
    return _under(CONGRESSES, level, term.slug)


def congress_csv_uri(level: str, term: Term) -> str:
    return posixpath.join(posixpath.dirname(congress_uri(level, term)), CONGRESS_CSV)


def agency_congress_uri(agency: str, level: str, term: Term) -> str:
    """An agency's congresses of a level's term: co-quan/x/dai-hoi/chi-bo/2020-2022/."""
    return _under(agency_uri(agency), "dai-hoi", level, term.slug)


def kind_uri(key: str) -> str:
    return _under(KINDS, key)


def year_uri(year: int) -> str:
    return _under(ARCHIVE, str(year))


def month_uri(year: int, month: int) -> str:
    return _under(year_uri(year), f"{month:02d}")


def bulletin_uri(year: int, month: int) -> str:
    """The month's bulletin (its print-ready issue): luu-tru/2023/07/ban-tin/."""
    return _under(month_uri(year, month), "ban-tin")


def bulletin_pdf(year: int, month: int) -> str:
    """The issue as an A4 PDF, beside the month's page: luu-tru/2023/07/ban-tin-2023-07.pdf."""
    return posixpath.join(posixpath.dirname(month_uri(year, month)), bulletin_pdf_name(year, month))


def bulletin_pdf_name(year: int, month: int) -> str:
    """The PDF's file name, also what `bantin bulletin` writes: ban-tin-2023-07.pdf."""
    return f"ban-tin-{year}-{month:02d}.pdf"


def gallery_agency_uri(agency: str) -> str:
    return _under(GALLERY, "co-quan", agency)


def gallery_term_uri(term: Term) -> str:
    return _under(GALLERY, "nhiem-ky", term.slug)


def tag_uri(slug: str) -> str:
    return _under(TAGS, slug)


def page_uri(first: str, number: int) -> str:
    """URI of page `number` of a paginated index whose first page is `first`."""
    if number == 1:
        return first
    return posixpath.join(posixpath.dirname(first), "trang", str(number), "index.md")


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The URL (from the site root) a host such as MkDocs gives a page's source URI:
    co-quan/x/index.md → co-quan/x/, tin/2020/01/a.md → tin/2020/01/a/ ('' for the home page);
    without directory URLs: co-quan/x/index.html, tin/2020/01/a.html."""
    if not directory_urls:
        return src_uri[:-3] + ".html"
    head, _, name = src_uri.rpartition("/")
    folder = head + "/" if head else ""
    return folder if name == "index.md" else f"{folder}{name[:-3]}/"


def rel(from_uri: str, to_uri: str) -> str:
    """The relative path between two source URIs (a photo's, in a post's Markdown)."""
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


def root_prefix(url: str) -> str:
    """The relative path from a page at `url` to the site root: '../../' for co-quan/x/."""
    return "../" * url.count("/")


def page_file(src_uri: str) -> str:
    """The file a page source is written to with directory URLs: a/b.md → a/b/index.html."""
    return page_url(src_uri) + "index.html"


class Sized(Protocol):
    """A rendition as its URL needs it (site/photos/renditions.py: Rendition)."""

    @property
    def width(self) -> int: ...
    @property
    def format(self) -> str: ...


@lru_cache(maxsize=1 << 16)
def image_uri(src: str) -> str:
    """Where a photo (project-relative, e.g. images/2023/so-ket/anh-1.jpg) is published, ASCII
    only: anh/2023/so-ket/anh-1.jpg. Renditions add their width; `copy_originals` uses it as is.

    Folding to ASCII loses information ('Ảnh 1.jpg' and 'anh-1.jpg', 'a.jpg' and 'a.png' would
    share renditions), so a path that is not already its own slug with '.jpg' gets a short hash
    of its whole source path: images/2023/Sơ kết/Ảnh 1.JPG → anh/2023/so-ket/anh-1-1f0c3a9b.jpg.
    The URL depends on the photo alone, never on which other photos exist."""
    path = PurePosixPath(src)
    parts = path.parts[1:-1] if path.parts[0] == "images" else path.parts[:-1]
    folders = [slugify(p) or "_" for p in parts]
    stem = slugify(path.stem) or "anh"
    if folders != list(parts) or stem != path.stem or path.suffix != ".jpg":
        stem += "-" + hashlib.blake2b(src.encode("utf-8"), digest_size=4).hexdigest()
    return PHOTOS + "/".join([*folders, stem + path.suffix.lower()])


@lru_cache(maxsize=1 << 18)
def rendition_uri(src: str, rendition: Sized) -> str:
    """images/2023/Sơ kết/Ảnh 1.JPG at 640 px WebP → anh/2023/so-ket/anh-1-640.webp."""
    stem = image_uri(src).rsplit(".", 1)[0]
    return f"{stem}-{rendition.width}.{'jpg' if rendition.format == 'jpeg' else rendition.format}"
