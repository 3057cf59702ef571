"""Column findings on real pandas DataFrame outputs: HTML, text reprs, Series, big tables."""

import json

import pandas as pd
import pytest

import synth_pii
from secure_check.core.findings import Hit, Severity
from secure_check.core.scan import Scanner
from secure_check.detectors.pii.analyzer import PIIAnalyzer, _uncovered
from secure_check.detectors.pii.tables import pipe_tables


@pytest.fixture(scope="module")
def scanner():
    return Scanner([PIIAnalyzer()])


@pytest.fixture(scope="module")
def customers():
    return pd.DataFrame(synth_pii.people(1000, seed=5))


def _cell(data):
    output = {"output_type": "execute_result", "execution_count": 1, "metadata": {}, "data": data}
    return {"cell_type": "code", "source": "df", "outputs": [output], "metadata": {}}


def _scan(scanner, *cells):
    return scanner.scan_notebook({"cells": list(cells), "metadata": {}}, "t.ipynb")


def _columns(findings):
    return sorted((f.message.split("'")[1], f.kind) for f in findings if f.rule == "pii-column")


@pytest.mark.parametrize(
    "render",
    [
        pytest.param(lambda df: {"text/html": df.to_html()}, id="to_html"),
        pytest.param(lambda df: {"text/html": df._repr_html_()}, id="repr_html"),
        pytest.param(lambda df: {"text/plain": repr(df)}, id="repr"),
        pytest.param(lambda df: {"text/plain": df.to_string()}, id="to_string"),
        pytest.param(lambda df: {"text/html": df._repr_html_(), "text/plain": repr(df)}, id="both"),
    ],
)
def test_each_pii_column_is_one_finding(scanner, customers, render):
    # Given: a 1,000-row customer table shown the ways pandas shows it
    head = customers[["email", "phone", "ssn"]].head(60)
    # When
    findings = _scan(scanner, _cell(render(head)))
    # Then: one finding per PII column whatever the rows, no per-value findings from the table
    names = [c for c, _ in _columns(findings)]
    assert len(names) == len(set(names))
    assert {"email", "ssn"} <= set(names)
    assert [f for f in findings if f.rule in ("email", "us-ssn")] == []


def test_a_thousand_rows_give_one_finding_per_column(scanner, customers):
    # When
    with pd.option_context("display.max_rows", 2000, "display.max_columns", 20):
        findings = _scan(scanner, _cell({"text/html": customers.to_html()}))
    # Then
    assert len(findings) == 8
    assert _columns(findings) == sorted((c, "text/html") for c in customers.columns)


def test_column_message_names_column_kind_and_share_but_no_value(scanner, customers):
    # When
    findings = _scan(scanner, _cell({"text/html": customers.head(20).to_html()}))
    by_column = {f.message.split("'")[1]: f for f in findings}
    # Then
    assert by_column["email"].message == (
        "column 'email' holds e-mail addresses: 100% of 20 sampled values match "
        "(found by header and values)"
    )
    dumped = json.dumps([f.to_dict() for f in findings])
    assert not any(v in dumped for col in customers.columns for v in customers[col].head(20))


def test_series_repr_is_a_column(scanner, customers):
    # When
    findings = _scan(scanner, _cell({"text/plain": repr(customers["email"].head(30))}))
    # Then
    assert _columns(findings) == [("email", "text/plain")]


def test_printed_frame_in_a_stream_is_a_column(scanner, customers):
    # Given
    frame = customers[["email", "ssn"]].head(12)
    stream = {"output_type": "stream", "name": "stdout", "text": f"{frame}\n"}
    cell = {"cell_type": "code", "source": "print(df)", "outputs": [stream], "metadata": {}}
    # When
    findings = _scan(scanner, cell)
    # Then
    assert ("email", "stream") in _columns(findings)


