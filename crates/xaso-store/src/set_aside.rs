//! `pulled_set_aside`: changes the server sent that this replica could not apply (a value
//! its column cannot hold, a broken CHECK, a new "row" that is not an object). Each is set
//! aside here with its reason instead of failing its page, so the cursor moves past it and
//! everything after it, in that partition and the others, keeps arriving. Local only:
//! shown to people (sync screen, `xaso refused`) and to whoever fixes the cause.

use rusqlite::{Connection, params};
use serde_json::Value as Json;
use xaso_proto::Change;

use crate::Result;

/// How much of a set-aside value is kept (characters of its JSON text): enough to
/// recognise it, not a second copy of a large row.
pub const VALUE_KEPT_CHARS: usize = 2_000;

/// Why a pulled change could not be applied, in both languages, with a stable code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Why {
    pub code: &'static str,
    pub vi: String,
    pub en: String,
}

/// One change set aside.
#[derive(Debug, Clone, PartialEq)]
pub struct SetAside {
    pub partition: String,
    pub seq: i64,
    pub table: String,
    pub row_id: String,
    pub field: String,
    /// The value's JSON text, at most [`VALUE_KEPT_CHARS`] characters.
    pub value: String,
    /// Whether `value` was cut.
    pub value_cut: bool,
    pub hlc: String,
    /// Who made the change, as the server named them.
    pub actor: String,
    pub code: String,
    pub reason_vi: String,
    pub reason_en: String,
    /// RFC 3339 UTC.
    pub set_aside_at: String,
}

/// Records `change` of `partition` as set aside (again: the newer reason wins).
pub(crate) fn record(
    conn: &Connection,
    partition: &str,
    change: &Change,
    why: &Why,
    at: &str,
) -> Result<()> {
    let (value, cut) = bounded(&change.value);
    conn.prepare_cached(
        "INSERT INTO pulled_set_aside
           (partition, seq, tbl, row_id, field, value, value_cut, hlc, actor, code, reason_vi,
            reason_en, set_aside_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
         ON CONFLICT (partition, seq) DO UPDATE SET
           code = excluded.code, reason_vi = excluded.reason_vi, reason_en = excluded.reason_en,
           set_aside_at = excluded.set_aside_at",
    )?
    .execute(params![
        partition,
        change.seq,
        bounded_text(&change.table),
        bounded_text(&change.row_id),
        bounded_text(&change.field),
        value,
        cut,
        bounded_text(&change.hlc),
        bounded_text(&change.actor),
        why.code,
        why.vi,
        why.en,
        at,
    ])?;
    Ok(())
}

/// The value's JSON text cut to [`VALUE_KEPT_CHARS`] characters, and whether it was cut.
fn bounded(value: &Json) -> (String, bool) {
    let text = value.to_string();
    match text.char_indices().nth(VALUE_KEPT_CHARS) {
        Some((end, _)) => (format!("{}…", &text[..end]), true),
        None => (text, false),
    }
}

/// Names and clocks come from the network too: a few hundred characters at most.
fn bounded_text(text: &str) -> String {
    text.chars().take(200).collect()
}

/// Every change set aside, newest first.
pub fn list(conn: &Connection) -> Result<Vec<SetAside>> {
    crate::sql::all(
        conn,
        "SELECT partition, seq, tbl, row_id, field, value, value_cut, hlc, actor, code,
                reason_vi, reason_en, set_aside_at
         FROM pulled_set_aside ORDER BY set_aside_at DESC, partition, seq DESC",
        [],
        |r| {
            Ok(SetAside {
                partition: r.get(0)?,
                seq: r.get(1)?,
                table: r.get(2)?,
                row_id: r.get(3)?,
                field: r.get(4)?,
                value: r.get(5)?,
                value_cut: r.get(6)?,
                hlc: r.get(7)?,
                actor: r.get(8)?,
                code: r.get(9)?,
                reason_vi: r.get(10)?,
                reason_en: r.get(11)?,
                set_aside_at: r.get(12)?,
            })
        },
    )
}

pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM pulled_set_aside", [], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_value_is_kept_cut_and_marked() {
        let (small, cut) = bounded(&Json::from("Số hóa"));
        assert_eq!((small.as_str(), cut), ("\"Số hóa\"", false));
        let (large, cut) = bounded(&Json::from("ă".repeat(10_000)));
        assert!(cut);
        assert_eq!(large.chars().count(), VALUE_KEPT_CHARS + 1, "the kept part and the ellipsis");
        assert!(large.ends_with('…'));
    }
}
