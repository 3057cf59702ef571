"""The ``Card`` returned by ``build_card``: its folder, files, content, and rich display."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

# NOTE: the card's name and file paths are the user's: core.page (Jinja2) escapes them.
_HTML = (
    '<div class="jp-SecureCheck-Card"><b>{{ title }}</b>{{ glance }}<ul>{% for kind, path in '
    "files %}<li>{{ kind }}: <code>{{ path }}</code></li>{% endfor %}</ul></div>"
)


@dataclasses.dataclass(repr=False)
class Card:
    """A written model card.

    Attributes
    ----------
    folder : Path
        The card folder.
    content : dict
        Everything the card says (the source of the three renderings).
    paths : dict
        ``markdown``, ``json``, ``html``, ``model`` and, when signed, ``envelope``.
    """

    folder: Path
    content: dict[str, Any]
    paths: dict[str, Path]

    @property
    def signed(self) -> bool:
        """Whether a DSSE envelope was written."""
        return "envelope" in self.paths

    def _lines(self) -> list[str]:
        c = self.content
        state = f"signed (key {c['signature']['keyid'][:16]})" if self.signed else "unsigned"
        lines = [f"Model card {c['name']!r} in {self.folder} ({state})"]
        lines += [f"  {kind}: {path}" for kind, path in self.paths.items()]
        ran = [k for k in ("evaluation", "fairness", "explanation", "robustness", "security_scan")
               if c[k].get("status") == "run"]  # fmt: skip
        lines.append(f"  sections run: {', '.join(ran) or 'none'}")
        return lines

    def __repr__(self) -> str:
        return "\n".join(self._lines())

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        from secure_check.card.html import glance
        from secure_check.core.page import render, trusted

        lines = self._lines()
        body = render(
            _HTML, title=lines[0], glance=trusted(glance(self.content)),
            files=[(kind, str(path)) for kind, path in self.paths.items()],
        )  # fmt: skip
        return {"text/plain": "\n".join(lines), "text/html": body}