def test_a_free_text_column_keeps_its_single_values(scanner):
    # Given: one e-mail in a notes column is a value finding, not a column finding
    frame = pd.DataFrame({"notes": ["ok", "write to ann.lee@gmail.com", "late", "fine"]})
    # When
    findings = _scan(scanner, _cell({"text/html": frame.to_html()}))
    # Then
    assert [f.rule for f in findings] == ["email"]


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame(
            {"Name": ["Braund, Mr. Owen Harris", "Heikkinen, Miss. Laina"], "Age": [22, 26]}
        ),
        pd.DataFrame(
            {"first_name": ["Alex", "Amy", "Allen"], "last_name": ["Anderson", "Ackerman", "Ali"]}
        ),
        pd.DataFrame({"name": ["Bulbasaur", "Charmander"], "hp": [45, 39]}),
        pd.DataFrame({"station": ["A1", "B2"], "min_temperature": [-3.5, 1.25]}),
    ],
)
def test_public_name_tables_alone_are_not_findings(scanner, frame):
    # When: names with no contact or identifying column beside them (Titanic, baby names)
    findings = _scan(scanner, _cell({"text/html": frame.to_html(), "text/plain": repr(frame)}))
    # Then
    assert findings == []


@pytest.mark.parametrize("columns", [["name", "address"], ["name", "email"], ["address", "ssn"]])
def test_names_or_addresses_beside_other_personal_data_are_findings(scanner, customers, columns):
    # When
    frame = customers[columns].head(8)
    findings = _scan(scanner, _cell({"text/html": frame.to_html()}))
    # Then
    assert sorted(c for c, _ in _columns(findings)) == sorted(columns)


def test_names_beside_contact_data_are_findings(scanner, customers):
    # When
    frame = customers[["name", "address", "email"]].head(10)
    findings = _scan(scanner, _cell({"text/html": frame.to_html()}))
    # Then
    assert [k for _, k in _columns(findings)] == ["text/html"] * 3
    assert {f.message.split(" holds ")[1].split(":")[0] for f in findings} == {
        "person names",
        "street addresses",
        "e-mail addresses",
    }


@pytest.mark.parametrize(("spanned", "name"), [(False, "email"), (True, "data")])
def test_a_wide_frame_is_read_to_its_last_column(scanner, customers, spanned, name):
    # Given: 300 numeric columns, then e-mails in the last one
    rows = customers.head(100).reset_index(drop=True)
    frame = pd.DataFrame({f"n{i}": range(100) for i in range(300)}).assign(email=rows["email"])
    if spanned:  # NOTE: a MultiIndex header: one <th colspan=301> over all the columns
        frame.columns = pd.MultiIndex.from_tuples([("data", c) for c in frame.columns])
    # When
    findings = _scan(scanner, _cell({"text/html": frame.to_html()}))
    # Then: the top header row names the column (the spanning cell reaches the last one)
    assert _columns(findings) == [(name, "text/html")]


@pytest.mark.parametrize("render", [lambda df: df.to_html(), lambda df: repr(df)])
def test_a_named_index_is_a_column_too(scanner, customers, render):
    # Given: SSNs moved into the index
    frame = customers[["ssn", "email"]].head(8).set_index("ssn")
    mime = "text/html" if render is not None and "<" in render(frame) else "text/plain"
    # When
    findings = _scan(scanner, _cell({mime: render(frame)}))
    # Then
    assert [c for c, _ in _columns(findings)] == ["email", "ssn"]
    assert [f for f in findings if f.rule == "us-ssn"] == []


@pytest.mark.parametrize("render", [lambda df: df.to_html(), lambda df: df.to_string()])
def test_describe_tables_are_statistics_not_records(scanner, customers, render):
    # Given: describe() of a customer table (its top e-mail, a dob row of counts...)
    stats = customers[["email", "phone", "date_of_birth"]].describe()
    # When
    findings = _scan(
        scanner, _cell({"text/html" if "<" in render(stats) else "text/plain": render(stats)})
    )
    # Then
    assert [f for f in findings if f.rule == "pii-column"] == []


def test_column_fingerprints_tell_tables_apart_but_not_their_two_forms(scanner, customers):
    # Given: two different customer tables, each shown as HTML and as text
    first, second = customers.head(8)[["email", "ssn"]], customers.tail(8)[["email", "ssn"]]
    # When
    one = _scan(scanner, _cell({"text/html": first.to_html(), "text/plain": repr(first)}))
    two = _scan(scanner, _cell({"text/html": second.to_html()}))
    again = _scan(scanner, _cell({"text/plain": repr(first)}))
    # Then
    assert len(one) == 2
    assert {f.fingerprint for f in one} == {f.fingerprint for f in again}
    assert not {f.fingerprint for f in one} & {f.fingerprint for f in two}


