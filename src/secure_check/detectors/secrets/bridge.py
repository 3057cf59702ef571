"""The detect-secrets bridge: its plugins and heuristic filters, run on candidate lines only.

NOTE: detect-secrets keeps its settings in a process-global singleton that
``default_settings()``/``transient_settings()`` swap in and out, which is neither thread- nor
re-entrancy-safe (the server and the magics may scan concurrently). We therefore instantiate
every plugin class it registers once, with its defaults (what ``default_settings()`` enables),
call ``analyze_string`` (which reads no settings) and apply its heuristic filter functions
ourselves: they are pure functions of (secret, line, plugin).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import re
from collections.abc import Iterator
from typing import Any

from secure_check.core.findings import Severity
from secure_check.detectors.secrets.filters import (
    bounded,
    is_hash_like,
    is_placeholder,
    is_word_like,
    looks_random,
)
from secure_check.detectors.secrets.finder import Finder, Run
from secure_check.detectors.secrets.folded import fold
from secure_check.detectors.secrets.gate import Marks
from secure_check.detectors.secrets.rules import MAX_KEYED_VALUE

HIGH, MEDIUM, LOW = Severity.HIGH, Severity.MEDIUM, Severity.LOW

# secret_type -> (rule id, severity, confidence)
TYPE_RULES: dict[str, tuple[str, Severity, float]] = {
    "AWS Access Key": ("aws-access-key", HIGH, 0.9),
    "Artifactory Credentials": ("artifactory-token", HIGH, 0.8),
    "Azure Storage Account access key": ("azure-storage-key", HIGH, 0.95),
    "Cloudant Credentials": ("cloudant-key", HIGH, 0.8),
    "Discord Bot Token": ("discord-token", HIGH, 0.9),
    "GitLab Token": ("gitlab-token", HIGH, 0.95),
    "Base64 High Entropy String": ("high-entropy-string", LOW, 0.5),
    "Hex High Entropy String": ("high-entropy-string", LOW, 0.4),
    "IBM Cloud IAM Key": ("ibm-cloud-key", HIGH, 0.8),
    "IBM COS HMAC Credentials": ("ibm-cos-hmac", HIGH, 0.85),
    "JSON Web Token": ("jwt", HIGH, 0.85),
    "Secret Keyword": ("secret-assignment", MEDIUM, 0.6),
    "Mailchimp Access Key": ("mailchimp-key", HIGH, 0.9),
    "NPM tokens": ("npm-token", HIGH, 0.9),
    "OpenAI Token": ("openai-key", HIGH, 0.95),
    "PyPI Token": ("pypi-token", HIGH, 0.97),
    "SendGrid API Key": ("sendgrid-key", HIGH, 0.97),
    "SoftLayer Credentials": ("softlayer-key", HIGH, 0.85),
    "Square OAuth Secret": ("square-oauth", HIGH, 0.95),
    "Telegram Bot Token": ("telegram-bot-token", HIGH, 0.9),
    "Twilio API Key": ("twilio-key", HIGH, 0.9),
}
# NOTE: these plugins are superseded by our rules, which see what they cannot: GitHub's regex
# yields only the prefix (a capture group) and has no checksum check; Private Key yields the
# header, not the key; Stripe and Slack cut the key short; Basic Auth does not see the user
# (needed to drop postgres:postgres@localhost defaults); JSON Web Token's lazy regex stops
# before the signature; the public-IP plugin is PII's job.
SUPERSEDED = frozenset(
    {
        "GitHub Token",
        "Private Key",
        "Stripe Access Key",
        "Slack Token",
        "Basic Auth Credentials",
        "Public IP (ipv4)",
        "JSON Web Token",
    }
)
ENTROPY_SKIP = re.compile(r"(?i)page_?token|next_?token|continuation|cursor|csrf|nonce|etag")
# Plugins whose regexes are keyword-led (slow on long text): run only on lines with a
# credential word. The others are literal-led and run on the whole segment, when their gate
# (a literal the match must contain) is in it.
CONTEXTUAL = frozenset(
    {
        "Secret Keyword",
        "Base64 High Entropy String",
        "Hex High Entropy String",
        "IBM Cloud IAM Key",
        "IBM COS HMAC Credentials",
        "Cloudant Credentials",
        "SoftLayer Credentials",
        "Artifactory Credentials",
    }
)
GATES: dict[str, tuple[str, ...] | re.Pattern[str]] = {
    "AWS Access Key": ("A3T", "ABIA", "ACCA", "AKIA", "ASIA", "aws", "AWS", "Aws"),
    "Azure Storage Account access key": ("AccountKey=",),
    "GitLab Token": tuple(
        "glpat- gldt- glft- glsoat- glrt- GR1348941 glcbt- glimt- glptt- glagent- gloas-".split()
    ),
    "Mailchimp Access Key": ("-us",),
    "NPM tokens": ("_authToken",),
    "OpenAI Token": ("T3BlbkFJ",),
    "PyPI Token": ("pypi-",),
    "SendGrid API Key": ("SG.",),
    "Square OAuth Secret": ("sq0csp-",),
    # NOTE: literal-led regex gates, for plugins whose match has no fixed literal.
    "Telegram Bot Token": re.compile(r":[0-9A-Za-z_-]{35}"),
    "Twilio API Key": re.compile(r"(?:AC|SK)[a-z0-9]{32}"),
    "Discord Bot Token": re.compile(r"\.[\w-]{6}\.[\w-]{27}"),
}
# What every match of a plugin contains, with the flags its regexes use: text without it cannot
# match, so the plugin is not run. Each regex of the keyword plugin holds one of its DENYLIST
# words (api_?key ... contrasena), each of which holds one of these literals; the AWS plugin's
# regexes open with a key-id prefix or hold a credential word after "aws". NOTE: without this
# a run of another credential word ("awsawsaws...") cost about 1.4 s/MB in their lazy scans.
NEEDS: dict[str, re.Pattern[str]] = {
    "Secret Keyword": re.compile(r"key|pass|pwd|secret|contrase", re.IGNORECASE),
    "AWS Access Key": re.compile(r"A3T|ABIA|ACCA|AKIA|ASIA|(?i:key|pw|pass|token)"),
    "Artifactory Credentials": re.compile(r"AKC|AP"),
    "Cloudant Credentials": re.compile(r"cl", re.IGNORECASE),  # cl|clou|cloudant, cloudant.com
    "SoftLayer Credentials": re.compile(r"sl|softlayer", re.IGNORECASE),
    "IBM COS HMAC Credentials": re.compile(r"secret", re.IGNORECASE),
}
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_HEX = "0123456789abcdef"
# And the value each needs: a run of letters, digits or hex long enough (its secret group
# follows a quote, space, '=', ':' or '/', so it starts a run). NOTE: these regex plugins open
# with optional groups, so their patterns try every position: about 100 ns a character.
VALUE_NEEDS: dict[str, Run] = {
    "Cloudant Credentials": Run(
        re.compile(r"(?<![a-z])[a-z]{24}|(?<![0-9a-f])[0-9a-f]{64}", re.IGNORECASE),
        (_LETTERS, 24, False), (_HEX, 64, False),
    ),
    "SoftLayer Credentials": Run(
        re.compile(r"(?<![a-z0-9])[a-z0-9]{64}", re.IGNORECASE),
        (_LETTERS + "0123456789", 64, False),
    ),
    "IBM COS HMAC Credentials": Run(
        re.compile(r"(?<![a-f0-9])[a-f0-9]{48}(?![a-f0-9])", re.IGNORECASE), (_HEX, 48, True)
    ),
    # NOTE: its value is a whole run of exactly 44 of these characters
    "IBM Cloud IAM Key": Run(
        re.compile(r"(?<![a-zA-Z0-9_\-])[a-zA-Z0-9_\-]{44}(?![a-zA-Z0-9_\-])", re.IGNORECASE),
        (_LETTERS + "0123456789_-", 44, True),
    ),
}  # fmt: skip
_ENTROPY = frozenset({"Base64 High Entropy String", "Hex High Entropy String"})
# The shortest value each kind can accept (_entropy_value_ok: 20; a keyword value: 6).
_MIN_LENGTH = {**{kind: 20 for kind in _ENTROPY}, "Secret Keyword": 6}
_STRONG_CONTEXT = re.compile(
    r"(?i)(?:secret|token|passw|pwd|api[_\-\s]?key|apikey|access[_\-]?key|auth|credential|bearer"
    r"|private[_\-]?key|passphrase)"
)
_NEAR = 300
_INDIRECT = re.compile(r"[:!=]\s*[\w.-]+[\[\(]")
# NOTE: one value repeated along a line is reported this many times at most: a hostile run of
# "glpat-glpat-..." would otherwise cost one graded finding every five characters.
MAX_REPEATS = 50
_PASSWORD_NAME = re.compile(r"(?i)pass|pwd|contrase")
_AWS_KEY_PREFIXES = ("A3T", "ABIA", "ACCA", "AKIA", "ASIA")
_QUOTES = ("'", '"', "`")


def keyword_requirements(keyword: Any) -> dict[Any, tuple[tuple[str, ...], ...]]:
    """Map each regex of detect-secrets' keyword plugin to the literals it needs (one per group)."""
    return {
        keyword.FOLLOWED_BY_COLON_REGEX: ((":",),),
        keyword.FOLLOWED_BY_COLON_QUOTES_REQUIRED_REGEX: ((":",), _QUOTES),
        keyword.PRECEDED_BY_EQUAL_COMPARISON_SIGNS_QUOTES_REQUIRED_REGEX: (
            _QUOTES,
            ("==", "!=", "=!", "!!"),
        ),
        keyword.FOLLOWED_BY_EQUAL_SIGNS_REGEX: (("=",),),
        keyword.FOLLOWED_BY_EQUAL_SIGNS_QUOTES_REQUIRED_REGEX: (("=",), _QUOTES),
        keyword.FOLLOWED_BY_QUOTES_AND_SEMICOLON_REGEX: (_QUOTES, (";",)),
        keyword.FOLLOWED_BY_ARROW_FUNCTION_SIGN_QUOTES_REQUIRED_REGEX: (("=",), _QUOTES),
    }


