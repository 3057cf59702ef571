"""Fail thresholds for CI: ``[tool.secure-check]`` in pyproject.toml or ``secure-check.toml``.

One policy is read by the CLI, the nbconvert exporter and the magics alike: a top-level
``fail-on`` and, per section (secrets, pii, fairness, robustness, privacy, explanation,
dependency), its own ``fail-on`` plus numeric limits: fairness ``min-ratio`` and
``max-difference``, robustness ``min-adversarial-accuracy``, privacy ``max-membership-auc``.
See docs/batch.md for a full example.
"""

from __future__ import annotations

import dataclasses
import math
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from secure_check.core.findings import Finding, Severity

POLICY_FILE = "secure-check.toml"
PYPROJECT = "pyproject.toml"
FAIL_ON = ("high", "medium", "low", "never")
SECTIONS = ("secrets", "pii", "fairness", "robustness", "privacy", "explanation", "dependency")
# NOTE: scan findings say "secret"; the policy section is the plural most tools use.
_SECTION_OF = {"secret": "secrets"}
_LIMITS = {
    "fairness": ("min-ratio", "max-difference"),
    "robustness": ("min-adversarial-accuracy",),
    "privacy": ("max-membership-auc",),
}
DEFAULT_FAIL_ON = "low"
_SEVERITIES = ("high", "medium", "low")
_STRICTNESS = ("never", "high", "medium", "low")  # NOTE: later fails on more
_CARD_SECTIONS = ("fairness", "explanation", "robustness")

ERR_TOML = "{path}: not valid TOML: {detail}"
ERR_UNKNOWN_KEY = "{path}: unknown key {key!r} in [{table}]; expected one of: {expected}"
ERR_FAIL_ON = "{path}: [{table}] fail-on must be one of {choices}, not {value!r}"
ERR_LIMIT = "{path}: [{table}] {key} must be a number between 0 and 1, not {value!r}"
ERR_TABLE = "{path}: [{table}] must be a table, not {value!r}"

MSG_SEVERITY = "{category} finding {rule!r} is {severity}, at or above fail-on {fail_on!r}{where}"
MSG_UNKNOWN_SEVERITY = (
    "{category} finding {rule!r} has an unknown severity {severity!r} "
    "(expected high, medium or low); counted as a violation"
)
MSG_RATIO = "fairness {name} for {feature!r} is {value:.3f}, below the policy minimum {limit:g}"
MSG_DIFF = "fairness {name} for {feature!r} is {value:.3f}, above the policy maximum {limit:g}"
MSG_ADV = (
    "adversarial accuracy under {attack} at eps {eps:g} is {value:.3f}, below the policy "
    "floor {limit:g}"
)
MSG_AUC = "membership-inference AUC {value:.3f} is above the policy ceiling {limit:g}"


class PolicyError(ValueError):
    """A policy file that cannot be used; the message names the file and the key."""


@dataclasses.dataclass(frozen=True)
class Violation:
    """One reason the policy fails a run."""

    category: str
    rule: str
    severity: str
    message: str
    path: str = ""

    def to_dict(self) -> dict[str, str]:
        """Return the JSON form."""
        return dataclasses.asdict(self)


