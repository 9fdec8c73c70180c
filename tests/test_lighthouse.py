"""Lighthouse (npm, tests/lighthouse) on the home page, an agency page, a post with a gallery and
the photo library, mobile profile with its simulated slow network and CPU: Performance,
Accessibility, Best Practices and SEO each at least 95. Scores go to test-artifacts/lighthouse.md and .json.

The performance score measures the machine as much as the page: with another test worker busy on
the second core it fell from 100 to 92 on an unchanged page. So these tests are marked `alone`
(`make test` runs them after the parallel suite, with the machine to themselves), and a page whose
first performance score is under 95 is measured twice more and judged on the median of the three
runs, as Lighthouse's own guide to score variability recommends."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from browsing import ARTIFACTS, CHROMIUM, require_chromium
from sitebuild import REPO

require_chromium()
pytestmark = [pytest.mark.browser, pytest.mark.alone]
LIGHTHOUSE = REPO / "tests" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
if not LIGHTHOUSE.exists() or shutil.which("node") is None:
    if os.environ.get("CI") == "true":
        raise RuntimeError("CI=true but Lighthouse is not installed (npm ci --prefix tests/lighthouse)")
    pytest.skip("Lighthouse is not installed: npm ci --prefix tests/lighthouse", allow_module_level=True)

PAGES = {
    "home": "",
    "agency": "co-quan/so-cong-thuong/",
    "post-gallery": "tin/2020/01/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022/",
    "photo-library": "thu-vien-anh/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
RESULTS = ARTIFACTS.parent / "lighthouse"


def lighthouse(url: str, name: str) -> dict:
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{name}.json"
    flags = "--headless=new --no-sandbox --disable-gpu --disable-background-networking " \
            "--disable-component-update --disable-sync --no-first-run"
    subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
                    f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}"],
                   env={**os.environ, "CHROME_PATH": CHROMIUM}, check=True, timeout=240, capture_output=True)
    return json.loads(out.read_text(encoding="utf-8"))


def performance(report: dict) -> int:
    return round(report["categories"]["performance"]["score"] * 100)


@pytest.fixture(scope="module")
def scores(base_url):
    found = {}
    for name, path in PAGES.items():
        report = lighthouse(base_url + path, name)
        if performance(report) < 95:
            runs = sorted([report] + [lighthouse(base_url + path, f"{name}-{n}") for n in (2, 3)], key=performance)
            report = runs[1]
        found[name] = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
        found[name]["failing"] = sorted(
            a["id"] for a in report["audits"].values()
            if a.get("score") is not None and a["score"] < 0.9 and a.get("scoreDisplayMode") in ("binary", "numeric"))
    lines = ["| page | " + " | ".join(CATEGORIES) + " |", "|---" * (len(CATEGORIES) + 1) + "|"]
    lines += [f"| {name} | " + " | ".join(str(s[c]) for c in CATEGORIES) + " |" for name, s in found.items()]
    (RESULTS / "scores.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return found


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("category", CATEGORIES)
def test_every_score_is_at_least_95(scores, name, category):
    assert scores[name][category] >= 95, scores[name]
