"""`bantin new`: a new post with its front matter and photo folder, asking for what is missing."""

from __future__ import annotations

import sys

from bantin.commands.runner import Exit, refuse, registry_of
from bantin.model import dates


def new(args) -> int:
    from bantin.model.terms import TermError
    from bantin.tools.errors import EditorError
    from bantin.tools.new_post import new_post, now_rounded, write_new

    loaded = registry_of(args)
    if isinstance(loaded, Exit):
        return loaded
    root, registry, settings = loaded
    values = {"title": args.title, "agency": args.agency, "kind": args.kind}
    if sys.stdin is not None and sys.stdin.isatty():  # closed (<&-) or a pipe: nothing to ask
        try:
            values = ask(values, registry)
        except (KeyboardInterrupt, EOFError):  # Ctrl-C or Ctrl-D at a prompt: nothing written yet
            print()  # end the prompt's line
            raise
    missing = [name for name, value in values.items() if not value]
    if missing:
        labels = {"title": "--tieu-de", "agency": "--co-quan", "kind": "--loai"}
        print("LỖI: thiếu " + ", ".join(labels[m] for m in missing)
              + ". Ví dụ: bantin new --tieu-de \"Đại hội Chi bộ Văn phòng\" --co-quan so-cong-thuong "
                "--loai dai-hoi-chi-bo", file=sys.stderr)
        return Exit.USAGE
    try:
        date = dates.parse_date(args.date) if args.date else now_rounded()
        post = new_post(root, registry, title=values["title"], date=date, agency=values["agency"],
                        kind=values["kind"], units=args.units or [], terms=args.term or [],
                        posts_dir=settings.posts_dir, images_dir=settings.images_dir, author=args.author or "")
        write_new(post)
    except EditorError as exc:
        return refuse(exc.message, exc.hint, Exit.USAGE if exc.usage else Exit.CONTENT)
    except dates.DateError as exc:
        return refuse(f"ngày '{args.date}' không hợp lệ: {exc}", "ví dụ: --ngay 2024-02-28 08:30 hoặc --ngay 28/02/2024",
                      Exit.USAGE)
    except TermError as exc:
        return refuse(f"nhiệm kỳ không hợp lệ: {exc}", "ví dụ: --nhiem-ky 2020-2025", Exit.USAGE)
    print(f"Đã tạo bài '{post.path.relative_to(root).as_posix()}' và thư mục ảnh "
          f"'{post.images.relative_to(root).as_posix()}/'.\n"
          f"Tiếp theo: mở bài để viết nội dung, rồi chạy 'bantin check' và 'make serve' để xem trước.")
    return Exit.OK



def ask(values: dict, registry) -> dict:
    """Ask for what is missing, offering numbered choices from the registry."""
    if not values["title"]:
        values["title"] = input("Tiêu đề bài viết: ").strip()
    for field, label, items in (
        ("agency", "Cơ quan", [(a.key, a.short) for a in registry.sorted_agencies()]),
        ("kind", "Loại tin", [(k.key, k.name) for k in registry.kinds.values()]),
    ):
        if values[field]:
            continue
        for n, (key, name) in enumerate(items, 1):
            print(f"  {n}. {name} ({key})")
        answer = input(f"{label} (số hoặc mã): ").strip()
        values[field] = items[int(answer) - 1][0] if answer.isdigit() and 0 < int(answer) <= len(items) else answer
    return values

