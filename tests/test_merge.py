"""Merging branches: the URL record merges in git, and conflict markers are a clear error.

The git tests run the real `git merge` on a copy of the sample site, with the identity and an
empty configuration given in the environment (the user's git configuration is not read)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from bantin.model.errors import ContentErrors, merge_conflict
from bantin.model.posts import read_post
from bantin.model.registry_file import load_registry
from bantin.site.redirects import lock_text, parse_lock, read_lock
from factories import write_post
from sitebuild import FIXTURES_DIR, REPO, copy_sample, run_bantin

CONFLICT = "tệp còn dấu xung đột khi gộp nhánh (merge) của git"
HINT = ("mở tệp, giữ phần đúng giữa '<<<<<<<' và '>>>>>>>', xoá các dòng dấu (<<<<<<<, =======, >>>>>>>), "
        "rồi commit")
LOCK_HINT = ("xoá các dòng dấu (<<<<<<<, |||||||, =======, >>>>>>>) và giữ mọi dòng của cả hai phía: "
             "mỗi dòng là một bài, dòng trùng không sao; để lần sau git tự gộp tệp này, "
             "thêm dòng 'bantin.lock.json merge=union' vào tệp .gitattributes")


# -- conflict markers ------------------------------------------------------------------------------
def test_conflict_markers_are_found_at_the_first_one():
    text = "a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> nhanh-moi\nd\n"
    error = merge_conflict(text, "posts/x.md")
    assert error.format() == f"posts/x.md:2: {CONFLICT}\n    → {HINT}"
    assert error.value == "<<<<<<< HEAD" and not error.warning
    diff3 = "a\r\n<<<<<<< HEAD\r\nb\r\n||||||| base\r\nc\r\n=======\r\nd\r\n>>>>>>> x\r\n<<<<<<< HEAD\r\n=======\r\n>>>>>>> x\r\n"
    assert merge_conflict(diff3, "f").format() == f"f:2: {CONFLICT} (2 chỗ)\n    → {HINT}"
    # half resolved: the opening line deleted, the rest left behind
    assert merge_conflict("a\nb\n=======\nc\n>>>>>>> x\n", "f").line == 3


def test_text_that_only_looks_like_markers_is_not_a_conflict():
    assert merge_conflict("Tiêu đề\n=======\n\nNội dung.\n", "f") is None  # a Markdown heading underline
    assert merge_conflict("a <<<<<<< b\n<<<<<<<< tám dấu\n>>>>>>>liền chữ\n========\n", "f") is None
    assert merge_conflict("", "f") is None


def test_a_conflicted_post_is_one_error_at_its_first_marker(registry, project_dir: Path):
    path = write_post(project_dir, "posts/2024/xung-dot.md", """
