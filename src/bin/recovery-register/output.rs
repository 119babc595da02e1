//! Printing results: plain text for people (dd/mm/yyyy, British English), JSON for scripts.

use recovery_register::dates::display;
use recovery_register::demo::DemoSummary;
use recovery_register::model::*;
use recovery_register::printing::Printed;
use recovery_register::reports::MonthlyReport;
use recovery_register::rules::attendance::{percent, AttendanceCounts};
use recovery_register::store::{ErasureDone, PastRetention, Register, RegisterSaved, RetentionPeriod, SessionListing};
use recovery_register::views::{GroupPage, ParticipantPage};
use serde::Serialize;
use std::path::PathBuf;

/// println! that ends the program quietly when the reader has gone (`... | head`).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write;
        if writeln!(std::io::stdout(), $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}
pub(crate) use say;

pub struct SetUpShown<'a> {
    pub database: &'a std::path::Path,
    pub username: &'a str,
    pub password: Option<&'a str>,
    pub recovery: &'a recovery_register::keys::RecoveryKey,
}

fn set_up_json(
    database: &std::path::Path,
    username: &str,
    password: Option<&str>,
    recovery: &recovery_register::keys::RecoveryKey,
) -> serde_json::Value {
    serde_json::json!({ "database": database, "username": username, "password": password, "recovery_key": recovery.as_str() })
}

pub struct Out {
    pub json: bool,
}

fn opt_date(d: Option<chrono::NaiveDate>) -> String {
    d.map(display).unwrap_or_default()
}

impl Out {
    pub fn json<T: Serialize + ?Sized>(&self, value: &T) {
        say!("{}", serde_json::to_string_pretty(value).expect("serialisable"));
    }

    pub fn error(&self, e: &anyhow::Error) {
        let code = e.chain().find_map(|c| c.downcast_ref::<recovery_register::Error>()).map(|e| e.code()).unwrap_or("usage");
        let message = format!("{e:#}");
        if self.json {
            eprintln!("{}", serde_json::json!({ "error": { "code": code, "message": message } }));
        } else {
            eprintln!("error: {message}");
        }
    }

    pub fn establishments(&self, list: &[Establishment]) {
        if self.json {
            return self.json(list);
        }
        for e in list {
            say!("{:<6} {}", e.code, e.name);
        }
    }

    pub fn participants(&self, list: &[Participant]) {
        if self.json {
            return self.json(list);
        }
        if list.is_empty() {
            say!("No people found.");
        }
        for p in list {
            say!(
                "{:<10} {:<40} {:<10} {:<12} {:<10} {}",
                p.prison_number.as_deref().unwrap_or(p.kind.label()),
                p.full_name(),
                opt_date(p.date_of_birth),
                p.status.map(|s| s.label()).unwrap_or(""),
                p.location.as_deref().unwrap_or(""),
                p.id
            );
        }
    }

