"""One error hierarchy for everything a user can run into.

Each subclass carries the exit code the CLI maps it to (see DESIGN.md, "Exit codes"); the
message is what the user reads: one or two plain sentences saying what happened and what to
do next. Nothing below the CLI prints; it raises one of these.
"""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """Every exit code mia can end with (DESIGN.md, "Exit codes"): the one list of them."""

    OK = 0
    NOT_FOUND = 1
    BAD_INPUT = 2
    SERVICE = 3
    STORE = 4
    #: A bug: mia met something it did not expect (a sentence, never a traceback, is printed).
    INTERNAL = 70
    #: Ctrl-C, as shells expect (128 + SIGINT).
    INTERRUPTED = 130


class MiaError(Exception):
    """Base of every error mia reports to the user."""

    exit_code = ExitStatus.BAD_INPUT

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n{self.hint}"


class NotFound(MiaError):
    """Nothing matched: an unknown id, a search without a hit, a DOI that does not exist."""

    exit_code = ExitStatus.NOT_FOUND


class BadInput(MiaError):
    """The user's input cannot be used: bad usage, a malformed file, an invalid DOI."""

    exit_code = ExitStatus.BAD_INPUT


class ImportFailed(BadInput):
    """A file could not be imported as a review. `path` names the file when known."""

    def __init__(self, message: str, *, path: str | None = None, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.path = path


class ServiceError(MiaError):
    """The network or a metadata service failed (timed out, unreachable, error status)."""

    exit_code = ExitStatus.SERVICE


class StoreError(MiaError):
    """The store cannot be used: corrupt, unknown schema, or locked for too long."""

    exit_code = ExitStatus.STORE


class Interrupted(MiaError):
    """The user pressed Ctrl-C; the message says what was done before (exit 130, as shells expect)."""

    exit_code = ExitStatus.INTERRUPTED


class AlreadyReported(MiaError):
    """The command has already told the user what went wrong (e.g. each failed file of a bulk
    add); it only has to end with `exit_code`. The CLI prints nothing more for it."""

    def __init__(self, status: ExitStatus) -> None:
        super().__init__("")
        self.exit_code = status
