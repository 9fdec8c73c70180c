#!/usr/bin/env python3
"""Issue 21's four speed targets, beside Hugo and Material's blog, in one run.

Usage: python scripts/bench_speed.py [--sizes 3000] [--repeat 3] [--workers 1,2,4] [--edits 3]
                                     [--corpus 3000=/path/to/corpus] [--write BENCHMARKS.md] [--keep DIR]
                                     [--material-max 3000] [--verify each|last|none]

For each size N a project (`make_corpus.py --photos`, seed 1, or a copy of `--corpus N=DIR`)
with `bulletin_pdf: false` in its mkdocs.yml (Hugo and Material make no PDFs, and `serve`
makes none either), its photo cache filled once. Every build is a fresh process, run under a
wrapper that reports wall time, CPU time (user + system of the build and every process it
waited for: the workers) and the peak RSS of the largest of those processes.

1. Cold build, photo cache kept: no site/, no search, bodies or pages cache, `bantin build -j W`
   for each W of --workers (runs interleaved, so each W sees the same load); Hugo's cold build
   of the same posts (scripts/bench_scale.py's site) and Material's blog build. Target: bantin
   (default workers, one per core) ≤ 4 × Hugo.
2. Preview: a real `bantin serve` on a free port, the middle post open in headless Chromium.
   Body edit: a sentence appended; from the file's save (time.time() after write + fsync) to the
   `load` event (performance.timeOrigin + performance.now(), recorded by a script in every
   document) of the page MkDocs' live reload brings, that page holding the sentence. Moving
   edits: the title (the post's URL changes with it: from the save to the `load` of the post at
   its new URL, opened once the old page has reloaded) and the date moved by one day in the same
   month (same URL: from the save to the reloaded page's `load` showing the new date). After each
   edit the page served over HTTP, minus exactly the script MkDocs' server injects, must equal
   what a full `bantin build` of the same tree (site_url set to the preview's address, no
   bodies/pages/search cache) writes for that page. Targets: body ≤ 1 s at 3,000 (≤ 2 s at
   10,000), moving ≤ 5 s at 3,000.
3. `.cache/` kept, site/ removed (CI): a build with nothing changed, and a build after adding one
   post (written before, removed after each run, then the cache restored by an untimed build).
   Target: adding a post ≤ 2 × Hugo's cold build.
4. Output of `-j 2` byte-identical to `-j 1` (the cold builds' trees compared); when 1,000 and
   10,000 are both measured: time per post at 10,000 ÷ at 1,000 ≤ 1.3; peak RSS ≤ 1.5 GiB at
   10,000.

Figures are medians of --repeat runs. With --write, the Markdown report replaces the part of
that file between `<!-- speed:begin -->` and `<!-- speed:end -->`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import filecmp
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import hugo_site, material_site, output  # noqa: E402
from bench_workers import ENV, timed  # noqa: E402
from make_corpus import make  # noqa: E402

BUILD = [sys.executable, "-m", "bantin", "build"]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # as tests/browsing.py
# Every document records when its `load` event fired, in ms since the epoch (the same clock as time.time()).
LOAD_RECORDER = ("window.__loadedAt = 0; window.addEventListener('load', () => "
                 "{ window.__loadedAt = performance.timeOrigin + performance.now(); });")
LOADED_WITH = "a => window.__loadedAt > a.since && document.documentElement.innerHTML.includes(a.marker)"
LOADED_AFTER = "since => window.__loadedAt > since"
STATE = ("m => ({url: location.href, at: window.__loadedAt, title: document.title, "
         "has: document.documentElement.innerHTML.includes(m), "
         "refresh: document.querySelector('meta[http-equiv=refresh]') !== null})")
GIB = 1 << 20  # KiB in a GiB (ru_maxrss is in KiB)
BEGIN, END = "<!-- speed:begin -->\n", "<!-- speed:end -->"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- the project ----------------------------------------------------------------------------------
def without_pdf(root: Path) -> None:
    """`bulletin_pdf: false` in the bantin plugin's options of mkdocs.yml."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if re.search(r"^ +bulletin_pdf:", text, flags=re.M):
        text = re.sub(r"^( +bulletin_pdf:).*$", r"\1 false", text, flags=re.M)
    else:
        text, found = re.subn(r"(\n *- bantin:[^\n]*\n)( +)", lambda m: f"{m[1]}{m[2]}bulletin_pdf: false\n{m[2]}",
                              text, count=1)
        if not found:
            raise SystemExit(f"{config}: no '- bantin:' with options under plugins")
    config.write_text(text, encoding="utf-8")


