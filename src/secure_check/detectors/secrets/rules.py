"""Our own secret rules: formats detect-secrets misses or mislabels, each with its validator."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from urllib.parse import unquote

from secure_check.core.findings import Severity
from secure_check.detectors.secrets.filters import (
    bounded,
    github_checksum_ok,
    in_local_url,
    is_hash_like,
    is_path_like,
    is_placeholder,
    is_placeholder_block,
    is_word_like,
    looks_random,
)
from secure_check.detectors.secrets.finder import Anchor, Finder

HIGH, MEDIUM = Severity.HIGH, Severity.MEDIUM
# NOTE: a value under a credential-named key is at most this long. Longer runs are data (the
# blob filter drops base64 runs of 240 and more anyway); keys with a shape of their own (PEM,
# JWT, vendor prefixes) have their own rules. Without the cap a hostile `a0=a1=a2=...` line
# gives one 4,000-character value per window, and every filter reads all of it.
MAX_KEYED_VALUE = 1024
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
    # A context rule's cheap pre-check per window: a pattern every match contains (same flags).
    need: re.Pattern[str] | None = None
    anchor: Anchor | None = None  # where a match starts, found from its keyword (finder.py)
    # How the pattern and the need are searched: folded, without their lead (finder.py).
    finder: Finder = dataclasses.field(init=False, compare=False, repr=False)
    need_finder: Finder | None = dataclasses.field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "finder", Finder(self.pattern, self.anchor))
        object.__setattr__(self, "need_finder", Finder(self.need) if self.need else None)

    def may_match(self, text: str) -> bool:
        """Whether one of the gate literals is in ``text`` (no gate: always)."""
        return not self.gate or any(g in text for g in self.gate)

    def accepts(self, match: re.Match[str]) -> bool:
        """Whether ``match`` is a credential (validator passed, not a placeholder)."""
        value = match.group(self.group)
        if not value or (self.context and len(value) > MAX_KEYED_VALUE) or is_placeholder(value):
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
    user, password = unquote(match.group(1)), unquote(match.group(2))
    # NOTE: postgres:postgres@localhost-style defaults and "user:pass" templates are not secrets.
    if password.lower() == user.lower() or is_placeholder(password):
        return False
    return not is_word_like(password, dotted=False)


_TOKEN_NAME_SKIP = re.compile(
    r"tokeniz|_tokens?_(?:id|type|len|count)|(?:pad|bos|eos|unk|sep|cls|mask|special)_?tokens?"
    r"|(?:^|_)(?:num|max|n)_|(?:_|^)(?:id|ids|name|path|file|dir|url|uri|type|len|length|size|"
    r"count|idx|index|ttl|expiry|expires|env|var|field|column|col|label|prompt|hash|sha|md5)$"
    r"|page_?token|next_?token|continuation|cursor|csrf|nonce|etag|resume_?token|sync_?token",
    re.I,
)


_NOT_NAME = re.compile(r"[^\w.\-]")


def _name_before(text: str, start: int) -> str:
    r"""Return the run of name characters (``\w``, ``.``, ``-``) ending at ``start`` (40 at most).

    NOTE: sought backwards: ``[\w.\-]*$`` tried from each of the 40 places was quadratic.
    """
    before = text[max(0, start - 40) : start]
    # NOTE: as ``$`` did: a line end just before ``start`` is stepped over
    before = before[:-1] if before.endswith("\n") else before
    stop = _NOT_NAME.search(before[::-1])
    return before if stop is None else before[len(before) - stop.start() :]


def _assignment(match: re.Match[str]) -> bool:
    name, value = _name_before(match.string, match.start()) + match.group(1), match.group(3)
    if _TOKEN_NAME_SKIP.search(name.strip("'\"[]")) or in_local_url(match.string, match.start()):
        return False
    if is_hash_like(value) and re.search(r"hash|sha|md5|digest|commit|checksum|etag", name, re.I):
        return False
    if re.fullmatch(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?:\(\))?", value) or is_path_like(value):
        return False  # an attribute path (settings.api_token) or a resource name, not a literal
    return looks_random(value, min_len=16, min_entropy=3.2)


def _r(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags)


def needs(pattern: str) -> re.Pattern[str]:
    """Compile a context rule's ``need`` (case-insensitive, as most rules are)."""
    return re.compile(pattern, re.IGNORECASE)


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


