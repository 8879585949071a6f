//! The write handle: the only way to change a synced table.

use chrono::{DateTime, Utc};
use rusqlite::Transaction;
use serde_json::Value as Json;
use xaso_domain::{
    DeviceId, Hlc, MilestoneFields, MilestoneId, OpId, Partition, TaskFields, TaskId, TaskStatus,
    TransitionId, UnitCode,
};

use crate::{
    Result, estimates, meta, milestones, norms, outbox, plans, tasks, training, transitions,
};
use xaso_domain::budget::{Line, Person};
use xaso_domain::norm::Norm;
use xaso_domain::{EstimateId, LineId, Money, NormId};

/// One transaction's worth of local changes. Every method writes its rows *and* their
/// outbox entries through the same transaction; [`crate::Store::write`] commits both or
/// neither.
#[derive(Debug)]
pub struct Changes<'t> {
    tx: &'t Transaction<'t>,
    actor: String,
    now: DateTime<Utc>,
    /// `now` as stored: RFC 3339 UTC to the millisecond, so text order is time order.
    now_text: String,
    device: DeviceId,
    hlc: Hlc,
}

impl<'t> Changes<'t> {
    pub(crate) fn begin(tx: &'t Transaction<'t>, actor: &str, now: DateTime<Utc>) -> Result<Self> {
        let device = meta::device_id(tx)?;
        let hlc = meta::hlc(tx)?;
        let now_text = xaso_domain::time::stored(now);
        Ok(Self { tx, actor: actor.to_owned(), now, now_text, device, hlc })
    }

    pub(crate) fn finish(self) -> Result<()> {
        meta::set_hlc(self.tx, self.hlc)
    }

