"""Our own secret rules: formats detect-secrets misses or mislabels, each with its validator."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from ..core.findings import Severity
from .secret_filters import (
    bounded,
    github_checksum_ok,
    in_local_url,
    is_hash_like,
    is_placeholder,
    is_path_like,
    is_placeholder_block,
    is_word_like,
    looks_random,
)

HIGH, MEDIUM = Severity.HIGH, Severity.MEDIUM
Check = Callable[[re.Match[str]], bool]


@dataclasses.dataclass(frozen=True)
class Rule:
    """One regular expression, the group that holds the secret, and a validator."""

    id: str
    pattern: re.Pattern[str]
    severity: Severity
    confidence: float
    message: str
    group: int = 0
    check: Check | None = None
    text_only: bool = False  # unquoted values: in code they are expressions, not literals
    context: bool = False  # run only on lines holding a credential word (slow, keyword-led)
    gate: tuple[str, ...] = ()  # literals, one of which a match contains: a cheap pre-check

    def may_match(self, text: str) -> bool:
        """Whether one of the gate literals is in ``text`` (no gate: always)."""
        return not self.gate or any(g in text for g in self.gate)

    def accepts(self, match: re.Match[str]) -> bool:
        """Whether ``match`` is a credential (validator passed, not a placeholder)."""
        value = match.group(self.group)
        if not value or is_placeholder(value):
            return False
        return self.check is None or self.check(match)


def _bounded(match: re.Match[str]) -> bool:
    return bounded(match.string, match.start(), match.end())


def _github(match: re.Match[str]) -> bool:
    return _bounded(match) and github_checksum_ok(match.group())


def _aws_key_id(match: re.Match[str]) -> bool:
    # NOTE: DNA sequences (ACCAGT...) and base64 runs contain ACCA/ABIA by chance.
    return _bounded(match) and bool(set(match.group()[4:]) - set("ACGTU"))


def _random(match: re.Match[str]) -> bool:
    return looks_random(match.group(match.re.groups))


def _scheme(match: re.Match[str]) -> str:
    found = _SCHEME_BEFORE.search(match.string, max(0, match.start() - 40), match.start())
    return found.group() if found else ""


def _db_uri(match: re.Match[str]) -> bool:
    return bool(_DB_SCHEME.fullmatch(_scheme(match))) and _uri_password(match)


def _web_uri(match: re.Match[str]) -> bool:
    return bool(_WEB_SCHEME.fullmatch(_scheme(match))) and _uri_password(match)


def _uri_password(match: re.Match[str]) -> bool:
    user, password = match.group(1), match.group(2)
    # NOTE: postgres:postgres@localhost-style defaults and "user:pass" templates are not secrets.
    return password.lower() != user.lower() and not is_word_like(password) or len(password) >= 12


_TOKEN_NAME_SKIP = re.compile(
    r"tokeniz|_tokens?_(?:id|type|len|count)|(?:pad|bos|eos|unk|sep|cls|mask|special)_?tokens?"
    r"|(?:^|_)(?:num|max|n)_|(?:_|^)(?:id|ids|name|path|file|dir|url|uri|type|len|length|size|"
    r"count|idx|index|ttl|expiry|expires|env|var|field|column|col|label|prompt|hash|sha|md5)$",
    re.I,
)


_NAME_BEFORE = re.compile(r"[\w.\-]*$")


def _assignment(match: re.Match[str]) -> bool:
    head = _NAME_BEFORE.search(match.string, max(0, match.start() - 40), match.start())
    name, value = (head.group() if head else "") + match.group(1), match.group(3)
    if _TOKEN_NAME_SKIP.search(name.strip("'\"[]")) or in_local_url(match.string, match.start()):
        return False
    if is_hash_like(value) and re.search(r"hash|sha|md5|digest|commit|checksum|etag", name, re.I):
        return False
    if re.fullmatch(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?:\(\))?", value) or is_path_like(value):
        return False  # an attribute path (settings.api_token) or a resource name, not a literal
    return looks_random(value, min_len=16, min_entropy=3.2)


def _r(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags)


_DB_SCHEME = re.compile(
    r"(?:postgres(?:ql)?|mysql|mariadb|mssql|sqlserver|oracle|mongodb(?:\+srv)?|rediss?|amqps?"
    r"|mqtts?|kafka|ldaps?|s?ftp|smtps?|snowflake|clickhouse|cockroachdb|neo4j(?:\+s)?|bolt"
    r"|jdbc:\w+)(?:\+\w+)?",
    re.I,
)
_WEB_SCHEME = re.compile(r"(?:https?|wss?|git\+https?|svn)", re.I)
_SCHEME_BEFORE = re.compile(r"[A-Za-z][\w+.\-]*(?::\w+)?$")
# NOTE: starts with the literal "://" so that the regex engine skips ahead to it.
_URI = re.compile(r"://([^:/\s@'\"]*):([^@\s/'\"]+)@[\w.\-\[\]]+")
_SECRET_NAMES = (
    r"token|secret|credential|access[_-]?key|auth[_-]?key|api[_-]?key|apikey|passphrase"
    r"|client[_-]?secret|signing[_-]?key|webhook"
)

LINE_RULES: tuple[Rule, ...] = (
    Rule("github-token", _r(r"gh[pousr]_[A-Za-z0-9]{36}"), HIGH, 0.99, "GitHub token", 0, _github, gate=("ghp_", "gho_", "ghu_", "ghs_", "ghr_")),
    Rule("github-token", _r(r"github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}"), HIGH, 0.98,
         "GitHub fine-grained token", 0, _bounded, gate=("github_pat_",)),
    Rule("npm-token", _r(r"npm_[A-Za-z0-9]{36}"), HIGH, 0.98, "npm access token", 0, _github, gate=("npm_",)),
    Rule("openai-key", _r(r"sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{40,}"), HIGH, 0.97,
         "OpenAI API key", 0, _random, gate=("sk-",)),
    Rule("openai-key", _r(r"sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}"), HIGH, 0.98,
         "OpenAI API key", 0, _bounded, gate=("T3BlbkFJ",)),
    Rule("anthropic-key", _r(r"sk-ant-(?:api|admin|sid)\d{2}-[A-Za-z0-9_-]{80,}"), HIGH, 0.98,
         "Anthropic API key", 0, _random, gate=("sk-ant-",)),
    Rule("huggingface-token", _r(r"(?:hf|api_org)_[A-Za-z]{34}"), HIGH, 0.95,
         "Hugging Face access token", 0, _bounded, gate=("hf_", "api_org_")),
    Rule("google-api-key", _r(r"AIza[0-9A-Za-z_\-]{35}"), HIGH, 0.95, "Google API key", 0,
         _bounded, gate=("AIza",)),
    Rule("google-oauth-token", _r(r"ya29\.[0-9A-Za-z_\-]{30,}"), HIGH, 0.9,
         "Google OAuth access token", 0, _random, gate=("ya29.",)),
    Rule("stripe-key", _r(r"[rs]k_live_[0-9a-zA-Z]{24,}"), HIGH, 0.98, "Stripe live key", 0,
         _bounded, gate=("k_live_",)),
    Rule("slack-token", _r(r"xox[abposre]-(?:\d+-)+[A-Za-z0-9]{10,}|xapp-\d-[A-Z0-9]+-\d+-[a-f0-9]+"),
         HIGH, 0.97, "Slack token", gate=("xox", "xapp-")),
    Rule("slack-webhook", _r(r"https://hooks\.slack\.com/services/T[A-Za-z0-9_]+/B[A-Za-z0-9_]+"
                             r"/[A-Za-z0-9_]{16,}"), HIGH, 0.97, "Slack incoming-webhook URL", gate=("hooks.slack.com",)),
    Rule("aws-access-key", _r(r"(?:A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA)[0-9A-Z]{16}"), HIGH, 0.95,
         "AWS access key id", 0, _aws_key_id, gate=("A3T", "ABIA", "ACCA", "AKIA", "ASIA")),
    Rule("aws-secret-key", _r(
        r"(?i)aws.{0,20}?(?:secret|key|pwd|pw|password|pass|token).{0,20}?[=:(,]\s*[rb]?['\"]?"
        r"([0-9a-zA-Z/+]{40})(?![0-9a-zA-Z/+=])"), HIGH, 0.95, "AWS secret access key", 1, _random,
        context=True),
    Rule("azure-storage-key", _r(r"AccountKey=([A-Za-z0-9+/]{86}==)"), HIGH, 0.98,
         "Azure storage account key", 1, gate=("AccountKey=",)),
    Rule("azure-storage-key", _r(r"SharedAccessKey=([A-Za-z0-9+/]{42,43}=)"), HIGH, 0.95,
         "Azure shared access key", 1, gate=("SharedAccessKey=",)),
    Rule("connection-uri", _URI, HIGH, 0.9, "Connection URI with an embedded password", 2,
         _db_uri, gate=("://",)),
    Rule("basic-auth-url", _URI, HIGH, 0.85, "URL with embedded credentials", 2, _web_uri, gate=("://",)),
    Rule("authorization-header", _r(
        r"(?i)\b(?:authorization|bearer)[\s'\":=,]{0,8}(?:bearer|token)\s+"
        r"([A-Za-z0-9._~+/=\-]{20,})"), MEDIUM, 0.8, "Bearer token in an Authorization header",
        1, _random, context=True),
    Rule("secret-assignment", _r(
        rf"(?i)((?:{_SECRET_NAMES})[\w\-]*['\"\]]?)\s*(?:=|:=|:|=>)\s*[rbf]?(['\"])"
        r"([A-Za-z0-9_\-+/=.~!@#$^*]{16,})\2"), MEDIUM, 0.7,
        "Secret assigned to a credential-named variable", 3, _assignment, context=True),
    Rule("secret-assignment", _r(
        rf"(?i)((?:{_SECRET_NAMES})[\w\-]*['\"\]]?)\s*(?:=|:=|:|=>)\s*()"
        r"([A-Za-z0-9_\-+/=.~!@#$^*]{16,})(?![\w\-+/=.~!@#$^*&%])"), MEDIUM, 0.65,
        "Secret assigned to a credential-named key", 3, _assignment, text_only=True, context=True),
)

_PEM = re.compile(
    r"-----BEGIN ((?:RSA |DSA |EC |OPENSSH |ENCRYPTED |SSH2 ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)"
    r"-----(.{0,12000}?)-----END \1-----",
    re.S,
)
_PEM_BODY = re.compile(r"[A-Za-z0-9+/=]{40,}|(?:[A-Za-z0-9+/]{16,}(?:\\n|\n)){3,}")
PEM_RULE_ID = "private-key"
GCP_RULE_ID = "gcp-service-account"
_GCP_KEY_BEFORE = re.compile(r"private_key[\s'\"\\:=]{1,10}$")
PUTTY = re.compile(r"PuTTY-User-Key-File-\d: [\w-]+\s*\n(?:.*\n){0,4}?Private-Lines: \d+\n", re.M)


def pem_blocks(text: str) -> list[tuple[str, int, int]]:
    """Find PEM private key blocks, also inside JSON strings (``\\n`` escapes); (rule, start, end)."""
    found: list[tuple[str, int, int]] = []
    for match in _PEM.finditer(text):
        body = match.group(2)
        if not _PEM_BODY.search(body) or is_placeholder_block(body):
            continue
        before = text[max(0, match.start() - 40) : match.start()]
        rule = GCP_RULE_ID if _GCP_KEY_BEFORE.search(before) else PEM_RULE_ID
        found.append((rule, match.start(), match.end()))
    found.extend((PEM_RULE_ID, m.start(), m.end()) for m in PUTTY.finditer(text))
    return found
