"""Finder: a pattern's matches, found with its leading assertion moved, are what ``re`` gives."""

from __future__ import annotations

import random
import re

import pytest

from secure_check.detectors.secrets.analyzer import ANCHORED_RULES, CONTEXT_RULES
from secure_check.detectors.secrets.bridge import DetectSecretsBridge
from secure_check.detectors.secrets.finder import Finder
from secure_check.detectors.secrets.folded import fold

_WORDS = (
    *"token TOKEN Secret secret_key API_KEY apikey passphrase client-secret auth= Bearer".split(),
    *"password PASSWD pwd Pass pw aws AWS_ authorization login( username cloudant cl_".split(),
    *"softlayer sl_ ibm_cos_hmac cos_ ibm_cloud_iam iam_ api_key AKC AP9 ghp_ xoxb- AKIA".split(),
    *"\u017f \u212a \u0130 \u00e9 K s".split(),
    *(" ", "  ", "=", ": ", "=>", "->", "--", "'", '"', "[", "(", ")", ",", ";", "&", "?", "\n"),
    *("Xk7pQ2vLm9Rt4wZ8", "abcdefghijklmnopqrstuvwx", "0123456789abcdef" * 4, "_", "-", "x"),
    *("a1b2c3d4e5f6" * 4, "Ab3_-" * 8 + "Ab3_", "x" * 44, "ZZ_KEY", "://", "@", "."),
)


_HEADS = ("", "", "--", "[", '"', "'", "x", "my_", "db-", "ibm_", "cl_", "sl_", "aws_", "Basic ")
_SEPS = (" = ", "=", ":", ": '", ' => "', "('", " ", "=('u', '", "?token=", " bearer ")
_VALUES = ("Xk7pQ2vLm9Rt4wZ8Ab3/Ab3+Ab3/Ab3+Ab3/", "abcdefghijklmnopqrstuvwx")
_VALUES += ("0123456789abcdef" * 4,)
_VALUES += ("a1b2c3d4e5f6" * 4, "Ab3_-" * 8 + "Ab3_", "hunter2!x", "p4ssw0rd9z')")


_GATES = sorted({g for r in ANCHORED_RULES for g in r.gate} | {"authorization: bearer token "})
_GATES += ["auth=('u', '", "login(key='", "Authorization: Basic ", "XY_KEY = '", "cl_key='"]
_RUN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-" + "abcdef0123456789" * 3


def _text(rng: random.Random) -> str:
    """Noise, assignments (a credential word, a separator, a value) and vendor-shaped runs."""
    chunks = []
    for _ in range(rng.randint(1, 4)):
        if rng.random() < 0.3:
            # NOTE: what comes before a prefix decides a word-start lead: a letter, '-', ' '...
            run = "".join(rng.choices(_RUN, k=rng.randint(8, 90)))
            chunks.append(rng.choice("a- _'\"") + rng.choice(_GATES) + run + rng.choice("' \n"))
        elif rng.random() < 0.5:
            chunks.append("".join(rng.choices(_WORDS, k=rng.randint(1, 6))))
        else:
            word = rng.choice(_HEADS) + rng.choice(_WORDS[:34])
            word = rng.choice((str.lower, str.upper, str.title, str))(word)
            chunks.append(word + rng.choice(_SEPS) + rng.choice(_VALUES) + rng.choice("'\" \n"))
    return "".join(chunks)


def _every_pattern() -> list[re.Pattern[str]]:
    bridge = DetectSecretsBridge()
    patterns = [r.pattern for r in ANCHORED_RULES + CONTEXT_RULES]
    patterns += [r.need for r in CONTEXT_RULES if r.need is not None]
    patterns += list(bridge._finders)
    patterns += [f.pattern for fs in bridge._needs.values() for f in fs]
    return list(dict.fromkeys(patterns))


