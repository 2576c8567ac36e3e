"""Build several MkDocs editions in one process, one after the other.

Each MkDocs run in its own interpreter pays about half a second before it reads a page
(Python start, importing MkDocs, Material and its plugins). `build.py` starts one worker
per core and hands each a share of the editions, so that cost is paid per core, not per
edition. The worker runs in its own process, with the environment `build.py` gives it
(PYTHONHASHSEED, SOURCE_DATE_EPOCH), exactly like a plain `mkdocs build --strict`.

Usage: python -m generator.mkdocs_worker CONFIG SITE_DIR [CONFIG SITE_DIR ...]
Prints one JSON line per built edition; on failure prints the messages and the
failing config to stderr and exits 1.
"""

from __future__ import annotations

import json
import logging
import sys
import time


def main(argv: list[str]) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    if len(argv) % 2:
        print("verwacht: paren van CONFIG en SITE_DIR", file=sys.stderr)
        return 2
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    for config_file, site_dir in zip(argv[::2], argv[1::2]):
        started = time.perf_counter()
        try:
            build(load_config(config_file=config_file, site_dir=site_dir, strict=True))
        except (MkDocsException, OSError) as error:
            print(str(error), file=sys.stderr)
            print(f"FAILED {config_file}", file=sys.stderr)
            return 1
        print(json.dumps({"config": config_file, "seconds": time.perf_counter() - started}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
