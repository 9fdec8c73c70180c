"""The `bantin` command: build, serve and check a bulletin site (messages in Vietnamese)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import shutil
import signal
import sys
import tempfile
import zipfile
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner, once per run is noise

from . import dates  # noqa: E402
from .errors import format_report  # noqa: E402
from .project import Options  # noqa: E402


# MkDocs' own messages that editors meet, in Vietnamese; None hides one that says nothing
# useful to them (the staging folder's name, a duplicate of bantin's own summary).
_MKDOCS_MESSAGES = [
    (re.compile(r"^Cleaning site directory$"), None),
    (re.compile(r"^Building documentation to directory: "), None),
    (re.compile(r"^Aborted with a BuildError!$"), None),
    (re.compile(r"^Documentation built in ([\d.]+) seconds$"), r"Đã tạo các trang trong \1 giây"),
    (re.compile(r"^Building documentation\.\.\.$"), "Đang xây dựng trang…"),
    (re.compile(r"^Serving on (.+)$"), r"Xem trước tại \1"),
    (re.compile(r"^Watching paths for changes: (.+)$"), r"Theo dõi thay đổi trong: \1"),
    (re.compile(r"^Detected file changes$"), "Phát hiện tệp thay đổi"),
    (re.compile(r"^Reloading browsers$"), "Tải lại trình duyệt"),
    (re.compile(r"^Doc file '(.+)' contains a link '(.+)', but the target '(.+)' is not found among "
                r"documentation files\.(.*)$"),
     r"Trang '\1' có liên kết '\2', nhưng không có trang '\3'.\4"),
]


class _Formatter(logging.Formatter):
    LABELS = {"DEBUG": "GỠ LỖI", "INFO": "THÔNG TIN", "WARNING": "CẢNH BÁO", "ERROR": "LỖI", "CRITICAL": "LỖI"}

    def format(self, record: logging.LogRecord) -> str:
        return f"{self.LABELS.get(record.levelname, record.levelname):<10}- {record.getMessage()}"


class _Translate(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for pattern, replacement in _MKDOCS_MESSAGES:
            if pattern.search(message):
                if replacement is None:
                    return False
                record.msg, record.args = pattern.sub(replacement, message), ()
                break
        return True


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    handler.addFilter(_Translate())
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False


def build(config_file: str, *, site_dir: str | None, strict: bool, drafts: bool, archive: str | None = None) -> int:
    """Build into a temporary folder beside site/, then swap it in: never a half-written site.

    With `archive`, also write a zip of the site whose pages open from disk (file://).
    """
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    _set_drafts(drafts)
    try:
        config = load_config(config_file, strict=strict or None, site_dir=site_dir)
    except (ConfigurationError, Abort) as exc:
        print(f"LỖI: cấu hình '{config_file}' không hợp lệ: {exc}", file=sys.stderr)
        return 1
    final = Path(config.site_dir)
    final.parent.mkdir(parents=True, exist_ok=True)
    _recover(final)
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}-build-{os.getpid()}-", dir=final.parent))
    failure = _build_into(config, staging)
    if failure is not None:
        print(f"LỖI: không xây dựng được trang{failure}; trang cũ trong '{_shown(final)}' được giữ nguyên.",
              file=sys.stderr)
        return 1
    _swap(staging, final)
    print(f"Đã xây dựng trang vào '{_shown(final)}'.", file=sys.stderr)
    if archive is not None:
        return _archive(config_file, Path(archive) if archive else final.with_suffix(".zip"), strict)
    return 0


def _build_into(config, folder: Path) -> str | None:
    """Run MkDocs' build into `folder`: None on success; on failure remove it and say why."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, ConfigurationError

    config.site_dir = str(folder)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
        return None
    except (Abort, ConfigurationError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        strict = re.search(r"Aborted with (\d+) warnings? in strict mode", str(exc))
        return f" vì có {strict.group(1)} cảnh báo (chế độ --strict)" if strict else ""
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        config.plugins.on_shutdown()


def _archive_time(config) -> tuple:
    """The archive's file times: SOURCE_DATE_EPOCH when set (reproducible builds), else the
    newest post's date, so an archive changes only when its content does."""
    import datetime as dt

    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        moment = dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), dt.timezone.utc)
    else:
        plugin = config.plugins.get("bantin")
        posts = plugin.project.index.posts if plugin is not None and plugin.project is not None else ()
        moment = max((post.date for post in posts), default=dt.datetime(1980, 1, 1))
    return max(moment.timetuple()[:6], (1980, 1, 1, 0, 0, 0))  # zip cannot say earlier


