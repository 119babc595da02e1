//! Adding a PC to the team. The administrator's PC makes a joining file ("Add a PC to this
//! service"): the database as it is now, already made the new PC's (its own id, name and signing
//! key), with the administrators' key slots, sealed under a one-time passphrase shown on screen
//! and never written on the stick. The new PC starts from it ("Join a service from a file"); its
//! administrators log in there with their own passwords.

use super::known;
use super::ThisPc;
use crate::actor::{Act, Actor};
use crate::change_file::{self, PassphraseCost, Refusal};
use crate::error::{Error, Result};
use crate::keys::{key_file_beside, DatabaseKey};
use crate::rules::clock::Stamp;
use crate::store::Action;
use crate::store::{Record, Store};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use std::path::Path;
use uuid::Uuid;
use zeroize::Zeroizing;

const FORMAT: u32 = 1;
/// A joining file is the whole database: a busy establishment's is some hundreds of MB.
const MAX_JOINING_FILE: usize = 4 << 30;

/// What the administrator is shown once the joining file is written.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JoiningFile {
    /// Shown on screen to be typed on the new PC; not kept anywhere.
    pub passphrase: String,
    pub pc_name: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: u64,
}

#[derive(Serialize, Deserialize)]
struct Header {
    format: u32,
    pc_name: String,
    key_file_bytes: u64,
}

impl Store {
    /// "Add a PC to this service". On a PC not yet in a team, the team starts here, with this PC
    /// named `this_pc_name`.
    pub fn make_joining_file(
        &mut self,
        actor: &Actor,
        this_pc_name: &str,
        new_pc_name: &str,
        path: &Path,
        cost: PassphraseCost,
    ) -> Result<JoiningFile> {
        actor.require(Act::ManageTeam)?;
        let new_pc_name = pc_name("name of the new PC", new_pc_name)?;
        let this_pc_name = pc_name("name of this PC", this_pc_name)?;
        let key = self.key.clone().ok_or_else(|| Error::invalid("team", "a team's database must be encrypted"))?;
        let taken: bool =
            self.conn.query_row("SELECT EXISTS (SELECT 1 FROM team_pc WHERE name = ?1 COLLATE NOCASE)", [&new_pc_name], |r| r.get(0))?;
        if taken {
            return Err(Error::conflict("name of the new PC", format!("\"{new_pc_name}\" is already the name of a PC in this team")));
        }
        let now = self.clock_now();
        let new_pc = Uuid::now_v7();
        let signing = change_file::new_signing_key();
        let public = signing.verifying_key().to_bytes();
        let today = crate::store::rows::iso(self.today());
        self.write_about(Some(actor.staff_id), Action::AddPc, Record::of("pc", new_pc), |tx| {
            if ThisPc::read(tx)?.is_none() {
                let me = Uuid::now_v7();
                let mine = change_file::new_signing_key();
                tx.execute(
                    "INSERT INTO this_pc (only_row, device_id, team_id, signing_key, clock, audit_from, team_key)
                     VALUES (1, ?1, ?2, ?3, ?4, (SELECT coalesce(max(seq), 0) + 1 FROM audit), ?5)",
                    params![
                        me.as_bytes().as_slice(),
                        Uuid::now_v7().as_bytes().as_slice(),
                        mine.to_bytes().as_slice(),
                        Stamp::next(None, now.timestamp_millis(), me).key(),
                        key.to_hex().as_str()
                    ],
                )?;
                tx.execute(
                    "INSERT INTO team_pc (id, name, public_key, added_on) VALUES (?1, ?2, ?3, ?4)",
                    params![me.as_bytes().as_slice(), this_pc_name, mine.verifying_key().to_bytes().as_slice(), today],
                )?;
                // The PC that starts the team goes on numbering the certificates it numbered.
                let establishments: Vec<crate::model::EstablishmentId> =
                    tx.prepare("SELECT id FROM establishment")?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
                for est in establishments {
                    super::number_here(tx, est)?;
                }
            }
            tx.execute(
                "INSERT INTO team_pc (id, name, public_key, added_on) VALUES (?1, ?2, ?3, ?4)",
                params![new_pc.as_bytes().as_slice(), new_pc_name, public.as_slice(), today],
            )?;
            Ok(())
        })?;
        let me = ThisPc::required(&self.conn)?;
        // The new PC holds, from the start, everything this one holds now.
        let held = known::holdings(&self.conn, me.device)?;
        {
            let tx = self.conn.transaction()?;
            for (origin, seq) in &held {
                known::raise(&tx, new_pc, *origin, *seq)?;
            }
            tx.commit()?;
        }
        let database = self.snapshot_for(&key, new_pc, &signing.to_bytes(), &me, &held, path)?;
        let administrators = self.administrators_who_can_log_in()?;
        let key_file = match self.key_file_mut() {
            Some(file) => {
                file.reload()?;
                Zeroizing::new(file.only_for(&administrators))
            }
            None => Zeroizing::new(Vec::new()),
        };
        let header = serde_json::to_vec(&Header { format: FORMAT, pc_name: new_pc_name.clone(), key_file_bytes: key_file.len() as u64 })
            .expect("plain data");
        let mut contents = Zeroizing::new(Vec::with_capacity(database.len() + key_file.len() + header.len() + 4));
        contents.extend_from_slice(&(header.len() as u32).to_le_bytes());
        contents.extend_from_slice(&header);
        contents.extend_from_slice(&key_file);
        contents.extend_from_slice(&database);
        let passphrase = change_file::new_passphrase();
        let sealed = change_file::seal_joining(&contents, &passphrase, cost);
        crate::files::write_whole(path, &sealed)?;
        Ok(JoiningFile { passphrase, pc_name: new_pc_name, bytes: sealed.len() as u64 })
    }

