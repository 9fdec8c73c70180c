"""MkDocs' preview server as `bantin serve` runs it (part of the engine adapter).

mkdocs.commands.serve.serve, with bantin's handling of a failed first build (one line, no
server) and of a failed rebuild (one line; the server keeps running and the browser waits).
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from bantin.engine import ENGINE
from bantin.engine.build import ConfigProblem, is_engine_error, load_config
from bantin.model.errors import os_error


def serve(config_file: str, address: str, open_browser: bool, *, drafts: bool = False,
          failure_line: Callable[[BaseException], str], stopped: str) -> bool:
    """Serve until Ctrl-C (printing `stopped`); False when the first build failed (said in one
    line). A failed rebuild prints `failure_line(error)`. Faults and ConfigProblem propagate."""
    from urllib.parse import urlsplit

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort
    from mkdocs.livereload import LiveReloadServer, _serve_url

    log = logging.getLogger(f"{ENGINE}.commands.serve")
    site_dir = tempfile.mkdtemp(prefix="mkdocs_")
    try:
        config = load_config(config_file, drafts=drafts, site_dir=site_dir, dev_addr=address)
        config.plugins.on_startup(command="serve", dirty=False)
        try:
            host, port = config.dev_addr
            mount_path = urlsplit(config.site_url or "/").path
            config.site_url = serve_url = _serve_url(host, port, mount_path)

            def build(fresh=None) -> None:
                log.info("Building documentation...")
                if fresh is None:
                    try:
                        fresh = load_config(config_file, drafts=drafts, site_dir=site_dir, dev_addr=address)
                    except ConfigProblem as problem:
                        print(problem.message, file=sys.stderr)
                        raise Abort("") from None
                    fresh.site_url = serve_url
                mkdocs_build(fresh, serve_url=serve_url, dirty=False)

            def rebuild() -> None:
                # MkDocs' loop prints an Abort's text, keeps the server running and holds page
                # requests until a rebuild succeeds: that text is bantin's one line, instead of a
                # traceback or "Aborted with a BuildError!" and "The server will appear stuck…".
                try:
                    build()
                except Exception as exc:  # noqa: BLE001 - the server must keep running
                    raise Abort(failure_line(exc)) from None

            server = LiveReloadServer(builder=rebuild, host=host, port=port, root=site_dir, mount_path=mount_path)

            def error_page(code: int) -> bytes | None:
                page = Path(site_dir) / f"{code}.html"
                return page.read_bytes() if code in (404, 500) and page.is_file() else None

            server.error_handler = error_page
            try:
                build(config)
            except Exception as exc:  # noqa: BLE001 - a fault is reported by the command
                if os_error(exc) is not None or not is_engine_error(exc):
                    raise
                print("LỖI: không mở được bản xem trước vì có lỗi ở trên → sửa các lỗi rồi chạy lại "
                      "'bantin serve'.", file=sys.stderr)
                return False
            server.watch(config.docs_dir)
            if config.config_file_path:
                server.watch(config.config_file_path)
            server = config.plugins.on_serve(server, config=config, builder=rebuild)
            for item in config.watch:
                server.watch(item)
            try:
                server.serve(open_in_browser=open_browser)
            except KeyboardInterrupt:  # Ctrl-C, SIGTERM or SIGHUP: the way a preview ends
                print(stopped, file=sys.stderr)
            finally:
                server.shutdown()
        finally:
            config.plugins.on_shutdown()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)
    return True
