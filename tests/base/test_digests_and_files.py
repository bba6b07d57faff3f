"""The SHA-256 digests mia records (base/digests.py) are hashlib's, and temporary files
(base/files.py) are new, private and beside their target."""

from __future__ import annotations

import hashlib
import os
import random
import stat

import pytest

from mia.base.digests import sha256_hex
from mia.base.files import atomic_write_bytes, new_temp_file


def test_the_digest_is_hashlibs_for_any_bytes():
    rng = random.Random(3)
    samples = [b"", b"a", "Thrombopénie immune (TPI)".encode("utf-8")]
    samples += [rng.randbytes(rng.randint(1, 300_000)) for _ in range(20)]
    for data in samples:
        assert sha256_hex(data) == hashlib.sha256(data).hexdigest()


def test_a_temporary_file_is_new_private_and_beside_its_target(tmp_path):
    target = tmp_path / "reviews.json"
    made = set()
    for _ in range(50):
        fd, name = new_temp_file(target)
        os.close(fd)
        assert os.path.dirname(name) == str(tmp_path) and os.path.basename(name).startswith(".reviews.json.")
        assert stat.S_IMODE(os.stat(name).st_mode) & 0o077 == 0
        made.add(name)
    assert len(made) == 50


def test_a_temporary_name_never_goes_through_an_existing_file_or_link(tmp_path, monkeypatch):
    target = tmp_path / "reviews.json"
    victim = tmp_path / "victim"
    victim.write_text("kept")
    names = iter([b"\x00" * 6, b"\x00" * 6, b"\x01" * 6])
    monkeypatch.setattr(os, "urandom", lambda n: next(names))
    (tmp_path / ".reviews.json.000000000000.tmp").symlink_to(victim)
    fd, name = new_temp_file(target)
    os.close(fd)
    assert name.endswith(".010101010101.tmp") and victim.read_text() == "kept"


def test_an_atomic_write_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "sub" / "file.bin"
    atomic_write_bytes(target, b"one")
    atomic_write_bytes(target, b"two")
    assert target.read_bytes() == b"two" and os.listdir(target.parent) == ["file.bin"]


@pytest.mark.parametrize("payload", [b"", b"x" * 100_000])
def test_an_atomic_write_writes_every_byte(tmp_path, payload):
    atomic_write_bytes(tmp_path / "f", payload)
    assert (tmp_path / "f").read_bytes() == payload


def test_an_atomic_write_through_a_symbolic_link_replaces_the_file_it_points_to(tmp_path):
    shared = tmp_path / "Dropbox" / "club.json"
    shared.parent.mkdir()
    shared.write_bytes(b"old")
    link = tmp_path / "reviews.json"
    link.symlink_to(shared)
    atomic_write_bytes(link, b"new")
    assert link.is_symlink() and shared.read_bytes() == b"new" and link.read_bytes() == b"new"