    pub fn participant_page(&self, page: &ParticipantPage) {
        let (p, attendance) = (&page.participant, &page.attendance);
        if self.json {
            // The script-facing shape: each group's id, name and counts.
            let attendance: Vec<_> = attendance
                .iter()
                .map(|g| serde_json::json!({ "group_id": g.group_id, "group_name": g.group_name, "counts": g.figures.counts }))
                .collect();
            return self.json(&serde_json::json!({ "participant": p, "attendance": attendance, "elsewhere": page.elsewhere }));
        }
        say!("{}  ({})", p.full_name(), p.prison_number.as_deref().unwrap_or(p.kind.label()));
        if let Some(d) = p.date_of_birth {
            say!("Date of birth:        {}", display(d));
        }
        if let Some(s) = p.status {
            say!("Status:               {} since {}", s.label(), opt_date(p.status_since));
        }
        if let Some(l) = &p.location {
            say!("Location:             {l}");
        }
        if let Some(d) = p.expected_liberation {
            say!("Expected liberation:  {}", display(d));
        }
        if attendance.is_empty() {
            say!("\nNot enrolled on any group yet.");
        } else {
            say!("\n{:<44} {:>8} {:>8} {:>8} {:>14}", "Group", "Expected", "Attended", "Rate", "Rate when able");
            for g in attendance {
                counts_line(&g.group_name, &g.figures.counts);
            }
        }
        for h in &page.elsewhere {
            say!("\nAt {} ({}), up to {} (from their transfer pack; not counted here):", h.name, h.code, display(h.up_to));
            for g in &h.groups {
                let done = if g.completed { ", completed" } else { "" };
                say!("  {:<42} {} sessions, {} to {}{done}", g.name, g.sessions_attended, display(g.first), display(g.last));
            }
            for a in &h.awards {
                say!("  {}  {}  {} on {}", a.number, a.verification_code, a.title, display(a.awarded_on));
            }
            for q in &h.svq {
                say!("  {}: {} of {} units signed off", q.title, q.units.len(), q.units_total);
                for u in &q.units {
                    say!("    {:<10} {} ({}, {})", u.code, u.title, u.assessor, display(u.signed_off_on));
                }
            }
            if let Some(n) = &h.sqa_candidate_number {
                say!("  SQA candidate number {n}");
            }
            if let Some(peer) = &h.peer {
                say!("  {} from {}", peer.role.label(), display(peer.since));
                for led in &peer.led {
                    say!("    led {} sessions of {}, {} to {}", led.sessions, led.group, display(led.first), display(led.last));
                }
            }
        }
    }

    pub fn facilitators(&self, list: &[Facilitator]) {
        if self.json {
            return self.json(list);
        }
        for f in list {
            say!("{:<30} {:<20} {:<28} {}", f.name, f.kind.label(), f.organisation.as_deref().unwrap_or(""), f.id);
        }
    }

    pub fn groups(&self, list: &[Group]) {
        if self.json {
            return self.json(list);
        }
        if list.is_empty() {
            say!("No groups yet.");
        }
        for g in list {
            let when = match g.details.schedule {
                Some(s) if s.every_weeks == 1 => format!("every {} {}", s.weekday, g.details.start_time.format("%H:%M")),
                Some(s) => format!("every {} weeks, {} {}", s.every_weeks, s.weekday, g.details.start_time.format("%H:%M")),
                None => "no regular schedule".to_string(),
            };
            say!("{:<48} {:<22} {:<30} {}", g.details.name, g.details.kind.label(), when, g.id);
        }
    }

    pub fn group_page(&self, page: &GroupPage) {
        let (g, sessions) = (&page.group, &page.sessions);
        if self.json {
            let roster: Vec<_> = page
                .attendance
                .iter()
                .map(|r| serde_json::json!({ "participant": r.participant, "attendance": r.figures.counts }))
                .collect();
            return self.json(&serde_json::json!({ "group": g, "roster": roster, "sessions": sessions }));
        }
        say!("{} ({}), from {}", g.details.name, g.details.kind.label(), display(g.details.starts_on));
        say!("\n{:<44} {:>8} {:>8} {:>8} {:>14}", "Person", "Expected", "Attended", "Rate", "Rate when able");
        for r in &page.attendance {
            counts_line(&r.participant.full_name(), &r.figures.counts);
        }
        say!("\nSessions:");
        for s in sessions {
            session_line(s);
        }
    }

    pub fn enrolments(&self, list: &[Enrolment]) {
        if self.json {
            return self.json(list);
        }
        for e in list {
            match (e.left_on, e.leaving_reason) {
                (Some(left), Some(reason)) => say!("Left on {} ({}).", display(left), reason.label().to_lowercase()),
                _ => say!("Enrolled from {}.", display(e.enrolled_on)),
            }
        }
    }

    pub fn sessions_created(&self, list: &[Session]) {
        if self.json {
            return self.json(list);
        }
        say!("{} session(s) added.", list.len());
        for s in list {
            say!("{} {}  {}", display(s.held_on), s.start_time.format("%H:%M"), s.id);
        }
    }

