"""Extractor rules of version 4, each on generated variants of its family of sentences: effects
stated as a percentage change, intervals whose bounds carry their unit, margins in words, numbers
naming a phase or a stage, a Markdown paragraph's wrapped lines, and the effect opening the
sentence after the one the outcome's name is found in."""

from __future__ import annotations

import itertools

import pytest

from mia.evidence.extract import extract_key_results


def primary(text: str, heading: str = "Résultats") -> dict | None:
    return extract_key_results([(heading, text)])["primary"]


RELATIVE_REDUCTIONS = ["une réduction relative de {v} %", "a relative reduction of {v}%",
                       "a relative risk reduction of {v}%", "une réduction relative du risque de {v} %",
                       "une diminution relative du risque de {v} %", "an RRR of {v}%"]
INTERVALS = [" (IC à 95 % {lo} à {hi})", " (95% CI, {lo} to {hi})", " (IC95 {lo}-{hi})", ""]
LEADS = ["Critère principal : décès. Il y a eu {effect}.", "Primary outcome: death, with {effect}.",
         "Le critère principal, le décès, montrait {effect}."]


@pytest.mark.parametrize("wording, interval, lead", list(itertools.product(RELATIVE_REDUCTIONS, INTERVALS, LEADS)))
def test_a_relative_reduction_is_the_risk_ratio_it_restates(wording, interval, lead):
    french = "," in lead or "IC" in interval
    number = (lambda x: f"{x}".replace(".", ",")) if french else str
    effect = wording.format(v=number(20.0)) + interval.format(lo=number(6.8), hi=number(26.7))
    found = primary(lead.format(effect=effect))
    assert found is not None and found["measure"] == "RR" and found["value"] == pytest.approx(0.80)
    if interval:
        assert (found["ci_low"], found["ci_high"]) == (pytest.approx(0.733), pytest.approx(0.932))
    else:
        assert found["ci_low"] is None


@pytest.mark.parametrize("wording", ["une augmentation relative de 15 % (IC 95 % 3 à 28)",
                                     "a relative increase of 15% (95% CI 3 to 28)"])
def test_a_relative_increase_is_a_risk_ratio_above_one(wording):
    found = primary(f"Critère principal : AVC, avec {wording}.")
    assert (found["measure"], found["value"], found["ci_low"], found["ci_high"]) == ("RR", 1.15, 1.03, 1.28)


@pytest.mark.parametrize("wording", ["une réduction absolue du risque de 5,2 % (IC 95 % 1,1 à 9,3 ; p = 0,01)",
                                     "an absolute risk reduction of 5.2% (95% CI 1.1 to 9.3; p=0.01)",
                                     "an ARR of 5.2 percentage points (95% CI 1.1 to 9.3; p=0.01)"])
def test_an_absolute_reduction_is_a_negative_risk_difference(wording):
    found = primary(f"Critère principal : décès, avec {wording}.")
    assert (found["measure"], found["value"], found["ci_low"], found["ci_high"]) == ("ARD", -5.2, -9.3, -1.1)


@pytest.mark.parametrize("unit, sep", list(itertools.product(["%", " %", " points", " pp"], [" à ", " to ", " ; "])))
def test_each_bound_of_an_interval_may_carry_its_unit(unit, sep):
    found = primary(f"Critère principal : succès, différence de risque −27,0 %"
                    f" (IC 95 % −31,6{unit}{sep}−22,4{unit}).")
    assert (found["measure"], found["value"], found["ci_low"], found["ci_high"]) == ("ARD", -27.0, -31.6, -22.4)


def test_an_open_interval_is_not_read_from_its_level():
    found = primary("Critère principal : succès, différence de risque −27,0 % (IC 95 % −31,6 % à ∞).")
    assert found["value"] == -27.0 and found["ci_low"] is None  # not 95 to 31.6


@pytest.mark.parametrize("margin", ["inférieure à", "inférieur ou égal à", "below", "less than", "at most",
                                    "une marge de", "a margin of", "le seuil de"])
def test_a_margin_in_words_is_not_an_effect(margin):
    text = (f"Critère principal : AVC. La non-infériorité était acquise si la borne supérieure du HR était {margin}"
            f" 1,38. Les autres résultats suivent.")
    result = extract_key_results([("Méthodes", text)])
    assert result["primary"] is None and not any(e["value"] == 1.38 for e in result["secondary"])


