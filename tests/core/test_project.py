from secure_check.core.project import project_root


def test_the_nearest_marked_folder_wins(tmp_path):
    # Given a .secure-check folder far up and a project with its own pyproject.toml below it
    (tmp_path / ".secure-check").mkdir()
    project = tmp_path / "work" / "proj"
    (project / "notebooks").mkdir(parents=True)
    (project / "pyproject.toml").write_text("[project]\nname='p'\n")
    # Then
    assert project_root(project / "notebooks") == project.resolve()
    assert project_root(tmp_path / "work") == tmp_path.resolve()
