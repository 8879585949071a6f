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

/// One table that syncs, field by field.
#[derive(Debug)]
pub struct SyncedTable {
    pub name: &'static str,
    pub partition: PartitionKind,
    /// The columns a change may set (besides `*`, the whole new row). `id`, `version` and
    /// local bookkeeping are not fields.
    pub fields: &'static [&'static str],
    /// The fields a city reviewer may change in a unit's row (review only).
    pub review_fields: &'static [&'static str],
    /// Whether a city reviewer may create rows of this table in a unit's partition (the
    /// transition record of a review decision).
    pub reviewer_creates: bool,
}

impl SyncedTable {
    pub fn has_field(&self, field: &str) -> bool {
        self.fields.contains(&field)
    }
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

/// The conflict records the server writes when two edits of one field collide. They are
/// rows of the partition of the row in conflict, so every replica of it sees them; marking
/// one resolved is a change like any other.
pub const CONFLICTS: &str = "conflicts";

pub static SYNCED_TABLES: &[SyncedTable] = &[
    SyncedTable {
        name: "tasks",
        partition: PartitionKind::Unit,
        fields: &[
            "unit_code",
            "kind",
            "status",
            "year",
            "name",
            "field",
            "task_type",
            "basis",
            "urgency",
            "objectives",
            "contents",
            "expected_results",
            "impact",
            "cost_state",
            "cost_own",
            "cost_other",
            "start_date",
            "end_date",
            "host_unit",
            "leader",
            "results_usage",
            "created_at",
            "created_by",
            "updated_at",
            "deleted",
        ],
        review_fields: &["status"],
        reviewer_creates: false,
    },
    SyncedTable {
        name: "task_transitions",
        partition: PartitionKind::Unit,
        fields: &["task_id", "from_status", "to_status", "actor", "at", "comment"],
        review_fields: &[],
        reviewer_creates: true,
    },
    SyncedTable {
        name: "milestones",
        partition: PartitionKind::Unit,
        fields: &[
            "task_id",
            "title",
            "responsible",
            "unit",
            "start_date",
            "due_date",
            "done",
            "created_at",
            "updated_at",
            "deleted",
        ],
        review_fields: &[],
        reviewer_creates: false,
    },
    SyncedTable {
        name: "norms",
        partition: PartitionKind::City,
        fields: &[
            "code",
            "description",
            "value",
            "unit",
            "kind",
            "legal_basis",
            "effective_from",
            "effective_to",
            "verified",
            "deleted",
        ],
        review_fields: &[],
        reviewer_creates: false,
    },
    SyncedTable {
        name: "estimates",
        partition: PartitionKind::Unit,
        fields: &[
            "task_id",
            "year",
            "version_no",
            "status",
            "leader_rate",
            "estimate_date",
            "based_on",
            "review_comment",
            "created_at",
            "updated_at",
            "deleted",
        ],
        review_fields: &["status", "review_comment"],
        reviewer_creates: false,
    },
    SyncedTable {
        name: "estimate_people",
        partition: PartitionKind::Unit,
        fields: &["estimate_id", "position", "name", "role", "months", "deleted"],
        review_fields: &[],
        reviewer_creates: false,
    },
    SyncedTable {
        name: "estimate_lines",
        partition: PartitionKind::Unit,
        fields: &[
            "estimate_id",
            "position",
            "grp",
            "content",
            "unit",
            "quantity",
            "unit_price",
            "own",
            "other",
            "note",
            "norm_code",
            "review_comment",
            "copied_from",
            "deleted",
        ],
        review_fields: &["review_comment"],
        reviewer_creates: false,
    },
    SyncedTable {
        name: "unit_plans",
        partition: PartitionKind::Unit,
        fields: &["unit_code", "year", "annual_spending", "deleted"],
        review_fields: &[],
        reviewer_creates: false,
    },
    SyncedTable {
        name: "training_programmes",
        partition: PartitionKind::City,
        fields: &["title", "description", "created_at", "updated_at", "deleted"],
        review_fields: &[],
        reviewer_creates: false,
    },
    SyncedTable {
        name: "training_sessions",
        partition: PartitionKind::City,
        fields: &[
            "programme_id",
            "title",
            "topic",
            "starts_at",
            "ends_at",
            "format",
            "place",
            "online_link",
            "speakers",
            "bridge_points",
            "description",
            "created_at",
            "updated_at",
            "deleted",
        ],
        review_fields: &[],
        reviewer_creates: false,
    },
    SyncedTable {
        name: "materials",
        partition: PartitionKind::City,
        fields: &[
            "programme_id",
            "session_id",
            "topic",
            "title",
            "description",
            "file_name",
            "media_type",
            "size",
            "sha256",
            "created_at",
            "updated_at",
            "deleted",
        ],
        review_fields: &[],
        reviewer_creates: false,
    },
    SyncedTable {
        name: "quiz_questions",
        partition: PartitionKind::City,
        fields: &["session_id", "position", "prompt", "multiple", "options", "correct", "deleted"],
        review_fields: &[],
        reviewer_creates: false,
    },
    SyncedTable {
        name: "trainees",
        partition: PartitionKind::Unit,
        fields: &["unit_code", "full_name", "position", "created_at", "deleted"],
        review_fields: &[],
        reviewer_creates: false,
    },
    SyncedTable {
        name: "attendance",
        partition: PartitionKind::Unit,
        fields: &[
            "session_id",
            "unit_code",
            "trainee_id",
            "trainee_name",
            "mode",
            "checked_in_at",
            "checked_in_by",
            "deleted",
        ],
        review_fields: &[],
        reviewer_creates: false,
    },
    SyncedTable {
        name: "quiz_attempts",
        partition: PartitionKind::Unit,
        fields: &[
            "session_id",
            "unit_code",
            "trainee_id",
            "trainee_name",
            "answers",
            "score",
            "out_of",
            "answered_at",
            "deleted",
        ],
        review_fields: &[],
        reviewer_creates: false,
    },
    SyncedTable {
        name: "material_openings",
        partition: PartitionKind::Unit,
        fields: &["material_id", "unit_code", "person", "opened_at", "deleted"],
        review_fields: &[],
        reviewer_creates: false,
    },
    SyncedTable {
        name: CONFLICTS,
        // Conflicts live in the partition of the row in conflict (unit or city).
        partition: PartitionKind::Unit,
        fields: &[
            "tbl",
            "row_id",
            "field",
            "kept_value",
            "kept_actor",
            "kept_at",
            "other_value",
            "other_actor",
            "other_at",
            "detected_at",
            "resolved",
            "resolved_by",
            "resolved_at",
        ],
        review_fields: &["resolved", "resolved_by", "resolved_at"],
        reviewer_creates: false,
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
            for f in t.fields {
                assert!(seen.insert(f), "{}.{f} listed twice", t.name);
                assert!(*f != "id" && *f != "version" && *f != "*");
            }
            for f in t.review_fields {
                assert!(t.has_field(f), "{}.{f} is reviewable but not a field", t.name);
            }
        }
    }
}
