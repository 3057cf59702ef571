"""Recall and precision of the secrets analyzer: every format, in every place of a notebook."""

# NOTE: no __init__.py in tests/secrets: a package named "secrets" would shadow the stdlib module.

import json
import random

import pytest

import synth_secrets as synth
from secure_check.core.scan import Scanner
from secure_check.detectors.secrets.analyzer import SecretsAnalyzer


@pytest.fixture(scope="module")
def scanner():
    return Scanner([SecretsAnalyzer()])


def _code(v):
    return {
        "cell_type": "code",
        "source": f'VALUE = """{v}"""' if "\n" in v else f"x = '{v}'",
        "metadata": {},
        "outputs": [],
        "execution_count": 1,
    }


def _output(output):
    return {
        "cell_type": "code",
        "source": "run()",
        "metadata": {},
        "outputs": [output],
        "execution_count": 1,
    }


def _traceback(v):
    return _output(
        {
            "output_type": "error",
            "ename": "ValueError",
            "evalue": "bad credentials",
            "traceback": [
                "\x1b[0;31m-----------------------------------------------------------\x1b[0m",
                "\x1b[0;31mValueError\x1b[0m          Traceback (most recent call last)",
                f"Cell \x1b[0;32mIn[3], line 2\x1b[0m\n      1 import client\n"
                f"\x1b[0;32m----> 2\x1b[0m client.connect(credential={v!r})",
                f"\x1b[0;31mValueError\x1b[0m: rejected {v!r}",
            ],
        }
    )


def _html(v):
    body = (
        f"<pre>{v}</pre>"
        if "\n" in v
        else (
            "<table class='dataframe'><thead><tr><th></th><th>service</th><th>value</th></tr>"
            "</thead>"
            f"<tbody><tr><th>0</th><td>api</td><td>{v}</td></tr></tbody></table>"
        )
    )
    return _output(
        {
            "output_type": "execute_result",
            "execution_count": 1,
            "metadata": {},
            "data": {"text/html": body, "text/plain": "<DataFrame>"},
        }
    )


PLACES = {
    "code": _code,
    "markdown": lambda v: {
        "cell_type": "markdown",
        "source": f"Credentials:\n\n{v}\n",
        "metadata": {},
    },
    "stdout": lambda v: _output(
        {"output_type": "stream", "name": "stdout", "text": f"Connecting...\n{v}\ndone\n"}
    ),
    "stderr": lambda v: _output(
        {"output_type": "stream", "name": "stderr", "text": f"WARNING: using {v}\n"}
    ),
    "traceback": _traceback,
    "text/plain": lambda v: _output(
        {
            "output_type": "execute_result",
            "execution_count": 1,
            "metadata": {},
            "data": {"text/plain": repr(v)},
        }
    ),
    "text/html": _html,
    "json": lambda v: _output(
        {
            "output_type": "display_data",
            "metadata": {},
            "data": {"application/json": {"config": {"credential": v}}},
        }
    ),
    "metadata": lambda v: {
        "cell_type": "code",
        "source": "",
        "outputs": [],
        "execution_count": 1,
        "metadata": {"papermill": {"parameters": {"credential": v}}},
    },
    "widget-state": lambda v: {
        "cell_type": "code",
        "source": "",
        "outputs": [],
        "execution_count": 1,
        "metadata": {"widgets": {_WIDGET_STATE: {"state": {"a1": {"state": {"value": v}}}}}},
    },
    "raw": lambda v: {"cell_type": "raw", "source": v, "metadata": {}},
    "text/markdown": lambda v: _output(
        {
            "output_type": "display_data",
            "metadata": {},
            "data": {"text/markdown": f"**key**: `{v}`" if "\n" not in v else v},
        }
    ),
}


_WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _by_place(findings, cells):
    """Rules found per place (cell i holds place i)."""
    names = list(cells)
    out = {name: set() for name in names}
    for f in findings:
        out[names[f.cell_index]].add(f.rule)
    return out


# NOTE: one notebook per format, one cell per place: the fingerprint (scrypt, ~13 ms) is then
# computed once per value, which keeps 500+ cases fast.
@pytest.mark.parametrize("fmt", list(synth.SECRET_FORMATS))
def test_every_format_is_found_in_every_place(scanner, fmt):
    # Given
    make, rule = synth.SECRET_FORMATS[fmt]
    value = make(random.Random(fmt))
    cells = {place: build(value) for place, build in PLACES.items()}
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": list(cells.values())}
    # When
    findings = scanner.scan_notebook(nb, "planted.ipynb")
    # Then
    found = _by_place(findings, cells)
    assert [p for p, rules in found.items() if rule not in rules] == []
    assert all(f.category == "secret" for f in findings)


@pytest.mark.parametrize("name", list(synth.LOOKALIKES))
def test_lookalikes_are_not_findings(scanner, name):
    # Given
    cells = [build(synth.LOOKALIKES[name]) for build in PLACES.values()]
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}
    # When
    findings = scanner.scan_notebook(nb, "lookalike.ipynb")
    # Then
    assert [(list(PLACES)[f.cell_index], f.rule, f.preview) for f in findings] == []


