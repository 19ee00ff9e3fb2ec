//! The crate's modules form layers: no top-level module of `src/` imports, directly or
//! through others, from a module that imports from it. Read from the source (`crate::x`
//! paths, and `crate::Item` resolved through `lib.rs`'s re-exports), test modules and
//! comments left out.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Top-level module names (`src/x.rs` or `src/x/`), without the binaries.
fn top_modules(src: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for e in fs::read_dir(src).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_stem().unwrap().to_string_lossy().into_owned();
        if name == "lib" || name == "main" || name == "bin" {
            continue;
        }
        if p.is_dir() || p.extension().is_some_and(|x| x == "rs") {
            out.insert(name);
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The source without line comments and without the `#[cfg(test)] mod …` block at the end.
fn code(text: &str) -> String {
    let text = match text.find("\n#[cfg(test)]\nmod ") {
        Some(at) => &text[..at],
        None => text,
    };
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `crate::` paths in `code`: the first segment after it.
fn crate_paths(code: &str) -> Vec<String> {
    code.match_indices("crate::")
        .filter(|(at, _)| {
            // `$crate::` and `pagewash_crate::` are not ours.
            !code[..*at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$')
        })
        .map(|(at, m)| {
            code[at + m.len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

/// `lib.rs`'s `pub use module::{A, B}` re-exports: item name → module.
fn reexports(lib: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let code = code(lib);
    for stmt in code.split(';') {
        let Some(rest) = stmt.trim().strip_prefix("pub use ") else {
            continue;
        };
        let Some((module, items)) = rest.split_once("::") else {
            continue;
        };
        for item in items
            .trim_matches(|c| c == '{' || c == '}' || c == ' ')
            .split(',')
        {
            let item = item.trim();
            if !item.is_empty() {
                out.insert(item.to_owned(), module.trim().to_owned());
            }
        }
    }
    out
}

fn graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let tops = top_modules(src);
    let items = reexports(&fs::read_to_string(src.join("lib.rs")).unwrap());
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for top in &tops {
        let mut files = Vec::new();
        let dir = src.join(top);
        if dir.is_dir() {
            rust_files(&dir, &mut files);
        }
        let file = src.join(format!("{top}.rs"));
        if file.exists() {
            files.push(file);
        }
        let to = edges.entry(top.clone()).or_default();
        for f in files {
            for seg in crate_paths(&code(&fs::read_to_string(&f).unwrap())) {
                let target = if tops.contains(&seg) {
                    Some(seg)
                } else {
                    items.get(&seg).cloned()
                };
                if let Some(t) = target.filter(|t| t != top) {
                    to.insert(t);
                }
            }
        }
    }
    edges
}

/// One cycle through `edges`, if there is any.
fn find_cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        v: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(v.to_owned(), 1);
        path.push(v.to_owned());
        for w in edges.get(v).into_iter().flatten() {
            match state.get(w.as_str()).copied().unwrap_or(0) {
                1 => {
                    let start = path.iter().position(|p| p == w).unwrap();
                    let mut cycle = path[start..].to_vec();
                    cycle.push(w.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(w, edges, state, path) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        path.pop();
        state.insert(v.to_owned(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for v in edges.keys() {
        if state.get(v.as_str()).copied().unwrap_or(0) == 0 {
            if let Some(c) = visit(v, edges, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn the_python_bindings_modules_import_without_cycles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("bindings/python/src");
    let edges = graph(&src);
    assert!(edges["pipeline"].contains("reader"), "{edges:#?}");
    assert!(edges["reader"].contains("options"), "{edges:#?}");
    if let Some(cycle) = find_cycle(&edges) {
        panic!("import cycle in the Python binding: {}", cycle.join(" -> "));
    }
}

#[test]
fn no_module_imports_from_a_module_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let edges = graph(&src);
    // The reader sees what it should: the stages build on the bottom layer.
    assert!(edges["doc"].contains("text"), "{edges:#?}");
    assert!(edges["decode"].contains("hints"), "{edges:#?}");
    assert!(edges["pipeline"].contains("content"), "{edges:#?}");
    assert!(!edges["text"].contains("doc"), "{edges:#?}");
    if let Some(cycle) = find_cycle(&edges) {
        panic!("import cycle: {}", cycle.join(" -> "));
    }
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    edges.entry("a".into()).or_default().insert("b".into());
    edges.entry("b".into()).or_default().insert("c".into());
    edges.entry("c".into()).or_default();
    assert_eq!(find_cycle(&edges), None);
    edges.get_mut("c").unwrap().insert("a".into());
    assert_eq!(
        find_cycle(&edges),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    assert_eq!(
        crate_paths("use crate::doc::Doc; $crate::x; crate::Hints"),
        ["doc", "Hints"]
    );
    assert_eq!(
        reexports("pub use a::{X, Y};\npub use b::Z;")["Y"],
        "a".to_owned()
    );
}

/// The names in backticks between `<!-- surface:start -->` and `<!-- surface:end -->` of
/// DESIGN.md that start a list entry or follow one (words in parentheses are comments).
fn listed_surface(design: &str) -> BTreeSet<String> {
    let start = design
        .find("<!-- surface:start -->")
        .expect("surface list in DESIGN.md");
    let end = design
        .find("<!-- surface:end -->")
        .expect("end of the surface list");
    let mut out = BTreeSet::new();
    for entry in design[start..end].split("\n- ").skip(1) {
        let (_, names) = entry.split_once(':').expect("`Label: names`");
        // Drop the parenthesised comments, then take every backticked name.
        let mut plain = String::new();
        let mut depth = 0;
        for c in names.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ if depth == 0 => plain.push(c),
                _ => {}
            }
        }
        out.extend(plain.split('`').skip(1).step_by(2).map(str::to_owned));
    }
    out
}

/// The public modules (not `#[doc(hidden)]`) and root re-exports of `src/lib.rs`.
fn lib_surface(lib: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut hidden = false;
    let mut uses = String::new();
    let mut in_use = false;
    for line in lib.lines() {
        let line = line.trim();
        if line.starts_with("//") {
            continue;
        }
        if in_use || line.starts_with("pub use ") {
            uses.push_str(line);
            uses.push(' ');
            in_use = !line.ends_with(';');
            continue;
        }
        if line == "#[doc(hidden)]" {
            hidden = true;
            continue;
        }
        if let Some(rest) = line.strip_prefix("pub mod ") {
            let name = rest.trim_end_matches([';', '{', ' ']);
            if !hidden {
                out.insert(name.to_owned());
            }
        }
        if !line.starts_with("#[") {
            hidden = false;
        }
    }
    for stmt in uses.split(';').filter(|s| !s.trim().is_empty()) {
        let path = stmt.trim().trim_start_matches("pub use ");
        let names = match path.split_once('{') {
            Some((_, list)) => list.trim_end_matches([' ', '}']).to_owned(),
            None => path.rsplit("::").next().unwrap().to_owned(),
        };
        out.extend(
            names
                .split(',')
                .map(|n| n.trim().rsplit(" as ").next().unwrap().to_owned())
                .filter(|n| !n.is_empty()),
        );
    }
    out
}

#[test]
fn the_public_surface_is_the_listed_one() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lib = fs::read_to_string(root.join("src/lib.rs")).unwrap();
    // Only the crate root: an inline module's body (`pub mod x {` … `}`) is its own.
    let mut top = String::new();
    let mut inside = false;
    for l in lib.lines() {
        if !inside {
            top.push_str(l);
            top.push('\n');
            inside = l.starts_with("pub mod ") && l.ends_with('{');
        } else if l == "}" {
            inside = false;
        }
    }
    let design = fs::read_to_string(root.join("DESIGN.md")).unwrap();
    let (have, listed) = (lib_surface(&top), listed_surface(&design));
    let missing: Vec<_> = have.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&have).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "public in src/lib.rs, not in DESIGN.md's list: {missing:?}; listed, not public: {stale:?}"
    );
}
