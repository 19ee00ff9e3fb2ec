#!/usr/bin/env python3
"""Builds tests/fixtures/clean/corpus.txt: clean text in many languages and scripts.

Every line is `tag<TAB>text`, where tag is a language (BCP 47, e.g. `zh-Hant`), `code`,
`lookalike` or `shared`. No repair may change any line (tests/all/clean_text.rs).

Sources, all shipped by packages pinned in requirements.txt:
* spaCy's example sentences (`spacy/lang/*/examples.py`) and the sentences of its
  language tests (`spacy/tests/lang/*/*.py`): real sentences in ~65 languages;
* spaCy's language data files (`spacy/lang/*/*.py`) with non-ASCII text: code lines;
* CLDR via Babel: territory, language, script, currency and city names, months and days,
  in each locale's own script (Traditional Chinese, Cantonese, Japanese, Georgian, Khmer,
  Ethiopic, Cherokee, ...), joined with the locale's list separator;
* tests/fixtures/clean/multilingual.txt lines given on the command line (copied from the
  project's shared spot check) and the look-alikes of issue 13, kept in this script.

The spaCy wheel is read as a zip archive, never imported, so no model or extra dependency is
needed. Usage (see README.md beside this file):

    python -m venv /tmp/cc && /tmp/cc/bin/pip install -r scripts/clean_corpus/requirements.txt
    /tmp/cc/bin/pip download --no-deps --only-binary=:all: --platform manylinux_2_28_x86_64 \
        --python-version 3.11 -d /tmp/cc/wheels spacy==3.8.18
    /tmp/cc/bin/python scripts/clean_corpus/build.py /tmp/cc/wheels/spacy-3.8.18-*.whl
"""

import argparse
import ast
import glob
import os
import unicodedata
import zipfile

from babel import Locale, UnknownLocaleError

OUT = "tests/fixtures/clean/corpus.txt"
SHARED = "tests/fixtures/clean/multilingual.txt"

# The damaged-looking but clean text of issue 13 (each was once "repaired" wrongly) and
# similar look-alikes per repair: Japanese kanji that are GBK pairs, Latin letters with
# diacritics that GBK encodes (ú, ü, à, é), dictionary pinyin, mojibake-like clean text.
LOOKALIKES = [
    "東京都は、新型コロナウイルスの感染拡大を受けて、緊急事態宣言の発令を国に要請しました。",
    "こちらのページは繁体字版です",
    "Andrássy út 3",
    "Andrássy út 3, 1061 Budapest",
    "A Múzeum körút és az Üllői út sarkán",
    "東京都知事選挙の結果発表",
    "緊急事態宣言発令",
    "駅前広場再開発計画",
    "拼音(pīn yīn)",
    "汉语拼音(hàn yǔ pīn yīn)是中华人民共和国的汉字注音拉丁化方案。",
    "乾(qián)：八卦之一，代表天。",
    "中(zhōng)国(guó)",
    "Tiếng Việt có sáu thanh điệu: ngang, huyền, sắc, hỏi, ngã, nặng.",
    "Ümraniye'de yağmur; İstanbul'da güneşli bir gün.",
    "Þórður og Ærún fóru í Reykjavíkurhöfn.",
    "Crème brûlée à la française, s'il vous plaît.",
    "Grüße aus Köln — Straße, Maß, Fuß.",
    "Ñandú, pingüino, acción.",
    "ÀÁÂÃÄÅ àáâãäå ÈÉÊË èéêë",
    "INFORMAÇÃO E COMUNICAÇÃO: NÃO É POSSÍVEL",
    "ÂM NHẠC VÀ ĐIỆN ẢNH VIỆT NAM",
    "Ăn ở Đà Nẵng: bánh xèo, mì Quảng, bún chả cá.",
    "Â, Ê, Ô, Ă, Ư, Ơ are letters of the Vietnamese alphabet.",
    "ÁRVÍZTŰRŐ TÜKÖRFÚRÓGÉP",
    "árvíztűrő tükörfúrógép",
    "Žluťoučký kůň úpěl ďábelské ódy.",
    "Zażółć gęślą jaźń.",
    "Pijamalı hasta yağız şoföre çabucak güvendi.",
    "Kæmi ný öxi hér, ykist þjófum nú bæði víl og ádrepa.",
    "龘靐齉齾爩鱻麤龗灪龖厵滟爨癵籱饢驫鲡鸾",
    "𠀀𠀁𪚥𡈽 are rare ideographs outside the BMP.",
    "韩国首尔，서울특별시，Seoul.",
    "日本語と中文と한국어と English が混ざった行。",
    "在Windows 10上安装Python 3.12的方法",
    "iPhone 15 Pro Max售价9999元起",
    "维生素C和维生素E",
    "卡拉OK",
    "Café Müller serves ½ l Bier für 4 €.",
    "µ-law, Å (ångström), Ω (ohm)",
]

# CLDR locales, one or more per script the web carries.
LOCALES = """
zh_Hans zh_Hant zh_Hant_HK yue ja ko
ru uk bg sr mk be kk ky mn tg
el ar fa ur ps ckb he yi
th lo km my hi mr ne bn as pa gu or ta te kn ml si
ka hy am ti bo chr dz ii sat
hu vi pl cs sk tr is fr de es pt it ro hr sl lt lv et fi sv da nb fo
az uz ga cy mt sq eu ca gl af sw yo ha ig zu en
""".split()

