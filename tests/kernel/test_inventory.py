"""The analyses view: each model in the kernel, its audits in the log, current / stale / missing."""

import json

import numpy as np
import pandas as pd
import pytest

from secure_check.kernel.inventory import AUDITS, INVENTORY_MIME, NO_MODELS, inventory, is_model

pytestmark = pytest.mark.filterwarnings(
    "ignore::UserWarning", "ignore::FutureWarning", "ignore::RuntimeWarning"
)


def _data(seed):
    rng = np.random.default_rng(seed)
    X = pd.DataFrame({"x1": rng.normal(size=120), "sex": rng.integers(0, 2, 120)})
    y = (X["x1"] + 0.5 * X["sex"] > 0.3).astype(int)
    return X, y


@pytest.fixture(autouse=True)
def no_other_models(ip, monkeypatch):
    """Hide models other tests left in the shared test shell."""
    for name, value in list(ip.user_ns.items()):
        if isinstance(name, str) and is_model(name, value):
            monkeypatch.delitem(ip.user_ns, name)


@pytest.fixture
def clf(ip):
    from sklearn.linear_model import LogisticRegression

    X, y = _data(0)
    model = LogisticRegression().fit(X, y)
    ip.user_ns.update(clf=model, X=X, y=y)
    yield model
    for name in ("clf", "X", "y", "other"):  # NOTE: the test shell is shared between tests
        ip.user_ns.pop(name, None)


def _statuses(ns, name="clf"):
    (model,) = [m for m in inventory(ns)["models"] if m["name"] == name]
    return {action: model["audits"][action]["status"] for action in AUDITS}


def test_fairness_run_is_current_then_stale_after_a_refit(ip, clf):
    # Given
    import secure_check
    from secure_check.core import audit, digests

    X, y = ip.user_ns["X"], ip.user_ns["y"]
    before = _statuses(ip.user_ns)
    # When
    secure_check.fairness(clf, X, y, sensitive_features=X["sex"], n_boot=10, discover=False)
    after = inventory(ip.user_ns)
    fitted = digests.model_digest(clf)
    X2, y2 = _data(1)
    clf.fit(X2 * 3.0, y2)
    refit = _statuses(ip.user_ns)
    # Then
    assert before == dict.fromkeys(AUDITS, "missing")
    (model,) = after["models"]
    assert model["name"] == "clf" and model["type"].endswith("LogisticRegression")
    assert model["digest"] == fitted == audit.read()[-1]["digests"]["model"]
    fair = model["audits"]["fairness"]
    last = audit.read()[-1]
    assert fair == {"status": "current", "when": last["time"], "seq": last["seq"]}
    assert {a: model["audits"][a]["status"] for a in ("explain", "robustness", "card")} == (
        dict.fromkeys(("explain", "robustness", "card"), "missing")
    )
    assert refit == {**dict.fromkeys(AUDITS, "missing"), "fairness": "stale"}
    json.dumps(after)  # NOTE: the panel reads it through json.dumps


def test_stale_without_an_inventory_in_between(ip, clf):
    # Given: audited, refit, and only then asked (the digest memory is model_digest's)
    import secure_check

    X, y = ip.user_ns["X"], ip.user_ns["y"]
    secure_check.fairness(clf, X, y, sensitive_features=X["sex"], n_boot=10, discover=False)
    clf.fit(X * -1.0, y)
    # When
    statuses = _statuses(ip.user_ns)
    # Then
    assert statuses["fairness"] == "stale"


