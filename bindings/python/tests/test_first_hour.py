"""Issue 17, what a newcomer meets first: pages given as paths, signatures in help(), the
new options (nfkc_cjk, favor, markdown) and the quality signals, equal to the CLI's."""

from __future__ import annotations

import inspect
import json
import pathlib
import subprocess

import pytest

import pagewash


def test_a_path_is_read_and_a_str_is_the_page(gbk_pages):
    page = pathlib.Path(gbk_pages[0])
    assert pagewash.clean(page).text == pagewash.clean(page.read_bytes()).text
    assert pagewash.Pipeline().clean(page).encoding == pagewash.clean(page.read_bytes()).encoding
    assert pagewash.clean("page.html").text == "page.html\n"
    with pytest.raises(pagewash.ReadError, match="no-such-page.html"):
        pagewash.clean(pathlib.Path("no-such-page.html"))


def test_help_shows_the_options():
    for f in (pagewash.clean, pagewash.read_warc):
        params = inspect.signature(f).parameters
        for name in ("nfkc", "nfkc_cjk", "favor", "markdown", "time_budget", "charset"):
            assert name in params, (f, name)
    assert "never a file name" in " ".join(pagewash.clean.__doc__.split())


def test_nfkc_cjk_keeps_fullwidth_punctuation():
    line = "中文，标点！（ＡＢＣ１２３）\n"
    assert pagewash.clean(line).text == "中文,标点!(ABC123)\n"
    assert pagewash.clean(line, nfkc_cjk=True).text == "中文，标点！（ABC123）\n"
    assert pagewash.Pipeline(nfkc_cjk=True).options["nfkc_cjk"] is True


def test_favor_balanced_is_the_default_output(gbk_pages):
    p, b = pagewash.Pipeline(), pagewash.Pipeline(favor="balanced")
    for page in gbk_pages[:5]:
        data = page.read_bytes()
        assert b.clean(data).text == p.clean(data).text
    assert pagewash.Pipeline(favor="recall").options["favor"] == "recall"
    with pytest.raises(pagewash.OptionError, match="favor"):
        pagewash.Pipeline(favor="maximum")


def test_markdown_and_signals_equal_the_cli(gbk_pages, pagewash_bin):
    page = gbk_pages[0]
    md = pagewash.Pipeline(markdown=True).clean(page.read_bytes())
    cli_md = subprocess.run([str(pagewash_bin), "clean", "-q", "-f", "markdown", str(page)],
                            check=True, capture_output=True).stdout.decode()
    assert md.markdown == cli_md
    assert pagewash.clean(page.read_bytes()).markdown is None
    out = subprocess.run([str(pagewash_bin), "clean", "-q", "-f", "json", "--signals", str(page)],
                         check=True, capture_output=True).stdout
    cli = json.loads(out)
    cli.pop("source")
    cleaned = pagewash.clean(page.read_bytes())
    assert cleaned.to_dict(signals=True) == cli
    assert cleaned.signals() == cli["signals"]
    assert 0.5 < cleaned.signals()["cjk_ratio"] <= 1.0
