//! Printing certificates: awards → laid-out pages → one PDF for the cohort, or one per person.
//! Every check runs before any file is written, and prints are logged only once the files are
//! whole on disk, so a refused reprint or a full disk leaves neither a file nor a log entry.

use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::files::{safe_file_name, write_whole};
use crate::model::AwardId;
use crate::pdf::{self, certificate, Fonts, Pictures};
use crate::Store;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Where the PDFs go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    /// One file with a page per certificate, ready for the printer.
    Combined(PathBuf),
    /// One file per certificate in this folder, named by number and name.
    OnePerPerson(PathBuf),
}

/// How far a print has got, for a progress bar: pages laid out, then files written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PrintProgress {
    pub done: u32,
    pub total: u32,
}

/// What was printed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Printed {
    pub certificates: u32,
    #[cfg_attr(feature = "ts", ts(as = "Vec<String>"))]
    pub files: Vec<PathBuf>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: u64,
}

impl Store {
    /// Prints the awards' certificates to `output`. A reprint (any award printed before) needs
    /// `reprint_reason`; revoked awards are refused. `progress` is called after each page.
    pub fn print_awards(
        &mut self,
        actor: &Actor,
        awards: &[AwardId],
        reprint_reason: Option<&str>,
        output: &Output,
        progress: &mut dyn FnMut(PrintProgress),
    ) -> Result<Printed> {
        if awards.is_empty() {
            return Err(Error::invalid("awards", "choose at least one award to print"));
        }
        self.check_prints(actor, awards, reprint_reason)?;
        let certificates = self.certificates(actor, awards)?;
        let mut pictures = Pictures::new();
        for logo in certificates.iter().filter_map(|c| c.logo.as_ref()) {
            if !pictures.contains_key(&logo.key) {
                let id = logo.key.parse().map_err(|_| Error::invalid("logo", "has a damaged key"))?;
                if let Some(png) = self.award_type_logo(actor, id)? {
                    pictures.insert(logo.key.clone(), pdf::picture::decode_logo(&png)?);
                }
            }
        }
        for sig in certificates.iter().flat_map(|c| &c.signatories).filter_map(|s| s.signature.as_ref()) {
            if !pictures.contains_key(&sig.key) {
                let id = sig.key.parse().map_err(|_| Error::invalid("signature image", "has a damaged key"))?;
                pictures.insert(sig.key.clone(), pdf::picture::decode_logo(&self.signature_image(actor, id)?)?);
            }
        }
        let fonts = Fonts::shared();
        // A name printed as empty boxes is a certificate spoiled on the day: refuse before any
        // file is written, naming whose and why.
        if let Some(c) = certificates.iter().find(|c| !fonts.covers(pdf::layout::Face::SerifBold, &c.name)) {
            return Err(Error::invalid(
                "name on certificate",
                format!("{} ({}) has letters the bundled fonts cannot print; nothing was printed", c.name, c.number),
            ));
        }
        let total = certificates.len() as u32;
        let mut pages = Vec::with_capacity(certificates.len());
        for (i, c) in certificates.iter().enumerate() {
            pages.push(certificate::layout(c, fonts));
            progress(PrintProgress { done: i as u32 + 1, total });
        }
        let files = match output {
            Output::Combined(path) => {
                write_whole(path, &pdf::render(&pages, fonts, "Certificates", &pictures))?;
                vec![path.clone()]
            }
            Output::OnePerPerson(folder) => {
                std::fs::create_dir_all(folder).map_err(|e| Error::File { path: folder.display().to_string(), problem: e.to_string() })?;
                let mut files = Vec::with_capacity(pages.len());
                for (c, page) in certificates.iter().zip(pages) {
                    // Named by certificate number only: a file name lands in recent-file lists
                    // and folder views that outlive the record (and its erasure).
                    let path = folder.join(format!("{}.pdf", safe_file_name(&c.number)));
                    write_whole(&path, &pdf::render(std::slice::from_ref(&page), fonts, &c.title, &pictures))?;
                    files.push(path);
                }
                files
            }
        };
        let bytes = files.iter().map(|f| file_size(f)).sum();
        // Logged only once every file is written.
        self.record_prints(actor, awards, reprint_reason)?;
        Ok(Printed { certificates: total, files, bytes })
    }
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}
