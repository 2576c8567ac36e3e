"""The knowledge model: typed, frozen pydantic classes for everything in `content/`.

Field docstrings double as descriptions in the JSON Schemas (`handbook schema`), so
they are written in Dutch for the content editors who read them in their editor.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ID_REGEX = r"^[a-z0-9][a-z0-9-]*$"
"""The pattern of every id (also used by the schemas and the scaffolding)."""

Id = Annotated[str, StringConstraints(pattern=ID_REGEX)]
"""A stable slug: lower-case letters, digits and hyphens."""

Text = Annotated[str, StringConstraints(min_length=1)]
"""A CommonMark text field (subset: no raw HTML)."""


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
    content_date: Text
    """Datum van de inhoud (JJJJ-MM-DD)."""
    site_url: Text
    """Adres van de online editie, bijv. `https://example.org/praktijkgids/`."""
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
    """Een vraag voor de zelfscan."""

    id: Id
    text: Text
    sources: list[Citation] = Field(min_length=1)
    """Waar de vraag op gebaseerd is (interviewleidraad, observatieschema)."""


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
    questions: list[Question] = Field(min_length=2, max_length=4)
    caveat: str = ""
    """Waar het bewijs dun is of onderzoeken elkaar tegenspreken (Markdown)."""


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
    note: str = ""
    """Opmerking, bijv. over een tegenstrijdigheid in de bron."""


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
    scoring: Text
    """Uitleg van de berekening voor de bezoeker."""


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
    kern: Kernen | None = None
