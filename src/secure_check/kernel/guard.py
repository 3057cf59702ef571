"""The cell guard: refuse cells holding a secret before they run, flag what cells display.

IPython skips a cell when its input transformation raises: the shell shows the error and
returns ``error_before_exec`` without compiling anything (ipykernel transforms the cell
itself and hands the exception to ``run_cell_async`` the same way). Raising in a
``pre_run_cell`` callback would not stop the cell: the event manager only logs it. So the
guard is a cleanup transform marked ``has_side_effects`` (IPython then leaves it out of
``check_complete``), and it raises ``UsageError``, which IPython shows as one line of text
with no traceback frames (a verbose traceback would print the cell's locals).
"""

from __future__ import annotations

import sys
from typing import Any

from secure_check.kernel.advice import refusal_message
from secure_check.kernel.capture import OutputCapture
from secure_check.kernel.forget import forget_input
from secure_check.kernel.views import FindingsReport

CELL_MAGIC_PREFIX = "%%secure_check"
OUTPUT_PATH = "<cell output>"
# NOTE: only the exception type is shown: its message could quote the cell's text.
ERR_SCAN_FAILED = "secure-check: the guard could not scan {what} ({error}); it was not checked."
OUTPUT_NOTE = (
    "This cell displayed the values above: clear its output before saving or sharing the notebook."
)


class Guard:
    """Hooks installed by ``%secure_check guard on`` and removed by ``guard off``."""

    def __init__(self, state: Any) -> None:
        self.state = state
        self.shell = state.shell
        self.bypass = False
        self.refused = 0
        self.flagged = 0
        self.capture = OutputCapture(self.shell)
        self._refused_source: str | None = None
        self._skip_outputs = False

    def on(self) -> None:
        """Install the transform and the event callbacks (idempotent)."""
        if not self.active:
            self.shell.input_transformer_manager.cleanup_transforms.insert(0, self.transform)
            self.shell.events.register("pre_run_cell", self.pre_run_cell)
            self.shell.events.register("post_run_cell", self.post_run_cell)

    def off(self) -> None:
        """Remove everything ``on`` installed."""
        if self.active:
            self.shell.input_transformer_manager.cleanup_transforms.remove(self.transform)
            self.shell.events.unregister("pre_run_cell", self.pre_run_cell)
            self.shell.events.unregister("post_run_cell", self.post_run_cell)
        self.capture.stop()

    @property
    def active(self) -> bool:
        """Whether the guard is installed."""
        return self.transform in self.shell.input_transformer_manager.cleanup_transforms

    def transform(self, lines: list[str]) -> list[str]:
        """Cleanup transform: raise UsageError when the cell holds a blocking secret."""
        if self.bypass:
            return lines
        source = "".join(lines)
        if source.lstrip().startswith(CELL_MAGIC_PREFIX):
            self._skip_outputs = True  # NOTE: the cell magic scans its own outputs
            return lines
        try:
            findings = self.state.blocking(self.state.scanner.scan_text(source, "<cell>"))
        except Exception as e:  # noqa: BLE001 - a scanner fault must not make every cell fail
            _warn(ERR_SCAN_FAILED.format(what="this cell", error=type(e).__name__))
            return lines
        if findings:
            from IPython.core.error import UsageError

            self.refused += 1
            self._refused_source = source
            raise UsageError(refusal_message(findings, source))
        return lines

    # NOTE: IPython skips transforms with side effects when it only checks completeness.
    transform.has_side_effects = True  # type: ignore[attr-defined]

    def pre_run_cell(self, info: Any) -> None:
        """Start capturing what the cell prints and displays."""
        if not self.bypass and self.state.settings.values.scan_outputs:
            self.capture.start()

    def post_run_cell(self, result: Any) -> None:
        """Scrub a refused cell from history; flag secrets and PII in what the cell showed."""
        if self.bypass:
            return
        self.capture.stop()
        skip, self._skip_outputs = self._skip_outputs, False
        if self._refused_source is not None:
            forget_input(self.shell, self._refused_source, getattr(result, "execution_count", None))
            self._refused_source = None
            return
        if skip or not self.state.settings.values.scan_outputs:
            self.capture.segments()
            return
        try:
            report = scan_outputs(self.state, self.capture, getattr(result, "result", None))
        except Exception as e:  # noqa: BLE001 - never a traceback after the user's cell
            _warn(ERR_SCAN_FAILED.format(what="this cell's output", error=type(e).__name__))
            return
        if report is not None:
            from IPython.display import display

            self.flagged += 1
            display(report)  # type: ignore[no-untyped-call]


def _warn(message: str) -> None:
    print(message, file=sys.stderr)


def scan_outputs(state: Any, capture: OutputCapture, value: Any) -> FindingsReport | None:
    """Scan what a cell showed; a report of the secrets and PII found, or None when clean."""
    segments = capture.segments(value)
    if not segments:
        return None
    found = state.visible(state.scanner.scan_segments(segments, OUTPUT_PATH))
    # NOTE: one alert per value: a terminal shell also prints the result it displays.
    unique = {
        (f.rule, f.fingerprint): f for f in reversed(found) if f.category in ("secret", "pii")
    }
    found = list(reversed(unique.values()))
    return FindingsReport(found, OUTPUT_PATH, "cell output", OUTPUT_NOTE) if found else None
