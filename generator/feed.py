"""An edition's Atom feed of change notes (`feed.xml`), written with feedgen.

The bytes depend on the content alone: every date is a version's date (never the
build time), and ids are `tag:` URIs (RFC 4151) made from the guide's title and its
first version's date, so they stay the same when the guide moves to another address.
Links are absolute when the guide has a `site_url`, else relative to the feed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from feedgen.feed import FeedGenerator

from generator import dates
from generator.editions import ChangeView, Edition
from generator.markdown import to_inline_html

FEED_FILE = "feed.xml"
CHANGE_LABELS = {"correctie": "Correctie", "aanvulling": "Aanvulling", "nieuw": "Nieuw"}

Href = Callable[[ChangeView], str]
"""The link of a change's item, relative to the edition's root (`factoren/x.html`)."""


def feed_title(edition_title: str) -> str:
    return f"{edition_title}: wat is er nieuw"


def tag_authority(title: str) -> str:
    """The guide's title as a DNS-like name for tag: URIs (`praktijkgids-bruggenbouwers`)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-") or "gids"


def atom_feed(edition: Edition, edition_title: str, edition_url: str, changes_page: str, href: Href) -> bytes:
    """The Atom feed of the changes that concern `edition`, newest first.

    `edition_url`: the edition's absolute address ending in '/', or '' without a site_url;
    `changes_page`: the 'Wat is er nieuw' page relative to the edition's root."""
    guide = edition.guide
    versions = edition.knowledge.versions
    first_day = versions[-1].date if versions else guide.content_date
    prefix = f"tag:{tag_authority(guide.title)},{first_day.isoformat()}:"
    generator = FeedGenerator()
    generator.id(f"{prefix}{edition.id}/{FEED_FILE}")
    generator.title(feed_title(edition_title))
    generator.author({"name": guide.publisher or guide.title})
    generator.language("nl")
    generator.generator("praktijkgids handbook")
    generator.updated(dates.midnight_utc(versions[0].date if versions else guide.content_date))
    generator.link(href=edition_url + changes_page, rel="alternate", type="text/html")
    if edition_url:
        generator.link(href=edition_url + FEED_FILE, rel="self", type="application/atom+xml")
    for change in edition.changes:  # newest version first
        entry = generator.add_entry(order="append")
        version = change.version
        entry.id(f"{prefix}{version.version}/{change.change.item}")
        entry.title(f"{CHANGE_LABELS[change.change.type.value]}: {change.title}")
        entry.updated(dates.midnight_utc(version.date))
        entry.link(href=edition_url + href(change), rel="alternate", type="text/html")
        entry.category(term=change.change.type.value, label=CHANGE_LABELS[change.change.type.value])
        entry.content(f"<p>Versie {version.version}: {to_inline_html(change.change.note)}</p>", type="html")
    data: bytes = generator.atom_str(pretty=True)
    return data
