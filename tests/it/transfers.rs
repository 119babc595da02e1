//! Transfer packs (issue 22): a person's recovery history goes with them to another
//! establishment, with their consent, sealed to its card. Two installs with their own database
//! keys and cards; the receiving one matches or adds the person, shows the history read-only,
//! checks the certificates, and counts none of it.

use crate::support::{d, peer_mentor_award, prisoner_details, programme_details, Fixture};
use recovery_register::model::*;
use recovery_register::store::transfers::TransferTo;
use recovery_register::views::Month;
use recovery_register::{Actor, Store};
use std::path::{Path, PathBuf};

const OCTOBER: Month = Month { year: 2026, month: 10 };
const NOVEMBER: Month = Month { year: 2026, month: 11 };

/// Perth (PER) and Low Moss (LMS), each with its own card and the other's.
struct Two {
    perth: Fixture,
    low_moss: Fixture,
    lms: EstablishmentId,
    dir: tempfile::TempDir,
}

fn two() -> Two {
    let mut perth = Fixture::new();
    let mut low_moss = Fixture::new();
    let lms =
        low_moss.store.add_establishment(&low_moss.actor, &NewEstablishment { code: "LMS".into(), name: "HMP Low Moss".into() }).unwrap();
    let per_card = perth.store.own_card(&perth.actor, Some("PER"), None).unwrap();
    let lms_card = low_moss.store.own_card(&low_moss.actor, Some("LMS"), None).unwrap();
    perth.store.add_card(&perth.actor, &lms_card.to_file(), false).unwrap();
    low_moss.store.add_card(&low_moss.actor, &per_card.to_file(), false).unwrap();
    Two { perth, low_moss, lms: lms.id, dir: tempfile::tempdir().unwrap() }
}

/// Łukasz at Perth: eight October sessions of a programme (completed), a certificate, a plan with
/// a home area, a consent and a referral.
fn history_at_perth(f: &mut Fixture) -> (ParticipantId, Award) {
    let (store, actor, est) = (&mut f.store, &f.actor, f.establishment.id);
    let person = store.add_participant(actor, est, &prisoner_details("123456", "Łukasz", "Żółć")).unwrap();
    let other = store.add_participant(actor, est, &prisoner_details("654321", "Nguyễn Văn", "An")).unwrap();
    let group = store.add_group(actor, est, &programme_details("MOIR Perth")).unwrap();
    for p in [person.id, other.id] {
        store.enrol(actor, group.id, p, d(2026, 10, 5)).unwrap();
    }
    for day in [5, 12, 19, 26] {
        let s = store.add_session(actor, group.id, d(2026, 10, day), None).unwrap();
        store.take_register(actor, s.id, &[Mark::present(person.id), Mark::present(other.id)]).unwrap();
    }
    let kind = store.add_award_type(actor, est, &peer_mentor_award()).unwrap();
    let award = store.issue_awards(actor, kind.id, None, &[person.id], d(2026, 11, 2)).unwrap().remove(0);
    store
        .set_liberation_plan(actor, person.id, &PlanDetails { expected_liberation: Some(d(2027, 6, 1)), home_area: Some("Dundee".into()) })
        .unwrap();
    (person.id, award)
}

fn pack_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.rrtransfer"))
}

fn returns(store: &Store, actor: &Actor, est: EstablishmentId) -> Vec<String> {
    [OCTOBER, NOVEMBER]
        .iter()
        .map(|m| {
            let mut r = store.monthly_report(actor, &[est], *m).unwrap();
            r.audit_head = None;
            format!("{r:?}")
        })
        .collect()
}

