"""Format-valid synthetic PII and look-alikes, deterministic under a seeded ``random.Random``.

Every positive is valid by the rule that checks it (phonenumbers, Luhn and issuer ranges,
SSA area/group/serial rules, IBAN mod-97, python-stdnum); every look-alike is something a
careless detector would flag. Used by tests/pii and by bench/ (keep the names stable).
"""

from __future__ import annotations

import datetime
import ipaddress
import itertools
import random
import string
from collections.abc import Callable

import phonenumbers
from stdnum import iban as _iban
from stdnum import luhn

FIRST_NAMES = tuple(
    "James Mary Robert Patricia Michael Jennifer David Linda Aisha Carlos Mei Olga Pierre "
    "Ingrid Rahul Fatima Kenji Sofia Liam Chloe Mateo Hannah Lukas Emma Noah Zoe".split()
)
SURNAMES = tuple(
    "Smith Johnson Williams Brown Garcia Miller Davis Martinez Nguyen Kowalski Schmidt "
    "Dubois Rossi Tanaka Patel Okafor Andersson Novak Hernandez Murphy Cohen Silva Kim "
    "Walker".split()
)
STREETS = tuple("Oak Maple Cedar Elm Pine Washington Lake Hill Park Main".split())
STREET_TYPES = ("Street", "St.", "Avenue", "Ave", "Road", "Rd", "Lane", "Drive", "Boulevard")
CITIES = ("Springfield, IL 62704", "Austin, TX 78701", "Portland, OR 97205", "Denver, CO 80202")
MAIL_DOMAINS = tuple(
    "gmail.com yahoo.com outlook.com hotmail.co.uk web.de gmx.net protonmail.com "
    "icloud.com acme-analytics.io uni-heidelberg.de mail.ru".split()
)
PHONE_REGIONS = tuple("US GB DE FR IN BR JP AU ES IT NL CA MX ZA".split())
CARD_BRANDS = {  # brand -> (prefixes, lengths)
    "visa": (("4",), (16, 13, 19)),
    "mastercard": ((*(str(p) for p in range(51, 56)), "2221", "2500", "2720"), (16,)),
    "amex": (("34", "37"), (15,)),
    "discover": (("6011", "644", "649", "65"), (16,)),
    "jcb": (("3528", "3589"), (16,)),
    "diners": (("300", "305", "36", "38"), (14,)),
}
IBAN_BBAN = {  # country -> BBAN layout: n = digit, a = upper letter, c = alphanumeric
    "DE": "nnnnnnnnnnnnnnnnnn",
    "GB": "aaaannnnnnnnnnnnnn",
    "FR": "nnnnnnnnnncccccccccccnn",
    "ES": "nnnnnnnnnnnnnnnnnnnn",
    "NL": "aaaannnnnnnnnn",
    "IT": "annnnnnnnnncccccccccccc",
    "CH": "nnnnncccccccccccc",
    "AT": "nnnnnnnnnnnnnnnn",
    "BE": "nnnnnnnnnnnn",
    "PL": "nnnnnnnnnnnnnnnnnnnnnnnn",
}
NATIONAL_IDS = {  # kind -> (stdnum module, layout); the last character is solved for validity
    "de-idnr": ("stdnum.de.idnr", "nnnnnnnnnnn"),
    "fr-nir": ("stdnum.fr.nir", "nnnnnnnnnnnnnnn"),
    "es-dni": ("stdnum.es.dni", "nnnnnnnna"),
    "it-codicefiscale": ("stdnum.it.codicefiscale", ""),
    "nl-bsn": ("stdnum.nl.bsn", "nnnnnnnnn"),
    "pl-pesel": ("stdnum.pl.pesel", "nnnnnnnnnnn"),
    "br-cpf": ("stdnum.br.cpf", "nnnnnnnnnnn"),
    "fi-hetu": ("stdnum.fi.hetu", ""),
}


def person_name(rng: random.Random) -> str:
    """A first name and a surname."""
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def street_address(rng: random.Random) -> str:
    """A US street address with city and ZIP."""
    street = f"{rng.randint(1, 9999)} {rng.choice(STREETS)} {rng.choice(STREET_TYPES)}"
    return f"{street}, {rng.choice(CITIES)}"


