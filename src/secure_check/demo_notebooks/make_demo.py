# mypy: disable-error-code="no-untyped-call"
"""Regenerate the bundled demo notebooks (run once from a source checkout; output is committed).

    python src/secure_check/demo_notebooks/make_demo.py

The planted secrets and personal data are synthetic but format-valid (GitHub token with its
CRC32 checksum, SSA-valid SSNs, Luhn-valid cards), made by the test generators in
tests/synth_secrets.py and tests/synth_pii.py with fixed seeds, so the demo shows findings.
"""

from __future__ import annotations

import base64
import io
import random
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2] / "tests"))

import nbformat  # noqa: E402
from nbformat import v4  # noqa: E402

import synth_pii  # noqa: E402
import synth_secrets  # noqa: E402

RED, GREEN, CYAN, RESET = "\x1b[0;31m", "\x1b[0;32m", "\x1b[0;36m", "\x1b[0m"
# NOTE: the DataFrame HTML pandas writes; the values are escaped by core.page (Jinja2).
_FRAME = (
    '<div>\n<table border="1" class="dataframe">\n<thead><tr style="text-align: right;">'
    "<th></th>{% for c in cols %}<th>{{ c }}</th>{% endfor %}</tr></thead>\n<tbody>"
    "{% for r in rows %}<tr><th>{{ loop.index0 }}</th>{% for c in cols %}<td>{{ r[c] }}</td>"
    "{% endfor %}</tr>{% endfor %}</tbody>\n</table>\n</div>"
)


def _result(n: int, data: dict[str, Any]) -> Any:
    return v4.new_output("execute_result", data=data, execution_count=n)


def _code(n: int, source: str, outputs: list[Any] | None = None) -> Any:
    return v4.new_code_cell(source, execution_count=n, outputs=outputs or [])


def _frame(rows: list[dict[str, str]]) -> dict[str, str]:
    from secure_check.core.page import render

    cols = list(rows[0])
    html = render(_FRAME, cols=cols, rows=rows)
    widths = {c: max(len(c), *(len(r[c]) for r in rows)) for c in cols}
    lines = ["   " + "  ".join(c.rjust(widths[c]) for c in cols)]
    lines += [
        f"{i:<3}" + "  ".join(r[c].rjust(widths[c]) for c in cols) for i, r in enumerate(rows)
    ]
    return {"text/html": html, "text/plain": "\n".join(lines)}


def _png() -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 2.5), dpi=60)
    ax.hist(random.Random(1).choices(range(18, 80), k=400), bins=20, color="#0969da")
    ax.set_title("customer age")
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode()


def _plain(n: int, text: str) -> Any:
    return _result(n, {"text/plain": text})


def _stdout(text: str) -> Any:
    return v4.new_output("stream", name="stdout", text=text)


CLEANING_SOURCES = (
    'import pandas as pd\n\ndf = pd.read_csv("data/crm_export_2024-03.csv")\ndf.shape',
    'df = df.drop_duplicates(subset="email")\ndf["phone"] = df["phone"].str.strip()\ndf.head()',
    'df["plan"].value_counts(normalize=True).round(3)',
    'df["age"].plot.hist(bins=20, title="customer age");',
    'print(f"kept {len(df)} of 1250 rows")',
    "# why does this customer fail validation?\n"
    "print(df.loc[df.customer_id == 10233].iloc[0].to_dict())",
)
PLAN_SHARES = (
    "plan\nbasic    0.512\npro      0.331\nteam     0.157\nName: proportion, dtype: float64"
)


def _record(person: dict[str, str]) -> dict[str, object]:
    keys = ("name", "email", "ssn", "date_of_birth", "card_number")
    return {"customer_id": 10233, **{k: person[k] for k in keys}, "plan": "pro"}


def customer_cleaning() -> Any:
    """Build a data-cleaning notebook whose DataFrame preview shows e-mails and phones."""
    keys = ("name", "email", "phone")
    rows = [
        {"customer_id": str(10231 + i), **{k: p[k] for k in keys}}
        | {"plan": random.Random(i).choice(["basic", "pro", "team"])}
        for i, p in enumerate(synth_pii.people(5, seed=7))
    ]
    figure = {"image/png": _png(), "text/plain": "<Figure size 240x150 with 1 Axes>"}
    outputs = [
        [_plain(1, "(1250, 5)")],
        [_result(2, _frame(rows))],
        [_plain(3, PLAN_SHARES)],
        [v4.new_output("display_data", data=figure)],
        [_stdout("kept 1187 of 1250 rows\n")],
        [_stdout(f"{_record(synth_pii.people(3, seed=7)[2])}\n")],
    ]
    title = "# Customer data cleaning\nDeduplicate the CRM export and normalise phones."
    cells = [
        _code(i + 1, src, out)
        for i, (src, out) in enumerate(zip(CLEANING_SOURCES, outputs, strict=True))
    ]
    return _notebook([v4.new_markdown_cell(title), *cells])


