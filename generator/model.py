"""The knowledge model: typed, frozen pydantic classes for everything in `content/`.

Field docstrings double as descriptions in the JSON Schemas (`handbook schema`), so
they are written in Dutch for the content editors who read them in their editor.
"""

from __future__ import annotations

import datetime
import re
from enum import Enum
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

ID_REGEX = r"^[a-z0-9][a-z0-9-]*$"
"""The pattern of every id (also used by the schemas and the scaffolding)."""

Id = Annotated[str, StringConstraints(pattern=ID_REGEX)]
"""A stable slug: lower-case letters, digits and hyphens."""

Text = Annotated[str, StringConstraints(min_length=1)]
"""A CommonMark text field (subset: no raw HTML)."""


def _iso_date_text(value: object) -> object:
    """Only `JJJJ-MM-DD` text becomes a date: pydantic alone would also take a number
    (seconds since 1970) or a date with a time, and turn a typo into another day."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return value.strip()
    raise PydanticCustomError("iso_date", "geen datum in de vorm JJJJ-MM-DD")


Date = Annotated[datetime.date, BeforeValidator(_iso_date_text)]
"""A calendar date, written `JJJJ-MM-DD` (YAML dates stay text until the model parses them)."""


class Strict(BaseModel):
    """Base for every content model: immutable, unknown keys refused."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        use_attribute_docstrings=True,
        str_strip_whitespace=True,
    )


class EvidenceKind(str, Enum):
    """Soort bewijs: `formele-aanbeveling` (aanbeveling van het onderzoek zelf), `advies-auteur`
    (advies van de auteur elders in de tekst), `literatuur` (uit literatuur die het onderzoek
    aanhaalt), `praktijksuggestie` (suggestie van een geïnterviewde), `bevinding` (bevinding of
    beschreven praktijk), `ontwerpvoorwaarde` (voorwaarde uit het Haagse model)."""

    formal = "formele-aanbeveling"
    author = "advies-auteur"
    literature = "literatuur"
    practitioner = "praktijksuggestie"
    finding = "bevinding"
    design = "ontwerpvoorwaarde"


class Citation(Strict):
    """Een verwijzing naar een bron met vindplaats."""

    source: Id
    """Id van de bron (zie sources.yaml), bijv. `bruggenbouwers`."""
    location: Text
    """Vindplaats in de bron: hoofdstuk/paragraaf en pagina, bijv. `§8.3, p. 140`."""
    lines: str | None = None
    """Regelnummers in het brontekstbestand (voor controle), bijv. `L5731-5732`."""


class Cited(Strict):
    """Base for items that must cite at least one source."""

    sources: list[Citation] = Field(min_length=1)
    """Bronnen met vindplaats; minstens één."""


class Guide(Strict):
    """Gegevens over de gids zelf (guide.yaml)."""

    title: Text
    """Titel van de gids."""
    subtitle: str = ""
    """Ondertitel."""
    version: Text
    """Versie van de inhoud, bijv. `2026.1`."""
    content_date: Date
    """Datum van de inhoud (JJJJ-MM-DD)."""
    site_url: Text | None = None
    """Adres waarop de gids online staat, bijv. `https://gids.jouw-organisatie.nl/`. Laat weg zolang
    er geen echt adres is: dan noemen de kaarten en checklists de gids bij titel en editie.
    `handbook build --site-url` zet het adres voor één bouw."""
    publisher: str = ""
    """Uitgever of beheerder van de gids."""
    about: Text
    """Tekst voor de pagina 'Over deze gids' (Markdown)."""
    reading_guide: Text
    """Korte leeswijzer op de startpagina (Markdown)."""


class Audience(Strict):
    """Een doelgroep met een eigen editie (audiences.yaml)."""

    id: Id
    name: Text
    """Naam in het meervoud, bijv. `Voorzitters`."""
    singular: Text
    """Naam in het enkelvoud, bijv. `voorzitter`."""
    description: Text
    """Wie hoort bij deze doelgroep (Markdown)."""
    intro: Text
    """Inleiding op de startpagina van deze editie (Markdown)."""
    order: int
    """Volgorde in menu's en keuzelijsten."""


