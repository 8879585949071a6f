//! The server reaches PostgreSQL over TLS as its URL says (`sslmode`, `sslrootcert`),
//! tested against the local cluster and its self-signed certificate (Debian's cluster
//! serves TLS with the "snakeoil" certificate, made for `localhost`).
//!
//! What each connection really used is read from PostgreSQL itself (`pg_stat_ssl`), by the
//! application name the test gives the server's connections.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Backend, TestDb};
use uuid::Uuid;

/// The cluster's certificate (its own CA: self-signed), asked of the cluster.
fn cluster_certificate(admin_url: &str) -> String {
    let rows =
        on_own_thread(admin_url, "SELECT current_setting('ssl'), current_setting('ssl_cert_file')");
    let (ssl, file) = (&rows[0][0], &rows[0][1]);
    assert_eq!(
        ssl, "on",
        "the PostgreSQL cluster does not serve TLS: set `ssl = on` with a certificate in \
         postgresql.conf (Debian does by default, with /etc/ssl/certs/ssl-cert-snakeoil.pem)"
    );
    file.clone()
}

/// Rows of text from a plain connection, on a thread of its own (the sync client runs a
/// runtime of its own).
fn on_own_thread(url: &str, sql: &str) -> Vec<Vec<String>> {
    let (url, sql) = (url.to_owned(), sql.to_owned());
    std::thread::spawn(move || {
        let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        let rows = client.simple_query(&sql).unwrap();
        rows.into_iter()
            .filter_map(|m| match m {
                postgres::SimpleQueryMessage::Row(row) => Some(
                    (0..row.len()).map(|i| row.get(i).unwrap_or_default().to_owned()).collect(),
                ),
                _ => None,
            })
            .collect()
    })
    .join()
    .unwrap()
}

/// The test database's URL with `host` in place of the test's host and `query` added.
fn url_with(db: &TestDb, host: &str, query: &str) -> String {
    let url = db.url();
    let (user, rest) = url.split_once('@').expect("the test URL names a user");
    let (_, path) = rest.split_once('/').expect("the test URL names a database");
    let port = rest.split_once('/').and_then(|(h, _)| h.split_once(':')).map_or("5432", |(_, p)| p);
    format!("{user}@{host}:{port}/{path}?{query}")
}

/// Opens the server's storage on `url` and uses it, then says whether each of its
/// connections to PostgreSQL is encrypted, by `pg_stat_ssl`.
fn encrypted(db: &TestDb, url: &str, app: &str) -> Vec<bool> {
    let storage = xaso_server::Storage::open(url).expect("the server opens its database");
    xaso_server::list_users(&storage).expect("a query through the server's storage");
    let rows = on_own_thread(
        &db.url(),
        &format!(
            "SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) \
             WHERE a.application_name = '{app}'"
        ),
    );
    drop(storage);
    rows.into_iter().map(|r| r[0] == "t").collect()
}

fn app_name() -> String {
    format!("xaso_tls_{}", Uuid::now_v7().simple())
}

#[test]
fn verify_full_checks_the_certificate_and_its_name_and_the_link_is_encrypted() {
    let db = TestDb::new(Backend::Postgres);
    let ca = cluster_certificate(&db.url());

    let app = app_name();
    let url = url_with(
        &db,
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={ca}&application_name={app}"),
    );
    let links = encrypted(&db, &url, &app);
    assert!(!links.is_empty() && links.iter().all(|&tls| tls), "{links:?}");

    // The certificate names `localhost`, not the address: verify-full refuses it.
    let url = url_with(&db, "127.0.0.1", &format!("sslmode=verify-full&sslrootcert={ca}"));
    let err = xaso_server::Storage::open(&url).unwrap_err().to_string();
    assert!(err.contains("not valid for name"), "{err}");
    assert!(!err.contains(":xaso@"), "the password is never shown: {err}");

    // verify-ca checks the chain only: the address will do.
    let app = app_name();
    let url = url_with(
        &db,
        "127.0.0.1",
        &format!("sslmode=verify-ca&sslrootcert={ca}&application_name={app}"),
    );
    assert!(encrypted(&db, &url, &app).iter().all(|&tls| tls));
}

#[test]
fn a_certificate_nobody_vouches_for_is_refused_when_verification_is_asked() {
    let db = TestDb::new(Backend::Postgres);
    cluster_certificate(&db.url());
    // No sslrootcert: Mozilla's roots, which never signed the cluster's own certificate.
    let url = url_with(&db, "localhost", "sslmode=verify-full");
    let err = xaso_server::Storage::open(&url).unwrap_err().to_string();
    assert!(err.contains("UnknownIssuer") || err.contains("unknown issuer"), "{err}");
}

#[test]
fn the_default_encrypts_when_the_cluster_offers_it_and_disable_does_not() {
    let db = TestDb::new(Backend::Postgres);
    cluster_certificate(&db.url());
    let app = app_name();
    let links =
        encrypted(&db, &url_with(&db, "127.0.0.1", &format!("application_name={app}")), &app);
    assert!(!links.is_empty() && links.iter().all(|&tls| tls), "prefer: {links:?}");
    let app = app_name();
    let plain = url_with(&db, "127.0.0.1", &format!("sslmode=disable&application_name={app}"));
    let links = encrypted(&db, &plain, &app);
    assert!(!links.is_empty() && links.iter().all(|&tls| !tls), "disable: {links:?}");
}
