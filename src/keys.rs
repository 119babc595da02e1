//! The database key and its key slots. The key that SQLCipher encrypts the database with is
//! 256 random bits, never stored as such. Each staff account's slot in the key file beside the
//! database holds an X25519 key pair: the secret half wrapped by a key derived from the
//! account's password (Argon2id, 256 MiB, 3 passes: about 0.7 s on a 2-core PC, so each guess
//! at a stolen file costs the same), and the database key sealed to the public half. The
//! recovery key shown at set-up for the safe has a slot of the same kind.
//!
//! Because every slot can be sealed to without its password, the database key can be changed
//! (a re-key) and the new key reach every account still allowed in, while a slot left out, or
//! an old copy of the file, opens nothing new: what disabling an account or resetting a
//! password needs.
//!
//! Changes to the slots are made in two steps with the database: the new file is written
//! beside the old as `NAME.keys.pending`, the database changes (its transaction noting the
//! pending file's generation), and only then does the pending file replace the old. A process
//! killed in between leaves a pending file that the next log-in settles (`settle_pending`): it
//! is kept if the database took the change and dropped if not, so a password works in one
//! file or the other, never in neither.
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

/// Format 2: slots hold key pairs. Format 1 (the first builds) wrapped the database key in each
/// slot directly; such a slot still opens, and becomes a format-2 slot at its owner's next
/// log-in.
const FORMAT: u32 = 2;
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
    pub(crate) fn generate() -> Result<DatabaseKey> {
        let mut key = Zeroizing::new([0u8; 32]);
        random(&mut key[..])?;
        Ok(DatabaseKey(key))
    }

    /// The statement that keys a connection: a raw key, so SQLCipher skips its own
    /// PBKDF2 (the slots' Argon2id already did that work).
    pub(crate) fn pragma(&self) -> Zeroizing<String> {
        self.statement("key")
    }

    /// The statement that re-encrypts an open database with this key.
    pub(crate) fn rekey_pragma(&self) -> Zeroizing<String> {
        self.statement("rekey")
    }

    fn statement(&self, pragma: &str) -> Zeroizing<String> {
        let hex = Zeroizing::new(data_encoding::HEXLOWER.encode(&self.0[..]));
        Zeroizing::new(format!("PRAGMA {pragma} = \"x'{}'\";", hex.as_str()))
    }

    /// As stored among the retired keys inside the database (which only a current key opens).
    pub(crate) fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(data_encoding::HEXLOWER.encode(&self.0[..]))
    }

    /// The raw key, for keys derived from it (a team's change files).
    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    pub(crate) fn from_hex(text: &str) -> Option<DatabaseKey> {
        let bytes = Zeroizing::new(data_encoding::HEXLOWER.decode(text.as_bytes()).ok()?);
        <[u8; 32]>::try_from(&bytes[..]).ok().map(|k| DatabaseKey(Zeroizing::new(k)))
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

/// Who can open what: which secret a slot answers to.
pub enum Secret<'a> {
    Password { username: &'a str, password: &'a str },
    Recovery(&'a RecoveryKey),
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Slot {
    /// Keyed hash of the username (hex); empty for the recovery slot.
    tag: String,
    salt: String,
    nonce: String,
    /// The slot's X25519 secret key, wrapped by the password (or recovery key). In a format-1
    /// slot (no `public`), the database key itself.
    wrapped: String,
    /// The slot's public key: what a re-key seals the new database key to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    public: Option<String>,
    /// The database key, sealed to `public`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sealed: Option<String>,
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
    /// Names this set of slots; the database notes the generation it took (`KEY_GENERATION`).
    #[serde(default)]
    generation: String,
    /// In a pending file: whether it carries a new database key (a re-key), which settles
    /// differently from a slot change under the same key.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    new_key: bool,
}

/// The setting under which the database notes the generation of the slots it last took.
pub(crate) const KEY_GENERATION: &str = "key_file_generation";

/// The key file: `recovery-register.keys` beside the database.
pub struct KeyFile {
    path: PathBuf,
    contents: Contents,
}

/// A new set of slots, written beside the key file as `NAME.keys.pending` and not yet in force.
pub(crate) struct Staged {
    contents: Contents,
}

impl Staged {
    /// What the database's transaction notes, so a later log-in can tell whether it happened.
    pub(crate) fn generation(&self) -> &str {
        &self.contents.generation
    }

    pub(crate) fn slot_count(&self) -> usize {
        self.contents.slots.len()
    }
}

/// Where the key file of `database` lives.
pub fn key_file_beside(database: &Path) -> PathBuf {
    database.with_extension("keys")
}

/// Where a key file's pending successor lives.
fn pending_beside(key_file: &Path) -> PathBuf {
    let mut name = key_file.as_os_str().to_owned();
    name.push(".pending");
    name.into()
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

fn new_generation() -> String {
    uuid::Uuid::now_v7().to_string()
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
        let _ = std::fs::remove_file(pending_beside(&path));
        let key = DatabaseKey::generate()?;
        let recovery = RecoveryKey::generate()?;
        let mut tag_salt = [0u8; 16];
        random(&mut tag_salt)?;
        let recovery_slot = new_slot(cost, &key, String::new(), normalised_recovery(&recovery).as_bytes())?;
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
                generation: new_generation(),
                new_key: false,
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

    /// The pending successor of `database`'s key file, if a change was cut short.
    pub(crate) fn load_pending(database: &Path) -> Result<Option<KeyFile>> {
        let path = pending_beside(&key_file_beside(database));
        if !path.exists() {
            return Ok(None);
        }
        KeyFile::read(path).map(Some)
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

    /// Names the set of slots in force.
    pub(crate) fn generation(&self) -> &str {
        &self.contents.generation
    }

    /// Whether this (pending) file carries a new database key.
    pub(crate) fn carries_new_key(&self) -> bool {
        self.contents.new_key
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
        let opened = match self.contents.slots.iter().position(|s| s.tag == tag) {
            Some(i) => open_slot(self.contents.cost, &self.contents.slots[i], password.as_bytes()).map(|key| (i, key)),
            None => {
                // Spend the same time as a real slot, so timing does not reveal which names exist.
                let _ = self.contents.cost.derive(password.as_bytes(), &[0u8; 16]);
                None
            }
        };
        match opened {
            Some((i, key)) => {
                let mut changed = false;
                if self.contents.failures.iter().any(|f| f.tag == tag) {
                    self.contents.failures.retain(|f| f.tag != tag);
                    changed = true;
                }
                if self.contents.slots[i].public.is_none() {
                    // A format-1 slot, opened by its owner: now it can become a key pair. The
                    // database key is the same, so no two-step change is needed.
                    self.contents.slots[i] = new_slot(self.contents.cost, &key, tag.clone(), password.as_bytes())?;
                    self.contents.format = FORMAT;
                    changed = true;
                }
                if changed {
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

    /// The database key this file gives `secret`, without counting a failure: for settling a
    /// pending file (whose answer decides nothing about the person) and for checking a password
    /// again inside a session.
    pub(crate) fn peek(&self, secret: &Secret<'_>) -> Option<DatabaseKey> {
        match secret {
            Secret::Password { username, password } => {
                let tag = self.tag(username);
                let slot = self.contents.slots.iter().find(|s| s.tag == tag)?;
                open_slot(self.contents.cost, slot, password.as_bytes())
            }
            Secret::Recovery(recovery) => open_slot(self.contents.cost, &self.contents.recovery, normalised_recovery(recovery).as_bytes()),
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
        self.peek(&Secret::Recovery(recovery)).ok_or_else(|| Error::invalid("recovery key", "does not open this database"))
    }

    /// A recovery slot from the first builds becomes a key pair, now that the recovery key has
    /// been typed (a re-key needs every slot it keeps to be one).
    pub(crate) fn bring_recovery_up_to_date(&mut self, key: &DatabaseKey, recovery: &RecoveryKey) -> Result<()> {
        if self.contents.recovery.public.is_some() {
            return Ok(());
        }
        self.contents.recovery = new_slot(self.contents.cost, key, String::new(), normalised_recovery(recovery).as_bytes())?;
        self.save()
    }

    /// The slots with `username`'s set to `password` (a new key pair, so a copy of the old file
    /// and the old password give nothing that a later re-key seals to).
    pub(crate) fn with_password(&self, key: &DatabaseKey, username: &str, password: &str) -> Result<Staged> {
        let tag = self.tag(username);
        let mut next = self.contents.clone();
        let slot = new_slot(next.cost, key, tag.clone(), password.as_bytes())?;
        next.slots.retain(|s| s.tag != tag);
        next.slots.push(slot);
        next.failures.retain(|f| f.tag != tag);
        next.generation = new_generation();
        next.new_key = false;
        Ok(Staged { contents: next })
    }

    /// The slots for a new database key: the recovery slot and the slots of `keep` (the
    /// accounts still allowed in) resealed to it; every other slot is left out. A format-1
    /// slot cannot be resealed without its password and is left out too: its owner needs a
    /// password reset. Returns how many slots were left out.
    pub(crate) fn rekeyed(&self, key: &DatabaseKey, keep: &[String]) -> Result<(Staged, usize)> {
        if self.contents.recovery.public.is_none() {
            return Err(Error::conflict(
                "database key",
                "cannot be changed until the recovery key's slot is brought up to date: use the recovery key once (Recover access) first",
            ));
        }
        let keep: Vec<String> = keep.iter().map(|u| self.tag(u)).collect();
        let mut next = self.contents.clone();
        let before = next.slots.len();
        next.slots = next
            .slots
            .iter()
            .filter(|s| keep.contains(&s.tag))
            .filter_map(|s| reseal(s, key).transpose())
            .collect::<Result<Vec<Slot>>>()?;
        next.recovery = reseal(&next.recovery, key)?.expect("checked above");
        next.generation = new_generation();
        next.new_key = true;
        let dropped = before - next.slots.len();
        Ok((Staged { contents: next }, dropped))
    }

    /// The slots a backup carried off the PC needs: the recovery slot and those of `keep`
    /// (the administrators), so a stick found in a car park opens for nobody else's password.
    pub(crate) fn only_for(&self, keep: &[String]) -> Vec<u8> {
        let keep: Vec<String> = keep.iter().map(|u| self.tag(u)).collect();
        let mut contents = self.contents.clone();
        contents.slots.retain(|s| keep.contains(&s.tag));
        contents.failures.clear();
        contents.unaudited.clear();
        serde_json::to_vec_pretty(&contents).expect("key file serialises")
    }

    /// Writes `staged` beside the key file as its pending successor, synced, before the
    /// database is changed.
    pub(crate) fn stage(&self, staged: &Staged) -> Result<()> {
        let json = Zeroizing::new(serde_json::to_vec_pretty(&staged.contents).expect("key file serialises"));
        files::write_whole(&pending_beside(&self.path), &json)
    }

    /// The database took the change: the pending file replaces the key file (one rename).
    pub(crate) fn commit(&mut self, staged: Staged) -> Result<()> {
        let pending = pending_beside(&self.path);
        std::fs::rename(&pending, &self.path).map_err(|e| Error::File { path: self.path.display().to_string(), problem: e.to_string() })?;
        files::sync_folder_of(&self.path);
        self.contents = staged.contents;
        self.contents.new_key = false;
        Ok(())
    }

    /// The database did not take the change: the pending file goes, the key file stays.
    pub(crate) fn abandon(&self) {
        let _ = std::fs::remove_file(pending_beside(&self.path));
    }

    /// This pending file replaces the key file beside it (settling a change cut short).
    pub(crate) fn promote(self, database: &Path) -> Result<()> {
        let target = key_file_beside(database);
        std::fs::rename(&self.path, &target).map_err(|e| Error::File { path: target.display().to_string(), problem: e.to_string() })?;
        files::sync_folder_of(&target);
        Ok(())
    }

    /// This pending file is dropped (the database never took its change).
    pub(crate) fn discard(self) {
        let _ = std::fs::remove_file(&self.path);
    }

    pub fn has_slot(&self, username: &str) -> bool {
        let tag = self.tag(username);
        self.contents.slots.iter().any(|s| s.tag == tag)
    }

    /// How many account slots the file holds.
    pub fn slot_count(&self) -> usize {
        self.contents.slots.len()
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

/// The authenticated data binding a wrapped secret to its slot (and its slot's format).
fn aad(version: u32, tag: &str) -> Vec<u8> {
    format!("recovery-register key slot v{version}:{tag}").into_bytes()
}

/// A slot for `secret` holding a new key pair, with `key` sealed to it.
fn new_slot(cost: Cost, key: &DatabaseKey, tag: String, secret: &[u8]) -> Result<Slot> {
    let pair = crypto_box::SecretKey::generate(&mut crypto_box::aead::OsRng);
    let secret_half = Zeroizing::new(pair.to_bytes());
    let mut slot = wrap(cost, &secret_half[..], tag, secret)?;
    let public = pair.public_key();
    slot.public = Some(hex(public.as_bytes()));
    slot.sealed = Some(seal(&public, key)?);
    Ok(slot)
}

fn seal(public: &crypto_box::PublicKey, key: &DatabaseKey) -> Result<String> {
    public.seal(&mut crypto_box::aead::OsRng, &key.0[..]).map(|s| hex(&s)).map_err(|_| Error::invalid("key", "could not be sealed"))
}

/// `slot` with `key` sealed to its public key in place of the old; `None` for a format-1 slot.
fn reseal(slot: &Slot, key: &DatabaseKey) -> Result<Option<Slot>> {
    let Some(public) = &slot.public else { return Ok(None) };
    let bytes = unhex("public key", public)?;
    let public = crypto_box::PublicKey::from_slice(&bytes).map_err(|_| Error::invalid("key file", "a public key is damaged"))?;
    Ok(Some(Slot { sealed: Some(seal(&public, key)?), ..slot.clone() }))
}

fn wrap(cost: Cost, inner: &[u8], tag: String, secret: &[u8]) -> Result<Slot> {
    let mut salt = [0u8; 16];
    let mut nonce = [0u8; 24];
    random(&mut salt)?;
    random(&mut nonce)?;
    let kek = cost.derive(secret, &salt)?;
    let cipher = XChaCha20Poly1305::new_from_slice(&kek[..]).expect("32-byte key");
    let wrapped = cipher
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: inner, aad: &aad(FORMAT, &tag) })
        .map_err(|_| Error::invalid("key", "could not be wrapped"))?;
    Ok(Slot { salt: hex(&salt), nonce: hex(&nonce), wrapped: hex(&wrapped), tag, public: None, sealed: None })
}

/// The database key `slot` gives `secret`; `None` when the secret is wrong (or the slot was
/// tampered with: the AEAD tells both apart from a right answer, and the person needs the
/// same message for either).
fn open_slot(cost: Cost, slot: &Slot, secret: &[u8]) -> Option<DatabaseKey> {
    let salt = unhex("salt", &slot.salt).ok()?;
    let nonce = unhex("nonce", &slot.nonce).ok()?;
    let wrapped = unhex("wrapped key", &slot.wrapped).ok()?;
    if nonce.len() != 24 {
        return None;
    }
    let version = if slot.public.is_some() { FORMAT } else { 1 };
    let kek = cost.derive(secret, &salt).ok()?;
    let cipher = XChaCha20Poly1305::new_from_slice(&kek[..]).expect("32-byte key");
    let inner = Zeroizing::new(cipher.decrypt(XNonce::from_slice(&nonce), Payload { msg: &wrapped, aad: &aad(version, &slot.tag) }).ok()?);
    let mut plain = match &slot.sealed {
        None => inner.to_vec(),
        Some(sealed) => {
            let pair = crypto_box::SecretKey::from_slice(&inner).ok()?;
            pair.unseal(&unhex("sealed key", sealed).ok()?).ok()?
        }
    };
    let out = <[u8; 32]>::try_from(&plain[..]).ok().map(|k| DatabaseKey(Zeroizing::new(k)));
    plain.zeroize();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(file: &mut KeyFile, key: &DatabaseKey, username: &str, password: &str) {
        let staged = file.with_password(key, username, password).unwrap();
        file.stage(&staged).unwrap();
        file.commit(staged).unwrap();
    }

    #[test]
    fn a_slot_opens_with_its_password_only_and_failures_are_counted() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("register.db");
        let (mut file, key, recovery) = KeyFile::create(&db, Cost::MINIMUM).unwrap();
        put(&mut file, &key, "AGrant", "correct horse battery");
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
        put(&mut file, &key, "agrant", "correct horse battery");
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

    #[test]
    fn a_new_key_reaches_the_slots_kept_and_no_other_nor_an_old_copy() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("register.db");
        let (mut file, key, recovery) = KeyFile::create(&db, Cost::MINIMUM).unwrap();
        put(&mut file, &key, "agrant", "correct horse battery");
        put(&mut file, &key, "bcole", "staple paper clip");
        let copy = std::fs::read(key_file_beside(&db)).unwrap();
        let new = DatabaseKey::generate().unwrap();
        let (staged, dropped) = file.rekeyed(&new, &["agrant".to_string()]).unwrap();
        assert_eq!(dropped, 1);
        file.stage(&staged).unwrap();
        file.commit(staged).unwrap();
        let now = Utc::now();
        let mut file = KeyFile::load(&db).unwrap();
        assert_eq!(file.unlock("agrant", "correct horse battery", now).unwrap(), new, "a kept slot opens the new key");
        assert_eq!(file.unlock("bcole", "staple paper clip", now).unwrap_err().code(), "login_failed", "a left-out slot is gone");
        assert_eq!(file.unlock_with_recovery(&recovery).unwrap(), new, "the recovery slot is resealed");
        std::fs::write(key_file_beside(&db), &copy).unwrap();
        let mut old = KeyFile::load(&db).unwrap();
        let from_copy = old.unlock("bcole", "staple paper clip", now).unwrap();
        assert_eq!(from_copy, key, "the old copy gives the old key");
        assert_ne!(from_copy, new, "and nothing that opens what the new key encrypts");
    }

    #[test]
    fn a_format_one_slot_opens_and_becomes_a_key_pair_at_its_owners_log_in() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("register.db");
        let (mut file, key, _) = KeyFile::create(&db, Cost::MINIMUM).unwrap();
        // A slot as the first builds wrote it: the database key wrapped directly, bound to v1.
        let tag = file.tag("agrant");
        let (salt, nonce) = ([7u8; 16], [9u8; 24]);
        let kek = Cost::MINIMUM.derive(b"correct horse battery", &salt).unwrap();
        let wrapped = XChaCha20Poly1305::new_from_slice(&kek[..])
            .unwrap()
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: &key.0[..], aad: &aad(1, &tag) })
            .unwrap();
        file.contents.slots.push(Slot { tag, salt: hex(&salt), nonce: hex(&nonce), wrapped: hex(&wrapped), public: None, sealed: None });
        file.contents.format = 1;
        file.save().unwrap();
        let mut file = KeyFile::load(&db).unwrap();
        assert_eq!(file.unlock("agrant", "correct horse battery", Utc::now()).unwrap(), key);
        let upgraded = KeyFile::load(&db).unwrap();
        assert!(upgraded.contents.slots[0].public.is_some(), "the slot holds a key pair now");
        assert_eq!(upgraded.contents.format, FORMAT);
        assert_eq!(upgraded.peek(&Secret::Password { username: "agrant", password: "correct horse battery" }), Some(key));
    }
}