def prepare(n: int, base: Path, corpus: Path | None) -> Path:
    root = base / f"bantin-{n}"
    if corpus is not None:
        log(f"[{n}] copying {corpus}")
        shutil.rmtree(root, ignore_errors=True)
        subprocess.run(["cp", "-a", str(corpus), str(root)], check=True)
        shutil.rmtree(root / "site", ignore_errors=True)
    else:
        log(f"[{n}] making the corpus")
        make(root, n, seed=1, photos=True)
    found = len(list((root / "posts").rglob("*.md")))
    if found != n:
        raise SystemExit(f"{root}: {found} posts, not {n}")
    without_pdf(root)
    if not (root / ".cache" / "bantin").is_dir():
        log(f"[{n}] filling the photo cache (one build, not measured)")
        timed(BUILD, root, {})
    return root


CACHES = ("bodies.json.z", "pages.bin", "page-sources.bin", "page-sources.json.z", "posts.json.z")  # every build cache but photos'


def cold(root: Path) -> None:
    """No site/, no search, posts, bodies or pages cache; the photo (and social card) cache kept."""
    shutil.rmtree(root / "site", ignore_errors=True)
    cache = root / ".cache" / "bantin"
    shutil.rmtree(cache / "search", ignore_errors=True)
    for name in CACHES:
        for prefix in ("", "disk-"):
            (cache / (prefix + name)).unlink(missing_ok=True)


def measured(cmd: list[str], cwd: Path) -> tuple[float, float, int]:
    """timed(), its figures logged at once (a long run stopped early still shows them)."""
    wall, cpu, rss = timed(cmd, cwd, {})
    log(f"    {wall:.1f} s wall, {cpu:.1f} s CPU ({cpu / wall:.2f}), {rss / 1024:,.0f} MiB, "
        f"load {os.getloadavg()[0]:.1f}")
    return wall, cpu, rss


def summary(found: list[tuple[float, float, int]]) -> dict:
    wall = statistics.median(w for w, _, _ in found)
    cpu = statistics.median(c for _, c, _ in found)
    return {"wall": wall, "cpu": cpu, "ratio": cpu / wall, "rss": max(r for _, _, r in found),
            "runs": [round(w, 2) for w, _, _ in found]}


