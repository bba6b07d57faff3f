"""What `mia doctor`'s quick check needs of one store file, in a form a worker process sends back.

Reading and parsing the files is nearly all of the quick check's time: at 100,000 bench reviews,
101 files and 370 MB of JSON, `orjson.loads` 2.6 s of a 4.3 s check (profiled; 2.8-3 s unprofiled,
the target being 3 s). A file's summary is small (its counts, the ids of the records in their
place, the few records that are not), so a store of many files is read on worker processes
(`mia.base.workers`), a file a task, and the records stay there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mia.base.errors import StoreError
from mia.store.json_file import META, parse_store_bytes
from mia.store.layout import SHARD_SIZE
from mia.store.shards import REVIEWS, TRASH, is_one_file


def placed_and_odd(records: dict[str, Any], shard: int, one_file: bool) -> tuple[list[str], list[tuple[str, Any]]]:
    """The ids of a table's records plainly in their place (an object whose id is
    `mia_review_<its key>`, in the file of its number), found at C speed, and the others as
    (key, record) pairs: they are looked at one by one (`doctor._check_placement`)."""
    placed = [key for key, record in records.items()
              if type(record) is dict and record.get("id") == "mia_review_" + key and key.isdigit()
              and key[0] != "0" and (one_file or int(key) // SHARD_SIZE == shard)]
    ids = ["mia_review_" + key for key in placed]
    if len(placed) == len(records):
        return ids, []
    placed_keys = set(placed)
    return ids, [(key, record) for key, record in records.items() if key not in placed_keys]


def file_summary(item: tuple[int, str], every_record: bool = False) -> dict[str, Any]:
    """What the quick check needs of the store file `item` = (shard, path): whether it exists,
    the message of the error that keeps it from being read, whether it is a schema 1 store file
    (`one_file`, shard 0 only), whether it has its `_meta` table, and per table the number of
    records, the ids of those in their place and the others (`placed_and_odd`), or with
    `every_record` (the deep check, in process) no id and every record."""
    shard, name = item
    path = Path(name)
    if not path.exists():
        return {"exists": False, "error": None, "one_file": False, "meta": False, "tables": {}}
    try:
        tables = parse_store_bytes(path.read_bytes(), path)
    except StoreError as error:
        return {"exists": True, "error": error.message, "one_file": False, "meta": False, "tables": {}}
    one_file = shard == 0 and is_one_file(tables)
    tables = tables or {}
    found = {}
    for table in (REVIEWS, TRASH):
        records = tables.get(table, {})
        ids, looked_at = ([], list(records.items())) if every_record else placed_and_odd(records, shard, one_file)
        found[table] = (len(records), ids, looked_at)
    return {"exists": True, "error": None, "one_file": one_file, "meta": bool(tables.get(META)), "tables": found}
