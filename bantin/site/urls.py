"""The site's URL scheme: where every generated page is published (ASCII, stable, Vietnamese
words). One place: pages, feeds, the output check and `bantin check` ask it.

Posts are at tin/YYYY/MM/slug/ (model.content.Post.url), photos at anh/… (site.gallery)."""

from __future__ import annotations

import posixpath

from bantin.model.terms import Term


def agency_uri(key: str) -> str:
    return f"co-quan/{key}/index.md"


def unit_uri(agency: str, unit: str) -> str:
    return f"co-quan/{agency}/don-vi/{unit}/index.md"


def agency_term_uri(agency: str, term: Term) -> str:
    return f"co-quan/{agency}/nhiem-ky/{term.slug}/index.md"


def term_uri(term: Term) -> str:
    return f"nhiem-ky/{term.slug}/index.md"


def kind_uri(key: str) -> str:
    return f"loai/{key}/index.md"


def year_uri(year: int) -> str:
    return f"luu-tru/{year}/index.md"


def month_uri(year: int, month: int) -> str:
    return f"luu-tru/{year}/{month:02d}/index.md"


def gallery_agency_uri(agency: str) -> str:
    return f"thu-vien-anh/co-quan/{agency}/index.md"


def gallery_term_uri(term: Term) -> str:
    return f"thu-vien-anh/nhiem-ky/{term.slug}/index.md"


def tag_uri(slug: str) -> str:
    return f"tu-khoa/{slug}/index.md"


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


def root_prefix(url: str) -> str:
    """The relative path from a page at `url` to the site root: '../../' for co-quan/x/."""
    return "../" * url.count("/")


def page_file(src_uri: str) -> str:
    """The file a page source is written to with directory URLs: a/b.md → a/b/index.html."""
    return page_url(src_uri) + "index.html"
