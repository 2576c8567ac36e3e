"""MkDocs hook, copied into each edition by `handbook render` (MkDocs only; Zensical has no hooks).

Profiling showed that compiling Material's Jinja templates is about half of the fixed
cost of every edition's build. `handbook build` sets HANDBOOK_JINJA_CACHE to the build
cache's `jinja/` folder (with --no-cache: a folder of the run), so the editions of a build,
and the builds after it, share the compiled templates (Jinja checks each file's magic and
source checksum and writes it atomically; the HTML is the same either way). Without the
variable, e.g. a plain `mkdocs build`, it does nothing.
"""

from __future__ import annotations

import os
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache


def on_env(env: Environment, config: Any, files: Any) -> Environment:
    folder = os.environ.get("HANDBOOK_JINJA_CACHE")
    if folder:
        os.makedirs(folder, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(folder)
    return env
