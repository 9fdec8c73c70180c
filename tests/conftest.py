"""Shared fixtures: the repository root, the small test registry, helpers to write posts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bantin.model.registry import Registry, load_registry

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


# -- browser tests (tests/browsing.py) ----------------------------------------------------------
@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    """The sample site, built and served on 127.0.0.1 under /bantin/ (see tests/browsing.py)."""
    from browsing import serve
    from sitebuild import copy_sample, run_bantin

    root = copy_sample(tmp_path_factory.mktemp("browser"))
    result = run_bantin(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    url, server = serve(root / "site")
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    from browsing import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=["desktop", "phone"])
def page(request, browser):
    from browsing import VIEWPORTS, watched

    context = browser.new_context(viewport=VIEWPORTS[request.param], locale="vi-VN")
    yield watched(context, request.param)
    context.close()