def differences(a: Path, b: Path) -> list[str]:
    """Files that differ between two trees, or are in one only."""
    found: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        found.extend(prefix + name for name in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found.extend(prefix + name for name in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return sorted(found)


# -- targets 1, 3 and 4: builds ---------------------------------------------------------------------
def builds(n: int, root: Path, base: Path, repeat: int, workers: list[int], material: bool) -> dict:
    row: dict = {"n": n}
    kept = {w: base / f"site-{n}-j{w}" for w in (1, 2) if w in workers}
    cold_runs: dict[int, list] = {w: [] for w in workers}
    for i in range(repeat):
        for w in workers:  # interleaved: each worker count sees the same load
            log(f"[{n}] cold build -j {w} ({i + 1}/{repeat})")
            cold(root)
            cold_runs[w].append(measured([*BUILD, "-j", str(w)], root))
            if w in kept:
                shutil.rmtree(kept[w], ignore_errors=True)
                shutil.copytree(root / "site", kept[w], symlinks=True)
    row["cold"] = {w: summary(r) for w, r in cold_runs.items()}
    row["files"], row["bytes"], row["html"] = output(root / "site")
    if len(kept) == 2:
        log(f"[{n}] comparing the -j 1 and -j 2 trees")
        row["identical"] = differences(kept[1], kept[2])
        for folder in kept.values():
            shutil.rmtree(folder, ignore_errors=True)

    # Target 3: the cache of a build of this very tree is there (the last cold build wrote it).
    def ci() -> None:
        shutil.rmtree(root / "site", ignore_errors=True)

    found = []
    for i in range(repeat):
        log(f"[{n}] no change, .cache/ kept ({i + 1}/{repeat})")
        ci()
        found.append(measured(BUILD, root))
    row["nochange"] = summary(found)
    posts = sorted((root / "posts").rglob("*.md"))
    model = posts[len(posts) // 2]
    added = model.with_name("tin-moi-them-mot-bai.md")
    lock = root / "bantin.lock.json"
    locked = lock.read_bytes() if lock.exists() else None
    found = []
    for i in range(repeat):
        log(f"[{n}] one post added ({i + 1}/{repeat})")
        text = model.read_text(encoding="utf-8")
        added.write_text(re.sub(r"^title: .+$", "title: Tin mới thêm một bài", text, count=1, flags=re.M),
                         encoding="utf-8")
        ci()
        try:
            found.append(measured(BUILD, root))
        finally:
            added.unlink()
            if locked is not None:
                lock.write_bytes(locked)
        timed(BUILD, root, {})  # the cache as it was: the next run adds the post to the same site
    row["added"] = summary(found)

    if shutil.which("hugo"):
        site = hugo_site(root, base / f"hugo-{n}")
        found = []
        for i in range(repeat):
            log(f"[{n}] hugo ({i + 1}/{repeat})")
            shutil.rmtree(site / "public", ignore_errors=True)
            found.append(measured(["hugo", "--quiet"], site))
        row["hugo"] = summary(found)
        row["hugo"]["files"], row["hugo"]["bytes"], row["hugo"]["html"] = output(site / "public")
    if material:
        site = material_site(root, base / f"material-{n}")
        found = []
        for i in range(repeat):
            log(f"[{n}] Material blog ({i + 1}/{repeat})")
            shutil.rmtree(site / "site", ignore_errors=True)
            found.append(measured([sys.executable, "-m", "mkdocs", "build", "-q"], site))
        row["material"] = summary(found)
        row["material"]["files"], row["material"]["bytes"], row["material"]["html"] = output(site / "site")
    return row


# -- target 2: the preview in Chromium ----------------------------------------------------------------
def injected_script() -> re.Pattern[bytes]:
    """What MkDocs' server puts before a served page's last </body>: its live-reload script."""
    from mkdocs.livereload import _SCRIPT_TEMPLATE_STR

    pattern = re.escape(_SCRIPT_TEMPLATE_STR.encode())
    for field in (b"epoch", b"request_id"):
        pattern = pattern.replace(re.escape(b"${" + field + b"}"), rb"\d+")
    return re.compile(rb"<script>" + pattern + rb"</script>\Z")


def served_page(url: str, script: re.Pattern[bytes]) -> tuple[bytes | None, str]:
    """The page as `serve` sends it, minus exactly the injected script; (None, why) otherwise."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            html = response.read()
    except urllib.error.HTTPError as error:
        return None, f"HTTP {error.code}"
    page = without_script(html, script)
    return (None, "the live-reload script is not where MkDocs' server puts it") if page is None else (page, "")


def without_script(html: bytes, script: re.Pattern[bytes]) -> bytes | None:
    """The page before MkDocs' server put its script before the last </body> (or at the end);
    None when the script is not there."""
    end = html.rfind(b"</body>")
    end = len(html) if end < 0 else end
    found = script.search(html[:end])
    return None if found is None else html[:found.start()] + html[end:]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post_url(root: Path, path: Path) -> str:
    """The post's address under the site (tin/YYYY/MM/slug/), as bantin's model gives it."""
    from bantin.model.posts import read_post
    from bantin.model.registry_file import load_registry

    registry, problems = load_registry(root / "registry.yml", root)
    post, problems = read_post(path, root, registry) if registry is not None else (None, problems)
    if post is None:
        raise SystemExit(f"{path}: {[p.format() for p in problems]}")
    return post.url


def saved(path: Path, text: str) -> float:
    """Write `text` to `path` as an editor's save does; the time right after (write + fsync)."""
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    return time.time()


def preview(n: int, root: Path, base: Path, edits: int, timeout: float, verify: str) -> dict:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing (apt-get install -y chromium): the preview is measured in Chromium")
    posts = sorted((root / "posts").rglob("*.md"))
    post = posts[len(posts) // 2]
    original = post.read_text(encoding="utf-8")
    port = free_port()
    base_url = f"http://127.0.0.1:{port}/bantin/"  # MkDocs serves under site_url's path
    url = base_url + post_url(root, post)
    script = injected_script()
    serve_log = base / f"serve-{n}.log"
    states: list[dict] = []  # (post text, URL, served page) to check against a full build
    result: dict = {"post": str(post.relative_to(root)), "body": [], "title": [], "title_how": [], "date": []}

    def keep(label: str, page_url: str) -> None:
        html, why = served_page(page_url, script)
        states.append({"label": label, "text": post.read_text(encoding="utf-8"), "url": page_url[len(base_url):],
                       "html": html, "why": why})

    log(f"[{n}] bantin serve on port {port}, {result['post']}")
    with open(serve_log, "w", encoding="utf-8") as out:
        process = subprocess.Popen([sys.executable, "-m", "bantin", "serve", "-a", f"127.0.0.1:{port}"], cwd=root,
                                   env=ENV, stdout=out, stderr=subprocess.STDOUT)
    started = time.time()
    try:
        while True:  # the first build
            if process.poll() is not None:
                raise SystemExit(f"bantin serve ended ({process.returncode}):\n{serve_log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(url, timeout=60) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.time() - started > timeout:
                raise SystemExit(f"bantin serve: {url} not served after {timeout:.0f} s")
            time.sleep(0.5)
        result["first_build"] = time.time() - started
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            result["chromium"] = browser.version
            context = browser.new_context()
            context.add_init_script(LOAD_RECORDER)
            page = context.new_page()
            page.set_default_timeout(timeout * 1000)

            def shown(target: str, marker: str) -> None:
                """Open `target` and wait for its load event and `marker` (the build may still be
                writing it: retried)."""
                deadline = time.time() + timeout
                while True:
                    answer = page.goto(target, wait_until="load")
                    if (answer is not None and answer.status == 200
                            and page.evaluate("m => document.documentElement.innerHTML.includes(m)", marker)):
                        return
                    if time.time() > deadline:
                        raise SystemExit(f"{target}: not served with {marker!r} after {timeout:.0f} s")
                    time.sleep(0.2)

            def reach(target: str, marker: str, since: float) -> str:
                """Wait until the page shows `target` holding `marker`, loaded after `since`: by
                itself (the old address reloads and redirects, as an editor would see it), or,
                when the old page reloaded to something else, opened by us. Says which."""
                deadline = time.time() + timeout
                while time.time() < deadline:
                    try:
                        state = page.evaluate(STATE, marker)
                    except PlaywrightError:  # between two documents
                        time.sleep(0.05)
                        continue
                    if state["at"] > since * 1000:
                        if state["url"] == target and state["has"]:
                            return "the old address's reload redirected to it"
                        if not state["refresh"]:
                            shows = f"{state['url'][len(base_url):]} “{state['title']}”"
                            shown(target, marker)
                            return f"opened after the old page reloaded to {shows}"
                    time.sleep(0.05)
                raise SystemExit(f"{target}: not shown with {marker!r} after {timeout:.0f} s")

            def loaded() -> float:
                return float(page.evaluate("window.__loadedAt")) / 1000

            def restore(target: str, marker: str) -> None:
                """Back to the original post, its page shown again."""
                since = saved(post, original)
                page.wait_for_function(LOADED_AFTER, arg=since * 1000)  # the page reloaded after the save
                shown(target, marker)
                time.sleep(1)

            title = re.search(r"^title: (.+)$", original, flags=re.M)
            if title is None:
                raise SystemExit(f"{post}: no title line")
            shown(url, title[1])
            time.sleep(1)
            # (a) body edits: the same URL, reloaded by MkDocs' live reload.
            for i in range(edits):
                sentence = f"Câu sửa thứ {i + 1} lúc {time.time_ns()}."
                since = saved(post, original.rstrip("\n") + f"\n\n{sentence}\n")
                page.wait_for_function(LOADED_WITH, arg={"since": since * 1000, "marker": sentence})
                result["body"].append(loaded() - since)
                log(f"[{n}] body edit {i + 1}: {result['body'][-1] * 1000:.0f} ms")
                if verify == "each" or (verify == "last" and i == edits - 1):
                    keep(f"body edit {i + 1}", url)
                time.sleep(1)
            restore(url, title[1])
            # (b) the title: the post's URL follows it (slug from the title).
            for i in range(max(1, edits // 2)):
                new_title = f"{title[1]} sửa lần {i + 1}"
                since = saved(post, original.replace(title[0], f"title: {new_title}", 1))
                moved = base_url + post_url(root, post)
                result["title_how"].append(reach(moved, new_title, since))
                result["title"].append(loaded() - since)
                log(f"[{n}] title edit {i + 1}: {result['title'][-1] * 1000:.0f} ms ({result['title_how'][-1]})")
                if verify != "none" and i == 0:
                    keep("title edit", moved)
                restore(url, title[1])
            # (c) the date, one day later (earlier on the 28th or later): same month, same URL.
            when = re.search(r"^date: (\d{4})-(\d\d)-(\d\d)( \d\d:\d\d)?$", original, flags=re.M)
            if when is None:
                raise SystemExit(f"{post}: no 'date: YYYY-MM-DD HH:MM' line")
            day = dt.date(int(when[1]), int(when[2]), int(when[3]))
            for i in range(max(1, edits // 2)):
                other = day + dt.timedelta(days=-1 if day.day >= 28 else 1)
                since = saved(post, original.replace(when[0], f"date: {other.isoformat()}{when[4] or ''}", 1))
                marker = f'datetime="{other.isoformat()}T'
                page.wait_for_function(LOADED_WITH, arg={"since": since * 1000, "marker": marker})
                result["date"].append(loaded() - since)
                log(f"[{n}] date edit {i + 1}: {result['date'][-1] * 1000:.0f} ms")
                if verify != "none" and i == 0:
                    keep("date edit", url)
                restore(url, title[1])
            browser.close()
    finally:
        post.write_text(original, encoding="utf-8")
        if process.poll() is None:
            process.send_signal(signal.SIGINT)  # Ctrl-C, as an editor ends the preview
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    # Every build serve logged, the first included: the quick path's or a full one.
    logged = re.findall(r"(Cập nhật nhanh \d+ trang|Đã tạo các trang) trong ([\d.]+) giây",
                        serve_log.read_text(encoding="utf-8"))
    result["serve_log"] = [f"{seconds} ({'quick' if what.startswith('Cập') else 'full'})" for what, seconds in logged]
    result["equal"] = check_states(n, root, base, base_url, states, post) if states else []
    return result


def check_states(n: int, root: Path, base: Path, base_url: str, states: list[dict], post: Path) -> list[dict]:
    """Each kept page against a full `bantin build` of the same tree, with the preview's site_url
    (serve puts its own address there) and no bodies, pages or search cache."""
    copy = base / f"full-{n}"
    shutil.rmtree(copy, ignore_errors=True)
    subprocess.run(["cp", "-a", str(root), str(copy)], check=True)
    config = copy / "mkdocs.yml"
    text, found = re.subn(r"^site_url: .*$", f"site_url: {base_url}", config.read_text(encoding="utf-8"),
                          count=1, flags=re.M)
    if not found:
        raise SystemExit(f"{config}: no site_url line")
    config.write_text(text, encoding="utf-8")
    lock = copy / "bantin.lock.json"
    locked = lock.read_bytes() if lock.exists() else None
    edited = copy / post.relative_to(root)
    checked = []
    earlier: dict[str, bytes] = {}  # the page served at a URL in the state before: it must differ (a control)
    for state in states:
        log(f"[{n}] full build for {state['label']}")
        edited.write_text(state["text"], encoding="utf-8")
        if locked is not None:
            lock.write_bytes(locked)
        cold(copy)
        timed(BUILD, copy, {})
        built = copy / "site" / state["url"] / "index.html"
        if state["html"] is None:
            same, why = False, f"served page unusable: {state['why']}"
        elif not built.is_file():
            same, why = False, f"the full build has no {state['url']}"
        else:
            same = built.read_bytes() == state["html"]
            why = "" if same else first_difference(built.read_bytes(), state["html"])
        control = None
        if built.is_file() and state["url"] in earlier:
            control = built.read_bytes() != earlier[state["url"]]
            if not control:
                print(f"\n!!! CONTROL FAILED at {n} posts, {state['label']}: the page served before this edit equals "
                      "the full build after it: the comparison cannot tell states apart\n", file=sys.stderr, flush=True)
        if state["html"] is not None:
            earlier[state["url"]] = state["html"]
        if not same:
            print(f"\n!!! MISMATCH at {n} posts, {state['label']}: the preview's {state['url']} is not what a full "
                  f"build writes: {why}\n", file=sys.stderr, flush=True)
        checked.append({"label": state["label"], "url": state["url"], "same": same, "why": why, "control": control})
    shutil.rmtree(copy, ignore_errors=True)
    return checked


def first_difference(built: bytes, served: bytes) -> str:
    at = next((i for i, (a, b) in enumerate(zip(built, served, strict=False)) if a != b), min(len(built), len(served)))
    return (f"first difference at byte {at} (built {len(built):,} B, served {len(served):,} B): "
            f"built …{built[max(0, at - 60):at + 60]!r}… served …{served[max(0, at - 60):at + 60]!r}…")


# -- the report -----------------------------------------------------------------------------------
def versions() -> str:
    import material
    import mkdocs

    hugo = (subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split() or ["", "—"])[1] \
        if shutil.which("hugo") else "not installed"
    return (f"{platform.machine()}, {os.cpu_count()} cores, Linux {platform.release()}, Python "
            f"{platform.python_version()}, MkDocs {mkdocs.__version__}, Material {material.__version__}, Hugo {hugo}")


def ms(seconds: list[float]) -> str:
    return f"{statistics.median(seconds) * 1000:,.0f} ms" if seconds else "—"


def all_ms(seconds: list[float]) -> str:
    return ", ".join(f"{s * 1000:,.0f}" for s in seconds)


def verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("**yes**" if ok else "**no**")


def report(rows: list[dict], meta: dict) -> str:
    def cell(m: dict) -> str:
        return f"{m['wall']:.1f} s ({m['cpu']:.1f} s CPU, {m['ratio']:.2f}; {m['rss'] / 1024:,.0f} MiB)"

    out = [f"Measured {meta['start']} → {meta['end']} UTC ({meta['minutes']:.0f} min) by `python scripts/bench_speed.py "
           f"{meta['args']}` on {meta['machine']}, Chromium {meta.get('chromium', '—')}; load average (1, 5, 15 min) "
           f"at start {meta['load_start']}, at end {meta['load_end']}. Medians of {meta['repeat']} run(s), each build "
           "a fresh process; `bulletin_pdf: false` (Hugo and Material make no PDFs). Cells: wall time (CPU time of the "
           "build and its workers, CPU ÷ wall; peak RSS of the largest process).", ""]
    targets = ["| target | posts | bantin | beside | ratio | goal | met |", "|---|---:|---|---|---:|---:|---|"]
    for r in rows:
        n, h = r["n"], r.get("hugo")
        out += [f"**{n:,} posts** ({r['html']:,} pages, {r['files']:,} files, {r['bytes'] / 1e6:,.0f} MB)", "",
                "| build | " + " | ".join(f"-j {w}" for w in r["cold"]) + " | Hugo | Material blog |",
                "|---|" + "---:|" * (len(r["cold"]) + 2),
                "| cold, photo cache kept | " + " | ".join(cell(m) for m in r["cold"].values())
                + f" | {cell(h) if h else '—'} | {cell(r['material']) if r.get('material') else '—'} |",
                "", f"| with `.cache/` kept (default workers) | {n:,} posts |", "|---|---:|",
                f"| no change | {cell(r['nochange'])} |", f"| one post added | {cell(r['added'])} |", ""]
        main_w = os.cpu_count() if os.cpu_count() in r["cold"] else min(r["cold"])
        main = r["cold"][main_w]
        if h:
            ratio = main["wall"] / h["wall"]
            targets.append(f"| 1. cold build ≤ 4 × Hugo (-j {main_w}; -j "
                           + ", ".join(f"{w}: {m['wall'] / h['wall']:.1f}×" for w, m in r["cold"].items())
                           + f") | {n:,} | {main['wall']:.1f} s ({main['cpu']:.1f} s CPU, CPU ÷ wall "
                           f"{main['ratio']:.2f}) | Hugo {h['wall']:.2f} s ({h['cpu']:.1f} s CPU) | {ratio:.1f}× "
                           f"(CPU {main['cpu'] / h['cpu']:.1f}×) | 4× | {verdict(ratio <= 4)} |")
            ratio = r["added"]["wall"] / h["wall"]
            targets.append(f"| 3. one post added, `.cache/` kept ≤ 2 × Hugo's cold | {n:,} | {r['added']['wall']:.1f} s "
                           f"({r['added']['cpu']:.1f} s CPU; no change {r['nochange']['wall']:.1f} s) | Hugo "
                           f"{h['wall']:.2f} s ({h['cpu']:.1f} s CPU) | {ratio:.1f}× (CPU "
                           f"{r['added']['cpu'] / h['cpu']:.1f}×) | 2× | {verdict(ratio <= 2)} |")
        if r.get("material"):
            targets.append(f"| (bantin cold ÷ Material's blog) | {n:,} | {main['wall']:.1f} s | Material "
                           f"{r['material']['wall']:.1f} s | {main['wall'] / r['material']['wall']:.2f} | — | — |")
        pv = r.get("preview")
        if pv:
            body_goal = 1.0 if n <= 3000 else 2.0
            targets.append(f"| 2. body edit → reloaded page's `load` in Chromium | {n:,} | {ms(pv['body'])} "
                           f"({all_ms(pv['body'])}) | — | — | ≤ {body_goal * 1000:,.0f} ms "
                           f"| {verdict(statistics.median(pv['body']) <= body_goal)} |")
            for key, what in (("title", "title edit (URL moves) → new URL's `load`"),
                              ("date", "date edit (+1 day, same URL) → reloaded `load`")):
                goal = None if n > 3000 else statistics.median(pv[key]) <= 5
                targets.append(f"| 2. {what} | {n:,} | {ms(pv[key])} ({all_ms(pv[key])}) | — | — | ≤ 5,000 ms "
                               f"| {verdict(goal) if n <= 3000 else '— (goal at 3,000)'} |")
            bad = [c for c in pv["equal"] if not c["same"]]
            controls = [c["control"] for c in pv["equal"] if c["control"] is not None]
            targets.append(f"| 2. served page = full build's page (minus the live-reload script) | {n:,} | "
                           f"{len(pv['equal']) - len(bad)} of {len(pv['equal'])} equal; control (the page served "
                           f"before the edit differs from the build after it): {sum(controls)} of {len(controls)} | — "
                           f"| — | all | {verdict(not bad and bool(pv['equal']) and all(controls))} |")
            out += [f"Preview ({pv['post']}; first build of `serve` {pv['first_build']:.0f} s): body edits "
                    f"{all_ms(pv['body'])} ms; title edits (the URL moves) {all_ms(pv['title'])} ms to the post's "
                    f"`load` at its new URL ({'; '.join(pv['title_how'])}); "
                    f"date edits {all_ms(pv['date'])} ms. Rebuild times `serve` logged (s): "
                    f"{', '.join(pv['serve_log'][1:]) or '—'}."]
            out += [f"- **MISMATCH** {c['label']} ({c['url']}): {c['why'][:300]}" for c in bad]
            out.append("")
        if "identical" in r:
            diff = r["identical"]
            targets.append(f"| 4. `-j 2` output byte-identical to `-j 1` | {n:,} | "
                           + (f"{r['files']:,} files identical" if not diff else
                              f"{len(diff)} files differ: {', '.join(diff[:5])}")
                           + f" | — | — | identical | {verdict(not diff)} |")
        if n == 10_000:
            rss = max(m["rss"] for m in r["cold"].values())
            targets.append(f"| 4. peak RSS ≤ 1.5 GiB (largest process) | {n:,} | {rss / 1024:,.0f} MiB | — "
                           f"| {rss / GIB:.2f} GiB | 1.5 GiB | {verdict(rss <= 1.5 * GIB)} |")
    by_n = {r["n"]: r for r in rows}
    if 1000 in by_n and 10_000 in by_n:
        def per_post(r: dict) -> float:
            w = os.cpu_count() if os.cpu_count() in r["cold"] else min(r["cold"])
            return float(r["cold"][w]["wall"]) / r["n"]

        ratio = per_post(by_n[10_000]) / per_post(by_n[1000])
        targets.append(f"| 4. linear: time per post at 10,000 ÷ at 1,000 | 10,000 | "
                       f"{per_post(by_n[10_000]) * 1000:.2f} ms | {per_post(by_n[1000]) * 1000:.2f} ms at 1,000 | "
                       f"{ratio:.2f} | 1.3 | {verdict(ratio <= 1.3)} |")
    return "\n".join(out + ["**Targets of issue 21**", ""] + targets) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="3000", help="post counts, e.g. 1000,3000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", default="1,2,4", help="worker counts of the cold builds")
    parser.add_argument("--edits", type=int, default=3, help="body edits in the preview (title and date: half)")
    parser.add_argument("--corpus", action="append", default=[], metavar="N=DIR",
                        help="copy this project (with its photo cache) instead of making the N-post corpus")
    parser.add_argument("--material-max", type=int, default=3000, help="largest size built with Material's blog")
    parser.add_argument("--verify", choices=["each", "last", "none"], default="each",
                        help="preview pages compared with a full build: after each edit, the last of each kind, none")
    parser.add_argument("--timeout", type=float, default=900, help="seconds a preview step may take at most")
    parser.add_argument("--no-preview", action="store_true", help="builds only (the preview target is then missing)")
    parser.add_argument("--write", type=Path, help="put the report into this BENCHMARKS.md")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temp folder)")
    args = parser.parse_args()
    if args.write and BEGIN not in args.write.read_text(encoding="utf-8"):
        raise SystemExit(f"{args.write} has no {BEGIN.strip()} … {END} markers")
    corpora = {int(k): Path(v) for k, v in (c.split("=", 1) for c in args.corpus)}
    workers = [int(w) for w in args.workers.split(",")]
    started = time.time()
    meta = {"start": dt.datetime.now(dt.UTC).strftime("%d/%m/%Y %H:%M"), "machine": versions(),
            "load_start": ", ".join(f"{x:.1f}" for x in os.getloadavg()), "repeat": args.repeat,
            "args": " ".join(sys.argv[1:])}
    base = args.keep or Path(tempfile.mkdtemp(prefix="bantin-speed-"))
    base.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        for n in (int(s) for s in args.sizes.split(",")):
            root = prepare(n, base, corpora.get(n))
            row = builds(n, root, base, args.repeat, workers, n <= args.material_max)
            if not args.no_preview:
                row["preview"] = preview(n, root, base, args.edits, args.timeout, args.verify)
                meta["chromium"] = row["preview"]["chromium"]
            rows.append(row)
            (base / "speed.json").write_text(json.dumps(rows, indent=1, default=str), encoding="utf-8")
            if args.keep is None:
                shutil.rmtree(base / f"bantin-{n}", ignore_errors=True)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    meta.update(end=dt.datetime.now(dt.UTC).strftime("%d/%m/%Y %H:%M"), minutes=(time.time() - started) / 60,
                load_end=", ".join(f"{x:.1f}" for x in os.getloadavg()))
    text = report(rows, meta)
    print(text)
    if args.write:
        doc = args.write.read_text(encoding="utf-8")
        head, rest = doc.split(BEGIN, 1)
        args.write.write_text(head + BEGIN + text + END + rest.split(END, 1)[1], encoding="utf-8")


if __name__ == "__main__":
    main()
