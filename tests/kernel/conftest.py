"""Fixtures for the magics tests: one IPython InteractiveShell with the extension loaded."""

import random

import pytest

import synth_secrets


@pytest.fixture
def ip(tmp_path, monkeypatch):
    """The test InteractiveShell with the extension loaded, working in an empty folder."""
    from IPython.testing.globalipapp import get_ipython

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("SECURE_CHECK_PSEUDONYM_KEY", raising=False)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    shell = get_ipython()
    shell.run_line_magic("load_ext", "secure_check")
    for name in ("__session__", "__vsc_ipynb_file__"):
        shell.user_ns.pop(name, None)
    yield shell
    shell.run_line_magic("unload_ext", "secure_check")


@pytest.fixture
def token():
    """A format-valid synthetic GitHub token (CRC32 checksum included)."""
    return synth_secrets.github_classic_token(random.Random(7))
