//! One path for every document that leaves the app as a file: the monthly return (PDF, CSV),
//! the clearances report (PDF, CSV), a recovery passport, a paper register sheet and the audit
//! trail (CSV). `Store::export` checks the role, gathers the facts, renders them, writes the file
//! whole (`files::write_whole`: a synced `.partial`, then a rename) and only then appends the
//! audit row, with a detail fixed here. The CLI and the shell choose the path and open the
//! viewer; they never write a document or an audit row themselves. Certificates go through
//! `printing` and a person's full record through `Store::export_person_record`, which keep the
//! same order (every check, then the files, then the row).

use crate::actor::{Act, Actor};
use crate::dates;
use crate::error::{Error, Result};
use crate::files::write_whole;
use crate::model::{AwardTypeId, EstablishmentId, ParticipantId, SessionId};
use crate::reports::{self, Month};
use crate::rules::disclosure::Disclosure;
use crate::store::{Action, AuditFilter, Record, Store};
use crate::views::Period;
use chrono::NaiveDate;
use std::path::Path;

/// The longest highlights a return prints on its first page.
pub const HIGHLIGHTS_MAX: usize = 1500;

/// A file format a document can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Csv,
    /// The national data set for analysts only.
    Parquet,
}

impl Format {
    /// The file extension, and what the detail in the audit trail calls it.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Csv => "csv",
            Format::Parquet => "parquet",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Format::Pdf => "PDF",
            Format::Csv => "CSV",
            Format::Parquet => "Parquet",
        }
    }
}

/// What to export.
#[derive(Clone, Debug)]
pub enum Document {
    /// The monthly attendance return for some establishments (none: all of them).
    MonthlyReturn { establishments: Vec<EstablishmentId>, month: Month, disclosure: Disclosure },
    /// The return for any period, compared with another (none: the period before), with the
    /// service's highlights on the PDF's first page, and the CSV cut to a saved column template.
    Return {
        establishments: Vec<EstablishmentId>,
        period: Period,
        compare_with: Option<Period>,
        disclosure: Disclosure,
        highlights: Option<String>,
        template: Option<String>,
    },
    /// The clearances report for one establishment, as things stand today.
    ClearanceReport { establishment: EstablishmentId },
    /// A person's recovery passport (PDF only); the prison named only when asked.
    Passport { person: ParticipantId, name_prison: bool },
    /// A person's record of SVQ units in one qualification (PDF only).
    UnitRecord { person: ParticipantId, qualification: AwardTypeId },
    /// A session's paper register (PDF only).
    RegisterSheet { session: SessionId },
    /// Every paper register of an establishment's sessions from one date to another (a day or a
    /// week), cancelled ones left out, each on pages of its own (PDF only).
    RegisterSheets { establishment: EstablishmentId, from: NaiveDate, to: NaiveDate },
    /// The hall officers' unlock lists for a day, one per hall (PDF only).
    UnlockLists { establishment: EstablishmentId, on: NaiveDate },
    /// The audit trail, filtered (CSV only; administrators only).
    AuditTrail { filter: AuditFilter },
    /// The national monthly return, from the figures establishments sent (the national office).
    NationalReturn { month: Month, disclosure: Disclosure },
    /// The national annual summary, January to December.
    NationalYear { year: i32, disclosure: Disclosure },
    /// Every figure the national office holds, for analysts (CSV or Parquet).
    NationalDataSet,
}

impl Document {
    /// Whether the file names people (who may carry it away is `Act::ExportPersonalData`'s
    /// rule); the monthly return holds figures, the audit trail has its own rule.
    fn names_people(&self) -> bool {
        match self {
            Document::Passport { .. }
            | Document::UnitRecord { .. }
            | Document::RegisterSheet { .. }
            | Document::RegisterSheets { .. }
            | Document::UnlockLists { .. }
            | Document::ClearanceReport { .. } => true,
            Document::MonthlyReturn { .. }
            | Document::Return { .. }
            | Document::AuditTrail { .. }
            | Document::NationalReturn { .. }
            | Document::NationalYear { .. }
            | Document::NationalDataSet => false,
        }
    }

    fn refuse(&self, format: Format) -> Error {
        let what = match self {
            Document::Passport { .. } => "a recovery passport",
            Document::UnitRecord { .. } => "a record of SVQ units",
            Document::RegisterSheet { .. } | Document::RegisterSheets { .. } => "a register sheet",
            Document::UnlockLists { .. } => "an unlock list",
            Document::AuditTrail { .. } => "the audit trail",
            Document::MonthlyReturn { .. }
            | Document::Return { .. }
            | Document::ClearanceReport { .. }
            | Document::NationalReturn { .. }
            | Document::NationalYear { .. } => "this report",
            Document::NationalDataSet => "the national data set",
        };
        Error::invalid("format", format!("{what} cannot be written as {}", format.label()))
    }
}

