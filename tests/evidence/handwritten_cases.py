"""Short reviews written by hand, in styles the generator does not produce, with their truth.

They were written before the extractor was run on them, and their first scores
are kept in docs/EVIDENCE.md as the less flattering estimate: the generator
and the extractor were written by the same hand and share its blind spots.

Four design labels were corrected in the tenth session (hw-16 "168 centres dans 20 pays", hw-19
"2 centres", hw-23 "3 centres", hw-30 "60 general practices" now carry multicentre): they predate
the documented rule that a trial run in several places is multicentre (docs/EVIDENCE.md, from
extractor version 5), which the blind probes' writers applied too.
"""

from __future__ import annotations


def _case(case_id, sections, design, n, primary, title=""):
    return {"id": case_id, "title": title, "sections": sections, "truth": {"design": design, "n": n, "primary": primary}}


def _p(measure, value, low, high, p):
    return {"measure": measure, "value": value, "ci_low": low, "ci_high": high, "p": p}


CASES = [
    _case("hw-01", [
        ("Introduction", "L'insuffisance cardiaque à fraction d'éjection préservée reste sans traitement validé. "
                         "Les inhibiteurs de SGLT2 ont montré un bénéfice dans la FE réduite (DAPA-HF, 2019)."),
        ("Méthodes", "ECR international, en double aveugle, contre placebo. 5 988 patients avec FEVG >40% ont été "
                     "randomisés. Critère de jugement principal composite : décès cardiovasculaire ou "
                     "hospitalisation pour insuffisance cardiaque."),
        ("Résultats", "Suivi médian 26 mois. Le critère principal est survenu chez 13,8% vs 17,1% "
                      "(HR 0,79 ; IC 95% 0,69–0,90 ; p<0,001). La mortalité toutes causes n'était pas différente "
                      "(HR 1,00 ; IC 95% 0,89–1,13)."),
    ], ["rct", "double-blind"], 5988, _p("HR", 0.79, 0.69, 0.90, "<0.001")),
    _case("hw-02", [
        ("Contexte", "Faut-il transfuser plus largement les patients avec un infarctus et une anémie ?"),
        ("Design", "Essai ouvert, randomisé, multicentrique (35 centres), stratégie restrictive vs libérale. "
                   "N = 3 504."),
        ("Résultats", "Issue primaire (décès ou récidive d'infarctus à 30 jours) : 16,9% vs 14,5%, "
                      "RR 1,15 (IC 95% 0,99 à 1,34), p = 0,07. Les auteurs concluent à l'absence de différence "
                      "significative."),
    ], ["rct", "open-label", "multicentre"], 3504, _p("RR", 1.15, 0.99, 1.34, "0.07")),
    _case("hw-03", [
        ("Methods", "Investigator-initiated, pragmatic, open-label trial in 12 Dutch hospitals; patients were "
                    "randomly assigned to early or deferred surgery. In total 1 200 adults were enrolled."),
        ("Results", "At one year, the primary endpoint (death or major complication) was reached by 8% in the "
                    "early group and 10% in the deferred group; absolute risk difference -2.0 percentage points "
                    "(95% CI -5.1 to 1.1)."),
    ], ["rct", "open-label", "multicentre"], 1200, _p("ARD", -2.0, -5.1, 1.1, None)),
    _case("hw-04", [
        ("Introduction", "Trois méta-analyses ont déjà abordé la question, avec des conclusions divergentes."),
        ("Méthode", "Méta-analyse en réseau de 42 ECR (n=18 306) comparant les anticoagulants oraux."),
        ("Résultats", "Par rapport à la warfarine, l'apixaban réduisait les hémorragies majeures (OR 0,62 ; "
                      "IC95% [0,50 ; 0,77]). Critère principal (AVC ou embolie systémique) : OR 0,81 "
                      "(IC95% [0,69 ; 0,95])."),
    ], ["meta-analysis"], 18306, _p("OR", 0.81, 0.69, 0.95, None)),
    _case("hw-05", [
        ("Méthode", "Cohorte rétrospective nationale (registre suédois), 2006–2018. 412 000 patients inclus."),
        ("Résultats", "Objectif principal : association entre statines et démence. Après ajustement, le HR était "
                      "de 0,86 (IC 95% 0,80–0,93)."),
    ], ["cohort"], 412000, _p("HR", 0.86, 0.80, 0.93, None)),
    _case("hw-06", [
        ("Méthode", "Essai randomisé en cross-over, monocentrique, 48 patients avec apnées du sommeil."),
        ("Résultats", "Critère principal : pression artérielle systolique diurne, réduite de 4,2 mmHg sous CPAP "
                      "(différence moyenne -4,2 ; IC 95% -7,1 à -1,3 ; p=0,005)."),
    ], ["rct", "single-centre", "crossover"], 48, _p("MD", -4.2, -7.1, -1.3, "0.005")),
    _case("hw-07", [
        ("Background", "Vitamin D supplementation has been proposed for the prevention of fractures."),
        ("Methods", "Double-blind, placebo-controlled RCT; 25 871 participants aged 50 years or more "
                    "(2000 IU per day)."),
        ("Results", "The primary outcome, incident fracture, occurred in 769 participants (HR 0.98, 95% CI 0.89 "
                    "to 1.08; P=0.70). Secondary: hip fracture HR 1.01 (0.70 to 1.47)."),
    ], ["rct", "double-blind"], 25871, _p("HR", 0.98, 0.89, 1.08, "0.70")),
    _case("hw-08", [
        ("Méthode", "Etude cas-témoins : 1 120 cas de cancer colorectal et 2 240 témoins appariés."),
        ("Résultats", "L'usage prolongé d'aspirine était associé à un risque moindre (OR 0,73, IC 95% 0,61-0,88) "
                      "— critère principal de l'étude."),
    ], ["case-control"], None, _p("OR", 0.73, 0.61, 0.88, None)),
    _case("hw-09", [
        ("Méthode", "Essai de non-infériorité, randomisé, ouvert. 1 551 patients avec pneumonie communautaire. "
                    "Marge de non-infériorité : 10 points de pourcentage."),
        ("Résultats", "Critère de jugement principal (guérison clinique à J15) : 77,2% vs 68,9%, différence "
                      "de risque absolu 8,3 % (IC 95% 2,1 à 14,5). La non-infériorité est démontrée."),
    ], ["rct", "open-label", "non-inferiority"], 1551, _p("ARD", 8.3, 2.1, 14.5, None)),
    _case("hw-10", [
        ("Méthodes", "Essai randomisé en grappes : 24 EHPAD (n = 2 680 résidents) randomisés entre un programme de "
                     "prévention des chutes et les soins usuels."),
        ("Résultats", "Le taux de chutes (critère principal) était de 2,1 vs 2,9 pour 1000 jours-résident, "
                      "rapport des taux 0,72 (IC 95% 0,58–0,90)."),
    ], ["rct", "cluster"], 2680, _p("rate ratio", 0.72, 0.58, 0.90, None)),
    _case("hw-11", [
        ("Introduction", "Le sujet a été peu étudié."),
        ("Méthode", "Étude prospective. Inclusion de patients consécutifs de 2015 à 2019 (âge médian 67 ans)."),
        ("Résultats", "Aucune différence n'a été observée."),
    ], [], None, None),
    _case("hw-12", [
        ("Méthode", "RCT multicentrique en double aveugle, N=742, tocilizumab vs placebo dans la COVID-19 sévère."),
        ("Résultats", "À J28, 10% des patients du groupe tocilizumab étaient décédés contre 12% (critère "
                      "secondaire). L'issue primaire, le recours à la ventilation mécanique ou le décès, était "
                      "réduite : HR 0,56 [0,33 ; 0,97], p = 0,04."),
    ], ["rct", "double-blind", "multicentre"], 742, _p("HR", 0.56, 0.33, 0.97, "0.04")),
    _case("hw-13", [
        ("Méthode", "Etude randomisée multicentrique, 3 bras (placebo, 10 mg, 25 mg). 1 094 patient.e.s "
                    "randomisé.e.s."),
        ("Résultats", "Dans le bras 25 mg, l'HbA1c baissait de 0,8% (différence moyenne vs placebo −0,8 ; "
                      "IC 95% −1,0 à −0,6 ; p<0,001), critère principal de l'essai."),
    ], ["rct", "multicentre"], 1094, _p("MD", -0.8, -1.0, -0.6, "<0.001")),
    _case("hw-14", [
        ("Methods", "Single-centre, open label randomized trial of early mobilisation after stroke; "
                    "n = 104."),
        ("Results", "Median length of stay 7 vs 9 days. Primary outcome (mRS 0-2 at 90 days): OR 1.9 "
                    "(95% CI 0.8-4.4), NS."),
    ], ["rct", "open-label", "single-centre"], 104, _p("OR", 1.9, 0.8, 4.4, "NS")),
    _case("hw-15", [
        ("Méthode", "Essai randomisé contrôlé multicentrique. 4 304 patients ont été inclus entre 2012 et 2016."),
        ("Résultats", "Pour le critère principal, aucune différence significative n'a été retrouvée entre les "
                      "groupes (26,3% vs 25,9%). Les infections étaient plus fréquentes dans le groupe "
                      "intervention (RR 1,32 ; IC 95% 1,05–1,66)."),
    ], ["rct", "multicentre"], 4304, None),
    _case("hw-16", [
        ("Matériel et méthodes", "Essai contrôlé randomisé de phase 3, en double insu, 168 centres dans 20 pays. "
                                 "Au total 9 340 patients ont été randomisés (4 672 liraglutide et 4 668 "
                                 "placebo)."),
        ("Résultats", "Le critère composite principal (MACE) est survenu chez 13,0% vs 14,9% des patients, "
                      "HR = 0,87 (IC 95 % : 0,78 – 0,97 ; p = 0,01 pour la supériorité)."),
    ], ["rct", "double-blind", "multicentre"], 9340, _p("HR", 0.87, 0.78, 0.97, "0.01")),
    _case("hw-17", [
        ("Méthode", "Etude observationnelle de cohorte, multicentrique : 12 000 participants suivis 10 ans."),
        ("Résultats", "La consommation de café était associée à une mortalité plus faible (HR 0,88 ; "
                      "IC 95% 0,80-0,96). Pas de critère principal prédéfini."),
    ], ["multicentre", "cohort"], 12000, None),
    _case("hw-18", [
        ("Methods", "A randomised, double-blind trial. We enrolled 2,000 patients. The primary outcome was "
                    "all-cause mortality at 28 days."),
        ("Results", "All-cause mortality at 28 days was 22.9% vs 25.7% (rate ratio 0.83; 95% CI 0.75 to 0.93; "
                    "p<0.001)."),
    ], ["rct", "double-blind"], 2000, _p("rate ratio", 0.83, 0.75, 0.93, "<0.001")),
    _case("hw-19", [
        ("Méthode", "Essai randomisé, ouvert, 2 centres. N = 60 (30 par bras)."),
        ("Résultats", "L'issue principale était le score de douleur à H24 : 3,1 vs 4,6 (MD -1,5 ; "
                      "IC 95% -2,6 ; -0,4)."),
    ], ["rct", "open-label", "multicentre"], 60, _p("MD", -1.5, -2.6, -0.4, None)),
    _case("hw-20", [
        ("Méthode", "ECR multicentrique, double aveugle. 1 200 patients screenés, 803 randomisés."),
        ("Résultats", "Critère principal : rechute à 1 an, 18% vs 31%, HR 0,52 (0,37-0,73)."),
    ], ["rct", "double-blind", "multicentre"], 803, _p("HR", 0.52, 0.37, 0.73, None)),
]