    /// A copy of the database made the new PC's: its id, signing key and clock, nothing under
    /// way, no failed log-ins of this PC's. Written beside the database (never in a temp
    /// folder), read, and removed.
    fn snapshot_for(
        &self,
        key: &DatabaseKey,
        pc: Uuid,
        signing_key: &[u8; 32],
        me: &ThisPc,
        held: &std::collections::BTreeMap<Uuid, i64>,
        beside: &Path,
    ) -> Result<Zeroizing<Vec<u8>>> {
        let folder = self
            .conn
            .path()
            .map(|p| Path::new(p).parent().map(Path::to_path_buf).unwrap_or_default())
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| beside.parent().map(Path::to_path_buf).unwrap_or_default());
        let partial = folder.join(format!("joining-{pc}.partial"));
        let _ = std::fs::remove_file(&partial);
        let _ = crate::files::owner_only(std::fs::OpenOptions::new().write(true).create_new(true)).open(&partial);
        let made = (|| -> Result<Zeroizing<Vec<u8>>> {
            crate::store::copy_database(&self.conn, &partial, Some(key))?;
            let copy = Connection::open(&partial)?;
            copy.execute_batch(&key.pragma())?;
            copy.execute_batch(
                "BEGIN;
                 DELETE FROM this_pc; DELETE FROM pending_change; DELETE FROM login_failure; DELETE FROM team_file_seen;
                 DELETE FROM team_audit_known; DELETE FROM team_key_seen;",
            )?;
            copy.execute(
                "INSERT INTO this_pc (only_row, device_id, team_id, signing_key, clock, join_to_record, audit_from, team_key, key_stamp)
                 VALUES (1, ?1, ?2, ?3, ?4, 1, (SELECT coalesce(max(seq), 0) + 1 FROM audit), ?5, ?6)",
                params![
                    pc.as_bytes().as_slice(),
                    me.team.as_bytes().as_slice(),
                    signing_key.as_slice(),
                    me.clock.key(),
                    me.team_key,
                    me.key_stamp
                ],
            )?;
            for (origin, seq) in held {
                known::raise(&copy, pc, *origin, *seq)?;
            }
            copy.execute_batch("COMMIT;")?;
            copy.close().map_err(|(_, e)| e)?;
            Ok(Zeroizing::new(
                std::fs::read(&partial).map_err(|e| Error::File { path: partial.display().to_string(), problem: e.to_string() })?,
            ))
        })();
        let _ = std::fs::remove_file(&partial);
        made
    }

    /// On a PC made from a joining file, its first log-in records that it joined.
    pub(crate) fn record_joining(&mut self, actor: &Actor) -> Result<()> {
        let pending: bool = self.conn.query_row("SELECT EXISTS (SELECT 1 FROM this_pc WHERE join_to_record = 1)", [], |r| r.get(0))?;
        if pending {
            let me = ThisPc::required(&self.conn)?;
            self.write_about(Some(actor.staff_id), Action::JoinTeam, Record::of("pc", me.device), |tx| {
                tx.execute("UPDATE this_pc SET join_to_record = 0", [])?;
                Ok(())
            })?;
        }
        Ok(())
    }
}

/// "Join a service from a file": the database and key file of the joining file put in place at
/// `database` (which must not exist yet: a PC with records of its own cannot join). The PC's
/// administrators then log in as usual.
pub fn join_team(joining: &Path, passphrase: &str, database: &Path) -> Result<String> {
    if database.exists() {
        return Err(Error::conflict(
            "database",
            format!("{} already exists: a PC joins a team before it keeps records of its own", database.display()),
        ));
    }
    let sealed = crate::files::read_bounded(joining, MAX_JOINING_FILE)?;
    let contents = change_file::open_joining(&sealed, passphrase).map_err(Error::TeamFile)?;
    let mut rest: &[u8] = &contents;
    let bad = || Error::TeamFile(Refusal::Tampered);
    if rest.len() < 4 {
        return Err(bad());
    }
    let header_len = u32::from_le_bytes(rest[..4].try_into().expect("four bytes")) as usize;
    rest = &rest[4..];
    let header: Header = serde_json::from_slice(rest.get(..header_len).ok_or_else(bad)?).map_err(|_| bad())?;
    if header.format > FORMAT {
        return Err(Error::TeamFile(Refusal::NewerFormat { format: header.format }));
    }
    rest = &rest[header_len..];
    let key_len = usize::try_from(header.key_file_bytes).map_err(|_| bad())?;
    let key_file = rest.get(..key_len).ok_or_else(bad)?;
    let db = &rest[key_len..];
    if let Some(folder) = database.parent().filter(|p| !p.as_os_str().is_empty()) {
        crate::store::prepare_folder(folder)?;
    }
    if !key_file.is_empty() {
        crate::files::write_whole(&key_file_beside(database), key_file)?;
    }
    crate::files::write_whole(database, db)?;
    Ok(header.pc_name)
}

fn pc_name(field: &str, raw: &str) -> Result<String> {
    crate::text::required(field, raw, 60)
}
