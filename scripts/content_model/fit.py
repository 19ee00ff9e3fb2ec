#!/usr/bin/env python3
"""Fits the content model (page type + keep/drop per line) and reports it cross-validated.

    python3 -m venv /tmp/fit && /tmp/fit/bin/pip install -r scripts/content_model/requirements.txt
    cargo build --release --example content_features
    /tmp/fit/bin/python scripts/content_model/fit.py --shared ../shared            # CV report
    /tmp/fit/bin/python scripts/content_model/fit.py --shared ../shared --write    # + src/content/model_table.rs
    (`--write` and `--check` need the dump the last run left in /tmp: run without `--no-cv`
    first on a fresh machine)
    /tmp/fit/bin/python scripts/content_model/fit.py --shared ../shared --check    # the table matches a fresh fit

Data: the WCXB dev split (`fixtures/train/wcxb_dev`, 1,497 English pages of seven types), AEB
and CleanEval-zh (`fixtures/dev`), each page's candidate lines dumped with their features by
`examples/content_features.rs` (the crate's own feature code), labelled against the gold text.

Every figure printed is cross-validated: pages are split into folds by site (the URL's host,
else the page), the models are fitted on the other folds and the held-out pages are cleaned
by them; `--by-type` adds leave-one-page-type-out folds (a type the model never saw).
Scores are `score.py --nfkc` token F1 on the lines the model keeps, simulated from the dump.
The fit is deterministic (fixed seeds), so `--check` can compare the written table.
"""
import argparse, collections, json, os, re, subprocess, sys, unicodedata
from urllib.parse import urlparse

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

PAGE_TYPES = ["article", "forum", "product", "listing", "collection", "service", "documentation"]
ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
TABLE = os.path.join(ROOT, "src", "content", "model_table.rs")
THRESHOLDS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rule.json")
PARITY = os.path.join(ROOT, "tests", "fixtures", "content_model", "parity.tsv")
WORDS_WEIGHTS = os.path.join(ROOT, "src", "content", "words_weights.bin")
WORDS_PARITY = os.path.join(ROOT, "tests", "fixtures", "content_model", "words_parity.tsv")

# Model sizes: small enough that judging a line costs well under a microsecond.
LINE_TREES = int(os.environ.get("LINE_TREES", "80"))
LINE_LEAVES = int(os.environ.get("LINE_LEAVES", "23"))
PAGE_TREES, PAGE_LEAVES = 40, 7
# A stacked second stage (neighbours' probabilities) gained under 0.003 in cross-validation
# for twice the cost per line: off unless asked for.
STACK_TREES = int(os.environ.get("STACK_TREES", "0"))
# Keep thresholds: for lines the region (or the span) keeps, and for the others. Chosen on
# the out-of-fold probabilities from this grid (see `choose_thresholds`).
RULE_GRID = [{"keep_in_region": a, "keep_outside": b, "article_gate": g}
             for g in (1.01, 0.95, 0.9, 0.8, 0.7, 0.6, 0.5) for a in (0.3, 0.4, 0.5) for b in (0.4, 0.5, 0.6, 0.7)]
RULE = {"keep_in_region": 0.5, "keep_outside": 0.5, "article_gate": 1.01}
# The page's cut (`cut_shift`): both bars move to where the page's own probabilities split,
# searched within CUT_BAND of the outside bar in CUT_STEPS steps (the crate's `model::cut_shift`).
CUT_BAND, CUT_STEPS = 0.2, 20
# The crate's default since stop 32: an HTML page's title heading is in the metadata, not
# the text (`without_title`).
KEEP_TITLE = bool(int(os.environ.get("KEEP_TITLE", "0")))


def load_score(shared):
    sys.path.insert(0, os.path.join(shared, "eval"))
    import score  # noqa: E402  (../shared/eval/score.py: the scorer every figure uses)
    return score


def norm(t):
    return "\n".join(" ".join(l.split()) for l in unicodedata.normalize("NFKC", t).splitlines())


def dump(shared, name, rel):
    """Runs the dumper; returns the HTML pages and their text twins (the same lines read as
    a WET record), each as (pages, features)."""
    prefix = f"/tmp/pagewash_fit_{name}"
    exe = os.path.join(ROOT, "target", "release", "examples", "content_features")
    subprocess.run([exe, os.path.join(shared, rel), prefix, name], check=True,
                   stderr=subprocess.DEVNULL)
    out = []
    for p in (prefix, prefix + ".text"):
        pages = [json.loads(l) for l in open(p + ".jsonl", encoding="utf-8")]
        out.append((pages, np.fromfile(p + ".f32", dtype="<f4")))
    return out, os.path.join(shared, rel)


def manifest_types(gold_dir):
    path = os.path.join(gold_dir, "manifest.tsv")
    if not os.path.exists(path):
        return {}
    rows = open(path, encoding="utf-8").read().splitlines()
    head = rows[0].split("\t")
    out = {}
    for r in rows[1:]:
        f = dict(zip(head, r.split("\t")))
        out[f["id"]] = json.loads(f.get("extra") or "{}").get("page_type", "article")
    return out


