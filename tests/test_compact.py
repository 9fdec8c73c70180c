"""Whitespace compaction: indentation goes, content whitespace and visible text stay."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from bantin.site.compact import compact_html

PAGE = """<!doctype html>
<html lang="vi">
  <head>
    <script>
      var a = 1;
          var b = "  x  ";
    </script>
    <style>
      .a { color: red; }
    </style>
  </head>
  <body>
    <nav class="md-nav">
      <ul>
        <li>
          <a href="../co-quan/">
            <span class="md-ellipsis">
              Cơ quan
            </span>
          </a>
        </li>
      </ul>
    </nav>
    <p>Đại hội   Chi bộ
       nhiệm kỳ 2020-2025</p>
    <pre><code>dòng 1
    thụt lề
</code></pre>
    <p>Mã <code>a
      b</code> và <TEXTAREA>giữ
   nguyên</TEXTAREA></p>
  </body>
</html>
"""


def visible_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for node in soup(["script", "style", "pre", "code", "textarea"]):
        node.decompose()
    return re.sub(r"\s+", " ", soup.get_text()).strip()


def test_indentation_goes():
    out = compact_html(PAGE)
    assert "\n " not in re.sub(r"<(pre|code|script|style|textarea)\b.*?</\1>", "", out, flags=re.S | re.I)
    assert '<a href="../co-quan/">\n<span class="md-ellipsis">\nCơ quan\n</span>' in out
    assert len(out) < 0.8 * len(PAGE)


def test_whitespace_that_is_content_stays():
    out = compact_html(PAGE)
    for block in ("<pre><code>dòng 1\n    thụt lề\n</code></pre>", "<code>a\n      b</code>",
                  "<TEXTAREA>giữ\n   nguyên</TEXTAREA>",
                  '<script>\n      var a = 1;\n          var b = "  x  ";\n    </script>'):
        assert block in out


def test_style_sheets_lose_their_indentation_too():
    assert "<style>\n.a { color: red; }\n</style>" in compact_html(PAGE)


def test_visible_text_is_the_same():
    assert visible_text(compact_html(PAGE)) == visible_text(PAGE)


def test_spaces_without_a_line_break_are_kept():
    assert compact_html("<p>a  b</p> <b>c</b>") == "<p>a  b</p> <b>c</b>"


def test_idempotent():
    once = compact_html(PAGE)
    assert compact_html(once) == once
