"""The search index read from disk (the archive, file://): every index file as a script that
hands its content to search.js (bantin.site.search: wrapper, wrap_for_disk)."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess

import pytest
from archive import unwrap

from bantin.site.search import wrap_for_disk, wrapper
from bantin.site.search_index import Facets, Record, build

HOSTILE = {"t": "</script><script>alert(1)</script>", "s": "dòng\u2028mới\u2029đoạn", "n": [1, 2.5, None, True],
           "c": "<!-- -->"}


def test_a_json_file_becomes_its_value_with_nothing_a_script_could_end_on():
    script = wrapper("d/0.json", json.dumps(HOSTILE, ensure_ascii=False).encode())
    assert "<" not in script and "\u2028" not in script and "\u2029" not in script
    assert "\\u003c/script>" in script
    assert unwrap(script) == ("d/0.json", HOSTILE)


def test_a_binary_file_becomes_its_base64():
    data = bytes(range(256)) * 3
    name, value = unwrap(wrapper("s/3.bin", data))
    assert name == "s/3.bin" and isinstance(value, str)
    assert base64.b64decode(value, validate=True) == data


def test_a_file_of_any_other_name_is_wrapped_as_bytes():
    name, value = unwrap(wrapper("vocab.txt", "đại hội\n".encode()))
    assert name == "vocab.txt" and base64.b64decode(value) == "đại hội\n".encode()


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_javascript_reads_the_same_values():
    data = bytes(range(256))
    scripts = wrapper("d/0.json", json.dumps(HOSTILE, ensure_ascii=False).encode()) + wrapper("s/0.bin", data)
    program = ("var got = {}; var window = {bantinIndex: function (p, v) { got[p] = v; }};\n" + scripts +
               "process.stdout.write(JSON.stringify([got['d/0.json'], "
               "Array.from(Buffer.from(got['s/0.bin'], 'base64'))]));")
    out = subprocess.run(["node", "-e", program], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == [HOSTILE, list(data)]


def index(folder):
    records = [Record(url=f"tin/2020/01/bai-{i}/", title=f"Đại hội </script> {i}", summary="tóm\u2028tắt",
                      body="chi bộ " * i, date="2020-01-01", agency="a", kind="k", year=2020, terms=("2020-2025",))
               for i in range(40)]
    build(records, Facets(agencies=[("a", "A")], kinds=[("k", "K")], terms=["2020-2025"]), folder)
    (folder / "tu-vung.bin").write_bytes(b"\x00\xff a new file of the format")  # whatever comes next
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_every_index_file_gets_its_script_and_only_scripts_remain(tmp_path):
    files = index(tmp_path / "i")
    assert {"manifest.json", "facets.bin", "tu-vung.bin"} <= set(files) and any(n.startswith("s/") for n in files)
    assert wrap_for_disk(tmp_path / "i") == len(files)
    written = {p.relative_to(tmp_path / "i").as_posix(): p.read_text(encoding="utf-8")
               for p in (tmp_path / "i").rglob("*") if p.is_file()}
    assert set(written) == {name + ".js" for name in files}
    for name, data in files.items():
        got_name, value = unwrap(written[name + ".js"])
        assert got_name == name
        if name.endswith(".json"):
            assert value == json.loads(data)
        else:
            assert base64.b64decode(value) == data


def test_the_scripts_are_the_same_bytes_every_time(tmp_path):
    index(tmp_path / "a"), index(tmp_path / "b")
    wrap_for_disk(tmp_path / "a"), wrap_for_disk(tmp_path / "b")
    a = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*") if p.is_file()}
    b = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*") if p.is_file()}
    assert a == b
