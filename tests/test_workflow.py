"""The GitHub Pages workflow: pinned build, official Pages actions, the site address from Pages, and the
lock committed back (its script run against a real git origin)."""

from __future__ import annotations

import subprocess

import pytest
import yaml

from sitebuild import REPO


def test_pages_workflow_builds_with_make_site_and_deploys_with_the_official_actions():
    workflow = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads the key "on" as True
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build = workflow["jobs"]["build"]["steps"]
    uses = [step.get("uses", "") for step in build]
    assert any(u.startswith("actions/configure-pages@") for u in uses)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    make = next(step for step in build if step.get("run") == "make site")
    assert make["env"]["BANTIN_SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_site_url_comes_from_the_environment():
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'site_url: !ENV [BANTIN_SITE_URL, "https://example.github.io/bantin/"]' in text


# -- the lock committed back: posts published from the web editor are built only in the workflow ----------

def _lock_step() -> dict:
    workflow = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    names = [step.get("name", step.get("uses", "")) for step in steps]
    record = names.index("Record the posts' addresses (bantin.lock.json)")
    assert names.index("Build (strict)") < record < next(
        i for i, n in enumerate(names) if n.startswith("actions/upload-pages-artifact@"))
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "write"}
    assert workflow[True]["push"]["paths-ignore"] == ["bantin.lock.json"]  # the lock's commit builds nothing
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["ssh-key"] == "${{ secrets.BANTIN_DEPLOY_KEY }}"  # empty: the token
    return steps[record]


def _git(cwd, *args) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def checkout(tmp_path):
    """A bare 'origin' with one commit on main holding a lock, and a clone of it as the runner checks out."""
    origin, seed, work = tmp_path / "origin.git", tmp_path / "seed", tmp_path / "work"
    _git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(origin))
    _git(tmp_path, "clone", "--quiet", str(origin), str(seed))
    for repo in (seed,):
        _git(repo, "config", "user.name", "Biên tập"), _git(repo, "config", "user.email", "bt@example.org")
    (seed / "bantin.lock.json").write_text('{"file":"posts/a.md","urls":["tin/2024/01/a/"]}\n', encoding="utf-8")
    _git(seed, "add", "."), _git(seed, "commit", "--quiet", "-m", "Bài a"), _git(seed, "push", "--quiet", "origin", "main")
    _git(tmp_path, "clone", "--quiet", str(origin), str(work))
    return origin, seed, work


def _run(step: dict, work, env_branch="main"):
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=work,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(work.parent), "BRANCH": env_branch,
                               "GIT_CONFIG_NOSYSTEM": "1"}, capture_output=True, text=True)


def test_an_unchanged_lock_commits_nothing(checkout):
    origin, _, work = checkout
    result = _run(_lock_step(), work)
    assert result.returncode == 0 and "không có địa chỉ mới" in result.stdout
    assert _git(origin, "rev-list", "--count", "main").strip() == "1"


def test_new_addresses_are_committed_back_to_the_branch(checkout):
    origin, _, work = checkout
    with (work / "bantin.lock.json").open("a", encoding="utf-8") as lock:
        lock.write('{"file":"posts/b.md","urls":["tin/2024/02/b/"]}\n')  # what the build recorded
    result = _run(_lock_step(), work)
    assert result.returncode == 0 and "Đã ghi bantin.lock.json vào nhánh main." in result.stdout, result.stderr
    assert _git(origin, "log", "-1", "--format=%an|%s", "main").strip() == (
        "github-actions[bot]|Ghi địa chỉ các bài vừa đăng vào bantin.lock.json")
    assert "tin/2024/02/b/" in _git(origin, "show", "main:bantin.lock.json")


def test_a_branch_that_moved_meanwhile_is_caught_up_with(checkout):
    origin, seed, work = checkout
    (seed / "posts").mkdir()
    (seed / "posts" / "c.md").write_text("---\ntitle: C\n---\n", encoding="utf-8")
    _git(seed, "add", "."), _git(seed, "commit", "--quiet", "-m", "Bài c"), _git(seed, "push", "--quiet", "origin", "main")
    with (work / "bantin.lock.json").open("a", encoding="utf-8") as lock:
        lock.write('{"file":"posts/b.md","urls":["tin/2024/02/b/"]}\n')
    result = _run(_lock_step(), work)
    assert result.returncode == 0 and "Lần 1:" in result.stdout and "Đã ghi" in result.stdout, result.stderr
    assert _git(origin, "log", "--format=%s", "main").splitlines()[:2] == [
        "Ghi địa chỉ các bài vừa đăng vào bantin.lock.json", "Bài c"]