def test_another_model_with_the_same_log_stays_missing(ip, clf):
    # Given
    from sklearn.linear_model import LogisticRegression

    import secure_check

    X, y = ip.user_ns["X"], ip.user_ns["y"]
    ip.user_ns["other"] = LogisticRegression(C=0.1).fit(X, y)
    # When
    secure_check.fairness(clf, X, y, sensitive_features=X["sex"], n_boot=10, discover=False)
    # Then
    assert _statuses(ip.user_ns, "clf")["fairness"] == "current"
    assert _statuses(ip.user_ns, "other")["fairness"] == "missing"


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("clf", "model", True),
        ("_clf", "model", False),
        ("cls", "class", False),
        ("fn", "function", False),
        ("frame", "frame", False),
    ],
)
def test_what_counts_as_a_model(name, value, expected):
    # Given
    from sklearn.linear_model import LogisticRegression

    values = {
        "model": LogisticRegression(),
        "class": LogisticRegression,
        "function": lambda: None,
        "frame": pd.DataFrame({"a": [1]}),
    }
    # When / Then
    assert is_model(name, values[value]) is expected


def test_the_magic_shows_a_table_and_the_panel_json(ip, clf):
    # When
    view = ip.run_line_magic("secure_check", "analyses")
    bundle = view._repr_mimebundle_()
    # Then
    assert bundle[INVENTORY_MIME]["models"][0]["name"] == "clf"
    assert "clf" in bundle["text/plain"] and "missing" in bundle["text/plain"]
    assert "<table>" in bundle["text/html"] and "<code>clf</code>" in bundle["text/html"]


def test_the_magic_says_when_there_is_no_model(ip):
    # When
    bundle = ip.run_line_magic("secure_check", "analyses")._repr_mimebundle_()
    # Then
    assert bundle["text/plain"] == NO_MODELS
    assert bundle[INVENTORY_MIME] == {"models": []}


class _Slotted:
    """A model that cannot be weakly referenced (no __weakref__ slot)."""

    __slots__ = ("w",)

    def __init__(self, w):
        self.w = w

    def predict(self, X):
        return [self.w] * len(X)


class _Unhashable(_Slotted):
    __slots__ = ("__weakref__",)

    def __eq__(self, other):
        return NotImplemented

    __hash__ = None


@pytest.mark.parametrize("kind", [_Slotted, _Unhashable])
def test_models_the_digest_cannot_remember_are_listed_never_stale(kind):
    # Given a model whose digest model_digest cannot keep, audited once
    from secure_check.core import audit, digests

    model = kind(1)
    audit.append("fairness", digests={"model": digests.model_digest(model)})
    # When it is changed and listed
    model.w = 2
    (entry,) = inventory({"m": model})["models"]
    # Then nothing raises, and without a memory the old audit reads as missing
    assert digests.digests_seen(model) == []
    assert entry["audits"]["fairness"]["status"] == "missing"


def test_model_digest_remembers_every_digest_of_an_object(ip, clf):
    # Given
    from secure_check.core import digests

    first = digests.model_digest(clf)
    X, y = ip.user_ns["X"], ip.user_ns["y"]
    # When
    second = digests.model_digest(clf.fit(X * 5.0, y))
    # Then
    assert first != second
    assert digests.digests_seen(clf)[-2:] == [first, second]


def test_an_adopted_model_is_its_own_row_linked_to_the_original(ip, clf):
    # Given a model mitigated from the magic line, bound to a new name
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(3)
    X = pd.DataFrame({"x1": rng.normal(size=600), "sex": rng.integers(0, 2, 600)})
    y = (X["x1"] + X["sex"] > 0.5).astype(int)
    ip.user_ns.update(lr=LogisticRegression().fit(X, y), Xm=X, ym=y)
    ip.run_line_magic(
        "secure_check",
        "mitigate lr --data Xm --target ym --sensitive sex --method reweighing --into fair",
    )
    # When the analyses view is built
    rows = {m["name"]: m for m in inventory(ip.user_ns)["models"]}
    for name in ("lr", "fair", "Xm", "ym"):
        ip.user_ns.pop(name, None)
    # Then the adopted model has its own row naming its original, method and constraint
    link = rows["fair"]["mitigated_from"]
    assert link["model"] == "lr" and link["method"] == "reweighing"
    assert link["constraint"] == "demographic_parity"
    assert rows["lr"]["mitigated_from"] is None
