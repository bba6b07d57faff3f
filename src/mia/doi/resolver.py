"""Resolve a DOI to its citation metadata (CSL-JSON): which service, which URL, what to keep.

Which service first. Crossref's `/works/{doi}` is asked first and doi.org content negotiation
(`Accept: application/vnd.citationstyles.csl+json`) is the fallback, because:
- nearly every article a medical journal club reviews has a Crossref DOI, and for those doi.org
  only answers with a 302 to Crossref's own `/transform` endpoint: asking Crossref directly is one
  request instead of two, against the same service and the same rate limit;
- `/works` announces its rate limit on every answer and honours the polite pool (`mailto`);
- when Crossref does not know a DOI (404), it may still be a DataCite or mEDRA DOI, which doi.org
  serves; a 404 there too means the DOI does not exist.
A Crossref *failure* (timeout, 5xx) is not retried through doi.org: doi.org would redirect the
request to the same failing Crossref API, and the time budget is better spent reporting it.

The `/works` message is turned into CSL-JSON the way Crossref's own transform does it (titles
from lists to text, `short-container-title` to `container-title-short`), so both routes store the
same shape. The list of cited references (`reference`) is dropped: it is often most of the answer
and says nothing about the article itself. `source` (the URL the answer came from) and `fetched`
(UTC) are added; `source` replaces Crossref's own `"source": "Crossref"`.

The HTTP bounds (timeouts, retries, rate, size cap, redirects) are `mia.doi.http_client`'s; the total
budget per DOI is 30 s, `MIA_HTTP_TIMEOUT` to change it.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Mapping
from urllib.parse import quote, urlsplit

import mia
from mia.model.doi import normalise_doi
from mia.base.errors import BadInput, NotFound
from mia.base.environment import is_offline
from mia.doi.http_client import Answer, FailureKind, Limits, NothingThere, PoliteClient, ServiceFailure, failure

CSL_JSON = "application/vnd.citationstyles.csl+json"
DEFAULT_DOI_URL = "https://doi.org"
DEFAULT_CROSSREF_URL = "https://api.crossref.org"
PROJECT_URL = ""  # the project's public page, once it has one: it goes in the User-Agent
DROPPED_FIELDS = frozenset({"reference"})
_MAILTO = re.compile(r"^[^@\s;()<>,]+@[^@\s;()<>,]+\.[^@\s;()<>,]+$")


@dataclass(frozen=True)
class ResolverSettings:
    doi_url: str = DEFAULT_DOI_URL
    crossref_url: str = DEFAULT_CROSSREF_URL
    mailto: str = ""
    offline: bool = False
    total_timeout: float = 30.0
    limits: Limits = Limits()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, *, offline: bool = False) -> "ResolverSettings":
        """Settings from MIA_DOI_URL, MIA_CROSSREF_URL, MIA_MAILTO, MIA_OFFLINE, MIA_HTTP_TIMEOUT."""
        env = os.environ if environ is None else environ
        mailto = env.get("MIA_MAILTO", "").strip()
        if mailto and not _MAILTO.match(mailto):
            raise BadInput(f"MIA_MAILTO '{mailto}' is not an e-mail address.")
        total = cls.total_timeout
        if env.get("MIA_HTTP_TIMEOUT", "").strip():
            try:
                total = float(env["MIA_HTTP_TIMEOUT"])
            except ValueError:
                total = 0.0
            if not 0 < total <= 600:
                raise BadInput(f"MIA_HTTP_TIMEOUT '{env['MIA_HTTP_TIMEOUT']}' must be a number of seconds (up to 600).")
        limits = Limits()
        return cls(
            doi_url=_base_url(env, "MIA_DOI_URL", DEFAULT_DOI_URL),
            crossref_url=_base_url(env, "MIA_CROSSREF_URL", DEFAULT_CROSSREF_URL),
            mailto=mailto,
            offline=offline or is_offline(env),
            total_timeout=total,
            limits=Limits(
                connect_timeout=min(limits.connect_timeout, total),
                read_timeout=min(limits.read_timeout, total),
            ),
        )


class Resolver:
    """Fetches CSL-JSON for DOIs. One instance per command: it holds the connection and the rate."""

    def __init__(
        self,
        settings: ResolverSettings | None = None,
        *,
        clock: Any = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.settings = settings or ResolverSettings.from_env()
        self.http = PoliteClient(
            user_agent(self.settings.mailto),
            self.settings.limits,
            clock=clock,
            now=now,
            requests_per_second=10 if self.settings.mailto else 5,  # polite pool, else public pool
        )

    def __enter__(self) -> "Resolver":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.http.close()

    @property
    def limiter(self):
        return self.http.limiter

    def fetch_metadata(self, doi: str) -> dict[str, Any]:
        """The CSL-JSON of `doi`, plus `source` (the URL it came from) and `fetched` (UTC).

        Raises NotFound when the DOI does not exist, ServiceFailure (a ServiceError, exit 3)
        when a service fails or mia is offline, BadInput when `doi` is not a DOI.
        """
        doi = normalise_doi(doi)
        context = f"The DOI {doi} could not be resolved"
        if self.settings.offline:
            raise ServiceFailure(
                f"The DOI {doi} was not looked up: mia is offline (MIA_OFFLINE or --offline).",
                kind=FailureKind.OFFLINE,
            )
        deadline = self.http.clock.monotonic() + self.settings.total_timeout
        try:
            answer = self.http.get(
                self._crossref_url(doi), accept="application/json", deadline=deadline,
                context=context, nothing_there=frozenset({404, 410}),
            )
            csl = crossref_message_to_csl(_crossref_message(answer, context))
        except NothingThere:
            try:
                answer = self.http.get(
                    self._doi_org_url(doi), accept=CSL_JSON, deadline=deadline,
                    context=context, nothing_there=frozenset({204, 404, 406, 410}),
                )
            except NothingThere as missing:
                raise _not_found(doi, missing.status) from None
            csl = _csl_item(answer, context)
        csl["source"] = answer.url
        csl["fetched"] = self.http.now().astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        return csl

    def _crossref_url(self, doi: str) -> str:
        return f"{self.settings.crossref_url.rstrip('/')}/works/{doi_path(doi)}"

    def _doi_org_url(self, doi: str) -> str:
        return f"{self.settings.doi_url.rstrip('/')}/{doi_path(doi)}"


def user_agent(mailto: str) -> str:
    """`mia/0.1.0 (<project page>; mailto:someone@example.org)`, as Crossref's etiquette asks."""
    details = [part for part in (PROJECT_URL, mailto and f"mailto:{mailto}") if part]
    return f"mia/{mia.__version__}" + (f" ({'; '.join(details)})" if details else "")


