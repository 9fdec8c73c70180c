"""`bantin check`: every problem a build would meet, without building. Plain Python."""

from __future__ import annotations

import os
import posixpath
import re

from bantin.model.body import outside_code
from bantin.model.content import Post
from bantin.model.errors import ContentError, ContentErrors
from bantin.model.frontmatter import todos
from bantin.model.posts import marked_draft, scan_posts
from bantin.model.project import DRAFT, Options, Project, load_project
from bantin.model.text import thousands
from bantin.site import redirects
from bantin.site.photos.opening import ImageError, open_checked
from bantin.site.photos.renditions import Settings
from bantin.tools import privacy

_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+\.md)(?:#[^)\s>]*)?>?(?:\s+[\"'(][^)]*)?\)")


def post_links(post: Post) -> list[tuple[int, str]]:
    """(line, target) of every Markdown link from a post's body to another .md file (fenced code
    has none)."""
    return [(line, m.group(1)) for line, text in outside_code(post.body, post.body_line)
            for m in _LINK.finditer(text) if "://" not in m.group(1)]


def check(options: Options) -> tuple[Project | None, list[ContentError]]:
    """Load the project and the URL record as a build does, then check links between posts
    and every photo's file (header only)."""
    try:
        lock, problems = redirects.read_lock(options.root / redirects.LOCK), []
    except ContentErrors as exc:  # a merge conflict in the record: reported beside the posts' problems
        lock, problems = None, list(exc.errors)
    try:
        project = load_project(options)
    except ContentErrors as exc:  # still check the photos of the posts that could be read
        return None, with_todos(problems + list(exc.errors) + photo_problems(exc.posts, options), options)
    if lock is not None:
        plan = redirects.plan(list(project.index.posts), list(project.posts), lock, unread=project.unfinished_files)
        problems += plan.errors + plan.warnings
        if plan.redirects and not plan.errors:
            problems += redirect_problems(project, plan, options)
    problems += project.warnings + project.unfinished
    by_path = {post.path for post in project.posts}
    for post in project.posts:
        base = posixpath.dirname(post.path)
        for line, target in post_links(post):
            resolved = posixpath.normpath(posixpath.join(base, target))
            if resolved.startswith(options.posts_dir + "/") and resolved not in by_path:
                problems.append(ContentError(post.path, line, "nội dung",
                                             f"liên kết '{target}' trỏ tới bài không có ({resolved})",
                                             "kiểm tra tên tệp của bài được nhắc tới", target))
    return project, with_todos(problems + photo_problems(project.posts, options), options)


def with_todos(problems: list[ContentError], options: Options) -> list[ContentError]:
    """The problems, and a warning for each `# TODO` left in a post's front matter (what
    `bantin import` could not read); a draft's problem with a field its TODO already names is
    left to the TODO."""
    waiting: dict[str, set[str | None]] = {}
    for path in scan_posts(options.posts_path)[0] if options.posts_path.is_dir() else []:
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):  # said by the post's own error
            continue
        found = todos(text) if "TODO" in text else []
        if not found:
            continue
        rel = path.relative_to(options.root).as_posix()
        draft = marked_draft(path)
        waiting[rel] = {todo.field for todo in found}
        for todo in found:
            problems.append(ContentError(
                rel, todo.line, todo.field, "còn việc chưa làm (TODO)" + (f": {todo.note}" if todo.note else ""),
                "làm xong rồi xoá chú thích '# TODO' ở dòng này"
                + ("; hết TODO thì xoá dòng 'draft: true' để đăng bài" if draft else ""), warning=True))
    return [p for p in problems
            if not (p.message.startswith(DRAFT) and p.field and re.split(r"[\[.]", p.field)[0] in waiting.get(p.path, ()))]


