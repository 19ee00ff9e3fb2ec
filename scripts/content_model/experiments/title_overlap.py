#!/usr/bin/env python3
"""Experiment: how much of the page's heading a line repeats, derived from the dump.

The main text of a page talks about what its `<h1>` names (a product's description names the
product, a thread's posts its subject); menus, footers and carousels of other items mostly do
not. Each line gets the share of the heading's words (lower-cased Latin words of three
letters or more, CJK character pairs) it holds, the share of its own words that are the
heading's, and whether the page has a heading at all (text pages have none: the columns are
0). The heading is the page's first line the dump marks `tag_h1`. Cross-validated in
`fit.py`'s five folds by site, each page cut on the new out-of-fold probabilities, against
the same procedure without them (`EXTRA=none`).

    EXTRA=all /tmp/fit/bin/python scripts/content_model/experiments/title_overlap.py
"""
import os
import re
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

EXTRA_NAMES = ["title_cover", "title_share", "has_title"]
LATIN = re.compile(r"[a-z0-9]{3,}")
CJK = re.compile(r"[\u3400-\u9fff]+")


def words(line):
    t = line.lower()
    out = set(LATIN.findall(t))
    for run in CJK.findall(line):
        out.update(run[k:k + 2] for k in range(max(1, len(run) - 1)))
    return out


def derived(data, F):
    h1 = F.index("tag_h1")
    out = np.zeros((len(data.X), len(EXTRA_NAMES)), dtype=np.float32)
    missing = 0
    for pg in data.pages:
        r = pg["rows"]
        lines = pg["texts"]
        if len(lines) != r.stop - r.start:
            missing += 1
            continue
        X = data.X[r]
        heads = np.nonzero(X[:, h1] > 0.5)[0]
        if not len(heads):
            continue
        title = words(lines[heads[0]])
        if not title:
            continue
        E = out[r]
        E[:, 2] = 1.0
        for j, line in enumerate(lines):
            w = words(line)
            common_words = len(w & title)
            E[j, 0] = common_words / len(title)
            E[j, 1] = common_words / len(w) if w else 0.0
        out[r] = E
    print(f"pages without their texts: {missing}")
    return out


def main():
    common.cross_validate_with_extra(derived, EXTRA_NAMES, tag_prefix="title_")


if __name__ == "__main__":
    main()
