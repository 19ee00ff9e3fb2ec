"""The README's Python example: run it from the repository root after
`pip install ./bindings/python` (python examples/quickstart.py)."""

import pathlib

import pagewash

page = pathlib.Path("tests/fixtures/dev/cleaneval_zh/8cb7b39d-4a06-4cad-bc50-0f63304267f3.html")

cleaned = pagewash.clean(page)                  # a Path is read as bytes; charset decided by pagewash
print(cleaned.title, cleaned.encoding, cleaned.language)
print(cleaned.text[:200])
for e in cleaned.edits[:5]:                     # every removal and repair, with its source line
    print(e.rule, e.source_line, e.before[:40])

same = pagewash.clean(page.read_bytes())        # bytes: the same page
text = pagewash.clean("<p>这是正文，很长很长的一段话。</p>")  # a str is the page's text, never a file name
assert same.text == cleaned.text and text.text

p = pagewash.Pipeline(nfkc_cjk=True, favor="precision", markdown=True)  # build once, share
kept = p.clean(page.read_bytes())
print(kept.markdown[:200])                      # headings, lists, tables, links
signals = kept.signals()                        # for a FineWeb- or ChineseWebText-style filter
print(signals["cjk_ratio"], signals["terminal_punct_ratio"], signals["dup_line_frac"])
texts = [c.text for c in p.clean_many([page.read_bytes()] * 4, threads=2)]  # Rust threads
print(len(texts), "pages")
