"""`bantin photos add`: camera files copied beside the post's photos (without GPS and camera
serials) and attached to its `photos:`. `bantin photos clean`: the same data taken out of the
originals already in images/."""

from __future__ import annotations

import sys
from pathlib import Path

from bantin.commands.runner import Exit, describe, project_settings, refuse, run


def _given(root: Path, path: Path) -> Path:
    """A path as typed: from here, or from the project folder (--root) when only that exists."""
    if not path.is_absolute() and (root / path).exists() and (
            not path.exists() or not path.resolve().is_relative_to(root)):
        return root / path
    return path


def add(args) -> int:
    from bantin.tools.errors import EditorError
    from bantin.tools.photos_add import add_photos
    from bantin.tools.privacy import labels

    settings = project_settings(args)
    if isinstance(settings, Exit):
        return settings
    root = Path(args.root).resolve()
    post = _given(root, Path(args.post).expanduser())
    files = [Path(f).expanduser() for f in args.files]
    try:
        added = add_photos(root, post, files, settings.images_dir, posts_dir=settings.posts_dir, resize=args.resize)
    except EditorError as exc:
        return refuse(exc.message, exc.hint, Exit.USAGE if exc.usage else Exit.CONTENT)
    for source, path in zip(files, added, strict=True):
        removed = f", đã xoá: {labels(added.removed[path])}" if path in added.removed else ""
        if path in added.resized:
            width, height = added.resized[path]
            print(f"Đã lưu bản thu nhỏ '{path.relative_to(root).as_posix()}' ({width}×{height} điểm ảnh){removed}; "
                  f"ảnh gốc '{source}' không bị sửa.")
        else:
            print(f"Đã chép '{path.relative_to(root).as_posix()}'{removed}.")
    new = len(added) - added.filled
    if added.filled:
        print(f"Đã gắn {added.filled} ảnh vào các chú thích có sẵn trong 'photos:' của bài"
              + (f" và thêm {new} ảnh mới; hãy viết chú thích (caption) cho từng ảnh mới." if new else "."))
    else:
        print(f"Đã thêm {len(added)} ảnh vào 'photos:' của bài; hãy viết chú thích (caption) cho từng ảnh.")
    return Exit.OK


def clean(args) -> int:
    from bantin.tools.errors import EditorError
    from bantin.tools.photos_clean import Refused, clean_file, photo_files
    from bantin.tools.privacy import labels

    run.kept, run.stopped = "chưa ảnh nào bị sửa", "Đã dừng: chưa ảnh nào bị sửa."
    settings = project_settings(args)
    if isinstance(settings, Exit):
        return settings
    root = Path(args.root).resolve()
    try:
        photos = photo_files(root, settings.images_dir, [_given(root, Path(p).expanduser()) for p in args.paths])
    except EditorError as exc:
        return refuse(exc.message, exc.hint, Exit.USAGE if exc.usage else Exit.CONTENT)
    changed, failures, code = 0, [], Exit.OK
    for path in photos:
        shown = _shown(root, path)
        try:
            result = clean_file(path)
        except PermissionError as exc:  # this photo only: the others are still cleaned
            kept, run.kept = run.kept, "ảnh này giữ nguyên"
            failures.append(describe(exc)[0])
            run.kept, code = kept, Exit.FAULT
            continue
        if isinstance(result, Refused):
            failures.append(f"LỖI: ảnh '{shown}': {result.message}; ảnh giữ nguyên → {result.hint}.")
            code = Exit.FAULT if code == Exit.FAULT else Exit.CONTENT
        elif result:
            changed += 1
            print(f"Đã xoá {labels(result)} khỏi '{shown}'.")
            run.kept = f"đã làm sạch {changed} ảnh (mỗi ảnh được ghi trọn vẹn), các ảnh khác chưa bị sửa"
            run.stopped = f"Đã dừng: {run.kept}."
    if changed:
        print(f"Đã làm sạch {changed} trong {len(photos)} ảnh; điểm ảnh và hướng xoay giữ nguyên.")
    else:
        print(f"Không ảnh nào cần làm sạch ({len(photos)} ảnh đã kiểm tra).")
    for line in failures:
        print(line, file=sys.stderr)
    return code


def _shown(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)
