"""`secure-check` itself: every subcommand from the one SUBCOMMANDS tuple; imports point down."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import secure_check
from secure_check.cli.main import SUBCOMMANDS, main

PACKAGE = Path(secure_check.__file__).parent
# NOTE: what every subcommand may share; main imports the subcommands, never the reverse.
SHARED = {"secure_check.cli.exit", "secure_check.cli.output"}


def test_help_lists_every_subcommand_from_the_one_tuple(capsys: pytest.CaptureFixture[str]) -> None:
    # Given the one tuple of subcommands
    names = [name for name, _ in SUBCOMMANDS]
    assert names == ["scan", "card", "keygen", "verify", "policy", "deps"]
    # When the top-level help is shown
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    # Then it lists exactly those, in that order, and each has its own help
    assert re.findall(r"^    (\S+)  ", out, flags=re.MULTILINE) == names
    for name in names:
        assert main([name, "--help"]) == 0
        assert f"usage: secure-check {name} " in capsys.readouterr().out


def _imports(path: Path) -> Iterator[str]:
    """Absolute module names a file imports (``from a import b`` gives ``a`` and ``a.b``)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def _is_cli(module: str) -> bool:
    return module == "secure_check.cli" or module.startswith("secure_check.cli.")


@pytest.mark.parametrize("folder", ["batch", "deps"])
def test_batch_and_deps_import_neither_the_cli_nor_argparse(folder: str) -> None:
    # Given every module of the folder
    files = sorted((PACKAGE / folder).rglob("*.py"))
    assert files
    # When their imports are read / Then none reaches up into the CLI or parses arguments
    bad = [
        f"{path.relative_to(PACKAGE)}: {module}"
        for path in files
        for module in _imports(path)
        if _is_cli(module) or module == "argparse"
    ]
    assert bad == []


def test_subcommands_import_only_the_shared_cli_modules() -> None:
    # Given the subcommand and shared modules (main and __init__ import them)
    files = [
        p for p in sorted((PACKAGE / "cli").glob("*.py")) if p.stem not in ("main", "__init__")
    ]
    # When / Then: they import no other CLI module, so no cycle can form
    bad = [
        f"{path.name}: {module}"
        for path in files
        for module in _imports(path)
        if _is_cli(module) and module not in SHARED and module.rsplit(".", 1)[0] not in SHARED
    ]
    assert bad == []
