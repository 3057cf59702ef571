"""Writes that follow a hostile repository's links or settings out of the project (issue 12).

Each test builds the hostile repository in a tmp dir, runs the real entry point, and checks that
the file the link points at (standing in for ~/.bash_login) is untouched.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from secure_check.cli import main

VICTIM_TEXT = "echo hello\n"


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    path = home / ".bash_login"
    path.write_text(VICTIM_TEXT)
    return path


@pytest.mark.parametrize("command", ["scan", "deps"])
def test_output_link_planted_in_the_repo_is_refused(tmp_path, victim, clean_nb, command, capsys):
    # Given a repository that ships report.html -> ~/.bash_login
    (tmp_path / "report.html").symlink_to(victim)
    extra = ["--offline"] if command == "deps" else ["--no-audit"]
    # When CI writes its report there
    code = main([command, str(clean_nb), *extra, "--output", str(tmp_path / "report.html")])
    # Then the run fails with a reason and the victim is untouched
    assert code == 2
    assert "symbolic link" in capsys.readouterr().err
    assert victim.read_text() == VICTIM_TEXT


def test_keygen_refuses_a_dangling_link_at_the_public_key(tmp_path, capsys):
    # Given a key folder whose signing.pub is a link to a file that does not exist yet
    target = tmp_path / "home" / ".bashrc"
    target.parent.mkdir()
    keys = tmp_path / "keys"
    keys.mkdir()
    (keys / "signing.pub").symlink_to(target)
    from secure_check.card.sign import keygen

    with pytest.raises(ValueError, match="symbolic link"):
        keygen(keys)
    assert not target.exists()


def test_card_files_are_never_written_through_a_planted_link(tmp_path, victim):
    # Given a card folder (as committed in a repo) whose model-card.html is a link out
    from sklearn.linear_model import LogisticRegression

    from secure_check.card import build_card

    folder = tmp_path / "model-card"
    folder.mkdir()
    (folder / "model-card.html").symlink_to(victim)
    model = LogisticRegression().fit([[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1])
    with pytest.raises(ValueError, match="symbolic link"):
        build_card(model, out_dir=folder, log=tmp_path / "audit.jsonl")
    assert victim.read_text() == VICTIM_TEXT


def test_settings_cannot_point_the_baseline_out_of_the_project(tmp_path):
    # Given a cloned repo whose pyproject points the magics' baseline at the home folder
    from secure_check.kernel.settings import Settings

    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "pyproject.toml").write_text(
        '[tool.secure-check]\nbaseline = "../home/.bash_login"\n', encoding="utf-8"
    )
    settings = Settings(cwd=proj)
    # Then the setting is refused, said clearly, and the baseline stays in the project
    assert any("outside the project" in p for p in settings.problems)
    assert settings.baseline_path == proj / ".secure-check" / "baseline.json"
    with pytest.raises(ValueError, match="outside the project"):
        settings.update({"baseline": str(tmp_path / "elsewhere.json")})


def test_settings_refuse_a_baseline_through_a_link_out(tmp_path):
    from secure_check.kernel.settings import Settings

    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "link").symlink_to(tmp_path, target_is_directory=True)
    (proj / "pyproject.toml").write_text(
        '[tool.secure-check]\nbaseline = "link/b.json"\n', encoding="utf-8"
    )
    assert any("outside the project" in p for p in Settings(cwd=proj).problems)


def test_walk_does_not_follow_links_out_of_the_tree(tmp_path, make_nb, token, capsys):
    # Given a repo holding a link to a notebook and a link to a folder outside it
    outside = make_nb(tmp_path / "outside" / "secret.ipynb", f'T = "{token}"')
    repo = tmp_path / "repo"
    make_nb(repo / "ok.ipynb", "x = 1")
    (repo / "stolen.ipynb").symlink_to(outside)
    (repo / "up").symlink_to(outside.parent, target_is_directory=True)
    out = tmp_path / "r.json"
    # When the repo is scanned
    code = main(["scan", str(repo), "--no-audit", "--output", str(out)])
    # Then nothing outside was read, and both links are reported as skipped with the reason
    report = json.loads(out.read_text())
    assert code == 0 and report["findings"] == [] and report["stats"]["notebooks"] == 1
    err = capsys.readouterr().err
    assert "skipped stolen.ipynb: symbolic link out of the scanned folder" in err
    assert "skipped up: symbolic link out of the scanned folder" in err


def test_fifo_inside_the_tree_is_skipped_with_a_reason(tmp_path, make_nb, capsys):
    make_nb(tmp_path / "repo" / "ok.ipynb", "x = 1")
    os.mkfifo(tmp_path / "repo" / "trap.ipynb")
    assert main(["scan", str(tmp_path / "repo"), "--no-audit", "--format", "json"]) == 0
    assert "skipped trap.ipynb: not a regular file (FIFO)" in capsys.readouterr().err


def test_fifo_named_on_the_command_line_is_an_error_not_a_hang(tmp_path, leaky_nb):
    # Given a FIFO named like a notebook, passed next to a real notebook
    fifo = tmp_path / "trap.ipynb"
    os.mkfifo(fifo)
    # When scanned (in a child process: the old code blocked forever on open)
    run = subprocess.run(
        [sys.executable, "-m", "secure_check", "scan", str(fifo), str(leaky_nb), "--no-audit"],
        capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": _src()},
    )  # fmt: skip
    # Then it exits 2 naming the problem, and the other file was still scanned
    assert run.returncode == 2
    assert "not a regular file (FIFO)" in run.stdout + run.stderr
    assert "leaky.ipynb" in run.stdout and "github" in run.stdout.lower()


def _src() -> str:
    import secure_check

    return str(Path(secure_check.__file__).parent.parent)


async def test_server_reads_no_baseline_through_a_planted_link(jp_fetch, jp_root_dir, tmp_path):
    # Given a shared root whose .secure-check/baseline.json links to someone else's file
    elsewhere = tmp_path / "elsewhere.json"
    entry = {"path": "*", "rule": "github-token", "fingerprint": "sc1:x", "reason": "theirs"}
    elsewhere.write_text(json.dumps({"schema": "secure-check/baseline@1", "entries": [entry]}))
    (jp_root_dir / ".secure-check").mkdir()
    (jp_root_dir / ".secure-check" / "baseline.json").symlink_to(elsewhere)
    # When the baseline is read through the server
    from tornado.httpclient import HTTPClientError

    with pytest.raises(HTTPClientError) as e:
        await jp_fetch("secure-check", "baseline", method="GET")
    # Then it is refused with the reason, and nothing from the other file is served
    assert e.value.code == 422
    body = e.value.response.body.decode()
    assert "symbolic link" in body and "theirs" not in body
