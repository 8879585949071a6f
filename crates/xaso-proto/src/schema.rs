//! The one schema of what syncs, checked on a value as it travels: every value a server
//! accepts is one that every replica can store (`xaso_domain::sync` says, per field, its
//! kind and bounds; this module reads JSON against it).
//!
//! The server refuses an op whose row id, value or whole new row fails here, with a
//! [`Reason`] the person who made it can read; a laptop checks what it pulls with the
//! same functions and sets aside what fails, so one bad change can never stop a pull.

use chrono::{DateTime, NaiveDate};
use serde_json::{Map, Value as Json};
use uuid::Uuid;
use xaso_domain::sync::{Field, FieldKind, MAX_ROW_BYTES, SyncedTable};

use crate::Reason;

/// A row id: a UUID other than nil, as canonical lower-case text.
pub fn check_row_id(id: &str) -> Result<(), Reason> {
    match Uuid::try_parse(id) {
        Ok(u) if !u.is_nil() && u.hyphenated().to_string() == id => Ok(()),
        _ => Err(Reason::new(
            "bad_id",
            format!("Mã dòng “{}” không phải là mã hợp lệ (UUID).", excerpt(id)),
            format!("The row id “{}” is not a valid id (UUID).", excerpt(id)),
        )),
    }
}

/// A value of `field` of `table`, as a field change sends it or a new row holds it.
pub fn check_value(table: &SyncedTable, field: &Field, value: &Json) -> Result<(), Reason> {
    if value.is_null() {
        return if field.nullable {
            Ok(())
        } else {
            Err(bad(table, field, "không được để trống", "may not be empty"))
        };
    }
    match field.kind {
        FieldKind::Id => match value.as_str() {
            Some(id) if check_row_id(id).is_ok() => Ok(()),
            _ => {
                Err(bad(table, field, "không phải là mã hợp lệ (UUID)", "is not a valid id (UUID)"))
            }
        },
        FieldKind::Text(max) => text(table, field, value, max).map(|_| ()),
        FieldKind::Enum(members) => match value.as_str() {
            Some(word) if members.contains(&word) => Ok(()),
            _ => Err(bad(
                table,
                field,
                &format!("phải là một trong: {}", members.join(", ")),
                &format!("must be one of: {}", members.join(", ")),
            )),
        },
        FieldKind::Int { min, max } => match value.as_i64() {
            Some(n) if (min..=max).contains(&n) => Ok(()),
            _ => Err(bad(
                table,
                field,
                &format!("phải là số nguyên từ {min} đến {max}"),
                &format!("must be a whole number from {min} to {max}"),
            )),
        },
        FieldKind::Flag => match value {
            Json::Bool(_) => Ok(()),
            v if matches!(v.as_i64(), Some(0 | 1)) => Ok(()),
            _ => Err(bad(table, field, "phải là 0 hoặc 1", "must be 0 or 1")),
        },
        FieldKind::Date => {
            let s = text(table, field, value, 10)?;
            match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                Ok(d) if d.format("%Y-%m-%d").to_string() == s => Ok(()),
                _ => Err(bad(
                    table,
                    field,
                    "phải là ngày dạng yyyy-mm-dd",
                    "must be a date yyyy-mm-dd",
                )),
            }
        }
        FieldKind::Time => {
            let s = text(table, field, value, 40)?;
            match DateTime::parse_from_rfc3339(s) {
                Ok(t) if s.ends_with('Z') && t.offset().local_minus_utc() == 0 => Ok(()),
                _ => Err(bad(
                    table,
                    field,
                    "phải là thời điểm RFC 3339 theo giờ UTC",
                    "must be an RFC 3339 time in UTC",
                )),
            }
        }
        FieldKind::Unit => {
            let s = text(table, field, value, 5)?;
            if is_unit_code(s) {
                Ok(())
            } else {
                Err(bad(table, field, "phải là mã đơn vị 5 chữ số", "must be a 5-digit unit code"))
            }
        }
        FieldKind::Units => {
            // `all`, or the codes of at most every unit there is (a comma each).
            let s = text(table, field, value, 6 * 4_000)?;
            if s == "all" || s.is_empty() || s.split(',').all(is_unit_code) {
                Ok(())
            } else {
                Err(bad(
                    table,
                    field,
                    "phải là “all” hoặc các mã đơn vị cách nhau bởi dấu phẩy",
                    "must be “all” or unit codes separated by commas",
                ))
            }
        }
        FieldKind::Sha256 => {
            let s = text(table, field, value, 64)?;
            if s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            {
                Ok(())
            } else {
                Err(bad(
                    table,
                    field,
                    "phải là mã SHA-256 (64 ký tự hex)",
                    "must be a SHA-256 (64 hex digits)",
                ))
            }
        }
        FieldKind::Period => {
            let s = text(table, field, value, 7)?;
            match xaso_domain::kpi::Period::parse(s) {
                Some(p) if p.key() == s => Ok(()),
                _ => Err(bad(
                    table,
                    field,
                    "phải là một kỳ báo cáo (2026, 2026-Q3 hoặc 2026-07)",
                    "must be a reporting period (2026, 2026-Q3 or 2026-07)",
                )),
            }
        }
        FieldKind::JsonText(max) => {
            let s = text(table, field, value, max)?;
            match serde_json::from_str::<Json>(s) {
                Ok(Json::Array(_) | Json::Object(_)) => Ok(()),
                _ => Err(bad(table, field, "phải là danh sách JSON", "must be a JSON list")),
            }
        }
    }
}

