"""The `bantin` command: build, serve and check a bulletin site (messages in Vietnamese)."""

from __future__ import annotations

import argparse
import contextlib
import enum
import errno
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

from bantin.model import dates  # noqa: E402
from bantin.model.errors import format_report  # noqa: E402
from bantin.model.project import Options  # noqa: E402


class Exit(enum.IntEnum):
    """The exit code of every `bantin` command (the README lists them)."""

    OK = 0
    CONTENT = 1  # posts, registry, photos or mkdocs.yml refused: the messages name file, line and fix
    USAGE = 2  # the command line is wrong: an unknown option, a mistyped path (argparse exits 2 too)
    FAULT = 3  # the machine failed (disk full, no permission, port in use) or bantin has a bug
    INTERRUPTED = 130  # Ctrl-C, Ctrl-D at a prompt, SIGTERM or SIGHUP (128 + SIGINT, as shells say)


# MkDocs' own messages that editors meet, in Vietnamese; None hides one that says nothing
# useful to them (the staging folder's name, a duplicate of bantin's own summary). Matched
# after the "[12:34:56] " that MkDocs' preview server puts before its messages (kept).
_MKDOCS_MESSAGES = [
    (re.compile(r"^Cleaning site directory$"), None),
    (re.compile(r"^Building documentation to directory: "), None),
    (re.compile(r"^The directory contains stale files\."), None),
    (re.compile(r"^Aborted with a BuildError!$"), None),
    (re.compile(r"^An error happened during the rebuild\."), None),  # bantin's own line says it (serve)
    (re.compile(r"^Documentation built in ([\d.]+) seconds$"), r"Đã tạo các trang trong \1 giây"),
    (re.compile(r"^Building documentation\.\.\.$"), "Đang xây dựng trang…"),
    (re.compile(r"^Serving on (.+) and opening it in a browser$"), r"Xem trước tại \1 (đang mở trình duyệt)"),
    (re.compile(r"^Serving on (.+)$"), r"Xem trước tại \1 — nhấn Ctrl-C để dừng"),
    (re.compile(r"^Watching paths for changes: (.+)$"), r"Theo dõi thay đổi trong: \1"),
    (re.compile(r"^Detected file changes$"), "Có tệp thay đổi, đang xây dựng lại…"),
    (re.compile(r"^Reloading browsers$"), "Đã cập nhật trang trong trình duyệt"),
    (re.compile(r"^Browser connected: (.+)$"), r"Trình duyệt đang xem \1"),
    (re.compile(r"^Shutting down\.\.\.$"), "Đang dừng xem trước…"),
    (re.compile(r'^"\S+ (\S+) [^"]*" code 404$'), r"Không có trang \1 (404)"),
    (re.compile(r'^"\S+ (\S+) [^"]*" code (\d+)$'), r"Trình duyệt hỏi \1: mã \2"),
    (re.compile(r"^500 Internal Server Error$"), "Máy chủ xem trước không trả được trang (lỗi 500)"),
    (re.compile(r"^Failed to render an error message!$"), "Không tạo được trang báo lỗi"),
    (re.compile(r"^Error reading page '(.+)':(.*)$"), r"Lỗi khi đọc trang '\1':\2"),
    (re.compile(r"^Template skipped: '(.+)' generated empty output\.$"), None),
    (re.compile(r"^Template skipped: '(.+)' not found in (?:theme directories|docs_dir)\.$"),
     r"Bỏ qua mẫu '\1': không có trong thư mục giao diện"),
    (re.compile(r"^Error reading template '(.+)': (.*)$", re.S), r"Không đọc được mẫu '\1': \2"),
    (re.compile(r"^Page skipped: '(.+)'\. Generated empty output\.$"), None),
    (re.compile(r"^A 'dirty' build is being performed.*$", re.S),
     "Đang xây dựng nhanh (--dirty): liên kết và mục lục có thể sai."),
    (re.compile(r"^The following pages are being built only for the preview but will be excluded from "
                r"`mkdocs build` per `draft_docs` config:(.*)$", re.S),
     r"Các trang sau chỉ có trong bản xem trước, không có khi xây dựng (draft_docs):\1"),
    (re.compile(r"^Config value 'dev_addr': The use of the IP address '([^']+)' suggests .*$", re.S),
     r"Địa chỉ \1 cho các máy khác trong mạng xem bản xem trước; máy chủ này chỉ để xem thử, "
     "không dùng để đăng trang."),
    (re.compile(r"^Doc file '(.+)' contains a link '(.+)', but the target '(.+)' is not found among "
                r"documentation files\.(.*)$"),
     r"Trang '\1' có liên kết '\2', nhưng không có trang '\3'.\4"),
]
_STAMP = re.compile(r"^(\[\d\d:\d\d:\d\d\] )?")


