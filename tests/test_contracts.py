"""Every engine internal bantin relies on (bantin/engine/contracts.py) still holds, on MkDocs and
on ProperDocs: an upgrade that changes one fails here, naming it and where bantin uses it."""

from __future__ import annotations

import pytest

from bantin.engine.contracts import CONTRACTS


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda c: c.name)
def test_contract_holds(contract):
    try:
        contract.check()
    except (AssertionError, ImportError, AttributeError, TypeError) as exc:
        pytest.fail(f"{contract.name} changed (used by {contract.used_by}): {exc}")


def test_contracts_cover_every_private_name_the_engine_uses():
    """A private name of MkDocs or Material that bantin/engine imports or reads has a contract."""
    import re
    from pathlib import Path

    engine = Path(__file__).resolve().parent.parent / "bantin" / "engine"
    private = set()
    for path in engine.glob("*.py"):
        if path.name == "contracts.py":
            continue
        text = path.read_text(encoding="utf-8")
        for names in re.findall(r"from (?:mkdocs|material)[\w.]* import ([^\n]+)", text):
            private |= {n.strip() for n in names.split(",") if n.strip().startswith("_")}
        private |= set(re.findall(r"getattr\([^,]+,\s*\"(_\w+)\"", text))
    # A new one: add a contract, then the name here.
    assert private == {"_serve_url", "_current_page", "_build_page", "_build_theme_template", "_populate_page"}
    named = " ".join(c.name for c in CONTRACTS)
    assert [name for name in private if name not in named] == []


def test_an_empty_page_renders_as_mkdocs_renders_it(tmp_path):
    """engine/plugin.py's _render_empty leaves a page as MkDocs' Page.render does with the sample
    site's Markdown extensions, for an empty source (bantin's pages whose HTML is known)."""
    import logging

    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    from bantin.engine.build import load_config
    from bantin.engine.plugin import _pages_log, _render_empty
    from sitebuild import copy_sample

    project = copy_sample(tmp_path / "project")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    states = []
    for verbose in (False, True):
        _pages_log().setLevel(logging.DEBUG if verbose else logging.NOTSET)
        try:
            for render in (Page.render, _render_empty):
                file = File("co-quan/index.md", src_dir=None, dest_dir=config.site_dir, use_directory_urls=True)
                file.content_string = "---\ntitle: \"Cơ quan\"\n---\n\n"
                page = Page(None, file, config)
                page.read_source(config)
                assert page.markdown == ""
                render(page, config, Files([file]))
                states.append((verbose, page.content, [(i.title, i.id) for i in page.toc], page._title_from_render,
                               page.present_anchor_ids, page.links_to_anchors))
        finally:
            _pages_log().setLevel(logging.NOTSET)
    assert states[0] == states[1] and states[2] == states[3], states
    assert states[0][1] == "" and states[0][5] == {}  # verbose: kept or not, as the engine does (states[2], [3])
