//! The language of a text, as a BCP-47 primary tag.
//!
//! # How
//! 1. Letters of the first [`MAX_SAMPLE_CHARS`] characters are counted per script. Han
//!    counts [`HAN_WEIGHT`] times and kana and Hangul [`SYLLABLE_WEIGHT`] times a letter
//!    (one of them carries about as much text as a word or half a word of an alphabet).
//! 2. The script with at least [`MIN_SCRIPT_PERCENT`]% of the weight names the language: Han → `zh` (`ja` when
//!    kana are at least [`KANA_SHARE_FOR_JA`]% of Han + kana), Hangul → `ko`, Arabic → `ar`
//!    (`fa`, `ur` by their extra letters), Cyrillic → `ru` (`uk`, `be`, `bg`, `sr`, `mk` by
//!    distinctive letters), Greek, Hebrew, Thai, the Indic scripts, Georgian, Armenian…
//! 3. Latin script: Vietnamese by its letters (ơ ư đ, stacked tone marks), otherwise a vote
//!    of frequent function words among en, de, fr, es, pt, it, nl, id, pl, tr, sv and cs; a
//!    word shared by *k* languages gives each 1/*k* vote, and a few letters (ß, ñ, ã, ł, ı,
//!    å, ř) add half a vote. The winner needs [`MIN_VOTES`], a lead of
//!    [`MIN_LEAD_PERCENT`]% over the runner-up, and function words making at least
//!    [`MIN_FUNCTION_WORD_PERCENT`]% of the words (so a Finnish text does not become English
//!    through its `on`).
//!
//! `None` when there are fewer than [`MIN_LETTERS`] letters or no clear winner.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::hanzi;

/// Characters of the text looked at.
pub const MAX_SAMPLE_CHARS: usize = 4096;
/// Fewer letters than this and no language is guessed.
pub const MIN_LETTERS: usize = 20;
/// Weight of a Han character against one alphabetic letter.
pub const HAN_WEIGHT: usize = 3;
/// Weight of a kana or Hangul syllable against one alphabetic letter.
pub const SYLLABLE_WEIGHT: usize = 2;
/// Japanese when kana are at least this share of Han + kana, in percent: Chinese pages
/// quote the odd katakana name, Japanese prose is a third to two thirds kana.
pub const KANA_SHARE_FOR_JA: usize = 15;
/// The winning script needs at least this share of the weighted letters, in percent.
pub const MIN_SCRIPT_PERCENT: usize = 60;
/// Latin-script vote: least votes for a winner.
pub const MIN_VOTES: f32 = 3.0;
/// Latin-script vote: the winner's lead over the runner-up, in percent of the runner-up.
pub const MIN_LEAD_PERCENT: f32 = 125.0;
/// Latin-script vote: function words of the winner, in percent of all words. Running text
/// has 30–50%; a language outside the list matches a few by accident.
pub const MIN_FUNCTION_WORD_PERCENT: usize = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Script {
    Han,
    Kana,
    Hangul,
    Latin,
    Cyrillic,
    Greek,
    Arabic,
    Hebrew,
    Thai,
    Devanagari,
    Bengali,
    Gurmukhi,
    Gujarati,
    Tamil,
    Telugu,
    Kannada,
    Malayalam,
    Sinhala,
    Georgian,
    Armenian,
    Ethiopic,
    Khmer,
    Lao,
    Myanmar,
}

const SCRIPTS: usize = 24;

