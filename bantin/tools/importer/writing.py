"""The planned posts written: each whole, and all of them or none."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bantin.tools.files import create_new, make_folders, remove_new
from bantin.tools.importer.plan import Planned


def write_import(planned: list[Planned]) -> Written:
    """Write the planned posts, each whole; on any failure (disk full, Ctrl-C) remove those
    already written and raise: an import is written entirely or not at all."""
    written = Written()
    try:
        for item in planned:
            if item.target is None:
                continue
            written.folders += make_folders(item.target.parent)
            try:
                create_new(item.target, lambda f: f.write(item.text.encode("utf-8")))  # noqa: B023 - called at once
            except FileExistsError:  # appeared since the plan was made: still never overwritten
                continue
            written.files.append(item.target)
    except BaseException:
        written.undo()
        raise
    return written


@dataclass
class Written:
    """What `write_import` created, so that a later failure (the report) can undo it all."""

    files: list[Path] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)

    def undo(self) -> None:
        remove_new(self.files, self.folders)
