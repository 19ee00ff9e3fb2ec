//! An HTML tokenizer for text extraction: one pass over the input `&str`, no allocation per
//! token, the states of WHATWG HTML §13.2.5 that decide what is text and where tags are.
//!
//! It follows the spec's state machine, but reads a construct at a time instead of a
//! character at a time: a tag is parsed whole from its `<`, a comment is skipped to its
//! end, and runs of text between the bytes that matter (`<`, `&`, CR, NUL) are found with
//! `memchr` and handed over as slices of the input. What it leaves out is what the
//! extractor never reads: comment and DOCTYPE contents, parse errors, the names and values
//! of attributes other than [`AttrName`]'s.
//!
//! Equivalences with the spec, each one checked against html5ever's tokenizer by the
//! differential test (`decode/html/differential.rs`):
//! - **Raw text.** In RCDATA, RAWTEXT and script data the content ends at the first
//!   "appropriate end tag": `</` + the start tag's name (ASCII case-insensitive) + tab, LF,
//!   FF, CR, space, `/` or `>`. Script data also tracks the escaped (`<!--`) and
//!   double-escaped (`<!--<script>`) states, where `</script` does not end the script.
//! - **DOCTYPE** ends at the first `>` (every DOCTYPE state does), so it is skipped like a
//!   bogus comment. **Comments** follow the comment states (`<!-->`, `<!--->`, `--!>`); the
//!   comment less-than-sign states only report errors and are not needed to find the end.
//! - **Character references**: named ones from the generated table
//!   ([`entities`](super::entities)), the longest match, legacy names without `;`, the
//!   attribute-value exception; numeric ones with the spec's replacements (C1 table,
//!   surrogates, 0, > U+10FFFF → U+FFFD).
//! - **Preprocessing**: CR and CRLF are LF; a leading U+FEFF is dropped (as html5ever does by
//!   default). NUL is dropped in data (the tree builder ignores it "in body") and in CDATA
//!   (as html5ever does), and is U+FFFD elsewhere.
//!
//! Linear time on any input: every scan moves forward, lookaheads are bounded (a character
//! reference reads at most [`entities::LONGEST`] bytes) or end where the next scan starts,
//! and attributes past [`MAX_ATTRS`] on one tag are parsed but not classified.

use memchr::{memchr, memchr2};

use super::entities;
use super::tags::Raw;
use super::token::{AttrName, Attrs, TagToken, TokenSink};

/// Attributes read per tag; later ones are parsed (the tag must still end in the right
/// place) but ignored, so a tag with a million attributes costs one scan.
pub(crate) const MAX_ATTRS: usize = 1000;

const REPLACEMENT: &str = "\u{FFFD}";

/// Runs the tokenizer over `input`, driving `sink`.
pub(crate) fn tokenize<S: TokenSink>(input: &str, sink: &mut S) {
    let start = if input.starts_with('\u{FEFF}') { 3 } else { 0 };
    let mut t = Tokenizer {
        input,
        bytes: input.as_bytes(),
        pos: start,
        next_cr: 0,
        next_nul: 0,
        name_buf: String::new(),
        scratch: String::new(),
        end_name: String::new(),
        spans: [(AttrName::Class, Span::default()); AttrName::COUNT],
    };
    t.next_cr = t.find_byte(b'\r', start);
    t.next_nul = t.find_byte(0, start);
    t.run(sink);
}

/// The content state a start tag switched to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Data,
    Rcdata,
    Rawtext,
    Script,
    Plaintext,
}

/// Where an attribute value is: in the input, or decoded into `scratch`.
#[derive(Clone, Copy, Default)]
struct Span {
    start: usize,
    end: usize,
    scratch: bool,
}

