//! The task use cases: the list, the form (create, save, move between statuses) and the
//! milestones, with the detail view every one of them answers.

use std::str::FromStr;

use chrono::{NaiveDate, Utc};
use xaso_domain::validate::{self};
use xaso_domain::{Bilingual, Milestone, MilestoneId, TaskFields, TaskId};
use xaso_store::tasks::{self, TaskFilter, TaskRow};
use xaso_store::{milestones, transitions};

use crate::api::*;
use crate::app::{App, ProfileRow, Session};
use crate::error::Failure;
use crate::error::{ApiError, ErrorCode};

impl App {
    /// A page of the task list, over the tasks this laptop holds (a unit's laptop has its
    /// own unit's; the city's, every unit's). A search first indexes tasks a pull just
    /// wrote, so it never misses them.
    pub fn tasks_list(&self, req: TaskQuery) -> Result<TaskPage, ApiError> {
        self.with_session(|s| {
            let filter = TaskFilter {
                status: req.status,
                kind: req.kind,
                year: req.year,
                search: req.search,
                offset: req.offset.max(0),
                limit: req.limit.clamp(1, 200),
            };
            // Tasks a pull just wrote may not be in the search index yet (the sync
            // worker brings it up to date after each pull); a search must not miss them.
            if !filter.search.trim().is_empty() && tasks::search_behind(s.store.conn())? {
                s.store.catch_up_search()?;
            }
            let conn = s.store.conn();
            let page = tasks::list(conn, &filter)?;
            let years = tasks::years(conn)?;
            let today = s.zone.today().format("%Y-%m-%d").to_string();
            Ok(TaskPage {
                items: page
                    .rows
                    .into_iter()
                    .map(|r| TaskSummary {
                        id: r.id.to_string(),
                        kind: r.kind,
                        status: r.status,
                        year: r.year,
                        name: r.name,
                        leader: r.leader,
                        cost_total: r.cost_total,
                        updated_at: r.updated_at,
                        next_due_overdue: r.next_due.as_deref().is_some_and(|d| d < today.as_str()),
                        next_due: r.next_due,
                        unit_name: r.unit_name,
                    })
                    .collect(),
                total: page.total,
                total_capped: page.total_capped,
                years,
            })
        })
    }

    /// A task's page; `not_found` for an id that is not a task here.
    pub fn task_get(&self, req: TaskRef) -> Result<TaskDetail, ApiError> {
        self.with_session(|s| {
            let id = s.task_id(&req.id)?;
            s.detail(id)
        })
    }

    /// Creates a draft task of the profile's unit from the form, saving whatever can be
    /// stored (see [`TaskSaved::issues`]); `no_profile` before first start is done.
    pub fn task_create(&self, req: TaskInput) -> Result<TaskSaved, ApiError> {
        self.with_session(|s| {
            let profile = s.require_profile()?;
            let unit = s.unit_of(&profile)?;
            let (fields, issues) = validate::task_input(&req, &TaskFields::default());
            let id = s
                .store
                .write(&profile.display_name, Utc::now(), |c| c.tasks().insert(&unit, &fields))?;
            tracing::info!(task = %id, "created a task");
            Ok(TaskSaved { task: s.detail(id)?, issues: s.issues(issues) })
        })
    }

    /// Saves the proposal form field by field: a value that cannot be stored as meant keeps
    /// the stored value and comes back as a blocking issue; every other field is saved.
    /// Refused with `not_editable` unless the task is a draft or returned and the person
    /// works for its unit (the city comments when it returns a proposal; it does not edit
    /// it). Saving an unchanged form records nothing.
    pub fn task_save(&self, req: TaskSave) -> Result<TaskSaved, ApiError> {
        self.with_session(|s| {
            let profile = s.require_profile()?;
            let id = s.task_id(&req.id)?;
            let row = tasks::get(s.store.conn(), id)?;
            if let Some(why) = read_only_because(&row, Some(&profile)) {
                return Err(s.error(ErrorCode::NotEditable, why).into());
            }
            let (fields, issues) = validate::task_input(&req.input, &row.fields);
            s.store.write(&profile.display_name, Utc::now(), |c| c.tasks().update(id, &fields))?;
            Ok(TaskSaved { task: s.detail(id)?, issues: s.issues(issues) })
        })
    }

