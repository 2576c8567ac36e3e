"""Reading a tagged PDF's structure tree in tests (checklists and kaarten)."""

from __future__ import annotations

from pypdf import PdfReader


def figures(reader: PdfReader) -> list[str]:
    """The /Alt text of every /Figure in the PDF's structure tree, in reading order."""
    found: list[str] = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            if node.get("/S") == "/Figure":
                found.append(str(node.get("/Alt")))
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found
