"""`%secure_check review`: an ipywidgets review of findings for frontends without the Lab panel."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from secure_check.core.findings import Finding, Severity
from secure_check.kernel.session import HISTORY_PATH, history_notebook
from secure_check.kernel.views import where_label

ALL = "all"
MSG_NEED_REASON = "Write why this finding is acceptable before accepting it."
MSG_NOTHING_SELECTED = "Select a finding first."
MSG_ACCEPTED = "Accepted {n} finding(s) into {path}."
MSG_NO_CELL = "The cell of this finding is not available (it is not in a notebook cell)."
# NOTE: the cell text and its location are the notebook's: escaped by core.page (Jinja2).
_CELL = "<b>{{ where }}</b><pre>{{ text }}</pre>"
_STATUS = "{{ message }}"


class ReviewPanel:
    """Filter findings by category and severity, accept them with a reason, show their cell."""

    def __init__(self, state: Any, findings: list[Finding], path: str | None = None) -> None:
        import ipywidgets as w

        self.state, self.findings = state, findings
        self.path = path if path is not None else state.last_path
        categories = sorted({f.category for f in findings})
        self.category = w.Dropdown(options=[ALL, *categories], value=ALL, description="Category")
        self.severity = w.Dropdown(
            options=[ALL, "high", "medium", "low"], value=ALL, description="Severity"
        )
        self.show_accepted = w.Checkbox(value=False, description="Show accepted", indent=False)
        self.selector = w.SelectMultiple(
            options=[], rows=10, description="Findings", layout=w.Layout(width="95%")
        )
        self.reason = w.Text(
            placeholder="why this is acceptable", description="Reason", layout=w.Layout(width="60%")
        )
        self.accept_button = w.Button(description="Accept", button_style="warning", icon="check")
        self.show_button = w.Button(description="Show cell", icon="eye")
        self.status = w.HTML()
        self.cell_view = w.HTML()
        for control in (self.category, self.severity, self.show_accepted):
            control.observe(lambda _change: self.refresh(), names="value")
        self.accept_button.on_click(lambda _b: self.accept())
        self.show_button.on_click(lambda _b: self.show_cell())
        filters = w.HBox([self.category, self.severity, self.show_accepted])
        actions = w.HBox([self.reason, self.accept_button, self.show_button])
        self.widget = w.VBox([filters, self.selector, actions, self.status, self.cell_view])
        self.widget.add_class("jp-SecureCheck-Review")
        self.refresh()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def shown(self) -> list[Finding]:
        """Return the findings the filters let through, in display order."""
        floor = None if self.severity.value == ALL else Severity(self.severity.value)
        return [
            f
            for f in self.findings
            if (self.category.value == ALL or f.category == self.category.value)
            and (floor is None or f.severity >= floor)
            and (self.show_accepted.value or not f.accepted)
        ]

    def refresh(self) -> None:
        """Rebuild the list after a filter or an acceptance changed."""
        self.selector.options = [
            (_label(f), i) for i, f in enumerate(self.findings) if f in self.shown()
        ]

    def accept(self) -> int:
        """Accept the selected findings with the typed reason; write the baseline."""
        from secure_check.core.baseline import Baseline

        chosen = [self.findings[i] for i in self.selector.value]
        if not chosen:
            return self._say(MSG_NOTHING_SELECTED)
        if not self.reason.value.strip():
            return self._say(MSG_NEED_REASON)
        try:
            path = self.state.settings.baseline_path
            baseline = Baseline.load(path, root=self.state.settings.root)
            for f in chosen:
                baseline.accept(f, self.reason.value.strip())
            baseline.save(path, root=self.state.settings.root)
        except (OSError, ValueError) as e:  # NOTE: a planted link or a path out of the project
            return self._say(str(e))
        for f in chosen:
            f.accepted = True
        self.reason.value = ""
        self.refresh()
        self._say(MSG_ACCEPTED.format(n=len(chosen), path=path))
        return len(chosen)

    def show_cell(self) -> str:
        """Show the (redacted) source of the first selected finding's cell."""
        chosen = [self.findings[i] for i in self.selector.value]
        if not chosen:
            self._say(MSG_NOTHING_SELECTED)
            return ""
        text = cell_source(self.state, self.path, chosen[0], self.findings)
        if text is None:
            self._say(MSG_NO_CELL)
            return ""
        from secure_check.core.page import render

        self.cell_view.value = render(_CELL, where=where_label(chosen[0]), text=text)
        return text

    def _say(self, message: str) -> int:
        from secure_check.core.page import render

        self.status.value = render(_STATUS, message=message)
        return 0


def cell_source(
    state: Any, path: str, finding: Finding, others: Sequence[Finding] = ()
) -> str | None:
    """Return the source of ``finding``'s cell, each secret or PII value masked by its span.

    NOTE: by span in the original text (``mask_spans``), not by value: a value the scanner
    normalised (a PEM key without line breaks, an SSN without dashes) is masked too. The
    cell is re-scanned as its own kind (code, markdown, raw); a finding of ``others`` in this
    cell's source that the re-scan missed (other settings) hides the rest of its line.
    """
    from secure_check.core import notebook
    from secure_check.core.redact import mask_spans

    nb = _notebook_of(state, path, finding)
    if nb is None or finding.cell_index is None:
        return None
    cells = nb.get("cells", [])
    if not 0 <= finding.cell_index < len(cells) or not isinstance(cells[finding.cell_index], dict):
        return None
    segment = next(notebook.cell_segments(cells[finding.cell_index], finding.cell_index))
    spans = [(h.start, h.end) for a in state.scanner.analyzers for h in a.scan(segment)]
    same = [f for f in (finding, *others) if _in_source(f, finding)]
    spans += _unmatched(segment.text, spans, same)
    return mask_spans(segment.text, spans)


def _in_source(f: Finding, of: Finding) -> bool:
    """Whether ``f`` lies in the source text of ``of``'s cell (not an output or attachment)."""
    return (
        f.path == of.path and f.cell_index == of.cell_index and f.where == "source"
        and f.kind in ("", "code", "markdown", "raw")
    )  # fmt: skip


def _unmatched(
    text: str, spans: list[tuple[int, int]], found: Sequence[Finding]
) -> list[tuple[int, int]]:
    """Spans from each finding's start to its line's end, for findings no span covers."""
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    out = []
    for f in found:
        if not (0 < f.line <= len(starts) and f.column > 0):  # NOTE: a finding from hostile JSON
            continue
        at = starts[f.line - 1] + f.column - 1
        if at < len(text) and not any(s <= at < e for s, e in spans):
            end = text.find("\n", at)
            out.append((at, len(text) if end < 0 else end))
    return out


def _notebook_of(state: Any, path: str, finding: Finding) -> dict[str, Any] | None:
    """Load the notebook holding ``finding``: the session history, a file, or one in a folder."""
    from secure_check.core import notebook

    if path == HISTORY_PATH:
        return history_notebook(state.shell)
    root = state.settings.root
    for candidate in (root / finding.path, Path(finding.path), root / path, Path(path)):
        if candidate.suffix == ".ipynb" and candidate.is_file():
            try:
                return notebook.load(candidate)
            except notebook.NotebookError:
                return None
    return None


def _label(f: Finding) -> str:
    flag = " (accepted)" if f.accepted else ""
    return f"[{f.severity.value}] {where_label(f, '')}: {f.category}/{f.rule} {f.preview}{flag}"
