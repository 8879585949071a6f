//! The rules of sync that client and server must agree on: which tables sync, in which
//! partition, which of their fields exist, what a city reviewer may change, and which of
//! two concurrent edits wins.
//!
//! The server checks every pushed change against [`SyncedTable`]; the client applies every
//! pulled change only to a table and columns listed here. Adding a synced table or column
//! is a client migration plus a line here plus a bump of the protocol's schema version.

use crate::task::Role;
use crate::{DeviceId, Hlc};

/// Whose rows a table holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartitionKind {
    /// One unit's own data (`unit:<code>`): its tasks, estimates, plans.
    Unit,
    /// The city's shared data (`city`): norms, training; read-only for units.
    City,
}

/// How far ahead of the server's clock an op's HLC may run. An op stamped later than
/// that is stored with the server's clock instead (it arrived now, and a laptop whose
/// clock runs fast must not win every concurrent edit until real time catches up).
/// Ten minutes lets the drift of a laptop that has not seen a time server for a month
/// through unchanged; a wrong time zone or date (hours, days) is not.
pub const MAX_CLOCK_AHEAD_MS: u64 = 10 * 60 * 1000;
/// The earliest HLC wall time a change may carry: 2024-01-01T00:00:00Z, before Xã Số
/// existed. An earlier one is a clock that was never set (or a forged one).
pub const MIN_CLOCK_MS: u64 = 1_704_067_200_000;
/// The largest a pushed value, or a whole new row, may be as JSON text.
pub const MAX_ROW_BYTES: usize = 256 * 1024;

/// What a synced field holds, as it travels (JSON) and as both ends store it. The server
/// refuses every value outside its kind (`xaso_proto::schema` checks it), so whatever
/// it accepts, every replica can store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// The id of a row (a UUID, canonical lower-case text).
    Id,
    /// Text of at most this many characters.
    Text(usize),
    /// One of these words.
    Enum(&'static [&'static str]),
    /// A whole number in this range (JSON number without a fraction).
    Int { min: i64, max: i64 },
    /// Yes or no: `0`/`1` or `false`/`true`.
    Flag,
    /// A calendar date, `yyyy-mm-dd`.
    Date,
    /// An instant, RFC 3339 in UTC (`…Z`).
    Time,
    /// A unit's five-digit code.
    Unit,
    /// The bridge points of a session: `all`, or unit codes separated by commas.
    Units,
    /// A file's SHA-256, 64 lower-case hex digits.
    Sha256,
    /// Text that is itself JSON (a quiz's options, the answers of an attempt), at most
    /// this many characters.
    JsonText(usize),
}

/// One field of a synced table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub kind: FieldKind,
    /// Whether `null` is a value of it.
    pub nullable: bool,
    /// Whether a new row may leave it out (the client stores its default: `0`, `''`,
    /// the creation time, `null`).
    pub optional: bool,
}

const fn f(name: &'static str, kind: FieldKind) -> Field {
    Field { name, kind, nullable: false, optional: false }
}

/// A field that may be `null` (and so may be left out of a new row).
const fn null(name: &'static str, kind: FieldKind) -> Field {
    Field { name, kind, nullable: true, optional: true }
}

/// A field a new row may leave out; never `null`.
const fn opt(name: &'static str, kind: FieldKind) -> Field {
    Field { name, kind, nullable: false, optional: true }
}

/// The longest names and titles; the longest texts (as the forms allow them).
const NAME: FieldKind = FieldKind::Text(crate::validate::NAME_MAX_CHARS);
const LONG: FieldKind = FieldKind::Text(crate::validate::TEXT_MAX_CHARS);
const YEAR: FieldKind = FieldKind::Int {
    min: *crate::validate::YEAR_RANGE.start() as i64,
    max: *crate::validate::YEAR_RANGE.end() as i64,
};
const MONEY: FieldKind = FieldKind::Int { min: 0, max: crate::Money::MAX.dong() };
/// A `Scaled` quantity (four decimals in an integer).
const SCALED: FieldKind = FieldKind::Int { min: 0, max: crate::norm::Scaled::MAX.raw() };
/// A position in a list (lines of an estimate, questions of a quiz).
const POSITION: FieldKind = FieldKind::Int { min: 0, max: 100_000 };
const DELETED: Field = opt("deleted", FieldKind::Flag);

