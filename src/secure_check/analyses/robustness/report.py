"""The result of ``secure_check.robustness``: rich display, JSON and plots."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

import numpy as np

from secure_check.analyses.plots import new_figure, to_data_uri
from secure_check.analyses.rich import AnalysisResult, plots_html, table_html
from secure_check.analyses.robustness.evasion import AttackRun
from secure_check.analyses.robustness.space import FeatureSpace

MIME_TYPE = "application/vnd.secure-check.robustness+json"
NO_RUN = "no attack run named {name!r} at eps={eps!r}; runs: {runs}"
# NOTE: the model's name, column names and attack errors come from the user and the data:
# rendered by core.page (Jinja2, autoescape).
_INTRO = (
    "<p>Model <code>{{ model }}</code>, clean accuracy <b>{{ accuracy }}</b>; "
    "eps is a fraction of each feature's range.</p>"
)
_SCOPE = (
    "<p>Attacks may change: {{ may }}. Immutable: {{ frozen }}.{% if labels %} Crafted against "
    "the {{ labels }}.{% endif %}{% for f in failed %} Failed: {{ f.attack }} ({{ f.error }})."
    "{% endfor %}</p>"
)
_POISONING = "<h4>Training set ({{ n }} rows screened)</h4>{{ table }}"


@dataclasses.dataclass(repr=False)
class RobustnessReport(AnalysisResult):
    """Adversarial, privacy and poisoning probes of one model.

    ``runs`` keeps every attack's (valid, projected) adversarial examples:
    :meth:`adversarial_examples` returns them in the model's own input format.
    """

    mime_type: ClassVar[str] = MIME_TYPE
    title: ClassVar[str] = "Robustness and privacy probes"

    model: str
    clean_accuracy: float
    attacks: list[dict[str, Any]]
    groups: list[dict[str, Any]]
    most_changed_features: list[dict[str, Any]]
    changed_by_group: dict[str, list[dict[str, Any]]]
    membership_inference: dict[str, Any]
    attribute_inference: dict[str, Any]
    poisoning: dict[str, Any]
    findings: list[dict[str, Any]]
    plots: dict[str, str]
    meta: dict[str, Any]
    runs: list[AttackRun] = dataclasses.field(default_factory=list)
    space: FeatureSpace | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable summary (everything but the adversarial examples themselves)."""
        keys = (
            "model",
            "clean_accuracy",
            "attacks",
            "groups",
            "most_changed_features",
            "changed_by_group",
            "membership_inference",
            "attribute_inference",
            "poisoning",
            "findings",
            "plots",
            "meta",
        )
        return {key: _plain(getattr(self, key)) for key in keys}

    def run(self, name: str, eps: float | None = None) -> AttackRun:
        """Return the attack run called ``name`` (``"pgd"`` or ``"HopSkipJump"``) at ``eps``."""
        for run in self.runs:
            if name in (run.name, _label(run)) and (eps is None or run.eps == eps):
                return run
        names = [(r.name, r.eps) for r in self.runs]
        raise KeyError(NO_RUN.format(name=name, eps=eps, runs=names))

    def adversarial_examples(self, name: str, eps: float | None = None) -> Any:
        """Adversarial rows of one run, decoded to the model's input format (frame or array)."""
        run = self.run(name, eps)
        assert self.space is not None
        return self.space.decode(run.x_adv)

    def _text_summary(self) -> str:
        lines = [f"model: {self.model}   clean accuracy: {self.clean_accuracy:.3f}"]
        for row in self.attacks:
            if row["eps"] is not None:
                lines.append(
                    f"  {row['name']:<20} eps={row['eps']:<5g} adversarial accuracy "
                    f"{_num(row['adversarial_accuracy'])}  success {_num(row['success_rate'])}"
                )
        mia = self.membership_inference
        if "auc" in mia:
            lines.append(f"membership inference AUC {mia['auc']:.3f} (0.5 = no leakage)")
        frozen = self.meta.get("immutable_features")
        if frozen:
            lines.append(f"attacks may not change: {', '.join(map(str, frozen))}")
        lines += [f"attack failed: {f['attack']} ({f['error']})" for f in self._failed()]
        return "\n".join(lines)

    def _failed(self) -> list[dict[str, Any]]:
        return list(self.meta.get("failed_attacks") or [])

    def _html_body(self) -> str:
        from secure_check.core.page import render

        intro = render(_INTRO, model=self.model, accuracy=f"{self.clean_accuracy:.3f}")
        parts = [
            intro,
            _scope_html(self.meta),
            table_html(ATTACK_HEADER, [_attack_row(r) for r in self.attacks]),
            _changed_html(self.most_changed_features),
            _groups_html(self.groups),
            _privacy_html(self.membership_inference, self.attribute_inference),
            _poisoning_html(self.poisoning),
            plots_html(self.plots),
        ]
        return "".join(parts)


def _scope_html(meta: dict[str, Any]) -> str:
    """Which columns attacks may change, against which labels, and any attack that failed."""
    from secure_check.core.page import render

    may = ", ".join(map(str, meta.get("mutable_features") or [])) or "none"
    frozen = ", ".join(map(str, meta.get("immutable_features") or [])) or "none"
    failed = meta.get("failed_attacks") or []
    return render(_SCOPE, may=may, frozen=frozen, labels=meta.get("attack_labels"), failed=failed)


