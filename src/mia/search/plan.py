"""From a parsed query to what must be looked up: units, their alternatives, and their terms.

Each query term becomes a *unit*: one or more *alternatives*, any of which satisfies it. An
alternative is a list of *slots* (one per word position), matched anywhere (one word) or as a
phrase. A slot is a set of index terms, each with a level: the typed word itself (exact), the
indexed words sharing one of its stem keys (stem), or for the query's last word of four letters
or more the indexed words it begins (prefix).

Consecutive plain words that name a lexicon concept or a learned acronym (`immune
thrombocytopenia`, `ITP`, `MMF`) become one unit whose alternatives are the typed words (several
words: together as a phrase, and apart with a weight below any form's, `APART`) and every other
form of the concept (multi-word forms as phrases), reached with a lower weight and labelled
with their route (`TPI ← ITP`). A form that names several concepts (the acronym IC) is added this
way only where its context tells its sense: an acronym of an effect measure followed by a value
(`hazard ratio` finds `HR 0.61`, never `HR 80/min`; see annotate.py). Typed itself, it brings
all its meanings (and for a measure its uses before a value), and scoring ranks the meaning that
fits the other query words, or failing them the most reviews, first. Each side of OR and each exclusion is expanded the same way as a
lone term (`-splénectomie` also leaves out the reviews saying splenectomy); exclusions never
match by prefix.
"""

from __future__ import annotations

from typing import Any

from mia.base.errors import BadInput
from mia.search.analysis import ACRONYM, NUMBER, WORD, acronym_term, fold, tokenize
from mia.search.annotate import annotated_among, annotation_term, names_a_measure, value_term
from mia.search.fields import ARTICLE_TITLE, AUTHORS, HEADINGS, JOURNAL, KEYWORDS, TITLE
from mia.search.lexicon_index import (
    FormRow, class_members, classes_of, concept_labels, concepts_by_canon, forms_of_concepts, learned_by_long_form,
    learned_by_short_form, learned_for_concepts,
)
from mia.search import qualifiers
from mia.search.query import DoiFilter, Query, Term, YearFilter
from mia.search.reader import IndexReader
from mia.search.stemming import stem_keys

