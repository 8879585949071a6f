//! Serving over HTTPS, and the admin command line.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers panic on purpose

mod common;

use std::process::Command;
use std::sync::Arc;

use common::*;
use reqwest::StatusCode;
use xaso_server::{ServeOptions, Storage, TlsFiles};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_with_the_given_certificate() {
    let db = TestDb::new(Backend::Sqlite);
    let storage = Storage::open(&db.url()).unwrap();
    let tls = TlsFiles {
        cert: format!("{FIXTURES}/cert.pem").into(),
        key: format!("{FIXTURES}/key.pem").into(),
    };
    let server = xaso_server::spawn_with(
        storage,
        "127.0.0.1:0".parse().unwrap(),
        ServeOptions { tls: Some(tls), ..ServeOptions::default() },
    )
    .await
    .unwrap();
    assert!(server.url().starts_with("https://"));

    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut roots = rustls::RootCertStore::empty();
    let pem = std::fs::read(format!("{FIXTURES}/cert.pem")).unwrap();
    let der = rustls::pki_types::pem::PemObject::from_pem_slice(&pem).unwrap();
    roots.add(der).unwrap();
    let config = rustls::ClientConfig::builder()
        .with_root_certificates(Arc::new(roots))
        .with_no_client_auth();
    let client = reqwest::Client::builder().tls_backend_preconfigured(config).build().unwrap();
    let resp = client.get(format!("{}/v1/health", server.url())).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);

    // Plain HTTP to the HTTPS port is not served.
    let plain = http_client().get(format!("http://{}/v1/health", server.addr())).send().await;
    assert!(plain.map(|r| r.status() != StatusCode::OK).unwrap_or(true));
    server.stop().await.unwrap();
}

fn cli(db: &str, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xaso-server"))
        .args(args)
        .args(["--database", db])
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_admin_commands() {
    let db = TestDb::new(Backend::Sqlite);
    let url = db.url();

    let (ok, out, _) = cli(&url, &["import-units"]);
    assert!(ok && out.contains("168"), "{out}");

    let (ok, _, err) = cli(
        &url,
        &["user", "add", "--name", "an", "--display-name", "An", "--role", "unit_official"],
    );
    assert!(!ok && err.contains("--unit"), "{err}");
    let (ok, out, err) = cli(
        &url,
        &[
            "user",
            "add",
            "--name",
            "an",
            "--display-name",
            "Nguyễn Văn An",
            "--role",
            "unit_official",
            "--unit",
            "26743",
        ],
    );
    assert!(ok, "{err}");
    let password = out.lines().find_map(|l| l.split(": ").nth(1)).expect("a generated password");
    assert_eq!(password.len(), 16);
    let (ok, _, err) =
        cli(&url, &["user", "add", "--name", "x", "--display-name", "X", "--role", "mayor"]);
    assert!(!ok && err.contains("unknown role"), "{err}");

    let (ok, out, _) = cli(&url, &["user", "list"]);
    assert!(ok && out.contains("an\tNguyễn Văn An\tunit_official\t26743"), "{out}");
    let (ok, out, _) = cli(&url, &["device", "list"]);
    assert!(ok && out.is_empty(), "{out}");
    let (ok, _, err) =
        cli(&url, &["device", "revoke", "--id", "00000000-0000-0000-0000-000000000000"]);
    assert!(!ok && err.contains("no device"), "{err}");

    // The generated password works.
    let storage = Storage::open(&url).unwrap();
    let users = xaso_server::list_users(&storage).unwrap();
    assert_eq!(users.len(), 1);
    drop(storage);
    let (ok, _, _) = cli(&url, &["user", "reset-password", "--name", "an"]);
    assert!(ok);
}