class _Formatter(logging.Formatter):
    LABELS = {"DEBUG": "GỠ LỖI", "INFO": "THÔNG TIN", "WARNING": "CẢNH BÁO", "ERROR": "LỖI", "CRITICAL": "LỖI"}

    def format(self, record: logging.LogRecord) -> str:
        return f"{self.LABELS.get(record.levelname, record.levelname):<10}- {record.getMessage()}"


class _Translate(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        found = _STAMP.match(message)
        stamp = found.group(0) if found else ""
        text = message[len(stamp):]
        for pattern, replacement in _MKDOCS_MESSAGES:
            if pattern.search(text):
                if replacement is None:
                    return False
                record.msg, record.args = stamp + pattern.sub(replacement, text), ()
                break
        return True


class _Run:
    """The running command's state that its last line needs if a fault or Ctrl-C stops it:
    what is safe (`kept`), the line for an interruption, the temporary folders it writes
    (named in messages by the folder they stand for)."""

    def __init__(self, command: str = "", verbose: bool = False) -> None:
        self.command, self.verbose = command, verbose
        self.kept = ""
        self.stopped = "Đã dừng."
        self.staging: dict[Path, Path] = {}
        self.log_dir = tempfile.gettempdir()  # before `serve` points tempfile at its RAM folder
        self.signals = 0  # Ctrl-C, SIGTERM, SIGHUP received
        self.held = 0  # > 0: inside _uninterrupted()
        self.pending = False


_run = _Run()
_MAIN_PID = os.getpid()


def _on_signal(signum, frame) -> None:
    """Ctrl-C, SIGTERM and SIGHUP end every command the same way: a KeyboardInterrupt that each
    command cleans up after, and one line. Forked photo workers leave stopping to the build; a
    second signal does not cut the cleaning short, a third ends at once."""
    if os.getpid() != _MAIN_PID:
        return
    _run.signals += 1
    if _run.signals == 3:
        os._exit(Exit.INTERRUPTED)
    if _run.signals > 1:
        return
    if _run.held:
        _run.pending = True
        return
    raise KeyboardInterrupt


@contextlib.contextmanager
def _uninterrupted():
    """Hold Ctrl-C (and SIGTERM, SIGHUP) until the block has run, then stop."""
    _run.held += 1
    try:
        yield
    finally:
        _run.held -= 1
    if _run.held == 0 and _run.pending:
        _run.pending = False
        raise KeyboardInterrupt


@contextlib.contextmanager
def _signals_stop_the_command():
    global _MAIN_PID
    _MAIN_PID = os.getpid()
    names = [name for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)]
    before = {}
    for name in names:
        try:
            before[name] = signal.signal(getattr(signal, name), _on_signal)
        except ValueError:  # not the main thread (main() called from a thread): leave them alone
            pass
    try:
        yield
    finally:
        for name, handler in before.items():
            signal.signal(getattr(signal, name), handler)


