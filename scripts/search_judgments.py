#!/usr/bin/env python3
"""The reference relevance of issue 18 §1, and the judged query sets built with it.

Usage:
  python scripts/search_judgments.py --write   # fill `relevant` (and `toned`) of tests/fixtures/search/judgments.yml
  python scripts/search_judgments.py --check   # exit 1 if the file disagrees with the reference
  python scripts/search_judgments.py --show "sơ kết"   # the relevant posts of one query, with the matching lines

The rule, written to be read rather than to be fast (it is not the site's search, and imports
nothing from bantin):
- a post is the raw Markdown file: its front matter's `title` and `summary`, and its body with
  the Markdown syntax stripped (URLs of links and images, HTML tags, attribute lists, fences);
  posts marked `draft: true` are never relevant (search never indexes them);
- text is folded (NFD, combining marks dropped, đ → d, case-folded) and cut into syllables
  `[a-z0-9]+`; a query of one or more syllables is relevant to a post when its syllables occur
  adjacent and in order in the title, the summary or the body (not across two of them);
- names: when the whole query is, folded syllable by syllable, an agency's key, name, short
  name or alias in the registry, every post of that agency is relevant too; likewise a kind's
  key, name or alias (the posts of that kind) and a unit's name or alias (the posts naming it);
- `toned`: for a query typed with tones, the relevant posts holding the phrase as typed
  (lower-cased, NFC, tones and đ included), syllable by syllable: a syllable typed without
  tones matches any tone. Issue 18 §2 ranks these first.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
JUDGMENTS = REPO / "tests" / "fixtures" / "search" / "judgments.yml"
_SYLLABLE = re.compile(r"[a-z0-9]+")
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """"Đại Hội" → "dai hoi": NFD, combining marks dropped, đ → d, case-folded."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).casefold()


def syllables(text: str) -> list[str]:
    """Folded syllables: "Sở GD&ĐT, 2020-2025" → so gd dt 2020 2025."""
    return _SYLLABLE.findall(fold(text))


def toned_syllables(text: str) -> list[str]:
    """Syllables as written, lower-cased NFC, tones and đ kept: "Sơ Kết" → sơ kết."""
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


def strip_markdown(body: str) -> str:
    """The words of a Markdown body: no fences, HTML tags, attribute lists or link/image URLs."""
    body = re.sub(r"(?ms)^(```|~~~).*?^\1", " ", body)
    body = re.sub(r"<[^<>]*>", " ", body)
    body = re.sub(r"\{[^}\n]*\}", " ", body)
    body = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r" \1 ", body)
    return body


def contains(words: list[str], phrase: list[str]) -> bool:
    """`phrase` occurs in `words` as adjacent items, in order."""
    n = len(phrase)
    return n > 0 and any(words[i:i + n] == phrase for i in range(len(words) - n + 1))


@dataclass
class Post:
    path: str  # relative to the project's root, e.g. posts/2020/x.md
    fields: tuple[str, str, str]  # title, summary, body (stripped)
    agency: str
    kind: str
    units: list[str] = field(default_factory=list)
    draft: bool = False


def read_post(path: Path, root: Path) -> Post:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---", 2) if text.startswith("---") else ("", "", text)
    meta = yaml.safe_load(front) or {}
    units = meta.get("units") or []
    return Post(path.relative_to(root).as_posix(),
                (str(meta.get("title", "")), str(meta.get("summary", "") or ""), strip_markdown(body)),
                str(meta.get("agency", "")), str(meta.get("kind", "")),
                [str(u) for u in (units if isinstance(units, list) else [units])], bool(meta.get("draft")))


def _names(entry, key: str) -> list[str]:
    if not isinstance(entry, dict):
        return [key, str(entry)]
    return [key, *(str(entry[f]) for f in ("name", "short") if entry.get(f)), *map(str, entry.get("aliases") or [])]


