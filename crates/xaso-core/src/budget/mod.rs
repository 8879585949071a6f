//! Budget estimate use cases: create, edit (the grid), compute as you type, move through
//! review, version, compare, export; the norms; the unit's yearly plan.

pub mod api;
pub mod export_pdf;
pub mod export_xlsx;
pub mod official;

use std::str::FromStr;

use chrono::{NaiveDate, Utc};
use xaso_domain::budget::{self, Computed, FlagAt, Line, Person, Sheet};
use xaso_domain::norm::{Norm, NormBook, Scaled};
use xaso_domain::validate::{self, NAME_MAX_CHARS, TEXT_MAX_CHARS};
use xaso_domain::{
    Bilingual, EstimateId, LineId, Locale, Money, NormId, Role, TaskKind, TaskStatus,
};
use xaso_store::estimates::{self, EstimateRow};
use xaso_store::{norms, plans, tasks, units};

use crate::api::{FieldIssue, Severity};
use crate::app::{App, Session};
use crate::budget::api::*;
use crate::error::Failure;
use crate::error::{ApiError, ErrorCode};

/// A sheet as typed, read into domain values over what is stored.
struct Parsed {
    leader_rate: Money,
    date: NaiveDate,
    people: Vec<(Option<LineId>, Person)>,
    lines: Vec<(Option<LineId>, Line)>,
    issues: Vec<FieldIssue>,
}

impl App {
    /// Every estimate version of a task, every year, with each one's computed total, and
    /// the task's total over its years (each year's latest version).
    pub fn estimates_list(&self, req: crate::api::TaskRef) -> Result<EstimateList, ApiError> {
        self.with_session(|s| {
            let task = s.task_id(&req.id)?;
            let summaries = s.summaries(task)?;
            let mut latest = std::collections::BTreeMap::new();
            for e in &summaries {
                latest.insert(e.year, e.total);
            }
            let total: i64 = latest.values().sum();
            let declared = tasks::get(s.store.conn(), task)?.fields.cost_total().unwrap_or(Money::ZERO);
            let mismatch = (!summaries.is_empty() && total != declared.dong()).then(|| {
                let money = |d: i64| Money::from_dong(d).map_or_else(|_| d.to_string(), |m| m.to_string());
                let gap = money((total - declared.dong()).abs());
                Bilingual::new(
                    format!(
                        "Kinh phí khai trong phiếu ({declared}) khác tổng dự toán ({}): chênh {gap}. Hãy sửa phiếu hoặc dự toán cho khớp.",
                        money(total)
                    ),
                    format!(
                        "The proposal declares {declared} but its estimates total {}: {gap} apart. Change the proposal or the estimate so they agree.",
                        money(total)
                    ),
                )
                .get(s.locale)
                .to_owned()
            });
            Ok(EstimateList {
                task_id: req.id,
                total_all_years: total,
                declared: declared.dong(),
                mismatch,
                estimates: summaries,
            })
        })
    }

    /// Creates version 1 of a task's estimate for a year, dated today, with the leader's
    /// monthly rate preset to the cap in force. Refused (`validation`) for a year outside
    /// 2000–2100 or when the task already has an estimate that year (open it, or make a new
    /// version).
    pub fn estimate_create(&self, req: EstimateCreate) -> Result<EstimateDetail, ApiError> {
        self.with_session(|s| {
            let profile = s.require_profile()?;
            let task = s.task_id(&req.task_id)?;
            let row = tasks::get(s.store.conn(), task)?;
            if !validate::YEAR_RANGE.contains(&req.year) {
                return Err(s.validation(vec![s.issue(
                    "year",
                    "year_out_of_range",
                    Bilingual::new("Năm không hợp lệ.", "Not a valid year."),
                )]).into());
            }
            if estimates::for_task(s.store.conn(), task)?.iter().any(|e| e.year == req.year) {
                return Err(s.error(
                    ErrorCode::Validation,
                    Bilingual::new(
                        format!("Đã có dự toán năm {} cho nhiệm vụ này: mở dự toán đó, hoặc tạo phiên bản mới.", req.year),
                        format!("This task already has an estimate for {}: open it, or make a new version.", req.year),
                    ),
                ).into());
            }
            let today = s.zone.today();
            // Start from the leader's cap in force, the most common choice; the official edits it.
            let book = norms::book(s.store.conn())?;
            let rate = book
                .in_force("labor.leader_monthly_cap", today)
                .and_then(Norm::money)
                .unwrap_or(Money::ZERO);
            let id = s
                .store
                .write(&profile.display_name, Utc::now(), |c| c.estimates().create(task, req.year, rate, today))
                ?;
            tracing::info!(estimate = %id, task = %row.id, "created an estimate");
            s.estimate_detail(id)
        })
    }

    /// An estimate version with its sheet, computed totals and flags, the task's other
    /// versions and the norms for the picker.
    pub fn estimate_get(&self, req: EstimateRef) -> Result<EstimateDetail, ApiError> {
        self.with_session(|s| {
            let id = s.estimate_id(&req.id)?;
            s.estimate_detail(id)
        })
    }

