"""Inputs people bring: arrays without names, progress output, backgrounds; import stays light."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.ensemble import RandomForestClassifier

import secure_check
from secure_check.analyses.explain import analyze as explain_mod

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:sklearn")


@pytest.fixture(scope="module")
def arrays():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(300, 4))
    group = (rng.random(300) < 0.5).astype(int)
    y = ((X[:, 0] + group) > 0.5).astype(int)
    model = RandomForestClassifier(n_estimators=15, max_depth=4, random_state=0).fit(X, y)
    return X, y, group, model


def test_numpy_inputs_and_unnamed_sensitive_array(arrays):
    # Given plain arrays and a 1-D array of groups
    X, y, group, model = arrays
    # When
    fair = secure_check.fairness(model, X, y, sensitive_features=group, n_boot=20)
    expl = secure_check.explain(model, X, sensitive_features=group, max_rows=60, progress=False)
    # Then columns get positional names and the groups the name "sensitive"
    assert set(fair.by_group) == {"sensitive"}
    assert set(expl.importance) == {"x0", "x1", "x2", "x3"}
    assert set(expl.by_group["sensitive"]) == {"0", "1"}


def test_progress_bar_reports_rows(arrays, capsys):
    # Given progress on (the default)
    X, _, _, model = arrays
    # When
    secure_check.explain(model, X, max_rows=40, pdp=False)
    # Then tqdm drew a bar named after the explainer, counting the rows
    err = capsys.readouterr().err
    assert "SHAP (tree)" in err and "/40" in err


def test_background_must_match_columns(arrays):
    X, _, _, model = arrays
    frame = pd.DataFrame(X, columns=list("abcd"))
    with pytest.raises(ValueError) as info:
        secure_check.explain(
            model, frame, background=frame.rename(columns={"a": "z"}), progress=False
        )
    assert str(info.value) == explain_mod.BAD_BACKGROUND.format(
        got=["z", "b", "c", "d"], want=["a", "b", "c", "d"]
    )


def test_background_array_with_the_right_width_is_used(arrays):
    X, _, _, model = arrays
    frame = pd.DataFrame(X, columns=list("abcd"))
    res = secure_check.explain(
        model,
        frame,
        background=X[:25],
        explainer="permutation",
        max_rows=5,
        progress=False,
        pdp=False,
    )
    assert res.meta["background_rows"] == 25


def test_importing_the_analyses_loads_no_heavy_library():
    # Given a fresh interpreter
    code = (
        "import sys, secure_check.analyses.fairness, secure_check.analyses.explain\n"
        "heavy = {'sklearn', 'shap', 'fairlearn', 'matplotlib', 'pandas', 'scipy'}\n"
        "print(sorted(heavy & set(sys.modules)))"
    )
    # When
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(Path(__file__).resolve().parents[3] / "src")},
    )
    # Then none of them was imported
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("analysis", ["fairness", "explain"])
def test_empty_input_is_refused(arrays, analysis):
    from secure_check.analyses.data import NO_ROWS

    _, _, _, model = arrays
    empty = pd.DataFrame({c: [] for c in ["x0", "x1", "x2", "x3"]}, dtype=float)
    with pytest.raises(ValueError) as info:
        if analysis == "fairness":
            secure_check.fairness(model, empty, [], sensitive_features="x0")
        else:
            secure_check.explain(model, empty, progress=False)
    assert str(info.value) == NO_ROWS
