//! Training use cases: the city publishes programmes, sessions, materials and quizzes;
//! a unit's bridge point checks its trainees in, takes quizzes, reads materials offline;
//! the city sees attendance and results across units.
//!
//! Who may do what is decided here (and again by the server for what syncs): publishing
//! is for city roles; checking in, answering and the staff list are a unit's.

pub mod api;
pub(crate) mod export;
pub(crate) mod files;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{DateTime, Utc};
use xaso_domain::time::DisplayZone;
use xaso_domain::training::{
    self as rules, BridgePoints, SessionFields, local_time_display, local_time_input,
};
use xaso_domain::{Bilingual, Locale, MaterialId, ProgrammeId, SessionId, TraineeId, UnitCode};
use xaso_store::training::{
    self, AttendanceRow, MaterialRow, NewAttempt, NewMaterial, SessionRow, TraineeRow,
};
use xaso_store::units;

use crate::api::FieldIssue;
use crate::app::{App, ProfileRow, Session};
use crate::budget::api::ExportDone;
use crate::error::Failure;
use crate::error::{ApiError, ErrorCode};
use crate::training::api::*;

/// How many library hits a search returns.
const LIBRARY_HITS: usize = 50;

fn when(f: &SessionFields, zone: &DisplayZone) -> String {
    let start = local_time_display(f.starts_at, zone);
    let end = local_time_display(f.ends_at, zone);
    // Same day: show the end time only.
    match (start.split_once(' '), end.split_once(' ')) {
        (Some((_, d1)), Some((t2, d2))) if d1 == d2 => format!("{start} – {t2}"),
        _ => format!("{start} – {end}"),
    }
}

fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&Utc))
}

fn display_time(s: &str, zone: &DisplayZone) -> String {
    parse_time(s).map_or_else(|| s.to_owned(), |t| local_time_display(t, zone))
}

/// `12,5 MB`, `840 kB`: sizes as a Vietnamese reader writes them (decimal comma).
pub(crate) fn size_label(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "kB", "MB", "GB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit]).replace('.', ",")
    }
}

/// A unit's staff member at work on training: their unit, which unit roles always have.
struct UnitStaff {
    unit: UnitCode,
    display_name: String,
}

impl Session {
    fn require_city(&self) -> Result<ProfileRow, Failure> {
        let profile = self.require_profile()?;
        if !profile.role.is_city() {
            return Err(self.error(
                ErrorCode::Forbidden,
                Bilingual::new(
                    "Chỉ cán bộ Sở KHCN đăng tải chương trình, buổi tập huấn, tài liệu và câu hỏi.",
                    "Only the city's staff publish programmes, sessions, materials and quizzes.",
                ),
            ).into());
        }
        Ok(profile)
    }

    fn require_unit(&self) -> Result<UnitStaff, Failure> {
        let profile = self.require_profile()?;
        if profile.role.is_city() {
            return Err(self.error(
                ErrorCode::Forbidden,
                Bilingual::new(
                    "Điểm danh, danh sách học viên và bài kiểm tra do điểm cầu của đơn vị thực hiện.",
                    "Check-in, the trainee list and quizzes are done at a unit's bridge point.",
                ),
            ).into());
        }
        Ok(UnitStaff { unit: self.unit_of(&profile)?, display_name: profile.display_name })
    }

    fn not_found_in_training(&self, what_vi: &str, what_en: &str, id: &str) -> ApiError {
        self.error(
            ErrorCode::NotFound,
            Bilingual::new(
                format!("Không có {what_vi} {id:?}."),
                format!("There is no {what_en} {id:?}."),
            ),
        )
    }
    /// An id the UI sent: text that is not an id names nothing here (not found).
    fn training_id<T: std::str::FromStr>(
        &self,
        what_vi: &str,
        what_en: &str,
        id: &str,
    ) -> Result<T, Failure> {
        Ok(id.parse().map_err(|_| self.not_found_in_training(what_vi, what_en, id))?)
    }

    fn programme_id(&self, id: &str) -> Result<ProgrammeId, Failure> {
        self.training_id("chương trình", "programme", id)
    }

    fn session_id(&self, id: &str) -> Result<SessionId, Failure> {
        self.training_id("buổi tập huấn", "session", id)
    }

    fn material_id(&self, id: &str) -> Result<MaterialId, Failure> {
        self.training_id("tài liệu", "material", id)
    }

