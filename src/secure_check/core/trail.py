"""One-line audit hooks for the scan CLI and the analyses: digests and counts, never values."""

from __future__ import annotations

import functools
import os
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from secure_check.core import audit
from secure_check.core.digests import frame_digest, model_digest, sha256_file

WARN_NOT_LOGGED = "secure-check: {action} ran, but the audit log was not written: {detail}"


def record_scan(
    results: Iterable[Any],
    *,
    root: str | os.PathLike[str] | None = None,
    path: str | os.PathLike[str] | None = None,
) -> dict[str, Any]:
    """Log one scan run (``FileResult`` objects): each file's digest and counts by rule.

    Parameters
    ----------
    results : iterable of FileResult
        What ``Scanner.scan_file`` returned for each file.
    root : path, optional
        The folder the results' paths are relative to.
    path : path, optional
        The audit log (default :func:`audit.default_path`).
    """
    results = list(results)
    digests = {}
    for r in results:
        if getattr(r, "sha256", None):
            digests[f"file:{r.path}"] = "sha256:" + r.sha256
            continue  # NOTE: the scan already hashed what it read; a cached run opens nothing.
        file = Path(root, r.path) if root is not None else Path(r.path)
        if file.is_file():
            digests[f"file:{r.path}"] = "sha256:" + sha256_file(file)
    found = [f for r in results for f in r.findings]
    open_rules = Counter(f.rule for f in found if not f.accepted)
    return audit.append(
        "scan",
        digests=digests,
        path=path,
        files=len(results),
        errors=sum(1 for r in results if r.error),
        findings=len(found),
        accepted=sum(1 for f in found if f.accepted),
        by_rule=dict(open_rules.most_common()),
    )


def record_analysis(
    action: str,
    model: Any,
    X: Any,
    result: Any,
    *,
    path: str | os.PathLike[str] | None = None,
) -> dict[str, Any]:
    """Log one model analysis (``fairness``, ``explain``, ``robustness``).

    The model's pickle digest and the data's canonical digest let a later card cite the entry.
    """
    digests = {"model": model_digest(model), "data:X": "sha256:" + frame_digest(X)}
    findings = list(getattr(result, "findings", None) or [])
    severities = Counter(str(f.get("severity")) for f in findings)
    return audit.append(
        action,
        digests=digests,
        path=path,
        findings=len(findings),
        by_severity=dict(severities.most_common()),
        rules=sorted({str(f.get("rule")) for f in findings}),
    )


_F = TypeVar("_F", bound=Callable[..., Any])


def audited(action: str) -> Callable[[_F], _F]:
    """Decorate a model analysis ``f(model, X, ...)`` so each run is logged after it returns.

    The analysis result stands even when the log cannot be written (read-only disk): the
    failure is a warning, never an exception in the user's notebook.
    """

    def wrap(func: _F) -> _F:
        @functools.wraps(func)
        def run(model: Any, X: Any, *args: Any, **kwargs: Any) -> Any:
            result = func(model, X, *args, **kwargs)
            try:
                record_analysis(action, model, X, result)
            except OSError as e:
                warnings.warn(WARN_NOT_LOGGED.format(action=action, detail=e), stacklevel=2)
            return result

        return run  # type: ignore[return-value]

    return wrap
