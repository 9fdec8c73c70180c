"""Integration: `bantin serve` previews the site and rebuilds when a post or the registry changes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bantin.engine import ENGINE
from bantin.model.errors import ContentError
from factories import edit
from sitebuild import copy_sample, free_port, run_bantin, serve_bantin

POST = "posts/2020/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022.md"
URL = "tin/2020/01/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022/"


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, text: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = fetch(url)
        if body is not None and text in body:
            return body
        time.sleep(0.3)
    raise AssertionError(f"{text!r} never appeared at {url}")


@pytest.fixture
def served(tmp_path: Path):
    """`bantin serve` on the sample, once its first build is served."""
    root = copy_sample(tmp_path / "project")
    preview = serve_bantin(root)
    try:
        preview.until("", lambda status, body: status == 200 and "Tin mới" in body)
        yield root, preview
    finally:
        preview.stop()


def test_serve_rebuilds_on_post_and_registry_changes(served):
    root, preview = served
    base = preview.base
    assert '"docs":19' in wait_for(base + "tim-kiem/index/manifest.json", '"docs"')  # search works under serve
    edit(root / POST, "title: Đại hội Chi bộ Văn phòng lần thứ nhất", "title: Đại hội Chi bộ Văn phòng (đã sửa)")
    wait_for(base + "tin/2020/01/dai-hoi-chi-bo-van-phong-da-sua-nhiem-ky-2020-2022/", "(đã sửa)")

    edit(root / "registry.yml", "short: Sở Công Thương", "short: Sở Công Thương tỉnh")
    wait_for(base + "co-quan/so-cong-thuong/", "Sở Công Thương tỉnh")


def test_serve_previews_from_its_own_ram_folder_and_removes_it_on_sigterm(tmp_path):
    from bantin.commands.serve import PREVIEW_PREFIX
    from bantin.commands.serve import memory_folder as _memory_folder

    memory = _memory_folder()
    if memory is None:
        pytest.skip("no /dev/shm with 2 GiB free: the preview is built in the temp folder")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    stale = Path(memory) / f"{PREVIEW_PREFIX}{dead}"
    (stale / "mkdocs_left").mkdir(parents=True, exist_ok=True)  # as a killed `bantin serve` leaves it
    root = copy_sample(tmp_path / "project")
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "bantin", "serve", "-a", f"127.0.0.1:{port}"], cwd=root,
                               env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    own = Path(memory) / f"{PREVIEW_PREFIX}{process.pid}"
    try:
        wait_for(f"http://127.0.0.1:{port}/bantin/", "Tin mới")
        assert not stale.exists()
        # The site, and beside it the last search index kept for rebuilds (engine/quick.py: Search).
        assert sorted(p.name[:7] for p in own.iterdir()) == [".bantin", "mkdocs_"]
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert not own.exists()


# -- a post with errors: an error page at once, the real page back after the fix ---------------------------
ERROR_PAGE = "<h1>Có lỗi cần sửa</h1>"
REBUILD_FAILED = ("LỖI: chưa cập nhật được bản xem trước vì có lỗi ở trên; trình duyệt hiện các lỗi này đến khi "
                  "sửa xong → sửa lỗi rồi lưu tệp, trang sẽ tự cập nhật.")
FIRST_BUILD_FAILED = ("LỖI: chưa tạo được bản xem trước vì có lỗi ở trên; trình duyệt hiện các lỗi này đến khi "
                      "sửa xong → sửa lỗi rồi lưu tệp, trang sẽ tự cập nhật.")


def text_of(html: str) -> str:
    """A page's words as a reader sees them, whitespace collapsed."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    return " ".join(soup.get_text().split())


def check_entries(root: Path) -> list[str]:
    """`bantin check`'s problems in `root`, one entry each (its → line joined), whitespace collapsed."""
    result = run_bantin(root, "check")
    entries: list[str] = []
    for line in result.stdout.splitlines()[:-1]:  # the last line is the summary
        if line.startswith("    → "):
            entries[-1] += " " + line.strip()
        else:
            entries.append(line)
    assert entries, result.stdout + result.stderr
    return [" ".join(entry.split()) for entry in entries]