def _archive(config_file: str, target: Path, strict: bool) -> int:
    """A second build with page.html links (no directory URLs), zipped: it opens from disk."""
    from mkdocs.config import load_config

    config = load_config(config_file, strict=strict or None, use_directory_urls=False)
    _recover(target.parent / target.stem)
    with tempfile.TemporaryDirectory(prefix=f".{target.stem}-build-{os.getpid()}-", dir=target.parent.resolve()) as tmp:
        folder = Path(tmp) / "site"
        failure = _build_into(config, folder)
        if failure is not None:
            print(f"LỖI: không tạo được bản lưu trữ{failure}.", file=sys.stderr)
            return 1
        partial = Path(tmp) / "archive.zip"
        stamp = _archive_time(config)
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(folder.rglob("*")):
                if path.is_file():  # fixed times and modes: the same commit gives the same bytes
                    info = zipfile.ZipInfo((Path(target.stem) / path.relative_to(folder)).as_posix(), stamp)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.external_attr = 0o644 << 16
                    zf.writestr(info, path.read_bytes())
        os.replace(partial, target)
    print(f"Đã tạo bản lưu trữ '{_shown(target)}': giải nén rồi mở index.html, xem được cả khi không có mạng "
          "(trừ tìm kiếm).", file=sys.stderr)
    return 0


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _recover(final: Path) -> None:
    """Clear what builds killed before they finished left beside site/ (SIGKILL, a cancelled CI
    job): their staging folders, and an old site set aside by a swap that was cut in half."""
    for left in sorted(final.parent.glob(f".{final.name}-*-*")):
        kind, _, rest = left.name[len(final.name) + 2:].partition("-")
        pid = rest.partition("-")[0]
        if kind not in ("build", "old") or not pid.isdigit() or _alive(int(pid)):
            continue
        if kind == "old" and not final.exists():
            left.rename(final)  # the previous site, back in place
        else:
            shutil.rmtree(left, ignore_errors=True)


def _swap(staging: Path, final: Path) -> None:
    """Put the new site in place of the old in one step where the system can (Linux), so that
    at every instant `site/` is either the old site or the new one."""
    staging.chmod(0o755)  # mkdtemp makes it private; a published site is world-readable
    if final.exists() and _exchange(staging, final):
        shutil.rmtree(staging, ignore_errors=True)  # it holds the old site now
        return
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}-old-{os.getpid()}")
        final.rename(old)
    staging.rename(final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 with RENAME_EXCHANGE); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes
    import errno

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # glibc before 2.28, musl
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EXDEV):  # old kernel, or the file system
        return False
    raise OSError(code, os.strerror(code), str(b))


def serve(config_file: str, *, address: str, drafts: bool, open_browser: bool) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve

    _set_drafts(drafts)
    if drafts:
        print("Đang hiển thị cả bài nháp và bài hẹn ngày đăng.", file=sys.stderr)
    memory = _memory_folder()
    folder = None
    if memory is not None:
        # The preview is rebuilt on every save and thrown away at the end: keep it in RAM, as
        # Hugo's server does. Creating a folder per page is most of a rebuild on a disk.
        folder = _preview_folder(Path(memory))
        tempfile.tempdir = str(folder)
    # MkDocs removes its preview folder when serving ends by Ctrl-C; end the same way when the
    # process is asked to stop (SIGTERM) or its terminal closes (SIGHUP), or RAM leaks.
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _interrupt)
    try:
        mkdocs_serve(config_file, dev_addr=address, open_in_browser=open_browser, livereload=True)
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _memory_folder(need: int = 2 << 30) -> str | None:
    """A RAM-backed folder (Linux /dev/shm) with `need` bytes free, if there is one."""
    folder = "/dev/shm"
    try:
        stat = os.statvfs(folder)
    except OSError:
        return None
    if stat.f_bavail * stat.f_frsize < need or not os.access(folder, os.W_OK | os.X_OK):
        return None
    return folder


PREVIEW_PREFIX = "bantin-serve-"


def _preview_folder(memory: Path) -> Path:
    """This process's preview folder in RAM, after removing those of `bantin serve` processes
    that died without cleaning up (SIGKILL, a crash): files there hold RAM until removed."""
    for old in memory.glob(PREVIEW_PREFIX + "*"):
        pid = old.name[len(PREVIEW_PREFIX):]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)
    folder = memory / f"{PREVIEW_PREFIX}{os.getpid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def check(root: str, registry: str, posts_dir: str, output: str = "text") -> int:
    from .check import as_json, check as check_project

    options = Options(root=Path(root).resolve(), registry=registry, posts_dir=posts_dir)
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


