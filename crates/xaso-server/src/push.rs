//! Push: applying a batch of a device's outbox ops, in one transaction.
//!
//! For each op, in the order sent:
//!
//! 1. **Replay.** An op id this *account* already sent gets the stored answer again,
//!    word for word (but a rejection's `current`, which says the field's value now), and
//!    nothing is written twice (also within one batch). Op ids are scoped by account: an
//!    op carrying another account's op id is checked on its own and never sees that
//!    account's answer.
//! 2. **Validation.** The table is synced; the field is `*` or one of its fields; the
//!    partition is `city` or `unit:<5 digits>` of an existing unit and is of the table's
//!    kind (a `conflicts` row lives in any partition); the account may write that
//!    partition (a unit's own; the city any) and that field
//!    (`xaso_domain::sync::may_write_field`); the row id is a UUID; the value is of the
//!    field's kind and within its bounds (`xaso_proto::schema`, the one schema both ends
//!    check), at most `MAX_ROW_BYTES`; the HLC parses, is not before `MIN_CLOCK_MS`, and
//!    if it runs more than `MAX_CLOCK_AHEAD_MS` ahead of the server's clock it is replaced
//!    by the server's (the op arrived now; a fast laptop must not win every concurrent
//!    edit). A new row (`*`) is an object of the table's fields with every field a new
//!    row needs (`schema::check_row`), with an id not used yet; a unit
//!    creates `tasks` and `estimates` only as `draft`, and a row of a unit's table that
//!    names a `unit_code` (tasks, plans, trainees, attendance, quiz answers) only with
//!    its partition's unit, then never changes it; a `task_transitions` row must be a step the account's role may take
//!    (as for `tasks.status` below, its own comment checked against the comment rule),
//!    and is never changed afterwards (history is only added to).
//!    Clients never create `conflicts` rows: the server does. A field op
//!    needs its row to exist *in the op's partition*: a row of another partition gets the
//!    same "not found" as no row at all, so nothing about other units leaks.
//! 3. **Domain rules.** A change of `tasks.status` must be a step the lifecycle allows the
//!    account's role from the status the *server* holds
//!    (`TaskStatus::check_transition`). The reason a step needs travels in a
//!    `task_transitions` row of its own, so the server passes a placeholder comment: the
//!    comment rule is the client's. The server does not keep the status a task was
//!    suspended from, so from `suspended` it accepts a resume to any running status the
//!    role may resume to (a deliberate leniency). `estimates.status` must be one of
//!    `EstimateStatus::allowed_for(current, role)`. Writing a field its current value is
//!    not a step and is not checked.
//! 4. **Conflicts, per field.** With `cur` the field's stored state: if `cur.version >
//!    op.base_version` (changed since the edit's base) and `cur` came from another device,
//!    the edits are concurrent. The value kept is the one with the greater
//!    [`Stamp`] `{hlc, device}` (`xaso_domain::sync::winner`, a total order, so the
//!    outcome does not depend on which edit arrived first). If the op wins it is stored;
//!    either way a `conflicts` row is created in the same partition (a `*` change, so
//!    every replica of the partition pulls it) recording the kept and the other value,
//!    and the answer is `Conflict { value: kept, conflict_id }`. Two concurrent edits to
//!    the same value are not a conflict. Otherwise the op is stored: `Applied { seq }`.
//!
//! Storing means: the partition's next sequence number, one change row, and the field's
//! state (value, version = seq, HLC, device, actor). A `*` op stores one change row
//! carrying the whole object, and its row names it (`created_seq`): every field of it is
//! at version = seq with the change's stamp until first edited, read from that change
//! (no `fields` row per field: a new task is 3 stored rows, not ~28). A change stored
//! exactly as sent (nothing stamped, the clock not bounded; for an edit, on a base
//! version at least the field's previous one) is marked `as_sent`, so a pull need not
//! send it back to its device (see `pull`). The device id
//! is the authenticated device's and the actor its user's display name, never what a
//! client claims; so are the *stamped* fields of a row (`SyncedTable::stamped`: who made
//! a task, took a step of its history, checked a trainee in or resolved a conflict, and
//! when that step or resolution was made), whatever value the laptop sent for them. A rejection is recorded like any answer (a replay is rejected again
//! for the same reason) and does not stop the batch. A rejected field op's answer carries
//! the field's value here (`current`, computed afresh on a replay) when the account may
//! read the row, so the client shows the server's value instead of the refused one.
//!
//! Everything the batch needs is read up front in a few batched queries, the ops are
//! applied to that in memory, and the writes go out in a few batched statements.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use serde_json::{Map, Value as Json, json};
use uuid::Uuid;
use xaso_domain::budget::EstimateStatus;
use xaso_domain::kpi;
use xaso_domain::report::ReportStatus;
use xaso_domain::sync::{
    CONFLICTS, MAX_CLOCK_AHEAD_MS, MIN_CLOCK_MS, PartitionKind, Stamp, Stamped, SyncedTable,
    may_write_field, may_write_partition, synced_table, winner,
};
use xaso_domain::{DeviceId, Hlc, Locale, Partition, Role, TaskStatus};
use xaso_proto::schema;
use xaso_proto::{Current, Op, OpResult, Outcome, Reason};

use crate::auth::Session;
use crate::storage::{
    ChangeRecord, Creation, FieldKey, FieldState, NewRow, Result, RowKey, StoreError, Tx, Writes,
};

/// Who the changes the server makes itself (conflict records) are from.
pub const SERVER_ACTOR: &str = "Máy chủ thành phố";

