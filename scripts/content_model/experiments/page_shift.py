#!/usr/bin/env python3
"""Experiment (not shipped): learn, per page, how far to move the keep bars.

The line model's probabilities are ranked well within a page but their level varies by page:
the best bar per page (an oracle) would lift WCXB from about 0.84 to 0.89 out of fold. This
script fits a page-level regressor (gradient-boosted trees) that predicts the token F1 a page
would get at each shift of both bars (-0.3 .. +0.3), from the page's mean feature vector, its
page-type probabilities and the distribution of its lines' keep probabilities, and picks the
best shift. Everything is cross-validated: the line probabilities are `fit.py`'s out-of-fold
ones, and the regressor is fitted and judged in the same five folds by site.

    /tmp/fit/bin/python scripts/content_model/fit.py --shared ../shared   # writes the caches
    /tmp/fit/bin/python scripts/content_model/experiments/page_shift.py

Stop 22, on a dump that also held the anchor features DESIGN.md lists (not shipped) and the
shipped rule's bars (0.3 in the region, 0.5 outside, no article gate), base -> learned:
WCXB 0.8401 -> 0.8458 (collection .596 -> .673, listing .665 -> .690, product .610 -> .601),
AEB 0.9332 -> 0.9365, CleanEval-zh 0.9346 -> 0.9294, WCXB text 0.7903 -> 0.7974,
zh text 0.9075 -> 0.9088. See DESIGN.md ("Tried in stop 22").
"""
import os, sys, pickle, json, collections, numpy as np
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import fit, __main__; __main__.Data = fit.Data
from sklearn.ensemble import HistGradientBoostingRegressor
data = pickle.load(open('/tmp/pagewash_fit_data.pkl','rb'))
fit.FEATURES = F = json.load(open('/tmp/pagewash_fit_wcxb.features.json'))
oof = np.load('/tmp/pagewash_fit_oof.npy'); T = np.load('/tmp/pagewash_fit_oof_types.npy')
score = fit.load_score(os.environ.get('SHARED', os.path.join(fit.ROOT, '..', 'shared')))
bags = fit.token_bags(data, score)
def f1_page(i, keep):
    return fit.page_f1(bags[i], keep)
RULE = json.load(open(fit.THRESHOLDS_FILE))
rki=F.index('region_keep'); lu=F.index('log_units')
SH=np.arange(-0.3,0.31,0.05)   # shifts of both bars
idx=[i for i,pg in enumerate(data.pages) if len(data.X[pg['rows']])]
def keep_at(i, s):
    r=data.X[data.pages[i]['rows']]; p=oof[data.pages[i]['rows']]
    rk=r[:,rki]>0.5
    k=np.where(rk, p>=RULE['keep_in_region']+s, p>=RULE['keep_outside']+s)
    return k if k.any() or not rk.any() else rk
Y=np.zeros((len(data.pages),len(SH)))
for i in idx:
    for j,s in enumerate(SH): Y[i,j]=f1_page(i, keep_at(i,s))
def desc(i):
    r=data.X[data.pages[i]['rows']]; p=oof[data.pages[i]['rows']]
    w=np.expm1(r[:,lu]); w=w/max(w.sum(),1e-9)
    q=np.quantile(p,[.1,.25,.5,.75,.9])
    frac=[(w*(p>=t)).sum() for t in (0.2,0.3,0.4,0.5,0.6,0.7,0.8)]
    return np.concatenate([r.mean(0), T[i], q, frac, [len(r)]])
D={i:desc(i) for i in idx}
groups=collections.defaultdict(list)
for i in idx: groups[fit.hash_site(data.pages[i]['site'])%5].append(i)
chosen={}
for f in range(5):
    te=groups[f]; tr=[i for g in range(5) if g!=f for i in groups[g]]
    X=np.array([np.concatenate([D[i],[s]]) for i in tr for s in SH]); y=np.array([Y[i,j] for i in tr for j in range(len(SH))])
    m=HistGradientBoostingRegressor(max_iter=150,max_leaf_nodes=15,learning_rate=0.1,random_state=0).fit(X,y)
    for i in te:
        pr=m.predict(np.array([np.concatenate([D[i],[s]]) for s in SH]))
        chosen[i]=int(np.argmax(pr))
base=list(SH).index(min(SH,key=abs))
by=collections.defaultdict(lambda:[[],[],[]])
for i in idx:
    pg=data.pages[i]
    for key in (pg['set'], pg['type'] if pg['set']=='wcxb' else None):
        if key is None: continue
        by[key][0].append(Y[i,base]); by[key][1].append(Y[i,chosen[i]]); by[key][2].append(Y[i].max())
for k,(a,b,c) in sorted(by.items()): print(f"{k:15s} base={np.mean(a):.4f} learned={np.mean(b):.4f} oracle={np.mean(c):.4f}")