    /// Totals and flags of the sheet as typed, without saving (the grid calls this as the
    /// official types; it only reads the norms).
    pub fn estimate_compute(&self, req: SheetInput) -> Result<ComputeResult, ApiError> {
        self.with_session(|s| {
            let id = s.estimate_id(&req.id)?;
            let head = estimates::get(s.store.conn(), id)?;
            let parsed = s.parse_sheet(&req, &head)?;
            let book = norms::book(s.store.conn())?;
            let computed = s.compute(&parsed, &book)?;
            Ok(ComputeResult { computed, issues: parsed.issues })
        })
    }

    /// Saves the grid: cells that cannot be read keep their stored value and come back as
    /// blocking issues; the rest is saved. Refused whole (`validation`, nothing stored)
    /// when the sheet cannot be computed (a total past `Money::MAX`, own and other funds
    /// over a line's amount); `not_editable` for a city role or a version that is not a
    /// draft or returned.
    pub fn estimate_save(&self, req: SheetInput) -> Result<EstimateSaved, ApiError> {
        self.with_session(|s| {
            let profile = s.require_profile()?;
            let id = s.estimate_id(&req.id)?;
            let head = estimates::get(s.store.conn(), id)?;
            if !profile.role.is_unit() {
                return Err(s.error(
                    ErrorCode::NotEditable,
                    Bilingual::new(
                        "Dự toán do đơn vị lập; Sở KHCN ghi ý kiến trên dòng và trả lại hoặc phê duyệt.",
                        "The unit writes the estimate; the city comments on lines and returns or approves it.",
                    ),
                ).into());
            }
            if !head.status.editable() {
                return Err(s.error(
                    ErrorCode::NotEditable,
                    Bilingual::new(
                        format!(
                            "Dự toán phiên bản {} đang “{}”: không sửa được. Muốn thay đổi, hãy tạo phiên bản mới.",
                            head.version_no,
                            head.status.label(Locale::Vi)
                        ),
                        format!(
                            "Version {} of the estimate is “{}”: it cannot be changed. Make a new version to change it.",
                            head.version_no,
                            head.status.label(Locale::En)
                        ),
                    ),
                ).into());
            }
            let parsed = s.parse_sheet(&req, &head)?;
            // An estimate that cannot be computed (a total past 10^15 đồng, own funds over
            // a line's amount) is refused whole, with the reason: it is never stored.
            let book = norms::book(s.store.conn())?;
            s.compute(&parsed, &book)?;
            let updated = EstimateRow { leader_rate: parsed.leader_rate, estimate_date: parsed.date, ..head };
            s.store
                .write(&profile.display_name, Utc::now(), |c| {
                    c.estimates().update_header(&updated)?;
                    c.estimates().save_sheet(id, &parsed.people, &parsed.lines)
                })
                ?;
            Ok(EstimateSaved { estimate: s.estimate_detail(id)?, issues: parsed.issues })
        })
    }

    /// Moves an estimate version: the unit submits, the city returns (with a reason, which
    /// becomes the review comment) or approves. `transition_refused` when the role or
    /// status does not allow it or a return has no reason. An approved version is frozen.
    pub fn estimate_transition(&self, req: EstimateTransition) -> Result<EstimateDetail, ApiError> {
        self.with_session(|s| {
            let profile = s.require_profile()?;
            let id = s.estimate_id(&req.id)?;
            let head = estimates::get(s.store.conn(), id)?;
            if !head.status.allowed_for(profile.role).contains(&req.to) {
                return Err(s
                    .error(
                        ErrorCode::TransitionRefused,
                        Bilingual::new(
                            format!(
                                "Không thể chuyển dự toán từ “{}” sang “{}”.",
                                head.status.label(Locale::Vi),
                                req.to.label(Locale::Vi)
                            ),
                            format!(
                                "The estimate cannot go from “{}” to “{}”.",
                                head.status.label(Locale::En),
                                req.to.label(Locale::En)
                            ),
                        ),
                    )
                    .into());
            }
            if req.to.needs_comment() && req.comment.trim().is_empty() {
                return Err(s
                    .error(
                        ErrorCode::TransitionRefused,
                        Bilingual::new("Cần ghi lý do trả lại.", "Please say why it is returned."),
                    )
                    .into());
            }
            s.check_comment(&req.comment)?;
            // The review comment is the city's: the unit's submission leaves the reason
            // for a return in place for everyone to see.
            let review_comment = if req.to == EstimateStatus::Submitted {
                head.review_comment.clone()
            } else {
                req.comment.clone()
            };
            let updated = EstimateRow { status: req.to, review_comment, ..head };
            s.store.write(&profile.display_name, Utc::now(), |c| {
                c.estimates().update_header(&updated)
            })?;
            s.estimate_detail(id)
        })
    }

    /// The city reviewer's comment on one line, while the estimate is submitted.
    pub fn estimate_line_comment(&self, req: LineComment) -> Result<EstimateDetail, ApiError> {
        self.with_session(|s| {
            let profile = s.require_profile()?;
            let id = s.estimate_id(&req.estimate_id)?;
            let line = LineId::from_str(&req.line_id).map_err(|_| s.not_found(&req.line_id))?;
            let head = estimates::get(s.store.conn(), id)?;
            if profile.role != Role::CityReviewer || head.status != EstimateStatus::Submitted {
                return Err(s.error(
                    ErrorCode::TransitionRefused,
                    Bilingual::new(
                        "Chỉ cán bộ Sở KHCN ghi ý kiến trên dòng, khi dự toán đã được gửi.",
                        "Only a city reviewer comments on lines, while the estimate is submitted.",
                    ),
                ).into());
            }
            s.store.write(&profile.display_name, Utc::now(), |c| {
                c.estimates().comment_line(id, line, &req.comment)
            })?;
            s.estimate_detail(id)
        })
    }

