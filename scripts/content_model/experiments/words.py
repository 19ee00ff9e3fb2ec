#!/usr/bin/env python3
"""Experiment: what the line's words say. A hashed bag of words (lower-case word unigrams
and bigrams, CJK character bigrams) scored by a logistic regression, its logit given to
the line trees as one more feature. Nested cross-validation: in each of `fit.py`'s five
folds by site, the regression is fitted on the other folds (its scores for their lines come
from four inner folds by site, so the trees learn how far to trust a score on an unseen
site), the trees on those scores, and the held-out fold is scored by both. The rule and the
page cut are the shipped ones, on the new out-of-fold probabilities.

    /tmp/fit/bin/python scripts/content_model/experiments/words.py
"""
import collections
import os
import re
import sys

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import SGDClassifier

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import fit  # noqa: E402

# This experiment computes its own words column (the one `fit.py` now ships, for text pages
# only, is what `TEXT_ONLY=1` measures); `fit.py`'s is off here.
fit.WORDS = False

WORD = re.compile(r"[a-z0-9]+|[\u3400-\u9fff]")
N_HASH = 2 ** int(os.environ.get("HASH_BITS", "18"))
ALPHA = float(os.environ.get("ALPHA", "2e-6"))
# TEXT_ONLY=1: the score is given on text pages only (0 on HTML rows), fitted on their lines.
TEXT_ONLY = os.environ.get("TEXT_ONLY") == "1"


def analyzer(text):
    toks = WORD.findall(text.lower())
    out = []
    prev = "^"
    for t in toks:
        out.append(t)
        out.append(prev + " " + t)
        prev = t
    out.append(prev + " $")
    return out


def fit_words(M, y, w):
    m = SGDClassifier(loss="log_loss", alpha=ALPHA, max_iter=15, tol=None, random_state=0)
    m.fit(M, y, sample_weight=w)
    return m


def main():
    data, F, score = common.load()
    texts = [t for pg in data.pages for t in pg["texts"]]
    M = HashingVectorizer(analyzer=analyzer, n_features=N_HASH, alternate_sign=False,
                          binary=True, norm="l2").transform(texts).tocsr()
    base_nf = data.nf
    X0 = data.X
    orig_pv = fit.page_vectors
    fit.page_vectors = lambda d, idx: orig_pv(d, idx)[:, :base_nf]
    fit.FEATURES = F + ["words_logit"]
    folds = common.FOLDS
    groups = common.site_folds(data)
    oof = np.zeros(len(data.Y), dtype=np.float32)
    wonly = np.zeros(len(data.Y), dtype=np.float32)
    if TEXT_ONLY:
        is_text = np.zeros(len(data.Y), dtype=bool)
        for pg in data.pages:
            is_text[pg["rows"]] = pg["set"].endswith("-text")
        orig_rows = fit.rows_of
        rows_text = lambda d, idx: [r for r in orig_rows(d, idx) if is_text[r]]
    else:
        rows_text = fit.rows_of
    for f in range(folds):
        test = groups[f]
        train = [i for g in range(folds) if g != f for i in groups[g]]
        col = np.zeros(len(data.Y), dtype=np.float32)
        inner = collections.defaultdict(list)
        for i in train:
            inner[(fit.hash_site(data.pages[i]["site"]) // folds) % 4].append(i)
        for g, te in inner.items():
            tr = [i for h, v in inner.items() if h != g for i in v]
            rtr, rte = rows_text(data, tr), rows_text(data, te)
            m = fit_words(M[rtr], data.Y[rtr], data.W[rtr])
            col[rte] = m.decision_function(M[rte])
        rtr, rte = rows_text(data, train), rows_text(data, test)
        m = fit_words(M[rtr], data.Y[rtr], data.W[rtr])
        col[rte] = m.decision_function(M[rte])
        wonly[rte] = 1 / (1 + np.exp(-col[rte]))
        rte = fit.rows_of(data, test)
        data.X = np.hstack([X0, col[:, None]])
        data.nf = data.X.shape[1]
        pm = fit.fit_page(data, train)
        tprobs = fit.oof_page_probs(data, train)
        lm = fit.fit_line(data, train, tprobs)
        probs = fit.page_probs(pm, data, test)
        p = fit.predict_lines(data, test, probs, lm, None)
        oof[rte] = p
        for k, i in enumerate(test):
            fit.OOF_TYPES[i] = probs[k]
        print(f"fold {f} done", flush=True)
    data.X = X0
    data.nf = base_nf
    fit.FEATURES = F
    tag = os.environ.get("TAG", "words")
    np.save(f"/tmp/exp/oof_{tag}.npy", oof)
    np.save(f"/tmp/exp/types_{tag}.npy", np.array([fit.OOF_TYPES[i] for i in range(len(data.pages))]))
    bags = fit.token_bags(data, score)
    rule = {i: fit.page_f1(bags[i], fit.decide(data, i, oof[pg["rows"]], fit.RULE, fit.OOF_TYPES[i]))
            for i, pg in enumerate(data.pages)}
    fit.report(data, {i: (v, fit.OOF_TYPES[i]) for i, v in rule.items()}, "words: shipped rule (fast F1)")
    res = common.routed(data, oof, fit.OOF_TYPES, bags)
    fit.report(data, res, "words: routed (fast F1)")


if __name__ == "__main__":
    main()
