"""The shipped lexicon's lay forms (src/mia/lexicon/README.md, items 9 and 10): a query in a
patient's words finds the review written in clinical words only, before a review holding the
query's lay words in another sense. One case a family: drug classes named by what they treat,
routes and devices, body parts, clinical states, populations (item 9); the heart's rhythm,
positions of care, an organ removed, engineered cells, germs, hormones, blood cancers, tests,
breathing machines, eyes and ears, skin, children's conditions (item 10). Phrasings of our own,
not the probes'."""

from __future__ import annotations

import pytest
from search_support import make_store, numbers, record

from mia.search import run_search

CASES = {
    # (b) a drug class in lay words finds its members' reviews
    "class: médicament pour le cholestérol": (
        "médicament pour le cholestérol après un infarctus",
        "Atorvastatine à forte dose après un infarctus du myocarde : moins de récidives.",
        "Le cholestérol des patients hospitalisés après un infarctus : un registre.",
    ),
    "class through its subclasses: médicament pour les os": (
        "médicament pour les os après une fracture du poignet",
        "Acide zolédronique après une fracture du poignet chez la femme ménopausée.",
        "Après une fracture du poignet de l'adulte : plâtre ou plaque ? La consolidation des os.",
    ),
    "new class: anti-saignement": (
        "médicament anti-saignement en chirurgie cardiaque",
        "Acide tranexamique en chirurgie cardiaque : moins de transfusions, plus de convulsions ?",
        "Le saignement en chirurgie cardiaque et le choix du médicament antiagrégant : un registre.",
    ),
    "class in English: weight-loss jabs": (
        "weight-loss jabs and heart attacks",
        "Semaglutide in adults with obesity without diabetes: fewer myocardial infarctions.",
        "Heart attacks in adults who try diets: jabs of reality.",
    ),
    # (a) routes and devices
    "route: piqûre": (
        "une piqûre par mois contre la migraine",
        "Érénumab en injection mensuelle dans la migraine épisodique.",
        "Migraine : tenir un journal par mois des crises.",
    ),
    "device: opération par sonde": (
        "opération par sonde pour un rétrécissement aortique",
        "TAVI contre remplacement valvulaire chirurgical dans le rétrécissement aortique serré.",
        "Rétrécissement aortique : une opération à cœur ouvert ou la surveillance ?",
    ),
    # (a) body parts
    "body part: coup sur la tête": (
        "coup sur la tête chez le sportif",
        "Commotion cérébrale du sportif : quand reprendre le jeu ?",
        "Tête et cou du sportif : prévenir les blessures à l'entraînement.",
    ),
    # (c) clinical states
    "state: cœur qui bat trop vite": (
        "cœur qui bat trop vite après le covid",
        "Tachycardie persistante après une COVID-19 : un essai d'ivabradine.",
        "Le cœur après le covid : les myocardites de l'adulte jeune.",
    ),
    "state: prendre du poids": (
        "antipsychotiques et prendre du poids chez l'adolescent",
        "Antipsychotiques de deuxième génération : le gain pondéral de l'adolescent.",
        "Antipsychotiques chez l'adolescent : le poids des effets indésirables neurologiques.",
    ),
    # populations
    "population: personnes très âgées": (
        "statines chez les personnes très âgées",
        "Statines chez le sujet âgé en prévention primaire : une cohorte.",
        "Statines et personnes à très haut risque : une cible plus basse.",
    ),
    # item 10: the heart's rhythm
    "rhythm: le cœur bat trop vite": (
        "le cœur bat trop vite sous salbutamol",
        "Tachycardie sous bêta-2 mimétiques inhalés chez l'asthmatique.",
        "Salbutamol arrêté trop vite : le cœur du problème de l'asthme mal contrôlé.",
    ),
    # positions of care
    "position: mettre sur le ventre": (
        "mettre sur le ventre les patients covid",
        "Décubitus ventral chez les patients COVID-19 hypoxémiques non intubés.",
        "Patients covid : mettre fin aux douleurs du ventre.",
    ),
    "position: rester couché à plat": (
        "rester couché à plat après un AVC",
        "Positionnement de la tête après un AVC ischémique aigu : un essai en grappes.",
        "Après un AVC : se lever tôt et rester actif, la rééducation.",
    ),
    # an organ removed
    "organ removed: enlever la vésicule": (
        "enlever la vésicule après une pancréatite biliaire",
        "Cholécystectomie précoce après une pancréatite biliaire légère.",
        "Pancréatite biliaire : la vésicule, enlever les calculs par endoscopie ?",
    ),
    # the body's own cells engineered
    "engineered cells: globules blancs modifiés": (
        "globules blancs modifiés contre le lymphome",
        "Cellules CAR-T dans le lymphome diffus à grandes cellules B en rechute.",
        "Lymphome : les globules blancs au diagnostic, un pronostic modifié.",
    ),
    # germs by their lay name
    "germ: champignon dans le sang": (
        "champignon dans le sang en réanimation",
        "Fongémie en réanimation : traitement précoce et mortalité.",
        "Réanimation : le sang-froid des équipes et les champignons de la cafétéria.",
    ),
    "germ through its class: bactéries multirésistantes": (
        "bactéries multirésistantes chez le voyageur",
        "Entérobactéries productrices de BLSE chez le voyageur : une cohorte.",
        "Le voyageur et ses souvenirs : les bactéries intestinales du retour.",
    ),
    # hormones in lay words
    "hormone: hormone masculine": (
        "hormone masculine chez l'homme âgé",
        "Testostérone chez l'homme âgé hypogonadique : sécurité cardiovasculaire.",
        "L'homme âgé et l'hormone du stress : une fragilité masculine.",
    ),
    # blood cancers
    "blood cancer: cancer des ganglions": (
        "cancer des ganglions du sujet âgé",
        "Lymphome du sujet âgé : R-mini-CHOP après 80 ans.",
        "Cancer du sein du sujet âgé : faut-il enlever les ganglions ?",
    ),
    # breathing machines
    "breathing: tube dans la gorge": (
        "tube dans la gorge aux urgences",
        "Intubation trachéale aux urgences : vidéolaryngoscope ou laryngoscope direct.",
        "Urgences : le mal de gorge et le tube de pommade.",
    ),
    # eyes and ears
    "ears: devenir sourd": (
        "devenir sourd et démence",
        "Perte auditive et démence : un essai d'appareillage chez l'adulte âgé.",
        "Démence : devenir aidant, un conjoint sourd aux conseils.",
    ),
    # skin
    "skin: crème hydratante": (
        "crème hydratante pour le bébé",
        "Émollients chez le bébé dès la naissance contre la dermatite atopique.",
        "Bébé : la crème de la crème des poussettes.",
    ),
    # children's common conditions
    "children: mal aux oreilles": (
        "mal aux oreilles chez l'enfant",
        "Amoxicilline dans l'otite moyenne aiguë de l'enfant de moins de 2 ans.",
        "L'enfant qui a mal : écouter avec les oreilles la douleur.",
    ),
}


@pytest.mark.parametrize("query, clinical, lay_words", CASES.values(), ids=CASES.keys())
def test_a_lay_phrasing_finds_the_clinical_text(tmp_path, query, clinical, lay_words):
    store = make_store(tmp_path / "store" / "reviews.json", [
        record(1, sections=lay_words),
        record(2, sections=clinical),
        record(3, sections="Une autre étude, d'un autre sujet."),
    ])
    assert numbers(run_search(store, query))[:1] == [2]
