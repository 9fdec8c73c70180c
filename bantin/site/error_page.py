"""The page `bantin serve` shows instead of the site while its last build failed.

Every problem is worded as `bantin check` words it (file, line, field, message, the fix after
→): posts and registry.yml as ContentErrors, anything else (mkdocs.yml, a fault of the machine)
as the Vietnamese line the terminal printed. The page stands alone: its style and its one
script are inline, nothing is loaded from anywhere, and a Content-Security-Policy lets only
that script run, so an editor's text in it (file names, values, titles) can only ever be text.
The script waits on the preview server (`poll`) and reloads the page after the next build.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from bantin.model.errors import ContentError, summary_line
from bantin.model.text import nfc
from bantin.site.templates import Templates

TEMPLATE = "bantin/preview_error.html"


@dataclass(frozen=True)
class Line:
    """A problem that is no post's or registry's: the text the terminal showed for it."""

    text: str
    warning: bool = False


@dataclass(frozen=True)
class Failure:
    """Why the last build failed: every problem, the content's first."""

    errors: tuple[ContentError, ...] = ()
    lines: tuple[Line, ...] = ()

    def summary(self) -> str:
        """'Có 2 lỗi và 1 cảnh báo trong 2 tệp.', as `bantin check` ends (lines count as a file each)."""
        if not self.lines:
            return summary_line(list(self.errors))
        errors = sum(not e.warning for e in self.errors) + sum(not line.warning for line in self.lines)
        warnings = len(self.errors) + len(self.lines) - errors
        parts = [f"{errors} lỗi"] if errors else []
        parts += [f"{warnings} cảnh báo"] if warnings else []
        return f"Có {' và '.join(parts)}." if parts else "Không có lỗi."


_templates: Templates | None = None


def render(failure: Failure, *, site_name: str, poll: str, nonce: str | None = None) -> str:
    """The error page's HTML. `poll` is the address its script waits on: the server answers it
    with the preview's version once that differs from the page's (the address ends with it)."""
    global _templates
    if _templates is None:
        _templates = Templates()  # bantin's own: the page must show even when mkdocs.yml is broken
    problems = sorted(failure.errors, key=lambda e: (e.path, e.line or 0))
    html = _templates.render(
        TEMPLATE,
        site_name=site_name,
        summary=failure.summary(),
        errors=[e for e in problems if not e.warning] + [line for line in failure.lines if not line.warning],
        warnings=[e for e in problems if e.warning] + [line for line in failure.lines if line.warning],
        poll=poll,
        nonce=nonce or secrets.token_urlsafe(16),
    )
    return nfc(html)
