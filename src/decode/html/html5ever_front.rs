//! html5ever's tokenizer as a second front-end for the extractor: the reference the
//! differential test (`differential.rs`) compares our tokenizer with, and the baseline of
//! `benches/tokenizer.rs`. Built for tests and with the `html5ever` feature only.
//!
//! html5ever calls [`TokenSink::process_token`](H5Sink::process_token) through `&self`, so
//! the extractor's state lives in a `RefCell` borrowed once per token.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink as H5Sink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use super::sink::{truncate, State};
use super::tags::Raw;
use super::token::{AttrName, Attrs, TagToken, TokenSink};
use super::tokenizer::MAX_ATTRS;
use super::{HtmlDoc, HtmlOptions};

struct Front<'a> {
    inner: RefCell<Inner<'a>>,
}

struct Inner<'a> {
    state: State,
    queue: &'a BufferQueue,
    /// Address and length of the tokenizer's input buffer, to derive byte offsets.
    base: usize,
    total: usize,
    last_pos: usize,
}

/// [`html_to_blocks`](super::html_to_blocks) on html5ever's tokenizer.
pub(crate) fn run(html: &str, opts: &HtmlOptions) -> HtmlDoc {
    let html = truncate(html);
    let input = StrTendril::from_slice(html);
    let base = input.as_ptr() as usize;
    let total = input.len();
    let queue = BufferQueue::default();
    queue.push_back(input);
    let front = Front {
        inner: RefCell::new(Inner {
            state: State::new(opts, html.len()),
            queue: &queue,
            base,
            total,
            last_pos: 0,
        }),
    };
    let tokenizer = Tokenizer::new(front, TokenizerOpts::default());
    // The sink never returns `Script`, so `feed` runs to the end of the input in one call.
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    let (mut doc, lines) = tokenizer.sink.inner.into_inner().state.finish();
    doc.blocks = lines.into_blocks();
    doc
}

impl Inner<'_> {
    /// Byte position the tokenizer has read up to. The queue's front chunk is a slice of
    /// our one input buffer except while the tokenizer re-reads a few characters it pushed
    /// back (after a failed character-reference match); then the last position is reused.
    fn position(&mut self) -> usize {
        // `peek_front_chunk_mut` borrows the queue's RefCell briefly; the tokenizer holds no
        // borrow while it calls the sink.
        let front = self
            .queue
            .peek_front_chunk_mut()
            .map(|c| (c.as_ptr() as usize, c.len()));
        if let Some((ptr, len)) = front {
            if ptr >= self.base && ptr.wrapping_add(len) == self.base + self.total {
                let pos = ptr - self.base;
                if pos >= self.last_pos {
                    self.last_pos = pos;
                }
            }
        }
        self.last_pos
    }
}

impl H5Sink for Front<'_> {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut f = self.inner.borrow_mut();
        match token {
            Token::CharacterTokens(text) => {
                let offset = f.position().saturating_sub(text.len());
                TokenSink::text(&mut f.state, &text, offset);
                TokenSinkResult::Continue
            }
            Token::TagToken(tag) => {
                let mut attrs = Attrs::default();
                // html5ever has already dropped duplicates; the cap is our tokenizer's.
                for a in tag.attrs.iter().take(MAX_ATTRS) {
                    if let Some(name) = AttrName::from_name(a.name.local.as_bytes()) {
                        attrs.push(name, &a.value);
                    }
                }
                let token = TagToken {
                    name: &tag.name,
                    self_closing: tag.self_closing,
                    attrs,
                };
                let raw = match tag.kind {
                    TagKind::StartTag => TokenSink::start_tag(&mut f.state, &token),
                    TagKind::EndTag => {
                        TokenSink::end_tag(&mut f.state, &token);
                        Raw::No
                    }
                };
                match raw {
                    Raw::No => TokenSinkResult::Continue,
                    Raw::Script => TokenSinkResult::RawData(RawKind::ScriptData),
                    Raw::Rawtext => TokenSinkResult::RawData(RawKind::Rawtext),
                    Raw::Rcdata => TokenSinkResult::RawData(RawKind::Rcdata),
                    Raw::Plaintext => TokenSinkResult::Plaintext,
                }
            }
            // NUL in text is dropped by the tree builder ("in body": ignore the token);
            // comments, doctypes, parse errors carry no text.
            _ => TokenSinkResult::Continue,
        }
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.inner
            .try_borrow()
            .map(|f| f.state.in_foreign_content())
            .unwrap_or(false)
    }
}