#[test]
fn a_person_arrives_with_their_history_and_certificates_that_verify_and_nothing_is_counted_here() {
    let mut t = two();
    let (person, award) = history_at_perth(&mut t.perth);
    let path = pack_path(t.dir.path(), "pack");
    // Without consent to Low Moss: refused, nothing written, no file.
    let before = t.perth.snapshot();
    let err = t
        .perth
        .store
        .make_transfer_pack(&t.perth.actor, person, &TransferTo { to: "LMS".into(), consent_given_on: None }, &path)
        .unwrap_err();
    assert!(err.to_string().contains("has no consent in force to their record going to HMP Low Moss (LMS)"), "{err}");
    assert!(!path.exists());
    assert_eq!(t.perth.snapshot(), before);
    // Consent given today with the pack: recorded with it.
    let made = t
        .perth
        .store
        .make_transfer_pack(&t.perth.actor, person, &TransferTo { to: "lms".into(), consent_given_on: Some(d(2026, 11, 16)) }, &path)
        .unwrap();
    assert_eq!((made.to.as_str(), made.groups, made.awards, made.earlier), ("LMS", 1, 1, 0));
    let plan = t.perth.store.liberation_plan(&t.perth.actor, person).unwrap();
    assert!(plan.consents.iter().any(|c| c.establishments == ["LMS"] && c.id == made.consent_id), "{:?}", plan.consents);
    // Sealed: no name, number or group in the file.
    let bytes = std::fs::read(&path).unwrap();
    let found = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(!found(b"123456") && !found("Żółć".as_bytes()) && !found(b"MOIR") && !found(b"Dundee"));

    // Low Moss has a month of its own: a programme Łukasz's history must not swell.
    let est = t.lms;
    let (store, actor) = (&mut t.low_moss.store, &t.low_moss.actor);
    let group = store.add_group(actor, est, &programme_details("MOIR Low Moss")).unwrap();
    let local = store.add_participant(actor, est, &prisoner_details("777777", "Siobhán", "Ó Súilleabháin")).unwrap();
    store.enrol(actor, group.id, local.id, d(2026, 10, 5)).unwrap();
    let s = store.add_session(actor, group.id, d(2026, 10, 12), None).unwrap();
    store.take_register(actor, s.id, &[Mark::present(local.id)]).unwrap();
    let figures_before = returns(&t.low_moss.store, &t.low_moss.actor, est);
    let taken = t.low_moss.store.take_in_transfer_pack(&t.low_moss.actor, &path).unwrap();
    assert!(taken.added && !taken.already, "{taken:?}");
    assert_eq!((taken.name.as_str(), taken.from.as_str()), ("Łukasz Żółć", "HMP Perth (PER)"));
    let page = t.low_moss.store.participant_page(&t.low_moss.actor, taken.participant_id).unwrap();
    assert_eq!(page.participant.prison_number.as_deref(), Some("123456"));
    assert_eq!(page.participant.establishment_id, est);
    assert!(page.enrolments.is_empty() && page.awards.is_empty(), "nothing of Perth's becomes Low Moss's own");
    let perth = &page.elsewhere[0];
    assert_eq!((perth.code.as_str(), perth.name.as_str(), perth.home_area.as_deref()), ("PER", "HMP Perth", Some("Dundee")));
    let g = &perth.groups[0];
    assert_eq!((g.name.as_str(), g.sessions_attended, g.first, g.last), ("MOIR Perth", 4, d(2026, 10, 5), d(2026, 10, 26)));
    assert_eq!(perth.awards[0].number, award.number);
    assert!(perth.consents.iter().any(|c| c.shared_with == ["HMP Low Moss (LMS)"]), "{:?}", perth.consents);
    // Low Moss's figures are as they were.
    assert_eq!(returns(&t.low_moss.store, &t.low_moss.actor, est), figures_before);
    // The certificate verifies at Low Moss, with what is printed on it; an altered one does not.
    let v = t
        .low_moss
        .store
        .verify_award(&t.low_moss.actor, &award.number, &award.verification_code, Some("Łukasz Żółć"), Some(d(2026, 11, 2)))
        .unwrap();
    assert!(matches!(&v, Verification::Elsewhere { establishment, revoked_on: None, .. } if establishment == "HMP Perth (PER)"), "{v:?}");
    let v = t
        .low_moss
        .store
        .verify_award(&t.low_moss.actor, &award.number, &award.verification_code, Some("Lukasz Zolc"), Some(d(2026, 11, 3)))
        .unwrap();
    assert!(matches!(&v, Verification::Altered { differs, .. } if differs == &["date"]), "{v:?}");
    // The same pack again changes nothing.
    let snapshot = t.low_moss.snapshot();
    let again = t.low_moss.store.take_in_transfer_pack(&t.low_moss.actor, &path).unwrap();
    assert!(again.already && again.participant_id == taken.participant_id);
    assert_eq!(t.low_moss.snapshot(), snapshot);
}

