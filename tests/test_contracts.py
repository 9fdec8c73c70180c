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
