"""`bantin bulletin 2023-07`: one month's bulletin as an A4 PDF, on demand (site/bulletin.py).

The project is read and its photos processed as the build does (the plugin's on_config, through
the engine), and the PDF comes from the same cache, so it is the build's bytes."""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

from bantin.commands.runner import Exit, refuse, run, shown

_MONTH = re.compile(r"(\d{4})-(\d{1,2})|(\d{1,2})/(\d{4})")


def parse_month(text: str) -> tuple[int, int] | None:
    """2023-07, 2023-7 or 07/2023 → (2023, 7); None for anything else (2023-13 too)."""
    found = _MONTH.fullmatch(text.strip())
    if not found:
        return None
    year, month = (found[1], found[2]) if found[1] else (found[4], found[3])
    return (int(year), int(month)) if 1 <= int(month) <= 12 and int(year) >= 1900 else None


def bulletin(args) -> int:
    from bantin.engine.build import ConfigProblem, load_config
    from bantin.model.urls import bulletin_pdf_name
    from bantin.site.bulletin_pdf import engine_problem

    month = parse_month(args.month)
    if month is None:
        return refuse(f"tháng '{args.month}' không hợp lệ", "ghi tháng dạng NĂM-THÁNG, tháng từ 01 đến 12, "
                      "ví dụ: bantin bulletin 2023-07", Exit.USAGE)
    year, number = month
    target = Path(args.output) if args.output else Path(bulletin_pdf_name(year, number))
    if target.is_dir():
        target = target / bulletin_pdf_name(year, number)
    if target.exists() and not args.overwrite:
        return refuse(f"đã có tệp '{shown(target)}', bantin không ghi đè", "xoá hoặc đổi tên tệp đó, chọn tên khác "
                      "bằng --ra TỆP, hoặc thêm --ghi-de để thay nó bằng bản mới", Exit.USAGE)
    if not target.parent.is_dir():
        return refuse(f"không có thư mục '{shown(target.parent)}'", "tạo thư mục đó trước, hoặc chọn nơi khác "
                      "bằng --ra TỆP", Exit.USAGE)
    problem = engine_problem()
    if problem is not None:
        what, _, fix = problem.partition(" → ")
        return refuse(what, fix, Exit.FAULT)
    try:
        config = load_config(args.config_file)
    except ConfigProblem as exc:
        print(exc.message, file=sys.stderr)
        return Exit.USAGE if exc.usage else Exit.CONTENT
    plugin = config.plugins.get("bantin")
    if plugin is None:
        return refuse(f"'{args.config_file}' không dùng bantin", "thêm '- bantin' vào mục plugins của tệp cấu hình",
                      Exit.CONTENT)
    run.kept = "chưa ghi tệp PDF nào"
    plugin.on_startup(command="bulletin", dirty=False)
    try:
        plugin.on_config(config)
    except Exception as exc:
        if type(exc).__name__ != "ContentRefused":
            raise
        return refuse("không tạo được bản tin vì có lỗi ở trên", "sửa các lỗi rồi chạy lại 'bantin check'")
    by_month = plugin.project.index.by_month
    if month not in by_month:
        have = ", ".join(f"{y}-{m:02d}" for y, m in sorted(by_month, reverse=True)[:6])
        return refuse(f"tháng {number:02d}/{year} không có bài nào đã đăng",
                      f"các tháng có bài (mới nhất trước): {have}" if have else "chưa có bài nào đã đăng", Exit.USAGE)
    made = plugin.issue_pdf(year, number, plugin.options(config))
    _copy_whole(made, target)
    issue_label = f"Bản tin tháng {number}/{year}"
    count = len(by_month[month])
    print(f"Đã tạo '{shown(target)}': {issue_label}, {count} bài viết, {made.stat().st_size // 1024 + 1} KB.")
    return Exit.OK


def _copy_whole(source: Path, target: Path) -> None:
    """The PDF written beside the target, then renamed over it: never half a file."""
    handle, temporary = tempfile.mkstemp(prefix=".ban-tin-", suffix=".pdf", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(source.read_bytes())
        os.chmod(temporary, _readable())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _readable() -> int:
    """The mode a new file gets here (the umask's): mkstemp's files are private to their owner."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
