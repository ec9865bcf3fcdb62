"""The site's generated wording, from ``hooks/wording.yml``: no page text is written in Python.

``say("index.title", type="提醒谈话")`` looks a dotted key up and fills its ``{placeholders}``.
The file is re-read when it changes (``mkdocs serve`` keeps this module between rebuilds).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

WORDING_PATH = Path(__file__).with_name("wording.yml")


@lru_cache(maxsize=2)
def _load(path: str, mtime: float) -> dict:
    return yaml.safe_load(Path(path).read_text("utf-8"))


def wording(path: Path = WORDING_PATH) -> dict:
    return _load(str(path), path.stat().st_mtime)


def lookup(key: str, path: Path = WORDING_PATH):
    """The raw entry (text, list or mapping) at a dotted key."""
    node = wording(path)
    for part in key.split("."):
        node = node[part]
    return node


def say(key: str, **values: str) -> str:
    """The text at a dotted key, with its {names} filled in."""
    return str(lookup(key)).format(**values)
