"""A polite, bounded HTTP GET for the metadata services (requests is imported only when used).

What "polite" and "bounded" mean here, and why:
- one `requests.Session` (connections reused), a User-Agent naming mia, no cookie kept (the
  services have no business tracking us from one DOI to the next);
- request starts spaced by the rate the service announces (`RateLimiter`), one at a time;
- redirects followed by hand: at most 5, http(s) only, never from https down to http;
- a time budget (`deadline`) shared by every attempt, redirect and wait of one lookup, on top of
  per-request connect/read timeouts, so a service that never answers is given up in time;
- at most `max_attempts` tries on 429 and 5xx, waiting as `Retry-After` asks (seconds or an HTTP
  date) or else 1, 2, 4… s; a wait that would overrun the budget is not started;
- answers streamed and capped (5 MB by default) so a runaway answer cannot fill memory.
Every wait goes through an injectable clock, so tests never really sleep.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from enum import Enum
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Callable, Mapping
from urllib.parse import urljoin, urlsplit

from mia.base.errors import ServiceError

MAX_REDIRECTS = 5
MAX_ANSWER_BYTES = 5 * 1024 * 1024
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
BACKOFF_FIRST = 1.0
BACKOFF_CAP = 8.0


class FailureKind(str, Enum):
    """Why a service gave no usable answer (its value is the few words the user reads)."""

    TIMED_OUT = "timed out"
    UNREACHABLE = "unreachable"
    OFFLINE = "offline"
    SERVICE_ERROR = "service error"  # with the HTTP status: `ServiceFailure.status`
    ANSWER_TOO_LARGE = "answer too large"
    MALFORMED_ANSWER = "malformed answer"
    BROKEN_ANSWER = "broken answer"
    TOO_MANY_REDIRECTS = "too many redirects"
    UNUSABLE_ADDRESS = "unusable address"
    REDIRECT_WITHOUT_TARGET = "redirect without a target"
    UNSAFE_REDIRECT = "redirect to an unsafe address"


class ServiceFailure(ServiceError):
    """A service gave no usable answer: `kind` says why (`status` too, for a service error)."""

    def __init__(self, message: str, *, kind: FailureKind, status: int | None = None, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.kind = kind
        self.status = status

    @property
    def reason(self) -> str:
        """The short why, for the user: `timed out`, `service error 503`, …"""
        return failure_reason(self.kind, self.status)

    @property
    def service_wide(self) -> bool:
        """True when the service or the network is down (not one DOI wrong): asking the same
        service for the next DOI would fail alike, and wait as long."""
        if self.kind is FailureKind.SERVICE_ERROR:
            return self.status == 429 or (self.status or 0) >= 500
        return self.kind in (FailureKind.TIMED_OUT, FailureKind.UNREACHABLE, FailureKind.OFFLINE)


class NothingThere(Exception):
    """The service answered with one of the statuses the caller said mean "nothing here"."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


@dataclass(frozen=True)
class Limits:
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    max_attempts: int = 4
    max_bytes: int = MAX_ANSWER_BYTES


@dataclass
class Answer:
    url: str  # where the answer finally came from, after redirects
    status: int
    headers: Mapping[str, str]
    body: bytes


class SystemClock:
    """Real time. Tests pass a clock whose `sleep` only moves its own time forward."""

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


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