def showing(*texts: str, absent: tuple[str, ...] = ()):
    """An answer that is the error page, with every one of `texts` and none of `absent`."""
    def wanted(status: int, body: str) -> bool:
        shown = text_of(body)
        return (status == 503 and ERROR_PAGE in body and all(t in shown for t in texts)
                and not any(t in shown for t in absent))
    return wanted


def real_page(title: str):
    return lambda status, body: status == 200 and "<h1" in body and title in body and ERROR_PAGE not in body


def test_a_broken_post_is_an_error_page_at_once_worded_as_check_and_the_fix_brings_the_post_back(served):
    root, preview = served
    post = root / POST
    edit(post, "agency: so-cong-thuong", "agency: so-cong-thuog")
    status, body = preview.until(URL, showing("[agency] cơ quan 'so-cong-thuog' không có trong danh mục"))
    assert body.startswith("<!doctype html>") and '<html lang="vi">' in body
    for entry in check_entries(root):  # every problem `bantin check` finds, in its words
        assert entry in text_of(body), entry
    for other in ("", "co-quan/so-cong-thuong/", "khong-co-trang-nay/", "tin/2023/12/khong-co", "404.html"):
        assert preview.until(other, showing("[agency]")) is not None  # every page, even a missing one
    assert preview.get("assets/stylesheets/khong-co.css")[0] == 404  # files are still the site's

    edit(post, "kind: dai-hoi-chi-bo", "kind: dai-hoi-chi-boo")  # a second error
    preview.until(URL, showing("[agency]", "[kind] loại tin 'dai-hoi-chi-boo' không có trong danh mục",
                               "có phải ý bạn là 'dai-hoi-chi-bo' (Đại hội Chi bộ)?"))
    edit(post, "agency: so-cong-thuog", "agency: so-cong-thuong")  # one of the two fixed
    preview.until(URL, showing("[kind]", absent=("[agency]",)))
    edit(post, "kind: dai-hoi-chi-boo", "kind: dai-hoi-chi-bo")  # both fixed
    preview.until(URL, real_page("Đại hội Chi bộ Văn phòng lần thứ nhất"))
    preview.until("", real_page("Tin mới"))

    edit(post, "title: Đại hội Chi bộ Văn phòng lần thứ nhất, nhiệm kỳ 2020-2022\n", "title: \n")  # again
    preview.until(URL, showing(f"{POST}:2: [title]"))
    edit(post, "title: \n", "title: Đại hội đã sửa lỗi\n")
    preview.until("tin/2020/01/dai-hoi-da-sua-loi/", real_page("Đại hội đã sửa lỗi"))
    assert preview.stop() == 0
    said = preview.output().splitlines()
    assert said.count(REBUILD_FAILED) == 4 and said[-1] == "Đã dừng xem trước."
    assert f"LỖI       - bantin: {POST}:4: [agency] cơ quan 'so-cong-thuog' không có trong danh mục" in said
    assert not [line for line in said if "code 503" in line or "mã 503" in line]  # each error page request


@pytest.mark.parametrize("broken", ["post", "no-registry"])
def test_a_project_broken_before_serve_starts_is_served_as_an_error_page(tmp_path, broken):
    root = copy_sample(tmp_path / "project")
    registry = (root / "registry.yml").read_text(encoding="utf-8")
    if broken == "post":
        edit(root / POST, "agency: so-cong-thuong", "agency: so-cong-thuog")
        error = "[agency] cơ quan 'so-cong-thuog' không có trong danh mục"
    else:
        (root / "registry.yml").unlink()
        error = "registry.yml: không tìm thấy tệp danh mục cơ quan và loại tin"
    preview = serve_bantin(root)
    try:
        status, body = preview.until(URL, showing(error))
        assert check_entries(root)[0] in text_of(body)
        if broken == "post":
            edit(root / POST, "agency: so-cong-thuog", "agency: so-cong-thuong")
        else:
            (root / "registry.yml").write_text(registry, encoding="utf-8")  # watched even while missing
        preview.until(URL, real_page("Đại hội Chi bộ Văn phòng lần thứ nhất"))
    finally:
        code = preview.stop()
    said = preview.output().splitlines()
    assert code == 0 and FIRST_BUILD_FAILED in said and said[-1] == "Đã dừng xem trước."
    assert said.index(FIRST_BUILD_FAILED) < next(i for i, line in enumerate(said) if "Xem trước tại" in line)


