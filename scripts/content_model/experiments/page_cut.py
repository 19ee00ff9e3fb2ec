#!/usr/bin/env python3
"""Where each page's cut falls. On fit.py's cached out-of-fold probabilities, a page that is
not gated (HTML) keeps its lines by one of these cuts instead of the bars as fitted:

- `size`: its most probable lines up to the expected size of its gold (the sum over lines
  of probability x tokens; an oracle that knows the gold's size reaches WCXB 0.876).
- `otsu`: the token-weighted Otsu threshold of the page's probabilities in a band (what the
  crate ships since stop 31, with units as weights and the band 0.3-0.7: `fit.cut_shift`).
- `gap`: the widest gap between consecutive sorted probabilities inside a band.
Stop 31 compared them with the fitted router they replaced (router 0.8368 / AEB 0.9573, Otsu
0.8389 / 0.9594; DESIGN.md). Then the shipped cut against the bars as fitted page by page
(the mean difference with a bootstrap interval), and the Otsu cut on text pages (the twins),
which the crate does not ship: a second cleaning of the output would cut again.

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
    cut_pages = [fit.routed(data, i, rule, types[i]) for i in range(len(data.pages))]

    def per_page(cut):
        """Per page F1 when the pages that take a cut keep `cut(q, w)` (None: the shipped
        cut, `fit.decide`), the others as shipped."""
        out = {}
        for i, pg in enumerate(data.pages):
            p, keep = oof[pg["rows"]], None
            if cut_pages[i] and cut is not None:
                q = fit.group_consensus(data.X[pg["rows"]], p) + region_bias(data, i, rule)
                keep = cut(q, weights(data, i, bags))
            if keep is None or not keep.any():
                keep = fit.decide(data, i, p, rule, types[i], cut=cut is None)
            out[i] = fit.page_f1(bags[i], keep)
        return out

    def show(name, f1s):
        m = common.means_by_set(data, f1s)
        types_s = " ".join(f"{k[5:]}={v:.3f}" for k, v in m.items() if k.startswith("wcxb:"))
        print(f"{name:24s} wcxb={m['wcxb']:.4f} aeb={m['aeb']:.4f} zh={m['zh']:.4f} | {types_s}",
              flush=True)

    shipped = per_page(None)
    fitted = per_page(lambda q, w: q >= rule["keep_outside"])
    show("shipped cut", shipped)
    show("bars as fitted", fitted)
    for scale in (0.8, 0.9, 1.0, 1.1, 1.2):
        show(f"size x{scale}", per_page(lambda q, w, s=scale: cut_size(q, w, s)))
    for lo, hi in ((0.3, 0.7), (0.2, 0.8), (0.4, 0.6)):
        show(f"otsu {lo}-{hi} (tokens)", per_page(lambda q, w, a=lo, b=hi: cut_otsu(q, w, a, b)))
        show(f"gap {lo}-{hi}", per_page(lambda q, w, a=lo, b=hi: cut_gap(q, a, b)))

    rng = np.random.default_rng(0)
    for s in ("wcxb", "aeb", "zh"):
        d = np.array([shipped[i] - fitted[i] for i in shipped if data.pages[i]["set"] == s])
        boot = [d[rng.integers(0, len(d), len(d))].mean() for _ in range(2000)]
        print(f"shipped cut - bars as fitted on {s}: {d.mean():+.4f} (95% {np.percentile(boot, 2.5):+.4f} .. "
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
                keep = fit.decide(data, i, p, rule, types[i], cut=True)
            f1s[i] = fit.page_f1(bags[i], keep)
        m = common.means_by_set(data, f1s)
        print(f"text {'bars as fitted' if width is None else f'otsu ±{width}':16s} " +
              " ".join(f"{k}={m[k]:.4f}" for k in ("aeb-text", "wcxb-text", "zh-text")), flush=True)


if __name__ == "__main__":
    main()
