//! Awards: types with their wording, who is due under a programme's completion rule, issuing a
//! cohort in one transaction with gapless numbers, prints and reprints, revocation, and offline
//! verification of a presented certificate.

use super::audit::{Action, Record};
use super::rows::{self, iso};
use super::{establishments, groups, now_utc, participants, Store};
use crate::actor::{Act, Actor};
use crate::dates;
use crate::error::{Error, Result};
use crate::model::*;
use crate::rules::completion::{self, CompletionProgress};
use crate::verification;
use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// One person on a programme's roster, with how they stand against its completion rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DueLine {
    pub participant: Participant,
    pub enrolment: Enrolment,
    pub progress: CompletionProgress,
    /// The award already issued for this cohort, if any.
    pub award: Option<Award>,
}

const AWARD: &str = "a.id, a.award_type_id, a.participant_id, a.group_id, a.number, a.awarded_on, \
    a.name_on_certificate, a.verification_code, a.revoked_on, a.revocation_reason, \
    (SELECT count(*) FROM award_print ap WHERE ap.award_id = a.id), a.revision, a.candidate_number";

/// The title an award `a` was issued under (its type may have been renamed since).
pub(crate) const ISSUED_TITLE: &str = "(SELECT json_extract(r.details, '$.title') FROM award_type_revision r \
    WHERE r.award_type_id = a.award_type_id AND r.revision = a.revision)";

fn award_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Award> {
    Ok(Award {
        id: r.get(0)?,
        award_type_id: r.get(1)?,
        participant_id: r.get(2)?,
        group_id: r.get(3)?,
        number: r.get(4)?,
        awarded_on: rows::date(r, 5)?,
        name_on_certificate: r.get(6)?,
        verification_code: r.get(7)?,
        revoked_on: rows::opt_date(r, 8)?,
        revocation_reason: r.get(9)?,
        prints: r.get(10)?,
        revision: r.get(11)?,
        candidate_number: r.get(12)?,
    })
}

impl Store {
    pub fn add_award_type(&mut self, actor: &Actor, establishment_id: EstablishmentId, details: &AwardTypeDetails) -> Result<AwardType> {
        actor.require(Act::WriteRecords)?;
        let details = details.normalised()?;
        self.write(actor, Action::AddAwardType, |tx| {
            establishments::by_id(tx, establishment_id)?;
            refuse_taken_title(tx, establishment_id, &details.title, None)?;
            let id = AwardTypeId::new();
            // The row first (its details are written as any revision's are).
            tx.execute(
                "INSERT INTO award_type (id, establishment_id, kind, title, wording, issuing_organisation, created_at, revision)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1)",
                params![id, establishment_id, details.kind, details.title, details.wording, details.issuing_organisation, now_utc()],
            )?;
            write_revision(tx, id, establishment_id, 1, &details, actor)?;
            award_type(tx, id)
        })
    }

    /// Changes an award type's wording, title or signatories. Awards already issued keep the
    /// revision they were issued under: a reprint says what the first print said.
    pub fn edit_award_type(&mut self, actor: &Actor, id: AwardTypeId, details: &AwardTypeDetails) -> Result<AwardType> {
        actor.require(Act::WriteRecords)?;
        let details = details.normalised()?;
        self.write(actor, Action::EditAwardType, |tx| {
            let before = award_type(tx, id)?;
            if before.details == details {
                return Err(Error::invalid("award type", "nothing was changed"));
            }
            if before.details.kind != details.kind && awards_issued(tx, id)? > 0 {
                return Err(Error::invalid("kind", "cannot change once awards have been issued; set up a new award type"));
            }
            refuse_taken_title(tx, before.establishment_id, &details.title, Some(id))?;
            tx.execute("DELETE FROM award_signatory WHERE award_type_id = ?1", [id])?;
            write_revision(tx, id, before.establishment_id, before.revision + 1, &details, actor)?;
            award_type(tx, id)
        })
    }

