#!/usr/bin/env python3
"""Per-page loss analysis of pagewash on the WET-style dev sets; writes report.md.

    python3 analyze.py [--wet /tmp/wetdev] [--report report.md] [--pages-dir pages]

Needs run_eval.sh's outputs: WET/<set>/<id>.txt (input) + <id>.gold.txt, WET/out_<set>/<id>.txt,
WET/explain_<set>.log, WET/scores/*.json.

Line matching: both sides NFKC + whitespace collapsed, U+FFFD removed. A line L "is in gold" when
  * L equals a gold line, or
  * len(L) >= MIN_SUB chars and L is a substring of a gold line (gold rejoins wrapped lines), or
  * a gold line G with len(G) >= MIN_SUB and len(G) >= len(L)/2 is a substring of L, or
  * len(L) >= 2*MIN_SUB and, with all whitespace removed, L is a substring of the gold lines joined
    together (WET joins lines the gold splits, or wraps them differently), or the gold lines
    (>= MIN_SUB chars) that L contains cover at least half of L.
Short lines (< MIN_SUB chars) must equal a whole gold line, so "Home" or "首页" is not matched by
accident inside a gold sentence.
(a) recall losses: lines that --explain reports as removed (text taken from the input file at the
    reported line number) and that are in gold. (b) precision losses: output lines not in gold.
"""
import argparse, json, os, re, sys, unicodedata
from collections import Counter, defaultdict

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[3] / "shared" / "eval"))
from score import tokens  # noqa: E402

MIN_SUB = 6
SETS = ("zh", "aeb")
SYSTEMS = ("pagewash", "nostrip", "trafilatura", "justext", "trafilatura-html")
EXPLAIN = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<what>removed|repaired) \[(?P<rule>[^\]]+)\] (?P<rest>.*)$")


def norm(s):
    # U+FFFD dropped: the gold drops the broken byte sequences that the decoder replaces
    return " ".join(unicodedata.normalize("NFKC", s).replace("\ufffd", "").split())


def squeeze(s):
    return re.sub(r"\s+", "", s)