def _chain(exc: BaseException | None):
    """An exception and those it was raised from or while handling (MkDocs wraps errors in
    PluginError, BuildError and Abort), each once."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def _os_error(exc: BaseException) -> OSError | None:
    return next((e for e in _chain(exc) if isinstance(e, OSError)), None)


def _fault_path(error: OSError) -> tuple[str, str]:
    """The file an OSError is about (the destination of a copy), as the user knows it: (words
    for the message, the path alone). A file in a build's temporary folder is named by the
    folder the build is for."""
    name = error.filename2 if error.filename2 is not None else error.filename
    if name is None or isinstance(name, int):
        return "", ""
    path = Path(os.fsdecode(name))
    for staging, stands_for in _run.staging.items():
        if path == staging or staging in path.parents:
            shown = _shown(stands_for)
            return f" trang mới vào '{shown}'", shown
    shown = _shown(path)
    if shown == ".":
        shown = str(path.resolve())
    return f" '{shown}'", shown


_NO_SPACE = "giải phóng chỗ trống trên ổ đĩa rồi chạy lại"
_NO_SPACE_BUILD = "giải phóng chỗ trống trên ổ đĩa (thư mục .cache/bantin xoá được, sẽ được tạo lại) rồi chạy lại"


def _fault(error: OSError) -> tuple[str, str]:
    """(what happened, the fix) for a failure of the machine, in Vietnamese."""
    words, path = _fault_path(error)
    quoted = f" '{path}'" if path else ""
    code = error.errno
    build = _run.command == "build"
    no_space = _NO_SPACE_BUILD if _run.command in ("build", "serve") else _NO_SPACE
    if code == errno.ENOSPC:
        return "ổ đĩa đã đầy" + (f", không ghi được{words}" if words else ""), no_space
    if code == getattr(errno, "EDQUOT", None):
        return ("đã hết hạn mức dung lượng (quota) của tài khoản" + (f", không ghi được{words}" if words else ""),
                no_space)
    if code == errno.EROFS:
        return ("ổ đĩa chỉ cho đọc" + (f", không ghi được{words}" if words else ""),
                "gắn lại ổ đĩa cho phép ghi" + (", hoặc xây dựng vào thư mục khác: bantin build -d THƯ_MỤC"
                                                if build else ", hoặc chạy lệnh trong thư mục dự án trên ổ đĩa khác"))
    if code in (errno.EACCES, errno.EPERM):
        return (f"không có quyền ghi{words or ' vào thư mục này'}",
                f"cấp quyền ghi (chmod u+w{quoted}; nếu bị khoá: chattr -i{quoted}) hoặc chạy bằng tài khoản có quyền"
                + (", hoặc xây dựng vào thư mục khác: bantin build -d THƯ_MỤC" if build else ""))
    if code == errno.EADDRINUSE:
        return ("cổng của bản xem trước vừa bị một chương trình khác chiếm",
                "chạy lại với cổng khác, ví dụ 'bantin serve -a 127.0.0.1:8001'")
    if code in (errno.EMFILE, errno.ENFILE):
        return "quá nhiều tệp đang mở cùng lúc", "tăng giới hạn (ulimit -n 4096) rồi chạy lại"
    if code == errno.ENOMEM:
        return "không đủ bộ nhớ", "đóng bớt chương trình khác rồi chạy lại"
    if code == errno.EIO:
        return f"lỗi đọc/ghi ổ đĩa ở{quoted}", "kiểm tra ổ đĩa (có thể đã hỏng hoặc bị rút ra) rồi chạy lại"
    if code == errno.EFBIG:
        return (f"tệp{quoted} vượt giới hạn kích thước tệp của hệ thống",
                "kiểm tra 'ulimit -f' và loại ổ đĩa (FAT32 chỉ nhận tệp dưới 4 GB)")
    if code == errno.ENAMETOOLONG:
        return f"đường dẫn quá dài:{quoted}", "đặt dự án ở thư mục có đường dẫn ngắn hơn"
    if code == errno.ENOENT:
        return (f"không tìm thấy{quoted}",
                "kiểm tra đường dẫn; tệp hay thư mục có thể vừa bị xoá hoặc đổi tên trong lúc lệnh chạy")
    if code == errno.EPIPE:
        return ("chương trình nhận kết quả (sau dấu '|') đã đóng trước khi lệnh chạy xong",
                "chạy lại và ghi kết quả ra tệp, ví dụ: bantin check > ket-qua.txt")
    name = errno.errorcode.get(code, str(code)) if code is not None else type(error).__name__
    return (f"lỗi hệ thống ({name}) khi truy cập{quoted or ' tệp'}",
            "kiểm tra ổ đĩa và quyền của thư mục rồi chạy lại")


def _describe(exc: BaseException) -> tuple[str, Exit]:
    """The one line, and the exit code, for an exception no command handled itself."""
    kept = f"; {_run.kept}" if _run.kept else ""
    error = _os_error(exc)
    if error is not None:
        problem, fix = _fault(error)
        return f"LỖI: {problem}{kept} → {fix}.", Exit.FAULT
    if any(isinstance(e, MemoryError) for e in _chain(exc)):
        return f"LỖI: không đủ bộ nhớ{kept} → đóng bớt chương trình khác rồi chạy lại.", Exit.FAULT
    if any(type(e).__name__ == "BrokenProcessPool" for e in _chain(exc)):
        return (f"LỖI: một tiến trình xử lý ảnh bị dừng đột ngột (thường do thiếu bộ nhớ){kept} → đóng bớt "
                "chương trình khác rồi chạy lại.", Exit.FAULT)
    if _is_mkdocs_error(exc):  # MkDocs refused the site; the reason was logged above
        return f"LỖI: không xây dựng được trang vì có lỗi ở trên{kept} → sửa các lỗi rồi chạy lại.", Exit.CONTENT
    log = _bug_report(exc)
    where = (f"chi tiết đã ghi vào '{log}'" if log
             else "chạy lại với 'bantin -v …' để xem chi tiết")
    return (f"LỖI: bantin gặp lỗi ngoài dự kiến ({type(exc).__name__}){kept}; đây là lỗi của chương trình, "
            f"không phải của bài viết → {where}, hãy gửi cho người phát triển bantin.", Exit.FAULT)


def _bug_report(exc: BaseException) -> str | None:
    """Write the traceback of a bug into a file in the temporary folder; its path, or None."""
    import platform
    import time
    import traceback

    from bantin import __version__

    path = Path(_run.log_dir) / f"bantin-loi-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt"
    try:
        path.write_text(f"bantin {__version__}, Python {platform.python_version()}, {platform.platform()}\n"
                        f"lệnh: {' '.join(sys.argv)}\n\n" + "".join(traceback.format_exception(exc)),
                        encoding="utf-8")
    except OSError:
        return None
    return str(path)


def _remove(folder: Path) -> None:
    """Remove a folder of bantin's own, making read-only folders in it writable when needed."""
    def retry(func, path, *_) -> None:
        try:
            os.chmod(os.path.dirname(path), 0o700)
            func(path)
        except OSError:
            pass  # left for the next build's _recover

    if os.path.lexists(folder):
        if sys.version_info >= (3, 12):
            shutil.rmtree(folder, onexc=retry)
        else:
            shutil.rmtree(folder, onerror=retry)


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
    _set_drafts(drafts)
    config = _load_config(config_file, strict=strict or None, site_dir=site_dir)
    if isinstance(config, Exit):
        return config
    final = Path(config.site_dir)
    _run.kept = (f"trang cũ trong '{_shown(final)}' được giữ nguyên" if final.exists()
                 else f"chưa ghi gì vào '{_shown(final)}'")
    _run.stopped = f"Đã dừng: trang chưa xây dựng xong; {_run.kept}."
    final.parent.mkdir(parents=True, exist_ok=True)
    _recover(final)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{final.name}-build-{os.getpid()}-", dir=final.parent))
    except OSError as exc:  # name the folder that refused, not the temporary name tried in it
        raise OSError(exc.errno, exc.strerror, str(final.parent)) from exc
    _run.staging[staging] = final
    try:
        failure = _build_into(config, staging)
        if failure is not None:
            print(f"LỖI: không xây dựng được trang{failure}; trang cũ trong '{_shown(final)}' được giữ nguyên.",
                  file=sys.stderr)
            return Exit.CONTENT
        with _uninterrupted():  # Ctrl-C now would make "the old site is kept" untrue
            _swap(staging, final)
            _run.kept = f"trang mới đã ở '{_shown(final)}'"
            _run.stopped = f"Đã dừng: {_run.kept}."
    finally:
        _remove(staging)  # a failed build's folder, or the old site after the swap
    print(f"Đã xây dựng trang vào '{_shown(final)}'.", file=sys.stderr)
    if archive is not None:
        _run.kept += "; chưa có bản lưu trữ .zip"
        _run.stopped = f"Đã dừng: {_run.kept}."
        return _archive(config_file, Path(archive) if archive else final.with_suffix(".zip"), strict)
    return Exit.OK


