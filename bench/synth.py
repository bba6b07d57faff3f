"""Synthetic but realistic compte-rendus (and the same entries as BibTeX) for the benchmark.

Each review is laid out exactly like the club's PDF-extracted text (data/reviews/mia_review_40.txt):
the page header block, `Date de publication Auteurs`, the date (sometimes followed by the
review's authors), `Mots-clés` and the keywords, the article's title, its citation line and DOI,
then the sections, every text line followed by a blank line, the header repeated mid-text when the
review runs over two pages, non-breaking spaces before `:` and `;`, and a few ligatures lost to
U+FFFD as the PDFs lose them.

The text is built from word lists (diseases with their French and English acronyms, real and
generated drug names, trial names, outcomes, biomarkers, statistics) drawn with Zipf-like weights,
so an index sees what a real collection gives it: a few very frequent words and a long tail of
thousands of rare ones. Everything is deterministic for a given seed, and review i is the same
whatever N is (the 1,000-review set is the start of the 10,000-review one).

    python bench/synth.py --count 1000 --out bench/out/reviews-1000 [--bibtex bench/out/1000.bib]
    bench/.venv/bin/python bench/synth.py --count 300 --check     # mia's importer reads them back exactly
"""

from __future__ import annotations

import argparse
import bisect
import functools
import itertools
import random
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_SEED = 40
#: Bumped whenever the generated text changes, so that cached data sets are written anew.
DATA_VERSION = 2
ENGLISH_SHARE = 0.2  # of the reviews are written in English
TWO_PAGE_SHARE = 0.35
LINE_WIDTH = (105, 122)  # the PDFs' lines are about 120 characters wide

# --- word lists --------------------------------------------------------------------------------

#: (French name, French acronym, English name, English acronym); an acronym may be empty.
DISEASES = [
    ("thrombocytopénie immune", "TPI", "immune thrombocytopenia", "ITP"),
    ("fibrillation atriale", "FA", "atrial fibrillation", "AF"),
    ("insuffisance cardiaque à fraction d’éjection réduite", "ICFEr", "heart failure with reduced ejection fraction", "HFrEF"),
    ("insuffisance cardiaque à fraction d’éjection préservée", "ICFEp", "heart failure with preserved ejection fraction", "HFpEF"),
    ("diabète de type 2", "DT2", "type 2 diabetes", "T2D"),
    ("broncho-pneumopathie chronique obstructive", "BPCO", "chronic obstructive pulmonary disease", "COPD"),
    ("polyarthrite rhumatoïde", "PR", "rheumatoid arthritis", "RA"),
    ("lupus érythémateux systémique", "LES", "systemic lupus erythematosus", "SLE"),
    ("maladie rénale chronique", "MRC", "chronic kidney disease", "CKD"),
    ("syndrome coronarien aigu", "SCA", "acute coronary syndrome", "ACS"),
    ("accident vasculaire cérébral ischémique", "AVC", "ischaemic stroke", ""),
    ("embolie pulmonaire", "EP", "pulmonary embolism", "PE"),
    ("thrombose veineuse profonde", "TVP", "deep vein thrombosis", "DVT"),
    ("sclérose en plaques", "SEP", "multiple sclerosis", "MS"),
    ("maladie de Crohn", "", "Crohn’s disease", ""),
    ("rectocolite hémorragique", "RCH", "ulcerative colitis", "UC"),
    ("hypertension artérielle", "HTA", "hypertension", ""),
    ("pneumonie communautaire", "PAC", "community-acquired pneumonia", "CAP"),
    ("choc septique", "", "septic shock", ""),
    ("COVID-19 sévère", "", "severe COVID-19", ""),
    ("infection par le VIH", "VIH", "HIV infection", "HIV"),
    ("hépatite C chronique", "VHC", "chronic hepatitis C", "HCV"),
    ("cirrhose décompensée", "", "decompensated cirrhosis", ""),
    ("leucémie myéloïde chronique", "LMC", "chronic myeloid leukaemia", "CML"),
    ("leucémie aiguë myéloïde", "LAM", "acute myeloid leukaemia", "AML"),
    ("myélome multiple", "MM", "multiple myeloma", "MM"),
    ("lymphome diffus à grandes cellules B", "LDGCB", "diffuse large B-cell lymphoma", "DLBCL"),
    ("cancer bronchique non à petites cellules", "CBNPC", "non-small-cell lung cancer", "NSCLC"),
    ("cancer du sein HER2-positif", "", "HER2-positive breast cancer", ""),
    ("mélanome métastatique", "", "metastatic melanoma", ""),
    ("maladie d’Alzheimer", "MA", "Alzheimer’s disease", "AD"),
    ("maladie de Parkinson", "MP", "Parkinson’s disease", "PD"),
    ("épilepsie focale", "", "focal epilepsy", ""),
    ("migraine chronique", "", "chronic migraine", ""),
    ("asthme sévère", "", "severe asthma", ""),
    ("ostéoporose post-ménopausique", "", "postmenopausal osteoporosis", ""),
    ("goutte", "", "gout", ""),
    ("anémie ferriprive", "", "iron-deficiency anaemia", "IDA"),
    ("drépanocytose", "", "sickle cell disease", "SCD"),
    ("hémophilie A", "", "haemophilia A", ""),
    ("purpura thrombotique thrombocytopénique", "PTT", "thrombotic thrombocytopenic purpura", "TTP"),
    ("syndrome des anticorps antiphospholipides", "SAPL", "antiphospholipid syndrome", "APS"),
    ("vascularite associée aux ANCA", "VAA", "ANCA-associated vasculitis", "AAV"),
    ("artérite à cellules géantes", "ACG", "giant cell arteritis", "GCA"),
    ("sarcoïdose pulmonaire", "", "pulmonary sarcoidosis", ""),
    ("fibrose pulmonaire idiopathique", "FPI", "idiopathic pulmonary fibrosis", "IPF"),
    ("insuffisance rénale aiguë", "IRA", "acute kidney injury", "AKI"),
    ("endocardite infectieuse", "EI", "infective endocarditis", "IE"),
    ("infection urinaire fébrile", "", "febrile urinary tract infection", "UTI"),
    ("tuberculose latente", "", "latent tuberculosis", "LTBI"),
    ("paludisme grave", "", "severe malaria", ""),
    ("obésité", "", "obesity", ""),
    ("stéatohépatite non alcoolique", "NASH", "non-alcoholic steatohepatitis", "NASH"),
    ("hypothyroïdie infraclinique", "", "subclinical hypothyroidism", ""),
    ("maladie de Basedow", "", "Graves’ disease", ""),
    ("hyperkaliémie", "", "hyperkalaemia", ""),
    ("hyponatrémie", "", "hyponatraemia", ""),
    ("delirium postopératoire", "", "postoperative delirium", ""),
    ("épisode dépressif majeur", "EDM", "major depressive disorder", "MDD"),
    ("pancréatite aiguë", "", "acute pancreatitis", ""),
    ("hémorragie digestive haute", "", "upper gastrointestinal bleeding", "UGIB"),
    ("syndrome de détresse respiratoire aiguë", "SDRA", "acute respiratory distress syndrome", "ARDS"),
    ("arrêt cardiaque extrahospitalier", "ACEH", "out-of-hospital cardiac arrest", "OHCA"),
    ("maladie thromboembolique veineuse", "MTEV", "venous thromboembolism", "VTE"),
    ("rétrécissement aortique", "RA", "aortic stenosis", "AS"),
    ("hypertension artérielle pulmonaire", "HTAP", "pulmonary arterial hypertension", "PAH"),
    ("spondylarthrite axiale", "SpA", "axial spondyloarthritis", "axSpA"),
    ("psoriasis en plaques", "", "plaque psoriasis", ""),
    ("dermatite atopique", "DA", "atopic dermatitis", "AD"),
    ("urticaire chronique spontanée", "UCS", "chronic spontaneous urticaria", "CSU"),
    ("myasthénie auto-immune", "", "myasthenia gravis", "MG"),
    ("syndrome de Guillain-Barré", "SGB", "Guillain-Barré syndrome", "GBS"),
    ("hémoglobinurie paroxystique nocturne", "HPN", "paroxysmal nocturnal haemoglobinuria", "PNH"),
    ("syndrome hémolytique et urémique atypique", "SHUa", "atypical haemolytic uraemic syndrome", "aHUS"),
    ("anémie hémolytique auto-immune", "AHAI", "autoimmune haemolytic anaemia", "AIHA"),
    ("maladie de Still de l’adulte", "", "adult-onset Still’s disease", "AOSD"),
    ("amylose à transthyrétine", "ATTR", "transthyretin amyloidosis", "ATTR"),
    ("cardiomyopathie hypertrophique", "CMH", "hypertrophic cardiomyopathy", "HCM"),
    ("infection à Clostridioides difficile", "ICD", "Clostridioides difficile infection", "CDI"),
    ("bactériémie à Staphylococcus aureus", "", "Staphylococcus aureus bacteraemia", "SAB"),
]