    /// Moves a task to another status if the profile's role may (`transition_refused`),
    /// with the reason the move needs; submitting checks every required field first
    /// (`task_incomplete`, with the missing fields). The move is recorded in the task's
    /// history and syncs.
    pub fn task_transition(&self, req: TaskTransition) -> Result<TaskDetail, ApiError> {
        self.with_session(|s| {
            let profile = s.require_profile()?;
            let id = s.task_id(&req.id)?;
            let conn = s.store.conn();
            let row = tasks::get(conn, id)?;
            let history = transitions::for_task(conn, id)?;
            row.status
                .check_transition(
                    req.to,
                    profile.role,
                    transitions::suspended_from(&history),
                    &req.comment,
                )
                .map_err(|e| ApiError::transition(&e, s.locale))?;
            s.check_comment(&req.comment)?;
            if req.to == TaskStatus::Submitted {
                let missing = validate::missing_for_submission(&row.fields);
                if !missing.is_empty() {
                    return Err(s
                        .error(
                            ErrorCode::TaskIncomplete,
                            Bilingual::new(
                                "Chưa gửi được: còn thông tin bắt buộc chưa nhập.",
                                "Cannot submit yet: some required information is missing.",
                            ),
                        )
                        .with_fields(s.issues(missing))
                        .into());
                }
            }
            s.store.write(&profile.display_name, Utc::now(), |c| {
                c.tasks().transition(id, req.to, &req.comment)
            })?;
            tracing::info!(task = %id, to = req.to.as_str(), "task moved");
            s.detail(id)
        })
    }

    /// Creates a milestone (`id` empty) or saves one; invalid input saves nothing and
    /// answers the issues with the unchanged task.
    pub fn milestone_save(&self, req: MilestoneInput) -> Result<MilestoneSaved, ApiError> {
        self.with_session(|s| {
            let profile = s.require_profile()?;
            let task = s.task_id(&req.task_id)?;
            let id = match req.id.as_deref() {
                Some(id) => Some(s.milestone_id(id)?),
                None => None,
            };
            match validate::milestone_input(&req) {
                Err(issues) => {
                    Ok(MilestoneSaved { task: s.detail(task)?, issues: s.issues(issues) })
                }
                Ok(fields) => {
                    s.store.write(&profile.display_name, Utc::now(), |c| {
                        c.milestones().save(task, id, &fields)
                    })?;
                    Ok(MilestoneSaved { task: s.detail(task)?, issues: Vec::new() })
                }
            }
        })
    }

    /// Deletes a milestone of a task and answers the task's page.
    pub fn milestone_delete(&self, req: MilestoneDelete) -> Result<TaskDetail, ApiError> {
        self.with_session(|s| {
            let profile = s.require_profile()?;
            let task = s.task_id(&req.task_id)?;
            let id = s.milestone_id(&req.id)?;
            s.store.write(&profile.display_name, Utc::now(), |c| c.milestones().delete(id))?;
            s.detail(task)
        })
    }
}

impl Session {
    pub(crate) fn task_id(&self, id: &str) -> Result<TaskId, Failure> {
        Ok(TaskId::from_str(id).map_err(|_| {
            self.error(
                ErrorCode::NotFound,
                Bilingual::new(
                    format!("Không có nhiệm vụ {id:?}."),
                    format!("There is no task {id:?}."),
                ),
            )
        })?)
    }

    fn milestone_id(&self, id: &str) -> Result<MilestoneId, Failure> {
        Ok(MilestoneId::from_str(id).map_err(|_| {
            self.error(
                ErrorCode::NotFound,
                Bilingual::new(
                    format!("Không có mốc {id:?}."),
                    format!("There is no milestone {id:?}."),
                ),
            )
        })?)
    }

