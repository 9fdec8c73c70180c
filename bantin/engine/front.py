"""The front matter of bantin's generated pages read back without YAML (issue 21).

site/pages.py:front_matter writes each value as JSON on one line (`title: "…"`), which YAML
reads as flow values. MkDocs parses every page's front matter with PyYAML (utils/meta.get_data),
~0.1 ms a page, 0.8 s at 3,000 posts; JSON gives the same values ~10× faster. The plugin hands
MkDocs the page's Markdown without its front matter (on_page_read_source) and sets `page.meta`
to these values before any plugin reads it (on_page_markdown, first of all).

`split` accepts only what it can read exactly as PyYAML does: lines `key: JSON value` whose
values are strings, integers, booleans, null, lists and mappings of those, with no character
PyYAML refuses or reads as a line break; anything else (a page by hand, another plugin's, a
float) is left to MkDocs: None.
"""

from __future__ import annotations

import json
import re

# Characters PyYAML's reader refuses (then MkDocs drops the whole front matter) or reads as line
# breaks inside a quoted scalar (folded into a space), and byte-order marks; JSON's escapes of
# surrogates (libyaml refuses them). Escaped, any other character reads the same both ways.
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
_LINES = re.compile(r"(?:[a-z_]+: [^\n]+\n)+")
# Plain words YAML 1.1 reads as booleans or null: as keys they would not be strings.
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "true", "false", "on", "off", "null"})
OPEN, CLOSE = "---\n", "\n---\n"


def _plain(value: object) -> bool:
    """A value YAML reads from its JSON text as JSON does (no floats: YAML 1.1 reads `1e+16` as text)."""
    if value is None or isinstance(value, str | bool | int):
        return True
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(_plain(v) for v in value.values())
    return False


def split(source: str) -> tuple[dict, str] | None:
    """(meta, Markdown) of a page written with JSON front matter, as MkDocs' get_data gives them;
    None when the source is not laid out that way or holds anything read otherwise by YAML."""
    if not source.startswith(OPEN):
        return None
    end = source.find(CLOSE, len(OPEN) - 1)
    if end < len(OPEN):  # no line between the fences: YAML's pattern does not match it either
        return None
    head = source[len(OPEN):end + 1]  # its lines, each with its newline
    if _LINES.fullmatch(head) is None or _UNSAFE.search(head) or ("\\u" in head and _SURROGATE.search(head)):
        return None
    lines = head[:-1].split("\n")
    keys = [line[:line.index(": ")] for line in lines]
    if len(set(keys)) != len(keys) or not _YAML_WORDS.isdisjoint(keys):
        return None
    try:  # one JSON object of every line: `key: value` with keys of [a-z_] quoted as they are
        meta = json.loads("{" + ",".join(f'"{line[:len(key)]}"{line[len(key):]}' for key, line in zip(keys, lines, strict=True))
                          + "}")
    except ValueError:
        return None
    if not isinstance(meta, dict) or list(meta) != keys or not all(_plain(v) for v in meta.values()):
        return None
    markdown = source[end + len(CLOSE):].lstrip("\n")
    if "\r" in markdown:  # given back behind a blank line (see without_front), read line by line
        return None
    return meta, markdown


def without_front(markdown: str) -> str:
    """The source handed to MkDocs: the Markdown behind one blank line, which get_data gives back
    unchanged with no metadata (no YAML fences; its MultiMarkdown reading stops at the blank line)."""
    return "\n" + markdown
