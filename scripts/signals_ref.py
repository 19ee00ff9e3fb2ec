#!/usr/bin/env python3
"""Reference implementation of pagewash's quality signals (`pagewash clean --signals`,
`pagewash::signals`), written from the formulas in `src/signals.rs`, independently of the
Rust code: stdlib only.

For the gold text of every page of tests/fixtures/dev (AEB and CleanEval-zh) the signals
are computed here and written to tests/fixtures/signals/dev.tsv, which `tests/all/signals.rs`
compares with `Signals::of_text` on the same texts (committed texts: the table changes only
when the formulas do).

    python3 scripts/signals_ref.py
"""

import argparse
import pathlib
import sys
import unicodedata

ROOT = pathlib.Path(__file__).resolve().parent.parent
T2S = ROOT / "src/hanzi/data/t2s_chars.tsv"
OUT = ROOT / "tests/fixtures/signals/dev.tsv"

TOP = (2, 3, 4)
DUP = (5, 6, 7, 8, 9, 10)
SPACE = {" ", "\t", "\u00a0", "\u3000"}
TERMINAL = set(".!?\"'。！？…”’」』．")


def load_traditional():
    trad = set()
    for line in T2S.read_text(encoding="utf-8").splitlines():
        if line:
            t, s = line.split("\t", 1)
            if s[0] != t:
                trad.add(t)
    return trad


TRADITIONAL = load_traditional()


def is_ideograph(c):
    o = ord(c)
    return 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF


def is_cjk(c):
    o = ord(c)
    return is_ideograph(c) or 0x3040 <= o <= 0x30FF or 0xAC00 <= o <= 0xD7AF


def is_word_char(c):
    # Unicode letters, numbers and marks (Rust: alphanumeric or combining mark).
    return unicodedata.category(c)[0] in "LNM"


def tokens(text):
    out, cur = [], []
    for c in text:
        if is_cjk(c):
            if cur:
                out.append("".join(cur))
                cur = []
            out.append(c)
        elif is_word_char(c):
            cur.append(c)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def ratio(a, b):
    return a / b if b else 0.0


def top_ngram_chars(toks, n):
    if len(toks) < n:
        return 0
    counts = {}
    for i in range(len(toks) - n + 1):
        gram = tuple(toks[i : i + n])
        if gram not in counts:
            counts[gram] = [0, sum(len(t) for t in gram)]
        counts[gram][0] += 1
    count, chars = max(tuple(v) for v in counts.values())
    return count * chars


def dup_ngram_chars(toks, n):
    seen, chars, i = set(), 0, 0
    while i + n <= len(toks):
        gram = tuple(toks[i : i + n])
        if gram in seen:
            chars += sum(len(t) for t in gram)
            i += n
        else:
            seen.add(gram)
            i += 1
    return chars


def signals(text, replaced_bytes, repairs):
    body = text[:-1] if text.endswith("\n") else text
    lines = body.split("\n") if text else []
    s = {"lines": len(lines)}
    chars = non_space = cjk = fffd = trad = terminal = dup_lines = dup_chars = 0
    seen = set()
    lengths = []
    for line in lines:
        n = len(line)
        lengths.append(n)
        chars += n
        non_space += sum(1 for c in line if c not in SPACE)
        cjk += sum(1 for c in line if is_cjk(c))
        fffd += line.count("\ufffd")
        trad += sum(1 for c in line if c in TRADITIONAL)
        stripped = line.rstrip("".join(SPACE))
        if stripped and stripped[-1] in TERMINAL:
            terminal += 1
        if line in seen:
            dup_lines += 1
            dup_chars += n
        else:
            seen.add(line)
    toks = [t for line in lines for t in tokens(line)]
    total = sum(len(t) for t in toks)
    s.update(
        chars=chars,
        cjk_chars=cjk,
        cjk_ratio=ratio(cjk, non_space),
        tokens=len(toks),
        mean_token_len=ratio(total, len(toks)),
        line_len_mean=ratio(chars, len(lines)),
        line_len_min=min(lengths) if lengths else 0,
        line_len_max=max(lengths) if lengths else 0,
        terminal_punct_ratio=ratio(terminal, len(lines)),
        dup_line_frac=ratio(dup_lines, len(lines)),
        dup_line_char_frac=ratio(dup_chars, chars),
        replacement_chars=fffd,
        replaced_bytes=replaced_bytes,
        repaired_lines=sum(r["lines"] for r in repairs.values()),
        repaired_chars=sum(r["chars"] for r in repairs.values()),
        traditional_chars=trad,
    )
    for n in TOP:
        s[f"top_{n}gram_char_frac"] = ratio(top_ngram_chars(toks, n), total)
    for n in DUP:
        s[f"dup_{n}gram_char_frac"] = ratio(dup_ngram_chars(toks, n), total)
    return s


COLUMNS = [
    "lines", "chars", "cjk_chars", "cjk_ratio", "tokens", "mean_token_len", "line_len_mean",
    "line_len_min", "line_len_max", "terminal_punct_ratio", "dup_line_frac",
    "dup_line_char_frac", "replacement_chars", "replaced_bytes", "repaired_lines",
    "repaired_chars", "traditional_chars",
] + [f"top_{n}gram_char_frac" for n in TOP] + [f"dup_{n}gram_char_frac" for n in DUP]


def main():
    """The reference values on the dev pages' gold texts (committed, so the table changes only
    when the formulas do, not when the cleaner's output does)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.parse_args()
    golds = sorted((ROOT / "tests/fixtures/dev").glob("*/*.gold.txt"))
    rows = ["page\t" + "\t".join(COLUMNS)]
    for gold in golds:
        text = gold.read_text(encoding="utf-8")
        s = signals(text, 0, {})
        rel = gold.relative_to(ROOT / "tests/fixtures/dev").as_posix()
        rows.append(rel + "\t" + "\t".join(repr(s[c]) for c in COLUMNS))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(golds)} gold texts -> {OUT.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
