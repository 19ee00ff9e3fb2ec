//! What `class`, `id` and `role` names say about an element: article, or chrome.
//!
//! Names are split into segments at `-`, `_`, `.`, `:`, digits and camel-case humps
//! (`articleBody` → `article`, `body`), and judged by their **last** meaningful segment, the
//! head noun in the BEM-like naming most templates use: `article-comments` is a comment box,
//! `comment-body` is... a comment's body, `post-content` is content. Short segments are
//! matched whole (`ad`, `nav`, `dh`: the pinyin initials Chinese CMSs use, 导航 → `dh`);
//! a few long words are also found inside unsplit names (`commentlist`, `sidebarwrap`).

/// Segments that name chrome. Pinyin initials: dh 导航, mbx 面包屑, xgwz/xgxw 相关文章/新闻,
/// pl 评论, fx 分享, gg 广告, lm 栏目, tj 推荐, ph 排行, rd 热点, bq 版权, yqlj 友情链接,
/// ewm 二维码.
const NEGATIVE: &[&str] = &[
    "ad",
    "ads",
    "adv",
    "advert",
    "advertisement",
    "adverts",
    "aside",
    "banner",
    "banquan",
    "bottom",
    "bq",
    "breadcrumb",
    "breadcrumbs",
    "byline",
    "comment",
    "comments",
    "contact",
    "cookie",
    "cookies",
    "copyright",
    "crumb",
    "crumbs",
    "daohang",
    "dh",
    "disclaimer",
    "disqus",
    "dropdown",
    "erweima",
    "ewm",
    "extra",
    "fenxiang",
    "foot",
    "footer",
    "footnote",
    "friendlink",
    "ft",
    "fx",
    "gdpr",
    "gg",
    "guanggao",
    "header",
    "hot",
    "hotnews",
    "lanmu",
    "links",
    "lm",
    "login",
    "masthead",
    "mbx",
    "menu",
    "menus",
    "meta",
    "modal",
    "more",
    "nav",
    "navbar",
    "navi",
    "navigation",
    "newsletter",
    "outbrain",
    "pager",
    "pagination",
    "paging",
    "paihang",
    "ph",
    "picks",
    "pinglun",
    "pl",
    "popular",
    "popup",
    "promo",
    "qrcode",
    "rank",
    "ranking",
    "rd",
    "recommend",
    "recommended",
    "redian",
    "related",
    "replies",
    "reply",
    "rss",
    "search",
    "share",
    "sharing",
    "side",
    "sidebar",
    "signup",
    "skip",
    "sns",
    "social",
    "sponsor",
    "sponsored",
    "subscribe",
    "subscription",
    "taboola",
    "tag",
    "tags",
    "tj",
    "toolbar",
    "tools",
    "topbar",
    "trending",
    "tuijian",
    "wechat",
    "weibo",
    "weixin",
    "widget",
    "widgets",
    "xgwz",
    "xgxw",
    "xgyd",
    "xiangguan",
    "yqlj",
];

/// Segments that name the document. `editor`/`trs`: the body of TRS and WeChat-style
/// CMSs (`TRS_Editor`, `mp-editor`); `txt`: `rm_txt_con`, `news_txt`.
const POSITIVE: &[&str] = &[
    "artibody", "article", "articles", "bd", "blog", "body", "content", "contents", "detail",
    "details", "editor", "endtext", "entry", "hentry", "main", "neirong", "nr", "post", "story",
    "text", "trs", "txt", "wenzhang", "wz", "zhengwen", "zw",
];

/// Long words found inside names that were not split (`commentlist`, `relatedposts`).
const NEGATIVE_INSIDE: &[&str] = &[
    "advert",
    "breadcrumb",
    "comment",
    "copyright",
    "footer",
    "navbar",
    "navigation",
    "newsletter",
    "pagination",
    "recommend",
    "related",
    "sidebar",
    "sponsor",
    "subscribe",
    "widget",
];
const POSITIVE_INSIDE: &[&str] = &["article", "artibody", "content", "zhengwen"];

/// The verdict on one name: -1 chrome, +1 document, 0 nothing known.
pub fn name_weight(name: &str) -> i8 {
    let mut verdict = 0i8;
    let mut segments = 0;
    for_each_segment(name, |seg| {
        segments += 1;
        let w = segment_weight(seg);
        if w != 0 {
            verdict = w; // the last meaningful segment wins
        }
    });
    if verdict != 0 {
        return verdict;
    }
    // An unsplit long name: look inside it (negatives first: `contentsidebar` is a sidebar).
    if segments == 1 && name.len() >= 7 {
        return inside_weight(name);
    }
    0
}

