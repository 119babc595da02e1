//! Which tables travel between a team's PCs, keyed how, and which stay on each PC. One list: the
//! capture triggers, the change files and the merge all read it, and a test fails when a table
//! is in neither list.

use rusqlite::Connection;

/// A table whose rows travel: its key (one or two columns), the columns that stay on each PC,
/// and, for a record two PCs may each make for one thing, the columns that say it is the same
/// thing (then the older id is kept: `merged_id`).
pub(crate) struct Travelling {
    pub name: &'static str,
    pub key: &'static [&'static str],
    pub local_columns: &'static [&'static str],
    pub same_thing: &'static [&'static str],
    /// Rows that stay on each PC though the table travels: an SQL condition on `{row}`, which
    /// stands for `NEW` or `OLD`.
    pub only_when: Option<&'static str>,
}

const fn rows(name: &'static str, key: &'static [&'static str]) -> Travelling {
    Travelling { name, key, local_columns: &[], same_thing: &[], only_when: None }
}

const fn records(name: &'static str, same_thing: &'static [&'static str]) -> Travelling {
    Travelling { name, key: &["id"], local_columns: &[], same_thing, only_when: None }
}

/// Parents before children: a file's rows are applied in this order, graves in the reverse.
pub(crate) const TRAVELLING: &[Travelling] = &[
    records("establishment", &["code"]),
    // A password hash is this PC's (in an encrypted database the key slot checks passwords).
    Travelling { local_columns: &["password_hash"], ..records("staff", &["username"]) },
    rows("team_pc", &["id"]),
    records("participant", &["establishment_id", "prison_number"]),
    rows("status_change", &["id"]),
    rows("facilitator", &["id"]),
    records("delivery_qualification", &["facilitator_id", "course"]),
    records("recovery_group", &["establishment_id", "name"]),
    rows("event", &["group_id"]),
    rows("group_facilitator", &["group_id", "facilitator_id"]),
    rows("enrolment", &["id"]),
    rows("clearance", &["id"]),
    records("session", &["group_id", "held_on", "start_time"]),
    rows("session_facilitator", &["session_id", "facilitator_id"]),
    rows("session_headcount", &["session_id"]),
    rows("session_held_uncleared", &["session_id"]),
    rows("attendance", &["session_id", "participant_id"]),
    rows("mark_conflict", &["session_id", "participant_id"]),
    // Which generation of the key file this PC has is its own.
    Travelling { only_when: Some("{row}.key <> 'key_file_generation'"), ..rows("setting", &["key"]) },
    rows("signature_image", &["id"]),
    records("award_type", &["establishment_id", "title"]),
    rows("award_type_revision", &["award_type_id", "revision"]),
    rows("award_signatory", &["award_type_id", "position"]),
    rows("award_counter", &["establishment_id", "year"]),
    rows("award", &["id"]),
    rows("award_signature", &["award_id", "position"]),
    records("svq_unit", &["award_type_id", "code"]),
    records("unit_sign_off", &["participant_id", "unit_id"]),
    rows("sqa_candidate", &["participant_id"]),
    rows("award_print", &["id"]),
    records("community_service", &["match_key"]),
    rows("liberation_plan", &["participant_id"]),
    rows("consent", &["id"]),
    rows("consent_service", &["consent_id", "service_id"]),
    rows("consent_establishment", &["consent_id", "code"]),
    rows("referral", &["id"]),
    // Each PC numbers its steps; the step's own id (made on the PC) travels.
    Travelling { local_columns: &["id"], ..rows("referral_step", &["uid"]) },
    rows("liberation_meeting", &["id"]),
    rows("merged_id", &["tbl", "from_id"]),
    rows("own_card", &["code"]),
    rows("known_card", &["code"]),
    rows("national_figures", &["code", "month"]),
    rows("transfer_out", &["id"]),
    rows("transfer_in", &["id"]),
    rows("person_origin", &["origin_id"]),
    records("programme", &["establishment_id", "name"]),
    rows("referral_in", &["id"]),
    rows("waiting_list_skip", &["id"]),
    rows("recovery_capital", &["id"]),
];

/// Tables that never travel, and why (the test below holds every table to one of the lists).
#[cfg(test)]
pub(crate) const STAYING: &[(&str, &str)] = &[
    ("participant_token", "search words, made again from each person who arrives"),
    ("login_failure", "this PC's failed log-ins"),
    ("audit", "this PC's own chain; the team's trails travel beside the changes"),
    ("retired_key", "the keys this PC's older backups need"),
    ("this_pc", "this PC's id, signing key and clock"),
    ("pending_change", "the act under way"),
    ("row_version", "each row's version, sent with the row"),
    ("team_known", "what this PC knows each PC holds"),
    ("team_file_seen", "when this PC last took in each PC's changes"),
    ("team_audit", "the other PCs' audit trails, sent beside the changes"),
    ("team_audit_start", "where each PC's own audit trail starts"),
    ("team_audit_known", "what each PC is known to hold of each audit trail"),
    ("team_key_seen", "which database key each PC last said it holds"),
];

pub(crate) fn travelling(name: &str) -> Option<&'static Travelling> {
    TRAVELLING.iter().find(|t| t.name == name)
}

/// The capture triggers: after every insert, update and delete of a travelling row while this PC
/// is in a team, its key goes into `pending_change` (the act's commit stamps it). A key changed
/// in place (a merge moving marks to the kept person) leaves a grave under the old key.
pub(crate) fn install_capture(conn: &Connection) -> rusqlite::Result<()> {
    for t in TRAVELLING {
        // A table a later migration makes gets its triggers from that migration's hook.
        let exists: bool =
            conn.query_row("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)", [t.name], |r| r.get(0))?;
        if !exists {
            continue;
        }
        let key = |row: &str| match t.key {
            [one] => format!("{row}.{one}, x''"),
            [one, two] => format!("{row}.{one}, {row}.{two}"),
            _ => unreachable!("keys have one or two columns"),
        };
        let when = |row: &str| match t.only_when {
            Some(condition) => format!("EXISTS (SELECT 1 FROM this_pc) AND ({})", condition.replace("{row}", row)),
            None => "EXISTS (SELECT 1 FROM this_pc)".to_string(),
        };
        let name = t.name;
        let moved = t.key.iter().map(|c| format!("OLD.{c} IS NOT NEW.{c}")).collect::<Vec<_>>().join(" OR ");
        conn.execute_batch(&format!(
            "CREATE TRIGGER IF NOT EXISTS team_{name}_insert AFTER INSERT ON {name} WHEN {new_when}
             BEGIN INSERT INTO pending_change (tbl, k1, k2, deleted) VALUES ('{name}', {new_key}, 0) {latest}; END;
             CREATE TRIGGER IF NOT EXISTS team_{name}_update AFTER UPDATE ON {name} WHEN {new_when}
             BEGIN
                 INSERT INTO pending_change (tbl, k1, k2, deleted) SELECT '{name}', {old_key}, 1 WHERE {moved} {latest};
                 INSERT INTO pending_change (tbl, k1, k2, deleted) VALUES ('{name}', {new_key}, 0) {latest};
             END;
             CREATE TRIGGER IF NOT EXISTS team_{name}_delete AFTER DELETE ON {name} WHEN {old_when}
             BEGIN INSERT INTO pending_change (tbl, k1, k2, deleted) VALUES ('{name}', {old_key}, 1) {latest}; END;",
            // An upsert, not INSERT OR REPLACE: a trigger's OR clause gives way to the outer
            // statement's (an UPDATE OR IGNORE would silently keep a stale entry).
            latest = "ON CONFLICT (tbl, k1, k2) DO UPDATE SET deleted = excluded.deleted",
            new_when = when("NEW"),
            old_when = when("OLD"),
            new_key = key("NEW"),
            old_key = key("OLD"),
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every table is either in the list that travels or in the list that stays, and every one
    /// that travels has its three triggers: a table added by a later migration must be placed.
    #[test]
    fn every_table_travels_or_stays_and_every_travelling_table_is_captured() {
        let store = crate::store::Store::open_in_memory().unwrap();
        let conn = store.connection();
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let placed: Vec<&str> = TRAVELLING.iter().map(|t| t.name).chain(STAYING.iter().map(|(n, _)| *n)).collect();
        for table in &tables {
            assert_eq!(placed.iter().filter(|p| **p == table).count(), 1, "{table} must be in exactly one list");
        }
        assert_eq!(placed.len(), tables.len(), "a listed table that does not exist");
        for t in TRAVELLING {
            for when in ["insert", "update", "delete"] {
                let name = format!("team_{}_{when}", t.name);
                let found: bool = conn
                    .query_row("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?1)", [&name], |r| r.get(0))
                    .unwrap();
                assert!(found, "{name}");
            }
            for c in t.key.iter().chain(t.same_thing).chain(t.local_columns) {
                let found: bool = conn
                    .query_row(&format!("SELECT EXISTS (SELECT 1 FROM pragma_table_info('{}') WHERE name = ?1)", t.name), [c], |r| r.get(0))
                    .unwrap();
                assert!(found, "{}.{c}", t.name);
            }
        }
    }
}
