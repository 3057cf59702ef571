"""build_card end to end: real model, real analyses, three renderings, no raw secret anywhere."""

from __future__ import annotations

import json

import pytest
import yaml

from secure_check.card import build_card
from secure_check.card.sections import NOT_RUN, NOT_STATED

FILES = ("README.md", "model-card.json", "model-card.html", "card.dsse.json")


def test_card_writes_every_rendering_and_binds_the_model(signed_card):
    # Given a card built from a fitted pipeline held in memory
    card = signed_card["card"]
    # When we look in its folder
    names = {p.name for p in card.folder.iterdir()}
    # Then the model was saved with skops next to the three renderings and the envelope
    assert {"model.skops", *FILES} <= names
    details = card.content["model_details"]
    assert details["type"] == "sklearn.pipeline.Pipeline"
    assert details["task"] == "classification"
    assert details["parameters"]["logisticregression__max_iter"] == 1000
    assert {"python", "scikit-learn", "numpy"} <= set(details["libraries"])
    assert details["notebook"]["path"] == "../train.ipynb"


def test_markdown_has_hugging_face_metadata_with_model_index(signed_card):
    # Given the README.md
    text = (signed_card["card"].folder / "README.md").read_text()
    # When its YAML front matter is parsed
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    # Then it names the library and carries the evaluation metrics as model-index results
    assert meta["library_name"] == "sklearn"
    result = meta["model-index"][0]["results"][0]
    metrics = {m["type"]: m["value"] for m in result["metrics"]}
    assert metrics["accuracy"] == signed_card["card"].content["evaluation"]["metrics"]["accuracy"]
    assert 0.5 < metrics["accuracy"] <= 1 and "roc_auc" in metrics
    for heading in ("## Fairness", "## Explanation", "## Robustness", "## Regulation"):
        assert heading in body


def test_json_is_model_card_toolkit_shaped(signed_card):
    # Given the Model Card Toolkit JSON
    data = json.loads((signed_card["card"].folder / "model-card.json").read_text())
    # Then the MCT top-level sections are present with their expected shapes
    assert data["schema_version"] == "0.0.2"
    assert data["model_details"]["name"] == "wages"
    perf = data["quantitative_analysis"]["performance_metrics"]
    assert {"type": "accuracy", "slice": "overall"}.items() <= perf[0].items()
    assert all(isinstance(m["value"], str) for m in perf)
    assert any(m["slice"] == "gender" for m in perf)  # fairness disparities by feature
    images = data["quantitative_analysis"]["graphics"]["collection"]
    assert images and all(img["image"].startswith("iVBOR") for img in images)  # PNG base64
    assert data["considerations"]["use_cases"][0]["description"].startswith("Teaching")


def test_sections_hold_the_real_analysis_results(signed_card, analyses):
    # Given the card content
    c = signed_card["card"].content
    # Then each analysis section mirrors its result, and the plots are embedded in the HTML
    fair = analyses["fairness"].to_dict()
    assert c["fairness"]["disparities"] == json.loads(json.dumps(fair["disparities"]))
    assert list(c["explanation"]["importance"]) == list(analyses["explanation"].importance)
    assert c["robustness"]["clean_accuracy"] == pytest.approx(analyses["robustness"].clean_accuracy)
    html = (signed_card["card"].folder / "model-card.html").read_text()
    assert html.count("data:image/png;base64,") >= len(fair["plots"]) + 2
    assert "<script" not in html and "http://" not in html and "https://" not in html
    # And the Markdown summarises partial dependence and the privacy probes in words
    md = (signed_card["card"].folder / "README.md").read_text()
    assert "| feature | lowest average at | highest average at | effect range |" in md
    assert "Membership inference (" in md and "Poisoning screen:" in md
    # And the card says which label counted as favourable (none was given: assumed)
    assert fair["meta"]["favorable_source"] == "assumed"
    assert "is treated as the favourable outcome" in md and "--favorable" in html


def test_provenance_records_digests_shapes_and_pii(signed_card, wages):
    # Given the datasets section
    from secure_check.core.digests import frame_digest

    data = {d["name"]: d for d in signed_card["card"].content["datasets"]}
    # Then each frame has its canonical digest, its shape and the anonymisation stated
    assert data["train"]["sha256"] == frame_digest(wages["X_train"])
    assert (data["X"]["rows"], data["X"]["cols"]) == wages["X"].shape
    assert data["train"]["anonymisation"].startswith("none")