def redirect_problems(project: Project, plan: redirects.Plan, options: Options) -> list[ContentError]:
    """What the build says of redirect pages landing on a file it writes (site/outputs.py), found
    without building: every page, feed and site file the build makes, and the docs/ files."""
    from bantin.model.urls import ATOM, ROBOTS, RSS, SEARCH_INDEX, page_file
    from bantin.site.feeds import site_feeds
    from bantin.site.outputs import Writer, clashes, redirect_writer, reserved
    from bantin.site.pages import Renderer

    writes = [(page_file(page.src_uri), Writer(f"trang '/{page_file(page.src_uri).removesuffix('index.html')}' do "
                                               "bantin tạo"))
              for page in Renderer(project, photo=lambda src: None, directory_urls=True).pages()]
    for folder in site_feeds(project, "", "", "", lambda post: ("", 0)):
        writes += [(folder + name, Writer(f"tệp '{folder + name}' do bantin tạo")) for name in (RSS, ATOM)]
    writes.append((ROBOTS, Writer(f"tệp '{ROBOTS}' do bantin tạo")))
    docs = options.root / "docs"
    for path in sorted(docs.rglob("*")) if docs.is_dir() else []:
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(docs).parts):
            src = path.relative_to(docs).as_posix()
            writes.append((page_file(src) if src.endswith(".md") else src,
                           Writer(f"tệp 'docs/{src}'", file=f"docs/{src}", docs=True, fix="đổi tên hoặc xoá tệp này")))
    writes += [(redirects.target_file(url), redirect_writer(url, post, redirects.LOCK))
               for url, post in plan.redirects.items()]
    return clashes(writes, reserved(["404.html"], search=SEARCH_INDEX))


def photo_problems(posts, options: Options) -> list[ContentError]:
    """Each photo file opened once (header only): what cannot be published, and GPS or camera
    serials left in originals."""
    settings = Settings()
    checked: dict[str, ImageError | None] = {}
    problems = []
    for post in posts:
        for photo in post.images:
            if photo.src not in checked:
                try:
                    open_checked(options.root / photo.src, settings).close()
                    checked[photo.src] = None
                    private = privacy.scan(options.root / photo.src)  # once per photo: `checked` opens each once
                    if private:
                        problems.append(private_data_warning(post.path, photo, private))
                except ImageError as exc:
                    checked[photo.src] = exc
            error = checked[photo.src]
            if error is not None:
                problems.append(ContentError(post.path, photo.line, photo.where, f"ảnh '{photo.src}': {error.message}",
                                             error.hint, photo.src))
    return problems


def private_data_warning(path: str, photo, private) -> ContentError:
    """The warning for an original that still tells where it was taken or whose camera took it:
    the command that cleans it named in full."""
    return ContentError(
        path, photo.line, photo.where, f"ảnh gốc '{photo.src}' còn {privacy.labels(private)}",
        "ảnh đăng lên trang không còn các thông tin này, nhưng kho images/ là công khai: chạy "
        f"'bantin photos clean {photo.src}' (cả thư mục ảnh: 'bantin photos clean'); ảnh không bị nén lại",
        photo.src, warning=True)


PAGES_LIMIT = 1_000_000_000  # GitHub Pages: "Published GitHub Pages sites may be no larger than 1 GB"
PAGES_WARN = 0.8


def folder_size(folder) -> tuple[int, int]:
    """(files, bytes) under a folder, symlinks not followed."""
    files = total = 0
    stack = [str(folder)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    files += 1
                    total += entry.stat(follow_symlinks=False).st_size
    return files, total


def site_size_problem(files: int, size: int, limit: int = PAGES_LIMIT) -> ContentError | None:
    """A warning when a built site nears (80 %) or passes GitHub Pages' 1 GB limit."""
    if size < PAGES_WARN * limit:
        return None
    state = "vượt" if size > limit else "gần tới"
    return ContentError(
        "site/", None, None,
        f"trang đã xây dựng nặng {thousands(round(size / 1e6))} MB ({thousands(files)} tệp), {state} giới hạn "
        f"{limit / 1e9:.0f} GB của GitHub Pages",
        "ảnh chiếm phần lớn dung lượng: bớt cỡ ảnh trong 'image_widths' (ví dụ [320, 640, 1280]), "
        "tắt 'copy_originals', hoặc tách các năm cũ sang một trang lưu trữ riêng",
        f"{size}", warning=True,
    )
