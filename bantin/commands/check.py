"""`bantin check`: every problem a build would meet, without building."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bantin.commands.runner import Exit
from bantin.model.errors import format_report
from bantin.model.project import Options


def check(root: str, registry: str, posts_dir: str, output: str = "text") -> int:
    from bantin.model.project import configured_embeds
    from bantin.tools.check import as_json
    from bantin.tools.check import check as check_project

    folder = Path(root).resolve()
    if not (folder / "mkdocs.yml").is_file() and not (folder / registry).is_file():  # not a bantin project
        print(f"LỖI: '{folder}' không phải thư mục dự án bản tin (không có mkdocs.yml hay {registry}) → chạy lệnh "
              "trong thư mục dự án, hoặc chỉ ra nó bằng --root THƯ_MỤC.", file=sys.stderr)
        return Exit.USAGE
    options = Options(root=folder, registry=registry, posts_dir=posts_dir,
                      embeds=configured_embeds(folder / "mkdocs.yml"))
    project, problems = check_project(options)
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

