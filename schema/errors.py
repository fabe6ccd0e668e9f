"""Incidents and the typed exception that carries them.

A check returns incidents; only the CLI prints them and turns them into an exit status. Every
incident names a stable code, the file, the place in it, what is wrong and how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_MESSAGE = 300  # characters; a longer message (a whole line of input quoted back) is cut


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


@dataclass(frozen=True)
class Incident:
    code: str  # stable kebab-case, e.g. "span-not-found"
    file: str
    where: str  # "line 12", "statement s3, field content", "front matter"
    message: str  # what is wrong, and the fix
    level: str = "error"  # or "warning": printed, but does not stop the command

    def __post_init__(self):
        object.__setattr__(self, "message", shorten(self.message, MAX_MESSAGE))

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.level} [{self.code}] {self.message}"


class DiploQuoteError(Exception):
    """Raised by the library with every incident found; the CLI prints them and exits non-zero."""

    def __init__(self, incidents: list[Incident] | Incident):
        self.incidents = [incidents] if isinstance(incidents, Incident) else list(incidents)
        super().__init__("\n".join(str(i) for i in self.incidents))


def fail(code: str, file: str, where: str, message: str) -> DiploQuoteError:
    """Shorthand for a one-incident error, to be raised by the caller."""
    return DiploQuoteError(Incident(code, str(file), where, message))
