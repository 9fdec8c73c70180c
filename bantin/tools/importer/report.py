"""The Vietnamese report of an import: per article, where it goes, what was read, what is left to do."""

from __future__ import annotations

from pathlib import Path

from bantin.tools.importer.plan import Planned


def report(planned: list[Planned], root: Path) -> str:
    """A Vietnamese report: per article, where it goes, what was read, what is left to do."""
    lines = []
    for item in planned:
        a = item.article
        lines.append(f"## {a.source}")
        if item.target is None:
            lines.append(f"- BỎ QUA: {item.refusal}")
            continue
        lines.append(f"- ghi vào: {item.target.relative_to(root).as_posix()}")
        lines.append(f"- tiêu đề: {a.title or '(chưa có)'}")
        lines.append(f"- ngày: {a.date.strftime('%d/%m/%Y %H:%M') if a.date else '(chưa có)'}"
                     + (f" (đọc từ: “{a.date_text}”)" if a.date_text else ""))
        lines.append(f"- cơ quan: {a.agency.short if a.agency else '(chưa có)'}; đơn vị: {', '.join(a.units) or '-'}; "
                     f"nhiệm kỳ: {', '.join(map(str, a.terms)) or '-'}; loại tin: {a.kind.name if a.kind else '(chưa có)'}")
        if a.captions:
            lines.append(f"- {len(a.captions)} chú thích ảnh (chưa có tệp ảnh)")
        for name, why in a.todo.items():
            lines.append(f"- CẦN LÀM [{name}]: {why}")
        if a.todo:
            lines.append("- bài nháp (draft: true): chưa đăng cho tới khi làm xong các mục CẦN LÀM, xoá các "
                         "dòng '# TODO' và dòng 'draft: true'")
        for note in a.notes:
            lines.append(f"- ghi chú: {note}")
    written = sum(1 for p in planned if p.target is not None)
    lines.append(f"\nTổng cộng: {written} bài sẽ được ghi, {len(planned) - written} tệp bỏ qua.")
    return "\n".join(lines) + "\n"