/// Applies `ops` for `who` and answers one result per op, in order.
pub(crate) fn push(
    tx: &mut dyn Tx,
    who: &Session,
    ops: &[Op],
    now: DateTime<Utc>,
) -> Result<Vec<OpResult>> {
    // Which of the named partitions this account may write at all; lock those.
    let mut access = HashMap::new();
    for name in ops.iter().map(|op| op.partition.as_str()).collect::<BTreeSet<_>>() {
        access.insert(name.to_owned(), partition_access(tx, who, name)?);
    }
    let writable: Vec<String> =
        access.iter().filter(|(_, a)| a.is_ok()).map(|(n, _)| n.clone()).collect();
    let seqs = tx.lock_partitions(&writable)?;

    // Read what the batch will look at, in one query per kind.
    let ids: Vec<Uuid> =
        ops.iter().map(|op| op.op_id).collect::<BTreeSet<_>>().into_iter().collect();
    let mut done = HashMap::new();
    for (id, text) in tx.op_results(who.user_id, &ids)? {
        let result: OpResult = serde_json::from_str(&text)
            .map_err(|e| StoreError::Corrupt(format!("stored answer of op {id}: {e}")))?;
        done.insert(id, result);
    }
    // Only well-formed keys reach the database: a row id or field name a laptop made up
    // (a NUL byte, which PostgreSQL cannot even compare) is refused before any lookup.
    let relevant = |op: &&Op| {
        synced_table(&op.table).is_some_and(|t| op.field == "*" || t.has_field(&op.field))
            && schema::check_row_id(&op.row_id).is_ok()
            && access.get(&op.partition).is_some_and(|a| a.is_ok())
    };
    let row_keys: BTreeSet<RowKey> = ops.iter().filter(relevant).map(row_key).collect();
    let field_keys: BTreeSet<FieldKey> =
        ops.iter().filter(relevant).filter(|op| op.field != "*").map(field_key).collect();
    let edited_rows: BTreeSet<RowKey> =
        ops.iter().filter(relevant).filter(|op| op.field != "*").map(row_key).collect();
    let rows = tx.row_partitions(&row_keys.into_iter().collect::<Vec<_>>())?;
    let mut fields = tx.fields(&field_keys.into_iter().collect::<Vec<_>>())?;
    let mut created = HashMap::new();
    for (key, c) in tx.creations(&edited_rows.into_iter().collect::<Vec<_>>())? {
        created.insert(key, Created::read(c)?);
    }
    // The rules of a report look at its status (and reason) whichever of its fields, or
    // of its values, an op changes: read those too.
    let reports: BTreeSet<String> = ops
        .iter()
        .filter(relevant)
        .filter_map(|op| report_of(op, &created))
        .filter(|id| schema::check_row_id(id).is_ok())
        .collect();
    if !reports.is_empty() {
        let keys: Vec<FieldKey> = reports
            .iter()
            .flat_map(|id| REPORT_CONTEXT.iter().map(move |f| report_field(id, f)))
            .filter(|k| !fields.contains_key(k))
            .collect();
        fields.extend(tx.fields(&keys)?);
        let rows: Vec<RowKey> = reports
            .iter()
            .map(|id| RowKey { tbl: REPORTS.to_owned(), row_id: id.clone() })
            .filter(|k| !created.contains_key(k))
            .collect();
        for (key, c) in tx.creations(&rows)? {
            created.insert(key, Created::read(c)?);
        }
    }

    let mut batch = Batch {
        who,
        now,
        access,
        start: seqs.clone(),
        seqs,
        done,
        rows,
        fields,
        created,
        dirty: BTreeSet::new(),
        writes: Writes { ops_user: who.user_id, ..Writes::default() },
    };
    let results = ops.iter().map(|op| batch.apply(op)).collect::<Result<Vec<_>>>()?;
    tx.write(&batch.finish())?;
    Ok(results)
}

/// Whether `who` may write partition `name` at all (the per-table and per-field rules
/// come later).
fn partition_access(tx: &mut dyn Tx, who: &Session, name: &str) -> Result<Result<(), Reason>> {
    let Ok(partition) = name.parse::<Partition>() else {
        return Ok(Err(reason::bad_partition(name)));
    };
    let own = who.own_partition().as_deref() == Some(name);
    if !may_write_partition(who.role, partition.kind(), own) {
        return Ok(Err(reason::forbidden_partition(name)));
    }
    if let Partition::Unit(code) = &partition
        && !own
        && !tx.unit_exists(code.as_str())?
    {
        return Ok(Err(reason::bad_partition(name)));
    }
    Ok(Ok(()))
}

fn row_key(op: &Op) -> RowKey {
    RowKey { tbl: op.table.clone(), row_id: op.row_id.clone() }
}

fn field_key(op: &Op) -> FieldKey {
    FieldKey { tbl: op.table.clone(), row_id: op.row_id.clone(), field: op.field.clone() }
}

/// What validation decided to do with an op: the clock and value to store (the
/// server's where it bounds or stamps them), and whether that is exactly what was sent.
enum Plan {
    Create { hlc: Hlc, row: Map<String, Json>, as_sent: bool },
    Edit { hlc: Hlc, value: Json, as_sent: bool },
}

/// A row created since schema 5, with the fields its creation change holds (those not
/// edited since are read from it: see [`Tx::creations`]).
struct Created {
    stored: Creation,
    row: Map<String, Json>,
}