    /// Every revision of an award type, newest first.
    pub fn award_type_history(&self, actor: &Actor, id: AwardTypeId) -> Result<Vec<AwardTypeRevision>> {
        actor.require(Act::ReadRecords)?;
        award_type(&self.conn, id)?;
        let mut stmt = self.conn.prepare(
            "SELECT r.revision, r.details, r.made_at, s.display_name,
                    (SELECT count(*) FROM award a WHERE a.award_type_id = r.award_type_id AND a.revision = r.revision)
               FROM award_type_revision r LEFT JOIN staff s ON s.id = r.made_by
              WHERE r.award_type_id = ?1 ORDER BY r.revision DESC",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok((r.get::<_, u32>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, Option<String>>(3)?, r.get::<_, u32>(4)?))
        })?;
        rows.map(|row| {
            let (revision, details, made_at, made_by, awards) = row?;
            Ok(AwardTypeRevision {
                revision,
                details: revision_details(&details)?,
                made_at: dates::display_moment(&made_at),
                made_by,
                awards,
            })
        })
        .collect()
    }

    /// Checks a signature image (PNG only: a signature needs its transparent background) and
    /// keeps it scaled to at most 800 pixels, for an award type's or an issue's signatories.
    pub fn add_signature_image(&mut self, actor: &Actor, establishment_id: EstablishmentId, png: &[u8]) -> Result<SignatureImage> {
        actor.require(Act::WriteRecords)?;
        if !png.is_empty() && image::guess_format(png).ok() != Some(image::ImageFormat::Png) {
            return Err(Error::invalid("signature image", "is not a PNG image (scan the signature and save it as PNG)"));
        }
        let picture = crate::pdf::picture::normalise_picture("signature image", png)?;
        self.write(actor, Action::AddSignatureImage, |tx| {
            establishments::by_id(tx, establishment_id)?;
            let id = SignatureImageId::new();
            tx.execute(
                "INSERT INTO signature_image (id, establishment_id, png, width, height, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, establishment_id, picture.png, picture.width, picture.height, now_utc()],
            )?;
            Ok(SignatureImage { id, width_px: picture.width, height_px: picture.height })
        })
    }

    /// A stored signature image's PNG.
    pub fn signature_image(&self, actor: &Actor, id: SignatureImageId) -> Result<Vec<u8>> {
        actor.require(Act::ReadRecords)?;
        self.conn
            .query_row("SELECT png FROM signature_image WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::not_found("signature image", id))
    }

    pub fn award_types(&self, actor: &Actor, establishment_id: EstablishmentId) -> Result<Vec<AwardType>> {
        actor.require(Act::ReadRecords)?;
        let ids: Vec<AwardTypeId> = self
            .conn
            .prepare("SELECT id FROM award_type WHERE establishment_id = ?1 ORDER BY title COLLATE folded")?
            .query_map([establishment_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| award_type(&self.conn, id)).collect()
    }

    pub fn award_type(&self, actor: &Actor, id: AwardTypeId) -> Result<AwardType> {
        actor.require(Act::ReadRecords)?;
        award_type(&self.conn, id)
    }

    /// Sets (or with `None` removes) the logo printed on an award type's certificates. The image
    /// is checked and scaled down here, so printing never meets a bad file.
    pub fn set_award_type_logo(&mut self, actor: &Actor, id: AwardTypeId, image: Option<&[u8]>) -> Result<AwardType> {
        actor.require(Act::WriteRecords)?;
        let logo = image.map(crate::pdf::picture::normalise_logo).transpose()?;
        self.write(actor, Action::ChangeAwardLogo, |tx| {
            award_type(tx, id)?;
            tx.execute(
                "UPDATE award_type SET logo_png = ?2, logo_width = ?3, logo_height = ?4 WHERE id = ?1",
                params![id, logo.as_ref().map(|l| &l.png), logo.as_ref().map(|l| l.width), logo.as_ref().map(|l| l.height)],
            )?;
            award_type(tx, id)
        })
    }

    /// The stored (normalised PNG) logo of an award type, if it has one.
    pub fn award_type_logo(&self, actor: &Actor, id: AwardTypeId) -> Result<Option<Vec<u8>>> {
        actor.require(Act::ReadRecords)?;
        award_type(&self.conn, id)?;
        Ok(self.conn.query_row("SELECT logo_png FROM award_type WHERE id = ?1", [id], |r| r.get(0))?)
    }

    /// Everyone enrolled on a programme, with their standing against its completion rule.
    pub fn due_to_graduate(&self, actor: &Actor, group_id: GroupId) -> Result<Vec<DueLine>> {
        actor.require(Act::ReadRecords)?;
        due(&self.conn, group_id)
    }

    /// Issues one award to each person, all in one transaction: numbers are consecutive and
    /// never repeat, even when two people issue at once. For a programme, every person must
    /// have completed under its rule; the error names anyone who has not.
    pub fn issue_awards(
        &mut self,
        actor: &Actor,
        award_type_id: AwardTypeId,
        group_id: Option<GroupId>,
        people: &[ParticipantId],
        awarded_on: NaiveDate,
    ) -> Result<Vec<Award>> {
        self.issue_awards_signed(actor, award_type_id, group_id, people, awarded_on, None)
    }

    /// `issue_awards`, with the signatories for this issue (a sheriff presenting at a ceremony)
    /// instead of the award type's. They are kept with each award and print on its reprints.
    pub fn issue_awards_signed(
        &mut self,
        actor: &Actor,
        award_type_id: AwardTypeId,
        group_id: Option<GroupId>,
        people: &[ParticipantId],
        awarded_on: NaiveDate,
        signatories: Option<&[Signatory]>,
    ) -> Result<Vec<Award>> {
        actor.require(Act::WriteRecords)?;
        let chosen = signatories.map(Signatory::normalised_list).transpose()?;
        if people.is_empty() {
            return Err(Error::invalid("people", "choose at least one person to award"));
        }
        let today = self.today();
        if awarded_on > today {
            return Err(Error::invalid("award date", format!("{} is in the future", dates::display(awarded_on))));
        }
        self.write(actor, Action::IssueAwards, |tx| {
            let kind = award_type(tx, award_type_id)?;
            let est = establishments::by_id(tx, kind.establishment_id)?;
            let signing = match &chosen {
                Some(list) => {
                    check_signatures(tx, est.id, list)?;
                    list.clone()
                }
                None => kind.details.signatories.clone(),
            };
            let standing = match group_id {
                Some(g) => {
                    let group = groups::get(tx, g)?;
                    if group.establishment_id != est.id {
                        return Err(Error::invalid("group", "belongs to another establishment than the award type"));
                    }
                    Some(due(tx, g)?)
                }
                None => None,
            };
            let secret = secret(tx)?;
            let mut issued = Vec::with_capacity(people.len());
            for pid in people {
                participants::refuse_if_erased(tx, *pid)?;
                let person = participants::get(tx, *pid)?;
                if person.establishment_id != est.id {
                    return Err(Error::invalid(person.full_name(), "belongs to another establishment"));
                }
                if let Some(lines) = &standing {
                    let line = lines
                        .iter()
                        .find(|l| l.participant.id == *pid)
                        .ok_or_else(|| Error::invalid(person.full_name(), "is not on this programme's roster"))?;
                    if line.progress.status != completion::CompletionStatus::Completed {
                        return Err(Error::invalid(
                            person.full_name(),
                            format!(
                                "has not completed the programme (attended {} of the {} needed)",
                                line.progress.attended, line.progress.needed
                            ),
                        ));
                    }
                }
                let exists = tx
                    .prepare_cached("SELECT 1 FROM award WHERE award_type_id = ?1 AND participant_id = ?2 AND coalesce(group_id, x'') = coalesce(?3, x'')")?
                    .exists(params![award_type_id, pid, group_id])?;
                if exists {
                    return Err(Error::conflict(person.full_name(), "already has this award; reprint it instead"));
                }
                let candidate_number = match kind.details.kind {
                    AwardKind::Svq => Some(super::svq::ready_for_certificate(tx, &kind, &person)?),
                    _ => None,
                };
                let number = next_number(tx, &est, awarded_on.year())?;
                // The name as the certificate prints it is the one the code vouches for.
                let name = person.name_as_printed();
                let code = verification::code(&secret, &number, &name, awarded_on, &kind.details.title);
                let id = AwardId::new();
                tx.prepare_cached(
                    "INSERT INTO award (id, award_type_id, participant_id, group_id, number, awarded_on,
                            name_on_certificate, verification_code, issued_at, issued_by, revision, candidate_number)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                )?
                .execute(params![
                    id,
                    award_type_id,
                    pid,
                    group_id,
                    number,
                    iso(awarded_on),
                    name,
                    code,
                    now_utc(),
                    actor.staff_id,
                    kind.revision,
                    candidate_number
                ])?;
                for (i, s) in signing.iter().enumerate() {
                    tx.prepare_cached(
                        "INSERT INTO award_signature (award_id, position, name, role, signature_image_id) VALUES (?1, ?2, ?3, ?4, ?5)",
                    )?
                    .execute(params![id, i as u32 + 1, s.name, s.role, s.signature])?;
                }
                issued.push(get(tx, id)?);
            }
            Ok(issued)
        })
    }

    pub fn awards_of_participant(&self, actor: &Actor, participant_id: ParticipantId) -> Result<Vec<Award>> {
        actor.require(Act::ReadRecords)?;
        let mut stmt =
            self.conn.prepare(&format!("SELECT {AWARD} FROM award a WHERE a.participant_id = ?1 ORDER BY a.awarded_on, a.number"))?;
        let found = stmt.query_map([participant_id], award_row)?;
        Ok(found.collect::<rusqlite::Result<_>>()?)
    }

    pub fn awards_of_group(&self, actor: &Actor, group_id: GroupId) -> Result<Vec<Award>> {
        actor.require(Act::ReadRecords)?;
        let mut stmt = self.conn.prepare(&format!("SELECT {AWARD} FROM award a WHERE a.group_id = ?1 ORDER BY a.number"))?;
        let found = stmt.query_map([group_id], award_row)?;
        Ok(found.collect::<rusqlite::Result<_>>()?)
    }

    pub fn award_by_number(&self, actor: &Actor, number: &str) -> Result<Award> {
        actor.require(Act::ReadRecords)?;
        by_number(&self.conn, number)?.ok_or_else(|| Error::not_found("award", number.trim()))
    }

    /// Logs that certificates were printed. The first print needs no reason; a reprint keeps
    /// the number and code and must say why (lost, damaged ...).
    pub fn record_prints(&mut self, actor: &Actor, awards: &[AwardId], reprint_reason: Option<&str>) -> Result<()> {
        actor.require(Act::WriteRecords)?;
        let reason = text_reason(reprint_reason)?;
        self.write_about(
            Some(actor.staff_id),
            Action::PrintAwards,
            Record::none().detail(format!("{} certificates{}", awards.len(), if reason.is_some() { ", reprinted" } else { "" })),
            |tx| {
                for id in awards {
                    let award = get(tx, *id)?;
                    check_printable(tx, &award, reason.as_deref())?;
                    tx.prepare_cached(
                        "INSERT INTO award_print (id, award_id, printed_at, printed_by, reprint_reason) VALUES (?1, ?2, ?3, ?4, ?5)",
                    )?
                    .execute(params![
                        AwardPrintId::new(),
                        id,
                        now_utc(),
                        actor.staff_id,
                        if award.prints > 0 { reason.clone() } else { None }
                    ])?;
                }
                Ok(())
            },
        )
    }

    /// The checks `record_prints` makes, without writing: run them before producing a PDF so
    /// that a refused reprint leaves no file behind.
    pub fn check_prints(&self, actor: &Actor, awards: &[AwardId], reprint_reason: Option<&str>) -> Result<()> {
        actor.require(Act::WriteRecords)?;
        let reason = text_reason(reprint_reason)?;
        awards.iter().try_for_each(|id| check_printable(&self.conn, &get(&self.conn, *id)?, reason.as_deref()))
    }

    /// Revokes an award: the record stays, and verification then says "revoked".
    pub fn revoke_award(&mut self, actor: &Actor, id: AwardId, reason: &str) -> Result<Award> {
        actor.require(Act::WriteRecords)?;
        let reason = text_reason(Some(reason))?.ok_or_else(|| Error::invalid("revocation reason", "is empty"))?;
        let today = self.today();
        self.write(actor, Action::RevokeAward, |tx| {
            let award = get(tx, id)?;
            refuse_erased_award(tx, &award)?;
            if award.revoked_on.is_some() {
                return Err(Error::conflict(award.number, "is already revoked"));
            }
            tx.execute(
                "UPDATE award SET revoked_on = ?2, revocation_reason = ?3, revoked_by = ?4 WHERE id = ?1",
                params![id, iso(today), reason, actor.staff_id],
            )?;
            get(tx, id)
        })
    }

    /// What each award's certificate says, ready for layout: the wording of the revision it
    /// was issued under, the signatories chosen then, and the name and date frozen at issue;
    /// the establishment appears only if that revision said so.
    pub fn certificates(&self, actor: &Actor, awards: &[AwardId]) -> Result<Vec<crate::pdf::certificate::Certificate>> {
        use crate::pdf::certificate::{Certificate, Logo, SignatureLine};
        actor.require(Act::ReadRecords)?;
        // A cohort shares one revision: read each (and its prison and logo) once.
        type Issued = (AwardTypeDetails, Option<String>, Option<Logo>);
        let mut revisions: std::collections::HashMap<(AwardTypeId, u32), Issued> = Default::default();
        awards
            .iter()
            .map(|id| {
                let award = get(&self.conn, *id)?;
                refuse_erased_award(&self.conn, &award)?;
                if award.revoked_on.is_some() {
                    return Err(Error::conflict(award.number, "is revoked and cannot be printed"));
                }
                let key = (award.award_type_id, award.revision);
                let (d, establishment, logo) = match revisions.entry(key) {
                    std::collections::hash_map::Entry::Occupied(known) => known.get().clone(),
                    std::collections::hash_map::Entry::Vacant(slot) => {
                        let kind = award_type(&self.conn, award.award_type_id)?;
                        let details = issued_details(&self.conn, award.award_type_id, award.revision)?;
                        let place =
                            details.show_establishment.then(|| establishments::by_id(&self.conn, kind.establishment_id)).transpose()?;
                        let logo = logo_size(&self.conn, kind.id)?.map(|(width_px, height_px)| Logo {
                            key: kind.id.to_string(),
                            width_px,
                            height_px,
                        });
                        slot.insert((details, place.map(|e| e.name), logo)).clone()
                    }
                };
                let signatories = self
                    .conn
                    .prepare_cached(
                        "SELECT s.name, s.role, s.signature_image_id, i.width, i.height
                           FROM award_signature s LEFT JOIN signature_image i ON i.id = s.signature_image_id
                          WHERE s.award_id = ?1 ORDER BY s.position",
                    )?
                    .query_map([id], |r| {
                        let image: Option<SignatureImageId> = r.get(2)?;
                        let signature = match image {
                            Some(image) => Some(Logo { key: image.to_string(), width_px: r.get(3)?, height_px: r.get(4)? }),
                            None => None,
                        };
                        Ok(SignatureLine { name: r.get(0)?, role: r.get(1)?, signature })
                    })?
                    .collect::<rusqlite::Result<_>>()?;
                Ok(Certificate {
                    logo,
                    issuing_organisation: d.issuing_organisation,
                    establishment,
                    title: d.title,
                    name: award.name_on_certificate,
                    wording: d.wording,
                    awarding_body: d.awarding_body,
                    candidate_number: award.candidate_number,
                    date_in_words: dates::in_words(award.awarded_on),
                    signatories,
                    number: award.number,
                    verification_code: award.verification_code,
                })
            })
            .collect()
    }

    /// Checks a presented certificate: its number and code, and, when given, the name and date
    /// as printed on it.
    pub fn verify_award(
        &self,
        actor: &Actor,
        number: &str,
        code: &str,
        name: Option<&str>,
        awarded_on: Option<NaiveDate>,
    ) -> Result<Verification> {
        actor.require(Act::ReadRecords)?;
        let number = number.trim().to_uppercase();
        let Some(award) = by_number(&self.conn, &number)? else {
            return Ok(self.verify_elsewhere(&number, code, name, awarded_on)?.unwrap_or(Verification::Unknown { number }));
        };
        if participants::erased_on(&self.conn, award.participant_id)?.is_some() {
            return Err(Error::conflict(
                "certificate",
                format!("{number} was issued here, but its holder's records were erased after the retention period, so it can no longer be checked"),
            ));
        }
        let title = issued_details(&self.conn, award.award_type_id, award.revision)?.title;
        let mut differs = Vec::new();
        if verification::normalise(code) != verification::normalise(&award.verification_code) {
            differs.push("verification code".to_string());
        }
        if name.is_some_and(|n| crate::text::fold(n.trim()) != crate::text::fold(&award.name_on_certificate)) {
            differs.push("name".to_string());
        }
        if awarded_on.is_some_and(|d| d != award.awarded_on) {
            differs.push("date".to_string());
        }
        // The stored fields must still produce the stored code: a row edited behind the app's
        // back is caught too.
        let expected = verification::code(&secret(&self.conn)?, &award.number, &award.name_on_certificate, award.awarded_on, &title);
        if expected != award.verification_code && !differs.contains(&"verification code".to_string()) {
            differs.push("record".to_string());
        }
        Ok(if !differs.is_empty() {
            Verification::Altered { number, differs }
        } else if award.revoked_on.is_some() {
            Verification::Revoked { award, title }
        } else {
            Verification::Genuine { award, title }
        })
    }
}

