//! Seed-based tests for the pinyin-annotation repair.
//!
//! The fixtures are copies of `shared/fixtures/seeds`: the `.expected.txt`
//! files are clean pages (three Traditional, two Simplified) and the
//! damaged `000`/`001`/`004` pages carry real converter annotations.

use pagewash::internals::decode::repair::pinyin::{
    count_annotations, is_converter_page, is_ideograph, strip_annotations,
};
use std::fs;
use std::path::{Path, PathBuf};

/// Tone-marked readings of the ~200 most frequent characters in the
/// expected seeds, plus characters that exercise ü, neutral tone, `er` and
/// `yo`. Generated once with pypinyin 0.55 (`Style.TONE`, first reading) and
/// pasted here so the test needs no Python.
const READINGS: &[(char, &str)] = &[
    ('防', "fáng"),
    ('疫', "yì"),
    ('情', "qíng"),
    ('的', "de"),
    ('作', "zuò"),
    ('要', "yào"),
    ('控', "kòng"),
    ('党', "dǎng"),
    ('黨', "dǎng"),
    ('和', "hé"),
    ('工', "gōng"),
    ('组', "zǔ"),
    ('织', "zhī"),
    ('人', "rén"),
    ('员', "yuán"),
    ('部', "bù"),
    ('群', "qún"),
    ('一', "yī"),
    ('动', "dòng"),
    ('員', "yuán"),
    ('等', "děng"),
    ('区', "qū"),
    ('社', "shè"),
    ('各', "gè"),
    ('在', "zài"),
    ('全', "quán"),
    ('行', "xíng"),
    ('委', "wěi"),
    ('做', "zuò"),
    ('不', "bù"),
    ('組', "zǔ"),
    ('用', "yòng"),
    ('好', "hǎo"),
    ('业', "yè"),
    ('區', "qū"),
    ('及', "jí"),
    ('生', "shēng"),
    ('实', "shí"),
    ('落', "luò"),
    ('織', "zhī"),
    ('力', "lì"),
    ('心', "xīn"),
    ('保', "bǎo"),
    ('加', "jiā"),
    ('中', "zhōng"),
    ('發', "fā"),
    ('先', "xiān"),
    ('展', "zhǎn"),
    ('有', "yǒu"),
    ('发', "fā"),
    ('大', "dà"),
    ('到', "dào"),
    ('开', "kāi"),
    ('治', "zhì"),
    ('企', "qǐ"),
    ('为', "wèi"),
    ('實', "shí"),
    ('提', "tí"),
    ('位', "wèi"),
    ('市', "shì"),
    ('關', "guān"),
    ('任', "rèn"),
    ('干', "gàn"),
    ('求', "qiú"),
    ('居', "jū"),
    ('活', "huó"),
    ('管', "guǎn"),
    ('供', "gōng"),
    ('動', "dòng"),
    ('服', "fú"),
    ('时', "shí"),
    ('务', "wù"),
    ('戰', "zhàn"),
    ('重', "zhòng"),
    ('主', "zhǔ"),
    ('建', "jiàn"),
    ('通', "tōng"),
    ('出', "chū"),
    ('决', "jué"),
    ('线', "xiàn"),
    ('高', "gāo"),
    ('斗', "dòu"),
    ('助', "zhù"),
    ('知', "zhī"),
    ('身', "shēn"),
    ('障', "zhàng"),
    ('民', "mín"),
    ('眾', "zhòng"),
    ('引', "yǐn"),
    ('关', "guān"),
    ('聯', "lián"),
    ('小', "xiǎo"),
    ('格', "gé"),
    ('信', "xìn"),
    ('坚', "jiān"),
    ('强', "qiáng"),
    ('集', "jí"),
    ('揮', "huī"),
    ('基', "jī"),
    ('時', "shí"),
    ('下', "xià"),
    ('傳', "chuán"),
    ('守', "shǒu"),
    ('家', "jiā"),
    ('面', "miàn"),
    ('堡', "bǎo"),
    ('化', "huà"),
    ('責', "zé"),
    ('導', "dǎo"),
    ('深', "shēn"),
    ('入', "rù"),
    ('会', "huì"),
    ('极', "jí"),
    ('积', "jī"),
    ('范', "fàn"),
    ('于', "yú"),
    ('共', "gòng"),
    ('線', "xiàn"),
    ('強', "qiáng"),
    ('解', "jiě"),
    ('地', "dì"),
    ('合', "hé"),
    ('宣', "xuān"),
    ('政', "zhèng"),
    ('无', "wú"),
    ('施', "shī"),
    ('土', "tǔ"),
    ('新', "xīn"),
    ('以', "yǐ"),
    ('就', "jiù"),
    ('街', "jiē"),
    ('同', "tóng"),
    ('严', "yán"),
    ('责', "zé"),
    ('众', "zhòng"),
    ('頭', "tóu"),
    ('堅', "jiān"),
    ('決', "jué"),
    ('道', "dào"),
    ('定', "dìng"),
    ('理', "lǐ"),
    ('上', "shàng"),
    ('措', "cuò"),
    ('测', "cè"),
    ('向', "xiàng"),
    ('個', "gè"),
    ('量', "liàng"),
    ('安', "ān"),
    ('物', "wù"),
    ('健', "jiàn"),
    ('康', "kāng"),
    ('对', "duì"),
    ('需', "xū"),
    ('自', "zì"),
    ('廣', "guǎng"),
    ('當', "dāng"),
    ('分', "fēn"),
    ('成', "chéng"),
    ('嚴', "yán"),
    ('村', "cūn"),
    ('聚', "jù"),
    ('本', "běn"),
    ('应', "yīng"),
    ('导', "dǎo"),
    ('协', "xié"),
    ('离', "lí"),
    ('打', "dǎ"),
    ('毒', "dú"),
    ('鋒', "fēng"),
    ('模', "mó"),
    ('為', "wèi"),
    ('充', "chōng"),
    ('第', "dì"),
    ('把', "bǎ"),
    ('識', "shí"),
    ('排', "pái"),
    ('方', "fāng"),
    ('帶', "dài"),
    ('调', "diào"),
    ('挥', "huī"),
    ('锋', "fēng"),
    ('团', "tuán"),
    ('必', "bì"),
    ('现', "xiàn"),
    ('核', "hé"),
    ('接', "jiē"),
    ('资', "zī"),
    ('省', "shěng"),
    ('近', "jìn"),
    ('級', "jí"),
    ('绿', "lǜ"),
    ('女', "nǚ"),
    ('略', "lüè"),
    ('虐', "nüè"),
    ('们', "men"),
    ('么', "me"),
    ('而', "ér"),
    ('二', "èr"),
    ('哟', "yō"),
    ('欸', "āi"),
    ('掠', "lüè"),
    ('旅', "lǚ"),
    ('侣', "lǚ"),
];

