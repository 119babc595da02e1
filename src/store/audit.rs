//! The audit trail: one row per act (who, when, which PC, what, which record), appended in the
//! act's own transaction so that an act and its row land together or not at all. Rows are
//! chained: each holds the SHA-256 of its own fields and the previous row's hash, so a row
//! changed or removed around the append-only triggers breaks the chain where it was touched.
//! Rows name records by identifier and say what happened in counts, never with names or notes:
//! the trail must not become a second copy of the personal data it watches over.

use super::{now_utc, Store};
use crate::actor::{Act, Actor};
use crate::error::Result;
use crate::model::*;
use crate::store::RegisterSaved;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use crate::model::action::Action;
pub use crate::model::audit_anchor::AuditAnchor;

/// Which record an act touched: its kind and identifier, and a detail without personal data
/// ("12 marks", "3 people").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record {
    pub kind: Option<&'static str>,
    pub id: Option<String>,
    pub detail: Option<String>,
}

impl Record {
    pub fn of(kind: &'static str, id: impl std::fmt::Display) -> Record {
        Record { kind: Some(kind), id: Some(id.to_string()), detail: None }
    }

    pub fn none() -> Record {
        Record::default()
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Record {
        self.detail = Some(detail.into());
        self
    }
}

/// What a write returns says which record it touched, so `Store::write` can audit it.
pub trait Audited {
    fn record(&self) -> Record;
}

macro_rules! audited {
    ($($ty:ty => $kind:literal),+ $(,)?) => {$(
        impl Audited for $ty {
            fn record(&self) -> Record {
                Record::of($kind, self.id)
            }
        }
    )+};
}

audited!(
    Participant => "person",
    Group => "group",
    Session => "session",
    Enrolment => "enrolment",
    Establishment => "establishment",
    Facilitator => "facilitator",
    AwardType => "award type",
    SignatureImage => "signature image",
    Unit => "SVQ unit",
    Award => "award",
    Clearance => "clearance",
    CommunityService => "service",
    super::StaffAccount => "account",
);

/// Consent, referrals and meetings are about a person: the trail names the person (by id), so a
/// subject access request finds them.
impl Audited for Consent {
    fn record(&self) -> Record {
        Record::of("person", self.participant_id).detail(format!("consent {}", self.id))
    }
}

impl Audited for super::liberation::ReferralLine {
    fn record(&self) -> Record {
        Record::of("person", self.referral.participant_id).detail(format!(
            "referral {}: {}",
            self.referral.id,
            self.referral.status().code()
        ))
    }
}

impl Audited for Meeting {
    fn record(&self) -> Record {
        Record::of("person", self.participant_id).detail(format!("meeting {}", self.id))
    }
}

impl Audited for RegisterSaved {
    fn record(&self) -> Record {
        Record::of("session", self.session_id).detail(format!("{} marks saved", self.saved))
    }
}

impl<T: Audited> Audited for Vec<T> {
    fn record(&self) -> Record {
        match self.as_slice() {
            [one] => one.record(),
            many => {
                let kind = many.first().and_then(|r| r.record().kind);
                Record { kind, id: None, detail: Some(format!("{} records", many.len())) }
            }
        }
    }
}

/// One row of the trail as the audit screen shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditEntry {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
    /// UTC, RFC 3339, as stored.
    pub at: String,
    /// The same moment in London time, to the second: "16/11/2026 09:05:07".
    pub at_london: String,
    pub staff_id: Option<StaffId>,
    /// "agrant (Alex Grant)", or "" for the app itself or an unknown name at log-in.
    pub staff: String,
    pub workstation: String,
    pub action: Action,
    pub description: String,
    pub record_kind: Option<String>,
    pub record_id: Option<String>,
    pub detail: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditFilter {
    /// London dates, inclusive.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub staff_id: Option<StaffId>,
    pub action: Option<Action>,
    /// A record's identifier: everything done to one person, group or session.
    pub record_id: Option<String>,
    /// Newest first; at most this many (default 500).
    pub limit: Option<u32>,
}

/// The result of walking the chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditCheck {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub entries: u64,
    /// The first row that does not match the chain, and why; `None` when the trail is whole.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub broken_at: Option<i64>,
    pub problem: Option<String>,
    /// The anchor the trail was compared with, in words ("the anchor in the backup of 16/11/2026 10:02").
    pub anchor: Option<String>,
    /// The outcome as one sentence, for the screen and the command line.
    pub sentence: String,
}