# A second batch, written after the extractor was tuned on the first one and
# scored once as it was written (docs/EVIDENCE.md gives that first score).
HELD_OUT = [
    _case("hw-21", [
        ("Méthode", "Essai prospectif randomisé contrôlé, en double-aveugle, multicentrique (n = 1 016). "
                    "Randomisation 1:1 entre dexaméthasone et placebo."),
        ("Résultats", "Le décès à 28 jours (critère de jugement principal) concernait 22,9 % vs 25,7 % ; "
                      "rapport des taux 0,83 [IC à 95 % : 0,75-0,93]."),
    ], ["rct", "double-blind", "multicentre"], 1016, _p("rate ratio", 0.83, 0.75, 0.93, None)),
    _case("hw-22", [
        ("Methods", "Multicenter, randomized, open-label, noninferiority trial. 2,212 patients underwent "
                    "randomization."),
        ("Results", "The primary end point occurred in 5.8% and 6.1%; difference, -0.3 percentage points "
                    "(95% CI, -2.3 to 1.7); P<0.001 for noninferiority."),
    ], ["rct", "open-label", "multicentre", "non-inferiority"], 2212, _p("ARD", -0.3, -2.3, 1.7, "<0.001")),
    _case("hw-23", [
        ("Introduction", "Une cohorte danoise (2018) suggérait un sur-risque d'AVC sous AINS (HR 1,3)."),
        ("Méthode", "ECR ouvert, 3 centres. 450 patients ≥ 65 ans, suivi 12 mois."),
        ("Résultats", "L'objectif principal n'est pas atteint : HR 0,91 ; IC 95% 0,64–1,29 ; p = 0,59."),
    ], ["rct", "open-label", "multicentre"], 450, _p("HR", 0.91, 0.64, 1.29, "0.59")),
    _case("hw-24", [
        ("Méthode", "Étude de cohorte prospective (UK Biobank), 502 000 participants âgés de 40 à 69 ans."),
        ("Résultats", "Le critère principal, l'incidence de la démence, était plus élevé chez les gros buveurs "
                      "(HR 1,24 ; IC 95 % 1,10-1,40)."),
    ], ["cohort"], 502000, _p("HR", 1.24, 1.10, 1.40, None)),
    _case("hw-25", [
        ("Méthode", "Essai randomisé monocentrique en simple aveugle, 80 patients opérés d'une PTH."),
        ("Résultats", "La consommation de morphine à 48 h (critère principal) était réduite de 12 mg "
                      "(différence moyenne −12,0 mg ; IC 95% −18,5 à −5,5 ; p < 0,001)."),
    ], ["rct", "single-centre"], 80, _p("MD", -12.0, -18.5, -5.5, "<0.001")),
    _case("hw-26", [
        ("Methods", "Randomised crossover trial (two 4-week periods); 36 adults with type 1 diabetes."),
        ("Results", "Time in range, the primary outcome, rose by 11 percentage points (mean difference 11.0, "
                    "95% CI 7.9 to 14.1)."),
    ], ["rct", "crossover"], 36, _p("MD", 11.0, 7.9, 14.1, None)),
    _case("hw-27", [
        ("Méthode", "Essai randomisé ; N = 640 ; groupe intervention n = 322, groupe contrôle n = 318."),
        ("Résultats", "Issue principale : réhospitalisation à 30 jours, 14% vs 19% (OR 0,69, IC 95% 0,46 - "
                      "1,04, p = 0,08)."),
    ], ["rct"], 640, _p("OR", 0.69, 0.46, 1.04, "0.08")),
    _case("hw-28", [
        ("Méthode", "Méta-analyse de 9 essais randomisés contrôlés (12 340 patients)."),
        ("Résultats", "Critère principal : mortalité, RR 0,93 (IC 95% 0,85 à 1,02), sans hétérogénéité "
                      "(I² = 0 %)."),
    ], ["meta-analysis"], 12340, _p("RR", 0.93, 0.85, 1.02, None)),
    _case("hw-29", [
        ("Méthode", "Essai randomisé multicentrique, en double aveugle, contre placebo."),
        ("Résultats", "L'issue primaire est survenue chez 9,9% vs 12,4% des patients. Le HR était de 0,80 "
                      "(IC 95% 0,70-0,91 ; p < 0,001)."),
    ], ["rct", "double-blind", "multicentre"], None, _p("HR", 0.80, 0.70, 0.91, "<0.001")),
    _case("hw-30", [
        ("Methods", "Pragmatic cluster-randomised trial in 60 general practices (14,000 patients)."),
        ("Results", "Antibiotic prescribing (primary outcome) fell: IRR 0.88 (95% CI 0.81-0.96)."),
    ], ["rct", "cluster", "multicentre"], 14000, _p("rate ratio", 0.88, 0.81, 0.96, None)),
]
