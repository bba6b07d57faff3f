"""One error hierarchy for everything a user can run into.

Each subclass carries the exit code the CLI maps it to (see DESIGN.md, "Exit codes"); the
message is what the user reads: one or two plain sentences saying what happened and what to
do next. Nothing below the CLI prints; it raises one of these.
"""

from __future__ import annotations


class MiaError(Exception):
    """Base of every error mia reports to the user."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n{self.hint}"


class NotFound(MiaError):
    """Nothing matched: an unknown id, a search without a hit, a DOI that does not exist."""

    exit_code = 1


class BadInput(MiaError):
    """The user's input cannot be used: bad usage, a malformed file, an invalid DOI."""

    exit_code = 2


class ImportFailed(BadInput):
    """A file could not be imported as a review. `path` names the file when known."""

    def __init__(self, message: str, *, path: str | None = None, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.path = path


class ServiceError(MiaError):
    """The network or a metadata service failed (timed out, unreachable, error status)."""

    exit_code = 3


class StoreError(MiaError):
    """The store cannot be used: corrupt, unknown schema, or locked for too long."""

    exit_code = 4
