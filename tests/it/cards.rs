//! Receiving cards (issue 22): each install's card, its fingerprint, and the cards of others.

use crate::support::Fixture;
use recovery_register::card::{Card, CardKind};
use recovery_register::model::NewEstablishment;
use recovery_register::Role;

#[test]
fn an_establishment_and_the_national_office_exchange_cards_and_read_the_same_fingerprints() {
    let mut perth = Fixture::new();
    let mut national = Fixture::new();
    let card = perth.store.own_card(&perth.actor, Some("PER"), None).unwrap();
    assert_eq!((card.kind, card.code.as_str(), card.name.as_str()), (CardKind::Establishment, "PER", "HMP Perth"));
    // Made once: asked again, the same card.
    assert_eq!(perth.store.own_card(&perth.actor, Some("per"), None).unwrap(), card);
    let office = national.store.own_card(&national.actor, None, Some("Scottish Prison Service recovery network")).unwrap();
    assert_eq!(office.kind, CardKind::NationalOffice);
    // Each adds the other's card from its file; both read out the same fingerprint.
    let added = national.store.add_card(&national.actor, &card.to_file(), false).unwrap();
    assert_eq!(added.fingerprint, card.fingerprint());
    let back = perth.store.add_card(&perth.actor, &office.to_file(), false).unwrap();
    assert_eq!(back.fingerprint, office.fingerprint());
    let listed = perth.store.cards(&perth.actor).unwrap();
    let summary: Vec<(&str, bool, &str)> = listed.iter().map(|l| (l.code.as_str(), l.own, l.fingerprint.as_str())).collect();
    assert_eq!(summary, [("PER", true, card.fingerprint().as_str()), ("NATIONAL", false, office.fingerprint().as_str())]);
    // The same card again changes nothing; a card for PER with other keys is refused until
    // replacing it is asked for.
    national.store.add_card(&national.actor, &card.to_file(), false).unwrap();
    let swapped = Card { sealing_key: [9; 32], ..card.clone() };
    let err = national.store.add_card(&national.actor, &swapped.to_file(), false).unwrap_err();
    assert_eq!(err.code(), "conflict");
    assert!(err.to_string().contains(&card.fingerprint()) && err.to_string().contains("by phone"), "{err}");
    let replaced = national.store.add_card(&national.actor, &swapped.to_file(), true).unwrap();
    assert_eq!(replaced.fingerprint, swapped.fingerprint());
    // Its own card is not another install's.
    let err = perth.store.add_card(&perth.actor, &card.to_file(), false).unwrap_err();
    assert!(err.to_string().contains("this install's own card"), "{err}");
    // Damaged files are refused with the reason, and nothing is added.
    let before = national.store.cards(&national.actor).unwrap();
    for (bytes, words) in [(&b"PK\x03\x04"[..], "not a Recovery Register receiving card"), (&b"{\"format\": 1}"[..], "damaged")] {
        let err = national.store.add_card(&national.actor, bytes, false).unwrap_err();
        assert!(err.to_string().contains(words), "{err}");
    }
    assert_eq!(national.store.cards(&national.actor).unwrap(), before);
}

#[test]
fn only_administrators_make_or_add_cards() {
    let mut f = Fixture::new();
    f.store.add_establishment(&f.actor, &NewEstablishment { code: "LMS".into(), name: "HMP Low Moss".into() }).unwrap();
    let caseworker = f.actor.with_role(Role::Caseworker);
    assert_eq!(f.store.own_card(&caseworker, Some("LMS"), None).unwrap_err().code(), "forbidden");
    let card = f.store.own_card(&f.actor, Some("LMS"), None).unwrap();
    let mut other = Fixture::new();
    assert_eq!(other.store.add_card(&caseworker, &card.to_file(), false).unwrap_err().code(), "forbidden");
    // Reading the list is for anyone.
    assert_eq!(f.store.cards(&f.actor.with_role(Role::Viewer)).unwrap().len(), 1);
    let err = f.store.own_card(&f.actor, None, None).unwrap_err();
    assert!(err.to_string().contains("say whose card"), "{err}");
}

#[test]
fn a_card_made_on_one_pc_of_a_team_is_the_card_of_every_pc() {
    let mut team = crate::team::Team::new(&["Office PC", "Café PC"]);
    let card = {
        let pc = &mut team.pcs[0];
        pc.store.own_card(&pc.actor, Some("PER"), None).unwrap()
    };
    team.exchange_all();
    let pc = &mut team.pcs[1];
    assert_eq!(pc.store.own_card(&pc.actor, Some("PER"), None).unwrap(), card, "the café's card is the office's");
    assert_eq!(team.dump(0), team.dump(1));
}

#[test]
fn the_cli_makes_a_card_and_another_install_adds_it_showing_the_same_fingerprint() {
    use crate::support::cli;
    let dir = tempfile::tempdir().unwrap();
    let (perth, national) = (dir.path().join("perth.db"), dir.path().join("national.db"));
    let ok = |out: std::process::Output| {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    ok(cli(&perth, &["establishment", "add", "--code", "per", "--name", "HMP Perth"]));
    let file = dir.path().join("perth.rrcard");
    let made = ok(cli(&perth, &["card", "make", "--establishment", "PER", "--to", file.to_str().unwrap()]));
    let print = made.split("fingerprint ").nth(1).unwrap().trim().to_string();
    assert_eq!(print.len(), 24, "{made}");
    let added = ok(cli(&national, &["card", "add", file.to_str().unwrap()]));
    assert!(added.contains(&print) && added.contains("held"), "{added}");
    let listed = ok(cli(&national, &["card", "list"]));
    assert!(listed.contains("PER HMP Perth (Establishment, held)"), "{listed}");
}