def email(rng: random.Random) -> str:
    """A personal-looking e-mail address at a real mail domain."""
    first, last = rng.choice(FIRST_NAMES).lower(), rng.choice(SURNAMES).lower()
    local = rng.choice(
        [f"{first}.{last}", f"{first[0]}{last}", f"{first}_{last}{rng.randint(1, 99)}"]
    )
    return f"{local}@{rng.choice(MAIL_DOMAINS)}"


def phone(rng: random.Random, region: str | None = None, style: str | None = None) -> str:
    """A valid phone number of ``region`` in one of its written forms.

    ``style``: international (+44 7400 123456), national ((201) 555-0123 / 07400 123456),
    e164 (+447400123456) or dotted (201.555.0123, US only).
    """
    region = region or rng.choice(PHONE_REGIONS)
    kind = rng.choice(
        [phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE]
    )
    example = phonenumbers.example_number_for_type(region, kind)
    national = phonenumbers.national_significant_number(example)
    for attempt in range(2000):
        keep = (1 if region in ("US", "CA") else 3) if attempt < 1000 else len(national) - 4
        digits = national[:keep] + "".join(rng.choice(string.digits) for _ in national[keep:])
        number = phonenumbers.parse(f"+{example.country_code}{digits}")
        if phonenumbers.is_valid_number(number):
            break
    # NOTE: a national form is ambiguous outside its country; only NANP numbers get it by default.
    style = style or rng.choice(
        ["international", "e164"] + ["national", "dotted"] * (region == "US")
    )
    fmt = phonenumbers.PhoneNumberFormat
    if style == "dotted" and region == "US":
        return f"{digits[:3]}.{digits[3:6]}.{digits[6:]}"
    formats = {"international": fmt.INTERNATIONAL, "national": fmt.NATIONAL, "e164": fmt.E164}
    return phonenumbers.format_number(number, formats.get(style, fmt.INTERNATIONAL))


def us_ssn(rng: random.Random, dashed: bool = True) -> str:
    """An SSN obeying the area (not 000, 666, 9xx), group (not 00) and serial (not 0000) rules."""
    area = rng.choice([a for a in range(1, 900) if a != 666 and a != 123])
    group, serial = rng.randint(1, 99), rng.randint(1, 9999)
    sep = "-" if dashed else ""
    return f"{area:03d}{sep}{group:02d}{sep}{serial:04d}"


def card(rng: random.Random, brand: str | None = None, grouped: bool | None = None) -> str:
    """A Luhn-valid card number with a real issuer prefix, grouped in fours (Amex 4-6-5) or not."""
    brand = brand or rng.choice(sorted(CARD_BRANDS))
    prefixes, lengths = CARD_BRANDS[brand]
    prefix, length = rng.choice(prefixes), rng.choice(lengths)
    body = prefix + "".join(rng.choice(string.digits) for _ in range(length - len(prefix) - 1))
    number = body + luhn.calc_check_digit(body)
    grouped = rng.random() < 0.5 if grouped is None else grouped
    if not grouped:
        return number
    sep = rng.choice([" ", "-"])
    if length == 15:
        return sep.join([number[:4], number[4:10], number[10:]])
    return sep.join(number[i : i + 4] for i in range(0, length, 4))


def _fill(rng: random.Random, layout: str) -> str:
    pools = {
        "n": string.digits,
        "a": string.ascii_uppercase,
        "c": string.digits + string.ascii_uppercase,
    }
    return "".join(rng.choice(pools[ch]) for ch in layout)


def iban(rng: random.Random, country: str | None = None, grouped: bool | None = None) -> str:
    """An IBAN with valid mod-97 check digits (and the country's own checks), grouped or compact."""
    country = country or rng.choice(sorted(IBAN_BBAN))
    while True:
        bban = _fill(rng, IBAN_BBAN[country])
        value = country + _iban.calc_check_digits(country + "00" + bban) + bban
        if _iban.is_valid(value):
            break
    grouped = rng.random() < 0.5 if grouped is None else grouped
    return _iban.format(value) if grouped else value


def _solve_last(body: str, alphabet: str, valid: Callable[[str], bool], width: int) -> str | None:
    for ch in itertools.product(alphabet, repeat=width):
        if valid(body + "".join(ch)):
            return body + "".join(ch)
    return None