#: Real drug names (French spelling); the English text uses them as they are or without accents.
DRUGS = """rituximab mycophénolate-mofétil apixaban rivaroxaban dabigatran édoxaban warfarine
enoxaparine héparine aspirine clopidogrel ticagrélor prasugrel atorvastatine rosuvastatine
ézétimibe évolocumab inclisiran metformine empagliflozine dapagliflozine sémaglutide liraglutide
tirzépatide insuline-glargine sacubitril-valsartan spironolactone finérénone bisoprolol ramipril
amlodipine hydrochlorothiazide furosémide dexaméthasone prednisone méthylprednisolone
hydrocortisone tocilizumab baricitinib tofacitinib upadacitinib adalimumab infliximab étanercept
ustékinumab védolizumab sécukinumab méthotrexate hydroxychloroquine azathioprine cyclophosphamide
bélimumab anifrolumab éculizumab ravulizumab caplacizumab romiplostim eltrombopag avatrombopag
fostamatinib efgartigimod pembrolizumab nivolumab atézolizumab durvalumab ipilimumab osimertinib
trastuzumab pertuzumab olaparib palbociclib daratumumab lénalidomide bortézomib ibrutinib
vénétoclax imatinib ceftriaxone amoxicilline pipéracilline-tazobactam méropénem vancomycine
linézolide daptomycine céfazoline fidaxomicine dexmédétomidine propofol kétamine noradrénaline
vasopressine remdésivir nirmatrelvir molnupiravir oseltamivir sofosbuvir ténofovir dolutégravir
lécanémab donanémab lévétiracétam valproate lamotrigine érénumab galcanézumab dupilumab mépolizumab
benralizumab tézépélumab omalizumab dénosumab zolédronate romosozumab allopurinol fébuxostat
colchicine fer-carboxymaltose patiromer tolvaptan sertraline escitalopram eskétamine lithium
tafamidis mavacamten iptacopan pegcétacoplan emicizumab crizanlizumab voxélotor budésonide
mésalazine tranexamique acétazolamide ivermectine artésunate isoniazide rifapentine""".split()

#: Comparators a trial compares with.
COMPARATORS_FR = ["un placebo", "un traitement standard", "une abstention thérapeutique", "des soins usuels", "une stratégie conservatrice", "une surveillance simple"]
COMPARATORS_EN = ["placebo", "standard care", "usual care", "a conservative strategy", "watchful waiting", "no treatment"]

#: (French, English) outcomes.
OUTCOMES = [
    ("la mortalité toutes causes", "all-cause mortality"),
    ("la mortalité cardiovasculaire", "cardiovascular death"),
    ("les hospitalisations pour insuffisance cardiaque", "hospitalisation for heart failure"),
    ("la survie sans progression", "progression-free survival"),
    ("la survie globale", "overall survival"),
    ("la rémission complète", "complete remission"),
    ("le taux de réponse global", "the overall response rate"),
    ("les événements cardiovasculaires majeurs (MACE)", "major adverse cardiovascular events (MACE)"),
    ("les saignements majeurs", "major bleeding"),
    ("la récidive thromboembolique", "recurrent venous thromboembolism"),
    ("la qualité de vie (score EQ-5D)", "quality of life (EQ-5D)"),
    ("la durée de séjour hospitalier", "length of hospital stay"),
    ("le recours à la ventilation mécanique", "the need for mechanical ventilation"),
    ("le déclin du débit de filtration glomérulaire", "the decline in estimated glomerular filtration rate"),
    ("la variation de l’HbA1c", "the change in HbA1c"),
    ("la perte de poids à 68 semaines", "weight loss at 68 weeks"),
    ("la progression du handicap (score EDSS)", "disability progression (EDSS)"),
    ("l’activité de la maladie (score DAS28)", "disease activity (DAS28)"),
    ("la rechute à un an", "relapse at one year"),
    ("l’échec thérapeutique", "treatment failure"),
    ("la réponse plaquettaire durable", "a durable platelet response"),
    ("les infections graves", "serious infections"),
    ("les effets indésirables graves", "serious adverse events"),
    ("la réadmission à 30 jours", "readmission within 30 days"),
    ("la guérison clinique", "clinical cure"),
    ("la négativation de la charge virale", "viral suppression"),
    ("le déclin cognitif (score CDR-SB)", "cognitive decline (CDR-SB)"),
    ("la fréquence des crises", "seizure frequency"),
    ("le nombre de jours de migraine par mois", "monthly migraine days"),
    ("les exacerbations sévères", "severe exacerbations"),
    ("les fractures vertébrales", "vertebral fractures"),
    ("les crises de goutte", "gout flares"),
    ("les besoins transfusionnels", "transfusion requirements"),
    ("les crises vaso-occlusives", "vaso-occlusive crises"),
    ("le taux annualisé de saignements", "the annualised bleeding rate"),
    ("la rémission clinique et endoscopique", "clinical and endoscopic remission"),
    ("le retour à domicile sans séquelle", "discharge home without sequelae"),
    ("la survie avec bon pronostic neurologique", "survival with a good neurological outcome"),
    ("la normalisation de la kaliémie", "normalisation of serum potassium"),
    ("l’incidence du delirium", "the incidence of delirium"),
]

