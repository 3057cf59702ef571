"""Gates a repository could quietly loosen, and cards that verified after tampering (issue 12)."""

from __future__ import annotations

import pytest

from secure_check.cli import main
from secure_check.core.policy import Policy


@pytest.fixture
def repo(tmp_path):
    """A git work tree whose root policy fails on any finding."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.secure-check]\nfail-on = "low"\n')
    return root


def test_a_nested_policy_cannot_turn_the_gate_green(repo, make_nb, token, capsys):
    # Given a leaky notebook next to a nested secure-check.toml that says "never fail"
    make_nb(repo / "notebooks" / "leaky.ipynb", f'TOKEN = "{token}"')
    nested = repo / "notebooks" / "secure-check.toml"
    nested.write_text('fail-on = "never"\n')
    # When CI scans the subfolder
    code = main(["scan", str(repo / "notebooks"), "--no-audit", "--format", "json"])
    # Then the root's policy still fails it, and both files used are named
    assert code == 1
    err = capsys.readouterr().err
    assert f"policy: {repo / 'pyproject.toml'}, {nested}" in err


def test_a_nested_policy_only_tightens(repo):
    (repo / "pyproject.toml").write_text(
        '[tool.secure-check]\nfail-on = "high"\n[tool.secure-check.fairness]\nmin-ratio = 0.8\n'
    )
    sub = repo / "team"
    sub.mkdir()
    (sub / "secure-check.toml").write_text(
        'fail-on = "medium"\n[fairness]\nmin-ratio = 0.5\nmax-difference = 0.1\n'
        '[pii]\nfail-on = "never"\n'
    )
    policy = Policy.load(sub)
    # A stricter fail-on and a new limit are taken; a looser floor and a "never" are not
    assert policy.threshold("secret") == "medium"
    assert policy.threshold("pii") == "high"
    assert policy.limits["fairness"] == {"min-ratio": 0.8, "max-difference": 0.1}
    assert policy.sources == [repo / "pyproject.toml", sub / "secure-check.toml"]


def test_policy_search_stops_at_the_repository_root(tmp_path, repo):
    # A policy above the git work tree (another project's) is not part of this one's
    (tmp_path / "secure-check.toml").write_text('fail-on = "never"\n')
    assert Policy.load(repo).sources == [repo / "pyproject.toml"]


@pytest.fixture
def signed_card(tmp_path):
    from sklearn.linear_model import LogisticRegression

    from secure_check.card import build_card
    from secure_check.card.sign import keygen, load_private

    key, pub = keygen(tmp_path / "keys")
    model = LogisticRegression().fit([[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1])
    folder = tmp_path / "project" / "card"
    build_card(model, out_dir=folder, sign_key=load_private(key), log=tmp_path / "audit.jsonl")
    return folder, pub


@pytest.mark.parametrize("name", ["extra.html", "model.pkl", "sub/secure-check.toml"])
def test_verify_fails_on_a_file_the_signature_does_not_cover(signed_card, name, capsys):
    folder, pub = signed_card
    assert main(["verify", str(folder), "--key", str(pub)]) == 0
    # Given a file dropped into the signed card folder
    (folder / name).parent.mkdir(exist_ok=True)
    (folder / name).write_text("planted\n")
    # Then verify fails and names it
    assert main(["verify", str(folder), "--key", str(pub)]) == 1
    assert f"{name} in {folder} is not covered by the signature" in capsys.readouterr().err


def test_verify_takes_no_policy_from_inside_the_card(signed_card, capsys):
    folder, pub = signed_card
    (folder.parent / "secure-check.toml").write_text('fail-on = "low"\n')
    inside = folder / "secure-check.toml"
    inside.write_text('fail-on = "never"\n')
    # Given an explicit --policy pointing inside the card folder
    code = main(["verify", str(folder), "--key", str(pub), "--policy", str(inside)])
    # Then it is refused as a usage error, naming the file
    assert code == 2
    assert "lies in the card folder" in capsys.readouterr().err


def _table_notebook(path, people):
    import nbformat

    rows = "".join(f"<tr><td>{p['name']}</td><td>{p['email']}</td></tr>" for p in people)
    html = f"<table><tr><th>name</th><th>email</th></tr>{rows}</table>"
    out = nbformat.v4.new_output("display_data", data={"text/html": html})
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("df", outputs=[out])])
    path.write_text(nbformat.writes(nb))
    return path


def test_accepting_a_column_does_not_accept_more_rows_of_it(tmp_path):
    import synth_pii
    from secure_check.core.baseline import Baseline
    from secure_check.core.scan import Scanner

    people = synth_pii.people(10, seed=5)
    scanner = Scanner()

    def column(path):
        found = scanner.scan_file(path, "nb.ipynb").findings
        return [f for f in found if f.rule == "pii-column"]

    # Given a reviewer accepted the e-mail column of a 3-row table
    seen = column(_table_notebook(tmp_path / "a.ipynb", people[:3]))
    assert seen
    baseline = Baseline()
    for f in seen:
        baseline.accept(f, "three test accounts")
    # When the same table is displayed again with 7 more people
    later = column(_table_notebook(tmp_path / "b.ipynb", people))
    # Then that is a new finding, not an accepted one; the very table reviewed still is
    assert later and not any(f.accepted for f in baseline.apply(later))
    assert all(f.accepted for f in baseline.apply(column(tmp_path / "a.ipynb")))
