//! The app's use cases as the UI calls them, on a real database in a temp folder.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers panic on purpose

use xaso_core::*;

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Self {
        Self { dir: tempfile::tempdir().unwrap() }
    }

    fn config(&self) -> Config {
        Config::at(self.dir.path())
    }

    fn open(&self) -> App {
        App::open(self.config())
    }

    /// An app past first start: Phường Bến Thành, an official.
    fn ready(&self, role: Role) -> App {
        let app = self.open();
        app.profile_set(ProfileSet {
            unit_code: "26743".into(),
            display_name: "Nguyễn Thị Lan".into(),
            role,
        })
        .unwrap();
        app
    }
}

fn complete_input() -> TaskInput {
    TaskInput::example("Số hóa quy trình lập dự toán ngân sách phường")
}

fn query(search: &str) -> TaskQuery {
    TaskQuery { status: None, kind: None, year: None, search: search.into(), offset: 0, limit: 50 }
}

fn names(app: &App, search: &str) -> Vec<String> {
    app.tasks_list(query(search)).unwrap().items.into_iter().map(|t| t.name).collect()
}

#[test]
fn first_start_asks_for_the_unit_found_without_diacritics() {
    let fx = Fixture::new();
    let app = fx.open();
    let status = app.app_status();
    assert_eq!(status.state, AppState::NeedsProfile);
    assert_eq!(status.locale, Locale::Vi);

    let found = app.units_search(UnitSearch { query: "ben thanh".into() }).unwrap();
    assert_eq!(found.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(), ["Phường Bến Thành"]);
    assert_eq!(app.units_search(UnitSearch { query: String::new() }).unwrap().len(), 168);

    // Nothing can be written before the profile exists.
    assert_eq!(app.task_create(complete_input()).unwrap_err().code, ErrorCode::NoProfile);

    let bad = app
        .profile_set(ProfileSet {
            unit_code: "99999".into(),
            display_name: " ".into(),
            role: Role::CityReviewer,
        })
        .unwrap_err();
    assert_eq!(bad.code, ErrorCode::Validation);
    let fields: Vec<&str> = bad.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["display_name", "unit_code"]);

    let status = app
        .profile_set(ProfileSet {
            unit_code: found[0].code.to_string(),
            display_name: "Nguyễn Thị Lan".into(),
            role: Role::UnitOfficial,
        })
        .unwrap();
    assert_eq!(status.state, AppState::Ready);
    assert_eq!(status.profile.unwrap().unit_name, "Phường Bến Thành");
}

#[test]
fn a_task_typed_in_is_kept_across_restarts_and_found_without_diacritics() {
    let fx = Fixture::new();
    let id = {
        let app = fx.ready(Role::UnitOfficial);
        let saved = app
            .task_create(TaskInput { name: "Số hóa".into(), year: 2026, ..Default::default() })
            .unwrap();
        assert_eq!(saved.task.status, TaskStatus::Draft);
        // Incomplete is fine for a draft: saved, and the UI is told what is missing.
        assert!(
            saved
                .issues
                .iter()
                .any(|i| i.field == "objectives" && i.severity == Severity::Incomplete)
        );
        let saved =
            app.task_save(TaskSave { id: saved.task.id.clone(), input: complete_input() }).unwrap();
        assert!(saved.issues.is_empty(), "{:?}", saved.issues);
        assert_eq!(saved.task.cost_total, 170_000_000);
        assert_eq!(saved.task.duration_months, Some(10));
        saved.task.id
    };
    let app = fx.open();
    assert_eq!(app.app_status().state, AppState::Ready);
    assert_eq!(names(&app, "du toan ngan sach"), ["Số hóa quy trình lập dự toán ngân sách phường"]);
    let detail = app.task_get(TaskRef { id }).unwrap();
    assert_eq!(detail.input, complete_input_as_stored());
}

/// What the form shows after a save: money as plain digits.
fn complete_input_as_stored() -> TaskInput {
    TaskInput { cost_state: "150000000".into(), ..complete_input() }
}

