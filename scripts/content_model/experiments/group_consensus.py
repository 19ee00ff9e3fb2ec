#!/usr/bin/env python3
"""Experiment: lines of one template group (a listing's items, a carousel's cards, a
thread's posts) decided together. A routed HTML page's keep probabilities are blended
with the unit-weighted mean of their group's (`p' = (1 - a) p + a mean`), before the
route's bars. Groups are told apart by their four group features (count, share of the
page, units per item, link density), equal for every line of a group. Cross-validated in
`fit.py`'s five folds by site on its cached out-of-fold probabilities, each page cut as
shipped (run `fit.py` first). Measured with the fitted router until stop 31.

    /tmp/fit/bin/python scripts/content_model/experiments/group_consensus.py
"""
import collections
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import fit  # noqa: E402

BLENDS = [0.0, 0.3, 0.5, 0.7, 1.0]
# (blend on pages with running text, blend on pages without a prose line)
SPLIT = [(0.0, 1.0), (0.5, 1.0), (0.3, 1.0)]
GROUP = ["group_count", "group_share", "group_item_units", "group_link_density"]


def blended(data, i, p, a):
    r = data.X[data.pages[i]["rows"]]
    if a == 0.0:
        return p
    cols = [fit.FEATURES.index(c) for c in GROUP]
    keys = [tuple(x) for x in r[:, cols]]
    w = np.expm1(r[:, fit.FEATURES.index("log_units")].astype(np.float64)) + 1e-6
    sums = collections.defaultdict(lambda: [0.0, 0.0])
    for k, pk, wk in zip(keys, p, w):
        sums[k][0] += pk * wk
        sums[k][1] += wk
    out = np.array(p, dtype=np.float64)
    for j, k in enumerate(keys):
        if k[0] > 0:  # in a group
            out[j] = (1 - a) * p[j] + a * sums[k][0] / sums[k][1]
    return out


def main():
    data, _, score = common.load()
    oof, T, rule, bags, groups = common.cached_oof(data, score)
    res = {a: {} for a in BLENDS + SPLIT}
    for i in range(len(data.pages)):
        p = oof[data.pages[i]["rows"]]
        t = T[i]
        routed = fit.routed(data, i, rule, t)
        prose = (data.X[data.pages[i]["rows"]][:, fit.FEATURES.index("prose")] > 0.5).any()
        for a in BLENDS + SPLIT:
            b = a if not isinstance(a, tuple) else (a[0] if prose else a[1])
            q = blended(data, i, p, b) if routed else p
            res[a][i] = fit.page_f1(bags[i], fit.decide(data, i, q, rule, t, cut=True))
    for a in BLENDS + SPLIT:
        by = common.means_by_set(data, res[a])
        print(f"blend {a}: " + " ".join(f"{k}={v:.4f}" for k, v in by.items()))


if __name__ == "__main__":
    main()
