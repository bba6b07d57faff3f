"""The real resolver against local replays of doi.org and Crossref (no internet, no real sleeps)."""

from __future__ import annotations

import dataclasses
import time
from datetime import datetime, timezone

import pytest
from replay_server import (  # noqa: F401 (services is a fixture)
    FIXTURES,
    PLOS_DOI,
    PLOS_WORKS,
    SCIENCE_DOI,
    Reply,
    VirtualClock,
    recorded,
    refused_url,
    services,
)

import mia
from mia.base.errors import BadInput, NotFound, ServiceError
from mia.doi.http_client import RateLimiter, ServiceFailure, retry_after_seconds
from mia.doi.resolver import CSL_JSON, Resolver, ResolverSettings, doi_path

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
PLOS_PATH = "/works/10.1371/journal.pone.0033693"
SCIENCE_DOI_ORG_PATH = "/10.1126/science.169.3946.635"
SCIENCE_TRANSFORM_PATH = "/v1/works/10.1126%2Fscience.169.3946.635/transform"
SCIENCE_CSL = "content_negotiation/03_transform_csl-json_200"
CROSSREF_404 = "errors/02_crossref_works_404_unknown-doi"
DOI_ORG_404 = "errors/01_doiorg_404_unknown-doi"


def make_resolver(**limits) -> tuple[Resolver, VirtualClock]:
    """The resolver as configured by the environment, with a virtual clock and `limits` changed."""
    clock = VirtualClock()
    settings = ResolverSettings.from_env()
    settings = dataclasses.replace(settings, limits=dataclasses.replace(settings.limits, **limits))
    return Resolver(settings, clock=clock, now=lambda: NOW), clock


def quoted_429_body() -> bytes:
    text = (FIXTURES / "errors" / "04_crossref_429_as-quoted-in-github-issues.txt").read_text()
    return text.split("-----BEGIN BODY-----\n")[1].split("-----END BODY-----")[0].encode()


TOO_MANY = Reply(429, {"content-type": "text/html"}, quoted_429_body())
UNAVAILABLE = Reply(503, {"content-type": "text/html"}, b"<html>Service Unavailable</html>")


# -- success through each endpoint ------------------------------------------------------


def test_crossref_works_answer_is_stored_as_csl_json_with_source_and_time(services):
    services.crossref.add(PLOS_PATH, recorded(PLOS_WORKS))
    resolver, _ = make_resolver()

    metadata = resolver.fetch_metadata(PLOS_DOI)

    assert metadata["title"] == (
        "Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of Microglia "
        "in the Basal Ganglia of Mice"
    )
    assert metadata["container-title"] == "PLoS ONE"
    assert metadata["container-title-short"] == "PLoS ONE"
    assert metadata["author"][0] == {
        "given": "Shankar", "family": "Sadasivan", "sequence": "first", "affiliation": [],
        "role": [{"vocabulary": "crossref", "role": "author"}],
    }
    assert metadata["issued"] == {"date-parts": [[2012, 3, 21]]}
    assert (metadata["volume"], metadata["issue"], metadata["page"]) == ("7", "3", "e33693")
    assert "reference" not in metadata and "short-container-title" not in metadata
    assert metadata["source"] == services.crossref.url + PLOS_PATH
    assert metadata["fetched"] == "2026-01-02T03:04:05Z"
    assert services.doi.received == []


def test_a_doi_crossref_does_not_know_is_asked_of_doi_org_which_redirects_to_the_transform(services):
    services.crossref.add(f"/works{SCIENCE_DOI_ORG_PATH}", recorded(CROSSREF_404))
    services.doi.add(SCIENCE_DOI_ORG_PATH, services.recorded("content_negotiation/01a_doiorg_bibtex_302"))
    services.crossref.add(SCIENCE_TRANSFORM_PATH, recorded(SCIENCE_CSL))
    resolver, _ = make_resolver()

    metadata = resolver.fetch_metadata(f"doi:{SCIENCE_DOI}")

    assert metadata["title"] == "The Structure of Ordinary Water"
    assert metadata["container-title"] == "Science"
    assert metadata["author"][0]["family"] == "Frank"
    assert "reference" not in metadata
    assert metadata["source"] == services.crossref.url + SCIENCE_TRANSFORM_PATH
    assert services.doi.received[0].headers["accept"] == CSL_JSON
    assert services.crossref.paths() == [f"/works{SCIENCE_DOI_ORG_PATH}", SCIENCE_TRANSFORM_PATH]
    assert services.crossref.received[1].headers["accept"] == CSL_JSON


