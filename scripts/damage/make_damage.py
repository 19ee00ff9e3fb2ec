#!/usr/bin/env python3
"""Generates the committed charset-damage fixtures in tests/fixtures/damage/ (stdlib only).

The Rust tests generate damage with encoding_rs; this script makes the same kinds of damage
with Python's codecs, which behave differently where bytes are invalid or undefined (Python
drops or replaces one byte per error and rejects windows-1252's five undefined bytes, where
encoding_rs drops a whole pair or gives C1 controls). Sources are clean lines already in the
repository (seed pages' expected text, CleanEval-zh gold, the AEB Japanese and Korean gold),
cut at sentence marks into lines of at most MAX_CHARS characters.

Output, per source language `<lang>`:
  <lang>.txt                   the clean lines, one per line (the line index is the key);
  <set>.tsv                    `index<TAB>damaged<TAB>lost_bytes<TAB>bytes` per line, where a
                               set is `<encoding>-as-<reader>` (reader: latin1, cp1252 (C1
                               controls for undefined bytes, as WHATWG decoders do),
                               cp1252-ignore, cp1252-replace, cp1252-question) or
                               `utf8-as-<gbk|big5>-<ignore|replace|question|windows>`
                               (windows: see `windows_read`), or double encoding
                               `<encoding>-as-<cp1252|latin1>-twice` (the reader's text
                               encoded as UTF-8 and read the same way again; encoding utf8
                               too); lost_bytes counts the bytes the reader dropped or
                               replaced.
Run from the crate root: python3 scripts/damage/make_damage.py
"""

import codecs
import glob
import os
import re

OUT = "tests/fixtures/damage"
# Lines are cut to this many characters: long enough for context, short enough that the
# fixture set stays small (the whole set is under 600 KB).
MAX_CHARS = 48
# Lines per source language: enough for a per-cent figure, small enough to commit.
PER_LANG = {"zh": 100, "zh_hant": 50, "ja": 50, "ko": 50}
CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


def read_lines(pattern):
    out = []
    for path in sorted(glob.glob(pattern)):
        with open(path, encoding="utf-8") as f:
            out.extend(line.strip().replace("\t", " ") for line in f if line.strip())
    return out


def cut(lines):
    """Splits lines after sentence and clause marks into pieces of at most MAX_CHARS."""
    out = []
    for line in lines:
        piece = ""
        for part in re.split(r"(?<=[。！？；，,.!?;])", line):
            if len(piece) + len(part) > MAX_CHARS and piece:
                out.append(piece.strip())
                piece = ""
            piece += part
            while len(piece) > MAX_CHARS:
                out.append(piece[:MAX_CHARS].strip())
                piece = piece[MAX_CHARS:]
        if piece.strip():
            out.append(piece.strip())
    return [p for p in out if p and not p.isascii()]


def encodable(line, enc):
    try:
        line.encode(enc)
        return True
    except UnicodeEncodeError:
        return False


def spread(lines, n):
    """n lines spread evenly over the list (deterministic)."""
    if len(lines) <= n:
        return lines
    step = len(lines) / n
    return [lines[int(i * step)] for i in range(n)]


def s2t_map():
    """Simplified → Traditional where the repository's t2s table is one-to-one."""
    back = {}
    with open("src/hanzi/data/t2s_chars.tsv", encoding="utf-8") as f:
        for row in f:
            t, s = row.rstrip("\n").split("\t")[:2]
            if len(t) == 1 and len(s) == 1:
                back.setdefault(s, []).append(t)
    return {s: ts[0] for s, ts in back.items() if len(ts) == 1}


class Counter:
    """A codecs error handler that counts the bytes it drops or replaces."""

    def __init__(self, name, replacement):
        self.lost = 0
        self.replacement = replacement
        codecs.register_error(name, self)

    def __call__(self, exc):
        self.lost += exc.end - exc.start
        return (self.replacement * (exc.end - exc.start), exc.end)


IGNORE = Counter("count-ignore", "")
REPLACE = Counter("count-replace", "\ufffd")
QUESTION = Counter("count-question", "?")
HANDLERS = {"ignore": IGNORE, "replace": REPLACE, "question": QUESTION}


