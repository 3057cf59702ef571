"""--history: secrets removed or deleted in later commits are still reported, tagged by commit."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from secure_check.batch.git_history import ERR_NOT_GIT, TAG
from secure_check.cli.main import main


def git(repo: Path, *args: str) -> str:
    env_args = ["-c", "user.email=t@example.com", "-c", "user.name=T", "-c", "commit.gpgsign=false"]
    done = subprocess.run(
        ["git", *env_args, *args], cwd=repo, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def scan(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["scan", "--no-progress", "-j", "1", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


@pytest.fixture
def repo(tmp_path: Path, make_nb: Callable[..., Path], token: str, email: str) -> dict[str, str]:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    nb = make_nb(root / "analysis.ipynb", f'TOKEN = "{token}"', "x = 1")
    make_nb(root / "gone.ipynb", f'print("{email}")')
    git(root, "add", ".")
    git(root, "commit", "-qm", "first")
    leak = git(root, "rev-parse", "HEAD")
    make_nb(nb, 'TOKEN = os.environ["TOKEN"]', "x = 1")
    git(root, "rm", "-q", "gone.ipynb")
    git(root, "commit", "-qam", "remove the secret and the notebook")
    return {"root": str(root), "leak": leak}


def test_working_tree_alone_is_clean(
    repo: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    # Given the repository after the clean-up commit
    # When scanned without --history
    code, doc = scan(capsys, repo["root"])
    # Then nothing is found: the leak lives only in history
    assert (code, doc["findings"]) == (0, [])


def test_history_reports_removed_secret_and_deleted_notebook(
    repo: dict[str, str], capsys: pytest.CaptureFixture[str], token: str, email: str
) -> None:
    # Given the same repository
    # When scanned with --history
    code, doc = scan(capsys, "--history", repo["root"])
    # Then the removed token and the deleted notebook's e-mail are reported with the commit
    found = {(f["path"], f["rule"]) for f in doc["findings"]}
    assert found == {("analysis.ipynb", "github-token"), ("gone.ipynb", "email")}
    tag = TAG.format(commit=repo["leak"][:10])
    assert all(f["message"].startswith(tag) for f in doc["findings"])
    assert code == 1
    assert token not in json.dumps(doc) and email not in json.dumps(doc)


def test_a_secret_still_present_is_reported_once(
    repo: dict[str, str], make_nb: Callable[..., Path], token: str,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    # Given the token put back into the working tree (uncommitted)
    make_nb(Path(repo["root"]) / "analysis.ipynb", f'TOKEN = "{token}"')
    # When scanned with --history
    _, doc = scan(capsys, "--history", str(Path(repo["root"]) / "analysis.ipynb"))
    # Then it appears once, untagged (it is in the working tree)
    tokens = [f for f in doc["findings"] if f["rule"] == "github-token"]
    assert len(tokens) == 1 and not tokens[0]["message"].startswith("[commit")


def test_outside_git_is_a_clear_error(
    tmp_path: Path, make_nb: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a notebook in no repository
    nb = make_nb(tmp_path / "plain" / "nb.ipynb", "x = 1")
    # When scanned with --history
    code = main(["scan", "--no-progress", "--history", str(nb)])
    # Then exit 2 says why
    assert code == 2
    assert ERR_NOT_GIT.format(path=nb) in capsys.readouterr().err


def test_history_covers_text_files_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], token: str
) -> None:
    # Given a .env committed with a token, then deleted
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    (root / ".env").write_text(f"# keys\nGITHUB_TOKEN={token}\n")
    (root / "keep.md").write_text("notes\n")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first")
    git(root, "rm", "-q", ".env")
    git(root, "commit", "-qm", "drop .env")
    # When scanned with --history
    code, doc = scan(capsys, "--history", str(root))
    # Then the deleted file's token is reported at its line
    assert [(f["path"], f["rule"], f["line"]) for f in doc["findings"]] == [
        (".env", "github-token", 2)
    ]
    assert code == 1 and token not in json.dumps(doc)
