//! `pagewash eval`: cleans every page of a gold set with the pipeline `clean` would build
//! and scores it with [`pagewash::eval`], printing what `score.py GOLD OUT` prints for the
//! same outputs, without writing them out first.

use std::collections::HashMap;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use pagewash::eval::{json_report, score_pair, PageScore, Summary, BY_PAGE_HEADER};
use pagewash::{Hints, Pipeline};

use crate::args::EvalArgs;
use crate::{build_pipeline, check_is_page, open_input, Source, EXIT_INPUT_FAILED, HEAD_BYTES};

/// Input file names tried for a page id, in this order.
const INPUT_EXTENSIONS: [&str; 4] = [".html", ".html.gz", ".htm", ".txt"];

/// Runs `pagewash eval`.
pub fn run_eval(args: &EvalArgs) -> Result<ExitCode> {
    let pipeline = build_pipeline(&args.pipeline, 0)?;
    let golds = find_golds(&args.gold)?;
    if golds.is_empty() {
        bail!("no *.gold.txt or *.expected.txt in {}", args.gold.display());
    }
    if let Some(dir) = &args.out_dir {
        fs::create_dir_all(dir)
            .with_context(|| format!("cannot create output directory {}", dir.display()))?;
        // `<id>.txt` outputs would overwrite `<id>.txt` inputs.
        if same_dir(dir, &args.gold) {
            bail!("--out-dir must not be the gold directory (outputs would replace inputs)");
        }
    }
    let hints = args.pipeline.options(0).hints(); // the forced charset, if any
                                                  // A page's address, when the manifest gives it, is passed as a crawl would pass it.
    let urls = manifest_column(&args.gold, "url")?;

    // score.py keys its rows by id: an id with both a .gold.txt and an .expected.txt keeps
    // its first place and the last file's score.
    let mut rows: Vec<(String, PageScore)> = Vec::with_capacity(golds.len());
    let mut row_of: HashMap<String, usize> = HashMap::new();
    let mut failed = 0usize;
    for (id, gold_path) in &golds {
        let page_hints = match urls.get(id) {
            Some(url) => hints.clone().with_url(url.clone()),
            None => hints.clone(),
        };
        let (score, ok) = eval_page(args, &pipeline, &page_hints, id, gold_path);
        if !ok {
            failed += 1;
        }
        match row_of.get(id) {
            Some(&i) => rows[i].1 = score,
            None => {
                row_of.insert(id.clone(), rows.len());
                rows.push((id.clone(), score));
            }
        }
    }

    let scores: Vec<PageScore> = rows.iter().map(|(_, s)| *s).collect();
    let mean = Summary::mean(&scores).expect("at least one gold page");
    let mut out = io::stdout().lock();
    if args.by_page {
        writeln!(out, "{BY_PAGE_HEADER}")?;
        for (id, s) in &rows {
            writeln!(out, "{}", s.by_page_row(id))?;
        }
    }
    writeln!(out, "{mean}")?;
    // Per page type, when the gold set says each page's type (`manifest.tsv`).
    for (page_type, ids) in page_types(&args.gold)? {
        let scores: Vec<PageScore> = rows
            .iter()
            .filter(|(id, _)| ids.contains(id))
            .map(|(_, s)| *s)
            .collect();
        if let Some(mean) = Summary::mean(&scores) {
            writeln!(out, "page_type={page_type} {mean}")?;
        }
    }
    out.flush()?;
    if let Some(path) = &args.json {
        fs::write(path, json_report(&rows, &mean))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(if failed > 0 {
        ExitCode::from(EXIT_INPUT_FAILED)
    } else {
        ExitCode::SUCCESS
    })
}

/// `id → value` of one column of a `manifest.tsv` beside the gold (empty values left out);
/// empty when there is no manifest or no such column.
fn manifest_column(dir: &Path, name: &str) -> Result<HashMap<String, String>> {
    let path = dir.join("manifest.tsv");
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(HashMap::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let (Some(id_col), Some(col)) = (
        header.iter().position(|h| *h == "id"),
        header.iter().position(|h| *h == name),
    ) else {
        return Ok(HashMap::new());
    };
    Ok(lines
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let (id, v) = (f.get(id_col)?, f.get(col)?);
            (!v.is_empty()).then(|| (id.to_string(), v.to_string()))
        })
        .collect())
}