@dataclasses.dataclass
class Candidate:
    """A value detect-secrets reported, where it sits in the line, and how we grade it."""

    rule: str
    severity: Severity
    confidence: float
    start: int
    end: int
    value: str
    message: str = ""


class DetectSecretsBridge:
    """All detect-secrets plugins, built once; ``scan_line`` yields filtered candidates."""

    def __init__(self) -> None:
        # NOTE: detect-secrets is a base dependency (no extra to name if it is missing).
        from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
        from detect_secrets.filters import heuristic
        from detect_secrets.plugins import keyword
        from detect_secrets.plugins.base import RegexBasedDetector

        mapping: dict[str, Any] = get_mapping_from_secret_type_to_class()
        plugins = [cls() for t, cls in sorted(mapping.items()) if t not in SUPERSEDED]
        self.anchored = [p for p in plugins if p.secret_type not in CONTEXTUAL]
        self.contextual = [p for p in plugins if p.secret_type in CONTEXTUAL]
        self._gated = [(p, _lowered(GATES.get(p.secret_type))) for p in self.anchored]
        self._heuristic = heuristic
        self._config_regexes = keyword.CONFIG_DENYLIST_REGEX_TO_GROUP
        # NOTE: the code-mode regexes (what analyze_string runs by default) all need a quote.
        self._quoted = keyword.QUOTES_REQUIRED_DENYLIST_REGEX_TO_GROUP
        self._requires = keyword_requirements(keyword)
        # NOTE: the regexes of the keyword plugin and the regex plugins (finder.py).
        self._finders = {
            regex: Finder(regex)
            for regex in (*self._quoted, *self._config_regexes, *_denylists(plugins))
        }
        self._regex_analyze = RegexBasedDetector.analyze_string
        # NOTE: every keyword regex holds a word of its denylist: the exact need, one scan.
        needs = {k: [p] for k, p in NEEDS.items()}
        needs["Secret Keyword"] = [re.compile("|".join(keyword.DENYLIST), re.I)]
        # NOTE: needs are searched on the folded line (folded.py): a re.I alternation is slow.
        self._needs: dict[str, list[Finder | Run]] = {
            k: [Finder(p) for p in ps] for k, ps in needs.items()
        }
        for kind, run in VALUE_NEEDS.items():
            self._needs.setdefault(kind, []).append(run)

    def keyword_regexes(self, line: str, code: bool) -> dict[Any, int]:
        """Return the keyword plugin's regexes (to group) that can match ``line``.

        NOTE: each one scans its whole window when it fails (about 0.5 ms for 3,600
        characters): one that lacks a literal it needs (a quote, ':', ';', '=') is not run.
        """
        table = self._quoted if code else self._config_regexes
        return {
            regex: group
            for regex, group in table.items()
            if all(any(c in line for c in any_of) for any_of in self._requires.get(regex, ()))
        }

    def gate_literals(self) -> Iterator[str]:
        """Yield the literals of the literal-led plugins' gates (for the pre-filter)."""
        for gate in GATES.values():
            if isinstance(gate, tuple):
                yield from gate

    def scan_text(self, text: str, marks: Marks, low: str = "") -> Iterator[Candidate]:
        """Run the literal-led plugins over a whole segment, each only if its gate is in it.

        ``low`` is ``fold(text)`` where the caller has it.
        """
        for plugin, gate in self._gated:
            if gate is None:
                run = True
            elif isinstance(gate, tuple):
                run = marks.open(gate)
            else:
                run = gate.search(text) is not None
            if run:
                low = low or fold(text)
                yield from self._run(plugin, text, True, low)

    def scan_line(self, line: str, code: bool, low: str = "") -> Iterator[Candidate]:
        """Run the keyword-led plugins on ``line``; ``code`` picks quoted-value keyword mode.

        ``low`` is ``fold(line)`` where the caller has it.
        """
        low = low or fold(line)
        for plugin in self.contextual:
            yield from self._run(plugin, line, code, low)

    def _run(self, plugin: Any, line: str, code: bool, low: str = "") -> Iterator[Candidate]:
        low = low or fold(line)
        for need in self._needs.get(plugin.secret_type, ()):
            if not need.search(line, low):
                return
        for value in set(self._values(plugin, line, code, low)):
            if len(value) > MAX_KEYED_VALUE and plugin.secret_type in CONTEXTUAL:
                continue  # NOTE: data, not a credential (rules.MAX_KEYED_VALUE)
            if not self._value_ok(plugin.secret_type, value):
                continue  # NOTE: fails at every place: no need to grade each of them
            for start in _occurrences(line, value):
                cand = self._grade(plugin, plugin.secret_type, line, value, start)
                if cand is not None:
                    yield cand

    def _values(self, plugin: Any, line: str, code: bool, low: str) -> Iterator[str]:
        if plugin.secret_type == "Secret Keyword":
            regexes = self.keyword_regexes(line, code)
            if not regexes:
                return
            for value in self._keyword_values(plugin, line, low, regexes):
                # NOTE: unquoted (config) values run to the end of the line: its first word
                yield value if code or not value.strip() else value.strip().split()[0]
            return
        yield from self._regex_values(plugin, line, low)

    def _regex_values(self, plugin: Any, line: str, low: str) -> Iterator[str]:
        """``plugin.analyze_string(line)``; a regex plugin's re.I patterns via their twins.

        NOTE: RegexBasedDetector.analyze_string is ``findall`` over its denylist; this is the
        same loop with each match found through its Finder (finder.py), same values in order.
        """
        if type(plugin).analyze_string is not self._regex_analyze:
            yield from plugin.analyze_string(line)
            return
        for regex in plugin.denylist:
            for match in self._finder(regex).finditer(line, low):
                groups = match.groups(default="")
                if len(groups) > 1:
                    yield from filter(bool, groups)
                else:
                    yield groups[0] if groups else match.group()

    def _keyword_values(
        self, plugin: Any, line: str, low: str, regexes: dict[Any, int]
    ) -> Iterator[str]:
        """``plugin.analyze_string(line, regexes)``, each regex found by its Finder.

        NOTE: the keyword plugin's first match of each regex, as analyze_string yields it; its
        Finder finds it about 5x faster than the re.I pattern (finder.py).
        """
        if plugin.keyword_exclude is not None:
            yield from plugin.analyze_string(line, denylist_regex_to_group=regexes)
            return
        for regex, group in regexes.items():
            match = self._finder(regex).search(line, low)
            if match is not None:
                yield match.group(group)

    def _finder(self, regex: re.Pattern[str]) -> Finder:
        finder = self._finders.get(regex)
        if finder is None:  # NOTE: a plugin that changed its denylist after it was built
            finder = self._finders[regex] = Finder(regex)
        return finder

    def _value_ok(self, kind: str, value: str) -> bool:
        """Grade what reads the value only: a value failing here fails at every place."""
        h = self._heuristic
        if len(value) < _MIN_LENGTH.get(kind, 4):
            return False  # NOTE: first, the cheapest (every quoted number is an entropy value)
        if h.is_sequential_string(value) or h.is_potential_uuid(value):
            return False
        if h.is_templated_secret(value) or h.is_not_alphanumeric_string(value):
            return False
        # NOTE: every test is a condition of all: the placeholder filter, the costly one, last
        if kind in _ENTROPY:
            ok = _entropy_value_ok(value)
        elif kind == "Secret Keyword":
            short_hash = is_hash_like(value) and len(value) < 32
            ok = len(value) >= 6 and not is_word_like(value) and not short_hash
        elif kind == "AWS Access Key" and not value.startswith(_AWS_KEY_PREFIXES):
            ok = looks_random(value)
        else:
            ok = True
        return ok and not is_placeholder(value)

    def _grade(self, plugin: Any, kind: str, line: str, value: str, start: int) -> Candidate | None:
        """Grade what reads the place (``_value_ok`` has passed)."""
        rule, severity, confidence = TYPE_RULES.get(kind) or (_slug(kind), MEDIUM, 0.6)
        end = start + len(value)
        ok = True
        if kind in _ENTROPY:
            ok = _entropy_context_ok(line, start)
        elif kind == "Secret Keyword":
            if _PASSWORD_NAME.search(line, 0, start):
                rule = "password-assignment"
        elif kind == "AWS Access Key" and not value.startswith(_AWS_KEY_PREFIXES):
            rule = "aws-secret-key"
        else:
            ok = _format_ok(kind, line, value, start, end)
        if not ok or not self._place_passes(plugin, line, value, start):
            return None
        return Candidate(rule, severity, confidence, start, end, value, f"{kind} (detect-secrets)")

    def _place_passes(self, plugin: Any, line: str, value: str, start: int) -> bool:
        h = self._heuristic
        # NOTE: the heuristics read the line around the value, not a whole segment, and at
        # most _NEAR characters each side: a value repeated along a 1 MB line stays linear.
        lo = max(line.rfind("\n", max(0, start - _NEAR), start) + 1, start - _NEAR, 0)
        hi = line.find("\n", start, start + len(value) + _NEAR)
        line = line[lo : hi if hi >= 0 else start + len(value) + _NEAR]
        if h.is_likely_id_string(value, line, plugin):
            return False
        if plugin.secret_type in _ENTROPY or plugin.secret_type == "Secret Keyword":
            # NOTE: an indirect reference (``key = os.environ["KEY"]``) and ``$VAR`` only matter for
            # keyword-style plugins; applied to all (as detect-secrets does) they hide
            # ``boto3.client(aws_access_key_id="AKIA...")``.
            return not (indirect_reference(line) or h.is_prefixed_with_dollar_sign(value))
        return True