pub const TASK_KINDS: &[&str] = &["khcn", "dmst", "cds"];
pub const TASK_STATUSES: &[&str] = &[
    "draft",
    "submitted",
    "returned",
    "approved",
    "contracted",
    "in_progress",
    "midterm_checked",
    "accepted",
    "rejected_at_acceptance",
    "settled",
    "suspended",
    "cancelled",
];
pub const ESTIMATE_STATUSES: &[&str] = &["draft", "submitted", "returned", "approved"];
pub const LINE_GROUPS: &[&str] = &["labour", "materials", "equipment", "other"];
pub const LABOUR_ROLES: &[&str] =
    &["chu_nhiem", "thanh_vien_chinh", "thu_ky_khoa_hoc", "thanh_vien", "ky_thuat_vien"];
pub const NORM_KINDS: &[&str] = &["cap", "coefficient", "ratio", "target"];
pub const SESSION_FORMATS: &[&str] = &["in_person", "online", "hybrid"];
pub const ATTENDANCE_MODES: &[&str] = &["in_person", "online"];

/// One table that syncs, field by field.
#[derive(Debug)]
pub struct SyncedTable {
    pub name: &'static str,
    pub partition: PartitionKind,
    /// The columns a change may set (besides `*`, the whole new row), with what each
    /// holds. `id`, `version` and local bookkeeping are not fields.
    pub fields: &'static [Field],
    /// The fields a city reviewer may change in a unit's row (review only).
    pub review_fields: &'static [&'static str],
    /// Whether a city reviewer may create rows of this table in a unit's partition (the
    /// transition record of a review decision).
    pub reviewer_creates: bool,
    /// Fields the server writes itself, from the session: who did it (and when, for a
    /// step of history or the resolution of a conflict). Whatever a laptop sends there is
    /// replaced, so no replica shows another person as the author of what a unit did.
    pub stamped: &'static [(&'static str, Stamped)],
}

/// What the server writes into a [`SyncedTable::stamped`] field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stamped {
    /// The display name of the account that pushed the change.
    Actor,
    /// The change's clock, as the server bounded it (RFC 3339 UTC).
    Time,
}

impl SyncedTable {
    pub fn has_field(&self, field: &str) -> bool {
        self.field(field).is_some()
    }

    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    pub fn field_names(&self) -> impl Iterator<Item = &'static str> {
        self.fields.iter().map(|f| f.name)
    }

    /// What the server writes into `field`, if it is stamped.
    pub fn stamp_of(&self, field: &str) -> Option<Stamped> {
        self.stamped.iter().find(|(name, _)| *name == field).map(|(_, s)| *s)
    }
}

/// The conflict records the server writes when two edits of one field collide. They are
/// rows of the partition of the row in conflict, so every replica of it sees them; marking
/// one resolved is a change like any other.
pub const CONFLICTS: &str = "conflicts";

use FieldKind::*;

