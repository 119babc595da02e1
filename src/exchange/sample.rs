//! Synthetic spreadsheets (no real person): an establishment's people, groups, rosters and past
//! registers as a team would bring them from Excel, for rehearsals, tests and benchmarks. The
//! same seed gives the same files.

use crate::dates::display;
use chrono::{Datelike, Duration, NaiveDate, Weekday};

const GIVEN: [&str; 20] = [
    "Siobhán",
    "Łukasz",
    "Aoife",
    "James",
    "Mohammed",
    "Mary",
    "Seán",
    "Ewan",
    "Kirsty",
    "Dariusz",
    "Fatima",
    "Callum",
    "Zofia",
    "Niamh",
    "Ryan",
    "Chloé",
    "Ross",
    "Agnieszka",
    "Craig",
    "Leanne",
];
const FAMILY: [&str; 20] = [
    "Ó Súilleabháin",
    "Żółć",
    "MacDonald",
    "Campbell",
    "O'Neill",
    "Smith",
    "Brown",
    "Wilson",
    "Robertson",
    "Thomson",
    "Stewart",
    "Kowalski",
    "Anderson",
    "Murray",
    "Reid",
    "Nowak",
    "Fraser",
    "Hussain",
    "Paterson",
    "McAllister",
];
const GROUPS: [(&str, &str, Weekday, &str); 6] = [
    ("Monday SMART", "SMART Recovery", Weekday::Mon, "14:00"),
    ("Tuesday AA", "Alcoholics Anonymous", Weekday::Tue, "18:00"),
    ("Wednesday Peer Support", "Peer-led group", Weekday::Wed, "10:00"),
    ("Thursday NA", "Narcotics Anonymous", Weekday::Thu, "18:00"),
    ("Friday Recovery Café", "Recovery café", Weekday::Fri, "13:30"),
    ("Thursday Mindfulness", "Other group", Weekday::Thu, "10:00"),
];
const REASONS: [&str; 8] =
    ["Chose not to attend", "Unwell", "Not unlocked", "Wing lockdown", "Healthcare appointment", "Court", "Work", "Family or social visit"];

/// The four files, as CSV text (UTF-8 with a byte-order mark, CRLF: as Excel saves "CSV UTF-8").
pub struct SampleSheets {
    pub people: String,
    pub groups: String,
    pub rosters: String,
    pub registers: String,
    pub roster_rows: usize,
    /// Rows in the registers file.
    pub register_rows: usize,
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*: enough for made-up data, and the same on every machine.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// `people` people with `years` of registers ending the day before `today`.
pub fn sample_sheets(seed: u64, people: usize, years: u32, today: NaiveDate) -> SampleSheets {
    let mut rng = Rng(seed.max(1));
    let start = today - Duration::weeks(52 * i64::from(years));
    let line = |cells: &[String]| {
        cells
            .iter()
            .map(|c| if c.contains([',', '"', '\n']) { format!("\"{}\"", c.replace('"', "\"\"")) } else { c.clone() })
            .collect::<Vec<_>>()
            .join(",")
            + "\r\n"
    };
    let mut groups = String::from("\u{feff}Group name,Kind of group,Starts on,Day of the week,Start time,Length in minutes\r\n");
    for (name, kind, day, time) in GROUPS {
        groups += &line(&[name.into(), kind.into(), display(start), format!("{day:?}"), time.into(), "90".into()]);
    }
    let mut people_csv = String::from("\u{feff}Prison number,Forename,Surname,Date of birth,Hall,Custody status,Status since\r\n");
    let mut rosters = String::from("\u{feff}Prison number,Group,Joined on,Left on,Why they left\r\n");
    let mut registers = String::from("\u{feff}Group,Date,Prison number,Attendance,Reason\r\n");
    let (mut roster_rows, mut register_rows) = (0, 0);
    let span = (today - start).num_days().max(1) as u64;
    for i in 0..people {
        let number = format!("{}", 1_000_001 + i);
        let given = GIVEN[rng.below(20) as usize];
        let family = FAMILY[rng.below(20) as usize];
        let born =
            NaiveDate::from_ymd_opt(1960 + rng.below(40) as i32, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32).unwrap_or(start);
        let arrived = start + Duration::days(rng.below(span * 9 / 10) as i64);
        let stay_weeks = 8 + rng.below(40) as i64;
        let leaves = arrived + Duration::weeks(stay_weeks);
        let liberated = (leaves < today).then_some(leaves);
        let (status, since) = match liberated {
            Some(l) => ("Liberated", l),
            None => ("In custody", arrived),
        };
        let hall = ["A Hall", "B Hall", "C Hall", "D Hall"][rng.below(4) as usize];
        people_csv += &line(&[number.clone(), given.into(), family.into(), display(born), hall.into(), status.into(), display(since)]);
        let in_groups = if rng.below(10) < 3 { 2 } else { 1 };
        let first = rng.below(GROUPS.len() as u64) as usize;
        for g in 0..in_groups {
            let (name, _, day, _) = GROUPS[(first + g * 2) % GROUPS.len()];
            let joined = arrived + Duration::days(rng.below(14) as i64);
            let ends = liberated.map(|l| l.max(joined));
            let (left, why) = match ends {
                Some(l) => (display(l), "Liberated".to_string()),
                None => (String::new(), String::new()),
            };
            rosters += &line(&[number.clone(), name.into(), display(joined), left, why]);
            roster_rows += 1;
            let mut day_of = joined;
            while day_of.weekday() != day {
                day_of = day_of.succ_opt().unwrap_or(day_of);
            }
            while day_of < today && ends.is_none_or(|e| day_of < e) {
                let roll = rng.below(100);
                let (mark, reason) = match roll {
                    0..=71 => ("P", ""),
                    72..=76 => ("Late", ""),
                    77..=79 => ("Left early", ""),
                    _ => ("A", REASONS[rng.below(REASONS.len() as u64) as usize]),
                };
                registers += &line(&[name.into(), display(day_of), number.clone(), mark.into(), reason.into()]);
                register_rows += 1;
                day_of += Duration::weeks(1);
            }
        }
    }
    SampleSheets { people: people_csv, groups, rosters, registers, roster_rows, register_rows }
}
