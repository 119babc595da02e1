//! The team's key. Change files are sealed under a key derived from the database key every PC
//! of the team holds. When one PC changes its database key (an account disabled, a PC retired),
//! its files stay sealed under the old key and carry the new one inside, with the stamp of the
//! change; each PC that takes such a file in changes its own database key to it (the later of
//! two keys changed at once wins everywhere) and says so in its files (a fingerprint, never the
//! key). Once every PC still in the team holds the new key, files are sealed under it.

use super::ThisPc;
use crate::actor::Actor;
use crate::change_file::{self, NewKey};
use crate::error::{Error, Result};
use crate::keys::DatabaseKey;
use crate::rules::clock::Stamp;
use crate::store::Store;
use rusqlite::{params, Connection};
use uuid::Uuid;
use zeroize::Zeroizing;

impl Store {
    fn current_key(&self) -> Result<&DatabaseKey> {
        self.key.as_ref().ok_or_else(|| Error::invalid("team", "a team's database must be encrypted"))
    }

    /// The key this PC seals its change files under: the team's.
    pub(super) fn sealing_key(&self, me: &ThisPc) -> Result<Zeroizing<[u8; 32]>> {
        let team_key = me.team_key.as_deref().and_then(DatabaseKey::from_hex);
        let key = match &team_key {
            Some(k) => k,
            None => self.current_key()?,
        };
        Ok(change_file::team_file_key(key.bytes(), me.team))
    }

    /// Every key a file from another PC may be sealed under: the team's, this PC's own, and the
    /// keys this PC has retired.
    pub(super) fn opening_keys(&self, me: &ThisPc) -> Result<Vec<Zeroizing<[u8; 32]>>> {
        let mut keys = vec![self.sealing_key(me)?, change_file::team_file_key(self.current_key()?.bytes(), me.team)];
        for (hex, _) in self.retired_keys()? {
            if let Some(k) = DatabaseKey::from_hex(&hex) {
                keys.push(change_file::team_file_key(k.bytes(), me.team));
            }
        }
        Ok(keys)
    }

    pub(super) fn key_fingerprint(&self, me: &ThisPc) -> Result<String> {
        Ok(change_file::key_fingerprint(self.current_key()?.bytes(), me.team))
    }

    /// The new key a file carries while the team's key is older than this PC's.
    pub(super) fn key_to_announce(&self, me: &ThisPc) -> Result<Option<NewKey>> {
        let current = self.current_key()?;
        if me.team_key.as_deref() == Some(current.to_hex().as_str()) {
            return Ok(None);
        }
        Ok(Some(NewKey { key_hex: current.to_hex().to_string(), stamp: me.key_stamp.clone().unwrap_or_default() }))
    }

    /// After a file was taken in: the sender's key noted, a newer key taken, and the files sealed
    /// under this PC's key once every PC holds it.
    pub(super) fn follow_team_key(&mut self, actor: &Actor, sender: Uuid, fingerprint: &str, new_key: Option<&NewKey>) -> Result<()> {
        if !fingerprint.is_empty() {
            self.conn.execute(
                "INSERT INTO team_key_seen (member, fingerprint) VALUES (?1, ?2) ON CONFLICT (member) DO UPDATE SET fingerprint = ?2",
                params![sender.as_bytes().as_slice(), fingerprint],
            )?;
        }
        let me = ThisPc::required(&self.conn)?;
        if let Some(new) = new_key {
            let current = self.current_key()?.to_hex();
            let later = me.key_stamp.as_deref().is_none_or(|mine| new.stamp.as_str() > mine);
            if new.key_hex != current.as_str() && later {
                let key =
                    DatabaseKey::from_hex(&new.key_hex).ok_or_else(|| Error::invalid("change file", "it carries a key that is not one"))?;
                self.rekey_with(actor, key, "the team's key changed on another PC", Some(new.stamp.clone()))?;
            }
        }
        self.settle_team_key()
    }

    /// Seals under this PC's own key once every other PC still in the team said it holds it.
    pub(crate) fn settle_team_key(&mut self) -> Result<()> {
        let Some(me) = ThisPc::read(&self.conn)? else { return Ok(()) };
        let mine = self.key_fingerprint(&me)?;
        let current = self.current_key()?.to_hex();
        if me.team_key.as_deref() == Some(current.as_str()) {
            return Ok(());
        }
        let behind: i64 = self.conn.query_row(
            "SELECT count(*) FROM team_pc p LEFT JOIN team_key_seen k ON k.member = p.id
             WHERE p.retired_on IS NULL AND p.id <> ?1 AND (k.fingerprint IS NULL OR k.fingerprint <> ?2)",
            params![me.device.as_bytes().as_slice(), mine],
            |r| r.get(0),
        )?;
        if behind == 0 {
            self.conn.execute("UPDATE this_pc SET team_key = ?1", [current.as_str()])?;
        }
        Ok(())
    }
}

/// In a re-key's own transaction: the stamp of this PC's change of key (or of the change it takes
/// from another PC).
pub(crate) fn note_rekey(tx: &Connection, now_ms: i64, stamp: Option<String>) -> Result<()> {
    let Some(me) = ThisPc::read(tx)? else { return Ok(()) };
    let stamp = stamp.unwrap_or_else(|| Stamp::next(Some(me.clock), now_ms, me.device).key());
    tx.execute("UPDATE this_pc SET key_stamp = ?1", [stamp])?;
    Ok(())
}

impl Store {
    /// Fingerprints of this PC's database key and of the key its files are sealed under, for
    /// tests following a change of key round a team.
    #[cfg(any(test, feature = "test-support", feature = "rehearsal"))]
    pub fn team_keys(&self) -> Result<(String, String)> {
        let me = ThisPc::required(&self.conn)?;
        let sealing = me.team_key.as_deref().and_then(DatabaseKey::from_hex);
        let current = self.key_fingerprint(&me)?;
        let team = match sealing {
            Some(k) => change_file::key_fingerprint(k.bytes(), me.team),
            None => current.clone(),
        };
        Ok((current, team))
    }
}
