"""The Python API: results, options, inputs and errors."""

from __future__ import annotations

import json
import random
import subprocess

import pytest

import pagewash


def test_seeds_give_their_expected_text(seeds):
    for page, expected in seeds:
        assert pagewash.clean(page.read_bytes()).text == expected.read_text(encoding="utf-8"), page.name


def test_str_and_bytes_agree_and_str_is_not_redecoded(gbk_pages):
    raw = gbk_pages[0].read_bytes()
    from_bytes = pagewash.clean(raw)
    assert from_bytes.encoding == "gb18030"
    assert from_bytes.encoding_source in {"meta-tag", "detected", "http-header"}
    text = raw.decode("gb18030")
    from_str = pagewash.clean(text)
    # A str is already decoded: its <meta charset=gb2312> must not be applied again.
    assert from_str.encoding == "UTF-8"
    assert from_str.encoding_source == "forced"
    assert from_str.text == from_bytes.text
    assert len(from_str.text) > 200


def test_result_fields(seeds):
    page = pagewash.clean(seeds[3][0].read_bytes(), url="https://www.tjbh.gov.cn/x.html")
    assert page.format == "text"
    assert page.date == "2022-09-30T07:59"
    assert page.language == "zh"
    assert isinstance(page.flags, pagewash.Flags) and not page.flags.lossy
    removed = page.removed
    assert removed["toolbar.accessibility"] == 30
    edits = page.edits
    assert sum(removed.values()) == sum(1 for e in edits if e.kind == "removed")
    first = edits[0]
    assert (first.kind, first.rule, first.line, first.before, first.after) == (
        "removed", "toolbar.accessibility", 1, "拼音", None)
    assert "toolbar" in first.reason
    d = page.to_dict(edits=True)
    assert d["text"] == page.text and d["removed"] == removed
    assert d["edits"][0] == first.to_dict()
    assert d["flags"] == page.flags.to_dict()
    assert "edits" not in page.to_dict()


def test_to_dict_equals_the_cli_json(seeds, gbk_pages, pagewash_bin):
    for path in [seeds[0][0], gbk_pages[1]]:
        out = subprocess.run([str(pagewash_bin), "clean", "--format", "json", "--explain", str(path)],
                             check=True, capture_output=True).stdout
        cli = json.loads(out)
        cli.pop("source")
        assert pagewash.clean(path.read_bytes()).to_dict(edits=True) == cli, path.name


def test_options():
    assert pagewash.clean("漢字與軟體\n", t2s=True).text == "汉字与软体\n"
    assert pagewash.clean("漢字\n").text == "漢字\n"
    assert pagewash.clean("ＡＢＣ１２３\n").text == "ABC123\n"
    assert pagewash.clean("ＡＢＣ１２３\n", nfkc=False).text == "ＡＢＣ１２３\n"
    long = "A long line that is repeated further below on this page, word for word."
    page = f"{long}\nshort\n{long}\nother\nshort\n"
    assert pagewash.clean(page, content=False).text == f"{long}\nshort\nother\nshort\n"
    assert pagewash.clean(page, content=False, dedup=False).text == page
    body = "正文第一段，内容很长很长，有标点。这里是文章的主体内容。\n版权所有 某某网\n"
    assert "版权所有" not in pagewash.clean(body).text
    assert "版权所有" in pagewash.clean(body, strip=False).text
    html = ("<html><head><title>标题 - 某某网</title></head><body><h1>标题</h1><article><p>"
            + "正文很长很长，有标点，这是文章的主体内容。" * 5 + "</p></article></body></html>")
    assert pagewash.clean(html, title=True).text.startswith("标题\n")
    no_title = pagewash.clean(html)  # the default: the title is in `.title`, not the text
    assert not no_title.text.startswith("标题\n") and no_title.title == "标题"
    cut = pagewash.clean(b"a" * 5000, max_page_bytes=1000)
    assert cut.flags.truncated and cut.flags.lossy
    forced = pagewash.clean("中文".encode("big5"), charset="big5")
    assert (forced.text, forced.encoding_source) == ("中文\n", "forced")


def test_pipeline_is_reusable_and_reports_its_options():
    p = pagewash.Pipeline(t2s=True, time_budget=2.5)
    assert p.options["t2s"] is True and p.options["time_budget"] == 2.5
    assert pagewash.Pipeline().options["time_budget"] == 10.0  # as the CLI
    assert pagewash.Pipeline(time_budget=None).options["time_budget"] is None
    assert p.stages == ["repair.pinyin", "repair.byteshift", "strip", "content", "normalize"]
    assert pagewash.Pipeline(strip=False, repair=False).stages == ["normalize"]
    assert [p.clean("體").text for _ in range(3)] == ["体\n"] * 3


def test_pipeline_pickles_as_its_options():
    import pickle

    p = pagewash.Pipeline(t2s=True, title=False, time_budget=1.5, charset="utf-8")
    q = pickle.loads(pickle.dumps(p))
    assert q.options == p.options
    assert q.clean("體").text == "体\n"


