#!/usr/bin/env python3
"""Experiment: a page-type model that reads more of the page than the mean of its line
vectors. The shipped page vector is the mean; here it is the mean, the maximum and the
standard deviation of each feature (`STATS=mean,max,std`), optionally weighted by the
lines' units. Reported: page-type accuracy on WCXB out of fold, and the downstream F1
(shipped rule and router on the cached out-of-fold line probabilities, with the new
page-type probabilities in the gate, the router and the line model's inputs unchanged).

    STATS=mean,max,std /tmp/fit/bin/python scripts/content_model/experiments/page_stats.py
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

__main__.Data = fit.Data
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
    data = pickle.load(open("/tmp/pagewash_fit_data.pkl", "rb"))
    fit.FEATURES = json.load(open("/tmp/pagewash_fit_wcxb.features.json"))
    score = fit.load_score(os.environ.get("SHARED", os.path.join(fit.ROOT, "..", "shared")))
    data.relabel(score)
    fit.RULE = json.load(open(fit.THRESHOLDS_FILE))
    oof = np.load("/tmp/pagewash_fit_oof.npy")
    T0 = np.load("/tmp/pagewash_fit_oof_types.npy")
    if STATS != ["mean"]:
        fit.page_vectors = page_vectors
    folds = 5
    groups = collections.defaultdict(list)
    for i, pg in enumerate(data.pages):
        groups[fit.hash_site(pg["site"]) % folds].append(i)
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
        res = {}
        for f in range(folds):
            train = [i for g in range(folds) if g != f for i in groups[g]]
            rm = fit.fit_route(data, train, oof, fit.OOF_TYPES, bags)
            for i in groups[f]:
                p = oof[data.pages[i]["rows"]]
                t = TT[i]
                route = fit.route_page(rm, data, i, p, t) if fit.routed(data, i, fit.RULE, t) else None
                res[i] = (fit.page_f1(bags[i], fit.decide(data, i, p, fit.RULE, t, route)), t)
        fit.report(data, res, f"{name} page types (accuracy {acc:.3f}), routed (fast F1)")


if __name__ == "__main__":
    main()