def _load_config(config_file: str, **options):
    """MkDocs' configuration, or the exit code after saying why it cannot be read."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    if not Path(config_file).is_file():
        print(f"LỖI: không tìm thấy tệp cấu hình '{config_file}' → chạy lệnh trong thư mục dự án (nơi có "
              "mkdocs.yml), hoặc chỉ ra tệp bằng -f TỆP.", file=sys.stderr)
        return Exit.USAGE
    try:
        return load_config(config_file, **options)
    except (ConfigurationError, Abort) as exc:
        if _os_error(exc) is not None:
            raise
        print(f"LỖI: cấu hình '{config_file}' không hợp lệ: {exc}", file=sys.stderr)
    except RecursionError:
        print(f"LỖI: cấu hình '{config_file}' không hợp lệ: giá trị lồng nhau quá sâu → xoá các dấu '[', '{{' "
              "hoặc '-' thừa.", file=sys.stderr)
    return Exit.CONTENT


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
        if _os_error(exc) is not None:  # a plugin wrapped a fault of the machine: not the content's
            raise
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
        moment = dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), dt.UTC)
    else:
        plugin = config.plugins.get("bantin")
        posts = plugin.project.index.posts if plugin is not None and plugin.project is not None else ()
        moment = max((post.date for post in posts), default=dt.datetime(1980, 1, 1))
    return max(moment.timetuple()[:6], (1980, 1, 1, 0, 0, 0))  # zip cannot say earlier


def _archive(config_file: str, target: Path, strict: bool) -> int:
    """A second build with page.html links (no directory URLs), zipped: it opens from disk."""
    config = _load_config(config_file, strict=strict or None, use_directory_urls=False)
    if isinstance(config, Exit):
        return config
    _recover(target.parent / target.stem)
    with tempfile.TemporaryDirectory(prefix=f".{target.stem}-build-{os.getpid()}-", dir=target.parent.resolve()) as tmp:
        _run.staging[Path(tmp)] = target
        folder = Path(tmp) / "site"
        failure = _build_into(config, folder)
        if failure is not None:
            print(f"LỖI: không tạo được bản lưu trữ{failure}.", file=sys.stderr)
            return Exit.CONTENT
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
    return Exit.OK


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
            try:
                left.rename(final)  # the previous site, back in place
                continue
            except OSError:  # a build beside this one was first: it restored it, or swapped in a newer site
                pass
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
    try:
        staging.rename(final)
    except OSError as exc:
        if old is None and exc.errno in (errno.ENOTEMPTY, errno.EEXIST) and final.exists():
            # A build beside this one put its site there first: this one is as new, exchange them.
            if _exchange(staging, final):
                _remove(staging)
                return
        if old is not None:
            old.rename(final)  # the old site back: nothing has changed
        raise
    except BaseException:
        if old is not None:
            old.rename(final)  # the old site back: nothing has changed
        raise
    if old is not None:
        _remove(old)


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
    """Preview the site, rebuilt on every save: MkDocs' server, with its address checked before
    the first build, its messages in Vietnamese and a failed rebuild said in one line."""
    where = _address(address)
    if where is None:
        print(f"LỖI: địa chỉ '{address}' không hợp lệ → viết dạng IP:CỔNG, ví dụ "
              "'bantin serve -a 127.0.0.1:8001'.", file=sys.stderr)
        return Exit.USAGE
    refused = _cannot_listen(*where)
    if refused is not None:
        print(refused[0], file=sys.stderr)
        return refused[1]
    _set_drafts(drafts)
    _run.stopped = "Đã dừng xem trước."
    if drafts:
        print("Đang hiển thị cả bài nháp và bài hẹn ngày đăng.", file=sys.stderr)
    memory = _memory_folder()
    folder = None
    if memory is not None:
        # The preview is rebuilt on every save and thrown away at the end: keep it in RAM, as
        # Hugo's server does. Creating a folder per page is most of a rebuild on a disk.
        # MkDocs' folder inside it is removed when serving ends by Ctrl-C, SIGTERM or SIGHUP
        # (all three stop the server the same way, see main()), or RAM leaks.
        folder = _preview_folder(Path(memory))
        tempfile.tempdir = str(folder)
    try:
        return _serve(config_file, address, open_browser)
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def _serve(config_file: str, address: str, open_browser: bool) -> int:
    """mkdocs.commands.serve.serve, with bantin's handling of a failed first build and rebuilds."""
    from urllib.parse import urlsplit

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort
    from mkdocs.livereload import LiveReloadServer, _serve_url

    log = logging.getLogger("mkdocs.commands.serve")
    site_dir = tempfile.mkdtemp(prefix="mkdocs_")
    try:
        config = _load_config(config_file, site_dir=site_dir, dev_addr=address)
        if isinstance(config, Exit):
            return config
        config.plugins.on_startup(command="serve", dirty=False)
        try:
            host, port = config.dev_addr
            mount_path = urlsplit(config.site_url or "/").path
            config.site_url = serve_url = _serve_url(host, port, mount_path)

            def build(fresh=None) -> None:
                log.info("Building documentation...")
                if fresh is None:
                    fresh = _load_config(config_file, site_dir=site_dir, dev_addr=address)
                    if isinstance(fresh, Exit):
                        raise Abort("")
                    fresh.site_url = serve_url
                mkdocs_build(fresh, serve_url=serve_url, dirty=False)

            def rebuild() -> None:
                # MkDocs' loop prints an Abort's text, keeps the server running and holds page
                # requests until a rebuild succeeds: that text is bantin's one line, instead of a
                # traceback or "Aborted with a BuildError!" and "The server will appear stuck…".
                try:
                    build()
                except Exception as exc:  # noqa: BLE001 - the server must keep running
                    raise Abort(_rebuild_failure(exc)) from None

            server = LiveReloadServer(builder=rebuild, host=host, port=port, root=site_dir, mount_path=mount_path)

            def error_page(code: int) -> bytes | None:
                page = Path(site_dir) / f"{code}.html"
                return page.read_bytes() if code in (404, 500) and page.is_file() else None

            server.error_handler = error_page
            try:
                build(config)
            except Exception as exc:  # noqa: BLE001 - a fault is reported by main()
                if _os_error(exc) is not None or not _is_mkdocs_error(exc):
                    raise
                print("LỖI: không mở được bản xem trước vì có lỗi ở trên → sửa các lỗi rồi chạy lại "
                      "'bantin serve'.", file=sys.stderr)
                return Exit.CONTENT
            server.watch(config.docs_dir)
            if config.config_file_path:
                server.watch(config.config_file_path)
            server = config.plugins.on_serve(server, config=config, builder=rebuild)
            for item in config.watch:
                server.watch(item)
            try:
                server.serve(open_in_browser=open_browser)
            except KeyboardInterrupt:  # Ctrl-C, SIGTERM or SIGHUP: the way a preview ends
                print(_run.stopped, file=sys.stderr)
            finally:
                server.shutdown()
        finally:
            config.plugins.on_shutdown()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)
    return Exit.OK


