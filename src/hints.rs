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
