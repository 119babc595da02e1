use super::EstablishmentId;
use crate::error::{Error, Result};
use crate::text;
use serde::{Deserialize, Serialize};

/// A prison. Its short code (e.g. PER) prefixes certificate numbers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Establishment {
    pub id: EstablishmentId,
    pub code: String,
    pub name: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewEstablishment {
    pub code: String,
    pub name: String,
}

impl NewEstablishment {
    /// Trims and upper-cases the code; refuses what could not go on a certificate number.
    pub fn normalised(&self) -> Result<NewEstablishment> {
        let code = self.code.trim().to_uppercase();
        if code.len() < 2 || code.len() > 6 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(Error::invalid(
                "establishment code",
                format!("'{}' must be 2 to 6 letters or digits (for example PER)", self.code.trim()),
            ));
        }
        let name = text::required("establishment name", &self.name, 120)?;
        Ok(NewEstablishment { code, name })
    }
}
