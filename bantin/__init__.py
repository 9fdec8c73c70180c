"""bantin: a static news-site generator for Vietnamese agencies' party-activity bulletins.

The core (content, registry, slugs, taxonomy, pages) is plain Python and imports
nothing from MkDocs; `bantin.engine.plugin` adapts it to MkDocs.
"""

__version__ = "0.1.0"
