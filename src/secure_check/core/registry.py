"""Analyzer base class and the registry that finds the text analyzers."""

from __future__ import annotations

import abc
import importlib
from collections.abc import Iterable
from typing import ClassVar

from secure_check.core.findings import Hit
from secure_check.core.notebook import Segment

# NOTE: modules are imported on first use so that `import secure_check` stays fast.
_BUILTIN_MODULES = (
    "secure_check.detectors.secrets.analyzer",
    "secure_check.detectors.pii.analyzer",
)


class Analyzer(abc.ABC):
    """A text analyzer: one small subclass per family of rules (as detect-secrets plugins)."""

    name: ClassVar[str]

    @abc.abstractmethod
    def scan(self, segment: Segment) -> Iterable[Hit]:
        """Yield hits (raw spans) found in ``segment``."""

    def begin(self) -> None:  # noqa: B027 - most analyzers keep nothing between segments
        """Forget what earlier segments left (a new notebook, cell or text is scanned next)."""


def text_analyzers(names: Iterable[str] | None = None) -> list[Analyzer]:
    """Instantiate the registered analyzers, all of them or those named."""
    for module in _BUILTIN_MODULES:
        importlib.import_module(module)
    wanted = set(names) if names is not None else None
    found = [
        cls()
        for cls in _subclasses(Analyzer)
        if cls.__module__.startswith("secure_check.")
        and not getattr(cls, "__abstractmethods__", None)
    ]
    return [a for a in found if wanted is None or a.name in wanted]


def _subclasses(cls: type) -> list[type]:
    out: list[type] = []
    subs: list[type] = cls.__subclasses__()
    for sub in subs:
        out.append(sub)
        out.extend(_subclasses(sub))
    return out