    pub fn session(&self, s: &Session) {
        if self.json {
            return self.json(s);
        }
        let reason = s.cancellation_reason.map(|r| format!(" ({})", r.label().to_lowercase())).unwrap_or_default();
        say!("{} {}  {}{}  {}", display(s.held_on), s.start_time.format("%H:%M"), s.status.label(), reason, s.id);
        if let Some(h) = &s.held_uncleared {
            say!("Held without a cleared facilitator ({}): {} (recorded by {}, {})", h.problem, h.reason, h.confirmed_by, h.confirmed_at);
        }
    }

    pub fn person_audit(&self, lines: &[recovery_register::store::PersonAuditLine]) {
        if self.json {
            return self.json(lines);
        }
        if lines.is_empty() {
            say!("Nothing in the audit trail about this person yet.");
        }
        for l in lines {
            let about = l.entry.about.as_ref().map(|a| format!(": {a}")).unwrap_or_default();
            say!("{}  {:<24} {}{about}  ({})", l.at_london, l.entry.who, l.entry.description, l.entry.workstation);
        }
    }

    pub fn cards(&self, list: &[recovery_register::store::cards::CardLine]) {
        if self.json {
            return self.json(list);
        }
        if list.is_empty() {
            return say!("No cards yet.");
        }
        for c in list {
            let whose = if c.own { "this install" } else { "held" };
            say!("{} {} ({}, {whose}): fingerprint {}", c.code, c.name, c.kind_label, c.fingerprint);
        }
    }

    pub fn national_year(&self, y: &recovery_register::store::national::NationalYear) {
        if self.json {
            return self.json(y);
        }
        say!("National summary, January to December {}", y.year);
        for e in &y.establishments {
            let missing = if e.missing.is_empty() { String::new() } else { format!("; not sent: {}", e.missing.join(", ")) };
            say!(
                "  {} {}: {} months sent, {} sessions held, {} named attendances{missing}",
                e.code,
                e.name,
                e.sent.len(),
                e.totals.sessions_held,
                e.totals.named_attendances()
            );
        }
        say!(
            "Total: {} sessions held, {} named attendances, {} certificates, {} liberations",
            y.totals.sessions_held,
            y.totals.named_attendances(),
            y.totals.certificates_issued,
            y.liberation.liberations
        );
    }

    pub fn national_return(&self, r: &recovery_register::store::national::NationalReturn) {
        if self.json {
            return self.json(r);
        }
        say!(
            "National return, {}: {} sent their figures",
            r.month,
            recovery_register::text::counted(r.sent.len() as u64, "establishment", "establishments")
        );
        for e in &r.sent {
            say!(
                "  {} {}: {} sessions held, {} named attendances, {} different people",
                e.code,
                e.name,
                e.totals.sessions_held,
                e.totals.named_attendances(),
                e.totals.unique_people
            );
        }
        for m in &r.missing {
            say!("  {m}: not sent (not counted)");
        }
        say!(
            "Total: {} sessions held, {} named attendances, {} different people, {} liberations",
            r.totals.sessions_held,
            r.totals.named_attendances(),
            r.totals.unique_people,
            r.liberation.liberations
        );
    }

    pub fn said(&self, words: &str) {
        if self.json {
            return self.json(&serde_json::json!({ "message": words }));
        }
        say!("{words}");
    }

    pub fn joining_file(&self, made: &recovery_register::store::team::JoiningFile) {
        if self.json {
            return self.json(made);
        }
        say!("Joining file for \"{}\" written ({} bytes).", made.pc_name, made.bytes);
        say!("Type this passphrase on the new PC (do not write it on the stick): {}", made.passphrase);
    }

    pub fn sent_changes(&self, sent: &recovery_register::store::team::SentChanges) {
        if self.json {
            return self.json(sent);
        }
        say!("Changes sent: {} rows, {} bytes.", sent.rows, sent.bytes);
    }

    pub fn taken_in(&self, taken: &recovery_register::store::team::TakenIn, preview: bool) {
        if self.json {
            return self.json(taken);
        }
        let verb = if preview { "Would take in" } else { "Took in" };
        say!("{verb} changes from {}: {} changed, {} already held.", taken.sender, taken.changed, taken.unchanged);
        for from in &taken.from {
            say!("  made on {}: {}", from.pc, from.rows);
        }
        if taken.conflicts > 0 {
            say!("Marks made on two PCs, waiting for a choice: {}", taken.conflicts);
        }
        if taken.merged > 0 {
            say!("Records made twice, now one: {}", taken.merged);
        }
        if taken.erased > 0 {
            say!("People erased on another PC, erased here too: {}", taken.erased);
        }
    }