impl AuditCheck {
    fn new(entries: u64, broken_at: Option<i64>, problem: Option<String>, anchor: Option<&KnownAnchor>) -> AuditCheck {
        let checked = crate::text::counted(entries, "entry", "entries");
        let sentence = match (broken_at, &problem, anchor) {
            (Some(at), problem, _) => format!(
                "The audit trail is broken at entry {}: {}",
                crate::text::grouped(at.max(0) as u64),
                problem.as_deref().unwrap_or("the entry does not match the chain")
            ),
            (None, _, Some(k)) => format!(
                "The audit trail is whole: {checked} checked, and it matches {} (entry {}).",
                k.source,
                crate::text::grouped(k.anchor.seq.max(0) as u64)
            ),
            (None, _, None) => format!("The audit trail is whole: {checked} checked. No anchor was found to compare it with."),
        };
        AuditCheck { entries, broken_at, problem, anchor: anchor.map(|k| k.source.clone()), sentence }
    }
}

/// An anchor and where it was found, to say so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownAnchor {
    pub anchor: AuditAnchor,
    /// "the anchor in the backup of 16/11/2026 10:02", "the anchor typed in".
    pub source: String,
    pub taken_at: DateTime<Utc>,
}

/// The newest entry of the trail in `conn`, if it has one.
pub(crate) fn head(conn: &Connection) -> Result<Option<AuditAnchor>> {
    Ok(conn
        .query_row("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", [], |r| Ok(AuditAnchor { seq: r.get(0)?, hash: r.get(1)? }))
        .optional()?)
}

pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash of one row: its fields, each length-prefixed so no two rows encode alike, and the
/// hash of the row before.
#[allow(clippy::too_many_arguments)]
pub(crate) fn row_hash(
    previous: &str,
    seq: i64,
    at: &str,
    staff: Option<StaffId>,
    workstation: &str,
    action: &str,
    kind: Option<&str>,
    id: Option<&str>,
    detail: Option<&str>,
) -> String {
    let mut h = Sha256::new();
    let staff = staff.map(|s| s.to_string());
    let fields =
        [Some(previous), Some(&seq.to_string()[..]), Some(at), staff.as_deref(), Some(workstation), Some(action), kind, id, detail];
    for field in fields {
        match field {
            Some(text) => {
                h.update((text.len() as u64 + 1).to_le_bytes());
                h.update(text.as_bytes());
            }
            None => h.update(0u64.to_le_bytes()),
        }
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Appends one row, chained to the last. Runs inside the caller's transaction, which holds the
/// write lock (BEGIN IMMEDIATE), so no other writer can slip a row in between.
pub(super) fn append(tx: &Connection, workstation: &str, who: Option<StaffId>, action: Action, record: &Record) -> Result<()> {
    let last: Option<(i64, String)> =
        tx.query_row("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    let (seq, previous) = match last {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, GENESIS.to_string()),
    };
    let at = now_utc();
    let hash = row_hash(&previous, seq, &at, who, workstation, action.code(), record.kind, record.id.as_deref(), record.detail.as_deref());
    tx.prepare_cached(
        "INSERT INTO audit (seq, at, staff_id, workstation, action, record_kind, record_id, detail, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![seq, at, who, workstation, action.code(), record.kind, record.id, record.detail, hash])?;
    Ok(())
}

/// This PC's name, for the "which PC" column. No personal data: prison PCs are named by asset.
pub fn workstation_name() -> String {
    #[cfg(unix)]
    {
        let mut buf = [0u8; 256];
        // SAFETY: the buffer is valid for its length; gethostname NUL-terminates within it or
        // truncates, and we stop at the first NUL either way.
        let ok = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) } == 0;
        if ok {
            let end = buf.iter().position(|b| *b == 0).unwrap_or(buf.len());
            if let Ok(name) = std::str::from_utf8(&buf[..end]) {
                if !name.is_empty() {
                    return name.to_string();
                }
            }
        }
    }
    std::env::var("COMPUTERNAME").unwrap_or_else(|_| "unknown PC".to_string())
}

fn london_midnight_utc(day: NaiveDate) -> String {
    let local = day.and_hms_opt(0, 0, 0).expect("midnight exists");
    let at: DateTime<Utc> = match crate::dates::ZONE.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        // London's clocks change at 01:00 or 02:00, never at midnight; kept total regardless.
        chrono::LocalResult::None => Utc.from_utc_datetime(&local),
    };
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

const ENTRY: &str = "a.seq, a.at, a.staff_id, coalesce(s.username || ' (' || s.display_name || ')', ''), a.workstation, a.action,
                     a.record_kind, a.record_id, a.detail";

fn entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    let code: String = r.get(5)?;
    let action = Action::from_code(&code).unwrap_or(Action::ChangeSetting);
    let at: String = r.get(1)?;
    Ok(AuditEntry {
        seq: r.get(0)?,
        at_london: crate::dates::display_instant(&at),
        at,
        staff_id: r.get(2)?,
        staff: r.get(3)?,
        workstation: r.get(4)?,
        action,
        description: if action.code() == code { action.describe().to_string() } else { code },
        record_kind: r.get(6)?,
        record_id: r.get(7)?,
        detail: r.get(8)?,
    })
}

