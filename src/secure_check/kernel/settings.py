"""Session settings: traitlets config, then ``[tool.secure-check]``, then the session."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from traitlets import Bool, Enum, Int, List, Unicode
from traitlets.config import Configurable

from secure_check.core.baseline import BASELINE_RELATIVE

SEVERITIES = ("low", "medium", "high")
ERR_UNKNOWN_KEY = "unknown setting {key!r}; known settings: {known}"
ERR_BAD_VALUE = "bad value for {key}: {detail}"
ERR_BAD_PAIR = "expected KEY=VALUE, got {item!r}"
ERR_OUTSIDE = (
    "baseline {value!r} resolves outside the project {root}; path settings must stay inside it"
)
ERR_BAD_PYPROJECT = "cannot read [tool.secure-check] from {path}: {detail}"


class SecureCheck(Configurable):
    """Thresholds and rules of the magics (``c.SecureCheck.<name>`` in IPython config)."""

    min_severity = Enum(SEVERITIES, "low", help="Hide findings below this severity.").tag(
        config=True
    )
    guard_severity = Enum(
        SEVERITIES, "high", help="The cell guard refuses cells holding a secret at this severity."
    ).tag(config=True)
    disabled_rules = List(Unicode(), help="Rules whose findings are hidden.").tag(config=True)
    categories = List(Unicode(), help="Categories to report (empty: all of them).").tag(config=True)
    guard = Bool(False, help="Turn the cell guard on when the extension loads.").tag(config=True)
    scan_outputs = Bool(True, help="The guard scans what each cell displayed.").tag(config=True)
    k_target = Int(5, help="Smallest acceptable k for k-anonymity.").tag(config=True)
    pii_sample_rows = Int(5000, help="Rows sampled per column when profiling frames.").tag(
        config=True
    )
    baseline = Unicode(
        BASELINE_RELATIVE, help="Baseline of accepted findings (project relative)."
    ).tag(config=True)


def keys() -> list[str]:
    """Names of every setting."""
    return sorted(SecureCheck.class_own_traits(config=True))


class Settings:
    """The effective settings and where each came from (default, traitlets, pyproject, session)."""

    def __init__(self, config: Any = None, cwd: Path | None = None) -> None:
        self.values = SecureCheck(config=config) if config is not None else SecureCheck()
        self.origin = {k: "default" for k in keys()}
        section = type(self.values).__name__
        for key in keys():
            if config is not None and key in config.get(section, {}):
                self.origin[key] = "traitlets"
        self._cwd = cwd
        self.pyproject = find_pyproject(cwd or Path.cwd())
        self.problems: list[str] = []
        if self.pyproject is not None:
            self._load_pyproject(self.pyproject)

    def _load_pyproject(self, path: Path) -> None:
        # NOTE: a bad project file must not stop %load_ext; its problems show in `config`.
        try:
            table = read_pyproject(path)
        except ValueError as e:
            self.problems.append(str(e))
            return
        for key, value in table.items():
            try:
                self.update({key: value}, origin="pyproject.toml")
            except ValueError as e:
                self.problems.append(f"{path}: {e}")

    def get(self, key: str) -> Any:
        """Return the value of ``key``."""
        return getattr(self.values, _norm(key))

    def update(self, pairs: dict[str, Any], origin: str = "session") -> None:
        """Set several settings, validating every one before changing any."""
        parsed = {_norm(k): _coerce(_norm(k), v) for k, v in pairs.items()}
        if "baseline" in parsed:
            self._inside(parsed["baseline"])
        for key, value in parsed.items():
            setattr(self.values, key, value)
            self.origin[key] = origin

    def as_rows(self) -> list[tuple[str, str, str]]:
        """(key, value, origin) for display."""
        return [(k, _show(self.get(k)), self.origin[k]) for k in keys()]

    @property
    def root(self) -> Path:
        """The project directory, which anchors the baseline and the paths findings show.

        The nearest folder upward (from the ``cwd`` given, else the current one) holding
        ``.secure-check/`` (where the panel and the CLI keep the baseline), a pyproject.toml or
        a git work tree; else the working directory.
        """
        from secure_check.core.project import project_root

        return project_root(self._cwd)

    @property
    def baseline_path(self) -> Path:
        """Absolute path of the baseline file (always inside the project root)."""
        return self._inside(self.values.baseline)

    def _inside(self, value: str) -> Path:
        """Resolve a path setting; refuse one that leaves the project (``~/x``, a link out)."""
        from secure_check.core.files import UnsafePathError, inside

        path = Path(value).expanduser()
        full = path if path.is_absolute() else self.root / path
        try:
            return inside(self.root, full)
        except UnsafePathError:
            raise ValueError(ERR_OUTSIDE.format(value=value, root=self.root)) from None


def parse_pairs(items: list[str]) -> dict[str, str]:
    """Turn ``KEY=VALUE`` words into a dict; raise ValueError naming a malformed one."""
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ValueError(ERR_BAD_PAIR.format(item=item))
        out[key.strip()] = value.strip()
    return out


def find_pyproject(start: Path) -> Path | None:
    """Return the nearest pyproject.toml from ``start`` upward naming ``secure-check``."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        try:
            if candidate.is_file() and "secure-check" in candidate.read_text(errors="replace"):
                return candidate
        except OSError:  # NOTE: an unreadable file must not stop %load_ext
            continue
    return None


def read_pyproject(path: Path) -> dict[str, Any]:
    """Return the ``[tool.secure-check]`` table, keeping only the keys these settings know."""
    try:
        import tomllib
    except ImportError:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ValueError(ERR_BAD_PYPROJECT.format(path=path, detail=e)) from None
    table = data.get("tool", {}).get("secure-check", {})
    # NOTE: the CLI reads the same table; keys meant for it are not errors here.
    if not isinstance(table, dict):
        return {}
    return {k: v for k, v in table.items() if k.strip().replace("-", "_") in keys()}


def _norm(key: str) -> str:
    name = key.strip().replace("-", "_")
    if name not in keys():
        raise ValueError(ERR_UNKNOWN_KEY.format(key=key, known=", ".join(keys())))
    return name


def _coerce(key: str, value: Any) -> Any:
    trait = SecureCheck.class_traits()[key]
    try:
        if isinstance(value, str):
            value = _from_text(trait, value)
        scratch = SecureCheck()
        setattr(scratch, key, value)  # NOTE: traitlets validates on assignment
        return getattr(scratch, key)
    except Exception as e:  # noqa: BLE001 - traitlets raises TraitError or ValueError
        raise ValueError(ERR_BAD_VALUE.format(key=key, detail=_short(e))) from None


def _from_text(trait: Any, text: str) -> Any:
    if isinstance(trait, Bool):
        lowered = text.lower()
        if lowered not in ("true", "false", "1", "0", "on", "off", "yes", "no"):
            raise ValueError(f"expected true or false, got {text!r}")
        return lowered in ("true", "1", "on", "yes")
    if isinstance(trait, Int):
        return int(text)
    if isinstance(trait, List):
        return [part.strip() for part in text.split(",") if part.strip()]
    return os.path.expandvars(text) if isinstance(trait, Unicode) else text.lower()


def _short(e: Exception) -> str:
    text = str(e).splitlines()[0] if str(e) else type(e).__name__
    return text[:200]


def _show(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(value) if value else "(none)"
    return str(value)
