"""Key results of a trial, as the club's reviews state them.

Owns: extraction of design, N and effects from a review's sections, their validation, the
forest plot's layout (terminal) and image. Must not import any other part of mia: it works on
plain strings and dicts, so the importers and the core can both call it.

This package owns everything about the *key results* of the trial a review
("compte-rendu") discusses:

* extraction (:mod:`mia.evidence.extract`): the design tags, the number of
  patients randomised or included, the effect on the primary outcome and the
  other effects, each with the sentence it came from and plain-word flags for
  whatever is unsure;
* validation: the checks run on what was extracted (bounds in order, effect
  inside its interval, p-values that are probabilities, one N only), reported
  as flags, never as exceptions;
* forest-plot layout (:mod:`mia.evidence.forest`): a terminal drawing of the
  effects, and an optional image drawn with matplotlib.

It works on plain strings, lists and dicts only, and imports nothing from
``mia`` but ``mia.evidence`` itself and the foundation every part stands on,
``mia.base`` (its patterns are compiled once per installation by
``mia.base.patterns``), so that the rest of the package can move around it freely.
"""

#: The version of the extraction rules (`extract.py` and the vocabulary's tags and measures).
#: Bump it whenever a rule changes what is extracted: every stored `key_results` records the
#: version that wrote it (`"extractor"`), and `mia reindex` extracts again the unchecked ones of
#: an older version. tests/evidence/test_extractor_version.py fails when the rules' source
#: changed and this number did not. 1: the first version recorded (key results written before
#: it carry none, and count as 0). 2: a full stop after a closing bracket ends a sentence
#: ("…, n.s.]. Aucune…"); "perdu.e.s" (lost to follow-up) is not N; "essai …(aside), ouvert"
#: is open-label (found by the sample's variants, tests/evidence/sample_variants.py).
#: 3: "critère secondaire principal" (the key secondary outcome) does not name the primary
#: outcome; a p-value cut by the end of its window is read whole (`p=0.002`, not 0); a bare
#: "différence −12,4 points (IC 95% …)" with its interval is a mean difference; the Lancet's
#: middle dot is a decimal point (0·78), ‹ is <, "IC95" needs no %; a p-value of 0 is dropped;
#: person-time (personnes-années, patient-years) is not N; a measure's number after < or > is a
#: bound, not an effect (a non-inferiority margin); labels skip statistics' tokens (p, CI, %)
#: (found by probes of reviews of other trials). 4: the wrapped lines of a paragraph (a Markdown
#: review's) are one sentence; a relative reduction or increase of x % is RR 1 ∓ x/100 and an
#: absolute reduction ARD −x; an interval's bounds may each carry their unit (−31,6 % à −22,4 %);
#: a margin in words ("inférieure à 1,38", "below", "marge de") is no effect; "phase 3" is no N;
#: the effect opening the sentence after the one naming the outcome is found by the name too; a
#: number of a sentence that is the sum of its arms (n=545, n=553, n=545) is N; a p-value "pour la
#: non-infériorité" is flagged. 5: a count of places ("164 hôpitaux de 15 pays", "60 trial sites")
#: is multicentre; patients allowed to cross over make no crossover trial; a percentage change
#: followed by the ratio it restates gives that ratio; an outcome's word stands for its family
#: ("mortalité": décédés, deaths; `vocabulary.OUTCOME_FAMILIES`). 6: the effect of the sentence
#: after the one naming the outcome is found when the words before it only name the arms that
#: sentence compared ("… 81 % sous tamsulosine … Ni la tamsulosine (OR 1,04 …)"). 7: with no total
#: stated, the group counts of one methods sentence add up to N, flagged ("(N = 3 062) ou … (N = 3 044)").
#: 8: N written in words ("Sept cent soixante-neuf patients") or as arms ("deux bras de 600", "410 …
#: au bras A et 206 au bras B"); a number glued to letters (EQ-5D, COVID-19) is no value;
#: "nonblinded", "25 US centres", "essai international"; the sentence after one naming the outcome
#: without an effect gives it when it opens on it; a percentage restating the next sentence's effect
#: gives way to it. 9: arms give N only when their sentence states no other count ("6 190 patients …
#: en deux bras de 3 098 et 3 092"). 10: overall survival is found in the sentence on deaths
#: (`vocabulary.OUTCOME_NAME_FAMILIES`); an outcome's words may hold digits (HbA1c, CD4), and the
#: words describing it after its name ("disability, dichotomised as a favourable outcome") are
#: tried after those of its name; the sentence after one naming the outcome may open on a dose
#: ("Pour la dose de 5 mg, la différence …"); the absolute difference of a change or a score is
#: a mean difference. 11: a change by x % named by its direction and followed by its interval
#: ("le taux était inférieur de 23 % … (IC 95 % 4 à 38)") is relative; an interval may follow what
#: the effect is of ("… de 30 % du taux d'AVC (IC 95 % …)"), and the effect around the outcome's word
#: is its; an outcome's word may be an acronym (AVC) or plural in the results, and is looked for in
#: its first ten words; the next sentence's effect may come after the risk restated or the test's
#: conclusion ("Le risque était réduit de 63 % : HR …"); a bare effect (no interval, no p) gives way
#: to the next sentence's full one; N is the number randomised (over one included in the analysis),
#: and couples or pairs are counted; "deux centres", "de nombreux centres", "mené dans les centres du
#: réseau", "five NHS ambulance services" are multicentre. 12: a sentence naming the primary
#: outcome without an effect gives the effect opening the next sentence before a later sentence
#: naming it with one (a factorial trial's second comparison, a per-protocol analysis), and a
#: sentence going on about it ("Il est survenu chez …") may stand between; secondary or subgroup
#: words after the effect no longer make it theirs; the outcome's words are found in the singular
#: or the plural; survival reports mortality (`OUTCOME_FAMILIES`); a whole number may stand
#: between an effect and its interval ("HR 1,27 par tranche de 10 dB (IC 95 % …)"). 13: an estimated
#: or adjusted difference, with a unit before its interval, is a mean difference; a measure's value
#: window never cuts a number (−3|,5); a sentence describing one arm holds that arm's counts; a
#: meta-analysis's trials are not N; "could not be blinded" is open-label; "12 Dutch hospitals",
#: "142 cabinets", "general practices", "mené en Pologne, Norvège et Suède" are multicentre.
#: 14: outside the methods, two arms' counts give N only in a sentence naming people (not "2 dans
#: le bras actif et 14 dans le bras placebo" of infections); "What they did / found", "Ce qu'ils
#: ont fait / trouvé" are methods and results; a standalone "Not blinded" is open-label.
#: 15: a difference without its interval after the two arms' values is an effect ("88,2 % vs
#: 85,8 % (différence de +2,4 points)": ARD; "+8,0 lettres contre +8,5 (différence -0,5 lettre)":
#: MD), not one with fewer values before it (a threshold, a margin); a difference's value may
#: carry a "+".
#: 16: an outcome's name links the primary to a results sentence through other forms of its
#: words ("tolérant une dose" … "ont toléré"), never to the first effect of a range ("des OR
#: allant de 2,13 … à 4,44"); an open phase after the comparison ("puis alendronate en ouvert")
#: does not make a trial open-label.
#: 17: an outcome named after its rate ("the rate of survival at 30 days") is found by its name;
#: a vaccine's efficacy is the relative risk it restates (97.2 % (93.7-99.0): RR 0.028); a value
#: changed by so many points before its interval is a difference ("amélioré de 13,8 points vs
#: placebo (IC 95 % …)"); a count is kept when deaths follow in another clause ("151 patients ont
#: été randomisés ; 27 sont décédés"); the next sentence's effect after the compared arm is the
#: outcome's ("Le rFVIII était associé à une incidence plus élevée : HR 1,87"); the name's
#: acronyms count wherever they stand in it, and match in capitals only ("PAS" is not "pas"); a
#: secondary word of the outcome's own name does not make a sentence another outcome's ("an
#: unplanned secondary hip procedure"); a sentence going on about the outcome ("À 6 mois, elle a
#: diminué …") states its effect; a threshold is not N ("at least 1000 participants"); a
#: non-inferiority margin is not an effect ("marge de non-infériorité : RR de 0,90"); a participle may
#: stand before the outcome's name ("retenu par les auteurs était …"); a flattened table's rows
#: under a header naming a measure are effects ("CDR-SB    -0,45 (-0,67 à -0,23)    <0,001"); a
#: one-sided interval is said in a flag ("(IC 97,5 % unilatéral : 0,92 à ∞)"), not stored; the
#: efficacy outcome is named after its qualifier ("critère principal d'efficacité : AVC …"); an open
#: trial may be said so at the end of a long list ("Essai … multicentrique (71 centres), ouvert",
#: "pas d'aveugle"); a credible interval is an interval; an introduction's earlier trial does not
#: decide whether the outcome is a score; a difference in points after two percentages is ARD,
#: with its interval too.
#: 18: a count of people screened ("26 941 femmes dépistées") is not N; a difference compared
#: with an arm before its value, or given in days, weeks or letters, is an effect ("Différence vs.
#: placebo : -1,9 jour (IC95% …)"), and an absolute difference in such a unit is of means (MD),
#: not of risks; a number in days is a time point unless its interval follows it as a
#: difference's; the compared arms ("Traitement actif vs placebo : OR …"), a reduction's noun and
#: a drug's route ("une réduction de 53 % pour la voie SC (rapport de taux …)") may stand before
#: the next sentence's effect; a treatment given open-label ("a new open-label oral
#: antidepressant") makes a trial open-label only if it is not said to be double-blind; a sentence
#: giving the arms' values ("3,7 jours sous erenumab contre 1,8 sous placebo") may stand between
#: the outcome's sentence and the one opening on its effect; a study naming its one outcome
#: without calling it primary ("Issue : mortalité toutes causes", a cohort) has it as primary.
#: 19: a results sentence where the primary's name goes on into a secondary outcome's ("Outcome
#: primaire : survie à 30 jours. Critère secondaire : survie avec un pronostic neurologique
#: favorable" … "la survie avec pronostic neurologique favorable … OR 1,18") is not the primary's;
#: survival is also told as patients alive ("étaient vivants", "were alive"); a study that is not
#: a trial and names no outcome at all (a case-control study, a meta-analysis) has the first
#: effect its results give with an interval as primary, flagged; a total restated after its
#: parts ("soit 148 942 sujets au total", "Au total, 129 essais …, soit 10 488 patients") is N; an
#: outcome named in brackets ("Critère principal (variation du poids) :") may be a change, its
#: difference then of means; a time frame may stand between the primary outcome and its name
#: ("Critère principal à 12 mois :", "primary outcome at day 28 was"); a difference may be
#: compared "avec" an arm or "entre" the groups before its value, the arm named with a number
#: ("avec le bras placebo + 26 semaines"); a sentence going on about the
#: score or the outcome itself ("At 18 months, the score had worsened … : difference -0.45 (95%
#: CI …)") gives its effect, as one opening on a pronoun does; a bare value in a flattened table's
#: p column ("0,0399") is its row's p; a sentence reporting the primary ("Le critère principal est
#: survenu chez 202 des 398 …") does not name it (its words are not the outcome's); a "mean adjusted
#: difference" is a mean difference; a cohort of pregnancies counts them ("608 385 grossesses ont
#: été incluses").
#: 20: a heading naming the primary outcome run into the line under it, without a colon
#: ("Critère de jugement principal Échec du traitement …", "Main outcome Ventilator-free days"),
#: names it; "primary / main outcome measure" names the primary outcome; an effect without
#: interval restated with one in the same clause ("une différence absolue de -21,2 points et un
#: risque relatif de 0,34 (IC …)") gives way to the restatement; the rows of a flattened table
#: between the outcome's sentence and the effect's are passed over; a cohort, case-control study
#: or meta-analysis whose named outcome the results do not name has the first effect of its results
#: with an interval as primary (flagged); N is a count whose arms' bare counts in brackets add up
#: to it ("1643 ont accepté la randomisation : surveillance active (545), prostatectomie (553) ou
#: radiothérapie (545)"), a total restated after its parts ("…, soit 300 participants"), or a
#: count its clause says was randomised ("242 (47 %) sont devenus hypoglycémiques et ont été
#: randomisés"); "15 screening centres" is multicentre; a standardised mean difference is SMD
#: (a measure of its own); a "minimally important difference" is a threshold, not an effect; a
#: total after its parts may say "in all"; players, pupils, soldiers, workers, donors… are counted;
#: the outcome's name is found in the plural ("grossesse" … "15 grossesses"); a sentence citing a
#: paper in brackets ("dans SToP (Heddle, Blood 2009), …") is about another study; a change in a
#: unit named by its verb, with its interval, is a mean difference ("la dyspnée du matin diminue
#: de 6,6 mm (IC 95 % 1,6 à 11,6)"), its interval written as a size or signed; a flattened table's
#: interval may stand in a column of its own ("HR    IC 95 %"); a value after a colon may end a lead
#: of up to 90 characters ("Différence de risque (oral moins IV) après imputation … : -1,4 point");
#: people invited are no N, those recruited are; two arms' counts of people excluded are no N; a
#: total after its parts adds up the counts of people (an age or a year beside them does not
#: count); a review without a results section has the outcome's words looked for elsewhere.
#: 21: a results sentence calling itself the main analysis or comparison ("Comparaison
#: principale, traitements actifs regroupés vs placebo : OR 1,04 …", "In the main, fully adjusted
#: analysis, … IRR 0.37") gives the primary effect; adjusted ratios written ORa, HRa, RRa are
#: read; a case-control study nested in a cohort is a case-control study; sites qualified by their
#: care ("22 inpatient sites") are multicentre; a per-protocol population before an effect marks
#: another analysis than the main one; "N études …, soit M participants" gives a meta-analysis's
#: N; "évolution (dé)favorable" is an event, its difference in points a risk difference; an
#: efficacy in % with its interval ("efficacité protectrice de 61 % (IC 95 % 8–83)") is a relative
#: reduction; the outcome's name may stand before the words calling it primary ("Le CEC … était
#: l'issue d'intérêt principale"); a flattened table's cells may be apart by bars, and a column of
#: effects may name its measure in each cell ("Effet (IC 95 %)" over "RR 0,52 (0,40–0,66)"), its p
#: column read with it, and a row's interval may stand in the cell after its measure's; the
#: components of the primary outcome are not it; a case-control study's N is its cases and
#: controls added up; a value may follow a long lead when its labelled interval follows it ("HR
#: for recurrence, new primary cancer or death 0.72 (95% CI …)"); a ratio of 20 or more without
#: an interval is no effect (a dose, a count); "la différence de variation du score était de 3,56
#: points (IC …)" is a mean difference; an effect size is an SMD; an introduction's sentence about
#: another study names no primary; "the proportion of patients with X" names X; "le critère
#: d'efficacité" names the primary; people aware of the allocation make a trial open-label;
#: "previous", "antérieur", "d'autres", "contrairement", "déjà" mark another study only beside a
#: study's word, a trial's name or a verb of publishing ("in the previous year" is eligibility);
#: an outcome's word is found repeated with "ré-" ("exacerbation" … "réexacerbation"); a time to an
#: event is named by the event; a difference "from placebo"; the last counts before a total may
#: be its parts; "RR" a review defines as rate ratios is one everywhere; a difference per year
#: ("ml/an") or in standard deviations keeps its interval; a qualifier between commas may stand
#: between the words naming the primary outcome and its name; "11 recruiting sites" is no N and
#: "a total of" is preferred; an effect may open on the arm compared with; an open design, people
#: who knew the allocation: open-label; "data on the primary outcome were available" names
#: nothing; fetuses are counted; pharmacies are centres; cases and controls may be labelled ("Cas :
#: 1 796 personnes"), the people counted just before the controls are the cases, and "up to 100
#: controls" is a number per case; "co-principaux" names the primary outcomes.
#: 22: four more blind probes: what the introduction says of the study it presents ("Il s'agit
#: d'une cohorte multicentrique", "CAPE COD est un ECR … mené dans 31 centres") joins the
#: design; a trial whose methods do not tell its blinding is told it by its later sections
#: ("Limites : essai ouvert"); "non aveugle", "absence d'aveugle" are open-label, notes' "DB"
#: double-blind; "open-label anticoagulation started if …" is a treatment; n-of-1 trials are
#: crossover; networks and cooperative groups are centres; a Mendelian randomisation is no trial;
#: "et Allemagne" is no "et al."; the outcome's short name is not a component's inside its list;
#: a difference named one of means stays one; "the HR that includes 1" is no effect; the second
#: of two primary outcomes comes after the first; "Issue 1aire", "CJP" name the primary, "Issues
#: 2aires" the secondary; controls per case after their label are no count, and a total the
#: controls' sentence states is a case-control study's N; a count of the cases or of the controls
#: alone ("N = 1524 cas et 1760 témoins", "Cas : … (n = 1 796)") is not; controls "tirés au sort
#: dans la cohorte" make no trial; a trial described before a meta-analysis is a trial, and "la
#: méta-analyse publiée en 2011" another study; an outcome measured by a common odds ratio takes
#: the results' first; a secondary at another time point does not hide the primary; "Critère
#: principal de l'analyse à 7 ans :" names it; "la comparaison … était ouverte" is open-label;
#: carers may be the people counted, and people recruited are counted whatever follows; aIRR is
#: a rate ratio; a labelled count may end on a comma; a systematic review or an NMA is a
#: meta-analysis, a DMS an SMD; blinding denied to someone leaves a double-blind trial double-blind;
#: an observational study's estimate crude or adjusted for age only, followed in its sentence by
#: one adjusted further, gives way to it; controls drawn by lot are a sample; survival is also
#: reported as people "en vie"; "the primary, fully adjusted analysis" names the primary.
#: 23: four more blind probes: the effect the arms' values amount to ("2,0 vs 4,8 …, soit un
#: rapport des taux de 0,41") after the outcome's sentence; people counted in inclusive writing
#: ("résident.e.s"); "72 trials including 10 605 patients"; a total followed by its arms in
#: brackets ("325 dans la population ITT (163 TCZ, 162 ADA)"); a table header of the arms' counts
#: ("(n=798) (n=822)"); an observational dose-response's highest category, tested for trend; a
#: sentence set against the one before ("en revanche") is about another outcome; numbered
#: primary outcomes ("(1) … ; (2) …", "Issue (1) : …"); controls per case said first, and a
#: planned sample, are no counts; Cochrane's RaR is a rate ratio; emergency departments,
#: maternity units and "ECR international" are multicentre; in the primary's sentence, the
#: effect with its interval rather than a bare one before it.
#: 24: four more blind probes: a list's numbers "(1) … (2) …" are no arms' counts; a matching
#: ratio ("3 témoins pour 1 cas") counts neither cases nor controls; a number glued to letters
#: ("µg/m3", "PM2.5", "MAKE30") is no effect's value; the article's title names the kind of
#: study the text leaves out; a study the methods call observational is no trial (its "ouverte"
#: no blinding); a count with a word or two and its verb ("599 912 buveurs actuels analysés")
#: is people under a name the noun list does not know, as a last resort.
#: 25: four more blind probes: thousands written with an apostrophe ("5'982"); cases and
#: controls counted in brackets after their label, across inclusive writing's full stops; the
#: controls matched to each case are no count; units of care and cities make a trial
#: multicentre, unless one hospital's; a mean difference between two groups named; an
#: observational study's adjusted ratio after a crude difference; the people of a
#: meta-analysis's studies in brackets after their count; and (two more probes) an interval's
#: level named in words, the arm a difference favours before its interval, Cohen's d and
#: Hedges' g, an interval with a slash after its label; a time joined by a hyphen ("30-day");
#: a difference's arms after what it is of; a first bound's unit before a dash; the overall
#: effect after its parts'.
EXTRACTOR_VERSION = 25
