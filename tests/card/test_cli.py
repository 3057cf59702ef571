"""`secure-check card|keygen|verify` end to end, and `%secure_check card` dispatch."""

from __future__ import annotations

import json
import stat

import pytest

from secure_check.cli.main import main
from secure_check.core import audit


@pytest.fixture
def saved_model(tmp_path, wages):
    """The wages pipeline saved with skops, as a CI job would find it."""
    import skops.io as sio

    path = tmp_path / "wages.skops"
    sio.dump(wages["model"], path)
    return path


def test_keygen_card_verify_from_the_command_line(tmp_path, monkeypatch, saved_model, capsys):
    # Given an encrypted key made by keygen, a model file, a CSV with personal data and facts
    monkeypatch.setenv("CARD_PASS", "s3cret phrase")
    monkeypatch.setenv(audit.LOG_ENV, str(tmp_path / "audit.jsonl"))
    assert main(["keygen", "--out", str(tmp_path / "k"), "--passphrase-env", "CARD_PASS"]) == 0
    key = tmp_path / "k" / "signing.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and b"ENCRYPTED" in key.read_bytes()
    data = tmp_path / "people.csv"
    data.write_text(
        "name,email,age\nAna Lopez,ana.lopez@mailbox.io,34\nBo Chen,bo.chen@corpmail.net,51\n"
    )
    facts = tmp_path / "regulation.json"
    facts.write_text(json.dumps({"purpose": "credit scoring", "retention": "24 months"}))
    monkeypatch.setenv("SECURE_CHECK_KEY_PASSPHRASE", "s3cret phrase")
    # When a signed card is written and verified
    rc = main(["card", str(saved_model), "--out", str(tmp_path / "card"), "--sign", str(key),
               "--data", str(data), "--regulation", str(facts)])  # fmt: skip
    verified = main(
        ["verify", str(tmp_path / "card"), "--key", str(tmp_path / "k" / "signing.pub"), "--log"]
    )
    # Then both succeed; the model was copied in; PII kinds (not values) are listed per column
    out = capsys.readouterr().out
    assert (rc, verified) == (0, 0), out
    card = json.loads((tmp_path / "card" / "model-card.json").read_text())["secure_check"]
    assert card["model_details"]["file"]["name"] == "wages.skops"
    pii = card["datasets"][0]["pii"]
    assert {p["kind"] for p in pii["email"]} == {"email"}
    assert card["regulation"]["retention"] == "24 months"
    assert "email" in card["regulation"]["personal_data_categories"]
    assert "ana.lopez" not in (tmp_path / "card" / "README.md").read_text()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["verify"], "give a card folder with --key PUB"),
        (["verify", "somewhere"], "verifying a card needs --key PUB"),
        (["verify", "somewhere", "--key", "missing.pub"], "cannot read key missing.pub"),
        (["keygen", "--out", "k", "--passphrase-env", "UNSET_VAR_XYZ"], "UNSET_VAR_XYZ is not set"),
        (["card", "missing.skops"], "model file missing.skops does not exist"),
    ],
)
def test_usage_errors_exit_2_with_a_clear_message(tmp_path, monkeypatch, capsys, argv, message):
    # Given a command line that cannot work
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(audit.LOG_ENV, str(tmp_path / "audit.jsonl"))
    # When it runs
    rc = main(argv)
    # Then it exits 2, says why, and leaves no card folder behind
    assert rc == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "model-card").exists()


def test_regulation_file_must_be_a_json_object(tmp_path, saved_model, capsys, monkeypatch):
    # Given a regulation file holding a list
    monkeypatch.setenv(audit.LOG_ENV, str(tmp_path / "audit.jsonl"))
    facts = tmp_path / "reg.json"
    facts.write_text("[1, 2]")
    # Then the card command refuses it by name
    assert (
        main(["card", str(saved_model), "--out", str(tmp_path / "c"), "--regulation", str(facts)])
        == 2
    )
    assert "not a JSON object" in capsys.readouterr().err


def test_magic_card_dispatch_reaches_build_card(tmp_path, wages, analyses, monkeypatch):
    # Given a notebook namespace and the session's last fairness result, as the magics hold them
    from secure_check.kernel import models

    monkeypatch.setenv(audit.LOG_ENV, str(tmp_path / "audit.jsonl"))
    ns = {"clf": wages["model"], "X_test": wages["X"], "y_test": wages["y"]}
    parser = _card_parser(models)
    args = parser.parse_args(["card", "clf", "--out", str(tmp_path / "c"), "--data", "X_test",
                              "--target", "y_test", "--intended-use", "demo"])  # fmt: skip
    # When `%secure_check card` runs its command
    card = models.run("card", args, ns, {"results": {"fairness": analyses["fairness"]}})
    # Then the card holds the evaluation, the session's fairness result and the name given
    assert card.content["name"] == "clf"
    assert card.content["evaluation"]["status"] == "run"
    assert card.content["fairness"]["status"] == "run"
    assert card.content["intended_use"] == "demo"
    assert "text/html" in card._repr_mimebundle_()


def _card_parser(models):
    import argparse

    parser = argparse.ArgumentParser()
    models.add_parsers(parser.add_subparsers(dest="command"), argparse.ArgumentParser)
    return parser


def test_card_commands_load_no_heavy_library_until_run():
    # Given a fresh interpreter building the parser and printing verify's help
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys; from secure_check.cli.main import main; main(['verify', '--help'])\n"
        "import secure_check.card\n"
        "heavy = {'cryptography', 'skops', 'pandas', 'sklearn', 'matplotlib', 'numpy'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))"
    )
    src = str(Path(__file__).resolve().parents[2] / "src")
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={"PYTHONPATH": src, "PATH": ""},
    )
    # Then none of them was imported and the help names the log option
    assert proc.stdout.strip().splitlines()[-1] == "[]", proc.stderr
    assert "--log" in proc.stdout