EXACT, STEM, PREFIX = 1.0, 0.45, 0.35
EXPANSION = 0.35
#: The typed words of a concept found apart from each other (`primary care`: "primary endpoint"
#: here, "critical care" there): weaker evidence of the concept than any of its forms, so the
#: words together weigh half a one-word expansion, shared among them (weighed as a form, a
#: review holding them apart, in its title and keywords, came before one saying "soins
#: primaires"; a word each, three words apart beat a one-word translation). Together, the words
#: are the concept's exact form.
APART = EXPANSION / 2
#: A form of a class of the member typed (`sertraline`: ISRS, antidépresseurs) weighs this share
#: of an expansion: a review of the class matches the drug, after every review naming it or its
#: other forms (a class's search finds its members at the full weight of an expansion).
BROADER_SHARE = 0.5
MAX_SPAN = 6
#: Words that name no subject in a query typed as a question or a sentence ("does rifaximin
#: prevent hepatic encephalopathy", "est-ce que la colchicine réduit les événements…"), French
#: and English, folded: articles, prepositions, conjunctions, pronouns, auxiliaries, question
#: words, personal pronouns and possessives (`je`, `my`, `mon`: "will my kid get autism while I take…";
#: a capital `I` after the first word stays, as `type I` needs), light verbs (`make`, `get`, `take`, `faire`, `prendre`: "can a Z-Pak make your heart
#: stop" ranked a French review holding "make"), the particles of English phrasal verbs (`picked
#: up`, `find out`, `wear off`), and the
#: comparatives a question asks with (`combien`, `plus`, `moins`, `more`, `less`:
#: "combien de pas par jour pour vivre plus longtemps" ranked a review holding "plus" and "jour"
#: above the one about daily steps). Counted as query words, they matched every review of their
#: language (the partial match then ranked reviews by "the", "is", "que"). A plain one is left
#: out of a query holding other words; it stays quoted, in a field, in a concept's name (`prise
#: en charge`, `sans danger`), typed in capitals (`AS`), or when the query has nothing else.
#: Negations (`sans`, `pas`, `without`, `not`, `no`) are among them: their meaning is in the
#: words they govern, and alone they matched every review of their language ("Jardiance pour
#: protéger les reins sans diabète" ranked a review holding "sans" above EMPA-KIDNEY's). `non`,
#: which makes words (`non inférieur`, `non diabétiques`), is not. The interrogative pronouns and
#: `ça`, `cela`, `ceci`, `quelque chose`, `something` too ("pilule du lendemain laquelle marche le
#: mieux", "…, ça vaut le coup ?", "… et se cassent quelque chose"). The negation's `ne` (`jamais`,
#: `rien`, `never`, `nothing`) and `quelqu'un`, `someone` too (a lay query "pour qu'elles ne tombent
#: plus" ranked the French reviews holding "ne" above the English trial about falls).
#: The second set: the words of the conversation itself, which a question or a patient's words
#: say around the subject and a review rarely writes (so that, counted, they were rare and
#: weighed): the forms of the auxiliaries and modal verbs (`avoir`, `eu`, `aller`, `vouloir`,
#: `valoir`: "sans avoir eu d'infarctus, ça vaut le coup ?"; `doesn`, `having`), the adverbs of
#: frequency and degree (`souvent`, `vraiment`, `often`), the vague nouns (`coup`, `fois`,
#: `truc`, `gens`, `thing`, `people`) and the words of judgement (`bon`, `mauvais`, `mieux`,
#: `worth`, `better`). A word that can name a subject is left out of it (`voir`: sight; `marche`:
#: walking; `don`: a donation; `aide`: a helper).
FUNCTION_WORDS = frozenset("""
    a afin ainsi alors au aux avec ce ces cet cette chez comme comment contre d dans de des donc dont du
    elle elles en entre est est-ce et etaient etait etre faut il ils l la le les leur leurs lors
    mais ni nous on ou par parmi peut pour pourquoi quand que quel quelle quelles quels qui quoi s
    sa se selon ses si son sont sur t tres un une vers vous y
    aussi beaucoup bien certaines certains deja encore meme plusieurs tous tout toute toutes trop
    doit doivent devrait devraient faudrait peuvent pourrait pourraient
    combien plus moins davantage
    lequel laquelle lesquels lesquelles ca cela ceci quelque quelques chose choses something
    about against an and any are as at be been being but by can could did do does for from had has have
    how if in into is it its may might of on or should so than that the their them then there
    these they this those to was we were what when where whether which who whom why will with
    would you
    also both each ever just many much quite rather really some still such too very must shall
    more less most least up out off while whilst i me my your his her our je tu te moi toi mon ma mes ton ta tes notre nos votre vos
    make makes made making get gets got getting give gives gave keep keeps kept take takes took taking
    faire fait font prendre prend prends donner donne
    sans pas without not no ne jamais rien never nothing
    quelqu someone somebody
""".split()) | frozenset("""
    avoir ai as avons avez ont avais avait avaient aura auront aurait auraient eu eue eus eues ayant
    suis es sommes etes sera seront serait seraient ete etant soit soient
    va vont aller allait ira iront
    peux pouvoir pu puisse
    veux veut veulent vouloir voudrais voudrait
    dois devoir
    fallait falloir
    vaut valent valoir vaudrait
    sert servent
    sait savent savoir
    vraiment souvent toujours parfois bientot ensuite puis maintenant seulement surtout plutot
    assez tant autant tellement presque
    coup fois facon maniere truc trucs gens
    bon bonne bons bonnes mauvais mauvaise mauvaises mieux pire vrai vraie
    am isn aren wasn weren doesn didn hasn haven won wouldn shouldn couldn
    done doing having
    worth good bad better worse best worst really actually thing things stuff people folks
    often always sometimes usually anyway
""".split())
#: The last part of a hyphenated English word that only relates its first part to what follows
#: (`statin-related myalgia`, `Lipitor-related aches`, `smoking-associated cancers`): when
#: the whole word names no concept with the words after it (as `IgG4-related disease` does), the
#: query means its first part, which names the subject and has the lexicon's forms; searched as
#: the phrase "statin related", "Lipitor" was never expanded and most reviews do not write the
#: pair. French writes these relations with words apart (`liée aux statines`).
RELATION_PARTS = frozenset("related associated induced linked mediated driven attributable dependent".split())
FIELDS = {
    "title": frozenset({TITLE, ARTICLE_TITLE}),
    "keyword": frozenset({KEYWORDS}),
    "author": frozenset({AUTHORS}),
    "journal": frozenset({JOURNAL}),
    "section": frozenset({HEADINGS}),
}


# Plain classes, not dataclasses: cheaper to import (see query.py).


class Slot:
    """One word position: index terms and their levels."""

    __slots__ = ("typed", "terms")

    def __init__(self, typed: str, terms: dict[str, float] | None = None) -> None:
        self.typed = typed
        self.terms = terms if terms is not None else {}


