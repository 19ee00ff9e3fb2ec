//! Where each line lies on the page: head, body or tail.
//!
//! The body is the stretch from the first to the last body paragraph: a line long enough and
//! punctuated like prose, which no sentence-tolerant rule (disclaimers) claims. Everything
//! before is the head, everything after is the tail. Rules use the zone as their "place".

use super::rule::Zone;

/// The zone of every line, from the first and last body anchor (`None`: no anchor).
/// Without any anchor the page has no telling chrome from content: every line is body.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Zones {
    pub(crate) anchors: Option<(usize, usize)>,
}

impl Zones {
    /// The zone of line `i`.
    pub(crate) fn at(&self, i: usize) -> Zone {
        match self.anchors {
            Some((f, _)) if i < f => Zone::Head,
            Some((_, l)) if i > l => Zone::Tail,
            _ => Zone::Body,
        }
    }

    /// The first line of the tail (the number of lines when there is none).
    pub(crate) fn tail_start(&self, n: usize) -> usize {
        self.anchors.map_or(n, |(_, l)| (l + 1).min(n))
    }
}

/// The zone of every line, given which lines are body anchors.
#[cfg(test)]
pub(crate) fn zones(anchors: &[bool]) -> Vec<Zone> {
    let z = Zones {
        anchors: anchors
            .iter()
            .position(|&a| a)
            .zip(anchors.iter().rposition(|&a| a)),
    };
    (0..anchors.len()).map(|i| z.at(i)).collect()
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
