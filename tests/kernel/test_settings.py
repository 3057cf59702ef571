"""Settings from traitlets config, pyproject.toml and the session, and %secure_check config."""

import pytest
from IPython.core.error import UsageError
from traitlets.config import Config

from secure_check.kernel.settings import ERR_BAD_PAIR, Settings, parse_pairs

PYPROJECT = """
[project]
name = "demo"

[tool.secure-check]
min-severity = "medium"
k_target = 10
disabled-rules = ["email"]
fail-on = "high"   # a CLI key: ignored here, not an error
"""


def test_defaults_without_any_config(tmp_path):
    settings = Settings(cwd=tmp_path)
    assert settings.get("guard_severity") == "high" and settings.get("k_target") == 5
    assert {origin for _, _, origin in settings.as_rows()} == {"default"}


def test_pyproject_found_upward_overrides_traitlets(tmp_path):
    # Given
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    nested = tmp_path / "notebooks" / "eda"
    nested.mkdir(parents=True)
    config = Config()
    config.SecureCheck.k_target = 3
    config.SecureCheck.guard_severity = "medium"
    # When
    settings = Settings(config, cwd=nested)
    # Then
    assert settings.pyproject == tmp_path / "pyproject.toml"
    assert settings.get("k_target") == 10 and settings.origin["k_target"] == "pyproject.toml"
    assert (
        settings.get("guard_severity") == "medium"
        and settings.origin["guard_severity"] == "traitlets"
    )
    assert settings.get("disabled_rules") == ["email"]
    assert settings.baseline_path == tmp_path / ".secure-check" / "baseline.json"


@pytest.mark.parametrize(
    ("pairs", "error"),
    [
        ({"nope": "1"}, "unknown setting 'nope'"),
        ({"k_target": "many"}, "bad value for k_target"),
        ({"guard_severity": "extreme"}, "bad value for guard_severity"),
        ({"scan_outputs": "maybe"}, "expected true or false"),
    ],
)
def test_bad_session_values_are_refused_and_nothing_changes(tmp_path, pairs, error):
    # Given
    settings = Settings(cwd=tmp_path)
    # When / Then
    with pytest.raises(ValueError, match=error):
        settings.update({"min_severity": "high", **pairs})
    assert settings.get("min_severity") == "low"


def test_parse_pairs_rejects_words_without_equals():
    assert parse_pairs(["a=1", "b = x,y"]) == {"a": "1", "b": "x,y"}
    with pytest.raises(ValueError, match=ERR_BAD_PAIR.format(item="oops")):
        parse_pairs(["oops"])


def test_config_magic_shows_and_sets(ip):
    # When
    table = ip.run_line_magic(
        "secure_check", "config min-severity=HIGH disabled_rules=a,b scan_outputs=off"
    )
    # Then
    rows = {row[0]: (row[1], row[2]) for row in table.rows}
    assert rows["min_severity"] == ("high", "session")
    assert rows["disabled_rules"] == ("a,b", "session")
    assert rows["scan_outputs"] == ("False", "session")
    assert "min_severity" in table._repr_mimebundle_()["text/html"]


def test_config_magic_reports_bad_keys_as_usage_errors(ip):
    with pytest.raises(UsageError, match="unknown setting 'colour'"):
        ip.run_line_magic("secure_check", "config colour=blue")


def test_bad_project_values_are_ignored_and_shown(ip, tmp_path):
    # Given
    (tmp_path / "pyproject.toml").write_text(
        '[tool.secure-check]\nk_target = "lots"\nguard = true\n'
    )
    ip.run_line_magic("unload_ext", "secure_check")
    ip.run_line_magic("load_ext", "secure_check")
    # When
    table = ip.run_line_magic("secure_check", "config")
    # Then
    rows = {row[0]: (row[1], row[2]) for row in table.rows}
    assert rows["k_target"] == ("5", "default") and rows["guard"] == ("True", "pyproject.toml")
    assert "ignored:" in table.note and "bad value for k_target" in table.note
    ip.run_line_magic("secure_check", "guard off")
