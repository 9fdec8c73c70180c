"""How trafilatura and readability-lxml read the saved web pages of the import benchmark, beside
bantin's own rules (bantin/tools/importer/page.py). Not a dependency of bantin: run it in a scratch
environment that has them,

    python3 -m venv /tmp/x && /tmp/x/bin/pip install trafilatura==2.0.0 readability-lxml==0.9
    /tmp/x/bin/python scripts/eval_extractors.py

and it prints, per page and extractor, the title, date, author, whether each expected caption and
the byline are in the text, and which chrome words leaked (menu, share, related news, footer).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHROME = ("Trang chủ", "Chia sẻ", "Facebook", "Tin liên quan", "Tin khác", "Các tin khác", "Tin cùng chuyên mục",
          "Bản quyền", "Địa chỉ", "Liên hệ", "©")


def main() -> None:
    from bantin.tools.importer.page import CAPTION, IMAGE, read_page

    rows = []
    for folder in ("tune", "held-out", "held-out-2", "held-out-3"):
        base = ROOT / "tests/fixtures/import-bench" / folder
        expected = yaml.safe_load((base / "expected.yml").read_text(encoding="utf-8"))
        for name, want in expected.items():
            if not name.endswith(".html"):
                continue
            html = (base / name).read_text(encoding="utf-8")
            results = {}
            page = read_page(html)
            text = "\n".join(line.replace(CAPTION, "").replace(IMAGE, "") for line in page.lines)
            results["bantin"] = (page.title, page.published and page.published.date().isoformat(), page.byline,
                                 text + "\n" + page.byline)
            try:
                import trafilatura

                doc = trafilatura.bare_extraction(html, with_metadata=True, include_images=True,
                                                  include_comments=False, favor_precision=False)
                if doc is not None:
                    doc = doc.as_dict() if hasattr(doc, "as_dict") else doc
                    results["trafilatura"] = (doc.get("title"), doc.get("date"), doc.get("author"),
                                              doc.get("text") or "")
            except ImportError:
                pass
            try:
                import lxml.html
                from readability import Document

                doc = Document(html)
                body = lxml.html.fromstring(doc.summary()).text_content()
                results["readability"] = (doc.short_title(), None, None, body)
            except ImportError:
                pass
            for tool, (title, date, author, body) in results.items():
                captions = sum(c in body for c in want.get("captions", []))
                leaked = [w for w in CHROME if w in body]
                rows.append(f"{folder}/{name} {tool}: title {'ok' if title == want['title'] else repr(title)}; "
                            f"date {date}; author {author!r}; byline in text {want['byline'] in body}; captions "
                            f"{captions}/{len(want.get('captions', []))}; chrome {leaked}")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
