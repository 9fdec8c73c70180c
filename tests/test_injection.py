"""Markup, script and template syntax in any text field appears as text everywhere, never as code."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from factories import edit
from sitebuild import copy_sample, run_bantin

TITLE = """Đại hội <script>alert('t')</script> "><img src=x onerror=alert('i')> {{ 7*7 }} {% if 1 %}J{% endif %}"""
POST = """---
title: TITLE_JSON
date: 2023-03-01 08:00
agency: so-tai-chinh
kind: dai-hoi-chi-bo
term: 2020-2025
tags: ["<script>alert('tag')</script>", "{{ 8*8 }}"]
author: "<img src=x onerror=alert('a')>"
source: "javascript:alert('s')"
summary: "Tóm tắt <script>alert('s')</script> {{ 9*9 }}"
cover: ../../images/2023/so-ket-cuc-thue/hoi-nghi.jpg
photos:
  - src: ../../images/2023/so-ket-cuc-thue/hoi-nghi.jpg
    caption: "Chú thích <script>alert('c')</script> \\"><img src=x onerror=alert('ci')> {{ 6*6 }}"
aliases: [cu/bai-cu]
---

Nội dung.
""".replace("TITLE_JSON", json.dumps(TITLE, ensure_ascii=False))
RAW = re.compile(r"<script>alert|<img src=x|(?:href|src|action)=[\"']?javascript:")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("inject"))
    edit(root / "registry.yml",
         "    short: Sở Tài chính\n", "    short: \"Sở Tài chính <script>alert('reg')</script> {{ 7*7 }}\"\n")
    (root / "posts/2023/tiem.md").write_text(POST, encoding="utf-8")
    result = run_bantin(root, "build")
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_no_payload_is_markup_in_any_page(site):
    found = [(p.relative_to(site).as_posix(), m.group(0)) for p in site.rglob("*.html")
             for m in RAW.finditer(p.read_text(encoding="utf-8"))]
    assert found == []


def test_template_syntax_stays_text(site):
    post = next(site.joinpath("tin/2023/03").iterdir()) / "index.html"
    html = post.read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in html and "{% if 1 %}J{% endif %}" in html
    assert "Tóm tắt" in html and not re.search(r">\s*(49|64|81|36)\s*<", html)


class _Shown(HTMLParser):
    """What a reader renders for an HTML title or summary: its text and any element in it."""

    def __init__(self, value: str):
        super().__init__(convert_charrefs=True)
        self.text, self.elements = "", []
        self.feed(value)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append(tag)

    def handle_data(self, data):
        self.text += data


def test_feeds_json_ld_search_and_redirects_keep_payloads_as_data(site):
    import feedparser

    for name, kind in (("feed.xml", "text/html"), ("atom.xml", "text/plain")):  # RSS: escaped HTML; Atom: text
        feed = feedparser.parse((site / name).read_bytes())
        entry = next(e for e in feed.entries if "/tin/2023/03/" in e.link)
        assert not feed.bozo and entry.title_detail.type == entry.summary_detail.type == kind
        for detail, text in ((entry.title_detail, TITLE),
                             (entry.summary_detail, "Tóm tắt <script>alert('s')</script> {{ 9*9 }}")):
            if kind == "text/html":
                shown = _Shown(detail.value)
                assert (shown.text, shown.elements) == (text, [])
            else:
                assert detail.value == text
        assert entry.author == "<img src=x onerror=alert('a')>"  # plain text by specification, never sanitized
    post = next(site.joinpath("tin/2023/03").iterdir()) / "index.html"
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', post.read_text(encoding="utf-8"), re.S)
    assert json.loads(ld.group(1))["headline"] == TITLE[:110]
    chunks = [json.loads(p.read_text(encoding="utf-8")) for p in site.glob("tim-kiem/index/d/*.json")]
    assert any(doc[1] == TITLE for chunk in chunks for doc in chunk)  # data; search.js escapes it
    redirect = (site / "cu/bai-cu/index.html").read_text(encoding="utf-8")
    assert not RAW.search(redirect) and "&lt;script&gt;" in redirect


def test_unsafe_alias_is_refused(tmp_path):
    root = copy_sample(tmp_path / "p")
    (root / "posts/2023/tiem.md").write_text(POST.replace("aliases: [cu/bai-cu]", "aliases: ['javascript:alert(1)']"),
                                             encoding="utf-8")
    result = run_bantin(root, "check")
    assert result.returncode == 1 and "[aliases[0]] đường dẫn cũ 'javascript:alert(1)' không hợp lệ" in result.stdout
