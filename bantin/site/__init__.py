"""The site: URLs, pages, photos, search, feeds, redirects and what a build writes; plain Python."""

from pathlib import Path

ASSETS = Path(__file__).parent / "assets"  # the CSS and JavaScript every page loads