def read_as(data, codec, how):
    h = HANDLERS[how]
    h.lost = 0
    return data.decode(codec, errors="count-" + how), h.lost


def cp1252_whatwg(data):
    """windows-1252 as WHATWG decoders (and encoding_rs) read it: undefined bytes → C1."""
    return "".join(
        chr(b) if b in CP1252_UNDEFINED else bytes([b]).decode("cp1252") for b in data
    )


def LATIN1(data):
    return data.decode("latin-1")


def latin_readers(data):
    yield "latin1", data.decode("latin-1"), 0
    yield "cp1252", cp1252_whatwg(data), 0
    for how in ("ignore", "replace", "question"):
        text, lost = read_as(data, "cp1252", how)
        yield "cp1252-" + how, text, lost


# Windows' MultiByteToWideChar for code pages 936 and 950 (no MB_ERR_INVALID_CHARS), as the
# WindowsBestFit tables bestfit936.txt / bestfit950.txt describe it (their MBTABLE and
# DBCSTABLE sections; CPINFO gives the default character `?`). Those tables are not
# available offline, so this is an approximation built from what they specify:
#   * defined pairs: Python's cp936 (= gbk) and cp950 codecs, which are generated from
#     Microsoft's CP936.TXT / CP950.TXT, the same mappings;
#   * the end-user-defined (EUDC) areas, which Python rejects, map to the Private Use Area
#     in row order, as the DBCSTABLEs list them (950: 0x8140 -> U+EEB8, as in the published
#     table; rows of 157 trails 40-7E A1-FE, 94 for a row that starts at A1);
#   * single bytes 0x80 and 0xFF: 936 gives U+20AC and U+F8F5, 950 U+0080 and U+F8F8;
#   * any other invalid pair gives the default character `?` for two bytes (a trail byte
#     below 0x40 is read again as ASCII), the way the tables' missing entries behave.
# The best-fit (WCTABLE) half of the tables, Unicode -> look-alike bytes, only matters when
# text is *encoded* to the code page; the damage here is a reading, so it is not modelled.
EUDC = {
    "cp936": [((0xAA, 0xAF), (0xA1, 0xFE), 0xE000), ((0xF8, 0xFE), (0xA1, 0xFE), 0xE234),
              ((0xA1, 0xA7), (0x40, 0xA0), 0xE4C6)],
    "cp950": [((0xFA, 0xFE), None, 0xE000), ((0x8E, 0xA0), None, 0xE311),
              ((0x81, 0x8D), None, 0xEEB8), ((0xC6, 0xC8), None, 0xF6B1)],
}
SINGLE = {"cp936": {0x80: "\u20ac", 0xFF: "\uf8f5"}, "cp950": {0x80: "\x80", 0xFF: "\uf8f8"}}


def eudc(codec, lead, trail):
    """The PUA character Windows gives an end-user-defined pair, None outside the areas."""
    for (lo, hi), trails, base in EUDC[codec]:
        if not lo <= lead <= hi:
            continue
        if trails is None:  # Big5 rows: 157 trails, C6 starting at A1
            row = [t for t in range(0x40, 0x7F)] + [t for t in range(0xA1, 0xFF)]
            if codec == "cp950" and lo == 0xC6:
                rows = [r for r in range(0xC6, 0xC9)]
                cells = [(0xC6, t) for t in range(0xA1, 0xFF)] + [
                    (r, t) for r in (0xC7, 0xC8) for t in row]
                return chr(base + cells.index((lead, trail))) if (lead, trail) in cells else None
            if trail not in row:
                return None
            return chr(base + (lead - lo) * len(row) + row.index(trail))
        tlo, thi = trails
        cells = [t for t in range(tlo, thi + 1) if t != 0x7F]
        if trail not in cells:
            return None
        return chr(base + (lead - lo) * len(cells) + cells.index(trail))
    return None


def windows_read(data, codec):
    """`data` as Windows reads it with `codec` (cp936 or cp950); (text, bytes lost)."""
    out, lost, i = [], 0, 0
    py = "gbk" if codec == "cp936" else "cp950"
    while i < len(data):
        b = data[i]
        if b < 0x80:
            out.append(chr(b))
            i += 1
            continue
        if b in SINGLE[codec]:
            out.append(SINGLE[codec][b])
            i += 1
            continue
        if i + 1 < len(data):
            pair = data[i:i + 2]
            try:
                out.append(pair.decode(py))
                i += 2
                continue
            except UnicodeDecodeError:
                pass
            c = eudc(codec, pair[0], pair[1])
            if c is not None:
                out.append(c)
                i += 2
                continue
            if pair[1] >= 0x40:
                out.append("?")
                lost += 2
                i += 2
                continue
        out.append("?")
        lost += 1
        i += 1
    return "".join(out), lost


