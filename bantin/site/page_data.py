"""The data of generated pages, from the project's index: links, rows of counted links, the
agencies' tree, the archive's years, the pager, the navigation. Plain data for the templates
(site/templates/bantin/) and for MkDocs' nav; no markup here."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bantin.model import dates, urls
from bantin.model.content import Post
from bantin.model.registry import Registry
from bantin.model.taxonomy import Index
from bantin.model.terms import Term
from bantin.model.text import escape_html, sort_key


@dataclass(frozen=True, slots=True)
class Link:
    """A link to another page, named by its source URI (model/urls.py)."""

    text: str
    target: str
    query: str = ""
    cls: str = ""


@dataclass(frozen=True, slots=True)
class Row:
    """A row of links under an index page's title: "Cơ quan: A (3) · B (1)"."""

    label: str | None
    links: Sequence[Link]


@dataclass(frozen=True, slots=True)
class When:
    """A post's date for a <time> element: ISO 8601 and the Vietnamese label."""

    iso: str
    label: str


def when(post: Post, long: bool = True) -> When:
    return When(post.date.isoformat(), dates.format_long(post.date) if long else dates.format_short(post.date))


def count_posts(n: int) -> str:
    return f"{n} bài viết"


def count_galleries(n: int) -> str:
    return f"{n} bộ ảnh"


def describe(about: str, posts: Sequence[Post], count: Callable[[int], str] = count_posts) -> str:
    """A list page's description, saying what it lists: "Tin của …: 3 bài viết, mới nhất ngày 16/01/2020"."""
    if not posts:
        return f"{about}: chưa có bài viết."
    newest = max(p.date for p in posts)
    return f"{about}: {count(len(posts))}, mới nhất ngày {dates.format_short(newest)}."


def page_title(title: str, number: int) -> str:
    """A paginated list's title: the first page's, then "… – Trang 2"."""
    return title if number == 1 else f"{title} – Trang {number}"


def counted(label: str, keys: Sequence, text: Callable, target: Callable, count: Callable) -> Row | None:
    """A row of links "label: text (count) · …" (no "(0)": an agency above others may have none of
    its own), or None when there is nothing to link."""
    return Row(label, [Link(f"{text(k)} ({n})" if (n := count(k)) else text(k), target(k)) for k in keys]) \
        if keys else None


def live_agencies(registry: Registry, index: Index) -> set[str]:
    """The agencies that have a page: those with posts, and the agencies above them (whose page
    leads to them). Another has no page and no link: it would lead to an empty list."""
    live: set[str] = set()
    for key in index.by_agency:
        while key and key not in live and key in registry.agencies:
            live.add(key)
            key = registry.agencies[key].parent or ""
    return live


def home_rows(registry: Registry, index: Index) -> list[Row]:
    agencies = [a for a in registry.sorted_agencies() if index.by_agency.get(a.key)]
    return [Row("Cơ quan", [Link(f"{a.short} ({len(index.by_agency[a.key])})", urls.agency_uri(a.key))
                            for a in agencies])] if agencies else []


def term_rows(registry: Registry, index: Index, term: Term, posts: Sequence[Post]) -> list[Row]:
    agencies = sorted({p.agency for p in posts}, key=lambda k: sort_key(registry.agencies[k].short))
    row = counted("Cơ quan", agencies, lambda a: registry.agencies[a].short, lambda a: urls.agency_term_uri(a, term),
                  lambda a: len(index.by_agency_term[(a, term)]))
    search = Row(None, [Link(f"Tìm trong tin {term.label.lower()}", urls.SEARCH,
                             f"?{urls.SEARCH_PARAMS['term']}={term.slug}", "bt-search-link")])
    return [r for r in (row, search) if r]


def month_rows(index: Index, year: int) -> list[Row]:
    months = sorted(m for (y, m) in index.by_month if y == year)
    return [Row("Theo tháng", [Link(f"Tháng {m} ({len(index.by_month[(year, m)])})", urls.month_uri(year, m))
                               for m in months])]


def tree(registry: Registry, index: Index) -> list[dict]:
    """Agencies under their parents, each followed by its units: (depth, link, what follows).
    Only agencies with a page (`live_agencies`)."""
    items: list[dict] = []
    live = live_agencies(registry, index)

    def walk(key: str, depth: int) -> None:
        agency = registry.agencies[key]
        items.append({"depth": depth, "link": Link(agency.name, urls.agency_uri(key)),
                      "after": f" — {count_posts(len(index.by_agency.get(key, ())))}"})
        for unit in agency.units:
            # A unit without posts has no page (pages.py): its name is shown, unlinked.
            n = len(index.by_unit.get((key, unit.key), ()))
            items.append({"depth": depth + 1, "link": Link(unit.name, urls.unit_uri(key, unit.key)) if n else None,
                          "text": unit.name, "after": f" ({n})" if n else ""})
        for child in registry.children(key):
            if child in live:
                walk(child, depth + 1)

    for agency in registry.sorted_agencies():
        if not agency.parent and agency.key in live:
            walk(agency.key, 0)
    return items