#[test]
fn bad_input_is_refused_field_by_field_and_nothing_else_is_lost() {
    let fx = Fixture::new();
    let app = fx.ready(Role::UnitOfficial);
    let id = app.task_create(complete_input()).unwrap().task.id;

    let mut input = complete_input();
    input.contents = "x".repeat(100 * 1024);
    input.cost_other = "1234567890123456789012345".into();
    input.start_date = "1800-01-01".into();
    input.name = "'); DROP TABLE tasks;-- <script>alert(1)</script>".into();
    let saved = app.task_save(TaskSave { id: id.clone(), input: input.clone() }).unwrap();

    let blocking: Vec<(&str, &str)> = saved
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Blocking)
        .map(|i| (i.field.as_str(), i.code.as_str()))
        .collect();
    assert_eq!(
        blocking,
        [
            ("contents", "too_long"),
            ("cost_other", "too_large"),
            ("start_date", "year_out_of_range")
        ]
    );
    let msg = &saved.issues.iter().find(|i| i.field == "contents").unwrap().message;
    assert_eq!(msg, "Quá dài: 102.400 ký tự, tối đa 20.000 ký tự.");
    // The refused fields keep what was stored; the good field is stored exactly as typed.
    assert_eq!(saved.task.input.contents, complete_input().contents);
    assert_eq!(saved.task.input.start_date, "2026-03-01");
    assert_eq!(saved.task.input.name, input.name);
    assert_eq!(names(&app, "drop table"), [input.name.clone()]);
}

#[test]
fn the_lifecycle_is_enforced_and_recorded() {
    let fx = Fixture::new();
    let app = fx.ready(Role::UnitOfficial);
    let id = app
        .task_create(TaskInput { name: "Chưa đủ".into(), year: 2026, ..Default::default() })
        .unwrap()
        .task
        .id;
    let go = |to, comment: &str| {
        app.task_transition(TaskTransition { id: id.clone(), to, comment: comment.into() })
    };

    // Submitting an incomplete proposal says which fields are missing.
    let err = go(TaskStatus::Submitted, "").unwrap_err();
    assert_eq!(err.code, ErrorCode::TaskIncomplete);
    assert!(err.fields.iter().any(|f| f.field == "leader"));

    app.task_save(TaskSave { id: id.clone(), input: complete_input() }).unwrap();
    let detail = go(TaskStatus::Submitted, "").unwrap();
    assert_eq!(detail.status, TaskStatus::Submitted);
    assert!(!detail.editable);
    assert!(detail.allowed.is_empty(), "an official waits for the city");

    // A submitted proposal is frozen for the ward; approving is the city's.
    let err = app.task_save(TaskSave { id: id.clone(), input: complete_input() }).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotEditable);
    let err = go(TaskStatus::Approved, "").unwrap_err();
    assert_eq!(err.code, ErrorCode::TransitionRefused);
    assert_eq!(err.message, "Vai trò của bạn không được chuyển nhiệm vụ sang “Đã phê duyệt”.");
    let err = go(TaskStatus::Settled, "").unwrap_err();
    assert_eq!(err.message, "Không thể chuyển từ “Đã gửi” sang “Đã thanh lý”.");

    let history = app.task_get(TaskRef { id: id.clone() }).unwrap().transitions;
    assert_eq!(history.len(), 1);
    assert_eq!((history[0].from, history[0].to), (Some(TaskStatus::Draft), TaskStatus::Submitted));
    assert_eq!(history[0].actor, "Nguyễn Thị Lan");
}

/// A reviewer comments when returning a proposal; the form is the unit's. The laptop says
/// so before anyone types (the server would refuse the edit too).
#[test]
fn a_returned_proposal_is_editable_by_its_unit_and_read_only_for_the_city_saying_why() {
    let fx = Fixture::new();
    let app = fx.ready(Role::UnitOfficial);
    let id = app.task_create(complete_input()).unwrap().task.id;
    let go = |to, comment: &str| {
        app.task_transition(TaskTransition { id: id.clone(), to, comment: comment.into() })
    };
    go(TaskStatus::Submitted, "").unwrap();
    let as_role = |role| {
        app.profile_set(ProfileSet {
            unit_code: "26743".into(),
            display_name: "Lê Văn Hùng".into(),
            role,
        })
        .unwrap()
    };
    as_role(Role::CityReviewer);
    let returned = go(TaskStatus::Returned, "Bổ sung nguồn dữ liệu.").unwrap();
    assert_eq!(returned.status, TaskStatus::Returned);
    assert!(!returned.editable, "the reviewer does not edit the ward's form");
    assert_eq!(
        returned.read_only_because.as_deref(),
        Some("Phiếu do đơn vị soạn và sửa. Sở KHCN góp ý bằng ý kiến khi trả lại phiếu.")
    );
    let err = app.task_save(TaskSave { id: id.clone(), input: complete_input() }).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotEditable);
    assert_eq!(err.message, returned.read_only_because.unwrap());

    as_role(Role::UnitOfficial);
    let detail = app.task_get(TaskRef { id: id.clone() }).unwrap();
    assert!(detail.editable, "back with its unit, the returned proposal opens for editing");
    assert_eq!(detail.read_only_because, None);
    app.task_save(TaskSave { id: id.clone(), input: complete_input() }).unwrap();
}