@pytest.mark.parametrize("fmt", list(synth.SECRET_FORMATS))
def test_raw_value_appears_in_no_finding_field(scanner, fmt):
    # Given
    make, _ = synth.SECRET_FORMATS[fmt]
    value = make(random.Random(fmt))
    nb = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [PLACES[p](value) for p in PLACES],
    }
    # When
    findings = [f.to_dict() for f in scanner.scan_notebook(nb, "x.ipynb")]
    dumped = json.dumps([{**f, "context": ""} for f in findings])
    contexts = json.dumps([f["context"] for f in findings])
    # Then
    secret_parts = [p for p in _secret_parts(value) if len(p) >= 8]
    assert secret_parts and not [p for p in secret_parts if p in dumped]
    # and the masked line shows the rest of the line (a quoted SQL command, say), never the secret
    credentials = [p for p in secret_parts if " " not in p or p == value or p in value.splitlines()]
    assert credentials and not [p for p in credentials if p in contexts]


def _secret_parts(value):
    """The pieces a finding could leak: the value, its password part, each key line."""
    parts = [value] + [line for line in value.splitlines() if "-----" not in line]
    if "://" in value and "@" in value:
        parts.append(value.split("://", 1)[1].split("@", 1)[0].split(":", 1)[1])
    for quote in "\"'":
        if value.count(quote) >= 2:
            parts.append(max(value.split(quote)[1::2], key=len))
    return parts


@pytest.mark.parametrize(
    ("make", "valid"),
    [
        pytest.param(synth.github_classic_token, True, id="ghp-valid"),
        pytest.param(lambda r: synth.github_classic_token(r, "ghu_"), True, id="ghu-valid"),
        pytest.param(synth.npm_token, True, id="npm-valid"),
        pytest.param(synth.github_bad_checksum, False, id="ghp-bad-checksum"),
        pytest.param(lambda r: "ghp_" + "a1B2c3D4e5" * 3 + "000000", False, id="ghp-zero-check"),
        pytest.param(lambda r: "npm_" + synth.github_bad_checksum(r)[4:], False, id="npm-bad"),
    ],
)
def test_github_checksum_decides(scanner, make, valid):
    # Given
    rng = random.Random(5)
    token = make(rng)
    # When
    findings = scanner.scan_text(f"GITHUB_TOKEN = '{token}'\n", "t.py")
    # Then
    assert bool(findings) is valid


def test_github_checksum_matches_the_published_scheme():
    # Given: GitHub's CRC32 of the 30-char body, base62 (0-9A-Za-z), left-padded to 6
    from secure_check.detectors.secrets.filters import github_checksum_ok

    body = "0123456789abcdefghijABCDEFGHIJ"
    # When / Then
    assert github_checksum_ok("ghp_" + body + synth.github_checksum(body))
    assert not github_checksum_ok("ghp_" + body + "000000")


@pytest.mark.parametrize(
    ("text", "kind", "rules"),
    [
        # a keyword rule must not take a whole `name=None` assignment as the secret
        ("bench_none_password = password=None, username=None\n", "stream", []),
        ("run_password = password=null\n", "text/plain", []),
        ("pw = password=Xk9pQz7Lm2Vb,\n", "stream", ["password-assignment"]),
        # a random password may hold a dot: it is not a module path inside a URI
        ("db = 'postgresql://u:BXVnoXuFiM.ASHbW@db.internal/app'", "code", ["connection-uri"]),
        ("amqp://guest:Tq.8vZ2kLp0Wn@broker:5672/vhost\n", "stream", ["connection-uri"]),
        ("url = 'postgresql://user:config.password@host/db'", "code", []),
    ],
)
def test_nested_assignments_and_dotted_uri_passwords(text, kind, rules):
    from secure_check.core.notebook import Segment

    where = "source" if kind == "code" else "output"
    found = Scanner([SecretsAnalyzer()]).scan_segments([Segment(text, where, kind)], "x")
    assert [f.rule for f in found] == rules


def test_the_name_before_a_key_is_what_the_regex_it_replaced_found():
    import random
    import re

    from secure_check.detectors.secrets.rules import _name_before

    # Given random texts of name characters, blanks, quotes, line ends and a non-ASCII letter
    rng = random.Random(2)
    regex = re.compile(r"[\w.\-]*$")  # NOTE: quadratic: tried from each of the 40 places
    for _ in range(20000):
        text = "".join(rng.choices("ab.-_ ='\u00e91\n\n", k=rng.randint(0, 60)))
        start = rng.randint(0, len(text))
        # Then: the same run (a line end just before the key stepped over, as $ did)
        found = regex.search(text, max(0, start - 40), start)
        assert _name_before(text, start) == (found.group() if found else ""), (text, start)
