"""IPython magics ``%secure_check`` and ``%%secure_check``: parse, dispatch, return displays.

The work happens in ``secure_check.kernel`` (guard, session scan, anonymisation, review) and
in the Python API; heavy modules load inside the command that needs them.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class, no_var_expand

from secure_check.kernel import commands
from secure_check.kernel.state import drop_state, state_of
from secure_check.kernel.views import FindingsReport, Notice

GUARD_ON = (
    "secure-check guard is on: cells holding a {severity} secret are refused; outputs are scanned."
)
GUARD_OFF = "secure-check guard is off."
GUARD_STATUS = (
    "secure-check guard is {state} ({refused} cell(s) refused, {flagged} output(s) flagged)."
)
ERR_CELL_FAILED = "the cell raised {ename}: see the traceback above"


@magics_class
class SecureCheckMagics(Magics):
    """``%secure_check COMMAND ...`` and ``%%secure_check [--force]``; see ``help``."""

    def __init__(self, shell: Any = None, **kwargs: Any) -> None:
        super().__init__(shell=shell, **kwargs)
        if shell is not None and state_of(shell).settings.values.guard:
            self._guard(argparse.Namespace(state="on"))  # NOTE: `guard = true` in the config

    @property
    def _ns(self) -> dict[str, Any]:
        assert self.shell is not None  # NOTE: magics are registered on a shell
        ns: dict[str, Any] = self.shell.user_ns
        return ns

    @no_var_expand
    @line_cell_magic
    def secure_check(self, line: str, cell: str | None = None) -> Any:
        """Security, privacy and bias checks; ``%secure_check help`` lists the commands."""
        command = "cell"
        try:
            if cell is not None:
                return self._cell(commands.parse_cell(line), cell)
            args = commands.parse(line)
            command = args.command or "scan"
            return getattr(self, f"_{command}")(args)
        except commands.HelpRequested as e:
            return Notice(str(e))
        except ImportError as e:
            raise UsageError(commands.missing_extra(command, e)) from None
        except (ValueError, PermissionError) as e:
            raise UsageError(str(e)) from None

    # -- scanning ----------------------------------------------------------------------
    def _scan(self, args: Any) -> FindingsReport:
        from secure_check.kernel import scanning

        state = state_of(self.shell)
        report = scanning.scan(
            state, self.shell, args.path, history=getattr(args, "history", False)
        )
        state.last_findings, state.last_path = report.findings, report.path
        return report

    def _deps(self, args: Any) -> Any:
        from secure_check.deps.audit import audit
        from secure_check.kernel import session
        from secure_check.kernel.dependencies import DependencyView

        found = Path(args.path) if args.path else session.notebook_path(self._ns)
        if found is not None:
            return DependencyView(audit(found, path=found.name, environment=args.environment))
        nb = session.history_notebook(self.shell)
        return DependencyView(audit(nb, path="<session>", environment=args.environment))

    def _review(self, args: Any) -> Any:
        from secure_check.kernel.review import ReviewPanel

        state = state_of(self.shell)
        if args.path is not None or not state.last_findings:
            self._scan(args)
        return ReviewPanel(state, state.last_findings)

    def _cell(self, args: Any, cell: str) -> Any:
        from secure_check.kernel import scanning

        state = state_of(self.shell)
        result = scanning.run_guarded_cell(state, self.shell, cell, force=args.force)
        if result.error is not None:
            raise UsageError(ERR_CELL_FAILED.format(ename=type(result.error).__name__))
        return result.report

    # -- data --------------------------------------------------------------------------
    def _pii(self, args: Any) -> Any:
        from secure_check.kernel import models, tabular

        state = state_of(self.shell)
        frame = tabular.to_frame(models.resolve(self._ns, args.var), args.var, "pii")
        sample = args.sample or state.settings.values.pii_sample_rows
        return tabular.profile_table(tabular.profile(frame, sample), args.var, len(frame))

    def _anonymize(self, args: Any) -> Any:
        from secure_check.kernel import anonymize

        return anonymize.run(state_of(self.shell), self._ns, args)

    # -- session -----------------------------------------------------------------------
    def _guard(self, args: Any) -> Notice:
        from secure_check.kernel.guard import Guard

        state = state_of(self.shell)
        if args.state == "on":
            state.guard = state.guard or Guard(state)
            _ = state.scanner  # NOTE: build the analyzers now, not in the first guarded cell
            state.guard.on()
            return Notice(GUARD_ON.format(severity=state.settings.values.guard_severity))
        if args.state == "off":
            if state.guard is not None:
                state.guard.off()
            return Notice(GUARD_OFF)
        guard = state.guard
        on = guard is not None and guard.active
        return Notice(
            GUARD_STATUS.format(
                state="on" if on else "off",
                refused=guard.refused if guard else 0,
                flagged=guard.flagged if guard else 0,
            )
        )

    def _config(self, args: Any) -> Any:
        from secure_check.kernel.settings import parse_pairs
        from secure_check.kernel.views import Table

        settings = state_of(self.shell).settings
        if args.pairs:
            settings.update(parse_pairs(args.pairs))
        source = (
            f"pyproject: {settings.pyproject}"
            if settings.pyproject
            else "no pyproject.toml with [tool.secure-check]"
        )
        note = "\n".join([source, *(f"ignored: {p}" for p in settings.problems)])
        return Table(
            "secure-check settings", ["setting", "value", "from"], settings.as_rows(), note=note
        )

    def _analyses(self, args: Any) -> Any:
        from secure_check.kernel.inventory import AnalysesView, inventory

        return AnalysesView(inventory(self._ns))

    def _help(self, args: Any) -> Notice:
        return Notice(commands.build_parser().format_help())

    # -- model analyses (other modules' Python API) ------------------------------------
    def _model(self, args: Any) -> Any:
        from secure_check.kernel import models
        from secure_check.kernel.session import notebook_path

        state = state_of(self.shell)
        found = notebook_path(self._ns)
        context = {"results": state.results, "notebook": str(found) if found else None}
        result = models.run(args.command, args, self._ns, context)
        state.results[args.command] = result
        return result

    _explain = _robustness = _card = _model

    def _fairness(self, args: Any) -> Any:
        from secure_check.kernel import models

        return models.suggest_mitigation(args, self._model(args))

    def _mitigate(self, args: Any) -> Any:
        from secure_check.kernel import models

        return models.adopt(self._ns, args.into, self._model(args))


def unload(ipython: Any) -> None:
    """Turn the guard off and forget the session state (``%unload_ext secure_check``)."""
    state = drop_state(ipython)
    if state is not None and state.guard is not None:
        state.guard.off()
