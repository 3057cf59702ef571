"""Reports: SARIF validates against the 2.1.0 schema, HTML is self-contained, nothing leaks."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from secure_check.batch.paths import scan_paths
from secure_check.cli.main import main
from secure_check.core.findings import Finding, Severity
from secure_check.core.redact import fingerprint
from secure_check.core.scan import FileResult
from secure_check.reports import ERR_UNKNOWN_FORMAT, FORMATS, render, to_json_dict
from secure_check.reports.sarif import FINGERPRINT_KEY, SRCROOT

SARIF_SCHEMA = Path(__file__).parents[1] / "data" / "sarif-schema-2.1.0.json"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def parse_tags(page: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """The real tags of ``page`` (escaped text is not a tag)."""
    parser = _Tags()
    parser.feed(page)
    return parser.tags


def finding(path: str = "a.ipynb", cell: int | None = 2, severity: str = "high", **kw) -> Finding:
    base = dict(
        path=path,
        cell_index=cell,
        cell_id="abc" if cell is not None else None,
        where="output",
        output_index=1,
        line=3,
        column=7,
        category="secret",
        rule="github-token",
        severity=Severity(severity),
        confidence=0.9,
        fingerprint="sc1:abcdef",
        preview="ghp_****9XyZ",
        message="GitHub token",
    )
    base.update(kw)
    return Finding(**base)


@pytest.fixture(scope="module")
def sarif_validator():
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


@pytest.fixture
def scanned(leaky_nb, clean_nb, tmp_path):
    """A real scan of leaky + clean + one truncated notebook (paths relative to repo/)."""
    (leaky_nb.parent / "cut.ipynb").write_text('{"cells": [', encoding="utf-8")
    results, root = scan_paths([str(leaky_nb.parent)], jobs=1, progress=False)
    return results, root


def test_sarif_of_a_real_scan_validates_and_locates_cells(scanned, sarif_validator, monkeypatch):
    # Given: CI runs from the directory above the scanned folder
    results, root = scanned
    monkeypatch.chdir(Path(root).parent)
    # When
    log = json.loads(render(results, "sarif", seconds=1.0, root=root))
    # Then
    sarif_validator.validate(log)
    run = log["runs"][0]
    findings = [f for r in results for f in r.findings]
    assert len(run["results"]) == len(findings) > 0
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert len(rule_ids) == len(set(rule_ids)) == len({f.rule for f in findings})
    assert all(r["help"]["text"] for r in run["tool"]["driver"]["rules"])
    for res, f in zip(run["results"], findings, strict=True):
        loc = res["locations"][0]
        assert loc["physicalLocation"]["artifactLocation"] == {
            "uri": f"repo/{f.path}",
            "uriBaseId": SRCROOT,
        }
        assert loc["physicalLocation"]["region"]["startLine"] == f.line
        assert loc["logicalLocations"][0]["name"] == (
            f"cell[{f.cell_index}]" if f.cell_index is not None else f.where
        )
        assert res["partialFingerprints"][FINGERPRINT_KEY] == f.fingerprint
        assert rule_ids[res["ruleIndex"]] == res["ruleId"] == f.rule
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert run["invocations"][0]["executionSuccessful"] is False
    assert [n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in notes] == [
        "repo/cut.ipynb"
    ]


@pytest.mark.parametrize(
    ("severity", "level"), [("high", "error"), ("medium", "warning"), ("low", "note")]
)
def test_sarif_level_and_suppression(severity, level, sarif_validator):
    # Given
    accepted = finding(severity=severity, accepted=True)
    # When
    log = json.loads(
        render([FileResult("a.ipynb", [accepted, finding(severity=severity)])], "sarif", seconds=0)
    )
    # Then
    sarif_validator.validate(log)
    results = log["runs"][0]["results"]
    assert [r["level"] for r in results] == [level, level]
    assert results[0]["suppressions"][0]["kind"] == "external"
    assert "suppressions" not in results[1]
    assert "cell 2 (id abc), output 1, line 3" in results[1]["message"]["text"]


def test_sarif_outside_the_working_directory_uses_file_uris(tmp_path, monkeypatch, sarif_validator):
    monkeypatch.chdir(tmp_path)
    log = json.loads(
        render(
            [FileResult("a b.ipynb", [finding(path="a b.ipynb")])],
            "sarif",
            seconds=0,
            root="/opt/nb",
        )
    )
    sarif_validator.validate(log)
    assert log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "file:///opt/nb/a%20b.ipynb"
    }


def test_json_report_shape_and_stats():
    # Given
    results = [
        FileResult(
            "a.ipynb",
            [finding(), finding(cell=None, where="metadata", accepted=True)],
            None,
            5,
            1000,
        ),
        FileResult("b.ipynb", [], "not a JSON document: Expecting value at line 1 column 1"),
    ]
    # When
    doc = to_json_dict(results, seconds=1.23456)
    # Then
    assert doc["schema"] == "secure-check/scan@1"
    assert doc["tool"]["name"] == "secure-check"
    assert doc["stats"] == {
        "notebooks": 1,
        "cells": 5,
        "bytes": 1000,
        "seconds": 1.235,
        "findings": 2,
        "accepted": 1,
        "errors": 1,
    }
    assert [Finding.from_dict(f) for f in doc["findings"]] == results[0].findings
    assert doc["errors"] == [{"path": "b.ipynb", "error": results[1].error}]


def test_html_is_self_contained_grouped_and_escaped():
    # Given: a path and message holding markup
    results = [
        FileResult(
            "x<script>alert(1)</script>.ipynb",
            [finding(path="x", message="<img src=http://e.vil/x>")],
            None,
            3,
            10,
        ),
        FileResult(
            "dir/b.ipynb",
            [finding(cell=4, severity="low"), finding(cell=4, severity="medium")],
            None,
            5,
            10,
        ),
        FileResult("bad.ipynb", [], "not a JSON document: <oops>"),
    ]
    # When
    page = render(results, "html", seconds=0.5)
    # Then
    tags = parse_tags(page)
    assert not {"script", "link", "img", "iframe", "object", "embed"} & {t for t, _ in tags}
    urls = [v for _, attrs in tags for k, v in attrs if k in ("src", "href", "action")]
    assert not [u for u in urls if re.match(r"\s*(https?:)?//", u or "")]
    assert "x&lt;script&gt;alert(1)&lt;/script&gt;.ipynb" in page
    assert "&lt;img src=http://e.vil/x&gt;" in page
    assert page.count("<details open>") == 2
    assert page.count('<div class="cell">cell 4 (id abc)</div>') == 1
    assert "sev-low" in page and "sev-medium" in page and "sev-high" in page
    assert "not a JSON document: &lt;oops&gt;" in page


def test_text_table_has_a_row_per_finding_and_a_summary():
    results = [
        FileResult(
            "nb.ipynb",
            [finding("nb.ipynb"), finding("nb.ipynb", severity="low", accepted=True)],
            None,
            4,
            10,
        )
    ]
    lines = render(results, "text", seconds=0.25).splitlines()
    header = ["path", "cell", "where", "line", "rule", "severity", "preview", "message"]
    assert lines[0].split() == header
    assert lines[2].split() == [
        "nb.ipynb",
        "2",
        "output[1]",
        "3",
        "github-token",
        "high",
        "ghp_****9XyZ",
        "GitHub",
        "token",
    ]
    assert "(accepted)" in lines[3]
    assert lines[-1].startswith(
        "2 findings (1 high, 0 medium, 1 low; 1 accepted) in 1 file, 4 cells"
    )


def test_unknown_format_is_a_clear_error():
    with pytest.raises(ValueError, match=re.escape(ERR_UNKNOWN_FORMAT.split("{")[0])):
        render([], "xml", seconds=0)  # type: ignore[arg-type]


def test_no_planted_raw_value_appears_in_any_output(capsys, leaky_nb, planted, tmp_path):
    # Given: every report format written by the CLI, plus its stdout and stderr
    texts = []
    for fmt in FORMATS:
        out = tmp_path / f"report.{fmt}"
        main(["scan", str(leaky_nb.parent), "--format", fmt, "--output", str(out), "--no-progress"])
        texts.append(out.read_text(encoding="utf-8"))
    main(["scan", str(leaky_nb.parent), "--no-progress"])
    captured = capsys.readouterr()
    texts += [captured.out, captured.err]
    # Then: the planted values were found ...
    report = json.loads(texts[list(FORMATS).index("json")])
    found = {f["fingerprint"] for f in report["findings"]}
    for key in ("github", "email", "card"):
        assert fingerprint(planted[key]) in found, key
    assert {f["category"] for f in report["findings"]} == {"secret", "pii"}
    # ... and no raw value (nor the password inside the DB URI) appears anywhere
    password = planted["postgres"].split("://", 1)[1].split("@", 1)[0].split(":", 1)[1]
    for text in texts:
        for value in [*planted.values(), password]:
            assert value not in text


def test_html_report_shows_the_masked_line_and_the_panels_fix_text(tmp_path: Path) -> None:
    import random

    import markupsafe

    from secure_check.core.scan import Scanner
    from secure_check.reports.rules import advice
    from synth_secrets import github_classic_token

    token = github_classic_token(random.Random(9))
    (tmp_path / "deploy.sh").write_text(f"#!/bin/sh\nexport GITHUB_TOKEN={token}  # ci\n")
    result = Scanner().scan_file(tmp_path / "deploy.sh", "deploy.sh")
    page = render([result], "html", seconds=0.1)
    assert '<code class="context">export GITHUB_TOKEN=ghp_' in page and token not in page
    fix = advice("github-token", "secret")["fix"]
    assert fix and str(markupsafe.escape(fix)) in page  # NOTE: as the report's Jinja2 escapes
