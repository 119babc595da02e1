//! A team of PCs (issue 21): real encrypted database files in separate folders, joined from
//! joining files, passing change files. Each PC is what the app opens: `access::unlock` with
//! an administrator's password.

use crate::support::{d, prisoner_details, programme_details};
use chrono::Utc;
use recovery_register::access;
use recovery_register::change_file::{self, PassphraseCost};
use recovery_register::keys::Cost;
use recovery_register::model::*;
use recovery_register::store::team::{join_team, ConflictChoice};
use recovery_register::{Actor, Store};
use std::path::{Path, PathBuf};

const PASSWORD: &str = "correct horse battery staple 9";

pub struct Pc {
    pub name: String,
    pub store: Store,
    pub actor: Actor,
}

pub struct Team {
    pub dir: tempfile::TempDir,
    pub pcs: Vec<Pc>,
    pub establishment: EstablishmentId,
    files: usize,
}

impl Team {
    /// The office PC set up with HMP Perth, then each other PC joined from a joining file the
    /// office PC made.
    pub fn new(names: &[&str]) -> Team {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join(names[0]).join("recovery-register.db");
        let made = access::set_up(&db, "agrant", "Alison Grant", PASSWORD, Cost::MINIMUM).unwrap();
        let mut office = Pc { name: names[0].into(), store: made.store, actor: made.actor };
        office.store.set_today(d(2026, 11, 16));
        let establishment =
            office.store.add_establishment(&office.actor, &NewEstablishment { code: "per".into(), name: "HMP Perth".into() }).unwrap().id;
        let mut pcs = vec![office];
        for name in &names[1..] {
            let joining = dir.path().join(format!("{name}.join"));
            let actor = pcs[0].actor;
            let made = pcs[0].store.make_joining_file(&actor, names[0], name, &joining, PassphraseCost::MINIMUM).unwrap();
            assert_eq!(made.pc_name, *name);
            let db = dir.path().join(name).join("recovery-register.db");
            assert_eq!(join_team(&joining, &made.passphrase, &db).unwrap(), *name);
            let (mut store, actor) = access::unlock(&db, "agrant", PASSWORD, Utc::now()).unwrap();
            store.set_today(d(2026, 11, 16));
            pcs.push(Pc { name: name.to_string(), store, actor });
        }
        Team { dir, pcs, establishment, files: 0 }
    }

    pub fn send(&mut self, from: usize) -> PathBuf {
        self.files += 1;
        let path = self.dir.path().join(format!("changes-{}-{}.rrchanges", self.files, self.pcs[from].name));
        let pc = &mut self.pcs[from];
        pc.store.send_changes(&pc.actor, &path).unwrap();
        path
    }

    pub fn take(&mut self, to: usize, file: &Path) -> recovery_register::store::team::TakenIn {
        let pc = &mut self.pcs[to];
        pc.store.take_in_changes(&pc.actor, file).unwrap()
    }

    /// Every PC sends, and every other PC takes the file in; twice, so that what one PC took in
    /// from another reaches the third.
    pub fn exchange_all(&mut self) {
        for _ in 0..2 {
            for from in 0..self.pcs.len() {
                let file = self.send(from);
                for to in (0..self.pcs.len()).filter(|t| *t != from) {
                    self.take(to, &file);
                }
            }
        }
    }

    pub fn dump(&self, pc: usize) -> Vec<String> {
        self.pcs[pc].store.team_dump().unwrap()
    }
}

