"""Plant one item into a notebook at one of the places the issue lists; return where it went."""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Callable
from typing import Any

from bench.items import Item

from bench import cells as C

Where = str


@dataclasses.dataclass
class Plant:
    """A planted item and the spots (place, where, cell, output) that now hold it."""

    item: Item
    cell: dict[str, Any] | None  # None: notebook-level metadata
    spots: list[tuple[str, Where, dict[str, Any] | None]]
    column: str | None = None  # set for a whole DataFrame column of PII
    values: tuple[str, ...] = ()  # every value in that column


def var_name(item: Item) -> str:
    """A realistic variable name: vendor names for secrets, a neutral one for look-alikes."""
    text = item.type.lower().replace("-", "_")
    clean = re.sub(r"[^a-z0-9]+", "_", text).strip("_") or "value"
    if item.lookalike:
        return clean
    for key, name in _NAMES:
        if key in text:
            return name
    return clean if item.category == "pii" else clean.upper()


def code_line(item: Item) -> str:
    """The value as a line of code: verbatim when it is an assignment, else assigned to a name."""
    return item.value if item.assignment else f"{var_name(item)} = {literal(item.value)}"


_NAMES = [
    ("github", "GITHUB_TOKEN"),
    ("aws_secret", "AWS_SECRET_ACCESS_KEY"),
    ("aws", "AWS_ACCESS_KEY_ID"),
    ("openai", "OPENAI_API_KEY"),
    ("anthropic", "ANTHROPIC_API_KEY"),
    ("hf_", "HF_TOKEN"),
    ("hugging", "HF_TOKEN"),
    ("google", "GOOGLE_API_KEY"),
    ("service_account", "SERVICE_ACCOUNT_INFO"),
    ("azure", "AZURE_STORAGE_CONNECTION_STRING"),
    ("slack", "SLACK_TOKEN"),
    ("stripe", "STRIPE_KEY"),
    ("sendgrid", "SENDGRID_API_KEY"),
    ("twilio", "TWILIO_AUTH"),
    ("jwt", "ACCESS_TOKEN"),
    ("uri", "DATABASE_URL"),
    ("url", "SERVICE_URL"),
    ("pem", "PRIVATE_KEY"),
    ("private", "PRIVATE_KEY"),
    ("email", "customer_email"),
    ("phone", "contact_phone"),
    ("ssn", "ssn"),
    ("card", "card_number"),
    ("iban", "iban"),
    ("ip", "client_ip"),
    ("birth", "dob"),
    ("dob", "dob"),
]


def literal(value: str) -> str:
    """The value as a Python literal a person would type."""
    if "\n" in value:
        return f'"""{value}"""'
    return repr(value) if '"' in value else f'"{value}"'


