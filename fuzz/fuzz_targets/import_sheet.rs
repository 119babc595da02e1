//! The spreadsheet importer on arbitrary bytes: the first byte picks the kind of import, the
//! rest is the file (CSV or .xlsx). Previews (no commit) against a small establishment with
//! people, groups and rosters, so rows reach every check. Any panic is a bug: a file from a
//! USB stick must never take the app down.
#![no_main]

use libfuzzer_sys::fuzz_target;
use recovery_register::exchange::{read_sheet, ImportKind};
use recovery_register::model::*;
use recovery_register::{Actor, Store};
use std::cell::RefCell;

struct World {
    store: Store,
    actor: Actor,
    establishment: EstablishmentId,
}

fn world() -> World {
    let mut store = Store::open_in_memory().expect("store");
    store.set_today(chrono::NaiveDate::from_ymd_opt(2026, 11, 16).expect("date"));
    let actor = Actor::local_administrator();
    let est = store
        .add_establishment(
            &actor,
            &NewEstablishment {
                code: "PER".into(),
                name: "HMP Perth".into(),
            },
        )
        .expect("establishment");
    for kind in [ImportKind::People, ImportKind::Groups, ImportKind::Rosters] {
        let template = Store::import_template(kind);
        store
            .import_sheet(&actor, est.id, kind, template.as_bytes(), None, true)
            .expect("template imports");
    }
    World {
        store,
        actor,
        establishment: est.id,
    }
}

thread_local! {
    static WORLD: RefCell<World> = RefCell::new(world());
}

fuzz_target!(
    init: {
        // libfuzzer-sys aborts in its panic hook, before a panic can unwind; the importer
        // catches a workbook reader's panic on purpose (a damaged file is refused), so only
        // report panics here: one that escapes the importer still aborts (libfuzzer-sys checks
        // the unwound result).
        std::panic::set_hook(Box::new(|info| eprintln!("{info}")));
    },
    |data: &[u8]| {
    let Some((first, file)) = data.split_first() else { return };
    let kind = ImportKind::ALL[*first as usize % ImportKind::ALL.len()];
    let _ = read_sheet(file);
    WORLD.with(|w| {
        let mut w = w.borrow_mut();
        let (actor, est) = (w.actor, w.establishment);
        if let Ok(preview) = w.store.import_sheet(&actor, est, kind, file, None, false) {
            assert!(!preview.saved);
            // The preview's own mapping, given back, must give the same preview.
            let mapping: Vec<Option<String>> = preview.columns.iter().map(|c| c.field.clone()).collect();
            let again = w.store.import_sheet(&actor, est, kind, file, Some(&mapping), false).expect("same mapping");
            assert_eq!(again.problems, preview.problems);
        }
    });
    }
);