def indirect_reference(line: str) -> bool:
    r"""Tell, as detect-secrets' ``is_indirect_reference`` does, ``key = os.environ["KEY"]``.

    NOTE: its regex opens with ``([^\v=!:]*)``, tried from every place and given back one
    character at a time: 377 us on a 640-character line of assignments, once per value. The
    same answer: an operator (``:``, ``=``, ``!``...), a name, ``[`` or ``(``, then ``]`` or
    ``)`` before the next vertical tab (its ``\v``); tested against it on random lines. Linear.
    """
    if len(line) > 1000:
        return False  # NOTE: as detect-secrets: the heuristic is for call-like lines
    for found in _INDIRECT.finditer(line):
        end = line.find("\x0b", found.end())
        end = len(line) if end < 0 else end
        if line.find("]", found.end(), end) >= 0 or line.find(")", found.end(), end) >= 0:
            return True
    return False


def _denylists(plugins: list[Any]) -> Iterator[re.Pattern[str]]:
    for plugin in plugins:
        yield from getattr(plugin, "denylist", ())


def _lowered(
    gate: tuple[str, ...] | re.Pattern[str] | None,
) -> tuple[str, ...] | re.Pattern[str] | None:
    return tuple(g.lower() for g in gate) if isinstance(gate, tuple) else gate


