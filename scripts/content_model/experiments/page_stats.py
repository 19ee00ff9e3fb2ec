#!/usr/bin/env python3
"""Experiment: a page-type model that reads more of the page than the mean of its line
vectors. The shipped page vector is the mean; here it is the mean, the maximum and the
standard deviation of each feature (`STATS=mean,max,std`), optionally weighted by the
lines' units. Reported: page-type accuracy on WCXB out of fold, and the downstream F1
(shipped rule and page cut on the cached out-of-fold line probabilities, with the new
page-type probabilities in the gate and the line model's inputs unchanged).

    STATS=mean,max,std /tmp/fit/bin/python scripts/content_model/experiments/page_stats.py
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import fit  # noqa: E402
STATS = os.environ.get("STATS", "mean,max,std").split(",")


def page_vectors(data, idx):
    nf = data.nf
    out = np.zeros((len(idx), nf * len(STATS)), dtype=np.float32)
    for k, i in enumerate(idx):
        r = data.X[data.pages[i]["rows"]].astype(np.float64)
        if not len(r):
            continue
        parts = []
        for s in STATS:
            if s == "mean":
                parts.append(r.mean(axis=0))
            elif s == "max":
                parts.append(r.max(axis=0))
            elif s == "std":
                parts.append(r.std(axis=0))
            elif s == "wmean":
                w = np.expm1(r[:, 0])
                parts.append((w[:, None] * r).sum(axis=0) / max(w.sum(), 1e-9))
        out[k] = np.concatenate(parts)
    return out


def main():
    data, _, score = common.load()
    oof = np.load("/tmp/pagewash_fit_oof.npy")
    T0 = np.load("/tmp/pagewash_fit_oof_types.npy")
    if STATS != ["mean"]:
        fit.page_vectors = page_vectors
    folds = common.FOLDS
    groups = common.site_folds(data)
    T = np.zeros_like(T0)
    for f in range(folds):
        train = [i for g in range(folds) if g != f for i in groups[g]]
        pm = fit.fit_page(data, train)
        T[groups[f]] = fit.page_probs(pm, data, groups[f])
    for name, TT in [("shipped", T0), ("new", T)]:
        acc = np.mean([fit.PAGE_TYPES[int(np.argmax(TT[i]))] == pg["type"]
                       for i, pg in enumerate(data.pages) if pg["set"] == "wcxb"])
        fit.OOF_TYPES.clear()
        fit.OOF_TYPES.update(enumerate(TT))
        bags = fit.token_bags(data, score)
        res = common.routed(data, oof, TT, bags)
        fit.report(data, res, f"{name} page types (accuracy {acc:.3f}), routed (fast F1)")


if __name__ == "__main__":
    main()
