"""Value rules of the PII analyzer: positives and look-alikes per rule, normalisation, severity."""

import json

import pytest

import synth_pii
from secure_check.core.findings import Severity
from secure_check.core.scan import Scanner
from secure_check.detectors.pii.analyzer import VALUE_RULES, PIIAnalyzer
from secure_check.detectors.pii.bank import find_cards

RULES = sorted(synth_pii.POSITIVES)


@pytest.fixture(scope="module")
def scanner():
    return Scanner([PIIAnalyzer()])


def _rules(scanner, text, kind="code"):
    return [f.rule for f in scanner.scan_text(text, "t.ipynb", kind)]


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize(
    "template",
    ["value = {v!r}", "print('record:', {v!r})", "Contact record: {v} (updated)", "| {v} |"],
)
def test_every_synthetic_positive_is_found_in_context(scanner, rule, template):
    # Given
    values = synth_pii.positives(rule, 40, seed=7)
    # When
    missed = [v for v in values if rule not in _rules(scanner, template.format(v=v))]
    # Then
    assert missed == []


@pytest.mark.parametrize(
    ("family", "text"),
    [(family, text) for family, texts in sorted(synth_pii.LOOKALIKES.items()) for text in texts],
)
def test_lookalikes_are_not_findings(scanner, family, text):
    # When
    found = _rules(scanner, text, "markdown") + _rules(scanner, f"x = {text!r}")
    # Then
    assert found == [], family


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Call (415) 555-2671 or 415.555.2671 tomorrow", "phone"),
        ("tel: 020 7946 0018", "phone"),
        ("ssn 123 45 6780", "us-ssn"),
        ("SSN: 234567891", "us-ssn"),
        ("card 4539578763621486", "credit-card"),
        ("born on March 3rd, 1984", "date-of-birth"),
        ("DOB: 12/31/1970", "date-of-birth"),
        ("client 2a03:2880:f12f:83:face:b00c:0:25de connected", "ip-address"),
        ("Aadhaar 2345 6789 0124", "national-id"),
        ("NINO: JG 10 37 58 A", "national-id"),
        ("CONTACT_PHONE=+34 810 63 60 93", "phone"),
        ("Using contact_phone=+5511918243454", "phone"),
        ("write to mailto:ann.lee@gmail.com", "email"),
        ('{"name": "Ann Lee", "date_of_birth": "1985-03-12T00:00:00"}', "date-of-birth"),
        ("host edd8:ed22:ac69:572a:435b:274f:7342:b77 answered", "ip-address"),
        ("card_number = '3519718038571308'", "credit-card"),
        ("card_number = '501838239298'", "credit-card"),
        ("+49 (0) 30 901820", "phone"),
        ("Ann Lee, 1985-03-12", "date-of-birth"),
        ("Dr. Maria Garcia (12/03/1970)", "date-of-birth"),
    ],
)
def test_labelled_and_written_forms(scanner, text, rule):
    assert rule in _rules(scanner, text, "markdown")