impl Created {
    fn read(stored: Creation) -> Result<Created> {
        match serde_json::from_str(&stored.value) {
            Ok(Json::Object(row)) => Ok(Created { stored, row }),
            _ => Err(StoreError::Corrupt(format!(
                "creation change of {} {}",
                stored.seq,
                stored.value.len()
            ))),
        }
    }
}

const REPORTS: &str = "reports";
const REPORT_VALUES: &str = "report_values";
/// The fields of a report its rules read (see [`Batch::check_report`]).
const REPORT_CONTEXT: &[&str] = &["status", "review_comment"];

fn report_field(id: &str, field: &str) -> FieldKey {
    FieldKey { tbl: REPORTS.to_owned(), row_id: id.to_owned(), field: field.to_owned() }
}

/// The report an op touches: its own row, or the report of a value (named by the new
/// row, or by the value's creation).
fn report_of(op: &Op, created: &HashMap<RowKey, Created>) -> Option<String> {
    match (op.table.as_str(), op.field.as_str()) {
        (REPORTS, "*") => None,
        (REPORTS, _) => Some(op.row_id.clone()),
        (REPORT_VALUES, "*") => op.value.get("report_id").and_then(Json::as_str).map(str::to_owned),
        (REPORT_VALUES, _) => created
            .get(&row_key(op))
            .and_then(|c| c.row.get("report_id"))
            .and_then(Json::as_str)
            .map(str::to_owned),
        _ => None,
    }
}

/// The state of one push: what was read, overlaid with what the batch did so far.
struct Batch<'a> {
    who: &'a Session,
    now: DateTime<Utc>,
    access: HashMap<String, Result<(), Reason>>,
    /// Last sequence number of each locked partition, before and during the batch.
    start: BTreeMap<String, i64>,
    seqs: BTreeMap<String, i64>,
    done: HashMap<Uuid, OpResult>,
    rows: HashMap<RowKey, String>,
    fields: HashMap<FieldKey, FieldState>,
    /// Rows whose fields not in `fields` are in their creation change (read, or made by
    /// this batch).
    created: HashMap<RowKey, Created>,
    /// Fields the batch wrote (their final state is in `fields`).
    dirty: BTreeSet<FieldKey>,
    writes: Writes,
}

