//! The team's clock: a hybrid logical clock (Kulkarni et al., 2014), so that "which change is
//! later" is decided the same way on every PC, and a PC whose clock is wrong cannot win every
//! conflict. A stamp is the wall time in milliseconds, a counter and the PC's id. A PC's next
//! stamp is later than every stamp it has issued or seen: a change made after taking in another
//! PC's changes is later than all of them, whatever either wall clock says. Only changes made
//! without sight of each other are ordered by wall time, the counter and then the PC's id.
//!
//! Stamps are kept as text that sorts as the clock does (`Stamp::key`), so SQL compares them.

use std::cmp::Ordering;
use std::fmt;
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Stamp {
    pub wall_ms: i64,
    pub counter: u32,
    pub device: Uuid,
}

impl Stamp {
    /// The clock's next stamp on `device`, from the last stamp it issued or saw and its wall clock
    /// now: the wall time when that is later, otherwise the last wall time with the counter on.
    pub fn next(last: Option<Stamp>, now_ms: i64, device: Uuid) -> Stamp {
        match last {
            Some(last) if last.wall_ms >= now_ms => Stamp { wall_ms: last.wall_ms, counter: last.counter + 1, device },
            _ => Stamp { wall_ms: now_ms, counter: 0, device },
        }
    }

    /// The clock after seeing `seen` (a stamp in a file taken in): later of the two, so this PC's
    /// next stamp comes after it.
    pub fn after_seeing(last: Option<Stamp>, seen: Stamp) -> Stamp {
        match last {
            Some(last) if last >= seen => last,
            _ => seen,
        }
    }

    /// Sortable text: 15 digits of milliseconds, 8 of counter, the PC's id.
    pub fn key(&self) -> String {
        format!("{:015}.{:08}.{}", self.wall_ms.max(0), self.counter, self.device.simple())
    }

    pub fn parse(key: &str) -> Option<Stamp> {
        let mut parts = key.split('.');
        let wall_ms = parts.next()?.parse().ok()?;
        let counter = parts.next()?.parse().ok()?;
        let device = Uuid::try_parse(parts.next()?).ok()?;
        parts.next().is_none().then_some(Stamp { wall_ms, counter, device })
    }
}

impl Ord for Stamp {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.wall_ms, self.counter, self.device).cmp(&(other.wall_ms, other.counter, other.device))
    }
}

impl PartialOrd for Stamp {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400_000;

    fn pc(n: u8) -> Uuid {
        Uuid::from_bytes([n; 16])
    }

    #[test]
    fn a_change_made_after_seeing_another_is_later_whatever_the_wall_clocks_say() {
        // The café PC's clock is three days fast; the office PC's is right.
        let cafe = Stamp::next(None, 10 * DAY + 3 * DAY, pc(1));
        let office_before = Stamp::next(None, 10 * DAY, pc(2));
        // Made without sight of each other: the fast clock wins that one conflict...
        assert!(cafe > office_before);
        // ...but once the office has taken in the café's changes, its next change is later.
        let seen = Stamp::after_seeing(Some(office_before), cafe);
        let office_after = Stamp::next(Some(seen), 10 * DAY + 60_000, pc(2));
        assert!(office_after > cafe);
        assert_eq!(office_after.wall_ms, cafe.wall_ms);
        assert_eq!(office_after.counter, cafe.counter + 1);
    }

    #[test]
    fn a_slow_clock_still_moves_forward_and_never_repeats_a_stamp() {
        let first = Stamp::next(None, 5 * DAY, pc(3));
        // The clock is put back two days (a flat CMOS battery).
        let second = Stamp::next(Some(first), 3 * DAY, pc(3));
        let third = Stamp::next(Some(second), 3 * DAY + 1, pc(3));
        assert!(first < second && second < third);
    }

    #[test]
    fn keys_sort_as_stamps_do_and_read_back() {
        let mut stamps = vec![
            Stamp { wall_ms: 2, counter: 0, device: pc(1) },
            Stamp { wall_ms: 1, counter: 9, device: pc(9) },
            Stamp { wall_ms: 1, counter: 10, device: pc(0) },
            Stamp { wall_ms: 1, counter: 10, device: pc(4) },
            Stamp { wall_ms: 1_800_000_000_000, counter: 0, device: pc(2) },
        ];
        let mut keys: Vec<String> = stamps.iter().map(Stamp::key).collect();
        stamps.sort();
        keys.sort();
        assert_eq!(keys, stamps.iter().map(Stamp::key).collect::<Vec<_>>());
        for s in &stamps {
            assert_eq!(Stamp::parse(&s.key()), Some(*s));
        }
        assert_eq!(Stamp::parse("12.3"), None);
        assert_eq!(Stamp::parse("1.2.nonsense"), None);
    }
}
