"""Figures for the linearity of the content checks: each pattern and the whole Markdown check
over adversarial text of 0.5, 1 and 2 MB (twice the text should take about twice the time).

    python bench/linear.py

The patterns are the ones tests/test_linear.py runs; the Markdown parser (markdown-it-py)
is third-party: linear here too, but slow on long runs of '[' (tens of µs per character).
"""

from __future__ import annotations

import time

from generator import markdown, validate, yaml_reader

PATTERNS = {
    "attribute list": markdown._ATTRIBUTE_LIST,
    "link scheme": markdown._LINK_SCHEME,
    "tag": markdown._TAG_LIKE,
    "odd character": validate._ODD_CHARACTER,
    "anchor": yaml_reader._ANCHOR,
}
INPUTS = {
    "braces": lambda n: "{" * n,
    "blank lines": lambda n: " \n" * (n // 2),
    "open labels": lambda n: "\n[" * (n // 2),
    "spaces after '](' ": lambda n: "](" + " " * n,
    "autolink starts": lambda n: "<http:" * (n // 6),
}
SIZES = (500_000, 1_000_000, 2_000_000)


def main() -> None:
    print(f"{'input':<22} {'what':<16} " + " ".join(f"{size // 1000:>7} kB" for size in SIZES))
    for name, make in INPUTS.items():
        texts = [make(size) for size in SIZES]
        rows = {label: [_seconds(lambda t=text, p=pattern: p.search(t)) for text in texts] for label, pattern in PATTERNS.items()}
        rows["all patterns"] = [sum(column) for column in zip(*rows.values())]
        rows["markdown check"] = [_seconds(lambda t=text: markdown._unsafe_markup.__wrapped__(t)) for text in texts[:1]]
        for label in ("all patterns", "markdown check"):
            print(f"{name:<22} {label:<16} " + " ".join(f"{seconds:>8.3f}s" for seconds in rows[label]))


def _seconds(action: object) -> float:
    started = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