/// An award whose holder's records were erased keeps its row (it was issued) but is never
/// printed, revoked or changed again.
fn refuse_erased_award(conn: &Connection, award: &Award) -> Result<()> {
    match participants::erased_on(conn, award.participant_id)? {
        Some(on) => Err(Error::conflict(
            award.number.clone(),
            format!(
                "its holder's records were erased on {} after the retention period; it cannot be printed or changed",
                dates::display(on)
            ),
        )),
        None => Ok(()),
    }
}

fn check_printable(conn: &Connection, award: &Award, reprint_reason: Option<&str>) -> Result<()> {
    refuse_erased_award(conn, award)?;
    if award.revoked_on.is_some() {
        return Err(Error::conflict(award.number.clone(), "is revoked and cannot be printed"));
    }
    if award.prints > 0 && reprint_reason.is_none() {
        return Err(Error::invalid("reprint reason", format!("{} was printed before; say why it is reprinted", award.number)));
    }
    Ok(())
}

fn text_reason(raw: Option<&str>) -> Result<Option<String>> {
    crate::text::optional("reason", raw, 300)
}

/// The next number for an establishment and year, e.g. PER-2026-0042. Runs inside the issuing
/// (immediate) transaction, so numbers are gapless and unique.
fn next_number(tx: &Connection, est: &Establishment, year: i32) -> Result<String> {
    // In a team, one PC numbers each establishment's certificates, so two PCs never give one
    // number to two people.
    crate::store::team::refuse_unless_numbering_here(tx, est)?;
    tx.prepare_cached("INSERT INTO award_counter (establishment_id, year, last) VALUES (?1, ?2, 0) ON CONFLICT DO NOTHING")?
        .execute(params![est.id, year])?;
    let n: u32 = tx
        .prepare_cached("UPDATE award_counter SET last = last + 1 WHERE establishment_id = ?1 AND year = ?2 RETURNING last")?
        .query_row(params![est.id, year], |r| r.get(0))?;
    Ok(format!("{}-{year}-{n:04}", est.code))
}

