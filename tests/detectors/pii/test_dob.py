"""detectors/pii/dob.py: birth dates after labels in several languages and formats."""

import pytest

from secure_check.detectors.pii.dob import find_dobs


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("date_de_naissance: 1968/10/02", "1968-10-02"),
        ("fecha_de_nacimiento = '11-Aug-1976'", "1976-08-11"),
        ("Dear Claude Guillaume,\nwas born 19-Jun-1992", "1992-06-19"),
        ("date de naissance: Jan 27 1956", "1956-01-27"),
        ("dob -> 1985.03.12", "1985-03-12"),
    ],
)
def test_birth_dates_in_more_formats_and_languages(text, iso):
    assert [v for _, _, v, _ in find_dobs(text)] == [iso]