pub static SYNCED_TABLES: &[SyncedTable] = &[
    SyncedTable {
        name: "tasks",
        partition: PartitionKind::Unit,
        fields: &[
            f("unit_code", Unit),
            f("kind", Enum(TASK_KINDS)),
            f("status", Enum(TASK_STATUSES)),
            f("year", YEAR),
            f("name", NAME),
            opt("field", NAME),
            opt("task_type", NAME),
            opt("basis", LONG),
            opt("urgency", LONG),
            opt("objectives", LONG),
            opt("contents", LONG),
            opt("expected_results", LONG),
            opt("impact", LONG),
            opt("cost_state", MONEY),
            opt("cost_own", MONEY),
            opt("cost_other", MONEY),
            null("start_date", Date),
            null("end_date", Date),
            opt("host_unit", NAME),
            opt("leader", NAME),
            opt("results_usage", LONG),
            f("created_at", Time),
            opt("created_by", NAME),
            opt("updated_at", Time),
            DELETED,
        ],
        review_fields: &["status"],
        reviewer_creates: false,
        stamped: &[("created_by", Stamped::Actor)],
    },
    SyncedTable {
        name: "task_transitions",
        partition: PartitionKind::Unit,
        fields: &[
            f("task_id", Id),
            null("from_status", Enum(TASK_STATUSES)),
            f("to_status", Enum(TASK_STATUSES)),
            opt("actor", NAME),
            opt("at", Time),
            opt("comment", LONG),
        ],
        review_fields: &[],
        reviewer_creates: true,
        stamped: &[("actor", Stamped::Actor), ("at", Stamped::Time)],
    },
    SyncedTable {
        name: "milestones",
        partition: PartitionKind::Unit,
        fields: &[
            f("task_id", Id),
            f("title", NAME),
            opt("responsible", NAME),
            opt("unit", NAME),
            f("start_date", Date),
            f("due_date", Date),
            opt("done", Flag),
            f("created_at", Time),
            opt("updated_at", Time),
            DELETED,
        ],
        review_fields: &[],
        reviewer_creates: false,
        stamped: &[],
    },
    SyncedTable {
        name: "norms",
        partition: PartitionKind::City,
        fields: &[
            f("code", FieldKind::Text(100)),
            opt("description", LONG),
            f("value", SCALED),
            opt("unit", NAME),
            f("kind", Enum(NORM_KINDS)),
            opt("legal_basis", LONG),
            null("effective_from", Date),
            null("effective_to", Date),
            opt("verified", Flag),
            DELETED,
        ],
        review_fields: &[],
        reviewer_creates: false,
        stamped: &[],
    },
    SyncedTable {
        name: "estimates",
        partition: PartitionKind::Unit,
        fields: &[
            f("task_id", Id),
            f("year", YEAR),
            f("version_no", FieldKind::Int { min: 1, max: 10_000 }),
            f("status", Enum(ESTIMATE_STATUSES)),
            opt("leader_rate", MONEY),
            f("estimate_date", Date),
            null("based_on", Id),
            opt("review_comment", LONG),
            f("created_at", Time),
            opt("updated_at", Time),
            DELETED,
        ],
        review_fields: &["status", "review_comment"],
        reviewer_creates: false,
        stamped: &[],
    },
    SyncedTable {
        name: "estimate_people",
        partition: PartitionKind::Unit,
        fields: &[
            f("estimate_id", Id),
            opt("position", POSITION),
            opt("name", NAME),
            f("role", Enum(LABOUR_ROLES)),
            opt("months", SCALED),
            DELETED,
        ],
        review_fields: &[],
        reviewer_creates: false,
        stamped: &[],
    },
    SyncedTable {
        name: "estimate_lines",
        partition: PartitionKind::Unit,
        fields: &[
            f("estimate_id", Id),
            opt("position", POSITION),
            f("grp", Enum(LINE_GROUPS)),
            opt("content", LONG),
            opt("unit", NAME),
            opt("quantity", SCALED),
            opt("unit_price", MONEY),
            opt("own", MONEY),
            opt("other", MONEY),
            opt("note", LONG),
            null("norm_code", FieldKind::Text(100)),
            opt("review_comment", LONG),
            null("copied_from", Id),
            DELETED,
        ],
        review_fields: &["review_comment"],
        reviewer_creates: false,
        stamped: &[],
    },
    SyncedTable {
        name: "unit_plans",
        partition: PartitionKind::Unit,
        fields: &[f("unit_code", Unit), f("year", YEAR), opt("annual_spending", MONEY), DELETED],
        review_fields: &[],
        reviewer_creates: false,
        stamped: &[],
    },
    SyncedTable {
        name: "training_programmes",
        partition: PartitionKind::City,
        fields: &[
            f("title", NAME),
            opt("description", LONG),
            f("created_at", Time),
            opt("updated_at", Time),
            DELETED,
        ],
        review_fields: &[],
        reviewer_creates: false,
        stamped: &[],
    },
    SyncedTable {
        name: "training_sessions",
        partition: PartitionKind::City,
        fields: &[
            f("programme_id", Id),
            f("title", NAME),
            opt("topic", NAME),
            f("starts_at", Time),
            f("ends_at", Time),
            f("format", Enum(SESSION_FORMATS)),
            opt("place", NAME),
            opt("online_link", FieldKind::Text(2_000)),
            opt("speakers", LONG),
            opt("bridge_points", Units),
            opt("description", LONG),
            f("created_at", Time),
            opt("updated_at", Time),
            DELETED,
        ],
        review_fields: &[],
        reviewer_creates: false,
        stamped: &[],
    },
    SyncedTable {
        name: "materials",
        partition: PartitionKind::City,
        fields: &[
            f("programme_id", Id),
            null("session_id", Id),
            opt("topic", NAME),
            f("title", NAME),
            opt("description", LONG),
            f("file_name", NAME),
            opt("media_type", FieldKind::Text(200)),
            f("size", FieldKind::Int { min: 0, max: 1 << 40 }),
            f("sha256", Sha256),
            f("created_at", Time),
            opt("updated_at", Time),
            DELETED,
        ],
        review_fields: &[],
        reviewer_creates: false,
        stamped: &[],
    },
    SyncedTable {
        name: "quiz_questions",
        partition: PartitionKind::City,
        fields: &[
            f("session_id", Id),
            opt("position", POSITION),
            f("prompt", LONG),
            opt("multiple", Flag),
            f("options", JsonText(50_000)),
            f("correct", JsonText(5_000)),
            DELETED,
        ],
        review_fields: &[],
        reviewer_creates: false,
        stamped: &[],
    },
    SyncedTable {
        name: "trainees",
        partition: PartitionKind::Unit,
        fields: &[
            f("unit_code", Unit),
            f("full_name", NAME),
            opt("position", NAME),
            f("created_at", Time),
            DELETED,
        ],
        review_fields: &[],
        reviewer_creates: false,
        stamped: &[],
    },
    SyncedTable {
        name: "attendance",
        partition: PartitionKind::Unit,
        fields: &[
            f("session_id", Id),
            f("unit_code", Unit),
            f("trainee_id", Id),
            f("trainee_name", NAME),
            f("mode", Enum(ATTENDANCE_MODES)),
            f("checked_in_at", Time),
            opt("checked_in_by", NAME),
            DELETED,
        ],
        review_fields: &[],
        reviewer_creates: false,
        stamped: &[("checked_in_by", Stamped::Actor)],
    },
    SyncedTable {
        name: "quiz_attempts",
        partition: PartitionKind::Unit,
        fields: &[
            f("session_id", Id),
            f("unit_code", Unit),
            f("trainee_id", Id),
            f("trainee_name", NAME),
            f("answers", JsonText(100_000)),
            f("score", FieldKind::Int { min: 0, max: 10_000 }),
            f("out_of", FieldKind::Int { min: 0, max: 10_000 }),
            f("answered_at", Time),
            DELETED,
        ],
        review_fields: &[],
        reviewer_creates: false,
        stamped: &[],
    },
    SyncedTable {
        name: "material_openings",
        partition: PartitionKind::Unit,
        fields: &[
            f("material_id", Id),
            f("unit_code", Unit),
            opt("person", NAME),
            f("opened_at", Time),
            DELETED,
        ],
        review_fields: &[],
        reviewer_creates: false,
        stamped: &[],
    },
    SyncedTable {
        name: CONFLICTS,
        // Conflicts live in the partition of the row in conflict (unit or city).
        partition: PartitionKind::Unit,
        fields: &[
            f("tbl", FieldKind::Text(64)),
            f("row_id", Id),
            f("field", FieldKind::Text(64)),
            f("kept_value", FieldKind::Text(MAX_ROW_BYTES)),
            f("kept_actor", NAME),
            f("kept_at", Time),
            f("other_value", FieldKind::Text(MAX_ROW_BYTES)),
            f("other_actor", NAME),
            f("other_at", Time),
            f("detected_at", Time),
            opt("resolved", Flag),
            null("resolved_by", NAME),
            null("resolved_at", Time),
        ],
        review_fields: &["resolved", "resolved_by", "resolved_at"],
        reviewer_creates: false,
        stamped: &[("resolved_by", Stamped::Actor), ("resolved_at", Stamped::Time)],
    },
];

