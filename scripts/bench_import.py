"""Field recovery of `bantin import` on old articles with known answers.

    .venv/bin/python scripts/bench_import.py [FOLDER …]   (default: the four sets in tests/fixtures/import-bench)

Each folder holds old articles (.txt, .html) and `expected.yml`: per file, what an editor would fill
in. For every scored field the importer's value is one of:
  right   the expected value (an expected "no value" is right when the importer left it empty);
  asked   left empty or marked with a TODO for the editor (a miss, but a safe one);
  WRONG   set to another value with no TODO on that field: a wrong value published silently.
Also counted: mistyped terms reported (`mistyped:`) and registry proposals (`proposed:`), which must be
organisation names exactly. The posts and registry are the repository's (terms are inferred from
the posts already written). Nothing is written.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bantin.model.registry_file import load_registry  # noqa: E402
from bantin.tools.importer.plan import plan_import  # noqa: E402

FIELDS = ("title", "date", "agency", "units", "term", "kind", "byline", "captions")


def value_of(article, name: str):
    if name == "title":
        return article.title
    if name == "date":
        return article.date.date().isoformat() if article.date else None
    if name == "agency":
        return article.agency.key if article.agency else None
    if name == "units":
        return sorted(article.units)
    if name == "term":
        return [str(t) for t in article.terms]
    if name == "kind":
        return article.kind.key if article.kind else None
    if name == "byline":
        return [v for v in (article.author, article.origin) if v]
    return list(article.captions)


def judge(article, name: str, expected) -> str:
    got = value_of(article, name)
    todo = name in article.todo or (name == "byline" and "author" in article.todo)
    if name == "agency" and expected == "?":  # two plausible agencies: asking is right, choosing is not
        return "right" if got is None and "agency" in article.todo else ("asked" if got is None else "WRONG")
    if name == "date":
        expected = str(expected) if expected else None
    elif name == "units":
        expected = sorted(expected or [])
    elif name in ("term", "captions"):
        expected = list(expected or [])
    if name == "byline":
        right, empty = expected in got, not got
    else:
        right, empty = got == expected, got in (None, "", [])
    if right:
        return "right"
    return "asked" if empty or todo else "WRONG"


def bench(folder: Path, registry, verbose: bool) -> tuple[Counter, Counter, list[str]]:
    expected = yaml.safe_load((folder / "expected.yml").read_text(encoding="utf-8"))
    per_field: Counter = Counter()
    extra: Counter = Counter()
    lines = []
    started = time.perf_counter()
    planned = plan_import([folder / name for name in expected], ROOT, registry)
    extra["ms"] = round(1000 * (time.perf_counter() - started))
    for item in planned:
        a = item.article
        want = expected[Path(a.source).name]
        for name in FIELDS:
            if name not in want:
                continue
            verdict = judge(a, name, want[name])
            per_field[(name, verdict)] += 1
            if verdict != "right" and verbose:
                lines.append(f"  {Path(a.source).name}: {name} {verdict}: {value_of(a, name)!r} ≠ {want[name]!r}"
                             + (f" (TODO: {a.todo.get(name)})" if name in a.todo else ""))
        notes = "\n".join(a.notes)
        for typo in want.get("mistyped", []):
            extra["mistyped"] += 1
            extra["mistyped reported"] += typo in notes and typo in item.text
        proposals = [n.split("cơ quan '", 1)[1].rstrip("'") for n in a.notes if n.startswith("đề nghị thêm")]
        for proposal in proposals:
            extra["proposals"] += 1
            extra["proposals that are names"] += proposal in want.get("proposed", [])
    return per_field, extra, lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args()
    folders = args.folders or [ROOT / "tests/fixtures/import-bench" / name for name in ("tune", "held-out", "held-out-2", "held-out-3")]
    registry, errors = load_registry(ROOT / "registry.yml", ROOT)
    assert not errors, errors
    for folder in folders:
        per_field, extra, lines = bench(folder, registry, args.verbose)
        total = sum(per_field.values())
        right = sum(n for (_, v), n in per_field.items() if v == "right")
        wrong = sum(n for (_, v), n in per_field.items() if v == "WRONG")
        files = len(yaml.safe_load((folder / "expected.yml").read_text(encoding="utf-8")))
        print(f"{folder.name}: {files} articles, {total} fields: {right} right ({100 * right / total:.1f} %), "
              f"{total - right - wrong} asked, {wrong} wrong published silently")
        for name in FIELDS:
            counts = {v: per_field[(name, v)] for v in ("right", "asked", "WRONG")}
            print(f"  {name:9} " + "  ".join(f"{v} {n}" for v, n in counts.items()))
        print(f"  mistyped terms reported: {extra['mistyped reported']}/{extra['mistyped']}; "
              f"registry proposals that are organisation names: {extra['proposals that are names']}/{extra['proposals']}; "
              f"{extra['ms']} ms for the set (with reading the posts already written)")
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
