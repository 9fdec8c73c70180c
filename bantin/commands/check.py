"""`bantin check`: every problem a build would meet, without building.

`--format text` (the default) is for people; `json`, `github` (workflow commands: annotations on a pull
request) and `markdown` (a pull request's comment, a workflow run's summary) are one document each on
stdout, whatever stops the check short of a fault of the machine: a folder that is no project, an unusable
mkdocs.yml and what MkDocs logs about it are problems in the document, not lines on stderr."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

from bantin.commands.runner import Exit, project_settings, read_settings
from bantin.model.errors import ContentError, format_report


def check(args) -> int:
    from bantin.tools.check import check as check_project

    output = args.format
    folder = Path(args.root).resolve()
    registry = args.registry or "registry.yml"
    if not (folder / "mkdocs.yml").is_file() and not (folder / registry).is_file():  # not a bantin project
        what = f"'{folder}' không phải thư mục dự án bản tin (không có mkdocs.yml hay {registry})"
        fix = "chạy lệnh trong thư mục dự án, hoặc chỉ ra nó bằng --root THƯ_MỤC"
        if output != "text":
            _document(output, [ContentError("", None, None, what, fix)], None, folder)
            return Exit.USAGE
        print(f"LỖI: {what} → {fix}.", file=sys.stderr)
        return Exit.USAGE
    if output == "text":
        settings = project_settings(args)
        if isinstance(settings, Exit):
            return settings
        # The posts the build publishes, read with the build's options (drafts, future, embeds…).
        project, problems = check_project(settings.options(folder))
        failed = any(not p.warning for p in problems)
        if problems:
            print(format_report(problems))
        if project is not None and not failed:
            print(f"Không có lỗi: {_checked(project)}.")
        return 1 if failed else 0
    return _check_into_document(args, output, folder)


def _check_into_document(args, output: str, folder: Path) -> int:
    from bantin.engine.build import ConfigProblem
    from bantin.engine.logs import kept
    from bantin.tools.check import check as check_project

    code, project = Exit.OK, None
    problems: list[ContentError] = []
    refused: ConfigProblem | None = None
    with kept() as logged:
        try:
            settings = read_settings(args)
        except ConfigProblem as problem:
            code, refused = (Exit.USAGE if problem.usage else Exit.CONTENT), problem
        else:
            project, problems = check_project(settings.options(folder))
    # MkDocs' own words on mkdocs.yml (a misspelt option, a wrong value), each a problem of the file.
    said = [ContentError("mkdocs.yml", None, None, line.removeprefix("mkdocs.yml, "), _MKDOCS_FIX,
                         warning=level < logging.ERROR) for level, line in logged]
    if refused is not None and not any(not p.warning for p in said):  # else its line only points at them
        said.append(_config_problem(refused))
    problems = said + problems
    if code == Exit.OK and any(not p.warning for p in problems):
        code = Exit.CONTENT
    _document(output, problems, _checked(project) if project is not None else None, folder)
    return code


_MKDOCS_FIX = "sửa 'mkdocs.yml' rồi chạy lại"


def _config_problem(problem) -> ContentError:
    """The one line of a ConfigProblem ("LỖI: what → fix.") as a problem of mkdocs.yml."""
    what, _, fix = problem.message.removeprefix("LỖI: ").rstrip(".").partition(" → ")
    return ContentError("mkdocs.yml", None, None, what, fix or None)


def _checked(project) -> str:
    return (f"{len(project.posts)} bài viết, {len(project.registry.agencies)} cơ quan, "
            f"{len(project.registry.kinds)} loại tin")


def _document(output: str, problems: list[ContentError], checked: str | None, folder: Path) -> None:
    from bantin.tools.check_output import as_json, github_commands, markdown_report

    if output == "json":
        sys.stdout.write(json.dumps(as_json(problems), ensure_ascii=False, indent=1) + "\n")
    elif output == "github":
        # The runner wants each file's path from the repository's root, where the workflow runs.
        try:
            prefix = folder.relative_to(Path.cwd().resolve()).as_posix()
        except ValueError:
            prefix = folder.as_posix()
        sys.stdout.write(github_commands(problems, checked, "" if prefix == "." else prefix))
    else:
        sys.stdout.write(markdown_report(problems, checked))
