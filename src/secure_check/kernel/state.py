"""Per-shell state of the magics: settings, one scanner built on first use, findings filters."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from secure_check.core.findings import Finding, Severity
from secure_check.kernel.settings import Settings

_STATE_ATTR = "_secure_check_state"


class SessionState:
    """What the magics keep for one IPython shell."""

    def __init__(self, shell: Any) -> None:
        self.shell = shell
        self.settings = Settings(getattr(shell, "config", None))
        self._scanner: Any = None
        self.guard: Any = None
        self.last_findings: list[Finding] = []
        self.last_path = ""
        self.results: dict[str, Any] = {}  # last result of each model analysis (for `card`)

    @property
    def scanner(self) -> Any:
        """The text scanner, built once (detect-secrets and the analyzers load here)."""
        if self._scanner is None:
            from secure_check.core.scan import Scanner

            self._scanner = Scanner()
        return self._scanner

    def visible(self, findings: Iterable[Finding]) -> list[Finding]:
        """Keep findings at or above ``min_severity``, in wanted categories, rules enabled."""
        values = self.settings.values
        floor = Severity(values.min_severity)
        wanted = set(values.categories)
        return [
            f
            for f in findings
            if f.severity >= floor
            and f.rule not in values.disabled_rules
            and (not wanted or f.category in wanted)
        ]

    def blocking(self, findings: Iterable[Finding]) -> list[Finding]:
        """Secret findings serious enough for the guard to refuse the cell."""
        floor = Severity(self.settings.values.guard_severity)
        return [
            f
            for f in findings
            if f.category == "secret"
            and f.severity >= floor
            and f.rule not in self.settings.values.disabled_rules
        ]

    def apply_baseline(self, findings: list[Finding]) -> list[Finding]:
        """Mark findings accepted in the project baseline (a broken baseline is left alone)."""
        from secure_check.core.baseline import Baseline

        try:
            settings = self.settings
            return Baseline.load(settings.baseline_path, root=settings.root).apply(findings)
        except ValueError:  # NOTE: BaselineError, or a baseline path that left the project
            return findings


def state_of(shell: Any) -> SessionState:
    """Return (creating once) the state attached to ``shell``."""
    state = getattr(shell, _STATE_ATTR, None)
    if state is None:
        state = SessionState(shell)
        setattr(shell, _STATE_ATTR, state)
    return state


def drop_state(shell: Any) -> SessionState | None:
    """Detach and return the state (``%unload_ext``)."""
    state = getattr(shell, _STATE_ATTR, None)
    if state is not None:
        delattr(shell, _STATE_ATTR)
    return state
