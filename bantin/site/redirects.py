"""Permanent URLs: redirects from `aliases:` and from every URL a post was published at.

`bantin.lock.json` (committed with the posts) remembers, per post file, each URL it has been
published at. When a slug or date changes, the old URLs redirect to the new one; when a post
disappears, its URLs get a page saying so and the build warns. Plain Python.

The file is JSON Lines, one record per post file, sorted by file:

    {"file":"posts/2017/x.md","urls":["tin/2017/06/x/"]}
    {"file":"posts/old.md","removed":true,"urls":["tin/2016/01/old/"]}

so branches that add different posts change different lines and git merges them; with
`bantin.lock.json merge=union` in .gitattributes even neighbouring lines merge. Reading
tolerates what a union merge leaves (lines out of order, a file on two lines: its URLs are
joined) and the older single-object format; the next build writes the file sorted again.
"""

from __future__ import annotations

import json
import os
import posixpath
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bantin.model.content import Post
from bantin.model.errors import ContentError, ContentErrors, merge_conflict, read_failure, shorten, write_failure
from bantin.model.text import escape_html
from bantin.model.urls import page_url

LOCK = "bantin.lock.json"
LOCK_MERGE_HINT = ("xoá các dòng dấu (<<<<<<<, |||||||, =======, >>>>>>>) và giữ mọi dòng của cả hai phía: "
                   "mỗi dòng là một bài, dòng trùng không sao; để lần sau git tự gộp tệp này, "
                   "thêm dòng 'bantin.lock.json merge=union' vào tệp .gitattributes")
_BAD_RECORD = ("dòng không phải bản ghi địa chỉ hợp lệ: cần dạng "
               '{"file":"posts/….md","urls":["tin/…/"]}')
_BAD_RECORD_HINT = ("sửa dòng này, hoặc xoá nó: lần xây dựng sau ghi lại địa chỉ hiện tại của bài "
                    "(chỉ mất các địa chỉ cũ của bài đó)")


@dataclass
class Plan:
    redirects: dict[str, Post] = field(default_factory=dict)  # old URL → the post now there
    gone: dict[str, str] = field(default_factory=dict)  # URL of a removed post → its file
    lock: dict = field(default_factory=dict)
    warnings: list[ContentError] = field(default_factory=list)
    errors: list[ContentError] = field(default_factory=list)


def read_lock(path: Path, rel: str = LOCK) -> dict:
    """The URL record {"posts": {file: [url, …]}, "removed": {file: [url, …]}}; empty when the
    file does not exist. Raises ContentErrors (merge conflict, unreadable line) naming `rel`."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {"posts": {}, "removed": {}}
    except OSError as exc:
        raise ContentErrors([ContentError(rel, None, None, f"không đọc được tệp: {read_failure(exc)}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentErrors([ContentError(rel, raw[: exc.start].count(b"\n") + 1, None, "tệp không phải UTF-8",
                                          "mở tệp và lưu lại với bảng mã UTF-8")]) from None
    return parse_lock(text, rel)


def parse_lock(text: str, rel: str = LOCK) -> dict:
    """Read the JSON Lines record (or the older single JSON object); see the module's docstring."""
    text = text.lstrip("\ufeff")
    conflict = merge_conflict(text, rel, LOCK_MERGE_HINT)
    if conflict is not None:
        raise ContentErrors([conflict])
    posts: dict[str, list[str]] = {}
    removed: dict[str, list[str]] = {}
    errors: list[ContentError] = []
    for number, record in _records(text):
        if not _valid(record):
            errors.append(ContentError(rel, number, None, _BAD_RECORD, _BAD_RECORD_HINT,
                                       shorten(record if isinstance(record, str) else json.dumps(
                                           record, ensure_ascii=False, separators=(",", ":")))))
            continue
        _join((removed if record.get("removed") else posts).setdefault(record["file"], []), record["urls"])
    if errors:
        raise ContentErrors(errors)
    for file in [file for file in removed if file in posts]:  # live on one side of a merge: live
        _join(posts[file], removed.pop(file))
    return {"posts": posts, "removed": removed}


def _join(urls: list[str], more: list[str]) -> None:
    for url in more:
        if url not in urls:
            urls.append(url)


