"""The base every part of mia stands on: nothing here knows what a review is.

Owns: the errors and exit statuses (`errors`), the environment variables that are flags
(`environment`), atomic file writes (`files`), the one control-character policy (`controls`),
several things named in one sentence (`phrases`: "a, b and c"), work spread over worker
processes (`workers`), regular expressions compiled once per installation (`patterns`) and
mia's modules loaded from one file of compiled code (`module_cache`, installed by
`mia/__init__.py`).
Must not import any other part of mia.
"""