BIOMARKERS = """NT-proBNP troponine CRP procalcitonine HbA1c D-dimères ferritine LDL-cholestérol
lipoprotéine(a) interleukine-6 TNF-α PD-L1 EGFR BRCA1 BRCA2 JAK2 HLA-B27 ANCA anti-CCP
anti-ADN anticorps-antiphospholipides ADAMTS13 haptoglobine LDH créatinine cystatine-C albuminurie
calprotectine élastase TSH T4-libre cortisol ACTH lactates bilirubine transaminases phosphatases
amyloïde-β tau-phosphorylée neurofilaments vitamine-D PTH kaliémie natrémie plaquettes
éosinophiles IgE lymphocytes-CD4 charge-virale""".split()

DESIGNS_FR = [
    "Essai randomisé contrôlé en double aveugle", "Etude multicentrique, open-label, RCT 1 :1",
    "Etude de cohorte rétrospective", "Méta-analyse de données individuelles",
    "Essai de non-infériorité, randomisé, ouvert", "Etude cas-témoins nichée dans une cohorte",
    "Etude observationnelle prospective", "Analyse post hoc d’un essai de phase 3",
    "Essai pragmatique randomisé en grappes", "Essai de phase 2b, randomisé, contre placebo",
    "Etude en vie réelle à partir des bases de données nationales", "Essai adaptatif de plateforme",
]
DESIGNS_EN = [
    "Double-blind, placebo-controlled randomised trial", "Open-label multicentre RCT (1:1)",
    "Retrospective cohort study", "Individual-patient-data meta-analysis",
    "Open-label randomised non-inferiority trial", "Nested case-control study",
    "Prospective observational study", "Post hoc analysis of a phase 3 trial",
    "Pragmatic cluster-randomised trial", "Phase 2b randomised placebo-controlled trial",
    "Nationwide registry-based study", "Adaptive platform trial",
]

POPULATIONS = [
    ("adultes hospitalisés", "hospitalised adults"), ("patient.e.s de plus de 65 ans", "patients older than 65"),
    ("femmes enceintes", "pregnant women"), ("enfants et adolescent.e.s", "children and adolescents"),
    ("patient.e.s en soins intensifs", "critically ill patients"), ("patient.e.s ambulatoires", "outpatients"),
    ("patient.e.s transplanté.e.s rénaux", "kidney transplant recipients"),
    ("patient.e.s naïfs de traitement", "treatment-naive patients"),
    ("patient.e.s réfractaires à deux lignes", "patients refractory to two lines"),
    ("résident.e.s d’EMS", "nursing-home residents"), ("patient.e.s fragiles", "frail patients"),
    ("patient.e.s avec insuffisance rénale", "patients with renal impairment"),
]

PLACES_FR = ["en Europe", "aux États-Unis", "en Suisse", "en France", "au Canada", "en Chine", "au Japon",
             "dans 12 pays", "dans 31 pays", "en Scandinavie", "au Royaume-Uni", "en Australie", "en Afrique subsaharienne",
             "dans 84 centres", "dans 210 centres", "en Amérique latine", "en Allemagne", "aux Pays-Bas"]
PLACES_EN = ["in Europe", "in the United States", "in Switzerland", "in France", "in Canada", "in China", "in Japan",
             "in 12 countries", "in 31 countries", "in Scandinavia", "in the United Kingdom", "in Australia",
             "in sub-Saharan Africa", "at 84 sites", "at 210 sites", "in Latin America", "in Germany"]

#: (name, DOI prefix, DOI suffix style); the suffix gets a unique number.
JOURNALS = [
    ("NEJM", "10.1056", "NEJMoa"), ("Lancet", "10.1016", "S0140-6736"), ("JAMA", "10.1001", "jama."),
    ("BMJ", "10.1136", "bmj-"), ("Ann Intern Med", "10.7326", "M"), ("Blood", "10.1182", "blood."),
    ("J Clin Oncol", "10.1200", "JCO."), ("Circulation", "10.1161", "CIRCULATIONAHA."),
    ("Eur Heart J", "10.1093", "eurheartj/ehab"), ("Lancet Oncol", "10.1016", "S1470-2045"),
    ("Nat Med", "10.1038", "s41591-"), ("JAMA Intern Med", "10.1001", "jamainternmed."),
    ("Lancet Neurol", "10.1016", "S1474-4422"), ("Ann Rheum Dis", "10.1136", "ard-"),
    ("Clin Infect Dis", "10.1093", "cid/ciab"), ("Am J Respir Crit Care Med", "10.1164", "rccm."),
    ("Haematologica", "10.3324", "haematol."), ("Kidney Int", "10.1016", "j.kint."),
    ("Gastroenterology", "10.1053", "j.gastro."), ("N Engl J Med Evid", "10.1056", "EVIDoa"),
]

FIRST_INITIALS = "A B C D E F G H I J K L M N P R S T V W Y Z".split()
REVIEWER_TITLES = ["Dr", "Dre", "Pr", "Pre", "Dr", "Dre", "M.", "Mme"]

#: Connectives and sentence bodies that carry the ordinary words of a review.
CONNECTIVES_FR = ["Par ailleurs", "En revanche", "De plus", "Néanmoins", "Toutefois", "Ainsi", "En outre",
                  "Au total", "Notons que", "A noter que", "Dans ce contexte", "Par conséquent", "Pourtant",
                  "En pratique", "Sur le plan méthodologique", "Enfin", "D’autre part", "Cependant"]
CONNECTIVES_EN = ["Moreover", "However", "In addition", "Nevertheless", "Thus", "Furthermore", "Overall",
                  "Of note", "In this context", "Consequently", "Yet", "In practice", "Methodologically",
                  "Finally", "On the other hand", "Still"]

