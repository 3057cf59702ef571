"""nbconvert adapters: ``--to secure_check`` writes the report; a preprocessor for pipelines.

``jupyter nbconvert --to secure_check nb.ipynb`` scans the notebook (after ``--execute``, its
fresh outputs too), evaluates the policy (``secure_check.core.policy``) on the findings and on the
analysis results the notebook displays (fairness, robustness, explanation), writes the report
(HTML, or ``--SecureCheckExporter.report_format=json|sarif|text``) and exits 1 when the policy
fails.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from nbconvert.exporters import Exporter
from nbconvert.preprocessors import Preprocessor
from nbconvert.utils.exceptions import ConversionException
from traitlets import Bool, Enum, Unicode, default, observe

RESOURCE_KEY = "secure_check"
ANALYSIS_MIME_PREFIX = "application/vnd.secure-check."
ANALYSIS_MIME_SUFFIX = "+json"
# NOTE: these carry scan findings the scan itself re-derives; only model analyses are kept.
_NOT_ANALYSES = ("findings+json", "pii+json", "anonymize+json")
_MIMES = {
    "html": "text/html",
    "json": "application/json",
    "sarif": "application/sarif+json",
    "text": "text/plain",
}
_EXTENSIONS = {"html": ".html", "json": ".json", "sarif": ".sarif", "text": ".txt"}
ERR_POLICY = "secure-check policy failed for {name} ({n} violation(s)); report written to {dest}"
ERR_POLICY_PREPROCESSOR = "secure-check policy failed for {name}: {first}"


class PolicyFailed(ConversionException):
    """The notebook breaches the policy; nbconvert reports it and exits 1."""


class SecureCheckPreprocessor(Preprocessor):
    """Scan the notebook and evaluate the policy; results go to ``resources["secure_check"]``.

    The notebook itself is not changed. Put it after ``ExecutePreprocessor`` so analyses the
    notebook runs (``%secure_check fairness`` ...) are evaluated on fresh outputs. With
    ``fail=True`` a policy breach stops the conversion (exit 1).
    """

    enabled = Bool(True).tag(config=True)
    fail = Bool(False, help="Raise (nbconvert exits 1) when the policy fails.").tag(config=True)
    policy_path = Unicode(
        "", help="Folder or file to find the policy from (default: the notebook's folder)."
    ).tag(config=True)

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        """Scan ``nb`` and store findings, analyses and violations in ``resources``."""
        from secure_check.core.policy import Policy
        from secure_check.core.scan import FileResult, Scanner

        meta = resources.get("metadata") or {}
        folder = meta.get("path") or "."
        name = f"{meta.get('name') or 'notebook'}.ipynb"
        started = time.perf_counter()
        findings = Scanner().scan_notebook(nb, name)
        analyses = list(collect_analyses(nb))
        policy = Policy.load(self.policy_path or folder)
        violations = policy.evaluate(findings, analyses)
        seconds = time.perf_counter() - started
        result = FileResult(name, findings, cells=len(nb.get("cells", [])), seconds=seconds)
        resources[RESOURCE_KEY] = {
            "result": result,
            "analyses": analyses,
            "violations": violations,
            "policy": str(policy.source) if policy.source else None,
            "policies": [str(p) for p in policy.sources],
            "seconds": seconds,
        }
        if self.fail and violations:
            first = violations[0].message
            raise PolicyFailed(ERR_POLICY_PREPROCESSOR.format(name=name, first=first))
        return nb, resources


def collect_analyses(nb: Any) -> Any:
    """Yield the analysis results (dicts) a notebook displays, in cell order."""
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            for mime, data in (output.get("data") or {}).items():
                is_ours = mime.startswith(ANALYSIS_MIME_PREFIX) and mime.endswith(
                    ANALYSIS_MIME_SUFFIX
                )
                if is_ours and not mime.endswith(_NOT_ANALYSES) and isinstance(data, dict):
                    yield {"mime": mime, **data}


class SecureCheckExporter(Exporter):
    """Export a notebook as its secure-check report (``jupyter nbconvert --to secure_check``)."""

    export_from_notebook = "secure-check report"
    # NOTE: a plain string on the class: the server's /api/nbconvert listing reads it there.
    output_mimetype = _MIMES["html"]
    report_format = Enum(
        list(_MIMES), default_value="html", help="html (default), json, sarif or text."
    ).tag(config=True)
    enforce_policy = Bool(True, help="Exit 1 when the policy fails (after writing).").tag(
        config=True
    )
    policy_path = Unicode("", help="Where to look for the policy from.").tag(config=True)

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return _EXTENSIONS[self.report_format]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[no-untyped-call]
        self.output_mimetype = _MIMES[self.report_format]

    @observe("report_format")
    def _format_changed(self, change: Any) -> None:
        self.file_extension = _EXTENSIONS[change["new"]]
        self.output_mimetype = _MIMES[change["new"]]

    def from_notebook_node(  # type: ignore[override]
        self, nb: Any, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[str, dict[str, Any]]:
        """Run the preprocessors (``--execute`` included), scan, and render the report."""
        from secure_check.reports.exporter import report

        nb_copy, resources = super().from_notebook_node(nb, resources, **kw)
        pre = SecureCheckPreprocessor(parent=self, policy_path=self.policy_path)  # type: ignore[no-untyped-call]
        nb_copy, resources = pre.preprocess(nb_copy, resources)
        data = resources[RESOURCE_KEY]
        output = report(data, self.report_format)
        resources["output_extension"] = self.file_extension
        if self.enforce_policy and data["violations"]:
            dest = self._write_now(output, resources)
            name = data["result"].path
            raise PolicyFailed(ERR_POLICY.format(name=name, n=len(data["violations"]), dest=dest))
        return output, resources

    def _write_now(self, output: str, resources: dict[str, Any]) -> str:
        """Write the report where nbconvert's writer would, since raising skips the writer."""
        import sys

        from nbconvert.writers.files import FilesWriter

        # NOTE: NbConvertApp builds exporters from its config alone (no parent), and --stdout,
        # --output-dir and --output all land in that config or in ``unique_key``.
        writer_class = self.config.get("NbConvertApp", {}).get("writer_class", "")
        if "stdout" in str(writer_class).lower():
            sys.stdout.write(output)
            return "stdout"
        writer = FilesWriter(config=self.config)  # type: ignore[no-untyped-call]
        key = resources.get("unique_key") or "notebook"
        return str(writer.write(output, resources, notebook_name=key))  # type: ignore[no-untyped-call]


def report_path(notebook: Path, report_format: str = "html") -> Path:
    """Where ``jupyter nbconvert --to secure_check`` writes the report of ``notebook``."""
    return notebook.with_suffix(_EXTENSIONS[report_format])
