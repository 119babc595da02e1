//! The schema as ordered migration files. A shipped file is never edited; a change is a new file.

use crate::error::{Error, Result};
use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

fn migrations() -> Vec<M<'static>> {
    vec![
        M::up(include_str!("../../migrations/0001_initial.sql")),
        M::up(include_str!("../../migrations/0002_search_and_settings.sql")),
        M::up(include_str!("../../migrations/0003_awards.sql")),
        M::up(include_str!("../../migrations/0004_award_logo.sql")),
        M::up(include_str!("../../migrations/0005_accounts.sql")),
        M::up(include_str!("../../migrations/0006_audit.sql")),
        M::up(include_str!("../../migrations/0007_clearances.sql")),
        M::up(include_str!("../../migrations/0008_cancelled_for_clearance.sql")),
        M::up(include_str!("../../migrations/0009_liberation.sql")),
        M::up(include_str!("../../migrations/0010_retention.sql")),
        M::up(include_str!("../../migrations/0011_key_changes.sql")),
        M::up(include_str!("../../migrations/0012_drop_ins_and_headcounts.sql")),
        M::up(include_str!("../../migrations/0013_held_without_clearance.sql")),
        M::up(include_str!("../../migrations/0014_name_as_printed.sql")),
        M::up(include_str!("../../migrations/0015_events.sql")),
        // The capture triggers come from the one list of travelling tables.
        M::up_with_hook(include_str!("../../migrations/0016_team.sql"), |tx: &rusqlite::Transaction| {
            super::team::install_capture(tx).map_err(rusqlite_migration::HookError::from)
        }),
        M::up(include_str!("../../migrations/0017_team_audit.sql")),
        // Cards travel within a team: their triggers come from the same list.
        M::up_with_hook(include_str!("../../migrations/0018_cards.sql"), |tx: &rusqlite::Transaction| {
            super::team::install_capture(tx).map_err(rusqlite_migration::HookError::from)
        }),
        M::up_with_hook(include_str!("../../migrations/0019_national_figures.sql"), |tx: &rusqlite::Transaction| {
            super::team::install_capture(tx).map_err(rusqlite_migration::HookError::from)
        }),
        M::up_with_hook(include_str!("../../migrations/0020_transfers.sql"), |tx: &rusqlite::Transaction| {
            super::team::install_capture(tx).map_err(rusqlite_migration::HookError::from)
        }),
        M::up_with_hook(include_str!("../../migrations/0021_referrals_in.sql"), |tx: &rusqlite::Transaction| {
            super::team::install_capture(tx).map_err(rusqlite_migration::HookError::from)
        }),
        M::up_with_hook(include_str!("../../migrations/0022_recovery_capital.sql"), |tx: &rusqlite::Transaction| {
            super::team::install_capture(tx).map_err(rusqlite_migration::HookError::from)
        }),
        M::up_with_hook(include_str!("../../migrations/0023_award_history.sql"), |tx: &rusqlite::Transaction| {
            super::team::install_capture(tx).map_err(rusqlite_migration::HookError::from)
        }),
        M::up_with_hook(include_str!("../../migrations/0024_svq_units.sql"), |tx: &rusqlite::Transaction| {
            super::team::install_capture(tx).map_err(rusqlite_migration::HookError::from)
        }),
        M::up_with_hook(include_str!("../../migrations/0025_peer_roles.sql"), |tx: &rusqlite::Transaction| {
            super::team::install_capture(tx).map_err(rusqlite_migration::HookError::from)
        }),
    ]
}

/// How many migrations there are: `SCHEMA_VERSION` is checked against it.
const MIGRATION_COUNT: usize = 25;

/// The schema version this build writes (SQLite's `user_version`).
pub const SCHEMA_VERSION: usize = MIGRATION_COUNT;

pub(super) fn migrate(conn: &mut Connection) -> Result<()> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let found = usize::try_from(found).unwrap_or(usize::MAX);
    if found > SCHEMA_VERSION {
        return Err(Error::NewerDatabase { found, supported: SCHEMA_VERSION });
    }
    Migrations::new(migrations()).to_latest(conn).map_err(|e| match e {
        rusqlite_migration::Error::RusqliteError { err, .. } => Error::from(err),
        other => Error::Migration(other.to_string()),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        super::Migrations::new(super::migrations()).validate().unwrap();
    }

    #[test]
    fn the_schema_version_counts_every_migration() {
        assert_eq!(super::migrations().len(), super::SCHEMA_VERSION);
    }
}