def read_lines(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read().splitlines()


class Gold:
    def __init__(self, lines):
        self.lines = [l for l in (norm(x) for x in lines) if l]
        self.exact = set(self.lines)
        self.long = [g for g in self.lines if len(g) >= MIN_SUB]
        self.blob = "\n".join(self.lines)
        self.squeezed = squeeze("".join(self.lines))

    def has(self, line):
        if not line:
            return True
        if line in self.exact:
            return True
        if len(line) >= MIN_SUB and line in self.blob and "\n" not in line:
            # substring of one gold line (blob joins lines with \n, so a hit cannot span two)
            return True
        half = len(line) / 2
        if any(len(g) >= half and g in line for g in self.long):
            return True
        if len(line) < 2 * MIN_SUB:
            return False
        # the WET line joins several gold lines (or gold wraps it differently): compare without
        # whitespace and line breaks, then by the share of the line covered by gold lines it contains
        sq = squeeze(line)
        if sq in self.squeezed:
            return True
        covered = sum(len(g) for g in self.long if g in line)
        return covered >= half


KINDS = [  # coarse classes for kept lines, first match wins
    ("bullet list item (starts with •)", re.compile(r"^•")),
    ("copyright / rights line", re.compile(r"©|copyright|all rights reserved|版权所有|版权", re.I)),
    ("cookie / consent / privacy notice", re.compile(r"cookie|consent|privacy|隐私", re.I)),
    ("share / social / follow", re.compile(r"^(share|tweet|follow|facebook|twitter|linkedin|pinterest|whatsapp|email|print|reddit)\b|分享|转发|收藏", re.I)),
    ("subscribe / sign in / newsletter", re.compile(r"subscri|sign in|sign up|log ?in|newsletter|register|登录|注册|订阅", re.I)),
    ("advertisement label", re.compile(r"^(advertisement|advertising|sponsored|ad|广告)\b", re.I)),
    ("date / time line", re.compile(r"^[\W\d_]*((jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d|\d{1,4}[-/.年]\d{1,2}[-/.月]|\d{1,2}:\d\d|(updated|published|posted)\b)", re.I)),
    ("photo / image credit or caption", re.compile(r"\b(photo|image|getty|credit|caption|AP Photo|reuters)\b|图片|摄影|图为", re.I)),
    ("read more / related / more stories", re.compile(r"^(read more|related|more from|recommended|you may also|see also|most popular|trending|top stories|more)\b|相关|推荐|热门|更多", re.I)),
    ("URL or e-mail", re.compile(r"https?://|www\.|@\w+\.")),
]


def kind(line):
    for name, rx in KINDS:
        if rx.search(line):
            return name
    n = len(line.split()) if not re.search(r"[\u4e00-\u9fff]", line) else len(line) / 4
    if n <= 3:
        return "other short line (<= 3 words / <= 12 CJK chars)"
    if n <= 12:
        return "other medium line (4-12 words)"
    return "other long line (> 12 words / > 48 CJK chars): mostly non-gold text blocks"


def signature(line):
    s = re.sub(r"\d", "0", line)
    return s[:8]


def shorten(s, n=110):
    return s if len(s) <= n else s[:n - 1] + "…"


def md_escape(s):
    return s.replace("|", "\\|").replace("`", "'")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wet", default="/tmp/wetdev")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--report", default=os.path.join(here, "report.md"))
    ap.add_argument("--pages-dir", default=os.path.join(here, "pages"))
    a = ap.parse_args()
    os.makedirs(a.pages_dir, exist_ok=True)

    losses = defaultdict(list)        # rule -> [(set, pid, lineno, text, ntok)]
    extras = defaultdict(list)        # signature -> [(set, pid, text, ntok)]
    removed_total = Counter()         # rule -> removed lines (all)
    summary = {}
    for s in SETS:
        inp_dir, out_dir = os.path.join(a.wet, s), os.path.join(a.wet, "out_" + s)
        removed = defaultdict(list)   # pid -> [(lineno, rule)]
        for l in read_lines(os.path.join(a.wet, f"explain_{s}.log")):
            m = EXPLAIN.match(l)
            if m and m.group("what") == "removed":
                pid = os.path.basename(m.group("file"))[:-4]
                removed[pid].append((int(m.group("line")), m.group("rule")))
        pids = sorted(f[:-9] for f in os.listdir(inp_dir) if f.endswith(".gold.txt"))
        n_loss = n_extra = n_gold_missing_in_wet = n_gold = 0
        tok_loss = tok_extra = 0
        page_md = [f"# pagewash on WET-style {s}: per-page losses\n",
                   "Matching: NFKC + whitespace collapse, substring both ways (see analyze.py).\n"]
        for pid in pids:
            gold_raw = read_lines(os.path.join(inp_dir, pid + ".gold.txt"))
            gold = Gold(gold_raw)
            inp = read_lines(os.path.join(inp_dir, pid + ".txt"))
            out_path = os.path.join(out_dir, pid + ".txt")
            out = read_lines(out_path) if os.path.exists(out_path) else []
            # gold lines that the WET text does not contain at all (extraction gap, not pagewash)
            inp_blob = squeeze("".join(norm(x) for x in inp))
            n_gold += len(gold.lines)
            n_gold_missing_in_wet += sum(1 for g in gold.lines if squeeze(g) not in inp_blob)
            page_loss, page_extra = [], []
            for lineno, rule in removed.get(pid, []):
                removed_total[(s, rule)] += 1
                text = norm(inp[lineno - 1]) if 0 < lineno <= len(inp) else ""
                if text and gold.has(text):
                    nt = len(tokens(text))
                    losses[rule].append((s, pid, lineno, text, nt))
                    page_loss.append((lineno, rule, text))
                    tok_loss += nt
            for line in out:
                t = norm(line)
                if t and not gold.has(t):
                    nt = len(tokens(t))
                    extras[signature(t)].append((s, pid, t, nt))
                    page_extra.append(t)
                    tok_extra += nt
            n_loss += len(page_loss)
            n_extra += len(page_extra)
            page_md.append(f"\n## {pid}\n\n(a) gold lines removed: {len(page_loss)}; (b) output lines not in gold: {len(page_extra)}\n")
            if page_loss:
                page_md.append("\n### (a) recall losses\n")
                page_md += [f"- L{ln} `[{r}]` {md_escape(t)}" for ln, r, t in page_loss]
            if page_extra:
                page_md.append("\n### (b) precision losses\n")
                page_md += [f"- {md_escape(shorten(t, 200))}" for t in page_extra]
        with open(os.path.join(a.pages_dir, f"{s}.md"), "w", encoding="utf-8") as f:
            f.write("\n".join(page_md) + "\n")
        summary[s] = dict(pages=len(pids), loss_lines=n_loss, loss_tokens=tok_loss, extra_lines=n_extra,
                          extra_tokens=tok_extra, gold_lines=n_gold, gold_missing_in_wet=n_gold_missing_in_wet,
                          removed_lines=sum(len(v) for v in removed.values()))

    # ---- report ----
    R = ["# pagewash on WET-style dev pages\n",
         "Inputs made by `make_wet.py` (resiliparse `extract_plain_text(main_content=False)`, one block per line) "
         "from `/work/shared/fixtures/dev/{cleaneval_zh,aeb}`; outputs and logs in `/tmp/wetdev/`. "
         "Peers read the same WET text wrapped one `<p>` per line; `trafilatura-html` is trafilatura on the "
         "original HTML, for reference only (not the same input).\n",
         "## Scores (mean over pages)\n"]
    for s in SETS:
        R.append(f"\n### {s} ({summary[s]['pages']} pages)\n")
        R.append("| system | tok P | tok R | tok F1 | line F1 | tok F1 (nfkc) | tok P (nfkc) | tok R (nfkc) | line F1 (nfkc) |")
        R.append("|---|---|---|---|---|---|---|---|---|")
        for sysname in SYSTEMS:
            p1 = os.path.join(a.wet, "scores", f"{sysname}_{s}.json")
            p2 = os.path.join(a.wet, "scores", f"{sysname}_{s}_nfkc.json")
            if not (os.path.exists(p1) and os.path.exists(p2)):
                continue
            m1, m2 = json.load(open(p1))["mean"], json.load(open(p2))["mean"]
            R.append(f"| {sysname} | {m1['tok_p']:.4f} | {m1['tok_r']:.4f} | {m1['tok_f1']:.4f} | {m1['line_f1']:.4f} "
                     f"| {m2['tok_f1']:.4f} | {m2['tok_p']:.4f} | {m2['tok_r']:.4f} | {m2['line_f1']:.4f} |")
    R.append("\npagewash normalises to NFKC (full-width → ASCII punctuation) and the gold does not, so the nfkc "
             "columns are the fair ones for pagewash; per-page tables: `/tmp/wetdev/scores/*_bypage*.tsv`.\n")
    R.append("\n### Line accounting (pagewash)\n")
    R.append("| set | gold lines | gold lines absent from WET input | lines removed by pagewash | removed lines that are gold (tokens) | output lines not in gold (tokens) |")
    R.append("|---|---|---|---|---|---|")
    for s in SETS:
        x = summary[s]
        R.append(f"| {s} | {x['gold_lines']} | {x['gold_missing_in_wet']} | {x['removed_lines']} | {x['loss_lines']} ({x['loss_tokens']}) | {x['extra_lines']} ({x['extra_tokens']}) |")
    R.append("\n'absent from WET input' = the normalised gold line is not a substring of the normalised WET text "
             "with all whitespace and line breaks removed on both sides; these are text the WET conversion lost or changed, not pagewash losses.\n")

    R.append("\n## Recall losses: gold lines removed, by rule id\n")
    R.append("| rule id | gold lines removed | tokens | of all lines it removed (zh / aeb) |")
    R.append("|---|---|---|---|")
    order = sorted(losses, key=lambda r: (-len(losses[r]), r))
    for r in order:
        R.append(f"| `{r}` | {len(losses[r])} | {sum(x[4] for x in losses[r])} | "
                 f"{removed_total[('zh', r)]} / {removed_total[('aeb', r)]} |")
    for r in order:
        R.append(f"\n**`{r}`** ({len(losses[r])} lines; zh {sum(1 for x in losses[r] if x[0]=='zh')}, aeb {sum(1 for x in losses[r] if x[0]=='aeb')})\n")
        seen_pages, ex = set(), []
        for x in losses[r]:      # prefer examples from different pages
            if x[1] not in seen_pages:
                ex.append(x); seen_pages.add(x[1])
            if len(ex) == 3:
                break
        for x in losses[r]:
            if len(ex) == 3:
                break
            if x not in ex:
                ex.append(x)
        for st, pid, ln, t, _ in ex:
            R.append(f"- {st} `{pid[:12]}` L{ln}: {md_escape(shorten(t, 160))}")

    R.append("\n## Kept boilerplate: pagewash output lines not in gold, by signature\n")
    R.append("Signature = first 8 characters of the NFKC line with digits → 0. Top 40 by line count "
             "(pages = distinct pages; zh/aeb = lines per set).\n")
    R.append("| # | signature | lines | tokens | pages | zh / aeb | example |")
    R.append("|---|---|---|---|---|---|---|")
    top = sorted(extras, key=lambda k: (-len(extras[k]), k))[:40]
    for i, k in enumerate(top, 1):
        v = extras[k]
        pages = len({(x[0], x[1]) for x in v})
        zh = sum(1 for x in v if x[0] == "zh")
        R.append(f"| {i} | `{md_escape(k)}` | {len(v)} | {sum(x[3] for x in v)} | {pages} | {zh} / {len(v)-zh} | {md_escape(shorten(v[0][2], 90))} |")
    R.append("\n### zh only: top 20 signatures by line count\n")
    R.append("| # | signature | lines | tokens | pages | example |")
    R.append("|---|---|---|---|---|---|")
    zx = {k: [x for x in v if x[0] == "zh"] for k, v in extras.items()}
    for i, k in enumerate(sorted((k for k in zx if zx[k]), key=lambda k: (-len(zx[k]), k))[:20], 1):
        v = zx[k]
        R.append(f"| {i} | `{md_escape(k)}` | {len(v)} | {sum(x[3] for x in v)} | {len({x[1] for x in v})} | {md_escape(shorten(v[0][2], 90))} |")
    R.append("\n### Same lines, by coarse kind (regex classes in analyze.py, first match wins)\n")
    R.append("| kind | lines zh | tokens zh | lines aeb | tokens aeb |")
    R.append("|---|---|---|---|---|")
    kc = defaultdict(lambda: [0, 0, 0, 0])
    for v in extras.values():
        for st, pid, t, nt in v:
            c = kc[kind(t)]
            i = 0 if st == "zh" else 2
            c[i] += 1; c[i + 1] += nt
    for k in sorted(kc, key=lambda k: -(kc[k][1] + kc[k][3])):
        c = kc[k]
        R.append(f"| {k} | {c[0]} | {c[1]} | {c[2]} | {c[3]} |")
    R.append("\n### Same lines, ranked by tokens (top 20)\n")
    R.append("| # | signature | tokens | lines | pages | largest line (set, page) |")
    R.append("|---|---|---|---|---|---|")
    topt = sorted(extras, key=lambda k: (-sum(x[3] for x in extras[k]), k))[:20]
    for i, k in enumerate(topt, 1):
        v = extras[k]
        big = max(v, key=lambda x: x[3])
        R.append(f"| {i} | `{md_escape(k)}` | {sum(x[3] for x in v)} | {len(v)} | {len({(x[0], x[1]) for x in v})} | {big[0]} `{big[1][:8]}`: {md_escape(shorten(big[2], 90))} |")
    R.append("\nCaveats: matching ignores multiplicity (a second copy of a gold line counts as gold); aeb gold "
             "excludes the page title, so each aeb page's title line counts as an extra line here.\n")
    R.append(f"\nPer-page lists of (a) and (b): `{os.path.relpath(a.pages_dir, os.path.dirname(a.report))}/{{zh,aeb}}.md`.\n")
    with open(a.report, "w", encoding="utf-8") as f:
        f.write("\n".join(R) + "\n")
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