fn marks(store: &Store, actor: &Actor, session: SessionId) -> Vec<(String, MarkKind)> {
    let mut out: Vec<(String, MarkKind)> = store
        .register(actor, session)
        .unwrap()
        .lines
        .into_iter()
        .filter_map(|l| l.mark.map(|m| (l.participant.prison_number.clone().unwrap_or_default(), m.mark)))
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn a_register_taken_on_each_of_two_pcs_is_on_both_after_one_exchange() {
    let mut team = Team::new(&["Office PC", "Café PC"]);
    let est = team.establishment;
    // Before the café PC joined: everything the office held went with the joining file.
    let (office, cafe) = (0, 1);
    let an = {
        let pc = &mut team.pcs[office];
        pc.store.add_participant(&pc.actor, est, &prisoner_details("A100001", "Nguyễn Văn", "An")).unwrap()
    };
    assert!(team.pcs[cafe].store.participant(&team.pcs[cafe].actor, an.id).is_err(), "added after the café PC joined");
    let group = {
        let pc = &mut team.pcs[office];
        let g = pc.store.add_group(&pc.actor, est, &programme_details("MOIR")).unwrap();
        pc.store.enrol(&pc.actor, g.id, an.id, d(2026, 10, 5)).unwrap();
        g
    };
    let file = team.send(office);
    let taken = team.take(cafe, &file);
    assert_eq!(taken.changed, 3, "the person, the group and the enrolment: {taken:?}");
    assert_eq!(taken.sender, "Office PC");
    // The café PC adds a person and takes the register of 19/10; the office takes 12/10.
    let siobhan = {
        let pc = &mut team.pcs[cafe];
        let p = pc.store.add_participant(&pc.actor, est, &prisoner_details("B200002", "Siobhán", "Ó Súilleabháin")).unwrap();
        pc.store.enrol(&pc.actor, group.id, p.id, d(2026, 10, 5)).unwrap();
        let s = pc.store.add_session(&pc.actor, group.id, d(2026, 10, 19), None).unwrap();
        pc.store.take_register(&pc.actor, s.id, &[Mark::present(an.id), Mark::present(p.id)]).unwrap();
        p
    };
    let twelfth = {
        let pc = &mut team.pcs[office];
        let s = pc.store.add_session(&pc.actor, group.id, d(2026, 10, 12), None).unwrap();
        pc.store.take_register(&pc.actor, s.id, &[Mark::present(an.id)]).unwrap();
        s
    };
    team.exchange_all();
    assert_eq!(team.dump(office), team.dump(cafe));
    for pc in &team.pcs {
        let on_19th = pc.store.session_on(&pc.actor, group.id, d(2026, 10, 19)).unwrap();
        assert_eq!(marks(&pc.store, &pc.actor, on_19th.id).len(), 2, "{}", pc.name);
        assert_eq!(marks(&pc.store, &pc.actor, twelfth.id), vec![("A100001".to_string(), MarkKind::Present)], "{}", pc.name);
        // Found by name on both: the search words are made again where a person arrives.
        let found = pc.store.find_participants(&pc.actor, "sio", Some(est), 10).unwrap();
        assert_eq!(found.iter().map(|p| p.id).collect::<Vec<_>>(), vec![siobhan.id], "{}", pc.name);
    }
    // A file taken in twice, and an older file after a newer one, change nothing.
    let again = team.take(cafe, &file);
    assert_eq!(again.changed, 0, "{again:?}");
    assert_eq!(team.dump(office), team.dump(cafe));
}

#[test]
fn a_mark_changed_on_two_pcs_waits_for_a_person_to_choose_and_the_choice_travels() {
    let mut team = Team::new(&["Office PC", "Café PC"]);
    let est = team.establishment;
    let (an, session) = {
        let pc = &mut team.pcs[0];
        let an = pc.store.add_participant(&pc.actor, est, &prisoner_details("A100001", "An", "Nguyễn")).unwrap();
        let g = pc.store.add_group(&pc.actor, est, &programme_details("MOIR")).unwrap();
        pc.store.enrol(&pc.actor, g.id, an.id, d(2026, 10, 5)).unwrap();
        let s = pc.store.add_session(&pc.actor, g.id, d(2026, 10, 12), None).unwrap();
        (an, s)
    };
    team.exchange_all();
    // Without sight of each other: present in the office, absent (court) in the café.
    {
        let pc = &mut team.pcs[0];
        pc.store.take_register(&pc.actor, session.id, &[Mark::present(an.id)]).unwrap();
    }
    {
        let pc = &mut team.pcs[1];
        let absent = Mark { participant_id: an.id, mark: MarkKind::Absent, absence_reason: Some(AbsenceReason::Court), note: None };
        pc.store.take_register(&pc.actor, session.id, &[absent]).unwrap();
    }
    let from_cafe = team.send(1);
    let preview = {
        let pc = &mut team.pcs[0];
        pc.store.preview_changes(&pc.actor, &from_cafe).unwrap()
    };
    assert_eq!(preview.conflicts, 1, "{preview:?}");
    assert_eq!(team.pcs[0].store.mark_conflicts(&team.pcs[0].actor).unwrap().len(), 0, "a preview changes nothing");
    team.exchange_all();
    assert_eq!(team.dump(0), team.dump(1));
    for pc in &team.pcs {
        let conflicts = pc.store.mark_conflicts(&pc.actor).unwrap();
        assert_eq!(conflicts.len(), 1, "{}", pc.name);
        let c = &conflicts[0];
        let mut both = [c.kept.mark.as_str(), c.other.mark.as_str()];
        both.sort();
        assert_eq!(both, ["absent", "present"]);
        assert_eq!(c.person, "Nguyễn, An");
        // Both versions are held about him, so both are in his full record.
        let record = pc.store.person_record(&pc.actor, an.id).unwrap();
        let waiting: Vec<bool> = record.attendance.iter().map(|a| a.waiting_choice).collect();
        assert_eq!(waiting, [false, true], "{}", pc.name);
    }
    // The office chooses the café's version (absent at court) whichever was kept.
    let chosen = {
        let pc = &team.pcs[0];
        let c = &pc.store.mark_conflicts(&pc.actor).unwrap()[0];
        if c.kept.mark == "absent" {
            ConflictChoice::Kept
        } else {
            ConflictChoice::Other
        }
    };
    {
        let pc = &mut team.pcs[0];
        pc.store.resolve_conflict(&pc.actor, session.id, an.id, chosen).unwrap();
    }
    team.exchange_all();
    assert_eq!(team.dump(0), team.dump(1));
    for pc in &team.pcs {
        assert!(pc.store.mark_conflicts(&pc.actor).unwrap().is_empty(), "{}", pc.name);
        assert_eq!(marks(&pc.store, &pc.actor, session.id), vec![("A100001".to_string(), MarkKind::Absent)], "{}", pc.name);
    }
}

#[test]
fn a_person_added_on_two_pcs_with_one_prison_number_becomes_one_person_and_nothing_is_lost() {
    let mut team = Team::new(&["Office PC", "Café PC"]);
    let est = team.establishment;
    let group = {
        let pc = &mut team.pcs[0];
        pc.store.add_group(&pc.actor, est, &programme_details("MOIR")).unwrap()
    };
    team.exchange_all();
    // The office adds Łukasz first; the café, not knowing, adds him again with his date of birth
    // missing and enrols him.
    let first = {
        let pc = &mut team.pcs[0];
        pc.store.add_participant(&pc.actor, est, &prisoner_details("C300003", "Łukasz", "Żółć")).unwrap()
    };
    let second = {
        let pc = &mut team.pcs[1];
        let mut details = prisoner_details("C300003", "Lukasz", "Zolc");
        details.date_of_birth = None;
        let p = pc.store.add_participant(&pc.actor, est, &details).unwrap();
        pc.store.enrol(&pc.actor, group.id, p.id, d(2026, 10, 5)).unwrap();
        let s = pc.store.add_session(&pc.actor, group.id, d(2026, 10, 12), None).unwrap();
        pc.store.take_register(&pc.actor, s.id, &[Mark::present(p.id)]).unwrap();
        p
    };
    assert!(first.id < second.id);
    team.exchange_all();
    assert_eq!(team.dump(0), team.dump(1));
    for pc in &team.pcs {
        let people = pc.store.find_participants(&pc.actor, "C300003", Some(est), 10).unwrap();
        assert_eq!(people.len(), 1, "{}", pc.name);
        assert_eq!(people[0].id, first.id, "the older id is kept on {}", pc.name);
        let held = pc.store.participant(&pc.actor, first.id).unwrap();
        assert_eq!(held.date_of_birth, Some(d(1984, 3, 2)));
        // The enrolment and the mark made under the other id are the kept person's.
        let enrolments = pc.store.enrolments_of_participant(&pc.actor, first.id).unwrap();
        assert_eq!(enrolments.len(), 1, "{}", pc.name);
        let s = pc.store.session_on(&pc.actor, group.id, d(2026, 10, 12)).unwrap();
        assert_eq!(marks(&pc.store, &pc.actor, s.id), vec![("C300003".to_string(), MarkKind::Present)], "{}", pc.name);
    }
}

#[test]
fn the_same_session_generated_on_two_pcs_is_one_session() {
    let mut team = Team::new(&["Office PC", "Café PC"]);
    let est = team.establishment;
    let (an, group) = {
        let pc = &mut team.pcs[0];
        let an = pc.store.add_participant(&pc.actor, est, &prisoner_details("A100001", "An", "Nguyễn")).unwrap();
        let g = pc.store.add_group(&pc.actor, est, &programme_details("MOIR")).unwrap();
        pc.store.enrol(&pc.actor, g.id, an.id, d(2026, 10, 5)).unwrap();
        (an, g)
    };
    team.exchange_all();
    for i in 0..2 {
        let pc = &mut team.pcs[i];
        let sessions = pc.store.generate_sessions(&pc.actor, group.id, d(2026, 10, 5), d(2026, 10, 26)).unwrap();
        assert_eq!(sessions.len(), 4);
        pc.store.take_register(&pc.actor, sessions[i].id, &[Mark::present(an.id)]).unwrap();
    }
    team.exchange_all();
    assert_eq!(team.dump(0), team.dump(1));
    for pc in &team.pcs {
        let listed = pc.store.sessions(&pc.actor, Some(group.id), None, d(2026, 10, 1), d(2026, 11, 1)).unwrap();
        assert_eq!(listed.len(), 4, "{}", pc.name);
    }
}

#[test]
fn an_erasure_travels_and_wipes_the_person_on_every_pc() {
    let mut team = Team::new(&["Office PC", "Café PC"]);
    let est = team.establishment;
    let gone = {
        let pc = &mut team.pcs[0];
        let p = pc.store.add_participant(&pc.actor, est, &prisoner_details("E500005", "Zebedee", "Quill")).unwrap();
        pc.store.liberate(&pc.actor, p.id, d(2019, 1, 10)).unwrap();
        p
    };
    team.exchange_all();
    {
        let pc = &mut team.pcs[0];
        pc.store.erase_past_retention(&pc.actor, &[gone.id]).unwrap();
    }
    // Meanwhile the café PC corrects his name, without sight of the erasure.
    {
        let pc = &mut team.pcs[1];
        let mut details = prisoner_details("E500005", "Zebedee", "Quill-Smith");
        details.location = None;
        pc.store.edit_participant(&pc.actor, gone.id, &details).unwrap();
    }
    team.exchange_all();
    assert_eq!(team.dump(0), team.dump(1));
    for pc in &team.pcs {
        assert!(pc.store.find_participants(&pc.actor, "Zebedee", Some(est), 10).unwrap().is_empty(), "{}", pc.name);
        let dump = team.dump(0).join("\n");
        assert!(!dump.contains("Quill") && !dump.contains("E500005"), "nothing of him is left");
    }
}

#[test]
fn spoilt_foreign_newer_and_unknown_files_are_refused_and_nothing_is_taken_in() {
    let mut team = Team::new(&["Office PC", "Café PC"]);
    let est = team.establishment;
    {
        let pc = &mut team.pcs[0];
        pc.store.add_participant(&pc.actor, est, &prisoner_details("A100001", "An", "Nguyễn")).unwrap();
    }
    let good = team.send(0);
    let bytes = std::fs::read(&good).unwrap();
    let before = team.dump(1);
    let check = |team: &mut Team, name: &str, spoilt: Vec<u8>, code: &str, words: &str| {
        let path = team.dir.path().join(name);
        std::fs::write(&path, spoilt).unwrap();
        let pc = &mut team.pcs[1];
        let err = pc.store.take_in_changes(&pc.actor, &path).unwrap_err();
        assert_eq!(err.code(), code, "{name}: {err}");
        assert!(err.to_string().contains(words), "{name}: {err}");
        assert!(err.to_string().contains("nothing was taken in") || code == "file", "{name}: {err}");
    };
    check(&mut team, "cut.rrchanges", bytes[..bytes.len() * 2 / 3].to_vec(), "partly_copied", "copy it again");
    let mut flipped = bytes.clone();
    let at = flipped.len() - 200;
    flipped[at] ^= 0x40;
    check(&mut team, "flipped.rrchanges", flipped, "tampered", "altered");
    check(&mut team, "register.csv", b"Name,Number\r\nAn,A1\r\n".to_vec(), "not_a_team_file", "not a Recovery Register change file");
    // Another service's team: its own office PC and key.
    let mut other = Team::new(&["Elsewhere", "Elsewhere café"]);
    {
        let pc = &mut other.pcs[0];
        pc.store.add_participant(&pc.actor, other.establishment, &prisoner_details("Z1", "Zed", "Other")).unwrap();
    }
    let foreign = std::fs::read(other.send(0)).unwrap();
    check(&mut team, "foreign.rrchanges", foreign, "other_team", "another service");
    // A file made by a newer version of the app (its manifest says so, signed by its maker).
    let newer = {
        let unopened = change_file::read_manifest(&bytes).unwrap();
        let mut manifest = unopened.manifest.clone();
        manifest.schema += 1;
        manifest.app_version = "9.1.0".into();
        change_file::seal_changes(manifest, &change_file::Changes::default(), &[0u8; 32], &change_file::new_signing_key())
    };
    check(&mut team, "newer.rrchanges", newer, "newer_version", "install version 9.1.0");
    // A PC this one has never heard of, in the team (it knows the team's id) but not known.
    let stranger = {
        let unopened = change_file::read_manifest(&bytes).unwrap();
        let mut manifest = unopened.manifest.clone();
        manifest.device = uuid::Uuid::now_v7();
        manifest.device_name = "Stranger".into();
        change_file::seal_changes(manifest, &change_file::Changes::default(), &[0u8; 32], &change_file::new_signing_key())
    };
    check(&mut team, "stranger.rrchanges", stranger, "unknown_pc", "\"Stranger\"");
    assert_eq!(team.dump(1), before, "nothing was taken in from any of them");
    // The office's own file, taken in on the office PC.
    let err = {
        let pc = &mut team.pcs[0];
        pc.store.take_in_changes(&pc.actor, &good).unwrap_err()
    };
    assert_eq!(err.code(), "from_this_pc");
    // A retired PC's files are refused.
    let cafe_id = team.pcs[0].store.team_status(&team.pcs[0].actor).unwrap().members[0].id;
    let from_cafe = team.send(1);
    {
        let pc = &mut team.pcs[0];
        pc.store.retire_pc(&pc.actor, cafe_id).unwrap();
        let err = pc.store.take_in_changes(&pc.actor, &from_cafe).unwrap_err();
        assert_eq!(err.code(), "retired_pc", "{err}");
    }
    // The good file still goes in.
    let taken = team.take(1, &good);
    assert_eq!(taken.changed, 1);
}

#[test]
fn the_team_page_names_the_pcs_and_warns_of_one_quiet_for_over_a_fortnight() {
    let mut team = Team::new(&["Office PC", "Café PC", "Programmes PC"]);
    let file = team.send(1);
    team.take(0, &file);
    let status = team.pcs[0].store.team_status(&team.pcs[0].actor).unwrap();
    assert_eq!(status.this_pc.as_ref().unwrap().name, "Office PC");
    let names: Vec<&str> = status.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Café PC", "Programmes PC"]);
    assert_eq!(status.members[0].days_since_changes, Some(0));
    assert_eq!(status.members[0].warning, None);
    assert_eq!(status.members[1].warning.as_deref(), Some("Programmes PC: no changes taken in from it yet"));
    assert!(status.last_taken_in.is_some());
    // Three weeks on (the office's clock moved), the café has been quiet for 21 days.
    team.pcs[0].store.set_clock_skew(chrono::Duration::days(21));
    let status = team.pcs[0].store.team_status(&team.pcs[0].actor).unwrap();
    assert_eq!(status.members[0].warning.as_deref(), Some("Café PC: last changes 21 days ago"));
    // Only administrators add or retire PCs.
    let caseworker = team.pcs[0].actor.with_role(recovery_register::Role::Caseworker);
    let path = team.dir.path().join("x.join");
    let err = team.pcs[0].store.make_joining_file(&caseworker, "Office PC", "X", &path, PassphraseCost::MINIMUM).unwrap_err();
    assert_eq!(err.code(), "forbidden");
    assert!(!path.exists());
}

/// The "done when" of issue 21: three PCs run a month, exchanging files weekly, and each PC's
/// monthly return is the same as the others' and as one PC's given the same acts.
#[test]
fn three_pcs_exchanging_weekly_for_a_month_give_the_return_one_pc_would() {
    use recovery_register::reports::csv::{monthly_csv, Disclosure};
    use recovery_register::views::Month;
    let mut team = Team::new(&["Office PC", "Café PC", "Programmes PC"]);
    let est = team.establishment;
    let one = {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("alone.db");
        let made = access::set_up(&db, "agrant", "Alison Grant", PASSWORD, Cost::MINIMUM).unwrap();
        let mut store = made.store;
        store.set_today(d(2026, 11, 16));
        let est = store.add_establishment(&made.actor, &NewEstablishment { code: "per".into(), name: "HMP Perth".into() }).unwrap().id;
        (dir, Pc { name: "Alone".into(), store, actor: made.actor }, est)
    };
    let (_dir, mut alone, alone_est) = one;
    // The same acts, in the same order, on the PC named and on the PC alone.
    type Act<'a> = Box<dyn Fn(&mut Pc, EstablishmentId) + 'a>;
    let people = ["A000001", "A000002", "A000003", "A000004", "A000005", "A000006"];
    let setup: Vec<(usize, Act)> = vec![(
        0,
        Box::new(|pc: &mut Pc, est| {
            for (i, n) in people.iter().enumerate() {
                let p = pc.store.add_participant(&pc.actor, est, &prisoner_details(n, ["Siobhán", "Łukasz", "An"][i % 3], "Test")).unwrap();
                let group = if i < 4 { "MOIR" } else { "SMART Recovery" };
                let g = match pc.store.group_by_key(&pc.actor, group, Some(est)) {
                    Ok(g) => g,
                    Err(_) => pc.store.add_group(&pc.actor, est, &programme_details(group)).unwrap(),
                };
                pc.store.enrol(&pc.actor, g.id, p.id, d(2026, 10, 5)).unwrap();
            }
        }),
    )];
    for (pc, act) in &setup {
        act(&mut team.pcs[*pc], est);
        act(&mut alone, alone_est);
    }
    team.exchange_all();
    // Each week: MOIR's register on the office PC, SMART's on the café PC (with one absence),
    // and the programmes room corrects last week's MOIR mark for A000004.
    for week in 0..4u64 {
        let day = d(2026, 10, 5) + chrono::Days::new(7 * week);
        let take = |pc: &mut Pc, est: EstablishmentId, group: &str, absent: Option<&str>| {
            let g = pc.store.group_by_key(&pc.actor, group, Some(est)).unwrap();
            let s = match pc.store.session_on(&pc.actor, g.id, day) {
                Ok(s) => s,
                Err(_) => pc.store.add_session(&pc.actor, g.id, day, None).unwrap(),
            };
            let marks: Vec<Mark> = pc
                .store
                .roster(&pc.actor, g.id, day)
                .unwrap()
                .iter()
                .map(|l| {
                    if Some(l.participant.prison_number.as_deref().unwrap()) == absent {
                        Mark {
                            participant_id: l.participant.id,
                            mark: MarkKind::Absent,
                            absence_reason: Some(AbsenceReason::Court),
                            note: None,
                        }
                    } else {
                        Mark::present(l.participant.id)
                    }
                })
                .collect();
            pc.store.take_register(&pc.actor, s.id, &marks).unwrap();
        };
        take(&mut team.pcs[0], est, "MOIR", None);
        take(&mut alone, alone_est, "MOIR", None);
        take(&mut team.pcs[1], est, "SMART Recovery", Some("A000005"));
        take(&mut alone, alone_est, "SMART Recovery", Some("A000005"));
        team.exchange_all();
        take(&mut team.pcs[2], est, "MOIR", Some("A000004"));
        take(&mut alone, alone_est, "MOIR", Some("A000004"));
        team.exchange_all();
    }
    let october = Month { year: 2026, month: 10 };
    let csv = |pc: &Pc, est: EstablishmentId| {
        let report = pc.store.monthly_report(&pc.actor, &[est], october).unwrap();
        String::from_utf8(monthly_csv(&report, Disclosure { suppress_small: false }).unwrap()).unwrap()
    };
    let expected = csv(&alone, alone_est);
    assert!(expected.contains("MOIR"), "{expected}");
    for pc in &team.pcs {
        assert_eq!(csv(pc, est), expected, "{}'s return", pc.name);
    }
    assert_eq!(team.dump(0), team.dump(1));
    assert_eq!(team.dump(0), team.dump(2));
}

#[test]
fn the_cli_adds_a_pc_joins_it_and_carries_a_person_across() {
    use crate::support::cli;
    let dir = tempfile::tempdir().unwrap();
    let office = dir.path().join("office").join("register.db");
    let cafe = dir.path().join("cafe").join("register.db");
    let ok = |out: std::process::Output| {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    ok(cli(&office, &["establishment", "add", "--code", "per", "--name", "HMP Perth"]));
    let joining = dir.path().join("cafe.join");
    let made: serde_json::Value = serde_json::from_str(&ok(cli(
        &office,
        &["--json", "team", "add", "--name", "Café PC", "--this-pc", "Office PC", "--to", joining.to_str().unwrap()],
    )))
    .unwrap();
    let passphrase = made["passphrase"].as_str().unwrap().to_string();
    assert!(!std::fs::read(&joining).unwrap().windows(passphrase.len()).any(|w| w == passphrase.as_bytes()));
    // A wrong passphrase is refused and leaves no database behind.
    let join = |phrase: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_recovery-register"))
            .arg("--db")
            .arg(&cafe)
            .args(["team", "join", "--from", joining.to_str().unwrap()])
            .env("RECOVERY_REGISTER_PASSPHRASE", phrase)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap()
    };
    let wrong = join("AAAA-BBBB-CCCC-DDDD-EEEE");
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("passphrase"), "{}", String::from_utf8_lossy(&wrong.stderr));
    assert!(!cafe.exists());
    assert!(ok(join(&passphrase)).contains("\"Café PC\""));
    ok(cli(
        &cafe,
        &[
            "participant",
            "add",
            "--establishment",
            "per",
            "--prison-number",
            "B200002",
            "--given-name",
            "Siobhán",
            "--family-name",
            "Ó Súilleabháin",
        ],
    ));
    let file = dir.path().join("from-cafe.rrchanges");
    assert!(ok(cli(&cafe, &["team", "send", "--to", file.to_str().unwrap()])).contains("Changes sent"));
    let preview = ok(cli(&office, &["team", "receive", "--from", file.to_str().unwrap(), "--preview"]));
    assert!(preview.contains("Would take in changes from Café PC"), "{preview}");
    assert!(!ok(cli(&office, &["participant", "find", "Siobhán"])).contains("B200002"));
    ok(cli(&office, &["team", "receive", "--from", file.to_str().unwrap()]));
    assert!(ok(cli(&office, &["participant", "find", "Siobhán"])).contains("B200002"));
    let status = ok(cli(&office, &["team", "status"]));
    assert!(status.contains("This PC: Office PC") && status.contains("Café PC: "), "{status}");
    assert!(ok(cli(&office, &["team", "conflicts"])).contains("No conflicts to review."));
}

