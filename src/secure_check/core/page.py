"""The one HTML path of every view (scan report, exporter report, model card, sections).

Jinja2 (which nbconvert brings) renders with ``autoescape=True``: a value is escaped unless
the code marks it as already-escaped markup. Every whole document carries a
Content-Security-Policy that allows no script, no remote load and no form: a value that slips
through still cannot run or phone home. Images are embedded only as checked ``data:`` URIs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

CSP = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
# NOTE: a data URI of an image, and nothing else: no quote, space or angle bracket can follow.
DATA_IMAGE = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]*={0,2}")
_DOCUMENT = (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
    '<meta http-equiv="Content-Security-Policy" content="{{ csp }}">'
    '<meta name="viewport" content="width=device-width"><title>{{ title }}</title>'
    "<style>{{ css }}</style></head><body>{{ body }}</body></html>\n"
)
_FIGURES = (
    '{% for name, uri in plots %}<figure><img alt="{{ name }}" src="{{ uri }}">'
    "<figcaption>{{ name }}</figcaption></figure>{% endfor %}"
)


@functools.cache
def _template(source: str) -> Any:
    import jinja2  # NOTE: lazily: importing secure_check stays fast

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(source)


def render(source: str, **context: Any) -> str:
    """Render a template string with auto-escaping; the result is safe markup."""
    return str(_template(source).render(**context))


def trusted(markup: str) -> Any:
    """Mark ``markup`` built by our own (escaping) code as safe to insert unescaped."""
    import markupsafe

    return markupsafe.Markup(markup)


def document(title: str, body: str, css: str = "") -> str:
    """Return a whole page: ``body`` (escaped markup from ``render``) under the CSP."""
    return render(_DOCUMENT, csp=CSP, title=title, css=trusted(css), body=trusted(body))


def figures(plots: Mapping[str, Any]) -> str:
    """Return ``<figure>`` tags for ``{name: data URI}``; anything but an image URI is dropped."""
    ok = [(str(k), v) for k, v in plots.items() if isinstance(v, str) and DATA_IMAGE.fullmatch(v)]
    return render(_FIGURES, plots=ok)
