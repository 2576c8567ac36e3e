"""`handbook check`: one test per kind of problem, each asserting the exact printed line.

Every test breaks one thing in a copy of the mini fixture and runs the CLI from the
folder above it, so paths print as `content/...`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import edit_once, run_cli


def _check() -> Result:
    return run_cli("check", "--content", "content")


def _assert_report(result: Result, exit_code: int, *lines: str) -> None:
    """The report holds exactly these problem lines (in order) and the summary."""
    assert result.exit_code == exit_code, result.stderr
    assert result.stderr.splitlines() == list(lines)


def test_yaml_syntax_error_without_follow_up_errors(content: Path) -> None:
    edit_once(content, "factors/vertrouwen.yaml", "name: Vertrouwen", "name: [Vertrouwen")
    # the broken file's id (its file name) still counts: references to it are not reported
    _assert_report(
        _check(), 1,
        "content/factors/vertrouwen.yaml:4:8: de lijst die op regel 3 met '[' begint, is niet goed afgesloten "
        "of bevat een ':'; verwacht: een ']' aan het eind van de lijst; zet tekst met een dubbele punt tussen aanhalingstekens",
        "1 fout, 0 waarschuwingen.",
    )


def test_tab_indentation(content: Path) -> None:
    edit_once(content, "factors/vertrouwen.yaml", "  - text: Informatie", "\t- text: Informatie")
    _assert_report(
        _check(), 1,
        "content/factors/vertrouwen.yaml:8:1: een tab-teken; YAML staat alleen spaties toe voor inspringen; "
        "verwacht: spaties in plaats van tabs",
        "1 fout, 0 waarschuwingen.",
    )


def test_schema_type_error(content: Path) -> None:
    edit_once(content, "factors/vertrouwen.yaml", "number: 2", "number: twee")
    _assert_report(
        _check(), 1,
        "content/factors/vertrouwen.yaml:2:9: 'number' moet een geheel getal zijn, maar is 'twee'; "
        "verwacht: een geheel getal",
        "1 fout, 0 waarschuwingen.",
    )


def test_invalid_choice_with_suggestion(content: Path) -> None:
    edit_once(content, "recommendations/boek.yaml", "kind: praktijksuggestie", "kind: praktijksugestie")
    _assert_report(
        _check(), 1,
        "content/recommendations/boek.yaml:23:11: 'praktijksugestie' is geen geldige waarde voor 'kind'; "
        "verwacht: een van: 'formele-aanbeveling', 'advies-auteur', 'literatuur', 'praktijksuggestie', "
        "'bevinding' of 'ontwerpvoorwaarde' (bedoelde je 'praktijksuggestie'?)",
        "1 fout, 0 waarschuwingen.",
    )


def test_required_field_missing(content: Path) -> None:
    edit_once(content, "factors/vertrouwen.yaml", "summary: Partners vertrouwen elkaar.\n", "")
    _assert_report(
        _check(), 1,
        "content/factors/vertrouwen.yaml:1:1: het veld 'summary' ontbreekt; verwacht: een waarde voor 'summary'",
        "1 fout, 0 waarschuwingen.",
    )


def test_recommendation_without_checklist_wording(content: Path) -> None:
    edit_once(content, "recommendations/boek.yaml", "    checklist: Spreek verschillen open uit.\n", "")
    _assert_report(
        _check(), 1,
        "content/recommendations/boek.yaml:17:5: het veld 'checklist' ontbreekt; verwacht: een waarde voor 'checklist'",
        "1 fout, 0 waarschuwingen.",
    )


def test_unknown_key_with_suggestion(content: Path) -> None:
    edit_once(content, "factors/vertrouwen.yaml", "why:", "wy:")
    _assert_report(
        _check(), 1,
        "content/factors/vertrouwen.yaml:1:1: het veld 'why' ontbreekt; verwacht: een waarde voor 'why'",
        "content/factors/vertrouwen.yaml:6:1: onbekend veld 'wy'; verwacht: een van de velden: sources, id, "
        "number, name, cluster, summary, why, warning_signs, helps, evidence, roles, strategies, questions, "
        "caveat, caveat_sources, source_note (bedoelde je 'why'?)",
        "2 fouten, 0 waarschuwingen.",
    )


def test_duplicate_id(content: Path) -> None:
    edit_once(content, "recommendations/boek.yaml", "  - id: verschillen-uitspreken", "  - id: tijd-geven")
    _assert_report(
        _check(), 1,
        # the kern still names the renamed recommendation
        "content/kern.yaml:28:25: de aanbeveling 'verschillen-uitspreken' bestaat niet; verwacht: een bestaande "
        "aanbeveling-id (bestaansreden-helder, tijd-geven)",
        "content/recommendations/boek.yaml:17:9: de id 'tijd-geven' komt twee keer voor bij aanbeveling; "
        "verwacht: een unieke id (eerder gebruikt in content/recommendations/boek.yaml:10:9)",
        "2 fouten, 0 waarschuwingen.",
    )


def test_duplicate_question_id(content: Path) -> None:
    edit_once(content, "factors/vertrouwen.yaml", "id: vertrouwen-2", "id: vertrouwen-1")
    _assert_report(
        _check(), 1,
        "content/factors/vertrouwen.yaml:19:9: de vraag-id 'vertrouwen-1' komt twee keer voor; "
        "verwacht: een unieke id per zelfscanvraag",
        "1 fout, 0 waarschuwingen.",
    )


def test_unresolved_reference_with_suggestion(content: Path) -> None:
    edit_once(content, "cases/oostplein.md", "roles: [vertaler]", "roles: [vertaller]")
    _assert_report(
        _check(), 1,
        "content/cases/oostplein.md:12:9: de rol 'vertaller' bestaat niet; "
        "verwacht: een bestaande rol-id (coordinator, vertaler) (bedoelde je 'vertaler'?)",
        "1 fout, 0 waarschuwingen.",
    )


def test_unresolved_source_with_suggestion(content: Path) -> None:
    edit_once(content, "cases/oostplein.md", 'sources: [{source: boek, location: "H3', 'sources: [{source: boekk, location: "H3')
    _assert_report(
        _check(), 1,
        "content/cases/oostplein.md:18:20: de bron 'boekk' bestaat niet; "
        "verwacht: een bestaande bron-id (boek, scriptie) (bedoelde je 'boek'?)",
        "1 fout, 0 waarschuwingen.",
    )


def test_orphan_factor_warning(content: Path) -> None:
    edit_once(content, "recommendations/boek.yaml", "factors: [vertrouwen]", "factors: [gedeelde-opgave]")
    edit_once(content, "recommendations/boek.yaml", "factors: [gedeelde-opgave, vertrouwen]", "factors: [gedeelde-opgave]")
    result = _check()
    # warnings do not fail the check
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        ("content/factors/vertrouwen.yaml:1:5: waarschuwing: geen enkele aanbeveling verwijst naar de succesfactor "
        "'vertrouwen'; verwacht: minstens één aanbeveling met deze factor onder 'factors'"),
    ]
    # the summary once, in the line that says the content is fine
    assert result.stdout == "De inhoud in 'content' is in orde. 0 fouten, 1 waarschuwing.\n"


def test_case_without_factor(content: Path) -> None:
    edit_once(
        content, "cases/oostplein.md",
        '  - {factor: gedeelde-opgave, valence: "-", note: Geen gedeeld beeld.}\n'
        '  - {factor: vertrouwen, valence: "+", note: Korte lijnen.}\n',
        "",
    )
    edit_once(content, "cases/oostplein.md", "factors:\n", "factors: []\n")
    # the model requires at least one factor, so this is an error rather than a warning
    _assert_report(
        _check(), 1,
        "content/cases/oostplein.md:9:10: 'factors' heeft te weinig items (0); verwacht: minstens 1",
        "1 fout, 0 waarschuwingen.",
    )


def test_case_without_story_warning(content: Path) -> None:
    edit_once(content, "cases/oostplein.md", "## Wat er gebeurde\n\nHet overleg begon breed en werd smaller.\n", "")
    result = _check()
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        ("content/cases/oostplein.md:2:5: waarschuwing: het praktijkvoorbeeld 'oostplein' heeft geen verhaal; "
        "verwacht: het verhaal in Markdown onder de tweede '---'-regel"),
    ]
    # the summary once, in the line that says the content is fine
    assert result.stdout == "De inhoud in 'content' is in orde. 0 fouten, 1 waarschuwing.\n"


def test_duplicate_checklist_wording_warning(content: Path) -> None:
    edit_once(content, "recommendations/boek.yaml", "checklist: Spreek verschillen open uit.", "checklist: geef afgevaardigden tijd en mandaat.")
    result = _check()
    assert result.exit_code == 0
    expected = "verwacht: een eigen formulering per aanbeveling (of voeg de aanbevelingen samen)"
    assert result.stderr.splitlines() == [
        ("content/recommendations/boek.yaml:11:16: waarschuwing: de checklisttekst "
        f"'Geef afgevaardigden tijd en mandaat.' komt vaker voor; {expected}"),
        ("content/recommendations/boek.yaml:18:16: waarschuwing: de checklisttekst "
        f"'geef afgevaardigden tijd en mandaat.' komt vaker voor; {expected}"),
    ]
    # the summary once, in the line that says the content is fine
    assert result.stdout == "De inhoud in 'content' is in orde. 0 fouten, 2 waarschuwingen.\n"


@pytest.mark.parametrize("empty", ['"   "', "''"])
def test_empty_text(content: Path, empty: str) -> None:
    # whitespace only counts as empty: the model strips before checking the length
    edit_once(content, "factors/vertrouwen.yaml", "why: Vertrouwen maakt delen mogelijk.", f"why: {empty}")
    _assert_report(
        _check(), 1,
        "content/factors/vertrouwen.yaml:6:6: 'why' is leeg; verwacht: tekst van minstens 1 teken(s)",
        "1 fout, 0 waarschuwingen.",
    )


def test_missing_value(content: Path) -> None:
    edit_once(content, "factors/vertrouwen.yaml", "why: Vertrouwen maakt delen mogelijk.", "why:")
    _assert_report(
        _check(), 1,
        "content/factors/vertrouwen.yaml:6:5: 'why' moet tekst zijn, maar is leeg; verwacht: tekst",
        "1 fout, 0 waarschuwingen.",
    )


def test_raw_html_refused(content: Path) -> None:
    edit_once(content, "factors/vertrouwen.yaml", "why: Vertrouwen maakt delen mogelijk.", "why: Vertrouwen <b>maakt</b> delen mogelijk.")
    result = _check()
    assert result.exit_code == 1
    assert (
        "content/factors/vertrouwen.yaml:6:6: in 'why': HTML-code '<b>' is niet toegestaan; "
        "verwacht: Markdown zonder HTML; links alleen naar http(s), mailto of binnen de gids"
    ) in result.stderr.splitlines()


# --- the kern (kern.yaml): one kern per audience, at most twelve items, 3-4 questions -------


def test_kern_recommendation_for_another_audience(content: Path) -> None:
    edit_once(content, "kern.yaml", "      - recommendation: verschillen-uitspreken", "      - recommendation: bestaansreden-helder")
    _assert_report(
        _check(), 1,
        "content/kern.yaml:28:25: de aanbeveling 'bestaansreden-helder' is niet voor deelnemers (wel voor: voorzitters); "
        "verwacht: een aanbeveling met 'deelnemers' onder 'audiences', of voeg die doelgroep toe aan de aanbeveling",
        "1 fout, 0 waarschuwingen.",
    )


def test_kern_unknown_recommendation_and_moment(content: Path) -> None:
    edit_once(content, "kern.yaml", "      - recommendation: bestaansreden-helder", "      - recommendation: bestaansreden-heldr")
    edit_once(content, "kern.yaml", "        moment: storming", "        moment: stormen")
    _assert_report(
        _check(), 1,
        "content/kern.yaml:15:25: de aanbeveling 'bestaansreden-heldr' bestaat niet; verwacht: een bestaande "
        "aanbeveling-id (bestaansreden-helder, tijd-geven, verschillen-uitspreken) (bedoelde je 'bestaansreden-helder'?)",
        "content/kern.yaml:29:17: de fase 'stormen' bestaat niet; verwacht: een bestaande fase-id (storming, voor-de-start) "
        "(bedoelde je 'storming'?)",
        "2 fouten, 0 waarschuwingen.",
    )


def test_kern_moment_outside_the_recommendations_phases_warns(content: Path) -> None:
    edit_once(content, "kern.yaml", "        moment: storming", "        moment: voor-de-start")
    _assert_report(
        _check(), 0,
        "content/kern.yaml:29:17: waarschuwing: het moment 'voor-de-start' is geen fase van de aanbeveling "
        "'verschillen-uitspreken' (storming); verwacht: een van de fasen van de aanbeveling, of voeg deze fase toe aan de aanbeveling",
    )


def test_kern_too_many_items_and_too_few_questions(content: Path) -> None:
    item = "      - recommendation: tijd-geven\n        moment: voor-de-start\n        reason: Zonder tijd geen inzet.\n"
    text = (content / "kern.yaml").read_text(encoding="utf-8")
    head, tail = text.rsplit(item, 1)  # the bestuurders kern is last: give it 13 items
    extra = item * 12
    (content / "kern.yaml").write_text(head + item + extra + tail, encoding="utf-8")
    edit_once(content, "kern.yaml", "      - text: Laat ik de uitvoering los?\n        sources: [{source: boek, location: \"§8.1, p. 138\"}]\n", "")
    result = _check()
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert "content/kern.yaml:52:7: de kern voor 'bestuurders' heeft 13 aanbevelingen; verwacht: hoogstens 12: de kern is het handjevol dat er het meest toe doet" in lines
    assert "content/kern.yaml:47:7: de kern voor 'bestuurders' heeft 2 vragen; verwacht: 3 of 4 vragen om jezelf te stellen" in lines
    assert "content/kern.yaml:55:25: de aanbeveling 'tijd-geven' staat twee keer in de kern voor 'bestuurders'; verwacht: elke aanbeveling één keer" in lines


def test_kern_missing_audience(content: Path) -> None:
    text = (content / "kern.yaml").read_text(encoding="utf-8")
    (content / "kern.yaml").write_text(text.split("  - audience: bestuurders")[0], encoding="utf-8")
    edit_once(content, "kern.yaml", "  - audience: deelnemers", "  - audience: deelnemer")
    # the unknown audience is reported once, not again for each of its items
    _assert_report(
        _check(), 1,
        "content/kern.yaml:5:3: de doelgroep 'bestuurders' heeft geen kern; verwacht: een kern met 'audience: bestuurders' onder 'kernen'",
        "content/kern.yaml:5:3: de doelgroep 'deelnemers' heeft geen kern; verwacht: een kern met 'audience: deelnemers' onder 'kernen'",
        "content/kern.yaml:18:15: de doelgroep 'deelnemer' bestaat niet; verwacht: een bestaande doelgroep-id "
        "(bestuurders, deelnemers, leidinggevenden, voorzitters) (bedoelde je 'deelnemers'?)",
        "3 fouten, 0 waarschuwingen.",
    )


# -- zelfscan items (issue 14) ------------------------------------------------------------------


def test_a_statement_that_is_a_question(content: Path) -> None:
    edit_once(content, "factors/vertrouwen.yaml", "text: We vertrouwen elkaar.", "text: Vertrouwen we elkaar? En delen we?")
    _assert_report(
        _check(), 1,
        "content/factors/vertrouwen.yaml:17:11: de stelling 'vertrouwen-1' is een vraag (2 vraagtekens); "
        "verwacht: één bewering zonder vraagteken, of 'kind: gespreksvraag' voor een open vraag",
        "1 fout, 0 waarschuwingen.",
    )


def test_a_gespreksvraag_with_two_questions(content: Path) -> None:
    edit_once(content, "factors/vertrouwen.yaml", "text: Wat zou ons vertrouwen in elkaar versterken?", "text: Wat versterkt ons vertrouwen? En wat niet?")
    _assert_report(
        _check(), 1,
        "content/factors/vertrouwen.yaml:24:11: de gespreksvraag 'vertrouwen-3' stelt 2 vragen; verwacht: één vraag per gespreksvraag",
        "1 fout, 0 waarschuwingen.",
    )


def test_a_factor_with_one_statement(content: Path) -> None:
    edit_once(content, "factors/vertrouwen.yaml", "  - id: vertrouwen-2\n", "  - id: vertrouwen-2\n    kind: gespreksvraag\n")
    edit_once(content, "factors/vertrouwen.yaml", "text: We delen informatie.", "text: Welke informatie delen we?")
    _assert_report(
        _check(), 1,
        "content/factors/vertrouwen.yaml:16:3: de succesfactor 'vertrouwen' heeft 1 stelling voor de zelfscan; "
        "verwacht: minstens twee stellingen (onderdelen zonder 'kind: gespreksvraag')",
        "1 fout, 0 waarschuwingen.",
    )


def test_a_statement_longer_than_thirty_words(content: Path) -> None:
    edit_once(content, "factors/vertrouwen.yaml", "text: We delen informatie.", "text: We delen informatie" + " en kennis" * 14 + ".")
    _assert_report(
        _check(), 1,
        "content/factors/vertrouwen.yaml:20:11: de stelling 'vertrouwen-2' telt 31 woorden; verwacht: hoogstens 30 woorden",
        "1 fout, 0 waarschuwingen.",
    )


def test_an_unknown_direction(content: Path) -> None:
    edit_once(content, "factors/vertrouwen.yaml", "  - id: vertrouwen-2\n", "  - id: vertrouwen-2\n    direction: omgekeerd\n")
    result = _check()
    assert result.exit_code == 1
    assert "content/factors/vertrouwen.yaml:20:16:" in result.stderr and "'positief'" in result.stderr and "'negatief'" in result.stderr
