"""Shared pytest setup: a real Jupyter server (pytest-jupyter) with authentication on."""

import os

import pytest

# NOTE: notebooks.py holds the notebook fixtures several test folders share.
pytest_plugins = ("pytest_jupyter.jupyter_server", "notebooks")


@pytest.fixture
def jp_server_config(jp_server_config):
    return {
        "ServerApp": {
            "jpserver_extensions": {"secure_check": True},
            "allow_unauthenticated_access": False,
        }
    }


@pytest.fixture
def jp_serverapp(jp_serverapp):
    """The server, whose scan workers are stopped after the test.

    NOTE: jupyter_server 2 never calls a module extension's unload hook, so without this each
    test's workers would idle until the run ends (a served Jupyter ends them at exit).
    """
    yield jp_serverapp
    pool = jp_serverapp.web_app.settings.get("secure_check_scan_pool")
    if pool is not None:
        pool.close()


@pytest.fixture(autouse=True)
def _private_audit_log(tmp_path_factory, monkeypatch):
    """Every scan and analysis appends to an audit log: keep the suite's out of the repo."""
    log = tmp_path_factory.mktemp("audit") / "audit.jsonl"
    monkeypatch.setenv("SECURE_CHECK_AUDIT_LOG", str(log))
    return log


def pytest_configure(config):
    """A fixed team key, as CI sets it: no test (nor collection) makes a key file in the repo."""
    os.environ.setdefault("SECURE_CHECK_FINGERPRINT_KEY", "test-suite-key")
