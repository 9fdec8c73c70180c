"""Generated pages' front matter read back without YAML (engine/front.py): exactly what MkDocs'
own reading (mkdocs.utils.meta.get_data, PyYAML) gives, or left to it."""

from __future__ import annotations

import os
import random
import subprocess
import sys

import pytest
from mkdocs.utils.meta import get_data
from test_bodies import assert_same_site

from bantin.engine import front
from bantin.site.pages import front_matter
from sitebuild import REPO, copy_sample

TEXTS = ["Đại hội Chi bộ Văn phòng lần thứ nhất, nhiệm kỳ 2020-2022", "Tin <b>đậm</b> & “ngoặc” 'đơn'",
         'dấu "kép" \\ gạch chéo / và \\u00e9', "tab\tvà\ndòng mới\r", "# không phải chú thích", "- không phải danh sách",
         "key: value", "{không: phải}", "[một, hai]", "---", "...", "yes", "null", "~", "1e+16", "007", "@ và `",
         "ký tự \x85 NEL", "dòng \u2028 mới", "\ufeffBOM", "\x7fDEL", "\x1b thoát", "emoji 😀 và 𠀀", " khoảng trắng ",
         "", "ê" * 300]
BODIES = ["", "Nội dung.\n", "Tác giả: Trần Thu Hà\n\nĐoạn hai.\n", "\n\nSau dòng trống.\n", "---\ntitle: x\n---\n",
          "Note: đây là dòng meta kiểu MultiMarkdown\n    tiếp theo\n", "dòng\r\nWindows\r\n"]


def sources():
    chance = random.Random(21)
    for text in TEXTS:
        for body in BODIES:
            yield front_matter(title=text, description=text[::-1], hide=["navigation", "toc"],
                               search={"exclude": True}) + body
    for _ in range(400):
        meta = {chance.choice(["title", "description", "hide", "search", "glightbox", "template", "on", "n"]):
                chance.choice([chance.choice(TEXTS), [chance.choice(TEXTS)], {"exclude": chance.random() < 0.5},
                               chance.randint(-5, 10**12), True, 1.5, 1e16])
                for _ in range(chance.randint(1, 4))}
        yield front_matter(**meta) + chance.choice(BODIES)
    # Sources not laid out by front_matter: left to MkDocs, or read as it reads them.
    yield from ["---\n---\n\nx", "---\n\n---\nx", "---\ntitle: x\n...\nbody", "--- \ntitle: \"x\"\n---\n",
                "---\ntitle: \"x\"\n--- \nbody", "---\ntitle: \"x\" # c\n---\n", "---\ntitle: x\n---\n",
                "---\ntitle: \"a\"\ntitle: \"b\"\n---\n", "---\nTitle: \"a\"\n---\n", "---\ntitle:  \"a\"\n---\n",
                "---\ntitle: \"\\ud83d\\ude00\"\n---\n", "title: x\n\nbody", "", "---\ntitle: \"x\"\n---"]


@pytest.mark.parametrize("source", list(sources()))
def test_read_as_mkdocs_reads_it_or_left_to_it(source):
    found = front.split(source)
    if found is None:
        return
    meta, markdown = found
    assert (markdown, meta) == get_data(source)
    assert get_data(front.without_front(markdown)) == (markdown, {})  # what MkDocs is handed


def test_bantins_own_pages_are_read_here():
    """The pages site/pages.py writes (titles with Vietnamese, quotes, markup) take the quick way."""
    source = front_matter(title="Tin <b>đậm</b> & “ngoặc”", description="Mô tả: \"kép\"", hide=["toc"],
                          search={"exclude": True}, glightbox=False) + "Tác giả: Trần Thu Hà\n\nĐoạn.\n"
    assert front.split(source) == ({"title": "Tin &lt;b&gt;đậm&lt;/b&gt; &amp; “ngoặc”", "description": "Mô tả: &quot;kép&quot;",
                                    "hide": ["toc"], "search": {"exclude": True}, "glightbox": False},
                                   "Tác giả: Trần Thu Hà\n\nĐoạn.\n")
    assert sum(front.split(s) is not None for s in sources()) > 200


