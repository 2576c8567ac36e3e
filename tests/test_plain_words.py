"""Plain words (issue 13): the checklist lines a reader found empty now name something
to do, and the guide's content speaks to its reader as "je"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.model import Knowledge
from generator.pipeline import load_valid

ROOT = Path(__file__).resolve().parent.parent

# id → phrases that made the line abstract (issue 13, "Plain words")
VAGUE = {
    "organisch-proces-verwachten": ["houd er rekening mee", "organisch", "blijf experimenteren"],
    "inhoud-en-groepsproces-balanceren": ["inclusief en empathisch", "balans tussen", "formeel en informeel, praktisch en abstract"],
    "sturen-op-integratie-en-gedeelde-taal": ["stuur op integratie", "werk bewust aan een gedeelde taal"],
    "afhaken-signaleren-en-tijdig-stoppen": ["signalen dat deelnemers afhaken", "te weinig energie in zit"],
    "enthousiasmeren-en-probleem-breed-duiden": ["enthousiasmeer", "invalshoek"],
}


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    loaded, _ = load_valid(ROOT / "content")
    assert loaded.knowledge is not None
    return loaded.knowledge


@pytest.mark.parametrize("rec_id", sorted(VAGUE))
def test_named_lines_no_longer_use_the_vague_phrases(knowledge: Knowledge, rec_id: str) -> None:
    recommendation = next(r for r in knowledge.recommendations if r.id == rec_id)
    line = recommendation.checklist.casefold()
    assert not [phrase for phrase in VAGUE[rec_id] if phrase in line], recommendation.checklist
    assert len(recommendation.checklist.split()) <= 22, "a line for the table, not a paragraph"
    # where the line takes its steps from a case or the literature, the note says so
    assert recommendation.note, f"{rec_id}: the note says where the concrete step comes from"


def test_content_addresses_the_reader_as_je() -> None:
    """No formal "u"/"uw" in the content this part of issue 13 covers (other files are
    owned elsewhere); quotations from the studies would be exempt, and there are none."""
    owned_elsewhere = {"audiences.yaml", "guide.yaml", "zelfscan.yaml", "kern.yaml"}
    pronoun = re.compile(r"(?<![\w'])(?:u|uw|uzelf)(?![\w'])", re.IGNORECASE)
    found = []
    for path in sorted((ROOT / "content").rglob("*")):
        if path.suffix not in (".yaml", ".md") or path.name in owned_elsewhere or path.name == "FORMAT.md":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            unquoted = re.sub(r"\"[^\"]*\"|“[^”]*”|„[^”]*”", "", line)
            if pronoun.search(unquoted):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)
