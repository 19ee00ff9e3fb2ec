#!/usr/bin/env python3
"""Experiment: give the router what each route would keep, not only what the page is.

The shipped router (`fit.py`'s `fit_route`) predicts each route's token F1 from one page
descriptor plus the route's id and shift. Two pages with the same descriptor may keep very
different text at the same shift. Here each (page, route) row also gets statistics of the
lines that route keeps: their share of the page's units and lines, how many runs they form,
their mean keep probability, and the unit-weighted mean of a few line features (link share,
prose, short runs, distance to prose, the region's verdict, digits). Cross-validated in
`fit.py`'s five folds by site, on its out-of-fold line probabilities (run `fit.py` first).

    /tmp/fit/bin/python scripts/content_model/experiments/route_stats.py

`CENTRE` also tries the target centred per page (each route's F1 minus the page's mean over
routes), so that the regressor learns which route is better rather than how hard the page is.

Stop 26, on the shipped dump and out-of-fold probabilities (WCXB / AEB, CleanEval-zh 0.9439
throughout): shipped router 0.8323 / 0.9571; with route statistics 0.8314 / 0.9508; centred
0.8326 / 0.9519; centred with statistics 0.8333 / 0.9542. Within noise or worse: the router
is not where WCXB's gap to its per-page oracle (0.889) lies. Not shipped.
"""
import collections
import json
import os
import pickle
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import __main__  # noqa: E402

import fit  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

__main__.Data = fit.Data
from sklearn.ensemble import HistGradientBoostingRegressor  # noqa: E402

data = pickle.load(open("/tmp/pagewash_fit_data.pkl", "rb"))
fit.FEATURES = F = json.load(open("/tmp/pagewash_fit_wcxb.features.json"))
oof = np.load("/tmp/pagewash_fit_oof.npy")
T = np.load("/tmp/pagewash_fit_oof_types.npy")
fit.OOF_TYPES.update(enumerate(T))
score = fit.load_score(os.environ.get("SHARED", os.path.join(fit.ROOT, "..", "shared")))
bags = fit.token_bags(data, score)
RULE = fit.RULE = json.load(open(fit.THRESHOLDS_FILE))
STAT_FEATURES = os.environ.get(
    "STAT_FEATURES", "link_share,prose,short_run,dist_prose,region_keep,digit_share").split(",")
cols = [F.index(x) for x in STAT_FEATURES if x]
lu = F.index("log_units")
CENTRE = False


def route_stats(i, keep, p):
    r = data.X[data.pages[i]["rows"]]
    w = np.expm1(r[:, lu].astype(np.float64))
    w = w / max(w.sum(), 1e-9)
    k = keep.astype(bool)
    kw = (w * k).sum()
    runs = int(k[0]) + int(np.count_nonzero(k[1:] & ~k[:-1])) if len(k) else 0
    means = [(w * k * r[:, c]).sum() / max(kw, 1e-9) for c in cols]
    kp = p[k]
    return np.array([kw, k.mean() if len(k) else 0.0, np.log1p(k.sum()), np.log1p(runs),
                     kp.mean() if len(kp) else 0.0, kp.min() if len(kp) else 0.0] + means)


def rows(i, with_stats):
    p = oof[data.pages[i]["rows"]]
    d = fit.route_descriptor(data, i, p, T[i])
    out, ys = [], []
    for j in range(fit.N_ROUTES):
        keep = fit.decide(data, i, p, RULE, T[i], route=j)
        row = fit.route_row(d, j)
        if with_stats:
            row = np.concatenate([row, route_stats(i, keep, p)])
        out.append(row)
        ys.append(fit.page_f1(bags[i], keep))
    if CENTRE:
        ys = list(np.array(ys) - np.mean(ys))
    return out, ys


def run(with_stats, trees=fit.ROUTE_TREES, leaves=fit.ROUTE_LEAVES):
    groups = collections.defaultdict(list)
    for i, pg in enumerate(data.pages):
        groups[fit.hash_site(pg["site"]) % 5].append(i)
    cache = {i: rows(i, with_stats) for i in range(len(data.pages))
             if len(oof[data.pages[i]["rows"]]) and not fit.gated(data, i, RULE, T[i])}
    res = {}
    for f in range(5):
        test = groups[f]
        train = [i for g in range(5) if g != f for i in groups[g] if i in cache]
        X = np.array([x for i in train for x in cache[i][0]], dtype=np.float32)
        y = np.array([v for i in train for v in cache[i][1]])
        m = HistGradientBoostingRegressor(max_iter=trees, max_leaf_nodes=leaves,
                                          learning_rate=0.08, random_state=0).fit(X, y)
        for i in test:
            p = oof[data.pages[i]["rows"]]
            route = None
            if fit.routed(data, i, RULE, T[i]):
                route = int(np.argmax(m.predict(np.array(cache[i][0], dtype=np.float32))))
            res[i] = (fit.page_f1(bags[i], fit.decide(data, i, p, RULE, T[i], route)), T[i])
    by = common.means_by_set(data, {i: f1 for i, (f1, _) in res.items()}, type_prefix="wcxb/")
    return {k: round(v, 4) for k, v in by.items()}


if __name__ == "__main__":
    for centre in (False, True):
        CENTRE = centre
        for stats in (False, True):
            if not centre and os.environ.get("SKIP_BASE"):
                continue
            print(f"centred={centre} stats={stats}:", run(stats), flush=True)
