"""Shared fixtures: the repository root, the small test registry, helpers to write posts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bantin.registry import Registry, load_registry

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def registry() -> Registry:
    reg, errors = load_registry(FIXTURES / "registry.yml", FIXTURES)
    assert errors == []
    return reg


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    """An empty project: the test registry, an empty posts/ folder, no mkdocs.yml."""
    shutil.copy(FIXTURES / "registry.yml", tmp_path / "registry.yml")
    (tmp_path / "posts").mkdir()
    return tmp_path


def write_post(root: Path, rel: str, front: str, body: str = "Nội dung.\n") -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front.strip()}\n---\n\n{body}", encoding="utf-8")
    return path
