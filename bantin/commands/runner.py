"""What every `bantin` command shares: its exit codes, its state while it runs, signals, and the
one Vietnamese line a fault ends with (disk full, permissions, ports, a bug)."""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import errno
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path

from bantin.engine.build import is_engine_error
from bantin.model.errors import exception_chain, format_report, os_error
from bantin.model.registry import Registry
from bantin.model.settings import Settings


class Exit(enum.IntEnum):
    """The exit code of every `bantin` command (the README lists them)."""

    OK = 0
    CONTENT = 1  # posts, registry, photos or mkdocs.yml refused: the messages name file, line and fix
    USAGE = 2  # the command line is wrong: an unknown option, a mistyped path (argparse exits 2 too)
    FAULT = 3  # the machine failed (disk full, no permission, port in use) or bantin has a bug
    INTERRUPTED = 130  # Ctrl-C, Ctrl-D at a prompt, SIGTERM or SIGHUP (128 + SIGINT, as shells say)



class Run:
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
        self.held = 0  # > 0: inside uninterrupted()
        self.pending = False

    def reset(self, command: str, verbose: bool) -> None:
        """A command starts: the state of any before it is forgotten (modules share this object)."""
        self.__init__(command, verbose)  # type: ignore[misc]



run = Run()

_MAIN_PID = os.getpid()



def _on_signal(signum, frame) -> None:
    """Ctrl-C, SIGTERM and SIGHUP end every command the same way: a KeyboardInterrupt that each
    command cleans up after, and one line. Forked photo workers leave stopping to the build; a
    second signal does not cut the cleaning short, a third ends at once."""
    if os.getpid() != _MAIN_PID:
        return
    run.signals += 1
    if run.signals == 3:
        os._exit(Exit.INTERRUPTED)
    if run.signals > 1:
        return
    if run.held:
        run.pending = True
        return
    raise KeyboardInterrupt



@contextlib.contextmanager
def uninterrupted():
    """Hold Ctrl-C (and SIGTERM, SIGHUP) until the block has run, then stop."""
    run.held += 1
    try:
        yield
    finally:
        run.held -= 1
    if run.held == 0 and run.pending:
        run.pending = False
        raise KeyboardInterrupt



@contextlib.contextmanager
def signals_stop_the_command():
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



def _fault_path(error: OSError) -> tuple[str, str]:
    """The file an OSError is about (the destination of a copy), as the user knows it: (words
    for the message, the path alone). A file in a build's temporary folder is named by the
    folder the build is for."""
    name = error.filename2 if error.filename2 is not None else error.filename
    if name is None or isinstance(name, int):
        return "", ""
    path = Path(os.fsdecode(name))
    for staging, stands_for in run.staging.items():
        if path == staging or staging in path.parents:
            name = shown(stands_for)
            if stands_for.suffix == ".zip":  # write_archive's folder: the archive being made
                return f" bản lưu trữ '{name}'", name
            return f" trang mới vào '{name}'", name
    name = shown(path)
    if name == ".":
        name = str(path.resolve())
    return f" '{name}'", name



_NO_SPACE = "giải phóng chỗ trống trên ổ đĩa rồi chạy lại"

_NO_SPACE_BUILD = "giải phóng chỗ trống trên ổ đĩa (thư mục .cache/bantin xoá được, sẽ được tạo lại) rồi chạy lại"



def _fault(error: OSError) -> tuple[str, str]:
    """(what happened, the fix) for a failure of the machine, in Vietnamese."""
    words, path = _fault_path(error)
    quoted = f" '{path}'" if path else ""
    code = error.errno
    build = run.command == "build"
    no_space = _NO_SPACE_BUILD if run.command in ("build", "serve") else _NO_SPACE
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
        return ("chương trình nhận kết quả (sau dấu '|') đã đóng trước khi lệnh in xong",
                "mở tệp báo cáo bao-cao/bao-cao-nhap-bai-….txt để đọc đủ kết quả" if run.kept.startswith("đã ghi")
                else f"chạy lại và ghi kết quả ra tệp, ví dụ: bantin {run.command or 'check'} … > ket-qua.txt")
    name = errno.errorcode.get(code, str(code)) if code is not None else type(error).__name__
    return (f"lỗi hệ thống ({name}) khi truy cập{quoted or ' tệp'}",
            "kiểm tra ổ đĩa và quyền của thư mục rồi chạy lại")