impl Store {
    /// Records an act that changes nothing else: a view, an export, a print, a backup.
    pub(crate) fn record_act(&mut self, actor: &Actor, action: Action, record: Record) -> Result<()> {
        self.write_about(Some(actor.staff_id), action, record, |_| Ok(()))
    }

    /// The trail, newest first, filtered. Administrators only: it shows who looked at whom.
    pub fn audit_trail(&self, actor: &Actor, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
        actor.require(Act::AuditTrail)?;
        let sql = format!(
            "SELECT {ENTRY} FROM audit a LEFT JOIN staff s ON s.id = a.staff_id
             WHERE (?1 IS NULL OR a.at >= ?1) AND (?2 IS NULL OR a.at < ?2) AND (?3 IS NULL OR a.staff_id = ?3)
               AND (?4 IS NULL OR a.action = ?4) AND (?5 IS NULL OR a.record_id = ?5)
             ORDER BY a.seq DESC LIMIT ?6"
        );
        let from = filter.from.map(london_midnight_utc);
        let to = filter.to.and_then(|d| d.succ_opt()).map(london_midnight_utc);
        let record_id = filter.record_id.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let limit = filter.limit.unwrap_or(500).clamp(1, 100_000);
        let mut stmt = self.connection().prepare(&sql)?;
        let rows = stmt.query_map(params![from, to, filter.staff_id, filter.action.map(Action::code), record_id, limit], entry)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Puts back the triggers that keep the audit trail append-only, if someone removed them
    /// with another tool (to delete the newest rows, say), and records that it found them gone:
    /// from then on the trail refuses changes again, and the gap shows in its check.
    pub(crate) fn keep_audit_trail_append_only(&mut self) -> Result<()> {
        let present: i64 = self.connection().query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'
               AND name IN ('audit_no_update', 'audit_no_delete') AND sql LIKE '%RAISE(ABORT%'",
            [],
            |r| r.get(0),
        )?;
        if present == 2 {
            return Ok(());
        }
        self.write_about(None, Action::RepairAuditTrail, Record::none(), |tx| {
            tx.execute_batch(
                "DROP TRIGGER IF EXISTS audit_no_update;
                 DROP TRIGGER IF EXISTS audit_no_delete;
                 CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
                 BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;
                 CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
                 BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;",
            )?;
            Ok(())
        })
    }

    /// As `check_audit_trail`, against an anchor typed in (from a printed return).
    pub fn check_audit_trail_with(&self, actor: &Actor, anchor: &AuditAnchor) -> Result<AuditCheck> {
        actor.require(Act::AuditTrail)?;
        let given = KnownAnchor { anchor: anchor.clone(), source: "the anchor typed in".into(), taken_at: Utc::now() };
        self.check_against(Some(&given))
    }