/// A decoded character reference.
enum Replacement {
    Named(&'static str),
    Char(char),
}

struct Tokenizer<'a> {
    input: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Next CR and NUL at or after the last position they were looked for (`len` if
    /// none): both are rare, so the text scans look for `<` and `&` only and stop here.
    next_cr: usize,
    next_nul: usize,
    /// A tag name that needed lower-casing.
    name_buf: String,
    /// Decoded attribute values of the current tag.
    scratch: String,
    /// The name of the start tag whose raw content is being read (the "appropriate end
    /// tag" of HTML §13.2.5.11).
    end_name: String,
    /// The current tag's known attributes (see [`Attrs`]), as positions.
    spans: [(AttrName, Span); AttrName::COUNT],
}

fn is_space(b: u8) -> bool {
    // CR is LF after preprocessing.
    matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// Ends a tag name and an end tag's name in the raw-text states.
fn ends_name(b: u8) -> bool {
    is_space(b) || b == b'/' || b == b'>'
}

/// Ends an attribute name: white space, `/`, `>`, `=` (what [`ENDS_ATTR_NAME`] marks).
#[cfg(test)]
fn ends_attr_name(b: u8) -> bool {
    ends_name(b) || b == b'='
}

/// Bits of [`BYTE_CLASS`].
const ENDS_NAME: u8 = 1;
const ENDS_ATTR_NAME: u8 = 2;

/// [`ends_name`], and whether a byte ends an attribute name (the same and `=`), of every
/// byte: the name scans, most of a tag's bytes, test one table entry a byte instead of up
/// to eight comparisons.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        let space = matches!(c, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ');
        if space || c == b'/' || c == b'>' {
            t[b] |= ENDS_NAME | ENDS_ATTR_NAME;
        }
        if c == b'=' {
            t[b] |= ENDS_ATTR_NAME;
        }
        b += 1;
    }
    t
};

impl<'a> Tokenizer<'a> {
    fn len(&self) -> usize {
        self.bytes.len()
    }

    fn at(&self, i: usize) -> Option<u8> {
        self.bytes.get(i).copied()
    }

    fn find_byte(&self, b: u8, from: usize) -> usize {
        let from = from.min(self.len());
        memchr(b, &self.bytes[from..]).map_or(self.len(), |i| from + i)
    }

    /// The next CR or NUL at or after `from`.
    fn next_rare(&mut self, from: usize) -> usize {
        if self.next_cr < from {
            self.next_cr = self.find_byte(b'\r', from);
        }
        if self.next_nul < from {
            self.next_nul = self.find_byte(0, from);
        }
        self.next_cr.min(self.next_nul)
    }

    fn run<S: TokenSink>(&mut self, sink: &mut S) {
        let mut mode = Mode::Data;
        while self.pos < self.len() {
            mode = match mode {
                Mode::Data => self.data(sink),
                Mode::Plaintext => {
                    self.text_until(self.pos, self.len(), Nul::Replace, false, sink);
                    self.pos = self.len();
                    Mode::Plaintext
                }
                raw => {
                    let end = if raw == Mode::Script {
                        self.script_end(self.pos)
                    } else {
                        self.raw_end(self.pos)
                    };
                    self.text_until(self.pos, end, Nul::Replace, raw == Mode::Rcdata, sink);
                    self.pos = end;
                    if end < self.len() {
                        // An end tag is there: parsed like any other (its attributes and
                        // `/` are read and ignored).
                        self.pos = self.tag(end + 2, false, sink).1;
                    }
                    Mode::Data
                }
            };
        }
    }

    // ----- text -----

    /// The data state, up to a tag that switches state or the end of input.
    fn data<S: TokenSink>(&mut self, sink: &mut S) -> Mode {
        let mut run = self.pos;
        let mut at = self.pos;
        let len = self.len();
        loop {
            let stop = self.next_rare(at);
            let hit = memchr2(b'<', b'&', &self.bytes[at..stop]).map_or(stop, |i| at + i);
            if hit >= len {
                self.emit(run, len, sink);
                self.pos = len;
                return Mode::Data;
            }
            match self.bytes[hit] {
                b'<' => {
                    let next = self.at(hit + 1);
                    if !next.is_some_and(|b| b.is_ascii_alphabetic() || b"/!?".contains(&b)) {
                        // `<` followed by anything else (or EOF) is text.
                        at = hit + 1;
                        continue;
                    }
                    self.emit(run, hit, sink);
                    let (mode, next) = self.markup(hit, sink);
                    run = next;
                    at = next;
                    if mode != Mode::Data {
                        self.pos = next;
                        return mode;
                    }
                }
                b'&' | b'\r' => (run, at) = self.ref_or_cr(hit, len, run, sink),
                _ => {
                    // NUL: the tree builder ignores it in body.
                    self.emit(run, hit, sink);
                    at = hit + 1;
                    run = at;
                }
            }
            if at >= len {
                self.emit(run, len, sink);
                self.pos = len;
                return Mode::Data;
            }
        }
    }

