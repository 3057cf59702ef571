"""Evasion probes: the ART attacks a model admits, run under a budget, examples kept valid."""

from __future__ import annotations

import dataclasses
import time
from typing import Any

import numpy as np

from secure_check.analyses.robustness.budget import Budget, Deadline, sample_rows
from secure_check.analyses.robustness.target import Target, quiet

UNKNOWN_ATTACK = "unknown attack {name!r}; choose from {choices}"
NOT_APPLICABLE = "attack {name!r} needs {need}, which this model ({model}) does not offer"
BAD_SAMPLES = "samples must be a positive whole number of rows per attack, got {samples!r}"
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
INIT_TRIES = 100
SCALED = ("hsj", "boundary", "zoo")
DECISION_BASED = ("hsj", "boundary")
WEIGHTS = {"fgsm": 0.5, "pgd": 1.5, "decision_tree": 0.5, "hsj": 2.0, "boundary": 1.5, "zoo": 0.5}


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
        """Return the same run restricted to some rows (e.g. one sensitive group)."""
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


def check_samples(samples: Any) -> int | None:
    """Validate the per-attack row cap (None keeps each attack's default cap)."""
    if samples is None:
        return None
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < 1:
        raise ValueError(BAD_SAMPLES.format(samples=samples))
    return int(samples)


def choose(target: Target, names: Any = None) -> list[str]:
    """Return the attacks to run: the caller's, checked, or the default set for the model."""
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
    samples: int | None = None,
    failed: list[dict[str, Any]] | None = None,
) -> list[AttackRun]:
    """Run every chosen attack on a seeded sample of ``rows`` and return the runs.

    Attacks craft against the true labels ``y``; rows the model already gets wrong are left
    as they are (the adversary has nothing to do there), so adversarial accuracy can never
    exceed clean accuracy. An attack that raises is recorded in ``failed`` (when given).
    """
    deadline = budget.slot("evasion")
    runs: list[AttackRun] = []
    for i, name in enumerate(names):
        weights = [WEIGHTS[n] for n in names[i:]]
        share = deadline.part(weights[0] / sum(weights))
        cap = CAPS[name] if samples is None else min(CAPS[name], samples)
        sample = sample_rows(rows, cap, seed, groups)
        for e in eps if name in BOUNDED else (None,):
            part = share.part(1.0 / (len(eps) - eps.index(e))) if e is not None else share
            try:
                runs.append(_run(target, name, e, Z[sample], y[sample], sample, part, budget))
            except Exception as exc:  # NOTE: one failed attack must not lose the others
                if failed is None:
                    raise
                failed.append({"attack": name, "eps": e, "error": f"{type(exc).__name__}: {exc}"})
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
    attack = _attack(target, name, eps)
    space = target.space
    bound = None if eps is None else eps * space.span
    clean = target.predict(x)
    done, out = 0, []
    label = LABELS[name] + ("" if eps is None else f" eps={eps:g}")
    with budget.bar(len(x), label) as bar:
        while done < len(x) and not (done and deadline.passed):
            chunk = x[done : done + CHUNKS[name]]
            part = slice(done, done + len(chunk))
            out.append(_generate(attack, name, target, chunk, clean[part], y[part]))
            done += len(chunk)
            bar.update(len(chunk))
    x_adv = space.project(np.concatenate(out), x[:done], bound)
    wrong = clean[:done] != y[:done]
    x_adv[wrong] = x[:done][wrong]
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


def _generate(
    attack: Any, name: str, target: Target, chunk: np.ndarray, clean: np.ndarray, y: np.ndarray
) -> np.ndarray:
    """Run the attack on a chunk; decision-based ones start from a seeded adversarial point.

    Gradient attacks move away from the true label ``y`` (not the model's own prediction)
    and only along the columns the space leaves mutable.
    """
    space = target.space
    mask = np.broadcast_to(space.mutable, chunk.shape)
    if name in BOUNDED:
        onehot = np.eye(target.n_classes, dtype=np.float32)[y]
        with quiet():
            adv = attack.generate(chunk.astype(np.float32), y=onehot, mask=mask)
        return np.asarray(adv, dtype=float)
    if name not in SCALED:
        with quiet():
            return np.asarray(attack.generate(chunk.astype(np.float32)), dtype=float)
    s = space.scale(chunk)
    out = s.copy()
    if name in DECISION_BASED:
        start, found = _starting_points(target, s, clean)
    else:
        start, found = None, np.ones(len(s), dtype=bool)
    if found.any():
        extra: dict[str, Any] = {} if start is None else {"x_adv_init": start[found]}
        if name == "hsj":
            extra["mask"] = mask[found]
        with quiet():
            out[found] = attack.generate(s[found], **extra)
    return space.unscale(out)


def _starting_points(
    target: Target, s: np.ndarray, clean: np.ndarray, tries: int = INIT_TRIES
) -> tuple[np.ndarray, np.ndarray]:
    """Nearest of ``tries`` uniform random points the model labels differently, per row.

    NOTE: ART's HopSkipJump and BoundaryAttack draw their starting points from an unseeded
    ``np.random.RandomState()``; passing ``x_adv_init`` drawn from the seeded global RNG is
    what makes them reproducible. Rows without such a point are left unattacked.
    """
    start, found = s.copy(), np.zeros(len(s), dtype=bool)
    base = np.random.uniform(0.0, 1.0, size=(tries, s.shape[1])).astype(np.float32)
    frozen = target.space.mutable == 0
    for i, row in enumerate(s):
        candidates = base.copy()
        candidates[:, frozen] = row[frozen]  # a start the attack may reach: frozen columns kept
        labels = target.predict(target.space.unscale(candidates))
        other = candidates[labels != clean[i]]
        if len(other):
            start[i] = other[np.argmin(np.abs(other - row).max(axis=1))]
            found[i] = True
    return start, found


# NOTE: settings tuned for tabular models queried one row at a time (see CAPS).
SETTINGS: dict[str, dict[str, Any]] = {
    "pgd": {"max_iter": 20, "verbose": False},
    "hsj": {"norm": np.inf, "max_iter": 8, "max_eval": 100, "init_eval": 10, "init_size": 30},
    "boundary": {"targeted": False, "max_iter": 30, "num_trial": 10, "sample_size": 10,
                 "init_size": 30},
    "zoo": {"max_iter": 20, "binary_search_steps": 3, "learning_rate": 0.1, "initial_const": 1.0,
            "use_resize": False, "use_importance": False},
}  # fmt: skip


def _attack(target: Target, name: str, eps: float | None) -> Any:
    """Build the ART attack (the decision-based and ZOO ones work in the [0, 1]-scaled space)."""
    from art.attacks import evasion

    if name in BOUNDED:
        step = np.asarray(eps * target.space.span, dtype=np.float32)
        cls = evasion.FastGradientMethod if name == "fgsm" else evasion.ProjectedGradientDescent
        extra = SETTINGS.get(name, {})
        return cls(target.white_box(), norm=np.inf, eps=step, eps_step=step / 4, **extra)
    if name == "decision_tree":
        offset = float(np.min(target.space.span)) * 1e-3
        return evasion.DecisionTreeAttack(target.single_tree(), offset=offset, verbose=False)
    box = target.blackbox(scaled=True)
    if name == "zoo":
        width = min(10, len(target.space.columns))
        return evasion.ZooAttack(box, nb_parallel=width, verbose=False, **SETTINGS["zoo"])
    cls = evasion.HopSkipJump if name == "hsj" else evasion.BoundaryAttack
    return cls(box, verbose=False, **SETTINGS[name])
