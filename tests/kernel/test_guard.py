"""The guard and %%secure_check on an InteractiveShell: refused cells really do not run."""

import random

import pytest
from IPython.core.error import UsageError

import synth_pii
from secure_check.core.registry import Analyzer
from secure_check.core.scan import Scanner
from secure_check.kernel.advice import REFUSED_HEADER, REFUSED_HEADER_PII
from secure_check.kernel.forget import PLACEHOLDER
from secure_check.kernel.guard import ERR_SCAN_FAILED
from secure_check.kernel.state import state_of
from secure_check.kernel.views import FINDINGS_MIME


def _guard_on(ip):
    ip.run_line_magic("secure_check", "guard on")


def test_guard_refuses_cell_with_secret_and_does_not_run_it(ip, token, capsys):
    # Given
    _guard_on(ip)
    ip.user_ns.pop("ran", None)
    # When
    result = ip.run_cell(f"x = 1\napi_token = '{token}'\nran = True\n", store_history=True)
    # Then
    err = capsys.readouterr().err
    assert isinstance(result.error_before_exec, UsageError)
    assert "ran" not in ip.user_ns and "api_token" not in ip.user_ns
    assert REFUSED_HEADER in err and "line 2: github-token" in err
    assert 'os.environ["API_TOKEN"]' in err and "getpass" in err and ".env" in err
    assert token not in err


def test_refused_cell_is_scrubbed_from_history(ip, token):
    # Given
    _guard_on(ip)
    # When
    ip.run_cell(f"secret_value = '{token}'\n", store_history=True)
    # Then
    hm = ip.history_manager
    hm.writeout_cache()
    stored = [row[0] for row in hm.db.execute("SELECT source_raw FROM history").fetchall()]
    assert not any(token in s for s in stored)
    assert not any(token in s for s in hm.input_hist_raw + hm.input_hist_parsed)
    assert token not in str(ip.user_ns.get("_i")) and hm.input_hist_raw[-1] == PLACEHOLDER


def test_clean_cells_run_and_guard_off_lets_everything_run(ip, token):
    # Given
    _guard_on(ip)
    # When
    clean = ip.run_cell("clean_ran = 40 + 2")
    ip.run_line_magic("secure_check", "guard off")
    after_off = ip.run_cell(f"t = '{token}'\noff_ran = True")
    # Then
    assert clean.success and ip.user_ns["clean_ran"] == 42
    assert after_off.success and ip.user_ns["off_ran"] is True


def test_guard_is_left_out_of_completeness_checks(ip, token):
    # Given
    _guard_on(ip)
    # When
    status, _ = ip.input_transformer_manager.check_complete(f"t = '{token}'\n")
    # Then: a frontend asking "is this complete?" gets an answer, not a refusal
    assert status == "complete"


@pytest.mark.parametrize(
    "code",
    [
        "print('{prefix}' + '{rest}')",
        "'{prefix}' + '{rest}'",
        "from IPython.display import display\n"
        "display({{'text/html': '<b>{prefix}' + '{rest}</b>'}}, raw=True)",
    ],
    ids=["print", "result", "display"],
)
def test_guard_flags_secrets_a_cell_shows(ip, token, code, capsys):
    # Given: the secret is built at run time, so the source holds none
    _guard_on(ip)
    source = code.format(prefix=token[:6], rest=token[6:])
    # When
    result = ip.run_cell(source)
    # Then
    out = capsys.readouterr().out
    assert result.success
    assert "secure-check: 1 finding(s) in <cell output>" in out
    assert "secret/github-token" in out and "clear its output" in out


def test_cell_magic_refuses_then_force_runs_and_scans_output(ip, token, capsys):
    # Given
    body = f"forced = '{token}'\nprint(forced)\n"
    # When
    with pytest.raises(UsageError) as refused:
        ip.run_cell_magic("secure_check", "", body)
    ran_before_force = "forced" in ip.user_ns
    report = ip.run_cell_magic("secure_check", "--force", body)
    # Then
    assert REFUSED_HEADER in str(refused.value) and token not in str(refused.value)
    assert not ran_before_force and ip.user_ns["forced"] == token
    bundle = report._repr_mimebundle_()
    assert [f["rule"] for f in bundle[FINDINGS_MIME]["findings"]] == ["github-token"]
    assert bundle[FINDINGS_MIME]["findings"][0]["where"] == "output"


def test_cell_magic_runs_clean_cell_and_guard_does_not_double_refuse(ip, token):
    # Given
    _guard_on(ip)
    # When
    clean = ip.run_cell("%%secure_check\nmagic_ran = 'yes'\n")
    forced = ip.run_cell(f"%%secure_check --force\nforced_ran = '{token}'\n")
    # Then
    assert clean.success and ip.user_ns["magic_ran"] == "yes"
    assert forced.success and ip.user_ns["forced_ran"] == token