impl Batch<'_> {
    fn apply(&mut self, op: &Op) -> Result<OpResult> {
        if let Some(done) = self.done.get(&op.op_id) {
            return Ok(match &done.outcome {
                // The field may have changed since the first answer: say what it is now.
                Outcome::Rejected { reason, .. } => OpResult {
                    op_id: op.op_id,
                    outcome: Outcome::Rejected {
                        reason: reason.clone(),
                        current: self.current(op),
                    },
                },
                _ => done.clone(),
            });
        }
        let outcome = match self.check(op) {
            Err(reason) => Outcome::Rejected { reason, current: self.current(op) },
            Ok(plan) => self.store(op, plan)?,
        };
        let result = OpResult { op_id: op.op_id, outcome };
        let text = serde_json::to_string(&result)
            .map_err(|e| StoreError::Corrupt(format!("answer of op {}: {e}", op.op_id)))?;
        self.writes.ops.push((op.op_id, text));
        self.done.insert(op.op_id, result.clone());
        Ok(result)
    }

    /// What a rejected field op's field holds here, for the client to show again. Only
    /// for a row of a partition the account may write, in the op's own partition: for any
    /// other the answer is the same as for no row at all, so nothing leaks.
    fn current(&self, op: &Op) -> Option<Current> {
        if op.field == "*" || !matches!(self.access.get(&op.partition), Some(Ok(()))) {
            return None;
        }
        if self.rows.get(&row_key(op)) != Some(&op.partition) {
            return None;
        }
        let state = self.state(&field_key(op))?;
        serde_json::from_str(&state.value).ok().map(|value| Current { value })
    }

    /// A field's state now: edited (in `fields`), or as its row was created.
    fn state(&self, key: &FieldKey) -> Option<FieldState> {
        if let Some(state) = self.fields.get(key) {
            return Some(state.clone());
        }
        let created =
            self.created.get(&RowKey { tbl: key.tbl.clone(), row_id: key.row_id.clone() })?;
        let value = created.row.get(&key.field)?;
        let c = &created.stored;
        Some(FieldState {
            value: value.to_string(),
            version: c.seq,
            hlc: c.hlc.clone(),
            device_id: c.device_id,
            actor: c.actor.clone(),
        })
    }

    /// Validation and domain rules (steps 2 and 3 of the module doc).
    fn check(&self, op: &Op) -> std::result::Result<Plan, Reason> {
        let table = synced_table(&op.table).ok_or_else(|| reason::unknown_table(&op.table))?;
        let field = match op.field.as_str() {
            "*" => None,
            name => Some(table.field(name).ok_or_else(|| reason::unknown_field(&op.table, name))?),
        };
        let partition =
            op.partition.parse::<Partition>().map_err(|_| reason::bad_partition(&op.partition))?;
        let kind = partition.kind();
        if table.name != CONFLICTS && table.partition != kind {
            return Err(reason::wrong_partition(&op.table, &op.partition));
        }
        match self.access.get(&op.partition) {
            Some(Ok(())) => {}
            Some(Err(reason)) => return Err(reason.clone()),
            None => return Err(reason::bad_partition(&op.partition)),
        }
        if !may_write_field(self.who.role, table, kind, &op.field) {
            return Err(reason::forbidden_field(&op.table, &op.field));
        }
        schema::check_row_id(&op.row_id)?;
        let (hlc, clock_as_sent) = self.bounded_clock(&op.hlc)?;
        let existing = self.rows.get(&row_key(op));
        match field {
            None => {
                let sent = self.check_create(op, table, &partition, existing.is_some())?;
                let row = self.stamp_row(table, sent, hlc);
                let as_sent = clock_as_sent
                    && table.stamped.iter().all(|(name, _)| sent.get(*name) == row.get(*name));
                Ok(Plan::Create { hlc, row, as_sent })
            }
            Some(field) => {
                schema::check_size(&op.value)?;
                schema::check_value(table, field, &op.value)?;
                if existing != Some(&op.partition) {
                    return Err(reason::not_found(&op.table));
                }
                let value = match table.stamp_of(field.name) {
                    Some(stamp) => self.stamp(stamp, hlc),
                    None => op.value.clone(),
                };
                self.check_edit(op, &partition, &value)?;
                let as_sent = clock_as_sent && value == op.value;
                Ok(Plan::Edit { hlc, value, as_sent })
            }
        }
    }

    /// The op's clock as it may be stored: refused before [`MIN_CLOCK_MS`] (a clock never
    /// set, or forged); replaced by the server's when it runs more than
    /// [`MAX_CLOCK_AHEAD_MS`] ahead (the op arrived now). With whether it is the one sent.
    fn bounded_clock(&self, text: &str) -> std::result::Result<(Hlc, bool), Reason> {
        let hlc: Hlc = text.parse().map_err(|_| reason::bad_hlc(text))?;
        if hlc.wall_ms < MIN_CLOCK_MS {
            return Err(reason::clock_too_early(hlc));
        }
        let now = self.now_ms();
        if hlc.wall_ms > now.saturating_add(MAX_CLOCK_AHEAD_MS) {
            return Ok((Hlc { wall_ms: now, counter: hlc.counter }, false));
        }
        Ok((hlc, true))
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.now.timestamp_millis()).unwrap_or(0)
    }

    /// What the server writes into a stamped field.
    fn stamp(&self, stamp: Stamped, hlc: Hlc) -> Json {
        match stamp {
            Stamped::Actor => Json::String(self.who.display_name.clone()),
            Stamped::Time => wall_time(hlc),
        }
    }

    /// A new row with its stamped fields written by the server.
    fn stamp_row(
        &self,
        table: &SyncedTable,
        row: &Map<String, Json>,
        hlc: Hlc,
    ) -> Map<String, Json> {
        // (Conflict rows, whose resolution is stamped when resolved, are the server's own.)
        let mut row = row.clone();
        for (name, stamp) in table.stamped {
            row.insert((*name).to_owned(), self.stamp(*stamp, hlc));
        }
        row
    }

    fn check_create<'op>(
        &self,
        op: &'op Op,
        table: &SyncedTable,
        partition: &Partition,
        exists: bool,
    ) -> std::result::Result<&'op Map<String, Json>, Reason> {
        if table.name == CONFLICTS {
            return Err(reason::server_only());
        }
        schema::check_row(table, &op.value)?;
        let row = op.value.as_object().ok_or_else(reason::not_an_object)?;
        if exists {
            return Err(reason::row_exists(&op.table));
        }
        if self.who.role.is_unit()
            && matches!(table.name, "tasks" | "estimates" | REPORTS)
            && row.get("status").and_then(Json::as_str) != Some("draft")
        {
            return Err(reason::must_start_as_draft());
        }
        // A unit's row names its own unit (the city counts attendance, plans and tasks by
        // it): a laptop may not file rows for another unit in its own partition.
        if table.partition == PartitionKind::Unit && table.has_field("unit_code") {
            check_unit_code(row.get("unit_code"), partition)?;
        }
        if table.name == "task_transitions" {
            check_history_step(row, self.who.role)?;
        }
        if table.name == "indicators" {
            check_indicator_rollup(row)?;
        }
        if table.name == REPORT_VALUES {
            let report = row.get("report_id").and_then(Json::as_str).unwrap_or_default();
            self.check_report_content(report)?;
        }
        Ok(row)
    }

    fn check_edit(
        &self,
        op: &Op,
        partition: &Partition,
        value: &Json,
    ) -> std::result::Result<(), Reason> {
        let current = self.state(&field_key(op));
        let current: Option<Json> = current.and_then(|s| serde_json::from_str(&s.value).ok());
        if current.as_ref() == Some(value) {
            return Ok(());
        }
        let role = self.who.role;
        match (op.table.as_str(), op.field.as_str()) {
            ("tasks", "status") => {
                let to =
                    value.as_str().and_then(TaskStatus::parse).ok_or_else(reason::bad_status)?;
                let from = current
                    .as_ref()
                    .and_then(Json::as_str)
                    .and_then(TaskStatus::parse)
                    .unwrap_or(TaskStatus::Draft);
                let suspended_from = (from == TaskStatus::Suspended).then_some(to);
                // The reason, where a step needs one, is in the task_transitions row.
                from.check_transition(to, role, suspended_from, "(task_transitions)").map_err(|e| {
                    Reason::new("transition", e.message(Locale::Vi), e.message(Locale::En))
                })
            }
            ("estimates", "status") => {
                let to = value
                    .as_str()
                    .and_then(EstimateStatus::parse)
                    .ok_or_else(reason::bad_status)?;
                let from = current
                    .as_ref()
                    .and_then(Json::as_str)
                    .and_then(EstimateStatus::parse)
                    .unwrap_or_default();
                if from.allowed_for(role).contains(&to) {
                    Ok(())
                } else {
                    Err(reason::estimate_transition(from, to))
                }
            }
            (_, "unit_code") => check_unit_code(Some(value), partition),
            // History is only ever added to: a step, once recorded, is not rewritten.
            ("task_transitions", field) => Err(reason::forbidden_field(&op.table, field)),
            (REPORTS, field) => self.check_report(op, field, value),
            (REPORT_VALUES, "review_comment") => {
                self.check_report_review(&report_of(op, &self.created).unwrap_or_default())
            }
            (REPORT_VALUES, _) => {
                self.check_report_content(&report_of(op, &self.created).unwrap_or_default())
            }
            // Reported values are of an indicator's measure, roll-ups used its rule.
            ("indicators", field) if kpi::FIXED_FIELDS.contains(&field) => {
                Err(reason::indicator_fixed())
            }
            _ => Ok(()),
        }
    }

    /// A report's status here (as stored, or as this batch left it).
    fn report_status(&self, report: &str) -> Option<ReportStatus> {
        let state = self.state(&report_field(report, "status"))?;
        serde_json::from_str::<Json>(&state.value).ok()?.as_str().and_then(ReportStatus::parse)
    }

    /// A change of a unit's report: a step of its lifecycle, by the role that may take
    /// it; the city's comments while it is with the city; anything else only while it is
    /// a draft (an accepted report is frozen; a correction is a new version). The fields
    /// a step writes with it (who signed, when it was sent) go just before the step.
    fn check_report(&self, op: &Op, field: &str, value: &Json) -> std::result::Result<(), Reason> {
        let role = self.who.role;
        let from = self.report_status(&op.row_id).ok_or_else(|| reason::not_found(&op.table))?;
        match field {
            "status" => {
                let to =
                    value.as_str().and_then(ReportStatus::parse).ok_or_else(reason::bad_status)?;
                let comment = self
                    .state(&report_field(&op.row_id, "review_comment"))
                    .and_then(|s| serde_json::from_str::<Json>(&s.value).ok())
                    .is_some_and(|c| c.as_str().is_some_and(|c| !c.trim().is_empty()));
                from.check_transition(to, role, comment)
                    .map_err(|e| Reason::new("transition", e.vi, e.en))
            }
            "review_comment" | "section_comments" => self.check_report_review(&op.row_id),
            "signed_by" if from == ReportStatus::Draft => Ok(()),
            "submitted_at" if from == ReportStatus::Signed => Ok(()),
            _ if from.editable() => Ok(()),
            _ => Err(reason::report_not_draft(from)),
        }
    }

    /// The city's comments on a report or its values: written by the city, while the
    /// report is with it.
    fn check_report_review(&self, report: &str) -> std::result::Result<(), Reason> {
        if self.who.role.is_unit() {
            return Err(reason::forbidden_field(REPORTS, "review_comment"));
        }
        match self.report_status(report) {
            Some(ReportStatus::Submitted) => Ok(()),
            Some(other) => Err(reason::report_not_submitted(other)),
            None => Err(reason::not_found(REPORTS)),
        }
    }

    /// A value of a report: added or changed only while the report is a draft.
    fn check_report_content(&self, report: &str) -> std::result::Result<(), Reason> {
        match self.report_status(report) {
            Some(status) if status.editable() => Ok(()),
            Some(status) => Err(reason::report_not_draft(status)),
            None => Err(reason::not_found(REPORTS)),
        }
    }

    /// Step 4 of the module doc, for an op that passed the checks.
    fn store(&mut self, op: &Op, plan: Plan) -> Result<Outcome> {
        let device = self.who.device_id;
        match plan {
            Plan::Create { hlc, row, as_sent } => {
                let actor = self.who.display_name.clone();
                let stamp = Written { hlc, device, actor: &actor, as_sent };
                let seq =
                    self.create(&op.partition, &op.table, &op.row_id, row, stamp, Some(op.op_id))?;
                Ok(Outcome::Applied { seq })
            }
            Plan::Edit { hlc, value, as_sent } => {
                let key = field_key(op);
                let Some(cur) = self.state(&key) else {
                    return Ok(Outcome::Applied { seq: self.set(op, &value, hlc, as_sent)? });
                };
                // Left out of its device's pulls only if that device had every earlier
                // change of the field: otherwise its pull would bring an older value (its
                // own earlier edit in conflict, another's) after this one, and it would
                // end on that.
                let as_sent = as_sent && cur.version <= op.base_version;
                if cur.version <= op.base_version || cur.device_id == device {
                    return Ok(Outcome::Applied { seq: self.set(op, &value, hlc, as_sent)? });
                }
                let cur_hlc: Hlc = cur.hlc.parse().map_err(|_| {
                    StoreError::Corrupt(format!("stored HLC {:?} of {key:?}", cur.hlc))
                })?;
                let cur_value: Json = serde_json::from_str(&cur.value)
                    .map_err(|e| StoreError::Corrupt(format!("stored value of {key:?}: {e}")))?;
                let theirs = Stamp { hlc: cur_hlc, device: DeviceId::from(cur.device_id) };
                let ours = Stamp { hlc, device: DeviceId::from(device) };
                let op_wins = winner(ours, theirs) == ours;
                if cur_value == value {
                    // Both said the same: nothing to resolve.
                    let seq =
                        if op_wins { self.set(op, &value, hlc, as_sent)? } else { cur.version };
                    return Ok(Outcome::Applied { seq });
                }
                if op_wins {
                    self.set(op, &value, hlc, as_sent)?;
                }
                let actor = self.who.display_name.clone();
                let mine = Side { value: &value, actor: &actor, hlc };
                let other = Side { value: &cur_value, actor: &cur.actor, hlc: cur_hlc };
                let (kept, lost) = if op_wins { (mine, other) } else { (other, mine) };
                let kept_value = kept.value.clone();
                let conflict_id = self.record_conflict(op, kept, lost)?;
                Ok(Outcome::Conflict { value: kept_value, conflict_id })
            }
        }
    }

    fn next_seq(&mut self, partition: &str) -> Result<i64> {
        let seq = self
            .seqs
            .get_mut(partition)
            .ok_or_else(|| StoreError::Corrupt(format!("partition {partition} is not locked")))?;
        *seq += 1;
        Ok(*seq)
    }

    /// Stores a field op's value (`value`: as checked and stamped).
    fn set(&mut self, op: &Op, value: &Json, hlc: Hlc, as_sent: bool) -> Result<i64> {
        let seq = self.next_seq(&op.partition)?;
        let value = value.to_string();
        let state = FieldState {
            value: value.clone(),
            version: seq,
            hlc: hlc.to_string(),
            device_id: self.who.device_id,
            actor: self.who.display_name.clone(),
        };
        let key = field_key(op);
        self.fields.insert(key.clone(), state);
        self.dirty.insert(key);
        self.writes.changes.push(ChangeRecord {
            partition: op.partition.clone(),
            seq,
            tbl: op.table.clone(),
            row_id: op.row_id.clone(),
            field: op.field.clone(),
            value,
            hlc: hlc.to_string(),
            device_id: self.who.device_id,
            actor: self.who.display_name.clone(),
            op_id: Some(op.op_id),
            as_sent,
        });
        Ok(seq)
    }

    /// Stores a new row: one `*` change, which holds every field (at version = seq) until
    /// the field is first edited; no `fields` row (see [`Tx::creations`]).
    fn create(
        &mut self,
        partition: &str,
        tbl: &str,
        row_id: &str,
        row: Map<String, Json>,
        by: Written<'_>,
        op_id: Option<Uuid>,
    ) -> Result<i64> {
        let seq = self.next_seq(partition)?;
        let key = RowKey { tbl: tbl.to_owned(), row_id: row_id.to_owned() };
        let value = serde_json::to_string(&row)
            .map_err(|e| StoreError::Corrupt(format!("a new row of {tbl}: {e}")))?;
        let hlc = by.hlc.to_string();
        self.writes.changes.push(ChangeRecord {
            partition: partition.to_owned(),
            seq,
            tbl: tbl.to_owned(),
            row_id: row_id.to_owned(),
            field: "*".to_owned(),
            value,
            hlc: hlc.clone(),
            device_id: by.device,
            actor: by.actor.to_owned(),
            op_id,
            as_sent: by.as_sent,
        });
        self.rows.insert(key.clone(), partition.to_owned());
        self.writes.rows.push(NewRow {
            key: key.clone(),
            partition: partition.to_owned(),
            created_seq: seq,
        });
        // Later ops of this batch that edit the row read its fields from here. (The
        // value text is not kept twice: `state` re-serializes the one field asked for.)
        let stored = Creation {
            seq,
            value: String::new(),
            hlc,
            device_id: by.device,
            actor: by.actor.to_owned(),
        };
        self.created.insert(key, Created { stored, row });
        Ok(seq)
    }

    /// Creates the `conflicts` row of a concurrent edit, in the op's partition.
    fn record_conflict(&mut self, op: &Op, kept: Side<'_>, other: Side<'_>) -> Result<Uuid> {
        let id = Uuid::now_v7();
        let row = json!({
            "tbl": op.table,
            "row_id": op.row_id,
            "field": op.field,
            "kept_value": kept.value.to_string(),
            "kept_actor": kept.actor,
            "kept_at": wall_time(kept.hlc),
            "other_value": other.value.to_string(),
            "other_actor": other.actor,
            "other_at": wall_time(other.hlc),
            "detected_at": xaso_domain::time::stored(self.now),
            "resolved": 0,
            "resolved_by": "",
            "resolved_at": null,
        });
        let Json::Object(row) = row else {
            return Err(StoreError::Corrupt("a conflict row is not an object".into()));
        };
        // Stamped like the later of the two edits, so it moves no replica's clock ahead.
        let by = Written {
            hlc: kept.hlc.max(other.hlc),
            device: Uuid::nil(),
            actor: SERVER_ACTOR,
            as_sent: false,
        };
        self.create(&op.partition, CONFLICTS, &id.to_string(), row, by, None)?;
        Ok(id)
    }

    fn finish(mut self) -> Writes {
        let fields = &self.fields;
        self.writes.fields = std::mem::take(&mut self.dirty)
            .into_iter()
            .filter_map(|k| fields.get(&k).cloned().map(|s| (k, s)))
            .collect();
        self.writes.last_seqs = self
            .seqs
            .iter()
            .filter(|(name, seq)| self.start.get(*name) != Some(*seq))
            .map(|(name, seq)| (name.clone(), *seq))
            .collect();
        self.writes
    }
}