def test_security_scan_counts_rules_and_never_stores_a_raw_value(signed_card, planted):
    # Given a notebook that leaks a GitHub token, an AWS key id and an email address
    scan = signed_card["card"].content["security_scan"]
    # Then the card counts the findings by rule
    assert scan["status"] == "run" and scan["total"] >= 3
    assert any("github" in rule.lower() for rule in scan["by_rule"])
    # And no file the card wrote (nor the audit log) holds a planted value or a preview of it
    written = [*signed_card["card"].folder.iterdir(), signed_card["log"]]
    for path in written:
        blob = path.read_bytes()
        for value in planted.values():
            assert value.encode() not in blob, (path.name, "raw value leaked")
            assert value[:4].encode() + b"****" not in blob, (path.name, "preview leaked")


def test_regulation_states_what_was_given_and_marks_the_rest(signed_card):
    # Given the regulation section built from a partial dict
    reg = signed_card["card"].content["regulation"]
    # Then given facts are kept, bias-testing attributes come from the analyses, gaps are marked
    assert reg["purpose"] == "research"
    assert reg["retention"] == NOT_STATED
    assert any(a.startswith("gender") for a in reg["sensitive_attributes_for_bias_testing"])


def test_card_cites_its_audit_entries(signed_card):
    # Given the audit log the card was built with
    from secure_check.core import audit

    entries = audit.read(signed_card["log"])
    cited = signed_card["card"].content["audit"]["entries"]
    # Then the card entry is logged (digests, no values) and cited by seq and hash
    assert entries[-1]["action"] == "card"
    assert {"seq": entries[-1]["seq"], "hash": entries[-1]["hash"]}.items() <= cited[-1].items()
    assert entries[-1]["digests"]["model_file"].startswith("sha256:")
    assert audit.verify(signed_card["log"], cited=cited) == []
    # And the log is named relative to the card (no home folder in a published card)
    assert signed_card["card"].content["audit"]["log"] == "../audit.jsonl"


def test_card_cites_earlier_analyses_of_the_same_model(tmp_path, wages):
    # Given an analysis entry logged with the model's digest
    from secure_check.core import audit, digests

    log = tmp_path / "audit.jsonl"
    digest = digests.model_digest(wages["model"])
    audit.append("fairness", digests={"model": digest}, path=log, findings=2)
    audit.append("scan", digests={"notebook": "sha256:" + "1" * 64}, path=log, findings=0)
    # When a card is built for that model
    card = build_card(wages["model"], out_dir=tmp_path / "c", log=log)
    # Then it cites the fairness entry and its own, not the unrelated scan
    assert [e["action"] for e in card.content["audit"]["entries"]] == ["fairness", "card"]


def test_sections_not_run_say_so(tmp_path, wages):
    # Given only a model (no data, analyses, notebook or key)
    card = build_card(wages["model"], out_dir=tmp_path / "c", log=tmp_path / "a.jsonl")
    # Then every analysis section says it was not run and why, in every rendering
    kinds = ("evaluation", "fairness", "mitigation", "explanation", "robustness", "security_scan")
    for key in kinds:
        assert card.content[key]["status"] == NOT_RUN and card.content[key]["reason"]
    md = (card.folder / "README.md").read_text()
    assert md.count("_Not run:") == len(kinds) and "Unsigned." in md
    assert not card.signed and not (card.folder / "card.dsse.json").exists()
    bundle = card._repr_mimebundle_()
    assert "unsigned" in bundle["text/plain"]
    assert "At a glance" in bundle["text/html"] and "README.md" in bundle["text/html"]


def test_unsigned_rebuild_removes_a_stale_envelope(tmp_path, wages, keys):
    # Given a folder holding a signed card
    out = tmp_path / "c"
    build_card(wages["model"], out_dir=out, sign_key=keys[0], log=tmp_path / "a.jsonl")
    assert (out / "card.dsse.json").exists()
    # When the card is rebuilt there without a key
    card = build_card(wages["model"], out_dir=out, log=tmp_path / "a.jsonl")
    # Then no envelope vouches for the new, unsigned files
    assert not card.signed and not (out / "card.dsse.json").exists()


