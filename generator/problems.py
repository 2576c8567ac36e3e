"""Problems as data: where in which file, what is wrong, what was expected.

Stages collect `Problem`s instead of stopping at the first; `ContentError` ends a
stage with all of them. Messages are Dutch: they are read by content editors.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Span:
    """A 1-based position in a content file."""

    file: str
    """Path as shown to the user (relative to the working directory where possible)."""
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content."""

    span: Span
    message: str
    """What is wrong, naming the value in quotes."""
    expected: str = ""
    """What would have been right."""
    hint: str = ""
    """A 'did you mean' suggestion or another nudge."""
    severity: Severity = "error"

    def __str__(self) -> str:
        text = f"{self.span}: {'waarschuwing: ' if self.severity == 'warning' else ''}{self.message}"
        if self.expected:
            text += f"; verwacht: {self.expected}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.span.file, self.span.line, self.span.column, self.message)


@dataclass
class ContentError(Exception):
    """The content has errors; the stage cannot go on."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in sorted_problems(self.problems))


class Refusal(Exception):
    """A request the tool refuses (a dangerous --out, an unknown edition, ...).

    The message is one finished Dutch sentence naming the path or value and what to do;
    the CLI prints it without a traceback and exits 1. Bugs are never wrapped in it.
    """


class BuildError(RuntimeError):
    """A site engine or a PDF failed; the message says which edition or checklist and why."""


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in reading order: by file, line, column."""
    return sorted(problems, key=lambda p: p.sort_key)


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def did_you_mean(word: str, candidates: Sequence[str]) -> str:
    """A Dutch 'did you mean' hint, or '' when nothing is close."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"bedoelde je '{matches[0]}'?" if matches else ""


def summary_line(problems: Sequence[Problem]) -> str:
    """One line counting errors and warnings, for the end of a report."""
    errors = len(errors_in(problems))
    warnings = len(problems) - errors
    if not problems:
        return "Geen problemen gevonden."
    return f"{errors} fout{'en' if errors != 1 else ''}, {warnings} waarschuwing{'en' if warnings != 1 else ''}."


def environment_message(error: OSError) -> str:
    """One Dutch sentence for a failure of the machine rather than of the content or the
    code (disk full, read-only, no permission, busy port), naming the path and what to do."""
    import errno

    path = error.filename if error.filename is not None else ""
    where = f" '{path}'" if path else ""
    code = error.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return f"de schijf is vol bij het schrijven van{where or ' de uitvoer'}; maak ruimte vrij en probeer het opnieuw."
    if code == errno.EROFS:
        return f"de map{where} staat op een schijf waarop niet geschreven mag worden; kies een andere map met --out."
    if code in (errno.EACCES, errno.EPERM):
        return f"je hebt geen toestemming voor{where or ' een bestand'}; pas de rechten aan of kies een andere map."
    if code == errno.EADDRINUSE:
        return "het adres of de poort is al in gebruik; stop het andere programma of kies een andere poort met --port."
    if code == errno.ENOTDIR:
        return f"een deel van{where or ' het pad'} is een bestand en geen map; kies een ander pad."
    if code == errno.EEXIST:
        return f"{where.strip() or 'het pad'} bestaat al en is geen map die gebruikt kan worden; kies een ander pad."
    if code == errno.ENOENT:
        return f"{where.strip() or 'een bestand of map'} bestaat niet; controleer het pad."
    reason = error.strerror or type(error).__name__
    return f"het besturingssysteem meldt '{reason}' bij{where or ' het lezen of schrijven'}; los dat op en probeer het opnieuw."