/// What the random acts below saved, to check that nothing acknowledged was lost.
#[derive(Default)]
struct Saved {
    people: std::collections::BTreeSet<String>,
    /// (group, day, prison number) of every mark saved.
    marks: std::collections::BTreeSet<(String, chrono::NaiveDate, String)>,
    erased: std::collections::BTreeSet<String>,
}

/// One random act on one PC; refusals the app would show a person (already enrolled, not on the
/// roster) are fine, anything else fails the test. The same prison numbers and group names are
/// used on every PC, so people, groups and sessions are made twice and merged.
fn random_act(pc: &mut Pc, which: usize, est: EstablishmentId, rng: &mut rand_chacha::ChaCha8Rng, saved: &mut Saved) {
    use rand::Rng;
    let number = format!("A{:06}", rng.random_range(0..8));
    let groups = ["MOIR", "SMART Recovery"];
    let mondays: Vec<chrono::NaiveDate> = (0..4).map(|w| d(2026, 10, 5) + chrono::Days::new(7 * w)).collect();
    let person = |pc: &Pc, number: &str| pc.store.find_participants(&pc.actor, number, Some(est), 1).unwrap().into_iter().next();
    let group = |pc: &mut Pc, name: &str| match pc.store.group_by_key(&pc.actor, name, Some(est)) {
        Ok(g) => g,
        Err(_) => pc.store.add_group(&pc.actor, est, &programme_details(name)).unwrap(),
    };
    let ok = |r: recovery_register::Result<()>| match r {
        Ok(()) => true,
        Err(e) if matches!(e.code(), "invalid" | "conflict" | "not_found") => false,
        Err(e) => panic!("{e:?}"),
    };
    match rng.random_range(0..11) {
        10 => {
            // A certificate, on the PC that numbers them (the others refuse, naming it).
            if let (Some(p), Ok(kind)) = (person(pc, &number), pc.store.award_types(&pc.actor, est).map(|t| t.into_iter().next())) {
                let Some(kind) = kind else { return };
                match pc.store.issue_awards(&pc.actor, kind.id, None, &[p.id], d(2026, 11, 16)) {
                    Ok(_) => assert_eq!(which, 0, "only the office numbers certificates"),
                    Err(e) if e.code() == "conflict" => {}
                    Err(e) => panic!("{e:?}"),
                }
            }
        }
        0 | 1 => {
            if person(pc, &number).is_none() && !saved.erased.contains(&number) {
                let given = ["Siobhán", "Łukasz", "Nguyễn Văn", "Ann"][rng.random_range(0..4)];
                let r = pc.store.add_participant(&pc.actor, est, &prisoner_details(&number, given, "Test")).map(|_| ());
                if ok(r) {
                    saved.people.insert(number);
                }
            }
        }
        2 => {
            if let Some(p) = person(pc, &number).filter(|p| p.status != Some(CustodyStatus::Liberated)) {
                let mut details = prisoner_details(&number, &p.given_name, &p.family_name);
                details.location =
                    Some(format!("{} Hall, {}/{}", ["A", "B"][rng.random_range(0..2)], rng.random_range(1..4), rng.random_range(1..30)));
                ok(pc.store.edit_participant(&pc.actor, p.id, &details).map(|_| ()));
            }
        }
        3 => {
            if let Some(p) = person(pc, &number).filter(|p| p.status != Some(CustodyStatus::Liberated)) {
                let g = group(pc, groups[rng.random_range(0..2)]);
                ok(pc.store.enrol(&pc.actor, g.id, p.id, d(2026, 10, 5)).map(|_| ()));
            }
        }
        4..=7 => {
            let name = groups[rng.random_range(0..2)];
            let g = group(pc, name);
            let day = mondays[rng.random_range(0..4)];
            let session = match pc.store.session_on(&pc.actor, g.id, day) {
                Ok(s) => s,
                Err(_) => pc.store.add_session(&pc.actor, g.id, day, None).unwrap(),
            };
            if session.status == SessionStatus::Cancelled {
                return;
            }
            let roster = pc.store.roster(&pc.actor, g.id, day).unwrap();
            let mut marks: Vec<Mark> = Vec::new();
            for line in &roster {
                if !rng.random_bool(0.7) {
                    continue;
                }
                marks.push(if rng.random_bool(0.8) {
                    Mark::present(line.participant.id)
                } else {
                    Mark {
                        participant_id: line.participant.id,
                        mark: MarkKind::Absent,
                        absence_reason: Some(AbsenceReason::Unwell),
                        note: None,
                    }
                });
            }
            if ok(pc.store.take_register(&pc.actor, session.id, &marks).map(|_| ())) {
                for m in &marks {
                    let number =
                        roster.iter().find(|l| l.participant.id == m.participant_id).unwrap().participant.prison_number.clone().unwrap();
                    saved.marks.insert((name.to_string(), day, number));
                }
            }
        }
        8 => {
            let g = group(pc, groups[rng.random_range(0..2)]);
            if let Ok(s) = pc.store.session_on(&pc.actor, g.id, mondays[rng.random_range(0..4)]) {
                if s.status != SessionStatus::Cancelled
                    && pc.store.register(&pc.actor, s.id).unwrap().lines.iter().all(|l| l.mark.is_none())
                {
                    ok(pc.store.cancel_session(&pc.actor, s.id, CancellationReason::Lockdown, None).map(|_| ()));
                }
            }
        }
        _ => {
            // Someone liberated long ago, whose record is erased. Only the office keeps these
            // (numbers E...): a person added again on another PC before an erasure reached it is
            // a record of its own, since an erased record keeps no number to be matched on.
            if which == 0 {
                let number = format!("E{:06}", saved.erased.len());
                let p = pc.store.add_participant(&pc.actor, est, &prisoner_details(&number, "Zebedee", "Quill")).unwrap();
                pc.store.liberate(&pc.actor, p.id, d(2019, 1, 10)).unwrap();
                pc.store.erase_past_retention(&pc.actor, &[p.id]).unwrap();
                saved.erased.insert(number);
            }
        }
    }
}