def test_cell_magic_reports_an_error_in_the_body(ip):
    with pytest.raises(UsageError, match="the cell raised ZeroDivisionError"):
        ip.run_cell_magic("secure_check", "", "1 / 0\n")


def test_guard_status_counts_refusals(ip, token):
    # Given
    _guard_on(ip)
    ip.run_cell(f"t = '{token}'")
    # When
    status = ip.run_line_magic("secure_check", "guard")
    # Then
    assert "guard is on (1 cell(s) refused" in status.text


def test_unload_removes_the_guard(ip, token):
    # Given
    _guard_on(ip)
    # When
    ip.run_line_magic("unload_ext", "secure_check")
    result = ip.run_cell(f"t = '{token}'\nunloaded_ran = True")
    ip.run_line_magic("load_ext", "secure_check")
    # Then
    assert result.success and ip.user_ns["unloaded_ran"] is True


def test_guard_turned_on_at_load_by_project_config(ip, token, tmp_path):
    # Given
    ip.run_line_magic("unload_ext", "secure_check")
    (tmp_path / "pyproject.toml").write_text("[tool.secure-check]\nguard = true\n")
    # When
    ip.run_line_magic("load_ext", "secure_check")
    result = ip.run_cell(f"t = '{token}'\nloaded_guard_ran = True")
    # Then
    assert isinstance(result.error_before_exec, UsageError)
    assert "loaded_guard_ran" not in ip.user_ns


def test_guard_flags_pii_in_a_displayed_dataframe(ip, monkeypatch):
    # Given: a notebook frontend renders HTML; the frame holds synthetic people
    import pandas as pd

    import synth_pii
    from secure_check.kernel.views import MAX_LISTED

    monkeypatch.setattr(ip.display_formatter, "active_types", ["text/plain", "text/html"])
    people = pd.DataFrame(synth_pii.people(30, seed=5))
    ip.user_ns["people"] = people
    _guard_on(ip)
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, **kw: shown.append(obj))
    # When
    result = ip.run_cell("people.head(30)")
    # Then
    assert result.success and len(shown) == 1
    report = shown[0]
    kinds = {f.message.split("'")[1] for f in report.findings if f.rule == "pii-column"}
    assert {"email", "ssn", "phone"} <= kinds
    text = report._repr_mimebundle_()["text/plain"]
    assert not any(v in text for v in [*people["email"], *people["ssn"]])
    listed = len(report.findings)
    assert (f"and {listed - MAX_LISTED} more" in text) == (listed > MAX_LISTED)


def test_guard_honours_the_allowlist_pragma(ip, token):
    # Given
    _guard_on(ip)
    # When
    result = ip.run_cell(f"fixture_token = '{token}'  # pragma: allowlist secret")
    # Then
    assert result.success and ip.user_ns["fixture_token"] == token


class _Broken(Analyzer):
    """An analyzer that fails on every segment: the guard must fail open, quietly."""

    name = "test-broken"

    def scan(self, segment):
        raise KeyError(segment.text)  # the message holds the cell text: it must not be shown


def test_a_scanner_fault_lets_the_cell_run_with_a_short_warning(ip, token, capsys):
    # Given
    _guard_on(ip)
    state_of(ip)._scanner = Scanner([_Broken()])
    # When
    result = ip.run_cell(f"print('ok'); faulty = '{token}'")
    # Then
    err = capsys.readouterr().err
    assert result.success and ip.user_ns["faulty"] == token
    assert ERR_SCAN_FAILED.format(what="this cell", error="KeyError") in err
    assert token not in err and "Traceback" not in err


def test_nested_captures_restore_each_other(ip, token, capsys):
    # Given: the guard watches the outer cell, %%secure_check --force the inner one
    import sys

    _guard_on(ip)
    # When
    ip.run_cell(f"%%secure_check --force\nprint('{token}')\n")
    after = ip.run_cell(f"print('{token[:6]}' + '{token[6:]}')")
    # Then: the guard still sees what the next cell prints, and nothing is left patched
    assert after.success
    assert capsys.readouterr().out.count("secure-check: 1 finding(s) in <cell output>") == 2
    ip.run_line_magic("secure_check", "guard off")
    left = [vars(sys.stdout).get("write"), vars(ip.display_pub).get("publish")]
    assert not any("OutputCapture" in getattr(f, "__qualname__", "") for f in left)


def test_cell_magic_refuses_high_severity_personal_data(ip):
    # Given: a valid-format US SSN (synthetic) typed into the cell
    ssn = synth_pii.us_ssn(random.Random(2))
    # When
    with pytest.raises(UsageError) as refused:
        ip.run_cell_magic("secure_check", "", f"patient_ssn = '{ssn}'  # SSN\n")
    # Then
    assert REFUSED_HEADER_PII in str(refused.value) and ssn not in str(refused.value)
    assert "patient_ssn" not in ip.user_ns
