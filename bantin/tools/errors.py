"""The editors' commands' refusal: what was wrong, in Vietnamese, and what to do instead."""

from __future__ import annotations


class EditorError(Exception):
    """A refusal, in Vietnamese, with what to do instead. `usage`: the command line named
    something wrong (a mistyped path), rather than content the build would refuse."""

    def __init__(self, message: str, hint: str = "", *, usage: bool = False):
        super().__init__(message)
        self.message, self.hint, self.usage = message, hint, usage
