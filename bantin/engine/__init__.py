"""The engine adapter: the only code that imports mkdocs, material or pymdownx."""