    fn detail(&self, id: TaskId) -> Result<TaskDetail, Failure> {
        let conn = self.store.conn();
        let row: TaskRow = tasks::get(conn, id)?;
        let history = transitions::for_task(conn, id)?;
        let milestones = milestones::for_task(conn, id)?;
        // The moves offered depend on the role: an unreadable profile is an error, not a guess.
        let profile = self.profile()?;
        let role = profile.as_ref().map(|p| p.role).unwrap_or_default();
        let read_only = read_only_because(&row, profile.as_ref());
        let today = self.zone.today();
        let allowed = row
            .status
            .allowed_for(role, transitions::suspended_from(&history))
            .into_iter()
            .map(|to| AllowedTransition { to, comment_required: to.needs_comment() })
            .collect();
        let missing = if row.status.proposal_editable() {
            self.issues(validate::missing_for_submission(&row.fields))
        } else {
            Vec::new()
        };
        Ok(TaskDetail {
            id: row.id.to_string(),
            unit_code: row.unit_code.to_string(),
            status: row.status,
            input: TaskInput::from_fields(&row.fields),
            cost_total: row.fields.cost_total().map(|m| m.dong()).unwrap_or(i64::MAX),
            duration_months: row.fields.duration_months(),
            created_at: row.created_at.clone(),
            updated_at: row.updated_at.clone(),
            transitions: history
                .into_iter()
                .map(|t| TransitionView {
                    id: t.id.to_string(),
                    from: t.from,
                    to: t.to,
                    actor: t.actor,
                    at: t.at,
                    comment: t.comment,
                })
                .collect(),
            milestones: milestones.iter().map(|m| milestone_view(m, today, &row.fields)).collect(),
            allowed,
            missing,
            editable: read_only.is_none(),
            read_only_because: read_only.map(|why| why.get(self.locale).to_owned()),
        })
    }
}

/// Why the proposal form of `row` is read-only for this person, or `None` when they may
/// edit it: only a draft or a returned proposal, and only by someone of its unit (a city
/// reviewer comments when returning it; the server refuses a city account's edit too).
fn read_only_because(row: &TaskRow, profile: Option<&ProfileRow>) -> Option<Bilingual> {
    if !row.status.proposal_editable() {
        return Some(Bilingual::new(
            format!(
                "Phiếu đang ở trạng thái “{}”: chỉ sửa được khi là nháp hoặc bị trả lại.",
                row.status.label(Locale::Vi)
            ),
            format!(
                "The proposal is “{}”: it can be edited only as a draft or when returned.",
                row.status.label(Locale::En)
            ),
        ));
    }
    match profile {
        Some(p) if p.role.is_unit() && p.unit.as_ref() == Some(&row.unit_code) => None,
        Some(p) if p.role.is_city() => Some(Bilingual::new(
            "Phiếu do đơn vị soạn và sửa. Sở KHCN góp ý bằng ý kiến khi trả lại phiếu.",
            "The unit writes and edits the proposal. The city gives its comments when it returns it.",
        )),
        _ => Some(Bilingual::new(
            "Phiếu của đơn vị khác: chỉ xem.",
            "Another unit's proposal: read only.",
        )),
    }
}

fn milestone_view(m: &Milestone, today: NaiveDate, task: &TaskFields) -> MilestoneView {
    MilestoneView {
        id: m.id.to_string(),
        task_id: m.task_id.to_string(),
        title: m.fields.title.clone(),
        responsible: m.fields.responsible.clone(),
        unit: m.fields.unit.clone(),
        start_date: m.fields.start_date.format("%Y-%m-%d").to_string(),
        due_date: m.fields.due_date.format("%Y-%m-%d").to_string(),
        done: m.fields.done,
        overdue: m.overdue(today),
        outside_period: m.outside(task.start_date, task.end_date),
    }
}