FILLER_FR = [
    "la taille de l’échantillon limite la puissance statistique de l’analyse",
    "le suivi médian de {months} mois est trop court pour juger des effets tardifs",
    "l’absence d’aveugle expose à un biais de mesure des issues subjectives",
    "le financement par l’industrie pharmaceutique doit être gardé à l’esprit",
    "la population incluse est peu représentative des patient.e.s vu.e.s en consultation",
    "les résultats concordent avec ceux de la méta-analyse publiée en {year2}",
    "le coût {du_drug} reste un frein important à sa diffusion",
    "les recommandations européennes de {year2} n’intègrent pas encore ces données",
    "l’analyse en intention de traiter confirme le résultat principal",
    "un effet de classe est plausible mais reste à démontrer",
    "la tolérance digestive a conduit à l’arrêt du traitement chez {pct}% des patient.e.s",
    "le critère composite est dominé par sa composante la moins grave",
    "les perdu.e.s de vue représentent {pct}% de l’effectif",
    "la randomisation était stratifiée selon le centre et la sévérité initiale",
    "la fragilité et les comorbidités n’étaient pas décrites en détail",
    "les données de sécurité à long terme manquent",
    "cette stratégie pourrait changer la prise en charge en médecine interne",
    "l’interaction avec {le_drug2} n’a pas été étudiée",
    "le bénéfice absolu reste modeste, avec un NNT de {nnt}",
    "les sous-groupes pré-spécifiés montrent un effet homogène",
    "la surveillance biologique du marqueur {biomarker} est recommandée pendant les premières semaines",
    "l’adhésion thérapeutique était mesurée par comptage des comprimés",
    "les femmes et les personnes âgées sont sous-représentées",
    "la comparaison indirecte avec {le_drug2} est hasardeuse",
    "une étude de phase 4 est en cours pour répondre à cette question",
    "le schéma posologique hebdomadaire facilite l’observance",
    "le recrutement a été interrompu prématurément pour futilité",
    "l’effet semble plus marqué chez les patient.e.s avec un marqueur {biomarker} élevé",
]
FILLER_EN = [
    "the sample size limits the statistical power of the analysis",
    "a median follow-up of {months} months is too short to judge late effects",
    "the open-label design exposes subjective outcomes to measurement bias",
    "industry funding should be kept in mind",
    "the included population is hardly representative of patients seen in clinic",
    "these results agree with the meta-analysis published in {year2}",
    "the cost of {drug} remains a major barrier to its use",
    "the intention-to-treat analysis confirms the primary result",
    "a class effect is plausible but remains to be shown",
    "gastrointestinal intolerance led to discontinuation in {pct}% of patients",
    "the composite outcome is driven by its least severe component",
    "{pct}% of participants were lost to follow-up",
    "randomisation was stratified by centre and baseline severity",
    "long-term safety data are lacking",
    "the absolute benefit is modest, with a number needed to treat of {nnt}",
    "prespecified subgroups showed a consistent effect",
    "monitoring of {biomarker} is advised during the first weeks",
    "women and older people are under-represented",
    "an indirect comparison with {drug2} would be hazardous",
    "a phase 4 study is under way to answer this question",
    "the effect seemed larger in patients with a high {biomarker}",
]

CATCHY_FR = ["A new hope!", "enfin une avancée ?", "fausse bonne idée ?", "le match est-il plié ?",
             "un changement de paradigme", "pas si simple", "la fin d’un dogme ?", "prudence",
             "vers un nouveau standard", "un essai qui dérange", "moins c’est mieux ?", "le retour",
             "quoi de neuf ?", "enfin des données solides", "un pas dans la bonne direction"]
CATCHY_EN = ["a new standard?", "too good to be true?", "the end of a dogma", "less is more",
             "a step forward", "not so fast", "the debate goes on", "a paradigm shift?"]

# Section headings alone on a line would be read as headings: never end a wrapped line with one.
_HEADING_WORDS = {"introduction", "méthode", "méthodes", "résultats", "discussion", "conclusion",
                  "background", "methods", "results", "limites", "conclusions", "résultat"}

_LIGATURES = ("ffi", "ffl", "ff", "fi", "fl")
#: Ordinary words of the templates the PDFs may print with a ligature.
_LIGATURE_WORDS = {"efficacité", "effets", "efficacy", "effective", "effect", "effet", "insuffisance", "bénéfice",
                   "financement", "confirme", "confirms", "confirmée", "confirmed", "benefit", "profil",
                   "difficile", "influence", "conflicting", "modifie", "significatif", "fin", "affects",
                   "fibrose", "fibrillation", "first", "inflammatoire", "flares", "infection", "infections",
                   "facteur", "finally", "efficacy", "suffisant", "souffrant", "insufficiency", "identifié"}


# --- Zipf-like sampling ------------------------------------------------------------------------


class ZipfPicker:
    """Draws items with weight 1/rank**exponent: a few frequent items, a long tail of rare ones."""

    def __init__(self, items, exponent: float = 1.0):
        self.items = list(items)
        self.cumulative = list(itertools.accumulate(1.0 / (rank + 1) ** exponent for rank in range(len(self.items))))

    def pick(self, rng: random.Random):
        return self.items[bisect.bisect_left(self.cumulative, rng.random() * self.cumulative[-1])]


def _generated_names(rng: random.Random, count: int, stems: list[str], endings: list[str]) -> list[str]:
    """Invented but pronounceable names (`zelvorimab`, `tarocitinib`), all distinct."""
    names: set[str] = set()
    while len(names) < count:
        syllables = rng.randint(1, 3)
        names.add("".join(rng.choice(stems) for _ in range(syllables)) + rng.choice(endings))
    return sorted(names)


@dataclass
class Vocabulary:
    """The word lists in a seed-determined order of frequency, with the long tail generated."""

    seed: int
    diseases: ZipfPicker = field(init=False)
    drugs: ZipfPicker = field(init=False)
    trials: ZipfPicker = field(init=False)
    surnames: ZipfPicker = field(init=False)

    def __post_init__(self) -> None:
        rng = random.Random(self.seed)
        diseases = DISEASES[:1] + rng.sample(DISEASES[1:], len(DISEASES) - 1)  # ITP stays frequent
        self.diseases = ZipfPicker(diseases, exponent=0.8)
        invented_drugs = _generated_names(
            rng, 2500,
            ["zel", "vo", "ri", "ta", "ro", "ci", "mo", "na", "ba", "li", "dex", "ter", "quo", "pla", "sen", "va", "tu", "lo"],
            ["mab", "zumab", "ximab", "tinib", "ciclib", "gliflozine", "parine", "xaban", "vir", "stat", "tide", "glutide",
             "lukast", "prazole", "sartan", "pril", "olol", "dipine", "mycine", "cilline", "conazole", "sertib"],
        )
        real_drugs = rng.sample(DRUGS, len(DRUGS))
        self.drugs = ZipfPicker(["rituximab", "mycophénolate-mofétil"] + real_drugs + rng.sample(invented_drugs, len(invented_drugs)), exponent=1.0)
        trial_words = _generated_names(rng, 3000, ["AR", "TE", "MIS", "DA", "PA", "EM", "PE", "RO", "SUS", "TAIN", "CLA", "RI", "TY", "VAL", "OR", "ION"], ["", "-HF", "-CKD", "-TIMI", "-2", "-3", "-AF", "-PRESERVED"])
        self.trials = ZipfPicker(rng.sample(trial_words, len(trial_words)), exponent=0.6)
        surnames = _generated_names(rng, 4000, ["Bra", "dbu", "ry", "Mar", "tin", "Chen", "Mül", "ler", "Ros", "si", "Da", "vies", "Ko", "wal", "ski", "Fa", "vre", "Ro", "chat", "Ng", "uy", "en", "Sil", "va"], ["", "son", "ez", "i", "er", "ova", "ard"])
        self.surnames = ZipfPicker([s.capitalize() for s in rng.sample(surnames, len(surnames))], exponent=0.7)


