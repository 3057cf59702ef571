"""Carriers: the surrounding text a value sits in (prose, records, logs, configs, JSON, tables...).

A carrier renders a small record ``[(kind, label word, value), ...]`` into one new notebook cell
and says where the values went: ``(place, where, output)`` as bench/labels.py expects. Label
words come in several languages and spellings; some carriers give no label at all.
"""

from __future__ import annotations

import html
import random
import uuid
from collections.abc import Callable
from typing import Any

Field = tuple[str, str, str]  # (kind, label word, value)
Cell = dict[str, Any]
Spot = tuple[str, str, dict[str, Any] | None]

LABELS = {
    "email": ["email", "E-Mail", "courriel", "correo", "contact_email", "Email address"],
    "phone": ["phone", "Tel.", "Telefon", "téléphone", "teléfono", "mobile", "phone_number"],
    "us-ssn": ["SSN", "social security no", "ssn", "SSN#"],
    "credit-card": ["card number", "cc_number", "Kartennummer", "card", "credit card"],
    "iban": ["IBAN", "iban", "bank account", "Kontonummer (IBAN)", "account_iban"],
    "ip-address": ["client ip", "remote_addr", "ip", "source address", "src_ip"],
    "date-of-birth": [
        "date of birth",
        "DOB",
        "born",
        "Geburtsdatum",
        "date de naissance",
        "fecha de nacimiento",
        "birthday",
        "birth_date",
    ],
    "national-id": [
        "national id",
        "NIR",
        "DNI",
        "codice fiscale",
        "BSN",
        "PESEL",
        "NIF",
        "tax id",
    ],
    "person-name": [
        "name",
        "customer",
        "contact",
        "Name",
        "full_name",
        "patient",
        "Nom",
        "Nombre",
        "Kunde",
        "employee",
    ],
    "street-address": [
        "address",
        "street",
        "Adresse",
        "dirección",
        "indirizzo",
        "shipping address",
        "Anschrift",
    ],
    "password": ["password", "passwd", "pwd", "db_password", "PASSWORD", "admin_pass"],
    "db-password": ["password", "DB_PASSWORD", "pg_password", "mysql_pwd"],
    "api-key": ["api_key", "apikey", "API_KEY", "x-api-key", "secret_key", "access_token"],
    "aws-secret-key": [
        "aws_secret_access_key",
        "AWS_SECRET_ACCESS_KEY",
        "secret_key",
        "SecretAccessKey",
    ],
    "aws-key-id": ["aws_access_key_id", "AWS_ACCESS_KEY_ID", "access_key", "AccessKeyId"],
    "github-token": ["token", "GITHUB_TOKEN", "gh_token", "auth"],
    "slack-token": ["token", "SLACK_BOT_TOKEN", "slack_token"],
    "stripe-key": ["stripe_key", "STRIPE_SECRET_KEY", "key"],
    "openai-key": ["OPENAI_API_KEY", "openai_key", "api_key"],
    "version": ["version", "pkg version", "__version__", "release"],
    "order-number": ["order", "Order no.", "order_id", "Bestellnummer"],
    "ticket": ["ticket", "issue", "incident"],
    "invoice": ["invoice", "invoice_no", "Rechnung"],
    "build-id": ["build", "build_id", "run"],
    "hash": ["sha", "checksum", "digest", "commit"],
    "uuid": ["id", "run_id", "request_id", "uuid"],
    "data-date": ["date", "created_at", "timestamp", "ds", "order_date"],
    "placeholder": ["api_key", "password", "token", "secret"],
}


def new_id(rng: random.Random) -> str:
    return uuid.UUID(int=rng.getrandbits(128)).hex[:8]


def code_cell(rng: random.Random, source: str, outputs: list[dict[str, Any]]) -> Cell:
    return {
        "cell_type": "code",
        "execution_count": rng.randint(1, 60),
        "id": new_id(rng),
        "metadata": {},
        "outputs": outputs,
        "source": source,
    }


def stream(text: str, name: str = "stdout") -> dict[str, Any]:
    return {"name": name, "output_type": "stream", "text": text}


def result(data: dict[str, Any]) -> dict[str, Any]:
    return {"data": data, "execution_count": 1, "metadata": {}, "output_type": "execute_result"}


