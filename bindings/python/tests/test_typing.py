"""The package is typed: the stubs match the compiled module (mypy's stubtest), and a type
checker reads them (a wrong use is reported, a right one is not)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("mypy")


def run(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, cwd=cwd)


def test_stubs_match_the_compiled_module(tmp_path):
    # From a directory without the source tree, so the installed package is checked.
    proc = run("mypy.stubtest", "pagewash._pagewash", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_a_type_checker_reads_the_stubs(tmp_path):
    (tmp_path / "use.py").write_text(textwrap.dedent("""
        import pagewash

        p = pagewash.Pipeline(t2s=True, time_budget=None)
        c = p.clean(b"x", url="https://x.cn/")
        n: int = c.flags.replaced_chars
        for r in p.read_warc("x.warc.gz", threads=2):
            u: str | None = r.url
        many = p.clean_many([b"a", ("b", "https://x.cn/")], threads=2)
        wrong: int = c.text
    """))
    proc = run("mypy", "--no-incremental", "--python-version", "3.10", "use.py", cwd=tmp_path)
    errors = [line for line in proc.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1 and "use.py:10:" in errors[0] and "Incompatible types" in errors[0], proc.stdout