impl Script {
    fn of(c: char) -> Option<Script> {
        use Script::*;
        if c.is_ascii_alphabetic() {
            return Some(Latin);
        }
        // The common ideographs before Unicode's alphabetic table (every one of them is
        // alphabetic: `common_ideographs_are_alphabetic`), most characters of a Chinese page.
        if matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF) {
            return Some(Han);
        }
        if c.is_ascii() || !c.is_alphabetic() {
            return None;
        }
        if hanzi::is_ideograph(c) {
            return Some(Han);
        }
        Some(match c as u32 {
            0x00C0..=0x024F | 0x1E00..=0x1EFF => Latin,
            0x0370..=0x03FF | 0x1F00..=0x1FFF => Greek,
            0x0400..=0x052F => Cyrillic,
            0x0530..=0x058F => Armenian,
            0x0590..=0x05FF => Hebrew,
            0x0600..=0x06FF
            | 0x0750..=0x077F
            | 0x08A0..=0x08FF
            | 0xFB50..=0xFDFF
            | 0xFE70..=0xFEFF => Arabic,
            0x0900..=0x097F => Devanagari,
            0x0980..=0x09FF => Bengali,
            0x0A00..=0x0A7F => Gurmukhi,
            0x0A80..=0x0AFF => Gujarati,
            0x0B80..=0x0BFF => Tamil,
            0x0C00..=0x0C7F => Telugu,
            0x0C80..=0x0CFF => Kannada,
            0x0D00..=0x0D7F => Malayalam,
            0x0D80..=0x0DFF => Sinhala,
            0x0E00..=0x0E7F => Thai,
            0x0E80..=0x0EFF => Lao,
            0x1000..=0x109F => Myanmar,
            0x10A0..=0x10FF => Georgian,
            0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Hangul,
            0x1200..=0x137F => Ethiopic,
            0x1780..=0x17FF => Khmer,
            0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9D => Kana,
            _ => return None,
        })
    }

    fn weight(self) -> usize {
        match self {
            Script::Han => HAN_WEIGHT,
            Script::Kana | Script::Hangul => SYLLABLE_WEIGHT,
            _ => 1,
        }
    }

    /// The language of a script that (nearly) one language writes.
    fn language(self) -> Option<&'static str> {
        use Script::*;
        Some(match self {
            Greek => "el",
            Hebrew => "he",
            Thai => "th",
            Devanagari => "hi",
            Bengali => "bn",
            Gurmukhi => "pa",
            Gujarati => "gu",
            Tamil => "ta",
            Telugu => "te",
            Kannada => "kn",
            Malayalam => "ml",
            Sinhala => "si",
            Georgian => "ka",
            Armenian => "hy",
            Ethiopic => "am",
            Khmer => "km",
            Lao => "lo",
            Myanmar => "my",
            Hangul => "ko",
            Han | Kana | Latin | Cyrillic | Arabic => return None,
        })
    }
}

/// Guess the language of a text from its first [`MAX_SAMPLE_CHARS`] characters.
///
/// # Example
/// ```
/// use pagewash::internals::meta::guess_language;
///
/// assert_eq!(guess_language("这是一篇关于中国经济发展的新闻报道，内容很长。"), Some("zh"));
/// assert_eq!(guess_language("The quick brown fox jumps over the lazy dog and the cat."), Some("en"));
/// assert_eq!(guess_language("Der Hund und die Katze sind in dem Haus, das nicht groß ist."), Some("de"));
/// assert_eq!(guess_language("ok"), None);
/// ```
pub fn guess_language(text: &str) -> Option<&'static str> {
    let mut counts = [0usize; SCRIPTS];
    let mut letters = 0;
    // Vietnamese letters are counted here too, for `latin_language`: one pass over the
    // sample instead of two. They are all non-ASCII Latin letters
    // (`vietnamese_letters_are_latin`).
    let mut vietnamese = 0;
    for c in text.chars().take(MAX_SAMPLE_CHARS) {
        if let Some(s) = Script::of(c) {
            counts[s as usize] += 1;
            letters += 1;
            if s == Script::Latin && !c.is_ascii() && is_vietnamese_letter(c) {
                vietnamese += 1;
            }
        }
    }
    if letters < MIN_LETTERS {
        return None;
    }
    let weighted = |s: Script| counts[s as usize] * s.weight();
    // Han and kana together: Japanese mixes them.
    let han_kana = weighted(Script::Han) + weighted(Script::Kana);
    let total: usize = ALL_SCRIPTS.iter().map(|&s| weighted(s)).sum();
    let (top, top_weight) = ALL_SCRIPTS
        .iter()
        .filter(|&&s| s != Script::Han && s != Script::Kana)
        .map(|&s| (s, weighted(s)))
        .max_by_key(|&(_, w)| w)?;
    if han_kana >= top_weight {
        if han_kana * 100 < total * MIN_SCRIPT_PERCENT {
            return None;
        }
        let (han, kana) = (counts[Script::Han as usize], counts[Script::Kana as usize]);
        return Some(if kana * 100 >= (han + kana) * KANA_SHARE_FOR_JA {
            "ja"
        } else {
            "zh"
        });
    }
    if top_weight * 100 < total * MIN_SCRIPT_PERCENT {
        return None;
    }
    let sample = || text.chars().take(MAX_SAMPLE_CHARS);
    match top {
        Script::Latin => latin_language(sample(), counts[Script::Latin as usize], vietnamese),
        Script::Cyrillic => Some(cyrillic_language(
            sample(),
            counts[Script::Cyrillic as usize],
        )),
        Script::Arabic => Some(arabic_language(sample(), counts[Script::Arabic as usize])),
        s => s.language(),
    }
}