@pytest.mark.parametrize(
    "text",
    [
        "loss: 0.4539578763621486",  # a float's digits are no card
        "ids = [4539578763621486, 4916338506082832, 5105105105105106]",  # a numeric array
        "printed 201 555 0123 rows",  # spaced digits need a phone label
        "pip: Requirement already satisfied: torch in site-packages (11.4.5.107)",
        "Connecting to huggingface.co (huggingface.co)|44.195.102.200|:443... connected.",
        "DLAAS_URL=http://169.48.201.210:30020",
        "GCP_LOGIN_NAME=google-cloud-customer@gmail.com  # CHANGE THIS",
        "contact us at permissions@oreilly.com",
        "x = W@self.weights.T",
        "the wall fell on 1989-11-09",
        "ssn_like = '912-34-5678'",
        "firewall allows 35.191.0.0/16 and 130.211.0.0/22",
        "DE89 3704 0044 0532 0130 00 is the documentation IBAN",
        "Stripe test card 4242 4242 4242 4242",
        "DATABASE_URL = 'postgresql://dkaxke:CvRFEIHffu~yXzIE@ksycclg.acme-corp.com:5432/db'",
        "redis://:y5h15iwEpA~RHcTV@wlyqqks.rds.amazonaws.com:6379/0",
        "https://oneljf:PvUYVAyaA5.IIZVR@woybsdnm.acme-corp.com/api",
        "Author-email: Ann Lee <ann.lee@gmail.com>",
        ":Donor: Michael Marshall (MARSHALL%PLU@io.arc.nasa.gov)",  # sklearn's iris DESCR
        "eth0 ether 00:1a:2b:3c:4d:5e txqueuelen 1000 at 12:34:56",
        "Mozilla/5.0 (Windows NT 11.0; nl-BE; rv:1.9.2.20) Gecko/20100101 Firefox/3.8",
        "barcode 4193995464806",
        "resolve('google.com') == ('1.2.3.4', 80) or 4.4.4.4",
        "ssn : 111-22-3333",
        "Ann Lee, 2023-03-12",  # a recent date beside a name is an event, not a birth
        "0  John Smith  1962-07-21  42",  # a table row: a name column and a date column
        "Release Notes, 1985-03-12",
        "   phone  1.000000  0.439269  0.424525",
        "fe80::1ff:fe23:4567:890a%eth0 and ::ffff:10.8.4.5",
        "!ssh -i key.pem ubuntu@ec2-3-91-12-7.compute-1.amazonaws.com",
        "# Copyright (c) 2021 Ann Lee <ann.lee@gmail.com>",
        "libcudnn8 8.0.5.39-1+cuda11.1 is to be installed",
        "NAME  INTERNAL_IP  EXTERNAL_IP   STATUS\nvm-1  10.128.0.2   34.123.45.67  RUNNING",
    ],
)
def test_precision_negatives(scanner, text):
    assert _rules(scanner, text, "stream") == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("card 4539 5787 6362 1486 12x", (5, 24)),  # a fifth group glued to a word is left off
        ("card 4539 5787 6362 1486 123", (5, 28)),  # a 19-digit card printed in five groups
        ("card 4539-5787-6362-1486-12x", None),  # a dash then digits: part of a longer code
        ("card 4539-5787-6362-1486.", (5, 24)),
        ("card 4539578763621486.5", None),
        ("card 4539578763621486. ok", (5, 21)),
        ("card 3714 496353 90008 ok", (5, 22)),  # amex grouping 4-6-5
        ("card 3714 496353 900081", None),
        ("card " + "0" * 24 + "4539578763621486", None),  # the tail of a long digit run
    ],
)
def test_card_number_boundaries(text, span):
    # NOTE: the card pattern's digit runs are possessive (linear on long runs); these pin down
    # that giving digits back was never what made a match.
    found = [(start, end) for start, end, _v, _c in find_cards(text)]
    assert found == ([span] if span else [])


def test_regex_lesson_emails_are_sample_input(scanner):
    # Given: a cell that demonstrates a regular expression on made-up addresses
    cell = {
        "cell_type": "code",
        "source": "email = re.compile(r'\\w+@\\w+\\.com')\nemail.findall('ann.lee@gmail.com')",
        "outputs": [
            {"output_type": "execute_result", "data": {"text/plain": "['ann.lee@gmail.com']"}}
        ],
    }
    plain = {"cell_type": "code", "source": "owner = 'ann.lee@gmail.com'", "outputs": []}
    output = {"output_type": "execute_result", "data": {"text/plain": "['ann.lee@gmail.com']"}}
    filtered = {
        "cell_type": "code",
        "source": "df[df.email.str.match('.*gmail')]",
        "outputs": [output],
    }
    # When
    demo = scanner.scan_notebook({"cells": [cell], "metadata": {}}, "n.ipynb")
    real = scanner.scan_notebook({"cells": [plain, filtered], "metadata": {}}, "n.ipynb")
    # Then: a cell that filters real data with a regex still shows real addresses
    assert demo == []
    assert [(f.rule, f.where) for f in real] == [("email", "source"), ("email", "output")]


@pytest.mark.parametrize(
    ("rule", "forms"),
    [
        ("credit-card", ["4539 5787 6362 1486", "4539-5787-6362-1486", "card: 4539578763621486"]),
        ("email", ["Ann.Lee@GMail.com", "ann.lee@gmail.com"]),
        ("iban", ["GB83 TIXL 8073 0215 7368 19", "GB83TIXL80730215736819"]),
        ("phone", ["+44 20 7946 0018", "+442079460018", "+44-20-7946-0018"]),
    ],
)
def test_fingerprints_match_across_written_forms(scanner, rule, forms):
    # When
    prints = {f.fingerprint for text in forms for f in scanner.scan_text(text) if f.rule == rule}
    # Then
    assert len(prints) == 1


