//! The `pagewash` binary, as a user runs it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pagewash"))
}

fn seed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/seeds")
        .join(name)
}

use crate::common::tempdir as temp;
use temp::TempDir;

fn tempdir(tag: &str) -> TempDir {
    temp::with_prefix(&format!("pagewash-cli-{tag}-"))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn cleans_one_file_to_stdout() {
    let out = bin()
        .args(["clean"])
        .arg(seed("000_422c9667066d31f8.txt"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let expected = fs::read(seed("000_422c9667066d31f8.expected.txt")).unwrap();
    assert_eq!(out.stdout, expected);
}

#[test]
fn reads_stdin() {
    let mut child = bin()
        .args(["clean", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all("字号:\n正文很长很长，有标点，这是文章的主体内容。".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "正文很长很长,有标点,这是文章的主体内容。\n"
    );
}

#[test]
fn out_dir_writes_one_file_per_input_and_bad_inputs_do_not_stop_the_others() {
    let dir = tempdir("outdir");
    let out = bin()
        .args(["clean", "--out-dir"])
        .arg(&dir)
        .arg(seed("001_5939083422c70fe8.txt"))
        .arg("/nonexistent/page.txt")
        .arg(seed("003_5e288e710d723960.txt"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a missing input must fail the run"
    );
    let err = stderr(&out);
    assert!(
        err.contains("/nonexistent/page.txt") && err.contains("cannot read"),
        "{err}"
    );
    for id in ["001_5939083422c70fe8", "003_5e288e710d723960"] {
        let got = fs::read(dir.join(format!("{id}.txt"))).unwrap();
        assert_eq!(
            got,
            fs::read(seed(&format!("{id}.expected.txt"))).unwrap(),
            "{id}"
        );
    }
    let leftovers: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn explain_names_rules_on_stderr() {
    let out = bin()
        .args(["clean", "--explain"])
        .arg(seed("003_5e288e710d723960.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = stderr(&out);
    for rule in [
        "[nav.breadcrumb]",
        "[meta.publish-date]",
        "[debris.query-string]",
        "[toolbar.",
    ] {
        assert!(err.contains(rule), "--explain lacks {rule}:\n{err}");
    }
    let out = bin()
        .args(["clean", "--explain"])
        .arg(seed("000_422c9667066d31f8.txt"))
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(
        err.contains("repaired [repair.pinyin]") && err.contains("repaired [repair.byteshift]"),
        "{err}"
    );
}

#[test]
fn several_inputs_without_out_dir_is_a_usage_error() {
    let out = bin()
        .arg("clean")
        .arg(seed("000_422c9667066d31f8.txt"))
        .arg(seed("001_5939083422c70fe8.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--out-dir"));
}

#[test]
fn binary_input_is_refused_and_broken_gzip_is_reported() {
    let dir = tempdir("binary");
    let bin_file = dir.join("image.png");
    fs::write(
        &bin_file,
        [0x89, b'P', b'N', b'G', 0, 0, 0, 0x0d, 0, 0, 0, 0, 0, 1],
    )
    .unwrap();
    let out = bin().arg("clean").arg(&bin_file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("not a text page"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    // A damaged gzip stream is cleaned as far as it goes, with a warning.
    let gz = dir.join("page.txt.gz");
    fs::write(&gz, [0x1f, 0x8b, 8, 0, 0, 0]).unwrap();
    let out = bin().arg("clean").arg(&gz).output().unwrap();
    assert!(stderr(&out).contains("gzip"), "{}", stderr(&out));
}

#[test]
fn empty_result_warns_and_exits_3() {
    let dir = tempdir("empty");
    let f = dir.join("empty.txt");
    fs::write(&f, "\n\n").unwrap();
    let out = bin().arg("clean").arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("no text left"));
}

#[test]
fn unknown_charset_label_is_rejected() {
    let out = bin()
        .args(["clean", "--charset", "klingon"])
        .arg(seed("000_422c9667066d31f8.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("klingon"));
}

#[test]
fn rules_lists_every_rule_id() {
    use pagewash::{Hints, Pipeline};
    let out = bin().arg("rules").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let listed: std::collections::BTreeSet<&str> =
        text.lines().filter_map(|l| l.split('\t').next()).collect();
    // Every id the stages put on an edit while cleaning the fixture pages (seeds, dev pages,
    // damaged lines) with the default pipeline, without the title, and without the content
    // stage, is listed.
    let mut pages: Vec<Vec<u8>> = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for dir in ["seeds", "dev/aeb", "dev/cleaneval_zh", "damage"] {
        for e in fs::read_dir(root.join(dir)).unwrap() {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = fs::read(&path).unwrap();
            if name.ends_with(".html.gz") {
                use std::io::Read;
                let mut html = Vec::new();
                flate2::read::GzDecoder::new(&bytes[..])
                    .read_to_end(&mut html)
                    .unwrap();
                pages.push(html);
            } else if name.ends_with(".tsv") {
                // id, damaged line, …: the damaged lines as one page.
                let text = String::from_utf8(bytes).unwrap();
                let lines: Vec<&str> = text.lines().filter_map(|l| l.split('\t').nth(1)).collect();
                pages.push(lines.join("\n").into_bytes());
            } else if name.ends_with(".html")
                || (name.ends_with(".txt") && !name.contains("expected") && !name.contains("gold"))
            {
                pages.push(bytes);
            }
        }
    }
    pages.push(b"same line here\nsame line here\nanother line".to_vec());
    let mut no_title = Pipeline::builder();
    no_title.keep_title(false);
    let mut no_content = Pipeline::builder();
    no_content.remove_stage("content").unwrap();
    let pipelines = [
        Pipeline::default(),
        no_title.build().unwrap(),
        no_content.build().unwrap(),
    ];
    let mut seen = std::collections::BTreeSet::new();
    for p in &pipelines {
        for page in &pages {
            for e in p.clean(page, &Hints::new()).edits() {
                seen.insert(e.rule.as_str().to_string());
            }
        }
    }
    let missing: Vec<&String> = seen
        .iter()
        .filter(|id| !listed.contains(id.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "emitted but not listed by `pagewash rules`: {missing:?}"
    );
    // The pages exercise every stage, so the check above is not vacuous.
    for id in [
        "content.outside",
        "content.title",
        "content.hidden",
        "repair.mojibake",
        "repair.pinyin",
        "normalize.repeated-line",
        "footer.registration",
        "toolbar.run",
    ] {
        assert!(seen.contains(id), "{id} not emitted; seen: {seen:?}");
    }
}

#[test]
fn gzip_input_is_decompressed() {
    use std::io::Write;
    let dir = tempdir("gzip");
    let page = fs::read(seed("004_413764c2d65fa19a.txt")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&page).unwrap();
    let f = dir.join("004.txt.gz");
    fs::write(&f, gz.finish().unwrap()).unwrap();
    let out = bin().arg("clean").arg(&f).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        out.stdout,
        fs::read(seed("004_413764c2d65fa19a.expected.txt")).unwrap()
    );
}

#[test]
fn out_dir_names_drop_the_compression_and_page_extensions() {
    let dir = tempdir("names");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dev/aeb");
    let page = fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(".html.gz"))
        .unwrap();
    let id = page
        .file_name()
        .unwrap()
        .to_string_lossy()
        .replace(".html.gz", "");
    let out = bin()
        .args(["clean", "-q", "--out-dir"])
        .arg(dir.join("out"))
        .arg(&page)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir.join("out").join(format!("{id}.txt")).exists());
}

/// Two pages, one HTML and one gzipped HTML: the first cleans to its gold exactly, the
/// second's gold has a line the page lacks. Expected numbers: `score.py` (by-page) on the
/// texts `eval --out-dir` wrote.
#[test]
fn eval_scores_pages_against_their_gold() {
    use std::io::Write;
    let dir = tempdir("eval");
    fs::write(
        dir.join("a.html"),
        "<html><head><title>标题</title></head><body><h1>新闻标题</h1>\
         <p>第一段正文内容很长很长，有标点。</p><p>第二段正文，也是文章的一部分。</p></body></html>",
    )
    .unwrap();
    fs::write(
        dir.join("a.gold.txt"),
        "新闻标题\n第一段正文内容很长很长,有标点。\n第二段正文,也是文章的一部分。\n",
    )
    .unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all("<html><body><p>正文只有这一段，内容足够长了吧。</p></body></html>".as_bytes())
        .unwrap();
    fs::write(dir.join("b.html.gz"), gz.finish().unwrap()).unwrap();
    fs::write(
        dir.join("b.gold.txt"),
        "正文只有这一段,内容足够长了吧。\n金标准里多出的一行。\n",
    )
    .unwrap();
    let texts = dir.join("out");
    let json = dir.join("scores.json");
    let out = bin()
        .args(["eval", "--by-page", "--gold"])
        .arg(&dir)
        .arg("--out-dir")
        .arg(&texts)
        .arg("--json")
        .arg(&json)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "page\ttok_p\ttok_r\ttok_f1\tline_p\tline_r\tline_f1\texact\tlost_lines\textra_lines\n\
         a\t1.000\t1.000\t1.000\t1.000\t1.000\t1.000\t1.000\t0\t0\n\
         b\t1.000\t0.615\t0.762\t1.000\t0.500\t0.667\t0.000\t1\t0\n\
         pages=2 tok_f1=0.8810 tok_p=1.0000 tok_r=0.8077 line_f1=0.8333 exact=0.500\n"
    );
    assert_eq!(
        fs::read_to_string(texts.join("b.txt")).unwrap(),
        "正文只有这一段,内容足够长了吧。\n"
    );
    let json = fs::read_to_string(json).unwrap();
    assert!(
        json.starts_with("{\n \"mean\": {\n  \"tok_p\": 1.0,\n"),
        "{json}"
    );
    assert!(
        json.contains("\n  \"b\": {\n   \"tok_p\": 1.0,\n"),
        "{json}"
    );
}

#[test]
fn eval_of_the_seeds_is_perfect() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
    let out = bin().args(["eval", "--gold"]).arg(seeds).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "pages=5 tok_f1=1.0000 tok_p=1.0000 tok_r=1.0000 line_f1=1.0000 exact=1.000\n"
    );
}

#[test]
fn eval_prints_figures_per_page_type_from_the_manifest() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wcxb");
    let out = bin()
        .args(["eval", "--nfkc", "--gold"])
        .arg(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("pages=14 tok_f1="), "{stdout}");
    let types: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "page_type=article",
            "page_type=collection",
            "page_type=documentation",
            "page_type=forum",
            "page_type=listing",
            "page_type=product",
            "page_type=service"
        ]
    );
    assert!(
        lines[1..].iter().all(|l| l.contains(" pages=2 tok_f1=")),
        "{stdout}"
    );
}

#[test]
fn eval_counts_a_missing_input_as_zero_and_needs_golds() {
    let dir = tempdir("eval-missing");
    fs::write(
        dir.join("p.txt"),
        "正文很长很长，有标点，这是文章的主体内容。",
    )
    .unwrap();
    fs::write(
        dir.join("p.expected.txt"),
        "正文很长很长,有标点,这是文章的主体内容。\n",
    )
    .unwrap();
    fs::write(dir.join("q.gold.txt"), "没有输入的页面。\n").unwrap();
    let out = bin().args(["eval", "--gold"]).arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("q: no input"), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "pages=2 tok_f1=0.5000 tok_p=0.5000 tok_r=0.5000 line_f1=0.5000 exact=0.500\n"
    );

    let empty = tempdir("eval-empty");
    let out = bin().args(["eval", "--gold"]).arg(&empty).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no *.gold.txt"), "{}", stderr(&out));
}

#[test]
fn format_json_carries_text_metadata_and_removal_counts() {
    let dir = tempdir("json");
    let page = "<!DOCTYPE html><html lang=zh-CN><head><meta charset=utf-8>\
        <title>市政府召开常务会议_某某新闻网</title>\
        <meta property=og:site_name content=某某新闻网>\
        <meta name=publishdate content=2022-03-19T10:22:00+08:00>\
        <link rel=canonical href=https://example.cn/a/1.html></head><body>\
        <div class=nav><a href=/>首页</a> <a href=/n>新闻</a> <a href=/z>政务</a></div>\
        <h1>市政府召开常务会议</h1><p>作者：张三 来源：某某日报</p>\
        <div class=article><p>今天上午，市政府召开常务会议，研究部署进一步做好稳就业工作，会议指出要加大对中小企业的支持力度。</p>\
        <p>会议强调，各地区各部门要压实责任，确保政策落地见效，让企业和群众有实实在在的获得感。</p></div>\
        <div class=footer>版权所有 某某新闻网 京ICP备12345678号</div></body></html>";
    let f = dir.join("page.html");
    fs::write(&f, page).unwrap();
    let out = bin()
        .args(["clean", "--format", "json"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["title"], "市政府召开常务会议");
    assert_eq!(v["published"], "2022-03-19T10:22:00");
    assert_eq!(v["author"], "张三");
    assert_eq!(v["publisher"], "某某新闻网");
    assert_eq!(v["language"], "zh");
    assert_eq!(v["canonical_url"], "https://example.cn/a/1.html");
    assert_eq!(v["encoding"], "UTF-8");
    assert_eq!(v["format"], "html");
    let text = v["text"].as_str().unwrap();
    // The title is the JSON's `title`, not the text's first line (without `--title`).
    assert!(text.starts_with("今天上午"), "{text}");
    assert!(
        !text.contains("作者") && !text.contains("首页") && !text.contains("ICP"),
        "{text}"
    );
    assert!(
        v["removed"]["content.outside"].as_u64().unwrap() >= 1,
        "{v}"
    );
    assert!(v.get("edits").is_none());
    // `--title` puts the title heading back as the first line; `--no-title` (the flag of
    // the old default) is still accepted and asks for today's.
    let text_with = |flag: &str| {
        let out = bin().args(["clean", flag]).arg(&f).output().unwrap();
        assert!(out.status.success(), "{flag}: {}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(text_with("--title").starts_with("市政府召开常务会议\n今天上午"));
    assert!(text_with("--no-title").starts_with("今天上午"));
    let out = bin()
        .args(["clean", "--title", "--no-title"])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "the two flags contradict each other"
    );
    // --explain adds the edits; --out-dir writes <name>.json.
    let out = bin()
        .args(["clean", "--format", "json", "--explain", "--out-dir"])
        .arg(dir.join("out"))
        .arg(&f)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("out/page.json")).unwrap()).unwrap();
    let edits = v["edits"].as_array().unwrap();
    assert!(edits
        .iter()
        .any(|e| e["rule"] == "content.outside" && e["before"] == "首页 新闻 政务"));
}

#[test]
fn no_content_keeps_the_page_around_the_article() {
    let dir = tempdir("nocontent");
    let body = "今天上午，市政府召开常务会议，研究部署进一步做好稳就业工作，会议指出要加大对中小企业的支持力度。";
    let page = format!(
        "<!DOCTYPE html><html><body><div class=menu><a href=/a>第一栏目</a> <a href=/b>第二栏目</a></div>\
         <div class=article><p>{body}</p><p>{body}又一段。</p></div></body></html>"
    );
    let f = dir.join("p.html");
    fs::write(&f, page).unwrap();
    let with = bin().arg("clean").arg(&f).output().unwrap();
    let without = bin()
        .args(["clean", "--no-content"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&with.stdout).contains("第一栏目"));
    assert!(String::from_utf8_lossy(&without.stdout).starts_with("第一栏目 第二栏目\n"));
}

#[test]
fn t2s_converts_traditional_pages_and_is_off_by_default() {
    let page = seed("000_422c9667066d31f8.txt");
    let plain = bin().arg("clean").arg(&page).output().unwrap();
    let t2s = bin().args(["clean", "--t2s"]).arg(&page).output().unwrap();
    let plain = String::from_utf8(plain.stdout).unwrap();
    let t2s = String::from_utf8(t2s.stdout).unwrap();
    assert!(plain.starts_with("當前,國內"), "{plain}");
    assert!(t2s.starts_with("当前,国内"), "{t2s}");
    assert_eq!(plain.lines().count(), t2s.lines().count());
}

/// Issue 17: a tree of pages with equal file names, gold files beside them.
fn crawl_tree(dir: &Path) -> PathBuf {
    let crawl = dir.join("crawl");
    for site in ["site1", "site2"] {
        fs::create_dir_all(crawl.join(site)).unwrap();
        fs::write(
            crawl.join(site).join("index.html"),
            format!(
                "<html><body><article><h1>{site} 标题</h1>\n\n<p>这是文章的第一段，内容很长很长，\
                 有标点，讲的是本市今年的交通情况和出行数据。</p>\n<div class=footer>版权所有 某某网 \
                 京ICP备12345678号</div></article></body></html>"
            ),
        )
        .unwrap();
        fs::write(crawl.join(site).join("index.gold.txt"), "gold").unwrap();
    }
    crawl
}

#[test]
fn equal_names_are_refused_before_the_run_or_mirrored_with_keep_dirs() {
    let dir = tempdir("keepdirs");
    let crawl = crawl_tree(&dir);
    let out = bin()
        .args(["clean", "--out-dir"])
        .arg(dir.join("flat"))
        .arg(&crawl)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--keep-dirs"), "{}", stderr(&out));
    assert!(!dir.join("flat/index.txt").exists(), "nothing is written");
    let out = bin()
        .args(["clean", "--title", "-k", "-x", "*.gold.txt", "-d"])
        .arg(dir.join("tree"))
        .arg(&crawl)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    for site in ["site1", "site2"] {
        let text = fs::read_to_string(dir.join("tree").join(site).join("index.txt")).unwrap();
        assert!(text.starts_with(&format!("{site} 标题\n")), "{text}");
    }
    assert!(!dir.join("tree/site1/index.gold.txt").exists());
    // --include keeps only what matches.
    let out = bin()
        .args(["clean", "-k", "-i", "site2/*.html", "-d"])
        .arg(dir.join("only2"))
        .arg(&crawl)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir.join("only2/site2/index.txt").exists());
    assert!(!dir.join("only2/site1").exists());
}

#[test]
fn sizes_take_units_and_threads_must_be_positive() {
    let page = seed("000_422c9667066d31f8.txt");
    let out = bin()
        .args(["clean", "--max-page-bytes", "16MiB"])
        .arg(&page)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = bin()
        .args(["clean", "--max-page-bytes", "100", "-q"])
        .arg(&page)
        .output()
        .unwrap();
    assert!(out.stdout.len() < 200, "cut at 100 bytes");
    let out = bin()
        .args(["clean", "--threads", "0"])
        .arg(&page)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("at least 1"), "{}", stderr(&out));
}

/// With --out-dir every page's JSON goes to its own file and nothing to stdout (several
/// inputs printed an empty `[]`, issue 16).
#[test]
fn json_to_a_directory_prints_nothing() {
    let dir = tempdir("json-dir");
    let out = bin()
        .args(["clean", "-q", "-f", "json", "-d"])
        .arg(dir.join("out"))
        .arg(seed("000_422c9667066d31f8.txt"))
        .arg(seed("001_5939083422c70fe8.txt"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    for name in ["000_422c9667066d31f8", "001_5939083422c70fe8"] {
        let v: serde_json::Value =
            serde_json::from_slice(&fs::read(dir.join(format!("out/{name}.json"))).unwrap())
                .unwrap();
        assert!(v["text"].as_str().is_some_and(|t| !t.is_empty()), "{v}");
    }
}

#[test]
fn json_of_several_inputs_is_one_array() {
    let out = bin()
        .args(["clean", "--format", "json", "--signals"])
        .arg(seed("000_422c9667066d31f8.txt"))
        .arg(seed("001_5939083422c70fe8.txt"))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    let items = v.as_array().expect("an array");
    assert_eq!(items.len(), 2);
    assert!(items[0]["signals"]["cjk_ratio"].as_f64().unwrap() > 0.5);
    // One page: one object, as before.
    let out = bin()
        .args(["clean", "--format", "json"])
        .arg(seed("000_422c9667066d31f8.txt"))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v.is_object() && v.get("signals").is_none());
}

#[test]
fn explain_cites_html_source_lines_and_markdown_keeps_structure() {
    let dir = tempdir("explain");
    let crawl = crawl_tree(&dir);
    let page = crawl.join("site1/index.html");
    let out = bin()
        .args(["clean", "--explain"])
        .arg(&page)
        .output()
        .unwrap();
    let err = stderr(&out);
    // The footer line is on line 4 of the source (block 3 of the visible text).
    assert!(err.contains("index.html:4: removed ["), "{err}");
    let out = bin()
        .args(["clean", "--title", "-f", "markdown"])
        .arg(&page)
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("# site1 标题\n\n这是文章"), "{md}");
}

/// `clean --help` has one flag per declared option that has one (`pagewash::OPTIONS`),
/// under its heading and with its help, and the pipeline's own headings hold nothing else:
/// the CLI and the declarations cannot drift apart.
#[test]
fn help_lists_exactly_the_declared_options() {
    let out = bin().args(["clean", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    // Heading → the long flags listed under it.
    let mut sections: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    let mut heading = String::new();
    for line in help.lines() {
        if !line.starts_with(' ') && line.ends_with(':') {
            heading = line.trim_end_matches(':').to_owned();
        } else if line.trim_start().starts_with('-') {
            // `  -c, --charset <LABEL>` or `      --t2s`: the long flag's name.
            if let Some(at) = line.find("--") {
                let flag: String = line[at + 2..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                sections.entry(heading.clone()).or_default().push(flag);
            }
        }
    }
    let mut declared_headings = std::collections::BTreeSet::new();
    for spec in pagewash::OPTIONS.iter().filter(|o| !o.flag.is_empty()) {
        let under = sections.get(spec.heading).cloned().unwrap_or_default();
        assert!(
            under.iter().any(|f| f == spec.flag),
            "--{} not under {:?}: {under:?}",
            spec.flag,
            spec.heading
        );
        let said = if spec.flag_help.is_empty() {
            spec.doc
        } else {
            spec.flag_help
        };
        let first_words: String = said
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            help.contains(&first_words),
            "--{}: help {first_words:?}",
            spec.flag
        );
        if let Some(c) = spec.short {
            assert!(help.contains(&format!("-{c}, --{}", spec.flag)), "-{c}");
        }
        declared_headings.insert(spec.heading);
    }
    for h in ["Normalization", "Extraction"] {
        assert!(declared_headings.contains(h));
        for flag in &sections[h] {
            assert!(
                pagewash::OPTIONS.iter().any(|o| o.flag == flag),
                "--{flag} under {h} is not a declared option"
            );
        }
    }
    // The options the CLI spells elsewhere are there too.
    assert!(help.contains("--time-budget-ms") && help.contains("markdown"));
}

/// A page longer than `--max-page-bytes`, below and above the 64 KiB head the CLI reads
/// first, comes out as the library's `clean_reader` cuts it, flagged.
#[test]
fn a_page_over_the_limit_is_cut_as_the_library_cuts_it() {
    let dir = tempdir("limit");
    let line = "正文第一段，内容很长很长很长，有标点。这里是文章的主体内容，不会被删除。\n";
    let page = dir.join("page.txt");
    fs::write(&page, line.repeat(2000)).unwrap(); // ~200 KB
    for limit in [100usize, 4096, 150_000] {
        let out = bin()
            .args(["clean", "-q", "--max-page-bytes"])
            .arg(limit.to_string())
            .arg(&page)
            .output()
            .unwrap();
        let mut b = pagewash::Pipeline::builder();
        b.max_page_bytes(limit);
        let lib = b
            .build()
            .unwrap()
            .clean_reader(fs::File::open(&page).unwrap(), &pagewash::Hints::new())
            .unwrap();
        assert!(lib.flags().truncated);
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            lib.text(),
            "limit {limit}"
        );
    }
}

/// A WET-style text page that quotes markup (a tutorial on HTML) is full of tags, and the
/// sniffer alone takes it for HTML. Named `*.txt`, it is text: its lines stay as they are,
/// and cleaning that output again changes nothing. The same bytes named `*.html`, or with
/// `--content-type text/html`, are HTML.
#[test]
fn a_file_named_txt_is_text_even_when_it_quotes_markup() {
    let dir = tempdir("named-txt");
    let page = "How to write a list in HTML\n\
        A list starts with the ul element, and each item sits in its own li element, like this: <ul><li>Milk</li><li>Bread</li></ul>.\n\
        A paragraph is written as <p>Some text.</p> and a line break inside it as <br>, which needs no closing tag.\n\
        Links take an address: <a href=\"https://example.com/\">Example</a> opens that page when the reader clicks it.\n\
        A table is built from rows and cells: <table><tr><td>One</td><td>Two</td></tr></table> gives a single row of two cells.\n\
        Images need a text alternative for readers who cannot see them: <img src=\"cat.jpg\" alt=\"A cat asleep on a chair\">.\n";
    let clean = |path: &Path, extra: &[&str]| {
        let out = bin().arg("clean").args(extra).arg(path).output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    let txt = dir.join("tutorial.txt");
    fs::write(&txt, page).unwrap();
    let once = clean(&txt, &[]);
    assert_eq!(once, page);
    let again = dir.join("again.txt");
    fs::write(&again, &once).unwrap();
    assert_eq!(clean(&again, &[]), once);
    let html = dir.join("tutorial.html");
    fs::write(&html, page).unwrap();
    for as_html in [
        clean(&html, &[]),
        clean(&txt, &["--content-type", "text/html"]),
    ] {
        assert!(!as_html.contains("<li>"), "{as_html}");
        assert!(as_html.lines().any(|l| l == "Milk"), "{as_html}");
    }
}

/// A page that quotes a WARC record header is a page when its file is named as one; the
/// same bytes under another name are read as a WARC stream with damage before its first
/// record (reported, exit 1), as a WARC cut at its start is.
#[test]
fn a_page_quoting_a_warc_record_is_a_page_when_named_as_one() {
    let dir = tempdir("warc-doc");
    let page = "How WARC files are laid out\n\
        Each record starts with a version line and header fields, then a blank line and the payload. A response record looks like this:\n\
        WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.com/\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n\
        The Content-Length field counts the bytes of the payload, so a reader can skip to the next record without parsing it.\n";
    for name in ["warc.txt", "warc.html"] {
        let path = dir.join(name);
        fs::write(&path, page).unwrap();
        let out = bin().arg("clean").arg(&path).output().unwrap();
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("the payload, so a reader can skip"),
            "{name}: {text}"
        );
    }
    let path = dir.join("warc.dat");
    fs::write(&path, page).unwrap();
    let out = bin().arg("clean").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no WARC record at byte 0"),
        "{}",
        stderr(&out)
    );
}

/// A long line is kept once wherever it recurs, a short one stays; `--no-dedup` keeps both
/// copies, and `--explain` names the rule.
#[test]
fn repeated_long_lines_are_kept_once_unless_no_dedup() {
    let long = "A long line that is repeated further below on this page, word for word.";
    let page = format!("{long}\nshort\n{long}\nother\nshort\n");
    let dir = tempdir("dedup");
    let path = dir.join("page.txt");
    fs::write(&path, &page).unwrap();
    let run = |extra: &[&str]| {
        let out = bin()
            .args(["clean", "--no-content"])
            .args(extra)
            .arg(&path)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let err = stderr(&out);
        (String::from_utf8(out.stdout).unwrap(), err)
    };
    assert_eq!(run(&[]).0, format!("{long}\nshort\nother\nshort\n"));
    assert_eq!(run(&["--no-dedup"]).0, page);
    let (_, explained) = run(&["--explain"]);
    assert!(
        explained.contains("normalize.repeated-line")
            && explained.contains("a long line kept once already above"),
        "{explained}"
    );
}