impl Store {
    /// Renders `document` as `format` and writes it to `to`, whole or not at all, then records
    /// the export in the audit trail. Nothing is recorded for a file that was not written.
    pub fn export(&mut self, actor: &Actor, document: &Document, format: Format, to: &Path) -> Result<()> {
        let (bytes, action, record) = self.render(actor, document, format)?;
        write_whole(to, &bytes)?;
        self.record_act(actor, action, record)
    }

    /// The name a save dialog suggests, without the extension: "Attendance PER October 2026".
    /// Asked before a save dialog opens, it also refuses a role that may not export the
    /// document, so nobody chooses a file for nothing.
    pub fn suggested_name(&self, actor: &Actor, document: &Document) -> Result<String> {
        if document.names_people() {
            actor.require(Act::ExportPersonalData)?;
        }
        Ok(match document {
            Document::MonthlyReturn { establishments, month, .. } => self.return_name(actor, establishments, &month.label())?,
            Document::Return { establishments, period, .. } => self.return_name(actor, establishments, &period.label)?,
            Document::ClearanceReport { establishment } => {
                let code = self.establishment(actor, &establishment.to_string())?.code;
                format!("Clearances {code} {}", self.today().format("%Y-%m-%d"))
            }
            // No one's name in a name the app offers: file names land in recent-file lists and
            // folder views that outlive the record. The person saving may type one.
            Document::Passport { person, name_prison } => {
                self.passport(actor, *person, *name_prison)?;
                format!("Recovery passport {}", self.today().format("%Y-%m-%d"))
            }
            Document::UnitRecord { person, qualification } => {
                self.unit_record(actor, *person, *qualification)?;
                format!("SVQ units {}", self.today().format("%Y-%m-%d"))
            }
            Document::RegisterSheet { session } => {
                let register = self.register(actor, *session)?;
                format!("Register {} {}", register.group_name, dates::display(register.session.held_on).replace('/', "-"))
            }
            Document::RegisterSheets { establishment, from, to } => {
                let code = self.establishment(actor, &establishment.to_string())?.code;
                let day = |d: &NaiveDate| d.format("%Y-%m-%d").to_string();
                match from == to {
                    true => format!("Registers {code} {}", day(from)),
                    false => format!("Registers {code} {} to {}", day(from), day(to)),
                }
            }
            Document::UnlockLists { establishment, on } => {
                let code = self.establishment(actor, &establishment.to_string())?.code;
                format!("Unlock lists {code} {}", on.format("%Y-%m-%d"))
            }
            Document::NationalReturn { month, .. } => format!("National return {}", month.label()),
            Document::NationalYear { year, .. } => format!("National summary {year}"),
            Document::NationalDataSet => format!("National figures {}", self.today().format("%Y-%m-%d")),
            Document::AuditTrail { .. } => {
                actor.require(Act::AuditTrail)?;
                // The real day, not a rehearsal's pinned one: the file is dated when it is made.
                format!("Audit trail {}", dates::today().format("%Y-%m-%d"))
            }
        })
    }

    /// "Attendance PER July to September 2026"; no code when several establishments.
    fn return_name(&self, actor: &Actor, establishments: &[EstablishmentId], label: &str) -> Result<String> {
        // None chosen means all of them, which may be just one.
        let codes: Vec<String> = match establishments {
            [] => self.establishments(actor)?.into_iter().map(|e| e.code).collect(),
            [one] => vec![self.establishment(actor, &one.to_string())?.code],
            _ => Vec::new(),
        };
        Ok(match codes.as_slice() {
            [code] => format!("Attendance {code} {label}"),
            _ => format!("Attendance {label}"),
        })
    }