/// Who wrote a new row's fields, and whether the row is exactly what they sent.
#[derive(Clone, Copy)]
struct Written<'a> {
    hlc: Hlc,
    device: Uuid,
    actor: &'a str,
    as_sent: bool,
}

/// One of the two values of a conflict.
struct Side<'a> {
    value: &'a Json,
    actor: &'a str,
    hlc: Hlc,
}

/// The wall-clock time of an HLC, as stored timestamps are written.
fn wall_time(hlc: Hlc) -> Json {
    i64::try_from(hlc.wall_ms)
        .ok()
        .and_then(DateTime::from_timestamp_millis)
        .map(|t| Json::String(xaso_domain::time::stored(t)))
        .unwrap_or(Json::Null)
}

/// A history row must record a step the account's role may take, like a change of
/// `tasks.status` (with the same leniency from `suspended`, and the reason the row
/// carries): otherwise a unit could write "approved" into a task's history, which every
/// replica would show, while its status change is refused.
fn check_history_step(row: &Map<String, Json>, role: Role) -> std::result::Result<(), Reason> {
    let status = |key: &str| row.get(key).and_then(Json::as_str).and_then(TaskStatus::parse);
    let (Some(from), Some(to)) = (status("from_status"), status("to_status")) else {
        return Err(reason::bad_status());
    };
    let comment = row.get("comment").and_then(Json::as_str).unwrap_or_default();
    let suspended_from = (from == TaskStatus::Suspended).then_some(to);
    from.check_transition(to, role, suspended_from, comment)
        .map_err(|e| Reason::new("transition", e.message(Locale::Vi), e.message(Locale::En)))
}