fn secret(conn: &Connection) -> Result<Vec<u8>> {
    let hex: String = conn.query_row("SELECT value FROM setting WHERE key = 'award_secret'", [], |r| r.get(0))?;
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16))
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| Error::Migration("the verification secret is damaged".into()))
}

pub(crate) fn award_type(conn: &Connection, id: AwardTypeId) -> Result<AwardType> {
    let mut t = conn
        .query_row(
            "SELECT establishment_id, kind, title, svq_level, awarding_body, wording, issuing_organisation, show_establishment,
                    logo_png IS NOT NULL, revision
               FROM award_type WHERE id = ?1",
            [id],
            |r| {
                Ok(AwardType {
                    id,
                    establishment_id: r.get(0)?,
                    details: AwardTypeDetails {
                        kind: r.get(1)?,
                        title: r.get(2)?,
                        svq_level: r.get(3)?,
                        awarding_body: r.get(4)?,
                        wording: r.get(5)?,
                        issuing_organisation: r.get(6)?,
                        show_establishment: r.get(7)?,
                        signatories: Vec::new(),
                    },
                    has_logo: r.get(8)?,
                    revision: r.get(9)?,
                })
            },
        )
        .optional()?
        .ok_or_else(|| Error::not_found("award type", id))?;
    t.details.signatories = conn
        .prepare("SELECT name, role, signature_image_id FROM award_signatory WHERE award_type_id = ?1 ORDER BY position")?
        .query_map([id], |r| Ok(Signatory { name: r.get(0)?, role: r.get(1)?, signature: r.get(2)? }))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(t)
}