def test_intended_use_and_regulation_fall_back_to_notebook_metadata(
    tmp_path, wages, planted, make_notebook
):
    # Given a notebook whose metadata states the intended use, limitations and regulation facts
    facts = {"purpose": "teaching", "risk_class": "minimal"}
    meta = {"model_card": {"intended_use": "Classroom demo", "limitations": "Old data",
                           "regulation": facts}}  # fmt: skip
    nb = make_notebook(tmp_path / "nb.ipynb", planted, metadata=meta)
    # When the card is built without those arguments
    card = build_card(wages["model"], out_dir=tmp_path / "c", notebook=nb, log=tmp_path / "a")
    # Then the notebook's statements are used
    c = card.content
    assert (c["intended_use"], c["limitations"]) == ("Classroom demo", "Old data")
    assert (c["regulation"]["purpose"], c["regulation"]["risk_class"]) == ("teaching", "minimal")
    assert c["regulation"]["human_oversight"] == NOT_STATED


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"notebook": "missing.ipynb"}, FileNotFoundError, "missing.ipynb does not exist"),
        ({"datasets": ["nope.csv"]}, FileNotFoundError, "no such file nope.csv"),
        ({"datasets": {"d": 42}}, TypeError, "dataset 'd': expected a file path"),
        ({"regulation": ["GDPR"]}, TypeError, "regulation must be a dict"),
        ({"fairness": 3.5}, TypeError, "fairness must be a result object"),
        ({"sign_key": "absent.key"}, ValueError, "cannot read key absent.key"),
        ({"X": [[1.0, 2.0]], "y": [0]}, ValueError, "cannot evaluate the model on X, y"),
    ],
)
def test_bad_input_is_refused_before_anything_is_written(tmp_path, wages, kwargs, error, message):
    # Given one bad argument
    out = tmp_path / "card"
    # When the card is built
    with pytest.raises(error, match=message):
        build_card(wages["model"], out_dir=out, log=tmp_path / "a.jsonl", **kwargs)
    # Then nothing was written: no folder, no log entry
    assert not out.exists() and not (tmp_path / "a.jsonl").exists()


def _lightgbm(X, y):
    import lightgbm

    return lightgbm.LGBMClassifier(n_estimators=15, verbose=-1).fit(X, y)


def _xgboost(X, y):
    import xgboost

    return xgboost.XGBClassifier(n_estimators=15, max_depth=3).fit(X, y)


def _forest_regressor(X, y):
    from sklearn.ensemble import RandomForestRegressor

    return RandomForestRegressor(n_estimators=10, random_state=0).fit(X, y)


@pytest.mark.parametrize(
    ("fit", "dataset", "library", "metrics"),
    [
        (_lightgbm, "breast_cancer", "lightgbm", {"accuracy", "roc_auc"}),
        (_xgboost, "breast_cancer", "xgboost", {"accuracy", "roc_auc"}),
        (_lightgbm, "iris", "lightgbm", {"accuracy", "f1"}),
        (_forest_regressor, "diabetes", "sklearn", {"mae", "rmse", "r2"}),
    ],
)
def test_cards_for_other_model_families(tmp_path, fit, dataset, library, metrics):
    # Given a fitted LightGBM/XGBoost/sklearn model on a numpy dataset
    from sklearn import datasets

    X, y = getattr(datasets, f"load_{dataset}")(return_X_y=True)
    model = fit(X, y)
    # When its card is built
    card = build_card(model, out_dir=tmp_path / "c", X=X, y=y, log=tmp_path / "a.jsonl")
    # Then the JSON is strict (no NaN), the library and metrics fit the task
    text = (card.folder / "model-card.json").read_text()
    json.loads(text, parse_constant=lambda c: pytest.fail(f"non-JSON constant {c}"))
    front = yaml.safe_load((card.folder / "README.md").read_text().split("---\n")[1])
    assert front["library_name"] == library
    assert set(card.content["evaluation"]["metrics"]) >= metrics
    assert card.content["datasets"][0]["source"] == "array"


def test_a_model_that_cannot_predict_leaves_evaluation_not_run(tmp_path):
    # Given a fitted transformer (no predict)
    import numpy as np
    from sklearn.decomposition import PCA

    X = np.random.default_rng(0).normal(size=(40, 4))
    # When a card is built with evaluation data
    card = build_card(PCA(2).fit(X), out_dir=tmp_path / "c", X=X, y=X[:, 0], log=tmp_path / "a")
    # Then the evaluation says why it did not run, and the card is still written
    assert card.content["evaluation"]["status"] == NOT_RUN
    assert "predict" in card.content["evaluation"]["reason"]
    assert (card.folder / "README.md").exists()
