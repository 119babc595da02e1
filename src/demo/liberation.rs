//! The demo's community services and liberation plans: people due out in the next weeks with
//! different gaps (nothing yet, consent only, a referral but no meeting, all in place, no home
//! area), and people liberated in recent months whose referrals went different ways, so the
//! countdown, the follow-up list and continuity of care all have something to show.

use crate::actor::Actor;
use crate::error::Result;
use crate::model::*;
use crate::rules::liberation::COUNTDOWN_WEEKS;
use crate::store::liberation::{add_step, insert_consent, insert_meeting, insert_referral, put_home_area};
use crate::store::services;
use chrono::{Days, NaiveDate};
use rusqlite::Connection;

/// A made-up directory (phone numbers from Ofcom's ranges kept for drama; example.org mail).
const SERVICES: [(&str, ServiceKind, &str, &str, &str, &str); 14] = [
    (
        "Tay Recovery Hub",
        ServiceKind::RecoveryHub,
        "Dundee",
        "12 Seagate\nDundee DD1 2HR",
        "0131 496 0101",
        "Drop-in Monday to Friday 10am–4pm",
    ),
    (
        "Dundee Lived Experience Network",
        ServiceKind::LivedExperience,
        "Dundee",
        "Unit 4, Wellgate Centre\nDundee DD1 2DB",
        "0131 496 0102",
        "Peer support Tuesdays and Thursdays 1–3pm",
    ),
    (
        "Seagate Recovery Café",
        ServiceKind::RecoveryCafe,
        "Dundee",
        "The Steeple Church hall\nNethergate, Dundee DD1 4DG",
        "0131 496 0103",
        "Saturdays 11am–2pm",
    ),
    (
        "Perth Recovery Café",
        ServiceKind::RecoveryCafe,
        "Perth and Kinross",
        "St John's Place\nPerth PH1 5SZ",
        "0131 496 0104",
        "Thursdays 6–8pm",
    ),
    (
        "Fair City Recovery Hub",
        ServiceKind::RecoveryHub,
        "Perth and Kinross",
        "30 South Street\nPerth PH2 8PG",
        "0131 496 0105",
        "Monday to Thursday 9.30am–4.30pm",
    ),
    (
        "AA Perth Tuesday meeting",
        ServiceKind::MutualAid,
        "Perth and Kinross",
        "North Church hall\nMill Street, Perth PH1 5HZ",
        "",
        "Tuesdays 7.30–9pm",
    ),
    (
        "Clyde Recovery Hub",
        ServiceKind::RecoveryHub,
        "Glasgow",
        "150 London Road\nGlasgow G1 5LB",
        "0141 496 0201",
        "Drop-in Monday to Friday 9am–5pm",
    ),
    (
        "East End Recovery Café",
        ServiceKind::RecoveryCafe,
        "Glasgow",
        "Bridgeton Cross\nGlasgow G40 1BN",
        "0141 496 0202",
        "Wednesdays and Fridays 10am–1pm",
    ),
    (
        "Glasgow Lived Experience Collective",
        ServiceKind::LivedExperience,
        "Glasgow",
        "45 Bell Street\nGlasgow G1 1NX",
        "0141 496 0203",
        "Peer mentoring by appointment; walk-in Saturdays 12–3pm",
    ),
    (
        "NA Glasgow City meeting",
        ServiceKind::MutualAid,
        "Glasgow",
        "Adelaide's, 209 Bath Street\nGlasgow G2 4HZ",
        "",
        "Sundays and Wednesdays 7–8.30pm",
    ),
    (
        "Leith Recovery Community",
        ServiceKind::LivedExperience,
        "Edinburgh",
        "8 Duke Street\nEdinburgh EH6 8HG",
        "0131 496 0301",
        "Mondays 2–4pm; recovery walk Saturdays 10am",
    ),
    (
        "Capital Recovery Hub",
        ServiceKind::RecoveryHub,
        "Edinburgh",
        "22 Leith Walk\nEdinburgh EH6 5AA",
        "0131 496 0302",
        "Monday to Friday 9am–5pm",
    ),
    ("Kingdom Recovery Café", ServiceKind::RecoveryCafe, "Fife", "High Street\nKirkcaldy KY1 1LU", "0131 496 0401", "Fridays 5–7pm"),
    (
        "Lomond House (residential rehabilitation)",
        ServiceKind::ResidentialRehab,
        "Glasgow",
        "Lomond House\nBalloch G83 8QX",
        "0141 496 0299",
        "Admissions by referral; phone the admissions team",
    ),
];

const AREAS: [&str; 5] = ["Dundee", "Perth and Kinross", "Glasgow", "Edinburgh", "Fife"];

pub(crate) struct DemoService {
    id: ServiceId,
    area: &'static str,
    kind: ServiceKind,
    name: &'static str,
}

