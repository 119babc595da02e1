//! The files a team's PCs pass to each other, as bytes: pure (no database, no clock).
//!
//! A **change file** is what one PC sends the others: a manifest in the clear (so a file from a
//! newer version or another team is named before anything is opened), then the changes,
//! compressed and sealed with XChaCha20-Poly1305 under a key derived from the team's database
//! key (the manifest is the seal's associated data), and the Ed25519 signature of everything
//! before it by the PC that made it. A copy cut short, a byte changed, a file from another team
//! or made with another key is refused with its reason, before anything is applied.
//!
//! A **joining file** carries the database to a new PC, sealed under a one-time passphrase shown
//! on the screen of the PC that made it (Argon2id, then XChaCha20-Poly1305).

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use chrono::{DateTime, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;
use std::io::{Read, Write};
use uuid::Uuid;

const CHANGES_MAGIC: &[u8] = b"RECOVERY REGISTER CHANGES\n";
const JOINING_MAGIC: &[u8] = b"RECOVERY REGISTER JOINING\n";
/// The change file's own format (the schema version is in the manifest beside it).
pub const FORMAT: u32 = 1;
/// A file's changes are refused past this size unpacked (a hostile file that inflates forever).
pub const MAX_UNPACKED: u64 = 2 << 30;

pub use crate::error::Refusal;

type Refused<T> = std::result::Result<T, Refusal>;

/// Changes from `origin` numbered `from..=to` are in the file (or superseded by later ones).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeqRange {
    pub origin: Uuid,
    pub from: i64,
    pub to: i64,
}

/// The sender holds every change of `origin` up to `seq`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holding {
    pub origin: Uuid,
    pub seq: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub schema: usize,
    pub app_version: String,
    pub team: Uuid,
    pub device: Uuid,
    pub device_name: String,
    pub made_at: DateTime<Utc>,
    /// The sender's clock when it made the file (`rules::clock::Stamp` as text).
    pub clock: String,
    pub ranges: Vec<SeqRange>,
    pub holds: Vec<Holding>,
    pub rows: u64,
    pub unpacked_bytes: u64,
    pub sha256: String,
    /// What the sender holds of each PC's audit trail, and where each trail starts.
    #[serde(default)]
    pub audit_holds: Vec<Holding>,
    #[serde(default)]
    pub audit_starts: Vec<Holding>,
    /// Which database key the sender holds now (a fingerprint, never the key).
    #[serde(default)]
    pub key_fingerprint: String,
}

/// One value of a row, as SQLite holds it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Cell {
    #[serde(rename = "n")]
    Null,
    #[serde(rename = "i")]
    Int(i64),
    #[serde(rename = "r")]
    Real(f64),
    #[serde(rename = "t")]
    Text(String),
    #[serde(rename = "b", with = "hex_bytes")]
    Blob(Vec<u8>),
}

/// A row as it now is on the sender (`values` in the order of its table's `columns`), or its
/// grave (`None`), with the version that made it so.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RowChange {
    pub key: Vec<Cell>,
    pub stamp: String,
    pub device: Uuid,
    pub seq: i64,
    pub values: Option<Vec<Cell>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TableChanges {
    pub table: String,
    pub columns: Vec<String>,
    pub rows: Vec<RowChange>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Changes {
    pub tables: Vec<TableChanges>,
    /// Entries of the PCs' audit trails that another PC may not hold yet.
    #[serde(default)]
    pub audit: Vec<AuditRow>,
    /// A new database key not every PC of the team holds yet, sealed inside the file.
    #[serde(default)]
    pub new_key: Option<NewKey>,
}

/// A database key changed on one PC, on its way to the others: the key (hex) and the stamp of the
/// change, so that of two keys changed on two PCs at once, every PC takes the later.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewKey {
    pub key_hex: String,
    pub stamp: String,
}

impl fmt::Debug for NewKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NewKey(hidden, {})", self.stamp)
    }
}

