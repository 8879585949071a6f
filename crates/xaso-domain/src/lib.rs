//! Pure types and rules of Xã Số.
//!
//! This crate owns what a task, a unit, an id, a hybrid logical clock and a sum of money
//! *are*, and the rules about them: which status transitions are legal and for whom, what
//! a valid proposal looks like, how text is folded for diacritics-free search, how đồng
//! are parsed and formatted. It deliberately does no IO (no files, no database, no clock:
//! callers pass the current time in) and has no async; everything here is a plain function
//! over plain data, tested with tables next to the code.

pub mod budget;
pub mod hlc;
pub mod ids;
pub mod kpi;
pub mod milestone;
pub mod money;
pub mod norm;
pub mod report;
pub mod sync;
pub mod task;
pub mod text;
pub mod time;
pub mod training;
pub mod unit;
pub mod validate;

pub use hlc::Hlc;
pub use ids::{
    AttemptId, AttendanceId, DeviceId, EstimateId, IndicatorId, LineId, MaterialId, MilestoneId,
    NormId, OpId, OpeningId, PlanId, ProgrammeId, QuestionId, ReportFormId, ReportId,
    ReportValueId, SessionId, TaskId, TraineeId, TransitionId,
};
pub use milestone::{Milestone, MilestoneFields, MilestoneInput};
pub use money::{Money, MoneyError};
pub use task::{Role, TaskFields, TaskKind, TaskStatus, TransitionError};
pub use text::{Bilingual, Locale};
pub use unit::{Partition, PartitionError, Unit, UnitCode, UnitKind};
pub use validate::{FieldIssue, Severity, TaskInput};
