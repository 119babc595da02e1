//! What each kind of import reads, and which column of a file is which: guessed from the
//! header (a saved mapping first, then the usual names), changed by the person if wrong.

use crate::error::{Error, Result};
use crate::model::coded::coded_enum;
use crate::text::fold;
use std::collections::BTreeMap;

coded_enum! {
    /// The kinds of records a spreadsheet brings in, in the order they depend on each other.
    pub enum ImportKind {
        People = ("people", "People"),
        Groups = ("groups", "Groups"),
        Rosters = ("rosters", "Rosters (who is in which group)"),
        Registers = ("registers", "Past registers (attendance)"),
        Services = ("services", "Community services"),
    }
}

/// A field a column can be mapped to.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub required: bool,
    /// Header names (folded) that mean this field without being told.
    pub aliases: &'static [&'static str],
}

const fn f(key: &'static str, label: &'static str, required: bool, aliases: &'static [&'static str]) -> Field {
    Field { key, label, required, aliases }
}

const PRISON_NUMBER: Field = f(
    "prison_number",
    "Prison number",
    true,
    &["prison number", "prison no", "prison no.", "prisoner number", "number", "prison ref", "noms", "noms number", "cns", "sps number"],
);

const PEOPLE: &[Field] = &[
    f("prison_number", "Prison number", false, PRISON_NUMBER.aliases),
    f("given_name", "Given name", true, &["given name", "first name", "forename", "forenames", "first names", "christian name"]),
    f("family_name", "Family name", true, &["family name", "surname", "last name", "second name"]),
    f("date_of_birth", "Date of birth", false, &["date of birth", "dob", "d.o.b.", "d.o.b", "birth date", "born"]),
    f("location", "Hall or wing", false, &["location", "hall", "wing", "hall/wing", "residential area", "cell"]),
    f(
        "expected_liberation",
        "Expected liberation",
        false,
        &["expected liberation", "liberation date", "release date", "ear", "expected release", "eld", "liberation"],
    ),
    f("person_kind", "Kind of person", false, &["kind", "type", "person type", "role"]),
    f("custody_status", "Custody status", false, &["status", "custody status"]),
    f(
        "status_since",
        "Status since",
        false,
        &["status since", "since", "date liberated", "liberated on", "transferred on", "in custody since", "reception date"],
    ),
];

const GROUPS: &[Field] = &[
    f("name", "Group name", true, &["name", "group", "group name", "programme", "course"]),
    f("group_kind", "Kind of group", true, &["kind", "type", "group type", "group kind"]),
    f("location", "Room or location", false, &["location", "room", "venue"]),
    f("starts_on", "Starts on", true, &["starts on", "start date", "start", "from", "started"]),
    f("ends_on", "Ends on", false, &["ends on", "end date", "end", "to", "ended"]),
    f("weekday", "Day of the week", false, &["weekday", "day", "day of the week", "meets on"]),
    f("every_weeks", "Every how many weeks", false, &["every weeks", "every", "frequency weeks", "every n weeks"]),
    f("start_time", "Start time", true, &["start time", "time", "starts at"]),
    f("duration_minutes", "Length in minutes", true, &["duration", "duration minutes", "length", "minutes", "length minutes"]),
    f("planned_sessions", "Planned sessions", false, &["planned sessions", "sessions", "number of sessions"]),
    f(
        "completion_min_attended",
        "Sessions needed to complete",
        false,
        &["completion", "sessions to complete", "min attended", "completion min attended", "sessions needed to complete"],
    ),
];

const ROSTERS: &[Field] = &[
    PRISON_NUMBER,
    f("group", "Group", true, &["group", "group name", "programme", "course"]),
    f("enrolled_on", "Joined on", true, &["enrolled on", "joined on", "joined", "start date", "enrolled", "date joined", "from"]),
    f("left_on", "Left on", false, &["left on", "left", "end date", "date left", "to"]),
    f("leaving_reason", "Why they left", false, &["leaving reason", "reason", "reason left", "why they left", "outcome"]),
    f("leaving_note", "Leaving note", false, &["leaving note", "note", "notes", "comment"]),
];

