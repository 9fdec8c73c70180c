"""The `bantin` command: parse the command line, run one command (bantin/commands), end with an
exit code of `Exit` (messages in Vietnamese)."""

from __future__ import annotations

import argparse
import os
import sys

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner, once per run is noise

from bantin.commands import build, bulletin, check, importing, new, photos, serve  # noqa: E402
from bantin.commands.runner import Exit, report, run, signals_stop_the_command  # noqa: E402
from bantin.engine.build import is_engine_error  # noqa: E402
from bantin.engine.logs import setup_logging  # noqa: E402

# argparse's own words (usage, headings, errors) through its gettext hook, in Vietnamese.
_ARGPARSE_VI = {
    "usage: ": "cách dùng: ",
    "positional arguments": "lệnh",
    "options": "tùy chọn",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "tham số không nhận ra: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "lựa chọn không hợp lệ: %(value)r (chọn một trong %(choices)s)",
    "expected one argument": "cần một giá trị",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
}

argparse._ = lambda text: _ARGPARSE_VI.get(text, text)  # type: ignore[attr-defined]


def _workers(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 64:
        raise argparse.ArgumentTypeError(f"cần một số nguyên từ 1 đến 64, không phải {value!r}")
    return int(value)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="bantin", description="Xây dựng và xem trước trang bản tin từ các bài viết.")
    # Where the project is: shared by the commands that read posts and the registry themselves.
    project = argparse.ArgumentParser(add_help=False)
    project.add_argument("--root", default=".", metavar="THƯ_MỤC", help="thư mục dự án (mặc định: thư mục hiện tại)")
    project.add_argument("--registry", metavar="TỆP",
                         help="tệp danh mục (mặc định: theo mkdocs.yml, thường là registry.yml)")
    project.add_argument("--posts", metavar="THƯ_MỤC", help="thư mục bài viết (mặc định: theo mkdocs.yml, thường là posts)")
    p.add_argument("-v", "--verbose", action="store_true", help="in thêm thông tin gỡ lỗi")
    sub = p.add_subparsers(dest="command", required=True, metavar="LỆNH")

    b = sub.add_parser("build", help="xây dựng trang tĩnh vào thư mục site/")
    b.add_argument("-f", "--config-file", default="mkdocs.yml", metavar="TỆP", help="tệp cấu hình (mặc định: mkdocs.yml)")
    b.add_argument("-d", "--site-dir", metavar="THƯ_MỤC", help="thư mục kết quả (mặc định: site/)")
    b.add_argument("-s", "--strict", action="store_true", help="dừng nếu có bất kỳ cảnh báo nào")
    b.add_argument("--drafts", action="store_true", help="đưa cả bài nháp và bài hẹn ngày vào trang")
    b.add_argument("--zip", nargs="?", const="", metavar="TỆP",
                   help="tạo thêm bản lưu trữ .zip mở được từ máy (mặc định: site.zip)")
    b.add_argument("-j", "--workers", type=_workers, metavar="SỐ",
                   help="số tiến trình dựng bài song song, 1 đến 64 (mặc định: theo BANTIN_WORKERS, "
                        "mkdocs.yml, hoặc mỗi nhân CPU một tiến trình)")

    s = sub.add_parser("serve", help="xem trước trang, tự cập nhật khi bài viết thay đổi")
    s.add_argument("-f", "--config-file", default="mkdocs.yml", metavar="TỆP", help="tệp cấu hình (mặc định: mkdocs.yml)")
    s.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="IP:CỔNG", help="địa chỉ IP:cổng (mặc định: 127.0.0.1:8000)")
    s.add_argument("--drafts", action="store_true", help="hiển thị cả bài nháp và bài hẹn ngày")
    s.add_argument("-o", "--open", action="store_true", help="mở trình duyệt")

    c = sub.add_parser("check", parents=[project],
                       help="kiểm tra bài viết, danh mục, ảnh và liên kết, không xây dựng trang")
    c.add_argument("--format", choices=("text", "json", "github", "markdown"), default="text",
                   help="dạng kết quả: text (mặc định), json, github (chú thích trên pull request), "
                        "markdown (báo cáo cho pull request)")

    n = sub.add_parser("new", parents=[project], help="tạo bài viết mới với đủ phần khai báo",
                       description="Tạo bài viết mới. Chạy trong cửa sổ lệnh thì được hỏi từng mục còn thiếu; "
                                   "trong script (không có cửa sổ lệnh) thì cần --tieu-de, --co-quan và --loai.")
    n.add_argument("--tieu-de", "--title", dest="title", metavar="TIÊU_ĐỀ", help="tiêu đề bài")
    n.add_argument("--ngay", "--date", dest="date", metavar="NGÀY", help="ngày diễn ra sự kiện (mặc định: bây giờ), ví dụ 06/07/2023 08:30 hoặc 2023-07-06; "
                        "bài được xếp vào thư mục năm của ngày này")
    n.add_argument("--co-quan", "--agency", dest="agency", metavar="CƠ_QUAN", help="mã, tên hoặc tên viết tắt của cơ quan")
    n.add_argument("--don-vi", "--units", dest="units", nargs="+", metavar="ĐƠN_VỊ", help="các chi bộ, đơn vị trực thuộc")
    n.add_argument("--nhiem-ky", "--term", dest="term", nargs="+", metavar="NHIỆM_KỲ", help="nhiệm kỳ, ví dụ 2020-2025")
    n.add_argument("--loai", "--kind", dest="kind", metavar="LOẠI", help="loại tin, ví dụ dai-hoi-chi-bo")
    n.add_argument("--tac-gia", "--author", dest="author", metavar="TÁC_GIẢ", help="người viết")

    im = sub.add_parser("import", parents=[project], help="chuyển bài cũ (văn bản .txt hoặc .html) thành bài viết")
    im.add_argument("inputs", nargs="+", metavar="TỆP_HOẶC_THƯ_MỤC", help="các tệp hoặc thư mục bài cũ")
    im.add_argument("--dry-run", action="store_true", help="chỉ báo cáo sẽ ghi gì, không ghi tệp")

    bt = sub.add_parser("bulletin", help="tạo bản tin tháng dạng PDF (khổ A4), ví dụ: bantin bulletin 2023-07",
                        description="Tạo bản tin một tháng (bìa, mục lục theo cơ quan, các bài với ảnh và chú thích) "
                                    "thành tệp PDF khổ A4. 'bantin build' tạo bản tin mọi tháng vào trang.")
    bt.add_argument("month", metavar="NĂM-THÁNG", help="tháng của bản tin, ví dụ 2023-07")
    bt.add_argument("-f", "--config-file", default="mkdocs.yml", metavar="TỆP", help="tệp cấu hình (mặc định: mkdocs.yml)")
    bt.add_argument("--ra", "--output", dest="output", metavar="TỆP",
                    help="tệp PDF sẽ ghi (mặc định: ban-tin-NĂM-THÁNG.pdf trong thư mục hiện tại)")
    bt.add_argument("--ghi-de", "--overwrite", dest="overwrite", action="store_true",
                    help="thay tệp PDF đã có bằng bản mới")

    ph = sub.add_parser("photos", help="làm việc với ảnh của bài viết")
    ph_sub = ph.add_subparsers(dest="photos_command", required=True, metavar="LỆNH")
    pa = ph_sub.add_parser("add", parents=[project], help="chép ảnh vào thư mục ảnh của bài và thêm vào 'photos:'")
    pa.add_argument("post", help="tệp bài viết, ví dụ posts/2023/dai-hoi.md")
    pa.add_argument("files", nargs="+", metavar="ẢNH", help="các tệp ảnh từ máy ảnh")
    pa.add_argument("--thu-nho", "--resize", dest="resize", action="store_true",
                    help="ảnh quá lớn để đăng (trên 100 triệu điểm ảnh, như ảnh 200 MP của điện thoại): "
                         "lưu một bản thu nhỏ, ảnh gốc giữ nguyên")
    pc = ph_sub.add_parser("clean", parents=[project],
                           help="xoá tọa độ GPS và số sê-ri máy ảnh khỏi ảnh gốc đã có trong images/ "
                                "(không nén lại ảnh)")
    pc.add_argument("paths", nargs="*", metavar="ẢNH_HOẶC_THƯ_MỤC",
                    help="các ảnh hoặc thư mục ảnh (mặc định: cả thư mục images/)")
    return p