title: Hội nghị sơ kết
<<<<<<< HEAD
date: 2024-07-05
=======
date: 2024-07-06
>>>>>>> nhanh-cua-ha
agency: so-cong-thuong
kind: hoi-nghi""")
    post, errors = read_post(path, project_dir, registry)
    assert post is None
    assert [e.format() for e in errors] == [f"posts/2024/xung-dot.md:3: {CONFLICT}\n    → {HINT}"]


def test_a_conflicted_registry_is_one_error_at_its_first_marker(tmp_path: Path):
    lines = (FIXTURES_DIR / "registry.yml").read_text(encoding="utf-8").split("\n")
    lines[4:4] = ["<<<<<<< HEAD", "=======", ">>>>>>> them-co-quan"]
    (tmp_path / "registry.yml").write_text("\n".join(lines), encoding="utf-8")
    registry, errors = load_registry(tmp_path / "registry.yml", tmp_path)
    assert registry is None
    assert [e.format() for e in errors] == [f"registry.yml:5: {CONFLICT}\n    → {HINT}"]


def test_a_conflicted_lock_is_one_error_with_the_lock_hint():
    text = ('{"file":"posts/a.md","urls":["tin/a/"]}\n<<<<<<< HEAD\n{"file":"posts/b.md","urls":["tin/b/"]}\n'
            '=======\n{"file":"posts/c.md","urls":["tin/c/"]}\n>>>>>>> nhanh-moi\n')
    with pytest.raises(ContentErrors) as raised:
        parse_lock(text)
    assert [e.format() for e in raised.value.errors] == [f"bantin.lock.json:2: {CONFLICT}\n    → {LOCK_HINT}"]
    # doing what the hint says: the marker lines deleted, both sides kept
    kept = "".join(line + "\n" for line in text.splitlines() if not line.startswith(("<<<", "===", ">>>")))
    assert sorted(parse_lock(kept)["posts"]) == ["posts/a.md", "posts/b.md", "posts/c.md"]


def test_check_and_build_stop_at_a_conflicted_lock_without_a_traceback(tmp_path: Path):
    root = copy_sample(tmp_path / "p")
    lines = (root / "bantin.lock.json").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3:3] = ["<<<<<<< HEAD\n", '{"file":"posts/2024/a.md","urls":["tin/2024/07/a/"]}\n', "=======\n",
                  '{"file":"posts/2024/b.md","urls":["tin/2024/07/b/"]}\n', ">>>>>>> nhanh-b\n"]
    conflicted = "".join(lines)
    (root / "bantin.lock.json").write_text(conflicted, encoding="utf-8")

    checked = run_bantin(root, "check")
    assert checked.returncode == 1 and "Traceback" not in checked.stdout + checked.stderr
    report = checked.stdout.splitlines()
    assert report[0] == f"LỖI bantin.lock.json:4: {CONFLICT}"
    assert report[1] == f"    → {LOCK_HINT}"
    assert report[-1] == "Có 1 lỗi trong 1 tệp."  # the sample has nothing else to say
    assert "Không có lỗi" not in checked.stdout

    built = run_bantin(root, "build")
    assert built.returncode == 1 and "Traceback" not in built.stdout + built.stderr
    assert f"LỖI       - bantin: bantin.lock.json:4: {CONFLICT}\n    → {LOCK_HINT}" in built.stderr
    assert "LỖI: không xây dựng được trang; trang cũ trong 'site' được giữ nguyên." in built.stderr
    assert (root / "bantin.lock.json").read_text(encoding="utf-8") == conflicted  # left for the editor to fix
    assert not (root / "site").exists()


# -- real git merges -----------------------------------------------------------------------------------
pytestmark_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Trần Thu Hà", "GIT_AUTHOR_EMAIL": "ha@example.org",
    "GIT_COMMITTER_NAME": "Trần Thu Hà", "GIT_COMMITTER_EMAIL": "ha@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",  # no merge.conflictStyle etc. from the user
    "GIT_TERMINAL_PROMPT": "0", "GIT_MERGE_AUTOEDIT": "no",
}


def git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(["git", *args], cwd=root, env={**os.environ, **GIT_ENV}, capture_output=True,
                            text=True, timeout=60)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def repository(root: Path, *, union: bool) -> Path:
    """The sample site, built once and committed on branch main (with or without .gitattributes)."""
    copy_sample(root)
    (root / ".gitignore").write_text("/site/\n/.site-*/\n.cache/\n", encoding="utf-8")
    if union:
        shutil.copy(REPO / ".gitattributes", root / ".gitattributes")
    git(root, "init", "-q", "-b", "main")
    built = run_bantin(root, "build")
    assert built.returncode == 0, built.stderr
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Trang mẫu")
    return root


def publish_on_branch(root: Path, branch: str, slug: str, year: int = 2024) -> None:
    """On a new branch from main: write a post, build (which records its URL), commit both."""
    git(root, "switch", "-q", "-c", branch, "main")
    write_post(root, f"posts/{year}/{slug}.md", f"""
