//! End-to-end: a graduation, in the real app. The establishment demo (HMP Perth, three years)
//! is loaded into a fresh database; the caseworker sets up a certificate type, approves the
//! Recovery College cohort the completion rule proposes, prints it as one PDF (checked with
//! poppler and qpdf), checks a certificate on the verify screen (genuine, altered, revoked),
//! is refused a reprint without a reason, and finds the award on the person's page. Then the
//! month's attendance return is read on screen and exported as PDF and CSV, and a printable
//! register sheet is saved from a register.

use crate::harness::{look, App, Result};
use recovery_register::demo::{self, Scale};
use recovery_register::model::Award;
use std::path::{Path, PathBuf};
use std::process::Command;

const COHORT: &str = "Recovery College – cohort 2";
const TITLE: &str = "Recovery College graduation";

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 16).unwrap()
}

/// The awards of the cohort as the database holds them (read beside the running app).
fn awards(db: &Path) -> Vec<Award> {
    let (store, actor) = crate::harness::open_database(db.parent().unwrap()).unwrap();
    let group = store.group_by_key(&actor, COHORT, None).unwrap();
    store.awards_of_group(&actor, group.id).unwrap()
}

/// How many of this year's numbers the demo had already used (it issues a certificate for each
/// programme completed before): the graduation's numbers follow on from them.
fn numbers_used_this_year(db: &Path) -> usize {
    let (store, actor) = crate::harness::open_database(db.parent().unwrap()).unwrap();
    (1..).take_while(|n| store.award_by_number(&actor, &format!("PER-2026-{n:04}")).is_ok()).count()
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext").arg("-layout").arg(pdf).arg("-").output().unwrap();
    assert!(out.status.success(), "pdftotext failed on {}", pdf.display());
    String::from_utf8(out.stdout).unwrap()
}

fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    let info = String::from_utf8(out.stdout).unwrap();
    info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap()
}

