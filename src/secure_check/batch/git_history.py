"""``--history``: scan every committed version of each notebook; a deleted secret still leaked.

Findings already in the working tree are reported once, as usual. A finding that only some
earlier commit holds is added to the file's result, tagged with the oldest commit that has it
(``[commit 1a2b3c4d, no longer in the working tree] ...``). Notebooks deleted since are found
too, from the paths git ever recorded under the folders scanned.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from secure_check.core.findings import Finding
    from secure_check.core.scan import FileResult, Scanner

GIT_TIMEOUT = 120
SHORT = 10
TAG = "[commit {commit}, no longer in the working tree] "
ERR_NOT_GIT = "--history needs a git work tree; {path} is not in one"
ERR_GIT = "git failed on {path}: {detail}"


class HistoryError(RuntimeError):
    """git is missing or the path is not in a repository."""


def _git(cwd: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, timeout=GIT_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        raise HistoryError(ERR_GIT.format(path=cwd, detail=e)) from e
    if done.returncode != 0:
        detail = done.stderr.decode(errors="replace").strip().splitlines()
        raise HistoryError(ERR_GIT.format(path=cwd, detail=detail[-1] if detail else "error"))
    return done.stdout


def repo_root(path: Path) -> Path:
    """Return the top folder of the work tree holding ``path``."""
    folder = path if path.is_dir() else path.parent
    try:
        out = _git(folder.resolve(), "rev-parse", "--show-toplevel")
    except HistoryError as e:
        raise HistoryError(ERR_NOT_GIT.format(path=path)) from e
    return Path(out.decode().strip())


def versions(root: Path, relpath: str) -> Iterator[tuple[str, bytes]]:
    """Yield ``(commit, content)`` for every commit that changed ``relpath``, oldest first."""
    log = _git(root, "log", "--all", "--format=%H", "--reverse", "--", relpath).decode()
    for commit in log.split():
        try:
            yield commit, _git(root, "show", f"{commit}:{relpath}")
        except HistoryError:
            continue  # NOTE: the commit deleted the file: nothing to read at that revision.


def ever_tracked(root: Path, folder: Path) -> list[str]:
    """Return the scannable files git ever recorded under ``folder`` (relative to ``root``)."""
    from secure_check.core.scan import scannable

    rel = folder.resolve().relative_to(root).as_posix() if folder.resolve() != root else "."
    out = _git(root, "log", "--all", "--format=", "--name-only", "--", rel).decode()
    return sorted({p for p in out.splitlines() if scannable(p.rsplit("/", 1)[-1])})


def scan_version(scanner: Scanner, content: bytes, relpath: str, shown: str) -> list[Finding]:
    """Scan one committed version; a version that does not parse gives no findings."""
    from secure_check.core.notebook import NotebookError

    try:
        return scanner.scan_bytes(content, relpath, shown)[0]
    except NotebookError:
        return []


def add_history(result: FileResult, scanner: Scanner, root: Path, relpath: str) -> FileResult:
    """Add the findings only earlier commits of ``relpath`` hold, tagged with their commit."""
    seen = {(f.rule, f.fingerprint) for f in result.findings}
    for commit, content in versions(root, relpath):
        for finding in scan_version(scanner, content, relpath, result.path):
            key = (finding.rule, finding.fingerprint)
            if key in seen:
                continue
            seen.add(key)
            finding.message = TAG.format(commit=commit[:SHORT]) + finding.message
            result.findings.append(finding)
    return result


def history_results(
    results: Sequence[FileResult],
    files: Sequence[tuple[Path, str]],
    dirs: Sequence[tuple[Path, str]],
    scanner: Scanner,
) -> list[FileResult]:
    """Extend working-tree ``results`` (one per ``files`` entry) with every file's history.

    Files under ``dirs`` (``(folder, shown prefix)`` pairs) that git knows but the work tree
    no longer has get a result of their own, shown relative to the folder like the others.
    """
    from secure_check.core.scan import FileResult

    out = []
    for result, (file, _shown) in zip(results, files, strict=True):
        if result.error is None:
            root = repo_root(file)
            add_history(result, scanner, root, file.resolve().relative_to(root).as_posix())
        out.append(result)
    known = {file.resolve() for file, _ in files}
    for folder, prefix in dirs:
        root = repo_root(folder)
        for rel in ever_tracked(root, folder):
            if (root / rel).resolve() in known or (root / rel).exists():
                continue
            shown = prefix + (root / rel).relative_to(folder.resolve()).as_posix()
            out.append(add_history(FileResult(shown, []), scanner, root, rel))
    return out