/// A whole new row (`*`): an object of the table's fields only, each value of its kind,
/// every field a new row must have present, at most [`MAX_ROW_BYTES`] in all.
pub fn check_row(table: &SyncedTable, row: &Json) -> Result<(), Reason> {
    let Some(object) = row.as_object() else {
        return Err(Reason::new(
            "bad_value",
            "Dòng mới phải là một đối tượng JSON.",
            "A new row must be a JSON object.",
        ));
    };
    check_size(row)?;
    for (key, value) in object {
        let Some(field) = table.field(key) else {
            return Err(Reason::new(
                "unknown_field",
                format!("Bảng “{}” không có trường “{}”.", table.name, excerpt(key)),
                format!("Table “{}” has no field “{}”.", table.name, excerpt(key)),
            ));
        };
        check_value(table, field, value)?;
    }
    if let Some(missing) = table.fields.iter().find(|f| !f.optional && !object.contains_key(f.name))
    {
        return Err(bad(table, missing, "bị thiếu trong dòng mới", "is missing from the new row"));
    }
    Ok(())
}

/// A value (or a row) as JSON text is at most [`MAX_ROW_BYTES`].
pub fn check_size(value: &Json) -> Result<(), Reason> {
    if json_len(value) > MAX_ROW_BYTES {
        return Err(Reason::new(
            "too_large",
            format!("Giá trị quá lớn (tối đa {} KiB).", MAX_ROW_BYTES >> 10),
            format!("The value is too large (at most {} KiB).", MAX_ROW_BYTES >> 10),
        ));
    }
    Ok(())
}

/// The length of `value` as JSON text, without writing it out; counting stops soon after
/// [`MAX_ROW_BYTES`] (a huge value costs no more than a large one).
pub fn json_len(value: &Json) -> usize {
    fn walk(v: &Json, acc: &mut usize) {
        if *acc > MAX_ROW_BYTES {
            return;
        }
        match v {
            Json::Null => *acc += 4,
            Json::Bool(b) => *acc += if *b { 4 } else { 5 },
            Json::Number(n) => *acc += n.to_string().len(),
            // Escapes make it longer; a bound from below is enough to refuse, and the
            // server stores what it checked.
            Json::String(s) => *acc += s.len() + 2,
            Json::Array(items) => {
                *acc += 2 + items.len();
                for item in items {
                    walk(item, acc);
                }
            }
            Json::Object(map) => walk_map(map, acc),
        }
    }
    fn walk_map(map: &Map<String, Json>, acc: &mut usize) {
        *acc += 2 + map.len();
        for (k, v) in map {
            *acc += k.len() + 3;
            walk(v, acc);
        }
    }
    let mut acc = 0;
    walk(value, &mut acc);
    acc
}

fn is_unit_code(s: &str) -> bool {
    s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit())
}

/// The text of a text-like value, at most `max` characters.
fn text<'v>(
    table: &SyncedTable,
    field: &Field,
    value: &'v Json,
    max: usize,
) -> Result<&'v str, Reason> {
    let Some(s) = value.as_str() else {
        return Err(bad(table, field, "phải là chữ", "must be text"));
    };
    // Bytes bound characters from above: only long texts need counting.
    if s.len() > max && s.chars().count() > max {
        return Err(bad(
            table,
            field,
            &format!("dài quá {max} ký tự"),
            &format!("is longer than {max} characters"),
        ));
    }
    Ok(s)
}

fn bad(table: &SyncedTable, field: &Field, vi: &str, en: &str) -> Reason {
    Reason::new(
        "bad_value",
        format!("Giá trị của “{}.{}” {vi}.", table.name, field.name),
        format!("The value of “{}.{}” {en}.", table.name, field.name),
    )
}