def test_a_301_is_followed_before_the_302(services):
    services.crossref.add(f"/works{SCIENCE_DOI_ORG_PATH}", recorded(CROSSREF_404))
    services.doi.add(
        SCIENCE_DOI_ORG_PATH,
        services.recorded("content_negotiation/04_http-doiorg_301"),
        services.recorded("content_negotiation/01a_doiorg_bibtex_302"),
    )
    services.crossref.add(SCIENCE_TRANSFORM_PATH, recorded(SCIENCE_CSL))
    resolver, _ = make_resolver()

    assert resolver.fetch_metadata(SCIENCE_DOI)["title"] == "The Structure of Ordinary Water"
    assert services.doi.paths() == [SCIENCE_DOI_ORG_PATH, SCIENCE_DOI_ORG_PATH]


def test_redirects_are_bounded(services):
    services.crossref.add(f"/works{SCIENCE_DOI_ORG_PATH}", recorded(CROSSREF_404))
    services.doi.add(SCIENCE_DOI_ORG_PATH, Reply(302, {"location": SCIENCE_DOI_ORG_PATH}))
    resolver, _ = make_resolver()

    with pytest.raises(ServiceFailure, match="redirected more than 5 times"):
        resolver.fetch_metadata(SCIENCE_DOI)
    assert len(services.doi.received) == 6


def test_a_redirect_to_something_else_than_http_is_refused(services):
    services.crossref.add(PLOS_PATH, Reply(302, {"location": "file:///etc/passwd"}))
    resolver, _ = make_resolver()

    with pytest.raises(ServiceFailure, match="unsafe address"):
        resolver.fetch_metadata(PLOS_DOI)


# -- a DOI that does not exist --------------------------------------------------------------


def test_a_doi_unknown_to_both_services_is_not_found_naming_it(services):
    services.crossref.add("/works/10.1371/notarealdoi", recorded(CROSSREF_404))
    services.doi.add("/10.1371/notarealdoi", recorded(DOI_ORG_404))
    resolver, _ = make_resolver()

    with pytest.raises(NotFound) as caught:
        resolver.fetch_metadata("10.1371/notarealdoi")
    assert caught.value.message == "The DOI 10.1371/notarealdoi does not exist: neither Crossref nor doi.org knows it."
    assert caught.value.exit_code == 1


def test_a_doi_without_citation_metadata_is_not_found(services):
    services.crossref.add("/works/10.5281/zenodo.1", recorded(CROSSREF_404))
    services.doi.add("/10.5281/zenodo.1", Reply(204))
    resolver, _ = make_resolver()

    with pytest.raises(NotFound, match="gives no citation metadata"):
        resolver.fetch_metadata("10.5281/zenodo.1")


# -- retries ---------------------------------------------------------------------------------


def test_429_without_retry_after_backs_off_then_succeeds(services):
    services.crossref.add(PLOS_PATH, TOO_MANY, recorded(PLOS_WORKS))
    resolver, clock = make_resolver()

    assert resolver.fetch_metadata(PLOS_DOI)["volume"] == "7"
    assert clock.sleeps == [1.0]
    assert len(services.crossref.received) == 2


@pytest.mark.parametrize("retry_after, expected", [("3", 3.0), ("Fri, 02 Jan 2026 03:04:07 GMT", 2.0)])
def test_429_with_retry_after_waits_as_asked(services, retry_after, expected):
    asked = Reply(429, {"retry-after": retry_after}, b"slow down")
    services.crossref.add(PLOS_PATH, asked, recorded(PLOS_WORKS))
    resolver, clock = make_resolver()

    resolver.fetch_metadata(PLOS_DOI)
    assert clock.sleeps == [expected]


def test_a_retry_after_beyond_the_time_budget_gives_up_at_once(services):
    services.crossref.add(PLOS_PATH, Reply(429, {"retry-after": "120"}))
    resolver, clock = make_resolver()

    with pytest.raises(ServiceFailure, match="service error 429"):
        resolver.fetch_metadata(PLOS_DOI)
    assert clock.sleeps == [] and len(services.crossref.received) == 1


def test_503_then_success(services):
    services.crossref.add(PLOS_PATH, UNAVAILABLE, UNAVAILABLE, recorded(PLOS_WORKS))
    resolver, clock = make_resolver()

    assert resolver.fetch_metadata(PLOS_DOI)["issue"] == "3"
    assert clock.sleeps == [1.0, 2.0]


