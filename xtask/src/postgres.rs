//! The PostgreSQL the city server's tests run against.
//!
//! The server's test suite runs once on the embedded SQLite backend and once on
//! PostgreSQL, which it finds through `XASO_TEST_POSTGRES` (a URL whose role may create
//! and drop databases: every test makes its own and drops it). When the variable is unset,
//! `cargo xtask test` provides it from the Debian cluster on this machine: it starts
//! `15/main` if it is down and creates the role `xaso` (password `xaso`, local only), which
//! needs root, as on CI. Anything else gets a clear message, never a silent skip.

use std::process::{Command, Stdio};

use anyhow::{Context as _, bail};

pub const VAR: &str = "XASO_TEST_POSTGRES";
const URL: &str = "postgres://xaso:xaso@127.0.0.1:5432/postgres";
const CLUSTER: [&str; 2] = ["15", "main"];

/// The URL for the server tests, starting the local cluster if needed.
pub fn test_url() -> anyhow::Result<String> {
    if let Ok(url) = std::env::var(VAR) {
        println!("xtask: PostgreSQL for the server tests: {VAR} is set");
        return Ok(url);
    }
    let how = format!(
        "the city server's tests need PostgreSQL 15. Install and start it \
         (sudo apt-get install -y postgresql && sudo pg_ctlcluster 15 main start), \
         or set {VAR} to a postgres:// URL whose role may create databases"
    );
    if !has("pg_ctlcluster") {
        bail!("{how} (pg_ctlcluster is not installed)");
    }
    if !is_root() {
        bail!("{how} (starting the cluster and creating the role needs root)");
    }
    if !succeeds(Command::new("pg_ctlcluster").args([CLUSTER[0], CLUSTER[1], "status"])) {
        println!("xtask: starting PostgreSQL (pg_ctlcluster 15 main start)");
        let started =
            Command::new("pg_ctlcluster").args([CLUSTER[0], CLUSTER[1], "start"]).status();
        if !started.is_ok_and(|s| s.success()) {
            bail!("{how} (pg_ctlcluster 15 main start failed)");
        }
    }
    let sql = "DO $$ BEGIN \
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'xaso') THEN \
          CREATE ROLE xaso LOGIN CREATEDB PASSWORD 'xaso'; \
        END IF; END $$;";
    let created = Command::new("runuser")
        .args(["-u", "postgres", "--", "psql", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql])
        .status()
        .context("while running psql as postgres")?;
    if !created.success() {
        bail!("{how} (creating the role xaso failed)");
    }
    println!("xtask: PostgreSQL for the server tests: {URL}");
    Ok(URL.to_owned())
}

fn has(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn succeeds(command: &mut Command) -> bool {
    command.stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}
