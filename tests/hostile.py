"""Adversarial notebooks of a chosen size: unclosed constructs and long runs, per pattern family.

Shared by the linearity test (tests/core/test_linear.py) and bench/hostile.py. Each case is a
function of a size in characters that returns a notebook whose one hostile text is about that
long, placed where the scanner reads it (source, stream, HTML output, error).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from secure_check.detectors.secrets.gate import CONTEXT_WORDS

Notebook = dict[str, Any]
DENSE = "dense-"  # families whose every few characters are a real finding


def _nb(cell: dict[str, Any]) -> Notebook:
    cell.setdefault("metadata", {})
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [cell]}


def in_source(text: str) -> Notebook:
    """A code cell whose source is ``text``."""
    return _nb({"cell_type": "code", "source": text, "outputs": [], "execution_count": 1})


def in_output(text: str, mime: str = "text/html") -> Notebook:
    """A code cell whose one display output is ``text`` under ``mime``."""
    out = {"output_type": "display_data", "data": {mime: text}, "metadata": {}}
    return _nb({"cell_type": "code", "source": "", "outputs": [out], "execution_count": 1})


def in_stream(text: str) -> Notebook:
    """A code cell whose stdout is ``text``."""
    out = {"output_type": "stream", "name": "stdout", "text": text}
    return _nb({"cell_type": "code", "source": "", "outputs": [out], "execution_count": 1})


def in_error(text: str) -> Notebook:
    """A code cell whose error output carries ``text`` in its traceback and value."""
    out = {"output_type": "error", "ename": "E", "evalue": text, "traceback": [text]}
    return _nb({"cell_type": "code", "source": "", "outputs": [out], "execution_count": 1})


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


def numbered(unit: str, size: int) -> str:
    """``unit`` formatted with 0, 1, 2...: no two context windows alike (none scanned once)."""
    parts, length = [], 0
    while length < size:
        parts.append(unit.format(len(parts)))
        length += len(parts[-1])
    return "".join(parts)


_MIXED = (
    "pass{0}='a'; secret{0} -> b --token{0} x ?&key{0}= basic username{0} A_KEY{0}: login( "
    "bearer token aws_secret{0}: password{0} a ibm_iam{0}=x cloudant{0} softlayer{0} "
    "private_key{0} == 'x' auth=('u', 'p{0}') client_secret{0}=\"y\"; "
)


def _families() -> dict[str, Callable[[int], Notebook]]:
    cases: dict[str, Callable[[int], Notebook]] = {
        "html-comment": lambda n: in_output("<!--" + _repeat("a <b> ", n)),
        "html-script": lambda n: in_output("<script>" + _repeat("var a = 1; ", n)),
        "html-table-email": lambda n: in_output("email <table>" + _repeat("<tr><td>x ", n)),
        "html-lt": lambda n: in_output(_repeat("<", n)),
        "html-attr": lambda n: in_output("<a href='" + _repeat("x=", n)),
        "html-tags": lambda n: in_output(_repeat("<script><style><!--", n)),
        # NOTE: tables: a header as wide as the page over many rows; cells asking for copies
        "html-wide-table": lambda n: in_output(
            "<table><tr>" + _repeat("<th>email", n // 2) + _repeat("<tr><td>x", n // 2)
        ),
        "html-colspan": lambda n: in_output(
            "<table><tr>" + _repeat("<th colspan=1000>email", n // 2) + _repeat("<tr><td>x", n // 2)
        ),
        "html-colspan-rows": lambda n: in_output("<table>" + _repeat("<tr><td colspan=1000>x", n)),
        # NOTE: many small tables, each with a column to profile
        "html-tables": lambda n: in_output(
            _repeat("<table><tr><th>email" + "<tr><td>a@b.co" * 3, n)
        ),
        "ansi-osc": lambda n: in_stream(_repeat("\x1b]0;", n)),
        "ansi-csi": lambda n: in_stream("\x1b[" + _repeat("1;", n)),
        "ansi-many": lambda n: in_stream(_repeat("\x1b[", n)),
        "ansi-error": lambda n: in_error(_repeat("\x1b]x", n)),
        "pipe-blanks": lambda n: in_source("|a|b|\n|---|---|\n" + _repeat(" ", n) + "x"),
        "pipe-rule": lambda n: in_source("|a|\n" + _repeat("|---", n) + "x"),
        "pipe-rules": lambda n: in_source("email\n" + _repeat("|---|---|\n", n)),
        "pipe-names": lambda n: in_source(
            "|" + numbered("email{}|", n // 2) + "\n|---|---|\n" + _repeat("|x\n", n // 2)
        ),
        "pipe-wide": lambda n: in_source(
            "|" + _repeat("email|", n // 2) + "\n|---|---|\n" + _repeat("|x\n", n // 2)
        ),
    }
    for word in CONTEXT_WORDS:
        cases[f"word-{word}"] = lambda n, w=word: in_source(_repeat(f"{w} ", n))
        cases[f"assign-{word}"] = lambda n, w=word: in_source(_repeat(f"{w}=", n))
        # NOTE: numbered, so that no two windows are alike (each is scanned, none reused)
        cases[f"spaced-{word}"] = lambda n, w=word: in_stream(numbered(w + "{} ", n))
        cases[f"keys-{word}"] = lambda n, w=word: in_stream(numbered(w + "{}= ", n))
    for word in ("pwd", "pass", "secret", "token"):
        # NOTE: in outputs keyword values are unquoted, so `pwd0=pwd1=...` is one long value.
        cases[f"chain-{word}"] = lambda n, w=word: in_stream(numbered(w + "{}=", n))
        cases[f"numbered-{word}"] = lambda n, w=word: in_source(numbered(w + "{}='a'; ", n))
    # NOTE: every literal some keyword rule or plugin needs, in one dense numbered run, so
    # that no rule is skipped by its need: the cost of running all of them on every window.
    cases["mixed-words"] = lambda n: in_source(numbered(_MIXED, n))
    # NOTE: an '@' after every few letters, no domain complete: every letter was a start
    cases["glued-emails"] = lambda n: in_stream(numbered("a{0}@b.co", n))
    cases["run-'a'-at"] = lambda n: in_source(_repeat("a", n) + "@")
    # NOTE: every quoted number is a candidate of the entropy plugins (each once graded)
    cases["auth-tuples"] = lambda n: in_source(numbered("auth=('{0}', ", n))
    cases["mixed-words-stream"] = lambda n: in_stream(numbered(_MIXED, n))
    # NOTE: an HTML output is read twice, as text and as markup (its text blanked)
    cases["html-mixed-words"] = lambda n: in_output(numbered(_MIXED, n))
    cases["html-keys-pwd"] = lambda n: in_output(numbered("pwd{0}= ", n))
    cases["html-quoted-pass"] = lambda n: in_output(numbered("pass{0}='x{0}' ", n))
    # NOTE: findings, not traps: one real finding every 16 characters, each validated (the
    # phone library) and reported; bench/hostile.py gives their cost per finding apart.
    cases[f"{DENSE}email"] = lambda n: in_stream(numbered("user{}@mail.org ", n))
    cases[f"{DENSE}secret"] = lambda n: in_source(
        numbered('token{0} = "Xk7pQ2vLm9Rt4wZ8Ab3{0}"\n', n)
    )
    # NOTE: the same on one line: each value's place is graded in the line around it
    cases[f"{DENSE}secret-line"] = lambda n: in_stream(
        numbered('token{0}="Xk7pQ2vLm9Rt4wZ8Ab3{0}"; ', n)
    )
    cases[f"{DENSE}phone"] = lambda n: in_stream(numbered("+1 415 555 {:04d} ", n))
    # NOTE: back-to-back small tables, each a PII column finding (once quadratic: 81 s/MB)
    cases[f"{DENSE}pipe-tables"] = lambda n: in_source(
        _repeat("|email|b|\n|---|---|\n" + "|a@b.co|\n" * 3, n)
    )
    # NOTE: no two tables alike (no profile is reused) and no end tags. The first has three
    # distinct e-mails per table, each a finding past the 500 profiled tables; the second
    # has none (a column named email that holds none).
    cases[f"{DENSE}html-tables"] = lambda n: in_output(
        numbered("<table><tr><th>email<tr><td>a{0}@b.co<tr><td>b{0}@c.co<tr><td>c{0}@d.co", n)
    )
    cases["html-tables-distinct"] = lambda n: in_output(
        numbered("<table><tr><th>email<tr><td>a{0}<tr><td>b{0}-x<tr><td>c{0}.z", n)
    )
    cases[f"{DENSE}ipv4"] = lambda n: in_stream(
        "".join(f"93.{i // 250 % 250}.{i % 250}.{i % 199 + 1} " for i in range(n // 14))
    )
    for unit in ("a", "A", "0", "f", "/", "=", "-", "_", ".", "@", "+", ":", "'", '"', "\\", " "):
        cases[f"run-{unit!r}"] = lambda n, u=unit: in_source(_repeat(u, n))
        cases[f"html-run-{unit!r}"] = lambda n, u=unit: in_output(_repeat(u, n))
    for unit in ("x@", "a.", "a@b.", "1-", "1 ", "(1", "+1", "19", "-----BEGIN ", "://", "a:b@"):
        cases[f"pii-{unit!r}"] = lambda n, u=unit: in_source(_repeat(u, n))
    return cases


def _prefix_families() -> dict[str, Callable[[int], Notebook]]:
    """Long repetitions of each secret rule's gate literal (its prefix or keyword)."""
    from secure_check.detectors.secrets.analyzer import ANCHORED_RULES
    from secure_check.detectors.secrets.bridge import DetectSecretsBridge

    literals = {g for r in ANCHORED_RULES for g in r.gate}
    literals |= set(DetectSecretsBridge().gate_literals())
    cases: dict[str, Callable[[int], Notebook]] = {}
    for literal in sorted(literals):
        cases[f"prefix-{literal}"] = lambda n, w=literal: in_source(_repeat(w, n))
        cases[f"prefix-word-{literal}"] = lambda n, w=literal: in_source(_repeat(f"{w}a ", n))
    return cases


def families() -> dict[str, Callable[[int], Notebook]]:
    """Every adversarial case by name: each returns a notebook of about ``n`` hostile chars."""
    return {**_families(), **_prefix_families()}