def _registry(args):
    """The project root and its registry, or None after printing why it cannot be read."""
    from .registry import load_registry

    root = Path(args.root).resolve()
    registry, errors = load_registry(root / args.registry, root)
    if registry is None:
        print(format_report(errors))
        return None
    return root, registry


def _refuse(message: str, hint: str = "") -> int:
    print(f"LỖI: {message}" + (f"\n    → {hint}" if hint else ""), file=sys.stderr)
    return 1


def new(args) -> int:
    from .editor import EditorError, new_post, now_rounded, write_new
    from .terms import TermError

    loaded = _registry(args)
    if loaded is None:
        return 1
    root, registry = loaded
    values = {"title": args.title, "agency": args.agency, "kind": args.kind}
    if sys.stdin.isatty():
        values = _ask(values, registry)
    missing = [name for name, value in values.items() if not value]
    if missing:
        labels = {"title": "--tieu-de", "agency": "--co-quan", "kind": "--loai"}
        print("LỖI: thiếu " + ", ".join(labels[m] for m in missing)
              + ". Ví dụ: bantin new --tieu-de \"Đại hội Chi bộ Văn phòng\" --co-quan so-cong-thuong "
                "--loai dai-hoi-chi-bo", file=sys.stderr)
        return 2
    try:
        date = dates.parse_date(args.date) if args.date else now_rounded()
        post = new_post(root, registry, title=values["title"], date=date, agency=values["agency"],
                        kind=values["kind"], units=args.units or [], terms=args.term or [],
                        posts_dir=args.posts, author=args.author or "")
        write_new(post)
    except EditorError as exc:
        return _refuse(exc.message, exc.hint)
    except (TermError, dates.DateError) as exc:
        return _refuse(str(exc))
    print(f"Đã tạo bài '{post.path.relative_to(root).as_posix()}' và thư mục ảnh "
          f"'{post.images.relative_to(root).as_posix()}/'.\n"
          f"Tiếp theo: mở bài để viết nội dung, rồi chạy 'bantin check' và 'make serve' để xem trước.")
    return 0


def _ask(values: dict, registry) -> dict:
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


def import_(args) -> int:
    from .importer import plan_import, report, write_import

    loaded = _registry(args)
    if loaded is None:
        return 1
    root, registry = loaded
    missing = [p for p in args.inputs if not Path(p).exists()]
    if missing:
        return _refuse(f"không tìm thấy {', '.join(missing)}", "kiểm tra đường dẫn tệp hoặc thư mục bài cũ")
    planned = plan_import([Path(p) for p in args.inputs], root, registry, args.posts)
    text = report(planned, root)
    print(text, end="")
    if args.dry_run:
        print("(Chạy thử: chưa ghi tệp nào.)")
        return 0
    write_import(planned)
    stamp = dates.now().strftime("%Y%m%d-%H%M%S")
    path = root / f"bao-cao-nhap-bai-{stamp}.txt"
    with open(path, "x", encoding="utf-8") as f:
        f.write(text)
    print(f"Đã ghi báo cáo vào '{path.name}'. Hãy mở từng bài, làm các mục 'CẦN LÀM' (dòng '# TODO' trong bài), "
          "rồi chạy 'bantin check'.")
    return 0


def photos_add(args) -> int:
    from .editor import EditorError, add_photos

    root = Path(args.root).resolve()
    try:
        copied = add_photos(root, Path(args.post), [Path(f) for f in args.files])
    except EditorError as exc:
        return _refuse(exc.message, exc.hint)
    for path in copied:
        print(f"Đã chép '{path.relative_to(root).as_posix()}'.")
    print(f"Đã thêm {len(copied)} ảnh vào 'photos:' của bài; hãy viết chú thích (caption) cho từng ảnh.")
    return 0