def national_id(rng: random.Random, kind: str | None = None) -> tuple[str, str]:
    """A (kind, formatted value) national identifier that python-stdnum validates."""
    import importlib

    kind = kind or rng.choice(sorted(NATIONAL_IDS))
    module_name, layout = NATIONAL_IDS[kind]
    module = importlib.import_module(module_name)
    while True:
        body = _national_body(rng, kind, layout)
        alphabet = (
            string.ascii_uppercase if kind in ("es-dni", "it-codicefiscale", "fi-hetu") else ""
        )
        width = 2 if kind in ("fr-nir", "br-cpf") else 1
        value = _solve_last(body, string.digits + alphabet, module.is_valid, width)
        if value is not None:
            formatter = getattr(module, "format", None)
            return kind, formatter(value) if formatter and kind != "de-idnr" else value


def _national_body(rng: random.Random, kind: str, layout: str) -> str:
    born = date_of_birth(rng, fmt="%d%m%y")
    if kind == "it-codicefiscale":
        month = "ABCDEHLMPRST"[int(born[2:4]) - 1]
        return _fill(rng, "aaaaaa") + born[4:6] + month + born[:2] + _fill(rng, "annn")
    if kind == "fi-hetu":
        return born + "-" + _fill(rng, "nnn")
    if kind == "fr-nir":
        return rng.choice("12") + born[4:6] + born[2:4] + _fill(rng, "nnnnnnnn")
    if kind == "pl-pesel":
        return born[4:6] + born[2:4] + born[:2] + _fill(rng, "nnnn")
    width = 2 if kind == "br-cpf" else 1
    return str(rng.randint(1, 9)) + _fill(rng, layout[1:-width])


ID_LABELS = {
    "de-idnr": "Steuer-IdNr",
    "fr-nir": "NIR",
    "es-dni": "DNI",
    "it-codicefiscale": "Codice Fiscale",
    "nl-bsn": "BSN",
    "pl-pesel": "PESEL",
    "br-cpf": "CPF",
    "fi-hetu": "HETU",
}


def labelled_national_id(rng: random.Random, kind: str | None = None) -> str:
    """A national id after its usual label (``BSN: 1234.56.782``), as records print them."""
    kind, value = national_id(rng, kind)
    return f"{ID_LABELS[kind]}{rng.choice([': ', ' ', ' = '])}{value}"


def ipv4(rng: random.Random) -> str:
    """A public (global, non-documentation) IPv4 address."""
    while True:
        addr = ipaddress.IPv4Address(rng.getrandbits(32))
        if addr.is_global and not addr.is_multicast:
            return str(addr)


def ipv6(rng: random.Random) -> str:
    """A public IPv6 address in 2000::/3, outside 2001:db8::/32, compressed form."""
    while True:
        addr = ipaddress.IPv6Address((0b001 << 125) | rng.getrandbits(125))
        if addr.is_global and addr not in ipaddress.ip_network("2001:db8::/32"):
            return addr.compressed


def date_of_birth(rng: random.Random, fmt: str | None = None) -> str:
    """A date between 1930 and 2005 in a common written form."""
    day = datetime.date(1930, 1, 1) + datetime.timedelta(days=rng.randint(0, 27_000))
    fmt = fmt or rng.choice(
        ["%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%B %d, %Y", "%d %B %Y"]
    )
    return day.strftime(fmt)


def dob_text(rng: random.Random) -> str:
    """A date of birth beside a person reference, as written in prose or a record."""
    name, day = person_name(rng), date_of_birth(rng)
    template = rng.choice(
        [
            "{n}, born {d}",
            "Patient: {n}  DOB: {d}",
            "{n} (date of birth: {d})",
            "name={n!r}, birth_date={d!r}",
            "{n} was born on {d}.",
        ]
    )
    return template.format(n=name, d=day)


POSITIVES: dict[str, Callable[[random.Random], str]] = {
    "email": email,
    "phone": phone,
    "us-ssn": us_ssn,
    "credit-card": card,
    "iban": iban,
    "national-id": lambda rng: labelled_national_id(rng),
    "ip-address": lambda rng: ipv4(rng) if rng.random() < 0.7 else ipv6(rng),
    "date-of-birth": dob_text,
}