    /// `&` (a character reference, when it is one) or CR (→ LF, swallowing a CRLF's LF
    /// before `end`) at `hit`, in a text run that started at `run`: emits the text before
    /// it and what it stands for; returns where the run and the scan go on.
    fn ref_or_cr<S: TokenSink>(
        &mut self,
        hit: usize,
        end: usize,
        run: usize,
        sink: &mut S,
    ) -> (usize, usize) {
        if self.bytes[hit] == b'&' {
            return match self.char_ref(hit, false) {
                Some((rep, next)) => {
                    self.emit(run, hit, sink);
                    emit_replacement(rep, hit, sink);
                    (next, next)
                }
                None => (run, hit + 1),
            };
        }
        self.emit(run, hit, sink);
        sink.text("\n", hit);
        let at = hit + 1 + usize::from(hit + 1 < end && self.bytes[hit + 1] == b'\n');
        (at, at)
    }

    fn emit<S: TokenSink>(&self, start: usize, end: usize, sink: &mut S) {
        if start < end {
            if let Some(s) = self.input.get(start..end) {
                sink.text(s, start);
            }
        }
    }

    /// Text from `from` to `end` in a state other than data: CR → LF, NUL per `nul`,
    /// character references when `refs` (RCDATA).
    fn text_until<S: TokenSink>(
        &mut self,
        from: usize,
        end: usize,
        nul: Nul,
        refs: bool,
        sink: &mut S,
    ) {
        let mut run = from;
        let mut at = from;
        while at < end {
            let stop = self.next_rare(at).min(end);
            let hit = if refs {
                memchr(b'&', &self.bytes[at..stop]).map_or(stop, |i| at + i)
            } else {
                stop
            };
            if hit >= end {
                break;
            }
            match self.bytes[hit] {
                b'&' | b'\r' => (run, at) = self.ref_or_cr(hit, end, run, sink),
                _ => {
                    self.emit(run, hit, sink);
                    if nul == Nul::Replace {
                        sink.text(REPLACEMENT, hit);
                    }
                    at = hit + 1;
                    run = at;
                }
            }
        }
        self.emit(run, end, sink);
    }

    /// Is there an appropriate end tag (`</` + `end_name` + a name terminator) at `lt`?
    fn is_end_tag_at(&self, lt: usize) -> bool {
        let name = self.end_name.as_bytes();
        let start = lt + 2;
        self.at(lt + 1) == Some(b'/')
            && self
                .bytes
                .get(start..start + name.len())
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
            && self.at(start + name.len()).is_some_and(ends_name)
    }

    /// Where RCDATA or RAWTEXT content ends: the `<` of the end tag, or the end of input.
    fn raw_end(&self, from: usize) -> usize {
        let mut at = from;
        while let Some(i) = memchr(b'<', &self.bytes[at..]) {
            let lt = at + i;
            if self.is_end_tag_at(lt) {
                return lt;
            }
            at = lt + 1;
        }
        self.len()
    }