class Source(Strict):
    """Een van de onderzoeken waarop de gids steunt (sources.yaml)."""

    id: Id
    short: Text
    """Korte naam, bijv. `Bruggenbouwers`."""
    title: Text
    subtitle: str = ""
    authors: list[Text] = Field(min_length=1)
    """Auteurs; schrijf `onbekend` als de tekst geen naam geeft."""
    year: Text
    kind: Text
    """Soort publicatie, bijv. `boek`, `masterscriptie`."""
    institution: str = "onbekend"
    publisher: str = "onbekend"
    isbn: str = ""
    method: Text
    """Onderzoeksmethode: interviews, observaties, periode (Markdown)."""
    period: str = "onbekend"
    file: str = ""
    """Bestandsnaam van de volledige tekst in de onderzoeksmap."""
    notes: str = ""
    """Bijzonderheden, zoals ontbrekende pagina's of tegenstrijdigheden (Markdown)."""
    limits: str = ""
    """Opzet en grenzen van het onderzoek, kort: soort onderzoek, aantal interviews of respondenten,
    periode en wat de auteurs zelf als beperking noemen (Markdown). Staat op de bronnenpagina; elk
    label 'Soort bewijs' linkt ernaar."""


class Term(Strict):
    """Een begrip in de woordenlijst (glossary.yaml)."""

    id: Id
    term: Text
    definition: Text
    """Uitleg in eigen woorden (Markdown)."""
    background: bool = False
    """`true` als het begrip algemene achtergrond is zonder bron in de onderzoeken."""
    aliases: list[Text] = []
    """Andere schrijfwijzen die de gids naar dit begrip laat verwijzen, bijv. een meervoud
    (`casusoverleggen`) of afkorting (`OM`). De naam vóór een eventueel haakje telt al mee;
    een meervoud op -s, -en of -'s ook."""
    link: bool = True
    """`false` voor een alledaags woord: de gids linkt het dan niet vanzelf naar de woordenlijst."""
    sources: list[Citation] = []
    """Bronnen; verplicht tenzij `background: true`."""


class Cluster(Strict):
    """Een groep succesfactoren (clusters.yaml)."""

    id: Id
    name: Text
    description: Text
    order: int


class Evidence(Strict):
    """Steun voor een succesfactor uit één onderzoek."""

    source: Id
    location: Text
    lines: str | None = None
    kind: EvidenceKind
    """Soort bewijs: bevinding, formele-aanbeveling, advies-auteur, literatuur, praktijksuggestie, ontwerpvoorwaarde."""
    text: Text
    """Wat het onderzoek hierover zegt, in eigen woorden (Markdown)."""
    note: str = ""
    """Opmerking bij dit bewijs, bijv. over een tegenstrijdigheid of slordigheid in de bron; staat ingeklapt
    onder het bewijs (Markdown)."""


class AudienceAdvice(Strict):
    """Wat een doelgroep kan doen voor deze factor."""

    audience: Id
    text: Text
    sources: list[Citation] = Field(min_length=1)


class WarningSign(Strict):
    """Een signaal dat de factor ontbreekt."""

    text: Text
    sources: list[Citation] = Field(min_length=1)


class Question(Strict):
    """Een onderdeel van de zelfscan: een stelling die meetelt in de score, of een gespreksvraag."""

    id: Id
    text: Text
    """Een stelling: één bewering over één ding, zonder vraagteken (hoogstens 30 woorden).
    Een gespreksvraag: één open vraag voor het gesprek."""
    kind: Literal["stelling", "gespreksvraag"] = "stelling"
    """`stelling` (beantwoord op de schaal, telt mee in de score) of `gespreksvraag` (open vraag
    voor het gesprek, telt nooit mee)."""
    direction: Literal["positief", "negatief"] = "positief"
    """Alleen voor een stelling: `positief` (eens = goed) of `negatief` (eens = zwak punt; de
    score wordt omgekeerd)."""
    sources: list[Citation] = Field(min_length=1)
    """Waar het onderdeel op gebaseerd is (interviewleidraad, observatieschema)."""


