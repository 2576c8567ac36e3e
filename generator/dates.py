"""The build's dates: never the clock, so the same content gives the same bytes.

`SOURCE_DATE_EPOCH` (reproducible-builds.org) is read here and nowhere else; without
it, a build is dated by the content date in guide.yaml.
"""

from __future__ import annotations

import datetime
import os

from generator.model import Guide
from generator.problems import Refusal

ENVIRONMENT_VARIABLE = "SOURCE_DATE_EPOCH"
MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)


def in_words(day: datetime.date) -> str:
    """A date as a Dutch reader writes it: `5 december 2026`."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def midnight_utc(day: datetime.date) -> datetime.datetime:
    """A calendar date as the moment it starts, in UTC."""
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)


def source_date_epoch(guide: Guide) -> int:
    """Seconds since 1970 for the build: SOURCE_DATE_EPOCH when set, else the content date."""
    value = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if not value:
        return int(midnight_utc(guide.content_date).timestamp())
    if not value.isdigit():
        raise Refusal(
            f"{ENVIRONMENT_VARIABLE}='{value}' is geen aantal seconden sinds 1970; "
            f"zet het op een geheel getal zoals 1764806400, of laat het leeg"
        )
    return int(value)


def build_moment(guide: Guide) -> datetime.datetime:
    """The build's moment in UTC (for PDF metadata and the like)."""
    return datetime.datetime.fromtimestamp(source_date_epoch(guide), tz=datetime.UTC)