/// One entry of a PC's audit trail, as that PC made it (ids and codes only, never names).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub device: Uuid,
    pub seq: i64,
    pub at: String,
    pub staff_id: Option<Uuid>,
    pub workstation: String,
    pub action: String,
    pub record_kind: Option<String>,
    pub record_id: Option<String>,
    pub detail: Option<String>,
    pub hash: String,
    pub previous: String,
}

impl Changes {
    pub fn row_count(&self) -> u64 {
        self.tables.iter().map(|t| t.rows.len() as u64).sum()
    }
}

/// A change file made from `changes`: the manifest's size and fingerprint fields are filled in.
pub fn seal_changes(mut manifest: Manifest, changes: &Changes, key: &[u8; 32], signer: &SigningKey) -> Vec<u8> {
    let plain = serde_json::to_vec(changes).expect("changes are plain data");
    manifest.rows = changes.row_count();
    manifest.unpacked_bytes = plain.len() as u64;
    manifest.sha256 = data_encoding::HEXLOWER.encode(&Sha256::digest(&plain));
    let mut packed = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
    packed.write_all(&plain).expect("writing to memory");
    let packed = packed.finish().expect("writing to memory");
    let manifest_bytes = serde_json::to_vec(&manifest).expect("the manifest is plain data");
    let nonce = random_nonce();
    let sealed = XChaCha20Poly1305::new(key.into())
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: &packed, aad: &manifest_bytes })
        .expect("sealing in memory");
    let mut out = Vec::with_capacity(sealed.len() + manifest_bytes.len() + 200);
    out.extend_from_slice(CHANGES_MAGIC);
    out.extend_from_slice(&(manifest_bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(&manifest_bytes);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&(sealed.len() as u64).to_le_bytes());
    out.extend_from_slice(&sealed);
    let signature = signer.sign(&out);
    out.extend_from_slice(&signature.to_bytes());
    out
}

/// A change file read as far as its manifest: what the PC taking it in checks first.
pub struct Unopened<'a> {
    pub manifest: Manifest,
    manifest_bytes: &'a [u8],
    signed: &'a [u8],
    nonce: &'a [u8],
    sealed: &'a [u8],
    signature: &'a [u8],
}

pub fn read_manifest(bytes: &[u8]) -> Refused<Unopened<'_>> {
    let mut rest = bytes.strip_prefix(CHANGES_MAGIC).ok_or_else(|| {
        if CHANGES_MAGIC.starts_with(bytes) && !bytes.is_empty() {
            Refusal::PartlyCopied
        } else {
            Refusal::NotATeamFile
        }
    })?;
    let manifest_len = take_u32(&mut rest)? as usize;
    let manifest_bytes = take(&mut rest, manifest_len)?;
    let nonce = take(&mut rest, 24)?;
    let sealed_len = usize::try_from(take_u64(&mut rest)?).map_err(|_| Refusal::PartlyCopied)?;
    let sealed = take(&mut rest, sealed_len)?;
    let signature = take(&mut rest, 64)?;
    if !rest.is_empty() {
        return Err(Refusal::Tampered);
    }
    let manifest: Manifest = serde_json::from_slice(manifest_bytes).map_err(|_| Refusal::Tampered)?;
    if manifest.format > FORMAT {
        return Err(Refusal::NewerFormat { format: manifest.format });
    }
    let signed = &bytes[..bytes.len() - 64];
    Ok(Unopened { manifest, manifest_bytes, signed, nonce, sealed, signature })
}