def test_front_matter_registry_and_mkdocs_yml_broken_while_serving(served):
    root, preview = served
    post, registry, config = root / POST, root / "registry.yml", root / "mkdocs.yml"
    registry_text, config_text = registry.read_text(encoding="utf-8"), config.read_text(encoding="utf-8")
    back = real_page("Đại hội Chi bộ Văn phòng lần thứ nhất")

    edit(post, "units: [van-phong]\n", "units: [van-phong]\n  bad: x\n")  # front matter that is no YAML
    preview.until(URL, showing(f"{POST}:6: [bad] lỗi cú pháp YAML: thụt lề không đúng → kiểm tra dòng: bad: x"))
    edit(post, "units: [van-phong]\n  bad: x\n", "units: [van-phong]\n")
    preview.until(URL, back)

    registry.unlink()
    preview.until(URL, showing("registry.yml: không tìm thấy tệp danh mục cơ quan và loại tin"))
    registry.write_text(registry_text.replace("agencies:", "agencies: [", 1), encoding="utf-8")
    preview.until(URL, showing("registry.yml:", "lỗi cú pháp YAML", absent=("không tìm thấy",)))
    registry.write_text(registry_text, encoding="utf-8")
    preview.until(URL, back)

    config.write_text(config_text + "site_name: [x\n", encoding="utf-8")
    preview.until(URL, showing("mkdocs.yml:", "[site_name] lỗi cú pháp YAML: thiếu dấu ']' đóng danh sách"))
    config.write_text(config_text.replace("per_page: 10", "per_page: 0"), encoding="utf-8")
    preview.until(URL, showing("mkdocs.yml, plugin 'bantin', mục 'per_page': cần một số nguyên từ 1 đến 1000, "
                               "không phải 0"))
    config.unlink()
    preview.until(URL, showing("tệp cấu hình 'mkdocs.yml' không còn ở đó"))
    config.write_text(config_text, encoding="utf-8")
    preview.until(URL, back)
    assert preview.stop() == 0
    said = preview.output()
    assert "Traceback" not in said and "MkDocs encountered" not in said and "Aborted" not in said


# -- the error page in front of the site (bantin/engine/serve.py) ------------------------------------------
AGENCY = ContentError(POST, 4, "agency", "cơ quan 'so-cong-thuog' không có trong danh mục",
                      "có phải ý bạn là 'so-cong-thuong' (Sở Công Thương)?")
GPS = ContentError("posts/b.md", 9, "cover", "ảnh gốc có tọa độ GPS", "xoá GPS", warning=True)


def request(app, path: str) -> tuple[str, dict, bytes]:
    """(status, headers, body) of a WSGI app's answer to GET `path`."""
    answer: dict = {}

    def start_response(status, headers):
        answer.update(status=status, headers=dict(headers))

    body = b"".join(app({"PATH_INFO": path.encode("utf-8").decode("latin-1"), "REQUEST_METHOD": "GET"},
                        start_response))
    return answer["status"], answer["headers"], body


def site_app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"site " + environ["PATH_INFO"].encode("latin-1")]


PAGES = ["/bantin/", "/bantin/tin/2020/01/dai-hoi/", "/bantin/tin/2020/01/dai-hoi", "/bantin/404.html",
         "/bantin/khong-co-trang-nay/", "/bantin", "/bantin/đại-hội/"]
FILES = ["/bantin/assets/bantin.css", "/bantin/anh/2020/a-640.webp", "/bantin/feed.xml", "/bantin/sitemap.xml",
         "/bantin/tim-kiem/index/manifest.json", "/", "/favicon.ico", "/khac/"]


