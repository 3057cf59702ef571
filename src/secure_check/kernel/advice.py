"""The refusal message: which line holds which secret, and how to load it at run time instead."""

from __future__ import annotations

import re

from secure_check.core.findings import Finding

REFUSED_HEADER = (
    "secure-check refused to run this cell: it holds a secret, and nothing in it was executed."
)
REFUSED_HEADER_PII = (
    "secure-check refused to run this cell: it holds personal data or a secret, and nothing in"
    " it was executed."
)
HOW_TO_LOAD = (
    "Load it at run time instead of writing it into the notebook:\n"
    '  import os; {name} = os.environ["{env}"]   # set where Jupyter starts\n'
    '  from getpass import getpass; {name} = getpass("{env}: ")\n'
    '  from dotenv import load_dotenv; load_dotenv(); {name} = os.environ["{env}"]'
    "   # .env kept out of git\n"
    "Then revoke the exposed secret if it was ever saved or shared.\n"
    "To run the cell anyway: put %%secure_check --force on its first line,"
    " or %secure_check guard off."
)
_ASSIGNED = re.compile(r"^\s*(?:export\s+|%env\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*(?::[^=]*)?[=:]")


def refusal_message(findings: list[Finding], source: str) -> str:
    """Build the message for a refused cell: it names lines and shows only redacted previews."""
    secrets_only = all(f.category == "secret" for f in findings)
    lines = [REFUSED_HEADER if secrets_only else REFUSED_HEADER_PII]
    for f in findings:
        detail = f" ({f.message})" if f.message else ""
        lines.append(f"  line {f.line}: {f.rule} {f.preview}{detail}")
    name, env = variable_names(source, findings[0].line if findings else 1)
    lines.append(HOW_TO_LOAD.format(name=name, env=env))
    return "\n".join(lines)


def variable_names(source: str, line: int) -> tuple[str, str]:
    """Suggest Python and environment variable names, from the assignment on ``line``."""
    text = source.splitlines()[line - 1] if 0 < line <= len(source.splitlines()) else ""
    match = _ASSIGNED.match(text)
    if match is None or match.group(1) in ("os", "import"):
        return "secret", "MY_SECRET"
    ident = match.group(1)
    return ident.lower(), ident.upper()
