"""MkDocs' log in Vietnamese: every message it prints to editors translated or hidden, labels too.

Part of the engine adapter: the messages are MkDocs 1.6's own (tests/test_serve.py reads them
from its source and checks each is translated or hidden)."""

from __future__ import annotations

import contextlib
import logging
import re
import sys
from collections.abc import Iterator

from bantin.engine import ENGINE

# mkdocs.yml's validation: MkDocs' wrapper and the messages of its config options that bantin's
# own options can meet (bantin's own say Vietnamese already).
_TYPES = {"int": "số nguyên", "str": "chữ", "bool": "true hoặc false", "list": "danh sách", "dict": "nhóm mục",
          "NoneType": "giá trị trống", "float": "số thập phân"}
_CONFIG_DETAILS = [
    (re.compile(r"Expected type: <class '(\w+)'> but received: <class '(\w+)'>"),
     lambda m: f"cần {_TYPES.get(m.group(1), m.group(1))}, không phải {_TYPES.get(m.group(2), m.group(2))}"),
    (re.compile(r"Expected a list of items, but a <class '(\w+)'> was given\."),
     lambda m: f"cần một danh sách, không phải {_TYPES.get(m.group(1), m.group(1))}"),
    (re.compile(r"Unrecognised configuration name: (.+)$"), lambda m: f"không có mục '{m.group(1)}' (viết sai tên?)"),
    (re.compile(r"Expected one of: (.+) but received: (.+)$"), lambda m: f"phải là một trong {m.group(1)}, không phải {m.group(2)}"),
]


def _config_line(match: re.Match) -> str:
    where = f"plugin '{match.group(2)}', mục '{match.group(3)}'" if match.group(2) else f"mục '{match.group(1)}'"
    detail = match.group(4)
    for pattern, words in _CONFIG_DETAILS:
        detail = pattern.sub(words, detail)
    return f"mkdocs.yml, {where}: {detail}"


# MkDocs' own messages that editors meet, in Vietnamese; None hides one that says nothing
# useful to them (the staging folder's name, a duplicate of bantin's own summary). Matched
# after the "[12:34:56] " that MkDocs' preview server puts before its messages (kept).
MKDOCS_MESSAGES: list[tuple[re.Pattern, object]] = [
    (re.compile(r"^Config value '([^']+)': (?:Plugin '([^']+)' option '([^']+)': )?(.*)$", re.S), _config_line),
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
                r"`(?:mkdocs|properdocs) build` per `draft_docs` config:(.*)$", re.S),
     r"Các trang sau chỉ có trong bản xem trước, không có khi xây dựng (draft_docs):\1"),
    (re.compile(r"^Config value 'dev_addr': The use of the IP address '([^']+)' suggests .*$", re.S),
     r"Địa chỉ \1 cho các máy khác trong mạng xem bản xem trước; máy chủ này chỉ để xem thử, "
     "không dùng để đăng trang."),
    (re.compile(r"^Doc file '(.+)' contains a link '(.+)', but the target '(.+)' is not found among "
                r"documentation files\.(.*)$"),
     r"Trang '\1' có liên kết '\2', nhưng không có trang '\3'.\4"),
]

_STAMP = re.compile(r"^(\[\d\d:\d\d:\d\d\] )?")




class Formatter(logging.Formatter):
    LABELS = {"DEBUG": "GỠ LỖI", "INFO": "THÔNG TIN", "WARNING": "CẢNH BÁO", "ERROR": "LỖI", "CRITICAL": "LỖI"}

    def format(self, record: logging.LogRecord) -> str:
        return f"{self.LABELS.get(record.levelname, record.levelname):<10}- {record.getMessage()}"



class Translate(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        found = _STAMP.match(message)
        stamp = found.group(0) if found else ""
        text = message[len(stamp):]
        for pattern, replacement in MKDOCS_MESSAGES:
            if pattern.search(text):
                if replacement is None:
                    return False
                record.msg, record.args = stamp + pattern.sub(replacement, text), ()
                break
        return True



def setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(Formatter())
    handler.addFilter(Translate())
    logger = logging.getLogger(ENGINE)
    logger.handlers[:] = [handler]
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False


@contextlib.contextmanager
def kept(level: int = logging.WARNING) -> Iterator[list[tuple[int, str]]]:
    """MkDocs' log lines from `level` up, in Vietnamese, kept instead of printed: (level, line) of
    each. For output that must be one document (`bantin check --format json|github|markdown`)."""
    lines: list[tuple[int, str]] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append((record.levelno, record.getMessage()))

    keep = Keep(level)
    keep.addFilter(Translate())
    logger = logging.getLogger(ENGINE)
    before = logger.handlers[:], logger.propagate
    logger.handlers[:], logger.propagate = [keep], False
    try:
        yield lines
    finally:
        logger.handlers[:], logger.propagate = before
