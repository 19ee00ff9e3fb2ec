"""What the experiments share: the cached dump `fit.py` left in /tmp, its folds by site, and
the shipped decision (each page cut where its probabilities split) on a set of out-of-fold
line probabilities."""
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
FOLDS = 5


def load():
    """The cached dump (relabelled; `DATA` overrides its path), its feature names and the
    scorer; `fit.FEATURES` and `fit.RULE` set to the shipped ones."""
    data = pickle.load(open(os.environ.get("DATA", "/tmp/pagewash_fit_data.pkl"), "rb"))
    names = json.load(open("/tmp/pagewash_fit_wcxb.features.json"))
    score = fit.load_score(os.environ.get("SHARED", os.path.join(fit.ROOT, "..", "shared")))
    data.relabel(score)
    # The words column (`fit.py`'s `WORDS`): the bags, and the scores `evaluate` fills in.
    data.WL = np.zeros(len(data.Y), dtype=np.float32)
    if fit.WORDS:
        data.WM = fit.words_matrix(data)
    fit.FEATURES = names
    fit.RULE = json.load(open(fit.THRESHOLDS_FILE))
    return data, names, score


def site_folds(data):
    """`fit.py`'s folds: page indices by fold, a site's pages (and text twins) in one."""
    groups = collections.defaultdict(list)
    for i, pg in enumerate(data.pages):
        groups[fit.hash_site(pg["site"]) % FOLDS].append(i)
    return groups


def routed(data, oof, types, bags, rule=None):
    """Per page (token F1, type probabilities) as the crate decides it on these probabilities:
    gated pages keep their region, the others are cut where their probabilities split (nothing
    fitted per fold: out-of-fold probabilities make it a cross-validated figure)."""
    rule = rule or fit.RULE
    return {i: (fit.page_f1(bags[i], fit.decide(data, i, oof[pg["rows"]], rule, types[i], cut=True)), types[i])
            for i, pg in enumerate(data.pages)}


def cached_oof(data, score):
    """`fit.py`'s cached out-of-fold line and page-type probabilities (`OOF`, `OOF_TYPES`
    override the paths), registered as `fit.OOF_TYPES`, with the shipped rule, the token bags
    and the folds by site: what an experiment on the cached run starts from."""
    oof = np.load(os.environ.get("OOF", "/tmp/pagewash_fit_oof.npy"))
    types = np.load(os.environ.get("OOF_TYPES", "/tmp/pagewash_fit_oof_types.npy"))
    fit.OOF_TYPES.update(enumerate(types))
    return oof, types, dict(fit.RULE), fit.token_bags(data, score), site_folds(data)


def means_by_set(data, f1s, type_prefix="wcxb:"):
    """Mean token F1 per gold set and, on WCXB, per page type (`type_prefix` + type), from
    a map page index -> F1."""
    by = collections.defaultdict(list)
    for i, v in f1s.items():
        pg = data.pages[i]
        by[pg["set"]].append(v)
        if pg["set"] == "wcxb":
            by[type_prefix + pg["type"]].append(v)
    return {k: float(np.mean(v)) for k, v in sorted(by.items())}


def save_and_route(data, score, oof, tag, title):
    """Saves an experiment's out-of-fold line and page-type probabilities to
    `/tmp/exp/{oof,types}_<tag>.npy` (for later comparisons) and reports the page routed
    on them, as the crate would."""
    os.makedirs("/tmp/exp", exist_ok=True)
    np.save(f"/tmp/exp/oof_{tag}.npy", oof)
    np.save(f"/tmp/exp/types_{tag}.npy", np.array([fit.OOF_TYPES[i] for i in range(len(data.pages))]))
    bags = fit.token_bags(data, score)
    fit.report(data, routed(data, oof, fit.OOF_TYPES, bags), title)


def cross_validate_with_extra(derived, extra_names, tag_prefix="", adjust=None):
    """The feature experiments' run: `derived(data, F)` adds columns `extra_names` (`EXTRA`:
    `all`, `none` or a comma list), the line model is cross-validated in `fit.py`'s folds by
    site, and the out-of-fold probabilities are saved and each page cut on them
    (`save_and_route`; `TAG` names them, else `tag_prefix` + `EXTRA`). `adjust(data, F)`
    runs before the fit (a hook for one experiment's variant)."""
    data, F, score = load()
    extra = os.environ.get("EXTRA", "all")
    if extra != "none":
        names = extra_names if extra == "all" else extra.split(",")
        E = derived(data, F)[:, [extra_names.index(x) for x in names]]
        data.X = np.hstack([data.X, E])
        data.nf = data.X.shape[1]
        F = F + names
    fit.FEATURES = F
    if adjust:
        adjust(data, F)
    groups = site_folds(data)
    oof = np.zeros(len(data.Y), dtype=np.float32)
    fit.report(data, fit.evaluate(data, score, [groups[f] for f in range(FOLDS)], oof),
               f"EXTRA={extra}: cross-validated by site, shipped rule {fit.RULE}")
    tag = os.environ.get("TAG", tag_prefix + extra)
    save_and_route(data, score, oof, tag, f"EXTRA={extra}: each page cut (fast F1)")
