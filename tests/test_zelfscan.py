"""The zelfscan data builder and its page: data from the content, safe JSON, integration in render."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import model
from generator.editions import select_edition
from generator.load import load_content
from generator.render import nav, page_path, render_edition
from generator.zelfscan import script_json, teamscan_data, zelfscan_data

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def knowledge() -> model.Knowledge:
    loaded = load_content(MINI)
    assert loaded.knowledge is not None
    return loaded.knowledge


def _href(kind: str, item_id: str, anchor: str) -> str:
    return f"{kind}/{item_id}#{anchor}"


def _page_data(page_text: str) -> Any:
    """The JSON embedded in a rendered zelfscan page."""
    found = re.search(r'<script type="application/json" id="zelfscan-data">(.*?)</script>', page_text)
    assert found, "no zelfscan data in the page"
    return json.loads(found.group(1))


# -- the data builder -------------------------------------------------------------------


def test_statements_scale_and_scoring_rule_come_from_the_content(knowledge: model.Knowledge) -> None:
    data = zelfscan_data(select_edition(knowledge, "volledig"), _href)

    assert [f["id"] for f in data["factors"]] == ["gedeelde-opgave", "vertrouwen"]
    assert data["factors"][0]["statements"] == [
        {"id": "gedeelde-opgave-1", "text": "Ieder van ons kan zeggen waarom we samenwerken.", "reverse": False},
        {"id": "gedeelde-opgave-2", "text": "We delen een beeld van de oorzaken.", "reverse": False},
        {"id": "gedeelde-opgave-5", "text": "Deelnemers benoemen in het overleg het gezamenlijke belang.", "reverse": False},
        {"id": "gedeelde-opgave-3", "text": "We bespreken hetzelfde probleem steeds opnieuw zonder resultaat.", "reverse": True},
    ]
    assert data["factors"][0]["conversation"] == [{"id": "gedeelde-opgave-4", "text": "Waar verschillen onze beelden van het probleem?"}]
    assert [s["id"] for s in data["factors"][1]["statements"]] == ["vertrouwen-1", "vertrouwen-2"]
    assert [s["value"] for s in data["scale"]] == [1, 2, 3, 4, 5]
    assert data["scale"][0]["label"] == "Helemaal oneens"
    assert data["scoring"] == {"min": 1, "max": 5, "threshold": 3.0, "min_answered": 2, "dispute_spread": 2.0, "dont_know": "weet-niet"}
    assert data["dont_know"] == "Weet ik niet"
    assert data["version"] == knowledge.guide.version
    assert data["format"] == 2


def test_complete_edition_offers_every_role_with_its_recommendations(knowledge: model.Knowledge) -> None:
    data = zelfscan_data(select_edition(knowledge, "volledig"), _href)
    recs = {f["id"]: {role: [r["id"] for r in items] for role, items in f["recommendations"].items()} for f in data["factors"]}

    assert data["fixed_role"] is None
    assert [a["id"] for a in data["audiences"]] == ["voorzitters", "deelnemers", "leidinggevenden", "bestuurders"]
    assert recs["gedeelde-opgave"] == {
        "voorzitters": ["bestaansreden-helder"],
        "deelnemers": ["verschillen-uitspreken"],
        "leidinggevenden": [],
        "bestuurders": [],
    }
    assert recs["vertrouwen"] == {
        "voorzitters": [],
        "deelnemers": ["verschillen-uitspreken"],
        "leidinggevenden": ["tijd-geven"],
        "bestuurders": ["tijd-geven"],
    }


def test_recommendation_links_point_at_the_anchor_on_the_recommendations_page(knowledge: model.Knowledge) -> None:
    data = zelfscan_data(select_edition(knowledge, "volledig"), _href)
    rec = data["factors"][0]["recommendations"]["voorzitters"][0]

    assert rec == {
        "id": "bestaansreden-helder",
        "text": "Maak de bestaansreden van het overleg helder.",
        "href": "recommendations/#bestaansreden-helder",
    }
    assert data["factors"][0]["href"] == "factor/gedeelde-opgave#"


def test_tailored_edition_fixes_the_role(knowledge: model.Knowledge) -> None:
    data = zelfscan_data(select_edition(knowledge, "leidinggevenden"), _href)

    assert data["fixed_role"] == "leidinggevenden"
    assert [a["id"] for a in data["audiences"]] == ["leidinggevenden"]
    assert data["audiences"][0]["name_lower"] == "leidinggevenden"
    assert {f["id"]: list(f["recommendations"]) for f in data["factors"]} == {
        "gedeelde-opgave": ["leidinggevenden"],
        "vertrouwen": ["leidinggevenden"],
    }
    assert [r["id"] for r in data["factors"][1]["recommendations"]["leidinggevenden"]] == ["tijd-geven"]


def test_cases_where_the_factor_was_missing_come_first(knowledge: model.Knowledge) -> None:
    base = knowledge.cases[0]
    worked = base.model_copy(update={"id": "a-werkte", "title": "Werkte", "factors": [model.CaseFactor(factor="vertrouwen", valence="+", note="Goed.")]})
    missing = base.model_copy(update={"id": "z-ontbrak", "title": "Ontbrak", "factors": [model.CaseFactor(factor="vertrouwen", valence="-", note="Niet.")]})
    changed = knowledge.model_copy(update={"cases": [worked, missing]})

    cases = zelfscan_data(select_edition(changed, "volledig"), _href)["factors"][1]["cases"]

    assert [c["id"] for c in cases] == ["z-ontbrak", "a-werkte"]
    assert cases[0] == {"id": "z-ontbrak", "title": "Ontbrak", "note": "Niet.", "href": "case/z-ontbrak#"}


def test_text_fields_become_inline_html_with_raw_html_escaped(knowledge: model.Knowledge) -> None:
    factor = knowledge.factors[0]
    question = factor.questions[0].model_copy(update={"text": "Het is *echt* <img src=x onerror=alert(1)> gedeeld."})
    changed_factor = factor.model_copy(update={"questions": [question, *factor.questions[1:]]})
    changed = knowledge.model_copy(update={"factors": [changed_factor, *knowledge.factors[1:]]})

    text = zelfscan_data(select_edition(changed, "volledig"), _href)["factors"][0]["statements"][0]["text"]

    assert text == "Het is <em>echt</em> &lt;img src=x onerror=alert(1)&gt; gedeeld."


def test_no_zelfscan_settings_is_a_clear_error(knowledge: model.Knowledge) -> None:
    without = knowledge.model_copy(update={"zelfscan": None})
    with pytest.raises(ValueError, match="zelfscan.yaml"):
        zelfscan_data(select_edition(without, "volledig"), _href)


# -- JSON inside a script element --------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["</script><script>alert(1)</script>", "<!-- <script>", "a & b > c", "</SCRIPT >", "\u2028 ok é"],
)
def test_script_json_cannot_leave_the_script_element(value: str) -> None:
    text = script_json({"text": value})

    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"text": value}


# -- the rendered page ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def complete_files(knowledge: model.Knowledge) -> dict[str, str]:
    return render_edition(select_edition(knowledge, "volledig")).files


def test_every_edition_has_the_page_and_its_assets(knowledge: model.Knowledge) -> None:
    for edition_id in ("volledig", "voorzitters", "deelnemers", "leidinggevenden", "bestuurders"):
        files = render_edition(select_edition(knowledge, edition_id)).files
        config = yaml.safe_load(files["mkdocs.yml"])
        assert "docs/zelfscan.md" in files and "docs/teamscan.md" in files
        assert {"docs/assets/zelfscan.js", "docs/assets/teamscan.js", "docs/assets/zelfscan.css"} <= set(files)
        # the teamscan uses the zelfscan's scoring functions, so its script comes after
        assert config["extra_javascript"].index("assets/zelfscan.js") < config["extra_javascript"].index("assets/teamscan.js")
        assert "assets/zelfscan.css" in config["extra_css"]


def test_nav_puts_zelfscan_right_after_the_recommendations(knowledge: model.Knowledge) -> None:
    for edition_id in ("volledig", "voorzitters"):
        sections = nav(select_edition(knowledge, edition_id))
        titles = [next(iter(section)) for section in sections]
        assert titles[titles.index("Aanbevelingen") + 1] == "Zelfscan"
        assert sections[titles.index("Zelfscan")]["Zelfscan"] == [{"Zelfscan": "zelfscan.md"}, {"Teamscan": "teamscan.md"}]
    assert page_path("zelfscan") == "zelfscan.md"
    assert page_path("teamscan") == "teamscan.md"  # site/teamscan.html, and <edition>/teamscan.html


def test_page_has_a_fieldset_per_factor_and_a_radio_group_per_statement(complete_files: dict[str, str]) -> None:
    page = complete_files["docs/zelfscan.md"]

    assert page.count('<fieldset class="zelfscan-factor"') == 2
    assert '<form class="zelfscan" id="zelfscan-form" aria-label="Zelfscan" data-search-exclude>' in page
    assert "<legend>1. Gedeelde opgave</legend>" in page
    assert page.count('role="radiogroup"') == 6
    for statement in ("gedeelde-opgave-1", "gedeelde-opgave-2", "gedeelde-opgave-3", "gedeelde-opgave-5", "vertrouwen-1", "vertrouwen-2"):
        values = re.findall(rf'<input type="radio" name="{statement}" value="([^"]+)"', page)
        assert values == ["1", "2", "3", "4", "5", "weet-niet"]
    # gespreksvragen are shown with their factor, never as something to answer
    for question in ("gedeelde-opgave-4", "vertrouwen-3"):
        assert f'name="{question}"' not in page
        assert f'<li data-conversation="{question}">' in page
    assert 'aria-live="polite"' in page
    for button in ("zelfscan-export", "zelfscan-import", "zelfscan-print", "zelfscan-wipe"):
        assert f'id="{button}"' in page
    assert "Wis mijn antwoorden" in page
    assert "alleen in dit tabblad van je browser bewaard" in page


def test_page_embeds_the_data_with_html_links(knowledge: model.Knowledge, complete_files: dict[str, str]) -> None:
    data = _page_data(complete_files["docs/zelfscan.md"])

    assert data["factors"][0]["href"] == "factoren/gedeelde-opgave.html"
    assert data["factors"][0]["recommendations"]["voorzitters"][0]["href"] == "aanbevelingen/voor-de-start.html#bestaansreden-helder"
    assert data["factors"][0]["cases"][0]["href"] == "voorbeelden/oostplein.html"
    # every link target is a page that the edition renders
    pages = {path.removeprefix("docs/").removesuffix(".md") + ".html" for path in complete_files if path.endswith(".md")}
    for factor in data["factors"]:
        targets = [factor["href"], *(c["href"] for c in factor["cases"])]
        targets += [r["href"] for recs in factor["recommendations"].values() for r in recs]
        assert {t.split("#")[0] for t in targets} <= pages


def test_tailored_page_presets_the_role(knowledge: model.Knowledge) -> None:
    page = render_edition(select_edition(knowledge, "voorzitters")).files["docs/zelfscan.md"]

    assert '<input type="hidden" name="zelfscan-role" value="voorzitters">' in page
    assert 'name="zelfscan-role" value="deelnemers"' not in page
    assert 'href="../zelfscan.html"' in page  # the other roles: the complete guide's zelfscan
    assert _page_data(page)["fixed_role"] == "voorzitters"


def test_page_interface_words_parse_and_content_is_escaped(knowledge: model.Knowledge) -> None:
    guide = knowledge.guide.model_copy(update={"version": "</script><b>1</b>"})
    page = render_edition(select_edition(knowledge.model_copy(update={"guide": guide}), "volledig")).files["docs/zelfscan.md"]

    assert page.count("</script>") == 2  # only the two closing tags of our own script elements
    assert _page_data(page)["version"] == "</script><b>1</b>"
    labels = re.search(r'id="zelfscan-labels">(.*?)</script>', page)
    assert labels and "{threshold}" in json.loads(labels.group(1))["threshold"]


def test_render_is_deterministic(knowledge: model.Knowledge, complete_files: dict[str, str]) -> None:
    again = render_edition(select_edition(knowledge, "volledig")).files
    assert again["docs/zelfscan.md"] == complete_files["docs/zelfscan.md"]


def test_without_zelfscan_settings_there_is_no_page(knowledge: model.Knowledge) -> None:
    edition = select_edition(knowledge.model_copy(update={"zelfscan": None}), "volledig")
    files = render_edition(edition).files

    assert "docs/zelfscan.md" not in files
    assert "Zelfscan" not in [next(iter(section)) for section in nav(edition)]
    assert "assets/zelfscan.js" not in yaml.safe_load(files["mkdocs.yml"]).get("extra_javascript", [])


def test_form_shows_the_same_statement_text_as_the_data(complete_files: dict[str, str]) -> None:
    page = complete_files["docs/zelfscan.md"]
    statements = [s for factor in _page_data(page)["factors"] for s in factor["statements"]]

    assert len(statements) == 6
    for statement in statements:
        assert f'id="stelling-{statement["id"]}">{statement["text"]}</p>' in page


# -- the teamscan --------------------------------------------------------------------------


def _site_href(audience_id: str) -> str:
    return f"../aanbevelingen/{audience_id}.html"


def test_teamscan_offers_every_role_with_the_zelfscan_rule(knowledge: model.Knowledge) -> None:
    for edition_id in ("volledig", "bestuurders"):
        edition = select_edition(knowledge, edition_id)
        team = teamscan_data(edition, _href, _site_href)
        own = zelfscan_data(edition, _href)

        assert [a["id"] for a in team["audiences"]] == ["voorzitters", "deelnemers", "leidinggevenden", "bestuurders"]
        assert team["scoring"] == own["scoring"] and team["format"] == own["format"]
        assert [f["statements"] for f in team["factors"]] == [f["statements"] for f in own["factors"]]
        assert [f["conversation"] for f in team["factors"]] == [f["conversation"] for f in own["factors"]]


def test_tailored_teamscan_lists_its_own_recommendations_and_points_elsewhere_for_others(knowledge: model.Knowledge) -> None:
    team = teamscan_data(select_edition(knowledge, "bestuurders"), _href, _site_href)

    assert [f["recommendations"] for f in team["factors"]] == [
        {"bestuurders": []},
        {"bestuurders": [{"id": "tijd-geven", "text": "Geef afgevaardigden tijd en mandaat.", "href": "recommendations/#tijd-geven"}]},
    ]
    # another role's recommendations: its page in the complete guide (listing them here would
    # make this edition depend on every recommendation)
    assert {a["id"]: a.get("elsewhere") for a in team["audiences"]} == {
        "voorzitters": "../aanbevelingen/voorzitters.html",
        "deelnemers": "../aanbevelingen/deelnemers.html",
        "leidinggevenden": "../aanbevelingen/leidinggevenden.html",
        "bestuurders": None,
    }
    complete = teamscan_data(select_edition(knowledge, "volledig"), _href, _site_href)
    assert all("elsewhere" not in a for a in complete["audiences"])
    assert complete["factors"][1]["recommendations"]["deelnemers"][0]["id"] == "verschillen-uitspreken"


def test_teamscan_page_has_picker_drop_zone_and_agenda(knowledge: model.Knowledge) -> None:
    for edition_id, data_link in (("volledig", "aanbevelingen/index.html#tijd-geven"), ("leidinggevenden", "aanbevelingen/index.html#tijd-geven")):
        page = render_edition(select_edition(knowledge, edition_id)).files["docs/teamscan.md"]
        found = re.search(r'<script type="application/json" id="teamscan-data">(.*?)</script>', page)
        assert found
        data = json.loads(found.group(1))
        assert '<input type="file" id="teamscan-files" multiple' in page
        assert 'id="teamscan-drop"' in page and 'role="status"' in page
        assert "## Agenda voor het volgende overleg" in page
        assert data_link in [r["href"] for f in data["factors"] for r in f["recommendations"]["leidinggevenden"]]
        if edition_id != "volledig":
            assert data["audiences"][0]["elsewhere"] == "../aanbevelingen/voorzitters.html"
        assert "een aandachtspunt" in page and "3 is" in page and "2 punten of meer" in page


# -- the real guide's zelfscan ------------------------------------------------------------------


@pytest.fixture(scope="module")
def guide_zelfscan() -> Any:
    loaded = load_content(Path(__file__).resolve().parent.parent / "content")
    assert loaded.knowledge is not None
    page = render_edition(select_edition(loaded.knowledge, "volledig")).files["docs/zelfscan.md"]
    return _page_data(page)


def test_every_scored_item_of_the_guide_is_a_short_statement(guide_zelfscan: Any) -> None:
    statements = [s for f in guide_zelfscan["factors"] for s in f["statements"]]
    assert len(statements) >= 2 * len(guide_zelfscan["factors"])
    for statement in statements:
        assert "?" not in statement["text"], statement
        assert len(statement["text"].split()) <= 30, statement
    for factor in guide_zelfscan["factors"]:
        assert len(factor["statements"]) >= 2, factor["id"]
        for question in factor["conversation"]:
            assert question["text"].count("?") == 1, question
    # some statements describe a weak point and are reverse-scored
    assert sum(s["reverse"] for s in statements) >= 8
