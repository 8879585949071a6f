//! `export` / `import` of tasks as JSON (for scripts and the CLI), and `check`.
//!
//! The export is a whole picture of the unit's tasks: the proposal fields, milestones and
//! the transition history. An import never overwrites: a task whose id is already here is
//! skipped, and an imported task starts as a **draft of the importing unit** with fresh
//! milestones — its status and history belonged to another database, and a unit cannot
//! create an approved task (the city server would refuse it anyway).

use chrono::Utc;
use serde::{Deserialize, Serialize};
use xaso_domain::{Bilingual, Milestone, TaskFields, TaskId, TaskStatus};
use xaso_store::tasks::{self, TaskFilter};
use xaso_store::{StoreError, milestones, outbox, transitions};

use crate::app::{App, Session};
use crate::error::Failure;
use crate::error::{ApiError, ErrorCode};
use crate::sync::api::{CheckReport, ImportReport};

const FORMAT: &str = "xaso-tasks";
const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
struct ExportDoc {
    format: String,
    version: u32,
    exported_at: String,
    tasks: Vec<ExportTask>,
}

#[derive(Debug, Serialize, Deserialize)]
struct ExportTask {
    id: TaskId,
    unit_code: String,
    status: TaskStatus,
    created_at: String,
    created_by: String,
    fields: TaskFields,
    #[serde(default)]
    milestones: Vec<Milestone>,
    #[serde(default)]
    history: Vec<ExportTransition>,
}

#[derive(Debug, Serialize, Deserialize)]
struct ExportTransition {
    from: Option<TaskStatus>,
    to: TaskStatus,
    actor: String,
    at: String,
    comment: String,
}

impl App {
    /// Every task of this database, as one JSON document.
    pub fn export_json(&self) -> Result<serde_json::Value, ApiError> {
        self.with_session(|s| {
            let conn = s.store.conn();
            let mut out = Vec::new();
            let mut offset = 0;
            loop {
                let filter = TaskFilter {
                    status: None,
                    kind: None,
                    year: None,
                    search: String::new(),
                    offset,
                    limit: 200,
                };
                let page = tasks::list(conn, &filter)?;
                if page.rows.is_empty() {
                    break;
                }
                offset += page.rows.len() as i64;
                for row in page.rows {
                    let task = tasks::get(conn, row.id)?;
                    let history = transitions::for_task(conn, row.id)?
                        .into_iter()
                        .map(|t| ExportTransition {
                            from: t.from,
                            to: t.to,
                            actor: t.actor,
                            at: t.at,
                            comment: t.comment,
                        })
                        .collect();
                    out.push(ExportTask {
                        id: task.id,
                        unit_code: task.unit_code.to_string(),
                        status: task.status,
                        created_at: task.created_at,
                        created_by: task.created_by,
                        fields: task.fields,
                        milestones: milestones::for_task(conn, row.id)?,
                        history,
                    });
                }
            }
            let doc = ExportDoc {
                format: FORMAT.into(),
                version: VERSION,
                exported_at: xaso_domain::time::stored(Utc::now()),
                tasks: out,
            };
            serde_json::to_value(doc).map_err(|e| Failure::from(internal(s, &e.to_string())))
        })
    }

    /// Adds the tasks of an export that are not here yet, as drafts of this unit.
    pub fn import_json(&self, doc: &serde_json::Value) -> Result<ImportReport, ApiError> {
        self.with_session(|s| {
            let profile = s.require_profile()?;
            let unit = s.unit_of(&profile)?;
            // The format first, so a file of another kind is named as such.
            let format = doc.get("format").and_then(|v| v.as_str()).unwrap_or("?");
            let version = doc.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
            if format != FORMAT || version == 0 || version > u64::from(VERSION) {
                return Err(s.error(
                    ErrorCode::Validation,
                    Bilingual::new(
                        format!(
                            "Tệp có định dạng «{format}» phiên bản {version}; ứng dụng này đọc {FORMAT} phiên bản {VERSION}."
                        ),
                        format!(
                            "The file is «{format}» version {version}; this app reads {FORMAT} version {VERSION}."
                        ),
                    ),
                ).into());
            }
            let doc: ExportDoc = serde_json::from_value(doc.clone()).map_err(|e| {
                s.error(
                    ErrorCode::Validation,
                    Bilingual::new(
                        format!("Tệp không đúng định dạng xuất của Xã Số: {e}"),
                        format!("The file is not a Xã Số export: {e}"),
                    ),
                )
            })?;
            let mut new = Vec::new();
            for task in &doc.tasks {
                match tasks::get(s.store.conn(), task.id) {
                    Ok(_) => {}
                    Err(StoreError::NotFound(_)) => new.push(task),
                    Err(e) => return Err(e.into()),
                }
            }
            let (imported, skipped) = (new.len() as i64, (doc.tasks.len() - new.len()) as i64);
            // One transaction: an import lands whole or not at all.
            s.store
                .write(&profile.display_name, Utc::now(), |c| {
                    for task in new {
                        c.tasks().insert_as(task.id, &unit, TaskStatus::Draft, &task.fields)?;
                        for m in &task.milestones {
                            c.milestones().save(task.id, None, &m.fields)?;
                        }
                    }
                    Ok(())
                })
                ?;
            Ok(ImportReport {
                imported,
                skipped,
                summary: Bilingual::new(
                    format!("Đã nhập {imported} nhiệm vụ, bỏ qua {skipped} nhiệm vụ đã có."),
                    format!("Imported {imported} tasks; skipped {skipped} already here."),
                )
                .get(s.locale)
                .to_owned(),
            })
        })
    }

    /// The database's integrity and what waits to be synced.
    pub fn check(&self) -> Result<CheckReport, ApiError> {
        self.with_session(|s| {
            let problems = s.store.quick_check()?;
            let pending = outbox::pending_count(s.store.conn())?;
            let ok = problems.is_empty();
            let summary = if ok {
                Bilingual::new(
                    format!("Dữ liệu nguyên vẹn; {pending} thay đổi chờ gửi."),
                    format!("The data is sound; {pending} changes wait to be sent."),
                )
            } else {
                Bilingual::new(
                    format!("Dữ liệu bị hỏng: {}", problems.join("; ")),
                    format!("The data is damaged: {}", problems.join("; ")),
                )
            };
            Ok(CheckReport { ok, problems, pending, summary: summary.get(s.locale).to_owned() })
        })
    }
}

fn internal(s: &Session, what: &str) -> ApiError {
    s.error(
        ErrorCode::Internal,
        Bilingual::new(format!("Lỗi nội bộ: {what}"), format!("Internal error: {what}")),
    )
}
