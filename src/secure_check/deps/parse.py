"""Find the packages a notebook uses: imports in code cells and ``%pip``/``!pip install`` lines."""

from __future__ import annotations

import ast
import dataclasses
import re
import shlex
import sys
from collections.abc import Iterator
from typing import Any

# NOTE: `!{sys.executable} -m pip install`, `%pip install`, `!pip3 install`, `%conda install`.
_INSTALL = re.compile(
    r"^\s*[!%](?:\{[^}]*\}\s*-m\s+|python3?\s+-m\s+)?(pip3?|conda|mamba|uv\s+pip)\s+install\s+(.*)$"
)
_IMPORT_LINE = re.compile(r"^\s*(?:from\s+([\w.]+)\s+import|import\s+([\w., ]+))")
_OPTIONS_WITH_VALUE = frozenset(
    {
        "-r",
        "--requirement",
        "-c",
        "--constraint",
        "-i",
        "--index-url",
        "--extra-index-url",
        "-f",
        "--find-links",
        "-t",
        "--target",
        "--prefix",
        "-e",
        "--editable",
        "-n",
        "--name",
        "--channel",
        "--python",
        "--trusted-host",
        "--platform",
    }
)


@dataclasses.dataclass(frozen=True)
class Use:
    """One place a notebook uses a package: ``import`` (a module) or ``install`` (a spec)."""

    kind: str
    name: str
    spec: str
    cell_index: int
    cell_id: str | None
    line: int
    installer: str = ""


def uses(nb: dict[str, Any]) -> Iterator[Use]:
    """Yield every import and install of third-party packages in the notebook's code cells."""
    for index, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        cell_id = cell.get("id")
        yield from _installs(source, index, cell_id)
        yield from _imports(source, index, cell_id)


def _installs(source: str, index: int, cell_id: str | None) -> Iterator[Use]:
    for number, line in enumerate(source.splitlines(), start=1):
        match = _INSTALL.match(line)
        if not match:
            continue
        installer = match.group(1).split()[0]
        for spec in install_specs(match.group(2)):
            yield Use("install", requirement_name(spec), spec, index, cell_id, number, installer)


def install_specs(args: str) -> list[str]:
    """Return the requirement specs on an install line (options and their values dropped)."""
    try:
        words = shlex.split(args.split("#", 1)[0])
    except ValueError:
        words = args.split()
    specs, skip = [], False
    for word in words:
        if skip:
            skip = False
        elif word in _OPTIONS_WITH_VALUE:
            skip = True
        elif not word.startswith("-") and not word.startswith(("$", "{")):
            specs.append(word)
    return specs


def requirement_name(spec: str) -> str:
    """Return the project name of a requirement spec (``pandas>=2`` -> ``pandas``)."""
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        return canonical(Requirement(spec).name)
    except InvalidRequirement:
        pass
    egg = re.search(r"[#&]egg=([\w.-]+)", spec)
    if egg:
        return canonical(egg.group(1))
    # NOTE: URLs, paths and conda specs (`numpy=1.26`) keep their leading name-ish part.
    tail = spec.split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    return canonical(re.split(r"[=<>!~\[;@ ]", tail, maxsplit=1)[0])


def canonical(name: str) -> str:
    """Normalise a project name as PEP 503 does."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _imports(source: str, index: int, cell_id: str | None) -> Iterator[Use]:
    seen: set[str] = set()
    for module, line in _modules(source):
        top = module.split(".")[0]
        if not top or top in seen or top in sys.stdlib_module_names or top == "__future__":
            continue
        seen.add(top)
        yield Use("import", top, module, index, cell_id, line)


def _modules(source: str) -> Iterator[tuple[str, int]]:
    """Yield imported module names; magics and shell lines are blanked (line numbers kept)."""
    lines = source.splitlines()
    if lines and lines[0].lstrip().startswith("%%"):
        return  # NOTE: a cell magic's body is not Python (bash, sql, writefile...).
    python = "\n".join("" if _is_magic(line) else line for line in lines)
    try:
        tree = ast.parse(python)
    except SyntaxError:
        yield from _modules_by_line(lines)
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module, node.lineno


def _is_magic(line: str) -> bool:
    stripped = line.lstrip()
    return (
        stripped.startswith(("%", "!"))
        or stripped.endswith("?")
        or bool(re.match(r"^\s*\w+\s*=\s*[!%]", line))
    )


def _modules_by_line(lines: list[str]) -> Iterator[tuple[str, int]]:
    # NOTE: a cell that does not parse (half-written code) still shows its import lines.
    for number, line in enumerate(lines, start=1):
        match = _IMPORT_LINE.match(line)
        if not match:
            continue
        if match.group(1):
            yield match.group(1), number
        else:
            for name in match.group(2).split(","):
                if name.strip():
                    yield name.split()[0], number
