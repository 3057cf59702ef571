"""Each model analysis appends a value-free entry to the audit log, chained to the last one."""

import numpy as np
import pytest

from secure_check.core import audit

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:art")


def _data(n=200, seed=0):
    import pandas as pd

    rng = np.random.default_rng(seed)
    X = pd.DataFrame({"a": rng.normal(size=n), "b": rng.normal(size=n), "g": rng.integers(0, 2, n)})
    y = (X["a"] + 0.5 * X["g"] + rng.normal(scale=0.5, size=n) > 0).astype(int)
    return X, y


def test_fairness_and_explain_runs_are_logged_and_chained(_private_audit_log):
    from sklearn.linear_model import LogisticRegression

    import secure_check

    # Given
    X, y = _data()
    model = LogisticRegression().fit(X, y)
    # When
    secure_check.fairness(model, X, y, sensitive_features=["g"])
    secure_check.explain(model, X)
    # Then
    first, second = audit.read(_private_audit_log)
    assert [first["action"], second["action"]] == ["fairness", "explain"]
    assert first["digests"]["model"] == second["digests"]["model"]
    assert second["prev_hash"] == first["hash"]
    assert audit.verify(_private_audit_log) == []


def test_an_unwritable_log_warns_but_keeps_the_result(monkeypatch, tmp_path):
    from sklearn.linear_model import LogisticRegression

    import secure_check

    X, y = _data()
    model = LogisticRegression().fit(X, y)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("SECURE_CHECK_AUDIT_LOG", str(blocker / "audit.jsonl"))
    with pytest.warns(UserWarning, match="audit log was not written"):
        result = secure_check.fairness(model, X, y, sensitive_features=["g"])
    assert result.to_dict()["overall"]
