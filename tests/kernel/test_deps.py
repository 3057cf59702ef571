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
