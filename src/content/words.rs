//! A line's words as the line model reads them on text pages (a WET record, flat HTML):
//! with no DOM names to say "menu" or "footer", the words do (`Add to cart`, `Reply`,
//! `Posted by`, `版权所有`). A hashed bag of lower-case word unigrams and bigrams and CJK
//! characters with their bigrams, scored by a logistic regression that `fit.py` fits and
//! writes (`words_weights.bin`); its logit is one more input of the line trees.
//!
//! The tokenizer and hash must match `fit.py`'s `words_buckets` exactly: the parity
//! fixture checks it.

use super::model_table as table;

/// The fitted weights: `1 << WORDS_BITS` little-endian `f32`s.
static WEIGHTS: &[u8] = include_bytes!("words_weights.bin");

/// The regression's logit for each line (their NFKC views), with one set of buffers.
pub(crate) fn words_logits<'a>(lines: impl Iterator<Item = std::borrow::Cow<'a, str>>) -> Vec<f32> {
    let mut terms = Terms::default();
    lines.map(|line| terms.logit(&line)).collect()
}

/// The regression's logit for one line.
#[cfg(test)]
fn words_logit(text: &str) -> f32 {
    Terms::default().logit(text)
}

fn weight(bucket: u32) -> f32 {
    let at = bucket as usize * 4;
    WEIGHTS
        .get(at..at + 4)
        .map_or(0.0, |b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Reusable buffers of the tokenizer.
#[derive(Default)]
struct Terms {
    buckets: Vec<u32>,
    seen: Vec<u64>,
    prev: Vec<u8>,
    word: Vec<u8>,
    term: Vec<u8>,
    tokens: usize,
}

/// Tokens read of a line: a paragraph's first words say what it is, and its length is a
/// feature of its own; the cost stays bounded on long lines.
const MAX_TOKENS: usize = 32;

impl Terms {
    fn logit(&mut self, text: &str) -> f32 {
        let mut buckets = std::mem::take(&mut self.buckets);
        let mut seen = std::mem::take(&mut self.seen);
        seen.resize(1 << table::WORDS_BITS.saturating_sub(6), 0);
        buckets.clear();
        // Each bucket once (the regression reads a binary bag): a bit per bucket, cleared
        // again below, is cheaper than sorting.
        self.for_each_bucket(text, |b| {
            let (word, bit) = ((b >> 6) as usize, 1u64 << (b & 63));
            if seen[word] & bit == 0 {
                seen[word] |= bit;
                buckets.push(b);
            }
        });
        let mut sum = 0.0f64;
        for &b in &buckets {
            sum += weight(b) as f64;
            seen[(b >> 6) as usize] = 0;
        }
        let logit = table::WORDS_INTERCEPT as f64 + sum / (buckets.len() as f64).sqrt();
        self.buckets = buckets;
        self.seen = seen;
        logit as f32
    }

    /// Calls `f` with the bucket of every term of the line: each of its first
    /// [`MAX_TOKENS`] tokens (a run of ASCII letters and digits, or one CJK character, after
    /// lower-casing), each pair of neighbouring tokens (`"a b"`), and the line's edges
    /// (`"^ first"`, `"last $"`; `"^ $"` for a line without tokens). Terms may repeat; the
    /// caller counts each bucket once.
    fn for_each_bucket(&mut self, text: &str, mut f: impl FnMut(u32)) {
        self.prev.clear();
        self.prev.push(b'^');
        self.word.clear();
        self.tokens = 0;
        for c in text.chars() {
            if self.tokens == MAX_TOKENS {
                break;
            }
            if c.is_ascii() {
                let c = c.to_ascii_lowercase();
                if c.is_ascii_lowercase() || c.is_ascii_digit() {
                    self.word.push(c as u8);
                } else if !self.word.is_empty() {
                    self.emit_word(&mut f);
                }
                continue;
            }
            // Of every character beyond ASCII, only two lower-case to an ASCII letter (the
            // Kelvin sign to `k`; a dotted capital I to `i` and a combining dot, which ends
            // the word): no case tables needed.
            match c {
                '\u{212A}' => {
                    self.word.push(b'k');
                    continue;
                }
                '\u{0130}' => self.word.push(b'i'),
                _ => {}
            }
            if !self.word.is_empty() {
                self.emit_word(&mut f);
            }
            if ('\u{3400}'..='\u{9FFF}').contains(&c) && self.tokens < MAX_TOKENS {
                self.word
                    .extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                self.emit_word(&mut f);
            }
        }
        if !self.word.is_empty() && self.tokens < MAX_TOKENS {
            self.emit_word(&mut f);
        }
        self.prev.extend_from_slice(b" $");
        f(bucket(&self.prev));
    }

    /// The token in `word`, and its pair with the one before; `word` moves to `prev`.
    fn emit_word(&mut self, f: &mut impl FnMut(u32)) {
        f(bucket(&self.word));
        self.term.clear();
        self.term.extend_from_slice(&self.prev);
        self.term.push(b' ');
        self.term.extend_from_slice(&self.word);
        f(bucket(&self.term));
        std::mem::swap(&mut self.prev, &mut self.word);
        self.word.clear();
        self.tokens += 1;
    }
}

fn bucket(term: &[u8]) -> u32 {
    murmur3_32(term, 0) & ((1u32 << table::WORDS_BITS) - 1)
}

/// MurmurHash3 (x86, 32-bit), as scikit-learn's `murmurhash3_32(positive=True)`.
fn murmur3_32(data: &[u8], seed: u32) -> u32 {
    const C1: u32 = 0xcc9e_2d51;
    const C2: u32 = 0x1b87_3593;
    let mut h = seed;
    let mut blocks = data.chunks_exact(4);
    for b in &mut blocks {
        let k = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        h ^= k.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2);
        h = h.rotate_left(13).wrapping_mul(5).wrapping_add(0xe654_6b64);
    }
    let tail = blocks.remainder();
    if !tail.is_empty() {
        let mut k = 0u32;
        for (i, &b) in tail.iter().enumerate() {
            k |= (b as u32) << (8 * i);
        }
        h ^= k.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2);
    }
    h ^= data.len() as u32;
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^ (h >> 16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn murmur3_matches_scikit_learn() {
        // sklearn.utils.murmurhash3_32(s.encode(), seed=0, positive=True)
        for (s, h) in [
            ("", 0u32),
            ("a", 1009084850),
            ("hello", 613153351),
            ("^ hello", 2839451735),
            ("add to", 2113191495),
            ("中文", 3676729751),
            ("中 文", 1543417815),
            ("cart $", 189571636),
        ] {
            assert_eq!(murmur3_32(s.as_bytes(), 0), h, "{s:?}");
        }
    }

    fn terms(text: &str) -> Vec<u32> {
        let mut out = Vec::new();
        Terms::default().for_each_bucket(text, |b| out.push(b));
        out
    }

    #[test]
    fn terms_are_tokens_pairs_and_edges() {
        let b = |s: &str| bucket(s.as_bytes());
        assert_eq!(
            terms("Add to Cart!"),
            [
                b("add"),
                b("^ add"),
                b("to"),
                b("add to"),
                b("cart"),
                b("to cart"),
                b("cart $")
            ]
        );
        // CJK characters are tokens one by one; other scripts and punctuation separate.
        assert_eq!(
            terms("版权 é1"),
            [
                b("版"),
                b("^ 版"),
                b("权"),
                b("版 权"),
                b("1"),
                b("权 1"),
                b("1 $")
            ]
        );
        assert_eq!(terms("— · —"), [b("^ $")]);
        // A long line is read up to its 32nd token, whose pair with the edge ends it.
        let long: Vec<String> = (0..40).map(|k| format!("w{k}")).collect();
        let got = terms(&long.join(" "));
        assert_eq!(got.len(), 2 * MAX_TOKENS + 1);
        assert_eq!(got.last(), Some(&b("w31 $")));
        // Lower-casing maps the Kelvin sign to an ASCII k, as Python's `str.lower` does.
        assert_eq!(terms("\u{212A}m"), terms("km"));
        // A dotted capital I becomes an i and a combining dot, which ends the word.
        assert_eq!(terms("\u{0130}stanbul"), terms("i stanbul"));
        assert_eq!(terms("Straße"), terms("stra e"));
    }

    #[test]
    fn a_line_is_scored_from_its_distinct_buckets() {
        let once = words_logit("reply");
        assert_eq!(words_logit("Reply"), once);
        assert!(once.is_finite());
        // A repeated term counts once.
        assert_eq!(words_logit("cart cart"), words_logit("cart cart cart"));
    }

    /// What the fitted weights must have learnt, whatever the fit: a shop button, a footer,
    /// a comment form score below a sentence of an article, in English and Chinese.
    #[test]
    fn chrome_words_score_below_an_article_sentence() {
        let prose = [
            "The council approved the new budget on Tuesday after a long debate about schools.",
            "会议指出，要坚持以人民为中心的发展思想，切实保障和改善民生。",
        ];
        for chrome in [
            "Add to cart",
            "Leave a Reply",
            "All rights reserved",
            "Sign in",
            "版权所有",
            "网站地图",
        ] {
            for p in prose {
                assert!(
                    words_logit(chrome) < words_logit(p),
                    "{chrome:?} {} vs {p:?} {}",
                    words_logit(chrome),
                    words_logit(p)
                );
            }
        }
    }

    /// The script writes lines of text pages with the logit its regression gave them
    /// (`tests/fixtures/content_model/words_parity.tsv`): the tokenizer, the hash and the
    /// embedded weights must give the same.
    #[test]
    fn logits_agree_with_the_fitting_script() {
        let text = include_str!("../../tests/fixtures/content_model/words_parity.tsv");
        let mut n = 0;
        for line in text.lines() {
            let (json, want) = line.rsplit_once('\t').unwrap();
            let line: String = serde_json::from_str(json).unwrap();
            let want: f32 = want.parse().unwrap();
            let got = words_logit(&line);
            assert!((got - want).abs() < 1e-4, "{line:?}: {got} vs {want}");
            n += 1;
        }
        assert!(n >= 50, "{n} parity lines");
    }
}
