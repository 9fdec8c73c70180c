"""Photo renditions published as hard links to bantin's photo cache (engine/files.py: CachedFile)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from mkdocs.structure.files import Files

from bantin.engine import files as site_files
from bantin.engine.files import CachedFile


def cached(tmp_path: Path, name: str, data: bytes) -> Path:
    """A file as the photo cache holds it (written once, never in place)."""
    path = tmp_path / "cache" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def rendition(tmp_path: Path, source: Path, uri: str = "anh/2020/a-480.jpg") -> CachedFile:
    file = CachedFile(uri, src_dir=None, dest_dir=str(tmp_path / "site"), use_directory_urls=True)
    file.abs_src_path = str(source)
    return file


def test_a_rendition_is_the_cached_file_itself(tmp_path):
    source = cached(tmp_path, "a-480.jpg", b"\xff\xd8jpeg")
    file = rendition(tmp_path, source)
    Files([file]).copy_static_files()
    out = tmp_path / "site" / "anh/2020/a-480.jpg"
    assert out.read_bytes() == b"\xff\xd8jpeg"
    assert os.path.samefile(out, source)


def test_a_file_already_at_the_output_is_replaced_never_written_through(tmp_path):
    """The preview builds again into the same folder: the old output, a link to another cached
    file, goes; that cached file keeps its bytes."""
    old = cached(tmp_path, "old-480.jpg", b"old")
    new = cached(tmp_path, "new-480.jpg", b"new")
    rendition(tmp_path, old).copy_file()
    rendition(tmp_path, new).copy_file()
    out = tmp_path / "site" / "anh/2020/a-480.jpg"
    assert out.read_bytes() == b"new" and os.path.samefile(out, new)
    assert old.read_bytes() == b"old"
    rendition(tmp_path, new).copy_file()  # again onto its own link: no SameFileError, same file
    assert os.path.samefile(out, new) and new.read_bytes() == b"new"


@pytest.mark.parametrize("refusal", [errno.EXDEV, errno.EPERM, errno.EMLINK])
def test_where_no_link_can_be_made_the_file_is_copied(tmp_path, monkeypatch, refusal):
    """Another file system, a file system without hard links, too many links: a copy."""
    source = cached(tmp_path, "a-480.jpg", b"jpeg")

    def no_link(src, dst):
        raise OSError(refusal, os.strerror(refusal))

    old = cached(tmp_path, "old-480.jpg", b"old")
    rendition(tmp_path, old).copy_file()  # linked by an earlier build into the same folder
    monkeypatch.setattr(site_files.os, "link", no_link)
    rendition(tmp_path, source).copy_file()
    out = tmp_path / "site" / "anh/2020/a-480.jpg"
    assert old.read_bytes() == b"old"  # the copy went to a new file, not through the old link
    assert out.read_bytes() == b"jpeg" and not os.path.samefile(out, source)
    out.write_bytes(b"changed")  # a copy: the cache is untouched
    assert source.read_bytes() == b"jpeg"


def test_a_dirty_build_skips_an_output_as_new_as_its_source(tmp_path):
    source = cached(tmp_path, "a-480.jpg", b"jpeg")
    rendition(tmp_path, source).copy_file()
    out = tmp_path / "site" / "anh/2020/a-480.jpg"
    out.unlink()
    out.write_bytes(b"hand")
    os.utime(out, (os.stat(source).st_mtime + 10,) * 2)
    rendition(tmp_path, source).copy_file(dirty=True)
    assert out.read_bytes() == b"hand"
    rendition(tmp_path, source).copy_file(dirty=False)
    assert os.path.samefile(out, source)