    /// Where script data ends (HTML §13.2.5.4, .15–.31): the `<` of `</script` outside
    /// the double-escaped state, or the end of input. Only `<`, `-` and `>` move between
    /// the states; other characters (NUL, CR included) are "anything else" in all of them.
    fn script_end(&self, from: usize) -> usize {
        let b = self.bytes;
        let len = b.len();
        let mut st = Script::Data;
        let mut i = from;
        while i < len {
            if st == Script::Data {
                let Some(k) = memchr(b'<', &b[i..]) else {
                    return len;
                };
                let lt = i + k;
                if self.is_end_tag_at(lt) {
                    return lt;
                }
                // Script data escape start and escape start dash: `<!--` enters the
                // escaped dash dash state.
                if b[lt + 1..].starts_with(b"!--") {
                    st = Script::Escaped;
                    i = self.escaped_dash_dash(lt + 4, &mut st);
                } else {
                    i = lt + 1;
                }
                continue;
            }
            let Some(k) = memchr2(b'-', b'<', &b[i..]) else {
                return len;
            };
            let c = i + k;
            if b[c] == b'-' {
                // (Double) escaped dash: a second `-` enters dash dash; anything else goes
                // back to (double) escaped, where a `<` is found by the next scan.
                i = if self.at(c + 1) == Some(b'-') {
                    self.escaped_dash_dash(c + 2, &mut st)
                } else {
                    c + 1
                };
                continue;
            }
            i = if st == Script::Escaped {
                // Escaped less-than sign: an appropriate end tag ends the script; letters
                // are the double escape start.
                if self.is_end_tag_at(c) {
                    return c;
                }
                self.double_escape_switch(c + 1, &mut st, Script::Double)
            } else if self.at(c + 1) == Some(b'/') {
                // Double escaped less-than sign, then double escape end.
                self.double_escape_switch(c + 2, &mut st, Script::Escaped)
            } else {
                c + 1
            };
        }
        len
    }

    /// The (double) escaped dash dash state at `i`: more `-` stay, `>` returns to script
    /// data, anything else to the (double) escaped state. Returns where to go on.
    fn escaped_dash_dash(&self, mut i: usize, st: &mut Script) -> usize {
        while self.at(i) == Some(b'-') {
            i += 1;
        }
        if self.at(i) == Some(b'>') {
            *st = Script::Data;
            return i + 1;
        }
        i
    }

    /// Script data double escape start or end at `i` (after `<` or `</`): letters spelling
    /// `script` (ASCII case-insensitive) then a name terminator switch to `to`; anything
    /// else is reconsumed where it stands.
    fn double_escape_switch(&self, i: usize, st: &mut Script, to: Script) -> usize {
        let b = self.bytes;
        let mut j = i;
        while j < b.len() && b[j].is_ascii_alphabetic() {
            j += 1;
        }
        if j > i && j < b.len() && ends_name(b[j]) {
            if b[i..j].eq_ignore_ascii_case(b"script") {
                *st = to;
            }
            return j + 1;
        }
        j
    }

    // ----- markup -----

    /// At a `<` followed by a letter, `/`, `!` or `?`: a tag, comment, DOCTYPE, CDATA or
    /// bogus comment. Returns the state to go on in and the position after the construct.
    fn markup<S: TokenSink>(&mut self, lt: usize, sink: &mut S) -> (Mode, usize) {
        let len = self.len();
        match self.at(lt + 1) {
            Some(b'!') => (Mode::Data, self.declaration(lt + 2, sink)),
            Some(b'?') => (Mode::Data, self.bogus_comment(lt + 1)),
            Some(b'/') => match self.at(lt + 2) {
                Some(c) if c.is_ascii_alphabetic() => {
                    let (_, next) = self.tag(lt + 2, false, sink);
                    (Mode::Data, next)
                }
                // `</>` is dropped.
                Some(b'>') => (Mode::Data, lt + 3),
                Some(_) => (Mode::Data, self.bogus_comment(lt + 2)),
                None => {
                    sink.text("</", lt);
                    (Mode::Data, len)
                }
            },
            _ => self.tag(lt + 1, true, sink),
        }
    }

    /// Markup declaration open (after `<!`).
    fn declaration<S: TokenSink>(&mut self, p: usize, sink: &mut S) -> usize {
        let rest = &self.bytes[p.min(self.len())..];
        if rest.starts_with(b"--") {
            return self.comment(p + 2);
        }
        if rest.len() >= 7 && rest[..7].eq_ignore_ascii_case(b"DOCTYPE") {
            // Every DOCTYPE state ends the token at `>`.
            return self.bogus_comment(p + 7);
        }
        if rest.starts_with(b"[CDATA[") && sink.in_foreign_content() {
            let start = p + 7;
            let end = memchr::memmem::find(&self.bytes[start..], b"]]>")
                .map_or(self.len(), |i| start + i);
            self.text_until(start, end, Nul::Drop, false, sink);
            return (end + 3).min(self.len());
        }
        self.bogus_comment(p)
    }

