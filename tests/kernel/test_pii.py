"""%secure_check pii and anonymize on an InteractiveShell, with the real PII column profiler."""

import json
import os
import stat

import pandas as pd
import pytest
from IPython.core.error import UsageError

import synth_pii
from secure_check.anonymize.pseudonym import KEY_FILE_NAME
from secure_check.kernel.tabular import ANON_MIME, PII_MIME


@pytest.fixture
def people(ip):
    rows = synth_pii.people(40, seed=3)
    for i, row in enumerate(rows):
        row["age"] = 20 + (i * 7) % 45
        row["zip"] = ["94110", "94117", "10001", "10002"][i % 4]
        row["score"] = i / 10
    frame = pd.DataFrame(rows)
    ip.user_ns["people"] = frame
    return frame


def test_pii_profiles_columns_without_showing_values(ip, people):
    # When
    table = ip.run_line_magic("secure_check", "pii people")
    # Then
    bundle = table._repr_mimebundle_()
    kinds = {c["column"]: c for c in bundle[PII_MIME]["columns"]}
    assert {"email", "phone", "ssn"} <= set(kinds)
    assert kinds["email"]["share"] == pytest.approx(1.0)
    assert "score" not in kinds
    dumped = json.dumps(bundle)
    assert not any(v in dumped for v in [*people["email"], *people["ssn"]])


@pytest.mark.parametrize(
    ("value", "column"),
    [
        (["ann.lee@gmail.com", "bob.ray@web.de", "cy@outlook.com"], "contacts"),
        (pd.Series(["ann.lee@gmail.com", "bob.ray@web.de"], name="mail"), "mail"),
    ],
)
def test_pii_accepts_lists_and_series(ip, value, column):
    ip.user_ns["contacts"] = value
    table = ip.run_line_magic("secure_check", "pii contacts")
    assert [c["column"] for c in table.data["columns"]] == [column]


def test_pii_refuses_non_tabular_values(ip):
    ip.user_ns["n"] = 42
    with pytest.raises(UsageError, match="n is a int; %secure_check pii takes a pandas DataFrame"):
        ip.run_line_magic("secure_check", "pii n")


def test_anonymize_auto_hashes_identifiers_and_generalises_quasi_identifiers(ip, people, tmp_path):
    # When
    table = ip.run_line_magic("secure_check", "anonymize people --into safe --keep-detail")
    reached = ip.run_line_magic("secure_check", "anonymize people --into safer")
    # Then
    safe = ip.user_ns["safe"]
    report = table._repr_mimebundle_()[ANON_MIME]
    assert safe["email"].str.fullmatch(r"[0-9a-f]{16}").all()
    assert set(safe["age"]) <= {"20-29", "30-39", "40-49", "50-59", "60-69"}
    assert set(safe["zip"]) == {"941**", "100**"}
    assert people["email"].str.contains("@").all()  # the original is untouched
    assert {"age", "zip"} <= set(report["quasi_identifiers"])
    qis = report["quasi_identifiers"]
    assert report["k"] == int(safe.groupby(qis, dropna=False).size().min())
    safer = ip.user_ns["safer"].groupby(qis, dropna=False).size()
    assert reached.data["k"] == int(safer.min()) >= 5 > report["k"]
    key = tmp_path / "config" / "secure-check" / KEY_FILE_NAME
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600


def test_anonymize_named_columns_with_a_method(ip, people):
    # When
    ip.run_line_magic("secure_check", "anonymize people --columns email,ssn --method mask")
    # Then
    masked = ip.user_ns["people_anon"]
    assert masked["email"].str.match(r"^.\*\*\*@").all()
    assert masked["ssn"].str.fullmatch(r"\*\*\*-\*\*-\*\*\d\d").all()
    assert (masked["name"] == people["name"]).all()


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("anonymize people --into 1bad", "--into must be a Python identifier"),
        ("anonymize plain", "no column of plain looks personal"),
        ("anonymize people --columns nope --method drop", "no column 'nope'"),
    ],
)
def test_anonymize_errors_are_specific(ip, people, line, error):
    ip.user_ns["plain"] = pd.DataFrame({"x": [1, 2, 3], "y": [0.5, 0.1, 0.2]})
    with pytest.raises(UsageError, match=error):
        ip.run_line_magic("secure_check", line)


def test_anonymize_methods_per_column(ip, people):
    # When
    ip.run_line_magic(
        "secure_check", "anonymize people --columns email:mask,ssn:drop,age --into mixed"
    )
    # Then
    mixed = ip.user_ns["mixed"]
    assert mixed["email"].str.match(r"^.\*\*\*@").all() and "ssn" not in mixed.columns
    assert set(mixed["age"]) <= {"20-29", "30-39", "40-49", "50-59", "60-69", "*"} | {
        f"{lo}-{lo + w - 1}" for w in (20, 40) for lo in range(0, 80, w)
    }
