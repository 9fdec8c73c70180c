"""`bantin photos add`: camera files copied beside the post's photos and listed under `photos:`."""

from __future__ import annotations

from pathlib import Path

from bantin.commands.runner import Exit, project_settings, refuse


def add(args) -> int:
    from bantin.tools.errors import EditorError
    from bantin.tools.photos_add import add_photos

    settings = project_settings(args)
    if isinstance(settings, Exit):
        return settings
    root = Path(args.root).resolve()
    post = Path(args.post).expanduser()
    if not post.is_absolute() and (root / post).exists() and (
            not post.exists() or not post.resolve().is_relative_to(root)):
        post = root / post  # given from the project folder (--root), not from here
    files = [Path(f).expanduser() for f in args.files]
    try:
        added = add_photos(root, post, files, settings.images_dir, posts_dir=settings.posts_dir, resize=args.resize)
    except EditorError as exc:
        return refuse(exc.message, exc.hint, Exit.USAGE if exc.usage else Exit.CONTENT)
    for source, path in zip(files, added, strict=True):
        if path in added.resized:
            width, height = added.resized[path]
            print(f"Đã lưu bản thu nhỏ '{path.relative_to(root).as_posix()}' ({width}×{height} điểm ảnh); "
                  f"ảnh gốc '{source}' không bị sửa.")
        else:
            print(f"Đã chép '{path.relative_to(root).as_posix()}'.")
    print(f"Đã thêm {len(added)} ảnh vào 'photos:' của bài; hãy viết chú thích (caption) cho từng ảnh.")
    return Exit.OK