/// A new indicator's roll-up fits its measure (`kpi::fits`): a sum of percentages would
/// be shown to the city as its figure.
fn check_indicator_rollup(row: &Map<String, Json>) -> std::result::Result<(), Reason> {
    let word = |name: &str| row.get(name).and_then(Json::as_str).unwrap_or_default();
    // The schema check before this one has made sure both are words of their lists.
    match (kpi::Measure::parse(word("measure")), kpi::Aggregation::parse(word("aggregation"))) {
        (Some(m), Some(a)) if kpi::fits(m, a) => Ok(()),
        _ => Err(Reason::new(
            "rollup_unfit",
            "Cách tổng hợp không dùng được cho loại số liệu của chỉ tiêu.",
            "The roll-up does not fit the indicator's measure.",
        )),
    }
}

fn check_unit_code(value: Option<&Json>, partition: &Partition) -> std::result::Result<(), Reason> {
    match (value.and_then(Json::as_str), partition) {
        (Some(code), Partition::Unit(unit)) if code == unit.as_str() => Ok(()),
        _ => Err(reason::unit_mismatch()),
    }
}

/// The reasons of rejections, in both languages, with stable codes.
mod reason {
    use xaso_domain::Locale;
    use xaso_domain::budget::EstimateStatus;
    use xaso_domain::report::ReportStatus;
    use xaso_proto::Reason;

