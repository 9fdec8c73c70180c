"""The engine adapter: the only code that imports mkdocs, material or pymdownx.

It runs on MkDocs 1.6.1 and on ProperDocs (PyPI `properdocs`, the maintained fork of MkDocs
1.x): where ProperDocs is installed, its `replacement` module makes every `mkdocs.*` import,
bantin's and Material's, resolve to `properdocs.*`, and ProperDocs builds the site.
"""

import importlib.util

if importlib.util.find_spec("properdocs") is not None:
    import properdocs.replacement  # noqa: F401

# The engine's top-level package as it names its loggers and exceptions.
ENGINE = "properdocs" if importlib.util.find_spec("properdocs") is not None else "mkdocs"
