//! Who is running the command. The command line logs in as the app does: the password unwraps
//! the database key from the account's key slot. Scripts give RECOVERY_REGISTER_USER and
//! RECOVERY_REGISTER_PASSWORD; a person at a terminal is asked.

use crate::args::Cli;
use anyhow::{bail, Context, Result};
use recovery_register::access::{self, Start};
use recovery_register::{dates, Actor, Store};
use std::io::IsTerminal;
use std::path::Path;
use zeroize::Zeroizing;

/// A secret from `env`, or asked for at the terminal without echo.
pub fn secret(env: &str, prompt: &str) -> Result<Zeroizing<String>> {
    if let Ok(value) = std::env::var(env) {
        return Ok(Zeroizing::new(value));
    }
    if !std::io::stdin().is_terminal() {
        bail!("{prompt}: not given; set {env} when running from a script");
    }
    Ok(Zeroizing::new(rpassword::prompt_password(format!("{prompt}: ")).context("could not read from the terminal")?))
}

/// A new password, asked for twice at a terminal so a typing slip does not lock anyone out.
pub fn new_secret(env: &str, prompt: &str) -> Result<Zeroizing<String>> {
    if std::env::var(env).is_ok() || !std::io::stdin().is_terminal() {
        return secret(env, prompt);
    }
    let first = secret(env, prompt)?;
    let again = Zeroizing::new(rpassword::prompt_password("Type it again: ").context("could not read from the terminal")?);
    if *first != *again {
        bail!("{prompt}: the two did not match; nothing was changed");
    }
    Ok(first)
}

fn username(cli: &Cli) -> Result<String> {
    if let Some(user) = &cli.user {
        return Ok(user.clone());
    }
    if !std::io::stdin().is_terminal() {
        bail!("--user: not given; set RECOVERY_REGISTER_USER when running from a script");
    }
    eprint!("Username: ");
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(line.trim().to_string())
}

/// `--today` (RECOVERY_REGISTER_TODAY): a rehearsal build's switch, refused by any other.
pub fn pin_today(cli: &Cli, store: &mut Store) -> Result<()> {
    let Some(today) = &cli.today else { return Ok(()) };
    let today = dates::parse("--today", today)?;
    if !cfg!(feature = "rehearsal") {
        bail!("--today: only a rehearsal build can pin the date (RECOVERY_REGISTER_TODAY too)");
    }
    #[cfg(feature = "rehearsal")]
    store.set_today(today);
    #[cfg(not(feature = "rehearsal"))]
    let _ = (store, today);
    Ok(())
}

/// `--key-cost` (RECOVERY_REGISTER_KEY_COST): anything but the standard cost is a rehearsal
/// build's switch, refused by any other.
pub fn key_cost(cli: &Cli) -> Result<recovery_register::keys::Cost> {
    if !cfg!(feature = "rehearsal") && !matches!(cli.key_cost, crate::args::KeyCost::Standard) {
        bail!("--key-cost: only a rehearsal build can weaken the key derivation (RECOVERY_REGISTER_KEY_COST too)");
    }
    Ok(cli.key_cost.into())
}

/// Opens the database as the person named, or says how to set it up.
pub fn log_in(cli: &Cli, database: &Path) -> Result<(Store, Actor)> {
    if access::start(database)? == Start::SetUp {
        bail!(
            "there is no database at {} yet: run `recovery-register setup --username NAME --name \"Full Name\"` (or `demo`) first",
            database.display()
        );
    }
    let user = username(cli)?;
    let password = secret("RECOVERY_REGISTER_PASSWORD", "Password")?;
    let (mut store, actor) = access::unlock(database, &user, &password, chrono::Utc::now())?;
    pin_today(cli, &mut store)?;
    Ok((store, actor))
}