def _rebuild_failure(exc: BaseException) -> str:
    """The one line a failed rebuild under `serve` ends with (the server keeps running)."""
    saved, _run.kept = _run.kept, "trình duyệt sẽ chờ đến khi sửa xong"
    try:
        if _os_error(exc) is None and _is_mkdocs_error(exc):
            return ("LỖI: chưa cập nhật được bản xem trước vì có lỗi ở trên; trình duyệt sẽ chờ đến khi sửa xong "
                    "→ sửa lỗi rồi lưu tệp, trang sẽ tự cập nhật.")
        return _describe(exc)[0]
    finally:
        _run.kept = saved


def _is_mkdocs_error(exc: BaseException) -> bool:
    """An error MkDocs raised about the site (configuration, a plugin's refusal, strict mode)."""
    return type(exc).__module__ == "mkdocs.exceptions"


def _address(text: str) -> tuple[str, int] | None:
    """(host, port) of `serve -a IP:PORT`, or None when it is not one."""
    import ipaddress

    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        return None
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    if host != "localhost":
        try:
            host = str(ipaddress.ip_address(host))
        except ValueError:
            return None
    return host, int(port)


def _cannot_listen(host: str, port: int) -> tuple[str, Exit] | None:
    """Why the preview could not listen at host:port, found before the first build (which can
    take minutes), as (message, exit code); None when it can."""
    import socket

    def bind(port: int) -> OSError | None:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        try:
            with socket.socket(family, socket.SOCK_STREAM) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as MkDocs' server does
                probe.bind((host, port))
        except OSError as exc:
            return exc
        return None

    error = bind(port)
    if error is None:
        return None
    shown = f"[{host}]" if ":" in host else host
    if error.errno == errno.EADDRINUSE:
        free = next((p for p in range(port + 1, min(port + 50, 65535)) if bind(p) is None), port + 1)
        return (f"LỖI: cổng {port} đang được một chương trình khác dùng (có thể là một 'bantin serve' khác) "
                f"→ dừng chương trình đó, hoặc chạy 'bantin serve -a {shown}:{free}'.", Exit.FAULT)
    if error.errno == errno.EADDRNOTAVAIL:
        return (f"LỖI: địa chỉ {host} không phải của máy này → dùng 'bantin serve -a 127.0.0.1:{port}' "
                "(chỉ máy này xem), hoặc địa chỉ IP của máy trong mạng.", Exit.USAGE)
    if error.errno in (errno.EACCES, errno.EPERM):
        return (f"LỖI: không có quyền mở cổng {port} (các cổng dưới 1024 cần quyền quản trị) "
                f"→ dùng cổng từ 1024 trở lên, ví dụ 'bantin serve -a {shown}:8000'.", Exit.FAULT)
    return _describe(error)


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
    from bantin.model.project import configured_embeds
    from bantin.tools.check import as_json
    from bantin.tools.check import check as check_project

    options = Options(root=Path(root).resolve(), registry=registry, posts_dir=posts_dir,
                      embeds=configured_embeds(Path(root).resolve() / "mkdocs.yml"))
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
    from bantin.model.registry import load_registry

    root = Path(args.root).resolve()
    registry, errors = load_registry(root / args.registry, root)
    if registry is None:
        print(format_report(errors))
        return None
    return root, registry