def _format_ok(kind: str, line: str, value: str, start: int, end: int) -> bool:
    if not bounded(
        line, start, end, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    ):
        return kind in ("Azure Storage Account access key", "NPM tokens")
    if kind == "AWS Access Key":
        return bool(set(value[4:]) - set("ACGTU"))
    if kind == "Discord Bot Token":
        return _discord_user_id(value)
    if kind == "Telegram Bot Token":
        return value.split(":", 1)[1].startswith("AA")  # the bot secret's fixed head
    if kind in ("Artifactory Credentials", "Mailchimp Access Key"):
        return looks_random(value, min_len=20 if kind != "Artifactory Credentials" else 40)
    return True


def _discord_user_id(token: str) -> bool:
    """Discord tokens open with the bot's user id in base64: dotted names do not."""
    head = token.split(".", 1)[0]
    try:
        return base64.b64decode(head + "=" * (-len(head) % 4), validate=True).decode().isdigit()
    except (binascii.Error, UnicodeDecodeError):
        return False


def _entropy_value_ok(value: str) -> bool:
    """Tell a bare high-entropy string worth a look: long, random, not a digest or a path."""
    if len(value) < 20 or is_hash_like(value) or value.count("/") >= 2:
        return False
    return looks_random(value, min_len=20, min_entropy=3.5)


def _entropy_context_ok(line: str, start: int) -> bool:
    """Bare high-entropy strings count only right after a credential word (key, token...)."""
    before = line[max(0, start - 48) : start]
    return bool(_STRONG_CONTEXT.search(before)) and not ENTROPY_SKIP.search(before)


def _occurrences(line: str, value: str) -> Iterator[int]:
    if not value:
        return
    at, seen = line.find(value), 0
    while at >= 0 and seen < MAX_REPEATS:
        yield at
        seen += 1
        at = line.find(value, at + len(value))


def _slug(secret_type: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", secret_type.lower()).strip("-")
