#!/usr/bin/env bash
# The README's command-line examples, run by CI from the repository root with `pagewash` on
# PATH (cargo install --path . , or target/release). Outputs go to a temporary directory.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
page=tests/fixtures/dev/cleaneval_zh/8cb7b39d-4a06-4cad-bc50-0f63304267f3.html

pagewash clean tests/fixtures/seeds/000_422c9667066d31f8.txt          # clean text on stdout
pagewash clean --explain "$page" 2>&1 >/dev/null | tail -3            # …every removal, by source line
pagewash clean -f markdown "$page"                                    # headings, lists, tables, links
pagewash clean -f json --signals "$page" > "$tmp/page.json"           # metadata, flags, quality signals
pagewash clean --nfkc-cjk "$page" > /dev/null                         # keep ，：！？ full-width
pagewash clean tests/fixtures/dev -d "$tmp/out" -k -x '*.gold.txt' -q # a tree of pages, mirrored
pagewash clean -f json -q tests/fixtures/seeds/000_422c9667066d31f8.txt \
    tests/fixtures/seeds/001_5939083422c70fe8.txt > "$tmp/two.json"   # several pages: a JSON array
pagewash clean --max-page-bytes 2MiB --favor recall "$page" > /dev/null
python3 -c "import json,sys; assert len(json.load(open(sys.argv[1]))) == 2" "$tmp/two.json"
test -f "$tmp/out/aeb/042bb7b5fedab6eac7db576522b89b93904c237d344bcbe14a6a5ab7f7335856.txt"
