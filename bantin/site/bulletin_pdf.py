"""The monthly bulletin as an A4 PDF: WeasyPrint over the issue's print HTML, cached by digest.

Why WeasyPrint (PyPI, pinned) rather than Chromium's printing: it is a Python package the build
installs itself, its output is the same bytes for the same HTML (builds stay reproducible; a
browser stamps each PDF with the time), it knows paged media (A4, page numbers, a contents with
page numbers), and it needs only the system's Pango, which GitHub's Ubuntu runners, Debian with
Chromium and most desktops already have (`apt-get install libpango-1.0-0 libpangoft2-1.0-0`
elsewhere). Without it a build still succeeds: `engine_problem()` says what to install.

An issue's PDF is cached under the build cache (`.cache/bantin/ban-tin/<digest>.pdf`); the digest
covers everything that goes into it (the print HTML, which holds every text, every photo's
content-addressed rendition and the emblem's bytes; the engine's and the fonts' versions), so an
unchanged month is not rendered again. The same issue is the same bytes in any folder.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup

from bantin.model.content import Photo
from bantin.model.text import escape_html
from bantin.model.urls import bulletin_pdf
from bantin.site.bulletin import Issue, Masthead, body_digest, body_html, render_issue
from bantin.site.photos.renditions import ImageMeta

CACHE_FOLDER = "ban-tin"
FONTS_PACKAGE = "fontpkg_be_vietnam_pro"
PRINT_WIDTH = 1280  # px of the photos in the PDF: ~300 dpi across an A4 column


def fonts_dir() -> Path:
    """Be Vietnam Pro, shipped by a pinned package (Vietnamese glyphs on any machine)."""
    return Path(str(resources.files(FONTS_PACKAGE) / "files"))


def _engine():
    """WeasyPrint, imported without its side effect on Pillow: it sets the process-wide
    `ImageFile.LOAD_TRUNCATED_IMAGES`, which would let the build publish a cut photo silently
    (site/photos/opening.py refuses one by Pillow's error on decoding it). Every import of the
    engine goes through here."""
    from PIL import ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    try:
        import weasyprint
        import weasyprint.images  # noqa: F401  (the module that sets the flag)
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before
    return weasyprint


def engine_problem() -> str | None:
    """None when PDFs can be made here; else one Vietnamese line: what is missing → the fix."""
    try:
        _engine()
    except ImportError:
        return ("chưa tạo bản PDF của bản tin tháng: thiếu thư viện WeasyPrint → cài lại bantin với các gói đã ghim "
                "(make site, hoặc pip install -e .)")
    except OSError:  # WeasyPrint is there but the system's Pango is not
        return ("chưa tạo bản PDF của bản tin tháng: máy chưa có thư viện Pango mà WeasyPrint cần → "
                "Debian/Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0; Windows, macOS: "
                "xem huong-dan/, mục 'Bản tin tháng'")
    return None


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


# The PDF's HTML names photos and fonts under these made-up folders, which the fetcher maps to the
# cache and the fonts' package: WeasyPrint names each image in the PDF by its URL, so the same
# issue is the same bytes in any folder on any machine (and its HTML is its digest's whole input).
CACHE_URL = "file:///bantin-cache/"
FONTS_URL = "file:///bantin-fonts"


def digest(html: str) -> str:
    """What identifies a PDF: its HTML (bodies as their digests) and the versions of the engine
    and the fonts."""
    text = html
    for package in ("weasyprint", "pydyf", "fontpkg-be-vietnam-pro"):
        text += f"\n{package}={_version(package)}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _fetcher(cache: Path):
    """Files of the cache and the fonts only: nothing is loaded from an outside host, nor from
    outside those two folders (a path is decoded, then resolved, before it is checked)."""
    from urllib.parse import unquote

    _engine()  # first: imported through _engine, the module below no longer touches Pillow
    from weasyprint.urls import URLFetcher

    places = {CACHE_URL: cache.resolve(), FONTS_URL + "/": fonts_dir().resolve()}

    class LocalOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            for made_up, folder in places.items():
                if url.startswith(made_up):
                    target = (folder / unquote(url[len(made_up):].split("?")[0].split("#")[0])).resolve()
                    if target.is_relative_to(folder):
                        return super().fetch(target.as_uri(), headers)
            raise ValueError(f"refused to load {url!r}: a bulletin loads nothing from outside")

    return LocalOnly(allowed_protocols=("file", "data"))


def render_pdf(html: str, cache: Path) -> bytes:
    """The PDF of the print HTML; relative URLs are files in the photo cache `cache`."""
    weasyprint = _engine()
    return weasyprint.HTML(string=html, base_url=CACHE_URL, url_fetcher=_fetcher(cache)).write_pdf()


@dataclass
class Stats:
    made: int = 0
    reused: int = 0
    files: dict[str, Path] = field(default_factory=dict)  # site URI → cached PDF


def cached_pdf(key: str, make_html: Callable[[], str], cache_dir: Path) -> tuple[Path, bool]:
    """The PDF whose inputs `key` stands for (see print_html), in the cache, made from
    `make_html()` if it is not there: (its path, whether it was made). An entry enters the cache
    whole (written beside it, then renamed), so a killed build or a second one at the same time
    never leaves half a PDF there."""
    folder = cache_dir / CACHE_FOLDER
    path = folder / f"{digest(key)}.pdf"
    if path.is_file():
        return path, False
    data = render_pdf(make_html(), cache_dir)
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".pdf-", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, _readable())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path, True


def print_html(render: Callable[..., str], issue: Issue, masthead: Masthead,
               photo: Callable[[str], ImageMeta | None], cache_dir: Path, *, key: bool = False) -> str:
    """The issue's HTML for the PDF: photos are their 1280 px JPEG renditions in the photo cache,
    by paths relative to it (the HTML is the same in any folder). With `key`, each body is its
    digest instead (bulletin.body_digest): what identifies the PDF, at the cost of a template."""

    def picture(shown: Photo, alt: str, lead: bool) -> Markup | None:
        meta = photo(shown.src)
        if meta is None:
            return None
        rendition = meta.fallback(PRINT_WIDTH)
        path = Path(os.path.relpath(meta.folder / rendition.file, cache_dir)).as_posix()
        return Markup(f'<img src="{escape_html(quote(path))}" alt="{escape_html(alt)}" '
                      f'width="{rendition.width}" height="{rendition.height}">')

    body = body_digest if key else (lambda post: body_html(post.body))
    return render_issue(render, "bantin/bulletin_print.html", issue, masthead, picture=picture, online=False,
                        body=body, fonts=FONTS_URL)


def cached_issue(render: Callable[..., str], issue: Issue, masthead: Masthead,
                 photo: Callable[[str], ImageMeta | None], cache_dir: Path) -> tuple[Path, bool]:
    """An issue's PDF through the cache: rendered only when its inputs changed."""
    return cached_pdf(print_html(render, issue, masthead, photo, cache_dir, key=True),
                      lambda: print_html(render, issue, masthead, photo, cache_dir), cache_dir)


def publish(issues: Iterable[Issue], render: Callable[..., str], masthead: Masthead,
            photo: Callable[[str], ImageMeta | None], cache_dir: Path) -> Stats:
    """Every issue's PDF through the cache: {site URI: cached file}, and how many were made."""
    stats = Stats()
    for issue in issues:
        path, made = cached_issue(render, issue, masthead, photo, cache_dir)
        stats.made += made
        stats.reused += not made
        stats.files[bulletin_pdf(issue.year, issue.month)] = path
    return stats


def _readable() -> int:
    """The mode a new file gets here (the umask's): mkstemp's files are private to their owner."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
