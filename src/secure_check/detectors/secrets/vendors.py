"""More credential formats: vendor-prefixed tokens and the ways code passes passwords around.

Each vendor rule is led by a literal prefix that the pre-filter gates on, so an absent vendor
costs nothing. Context rules (``auth=("user", "pw")``, ``Password=...;``, ``?api_key=``) run
only on lines that hold a credential word.
"""

from __future__ import annotations

import base64
import binascii
import json
import re

from secure_check.detectors.secrets.filters import (
    bounded,
    in_local_url,
    is_placeholder,
    is_word_like,
    jwt_parts,
    looks_random,
)
from secure_check.detectors.secrets.finder import Anchor
from secure_check.detectors.secrets.rules import HIGH, MEDIUM, Rule, needs

_PREFIXED = (
    # (rule id, regex, gate literals (space-separated), message)
    ("groq-key", r"gsk_[A-Za-z0-9]{52}", "gsk_", "Groq API key"),
    ("replicate-token", r"r8_[A-Za-z0-9]{37}", "r8_", "Replicate API token"),
    ("langsmith-key", r"lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}", "lsv2_", "LangSmith API key"),
    ("perplexity-key", r"pplx-[A-Za-z0-9]{48}", "pplx-", "Perplexity API key"),
    ("xai-key", r"xai-[A-Za-z0-9]{80}", "xai-", "xAI API key"),
    ("pinecone-key", r"pcsk_[A-Za-z0-9]{5,6}_[A-Za-z0-9]{60,800}", "pcsk_", "Pinecone API key"),
    ("databricks-token", r"dapi[a-f0-9]{32}(?:-\d)?", "dapi", "Databricks access token"),
    ("shopify-token", r"shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}", "shp", "Shopify access token"),
    ("digitalocean-token", r"do[opr]_v1_[a-f0-9]{64}", "_v1_", "DigitalOcean token"),
    ("notion-token", r"(?:secret|ntn)_[A-Za-z0-9]{43,46}", "secret_ ntn_", "Notion token"),
    ("newrelic-key", r"NRAK-[A-Z0-9]{27}", "NRAK-", "New Relic API key"),
    ("postman-key", r"PMAK-[a-f0-9]{24}-[a-f0-9]{34}", "PMAK-", "Postman API key"),
    ("linear-key", r"lin_api_[A-Za-z0-9]{40}", "lin_api_", "Linear API key"),
    ("figma-token", r"figd_[A-Za-z0-9_\-]{40,400}", "figd_", "Figma access token"),
    ("grafana-token", r"glsa_[A-Za-z0-9]{32}_[a-f0-9]{8}", "glsa_", "Grafana service token"),
    ("atlassian-token", r"ATATT3[A-Za-z0-9_\-=]{180,400}", "ATATT3", "Atlassian API token"),
    ("vault-token", r"hv[sb]\.[A-Za-z0-9_\-]{24,400}", "hvs. hvb.", "HashiCorp Vault token"),
    ("age-secret-key", r"AGE-SECRET-KEY-1[0-9A-Z]{58}", "AGE-SECRET-KEY-", "age secret key"),
    ("dropbox-token", r"sl\.[A-Za-z0-9_\-]{130,1400}", "sl.", "Dropbox access token"),
    (
        "mapbox-secret",
        r"sk\.eyJ[A-Za-z0-9_\-]{50,2000}\.[A-Za-z0-9_\-]{20,1000}",
        "sk.eyJ",
        "Mapbox secret",
    ),
    (
        "discord-webhook",
        r"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d+/"
        r"[A-Za-z0-9_\-]{60,800}",
        "/api/webhooks/",
        "Discord webhook URL",
    ),
    (
        "azure-sas-token",
        r"[?&]sig=([A-Za-z0-9%+/]{40,}={0,2}(?:%3[Dd]){0,2})",
        "sig=",
        "Azure shared access signature",
    ),
    ("sk-api-key", r"sk-[A-Za-z0-9]{32,64}", "sk-", "API key (sk- prefix)"),
    ("google-client-secret", r"GOCSPX-[A-Za-z0-9_\-]{28}", "GOCSPX-", "Google OAuth client secret"),
    ("mailgun-key", r"key-[0-9a-zA-Z]{32}", "key-", "Mailgun API key"),
    ("facebook-token", r"EAA[A-Za-z0-9]{100,400}", "EAA", "Facebook access token"),
    # NOTE: the run of A's is the token's fixed head; the secret is the tail.
    (
        "twitter-bearer",
        r"A{20,24}([A-Za-z0-9%]{60,800})",
        "AAAAAAAAAAAAAAAAAAAA",
        "X/Twitter bearer",
    ),
)


