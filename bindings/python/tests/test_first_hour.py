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


_QUOTES_MARKUP = (
    "How to write a list in HTML\n"
    "A list starts with the ul element, and each item sits in its own li element, like this: "
    "<ul><li>Milk</li><li>Bread</li></ul>.\n"
    "A paragraph is written as <p>Some text.</p> and a line break inside it as <br>, which "
    "needs no closing tag.\n"
    "Links take an address: <a href=\"https://example.com/\">Example</a> opens that page when "
    "the reader clicks it.\n"
    "A table is built from rows and cells: <table><tr><td>One</td><td>Two</td></tr></table> "
    "gives a single row of two cells.\n"
)


def test_a_path_named_txt_is_text_as_the_cli_reads_it(tmp_path, pagewash_bin):
    """A text page full of quoted tags is text when its file is named ``*.txt`` (the CLI's
    rule, ``Hints.with_file_name``); as bytes, or named ``*.html``, it is sniffed as HTML."""
    txt = tmp_path / "tutorial.txt"
    txt.write_text(_QUOTES_MARKUP, encoding="utf-8")
    html = tmp_path / "tutorial.html"
    html.write_text(_QUOTES_MARKUP, encoding="utf-8")
    assert pagewash.clean(txt).text == _QUOTES_MARKUP
    cli = subprocess.run([str(pagewash_bin), "clean", str(txt)], capture_output=True, check=True)
    assert cli.stdout.decode("utf-8") == _QUOTES_MARKUP
    assert pagewash.clean(txt, content_type="text/html").text == pagewash.clean(html).text
    assert "<li>" not in pagewash.clean(html).text
    assert pagewash.clean(txt.read_bytes()).text == pagewash.clean(html).text


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