    fn session_row(&self, id: &str) -> Result<SessionRow, Failure> {
        Ok(training::session(self.store.conn(), self.session_id(id)?)?
            .ok_or_else(|| self.not_found_in_training("buổi tập huấn", "session", id))?)
    }

    fn material_row(&self, id: &str) -> Result<MaterialRow, Failure> {
        Ok(training::material(self.store.conn(), self.material_id(id)?)?
            .ok_or_else(|| self.not_found_in_training("tài liệu", "material", id))?)
    }

    fn unit_name(&self, code: &str) -> String {
        UnitCode::parse(code)
            .ok()
            .and_then(|c| units::get(self.store.conn(), &c).ok())
            .map_or_else(|| code.to_owned(), |u| u.name)
    }

    /// Whose rows a list shows: this unit's, or every unit's for the city.
    fn scope(&self, profile: &ProfileRow) -> Option<UnitCode> {
        profile.unit.clone().filter(|_| !profile.role.is_city())
    }

    fn takes_part(&self, profile: &ProfileRow, f: &SessionFields) -> bool {
        profile.role.is_city() || profile.unit.as_ref().is_some_and(|u| f.bridge_points.includes(u))
    }

    pub(crate) fn material_view(
        &self,
        files: &crate::training::files::Files,
        m: MaterialRow,
    ) -> MaterialView {
        let file = files.view(&self.store, &m.sha256, self.locale);
        MaterialView {
            size_label: size_label(m.size),
            id: m.id.to_string(),
            programme_id: m.programme_id.to_string(),
            session_id: m.session_id.map(|id| id.to_string()),
            topic: m.topic,
            title: m.title,
            description: m.description,
            file_name: m.file_name,
            media_type: m.media_type,
            size: m.size,
            sha256: m.sha256,
            file,
        }
    }

    fn attendance_view(&self, a: AttendanceRow) -> AttendanceView {
        AttendanceView {
            unit_name: self.unit_name(&a.unit_code),
            mode_label: a.mode.label().get(self.locale).to_owned(),
            checked_in_at: display_time(&a.checked_in_at, &self.zone),
            id: a.id.to_string(),
            trainee_id: a.trainee_id.to_string(),
            trainee_name: a.trainee_name,
            unit_code: a.unit_code,
            mode: a.mode,
            checked_in_by: a.checked_in_by,
        }
    }

    fn bridge_points_label(&self, b: &BridgePoints) -> String {
        match b {
            BridgePoints::All => match self.locale {
                Locale::Vi => "Tất cả các đơn vị".to_owned(),
                Locale::En => "Every unit".to_owned(),
            },
            BridgePoints::Some(units) => {
                units.iter().map(|u| self.unit_name(u.as_str())).collect::<Vec<_>>().join(", ")
            }
        }
    }

    pub(crate) fn session_detail(
        &self,
        files: &crate::training::files::Files,
        id: &str,
    ) -> Result<SessionDetail, Failure> {
        let profile = self.require_profile()?;
        let row = self.session_row(id)?;
        let id = row.id;
        let conn = self.store.conn();
        let programme = training::programme(conn, row.programme_id)?;
        let scope = self.scope(&profile);
        let materials = training::materials(conn, row.programme_id, Some(id))?
            .into_iter()
            .map(|m| self.material_view(files, m))
            .collect();
        let questions = training::questions(conn, id)?.into_iter().map(|q| q.question).collect();
        let attendance = training::attendance(conn, id, scope.as_ref())?
            .into_iter()
            .map(|a| self.attendance_view(a))
            .collect();
        let attempts = training::attempts(conn, id)?
            .into_iter()
            .filter(|a| scope.as_ref().is_none_or(|u| u.as_str() == a.unit_code))
            .map(|a| AttemptView {
                id: a.id.to_string(),
                trainee_id: a.trainee_id.to_string(),
                trainee_name: a.trainee_name,
                unit_code: a.unit_code,
                score: u32::try_from(a.score).unwrap_or(0),
                out_of: u32::try_from(a.out_of).unwrap_or(0),
                answered_at: display_time(&a.answered_at, &self.zone),
            })
            .collect();
        let f = &row.fields;
        Ok(SessionDetail {
            id: row.id.to_string(),
            programme_id: row.programme_id.to_string(),
            programme_title: programme.map(|p| p.title).unwrap_or_default(),
            form: SessionInput {
                title: f.title.clone(),
                topic: f.topic.clone(),
                starts_at: local_time_input(f.starts_at, &self.zone),
                ends_at: local_time_input(f.ends_at, &self.zone),
                format: f.format,
                place: f.place.clone(),
                online_link: f.online_link.clone(),
                speakers: f.speakers.clone(),
                all_units: f.bridge_points == BridgePoints::All,
                bridge_points: match &f.bridge_points {
                    BridgePoints::All => Vec::new(),
                    BridgePoints::Some(u) => u.iter().map(|c| c.as_str().to_owned()).collect(),
                },
                description: f.description.clone(),
            },
            when: when(f, &self.zone),
            format_label: f.format.label().get(self.locale).to_owned(),
            bridge_points_label: self.bridge_points_label(&f.bridge_points),
            bridge_point_units: match &f.bridge_points {
                BridgePoints::All => Vec::new(),
                BridgePoints::Some(codes) => {
                    codes.iter().filter_map(|c| units::get(conn, c).ok()).collect()
                }
            },
            takes_part: self.takes_part(&profile, f),
            materials,
            questions,
            attendance,
            attempts,
            can_publish: profile.role.is_city(),
            can_check_in: !profile.role.is_city() && self.takes_part(&profile, f),
        })
    }