    /// A new draft version of an approved (or any) version; the old one stays frozen.
    pub fn estimate_new_version(&self, req: EstimateRef) -> Result<EstimateDetail, ApiError> {
        self.with_session(|s| {
            let profile = s.require_profile()?;
            let id = s.estimate_id(&req.id)?;
            let head = estimates::get(s.store.conn(), id)?;
            let versions = estimates::for_task(s.store.conn(), head.task_id)?;
            if versions.iter().any(|v| v.year == head.year && v.version_no > head.version_no) {
                return Err(s
                    .error(
                        ErrorCode::Validation,
                        Bilingual::new(
                            "Đã có phiên bản mới hơn của dự toán năm này.",
                            "A newer version of this year's estimate already exists.",
                        ),
                    )
                    .into());
            }
            let today = s.zone.today();
            let new = s.store.write(&profile.display_name, Utc::now(), |c| {
                c.estimates().new_version(id, today)
            })?;
            s.estimate_detail(new)
        })
    }

    /// Line-by-line comparison of two versions: lines are matched through the line they
    /// were copied from; labour lines by person (name and role).
    pub fn estimate_compare(&self, req: EstimateCompare) -> Result<CompareView, ApiError> {
        self.with_session(|s| {
            let (from, to) = (s.estimate_id(&req.from)?, s.estimate_id(&req.to)?);
            let book = norms::book(s.store.conn())?;
            let a = s.stored(from, &book)?;
            let b = s.stored(to, &book)?;
            // Every line of every version of the task, to follow copies back to the line
            // they all come from (v1 ↔ v3, either direction).
            let mut copied_from = std::collections::HashMap::new();
            for e in estimates::for_task(s.store.conn(), a.head.task_id)? {
                for l in estimates::lines(s.store.conn(), e.id)? {
                    if let Some(origin) = l.copied_from {
                        copied_from.insert(l.id, origin);
                    }
                }
            }
            Ok(compare(&a, &b, &copied_from))
        })
    }

    /// Writes the version as an Excel workbook in the official layout to the exports folder
    /// (`du-toan-<task>-<year>-v<n>.xlsx`, replacing a file of that name) and answers its
    /// path; `store_io` if it cannot be written.
    pub fn estimate_export_xlsx(&self, req: EstimateRef) -> Result<ExportDone, ApiError> {
        self.export_estimate(req, ExportKind::Xlsx)
    }

    /// Writes the version as a PDF in the official layout (A4 landscape, made by the app,
    /// not the system's print dialog) beside the workbook, as `du-toan-…-v<n>.pdf`.
    pub fn estimate_export_pdf(&self, req: EstimateRef) -> Result<ExportDone, ApiError> {
        self.export_estimate(req, ExportKind::Pdf)
    }

    /// Opens a file the app exported (any of them: estimates, attendance) with the system's
    /// viewer, or the exports folder in the file manager (`folder`). Only a file directly in
    /// the exports folder is opened: the path comes from the window, so it is checked, and
    /// anything else is refused in words.
    pub fn export_open(&self, req: ExportOpen) -> Result<ExportDone, ApiError> {
        let dir = self.config().exports_dir.clone();
        let refuse = |why_vi: &str, why_en: &str| {
            ApiError::new(
                ErrorCode::Validation,
                &Bilingual::new(
                    format!("Không mở được {}: {why_vi}", req.path),
                    format!("Could not open {}: {why_en}", req.path),
                ),
                self.locale(),
            )
        };
        let file = std::fs::canonicalize(&req.path)
            .map_err(|_| refuse("tệp không còn ở đó.", "the file is no longer there."))?;
        let inside = std::fs::canonicalize(&dir).is_ok_and(|dir| file.parent() == Some(&dir));
        if !inside || !file.is_file() {
            return Err(refuse(
                "chỉ mở được tệp trong thư mục xuất của ứng dụng.",
                "only files in the app's exports folder can be opened.",
            ));
        }
        let target = if req.folder { dir } else { file };
        self.open_with_system(&target);
        Ok(ExportDone { path: target.display().to_string() })
    }