/// Segments longer than this are in no list (the longest word, `advertisement`, has 13
/// letters), so every segment that can match packs into a `u128`.
const MAX_SEGMENT: usize = 16;

/// A lower-case segment of at most [`MAX_SEGMENT`] letters as a number: its bytes, zero
/// padded. Letters are never zero, so two segments get the same key only if equal.
fn segment_key(seg: &[u8]) -> u128 {
    let mut buf = [0u8; MAX_SEGMENT];
    buf[..seg.len()].copy_from_slice(seg);
    u128::from_le_bytes(buf)
}

/// [`NEGATIVE`] and [`POSITIVE`] by key ([`segment_key`]): an open-addressing table of
/// [`SEGMENT_SLOTS`] slots (key 0: empty; no segment is empty), so a segment is judged by a
/// multiply and, nearly always, one compare. Pages carry thousands of distinct class names;
/// two binary searches of string compares per segment were most of the cost of judging them.
static SEGMENT_WEIGHTS: std::sync::LazyLock<Vec<(u128, i8)>> = std::sync::LazyLock::new(|| {
    let mut table = vec![(0u128, 0i8); SEGMENT_SLOTS];
    // A word in both lists would be chrome (the negative list was searched first).
    for (words, w) in [(NEGATIVE, -1), (POSITIVE, 1)] {
        for word in words {
            let key = segment_key(word.as_bytes());
            let mut slot = segment_slot(key);
            while table[slot].0 != 0 && table[slot].0 != key {
                slot = (slot + 1) % SEGMENT_SLOTS;
            }
            if table[slot].0 == 0 {
                table[slot] = (key, w);
            }
        }
    }
    table
});

/// Slots of [`SEGMENT_WEIGHTS`]: a power of two, a few times the number of words.
const SEGMENT_SLOTS: usize = 512;

fn segment_slot(key: u128) -> usize {
    let folded = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
    (folded.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 55) as usize % SEGMENT_SLOTS
}

fn segment_weight(seg: &[u8]) -> i8 {
    if seg.is_empty() || seg.len() > MAX_SEGMENT {
        return 0;
    }
    let key = segment_key(seg);
    let table = &*SEGMENT_WEIGHTS;
    let mut slot = segment_slot(key);
    loop {
        match table[slot] {
            (0, _) => return 0,
            (k, w) if k == key => return w,
            _ => slot = (slot + 1) % SEGMENT_SLOTS,
        }
    }
}

/// The verdict of the words found inside an unsplit name: -1 if any of
/// [`NEGATIVE_INSIDE`] is there, else +1 if any of [`POSITIVE_INSIDE`] is, else 0. One
/// automaton over both lists, ASCII case folded (the lists are lower case), instead of a
/// lower-cased copy searched once per word.
fn inside_weight(name: &str) -> i8 {
    static INSIDE: std::sync::LazyLock<aho_corasick::AhoCorasick> =
        std::sync::LazyLock::new(|| {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(NEGATIVE_INSIDE.iter().chain(POSITIVE_INSIDE))
                .expect("valid word lists")
        });
    let mut verdict = 0;
    for m in INSIDE.find_overlapping_iter(name) {
        if m.pattern().as_usize() < NEGATIVE_INSIDE.len() {
            return -1;
        }
        verdict = 1;
    }
    verdict
}

