//! An establishment sends its monthly figures to the national office: the monthly return made
//! for that establishment alone, reduced to counts (per kind of group and in total, with the
//! liberation figures), sealed to the national office's card and signed with the
//! establishment's. The file is written whole, then the act recorded.

use crate::actor::{Act, Actor};
use crate::error::Result;
use crate::figures_file::{self, EstablishmentMonth, Header, KindFigures};
use crate::model::Establishment;
use crate::store::{Action, Record, Store};
use crate::views::{Month, MonthFigures};
use std::path::Path;

impl Store {
    /// Writes `establishment`'s figures for `month`, sealed to the card held for `national`.
    pub fn send_figures(
        &mut self,
        actor: &Actor,
        establishment: &str,
        month: Month,
        national: &str,
        path: &Path,
    ) -> Result<EstablishmentMonth> {
        let (bytes, figures) = self.figures_file(actor, establishment, month, national)?;
        crate::files::write_whole(path, &bytes)?;
        self.record_act(actor, Action::SendFigures, Record::none().detail(format!("{} {}", figures.code, month.code())))?;
        Ok(figures)
    }

    /// `establishment`'s figures for `month` as the sealed file's bytes, and the figures.
    pub fn figures_file(&self, actor: &Actor, establishment: &str, month: Month, national: &str) -> Result<(Vec<u8>, EstablishmentMonth)> {
        let est = self.establishment(actor, establishment)?;
        let (to, signer) = self.figures_keys(&est.code, national)?;
        let figures = self.establishment_month(actor, &est, month)?;
        let header = Header {
            format: figures_file::FORMAT,
            from: est.code.clone(),
            to: national.to_ascii_uppercase(),
            month: month.code(),
            made_at: chrono::Utc::now(),
        };
        Ok((figures_file::seal(&header, &figures, &to, &signer), figures))
    }

    /// An establishment's month reduced to the counts the national office adds up.
    pub fn establishment_month(&self, actor: &Actor, est: &Establishment, month: Month) -> Result<EstablishmentMonth> {
        actor.require(Act::ReadRecords)?;
        let report = self.monthly_report(actor, &[est.id], month)?;
        let mut by_kind: Vec<KindFigures> = Vec::new();
        for g in &report.groups {
            match by_kind.iter_mut().find(|k| k.kind == g.kind) {
                Some(k) => k.figures = k.figures.plus(&g.figures),
                None => by_kind.push(KindFigures { kind: g.kind, figures: MonthFigures::default().plus(&g.figures) }),
            }
        }
        Ok(EstablishmentMonth {
            code: est.code.clone(),
            name: est.name.clone(),
            month: month.code(),
            totals: report.totals.clone(),
            by_kind,
            liberation: report.liberation,
            weeks: report.weeks.clone(),
        })
    }
}