#[test]
fn three_pcs_acting_at_random_with_files_lost_repeated_and_out_of_order_end_holding_the_same_records() {
    use rand::{Rng, SeedableRng};
    let mut awards = 0;
    for seed in 1..=8u64 {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let mut team = Team::new(&["Office PC", "Café PC", "Programmes PC"]);
        // The programmes room's clock is three days slow.
        team.pcs[2].store.set_clock_skew(-chrono::Duration::days(3));
        let est = team.establishment;
        {
            let pc = &mut team.pcs[0];
            pc.store.add_award_type(&pc.actor, est, &crate::support::peer_mentor_award()).unwrap();
        }
        team.exchange_all();
        let mut saved = Saved::default();
        let mut files: Vec<(usize, PathBuf)> = Vec::new();
        for _ in 0..60 {
            let pc = rng.random_range(0..3);
            random_act(&mut team.pcs[pc], pc, est, &mut rng, &mut saved);
            if rng.random_bool(0.25) {
                let from = rng.random_range(0..3);
                files.push((from, team.send(from)));
            }
            if !files.is_empty() && rng.random_bool(0.3) {
                // Any file made so far (an older one after a newer, or one taken in already),
                // to one PC; some files are never passed on (lost).
                let (from, file) = files[rng.random_range(0..files.len())].clone();
                let to = (from + rng.random_range(1..3)) % 3;
                team.take(to, &file);
            }
        }
        team.exchange_all();
        let office = team.dump(0);
        awards += office.iter().filter(|row| row.starts_with("award [")).count();
        assert_eq!(office, team.dump(1), "seed {seed}: the office and the café differ");
        // Every PC's audit trail reached the others: no gaps, and where two PCs hold an entry of
        // a trail, it is the same entry; each holds the others' trails up to their last files.
        let trails: Vec<_> = team.pcs.iter().map(|pc| pc.store.team_audit_trails().unwrap()).collect();
        for (i, pc) in team.pcs.iter().enumerate() {
            assert!(pc.store.audit_gaps(&pc.actor).unwrap().is_empty(), "seed {seed}: {}", pc.name);
            assert_eq!(trails[i].len(), 3, "seed {seed}: {} holds three trails", pc.name);
            for (device, entries) in &trails[i] {
                for other in &trails {
                    let theirs: std::collections::BTreeMap<i64, &String> = other[device].iter().map(|(s, h)| (*s, h)).collect();
                    for (seq, hash) in entries {
                        if let Some(h) = theirs.get(seq) {
                            assert_eq!(*h, hash, "seed {seed}: entry {seq} of a trail differs between PCs");
                        }
                    }
                }
                // Only the last few entries (the final sends and take-ins) can be missing.
                let longest = trails.iter().map(|t| t[device].len()).max().unwrap();
                assert!(entries.len() + 8 >= longest, "seed {seed}: {} holds {} of {longest} entries", pc.name, entries.len());
            }
        }
        assert_eq!(office, team.dump(2), "seed {seed}: the office and the programmes room differ");
        for pc in &team.pcs {
            for number in &saved.people {
                assert_eq!(
                    pc.store.find_participants(&pc.actor, number, Some(est), 5).unwrap().len(),
                    1,
                    "seed {seed}: {number} on {}",
                    pc.name
                );
            }
            for number in &saved.erased {
                assert!(pc.store.find_participants(&pc.actor, number, Some(est), 1).unwrap().is_empty(), "seed {seed}: {number} erased");
            }
            for (group, day, number) in &saved.marks {
                let g = pc.store.group_by_key(&pc.actor, group, Some(est)).unwrap();
                let s = pc.store.session_on(&pc.actor, g.id, *day).unwrap();
                let held = marks(&pc.store, &pc.actor, s.id);
                assert!(held.iter().any(|(n, _)| n == number), "seed {seed}: {number}'s mark at {group} on {day} on {}", pc.name);
            }
        }
    }
    assert!(awards > 0, "the random acts issued certificates");
}