def test_every_pattern_the_scanner_runs_gives_the_same_matches_through_its_finder():
    # Given every rule, need and plugin regex the secrets analyzer runs, and random texts
    patterns = _every_pattern()
    finders = [Finder(p) for p in patterns]
    assert sum(f.moved for f in finders) >= 30  # (leads were moved: there is a test)
    rng = random.Random(41)
    texts = [_text(rng) for _ in range(2500)]
    matched = 0
    for text in texts:
        low = fold(text)
        for pattern, finder in zip(patterns, finders, strict=True):
            # Then: the same matches, groups included, and the same first match
            want = [(m.span(), m.groups()) for m in pattern.finditer(text)]
            got = [(m.span(), m.groups()) for m in finder.finditer(text, low)]
            assert got == want, (pattern.pattern, text)
            first = finder.search(text, low)
            assert (first and first.span()) == (want and want[0][0]) or (not want and not first)
            matched += bool(want) and finder.moved
    assert matched > 250, matched  # (found through a moved lead often enough to mean much)


_LEADS = (r"\b", r"(?<![\w-])", r"(?<=a)", "(?<!-)", r"(?<![A-Za-z0-9])", r"(?<=\s)")
_CORES = ("ab", "-a", "a-", "(?:ab|ac)d?", "(?:a|-)b", r"\-b+", "ab?", r"(?:a\w*?|b)-", "b{2,3}")
_CORES += (r"a[^;]*;", "(a)b", "(?:ab)?c", "a|b", "[ab]c")
_TAILS = ("", r"\b", "(?!a)", "(?<=b)", "$", r"\s", "a*")


def test_generated_patterns_with_leads_give_the_same_matches():
    # Given random patterns: up to two leads, a core, a tail (some with top-level '|')
    rng = random.Random(5)
    moved = 0
    for _ in range(600):
        leads = "".join(rng.choices(_LEADS, k=rng.randint(0, 2)))
        source = leads + rng.choice(_CORES) + rng.choice(_TAILS)
        if rng.random() < 0.3:
            source += "|" + rng.choice(_LEADS) + rng.choice(_CORES)
        pattern = re.compile(source, rng.choice((0, re.I, re.M, re.A)))
        finder = Finder(pattern)
        moved += finder.moved
        for _ in range(30):
            text = "".join(rng.choices("aAbc-_[; x\n\u00e9", k=rng.randint(0, 40)))
            want = [(m.span(), m.groups()) for m in pattern.finditer(text)]
            got = [(m.span(), m.groups()) for m in finder.finditer(text)]
            assert got == want, (source, pattern.flags, text)
            first = finder.search(text)
            assert (first.span() if first else None) == (want[0][0] if want else None)
    assert moved > 200, moved


@pytest.mark.parametrize(
    ("source", "core"),
    [
        (r"\bauth\s*=", r"auth(?<!\wauth)\s*="),
        (r"\b\.x", r"\.x(?<=\w\.x)"),  # \b before a mark: a word character before it
        (r"(?<![\w-])--(\w+)", r"--(?<![\w-]--)(\w+)"),
        (r"(?<!x)ab|\bcd", r"ab(?<!xab)|cd(?<!\wcd)"),
        (r"\b(?:hf|api)_\w", r"(?:hf(?<!\whf)|api(?<!\wapi))_\w"),
    ],
)
def test_a_lead_moves_after_the_literal_it_stands_before(source, core):
    finder = Finder(re.compile(source))
    assert finder.core is not None and finder.core.pattern == core


@pytest.mark.parametrize(
    "source",
    [
        r"(?<!x)\w*?key",  # no literal to move it after
        r"(?<![\w-])(--)?key",  # an optional group: what follows it may come first
        r"(?<!x)(?:ab|c?)d",  # a branch without a literal
        r"(['\"])\b\w+\1",  # a back-reference: group numbers must not move
        r"(?x) \b ab",  # verbose: spaces would be read differently
    ],
)
def test_a_lead_stays_where_it_cannot_move(source):
    assert not Finder(re.compile(source)).moved