def test_markdown_pipe_tables_are_profiled_by_column(scanner, customers):
    # Given: a customer table pasted into a markdown cell
    rows = customers[["name", "email", "phone"]].head(6).itertuples(index=False)
    table = "| name | email | phone |\n|---|:---:|---|\n" + "".join(
        f"| {n} | {e} | {p} |\n" for n, e, p in rows
    )
    cell = {"cell_type": "markdown", "source": "Customers:\n\n" + table, "metadata": {}}
    # When
    findings = scanner.scan_notebook({"cells": [cell], "metadata": {}}, "m.ipynb")
    # Then
    assert sorted(f.message.split("'")[1] for f in findings) == ["email", "name", "phone"]
    assert {f.rule for f in findings} == {"pii-column"}


def test_pipe_tables_printed_back_to_back_are_two_tables():
    # Given: two to_markdown() prints with no blank line between, a header name inside another
    text = "| first_name | name |\n|---|---|\n| a | b |\n| email | x |\n|---|---|\n| c@d.e | y |"
    # When
    tables = list(pipe_tables(text))
    # Then: the first body stops at the second header; each name points at its own cell
    assert [[(c.header, c.values) for c in t] for t in tables] == [
        [("first_name", ["a"]), ("name", ["b"])],
        [("email", ["c@d.e"]), ("x", ["y"])],
    ]
    assert tables[0][1].offset == text.index("| name |") + 2
    assert tables[1][1].offset == text.index("| x |") + 2


def test_a_one_row_key_value_table_keeps_its_value_findings(scanner):
    # Given
    cell = {"cell_type": "markdown", "metadata": {},
            "source": "| field | value |\n|---|---|\n| contact | 223.120.43.183 |\n"}  # fmt: skip
    # When
    findings = scanner.scan_notebook({"cells": [cell], "metadata": {}}, "m.ipynb")
    # Then
    assert [(f.rule, f.line) for f in findings] == [("ip-address", 3)]


def test_pii_column_finding_carries_structured_fields():
    # Given a customer table with first/last name parts and e-mails
    from secure_check.core.scan import Scanner

    rows = [
        ("ann", "lee", "ann.lee@mailbox.org"),
        ("bob", "stone", "bstone@fastmail.com"),
        ("maria", "garcia", "mgarcia@posteo.de"),
        ("james", "smith", "jsmith@gmx.net"),
    ]
    text = f"   {'first':>6}  {'last':>6}  {'email':>20}\n" + "\n".join(
        f"{i}  {a:>6}  {b:>6}  {c:>20}" for i, (a, b, c) in enumerate(rows)
    )
    # When scanned as a DataFrame's text output
    found = [f for f in Scanner().scan_text(text, kind="text/plain") if f.rule == "pii-column"]
    # Then each column finding names its kind, rows and share as fields, and holds no value
    details = {f.details["column"]: f.details for f in found}
    assert details["first"]["pii_kind"] == "person-name"
    assert details["email"]["pii_kind"] == "email"
    assert details["email"]["rows_matched"] == 4 and details["email"]["share"] == 1.0
    assert "ann" not in str([f.to_dict() for f in found]).lower().replace("ann.", "")


def test_values_shown_in_a_covered_column_are_not_reported_again():
    # Given: two cells a PII column covered, and e-mails inside and outside them
    text = "ann@x.io bob@x.io ann@x.io eve@x.io"
    hits = [
        Hit("email", "pii", m, m + 8, text[m : m + 8], Severity.MEDIUM, 0.9, "e-mail")
        for m in (0, 9, 18, 27)
    ]
    covered = "\x00".join(["ann@x.io", "Bob <bob@x.io>"])
    # When
    kept = _uncovered(hits, text, covered)
    # Then: a whole cell or a part of one is covered; the rest is kept
    assert [h.start for h in kept] == [27]


def test_an_output_of_many_tables_profiles_the_first_and_reads_every_cell():
    from secure_check.core.scan import Scanner
    from secure_check.detectors.pii.analyzer import MAX_TABLES

    # Given one output printing more small customer tables than are profiled as columns
    extra = 20
    tables = "".join(
        f"|email|n|\n|---|---|\n|ann.lee{i}@mail.org|1|\n|bo.li{i}@mail.org|2|\n"
        f"|cy.ng{i}@mail.org|3|\n"
        for i in range(MAX_TABLES + extra)
    )
    found = Scanner().scan_text(tables, kind="markdown")
    rules = [f.rule for f in found]
    # Then the first tables are one column finding each, and no address of the rest is missed
    assert rules.count("pii-column") == MAX_TABLES
    assert rules.count("email") == 3 * extra
