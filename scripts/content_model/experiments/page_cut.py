#!/usr/bin/env python3
"""Where each page's cut falls, without a fitted router: on fit.py's cached out-of-fold
probabilities, a routed page (HTML, not gated) keeps its lines by one of these cuts instead
of the route's shifted bars, and the result is compared with the shipped router.

- `size`: the page keeps its most probable lines up to the expected size of its gold
  (the sum over lines of probability × tokens; an oracle that knows the gold's size reaches
  WCXB 0.876 against the router's 0.840).
- `otsu`: the token-weighted Otsu threshold of the page's probabilities, clipped to a band.
- `gap`: the widest gap between consecutive sorted probabilities inside a band.
Each also as a route next to the router's choice (`+r`: used only where the router keeps the
model's bars, not the region's verdict). Then the Otsu cut against the router page by page
(the mean difference with a bootstrap interval), and the Otsu cut on text pages (the twins),
which the crate cannot ship as is: a second cleaning of the output would cut again.

    /tmp/fit/bin/python scripts/content_model/experiments/page_cut.py
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import fit  # noqa: E402


def weights(data, i, bags):
    return np.array([len(t) for t in bags[i][1]], dtype=np.float64)


def region_bias(data, i, rule):
    """Lines the region keeps are judged against a lower bar: their probability is raised
    by the difference, so one cut serves both."""
    r = data.X[data.pages[i]["rows"]]
    rk = r[:, fit.FEATURES.index("region_keep")] > 0.5
    return np.where(rk, rule["keep_outside"] - rule["keep_in_region"], 0.0)


def cut_size(p, w, scale):
    order = np.argsort(-p, kind="stable")
    target = scale * float((np.clip(p, 0, 1) * w).sum())
    keep = np.zeros(len(p), bool)
    acc = 0.0
    for j in order:
        if acc >= target or (acc > 0 and abs(acc + w[j] - target) > abs(acc - target)):
            break
        keep[j] = True
        acc += w[j]
    return keep


def cut_otsu(p, w, lo, hi):
    best, at = -1.0, 0.5
    for t in np.arange(lo, hi + 1e-9, 0.02):
        a = p >= t
        w1, w0 = w[a].sum(), w[~a].sum()
        if w1 == 0 or w0 == 0:
            continue
        m1, m0 = (w[a] * p[a]).sum() / w1, (w[~a] * p[~a]).sum() / w0
        v = w1 * w0 * (m1 - m0) ** 2
        if v > best:
            best, at = v, t
    return p >= at


def cut_gap(p, lo, hi):
    s = np.sort(p[(p >= lo) & (p <= hi)])
    if len(s) < 2:
        return p >= 0.5
    d = np.diff(s)
    k = int(np.argmax(d))
    return p >= (s[k] + s[k + 1]) / 2


def main():
    data, names, score = common.load()
    oof, types, rule, bags, groups = common.cached_oof(data, score)
    routes = {}
    for rm, i in common.held_out_pages(data, groups, oof, bags):
        p = oof[data.pages[i]["rows"]]
        t = types[i]
        routes[i] = fit.route_page(rm, data, i, p, t) if fit.routed(data, i, rule, t) else None

    def run(name, cut, with_router):
        f1s = {}
        for i, pg in enumerate(data.pages):
            p = oof[pg["rows"]]
            t = types[i]
            route = routes[i]
            keep = None
            if route is not None and not (with_router and route == 0):
                r = data.X[pg["rows"]]
                q = fit.group_consensus(r, p) + region_bias(data, i, rule)
                keep = cut(q, weights(data, i, bags)) if cut else None
            if keep is None or not keep.any():
                keep = fit.decide(data, i, p, rule, t, route)
            f1s[i] = fit.page_f1(bags[i], keep)
        m = common.means_by_set(data, f1s)
        types_s = " ".join(f"{k[5:]}={v:.3f}" for k, v in m.items() if k.startswith("wcxb:"))
        print(f"{name:24s} wcxb={m['wcxb']:.4f} aeb={m['aeb']:.4f} zh={m['zh']:.4f} | {types_s}",
              flush=True)

    run("shipped router", None, True)
    for scale in (0.8, 0.9, 1.0, 1.1, 1.2):
        for wr in (False, True):
            run(f"size x{scale}{' +r' if wr else ''}", lambda q, w, s=scale: cut_size(q, w, s), wr)
    for lo, hi in ((0.3, 0.7), (0.2, 0.8), (0.4, 0.6)):
        for wr in (False, True):
            run(f"otsu {lo}-{hi}{' +r' if wr else ''}", lambda q, w, a=lo, b=hi: cut_otsu(q, w, a, b), wr)
            run(f"gap {lo}-{hi}{' +r' if wr else ''}", lambda q, w, a=lo, b=hi: cut_gap(q, a, b), wr)

    # Page by page: the Otsu cut (0.3-0.7, token weights) against the router.
    def per_page(cut):
        out = {}
        for i, pg in enumerate(data.pages):
            p, route, keep = oof[pg["rows"]], routes[i], None
            if route is not None:
                q = fit.group_consensus(data.X[pg["rows"]], p) + region_bias(data, i, rule)
                keep = cut(q, weights(data, i, bags)) if cut else None
            if keep is None or not keep.any():
                keep = fit.decide(data, i, p, rule, types[i], route)
            out[i] = fit.page_f1(bags[i], keep)
        return out
    base = per_page(None)
    new = per_page(lambda q, w: cut_otsu(q, w, 0.3, 0.7))
    rng = np.random.default_rng(0)
    for s in ("wcxb", "aeb", "zh"):
        d = np.array([new[i] - base[i] for i in base if data.pages[i]["set"] == s])
        boot = [d[rng.integers(0, len(d), len(d))].mean() for _ in range(2000)]
        print(f"otsu - router on {s}: {d.mean():+.4f} (95% {np.percentile(boot, 2.5):+.4f} .. "
              f"{np.percentile(boot, 97.5):+.4f}), {int((d > 1e-9).sum())} pages up, "
              f"{int((d < -1e-9).sum())} down")

    # Text pages: the cut searched within `width` of the text bars' outside bar.
    bars = fit.text_bars(rule)
    for width in (None, 0.1, 0.15, 0.2):
        f1s = {}
        for i, pg in enumerate(data.pages):
            p, r, keep = oof[pg["rows"]], data.X[pg["rows"]], None
            if width and len(r) and r[0, fit.FEATURES.index("has_dom")] < 0.5:
                rk = r[:, fit.FEATURES.index("region_keep")] > 0.5
                q = fit.group_consensus(r, p) + np.where(rk, bars["keep_outside"] - bars["keep_in_region"], 0.0)
                units = np.expm1(r[:, fit.FEATURES.index("log_units")].astype(np.float64)) + 1e-6
                keep = cut_otsu(q, units, bars["keep_outside"] - width, bars["keep_outside"] + width)
            if keep is None or not keep.any():
                keep = fit.decide(data, i, p, rule, types[i], routes[i])
            f1s[i] = fit.page_f1(bags[i], keep)
        m = common.means_by_set(data, f1s)
        print(f"text {'bars as fitted' if width is None else f'otsu ±{width}':16s} " +
              " ".join(f"{k}={m[k]:.4f}" for k in ("aeb-text", "wcxb-text", "zh-text")), flush=True)


if __name__ == "__main__":
    main()