    /// Bogus comment state: to the first `>`.
    fn bogus_comment(&self, p: usize) -> usize {
        let gt = self.find_byte(b'>', p);
        (gt + 1).min(self.len())
    }

    /// Comment start state (after `<!--`); returns the position after the comment (its
    /// end, or the end of input).
    fn comment(&self, p: usize) -> usize {
        enum C {
            Start,
            StartDash,
            Comment,
            EndDash,
            End,
            EndBang,
        }
        let b = self.bytes;
        let len = b.len();
        let mut st = C::Start;
        let mut i = p;
        while let Some(&c) = b.get(i) {
            // Each arm either consumes `c` (falls through to `i += 1`) or reconsumes it in
            // the comment state (`continue` without moving).
            match st {
                C::Start | C::StartDash if c == b'>' => return i + 1,
                C::Start => st = if c == b'-' { C::StartDash } else { C::Comment },
                C::StartDash => {
                    if c != b'-' {
                        // The `-` is comment text; `c` is reconsumed.
                        st = C::Comment;
                        continue;
                    }
                    st = C::End;
                }
                C::Comment => match memchr(b'-', &b[i..]) {
                    Some(k) => {
                        i += k;
                        st = C::EndDash;
                    }
                    None => return len,
                },
                C::EndDash => {
                    if c != b'-' {
                        st = C::Comment;
                        continue;
                    }
                    st = C::End;
                }
                C::End => match c {
                    b'>' => return i + 1,
                    b'!' => st = C::EndBang,
                    b'-' => {}
                    _ => {
                        st = C::Comment;
                        continue;
                    }
                },
                C::EndBang => match c {
                    b'>' => return i + 1,
                    b'-' => st = C::EndDash,
                    _ => {
                        st = C::Comment;
                        continue;
                    }
                },
            }
            i += 1;
        }
        len
    }

