#!/usr/bin/env python3
"""Experiment: a region that collapsed. A page gated as an article keeps its region's
verdict; when the region keeps far less of the page's text than the line model does (the
winner was a site title, the article sat in `widget`s the region took for chrome), the
page is routed like any other page instead. Cross-validated in `fit.py`'s five folds by
site on its cached out-of-fold probabilities (run `fit.py` first).

    /tmp/fit/bin/python scripts/content_model/experiments/collapsed_region.py
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import fit  # noqa: E402

RATIOS = [0.0, 0.1, 0.2, 0.3, 0.5]
PROSE = [0.05, 0.1, 0.2, 0.3]
# With a collapsed region (share 0.05) routed, pages whose region keeps under this share
# of the running text keep the region's lines and the lines the model keeps at its bars.
UNION = [0.2, 0.3, 0.5]


def shares(data, i, p, rule):
    """Unit shares of the page the region keeps, the model keeps at the fitted bars, and the
    page's running text (prose lines) holds."""
    r = data.X[data.pages[i]["rows"]]
    w = np.expm1(r[:, fit.FEATURES.index("log_units")].astype(np.float64))
    w = w / max(w.sum(), 1e-9)
    rk = r[:, fit.FEATURES.index("region_keep")] > 0.5
    prose = r[:, fit.FEATURES.index("prose")] > 0.5
    mk = np.where(rk, p >= rule["keep_in_region"], p >= rule["keep_outside"])
    return (w * rk).sum(), (w * mk).sum(), (w * prose).sum(), (w * (rk & prose)).sum()


def main():
    data, _, score = common.load()
    oof, T, rule, bags, groups = common.cached_oof(data, score)
    keys = [("model", a) for a in RATIOS] + [("prose", a) for a in PROSE] + [
        ("union", a) for a in UNION]
    res = {a: {} for a in keys}
    moved = {a: 0 for a in keys}
    for i in range(len(data.pages)):
        p = oof[data.pages[i]["rows"]]
        t = T[i]
        gated = fit.gated(data, i, rule, t)
        region, model, prose, region_prose = shares(data, i, p, rule) if gated else (1, 0, 0, 0)
        for a in keys:
            kind, x = a
            collapsed = region < x * model if kind == "model" else region_prose < x * prose
            if kind == "union":
                collapsed = region_prose < 0.05 * prose
                if gated and not collapsed and region_prose < x * prose:
                    moved[a] += 1
                    r = data.X[data.pages[i]["rows"]]
                    rk = r[:, fit.FEATURES.index("region_keep")] > 0.5
                    mk = np.where(rk, p >= rule["keep_in_region"], p >= rule["keep_outside"])
                    res[a][i] = fit.page_f1(bags[i], rk | mk)
                    continue
            if gated and collapsed:
                moved[a] += 1
                open_rule = dict(rule, article_gate=1.01)
                k = fit.decide(data, i, p, open_rule, t, cut=True)
            else:
                k = fit.decide(data, i, p, rule, t, cut=True)
            res[a][i] = fit.page_f1(bags[i], k)
    for a in keys:
        by = common.means_by_set(data, res[a])
        print(f"ratio {a} ({moved[a]} pages): " + " ".join(f"{k}={v:.4f}" for k, v in by.items()))


if __name__ == "__main__":
    main()
