"""Every kernel view shows hostile notebook text as text, and never a raw secret.

The XSS corpus (tests/xss.py) goes into each field a notebook, a file name, a DataFrame or the
kernel's namespace controls; the views' HTML is parsed as a browser would build it.
"""

import random
from types import SimpleNamespace

import nbformat
import pandas as pd
import pytest

import synth_pii
import synth_secrets
from secure_check.core.findings import Finding, Severity
from secure_check.core.scan import Scanner
from secure_check.kernel.views import MAX_LISTED, FindingsReport, Notice, Table
from xss import PAYLOADS, assert_inert, text_of


def _finding(payload: str, severity: Severity = Severity.HIGH) -> Finding:
    return Finding(
        path=f"{payload}.ipynb", cell_index=0, cell_id=payload, where="output", output_index=0,
        line=1, column=1, category="secret", rule=payload, severity=severity,
        confidence=0.9, fingerprint=payload, preview=payload, message=payload, kind=payload,
    )  # fmt: skip


def _leaky_source(payload: str) -> tuple[str, list[str]]:
    """A cell with the payload on every line and format-valid secrets and PII among them."""
    rng = random.Random(5)
    token, ssn = synth_secrets.github_classic_token(rng), synth_pii.us_ssn(rng)
    pem, email = synth_secrets.rsa_pem(rng), synth_pii.email(rng).title()
    source = (
        f"# {payload}\ntoken = '{token}'  # {payload}\nssn = '{ssn}'\n"
        f'key = """{pem}"""\nto = "{email}"  # {payload}\n'
    )
    body = [line for line in pem.splitlines() if line and not line.startswith("-----")]
    return source, [token, ssn, ssn.replace("-", ""), email, *body]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_review_widget_shows_the_cell_as_inert_masked_text(ip, tmp_path, payload):
    # Given a notebook whose cell holds the payload, a token, an SSN, a PEM key and an e-mail
    source, secrets = _leaky_source(payload)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    (tmp_path / "work.ipynb").write_text(nbformat.writes(nb))
    ip.user_ns["__session__"] = str(tmp_path / "work.ipynb")
    review = ip.run_line_magic("secure_check", "review")
    # When each finding's cell is shown, and a hostile message reaches the status line
    views = []
    for _, index in review.selector.options:
        review.selector.value = (index,)
        review.show_button.click()
        views.append(review.cell_view.value)
    review._say(payload)
    # Then every view is inert, reads the payload as text, and shows no secret
    assert len(views) >= 4
    for page in views:
        assert assert_inert(page) == ["b", "pre"]
        assert text_of(page).count(payload) == 3
        assert [s for s in secrets if s in page] == []
    assert assert_inert(review.status.value) == [] and text_of(review.status.value) == payload


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_findings_view_escapes_every_field_and_shows_previews_only(payload):
    # Given real findings of a leaky text, and more hostile ones than the view lists
    source, secrets = _leaky_source(payload)
    found = Scanner().scan_text(source, f"{payload}.ipynb")
    hostile = [_finding(payload, s) for s in (Severity.HIGH, Severity.LOW) for _ in range(15)]
    hostile[0].accepted = True
    report = FindingsReport([*found, *hostile], f"{payload}.ipynb", payload, note=payload)
    # When it is displayed, and when it is empty
    bundle = report._repr_mimebundle_()
    empty = FindingsReport([], f"{payload}.ipynb", payload, note=payload)._repr_mimebundle_()
    # Then nothing is active, no secret shows in any form, and the table and the rest are there
    for page in (bundle["text/html"], empty["text/html"]):
        tags = assert_inert(page)
        assert payload in text_of(page)
        assert [s for s in secrets if s in str(bundle)] == []
    assert tags.count("p") == 1 and "table" not in tags
    page = bundle["text/html"]
    assert assert_inert(page).count("tr") == MAX_LISTED + 1
    assert "(accepted)" in text_of(page) and "more finding(s)" in text_of(page)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_tables_and_notices_escape_titles_cells_and_notes(payload):
    from secure_check.analyses.rich import verdict

    # Given a table and a notice made of payloads, with and without a verdict
    found = [{"category": "pii", "rule": payload, "severity": "high", "message": payload}]
    tables = [
        Table(payload, [payload, "n"], [[payload, 1], [None, payload]], note=payload),
        Table(payload, [payload], [[payload]], note=payload, verdict=verdict(payload, found)),
    ]
    notice = Notice(f"{payload}\n{payload}", "warning")
    # When they are displayed
    pages = [t._repr_mimebundle_()["text/html"] for t in tables]
    shown = notice._repr_mimebundle_()["text/html"]
    # Then each is inert and shows each payload as text
    for page in pages:
        tags = assert_inert(page)
        assert tags.count("td") >= 1 and text_of(page).count(payload) >= 4
    assert "details" in assert_inert(pages[1])
    assert assert_inert(shown) == ["div", "br"] and text_of(shown) == payload * 2


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_pii_view_escapes_column_names_and_shows_no_value(ip, payload):
    # Given a DataFrame whose SSN and e-mail columns are named by payloads
    people = synth_pii.people(30, seed=4)
    frame = pd.DataFrame({payload: [p["ssn"] for p in people],
                          f"{payload}@": [p["email"] for p in people]})  # fmt: skip
    ip.user_ns["frame"] = frame
    # When its PII profile is displayed
    page = ip.run_line_magic("secure_check", "pii frame")._repr_mimebundle_()["text/html"]
    # Then it is inert, names the column as text and shows none of its values
    assert "table" in assert_inert(page) and payload in text_of(page)
    assert [v for v in frame.to_numpy().ravel() if v in page] == []