impl Unopened<'_> {
    /// Checks the signature with the sender's verifying key, opens the seal with the team's key
    /// and unpacks the changes (no further than the manifest says, and never past `MAX_UNPACKED`).
    pub fn open(&self, verifying: &[u8; 32], key: &[u8; 32]) -> Refused<Changes> {
        self.verify(verifying)?;
        self.unseal(key)
    }

    /// Whether the file was signed by the holder of `verifying`'s secret half, unchanged since.
    pub fn verify(&self, verifying: &[u8; 32]) -> Refused<()> {
        let verifying = VerifyingKey::from_bytes(verifying).map_err(|_| Refusal::Tampered)?;
        let signature = Signature::from_slice(self.signature).map_err(|_| Refusal::Tampered)?;
        verifying.verify(self.signed, &signature).map_err(|_| Refusal::Tampered)
    }

    /// The changes, unsealed with the team's key and unpacked; `verify` says who made them.
    pub fn unseal(&self, key: &[u8; 32]) -> Refused<Changes> {
        let packed = XChaCha20Poly1305::new(key.into())
            .decrypt(XNonce::from_slice(self.nonce), Payload { msg: self.sealed, aad: self.manifest_bytes })
            .map_err(|_| Refusal::Tampered)?;
        if self.manifest.unpacked_bytes > MAX_UNPACKED {
            return Err(Refusal::Tampered);
        }
        let mut plain = Vec::new();
        flate2::read::DeflateDecoder::new(&packed[..])
            .take(self.manifest.unpacked_bytes + 1)
            .read_to_end(&mut plain)
            .map_err(|_| Refusal::Tampered)?;
        if plain.len() as u64 != self.manifest.unpacked_bytes
            || data_encoding::HEXLOWER.encode(&Sha256::digest(&plain)) != self.manifest.sha256
        {
            return Err(Refusal::Tampered);
        }
        serde_json::from_slice(&plain).map_err(|_| Refusal::Tampered)
    }
}

/// Argon2id's cost for a joining file's passphrase.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassphraseCost {
    pub memory_kib: u32,
    pub passes: u32,
}

impl PassphraseCost {
    /// What the app uses: the passphrase is shown once and the file travels on a stick.
    pub const STANDARD: PassphraseCost = PassphraseCost { memory_kib: 65_536, passes: 3 };
    /// Tests and rehearsals.
    pub const MINIMUM: PassphraseCost = PassphraseCost { memory_kib: 8_192, passes: 1 };
}

/// A joining file: `contents` sealed under the passphrase.
pub fn seal_joining(contents: &[u8], passphrase: &str, cost: PassphraseCost) -> Vec<u8> {
    let mut salt = [0u8; 16];
    fill_random(&mut salt);
    let key = passphrase_key(passphrase, &salt, cost);
    let nonce = random_nonce();
    let header = serde_json::to_vec(&cost).expect("plain data");
    let sealed = XChaCha20Poly1305::new((&*key).into())
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: contents, aad: &header })
        .expect("sealing in memory");
    let mut out = Vec::with_capacity(sealed.len() + 128);
    out.extend_from_slice(JOINING_MAGIC);
    out.extend_from_slice(&(header.len() as u32).to_le_bytes());
    out.extend_from_slice(&header);
    out.extend_from_slice(&salt);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    out
}

pub fn open_joining(bytes: &[u8], passphrase: &str) -> Refused<zeroize::Zeroizing<Vec<u8>>> {
    let mut rest = bytes.strip_prefix(JOINING_MAGIC).ok_or(Refusal::NotATeamFile)?;
    let header_len = take_u32(&mut rest)? as usize;
    let header = take(&mut rest, header_len)?;
    let cost: PassphraseCost = serde_json::from_slice(header).map_err(|_| Refusal::Tampered)?;
    // A hostile header must not make this PC spend gigabytes on one guess.
    if cost.memory_kib > 1 << 20 || cost.passes > 16 {
        return Err(Refusal::Tampered);
    }
    let salt = take(&mut rest, 16)?;
    let nonce = take(&mut rest, 24)?;
    if rest.len() < 16 {
        return Err(Refusal::PartlyCopied);
    }
    let key = passphrase_key(passphrase, salt, cost);
    XChaCha20Poly1305::new((&*key).into())
        .decrypt(XNonce::from_slice(nonce), Payload { msg: rest, aad: header })
        .map(zeroize::Zeroizing::new)
        .map_err(|_| Refusal::WrongPassphrase)
}