ATTACK_HEADER = [
    "attack", "eps", "samples", "adversarial accuracy", "success rate",
    "median L2", "median Linf", "median Linf (range)",
]  # fmt: skip


def _attack_row(row: dict[str, Any]) -> list[Any]:
    size = row["median_perturbation"] or {}
    eps = "minimal" if row["eps"] is None else row["eps"]
    return [
        row["name"], eps, row["samples"], row["adversarial_accuracy"], row["success_rate"],
        size.get("l2"), size.get("linf"), size.get("linf_range"),
    ]  # fmt: skip


def _changed_html(changed: list[dict[str, Any]]) -> str:
    if not changed:
        return ""
    rows = [(f["feature"], f["share"], f["mean_change_range"]) for f in changed]
    header = ["feature", "share of successful attacks", "mean change (range)"]
    return "<h4>Features most often changed</h4>" + table_html(header, rows)


def _groups_html(groups: list[dict[str, Any]]) -> str:
    rows = [
        (g["group"], g["name"], "minimal" if g["eps"] is None else g["eps"], g["samples"],
         g["clean_accuracy"], g["adversarial_accuracy"], g["success_rate"])
        for g in groups
    ]  # fmt: skip
    if not rows:
        return ""
    header = ["group", "attack", "eps", "samples", "clean accuracy", "adversarial accuracy",
              "success rate"]  # fmt: skip
    return "<h4>Per sensitive group</h4>" + table_html(header, rows)


def _poisoning_html(screen: dict[str, Any]) -> str:
    from secure_check.core.page import render, trusted

    if "rows_screened" not in screen:
        return ""
    rows = [
        (name, part.get("count"), part.get("rate"), ", ".join(map(str, part.get("index", []))))
        for name, part in (("label noise", screen["label_noise"]), ("outliers", screen["outliers"]))
    ]
    header = ["screen", "rows flagged", "rate", "first rows (index)"]
    table = trusted(table_html(header, rows))
    return render(_POISONING, n=screen["rows_screened"], table=table)


def _privacy_html(mia: dict[str, Any], attr: dict[str, Any]) -> str:
    rows = []
    if "auc" in mia:
        rows.append(("membership (black-box)", mia["auc"], mia["advantage"]))
    if "label_only" in mia:
        rows.append(
            ("membership (label-only)", mia["label_only"]["auc"], mia["label_only"]["advantage"])
        )
    if "accuracy" in attr:
        rows.append((f"attribute {attr['attribute']}", attr["accuracy"], attr["advantage"]))
    if not rows:
        return ""
    note = (
        "<p>AUC 0.5 means an attacker learns nothing about who was in the training set; "
        "advantage is the best true-positive minus false-positive rate.</p>"
    )
    return "<h4>Privacy</h4>" + note + table_html(["attack", "AUC / accuracy", "advantage"], rows)


def accuracy_plot(clean: float, attacks: list[dict[str, Any]]) -> str:
    """Adversarial accuracy against eps for each attack, clean accuracy dashed."""
    fig = new_figure(6.0, 3.4)
    ax = fig.add_subplot()
    for name in dict.fromkeys(r["name"] for r in attacks):
        pts = sorted(
            (r["eps"], r["adversarial_accuracy"])
            for r in attacks
            if r["name"] == name and r["eps"] is not None
        )
        if pts:
            ax.plot(*zip(*pts, strict=True), marker="o", label=name)
    ax.axhline(clean, color="#555555", linestyle="--", linewidth=1, label="clean")
    ax.set_xlabel("eps (fraction of each feature's range)")
    ax.set_ylabel("accuracy")
    ax.set_ylim(0, 1.02)
    ax.set_title("Accuracy under attack", fontsize=10)
    ax.legend(fontsize=8)
    return to_data_uri(fig)


def group_plot(groups: list[dict[str, Any]], eps: float) -> str | None:
    """Attack success rate per sensitive group at ``eps`` (None when nothing to show)."""
    from secure_check.analyses.plots import barh

    rows = [g for g in groups if g["eps"] == eps and g["success_rate"] is not None]
    if not rows:
        return None
    return barh(
        [f"{g['group']} · {g['name']}" for g in rows],
        [g["success_rate"] for g in rows],
        title=f"Attack success rate by group (eps {eps:g})",
        xlabel="share of correct predictions flipped",
    )


def roc_plot(mia: dict[str, Any]) -> str:
    """ROC curve of the membership-inference attack against the no-leakage diagonal."""
    fig = new_figure(3.6, 3.4)
    ax = fig.add_subplot()
    ax.plot(mia["roc"]["fpr"], mia["roc"]["tpr"], color="#b00020", label=f"AUC {mia['auc']:.2f}")
    ax.plot([0, 1], [0, 1], color="#555555", linestyle="--", linewidth=1, label="no leakage")
    ax.set_xlabel("false positive rate")
    ax.set_ylabel("true positive rate")
    ax.set_title("Membership inference", fontsize=10)
    ax.legend(fontsize=8, loc="lower right")
    return to_data_uri(fig)


def _label(run: AttackRun) -> str:
    from secure_check.analyses.robustness.evasion import LABELS

    return LABELS[run.name]


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _plain(value: Any) -> Any:
    """Numpy scalars and arrays to Python values (json.dumps-safe), recursively."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float) and value != value:
        return None
    return value
