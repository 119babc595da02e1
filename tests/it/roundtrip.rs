//! Property tests: any name a person may have, any date, and any group's details come back
//! exactly as stored.

use crate::support::*;
use chrono::NaiveDate;
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
    (
        proptest::collection::vec(letter, 1..20),
        proptest::option::of(prop_oneof![Just(' '), Just('-'), Just('\'')]),
        proptest::collection::vec(proptest::char::range('a', 'z'), 1..8),
    )
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

/// Valid group details of every shape: each kind, with or without an end, a schedule, a
/// programme's planned sessions and completion rule.
fn group_details() -> impl Strategy<Value = GroupDetails> {
    let kind = proptest::sample::select(GroupKind::ALL.to_vec());
    let schedule = proptest::option::of((0u8..7, 1u32..=52))
        .prop_map(|s| s.map(|(day, every_weeks)| Schedule { weekday: chrono::Weekday::try_from(day).unwrap(), every_weeks }));
    let programme = (1u32..=200, proptest::option::of((1u32..=200, any::<bool>())));
    (
        name(),
        kind,
        proptest::option::of(name()),
        date(),
        proptest::option::of(0i64..2000),
        (0u32..24, 0u32..60),
        1u32..=480,
        schedule,
        programme,
    )
        .prop_map(|(name, kind, location, starts_on, days, (h, m), duration_minutes, schedule, (planned, rule))| {
            let is_programme = kind == GroupKind::Programme;
            GroupDetails {
                name,
                kind,
                location: location.map(|l| l.chars().take(60).collect()),
                starts_on,
                ends_on: days.map(|n| starts_on + chrono::Days::new(n as u64)),
                start_time: chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap(),
                duration_minutes,
                schedule,
                planned_sessions: is_programme.then_some(planned),
                completion: rule
                    .filter(|_| is_programme)
                    .map(|(min, excuses)| CompletionRule { min_attended: min.min(planned), excuses_regime_absences: excuses }),
                facilitators: vec![],
            }
        })
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

    #[test]
    fn group_details_round_trip_through_add_and_edit(first in group_details(), second in group_details()) {
        let mut f = Fixture::new();
        let added = f.store.add_group(&f.actor, f.establishment.id, &first).unwrap();
        f.reopen();
        prop_assert_eq!(f.store.group(&f.actor, added.id).unwrap().details, first.normalised().unwrap());
        f.store.edit_group(&f.actor, added.id, &second).unwrap();
        f.reopen();
        prop_assert_eq!(f.store.group(&f.actor, added.id).unwrap().details, second.normalised().unwrap());
    }
}
