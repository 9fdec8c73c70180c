"""Shared fixtures: the small test registry, an empty project, the browser and the served sample.
Helpers that tests import are in factories.py, sitebuild.py and browsing.py: this file is not imported."""

from __future__ import annotations

from pathlib import Path

import pytest

from bantin.model.registry import Registry
from bantin.model.registry_file import load_registry
from factories import make_project
from sitebuild import FIXTURES_DIR


@pytest.fixture(scope="session")
def registry() -> Registry:
    reg, errors = load_registry(FIXTURES_DIR / "registry.yml", FIXTURES_DIR)
    assert errors == []
    return reg


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    """An empty project: the test registry, an empty posts/ folder, no mkdocs.yml."""
    return make_project(tmp_path)


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