#[test]
fn one_pc_numbers_an_establishments_certificates_and_the_others_refuse_naming_it() {
    let mut team = Team::new(&["Office PC", "Café PC"]);
    let est = team.establishment;
    let (kind, people) = {
        let pc = &mut team.pcs[0];
        let kind = pc.store.add_award_type(&pc.actor, est, &crate::support::peer_mentor_award()).unwrap();
        let people: Vec<ParticipantId> = ["A1", "A2", "A3"]
            .iter()
            .map(|n| pc.store.add_participant(&pc.actor, est, &prisoner_details(n, "Ann", "Test")).unwrap().id)
            .collect();
        (kind, people)
    };
    team.exchange_all();
    // The office started the team: it numbers HMP Perth's certificates.
    {
        let pc = &mut team.pcs[0];
        let issued = pc.store.issue_awards(&pc.actor, kind.id, None, &people[..1], d(2026, 11, 16)).unwrap();
        assert_eq!(issued[0].number, "PER-2026-0001");
    }
    {
        let pc = &mut team.pcs[1];
        let err = pc.store.issue_awards(&pc.actor, kind.id, None, &people[1..2], d(2026, 11, 16)).unwrap_err();
        assert_eq!(err.code(), "conflict");
        assert!(err.to_string().contains("numbered on \"Office PC\""), "{err}");
        let numbering = pc.store.numbering_pcs(&pc.actor).unwrap();
        assert_eq!(numbering.len(), 1);
        assert_eq!((numbering[0].establishment.as_str(), numbering[0].pc.as_deref()), ("HMP Perth", Some("Office PC")));
    }
    // The administrator makes the café PC the one, on the office PC; the choice travels.
    let cafe_id = team.pcs[0].store.team_status(&team.pcs[0].actor).unwrap().members[0].id;
    {
        let pc = &mut team.pcs[0];
        pc.store.choose_numbering_pc(&pc.actor, est, cafe_id).unwrap();
        let err = pc.store.issue_awards(&pc.actor, kind.id, None, &people[1..2], d(2026, 11, 16)).unwrap_err();
        assert!(err.to_string().contains("numbered on \"Café PC\""), "{err}");
    }
    team.exchange_all();
    {
        let pc = &mut team.pcs[1];
        let issued = pc.store.issue_awards(&pc.actor, kind.id, None, &people[1..], d(2026, 11, 16)).unwrap();
        let numbers: Vec<&str> = issued.iter().map(|a| a.number.as_str()).collect();
        assert_eq!(numbers, ["PER-2026-0002", "PER-2026-0003"]);
    }
    team.exchange_all();
    assert_eq!(team.dump(0), team.dump(1));
}