/// An award type's details as a revision kept them.
fn issued_details(conn: &Connection, id: AwardTypeId, revision: u32) -> Result<AwardTypeDetails> {
    let json: String = conn
        .prepare_cached("SELECT details FROM award_type_revision WHERE award_type_id = ?1 AND revision = ?2")?
        .query_row(params![id, revision], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::not_found("award type revision", format!("{id} revision {revision}")))?;
    revision_details(&json)
}

fn revision_details(json: &str) -> Result<AwardTypeDetails> {
    serde_json::from_str(json).map_err(|e| Error::Migration(format!("an award type's kept revision could not be read ({e})")))
}

/// An award type's title is unique (in any case) at its establishment.
fn refuse_taken_title(tx: &Connection, establishment_id: EstablishmentId, title: &str, except: Option<AwardTypeId>) -> Result<()> {
    let taken = tx
        .prepare("SELECT 1 FROM award_type WHERE establishment_id = ?1 AND title = ?2 COLLATE NOCASE AND id IS NOT ?3")?
        .exists(params![establishment_id, title, except])?;
    match taken {
        true => Err(Error::conflict("title", format!("'{title}' is already an award type here"))),
        false => Ok(()),
    }
}

/// Makes `details` the type's current revision: its row, its signatories, and the revision kept.
fn write_revision(
    tx: &Connection,
    id: AwardTypeId,
    establishment_id: EstablishmentId,
    revision: u32,
    details: &AwardTypeDetails,
    actor: &Actor,
) -> Result<()> {
    check_signatures(tx, establishment_id, &details.signatories)?;
    tx.execute(
        "UPDATE award_type SET kind = ?2, title = ?3, svq_level = ?4, awarding_body = ?5, wording = ?6,
                issuing_organisation = ?7, show_establishment = ?8, revision = ?9 WHERE id = ?1",
        params![
            id,
            details.kind,
            details.title,
            details.svq_level,
            details.awarding_body,
            details.wording,
            details.issuing_organisation,
            details.show_establishment,
            revision
        ],
    )?;
    write_signatories(tx, id, &details.signatories)?;
    keep_revision(tx, id, revision, details, actor)
}