/// The start of a text a laptop sent, for a message.
fn excerpt(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use xaso_domain::sync::synced_table;

    use super::*;

    fn field(table: &str, name: &str) -> (&'static SyncedTable, &'static Field) {
        let t = synced_table(table).unwrap();
        (t, t.field(name).unwrap())
    }

    #[test]
    fn values_are_checked_against_their_kind() {
        let cases: &[(&str, &str, Json, bool)] = &[
            ("tasks", "year", json!(2026), true),
            ("tasks", "year", json!("không phải số"), false),
            ("tasks", "year", json!(1800), false),
            ("tasks", "year", json!(2026.5), false),
            ("tasks", "year", Json::Null, false),
            ("tasks", "kind", json!("cds"), true),
            ("tasks", "kind", json!("CDS"), false),
            ("tasks", "status", json!("approved"), true),
            ("tasks", "status", json!("hacked"), false),
            ("tasks", "name", json!("Số hóa hồ sơ"), true),
            ("tasks", "name", json!("ư".repeat(500)), true),
            ("tasks", "name", json!("ư".repeat(501)), false),
            ("tasks", "name", json!(["a"]), false),
            ("tasks", "cost_state", json!(1_000_000_000_000_000_i64), true),
            ("tasks", "cost_state", json!(1_000_000_000_000_001_i64), false),
            ("tasks", "cost_state", json!(-1), false),
            ("tasks", "start_date", json!("2026-02-28"), true),
            ("tasks", "start_date", json!("2026-02-30"), false),
            ("tasks", "start_date", json!("2026-2-3"), false),
            ("tasks", "start_date", Json::Null, true),
            ("tasks", "created_at", json!("2026-12-02T10:00:00.000Z"), true),
            ("tasks", "created_at", json!("2026-12-02T17:00:00+07:00"), false),
            ("tasks", "created_at", json!("hôm qua"), false),
            ("tasks", "unit_code", json!("26743"), true),
            ("tasks", "unit_code", json!("2674"), false),
            ("tasks", "deleted", json!(true), true),
            ("tasks", "deleted", json!(1), true),
            ("tasks", "deleted", json!(2), false),
            ("task_transitions", "task_id", json!("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"), true),
            ("task_transitions", "task_id", json!("0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B"), false),
            ("task_transitions", "task_id", json!("00000000-0000-0000-0000-000000000000"), false),
            ("training_sessions", "bridge_points", json!("all"), true),
            ("training_sessions", "bridge_points", json!("26743,26506"), true),
            ("training_sessions", "bridge_points", json!("26743,xyz"), false),
            ("materials", "sha256", json!("a".repeat(64)), true),
            ("materials", "sha256", json!("A".repeat(64)), false),
            ("quiz_questions", "options", json!("[\"Có\",\"Không\"]"), true),
            ("quiz_questions", "options", json!("Có, Không"), false),
        ];
        for (table, name, value, ok) in cases {
            let (t, f) = field(table, name);
            let result = check_value(t, f, value);
            assert_eq!(result.is_ok(), *ok, "{table}.{name} = {value}: {result:?}");
            if let Err(reason) = result {
                assert!(reason.vi.contains(name) && reason.en.contains(name), "{reason:?}");
            }
        }
    }

    #[test]
    fn row_ids_are_canonical_uuids() {
        assert!(check_row_id("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b").is_ok());
        for bad in [
            "",
            "not-a-uuid",
            "00000000-0000-0000-0000-000000000000",
            "0190a1b2c3d47e5f8a9b0c1d2e3f4a5b",
            "{0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b}",
            "0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B",
        ] {
            assert!(check_row_id(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_new_row_has_its_required_fields_and_no_other() {
        let t = synced_table("unit_plans").unwrap();
        assert!(check_row(t, &json!({"unit_code": "26743", "year": 2026})).is_ok());
        assert!(check_row(t, &json!({"unit_code": "26743"})).unwrap_err().en.contains("year"));
        assert!(check_row(t, &json!({"unit_code": "26743", "year": 2026, "x": 1})).is_err());
        assert!(check_row(t, &json!("a row")).is_err());
        let huge = json!({"unit_code": "26743", "year": 2026, "annual_spending": 1, "deleted": 0,
                          "padding": "x".repeat(MAX_ROW_BYTES)});
        assert_eq!(check_row(t, &huge).unwrap_err().code, "too_large");
    }

    #[test]
    fn lengths_are_counted_without_writing_out() {
        for v in [json!({"a": [1, "b", null, true]}), json!("ư"), json!({})] {
            assert!(json_len(&v) <= v.to_string().len() + 8, "{v}");
        }
        let big = json!("x".repeat(MAX_ROW_BYTES * 4));
        assert!(json_len(&big) > MAX_ROW_BYTES);
    }
}
