"""The lexicon: the medical concepts and the words of trials, named in French and English.

Owns: the shipped data files (`medical.txt`: diseases, drugs, tests, procedures…; `trials.txt`:
the vocabulary in which trials are reported, when present), their line format, the user's own
`lexicon.txt`, and where those files are (`files`). How the lists were built: README.md here.
Must not import any other part of mia but `mia.base`: the importers (ligature repair) and the
search both read it; what a form means to the search (stems, canons) is `mia.search.lexicon`'s.
"""