/// Page ids by page type, from a `manifest.tsv` beside the gold: the type is a
/// `page_type` column, or the `page_type` key of a JSON `extra` column (as in the shared
/// WCXB set). Empty when there is no manifest or it says no type; types in name order.
fn page_types(dir: &Path) -> Result<Vec<(String, std::collections::HashSet<String>)>> {
    let mut types = manifest_column(dir, "page_type")?;
    for (id, extra) in manifest_column(dir, "extra")? {
        let judged = serde_json::from_str::<serde_json::Value>(&extra)
            .ok()
            .and_then(|v| Some(v.get("page_type")?.as_str()?.to_owned()));
        if let Some(t) = judged {
            types.entry(id).or_insert(t);
        }
    }
    let mut by_type: std::collections::BTreeMap<String, std::collections::HashSet<String>> =
        Default::default();
    for (id, t) in types {
        by_type.entry(t).or_default().insert(id);
    }
    Ok(by_type.into_iter().collect())
}

/// `(id, path)` of every `<id>.gold.txt` and `<id>.expected.txt` in `dir`, in file name
/// order (score.py's order: code points, which UTF-8 byte order follows).
fn find_golds(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let mut names = Vec::new();
    for entry in
        fs::read_dir(dir).with_context(|| format!("cannot read directory {}", dir.display()))?
    {
        let entry = entry.with_context(|| format!("cannot read directory {}", dir.display()))?;
        if let Ok(name) = entry.file_name().into_string() {
            names.push(name);
        }
    }
    names.sort();
    Ok(names
        .into_iter()
        .filter_map(|name| {
            let id = name
                .strip_suffix(".gold.txt")
                .or_else(|| name.strip_suffix(".expected.txt"))?;
            (!id.is_empty()).then(|| (id.to_owned(), dir.join(&name)))
        })
        .collect())
}

/// Scores one page; `false` when it could not be scored as it should (unreadable gold,
/// missing or unreadable input), after saying why on stderr. A page without output scores
/// as an empty output, as score.py scores a missing output file (0 unless the gold is empty).
fn eval_page(
    args: &EvalArgs,
    pipeline: &Pipeline,
    hints: &Hints,
    id: &str,
    gold_path: &Path,
) -> (PageScore, bool) {
    let gold = match fs::read_to_string(gold_path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!(
                "pagewash: {}: cannot read gold text: {e}",
                gold_path.display()
            );
            return (PageScore::ZERO, false);
        }
    };
    let Some(input) = find_input(&args.gold, id, gold_path) else {
        eprintln!(
            "pagewash: {id}: no input {id}.html, .html.gz, .htm or .txt in {}",
            args.gold.display()
        );
        return (score_pair(&gold, "", args.nfkc), false);
    };
    let text = match clean_file(pipeline, hints, &input) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("pagewash: {}: {e:#}", input.display());
            return (score_pair(&gold, "", args.nfkc), false);
        }
    };
    let mut ok = true;
    if let Some(dir) = &args.out_dir {
        if let Err(e) = write_atomically(&dir.join(format!("{id}.txt")), &text) {
            eprintln!("pagewash: {id}: {e:#}");
            ok = false;
        }
    }
    (score_pair(&gold, &text, args.nfkc), ok)
}

/// The first input file of page `id` that exists, never the gold file itself.
fn find_input(dir: &Path, id: &str, gold_path: &Path) -> Option<PathBuf> {
    INPUT_EXTENSIONS
        .iter()
        .map(|ext| dir.join(format!("{id}{ext}")))
        .find(|p| p != gold_path && p.is_file())
}

/// Cleans one file as `clean` does: the same refusal of non-pages, the same reader.
fn clean_file(pipeline: &Pipeline, hints: &Hints, path: &Path) -> Result<String> {
    let mut reader = open_input(&Source::File(path.to_owned()))?;
    let mut head = Vec::new();
    (&mut reader)
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)
        .context("cannot read input")?;
    check_is_page(&head)?;
    let cleaned = pipeline
        .clean_reader(
            io::Cursor::new(head).chain(reader),
            &hints.clone().with_file_name(path),
        )
        .context("cannot read input")?;
    Ok(cleaned.into_text())
}

/// Writes through a temporary file and a rename, so that an interrupted run leaves no half
/// output that score.py would score as a whole one.
fn write_atomically(target: &Path, text: &str) -> Result<()> {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let tmp = target.with_file_name(format!(".{name}.tmp"));
    fs::write(&tmp, text).with_context(|| format!("cannot write {}", tmp.display()))?;
    fs::rename(&tmp, target).with_context(|| format!("cannot move {} into place", tmp.display()))
}

/// Whether two paths name the same existing directory.
fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
