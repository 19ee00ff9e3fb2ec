#!/usr/bin/env python3
"""Experiment: a soft article gate. Pages the page model calls articles (P >= the rule's
gate) keep their region's verdict in the shipped rule. Here every HTML page is routed, the
router fitted on every page (gated ones too), and a gated page leaves the region only when
another route's predicted F1 beats the region's by a margin. Cross-validated in `fit.py`'s
five folds by site on its cached out-of-fold probabilities (run `fit.py` first).

    /tmp/fit/bin/python scripts/content_model/experiments/soft_gate.py
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import fit  # noqa: E402

MARGINS = [0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, float("inf")]


def main():
    data, _, score = common.load()
    oof, T, rule, bags, groups = common.cached_oof(data, score)
    open_rule = dict(rule, article_gate=1.01)
    res = {m: {} for m in MARGINS}
    # The router learns from every HTML page, gated ones too (`fit.gated` reads `fit.RULE`).
    fit.RULE = open_rule
    for rm, i in common.held_out_pages(data, groups, oof, bags):
        p = oof[data.pages[i]["rows"]]
        t = T[i]
        html = fit.routed(data, i, open_rule, t)
        gated = fit.gated(data, i, rule, t)
        pred = None
        if html:
            d = fit.route_descriptor(data, i, p, t)
            pred = rm.predict(np.array([fit.route_row(d, j) for j in range(fit.N_ROUTES)], dtype=np.float32))
        for m in MARGINS:
            if not html:
                route = None
            elif gated:
                best = int(np.argmax(pred))
                route = best if pred[best] > pred[0] + m else 0
            else:
                route = int(np.argmax(pred))
            k = fit.decide(data, i, p, open_rule, t, route)
            res[m][i] = fit.page_f1(bags[i], k)
    for m in MARGINS:
        by = common.means_by_set(data, res[m], type_prefix="")
        print(f"margin {m}: " + " ".join(f"{k}={v:.4f}" for k, v in by.items()))


if __name__ == "__main__":
    main()
