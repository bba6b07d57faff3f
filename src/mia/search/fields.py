"""The fields a review is searched in: their ids, names and weights (BM25F).

Fields, in the order of their ids (the ids are stored in the index: append, never reorder):
the review's title, its keywords, the article's title, the section headings (each followed by
the names of its role: `section:résultats` finds "Main results"), the section texts, the people
(the review's authors and the article's), and the journal. Their weights follow BM25F: what the
reviewer chose as title and keywords says most about a review, the article title next, then the
text. What goes into each field is `documents.py`, which only the index's writes import.
"""

TITLE, KEYWORDS, ARTICLE_TITLE, HEADINGS, BODY, AUTHORS, JOURNAL = range(7)
FIELD_NAMES = ("title", "keywords", "article_title", "headings", "sections", "authors", "journal")
FIELD_COUNT = len(FIELD_NAMES)
FIELD_WEIGHTS = (4.0, 3.5, 2.5, 1.5, 1.0, 2.0, 1.0)
FIELD_B = (0.5, 0.5, 0.5, 0.5, 0.75, 0.3, 0.3)
MAX_SHORT = 65535  # lengths, term frequencies and positions are stored as 16-bit integers

#: The key of a review's summary (what `cached_records` gives a list) holding its article's journal
#: as a list row and a search hit show it (`model.journals.article_journal`, worked out at indexing:
#: a search does not import the journal names, a list does not work them out per row).
SHOWN_JOURNAL = "shown_journal"