def positives(rule: str, n: int = 20, seed: int = 0) -> list[str]:
    """``n`` positives for ``rule`` (a key of POSITIVES), the same for the same seed."""
    rng = random.Random(f"{rule}:{seed}")
    return [POSITIVES[rule](rng) for _ in range(n)]


def people(n: int, seed: int = 0) -> list[dict[str, str]]:
    """Rows of a customer table: name, email, phone, ssn, dob, address, card, ip."""
    rng = random.Random(seed)
    return [
        {
            "name": person_name(rng),
            "email": email(rng),
            "phone": phone(rng, "US", "national"),
            "ssn": us_ssn(rng),
            "date_of_birth": date_of_birth(rng, "%Y-%m-%d"),
            "address": street_address(rng),
            "card_number": card(rng, grouped=True),
            "ip": ipv4(rng),
        }
        for _ in range(n)
    ]


def _luhn_invalid(rng: random.Random) -> str:
    number = card(rng, "visa", grouped=False)
    return number[:-1] + str((int(number[-1]) + rng.randint(1, 9)) % 10)


def _lookalikes(rng: random.Random) -> dict[str, tuple[str, ...]]:
    invalid_cards = [_luhn_invalid(rng) for _ in range(6)]
    grouped = " ".join(invalid_cards[0][i : i + 4] for i in range(0, 16, 4))
    # fmt: off
    return {
        "luhn-invalid-card": (*invalid_cards, grouped),
        "timestamp": ("1700000000", "1700000000123", "2024-03-15T10:22:31.123456Z",
                      "2023-11-02 14:05:09.551203", "Epoch 3/10 - 1699999999.8765 s"),
        "float": ("0.4111111111111111", "3.141592653589793", "-1234567.891011",
                  "array([0.41111111, 0.52345678, 0.9876543 ])", "1.2345678901234567e+18"),
        "order-id": ("order #100234987", "invoice INV-2023-000184", "ticket 4012-88",
                     "run_id=20240315_102231"),
        "version": ("numpy==1.26.4", "tensorflow 2.15.0.post1", "v10.2.3.4", "version 1.2.3.4",
                    "CUDA 12.1.105", "build 4.4.0-1128-aws", "release 2.0.0.1"),
        "private-ip": ("192.168.1.10", "10.0.0.1", "172.16.5.4", "127.0.0.1", "0.0.0.0",
                       "169.254.169.254", "::1", "fe80::1ff:fe23:4567:890a", "fd12:3456:789a::1"),
        "documentation-ip": ("192.0.2.44", "198.51.100.7", "203.0.113.250",
                             "2001:db8::8a2e:370:7334"),
        "example-email": ("alice@example.com", "bob.smith@example.org", "user@example.net",
                          "jane@test.example", "someone@localhost"),
        "noreply-email": ("noreply@github.com", "no-reply@accounts.google.com",
                          "do-not-reply@mailer.company.com", "notifications@github.com"),
        "service-email": ("123456789012-compute@developer.gserviceaccount.com",
                          "my-sa@my-project.iam.gserviceaccount.com",
                          "git@github.com:user/repo.git"),
        "package-version": ("lodash@4.17.21", "@jupyterlab/application@4.2.0", "react@18.2.0",
                            "pip install torch@2.1", "A@B.T"),
        "numeric-table": ("   id  price  qty\n0  2015550123  9.99  3\n1  4155550199  5.49  2",
                          "[ 201 555 0123 ... 987 654 3210]", "shape: (6502, 1024, 2048)"),
        "invalid-ssn": ("000-12-3456", "666-12-3456", "912-34-5678", "123-00-4567", "123-45-0000"),
        "date-without-person": ("2023-01-15", "Report generated on 03/14/1985",
                                "The Berlin Wall fell on 9 November 1989.",
                                "start_date = '1990-05-17'"),
        "hash-and-ids": ("3f786850e387550fdab836ed7e6dc881de23001b",
                         "550e8400-e29b-41d4-a716-446655440000",
                         "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
    }
    # fmt: on


LOOKALIKES: dict[str, tuple[str, ...]] = _lookalikes(random.Random(20261126))