/// Lines that put the special characters of [`READINGS`] in context, since
/// the seed pages do not contain them.
const EXTRA_LINES: &[&str] = &[
    "绿色的草地上，女孩们在旅行，情侣而已，二人略说了什么，哟，欸。",
    "虐待和掠夺是不对的么？",
];

fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds")
}

fn seed_files(suffix_expected: bool) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = fs::read_dir(seeds_dir())
        .expect("fixtures dir")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.ends_with(".txt") && name.ends_with(".expected.txt") == suffix_expected
        })
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read_to_string(&p).expect("utf-8 fixture"))
        })
        .collect();
    files.sort();
    files
}

fn expected_files() -> Vec<(String, String)> {
    let files = seed_files(true);
    assert_eq!(files.len(), 5, "all five expected seeds must be present");
    files
}

fn damaged(prefix: &str) -> String {
    seed_files(false)
        .into_iter()
        .find(|(name, _)| name.starts_with(prefix))
        .unwrap_or_else(|| panic!("damaged seed {prefix} missing"))
        .1
}

/// Deterministic xorshift64*, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

fn reading(c: char) -> Option<&'static str> {
    READINGS.iter().find(|(k, _)| *k == c).map(|(_, r)| *r)
}

/// Writes a reading after some known characters, like the converter does,
/// in ASCII or full-width parentheses. Returns the line and how many were
/// injected.
fn inject(line: &str, rng: &mut Rng, percent: u64) -> (String, usize) {
    let mut out = String::with_capacity(line.len() * 2);
    let mut injected = 0;
    for c in line.chars() {
        out.push(c);
        if let Some(r) = reading(c) {
            if rng.chance(percent) {
                if rng.chance(50) {
                    out.push('(');
                    out.push_str(r);
                    out.push(')');
                } else {
                    out.push('（');
                    out.push_str(r);
                    out.push('）');
                }
                injected += 1;
            }
        }
    }
    (out, injected)
}

fn ideographs(text: &str) -> usize {
    text.chars().filter(|&c| is_ideograph(c)).count()
}

fn page_annotations(text: &str) -> usize {
    text.lines().map(count_annotations).sum()
}

fn strip_page(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| strip_annotations(l).unwrap_or_else(|| l.to_owned()))
        .collect()
}

/// Independent of the syllable table: any run of lowercase (possibly
/// tone-marked) Latin letters in parentheses straight after an ideograph.
fn naive_leftover(line: &str) -> Option<String> {
    let chars: Vec<char> = line.chars().collect();
    for i in 1..chars.len() {
        if !is_ideograph(chars[i - 1]) || !matches!(chars[i], '(' | '（') {
            continue;
        }
        let body: String = chars[i + 1..]
            .iter()
            .take_while(|c| c.is_lowercase() && !is_ideograph(**c))
            .collect();
        let after = chars.get(i + 1 + body.chars().count());
        if !body.is_empty() && matches!(after, Some(')' | '）')) {
            return Some(format!("{}({body})", chars[i - 1]));
        }
    }
    None
}

