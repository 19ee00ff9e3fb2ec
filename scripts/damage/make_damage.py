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
                               `utf8-as-<gbk|big5>-<ignore|replace|question>`;
                               lost_bytes counts the bytes the reader dropped or replaced.
Run from the crate root: python3 scripts/damage/make_damage.py
"""

import codecs
import glob
import os
import re

OUT = "tests/fixtures/damage"
# Lines are cut to this many characters: long enough for context, short enough that the
# fixture set stays small (the whole set is under 300 KB).
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


def latin_readers(data):
    yield "latin1", data.decode("latin-1"), 0
    yield "cp1252", cp1252_whatwg(data), 0
    for how in ("ignore", "replace", "question"):
        text, lost = read_as(data, "cp1252", how)
        yield "cp1252-" + how, text, lost


def main():
    zh = cut(read_lines("tests/fixtures/seeds/*.expected.txt")
             + read_lines("tests/fixtures/cleaneval_zh/*.gold.txt"))
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
    for codec, lang in (("gbk", "zh"), ("big5", "zh_hant")):
        for i, line in enumerate(langs[lang]):
            data = line.encode("utf-8")
            for how in HANDLERS:
                text, lost = read_as(data, codec, how)
                add(f"{lang}.utf8-as-{codec}-{how}", i, text, lost, len(data))
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
