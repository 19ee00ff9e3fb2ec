#!/usr/bin/env python3
"""Turn the dev HTML pages into WET-style text files (one block per line), like Common Crawl WET.

    /tmp/peers/bin/python make_wet.py [--fixtures DIR] [--out /tmp/wetdev]

Writes OUT/zh/<id>.txt + <id>.gold.txt (from cleaneval_zh) and OUT/aeb/<id>.txt + <id>.gold.txt,
and OUT/<set>/_decode.tsv (how each page was decoded).

Decoding: BOM -> declared charset (<meta charset>, <meta http-equiv content=...charset=>,
<?xml encoding>), mapped to its WHATWG superset (gb2312/gbk -> gb18030, ...), decoded strictly ->
if the declared charset fails strictly, or the bytes are valid UTF-8 that contain multi-byte
sequences (publisher re-encoded the page but kept the old meta), UTF-8 -> charset-normalizer ->
declared charset with replacement -> UTF-8 with replacement.

Text: resiliparse extract_plain_text(html, main_content=False, noscript=True) with its other
defaults (preserve_formatting=True, list_bullets=True, alt_texts=True): script/style dropped,
<noscript> read as text, one line per block element, inline text joined, <br> breaks a line.
Each line is then whitespace-collapsed and stripped, empty lines dropped (WET records have no
blank lines). Falls back to selectolax (lexbor) when resiliparse is not importable.

<noscript> is kept because Common Crawl's WET extractor (ia-web-commons) skips only the content
of <script> and <style>; Discourse forums put the whole thread in <noscript>, and with
resiliparse's default (noscript=False) 29 WCXB pages came out empty. `--drop-noscript` gives
the older twins.
"""
import argparse, codecs, gzip, os, re, shutil, sys

SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
            "big5": "big5hkscs", "shift_jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
            "windows-31j": "cp932", "euc-kr": "cp949", "euc_kr": "cp949", "ks_c_5601-1987": "cp949",
            "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
            "us-ascii": "cp1252", "ascii": "cp1252", "iso-8859-9": "cp1254", "iso8859-9": "cp1254",
            "tis-620": "cp874"}
BOMS = [(codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]
META = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
XMLENC = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.I)


def codec(label):
    label = label.strip().lower()
    label = SUPERSET.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return SUPERSET.get(name, name)


def decode(raw):
    """-> (text, how)"""
    for bom, enc in BOMS:
        if raw.startswith(bom):
            return raw[len(bom):].decode(enc, "replace"), f"{enc} via BOM"
    m = META.search(raw[:16384]) or XMLENC.search(raw[:16384])
    declared = codec(m.group(1).decode("ascii", "ignore")) if m else None
    utf8 = None
    try:
        utf8 = raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    has_multibyte = utf8 is not None and any(ord(c) > 127 for c in utf8)
    if declared and not declared.startswith(("utf-8", "utf-16", "utf-32")):
        if has_multibyte:
            return utf8, f"utf-8 via strict-decode (declared {declared} overridden)"
        try:
            return raw.decode(declared), f"{declared} via declared-charset"
        except UnicodeDecodeError:
            pass
    if utf8 is not None:
        return utf8, "utf-8 via " + ("declared-charset" if declared and declared.startswith("utf-8") else "strict-decode")
    import charset_normalizer
    best = charset_normalizer.from_bytes(raw).best()
    if best is not None and best.encoding:
        enc = codec(best.encoding) or best.encoding
        return raw.decode(enc, "replace"), f"{enc} via charset-normalizer" + (f" (declared {declared} failed)" if declared else "")
    if declared:
        return raw.decode(declared, "replace"), f"{declared} via declared-charset (lossy)"
    return raw.decode("utf-8", "replace"), "utf-8 via fallback (lossy)"


def html_to_wet(html, noscript=True):
    try:
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.html import HTMLTree
        text = extract_plain_text(HTMLTree.parse(html), main_content=False, noscript=noscript)
    except ImportError:
        from selectolax.lexbor import LexborHTMLParser
        tree = LexborHTMLParser(html)
        tree.strip_tags(["script", "style", "template"] + ([] if noscript else ["noscript"]))
        root = tree.body or tree.root
        text = root.text(separator="\n") if root is not None else ""
    out = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            out.append(line)
    return "\n".join(out) + ("\n" if out else "")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fixtures", default=str(__import__("pathlib").Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "dev"))
    ap.add_argument("--out", default="/tmp/wetdev")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=DIR",
                    help="another gold set to convert (e.g. wcxb=../shared/fixtures/train/wcxb_dev); "
                         "its manifest.tsv, if any, is copied so `pagewash eval` prints per-type figures")
    ap.add_argument("--drop-noscript", action="store_true",
                    help="drop <noscript> as resiliparse does by default (the twins before stop 30)")
    a = ap.parse_args()
    sets = [(os.path.join(a.fixtures, "cleaneval_zh"), "zh"), (os.path.join(a.fixtures, "aeb"), "aeb")]
    sets += [(d, n) for n, d in (x.split("=", 1) for x in a.set)]
    for sdir, name in sets:
        odir = os.path.join(a.out, name)
        if os.path.exists(os.path.join(sdir, "manifest.tsv")):
            os.makedirs(odir, exist_ok=True)
            shutil.copyfile(os.path.join(sdir, "manifest.tsv"), os.path.join(odir, "manifest.tsv"))
        os.makedirs(odir, exist_ok=True)
        log = []
        for fn in sorted(os.listdir(sdir)):
            m = re.match(r"(.+)\.html(\.gz)?$", fn)
            if not m:
                continue
            pid = m.group(1)
            raw = open(os.path.join(sdir, fn), "rb").read()
            if m.group(2):
                raw = gzip.decompress(raw)
            html, how = decode(raw)
            wet = html_to_wet(html, noscript=not a.drop_noscript)
            with open(os.path.join(odir, pid + ".txt"), "w", encoding="utf-8") as f:
                f.write(wet)
            shutil.copyfile(os.path.join(sdir, pid + ".gold.txt"), os.path.join(odir, pid + ".gold.txt"))
            log.append(f"{pid}\t{how}\t{wet.count(chr(10))} lines")
        with open(os.path.join(odir, "_decode.tsv"), "w") as f:
            f.write("\n".join(log) + "\n")
        print(f"{name}: {len(log)} pages -> {odir}", file=sys.stderr)


if __name__ == "__main__":
    main()
