//! Where each line lies on the page: head, body or tail.
//!
//! The body is the stretch from the first to the last body paragraph: a line long enough and
//! punctuated like prose, which no sentence-tolerant rule (disclaimers) claims. Everything
//! before is the head, everything after is the tail. Rules use the zone as their "place".

use super::rule::Zone;

/// The zone of every line, given which lines are body anchors. Without any anchor the page
/// has no telling chrome from content: every line is body.
pub(crate) fn zones(anchors: &[bool]) -> Vec<Zone> {
    let first = anchors.iter().position(|&a| a);
    let last = anchors.iter().rposition(|&a| a);
    match (first, last) {
        (Some(f), Some(l)) => (0..anchors.len())
            .map(|i| {
                if i < f {
                    Zone::Head
                } else if i > l {
                    Zone::Tail
                } else {
                    Zone::Body
                }
            })
            .collect(),
        _ => vec![Zone::Body; anchors.len()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_around_anchors() {
        let z = zones(&[false, true, false, true, false]);
        assert_eq!(
            z,
            [Zone::Head, Zone::Body, Zone::Body, Zone::Body, Zone::Tail]
        );
        assert_eq!(zones(&[false, false]), [Zone::Body, Zone::Body]);
    }
}
