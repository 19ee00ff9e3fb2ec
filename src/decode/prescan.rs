//! The labels a page declares in its own bytes: the `<meta>` charset, found by WHATWG's
//! "prescan a byte stream to determine its encoding"
//! (<https://html.spec.whatwg.org/multipage/parsing.html#prescan-a-byte-stream-to-determine-its-encoding>),
//! the XML declaration's `encoding`, and the `charset=` of a `Content-Type` value.
//!
//! The prescan differs from WHATWG's in two ways: it reads up to [`PRESCAN_WINDOW`] bytes
//! instead of 1024, and it skips the bodies of script, style, title and textarea elements
//! (raw text to the tokenizer; a `document.write('<meta charset=…>')` in a script must not
//! count).

use encoding_rs::Encoding;

/// How far the `<meta>` prescan looks. WHATWG says 1024 bytes, but Chinese CMS pages often put
/// kilobytes of comments, inline scripts and styles before the `<meta>`; the prescan skips those
/// and keeps looking up to here.
pub const PRESCAN_WINDOW: usize = 64 * 1024;

/// Elements whose content is raw text: a `<meta` inside is not a tag.
const RAW_TEXT: [&[u8]; 4] = [b"script", b"style", b"title", b"textarea"];

/// Finds the charset label of the first `<meta charset>` or
/// `<meta http-equiv="Content-Type" content="…charset=…">` in the first [`PRESCAN_WINDOW`]
/// bytes, skipping comments and raw-text element bodies. Returns the label lower-cased as the
/// prescan reads it; labels that map to no encoding are skipped, as WHATWG says.
pub fn prescan_meta(bytes: &[u8]) -> Option<String> {
    let b = &bytes[..bytes.len().min(PRESCAN_WINDOW)];
    let mut pos = 0;
    let (mut attr, mut value) = (Vec::new(), Vec::new());
    while pos < b.len() {
        let rest = &b[pos..];
        if rest.starts_with(b"<!--") {
            // The comment ends at the first "-->" whose ">" comes after "<!--" ("<!-->" too).
            pos = match find(&b[pos + 2..], b"-->") {
                Some(i) => pos + 2 + i + 3,
                None => return None,
            };
        } else if starts_with_ci(rest, b"<meta")
            && rest.get(5).is_some_and(|&c| is_space(c) || c == b'/')
        {
            pos += 5;
            if let Some(label) = meta_charset(b, &mut pos) {
                return Some(label);
            }
        } else if rest.len() >= 2
            && rest[0] == b'<'
            && (rest[1].is_ascii_alphabetic()
                || (rest[1] == b'/' && rest.get(2).is_some_and(u8::is_ascii_alphabetic)))
        {
            let end_tag = rest[1] == b'/';
            let name_start = pos + 1 + usize::from(end_tag);
            pos = name_start;
            while pos < b.len() && !is_space(b[pos]) && b[pos] != b'>' {
                pos += 1;
            }
            let name = &b[name_start..pos];
            let name = name.strip_suffix(b"/").unwrap_or(name);
            while get_attribute(b, &mut pos, &mut attr, &mut value) {}
            if !end_tag {
                if let Some(raw) = RAW_TEXT.iter().find(|r| name.eq_ignore_ascii_case(r)) {
                    pos = skip_raw_text(b, pos, raw)?;
                    continue;
                }
            }
            pos += 1;
        } else if rest.starts_with(b"<!") || rest.starts_with(b"</") || rest.starts_with(b"<?") {
            pos = pos + find(rest, b">")? + 1;
        } else {
            // Every branch above starts at a `<`: skip to the next one.
            pos += 1 + memchr::memchr(b'<', &rest[1..]).unwrap_or(rest.len() - 1);
        }
    }
    None
}

/// After a raw-text start tag, the position of its end tag `</name` (case-insensitive).
fn skip_raw_text(b: &[u8], mut pos: usize, name: &[u8]) -> Option<usize> {
    while pos < b.len() {
        let i = find(&b[pos..], b"</")?;
        pos += i;
        let after = &b[pos + 2..];
        if starts_with_ci(after, name)
            && after
                .get(name.len())
                .is_none_or(|&c| is_space(c) || c == b'>' || c == b'/')
        {
            return Some(pos);
        }
        pos += 2;
    }
    None
}

