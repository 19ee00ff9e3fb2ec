#!/usr/bin/env python3
"""Experiment: a region that holds part of the article. A page gated as an article keeps
its region's verdict. When the region keeps under `X` of the page's running text and the
running text it leaves out mostly sits outside chrome (no chrome name above it, no
`nav`/`aside`/`footer`/`header`/`form`), the rest is more article (a section, the list
the region settled on was one part of), not comments or a sidebar, and the page is routed
like any other. Cross-validated in `fit.py`'s five folds by site on its cached out-of-fold
probabilities, each page cut as shipped (run `fit.py` first; the fitted router until stop 31).

    /tmp/fit/bin/python scripts/content_model/experiments/partial_region.py
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import fit  # noqa: E402

GRID = [(x, y) for x in (0.2, 0.3, 0.4, 0.5) for y in (0.25, 0.5)]
CHROME = ["in_nav", "in_aside", "in_footer", "in_header", "in_form"]


def left_out_chrome_share(r):
    """Of the running text the region leaves out, the unit share under chrome."""
    F = fit.FEATURES
    w = np.expm1(r[:, F.index("log_units")].astype(np.float64))
    prose = r[:, F.index("prose")] > 0.5
    rk = r[:, F.index("region_keep")] > 0.5
    chrome = r[:, F.index("name_min")] < 0
    for c in CHROME:
        chrome |= r[:, F.index(c)] > 0.5
    out = prose & ~rk
    total = (w * out).sum()
    return (w * (out & chrome)).sum() / total if total > 0 else 1.0


def main():
    data, _, score = common.load()
    oof, T, rule, bags, groups = common.cached_oof(data, score)
    open_rule = dict(rule, article_gate=1.01)
    keys = [None] + GRID
    res = {k: {} for k in keys}
    moved = {k: 0 for k in keys}
    for i in range(len(data.pages)):
        p = oof[data.pages[i]["rows"]]
        t = T[i]
        r = data.X[data.pages[i]["rows"]]
        gated = fit.gated(data, i, rule, t)
        base = fit.page_f1(bags[i], fit.decide(data, i, p, rule, t, cut=True))
        alt = None
        if gated:
            share = fit.region_prose_share(r)
            chrome = left_out_chrome_share(r)
        for k in keys:
            if k is not None and gated and share < k[0] and chrome < k[1]:
                moved[k] += 1
                if alt is None:
                    alt = fit.page_f1(bags[i], fit.decide(data, i, p, open_rule, t, cut=True))
                res[k][i] = alt
            else:
                res[k][i] = base
    for k in keys:
        by = common.means_by_set(data, res[k])
        print(f"{k} ({moved[k]} pages): " + " ".join(f"{a}={v:.4f}" for a, v in by.items()))


if __name__ == "__main__":
    main()
