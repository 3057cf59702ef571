"""Matplotlib helpers: Agg Figures (never pyplot global state) rendered to base64 PNG data URIs."""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Sequence
from typing import Any

PNG_PREFIX = "data:image/png;base64,"


def new_figure(width: float = 6.0, height: float = 3.5) -> Any:
    """Return a ``matplotlib.figure.Figure`` bound to an Agg canvas.

    Parameters
    ----------
    width, height : float
        Size in inches.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def to_data_uri(fig: Any) -> str:
    """Render ``fig`` to PNG and return it as a ``data:image/png;base64,...`` URI."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return PNG_PREFIX + base64.b64encode(buf.getvalue()).decode("ascii")


def barh(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    xlabel: str,
    errors: Sequence[tuple[float, float]] | None = None,
    reference: float | None = None,
) -> str:
    """Horizontal bar chart (largest on top), optional CI whiskers and reference line.

    Returns
    -------
    str
        The PNG as a data URI.
    """
    fig = new_figure(6.0, max(1.6, 0.32 * len(labels) + 0.9))
    ax = fig.add_subplot()
    pos = list(range(len(labels)))[::-1]
    xerr = None
    if errors is not None:
        # NOTE: an undefined interval (NaN) is drawn without whiskers rather than failing.
        pairs = list(zip(values, errors, strict=True))
        lo = [max(0.0, v - e[0]) if math.isfinite(e[0]) else 0.0 for v, e in pairs]
        hi = [max(0.0, e[1] - v) if math.isfinite(e[1]) else 0.0 for v, e in pairs]
        xerr = [lo, hi]
    ax.barh(pos, values, xerr=xerr, color="#4c78a8", ecolor="#333333", capsize=3)
    ax.set_yticks(pos, [_short(label) for label in labels])
    if reference is not None:
        ax.axvline(reference, color="#d62728", linestyle="--", linewidth=1)
    ax.set_title(title, fontsize=10)
    ax.set_xlabel(xlabel)
    return to_data_uri(fig)


def _short(label: str, limit: int = 28) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def tradeoff(
    points: Sequence[tuple[str, float, float, tuple[float, float], tuple[float, float]]],
    *,
    xlabel: str,
    ylabel: str,
    title: str,
    marked: str,
) -> str:
    """Scatter of (label, x, y, x interval, y interval) points, the ``marked`` one as a red star.

    Returns
    -------
    str
        The PNG as a data URI.
    """
    fig = new_figure(6.0, 4.0)
    ax = fig.add_subplot()
    for label, x, y, xci, yci in points:
        xerr = [[_gap(x - xci[0])], [_gap(xci[1] - x)]]
        yerr = [[_gap(y - yci[0])], [_gap(yci[1] - y)]]
        original = label == marked
        ax.errorbar(
            x, y, xerr=xerr, yerr=yerr, fmt="*" if original else "o",
            color="#d62728" if original else "#4c78a8", ecolor="#999999",
            markersize=12 if original else 7, capsize=2,
        )  # fmt: skip
        ax.annotate(_short(label, 22), (x, y), textcoords="offset points", xytext=(5, 5))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=10)
    return to_data_uri(fig)


def _gap(value: float) -> float:
    return max(0.0, value) if math.isfinite(value) else 0.0