const ALL_SCRIPTS: [Script; SCRIPTS] = {
    use Script::*;
    [
        Han, Kana, Hangul, Latin, Cyrillic, Greek, Arabic, Hebrew, Thai, Devanagari, Bengali,
        Gurmukhi, Gujarati, Tamil, Telugu, Kannada, Malayalam, Sinhala, Georgian, Armenian,
        Ethiopic, Khmer, Lao, Myanmar,
    ]
};

fn share_at_least(count: usize, of: usize, per_mille: usize) -> bool {
    count * 1000 >= of * per_mille && count > 0
}

/// Russian unless letters of another Cyrillic alphabet say otherwise.
fn cyrillic_language(sample: impl Iterator<Item = char>, letters: usize) -> &'static str {
    let (mut mk, mut sr, mut be, mut uk, mut ru, mut hard) = (0, 0, 0, 0, 0, 0);
    for c in sample.flat_map(char::to_lowercase) {
        match c {
            'ѓ' | 'ќ' | 'ѕ' => mk += 1,
            'ђ' | 'ћ' | 'џ' | 'љ' | 'њ' | 'ј' => sr += 1,
            'ў' => be += 1,
            'і' | 'ї' | 'є' | 'ґ' => uk += 1,
            'ы' | 'э' | 'ё' => ru += 1,
            'ъ' => hard += 1,
            _ => {}
        }
    }
    if share_at_least(mk, letters, 2) {
        "mk"
    } else if share_at_least(sr, letters, 5) {
        "sr"
    } else if share_at_least(be, letters, 2) {
        "be"
    } else if uk > ru {
        "uk"
    } else if ru * 1000 < letters && share_at_least(hard, letters, 5) {
        "bg" // no ы/э, and ъ as a vowel
    } else {
        "ru"
    }
}

/// Arabic unless Urdu or Persian letters say otherwise.
fn arabic_language(sample: impl Iterator<Item = char>, letters: usize) -> &'static str {
    let (mut ur, mut fa, mut ar) = (0, 0, 0);
    for c in sample {
        match c {
            'ے' | 'ٹ' | 'ڈ' | 'ڑ' | 'ں' => ur += 1,
            'ی' | 'ک' | 'پ' | 'چ' | 'ژ' | 'گ' => fa += 1,
            'ي' | 'ك' | 'ة' => ar += 1,
            _ => {}
        }
    }
    if share_at_least(ur, letters, 10) {
        "ur"
    } else if share_at_least(fa, letters, 20) && fa > ar {
        "fa"
    } else {
        "ar"
    }
}

