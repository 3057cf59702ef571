"""`%secure_check deps`: the packages the notebook uses, as findings with a rich display."""

import json

import nbformat
from nbformat import v4


def test_deps_audits_the_named_notebook(ip, tmp_path):
    # Given a notebook that installs a package without a pin
    nb = v4.new_notebook(cells=[v4.new_code_cell("%pip install requests\nimport requests")])
    nbformat.write(nb, tmp_path / "analysis.ipynb")
    # When
    report = ip.run_line_magic("secure_check", "deps analysis.ipynb")
    # Then
    bundle = report._repr_mimebundle_()
    data = json.loads(json.dumps(report.to_dict()))
    assert "text/html" in bundle
    assert data["findings"], data
    assert all(f["category"] == "dependency" for f in data["findings"])
    assert any("requests" in f["message"] for f in data["findings"])


def test_deps_without_a_notebook_audits_the_session_history(ip):
    ip.run_cell("import json")
    report = ip.run_line_magic("secure_check", "deps")
    assert report.to_dict()["path"] == "<session>"


def test_the_deps_display_leads_with_its_verdict_in_every_form(ip, tmp_path):
    from secure_check.deps.audit import MIME_TYPE, audit
    from secure_check.kernel.dependencies import DependencyView

    # Given a notebook that installs a package without a pin, audited offline
    nb = v4.new_notebook(cells=[v4.new_code_cell("%pip install requests\nimport requests")])
    nbformat.write(nb, tmp_path / "analysis.ipynb")
    view = DependencyView(audit(tmp_path / "analysis.ipynb", path="analysis.ipynb", online=False))
    bundle = view._repr_mimebundle_()
    v = view.verdict()
    # Then the headline says what needs doing and that advisories were not asked
    assert v["headline"] == (
        "Dependencies of analysis.ipynb: nothing needs attention; 1 low-severity note(s). "
        "Vulnerabilities not checked: disabled."
    )
    assert v["notes"][0]["label"] == "unpinned package install"
    # And the HTML, the text and the JSON all lead with it; the package table is folded
    page = bundle["text/html"]
    body = page.split(">", 1)[1]
    assert body.startswith('<p class="jp-SecureCheck-Verdict')
    evidence = page.index("jp-SecureCheck-Evidence")
    assert page.index("pin the version") < evidence < page.index("<table>")
    assert bundle["text/plain"].splitlines()[0] == v["headline"]
    assert next(iter(bundle[MIME_TYPE])) == "verdict"
    assert view.findings == view.report.findings and view.to_dict()["path"] == "analysis.ipynb"


def test_the_deps_magic_returns_the_display_that_leads_with_the_verdict(ip):
    from secure_check.kernel.dependencies import DependencyView

    ip.run_cell("import json")
    report = ip.run_line_magic("secure_check", "deps")
    assert isinstance(report, DependencyView)
    assert report._repr_mimebundle_()["text/html"].index("jp-SecureCheck-Verdict") < 60
