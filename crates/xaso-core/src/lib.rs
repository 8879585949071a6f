#![warn(missing_docs)]
//! The use cases of Xã Số: the one API the desktop shell calls (and, later, the CLI).
//!
//! [`App`] owns the open local store and answers each command of the UI with a request
//! and response type from [`api`], whose TypeScript declarations are generated from
//! these Rust types ([`bindings`]). Errors reach the UI as [`ApiError`] `{ code, message,
//! fields }`, the message already in the user's language.
//!
//! It deliberately knows nothing of Tauri (the shell adapts, one line per command), of
//! HTTP (that is `xaso-sync`), or of SQL (that is `xaso-store`).

pub mod api;
mod app;
mod backups;
pub mod bindings;
mod budget;
mod command_list;
mod config;
mod demo;
mod dispatch;
mod error;
mod kpi;
mod profile;
mod reference;
mod reports;
mod secrets;
mod sync;
mod tasks;
mod training;
mod transfer;

pub use api::*;
pub use app::App;
pub use budget::api::*;
pub use budget::{export_pdf, export_xlsx, official};
pub use config::{Config, SecretStoreChoice};
pub use dispatch::{CommandAnswer, dispatch};
pub use error::{ApiError, ErrorCode};
pub use sync::api::*;
pub use training::api::*;