class Factor(Cited):
    """Een succesfactor (factors/<id>.yaml)."""

    id: Id
    number: int
    """Volgnummer in de gids."""
    name: Text
    cluster: Id
    summary: Text
    """Korte definitie (één à twee zinnen)."""
    why: Text
    """Waarom het ertoe doet (Markdown)."""
    warning_signs: list[WarningSign] = Field(min_length=1)
    helps: list[AudienceAdvice] = []
    """Wat helpt, per doelgroep."""
    evidence: list[Evidence] = Field(min_length=1)
    roles: list[Id] = []
    strategies: list[Id] = []
    questions: list[Question] = Field(min_length=2, max_length=8)
    """De zelfscan: minstens twee stellingen, en eventueel gespreksvragen."""
    caveat: str = ""
    """Waar het bewijs dun is of onderzoeken elkaar tegenspreken (Markdown). Geen regelnummers: die horen
    in `caveat_sources`."""
    caveat_sources: list[Citation] = []
    """Bronnen van wat in `caveat` staat, met vindplaats en regelnummers."""
    source_note: str = ""
    """Opmerking over een bron zelf, zoals een tegenstrijdigheid in de tekst; staat ingeklapt (Markdown)."""


class RoleAudience(Strict):
    """Hoe zwaar een rol weegt voor een doelgroep."""

    audience: Id
    weight: Literal["hoofdrol", "bijrol"]
    """`hoofdrol`: deze doelgroep heeft de rol vooral nodig."""
    note: str = ""


class Role(Cited):
    """Een rol van de bruggenbouwer (roles.yaml)."""

    id: Id
    name: Text
    order: int
    summary: Text
    description: Text
    """Hoe de rol werkt (Markdown)."""
    risks: list[Text] = []
    audiences: list[RoleAudience] = []


class Competency(Cited):
    """Een competentie of persoonlijke eigenschap (competencies.yaml)."""

    id: Id
    name: Text
    group: Id
    """Groep, zie `competency_groups` in hetzelfde bestand."""
    description: Text
    roles: list[Id] = []
    audiences: list[Id] = []


class CompetencyGroup(Strict):
    """Een groep competenties (competencies.yaml, `competency_groups`)."""

    id: Id
    name: Text
    description: Text
    order: int


class Strategy(Cited):
    """Een strategie van de bruggenbouwer (strategies.yaml)."""

    id: Id
    name: Text
    order: int
    summary: Text
    description: Text
    steps: list[Text] = []
    roles: list[Id] = []


class PhaseAdvice(Strict):
    """Wat een fase vraagt van een doelgroep."""

    audience: Id
    text: Text
    sources: list[Citation] = []
    """Waar dit advies op steunt (bron met vindplaats)."""


class Phase(Cited):
    """Een fase van samenwerking (phases.yaml)."""

    id: Id
    name: Text
    order: int
    moment: Text
    """Kopje in de checklist, bijv. `Bij de eerste bijeenkomsten`."""
    description: Text
    asks: list[PhaseAdvice] = []
    """Wat de fase vraagt van een doelgroep."""


