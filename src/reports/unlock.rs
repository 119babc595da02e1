//! The unlock lists for a day, gathered from the registers of that day's sessions: every person
//! in custody on a roster, in their hall, in the order the officer walks it. Laid out by
//! `pdf/unlock_list.rs`.

use crate::actor::{Act, Actor};
use crate::error::{Error, Result};
use crate::model::{CustodyStatus, EstablishmentId, MarkKind, ParticipantKind, SessionStatus};
use crate::rules::unlock::{hall, hall_key, walk_key};
use crate::text;
use crate::views::{HallUnlock, UnlockLine, UnlockLists};
use crate::Store;
use chrono::NaiveDate;
use std::collections::BTreeMap;

impl Store {
    /// Who must be unlocked on `on` at `establishment`, hall by hall. Drop-ins are not known in
    /// advance, staff and volunteers are not locked up, and people on home leave are not there;
    /// someone with an absence already recorded (court, a legal visit) is listed as not to be
    /// unlocked, so the officer does not go looking. A day with nobody to unlock is refused.
    pub fn unlock_lists(&self, actor: &Actor, establishment: EstablishmentId, on: NaiveDate) -> Result<UnlockLists> {
        actor.require(Act::ReadRecords)?;
        let establishment_name = self.establishment(actor, &establishment.to_string())?.name;
        // Keyed by the folded hall, so "B Hall" and "b hall" are one hall, shown as most of its
        // people have it written (ties to the spelling that sorts first, capitals first), so the
        // heading does not depend on whose session came first.
        let mut halls: BTreeMap<String, (BTreeMap<String, usize>, Vec<UnlockLine>)> = BTreeMap::new();
        for listing in self.sessions(actor, None, Some(establishment), on, on)? {
            if listing.session.status == SessionStatus::Cancelled {
                continue;
            }
            let place = self.group(actor, listing.session.group_id)?.details.location;
            for line in self.register(actor, listing.session.id)?.lines {
                let p = &line.participant;
                if line.drop_in || p.kind != ParticipantKind::InCustody || p.status != Some(CustodyStatus::InCustody) {
                    continue;
                }
                let absent = line.mark.as_ref().filter(|m| m.mark == MarkKind::Absent).and_then(|m| m.absence_reason);
                let hall = hall(p.location.as_deref());
                let entry = halls.entry(text::fold(&hall)).or_default();
                *entry.0.entry(hall).or_default() += 1;
                entry.1.push(UnlockLine {
                    name: p.listed_name(),
                    prison_number: p.prison_number.clone(),
                    location: p.location.clone(),
                    start_time: listing.session.start_time,
                    group_name: listing.group_name.clone(),
                    place: place.clone(),
                    absent,
                });
            }
        }
        if halls.is_empty() {
            return Err(Error::invalid(
                "date",
                format!("nobody is on the roster of a session on {}: there is nobody to unlock", crate::dates::display(on)),
            ));
        }
        let mut halls: Vec<HallUnlock> = halls
            .into_values()
            .map(|(spellings, mut lines)| {
                lines.sort_by_cached_key(|l| (walk_key(l.location.as_deref()), l.start_time, text::fold(&l.name)));
                let most = spellings.values().copied().max().unwrap_or(0);
                let hall = spellings.into_iter().find(|(_, n)| *n == most).map(|(h, _)| h).unwrap_or_default();
                HallUnlock { hall, lines }
            })
            .collect();
        halls.sort_by_cached_key(|h| hall_key(&h.hall));
        Ok(UnlockLists { establishment_name, on, halls })
    }
}
