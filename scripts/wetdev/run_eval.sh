#!/usr/bin/env bash
# Run pagewash (and baselines/peers) over the WET-style dev sets made by make_wet.py and score them.
#   bash run_eval.sh            # expects /tmp/wetdev/{zh,aeb} (run make_wet.py first)
# Env: PAGEWASH (binary), WET (/tmp/wetdev), PEERS_PY (/tmp/peers/bin/python), NO_PEERS=1 to skip peers.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
PAGEWASH=${PAGEWASH:-$REPO/target/release/pagewash}
WET=${WET:-/tmp/wetdev}
PY=${PEERS_PY:-/tmp/peers/bin/python}
SCORE=$REPO/../shared/eval/score.py
FIX=$REPO/../shared/fixtures/dev
declare -A SRC=([zh]=$FIX/cleaneval_zh [aeb]=$FIX/aeb)

[ -x "$PAGEWASH" ] || (cd "$REPO" && cargo build --release -q)
mkdir -p "$WET/scores"

for set in zh aeb; do
  inputs=()
  for f in "$WET/$set"/*.txt; do case "$f" in *.gold.txt) ;; *) inputs+=("$f");; esac; done
  # pagewash, with the removal log for analyze.py
  rm -rf "$WET/out_$set"; mkdir -p "$WET/out_$set"
  "$PAGEWASH" clean --explain --out-dir "$WET/out_$set" "${inputs[@]}" 2> "$WET/explain_$set.log"
  echo "pagewash $set exit=$?" >&2
  # no-strip baseline
  rm -rf "$WET/nostrip_$set"; mkdir -p "$WET/nostrip_$set"
  "$PAGEWASH" clean --no-strip -q --out-dir "$WET/nostrip_$set" "${inputs[@]}"
  # peers on the same WET text (and trafilatura on the original HTML, reference only)
  if [ -z "${NO_PEERS:-}" ] && "$PY" -c "import trafilatura, justext" 2>/dev/null; then
    for peer in trafilatura justext; do
      "$PY" "$HERE/run_peers.py" $peer "$WET/$set" "$WET/${peer}_$set" 2> "$WET/${peer}_$set.log"
    done
    "$PY" "$HERE/run_peers.py" trafilatura "$WET/$set" "$WET/trafilatura-html_$set" --html "${SRC[$set]}" 2> "$WET/trafilatura-html_$set.log"
  fi
done

for set in zh aeb; do
  echo "== $set =="
  for sys in out nostrip trafilatura justext trafilatura-html; do
    d="$WET/${sys}_$set"; [ -d "$d" ] || continue
    label=$sys; [ $sys = out ] && label=pagewash
    printf '%-18s raw   ' "$label"; python3 "$SCORE" "$WET/$set" "$d" --json "$WET/scores/${label}_$set.json"
    printf '%-18s nfkc  ' "$label"; python3 "$SCORE" "$WET/$set" "$d" --nfkc --json "$WET/scores/${label}_${set}_nfkc.json"
    python3 "$SCORE" "$WET/$set" "$d" --nfkc --by-page > "$WET/scores/${label}_${set}_bypage_nfkc.tsv"
    python3 "$SCORE" "$WET/$set" "$d" --by-page > "$WET/scores/${label}_${set}_bypage.tsv"
  done
done
# Scores stay under $WET: they describe one build on one day, not the repository.
echo "per-page scores: $WET/scores/*_bypage*.tsv"