@functools.lru_cache(maxsize=4)
def vocabulary(seed: int) -> Vocabulary:
    return Vocabulary(seed)


# --- one review --------------------------------------------------------------------------------


@dataclass
class SyntheticReview:
    """A review as the generator knows it: the fields (for BibTeX) and the compte-rendu text."""

    number: int
    language: str
    title: str
    version_line: str
    published: tuple[int, int, int]
    reviewers: list[str]
    keywords: list[str]
    article_title: str
    article_authors: list[str]
    et_al: bool
    journal: str
    article_date: tuple[int, int, int]
    doi: str
    sections: list[tuple[str, list[str]]]  # heading, paragraphs (clean text)

    @property
    def review_id(self) -> str:
        return f"mia_review_{self.number}"

    @property
    def plain_text(self) -> str:
        return "\n\n".join(f"{heading}\n" + "\n".join(paragraphs) for heading, paragraphs in self.sections)


def make_review(number: int, seed: int = DEFAULT_SEED) -> SyntheticReview:
    """Review `number`, the same for a given seed whatever else is generated."""
    words = vocabulary(seed)
    rng = random.Random(seed * 1_000_003 + number)
    english = rng.random() < ENGLISH_SHARE
    disease = words.diseases.pick(rng)
    drug = words.drugs.pick(rng)
    drug2 = words.drugs.pick(rng)
    while drug2 == drug:
        drug2 = words.drugs.pick(rng)
    trial = words.trials.pick(rng)
    year = rng.randint(2008, 2025)
    article_date = (rng.randint(1, 28), rng.randint(1, 12), year)
    published_year = min(year + rng.choice((0, 0, 1, 1, 2)), 2026)
    published = (rng.randint(1, 28), rng.randint(1, 12), published_year)
    journal, prefix, suffix_style = rng.choice(JOURNALS)
    facts = _Facts(rng, words, english, disease, drug, drug2, trial, year)

    fr_name, _, en_name, _ = disease
    drug_title = _english_drug(drug) if english else drug
    article_title = rng.choice([
        f"{_english_drug(drug).capitalize()} for {en_name}",
        f"{_english_drug(drug).capitalize()} versus {rng.choice(COMPARATORS_EN)} in {en_name}",
        f"Trial of {_english_drug(drug)} in patients with {en_name} ({trial})",
        f"Long-term outcomes of {_english_drug(drug)} and {_english_drug(drug2)} in {en_name}",
        f"{_english_drug(drug).capitalize()} in {rng.choice(POPULATIONS)[1]} with {en_name}: the {trial} randomised trial",
    ])
    if english:
        title = f"{drug_title.capitalize()} in {en_name}: {rng.choice(CATCHY_EN)}"
        keywords = [en_name.capitalize(), drug_title.capitalize()]
    else:
        title = f"{fr_name[0].upper() + fr_name[1:]}: {rng.choice(CATCHY_FR + CATCHY_EN[:2])}"
        keywords = [fr_name[0].upper() + fr_name[1:], drug.capitalize()]
    if rng.random() < 0.5:
        keywords.append(facts.outcome_short())
    if rng.random() < 0.3:
        keywords.append(trial)
    article_authors = [f"{rng.choice(FIRST_INITIALS)}. {words.surnames.pick(rng)}"]
    if rng.random() < 0.3:
        article_authors[0] = f"{rng.choice(FIRST_INITIALS)}. {article_authors[0]}"
    et_al = rng.random() < 0.85
    reviewers = []
    if rng.random() < 0.45:
        reviewers = [f"{rng.choice(REVIEWER_TITLES)} {rng.choice(FIRST_INITIALS)}. {words.surnames.pick(rng)}" for _ in range(rng.randint(1, 3))]
    version = rng.choice(("V0", "V0", "V0", "V1", "V2"))
    version_date = (rng.randint(1, 28), rng.randint(1, 12), rng.randint(published_year, 2026))
    if suffix_style.startswith("S"):  # Elsevier: S0140-6736(21)001234-5
        doi = f"{prefix}/{suffix_style}({year % 100:02d}){number:06d}-{number % 10}"
    else:  # NEJMoa21001234, jama.21001234
        doi = f"{prefix}/{suffix_style}{year % 100:02d}{number:06d}"
    return SyntheticReview(
        number=number,
        language="en" if english else "fr",
        title=title,
        version_line=f"{version} - {version_date[0]:02d}/{version_date[1]:02d}/{version_date[2]}",
        published=published,
        reviewers=reviewers,
        keywords=keywords,
        article_title=article_title,
        article_authors=article_authors,
        et_al=et_al,
        journal=journal,
        article_date=article_date,
        doi=doi,
        sections=facts.sections(),
    )


def _english_drug(drug: str) -> str:
    """`mycophénolate-mofétil` → `mycophenolate mofetil`, `warfarine` → `warfarin`."""
    plain = drug.translate(str.maketrans("éèêëïîôàç", "eeeeiioac")).replace("-", " ")
    return plain[:-1] if plain.endswith("ine") and not plain.endswith("amine") else plain


