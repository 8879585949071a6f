//! The city server of Xã Số: the sync endpoints of `xaso_proto` over HTTP(S), the
//! accounts and devices that may use them, and the admin commands that create them.
//!
//! It owns the server side of sync: applying pushed ops once each, checking every one
//! against the account's role and unit and the domain's rules, detecting concurrent edits
//! field by field and keeping a deterministic winner, numbering changes per partition,
//! and serving pulls that show a unit nothing of another unit (see [`push`] and [`pull`]
//! for the rules). Storage is one trait ([`storage::Tx`]) with an embedded SQLite backend
//! (the default) and a PostgreSQL backend; the rules are written once above it.
//!
//! It deliberately does not know the app: it stores rows as fields of JSON values and
//! understands only what `xaso_domain::sync` says about them. It is the only crate that
//! knows axum and PostgreSQL.
//!
//! It holds under abuse: every connection and request is bounded in time, connections in
//! number, enrolment bodies in size, and failed sign-ins are slowed down and locked
//! ([`limits`], [`connections`], [`throttle`]).
//!
//! It also keeps the files the city publishes (training materials), named by their
//! SHA-256 and moved in verified chunks ([`blobs`]), in a folder of their own (`--blobs`).
//!
//! To run a real server in a test:
//!
//! ```no_run
//! # async fn f() -> Result<(), Box<dyn std::error::Error>> {
//! let storage = xaso_server::Storage::open("/tmp/city.sqlite3")?;
//! xaso_server::import_units(&storage, xaso_server::BUNDLED_UNITS)?;
//! xaso_server::add_user(&storage, "an", "Nguyễn Văn An", xaso_domain::Role::UnitOfficial,
//!     Some("26743"), "mật khẩu dài")?;
//! let server = xaso_server::spawn(storage, "127.0.0.1:0".parse()?).await?;
//! let url = server.url(); // http://127.0.0.1:<port>
//! # drop(url); server.stop().await?; Ok(()) }
//! ```

pub mod admin;
pub mod auth;
mod backends;
pub mod blobs;
pub mod connections;
mod extract;
pub mod history;
pub mod http;
pub mod limits;
mod pg_tls;
mod postgres;
pub mod pull;
pub mod push;
mod sqlite;
pub mod storage;
#[cfg(feature = "test-support")]
pub mod testing;
pub mod throttle;

pub use admin::{
    AdminError, BUNDLED_UNITS, UserInfo, add_user, disable_user, enable_user, import_units,
    list_devices, list_users, reset_password, revoke_device,
};
pub use auth::{PasswordChecks, generate_password, password_checks};
pub use blobs::{BlobStore, default_blob_dir};
pub use http::{
    RunningServer, ServeOptions, TlsFiles, router, router_with, serve, spawn, spawn_with,
};
pub use limits::Limits;
pub use storage::{DeviceInfo, Revocation, Storage, StoreError};
pub use throttle::SignInLimits;