def _insert(nb: dict[str, Any], cell: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    nb["cells"].insert(rng.randint(0, len(nb["cells"])), cell)
    return cell


def in_code(nb: dict[str, Any], rng: random.Random, item: Item) -> Plant:
    line = code_line(item) + "\n"
    existing = [c for c in nb["cells"] if c.get("cell_type") == "code"]
    if existing and rng.random() < 0.6:
        cell = rng.choice(existing)
        src = C.lines(
            "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        )
        if src and not src[-1].endswith("\n"):
            src[-1] += "\n"
        src.insert(rng.randint(0, len(src)), line)
        cell["source"] = src
    else:
        cell = _insert(nb, C.code(f"import os\n{line}"), rng)
    return Plant(item, cell, [("code", "source", None)])


_PII_NOTES = (
    "Questions about this analysis? Contact {v} (data owner).\n",
    "Record reviewed with the customer on the call: {v}\n",
    "| field | value |\n|---|---|\n| contact | {v} |\n",
)
_NEUTRAL_NOTES = ("Reference value for this run: {v}\n", "Note: the output above shows `{v}`.\n")


def in_markdown(nb: dict[str, Any], rng: random.Random, item: Item) -> Plant:
    if item.multiline or item.assignment:
        text = f"The settings used for this run:\n\n```python\n{item.value}\n```\n"
    elif item.lookalike:  # NOTE: a look-alike sits in a neutral sentence, as it would in real notes
        text = rng.choice(_NEUTRAL_NOTES).format(v=item.value)
    elif item.category == "secret":
        text = (
            f"### Setup\nSet `{var_name(item)}` to `{item.value}` before running the next cells.\n"
        )
    else:
        text = rng.choice(_PII_NOTES).format(v=item.value)
    return Plant(item, _insert(nb, C.markdown(text), rng), [("markdown", "source", None)])


def in_raw(nb: dict[str, Any], rng: random.Random, item: Item) -> Plant:
    text = (
        item.value
        if item.multiline or item.assignment
        else f"{var_name(item).upper()}={item.value}"
    )
    text += "\n"
    return Plant(item, _insert(nb, C.raw(text), rng), [("raw", "source", None)])


def in_attachment(nb: dict[str, Any], rng: random.Random, item: Item) -> Plant:
    name = f"{item.value}.png"
    cell = C.markdown(f"![scan](attachment:{name})\n")
    cell["attachments"] = {name: {"image/png": C.png(rng, 300)}}
    return Plant(item, _insert(nb, cell, rng), [("attachment", "source", None)])


# Log lines around a value; look-alikes only get the neutral ones (a UUID after "credentials"
# would be a fair finding).
_STDOUT = (
    "Using {n}={v}",
    "{n}: {v}",
    "INFO:root:loaded settings, {n} = {v}",
    "Connecting with {v} ...",
)
_STDERR = (
    "WARNING:root:request failed for {v} (retrying in 2s)",
    "UserWarning: {n} {v} will be rejected after the migration",
    "E1126 12:01:33.512 client.cc:88] handshake failed: {v}",
)
_NEUTRAL_LOG = ("{n}: {v}", "value {v}", "WARNING:root:unexpected value {v}")


def _log_line(item: Item, rng: random.Random, name: str) -> str:
    if item.assignment:
        return item.value
    if item.lookalike:
        choices = _NEUTRAL_LOG
    else:
        choices = _STDOUT if name == "stdout" else _STDERR
    return rng.choice(choices).format(n=var_name(item), v=item.value)


def in_stream(nb: dict[str, Any], rng: random.Random, item: Item, name: str = "stdout") -> Plant:
    noise = "".join(f"step {i}: loss={rng.random():.4f}\n" for i in range(rng.randint(1, 6)))
    out = C.stream(f"{noise}{_log_line(item, rng, name)}\nDone.\n", name)
    cell = _insert(nb, C.code(f"run_job(verbose=True)  # {name}\n", [out]), rng)
    return Plant(item, cell, [(name, "output", out)])


def in_stderr(nb: dict[str, Any], rng: random.Random, item: Item) -> Plant:
    return in_stream(nb, rng, item, "stderr")


def in_text_plain(nb: dict[str, Any], rng: random.Random, item: Item) -> Plant:
    name, value = var_name(item), item.value
    shown = rng.choice(
        [
            repr({name: value, "region": "us-east-1", "timeout": 30}),
            repr(value),
            f"Settings({name}={value!r}, retries=3)",
            repr([("region", "us-east-1"), (name, value)]),
        ]
    )
    out = C.result({"text/plain": shown})
    cell = _insert(nb, C.code("config\n", [out]), rng)
    return Plant(item, cell, [("text/plain", "output", out)])


def in_html_table(nb: dict[str, Any], rng: random.Random, item: Item) -> Plant:
    import pandas as pd

    frame = pd.DataFrame(
        {
            "key": ["region", var_name(item), "retries"],
            "value": ["us-east-1", item.value, str(rng.randint(1, 5))],
        }
    )
    with pd.option_context("display.max_colwidth", None):  # NOTE: else pandas cuts long values
        out = C.result({"text/html": frame._repr_html_(), "text/plain": repr(frame)})
    cell = _insert(nb, C.code("settings_df\n", [out]), rng)
    return Plant(item, cell, [("text/html", "output", out)])


def in_text_markdown(nb: dict[str, Any], rng: random.Random, item: Item) -> Plant:
    body = f"```\n{item.value}\n```" if item.multiline else f"**{var_name(item)}:** `{item.value}`"
    out = C.display(
        {"text/markdown": body + "\n", "text/plain": "<IPython.core.display.Markdown object>"}
    )
    cell = _insert(nb, C.code("display(Markdown(summary))\n", [out]), rng)
    return Plant(item, cell, [("text/markdown", "output", out)])


def in_json(nb: dict[str, Any], rng: random.Random, item: Item) -> Plant:
    payload = {"job": "nightly-export", "config": {var_name(item): item.value, "retries": 3}}
    out = C.display(
        {"application/json": payload, "text/plain": "<IPython.core.display.JSON object>"}
    )
    cell = _insert(nb, C.code("JSON(job_config)\n", [out]), rng)
    return Plant(item, cell, [("application/json", "output", out)])


def in_traceback(nb: dict[str, Any], rng: random.Random, item: Item) -> Plant:
    name, no = var_name(item), rng.randint(2, 60)
    src = f"{code_line(item)}\nresp = client.connect({name})\n"
    first = item.value if item.assignment else f"{name} = {C.colour_string(item.value)}"
    frames = [
        C.frame(no, 1, first.splitlines()[0] if item.assignment else first),
        *(C.library_frame(rng) for _ in range(rng.randint(1, 4))),
    ]
    evalue = f"could not connect using {item.value!r}" if rng.random() < 0.5 else "401 Unauthorized"
    out = C.error("ConnectionError", evalue, frames)
    cell = _insert(nb, C.code(src, [out], n=no), rng)
    return Plant(item, cell, [("code", "source", None), ("traceback", "output", out)])


def in_papermill(nb: dict[str, Any], rng: random.Random, item: Item) -> Plant:
    pm = nb["metadata"].setdefault("papermill", {"version": "2.6.0", "parameters": {}})
    pm.setdefault("parameters", {})[var_name(item)] = item.value
    return Plant(item, None, [("papermill", "metadata", None)])


def in_cell_metadata(nb: dict[str, Any], rng: random.Random, item: Item) -> Plant:
    cell = rng.choice(nb["cells"]) if nb["cells"] else _insert(nb, C.code("pass\n"), rng)
    cell.setdefault("metadata", {}).setdefault("parameters", {})[var_name(item)] = item.value
    return Plant(item, cell, [("cell-metadata", "metadata", None)])


def in_widget_state(nb: dict[str, Any], rng: random.Random, item: Item) -> Plant:
    widgets = nb["metadata"].setdefault("widgets", {})
    state = widgets.setdefault(
        "application/vnd.jupyter.widget-state+json",
        {"state": {}, "version_major": 2, "version_minor": 0},
    )
    model = f"{rng.getrandbits(128):032x}"
    state.setdefault("state", {})[model] = {
        "model_module": "@jupyter-widgets/controls",
        "model_module_version": "2.0.0",
        "model_name": "PasswordModel" if item.category == "secret" else "TextModel",
        "state": {
            "_dom_classes": [],
            "description": "Value:",
            "value": item.value,
            "layout": f"IPY_MODEL_{rng.getrandbits(128):032x}",
        },
    }
    return Plant(item, None, [("widget-state", "metadata", None)])


PLACES: dict[str, Callable[[dict[str, Any], random.Random, Item], Plant]] = {
    "code": in_code,
    "markdown": in_markdown,
    "raw": in_raw,
    "attachment": in_attachment,
    "stdout": in_stream,
    "stderr": in_stderr,
    "text/plain": in_text_plain,
    "text/html": in_html_table,
    "text/markdown": in_text_markdown,
    "application/json": in_json,
    "traceback": in_traceback,
    "papermill": in_papermill,
    "cell-metadata": in_cell_metadata,
    "widget-state": in_widget_state,
}
SINGLE_LINE_ONLY = frozenset({"attachment", "text/html"})


def fits(place: str, item: Item) -> bool:
    """Multi-line values (PEM keys, JSON key files) do not go into names or table cells."""
    return not (item.multiline and place in SINGLE_LINE_ONLY)
