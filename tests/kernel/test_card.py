"""%secure_check card: the session's fairness result flows into the model card the magic builds."""

import json

import numpy as np
import pandas as pd
import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore::UserWarning", "ignore::FutureWarning"),
]


def test_card_uses_the_session_fairness_result(ip, tmp_path):
    # Given: a model trained in the test, and a fairness analysis run through the magic
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(1)
    X = pd.DataFrame({"x1": rng.normal(size=240), "sex": rng.integers(0, 2, 240)})
    y = (X["x1"] + 0.4 * X["sex"] + rng.normal(scale=0.5, size=240) > 0).astype(int)
    ip.user_ns.update(clf=LogisticRegression().fit(X, y), X=X, y=y)
    fairness = ip.run_line_magic("secure_check", "fairness clf --data X --target y --sensitive sex")
    from secure_check.card import keygen

    keygen(tmp_path / "keys")
    line = "card clf --name credit --out cards --data X --target y --sign keys/signing.key"
    # When
    card = ip.run_line_magic("secure_check", line)
    # Then
    folder = tmp_path / "cards"
    written = {p.name for p in folder.iterdir()}
    assert {"README.md", "model-card.json", "model-card.html", "card.dsse.json"} <= written
    assert "text/html" in card._repr_mimebundle_()
    readme = (folder / "README.md").read_text()
    dpd = fairness.to_dict()["disparities"]["sex"]["demographic_parity_difference"]
    row = next(r for r in readme.splitlines() if "| sex | demographic_parity_difference |" in r)
    assert float(row.strip(" |").split("|")[-1]) == pytest.approx(dpd, rel=1e-3, abs=1e-6)
    assert json.loads((folder / "model-card.json").read_text())