    fn export_estimate(&self, req: EstimateRef, kind: ExportKind) -> Result<ExportDone, ApiError> {
        let dir = self.config().exports_dir.clone();
        self.with_session(|s| {
            let id = s.estimate_id(&req.id)?;
            let head = estimates::get(s.store.conn(), id)?;
            let book = norms::book(s.store.conn())?;
            let stored = s.stored(id, &book)?;
            let task = tasks::get(s.store.conn(), head.task_id)?;
            let unit = units::get(s.store.conn(), &task.unit_code)?;
            let header = official::ExportHeader {
                unit_name: unit.name,
                task_name: task.fields.name.clone(),
                year: head.year,
                version_no: head.version_no,
                status_label: head.status.label(Locale::Vi).to_owned(),
                date: head.estimate_date,
            };
            let bytes = kind.render(&header, &stored.computed).map_err(|e| {
                let (vi, en) = kind.names();
                s.error(
                    ErrorCode::Internal,
                    Bilingual::new(
                        format!("Không xuất được {vi}: {e}"),
                        format!("Could not export the {en}: {e}"),
                    ),
                )
            })?;
            let name = format!(
                "du-toan-{}-{}-v{}.{}",
                slug(&task.fields.name),
                head.year,
                head.version_no,
                kind.extension()
            );
            let path = dir.join(name);
            let write = || -> std::io::Result<()> {
                std::fs::create_dir_all(&dir)?;
                // Write beside, then rename: a half-written file never has the real name.
                let tmp = path.with_extension(format!("{}.part", kind.extension()));
                std::fs::write(&tmp, &bytes)?;
                std::fs::rename(&tmp, &path)
            };
            write().map_err(|e| {
                s.error(
                    ErrorCode::StoreIo,
                    Bilingual::new(
                        format!("Không ghi được tệp {}: {e}", path.display()),
                        format!("Could not write {}: {e}", path.display()),
                    ),
                )
            })?;
            Ok(ExportDone { path: path.display().to_string() })
        })
    }

    /// Every spending norm (in force or not), for the norms screen and the line's norm
    /// picker.
    pub fn norms_list(&self) -> Result<Vec<NormView>, ApiError> {
        self.with_session(|s| s.norm_views())
    }

    /// Publishes a norm or a correction (city admin only).
    pub fn norm_save(&self, req: NormInput) -> Result<NormSaved, ApiError> {
        self.with_session(|s| {
            let profile = s.require_profile()?;
            if profile.role != Role::CityAdmin {
                return Err(s
                    .error(
                        ErrorCode::TransitionRefused,
                        Bilingual::new(
                            "Chỉ quản trị viên Sở KHCN sửa định mức.",
                            "Only a city admin edits norms.",
                        ),
                    )
                    .into());
            }
            let mut issues = Vec::new();
            let id = match &req.id {
                Some(id) => Some(NormId::from_str(id).map_err(|_| s.not_found(id))?),
                None => None,
            };
            if let Err(i) = validate::check_code("code", req.code.trim()) {
                issues.push(s.field_issue(i));
            }
            for (field, text) in [
                ("description", &req.description),
                ("legal_basis", &req.legal_basis),
                ("unit", &req.unit),
            ] {
                if text.trim().is_empty() || text.chars().count() > NAME_MAX_CHARS {
                    issues.push(s.issue(
                        field,
                        "required",
                        Bilingual::new(
                            "Bắt buộc nhập (tối đa 500 ký tự).",
                            "Required (at most 500 characters).",
                        ),
                    ));
                }
            }
            let value = Scaled::parse(&req.value)
                .map_err(|e| {
                    issues.push(s.cell_issue(
                        "value",
                        validate::scaled_code(e),
                        validate::scaled_text(e),
                    ))
                })
                .ok();
            let (from, to) = validate::effective_span(&req.effective_from, &req.effective_to)
                .unwrap_or_else(|found| {
                    issues.extend(s.issues(found));
                    (None, None)
                });
            match (value, issues.is_empty()) {
                (Some(value), true) => {
                    let norm = Norm {
                        code: req.code.trim().to_owned(),
                        description: req.description,
                        value,
                        unit: req.unit,
                        kind: req.kind,
                        legal_basis: req.legal_basis,
                        effective_from: from,
                        effective_to: to,
                        verified: req.verified,
                    };
                    s.store
                        .write(&profile.display_name, Utc::now(), |c| c.norms().save(id, &norm))?;
                    Ok(NormSaved { norms: s.norm_views()?, issues: Vec::new() })
                }
                _ => Ok(NormSaved { norms: s.norm_views()?, issues }),
            }
        })
    }

    /// The profile unit's plan for a fiscal year: the latest estimate of each task by kind,
    /// the total and its share of the year's annual spending against the city's target.
    pub fn plan_get(&self, req: PlanQuery) -> Result<PlanView, ApiError> {
        self.with_session(|s| s.plan(req.year, Vec::new()))
    }

    /// Sets the unit's annual spending for a year (typed as money) and answers the plan; an
    /// amount that cannot be read is not stored and comes back in [`PlanView::issues`].
    pub fn plan_set(&self, req: PlanSet) -> Result<PlanView, ApiError> {
        self.with_session(|s| {
            let profile = s.require_profile()?;
            let unit = s.unit_of(&profile)?;
            match Money::parse(&req.annual_spending) {
                Ok(m) => {
                    s.store.write(&profile.display_name, Utc::now(), |c| {
                        c.plans().set(&unit, req.year, m)
                    })?;
                    s.plan(req.year, Vec::new())
                }
                Err(e) => {
                    let issue = s.cell_issue(
                        "annual_spending",
                        validate::money_code(e),
                        validate::money_text(e),
                    );
                    s.plan(req.year, vec![issue])
                }
            }
        })
    }
}

/// The stored estimate, computed.
struct Stored {
    head: EstimateRow,
    people: Vec<xaso_store::estimates::PersonRow>,
    lines: Vec<xaso_store::estimates::LineRow>,
    computed: Computed,
}

impl Session {
    fn not_found(&self, what: &str) -> ApiError {
        self.error(
            ErrorCode::NotFound,
            Bilingual::new(format!("Không tìm thấy {what:?}."), format!("Not found: {what:?}.")),
        )
    }

