"""The values bench/ plants: synthetic secrets and PII (tests/synth_*.py) and their look-alikes."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import random
import re
import string
import zlib
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

_B62 = string.digits + string.ascii_letters
_ASSIGNMENT = re.compile(r"^\s*[A-Za-z_][\w.\[\]\"']*(\s+=|\s*=\s|:\s)")


@dataclasses.dataclass(frozen=True)
class Item:
    """One planted value: its type, category, the raw value and whether it must NOT be flagged."""

    type: str
    category: str  # "secret" | "pii"
    value: str
    lookalike: bool = False

    @property
    def multiline(self) -> bool:
        return "\n" in self.value.strip()

    @property
    def assignment(self) -> bool:
        """The value is a whole assignment (``password = "..."``): plant it verbatim as code."""
        return bool(_ASSIGNMENT.match(self.value))


@dataclasses.dataclass
class Source:
    """Generators of one category: name -> fn(rng) and a list of look-alike values."""

    category: str
    generators: dict[str, Callable[[random.Random], Any]]
    lookalikes: list[tuple[str, str]]
    origin: str


def load_sources() -> list[Source]:
    """Prefer tests/synth_secrets.py and tests/synth_pii.py; fall back to a tiny local set."""
    out = []
    for category, module_name, fallback in (
        ("secret", "synth_secrets", _fallback_secrets),
        ("pii", "synth_pii", _fallback_pii),
    ):
        module = _try_import(module_name)
        source = _from_module(category, module) if module else None
        out.append(source if source and source.generators else fallback())
    from bench.lookalikes import PII_LOOKALIKES, SECRET_LOOKALIKES

    held_out = {"secret": SECRET_LOOKALIKES, "pii": PII_LOOKALIKES}
    for source in out:  # NOTE: kinds prefixed "bench:" are the held-out look-alikes
        source.lookalikes += [(f"bench:{k}", v) for k, v in held_out[source.category]]
    return out


def _try_import(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def _from_module(category: str, module: ModuleType) -> Source:
    gens = _format_table(module) or _plain_generators(module)
    raw = getattr(module, "LOOKALIKES", [])
    entries = list(raw.items()) if isinstance(raw, dict) else list(raw)
    # NOTE: a dict may map one kind to several values: {"private-ip": ("10.0.0.1", ...)}.
    entries = [(k, v) for k, vs in entries if isinstance(vs, (tuple, list)) for v in vs] + [
        e for e in entries if not (isinstance(e, tuple) and isinstance(e[1], (tuple, list)))
    ]
    looks = [_lookalike_pair(x) for x in entries]
    return Source(category, gens, [x for x in looks if x], module.__name__)


def _format_table(module: ModuleType) -> dict[str, Callable[[random.Random], Any]]:
    """A ``*_FORMATS`` dict: name -> generator, or name -> (generator, rule, ...)."""
    for attr, table in vars(module).items():
        if (attr.endswith("_FORMATS") or attr == "POSITIVES") and isinstance(table, dict):
            out = {}
            for name, entry in table.items():
                fn = entry[0] if isinstance(entry, (tuple, list)) else entry
                if callable(fn):
                    out[str(name)] = fn
            if out:
                return out
    return {}


def _plain_generators(module: ModuleType) -> dict[str, Callable[[random.Random], Any]]:
    gens = {}
    for name, fn in vars(module).items():
        if name.startswith("_") or not inspect.isfunction(fn) or fn.__module__ != module.__name__:
            continue
        params = list(inspect.signature(fn).parameters.values())
        required = [p for p in params if p.default is inspect.Parameter.empty]
        if len(required) == 1 and required[0].name in ("rng", "rand", "random", "r"):
            gens[name] = fn
    return gens


def _lookalike_pair(entry: Any) -> tuple[str, str] | None:
    """LOOKALIKES entries may be strings, (kind, value) pairs or dicts."""
    if isinstance(entry, str):
        return ("lookalike", entry)
    if isinstance(entry, dict):
        value = entry.get("value")
        kind = entry.get("kind") or entry.get("type") or entry.get("name") or "lookalike"
        return (str(kind), value) if isinstance(value, str) else None
    if isinstance(entry, (tuple, list)) and len(entry) >= 2:
        a, b = entry[0], entry[1]
        if isinstance(a, str) and isinstance(b, str):
            # NOTE: (kind, value) is the usual order; a kind has no spaces and is short.
            return (a, b) if len(a) <= len(b) or " " not in a else (b, a)
    return None


def draw(source: Source, rng: random.Random) -> Iterator[Item]:
    """Yield an endless, seeded, round-robin stream of true items from ``source``."""
    names = sorted(source.generators)
    while True:
        rng.shuffle(names)
        for name in names:
            for value in _values(source.generators[name](rng)):
                yield Item(name, source.category, value)


def _values(result: Any) -> list[str]:
    """A generator may return a value, a (value, ...) tuple or a dict (e.g. an AWS key pair)."""
    if isinstance(result, str):
        return [result]
    if isinstance(result, dict):
        return [v for v in result.values() if isinstance(v, str) and len(v) >= 6][:2]
    if isinstance(result, (tuple, list)):
        return [v for v in result if isinstance(v, str) and len(v) >= 6][:2]
    return []


def lookalikes(source: Source) -> list[Item]:
    """The look-alike items of ``source`` (values that must not be flagged)."""
    return [Item(kind, source.category, value, True) for kind, value in source.lookalikes if value]


# --- fallback generators: only used until tests/synth_*.py exist -----------------------------


def _b62(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = _B62[r] + out
    return out.rjust(6, "0")


def _fb_github(rng: random.Random) -> str:
    body = "".join(rng.choice(_B62) for _ in range(30))
    return "ghp_" + body + _b62(zlib.crc32(body.encode()))


def _fb_aws(rng: random.Random) -> str:
    return "AKIA" + "".join(rng.choice(string.ascii_uppercase + "234567") for _ in range(16))


def _fb_email(rng: random.Random) -> str:
    user = rng.choice(["maria.lopez", "j.smith", "akira.tanaka", "olga.k"]) + str(
        rng.randint(1, 99)
    )
    return f"{user}@{rng.choice(['gmail.com', 'outlook.com', 'proton.me'])}"


def _fb_ssn(rng: random.Random) -> str:
    return f"{rng.randint(1, 665):03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"


def _fb_card(rng: random.Random) -> str:
    digits = [4] + [rng.randint(0, 9) for _ in range(14)]
    total = sum(d if i % 2 else sum(divmod(d * 2, 10)) for i, d in enumerate(reversed(digits)))
    digits.append((10 - total % 10) % 10)
    return "".join(map(str, digits))


def _fallback_secrets() -> Source:
    looks = [
        ("placeholder", "YOUR_API_KEY"),
        ("doc-example", "AKIAIOSFODNN7EXAMPLE"),
        ("uuid", "3f2b8c1e-4d5a-4b6c-9e7f-1a2b3c4d5e6f"),
        ("git-sha", "9fceb02d0ae598e95dc970b74767f19372d61af8"),
    ]
    gens = {"github_classic_token": _fb_github, "aws_access_key": _fb_aws}
    return Source("secret", gens, looks, "fallback")


def _fallback_pii() -> Source:
    looks = [
        ("example-email", "someone@example.com"),
        ("doc-ip", "192.0.2.44"),
        ("luhn-invalid", "4111111111111112"),
        ("version", "1.24.3"),
    ]
    gens = {"email": _fb_email, "us_ssn": _fb_ssn, "credit_card": _fb_card}
    return Source("pii", gens, looks, "fallback")