#[test]
fn readings_table_is_usable() {
    assert!(READINGS.len() >= 200, "{}", READINGS.len());
    for (c, r) in READINGS {
        let line = format!("{c}({r})");
        assert_eq!(count_annotations(&line), 1, "{line} not recognised");
    }
}

#[test]
fn expected_pages_are_left_alone() {
    for (name, text) in expected_files() {
        for (n, line) in text.lines().enumerate() {
            assert_eq!(count_annotations(line), 0, "{name}:{}: {line}", n + 1);
            assert_eq!(strip_annotations(line), None, "{name}:{}: {line}", n + 1);
        }
        assert!(!is_converter_page(0, ideographs(&text)), "{name}");
    }
}

#[test]
fn injected_annotations_are_removed_exactly() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut pages: Vec<(String, String)> = expected_files();
    pages.push(("extra".to_owned(), EXTRA_LINES.join("\n")));
    let mut total = 0;
    for round in 0..4 {
        // Vary the density from sparse to every known character.
        let percent = [15, 40, 70, 100][round];
        for (name, text) in &pages {
            let mut page_count = 0;
            let mut damaged_text = String::new();
            for (n, line) in text.lines().enumerate() {
                let (damaged_line, injected) = inject(line, &mut rng, percent);
                assert_eq!(
                    count_annotations(&damaged_line),
                    injected,
                    "{name}:{} round {round}: {damaged_line}",
                    n + 1
                );
                let stripped = strip_annotations(&damaged_line);
                if injected == 0 {
                    assert_eq!(stripped, None, "{name}:{}", n + 1);
                } else {
                    assert_eq!(
                        stripped.as_deref(),
                        Some(line),
                        "{name}:{} round {round}",
                        n + 1
                    );
                }
                page_count += injected;
                damaged_text.push_str(&damaged_line);
                damaged_text.push('\n');
            }
            total += page_count;
            assert_eq!(page_annotations(&damaged_text), page_count);
            if *name != "extra" {
                assert!(
                    is_converter_page(page_count, ideographs(&damaged_text)),
                    "{name} round {round}: {page_count} annotations in {} ideographs",
                    ideographs(&damaged_text)
                );
            }
        }
    }
    assert!(total > 2000, "too few injections to mean anything: {total}");
}

#[test]
fn real_damaged_seeds_are_converter_pages_and_come_out_clean() {
    for prefix in ["000", "001", "004"] {
        let text = damaged(prefix);
        let count = page_annotations(&text);
        assert!(
            is_converter_page(count, ideographs(&text)),
            "{prefix}: {count} annotations in {} ideographs",
            ideographs(&text)
        );
        for line in strip_page(&text) {
            assert_eq!(naive_leftover(&line), None, "{prefix}: {line}");
            assert_eq!(count_annotations(&line), 0, "{prefix}: {line}");
        }
    }
}

#[test]
fn clean_damaged_seeds_are_not_converter_pages() {
    // 002 and 003 are damaged in other ways but carry no readings.
    for prefix in ["002", "003"] {
        let text = damaged(prefix);
        assert_eq!(page_annotations(&text), 0, "{prefix}");
        assert!(!is_converter_page(0, ideographs(&text)));
    }
}

#[test]
fn real_seed_000_odd_cases() {
    let stripped = strip_page(&damaged("000")).join("\n");
    assert!(stripped.contains("皖ICP備0700665號"), "ICP number");
    assert!(stripped.contains("當兀瑫"), "swallowed opening paren");
    assert!(stripped.contains("掂l,"), "stray Latin letter");
    assert!(!stripped.contains("?shù)"));
    // Parentheses that belong to the text survive.
    assert!(stripped.contains("各鎮(街)黨(工)委"));
    assert!(stripped.contains("外地來(返)天人員"));
}

#[test]
fn real_seeds_match_expected_where_nothing_else_is_damaged() {
    // The pipeline's other repairs are not applied here, so every expected
    // line must come out exactly, except the one line of 000 that also
    // carries mojibake (`當兀瑫翰环掂l,`) for another module to repair.
    for (prefix, other_damage) in [("000", 1), ("001", 0), ("004", 0)] {
        let expected_text = expected_files()
            .into_iter()
            .find(|(name, _)| name.starts_with(prefix))
            .unwrap()
            .1;
        let stripped = strip_page(&damaged(prefix));
        let missing: Vec<&str> = expected_text
            .lines()
            .filter(|l| !l.is_empty() && !stripped.iter().any(|s| s == l))
            .collect();
        assert_eq!(missing.len(), other_damage, "{prefix}: {missing:#?}");
    }
}
