"""Optional extras: the one table of what each feature needs installed, and one lazy loader.

The public API (``secure_check.fairness`` ...), ``secure_check.card`` and the magics load their
implementations on first use through :func:`load`, so importing the package stays cheap; a
missing third-party module becomes an ImportError that names the extra to install.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

MISSING_EXTRA = (
    "{feature} needs the optional dependency {module!r}: pip install 'secure-check[{extra}]'"
)
ERR_NO_ATTRIBUTE = "module {module!r} has no attribute {name!r}"

# Feature (public name or magic command) -> the extra in pyproject.toml that installs its needs.
EXTRAS: dict[str, str] = {
    "fairness": "fairness",
    "mitigate": "fairness",
    "explain": "explain",
    "robustness": "robustness",
    "card": "card",
    "build_card": "card",
    "pii": "magics",
    "anonymize": "magics",
    "review": "magics",
}

# Public name of ``secure_check`` -> "module:attribute" that implements it.
PUBLIC: dict[str, str] = {
    "scan": "secure_check.api:scan",
    "fairness": "secure_check.analyses.fairness:fairness",
    "mitigate": "secure_check.analyses.mitigate:mitigate",
    "explain": "secure_check.analyses.explain:explain",
    "robustness": "secure_check.analyses.robustness:robustness",
    "build_card": "secure_check.card.build:build_card",
    "Finding": "secure_check.core.findings:Finding",
    "Severity": "secure_check.core.findings:Severity",
    "Scanner": "secure_check.core.scan:Scanner",
}


def extra_for(feature: str) -> str:
    """Return the extra that installs what ``feature`` needs (``all`` when none is listed)."""
    return EXTRAS.get(feature, "all")


def missing(feature: str, module: str | None, extra: str | None = None) -> str:
    """Return the message for a missing optional module: feature, module and extra."""
    return MISSING_EXTRA.format(feature=feature, module=module, extra=extra or extra_for(feature))


def require(module: str, *, feature: str, extra: str) -> None:
    """Import ``module`` or raise ImportError naming the extra that installs it."""
    try:
        importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(missing(feature, module, extra)) from exc


def load(target: str, *, feature: str, extra: str | None = None) -> Any:
    """Import ``"module:attribute"`` and return the attribute.

    A missing third-party module raises ImportError naming ``extra`` (when one is given); a
    missing ``secure_check`` module or attribute is re-raised as is, since no extra fixes it.
    """
    module, _, attr = target.partition(":")
    try:
        found = importlib.import_module(module)
    except ModuleNotFoundError as e:
        if extra is None or (e.name or "").startswith("secure_check"):
            raise
        raise ImportError(missing(feature, e.name, extra), name=e.name) from None
    return getattr(found, attr)


def lazy_attribute(package: str, name: str, table: Mapping[str, str]) -> Any:
    """Load ``name`` from ``table``: the body of a package's PEP 562 ``__getattr__``."""
    target = table.get(name)
    if target is None:
        raise AttributeError(ERR_NO_ATTRIBUTE.format(module=package, name=name))
    return load(target, feature=f"{package}.{name}", extra=EXTRAS.get(name))