def describe(exc: BaseException) -> tuple[str, Exit]:
    """The one line, and the exit code, for an exception no command handled itself."""
    kept = f"; {run.kept}" if run.kept else ""
    error = os_error(exc)
    if error is not None:
        problem, fix = _fault(error)
        return f"LỖI: {problem}{kept} → {fix}.", Exit.FAULT
    if any(isinstance(e, MemoryError) for e in exception_chain(exc)):
        return f"LỖI: không đủ bộ nhớ{kept} → đóng bớt chương trình khác rồi chạy lại.", Exit.FAULT
    if any(type(e).__name__ == "BrokenProcessPool" for e in exception_chain(exc)):
        return (f"LỖI: một tiến trình xử lý ảnh bị dừng đột ngột (thường do thiếu bộ nhớ){kept} → đóng bớt "
                "chương trình khác rồi chạy lại.", Exit.FAULT)
    if is_engine_error(exc):  # MkDocs refused the site; the reason was logged above
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

    path = Path(run.log_dir) / f"bantin-loi-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt"
    try:
        path.write_text(f"bantin {__version__}, Python {platform.python_version()}, {platform.platform()}\n"
                        f"lệnh: {' '.join(sys.argv)}\n\n" + "".join(traceback.format_exception(exc)),
                        encoding="utf-8")
    except OSError:
        return None
    return str(path)



def report(exc: BaseException) -> Exit:
    line, code = describe(exc)
    if run.verbose:
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    fault = os_error(exc)
    if fault is not None and fault.errno == errno.EPIPE:
        with contextlib.suppress(OSError):  # stdout is gone: let Python's last flush go nowhere
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    print(line, file=sys.stderr)
    return code



def remove(folder: Path) -> None:
    """Remove a folder of bantin's own, making read-only folders in it writable when needed (or
    a file: what stood where site/ should be is set aside the same way). A second Ctrl-C or
    SIGTERM during the removal waits for it: a half-removed staging folder would stay behind."""
    with uninterrupted():
        _remove(folder)


def _remove(folder: Path) -> None:
    def retry(func, path, *_) -> None:
        try:
            os.chmod(os.path.dirname(path), 0o700)
            func(path)
        except OSError:
            pass  # left for the next build's recover

    if os.path.islink(folder) or os.path.isfile(folder):
        with contextlib.suppress(OSError):
            os.unlink(folder)
    elif os.path.lexists(folder):
        if sys.version_info >= (3, 12):
            shutil.rmtree(folder, onexc=retry)
        else:
            shutil.rmtree(folder, onerror=retry)



def shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)



def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True



def refuse(message: str, hint: str = "", code: Exit = Exit.CONTENT) -> Exit:
    print(f"LỖI: {message}" + (f"\n    → {hint}" if hint else ""), file=sys.stderr)
    return code



def project_settings(args) -> Settings | Exit:
    """bantin's options for a command that does not build: those of mkdocs.yml in --root, read
    as the build reads them (engine/build.py), with --registry and --posts when given; the
    defaults where there is no mkdocs.yml. An exit code after saying why mkdocs.yml is unusable."""
    from bantin.engine.build import ConfigProblem

    try:
        return read_settings(args)
    except ConfigProblem as problem:
        print(problem.message, file=sys.stderr)
        return Exit.USAGE if problem.usage else Exit.CONTENT


def read_settings(args) -> Settings:
    """project_settings() for a command that says a ConfigProblem its own way (`bantin check
    --format json` puts it in its document)."""
    from bantin.engine.build import load_settings

    config = Path(args.root) / "mkdocs.yml"
    found = load_settings(os.path.normpath(config)) if config.is_file() else Settings()
    given = {"registry": args.registry, "posts_dir": args.posts}
    return dataclasses.replace(found, **{k: v for k, v in given.items() if v is not None})


def registry_of(args) -> tuple[Path, Registry, Settings] | Exit:
    """The project root, its registry and its settings, or an exit code after saying why not."""
    from bantin.model.registry_file import load_registry

    settings = project_settings(args)
    if isinstance(settings, Exit):
        return settings
    root = Path(args.root).resolve()
    registry, errors = load_registry(root / settings.registry, root)
    if registry is None:
        print(format_report(errors))
        return Exit.CONTENT
    return root, registry, settings


