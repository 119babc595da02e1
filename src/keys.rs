//! The database key and its key slots, as disk encryption keeps them. The key that SQLCipher
//! encrypts the database with is 256 random bits, never stored as such: the key file beside the
//! database holds it only wrapped, once per staff account, by a key derived from that account's
//! password (Argon2id, 256 MiB, 3 passes: about 0.7 s on a 2-core PC, so each guess at a stolen
//! file costs the same), and once more by a recovery key shown at set-up for the safe. A
//! password change re-wraps one slot; the database itself is never re-encrypted.
//!
//! The file holds no names: a slot is found by a keyed hash of its username. It also counts
//! failed unlocks (10 per account in any 5 minutes), because those happen before the database,
//! where the rest of the accounts live, can be read.

use crate::error::{Error, Result};
use crate::files;
use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use chrono::{DateTime, Duration, Utc};
use rand::rngs::OsRng;
use rand::TryRngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use zeroize::{Zeroize, Zeroizing};

const FORMAT: u32 = 1;
const MAX_FAILURES: usize = crate::rules::access::MAX_FAILURES as usize;
const PC_MAX_FAILURES: usize = crate::rules::access::PC_MAX_FAILURES as usize;
use crate::rules::access::{PC_WINDOW_MINUTES, WINDOW_MINUTES};

/// The key SQLCipher opens the database with. Wiped from memory when dropped; never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for DatabaseKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DatabaseKey(hidden)")
    }
}

impl DatabaseKey {
    fn generate() -> Result<DatabaseKey> {
        let mut key = Zeroizing::new([0u8; 32]);
        random(&mut key[..])?;
        Ok(DatabaseKey(key))
    }

    /// The statement that keys a connection: a raw key, so SQLCipher skips its own
    /// PBKDF2 (the slots' Argon2id already did that work).
    pub(crate) fn pragma(&self) -> Zeroizing<String> {
        let hex = Zeroizing::new(data_encoding::HEXLOWER.encode(&self.0[..]));
        Zeroizing::new(format!("PRAGMA key = \"x'{}'\";", hex.as_str()))
    }
}

/// The recovery key, shown once at set-up: 32 characters in 8 groups, 160 random bits.
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryKey(Zeroizing<String>);

impl RecoveryKey {
    fn generate() -> Result<RecoveryKey> {
        let mut bytes = Zeroizing::new([0u8; 20]);
        random(&mut bytes[..])?;
        let plain = Zeroizing::new(data_encoding::BASE32_NOPAD.encode(&bytes[..]));
        let grouped: Vec<&str> = (0..8).map(|i| &plain[i * 4..i * 4 + 4]).collect();
        Ok(RecoveryKey(Zeroizing::new(grouped.join("-"))))
    }

    /// Accepts what a person types from the paper: any case, with or without dashes or spaces.
    pub fn parse(raw: &str) -> Result<RecoveryKey> {
        let plain: String = raw.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect();
        if plain.len() != 32 || data_encoding::BASE32_NOPAD.decode(plain.as_bytes()).is_err() {
            return Err(Error::invalid("recovery key", "should be 32 letters and digits in 8 groups of 4, as printed at set-up"));
        }
        let grouped: Vec<&str> = (0..8).map(|i| &plain[i * 4..i * 4 + 4]).collect();
        Ok(RecoveryKey(Zeroizing::new(grouped.join("-"))))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryKey(hidden)")
    }
}

/// How hard each guess is. Stored in the file, so a later version can raise it for new slots
/// while old ones still open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cost {
    pub memory_kib: u32,
    pub passes: u32,
    pub lanes: u32,
}

impl Cost {
    /// 256 MiB, 3 passes, 1 lane: 0.5-1.5 s per unlock on the PCs this runs on.
    pub const STANDARD: Cost = Cost { memory_kib: 262_144, passes: 3, lanes: 1 };
    /// OWASP's minimum for Argon2id (19 MiB, 2 passes): for tests, which unlock hundreds of times.
    pub const MINIMUM: Cost = Cost { memory_kib: 19_456, passes: 2, lanes: 1 };