title: Tin {slug}
slug: {slug}
date: {year}-07-05 08:00
agency: so-cong-thuong
term: 2020-2025
kind: hoi-nghi-so-ket
summary: Tin thử gộp nhánh.""")
    built = run_bantin(root, "build")
    assert built.returncode == 0, built.stderr
    assert f'{{"file":"posts/{year}/{slug}.md","urls":["tin/{year}/07/{slug}/"]}}\n' in lock(root)
    git(root, "add", "posts", "bantin.lock.json")
    git(root, "commit", "-q", "-m", f"Đăng tin {slug}")


def lock(root: Path) -> str:
    return (root / "bantin.lock.json").read_text(encoding="utf-8")


@pytestmark_git
def test_two_branches_adding_neighbouring_posts_merge_with_the_union_driver(tmp_path: Path):
    root = repository(tmp_path / "site-git", union=True)
    base = read_lock(root / "bantin.lock.json")["posts"]
    # both new posts sort after every existing one: without the union driver their lines would conflict
    publish_on_branch(root, "tin-a", "a-hoi-nghi")
    publish_on_branch(root, "tin-b", "b-hoi-nghi")
    merged = git(root, "merge", "tin-a", "-m", "Gộp tin-a")  # into tin-b: its line first, then tin-a's
    assert "CONFLICT" not in merged.stdout and merge_conflict(lock(root), "bantin.lock.json") is None
    assert lock(root) != lock_text(read_lock(root / "bantin.lock.json"))  # out of order, as union leaves it

    built = run_bantin(root, "build")
    assert built.returncode == 0, built.stderr
    after = read_lock(root / "bantin.lock.json")
    assert after["posts"] == {**base, "posts/2024/a-hoi-nghi.md": ["tin/2024/07/a-hoi-nghi/"],
                              "posts/2024/b-hoi-nghi.md": ["tin/2024/07/b-hoi-nghi/"]}
    assert lock(root) == lock_text(after)  # sorted again by the build
    assert git(root, "status", "--porcelain").stdout == " M bantin.lock.json\n"  # only the order changed
    for slug in ("a-hoi-nghi", "b-hoi-nghi"):
        assert (root / "site/tin/2024/07" / slug / "index.html").is_file()


@pytestmark_git
def test_without_gitattributes_distant_posts_merge_and_neighbours_conflict_clearly(tmp_path: Path):
    root = repository(tmp_path / "site-git", union=False)
    # one post sorts before every existing one, the other after: different places in the file
    publish_on_branch(root, "tin-cu", "a-tin-cu", year=2016)
    publish_on_branch(root, "tin-moi", "z-tin-moi")
    merged = git(root, "merge", "tin-cu", "-m", "Gộp tin-cu")
    assert "CONFLICT" not in merged.stdout
    built = run_bantin(root, "build")
    assert built.returncode == 0, built.stderr
    assert {"posts/2016/a-tin-cu.md", "posts/2024/z-tin-moi.md"} <= set(read_lock(root / "bantin.lock.json")["posts"])
    assert git(root, "status", "--porcelain").stdout == ""  # the merged file was already sorted

    # two posts at the same place in the sort order: the format alone cannot merge them
    git(root, "switch", "-q", "main")
    git(root, "merge", "-q", "tin-moi")
    publish_on_branch(root, "tin-c", "zc-hoi-nghi")
    publish_on_branch(root, "tin-d", "zd-hoi-nghi")
    conflict = git(root, "merge", "tin-c", "-m", "Gộp tin-c", check=False)
    assert conflict.returncode == 1 and "CONFLICT (content): Merge conflict in bantin.lock.json" in conflict.stdout
    line = lock(root).split("\n").index("<<<<<<< HEAD") + 1

    checked = run_bantin(root, "check")
    assert checked.returncode == 1 and "Traceback" not in checked.stdout + checked.stderr
    assert checked.stdout.startswith(f"LỖI bantin.lock.json:{line}: {CONFLICT}\n    → {LOCK_HINT}\n")
    built = run_bantin(root, "build")
    assert built.returncode == 1 and "Traceback" not in built.stdout + built.stderr
    assert f"bantin.lock.json:{line}: {CONFLICT}" in built.stderr

    # resolving as the hint says, then building, gives both posts
    text = "".join(kept for kept in lock(root).splitlines(keepends=True)
                   if not kept.startswith(("<<<<<<<", "=======", ">>>>>>>")))
    (root / "bantin.lock.json").write_text(text, encoding="utf-8")
    assert run_bantin(root, "build").returncode == 0
    assert {"posts/2024/zc-hoi-nghi.md", "posts/2024/zd-hoi-nghi.md"} <= set(read_lock(root / "bantin.lock.json")["posts"])


def test_markers_longer_than_seven_as_git_writes_them_with_a_larger_marker_size():
    from bantin.model.errors import merge_conflict

    text = "a\n<<<<<<<< HEAD\nb\n========\nc\n>>>>>>>> nhanh\n"
    error = merge_conflict(text, "posts/a.md")
    assert error is not None and error.line == 2
    assert merge_conflict("Tiêu đề\n==========\n\nChữ.\n", "posts/a.md") is None  # a heading underline