class PoliteClient:
    """GETs within the bounds above. One per command: it holds the Session and the rate."""

    def __init__(
        self,
        user_agent: str,
        limits: Limits = Limits(),
        *,
        clock: Any = None,
        now: Callable[[], datetime] | None = None,
        requests_per_second: int = 5,
    ) -> None:
        self.user_agent = user_agent
        self.limits = limits
        self.clock = clock or SystemClock()
        self.now = now or (lambda: datetime.now(timezone.utc))
        self.limiter = RateLimiter(self.clock, limit=requests_per_second)
        self._session: Any = None

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None

    def get(self, url: str, *, accept: str, deadline: float, context: str, nothing_there: frozenset[int]) -> Answer:
        """The 200 answer of `url`, following redirects and retrying within `deadline`.

        A status in `nothing_there` raises NothingThere (the caller knows what it means);
        failures raise ServiceFailure whose message starts with `context`.
        """
        redirects = attempts = 0
        while True:
            answer = self._send(url, accept, deadline, context)
            status = answer.status
            if status in REDIRECT_STATUSES:
                redirects += 1
                if redirects > MAX_REDIRECTS:
                    raise failure(context, url, FailureKind.TOO_MANY_REDIRECTS)
                url = _redirect_target(url, answer.headers.get("location"), context)
                continue
            if status == 429 or 500 <= status <= 599:
                attempts += 1
                delay = self._retry_delay(answer.headers, attempts)
                out_of_budget = self.clock.monotonic() + delay > deadline
                if attempts >= self.limits.max_attempts or out_of_budget:
                    raise failure(context, url, FailureKind.SERVICE_ERROR, status=status)
                self.clock.sleep(delay)
                continue
            if status in nothing_there:
                raise NothingThere(status)
            if status == 200:
                return answer
            raise failure(context, url, FailureKind.SERVICE_ERROR, status=status)

    def _send(self, url: str, accept: str, deadline: float, context: str) -> Answer:
        import requests

        session = self._session_or_new()
        self.limiter.wait()
        remaining = deadline - self.clock.monotonic()
        if remaining <= 0:
            raise failure(context, url, FailureKind.TIMED_OUT)
        timeout = (min(self.limits.connect_timeout, remaining), min(self.limits.read_timeout, remaining))
        try:
            response = session.get(url, headers={"Accept": accept}, timeout=timeout, stream=True, allow_redirects=False)
        except requests.exceptions.Timeout:
            raise failure(context, url, FailureKind.TIMED_OUT) from None
        except requests.exceptions.ConnectionError:
            raise failure(context, url, FailureKind.UNREACHABLE) from None
        except requests.exceptions.RequestException:
            raise failure(context, url, FailureKind.UNUSABLE_ADDRESS) from None
        with response:
            self.limiter.update(response.headers)
            body = self._read_capped(response, url, deadline, context) if response.status_code == 200 else b""
            return Answer(url=url, status=response.status_code, headers=response.headers, body=body)

    def _read_capped(self, response: Any, url: str, deadline: float, context: str) -> bytes:
        import requests
        from urllib3.exceptions import ReadTimeoutError

        limit = self.limits.max_bytes
        too_large = f"an answer larger than the {limit:,} bytes mia accepts"
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise failure(context, url, FailureKind.ANSWER_TOO_LARGE, said=too_large)
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > limit:
                    raise failure(context, url, FailureKind.ANSWER_TOO_LARGE, said=too_large)
                if self.clock.monotonic() > deadline:
                    raise failure(context, url, FailureKind.TIMED_OUT)
                chunks.append(chunk)
        except requests.exceptions.ConnectionError as error:
            timed_out = any(isinstance(arg, ReadTimeoutError) for arg in error.args)
            raise failure(context, url, FailureKind.TIMED_OUT if timed_out else FailureKind.UNREACHABLE) from None
        except requests.exceptions.RequestException:
            raise failure(context, url, FailureKind.BROKEN_ANSWER) from None
        return b"".join(chunks)

    def _retry_delay(self, headers: Mapping[str, str], attempt: int) -> float:
        asked = retry_after_seconds(headers.get("retry-after"), self.now())
        if asked is not None:
            return asked
        return min(BACKOFF_FIRST * 2 ** (attempt - 1), BACKOFF_CAP)

    def _session_or_new(self) -> Any:
        if self._session is None:
            import http.cookiejar

            import requests

            session = requests.Session()
            session.headers["User-Agent"] = self.user_agent
            session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
            self._session = session
        return self._session


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


_WHAT_WENT_WRONG = {
    FailureKind.TIMED_OUT: "timed out",
    FailureKind.UNREACHABLE: "is unreachable",
    FailureKind.MALFORMED_ANSWER: "sent an answer that is not valid JSON metadata",
    FailureKind.TOO_MANY_REDIRECTS: f"redirected more than {MAX_REDIRECTS} times",
    FailureKind.UNUSABLE_ADDRESS: "has an unusable address",
    FailureKind.BROKEN_ANSWER: "sent a broken answer",
    FailureKind.REDIRECT_WITHOUT_TARGET: "answered with a redirect without a target",
    FailureKind.UNSAFE_REDIRECT: "redirected to an unsafe address (not http(s), or down from https)",
}


def failure_reason(kind: FailureKind, status: int | None = None) -> str:
    """The few words of a failure: its kind, with the HTTP status when there is one."""
    return f"{kind.value} {status}" if status is not None else kind.value


def failure(context: str, url: str, kind: FailureKind, *, status: int | None = None, said: str = "") -> ServiceFailure:
    """A ServiceFailure: `<context>: <host> <what went wrong>.`"""
    host = urlsplit(url).netloc or url
    what = said and f"sent {said}" or _WHAT_WENT_WRONG.get(kind, f"answered with {failure_reason(kind, status)}")
    return ServiceFailure(f"{context}: {host} {what}.", kind=kind, status=status,
                          hint="Check the network connection, or try again later.")


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


def _redirect_target(current: str, location: str | None, context: str) -> str:
    if not location:
        raise failure(context, current, FailureKind.REDIRECT_WITHOUT_TARGET)
    target = urljoin(current, location)
    scheme = urlsplit(target).scheme
    if scheme not in ("http", "https") or (urlsplit(current).scheme == "https" and scheme == "http"):
        raise failure(context, current, FailureKind.UNSAFE_REDIRECT)
    return target