#[test]
fn a_person_moving_on_again_takes_every_establishments_history_and_is_matched_on_return() {
    let mut t = two();
    let (person, _) = history_at_perth(&mut t.perth);
    let to_lms = pack_path(t.dir.path(), "to-lms");
    t.perth
        .store
        .make_transfer_pack(&t.perth.actor, person, &TransferTo { to: "LMS".into(), consent_given_on: Some(d(2026, 11, 16)) }, &to_lms)
        .unwrap();
    let here = t.low_moss.store.take_in_transfer_pack(&t.low_moss.actor, &to_lms).unwrap().participant_id;
    // Back to Perth: Low Moss's pack carries Perth's own history too; Perth finds its own
    // person (by prison number) and adds nothing.
    let to_per = pack_path(t.dir.path(), "to-per");
    let back = t
        .low_moss
        .store
        .make_transfer_pack(&t.low_moss.actor, here, &TransferTo { to: "PER".into(), consent_given_on: Some(d(2026, 11, 16)) }, &to_per)
        .unwrap();
    assert_eq!((back.groups, back.awards, back.earlier), (0, 0, 1));
    let people = t.perth.store.participants(&t.perth.actor, &Default::default()).unwrap().len();
    let taken = t.perth.store.take_in_transfer_pack(&t.perth.actor, &to_per).unwrap();
    assert_eq!((taken.participant_id, taken.added), (person, false));
    assert_eq!(t.perth.store.participants(&t.perth.actor, &Default::default()).unwrap().len(), people);
    let elsewhere = t.perth.store.histories_elsewhere(&t.perth.actor, person).unwrap();
    assert_eq!(
        elsewhere.iter().map(|h| h.code.as_str()).collect::<Vec<_>>(),
        ["LMS"],
        "Perth's own history is not shown as from elsewhere"
    );
}

#[test]
fn packs_sealed_elsewhere_altered_or_for_someone_erased_here_are_refused_with_the_reason() {
    let mut t = two();
    let (person, _) = history_at_perth(&mut t.perth);
    let path = pack_path(t.dir.path(), "pack");
    t.perth
        .store
        .make_transfer_pack(&t.perth.actor, person, &TransferTo { to: "LMS".into(), consent_given_on: Some(d(2026, 11, 16)) }, &path)
        .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let before = t.low_moss.snapshot();
    let refused = |store: &mut Store, actor: &Actor, name: &str, content: &[u8], words: &str| {
        let p = pack_path(t.dir.path(), name);
        std::fs::write(&p, content).unwrap();
        let err = store.take_in_transfer_pack(actor, &p).unwrap_err().to_string();
        assert!(err.contains(words), "{name}: {err}");
    };
    let mut flipped = bytes.clone();
    let at = flipped.len() - 200;
    flipped[at] ^= 1;
    refused(&mut t.low_moss.store, &t.low_moss.actor, "flipped", &flipped, "altered since it was made");
    refused(&mut t.low_moss.store, &t.low_moss.actor, "cut", &bytes[..60], "incomplete");
    refused(&mut t.low_moss.store, &t.low_moss.actor, "empty", b"", "not a Recovery Register transfer pack");
    assert_eq!(t.low_moss.snapshot(), before);
    // Another establishment's install (Barlinnie) is refused: the pack is not sealed to its card.
    let mut barlinnie = Fixture::new();
    barlinnie.store.add_establishment(&barlinnie.actor, &NewEstablishment { code: "BAR".into(), name: "HMP Barlinnie".into() }).unwrap();
    barlinnie.store.own_card(&barlinnie.actor, Some("BAR"), None).unwrap();
    let err = barlinnie.store.take_in_transfer_pack(&barlinnie.actor, &path).unwrap_err().to_string();
    assert!(err.contains("it was sealed to LMS's card, which is not this install's"), "{err}");
    // A pack for a person who is not in custody, or with no card for the receiver, is refused.
    let err = t
        .perth
        .store
        .make_transfer_pack(
            &t.perth.actor,
            person,
            &TransferTo { to: "BAR".into(), consent_given_on: Some(d(2026, 11, 16)) },
            &pack_path(t.dir.path(), "bar"),
        )
        .unwrap_err();
    assert!(err.to_string().contains("holds no card for BAR"), "{err}");
    // Taken in, then erased at Low Moss after the retention period: a later pack is refused.
    let here = t.low_moss.store.take_in_transfer_pack(&t.low_moss.actor, &path).unwrap().participant_id;
    t.low_moss.store.liberate(&t.low_moss.actor, here, d(2026, 11, 16)).unwrap();
    t.low_moss.store.set_today(d(2033, 12, 1));
    t.low_moss.store.erase_past_retention(&t.low_moss.actor, &[here]).unwrap();
    assert!(t.low_moss.store.histories_elsewhere(&t.low_moss.actor, here).unwrap().is_empty(), "erasure clears the history brought");
    let later = pack_path(t.dir.path(), "later");
    t.perth.store.make_transfer_pack(&t.perth.actor, person, &TransferTo { to: "LMS".into(), consent_given_on: None }, &later).unwrap();
    let before = t.low_moss.snapshot();
    let err = t.low_moss.store.take_in_transfer_pack(&t.low_moss.actor, &later).unwrap_err().to_string();
    assert!(err.contains("a person whose records were erased here on 01/12/2033"), "{err}");
    assert_eq!(t.low_moss.snapshot(), before);
    // Once they are added again by hand, the pack is matched to them on their prison number.
    let again = t.low_moss.store.add_participant(&t.low_moss.actor, t.lms, &prisoner_details("123456", "Łukasz", "Żółć")).unwrap();
    let taken = t.low_moss.store.take_in_transfer_pack(&t.low_moss.actor, &later).unwrap();
    assert_eq!((taken.participant_id, taken.added), (again.id, false));
}