    fn estimate_id(&self, id: &str) -> Result<EstimateId, Failure> {
        Ok(EstimateId::from_str(id).map_err(|_| self.not_found(id))?)
    }

    fn cell_issue(&self, field: &str, code: &str, text: Bilingual) -> FieldIssue {
        FieldIssue {
            field: field.to_owned(),
            code: code.to_owned(),
            severity: Severity::Blocking,
            message: text.get(self.locale).to_owned(),
        }
    }

    fn budget_error(&self, e: budget::BudgetError) -> ApiError {
        let text = match e {
            budget::BudgetError::TooLarge => Bilingual::new(
                format!("Tổng dự toán vượt quá {} : kiểm tra số lượng và đơn giá.", Money::MAX),
                format!(
                    "The estimate's total is over {}: check quantities and prices.",
                    Money::MAX
                ),
            ),
            budget::BudgetError::SourcesExceedAmount(i) => Bilingual::new(
                format!("Dòng {}: nguồn tự có và nguồn khác lớn hơn thành tiền.", i + 1),
                format!("Line {}: own and other funds exceed the line's amount.", i + 1),
            ),
        };
        let field = match e {
            budget::BudgetError::SourcesExceedAmount(i) => format!("lines.{i}.own"),
            budget::BudgetError::TooLarge => "total".to_owned(),
        };
        let issue = self.cell_issue(&field, "budget", text.clone());
        self.error(ErrorCode::Validation, text).with_fields(vec![issue])
    }

