//! Who is acting. Every core operation on people's data takes an `Actor`, so that staff accounts
//! and roles (a later issue) change no signature: the checks are already here, in the core.

use crate::error::{Error, Result};
use crate::model::StaffId;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Administrator,
    Caseworker,
    Viewer,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Administrator, Role::Caseworker, Role::Viewer];

    /// As the add-account form and the staff list show it.
    pub fn label(self) -> &'static str {
        match self {
            Role::Administrator => "Administrator",
            Role::Caseworker => "Caseworker",
            Role::Viewer => "Viewer",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::Caseworker => "caseworker",
            Role::Viewer => "viewer",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// Kinds of act that roles allow or refuse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    ReadRecords,
    WriteRecords,
    ManageEstablishments,
    /// Copying the whole database out (to a USB stick) or replacing it from a backup.
    ManageBackups,
    /// Staff accounts (adding, disabling, resetting another's password) and settings.
    ManageAccounts,
    /// Reading, checking and exporting the audit trail: it shows who looked at whom.
    AuditTrail,
    /// Exporting everything held about one person (a subject access request under the UK GDPR):
    /// administrators only. Reading records is not enough: the export is every record about the
    /// person at once, in files that leave the app, and it includes the audit entries about them
    /// (which staff opened or changed the record, on which PC), which only administrators may
    /// see. Answering a subject access request is the data controller's act, made by whoever
    /// handles those requests, not part of a caseworker's day.
    SubjectAccess,
    /// The retention period, the list of people past it, and erasing their records.
    ManageRetention,
    /// Taking a document that names people (a passport, a register sheet, the clearances
    /// report) out of the app as a file. Reading is not enough: a file leaves the app's
    /// protection (the audit trail records that it was made, not where it went), so a viewer,
    /// who may look, may not carry names away. Figures (the monthly return) need only reading.
    ExportPersonalData,
    /// The team of PCs: adding a PC (a joining file carries the whole database), retiring one,
    /// and choosing between two versions of a mark made on two PCs.
    ManageTeam,
}

impl Act {
    fn describe(self) -> &'static str {
        match self {
            Act::ReadRecords => "read records",
            Act::WriteRecords => "change records",
            Act::ManageEstablishments => "manage establishments",
            Act::ManageBackups => "back up or restore the database",
            Act::ManageAccounts => "manage staff accounts",
            Act::AuditTrail => "see the audit trail",
            Act::SubjectAccess => "export a person's full record",
            Act::ManageRetention => "manage how long records are kept",
            Act::ExportPersonalData => "take documents naming people out of the app",
            Act::ManageTeam => "manage the team of PCs",
        }
    }
}

/// Who is acting. Only the core makes one: by a log-in (`Store::log_in`, `access::unlock`),
/// the first set-up or a recovery; the fields are the core's, so neither the shell, the CLI nor
/// anything a webview sends can make an administrator up. Tests and benchmarks get one from
/// `local_administrator` and `with_role`, which exist only with the `test-support` feature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Actor {
    pub(crate) staff_id: StaffId,
    pub(crate) role: Role,
}

impl Actor {
    pub fn staff_id(&self) -> StaffId {
        self.staff_id
    }

    pub fn role(&self) -> Role {
        self.role
    }

    /// The built-in administrator of a database opened without an account (tests and tools).
    #[cfg(any(test, feature = "test-support"))]
    pub fn local_administrator() -> Actor {
        Actor { staff_id: StaffId::LOCAL_ADMINISTRATOR, role: Role::Administrator }
    }

    /// The same member of staff in another role, to try what that role may do.
    #[cfg(any(test, feature = "test-support"))]
    pub fn with_role(self, role: Role) -> Actor {
        Actor { role, ..self }
    }

    pub fn may(&self, act: Act) -> bool {
        match self.role {
            Role::Administrator => true,
            Role::Caseworker => !matches!(
                act,
                Act::ManageEstablishments
                    | Act::ManageBackups
                    | Act::ManageAccounts
                    | Act::AuditTrail
                    | Act::SubjectAccess
                    | Act::ManageRetention
                    | Act::ManageTeam
            ),
            Role::Viewer => act == Act::ReadRecords,
        }
    }

    pub fn require(&self, act: Act) -> Result<()> {
        if self.may(act) {
            Ok(())
        } else {
            Err(Error::Forbidden(format!("your role cannot {}", act.describe())))
        }
    }
}
