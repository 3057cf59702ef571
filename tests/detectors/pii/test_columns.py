"""Kernel-side column profiler: profile_column and profile_frame on values and real frames."""

import json

import pandas as pd
import pytest

import synth_pii
from secure_check.core.findings import Severity
from secure_check.detectors.pii.columns import (
    ERR_NOT_TABULAR,
    ColumnPII,
    header_kind,
    looks_like_name,
    profile_column,
    profile_frame,
)


@pytest.fixture(scope="module")
def people():
    return pd.DataFrame(synth_pii.people(300, seed=11))


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("email", "email"), ("Email Address", "email"), ("contactEmail", "email"),
        ("phone_number", "phone"), ("Mobile", "phone"), ("SSN", "us-ssn"),
        ("social_security_no", "us-ssn"), ("card_number", "credit-card"), ("IBAN", "iban"),
        ("passport", "national-id"), ("client_ip", "ip-address"), ("DOB", "date-of-birth"),
        ("birthDate", "date-of-birth"), ("first_name", "person-name"), ("LastName", "person-name"),
        ("name", "person-name"), ("street_address", "street-address"),
        ("address", "street-address"),
        ("ip_address", "ip-address"), ("mac_address", None), ("item_name", None), ("price", None),
        ("username", None), ("filename", None),
    ],
)  # fmt: skip
def test_header_kind(header, kind):
    assert header_kind(header) == kind


def test_profile_frame_finds_every_pii_column_and_nothing_else(people):
    # Given
    frame = people.assign(score=[i / 7 for i in range(len(people))], city="Paris")
    # When
    found = {c.column: c for c in profile_frame(frame)}
    # Then
    assert {k: c.kind for k, c in found.items()} == {
        "name": "person-name", "email": "email", "phone": "phone", "ssn": "us-ssn",
        "date_of_birth": "date-of-birth", "address": "street-address",
        "card_number": "credit-card", "ip": "ip-address",
    }  # fmt: skip
    assert all(c.by == "both" and c.share >= 0.95 for c in found.values())
    assert found["ssn"].severity is Severity.HIGH and found["ip"].severity is Severity.LOW


@pytest.mark.parametrize(
    ("name", "values", "kind", "by"),
    [
        ("contacts", ["ann.lee@gmail.com", "bob.ray@web.de", "cy@outlook.com"], "email", "values"),
        ("col_3", ["(415) 555-2671", "212-555-0147", "+44 20 7946 0018"], "phone", "values"),
        (
            "who",
            ["Maria Garcia", "Lee, John", "Dr. Aisha Khan", "Tom Becker"],
            "person-name",
            "values",
        ),
        ("first_name", ["Olga", "Kenji", "Mary", "Zorblax"], "person-name", "both"),
        ("surname", ["Qwerty", "Xylo", "Bramble", "Fenwick"], "person-name", "header"),
        ("birth_date", ["1984-03-12", "1991-11-30", "1979-01-02"], "date-of-birth", "both"),
        ("ssn", ["234567891", "345678912", "456789123"], "us-ssn", "both"),
        (
            "home_address",
            ["Flat B", "Apt 4, Block 9", "Unit 7/2 Harbour"],
            "street-address",
            "header",
        ),
    ],
)
def test_profile_column_by_header_and_by_value(name, values, kind, by):
    # When
    found = profile_column(name, values)
    # Then
    assert [(c.kind, c.by) for c in found] == [(kind, by)]


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("name", ["Bulbasaur", "Charmander", "Squirtle"]),  # a bare `name` needs full names
        ("name", ["Emma", "Olivia", "Noah"]),  # first names alone: a baby-names table
        ("name", ["ATLANTA HARTSFIELD INTL AP", "SEATTLE TACOMA INTL AP"]),
        ("created", ["2023-01-15", "2023-02-01", "2023-03-09"]),  # dates, but no birth header
        ("email", ["5f4dcc3b5aa765d61d8327deb882cf99", "e99a18c428cb38d5f260853678922e03"]),
        ("id", [2015550123, 4155550199, 3125550176]),  # numbers, not written as phones
        ("version", ["1.2.3.4", "10.0.0.1", "2.15.0.1"]),
        ("score", [0.1, 0.5, float("nan"), None]),
        ("phone", [1.0, 0.439269, 0.504945, 7043.0]),  # a correlation matrix row
        ("PID", ["526301100", "526350040", "526351010"]),  # nine digits, but no SSN header
        ("gross_us", [318412101, 623357910, 333176600]),
    ],
)
def test_profile_column_negatives(name, values):
    assert profile_column(name, values) == []


