"""Passwords the generic keyword rules miss: any printable value under a password-named key.

Configs (YAML, INI, .env), connection calls and dicts, JSON, logging lines, records and CLI
flags (``--password X``, ``--db-pass=X``, ``mysql -pX``) carry passwords with the punctuation
generators use (``()%&``), which the generic rules read as code. Here the key carries the
evidence, so the value only has to look generated: mixed character classes, not a word, a
placeholder, a path or an expression. Patterns are bounded (key and value lengths capped).
"""

from __future__ import annotations

import re

from secure_check.core.findings import Severity
from secure_check.detectors.secrets.filters import entropy, is_placeholder, looks_random
from secure_check.detectors.secrets.finder import Anchor
from secure_check.detectors.secrets.rules import Rule, needs

RULE_ID = "password-assignment"
MESSAGE = "Password under a password-named key, option or flag"
# NOTE: ``pass`` alone is a word part (bypass, passenger): it must stand as its own part.
_KEY = (
    r"(?<![\w-])((?:[A-Za-z][A-Za-z0-9]{0,15}[_-]){0,3}"
    r"(?:password|passwd|passphrase|pwd|pass|pw)(?:[_-][A-Za-z0-9]{1,15}){0,2})"
)
_QUOTED = re.compile(
    _KEY + r"""['"]?\s{0,3}(?::=|=>|->|=|:)\s{0,3}[rbuf]?(['"])([^'"\s\\]{6,128})\2""", re.I
)
# Unquoted: configs, logs, records, CLI flags (``--password X``); never Python (an expression).
_BARE = re.compile(
    r"(?<![\w-])(--)?" + _KEY[len(r"(?<![\w-])") :]
    + r"""['"]?(?:\s{0,3}(?::=|=>|->|=|:)\s{0,3}|(?<=[A-Za-z0-9])\s{1,3})([^'"\s,;]{6,128})""",
    re.I,
)  # fmt: skip
_MYSQL = re.compile(
    r"(?<![\w-])(?:mysql|mysqldump|mysqladmin|mariadb|sshpass)\b[^\n]{0,160}?\s-p([^\s'\"]{6,128})"
)
# NOTE: settings about a password, not the password (``password_min_length``, ``pwd_hash``).
_NOT_KEY_PARTS = frozenset(
    """hash hashed salt len length min max policy reset prompt field label hint rule rules check
    strength valid validator regex pattern change expire expires expiry file path dir required
    enable enabled input widget manager context type name forgot confirm visible mask char chars
    strategy encoder ctx id ids""".split()
)
_NOT_KEY_WORDS = re.compile(r"hash|salt|policy|prompt|regex|pattern|validat|length|strength", re.I)
_CALL = re.compile(r"^[\w.]+\([^)]{0,60}\)$|\w\.\w+\(|environ|getenv|getpass|secrets\.|input\(")
# ``--api-key X``, ``access_token -> X``: flags and arrows the generic rules do not read.
_SECRET_KEY = (
    r"((?:[A-Za-z0-9]{1,15}[_-]){0,3}(?:token|secret|api[_-]?key|apikey|access[_-]?key|"
    r"secret[_-]?key|auth[_-]?key|private[_-]?key)(?:[_-][A-Za-z0-9]{1,15}){0,2})"
)
_FLAG = re.compile(r"(?<![\w-])--" + _SECRET_KEY + r"(?:=|\s{1,3})([A-Za-z0-9_\-+/=.~]{16,256})")
_ARROW = re.compile(
    r"(?<![\w-])"
    + _SECRET_KEY
    + r"""['"]?\s{0,3}(?:->|=>)\s{0,3}['"]?([A-Za-z0-9_\-+/=.~]{16,256})""",
    re.I,
)


def _generated(value: str) -> bool:
    """Mixed enough to be a set password, and not a stand-in, word, path or expression."""
    value = value.rstrip(".,;)")
    if len(value) < 8 or value.startswith(("/", "./", "~/", "http")) or value.count("/") >= 2:
        return False
    classes = sum(
        (
            any(c.islower() for c in value),
            any(c.isupper() for c in value),
            any(c.isdigit() for c in value),
            any(not c.isalnum() for c in value),
        )
    )
    if classes < 3 or entropy(value) < 2.8:
        return False  # NOTE: cheap checks first; the placeholder filter is the slow one
    return not is_placeholder(value) and not _CALL.search(value)


def _key_ok(key: str) -> bool:
    parts = re.split(r"[_-]", key.strip("'\"-").lower())
    return not (_NOT_KEY_PARTS.intersection(parts) or _NOT_KEY_WORDS.search(key))


def _random_token(match: re.Match[str]) -> bool:
    value = match.group(2)
    return _key_ok(match.group(1)) and not is_placeholder(value) and looks_random(value, 16, 3.0)


def _quoted(match: re.Match[str]) -> bool:
    return _key_ok(match.group(1)) and _generated(match.group(3))


def _bare(match: re.Match[str]) -> bool:
    flag, key, value = match.group(1, 2, 3)
    spaced = match.string[match.end(2) : match.start(3)].isspace()
    if spaced and not flag:
        return False  # NOTE: ``pass `x=False` to``: a verb; only a ``--flag value`` is spaced
    return _key_ok(key) and _generated(value)


def _mysql(match: re.Match[str]) -> bool:
    return _generated(match.group(1))


# NOTE: these patterns open with a lookbehind and a run of key parts, so re tries them at every
# place; a match starts where the run around its keyword starts (finder.Anchor).
_KEY_RUN = Anchor("pass|pw", r"[^a-z0-9_\-]", reach=64)
# NOTE: and only where an arrow follows the key (the keywords are common words)
_SECRET_RUN = Anchor(
    r"(?:token|secret|api|access|auth|private)[a-z0-9_\-]{0,64}['\"]?\s{0,3}[-=]>",
    r"[^a-z0-9_\-]",
    reach=64,
)
MEDIUM = Severity.MEDIUM  # NOTE: as the bridge rates a password by its key
RULES: tuple[Rule, ...] = (
    Rule(RULE_ID, _QUOTED, MEDIUM, 0.75, MESSAGE, 3, _quoted, context=True, need=needs("['\"]"),
         anchor=_KEY_RUN),
    Rule(RULE_ID, _BARE, MEDIUM, 0.7, MESSAGE, 3, _bare, text_only=True, context=True,
         need=needs("pw|pass"), anchor=_KEY_RUN),
    Rule("secret-assignment", _FLAG, MEDIUM, 0.7, "Secret on a command-line flag", 2,
         _random_token, text_only=True, context=True, need=needs("--")),
    Rule("secret-assignment", _ARROW, MEDIUM, 0.7, "Secret printed beside its key", 2,
         _random_token, context=True, need=needs("[-=]>"), anchor=_SECRET_RUN),
    Rule(RULE_ID, _MYSQL, MEDIUM, 0.75, "Password on a database client's -p flag", 1, _mysql,
         gate=("mysql", "mariadb", "sshpass")),
)  # fmt: skip
