"""The fingerprint key: per-project, created once 0600 and git-ignored, shared through the env."""

import json
import os
import stat

import pytest

from secure_check.core import keys
from secure_check.core.baseline import Baseline
from secure_check.core.findings import Finding, Severity
from secure_check.core.redact import fingerprint


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text("")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(keys.ENV, raising=False)
    keys.project_key.cache_clear()
    keys._key_near.cache_clear()
    return tmp_path


def test_the_first_fingerprint_creates_a_private_git_ignored_key(project):
    # When a value is fingerprinted in a project without a key
    first = fingerprint("1990-04-12")
    # Then a random key is kept there, 0600, ignored by git, and used again
    path = project / keys.KEY_RELATIVE
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert len(path.read_text().strip()) == 64
    assert "fingerprint.key" in (project / keys.GITIGNORE_RELATIVE).read_text().split()
    assert fingerprint("1990-04-12") == first


def test_without_the_key_a_guess_cannot_be_checked(project, monkeypatch):
    # Given a date of birth fingerprinted with the project key
    keyed = fingerprint("1990-04-12")
    # When an attacker tries the right guess with the public salt or another key
    public = fingerprint("1990-04-12", key=keys.PUBLIC)
    other = fingerprint("1990-04-12", key="guessed-key")
    # Then neither matches
    assert keyed not in (public, other)


def test_the_environment_key_is_shared_by_machines(project, monkeypatch):
    # Given the project's key, handed to CI through the variable
    key = keys.fingerprint_key()
    local = fingerprint("Summer2024!")
    monkeypatch.setenv(keys.ENV, key)
    # Then CI computes the same fingerprints
    assert fingerprint("Summer2024!") == local


def _finding(value: str) -> Finding:
    return Finding(
        path="a.ipynb", cell_index=0, cell_id=None, where="source", output_index=None, line=1,
        column=1, category="secret", rule="password-assignment", severity=Severity.MEDIUM,
        confidence=0.7, fingerprint=fingerprint(value), preview="****", message="m", kind="code",
    )  # fmt: skip


def test_a_baseline_made_with_another_key_says_so(project, monkeypatch):
    # Given a baseline saved under one key
    monkeypatch.setenv(keys.ENV, "key-of-laptop")
    base = Baseline()
    base.accept(_finding("Summer2024!"), "test")
    base.save(project / "baseline.json", root=project)
    saved = json.loads((project / "baseline.json").read_text())
    # When it is loaded where another key is in use
    monkeypatch.setenv(keys.ENV, "key-of-ci")
    loaded = Baseline.load(project / "baseline.json")
    # Then it warns that its entries cannot match, naming both key ids (never the keys)
    warning = loaded.other_key("baseline.json")
    assert warning is not None and saved["key_id"] in warning
    assert keys.key_id("key-of-ci") in warning and "key-of-laptop" not in warning
    monkeypatch.setenv(keys.ENV, "key-of-laptop")
    assert Baseline.load(project / "baseline.json").other_key("baseline.json") is None


def test_a_baseline_from_before_keyed_fingerprints_says_so(project, monkeypatch):
    # Given a baseline file written before baselines recorded their key (public salt)
    entry = {"path": "a.ipynb", "rule": "r", "fingerprint": "sc1:x", "reason": "old"}
    doc = {"schema": "secure-check/baseline@1", "entries": [entry]}
    (project / "old.json").write_text(json.dumps(doc))
    # When it is loaded where a project key is in use
    monkeypatch.setenv(keys.ENV, "key-of-ci")
    warning = Baseline.load(project / "old.json").other_key("old.json")
    # Then it says it was made with the public salt
    assert warning is not None and "key public" in warning


def test_a_folder_others_can_write_keeps_no_key_and_anchors_no_project(tmp_path, monkeypatch):
    from secure_check.core import keys
    from secure_check.core.project import project_root

    # Given a world-writable folder (like /tmp) where someone planted .secure-check/
    shared = tmp_path / "tmp"
    (shared / ".secure-check").mkdir(parents=True)
    shared.chmod(0o1777)
    (shared / "work").mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home"))
    # When the project root and the key are looked up from a folder below it
    root = project_root(shared / "work")
    key = keys.project_key(shared)
    # Then the planted folder anchors nothing, and the key lives in the user's config folder
    assert root == shared / "work"
    assert not (shared / ".secure-check" / "fingerprint.key").exists()
    assert (
        tmp_path / "home" / "secure-check" / ".secure-check" / "fingerprint.key"
    ).read_text().strip() == key