/// The passphrase's letters: no I or O, which read as 1 and 0 on a screen (and no 0 or 1).
const PASSPHRASE_LETTERS: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// A passphrase read aloud or typed: case, spaces and dashes aside.
pub fn normalise_passphrase(raw: &str) -> String {
    raw.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
}

/// A one-time passphrase: 20 characters of a 32-letter alphabet (100 bits), in groups of four.
pub fn new_passphrase() -> String {
    let mut raw = [0u8; 20];
    fill_random(&mut raw);
    let letters: Vec<char> = raw.iter().map(|b| PASSPHRASE_LETTERS[usize::from(b & 31)] as char).collect();
    letters.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

fn passphrase_key(passphrase: &str, salt: &[u8], cost: PassphraseCost) -> zeroize::Zeroizing<[u8; 32]> {
    let normalised = normalise_passphrase(passphrase);
    let params = argon2::Params::new(cost.memory_kib, cost.passes, 1, Some(32)).expect("checked costs");
    let mut key = zeroize::Zeroizing::new([0u8; 32]);
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password_into(normalised.as_bytes(), salt, &mut key[..])
        .expect("a 16-byte salt and a 32-byte key are within Argon2's limits");
    key
}

/// The key a team's change files are sealed with: HKDF-SHA256 of the database key, salted with
/// the team's id, so it is never the database key itself.
pub fn team_file_key(database_key: &[u8; 32], team: Uuid) -> zeroize::Zeroizing<[u8; 32]> {
    let mut key = zeroize::Zeroizing::new([0u8; 32]);
    hkdf::Hkdf::<Sha256>::new(Some(team.as_bytes()), database_key)
        .expand(b"recovery-register change file v1", &mut key[..])
        .expect("32 bytes is a valid HKDF length");
    key
}

/// Which key a PC holds, said in the clear: 8 bytes of SHA-256 of the file key derived from it.
pub fn key_fingerprint(database_key: &[u8; 32], team: Uuid) -> String {
    data_encoding::HEXLOWER.encode(&Sha256::digest(&team_file_key(database_key, team)[..])[..8])
}

pub fn new_signing_key() -> SigningKey {
    let mut secret = zeroize::Zeroizing::new([0u8; 32]);
    fill_random(&mut secret[..]);
    SigningKey::from_bytes(&secret)
}

fn random_nonce() -> [u8; 24] {
    let mut nonce = [0u8; 24];
    fill_random(&mut nonce);
    nonce
}

fn fill_random(bytes: &mut [u8]) {
    use rand::TryRngCore;
    rand::rngs::OsRng.try_fill_bytes(bytes).expect("the system gives random numbers");
}

fn take<'a>(rest: &mut &'a [u8], n: usize) -> Refused<&'a [u8]> {
    if rest.len() < n {
        return Err(Refusal::PartlyCopied);
    }
    let (head, tail) = rest.split_at(n);
    *rest = tail;
    Ok(head)
}

fn take_u32(rest: &mut &[u8]) -> Refused<u32> {
    Ok(u32::from_le_bytes(take(rest, 4)?.try_into().expect("four bytes")))
}

fn take_u64(rest: &mut &[u8]) -> Refused<u64> {
    Ok(u64::from_le_bytes(take(rest, 8)?.try_into().expect("eight bytes")))
}

mod hex_bytes {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&data_encoding::HEXLOWER.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = <&str>::deserialize(d)?;
        data_encoding::HEXLOWER.decode(text.as_bytes()).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(team: Uuid) -> Manifest {
        Manifest {
            format: FORMAT,
            schema: 16,
            app_version: "1.0.0".into(),
            team,
            device: Uuid::now_v7(),
            device_name: "Café PC".into(),
            made_at: Utc::now(),
            clock: String::new(),
            ranges: vec![],
            holds: vec![],
            rows: 0,
            unpacked_bytes: 0,
            sha256: String::new(),
            audit_holds: vec![],
            audit_starts: vec![],
            key_fingerprint: String::new(),
        }
    }