def years(index: Index) -> list[dict]:
    months: dict[int, list[int]] = {}
    for year, month in index.by_month:
        months.setdefault(year, []).append(month)
    return [{"link": Link(f"Năm {year}", urls.year_uri(year)), "count": count_posts(len(index.by_year[year])),
             "months": [{"link": Link(f"Tháng {m}", urls.month_uri(year, m)), "count": len(index.by_month[(year, m)])}
                        for m in sorted(months[year], reverse=True)]}
            for year in sorted(index.by_year, reverse=True)]


def nav(registry: Registry, index: Index) -> list:
    """Site navigation in MkDocs' `nav` format: sections, never individual posts.

    Themes print nav titles as HTML, so registry names are escaped here. Agencies and kinds
    without a post have no page: they are left out."""
    live = live_agencies(registry, index)
    agencies = [{escape_html(a.short): urls.agency_uri(a.key)} for a in registry.sorted_agencies() if a.key in live]
    terms = [{str(t): urls.term_uri(t)} for t in sorted(index.by_term, reverse=True)]
    kinds = [{escape_html(k.name): urls.kind_uri(k.key)}
             for k in sorted(registry.kinds.values(), key=lambda k: sort_key(k.name)) if index.by_kind.get(k.key)]
    years = [{f"Năm {y}": urls.year_uri(y)} for y in sorted(index.by_year, reverse=True)]
    return [
        {"Tin mới": urls.HOME},
        {"Cơ quan": [urls.AGENCIES, *agencies]},
        {"Nhiệm kỳ": [urls.TERMS, *terms]},
        {"Loại tin": [urls.KINDS, *kinds]},
        {"Lưu trữ": [urls.ARCHIVE, *years, {"Từ khóa": urls.TAGS}]},
        {"Thư viện ảnh": urls.GALLERY},
    ]


def nav_owner(uri: str, post_agency: str | None, in_nav: Callable[[str], bool]) -> str | None:
    """The page in the navigation that a page outside it belongs to: its tab is highlighted and,
    in the left column, its entry, so that every page says where the reader is.

    - a post: its agency's page, under "Cơ quan" (a post is its agency's news, whatever its kind
      or date; "Tin mới" is a list of every agency's);
    - an agency's units, its agency×term pages and its later pages: the agency's page ("Cơ quan");
    - a term's, a kind's, a year's later pages: that page ("Nhiệm kỳ", "Loại tin", "Lưu trữ");
    - a month: its year, and a tag: "Từ khóa", both under "Lưu trữ";
    - the photo library by agency or by term: "Thư viện ảnh"; the home page's later pages: "Tin mới";
    - the congress tracker's overviews (dai-hoi/…): "Nhiệm kỳ", where it is linked from (an
      agency's tracker is its agency's, as its other pages);
    - the search page and hand-written pages outside the navigation: none (no section holds them).
    """
    if post_agency is not None:
        owner = urls.agency_uri(post_agency)
        return owner if in_nav(owner) else None
    if uri == urls.SEARCH:
        return None
    if uri.startswith(urls.CONGRESSES.removesuffix("index.md")):  # the tracker is reached from the terms
        return urls.TERMS if in_nav(urls.TERMS) else None
    folders = uri.split("/")[:-1]
    while folders:  # the nearest page above this one that is in the navigation
        folders.pop()
        candidate = "/".join([*folders, "index.md"])
        if candidate == urls.HOME and not uri.startswith("trang/"):
            return None
        if in_nav(candidate):
            return candidate
    return None


def pager(first: str, number: int, total: int) -> list[dict]:
    """The pager's items: previous, first, a window of pages around this one, last, next."""
    if total <= 1:
        return []
    items: list[dict] = [{"kind": "prev", "target": urls.page_uri(first, number - 1)}] if number > 1 else []
    previous = 0
    for n in sorted({1, total, *range(max(1, number - 2), min(total, number + 2) + 1)}):
        if n - previous > 1:
            items.append({"kind": "gap"})
        items.append({"kind": "current" if n == number else "page", "number": n, "target": urls.page_uri(first, n)})
        previous = n
    if number < total:
        items.append({"kind": "next", "target": urls.page_uri(first, number + 1)})
    return items