def test_a_service_that_keeps_failing_is_given_up_after_four_attempts(services):
    services.crossref.add(PLOS_PATH, UNAVAILABLE)
    resolver, clock = make_resolver()

    with pytest.raises(ServiceFailure) as caught:
        resolver.fetch_metadata(PLOS_DOI)
    assert caught.value.reason == "service error 503"
    assert str(caught.value).startswith(
        f"The DOI {PLOS_DOI} could not be resolved: {services.crossref.url[7:]} answered with service error 503."
    )
    assert caught.value.exit_code == 3
    assert clock.sleeps == [1.0, 2.0, 4.0]
    assert len(services.crossref.received) == 4
    assert services.doi.received == []


# -- failures of the network -----------------------------------------------------------------


def test_a_service_that_never_answers_is_given_up_within_the_budget(services, monkeypatch):
    monkeypatch.setenv("MIA_HTTP_TIMEOUT", "0.5")
    services.crossref.add(PLOS_PATH, Reply(hang=True))
    resolver, _ = make_resolver()

    started = time.monotonic()
    with pytest.raises(ServiceFailure) as caught:
        resolver.fetch_metadata(PLOS_DOI)
    assert caught.value.reason == "timed out"
    assert "timed out" in caught.value.message
    assert time.monotonic() - started < 3


def test_a_refused_connection_is_unreachable(services, monkeypatch):
    monkeypatch.setenv("MIA_CROSSREF_URL", refused_url())
    resolver, _ = make_resolver()

    with pytest.raises(ServiceFailure) as caught:
        resolver.fetch_metadata(PLOS_DOI)
    assert caught.value.reason == "unreachable"
    assert "is unreachable" in caught.value.message


@pytest.mark.parametrize("body", [b'{"status": "ok", "message": {"title": [', b'{"status": "ok"}', b"\xff\xfe"])
def test_a_malformed_answer_is_a_service_error(services, body):
    services.crossref.add(PLOS_PATH, Reply(200, {"content-type": "application/json"}, body))
    resolver, _ = make_resolver()

    with pytest.raises(ServiceError, match="not valid JSON metadata"):
        resolver.fetch_metadata(PLOS_DOI)


@pytest.mark.parametrize("without_length", [False, True])
def test_an_answer_over_the_size_cap_is_refused(services, without_length):
    answer = recorded(PLOS_WORKS)
    answer.without_length = without_length
    services.crossref.add(PLOS_PATH, answer)
    resolver, _ = make_resolver(max_bytes=10_000)

    with pytest.raises(ServiceFailure) as caught:
        resolver.fetch_metadata(PLOS_DOI)
    assert caught.value.reason == "answer too large"
    assert "larger than the 10,000 bytes mia accepts" in caught.value.message


def test_offline_makes_no_request_at_all(services, monkeypatch):
    monkeypatch.setenv("MIA_OFFLINE", "1")
    services.crossref.add(PLOS_PATH, recorded(PLOS_WORKS))
    resolver, _ = make_resolver()

    with pytest.raises(ServiceFailure) as caught:
        resolver.fetch_metadata(PLOS_DOI)
    assert caught.value.reason == "offline"
    assert services.crossref.received == [] and services.doi.received == []


# -- etiquette ------------------------------------------------------------------------------


def test_the_user_agent_names_mia_its_version_and_the_mailto(services, monkeypatch):
    monkeypatch.setenv("MIA_MAILTO", "club@example.org")
    services.crossref.add(PLOS_PATH, recorded(PLOS_WORKS))
    resolver, _ = make_resolver()
    assert resolver.limiter.gap == pytest.approx(0.1)  # the polite pool, until told otherwise

    resolver.fetch_metadata(PLOS_DOI)

    assert services.crossref.received[0].headers["user-agent"] == f"mia/{mia.__version__} (mailto:club@example.org)"
    assert resolver.limiter.gap == pytest.approx(0.2)  # the answer announced the public pool: 5 per 1s


def test_without_mailto_the_user_agent_still_names_mia(services):
    services.crossref.add(PLOS_PATH, recorded(PLOS_WORKS))
    resolver, _ = make_resolver()
    resolver.fetch_metadata(PLOS_DOI)
    assert services.crossref.received[0].headers["user-agent"] == f"mia/{mia.__version__}"


def test_a_mailto_that_is_not_an_address_is_bad_input(monkeypatch):
    monkeypatch.setenv("MIA_MAILTO", "club\r\nX-Injected: 1")
    with pytest.raises(BadInput, match="MIA_MAILTO"):
        ResolverSettings.from_env()


