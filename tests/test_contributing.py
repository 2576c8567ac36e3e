"""The editors' guide: one text, shown as CONTRIBUTING.md and as the page 'Over deze gids → Bijdragen'."""

from __future__ import annotations

import re

from generator.editions import select_edition
from generator.load import load_content
from generator.render import TEMPLATES_DIR, render_edition
from tests.conftest import CONTENT, MINI, ROOT

TEMPLATE = TEMPLATES_DIR / "pages" / "contributing.md.j2"


def test_contributing_md_is_the_guide_page_text() -> None:
    # the template is the single source; CONTRIBUTING.md is a committed copy for GitHub
    assert (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8") == TEMPLATE.read_text(encoding="utf-8"), (
        "CONTRIBUTING.md wijkt af van templates/pages/contributing.md.j2: "
        "pas de template aan en kopieer hem naar CONTRIBUTING.md"
    )


def test_page_only_in_the_complete_guide_under_about() -> None:
    knowledge = load_content(MINI).knowledge
    assert knowledge is not None
    complete = render_edition(select_edition(knowledge, "volledig"))
    tailored = render_edition(select_edition(knowledge, "voorzitters"))
    text = TEMPLATE.read_text(encoding="utf-8")
    assert complete.files["docs/bijdragen.md"] == text
    assert "docs/bijdragen.md" not in tailored.files
    assert "  - Bijdragen: bijdragen.md\n" in complete.files["mkdocs.yml"]
    assert "bijdragen.md" not in tailored.files["mkdocs.yml"]


def test_examples_quote_real_content() -> None:
    """The quoted YAML blocks stay true to content/: every quoted line still occurs there."""
    text = TEMPLATE.read_text(encoding="utf-8")
    recommendation = re.search(r"```yaml\n(  - id: winst-en-verlies-afwegen\n.*?)```", text, re.DOTALL)
    assert recommendation is not None
    source = (CONTENT / "recommendations" / "bruggenbouwers.yaml").read_text(encoding="utf-8")
    assert recommendation.group(1) in source
    case = re.search(r"```yaml\n(---\n.*?)```", text, re.DOTALL)
    assert case is not None
    case_text = (CONTENT / "cases" / "hooghuizen.md").read_text(encoding="utf-8")
    for line in case.group(1).splitlines():
        if "..." not in line and line.strip():
            assert line in case_text.splitlines(), line
