"""Policy: found upward from the scanned path, validated, and evaluated on scans and analyses."""

from __future__ import annotations

from pathlib import Path

import pytest

from secure_check.core.policy import Policy, PolicyError
from secure_check.core.scan import Scanner


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


def test_defaults_when_no_policy_file(tmp_path: Path) -> None:
    # Given a folder with no policy above it that mentions secure-check
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    # When the policy is loaded
    policy = Policy.load(tmp_path)
    # Then the built-in default applies: fail on any finding
    assert policy.source is None
    assert (policy.threshold("secret"), policy.threshold("pii")) == ("low", "low")


def test_found_from_a_nested_folder_and_file(tmp_path: Path) -> None:
    # Given a pyproject with [tool.secure-check] two folders up
    (tmp_path / "pyproject.toml").write_text(
        '[tool.secure-check]\nfail-on = "high"\n[tool.secure-check.pii]\nfail-on = "never"\n'
    )
    nb = tmp_path / "a" / "b" / "nb.ipynb"
    nb.parent.mkdir(parents=True)
    nb.write_text("{}")
    # When loaded from the notebook
    policy = Policy.load(nb)
    # Then its thresholds apply
    assert policy.source == tmp_path / "pyproject.toml"
    assert (policy.threshold("secret"), policy.threshold("pii")) == ("high", "never")


def test_secure_check_toml_wins_and_sections_are_top_level(tmp_path: Path) -> None:
    # Given both files in one folder
    (tmp_path / "pyproject.toml").write_text('[tool.secure-check]\nfail-on = "high"\n')
    (tmp_path / "secure-check.toml").write_text('fail-on = "medium"\n[secrets]\nfail-on = "low"\n')
    # When loaded
    policy = Policy.load(tmp_path)
    # Then the dedicated file wins
    assert policy.source == tmp_path / "secure-check.toml"
    assert (policy.threshold("pii"), policy.threshold("secret")) == ("medium", "low")


def test_pyproject_without_table_is_passed_over(tmp_path: Path) -> None:
    # Given a parent policy and a nested pyproject without the table
    (tmp_path / "secure-check.toml").write_text('fail-on = "high"\n')
    sub = tmp_path / "pkg"
    sub.mkdir()
    (sub / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n")
    # When loaded from the nested folder
    # Then the parent's policy is found
    assert Policy.load(sub).default == "high"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('fail-on = "critical"\n', "fail-on must be one of high, medium, low, never"),
        ('[pii]\nfail-on = "sometimes"\n', "[tool.secure-check.pii] fail-on must be one of"),
        ("fail_on = 'low'\n", "unknown key 'fail_on'"),
        ("[fairness]\nmin-ratio = 1.5\n", "min-ratio must be a number between 0 and 1"),
        ("[fairness]\nmin-ratio = true\n", "min-ratio must be a number between 0 and 1"),
        ("[privacy]\nmin-ratio = 0.8\n", "unknown key 'min-ratio' in [tool.secure-check.privacy]"),
        ("[secrets]\nfail-on = \n", "not valid TOML"),
        ('secrets = "low"\n', "must be a table"),
    ],
)
def test_bad_policy_files_name_the_problem(tmp_path: Path, text: str, error: str) -> None:
    # Given a policy file with one mistake
    path = tmp_path / "secure-check.toml"
    path.write_text(text)
    # When it is loaded
    with pytest.raises(PolicyError) as info:
        Policy.load(tmp_path)
    # Then the message names the file and the problem
    assert str(path) in str(info.value)
    assert error.strip() in str(info.value)


@pytest.mark.parametrize(
    ("secrets", "pii", "expected"),
    [
        ("low", "low", {"github-token", "email"}),
        ("high", "high", {"github-token"}),
        ("never", "medium", {"email"}),
        ("never", "never", set()),
    ],
)
def test_scan_findings_fail_by_category(
    scanner: Scanner, token: str, email: str, secrets: str, pii: str, expected: set[str]
) -> None:
    # Given a cell leaking a HIGH secret and a MEDIUM e-mail address
    findings = scanner.scan_text(f'TOKEN = "{token}"\nprint("{email}")', "nb.ipynb")
    policy = Policy.from_table({"secrets": {"fail-on": secrets}, "pii": {"fail-on": pii}})
    # When evaluated
    violations = policy.evaluate(findings)
    # Then only the categories at or above their threshold fail, and no raw value is quoted
    assert {v.rule for v in violations} == expected
    assert all(token not in v.message and email not in v.message for v in violations)


def test_accepted_findings_never_fail(scanner: Scanner, token: str) -> None:
    # Given a baselined (accepted) finding
    findings = scanner.scan_text(f'TOKEN = "{token}"', "nb.ipynb")
    for f in findings:
        f.accepted = True
    # When evaluated under the strictest policy
    # Then nothing fails
    assert Policy().evaluate(findings) == []


ANALYSES = [
    {
        "disparities": {
            "sex": {"demographic_parity_ratio": 0.7, "equalized_odds_difference": 0.05}
        },
        "findings": [],
    },
    {
        "attacks": [
            {"name": "pgd", "eps": 0.05, "adversarial_accuracy": 0.4, "clean_accuracy": 0.9},
            {"name": "pgd", "eps": None, "adversarial_accuracy": None, "clean_accuracy": 0.9},
        ],
        "membership_inference": {"auc": 0.66},
        "findings": [{"category": "privacy", "rule": "membership-inference", "severity": "medium"}],
    },
]


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ({"fairness": {"min-ratio": 0.8}}, {"demographic_parity_ratio"}),
        ({"fairness": {"min-ratio": 0.6, "max-difference": 0.04}}, {"equalized_odds_difference"}),
        ({"robustness": {"min-adversarial-accuracy": 0.5}}, {"adversarial-accuracy-floor"}),
        ({"robustness": {"min-adversarial-accuracy": 0.3}}, set()),
        ({"privacy": {"max-membership-auc": 0.6}}, {"membership-inference-ceiling"}),
        ({"privacy": {"fail-on": "medium"}}, {"membership-inference"}),
        ({"fail-on": "never"}, set()),
    ],
)
def test_analysis_limits(table: dict[str, object], expected: set[str]) -> None:
    # Given analysis results (fairness disparities, robustness attacks, MIA AUC)
    policy = Policy.from_table({"fail-on": "high", **table})
    # When evaluated
    violations = policy.evaluate([], ANALYSES)
    # Then exactly the limits crossed are violations
    assert {v.rule for v in violations} == expected


def test_card_sections_are_evaluated() -> None:
    # Given a model card holding a real fairness result of a biased model
    import numpy as np
    import pandas as pd

    import secure_check

    rng = np.random.default_rng(0)
    sex = np.where(np.arange(200) % 2 == 0, "f", "m")
    y = rng.integers(0, 2, 200)
    pred = np.where(sex == "m", rng.random(200) < 0.8, rng.random(200) < 0.2).astype(int)
    result = secure_check.fairness(
        pred, pd.DataFrame({"sex": sex}), y, sensitive_features="sex", n_boot=10, discover=False
    )
    card = {"schema_version": "0.0.2", "secure_check": {"fairness": result.to_dict()}}
    # When a policy with a ratio floor (and nothing else failing) evaluates it
    policy = Policy.from_table({"fail-on": "never", "fairness": {"min-ratio": 0.8}})
    # Then the card's ratios below the floor are the violations
    rules = {v.rule for v in policy.evaluate_card(card)}
    assert rules == {"demographic_parity_ratio", "equalized_odds_ratio"}
    assert Policy.from_table({"fail-on": "never"}).evaluate_card(card) == []
