"""MkDocs hook, copied into each edition by `handbook render` (MkDocs only).

`handbook render` writes site_name, site_description and the navigation titles of
mkdocs.yml as HTML (escaped text), because Material's templates print them without
escaping, also inside attributes. A few places do escape (`title="{{ config.site_name | e }}"`):
marking the values as Markup keeps those from escaping a second time.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup


def _marked(items: Any) -> Any:
    if isinstance(items, list):
        return [_marked(item) for item in items]
    if isinstance(items, dict):
        return {Markup(key): _marked(value) for key, value in items.items()}
    return items


def on_config(config: Any) -> Any:
    for key in ("site_name", "site_description"):
        if isinstance(config.get(key), str):
            config[key] = Markup(config[key])
    if config.get("nav"):
        config["nav"] = _marked(config["nav"])
    return config