#[test]
fn caseworkers_send_and_take_in_viewers_do_neither_and_only_administrators_manage_the_team() {
    use recovery_register::Role;
    let mut team = Team::new(&["Office PC", "Café PC"]);
    let est = team.establishment;
    {
        let pc = &mut team.pcs[0];
        pc.store.add_participant(&pc.actor, est, &prisoner_details("A1", "Ann", "Test")).unwrap();
    }
    let cafe_id = team.pcs[0].store.team_status(&team.pcs[0].actor).unwrap().members[0].id;
    let file = team.dir.path().join("by-caseworker.rrchanges");
    let caseworker = team.pcs[0].actor.with_role(Role::Caseworker);
    let viewer = team.pcs[0].actor.with_role(Role::Viewer);
    let office = &mut team.pcs[0].store;
    let code = |r: recovery_register::Result<()>| r.err().map(|e| e.code()).unwrap_or("ok");
    assert_eq!(code(office.send_changes(&viewer, &file).map(|_| ())), "forbidden");
    assert!(!file.exists());
    assert_eq!(code(office.send_changes(&caseworker, &file).map(|_| ())), "ok");
    assert_eq!(code(office.retire_pc(&caseworker, cafe_id)), "forbidden");
    assert_eq!(code(office.choose_numbering_pc(&caseworker, est, cafe_id)), "forbidden");
    assert_eq!(code(office.mark_conflicts(&caseworker).map(|_| ())), "forbidden");
    let cafe = &mut team.pcs[1];
    let cafe_viewer = cafe.actor.with_role(Role::Viewer);
    assert_eq!(code(cafe.store.take_in_changes(&cafe_viewer, &file).map(|_| ())), "forbidden");
    assert_eq!(code(cafe.store.preview_changes(&cafe_viewer, &file).map(|_| ())), "forbidden");
    let cafe_caseworker = cafe.actor.with_role(Role::Caseworker);
    assert_eq!(cafe.store.take_in_changes(&cafe_caseworker, &file).unwrap().changed, 1);
}

