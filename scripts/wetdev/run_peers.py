#!/usr/bin/env python3
"""Run peers from /work/shared/peers/run_peer.py in-process over a folder of WET .txt files.

    /tmp/peers/bin/python run_peers.py PEER IN_DIR OUT_DIR [--html SRC_DIR]

Same code path as run_peer.py (prepare() + PEERS[name]); .txt input is wrapped one <p> per line.
With --html, runs on the original pages SRC_DIR/<id>.html[.gz] instead (reference only).
"""
import gzip, os, re, sys
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[3] / "shared" / "peers"))
import run_peer  # noqa: E402

peer, in_dir, out_dir = sys.argv[1:4]
html_src = sys.argv[5] if len(sys.argv) > 5 and sys.argv[4] == "--html" else None
fn = run_peer.PEERS[peer]
os.makedirs(out_dir, exist_ok=True)
fails = 0
for name in sorted(os.listdir(in_dir)):
    if not name.endswith(".txt") or name.endswith(".gold.txt"):
        continue
    pid = name[:-4]
    if html_src:
        p = os.path.join(html_src, pid + ".html")
        raw = open(p, "rb").read() if os.path.exists(p) else gzip.decompress(open(p + ".gz", "rb").read())
        doc = run_peer.prepare(raw, True)
    else:
        doc = run_peer.prepare(open(os.path.join(in_dir, name), "rb").read(), False)
    try:
        text = fn(doc) or ""
    except Exception as e:  # a peer crash scores as empty output
        print(f"{peer} {pid}: {type(e).__name__}: {e}", file=sys.stderr)
        text, fails = "", fails + 1
    with open(os.path.join(out_dir, pid + ".txt"), "w", encoding="utf-8") as f:
        f.write(text.rstrip("\n") + "\n" if text.strip() else "")
if fails:
    print(f"{peer}: {fails} pages failed", file=sys.stderr)