@pytest.mark.parametrize("label", ["phase", "Phase", "stade", "stage", "grade", "classe NYHA", "type"])
def test_a_number_naming_a_phase_or_a_stage_is_no_patient_count(label):
    result = extract_key_results([("Méthodes", f"Essai de {label} 3 randomisé en double aveugle. "
                                               "4744 patients ont été randomisés.")])
    assert result["n"] == 4744 and not any("two different N" in flag for flag in result["flags"])


@pytest.mark.parametrize("cut", ["16,4 % des\npatients", "16,4 %\nvs", "chez\n16,4 %", "(HR\n0,82"])
def test_the_wrapped_lines_of_a_paragraph_are_one_sentence(cut):
    line = ("Dans la population en intention de traiter, le critère principal est survenu chez 16,4 % des patients sous dapagliflozine vs 19,5 % sous placebo "
            "(HR 0,82 ; IC à 95 % 0,73-0,92 ; p<0,001).")
    found = primary(line.replace(cut.replace("\n", " "), cut))
    assert (found["value"], found["ci_low"], found["ci_high"], found["p"]) == (0.82, 0.73, 0.92, "<0.001")


def test_a_short_line_a_list_item_and_a_sentence_end_keep_their_breaks():
    text = ("Critère principal\nLe HR était de 0,82 (IC 95 % 0,73-0,92).\n- HR 0,79 pour les hospitalisations\n"
            "Ce paragraphe se termine ici.\nHR 0,88 (IC 95 % 0,74-1,05) pour le décès.")
    result = extract_key_results([("Résultats", text)])
    assert result["primary"]["value"] == 0.82
    assert {e["value"] for e in result["secondary"]} == {0.79, 0.88}


@pytest.mark.parametrize("opening", ["La différence était de", "Il y a eu une différence de", "There was a difference of",
                                     "Soit une différence de"])
def test_the_effect_opening_the_sentence_after_the_outcomes_name_is_the_primary(opening):
    text = ("Le critère principal était le succès du traitement à un an. Les patients ont été suivis. "
            f"Succès chez 72,7 % vs 99,6 % des patients. {opening} −27,0 % (IC 95 % −31,6 à −22,4 ; p = 0,89).")
    found = primary(text, heading="Méthodes et résultats")
    assert (found["measure"], found["value"], found["ci_low"], found["p"]) == ("ARD", -27.0, -31.6, "0.89")


@pytest.mark.parametrize("total, arms", [("1643", (545, 553, 545)), ("1 643", (545, 553, 545)), ("1,643", (545, 553, 545)),
                                         ("120", (60, 60)), ("301", (150, 151))])
def test_a_number_of_the_sentence_that_sums_its_arms_is_n(total, arms):
    listed = ", ".join(f"bras {i} (n={n})" for i, n in enumerate(arms, 1))
    text = (f"Au total, 82 429 hommes de 50 à 69 ans ont eu un dosage du PSA ; {total} ont accepté la "
            f"randomisation entre {listed}.")
    assert extract_key_results([("Méthodes", text)])["n"] == sum(arms)


@pytest.mark.parametrize("inside", ["11,8 % vs 14,5 % ; HR 0,79", "n = 512 ; HR 0,79", "11,8 % vs 14,5 % : HR 0,79"])
def test_an_effect_whose_clause_starts_in_its_bracket_is_labelled_by_the_words_before_it(inside):
    text = (f"Critère principal : décès, HR 0,82 (IC 95 % 0,73-0,92). L'effet portait sur les aggravations "
            f"de l'insuffisance cardiaque ({inside} ; IC à 95 % 0,69-0,91).")
    (effect,) = extract_key_results([("Résultats", text)])["secondary"]
    assert effect["label"] == "aggravations de l'insuffisance cardiaque" and effect["value"] == 0.79


@pytest.mark.parametrize("after", ["p<0,001 pour la non-infériorité", "P<0.001 for noninferiority", "p < 0,001 de non-infériorité"])
def test_a_p_value_of_non_inferiority_is_flagged(after):
    found = extract_key_results([("Résultats", f"Critère principal : récidive, HR 0,63 ; IC 95% 0,37-1,07 ; {after}.")])
    assert found["primary"]["p"] == "<0.001"
    assert "primary: p-value <0.001 tests non-inferiority, not a difference" in found["flags"]