def _rule(
    rule_id: str,
    pattern: str | re.Pattern[str],
    severity: Severity,
    message: str,
    check: Check | None = None,
    *,
    group: int = 0,
    gate: str = "",
    confidence: float = 0.95,
    context: bool = False,
    text_only: bool = False,
    word_start: bool = False,
    need: str = "",
) -> Rule:
    # NOTE: ``need`` is what every match contains: a window without it skips the rule's regex,
    # which would scan the whole window to find nothing (tests/detectors/secrets: test_needs).
    if isinstance(pattern, str) and word_start:
        # NOTE: a token starts a word; without this, a run of prefixes inside one long
        # alphanumeric run (base64 of zeros: AAAA...) restarts the match at every character.
        pattern = _WORD_START + pattern
    regex = re.compile(pattern) if isinstance(pattern, str) else pattern
    gates = tuple(gate.split())
    needed = needs(need) if need else None
    return Rule(
        rule_id, regex, severity, confidence, message, group, check, text_only, context, gates,
        needed,
    )  # fmt: skip


_WORD_START = r"(?<![A-Za-z0-9])"
_AWS_SECRET = (
    r"(?i)aws.{0,20}?(?:secret|key|pwd|pw|password|pass|token).{0,20}?[=:(,]\s*[rb]?\\?['\"]?"
    r"([0-9a-zA-Z/+]{40})(?![0-9a-zA-Z/+=])"
)
# NOTE: each word of _AWS_SECRET's (?i) alternation holds one of these: a run of "aws"
# without them (0.6 s/MB of lazy .{0,20}? scans) is skipped at one search.
_AWS_SECRET_NEED = r"secret|key|pw|pass|token"
_BEARER = (
    r"(?i)\b(?:authorization|bearer)[\s'\":=,]{0,8}(?:bearer|token)\s+([A-Za-z0-9._~+/=\-]{20,})"
)
# NOTE: bounded: an unbounded name tail rescans a long word run at every credential word.
_ASSIGNED = rf"(?i)((?:{_SECRET_NAMES})[\w\-]{{0,64}}['\"\]]?)\s{{0,8}}(?:=|:=|:|=>)\s{{0,8}}"
_VALUE = r"[A-Za-z0-9_\-+/=.~!@#$^*]{16,}"

# fmt: off
LINE_RULES: tuple[Rule, ...] = (
    _rule("github-token", r"gh[pousr]_[A-Za-z0-9]{36}", HIGH, "GitHub token", _github,
          gate="ghp_ gho_ ghu_ ghs_ ghr_", confidence=0.99, word_start=True),
    _rule("github-token", r"github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}", HIGH,
          "GitHub fine-grained token", _bounded, gate="github_pat_", confidence=0.98,
          word_start=True),
    _rule("npm-token", r"npm_[A-Za-z0-9]{36}", HIGH, "npm access token", _github, gate="npm_",
          confidence=0.98, word_start=True),
    _rule("openai-key", r"sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{40,300}", HIGH,
          "OpenAI API key", _random, gate="sk-", confidence=0.97, word_start=True),
    _rule("openai-key", r"sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}", HIGH, "OpenAI API key",
          _bounded, gate="T3BlbkFJ", confidence=0.98, word_start=True),
    _rule("anthropic-key", r"sk-ant-(?:api|admin|sid)\d{2}-[A-Za-z0-9_-]{80,200}", HIGH,
          "Anthropic API key", _random, gate="sk-ant-", confidence=0.98, word_start=True),
    _rule("huggingface-token", r"(?:hf|api_org)_[A-Za-z]{34}", HIGH, "Hugging Face access token",
          _bounded, gate="hf_ api_org_", word_start=True),
    _rule("google-api-key", r"AIza[0-9A-Za-z_\-]{35}", HIGH, "Google API key", _bounded,
          gate="AIza", word_start=True),
    _rule("google-oauth-token", r"ya29\.[0-9A-Za-z_\-]{30,400}", HIGH, "Google OAuth access token",
          _random, gate="ya29.", confidence=0.9, word_start=True),
    _rule("stripe-key", r"[rs]k_live_[0-9a-zA-Z]{24,247}", HIGH, "Stripe live key", _bounded,
          gate="k_live_", confidence=0.98, word_start=True),
    _rule("slack-token", r"xox[abposre]-(?:\d+-)+[A-Za-z0-9]{10,}|xapp-\d-[A-Z0-9]+-\d+-[a-f0-9]+",
          HIGH, "Slack token", gate="xox xapp-", confidence=0.97, word_start=True),
    _rule("slack-webhook",
          r"https://hooks\.slack\.com/services/T[A-Za-z0-9_]+/B[A-Za-z0-9_]+/[A-Za-z0-9_]{16,}",
          HIGH, "Slack incoming-webhook URL", gate="hooks.slack.com", confidence=0.97),
    _rule("aws-access-key", r"(?:A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA)[0-9A-Z]{16}", HIGH,
          "AWS access key id", _aws_key_id, gate="A3T ABIA ACCA AKIA ASIA", word_start=True),
    _rule("aws-secret-key", _AWS_SECRET, HIGH, "AWS secret access key", _random, group=1,
          context=True, need=_AWS_SECRET_NEED),
    _rule("azure-storage-key", r"AccountKey=([A-Za-z0-9+/]{86}==)", HIGH,
          "Azure storage account key", group=1, gate="AccountKey=", confidence=0.98),
    _rule("azure-storage-key", r"SharedAccessKey=([A-Za-z0-9+/]{42,43}=)", HIGH,
          "Azure shared access key", group=1, gate="SharedAccessKey="),
    _rule("connection-uri", _URI, HIGH, "Connection URI with an embedded password", _db_uri,
          group=2, gate="://", confidence=0.9),
    _rule("basic-auth-url", _URI, HIGH, "URL with embedded credentials", _web_uri, group=2,
          gate="://", confidence=0.85),
    _rule("authorization-header", _BEARER,
          MEDIUM, "Bearer token in an Authorization header", _random, group=1, context=True,
          confidence=0.8, need=r"bearer|token"),
    _rule("secret-assignment", _ASSIGNED + rf"[rbf]?(['\"])({_VALUE})\2", MEDIUM,
          "Secret assigned to a credential-named variable", _assignment, group=3, context=True,
          confidence=0.7, need=r"['\"]"),
    _rule("secret-assignment", _ASSIGNED + rf"()({_VALUE})(?![\w\-+/=.~!@#$^*&%(\[])", MEDIUM,
          "Secret assigned to a credential-named key", _assignment, group=3, context=True,
          text_only=True, confidence=0.65, need=r"[=:]"),
)
# fmt: on