/// Calls `f` with each lower-case segment of a name, in order: runs of ASCII letters, split
/// where a capital follows a small letter. A segment is a slice of the name unless it has
/// capitals (class names are interned lower-cased, so it rarely has).
fn for_each_segment(name: &str, mut f: impl FnMut(&[u8])) {
    let b = name.as_bytes();
    let mut lowered: Vec<u8> = Vec::new();
    let mut emit = |seg: &[u8]| {
        if seg.iter().any(u8::is_ascii_uppercase) {
            lowered.clear();
            lowered.extend(seg.iter().map(u8::to_ascii_lowercase));
            f(&lowered);
        } else {
            f(seg);
        }
    };
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        if !c.is_ascii_alphabetic() {
            // Bytes of non-ASCII characters end a segment too, as the characters do.
            if i > start {
                emit(&b[start..i]);
            }
            start = i + 1;
        } else if c.is_ascii_uppercase() && i > start && b[i - 1].is_ascii_lowercase() {
            emit(&b[start..i]);
            start = i;
        }
    }
    if b.len() > start {
        emit(&b[start..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first implementation (string segments, two binary searches of strings, a
    /// lower-cased copy searched once per inside word), kept as the reference the faster
    /// one must agree with.
    fn name_weight_reference(name: &str) -> i8 {
        fn segment_weight(seg: &str) -> i8 {
            if NEGATIVE.binary_search(&seg).is_ok() {
                -1
            } else if POSITIVE.binary_search(&seg).is_ok() {
                1
            } else {
                0
            }
        }
        let mut verdict = 0i8;
        let mut segments = 0;
        let mut cur = String::new();
        let mut prev_lower = false;
        let mut judge = |seg: &str| {
            segments += 1;
            let w = segment_weight(seg);
            if w != 0 {
                verdict = w;
            }
        };
        for c in name.chars() {
            if !c.is_ascii_alphabetic() {
                if !cur.is_empty() {
                    judge(&cur);
                    cur.clear();
                }
                prev_lower = false;
                continue;
            }
            if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
                judge(&cur);
                cur.clear();
            }
            prev_lower = c.is_ascii_lowercase();
            cur.push(c.to_ascii_lowercase());
        }
        if !cur.is_empty() {
            judge(&cur);
        }
        if verdict != 0 {
            return verdict;
        }
        if segments == 1 && name.len() >= 7 {
            let lower = name.to_ascii_lowercase();
            if NEGATIVE_INSIDE.iter().any(|w| lower.contains(w)) {
                return -1;
            }
            if POSITIVE_INSIDE.iter().any(|w| lower.contains(w)) {
                return 1;
            }
        }
        0
    }

    #[test]
    fn agrees_with_the_reference() {
        // Every listed word in several spellings, glued to others and to look-alikes.
        let mut words: Vec<String> = NEGATIVE
            .iter()
            .chain(POSITIVE)
            .chain(NEGATIVE_INSIDE)
            .chain(POSITIVE_INSIDE)
            .map(|w| w.to_string())
            .collect();
        words.extend(
            [
                "layout",
                "col",
                "x",
                "headline",
                "advantage",
                "a",
                "adx",
                "ADS",
                "Nav",
                "navBar",
                "mainContent",
                "ü",
                "内容",
                "contentSide",
                "sidebarwrap",
                "verylongsegmentnameoverlimit",
                "articlebodyx",
                "",
                "9",
                "__",
            ]
            .map(str::to_owned),
        );
        let mut names = Vec::new();
        for (i, a) in words.iter().enumerate() {
            names.push(a.clone());
            names.push(a.to_ascii_uppercase());
            let mut cap = a.clone();
            if let Some(f) = cap.get_mut(0..1) {
                f.make_ascii_uppercase();
            }
            let b = &words[(i * 7 + 3) % words.len()];
            let c = &words[(i * 13 + 5) % words.len()];
            for sep in ["", "-", "_", "2", ".", "é", "中"] {
                names.push(format!("{a}{sep}{b}"));
                names.push(format!("{b}{sep}{cap}"));
                names.push(format!("{a}{sep}{b}{sep}{c}"));
                names.push(format!("{sep}{a}{sep}"));
            }
            names.push(format!("x{a}y"));
            names.push(format!("{a}{c}").to_ascii_uppercase());
        }
        for name in &names {
            assert_eq!(name_weight(name), name_weight_reference(name), "{name:?}");
        }
    }

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        assert!(NEGATIVE.windows(2).all(|w| w[0] < w[1]));
        assert!(POSITIVE.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn head_noun_decides() {
        for (name, w) in [
            ("article-comments", -1),
            ("post-content", 1),
            ("articleBody", 1),
            ("entry-meta", -1),
            ("main-nav", -1),
            ("share_bar", -1),
            ("share-tools", -1),
            ("left_dh", -1),
            ("zw_con", 1),
            ("commentlist", -1),
            ("relatedposts", -1),
            ("articlecontent", 1),
            ("layout", 0),
            ("headline", 0),
            ("advantage", 0),
            ("col-md-8", 0),
            ("TRS_Editor", 1),
            ("rm_txt_con", 1),
            ("editor-picks", -1),
            ("friendlink", -1),
        ] {
            assert_eq!(name_weight(name), w, "{name}");
        }
    }
}
