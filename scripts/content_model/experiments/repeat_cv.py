#!/usr/bin/env python3
"""How steady are the cross-validated figures? `fit.py`'s five folds by site, repeated with
other assignments of sites to folds (a salt in the site hash), the shipped rule and the
page's cut in each (the router, refitted, until stop 31); prints each repeat's figures per set and page type, then the mean
and the spread (standard deviation) over repeats.

    REPEATS=3 /tmp/fit/bin/python scripts/content_model/experiments/repeat_cv.py
"""
import collections
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import fit  # noqa: E402

REPEATS = int(os.environ.get("REPEATS", "3"))


def main():
    data, _, score = common.load()
    rule = dict(fit.RULE)
    bags = fit.token_bags(data, score)
    runs = []
    for salt in range(REPEATS):
        groups = collections.defaultdict(list)
        for i, pg in enumerate(data.pages):
            groups[fit.hash_site(f"{salt}:{pg['site']}" if salt else pg["site"]) % common.FOLDS].append(i)
        oof = np.zeros(len(data.Y), dtype=np.float32)
        fit.RULE = rule
        fit.OOF_TYPES.clear()
        fit.evaluate(data, score, [groups[f] for f in range(common.FOLDS)], oof)
        types = dict(fit.OOF_TYPES)
        res = common.routed(data, oof, types, bags, rule)
        runs.append(common.means_by_set(data, {i: v for i, (v, _) in res.items()}))
        print(f"repeat {salt}: " + " ".join(f"{k}={v:.4f}" for k, v in sorted(runs[-1].items())), flush=True)
    print("mean ± std over repeats:")
    for k in sorted(runs[0]):
        v = np.array([r[k] for r in runs])
        print(f"  {k:24s} {v.mean():.4f} ± {v.std():.4f}")
    json.dump(runs, open(os.environ.get("OUT", "/tmp/exp/repeat_cv.json"), "w"))


if __name__ == "__main__":
    main()
