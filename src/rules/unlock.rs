//! The hall officer's unlock list: which hall a location is in, and the order the officer walks
//! the hall in. Locations are free text as the prison records them ("B Hall, 2/14", "Hall 1",
//! "Ailsa, Flat 3"): the hall is the part before the first comma, and cells sort as a person
//! reads them (2/9 before 2/10), accents and case aside.

use crate::text;

/// The hall of people with no location recorded: printed last, so nobody is missed.
pub const NO_LOCATION: &str = "No location recorded";

/// The hall a location is in: the words before the first comma, or the whole location.
pub fn hall(location: Option<&str>) -> String {
    match location.map(|l| l.split(',').next().unwrap_or("").trim()).filter(|h| !h.is_empty()) {
        Some(h) => h.to_string(),
        None => NO_LOCATION.to_string(),
    }
}

/// One run of a location's sort key: digits compare as numbers, words as folded text.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    Number(u64),
    Words(String),
}

/// The order the officer walks: locations compared run by run, numbers as numbers, so "2/9"
/// comes before "2/10" and "Hall 2" before "Hall 10". No location sorts last.
pub fn walk_key(location: Option<&str>) -> (bool, Vec<Part>) {
    let Some(location) = location.filter(|l| !l.trim().is_empty()) else { return (true, Vec::new()) };
    let folded = text::fold(location);
    let mut parts = Vec::new();
    let mut run = String::new();
    let mut digits = false;
    let mut flush = |run: &mut String, digits: bool| {
        if !run.is_empty() {
            parts.push(if digits { Part::Number(run.parse().unwrap_or(u64::MAX)) } else { Part::Words(run.clone()) });
            run.clear();
        }
    };
    for c in folded.chars() {
        if c.is_ascii_digit() != digits {
            flush(&mut run, digits);
            digits = c.is_ascii_digit();
        }
        run.push(c);
    }
    flush(&mut run, digits);
    (false, parts)
}

/// Halls in the order their names read, numbers as numbers, with no location last.
pub fn hall_key(hall: &str) -> (bool, Vec<Part>) {
    walk_key(Some(hall).filter(|h| *h != NO_LOCATION))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hall_is_the_part_before_the_first_comma() {
        for (location, expected) in [
            (Some("B Hall, 2/14"), "B Hall"),
            (Some("Hall 1"), "Hall 1"),
            (Some("  Ailsa , Flat 3, room 2"), "Ailsa"),
            (Some(", 2/14"), NO_LOCATION),
            (Some("   "), NO_LOCATION),
            (None, NO_LOCATION),
        ] {
            assert_eq!(hall(location), expected, "{location:?}");
        }
    }

    #[test]
    fn cells_sort_as_a_person_reads_them() {
        let mut cells = vec![Some("B Hall, 2/10"), None, Some("B Hall, 2/9"), Some("b hall, 1/30"), Some("B Hall, 10/1"), Some("B Hall")];
        cells.sort_by_key(|c| walk_key(*c));
        assert_eq!(cells, [Some("B Hall"), Some("b hall, 1/30"), Some("B Hall, 2/9"), Some("B Hall, 2/10"), Some("B Hall, 10/1"), None]);
        let mut halls = vec![NO_LOCATION, "Hall 10", "Hall 2", "Àilsa"];
        halls.sort_by_key(|h| hall_key(h));
        assert_eq!(halls, ["Àilsa", "Hall 2", "Hall 10", NO_LOCATION]);
    }
}
