"""Permanent URLs: redirects from `aliases:` and from every URL a post was published at.

`bantin.lock.json` (committed with the posts) remembers, per post file, each URL it has been
published at. When a slug or date changes, the old URLs redirect to the new one; when a post
disappears, its URLs get a page saying so and the build warns. Plain Python.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from .content import Post
from .errors import ContentError
from .text import escape_html

LOCK = "bantin.lock.json"


@dataclass
class Plan:
    redirects: dict[str, Post] = field(default_factory=dict)  # old URL → the post now there
    gone: dict[str, str] = field(default_factory=dict)  # URL of a removed post → its file
    lock: dict = field(default_factory=dict)
    warnings: list[ContentError] = field(default_factory=list)
    errors: list[ContentError] = field(default_factory=list)


def read_lock(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"posts": {}, "removed": {}}
    return {"posts": dict(data.get("posts", {})), "removed": dict(data.get("removed", {}))}


def write_lock(path: Path, lock: dict) -> None:
    text = json.dumps(lock, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def plan(published: list[Post], every_post: list[Post], lock: dict) -> Plan:
    """Redirects and removals for this build, and the lock to keep afterwards."""
    result = Plan()
    current = {post.url: post for post in published}
    history: dict[str, list[str]] = {k: list(v) for k, v in lock["posts"].items()}
    removed: dict[str, list[str]] = {k: list(v) for k, v in lock["removed"].items()}
    for post in published:
        urls = history.setdefault(post.path, [])
        if post.url not in urls:
            urls.append(post.url)
        removed.pop(post.path, None)
        for old in urls:
            if old != post.url and old not in current:
                result.redirects.setdefault(old, post)
        for alias in post.aliases:
            url = alias if alias.endswith(".html") else alias.rstrip("/") + "/"
            other = current.get(url)
            if other is not None:
                result.errors.append(ContentError(
                    post.path, None, "aliases", f"đường dẫn cũ '{alias}' trùng địa chỉ của bài '{other.path}'",
                    "xoá dòng này khỏi aliases", alias))
            else:
                result.redirects[url] = post
    known = {post.path for post in every_post}
    for path in list(history):
        if path not in known:
            urls = history.pop(path)
            removed[path] = urls
            result.warnings.append(ContentError(
                path, None, None, f"bài viết đã bị xoá hoặc đổi tên tệp; địa chỉ cũ /{urls[0]} sẽ báo bài đã gỡ",
                "nếu bài chỉ đổi tên tệp, thêm địa chỉ cũ vào 'aliases:' của bài mới"))
    for path, urls in removed.items():
        for url in urls:
            if url not in current and url not in result.redirects:
                result.gone[url] = path
    result.lock = {"posts": history, "removed": removed}
    return result


def target_file(url: str) -> str:
    """The file a URL is served from: a/b/ → a/b/index.html; a/b.html stays."""
    return url if url.endswith(".html") else url + "index.html"


def redirect_page(old_url: str, post: Post, site_url: str) -> str:
    here = posixpath.dirname(target_file(old_url))
    relative = posixpath.relpath(post.url, here or ".") + "/"
    canonical = (site_url or "/") + post.url
    title = escape_html(post.title)
    return (f'<!doctype html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{title}</title>\n"
            f'<link rel="canonical" href="{escape_html(canonical)}">\n'
            f'<meta name="robots" content="noindex">\n'
            f'<meta http-equiv="refresh" content="0; url={escape_html(relative)}">\n</head>\n<body>\n'
            f'<p>Bài viết đã chuyển tới địa chỉ mới: <a href="{escape_html(relative)}">{title}</a>.</p>\n'
            "</body>\n</html>\n")


def gone_page(url: str) -> str:
    home = posixpath.relpath(".", posixpath.dirname(target_file(url)) or ".") + "/"
    return (f'<!doctype html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
            "<title>Bài viết đã được gỡ</title>\n"
            f'<meta name="robots" content="noindex">\n</head>\n<body>\n'
            "<h1>Bài viết đã được gỡ</h1>\n"
            f'<p>Bài viết từng đăng ở địa chỉ này đã được gỡ khỏi bản tin. <a href="{escape_html(home)}">'
            "Về trang chủ</a>.</p>\n</body>\n</html>\n")