    pub fn team_status(&self, status: &recovery_register::store::team::TeamStatus) {
        if self.json {
            return self.json(status);
        }
        match &status.this_pc {
            Some(me) => say!("This PC: {}", me.name),
            None => return say!("This PC is on its own (not in a team)."),
        }
        for m in &status.members {
            let last = m.last_changes.clone().unwrap_or_else(|| "no changes taken in yet".into());
            say!("{}{}: {last}", m.name, if m.retired { " (retired)" } else { "" });
        }
        for m in &status.members {
            if let Some(w) = &m.warning {
                say!("Warning: {w}");
            }
        }
        if status.conflicts > 0 {
            say!("Conflicts to review: {}", status.conflicts);
        }
    }

    pub fn mark_conflicts(&self, list: &[recovery_register::store::team::MarkConflict]) {
        if self.json {
            return self.json(list);
        }
        if list.is_empty() {
            return say!("No conflicts to review.");
        }
        for c in list {
            say!(
                "{} at {} on {} (session {}, person {})",
                c.person,
                c.group,
                recovery_register::dates::display(c.held_on),
                c.session_id,
                c.participant_id
            );
            for (which, v) in [("kept", &c.kept), ("other", &c.other)] {
                say!("  {which}: {} {} by {} on {} ({})", v.mark, v.reason.clone().unwrap_or_default(), v.recorded_by, v.recorded_at, v.pc);
            }
        }
    }

    pub fn event(&self, e: &Event) {
        if self.json {
            return self.json(e);
        }
        event_line(e);
    }

    pub fn events(&self, list: &[Event]) {
        if self.json {
            return self.json(list);
        }
        if list.is_empty() {
            say!("No events in these dates.");
        }
        for e in list {
            event_line(e);
        }
    }

    pub fn session_list(&self, list: &[SessionListing]) {
        if self.json {
            return self.json(list);
        }
        if list.is_empty() {
            say!("No sessions in these dates.");
        }
        for s in list {
            session_line(s);
        }
    }

    pub fn register(&self, r: &Register) {
        if self.json {
            return self.json(r);
        }
        say!("{} — {} {} ({})", r.group_name, display(r.session.held_on), r.session.start_time.format("%H:%M"), r.session.status.label());
        for problem in r.clearance_problem.iter().chain(&r.qualification_problem) {
            say!("{problem}.");
        }
        if let Some(h) = &r.session.held_uncleared {
            say!("Held without a cleared facilitator ({}): {}", h.problem, h.reason);
        }
        if r.lines.is_empty() {
            say!("Nobody is on the roster on this date.");
        }
        for l in &r.lines {
            let mark = match &l.mark {
                None => "—".to_string(),
                Some(m) => match m.absence_reason {
                    Some(reason) => format!("Absent: {}", reason.label().to_lowercase()),
                    None => m.mark.label().to_string(),
                },
            };
            say!("{:<10} {:<40} {}", l.participant.prison_number.as_deref().unwrap_or(""), l.participant.full_name(), mark);
        }
    }

    pub fn register_saved(&self, saved: &RegisterSaved) {
        if self.json {
            return self.json(saved);
        }
        say!("Saved {} mark(s); session {}; {} still unmarked.", saved.saved, saved.status.label().to_lowercase(), saved.unmarked);
    }

    pub fn award_types(&self, list: &[AwardType]) {
        if self.json {
            return self.json(list);
        }
        for t in list {
            say!("{:<50} {:<28} {}", t.details.title, t.details.kind.label(), t.id);
        }
    }

