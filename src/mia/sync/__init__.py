"""Sharing a store with the club through a git remote: `mia sync` and `mia conflicts`.

The remote holds one Markdown file per review (`layout.py`); a sync fetches it, merges review by
review and field by field against the last synced commit (`merge.py`, `plan.py`), pushes one
commit signed by the member, then writes the store through its own operations so the search
index follows (`apply.py`). `engine.py` runs it; `git.py` is the only code that runs git.

Owns: the remote's layout, the merge, the git work, the sync's own state beside the store.
Must not import: `mia.cli`, `mia.search`, `mia.doi` (it writes through the store it is handed).

Public API (what the CLI calls): `sync(store, remote=None, status=False, progress=None) -> SyncReport`
(`progress(step, done, total)`: the step's name, total None when it cannot be counted),
`unsettled_conflicts(store)`, `accept_conflict(store, review_id)`; `how_to_name(repository)` and `MIA_USER_EXAMPLE`:
how a member sets the name their changes are signed with (`engine.member_identity` decides it).
"""

from mia.sync.conflicts import accept_conflict, unsettled_conflicts
from mia.sync.engine import MIA_USER_EXAMPLE, how_to_name, sync
from mia.sync.report import SyncReport

__all__ = ["sync", "SyncReport", "unsettled_conflicts", "accept_conflict", "how_to_name", "MIA_USER_EXAMPLE"]