    /// Walks the whole chain from the first row: a changed field, a removed or inserted row, or
    /// a reordered one shows as the first row whose hash does not follow. Then the trail is
    /// compared with `anchor`, which catches what the chain alone cannot: entries removed from
    /// the end, or the whole chain re-hashed. (`Store::check_audit_trail`, in `backup`, finds
    /// the newest anchor the backups' manifests hold.)
    pub(crate) fn check_against(&self, anchor: Option<&KnownAnchor>) -> Result<AuditCheck> {
        let mut stmt = self
            .connection()
            .prepare("SELECT seq, at, staff_id, workstation, action, record_kind, record_id, detail, hash FROM audit ORDER BY seq")?;
        let mut rows = stmt.query([])?;
        let mut previous = GENESIS.to_string();
        let mut expected_seq = 1;
        let mut entries = 0;
        let mut at_anchor: Option<String> = None;
        while let Some(r) = rows.next()? {
            entries += 1;
            let seq: i64 = r.get(0)?;
            let stored: String = r.get(8)?;
            let broken = |problem: &str| Ok(AuditCheck::new(entries, Some(seq), Some(problem.to_string()), None));
            if seq != expected_seq {
                return broken(&format!("entry {expected_seq} is missing"));
            }
            let staff: Option<StaffId> = r.get(2)?;
            let kind: Option<String> = r.get(5)?;
            let id: Option<String> = r.get(6)?;
            let detail: Option<String> = r.get(7)?;
            let action: String = r.get(4)?;
            let at: String = r.get(1)?;
            let workstation: String = r.get(3)?;
            let hash = row_hash(&previous, seq, &at, staff, &workstation, &action, kind.as_deref(), id.as_deref(), detail.as_deref());
            if hash != stored {
                return broken("this entry was changed after it was written");
            }
            if anchor.is_some_and(|k| k.anchor.seq == seq) {
                at_anchor = Some(stored.clone());
            }
            previous = stored;
            expected_seq += 1;
        }
        let Some(k) = anchor else { return Ok(AuditCheck::new(entries, None, None, None)) };
        let number = |n: i64| crate::text::grouped(n.max(0) as u64);
        Ok(match at_anchor {
            None => AuditCheck::new(
                entries,
                Some(entries as i64 + 1),
                Some(format!(
                    "the trail ends at entry {}, but {} recorded it reaching entry {}: entries after {} were removed",
                    number(entries as i64),
                    k.source,
                    number(k.anchor.seq),
                    number(entries as i64)
                )),
                Some(k),
            ),
            Some(hash) if !hash.starts_with(&k.anchor.hash) => AuditCheck::new(
                entries,
                Some(k.anchor.seq),
                Some(format!("this entry does not match {}: the trail was rewritten", k.source)),
                Some(k),
            ),
            Some(_) => AuditCheck::new(entries, None, None, Some(k)),
        })
    }

    /// The filtered trail as CSV (BOM first, formulas made inert), and how many entries it
    /// holds. Exported through `Store::export` (`documents`), which records the export once the
    /// file is whole.
    pub(crate) fn audit_trail_csv(&self, actor: &Actor, filter: &AuditFilter) -> Result<(Vec<u8>, usize)> {
        let entries = self.audit_trail(actor, &AuditFilter { limit: Some(filter.limit.unwrap_or(100_000)), ..filter.clone() })?;
        let inert = crate::csv_file::inert;
        let rows = entries.iter().map(|e| {
            vec![
                e.seq.to_string(),
                e.at.clone(),
                inert(&e.staff),
                inert(&e.workstation),
                e.description.clone(),
                e.record_kind.clone().unwrap_or_default(),
                e.record_id.clone().unwrap_or_default(),
                inert(e.detail.as_deref().unwrap_or("")),
            ]
        });
        let out = crate::csv_file::write_csv(&["Entry", "When (UTC)", "Staff", "PC", "Action", "Record kind", "Record", "Detail"], rows)?;
        Ok((out, entries.len()))
    }
}

/// An event is recorded by its session, where its attendance is taken; the detail gives its kind.
impl Audited for Event {
    fn record(&self) -> Record {
        Record::of("session", self.session_id).detail(format!("event: {}", self.details.kind.code()))
    }
}