_PEM_BEGIN = re.compile(
    r"-----BEGIN ((?:RSA |DSA |EC |OPENSSH |ENCRYPTED |SSH2 ENCRYPTED |PGP )?"
    r"PRIVATE KEY(?: BLOCK)?)-----"
)
_PEM_SPAN = 12_000  # an RSA 8192 key with escaped newlines fits
_PEM_BODY = re.compile(r"[A-Za-z0-9+/=]{40,}|(?:[A-Za-z0-9+/]{16,}(?:\\n|\n)){3,}")
_PEM_HEAD = re.compile(
    r"-----BEGIN (?:RSA |DSA |EC |OPENSSH |ENCRYPTED )?PRIVATE KEY-----(?:(?:\\r)?\\n|\r?\n)"
    r"(?:[A-Za-z0-9+/=]{60,}(?:(?:\\r)?\\n|\r?\n)){2,}[A-Za-z0-9+/=]*"
)
PEM_RULE_ID = "private-key"
GCP_RULE_ID = "gcp-service-account"
_GCP_KEY_BEFORE = re.compile(r"private_key[\s'\"\\:=]{1,10}$")
PUTTY = re.compile(r"PuTTY-User-Key-File-\d: [\w-]+\s*\n(?:.*\n){0,4}?Private-Lines: \d+\n", re.M)


def pem_blocks(text: str) -> list[tuple[str, int, int]]:
    r"""Find PEM private key blocks, also in JSON strings (``\n`` escapes): (rule, start, end)."""
    found: list[tuple[str, int, int]] = []
    for match in _PEM_BEGIN.finditer(text):
        # NOTE: str.find, not a lazy regex: many headers without footers stay linear.
        footer = f"-----END {match.group(1)}-----"
        end = text.find(footer, match.end(), match.end() + _PEM_SPAN)
        body = text[match.end() : end]
        if end < 0 or not _PEM_BODY.search(body) or is_placeholder_block(body):
            continue
        before = text[max(0, match.start() - 40) : match.start()]
        rule = GCP_RULE_ID if _GCP_KEY_BEFORE.search(before) else PEM_RULE_ID
        found.append((rule, match.start(), end + len(footer)))
    found.extend((PEM_RULE_ID, m.start(), m.end()) for m in PUTTY.finditer(text))
    found.extend(_truncated_blocks(text, found))
    return found


def _truncated_blocks(text: str, whole: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Key headers followed by key lines but no footer: a printed slice of a key still leaks."""
    out: list[tuple[str, int, int]] = []
    for match in _PEM_HEAD.finditer(text):
        if not any(s <= match.start() < e for _, s, e in whole):
            out.append((PEM_RULE_ID, match.start(), match.end()))
    return out
