"""scripts/bench_speed.py's own parts that decide a figure: the live-reload script it strips
from a served page is exactly what MkDocs' server injects (a contract: an upgrade that changes
the injection fails here, not as a false mismatch in a benchmark), `bulletin_pdf: false` in a
corpus's mkdocs.yml, the tree comparison, and the verdicts of the report. Nothing here times
anything: the script measures."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
import bench_speed  # noqa: E402
from make_corpus import make  # noqa: E402

PAGE = ('<!doctype html><html lang="vi"><head><title>Tin</title></head><body><p>Nội dung &lt;/body&gt;</p>'
        '<script>console.log(1)</script></body></html>').encode()


def injected(html: bytes, epoch: int = 1700000000123) -> bytes:
    """The page as MkDocs' preview server sends it."""
    from mkdocs.livereload import LiveReloadServer

    return LiveReloadServer._inject_js_into_html(None, html, epoch)


def test_the_script_mkdocs_serve_injects_is_stripped_exactly():
    script = bench_speed.injected_script()
    served = injected(PAGE)
    assert served != PAGE and len(served) > len(PAGE) + 500
    assert bench_speed.without_script(served, script) == PAGE  # the page's own script is kept


def test_a_page_without_body_end_is_stripped_at_its_end():
    script = bench_speed.injected_script()
    fragment = "<p>Không có thẻ đóng</p>".encode()
    assert bench_speed.without_script(injected(fragment, 5), script) == fragment


def test_a_page_the_server_did_not_touch_is_refused_not_passed():
    script = bench_speed.injected_script()
    assert bench_speed.without_script(PAGE, script) is None
    tampered = injected(PAGE).replace(b"location.reload()", b"location.reload(true)")
    assert bench_speed.without_script(tampered, script) is None


def test_bulletin_pdf_is_switched_off_in_the_corpus_config(tmp_path):
    root = make(tmp_path / "corpus", 0)
    bench_speed.without_pdf(root)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    options = next(p["bantin"] for p in config["plugins"] if isinstance(p, dict) and "bantin" in p)
    assert options == {"bulletin_pdf": False, "per_page": 10}
    text = (root / "mkdocs.yml").read_text(encoding="utf-8").replace("bulletin_pdf: false", "bulletin_pdf: true")
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    bench_speed.without_pdf(root)
    bench_speed.without_pdf(root)
    assert (root / "mkdocs.yml").read_text(encoding="utf-8").count("bulletin_pdf: false") == 1


def test_differences_lists_changed_missing_and_extra_files_at_any_depth(tmp_path):
    for side in ("a", "b"):
        (tmp_path / side / "tin" / "2020").mkdir(parents=True)
        (tmp_path / side / "index.html").write_text("giống", encoding="utf-8")
        (tmp_path / side / "tin" / "2020" / "same.html").write_text("giống", encoding="utf-8")
    assert bench_speed.differences(tmp_path / "a", tmp_path / "b") == []
    (tmp_path / "a" / "tin" / "2020" / "same.html").write_text("khác", encoding="utf-8")
    (tmp_path / "a" / "only-a.html").write_text("", encoding="utf-8")
    (tmp_path / "b" / "tin" / "only-b").mkdir()
    assert bench_speed.differences(tmp_path / "a", tmp_path / "b") == [
        "only-a.html", "tin/2020/same.html", "tin/only-b"]


def build(wall: float, cpu: float | None = None, rss: int = 200 * 1024) -> dict:
    cpu = wall if cpu is None else cpu
    return {"wall": wall, "cpu": cpu, "ratio": cpu / wall, "rss": rss, "runs": [wall]}


def row(n: int, cold: float, hugo: float, added: float, body: list[float], equal: bool = True) -> dict:
    checks = [{"label": "body edit 1", "url": "tin/2020/01/a/", "same": equal, "why": "" if equal else "byte 9",
               "control": None},
              {"label": "date edit", "url": "tin/2020/01/a/", "same": True, "why": "", "control": True}]
    return {"n": n, "html": 10, "files": 20, "bytes": 1e6,
            "cold": {1: build(cold * 1.5), 2: build(cold, cold * 1.9), 4: build(cold * 1.1)},
            "identical": [], "nochange": build(added / 2), "added": build(added), "hugo": build(hugo),
            "material": build(cold * 3),
            "preview": {"post": "posts/2020/a.md", "first_build": 30.0, "body": body, "title": [4.0], "date": [6.0],
                        "title_how": ["the old address's reload redirected to it"], "serve_log": [],
                        "equal": checks}}


