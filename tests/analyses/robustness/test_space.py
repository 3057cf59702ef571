"""Feature space: encoding, ranges, integer/one-hot detection and projection of adversarial rows."""

import numpy as np
import pandas as pd
import pytest

from secure_check.analyses.robustness.space import (
    NO_COMPLETE_ROWS,
    NOT_TABULAR,
    UNKNOWN_CATEGORY,
    complete_rows,
    fit_space,
)


@pytest.fixture
def frame():
    return pd.DataFrame(
        {
            "age": [23, 35, 51, 40],
            "income": [1.5, 2.25, 3.0, 0.5],
            "city": pd.Series(["Lyon", "Paris", "Lyon", "Nice"], dtype="category"),
            "owner": [True, False, True, False],
            "job_clerk": [1, 0, 0, 1],
            "job_nurse": [0, 1, 0, 0],
            "job_pilot": [0, 0, 1, 0],
        }
    )


def test_roundtrip_keeps_types_and_categories(frame):
    # Given a frame with integers, floats, a category, a bool and a one-hot group
    space = fit_space(frame)
    # When it is encoded and decoded again
    back = space.decode(space.encode(frame))
    # Then the model sees the same table
    pd.testing.assert_frame_equal(back, frame, check_dtype=False)
    assert isinstance(back["city"].dtype, pd.CategoricalDtype)
    assert back["owner"].dtype == bool


def test_detects_integer_categorical_and_onehot_columns(frame):
    # Given / When
    space = fit_space(frame)
    integer = dict(zip(space.columns, space.integer, strict=True))
    # Then
    assert integer["age"] and not integer["income"] and integer["city"]
    assert [space.columns[j] for j in space.categories] == ["city"]
    assert [[space.columns[j] for j in cols] for cols, _ in space.onehot] == [
        ["job_clerk", "job_nurse", "job_pilot"]
    ]
    assert space.lo[0] == 23 and space.hi[0] == 51


def test_unnamed_onehot_run_in_an_array_is_found():
    # Given an array whose columns 1..3 are one-hot and column 0 is continuous
    X = np.array([[0.1, 1, 0, 0], [0.7, 0, 1, 0], [0.3, 0, 0, 1], [0.9, 1, 0, 0]])
    # When
    space = fit_space(X)
    # Then
    assert [cols.tolist() for cols, _ in space.onehot] == [[1, 2, 3]]
    assert not space.frame and space.numeric


@pytest.mark.parametrize("eps", [None, 0.3, 2.0])
def test_projection_keeps_rows_valid(frame, eps):
    # Given adversarial rows that broke every constraint
    space = fit_space(frame)
    z0 = space.encode(frame)
    rng = np.random.default_rng(0)
    z_adv = z0 + rng.normal(0, 3, size=z0.shape)
    bound = None if eps is None else eps * space.span
    # When
    z = space.project(z_adv, z0, bound)
    # Then integers are whole, ranges hold, one-hot groups are one-hot and bounds hold
    assert np.all(z[:, space.integer] == np.round(z[:, space.integer]))
    assert np.all((z >= space.lo) & (z <= space.hi))
    cols = space.onehot[0][0]
    assert np.all(z[:, cols].sum(axis=1) == 1)
    if bound is not None:
        assert np.all(np.abs(z - z0) <= bound + 1e-9)


def test_onehot_group_is_frozen_when_eps_cannot_switch_it(frame):
    # Given a bound of 0.3 (a one-hot switch needs a change of 1)
    space = fit_space(frame)
    z0 = space.encode(frame)
    z_adv = z0.copy()
    cols = space.onehot[0][0]
    z_adv[:, cols] = z_adv[:, cols][:, ::-1]
    # When
    z = space.project(z_adv, z0, 0.3 * space.span)
    # Then
    assert np.array_equal(z[:, cols], z0[:, cols])


def test_scale_unscale_roundtrip(frame):
    space = fit_space(frame)
    z = space.encode(frame)
    assert np.allclose(space.unscale(space.scale(z)), z, atol=1e-5)
    assert space.scale(z).min() >= 0 and space.scale(z).max() <= 1


def test_missing_values_survive_and_complete_rows_skip_them():
    # Given a frame with a missing number and a missing category
    X = pd.DataFrame({"a": [1.0, np.nan, 3.0], "b": ["x", "y", None]})
    space = fit_space(X)
    # When
    z = space.encode(X)
    # Then
    assert complete_rows(z).tolist() == [0]
    back = space.decode(z)
    assert back["a"].isna().tolist() == [False, True, False]
    assert back["b"].isna().tolist() == [False, False, True]


def test_errors_are_specific():
    space = fit_space(pd.DataFrame({"c": ["a", "b"]}))
    with pytest.raises(ValueError, match=UNKNOWN_CATEGORY.split("{")[0]):
        space.encode(pd.DataFrame({"c": ["zzz"]}))
    with pytest.raises(ValueError, match=r"2-D table"):
        fit_space(np.zeros(3))
    assert "n_rows" in NOT_TABULAR
    with pytest.raises(ValueError, match=NO_COMPLETE_ROWS):
        complete_rows(np.array([[np.nan, 1.0]]))


def test_nullable_string_digit_and_datetime_columns_roundtrip():
    # Given pandas extension dtypes, digit strings (zip codes) and datetimes
    X = pd.DataFrame(
        {
            "n": pd.array([1, None, 3], dtype="Int64"),
            "flag": pd.array([True, False, None], dtype="boolean"),
            "name": pd.Series(["x", "y", None], dtype="string"),
            "zip": ["01250", "02100", "75001"],
            "day": pd.to_datetime(["2020-01-01", "2021-06-01", "2022-01-01"]),
        }
    )
    space = fit_space(X)
    # When
    back = space.decode(space.encode(X))
    # Then values and dtypes come back, and digit strings/datetimes are categories
    pd.testing.assert_frame_equal(back, X)
    assert [space.columns[j] for j in space.categories] == ["name", "zip", "day"]


def test_drop_first_dummies_form_a_group_that_may_be_all_zero():
    # Given dummies of a 3-level colour with the reference level dropped
    X = pd.DataFrame(
        {"x": [0.5, 1.5, 2.5, 3.5], "colour_green": [1, 0, 0, 0], "colour_red": [0, 1, 0, 0]}
    )
    space = fit_space(X)
    z0 = space.encode(X)
    # When an attack pushes both dummies up a little, or one clearly
    z_adv = z0.copy()
    z_adv[:, 1:] = [[0.2, 0.3], [0.9, 0.1], [0.1, 0.6], [0.4, 0.45]]
    z = space.project(z_adv, z0)
    # Then the group is recognised and each row keeps at most one level
    assert [(cols.tolist(), none) for cols, none in space.onehot] == [([1, 2], True)]
    assert z[:, 1:].tolist() == [[0, 0], [1, 0], [0, 1], [0, 0]]