    pub fn unknown_table(t: &str) -> Reason {
        Reason::new(
            "unknown_table",
            format!("Bảng “{t}” không được đồng bộ."),
            format!("Table “{t}” does not sync."),
        )
    }

    pub fn unknown_field(t: &str, f: &str) -> Reason {
        Reason::new(
            "unknown_field",
            format!("Bảng “{t}” không có trường “{f}”."),
            format!("Table “{t}” has no field “{f}”."),
        )
    }

    pub fn bad_partition(p: &str) -> Reason {
        Reason::new(
            "bad_partition",
            format!("Phân vùng “{p}” không tồn tại."),
            format!("There is no partition “{p}”."),
        )
    }

    pub fn wrong_partition(t: &str, p: &str) -> Reason {
        Reason::new(
            "wrong_partition",
            format!("Dữ liệu bảng “{t}” không thuộc phân vùng “{p}”."),
            format!("Rows of “{t}” do not belong in partition “{p}”."),
        )
    }

    /// Whose data it was, as a person names it: the city's shared data (norms, lists) or
    /// a unit's, by its code.
    pub fn forbidden_partition(p: &str) -> Reason {
        let (vi, en) = match (p, p.strip_prefix("unit:")) {
            ("city", _) => (
                "Chỉ quản trị viên Sở KHCN được sửa dữ liệu chung của Thành phố (định mức, danh mục).".to_owned(),
                "Only the city department's administrators may change the city's shared data (norms, lists).".to_owned(),
            ),
            (_, Some(code)) => (
                format!("Tài khoản của bạn không được ghi dữ liệu của đơn vị mã {code}."),
                format!("Your account may not write the data of the unit with code {code}."),
            ),
            (_, None) => (
                format!("Tài khoản của bạn không được ghi dữ liệu của “{p}”."),
                format!("Your account may not write the data of “{p}”."),
            ),
        };
        Reason::new("forbidden", vi, en)
    }

    /// Named as people name them (the labels beside the synced-tables list), never by
    /// the internal `table.field`: the person reads this in the refused list.
    pub fn report_not_draft(status: ReportStatus) -> Reason {
        let label = status.label();
        Reason::new(
            "report_not_draft",
            format!(
                "Báo cáo đang ở trạng thái \"{}\": chỉ sửa được khi đang soạn (báo cáo đã tiếp nhận thì lập lần báo cáo mới).",
                label.vi
            ),
            format!(
                "The report is \"{}\": it changes only as a draft (an accepted one is corrected by a new version).",
                label.en
            ),
        )
    }

    pub fn report_not_submitted(status: ReportStatus) -> Reason {
        let label = status.label();
        Reason::new(
            "report_not_submitted",
            format!("Báo cáo đang ở trạng thái \"{}\", không chờ Sở xem xét.", label.vi),
            format!("The report is \"{}\", not waiting for the city's review.", label.en),
        )
    }