/// Languages of the Latin-script vote, in bit order.
const LATIN: [&str; 12] = [
    "en", "de", "fr", "es", "pt", "it", "nl", "id", "pl", "tr", "sv", "cs",
];

/// Frequent function words per language (same order as [`LATIN`]).
const FUNCTION_WORDS: [&str; 12] = [
    "the of and to in is that for it with as was on are be by this have from or at not but his \
     they which you we has were their been will would there an its who had can more also about \
     your if all after before so up out what when how than into do he she them our my",
    "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an \
     werden aus er hat dass sie nach wird bei einer um noch wie über einem so zum oder aber sind \
     vor zur bis mehr durch man",
    "le la les de des et en du un une est que qui dans pour pas sur au avec ce il plus par ne se \
     sont aux été cette nous vous mais ou leur elle ont son sa ses comme",
    "de la que el en y los del se las por un para con no una su al lo como más pero sus le ya o \
     este ha porque esta entre cuando muy sin sobre también fue hay es son desde todo",
    "de a o que e do da em um para é com não uma os no se na por mais as dos como mas foi ao ele \
     das tem à seu sua ou ser quando muito há nos já está também pelo pela são",
    "di e il la che a per un in è del non una con si da sono al le gli della anche come più ma \
     nel dei alla questo ha lo delle nella sul essere ci",
    "de het een van en in is dat op te zijn voor met niet aan er ook als maar bij worden wordt \
     ik naar om uit deze dit door heeft hij ze kan",
    "yang dan di ini itu dengan untuk tidak dari dalam akan pada juga ke karena ada adalah oleh \
     atau bisa mereka kami kita saya telah sudah bahwa seperti",
    "i w z na się nie do to że jest o jak ale po co tak za od jego przez ich dla może są być już \
     tylko tym które który która",
    "ve bir bu da de için ile olarak çok daha gibi ama olan en ne kadar sonra var değil her mi \
     ya ise göre",
    "och att det som en på är av för med till den har inte om ett jag var men de så från eller \
     kan vi han hon sig",
    "a v se na je že to s z o do jako pro by ale jsou byl také jsem které který která ve k od po \
     za si",
];

/// Letters that (nearly) only one voting language uses.
const LETTERS: &[(char, usize)] = &[
    ('ß', 1),
    ('ñ', 3),
    ('¿', 3),
    ('ã', 4),
    ('õ', 4),
    ('ł', 8),
    ('ą', 8),
    ('ę', 8),
    ('ż', 8),
    ('ś', 8),
    ('ı', 9),
    ('ğ', 9),
    ('ş', 9),
    ('å', 10),
    ('ř', 11),
    ('ě', 11),
    ('ů', 11),
];

/// Word → bit set of the languages that use it. Hashed with FNV-1a rather than SipHash:
/// every word of the sample is looked up, and a table built once from our own lists has no
/// inserts a page could aim collisions at (a lookup costs at most the table's longest probe).
static WORD_LANGS: LazyLock<HashMap<&'static str, u16, BuildFnv>> = LazyLock::new(|| {
    let mut map: HashMap<&'static str, u16, BuildFnv> = HashMap::default();
    for (i, words) in FUNCTION_WORDS.iter().enumerate() {
        for w in words.split_whitespace() {
            *map.entry(w).or_default() |= 1 << i;
        }
    }
    map
});

/// FNV-1a, 64 bits: a few instructions a byte on short words.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xCBF2_9CE4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3);
        }
    }
}

type BuildFnv = std::hash::BuildHasherDefault<Fnv>;

/// Letters only Vietnamese uses among Latin-script languages.
fn is_vietnamese_letter(c: char) -> bool {
    matches!(c as u32, 0x1EA0..=0x1EF9)
        || matches!(c, 'ơ' | 'ư' | 'đ' | 'ă' | 'Ơ' | 'Ư' | 'Đ' | 'Ă')
}

/// Vietnamese when at least this share of Latin letters are its own, per mille.
const VIETNAMESE_PER_MILLE: usize = 30;