def _key(label: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in label.lower()).strip("_") or "value"


_PROSE = {
    "person-name": [
        "Dear {v},",
        "Signed by {v}.",
        "Report prepared for {v}.",
        "Thanks to {v} for the data.",
        "{L}: {v}",
    ],
    "street-address": ["Ship to {v}.", "{L}: {v}", "She lives at {v}."],
    "date-of-birth": ["{L}: {v}", "born on {v}", "was born {v}"],
}


def prose(rng: random.Random, fields: list[Field]) -> tuple[Cell, list[Spot]]:
    lines = []
    for kind, label, value in fields:
        pattern = rng.choice(_PROSE.get(kind, ["{L}: {v}", "The {L} on file is {v}.", "{L} - {v}"]))
        lines.append(pattern.format(L=label, v=value))
    text = rng.choice(["## Notes\n\n", "Follow-up from the call:\n\n", ""]) + "\n".join(lines)
    cell = {"cell_type": "markdown", "id": new_id(rng), "metadata": {}, "source": text}
    return cell, [("prose", "source", None)]


def record(rng: random.Random, fields: list[Field]) -> tuple[Cell, list[Spot]]:
    sep = rng.choice([" | ", ", ", "\t", "; "])
    joint = rng.choice([": ", "=", " -> "])
    line = sep.join(f"{label}{joint}{value}" for _, label, value in fields)
    out = stream(f"record {rng.randint(1, 999)}\n{line}\n")
    cell = code_cell(rng, "for row in rows[:1]:\n    print(format_row(row))", [out])
    return cell, [("record", "output", out)]


def log(rng: random.Random, fields: list[Field]) -> tuple[Cell, list[Spot]]:
    day, hour = f"2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", f"1{rng.randint(0, 9)}"
    stamp = f"{day} {hour}:0{rng.randint(0, 9)}:33,{rng.randint(100, 999)}"
    level = rng.choice(["INFO", "DEBUG", "WARNING"])
    body = " ".join(
        f"{_key(label)}={value!r}" if rng.random() < 0.5 else f"{_key(label)}={value}"
        for _, label, value in fields
    )
    out = stream(f"{stamp} {level} app.{rng.choice(['users', 'auth', 'etl'])}: {body}\n", "stderr")
    cell = code_cell(rng, "logging.basicConfig(level=logging.DEBUG)\nrun_job()", [out])
    return cell, [("log", "output", out)]


def config(rng: random.Random, fields: list[Field]) -> tuple[Cell, list[Spot]]:
    style = rng.choice(["yaml", "ini", "env", "dict"])
    if style == "yaml":
        body = "%%writefile config.yml\nservice:\n" + "".join(
            f"  {_key(label)}: {value}\n" for _, label, value in fields
        )
    elif style == "ini":
        body = "%%writefile settings.ini\n[main]\n" + "".join(
            f"{_key(label)} = {value}\n" for _, label, value in fields
        )
    elif style == "env":
        body = "%%writefile .env\n" + "".join(
            f"{_key(label).upper()}={value}\n" for _, label, value in fields
        )
    else:
        body = (
            "settings = {\n"
            + "".join(f"    {_key(label)!r}: {value!r},\n" for _, label, value in fields)
            + "}"
        )
    return code_cell(rng, body, []), [("config", "source", None)]


def cli(rng: random.Random, fields: list[Field]) -> tuple[Cell, list[Spot]]:
    tool = rng.choice(["python train.py", "mysql -u admin", "psql -h db", "./deploy.sh"])
    parts = []
    for kind, label, value in fields:
        if kind in ("password", "db-password") and tool.startswith("mysql"):
            # NOTE: mysql takes its password glued to -p (``-p secret`` names a database)
            parts.append(rng.choice([f"-p{value}", f"--password={value}"]))
        elif kind in ("password", "db-password") and rng.random() < 0.4:
            parts.append(f"--password {value}")
        else:
            parts.append(f"--{_key(label).replace('_', '-')}{rng.choice(['=', ' '])}{value}")
    return code_cell(rng, f"!{tool} {' '.join(parts)}", []), [("cli", "source", None)]


