"""Argument parsing, usage errors and dispatch of the model analyses to the Python API."""

import numpy as np
import pandas as pd
import pytest
from IPython.core.error import UsageError

from secure_check.core.extras import MISSING_EXTRA
from secure_check.kernel import commands, models

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::FutureWarning")


@pytest.mark.parametrize(
    ("line", "command", "extra"),
    [
        ("", "scan", {"path": None}),
        ("scan notebooks/a.ipynb", "scan", {"path": "notebooks/a.ipynb"}),
        ("other.ipynb", "scan", {"path": "other.ipynb"}),
        ("guard", "guard", {"state": "status"}),
        (
            "anonymize df --columns a,b --method mask --into out",
            "anonymize",
            {"columns": ["a", "b"]},
        ),
        (
            "robustness m --data X --target y --eps 0.1,0.3 --train Xt yt",
            "robustness",
            {"eps": [0.1, 0.3]},
        ),
        (
            "fairness clf --data X --target y --sensitive sex,race",
            "fairness",
            {"sensitive": "sex,race"},
        ),
    ],
)
def test_lines_parse_into_commands(line, command, extra):
    args = commands.parse(line)
    assert args.command == command
    assert {k: getattr(args, k) for k in extra} == extra


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("frobnicate", "unknown command 'frobnicate'"),
        ("guard maybe", "invalid choice: 'maybe'"),
        ("anonymize df --method shuffle", "invalid choice: 'shuffle'"),
        ("fairness clf --target y", "the following arguments are required: --data"),
        ("robustness m --data X --eps 0.1,lots", "expected numbers like 0.05,0.1"),
        ("pii 'unclosed", "cannot split the arguments"),
    ],
)
def test_wrong_arguments_raise_usage_error_with_usage(ip, line, message):
    with pytest.raises(UsageError) as error:
        ip.run_line_magic("secure_check", line)
    assert message in str(error.value)
    assert "usage: %secure_check" in str(error.value) or "cannot split" in message


def test_help_is_displayed_not_printed(ip, capsys):
    # When
    shown = ip.run_line_magic("secure_check", "anonymize --help")
    overall = ip.run_line_magic("secure_check", "help")
    # Then
    assert "--method {auto,hash,mask,drop,generalize}" in shown.text
    assert all(c in overall.text for c in ("guard", "fairness", "robustness", "card"))
    assert capsys.readouterr().out == ""


def test_undefined_names_are_named(ip):
    with pytest.raises(UsageError, match="MODEL 'no_such_model' is not defined"):
        ip.run_line_magic("secure_check", "explain no_such_model --data X")
    ip.user_ns["m"] = object()
    with pytest.raises(UsageError, match=r"cannot evaluate --data 'm\.nope': AttributeError"):
        ip.run_line_magic("secure_check", "explain m --data m.nope")


def test_missing_optional_dependency_names_the_extra(monkeypatch):
    # Given: a command whose backing module needs a package that is not installed
    monkeypatch.setitem(models.COMMANDS, "explain", "not_installed_pkg_x9.sub:explain")
    # When
    with pytest.raises(ImportError) as error:
        models._load("explain")
    # Then
    assert str(error.value) == MISSING_EXTRA.format(
        feature="%secure_check explain", module="not_installed_pkg_x9", extra="explain"
    )


def test_missing_secure_check_module_is_a_clear_message(monkeypatch):
    monkeypatch.setitem(models.COMMANDS, "card", "secure_check.no_card_here:build_card")
    with pytest.raises(ValueError, match="%secure_check card is not available"):
        models._load("card")


@pytest.mark.slow
def test_fairness_dispatch_resolves_names_and_target_column(ip):
    # Given: a model trained in the test; the target is a column of the frame
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"x1": rng.normal(size=300), "sex": rng.integers(0, 2, 300)})
    frame["label"] = (
        frame["x1"] + 0.5 * frame["sex"] + rng.normal(scale=0.5, size=300) > 0
    ).astype(int)
    model = LogisticRegression().fit(frame[["x1", "sex"]], frame["label"])
    ip.user_ns.update(model=model, frame=frame)
    # When
    result = ip.run_line_magic(
        "secure_check", "fairness model --data frame --target label --sensitive sex"
    )
    # Then
    data = result.to_dict()
    assert set(data["by_group"]["sex"]) == {"0", "1"}
    assert data["by_group"]["sex"]["0"]["count"] + data["by_group"]["sex"]["1"]["count"] == 300
    assert "text/html" in result._repr_mimebundle_()


def test_robustness_arguments_resolve_in_the_namespace():
    # Given
    frame = pd.DataFrame({"a": [1.0, 2.0], "label": [0, 1]})
    ns = {"clf": object(), "frame": frame, "Xt": "train-X", "yt": "train-y", "grp": [0, 1]}
    line = "robustness clf --data frame --target label --train Xt yt --eps 0.1,0.2 --sensitive grp"
    # When
    kwargs = models._robustness(commands.parse(line), ns)
    # Then
    assert list(kwargs["X"].columns) == ["a"] and list(kwargs["y"]) == [0, 1]
    assert (kwargs["X_train"], kwargs["y_train"]) == ("train-X", "train-y")
    assert kwargs["eps"] == [0.1, 0.2] and kwargs["sensitive_features"] == [0, 1]
    assert kwargs["model"] is ns["clf"] and kwargs["seed"] == 0


def test_explain_sensitive_columns_stay_names():
    frame = pd.DataFrame({"age": [30, 40], "sex": ["F", "M"]})
    line = """explain m --data "frame[['age','sex']]" --sensitive sex,age --budget 2"""
    args = commands.parse(line)
    kwargs = models._explain(args, {"m": object(), "frame": frame})
    assert kwargs["sensitive_features"] == ["sex", "age"] and kwargs["budget"] == 2.0
    assert list(kwargs["X"].columns) == ["age", "sex"]


def test_card_arguments_use_the_session_results_unless_named():
    # Given
    ns = {"clf": "model", "fair": "named-fairness"}
    context = {
        "results": {"fairness": "last-fairness", "robustness": "last-robustness"},
        "notebook": "a.ipynb",
    }
    args = commands.parse(
        "card clf --fairness fair --out cards --sign keys/signing.key --name credit"
    )
    # When
    kwargs = models._card(args, ns, context)
    # Then
    assert kwargs["fairness"] == "named-fairness" and kwargs["robustness"] == "last-robustness"
    assert kwargs["explanation"] is None and kwargs["notebook"] == "a.ipynb"
    assert (kwargs["out_dir"], kwargs["sign_key"], kwargs["name"]) == (
        "cards",
        "keys/signing.key",
        "credit",
    )


def test_missing_pandas_names_the_magics_extra(ip, monkeypatch):
    # Given: pandas cannot be imported (as in a base install without the magics extra)
    import sys

    ip.user_ns["emails"] = ["a@b.org"]
    monkeypatch.setitem(sys.modules, "pandas", None)
    # When
    with pytest.raises(UsageError) as error:
        ip.run_line_magic("secure_check", "pii emails")
    # Then
    assert str(error.value) == MISSING_EXTRA.format(
        feature="%secure_check pii", module="pandas", extra="magics"
    )