def _bounded_random(match: re.Match[str]) -> bool:
    value = match.group(match.re.groups)
    return bounded(match.string, match.start(), match.end()) and looks_random(value, 20, 3.0)


def _sas(match: re.Match[str]) -> bool:
    # NOTE: a SAS URL also carries sv= (service version) and se=/sp=; a lone sig= is not one.
    window = match.string[max(0, match.start() - 300) : match.start()]
    return "sv=" in window and looks_random(match.group(1), 20, 3.0)


def _prefixed() -> tuple[Rule, ...]:
    rules = []
    for rule_id, pattern, gate, message in _PREFIXED:
        # NOTE: tokens start a word (see secret_rules._WORD_START); URLs and sig= need not.
        lead = "" if pattern.startswith(("https", "[?&]")) else r"(?<![A-Za-z0-9])"
        compiled = re.compile(lead + pattern)
        check = _sas if rule_id == "azure-sas-token" else _bounded_random
        rules.append(
            Rule(rule_id, compiled, HIGH, 0.9, message, compiled.groups, check, gate=(gate,))
        )
    return tuple(rules)


def _basic_auth_header(match: re.Match[str]) -> bool:
    try:
        decoded = base64.b64decode(match.group(1), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return False
    user, _, password = decoded.partition(":")
    return bool(user) and len(password) >= 4 and not is_placeholder(password)


_ATTRIBUTE_PATH = re.compile(r"[A-Za-z_]+(?:\.[A-Za-z_]+)+")


def _password(match: re.Match[str]) -> bool:
    value = match.group(match.re.groups).strip()  # NOTE: unescaped \" leaves a blank inside
    if _ATTRIBUTE_PATH.fullmatch(value):
        return False  # password=settings.DB_PASSWORD: an expression, not a literal
    return len(value) >= 6 and not is_word_like(value) and not is_placeholder(value)


_APP_PASSWORD = re.compile(r"[a-z]{4}(?: ?[a-z]{4}){3}")  # Gmail/Google app passwords


def _login_password(match: re.Match[str]) -> bool:
    return bool(_APP_PASSWORD.fullmatch(match.group(1).strip())) or _password(match)


def _token(match: re.Match[str]) -> bool:
    return looks_random(match.group(match.re.groups), min_len=16, min_entropy=3.2)


def _remote_token(match: re.Match[str]) -> bool:
    return _token(match) and not in_local_url(match.string, match.start())


def _jwt(match: re.Match[str]) -> bool:
    parts = jwt_parts(match.group())
    if parts is None or not bounded(match.string, match.start(), match.end()):
        return False
    # NOTE: documentation tokens (jwt.io's "John Doe", sub 1234567890) carry stand-in claims.
    claims = json.dumps(parts[1])
    return "John Doe" not in claims and '"1234567890"' not in claims


def _env_key(match: re.Match[str]) -> bool:
    return looks_random(match.group(2), min_len=20, min_entropy=3.5)


_PW = r"(?:password|passwd|pwd)"
_PW_VALUE = r"[^;'\"\s{}()\[\]<>$,]{4,}"
# NOTE: ``(?:^|[;\s'"!&(,])\w*?`` before the key: re tries it at every place; a match starts
# one character before the word run around the key (finder.Anchor).
_PW_RUN = Anchor("passw|pwd", before=1)


def _r(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


CONTEXT_RULES: tuple[Rule, ...] = (
    Rule(
        "authorization-header",
        _r(r"(?i)\bauthorization[\s'\":=,]{0,8}basic\s+([A-Za-z0-9+/]{8,}={0,2})"),
        HIGH,
        0.85,
        "HTTP Basic credentials in an Authorization header",
        1,
        _basic_auth_header,
        context=True,
        need=needs("basic"),
    ),
    Rule(
        "password-assignment",
        _r(rf"(?i)(?:^|[;\s'\"!&(,])\w*?{_PW}\s*=\s*({_PW_VALUE})(?=\s*;|['\"]|\s+[\w-])"),
        MEDIUM,
        0.7,
        "Password in a connection string",
        1,
        _password,
        context=True,
        need=needs("="),
        anchor=_PW_RUN,
    ),
    Rule(
        "password-assignment",
        _r(rf"(?i)(?:^|[;\s'\"!&(,])\w*?{_PW}\s*=\s*({_PW_VALUE})(?=[\s;'\"]|$)"),
        MEDIUM,
        0.65,
        "Password in an environment or config line",
        1,
        _password,
        context=True,
        need=needs("="),
        anchor=_PW_RUN,
        text_only=True,
    ),
    Rule(
        "password-assignment",
        _r(r"\bauth\s*=\s*\(\s*['\"][^'\"]+['\"]\s*,\s*['\"]([^'\"]{4,})['\"]\s*\)"),
        MEDIUM,
        0.75,
        "Password in an HTTP auth tuple",
        1,
        _password,
        context=True,
        need=needs("auth"),
    ),
    Rule(
        "password-assignment",
        _r(
            r"Basic(?:Auth|Authentication)?\(\s*['\"][^'\"]+['\"]\s*,\s*['\"]([^'\"]{4,})['\"]\s*\)"
        ),
        MEDIUM,
        0.75,
        "Password passed to an auth helper",
        1,
        _password,
        context=True,
        need=needs("basic"),
    ),
    Rule(
        "secret-in-url",
        _r(
            r"(?i)[?&](?:access_token|api_?key|apikey|token|auth|secret|client_secret|password"
            r"|passwd|key)=([A-Za-z0-9_\-.~%]{16,})"
        ),
        MEDIUM,
        0.75,
        "Credential in a URL query string",
        1,
        _remote_token,
        context=True,
        need=needs("[?&]"),
    ),
    Rule(
        "secret-assignment",
        _r(r"(?i)\blogin\(\s*(?:key|token|api_key)\s*=\s*['\"]([A-Za-z0-9_\-]{20,})\s?['\"]"),
        HIGH,
        0.8,
        "API key passed to a login call",
        1,
        _token,
        context=True,
        need=needs(r"login\("),
    ),
    Rule(
        "password-assignment",
        _r(r"\.login\(\s*['\"][^'\"]+['\"]\s*,\s*['\"]([^'\"]{6,})['\"]\s*\)"),
        MEDIUM,
        0.75,
        "Password passed to a login call",
        1,
        _login_password,
        context=True,
        need=needs(r"\.login\("),
    ),
    Rule(
        "kaggle-key",
        _r(
            r"(?i)username[\s\"']*:[\s\"']*[^\"'\s,]+[\s\"']*,[\s\"']*key[\s\"']*:[\s\"']*"
            r"([0-9a-f]{32})\b"
        ),
        HIGH,
        0.9,
        "Kaggle API key (kaggle.json)",
        1,
        context=True,
        need=needs("username"),
    ),
)

CONTEXT_RULES += (
    Rule(
        "secret-assignment",
        _r(r"\b([A-Z][A-Z0-9]*_KEY)['\"\]]?\s*[=:]\s*['\"]?([A-Za-z0-9_\-+/=.]{20,})"),
        MEDIUM,
        0.65,
        "Key in an environment-style variable (NAME_KEY)",
        2,
        _env_key,
        context=True,
        need=needs("_key"),
    ),
)

PREFIXED_RULES = (
    *_prefixed(),
    # NOTE: detect-secrets' JWT regex ends lazily, so its value stops before the signature.
    Rule(
        "jwt",
        _r(
            r"(?<![A-Za-z0-9_\-])eyJ[A-Za-z0-9_\-]{8,2000}\.eyJ[A-Za-z0-9_\-]{8,8000}\.[A-Za-z0-9_\-]{0,1000}"
        ),
        HIGH,
        0.9,
        "JSON Web Token",
        0,
        _jwt,
        gate=("eyJ",),
    ),
)