    /// Reads what was typed; a cell that cannot be read keeps its stored value (or zero
    /// for a new row) and gets a blocking issue. A stored sheet that cannot be read is an
    /// error, never an empty sheet (which a save would then write over the real one).
    fn parse_sheet(&self, req: &SheetInput, head: &EstimateRow) -> Result<Parsed, Failure> {
        let conn = self.store.conn();
        let stored_people = estimates::people(conn, head.id)?;
        let stored_lines = estimates::lines(conn, head.id)?;
        let mut issues = Vec::new();
        let money = |field: String, typed: &str, fallback: Money, issues: &mut Vec<FieldIssue>| {
            match Money::parse(typed) {
                Ok(m) => m,
                Err(e) => {
                    issues.push(self.cell_issue(
                        &field,
                        validate::money_code(e),
                        validate::money_text(e),
                    ));
                    fallback
                }
            }
        };
        let scaled =
            |field: String, typed: &str, fallback: Scaled, issues: &mut Vec<FieldIssue>| {
                match Scaled::parse(typed) {
                    Ok(v) => v,
                    Err(e) => {
                        issues.push(self.cell_issue(
                            &field,
                            validate::scaled_code(e),
                            validate::scaled_text(e),
                        ));
                        fallback
                    }
                }
            };
        let text = |field: String,
                    typed: &str,
                    fallback: &str,
                    max: usize,
                    issues: &mut Vec<FieldIssue>| {
            if typed.chars().count() > max {
                issues.push(self.cell_issue(
                    &field,
                    "too_long",
                    Bilingual::new(
                        format!("Quá dài: tối đa {max} ký tự."),
                        format!("Too long: at most {max} characters."),
                    ),
                ));
                fallback.to_owned()
            } else {
                typed.to_owned()
            }
        };
        let leader_rate =
            money("leader_rate".into(), &req.leader_rate, head.leader_rate, &mut issues);
        let date = match validate::parse_date(&req.estimate_date) {
            Ok(Some(d)) => d,
            Ok(None) => head.estimate_date,
            Err(i) => {
                issues.push(self.cell_issue("estimate_date", i.code, i.text));
                head.estimate_date
            }
        };
        let people = req
            .people
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let id = p.id.as_deref().and_then(|id| LineId::from_str(id).ok());
                let old = id.and_then(|id| stored_people.iter().find(|s| s.id == id));
                let months = scaled(
                    format!("people.{i}.months"),
                    &p.months,
                    old.map(|o| o.person.months).unwrap_or_default(),
                    &mut issues,
                );
                let name = text(
                    format!("people.{i}.name"),
                    &p.name,
                    old.map_or("", |o| o.person.name.as_str()),
                    NAME_MAX_CHARS,
                    &mut issues,
                );
                (id, Person { name, role: p.role, months })
            })
            .collect();
        let lines = req
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let id = l.id.as_deref().and_then(|id| LineId::from_str(id).ok());
                let old =
                    id.and_then(|id| stored_lines.iter().find(|s| s.id == id)).map(|o| &o.line);
                let f = |name: &str| format!("lines.{i}.{name}");
                let line = Line {
                    group: l.group,
                    content: text(
                        f("content"),
                        &l.content,
                        old.map_or("", |o| o.content.as_str()),
                        TEXT_MAX_CHARS,
                        &mut issues,
                    ),
                    unit: text(
                        f("unit"),
                        &l.unit,
                        old.map_or("", |o| o.unit.as_str()),
                        NAME_MAX_CHARS,
                        &mut issues,
                    ),
                    quantity: scaled(
                        f("quantity"),
                        &l.quantity,
                        old.map(|o| o.quantity).unwrap_or_default(),
                        &mut issues,
                    ),
                    unit_price: money(
                        f("unit_price"),
                        &l.unit_price,
                        old.map(|o| o.unit_price).unwrap_or_default(),
                        &mut issues,
                    ),
                    own: money(
                        f("own"),
                        &l.own,
                        old.map(|o| o.own).unwrap_or_default(),
                        &mut issues,
                    ),
                    other: money(
                        f("other"),
                        &l.other,
                        old.map(|o| o.other).unwrap_or_default(),
                        &mut issues,
                    ),
                    note: text(
                        f("note"),
                        &l.note,
                        old.map_or("", |o| o.note.as_str()),
                        TEXT_MAX_CHARS,
                        &mut issues,
                    ),
                    norm_code: Some(l.norm_code.trim().to_owned()).filter(|c| !c.is_empty()),
                };
                (id, line)
            })
            .collect();
        Ok(Parsed { leader_rate, date, people, lines, issues })
    }

    fn compute(&self, p: &Parsed, book: &NormBook) -> Result<ComputedView, Failure> {
        let sheet = Sheet {
            leader_rate: p.leader_rate,
            people: p.people.iter().map(|(_, x)| x.clone()).collect(),
            lines: p.lines.iter().map(|(_, x)| x.clone()).collect(),
        };
        let computed = budget::compute(&sheet, book, p.date).map_err(|e| self.budget_error(e))?;
        Ok(self.computed_view(&computed))
    }

    fn stored(&self, id: EstimateId, book: &NormBook) -> Result<Stored, Failure> {
        let conn = self.store.conn();
        let head = estimates::get(conn, id)?;
        let people = estimates::people(conn, id)?;
        let lines = estimates::lines(conn, id)?;
        let sheet = Sheet {
            leader_rate: head.leader_rate,
            people: people.iter().map(|p| p.person.clone()).collect(),
            lines: lines.iter().map(|l| l.line.clone()).collect(),
        };
        let computed =
            budget::compute(&sheet, book, head.estimate_date).map_err(|e| self.budget_error(e))?;
        Ok(Stored { head, people, lines, computed })
    }

    fn computed_view(&self, c: &Computed) -> ComputedView {
        let amounts = |a: &budget::Amounts| AmountsView {
            total: a.total.dong(),
            state: a.state.dong(),
            own: a.own.dong(),
            other: a.other.dong(),
        };
        let flagged = |person: Option<usize>, line: Option<usize>| {
            c.flags.iter().any(|f| match f.at {
                FlagAt::Person(i) => person == Some(i),
                FlagAt::Line(i) => line == Some(i),
                FlagAt::LeaderRate => person.is_some(),
            })
        };
        ComputedView {
            lines: c
                .lines
                .iter()
                .map(|l| {
                    // A labour line in English (the Vietnamese wording is the official one).
                    let (content, unit, note) = match &l.labour {
                        Some(lab) if self.locale == Locale::En => (
                            format!("{}: {}", lab.role.label(Locale::En), lab.name),
                            "months".to_owned(),
                            format!(
                                "Coefficient {}",
                                lab.coefficient.to_string().replace(',', ".")
                            ),
                        ),
                        _ => (l.content.clone(), l.unit.clone(), l.note.clone()),
                    };
                    ComputedLineView {
                        group: l.group,
                        content,
                        unit,
                        quantity: l.quantity.to_string(),
                        unit_price: l.unit_price.dong(),
                        amounts: amounts(&l.amounts),
                        note,
                        norm_code: l.norm_code.clone(),
                        person: l.person.map(|i| i as u32),
                        line: l.line.map(|i| i as u32),
                        flagged: flagged(l.person, l.line),
                    }
                })
                .collect(),
            groups: budget::LineGroup::ALL
                .iter()
                .zip(c.groups.iter())
                .map(|(g, a)| GroupView {
                    group: *g,
                    roman: g.roman().into(),
                    label: g.label(self.locale).into(),
                    amounts: amounts(a),
                })
                .collect(),
            total: amounts(&c.total),
            total_in_words: c.total.total.in_words_vi(),
            flags: c
                .flags
                .iter()
                .map(|f| {
                    let (target, index) = match f.at {
                        FlagAt::LeaderRate => (FlagTarget::LeaderRate, None),
                        FlagAt::Person(i) => (FlagTarget::Person, Some(i as u32)),
                        FlagAt::Line(i) => (FlagTarget::Line, Some(i as u32)),
                    };
                    FlagView {
                        target,
                        index,
                        norm_code: f.norm_code.clone(),
                        norm_name: f.norm_name.clone(),
                        legal_basis: f.legal_basis.clone(),
                        verified: f.verified,
                        limit: f.limit.map(Money::dong),
                        actual: f.actual.map(Money::dong),
                        excess: f.excess.map(Money::dong),
                        message: f.text.get(self.locale).to_owned(),
                    }
                })
                .collect(),
        }
    }

    fn summaries(&self, task: xaso_domain::TaskId) -> Result<Vec<EstimateSummary>, Failure> {
        let book = norms::book(self.store.conn())?;
        let rows = estimates::for_task(self.store.conn(), task)?;
        rows.into_iter()
            .map(|r| {
                let stored = self.stored(r.id, &book)?;
                Ok(EstimateSummary {
                    id: r.id.to_string(),
                    task_id: r.task_id.to_string(),
                    year: r.year,
                    version_no: r.version_no,
                    status: r.status,
                    total: stored.computed.total.total.dong(),
                    flags: stored.computed.flags.len() as u32,
                    updated_at: r.updated_at,
                })
            })
            .collect()
    }

    fn estimate_detail(&self, id: EstimateId) -> Result<EstimateDetail, Failure> {
        let conn = self.store.conn();
        let book = norms::book(conn)?;
        let st = self.stored(id, &book)?;
        let task = tasks::get(conn, st.head.task_id)?;
        let unit = units::get(conn, &task.unit_code)?;
        // Who reads decides what they may do; an unreadable profile is an error, not a guess.
        let role = self.profile()?.map(|p| p.role).unwrap_or_default();
        let scaled = |v: Scaled| v.to_string();
        let money = |m: Money| if m == Money::ZERO { String::new() } else { m.dong().to_string() };
        Ok(EstimateDetail {
            id: id.to_string(),
            task_id: task.id.to_string(),
            task_name: task.fields.name.clone(),
            unit_name: unit.name,
            year: st.head.year,
            version_no: st.head.version_no,
            status: st.head.status,
            editable: st.head.status.editable()
                && task.status != TaskStatus::Cancelled
                && role.is_unit(),
            allowed: st
                .head
                .status
                .allowed_for(role)
                .into_iter()
                .map(|to| EstimateMove { to, comment_required: to.needs_comment() })
                .collect(),
            leader_rate: money(st.head.leader_rate),
            estimate_date: st.head.estimate_date.format("%Y-%m-%d").to_string(),
            review_comment: st.head.review_comment.clone(),
            based_on: st.head.based_on.map(|b| b.to_string()),
            people: st
                .people
                .iter()
                .map(|p| PersonInput {
                    id: Some(p.id.to_string()),
                    name: p.person.name.clone(),
                    role: p.person.role,
                    months: scaled(p.person.months),
                })
                .collect(),
            lines: st
                .lines
                .iter()
                .map(|l| LineView {
                    input: LineInput {
                        id: Some(l.id.to_string()),
                        group: l.line.group,
                        content: l.line.content.clone(),
                        unit: l.line.unit.clone(),
                        quantity: scaled(l.line.quantity),
                        unit_price: money(l.line.unit_price),
                        own: money(l.line.own),
                        other: money(l.line.other),
                        note: l.line.note.clone(),
                        norm_code: l.line.norm_code.clone().unwrap_or_default(),
                    },
                    review_comment: l.review_comment.clone(),
                })
                .collect(),
            computed: self.computed_view(&st.computed),
            versions: self.summaries(task.id)?,
            norms: self.norm_views()?,
        })
    }

    fn norm_views(&self) -> Result<Vec<NormView>, Failure> {
        let today = self.zone.today();
        let rows = norms::all(self.store.conn())?;
        Ok(rows.into_iter().map(|r| norm_view(&r.id.to_string(), &r.norm, today)).collect())
    }

    fn plan(&self, year: i32, issues: Vec<FieldIssue>) -> Result<PlanView, Failure> {
        let profile = self.require_profile()?;
        let unit = self.unit_of(&profile)?;
        let conn = self.store.conn();
        let book = norms::book(conn)?;
        let spending = plans::annual_spending(conn, &unit, year)?;
        let mut by_kind: Vec<PlanKindTotal> = TaskKind::ALL
            .iter()
            .map(|k| PlanKindTotal { kind: *k, total: 0, estimates: 0, declared: 0 })
            .collect();
        // The rule (what an official expects the plan to say): each task planned for the
        // year counts once — its estimate for the year when it has one (the latest
        // version), else the cost its proposal declares; an estimate for this year of a
        // task planned for another year counts too (a task of several years).
        for (kind, row) in estimates::latest_in_year(conn, unit.as_str(), year)? {
            let stored = self.stored(row.id, &book)?;
            if let Some(k) = by_kind.iter_mut().find(|k| k.kind == kind) {
                k.total += stored.computed.total.total.dong();
                k.estimates += 1;
            }
        }
        for (kind, declared) in estimates::declared_without_estimate(conn, unit.as_str(), year)? {
            if let Some(k) = by_kind.iter_mut().find(|k| k.kind == kind) {
                k.total += declared.dong();
                k.declared += 1;
            }
        }
        let total: i64 = by_kind.iter().map(|k| k.total).sum();
        let date = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_else(|| self.zone.today());
        let target = book.in_force("plan.share_khcn_dmst_cds_min", date);
        // Shares in ten-thousandths, exact: total / spending.
        let share = spending
            .filter(|s| s.dong() > 0)
            .map(|s| (i128::from(total) * 10_000 / i128::from(s.dong())) as i64);
        Ok(PlanView {
            year,
            annual_spending: spending.map(Money::dong),
            by_kind,
            total,
            share: share.map(percent),
            target: target.map(|t| percent(t.value.raw())),
            target_norm: target.map(|t| norm_view("", t, self.zone.today())),
            meets_target: share.zip(target).map(|(s, t)| s >= t.value.raw()),
            issues,
        })
    }
}