    /// A start or end tag whose name starts at `p` (a letter). Emits it unless the input
    /// ends inside it (eof-in-tag: nothing is emitted). Returns the content state the
    /// sink chose and the position after the tag.
    fn tag<S: TokenSink>(&mut self, p: usize, start: bool, sink: &mut S) -> (Mode, usize) {
        let b = self.bytes;
        let len = b.len();
        // Tag name state.
        let mut i = p;
        let mut plain = true;
        while i < len && BYTE_CLASS[usize::from(b[i])] & ENDS_NAME == 0 {
            plain &= !(b[i].is_ascii_uppercase() || b[i] == 0);
            i += 1;
        }
        if i >= len {
            return (Mode::Data, len);
        }
        let name_end = i;
        self.scratch.clear();
        let mut n_attrs = 0usize;
        let mut n_known = 0usize;
        let mut self_closing = false;
        // Attribute states, one attribute per round.
        loop {
            // Before attribute name.
            while i < len && is_space(b[i]) {
                i += 1;
            }
            let Some(c) = self.at(i) else {
                return (Mode::Data, len);
            };
            match c {
                b'>' => {
                    i += 1;
                    break;
                }
                b'/' => {
                    // Self-closing start tag state.
                    match self.at(i + 1) {
                        Some(b'>') => {
                            self_closing = true;
                            i += 2;
                            break;
                        }
                        None => return (Mode::Data, len),
                        Some(_) => {
                            i += 1;
                            continue;
                        }
                    }
                }
                _ => {}
            }
            // Attribute name state (a leading `=` is part of the name).
            let name_start = i;
            i += 1;
            while i < len && BYTE_CLASS[usize::from(b[i])] & ENDS_ATTR_NAME == 0 {
                i += 1;
            }
            let attr = &b[name_start..i];
            // After attribute name.
            while i < len && is_space(b[i]) {
                i += 1;
            }
            let mut value = Span {
                start: i,
                end: i,
                scratch: false,
            };
            if self.at(i) == Some(b'=') {
                // Before attribute value.
                i += 1;
                while i < len && is_space(b[i]) {
                    i += 1;
                }
                match self.at(i) {
                    Some(q @ (b'"' | b'\'')) => {
                        let end = memchr(q, &b[i + 1..]).map_or(len, |k| i + 1 + k);
                        if end >= len {
                            return (Mode::Data, len);
                        }
                        value = Span {
                            start: i + 1,
                            end,
                            scratch: false,
                        };
                        i = end + 1;
                        // After attribute value (quoted): anything but space, `/`, `>`
                        // starts the next attribute at once, as the loop does.
                    }
                    // Missing value: `<a x=>`.
                    Some(b'>') => value = Span::default(),
                    None => return (Mode::Data, len),
                    Some(_) => {
                        let start = i;
                        while i < len && !(is_space(b[i]) || b[i] == b'>') {
                            i += 1;
                        }
                        if i >= len {
                            return (Mode::Data, len);
                        }
                        value = Span {
                            start,
                            end: i,
                            scratch: false,
                        };
                    }
                }
            }
            n_attrs += 1;
            if !start || n_attrs > MAX_ATTRS {
                continue;
            }
            if let Some(known) = AttrName::from_name(attr) {
                if !self.spans[..n_known].iter().any(|(n, _)| *n == known) {
                    let value = self.decode_value(value);
                    self.spans[n_known] = (known, value);
                    n_known += 1;
                }
            }
        }

        // The token.
        let name: &str = if plain {
            self.input.get(p..name_end).unwrap_or("")
        } else {
            self.name_buf.clear();
            for ch in self.input.get(p..name_end).unwrap_or("").chars() {
                self.name_buf.push(match ch {
                    '\0' => '\u{FFFD}',
                    c => c.to_ascii_lowercase(),
                });
            }
            &self.name_buf
        };
        // Built in place: the attributes are most of the token's ~250 bytes, and building
        // them apart cost a copy per tag.
        let mut token = TagToken {
            name,
            self_closing,
            attrs: Attrs::default(),
        };
        for &(n, v) in &self.spans[..n_known] {
            let s = if v.scratch {
                self.scratch.get(v.start..v.end)
            } else {
                self.input.get(v.start..v.end)
            };
            token.attrs.push(n, s.unwrap_or(""));
        }
        if !start {
            sink.end_tag(&token);
            return (Mode::Data, i);
        }
        let mode = match sink.start_tag(&token) {
            Raw::No => Mode::Data,
            Raw::Script => Mode::Script,
            Raw::Rawtext => Mode::Rawtext,
            Raw::Rcdata => Mode::Rcdata,
            Raw::Plaintext => Mode::Plaintext,
        };
        if mode != Mode::Data {
            self.end_name.clear();
            self.end_name.push_str(name);
        }
        (mode, i)
    }

    /// An attribute value as the spec's value states build it: character references
    /// (with the attribute exception), CR → LF, NUL → U+FFFD. Borrowed unless one of those
    /// is present.
    fn decode_value(&mut self, v: Span) -> Span {
        let raw = &self.bytes[v.start..v.end];
        if memchr::memchr3(b'&', b'\r', 0, raw).is_none() {
            return v;
        }
        let start = self.scratch.len();
        let mut run = v.start;
        let mut i = v.start;
        while i < v.end {
            let c = self.bytes[i];
            if !matches!(c, b'&' | b'\r' | 0) {
                i += 1;
                continue;
            }
            self.scratch.push_str(self.input.get(run..i).unwrap_or(""));
            match c {
                b'&' => match self.char_ref(i, true) {
                    Some((rep, next)) => {
                        match rep {
                            Replacement::Named(s) => self.scratch.push_str(s),
                            Replacement::Char(ch) => self.scratch.push(ch),
                        }
                        i = next;
                    }
                    None => {
                        self.scratch.push('&');
                        i += 1;
                    }
                },
                b'\r' => {
                    self.scratch.push('\n');
                    i += 1 + usize::from(i + 1 < v.end && self.bytes[i + 1] == b'\n');
                }
                _ => {
                    self.scratch.push_str(REPLACEMENT);
                    i += 1;
                }
            }
            run = i;
        }
        self.scratch
            .push_str(self.input.get(run..v.end).unwrap_or(""));
        Span {
            start,
            end: self.scratch.len(),
            scratch: true,
        }
    }

