"""Two builds of the same commit give byte-identical output, so archives diff cleanly."""

from __future__ import annotations

from sitebuild import copy_sample, files, run_bantin


def test_same_commit_same_bytes_in_another_folder_with_or_without_the_photo_cache(tmp_path):
    first = copy_sample(tmp_path / "a")
    second = copy_sample(tmp_path / "elsewhere" / "b")  # another absolute path
    assert run_bantin(first, "build").returncode == 0  # cold: every photo processed
    warm = run_bantin(first, "build", "--zip")  # warm: every photo reused; and the archive
    cold = run_bantin(second, "build", "--zip", env={"TZ": "America/New_York"})
    assert warm.returncode == 0 and cold.returncode == 0, warm.stderr + cold.stderr
    assert ", xử lý mới 0," in warm.stderr and ", dùng lại 0 " in cold.stderr
    one, two = files(first / "site"), files(second / "site")
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    assert (first / "site.zip").read_bytes() == (second / "site.zip").read_bytes()