/// Steps of the prescan after `<meta`: returns the charset if this meta gives a usable one.
fn meta_charset(b: &[u8], pos: &mut usize) -> Option<String> {
    let mut seen: Vec<Vec<u8>> = Vec::new();
    let mut got_pragma = false;
    let mut need_pragma: Option<bool> = None;
    let mut charset: Option<String> = None;
    let (mut name, mut value) = (Vec::new(), Vec::new());
    while get_attribute(b, pos, &mut name, &mut value) {
        if seen.contains(&name) {
            continue;
        }
        match name.as_slice() {
            b"http-equiv" => got_pragma |= value == b"content-type",
            b"content" if charset.is_none() => {
                if let Some(c) = extract_charset_from_content(&value) {
                    charset = Some(c);
                    need_pragma = Some(true);
                }
            }
            b"charset" => {
                charset = Some(String::from_utf8_lossy(&value).into_owned());
                need_pragma = Some(false);
            }
            _ => {}
        }
        seen.push(name.clone());
    }
    match need_pragma? {
        true if !got_pragma => None,
        _ => charset.filter(|c| Encoding::for_label(c.trim().as_bytes()).is_some()),
    }
}

fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// WHATWG "get an attribute": reads the lower-cased name and value into `name` and `value`
/// (buffers reused from call to call: the prescan skips every attribute of every tag in
/// its window) and advances `pos` past it; false at `>` or the end of input.
fn get_attribute(b: &[u8], pos: &mut usize, name: &mut Vec<u8>, value: &mut Vec<u8>) -> bool {
    name.clear();
    value.clear();
    read_attribute(b, pos, name, value).is_some()
}

/// [`get_attribute`]'s steps; `None` where it returns false.
fn read_attribute(
    b: &[u8],
    pos: &mut usize,
    name: &mut Vec<u8>,
    value: &mut Vec<u8>,
) -> Option<()> {
    while *pos < b.len() && (is_space(b[*pos]) || b[*pos] == b'/') {
        *pos += 1;
    }
    if *pos >= b.len() || b[*pos] == b'>' {
        return None;
    }
    // Name.
    loop {
        let c = *b.get(*pos)?;
        if c == b'=' && !name.is_empty() {
            *pos += 1;
            break;
        }
        if is_space(c) {
            while b.get(*pos).is_some_and(|&c| is_space(c)) {
                *pos += 1;
            }
            if b.get(*pos) != Some(&b'=') {
                return Some(());
            }
            *pos += 1;
            break;
        }
        if c == b'/' || c == b'>' {
            return Some(());
        }
        name.push(c.to_ascii_lowercase());
        *pos += 1;
    }
    // Value.
    while b.get(*pos).is_some_and(|&c| is_space(c)) {
        *pos += 1;
    }
    let c = *b.get(*pos)?;
    if c == b'"' || c == b'\'' {
        *pos += 1;
        loop {
            let d = *b.get(*pos)?;
            *pos += 1;
            if d == c {
                return Some(());
            }
            value.push(d.to_ascii_lowercase());
        }
    }
    if c == b'>' {
        return Some(());
    }
    loop {
        let Some(&d) = b.get(*pos) else {
            return Some(());
        };
        if is_space(d) || d == b'>' {
            return Some(());
        }
        value.push(d.to_ascii_lowercase());
        *pos += 1;
    }
}

/// WHATWG "extracting a character encoding from a meta element" (also used for HTTP
/// `Content-Type` values): the label after `charset=`, quoted or not.
pub(super) fn extract_charset_from_content(s: &[u8]) -> Option<String> {
    let mut pos = 0;
    loop {
        let i = find_ci(&s[pos..], b"charset")?;
        pos += i + 7;
        while s.get(pos).is_some_and(|&c| is_space(c)) {
            pos += 1;
        }
        if s.get(pos) == Some(&b'=') {
            pos += 1;
            break;
        }
    }
    while s.get(pos).is_some_and(|&c| is_space(c)) {
        pos += 1;
    }
    let rest = &s[pos..];
    let value = match rest.first()? {
        &q @ (b'"' | b'\'') => {
            let end = rest[1..].iter().position(|&c| c == q)?;
            &rest[1..1 + end]
        }
        _ => {
            let end = rest
                .iter()
                .position(|&c| is_space(c) || c == b';')
                .unwrap_or(rest.len());
            &rest[..end]
        }
    };
    (!value.is_empty()).then(|| String::from_utf8_lossy(value).into_owned())
}