class Alternative:
    """One way to satisfy a unit: its slots, anywhere or as a phrase, with a weight."""

    __slots__ = ("slots", "phrase", "weight", "route", "meaning", "highlight", "member", "broader")

    def __init__(self, slots: list[Slot], phrase: bool, weight: float = 1.0, route: str | None = None,
                 meaning: Any = None, highlight: list[Slot] | None = None) -> None:
        self.slots = slots
        self.phrase = phrase
        self.weight = weight
        self.route = route  # "TPI ← ITP" for an expansion
        self.meaning = meaning  # the meaning of an ambiguous acronym this expansion belongs to
        self.highlight = highlight  # the words to light up, when `slots` is an annotation
        # a form of a member of the class typed (`méropénem ← carbapenem`), or of a class of the
        # member typed (`ISRS ← sertraline`)
        self.member = False
        self.broader = False  # a form of a class of the member typed (`Planner._settle_broader`)

    @property
    def typed(self) -> bool:
        return self.route is None


class Unit:
    """A query term (or words naming one concept): satisfied by any of its alternatives."""

    __slots__ = ("text", "alternatives", "fields", "ambiguous", "meanings")

    def __init__(self, text: str, alternatives: list[Alternative], fields: frozenset[int] | None = None) -> None:
        self.text = text
        self.alternatives = alternatives
        self.fields = fields
        self.ambiguous = False
        self.meanings: dict[Any, str] = {}  # meaning -> label


class Filter:
    """A year or DOI filter, already resolved to review numbers."""

    __slots__ = ("text", "nums")

    def __init__(self, text: str, nums: set[int]) -> None:
        self.text, self.nums = text, nums


class Plan:
    __slots__ = ("groups", "excluded")

    def __init__(self, groups: list[list[Unit | Filter]], excluded: list[Unit | Filter]) -> None:
        self.groups, self.excluded = groups, excluded


class _Meaning:
    __slots__ = ("label", "forms", "members", "broader")

    def __init__(self, label: str) -> None:
        self.label = label
        self.forms: list[tuple[str, tuple]] = []  # (text, slots with keys)
        self.members: set[str] = set()  # the forms' texts that are the class's members' forms
        self.broader: set[str] = set()  # the forms' texts that are the forms of the member's classes


def _is_function_word(group: list) -> bool:
    """A group that is one plain word of `FUNCTION_WORDS`, not typed in capitals (`AS`, and a
    capital letter after the first word: `vitamine D`, `hépatite A`)."""
    if len(group) != 1 or not isinstance(group[0], Term):
        return False
    term = group[0]
    capitals = term.text.isupper() and (len(term.text) > 1 or term.position > 1)
    if term.phrase or term.field or term.negated or capitals:
        return False
    # Its words as the index reads them: a question's inverted verb and pronoun (`faut-il`,
    # `peut-on`, `a-t-il`) are each one, and punctuation typed with a word is not part of it
    # (`in?`, `or not,`: "watch and wait or stick a tube in?" ranked reviews holding "in").
    words = [token.term for token in tokenize(fold(term.text)) if not token.joined]
    return bool(words) and all(word in FUNCTION_WORDS for word in words)


def _relation_subject(group: list) -> Term | None:
    """For a group that is one plain hyphenated word ending in a part of `RELATION_PARTS`
    (`statin-related`), that word without it (`statin`); otherwise None."""
    if len(group) != 1 or not isinstance(group[0], Term):
        return None
    term = group[0]
    if term.phrase or term.negated or "-" not in term.text:
        return None
    subject, _, relation = term.text.rpartition("-")
    if fold(relation.rstrip(".,;:!?")) not in RELATION_PARTS or not any(c.isalnum() for c in subject):
        return None
    return Term(subject, field=term.field, position=term.position, prefix=term.prefix)