    fn changes() -> Changes {
        Changes {
            tables: vec![TableChanges {
                table: "participant".into(),
                columns: vec!["id".into(), "given_name".into()],
                rows: vec![RowChange {
                    key: vec![Cell::Blob(vec![1; 16])],
                    stamp: "x".into(),
                    device: Uuid::nil(),
                    seq: 1,
                    values: Some(vec![Cell::Blob(vec![1; 16]), Cell::Text("Siobhán".into())]),
                }],
            }],
            audit: vec![],
            new_key: None,
        }
    }

    /// (what is done to a good file, the refusal expected)
    fn check(spoil: impl Fn(&mut Vec<u8>), expected: Refusal) {
        let team = Uuid::now_v7();
        let key = [7u8; 32];
        let signer = new_signing_key();
        let mut bytes = seal_changes(manifest(team), &changes(), &key, &signer);
        spoil(&mut bytes);
        let got = read_manifest(&bytes).and_then(|u| u.open(&signer.verifying_key().to_bytes(), &key));
        assert_eq!(got.err(), Some(expected));
    }

    #[test]
    fn a_good_file_opens_to_what_was_sealed() {
        let key = [7u8; 32];
        let signer = new_signing_key();
        let bytes = seal_changes(manifest(Uuid::now_v7()), &changes(), &key, &signer);
        let unopened = read_manifest(&bytes).unwrap();
        assert_eq!(unopened.manifest.rows, 1);
        assert_eq!(unopened.open(&signer.verifying_key().to_bytes(), &key).unwrap(), changes());
        // Names are sealed: not in the file's bytes.
        assert!(!bytes.windows(4).any(|w| w == "Siob".as_bytes()));
        // Another key, or another PC's verifying key, does not open it.
        assert_eq!(unopened.open(&signer.verifying_key().to_bytes(), &[8u8; 32]).err(), Some(Refusal::Tampered));
        let stranger = new_signing_key().verifying_key().to_bytes();
        assert_eq!(unopened.open(&stranger, &key).err(), Some(Refusal::Tampered));
    }

    #[test]
    fn spoilt_files_are_refused_with_their_reason() {
        check(|b| b.truncate(b.len() - 1), Refusal::PartlyCopied);
        check(|b| b.truncate(b.len() / 2), Refusal::PartlyCopied);
        check(|b| b.truncate(10), Refusal::PartlyCopied);
        check(|b| b.clear(), Refusal::NotATeamFile);
        check(|b| *b = b"Name,Number\r\nAn,A1\r\n".to_vec(), Refusal::NotATeamFile);
        check(|b| b.push(0), Refusal::Tampered);
        check(
            |b| {
                let at = b.len() - 100;
                b[at] ^= 1;
            },
            Refusal::Tampered,
        );
        // The manifest's text changed (a sender's name): the signature no longer matches.
        check(
            |b| {
                let at = b.windows(3).position(|w| w == b"PC\"").unwrap();
                b[at] = b'X';
            },
            Refusal::Tampered,
        );
    }

    #[test]
    fn joining_files_open_with_their_passphrase_only() {
        let cost = PassphraseCost { memory_kib: 8, passes: 1 };
        let phrase = new_passphrase();
        assert_eq!(phrase.len(), 24);
        assert!(phrase.chars().all(|c| c == '-' || (PASSPHRASE_LETTERS.contains(&(c as u8)))), "{phrase}");
        assert_ne!(phrase, new_passphrase());
        let sealed = seal_joining(b"the database", &phrase, cost);
        assert_eq!(&open_joining(&sealed, &phrase.to_lowercase().replace('-', " ")).unwrap()[..], b"the database");
        assert_eq!(open_joining(&sealed, "AAAA-BBBB-CCCC-DDDD-EEEE").err(), Some(Refusal::WrongPassphrase));
        assert_eq!(open_joining(&sealed[..40], &phrase).err(), Some(Refusal::PartlyCopied));
        assert_eq!(open_joining(b"PK\x03\x04", &phrase).err(), Some(Refusal::NotATeamFile));
    }
}