    pub fn due(&self, list: &[recovery_register::store::DueLine]) {
        if self.json {
            return self.json(list);
        }
        use recovery_register::rules::completion::CompletionStatus::*;
        for l in list {
            let status = match l.progress.status {
                Completed => "Completed",
                OnTrack => "On track",
                CannotComplete => "Can no longer complete",
            };
            let award = l.award.as_ref().map(|a| a.number.as_str()).unwrap_or("");
            say!(
                "{:<10} {:<40} attended {:>2} of {:>2} needed  {:<24} {}",
                l.participant.prison_number.as_deref().unwrap_or(""),
                l.participant.full_name(),
                l.progress.attended,
                l.progress.needed,
                status,
                award
            );
        }
    }

    pub fn awards(&self, list: &[Award]) {
        if self.json {
            return self.json(list);
        }
        if list.is_empty() {
            say!("No awards.");
        }
        for a in list {
            let revoked = a.revoked_on.map(|d| format!("  REVOKED {}", display(d))).unwrap_or_default();
            say!("{}  {}  {:<40} {}{}", a.number, a.verification_code, a.name_on_certificate, display(a.awarded_on), revoked);
        }
    }

    pub fn verification(&self, v: &Verification) {
        if self.json {
            return self.json(v);
        }
        match v {
            Verification::Genuine { award, title } => {
                say!("GENUINE: {} — {}, awarded to {} on {}.", award.number, title, award.name_on_certificate, display(award.awarded_on))
            }
            Verification::Revoked { award, title } => say!(
                "REVOKED: {} — {} was revoked on {}: {}.",
                award.number,
                title,
                opt_date(award.revoked_on),
                award.revocation_reason.as_deref().unwrap_or("")
            ),
            Verification::Altered { number, differs } => {
                say!("NOT GENUINE: {number} exists, but the {} do not match the record.", differs.join(" and "))
            }
            Verification::Elsewhere { number, title, awarded_on, name_on_certificate, establishment, revoked_on: None } => say!(
                "GENUINE: {number} — {title}, awarded to {name_on_certificate} on {} at {establishment} (brought here in a transfer pack signed by its card).",
                display(*awarded_on)
            ),
            Verification::Elsewhere { number, title, establishment, revoked_on: Some(on), .. } => {
                say!("REVOKED: {number} — {title} from {establishment} was revoked there on {}.", display(*on))
            }
            Verification::Unknown { number } => say!("UNKNOWN: no award has the number {number} here."),
        }
    }

    pub fn printed(&self, printed: &Printed) {
        if self.json {
            return self.json(printed);
        }
        let kb = printed.bytes as f64 / 1024.0;
        match printed.files.as_slice() {
            [one] => say!("{} certificate(s) written to {} ({kb:.1} KB).", printed.certificates, one.display()),
            many => say!("{} certificate(s) written as {} files ({kb:.1} KB in all).", printed.certificates, many.len()),
        }
    }

    pub fn monthly_report(&self, r: &MonthlyReport, written: &[PathBuf]) {
        if self.json {
            return self.json(&serde_json::json!({ "report": r, "files": written }));
        }
        let t = &r.totals;
        let names: Vec<&str> = r.establishments.iter().map(|e| e.name.as_str()).collect();
        say!("{}: {}", r.month_label, names.join(", "));
        if r.is_empty() {
            say!("Nothing was recorded for this month.");
        } else {
            say!(
                "Sessions: {} planned, {} held, {} cancelled, {} not recorded.",
                t.sessions_planned,
                t.sessions_held,
                t.sessions_cancelled,
                t.sessions_not_recorded
            );
            say!(
                "Attendances: {} by {} people of {} expected; rate {}, when able to attend {}.",
                t.counts.attended(),
                t.unique_people,
                t.counts.expected,
                percent(t.counts.rate()),
                percent(t.counts.rate_when_able())
            );
            say!(
                "New enrolments {}, leavers {}, completions {}, certificates {}.",
                t.new_enrolments,
                t.leavers_total(),
                t.completions,
                t.certificates_issued
            );
            for g in &r.groups {
                say!(
                    "  {:<48} {:>3} held {:>4} attended  {:>6}",
                    g.group_name,
                    g.figures.sessions_held,
                    g.figures.counts.attended(),
                    percent(g.figures.counts.rate())
                );
            }
        }
        self.written(written);
    }

