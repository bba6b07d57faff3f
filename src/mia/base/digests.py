"""SHA-256 of a file's bytes or a text, without OpenSSL's start-up.

`hashlib` loads OpenSSL's library when imported (~2.5 ms of every `mia add`, which hashes one
source file of a few kilobytes). CPython's own implementation of SHA-256 (`_sha2` since 3.12,
`_sha256` before) gives the same digests with no start-up cost; `hashlib`'s is used where
neither is there. Large data (a PDF kept beside its review: `store.attachments`) keeps
`hashlib`, faster per byte.
"""

from __future__ import annotations

try:
    from _sha2 import sha256 as _sha256  # CPython 3.12 and later
except ImportError:
    try:
        from _sha256 import sha256 as _sha256  # CPython 3.10, 3.11
    except ImportError:
        from hashlib import sha256 as _sha256


def sha256_hex(data: bytes) -> str:
    """The SHA-256 digest of `data`, in hexadecimal (as `hashlib.sha256(data).hexdigest()`)."""
    return _sha256(data).hexdigest()
