"""%secure_check scan: the notebook the frontend names, else the In/Out history."""

import json

import nbformat
import pytest
from IPython.core.error import UsageError

from secure_check.kernel.session import HISTORY_PATH, NOTE_SAVED_FILE, notebook_path
from secure_check.kernel.views import FINDINGS_MIME


def _write_notebook(path, *sources):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(nbformat.writes(nb))
    return path


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("__vsc_ipynb_file__", "{abs}"),
        ("__session__", "{abs}"),
        ("__session__", "work/nb.ipynb"),  # relative to the server root, an ancestor of cwd
        ("JPY_SESSION_NAME", "work/nb.ipynb"),
    ],
)
def test_notebook_path_from_frontend_hints(tmp_path, monkeypatch, variable, value):
    # Given: the kernel runs in the notebook's folder
    nb = _write_notebook(tmp_path / "work" / "nb.ipynb", "x = 1")
    value = value.format(abs=nb)
    ns = {}
    if variable == "JPY_SESSION_NAME":
        monkeypatch.setenv(variable, value)
    else:
        monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
        ns[variable] = value
    # When
    found = notebook_path(ns, cwd=tmp_path / "work")
    # Then
    assert found == nb


def test_notebook_path_is_none_for_consoles(tmp_path, monkeypatch):
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    assert notebook_path({"__session__": "console-1"}, cwd=tmp_path) is None
    assert notebook_path({"__session__": "gone.ipynb"}, cwd=tmp_path) is None


def test_scan_reads_the_session_notebook(ip, tmp_path, token):
    # Given
    nb = _write_notebook(tmp_path / "analysis.ipynb", "import os", f"key = '{token}'")
    ip.user_ns["__session__"] = str(nb)
    # When
    report = ip.run_line_magic("secure_check", "")
    # Then
    bundle = report._repr_mimebundle_()
    payload = bundle[FINDINGS_MIME]
    assert payload["path"] == "analysis.ipynb" and report.source == "notebook file"
    assert [(f["rule"], f["cell_index"], f["line"]) for f in payload["findings"]] == [
        ("github-token", 1, 1)
    ]
    assert NOTE_SAVED_FILE in bundle["text/plain"]
    assert token not in json.dumps(bundle)
    assert "github-token" in bundle["text/html"] and "<table>" in bundle["text/html"]


def test_scan_falls_back_to_history_with_prompt_numbers(ip, token):
    # Given: a cell ran (guard off) with a secret, and one displayed a secret
    ip.run_cell(f"hist_key = '{token}'", store_history=True)
    count = ip.execution_count - 1
    # When
    report = ip.run_line_magic("secure_check", "scan")
    # Then
    assert report.path == HISTORY_PATH and report.source == "session history"
    hit = [f for f in report.findings if f.rule == "github-token"]
    assert hit and hit[-1].cell_id == f"In[{count}]"
    assert f"cell In[{count}], line 1" in report._repr_mimebundle_()["text/plain"]


def test_scan_path_argument_and_errors(ip, tmp_path, token):
    # Given
    _write_notebook(tmp_path / "nbs" / "a.ipynb", f"k = '{token}'")
    (tmp_path / "nbs" / "broken.ipynb").write_text("{not json")
    # When
    report = ip.run_line_magic("secure_check", "scan nbs/a.ipynb")
    # Then
    assert [f.rule for f in report] == ["github-token"]
    with pytest.raises(UsageError, match=r"no such file or folder: nope\.ipynb"):
        ip.run_line_magic("secure_check", "scan nope.ipynb")
    with pytest.raises(UsageError, match="not a JSON document"):
        ip.run_line_magic("secure_check", "scan nbs/broken.ipynb")


def test_scan_marks_baseline_acceptances_and_hides_disabled_rules(ip, tmp_path, token):
    # Given
    _write_notebook(tmp_path / "a.ipynb", f"k = '{token}'")
    first = ip.run_line_magic("secure_check", "scan a.ipynb")
    from secure_check.core.baseline import Baseline

    baseline = Baseline()
    baseline.accept(first.findings[0], "test fixture token")
    baseline.save(tmp_path / ".secure-check" / "baseline.json")
    # When
    accepted = ip.run_line_magic("secure_check", "scan a.ipynb")
    ip.run_line_magic("secure_check", "config disabled_rules=github-token")
    hidden = ip.run_line_magic("secure_check", "scan a.ipynb")
    # Then
    assert (
        accepted.findings[0].accepted and "(accepted)" in accepted._repr_mimebundle_()["text/plain"]
    )
    assert len(hidden) == 0


def test_history_flag_scans_the_session_even_with_a_notebook(ip, tmp_path, token):
    # Given: the saved notebook is clean, the session displayed a secret
    clean = _write_notebook(tmp_path / "clean.ipynb", "x = 1")
    ip.user_ns["__session__"] = str(clean)
    ip.run_cell(f"'{token[:6]}' + '{token[6:]}'", store_history=True)
    cell_id = f"In[{ip.execution_count - 1}]"
    # When
    from_file = ip.run_line_magic("secure_check", "scan")
    from_history = ip.run_line_magic("secure_check", "scan --history")
    # Then
    assert len(from_file) == 0
    mine = [(f.rule, f.where) for f in from_history if f.cell_id == cell_id]
    assert mine == [("github-token", "output")]


def test_paths_are_relative_to_the_project_root(ip, tmp_path, monkeypatch, token):
    # Given: the kernel runs in a sub-folder of a project whose baseline folder exists
    (tmp_path / ".secure-check").mkdir()
    nb = _write_notebook(tmp_path / "notebooks" / "eda.ipynb", f"k = '{token}'")
    monkeypatch.chdir(tmp_path / "notebooks")
    ip.user_ns["__session__"] = str(nb)
    # When
    report = ip.run_line_magic("secure_check", "")
    # Then: the same path the JupyterLab panel and the CLI (run at the root) use
    assert report.path == "notebooks/eda.ipynb"
    assert {f.path for f in report} == {"notebooks/eda.ipynb"}


def test_folder_scan_skips_and_names_unreadable_notebooks(ip, tmp_path, token):
    # Given
    _write_notebook(tmp_path / "nbs" / "a.ipynb", f"k = '{token}'")
    (tmp_path / "nbs" / "broken.ipynb").write_text("{not json")
    # When
    report = ip.run_line_magic("secure_check", "scan nbs")
    # Then
    assert [f.path for f in report] == ["nbs/a.ipynb"]
    assert (
        "] nbs/a.ipynb, cell 1, line 1: secret/github-token"
        in report._repr_mimebundle_()["text/plain"]
    )
    assert "Skipped 1 unreadable file(s): nbs/broken.ipynb: not a JSON document" in report.note


def test_history_scan_sees_what_cells_printed(ip, token):
    # Given: IPython 9 records printed text per prompt; the secret is built at run time
    ip.run_cell(f"print('{token[:6]}' + '{token[6:]}')", store_history=True)
    cell_id = f"In[{ip.execution_count - 1}]"
    # When
    report = ip.run_line_magic("secure_check", "scan --history")
    # Then
    mine = [(f.rule, f.where, f.kind) for f in report if f.cell_id == cell_id]
    assert mine == [("github-token", "output", "stream")]