    pub fn backups(&self, made: &[recovery_register::backup::Backup]) {
        if self.json {
            return self.json(made);
        }
        if made.is_empty() {
            say!("Nothing to do: today's backup was already made.");
        }
        for b in made {
            say!("Backed up and checked: {} ({:.1} MB, SHA-256 {})", b.path.display(), b.bytes as f64 / 1e6, b.sha256);
        }
    }

    pub fn restored(&self, from: &std::path::Path, safety: &recovery_register::backup::Backup) {
        if self.json {
            return self.json(&serde_json::json!({ "restored_from": from, "safety_copy": safety }));
        }
        say!("Restored from {}. The database it replaced is kept at {}.", from.display(), safety.path.display());
    }

    pub fn set_up(
        &self,
        database: &std::path::Path,
        username: &str,
        made_up_password: Option<&str>,
        recovery: &recovery_register::keys::RecoveryKey,
    ) {
        if self.json {
            return self.json(&set_up_json(database, username, made_up_password, recovery));
        }
        say!("Set up an encrypted database at {}.", database.display());
        say!("Administrator: {username}");
        if let Some(p) = made_up_password {
            say!("Password (shown once; change it with `user password`): {p}");
        }
        say!("Recovery key (shown once): {}", recovery.as_str());
        say!("Write the recovery key down and keep it in the safe: it is the only way in if every");
        say!("administrator's password is lost. Anyone with it and a copy of the database can read it.");
    }

    pub fn clearances(&self, list: &[recovery_register::store::ClearanceLine]) {
        if self.json {
            return self.json(list);
        }
        if list.is_empty() {
            say!("No clearances.");
        }
        for l in list {
            let d = &l.clearance.details;
            say!(
                "{:<22} {:<5} {:<38} {:<12} granted {:<10} until {:<10} {}  {}",
                l.facilitator_name,
                l.establishment_code,
                d.kind.label(),
                d.status.label(),
                opt_date(d.granted_on),
                opt_date(d.expires_on),
                if l.renewed_by.is_some() { "(renewed)" } else { "" },
                l.clearance.id
            );
        }
    }

    pub fn clearance_warnings(&self, w: &recovery_register::store::ClearanceWarnings) {
        if self.json {
            return self.json(w);
        }
        say!("{}.", w.sentence.as_deref().unwrap_or("Nothing to chase: no clearance has lapsed or expires soon"));
        say!("Expiring within {} days:", w.within_days);
        for l in &w.expiring {
            say!("  {:<22} {:<5} until {}", l.facilitator_name, l.establishment_code, opt_date(l.clearance.details.expires_on));
        }
        say!("Lapsed:");
        for l in &w.lapsed {
            say!("  {:<22} {:<5} expired {}", l.facilitator_name, l.establishment_code, opt_date(l.clearance.details.expires_on));
        }
        say!("Waiting too long for a decision:");
        for l in &w.waiting {
            let waited = l.waiting_note.as_deref().unwrap_or("");
            say!(
                "  {:<22} {:<5} applied {} ({waited})",
                l.facilitator_name,
                l.establishment_code,
                opt_date(l.clearance.details.applied_on)
            );
        }
    }

    pub fn done(&self, message: &str) {
        if self.json {
            return self.json(&serde_json::json!({ "done": message }));
        }
        say!("{message}");
    }

    pub fn accounts(&self, list: &[recovery_register::store::StaffAccount]) {
        if self.json {
            return self.json(list);
        }
        for a in list {
            say!("{:<16} {:<28} {:<14}{}", a.username, a.display_name, a.role.code(), if a.disabled { " (disabled)" } else { "" });
        }
    }

