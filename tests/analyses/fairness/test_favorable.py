"""The favourable label: given, inferred only from plain words, otherwise assumed and said so."""

import numpy as np
import pandas as pd
import pytest

import secure_check
from secure_check.analyses.fairness import favorable

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:sklearn")


def _data(rng, labels=(0, 1), n=1000):
    group = rng.choice(["a", "b"], n)
    y = rng.choice(labels, n)
    y_pred = np.where(rng.random(n) < np.where(group == "a", 0.6, 0.3), labels[1], labels[0])
    return pd.DataFrame({"group": group}), y, y_pred


def test_numeric_labels_are_assumed_and_the_result_says_so(rng):
    # Given 0/1 labels (1 might mean "reoffended") and no favourable label
    X, y, y_pred = _data(rng)
    # When
    res = secure_check.fairness(y_pred, X, y, sensitive_features="group", discover=False)
    # Then 1 is assumed, the meta says "assumed" and a note tells how to change it
    assert res.meta["favorable_label"] == 1 and res.meta["favorable_source"] == "assumed"
    assert favorable.ASSUMED.format(label=1, labels=[0, 1]) in res.notes
    assert any("--favorable" in n for n in res.to_dict()["notes"])


def test_given_favourable_label_flips_who_is_selected(rng):
    # Given the same data with 0 named as the favourable outcome (magic: --favorable 0)
    X, y, y_pred = _data(rng)
    one = secure_check.fairness(y_pred, X, y, sensitive_features="group", discover=False)
    zero = secure_check.fairness(
        y_pred, X, y, sensitive_features="group", discover=False, favorable_label="0"
    )
    # Then selection rates are complements and the sentence names the label
    a1, a0 = (r.by_group["group"]["a"]["selection_rate"] for r in (one, zero))
    assert a1 + a0 == pytest.approx(1.0)
    assert zero.meta["favorable_source"] == "given"
    (found,) = [f for f in zero.findings if f["rule"] == "demographic_parity_ratio"]
    assert found["groups"] == ["a", "b"] and "(predicted 0)" in found["message"]


@pytest.mark.parametrize(
    ("labels", "expected", "source"),
    [
        (("approved", "denied"), "approved", "inferred"),
        (("bad", "good"), "good", "inferred"),
        (("no", "yes"), "yes", "assumed"),  # "deny: yes" is harmful: words alone do not say
        ((0, 1), 1, "assumed"),
    ],
)
def test_inferred_only_when_the_words_are_unambiguous(labels, expected, source):
    # When the label is chosen without the user's say
    fav = favorable.choose(np.array(sorted(labels, key=str)), None, None)
    # Then
    assert (fav.label, fav.source) == (expected, source)


def test_both_keywords_must_agree(rng):
    X, y, y_pred = _data(rng)
    with pytest.raises(ValueError) as info:
        secure_check.fairness(
            y_pred, X, y, sensitive_features="group", pos_label=1, favorable_label=0
        )
    assert str(info.value) == favorable.BOTH_GIVEN.format(pos=1, fav=0)


def test_magic_flag_favorable_reaches_the_analysis():
    from secure_check.kernel import commands, models

    frame = pd.DataFrame({"a": [1.0, 2.0], "label": [0, 1], "sex": ["F", "M"]})
    args = commands.parse("fairness clf --data frame --target label --sensitive sex --favorable 0")
    kwargs = models._fairness(args, {"clf": object(), "frame": frame})
    assert kwargs["pos_label"] == "0"
