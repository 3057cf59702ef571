"""Nothing active in any HTML view: XSS payloads in every field that reaches a report."""

import pytest

from secure_check.analyses.rich import plots_html
from secure_check.core.findings import Finding, Severity
from secure_check.core.page import CSP, DATA_IMAGE, document, figures
from secure_check.core.policy import Violation
from secure_check.core.scan import FileResult
from secure_check.reports import render
from secure_check.reports.exporter import report as exporter_report
from xss import PAYLOADS, assert_inert, text_of

GOOD_PNG = "data:image/png;base64,iVBORw0KGgo="


def _finding(payload: str) -> Finding:
    return Finding(
        path=f"{payload}.ipynb", cell_index=0, cell_id=payload, where="output", output_index=0,
        line=1, column=1, category="secret", rule=payload, severity=Severity.HIGH,
        confidence=0.9, fingerprint=payload, preview=payload, message=payload, kind=payload,
    )  # fmt: skip


def _assert_inert(page: str) -> None:
    assert_inert(page)
    assert (
        f'<meta http-equiv="Content-Security-Policy" content="{CSP.replace(chr(39), "&#39;")}">'
        in page
    )


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_scan_report_escapes_every_field(payload):
    # Given a file result whose every text field is a payload, and an unreadable one
    results = [
        FileResult(f"{payload}.ipynb", [_finding(payload)]),
        FileResult(f"{payload}b.ipynb", [], error=payload),
    ]
    # When the HTML report is rendered
    page = render(results, "html", seconds=0.1)
    # Then no payload is active, and the page carries the CSP
    _assert_inert(page)
    # (the summary cards, the rule table and the error table were all rendered)
    assert '<div class="cards">' in page and "<h2>Findings by rule</h2>" in page
    assert "<h2>Unreadable files (1)</h2>" in page and "<h2>Clean files" not in page


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_scan_reports_clean_list_escapes_file_names(payload):
    page = render([FileResult(f"{payload}.ipynb", [])], "html", seconds=0.1)
    _assert_inert(page)
    assert '<p class="clean">No findings.</p>' in page and "<h2>Clean files (1)</h2>" in page


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_exporter_report_embeds_only_image_uris(payload):
    # Given a notebook's analyses with a payload as plot URI, plot name and finding fields
    analysis = {
        "mime": f"application/vnd.secure-check.{payload}+json",
        "findings": [{"severity": payload, "rule": payload, "message": payload}],
        "plots": {payload: payload, "ok": GOOD_PNG, "evil": f'{GOOD_PNG}" onerror="alert(1)'},
    }
    data = {"result": FileResult("a.ipynb", [_finding(payload)]), "analyses": [analysis],
            "violations": [Violation("secret", payload, "high", payload, payload)],
            "policy": payload, "seconds": 0.1}  # fmt: skip
    # When the exporter's HTML report is rendered
    page = exporter_report(data, "html")
    # Then nothing is active and only the real image was embedded
    _assert_inert(page)
    assert page.count("<img ") == 1 and f'src="{GOOD_PNG}"' in page
    assert "policy failed: 1 violation(s)" in page


def test_figures_drop_anything_but_an_image_data_uri():
    plots = {"a": GOOD_PNG, "b": "https://evil.example/x.png", "c": f"{GOOD_PNG}'x", "d": 3}
    assert figures(plots).count("<img ") == 1 == plots_html(plots).count("<img ")
    assert DATA_IMAGE.fullmatch(GOOD_PNG) and not DATA_IMAGE.fullmatch(GOOD_PNG + '"')


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_document_escapes_its_title(payload):
    page = document(payload, "<p>body</p>")
    _assert_inert(page)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_dependency_section_escapes_package_fields(payload):
    from types import SimpleNamespace

    from secure_check.deps.view import to_html
    from secure_check.reports.dependencies import section

    # Given a dependency audit whose package name, version, licence and source are payloads
    fields = dict.fromkeys(("name", "version", "licence", "licence_class"), payload)
    package = SimpleNamespace(**fields, vulnerabilities=[], sources=[payload])
    report = SimpleNamespace(
        path=payload, packages=[package], findings=[_finding(payload)], vulnerability_status=payload
    )
    report.to_dict = lambda: {"path": payload, "findings": []}
    # When its HTML is rendered inside a report page, alone and as the report's section
    page = document("deps", to_html(report))
    results = [FileResult(f"{payload}.ipynb", [])]
    full = render(results, "html", seconds=0.1, sections=[section([report])])
    # Then nothing in it is active
    _assert_inert(page)
    _assert_inert(full)
    assert full.count("<h2>Dependencies</h2>") == 1 and full.count("<h3>") == 1


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_model_card_escapes_every_field(payload, tmp_path):
    import pandas as pd

    from secure_check.card import build_card

    # Given a card whose names, findings, notes, datasets, regulation texts and
    # recommendation are payloads (and a model file named after one)
    (tmp_path / "model.bin").write_bytes(b"weights")
    found = [{"category": "fairness", "rule": payload, "severity": sev, "message": payload,
              "feature": payload} for sev in ("high", "low")]  # fmt: skip
    mitigation = {"recommendation": {"text": payload, "method": payload}, "findings": found,
                  "candidates": [{"method": payload, "metric": payload, "disparity": 0.1}],
                  "meta": {"held_out": payload}}  # fmt: skip
    card = build_card(
        str(tmp_path / "model.bin"), name=payload, out_dir=tmp_path / "card",
        datasets={payload: pd.DataFrame({payload: ["a", "b"]})}, intended_use=payload,
        limitations=payload, scan=[], log=tmp_path / "audit.jsonl",
        fairness={"disparities": {payload: {payload: 0.5}}, "findings": found, "notes": [payload]},
        mitigation=mitigation, explanation={"importance": {payload: 0.3}, "findings": found},
        robustness={"clean_accuracy": 0.9, "attacks": [], "findings": found},
        regulation={"purpose": payload, "lawful_basis": [payload], "retention": payload},
    )  # fmt: skip
    # When its HTML page is read back
    page = card.paths["html"].read_text(encoding="utf-8")
    # Then every payload is shown as text, none is active, and the CSP is there
    _assert_inert(page)
    assert page.count("<h2>") == 13 and "<b>Recommendation:</b>" in page
    # and its notebook display (name, glance table, files) is inert too
    shown = card._repr_mimebundle_()["text/html"]
    assert assert_inert(shown).count("li") == len(card.paths) and payload in text_of(shown)