    pub(crate) fn tx(&self) -> &Transaction<'t> {
        self.tx
    }

    /// Reads inside the write (the table modules' query functions), seeing its changes.
    pub fn conn(&self) -> &rusqlite::Connection {
        self.tx
    }

    pub(crate) fn actor(&self) -> &str {
        &self.actor
    }

    pub(crate) fn now_text(&self) -> &str {
        &self.now_text
    }

    /// The device this change comes from (the tie-breaker between equal HLCs).
    pub fn device(&self) -> DeviceId {
        self.device
    }

    /// Appends one change to the outbox, stamped with the next HLC.
    pub(crate) fn record(
        &mut self,
        partition: &Partition,
        table: &str,
        row_id: &str,
        field: &str,
        value: &Json,
        base_version: i64,
    ) -> Result<()> {
        let now_ms = u64::try_from(self.now.timestamp_millis()).unwrap_or(0);
        self.hlc = Hlc::tick(self.hlc, now_ms);
        let entry = outbox::NewEntry {
            op_id: OpId::new(),
            partition: partition.to_string(),
            table,
            row_id,
            field,
            value,
            base_version,
            hlc: self.hlc,
        };
        outbox::append(self.tx, &entry, &self.now_text)
    }

    /// Creates a draft task of `unit`.
    pub fn insert_task(&mut self, unit: &UnitCode, fields: &TaskFields) -> Result<TaskId> {
        tasks::insert(self, TaskId::new(), unit, TaskStatus::Draft, fields)
    }

    /// Creates a task with a given id and status: for importing and seeding sample data,
    /// which are still local changes and so still go through the outbox.
    pub fn insert_task_as(
        &mut self,
        id: TaskId,
        unit: &UnitCode,
        status: TaskStatus,
        fields: &TaskFields,
    ) -> Result<TaskId> {
        tasks::insert(self, id, unit, status, fields)
    }

    /// Stores the fields that differ from what is stored; returns how many changed.
    pub fn update_task(&mut self, id: TaskId, fields: &TaskFields) -> Result<usize> {
        tasks::update_fields(self, id, fields)
    }

    /// Moves a task to `to` and records who did it, when and why. The lifecycle rules are
    /// the caller's to check (`xaso_domain::TaskStatus::check_transition`).
    pub fn transition_task(
        &mut self,
        id: TaskId,
        to: TaskStatus,
        comment: &str,
    ) -> Result<TransitionId> {
        let task = tasks::get(self.tx, id)?;
        tasks::set_status(self, &task, to)?;
        transitions::insert(self, &task, to, comment)
    }

    pub fn save_milestone(
        &mut self,
        task: TaskId,
        id: Option<MilestoneId>,
        fields: &MilestoneFields,
    ) -> Result<MilestoneId> {
        milestones::save(self, task, id, fields)
    }

    pub fn delete_milestone(&mut self, id: MilestoneId) -> Result<()> {
        milestones::delete(self, id)
    }

    /// Publishes a norm (new, or a correction of one): city data, partition `city`.
    pub fn save_norm(&mut self, id: Option<NormId>, norm: &Norm) -> Result<NormId> {
        norms::save(self, id, norm)
    }

    /// A new draft estimate of `task` for `year` (the next version number).
    pub fn create_estimate(
        &mut self,
        task: TaskId,
        year: i32,
        leader_rate: Money,
        date: chrono::NaiveDate,
    ) -> Result<EstimateId> {
        estimates::create(self, task, year, leader_rate, date)
    }

    /// Writes an estimate's header fields (status, leader's rate, date, review comment).
    pub fn update_estimate(&mut self, updated: &estimates::EstimateRow) -> Result<()> {
        estimates::update_header(self, updated)
    }

    /// Makes the estimate's people and lines exactly these, in this order.
    pub fn save_estimate_sheet(
        &mut self,
        estimate: EstimateId,
        people: &[(Option<LineId>, Person)],
        lines: &[(Option<LineId>, Line)],
    ) -> Result<(Vec<LineId>, Vec<LineId>)> {
        estimates::save_sheet(self, estimate, people, lines)
    }

    pub fn comment_estimate_line(
        &mut self,
        estimate: EstimateId,
        line: LineId,
        comment: &str,
    ) -> Result<()> {
        estimates::comment_line(self, estimate, line, comment)
    }

    /// A new draft version copied from `from`.
    pub fn new_estimate_version(
        &mut self,
        from: EstimateId,
        date: chrono::NaiveDate,
    ) -> Result<EstimateId> {
        estimates::new_version(self, from, date)
    }

    /// Resolves a conflict: writes the chosen value to the field in conflict and marks the
    /// conflict resolved by this actor, now. Both are local changes that sync.
    pub fn resolve_conflict(
        &mut self,
        conflict_id: &str,
        keep: crate::conflicts::KeepChoice,
    ) -> Result<()> {
        crate::conflicts::resolve(self, conflict_id, keep)
    }

    pub fn set_plan(&mut self, unit: &UnitCode, year: i32, spending: Money) -> Result<()> {
        plans::set(self, unit, year, spending)
    }

    /// Publishes a training programme, or edits one (city data).
    pub fn save_programme(
        &mut self,
        id: Option<&str>,
        title: &str,
        description: &str,
    ) -> Result<String> {
        training::save_programme(self, id, title, description)
    }

    /// Publishes a session of a programme, or edits one (city data).
    pub fn save_session(
        &mut self,
        programme_id: &str,
        id: Option<&str>,
        fields: &xaso_domain::training::SessionFields,
    ) -> Result<String> {
        training::save_session(self, programme_id, id, fields)
    }

    /// Attaches a file (already in the blob store) to a programme or session.
    pub fn add_material(&mut self, material: &training::NewMaterial) -> Result<String> {
        training::add_material(self, material)
    }

    /// Local bookkeeping in the same transaction (never synced): the text extracted from a
    /// file, for the library's search. A material added with its text is searchable the
    /// moment the write commits, or neither is there.
    pub fn set_file_text(&mut self, sha256: &str, text: &str) -> Result<()> {
        training::set_file_text(self.tx, sha256, text, &self.now_text)
    }

    /// Local bookkeeping in the same transaction (never synced): this laptop should move
    /// the file (up after publishing it here, down when it is wanted).
    pub fn want_file(&mut self, sha256: &str, direction: training::Direction) -> Result<()> {
        training::want(self.tx, sha256, direction, &self.now_text)
    }

    /// Withdraws a material from its programme (see [`training::remove_material`]).
    pub fn remove_material(&mut self, id: &str) -> Result<()> {
        training::remove_material(self, id)
    }

    /// Makes a session's quiz exactly these questions.
    pub fn save_quiz(
        &mut self,
        session_id: &str,
        questions: &[xaso_domain::training::Question],
    ) -> Result<()> {
        training::save_quiz(self, session_id, questions)
    }

    pub fn add_trainee(
        &mut self,
        unit: &UnitCode,
        full_name: &str,
        position: &str,
    ) -> Result<String> {
        training::add_trainee(self, unit, full_name, position)
    }

    /// Checks a trainee in at a session, now, by this actor.
    pub fn check_in(
        &mut self,
        session_id: &str,
        unit: &UnitCode,
        trainee: &training::TraineeRow,
        mode: xaso_domain::training::AttendanceMode,
    ) -> Result<String> {
        training::check_in(self, session_id, unit, trainee, mode)
    }

    pub fn record_attempt(&mut self, attempt: &training::NewAttempt<'_>) -> Result<String> {
        training::record_attempt(self, attempt)
    }

    pub fn record_opening(
        &mut self,
        material_id: &str,
        unit: &UnitCode,
        person: &str,
    ) -> Result<()> {
        training::record_opening(self, material_id, unit, person)
    }
}