def test_while_a_build_failed_every_page_is_the_error_page_and_every_file_the_site_s():
    from bantin.engine.serve import Preview
    from bantin.site.error_page import Failure

    preview = Preview("/bantin/", "Bản tin <Nam Sơn>")
    app = preview.app(site_app)
    assert all(request(app, path)[2].startswith(b"site ") for path in PAGES + FILES)  # before any build
    preview.built(Failure((AGENCY, GPS)))
    for path in PAGES:
        status, headers, body = request(app, path)
        assert status == "503 Service Unavailable", path
        assert headers["Content-Type"] == "text/html; charset=utf-8" and headers["Cache-Control"] == "no-store"
        assert int(headers["Content-Length"]) == len(body)
        page = body.decode("utf-8")
        assert "<h1>Có lỗi cần sửa</h1>" in page and "Bản tin &lt;Nam Sơn&gt;" in page
        assert f"{POST}:4</code>: <code>[agency]</code>" in page and "ảnh gốc có tọa độ GPS" in page
    assert [request(app, path)[2] for path in FILES] == [b"site " + p.encode() for p in FILES]
    preview.built(None)  # fixed
    assert all(request(app, path)[2].startswith(b"site ") for path in PAGES + FILES)


def test_the_error_page_of_a_site_at_the_root():
    from bantin.engine.serve import Preview
    from bantin.site.error_page import Failure

    preview = Preview("/", "S")
    preview.built(Failure((AGENCY,)))
    app = preview.app(site_app)
    assert [request(app, path)[0] for path in ("/", "/tin/x/", "/a.html", "/assets/a.js")] == [
        "503 Service Unavailable"] * 3 + ["200 OK"]


def test_an_error_page_waits_for_the_next_build_then_reloads():
    import threading

    from bantin.engine.serve import POLL, Preview
    from bantin.site.error_page import Failure

    preview = Preview("/bantin/", "S")
    preview.built(Failure((AGENCY,)))
    app = preview.app(site_app)
    shown = re.search(rf'data-poll="{POLL}(\d+)"', request(app, "/bantin/")[2].decode()).group(1)
    assert shown == str(preview.version)
    assert request(app, POLL + "1")[2] == shown.encode()  # an older page: answered at once
    started = time.monotonic()
    assert preview.wait(shown, timeout=0.2) == int(shown)  # nothing new: answered unchanged after the wait
    assert time.monotonic() - started >= 0.2
    answers: list = []
    waiting = threading.Thread(target=lambda: answers.append(request(app, POLL + shown)))
    waiting.start()
    preview.built(Failure((AGENCY, GPS)))  # another failed build: the page reloads with the new list
    waiting.join(timeout=30)
    assert answers and answers[0][0] == "200 OK" and answers[0][1]["Cache-Control"] == "no-store"
    assert answers[0][2] == str(int(shown) + 1).encode() == str(preview.version).encode()
    waiting = threading.Thread(target=lambda: answers.append(preview.wait(str(preview.version))))
    waiting.start()
    preview.close()  # Ctrl-C: no page is left waiting
    waiting.join(timeout=30)
    assert not waiting.is_alive()


def test_a_new_server_s_version_differs_from_an_earlier_one_s():
    from bantin.engine.serve import Preview

    first = Preview("/", "S")
    first.built(None)
    assert Preview("/", "S").version != first.version


def raised(exc: BaseException, then: BaseException | None = None) -> BaseException:
    """`exc` raised, and `then` raised while handling it (as MkDocs wraps a plugin's error)."""
    try:
        try:
            raise exc
        except BaseException:
            if then is None:
                raise
            raise then  # noqa: B904 - chained as MkDocs chains them
    except BaseException as caught:
        return caught