/// Ten-thousandths as a Vietnamese percentage, to the hundredth of a percent, rounded
/// down: 325 → `3,25 %`, 310 → `3,1 %`, 300 → `3 %`.
fn percent(ten_thousandths: i64) -> String {
    let (whole, hundredths) = (ten_thousandths / 100, ten_thousandths % 100);
    if hundredths == 0 {
        format!("{whole} %")
    } else {
        format!("{whole},{} %", format!("{hundredths:02}").trim_end_matches('0'))
    }
}

fn norm_view(id: &str, n: &Norm, today: NaiveDate) -> NormView {
    let date = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    NormView {
        id: id.to_owned(),
        code: n.code.clone(),
        description: n.description.clone(),
        value: n.value.to_string(),
        unit: n.unit.clone(),
        kind: n.kind,
        legal_basis: n.legal_basis.clone(),
        effective_from: date(n.effective_from),
        effective_to: date(n.effective_to),
        verified: n.verified,
        in_force: n.in_force_on(today),
    }
}

fn compare(
    a: &Stored,
    b: &Stored,
    copied_from: &std::collections::HashMap<LineId, LineId>,
) -> CompareView {
    let view = |x: &budget::Amounts| AmountsView {
        total: x.total.dong(),
        state: x.state.dong(),
        own: x.own.dong(),
        other: x.other.dong(),
    };
    // The first line a line was copied from, through every version (bounded: a cycle in
    // damaged data must not hang the app).
    let origin = |mut id: LineId| {
        for _ in 0..1000 {
            match copied_from.get(&id) {
                Some(prev) => id = *prev,
                None => break,
            }
        }
        id
    };
    // A key per computed line: its origin line, or the person's name and role.
    let key = |s: &Stored, l: &budget::ComputedLine| -> String {
        match (l.person, l.line) {
            (Some(i), _) => {
                format!("p:{}:{}", s.people[i].person.name, s.people[i].person.role.as_str())
            }
            (_, Some(i)) => format!("l:{}", origin(s.lines[i].id)),
            _ => String::new(),
        }
    };
    let mut rows = Vec::new();
    let after: Vec<(String, &budget::ComputedLine)> =
        b.computed.lines.iter().map(|l| (key(b, l), l)).collect();
    let mut matched = vec![false; after.len()];
    for l in &a.computed.lines {
        let k = key(a, l);
        match after.iter().position(|(kb, _)| *kb == k) {
            Some(j) => {
                matched[j] = true;
                let n = after[j].1;
                let same = n.amounts == l.amounts
                    && n.content == l.content
                    && n.quantity == l.quantity
                    && n.unit_price == l.unit_price;
                rows.push(CompareRow {
                    group: n.group,
                    content: n.content.clone(),
                    before: Some(view(&l.amounts)),
                    after: Some(view(&n.amounts)),
                    difference: n.amounts.total.dong() - l.amounts.total.dong(),
                    change: if same { LineChange::Same } else { LineChange::Changed },
                });
            }
            None => rows.push(CompareRow {
                group: l.group,
                content: l.content.clone(),
                before: Some(view(&l.amounts)),
                after: None,
                difference: -l.amounts.total.dong(),
                change: LineChange::Removed,
            }),
        }
    }
    for ((_, n), _) in after.iter().zip(&matched).filter(|(_, m)| !**m) {
        rows.push(CompareRow {
            group: n.group,
            content: n.content.clone(),
            before: None,
            after: Some(view(&n.amounts)),
            difference: n.amounts.total.dong(),
            change: LineChange::Added,
        });
    }
    rows.sort_by_key(|r| r.group);
    CompareView {
        from_version: a.head.version_no,
        to_version: b.head.version_no,
        rows,
        total_before: view(&a.computed.total),
        total_after: view(&b.computed.total),
        total_difference: b.computed.total.total.dong() - a.computed.total.total.dong(),
    }
}

