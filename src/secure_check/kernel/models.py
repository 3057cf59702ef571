"""`%secure_check fairness|mitigate|explain|robustness|card`: parse, resolve, call the API."""

from __future__ import annotations

import argparse
import inspect
from keyword import iskeyword
from typing import Any

from secure_check.core import extras

# command -> the Python API it calls ("module:function")
COMMANDS = {
    "fairness": extras.PUBLIC["fairness"],
    "mitigate": extras.PUBLIC["mitigate"],
    "explain": extras.PUBLIC["explain"],
    "robustness": extras.PUBLIC["robustness"],
    "card": extras.PUBLIC["build_card"],
}
# analysis command -> build_card keyword holding its result
RESULT_COMMANDS = {
    "fairness": "fairness",
    "mitigate": "mitigation",
    "explain": "explanation",
    "robustness": "robustness",
}
ERR_UNDEFINED = "{what} {name!r} is not defined in the notebook (define it or check the spelling)"
ERR_NOT_AVAILABLE = (
    "%secure_check {command} is not available in this installation of secure-check ({detail})"
)
ERR_EVAL = "cannot evaluate {what} {name!r}: {error}"
ERR_NO_TARGET = "--target is needed: name a variable holding y, or a column of the --data frame"
ERR_INTO = "--into needs a Python variable name; got {name!r}"
NOTHING_ADOPTED = (
    "{name} was not set: no method lowered the disparity beyond its interval, keep the original"
)


def add_parsers(sub: Any, parser_class: type) -> None:
    """Add the model sub-commands to an argparse sub-parser set."""
    p = sub.add_parser("fairness", help="fairness by sensitive group (fairlearn)")
    _model_data(p, target=True)
    p.add_argument("--sensitive", required=True, help="comma-separated columns of X (or variables)")
    p.add_argument(
        "--favorable",
        "--favourable",
        "--pos-label",
        dest="pos_label",
        default=None,
        help="the outcome that is good for the person (e.g. 0 when 1 = reoffended)",
    )
    _add_mitigate_parser(sub)
    p = sub.add_parser("explain", help="SHAP importances, proxies, partial dependence")
    _model_data(p, target=False)
    p.add_argument("--sensitive", default=None)
    p.add_argument("--background", default=None, help="variable with background rows")
    p.add_argument("--budget", type=float, default=None, help="time budget in seconds")
    p = sub.add_parser("robustness", help="adversarial and privacy probes (ART)")
    _model_data(p, target=True)
    p.add_argument("--train", nargs=2, metavar=("X_TRAIN", "Y_TRAIN"), default=None)
    p.add_argument("--sensitive", default=None)
    p.add_argument("--budget", type=float, default=None, help="time budget in seconds")
    p.add_argument("--eps", type=_floats, default=None, help="comma-separated perturbation sizes")
    p.add_argument("--seed", type=int, default=0)
    _add_card_parser(sub)


def _add_mitigate_parser(sub: Any) -> None:
    from secure_check.analyses.mitigate.constraints import CONSTRAINTS, METHODS

    p = sub.add_parser("mitigate", help="bias mitigation compared held out (fairlearn)")
    _model_data(p, target=True)
    p.add_argument("--sensitive", required=True, help="comma-separated columns of X")
    p.add_argument("--constraint", choices=sorted(CONSTRAINTS), default="demographic_parity")
    p.add_argument(
        "--method", type=_names, default=None, help="comma-separated: " + ", ".join(METHODS)
    )
    p.add_argument("--test", nargs=2, metavar=("X_TEST", "Y_TEST"), default=None)
    p.add_argument("--into", default=None, metavar="NAME", help="variable for the adopted model")
    p.add_argument("--budget", type=float, default=None, help="seconds per reductions method")
    p.add_argument("--seed", type=int, default=0)


def _add_card_parser(sub: Any) -> None:
    p = sub.add_parser("card", help="signed model card (uses this session's analyses)")
    p.add_argument("model", metavar="MODEL")
    p.add_argument("--name", default=None)
    p.add_argument("--out", default=None, help="output folder")
    p.add_argument("--sign", default=None, metavar="KEY", help="signing key file")
    p.add_argument("--data", default=None, metavar="X")
    p.add_argument("--target", default=None, metavar="y")
    for name in RESULT_COMMANDS.values():
        p.add_argument(f"--{name}", default=None, metavar="RESULT", help=f"{name} result variable")
    p.add_argument("--intended-use", dest="intended_use", default=None, metavar="TEXT")
    p.add_argument("--limitations", default=None, metavar="TEXT")
    p.add_argument("--notebook", default=None, metavar="PATH", help="training notebook")


