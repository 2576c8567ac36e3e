"""Printable checklists per audience (HTML + PDF). Being written; see issue #4."""

from __future__ import annotations

from generator.model import Knowledge


def render_checklist_files(knowledge: Knowledge) -> dict[str, str | bytes]:
    return {}