/// The two files an estimate is exported as; both say what [`official`] says.
#[derive(Clone, Copy)]
enum ExportKind {
    Xlsx,
    Pdf,
}

impl ExportKind {
    fn extension(self) -> &'static str {
        match self {
            Self::Xlsx => "xlsx",
            Self::Pdf => "pdf",
        }
    }

    /// What the file is called in an error (vi, en).
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Self::Xlsx => ("tệp Excel", "Excel file"),
            Self::Pdf => ("tệp PDF", "PDF file"),
        }
    }

    fn render(
        self,
        header: &official::ExportHeader,
        computed: &Computed,
    ) -> Result<Vec<u8>, String> {
        match self {
            Self::Xlsx => export_xlsx::estimate_xlsx(header, computed).map_err(|e| e.to_string()),
            Self::Pdf => export_pdf::estimate_pdf(header, computed)
                .map(|pdf| pdf.bytes)
                .map_err(|e| e.to_string()),
        }
    }
}

fn slug(name: &str) -> String {
    let folded = xaso_domain::text::fold(name);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .collect();
    if words.is_empty() { "nhiem-vu".into() } else { words.join("-") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_read_the_vietnamese_way() {
        assert_eq!(percent(300), "3 %");
        assert_eq!(percent(325), "3,25 %");
        assert_eq!(percent(1), "0,01 %");
        assert_eq!(percent(310), "3,1 %");
        assert_eq!(
            slug("Số hóa quy trình lập dự toán ngân sách phường!"),
            "so-hoa-quy-trinh-lap-du-toan-ngan"
        );
    }
}
