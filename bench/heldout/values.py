"""Values from generators we did not write: Faker (several locales), python-stdnum, phonenumbers.

Every true value is checked by an independent validator before it is planted (stdnum for IBANs
and national ids, phonenumbers for phones), so a miss is a miss and not a bad label. Secrets take
their randomness from Faker and follow the vendors' published formats (GitHub's CRC32 checksum).
"""

from __future__ import annotations

import binascii
import random
import re
import string
from collections.abc import Callable

from faker import Faker

LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "en_CA", "pt_PT", "pl_PL")
# locale -> phonenumbers region
REGIONS = {
    "en_US": "US",
    "en_GB": "GB",
    "de_DE": "DE",
    "fr_FR": "FR",
    "es_ES": "ES",
    "it_IT": "IT",
    "nl_NL": "NL",
    "en_CA": "CA",
    "pt_PT": "PT",
    "pl_PL": "PL",
}
SEPA = (
    "AT",
    "BE",
    "BG",
    "CH",
    "CY",
    "CZ",
    "DE",
    "DK",
    "EE",
    "ES",
    "FI",
    "FR",
    "GB",
    "GR",
    "HR",
    "HU",
    "IE",
    "IS",
    "IT",
    "LI",
    "LT",
    "LU",
    "LV",
    "MC",
    "MT",
    "NL",
    "NO",
    "PL",
    "PT",
    "RO",
    "SE",
    "SI",
    "SK",
    "SM",
)
_B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
DOB_FORMATS = (
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%d/%m/%Y",
    "%d.%m.%Y",
    "%B %d, %Y",
    "%d %B %Y",
    "%d-%b-%Y",
    "%Y/%m/%d",
    "%b %d %Y",
)


class Values:
    """Draws one value of a kind; ``fake(locale)`` is a seeded Faker per locale."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._fakes: dict[str, Faker] = {}

    def fake(self, locale: str | None = None) -> Faker:
        loc = locale or self.rng.choice(LOCALES)
        if loc not in self._fakes:
            f = Faker(loc)
            f.seed_instance(self.rng.getrandbits(32))
            self._fakes[loc] = f
        return self._fakes[loc]

    def locale(self) -> str:
        return self.rng.choice(LOCALES)


def _email(v: Values) -> str:
    # NOTE: not f.email()/safe_email(): example.org addresses are documentation, rightly skipped
    f = v.fake()
    return str(v.rng.choice([f.free_email, f.company_email])())


def _phone(v: Values) -> str:
    import phonenumbers

    for _ in range(50):
        loc = v.locale()
        number = v.fake(loc).phone_number()
        try:
            parsed = phonenumbers.parse(number, REGIONS[loc])
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed):
            return number
    return "+1 202-555-0143"


def _ssn(v: Values) -> str:
    return str(v.fake("en_US").ssn())


def _card(v: Values) -> str:
    f = v.fake("en_US")
    raw = f.credit_card_number(card_type=v.rng.choice(["visa", "mastercard", "amex", "discover"]))
    if v.rng.random() < 0.4 and len(raw) == 16:
        return " ".join(raw[i : i + 4] for i in range(0, 16, 4))
    return str(raw)


def _iban(v: Values) -> str:
    from stdnum import iban

    if v.rng.random() < 0.2:
        value = str(v.fake(v.rng.choice(("de_DE", "fr_FR", "nl_NL", "it_IT", "es_ES"))).iban())
    else:
        value = valid_iban(v, v.rng.choice(SEPA))
    return iban.format(value) if v.rng.random() < 0.5 else value


def valid_iban(v: Values, country: str) -> str:
    """A random IBAN of ``country`` that stdnum accepts, national check digits included."""
    from stdnum import iban

    # NOTE: BE, ES, NO... add national check digits; redraw until they hold (about 1 in 100)
    for _ in range(5000):
        value = _sepa_iban(v, country)
        if iban.is_valid(value):
            return value
    raise ValueError(country)


def _sepa_iban(v: Values, country: str) -> str:
    """A random IBAN of ``country`` on stdnum's BBAN layout (``8!n10!n``), ISO 7064 check digits."""
    from stdnum import iban

    layout = iban._ibandb.info(country + "00")[0][1]["bban"]
    bban = "".join(_field(v.rng, int(n), kind) for n, kind in _PART.findall(layout))
    return country + iban.calc_check_digits(country + "00" + bban) + bban


_PART = re.compile(r"(\d+)!?([nac])")


def _field(rng: random.Random, count: int, kind: str) -> str:
    alphabet = {"n": string.digits, "a": string.ascii_uppercase}.get(
        kind, string.digits + string.ascii_uppercase
    )
    return "".join(rng.choice(alphabet) for _ in range(count))


def _ip(v: Values) -> str:
    return str(v.fake("en_US").ipv4_public())


def _dob(v: Values) -> str:
    born = v.fake("en_US").date_of_birth(minimum_age=18, maximum_age=90)
    return born.strftime(v.rng.choice(DOB_FORMATS))


