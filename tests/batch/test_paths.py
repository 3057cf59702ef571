"""Collecting and scanning the paths a user names: exclusion, missing paths, messages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from secure_check.batch.cache import ResultCache
from secure_check.batch.paths import ERR_NO_SUCH_PATH, MSG_CACHE, collect, excluded, scan_paths


@pytest.mark.parametrize(
    ("shown", "patterns", "expected"),
    [
        ("a/b/c.ipynb", ["b"], True),
        ("a/b/c.ipynb", ["a/*"], True),
        ("a/b/c.ipynb", ["*.py"], False),
        ("a/b/c.ipynb", ["c.ipynb"], True),
        ("a/bb/c.ipynb", ["b"], False),
        ("demo_notebooks/x.ipynb", ["demo_*"], True),
        ("x.ipynb", [], False),
    ],
)
def test_exclude_patterns(shown, patterns, expected):
    assert excluded(shown, patterns) is expected


def test_collect_prefixes_each_folder_and_lists_missing_paths(
    tmp_path: Path, make_nb: Callable[..., Path]
) -> None:
    # Given two folders, one holding a fixtures/ folder, and a path that does not exist
    make_nb(tmp_path / "a" / "x.ipynb", "x = 1")
    make_nb(tmp_path / "b" / "fixtures" / "y.ipynb", "y = 2")
    paths = [str(tmp_path / "a"), str(tmp_path / "b"), str(tmp_path / "nope")]
    # When collected without fixtures
    files, missing = collect(paths, ["fixtures"])
    # Then files are shown under the folder named, and the missing path is listed apart
    assert [shown for _, shown in files] == [f"{tmp_path / 'a'}/x.ipynb"]
    assert missing == [str(tmp_path / "nope")]


def test_messages_go_to_notify(
    tmp_path: Path, leaky_nb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a result cache and a notify that keeps its lines
    lines: list[str] = []
    cache = ResultCache(tmp_path / "cache", key="test")
    missing = str(tmp_path / "missing.ipynb")
    # When a notebook and a missing path are scanned
    results, root = scan_paths(
        [str(leaky_nb), missing], jobs=1, progress=False, cache=cache, notify=lines.append
    )
    # Then the missing path is an error result and the cache line went to notify, not stderr
    assert [(r.path, r.error) for r in results][1:] == [(missing, ERR_NO_SUCH_PATH)]
    assert results[0].findings and root is None
    assert lines == [MSG_CACHE.format(hits=0, total=1, root=cache.root, stat=0)]
    assert capsys.readouterr().err == ""