def _refuse(message: str, hint: str = "", code: Exit = Exit.CONTENT) -> Exit:
    print(f"LỖI: {message}" + (f"\n    → {hint}" if hint else ""), file=sys.stderr)
    return code


def new(args) -> int:
    from bantin.model.terms import TermError
    from bantin.tools.editor import EditorError, new_post, now_rounded, write_new

    loaded = _registry(args)
    if loaded is None:
        return Exit.CONTENT
    root, registry = loaded
    values = {"title": args.title, "agency": args.agency, "kind": args.kind}
    if sys.stdin.isatty():
        try:
            values = _ask(values, registry)
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
                        posts_dir=args.posts, author=args.author or "")
        write_new(post)
    except EditorError as exc:
        return _refuse(exc.message, exc.hint, Exit.USAGE if exc.usage else Exit.CONTENT)
    except (TermError, dates.DateError) as exc:
        return _refuse(str(exc))
    print(f"Đã tạo bài '{post.path.relative_to(root).as_posix()}' và thư mục ảnh "
          f"'{post.images.relative_to(root).as_posix()}/'.\n"
          f"Tiếp theo: mở bài để viết nội dung, rồi chạy 'bantin check' và 'make serve' để xem trước.")
    return Exit.OK


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
    from bantin.tools.editor import create_new
    from bantin.tools.importer import plan_import, report, write_import

    loaded = _registry(args)
    if loaded is None:
        return Exit.CONTENT
    root, registry = loaded
    missing = [p for p in args.inputs if not Path(p).exists()]
    if missing:
        return _refuse(f"không tìm thấy {', '.join(missing)}", "kiểm tra đường dẫn tệp hoặc thư mục bài cũ",
                       Exit.USAGE)
    planned = plan_import([Path(p) for p in args.inputs], root, registry, args.posts)
    text = report(planned, root)
    print(text, end="")
    if args.dry_run:
        print("(Chạy thử: chưa ghi tệp nào.)")
        return Exit.OK
    written = write_import(planned)
    try:  # the report too, or none of the posts: an import is whole or not at all
        stamp = dates.now().strftime("%Y%m%d-%H%M%S")
        for n in range(1, 100):
            path = root / (f"bao-cao-nhap-bai-{stamp}.txt" if n == 1 else f"bao-cao-nhap-bai-{stamp}-{n}.txt")
            try:
                create_new(path, lambda f: f.write(text.encode("utf-8")))
                break
            except FileExistsError:
                continue
    except BaseException:
        written.undo()
        raise
    print(f"Đã ghi báo cáo vào '{path.name}'. Hãy mở từng bài, làm các mục 'CẦN LÀM' (dòng '# TODO' trong bài), "
          "rồi chạy 'bantin check'.")
    return Exit.OK