def test_a_refused_push_is_a_warning_and_the_site_is_still_published(checkout):
    origin, _, work = checkout
    hook = origin / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'GH013: Repository rule violations found' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    with (work / "bantin.lock.json").open("a", encoding="utf-8") as lock:
        lock.write('{"file":"posts/b.md","urls":["tin/2024/02/b/"]}\n')
    result = _run(_lock_step(), work)
    assert result.returncode == 0, result.stderr  # the deploy goes on
    warning = [line for line in result.stdout.splitlines() if line.startswith("::warning ")]
    assert len(warning) == 1 and "file=bantin.lock.json" in warning[0] and "chưa được ghi" in warning[0]
    assert _git(origin, "rev-list", "--count", "main").strip() == "1"


# -- a post renamed twice, built only by the workflow (issue 17 §9) --------------------------------------------
SITE_URL = "https://org.github.io/ban-tin/"
TITLES = ["Hội nghị sơ kết công tác Đảng quý I", "Hội nghị sơ kết công tác Đảng quý I năm 2024",
          "Sơ kết công tác xây dựng Đảng quý I năm 2024"]


def _post(title: str) -> str:
    return f"---\ntitle: {title}\ndate: 2024-03-05\nagency: so-cong-thuong\nkind: so-ket\n---\n\nNội dung.\n"


def _workflow_builds(tmp_path, *, commit_back: bool):
    """The editor saves the post three times (publish, two new titles) to origin's main; after each save the
    workflow checks out a fresh clone, runs `bantin build` and (or not) its step that commits the lock back.
    The last checkout's site and the URL each build gave the post."""
    from factories import make_project
    from sitebuild import run_bantin

    origin, editor = tmp_path / "origin.git", tmp_path / "editor"
    _git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(origin))
    _git(tmp_path, "clone", "--quiet", str(origin), str(editor))
    _git(editor, "config", "user.name", "Biên tập"), _git(editor, "config", "user.email", "bt@example.org")
    make_project(editor, sample=True, posts={"posts/2024/so-ket.md": _post(TITLES[0])},
                 files={".gitignore": "site/\n.cache/\n"})
    record, site, addresses = _lock_step(), None, []
    for number, title in enumerate(TITLES):
        if number:
            _git(editor, "pull", "--quiet", "--rebase", "origin", "main")  # the web editor saves onto main as it is
            (editor / "posts/2024/so-ket.md").write_text(_post(title), encoding="utf-8")
        _git(editor, "add", "-A"), _git(editor, "commit", "--quiet", "-m", f"Bài: {title}")
        _git(editor, "push", "--quiet", "origin", "main")
        work = tmp_path / f"run-{number}"  # a runner starts from a fresh checkout every time
        _git(tmp_path, "clone", "--quiet", str(origin), str(work))
        built = run_bantin(work, "build", env={"BANTIN_SITE_URL": SITE_URL})
        assert built.returncode == 0, built.stderr
        if commit_back:
            committed = _run(record, work)
            assert committed.returncode == 0 and "Đã ghi bantin.lock.json" in committed.stdout, committed.stderr
        site = work / "site"
        (page,) = [p for p in site.joinpath("tin/2024/03").glob("*/index.html") if "http-equiv" not in p.read_text()]
        addresses.append(page.parent.relative_to(site).as_posix() + "/")
    assert len(set(addresses)) == 3, addresses  # each title gave the post a new address
    return site, addresses


def _redirect_target(site, url: str) -> str | None:
    """Where the page at `url` sends the reader (its refresh, resolved against its own address), if it does."""
    import posixpath

    from sitebuild import soup

    page = site / url / "index.html"
    if not page.exists():
        return None
    html = soup(page)
    refresh = html.select_one('meta[http-equiv="refresh"]')
    if refresh is None:
        return None
    relative = refresh["content"].split("url=", 1)[1]
    assert html.select_one("a")["href"] == relative
    assert html.select_one('link[rel="canonical"]')["href"].startswith(SITE_URL)
    return posixpath.normpath(posixpath.join(url, relative)) + "/"


def test_a_post_renamed_twice_keeps_every_address_when_the_workflow_commits_the_lock(tmp_path):
    site, (first, second, third) = _workflow_builds(tmp_path, commit_back=True)
    assert "Sơ kết công tác xây dựng Đảng quý I năm 2024" in (site / third / "index.html").read_text(encoding="utf-8")
    assert _redirect_target(site, first) == third
    assert _redirect_target(site, second) == third
    canonical = {_soup_canonical(site, url) for url in (first, second)}
    assert canonical == {SITE_URL + third}


def test_without_the_commit_back_the_old_addresses_are_lost(tmp_path):
    site, (first, second, third) = _workflow_builds(tmp_path, commit_back=False)
    assert (site / third / "index.html").exists()
    assert _redirect_target(site, first) is None and not (site / first).exists()
    assert _redirect_target(site, second) is None and not (site / second).exists()


def _soup_canonical(site, url: str) -> str:
    from sitebuild import soup

    return soup(site / url / "index.html").select_one('link[rel="canonical"]')["href"]