def test_what_the_error_page_lists_for_each_kind_of_failure():
    from mkdocs.exceptions import Abort

    from bantin.engine.build import ConfigProblem
    from bantin.engine.plugin import ContentRefused
    from bantin.engine.serve import failure_of
    from bantin.site.error_page import Line

    final = "LỖI: chưa cập nhật được bản xem trước vì có lỗi ở trên; … → …"
    refused = ContentRefused([AGENCY, GPS])
    link = Line("Trang 'a.md' có liên kết 'b.md', nhưng không có trang 'b.md'.", warning=True)
    logged = [Line(AGENCY.format()), Line(GPS.format(), warning=True), link, Line(str(refused))]
    content = failure_of(raised(refused, Abort("Aborted with a BuildError!")), logged, final)
    assert content.errors == (AGENCY, GPS) and content.lines == (link,)  # each problem once

    option = Line("mkdocs.yml, plugin 'bantin', mục 'per_page': cần một số nguyên từ 1 đến 1000, không phải 0")
    said_above = ConfigProblem("LỖI: cấu hình 'mkdocs.yml' không hợp lệ (xem các dòng trên) → sửa 'mkdocs.yml' rồi "
                               "chạy lại.")
    assert failure_of(said_above, [option], final).lines == (option,)
    said_here = ConfigProblem("LỖI: cấu hình 'mkdocs.yml' không hợp lệ: mkdocs.yml:38: [site_name] lỗi cú pháp "
                              "YAML: thiếu dấu ']' đóng danh sách → thêm dấu đóng ở cuối giá trị trên dòng này.")
    assert failure_of(said_here, [], final).lines == (Line(said_here.message.removeprefix("LỖI: ")),)

    strict = failure_of(raised(Abort("Aborted with 1 warnings in strict mode!")), [link], final)
    assert strict.errors == () and strict.lines[0] == link and "strict: true" in strict.lines[1].text
    assert not strict.lines[1].warning

    fault = "LỖI: ổ đĩa đã đầy; trình duyệt hiện lỗi này đến khi sửa xong → giải phóng chỗ trống trên ổ đĩa."
    full = failure_of(raised(OSError(28, "No space left on device")), [], fault)
    assert full.lines == (Line(fault.removeprefix("LỖI: ")),)


def test_the_line_a_failed_build_ends_with_in_the_terminal():
    import errno

    from mkdocs.exceptions import Abort

    from bantin.commands.serve import build_failure
    from bantin.engine.build import ConfigProblem

    content = raised(Abort("Aborted with a BuildError!"))
    assert build_failure(content, True) == FIRST_BUILD_FAILED
    assert build_failure(content, False) == REBUILD_FAILED
    assert build_failure(ConfigProblem("LỖI: cấu hình 'mkdocs.yml' không hợp lệ …"), False) == REBUILD_FAILED
    assert build_failure(raised(Abort("Aborted with 2 warnings in strict mode!")), False) == (
        "LỖI: chưa cập nhật được bản xem trước vì có 2 cảnh báo ở trên (mkdocs.yml có 'strict: true'); trình duyệt "
        "hiện các lỗi này đến khi sửa xong → sửa lỗi rồi lưu tệp, trang sẽ tự cập nhật.")
    full = build_failure(raised(OSError(errno.ENOSPC, "No space left on device")), False)
    assert full.startswith("LỖI: ổ đĩa đã đầy; trình duyệt hiện lỗi này đến khi sửa xong → giải phóng chỗ trống")


def test_a_build_s_problems_are_caught_as_the_terminal_shows_them():
    import logging

    from bantin.engine.serve import _Logged
    from bantin.site.error_page import Line

    with _Logged() as logged:
        logging.getLogger(f"{ENGINE}.plugins.bantin").error(f"bantin: {AGENCY.format()}")
        logging.getLogger(f"{ENGINE}.structure.pages").warning(
            "Doc file 'a.md' contains a link 'b.md', but the target 'b.md' is not found among documentation files.")
        logging.getLogger(f"{ENGINE}.commands.build").error("Aborted with a BuildError!")  # hidden in the terminal
        logging.getLogger(f"{ENGINE}.commands.build").info("Cleaning site directory")  # not a problem
    logging.getLogger(f"{ENGINE}.plugins.bantin").error("after the build")
    assert logged.lines == [Line(AGENCY.format()),
                            Line("Trang 'a.md' có liên kết 'b.md', nhưng không có trang 'b.md'.", warning=True)]


