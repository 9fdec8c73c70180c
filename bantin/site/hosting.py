"""Where the site is served: the CNAME file of a custom domain, robots.txt, and whether site_url agrees.

Crawlers read robots.txt only at a host's root (https://host/robots.txt): on a project site
(https://<org>.github.io/<repo>/) the one bantin writes is never read, so a site that wants it read
is given its own domain (the `cname` option); otherwise its sitemap is submitted to the search
engines by hand (README, "Publishing and archiving").
"""

from __future__ import annotations

from urllib.parse import urlsplit

from bantin.model import urls

CNAME = "CNAME"


def cname_file(domain: str) -> str:
    """The CNAME file GitHub Pages (publishing from a branch) and similar hosts read: the domain, one line."""
    return f"{domain}\n"


def sitemap_url(site_url: str, domain: str | None) -> str:
    """The sitemap's address as robots.txt names it: at the custom domain's root when there is one."""
    return f"https://{domain}/{urls.SITEMAP}" if domain else site_url.rstrip("/") + "/" + urls.SITEMAP


def robots_txt(site_url: str, domain: str | None) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url(site_url, domain)}\n"


def domain_mismatch(site_url: str | None, domain: str | None) -> str | None:
    """Why site_url and the custom domain disagree (a Vietnamese warning), or None when they agree."""
    if not domain:
        return None
    expected = f"https://{domain}/"
    parts = urlsplit(site_url or "")
    if (parts.scheme, (parts.hostname or "").lower().rstrip("."), parts.path or "/") == ("https", domain, "/"):
        return None
    return (f"site_url là '{site_url or ''}' nhưng tên miền riêng (cname) là '{domain}': địa chỉ trong sitemap, "
            f"nguồn tin và thẻ canonical sẽ không trỏ về tên miền đó → đặt site_url: {expected} (với quy trình "
            f"GitHub Pages: khai tên miền ở Settings → Pages → Custom domain), hoặc bỏ cname.")
