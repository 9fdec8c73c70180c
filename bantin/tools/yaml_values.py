"""Values as the tools write them into a post's front matter (`bantin new`, `bantin import`)."""

from __future__ import annotations

import json

import yaml


def yaml_scalar(value: str) -> str:
    """The value as YAML: plain when it reads back as itself, else double-quoted."""
    try:
        if yaml.safe_load(f"k: {value}") == {"k": value}:
            return value
    except (yaml.YAMLError, RecursionError):  # "[[[[…": PyYAML's composer recurses
        pass
    return json.dumps(value, ensure_ascii=False)
