"""The one write helper: no write leaves the project or passes through a link."""

from __future__ import annotations

import os
import stat

import pytest

from secure_check.core.files import UnsafePathError, inside, open_append, read_text, write_file


def test_write_creates_private_folders_and_files(tmp_path):
    out = write_file(".secure-check/sub/a.json", "{}", root=tmp_path)
    assert out.read_text() == "{}"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / ".secure-check").stat().st_mode) == 0o700
    write_file(out, "[1]", root=tmp_path)  # replace is atomic: no temp file left behind
    assert out.read_text() == "[1]" and os.listdir(out.parent) == ["a.json"]


def test_final_symlink_is_refused_and_target_untouched(tmp_path):
    victim = tmp_path / "home" / ".bash_login"
    victim.parent.mkdir()
    victim.write_text("echo hi\n")
    proj = tmp_path / "proj"
    (proj / ".secure-check").mkdir(parents=True)
    (proj / ".secure-check" / "audit.jsonl").symlink_to(victim)
    with pytest.raises(UnsafePathError, match="symbolic link"):
        open_append(".secure-check/audit.jsonl", root=proj)
    with pytest.raises(UnsafePathError, match="symbolic link"):
        write_file(".secure-check/audit.jsonl", "x", root=proj)
    assert victim.read_text() == "echo hi\n"


def test_symlinked_folder_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / ".secure-check").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UnsafePathError):
        write_file(".secure-check/baseline.json", "{}", root=proj)
    with pytest.raises(UnsafePathError):
        read_text(".secure-check/baseline.json", root=proj)
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("path", ["../x.json", "/etc/x.json", "a/../../x.json"])
def test_paths_outside_the_root_are_refused(tmp_path, path):
    with pytest.raises(UnsafePathError, match="outside the project"):
        write_file(path, "x", root=tmp_path / "p")


def test_inside_resolves_links(tmp_path):
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "link").symlink_to(tmp_path, target_is_directory=True)
    assert inside(tmp_path / "p", "ok/b.json") == tmp_path / "p" / "ok" / "b.json"
    with pytest.raises(UnsafePathError):
        inside(tmp_path / "p", "link/b.json")