    // ----- character references -----

    /// A character reference at `amp` (HTML §13.2.5.72–.80): the replacement and the
    /// position after it, or `None` when the `&` is literal.
    fn char_ref(&self, amp: usize, in_attr: bool) -> Option<(Replacement, usize)> {
        match self.at(amp + 1)? {
            b'#' => self.numeric_ref(amp),
            c if c.is_ascii_alphanumeric() => self.named_ref(amp, in_attr),
            _ => None,
        }
    }

    fn named_ref(&self, amp: usize, in_attr: bool) -> Option<(Replacement, usize)> {
        let b = self.bytes;
        let start = amp + 1;
        // Names are alphanumeric: the longest identifier either is the whole run plus `;`
        // or a legacy name that is a prefix of the run.
        let limit = (start + entities::LONGEST).min(b.len());
        let mut end = start;
        while end < limit && b[end].is_ascii_alphanumeric() {
            end += 1;
        }
        if self.at(end) == Some(b';') {
            if let Some(rep) = lookup(&b[start..=end]) {
                return Some((Replacement::Named(rep), end + 1));
            }
        }
        let longest = (end - start).min(entities::LONGEST_LEGACY);
        for k in (1..=longest).rev() {
            if let Some(rep) = lookup(&b[start..start + k]) {
                let next = self.at(start + k);
                // The attribute-value exception: `&amp=` and `&ampx` in a value stay as
                // written (old URLs with unescaped query strings).
                if in_attr && next.is_some_and(|c| c == b'=' || c.is_ascii_alphanumeric()) {
                    return None;
                }
                return Some((Replacement::Named(rep), start + k));
            }
        }
        None
    }

    fn numeric_ref(&self, amp: usize) -> Option<(Replacement, usize)> {
        let b = self.bytes;
        let mut i = amp + 2;
        let base = if matches!(self.at(i), Some(b'x' | b'X')) {
            i += 1;
            16
        } else {
            10
        };
        let digits = i;
        let mut n: u32 = 0;
        while let Some(d) = b.get(i).and_then(|&c| (c as char).to_digit(base)) {
            n = n.saturating_mul(base).saturating_add(d);
            i += 1;
        }
        if i == digits {
            return None;
        }
        if self.at(i) == Some(b';') {
            i += 1;
        }
        Some((Replacement::Char(numeric_char(n)), i))
    }
}

/// Script data and its escaped states (HTML §13.2.5.4, .20–.31), as far as they decide
/// where the script ends.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Data,
    Escaped,
    Double,
}

/// How NUL is treated in a text state.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Nul {
    Replace,
    Drop,
}

fn emit_replacement<S: TokenSink>(rep: Replacement, offset: usize, sink: &mut S) {
    match rep {
        Replacement::Named(s) => sink.text(s, offset),
        Replacement::Char(c) => {
            let mut buf = [0u8; 4];
            sink.text(c.encode_utf8(&mut buf), offset);
        }
    }
}

fn lookup(name: &[u8]) -> Option<&'static str> {
    entities::NAMED
        .binary_search_by(|(n, _)| n.as_bytes().cmp(name))
        .ok()
        .map(|i| entities::NAMED[i].1)
}