@pytest.mark.parametrize("source", ["---\ntitle: 1.5\n---\n", "---\non: \"a\"\n---\n", "---\ntitle: \"\x85\"\n---\n",
                                    "---\ntitle: \"a\"\n---\n\nWindows\r\n", "---\ntitle: \"a\"\n... \n---\n"])
def test_what_yaml_reads_otherwise_is_left_to_mkdocs(source):
    assert front.split(source) is None


RUN = """import atexit, sys
from bantin.engine import front
from bantin.cli import main
mode, out = sys.argv.pop(1), sys.argv.pop(1)
split, read = front.split, []
if mode == "yaml":
    front.split = lambda source: None
else:
    front.split = lambda source: (lambda found: read.append(found is not None) or found)(split(source))
atexit.register(lambda: open(out, "w").write(str(sum(read))))
sys.exit(main(sys.argv[1:]))
"""


def test_a_site_built_reading_front_matter_without_yaml_is_the_one_built_with_it(tmp_path):
    """The sample, each way in a copy of its own (no cache shared): the same files, byte for byte."""
    script = tmp_path / "run.py"
    script.write_text(RUN, encoding="utf-8")
    for mode in ("yaml", "json"):
        root = copy_sample(tmp_path / mode)
        result = subprocess.run([sys.executable, str(script), mode, str(tmp_path / f"{mode}.count"), "build", "--strict"],
                                cwd=root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)},
                                capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-3000:]
    assert (tmp_path / "yaml.count").read_text() == "0"
    pages = sum(1 for _ in (tmp_path / "yaml" / "site").rglob("index.html"))
    assert int((tmp_path / "json.count").read_text()) > pages // 2  # most pages are bantin's
    assert_same_site(tmp_path / "yaml" / "site", tmp_path / "json" / "site")


class _File:
    def __init__(self, content: str, generated_by: str | None = "bantin", abs_src_path: str | None = None) -> None:
        self.src_uri, self.content_string = "co-quan/index.md", content
        self.generated_by, self.abs_src_path = generated_by, abs_src_path


class _Page:
    def __init__(self, file: _File) -> None:
        self.file, self.meta, self.markdown = file, {}, None


SOURCE = front_matter(title="Cơ quan", hide=["toc"]) + "Nội dung.\n"


def test_the_meta_goes_back_to_the_page_it_was_read_from():
    from bantin.engine.plugin import BantinPlugin

    plugin = BantinPlugin()
    page = _Page(_File(SOURCE))
    handed = plugin.on_page_read_source(page=page, config=None)
    assert handed == "\nNội dung.\n"
    page.markdown, page.meta = get_data(handed)
    plugin._meta_back(page.markdown, page=page, config=None, files=None)
    assert page.meta == {"title": "Cơ quan", "hide": ["toc"]} and plugin.front_read == {}


@pytest.mark.parametrize("case", ["hand-written", "another plugin's", "a file on disk", "markdown changed",
                                  "meta set"])
def test_pages_not_read_here_keep_what_mkdocs_read(case):
    from bantin.engine.plugin import BantinPlugin

    plugin = BantinPlugin()
    file = _File(SOURCE, generated_by=None if case == "hand-written" else "other" if case == "another plugin's" else "bantin",
                 abs_src_path="/x.md" if case == "a file on disk" else None)
    page = _Page(file)
    handed = plugin.on_page_read_source(page=page, config=None)
    if case in ("hand-written", "another plugin's", "a file on disk"):
        assert handed is None and plugin.front_read == {}
        return
    assert handed is not None
    # Another plugin's on_page_read_source ran after bantin's, or its own front matter was read.
    page.markdown, page.meta = ("Khác.\n", {}) if case == "markdown changed" else ("Nội dung.\n", {"title": "Khác"})
    plugin._meta_back(page.markdown, page=page, config=None, files=None)
    assert page.meta == ({} if case == "markdown changed" else {"title": "Khác"})
