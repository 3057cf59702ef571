"""Evasion probes: pick the ART attacks the model admits, run them under a budget, keep them valid."""

from __future__ import annotations

import dataclasses
import time
from typing import Any

import numpy as np

from .robustness_budget import Budget, Deadline, sample_rows
from .robustness_target import Target, quiet

UNKNOWN_ATTACK = "unknown attack {name!r}; choose from {choices}"
NOT_APPLICABLE = "attack {name!r} needs {need}, which this model ({model}) does not offer"
BAD_EPS = "eps must be fractions of each feature's range in (0, 1], got {eps!r}"

DEFAULT_EPS = (0.01, 0.05, 0.1, 0.2)
BOUNDED = ("fgsm", "pgd")
MINIMAL = ("decision_tree", "hsj", "boundary", "zoo")
ATTACKS = BOUNDED + MINIMAL
LABELS = {
    "fgsm": "FGSM",
    "pgd": "PGD",
    "decision_tree": "DecisionTreeAttack",
    "hsj": "HopSkipJump",
    "boundary": "BoundaryAttack",
    "zoo": "ZOO",
}
# NOTE: caps keep the default set near 20 s on a 100-tree forest (2 cores); decision-based
# attacks query the model hundreds of times per sample, gradient ones a few dozen per batch.
CAPS = {"fgsm": 200, "pgd": 100, "decision_tree": 100, "hsj": 25, "boundary": 25, "zoo": 10}
CHUNKS = {"fgsm": 100, "pgd": 50, "decision_tree": 50, "hsj": 1, "boundary": 1, "zoo": 1}
WEIGHTS = {"fgsm": 0.5, "pgd": 1.5, "decision_tree": 0.5, "hsj": 2.0, "boundary": 1.5, "zoo": 1.0}


@dataclasses.dataclass
class AttackRun:
    """One attack at one eps (``None`` for minimal-perturbation attacks) on a sample of rows.

    ``x`` and ``x_adv`` are encoded rows; ``x_adv`` is already projected onto valid values
    (ranges, integers, one-hot groups) and ``pred`` is the model's prediction on it.
    """

    name: str
    eps: float | None
    rows: np.ndarray
    x: np.ndarray
    x_adv: np.ndarray
    y: np.ndarray
    clean: np.ndarray
    pred: np.ndarray
    seconds: float
    estimator: str
    complete: bool

    @property
    def flipped(self) -> np.ndarray:
        """Rows whose prediction the (valid) adversarial example changes."""
        return np.asarray(self.pred != self.clean)

    def subset(self, mask: np.ndarray) -> AttackRun:
        """The same run restricted to some rows (e.g. one sensitive group)."""
        arrays = {f: getattr(self, f)[mask] for f in ("rows", "x", "x_adv", "y", "clean", "pred")}
        return dataclasses.replace(self, **arrays)


def check_eps(eps: Any) -> tuple[float, ...]:
    """Validate ``eps`` (a number or a sequence of fractions of the feature ranges)."""
    if eps is None:
        return DEFAULT_EPS
    values = (eps,) if np.isscalar(eps) else tuple(eps)
    try:
        out = tuple(sorted({float(e) for e in values}))
    except (TypeError, ValueError):
        raise ValueError(BAD_EPS.format(eps=eps)) from None
    if not out or any(not 0 < e <= 1 for e in out):
        raise ValueError(BAD_EPS.format(eps=eps))
    return out


def choose(target: Target, names: Any = None) -> list[str]:
    """The attacks to run: the caller's, checked, or the default set for the model's kind."""
    white, tree = target.white_box() is not None, target.single_tree() is not None
    if names is None:
        if white:
            return ["fgsm", "pgd", "hsj"]
        return ["decision_tree", "hsj"] if tree else ["hsj", "boundary", "zoo"]
    chosen = [names] if isinstance(names, str) else list(names)
    for name in chosen:
        if name not in ATTACKS:
            raise ValueError(UNKNOWN_ATTACK.format(name=name, choices=", ".join(ATTACKS)))
        if name in BOUNDED and not white:
            raise ValueError(NOT_APPLICABLE.format(name=name, need="gradients", model=target.name))
        if name == "decision_tree" and not tree:
            raise ValueError(
                NOT_APPLICABLE.format(name=name, need="one sklearn tree", model=target.name)
            )
    return chosen