/// The synced table called `name`, if there is one.
pub fn synced_table(name: &str) -> Option<&'static SyncedTable> {
    SYNCED_TABLES.iter().find(|t| t.name == name)
}

/// Who wrote a value: the tie-break of concurrent edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stamp {
    pub hlc: Hlc,
    pub device: DeviceId,
}

/// Of two concurrent edits of one field, the one every replica keeps: the later HLC, then
/// the greater device id. A total order, so the outcome does not depend on which edit
/// reached the server first.
pub fn winner(a: Stamp, b: Stamp) -> Stamp {
    a.max(b)
}

/// Whether a role may write rows of `kind` partitions at all (the finer rules are per
/// field, see [`may_write_field`]).
pub fn may_write_partition(role: Role, kind: PartitionKind, own_unit: bool) -> bool {
    match (role, kind) {
        (Role::UnitOfficial | Role::UnitLead, PartitionKind::Unit) => own_unit,
        (Role::UnitOfficial | Role::UnitLead, PartitionKind::City) => false,
        (Role::CityReviewer | Role::CityAdmin, _) => true,
    }
}

/// Whether `role` may make a change to `field` (`*` = create the row) of `table` in a
/// partition of `kind` it may write. Units change their own rows freely (the lifecycle is
/// checked separately); the city changes a unit's rows only as review allows; only the
/// city changes city data.
pub fn may_write_field(role: Role, table: &SyncedTable, kind: PartitionKind, field: &str) -> bool {
    match (role, kind) {
        (Role::UnitOfficial | Role::UnitLead, PartitionKind::Unit) => true,
        (Role::UnitOfficial | Role::UnitLead, PartitionKind::City) => false,
        (Role::CityReviewer | Role::CityAdmin, PartitionKind::City) => true,
        (Role::CityReviewer | Role::CityAdmin, PartitionKind::Unit) => {
            if field == "*" {
                table.reviewer_creates
            } else {
                table.review_fields.contains(&field)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(ms: u64, counter: u32, device: u128) -> Stamp {
        Stamp {
            hlc: Hlc { wall_ms: ms, counter },
            device: DeviceId::from(uuid::Uuid::from_u128(device)),
        }
    }

    #[test]
    fn the_winner_is_the_later_clock_then_the_greater_device() {
        let cases = [
            (stamp(10, 0, 1), stamp(9, 5, 2), stamp(10, 0, 1)),
            (stamp(10, 1, 1), stamp(10, 0, 2), stamp(10, 1, 1)),
            (stamp(10, 0, 1), stamp(10, 0, 2), stamp(10, 0, 2)),
        ];
        for (a, b, expected) in cases {
            assert_eq!(winner(a, b), expected);
            assert_eq!(winner(b, a), expected, "the order of arrival must not matter");
        }
    }

    #[test]
    fn who_may_change_what() {
        let tasks = synced_table("tasks").unwrap();
        let transitions = synced_table("task_transitions").unwrap();
        let lines = synced_table("estimate_lines").unwrap();
        let norms = synced_table("norms").unwrap();
        use PartitionKind::*;
        use Role::*;
        let cases: &[(Role, &SyncedTable, PartitionKind, &str, bool)] = &[
            (UnitOfficial, tasks, Unit, "name", true),
            (UnitOfficial, tasks, Unit, "*", true),
            (UnitOfficial, norms, City, "value", false),
            (CityReviewer, tasks, Unit, "status", true),
            (CityReviewer, tasks, Unit, "name", false),
            (CityReviewer, tasks, Unit, "*", false),
            (CityReviewer, transitions, Unit, "*", true),
            (CityReviewer, lines, Unit, "review_comment", true),
            (CityReviewer, lines, Unit, "unit_price", false),
            (CityAdmin, norms, City, "value", true),
        ];
        for &(role, table, kind, field, expected) in cases {
            assert_eq!(
                may_write_field(role, table, kind, field),
                expected,
                "{role:?} {} {field}",
                table.name
            );
        }
        assert!(!may_write_partition(UnitOfficial, Unit, false), "another unit's rows");
        assert!(may_write_partition(UnitLead, Unit, true));
        assert!(!may_write_partition(UnitLead, City, true));
    }

    #[test]
    fn every_table_names_its_fields_once() {
        for t in SYNCED_TABLES {
            let mut seen = std::collections::HashSet::new();
            for f in t.field_names() {
                assert!(seen.insert(f), "{}.{f} listed twice", t.name);
                assert!(f != "id" && f != "version" && f != "*");
            }
            for f in t.review_fields {
                assert!(t.has_field(f), "{}.{f} is reviewable but not a field", t.name);
            }
            for (f, _) in t.stamped {
                assert!(t.has_field(f), "{}.{f} is stamped but not a field", t.name);
            }
        }
    }

    #[test]
    fn the_enum_members_are_the_domain_s_own() {
        use crate::budget::{EstimateStatus, LabourRole, LineGroup};
        use crate::norm::NormKind;
        use crate::training::{AttendanceMode, SessionFormat};
        use crate::{TaskKind, TaskStatus};
        let same = |list: &[&str], names: Vec<&str>| assert_eq!(list, names.as_slice());
        same(TASK_KINDS, TaskKind::ALL.iter().map(|k| k.as_str()).collect());
        same(TASK_STATUSES, TaskStatus::ALL.iter().map(|s| s.as_str()).collect());
        same(ESTIMATE_STATUSES, EstimateStatus::ALL.iter().map(|s| s.as_str()).collect());
        same(LINE_GROUPS, LineGroup::ALL.iter().map(|g| g.as_str()).collect());
        same(LABOUR_ROLES, LabourRole::ALL.iter().map(|r| r.as_str()).collect());
        same(SESSION_FORMATS, SessionFormat::ALL.iter().map(|f| f.as_str()).collect());
        for k in NORM_KINDS {
            assert_eq!(NormKind::parse(k).map(NormKind::as_str), Some(*k));
        }
        for m in ATTENDANCE_MODES {
            assert_eq!(AttendanceMode::parse(m).map(AttendanceMode::as_str), Some(*m));
        }
    }
}