class _Model:
    def predict(self, X):
        return X


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_analyses_view_escapes_model_names_types_and_the_audit_log(ip, payload):
    from secure_check.kernel.inventory import AUDITS, AnalysesView, inventory

    # Given a model bound to a hostile name, of a class with a hostile module and name
    hostile = type("M", (_Model,), {"__module__": payload, "__qualname__": payload})
    data = inventory({payload: hostile()})
    # and one the log says was audited at a hostile time and mitigated by a hostile method
    audits = {a: {"status": "current", "when": payload, "seq": 1} for a in AUDITS}
    data["models"].append({"name": payload, "type": "x", "audits": audits,
                           "mitigated_from": {"model": payload, "method": payload}})  # fmt: skip
    # When the view is displayed
    page = AnalysesView(data)._repr_mimebundle_()["text/html"]
    # Then it is inert and shows the names as text
    tags = assert_inert(page)
    assert tags.count("tr") == 3 and text_of(page).count(payload) >= 4
    titles = [v for tag, attrs in _attrs(page) for k, v in attrs if k == "title"]
    assert titles == [f"seq 1, {payload}"] * len(AUDITS)


def _attrs(page):
    from xss import Tags

    parser = Tags()
    parser.feed(page)
    return parser.tags


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_dependency_view_escapes_package_fields(payload):
    from secure_check.kernel.dependencies import DependencyView

    # Given an audit whose path, package fields and findings are payloads
    fields = dict.fromkeys(("name", "version", "licence", "licence_class"), payload)
    package = SimpleNamespace(**fields, vulnerabilities=[], sources=[payload])
    report = SimpleNamespace(
        path=payload, packages=[package], findings=[_finding(payload)], vulnerability_status=payload
    )
    report.to_dict = lambda: {"path": payload, "packages": [], "findings": []}
    # When it is displayed
    page = DependencyView(report)._repr_mimebundle_()["text/html"]
    # Then it is inert, leads with the verdict and folds the package table
    tags = assert_inert(page)
    assert tags.index("p") < tags.index("details") < tags.index("table")
    assert text_of(page).count(payload) >= 5
