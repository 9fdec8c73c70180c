"""`bantin build`: the site into a folder beside site/, swapped in whole; `--zip` for an archive."""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from bantin.commands.runner import Exit, alive, remove, run, shown, uninterrupted
from bantin.engine.build import ConfigProblem, build_into, load_config, newest_post, record_urls
from bantin.model.errors import format_report
from bantin.model.urls import EDITOR

NOT_FOUND = "404.html"  # the page a server shows for an unknown address (theme/404.html)


def build(config_file: str, *, site_dir: str | None, strict: bool, drafts: bool, archive: str | None = None,
          workers: int | None = None) -> int:
    """Build into a temporary folder beside site/, then swap it in: never a half-written site.

    With `archive`, also write a zip of the site whose pages open from disk (file://).
    """
    config = _configuration(config_file, drafts=drafts, strict=strict or None, site_dir=site_dir, workers=workers)
    if isinstance(config, Exit):
        return config
    final = Path(config.site_dir)
    run.kept = (f"trang cũ trong '{shown(final)}' được giữ nguyên" if final.exists()
                 else f"chưa ghi gì vào '{shown(final)}'")
    run.stopped = f"Đã dừng: trang chưa xây dựng xong; {run.kept}."
    final.parent.mkdir(parents=True, exist_ok=True)
    recover(final)
    staging: Path | None = None
    try:
        with uninterrupted():  # a Ctrl-C now stops the build inside this try: the folder is removed
            try:
                staging = Path(tempfile.mkdtemp(prefix=f".{final.name}-build-{os.getpid()}-", dir=final.parent))
            except OSError as exc:  # name the folder that refused, not the temporary name tried in it
                raise OSError(exc.errno, exc.strerror, str(final.parent)) from exc
            run.staging[staging] = final
        failure = build_into(config, staging)
        if failure is not None:
            print(f"LỖI: không xây dựng được trang{failure}; trang cũ trong '{shown(final)}' được giữ nguyên.",
                  file=sys.stderr)
            return Exit.CONTENT
        with uninterrupted():  # Ctrl-C now would make "the old site is kept" untrue
            swap(staging, final)
            run.kept = f"trang mới đã ở '{shown(final)}'"
            run.stopped = f"Đã dừng: {run.kept}."
            unrecorded = record_urls(config)  # the URLs this site published, now that it is in place
    finally:
        if staging is not None:
            remove(staging)  # a failed build's folder, or the old site after the swap
    if unrecorded:
        print(format_report(unrecorded), file=sys.stderr)
        return Exit.CONTENT
    print(f"Đã xây dựng trang vào '{shown(final)}'.", file=sys.stderr)
    if archive is not None:
        target = Path(archive) if archive else final.with_suffix(".zip")
        run.kept += (f"; bản lưu trữ cũ '{shown(target)}' được giữ nguyên" if target.exists()
                     else "; chưa có bản lưu trữ .zip")
        run.stopped = f"Đã dừng: {run.kept}."
        return write_archive(config_file, target, strict, drafts, workers)
    return Exit.OK



def _configuration(config_file: str, **options):
    """MkDocs' configuration, or the exit code after saying why it cannot be read."""
    try:
        return load_config(config_file, **options)
    except ConfigProblem as problem:
        print(problem.message, file=sys.stderr)
        return Exit.USAGE if problem.usage else Exit.CONTENT


def archive_time(config) -> tuple:
    """The archive's file times: SOURCE_DATE_EPOCH when set (reproducible builds), else the
    newest post's date, so an archive changes only when its content does."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        moment = dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), dt.UTC)
    else:
        moment = newest_post(config) or dt.datetime(1980, 1, 1)
    return max(moment.timetuple()[:6], (1980, 1, 1, 0, 0, 0))  # zip cannot say earlier


def write_archive(config_file: str, target: Path, strict: bool, drafts: bool = False,
                  workers: int | None = None) -> int:
    """A second build with page.html links (no directory URLs), zipped: it opens from disk."""
    config = _configuration(config_file, drafts=drafts, strict=strict or None, use_directory_urls=False,
                            workers=workers)
    if isinstance(config, Exit):
        return config
    recover(target.parent / target.stem)
    tmp: str | None = None
    try:
        with uninterrupted():  # a Ctrl-C now stops inside this try: the folder is removed
            tmp = tempfile.mkdtemp(prefix=f".{target.stem}-build-{os.getpid()}-", dir=target.parent.resolve())
            run.staging[Path(tmp)] = target
        folder = Path(tmp) / "site"
        failure = build_into(config, folder)
        if failure is not None:
            print(f"LỖI: không tạo được bản lưu trữ{failure}.", file=sys.stderr)
            return Exit.CONTENT
        partial = Path(tmp) / "archive.zip"
        stamp = archive_time(config)
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(folder.rglob("*")):
                # The web editor needs a server and the network, and the page a server shows for
                # an address it does not have needs a server: no use in an archive read from disk.
                name = path.relative_to(folder).as_posix()
                if path.is_file() and not name.startswith(EDITOR) and name != NOT_FOUND:
                    # Fixed times and modes: the same commit gives the same bytes.
                    info = zipfile.ZipInfo((Path(target.stem) / path.relative_to(folder)).as_posix(), stamp)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.external_attr = 0o644 << 16
                    zf.writestr(info, path.read_bytes())
        os.replace(partial, target)
    finally:
        if tmp is not None:
            remove(Path(tmp))
    print(f"Đã tạo bản lưu trữ '{shown(target)}': giải nén rồi mở index.html, xem và tìm kiếm được cả khi "
          "không có mạng.", file=sys.stderr)
    return Exit.OK



def recover(final: Path) -> None:
    """Clear what builds killed before they finished left beside site/ (SIGKILL, a cancelled CI
    job): their staging folders, and an old site set aside by a swap that was cut in half."""
    for left in sorted(final.parent.glob(f".{final.name}-*-*")):
        kind, _, rest = left.name[len(final.name) + 2:].partition("-")
        pid = rest.partition("-")[0]
        if kind not in ("build", "old") or not pid.isdigit() or alive(int(pid)):
            continue
        if kind == "old" and not final.exists():
            try:
                left.rename(final)  # the previous site, back in place
                continue
            except OSError:  # a build beside this one was first: it restored it, or swapped in a newer site
                pass
        remove(left)



def swap(staging: Path, final: Path) -> None:
    """Put the new site in place of the old in one step where the system can (Linux), so that
    at every instant `site/` is either the old site or the new one."""
    staging.chmod(0o755)  # mkdtemp makes it private; a published site is world-readable
    if final.exists() and exchange(staging, final):
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
            if exchange(staging, final):
                remove(staging)
                return
        if old is not None:
            old.rename(final)  # the old site back: nothing has changed
        raise
    except BaseException:
        if old is not None:
            old.rename(final)  # the old site back: nothing has changed
        raise
    if old is not None:
        remove(old)



def exchange(a: Path, b: Path) -> bool:
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