    fn home(&self, files: &crate::training::files::Files) -> Result<TrainingHome, Failure> {
        let profile = self.require_profile()?;
        let conn = self.store.conn();
        let scope = self.scope(&profile);
        let counts = training::attendance_counts(conn)?;
        let mut attended: HashMap<SessionId, u32> = HashMap::new();
        for c in counts.iter().filter(|c| scope.as_ref().is_none_or(|u| u.as_str() == c.unit_code))
        {
            *attended.entry(c.session_id).or_default() +=
                u32::try_from(c.in_person + c.online).unwrap_or(0);
        }
        let mut programmes = Vec::new();
        for p in training::programmes(conn)? {
            let sessions = training::sessions(conn, Some(p.id))?
                .into_iter()
                .map(|s| SessionSummary {
                    takes_part: self.takes_part(&profile, &s.fields),
                    attended: attended.get(&s.id).copied().unwrap_or(0),
                    when: when(&s.fields, &self.zone),
                    format_label: s.fields.format.label().get(self.locale).to_owned(),
                    format: s.fields.format,
                    title: s.fields.title,
                    topic: s.fields.topic,
                    id: s.id.to_string(),
                })
                .collect();
            let materials = training::materials(conn, p.id, None)?;
            let ready = materials.iter().filter(|m| files.has(&m.sha256)).count();
            programmes.push(ProgrammeView {
                id: p.id.to_string(),
                title: p.title,
                description: p.description,
                keep_offline: p.keep_offline,
                sessions,
                materials: u32::try_from(materials.len()).unwrap_or(u32::MAX),
                materials_ready: u32::try_from(ready).unwrap_or(u32::MAX),
            });
        }
        Ok(TrainingHome {
            can_publish: profile.role.is_city(),
            can_check_in: !profile.role.is_city(),
            programmes,
        })
    }

    fn trainee_row(&self, profile: &UnitStaff, id: &str) -> Result<TraineeRow, Failure> {
        let key: TraineeId = self.training_id("học viên", "trainee", id)?;
        Ok(training::trainee(self.store.conn(), key)?
            .filter(|t| t.unit_code == profile.unit.as_str())
            .ok_or_else(|| self.not_found_in_training("học viên", "trainee", id))?)
    }
}

fn trainee_view(t: TraineeRow) -> TraineeView {
    TraineeView {
        id: t.id.to_string(),
        unit_code: t.unit_code,
        full_name: t.full_name,
        position: t.position,
    }
}

impl App {
    /// The training screen: every programme with its sessions, attendance counts (this
    /// unit's, or every unit's for the city) and how many of its materials are on this
    /// laptop.
    pub fn training_home(&self) -> Result<TrainingHome, ApiError> {
        let files = self.files();
        self.with_session(|s| s.home(&files))
    }

    /// Publishes a programme, or edits one (city staff).
    pub fn programme_save(&self, req: ProgrammeInput) -> Result<TrainingHome, ApiError> {
        let files = self.files();
        self.with_session(|s| {
            let profile = s.require_city()?;
            if req.title.trim().is_empty() {
                let issue = s.issue(
                    "title",
                    "required",
                    Bilingual::new("Nhập tên chương trình.", "Enter the programme's title."),
                );
                return Err(s.validation(vec![issue]).into());
            }
            let id = req.id.as_deref().map(|id| s.programme_id(id)).transpose()?;
            s.store.write(&profile.display_name, Utc::now(), |c| {
                c.programmes().save(id, req.title.trim(), req.description.trim())
            })?;
            s.home(&files)
        })
    }