/// The language of a Latin-script `sample` of `letters` letters, `vietnamese` of them
/// Vietnamese ([`is_vietnamese_letter`]).
fn latin_language(
    sample: impl Iterator<Item = char>,
    letters: usize,
    vietnamese: usize,
) -> Option<&'static str> {
    if share_at_least(vietnamese, letters, VIETNAMESE_PER_MILLE) {
        return Some("vi");
    }
    let mut votes = [0f32; LATIN.len()];
    let mut hits = [0usize; LATIN.len()];
    let mut words = 0usize;
    let mut word = String::new();
    let mut flush = |word: &mut String, votes: &mut [f32; 12], hits: &mut [usize; 12]| {
        if word.is_empty() {
            return;
        }
        words += 1;
        if let Some(&mask) = WORD_LANGS.get(word.as_str()) {
            let share = 1.0 / mask.count_ones() as f32;
            for i in 0..LATIN.len() {
                if mask & (1 << i) != 0 {
                    votes[i] += share;
                    hits[i] += 1;
                }
            }
        }
        word.clear();
    };
    for c in sample {
        if c.is_ascii_alphabetic() {
            // Most letters: no `LETTERS` entry is ASCII.
            word.push(c.to_ascii_lowercase());
        } else if c.is_alphabetic() {
            word.extend(c.to_lowercase());
            if let Some(&(_, lang)) = LETTERS.iter().find(|&&(l, _)| l == c) {
                votes[lang] += 0.5;
            }
        } else {
            flush(&mut word, &mut votes, &mut hits);
        }
    }
    flush(&mut word, &mut votes, &mut hits);
    let mut order: Vec<usize> = (0..LATIN.len()).collect();
    order.sort_by(|&a, &b| votes[b].total_cmp(&votes[a]));
    let (best, second) = (order[0], order[1]);
    let clear = votes[best] >= MIN_VOTES
        && votes[best] * 100.0 >= votes[second] * MIN_LEAD_PERCENT
        && hits[best] * 100 >= words * MIN_FUNCTION_WORD_PERCENT;
    clear.then_some(LATIN[best])
}

