#!/usr/bin/env python3
"""Experiment: page-relative features of template groups and lines, derived from the dump.

The line model sees each line's template group (`group_count`, `group_share`, ...) but not
how that group stands among the page's other groups: the listing's items are the page's
largest group, a product page's "similar items" carousel is one of several small ones. Here
each line also gets, derived per page from the dumped columns (a group is the lines sharing
the four `group_*` values): the group's share over the page's largest group's, whether it is
the largest, its rank, the share of its lines the region keeps, its lines' mean prose and
position, and the line's units against the page's mean. Cross-validated in `fit.py`'s five
folds by site, the rule re-chosen and each page cut on the new out-of-fold probabilities
(the fitted router until stop 31), against the same procedure without them (`EXTRA=none`).

    EXTRA=all /tmp/fit/bin/python scripts/content_model/experiments/page_relative.py
"""
import collections
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import fit  # noqa: E402

EXTRA_NAMES = ["g_rel_share", "g_is_max", "g_rank", "g_region", "g_prose", "g_pos",
               "g_lines", "rel_units", "before_region", "after_region"]


def derived(data, F):
    col = {n: F.index(n) for n in F}
    out = np.zeros((len(data.X), len(EXTRA_NAMES)), dtype=np.float32)
    for pg in data.pages:
        r = pg["rows"]
        X = data.X[r]
        n = len(X)
        if not n:
            continue
        E = out[r]
        key = [tuple(x) for x in X[:, [col["group_count"], col["group_share"],
                                        col["group_item_units"], col["group_link_density"]]]]
        members = collections.defaultdict(list)
        for j, k in enumerate(key):
            if k[0] > 0:
                members[k].append(j)
        shares = {k: k[1] for k in members}
        mx = max(shares.values(), default=0.0)
        order = sorted(shares, key=lambda k: -shares[k])
        rank = {k: q for q, k in enumerate(order)}
        rk = X[:, col["region_keep"]] > 0.5
        kept = np.nonzero(rk)[0]
        first, last = (kept[0], kept[-1]) if len(kept) else (n, -1)
        for k, js in members.items():
            js = np.array(js)
            E[js, 0] = shares[k] / mx if mx > 0 else 0
            E[js, 1] = float(shares[k] >= mx)
            E[js, 2] = np.log1p(rank[k] + 1)
            E[js, 3] = rk[js].mean()
            E[js, 4] = X[js, col["prose"]].mean()
            E[js, 5] = X[js, col["rel_pos"]].mean()
            E[js, 6] = np.log1p(len(js))
        E[:, 7] = X[:, col["log_units"]] - X[:, col["page_mean_log_units"]]
        j = np.arange(n)
        E[:, 8] = np.where(j < first, (first - j) / n, 0) if len(kept) else 0
        E[:, 9] = np.where(j > last, (j - last) / n, 0) if len(kept) else 0
        out[r] = E
    return out


def page_base(data, F):
    """With `PAGE_BASE`, the page-type model reads the shipped features only (its gate
    stays as it was)."""
    if os.environ.get("PAGE_BASE"):
        base_nf = len(F) - (data.nf - len(json.load(open("/tmp/pagewash_fit_wcxb.features.json"))))
        orig = fit.page_vectors
        fit.page_vectors = lambda data, idx: orig(data, idx)[:, :base_nf]


def main():
    common.cross_validate_with_extra(derived, EXTRA_NAMES, adjust=page_base)


if __name__ == "__main__":
    main()