    /// The document's bytes, and the audit row its export will append.
    fn render(&self, actor: &Actor, document: &Document, format: Format) -> Result<(Vec<u8>, Action, Record)> {
        if document.names_people() {
            actor.require(Act::ExportPersonalData)?;
        }
        Ok(match (document, format) {
            (Document::MonthlyReturn { establishments, month, disclosure }, Format::Pdf | Format::Csv) => {
                let report = self.monthly_report(actor, establishments, *month)?;
                let bytes = match format {
                    Format::Pdf => reports::monthly_pdf(&report, *disclosure),
                    _ => reports::csv::monthly_csv(&report, *disclosure)?,
                };
                let detail = format!("monthly report {}, {}", month.code(), format.label());
                (bytes, Action::ExportReport, Record::none().detail(detail))
            }
            (Document::Return { establishments, period, compare_with, disclosure, highlights, template }, Format::Pdf | Format::Csv) => {
                let highlights = crate::text::optional_long("highlights", highlights.as_deref(), HIGHLIGHTS_MAX)?;
                // The template is found before anything is made, so a wrong name costs nothing.
                let template = template.as_deref().map(|name| self.column_template(actor, name)).transpose()?;
                let report = self.period_report(actor, establishments, period, compare_with.as_ref())?;
                let bytes = match format {
                    Format::Pdf => reports::period_pdf(&report, *disclosure, highlights),
                    _ => {
                        let csv = reports::csv::monthly_csv(&report, *disclosure)?;
                        match &template {
                            Some(t) => t.apply(&csv)?,
                            None => csv,
                        }
                    }
                };
                let with = template.map(|t| format!(" as '{}'", t.name)).unwrap_or_default();
                let detail = format!("return {}{with}, {}", period.code, format.label());
                (bytes, Action::ExportReport, Record::none().detail(detail))
            }
            (Document::ClearanceReport { establishment }, Format::Pdf | Format::Csv) => {
                let report = self.clearance_report(actor, &establishment.to_string())?;
                let bytes = match format {
                    Format::Pdf => reports::clearance_pdf(&report),
                    _ => reports::clearances::clearance_csv(&report)?,
                };
                let detail = format!("clearances report, {}", format.label());
                (bytes, Action::ExportReport, Record::of("establishment", report.establishment.id).detail(detail))
            }
            (Document::Passport { person, name_prison }, Format::Pdf) => {
                let facts = self.passport(actor, *person, *name_prison)?;
                (crate::pdf::passport_pdf(&facts), Action::PrintPassport, Record::of("person", *person))
            }
            (Document::UnitRecord { person, qualification }, Format::Pdf) => {
                let record = self.unit_record(actor, *person, *qualification)?;
                let detail = format!("{} of {} units", record.signed_off, record.total);
                (crate::pdf::unit_record::unit_record_pdf(&record), Action::PrintUnitRecord, Record::of("person", *person).detail(detail))
            }
            (Document::RegisterSheet { session }, Format::Pdf) => {
                (self.register_sheet_pdf(actor, *session)?, Action::PrintRegisterSheet, Record::of("session", *session))
            }
            (Document::RegisterSheets { establishment, from, to }, Format::Pdf) => {
                let (bytes, sheets) = self.register_sheets_pdf(actor, *establishment, *from, *to)?;
                let detail = format!("{sheets} sheets, {} to {}", crate::dates::display(*from), crate::dates::display(*to));
                (bytes, Action::PrintRegisterSheet, Record::of("establishment", *establishment).detail(detail))
            }
            (Document::UnlockLists { establishment, on }, Format::Pdf) => {
                let lists = self.unlock_lists(actor, *establishment, *on)?;
                let detail = format!("{} halls, {}", lists.halls.len(), crate::dates::display(*on));
                (
                    crate::pdf::unlock_list::unlock_lists_pdf(&lists),
                    Action::PrintUnlockLists,
                    Record::of("establishment", *establishment).detail(detail),
                )
            }
            (Document::NationalReturn { month, disclosure }, Format::Pdf | Format::Csv) => {
                let r = self.national_return(actor, *month)?;
                let bytes = match format {
                    Format::Pdf => reports::national::national_month_pdf(&r, *disclosure),
                    _ => reports::national::national_month_csv(&r, *disclosure)?,
                };
                let detail = format!("national return {}, {}", month.code(), format.label());
                (bytes, Action::ExportReport, Record::none().detail(detail))
            }
            (Document::NationalYear { year, disclosure }, Format::Pdf | Format::Csv) => {
                let y = self.national_year(actor, *year)?;
                let bytes = match format {
                    Format::Pdf => reports::national::national_year_pdf(&y, *disclosure),
                    _ => reports::national::national_year_csv(&y, *disclosure)?,
                };
                let detail = format!("national summary {year}, {}", format.label());
                (bytes, Action::ExportReport, Record::none().detail(detail))
            }
            (Document::NationalDataSet, Format::Csv | Format::Parquet) => {
                let held = self.national_figures_held(actor)?;
                let bytes = match format {
                    Format::Parquet => reports::dataset::parquet(&held)?,
                    _ => reports::dataset::csv(&held)?,
                };
                let detail = format!("national data set, {} establishment months, {}", held.len(), format.label());
                (bytes, Action::ExportReport, Record::none().detail(detail))
            }
            (Document::AuditTrail { filter }, Format::Csv) => {
                let (bytes, entries) = self.audit_trail_csv(actor, filter)?;
                (bytes, Action::ExportAudit, Record::none().detail(format!("{entries} entries")))
            }
            (other, format) => return Err(other.refuse(format)),
        })
    }
}
