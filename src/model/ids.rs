//! Typed UUIDv7 identifiers: a `SessionId` cannot be passed where a `ParticipantId` is meant,
//! and v7 ids sort by creation time, which keeps SQLite's primary-key index append-mostly.
//! Stored as 16-byte blobs (text would more than double every key and index).

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! id_type {
    ($($(#[$meta:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s.trim()).map(Self)
            }
        }

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::Borrowed(ValueRef::Blob(self.0.as_bytes())))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let bytes = value.as_blob()?;
                Uuid::from_slice(bytes).map(Self).map_err(|e| FromSqlError::Other(Box::new(e)))
            }
        }
    )+};
}

id_type!(
    EstablishmentId,
    StaffId,
    ParticipantId,
    StatusChangeId,
    FacilitatorId,
    GroupId,
    EnrolmentId,
    SessionId,
    AwardTypeId,
    AwardId,
    AwardPrintId,
    ClearanceId,
    ServiceId,
    ConsentId,
    ReferralId,
    MeetingId,
    TransferId,
    ProgrammeId,
    ReferralInId,
    SkipId,
    CapitalId,
    SignatureImageId,
    UnitId,
    UnitSignOffId,
    QualificationId,
);

impl StaffId {
    /// The one account every act is recorded against until staff accounts exist
    /// (created by the first migration).
    pub const LOCAL_ADMINISTRATOR: StaffId = StaffId(Uuid::from_u128(0x00000000_0000_7000_8000_000000000001));
}
