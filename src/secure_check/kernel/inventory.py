"""The analyses view: which audits each model in the kernel has, and whether they are current.

A *model* is any public name of the user namespace bound to an object (not a class, module or
function) with a callable ``predict`` or ``predict_proba``. Its digest is
:func:`secure_check.core.digests.model_digest` (the pickle's SHA-256), the digest the analyses and
the card write into the hash-chained audit log. For each audit (``fairness``, ``explain``,
``robustness``, ``card``) the status is:

``current``
    an entry of that action in the audit log names the model's current digest;
``stale``
    none does, but one names a digest this same object had earlier in this kernel (it was
    audited, then refit or changed: ``model_digest`` remembers every digest it gave an object);
``missing``
    otherwise (never audited, or audited in another process under a digest now unknown).

``when`` and ``seq`` are the time and sequence number of the latest matching entry (``None``
when missing). A model that ``mitigate`` adopted links to its original (``mitigated_from``:
the original's name in the kernel, else its digest, with the method and constraint).
Nothing here prints or stores a value of the namespace: names, types, digests.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Mapping
from typing import Any

from secure_check.kernel.views import _STYLE

AUDITS = ("fairness", "explain", "robustness", "card")
STATUSES = ("current", "stale", "missing")
INVENTORY_MIME = "application/vnd.secure-check.analyses+json"
MITIGATED = "mitigated:"  # digest keys of a mitigate entry: one per fitted candidate
NO_MODELS = "secure-check: no fitted model (an object with predict or predict_proba) in the kernel"
_COLOURS = {"current": "#2e7d32", "stale": "#ef6c00", "missing": "#9e9e9e"}
# NOTE: names and types are the kernel's (a hostile class name, a mitigate method): escaped.
_HTML = (
    _STYLE + '<div class="jp-SecureCheck-Report"><b>secure-check analyses</b><table><tr>'
    "{% for h in head %}<th>{{ h }}</th>{% endfor %}</tr>{% for m in models %}<tr><td><code>"
    "{{ m.name }}{% if m.source %} (mitigated from {{ m.source.model }} by {{ m.source.method }})"
    "{% endif %}</code></td><td>{{ m.kind }}</td>{% for a in m.audits %}<td style=\"color:"
    '{{ colours[a.status] }}"{% if a.seq is not none %} title="seq {{ a.seq }}, {{ a.when }}"'
    "{% endif %}><b>{{ a.status }}</b></td>{% endfor %}</tr>{% endfor %}</table></div>"
)  # fmt: skip
_EMPTY = '<div class="jp-SecureCheck-Notice">{{ text }}</div>'


def is_model(name: str, value: Any) -> bool:
    """Tell whether a public name holds an object with a callable ``predict``/``predict_proba``."""
    if name.startswith("_") or isinstance(value, type | types.ModuleType):
        return False
    if inspect.isroutine(value):
        return False
    try:
        return any(callable(getattr(value, a, None)) for a in ("predict", "predict_proba"))
    except Exception:  # noqa: BLE001 - a property that raises is not a model we can audit
        return False


def inventory(user_ns: Mapping[str, Any], log: Any = None) -> dict[str, Any]:
    """Return ``{"models": [{name, type, digest, audits: {action: {status, when, seq}}}]}``.

    Parameters
    ----------
    user_ns : mapping
        The kernel's namespace (``globals()`` or ``shell.user_ns``).
    log : path-like, optional
        The audit log (default :func:`secure_check.core.audit.default_path`).
    """
    from secure_check.core import audit, digests

    logged = audit.read(log)
    entries = [e for e in logged if e.get("action") in AUDITS]
    models = []
    for name, value in sorted(user_ns.items(), key=lambda item: str(item[0])):
        if not isinstance(name, str) or not is_model(name, value):
            continue
        digest = digests.model_digest(value)
        earlier = set(digests.digests_seen(value)) - {digest}
        audits = {action: _status(entries, action, digest, earlier) for action in AUDITS}
        kind = type(value)
        models.append(
            {
                "name": name,
                "type": f"{kind.__module__}.{kind.__qualname__}",
                "digest": digest,
                "audits": audits,
            }
        )
    _link_mitigations(models, logged)
    return {"models": models}


def _link_mitigations(models: list[dict[str, Any]], logged: list[dict[str, Any]]) -> None:
    """Mark each adopted model with the original it was mitigated from (latest entry wins)."""
    made = {
        digest: (key.removeprefix(MITIGATED), e)
        for e in logged
        if e.get("action") == "mitigate"
        for key, digest in (e.get("digests") or {}).items()
        if key.startswith(MITIGATED)
    }
    names = {m["digest"]: m["name"] for m in models}
    for m in models:
        method, entry = made.get(m["digest"], (None, None))
        if entry is None:
            m["mitigated_from"] = None
            continue
        original = (entry.get("digests") or {}).get("model")
        m["mitigated_from"] = {
            "model": names.get(original, original),
            "method": method,
            "constraint": (entry.get("summary") or {}).get("constraint"),
            "seq": entry.get("seq"),
        }


def _status(
    entries: list[dict[str, Any]], action: str, digest: str, earlier: set[str]
) -> dict[str, Any]:
    own = [e for e in entries if e.get("action") == action]
    for status, wanted in (("current", {digest}), ("stale", earlier)):
        hits = [e for e in own if (e.get("digests") or {}).get("model") in wanted]
        if hits:
            last = max(hits, key=lambda e: e.get("seq", -1))
            return {"status": status, "when": last.get("time"), "seq": last.get("seq")}
    return {"status": "missing", "when": None, "seq": None}


class AnalysesView:
    """The inventory as text, an HTML table (model x audit) and JSON for the JupyterLab panel."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def to_dict(self) -> dict[str, Any]:
        """Return the inventory dict (see :func:`inventory`)."""
        return self.data

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {"text/plain": self._text(), "text/html": self._html(), INVENTORY_MIME: self.data}

    def _text(self) -> str:
        models = self.data["models"]
        if not models:
            return NO_MODELS
        rows = [["model", "type", *AUDITS]]
        rows += [
            [m["name"], m["type"].rsplit(".", 1)[-1], *(m["audits"][a]["status"] for a in AUDITS)]
            for m in models
        ]
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines = ["secure-check analyses"]
        lines += [
            "  " + "  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in rows
        ]
        return "\n".join(line.rstrip() for line in lines)

    def _html(self) -> str:
        from secure_check.core.page import render

        models = self.data["models"]
        if not models:
            return render(_EMPTY, text=NO_MODELS)
        rows = [
            {"name": m["name"], "source": m.get("mitigated_from"),
             "kind": m["type"].rsplit(".", 1)[-1], "audits": [m["audits"][a] for a in AUDITS]}
            for m in models
        ]  # fmt: skip
        return render(_HTML, head=("model", "type", *AUDITS), models=rows, colours=_COLOURS)
