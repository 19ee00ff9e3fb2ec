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
from common import fit  # noqa: E402

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
    data, F, score = common.load()
    extra = os.environ.get("EXTRA", "all")
    if extra != "none":
        names = EXTRA_NAMES if extra == "all" else extra.split(",")
        E = derived(data, F)[:, [EXTRA_NAMES.index(x) for x in names]]
        data.X = np.hstack([data.X, E])
        data.nf = data.X.shape[1]
        F = F + names
    fit.FEATURES = F
    folds = common.FOLDS
    groups = common.site_folds(data)
    oof = np.zeros(len(data.Y), dtype=np.float32)
    fit.report(data, fit.evaluate(data, score, [groups[f] for f in range(folds)], oof),
               f"EXTRA={extra}: cross-validated by site, shipped rule {fit.RULE}")
    tag = os.environ.get("TAG", "title_" + extra)
    common.save_and_route(data, score, oof, tag, f"EXTRA={extra}: each page cut")


if __name__ == "__main__":
    main()