#[test]
fn a_lead_suspends_with_a_reason_and_resumes_where_it_stopped() {
    let fx = Fixture::new();
    let app = fx.ready(Role::UnitLead);
    let id = app.task_create(complete_input()).unwrap().task.id;
    let go = |to, comment: &str| {
        app.task_transition(TaskTransition { id: id.clone(), to, comment: comment.into() })
    };
    go(TaskStatus::Cancelled, "").unwrap_err();
    let d = go(TaskStatus::Submitted, "").unwrap();
    assert_eq!(d.allowed.iter().map(|a| a.to).collect::<Vec<_>>(), [TaskStatus::Cancelled]);
    assert!(d.allowed[0].comment_required);
}

#[test]
fn milestones_are_validated_saved_and_deleted() {
    let fx = Fixture::new();
    let app = fx.ready(Role::UnitOfficial);
    let task = app.task_create(complete_input()).unwrap().task.id;
    let input = MilestoneInput {
        task_id: task.clone(),
        id: None,
        title: "Khảo sát hiện trạng".into(),
        responsible: "Nguyễn Thị Lan".into(),
        unit: "UBND phường".into(),
        start_date: "2020-03-01".into(),
        due_date: "2020-04-30".into(),
        done: false,
    };
    let bad = app
        .milestone_save(MilestoneInput {
            title: "".into(),
            due_date: "2020-01-01".into(),
            ..input.clone()
        })
        .unwrap();
    assert_eq!(bad.issues.len(), 2);
    assert!(bad.task.milestones.is_empty(), "nothing saved");

    let saved = app.milestone_save(input.clone()).unwrap();
    assert!(saved.issues.is_empty());
    let m = &saved.task.milestones[0];
    assert!(m.overdue, "due in 2020 and not done");
    // The task runs 2026 (TaskInput::example): a milestone of 2020 is outside its period,
    // kept, and flagged.
    let period = saved.task.input.start_date.clone();
    assert!(period.starts_with("2026"), "{period}");
    assert!(m.outside_period);
    let within = app
        .milestone_save(MilestoneInput {
            title: "Trong kỳ".into(),
            start_date: saved.task.input.start_date.clone(),
            due_date: saved.task.input.end_date.clone(),
            ..input.clone()
        })
        .unwrap();
    let inside = within.task.milestones.iter().find(|m| m.title == "Trong kỳ").unwrap();
    assert!(!inside.outside_period, "the whole period is inside it");
    let after = app
        .milestone_delete(MilestoneDelete { task_id: task.clone(), id: inside.id.clone() })
        .unwrap();
    assert_eq!(after.milestones.len(), 1);
    let done =
        app.milestone_save(MilestoneInput { id: Some(m.id.clone()), done: true, ..input }).unwrap();
    assert!(!done.task.milestones[0].overdue);
    let after = app.milestone_delete(MilestoneDelete { task_id: task, id: m.id.clone() }).unwrap();
    assert!(after.milestones.is_empty());
}

#[test]
fn english_switches_every_message() {
    let fx = Fixture::new();
    let app = fx.ready(Role::UnitOfficial);
    let status = app.locale_set(LocaleSet { locale: Locale::En }).unwrap();
    assert_eq!(status.locale, Locale::En);
    let saved = app
        .task_create(TaskInput {
            name: "x".into(),
            year: 2026,
            cost_own: "abc".into(),
            ..Default::default()
        })
        .unwrap();
    let issue = saved.issues.iter().find(|i| i.field == "cost_own").unwrap();
    assert_eq!(issue.message, "Enter an amount in digits, e.g. 1.250.000.");
    drop(app);
    assert_eq!(fx.open().app_status().locale, Locale::En, "the choice is remembered");
}

