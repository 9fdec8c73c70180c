"""`bantin check`: every problem a build would meet, without building."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bantin.commands.runner import Exit, project_settings
from bantin.model.errors import format_report


def check(args) -> int:
    from bantin.tools.check import as_json
    from bantin.tools.check import check as check_project

    folder = Path(args.root).resolve()
    registry = args.registry or "registry.yml"
    if not (folder / "mkdocs.yml").is_file() and not (folder / registry).is_file():  # not a bantin project
        print(f"LỖI: '{folder}' không phải thư mục dự án bản tin (không có mkdocs.yml hay {registry}) → chạy lệnh "
              "trong thư mục dự án, hoặc chỉ ra nó bằng --root THƯ_MỤC.", file=sys.stderr)
        return Exit.USAGE
    settings = project_settings(args)
    if isinstance(settings, Exit):
        return settings
    output = args.format
    # The posts the build publishes, read with the build's options (drafts, future, embeds…).
    project, problems = check_project(settings.options(folder))
    failed = any(not p.warning for p in problems)
    if output == "json":
        print(json.dumps(as_json(problems), ensure_ascii=False, indent=1))
        return 1 if failed else 0
    if problems:
        print(format_report(problems))
    if project is not None and not failed:
        print(f"Không có lỗi: {len(project.posts)} bài viết, {len(project.registry.agencies)} cơ quan, "
              f"{len(project.registry.kinds)} loại tin.")
    return 1 if failed else 0

