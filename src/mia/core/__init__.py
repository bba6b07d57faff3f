"""The core: one function per user operation, usable from Python without the CLI.

Owns: adding files (with their DOI resolution), reading, listing, removing and restoring
(`library`), guided entry and editing (`authoring`), the new reviews written and not added
yet whose ids a new review passes over (`waiting`), resolving DOIs of stored reviews
(`resolution`), export (`export`), versions and diffs (`versions`), the store's check-up
(`doctor`).
Must not import: `mia.cli` (nothing here prints; errors are `mia.base.errors.MiaError`s).
"""
