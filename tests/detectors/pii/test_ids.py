"""detectors/pii/ids.py: national ids need their validity rules (and, bare, their label)."""

from secure_check.detectors.pii.ids import id_matches


def test_portuguese_nif_needs_its_label_and_checksum():
    assert [v for *_, v, _ in id_matches("NIF: PT543301150")] == ["pt-nif:543301150"]
    assert list(id_matches("order 543301150")) == []  # no label: any number could pass
    assert list(id_matches("NIF: 543301151")) == []  # wrong check digit


def test_one_pattern_of_every_id_shape_matches_what_some_shape_matches():
    import random

    from secure_check.detectors.pii.ids import RULES, _any_id

    # Given: the combined pattern (it is only exact while every shape has the same flags)
    assert len({r.pattern.flags for r in RULES}) == 1
    rng = random.Random(11)
    pieces = ("0", "12", "345", "6789", "A", "XY", "Z", "-", ".", "/", "+", " ", "a")
    values = ["".join(rng.choices(pieces, k=rng.randint(1, 12))) for _ in range(20000)]
    matched = 0
    for value in values:
        # Then it matches a value exactly when one of the shapes does
        each = any(r.pattern.fullmatch(value) for r in RULES)
        assert (_any_id().fullmatch(value) is not None) == each, value
        matched += each
    assert matched > 10  # (shapes were matched, not only missed)