    pub fn audit(&self, entries: &[recovery_register::store::AuditEntry]) {
        if self.json {
            return self.json(entries);
        }
        if entries.is_empty() {
            say!("No entries.");
        }
        for e in entries {
            let when = chrono::DateTime::parse_from_rfc3339(&e.at)
                .map(|t| t.with_timezone(&recovery_register::dates::ZONE).format("%d/%m/%Y %H:%M:%S").to_string())
                .unwrap_or_else(|_| e.at.clone());
            let record = match (&e.record_kind, &e.record_id) {
                (Some(k), Some(id)) => format!("{k} {id}"),
                (Some(k), None) => k.clone(),
                _ => String::new(),
            };
            say!(
                "{:>6}  {}  {:<28} {:<12} {:<30} {} {}",
                e.seq,
                when,
                if e.staff.is_empty() { "-" } else { &e.staff },
                e.workstation,
                e.description,
                record,
                e.detail.as_deref().unwrap_or("")
            );
        }
    }

    pub fn audit_check(&self, check: &recovery_register::store::AuditCheck) {
        if self.json {
            return self.json(check);
        }
        say!("{}", check.sentence);
    }

    /// A person's full record written: the files, and how much of each kind it holds.
    pub fn person_record(&self, r: &recovery_register::store::PersonRecord, files: &[PathBuf]) {
        let counts = [
            ("custody_changes", "custody change", r.custody.len()),
            ("enrolments", "enrolment", r.enrolments.len()),
            ("attendance_marks", "attendance mark", r.attendance.len()),
            ("awards", "award", r.awards.len()),
            ("liberation_plans", "liberation plan", usize::from(r.liberation_plan.is_some())),
            ("consents", "consent", r.consents.len()),
            ("referrals", "referral", r.referrals.len()),
            ("meetings", "meeting", r.meetings.len()),
            ("audit_entries", "audit entry", r.audit.len()),
        ];
        if self.json {
            let held: serde_json::Map<String, serde_json::Value> = counts.iter().map(|(k, _, n)| (k.to_string(), (*n).into())).collect();
            return self.json(&serde_json::json!({ "person": r.details.id, "prepared_on": r.prepared_on, "files": files, "held": held }));
        }
        let plural = |one: &str, n: usize| match (n, one.strip_suffix("entry")) {
            (1, _) => format!("1 {one}"),
            (_, Some(stem)) => format!("{n} {stem}entries"),
            _ => format!("{n} {one}s"),
        };
        say!("Everything held about {}, prepared on {}:", r.name(), display(r.prepared_on));
        say!("{}", counts.iter().map(|(_, one, n)| plural(one, *n)).collect::<Vec<_>>().join(", "));
        for f in files {
            say!("Written: {}", f.display());
        }
    }

    pub fn written(&self, files: &[PathBuf]) {
        if self.json {
            return self.json(&serde_json::json!({ "files": files }));
        }
        for f in files {
            say!("Written: {}", f.display());
        }
    }

    /// The demo's figures, after the set-up's (shown once) when it set the database up.
    pub fn demo(&self, summary: &DemoSummary, took: std::time::Duration, set_up: Option<SetUpShown<'_>>) {
        if self.json {
            let set_up = set_up.map(|s| set_up_json(s.database, s.username, s.password, s.recovery));
            return self.json(&serde_json::json!({ "set_up": set_up, "summary": summary, "seconds": took.as_secs_f64() }));
        }
        if let Some(s) = set_up {
            self.set_up(s.database, s.username, s.password, s.recovery);
        }
        if summary.months_of_figures > 0 {
            return say!(
                "Demo national office made in {:.1} s: the cards of {} establishments and {} months of their figures.",
                took.as_secs_f64(),
                summary.establishments,
                summary.months_of_figures
            );
        }
        say!(
            "Demo data added in {:.1} s: {} establishment(s), {} people, {} facilitators, {} groups, {} enrolments, {} sessions ({} cancelled), {} marks, {} events, {} certificates, {} referrals into the service.",
            took.as_secs_f64(),
            summary.establishments,
            summary.participants,
            summary.facilitators,
            summary.groups,
            summary.enrolments,
            summary.sessions,
            summary.cancelled_sessions,
            summary.marks,
            summary.events,
            summary.certificates,
            summary.referrals_in
        );
    }

    pub fn retention_period(&self, period: &RetentionPeriod) {
        if self.json {
            return self.json(period);
        }
        say!("{}", period_words(period));
    }

