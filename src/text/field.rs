//! Metadata fields and their labels: what a metadata line states (`作者：张三` states the
//! author), declared once by the `meta.*` rules ([`crate::strip::Rule::states`],
//! [`crate::strip::Rule::labels`]) and read by the byline parser.
//!
//! Here in the bottom layer because both the strip stage (which declares them) and the
//! metadata parsers (which read them) need the types, and neither imports the other's
//! internals for them.

/// A metadata field a line can state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    /// Who wrote it (作者, 记者, `author:`).
    Author,
    /// Where it came from (来源, 稿源, `source:`).
    Source,
    /// Who edited it (责任编辑, 编辑).
    Editor,
    /// When it was published (发布时间, 日期, a date alone on a line).
    Date,
    /// When it was updated (更新时间): a date used only when the line gives no other.
    Updated,
    /// Who took the pictures (摄影, 图片).
    Photographer,
    /// Who reviewed or proofread it (审核, 校对).
    Reviewer,
    /// Its category, column, tags or keywords (分类, 栏目, 标签).
    Category,
    /// How often it was read (浏览次数, 阅读量).
    Views,
    /// How many comments it has (评论).
    Comments,
    /// Not a fact about the article: the font-size switch (字号：大 中 小) that sits among
    /// the fields of a metadata line.
    FontSize,
}

impl Field {
    /// The field's name, lower case (`author`, `font-size`), as `pagewash rules` prints it.
    pub fn name(self) -> &'static str {
        match self {
            Field::Author => "author",
            Field::Source => "source",
            Field::Editor => "editor",
            Field::Date => "date",
            Field::Updated => "updated",
            Field::Photographer => "photographer",
            Field::Reviewer => "reviewer",
            Field::Category => "category",
            Field::Views => "views",
            Field::Comments => "comments",
            Field::FontSize => "font-size",
        }
    }
}

/// How a label must be followed to be one, in a metadata line as the byline parser reads
/// it (the strip rules' `Shape::Label` has its own, looser test on the folded line).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Follow {
    /// `：`, `:`, `|` or white space.
    SpaceOrMark,
    /// `：`, `:`, `/` or `|` only: the word is common in text (文, 来自).
    Mark,
    /// `:` only (English words inside a Chinese line).
    Colon,
}

/// A label word and the field its value states (`来源` → [`Field::Source`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label {
    /// The word, folded: Simplified Chinese, half-width, lower case, no spaces.
    pub word: &'static str,
    /// The field its value states.
    pub field: Field,
    /// How it must be followed.
    pub follow: Follow,
}

impl Label {
    /// A label followed by a separator or white space (`作者：`, `作者 张三`).
    pub const fn new(word: &'static str, field: Field) -> Label {
        Label {
            word,
            field,
            follow: Follow::SpaceOrMark,
        }
    }

    /// A label that needs a mark after it (`：`, `/`, `|`), not white space: the word is
    /// common in text (`来自`).
    pub const fn marked(word: &'static str, field: Field) -> Label {
        Label {
            word,
            field,
            follow: Follow::Mark,
        }
    }

    /// A label that needs a colon after it (`source:` inside a Chinese line).
    pub const fn colon(word: &'static str, field: Field) -> Label {
        Label {
            word,
            field,
            follow: Follow::Colon,
        }
    }
}
