"""The store: the only truth of mia, reviews and trash in TinyDB's JSON format.

Owns: the store's files and their layout (`layout`, `shards`), reading and atomic writing of one
file (`json_file`), the inter-process write lock (`lock`), the `Store` itself with its history and
backups (`review_store`), the reading commands' light view of it (`view`), and TinyDB's `Storage`
for scripts (`tinydb_storage`).
Must not import: `mia.cli`, `mia.core`, `mia.importers`, `mia.doi`, `mia.search`, `mia.sync`,
`mia.evidence` (it knows records, not how they are parsed, resolved, indexed or shown).
This file stays empty of imports: `mia.store.layout` is read on every command's start.
"""
