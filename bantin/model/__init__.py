"""The model: posts, the registry and the text rules, read and validated; plain Python."""