class Planner:
    def __init__(self, reader: IndexReader, *, concept_spans: bool = True, forms_apart: bool = False) -> None:
        """`concept_spans`: consecutive typed words naming a concept become one unit (`primary
        care`); without, each word is its own (a concept no review names: its words, soft AND).
        `forms_apart`: a concept's forms of several words match their words anywhere in a review,
        not only side by side (the last resort of a search nothing matched: `AECOPD`, whose forms
        no review writes, finds the review of "exacerbations" in "BPCO")."""
        self.reader = reader
        self.concept_spans = concept_spans
        self.forms_apart = forms_apart
        self.span_texts: set[str] = set()  # the texts of the units a plan made of several typed words
        self.phrased_forms = False  # whether a plan expanded a concept into forms of several words
        self.keys: dict[str, tuple[str, ...]] = {}
        self.known_words: set[str] = set()
        self.pending: list[tuple[Slot, str, str, tuple[str, ...], bool]] = []
        # Qualified acronyms (see qualifiers.py).
        self.written: dict[str, str] = {}  # a written variant, as indexed -> its base (`egfr` -> `GFR`)
        self.typed_bases: set[str] = set()  # typed words written like a base (`A1c`)
        self.variant_canons: dict[str, str] = {}  # a typed base -> the canon of a variant the lexicon knows
        self.related: set[str] = set()  # canons reached through a qualifier: expansions, not typed forms

    def _note_written(self, text: str) -> None:
        base = qualifiers.written_base(text)
        if base:
            self.written[qualifiers.joined(text)] = base
        elif qualifiers.acronym_like(text):
            self.typed_bases.add(text.lower())

    # -- words --------------------------------------------------------------------------------

    def _learn_words(self, words: set[str]) -> None:
        found = self.reader.vocab(words)
        for word in words:
            if word in found:
                kind, keys = found[word]
                if kind == WORD:
                    self.known_words.add(word)
                self.keys[word] = keys or (word,)
            else:
                self.keys[word] = stem_keys(word)
        # A typed base also names a concept one of its variants names (`A1c` -> HbA1c's).
        variant_of = {v: w for w in words & self.typed_bases for v in qualifiers.variants(w)}
        self.variant_canons = {variant_of[canon]: canon for canon, _ in concepts_by_canon(self.reader.conn, variant_of)}

    def _canon_options(self, slots: list[tuple[str, str]]) -> list[str]:
        variants = [""]
        for term, kind in slots:
            if kind in (ACRONYM, NUMBER):
                options = [term]
            else:
                # Each of the word's stem keys (French, English): a lexicon form's canon holds its
                # words' first keys, and a singular and its plural can differ in which comes
                # first (binder: bind, binder; binders: binder).
                options = list(self.keys[term])
                upper = acronym_term(term.upper())
                if upper and term not in self.known_words and term not in self.written:
                    options.append(upper)
                base = self.written.get(term)
                for related in (base and qualifiers.canon_of_base(base), self.variant_canons.get(term)):
                    if related:
                        options.append(related)
                        self.related.add(related)
            variants = [f"{v} {o}".strip() for v in variants for o in options][:16]
        return variants

    def _slot(self, term: str, kind: str, keys: tuple[str, ...], *, typed: str, prefix: bool = False) -> Slot:
        slot = Slot(typed=typed)
        slot.terms[term] = EXACT
        if kind in (ACRONYM, WORD):
            self.pending.append((slot, term, kind, keys, prefix))
        return slot

    def _resolve_pending(self) -> None:
        """Fill every slot's case, stem and prefix terms with three or four queries in all.

        A word also matches its capitals (`tpi` finds `TPI`), except a qualified acronym's letters
        (`egfr` typed for `eGFR`, not the `EGFR` gene). An acronym matches capitals only: in lower
        case its letters are often a word (LES, the French lupus, is `les`; LED is `led`), and
        the lupus concept found 39 reviews of 44."""
        for slot, term, kind, _, _ in self.pending:
            other = None if kind == ACRONYM or term in self.written else acronym_term(term.upper())
            if other:
                slot.terms.setdefault(other, EXACT)
        keys = {k for _, _, kind, ks, _ in self.pending if kind == WORD for k in ks}
        words = self.reader.words_with_keys(keys)
        for slot, term, kind, slot_keys, prefix in self.pending:
            if kind != WORD:
                continue
            for key in slot_keys:
                for word in words.get(key, ()):
                    slot.terms.setdefault(word, STEM)
            if prefix and len(term) >= 4 and term.isalpha():
                for word in self.reader.prefix_words(term):
                    slot.terms.setdefault(word, PREFIX)
        self.pending = []

    # -- units --------------------------------------------------------------------------------

    def _typed_alternatives(self, term: Term, *, allow_prefix: bool) -> list[Alternative]:
        tokens = tokenize(term.text)
        parts = [t for t in tokens if not t.joined]
        if not parts:
            return []
        last = len(parts) - 1
        # A word typed in capitals is a name (a trial's: OPTIMISE, TRUST): matched as typed, not
        # by its stems or as a prefix (OPTIMISE found "optimal").
        named = [len(t.term) >= 4 and term.text[t.start:t.end].isupper() for t in parts]
        slots = [
            self._slot(t.term, t.kind, () if named[i] else self.keys.get(t.term, ()), typed=t.term,
                       prefix=allow_prefix and term.prefix and i == last and not named[i])
            for i, t in enumerate(parts)
        ]
        alternatives = [Alternative(slots, phrase=len(slots) > 1)]
        if not term.phrase:
            for joined in (t for t in tokens if t.joined):
                if len(parts) > 1:
                    alternatives.append(Alternative(
                        [self._slot(joined.term, joined.kind, self.keys.get(joined.term, ()), typed=joined.term)],
                        phrase=False,
                    ))
        return alternatives

    def _expansions(self, unit: Unit, typed_canons: set[str], meanings: dict[Any, _Meaning],
                    ambiguous_canons: dict[str, set], annotated: set[str]) -> None:
        unit.ambiguous = len(meanings) > 1
        unit.meanings = {key: m.label for key, m in meanings.items()}
        seen: set[str] = typed_canons - self.related
        for key, meaning in meanings.items():
            for text, slots in meaning.forms:
                canon = " ".join(term if kind != WORD else keys[0] for term, kind, keys in slots)
                if canon in seen:
                    continue
                seen.add(canon)
                self._note_written(text)
                added = len(unit.alternatives)
                if len(slots) == 1 and slots[0][1] == WORD and slots[0][0] in FUNCTION_WORDS:
                    continue  # (`an`, a year in French, is the English article: alone it finds any English text)
                alt_slots = [self._slot(term, kind, keys, typed=term) for term, kind, keys in slots]
                route = f"{text} ← {unit.text}"
                self.phrased_forms = self.phrased_forms or len(alt_slots) > 1
                if self.forms_apart and len(alt_slots) > 1:
                    # its words that say something (not `de`, `of`), two at least, anywhere
                    content = [slot for slot in alt_slots if slot.typed not in FUNCTION_WORDS]
                    if len(content) > 1 and canon not in ambiguous_canons:
                        unit.alternatives.append(Alternative(
                            content, phrase=False, weight=APART / len(content),
                            route=f"{text} (its words apart) ← {unit.text}", meaning=key,
                        ))
                elif canon in ambiguous_canons:  # another meaning's form too: read by its context
                    in_context = self._in_context(text, alt_slots, route, key, meaning)
                    if in_context is not None:
                        unit.alternatives.append(in_context)
                elif canon in annotated:  # found at indexing time: one term, no phrase check
                    # Weighed per word, as a phrase's words would be.
                    found = Slot(typed=text, terms={annotation_term(canon): EXACT})
                    unit.alternatives.append(Alternative(
                        [found], phrase=False, weight=EXPANSION * len(alt_slots), route=route,
                        meaning=key, highlight=alt_slots,
                    ))
                else:
                    unit.alternatives.append(Alternative(
                        alt_slots, phrase=len(alt_slots) > 1, weight=EXPANSION, route=route, meaning=key,
                    ))
                if text in meaning.members or text in meaning.broader:
                    for alternative in unit.alternatives[added:]:
                        alternative.member = True
                if text in meaning.broader:
                    for alternative in unit.alternatives[added:]:
                        alternative.weight *= BROADER_SHARE
                        alternative.broader = True
        self._variant_expansions(unit, meanings)
        if unit.ambiguous:
            self._measure_readings(unit, meanings)

    def _in_context(self, text: str, slots: list[Slot], route: str, key: Any,
                    meaning: _Meaning) -> Alternative | None:
        """A form that also names other meanings (HR: hazard ratio, heart rate), reached from
        `meaning`: when that meaning is an effect measure and the form an acronym, its uses
        followed by a value (`HR 0.61`); otherwise nothing (the reviews using that meaning are
        found by its other forms)."""
        if len(slots) == 1 and slots[0].typed.isupper() and names_a_measure(t for t, _ in meaning.forms):
            return Alternative([Slot(typed=text, terms={value_term(slots[0].typed): EXACT})], phrase=False,
                               weight=EXPANSION, route=route, meaning=key, highlight=slots)
        return None

    def _measure_readings(self, unit: Unit, meanings: dict[Any, _Meaning]) -> None:
        """A typed ambiguous acronym followed by a value in a review (`HR 0.61`) is read there as
        its effect-measure meaning: that meaning's evidence, for the ordering of meanings."""
        typed = unit.alternatives[0].slots if unit.alternatives else []
        if len(typed) != 1 or not unit.text.isupper():
            return
        for key, meaning in meanings.items():
            if names_a_measure(t for t, _ in meaning.forms):
                unit.alternatives.append(Alternative(
                    [Slot(typed=unit.text, terms={value_term(unit.text): EXACT})], phrase=False,
                    weight=EXPANSION, route=f"{unit.text} = {meaning.label}", meaning=key, highlight=typed,
                ))

    def _variant_expansions(self, unit: Unit, meanings: dict[Any, _Meaning]) -> None:
        """The qualified variants of the unit's acronyms and the bases of its variants that the
        reviews contain (`BNP` -> NT-proBNP, `GFR` -> eGFR, `HbA1c` -> A1c), as expansions: one
        look-up in the index's vocabulary."""
        candidates: dict[str, tuple[str, Any]] = {}
        for key, meaning in meanings.items():
            for text, _ in meaning.forms:
                base = qualifiers.written_base(text)
                if base:
                    candidates.setdefault(qualifiers.canon_of_base(base), (base, key))
                elif qualifiers.acronym_like(text):
                    for word, shown in qualifiers.variants(text).items():
                        candidates.setdefault(word, (shown, key))
        covered = {term for alt in unit.alternatives for slot in alt.slots for term in slot.terms}
        present = self.reader.vocab(w for w in candidates if w not in covered)
        for word in present:
            shown, key = candidates[word]
            unit.alternatives.append(Alternative(
                [Slot(typed=shown, terms={word: EXACT})], phrase=False, weight=EXPANSION,
                route=f"{shown} ← {unit.text}", meaning=key,
            ))

    @staticmethod
    def _annotated_phrase(unit: Unit, canons: list[str], annotated: set[str]) -> None:
        """A typed phrase that is a lexicon form was found at indexing time: use that (one
        posting look-up) instead of checking positions. Its exact and stem-level occurrences
        then count alike."""
        at = next((i for i, alt in enumerate(unit.alternatives) if alt.typed and alt.phrase), None)
        if at is None:
            return
        typed = unit.alternatives[at]
        canon = next((c for c in canons if c in annotated and " " in c), None)
        if canon is None:
            return
        unit.alternatives[at] = Alternative(
            [Slot(typed=unit.text, terms={annotation_term(canon): EXACT})], phrase=False,
            weight=float(len(typed.slots)), highlight=typed.slots,
        )

    def _meanings(self, canons: list[str], concepts: list[int], learned: list, *,
                  broader: bool = True) -> dict[Any, _Meaning]:
        """The meanings of a span typed as `canons`, from the concepts and the learned acronyms
        these name (read once for all the spans tried: `_named_span`); with `broader`, their
        classes' forms too (`_settle_broader` keeps them only if no review names the span)."""
        conn = self.reader.conn
        meanings: dict[Any, _Meaning] = {}
        cids = list(concepts) + [r.cid for r in learned if r.cid is not None]
        labels = concept_labels(conn, cids)
        for cid in dict.fromkeys(cids):
            meanings[("c", cid)] = _Meaning(labels.get(cid, ""))
        concept_forms: list[FormRow] = forms_of_concepts(conn, [k[1] for k in meanings])
        for form in concept_forms:
            meanings[("c", form.cid)].forms.append((form.text, form.slots))
        # A class's members are forms of its meaning (`carbapénèmes`: méropénem, ertapénem…):
        # a search for the class finds them; a member's search never finds its siblings.
        members = class_members(conn, [k[1] for k in meanings])
        if members:
            member_of = {member: head for head, found in members.items() for member in found}
            for form in forms_of_concepts(conn, member_of):
                meaning = meanings[("c", member_of[form.cid])]
                meaning.forms.append((form.text, form.slots))
                meaning.members.add(form.text)
        # A member's classes are broader forms of its meaning, weighing less (`BROADER_SHARE`):
        # `Zoloft` finds the review of "SSRIs in pregnancy", after those naming sertraline.
        classes = classes_of(conn, [k[1] for k in meanings if k[0] == "c"]) if broader else {}
        if classes:
            class_of: dict[int, int] = {}
            for member, found in classes.items():
                for head in found:
                    class_of.setdefault(head, member)
            for form in forms_of_concepts(conn, class_of):
                meaning = meanings[("c", class_of[form.cid])]
                meaning.forms.append((form.text, form.slots))
                meaning.broader.add(form.text)
        joined = learned_for_concepts(conn, [k[1] for k in meanings])
        for row in learned:
            if row.cid is None:
                if row.canon in canons:  # the long form was typed: it expands to its acronym
                    meaning = meanings.setdefault(("l", row.canon), _Meaning(row.lf))
                    meaning.forms.append((row.sf, self._learned_slots(row.sf)))
                else:  # the acronym was typed: it expands to its long form
                    meaning = meanings.setdefault(("l", row.canon), _Meaning(row.lf))
                    meaning.forms.append((row.lf, self._learned_slots(row.lf)))
        for row in joined:
            meanings[("c", row.cid)].forms.append((row.sf, self._learned_slots(row.sf)))
        return meanings

    def _learned_slots(self, text: str) -> tuple:
        return tuple(
            (t.term, t.kind, stem_keys(t.term) if t.kind == WORD else ())
            for t in tokenize(text) if not t.joined
        )

    @staticmethod
    def _form_canons(meanings_list: list[dict[Any, _Meaning]]) -> set[str]:
        canons: set[str] = set()
        for meanings in meanings_list:
            for meaning in meanings.values():
                for _, slots in meaning.forms:
                    canons.add(" ".join(t if k != WORD else ks[0] for t, k, ks in slots))
        return canons

    def _ambiguous(self, meanings_list: list[dict[Any, _Meaning]]) -> dict[str, set]:
        """Canons of the candidate expansion forms that name more than one meaning."""
        conn = self.reader.conn
        canons = self._form_canons(meanings_list)
        owners: dict[str, set] = {}
        for canon, cid in concepts_by_canon(conn, canons):
            owners.setdefault(canon, set()).add(("c", cid))
        for row in learned_by_short_form(conn, canons):
            owners.setdefault(row.sf_canon, set()).add(("c", row.cid) if row.cid else ("l", row.canon))
        return {canon: who for canon, who in owners.items() if len(who) > 1}

    def plan(self, query: Query) -> Plan:
        words = set()
        for group in query.groups:
            for clause in group:
                if isinstance(clause, Term):
                    words.update(t.term for t in tokenize(clause.text) if t.kind == WORD)
                    for piece in clause.text.split():
                        self._note_written(piece.strip(".,;:!?()[]'\""))
        self._learn_words(words)

        groups: list[list[Unit | Filter]] = []
        excluded: list[Unit | Filter] = []
        named: list[tuple[Unit, list[str], dict]] = []
        positive = [g for g in query.groups if not (len(g) == 1 and g[0].negated)]
        function = [_is_function_word(g) for g in positive]
        index = 0
        while index < len(positive):
            group = positive[index]
            run = self._run_from(positive, index)
            span = self._named_span(run) if run else None
            related = None if span else _relation_subject(group)
            if related is not None:
                positive[index] = [related]  # planned again as the word the relation qualifies
                function[index] = _is_function_word(positive[index])
                continue
            if span and span[0] > 1 and not self.concept_spans:
                span = None
            if function[index] and not all(function) and (not span or span[0] == 1):
                index += 1  # a word of the sentence, not of its subject
                continue
            if span:
                count, canons, meanings = span
                terms = [g[0] for g in positive[index:index + count]]
                unit = self._span_unit(terms)
                if count > 1:
                    self.span_texts.add(unit.text)
                named.append((unit, canons, meanings))
                groups.append([unit])
                index += count
                continue
            built = [self._operand(c, named) for c in group]
            built = [b for b in built if b is not None]
            if built:
                groups.append(built)
            index += 1
        for clause in query.negative:
            item = self._operand(clause, named, negated=True)
            if item is not None:
                excluded.append(item)
        if named:
            ambiguous = self._ambiguous([m for _, _, m in named])
            annotated = annotated_among(self.reader.conn, self._form_canons([m for _, _, m in named]))
            for unit, canons, meanings in named:
                self._annotated_phrase(unit, canons, annotated)
                self._expansions(unit, set(canons), meanings, ambiguous, annotated)
        if not groups:
            raise BadInput(
                f"Nothing to search for in '{query.text}': no word, number or filter remains.",
                hint="Use letters or digits, e.g. mia search ITP.",
            )
        self._resolve_pending()
        self._settle_broader(groups, excluded)
        return Plan(groups, excluded)

    def _settle_broader(self, groups: list[list[Unit | Filter]], excluded: list[Unit | Filter]) -> None:
        """Keep a unit's broader forms (its classes': `sertraline` → ISRS, antidépresseurs) only
        when no review holds the unit otherwise: the reviews of the class are found for a drug
        the archive never names, and never outrank or join the reviews that name it (a class's
        review held "empagliflozin" through "gliflozines" and became a whole match of
        "empagliflozin type 2 diabetics with heart disease", before the review of EMPA-REG).
        An exclusion never takes them (`-sertraline` keeps the reviews of other SSRIs)."""
        for item in excluded:
            if isinstance(item, Unit):
                item.alternatives = [alt for alt in item.alternatives if not alt.broader]
        units = [unit for group in groups for unit in group
                 if isinstance(unit, Unit) and any(alt.broader for alt in unit.alternatives)]
        if not units:
            return
        present = self.reader.present({term for unit in units for alt in unit.alternatives if not alt.broader
                                       for slot in alt.slots for term in slot.terms})
        for unit in units:
            if any(not alt.broader and all(any(term in present for term in slot.terms) for slot in alt.slots)
                   for alt in unit.alternatives):
                unit.alternatives = [alt for alt in unit.alternatives if not alt.broader]

    def _run_from(self, groups: list, start: int) -> list[Term]:
        """The terms from `start` on that may together name a concept: consecutive plain terms
        in the same field (a hyphenated word among them: `glucose-lowering drugs`), or a single
        phrase."""
        run: list[Term] = []
        for group in groups[start:start + MAX_SPAN]:
            clause = group[0]
            if len(group) != 1 or not isinstance(clause, Term):
                break
            if run and clause.field != run[0].field:
                break
            words = [t for t in tokenize(clause.text) if not t.joined]
            if clause.phrase or not words:
                if not run and words:
                    run.append(clause)
                break
            run.append(clause)
        return run

    def _named_span(self, run: list[Term]):
        """The longest leading part of `run` naming a concept or a learned acronym, with its
        canons and meanings; None when no part does."""
        conn = self.reader.conn
        spans = []
        for count in range(len(run), 0, -1):
            slots = []
            for term in run[:count]:
                slots += [(t.term, t.kind) for t in tokenize(term.text) if not t.joined]
            if slots:
                spans.append((count, self._canon_options(slots), len(slots) == 1))
        every = {c for _, canons, _ in spans for c in canons}
        singles = {c for _, canons, single in spans if single for c in canons}
        named = concepts_by_canon(conn, every)
        long_forms = learned_by_long_form(conn, every)
        short_forms = learned_by_short_form(conn, singles)
        hits = {canon for canon, _ in named} | {r.canon for r in long_forms} | {r.sf_canon for r in short_forms}
        for count, canons, single in spans:
            if any(c in hits for c in canons):
                chosen = set(canons)
                learned = [r for r in short_forms if r.sf_canon in chosen] if single else []
                learned += [r for r in long_forms if r.canon in chosen]
                # (a span whose typed words the index holds is named by some review: its classes
                # would be dropped (`_settle_broader`), so they are not read)
                typed = [t.term for term in run[:count] for t in tokenize(term.text) if not t.joined]
                broader = not all(word in self.known_words for word in typed)
                return count, canons, self._meanings(canons, [cid for canon, cid in named if canon in chosen], learned,
                                                     broader=broader)
        return None

    def _span_unit(self, terms: list[Term], *, allow_prefix: bool = True) -> Unit:
        text = " ".join(t.text for t in terms)
        fields = FIELDS.get(terms[0].field) if terms[0].field else None
        if len(terms) == 1:
            return Unit(text, self._typed_alternatives(terms[0], allow_prefix=allow_prefix), fields)
        slots = []
        for term in terms:
            slots += self._typed_alternatives(term, allow_prefix=allow_prefix)[0].slots
        apart = Alternative(slots, phrase=False, weight=APART / len(slots))
        return Unit(text, [apart, Alternative(slots, phrase=True)], fields)

    def _operand(self, clause, named: list, *, negated: bool = False) -> Unit | Filter | None:
        """A side of OR, or an exclusion: expanded like a lone term when it names a concept."""
        if isinstance(clause, Term):
            span = self._named_span([clause])
            if span:
                _, canons, meanings = span
                unit = self._span_unit([clause], allow_prefix=not negated)
                named.append((unit, canons, meanings))
                return unit
        return self._clause(clause, negated=negated)

    def _clause(self, clause, *, negated: bool = False) -> Unit | Filter | None:
        if isinstance(clause, YearFilter):
            low, high = clause.low, clause.high
            label = f"year:{low}" if low == high else f"year:{low or ''}..{high or ''}"
            return Filter(label, self.reader.years(low, high))
        if isinstance(clause, DoiFilter):
            return Filter(f"doi:{clause.value}", self.reader.dois(clause.value))
        alternatives = self._typed_alternatives(clause, allow_prefix=not negated)
        if not alternatives:
            return None
        fields = FIELDS.get(clause.field) if clause.field else None
        return Unit(clause.text, alternatives, fields)