def conn_dict(rng: random.Random, fields: list[Field]) -> tuple[Cell, list[Spot]]:
    args = ", ".join(f"{_key(label)}={value!r}" for _, label, value in fields)
    call = rng.choice(["psycopg2.connect", "boto3.client", "Client", "requests.post"])
    extra = rng.choice(['host="db.internal", ', '"s3", ', "", "url, "])
    return code_cell(rng, f"conn = {call}({extra}{args})", []), [("conn-dict", "source", None)]


def json_out(rng: random.Random, fields: list[Field]) -> tuple[Cell, list[Spot]]:
    data = {_key(label): value for _, label, value in fields}
    data["status"] = rng.choice(["ok", "active", 200])
    if rng.random() < 0.5:
        out = result({"application/json": data})
    else:
        out = result({"text/plain": repr(data)})
    return code_cell(rng, "resp.json()", [out]), [("json", "output", out)]


def traceback(rng: random.Random, fields: list[Field]) -> tuple[Cell, list[Spot]]:
    shown = ", ".join(f"{label}={value!r}" for _, label, value in fields)
    evalue = f"invalid {fields[-1][1]} in record: {shown}"
    frames = [
        "\x1b[0;31m---------------------------------------------------------------------------\x1b[0m",
        "\x1b[0;31mValueError\x1b[0m" + " " * 32 + "Traceback (most recent call last)",
        "Cell \x1b[0;32mIn[7], line 3\x1b[0m\n\x1b[1;32m----> 3\x1b[0m validate(record)",
        f"\x1b[0;31mValueError\x1b[0m: {evalue}",
    ]
    out = {"ename": "ValueError", "evalue": evalue, "output_type": "error", "traceback": frames}
    return code_cell(rng, "validate(record)", [out]), [("traceback", "output", out)]


def metadata(rng: random.Random, fields: list[Field]) -> tuple[Cell, list[Spot]]:
    cell = code_cell(rng, "summary()", [])
    cell["metadata"] = {"review": {_key(label): value for _, label, value in fields}}
    return cell, [("metadata", "metadata", None)]


def prose_code(rng: random.Random, fields: list[Field]) -> tuple[Cell, list[Spot]]:
    lines = [f"{_key(label)} = {value!r}" for _, label, value in fields]
    return code_cell(rng, "\n".join(lines) + "\nsend(report)", []), [("code", "source", None)]


Carrier = Callable[[random.Random, list[Field]], tuple[Cell, list[Spot]]]
PII_CARRIERS: dict[str, Carrier] = {
    "prose": prose,
    "record": record,
    "log": log,
    "json": json_out,
    "traceback": traceback,
    "metadata": metadata,
    "code": prose_code,
    "config": config,
}
SECRET_CARRIERS: dict[str, Carrier] = {
    "config": config,
    "cli": cli,
    "conn-dict": conn_dict,
    "log": log,
    "json": json_out,
    "record": record,
    "code": prose_code,
    "traceback": traceback,
}


def table(rng: random.Random, columns: list[tuple[str, str, list[str]]]) -> tuple[Cell, list[Spot]]:
    """A DataFrame output (HTML and text) whose columns are ``(kind, header, values)``."""
    rows = len(columns[0][2])
    head = "".join(f"<th>{html.escape(h)}</th>" for _, h, _ in columns)
    body = "".join(
        f"<tr><th>{r}</th>" + "".join(f"<td>{html.escape(c[2][r])}</td>" for c in columns) + "</tr>"
        for r in range(rows)
    )
    markup = (
        '<div>\n<table border="1" class="dataframe">\n  <thead>\n    <tr style="text-align: '
        f'right;">\n      <th></th>{head}\n    </tr>\n  </thead>\n  <tbody>{body}</tbody>\n'
        "</table>\n</div>"
    )
    widths = [max(len(h), *(len(v) for v in vals)) for _, h, vals in columns]
    lines = ["   " + "  ".join(h.rjust(w) for (_, h, _), w in zip(columns, widths, strict=True))]
    for r in range(rows):
        cells = (c[2][r].rjust(w) for c, w in zip(columns, widths, strict=True))
        lines.append(f"{r:<3}" + "  ".join(cells))
    out = result({"text/html": markup, "text/plain": "\n".join(lines)})
    return code_cell(rng, "df.head()", [out]), [("table", "output", out)]
