"""detectors/pii/people.py: names and street addresses by their context; look-alikes stay quiet."""

import time

import pytest

from secure_check.detectors.pii.people import find_addresses, find_names


def _names(text):
    return [text[s:e] for s, e, _, _ in find_names(text)]


def _addresses(text):
    return [text[s:e] for s, e, _, _ in find_addresses(text)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Dear Élisabeth Gaillard,\nthanks for the data.", "Élisabeth Gaillard"),
        ("Signed by Valerie Coleman.", "Valerie Coleman"),
        ("customer: Jürgen Weißmann | plan: gold", "Jürgen Weißmann"),
        ("{'full_name': 'Mateusz Wróbel', 'status': 'ok'}", "Mateusz Wróbel"),
        ("Kunde = Ingeborg Schulze", "Ingeborg Schulze"),
        ("Nombre: Ana Lucía Ortega", "Ana Lucía Ortega"),
        ("patient='MICHAEL MALDONADO'", "MICHAEL MALDONADO"),
        ("contact -> valerie coleman", "valerie coleman"),
        ("name: Quentin Tarbuck, email: qt@mailbox.org", "Quentin Tarbuck"),  # a neighbour
        ("Name: Mary Smith", "Mary Smith"),  # a listed given name
    ],
)
def test_names_after_person_labels(text, name):
    # Given a person label and a name-shaped value / When scanned / Then the name is found
    assert _names(text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "11    1\n7     1\nName: age, dtype: int64",  # a pandas Series footer
        "Author: Albert Einstein",  # public attribution
        "Welcome to Python Programming",
        "name: Linear Regression",  # a bare label, no listed name, nothing personal beside it
        'model_name = "Gradient Boosting"',
        "name = 'my_model'",
        "customer: None",
        "Dear reader, the model is trained.",
        "'first_name': ['Billy', 'Brian']",  # a list literal: a table's data, not one person
    ],
)
def test_name_lookalikes_are_quiet(text):
    assert _names(text) == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Ship to 8817 Mcdonald Field.", "8817 Mcdonald Field"),
        ("address: Matthiasboulevard 23", "Matthiasboulevard 23"),
        ("Adresse: Ringstraße 5, 10115 Berlin", "Ringstraße 5, 10115 Berlin"),
        ("send it to 12 Oak Street tomorrow", "12 Oak Street"),
        ("lives at 3, rue de la Paix", "3, rue de la Paix"),
        ("Kaiserring 7 is the office", "Kaiserring 7"),
        ("Calle de Alcalá 12", "Calle de Alcalá 12"),
    ],
)
def test_street_addresses(text, address):
    assert address in _addresses(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "address: 0x7ffe5a3c1d20",
        "ip address: 10.0.0.1",
        "The above command can take up to 20 minutes. Run the following cell",
        "'Where did Super Bowl 50 take place?'",
        "`ug`, occurring 15 times. Again the pair",
        "street: Main",  # no house number
    ],
)
def test_address_lookalikes_are_quiet(text):
    assert _addresses(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "name: " + "Abc " * 60_000,
        "address: " + "12 " * 60_000,
        "1 " + "Oak " * 60_000,
        "Dear " * 40_000,
        "x" * 200_000 + "straße 5",
    ],
)
def test_hostile_input_is_scanned_in_linear_time(text):
    # Given 200 kB built to make a backtracking pattern blow up / When scanned / Then fast
    started = time.perf_counter()
    list(find_names(text))
    list(find_addresses(text))
    assert time.perf_counter() - started < 5.0  # NOTE: backtracking would take minutes


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("INFO app: nombre=Leah Dale iban=LT891528783669323607", "Leah Dale"),  # next key
        ("Signed by pani Olga Muzyk.", "pani Olga Muzyk"),  # an honorific in lower case
        ("name = 'Lieve Oemencs'\nsocial_security_no = '509-10-1300'", "Lieve Oemencs"),
    ],
)
def test_names_in_logs_with_honorifics_and_neighbours(text, name):
    assert _names(text) == [name]


@pytest.mark.parametrize("text", ["anschrift = 'Masonhof 1'", "dirección = 'Haufferring 44-62'"])
def test_one_word_streets_after_a_label(text):
    assert _addresses(text)


def test_the_house_number_seek_skips_only_numbers_no_street_can_follow(monkeypatch):
    import random
    import re

    from secure_check.detectors.pii import people

    # Given: random texts of house numbers, street words in any case, and prose
    rng = random.Random(11)
    pieces = ("12 ", "7b ", "3, ", "221B ", "Oak ", "Baker ", "Street", "St.", "rue ", "RUE ")
    pieces += ("Allée ", "ALLÉE ", "de ", "la ", "Paix", "items ", "x ", "Av. ", "av. ", "Quai ")
    pieces += ("Lane", "road", " ", ",", "\n", "O'Neil ", "bd ", "Ring ", "5", "cours ", "Main ")
    texts = ["".join(rng.choices(pieces, k=rng.randint(2, 14))) for _ in range(4000)]
    want = {t: list(find_addresses(t)) for t in texts}
    # When: the seek tries every number before any letter (as it did)
    monkeypatch.setattr(people, "_US_SEEK", re.compile(r"[0-9][A-Za-z]?,? (?=[A-Za-z])"))
    # Then: the same addresses
    assert {t: list(find_addresses(t)) for t in texts} == want
    assert sum(map(bool, want.values())) > 300  # (addresses were found often enough)