# -- answers ------------------------------------------------------------------------------


def crossref_message_to_csl(message: dict[str, Any]) -> dict[str, Any]:
    """A Crossref `/works` message as CSL-JSON, the way Crossref's own transform renders it."""
    csl = {k: v for k, v in message.items() if k not in DROPPED_FIELDS and k != "short-container-title"}
    for key in ("title", "container-title"):
        value = csl.get(key)
        if isinstance(value, list):
            if value:
                csl[key] = value[0]
            else:
                del csl[key]
    short = message.get("short-container-title")
    if isinstance(short, list) and short:
        csl["container-title-short"] = short[0]
    return csl


def _crossref_message(answer: Answer, context: str) -> dict[str, Any]:
    document = _json(answer, context)
    message = document.get("message") if isinstance(document, dict) else None
    if not isinstance(message, dict):
        raise failure(context, answer.url, FailureKind.MALFORMED_ANSWER)
    return message


def _csl_item(answer: Answer, context: str) -> dict[str, Any]:
    document = _json(answer, context)
    if isinstance(document, list) and len(document) == 1:
        document = document[0]
    if not isinstance(document, dict):
        raise failure(context, answer.url, FailureKind.MALFORMED_ANSWER)
    return {k: v for k, v in document.items() if k not in DROPPED_FIELDS}


def _json(answer: Answer, context: str) -> Any:
    try:
        return json.loads(answer.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise failure(context, answer.url, FailureKind.MALFORMED_ANSWER) from None


# -- small pieces -------------------------------------------------------------------------


def doi_path(doi: str) -> str:
    """The DOI as a URL path: `prefix/suffix`, every other character that could change the
    path percent-encoded (a `/` inside the suffix too), so `10.1000/../../x` stays one segment."""
    prefix, _, suffix = doi.partition("/")
    encoded = quote(suffix, safe="")
    if set(suffix) <= {"."}:
        encoded = suffix.replace(".", "%2E")
    return f"{quote(prefix, safe='')}/{encoded}"


def _base_url(env: Mapping[str, str], name: str, default: str) -> str:
    value = env.get(name, "").strip() or default
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BadInput(f"{name} '{value}' must be an http:// or https:// address.")
    return value


def _not_found(doi: str, status: int) -> NotFound:
    if status in (204, 406):
        return NotFound(f"The DOI {doi} exists, but its registration agency gives no citation metadata for it.")
    return NotFound(
        f"The DOI {doi} does not exist: neither Crossref nor doi.org knows it.",
        hint="Check it for a typing mistake.",
    )
