"""The base every part of mia stands on: nothing here knows what a review is.

Owns: the errors and exit statuses (`errors`), the environment variables that are flags
(`environment`), atomic file writes (`files`), and the one control-character policy (`controls`).
Must not import any other part of mia.
"""
