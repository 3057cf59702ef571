"""Precision checks for secret candidates: placeholders, doc keys, hashes, blobs, checksums."""

from __future__ import annotations

import base64
import binascii
import collections
import itertools
import json
import math
import re
import string
from collections.abc import Iterator

BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase

# Values that documentation and tutorials use in place of a real credential.
DOC_EXAMPLES = frozenset(
    {
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
        "AKIAI44QH8DHBEXAMPLE",
        # Azurite / storage emulator's published development key (devstoreaccount1)
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
        # Slack and Firebase documentation examples
        "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
        "AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe",
        # jwt.io's example token (HS256, "John Doe")
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwi"
        "aWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    }
)
# NOTE: as substrings of the lower-cased value, then a few patterns that open with a literal:
# one re.I alternation of all of them tried every alternative at every position (230 ns a
# character, the largest cost of a long hostile value).
_PLACEHOLDER_WORDS = (
    "example", "sample", "dummy", "placeholder", "your", "changeme", "replace", "insert",
    "redacted", "xxxx", "***", "...", "todo", "fixme", "fake", "mock", "{{", "}}", "${", "%(",
    "test", "foobar", "qwerty", "1234", "abcd", "invalid", "notreal", "john doe", "sm9obibeb2",
)  # fmt: skip
_PLACEHOLDER_SHAPES = tuple(
    (literal, re.compile(pattern))
    for literal, pattern in (
        ("change", r"change[_\-]?(?:this|it|me)"),
        ("here", r"(?:secret|key|token|goes)[_-]?here"),
        ("enter", r"enter[_-]"),
        ("<", r"<[^<>]*>"),  # NOTE: [^<>], not [^>]: a run of '<' stays linear
        ("%s", r"%s\b"),
        ("not", r"not[_-]?a[_-]?real"),
    )
)
# Words that, alone, are the name of a thing rather than its value.
_COMMON_VALUES = frozenset(
    """password passwd pass pwd secret secrets token tokens key apikey api_key none null nil
    true false str string int bytes required optional default hidden empty test testing admin
    root user username guest demo private public bearer basic login auth value unknown""".split()
)
# Identifiers that look random but are generated names: widget models, Jupyter comms.
# Stripe publishable and test-mode keys are public or harmless by design.
_KNOWN_ID_PREFIXES = (
    "IPY_MODEL_", "sha256:", "sha1:", "md5:", "pk_live_", "pk_test_", "sk_test_", "rk_test_",
    "pbkdf2:", "scrypt:", "$2a$", "$2b$", "$2y$", "$argon2",  # password hashes, not passwords
)  # fmt: skip
_LOCAL_URL = re.compile(r"(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::\d+)?/\S*$")
_HEX_HASH_LENGTHS = frozenset({7, 8, 12, 16, 20, 24, 32, 40, 56, 64, 96, 128})
# Notorious example passwords: tutorials' stand-ins, not someone's credential.
_WEAK_PASSWORD = re.compile(
    r"(?i)(?:p[a@4][s5$]{2}(?:w[o0]rd)?|admin|secret|s3cr3t|user|root|demo|guest"
    r"|welcome|letmein|changeit|hunter|my(?:password|secret)|supersecret|topsecret)\d{0,4}[!@#.]?"
)
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_ENV_NAME = re.compile(r"^\$?[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
# A credential-named key with its '=' or ':' (``password=password124=``: the next key of a
# chain, not the value of the first).
_NEXT_KEY = re.compile(r"(?i)[\w.-]*(?:pass|pwd|secret|token|key|auth|credential)\w*[=:]")
# An expression (``e.password,this._x=(null!=``), not a literal: passwords rarely hold these.
_CODE_PUNCTUATION = re.compile(r"[()\[\]{}|<>;]|\w\.\w+\(|[!=]=")
# A type or field name: camelCase, CamelCase, PKCS7PrivateKeyTypes.
_CAMEL_CASE = re.compile(r"_?[A-Za-z][a-z]+(?:[A-Z][a-z]+)+|_?[A-Z0-9]*(?:[A-Z][a-z]{2,}\d*){2,}")
_NESTED_ASSIGNMENT = re.compile(r"[A-Za-z_]\w*\s*=\s*(.*)")
_DOTTED_NAME = re.compile(r"[A-Za-z_]+(?:[.:][A-Za-z_]+)+")
_REPEAT = re.compile(r"(.)\1{4,}")
_CHECKSUMMED = re.compile(r"(?:gh[pousr]|npm)_[A-Za-z0-9]{36}")
_BLOCK_PLACEHOLDER = re.compile(r"\.\.\.|<[^>]*>|xxxx|XXXX|(?i:\byour\b|redacted)|\bEXAMPLE\b")
_MAX_NESTED = 3
_SPACE = re.compile(r"\s")  # NOTE: the same characters as str.isspace
_PLUS_ONE = bytes((b + 1) % 256 for b in range(256))
_MINUS_ONE = bytes((b - 1) % 256 for b in range(256))
_BLOB = re.compile(r"data:[\w/+.-]*;base64,[A-Za-z0-9+/=\s]+|[A-Za-z0-9+/]{240,}={0,2}")


def is_placeholder(value: str, depth: int = 0) -> bool:
    """Whether ``value`` is a stand-in (``YOUR_API_KEY``, ``xxxx``, ``<token>``, ``${TOKEN}``)."""
    value = strip_escapes(value)
    # NOTE: a nested value is a piece of this one: a search that found nothing here finds
    # nothing there, so only the whole-value tests run again at each level.
    if depth == 0 and _contains_placeholder(value):
        return True
    if value[-10:].upper().endswith(("EXAMPLE", "EXAMPLEKEY")):
        return True
    if value.startswith(_KNOWN_ID_PREFIXES) or is_invalid_token(value):
        return True
    if _WEAK_PASSWORD.fullmatch(value) or _mostly_sequential(value):
        return True
    # NOTE: a few levels at most: each reads the whole rest, and a hostile `a0=a1=a2=...` run
    # 4,000 characters long (one window) cost 600 levels, about 100 s/MB.
    nested = _NESTED_ASSIGNMENT.fullmatch(value) if depth < _MAX_NESTED else None
    inner = nested.group(1).rstrip(",;)") if nested else ""
    if inner and is_placeholder(inner, depth + 1):
        return True  # `pw = password=None,`: a keyword rule took a whole assignment as the value
    if value[-1:] in ("=", ":") and _NEXT_KEY.fullmatch(value):
        return True
    return value.strip("'\"` ").lower() in _COMMON_VALUES or bool(_ENV_NAME.match(value))


def _contains_placeholder(value: str) -> bool:
    if any(d in value for d in DOC_EXAMPLES) or _placeholder_words(value):
        return True
    return bool(_REPEAT.search(value) or _UUID.search(value))


def _placeholder_words(value: str) -> bool:
    low = value.lower()
    if any(w in low for w in _PLACEHOLDER_WORDS):
        return True
    return any(lit in low and shape.search(low) for lit, shape in _PLACEHOLDER_SHAPES)


def strip_escapes(value: str) -> str:
    r"""Drop trailing escapes (``abc\n``, ``abc\\r\n``): a repr's line end, not the value's."""
    tail = "\n" if value.endswith("\n") else ""  # NOTE: as the old ``$`` did, before a line end
    end = len(value) - len(tail)
    while end >= 2 and value[end - 1] in "nrt" and value[end - 2] == "\\":
        end -= 2
        while end and value[end - 1] == "\\":
            end -= 1
    return value if end == len(value) - len(tail) else value[:end] + tail


def _mostly_sequential(value: str) -> bool:
    """``1234567890abcdef``-style fillers: most neighbours are consecutive characters."""
    if len(value) < 8:
        return False
    if value.isascii():
        # NOTE: C-speed on long hostile values: a byte equal to its left neighbour shifted
        # by one is a zero byte of the XOR (ASCII never wraps past 0 or 127).
        raw = value.encode("ascii")
        after = int.from_bytes(raw[1:], "big")
        ups = (int.from_bytes(raw[:-1].translate(_PLUS_ONE), "big") ^ after).to_bytes(
            len(raw) - 1, "big"
        )
        downs = (int.from_bytes(raw[:-1].translate(_MINUS_ONE), "big") ^ after).to_bytes(
            len(raw) - 1, "big"
        )
        steps = ups.count(0) + downs.count(0)
    else:
        steps = sum(1 for a, b in itertools.pairwise(value) if ord(b) - ord(a) in (1, -1))
    return steps * 2 >= len(value)


def is_invalid_token(value: str) -> bool:
    """Tell whether ``value`` is shaped like a ghp_/npm_ token but fails its checksum."""
    return bool(_CHECKSUMMED.fullmatch(value)) and not github_checksum_ok(value)


def is_placeholder_block(body: str) -> bool:
    """Tell whether a PEM body stands for a key in documentation (``...``, ``<key>``)."""
    return bool(_BLOCK_PLACEHOLDER.search(body))


def in_local_url(text: str, start: int) -> bool:
    """Tell whether ``start`` is in a localhost URL.

    ``http://localhost:8888/?token=...`` is a notebook server's own login link.
    """
    return bool(_LOCAL_URL.search(text, max(0, start - 200), start))


def jwt_parts(token: str) -> list[dict[str, object]] | None:
    """Decode the header and payload of a JWT; None when it is not one."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    decoded = []
    for part in parts[:2]:
        try:
            data = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
        except (ValueError, binascii.Error, UnicodeDecodeError):
            return None
        if not isinstance(data, dict):
            return None
        decoded.append(data)
    return decoded if "alg" in decoded[0] else None


def is_path_like(value: str) -> bool:
    """Tell a path or resource name (``projects/123/locations/us-central1``) from a secret."""
    parts = value.strip("/").split("/")
    if len(parts) < 3:
        return False
    plain = sum(1 for p in parts if p.isdigit() or re.fullmatch(r"[a-z][a-z\-]{3,}\d*", p))
    return plain * 2 >= len(parts)


def is_hash_like(value: str) -> bool:
    """Tell a hex digest, git SHA or uuid-as-hex: an identifier's shape, not a credential's."""
    return all(c in string.hexdigits for c in value) and len(value) in _HEX_HASH_LENGTHS


def is_word_like(value: str, *, dotted: bool = True) -> bool:
    """Tell prose, a path, an identifier, code or a number from a password.

    ``dotted=False`` where a module path cannot stand (a URI's password slot), since random
    passwords such as ``BXVnoXuFiM.ASHbW`` have that shape too.
    """
    value = strip_escapes(value).rstrip(",.:")
    if value and not value.isascii() and value.isalpha():
        return True  # a word in another script (səcrət), not a generated secret
    if not value or _SPACE.search(value) or _CODE_PUNCTUATION.search(value):
        return True
    if value.replace(".", "").replace("-", "").replace("_", "").isdigit():
        return True
    if value.count("/") >= 2 or value.startswith(("./", "~/", "/")):
        return True
    if dotted and _DOTTED_NAME.fullmatch(value):
        return True  # a module or attribute path (IPython.core.magics.osm:OSMagics)
    return bool(
        re.fullmatch(r"[a-z]+(?:[_\-.:/][a-z]+)*|[A-Z][a-z]+|\w+\.(?:json|txt|pem|key|env)", value)
        or _CAMEL_CASE.fullmatch(value)
    )


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    if not value:
        return 0.0
    counts = collections.Counter(value)  # NOTE: one pass, not one count() per distinct char
    n = len(value)
    return -sum(k / n * math.log2(k / n) for k in counts.values())


def looks_random(value: str, min_len: int = 16, min_entropy: float = 3.0) -> bool:
    """Long enough, mixed enough and high-entropy enough to be a generated secret."""
    if len(value) < min_len or entropy(value) < min_entropy:
        return False
    chars = set(value)
    return any(c.isdigit() for c in chars) and any(c.isalpha() for c in chars)


def blob_spans(text: str) -> list[tuple[int, int]]:
    """Spans of data URIs and long base64 runs (embedded images, audio, protobufs)."""
    if len(text) < 240:
        return []
    return [m.span() for m in _BLOB.finditer(text)]


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies inside a blob of ``spans`` that is more than the match itself."""
    return any(s <= start and end <= e and e - s > end - start + 8 for s, e in spans)


def github_checksum_ok(token: str) -> bool:
    """Verify the CRC32/base62 checksum of a classic GitHub or npm token (last 6 chars)."""
    body, check = token[4:-6], token[-6:]
    crc = binascii.crc32(body.encode())
    digits = ""
    while crc:
        crc, r = divmod(crc, 62)
        digits = BASE62[r] + digits
    return digits.rjust(6, "0") == check


def bounded(
    text: str, start: int, end: int, word: str = string.ascii_letters + string.digits
) -> bool:
    """Whether the match is not part of a longer alphanumeric run (DNA, base64, hex dumps)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return before not in word and after not in word


def line_spans(text: str, positions: Iterator[int]) -> list[tuple[int, int]]:
    """Return the distinct (start, end) spans of the lines holding ``positions`` (sorted)."""
    spans: list[tuple[int, int]] = []
    for pos in positions:
        if spans and spans[-1][0] <= pos <= spans[-1][1]:
            continue
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        spans.append((start, len(text) if end < 0 else end))
    return spans
