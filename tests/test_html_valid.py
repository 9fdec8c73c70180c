"""The W3C Nu HTML checker (vnu.jar from npm's vnu-jar, pinned by tests/vnu/package-lock.json; `make test`
runs npm ci there) finds no error in any page of the sample site, the web editor's included: issue 17 §5.

One checker run over the whole built site (its Java start costs seconds); the report is left in
test-artifacts/vnu/. Skips without Java or the jar, except under CI=true (.ci/run installs both)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from sitebuild import REPO, build_sample, save_report

VNU = REPO / "tests" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
REPORT = REPO / "test-artifacts" / "vnu" / "report.json"

# One page of each kind, so the check cannot pass by checking less than the site.
PAGE_TYPES = {
    "home": "index.html",
    "post": "tin/2020/01/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022/index.html",
    "agency": "co-quan/so-cong-thuong/index.html",
    "unit": "co-quan/so-cong-thuong/don-vi/van-phong/index.html",
    "agency × term": "co-quan/so-cong-thuong/nhiem-ky/2020-2022/index.html",
    "agencies": "co-quan/index.html",
    "term": "nhiem-ky/2020-2022/index.html",
    "terms": "nhiem-ky/index.html",
    "kind": "loai/dai-hoi-chi-bo/index.html",
    "kinds": "loai/index.html",
    "archive": "luu-tru/index.html",
    "archive year": "luu-tru/2020/index.html",
    "archive month": "luu-tru/2020/01/index.html",
    "tags": "tu-khoa/index.html",
    "search": "tim-kiem/index.html",
    "photo library": "thu-vien-anh/index.html",
    "photo library of an agency": "thu-vien-anh/co-quan/so-cong-thuong/index.html",
    "a second page": "trang/2/index.html",
    "hand-written page": "gioi-thieu/index.html",
    "redirect from an old address": "tin-tuc/hoat-dong-dang/tong-ket-cong-tac-xay-dung-dang-2019.html",
    "not found": "404.html",
    "web editor": "admin/index.html",
}


def _java() -> str | None:
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        missing = "Java (apt-get install default-jre-headless)" if java is None else \
            "the Nu checker (npm ci --prefix tests/vnu --ignore-scripts)"
        if os.environ.get("CI") == "true":
            raise RuntimeError(f"CI=true but {missing} is not installed")
        pytest.skip(f"{missing} is not installed")
    return java


def test_every_page_is_valid_html(tmp_path):
    java = _java()
    site = build_sample(tmp_path)
    for kind, path in PAGE_TYPES.items():
        assert (site / path).is_file(), f"the sample site has no {kind} page ({path})"
    pages = sorted(site.rglob("*.html"))
    checked = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, pages)],
                             capture_output=True, text=True, timeout=600)
    report = json.loads(checked.stderr)  # vnu writes its JSON report to stderr
    save_report(REPORT, report)
    errors = [m for m in report["messages"] if m["type"] in ("error", "non-document-error")]
    lines = [f"{m.get('url', '').partition(str(site) + '/')[2]}:{m.get('lastLine', '?')}: {m['message']}"
             for m in errors]
    assert not errors, f"{len(errors)} errors from the Nu checker (report: {REPORT}):\n" + "\n".join(lines[:50])
    assert len(pages) > 100 and checked.returncode == 0, checked.stdout
