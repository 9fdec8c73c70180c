"""Load a whole project: registry + every post, validated together, into an Index.

This is the entry point the MkDocs plugin and the CLI share; it imports nothing from MkDocs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import dates
from .content import Post, find_post_files, read_post
from .errors import ContentError, ContentErrors
from .registry import Registry, load_registry
from .taxonomy import Index, build_index


@dataclass(frozen=True)
class Options:
    root: Path
    posts_dir: str = "posts"
    images_dir: str = "images"
    registry: str = "registry.yml"
    drafts: bool = False  # include posts marked `draft: true`
    future: bool = False  # include posts dated after the build time
    per_page: int = 10

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


def load_project(options: Options, *, now: dt.datetime | None = None) -> Project:
    """Read and validate everything; raise ContentErrors listing every problem at once."""
    registry, errors = load_registry(options.registry_path, options.root)
    if registry is None:
        raise ContentErrors(errors)
    if not options.posts_path.is_dir():
        raise ContentErrors([ContentError(
            options.posts_dir, None, None, "không tìm thấy thư mục bài viết",
            f"tạo thư mục '{options.posts_dir}/' và đặt các bài viết (.md) vào đó",
        )])
    posts: list[Post] = []
    warnings: list[ContentError] = []
    for path in find_post_files(options.posts_path):
        post, problems = read_post(path, options.root, registry)
        for problem in problems:
            (warnings if problem.warning else errors).append(problem)
        if post is not None:
            posts.append(post)
    errors.extend(find_collisions(posts))
    if errors:
        raise ContentErrors(errors + warnings)

    now = now or dates.now()
    published: list[Post] = []
    hidden = {"draft": 0, "future": 0}
    for post in posts:
        if post.draft and not options.drafts:
            hidden["draft"] += 1
        elif post.date > now and not options.future:
            hidden["future"] += 1
        else:
            published.append(post)
    return Project(options, registry, build_index(published), tuple(posts), tuple(warnings), hidden)


def find_collisions(posts: list[Post]) -> list[ContentError]:
    """Two posts that would be published at the same URL: an error naming both files."""
    owner: dict[str, Post] = {}
    errors = []
    for post in posts:
        other = owner.setdefault(post.url, post)
        if other is not post:
            for this, that in ((post, other), (other, post)):
                errors.append(ContentError(
                    this.path, None, "slug",
                    f"bài viết trùng địa chỉ /{post.url} với bài '{that.path}'",
                    "đổi tiêu đề, hoặc thêm trường 'slug:' khác cho một trong hai bài",
                    post.slug,
                ))
    return errors