def test_share_counts_only_non_empty_values():
    # When
    found = profile_column("email", ["a.b@gmail.com", None, "", float("nan"), "n/a", "c.d@web.de"])
    # Then
    assert (found[0].matched, found[0].sampled, found[0].share) == (2, 3, 0.667)


def test_sampling_is_seeded_and_bounded(people):
    # Given
    emails = list(people["email"]) * 10
    # When
    first = profile_column("email", emails, sample=100, seed=1)
    again = profile_column("email", emails, sample=100, seed=1)
    # Then
    assert first == again and first[0].sampled == 100


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(lambda p: p["email"], id="series"),
        pytest.param(lambda p: list(p["email"]), id="list"),
        pytest.param(lambda p: {"email": list(p["email"])}, id="dict-of-columns"),
        pytest.param(lambda p: [{"email": e} for e in p["email"]], id="records"),
    ],
)
def test_profile_frame_accepts_series_lists_and_dicts(people, data):
    # When
    found = profile_frame(data(people))
    # Then
    assert [c.kind for c in found] == ["email"]


def test_profile_frame_refuses_other_objects():
    with pytest.raises(
        TypeError, match=ERR_NOT_TABULAR.format(type="int").replace("(", r"\(")[:60]
    ):
        profile_frame(42)


def test_column_pii_serialises_without_values(people):
    # When
    found = profile_frame(people)
    dumped = json.dumps([c.to_dict() for c in found]) + " ".join(c.describe() for c in found)
    # Then
    assert all(isinstance(c, ColumnPII) for c in found)
    assert not any(str(v) in dumped for col in ("email", "ssn", "phone") for v in people[col])
    assert "column 'email' holds e-mail addresses: 100% of 300 sampled values" in dumped


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Ann Lee", True), ("Lee, Ann", True), ("Mr. Owen Harris Braund", True),
     ("Random Forest", False), ("NEW YORK", False), ("sepal length", False)],
)  # fmt: skip
def test_looks_like_name(value, expected):
    assert looks_like_name(value) is expected


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("first", ["james", "maria", "wei", "olga"]),  # lower-case name parts
        ("last", ["SMITH", "GARCIA", "MILLER", "NGUYEN"]),  # upper-case name parts
        ("Vorname", ["Jürgen", "Ursula", "Klaus", "Petra"]),
        ("prénom", ["Élodie", "Benoît", "Camille", "Hugo"]),  # accents in header and values
        ("Kunde", ["Ingeborg Schulze", "Ralf Brandt", "Heike Vogel"]),  # role header, full names
    ],
)
def test_name_parts_and_foreign_headers_count(name, values):
    # Given a name-part or foreign person header / When profiled / Then a person-name column
    assert [c.kind for c in profile_column(name, values)] == ["person-name"]


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("customer", ["gold", "silver", "bronze"]),  # a tier, single words
        ("last", ["12.5", "13.1", "12.9"]),  # a price column called last
        ("Geburtsdatum", ["1985-03-12", "1990-07-01", "1977-11-30"]),
    ],
)
def test_person_headers_need_person_values(name, values):
    kinds = [c.kind for c in profile_column(name, values)]
    assert "person-name" not in kinds


@pytest.mark.parametrize("name", ["Geburtsdatum", "date de naissance", "fecha_nacimiento", "born"])
def test_birth_headers_in_other_languages(name):
    values = ["1985-03-12", "1990-07-01", "1977-11-30"]
    assert [c.kind for c in profile_column(name, values)] == ["date-of-birth"]