def _records(text: str):
    """(line, record) of each record; a record that is not valid JSON is given as its line's text."""
    try:
        whole = json.loads(text)
    except ValueError:
        whole = None
    if isinstance(whole, dict) and "file" not in whole and ("posts" in whole or "removed" in whole):
        # the format before JSON Lines: one object {"posts": {file: urls}, "removed": {file: urls}}
        for state in ("posts", "removed"):
            entries = whole.get(state, {})
            for file, urls in entries.items() if isinstance(entries, dict) else [(None, entries)]:
                yield None, {"file": file, "urls": urls, "removed": state == "removed"}
        return
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            try:
                yield number, json.loads(line)
            except ValueError:
                yield number, line.strip()


def _valid(record: object) -> bool:
    return (isinstance(record, dict) and isinstance(record.get("file"), str) and bool(record["file"])
            and isinstance(record.get("urls"), list) and bool(record["urls"])
            and all(isinstance(url, str) and url for url in record["urls"])
            and isinstance(record.get("removed", False), bool))


def lock_text(lock: dict) -> str:
    """The lock as JSON Lines: one record per post file, sorted by file."""
    records = [{"file": file, "urls": urls} for file, urls in lock["posts"].items()]
    records += [{"file": file, "removed": True, "urls": urls} for file, urls in lock["removed"].items()]
    records.sort(key=lambda record: record["file"])
    return "".join(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n" for record in records)


def write_lock(path: Path, lock: dict) -> bool:
    """Write the lock unless the file already holds exactly this text; True when written.

    The text goes to a temporary file beside it, then replaces it in one rename: two builds
    at once, or a build killed mid-write, never leave a torn file."""
    data = lock_text(lock).encode("utf-8")
    temporary = None
    try:
        try:
            if path.read_bytes() == data:
                return False
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            mode = 0o644
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException as exc:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass
        if isinstance(exc, OSError):
            raise ContentErrors([ContentError(path.name, None, None, f"không ghi được tệp: {write_failure(exc)}",
                                              "kiểm tra quyền ghi và chỗ trống của thư mục dự án")]) from None
        raise
    return True


def plan(published: list[Post], every_post: list[Post], lock: dict, *, unread: Iterable[str] = ()) -> Plan:
    """Redirects and removals for this build, and the lock to keep afterwards. `unread`: post
    files that exist but are no Post (drafts with errors): not removed."""
    result = Plan()
    current = {post.url: post for post in published}
    history: dict[str, list[str]] = {k: list(v) for k, v in lock["posts"].items()}
    removed: dict[str, list[str]] = {k: list(v) for k, v in lock["removed"].items()}
    claimed: dict[str, list[tuple[Post, str]]] = {}  # alias URL → the posts naming it
    known = {post.path for post in every_post} | set(unread)
    for path in [p for p in history if p not in known]:
        # A file moved (another folder, posts_dir renamed) whose post kept its address: the post
        # at that address takes the file's history, and its older addresses keep redirecting.
        # Only the file's last address counts, and only for a post with no history of its own:
        # a deleted post whose old address another post took later is still a removal.
        heir = current.get(history[path][-1]) if history[path] else None
        if heir is not None and heir.path not in history:
            history[heir.path] = history.pop(path)
    for post in published:
        urls = history.setdefault(post.path, [])
        if post.url not in urls:
            urls.append(post.url)
        removed.pop(post.path, None)
        for old in urls:
            if old != post.url and old not in current:
                result.redirects.setdefault(old, post)
        for alias in post.aliases:
            url = alias_url(alias)
            other = current.get(url)
            if other is not None:
                result.errors.append(ContentError(
                    post.path, None, "aliases", f"đường dẫn cũ '{alias}' trùng địa chỉ của bài '{other.path}'",
                    "xoá dòng này khỏi aliases", alias))
            else:
                claimed.setdefault(url, []).append((post, alias))
    for url, claims in claimed.items():  # an old address leads to one post, or it is an error
        owners = {post.path for post, _ in claims}
        moved = result.redirects.get(url)
        if moved is not None and moved.path not in owners:
            for post, alias in claims:
                result.errors.append(ContentError(
                    post.path, None, "aliases", f"đường dẫn cũ '{alias}' là địa chỉ cũ của bài '{moved.path}' "
                    f"(ghi trong {LOCK}): địa chỉ đó đang chuyển tới bài ấy",
                    "xoá dòng này khỏi aliases", alias))
        elif len(owners) > 1:
            for post, alias in claims:
                others = ", ".join(f"'{p}'" for p in sorted(owners - {post.path}))
                result.errors.append(ContentError(
                    post.path, None, "aliases", f"đường dẫn cũ '{alias}' cũng có trong aliases của bài {others}",
                    "mỗi đường dẫn cũ chỉ chuyển tới một bài: xoá dòng này ở các bài không đúng", alias))
        else:
            result.redirects[url] = claims[0][0]
    for path in list(history):
        if path not in known:
            urls = history.pop(path)
            removed[path] = urls
            result.warnings.append(ContentError(
                path, None, None, f"bài viết đã bị xoá hoặc đổi tên tệp; địa chỉ cũ /{urls[0]} sẽ báo bài đã gỡ",
                "nếu bài chỉ đổi tên tệp, thêm địa chỉ cũ vào 'aliases:' của bài mới", warning=True))
    for path, urls in removed.items():
        for url in urls:
            if url not in current and url not in result.redirects:
                result.gone[url] = path
    result.lock = {"posts": history, "removed": removed}
    return result


def feed_ids(published: list[Post], plan: Plan) -> dict[str, tuple[str, bool]]:
    """Per post file, its permanent id in feeds and whether that URL still leads to the post.

    The id is the first URL the post was published at (the record keeps them in order), so a
    new title or date never republishes it in a reader. A post now at an address where another
    post started leaves that address to the other (the first there): it gets the address with
    `#2`, `#3` … (which still leads to it)."""
    current = {post.url: post.path for post in published}
    claims: dict[str, list[Post]] = {}
    for post in published:
        urls = plan.lock["posts"].get(post.path) or [post.url]
        claims.setdefault(urls[0], []).append(post)
    ids: dict[str, tuple[str, bool]] = {}
    for first, posts in claims.items():
        # The post living at the address came there last: the ones that left it were first.
        posts.sort(key=lambda post: (current.get(first) == post.path, post.path))
        for number, post in enumerate(posts, 1):
            if number == 1:
                moved = plan.redirects.get(first)
                ids[post.path] = (first, current.get(first) == post.path
                                  or (moved is not None and moved.path == post.path))
            else:  # a fragment of its own address (it lives there, or it would be first)
                ids[post.path] = (f"{first}#{number}", current.get(first) == post.path)
    return ids


def alias_url(alias: str) -> str:
    """The URL an alias redirects from: a/b → a/b/; a/b.html stays."""
    return alias if alias.endswith(".html") else alias.rstrip("/") + "/"


def target_file(url: str) -> str:
    """The file a URL is served from: a/b/ → a/b/index.html; a/b.html stays."""
    return url if url.endswith(".html") else url + "index.html"


def redirect_page(old_url: str, post: Post, site_url: str, directory_urls: bool = True) -> str:
    """The page at an old URL that sends the reader on to the post. Without directory URLs (the
    archive opened from disk, where a link to a folder shows a file listing) it names the post's
    file, and it names no canonical address when there is no site_url to give one."""
    here = posixpath.dirname(target_file(old_url))
    if directory_urls:
        relative = posixpath.relpath(post.url, here or ".") + "/"
    else:
        relative = posixpath.relpath(page_url(post.src_uri, directory_urls=False), here or ".")
    canonical = (site_url or "/") + post.url
    title = escape_html(post.title)
    return (f'<!doctype html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{title}</title>\n"
            + (f'<link rel="canonical" href="{escape_html(canonical)}">\n' if directory_urls or site_url else "") +
            f'<meta name="robots" content="noindex">\n'
            f'<meta http-equiv="refresh" content="0; url={escape_html(relative)}">\n</head>\n<body>\n'
            f'<p>Bài viết đã chuyển tới địa chỉ mới: <a href="{escape_html(relative)}">{title}</a>.</p>\n'
            "</body>\n</html>\n")


def gone_page(url: str, directory_urls: bool = True) -> str:
    """The page at a removed post's URL; its link home names the file without directory URLs."""
    home = posixpath.relpath(".", posixpath.dirname(target_file(url)) or ".") + "/"
    if not directory_urls:
        home = "index.html" if home == "./" else home + "index.html"
    return (f'<!doctype html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
            "<title>Bài viết đã được gỡ</title>\n"
            f'<meta name="robots" content="noindex">\n</head>\n<body>\n'
            "<h1>Bài viết đã được gỡ</h1>\n"
            f'<p>Bài viết từng đăng ở địa chỉ này đã được gỡ khỏi bản tin. <a href="{escape_html(home)}">'
            "Về trang chủ</a>.</p>\n</body>\n</html>\n")