#[test]
fn every_pcs_audit_trail_reaches_the_others_and_an_altered_entry_is_refused_on_arrival() {
    let mut team = Team::new(&["Office PC", "Café PC"]);
    let est = team.establishment;
    {
        let pc = &mut team.pcs[1];
        pc.store.add_participant(&pc.actor, est, &prisoner_details("A1", "Ann", "Test")).unwrap();
    }
    let file = team.send(1);
    let taken = team.take(0, &file);
    assert!(taken.audit_entries >= 2, "the café's log-in and its new person at least: {taken:?}");
    let cafe = team.pcs[1].store.team_audit_trails().unwrap();
    let office = team.pcs[0].store.team_audit_trails().unwrap();
    let cafe_id = team.pcs[0].store.team_status(&team.pcs[0].actor).unwrap().members[0].id;
    assert_eq!(office[&cafe_id][..], cafe[&cafe_id][..office[&cafe_id].len()], "the office holds the café's trail as the café made it");
    // Someone edits an entry of the café's trail with another tool (around the triggers); the
    // next file carries it, and the office refuses it, naming the PC and the entry.
    {
        let conn = team.pcs[1].store.connection();
        conn.execute_batch("DROP TRIGGER audit_no_update").unwrap();
        let seq: i64 = conn.query_row("SELECT max(seq) FROM audit", [], |r| r.get(0)).unwrap();
        conn.execute("UPDATE audit SET detail = 'nothing to see' WHERE seq = ?1", [seq]).unwrap();
    }
    {
        let pc = &mut team.pcs[1];
        pc.store.add_participant(&pc.actor, est, &prisoner_details("A2", "Bea", "Test")).unwrap();
    }
    let before = team.dump(0);
    let altered = team.send(1);
    let err = {
        let pc = &mut team.pcs[0];
        pc.store.take_in_changes(&pc.actor, &altered).unwrap_err()
    };
    assert!(err.to_string().contains("Café PC's audit trail does not hold together at entry"), "{err}");
    assert_eq!(team.dump(0), before, "nothing was taken in");
}