    fn derive(self, secret: &[u8], salt: &[u8]) -> Result<Zeroizing<[u8; 32]>> {
        let params = Params::new(self.memory_kib, self.passes, self.lanes, Some(32))
            .map_err(|e| Error::invalid("key file", format!("has unusable key-derivation settings ({e})")))?;
        let mut out = Zeroizing::new([0u8; 32]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(secret, salt, &mut out[..])
            .map_err(|e| Error::invalid("password", format!("could not be used ({e})")))?;
        Ok(out)
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Slot {
    /// Keyed hash of the username (hex); empty for the recovery slot.
    tag: String,
    salt: String,
    nonce: String,
    wrapped: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Failure {
    tag: String,
    at: DateTime<Utc>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Contents {
    format: u32,
    cost: Cost,
    /// Salt for the username tags, so the same username gives different tags in each install.
    tag_salt: String,
    slots: Vec<Slot>,
    recovery: Slot,
    #[serde(default)]
    failures: Vec<Failure>,
    /// Failed unlocks not yet in the audit trail (which cannot be written until the database
    /// opens): their times, recorded at the next successful log-in.
    #[serde(default)]
    unaudited: Vec<DateTime<Utc>>,
}

/// A copy of the slots, taken before a change that may need undoing.
pub(crate) struct KeySlots(Contents);

/// The key file: `recovery-register.keys` beside the database.
pub struct KeyFile {
    path: PathBuf,
    contents: Contents,
}

/// Where the key file of `database` lives.
pub fn key_file_beside(database: &Path) -> PathBuf {
    database.with_extension("keys")
}

fn random(buf: &mut [u8]) -> Result<()> {
    OsRng.try_fill_bytes(buf).map_err(|e| Error::invalid("key", format!("the computer gave no random numbers ({e})")))
}

fn hex(bytes: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(bytes)
}

fn unhex(field: &str, text: &str) -> Result<Vec<u8>> {
    data_encoding::HEXLOWER.decode(text.as_bytes()).map_err(|_| Error::invalid("key file", format!("{field} is damaged")))
}

fn normal_username(username: &str) -> String {
    username.trim().to_lowercase()
}

impl KeyFile {
    /// Makes a new database key and a key file holding it for the recovery key (the first
    /// administrator's slot follows with their account). Refuses to replace an existing key
    /// file: that would lock the database for good.
    pub fn create(database: &Path, cost: Cost) -> Result<(KeyFile, DatabaseKey, RecoveryKey)> {
        let path = key_file_beside(database);
        if path.exists() {
            return Err(Error::conflict("key file", format!("{} already exists; log in instead", path.display())));
        }
        let key = DatabaseKey::generate()?;
        let recovery = RecoveryKey::generate()?;
        let mut tag_salt = [0u8; 16];
        random(&mut tag_salt)?;
        let recovery_slot = wrap(cost, &key, String::new(), normalised_recovery(&recovery).as_bytes())?;
        let file = KeyFile {
            path,
            contents: Contents {
                format: FORMAT,
                cost,
                tag_salt: hex(&tag_salt),
                slots: Vec::new(),
                recovery: recovery_slot,
                failures: Vec::new(),
                unaudited: Vec::new(),
            },
        };
        file.save()?;
        Ok((file, key, recovery))
    }

    pub fn exists(database: &Path) -> bool {
        key_file_beside(database).exists()
    }

    pub fn load(database: &Path) -> Result<KeyFile> {
        KeyFile::read(key_file_beside(database))
    }

    /// The file as it is on the disk now, in place of the copy in memory.
    pub(crate) fn reload(&mut self) -> Result<()> {
        *self = KeyFile::read(self.path.clone())?;
        Ok(())
    }

    fn read(path: PathBuf) -> Result<KeyFile> {
        let bytes = std::fs::read(&path).map_err(|e| Error::File { path: path.display().to_string(), problem: e.to_string() })?;
        let contents: Contents = serde_json::from_slice(&bytes).map_err(|e| {
            Error::invalid("key file", format!("{} is damaged ({e}); restore it from a backup or use the recovery key", path.display()))
        })?;
        if contents.format > FORMAT {
            return Err(Error::invalid(
                "key file",
                "was written by a newer version of Recovery Register; install it to open this database",
            ));
        }
        Ok(KeyFile { path, contents })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn tag(&self, username: &str) -> String {
        let mut h = Sha256::new();
        h.update(self.contents.tag_salt.as_bytes());
        h.update(normal_username(username).as_bytes());
        hex(&h.finalize())
    }

    /// The database key, if `password` opens `username`'s slot at `now`. Every failure counts
    /// (unknown names too, under their tag), and is written down before the answer is given.
    pub fn unlock(&mut self, username: &str, password: &str, now: DateTime<Utc>) -> Result<DatabaseKey> {
        let tag = self.tag(username);
        let since = now - Duration::minutes(WINDOW_MINUTES);
        let pc_since = now - Duration::minutes(PC_WINDOW_MINUTES);
        self.contents.failures.retain(|f| f.at > pc_since.min(since));
        let mut recent: Vec<DateTime<Utc>> = self.contents.failures.iter().filter(|f| f.tag == tag && f.at > since).map(|f| f.at).collect();
        recent.sort();
        if recent.len() >= MAX_FAILURES {
            let wait = (recent[0] + Duration::minutes(WINDOW_MINUTES) - now).num_seconds().max(1) as u32;
            return Err(Error::TooManyAttempts { wait_seconds: wait });
        }
        // Every username's failures together: a password tried against every name stops too.
        let mut on_this_pc: Vec<DateTime<Utc>> = self.contents.failures.iter().filter(|f| f.at > pc_since).map(|f| f.at).collect();
        on_this_pc.sort();
        if on_this_pc.len() >= PC_MAX_FAILURES {
            let wait = (on_this_pc[0] + Duration::minutes(PC_WINDOW_MINUTES) - now).num_seconds().max(1) as u32;
            return Err(Error::TooManyAttempts { wait_seconds: wait });
        }
        let opened = match self.contents.slots.iter().find(|s| s.tag == tag) {
            Some(slot) => unwrap(self.contents.cost, slot, password.as_bytes()),
            None => {
                // Spend the same time as a real slot, so timing does not reveal which names exist.
                let _ = self.contents.cost.derive(password.as_bytes(), &[0u8; 16]);
                None
            }
        };
        match opened {
            Some(key) => {
                if self.contents.failures.iter().any(|f| f.tag == tag) {
                    self.contents.failures.retain(|f| f.tag != tag);
                    self.save()?;
                }
                Ok(key)
            }
            None => {
                self.contents.failures.push(Failure { tag, at: now });
                self.contents.unaudited.push(now);
                self.save()?;
                Err(Error::LoginFailed)
            }
        }
    }

    /// The failed unlocks the audit trail has not heard of yet; `take_unaudited` once written.
    pub(crate) fn unaudited(&self) -> &[DateTime<Utc>] {
        &self.contents.unaudited
    }

    pub(crate) fn take_unaudited(&mut self) -> Result<()> {
        if self.contents.unaudited.is_empty() {
            return Ok(());
        }
        self.contents.unaudited.clear();
        self.save()
    }

    /// The database key from the recovery key.
    pub fn unlock_with_recovery(&self, recovery: &RecoveryKey) -> Result<DatabaseKey> {
        unwrap(self.contents.cost, &self.contents.recovery, normalised_recovery(recovery).as_bytes())
            .ok_or_else(|| Error::invalid("recovery key", "does not open this database"))
    }

    /// Adds `username`'s slot, or re-wraps it for a new password, and saves the file.
    pub fn put_slot(&mut self, key: &DatabaseKey, username: &str, password: &str) -> Result<()> {
        let tag = self.tag(username);
        let slot = wrap(self.contents.cost, key, tag.clone(), password.as_bytes())?;
        self.contents.slots.retain(|s| s.tag != tag);
        self.contents.slots.push(slot);
        self.contents.failures.retain(|f| f.tag != tag);
        self.save()
    }

    /// Removes `username`'s slot (an account added in a transaction that then failed).
    pub fn remove_slot(&mut self, username: &str) -> Result<()> {
        let tag = self.tag(username);
        self.contents.slots.retain(|s| s.tag != tag);
        self.save()
    }

    /// The slots as they are, to put back with `restore` if what they were changed for fails.
    pub(crate) fn snapshot(&self) -> KeySlots {
        KeySlots(self.contents.clone())
    }

    pub(crate) fn restore(&mut self, before: KeySlots) -> Result<()> {
        self.contents = before.0;
        self.save()
    }

    pub fn has_slot(&self, username: &str) -> bool {
        let tag = self.tag(username);
        self.contents.slots.iter().any(|s| s.tag == tag)
    }

    /// Written whole or not at all: a torn key file would lock everyone out.
    fn save(&self) -> Result<()> {
        let json = Zeroizing::new(serde_json::to_vec_pretty(&self.contents).expect("key file serialises"));
        files::write_whole(&self.path, &json)
    }
}

fn normalised_recovery(recovery: &RecoveryKey) -> Zeroizing<String> {
    Zeroizing::new(recovery.as_str().replace('-', ""))
}

fn aad(tag: &str) -> Vec<u8> {
    format!("recovery-register key slot v{FORMAT}:{tag}").into_bytes()
}

fn wrap(cost: Cost, key: &DatabaseKey, tag: String, secret: &[u8]) -> Result<Slot> {
    let mut salt = [0u8; 16];
    let mut nonce = [0u8; 24];
    random(&mut salt)?;
    random(&mut nonce)?;
    let kek = cost.derive(secret, &salt)?;
    let cipher = XChaCha20Poly1305::new_from_slice(&kek[..]).expect("32-byte key");
    let wrapped = cipher
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: &key.0[..], aad: &aad(&tag) })
        .map_err(|_| Error::invalid("key", "could not be wrapped"))?;
    Ok(Slot { salt: hex(&salt), nonce: hex(&nonce), wrapped: hex(&wrapped), tag })
}

/// `None` when the secret is wrong (or the slot was tampered with: the AEAD tells both apart
/// from a right answer, and the person needs the same message for either).
fn unwrap(cost: Cost, slot: &Slot, secret: &[u8]) -> Option<DatabaseKey> {
    let salt = unhex("salt", &slot.salt).ok()?;
    let nonce = unhex("nonce", &slot.nonce).ok()?;
    let wrapped = unhex("wrapped key", &slot.wrapped).ok()?;
    if nonce.len() != 24 {
        return None;
    }
    let kek = cost.derive(secret, &salt).ok()?;
    let cipher = XChaCha20Poly1305::new_from_slice(&kek[..]).expect("32-byte key");
    let mut plain = cipher.decrypt(XNonce::from_slice(&nonce), Payload { msg: &wrapped, aad: &aad(&slot.tag) }).ok()?;
    let out = <[u8; 32]>::try_from(&plain[..]).ok().map(|k| DatabaseKey(Zeroizing::new(k)));
    plain.zeroize();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_opens_with_its_password_only_and_failures_are_counted() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("register.db");
        let (mut file, key, recovery) = KeyFile::create(&db, Cost::MINIMUM).unwrap();
        file.put_slot(&key, "AGrant", "correct horse battery").unwrap();
        let now = Utc::now();
        assert_eq!(file.unlock("agrant ", "correct horse battery", now).unwrap(), key);
        assert_eq!(file.unlock("agrant", "wrong", now).unwrap_err().code(), "login_failed");
        assert_eq!(file.unlock("nobody", "correct horse battery", now).unwrap_err().code(), "login_failed");
        assert_eq!(file.unlock_with_recovery(&RecoveryKey::parse(&recovery.as_str().to_lowercase()).unwrap()).unwrap(), key);
        let reloaded = KeyFile::load(&db).unwrap();
        assert_eq!(reloaded.contents.failures.len(), 2, "failures are written down before answering");
        let text = std::fs::read_to_string(key_file_beside(&db)).unwrap();
        assert!(!text.to_lowercase().contains("agrant"), "no usernames in the key file");
        assert!(!text.contains(&hex(&key.0[..])), "the key is never stored unwrapped");
    }

    #[test]
    fn ten_failures_in_five_minutes_lock_the_slot_with_the_wait() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("register.db");
        let (mut file, key, _) = KeyFile::create(&db, Cost::MINIMUM).unwrap();
        file.put_slot(&key, "agrant", "correct horse battery").unwrap();
        let start = Utc::now();
        for i in 0..10 {
            assert_eq!(file.unlock("agrant", "nope", start + Duration::seconds(i)).unwrap_err().code(), "login_failed");
        }
        match file.unlock("agrant", "correct horse battery", start + Duration::seconds(60)) {
            Err(Error::TooManyAttempts { wait_seconds }) => assert_eq!(wait_seconds, 240),
            other => panic!("expected a wait, got {other:?}"),
        }
        assert!(file.unlock("agrant", "correct horse battery", start + Duration::seconds(301)).is_ok());
    }

    #[test]
    fn a_recovery_key_typed_badly_is_refused_clearly() {
        assert_eq!(
            RecoveryKey::parse("ABCD-EFGH").unwrap_err().to_string(),
            "recovery key: should be 32 letters and digits in 8 groups of 4, as printed at set-up"
        );
        assert!(RecoveryKey::parse("abcd efgh ijkl mnop qrst uvwx yz23 4567").is_ok());
    }
}
