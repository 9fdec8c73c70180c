"""Post files: the posts folder scanned, each file read (size, encoding, merge conflicts) and its
text parsed into a Post. What in posts/ is not a post is reported, never silently skipped.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from bantin.model.content import IMAGE_SUFFIXES, Post
from bantin.model.errors import ContentError, merge_conflict, read_failure
from bantin.model.frontmatter import split
from bantin.model.registry import Registry
from bantin.model.text import nfc
from bantin.model.validator import validate

MAX_BYTES = 2_000_000  # a news post is a few KB; megabytes are a pasted file or an export gone wrong


def parse_post(text: str, rel_path: str, registry: Registry, root: Path, *,
               embeds: tuple[str, ...] = ()) -> tuple[Post | None, list[ContentError]]:
    """Parse and validate one post's text. `rel_path` is the file relative to `root`;
    `embeds` are the hosts whose <iframe>s the site allows."""
    fm, errors = split(text, rel_path)
    if fm is None:
        return None, errors
    post, problems = validate(fm, rel_path, registry, root, embeds)
    return post, sorted(problems, key=lambda e: e.line or 0)  # warnings too, beside a valid post


def too_long(size: int) -> tuple[str, str] | None:
    """Why a post file of `size` bytes is refused (message, hint), or None: the build's words,
    shared with the tools that write posts (`bantin import`)."""
    if size <= MAX_BYTES:
        return None
    return (f"tệp dài {size / 1e6:.1f} MB, quá {MAX_BYTES / 1e6:.0f} MB".replace(".", ","),
            "bài viết chỉ chứa chữ; ảnh để trong images/, tài liệu dài đưa lên nơi khác")


def read_post(path: Path, root: Path, registry: Registry, *, embeds: tuple[str, ...] = (),
              raw: bytes | None = None) -> tuple[Post | None, list[ContentError]]:
    """One post file, parsed; refused whole when too long, unreadable, not UTF-8 or holding
    the markers of a merge conflict. `raw`: its bytes, already read (model/post_cache.py)."""
    rel = path.relative_to(root).as_posix()
    try:
        refused = too_long(path.stat().st_size if raw is None else len(raw))
        if refused:
            return None, [ContentError(rel, None, None, *refused)]
        if raw is None:
            raw = path.read_bytes()
    except OSError as exc:
        return None, [ContentError(rel, None, None, f"không đọc được tệp: {read_failure(exc)}",
                                   "mở thử tệp trên máy; nếu không cần, xoá nó khỏi thư mục bài viết")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))  # Notepad's "Unicode"
        return None, [ContentError(rel, line, None,
                                   "tệp lưu bằng bảng mã UTF-16, không phải UTF-8" if utf16 else "tệp không phải UTF-8",
                                   "mở tệp và lưu lại với bảng mã UTF-8")]
    conflict = merge_conflict(text, rel)
    if conflict is not None:  # the markers alone, not the YAML errors they cause
        return None, [conflict]
    return parse_post(nfc(text), rel, registry, root, embeds=embeds)


def marked_draft(path: Path) -> bool:
    """Whether a post file says `draft: true`, read on its own: for a post whose other fields
    have errors (a half-done import), which then stops no build that leaves drafts out."""
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    fm, _ = split(text, path.name)
    return fm is not None and fm.data.get("draft") is True


MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd", ".mkdn"}  # in any case: .MD is Markdown too
# Files systems and editors leave beside the posts: never content, never worth a word.
_JUNK = re.compile(r"^(?:\..*|_.*|~.*|.*~|.*\.(?:swp|swo|tmp|bak|crdownload|part)|thumbs\.db|desktop\.ini|readme\.md)$",
                   re.IGNORECASE)


def scan_posts(posts_dir: Path) -> tuple[list[Path], list[Path]]:
    """Every Markdown file under posts/ at any depth (.md in any case, .markdown …), and every
    other file there that is not an editor's or system's leftover: the posts, and what a build
    ignores (reported, so a post saved as .txt or .docx is not silently missing). Stable order."""
    posts: list[Path] = []
    others: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(posts_dir):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        for name in sorted(filenames):
            if _JUNK.match(name):
                continue
            (posts if os.path.splitext(name)[1].lower() in MARKDOWN_SUFFIXES else others).append(Path(dirpath) / name)
    return sorted(posts, key=lambda p: p.as_posix()), sorted(others, key=lambda p: p.as_posix())


def find_post_files(posts_dir: Path) -> list[Path]:
    """Every post file under posts/ (see scan_posts)."""
    return scan_posts(posts_dir)[0]


def ignored_file(path: Path, root: Path) -> ContentError:
    """The warning for a file in posts/ that is not a post."""
    suffix = path.suffix.lower()
    hint = ("bài cũ dạng văn bản hay trang web: chuyển bằng 'bantin import'" if suffix in (".txt", ".html", ".htm")
            else "ảnh để trong thư mục images/ rồi khai báo trong bài" if suffix in IMAGE_SUFFIXES
            else "tài liệu Word: chép nội dung vào một bài .md (bantin new tạo sẵn)" if suffix in (".doc", ".docx", ".odt", ".rtf")
            else "nếu đây là bài viết, đổi đuôi tệp thành .md; nếu không, chuyển tệp ra khỏi thư mục bài viết")
    return ContentError(path.relative_to(root).as_posix(), None, None,
                        f"tệp '{path.name}' không phải bài viết Markdown (.md) nên không được đăng", hint, warning=True)
