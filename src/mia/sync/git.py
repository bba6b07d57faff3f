"""The `git` program, run as a subprocess: the only way mia talks to a remote.

Why the git program and not a Python library: it brings every transport a club may use (a
folder, SSH, HTTPS with the member's credential helper) and mia stores no password; it is
installed wherever members already share files with git; and mia needs no new dependency.
Everything is plumbing (`ls-remote`, `fetch`, `ls-tree`, `diff --name-status`, `cat-file
--batch`, `hash-object`, `update-index`, `write-tree`, `commit-tree`, `push`) on a *bare*
repository of mia's own: there is no working tree to leave half-written when a sync is killed.

Each command runs with `GIT_TERMINAL_PROMPT=0` (git never waits for a password nobody will type),
stdin closed, and a limit on *silence* (`MIA_SYNC_TIMEOUT`, seconds, default 120): a command
that writes nothing for that long is stopped, its whole process group killed (git's helpers,
such as ssh, with it). Fetch and push run with `--progress`, so a long transfer that moves
(the first sync of 100,000 reviews sends ~600 MB) is never cut, while a remote that hangs is.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from mia.base.errors import BadInput, MiaError, ServiceError

DEFAULT_TIMEOUT = 120.0
ZERO = "0" * 40
#: The branch mia keeps the club's reviews on.
BRANCH = "main"
REMOTE_REF = "refs/mia/remote"
BASE_REF = "refs/mia/base"


class GitFailed(MiaError):
    """A local git command failed (the local repository is damaged, the disk is full…)."""

    exit_code = 4


@dataclass
class Identity:
    name: str
    email: str
    #: Where the name was found (`engine.member_identity`): "MIA_USER" or "git" (user.name, user.email).
    source: str = ""

    def environ(self) -> dict[str, str]:
        return {
            "GIT_AUTHOR_NAME": self.name, "GIT_AUTHOR_EMAIL": self.email,
            "GIT_COMMITTER_NAME": self.name, "GIT_COMMITTER_EMAIL": self.email,
        }


def timeout_seconds() -> float:
    try:
        return max(1.0, float(os.environ.get("MIA_SYNC_TIMEOUT", DEFAULT_TIMEOUT)))
    except ValueError:
        return DEFAULT_TIMEOUT


def find_git() -> str:
    """The git program's path; BadInput (exit 2) saying to install it when there is none."""
    found = shutil.which("git")
    if found is None:
        raise BadInput(
            "mia sync needs the git program, and it is not installed (or not on PATH).",
            hint="Install git (https://git-scm.com/downloads, or your system's package manager), then run mia sync again.",
        )
    return found


def local_path(url: str) -> Path | None:
    """The folder a remote address names, or None for a URL (`https://…`, `ssh://…`) or an
    scp-like `host:path` (git's own rule: a colon before any slash)."""
    if "://" in url:
        return None
    colon, slash = url.find(":"), url.find("/")
    drive = colon == 1 and url[0].isalpha()  # C:\\… on Windows
    if colon > 0 and (slash == -1 or colon < slash) and not drive:
        return None
    return Path(url).expanduser()