def run_evasion(
    target: Target,
    Z: np.ndarray,
    y: np.ndarray,
    rows: np.ndarray,
    *,
    names: list[str],
    eps: tuple[float, ...],
    budget: Budget,
    seed: int,
    groups: np.ndarray | None = None,
) -> list[AttackRun]:
    """Run every chosen attack on a seeded sample of ``rows`` and return the runs."""
    deadline = budget.slot("evasion")
    runs: list[AttackRun] = []
    for i, name in enumerate(names):
        weights = [WEIGHTS[n] for n in names[i:]]
        share = deadline.part(weights[0] / sum(weights))
        sample = sample_rows(rows, CAPS[name], seed, groups)
        for e in eps if name in BOUNDED else (None,):
            part = share.part(1.0 / (len(eps) - eps.index(e))) if e is not None else share
            runs.append(_run(target, name, e, Z[sample], y[sample], sample, part, budget))
    return runs


def _run(
    target: Target,
    name: str,
    eps: float | None,
    x: np.ndarray,
    y: np.ndarray,
    rows: np.ndarray,
    deadline: Deadline,
    budget: Budget,
) -> AttackRun:
    started = time.monotonic()
    attack, scaled = _attack(target, name, eps)
    space = target.space
    bound = None if eps is None else eps * space.span
    clean = target.predict(x)
    done, out = 0, []
    label = LABELS[name] + ("" if eps is None else f" eps={eps:g}")
    with budget.bar(len(x), label) as bar:
        while done < len(x) and not (done and deadline.passed):
            chunk = x[done : done + CHUNKS[name]]
            with quiet():
                adv = attack.generate(space.scale(chunk) if scaled else chunk.astype(np.float32))
            out.append(space.unscale(adv) if scaled else np.asarray(adv, dtype=float))
            done += len(chunk)
            bar.update(len(chunk))
    x_adv = space.project(np.concatenate(out), x[:done], bound)
    return AttackRun(
        name,
        eps,
        rows[:done],
        x[:done],
        x_adv,
        y[:done],
        clean[:done],
        target.predict(x_adv),
        time.monotonic() - started,
        type(attack.estimator).__name__,
        done == len(x),
    )


def _attack(target: Target, name: str, eps: float | None) -> tuple[Any, bool]:
    """Build the ART attack; the bool says whether it works in the [0, 1]-scaled space."""
    from art.attacks import evasion

    if name in BOUNDED:
        est = target.white_box()
        step = np.asarray(eps * target.space.span, dtype=np.float32)
        if name == "fgsm":
            return evasion.FastGradientMethod(est, norm=np.inf, eps=step, eps_step=step / 4), False
        return evasion.ProjectedGradientDescent(
            est, norm=np.inf, eps=step, eps_step=step / 4, max_iter=20, verbose=False
        ), False
    if name == "decision_tree":
        offset = float(np.min(target.space.span)) * 1e-3
        return evasion.DecisionTreeAttack(target.single_tree(), offset=offset, verbose=False), False
    box = target.blackbox(scaled=True)
    if name == "hsj":
        return evasion.HopSkipJump(
            box, norm=np.inf, max_iter=8, max_eval=100, init_eval=10, init_size=30, verbose=False
        ), True
    if name == "boundary":
        return evasion.BoundaryAttack(
            box,
            targeted=False,
            max_iter=30,
            num_trial=10,
            sample_size=10,
            init_size=30,
            verbose=False,
        ), True
    return evasion.ZooAttack(
        box,
        max_iter=20,
        binary_search_steps=3,
        learning_rate=0.1,
        initial_const=1.0,
        nb_parallel=min(10, len(target.space.columns)),
        use_resize=False,
        use_importance=False,
        verbose=False,
    ), True