/// The numeric character reference end state (HTML §13.2.5.80).
fn numeric_char(n: u32) -> char {
    const C1: [u32; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    let n = match n {
        0x80..=0x9F => C1[(n - 0x80) as usize],
        n => n,
    };
    // 0, surrogates and values past U+10FFFF are not chars.
    match n {
        0 => '\u{FFFD}',
        n => char::from_u32(n).unwrap_or('\u{FFFD}'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records tokens as strings: `T@offset:text`, `<name attr=value…/>`, `</name>`.
    #[derive(Default)]
    struct Log(Vec<String>, bool);

    impl TokenSink for Log {
        fn text(&mut self, text: &str, offset: usize) {
            self.0.push(format!("T@{offset}:{text}"));
        }
        fn start_tag(&mut self, tag: &TagToken<'_>) -> Raw {
            let attrs: String = tag
                .attrs
                .iter()
                .map(|(n, v)| format!(" {n:?}={v}"))
                .collect();
            let slash = if tag.self_closing { "/" } else { "" };
            self.0.push(format!("<{}{attrs}{slash}>", tag.name));
            if tag.name == "svg" {
                self.1 = true;
            }
            super::super::Tag::from_name(tag.name).raw()
        }
        fn end_tag(&mut self, tag: &TagToken<'_>) {
            self.0.push(format!("</{}>", tag.name));
        }
        fn in_foreign_content(&self) -> bool {
            self.1
        }
    }

    fn tokens(html: &str) -> Vec<String> {
        let mut log = Log::default();
        tokenize(html, &mut log);
        log.0
    }

    #[test]
    fn tokens_and_offsets() {
        let cases: &[(&str, &[&str])] = &[
            (
                "a<P Class=X id='y'>b",
                &["T@0:a", "<p Class=X Id=y>", "T@19:b"],
            ),
            ("x&amp;y", &["T@0:x", "T@1:&", "T@6:y"]),
            ("a\r\nb", &["T@0:a", "T@1:\n", "T@3:b"]),
            ("a\0b", &["T@0:a", "T@2:b"]),
            ("<br/>", &["<br/>"]),
            ("<a href='?x=1&copy=2&amp;'>", &["<a Href=?x=1&copy=2&>"]),
            (
                "<title>a<b></title>c",
                &["<title>", "T@7:a<b>", "</title>", "T@19:c"],
            ),
            (
                "<script>a</scriptx>b</script>",
                &["<script>", "T@8:a</scriptx>b", "</script>"],
            ),
            ("<!-- a -- b -->c", &["T@15:c"]),
            ("<!DOCTYPE x>d", &["T@12:d"]),
            ("<p>![CDATA[x]]>", &["<p>", "T@3:![CDATA[x]]>"]),
            ("<![CDATA[x]]>y", &["T@13:y"]),
            ("<svg><![CDATA[x]]>y", &["<svg>", "T@14:x", "T@18:y"]),
            (
                "&#x80;&#0;&#xD800;",
                &["T@0:\u{20AC}", "T@6:\u{FFFD}", "T@10:\u{FFFD}"],
            ),
            ("<p", &[]),
            ("a<", &["T@0:a<"]),
        ];
        for (html, want) in cases {
            assert_eq!(tokens(html), *want, "{html:?}");
        }
    }

    #[test]
    fn byte_classes_are_the_name_ends() {
        for b in 0..=255u8 {
            let class = BYTE_CLASS[usize::from(b)];
            assert_eq!(class & ENDS_NAME != 0, ends_name(b), "{b}");
            assert_eq!(class & ENDS_ATTR_NAME != 0, ends_attr_name(b), "{b}");
        }
    }

    #[test]
    fn duplicate_attributes_keep_the_first() {
        assert_eq!(tokens("<p class=a CLASS=b>"), ["<p Class=a>"]);
    }

    #[test]
    fn attributes_past_the_cap_are_ignored() {
        let html = format!("<p{} class=late>x", " a".repeat(MAX_ATTRS));
        assert_eq!(tokens(&html), ["<p>", &format!("T@{}:x", html.len() - 1)]);
    }

    #[test]
    fn a_million_attributes_is_one_scan() {
        let html = format!("<p{}>x", " class=a".repeat(1_000_000));
        let start = std::time::Instant::now();
        assert_eq!(tokens(&html).len(), 2);
        // Generous for debug builds on a loaded machine; quadratic would take hours.
        assert!(start.elapsed().as_secs() < 20);
    }
}