#[test]
fn a_damaged_database_offers_its_backups_and_a_restore_keeps_the_damaged_file() {
    let fx = Fixture::new();
    {
        let app = fx.ready(Role::UnitOfficial);
        app.task_create(complete_input()).unwrap();
        assert!(app.run_daily_backup().unwrap().is_some());
        assert!(app.run_daily_backup().unwrap().is_none(), "once a day");
    }
    let db = fx.config().db_path();
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{side}", db.display()));
    }
    std::fs::write(&db, b"garbage ".repeat(4096)).unwrap();

    let app = fx.open();
    let status = app.app_status();
    assert_eq!(status.state, AppState::Corrupt);
    assert!(status.message.unwrap().contains("bị hỏng"));
    assert_eq!(status.backups.len(), 1);
    assert_eq!(app.tasks_list(query("")).unwrap_err().code, ErrorCode::StoreCorrupt);

    let status =
        app.backup_restore(BackupRestore { name: status.backups[0].name.clone() }).unwrap();
    assert_eq!(status.state, AppState::Ready);
    assert_eq!(names(&app, "ngan sach"), ["Số hóa quy trình lập dự toán ngân sách phường"]);
    let kept: Vec<_> = std::fs::read_dir(fx.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".replaced-"))
        .collect();
    assert!(
        kept.iter().any(|e| std::fs::read(e.path()).unwrap().starts_with(b"garbage")),
        "damaged file kept aside"
    );
}

#[test]
fn damage_found_after_the_window_opened_turns_the_app_to_recovery_and_makes_no_backup() {
    let fx = Fixture::new();
    {
        let app = fx.ready(Role::UnitOfficial);
        for i in 0..300 {
            let name = format!("Số hóa hồ sơ lưu trữ của phường, đợt {i}");
            app.task_create(TaskInput { name, ..complete_input() }).unwrap();
        }
    }
    // The last pages of the file (the tasks' search index, which opening does not read)
    // are overwritten, as a failing disk would.
    let db = fx.config().db_path();
    let mut bytes = std::fs::read(&db).unwrap();
    let len = bytes.len();
    bytes[len - 3 * 4096..].fill(0x55);
    std::fs::write(&db, bytes).unwrap();

    let app = fx.open();
    assert_eq!(app.app_status().state, AppState::Ready, "opening does not read every page");
    assert!(!app.sync_status().store_damaged);
    let err = app.check_store().unwrap_err();
    assert_eq!(err.code, ErrorCode::StoreCorrupt);
    let status = app.app_status();
    assert_eq!(status.state, AppState::Corrupt);
    assert!(status.message.unwrap().contains("bị hỏng"));
    assert!(app.sync_status().store_damaged, "the window's poll learns it");
    assert_eq!(app.tasks_list(query("")).unwrap_err().code, ErrorCode::StoreCorrupt);
    assert_eq!(app.run_daily_backup().unwrap_err().code, ErrorCode::StoreCorrupt);
    assert!(app.backups_list().unwrap().is_empty(), "no backup of a damaged file");
}

#[test]
fn a_sound_store_passes_its_check_and_is_backed_up_beside_the_window() {
    let fx = Fixture::new();
    let app = fx.ready(Role::UnitOfficial);
    app.task_create(complete_input()).unwrap();
    app.check_store().unwrap();
    assert_eq!(app.app_status().state, AppState::Ready);
    let backup = app.run_daily_backup().unwrap().expect("the day's backup");
    assert!(backup.size_bytes > 0);
    // The backup holds the task, read as any database.
    let copy = rusqlite::Connection::open(fx.config().backups_dir().join(&backup.name)).unwrap();
    let n: i64 = copy.query_row("SELECT count(*) FROM tasks", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 1);
}

#[test]
fn the_departments_staff_start_without_a_ward_and_are_told_what_only_a_ward_does() {
    let fx = Fixture::new();
    let app = fx.open();
    // A ward's official must pick a ward; the city's staff need not.
    let err = app
        .profile_set(ProfileSet {
            unit_code: String::new(),
            display_name: "Nguyễn Thị Lan".into(),
            role: Role::UnitOfficial,
        })
        .unwrap_err();
    assert_eq!(err.fields[0].field, "unit_code");
    let status = app
        .profile_set(ProfileSet {
            unit_code: String::new(),
            display_name: "Lê Văn Hùng".into(),
            role: Role::CityReviewer,
        })
        .unwrap();
    assert_eq!(status.state, AppState::Ready);
    let profile = status.profile.unwrap();
    assert_eq!(
        (profile.unit_code.as_str(), profile.unit_name.as_str()),
        ("", "Sở Khoa học và Công nghệ")
    );
    // Reopened, it is still the Department's.
    drop(app);
    let app = fx.open();
    assert_eq!(app.app_status().profile.unwrap().role, Role::CityReviewer);
    assert!(app.tasks_list(query("")).is_ok(), "the city reads every unit's tasks");
    for err in [
        app.task_create(complete_input()).unwrap_err(),
        app.plan_get(PlanQuery { year: 2026 }).unwrap_err(),
    ] {
        assert_eq!(err.code, ErrorCode::Forbidden);
        assert!(err.message.contains("không thuộc phường, xã nào"), "{}", err.message);
    }
}

