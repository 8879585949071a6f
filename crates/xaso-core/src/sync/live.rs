//! Screens follow the data: what changed without the window asking (`data_changes`), and
//! the notices a person should hear about.
//!
//! Decision: the window asks, it is not told. It already asks for the sync status every
//! few seconds while shown (`SyncView::data_seq` says when the feed moved); a pushed event
//! would need a second path through the shell and the UI tests' bridge for the same
//! information, and would be lost while the window is hidden or reloading. The feed
//! itself is in the database (`xaso_store::feed`), written in the transaction that
//! changed the row, so nothing a round wrote can be missed.

use std::collections::BTreeSet;
use std::str::FromStr;

use xaso_domain::budget::EstimateStatus;
use xaso_domain::sync::CONFLICTS;
use xaso_domain::{Bilingual, EstimateId, Locale, TaskId, TaskStatus, TransitionId};
use xaso_store::feed::{self, Why};
use xaso_store::{conflicts, estimates, tasks, transitions};

use crate::app::{App, Session};
use crate::error::{ApiError, Failure};
use crate::sync::api::{DataChange, DataChanges, DataSince, MAX_NOTICES, Notice, NoticeTarget};

/// The most rows one answer lists; a window further behind re-reads everything.
const MAX_CHANGES: usize = 500;

impl App {
    /// What changed since the window last asked (see [`DataChanges`]).
    pub fn data_changes(&self, req: DataSince) -> Result<DataChanges, ApiError> {
        self.with_session(|s| changes_since(s, req.seq))
    }
}

fn changes_since(s: &Session, seq: i64) -> Result<DataChanges, Failure> {
    let conn = s.store.conn();
    let since = feed::since(conn, seq.max(0), MAX_CHANGES)?;
    let mut seen = BTreeSet::new();
    let mut changes = Vec::new();
    let mut notices = Vec::new();
    for e in &since.entries {
        if seen.insert((e.table.as_str(), e.row_id.as_str())) {
            changes.push(DataChange {
                table: e.table.clone(),
                row_id: e.row_id.clone(),
                task_id: e.task_id.clone(),
            });
        }
        if let Some(notice) = notice_of(s, e)? {
            notices.push(notice);
        }
    }
    if notices.len() > MAX_NOTICES {
        let more = notices.len() - (MAX_NOTICES - 1);
        notices.truncate(MAX_NOTICES - 1);
        let text = Bilingual::new(
            format!("Và {more} thông báo khác: xem màn hình Đồng bộ."),
            format!("And {more} more: see the Sync screen."),
        );
        notices.push(Notice { text: text.get(s.locale).to_owned(), target: NoticeTarget::Sync });
    }
    Ok(DataChanges { seq: since.latest, complete: since.complete, changes, notices })
}

/// What a person hears about one feed entry: a step of a task's history another person
/// took, an estimate's review, an edit that lost a conflict or was refused.
fn notice_of(s: &Session, e: &feed::Entry) -> Result<Option<Notice>, Failure> {
    let conn = s.store.conn();
    let locale = s.locale;
    match (e.why, e.table.as_str(), e.field.as_str()) {
        (Why::Pulled, "task_transitions", "*") => {
            let Ok(id) = TransitionId::from_str(&e.row_id) else { return Ok(None) };
            let Some(step) = transitions::get(conn, id)? else { return Ok(None) };
            let name = task_name(s, step.task_id)?;
            Ok(Some(Notice {
                text: step_text(locale, &step.actor, step.to, &name),
                target: NoticeTarget::Task { id: step.task_id.to_string() },
            }))
        }
        (Why::Pulled, "estimates", "status") => {
            let Ok(id) = EstimateId::from_str(&e.row_id) else { return Ok(None) };
            let Ok(estimate) = estimates::get(conn, id) else { return Ok(None) };
            let name = task_name(s, estimate.task_id)?;
            let text = estimate_text(estimate.status, estimate.version_no, &name);
            Ok(Some(Notice {
                text: text.get(locale).to_owned(),
                target: NoticeTarget::Estimate { id: id.to_string() },
            }))
        }
        // Both sides of a conflict receive its record (the side whose push met it too, in
        // the same round): one notice each, from the record.
        (Why::Pulled, CONFLICTS, "*") => {
            let Some((table, field, row_id)) = conflicts::subject(conn, &e.row_id)? else {
                return Ok(None);
            };
            let label = field_label(locale, &table, &field);
            let of = of_task(s, &table, &row_id)?;
            let text = Bilingual::new(
                format!(
                    "Hai máy cùng sửa «{label}»{}: ô này nay hiện giá trị được giữ lại. Xem mục Xung đột.",
                    of.vi
                ),
                format!(
                    "Two computers changed «{label}»{}: it now shows the value that was kept. See Conflicts.",
                    of.en
                ),
            );
            Ok(Some(Notice { text: text.get(locale).to_owned(), target: NoticeTarget::Conflicts }))
        }
        (Why::Refused, table, field) => {
            let label = field_label(locale, table, field);
            let of = of_task(s, table, &e.row_id)?;
            let text = Bilingual::new(
                format!(
                    "Máy chủ không nhận thay đổi của bạn ở «{label}»{}; ô này hiện lại giá trị trên máy chủ.",
                    of.vi
                ),
                format!(
                    "The server refused your change of «{label}»{}; the field shows the server's value again.",
                    of.en
                ),
            );
            Ok(Some(Notice { text: text.get(locale).to_owned(), target: NoticeTarget::Sync }))
        }
        _ => Ok(None),
    }
}