@dataclasses.dataclass
class Policy:
    """Per-category ``fail-on`` severities and numeric limits for model analyses.

    Attributes
    ----------
    fail_on
        ``{section: "high"|"medium"|"low"|"never"}``; sections absent use ``default``.
    limits
        ``{section: {key: float}}``, e.g. ``{"fairness": {"min-ratio": 0.8}}``.
    source
        The base file the policy came from, or ``None`` for the built-in defaults.
    sources
        Every file used: the base, then each nested file that could only tighten it.
    """

    default: str = DEFAULT_FAIL_ON
    fail_on: dict[str, str] = dataclasses.field(default_factory=dict)
    limits: dict[str, dict[str, float]] = dataclasses.field(default_factory=dict)
    source: Path | None = None
    sources: list[Path] = dataclasses.field(default_factory=list)

    def __post_init__(self) -> None:
        if self.source is not None and not self.sources:
            self.sources.append(self.source)

    @classmethod
    def load(cls, start: Path | str = ".") -> Policy:
        """Find the policy for ``start`` (a file or folder); defaults if there is none.

        A ``.toml`` file named directly is the policy, alone; any other file starts the search
        from its folder. From a folder, the policy files from the
        repository root (the git work tree's top, else the filesystem root) down to ``start``
        are read: the outermost is the base and each nested one may only tighten it, so a
        ``notebooks/secure-check.toml`` cannot turn a failing CI gate green. ``sources`` lists
        every file used. In one folder ``secure-check.toml`` wins over ``pyproject.toml``; a
        pyproject.toml without ``[tool.secure-check]`` is passed over.

        Raises
        ------
        PolicyError
            If a file found is not valid TOML or holds an unknown key or a bad value.
        """
        here = Path(start)
        if here.is_file() and here.suffix == ".toml":
            return cls.from_table(_table(here), here)
        found = find_all(here)
        if not found:
            return cls()
        (path, table), *nested = found
        policy = cls.from_table(table, path)
        for inner, inner_table in nested:
            policy.tighten(cls.from_table(inner_table, inner))
        return policy

    def tighten(self, other: Policy) -> None:
        """Take from ``other`` only what is stricter: a lower fail-on, a tighter limit."""
        for section in {*self.fail_on, *other.fail_on}:
            mine, theirs = self.threshold(section), other.threshold(section)
            self.fail_on[section] = max(mine, theirs, key=_STRICTNESS.index)
        self.default = max(self.default, other.default, key=_STRICTNESS.index)
        for section, limits in other.limits.items():
            own = self.limits.setdefault(section, {})
            for key, value in limits.items():
                stricter = max if key.startswith("min-") else min
                own[key] = stricter(own.get(key, value), value)
        self.sources.extend(p for p in other.sources if p not in self.sources)

    @property
    def shown(self) -> str:
        """The files the policy came from, for messages (``defaults`` when none)."""
        return ", ".join(str(p) for p in self.sources) or "defaults"

    @classmethod
    def from_table(cls, table: Mapping[str, Any], path: Path | None = None) -> Policy:
        """Build a policy from the parsed ``[tool.secure-check]`` table, validating it."""
        shown = str(path) if path else "<policy>"
        policy = cls(source=path)
        for key, value in table.items():
            if key == "fail-on":
                policy.default = _fail_on(value, shown, "tool.secure-check")
            elif key in SECTIONS:
                policy._section(key, value, shown)
            else:
                expected = ", ".join(("fail-on", *SECTIONS))
                raise PolicyError(
                    ERR_UNKNOWN_KEY.format(
                        path=shown, key=key, table="tool.secure-check", expected=expected
                    )
                )
        return policy

    def _section(self, name: str, value: Any, shown: str) -> None:
        table = f"tool.secure-check.{name}"
        if not isinstance(value, Mapping):
            raise PolicyError(ERR_TABLE.format(path=shown, table=table, value=value))
        allowed = ("fail-on", *_LIMITS.get(name, ()))
        for key, item in value.items():
            if key not in allowed:
                expected = ", ".join(allowed)
                raise PolicyError(
                    ERR_UNKNOWN_KEY.format(path=shown, key=key, table=table, expected=expected)
                )
            if key == "fail-on":
                self.fail_on[name] = _fail_on(item, shown, table)
            else:
                self.limits.setdefault(name, {})[key] = _limit(item, shown, table, key)

    def threshold(self, category: str) -> str:
        """Return the ``fail-on`` severity for a finding category (``secret``, ``pii``...)."""
        return self.fail_on.get(_SECTION_OF.get(category, category), self.default)

    def evaluate(
        self, findings: Iterable[Finding] = (), analyses: Iterable[Any] = ()
    ) -> list[Violation]:
        """Return every violation: scan findings by severity, analyses by severity and limits.

        Parameters
        ----------
        findings
            Scan findings; accepted (baselined) ones never fail.
        analyses
            Analysis results (``FairnessResult``, ``RobustnessResult`` or their ``to_dict()``)
            or single finding dicts (``category``, ``rule``, ``severity``, ``message``).
        """
        out = [v for f in findings if (v := self._finding(f)) is not None]
        for item in analyses:
            data = item.to_dict() if hasattr(item, "to_dict") else item
            out.extend(self._analysis(data))
        return out

    def evaluate_card(self, card: Mapping[str, Any]) -> list[Violation]:
        """Return the violations of a model card's analyses (``model-card.json``).

        Reads the ``fairness``, ``explanation`` and ``robustness`` sections of its
        ``secure_check`` part (or of the mapping itself), as ``secure-check verify`` gates.
        """
        content = card.get("secure_check", card)
        sections = [content.get(name) for name in _CARD_SECTIONS]
        return self.evaluate([], [s for s in sections if isinstance(s, Mapping)])

    def _finding(self, f: Finding) -> Violation | None:
        if f.accepted:
            return None
        where = f" ({f.path}, cell {f.cell_index})" if f.cell_index is not None else f" ({f.path})"
        return self._by_severity(f.category, f.rule, f.severity.value, where, f.path)

    def _by_severity(
        self, category: str, rule: str, severity: str, where: str = "", path: str = ""
    ) -> Violation | None:
        fail_on = self.threshold(category)
        if severity not in _SEVERITIES:
            # NOTE: fail closed: a notebook's analysis output must not dodge the gate (or crash
            # the exporter) by naming a severity we do not know
            message = MSG_UNKNOWN_SEVERITY.format(category=category, rule=rule, severity=severity)
            return Violation(category, str(rule), "high", message + where, path)
        if fail_on == "never" or Severity(severity) < Severity(fail_on):
            return None
        message = MSG_SEVERITY.format(
            category=category, rule=rule, severity=severity, fail_on=fail_on, where=where
        )
        return Violation(category, rule, severity, message, path)

    def _analysis(self, data: Mapping[str, Any]) -> list[Violation]:
        items = data.get("findings") if "findings" in data else [data]
        out = [
            v
            for f in items or []
            if "rule" in f and "severity" in f
            for v in [self._by_severity(f.get("category", ""), f["rule"], f["severity"])]
            if v is not None
        ]
        out += self._fairness_limits(data.get("disparities") or {})
        out += self._robustness_limits(data.get("attacks") or [])
        out += self._privacy_limits(data.get("membership_inference") or {})
        return out

    def _fairness_limits(self, disparities: Mapping[str, Any]) -> list[Violation]:
        limits, out = self.limits.get("fairness", {}), []
        for feature, values in disparities.items():
            for name, value in (values or {}).items():
                if not _finite(value):
                    continue
                if name.endswith("_ratio") and value < limits.get("min-ratio", -1.0):
                    msg = MSG_RATIO.format(
                        name=name, feature=feature, value=value, limit=limits["min-ratio"]
                    )
                elif name.endswith("_difference") and value > limits.get("max-difference", 2.0):
                    msg = MSG_DIFF.format(
                        name=name, feature=feature, value=value, limit=limits["max-difference"]
                    )
                else:
                    continue
                out.append(Violation("fairness", name, "high", msg))
        return out

    def _robustness_limits(self, attacks: Iterable[Mapping[str, Any]]) -> list[Violation]:
        floor = self.limits.get("robustness", {}).get("min-adversarial-accuracy")
        if floor is None:
            return []
        out = []
        for row in attacks:
            value, eps = _number(row.get("adversarial_accuracy")), row.get("eps")
            if eps is None or value is None or value >= floor:
                continue
            name = str(row.get("name", "attack"))
            msg = MSG_ADV.format(attack=name, eps=eps, value=value, limit=floor)
            out.append(Violation("robustness", "adversarial-accuracy-floor", "high", msg))
        return out

    def _privacy_limits(self, mia: Mapping[str, Any]) -> list[Violation]:
        ceiling = self.limits.get("privacy", {}).get("max-membership-auc")
        auc = _number(mia.get("auc"))
        if ceiling is None or auc is None or auc <= ceiling:
            return []
        msg = MSG_AUC.format(value=auc, limit=ceiling)
        return [Violation("privacy", "membership-inference-ceiling", "high", msg)]