#[test]
fn a_database_from_a_newer_version_stops_the_app_without_touching_it() {
    let fx = Fixture::new();
    drop(fx.ready(Role::UnitOfficial));
    let db = fx.config().db_path();
    mark_as_written_by_a_future_schema(&db);
    let app = fx.open();
    let before = std::fs::read(&db).unwrap();
    let status = app.app_status();
    assert_eq!(status.state, AppState::NewerSchema);
    assert!(status.message.unwrap().contains("phiên bản Xã Số mới hơn"));
    assert_eq!(app.task_create(complete_input()).unwrap_err().code, ErrorCode::StoreNewerVersion);
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

/// Sets the schema version in the file, as a newer app would have (SQLite's header keeps
/// `user_version` as the big-endian u32 at offset 60).
fn mark_as_written_by_a_future_schema(path: &std::path::Path) {
    let mut bytes = std::fs::read(path).unwrap();
    bytes[60..64].copy_from_slice(&999u32.to_be_bytes());
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn demo_mode_opens_a_throwaway_ward_full_of_realistic_tasks() {
    let fx = Fixture::new();
    let app = App::open(Config { demo: true, ..fx.config() });
    let status = app.app_status();
    assert!(status.demo);
    assert_eq!(status.state, AppState::Ready);
    assert_eq!(status.profile.unwrap().unit_name, "Phường Bến Thành");
    let page = app.tasks_list(query("")).unwrap();
    assert!(page.total >= 8);
    let statuses: std::collections::HashSet<_> = page.items.iter().map(|t| t.status).collect();
    assert!(statuses.len() >= 6, "tasks at many stages: {statuses:?}");
    assert!(!fx.config().db_path().exists(), "the demo never writes to the real data folder");
    // The contest has an estimate with a prize over the ward-level cap, ready to look at.
    let contest = page.items.iter().find(|t| t.name.starts_with("Cuộc thi")).unwrap();
    let estimates = app.estimates_list(TaskRef { id: contest.id.clone() }).unwrap();
    assert_eq!(estimates.estimates.len(), 1);
    assert!(estimates.estimates[0].flags >= 1);
    assert_eq!(
        app.plan_get(PlanQuery { year: 2026 }).unwrap().annual_spending,
        Some(25_000_000_000)
    );
    // The city's training: a programme whose first session the ward attended, two to come.
    let home = app.training_home().unwrap();
    assert!(home.can_check_in);
    assert_eq!(home.programmes.len(), 1);
    let sessions = &home.programmes[0].sessions;
    assert_eq!(sessions.len(), 3);
    assert!(sessions.iter().all(|s| s.takes_part), "the ward is a bridge point of each");
    assert_eq!(sessions.iter().map(|s| s.attended).collect::<Vec<_>>(), [2, 0, 0]);
}

#[test]
fn the_demo_folder_is_removed_when_the_app_shuts_down() {
    let fx = Fixture::new();
    let app = App::open(Config { demo: true, ..fx.config() });
    let db = std::path::PathBuf::from(app.app_status().db_path);
    assert!(db.exists(), "the demo database is open at {}", db.display());
    app.shut_down();
    assert!(!db.parent().unwrap().exists(), "the throw-away folder is gone");
    // A second shut-down (the window's exit event can repeat) is harmless.
    app.shut_down();
}

#[test]
fn the_citys_staff_are_shown_as_the_department_not_a_ward() {
    let fx = Fixture::new();
    let reviewer = fx.ready(Role::CityReviewer);
    assert_eq!(reviewer.app_status().profile.unwrap().unit_name, "Sở Khoa học và Công nghệ");
    reviewer.locale_set(LocaleSet { locale: Locale::En }).unwrap();
    assert_eq!(
        reviewer.app_status().profile.unwrap().unit_name,
        "Department of Science and Technology"
    );
    drop(reviewer);
    let official = fx.ready(Role::UnitOfficial);
    assert_eq!(official.app_status().profile.unwrap().unit_name, "Phường Bến Thành");
}
