//! Under Wine, what a test cannot do for itself (run the Linux host's PDF checkers, mount a small
//! disk) is asked of tests/windows/host.py, which scripts/test-windows.sh starts on loopback.

use std::io::{BufRead, BufReader, Write};

/// Sends one request and returns the reply; the host's refusal is returned as an error.
pub fn ask(request: serde_json::Value) -> std::io::Result<serde_json::Value> {
    let address = std::env::var("RECOVERY_REGISTER_TEST_HOST")
        .map_err(|_| std::io::Error::other("RECOVERY_REGISTER_TEST_HOST is not set: run these tests with scripts/test-windows.sh"))?;
    let mut stream = std::net::TcpStream::connect(address)?;
    writeln!(stream, "{request}")?;
    let mut line = String::new();
    BufReader::new(stream).read_line(&mut line)?;
    let reply: serde_json::Value = serde_json::from_str(&line)?;
    match reply["error"].as_str() {
        Some(refusal) => Err(std::io::Error::other(format!("the test host refused {request}: {refusal}"))),
        None => Ok(reply),
    }
}