class Repo:
    """mia's bare repository beside the store, and the commands run on it."""

    def __init__(self, git_dir: Path, program: str | None = None) -> None:
        self.git_dir = Path(git_dir)
        self.program = program or find_git()

    # -- running ---------------------------------------------------------------------------------
    def _environ(self, extra: dict[str, str] | None) -> dict[str, str]:
        env = dict(os.environ)
        env.update({"GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_DIR": str(self.git_dir)})
        for name in ("GIT_INDEX_FILE", "GIT_WORK_TREE", "GIT_OBJECT_DIRECTORY"):
            env.pop(name, None)
        if extra:
            env.update(extra)
        return env

    def run(
        self, *args: str, input: bytes | None = None, env: dict[str, str] | None = None, check: bool = True
    ) -> subprocess.CompletedProcess:
        """Run `git ARGS` on the repository; GitFailed when `check` and it fails."""
        command = [self.program, *args]
        try:
            process = subprocess.Popen(
                command, stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self._environ(env),
                start_new_session=True,
            )
        except OSError as error:
            raise BadInput(f"The git program could not be started ({error.strerror or error}).") from None
        try:
            out, err = _communicate(process, input, timeout_seconds())
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise ServiceError(
                f"git {args[0]} made no progress for {timeout_seconds():g} s and was stopped.",
                hint="Check the network and the remote's address; MIA_SYNC_TIMEOUT sets the limit.",
            ) from None
        except BaseException:
            _kill_group(process)
            raise
        result = subprocess.CompletedProcess(command, process.returncode, out, err)
        if check and result.returncode != 0:
            raise GitFailed(f"git {args[0]} failed in {self.git_dir}: {last_line(err)}")
        return result

    def text(self, *args: str, **kwargs) -> str:
        return self.run(*args, **kwargs).stdout.decode("utf-8", "surrogateescape")

    # -- the repository ---------------------------------------------------------------------------
    def ensure(self) -> None:
        """Create the bare repository if it is not there yet."""
        if (self.git_dir / "HEAD").is_file():
            return
        self.git_dir.mkdir(parents=True, exist_ok=True)
        self.run("init", "--bare", "--quiet", f"--initial-branch={BRANCH}", str(self.git_dir))

    def clear_stale_locks(self) -> None:
        """Remove the `*.lock` files a git killed mid-command leaves in mia's repository (they
        would make every later fetch fail). Only called under the sync lock: no other mia uses
        this repository meanwhile, and its refs can always be fetched again."""
        for folder in (self.git_dir, self.git_dir / "refs"):
            if not folder.is_dir():
                continue
            found = folder.glob("*.lock") if folder == self.git_dir else folder.rglob("*.lock")
            for lock in found:
                lock.unlink(missing_ok=True)

    def resolve(self, ref: str) -> str | None:
        result = self.run("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
        return (result.stdout.decode().strip() or None) if result.returncode == 0 else None

    def has_commit(self, commit: str) -> bool:
        return self.run("cat-file", "-e", f"{commit}^{{commit}}", check=False).returncode == 0

    def is_ancestor(self, older: str, newer: str) -> bool:
        return self.run("merge-base", "--is-ancestor", older, newer, check=False).returncode == 0

    def merge_base(self, one: str, other: str) -> str | None:
        result = self.run("merge-base", one, other, check=False)
        return (result.stdout.decode().strip() or None) if result.returncode == 0 else None

    def set_ref(self, ref: str, commit: str) -> None:
        self.run("update-ref", ref, commit)

    def config_get(self, key: str) -> str:
        result = self.run("config", "--get", key, check=False)
        return result.stdout.decode("utf-8", "replace").strip() if result.returncode == 0 else ""

    # -- reading trees and blobs -----------------------------------------------------------------
    def top_entries(self, commit: str) -> dict[str, str]:
        """The names at the top of a commit's tree, each with its type (blob, tree)."""
        entries = {}
        for line in self.text("ls-tree", "-z", commit).split("\0"):
            if line:
                meta, name = line.split("\t", 1)
                entries[name] = meta.split(" ")[1]
        return entries

    def files(self, commit: str | None, *folders: str) -> dict[str, str]:
        """path → blob id of every file under `folders` in a commit ({} for None)."""
        if commit is None:
            return {}
        found = {}
        output = self.text("ls-tree", "-r", "-z", "--full-tree", commit, "--", *folders)
        for line in output.split("\0"):
            if line:
                meta, path = line.split("\t", 1)
                mode, kind, blob = meta.split(" ")
                if kind == "blob":
                    found[path] = blob
        return found

    def changed_paths(self, old: str, new: str, *folders: str) -> list[str]:
        """Paths whose file differs between two commits (`git diff --name-status`), renames as
        a removal and an addition."""
        output = self.text("diff", "--name-status", "--no-renames", "-z", old, new, "--", *folders)
        parts = [part for part in output.split("\0")]
        return [parts[i + 1] for i in range(0, len(parts) - 1, 2) if parts[i]]

    def file_authors(self, since: str | None, tip: str, paths: list[str], limit: int) -> list[tuple[str, str]]:
        """(author's name, blob) of each of the last `limit` commits after `since` (all, for None)
        up to `tip` that changed one of `paths`, newest first; the blob is the one the commit left
        at one of them ("" if it removed them all)."""
        span = f"{since}..{tip}" if since else tip
        output = self.text("log", "--no-renames", "--raw", "--no-abbrev", "--format=%x01%an", f"-n{limit}", span, "--", *paths)
        found: list[tuple[str, str]] = []
        for line in output.splitlines():
            if line.startswith("\x01"):
                found.append((line[1:].strip(), ""))
            elif line.startswith(":") and found:
                meta = line.split("\t", 1)[0].split(" ")
                if len(meta) >= 4 and meta[3].strip("0"):
                    found[-1] = (found[-1][0], meta[3])
        return found

    def read_blobs(self, blobs: list[str]) -> dict[str, bytes]:
        """The content of each blob, with one `git cat-file --batch`."""
        if not blobs:
            return {}
        wanted = list(dict.fromkeys(blobs))
        out = self.run("cat-file", "--batch", input=("\n".join(wanted) + "\n").encode()).stdout
        contents, position = {}, 0
        for blob in wanted:
            end = out.index(b"\n", position)
            header = out[position:end].decode().split(" ")
            if len(header) < 3 or header[1] == "missing":
                raise GitFailed(f"The local git repository {self.git_dir} lacks the file {blob}.")
            size = int(header[2])
            contents[blob] = out[end + 1:end + 1 + size]
            position = end + 1 + size + 1
        return contents

    # -- writing -----------------------------------------------------------------------------------
    def write_blobs(self, contents: list[bytes], scratch: Path) -> list[str]:
        """Store each content as a blob (one `git hash-object -w --stdin-paths`); their ids."""
        if not contents:
            return []
        scratch.mkdir(parents=True, exist_ok=True)
        paths = []
        for number, content in enumerate(contents):
            path = scratch / f"{number}.md"
            path.write_bytes(content)
            paths.append(str(path))
        try:
            out = self.text("hash-object", "-w", "--no-filters", "--stdin-paths", input=("\n".join(paths) + "\n").encode())
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        return out.split()

    def commit_tree(
        self, parent: str | None, changes: dict[str, str | None], message: str, identity: Identity, index: Path
    ) -> str:
        """A commit whose tree is `parent`'s with `changes` (path → blob id, None to delete)."""
        env = {"GIT_INDEX_FILE": str(index)}
        index.unlink(missing_ok=True)
        try:
            if parent is None:
                self.run("read-tree", "--empty", env=env)
            else:
                self.run("read-tree", parent, env=env)
            lines = [
                f"0 {ZERO}\t{path}" if blob is None else f"100644 {blob}\t{path}" for path, blob in sorted(changes.items())
            ]
            self.run("update-index", "-z", "--index-info", input="\0".join(lines).encode() + b"\0", env=env)
            tree = self.text("write-tree", env=env).strip()
        finally:
            index.unlink(missing_ok=True)
        parents = ["-p", parent] if parent else []
        return self.text("commit-tree", tree, *parents, input=message.encode("utf-8"), env=identity.environ()).strip()

    # -- the network ------------------------------------------------------------------------------
    def _network_env(self, url: str) -> dict[str, str] | None:
        """For an SSH remote, SSH in batch mode (a password prompt would wait forever), unless the
        member chose their own SSH command (GIT_SSH_COMMAND, GIT_SSH, core.sshCommand)."""
        if url.startswith(("http://", "https://", "file://", "git://")) or local_path(url) is not None:
            return None
        if "GIT_SSH_COMMAND" in os.environ or "GIT_SSH" in os.environ or self.config_get("core.sshCommand"):
            return None
        return {"GIT_SSH_COMMAND": "ssh -o BatchMode=yes"}

    def remote_heads(self, url: str) -> dict[str, str]:
        """Branch name → commit id on the remote (`git ls-remote --heads`); ServiceError (exit 3)
        when it cannot be reached or refuses us."""
        result = self.run("ls-remote", "--heads", url, check=False, env=self._network_env(url))
        if result.returncode != 0:
            raise unreachable(url, result.stderr)
        heads = {}
        for line in result.stdout.decode("utf-8", "replace").splitlines():
            if "\t" in line:
                commit, ref = line.split("\t", 1)
                heads[ref.removeprefix("refs/heads/")] = commit
        return heads

    def fetch(self, url: str, branch: str, ref: str) -> str:
        """Fetch the remote's `branch` into `ref`; the commit id."""
        result = self.run(
            "fetch", "--progress", "--no-tags", "--no-write-fetch-head", url, f"+refs/heads/{branch}:{ref}",
            check=False, env=self._network_env(url),
        )
        if result.returncode != 0:
            raise unreachable(url, result.stderr)
        commit = self.resolve(ref)
        if commit is None:
            raise GitFailed(f"git fetch from {url} gave no commit.")
        return commit

    def push(self, url: str, commit: str, branch: str = BRANCH) -> bool:
        """Push `commit` as the remote's `branch`, never forced: True when it landed, False when
        the remote moved meanwhile (a push race: fetch and merge again)."""
        result = self.run("push", "--porcelain", "--progress", url, f"{commit}:refs/heads/{branch}", check=False, env=self._network_env(url))
        if result.returncode == 0:
            return True
        report = result.stdout.decode("utf-8", "replace") + result.stderr.decode("utf-8", "replace")
        if re.search(r"\[rejected\]|non-fast-forward|fetch first|\[remote rejected\].*(failed to lock|cannot lock)", report):
            return False
        raise unreachable(url, result.stderr, pushing=True)


def _communicate(process: subprocess.Popen, input: bytes | None, silence: float) -> tuple[bytes, bytes]:
    """Like `Popen.communicate`, but the time limit counts from the process's last output (on
    stdout or stderr), not from its start: TimeoutExpired after `silence` seconds of nothing."""
    outputs: dict[str, list[bytes]] = {"out": [], "err": []}
    last = [time.monotonic()]

    def pump(stream, sink: list[bytes]) -> None:
        for chunk in iter(lambda: stream.read1(65536), b""):
            sink.append(chunk)
            last[0] = time.monotonic()
        stream.close()

    def feed() -> None:
        try:
            process.stdin.write(input)
            process.stdin.close()
        except OSError:  # git stopped reading: its exit status says why
            pass

    threads = [threading.Thread(target=pump, args=(process.stdout, outputs["out"]), daemon=True),
               threading.Thread(target=pump, args=(process.stderr, outputs["err"]), daemon=True)]
    if input is not None:
        threads.append(threading.Thread(target=feed, daemon=True))
    for thread in threads:
        thread.start()
    while True:
        try:
            process.wait(timeout=min(0.5, silence))
            break
        except subprocess.TimeoutExpired:
            if time.monotonic() - last[0] > silence:
                raise
    for thread in threads:
        thread.join()
    return b"".join(outputs["out"]), b"".join(outputs["err"])


def unreachable(url: str, stderr: bytes, *, pushing: bool = False) -> ServiceError:
    doing = "send to" if pushing else "reach"
    return ServiceError(
        f"mia could not {doing} the remote {url} ({last_line(stderr)}); the store is unchanged, run mia sync again later."
    )


#: git's progress lines (`--progress`), which say nothing of why a command failed.
_PROGRESS = re.compile(r"(remote: )?(Enumerating|Counting|Compressing|Writing|Receiving|Resolving|Unpacking|"
                       r"Delta compression|Total \d|Finding sources|Checking objects)")
_GENERIC = ("could not read from remote repository", "please make sure you have the correct access rights", "and the repository exists")


def last_line(stderr: bytes) -> str:
    """The line of git's error output that says why (ssh's own reason before git's generic one)."""
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()
             if line.strip() and not _PROGRESS.match(line.strip())]
    useful = [line for line in lines if not any(generic in line.lower() for generic in _GENERIC)] or lines
    if not useful:
        return "git gave no reason"
    for prefix in ("fatal: ", "error: "):
        if useful[0].startswith(prefix):
            return useful[0][len(prefix):]
    return useful[0]


def init_bare(program: str, path: Path) -> None:
    """Create an empty bare repository at `path` (a new club remote)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Repo(path, program).run("init", "--bare", "--quiet", f"--initial-branch={BRANCH}", str(path))


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (OSError, AttributeError):
        process.kill()
    process.wait()
