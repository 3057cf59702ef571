"""The signed card records the mitigation, names the sensitive feature it reads, and verifies."""

import json

import secure_check
from secure_check.card import build_card
from secure_check.card.sign import keygen
from secure_check.cli.main import main
from secure_check.core import audit


def test_the_card_records_the_mitigation_and_verifies(credit_model, split_credit, tmp_path, capsys):
    # Given a mitigation run on HMDA (logged in this test's audit log) and a key pair
    X_tr, X_te, y_tr, y_te = split_credit
    mitigated = secure_check.mitigate(
        credit_model, X_tr, y_tr, sensitive_features="afam", X_test=X_te, y_test=y_te,
        method=["threshold", "reweighing"], n_boot=200, progress=False,
    )  # fmt: skip
    key, pub = keygen(tmp_path / "keys")
    log = audit.default_path()
    mitigated_model = mitigated.estimators["threshold"]
    # When a signed card is built for the mitigated model
    card = build_card(
        mitigated_model,
        name="hmda-threshold",
        out_dir=tmp_path / "card",
        X=X_te,
        y=y_te,
        mitigation=mitigated,
        sign_key=key,
        log=log,
    )
    # Then the card cites the mitigate run that made its model, and verifies
    assert "mitigate" in [e["action"] for e in card.content["audit"]["entries"]]
    rc = main(["verify", str(card.folder), "--key", str(pub), "--log", str(log)])
    out = capsys.readouterr().out
    assert rc == 0, out
    # and its mitigation section holds the method, constraint and before/after figures
    saved = json.loads((card.folder / "model-card.json").read_text())
    section = card.content["mitigation"]
    assert section["status"] == "run"
    assert section["meta"]["constraint"] == "demographic_parity"
    methods = [c["method"] for c in section["candidates"]]
    assert methods[0] == "original" and "threshold" in methods
    assert "Bias mitigation" in (card.folder / "README.md").read_text()
    assert "mitigation: trade-off" in json.dumps(saved)
    # and the card's evaluation of the mitigated model matches the figure the result reported
    threshold = next(c for c in section["candidates"] if c["method"] == "threshold")
    assert card.content["evaluation"]["metrics"]["accuracy"] == round(threshold["metric"], 4)


def test_the_regulation_block_names_the_sensitive_feature_read_at_prediction(mitigated, tmp_path):
    # Given a mitigation whose recommended model reads afam (or not)
    card = build_card(
        mitigated.estimator,
        out_dir=tmp_path / "card",
        mitigation=mitigated,
        log=tmp_path / "audit.jsonl",
    )
    stated = card.content["regulation"]["sensitive_attributes_at_prediction"]
    # Then the regulation block says so, in either case
    if mitigated.needs_sensitive_at_prediction:
        assert stated.startswith("afam: the adopted mitigation") and "GDPR Art. 9" in stated
    else:
        assert stated.startswith("none: the adopted mitigation")
    assert "Sensitive attributes the model reads" in (tmp_path / "card" / "README.md").read_text()


def test_the_audit_log_records_method_constraint_figures_and_digests(credit_model, split_credit):
    # Given a mitigation run with the user's test split
    X_tr, X_te, y_tr, y_te = split_credit
    result = secure_check.mitigate(
        credit_model,
        X_tr,
        y_tr,
        sensitive_features="afam",
        X_test=X_te,
        y_test=y_te,
        constraint="equalized_odds",
        method="threshold",
        n_boot=0,
        progress=False,
    )
    # When the audit log (the test's private one) is read
    (entry,) = [e for e in audit.read() if e["action"] == "mitigate"]
    # Then the run is there with its constraint, choice, figures and the data's digests
    summary = entry["summary"]
    assert summary["constraint"] == "equalized_odds"
    assert summary["method"] == result.recommendation["method"]
    for row in result.candidates:
        assert summary["figures"][row["method"]]["disparity"] == row["disparity"]
    assert {"model", "data:X", "data:X_test", "mitigated:threshold"} <= set(entry["digests"])
    assert all(v.startswith("sha256:") for v in entry["digests"].values())