/// Reduce a declared language tag (`<html lang>`, `Content-Language`, `xml:lang`) to its
/// primary subtag, lower case: `zh-CN` → `zh`, `en_US` → `en`, `EN` → `en`. Deprecated
/// codes are replaced (`iw` → `he`, `in` → `id`), common three-letter codes reduced (`zho`,
/// `chi`, `cmn` → `zh`; `eng` → `en`); other three-letter codes are kept. `None` for junk,
/// `und`, `mul`, private-use (`x-…`) and grandfathered (`i-…`) tags.
///
/// # Example
/// ```
/// use pagewash::internals::meta::normalize_lang_tag;
///
/// assert_eq!(normalize_lang_tag("zh-CN").as_deref(), Some("zh"));
/// assert_eq!(normalize_lang_tag("en_US").as_deref(), Some("en"));
/// assert_eq!(normalize_lang_tag("english"), None);
/// ```
pub fn normalize_lang_tag(tag: &str) -> Option<String> {
    let first = tag.split([',', ';']).next()?.trim();
    let primary = first.split(['-', '_']).next()?;
    if !(2..=3).contains(&primary.len()) || !primary.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let lower = primary.to_ascii_lowercase();
    let mapped = match lower.as_str() {
        "und" | "mul" | "zxx" | "mis" => return None,
        "iw" | "heb" => "he",
        "in" | "ind" => "id",
        "ji" => "yi",
        "jw" => "jv",
        "mo" => "ro",
        "zho" | "chi" | "cmn" => "zh",
        "eng" => "en",
        "jpn" => "ja",
        "kor" => "ko",
        "rus" => "ru",
        "deu" | "ger" => "de",
        "fra" | "fre" => "fr",
        "spa" => "es",
        "por" => "pt",
        "ita" => "it",
        "nld" | "dut" => "nl",
        "ara" => "ar",
        "pol" => "pl",
        "tur" => "tr",
        "vie" => "vi",
        "swe" => "sv",
        "ukr" => "uk",
        "tha" => "th",
        "ell" | "gre" => "el",
        "hin" => "hi",
        _ => return Some(lower),
    };
    Some(mapped.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn common_ideographs_are_alphabetic() {
        for c in ('\u{3400}'..='\u{4DBF}').chain('\u{4E00}'..='\u{9FFF}') {
            assert!(
                c.is_alphabetic() && hanzi::is_ideograph(c),
                "U+{:04X}",
                c as u32
            );
        }
    }

    use super::*;

    #[test]
    fn vietnamese_letters_are_latin() {
        let letters = (0x1EA0..=0x1EF9)
            .filter_map(char::from_u32)
            .chain(['ơ', 'ư', 'đ', 'ă', 'Ơ', 'Ư', 'Đ', 'Ă']);
        for c in letters {
            assert!(is_vietnamese_letter(c), "{c}");
            assert!(!c.is_ascii() && Script::of(c) == Some(Script::Latin), "{c}");
        }
    }

    #[test]
    fn by_script() {
        for (text, want) in [
            ("这是一篇关于中国经济发展的新闻报道，内容很长。", "zh"),
            ("這是一篇關於中國經濟發展的新聞報道，內容很長。", "zh"),
            (
                "東京都は月曜日、新しい計画を発表しました。これは市民のためのものです。",
                "ja",
            ),
            (
                "すべてのひらがなのぶんしょうはにほんごです、とてもながいですね",
                "ja",
            ),
            (
                "서울시는 월요일에 새로운 계획을 발표했습니다. 이것은 시민을 위한 것입니다.",
                "ko",
            ),
            (
                "Москва является столицей России и крупнейшим городом страны.",
                "ru",
            ),
            (
                "Київ є столицею України, і це найбільше місто країни.",
                "uk",
            ),
            (
                "Мінск з'яўляецца сталіцай Беларусі і найбуйнейшым горадам краіны.",
                "be",
            ),
            (
                "София е столицата на България и най-големият град в страната. Тъй като е така.",
                "bg",
            ),
            (
                "Београд је главни град Србије и највећи град у земљи, њен центар.",
                "sr",
            ),
            (
                "Скопје е главен град на Северна Македонија, ѓубре и ќерка.",
                "mk",
            ),
            (
                "القاهرة هي عاصمة مصر وأكبر مدينة في العالم العربي والشرق الأوسط.",
                "ar",
            ),
            (
                "تهران پایتخت ایران و بزرگترین شهر این کشور است که در شمال قرار دارد.",
                "fa",
            ),
            (
                "کراچی پاکستان کا سب سے بڑا شہر ہے اور یہ صوبہ سندھ کا دارالحکومت ہے۔",
                "ur",
            ),
            ("ירושלים היא בירת ישראל והעיר הגדולה ביותר במדינה.", "he"),
            ("กรุงเทพมหานครเป็นเมืองหลวงของประเทศไทยและเป็นเมืองที่ใหญ่ที่สุด", "th"),
            (
                "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας και η μεγαλύτερη πόλη.",
                "el",
            ),
            ("नई दिल्ली भारत की राजधानी है और यह एक बड़ा शहर है।", "hi"),
            (
                "თბილისი არის საქართველოს დედაქალაქი და უდიდესი ქალაქი.",
                "ka",
            ),
        ] {
            assert_eq!(guess_language(text), Some(want), "{text}");
        }
    }

    #[test]
    fn by_words() {
        for (text, want) in [
            ("The government said on Monday that it would review the plan, which has been criticised by the opposition.", "en"),
            ("Die Regierung hat am Montag erklärt, dass sie den Plan prüfen wird, der von der Opposition kritisiert wurde.", "de"),
            ("Le gouvernement a déclaré lundi qu'il allait réexaminer le plan, qui a été critiqué par l'opposition.", "fr"),
            ("El gobierno dijo el lunes que revisará el plan, que ha sido criticado por la oposición y los sindicatos.", "es"),
            ("O governo disse na segunda-feira que vai rever o plano, que foi criticado pela oposição e pelos sindicatos.", "pt"),
            ("Il governo ha detto lunedì che rivedrà il piano, che è stato criticato dall'opposizione e dai sindacati.", "it"),
            ("De regering heeft maandag gezegd dat zij het plan zal herzien, dat door de oppositie is bekritiseerd.", "nl"),
            ("Pemerintah mengatakan pada hari Senin bahwa mereka akan meninjau rencana yang telah dikritik oleh oposisi.", "id"),
            ("Rząd poinformował w poniedziałek, że zamierza ponownie przeanalizować plan, który jest krytykowany przez opozycję.", "pl"),
            ("Hükümet pazartesi günü yaptığı açıklamada, muhalefet tarafından eleştirilen planı yeniden gözden geçireceğini ve bu konuda çok daha dikkatli olacağını söyledi.", "tr"),
            ("Regeringen sade på måndagen att den kommer att se över planen, som har kritiserats av oppositionen.", "sv"),
            ("Vláda v pondělí uvedla, že plán, který je kritizován opozicí, znovu přezkoumá a že to bude rychle.", "cs"),
            ("Chính phủ cho biết vào thứ Hai rằng họ sẽ xem xét lại kế hoạch đã bị phe đối lập chỉ trích.", "vi"),
        ] {
            assert_eq!(guess_language(text), Some(want), "{text}");
        }
    }

    #[test]
    fn unclear_or_too_short() {
        for text in [
            "",
            "ok",
            "Hello world",
            "12345 67890 !!! ??? ... 2019-03-04",
            // Finnish: not in the vote, its "on" must not make it English.
            "Helsinki on Suomen pääkaupunki ja maan suurin kaupunki, jossa asuu paljon ihmisiä.",
            // Lists of names and numbers.
            "Jane Doe, John Roe, Max Mustermann, Erika Mustermann, Mario Rossi",
            // Half Chinese, half Russian.
            "中国经济发展新闻报道 Москва является столицей России и крупнейшим",
        ] {
            assert_eq!(guess_language(text), None, "{text}");
        }
    }

    #[test]
    fn mixed_pages_follow_the_majority() {
        let zh = "中国经济在第一季度保持稳定增长，iPhone 和 Android 手机的销量都有所上升。";
        assert_eq!(guess_language(zh), Some("zh"));
        let en = "Apple said the iPhone sold well in 中国 this quarter, beating the estimates of analysts.";
        assert_eq!(guess_language(en), Some("en"));
        // Only the sample is read.
        let late = format!(
            "{}{}",
            "The cat sat on the mat and it was happy. ".repeat(200),
            "这是中文。".repeat(1000)
        );
        assert_eq!(guess_language(&late), Some("en"));
    }

    #[test]
    fn tags() {
        for (tag, want) in [
            ("zh-CN", Some("zh")),
            ("zh-Hans-CN", Some("zh")),
            ("zh_TW", Some("zh")),
            ("en_US", Some("en")),
            ("EN", Some("en")),
            (" en-gb ", Some("en")),
            ("en-US,en;q=0.9", Some("en")),
            ("iw", Some("he")),
            ("in", Some("id")),
            ("zho", Some("zh")),
            ("cmn-Hans", Some("zh")),
            ("fil", Some("fil")),
            ("yue-HK", Some("yue")),
            ("", None),
            ("-", None),
            ("x-klingon", None),
            ("i-default", None),
            ("und", None),
            ("english", None),
            ("e", None),
            ("12", None),
            ("zh-", Some("zh")),
            ("中文", None),
            ("*", None),
        ] {
            assert_eq!(normalize_lang_tag(tag).as_deref(), want, "{tag:?}");
        }
    }
}
