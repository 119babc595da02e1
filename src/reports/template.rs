//! Column templates: a funder's or an Alcohol and Drug Partnership's own return, made from the
//! return's CSV: which of its columns, in which order, under which headings. Saved by name (a
//! setting, so it travels to a team's other PCs) and applied to any period's CSV.

use super::csv::HEADER;
use crate::actor::{Act, Actor};
use crate::csv_file::{inert, write_csv};
use crate::error::{Error, Result};
use crate::store::settings::setting;
use crate::store::{Record, Store};
use crate::text;
use serde::{Deserialize, Serialize};

/// The longest name and heading a template keeps.
const NAME_MAX: usize = 60;
const HEADING_MAX: usize = 80;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ColumnTemplate {
    /// "Tayside ADP quarterly".
    pub name: String,
    pub columns: Vec<TemplateColumn>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TemplateColumn {
    /// One of the return's columns (`reports::csv::HEADER`), as its heading reads.
    pub figure: String,
    /// The heading it goes under; the return's own when empty.
    pub heading: String,
}

/// The columns a template can choose from, in the return's order.
pub fn figures() -> &'static [&'static str] {
    &HEADER
}

impl ColumnTemplate {
    /// A name, at least one column, each one of the return's, no heading twice.
    pub fn normalised(&self) -> Result<ColumnTemplate> {
        let name = text::required("template name", &self.name, NAME_MAX)?;
        if self.columns.is_empty() {
            return Err(Error::invalid("columns", "none chosen: a template has at least one of the return's columns"));
        }
        let mut columns: Vec<TemplateColumn> = Vec::with_capacity(self.columns.len());
        for (i, c) in self.columns.iter().enumerate() {
            let field = format!("column {}", i + 1);
            let figure = HEADER
                .iter()
                .find(|h| h.eq_ignore_ascii_case(c.figure.trim()))
                .ok_or_else(|| Error::invalid(&field, format!("'{}' is not one of the return's columns", c.figure.trim())))?;
            let heading = match c.heading.trim() {
                "" => figure.to_string(),
                typed => text::required(&field, typed, HEADING_MAX)?,
            };
            if columns.iter().any(|k| k.heading.eq_ignore_ascii_case(&heading)) {
                return Err(Error::invalid(&field, format!("the heading '{heading}' is used twice")));
            }
            columns.push(TemplateColumn { figure: figure.to_string(), heading });
        }
        Ok(ColumnTemplate { name, columns })
    }

    /// The return's CSV (as `monthly_csv` writes it) cut to the template's columns, in its order,
    /// under its headings. Every row is kept.
    pub fn apply(&self, csv: &[u8]) -> Result<Vec<u8>> {
        let body = csv.strip_prefix("\u{feff}".as_bytes()).unwrap_or(csv);
        let fail = |e: csv::Error| Error::invalid("CSV", e.to_string());
        let mut reader = csv::Reader::from_reader(body);
        let header: Vec<String> = reader.headers().map_err(fail)?.iter().map(str::to_string).collect();
        let picks: Vec<usize> = self
            .columns
            .iter()
            .map(|c| {
                header
                    .iter()
                    .position(|h| *h == c.figure)
                    .ok_or_else(|| Error::invalid("template", format!("the return has no column '{}'", c.figure)))
            })
            .collect::<Result<_>>()?;
        let rows: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.map(|r| picks.iter().map(|&i| r.get(i).unwrap_or_default().to_string()).collect()))
            .collect::<std::result::Result<_, _>>()
            .map_err(fail)?;
        // A heading is typed by staff: one a spreadsheet would run as a formula is made inert.
        let headings: Vec<String> = self.columns.iter().map(|c| inert(&c.heading)).collect();
        let headings: Vec<&str> = headings.iter().map(String::as_str).collect();
        write_csv(&headings, rows)
    }
}

/// Where a column template is kept: one setting per template, by its name folded.
const KEY_PREFIX: &str = "column_template:";

fn key(name: &str) -> String {
    format!("{KEY_PREFIX}{}", text::fold(name))
}

impl Store {
    /// Saves a column template (replacing one of the same name, case and accents aside).
    pub fn save_column_template(&mut self, actor: &Actor, template: &ColumnTemplate) -> Result<ColumnTemplate> {
        actor.require(Act::WriteRecords)?;
        let t = template.normalised()?;
        let json = serde_json::to_string(&t).map_err(|e| Error::invalid("template", e.to_string()))?;
        let record = Record::none().detail(format!("column template '{}': {} columns", t.name, t.columns.len()));
        self.write_setting(actor, &key(&t.name), &json, record)?;
        Ok(t)
    }

    /// The saved column templates, by name.
    pub fn column_templates(&self, actor: &Actor) -> Result<Vec<ColumnTemplate>> {
        actor.require(Act::ReadRecords)?;
        // A template in a shape this version cannot read is left out, not fatal.
        Ok(self.settings_starting(KEY_PREFIX)?.iter().filter_map(|j| serde_json::from_str(j).ok()).collect())
    }

    /// One saved template, by name (case and accents aside).
    pub fn column_template(&self, actor: &Actor, name: &str) -> Result<ColumnTemplate> {
        actor.require(Act::ReadRecords)?;
        setting(self.connection(), &key(name))?
            .and_then(|j| serde_json::from_str(&j).ok())
            .ok_or_else(|| Error::not_found("column template", name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(columns: &[(&str, &str)]) -> ColumnTemplate {
        ColumnTemplate {
            name: "Tayside ADP quarterly".into(),
            columns: columns.iter().map(|(f, h)| TemplateColumn { figure: f.to_string(), heading: h.to_string() }).collect(),
        }
    }

    #[test]
    fn a_template_names_the_returns_columns_and_its_own_headings() {
        let t = template(&[("different people", "People supported"), ("Sessions held", "")]).normalised().unwrap();
        assert_eq!(
            t.columns,
            [
                TemplateColumn { figure: "Different people".into(), heading: "People supported".into() },
                TemplateColumn { figure: "Sessions held".into(), heading: "Sessions held".into() }
            ]
        );
        for (columns, problem) in [
            (vec![], "columns: none chosen"),
            (vec![("Sessions held", ""), ("Visitors", "")], "column 2: 'Visitors' is not one of the return's columns"),
            (vec![("Sessions held", "Sessions"), ("Sessions planned", "sessions")], "column 2: the heading 'sessions' is used twice"),
        ] {
            let e = template(&columns).normalised().unwrap_err().to_string();
            assert!(e.contains(problem), "{e}");
        }
        let unnamed = ColumnTemplate { name: " ".into(), ..template(&[("Sessions held", "")]) };
        assert!(unnamed.normalised().unwrap_err().to_string().contains("template name"));
    }

    #[test]
    fn applied_it_keeps_every_row_and_only_its_columns_in_its_order() {
        let csv = write_csv(
            &["Establishment", "Group", "Sessions held", "Different people"],
            [vec!["HMP Perth", "SMART, Tuesday", "4", "9"], vec!["HMP Perth", "All groups", "12", "30"]],
        )
        .unwrap();
        let t = template(&[("Different people", "=People"), ("Group", "")]).normalised().unwrap();
        let out = String::from_utf8(t.apply(&csv).unwrap()).unwrap();
        assert_eq!(out, "\u{feff}'=People,Group\r\n9,\"SMART, Tuesday\"\r\n30,All groups\r\n");
    }
}