const REGISTERS: &[Field] = &[
    f("group", "Group", true, &["group", "group name", "programme", "course"]),
    f("held_on", "Session date", true, &["date", "session date", "held on", "session"]),
    f("start_time", "Start time", false, &["start time", "time"]),
    PRISON_NUMBER,
    f("mark", "Attendance", true, &["mark", "attendance", "attended", "present", "register"]),
    f("absence_reason", "Absence reason", false, &["absence reason", "reason", "reason for absence", "why absent"]),
    f("note", "Note", false, &["note", "notes", "comment", "comments"]),
];

const SERVICES: &[Field] = &[
    f("name", "Service name", true, &["name", "service", "service name", "organisation", "organisation name"]),
    f("kind", "Kind of service", true, &["kind", "type", "kind of service", "service type", "service kind"]),
    f("area", "Area", true, &["area", "council area", "local authority", "town", "region", "area served"]),
    f("address", "Address", false, &["address", "postal address"]),
    f("phone", "Phone", false, &["phone", "telephone", "tel", "phone number", "telephone number"]),
    f("email", "Email", false, &["email", "e mail", "e-mail", "email address"]),
    f("website", "Website", false, &["website", "web site", "web", "url", "web address"]),
    f("meeting_times", "Meeting times", false, &["meeting times", "meets", "when", "times", "opening times", "opening hours"]),
    f("notes", "Notes", false, &["notes", "note", "comments", "comment"]),
];

impl ImportKind {
    /// What a file of this kind holds, in a line for the screen that offers the kinds.
    pub fn hint(self) -> &'static str {
        match self {
            ImportKind::People => "Prison number, names, date of birth, hall; matched on prison number.",
            ImportKind::Groups => "Name, kind, start date, day and time; matched on name.",
            ImportKind::Rosters => "Who was in which group, from when to when. Import people and groups first.",
            ImportKind::Registers => "One row per person per session: group, date, prison number, attendance. Import rosters first.",
            ImportKind::Services => {
                "The directory of community services every establishment shares: name, kind, area; matched on name and area."
            }
        }
    }

    /// Whether the records belong to one establishment (the directory of services is shared).
    pub fn per_establishment(self) -> bool {
        !matches!(self, ImportKind::Services)
    }

    pub fn fields(self) -> &'static [Field] {
        match self {
            ImportKind::People => PEOPLE,
            ImportKind::Groups => GROUPS,
            ImportKind::Rosters => ROSTERS,
            ImportKind::Registers => REGISTERS,
            ImportKind::Services => SERVICES,
        }
    }

    pub fn field(self, key: &str) -> Option<Field> {
        self.fields().iter().copied().find(|f| f.key == key)
    }

    /// The template shipped in `assets/import-templates/`.
    pub fn template_name(self) -> &'static str {
        match self {
            ImportKind::People => "people.csv",
            ImportKind::Groups => "groups.csv",
            ImportKind::Rosters => "rosters.csv",
            ImportKind::Registers => "registers.csv",
            ImportKind::Services => "services.csv",
        }
    }
}

/// For each column of the file (by position), the field it holds, or `None` to leave it out.
pub type Mapping = Vec<Option<String>>;

/// A mapping remembered from an earlier import: folded header name → field key.
pub type SavedMapping = BTreeMap<String, String>;