# Gold and page are compared as token trigrams: a line is gold when at least half of its
# tokens lie in a trigram of the page's token stream (across line ends) that the gold holds.
# The stream crosses line ends so that a key and its value split over two lines ("Seat" /
# "20'' H X 24'' W") match the gold's one line ("Seat: 20'' H X 24'' W"), and a short menu
# word ("Home") is gold only when its neighbours are too. Oracle token F1 of these labels
# (keep exactly the gold lines) against the earlier line-equality labels, WCXB dev by type:
# article .969 -> .976, service .933 -> .945, listing .865 -> .902, documentation .938 ->
# .961, collection .875 -> .879, forum and product unchanged; AEB .973 -> .980, zh .979 -> .987.
LABEL_NGRAM, LABEL_SHARE = 3, 0.5


def label_lines(score, lines, gold):
    """Per line: 1.0 when it is part of the gold text (see LABEL_NGRAM), and its token count."""
    g = score.tokens(norm(gold))
    n = LABEL_NGRAM
    grams = {tuple(g[k:k + n]) for k in range(len(g) - n + 1)}
    toks = [score.tokens(" ".join(norm(l).split())) for l in lines]
    stream = [t for ts in toks for t in ts]
    covered = np.zeros(len(stream) + n, dtype=bool)
    for k in range(len(stream) - n + 1):
        if tuple(stream[k:k + n]) in grams:
            covered[k:k + n] = True
    out, at = [], 0
    for ts in toks:
        c = int(covered[at:at + len(ts)].sum())
        at += len(ts)
        out.append(1.0 if ts and c >= LABEL_SHARE * len(ts) else 0.0)
    return out, [len(ts) for ts in toks]


def site(url, pid):
    if not url:
        return pid
    host = urlparse(url).netloc.lower()
    return host[4:] if host.startswith("www.") else host


class Data:
    def relabel(self, score):
        """Labels again from the kept texts and gold (the cache may predate `label_lines`)."""
        Y = []
        for pg in self.pages:
            Y.extend(label_lines(score, pg["texts"], pg["gold"])[0])
        self.Y = np.array(Y, dtype=np.int8)

    def __init__(self, shared, score):
        self.pages = []  # dicts: id, set, type, site, rows (slice), texts, gold
        X, Y, W = [], [], []
        start = 0
        for name, rel in [("wcxb", "fixtures/train/wcxb_dev"), ("aeb", "fixtures/dev/aeb"),
                          ("zh", "fixtures/dev/cleaneval_zh")]:
            shapes, gold_dir = dump(shared, name, rel)
            types = manifest_types(gold_dir)
            for shape, (pages, feats) in zip(["", "-text"], shapes):
              nf = len(feats) // sum(len(p["lines"]) for p in pages) if pages else 0
              feats = feats.reshape(-1, nf)
              at = 0
              for p in pages:
                n = len(p["lines"])
                gold = open(os.path.join(gold_dir, p["id"] + ".gold.txt"), encoding="utf-8").read()
                y, ntok = label_lines(score, p["lines"], gold)
                tot = max(1, sum(ntok))
                X.append(feats[at:at + n])
                Y.extend(y)
                # Each page weighs about the same (the score is a mean over pages), and within
                # a page each line by its tokens.
                W.extend(t / tot ** 0.5 for t in ntok)
                # A page and its text twin share a site, so they fall in the same fold.
                self.pages.append({"id": p["id"], "set": name + shape,
                                   "type": types.get(p["id"], "article"),
                                   "site": name + ":" + site(p.get("url"), p["id"]),
                                   "rows": slice(start, start + n), "texts": p["lines"], "gold": gold})
                at += n
                start += n
        self.X = np.concatenate(X).astype(np.float32)
        self.Y = np.array(Y, dtype=np.int8)
        self.W = np.array(W, dtype=np.float64)
        self.nf = self.X.shape[1]


def page_vectors(data, idx):
    """A page's features: the mean of its lines' vectors and the share of its text in each
    line verdict (what the crate computes in `model.rs`)."""
    out = np.zeros((len(idx), data.nf), dtype=np.float32)
    for k, i in enumerate(idx):
        r = data.X[data.pages[i]["rows"]]
        if len(r):
            out[k] = r.mean(axis=0, dtype=np.float64)
    return out


def fit_page(data, idx):
    X = page_vectors(data, idx)
    y = np.array([PAGE_TYPES.index(data.pages[i]["type"]) for i in idx])
    m = HistGradientBoostingClassifier(max_iter=PAGE_TREES, max_leaf_nodes=PAGE_LEAVES,
                                       learning_rate=0.15, random_state=0, early_stopping=False)
    m.fit(X, y)
    return m


def page_probs(model, data, idx):
    p = model.predict_proba(page_vectors(data, idx))
    full = np.zeros((len(idx), len(PAGE_TYPES)), dtype=np.float32)
    full[:, model.classes_] = p
    return full


def line_matrix(data, idx, probs):
    blocks = []
    for k, i in enumerate(idx):
        rows = data.pages[i]["rows"]
        r = data.X[rows]
        parts = [r, np.repeat(probs[k:k + 1], len(r), axis=0)]
        if WORDS:
            parts.append(data.WL[rows][:, None])
        blocks.append(np.hstack(parts))
    width = data.nf + len(PAGE_TYPES) + (1 if WORDS else 0)
    return np.concatenate(blocks) if blocks else np.zeros((0, width))


# The line's words, on text pages only (`src/content/words.rs`): a hashed bag of lower-case
# word unigrams and bigrams and CJK characters and their bigrams, scored by a logistic
# regression whose logit is the line trees' last input. On HTML the DOM's names already say
# what the words would (cross-validated, the words moved WCXB HTML by nothing and cost AEB
# 0.003), so HTML rows read 0. `WORDS=0` fits without them.
WORDS = os.environ.get("WORDS", "1") == "1"
WORDS_BITS = 16
WORDS_ALPHA = 2e-6
WORDS_INNER_FOLDS = 4
WORD = re.compile(r"[a-z0-9]+|[\u3400-\u9fff]")