class Recommendation(Cited):
    """Een aanbeveling (recommendations.yaml)."""

    id: Id
    checklist: Text
    """Eén regel voor de checklist, gebiedende wijs, begint met een werkwoord."""
    gist: str = ""
    """Eén zin: waarom of waartoe, trouw aan de onderbouwing; staat direct onder de actieregel
    (de onderbouwing zelf staat een klik verder). Leeg: de eerste zin van de onderbouwing."""
    rationale: Text
    """Korte onderbouwing (Markdown)."""
    audiences: list[Id] = Field(min_length=1)
    phases: list[Id] = []
    """Fasen waarin de aanbeveling speelt; leeg = gedurende de hele samenwerking."""
    factors: list[Id] = []
    kind: EvidenceKind
    """Soort bewijs van de eerste bron in `sources`: zet de bron die deze soort draagt (bijv. het onderzoek
    dat de formele aanbeveling doet) vooraan."""
    applies_to: str = ""
    """De situatie waarvoor het onderzoek dit aanbeveelt, als dat één casus is, bijv. `het beslismodel van de
    gemeente Den Haag`. Staat bij de aanbeveling, zodat de lezer ziet dat het advies aan een casus gebonden is."""
    study_audiences: list[Id] = []
    """Doelgroepen die het onderzoek zelf noemt. Doelgroepen in `audiences` die hier niet staan, koos de
    redactie; dat staat bij de aanbeveling. Leeg: de redactie koos alle doelgroepen."""
    note: str = ""
    """Opmerking bij de inhoud, bijv. hoe voorzichtig de bron het zegt (Markdown). Geen regelnummers: die
    horen in `note_sources`."""
    note_sources: list[Citation] = []
    """Bronnen van wat in `note` staat, met vindplaats en regelnummers."""
    source_note: str = ""
    """Opmerking over de bron zelf, zoals een tegenstrijdigheid of tikfout in de tekst; staat ingeklapt
    (Markdown)."""

    @property
    def editor_audiences(self) -> list[str]:
        """The audiences the guide's editors chose (not named by the study)."""
        return [a for a in self.audiences if a not in self.study_audiences]


KERN_MAX_ITEMS = 12
"""A kern is the handful that matters most: at most this many recommendations."""
KERN_QUESTIONS = (3, 4)
"""How many questions to ask yourself a kern has (fewest, most)."""


class KernItem(Strict):
    """Een aanbeveling in de kern, met haar moment en de reden voor haar plaats."""

    recommendation: Id
    """Id van de aanbeveling (zie recommendations/*.yaml); ze moet voor deze doelgroep zijn."""
    moment: Id
    """Id van de fase (zie phases.yaml) waaronder de aanbeveling in de kern staat."""
    reason: Text
    """Eén regel: waarom deze aanbeveling in de kern staat."""


class KernQuestion(Cited):
    """Een vraag om jezelf te stellen (staat op de kaart)."""

    text: Text


class Kern(Strict):
    """De kern van één editie: wat de lezer nu moet doen."""

    audience: Id
    """Id van de doelgroep (zie audiences.yaml)."""
    for_whom: Text
    """Twee zinnen: voor wie deze editie is."""
    questions: list[KernQuestion] = Field(json_schema_extra={"minItems": KERN_QUESTIONS[0], "maxItems": KERN_QUESTIONS[1]})
    """Drie of vier vragen om jezelf te stellen, elk met bron."""
    items: list[KernItem] = Field(min_length=1, json_schema_extra={"maxItems": KERN_MAX_ITEMS})
    """De aanbevelingen van de kern, in volgorde; hoogstens twaalf."""


class Kernen(Strict):
    """De kern per doelgroep (kern.yaml)."""

    method: Text
    """Hoe de kern gekozen is (Markdown); staat in de gids."""
    kernen: list[Kern] = Field(min_length=1)
    """Eén kern per doelgroep."""


class CaseFigure(Strict):
    """Een kerngetal van het praktijkvoorbeeld, met bron."""

    label: Text
    value: Text
    source: Citation
    note: str = ""
    """Toelichting bij het getal, bijv. dat het één schatting van een respondent is (Markdown)."""


class CaseFactor(Strict):
    """Hoe een succesfactor uitwerkte in dit praktijkvoorbeeld."""

    factor: Id
    valence: Literal["+", "-", "±"]
    """`+` werkte, `-` ontbrak of werkte tegen, `±` gemengd."""
    note: Text