fn keep_revision(tx: &Connection, id: AwardTypeId, revision: u32, details: &AwardTypeDetails, actor: &Actor) -> Result<()> {
    let json = serde_json::to_string(details).map_err(|e| Error::Migration(e.to_string()))?;
    tx.execute(
        "INSERT INTO award_type_revision (award_type_id, revision, details, made_at, made_by) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, revision, json, now_utc(), actor.staff_id],
    )?;
    Ok(())
}

fn write_signatories(tx: &Connection, id: AwardTypeId, list: &[Signatory]) -> Result<()> {
    for (i, s) in list.iter().enumerate() {
        tx.execute(
            "INSERT INTO award_signatory (award_type_id, position, name, role, signature_image_id) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, i as u32 + 1, s.name, s.role, s.signature],
        )?;
    }
    Ok(())
}

/// Every signature image named must be one kept for this establishment.
fn check_signatures(conn: &Connection, establishment_id: EstablishmentId, list: &[Signatory]) -> Result<()> {
    for (i, s) in list.iter().enumerate() {
        if let Some(image) = s.signature {
            let here = conn
                .prepare_cached("SELECT 1 FROM signature_image WHERE id = ?1 AND establishment_id = ?2")?
                .exists(params![image, establishment_id])?;
            if !here {
                return Err(Error::invalid(format!("signatory {} signature", i + 1), "is not a signature image kept here"));
            }
        }
    }
    Ok(())
}