@pytest.mark.parametrize("kwargs, words", [
    ({"charset": "klingon"}, "klingon"),
    ({"time_budget": -1}, "time_budget"),
    ({"max_page_bytes": 0}, "max_page_bytes"),
    ({"t2s": "yes"}, "t2s"),
])
def test_bad_option_values_raise_option_error(kwargs, words):
    with pytest.raises(pagewash.OptionError, match=words) as e:
        pagewash.Pipeline(**kwargs)
    assert isinstance(e.value, ValueError) and isinstance(e.value, pagewash.PagewashError)
    with pytest.raises(pagewash.OptionError):
        pagewash.clean(b"x", **kwargs)


def test_unknown_option_and_bad_input_types():
    with pytest.raises(TypeError, match="unexpected option `t2z`"):
        pagewash.Pipeline(t2z=True)
    with pytest.raises(TypeError, match="bytes or str, not int"):
        pagewash.clean(42)
    with pytest.raises(TypeError, match="bytes or str, not NoneType"):
        pagewash.Pipeline().clean_many([b"ok", None])
    with pytest.raises(pagewash.OptionError, match="threads"):
        pagewash.Pipeline().clean_many([b"ok"], threads=0)


def test_buffers_are_accepted():
    p = pagewash.Pipeline()
    assert [c.text for c in p.clean_many([b"a", "b", bytearray(b"c"), memoryview(b"d")])] == [
        "a\n", "b\n", "c\n", "d\n"]


def test_any_bytes_never_raise():
    rng = random.Random(7)
    p = pagewash.Pipeline()
    alphabet = [b"<", b">", b"</p>", b"<div class=nav>", b"\xff", b"\x00", b"\xe4\xb8", "正文，".encode(), b"&amp", b"\n"]
    for _ in range(300):
        data = b"".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 60)))
        data += bytes(rng.randrange(256) for _ in range(rng.randrange(0, 40)))
        out = p.clean(data)
        assert isinstance(out.text, str)
        assert out.text == p.clean(data).text  # deterministic


def test_repr_and_str():
    c = pagewash.clean("你好世界\n")
    assert str(c) == c.text
    assert repr(c).startswith("<pagewash.Cleaned 5 chars")
    assert pagewash.__version__ == "0.1.0"


def test_repr_counts_removals_without_building_the_edits():
    """A page of a million removed lines: repr counts them by rule, as the JSON does, and
    builds no edit (a million of them held ~130 MB before, issue 16)."""
    import resource

    c = pagewash.clean(b"a\n" * (1 << 20))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    r = repr(c)
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert f"{(1 << 20) - 1} lines removed" in r, r
    assert grown < 40 * 1024, f"repr grew the peak by {grown} KiB"
    assert sum(c.removed.values()) == (1 << 20) - 1


def _stub_keywords(name: str, cls: str | None = None) -> list[tuple[str, str]]:
    """The keyword-only parameters of a function (or a class's ``__new__``) in the stubs,
    with their defaults as written (``...`` where the stub leaves it out)."""
    import ast
    import pathlib

    stub = pathlib.Path(pagewash.__file__).with_name("_pagewash.pyi")
    tree = ast.parse(stub.read_text(encoding="utf-8"))
    body = tree.body
    if cls is not None:
        body = next(n for n in body if isinstance(n, ast.ClassDef) and n.name == cls).body
    fn = next(n for n in body if isinstance(n, ast.FunctionDef) and n.name == name)
    return [
        (a.arg, ast.unparse(d) if d is not None else "")
        for a, d in zip(fn.args.kwonlyargs, fn.args.kw_defaults)
    ]


# The parameters of `Pipeline`, `clean` and `read_warc` that are not pipeline options.
_NOT_OPTIONS = {
    "self", "cls", "data", "source", "url", "content_type", "format", "threads", "errors",
    "json_text_field", "json_id_field", "name",
}


@pytest.mark.parametrize("where", ["Pipeline", "clean", "read_warc"])
def test_signatures_and_stubs_list_the_declared_options(where):
    """`pagewash.OPTIONS` is the library's one declaration of the options: the compiled
    signatures (what `help()` shows) and the stubs list exactly those, in order, with the
    declared defaults."""
    import ast
    import inspect

    declared = [(name, ast.literal_eval(default)) for name, default, _ in pagewash.OPTIONS]
    params = inspect.signature(getattr(pagewash, where)).parameters
    shown = [(n, p.default) for n, p in params.items() if n not in _NOT_OPTIONS]
    assert shown == declared, where
    stub = _stub_keywords("__new__", "Pipeline") if where == "Pipeline" else _stub_keywords(where)
    stub = [(n, d) for n, d in stub if n not in _NOT_OPTIONS]
    assert [n for n, _ in stub] == [n for n, _ in declared], where
    for (n, default), (_, d) in zip(declared, stub):
        assert d == "..." or ast.literal_eval(d) == default, (where, n, d, default)


def test_options_round_trip_through_the_declaration():
    p = pagewash.Pipeline()
    assert list(p.options) == [name for name, _, _ in pagewash.OPTIONS]
    import ast

    assert p.options == {name: ast.literal_eval(d) for name, d, _ in pagewash.OPTIONS}
    with pytest.raises(pagewash.OptionError, match="positive whole number of bytes, got -5"):
        pagewash.Pipeline(max_page_bytes=-5)
    with pytest.raises(pagewash.OptionError, match="expected a bool, got 1"):
        pagewash.Pipeline(t2s=1)
