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


def _every_finder() -> list[tuple[re.Pattern[str], Finder]]:
    """Each pattern the secrets analyzer runs, with the Finder it runs it through."""
    bridge = DetectSecretsBridge()
    pairs = [(r.pattern, r.finder) for r in ANCHORED_RULES + CONTEXT_RULES]
    pairs += [(r.need, r.need_finder) for r in CONTEXT_RULES if r.need and r.need_finder]
    pairs += list(bridge._finders.items())
    pairs += [(f.pattern, f) for fs in bridge._needs.values() for f in fs if isinstance(f, Finder)]
    return pairs


def test_every_pattern_the_scanner_runs_gives_the_same_matches_through_its_finder():
    # Given every rule, need and plugin regex the secrets analyzer runs, and random texts
    pairs = _every_finder()
    assert sum(f.moved for _, f in pairs) >= 30  # (leads were moved: there is a test)
    assert sum(f.anchor is not None for _, f in pairs) >= 5  # (and anchors set)
    rng = random.Random(41)
    texts = [_text(rng) for _ in range(2500)]
    matched = 0
    for text in texts:
        low = fold(text)
        for pattern, finder in pairs:
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


def test_a_word_boundary_moves_as_its_flags_read_word_characters():
    # Given \b before a non-ASCII letter: a word character in Unicode, not under re.ASCII
    for flags in (0, re.ASCII):
        pattern = re.compile("\\b\\\u00e9a", flags)
        finder = Finder(pattern)
        assert finder.moved
        for text in ("x\u00e9a", " \u00e9a", "\u00e9a", "1\u00e9a \u00e9a"):
            # Then the same matches as re
            want = [m.span() for m in pattern.finditer(text)]
            assert [m.span() for m in finder.finditer(text)] == want, (flags, text)


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


def test_a_run_need_is_true_where_its_pattern_matches():
    from secure_check.detectors.secrets.bridge import VALUE_NEEDS

    # Given: texts of runs near each need's length (letters, hex, digits, _-, capitals, the
    # characters re.I folds to ASCII letters) between separators
    rng = random.Random(3)
    shapes = ("abcdefghijklmnopqrstuvwxyz", "0123456789abcdef", "0123456789", "AbC_-9", "\u212ak")
    shapes += ("0123456789ABCDEF", "\u017fs\u00e9", "a\u0130")
    seps = (" ", "=", "'", "/", ":", "\n", ".", "\u00e9", "?")
    trues = 0
    for _ in range(3000):
        text = "".join(
            "".join(rng.choices(rng.choice(shapes), k=rng.choice((23, 24, 25, 43, 44, 45, 47, 48))))
            + "".join(rng.choices(rng.choice(shapes), k=rng.choice((0, 0, 16, 20))))
            + rng.choice(seps)
            for _ in range(rng.randint(1, 3))
        )
        low = fold(text)
        for need in VALUE_NEEDS.values():
            # Then: the run test says what the regex says
            want = need.pattern.search(text) is not None
            assert need.search(text, low) == want == need.search(text), (need.pattern, text)
            trues += want
    assert 1000 < trues < 10000, trues  # (both answers came often)


def test_anchored_rules_find_what_their_patterns_find():
    # Given: the rules that start from their keyword, and texts of key parts (some runs longer
    # than any key), keywords, separators, values; in any case, with the folds re.I knows
    rules = [r for r in ANCHORED_RULES + CONTEXT_RULES if r.anchor is not None]
    assert len(rules) >= 5
    rng = random.Random(23)
    parts = ("my_", "db-", "a1-", "x", "Q9_", "--", "-", "_", "\u212ay_", "\u017fx-", "\u00e9_")
    words = ("password", "PASSWD", "pass", "pw", "Pwd", "passphrase", "token", "Secret", "api")
    words += ("apikey", "access_key", "auth-key", "private_key", "secret_key", "passw", "to")
    gaps = ("=", " = ", ":", ": ", "->", " => ", " ", "='", '="', "  ", "=\t", "==", "")
    values = ("Zq8!vT3#kLm2", "hunter2", "p4ss", "Xk7pQ2vLm9Rt4wZ8Ab3", "a" * 20, "${PW}")
    befores = ("", " ", ";", "'", '"', "!", "&", "(", ",", "\n", ".", "/", "x", "-", "\u00e9")
    matched = 0
    for _ in range(3000):
        text = "".join(
            rng.choice(befores)
            + "".join(rng.choices(parts, k=rng.choice((0, 0, 1, 2, 3, 5, 24))))
            + rng.choice((str, str.upper, str.title))(rng.choice(words))
            + "".join(rng.choices(parts, k=rng.choice((0, 0, 1, 2))))
            + rng.choice(gaps)
            + rng.choice(values)
            + rng.choice(("", "'", '"', ";", " x", "\n"))
            for _ in range(rng.randint(1, 4))
        )
        low = fold(text)
        for rule in rules:
            # Then: the same matches, in the same order
            want = [(m.span(), m.groups()) for m in rule.pattern.finditer(text)]
            got = [(m.span(), m.groups()) for m in rule.finder.finditer(text, low)]
            assert got == want, (rule.pattern.pattern, text)
            matched += bool(want)
    assert matched > 300, matched


def test_anchored_rules_on_keyword_dense_text_find_what_their_patterns_find():
    # Given: texts where keywords stand closer than an anchor pays for (its re scan takes
    # over midway), with real assignments among them
    rules = [r for r in ANCHORED_RULES + CONTEXT_RULES if r.anchor is not None]
    rng = random.Random(31)
    units = ("pwd{} ", "pass{}= ", "pw{}:", "token{}-> ", "x_pass ", "--pw ", "secret{} ")
    assigns = ('password = "Zq8!vT3#kLm2"', " db_pass: Zq8!vT3#kLm2x")
    assigns += (" token -> Xk7pQ2vLm9Rt4wZ8A",)
    matched = 0
    for _ in range(60):
        unit = rng.choice(units)
        parts = [unit.format(i) for i in range(rng.randint(40, 400))]
        for _ in range(rng.randint(1, 5)):
            parts.insert(rng.randrange(len(parts)), rng.choice(assigns) + rng.choice(" ;\n"))
        text = "".join(parts)
        low = fold(text)
        for rule in rules:
            want = [(m.span(), m.groups()) for m in rule.pattern.finditer(text)]
            got = [(m.span(), m.groups()) for m in rule.finder.finditer(text, low)]
            assert got == want, (rule.pattern.pattern, text[:200])
            matched += len(want)
    assert matched > 100, matched
