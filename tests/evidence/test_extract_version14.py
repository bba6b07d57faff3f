"""Extractor rules of version 14, each on generated variants (the misses of a sixth blind probe of
sixteen reviews): two arms' counts outside the methods are people only where the sentence says
so, headings saying what the authors did and found, and a standalone "Not blinded"."""

from __future__ import annotations

import pytest

from mia.evidence.extract import extract_key_results


@pytest.mark.parametrize("events", ["Seize infections ont été diagnostiquées : 2 dans le bras actif et 14 dans le bras placebo.",
                                    "Forty deaths occurred: 12 in the drug arm and 28 in the placebo arm.",
                                    "On compte 30 événements, 10 dans le groupe A et 20 dans le groupe B."])
def test_two_arms_counts_of_events_in_the_results_are_no_n(events):
    found = extract_key_results([("Résultats", "414 participants randomisés ; 400 retenus. " + events)])
    assert found["n"] == 414, found["flags"]


@pytest.mark.parametrize("kind", ["Résultats", "Methods"])
def test_two_arms_counts_of_people_still_give_n(kind):
    found = extract_key_results([(kind, "410 patients ont été assignés au bras pembrolizumab et 206 au bras placebo.")])
    assert found["n"] == 616


@pytest.mark.parametrize("did, found_heading", [("What they did", "What they found"),
                                                ("Ce qu'ils ont fait", "Ce qu'ils ont trouvé")])
def test_headings_saying_what_was_done_and_found_are_methods_and_results(did, found_heading):
    found = extract_key_results([
        (did, "Pragmatic randomised trial. Primary outcome: treatment failure leading to escalation of care."),
        (found_heading, "1472 infants were analysed. Escalation of care was needed in 12% versus 23%: risk "
                        "difference -11 percentage points (95% CI -15 to -7), p < 0.001."),
    ])
    assert found["primary"]["value"] == -11, found["flags"]


@pytest.mark.parametrize("sentence", ["Not blinded.", "Not masked to allocation."])
def test_a_standalone_not_blinded_is_open_label(sentence):
    assert "open-label" in extract_key_results([("Methods", "Randomised trial. " + sentence)])["design"]