def main():
    zh = cut(read_lines("tests/fixtures/seeds/*.expected.txt")
             + read_lines("tests/fixtures/dev/cleaneval_zh/*.gold.txt"))
    aeb = cut(read_lines("tests/fixtures/aeb/*.gold.txt"))
    s2t = s2t_map()
    hant = [l for l in ("".join(s2t.get(c, c) for c in l) for l in zh) if encodable(l, "big5")]
    ja = [l for l in aeb if re.search("[\u3040-\u30ff]", l) and encodable(l, "shift_jis")]
    ko = [l for l in aeb if re.search("[\uac00-\ud7a3]", l) and encodable(l, "euc_kr")]
    langs = {
        "zh": spread([l for l in zh if encodable(l, "gbk")], PER_LANG["zh"]),
        "zh_hant": spread(hant, PER_LANG["zh_hant"]),
        "ja": spread(ja, PER_LANG["ja"]),
        "ko": spread(ko, PER_LANG["ko"]),
    }
    os.makedirs(OUT, exist_ok=True)
    for old in glob.glob(os.path.join(OUT, "*.t*")):
        os.remove(old)
    for lang, lines in langs.items():
        with open(os.path.join(OUT, lang + ".txt"), "w", encoding="utf-8") as f:
            f.writelines(l + "\n" for l in lines)
    sets = {}

    def add(name, i, damaged, lost, nbytes):
        assert "\n" not in damaged and "\t" not in damaged
        sets.setdefault(name, []).append(f"{i}\t{damaged}\t{lost}\t{nbytes}\n")

    legacy = [("gbk", "zh"), ("gb18030", "zh"), ("big5", "zh_hant"),
              ("shift_jis", "ja"), ("euc_kr", "ko")]
    for enc, lang in legacy:
        lines = langs[lang]
        if enc == "gb18030":
            lines = lines[: len(lines) // 4]  # the same bytes as GBK for these characters
        for i, line in enumerate(lines):
            data = line.encode(enc)
            for reader, text, lost in latin_readers(data):
                add(f"{lang}.{enc}-as-{reader}", i, text, lost, len(data))
            # Double encoding: the Latin reading stored as UTF-8 and read the same way.
            for reader, read in (("cp1252", cp1252_whatwg), ("latin1", LATIN1)):
                add(f"{lang}.{enc}-as-{reader}-twice", i, read(read(data).encode("utf-8")),
                    0, len(data))
    for lang, lines in langs.items():
        for i, line in enumerate(lines):
            data = line.encode("utf-8")
            for reader, read in (("cp1252", cp1252_whatwg), ("latin1", LATIN1)):
                if reader == "latin1" and lang != "zh":
                    continue  # one Latin-1 set is enough: the same bytes as cp1252's
                add(f"{lang}.utf8-as-{reader}-twice", i, read(read(data).encode("utf-8")),
                    0, len(data))
    for codec, lang in (("gbk", "zh"), ("big5", "zh_hant")):
        for i, line in enumerate(langs[lang]):
            data = line.encode("utf-8")
            for how in HANDLERS:
                text, lost = read_as(data, codec, how)
                add(f"{lang}.utf8-as-{codec}-{how}", i, text, lost, len(data))
            text, lost = windows_read(data, "cp936" if codec == "gbk" else "cp950")
            add(f"{lang}.utf8-as-{codec}-windows", i, text, lost, len(data))
    total = 0
    for name, rows in sets.items():
        path = os.path.join(OUT, name + ".tsv")
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(rows)
        total += os.path.getsize(path)
    for lang in langs:
        total += os.path.getsize(os.path.join(OUT, lang + ".txt"))
    print(f"{len(sets)} sets, {sum(map(len, langs.values()))} lines, {total} bytes")


if __name__ == "__main__":
    main()