@dataclass
class Project:
    root: Path
    posts: list[Post]
    agencies: dict[str, list[str]]  # key → every name (key, name, short, aliases)
    kinds: dict[str, list[str]]
    units: dict[tuple[str, str], list[str]]  # (agency, unit key) → names

    @classmethod
    def load(cls, root: Path) -> Project:
        registry = yaml.safe_load((root / "registry.yml").read_text(encoding="utf-8"))
        agencies = {k: _names(a, k) for k, a in registry["agencies"].items()}
        kinds = {k: _names(v, k) for k, v in registry["kinds"].items()}
        units = {(a, u): _names(v, u) for a, entry in registry["agencies"].items()
                 for u, v in (entry.get("units") or {}).items()}
        posts = [read_post(p, root) for p in sorted((root / "posts").rglob("*.md"))]
        return cls(root, posts, agencies, kinds, units)

    def resolve(self, table: dict, value: str):
        """The key of `table` one of whose names folds to `value`'s syllables (posts may name
        an agency, kind or unit by any of them)."""
        want = syllables(value)
        return next((k for k, names in table.items() if any(syllables(n) == want for n in names)), None)

    def name_posts(self, query: str) -> set[str]:
        """Posts relevant because the whole query is a registry name."""
        want = syllables(query)
        found: set[str] = set()
        for post in self.posts:
            agency = self.resolve(self.agencies, post.agency)
            if any(syllables(n) == want for n in self.agencies.get(agency, [])):
                found.add(post.path)
            kind = self.resolve(self.kinds, post.kind)
            if any(syllables(n) == want for n in self.kinds.get(kind, [])):
                found.add(post.path)
            mine = {k: v for k, v in self.units.items() if k[0] == agency}
            for unit in post.units:
                if any(syllables(n) == want for n in mine.get(self.resolve(mine, unit), [])):
                    found.add(post.path)
        return found

    def relevant(self, query: str) -> list[str]:
        phrase = syllables(query)
        if not phrase:
            return []
        found = {p.path for p in self.posts if any(contains(syllables(f), phrase) for f in p.fields)}
        found |= self.name_posts(query)
        drafts = {p.path for p in self.posts if p.draft}
        return sorted(found - drafts)

    def toned(self, query: str) -> list[str] | None:
        """Relevant posts with the phrase exactly as typed, when the query has tones or đ."""
        if fold(query) == query.lower():
            return None
        phrase = toned_syllables(query)

        def same(words: list[str]) -> bool:  # syllable by syllable: one typed without tones matches any
            n = len(phrase)
            return any(all(w == q or (fold(q) == q and fold(w) == q) for w, q in zip(words[i:i + n], phrase, strict=True))
                       for i in range(len(words) - n + 1))
        return sorted(p.path for p in self.posts if not p.draft and any(same(toned_syllables(f)) for f in p.fields))


def judge(entries: list[dict], project: Project) -> list[dict]:
    """`entries` with `relevant` (and `toned` where the query has tones) from the reference."""
    out = []
    for entry in entries:
        entry = {k: v for k, v in entry.items() if k not in ("relevant", "toned")}
        entry["relevant"] = project.relevant(entry["query"])
        toned = project.toned(entry["query"])
        if toned is not None:
            entry["toned"] = toned
        out.append(entry)
    return out


def load(path: Path = JUDGMENTS) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


HEADER = """\
# Judged queries over the sample site (posts/), issue 18 "Measure relevance, not just bytes".
# `relevant`: the posts (by file path) relevant under issue 18 §1, as scripts/search_judgments.py
# decides (read its docstring): syllables adjacent and in order, tones and đ folded, in the title,
# summary or body; a registry name also matches its agency's, kind's or unit's posts; drafts never.
# `toned`: of those, the posts with the phrase exactly as typed (issue 18 §2: ranked first).
# Edit `query`, `kind`, `note`, `hand_checked` by hand; regenerate the lists with
#   python scripts/search_judgments.py --write
# tests/test_search_judgments.py fails when the lists and the reference disagree.
# `hand_checked: true`: the list was checked by reading the posts (2026-11-30), not only computed.
# `kind`: phrase (several syllables), word (one syllable), name (registry name or abbreviation),
# kind (a kind's name), typo (a mistyped phrase: nothing is relevant, `suggest` is what §4 offers),
# none (nothing should be found).
"""


def dump(data: dict) -> str:
    return HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=JUDGMENTS)
    parser.add_argument("--root", type=Path, default=REPO)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", action="store_true")
    group.add_argument("--check", action="store_true")
    group.add_argument("--show")
    args = parser.parse_args()
    project = Project.load(args.root)
    if args.show:
        phrase = syllables(args.show)
        for path in project.relevant(args.show):
            post = next(p for p in project.posts if p.path == path)
            where = [n for n, f in zip(("title", "summary", "body"), post.fields, strict=True)
                     if contains(syllables(f), phrase)]
            print(path, where or ["name"])
        return
    data = load(args.file)
    judged = judge(data["queries"], project)
    if args.write:
        data["queries"] = judged
        args.file.write_text(dump(data), encoding="utf-8")
        print(f"{len(judged)} queries judged in {args.file}")
    elif judged != data["queries"]:
        bad = [j["query"] for j, d in zip(judged, data["queries"], strict=True) if j != d]
        sys.exit(f"judgments differ from the reference: {bad}")


if __name__ == "__main__":
    main()