# What each command says when Ctrl-C (or SIGTERM, SIGHUP) stops it; `build` refines its own.
_STOPPED = {
    "build": "Đã dừng: trang chưa xây dựng xong.",
    "serve": "Đã dừng xem trước.",
    "check": "Đã dừng kiểm tra.",
    "new": "Đã huỷ: chưa tạo bài nào.",
    "photos": "Đã huỷ: chưa thêm ảnh nào, bài giữ nguyên.",
    "import": "Đã huỷ: chưa ghi bài nào.",
    "bulletin": "Đã dừng: chưa ghi tệp PDF nào.",
}

# What is safe when a fault stops each command (every one removes what it had half done).
_KEPT = {
    "new": "chưa tạo bài nào",
    "photos": "chưa thêm ảnh nào, bài giữ nguyên",
    "import": "chưa ghi bài nào",
}



def main(argv: list[str] | None = None) -> int:
    """Run one command; every way it can end is one of the codes of `Exit`, and every fault one
    Vietnamese line with its fix (the traceback of a bug goes to a file, or with -v to stderr)."""
    args = parser().parse_args(argv)  # a wrong command line exits 2 here, with argparse's message
    setup_logging(args.verbose)
    run.reset(args.command, args.verbose)
    run.stopped, run.kept = _STOPPED[args.command], _KEPT.get(args.command, "")
    with signals_stop_the_command():
        try:
            return int(_command(args))
        except (KeyboardInterrupt, EOFError):
            print(run.stopped, file=sys.stderr)
            return Exit.INTERRUPTED
        except SystemExit as exc:
            if not is_engine_error(exc):  # sys.exit() somewhere: its code stands
                raise
            return report(exc)
        except BaseException as exc:  # noqa: BLE001 - the one place every fault is said
            return report(exc)



def _command(args) -> int:
    if args.command == "build":
        return build.build(args.config_file, site_dir=args.site_dir, strict=args.strict, drafts=args.drafts,
                           archive=args.zip, workers=args.workers)
    if args.command == "serve":
        return serve.serve(args.config_file, address=args.dev_addr, drafts=args.drafts, open_browser=args.open)
    if args.command == "new":
        return new.new(args)
    if args.command == "photos":
        return photos.clean(args) if args.photos_command == "clean" else photos.add(args)
    if args.command == "import":
        return importing.import_articles(args)
    if args.command == "bulletin":
        return bulletin.bulletin(args)
    return check.check(args)


if __name__ == "__main__":
    sys.exit(main())