WORDS_MAX_TOKENS = 32


def words_terms(text):
    """A line's terms, as `words.rs`'s `for_each_bucket` hashes them (its first 32 tokens)."""
    out, prev = [], "^"
    for t in WORD.findall(text.lower())[:WORDS_MAX_TOKENS]:
        out.append(t)
        out.append(prev + " " + t)
        prev = t
    out.append(prev + " $")
    return out


def words_buckets(text):
    from sklearn.utils import murmurhash3_32
    mask = (1 << WORDS_BITS) - 1
    return sorted({murmurhash3_32(t.encode("utf-8"), seed=0, positive=True) & mask
                   for t in words_terms(text)})


def words_matrix(data):
    """Every row's bag (binary, L2-normalised over its distinct buckets) as a CSR matrix."""
    from scipy.sparse import csr_matrix
    ind, ptr, val = [], [0], []
    for pg in data.pages:
        for t in pg["texts"]:
            b = words_buckets(t)
            ind.extend(b)
            val.extend([1.0 / len(b) ** 0.5] * len(b))
            ptr.append(len(ind))
    return csr_matrix((np.array(val, dtype=np.float64), np.array(ind), np.array(ptr)),
                      shape=(len(ptr) - 1, 1 << WORDS_BITS))


def text_rows(data, idx):
    return rows_of(data, [i for i in idx if data.pages[i]["set"].endswith("-text")])


def fit_words(data, idx):
    from sklearn.linear_model import SGDClassifier
    r = text_rows(data, idx)
    m = SGDClassifier(loss="log_loss", alpha=WORDS_ALPHA, max_iter=15, tol=None, random_state=0)
    return m.fit(data.WM[r], data.Y[r], sample_weight=data.W[r])


def words_logits(m, data, idx):
    """`data.WL` set for `idx`'s text rows: the regression `m`'s logit."""
    r = text_rows(data, idx)
    if len(r):
        data.WL[r] = m.decision_function(data.WM[r])