/// What a person calls a field (its label; the raw name only for a field this build does
/// not sync, which a feed entry never names).
fn field_label(locale: Locale, table: &str, field: &str) -> String {
    xaso_domain::sync::field_label(table, field)
        .map_or_else(|| field.to_owned(), |l| l.get(locale).to_owned())
}

/// " của «task»" / " of «task»" for a row of a task, else nothing.
fn of_task(s: &Session, table: &str, row_id: &str) -> Result<Bilingual, Failure> {
    let id = if table == "tasks" { TaskId::from_str(row_id).ok() } else { None };
    let name = match id {
        Some(id) => task_name(s, id)?,
        None => String::new(),
    };
    Ok(if name.is_empty() {
        Bilingual::new("", "")
    } else {
        Bilingual::new(format!(" của «{name}»"), format!(" of «{name}»"))
    })
}

fn task_name(s: &Session, id: TaskId) -> Result<String, Failure> {
    match tasks::get(s.store.conn(), id) {
        Ok(task) => Ok(task.fields.name),
        Err(xaso_store::StoreError::NotFound(_)) => Ok(String::new()),
        Err(e) => Err(e.into()),
    }
}

/// "Lê Văn Hùng đã trả lại phiếu «…»".
fn step_text(locale: Locale, actor: &str, to: TaskStatus, name: &str) -> String {
    let who = if actor.trim().is_empty() {
        Bilingual::new("Người khác".to_owned(), "Someone".to_owned())
    } else {
        Bilingual::new(actor.to_owned(), actor.to_owned())
    };
    let who = who.get(locale);
    let text = match to {
        TaskStatus::Submitted => Bilingual::new(
            format!("{who} đã gửi phiếu «{name}» để thẩm định."),
            format!("{who} submitted «{name}» for review."),
        ),
        TaskStatus::Returned => Bilingual::new(
            format!("{who} đã trả lại phiếu «{name}» để chỉnh sửa."),
            format!("{who} returned «{name}» for changes."),
        ),
        TaskStatus::Approved => Bilingual::new(
            format!("{who} đã phê duyệt phiếu «{name}»."),
            format!("{who} approved «{name}»."),
        ),
        other => Bilingual::new(
            format!("{who} đã chuyển «{name}» sang «{}».", other.label(Locale::Vi)),
            format!("{who} moved «{name}» to «{}».", other.label(Locale::En)),
        ),
    };
    text.get(locale).to_owned()
}

fn estimate_text(status: EstimateStatus, version: u32, name: &str) -> Bilingual {
    match status {
        EstimateStatus::Approved => Bilingual::new(
            format!("Dự toán phiên bản {version} của «{name}» đã được phê duyệt."),
            format!("Version {version} of the estimate of «{name}» was approved."),
        ),
        EstimateStatus::Returned => Bilingual::new(
            format!("Dự toán phiên bản {version} của «{name}» bị trả lại để chỉnh sửa."),
            format!("Version {version} of the estimate of «{name}» was returned for changes."),
        ),
        other => Bilingual::new(
            format!("Dự toán phiên bản {version} của «{name}»: {}.", other.label(Locale::Vi)),
            format!("Version {version} of the estimate of «{name}»: {}.", other.label(Locale::En)),
        ),
    }
}
