#!/usr/bin/env python3
"""Experiment: what the heading above a line says about its section. Each heading (an HTML
`<h1>`-`<h6>` line; on text, a short line without a stop right above a line of running
text) is scored by a logistic regression over its hashed words (`fit.words_buckets`), fitted
on how much of the section below it (down to the next heading) the gold holds. Every line
gets its section heading's logit and its distance below it as two more inputs of the line
trees. Nested as `fit.py`'s words: in each fold by site the regression is fitted on the
other folds, and the training lines' scores come from four inner folds by site.

    /tmp/fit/bin/python scripts/content_model/experiments/section_words.py
"""
import collections
import os
import sys

import numpy as np
from sklearn.linear_model import SGDClassifier

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import fit  # noqa: E402

TEXT_HEADINGS = os.environ.get("TEXT_HEADINGS", "1") == "1"


def sections(data, F):
    """Per row: the row index of its section's heading (-1: none above) and the heading rows."""
    head = np.full(len(data.Y), -1, dtype=np.int64)
    is_head = np.zeros(len(data.Y), dtype=bool)
    c = {k: F.index(k) for k in ("tag_heading", "has_dom", "stops", "log_units", "prose")}
    for pg in data.pages:
        r = pg["rows"]
        X = data.X[r]
        if not len(X):
            continue
        html = X[0, c["has_dom"]] > 0.5
        if html:
            h = X[:, c["tag_heading"]] > 0.5
        elif TEXT_HEADINGS:
            units = np.expm1(X[:, c["log_units"]])
            nxt = np.append(X[1:, c["prose"]] > 0.5, False)
            h = (X[:, c["stops"]] == 0) & (units <= 80) & (units >= 3) & nxt
        else:
            h = np.zeros(len(X), bool)
        last = -1
        for k in range(len(X)):
            if h[k]:
                last = r.start + k
                is_head[r.start + k] = True
            head[r.start + k] = last
    return head, is_head


def heading_targets(data, head, is_head):
    """Per heading row: the weight of kept and dropped lines in its section."""
    pos = np.zeros(len(data.Y))
    neg = np.zeros(len(data.Y))
    rows = np.nonzero((head >= 0) & ~is_head)[0]
    np.add.at(pos, head[rows], data.W[rows] * data.Y[rows])
    np.add.at(neg, head[rows], data.W[rows] * (1 - data.Y[rows]))
    return pos, neg


def fit_heads(data, hrows, pos, neg):
    M = data.WM[hrows]
    from scipy.sparse import vstack
    X = vstack([M, M])
    y = np.r_[np.ones(len(hrows)), np.zeros(len(hrows))]
    w = np.r_[pos[hrows], neg[hrows]]
    keep = w > 0
    m = SGDClassifier(loss="log_loss", alpha=fit.WORDS_ALPHA, max_iter=15, tol=None, random_state=0)
    return m.fit(X[keep], y[keep], sample_weight=w[keep])


def main():
    data, F, score = common.load()
    head, is_head = sections(data, F)
    pos, neg = heading_targets(data, head, is_head)
    print("headings:", int(is_head.sum()), "rows under one:", int((head >= 0).sum()), flush=True)
    row_page = np.zeros(len(data.Y), dtype=np.int64)
    for i, pg in enumerate(data.pages):
        row_page[pg["rows"]] = i
    base_nf = data.nf
    X0 = data.X
    orig_pv = fit.page_vectors
    fit.page_vectors = lambda d, idx: orig_pv(d, idx)[:, :base_nf]
    fit.FEATURES = F + ["sec_logit", "sec_dist"]
    groups = common.site_folds(data)
    oof = np.zeros(len(data.Y), dtype=np.float32)
    dist = np.where(head >= 0, np.log1p(np.arange(len(head)) - head), 0.0).astype(np.float32)
    hpages = lambda idx: np.nonzero(is_head & np.isin(row_page, idx))[0]
    for f in range(common.FOLDS):
        test = groups[f]
        train = [i for g in range(common.FOLDS) if g != f for i in groups[g]]
        hl = np.zeros(len(data.Y), dtype=np.float32)
        inner = collections.defaultdict(list)
        for i in train:
            inner[(fit.hash_site(data.pages[i]["site"]) // 5) % 4].append(i)
        for g, te in inner.items():
            tr = [i for h, v in inner.items() if h != g for i in v]
            m = fit_heads(data, hpages(tr), pos, neg)
            hr = hpages(te)
            hl[hr] = m.decision_function(data.WM[hr])
        m = fit_heads(data, hpages(train), pos, neg)
        hr = hpages(test)
        hl[hr] = m.decision_function(data.WM[hr])
        col = np.where(head >= 0, hl[np.maximum(head, 0)], 0.0).astype(np.float32)
        data.X = np.hstack([X0, col[:, None], dist[:, None]])
        data.nf = data.X.shape[1]
        fit.words_for_training(data, train)
        fit.words_logits(fit.fit_words(data, train), data, test)
        pm = fit.fit_page(data, train)
        tprobs = fit.oof_page_probs(data, train)
        lm = fit.fit_line(data, train, tprobs)
        probs = fit.page_probs(pm, data, test)
        oof[fit.rows_of(data, test)] = fit.predict_lines(data, test, probs, lm, None)
        for k, i in enumerate(test):
            fit.OOF_TYPES[i] = probs[k]
        print(f"fold {f} done", flush=True)
    data.X, data.nf, fit.FEATURES = X0, base_nf, F
    tag = os.environ.get("TAG", "section")
    common.save_and_route(data, score, oof, tag, f"{tag}: routed (fast F1)")


if __name__ == "__main__":
    main()