class _Facts:
    """The numbers and names of one review, and the sentences that tell them."""

    def __init__(self, rng, words, english, disease, drug, drug2, trial, year):
        self.rng, self.words, self.english = rng, words, english
        self.disease, self.drug, self.drug2, self.trial, self.year = disease, drug, drug2, trial, year
        self.outcome = rng.choice(OUTCOMES)
        self.outcome2 = rng.choice(OUTCOMES)
        self.population = rng.choice(POPULATIONS)
        self.n = rng.choice((48, 120, 254, 612, 1045, 2310, 4744, 9361, 17604))
        self.n = int(self.n * rng.uniform(0.7, 1.3))
        self.pct_drug = round(rng.uniform(4, 45), 1)
        self.pct_control = round(self.pct_drug * rng.uniform(1.1, 2.4), 1)
        self.hr = round(rng.uniform(0.35, 0.98), 2)
        self.months = rng.choice((6, 12, 18, 24, 36, 48, 60))

    # small pieces
    def ci(self) -> str:
        low = round(self.hr * self.rng.uniform(0.55, 0.9), 2)
        high = round(min(self.hr * self.rng.uniform(1.05, 1.6), 1.4), 2)
        return f"{low:.2f}-{high:.2f}"

    def p_value(self) -> str:
        return self.rng.choice(("p<0.001", "p=0.008", f"p={self.rng.uniform(0.001, 0.2):.3f}", "p=0.04", "p<0.0001", "p=NS"))

    def outcome_short(self) -> str:
        text = self.outcome[1] if self.english else self.outcome[0]
        for article in ("la ", "le ", "les ", "l’", "the "):
            text = text.removeprefix(article)
        return text.split(" (")[0].capitalize()

    def name(self, first: bool = False) -> str:
        fr_name, fr_acronym, en_name, en_acronym = self.disease
        name, acronym = (en_name, en_acronym) if self.english else (fr_name, fr_acronym)
        if not acronym:
            return name
        return f"{name} ({acronym})" if first else acronym

    def fill(self, template: str, **extra: str) -> str:
        rng, words = self.rng, self.words
        drug = _english_drug(self.drug) if self.english else self.drug
        drug2 = _english_drug(self.drug2) if self.english else self.drug2
        other = words.drugs.pick(rng)
        return template.format(
            name=self.name(), drug=drug, drug2=drug2, other=_english_drug(other) if self.english else other,
            trial=self.trial, n=self.n, months=self.months, hr=f"{self.hr:.2f}", ci=self.ci(), p=self.p_value(),
            pct=round(rng.uniform(1, 30), 1), pct_drug=self.pct_drug, pct_control=self.pct_control,
            outcome=self.outcome[1 if self.english else 0], outcome2=self.outcome2[1 if self.english else 0],
            population=self.population[1 if self.english else 0],
            place=rng.choice(PLACES_EN if self.english else PLACES_FR),
            design=rng.choice(DESIGNS_EN if self.english else DESIGNS_FR),
            comparator=rng.choice(COMPARATORS_EN if self.english else COMPARATORS_FR),
            biomarker=rng.choice(BIOMARKERS), age=rng.randint(18, 75), nnt=rng.randint(4, 120),
            year2=rng.randint(2010, 2025), dose=rng.choice((5, 10, 20, 40, 100, 200, 400, 1000)),
            weeks=rng.choice((2, 4, 8, 12, 24, 52)), trial2=words.trials.pick(rng),
            author=words.surnames.pick(rng), **self._articles(other), **extra,
        )

    def _articles(self, other: str) -> dict[str, str]:
        """French articles before the disease and the drugs (`la TPI`, `du apixaban` → `de l’apixaban`)."""
        if self.english:
            return {}
        name = self.name()
        first = self.name(first=True)
        masculine = self.disease[0].split()[0] in _MASCULINE_DISEASE_WORDS
        return {
            "the_first": _french_article(first, masculine, "le"),
            "The_first": _capitalised(_french_article(first, masculine, "le")),
            "the_name": _french_article(name, masculine, "le"),
            "of_name": _french_article(name, masculine, "de"),
            "le_drug": _french_article(self.drug, True, "le"),
            "Le_drug": _capitalised(_french_article(self.drug, True, "le")),
            "du_drug": _french_article(self.drug, True, "de"),
            "le_drug2": _french_article(self.drug2, True, "le"),
            "le_other": _french_article(other, True, "le"),
            "au_drug2": _french_article(self.drug2, True, "à"),
        }

    def fillers(self, count: int) -> list[str]:
        """`count` different comment sentences, half of them opened by a connective."""
        connectives, fillers = (CONNECTIVES_EN, FILLER_EN) if self.english else (CONNECTIVES_FR, FILLER_FR)
        sentences = []
        for template in self.rng.sample(fillers, count):
            sentence = self.fill(template)
            if self.rng.random() < 0.6:
                sentences.append(f"{self.rng.choice(connectives)}, {sentence}.")
            else:
                sentences.append(sentence[0].upper() + sentence[1:] + ".")
        return sentences

    def sections(self) -> list[tuple[str, list[str]]]:
        templates = _TEMPLATES_EN if self.english else _TEMPLATES_FR
        headings = ("Background", "Methods", "Results", "Discussion") if self.english else ("Introduction", "Méthode", "Résultats", "Discussion")
        rng = self.rng
        result = []
        for index, (heading, key) in enumerate(zip(headings, ("intro", "method", "results", "discussion"))):
            sentences = [self.fill(t) for t in rng.sample(templates[key], k=min(len(templates[key]), rng.randint(2, 4)))]
            if index == 0:
                first = self.name(first=True)
                sentences.insert(0, self.fill(rng.choice(templates["opening"]), first=first, First=_capitalised(first)))
            sentences += self.fillers(rng.randint(1, 4))
            text = " ".join(sentences)
            if rng.random() < 0.25 and len(sentences) > 3:
                cut = len(" ".join(sentences[: len(sentences) // 2]))
                paragraphs = [text[:cut], text[cut + 1:]]
            else:
                paragraphs = [text]
            result.append((heading, paragraphs))
        if rng.random() < 0.15:
            closing = "Conclusion" if self.english or rng.random() < 0.5 else "Limites"
            result.append((closing, [" ".join(self.fillers(2))]))
        return result


_MASCULINE_DISEASE_WORDS = {"choc", "diabète", "syndrome", "lupus", "cancer", "myélome", "lymphome", "mélanome",
                            "asthme", "psoriasis", "paludisme", "purpura", "rétrécissement", "delirium", "épisode",
                            "arrêt", "accident"}


def _french_article(words: str, masculine: bool, kind: str) -> str:
    """`la TPI`, `le diabète`, `l’apixaban`; kind `de`: `du diabète`, `de l’apixaban`; kind `à`: `au`…"""
    elided = words[:1].lower() in "aeéèêiîouyh" and not words[:2].isupper()
    before = {"le": ("l’", "le ", "la "), "de": ("de l’", "du ", "de la "), "à": ("à l’", "au ", "à la ")}[kind]
    return (before[0] if elided else before[1] if masculine else before[2]) + words


def _capitalised(text: str) -> str:
    return text[0].upper() + text[1:]


_TEMPLATES_FR = {
    "opening": [
        "{The_first} reste une cause majeure de morbidité {place}, et la prise en charge de première ligne repose encore sur des données anciennes.",
        "{The_first} touche surtout les {population}; les options thérapeutiques actuelles ont une efficacité limitée.",
        "Dans {the_first}, {le_drug} est proposé depuis quelques années hors AMM, sans essai randomisé solide.",
    ],
    "intro": [
        "{Le_drug} agit sur une voie impliquée dans la physiopathologie {of_name}, ce qui justifie son évaluation.",
        "Les recommandations actuelles proposent {le_drug2} en première intention, avec un taux de réponse d’environ {pct}%.",
        "En cas d’échec, les alternatives sont {le_other}, {le_drug2} ou une prise en charge symptomatique.",
        "L’essai {trial} visait à comparer {le_drug} à {comparator} chez des {population}.",
        "Le marqueur {biomarker} est un facteur pronostique reconnu dans {the_name}.",
        "Une étude observationnelle publiée en {year2} suggérait un bénéfice sur {outcome}.",
    ],
    "method": [
        "{design} (essai {trial}) mené {place}. N= {n}. Critères d’inclusion : >{age} ans, {name} confirmée, {biomarker} anormal.",
        "Critères d’exclusion : grossesse/allaitement ; insuffisance hépatique sévère ; traitement antérieur par {other}.",
        "Les patient.e.s recevaient {drug} {dose} mg par jour ou {comparator} pendant {weeks} semaines.",
        "Issue primaire : {outcome}, analysée en time-to-event. Issues secondaires : {outcome2}, tolérance et qualité de vie.",
        "Le suivi médian était de {months} mois; l’analyse principale était en intention de traiter.",
        "La randomisation 1 :1 était centralisée, avec une stratification selon le taux initial de marqueur {biomarker}.",
    ],
    "results": [
        "L’issue primaire est survenue chez {pct_drug}% des patient.e.s du groupe {drug} vs. {pct_control}% du groupe contrôle [HR {hr} (95% IC {ci}) ; {p}].",
        "Parmi les issues secondaires, {outcome2} était également améliorée (OR {hr}, IC 95% {ci}).",
        "Les effets indésirables graves étaient comparables (groupe {drug} {pct}% vs. {pct_control}%), sans signal nouveau.",
        "Le bénéfice était homogène dans les sous-groupes, y compris chez les {population}.",
        "La différence de risque absolu était de {pct}%, soit un NNT de {nnt} sur {months} mois.",
        "Le marqueur {biomarker} diminuait plus vite sous {drug} dès la semaine {weeks} ({p}).",
    ],
    "discussion": [
        "Cette étude montre une meilleure efficacité {du_drug} par rapport à {comparator} sur {outcome}.",
        "Ces résultats sont à pondérer chez les {population}, peu représenté.e.s dans l’échantillon.",
        "Cela pourrait changer la prise en charge {of_name} prochainement, en attendant les résultats de l’essai {trial2}.",
        "{Le_drug} devrait être considéré comme une alternative {au_drug2}, notamment en cas de contre-indication.",
        "L’équipe de {author} avait rapporté des résultats discordants en {year2}.",
    ],
}
_TEMPLATES_EN = {
    "opening": [
        "{First} remains a major cause of morbidity {place}, and first-line treatment still rests on old data.",
        "{First} mostly affects {population}; current treatments have limited efficacy.",
        "In {first}, {drug} has been used off-label for years without a robust randomised trial.",
    ],
    "intro": [
        "{drug} acts on a pathway involved in {name}, which justifies its evaluation.",
        "Guidelines recommend {drug2} first, with a response rate of about {pct}%.",
        "After failure, the alternatives are {other}, {drug2} or supportive care.",
        "The {trial} trial compared {drug} with {comparator} in {population}.",
        "{biomarker} is an established prognostic marker in {name}.",
        "An observational study published in {year2} suggested a benefit on {outcome}.",
    ],
    "method": [
        "{design} ({trial}) conducted {place}. N = {n}. Inclusion criteria: age > {age} years, confirmed {name}, abnormal {biomarker}.",
        "Exclusion criteria: pregnancy; severe hepatic impairment; previous treatment with {other}.",
        "Patients received {drug} {dose} mg daily or {comparator} for {weeks} weeks.",
        "Primary outcome: {outcome}, as time-to-event. Secondary outcomes: {outcome2}, safety and quality of life.",
        "Median follow-up was {months} months; the main analysis was by intention to treat.",
    ],
    "results": [
        "The primary outcome occurred in {pct_drug}% of patients given {drug} vs. {pct_control}% of controls [HR {hr} (95% CI {ci}); {p}].",
        "Among secondary outcomes, {outcome2} also improved (OR {hr}, 95% CI {ci}).",
        "Serious adverse events were similar ({drug} {pct}% vs. {pct_control}%), with no new safety signal.",
        "The benefit was consistent across subgroups, including {population}.",
        "The absolute risk difference was {pct}%, a number needed to treat of {nnt} over {months} months.",
    ],
    "discussion": [
        "This trial shows that {drug} is more effective than {comparator} on {outcome}.",
        "These results should be weighed for {population}, who were few in the sample.",
        "This may soon change the management of {name}, pending the results of {trial2}.",
        "{author} and colleagues reported conflicting results in {year2}.",
    ],
}


# --- the compte-rendu layout -------------------------------------------------------------------


def compte_rendu_text(review: SyntheticReview, seed: int = DEFAULT_SEED) -> str:
    """The review laid out as the club's PDFs come out of text extraction."""
    rng = random.Random(seed * 7_000_003 + review.number)
    width = rng.randint(*LINE_WIDTH)
    english = review.language == "en"
    body = _section_lines(review, rng, width, english)
    title_lines = textwrap.wrap(review.title, 70) if len(review.title) > 80 else [review.title]
    pages = 2 if rng.random() < TWO_PAGE_SHARE and len(body) > 20 else 1

    out = ["", "Compte-rendu", review.review_id, "", review.version_line, ""]
    for line in title_lines:
        out += [line] if len(title_lines) == 1 else [line, ""]
    out += [review.version_line, "", f"page 1/{pages}", "", "Compte-rendu", ""]
    for line in title_lines:
        out += [line, ""]
    out += ["Publication date Authors" if english else "Date de publication Auteurs", ""]
    day, month, year = review.published
    date_line = f"{day:02d}.{month:02d}.{year}"
    if review.reviewers:
        date_line += " " + ", ".join(review.reviewers)
    out += [date_line, ""]
    out += ["Keywords" if english else "Mots-clés", rng.choice((" , ", ", ")).join(review.keywords), ""]
    out += [review.article_title, ""]
    out += [_citation_line(review), ""]
    out += [f"DOI: {review.doi}", ""]
    if pages == 2:
        cut = rng.randint(len(body) // 3, 2 * len(body) // 3)
        body = body[:cut] + _page_break(review, title_lines) + body[cut:]
    out += body
    return "\n".join(out) + "\n"


def _citation_line(review: SyntheticReview) -> str:
    day, month, year = review.article_date
    names = ", ".join(review.article_authors)
    return f"{names}{' et al.' if review.et_al else ''}, {review.journal}, {day:02d}.{month:02d}.{year}"


def _page_break(review: SyntheticReview, title_lines: list[str]) -> list[str]:
    """The header the PDF repeats at the top of page 2 (and its footer `page 1/2`)."""
    lines = ["page 1/2", "", "Compte-rendu", review.review_id, "", review.version_line, ""]
    for line in title_lines:
        lines += [line]
    lines += [review.version_line, "", "page 2/2", ""]
    return lines


def _section_lines(review: SyntheticReview, rng: random.Random, width: int, english: bool) -> list[str]:
    """Headings and wrapped text lines, each text line followed by a blank line."""
    lost_ligatures = rng.choice((0, 0, 1, 2, 3))
    lines: list[str] = []
    for heading, paragraphs in review.sections:
        lines.append(heading)
        for paragraph in paragraphs:
            text = paragraph if english else _french_spaces(paragraph, rng)
            text, lost_ligatures = _lose_ligatures(text, rng, lost_ligatures)
            for line in _wrap(text, width):
                lines += [line, ""]
    return lines


def _wrap(text: str, width: int) -> list[str]:
    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=True)
    # A short last line that is a heading word would start a section: keep it on the line before.
    while len(lines) > 1 and lines[-1].strip(" .:").casefold() in _HEADING_WORDS:
        lines[-2:] = [lines[-2] + " " + lines[-1]]
    return lines


def _french_spaces(text: str, rng: random.Random) -> str:
    """French typography: a no-break space (U+00A0 or U+202F) before `:` and `;`."""
    space = rng.choice(("\u00a0", "\u00a0", "\u202f"))
    return text.replace(" :", space + ":").replace(" ;", space + ";")


def _lose_ligatures(text: str, rng: random.Random, budget: int) -> tuple[str, int]:
    """Replace the ligature of up to `budget` words (efficacité → e\ufffdcacité) as the PDFs do."""
    if budget <= 0:
        return text, 0
    words = text.split(" ")
    # Only ordinary words: a drug name would be guessed back wrongly (no dictionary knows it),
    # and a query for it would then miss; the PDFs lose them too, but that would blur the bench.
    candidates = [
        i for i, word in enumerate(words)
        if word.isalpha() and word.islower() and word in _LIGATURE_WORDS and any(lig in word for lig in _LIGATURES)
    ]
    for index in rng.sample(candidates, k=min(budget, len(candidates))):
        word = words[index]
        ligature = next(lig for lig in _LIGATURES if lig in word)
        words[index] = word.replace(ligature, "\ufffd", 1)
        budget -= 1
    return " ".join(words), budget


# --- BibTeX ------------------------------------------------------------------------------------


def bibtex_fields(review: SyntheticReview) -> dict[str, str]:
    """The reviewed article's fields, with the review's text as abstract (for papis and pubs)."""
    _, month, year = review.article_date
    names = [bibtex_name_parts(a) for a in review.article_authors]
    authors = " and ".join(f"{n['family']}, {n['given']}" for n in names) + (" and others" if review.et_al else "")
    title = review.title if review.title[-1:] in "?!." else review.title + "."
    return {
        "title": review.article_title,
        "author": authors,
        "journal": review.journal,
        "year": str(year),
        "month": str(month),
        "doi": review.doi,
        "keywords": ", ".join(review.keywords),
        "abstract": title + " " + " ".join(p for _, ps in review.sections for p in ps),
        "note": review.review_id,
    }


def bibtex_entry(review: SyntheticReview) -> str:
    body = ",\n".join(f"  {key} = {{{_bibtex_escape(value)}}}" for key, value in bibtex_fields(review).items())
    return f"@article{{{review.review_id},\n{body}\n}}\n"


def bibtex_name_parts(name: str) -> dict[str, str]:
    """`C. A. Bradbury` → family Bradbury, given C. A."""
    initials, _, surname = name.rpartition(" ")
    return {"family": surname, "given": initials}


def _bibtex_escape(value: str) -> str:
    return value.replace("\\", "").replace("{", "(").replace("}", ")").replace("%", r"\%")


# --- files -------------------------------------------------------------------------------------


def write_reviews(directory: Path, numbers, seed: int = DEFAULT_SEED) -> int:
    """Write mia_review_<n>.txt for each number into `directory`; the count written."""
    directory.mkdir(parents=True, exist_ok=True)
    count = 0
    for number in numbers:
        review = make_review(number, seed)
        (directory / f"{review.review_id}.txt").write_text(compte_rendu_text(review, seed), encoding="utf-8")
        count += 1
    return count


def write_bibtex(path: Path, numbers, seed: int = DEFAULT_SEED) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for number in numbers:
            out.write(bibtex_entry(make_review(number, seed)) + "\n")
            count += 1
    return count


def check_with_mia(count: int, seed: int = DEFAULT_SEED) -> list[str]:
    """Parse reviews 1..count with mia's importer and list every field it reads differently from
    what was generated (run with a Python where mia is installed: bench/.venv/bin/python)."""
    from mia.importers.compte_rendu import parse_compte_rendu

    problems = []
    for number in range(1, count + 1):
        review = make_review(number, seed)
        read = parse_compte_rendu(compte_rendu_text(review, seed), source_name=f"{review.review_id}.txt").review
        wanted_sections = [(heading, " ".join(paragraphs).replace("\u00a0", " ").replace("\u202f", " "))
                           for heading, paragraphs in review.sections]
        read_sections = [(section.heading, section.text.replace("\n\n", " ")) for section in read.sections]
        for what, got, wanted in (
            ("id", read.id, review.review_id), ("title", read.title, review.title),
            ("keywords", read.keywords, review.keywords), ("DOI", read.article.doi, review.doi),
            ("article title", read.article.title, review.article_title),
            ("journal", read.article.journal, review.journal), ("language", read.language, review.language),
            ("review authors", len(read.authors), len(review.reviewers)), ("sections", read_sections, wanted_sections),
        ):
            if got != wanted:
                problems.append(f"{review.review_id}: {what} read as {got!r:.300}, generated {wanted!r:.300}")
    return problems


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, required=True, help="how many reviews (mia_review_1..N)")
    parser.add_argument("--check", action="store_true", help="instead of writing, check that mia's importer reads the reviews back as generated")
    parser.add_argument("--first", type=int, default=1, help="number of the first review")
    parser.add_argument("--out", type=Path, help="folder for the .txt files")
    parser.add_argument("--bibtex", type=Path, help="also write the entries to this .bib file")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    if args.check:
        problems = check_with_mia(args.count, args.seed)
        print("\n".join(problems) or f"mia's importer reads the {args.count} reviews back as generated.")
        raise SystemExit(1 if problems else 0)
    if args.out is None:
        parser.error("--out is required (or --check)")
    numbers = range(args.first, args.first + args.count)
    write_reviews(args.out, numbers, args.seed)
    if args.bibtex:
        write_bibtex(args.bibtex, numbers, args.seed)


if __name__ == "__main__":
    main()
