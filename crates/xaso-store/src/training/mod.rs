//! Training: programmes, sessions, materials and quiz questions (city data), trainees,
//! attendance, quiz attempts and material openings (each unit's own), the library's
//! search index, and which files this laptop should move.
//!
//! Reads take a `&Connection`; synced writes go through write handles of [`Changes`]
//! like every other table; the file bookkeeping (`file_transfers`, `offline_programmes`, `file_texts`) is
//! local and written directly (`files`). One module per table (quiz questions and attempts
//! together), re-exported here.

mod attendance;
mod files;
mod materials;
mod openings;
mod programmes;
mod quiz;
mod sessions;
mod trainees;

pub use attendance::*;
pub use files::*;
pub use materials::*;
pub use openings::*;
pub use programmes::*;
pub use quiz::*;
pub use sessions::*;
pub use trainees::*;

use crate::rows::{self, Cols, text};
use crate::{Changes, StoreError};
use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use xaso_domain::Partition;

pub const PROGRAMMES: &str = "training_programmes";
pub const SESSIONS: &str = "training_sessions";
pub const MATERIALS: &str = "materials";
pub const QUESTIONS: &str = "quiz_questions";
pub const TRAINEES: &str = "trainees";
pub const ATTENDANCE: &str = "attendance";
pub const ATTEMPTS: &str = "quiz_attempts";
pub const OPENINGS: &str = "material_openings";

fn parse_time(s: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// Saves a row of city data that keeps `created_at`/`updated_at`: a new row (`existing`
/// None) is `after` with both stamped now; an existing one (its version and columns as
/// stored) gets the columns of `after` that differ, and `updated_at` now when any do.
fn save_city_row(
    changes: &mut Changes<'_>,
    table: &'static str,
    id: &str,
    existing: Option<(i64, Cols)>,
    mut after: Cols,
) -> crate::Result<()> {
    let now = text(changes.now_text());
    match existing {
        Some((version, mut before)) => {
            if before.iter().zip(after.iter()).any(|(b, a)| b.1 != a.1) {
                before.push(("updated_at", Value::Null));
                after.push(("updated_at", now));
            }
            rows::update(changes, table, &Partition::City, id, version, &before, &after)?;
        }
        None => {
            after.push(("created_at", now.clone()));
            after.push(("updated_at", now));
            rows::insert(changes, table, &Partition::City, id, &after)?;
        }
    }
    Ok(())
}

fn not_found(what: &str, id: impl std::fmt::Display) -> StoreError {
    StoreError::NotFound(format!("{what} {id}"))
}
