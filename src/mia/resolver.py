"""Resolve a DOI to its citation metadata (CSL-JSON) over HTTP, politely and within bounds.

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
and says nothing about the article itself.

Bounds: one Session, no cookies kept, redirects followed by hand (at most 5, http(s) only, never
from https down to http), answers capped at 5 MB while streaming, connect/read timeouts inside a
total budget (30 s per DOI by default, `MIA_HTTP_TIMEOUT`), at most 4 attempts on 429/5xx with
back-off or `Retry-After`. Every wait goes through an injectable clock so tests never sleep.
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Callable, Mapping
from urllib.parse import quote, urljoin, urlsplit

import mia
from mia.doi import normalise_doi
from mia.errors import BadInput, NotFound, ServiceError

CSL_JSON = "application/vnd.citationstyles.csl+json"
DEFAULT_DOI_URL = "https://doi.org"
DEFAULT_CROSSREF_URL = "https://api.crossref.org"
PROJECT_URL = ""  # set to the project's public page once it has one; it goes in the User-Agent
MAX_REDIRECTS = 5
MAX_ANSWER_BYTES = 5 * 1024 * 1024
DROPPED_FIELDS = frozenset({"reference"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
BACKOFF_FIRST = 1.0
BACKOFF_CAP = 8.0
_MAILTO = re.compile(r"^[^@\s;()<>,]+@[^@\s;()<>,]+\.[^@\s;()<>,]+$")


class ResolutionFailed(ServiceError):
    """The service could not give an answer; `reason` is the short why ("timed out", ...)."""

    def __init__(self, message: str, *, reason: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.reason = reason


class SystemClock:
    """Real time. Tests pass a clock whose `sleep` only moves its own time forward."""

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


@dataclass(frozen=True)
class ResolverSettings:
    doi_url: str = DEFAULT_DOI_URL
    crossref_url: str = DEFAULT_CROSSREF_URL
    mailto: str = ""
    offline: bool = False
    total_timeout: float = 30.0
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    max_attempts: int = 4
    max_bytes: int = MAX_ANSWER_BYTES

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
        return cls(
            doi_url=_base_url(env, "MIA_DOI_URL", DEFAULT_DOI_URL),
            crossref_url=_base_url(env, "MIA_CROSSREF_URL", DEFAULT_CROSSREF_URL),
            mailto=mailto,
            offline=offline or is_offline(env),
            total_timeout=total,
            connect_timeout=min(cls.connect_timeout, total),
            read_timeout=min(cls.read_timeout, total),
        )


def is_offline(environ: Mapping[str, str] | None = None) -> bool:
    """MIA_OFFLINE set to anything but empty/0/false/no means: never touch the network."""
    value = (os.environ if environ is None else environ).get("MIA_OFFLINE", "")
    return value.strip().lower() not in ("", "0", "false", "no", "off")


class RateLimiter:
    """Spaces request starts by interval/limit, the rate the service last announced.

    Crossref announces `x-rate-limit-limit` (requests) per `x-rate-limit-interval` (e.g. `1s`)
    and `x-concurrency-limit`; the headers may be missing, or doubled by a proxy (`50, 50`), in
    which case the smallest value counts and a missing or unreadable one keeps the previous rate.
    mia sends one request at a time, so any announced concurrency limit is kept by construction;
    it is recorded for anyone who later parallelises.
    """

    MAX_GAP = 5.0  # an absurd announcement must not stall mia for minutes

    def __init__(self, clock: Any, *, limit: int = 5, interval: float = 1.0) -> None:
        self.clock = clock
        self.limit = limit
        self.interval = interval
        self.concurrency = 1
        self._last_start: float | None = None

    @property
    def gap(self) -> float:
        return min(self.interval / self.limit, self.MAX_GAP)

    def wait(self) -> None:
        """Sleep until the next request may start, and book that start."""
        now = self.clock.monotonic()
        start = now if self._last_start is None else max(now, self._last_start + self.gap)
        if start > now:
            self.clock.sleep(start - now)
        self._last_start = start

    def update(self, headers: Mapping[str, str]) -> None:
        limit = _smallest_number(headers.get("x-rate-limit-limit"))
        interval = _duration_seconds(headers.get("x-rate-limit-interval"))
        concurrency = _smallest_number(headers.get("x-concurrency-limit"))
        if limit is not None and limit >= 1:
            self.limit = int(limit)
        if interval is not None and interval > 0:
            self.interval = interval
        if concurrency is not None and concurrency >= 1:
            self.concurrency = int(concurrency)


@dataclass
class _Answer:
    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes


class _NoSuchDoi(Exception):
    """The service answered that it has nothing for the DOI (404, or 204/406 at doi.org)."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class Resolver:
    """Fetches CSL-JSON for DOIs. One instance per command: it holds the Session and rate."""

    def __init__(
        self,
        settings: ResolverSettings | None = None,
        *,
        clock: Any = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.settings = settings or ResolverSettings.from_env()
        self.clock = clock or SystemClock()
        self._now = now or (lambda: datetime.now(timezone.utc))
        polite = bool(self.settings.mailto)
        self.limiter = RateLimiter(self.clock, limit=10 if polite else 5)
        self._session: Any = None

    def __enter__(self) -> "Resolver":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None

    @property
    def user_agent(self) -> str:
        details = [part for part in (PROJECT_URL, self.settings.mailto and f"mailto:{self.settings.mailto}") if part]
        return f"mia/{mia.__version__}" + (f" ({'; '.join(details)})" if details else "")

    def fetch_metadata(self, doi: str) -> dict[str, Any]:
        """The CSL-JSON of `doi`, plus `source` (the URL it came from) and `fetched` (UTC).

        Raises NotFound when the DOI does not exist, ResolutionFailed (a ServiceError) when a
        service fails or mia is offline, BadInput when `doi` is not a DOI.
        """
        doi = normalise_doi(doi)
        if self.settings.offline:
            raise ResolutionFailed(
                f"The DOI {doi} was not looked up: mia is offline (MIA_OFFLINE or --offline).",
                reason="offline",
            )
        deadline = self.clock.monotonic() + self.settings.total_timeout
        try:
            answer = self._get(self._crossref_url(doi), "application/json", doi, deadline)
            csl = crossref_message_to_csl(_crossref_message(answer, doi))
        except _NoSuchDoi:
            try:
                answer = self._get(self._doi_org_url(doi), CSL_JSON, doi, deadline)
            except _NoSuchDoi as missing:
                raise _not_found(doi, missing.status) from None
            csl = _csl_item(answer, doi)
        csl["source"] = answer.url
        csl["fetched"] = self._now().astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        return csl

    # -- HTTP -------------------------------------------------------------------------------

    def _crossref_url(self, doi: str) -> str:
        return f"{self.settings.crossref_url.rstrip('/')}/works/{doi_path(doi)}"

    def _doi_org_url(self, doi: str) -> str:
        return f"{self.settings.doi_url.rstrip('/')}/{doi_path(doi)}"

    def _get(self, url: str, accept: str, doi: str, deadline: float) -> _Answer:
        """GET with redirects, retries and the time budget; a 200 answer or an exception."""
        redirects = 0
        attempts = 0
        while True:
            answer = self._send(url, accept, doi, deadline)
            status = answer.status
            if status in REDIRECT_STATUSES:
                redirects += 1
                if redirects > MAX_REDIRECTS:
                    raise _failure(doi, url, "too many redirects")
                url = _redirect_target(url, answer.headers.get("location"), doi)
                continue
            if status == 429 or 500 <= status <= 599:
                attempts += 1
                delay = self._retry_delay(answer.headers, attempts)
                out_of_budget = self.clock.monotonic() + delay > deadline
                if attempts >= self.settings.max_attempts or out_of_budget:
                    raise _failure(doi, url, f"service error {status}")
                self.clock.sleep(delay)
                continue
            if status == 200:
                return answer
            if status in (404, 410) or (status in (204, 406) and accept == CSL_JSON):
                raise _NoSuchDoi(status)
            raise _failure(doi, url, f"service error {status}")

    def _send(self, url: str, accept: str, doi: str, deadline: float) -> _Answer:
        import requests

        session = self._session_or_new()
        self.limiter.wait()
        remaining = deadline - self.clock.monotonic()
        if remaining <= 0:
            raise _failure(doi, url, "timed out")
        timeout = (min(self.settings.connect_timeout, remaining), min(self.settings.read_timeout, remaining))
        try:
            response = session.get(url, headers={"Accept": accept}, timeout=timeout, stream=True, allow_redirects=False)
        except requests.exceptions.Timeout:
            raise _failure(doi, url, "timed out") from None
        except requests.exceptions.ConnectionError:
            raise _failure(doi, url, "unreachable") from None
        except requests.exceptions.RequestException:
            raise _failure(doi, url, "unusable address") from None
        with response:
            self.limiter.update(response.headers)
            body = self._read_capped(response, doi, url, deadline) if response.status_code == 200 else b""
            return _Answer(url=url, status=response.status_code, headers=response.headers, body=body)

    def _read_capped(self, response: Any, doi: str, url: str, deadline: float) -> bytes:
        import requests
        from urllib3.exceptions import ReadTimeoutError

        limit = self.settings.max_bytes
        declared = response.headers.get("content-length", "")
        too_large = f"an answer larger than the {limit:,} bytes mia accepts"
        if declared.isdigit() and int(declared) > limit:
            raise _failure(doi, url, "answer too large", said=too_large)
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > limit:
                    raise _failure(doi, url, "answer too large", said=too_large)
                if self.clock.monotonic() > deadline:
                    raise _failure(doi, url, "timed out")
                chunks.append(chunk)
        except requests.exceptions.ConnectionError as error:
            timed_out = any(isinstance(arg, ReadTimeoutError) for arg in error.args)
            raise _failure(doi, url, "timed out" if timed_out else "unreachable") from None
        except requests.exceptions.RequestException:
            raise _failure(doi, url, "broken answer") from None
        return b"".join(chunks)

    def _retry_delay(self, headers: Mapping[str, str], attempt: int) -> float:
        asked = retry_after_seconds(headers.get("retry-after"), self._now())
        if asked is not None:
            return asked
        return min(BACKOFF_FIRST * 2 ** (attempt - 1), BACKOFF_CAP)

    def _session_or_new(self) -> Any:
        if self._session is None:
            import http.cookiejar

            import requests

            session = requests.Session()
            session.headers["User-Agent"] = self.user_agent
            # Metadata services have no business tracking us between DOIs.
            session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
            self._session = session
        return self._session


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


def _crossref_message(answer: _Answer, doi: str) -> dict[str, Any]:
    document = _json(answer, doi)
    message = document.get("message") if isinstance(document, dict) else None
    if not isinstance(message, dict):
        raise _failure(doi, answer.url, "malformed answer")
    return message


def _csl_item(answer: _Answer, doi: str) -> dict[str, Any]:
    document = _json(answer, doi)
    if isinstance(document, list) and len(document) == 1:
        document = document[0]
    if not isinstance(document, dict):
        raise _failure(doi, answer.url, "malformed answer")
    return {k: v for k, v in document.items() if k not in DROPPED_FIELDS}


def _json(answer: _Answer, doi: str) -> Any:
    try:
        return json.loads(answer.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _failure(doi, answer.url, "malformed answer") from None


# -- small pieces -------------------------------------------------------------------------


def doi_path(doi: str) -> str:
    """The DOI as a URL path: `prefix/suffix`, every other character that could change the
    path percent-encoded (a `/` inside the suffix too), so `10.1000/../../x` stays one segment."""
    prefix, _, suffix = doi.partition("/")
    encoded = quote(suffix, safe="")
    if set(suffix) <= {"."}:
        encoded = suffix.replace(".", "%2E")
    return f"{quote(prefix, safe='')}/{encoded}"


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """`Retry-After` as seconds to wait (it is either seconds or an HTTP date); None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - now).total_seconds())


def _smallest_number(value: str | None) -> float | None:
    numbers = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", value or "")]
    return min(numbers) if numbers else None


def _duration_seconds(value: str | None) -> float | None:
    """`1s`, `1000ms`, `1m`, `60` (seconds); doubled values keep the smallest."""
    units = {"ms": 0.001, "s": 1.0, "": 1.0, "m": 60.0, "h": 3600.0}
    durations = [
        float(number) * units[unit]
        for number, unit in re.findall(r"(\d+(?:\.\d+)?)\s*(ms|s|m|h|)\b", (value or "").lower())
    ]
    return min(durations) if durations else None


def _redirect_target(current: str, location: str | None, doi: str) -> str:
    if not location:
        raise _failure(doi, current, "redirect without a target")
    target = urljoin(current, location)
    scheme = urlsplit(target).scheme
    if scheme not in ("http", "https") or (urlsplit(current).scheme == "https" and scheme == "http"):
        raise _failure(doi, current, "redirect to an unsafe address")
    return target


def _base_url(env: Mapping[str, str], name: str, default: str) -> str:
    value = env.get(name, "").strip() or default
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BadInput(f"{name} '{value}' must be an http:// or https:// address.")
    return value


def _failure(doi: str, url: str, reason: str, *, said: str = "") -> ResolutionFailed:
    """A ResolutionFailed whose message names the DOI, the host and what went wrong."""
    host = urlsplit(url).netloc or url
    what = {
        "timed out": "timed out",
        "unreachable": "is unreachable",
        "malformed answer": "sent an answer that is not valid JSON metadata",
        "too many redirects": f"redirected more than {MAX_REDIRECTS} times",
        "unusable address": "has an unusable address",
        "broken answer": "sent a broken answer",
        "redirect without a target": "answered with a redirect without a target",
        "redirect to an unsafe address": "redirected to an unsafe address (not http(s), or down from https)",
    }.get(reason, f"answered with {reason}")
    if said:
        what = f"sent {said}"
    return ResolutionFailed(
        f"The DOI {doi} could not be resolved: {host} {what}.",
        reason=reason,
        hint="Check the network connection, or try again later.",
    )


def _not_found(doi: str, status: int) -> NotFound:
    if status in (204, 406):
        return NotFound(f"The DOI {doi} exists, but its registration agency gives no citation metadata for it.")
    return NotFound(
        f"The DOI {doi} does not exist: neither Crossref nor doi.org knows it.",
        hint="Check it for a typing mistake.",
    )
