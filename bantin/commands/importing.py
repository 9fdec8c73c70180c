"""`bantin import`: old articles (text or HTML) turned into posts, with a report of what to do."""

from __future__ import annotations

from pathlib import Path

from bantin.commands.runner import Exit, refuse, registry_of, run
from bantin.model import dates

REPORTS = "bao-cao"  # import reports, in a folder .gitignore keeps out of the repository


def import_articles(args) -> int:
    from bantin.tools.files import create_new
    from bantin.tools.importer.plan import plan_import
    from bantin.tools.importer.report import report
    from bantin.tools.importer.writing import write_import

    loaded = registry_of(args)
    if isinstance(loaded, Exit):
        return loaded
    root, registry, settings = loaded
    missing = [p for p in args.inputs if not Path(p).exists()]
    if missing:
        return refuse(f"không tìm thấy {', '.join(missing)}", "kiểm tra đường dẫn tệp hoặc thư mục bài cũ",
                       Exit.USAGE)
    planned = plan_import([Path(p) for p in args.inputs], root, registry, settings.posts_dir)
    text = report(planned, root)
    print(text, end="")
    if args.dry_run:
        print("(Chạy thử: chưa ghi tệp nào.)")
        return Exit.OK
    folder = root / REPORTS  # ignored by git: a report is for the editor, not for the archive
    made = not folder.is_dir()
    written = write_import(planned)
    try:  # the report too, or none of the posts: an import is whole or not at all
        stamp = dates.now().strftime("%Y%m%d-%H%M%S")
        if made:
            folder.mkdir()
        for n in range(1, 100):
            path = folder / (f"bao-cao-nhap-bai-{stamp}.txt" if n == 1 else f"bao-cao-nhap-bai-{stamp}-{n}.txt")
            try:
                create_new(path, lambda f: f.write(text.encode("utf-8")))
                break
            except FileExistsError:
                continue
    except BaseException:
        written.undo()
        if made and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
        raise
    # From here the posts and the report are written: a fault (a closed pipe) must not say otherwise.
    run.kept = f"đã ghi {len(written.files)} bài và báo cáo '{REPORTS}/{path.name}'"
    run.stopped = f"Đã dừng: {run.kept}."
    print(f"Đã ghi báo cáo vào '{REPORTS}/{path.name}'. Bài còn mục 'CẦN LÀM' được ghi là bài nháp (draft: true), chưa đăng: "
          "mở từng bài, làm các mục đó (dòng '# TODO' trong bài; ảnh: 'bantin photos add'), xoá dòng 'draft: true' "
          "rồi chạy 'bantin check'.")
    return Exit.OK

