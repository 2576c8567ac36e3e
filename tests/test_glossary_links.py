"""Glossary links: the first use of a term per section links to its glossary entry,
never inside headings, links, code, HTML, italics or quotations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import model
from generator.editions import select_edition
from generator.glossary_links import build_matcher, link_terms, term_forms
from generator.markdown import unsafe_markup
from generator.pipeline import load_valid
from generator.render import UNLINKED_PAGES, page_path, render_edition

ROOT = Path(__file__).resolve().parent.parent


def term(term_id: str, name: str, aliases: list[str] | None = None, link: bool = True) -> model.Term:
    return model.Term(id=term_id, term=name, definition="Uitleg.", background=True, aliases=aliases or [], link=link)


TERMS = [
    term("zsm", "ZSM"),
    term("om", "Openbaar Ministerie (OM)", ["OM"]),
    term("casusoverleg", "Casusoverleg", ["casusoverleggen"]),
    term("sociaal-wijkteam", "Sociaal wijkteam", ["wijkteam"]),
    term("moederorganisatie", "Moederorganisatie"),
    term("bruggenbouwer", "Bruggenbouwer (boundary spanner)"),
    term("samenwerkingsverband", "Samenwerkingsverband", link=False),
]
MATCHER = build_matcher(TERMS, names=["Bruggenbouwers"])


def linked(markdown: str) -> str:
    return link_terms(markdown, MATCHER, lambda term_id: f"../begrippen.md#{term_id}")


def test_forms_are_the_name_before_a_bracket_and_the_aliases() -> None:
    assert term_forms(TERMS[1]) == ["Openbaar Ministerie", "OM"]
    assert term_forms(TERMS[-1]) == []  # link: false


def test_first_use_per_section_links_to_the_entry() -> None:
    text = "# Titel\n\nHet casusoverleg en weer het casusoverleg.\n\n## Verder\n\nIn het casusoverleg.\n"
    assert linked(text) == (
        "# Titel\n\nHet [casusoverleg](../begrippen.md#casusoverleg) en weer het casusoverleg.\n\n"
        "## Verder\n\nIn het [casusoverleg](../begrippen.md#casusoverleg).\n"
    )


def test_a_repeated_line_follows_the_state_it_meets() -> None:
    # lines are analysed once and memoised; linking still depends on the section and quotation
    text = "## A\n\nHet OM.\n\nHet OM.\n\n## B\n\nZe zei \"ja\nHet OM.\n\nHet OM.\n"
    out = linked(text)
    assert out.count("[OM](../begrippen.md#om)") == 2
    assert out.index("[OM]") < out.index("## B")
    assert '"ja\nHet OM.\n\nHet [OM](../begrippen.md#om).\n' in out


def test_a_level_four_heading_does_not_start_a_new_section() -> None:
    text = "## A\n\nZSM.\n\n#### B\n\nZSM.\n"
    assert linked(text).count("](../begrippen.md#zsm)") == 1


def test_plural_alias_and_first_letter_case() -> None:
    assert linked("Moederorganisaties en casusoverleggen.") == (
        "[Moederorganisaties](../begrippen.md#moederorganisatie) en [casusoverleggen](../begrippen.md#casusoverleg)."
    )


def test_abbreviations_keep_their_case_and_whole_words_only() -> None:
    # "om" is a Dutch word, "ZSM-tafel" and "buurtwijkteam" are other words
    assert linked("Het gaat om de ZSM-tafel en het buurtwijkteam.") == "Het gaat om de ZSM-tafel en het buurtwijkteam."
    assert linked("Het OM beslist.") == "Het [OM](../begrippen.md#om) beslist."


def test_longest_form_wins() -> None:
    assert linked("Een sociaal wijkteam.") == "Een [sociaal wijkteam](../begrippen.md#sociaal-wijkteam)."


def test_everyday_words_and_study_titles_do_not_link() -> None:
    assert linked("Het samenwerkingsverband.") == "Het samenwerkingsverband."
    assert linked("Bruggenbouwers noemt de bruggenbouwer.") == "Bruggenbouwers noemt de [bruggenbouwer](../begrippen.md#bruggenbouwer)."


@pytest.mark.parametrize(
    "text",
    [
        "### Vraag de moederorganisatie om hulp {: #duos }",
        "!!! note \"ZSM\"",
        "- [Naar het casusoverleg](index.md#x)",
        "Zie `ZSM` in de code.",
        "Een *Casusoverleg* als titel.",
        'Zij zei: "het casusoverleg werkt niet" en ging.',
        "Zij zei: „het casusoverleg werkt niet” en ging.",
        '<small class="bron">ZSM</small>',
        '<span class="badges" markdown="0"><span>ZSM</span></span>',
        "Zie <https://example.test/ZSM> maar niet.",
    ],
)
def test_protected_places_stay_as_they_are(text: str) -> None:
    assert linked(text) == text


def test_text_after_a_protected_place_still_links() -> None:
    assert linked('"Het casusoverleg" zei ze; het casusoverleg begon.') == (
        '"Het casusoverleg" zei ze; het [casusoverleg](../begrippen.md#casusoverleg) begon.'
    )
    assert linked('<small class="bron">ZSM</small> en ZSM') == '<small class="bron">ZSM</small> en [ZSM](../begrippen.md#zsm)'


def test_html_that_asks_for_markdown_links_inside() -> None:
    assert linked('<details markdown="1">\nHet OM.\n</details>') == '<details markdown="1">\nHet [OM](../begrippen.md#om).\n</details>'


def test_a_quotation_may_span_lines_but_not_paragraphs() -> None:
    text = 'Ze zei "het OM\nen ZSM" toen.\n\nHet OM.'
    assert linked(text) == 'Ze zei "het OM\nen ZSM" toen.\n\nHet [OM](../begrippen.md#om).'


def test_front_matter_is_left_alone() -> None:
    assert linked("---\ntitle: ZSM\n---\n\nZSM.") == "---\ntitle: ZSM\n---\n\n[ZSM](../begrippen.md#zsm)."


def test_fenced_code_and_table_headers_are_left_alone() -> None:
    text = "```\nZSM\n```\n\n| ZSM | x |\n|---|---|\n| ZSM | y |\n"
    assert linked(text) == "```\nZSM\n```\n\n| ZSM | x |\n|---|---|\n| [ZSM](../begrippen.md#zsm) | y |\n"


def test_output_stays_inside_the_markdown_policy() -> None:
    out = linked("Het OM, ZSM en het wijkteam.")
    assert out.count("](../begrippen.md#") == 3
    assert unsafe_markup(out) == []


def test_no_terms_no_change() -> None:
    assert link_terms("ZSM", build_matcher([]), lambda t: t) == "ZSM"


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    loaded, _ = load_valid(ROOT / "content")
    assert loaded.knowledge is not None
    return render_edition(select_edition(loaded.knowledge, "volledig")).files


def test_the_guide_links_its_jargon(rendered: dict[str, str]) -> None:
    """The words the issue named are explained by a link where the guide uses them."""
    leidinggevenden = rendered["docs/aanbevelingen/leidinggevenden.md"]
    assert "[moederorganisaties](../begrippen.md#moederorganisatie)" in leidinggevenden
    leeuwarden = rendered["docs/voorbeelden/leeuwarden.md"]
    for term_id in ("zsm", "veiligheidshuis", "sociaal-wijkteam"):
        assert f"../begrippen.md#{term_id})" in leeuwarden
    for path in UNLINKED_PAGES:
        assert "begrippen.md#" not in rendered.get(f"docs/{path}", "").replace(f"]({page_path('glossary')}#", "")


def test_every_link_target_is_a_glossary_anchor(rendered: dict[str, str]) -> None:
    anchors = set(re.findall(r"\{: #([a-z0-9-]+) \}", rendered["docs/begrippen.md"]))
    targets = {m for text in rendered.values() for m in re.findall(r"begrippen\.md#([a-z0-9-]+)\)", text)}
    assert targets and targets <= anchors
