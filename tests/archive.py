"""Helpers for the offline archive's tests: the sample with old addresses, zipped and unzipped,
and a crawler that resolves every local URL of every HTML file as a browser does from file://."""

from __future__ import annotations

import base64
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from sitebuild import copy_sample, run_bantin

RENAMED = "posts/2017/dang-uy-khoi-hoc-tap-quan-triet-nghi-quyet-trung-uong-4-khoa-xii.md"
OLD_URL = "tin/2016/12/ten-cu-cua-bai/"  # an address RENAMED was published at before
ALIASED = "posts/2019/dang-bo-khoi-tong-ket-cong-tac-xay-dung-dang-nam-2019.md"
FOLDER_ALIAS = "tin-cu/tong-ket-2019"  # besides the sample's own alias, which ends in .html
REMOVED_URL = "tin/2016/05/bai-da-go/"  # a post deleted after it was published
URL_ATTRIBUTES = ("href", "src", "action", "poster", "data-src")
SRCSET_ATTRIBUTES = ("srcset", "data-srcset", "imagesrcset")


def archived_sample(root: Path, out: Path, env: dict | None = None) -> Path:
    """The sample with a renamed post, a folder alias and a removed post, built with --zip and
    unzipped into `out`: the site's folder."""
    copy_sample(root)
    lock = root / "bantin.lock.json"
    records = [json.loads(line) for line in lock.read_text(encoding="utf-8").splitlines()]
    for record in records:
        if record["file"] == RENAMED:
            record["urls"].insert(0, OLD_URL)
    records.append({"file": "posts/2016/bai-da-go.md", "removed": True, "urls": [REMOVED_URL]})
    lock.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    post = root / ALIASED
    text = post.read_text(encoding="utf-8")
    assert text.count("\naliases: [") == 1
    post.write_text(text.replace("\naliases: [", f"\naliases: [{FOLDER_ALIAS}, "), encoding="utf-8")
    result = run_bantin(root, "build", "--zip", "ban-tin.zip", env=env)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(root / "ban-tin.zip") as archive:
        archive.extractall(out)
    return out / "ban-tin"


def local_urls(html: str) -> list[tuple[str, str]]:
    """(what, URL) of every URL a page names: attributes, srcsets, meta refresh."""
    found = []
    for tag in BeautifulSoup(html, "html.parser").find_all(True):
        for attribute in URL_ATTRIBUTES:
            if tag.has_attr(attribute):
                found.append((f"{tag.name}[{attribute}]", tag[attribute]))
        for attribute in SRCSET_ATTRIBUTES:
            if tag.has_attr(attribute):
                found += [(f"{tag.name}[{attribute}]", c.split()[0]) for c in tag[attribute].split(",") if c.strip()]
        if tag.name == "meta" and (tag.get("http-equiv") or "").lower() == "refresh":
            match = re.search(r"url=(.*)", tag.get("content", ""), re.IGNORECASE)
            assert match, tag
            found.append(("meta refresh", match.group(1).strip()))
    return found


def broken_from_disk(site: Path) -> list[tuple[str, str, str]]:
    """(page, what, URL) for each URL in the site's HTML that does not open a file from file://:
    a folder (the browser lists it), a path from the disk's root, a file that is not there."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        for what, url in local_urls(page.read_text(encoding="utf-8")):
            parts = urlsplit(url.strip())
            if parts.scheme or parts.netloc or url.startswith(("#", "data:")) or not parts.path:
                continue  # another site, the same page, or inline
            target = page.parent / unquote(parts.path)
            if parts.path.startswith("/") or parts.path.endswith("/") or not target.is_file():
                broken.append((page.relative_to(site).as_posix(), what, url))
    return broken


def unwrap(script: str) -> tuple[str, object]:
    """(name, value) of an index file's wrapper script `window.bantinIndex(name,value);`, read
    as JSON, strictly: nothing before or after the one call."""
    prefix = "window.bantinIndex("
    assert script.startswith(prefix) and script.endswith(");\n"), script[:80]
    decoder = json.JSONDecoder()
    name, end = decoder.raw_decode(script, len(prefix))
    assert script[end] == ","
    value, end = decoder.raw_decode(script, end + 1)
    assert script[end:] == ");\n"
    return name, value


def unwrapped_bytes(script: str) -> tuple[str, bytes]:
    """(name, the original file's bytes) of a wrapper: base64 decoded, or JSON written again."""
    name, value = unwrap(script)
    if isinstance(value, str):
        return name, base64.b64decode(value, validate=True)
    return name, json.dumps(value).encode()
