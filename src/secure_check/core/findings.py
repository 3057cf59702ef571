"""The wire schema shared by every adapter: Finding, Severity and the raw Hit an analyzer yields."""

from __future__ import annotations

import dataclasses
import enum
from typing import Any, Literal

# The JSON document a scan answers with (reports, server routes); bump on incompatible change.
SCAN_SCHEMA = "secure-check/scan@1"
Where = Literal["source", "output", "metadata"]
Category = Literal[
    "secret", "pii", "fairness", "explanation", "robustness", "privacy", "dependency"
]


class Severity(str, enum.Enum):
    """How urgent a finding is; ordered so that thresholds compare."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        """Order for thresholds: low 1, medium 2, high 3."""
        return _RANKS[self]

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank


_RANKS = {Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3}


@dataclasses.dataclass
class Hit:
    """What an analyzer reports inside one segment of text.

    ``value`` is the raw matched text. It never leaves the engine: the scan loop turns it
    into a fingerprint and a redacted preview and then drops it.
    """

    rule: str
    category: Category
    start: int
    end: int
    value: str
    severity: Severity
    confidence: float
    message: str = ""
    # NOTE: structured facts about the finding that are not the value (a PII column's kind,
    # rows matched and share), for the panel, SARIF and baselines; never a raw value.
    details: dict[str, str | int | float] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class Finding:
    """One located finding, safe to print, log and store (it holds no raw value)."""

    path: str
    cell_index: int | None
    cell_id: str | None
    where: Where
    output_index: int | None
    line: int
    column: int
    category: Category
    rule: str
    severity: Severity
    confidence: float
    fingerprint: str
    preview: str
    message: str = ""
    kind: str = ""
    accepted: bool = False
    details: dict[str, str | int | float] = dataclasses.field(default_factory=dict)
    # The finding's line with every hit on it masked (core.redact.LineMasker); "" when unknown.
    context: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form (the `secure-check/scan@1` finding)."""
        data = dataclasses.asdict(self)
        data["severity"] = self.severity.value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        """Rebuild a finding from its JSON form."""
        fields = {f.name for f in dataclasses.fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in fields}
        kwargs["severity"] = Severity(kwargs["severity"])
        return cls(**kwargs)
