"""`python -m secure_check.demo`: scan the bundled notebooks, write HTML, JSON and SARIF reports."""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from secure_check.reports import Format

DEFAULT_OUT = "demo-report"
FORMATS: dict[Format, str] = {"html": "report.html", "json": "report.json", "sarif": "report.sarif"}
MSG_INTRO = "secure-check demo: scanning {n} bundled notebooks in {where}"
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
