"""Every feed of the sample site (the site's feed.xml and atom.xml, each agency's and each term's) passes
the W3C Feed Validation Service run from its source: issue 17, "Done means".

The validator (github.com/w3c/feedvalidator, Python 3, MIT) is vendored at a pinned commit as a zip of
its package, imported from there (tests/feedvalidator/README.md); it needs html5lib (test extra) and no
network: each feed is read from disk and judged as if fetched from its public address (so atom:link
rel="self" is checked against it). Nothing to install, so nothing to skip. One build; every event at the
online validator's levels (errors, warnings) and the informational notes are left in
test-artifacts/feedvalidator/report.json."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from sitebuild import REPO, build_sample, save_report

FEEDVALIDATOR = REPO / "tests" / "feedvalidator" / "feedvalidator-43dabeb.zip"
REPORT = REPO / "test-artifacts" / "feedvalidator" / "report.json"
SITE_URL = "https://example.github.io/bantin/"
# Warnings judged harmless, by class name, with the reason; none so far.
ACCEPTED_WARNINGS: dict[str, str] = {}


def _feedvalidator():
    if str(FEEDVALIDATOR / "src") not in sys.path:
        sys.path.insert(0, str(FEEDVALIDATOR / "src"))
    import feedvalidator
    from feedvalidator import compatibility  # noqa: F401  (loads the package's submodules used below)
    from feedvalidator.formatter.text_plain import Formatter  # noqa: F401
    return feedvalidator


def validate(data: bytes, url: str) -> dict:
    """The validator's verdict on one feed's bytes, as if fetched from `url`:
    {"type": "rss"/"atom"/…, "errors": [...], "warnings": [...], "info": [...]} (messages in English)."""
    feedvalidator = _feedvalidator()
    from io import BytesIO

    from feedvalidator.formatter.text_plain import Formatter
    from feedvalidator.logging import TYPE_ATOM, TYPE_RSS2, Error, Info, Warning

    result = feedvalidator.validateStream(BytesIO(data), base=url)
    events = result["loggedEvents"]
    kinds = {TYPE_RSS2: "rss", TYPE_ATOM: "atom"}

    def lines(kind: type) -> list[str]:
        chosen = [event for event in events if isinstance(event, kind)]
        return [f"{type(event).__name__}: {line}" for event, line in zip(chosen, Formatter(chosen), strict=True)]

    return {"type": kinds.get(result.get("feedType"), str(result.get("feedType"))),
            "errors": lines(Error), "warnings": lines(Warning), "info": lines(Info)}


def site_feeds(site: Path) -> list[Path]:
    """Every RSS or Atom file in a built site (sitemaps excluded)."""
    feeds = []
    for path in sorted(site.rglob("*.xml")):
        if path.name.startswith("sitemap") or "assets" in path.relative_to(site).parts:
            continue
        head = path.read_bytes()[:400]
        if b"<rss" in head or b"<feed" in head:
            feeds.append(path)
    return feeds


def check_feeds(site: Path, site_url: str = SITE_URL) -> dict[str, dict]:
    """{path in the site: verdict} for every feed (shared with scripts/validate_site.py)."""
    return {path.relative_to(site).as_posix(): validate(path.read_bytes(), site_url + path.relative_to(site).as_posix())
            for path in site_feeds(site)}


def test_every_feed_passes_the_w3c_feed_validator(tmp_path):
    site = build_sample(tmp_path)
    report = check_feeds(site)
    save_report(REPORT, report)

    # Every feed the site offers is checked: the site's, each agency's, each term's, in both formats.
    folders = [""] + [f"{d.relative_to(site).as_posix()}/" for section in ("co-quan", "nhiem-ky")
                      for d in sorted((site / section).iterdir()) if d.is_dir()]
    assert len(folders) > 10
    for folder in folders:
        assert report.get(f"{folder}feed.xml", {}).get("type") == "rss", f"no RSS feed in /{folder}"
        assert report.get(f"{folder}atom.xml", {}).get("type") == "atom", f"no Atom feed in /{folder}"

    errors = [f"{name}: {line}" for name, verdict in report.items() for line in verdict["errors"]]
    assert not errors, f"{len(errors)} errors from the feed validator (report: {REPORT}):\n" + "\n".join(errors[:50])
    warnings = [f"{name}: {line}" for name, verdict in report.items() for line in verdict["warnings"]
                if line.partition(":")[0] not in ACCEPTED_WARNINGS]
    assert not warnings, f"{len(warnings)} warnings (report: {REPORT}):\n" + "\n".join(warnings[:50])

    # A control on bantin's own output, so the check cannot pass by judging nothing: a feed without its
    # title is an error, one served from another address than its rel="self" says is warned about.
    rss, atom = (site / "feed.xml").read_bytes(), (site / "atom.xml").read_bytes()
    untitled = validate(re.sub(rb"<title>.*?</title>", b"", rss, count=1), SITE_URL + "feed.xml")
    assert any(line.startswith("MissingTitle") for line in untitled["errors"]), untitled
    moved = validate(atom, "https://elsewhere.example/atom.xml")
    assert any(line.startswith("SelfDoesntMatchLocation") for line in moved["warnings"]), moved
