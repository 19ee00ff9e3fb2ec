//! What a page is for: the page types the content model tells apart.

/// What a page is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PageType {
    /// A news story, a blog post, a report: one body of running text.
    Article,
    /// A discussion thread: several posts.
    Forum,
    /// One product: name, description, specifications.
    Product,
    /// A list of entries (search results, an index, a news list).
    Listing,
    /// A curated collection or category page: items with short descriptions.
    Collection,
    /// A company's or a service's description.
    Service,
    /// Documentation: text and code.
    Documentation,
}

impl PageType {
    /// In the fitting script's class order.
    pub(crate) const ALL: [PageType; 7] = [
        PageType::Article,
        PageType::Forum,
        PageType::Product,
        PageType::Listing,
        PageType::Collection,
        PageType::Service,
        PageType::Documentation,
    ];

    /// The lower-case name used in JSON (`article`, `forum`…).
    pub fn as_str(self) -> &'static str {
        match self {
            PageType::Article => "article",
            PageType::Forum => "forum",
            PageType::Product => "product",
            PageType::Listing => "listing",
            PageType::Collection => "collection",
            PageType::Service => "service",
            PageType::Documentation => "documentation",
        }
    }
}

impl std::fmt::Display for PageType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