def photos_add(args) -> int:
    from bantin.tools.editor import EditorError, add_photos

    root = Path(args.root).resolve()
    post = Path(args.post).expanduser()
    if not post.is_absolute() and (root / post).exists() and (
            not post.exists() or not post.resolve().is_relative_to(root)):
        post = root / post  # given from the project folder (--root), not from here
    files = [Path(f).expanduser() for f in args.files]
    try:
        added = add_photos(root, post, files, posts_dir=args.posts, resize=args.resize)
    except EditorError as exc:
        return _refuse(exc.message, exc.hint, Exit.USAGE if exc.usage else Exit.CONTENT)
    for source, path in zip(files, added, strict=True):
        if path in added.resized:
            width, height = added.resized[path]
            print(f"Đã lưu bản thu nhỏ '{path.relative_to(root).as_posix()}' ({width}×{height} điểm ảnh); "
                  f"ảnh gốc '{source}' không bị sửa.")
        else:
            print(f"Đã chép '{path.relative_to(root).as_posix()}'.")
    print(f"Đã thêm {len(added)} ảnh vào 'photos:' của bài; hãy viết chú thích (caption) cho từng ảnh.")
    return Exit.OK


def _set_drafts(drafts: bool) -> None:
    from bantin.engine.plugin import DRAFTS_ENV

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
    pa.add_argument("--thu-nho", "--resize", dest="resize", action="store_true",
                    help="ảnh quá lớn để đăng (trên 100 triệu điểm ảnh, như ảnh 200 MP của điện thoại): "
                         "lưu một bản thu nhỏ, ảnh gốc giữ nguyên")
    return p