#[test]
fn the_cli_packs_a_person_with_their_consent_and_the_receiving_establishment_takes_them_in() {
    use crate::support::cli;
    let dir = tempfile::tempdir().unwrap();
    let (perth, low_moss) = (dir.path().join("perth.db"), dir.path().join("lowmoss.db"));
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let run = |db: &Path, args: &[&str]| {
        let out = cli(db, args);
        (out.status.success(), String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr))
    };
    let ok = |db: &Path, args: &[&str]| {
        let (fine, said) = run(db, args);
        assert!(fine, "{args:?}: {said}");
        said
    };
    ok(&perth, &["establishment", "add", "--code", "per", "--name", "HMP Perth"]);
    ok(&low_moss, &["establishment", "add", "--code", "lms", "--name", "HMP Low Moss"]);
    ok(&perth, &["card", "make", "--establishment", "PER", "--to", &path("per.rrcard")]);
    ok(&low_moss, &["card", "make", "--establishment", "LMS", "--to", &path("lms.rrcard")]);
    ok(&perth, &["card", "add", &path("lms.rrcard")]);
    ok(&low_moss, &["card", "add", &path("per.rrcard")]);
    ok(
        &perth,
        &[
            "participant",
            "add",
            "--establishment",
            "PER",
            "--prison-number",
            "123456",
            "--given-name",
            "Siobhán",
            "--family-name",
            "Ó Súilleabháin",
        ],
    );
    let (fine, said) = run(&perth, &["transfer", "pack", "123456", "--to-establishment", "LMS", "--to", &path("p.rrtransfer")]);
    assert!(!fine && said.contains("no consent in force"), "{said}");
    let made = ok(
        &perth,
        &["transfer", "pack", "123456", "--to-establishment", "LMS", "--consent-given", "01/11/2026", "--to", &path("p.rrtransfer")],
    );
    assert!(made.contains("Transfer pack for Siobhán Ó Súilleabháin sealed to HMP Low Moss (LMS)"), "{made}");
    let taken = ok(&low_moss, &["transfer", "receive", &path("p.rrtransfer")]);
    assert!(taken.contains("Siobhán Ó Súilleabháin from HMP Perth (PER): added here, with their history."), "{taken}");
    let shown = ok(&low_moss, &["participant", "show", "123456"]);
    assert!(shown.contains("At HMP Perth (PER), up to"), "{shown}");
    let again = ok(&low_moss, &["transfer", "receive", &path("p.rrtransfer")]);
    assert!(again.contains("taken in before: nothing changed"), "{again}");
}

