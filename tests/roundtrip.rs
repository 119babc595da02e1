//! Property tests: any name a person may have, and any date, comes back exactly as stored.

mod common;

use chrono::NaiveDate;
use common::*;
use proptest::prelude::*;
use recovery_register::dates;
use recovery_register::model::*;
use unicode_normalization::UnicodeNormalization;

/// Names: letters from many scripts, with the separators names really contain.
fn name() -> impl Strategy<Value = String> {
    let letter = prop_oneof![
        proptest::char::range('a', 'z'),
        proptest::char::range('À', 'ÿ').prop_filter("letters", |c| c.is_alphabetic()),
        proptest::char::range('Ā', 'ž'),
        proptest::char::range('Ạ', 'ỹ'),
        proptest::char::range('А', 'я'),
        proptest::char::range('α', 'ω'),
        proptest::char::range('ا', 'ي'),
        proptest::char::range('一', '龥'),
    ];
    (proptest::collection::vec(letter, 1..20), proptest::option::of(prop_oneof![Just(' '), Just('-'), Just('\'')]), proptest::collection::vec(proptest::char::range('a', 'z'), 1..8))
        .prop_map(|(head, sep, tail)| {
            let mut s: String = head.into_iter().collect();
            if let Some(sep) = sep {
                s.push(sep);
                s.extend(tail);
            }
            s
        })
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (1920i32..2010, 1u32..=12, 1u32..=31).prop_filter_map("real dates", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn names_and_dates_round_trip_through_the_store(given in name(), family in name(), dob in date()) {
        let mut f = Fixture::new();
        let details = ParticipantDetails { date_of_birth: Some(dob), ..prisoner_details("1", &given, &family) };
        let added = f.store.add_participant(&f.actor, f.establishment.id, &details).unwrap();
        f.reopen();
        let read = f.store.participant(&f.actor, added.id).unwrap();
        prop_assert_eq!(&read.given_name, &given.nfc().collect::<String>());
        prop_assert_eq!(&read.family_name, &family.nfc().collect::<String>());
        prop_assert_eq!(read.date_of_birth, Some(dob));
        // And the person can be found by the start of their family name, however it is typed.
        let prefix: String = family.chars().take(3).collect();
        let found = f.store.find_participants(&f.actor, &prefix.to_uppercase(), None, 5).unwrap();
        prop_assert!(found.iter().any(|p| p.id == added.id), "'{}' did not find '{}'", prefix, family);
    }

    #[test]
    fn dates_display_and_parse_back(d in date()) {
        prop_assert_eq!(dates::parse("date", &dates::display(d)).unwrap(), d);
        prop_assert_eq!(dates::parse("date", &d.format("%Y-%m-%d").to_string()).unwrap(), d);
    }

    #[test]
    fn decomposed_and_composed_names_are_one_name(given in name()) {
        let mut f = Fixture::new();
        let nfd: String = given.nfd().collect();
        let a = f.store.add_participant(&f.actor, f.establishment.id, &prisoner_details("1", &given, "Reid")).unwrap();
        let b = f.store.add_participant(&f.actor, f.establishment.id, &prisoner_details("2", &nfd, "Reid")).unwrap();
        prop_assert_eq!(a.given_name, b.given_name);
    }
}