# What each command says when Ctrl-C (or SIGTERM, SIGHUP) stops it; `build` refines its own.
_STOPPED = {
    "build": "Đã dừng: trang chưa xây dựng xong.",
    "serve": "Đã dừng xem trước.",
    "check": "Đã dừng kiểm tra.",
    "new": "Đã huỷ: chưa tạo bài nào.",
    "photos": "Đã huỷ: chưa thêm ảnh nào, bài giữ nguyên.",
    "import": "Đã huỷ: chưa ghi bài nào.",
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
    global _run
    args = parser().parse_args(argv)  # a wrong command line exits 2 here, with argparse's message
    _setup_logging(args.verbose)
    _run = _Run(args.command, args.verbose)
    _run.stopped, _run.kept = _STOPPED[args.command], _KEPT.get(args.command, "")
    with _signals_stop_the_command():
        try:
            return int(_command(args))
        except (KeyboardInterrupt, EOFError):
            print(_run.stopped, file=sys.stderr)
            return Exit.INTERRUPTED
        except SystemExit as exc:
            if not _is_mkdocs_error(exc):  # sys.exit() somewhere: its code stands
                raise
            return _report(exc)
        except BaseException as exc:  # noqa: BLE001 - the one place every fault is said
            return _report(exc)


def _report(exc: BaseException) -> Exit:
    line, code = _describe(exc)
    if _run.verbose:
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    fault = _os_error(exc)
    if fault is not None and fault.errno == errno.EPIPE:
        with contextlib.suppress(OSError):  # stdout is gone: let Python's last flush go nowhere
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    print(line, file=sys.stderr)
    return code


def _command(args) -> int:
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
