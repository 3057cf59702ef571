"""The one extras table and lazy loader behind ``secure_check.X``, the card and the magics."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomllib

import secure_check
from secure_check.core import extras

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def test_every_extra_named_exists_in_pyproject():
    # Given the extras pyproject.toml defines
    defined = tomllib.loads(PYPROJECT.read_text())["project"]["optional-dependencies"]
    # Then every extra the table tells users to install is one of them
    assert set(extras.EXTRAS.values()) <= set(defined)


@pytest.mark.parametrize("name", sorted(extras.PUBLIC))
def test_every_public_name_resolves(name):
    assert getattr(secure_check, name) is not None


def test_unknown_public_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="module 'secure_check' has no attribute 'nope'"):
        secure_check.nope  # noqa: B018


def test_missing_third_party_module_names_the_extra():
    # When a target's module is not installed
    with pytest.raises(ImportError) as error:
        extras.load("not_installed_pkg_x9:f", feature="fairness", extra="fairness")
    # Then the message names the feature, the module and the extra
    assert str(error.value) == extras.MISSING_EXTRA.format(
        feature="fairness", module="not_installed_pkg_x9", extra="fairness"
    )


def test_missing_own_module_is_not_blamed_on_an_extra():
    with pytest.raises(ModuleNotFoundError, match=r"secure_check\.no_such_module"):
        extras.load("secure_check.no_such_module:f", feature="x", extra="fairness")


def test_require_names_the_extra():
    with pytest.raises(ImportError, match=r"pip install 'secure-check\[explain\]'"):
        extras.require("not_installed_pkg_x9", feature="SHAP explanations", extra="explain")
