"""The base every part of mia stands on: nothing here knows what a review is.

Owns: the errors and exit statuses (`errors`), the environment variables that are flags
(`environment`), atomic file writes (`files`), the one control-character policy (`controls`),
work spread over worker processes (`workers`) and regular expressions compiled once per
installation (`patterns`).
Must not import any other part of mia.
"""
