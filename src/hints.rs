//! What the caller knows about a page besides its bytes: a front-door type that the
//! decoder reads, so it sits below the pipeline and the stages.

/// What the caller knows about a page besides its bytes. All optional.
#[derive(Clone, Debug, Default)]
pub struct Hints {
    charset: Option<String>,
    content_type: Option<String>,
    url: Option<String>,
}

impl Hints {
    /// No hints.
    pub fn new() -> Hints {
        Hints::default()
    }

    /// Decode with this charset label (`gbk`, `utf-8`): the caller knows better than the
    /// bytes. Only a byte-order mark wins over it. For a label that may lie (an HTTP header),
    /// use [`Hints::with_content_type`] instead.
    pub fn with_charset(mut self, label: impl Into<String>) -> Hints {
        self.charset = Some(label.into());
        self
    }

    /// The HTTP `Content-Type` value. Its `charset=` parameter is a signal for charset
    /// arbitration (overridden when the bytes clearly say otherwise), and `text/html` marks
    /// the page as HTML.
    pub fn with_content_type(mut self, value: impl Into<String>) -> Hints {
        self.content_type = Some(value.into());
        self
    }

    /// What the name of the file a page was read from says: a `*.txt` (or `*.txt.gz`) file
    /// is plain text, as a WET record's `text/plain` says, unless a content type is already
    /// given. Without it a text page that quotes a lot of markup (a tutorial's code) is
    /// sniffed as HTML, and cleaning pagewash's own `.txt` output again would not give the
    /// same text. Any other name changes nothing.
    ///
    /// ```
    /// use pagewash::Hints;
    /// let h = Hints::new().with_file_name("crawl/page.txt.gz");
    /// assert_eq!(h.content_type(), Some("text/plain"));
    /// assert_eq!(Hints::new().with_file_name("page.html").content_type(), None);
    /// let given = Hints::new().with_content_type("text/html").with_file_name("page.txt");
    /// assert_eq!(given.content_type(), Some("text/html"));
    /// ```
    pub fn with_file_name(self, name: impl AsRef<std::path::Path>) -> Hints {
        let name = name
            .as_ref()
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        if self.content_type.is_none() && name.ends_with(".txt") {
            self.with_content_type("text/plain")
        } else {
            self
        }
    }

    /// The page's URL: its top-level domain helps charset detection (`.cn` → GBK likely).
    pub fn with_url(mut self, url: impl Into<String>) -> Hints {
        self.url = Some(url.into());
        self
    }

    /// The forced charset label, if any.
    pub fn forced_charset(&self) -> Option<&str> {
        self.charset.as_deref()
    }

    /// The content type's `charset=` parameter, if any.
    pub fn http_charset(&self) -> Option<&str> {
        let ct = self.content_type.as_deref()?;
        let lower = ct.to_ascii_lowercase();
        let at = lower.find("charset=")? + "charset=".len();
        let value = ct[at..].split(';').next()?.trim().trim_matches(['"', '\'']);
        (!value.is_empty()).then_some(value)
    }

    /// The content-type hint.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The URL hint.
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }
}