    pub fn indicator_fixed() -> Reason {
        Reason::new(
            "indicator_fixed",
            "Loại số liệu và cách tổng hợp của chỉ tiêu đã công bố không đổi được: hãy tạo chỉ tiêu mới.",
            "A published indicator's measure and roll-up cannot change: create a new indicator.",
        )
    }

    pub fn forbidden_field(t: &str, f: &str) -> Reason {
        let table = xaso_domain::sync::synced_table(t).map(|s| s.label);
        let (tv, te) = table.map_or((t, t), |l| (l.get(Locale::Vi), l.get(Locale::En)));
        let (vi, en) = match xaso_domain::sync::field_label(t, f) {
            _ if f == "*" => (
                format!("Vai trò của bạn không được tạo {} mới.", tv.to_lowercase()),
                format!("Your role may not create a new {}.", te.to_lowercase()),
            ),
            Some(field) => (
                format!(
                    "Vai trò của bạn không được sửa “{}” của {}.",
                    field.get(Locale::Vi),
                    tv.to_lowercase()
                ),
                format!(
                    "Your role may not change the {}’s “{}”.",
                    te.to_lowercase(),
                    field.get(Locale::En)
                ),
            ),
            None => (
                format!("Vai trò của bạn không được sửa “{f}” của {}.", tv.to_lowercase()),
                format!("Your role may not change the {}’s “{f}”.", te.to_lowercase()),
            ),
        };
        Reason::new("forbidden", vi, en)
    }

    pub fn bad_hlc(h: &str) -> Reason {
        let h: String = h.chars().take(40).collect();
        Reason::new(
            "bad_hlc",
            format!("Dấu thời gian “{h}” không hợp lệ."),
            format!("“{h}” is not a valid timestamp."),
        )
    }

    pub fn clock_too_early(hlc: xaso_domain::Hlc) -> Reason {
        let when = super::wall_time(hlc);
        let when = when.as_str().unwrap_or("?");
        Reason::new(
            "bad_clock",
            format!(
                "Đồng hồ của máy ghi thay đổi này là {when}, quá sớm: hãy chỉnh lại ngày giờ của máy rồi sửa lại."
            ),
            format!(
                "The computer that made this change says it is {when}, which is too early: set its date and time, then make the change again."
            ),
        )
    }

    pub fn not_an_object() -> Reason {
        Reason::new(
            "bad_value",
            "Dòng mới phải là một đối tượng JSON.",
            "A new row must be a JSON object.",
        )
    }

    pub fn row_exists(t: &str) -> Reason {
        Reason::new(
            "row_exists",
            format!("Dòng này của “{t}” đã tồn tại."),
            format!("This row of “{t}” already exists."),
        )
    }

    pub fn not_found(t: &str) -> Reason {
        Reason::new(
            "not_found",
            format!("Không tìm thấy dòng này của “{t}”."),
            format!("This row of “{t}” was not found."),
        )
    }

    pub fn server_only() -> Reason {
        Reason::new(
            "server_only",
            "Chỉ máy chủ mới ghi nhận xung đột.",
            "Only the server records conflicts.",
        )
    }

    pub fn must_start_as_draft() -> Reason {
        Reason::new(
            "must_start_as_draft",
            "Đơn vị chỉ được tạo mới ở trạng thái “Nháp”.",
            "A unit creates new records only as “Draft”.",
        )
    }

    pub fn unit_mismatch() -> Reason {
        Reason::new(
            "unit_mismatch",
            "Mã đơn vị của nhiệm vụ phải là đơn vị của phân vùng.",
            "A task's unit code must be its partition's unit.",
        )
    }

    pub fn bad_status() -> Reason {
        Reason::new("bad_value", "Trạng thái không hợp lệ.", "Not a valid status.")
    }

    pub fn estimate_transition(from: EstimateStatus, to: EstimateStatus) -> Reason {
        Reason::new(
            "transition",
            format!(
                "Vai trò của bạn không được chuyển dự toán từ “{}” sang “{}”.",
                from.label(Locale::Vi),
                to.label(Locale::Vi)
            ),
            format!(
                "Your role may not move an estimate from “{}” to “{}”.",
                from.label(Locale::En),
                to.label(Locale::En)
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wall_time_is_rfc3339_utc() {
        assert_eq!(
            wall_time(Hlc { wall_ms: 1_700_000_000_123, counter: 4 }),
            Json::String("2023-11-14T22:13:20.123Z".into())
        );
    }

    #[test]
    fn a_refused_partition_is_named_in_words() {
        let city = reason::forbidden_partition("city");
        assert!(city.vi.starts_with("Chỉ quản trị viên Sở KHCN"), "{}", city.vi);
        assert!(!city.vi.contains("“city”") && !city.en.contains("“city”"), "{city:?}");
        let unit = reason::forbidden_partition("unit:26743");
        assert!(unit.vi.contains("đơn vị mã 26743") && unit.en.contains("code 26743"), "{unit:?}");
        assert_eq!((city.code.as_str(), unit.code.as_str()), ("forbidden", "forbidden"));
    }

    #[test]
    fn a_refused_field_is_named_as_people_name_it() {
        let name = reason::forbidden_field("tasks", "name");
        assert_eq!(name.vi, "Vai trò của bạn không được sửa “Tên nhiệm vụ” của nhiệm vụ.");
        assert_eq!(name.en, "Your role may not change the task’s “Task name”.");
        let row = reason::forbidden_field("training_programmes", "*");
        assert!(
            !row.vi.contains("training_programmes") && !row.en.contains("training_programmes"),
            "{row:?}"
        );
        assert_eq!(name.code, "forbidden");
    }
}
