"""detectors/pii/ids.py: national ids need their validity rules (and, bare, their label)."""

from secure_check.detectors.pii.ids import id_matches


def test_portuguese_nif_needs_its_label_and_checksum():
    assert [v for *_, v, _ in id_matches("NIF: PT543301150")] == ["pt-nif:543301150"]
    assert list(id_matches("order 543301150")) == []  # no label: any number could pass
    assert list(id_matches("NIF: 543301151")) == []  # wrong check digit