/// The mapping for a file's header: what was saved for a header of that name, else the usual
/// names; each field taken once, by its first column.
pub fn guess(kind: ImportKind, headers: &[String], saved: &SavedMapping) -> Mapping {
    let folded: Vec<String> = headers.iter().map(|h| fold(h).replace('_', " ").split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    let mut mapping: Mapping = vec![None; headers.len()];
    let mut taken: Vec<&str> = Vec::new();
    // What the person chose last time wins over the usual names, whatever the column order.
    for (i, h) in folded.iter().enumerate() {
        if let Some(field) = saved.get(h).and_then(|k| kind.field(k)).filter(|f| !taken.contains(&f.key)) {
            taken.push(field.key);
            mapping[i] = Some(field.key.to_string());
        }
    }
    for (i, h) in folded.iter().enumerate() {
        if mapping[i].is_some() || saved.contains_key(h) {
            continue;
        }
        let field = kind
            .fields()
            .iter()
            .copied()
            .find(|f| fold(f.label) == *h || f.key.replace('_', " ") == *h)
            .or_else(|| kind.fields().iter().copied().find(|f| f.aliases.contains(&h.as_str())))
            .filter(|f| !taken.contains(&f.key));
        if let Some(field) = field {
            taken.push(field.key);
            mapping[i] = Some(field.key.to_string());
        }
    }
    mapping
}

/// What to remember of a mapping that worked.
pub fn to_save(headers: &[String], mapping: &Mapping) -> SavedMapping {
    headers
        .iter()
        .zip(mapping)
        .filter_map(|(h, m)| {
            let folded = fold(h).split_whitespace().collect::<Vec<_>>().join(" ");
            Some((folded, m.clone()?)).filter(|(h, _)| !h.is_empty())
        })
        .collect()
}

/// Checks a mapping against the file: one entry per column, known fields, none twice. Returns
/// the labels of required fields no column holds (the preview shows them; nothing imports).
pub fn check(kind: ImportKind, headers: &[String], mapping: &Mapping) -> Result<Vec<&'static str>> {
    if mapping.len() != headers.len() {
        return Err(Error::invalid("mapping", format!("has {} entries but the file has {} columns", mapping.len(), headers.len())));
    }
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, key) in mapping.iter().enumerate() {
        let Some(key) = key else { continue };
        let Some(field) = kind.field(key) else {
            return Err(Error::invalid("mapping", format!("'{key}' is not a field of a {} import", kind.label().to_lowercase())));
        };
        if let Some(first) = seen.insert(field.key, i) {
            return Err(Error::invalid(
                "mapping",
                format!(
                    "columns {} and {} are both mapped to '{}'; choose one",
                    column_name(first, headers),
                    column_name(i, headers),
                    field.label
                ),
            ));
        }
    }
    Ok(kind.fields().iter().filter(|f| f.required && !seen.contains_key(f.key)).map(|f| f.label).collect())
}

/// "'Surname' (C)", as the person sees the column.
pub fn column_name(i: usize, headers: &[String]) -> String {
    let letter = column_letter(i);
    match headers.get(i).map(|h| h.trim()).filter(|h| !h.is_empty()) {
        Some(h) => format!("'{h}' ({letter})"),
        None => letter.to_string(),
    }
}

/// A, B, ... Z, AA, AB: a spreadsheet's column letters.
pub fn column_letter(mut i: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn guesses_from_usual_names_then_saved_ones() {
        let h = headers(&["Surname", "Forename", "Prison No", "DOB", "Hall", "Favourite colour", "surname"]);
        let m = guess(ImportKind::People, &h, &SavedMapping::new());
        let want: Vec<Option<&str>> =
            vec![Some("family_name"), Some("given_name"), Some("prison_number"), Some("date_of_birth"), Some("location"), None, None];
        assert_eq!(m.iter().map(|k| k.as_deref()).collect::<Vec<_>>(), want);
        let saved = to_save(&h, &vec![None, None, None, None, None, Some("location".into()), None]);
        let again = guess(ImportKind::People, &h, &saved);
        // "Hall" is no longer the location: the saved column took it first.
        assert_eq!(again[5].as_deref(), Some("location"));
        assert_eq!(again[4], None);
    }

    #[test]
    fn a_mapping_is_checked_against_the_file() {
        let h = headers(&["A", "B", "C"]);
        let twice = vec![Some("given_name".into()), Some("given_name".into()), None];
        let e = check(ImportKind::People, &h, &twice).unwrap_err().to_string();
        assert!(e.contains("'A' (A) and 'B' (B) are both mapped to 'Given name'"), "{e}");
        let unknown = vec![Some("shoe_size".into()), None, None];
        assert!(check(ImportKind::People, &h, &unknown).unwrap_err().to_string().contains("'shoe_size' is not a field"));
        assert!(check(ImportKind::People, &h, &vec![None]).unwrap_err().to_string().contains("has 1 entries but the file has 3"));
        let missing = check(ImportKind::People, &h, &vec![Some("given_name".into()), None, None]).unwrap();
        assert_eq!(missing, ["Family name"]);
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }
}
