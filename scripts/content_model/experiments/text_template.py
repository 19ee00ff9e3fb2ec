#!/usr/bin/env python3
"""Experiment: runs of lines repeating one shape, on text pages. A listing read as text is
records of a few short lines (name / price / badge) with no running text, where HTML has a
template group to tie them together. Each line gets a coarse shape (bullet, size bucket,
digits, closing stop, running text); a stretch where shape[j] == shape[j + p] for p in 1..8
repeats a record of p lines. Each text line gets the best such run it sits in (most lines
covered): its records (log), its period, its share of the page's units and its mean units
per record; HTML rows get 0 (their template groups say it). Same folds and nesting as
`fit.py`; rule and page cut as shipped.

    /tmp/fit/bin/python scripts/content_model/experiments/text_template.py
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import fit  # noqa: E402

MAX_PERIOD = 8
MIN_RECORDS = 3
NAMES = ["tt_log_records", "tt_period", "tt_share", "tt_record_units"]


def shapes(X, c):
    units = np.expm1(X[:, c["log_units"]])
    size = np.digitize(units, [10, 25, 60, 150])
    return list(zip(X[:, c["bullet_start"]] > 0.5, size, X[:, c["digit_share"]] > 0.3,
                    X[:, c["ends_with_stop"]] > 0.5, X[:, c["prose"]] > 0.5)), units


def page_columns(X, c):
    n = len(X)
    out = np.zeros((n, len(NAMES)), dtype=np.float32)
    s, units = shapes(X, c)
    total = max(units.sum(), 1.0)
    best = np.zeros(n)  # lines covered by the best run so far
    for p in range(1, MAX_PERIOD + 1):
        j = 0
        while j + p < n:
            if s[j] != s[j + p]:
                j += 1
                continue
            k = j
            while k + p < n and s[k] == s[k + p]:
                k += 1
            # lines j .. k + p - 1 repeat with period p
            lo, hi = j, k + p
            recs = (hi - lo) / p
            if recs >= MIN_RECORDS:
                cover = hi - lo
                u = units[lo:hi].sum()
                for t in range(lo, hi):
                    if cover > best[t]:
                        best[t] = cover
                        out[t] = (np.log(recs), p, u / total, u / recs)
            j = k + 1
    out[:, 3] = np.log1p(out[:, 3])
    return out


def main():
    data, F, score = common.load()
    c = {k: F.index(k) for k in ("log_units", "bullet_start", "digit_share", "ends_with_stop",
                                 "prose", "has_dom")}
    extra = np.zeros((len(data.Y), len(NAMES)), dtype=np.float32)
    for pg in data.pages:
        X = data.X[pg["rows"]]
        if len(X) and X[0, c["has_dom"]] < 0.5:
            extra[pg["rows"]] = page_columns(X, c)
    print("text rows in a run:", int((extra[:, 0] > 0).sum()), flush=True)
    base_nf = data.nf
    X0 = data.X
    if os.environ.get("SLOTS") == "1":
        # The run in the template-group slots (HTML's scales), no new columns: a text
        # page's records then also take their run's mean on a page without running text.
        g = [F.index(k) for k in fit.GROUP_KEY]
        X1 = X0.copy()
        run = extra[:, 0] > 0
        X1[run, g[0]] = np.log1p(np.exp(extra[run, 0]))
        X1[run, g[1]] = extra[run, 2]
        X1[run, g[2]] = extra[run, 3]
        X1[run, g[3]] = 0.0
        data.X = X1
        fit.OOF_TYPES.clear()
        groups = common.site_folds(data)
        oof = np.zeros(len(data.Y), dtype=np.float32)
        fit.evaluate(data, score, [groups[f] for f in range(common.FOLDS)], oof)
        bags = fit.token_bags(data, score)
        res = common.routed(data, oof, fit.OOF_TYPES, bags)
        fit.report(data, res, "text runs in the group slots: routed (fast F1)")
        return
    orig_pv = fit.page_vectors
    fit.page_vectors = lambda d, idx: orig_pv(d, idx)[:, :base_nf]
    data.X = np.hstack([X0, extra])
    data.nf = data.X.shape[1]
    fit.FEATURES = F + NAMES
    groups = common.site_folds(data)
    oof = np.zeros(len(data.Y), dtype=np.float32)
    fit.OOF_TYPES.clear()
    fit.evaluate(data, score, [groups[f] for f in range(common.FOLDS)], oof)
    data.X, data.nf, fit.FEATURES = X0, base_nf, F
    tag = os.environ.get("TAG", "text_template")
    common.save_and_route(data, score, oof, tag, f"{tag}: routed (fast F1)")


if __name__ == "__main__":
    main()