# Lines of at most this many names from one CLDR list, so each line is a short text.
NAMES_PER_LINE = 8
# Most lines per locale and CLDR list: enough to cover each script's letters, while the
# corpus stays well under 1 MB.
MAX_LINES_PER_LIST = 9
# Most lines per CJK locale and CLDR list: the byte-shift and GBK mojibake repairs act on
# Han text, so Han lines are where false edits would show.
MAX_LINES_PER_CJK_LIST = 40
CJK_LOCALES = {"zh_Hans", "zh_Hant", "zh_Hant_HK", "yue", "ja"}
# Most lines kept per language from spaCy's tests and data files.
MAX_TEST_LINES = 60
MAX_CODE_LINES = 8


def tag_of(locale_id):
    return {
        "zh_Hans": "zh-Hans",
        "zh_Hant": "zh-Hant",
        "zh_Hant_HK": "zh-Hant-HK",
    }.get(locale_id, locale_id.replace("_", "-"))


def clean(s):
    s = " ".join(s.split())
    return s if s and all(unicodedata.category(c) != "Cc" for c in s) else ""


def has_non_ascii(s):
    return any(ord(c) > 0x7F for c in s)


def spacy_lines(wheel):
    out = []
    z = zipfile.ZipFile(wheel)
    names = sorted(z.namelist())
    for n in names:
        parts = n.split("/")
        if n.startswith("spacy/lang/") and n.endswith("/examples.py") and len(parts) == 4:
            tree = ast.parse(z.read(n).decode("utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    s = clean(node.value)
                    if s and not s.startswith("Example sentences") and ">>>" not in s:
                        out.append((parts[2], s))
    for n in names:
        parts = n.split("/")
        if n.startswith("spacy/tests/lang/") and n.endswith(".py") and len(parts) == 5:
            tree = ast.parse(z.read(n).decode("utf-8"))
            kept = []
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    s = node.value
                    if "\n" not in s and len(s) >= 10 and has_non_ascii(s):
                        s = clean(s)
                        if s:
                            kept.append(s)
            out.extend((parts[3], s) for s in kept[:MAX_TEST_LINES])
    # Emoji, symbols and math from the rest of spaCy's tests.
    for n in names:
        if n.startswith("spacy/tests/") and n.endswith(".py") and "/lang/" not in n:
            tree = ast.parse(z.read(n).decode("utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    s = node.value
                    if "\n" in s or len(s) < 3:
                        continue
                    if any(unicodedata.category(c) in ("So", "Sm", "Sc") and ord(c) > 0x7F for c in s):
                        s = clean(s)
                        if s:
                            out.append(("symbols", s))
    # Code: language data files with non-ASCII literals.
    code_per_lang = {}
    for n in names:
        parts = n.split("/")
        if (
            n.startswith("spacy/lang/")
            and n.endswith(".py")
            and len(parts) == 4
            and not n.endswith("/examples.py")
        ):
            lines = z.read(n).decode("utf-8").splitlines()
            kept = [clean(l) for l in lines if has_non_ascii(l) and len(l.strip()) >= 12]
            code_per_lang.setdefault(parts[2], []).extend(l for l in kept if l)
    for lang in sorted(code_per_lang):
        out.extend(("code", l) for l in code_per_lang[lang][:MAX_CODE_LINES])
    return out


def cldr_lines():
    out = []
    for lid in LOCALES:
        try:
            loc = Locale.parse(lid)
        except (UnknownLocaleError, ValueError):
            continue
        sep = ", "
        try:
            middle = loc.list_patterns["standard"]["middle"]
            sep = middle.replace("{0}", "").replace("{1}", "") or sep
        except (KeyError, TypeError):
            pass
        lists = [
            list(loc.territories.values()),
            list(loc.languages.values()),
            list(loc.scripts.values()),
            [v for v in loc.currencies.values()],
            [tz.get("city") for tz in loc.time_zones.values() if tz.get("city")],
            list(loc.months["format"]["wide"].values()) + list(loc.days["format"]["wide"].values()),
        ]
        for names in lists:
            names = [clean(x) for x in names if isinstance(x, str) and clean(x)]
            lines = [
                sep.join(names[i : i + NAMES_PER_LINE])
                for i in range(0, len(names), NAMES_PER_LINE)
            ]
            cap = MAX_LINES_PER_CJK_LIST if lid in CJK_LOCALES else MAX_LINES_PER_LIST
            out.extend((tag_of(lid), l) for l in lines[:cap])
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("spacy_wheel")
    ap.add_argument("--shared", default=SHARED, help="the shared spot-check lines")
    args = ap.parse_args()
    rows = []
    with open(args.shared, encoding="utf-8") as f:
        rows.extend(("shared", l.strip()) for l in f if l.strip())
    rows.extend(("lookalike", l) for l in LOOKALIKES)
    rows.extend(spacy_lines(args.spacy_wheel))
    rows.extend(cldr_lines())
    seen = set()
    with open(OUT, "w", encoding="utf-8") as f:
        for tag, text in rows:
            if "\t" in text or (tag, text) in seen:
                continue
            seen.add((tag, text))
            f.write(f"{tag}\t{text}\n")
    print(f"{len(seen)} lines, {os.path.getsize(OUT)} bytes -> {OUT}")


if __name__ == "__main__":
    main()