def _set_drafts(drafts: bool) -> None:
    from .mkdocs_plugin import DRAFTS_ENV

    if drafts:
        os.environ[DRAFTS_ENV] = "1"


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


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="bantin", description="Xây dựng và xem trước trang bản tin từ các bài viết.")
    # Where the project is: shared by the commands that read posts and the registry themselves.
    project = argparse.ArgumentParser(add_help=False)
    project.add_argument("--root", default=".", metavar="THƯ_MỤC", help="thư mục dự án (mặc định: thư mục hiện tại)")
    project.add_argument("--registry", default="registry.yml", metavar="TỆP", help="tệp danh mục (mặc định: registry.yml)")
    project.add_argument("--posts", default="posts", metavar="THƯ_MỤC", help="thư mục bài viết (mặc định: posts)")
    p.add_argument("-v", "--verbose", action="store_true", help="in thêm thông tin gỡ lỗi")
    sub = p.add_subparsers(dest="command", required=True, metavar="LỆNH")

    b = sub.add_parser("build", help="xây dựng trang tĩnh vào thư mục site/")
    b.add_argument("-f", "--config-file", default="mkdocs.yml", metavar="TỆP", help="tệp cấu hình (mặc định: mkdocs.yml)")
    b.add_argument("-d", "--site-dir", metavar="THƯ_MỤC", help="thư mục kết quả (mặc định: site/)")
    b.add_argument("-s", "--strict", action="store_true", help="dừng nếu có bất kỳ cảnh báo nào")
    b.add_argument("--drafts", action="store_true", help="đưa cả bài nháp và bài hẹn ngày vào trang")
    b.add_argument("--zip", nargs="?", const="", metavar="TỆP",
                   help="tạo thêm bản lưu trữ .zip mở được từ máy (mặc định: site.zip)")

    s = sub.add_parser("serve", help="xem trước trang, tự cập nhật khi bài viết thay đổi")
    s.add_argument("-f", "--config-file", default="mkdocs.yml", metavar="TỆP", help="tệp cấu hình (mặc định: mkdocs.yml)")
    s.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="IP:CỔNG", help="địa chỉ IP:cổng (mặc định: 127.0.0.1:8000)")
    s.add_argument("--drafts", action="store_true", help="hiển thị cả bài nháp và bài hẹn ngày")
    s.add_argument("-o", "--open", action="store_true", help="mở trình duyệt")

    c = sub.add_parser("check", parents=[project],
                       help="kiểm tra bài viết, danh mục, ảnh và liên kết, không xây dựng trang")
    c.add_argument("--format", choices=("text", "json"), default="text", help="dạng kết quả (text hoặc json)")

    n = sub.add_parser("new", parents=[project], help="tạo bài viết mới với đủ phần khai báo")
    n.add_argument("--tieu-de", "--title", dest="title", metavar="TIÊU_ĐỀ", help="tiêu đề bài")
    n.add_argument("--ngay", "--date", dest="date", metavar="NGÀY", help="ngày đăng (mặc định: bây giờ), ví dụ 2023-07-06 08:30")
    n.add_argument("--co-quan", "--agency", dest="agency", metavar="CƠ_QUAN", help="mã, tên hoặc tên viết tắt của cơ quan")
    n.add_argument("--don-vi", "--units", dest="units", nargs="+", metavar="ĐƠN_VỊ", help="các chi bộ, đơn vị trực thuộc")
    n.add_argument("--nhiem-ky", "--term", dest="term", nargs="+", metavar="NHIỆM_KỲ", help="nhiệm kỳ, ví dụ 2020-2025")
    n.add_argument("--loai", "--kind", dest="kind", metavar="LOẠI", help="loại tin, ví dụ dai-hoi-chi-bo")
    n.add_argument("--tac-gia", "--author", dest="author", metavar="TÁC_GIẢ", help="người viết")

    im = sub.add_parser("import", parents=[project], help="chuyển bài cũ (văn bản .txt hoặc .html) thành bài viết")
    im.add_argument("inputs", nargs="+", metavar="TỆP_HOẶC_THƯ_MỤC", help="các tệp hoặc thư mục bài cũ")
    im.add_argument("--dry-run", action="store_true", help="chỉ báo cáo sẽ ghi gì, không ghi tệp")

    ph = sub.add_parser("photos", help="làm việc với ảnh của bài viết")
    ph_sub = ph.add_subparsers(dest="photos_command", required=True, metavar="LỆNH")
    pa = ph_sub.add_parser("add", parents=[project], help="chép ảnh vào thư mục ảnh của bài và thêm vào 'photos:'")
    pa.add_argument("post", help="tệp bài viết, ví dụ posts/2023/dai-hoi.md")
    pa.add_argument("files", nargs="+", metavar="ẢNH", help="các tệp ảnh từ máy ảnh")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    _setup_logging(args.verbose)
    if args.command == "build":
        return build(args.config_file, site_dir=args.site_dir, strict=args.strict, drafts=args.drafts,
                     archive=args.zip)
    if args.command == "serve":
        return serve(args.config_file, address=args.dev_addr, drafts=args.drafts, open_browser=args.open)
    if args.command == "new":
        return new(args)
    if args.command == "photos":
        return photos_add(args)
    if args.command == "import":
        return import_(args)
    return check(args.root, args.registry, args.posts, args.format)


if __name__ == "__main__":
    sys.exit(main())