# -- MkDocs' messages in Vietnamese -------------------------------------------------------------------------
# Every message MkDocs 1.6.1's preview server and build log at INFO or above, with a sample of each.
MKDOCS_MESSAGES = {
    "Browser connected: {}": "Browser connected: http://127.0.0.1:8000/bantin/",
    '"{}" code {}': '"GET /bantin/khong-co/ HTTP/1.1" code 404',
    "Watching paths for changes: {}": "Watching paths for changes: 'docs', 'mkdocs.yml', 'posts'",
    "Serving on {} and opening it in a browser": "Serving on http://127.0.0.1:8000/bantin/ and opening it in a browser",
    "Serving on {}": "Serving on http://127.0.0.1:8000/bantin/",
    "Detected file changes": "Detected file changes",
    "Reloading browsers": "Reloading browsers",
    "Failed to render an error message!": "Failed to render an error message!",
    "An error happened during the rebuild. The server will appear stuck until build errors are resolved.":
        "An error happened during the rebuild. The server will appear stuck until build errors are resolved.",
    "Building documentation...": "Building documentation...",
    "Shutting down...": "Shutting down...",
    "Template skipped: '{}' generated empty output.": "Template skipped: 'sitemap.xml' generated empty output.",
    "Template skipped: '{}' not found in docs_dir.": "Template skipped: 'x.html' not found in docs_dir.",
    "Template skipped: '{}' not found in theme directories.": "Template skipped: 'x.html' not found in theme directories.",
    "Error reading template '{}': {}": "Error reading template 'x.html': unexpected end of template",
    "Documentation built in {} seconds": "Documentation built in 1.25 seconds",
    "Page skipped: '{}'. Generated empty output.": "Page skipped: 'index.md'. Generated empty output.",
    "Cleaning site directory": "Cleaning site directory",
    "A 'dirty' build is being performed, this will likely lead to inaccurate navigation and other links within "
    "your site. This option is designed for site development purposes only.":
        "A 'dirty' build is being performed, this will likely lead to inaccurate navigation and other links within "
        "your site. This option is designed for site development purposes only.",
    "Building documentation to directory: {}": "Building documentation to directory: /tmp/.site-build-1-x",
    f"The following pages are being built only for the preview but will be excluded from `{ENGINE} build` per "
    "`draft_docs` config:\n  - {}":
        f"The following pages are being built only for the preview but will be excluded from `{ENGINE} build` per "
        "`draft_docs` config:\n  - http://127.0.0.1:8000/bantin/nhap/",
    "The directory contains stale files. Use --clean to remove them.":
        "The directory contains stale files. Use --clean to remove them.",
}
# Logged from a variable: "500 Internal Server Error" (a request that failed), "Error reading page
# 'x.md': …" (before the error itself, which bantin words), str(BuildError) (bantin's own text).
OTHER_MESSAGES = ["500 Internal Server Error", "Error reading page 'tin/x.md': bad link"]


def _logged_messages() -> set[str]:
    """The literal or f-string messages MkDocs' serve and build log at INFO and above."""
    import ast

    import mkdocs

    def skeleton(node) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.JoinedStr):
            return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        if isinstance(node, ast.BinOp):
            left, right = skeleton(node.left), skeleton(node.right)
            return left + (right if right is not None else "{}") if left is not None else None
        return None

    found = set()
    for rel in ("livereload/__init__.py", "commands/serve.py", "commands/build.py"):
        tree = ast.parse((Path(mkdocs.__file__).parent / rel).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "log" and node.func.attr in ("info", "warning", "error", "exception", "log")):
                args = node.args[1:] if node.func.attr == "log" else node.args
                text = skeleton(args[0]) if args else None
                if text is not None:
                    found.add(text)
    return found


def test_every_message_of_mkdocs_serve_and_build_is_vietnamese_or_hidden():
    import logging

    from bantin.engine.logs import Translate as _Translate

    assert _logged_messages() == set(MKDOCS_MESSAGES)  # MkDocs changed: review the new messages
    english = re.compile(r"\b(the|on|for|in|is|are|to|with|an?|error|page|build|browser|server|files?|"
                         r"changes|seconds|directory|skipped|output|found|connected|shutting|reloading)\b", re.I)
    for message in [*MKDOCS_MESSAGES.values(), *OTHER_MESSAGES]:
        for stamp in ("", "[12:34:56] "):
            record = logging.LogRecord("mkdocs.livereload", logging.INFO, __file__, 1, stamp + message, (), None)
            if not _Translate().filter(record):
                continue  # hidden: it says nothing an editor needs
            shown = record.getMessage()
            assert shown.startswith(stamp) and re.search(r"[à-ỹđ]", shown), shown
            assert not english.search(re.sub(r"'[^']*'|https?://\S+|\(\w+\)", "", shown)), shown
