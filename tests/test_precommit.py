"""The pre-commit hook, installed and run by the real `pre-commit try-repo` in a temporary repo."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRE_COMMIT = str(Path(sys.executable).with_name("pre-commit"))


def run(
    cwd: Path, *args: str, env: dict[str, str], timeout: int = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"))
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.update(GIT_AUTHOR_NAME="T", GIT_AUTHOR_EMAIL="t@example.com")
    env.update(GIT_COMMITTER_NAME="T", GIT_COMMITTER_EMAIL="t@example.com")
    # NOTE: the hook needs only the Python package; building the JupyterLab bundle in the
    # hook's fresh venv took 188 s against 40 s without it (2 busy cores), for no use there.
    env["SKIP_JUPYTER_BUILDER"] = "1"
    return env


def test_manifest_is_valid(env: dict[str, str]) -> None:
    # Given the hook manifest at the repository root
    # When pre-commit validates it
    done = run(ROOT, PRE_COMMIT, "validate-manifest", ".pre-commit-hooks.yaml", env=env)
    # Then it is accepted
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_try_repo_fails_on_the_leaky_notebook_only(
    tmp_path: Path, env: dict[str, str], make_nb: Callable[..., Path], token: str
) -> None:
    # Given a git repository with a leaky notebook, a clean one, a .py file and a text file
    repo = tmp_path / "work"
    repo.mkdir()
    run(repo, "git", "init", "-q", env=env)
    make_nb(repo / "leaky.ipynb", f'TOKEN = "{token}"')
    make_nb(repo / "clean.ipynb", "x = 1")
    (repo / "tool.py").write_text("print('hello')\n")
    (repo / "notes.txt").write_text(f"token {token}\n")  # NOTE: not a hook type: never passed.
    run(repo, "git", "add", ".", env=env)
    # When pre-commit installs this repository's hook and runs it on those files
    started = time.perf_counter()
    done = run(
        repo, PRE_COMMIT, "try-repo", str(ROOT), "secure-check", "--files",
        "leaky.ipynb", "clean.ipynb", "tool.py", "notes.txt", env=env, timeout=600,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    out = done.stdout + done.stderr
    # Then the hook fails on the leaky notebook alone, without printing the token
    assert done.returncode == 1, out
    assert "leaky.ipynb" in out and "github-token" in out
    assert "notes.txt" not in out.split("hook id: secure-check")[-1]
    assert token not in out
    print(f"pre-commit try-repo (install + run): {seconds:.0f} s")
