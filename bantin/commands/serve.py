"""`bantin serve`: the preview, its address checked before the first build, kept in RAM."""

from __future__ import annotations

import errno
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from bantin.commands.runner import Exit, alive, describe, run
from bantin.engine.build import ConfigProblem, is_engine_error
from bantin.engine.serve import serve as serve_site
from bantin.model.errors import os_error


def serve(config_file: str, *, address: str, drafts: bool, open_browser: bool) -> int:
    """Preview the site, rebuilt on every save: MkDocs' server, with its address checked before
    the first build, its messages in Vietnamese, and a failed build said in one line in the
    terminal and by an error page in the browser (the server keeps running)."""
    where = address_of(address)
    if where is None:
        print(f"LỖI: địa chỉ '{address}' không hợp lệ → viết dạng IP:CỔNG, ví dụ "
              "'bantin serve -a 127.0.0.1:8001'.", file=sys.stderr)
        return Exit.USAGE
    refused = cannot_listen(*where)
    if refused is not None:
        print(refused[0], file=sys.stderr)
        return refused[1]
    run.stopped = "Đã dừng xem trước."
    if drafts:
        print("Đang hiển thị cả bài nháp và bài hẹn ngày đăng.", file=sys.stderr)
    memory = memory_folder()
    folder = None
    if memory is not None:
        # The preview is rebuilt on every save and thrown away at the end: keep it in RAM, as
        # Hugo's server does. Creating a folder per page is most of a rebuild on a disk.
        # MkDocs' folder inside it is removed when serving ends by Ctrl-C, SIGTERM or SIGHUP
        # (all three stop the server the same way, see main()), or RAM leaks.
        folder = preview_folder(Path(memory))
        tempfile.tempdir = str(folder)
    try:
        try:
            serve_site(config_file, address, open_browser, drafts=drafts, failure_line=build_failure,
                       stopped=run.stopped)
        except ConfigProblem as problem:
            print(problem.message, file=sys.stderr)
            return Exit.USAGE if problem.usage else Exit.CONTENT
        return Exit.OK
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)



def build_failure(exc: BaseException, first: bool) -> str:
    """The one line a failed build under `serve` ends with (the server keeps running, its pages
    showing the errors): the first build, or a rebuild after a save."""
    saved, run.kept = run.kept, "trình duyệt hiện lỗi này đến khi sửa xong"
    try:
        if os_error(exc) is None and (is_engine_error(exc) or isinstance(exc, ConfigProblem)):
            done = "chưa tạo được bản xem trước" if first else "chưa cập nhật được bản xem trước"
            strict = re.search(r"Aborted with (\d+) warnings? in strict mode", str(exc))
            why = f"có {strict.group(1)} cảnh báo ở trên (mkdocs.yml có 'strict: true')" if strict else "có lỗi ở trên"
            return (f"LỖI: {done} vì {why}; trình duyệt hiện các lỗi này đến khi sửa xong "
                    "→ sửa lỗi rồi lưu tệp, trang sẽ tự cập nhật.")
        return describe(exc)[0]
    finally:
        run.kept = saved



def address_of(text: str) -> tuple[str, int] | None:
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



def cannot_listen(host: str, port: int) -> tuple[str, Exit] | None:
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
    return describe(error)



def memory_folder(need: int = 2 << 30) -> str | None:
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



def preview_folder(memory: Path) -> Path:
    """This process's preview folder in RAM, after removing those of `bantin serve` processes
    that died without cleaning up (SIGKILL, a crash): files there hold RAM until removed."""
    for old in memory.glob(PREVIEW_PREFIX + "*"):
        pid = old.name[len(PREVIEW_PREFIX):]
        if pid.isdigit() and not alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)
    folder = memory / f"{PREVIEW_PREFIX}{os.getpid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder

