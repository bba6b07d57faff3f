"""A search from query text to hits: parse, make sure the index is fresh, plan, rank, describe."""

from __future__ import annotations

from mia.base.sqlite import sqlite3
from mia.base.errors import BadInput
from mia.search.fields import FIELD_NAMES, SHOWN_JOURNAL
from mia.search.records import IndexUnusable
from mia.search.freshness import open_current
from mia.search.plan import EXACT, FUNCTION_WORDS, Planner, Slot, Unit
from mia.search.query import Query, parse_query
from mia.search.records import decode_record, record_dictionary, unpack
from mia.search.reader import IndexReader
from mia.search.results import Hit, SearchResult
from mia.search.scoring import Scorer
from mia.search.snippets import best_snippet
from mia.lexicon.files import parse_line
from mia.search.analysis import tokenize
from mia.search.lexicon_index import (class_members, classes_of, concept_labels, concepts_by_canon,
                                      learned_by_long_form, learned_by_short_form)


def run_search(store, query: str, limit: int = 10, *, all_words: bool = False, passages: bool = True) -> SearchResult:
    """The best `limit` reviews for `query`. Unless `all_words`, a query that no review matches
    in full falls back to the reviews matching most of its words (see scoring.py's soft AND).
    Without `passages`, the hits have no snippet and no key results (their records are not
    read): for a caller that wants every match's id and titles only (`mia forest`)."""
    if limit < 1:
        raise BadInput(f"--limit must be at least 1, not {limit}.")
    return _on_fresh_index(store, lambda conn: search_index(conn, parse_query(query), limit, strict=all_words,
                                                          passages=passages), mapped=passages)


def matching_reviews(store, query: str) -> list[int]:
    """The numbers of the reviews matching every part of `query`, in number order."""
    def matching(conn: sqlite3.Connection) -> list[int]:
        reader = IndexReader(conn)
        candidates, _ = Scorer(reader, Planner(reader).plan(parse_query(query)), strict=True).run()
        return sorted(candidates)

    return _on_fresh_index(store, matching)


def _on_fresh_index(store, work, *, mapped: bool = False):
    """`work(conn)` on an index matching the store; an index found unusable on the way is
    rebuilt, and the work done once more. `mapped`: see `freshness.open_current`."""
    for attempt in (1, 2):
        # The index first: an unusable store (exit 4) is reported before a malformed query.
        conn = open_current(store, mapped=mapped) or _open_fresh(store)
        try:
            return work(conn)
        except (IndexUnusable, sqlite3.DatabaseError):
            if attempt == 2:
                raise
        finally:
            conn.close()
        from mia.search.maintenance import rebuild

        rebuild(store)
    raise AssertionError("unreachable")


def _open_fresh(store) -> sqlite3.Connection:
    """The index brought up to date first (rebuilt, or its lexicon refreshed): the upkeep's
    machinery is imported only then."""
    from mia.search.maintenance import open_fresh

    return open_fresh(store)


def search_index(conn: sqlite3.Connection, parsed: Query, limit: int, *, suggestions: bool = True,
                 strict: bool = True, passages: bool = True) -> SearchResult:
    reader = IndexReader(conn)
    planner = Planner(reader)
    plan = planner.plan(parsed)
    scorer = Scorer(reader, plan, strict=strict)
    ranked, total = scorer.top(limit)
    best_misses_a_span = bool(ranked and scorer.partial is not None and planner.span_texts & set(ranked[0].missing))
    if not strict and planner.span_texts and (total == 0 or best_misses_a_span):
        # Words typed together name a concept no review names ("paludisme cérébral": cerebral
        # malaria), or that the best partial match misses ("injection to stop asthma attacks"
        # over a review of "exacerbations" of "asthme"): the reviews holding most of its words,
        # as for any query (soft AND), when they hold a larger share of the query.
        words_plan, words_scorer, words_ranked, words_total = _soft_ranking(reader, parsed, limit, concept_spans=False)
        if total == 0 or (words_total and _words_share(words_scorer, words_ranked) > _words_share(scorer, ranked)):
            plan, scorer, ranked, total = words_plan, words_scorer, words_ranked, words_total
    if not strict and scorer.partial is not None and _concept_held_nowhere(plan, scorer):
        # A concept of the query no review names with one of its forms of several words
        # ("Shingrix": vaccin contre le zona), in a partial match: the reviews holding a form's
        # words apart ("Zona : un vaccin adjuvanté") hold it too, when that makes the best
        # reviews hold more of the query.
        apart_plan, apart_scorer, apart_ranked, apart_total = _soft_ranking(reader, parsed, limit, forms_apart=True)
        if apart_total and _held_share(apart_scorer) > _held_share(scorer):
            plan, scorer, ranked, total = apart_plan, apart_scorer, apart_ranked, apart_total
    apart = False
    if total == 0 and not strict and planner.phrased_forms:
        # No review writes any form of the concept typed (`AECOPD`): the reviews holding the words
        # of one of its forms apart ("exacerbations" … "BPCO"), said so (`SearchResult.apart`).
        plan, scorer, ranked, total = _soft_ranking(reader, parsed, limit, forms_apart=True)
        apart = total > 0
    docs = reader.docs((r.num for r in ranked), records=passages)
    dictionary = record_dictionary(conn) if passages and ranked else b""
    hits = []
    for item in ranked:
        review_id, year, summary_blob, record_blob = docs[item.num]
        summary = unpack(summary_blob)
        record = decode_record(record_blob, dictionary) if passages else {}
        snippet, spans = best_snippet(record, item.patterns) if passages else ("", [])
        article = summary.get("article") or {}
        hits.append(Hit(
            id=review_id,
            score=item.score,
            title=summary.get("title") or "",
            snippet=snippet,
            spans=spans,
            fields=[FIELD_NAMES[f] for f in sorted(item.fields)],
            journal=summary.get(SHOWN_JOURNAL, ""),
            year=year,
            routes=item.routes,
            article_title=article.get("title") or "",
            matched=item.matched,
            missing=item.missing,
            key_results=record.get("key_results"),
        ))
    result = SearchResult(parsed.text, hits, total, reviews=reader.doc_count)
    result.apart = apart
    if scorer.partial is not None:
        result.partial = (scorer.partial.best, scorer.partial.groups)
    if scorer.whole is not None and scorer.whole < total:
        result.whole = scorer.whole
    for group in plan.groups:
        for unit in group:
            if isinstance(unit, Unit) and unit.ambiguous:
                result.meanings[unit.text] = [label for label in unit.meanings.values() if label]
    if suggestions and (total == 0 or result.partial is not None):
        # Nothing found, or a partial match missing a word no review holds (a typo, likely):
        # the corrected queries that find reviews holding every word.
        unmatched = _unmatched_words(plan, scorer, whole_units=total > 0)
        if unmatched:
            from mia.search.suggest import suggest

            share = _held_share(scorer) if total else None

            def count(text: str, corrections: list[str]) -> int:
                """The reviews a corrected query finds, when its best hold as large a share of it
                as this one's (all of it when this one found nothing: `andexenet intracerebral
                hemorrhage octogenarians`, where no review holds the three corrected words
                either, is corrected; so is `rituxinab xylophonique`, which nothing matched) and
                one of them holds the corrections (else it finds nothing the typed query did not)."""
                try:
                    found = search_index(conn, parse_query(text), CORRECTION_HITS, suggestions=False,
                                         strict=False, passages=False)
                except BadInput:
                    return 0
                if found.partial is None:
                    return found.total
                if share is not None and _share(*found.partial) < share:
                    return 0
                return found.total if any(_holds(hit, corrections) for hit in found.hits) else 0

            result.suggestions = suggest(reader, parsed, unmatched, count)
    if suggestions and total == 0 and not result.suggestions:
        from mia.search.advice import no_match_advice

        result.advice = no_match_advice(conn, reader, parsed)
    return result


#: The best reviews of a corrected query one of which must hold its corrections.
CORRECTION_HITS = 5


def _holds(hit: Hit, corrections: list[str]) -> bool:
    """Whether `hit` holds every corrected word (none is among the words it misses)."""
    missing = {word.casefold() for text in hit.missing for word in text.split()}
    return not any(correction.casefold() in missing for correction in corrections)


def _soft_ranking(reader: IndexReader, parsed: Query, limit: int, **planning) -> tuple:
    """(plan, scorer, the `limit` best, how many match) of the query planned another way
    (`Planner`'s `concept_spans`, `forms_apart`), ranked with soft AND: a fallback's ranking."""
    plan = Planner(reader, **planning).plan(parsed)
    scorer = Scorer(reader, plan, strict=False)
    ranked, total = scorer.top(limit)
    return plan, scorer, ranked, total


def _words_share(scorer: Scorer, ranked: list) -> float:
    """The largest share of the query's typed words a ranked review holds: 1 unless soft AND ranked
    them. Plans grouping the words otherwise (a concept of two words as one group, or its words
    apart) compare so: `kidney stone pills` held as "kidney stone" by a review of ureteric stones
    is 2 of 3 words, as "kidney" and "pills" by a review of COVID pills too (counted in groups, 1
    of 2 against 2 of 3, the pills won). Function words are not counted (the "to" of "head to
    head", which the words' plan leaves out)."""
    if scorer.partial is None or not ranked:
        return 1.0

    def words(texts: list[str]) -> int:
        return sum(1 for text in texts for word in text.split() if word.casefold() not in FUNCTION_WORDS)

    return max(words(item.matched) / max(words(item.matched) + words(item.missing), 1) for item in ranked)


def _held_share(scorer: Scorer) -> float:
    """The share of the query's groups the best reviews hold: 1 unless a soft AND ranked them."""
    partial = scorer.partial
    return 1.0 if partial is None else _share(partial.best, partial.groups)


def _share(best: int, groups: list) -> float:
    """`best` groups held of a partial match's `groups` (`Partial`, `SearchResult.partial`)."""
    return best / max(len(groups), 1)


def _concept_held_nowhere(plan, scorer: Scorer) -> bool:
    """Whether a unit of the plan that the lexicon expanded into forms of several words is held
    by no review (its words may still stand apart in one)."""
    return any(isinstance(unit, Unit)
               and any(alt.route and len(alt.highlight or alt.slots) > 1 for alt in unit.alternatives)
               and not scorer.unit_holds_any(unit)
               for group in plan.groups for unit in group)


def _unmatched_words(plan, scorer: Scorer, *, whole_units: bool) -> set[str]:
    """The typed words of the plan's units that no review holds: of every unit (`whole_units`
    false: nothing matched), or of the units none of whose alternatives any review holds (a
    partial match: `myélome daratumumb`, where a review holds myélome and none daratumumb).
    When nothing matched, a word no review holds as typed counts too, though some hold a word
    sharing its stem (`nice-suger`: "suggéraient")."""
    unmatched: set[str] = set()
    for group in plan.groups:
        for unit in group:
            if not isinstance(unit, Unit):
                continue
            # (whether a review holds a slot, not its scores nor its reviews: `rituximab
            # xylophonique` at 100,000 reviews scored every review of rituximab here, ~20 ms, then
            # gathered them, 3 ms)
            if whole_units and any(scorer.slot_count(slot, unit.fields)
                                   for alt in unit.alternatives for slot in alt.slots):
                continue
            for alt in unit.alternatives[:1]:
                for slot in alt.slots:
                    if not scorer.slot_count(slot, unit.fields) or (
                            not whole_units and not scorer.slot_count(_as_typed(slot), unit.fields)):
                        unmatched.add(slot.typed)
    return unmatched


def _as_typed(slot: Slot) -> Slot:
    """The slot's terms as typed (exact), without those sharing a stem or a prefix with it."""
    return Slot(slot.typed, {term: level for term, level in slot.terms.items() if level == EXACT})


def lexicon_entries(store, term: str) -> dict:
    """What `term` names: lexicon concepts (with their columns and where they are defined) and
    acronyms the reviews define (with the reviews)."""
    slots = [(t.term, t.kind) for t in tokenize(term) if not t.joined]
    if not slots:
        raise BadInput(f"'{term}' has no word to look up.")
    conn = open_current(store) or _open_fresh(store)
    try:
        reader = IndexReader(conn)
        planner = Planner(reader)
        planner._learn_words({t for t, k in slots if k == "w"})
        canons = planner._canon_options(slots)
        cids = list(dict.fromkeys(cid for _, cid in concepts_by_canon(conn, canons)))
        concepts = []
        members, classes = class_members(conn, cids), classes_of(conn, cids)
        labels = concept_labels(conn, [c for found in (*members.values(), *classes.values()) for c in found])
        for cid in cids:
            label, source, line = conn.execute(
                "SELECT label, source, line FROM lex_concepts WHERE cid = ?", (cid,)
            ).fetchone()
            concepts.append({"label": label, "source": source, "columns": parse_line(line) or {},
                             "members": [labels[m] for m in members.get(cid, []) if m in labels],
                             "classes": [labels[c] for c in classes.get(cid, []) if c in labels]})
        rows = learned_by_short_form(conn, canons) if len(slots) == 1 else []
        rows += learned_by_long_form(conn, canons)
        learned = []
        for row in rows:
            ids = [i for (i,) in conn.execute(
                "SELECT DISTINCT d.id FROM learned AS l JOIN docs AS d ON d.num = l.num "
                "WHERE l.sf_canon = ? AND l.canon = ? ORDER BY d.num", (row.sf_canon, row.canon),
            )]
            learned.append({"short": row.sf, "long": row.lf, "reviews": ids})
        return {"term": term, "concepts": concepts, "learned": learned}
    finally:
        conn.close()