def test_severity_per_rule(scanner):
    # Given
    expected = {"us-ssn": Severity.HIGH, "credit-card": Severity.HIGH, "iban": Severity.HIGH,
                "national-id": Severity.HIGH, "email": Severity.MEDIUM, "phone": Severity.MEDIUM,
                "date-of-birth": Severity.MEDIUM, "ip-address": Severity.LOW,
                "person-name": Severity.MEDIUM, "street-address": Severity.MEDIUM}  # fmt: skip
    # When
    found = {}
    for rule in RULES:
        for f in scanner.scan_text(synth_pii.positives(rule, 1, seed=2)[0], kind="markdown"):
            found[f.rule] = f.severity
    # Then (a positive with a name beside it also gives person-name)
    assert set(RULES) <= set(found) and found.items() <= expected.items()
    assert {rule: sev for rule, (_, sev, _) in VALUE_RULES.items()} == expected


def test_no_raw_value_in_any_finding_field(scanner):
    # Given
    values = [v for rule in RULES for v in synth_pii.positives(rule, 5, seed=3)]
    text = "\n".join(f"row {i}: {v}" for i, v in enumerate(values))
    # When
    findings = scanner.scan_text(text, "planted.ipynb", "markdown")
    dumped = json.dumps([f.to_dict() for f in findings])
    # Then
    assert len(findings) >= len(values)
    leaked = [v for v in values if v in dumped or v.split(": ")[-1] in dumped]
    assert leaked == []
    assert all(f.fingerprint.startswith("sc1:") and "*" in f.preview for f in findings)


def test_attachment_names_are_read_without_their_extension(scanner):
    # Given: an image attached to a markdown cell, named after a person's tax code
    cell = {"cell_type": "markdown", "source": "scan", "metadata": {},
            "attachments": {"Codice Fiscale: HPEDRS02A25T752F.png": {"image/png": ""}}}  # fmt: skip
    # When
    findings = scanner.scan_notebook({"cells": [cell], "metadata": {}}, "a.ipynb")
    # Then
    assert [(f.rule, f.kind, f.message) for f in findings] == [
        ("national-id", "attachment", "national identifier (valid checksum): it-codicefiscale")
    ]


def test_line_facts_are_worked_out_once_per_line():
    import time

    from secure_check.detectors.pii.ip import find_ips
    from secure_check.detectors.pii.rules import find_emails

    # Given one long output line of n distinct addresses (e-mails; public IPs, some in URLs)
    def line(n: int, kind: str) -> str:
        if kind == "email":
            return " ".join(f"user{i}@mail.org" for i in range(n))
        return " ".join(f"8.8.{i % 250}.{i % 200 + 1} http://9.9.{i % 250}.9/x" for i in range(n))

    def cost(n: int, find: object, kind: str) -> tuple[float, int]:
        text = line(n, kind)
        started = time.process_time()
        found = list(find(text))  # type: ignore[operator]
        return time.process_time() - started, len(found)

    for find, kind in ((find_emails, "email"), (find_ips, "ip")):
        (small, n_small), (big, n_big) = (
            min(cost(n, find, kind) for _ in range(3)) for n in (2000, 8000)
        )
        # Then every one is found (URL hosts are not), and 4x the line costs under 10x the time
        assert n_big == 4 * n_small > 0
        assert big < 10 * max(small, 0.01), (kind, small, big)
    # and a line's facts still apply to each match on it: a placeholder line, URL hosts
    assert list(find_emails("replace with your e-mail: ann.lee@mail.org, bo.li@mail.org")) == []
    urls = "http://93.184.216.3/a and https://93.184.216.34/b, then 93.184.216.35"
    assert [v for _, _, v, _ in find_ips(urls)] == ["93.184.216.35"]


def test_emails_sought_from_their_at_sign_are_the_regex_matches():
    import random

    from secure_check.detectors.pii import rules

    # Given: random texts of local-part and domain pieces, '@' signs, runs over 64 characters
    rng = random.Random(3)
    pieces = ["a", "Z", "1", ".", "_", "-", "+", "%", "@", "co", "org", "x" * 70, " ", "\u00e9"]
    pieces += ["\n", "mail", "@b.co", "@@", ".com", "-x"]
    found = 0
    for _ in range(20000):
        text = "".join(rng.choices(pieces, k=rng.randint(1, 16)))
        # Then: the same matches as the regex run from every place
        want = [(m.span(), m.groups()) for m in rules._EMAIL.finditer(text)]
        assert [(m.span(), m.groups()) for m in rules._email_matches(text)] == want, text
        found += len(want)
    assert found > 1000  # (addresses were found often enough for that to mean something)
