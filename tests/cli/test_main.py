"""`secure-check` itself: --help lists every subcommand from the one SUBCOMMANDS tuple."""

from __future__ import annotations

import re

import pytest

from secure_check.cli.main import SUBCOMMANDS, main


def test_help_lists_every_subcommand_from_the_one_tuple(capsys: pytest.CaptureFixture[str]) -> None:
    # Given the one tuple of subcommands
    names = [name for name, _ in SUBCOMMANDS]
    assert names == ["scan", "card", "keygen", "verify", "anchor", "policy", "deps"]
    # When the top-level help is shown
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    # Then it lists exactly those, in that order, and each has its own help
    assert re.findall(r"^    (\S+)  ", out, flags=re.MULTILINE) == names
    for name in names:
        assert main([name, "--help"]) == 0
        assert f"usage: secure-check {name} " in capsys.readouterr().out
