"""The model: what a review is, as plain data, and the pure rules about its parts.

Owns: `Review`, `Article`, `Section` and their validation (`review`), review ids (`ids`), DOIs:
finding, normalising, comparing (`doi`), journal names and their NLM abbreviations (`journals`).
Must not import any other part of mia but `mia.base.errors`; no I/O.
"""