fn only_pdf_in(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "pdf")).collect())
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_graduation_approved_printed_and_verified() -> Result {
    let data = tempfile::tempdir()?;
    let db = data.path().join("register.db");
    {
        let (mut store, admin) = crate::harness::set_up_database(data.path())?;
        demo::generate(&mut store, &admin, Scale::Establishment, 1, today())?;
    }
    let exports = data.path().join("exports");
    std::fs::create_dir_all(&exports)?;
    let mut app = App::launch_with(data.path(), &[("RECOVERY_REGISTER_EXPORT_DIR", exports.clone())]).await?;
    app.log_in(crate::harness::ADMIN, crate::harness::ADMIN_PASSWORD).await?;
    app.wait_for_text("[data-testid=establishment-name]", "HMP Perth").await?;

    // A certificate type, set up once.
    app.click("nav-awards").await?;
    app.click("new-award-type").await?;
    app.select("award-type-kind", "recovery_college").await?;
    app.type_into("award-type-title", TITLE).await?;
    app.type_into("award-type-wording", "has graduated from the Recovery College, completing the course in recovery and wellbeing").await?;
    app.type_into("award-type-organisation", "Perth Recovery College").await?;
    app.type_into("award-type-signatory-name-1", "Alison Grant").await?;
    app.type_into("award-type-signatory-role-1", "Recovery Coordinator").await?;
    app.type_into("award-type-signatory-name-2", "Gillian Hay").await?;
    app.type_into("award-type-signatory-role-2", "Governor").await?;
    look(&app, "c01-award-type-form").await?;
    app.click("award-type-save").await?;
    app.wait_for_text("[data-testid=award-type-row]", TITLE).await?;
    look(&app, "c02-award-types").await?;

    // The cohort: who the completion rule says has completed is proposed, and approved.
    app.click("nav-groups").await?;
    app.wait_for_text("[data-testid=group-row]", COHORT).await?.find(fantoccini::Locator::Css("a")).await?.click().await?;
    app.testid("graduation").await?;
    app.testid("due-list").await?;
    let completed = app.find_all("[data-testid=due-row][data-status=completed]").await?.len();
    let not_completed = app.find_all("[data-testid=due-row]:not([data-status=completed])").await?.len();
    assert!(completed >= 12, "the demo's Recovery College cohort has a graduating class of 12 or more, found {completed}");
    assert_eq!(app.find_all("[data-testid=due-pick]:checked").await?.len(), completed, "everyone who completed is proposed");
    let award_type = app
        .client
        .execute("const s = document.querySelector('[data-testid=due-award-type]'); return [...s.options].find(o => o.textContent.includes(arguments[0]))?.value ?? null;", vec![TITLE.into()])
        .await?;
    app.select("due-award-type", award_type.as_str().ok_or("the new award type is offered")?).await?;
    app.type_into("due-date", "16/11/2026").await?;
    look(&app, "c03-due-to-graduate").await?;
    // Approved from the keyboard: Enter in the date field submits the cohort.
    let used = numbers_used_this_year(&db);
    app.keys(&char::from(fantoccini::key::Key::Enter).to_string()).await?;
    app.wait_for_count("[data-testid=group-award-row]", completed).await?;
    let issued = awards(&db);
    assert_eq!(issued.len(), completed);
    let mut numbers: Vec<&str> = issued.iter().map(|a| a.number.as_str()).collect();
    numbers.sort();
    let expected: Vec<String> = (used + 1..=used + completed).map(|n| format!("PER-2026-{n:04}")).collect();
    assert_eq!(numbers, expected, "numbers are consecutive, following on from the year's last");
    assert!(not_completed > 0, "the cohort also has people who did not complete, and they got nothing");

    // Printed as one PDF for the printer: every name, one page each, sound, fonts embedded.
    app.click("print-awards").await?;
    app.wait_for_text("[data-testid=print-done]", &format!("{completed} certificates")).await?;
    let files = only_pdf_in(&exports);
    assert_eq!(files.len(), 1, "one combined PDF: {files:?}");
    let pdf = &files[0];
    assert_eq!(pages(pdf), completed);
    let text = pdftotext(pdf);
    for a in &issued {
        assert!(text.contains(&a.name_on_certificate), "{} is missing from the PDF", a.name_on_certificate);
        assert!(text.contains(&a.number) && text.contains(&a.verification_code), "{} and its code are printed", a.number);
    }
    assert!(!text.contains("HMP Perth"), "the prison is not named unless the award type says so");
    assert!(Command::new("qpdf").arg("--check").arg(pdf).output()?.status.success());
    let fonts = String::from_utf8(Command::new("pdffonts").arg(pdf).output()?.stdout)?;
    assert!(fonts.lines().skip(2).all(|l| l.contains(" yes ")), "every font embedded:\n{fonts}");
    std::fs::copy(pdf, crate::harness::screenshot_dir().join("graduation.pdf"))?;
    assert!(awards(&db).iter().all(|a| a.prints == 1), "each print is logged once");
    look(&app, "c04-printed").await?;

    // A reprint without a reason is refused, and nothing is written or logged.
    app.click("print-awards").await?;
    app.wait_for_text("[data-testid=print-error]", "reprint reason").await?;
    assert_eq!(only_pdf_in(&exports).len(), 1);
    assert!(awards(&db).iter().all(|a| a.prints == 1));

    // Checking a certificate someone presents.
    let first = &issued[0];
    app.go("#/awards/verify").await?;
    app.type_into("verify-number", &first.number.to_lowercase()).await?;
    app.type_into("verify-code", &first.verification_code).await?;
    app.type_into("verify-name", &first.name_on_certificate).await?;
    app.click("verify-submit").await?;
    let result = app.wait_for_text("[data-testid=verify-result]", &first.name_on_certificate).await?;
    assert_eq!(result.attr("data-outcome").await?.as_deref(), Some("genuine"));
    look(&app, "c05-verify-genuine").await?;
    app.type_into("verify-name", "Someone Else").await?;
    app.click("verify-submit").await?;
    app.wait_for_text("[data-testid=verify-result][data-outcome=altered]", "name").await?;

    // Revoked from the cohort's page: the record stays, verification says so.
    app.click("nav-groups").await?;
    app.wait_for_text("[data-testid=group-row]", COHORT).await?.find(fantoccini::Locator::Css("a")).await?.click().await?;
    let row = app.wait_for_text("[data-testid=group-award-row]", &first.number).await?;
    row.find(fantoccini::Locator::Css("[data-testid=award-revoke]")).await?.click().await?;
    app.type_into("revoke-reason", "Issued in error").await?;
    app.click("revoke-save").await?;
    app.wait_for_text("[data-testid=group-award-row]", "Revoked").await?;
    app.go("#/awards/verify").await?;
    app.type_into("verify-number", &first.number).await?;
    app.type_into("verify-code", &first.verification_code).await?;
    app.click("verify-submit").await?;
    app.wait_for_text("[data-testid=verify-result][data-outcome=revoked]", "Issued in error").await?;
    look(&app, "c06-verify-revoked").await?;

    // The person's page lists the award.
    let holder = issued.iter().find(|a| a.id != first.id).unwrap();
    app.go(&format!("#/people/{}", holder.participant_id)).await?;
    app.wait_for_text("[data-testid=person-award-row]", &holder.number).await?;
    look(&app, "c07-person-awards").await?;

    // The monthly return for the month just ended (October 2026), on screen and exported.
    let expected = {
        let (store, actor) = crate::harness::open_database(data.path())?;
        store.monthly_report(&actor, &[], recovery_register::reports::Month::parse("month", "2026-10")?)?
    };
    app.click("nav-reports").await?;
    app.wait_for_text("h1", "Monthly").await?;
    app.wait_for_text("[data-testid=report-total-attended]", &expected.totals.named_attendances().to_string()).await?;
    assert_eq!(app.find_all("[data-testid=report-group-row]").await?.len(), expected.groups.len());
    look(&app, "r01-monthly-report").await?;
    // The month's graduation ceremony, apart from the groups.
    let ceremony = &expected.events[0];
    let row = app.wait_for_text("[data-testid=report-event-row]", &ceremony.title).await?;
    assert!(row.text().await?.contains(&ceremony.named.to_string()));
    app.scroll_to("report-events").await?;
    look(&app, "r02-monthly-report-events").await?;
    // Saved from the keyboard.
    app.press("export-pdf", fantoccini::key::Key::Enter).await?;
    app.wait_for_text("[data-testid=export-done]", ".pdf").await?;
    app.press("export-csv", fantoccini::key::Key::Enter).await?;
    app.wait_for_text("[data-testid=export-done]", ".csv").await?;
    let report_pdf = only_pdf_in(&exports).into_iter().find(|p| p.to_string_lossy().contains("October 2026")).ok_or("the report PDF")?;
    assert!(Command::new("qpdf").arg("--check").arg(&report_pdf).output()?.status.success());
    let text = pdftotext(&report_pdf);
    assert!(text.contains("October 2026") && text.contains("HMP Perth"), "{text}");
    assert!(text.contains(&expected.totals.named_attendances().to_string()));
    assert!(text.contains("Events") && text.contains(&ceremony.title), "{text}");
    std::fs::copy(&report_pdf, crate::harness::screenshot_dir().join("monthly-report.pdf"))?;
    let csv_path =
        std::fs::read_dir(&exports)?.flatten().map(|e| e.path()).find(|p| p.extension().is_some_and(|e| e == "csv")).ok_or("the CSV")?;
    let bytes = std::fs::read(&csv_path)?;
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader.headers()?.iter().map(String::from).collect();
    let rows: Vec<csv::StringRecord> = reader.records().collect::<std::result::Result<_, _>>()?;
    // A row per group and their total, then a row per event (the demo's October graduation
    // ceremony) and theirs.
    let events = expected.events.len();
    assert_eq!(events, 1, "the demo's October has its graduation ceremony");
    assert_eq!(rows.len(), expected.groups.len() + 1 + events + 1, "a row per group, their total, the event, theirs");
    let attended = header.iter().position(|h| h == "Attendances (named)").ok_or("the attendances column")?;
    let all_groups = &rows[expected.groups.len()];
    assert_eq!(&all_groups[1], "All groups");
    assert_eq!(all_groups[attended].parse::<u32>()?, expected.totals.named_attendances());

    // A printable register sheet for a session, from its register screen.
    app.click("nav-today").await?;
    app.wait_for_text("h1", "Today").await?;
    app.testid("open-register").await?.click().await?;
    app.click("print-register-sheet").await?;
    app.wait_for_text("[data-testid=sheet-done]", ".pdf").await?;
    let sheet = only_pdf_in(&exports).into_iter().find(|p| p.to_string_lossy().contains("Register")).ok_or("the register sheet")?;
    assert!(Command::new("qpdf").arg("--check").arg(&sheet).output()?.status.success());
    assert!(pdftotext(&sheet).contains("Present"));
    app.quit().await?;
    Ok(())
}
