"""The package's layers: imports point down only, and only the engine imports MkDocs and Material.

model ← site ← tools ← engine ← commands ← cli.py (the `bantin` command): a module may import
from its own layer and the layers to its left, never to its right.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "bantin"
ORDER = ["model", "site", "tools", "engine", "commands"]
ENGINES = ("mkdocs", "material", "pymdownx", "mkdocs_glightbox")


def imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside functions, as absolute names."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path.relative_to(PACKAGE)}: relative import; use bantin.<layer>.<module>")
    return found


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "bantin" and parts[1] in ORDER else None


FILES = sorted(p for p in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_point_down_only(path):
    here = path.relative_to(PACKAGE).parts[0]
    if here not in ORDER:
        return  # the command line and the package's own files may import any layer
    allowed = set(ORDER[: ORDER.index(here) + 1])
    upward = sorted(m for m in imports(path) if (layer := layer_of(m)) and layer not in allowed)
    assert upward == [], f"{path.relative_to(PACKAGE)} ({here}) imports from a layer above it: {upward}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_only_the_engine_imports_mkdocs_and_material(path):
    relative = path.relative_to(PACKAGE)
    if relative.parts[0] == "engine":
        return
    engine = sorted(m for m in imports(path) if m.split(".")[0] in ENGINES)
    assert engine == [], f"{relative} imports {engine}: only bantin/engine may"


def test_every_layer_is_a_package_with_a_docstring():
    for layer in ORDER:
        init = PACKAGE / layer / "__init__.py"
        assert init.is_file() and ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), layer