pub(crate) fn write_services(tx: &Connection) -> Result<Vec<DemoService>> {
    SERVICES
        .iter()
        .map(|(name, kind, area, address, phone, meets)| {
            let details = ServiceDetails {
                name: name.to_string(),
                kind: Some(*kind),
                area: area.to_string(),
                address: Some(address.to_string()),
                phone: Some(phone.to_string()).filter(|p| !p.is_empty()),
                email: (*kind != ServiceKind::MutualAid)
                    .then(|| format!("hello@{}.example.org", name.to_lowercase().split_whitespace().next().unwrap_or("recovery"))),
                website: None,
                meeting_times: Some(meets.to_string()),
                notes: None,
                active: true,
            };
            let (d, kind) = details.normalised()?;
            Ok(DemoService { id: services::insert(tx, &d, kind)?.id, area, kind, name })
        })
        .collect()
}

/// A number from 0 to 99 fixed by the person's place in the simulation: the demo stays the same
/// for the same seed without another random stream.
pub(crate) fn dice(index: usize, salt: usize) -> usize {
    (index.wrapping_mul(7919) ^ salt.wrapping_mul(104_729)).wrapping_mul(2_654_435_761) % 100
}

/// A person the simulation wrote: their id, expected liberation, and when and how they left.
pub(crate) type DemoPerson = (ParticipantId, Option<NaiveDate>, Option<(NaiveDate, CustodyStatus)>);

/// Plans for people due out, and the story of recent liberations.
pub(crate) fn write_plans(
    tx: &Connection,
    actor: &Actor,
    people: &[DemoPerson],
    directory: &[DemoService],
    until: NaiveDate,
) -> Result<()> {
    let horizon = until + Days::new(COUNTDOWN_WEEKS * 7);
    let in_area = |area: &str| directory.iter().filter(|s| s.area == area).collect::<Vec<_>>();
    let mut due = 0usize;
    for (i, (person, expected, leaves)) in people.iter().enumerate() {
        let area = AREAS[dice(i, 1) % AREAS.len()];
        let near = in_area(area);
        let first = near.iter().find(|s| s.kind != ServiceKind::MutualAid).unwrap_or(&near[0]);
        match (expected, leaves) {
            // Due out soon: a different gap for each in turn.
            (Some(on), None) if *on >= until && *on <= horizon => {
                let stage = due % 5;
                due += 1;
                if stage == 4 {
                    continue; // nothing yet, not even the home area
                }
                put_home_area(tx, *person, Some(area))?;
                if stage == 0 {
                    continue; // home area only
                }
                let given = (*on - Days::new(60)).max(until - Days::new(30)).min(until);
                let consent = insert_consent(
                    tx,
                    *person,
                    &ConsentDetails {
                        given_on: given,
                        scope: "Name, release date and phone number; that I have been going to recovery groups".into(),
                        services: near.iter().map(|s| s.id).collect(),
                    },
                )?;
                if stage == 1 {
                    continue; // consent, no referral yet
                }
                let referred = (given + Days::new(3)).min(until);
                let r = insert_referral(
                    tx,
                    actor,
                    *person,
                    &ReferralDetails { service_id: first.id, referred_on: referred, details_shared: true, notes: None },
                    Some(consent.id),
                )?;
                if referred + Days::new(4) <= until {
                    add_step(tx, actor, r, ReferralStatus::Accepted, referred + Days::new(4))?;
                }
                if stage == 3 {
                    let kind = if dice(i, 2) < 50 { MeetingKind::BeforeLiberation } else { MeetingKind::HomeLeave };
                    insert_meeting(
                        tx,
                        *person,
                        MeetingDetails { held_on: until - Days::new(2), kind, service_id: Some(first.id), notes: None },
                    )?;
                }
            }
            // Liberated in the last four months: how the referral went.
            (_, Some((on, CustodyStatus::Liberated))) if *on <= until && *on + Days::new(120) >= until => {
                put_home_area(tx, *person, Some(area))?;
                let roll = dice(i, 3);
                if roll < 12 {
                    continue; // left without a referral
                }
                let consent = insert_consent(
                    tx,
                    *person,
                    &ConsentDetails {
                        given_on: *on - Days::new(45),
                        scope: "Name, release date and phone number".into(),
                        services: vec![first.id],
                    },
                )?;
                let referred = *on - Days::new(35);
                let r = insert_referral(
                    tx,
                    actor,
                    *person,
                    &ReferralDetails { service_id: first.id, referred_on: referred, details_shared: true, notes: None },
                    Some(consent.id),
                )?;
                add_step(tx, actor, r, ReferralStatus::Accepted, referred + Days::new(5))?;
                if dice(i, 4) < 70 {
                    insert_meeting(
                        tx,
                        *person,
                        MeetingDetails {
                            held_on: *on - Days::new(10),
                            kind: MeetingKind::BeforeLiberation,
                            service_id: Some(first.id),
                            notes: None,
                        },
                    )?;
                }
                let steps: &[(ReferralStatus, u64)] = match roll {
                    12..=21 => &[(ReferralStatus::Declined, 2)],
                    22..=33 => &[(ReferralStatus::LostContact, 10)],
                    // Engaged, but only in the fourth week.
                    34..=43 => &[(ReferralStatus::FirstContact, 12), (ReferralStatus::Engaged, 26)],
                    _ => &[(ReferralStatus::FirstContact, 2), (ReferralStatus::Engaged, 5 + (roll as u64 % 12))],
                };
                for (status, days) in steps {
                    let day = *on + Days::new(*days);
                    if day <= until {
                        add_step(tx, actor, r, *status, day)?;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

impl std::fmt::Debug for DemoService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}
