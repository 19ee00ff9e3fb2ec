//! Which kind of page a site's own URL path says it is (`/forum/…`, `/product/…`): read by
//! the content model's features and by the text rules that behave otherwise on forums.

/// URL path hints, in order: forum, product, documentation, article, listing (1.0 when a
/// path segment says so), and the number of path segments.
pub(crate) fn url_hints(url: Option<&str>) -> [f32; 6] {
    let Some(url) = url else {
        return [0.0; 6];
    };
    let lower = url.to_ascii_lowercase();
    let path = lower
        .split_once("://")
        .map_or(lower.as_str(), |(_, rest)| rest)
        .split_once('/')
        .map_or("", |(_, p)| p);
    let path = path.split(['?', '#']).next().unwrap_or("");
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let any = |keys: &[&str]| {
        segs.iter()
            .any(|s| keys.iter().any(|k| s == k || s.starts_with(k)))
    };
    let forum = any(&[
        "forum",
        "thread",
        "community",
        "discussion",
        "questions",
        "topic",
        "t",
        "bbs",
        "board",
    ]);
    let product = any(&["product", "products", "p", "item", "shop", "dp", "store"]);
    let docs = any(&[
        "doc",
        "docs",
        "documentation",
        "api",
        "reference",
        "guide",
        "manual",
        "wiki",
        "learn",
    ]);
    let dated = segs
        .iter()
        .any(|s| s.len() == 4 && s.starts_with("20") && s.bytes().all(|b| b.is_ascii_digit()));
    let article = dated
        || any(&[
            "blog", "news", "article", "articles", "post", "posts", "story",
        ]);
    let listing = any(&[
        "category",
        "categories",
        "collections",
        "collection",
        "tag",
        "tags",
        "search",
        "list",
        "archive",
        "catalog",
    ]);
    let flag = |b: bool| if b { 1.0 } else { 0.0 };
    [
        flag(forum),
        flag(product),
        flag(docs),
        flag(article),
        flag(listing),
        segs.len() as f32,
    ]
}

/// Whether the URL path says the page is a forum thread or a Q&A page.
pub(crate) fn is_forum(url: Option<&str>) -> bool {
    url_hints(url)[0] > 0.5
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forum_paths() {
        assert!(is_forum(Some(
            "https://www.example.com/forum/consulting/is-it-worth-it"
        )));
        assert!(is_forum(Some(
            "https://forum.example.com/t/first-telescope/1555"
        )));
        assert!(!is_forum(Some(
            "https://www.example.com/2024/05/a-post-about-forums"
        )));
        assert!(!is_forum(Some("https://www.example.com/")));
        assert!(!is_forum(None));
    }
}
