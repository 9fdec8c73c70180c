"""Onward reading under a post: a few posts of the same agency, of the same term, of the same
kind, and the newest, without a post twice across the lists and never the post itself.

Built once for every post from the index's lists (newest first): each post's position in its
agency's, term's and kind's list is looked up in a dictionary made in one pass, and its
neighbours by date are taken around it (the next newer, the next older, then a step further).
Each list costs a few steps per post, so the whole is linear in the number of posts; the same
posts give the same lists, whatever the build.

The lists are HTML (templates/bantin/onward.html), kept out of the post's Markdown: the Markdown
has a slot (SLOT, an HTML comment Python-Markdown passes through as it is) and `put_in` puts the
lists there once the Markdown is converted (engine/plugin.py: on_page_content). A post's body is
then rendered from its own text alone, and kept in the build cache (engine/bodies.py) whatever
its neighbours' titles and dates; its whole page, which does show them, is keyed with the lists'
HTML (engine/reuse.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from bantin.model.content import Post
from bantin.model.taxonomy import Index

PER_LIST = 3  # posts in each list: a few, which keeps a post's page small
SLOT = "<!-- bantin:onward -->"  # where post.md leaves the lists, on a line of its own


@dataclass(frozen=True, slots=True)
class Onward:
    """One list under a post: its heading and its posts, nearest in date first."""

    title: str
    posts: tuple[Post, ...]


def _positions(lists: Iterable[Sequence[Post]]) -> dict[tuple[int, str], int]:
    """(id of a list, post path) → the post's place in that list, for every list at once."""
    return {(id(posts), post.path): i for posts in lists for i, post in enumerate(posts)}


def _around(posts: Sequence[Post], at: int) -> Iterator[Post]:
    """The posts of a list by distance from place `at`: newer then older at each step."""
    for step in range(1, len(posts)):
        if at - step >= 0:
            yield posts[at - step]
        if at + step < len(posts):
            yield posts[at + step]
        if at - step < 0 and at + step >= len(posts):
            return


def _take(candidates: Iterable[Post], taken: set[str], n: int) -> tuple[Post, ...]:
    """The first `n` candidates not taken yet (marking them taken). It stops after `n` found or
    `n + len(taken)` looked at, so a list costs a few steps whatever its length."""
    found: list[Post] = []
    budget = n + len(taken)
    for post in candidates:
        if post.path not in taken:
            taken.add(post.path)
            found.append(post)
            if len(found) == n:
                break
        budget -= 1
        if budget <= 0:
            break
    return tuple(found)


class OnwardLists:
    """The onward lists of every post of an index."""

    def __init__(self, index: Index, per_list: int = PER_LIST):
        self.index = index
        self.per_list = per_list
        self._places = _positions([*index.by_agency.values(), *index.by_term.values(), *index.by_kind.values()])

    def _near(self, posts: Sequence[Post], post: Post) -> Iterator[Post]:
        at = self._places.get((id(posts), post.path))
        return _around(posts, at) if at is not None else iter(())

    def of(self, post: Post) -> list[Onward]:
        """The lists under `post`, empty ones left out: same agency, same term (its first), same
        kind, newest."""
        index, n = self.index, self.per_list
        taken = {post.path}
        lists = [("Tin cùng cơ quan", self._near(index.by_agency[post.agency], post))]
        if post.terms:
            lists.append(("Tin cùng nhiệm kỳ", self._near(index.by_term[post.terms[0]], post)))
        lists.append(("Tin cùng loại", self._near(index.by_kind[post.kind], post)))
        lists.append(("Tin mới", iter(index.posts)))
        found = [Onward(title, _take(candidates, taken, n)) for title, candidates in lists]
        return [o for o in found if o.posts]


def put_in(html: str, lists: str) -> str:
    """A converted post with its onward lists in post.md's slot: the last one, after the body,
    so an editor's comment of the same text stays as written. Unchanged without lists or slot
    (a site's own post.md may have none)."""
    if not lists:
        return html
    before, slot, after = html.rpartition(SLOT)
    return before + lists + after if slot else html
