//! Roles are enforced in the core, whatever a screen shows: each act tried as an administrator, a
//! caseworker and a viewer. A refused act says why and leaves every row as it was.

use crate::support::*;
use recovery_register::documents::{Document, Format};
use recovery_register::model::*;
use recovery_register::printing::Output;
use recovery_register::reports::Month;
use recovery_register::{Actor, Role, Store};

struct World {
    f: Fixture,
    person: Participant,
    group: Group,
    session: Session,
    award: Award,
}

fn world() -> World {
    let mut f = Fixture::new();
    let person = f.prisoner("100001", "Siobhán", "Ó Súilleabháin");
    let group = f.programme("10-week Recovery Group Programme");
    f.store.enrol(&f.actor, group.id, person.id, d(2026, 10, 5)).unwrap();
    let session = f.store.generate_sessions(&f.actor, group.id, d(2026, 10, 5), d(2026, 10, 5)).unwrap().remove(0);
    let kind = f.store.add_award_type(&f.actor, f.establishment.id, &peer_mentor_award()).unwrap();
    let award = f.store.issue_awards(&f.actor, kind.id, None, &[person.id], d(2026, 11, 16)).unwrap().remove(0);
    World { f, person, group, session, award }
}

type Attempt = fn(&mut Store, &Actor, &World) -> recovery_register::Result<()>;

/// Each act, and whether a caseworker and a viewer may do it (an administrator may do all).
fn acts() -> Vec<(&'static str, bool, bool, Attempt)> {
    vec![
        ("read a person's record", true, true, |s, a, w| s.participant(a, w.person.id).map(drop)),
        ("find people", true, true, |s, a, w| s.find_participants(a, "siobhan", Some(w.f.establishment.id), 10).map(drop)),
        ("read a register", true, true, |s, a, w| s.register(a, w.session.id).map(drop)),
        ("monthly report", true, true, |s, a, w| s.monthly_report(a, &[w.f.establishment.id], Month::parse("m", "2026-10")?).map(drop)),
        ("verify a certificate", true, true, |s, a, w| {
            s.verify_award(a, &w.award.number, &w.award.verification_code, None, None).map(drop)
        }),
        ("add a person", true, false, |s, a, w| {
            s.add_participant(a, w.f.establishment.id, &prisoner_details("100002", "Łukasz", "Żółć")).map(drop)
        }),
        ("edit a person", true, false, |s, a, w| {
            s.edit_participant(a, w.person.id, &prisoner_details("100001", "Siobhán", "Nic a' Bhàird")).map(drop)
        }),
        ("liberate a person", true, false, |s, a, w| s.liberate(a, w.person.id, d(2026, 11, 16)).map(drop)),
        ("add a group", true, false, |s, a, w| s.add_group(a, w.f.establishment.id, &programme_details("MOIR")).map(drop)),
        ("take a register", true, false, |s, a, w| s.take_register(a, w.session.id, &[Mark::present(w.person.id)]).map(drop)),
        ("cancel a session", true, false, |s, a, w| s.cancel_session(a, w.session.id, CancellationReason::Lockdown, None).map(drop)),
        ("take someone off a roster", true, false, |s, a, w| {
            let p = s.find_participants(a, "100001", None, 1)?.remove(0);
            s.leave(a, w.group.id, p.id, d(2026, 11, 16), LeavingReason::Withdrew, None).map(drop)
        }),
        ("revoke a certificate", true, false, |s, a, w| s.revoke_award(a, w.award.id, "Issued in error").map(drop)),
        ("print a certificate", true, false, |s, a, w| {
            let pdf = w.f.dir.path().join(format!("{:?}.pdf", a.role()));
            s.print_awards(a, &[w.award.id], None, &Output::Combined(pdf), &mut |_| {}).map(drop)
        }),
        ("open a person's record (recorded)", true, true, |s, a, w| s.view_participant(a, w.person.id).map(drop)),
        ("export a person's full record", false, false, |s, a, w| {
            let pdf = w.f.dir.path().join(format!("record-{:?}.pdf", a.role()));
            s.export_person_record(a, w.person.id, Some(&pdf), None).map(drop)
        }),
        // Figures leave with read access; documents naming people need more than reading.
        ("export the monthly return", true, true, |s, a, w| {
            let csv = w.f.dir.path().join(format!("monthly-{:?}.csv", a.role()));
            let month = Month::parse("m", "2026-10")?;
            let document = Document::MonthlyReturn { establishments: vec![w.f.establishment.id], month, disclosure: Default::default() };
            s.export(a, &document, Format::Csv, &csv)
        }),
        ("export a recovery passport", true, false, |s, a, w| {
            let pdf = w.f.dir.path().join(format!("passport-{:?}.pdf", a.role()));
            s.export(a, &Document::Passport { person: w.person.id, name_prison: false }, Format::Pdf, &pdf)
        }),
        ("export a register sheet", true, false, |s, a, w| {
            let pdf = w.f.dir.path().join(format!("sheet-{:?}.pdf", a.role()));
            s.export(a, &Document::RegisterSheet { session: w.session.id }, Format::Pdf, &pdf)
        }),
        ("export the clearances report", true, false, |s, a, w| {
            let csv = w.f.dir.path().join(format!("clearances-{:?}.csv", a.role()));
            s.export(a, &Document::ClearanceReport { establishment: w.f.establishment.id }, Format::Csv, &csv)
        }),
        ("see the audit trail", false, false, |s, a, _| s.audit_trail(a, &Default::default()).map(drop)),
        ("check the audit trail", false, false, |s, a, _| s.check_audit_trail(a).map(drop)),
        ("export the audit trail", false, false, |s, a, w| {
            let csv = w.f.dir.path().join(format!("audit-{:?}.csv", a.role()));
            s.export(a, &Document::AuditTrail { filter: Default::default() }, Format::Csv, &csv)
        }),
        ("add an establishment", false, false, |s, a, _| {
            s.add_establishment(a, &NewEstablishment { code: "LOW".into(), name: "HMP Low Moss".into() }).map(drop)
        }),
    ]
}

#[test]
fn every_act_is_allowed_or_refused_by_role_in_the_core() {
    for (name, caseworker, viewer, attempt) in acts() {
        for (role, allowed) in [(Role::Administrator, true), (Role::Caseworker, caseworker), (Role::Viewer, viewer)] {
            let mut w = world();
            let actor = Actor::local_administrator().with_role(role);
            let before = w.f.snapshot();
            let mut store = std::mem::replace(&mut w.f.store, Store::open_in_memory().unwrap());
            let result = attempt(&mut store, &actor, &w);
            w.f.store = store;
            match (allowed, result) {
                (true, Ok(())) => {}
                (true, Err(e)) => panic!("{role:?} may {name}, but: {e}"),
                (false, Ok(())) => panic!("{role:?} must not be able to {name}"),
                (false, Err(e)) => {
                    assert_eq!(e.code(), "forbidden", "{role:?} {name}: {e}");
                    assert!(e.to_string().starts_with("not allowed: your role cannot"), "{e}");
                    assert_eq!(w.f.snapshot(), before, "{role:?} refused '{name}' but something changed");
                }
            }
        }
    }
}
