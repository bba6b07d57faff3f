"""The DOI services and references: asking doi.org and Crossref, and formatting citations.

Owns: the HTTP client with its etiquette, retries, rate limit and size cap (`http_client`),
DOI resolution into CSL-JSON metadata (`resolver`), CSL-JSON helpers (`csl`), citation formats:
Vancouver, BibTeX, RIS, CSL-JSON (`citation`).
Must not import: `mia.cli`, `mia.core`, `mia.store`, `mia.search`, `mia.importers`.
`requests` is imported lazily in `http_client` only: listing and searching never pay for it.
"""