    /// Publishes a session, or edits one (city staff).
    pub fn session_save(&self, req: SessionSave) -> Result<SessionSaved, ApiError> {
        let files = self.files();
        self.with_session(|s| {
            let profile = s.require_city()?;
            let conn = s.store.conn();
            let fields =
                match rules::session_input(&req.form, &s.zone, |u| units::get(conn, u).is_ok()) {
                    Ok(f) => f,
                    Err(issues) => {
                        return Ok(SessionSaved { session: None, issues: s.issues(issues) });
                    }
                };
            let programme = s.programme_id(&req.programme_id)?;
            let id = req.id.as_deref().map(|id| s.session_id(id)).transpose()?;
            let id = s.store.write(&profile.display_name, Utc::now(), |c| {
                c.sessions().save(programme, id, &fields)
            })?;
            Ok(SessionSaved {
                session: Some(s.session_detail(&files, &id.to_string())?),
                issues: Vec::new(),
            })
        })
    }

    /// A session with its form, materials and their file states, quiz, and the check-ins
    /// and quiz attempts this profile may see.
    pub fn session_get(&self, req: SessionRef) -> Result<SessionDetail, ApiError> {
        let files = self.files();
        self.with_session(|s| s.session_detail(&files, &req.id))
    }

    /// Attaches a file from this computer to a programme or session (city staff): the
    /// file is copied into the app's content-addressed store (once, however many
    /// materials use it), its text extracted for search, and it is queued for upload.
    pub fn material_add(&self, req: MaterialAdd) -> Result<MaterialSaved, ApiError> {
        let files = self.files();
        let path = req.path.trim().to_owned();
        let mut issues = Vec::new();
        if req.title.trim().is_empty() {
            issues.push((
                "title",
                "required",
                Bilingual::new("Nhập tên tài liệu.", "Enter the material's title."),
            ));
        }
        if path.is_empty() || !Path::new(&path).is_file() {
            issues.push((
                "path",
                "no_file",
                Bilingual::new(
                    format!("Không tìm thấy tệp {path:?}."),
                    format!("There is no file {path:?}."),
                ),
            ));
        }
        if !issues.is_empty() {
            return self.with_session(|s| {
                let issues = issues.into_iter().map(|(f, c, t)| s.issue(f, c, t)).collect();
                Ok(MaterialSaved { material: None, issues })
            });
        }
        // Hashing and copying a large file happens outside the store's lock.
        self.with_session(|s| s.require_city().map(|_| ()))?;
        let stored = files.import(Path::new(&path)).map_err(|e| self.file_error(&e))?;
        let file_name = Path::new(&path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let media_type = crate::training::files::media_type(&file_name).to_owned();
        let text =
            crate::training::files::extract_text(&media_type, &files.path_of(&stored.sha256));
        self.with_session(|s| {
            let profile = s.require_city()?;
            let session = req.session_id.as_deref().map(|id| s.session_row(id)).transpose()?;
            let material = NewMaterial {
                programme_id: s.programme_id(&req.programme_id)?,
                session_id: session.as_ref().map(|row| row.id),
                topic: session.map(|row| row.fields.topic).unwrap_or_default(),
                title: req.title.trim().to_owned(),
                description: req.description.trim().to_owned(),
                file_name,
                media_type,
                size: stored.size,
                sha256: stored.sha256.clone(),
            };
            // The row, its outbox entry, its searchable text and the upload to do: one
            // transaction, so a crash leaves all of them or none.
            let id = s.store.write(&profile.display_name, Utc::now(), |c| {
                let id = c.materials().add(&material)?;
                if let Some(text) = &text {
                    c.files().set_text(&stored.sha256, text)?;
                }
                c.files().want(&stored.sha256, training::Direction::Up)?;
                Ok(id)
            })?;
            let row = s.material_row(&id.to_string())?;
            Ok(MaterialSaved { material: Some(s.material_view(&files, row)), issues: Vec::new() })
        })
        .inspect(|_| self.nudge_files())
    }

    /// Asks for a material's file to be downloaded.
    pub fn material_download(&self, req: MaterialRef) -> Result<MaterialView, ApiError> {
        let files = self.files();
        let out = self.with_session(|s| {
            let m = s.material_row(&req.id)?;
            if !files.has(&m.sha256) {
                s.store.want_file(&m.sha256, training::Direction::Down)?;
                files.ask_again(&m.sha256);
            }
            Ok(s.material_view(&files, m))
        });
        self.nudge_files();
        out
    }

    /// Withdraws a material (city staff): once synced it leaves the session, the library
    /// and the download queue on every laptop. The file stays where it is (another
    /// material may share its content).
    pub fn material_remove(&self, req: MaterialRef) -> Result<TrainingHome, ApiError> {
        let files = self.files();
        self.with_session(|s| {
            let profile = s.require_city()?;
            let id = s.material_id(&req.id)?;
            s.store.write(&profile.display_name, Utc::now(), |c| c.materials().remove(id))?;
            s.home(&files)
        })
    }

    /// Keeps every material of a programme on this laptop (or stops).
    pub fn programme_keep_offline(&self, req: KeepOffline) -> Result<TrainingHome, ApiError> {
        let files = self.files();
        let out = self.with_session(|s| {
            let programme = s.programme_id(&req.programme_id)?;
            s.store.keep_offline(programme, req.keep)?;
            s.home(&files)
        });
        self.nudge_files();
        out
    }

    /// Opens a material's file in the system's viewer (see [`App::set_file_opener`]) and
    /// answers where it is; counts as opened by this laptop's person (their progress). A
    /// file not here yet is queued and the error says so.
    pub fn material_open(&self, req: MaterialRef) -> Result<MaterialFile, ApiError> {
        let files = self.files();
        let out = self.with_session(|s| {
            let profile = s.require_profile()?;
            let m = s.material_row(&req.id)?;
            if !files.has(&m.sha256) {
                s.store.want_file(&m.sha256, training::Direction::Down)?;
                return Err(s.error(
                    ErrorCode::FileNotHere,
                    Bilingual::new(
                        "Tệp chưa có trên máy này; đã xếp hàng tải về. Hãy mở lại khi tải xong.",
                        "The file is not on this computer yet; it is queued for download. Open it again when it is done.",
                    ),
                ).into());
            }
            if let Some(unit) = profile.unit.as_ref().filter(|_| !profile.role.is_city()) {
                s.store
                    .write(&profile.display_name, Utc::now(), |c| {
                        c.openings().record(m.id, unit, &profile.display_name)
                    })
                    ?;
            }
            Ok((files.path_of(&m.sha256), m.media_type))
        });
        self.nudge_files();
        let (path, media_type) = out?;
        self.open_with_system(&path);
        Ok(MaterialFile { path: path.display().to_string(), media_type })
    }

    /// The library's search: title, description, topic, file name and the text of PDFs,
    /// with or without diacritics.
    pub fn library_search(&self, req: LibrarySearch) -> Result<Vec<LibraryHit>, ApiError> {
        let files = self.files();
        self.with_session(|s| {
            if training::search_behind(s.store.conn())? {
                s.store.catch_up_search()?;
            }
            let conn = s.store.conn();
            let rows = training::search_materials(conn, &req.query, LIBRARY_HITS)?;
            let mut titles = HashMap::new();
            for p in training::programmes(conn)? {
                titles.insert(p.id, p.title);
            }
            let mut hits = Vec::with_capacity(rows.len());
            for m in rows {
                let session_title = match m.session_id {
                    Some(id) => training::session(conn, id)?.map(|r| r.fields.title),
                    None => None,
                };
                hits.push(LibraryHit {
                    programme_title: titles.get(&m.programme_id).cloned().unwrap_or_default(),
                    session_title,
                    material: s.material_view(&files, m),
                });
            }
            Ok(hits)
        })
    }

    /// The unit's staff who take training.
    pub fn trainees_list(&self) -> Result<Vec<TraineeView>, ApiError> {
        self.with_session(|s| {
            let profile = s.require_profile()?;
            let scope = s.scope(&profile);
            Ok(training::trainees(s.store.conn(), scope.as_ref())?
                .into_iter()
                .map(trainee_view)
                .collect())
        })
    }

    /// Adds a person to the unit's staff list of trainees (unit roles only: `forbidden` for
    /// the city); an empty name is a `validation` error.
    pub fn trainee_add(&self, req: TraineeAdd) -> Result<TraineeView, ApiError> {
        self.with_session(|s| {
            let profile = s.require_unit()?;
            let id = add_trainee(s, &profile, "full_name", &req.full_name, &req.position)?;
            Ok(trainee_view(s.trainee_row(&profile, &id.to_string())?))
        })
    }

    /// Checks a trainee in at a session of which this unit is a bridge point. Offline: it
    /// syncs up with everything else.
    pub fn attendance_check_in(&self, req: CheckIn) -> Result<SessionDetail, ApiError> {
        let files = self.files();
        self.with_session(|s| {
            let profile = s.require_unit()?;
            let session = s.session_row(&req.session_id)?;
            if !session.fields.bridge_points.includes(&profile.unit) {
                return Err(s
                    .error(
                        ErrorCode::Forbidden,
                        Bilingual::new(
                            "Đơn vị không phải điểm cầu của buổi tập huấn này.",
                            "This unit is not a bridge point of the session.",
                        ),
                    )
                    .into());
            }
            let trainee_id = match &req.trainee_id {
                Some(id) => id.clone(),
                None => add_trainee(s, &profile, "new_name", &req.new_name, &req.new_position)?
                    .to_string(),
            };
            let trainee = s.trainee_row(&profile, &trainee_id)?;
            let already = training::attendance(s.store.conn(), session.id, Some(&profile.unit))?
                .into_iter()
                .any(|a| a.trainee_id == trainee.id);
            if already {
                return Err(s
                    .error(
                        ErrorCode::Validation,
                        Bilingual::new(
                            format!("{} đã được điểm danh ở buổi này.", trainee.full_name),
                            format!("{} is already checked in at this session.", trainee.full_name),
                        ),
                    )
                    .into());
            }
            s.store.write(&profile.display_name, Utc::now(), |c| {
                c.attendance().check_in(session.id, &profile.unit, &trainee, req.mode)
            })?;
            s.session_detail(&files, &req.session_id)
        })
    }

    /// Replaces a session's quiz (city staff).
    pub fn quiz_save(&self, req: QuizSave) -> Result<SessionSaved, ApiError> {
        let files = self.files();
        self.with_session(|s| {
            let profile = s.require_city()?;
            let session = s.session_row(&req.session_id)?;
            let issues = rules::quiz_input(&req.questions);
            if !issues.is_empty() {
                // `questions.{i}`: the editor shows each issue beside its question.
                let issues = issues
                    .into_iter()
                    .map(|(i, issue)| FieldIssue {
                        field: format!("questions.{i}"),
                        ..s.field_issue(issue)
                    })
                    .collect();
                return Ok(SessionSaved { session: None, issues });
            }
            s.store.write(&profile.display_name, Utc::now(), |c| {
                c.quiz().save_questions(session.id, &req.questions)
            })?;
            Ok(SessionSaved {
                session: Some(s.session_detail(&files, &req.session_id)?),
                issues: Vec::new(),
            })
        })
    }

    /// Scores and records a trainee's answers (on the unit's laptop, offline).
    pub fn quiz_submit(&self, req: QuizSubmit) -> Result<QuizResult, ApiError> {
        let files = self.files();
        self.with_session(|s| {
            let profile = s.require_unit()?;
            let trainee = s.trainee_row(&profile, &req.trainee_id)?;
            let session = s.session_id(&req.session_id)?;
            let questions = training::questions(s.store.conn(), session)?;
            if questions.is_empty() {
                return Err(s
                    .error(
                        ErrorCode::NotFound,
                        Bilingual::new(
                            "Buổi này chưa có bài kiểm tra.",
                            "This session has no quiz.",
                        ),
                    )
                    .into());
            }
            let key: Vec<(String, Vec<u32>)> =
                questions.iter().map(|q| (q.id.to_string(), q.question.correct.clone())).collect();
            let (scored, score, out_of) = rules::score(&key, &req.answers);
            s.store.write(&profile.display_name, Utc::now(), |c| {
                c.quiz().record_attempt(&NewAttempt {
                    session_id: session,
                    unit: &profile.unit,
                    trainee: &trainee,
                    answers: &scored,
                    score,
                    out_of,
                })
            })?;
            Ok(QuizResult {
                score,
                out_of,
                correct: scored.iter().map(|a| a.correct).collect(),
                session: s.session_detail(&files, &req.session_id)?,
            })
        })
    }

    /// Attendance per session and unit with totals: every unit's for the city (what has
    /// synced to this laptop), this unit's otherwise.
    pub fn attendance_report(&self) -> Result<AttendanceReport, ApiError> {
        self.with_session(attendance_report)
    }

    /// The attendance report as a CSV or Excel file in the exports folder.
    pub fn attendance_export(&self, req: AttendanceExport) -> Result<ExportDone, ApiError> {
        let dir = self.config().exports_dir.clone();
        self.with_session(|s| {
            let report = attendance_report(s)?;
            let stamp = s.zone.local(chrono::Utc::now()).format("%Y%m%d-%H%M%S");
            let (name, bytes) = match req.format {
                ReportFormat::Csv => (
                    format!("diem-danh-{stamp}.csv"),
                    crate::training::export::attendance_csv(&report)
                        .map_err(|e| s.export_failed(&e.to_string()))?,
                ),
                ReportFormat::Xlsx => (
                    format!("diem-danh-{stamp}.xlsx"),
                    crate::training::export::attendance_xlsx(&report)
                        .map_err(|e| s.export_failed(&e.to_string()))?,
                ),
            };
            std::fs::create_dir_all(&dir).map_err(|e| s.export_failed(&e.to_string()))?;
            let path = dir.join(name);
            std::fs::write(&path, bytes).map_err(|e| s.export_failed(&e.to_string()))?;
            Ok(ExportDone { path: path.display().to_string() })
        })
    }

    /// A session's quiz results per unit and per question, hardest first.
    pub fn quiz_report(&self, req: SessionRef) -> Result<QuizReport, ApiError> {
        self.with_session(|s| {
            let profile = s.require_profile()?;
            let scope = s.scope(&profile);
            let session = s.session_row(&req.id)?;
            let conn = s.store.conn();
            let questions = training::questions(conn, session.id)?;
            let attempts: Vec<_> = training::attempts(conn, session.id)?
                .into_iter()
                .filter(|a| scope.as_ref().is_none_or(|u| u.as_str() == a.unit_code))
                .collect();
            let mut per_unit: BTreeMap<String, (u32, i64, i64)> = BTreeMap::new();
            let mut per_question: HashMap<&str, (u32, u32)> = HashMap::new();
            for a in &attempts {
                let e = per_unit.entry(a.unit_code.clone()).or_default();
                e.0 += 1;
                e.1 += a.score;
                e.2 += a.out_of;
                for answer in &a.answers {
                    let q = per_question.entry(answer.question_id.as_str()).or_default();
                    q.0 += 1;
                    q.1 += u32::from(answer.correct);
                }
            }
            let percent = |part: i64, whole: i64| {
                if whole == 0 {
                    0
                } else {
                    u32::try_from((part * 100 + whole / 2) / whole).unwrap_or(0)
                }
            };
            let units = per_unit
                .into_iter()
                .map(|(code, (n, score, out_of))| UnitQuizResult {
                    unit_name: s.unit_name(&code),
                    unit_code: code,
                    attempts: n,
                    average_percent: percent(score, out_of),
                })
                .collect();
            let mut results: Vec<QuestionResult> = questions
                .iter()
                .map(|q| {
                    let question_id = q.id.to_string();
                    let (answered, right) =
                        per_question.get(question_id.as_str()).copied().unwrap_or_default();
                    QuestionResult {
                        question_id,
                        prompt: q.question.prompt.clone(),
                        answered,
                        right,
                        right_percent: percent(i64::from(right), i64::from(answered)),
                    }
                })
                .collect();
            results.sort_by_key(|q| (q.answered == 0, q.right_percent));
            Ok(QuizReport {
                session_id: req.id,
                title: session.fields.title,
                units,
                questions: results,
            })
        })
    }

    /// One trainee's sessions attended, materials opened and quiz scores.
    pub fn trainee_progress(&self, req: TraineeRef) -> Result<TraineeProgress, ApiError> {
        self.with_session(|s| {
            let profile = s.require_profile()?;
            let conn = s.store.conn();
            let key: TraineeId = s.training_id("học viên", "trainee", &req.id)?;
            let trainee = training::trainee(conn, key)?
                .filter(|t| {
                    profile.role.is_city()
                        || profile.unit.as_ref().is_some_and(|u| t.unit_code == u.as_str())
                })
                .ok_or_else(|| s.not_found_in_training("học viên", "trainee", &req.id))?;
            let title_of = |id: SessionId| -> Result<(String, String), Failure> {
                Ok(training::session(conn, id)?
                    .map(|r| (r.fields.title.clone(), when(&r.fields, &s.zone)))
                    .unwrap_or_default())
            };
            let mut sessions = Vec::new();
            for a in training::attendance_of(conn, trainee.id)? {
                let (title, when) = title_of(a.session_id)?;
                sessions.push(ProgressSession {
                    session_id: a.session_id.to_string(),
                    title,
                    when,
                    mode_label: a.mode.label().get(s.locale).to_owned(),
                });
            }
            let materials = training::openings_of(conn, &trainee.unit_code, &trainee.full_name)?
                .into_iter()
                .map(|(m, at)| ProgressMaterial {
                    material_id: m.id.to_string(),
                    title: m.title,
                    opened_at: display_time(&at, &s.zone),
                })
                .collect();
            let mut quizzes = Vec::new();
            for a in training::attempts_of(conn, trainee.id)? {
                let (title, _) = title_of(a.session_id)?;
                quizzes.push(ProgressQuiz {
                    session_id: a.session_id.to_string(),
                    title,
                    score: u32::try_from(a.score).unwrap_or(0),
                    out_of: u32::try_from(a.out_of).unwrap_or(0),
                });
            }
            Ok(TraineeProgress { trainee: trainee_view(trainee), sessions, materials, quizzes })
        })
    }
}

/// Adds a trainee to the unit's staff list; an empty name is an issue of `field` (the
/// form's name box: `full_name` in the staff list, `new_name` at check-in).
fn add_trainee(
    s: &mut Session,
    profile: &UnitStaff,
    field: &str,
    full_name: &str,
    position: &str,
) -> Result<TraineeId, Failure> {
    if full_name.trim().is_empty() {
        let issue = s.issue(
            field,
            "required",
            Bilingual::new("Chọn học viên hoặc nhập họ tên.", "Pick a trainee or enter a name."),
        );
        return Err(s.validation(vec![issue]).into());
    }
    Ok(s.store.write(&profile.display_name, Utc::now(), |c| {
        c.trainees().add(&profile.unit, full_name, position)
    })?)
}

fn attendance_report(s: &mut Session) -> Result<AttendanceReport, Failure> {
    let profile = s.require_profile()?;
    let scope = s.scope(&profile);
    let conn = s.store.conn();
    let counts = training::attendance_counts(conn)?;
    let mut report =
        AttendanceReport { sessions: Vec::new(), in_person: 0, online: 0, total: 0, units: 0 };
    let mut units_seen = std::collections::BTreeSet::new();
    for row in training::sessions(conn, None)? {
        let mut line = SessionAttendance {
            session_id: row.id.to_string(),
            title: row.fields.title.clone(),
            when: when(&row.fields, &s.zone),
            units: Vec::new(),
            in_person: 0,
            online: 0,
            total: 0,
        };
        for c in counts
            .iter()
            .filter(|c| c.session_id == row.id)
            .filter(|c| scope.as_ref().is_none_or(|u| u.as_str() == c.unit_code))
        {
            let in_person = u32::try_from(c.in_person).unwrap_or(0);
            let online = u32::try_from(c.online).unwrap_or(0);
            units_seen.insert(c.unit_code.clone());
            line.units.push(UnitAttendance {
                unit_code: c.unit_code.clone(),
                unit_name: s.unit_name(&c.unit_code),
                in_person,
                online,
                total: in_person + online,
            });
            line.in_person += in_person;
            line.online += online;
        }
        line.total = line.in_person + line.online;
        report.in_person += line.in_person;
        report.online += line.online;
        report.sessions.push(line);
    }
    report.total = report.in_person + report.online;
    report.units = u32::try_from(units_seen.len()).unwrap_or(u32::MAX);
    Ok(report)
}

impl Session {
    fn export_failed(&self, why: &str) -> ApiError {
        self.error(
            ErrorCode::Internal,
            Bilingual::new(
                format!("Không xuất được tệp: {why}"),
                format!("Could not export the file: {why}"),
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_the_vietnamese_way() {
        assert_eq!(size_label(999), "999 B");
        assert_eq!(size_label(12_500_000), "12,5 MB");
        assert_eq!(size_label(209_715_200), "209,7 MB");
        assert_eq!(size_label(1_500), "1,5 kB");
    }
}
