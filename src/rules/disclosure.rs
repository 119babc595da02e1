//! Small numbers can identify people: a return that leaves the establishment may show counts of
//! 1 to 4 as "<5", and then hides whatever would give them away (a rate made from them, a
//! change from or to them).

use crate::rules::attendance::percentage;
use rust_decimal::Decimal;

/// How counts are shown: as they are, or with 1 to 4 as "<5" for returns that leave the
/// establishment (small numbers can identify people).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Disclosure {
    pub suppress_small: bool,
}

impl Disclosure {
    pub fn count(self, n: u32) -> String {
        if self.suppress_small && (1..=4).contains(&n) {
            "<5".to_string()
        } else {
            n.to_string()
        }
    }

    /// A rate, unless it would give a small number away: hidden when any count it is made of
    /// is suppressed.
    pub fn rate(self, rate: Option<Decimal>, parts: &[u32]) -> Option<Decimal> {
        if self.suppress_small && parts.iter().any(|n| (1..=4).contains(n)) {
            None
        } else {
            rate
        }
    }

    /// A change between two counts; hidden when either side is suppressed, as it would give
    /// the small number away.
    pub fn change(self, now: u32, before: u32) -> String {
        if self.suppress_small && ((1..=4).contains(&now) || (1..=4).contains(&before)) {
            return String::new();
        }
        let d = i64::from(now) - i64::from(before);
        if d > 0 {
            format!("+{d}")
        } else {
            d.to_string()
        }
    }
}

/// A percentage to one decimal place without the sign ("87.5"), empty when there is no rate.
pub fn percent_number(rate: Option<Decimal>) -> String {
    rate.map(|r| percentage(r).to_string()).unwrap_or_default()
}