_NATIONAL = {  # locale -> (Faker provider, stdnum module that validates it)
    "fr_FR": "ssn",
    "es_ES": "nif",
    "it_IT": "ssn",
    "nl_NL": "ssn",
    "pl_PL": "pesel",
    "pt_PT": "vat_id",
}
_CHECK = {
    "fr_FR": "fr.nir",
    "es_ES": "es.nif",
    "it_IT": "it.codicefiscale",
    "nl_NL": "nl.bsn",
    "pl_PL": "pl.pesel",
    "pt_PT": "pt.nif",
}


# NOTE: the label a record of that country writes beside the id (a PESEL is never a "NIR").
NATIONAL_LABELS = {
    "fr_FR": ["NIR", "numéro de sécurité sociale", "INSEE"],
    "es_ES": ["DNI", "NIF", "documento"],
    "it_IT": ["codice fiscale", "CF", "codice_fiscale"],
    "nl_NL": ["BSN", "burgerservicenummer"],
    "pl_PL": ["PESEL", "pesel"],
    "pt_PT": ["NIF", "contribuinte"],
}


def national_id(v: Values) -> tuple[str, str]:
    """A valid national id of a random country and the label written beside it there."""
    import importlib

    for _ in range(30):
        loc = v.rng.choice(list(_NATIONAL))
        value = str(getattr(v.fake(loc), _NATIONAL[loc])())
        module = importlib.import_module("stdnum." + _CHECK[loc])
        if module.is_valid(value):
            return value, v.rng.choice(NATIONAL_LABELS[loc])
    return "12345678Z", "DNI"


def _national(v: Values) -> str:
    return national_id(v)[0]


def _name(v: Values) -> str:
    f = v.fake()
    name = v.rng.choice([f.name, f.name, lambda: f"{f.first_name()} {f.last_name()}"])()
    roll = v.rng.random()
    return name.lower() if roll < 0.1 else name.upper() if roll < 0.15 else name


def _address(v: Values) -> str:
    loc = v.rng.choice(("en_US", "en_US", "en_GB", "en_CA", "de_DE", "fr_FR", "nl_NL", "es_ES"))
    f = v.fake(loc)
    return str(f.street_address())


PII: dict[str, Callable[[Values], str]] = {
    "email": _email,
    "phone": _phone,
    "us-ssn": _ssn,
    "credit-card": _card,
    "iban": _iban,
    "ip-address": _ip,
    "date-of-birth": _dob,
    "national-id": _national,
    "person-name": _name,
    "street-address": _address,
}


def _rand(v: Values, n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    return "".join(v.rng.choice(alphabet) for _ in range(n))


def github_token(v: Values) -> str:
    body = "ghp_" + _rand(v, 30)
    crc, digits = binascii.crc32(body[4:].encode()), ""
    while crc:
        crc, r = divmod(crc, 62)
        digits = _B62[r] + digits
    return body + digits.rjust(6, "0")


def _password(v: Values) -> str:
    f = v.fake("en_US")
    return str(f.password(length=v.rng.randint(12, 24), special_chars=v.rng.random() < 0.6))


SECRETS: dict[str, Callable[[Values], str]] = {
    "password": _password,
    "aws-secret-key": lambda v: _rand(v, 40, string.ascii_letters + string.digits + "+/"),
    "github-token": github_token,
    "slack-token": lambda v: (
        f"xoxb-{_rand(v, 12, string.digits)}-{_rand(v, 13, string.digits)}-" + _rand(v, 24)
    ),
    "stripe-key": lambda v: "sk_live_" + _rand(v, 24),
    "openai-key": lambda v: "sk-proj-" + _rand(v, 48, string.ascii_letters + string.digits + "_-"),
    "api-key": lambda v: _rand(v, 32, "0123456789abcdef"),
    "db-password": _password,
}


def aws_key_id(v: Values) -> str:
    return "AKIA" + _rand(v, 16, string.ascii_uppercase + "234567")


def _version(v: Values) -> str:
    f = v.fake("en_US")
    return v.rng.choice(["{}.{}.{}", "v{}.{}.{}", "{}.{}.{}-rc1", "{}.{}.{}.post2"]).format(
        f.random_int(0, 12), f.random_int(0, 40), f.random_int(0, 99)
    )


LOOKALIKES: dict[str, Callable[[Values], str]] = {
    "version": _version,
    "order-number": lambda v: v.fake().bothify(
        v.rng.choice(["ORD-########", "#########", "PO-####-####"])
    ),
    "ticket": lambda v: v.fake().bothify(v.rng.choice(["JIRA-####", "INC#######", "TCK-#####"])),
    "invoice": lambda v: v.fake().bothify(v.rng.choice(["INV-2024-######", "##########"])),
    "build-id": lambda v: v.fake().bothify("build-####-????????").lower(),
    "hash": lambda v: v.rng.choice([v.fake().sha1, v.fake().sha256, v.fake().md5])(),
    "uuid": lambda v: str(v.fake().uuid4()),
    "data-date": lambda v: v.fake().date(
        pattern=v.rng.choice(["%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y"])
    ),
    "placeholder": lambda v: v.rng.choice(
        [
            "<YOUR_API_KEY>",
            "your-password-here",
            "changeme",
            "xxxxxxxxxxxxxxxx",
            "${DB_PASSWORD}",
            "REPLACE_ME",
            "sk-...",
            "********",
        ]
    ),
}
