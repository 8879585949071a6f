//! Enrolling over HTTPS: the app verifies the city server's certificate, accepts the
//! city's own certificate authority when given its file, and refuses a server it cannot
//! verify with a message that says so (nothing is stored, nothing is lost).

use xaso_core::{App, Config, ErrorCode, ProfileSet, SyncEnroll, SyncState};
use xaso_domain::Role;
use xaso_server::{ServeOptions, Storage, TlsFiles};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../crates/xaso-server/tests/fixtures");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_laptop_enrols_over_https_only_with_the_citys_certificate() -> anyhow::Result<()> {
    let scratch = tempfile::tempdir()?;
    let storage = Storage::open(&scratch.path().join("city.sqlite3").display().to_string())?;
    xaso_server::import_units(&storage, xaso_server::BUNDLED_UNITS)?;
    xaso_server::add_user(
        &storage,
        "lan",
        "Nguyễn Thị Lan",
        Role::UnitOfficial,
        Some("26743"),
        "mật khẩu của Lan",
    )?;
    let tls = TlsFiles {
        cert: format!("{FIXTURES}/cert.pem").into(),
        key: format!("{FIXTURES}/key.pem").into(),
    };
    let server = xaso_server::spawn_with(
        storage,
        "127.0.0.1:0".parse()?,
        ServeOptions { tls: Some(tls), ..ServeOptions::default() },
    )
    .await?;
    let url = server.url();
    assert!(url.starts_with("https://"), "{url}");

    let ward = App::open(Config::at(scratch.path().join("ward")));
    ward.profile_set(ProfileSet {
        unit_code: "26743".into(),
        display_name: "Lan".into(),
        role: Role::UnitOfficial,
    })?;
    let enrol = |ca_file: Option<String>| {
        tokio::task::block_in_place(|| {
            ward.sync_enroll(SyncEnroll {
                server_url: url.clone(),
                user: "lan".into(),
                password: "mật khẩu của Lan".into(),
                device_name: "Máy phường Bến Thành".into(),
                ca_file,
                allow_insecure_http: false,
            })
        })
    };

    // The certificate is the city's own, not a public one: without its file, refused.
    let refused = enrol(None).expect_err("an unverifiable server must be refused");
    assert_eq!(refused.code, ErrorCode::SyncFailed, "{refused:?}");
    assert_eq!(ward.sync_status().state, SyncState::NotEnrolled, "nothing was stored");

    // A CA file that does not exist is named, beside its field.
    let missing = enrol(Some("/nonexistent/city-ca.pem".into())).expect_err("missing CA file");
    assert!(missing.fields.iter().any(|f| f.field == "ca_file"), "{missing:?}");

    // With the city's certificate authority, the laptop enrols and syncs.
    let view = enrol(Some(format!("{FIXTURES}/cert.pem")))?;
    assert_eq!(view.account.as_ref().map(|a| a.display_name.as_str()), Some("Nguyễn Thị Lan"));
    let report = tokio::task::block_in_place(|| ward.sync_once())?;
    assert_eq!(report.refused, 0, "{report:?}");
    assert_eq!(ward.sync_status().state, SyncState::Online);

    server.stop().await?;
    Ok(())
}