def _model_data(p: Any, *, target: bool) -> None:
    p.add_argument("model", metavar="MODEL")
    p.add_argument("--data", required=True, metavar="X")
    if target:
        p.add_argument("--target", default=None, metavar="y")


def _names(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _floats(text: str) -> list[float]:
    try:
        return [float(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected numbers like 0.05,0.1 - got {text!r}") from None


def resolve(ns: dict[str, Any], name: str, what: str = "variable") -> Any:
    """Look ``name`` up in the user namespace; an expression (``df[cols]``) is evaluated there."""
    if name in ns:
        return ns[name]
    try:
        # NOTE: the user's own kernel and namespace, as %timeit or %debug evaluate expressions.
        return eval(name, ns)
    except NameError:
        raise ValueError(ERR_UNDEFINED.format(what=what, name=name)) from None
    except Exception as e:  # noqa: BLE001 - any failure of the user's expression is reported
        raise ValueError(
            ERR_EVAL.format(what=what, name=name, error=f"{type(e).__name__}: {e}")
        ) from None


def run(
    command: str,
    args: argparse.Namespace,
    ns: dict[str, Any],
    context: dict[str, Any] | None = None,
) -> Any:
    """Resolve the arguments of ``command`` and call its Python API; return its result.

    ``context`` carries what the session knows: ``results`` (last result per analysis) and
    ``notebook`` (the notebook file), which ``card`` uses.
    """
    builder = _KWARGS[command]
    kwargs = builder(args, ns, context or {}) if command == "card" else builder(args, ns)
    func = _load(command)
    positional = [kwargs.pop(k) for k in _POSITIONAL[command]]
    accepted = inspect.signature(func).parameters
    call = {k: v for k, v in kwargs.items() if v is not None and k in accepted}
    result = func(*positional, **call)
    if command in RESULT_COMMANDS:
        result.names = _typed_names(args)
    return result


def _typed_names(args: argparse.Namespace) -> dict[str, str]:
    """Return the names the user typed, which the result's next steps quote back."""
    keys = ("model", "data", "target", "sensitive")
    return {k: str(getattr(args, k)) for k in keys if getattr(args, k, None)}


def _load(command: str) -> Any:
    target = COMMANDS[command]
    feature = f"%secure_check {command}"
    try:
        return extras.load(target, feature=feature, extra=extras.extra_for(command))
    except ModuleNotFoundError as e:  # NOTE: only our own modules get here; no extra fixes them
        raise ValueError(
            ERR_NOT_AVAILABLE.format(command=command, detail=f"no module {e.name}")
        ) from None
    except AttributeError:
        module = target.replace(":", ".")
        raise ValueError(ERR_NOT_AVAILABLE.format(command=command, detail=f"no {module}")) from None


def _data_target(args: argparse.Namespace, ns: dict[str, Any]) -> tuple[Any, Any]:
    X = resolve(ns, args.data, "--data")
    name = getattr(args, "target", None)
    if name is None:
        return X, None
    columns = getattr(X, "columns", ())
    if name not in ns and name in columns:
        return X.drop(columns=[name]), X[name]  # NOTE: the target is a column of X
    return X, resolve(ns, name, "--target")


def _sensitive(args: argparse.Namespace, ns: dict[str, Any], X: Any) -> Any:
    text = getattr(args, "sensitive", None)
    if not text:
        return None
    columns = set(getattr(X, "columns", ()))
    items = [s.strip() for s in text.split(",") if s.strip()]
    resolved = [s if s in columns or s not in ns else ns[s] for s in items]
    return resolved[0] if len(resolved) == 1 and not isinstance(resolved[0], str) else resolved


def _fairness(args: argparse.Namespace, ns: dict[str, Any]) -> dict[str, Any]:
    resolve(ns, args.model, "MODEL")
    X, y = _data_target(args, ns)
    if y is None:
        raise ValueError(ERR_NO_TARGET)
    model = resolve(ns, args.model, "MODEL")
    return {
        "model": model,
        "X": X,
        "y": y,
        "sensitive_features": _sensitive(args, ns, X),
        "pos_label": getattr(args, "pos_label", None),
    }


def _mitigate(args: argparse.Namespace, ns: dict[str, Any]) -> dict[str, Any]:
    if args.into is not None and not (args.into.isidentifier() and not iskeyword(args.into)):
        raise ValueError(ERR_INTO.format(name=args.into))
    kwargs = _fairness(args, ns)
    kwargs.pop("pos_label")
    test = [resolve(ns, n, "--test") for n in args.test] if args.test else [None, None]
    return {
        **kwargs,
        "constraint": args.constraint,
        "method": args.method,
        "X_test": test[0],
        "y_test": test[1],
        "budget": args.budget,
        "seed": args.seed,
    }


# fairness finding rule -> the mitigate constraint that targets it
_TARGETS = {
    "demographic_parity_difference": "demographic_parity",
    "demographic_parity_ratio": "demographic_parity",
    "equalized_odds_difference": "equalized_odds",
    "equalized_odds_ratio": "equalized_odds",
    "equal_opportunity_difference": "equal_opportunity",
}


def suggest_mitigation(args: argparse.Namespace, result: Any) -> Any:
    """Give each disparity finding of ``%secure_check fairness`` the mitigate line to run next."""
    from secure_check.analyses.fairness.analyze import INTERSECTION_SEP

    for finding in getattr(result, "findings", None) or []:
        constraint = _TARGETS.get(str(finding.get("rule")))
        if constraint is None or finding.get("severity") == "low" or args.target is None:
            continue
        columns = str(finding.get("feature", "")).replace(INTERSECTION_SEP, ",")
        finding["suggestion"] = (
            f"%secure_check mitigate {args.model} --data {args.data} --target {args.target} "
            f"--sensitive {columns} --constraint {constraint} --into {_into(args.model)}"
        )
    return result


def _into(model: str) -> str:
    name = "".join(c if c.isalnum() or c == "_" else "_" for c in model).strip("_") or "model"
    return f"{name}_mitigated" if name[0].isalpha() or name[0] == "_" else f"m_{name}_mitigated"


def adopt(ns: dict[str, Any], name: str | None, result: Any) -> Any:
    """Bind the adopted model to ``name`` in the notebook (or say in the result why not)."""
    if name is not None and result.estimator is None:
        result.meta.setdefault("notes", []).append(NOTHING_ADOPTED.format(name=name))
    elif name is not None:
        ns[name] = result.estimator
    return result


def _explain(args: argparse.Namespace, ns: dict[str, Any]) -> dict[str, Any]:
    resolve(ns, args.model, "MODEL")
    X = resolve(ns, args.data, "--data")
    background = resolve(ns, args.background, "--background") if args.background else None
    return {
        "model": resolve(ns, args.model, "MODEL"),
        "X": X,
        "sensitive_features": _sensitive(args, ns, X),
        "background": background,
        "budget": args.budget,
    }


def _robustness(args: argparse.Namespace, ns: dict[str, Any]) -> dict[str, Any]:
    resolve(ns, args.model, "MODEL")
    X, y = _data_target(args, ns)
    if y is None:
        raise ValueError(ERR_NO_TARGET)
    train = [resolve(ns, n, "--train") for n in args.train] if args.train else [None, None]
    return {
        "model": resolve(ns, args.model, "MODEL"),
        "X": X,
        "y": y,
        "X_train": train[0],
        "y_train": train[1],
        "sensitive_features": _sensitive(args, ns, X),
        "eps": args.eps,
        "budget": args.budget,
        "seed": args.seed,
    }


def _card(args: argparse.Namespace, ns: dict[str, Any], context: dict[str, Any]) -> dict[str, Any]:
    model = resolve(ns, args.model, "MODEL")
    X, y = _data_target(args, ns) if args.data else (None, None)
    results = context.get("results", {})
    kwargs = {
        "model": model,
        "name": args.name or args.model,
        "out_dir": args.out,
        "sign_key": args.sign,
        "X": X,
        "y": y,
        "notebook": args.notebook or context.get("notebook"),
        "intended_use": args.intended_use,
        "limitations": args.limitations,
    }
    for command, name in RESULT_COMMANDS.items():
        given = getattr(args, name)
        # NOTE: without --fairness etc., the session's last analysis of this command is used.
        kwargs[name] = resolve(ns, given, f"--{name}") if given else results.get(command)
    return kwargs


_KWARGS: dict[str, Any] = {
    "fairness": _fairness,
    "mitigate": _mitigate,
    "explain": _explain,
    "robustness": _robustness,
    "card": _card,
}
_POSITIONAL = {
    "fairness": ("model", "X", "y"),
    "mitigate": ("model", "X", "y"),
    "explain": ("model", "X"),
    "robustness": ("model", "X", "y"),
    "card": ("model",),
}