def words_for_training(data, idx):
    """`data.WL` for the training pages `idx`: each text row scored by a regression fitted on
    the other inner folds (by site), so the trees learn how far to trust the score on a site
    the regression never saw."""
    inner = collections.defaultdict(list)
    for i in idx:
        inner[(hash_site(data.pages[i]["site"]) // 5) % WORDS_INNER_FOLDS].append(i)
    for g, te in inner.items():
        words_logits(fit_words(data, [i for h, v in inner.items() if h != g for i in v]), data, te)


def rows_of(data, idx):
    r = [data.pages[i]["rows"] for i in idx]
    return np.concatenate([np.arange(x.start, x.stop) for x in r]) if r else np.zeros(0, int)


def fit_line(data, idx, probs):
    X = line_matrix(data, idx, probs)
    r = rows_of(data, idx)
    return line_trees(LINE_TREES).fit(X, data.Y[r], sample_weight=data.W[r])


def line_trees(n):
    return HistGradientBoostingClassifier(max_iter=n, max_leaf_nodes=LINE_LEAVES,
                                          learning_rate=0.15, random_state=0,
                                          early_stopping=False, l2_regularization=1.0)


STACK_NAMES = ["p_self", "p_prev", "p_next", "p_near3", "p_near10", "p_page"]


def stack_features(p, sizes):
    """Second-stage inputs: each line's first-stage probability and its neighbours' (a menu
    line among kept paragraphs, a paragraph among menu items), as `model.rs` computes them."""
    out = np.zeros((len(p), len(STACK_NAMES)), dtype=np.float32)
    at = 0
    for n in sizes:
        q = p[at:at + n].astype(np.float64)
        if n:
            c = np.concatenate([[0.0], np.cumsum(q)])
            for j in range(n):
                prev = q[j - 1] if j > 0 else q[j]
                nxt = q[j + 1] if j + 1 < n else q[j]
                def near(r):
                    a, b = max(0, j - r), min(n, j + r + 1)
                    cnt = b - a - 1
                    return (c[b] - c[a] - q[j]) / cnt if cnt else q[j]
                out[at + j] = (q[j], prev, nxt, near(3), near(10), c[n] / n)
        at += n
    return out


def sizes_of(data, idx):
    return [data.pages[i]["rows"].stop - data.pages[i]["rows"].start for i in idx]


def fit_stack(data, idx, probs, lm):
    X = line_matrix(data, idx, probs)
    p1 = lm.predict_proba(X)[:, 1]
    X2 = np.hstack([X, stack_features(p1, sizes_of(data, idx))])
    r = rows_of(data, idx)
    return line_trees(STACK_TREES).fit(X2, data.Y[r], sample_weight=data.W[r])


def predict_lines(data, idx, probs, lm, sm):
    X = line_matrix(data, idx, probs)
    p1 = lm.predict_proba(X)[:, 1]
    if sm is None:
        return p1
    return sm.predict_proba(np.hstack([X, stack_features(p1, sizes_of(data, idx))]))[:, 1]


def oof_page_probs(data, idx, folds=3):
    """Page-type probabilities for training pages from models that did not see them, so the
    line model learns how far to trust them."""
    idx = np.array(idx)
    probs = np.zeros((len(idx), len(PAGE_TYPES)), dtype=np.float32)
    groups = np.array([hash_site(data.pages[i]["site"]) % folds for i in idx])
    for f in range(folds):
        tr, te = idx[groups != f], idx[groups == f]
        if len(te) == 0 or len(tr) == 0:
            continue
        probs[groups == f] = page_probs(fit_page(data, tr), data, te)
    return probs


def hash_site(s):
    h = 0
    for b in s.encode():
        h = (h * 131 + b) % 1_000_003
    return h


def simulate(data, i, keep):
    """The page's output: kept lines, a line equal to the one before dropped, and a line of
    more than 40 characters equal to any kept above it (the normalizer)."""
    out, last, seen = [], None, set()
    for t, k in zip(data.pages[i]["texts"], keep):
        if k:
            t = " ".join(t.split())
            if t and t != last and t not in seen:
                out.append(t)
                last = t
                if len(t) > 40:
                    seen.add(t)
    return "\n".join(out)


OOF_TYPES = {}


def evaluate(data, score, folds, oof=None):
    """Fits on each fold's complement and cleans the fold. Returns per page (f1, type probs);
    `oof`, when given, receives every held-out line's probability."""
    results = {}
    for test in folds:
        train = [i for i in range(len(data.pages)) if i not in set(test)]
        if WORDS:
            words_for_training(data, train)
            words_logits(fit_words(data, train), data, test)
        pm = fit_page(data, train)
        tprobs = oof_page_probs(data, train)
        lm = fit_line(data, train, tprobs)
        sm = fit_stack(data, train, tprobs, lm) if STACK_TREES else None
        probs = page_probs(pm, data, test)
        p = predict_lines(data, test, probs, lm, sm)
        if oof is not None:
            oof[rows_of(data, test)] = p
            for k, i in enumerate(test):
                OOF_TYPES[i] = probs[k]
        at = 0
        for k, i in enumerate(test):
            n = data.pages[i]["rows"].stop - data.pages[i]["rows"].start
            keep = decide(data, i, p[at:at + n], RULE, probs[k])
            at += n
            out = simulate(data, i, keep)
            s = score.score_pair(norm(data.pages[i]["gold"]), norm(out))
            results[i] = (s["tok_f1"], probs[k])
    return results


def routed(data, i, rule, types):
    """Whether the page takes its own cut (`cut_shift`): an HTML page (text and flat HTML keep
    the fitted bars: a cut of their own is not idempotent, see DESIGN.md) that is not gated."""
    r = data.X[data.pages[i]["rows"]]
    return bool(len(r) and r[0, FEATURES.index("has_dom")] > 0.5 and not gated(data, i, rule, types))


# A region keeping less than this share of the page's running text has collapsed (the
# crate's `model::COLLAPSED_REGION_SHARE`; chosen by `experiments/collapsed_region.py`).
COLLAPSED_REGION_SHARE = 0.05
# A gated page also keeps a line outside its region from this probability (the crate's
# `model::SURE_BESIDE_REGION`; chosen on the out-of-fold probabilities among 0.6-0.95,
# the highest that gains on WCXB and costs AEB and CleanEval-zh nothing: DESIGN).
GATED_SURE = 0.9
# ...when it holds this many units or more (`model::SURE_MIN_UNITS`: the crate asks the
# model of these lines only; every line of 40 units or more gives the same gain).
GATED_MIN_UNITS = 40.0


def region_prose_share(r):
    """The share of a page's running text (units of prose lines) its region keeps; 1.0 on a
    page without running text (the crate's `PageFeatures::region_prose_share`)."""
    w = np.expm1(r[:, FEATURES.index("log_units")].astype(np.float64))
    prose = r[:, FEATURES.index("prose")] > 0.5
    rk = r[:, FEATURES.index("region_keep")] > 0.5
    total = (w * prose).sum()
    return (w * (prose & rk)).sum() / total if total > 0 else 1.0


def gated(data, i, rule, types):
    """An HTML page the page model calls an article with probability `article_gate` or more,
    and whose region found a body holding some of its running text: it keeps what its
    region keeps."""
    r = data.X[data.pages[i]["rows"]]
    rk = r[:, FEATURES.index("region_keep")] > 0.5
    html = len(r) and r[0, FEATURES.index("has_dom")] > 0.5
    return bool(html and types is not None and types[0] >= rule["article_gate"] and rk.any()
                and region_prose_share(r) >= COLLAPSED_REGION_SHARE)


GROUP_KEY = ["group_count", "group_share", "group_item_units", "group_link_density"]


def group_consensus(r, p):
    """On a page without a line of running text, each template group's lines take their
    group's unit-weighted mean probability: nothing there anchors one item over another,
    so the items of a grid are kept or dropped together (the crate's
    `model::group_consensus`). A group is told by its four group features."""
    if (r[:, FEATURES.index("prose")] > 0.5).any():
        return p
    cols = [FEATURES.index(c) for c in GROUP_KEY]
    keys = [tuple(x) for x in r[:, cols]]
    w = np.expm1(r[:, FEATURES.index("log_units")].astype(np.float64)) + 1e-6
    sums = collections.defaultdict(lambda: [0.0, 0.0])
    for k, pk, wk in zip(keys, p, w):
        sums[k][0] += float(pk) * wk
        sums[k][1] += wk
    return np.array([sums[k][0] / sums[k][1] if k[0] > 0 else float(pk)
                     for k, pk in zip(keys, p)])


def decide(data, i, p, rule, types=None, cut=False):
    """A gated page (see `gated`) keeps what its region keeps (the article heuristics are
    strong there) and the lines the model is sure of (`GATED_SURE`); otherwise a line the region (or span) keeps is kept from `keep_in_region`,
    any other from `keep_outside`, both moved by the page's cut (`cut_shift`) when `cut` and
    the page is `routed`."""
    r = data.X[data.pages[i]["rows"]]
    rk = r[:, FEATURES.index("region_keep")] > 0.5
    if gated(data, i, rule, types):
        # Its region's lines, and the lines the model is sure of (not a repeat).
        beside = ~rk & (r[:, FEATURES.index("drop_duplicate")] < 0.5) \
            & (r[:, FEATURES.index("log_units")] >= np.log1p(GATED_MIN_UNITS) - 1e-6)
        return without_title(data, i, rk | (beside & (p >= GATED_SURE)))
    p = group_consensus(r, p)
    s = cut_shift(r, p, rule) if cut and routed(data, i, rule, types) else 0.0
    bars = text_bars(rule) if len(r) and r[0, FEATURES.index("has_dom")] < 0.5 else rule
    keep = np.where(rk, p >= bars["keep_in_region"] + s, p >= bars["keep_outside"] + s)
    # The model keeps nothing: the region's verdict stands (as in the crate).
    return without_title(data, i, keep if keep.any() or not rk.any() else rk)


def without_title(data, i, keep):
    """The crate's default (`keep_title` off, `content::shows_title`): the first kept line
    goes when it is the page's title heading, an `<h1>` or a heading that reads as the
    page's first `<h1>` (the dump's NFKC texts stand in for the crate's lines). Text pages
    have no headings in the dump, so they keep theirs."""
    if KEEP_TITLE or not keep.any():
        return keep
    r = data.X[data.pages[i]["rows"]]
    j = int(np.argmax(keep))
    col = lambda n: r[:, FEATURES.index(n)]
    h1 = np.nonzero(col("tag_h1") > 0.5)[0]
    texts = data.pages[i]["texts"]
    title = col("tag_h1")[j] > 0.5 or (len(h1) > 0 and texts[j] == texts[h1[0]])
    if title and col("tag_heading")[j] > 0.5 and col("link_share")[j] < 0.5:
        keep = keep.copy()
        keep[j] = False
    return keep


def text_bars(rule):
    """The bars of a page read as text (no DOM: a WET record, flat HTML), where the span
    stands in the region's place; the HTML bars until a rule has its own."""
    return {"keep_in_region": rule.get("text_keep_in_region", rule["keep_in_region"]),
            "keep_outside": rule.get("text_keep_outside", rule["keep_outside"])}


# The text bars' grid (`choose_text_bars`).
TEXT_GRID = [(a, b) for a in (0.3, 0.4, 0.5, 0.6) for b in (0.3, 0.4, 0.5, 0.6)]


def set_means(data, score, keep_of):
    by = collections.defaultdict(list)
    for i, pg in enumerate(data.pages):
        s = score.score_pair(norm(pg["gold"]), norm(simulate(data, i, keep_of(i))))["tok_f1"]
        by[pg["set"]].append(s)
    return {k: float(np.mean(v)) for k, v in by.items()}


def token_bags(data, score):
    """Per page: the gold's token counts and each line's token ids, over one vocabulary."""
    out = []
    for pg in data.pages:
        vocab = {}
        ids = lambda t: np.array([vocab.setdefault(x, len(vocab)) for x in score.tokens(norm(t))], dtype=np.int64)
        g = ids(pg["gold"])
        lines = [ids(t) for t in pg["texts"]]
        out.append((g, lines, len(vocab)))
    return out


def fast_means(data, bags, keep_of):
    """score.py's token F1 per set from token ids (the normalizer's repeat drop left out:
    it changes the figures in the fourth decimal), fast enough for a grid."""
    by = collections.defaultdict(list)
    for i, pg in enumerate(data.pages):
        by[pg["set"]].append(page_f1(bags[i], keep_of(i)))
    return {k: float(np.mean(v)) for k, v in by.items()}


def cut_shift(r, p, rule):
    """How far a page's bars move: to the unit-weighted Otsu threshold of its keep
    probabilities (a line the region keeps counts as raised by the gap between the two bars),
    searched within `CUT_BAND` of the outside bar; 0 when no threshold splits the page. Not
    fitted (DESIGN.md, "The page's cut replaced the router"). The bars as f32 and the grid as the crate computes
    them, so that both pick the same threshold."""
    ko, ki = float(np.float32(rule["keep_outside"])), float(np.float32(rule["keep_in_region"]))
    rk = r[:, FEATURES.index("region_keep")] > 0.5
    q = np.asarray(p, dtype=np.float32).astype(np.float64) + np.where(rk, ko - ki, 0.0)
    w = np.expm1(r[:, FEATURES.index("log_units")].astype(np.float64))
    best, at = -1.0, None
    for k in range(CUT_STEPS + 1):
        t = ko - CUT_BAND + 2 * CUT_BAND * k / CUT_STEPS
        a = q >= t
        w1, w0 = w[a].sum(), w[~a].sum()
        if w1 <= 0 or w0 <= 0:
            continue
        m1, m0 = (w[a] * q[a]).sum() / w1, (w[~a] * q[~a]).sum() / w0
        v = w1 * w0 * (m1 - m0) ** 2
        if v > best:
            best, at = v, t
    return 0.0 if at is None else at - ko


def page_f1(bag, keep):
    g, lines, v = bag
    kept = [l for l, k in zip(lines, keep) if k and len(l)]
    gold = np.bincount(g, minlength=v)
    got = np.bincount(np.concatenate(kept), minlength=v) if kept else np.zeros(v, int)
    c, G, O = np.minimum(gold, got).sum(), gold.sum(), got.sum()
    p, r = c / max(1, O), c / max(1, G)
    return 1.0 if G == 0 and O == 0 else (0.0 if p + r == 0 else 2 * p * r / (p + r))


def choose_rule(data, score, oof):
    """The grid point with the best mean over the HTML sets (each set weighs the same: Chinese
    pages and AEB count as much as the 1,497 WCXB pages), on out-of-fold probabilities,
    under one condition: the Chinese HTML pages may not fall below the heuristics alone."""
    bags = token_bags(data, score)
    region = lambda i: data.X[data.pages[i]["rows"], FEATURES.index("region_keep")] > 0.5
    floor = fast_means(data, bags, lambda i: region(i) if region(i).any() else np.ones(len(region(i)), bool))["zh"]
    best, fallback = None, None
    for rule in RULE_GRID:
        m = fast_means(data, bags, lambda i: decide(data, i, oof[data.pages[i]["rows"]], rule, OOF_TYPES[i]))
        # The text twins are reported, not weighed: text pages have bars of their own
        # (`choose_text_bars`), which these do not touch.
        obj = float(np.mean([v for k, v in m.items() if not k.endswith("-text")]))
        print(f"  {rule}: objective {obj:.4f} " + " ".join(f"{k}={v:.4f}" for k, v in sorted(m.items())))
        if m["zh"] >= floor - 1e-9 and (best is None or obj > best[0]):
            best = (obj, rule)
        if fallback is None or obj > fallback[0]:
            fallback = (obj, rule)
    if best is None:
        # Say so rather than fail: the model loses to the heuristics on the Chinese pages
        # under every rule of the grid (the report shows by how much).
        print(f"  WARNING: no rule keeps zh at the heuristics' {floor:.4f}; best objective taken")
        best = fallback
    return best[1]


def choose_text_bars(data, score, oof, rule):
    """The text bars (`text_bars`) with the best mean over the three text-twin sets, each set
    weighing the same, on out-of-fold probabilities; `rule`'s HTML part is not touched (the
    bars apply to pages without a DOM only)."""
    bags = token_bags(data, score)
    best = None
    for a, b in TEXT_GRID:
        r = dict(rule, text_keep_in_region=a, text_keep_outside=b)
        m = fast_means(data, bags, lambda i: decide(data, i, oof[data.pages[i]["rows"]], r, OOF_TYPES[i]))
        obj = float(np.mean([v for k, v in m.items() if k.endswith("-text")]))
        print(f"  text bars {a} / {b}: objective {obj:.4f} "
              + " ".join(f"{k}={v:.4f}" for k, v in sorted(m.items()) if k.endswith("-text")))
        if best is None or obj > best[0]:
            best = (obj, a, b)
    return {"text_keep_in_region": best[1], "text_keep_outside": best[2]}


def baseline(data, score):
    """Today's region verdict (keep what the region keeps; every line when no region)."""
    res = {}
    col = FEATURES.index("region_keep")
    for i, pg in enumerate(data.pages):
        r = data.X[pg["rows"]]
        if len(r) and r[:, col].any():
            keep = r[:, col] > 0.5
        else:
            keep = np.ones(len(r), dtype=bool)
        res[i] = score.score_pair(norm(pg["gold"]), norm(simulate(data, i, keep)))["tok_f1"]
    return res


def report(data, results, title):
    print(f"\n{title}")
    by = collections.defaultdict(list)
    for i, (f1, probs) in results.items():
        pg = data.pages[i]
        by[("set", pg["set"])].append(f1)
        if pg["set"].startswith("wcxb"):
            by[("type" + pg["set"][4:], pg["type"])].append(f1)
    for key in sorted(by):
        v = by[key]
        print(f"  {key[0]}={key[1]:<14} pages={len(v):5d} tok_f1={np.mean(v):.4f}")
    acc = [PAGE_TYPES[int(np.argmax(pr))] == data.pages[i]["type"]
           for i, (_, pr) in results.items() if data.pages[i]["set"] == "wcxb" and np.any(pr)]
    if acc:
        print(f"  page type accuracy (wcxb): {np.mean(acc):.3f}")


FEATURES = []


def export_trees(model, n_classes_out):
    """Flat arrays of every tree: (feature, threshold, left, right, value, is_leaf)."""
    trees = []
    for stage in model._predictors:
        for k, pred in enumerate(stage):
            nodes = pred.nodes
            trees.append([(int(n["feature_idx"]), float(n["num_threshold"]), int(n["left"]),
                           int(n["right"]), float(n["value"]), bool(n["is_leaf"]),
                           bool(n["missing_go_to_left"])) for n in nodes])
    return trees


def f32_at_most(x):
    """The largest f32 not above x: for an f32 feature v, v <= x exactly when v <= this."""
    t = np.float32(x)
    if float(t) > x:
        t = np.nextafter(t, np.float32(-np.inf))
    return repr(float(t))


def words_weights(wm):
    """The regression's weights as `words.rs` reads them: little-endian f32 per bucket."""
    if wm is None:
        return b""
    return np.ravel(wm.coef_).astype("<f4").tobytes()


def rust_table(pm, lm, sm, wm):
    def trees_rs(name, model):
        nodes, roots = [], []
        for t in export_trees(model, None):
            roots.append(len(nodes))
            base = len(nodes)
            for (f, thr, l, r, v, leaf, _) in t:
                if leaf:
                    nodes.append(f"    Node::leaf({float(v)!r}),")
                else:
                    nodes.append(f"    Node::split({f}, {f32_at_most(thr)}, {base + l}, {base + r}),")
        return (f"pub(super) static {name}_NODES: [Node; {len(nodes)}] = [\n" + "\n".join(nodes) + "\n];\n"
                f"pub(super) static {name}_ROOTS: [u32; {len(roots)}] = {roots};\n")
    base = np.ravel(pm._baseline_prediction).tolist()
    lbase = float(np.ravel(lm._baseline_prediction)[0])
    return ("// @generated by scripts/content_model/fit.py --write: do not edit.\n"
            "// Gradient-boosted trees (scikit-learn HistGradientBoostingClassifier) fitted on the\n"
            "// WCXB dev split, AEB and CleanEval-zh; the script prints the cross-validated figures.\n"
            "// Floats are written as Python prints them (shortest round trip of the f64).\n"
            "#![allow(clippy::excessive_precision)]\n\n"
            "use super::model::Node;\n\n"
            f"pub(super) const PAGE_CLASSES: usize = {len(PAGE_TYPES)};\n"
            f"pub(super) const KEEP_IN_REGION: f32 = {RULE['keep_in_region']!r};\n"
            f"pub(super) const KEEP_OUTSIDE: f32 = {RULE['keep_outside']!r};\n"
            f"pub(super) const ARTICLE_GATE: f32 = {RULE['article_gate']!r};\n"
            f"pub(super) const TEXT_KEEP_IN_SPAN: f32 = {text_bars(RULE)['keep_in_region']!r};\n"
            f"pub(super) const TEXT_KEEP_OUTSIDE: f32 = {text_bars(RULE)['keep_outside']!r};\n"
            f"pub(super) static PAGE_BASELINE: [f32; {len(base)}] = [{', '.join(repr(float(b)) for b in base)}];\n"
            + trees_rs("PAGE", pm)
            + f"pub(super) const LINE_WORDS: bool = {'true' if wm is not None else 'false'};\n"
            + f"pub(super) const WORDS_BITS: u32 = {WORDS_BITS};\n"
            + f"pub(super) const WORDS_INTERCEPT: f32 = {float(wm.intercept_[0]) if wm is not None else 0.0!r};\n"
            + f"pub(super) const LINE_BASELINE: f32 = {lbase!r};\n"
            + trees_rs("LINE", lm)
            + (f"pub(super) const STACK_BASELINE: f32 = {float(np.ravel(sm._baseline_prediction)[0])!r};\n"
               + trees_rs("STACK", sm) if sm is not None else
               "pub(super) const STACK_BASELINE: f32 = 0.0;\n"
               "pub(super) static STACK_NODES: [Node; 0] = [];\n"
               "pub(super) static STACK_ROOTS: [u32; 0] = [];\n"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--by-type", action="store_true", help="also leave one page type out")
    ap.add_argument("--write", action="store_true", help="fit on everything, write the table")
    ap.add_argument("--adopt-rule", action="store_true",
                    help="write the rule the grid chooses to rule.json (else the shipped rule is kept and reported)")
    ap.add_argument("--check", action="store_true", help="fail unless the table matches a fresh fit")
    ap.add_argument("--no-cv", action="store_true")
    ap.add_argument("--cached", action="store_true", help="reuse the last run's dump and labels")
    ap.add_argument("--cached-oof", action="store_true",
                    help="with --cached: reuse the last run's out-of-fold probabilities (the rule is chosen again)")
    a = ap.parse_args()
    score = load_score(a.shared)
    cache = "/tmp/pagewash_fit_data.pkl"
    if a.cached and os.path.exists(cache):
        import pickle
        data = pickle.load(open(cache, "rb"))
        data.relabel(score)
    else:
        data = Data(a.shared, score)
        import pickle
        pickle.dump(data, open(cache, "wb"))
    global FEATURES, RULE
    FEATURES = json.load(open("/tmp/pagewash_fit_wcxb.features.json"))
    assert len(FEATURES) == data.nf, (len(FEATURES), data.nf)
    data.WL = np.zeros(len(data.Y), dtype=np.float32)
    if WORDS:
        data.WM = words_matrix(data)
    print(f"pages={len(data.pages)} lines={len(data.Y)} positive={data.Y.mean():.3f}")
    b = baseline(data, score)
    report(data, {i: (f, np.zeros(len(PAGE_TYPES))) for i, f in b.items()}, "today's region verdict (no fitting)")
    if not a.no_cv:
        groups = collections.defaultdict(list)
        for i, pg in enumerate(data.pages):
            groups[hash_site(pg["site"]) % a.folds].append(i)
        if a.cached_oof:
            oof = np.load("/tmp/pagewash_fit_oof.npy")
            OOF_TYPES.update(enumerate(np.load("/tmp/pagewash_fit_oof_types.npy")))
        else:
            oof = np.zeros(len(data.Y), dtype=np.float32)
            report(data, evaluate(data, score, [groups[f] for f in range(a.folds)], oof),
                   f"cross-validated by site ({a.folds} folds)")
            np.save("/tmp/pagewash_fit_oof.npy", oof)
            np.save("/tmp/pagewash_fit_oof_types.npy", np.array([OOF_TYPES[i] for i in range(len(data.pages))]))
        if os.environ.get("STOP_AFTER_CV"):
            return
        chosen = choose_rule(data, score, oof)
        chosen.update(choose_text_bars(data, score, oof, chosen))
        print(f"rule chosen on out-of-fold probabilities: {chosen}")
        if a.adopt_rule:
            RULE = chosen
            json.dump(RULE, open(THRESHOLDS_FILE, "w"), indent=1, sort_keys=True)
        else:
            # The shipped rule stays (and is what the figures below are for) unless asked:
            # the grid's best moves with noise between runs, and a rule must also keep the
            # seeds exact, which the grid does not see (an in-region bar of 0.4 drops seed
            # 002's title).
            RULE = json.load(open(THRESHOLDS_FILE))
            print(f"rule kept (rule.json; --adopt-rule writes the chosen one): {RULE}")
        best = {}
        for i, pg in enumerate(data.pages):
            k = decide(data, i, oof[pg["rows"]], RULE, OOF_TYPES[i])
            best[i] = (score.score_pair(norm(pg["gold"]), norm(simulate(data, i, k)))["tok_f1"], OOF_TYPES[i])
        report(data, best, f"cross-validated by site, rule {RULE}")
        # Each page not gated is cut where its own probabilities split (`cut_shift`):
        # nothing fitted, so the out-of-fold probabilities are all it needs.
        by_cut = {}
        shifts = collections.Counter()
        for i, pg in enumerate(data.pages):
            p = oof[pg["rows"]]
            if routed(data, i, RULE, OOF_TYPES[i]):
                r = data.X[pg["rows"]]
                shifts[f"{cut_shift(r, group_consensus(r, p), RULE):+.2f}"] += 1
            k = decide(data, i, p, RULE, OOF_TYPES[i], cut=True)
            by_cut[i] = (score.score_pair(norm(pg["gold"]), norm(simulate(data, i, k)))["tok_f1"], OOF_TYPES[i])
        report(data, by_cut, f"cross-validated by site, rule {RULE}, each page cut")
        print(f"  cuts (shift of the bars: pages): {dict(sorted(shifts.items()))}")
        if a.by_type:
            folds = [[i for i, pg in enumerate(data.pages) if pg["type"] == t] for t in PAGE_TYPES]
            report(data, evaluate(data, score, folds), "leave one page type out")
    if a.write or a.check:
        # The rule the last cross-validated run chose (`thresholds.json`).
        RULE = json.load(open(THRESHOLDS_FILE))
        idx = list(range(len(data.pages)))
        wm = None
        if WORDS:
            words_for_training(data, idx)
            wm = fit_words(data, idx)
        pm = fit_page(data, idx)
        probs = oof_page_probs(data, idx)
        lm = fit_line(data, idx, probs)
        sm = fit_stack(data, idx, probs, lm) if STACK_TREES else None
        table = rust_table(pm, lm, sm, wm)
        weights = words_weights(wm)
        if a.check:
            same = os.path.exists(TABLE) and open(TABLE, encoding="utf-8").read() == table \
                and open(WORDS_WEIGHTS, "rb").read() == weights
            print("table matches a fresh fit" if same else "table DIFFERS from a fresh fit")
            sys.exit(0 if same else 1)
        open(TABLE, "w", encoding="utf-8").write(table)
        open(WORDS_WEIGHTS, "wb").write(weights)
        # Parity pages: the crate's evaluation of these pages' rows must give these page-type
        # and keep probabilities.
        os.makedirs(os.path.dirname(PARITY), exist_ok=True)
        # The crate scores words with the final regression: so do the parity pages.
        data.WL[:] = 0
        if wm is not None:
            words_logits(wm, data, idx)
        small = [i for i in idx if 3 <= sizes_of(data, [i])[0] <= 30]
        small_text = [i for i in small if data.pages[i]["set"].endswith("-text")]
        rng = np.random.default_rng(0)
        parity = list(rng.choice(small, 8, replace=False)) + list(rng.choice(small_text, 3, replace=False))
        with open(PARITY, "w", encoding="utf-8") as f:
            for i in parity:
                r = data.X[data.pages[i]["rows"]]
                tp = page_probs(pm, data, [i])
                lp = predict_lines(data, [i], tp, lm, sm)
                cut = cut_shift(r, lp, RULE)
                for j in range(len(r)):
                    f.write("\t".join([data.pages[i]["id"], " ".join(repr(float(v)) for v in r[j]),
                                       " ".join(repr(float(v)) for v in tp[0]), repr(float(lp[j])),
                                       repr(float(cut)),
                                       repr(float(data.WL[data.pages[i]["rows"]][j]))]) + "\n")
        # Words parity: lines of text pages (every script and shape) and their logits.
        if wm is not None:
            rows = text_rows(data, idx)
            with open(WORDS_PARITY, "w", encoding="utf-8") as f:
                texts = [t for pg in data.pages for t in pg["texts"]]
                for r in rng.choice(rows, 60, replace=False):
                    f.write(json.dumps(texts[r], ensure_ascii=False) + "\t" + repr(float(data.WL[r])) + "\n")
        print(f"wrote {TABLE}, {WORDS_WEIGHTS}, {PARITY} and {WORDS_PARITY}")


if __name__ == "__main__":
    main()