/// The `encoding` pseudo-attribute of an XML declaration at the start of the input (after
/// optional whitespace).
pub fn xml_declaration(bytes: &[u8]) -> Option<String> {
    /// A declaration is short; do not read a whole page looking for `?>`.
    const MAX_DECL: usize = 1024;
    let start = bytes.iter().position(|&c| !is_space(c))?;
    let b = &bytes[start..bytes.len().min(start + MAX_DECL)];
    if !b.starts_with(b"<?xml") || !b.get(5).is_some_and(|&c| is_space(c)) {
        return None;
    }
    let decl = &b[..find(b, b"?>")?];
    let mut pos = find(decl, b"encoding")? + 8;
    while decl.get(pos).is_some_and(|&c| is_space(c)) {
        pos += 1;
    }
    if decl.get(pos) != Some(&b'=') {
        return None;
    }
    pos += 1;
    while decl.get(pos).is_some_and(|&c| is_space(c)) {
        pos += 1;
    }
    let q = *decl.get(pos)?;
    if q != b'"' && q != b'\'' {
        return None;
    }
    let end = decl[pos + 1..].iter().position(|&c| c == q)?;
    let label = &decl[pos + 1..pos + 1 + end];
    (!label.is_empty()).then(|| String::from_utf8_lossy(label).trim().to_ascii_lowercase())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn starts_with_ci(hay: &[u8], prefix: &[u8]) -> bool {
    hay.len() >= prefix.len() && hay[..prefix.len()].eq_ignore_ascii_case(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(s: &str) -> Option<String> {
        prescan_meta(s.as_bytes())
    }

    #[test]
    fn prescan_forms() {
        assert_eq!(meta("<meta charset=gbk>").as_deref(), Some("gbk"));
        assert_eq!(meta("<META CharSet='GB2312'/>").as_deref(), Some("gb2312"));
        assert_eq!(
            meta(r#"<meta http-equiv="Content-Type" content="text/html; charset=big5">"#)
                .as_deref(),
            Some("big5")
        );
        assert_eq!(
            meta(r#"<meta content="text/html; charset=euc-kr" http-equiv=content-type>"#)
                .as_deref(),
            Some("euc-kr")
        );
        // content= without http-equiv does not count.
        assert_eq!(meta(r#"<meta content="text/html; charset=big5">"#), None);
        // Unknown labels are skipped; the next meta is used.
        assert_eq!(
            meta("<meta charset=bogus><meta charset=utf-8>").as_deref(),
            Some("utf-8")
        );
        assert_eq!(meta("<metadata charset=gbk>"), None);
    }

    #[test]
    fn prescan_skips_comments_scripts_and_attributes() {
        assert_eq!(
            meta("<!-- <meta charset=gbk> --><meta charset=big5>").as_deref(),
            Some("big5")
        );
        assert_eq!(meta("<!--><meta charset=big5>").as_deref(), Some("big5"));
        assert_eq!(
            meta("<script>document.write('<meta charset=gbk>')</script><meta charset=big5>")
                .as_deref(),
            Some("big5")
        );
        assert_eq!(
            meta("<div title='<meta charset=gbk>'><meta charset=big5>").as_deref(),
            Some("big5")
        );
        assert_eq!(
            meta("<STYLE>a{}</style x><meta charset=sjis>").as_deref(),
            Some("sjis")
        );
    }

    #[test]
    fn content_charset_extraction() {
        let x = |s: &str| extract_charset_from_content(s.as_bytes());
        assert_eq!(x("text/html; charset=GBK").as_deref(), Some("GBK"));
        assert_eq!(x("text/html;charset = \"utf-8\"").as_deref(), Some("utf-8"));
        assert_eq!(x("text/html; charset='x").as_deref(), None);
        assert_eq!(x("charsetcharset=big5").as_deref(), Some("big5"));
    }

    #[test]
    fn xml_declarations() {
        let x = |s: &str| xml_declaration(s.as_bytes());
        assert_eq!(
            x("<?xml version=\"1.0\" encoding=\"GBK\"?><a/>").as_deref(),
            Some("gbk")
        );
        assert_eq!(
            x("\n<?xml version='1.0' encoding = 'big5' ?>").as_deref(),
            Some("big5")
        );
        assert_eq!(x("<?xml version=\"1.0\"?>"), None);
        assert_eq!(x("<p><?xml version=\"1.0\" encoding=\"gbk\"?>"), None);
    }
}