fn awards_issued(conn: &Connection, id: AwardTypeId) -> Result<u32> {
    Ok(conn.query_row("SELECT count(*) FROM award WHERE award_type_id = ?1", [id], |r| r.get(0))?)
}

fn logo_size(conn: &Connection, id: AwardTypeId) -> Result<Option<(u32, u32)>> {
    Ok(conn
        .prepare_cached("SELECT logo_width, logo_height FROM award_type WHERE id = ?1 AND logo_png IS NOT NULL")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

fn get(conn: &Connection, id: AwardId) -> Result<Award> {
    conn.prepare_cached(&format!("SELECT {AWARD} FROM award a WHERE a.id = ?1"))?
        .query_row([id], award_row)
        .optional()?
        .ok_or_else(|| Error::not_found("award", id))
}

fn by_number(conn: &Connection, number: &str) -> Result<Option<Award>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {AWARD} FROM award a WHERE a.number = ?1"))?
        .query_row([number.trim().to_uppercase()], award_row)
        .optional()?)
}

fn due(conn: &Connection, group_id: GroupId) -> Result<Vec<DueLine>> {
    let group = groups::get(conn, group_id)?;
    let (Some(planned), Some(rule)) = (group.details.planned_sessions, group.details.completion) else {
        return Err(Error::invalid("group", format!("'{}' is not a programme with a completion rule", group.details.name)));
    };
    let held: u32 = conn.query_row("SELECT count(*) FROM session WHERE group_id = ?1 AND status = 'held'", [group_id], |r| r.get(0))?;
    let still_to_run = planned.saturating_sub(held);
    let lines = super::enrolments::all_of_group(conn, group_id)?;
    let counts = super::summaries::counts_by_participant(conn, group_id)?;
    let mut out = Vec::new();
    for line in lines {
        let c = counts.get(&line.participant.id).copied().unwrap_or_default();
        // Someone who has left can attend no more sessions.
        let remaining = if line.enrolment.left_on.is_none() { still_to_run } else { 0 };
        let progress = completion::progress(rule, planned, &c, remaining);
        let award = conn
            .prepare_cached(&format!(
                "SELECT {AWARD} FROM award a WHERE a.group_id = ?1 AND a.participant_id = ?2 ORDER BY a.number LIMIT 1"
            ))?
            .query_row(params![group_id, line.participant.id], award_row)
            .optional()?;
        out.push(DueLine { participant: line.participant, enrolment: line.enrolment, progress, award });
    }
    Ok(out)
}