    pub fn retention(&self, period: &RetentionPeriod, past: &[PastRetention]) {
        if self.json {
            return self.json(&serde_json::json!({ "period": period, "people": past }));
        }
        say!("{}", period_words(period));
        if past.is_empty() {
            say!("No one who left on or before {} is still held: nothing to erase.", display(period.left_on_or_before));
            return;
        }
        say!("Past it (left on or before {}): {}\n", display(period.left_on_or_before), people(past.len()));
        past_table(past);
    }

    pub fn erasure(&self, chosen: &[PastRetention], yes: bool, done: Option<&ErasureDone>) {
        if self.json {
            return self.json(&serde_json::json!({ "dry_run": !yes, "people": chosen, "done": done }));
        }
        if chosen.is_empty() {
            say!("No one is past the retention period: nothing to erase.");
            return;
        }
        match done {
            None => {
                say!("Would erase the records of {}:\n", people(chosen.len()));
                past_table(chosen);
                say!("\nNothing was erased. Add --yes to erase them: names, prison numbers, dates of birth and every note go; their counts in past reports stay. This cannot be undone.");
            }
            Some(done) => {
                say!("Erased the records of {}:", people(done.erased as usize));
                for id in &done.participant_ids {
                    say!("  {id}");
                }
                say!("Names, prison numbers, dates of birth and notes are gone; their counts in past reports stay.");
                say!("Backups made before now still hold these records until they are rotated out or deleted.");
                if !done.file_wiped {
                    say!("Another program has the database open: old copies of the erased pages stay in its log file until it closes.");
                }
            }
        }
    }

    pub fn path(&self, path: &Option<PathBuf>) {
        let shown = path.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| "(no data folder)".into());
        if self.json {
            return self.json(&serde_json::json!({ "database": shown }));
        }
        say!("{shown}");
    }
}

fn counts_line(name: &str, c: &AttendanceCounts) {
    say!("{:<44} {:>8} {:>8} {:>8} {:>14}", name, c.expected, c.attended(), percent(c.rate()), percent(c.rate_when_able()));
}

fn event_line(e: &Event) {
    let d = &e.details;
    let place = d.place.as_ref().map(|p| format!(", {p}")).unwrap_or_default();
    say!("{} {}  {} ({}{place})  session {}", display(d.held_on), d.start_time.format("%H:%M"), d.title, d.kind.label(), e.session_id);
}

fn session_line(s: &SessionListing) {
    let reason = s.session.cancellation_reason.map(|r| format!(" ({})", r.label().to_lowercase())).unwrap_or_default();
    say!(
        "{} {}  {:<44} {:<28} {:>3} marks  {}",
        display(s.session.held_on),
        s.session.start_time.format("%H:%M"),
        s.group_name,
        format!("{}{}", s.session.status.label(), reason),
        s.marks_recorded,
        s.session.id
    );
}

/// "Records are kept 6 years after liberation or transfer (the default)."
fn period_words(p: &RetentionPeriod) -> String {
    format!(
        "Records are kept {} {} after liberation or transfer{}.",
        p.years,
        if p.years == 1 { "year" } else { "years" },
        if p.is_default { " (the default)" } else { "" }
    )
}

fn people(n: usize) -> String {
    format!("{n} {}", if n == 1 { "person" } else { "people" })
}

fn past_table(list: &[PastRetention]) {
    say!(
        "{:<12} {:<32} {:<10} {:<12} {:<6} {:>10} {:>6} {:>6} {:>9}  {}",
        "Prison no.",
        "Name",
        "Left on",
        "How",
        "Prison",
        "Enrolments",
        "Marks",
        "Awards",
        "Referrals",
        "Id"
    );
    for p in list {
        say!(
            "{:<12} {:<32} {:<10} {:<12} {:<6} {:>10} {:>6} {:>6} {:>9}  {}",
            p.prison_number,
            format!("{} {}", p.given_name, p.family_name),
            display(p.left_on),
            p.how.label(),
            p.establishment_code,
            p.enrolments,
            p.attendance_marks,
            p.awards,
            p.referrals,
            p.participant_id
        );
    }
}
