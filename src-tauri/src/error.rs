//! What the UI receives when a command fails: a stable code and a sentence for the person.

use serde::Serialize;

#[derive(Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct CommandError {
    pub code: String,
    pub message: String,
}

impl From<recovery_register::Error> for CommandError {
    fn from(e: recovery_register::Error) -> Self {
        CommandError { code: e.code().to_string(), message: e.to_string() }
    }
}

impl CommandError {
    pub fn internal(message: impl Into<String>) -> Self {
        CommandError { code: "internal".into(), message: message.into() }
    }

    pub fn invalid(field: &str, problem: &str) -> Self {
        CommandError { code: "invalid".into(), message: format!("{field}: {problem}") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_reach_the_ui_as_code_and_message() {
        let e: CommandError = recovery_register::Error::invalid("date of birth", "02/03/2030 is in the future").into();
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"code": "invalid", "message": "date of birth: 02/03/2030 is in the future"})
        );
    }
}
