"""Load a whole project: registry + every post, validated together, into an Index.

This is the entry point the MkDocs plugin and the CLI share; it imports nothing from MkDocs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from bantin.model import dates, post_cache
from bantin.model.content import Post
from bantin.model.errors import ContentError, ContentErrors
from bantin.model.post_cache import PostCache
from bantin.model.posts import ignored_file, marked_draft, read_post, scan_posts
from bantin.model.registry import Registry
from bantin.model.registry_file import load_registry
from bantin.model.taxonomy import Index, build_index


@dataclass(frozen=True)
class Options:
    root: Path
    posts_dir: str = "posts"
    images_dir: str = "images"
    registry: str = "registry.yml"
    drafts: bool = False  # include posts marked `draft: true`
    future: bool = False  # include posts dated after the build time
    per_page: int = 10
    embeds: tuple[str, ...] = ()  # hosts whose <iframe>s posts may carry (mkdocs.yml `embeds:`)

    @property
    def posts_path(self) -> Path:
        return self.root / self.posts_dir

    @property
    def registry_path(self) -> Path:
        return self.root / self.registry


@dataclass(frozen=True)
class Project:
    options: Options
    registry: Registry
    index: Index
    posts: tuple[Post, ...]  # every valid post, published or not
    warnings: tuple[ContentError, ...] = ()
    hidden: dict[str, int] = field(default_factory=dict)  # reason → count of posts left out
    # What drafts left out of the site have to fix, as warnings: they stop no build or preview
    # (a half-done import is a draft), `bantin check` lists them.
    unfinished: tuple[ContentError, ...] = ()

    @property
    def unfinished_files(self) -> set[str]:
        """The files of those drafts: some are no Post (their errors), yet they exist."""
        return {problem.path for problem in self.unfinished}


def load_project(options: Options, *, now: dt.datetime | None = None, cache: PostCache | None = None) -> Project:
    """Read and validate everything; raise ContentErrors listing every problem at once.

    `cache` (model/post_cache.py), kept by the caller between loads (`bantin serve`) or read
    from the build cache (`bantin build`), spares parsing posts whose file, photos, the registry
    and options are unchanged; posts with any problem are always read again."""
    registry, errors = load_registry(options.registry_path, options.root)
    if registry is None:
        raise ContentErrors(errors)
    if not options.posts_path.is_dir():
        raise ContentErrors([ContentError(
            options.posts_dir, None, None, "không tìm thấy thư mục bài viết",
            f"tạo thư mục '{options.posts_dir}/' và đặt các bài viết (.md) vào đó",
        )])
    if cache is not None:
        cache.begin(_context(options, registry))
    posts: list[Post] = []
    found, others = scan_posts(options.posts_path)
    warnings: list[ContentError] = [ignored_file(path, options.root) for path in others]
    unfinished: list[ContentError] = []
    broken_drafts = 0
    for path in found:
        raw, seen = None, None
        if cache is not None:
            rel = path.relative_to(options.root).as_posix()
            known, raw, seen = cache.lookup(path, rel, options.root)
            if known is not None:
                posts.append(known)
                continue
        post, problems = read_post(path, options.root, registry, embeds=options.embeds, raw=raw)
        if cache is not None:
            if post is not None and not problems and raw is not None:
                cache.keep(rel, raw, seen, post)
            else:
                cache.forget(rel)
        if problems and not options.drafts and (post.draft if post is not None else marked_draft(path)):
            unfinished += [draft_problem(problem) for problem in problems]  # not published: stops nothing
            broken_drafts += post is None
        else:
            for problem in problems:
                (warnings if problem.warning else errors).append(problem)
        if post is not None:
            posts.append(post)
    if cache is not None:
        cache.end()
    errors.extend(find_collisions(posts))
    if errors:
        raise ContentErrors(errors + warnings + unfinished, posts)

    now = now or dates.now()
    published: list[Post] = []
    hidden = {"draft": broken_drafts, "future": 0}
    for post in posts:
        if post.draft and not options.drafts:
            hidden["draft"] += 1
        elif post.date > now and not options.future:
            hidden["future"] += 1
        else:
            published.append(post)
    return Project(options, registry, build_index(published), tuple(posts), tuple(warnings), hidden, tuple(unfinished))


DRAFT = "bài nháp (chưa đăng): "


def draft_problem(problem: ContentError) -> ContentError:
    """A problem of a draft the site leaves out: a warning, saying why it stops nothing yet."""
    return replace(problem, warning=True, message=DRAFT + problem.message)


def _context(options: Options, registry: Registry) -> str:
    """What every post's parse shares (model/post_cache.py): the registry, and the options it reads."""
    try:
        text = options.registry_path.read_bytes()
    except OSError:  # read a moment ago by load_registry: only a race gets here, and parses all again
        text = b"\0unreadable"
    return post_cache.context(text, registry, {"posts": options.posts_dir, "images": options.images_dir,
                                               "registry": options.registry, "embeds": list(options.embeds)})


def find_collisions(posts: list[Post]) -> list[ContentError]:
    """Posts that would be published at the same URL: one error for each, naming the others."""
    by_url: dict[str, list[Post]] = {}
    for post in posts:
        by_url.setdefault(post.url, []).append(post)
    errors = []
    for url, group in by_url.items():
        if len(group) < 2:
            continue
        for post in group:
            named = [f"'{other.path}'" for other in group if other is not post]
            others = ", ".join(named[:3]) + (f" và {len(named) - 3} bài khác" if len(named) > 3 else "")
            errors.append(ContentError(
                post.path, post.slug_line, "slug", f"bài viết trùng địa chỉ /{url} với bài {others}",
                "đổi tiêu đề, hoặc thêm trường 'slug:' khác cho các bài này", post.slug,
            ))
    return errors