def test_only_http_base_urls_are_accepted(monkeypatch):
    monkeypatch.setenv("MIA_CROSSREF_URL", "file:///etc")
    with pytest.raises(BadInput, match="MIA_CROSSREF_URL 'file:///etc' must be an http:// or https:// address."):
        ResolverSettings.from_env()


def test_no_cookie_is_kept_between_requests(services):
    with_cookie = Reply(503, {"set-cookie": "tracker=abc; Path=/"}, b"")
    services.crossref.add(PLOS_PATH, with_cookie, recorded(PLOS_WORKS))
    resolver, _ = make_resolver()

    resolver.fetch_metadata(PLOS_DOI)
    assert "cookie" not in services.crossref.received[1].headers


def test_a_doi_cannot_climb_out_of_the_endpoint(services):
    services.crossref.add("/works/10.1000/..%2F..%2Fx", recorded(CROSSREF_404))
    services.doi.add("/10.1000/..%2F..%2Fx", recorded(DOI_ORG_404))
    resolver, _ = make_resolver()

    with pytest.raises(NotFound):
        resolver.fetch_metadata("10.1000/../../x")
    assert services.crossref.paths() == ["/works/10.1000/..%2F..%2Fx"]
    assert services.doi.paths() == ["/10.1000/..%2F..%2Fx"]


def test_doi_paths_keep_the_prefix_slash_and_encode_the_rest():
    assert doi_path("10.1056/NEJMoa2100596") == "10.1056/NEJMoa2100596"
    assert doi_path("10.1016/S0140-6736(20)30183-5") == "10.1016/S0140-6736%2820%2930183-5"
    assert doi_path("10.1000/a/b?c#d") == "10.1000/a%2Fb%3Fc%23d"
    assert doi_path("10.1000/..") == "10.1000/%2E%2E"


# -- rate limiting, with a clock that only moves when told -----------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


def test_request_starts_are_spaced_by_the_announced_rate():
    clock = FakeClock()
    limiter = RateLimiter(clock, limit=5, interval=1.0)
    for _ in range(3):
        limiter.wait()
    assert clock.sleeps == [0.2, 0.2]

    clock.now += 1.0  # time passed: no wait
    limiter.wait()
    assert clock.sleeps == [0.2, 0.2]

    limiter.update({"x-rate-limit-limit": "10", "x-rate-limit-interval": "1s", "x-concurrency-limit": "3"})
    limiter.wait()
    assert clock.sleeps == [0.2, 0.2, 0.1]
    assert limiter.concurrency == 3


@pytest.mark.parametrize(
    "headers, gap",
    [
        ({"x-rate-limit-limit": "50, 50", "x-rate-limit-interval": "1s, 1s"}, 0.02),
        ({"x-rate-limit-limit": "10", "x-rate-limit-interval": "2000ms"}, 0.2),
        ({"x-rate-limit-limit": "60", "x-rate-limit-interval": "1m"}, 1.0),
        ({}, 0.2),  # absent: the previous rate holds
        ({"x-rate-limit-limit": "lots", "x-rate-limit-interval": "soon"}, 0.2),
        ({"x-rate-limit-limit": "0"}, 0.2),
        ({"x-rate-limit-limit": "1", "x-rate-limit-interval": "1h"}, RateLimiter.MAX_GAP),
    ],
)
def test_rate_limit_headers_are_read_defensively(headers, gap):
    limiter = RateLimiter(FakeClock(), limit=5, interval=1.0)
    limiter.update(headers)
    assert limiter.gap == pytest.approx(gap)


def test_the_rate_announced_by_an_answer_applies_to_the_next_request(services):
    announced = recorded(PLOS_WORKS)
    announced.headers.update({"x-rate-limit-limit": "50, 50", "x-rate-limit-interval": "1s"})
    services.crossref.add(PLOS_PATH, announced)
    resolver, _ = make_resolver()
    resolver.fetch_metadata(PLOS_DOI)
    assert resolver.limiter.gap == pytest.approx(0.02)


def test_retry_after_is_read_as_seconds_or_http_date():
    assert retry_after_seconds("7", NOW) == 7.0
    assert retry_after_seconds("Fri, 02 Jan 2026 03:05:05 GMT", NOW) == 60.0
    assert retry_after_seconds("Thu, 01 Jan 2026 00:00:00 GMT", NOW) == 0.0  # already past
    assert retry_after_seconds("whenever", NOW) is None
    assert retry_after_seconds(None, NOW) is None