class Case(Cited):
    """Een praktijkvoorbeeld (cases/<id>.md, kopgegevens)."""

    id: Id
    title: Text
    place: Text
    """Plaats of pseudoniem."""
    summary: Text
    setting: Text
    participants: Text
    organisation: Text
    factors: list[CaseFactor] = Field(min_length=1)
    roles: list[Id] = []
    figures: list[CaseFigure] = []
    audiences: list[Id] = []
    """Doelgroepen voor wie dit voorbeeld vooral leerzaam is."""
    source_note: str = ""
    """Opmerking over de bron zelf, zoals een tegenstrijdigheid in de tekst; staat ingeklapt (Markdown)."""
    body: str = ""
    """Het verhaal (Markdown onder de kopgegevens); wordt door de lader gevuld."""


class Scale(Strict):
    """Een antwoordmogelijkheid op de schaal van de zelfscan."""

    value: int
    label: Text


class Zelfscan(Strict):
    """Instellingen van de zelfscan (zelfscan.yaml)."""

    intro: Text
    scale: list[Scale] = Field(min_length=2)
    dont_know: Text
    """Label voor 'weet ik niet' (telt niet mee)."""
    weak_threshold: float
    """Gemiddelde score waaronder een factor als zwak geldt."""
    min_answered: int = Field(default=1, ge=1)
    """Hoeveel stellingen van een factor minstens beantwoord moeten zijn (niet 'weet ik niet')
    voordat de factor een score krijgt."""
    dispute_spread: float = Field(default=2, gt=0)
    """Teamscan: verschil tussen de laagste en de hoogste score vanaf waar de meningen over een
    factor uiteenlopen."""
    scoring: Text
    """Uitleg van de berekening voor de bezoeker."""


CHANGE_KINDS: dict[str, str] = {
    "recommendation": "recommendations",
    "case": "cases",
    "factor": "factors",
    "role": "roles",
    "competency": "competencies",
    "strategy": "strategies",
    "phase": "phases",
    "term": "glossary",
    "source": "sources",
}
"""Kinds of item a change note may name (`soort/id`), and the Knowledge list of each."""

CHANGE_ITEM_REGEX = r"^[a-z]+/[a-z0-9][a-z0-9-]*$"


class ChangeType(str, Enum):
    """Soort wijziging: `correctie` (iets klopte niet), `aanvulling` (iets is toegevoegd aan
    een bestaand onderdeel), `nieuw` (een nieuw onderdeel)."""

    correction = "correctie"
    addition = "aanvulling"
    new = "nieuw"


class Change(Strict):
    """Eén gewijzigd onderdeel in een versie, met een korte toelichting."""

    item: Annotated[str, StringConstraints(pattern=CHANGE_ITEM_REGEX)]
    """Het onderdeel als `soort/id`, bijv. `recommendation/bestaansreden-helder`. Soorten:
    recommendation, case, factor, role, competency, strategy, phase, term, source."""
    type: ChangeType
    """`correctie`, `aanvulling` of `nieuw`."""
    note: Text
    """Wat er veranderde en waarom, in één of twee zinnen (Markdown)."""

    @property
    def kind(self) -> str:
        return self.item.split("/", 1)[0]

    @property
    def item_id(self) -> str:
        return self.item.split("/", 1)[1]


class Version(Strict):
    """Een versie van de gids (versions.yaml), de nieuwste bovenaan."""

    version: Text
    """Versienummer, bijv. `2026.2`; de nieuwste is gelijk aan `version` in guide.yaml."""
    date: Date
    """Datum van de versie (JJJJ-MM-DD)."""
    summary: Text
    """Wat deze versie in het kort brengt (Markdown)."""
    changes: list[Change] = []
    """De gewijzigde onderdelen."""


class Knowledge(Strict):
    """The whole knowledge base, as loaded from `content/`."""

    guide: Guide
    audiences: list[Audience]
    sources: list[Source]
    clusters: list[Cluster]
    factors: list[Factor]
    roles: list[Role]
    competency_groups: list[CompetencyGroup]
    competencies: list[Competency]
    strategies: list[Strategy]
    phases: list[Phase]
    recommendations: list[Recommendation]
    cases: list[Case]
    glossary: list[Term]
    zelfscan: Zelfscan | None = None
    versions: list[Version] = []
    """The version history, newest first (versions.yaml)."""
    kern: Kernen | None = None
