//! Identifiers. Every row id is a UUIDv7: time-ordered, so ids created offline on
//! different laptops never collide and still sort roughly by creation time.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Why a string is not an id.
pub type IdParseError = uuid::Error;

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A new time-ordered id (UUIDv7).
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                Self(id)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = IdParseError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }

        #[cfg(feature = "sql")]
        impl rusqlite::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.to_string().into())
            }
        }

        /// A stored id that is not a UUID is a conversion error, never a default.
        #[cfg(feature = "sql")]
        impl rusqlite::types::FromSql for $name {
            fn column_result(
                value: rusqlite::types::ValueRef<'_>,
            ) -> rusqlite::types::FromSqlResult<Self> {
                value
                    .as_str()?
                    .parse()
                    .map_err(|e| rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }
    };
}

uuid_id!(
    /// A grassroots task (nhiệm vụ cấp cơ sở).
    TaskId
);
uuid_id!(
    /// A milestone of a task.
    MilestoneId
);
uuid_id!(
    /// One recorded status transition of a task.
    TransitionId
);
uuid_id!(
    /// One change in the outbox; the server applies each op id at most once.
    OpId
);
uuid_id!(
    /// This installation of the app (one per laptop database).
    DeviceId
);
uuid_id!(
    /// One published version of a spending norm.
    NormId
);
uuid_id!(
    /// One KPI indicator the city tracks.
    IndicatorId
);
uuid_id!(
    /// A kind of report the city asks for.
    ReportFormId
);
uuid_id!(
    /// One version of a unit's report for one form and period.
    ReportId
);
uuid_id!(
    /// One indicator's value in a report.
    ReportValueId
);
uuid_id!(
    /// One version of a task's budget estimate for one fiscal year.
    EstimateId
);
uuid_id!(
    /// A line of an estimate (or a person of its labour group).
    LineId
);
uuid_id!(
    /// A unit's plan for one fiscal year.
    PlanId
);

uuid_id!(
    /// A training programme (a round of training on several topics).
    ProgrammeId
);
uuid_id!(
    /// One training session of a programme.
    SessionId
);
uuid_id!(
    /// A training material: a file (by its SHA-256) attached to a programme or session.
    MaterialId
);
uuid_id!(
    /// A unit's trainee (a member of its staff who takes training).
    TraineeId
);
uuid_id!(
    /// One check-in of a trainee at a session.
    AttendanceId
);
uuid_id!(
    /// A quiz question of a session.
    QuestionId
);
uuid_id!(
    /// A trainee's answers to a session's quiz.
    AttemptId
);
uuid_id!(
    /// A material opened by someone of a unit (for the trainee's progress).
    OpeningId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_v7_and_round_trip_through_text() {
        let id = TaskId::new();
        assert_eq!(id.as_uuid().get_version_num(), 7);
        let back: TaskId = id.to_string().parse().unwrap();
        assert_eq!(back, id);
    }

    #[test]
    fn later_ids_sort_after_earlier_ones() {
        let a = TaskId::new();
        std::thread::sleep(std::time::Duration::from_millis(2));
        let b = TaskId::new();
        assert!(a < b);
        assert!(a.to_string() < b.to_string());
    }
}