TRAINING_MODEL = (
    "from sklearn.datasets import make_classification\n"
    "from sklearn.linear_model import LogisticRegression\n"
    "from sklearn.model_selection import train_test_split\n\n"
    "X, y = make_classification(n_samples=2000, random_state=0)\n"
    "X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)\n"
    "model = LogisticRegression(max_iter=500).fit(X_train, y_train)\n"
    "model.score(X_test, y_test)"
)


def model_training() -> Any:
    """Build a training notebook: pasted token, key in printed config, verbose traceback."""
    rng = random.Random(2024)
    token = synth_secrets.github_classic_token(rng)
    config = {"model": "gpt-4o-mini", "openai_api_key": synth_secrets.openai_key(rng)}
    config["temperature"] = 0.2
    db_url = synth_secrets.postgres_uri(rng)
    cells = [
        v4.new_markdown_cell("# Churn model\nTrain, evaluate and publish the churn classifier."),
        _code(
            1,
            "import os\nimport requests\n\n"
            f'GITHUB_TOKEN = "{token}"  # TODO: move to env before sharing\n'
            'HEADERS = {"Authorization": f"token {GITHUB_TOKEN}"}',
        ),
        _code(
            2,
            'import yaml\n\nconfig = yaml.safe_load(open("config.yaml"))\nprint(config)',
            [_stdout(f"{config}\n")],
        ),
        _code(
            3,
            "%xmode Verbose\nimport psycopg2\n\n"
            'DB_URL = os.environ["CHURN_DB_URL"]\nconn = psycopg2.connect(DB_URL)',
            [_traceback(db_url)],
        ),
        _code(4, TRAINING_MODEL, [_plain(4, "0.8713")]),
    ]
    nb = _notebook(cells)
    nb.metadata["papermill"] = {"parameters": {"run_date": "2024-03-01", "sample": 0.25}}
    return nb


def _traceback(db_url: str) -> Any:
    host = db_url.split("@", 1)[1].split(":", 1)[0]
    frames = [
        f"{RED}---------------------------------------------------------------------------{RESET}",
        f"{RED}OperationalError{RESET}                          Traceback (most recent call last)",
        f"Cell {GREEN}In[3], line 5{RESET}",
        f'      2 import psycopg2\n      4 DB_URL = os.environ["CHURN_DB_URL"]\n'
        f"{GREEN}----> 5{RESET} conn = psycopg2.connect(DB_URL)\n"
        f"        {CYAN}DB_URL{RESET} = '{db_url}'",
        f'{RED}OperationalError{RESET}: could not translate host name "{host}" to address: '
        "Name or service not known",
    ]
    evalue = f'could not translate host name "{host}" to address'
    return v4.new_output("error", ename="OperationalError", evalue=evalue, traceback=frames)


CLEAN_CELLS = (
    (
        "import os\nimport uuid\n\nimport sklearn\n\n"
        'API_KEY = os.environ.get("API_KEY", "YOUR_API_KEY")\n'
        'run_id = uuid.UUID("3f2b8c1e-9a4d-4c7b-8e21-5d6f0a9b1c2d")\nsklearn.__version__',
        "'1.5.2'",
    ),
    (
        'commit = "9fceb02d0ae598e95dc970b74767f19372d61af8"\n'
        'checksum = "d41d8cd98f00b204e9800998ecf8427e"\nprint(commit[:7], checksum)',
        "9fceb02 d41d8cd98f00b204e9800998ecf8427e\n",
    ),
    (
        "from sklearn.datasets import load_iris\nX, y = load_iris(return_X_y=True)\nX[:2]",
        "array([[5.1, 3.5, 1.4, 0.2],\n       [4.9, 3. , 1.4, 0.2]])",
    ),
)


def clean_analysis() -> Any:
    """Build a clean notebook full of look-alikes: uuids, hashes, versions, placeholders, floats."""
    title = "# Iris baseline\nSet `API_KEY` in your environment; never paste it here."
    cells = [v4.new_markdown_cell(title)]
    for n, (source, shown) in enumerate(CLEAN_CELLS, start=1):
        out = _stdout(shown) if source.startswith("commit") else _plain(n, shown)
        cells.append(_code(n, source, [out]))
    return _notebook(cells)


def _notebook(cells: list[Any]) -> Any:
    for i, cell in enumerate(cells):
        cell["id"] = f"c{i:02d}{random.Random(len(cells) * 31 + i).getrandbits(24):06x}"
    nb = v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    return nb


def main() -> None:
    """Write the demo notebooks next to this script."""
    notebooks = {
        "customer_cleaning": customer_cleaning(),
        "model_training": model_training(),
        "clean_analysis": clean_analysis(),
    }
    for name, nb in notebooks.items():
        nbformat.validate(nb)
        nbformat.write(nb, str(HERE / f"{name}.ipynb"))
    # NOTE: an export cut off mid-way, as an interrupted copy or a bad merge leaves it.
    text = nbformat.writes(clean_analysis())
    (HERE / "broken_export.ipynb").write_text(text[: len(text) // 2], encoding="utf-8")


if __name__ == "__main__":
    main()