def find(start: Path) -> tuple[Path, Mapping[str, Any]] | None:
    """Return the nearest policy file (and its table) from ``start`` upward, or ``None``."""
    found = find_all(start)
    return found[-1] if found else None


def find_all(start: Path) -> list[tuple[Path, Mapping[str, Any]]]:
    """Return the policy files from the repository root down to ``start``, outermost first.

    The search goes up to the git work tree's top (the folder holding ``.git``), else to the
    filesystem root; at most one file per folder.
    """
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    out: list[tuple[Path, Mapping[str, Any]]] = []
    for here in (folder, *folder.parents):
        own, pyproject = here / POLICY_FILE, here / PYPROJECT
        if own.is_file():
            out.append((own, _read(own)))
        elif pyproject.is_file():
            table = _read(pyproject).get("tool", {}).get("secure-check")
            if table is not None:
                out.append((pyproject, table))
        if (here / ".git").exists():
            break
    return out[::-1]


def _table(path: Path) -> Mapping[str, Any]:
    data = _read(path)
    if path.name == PYPROJECT:
        return dict(data.get("tool", {}).get("secure-check", {}))
    return data


def _read(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise PolicyError(ERR_TOML.format(path=path, detail=e)) from e


def _fail_on(value: Any, shown: str, table: str) -> str:
    if value not in FAIL_ON:
        raise PolicyError(
            ERR_FAIL_ON.format(path=shown, table=table, choices=", ".join(FAIL_ON), value=value)
        )
    return str(value)


def _limit(value: Any, shown: str, table: str, key: str) -> float:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1
    if not ok:
        raise PolicyError(ERR_LIMIT.format(path=shown, table=table, key=key, value=value))
    return float(value)


def _finite(value: Any) -> bool:
    return _number(value) is not None


def _number(value: Any) -> float | None:
    """Return a finite number as float, else None (NaN, None, text)."""
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    return float(value) if ok and math.isfinite(value) else None