/// A candidate part-way through an SVQ at Perth, who also led sessions there as a peer, moves to
/// Low Moss: the units signed off (with the assessor and date), the candidate number, the role,
/// the qualification to deliver and the sessions led go with them, shown with their history and
/// never made into sign-offs or a peer role at Low Moss.
#[test]
fn svq_units_and_sessions_led_as_a_peer_go_with_the_person_and_stay_history() {
    let mut t = two();
    let (person, _) = history_at_perth(&mut t.perth);
    let (store, actor, est) = (&mut t.perth.store, &t.perth.actor, t.perth.establishment.id);
    let svq = store.add_award_type(actor, est, &crate::support::svq_award()).unwrap();
    let units = store
        .add_units(
            actor,
            svq.id,
            &[
                NewUnit { code: "HK9A 04".into(), title: "Promote effective communication".into() },
                NewUnit { code: "HK9B 04".into(), title: "Develop your own practice in recovery work".into() },
            ],
        )
        .unwrap();
    store.sign_off_unit(actor, person, units[0].id, "Alison Grant", d(2026, 10, 6)).unwrap();
    store.set_candidate_number(actor, person, "123456789").unwrap();
    let leads = store.add_peer_role(actor, person, PeerRole::PeerFacilitator, d(2026, 9, 1)).unwrap();
    let details =
        QualificationDetails { course: "SMART Recovery".into(), training: TRAINING_FOR_TRAINERS.into(), qualified_on: d(2026, 9, 20) };
    store.record_qualification(actor, leads.id, &details).unwrap();
    let smart = store
        .add_group(actor, est, &GroupDetails { facilitators: vec![leads.id], ..programme_details("SMART Recovery – C Hall") })
        .unwrap();
    for day in [7, 21] {
        let s = store.add_session(actor, smart.id, d(2026, 10, day), None).unwrap();
        store.log_session(actor, s.id, &SessionLog { topic: None, notes: None, facilitators: vec![leads.id] }, true).unwrap();
    }
    let path = pack_path(t.dir.path(), "pack");
    store.make_transfer_pack(actor, person, &TransferTo { to: "LMS".into(), consent_given_on: Some(d(2026, 11, 16)) }, &path).unwrap();

    let taken = t.low_moss.store.take_in_transfer_pack(&t.low_moss.actor, &path).unwrap();
    let (store, actor) = (&mut t.low_moss.store, &t.low_moss.actor);
    let page = store.participant_page(actor, taken.participant_id).unwrap();
    let perth = &page.elsewhere[0];
    assert_eq!(
        perth.svq,
        [HistorySvq {
            title: svq.details.title.clone(),
            svq_level: svq.details.svq_level,
            units_total: 2,
            units: vec![HistoryUnit {
                code: "HK9A 04".into(),
                title: "Promote effective communication".into(),
                assessor: "Alison Grant".into(),
                signed_off_on: d(2026, 10, 6)
            }],
        }]
    );
    assert_eq!(perth.sqa_candidate_number.as_deref(), Some("123456789"));
    let peer = perth.peer.as_ref().unwrap();
    assert_eq!((peer.role, peer.since), (PeerRole::PeerFacilitator, d(2026, 9, 1)));
    assert_eq!(peer.qualifications, [details]);
    assert_eq!(
        peer.led,
        [PassportLed { group: "SMART Recovery – C Hall".into(), sessions: 2, first: d(2026, 10, 7), last: d(2026, 10, 21) }]
    );
    // History, not Low Moss's own: no sign-offs, no candidate number, no peer role here.
    assert!(store.svq_progress(actor, taken.participant_id).unwrap().is_empty());
    assert_eq!(store.candidate_number(actor, taken.participant_id).unwrap(), None);
    assert_eq!(store.peer_record(actor, taken.participant_id).unwrap(), None);
    // And the full record says what the pack brought.
    let record = store.person_record(actor, taken.participant_id).unwrap();
    assert_eq!(record.history_elsewhere[0].svq[0].units.len(), 1);

    // A history kept from a pack made before these were carried reads as having none.
    let mut old = serde_json::to_value(perth).unwrap();
    for field in ["svq", "sqa_candidate_number", "peer"] {
        old.as_object_mut().unwrap().remove(field);
    }
    let read: History = serde_json::from_value(old).unwrap();
    assert_eq!((read.svq.len(), read.sqa_candidate_number, read.peer), (0, None, None));
    assert_eq!(read.groups, perth.groups);
}