def lines(text: str, start: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(start)]


META = {"start": "30/11/2026 17:00", "end": "30/11/2026 17:30", "minutes": 30, "args": "--sizes 3000",
        "machine": "x86_64, 2 cores", "load_start": "1.0, 1.0, 1.0", "load_end": "2.0, 2.0, 2.0", "repeat": 3}


def test_the_report_judges_each_target_on_its_bound(monkeypatch):
    monkeypatch.setattr(bench_speed.os, "cpu_count", lambda: 2)
    text = bench_speed.report([row(3000, cold=8.0, hugo=2.0, added=4.2, body=[0.9, 1.2, 0.8])], META)
    assert lines(text, "| 1. cold")[0].endswith("| 8.0 s (15.2 s CPU, CPU ÷ wall 1.90) | Hugo 2.00 s (2.0 s CPU) "
                                                 "| 4.0× (CPU 7.6×) | 4× | **yes** |")
    assert lines(text, "| 3. one post added")[0].endswith("| 2.1× (CPU 2.1×) | 2× | **no** |")
    assert lines(text, "| 2. body edit")[0].endswith("| 900 ms (900, 1,200, 800) | — | — | ≤ 1,000 ms | **yes** |")
    assert lines(text, "| 2. title edit")[0].endswith("| ≤ 5,000 ms | **yes** |")
    assert lines(text, "| 2. date edit")[0].endswith("| ≤ 5,000 ms | **no** |")
    assert lines(text, "| 2. served page")[0].endswith("2 of 2 equal; control (the page served before the edit "
                                                      "differs from the build after it): 1 of 1 | — | — | all | **yes** |")
    assert lines(text, "| 4. `-j 2` output")[0].endswith("| 20 files identical | — | — | identical | **yes** |")
    assert not lines(text, "| 4. linear") and not lines(text, "| 4. peak RSS")


def test_a_mismatch_fails_the_preview_target_and_is_named(monkeypatch):
    monkeypatch.setattr(bench_speed.os, "cpu_count", lambda: 2)
    text = bench_speed.report([row(3000, cold=8.0, hugo=2.0, added=3.0, body=[0.5], equal=False)], META)
    assert lines(text, "| 2. served page")[0].endswith("| all | **no** |")
    assert lines(text, "- **MISMATCH** body edit 1 (tin/2020/01/a/): byte 9")


def test_linearity_and_memory_are_judged_only_with_1000_and_10000(monkeypatch):
    monkeypatch.setattr(bench_speed.os, "cpu_count", lambda: 2)
    small = row(1000, cold=10.0, hugo=1.0, added=2.0, body=[0.5])
    large = row(10_000, cold=140.0, hugo=10.0, added=20.0, body=[1.5])
    large["cold"][4]["rss"] = 1600 * 1024  # KiB: over 1.5 GiB
    text = bench_speed.report([small, large], META)
    assert lines(text, "| 4. linear")[0].endswith("| 14.00 ms | 10.00 ms at 1,000 | 1.40 | 1.3 | **no** |")
    assert lines(text, "| 4. peak RSS")[0].endswith("| 1,600 MiB | — | 1.56 GiB | 1.5 GiB | **no** |")
    assert lines(text, "| 2. body edit")[1].endswith("| ≤ 2,000 ms | **yes** |")
    assert lines(text, "| 2. title edit")[1].endswith("| — (goal at 3,000) |")


def test_a_cold_build_keeps_the_photo_cache_and_no_other(tmp_path):
    """Target 1's "cold build with the photo cache": every build cache a build of the sample
    writes, site/ and archive alike, is gone after cold(); the photos' renditions stay."""
    from sitebuild import copy_sample, run_bantin

    root = copy_sample(tmp_path / "site")
    result = run_bantin(root, "build", "--zip", env={"BANTIN_WORKERS": "2"})
    assert result.returncode == 0, result.stderr[-2000:]
    cache = root / ".cache" / "bantin"
    files = {p.name for p in cache.iterdir() if p.is_file()}
    assert {n for n in files if n.endswith((".json.z", ".bin"))} >= {"bodies.json.z", "pages.bin"}
    photos = sorted(p for p in cache.rglob("*.webp"))
    assert photos
    bench_speed.cold(root)
    left = {p.name for p in cache.iterdir() if p.is_file()}
    assert {n for n in left if n.endswith((".json.z", ".bin"))} == set(), left
    assert not (cache / "search").exists() and not (root / "site").exists()
    assert sorted(p for p in cache.rglob("*.webp")) == photos
