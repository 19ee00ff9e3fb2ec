//! The HTML tokenizer choice (issue 14): throughput of tokenizing alone, and of the whole
//! `html_to_blocks`, with html5ever's tokenizer and with ours, on the dev pages
//! (`tests/fixtures/dev/aeb/*.html.gz`, UTF-8; `tests/fixtures/dev/cleaneval_zh/*.html`,
//! GBK), decoded to `&str` once at set-up, outside the timing.
//!
//! `cargo bench --bench tokenizer --features html5ever` (without the feature the
//! `html_to_blocks/html5ever` rows are skipped: html5ever is not in the default build).
//!
//! - `tokenize/html5ever`: html5ever's `Tokenizer` fed each page as one buffer, with a sink
//!   that does nothing but switch to the raw-text states as the extractor does (script,
//!   style, title, … so their content is not tokenized as markup);
//! - `tokenize/ours`: `decode::html::tokenize_only`, our tokenizer with the same sink;
//! - `html_to_blocks/{html5ever,ours}`: the whole extractor on each front-end.
//!
//! Throughput is bytes of decoded HTML per second over the whole set. Compare rows of the
//! same run, not runs of different days, on a shared machine. Results are recorded in
//! DESIGN.md ("Decisions: the HTML tokenizer").

use std::fs;
use std::hint::black_box;
use std::io::Read;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use pagewash::internals::decode::html::{html_to_blocks, tokenize_only, HtmlOptions};

struct Set {
    name: &'static str,
    texts: Vec<String>,
}

impl Set {
    fn load(name: &'static str, dir: &str, suffix: &str, gzipped: bool) -> Set {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let mut paths: Vec<_> = fs::read_dir(&dir)
            .expect("dev fixtures")
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(suffix))
            .collect();
        paths.sort();
        let hints = pagewash::Hints::new();
        let texts = paths
            .iter()
            .map(|p| {
                let mut bytes = fs::read(p).unwrap();
                if gzipped {
                    let mut out = Vec::new();
                    flate2::read::MultiGzDecoder::new(&bytes[..])
                        .read_to_end(&mut out)
                        .unwrap();
                    bytes = out;
                }
                pagewash::internals::decode::decode(&bytes, &hints, usize::MAX)
                    .text
                    .into_owned()
            })
            .collect();
        let set = Set { name, texts };
        println!(
            "{}: {} pages, {:.2} MiB decoded",
            name,
            set.texts.len(),
            set.total() as f64 / (1u64 << 20) as f64
        );
        set
    }

    fn total(&self) -> usize {
        self.texts.iter().map(String::len).sum()
    }
}

/// html5ever's sink doing only what tokenizing needs from the tree builder.
struct RawOnly;

impl TokenSink for RawOnly {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => match &*tag.name {
                "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
                    TokenSinkResult::RawData(RawKind::Rawtext)
                }
                "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
                "plaintext" => TokenSinkResult::Plaintext,
                _ => TokenSinkResult::Continue,
            },
            other => {
                black_box(other);
                TokenSinkResult::Continue
            }
        }
    }
}

fn html5ever_tokenize(html: &str) {
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(html));
    let tok = Tokenizer::new(RawOnly, TokenizerOpts::default());
    let _ = tok.feed(&queue);
    tok.end();
}

fn bench_tokenizers(c: &mut Criterion) {
    let options = HtmlOptions::default();
    let sets = [
        Set::load("aeb", "tests/fixtures/dev/aeb", ".html.gz", true),
        Set::load(
            "cleaneval_zh",
            "tests/fixtures/dev/cleaneval_zh",
            ".html",
            false,
        ),
    ];
    if !cfg!(feature = "html5ever") {
        println!("html_to_blocks/html5ever skipped: run with --features html5ever");
    }
    for set in &sets {
        let mut g = c.benchmark_group(set.name);
        g.throughput(Throughput::Bytes(set.total() as u64));
        g.bench_function("tokenize/html5ever", |b| {
            b.iter(|| {
                for t in &set.texts {
                    html5ever_tokenize(black_box(t));
                }
            })
        });
        g.bench_function("tokenize/ours", |b| {
            b.iter(|| {
                for t in &set.texts {
                    black_box(tokenize_only(black_box(t)));
                }
            })
        });
        #[cfg(feature = "html5ever")]
        g.bench_function("html_to_blocks/html5ever", |b| {
            b.iter(|| {
                for t in &set.texts {
                    black_box(pagewash::internals::decode::html::html_to_blocks_html5ever(
                        black_box(t),
                        &options,
                    ));
                }
            })
        });
        g.bench_function("html_to_blocks/ours", |b| {
            b.iter(|| {
                for t in &set.texts {
                    black_box(html_to_blocks(black_box(t), &options));
                }
            })
        });
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    targets = bench_tokenizers
}
criterion_main!(benches);
