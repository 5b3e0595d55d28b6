"""tasks.py: an edit to actlib makes the next build execute and read every chapter again."""

import tasks


def test_a_changed_library_empties_the_cache_and_the_doctrees(tmp_path, monkeypatch):
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    (tmp_path / "actlib").mkdir()
    (tmp_path / "actlib" / "claims.py").write_text("VERDICT = 'needs nuance'\n")
    cache, doctrees = tmp_path / "_build" / ".jupyter_cache", tmp_path / "_build" / ".doctrees"
    for folder in (cache, doctrees):
        folder.mkdir(parents=True)
        (folder / "kept").write_text("")

    tasks.forget_outputs_of_changed_library()  # first build: nothing to compare with, keeps both
    tasks.forget_outputs_of_changed_library()  # library unchanged: keeps both
    assert (cache / "kept").exists() and (doctrees / "kept").exists()

    (tmp_path / "actlib" / "claims.py").write_text("VERDICT = 'confirmed'\n")
    tasks.forget_outputs_of_changed_library()
    assert not cache.exists() and not doctrees.exists()
