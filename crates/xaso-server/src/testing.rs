//! A city database that exists for one test or benchmark and is removed after it: a temp
//! SQLite file, or a fresh PostgreSQL database on the server named by [`PG_VAR`]. The
//! server's own tests and the end-to-end tests (`xaso-e2e`) share it. Only with the
//! `test-support` feature; never in the shipped server.

use uuid::Uuid;

/// The PostgreSQL URL the tests run against (a role that may create databases).
pub const PG_VAR: &str = "XASO_TEST_POSTGRES";

/// Where the city keeps its data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// The embedded default: one SQLite file.
    Sqlite,
    /// A PostgreSQL database of its own, on the server named by [`PG_VAR`].
    Postgres,
}

/// The database of one test, dropped (PostgreSQL) or deleted (SQLite) with this value.
#[derive(Debug)]
pub enum TestDb {
    Sqlite(tempfile::TempDir),
    Postgres { admin_url: String, url: String, name: String },
}

impl TestDb {
    /// A fresh database. For PostgreSQL, [`PG_VAR`] must be set: an unset variable fails
    /// the test (never a silent skip) and says how to run it.
    ///
    /// # Panics
    /// When the database cannot be made (this is for tests).
    pub fn new(backend: Backend) -> TestDb {
        match backend {
            Backend::Sqlite => match tempfile::Builder::new().prefix("xaso-city-").tempdir() {
                Ok(dir) => TestDb::Sqlite(dir),
                Err(e) => panic!("cannot make a temp folder: {e}"),
            },
            Backend::Postgres => {
                let admin_url = postgres_url().unwrap_or_else(|why| panic!("{why}"));
                let name = format!("xaso_test_{}", Uuid::now_v7().simple());
                run_sql(&admin_url, &format!("CREATE DATABASE {name}"));
                let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(base, _)| base);
                let url = format!("{base}/{name}");
                TestDb::Postgres { admin_url, url, name }
            }
        }
    }

    /// What `Storage::open` takes: a file path or a `postgres://` URL.
    pub fn url(&self) -> String {
        match self {
            TestDb::Sqlite(dir) => dir.path().join("city.sqlite3").display().to_string(),
            TestDb::Postgres { url, .. } => url.clone(),
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let TestDb::Postgres { admin_url, name, .. } = self {
            run_sql(admin_url, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// The PostgreSQL admin URL, or why there is none (with what to do about it).
pub fn postgres_url() -> Result<String, String> {
    match std::env::var(PG_VAR) {
        Ok(url) if !url.trim().is_empty() => Ok(url),
        _ => Err(format!(
            "{PG_VAR} is not set: the city server's tests run on PostgreSQL too.\n\
             Run `cargo xtask test` (it starts PostgreSQL and sets it), or set\n\
             {PG_VAR}=postgres://xaso:xaso@127.0.0.1:5432/postgres (a role that may create databases)."
        )),
    }
}

/// Runs `sql` on the database at `url`, on a thread of its own (the synchronous
/// `postgres` client drives a runtime of its own and must not run inside another).
///
/// # Panics
/// When it cannot connect or the statement fails (this is for tests).
pub fn run_sql(url: &str, sql: &str) {
    let (url, sql) = (url.to_owned(), sql.to_owned());
    let outcome = std::thread::spawn(move || -> Result<(), String> {
        let mut client = postgres::Client::connect(&url, postgres::NoTls)
            .map_err(|e| format!("cannot connect to {PG_VAR} ({url}): {e}"))?;
        client.batch_execute(&sql).map_err(|e| format!("{sql}: {e}"))
    })
    .join();
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(why)) => panic!("{why}"),
        Err(_) => panic!("the PostgreSQL admin thread panicked"),
    }
}