#[test]
fn a_new_database_key_reaches_every_pc_through_files_sealed_under_the_old_one() {
    let mut team = Team::new(&["Office PC", "Café PC", "Programmes PC"]);
    let est = team.establishment;
    team.exchange_all();
    let (before, _) = team.pcs[0].store.team_keys().unwrap();
    // A PC left the service's hands: the office retires it... and changes the database key.
    {
        let pc = &mut team.pcs[0];
        pc.store.change_database_key(&pc.actor).unwrap();
        pc.store.add_participant(&pc.actor, est, &prisoner_details("A1", "Ann", "Test")).unwrap();
    }
    let (office_key, sealing) = team.pcs[0].store.team_keys().unwrap();
    assert_ne!(office_key, before);
    assert_eq!(sealing, before, "files stay sealed under the key every PC holds");
    let old_file = team.send(0);
    // The café takes it in (sealed under the old key) and takes the new key with it.
    team.take(1, &old_file);
    assert_eq!(team.pcs[1].store.team_keys().unwrap().0, office_key);
    // The programmes room hears of it from the café's file, not the office's.
    let from_cafe = team.send(1);
    team.take(2, &from_cafe);
    assert_eq!(team.pcs[2].store.team_keys().unwrap().0, office_key);
    team.exchange_all();
    assert_eq!(team.dump(0), team.dump(1));
    assert_eq!(team.dump(0), team.dump(2));
    for pc in &team.pcs {
        // Every PC now holds the new key and seals under it.
        assert_eq!(pc.store.team_keys().unwrap(), (office_key.clone(), office_key.clone()), "{}", pc.name);
    }
    // Everyone still logs in (the key slots were resealed on each PC), and a file made under
    // the old key is still taken in (changing nothing).
    for pc in &team.pcs {
        let db = team.dir.path().join(&pc.name).join("recovery-register.db");
        assert!(access::unlock(&db, "agrant", PASSWORD, Utc::now()).is_ok(), "{}", pc.name);
    }
    let again = team.take(2, &old_file);
    assert_eq!(again.changed, 0);
}

#[test]
fn a_pc_in_a_team_refuses_to_be_put_back_to_a_backup() {
    let mut team = Team::new(&["Office PC", "Café PC"]);
    let pc = &mut team.pcs[1];
    let backup = team.dir.path().join("cafe-backup.db");
    pc.store.back_up_to(&pc.actor, &backup).unwrap();
    let safety = team.dir.path().join("safety.db");
    let err = pc.store.restore_from(&pc.actor, &backup, &safety).unwrap_err();
    assert_eq!(err.code(), "conflict");
    assert!(err.to_string().contains("in a team of PCs") && err.to_string().contains("nothing was restored"), "{err}");
    assert!(!safety.exists());
}
