"""Shared pytest setup: a real Jupyter server (pytest-jupyter) with authentication on."""

import pytest

pytest_plugins = ("pytest_jupyter.jupyter_server",)


@pytest.fixture
def jp_server_config(jp_server_config):
    return {
        "ServerApp": {
            "jpserver_extensions": {"secure_check": True},
            "allow_unauthenticated_access": False,
        }
    }
