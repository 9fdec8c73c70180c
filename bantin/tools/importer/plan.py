"""What importing files would write: each article's post (front matter and body) and its path,
or why it is refused (not UTF-8, a post already there, what the build would refuse). Nothing is
written here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bantin.model.body import body_limits
from bantin.model.errors import read_failure
from bantin.model.posts import too_long
from bantin.model.registry import Registry
from bantin.model.slugs import slugify
from bantin.tools.importer.article import Article, recognise
from bantin.tools.yaml_values import yaml_scalar


def front_matter(article: Article, post: str = "BÀI.md") -> str:
    """The post's front matter: what was recognised, and a '# TODO' comment where the editor must
    act. A post with anything left to do is a draft (`draft: true`): an unfinished import stops
    no build or preview; `bantin check` lists its TODOs. `post`: its path, named in the TODO of
    its photos."""
    todo = dict(article.todo)
    if "photos" in todo:
        todo["photos"] = f"{todo['photos']}: bantin photos add {post} ẢNH_1 ẢNH_2 … (theo thứ tự chú thích)"

    def line(key: str, value: str) -> str:
        note = f"  # TODO: {todo[key]}" if key in todo else ""
        return f"{key}: {value}{note}".rstrip()

    out = ["---",
           line("title", yaml_scalar(article.title) if article.title else ""),
           line("date", article.date.strftime("%Y-%m-%d %H:%M" if article.date.hour or article.date.minute
                                              else "%Y-%m-%d") if article.date else ""),
           line("agency", article.agency.key if article.agency else "")]
    if article.units:
        out.append(f"units: [{', '.join(article.units)}]")
    terms_text = ", ".join(str(t) for t in article.terms)
    out.append(line("term", (f"[{terms_text}]" if len(article.terms) > 1 else terms_text)))
    out.append(line("kind", article.kind.key if article.kind else ""))
    out.append(line("author", yaml_scalar(article.author) if article.author else ""))
    if article.origin:
        out.append(f"source: {yaml_scalar(article.origin)}")
    if article.captions:
        out.append(line("photos", ""))
        for caption in article.captions:
            out.append('  - src: ""')
            out.append(f"    caption: {yaml_scalar(caption)}")
    if todo:
        out.append("draft: true  # bài nháp: làm xong các việc ghi ở trên rồi xoá dòng này để đăng bài")
    out.append("---")
    return "\n".join(out) + "\n"


IMPORTABLE = {".txt", ".html", ".htm"}


def _saved_with(path: Path, top: Path) -> bool:
    """Whether `path` lies in the folder a browser saves beside a whole page ("bai_files/" next to
    "bai.html": its frames, ads and scripts), which is not an article."""
    for folder in path.relative_to(top).parents:
        name = folder.name
        if name.endswith("_files") and any((top / folder.parent / f"{name[:-6]}{ext}").is_file()
                                          for ext in (".html", ".htm")):
            return True
    return False


@dataclass(frozen=True)
class Planned:
    article: Article
    target: Path | None  # None: refused (the reason is in `refusal`)
    text: str
    refusal: str = ""


def plan_import(inputs: list[Path], root: Path, registry: Registry, posts_dir: str = "posts") -> list[Planned]:
    """What importing these files (or folders of them) would write; nothing is written here."""
    files: list[Path] = []
    for item in inputs:
        files += sorted(p for p in item.rglob("*") if p.suffix.lower() in IMPORTABLE and not _saved_with(p, item)) \
            if item.is_dir() else [item]
    planned, taken = [], set()
    from bantin.tools.known_posts import known_posts

    known = known_posts(root, posts_dir, registry).terms  # read once, for every article's term
    for file in files:
        try:
            raw = file.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            planned.append(Planned(Article(source=str(file)), None, "", "tệp không phải UTF-8; hãy lưu lại với UTF-8"))
            continue
        except OSError as exc:
            planned.append(Planned(Article(source=str(file)), None, "", f"không đọc được tệp ({read_failure(exc)})"))
            continue
        article = recognise(raw, str(file), registry, html=file.suffix.lower() in (".html", ".htm"),
                            known=known)
        slug = slugify(article.title) or slugify(file.stem) or "bai-nhap"
        folder = str(article.date.year) if article.date else "chua-ro-ngay"
        target = root / posts_dir / folder / f"{slug}.md"
        head = front_matter(article, target.relative_to(root).as_posix())
        text = head + "\n" + article.body + "\n"
        if target.exists() or target in taken:
            planned.append(Planned(article, None, text, f"đã có '{target.relative_to(root).as_posix()}', không ghi đè"))
            continue
        refused = too_long(len(text.encode("utf-8")))
        if refused:  # the build would refuse the post: the same words, before it is written
            planned.append(Planned(article, None, text, f"{refused[0]} → {refused[1]}"))
            continue
        first = head.count("\n") + 2  # the body's first line in the post file
        limits = body_limits(article.body, first, target.relative_to(root).as_posix())
        if limits:  # a paragraph, '[' or nesting the build would refuse: its words, and nothing written
            planned.append(Planned(article, None, text, f"{limits[0].message} → {limits[0].hint}"))
            continue
        taken.add(target)
        planned.append(Planned(article, target, text))
    return planned
