"""Editors' tools: new posts, photos, imports of old articles, and `bantin check`; plain Python."""
