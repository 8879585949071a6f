//! Budget estimates as an official builds them, a reviewer reviews them and the plan
//! adds them up — through the app's API, on a real database.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers panic on purpose

use xaso_core::*;

fn app(dir: &tempfile::TempDir, role: Role) -> App {
    let app = App::open(Config::at(dir.path()));
    app.profile_set(ProfileSet {
        unit_code: "26743".into(),
        display_name: format!("{role:?}"),
        role,
    })
    .unwrap();
    app
}

fn task(app: &App, kind: TaskKind) -> String {
    app.task_create(TaskInput {
        kind,
        year: 2026,
        name: "Cuộc thi ý tưởng khởi nghiệp".into(),
        ..TaskInput::default()
    })
    .unwrap()
    .task
    .id
}

fn person(name: &str, role: LabourRole, months: &str) -> PersonInput {
    PersonInput { id: None, name: name.into(), role, months: months.into() }
}

fn line(group: LineGroup, content: &str, qty: &str, price: &str, norm: &str) -> LineInput {
    LineInput {
        id: None,
        group,
        content: content.into(),
        unit: "lần".into(),
        quantity: qty.into(),
        unit_price: price.into(),
        own: String::new(),
        other: String::new(),
        note: String::new(),
        norm_code: norm.into(),
    }
}

fn sheet(e: &EstimateDetail) -> SheetInput {
    SheetInput {
        id: e.id.clone(),
        leader_rate: "40.000.000".into(),
        estimate_date: "2026-03-01".into(),
        people: vec![
            person("Nguyễn Thị Lan", LabourRole::ChuNhiem, "3"),
            person("Trần Văn Hùng", LabourRole::ThanhVienChinh, "2,5"),
            person("Lê Minh Quân", LabourRole::ThanhVienChinh, "2,5"),
            person("Võ Thanh Tâm", LabourRole::ThuKyKhoaHoc, "2"),
        ],
        lines: vec![
            line(LineGroup::Materials, "Văn phòng phẩm", "1", "2.500.000", ""),
            line(
                LineGroup::Equipment,
                "Thuê màn hình LED cho vòng chung kết",
                "2",
                "7.500.000",
                "",
            ),
            line(LineGroup::Other, "Giải nhất", "1", "18.000.000", "contest.prize.first"),
            line(
                LineGroup::Other,
                "Giải khuyến khích",
                "3",
                "4.000.000",
                "contest.prize.consolation",
            ),
        ],
    }
}

/// Worked by hand from data/norms-vn.csv:
///   I   leader 1,0 × 40.000.000 × 3       = 120.000.000
///       members 0,8 × 40.000.000 × 2,5    =  80.000.000 (×2)
///       secretary 0,3 × 40.000.000 × 2    =  24.000.000   → I = 304.000.000
///   II  2.500.000                                          → II = 2.500.000
///   III 2 × 7.500.000                                      → III = 15.000.000
///   IV  first prize 18.000.000; consolation 3 × 4.000.000 = 12.000.000 → IV = 30.000.000
///   total 351.500.000
/// A ward contest's first prize may be at most 0,8 × 20.000.000 = 16.000.000: flagged,
/// over by 2.000.000. Consolation: 0,8 × 5.000.000 = 4.000.000: not over.
#[test]
fn an_official_builds_a_realistic_estimate_and_sees_the_flagged_line() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, Role::UnitOfficial);
    let task = task(&app, TaskKind::Dmst);
    let e = app.estimate_create(EstimateCreate { task_id: task.clone(), year: 2026 }).unwrap();
    assert_eq!(
        (e.version_no, e.status, e.leader_rate.as_str()),
        (1, EstimateStatus::Draft, "40000000")
    );

    let preview = app.estimate_compute(sheet(&e)).unwrap();
    let saved = app.estimate_save(sheet(&e)).unwrap();
    assert!(saved.issues.is_empty(), "{:?}", saved.issues);
    let c = &saved.estimate.computed;
    assert_eq!(c, &preview.computed, "what the grid previews is what is saved");
    let groups: Vec<i64> = c.groups.iter().map(|g| g.amounts.total).collect();
    assert_eq!(groups, [304_000_000, 2_500_000, 15_000_000, 30_000_000]);
    assert_eq!(c.total.total, 351_500_000);
    assert_eq!(c.total_in_words, "Ba trăm năm mươi mốt triệu năm trăm nghìn đồng");
    assert_eq!(c.lines[1].unit_price, 32_000_000);
    assert_eq!(c.lines[1].amounts.total, 80_000_000);

    assert_eq!(c.flags.len(), 1, "{:?}", c.flags);
    let flag = &c.flags[0];
    assert_eq!((flag.target, flag.index), (FlagTarget::Line, Some(2)));
    assert_eq!((flag.limit, flag.excess), (Some(16_000_000), Some(2_000_000)));
    assert!(flag.legal_basis.contains("Thông tư 126/2018/TT-BTC"));
    assert!(!flag.verified, "the contest norms are not verified");
    assert!(c.lines.iter().find(|l| l.content == "Giải nhất").unwrap().flagged);
    // Never clipped.
    assert_eq!(
        c.lines.iter().find(|l| l.content == "Giải nhất").unwrap().amounts.total,
        18_000_000
    );

    // Reopened: the same lines, in the same order, with their ids.
    let again = app.estimate_get(EstimateRef { id: e.id.clone() }).unwrap();
    assert_eq!(again.lines.len(), 4);
    assert!(again.lines.iter().all(|l| l.input.id.is_some()));
    assert_eq!(again.people[1].months, "2,5");
    let list = app.estimates_list(TaskRef { id: task }).unwrap();
    assert_eq!(list.estimates[0].total, 351_500_000);
    assert_eq!(list.estimates[0].flags, 1);

    // In English the labour lines are worded in English (the official form stays
    // Vietnamese: the XLSX is tested on its own).
    let vi = &again.computed.lines[1];
    assert!(vi.note.starts_with("Hệ số "), "{}", vi.note);
    app.locale_set(LocaleSet { locale: Locale::En }).unwrap();
    let en = app.estimate_get(EstimateRef { id: e.id.clone() }).unwrap();
    let line = &en.computed.lines[1];
    assert_eq!(line.note, vi.note.replace("Hệ số", "Coefficient").replace(',', "."));
    assert_eq!(line.unit, "months");
    assert!(line.content.ends_with(&format!(": {}", again.people[1].name)), "{}", line.content);
    assert_ne!(line.content, vi.content, "the role named in English");
    assert_eq!(line.amounts, vi.amounts);
}

#[test]
fn bad_cells_get_a_message_keep_their_value_and_never_overflow() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, Role::UnitOfficial);
    let e = app
        .estimate_create(EstimateCreate { task_id: task(&app, TaskKind::Cds), year: 2026 })
        .unwrap();
    let saved = app.estimate_save(sheet(&e)).unwrap().estimate;

    let mut bad = sheet(&saved);
    bad.people = saved.people.clone();
    bad.lines = saved.lines.iter().map(|l| l.input.clone()).collect();
    bad.lines[0].quantity = "-2".into();
    bad.lines[1].unit_price = "mười lăm triệu".into();
    bad.lines[3].unit_price = "1234567890123456789012345".into();
    let r = app.estimate_save(bad).unwrap();
    let issues: Vec<(&str, &str)> =
        r.issues.iter().map(|i| (i.field.as_str(), i.code.as_str())).collect();
    assert_eq!(
        issues,
        [
            ("lines.0.quantity", "negative"),
            ("lines.1.unit_price", "not_a_number"),
            ("lines.3.unit_price", "too_large")
        ]
    );
    assert_eq!(r.issues[1].message, "Chỉ nhập số tiền bằng chữ số, ví dụ 1.250.000.");
    assert_eq!(
        r.estimate.computed.total.total, 351_500_000,
        "refused cells kept their stored values"
    );

    // A total past 10^15 đồng is refused whole, with the reason.
    let mut huge = sheet(&saved);
    huge.lines = vec![line(LineGroup::Equipment, "x", "999999", "1000000000000000", "")];
    let err = app.estimate_save(huge).unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    assert!(err.message.contains("vượt quá"), "{}", err.message);
}

#[test]
fn review_freezes_an_approved_version_and_a_new_version_compares_line_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let official = app(&dir, Role::UnitOfficial);
    let e = official
        .estimate_create(EstimateCreate { task_id: task(&official, TaskKind::Dmst), year: 2026 })
        .unwrap();
    official.estimate_save(sheet(&e)).unwrap();
    let go = |app: &App, to, comment: &str| {
        app.estimate_transition(EstimateTransition {
            id: e.id.clone(),
            to,
            comment: comment.into(),
        })
    };
    assert_eq!(
        go(&official, EstimateStatus::Approved, "").unwrap_err().code,
        ErrorCode::TransitionRefused
    );
    go(&official, EstimateStatus::Submitted, "").unwrap();
    assert_eq!(official.estimate_save(sheet(&e)).unwrap_err().code, ErrorCode::NotEditable);
    drop(official);

    // The city reviewer comments on the prize line and returns it.
    let reviewer = app(&dir, Role::CityReviewer);
    let detail = reviewer.estimate_get(EstimateRef { id: e.id.clone() }).unwrap();
    // Returning needs a reason, approving does not: Rust says so, as for tasks.
    assert_eq!(
        detail.allowed,
        [
            EstimateMove { to: EstimateStatus::Returned, comment_required: true },
            EstimateMove { to: EstimateStatus::Approved, comment_required: false },
        ]
    );
    let prize = detail
        .lines
        .iter()
        .find(|l| l.input.content == "Giải nhất")
        .unwrap()
        .input
        .id
        .clone()
        .unwrap();
    reviewer
        .estimate_line_comment(LineComment {
            estimate_id: e.id.clone(),
            line_id: prize,
            comment: "Vượt mức 16.000.000 cho cuộc thi cấp phường".into(),
        })
        .unwrap();
    assert_eq!(
        go(&reviewer, EstimateStatus::Returned, " ").unwrap_err().code,
        ErrorCode::TransitionRefused
    );
    let returned = go(&reviewer, EstimateStatus::Returned, "Điều chỉnh giải nhất").unwrap();
    assert_eq!(returned.review_comment, "Điều chỉnh giải nhất");
    // The city reviews; it does not write the unit's estimate.
    assert!(!returned.editable);
    assert_eq!(reviewer.estimate_save(sheet(&e)).unwrap_err().code, ErrorCode::NotEditable);
    drop(reviewer);

    // The official fixes the prize and resubmits; the city approves.
    let official = app(&dir, Role::UnitOfficial);
    let d = official.estimate_get(EstimateRef { id: e.id.clone() }).unwrap();
    assert!(d.lines.iter().any(|l| l.review_comment.contains("16.000.000")));
    let mut fixed = sheet(&d);
    fixed.people = d.people.clone();
    fixed.lines = d.lines.iter().map(|l| l.input.clone()).collect();
    fixed.lines.iter_mut().find(|l| l.content == "Giải nhất").unwrap().unit_price =
        "16.000.000".into();
    let fixed_total = official.estimate_save(fixed).unwrap().estimate.computed;
    assert!(fixed_total.flags.is_empty());
    let resubmitted = go(&official, EstimateStatus::Submitted, "").unwrap();
    assert_eq!(
        resubmitted.review_comment, "Điều chỉnh giải nhất",
        "the reason for a return stays visible"
    );
    drop(official);
    let reviewer = app(&dir, Role::CityReviewer);
    assert_eq!(
        go(&reviewer, EstimateStatus::Approved, "").unwrap().status,
        EstimateStatus::Approved
    );
    drop(reviewer);

    // Approved is frozen; a new version is a draft copy that can be compared.
    let official = app(&dir, Role::UnitOfficial);
    assert_eq!(official.estimate_save(sheet(&e)).unwrap_err().code, ErrorCode::NotEditable);
    let v2 = official.estimate_new_version(EstimateRef { id: e.id.clone() }).unwrap();
    assert_eq!(
        (v2.version_no, v2.status, v2.based_on.as_deref()),
        (2, EstimateStatus::Draft, Some(e.id.as_str()))
    );
    assert_eq!(
        official.estimate_new_version(EstimateRef { id: e.id.clone() }).unwrap_err().code,
        ErrorCode::Validation
    );
    let mut change = sheet(&v2);
    change.people = v2.people.clone();
    change.lines = v2.lines.iter().map(|l| l.input.clone()).collect();
    change.lines.retain(|l| l.content != "Văn phòng phẩm");
    change.lines.push(line(LineGroup::Other, "Hội thảo tổng kết", "1", "6.000.000", ""));
    change.lines.iter_mut().find(|l| l.content.starts_with("Thuê màn hình")).unwrap().quantity =
        "3".into();
    official.estimate_save(change).unwrap();

    let cmp = official
        .estimate_compare(EstimateCompare { from: e.id.clone(), to: v2.id.clone() })
        .unwrap();
    let rows: Vec<(&str, LineChange, i64)> =
        cmp.rows.iter().map(|r| (r.content.as_str(), r.change, r.difference)).collect();
    assert!(rows.contains(&("Văn phòng phẩm", LineChange::Removed, -2_500_000)), "{rows:?}");
    assert!(rows.contains(&(
        "Thuê màn hình LED cho vòng chung kết",
        LineChange::Changed,
        7_500_000
    )));
    assert!(rows.contains(&("Hội thảo tổng kết", LineChange::Added, 6_000_000)));
    assert!(rows.contains(&("Giải nhất", LineChange::Same, 0)));
    assert_eq!(cmp.total_after.total - cmp.total_before.total, -2_500_000 + 7_500_000 + 6_000_000);
    assert_eq!(cmp.total_difference, 11_000_000);
    // The approved version is untouched.
    assert_eq!(
        official.estimate_get(EstimateRef { id: e.id.clone() }).unwrap().computed.total.total,
        349_500_000
    );

    // Through a third version, and backwards: lines are matched to the line they all
    // come from, so nothing shows as removed-and-added.
    let submit = EstimateTransition {
        id: v2.id.clone(),
        to: EstimateStatus::Submitted,
        comment: String::new(),
    };
    official.estimate_transition(submit).unwrap();
    let v3 = official.estimate_new_version(EstimateRef { id: v2.id.clone() }).unwrap();
    let cmp = official
        .estimate_compare(EstimateCompare { from: v3.id.clone(), to: e.id.clone() })
        .unwrap();
    let count = |c: LineChange| cmp.rows.iter().filter(|r| r.change == c).count();
    assert_eq!(count(LineChange::Added), 1, "{:?}", cmp.rows); // Văn phòng phẩm, only in v1
    assert_eq!(count(LineChange::Removed), 1); // Hội thảo tổng kết, not in v1
    let same = official
        .estimate_compare(EstimateCompare { from: v3.id.clone(), to: v3.id.clone() })
        .unwrap();
    assert!(same.rows.iter().all(|r| r.change == LineChange::Same));
}

#[test]
fn the_norm_in_force_on_the_estimate_date_is_used_and_only_a_city_admin_edits_norms() {
    let dir = tempfile::tempdir().unwrap();
    let official = app(&dir, Role::UnitOfficial);
    let norm = NormInput {
        id: None,
        code: "labor.leader_monthly_cap".into(),
        description: "Mức tiền công tối đa của chủ nhiệm (điều chỉnh)".into(),
        value: "45000000".into(),
        unit: "VND/người/tháng".into(),
        kind: NormKind::Cap,
        legal_basis: "Quyết định giả định của UBND TP (thử nghiệm)".into(),
        effective_from: "01/07/2026".into(),
        effective_to: String::new(),
        verified: false,
    };
    assert_eq!(official.norm_save(norm.clone()).unwrap_err().code, ErrorCode::TransitionRefused);
    let task = task(&official, TaskKind::Khcn);
    let e = official.estimate_create(EstimateCreate { task_id: task, year: 2026 }).unwrap();
    drop(official);

    let admin = app(&dir, Role::CityAdmin);
    let bad = admin
        .norm_save(NormInput {
            value: "bốn lăm triệu".into(),
            effective_to: "2026-01-01".into(),
            ..norm.clone()
        })
        .unwrap();
    assert_eq!(
        bad.issues.iter().map(|i| i.field.as_str()).collect::<Vec<_>>(),
        ["value", "effective_to"]
    );
    let saved = admin.norm_save(norm).unwrap();
    assert!(saved.issues.is_empty());
    assert_eq!(saved.norms.iter().filter(|n| n.code == "labor.leader_monthly_cap").count(), 2);
    drop(admin);

    let official = app(&dir, Role::UnitOfficial);
    let mut s = sheet(&e);
    s.leader_rate = "45.000.000".into();
    s.people.truncate(1);
    s.lines.clear();
    let before = official.estimate_compute(s.clone()).unwrap().computed;
    assert_eq!(
        before.flags[0].target,
        FlagTarget::LeaderRate,
        "in March the 40.000.000 cap applies"
    );
    assert_eq!(before.flags[0].excess, Some(5_000_000));
    s.estimate_date = "2026-07-01".into();
    assert!(
        official.estimate_compute(s).unwrap().computed.flags.is_empty(),
        "from July the new cap applies"
    );
}

#[test]
fn the_yearly_plan_adds_estimates_by_kind_against_the_city_target() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, Role::UnitOfficial);
    for kind in [TaskKind::Dmst, TaskKind::Cds] {
        let e =
            app.estimate_create(EstimateCreate { task_id: task(&app, kind), year: 2026 }).unwrap();
        app.estimate_save(sheet(&e)).unwrap();
    }
    let plan = app.plan_get(PlanQuery { year: 2026 }).unwrap();
    assert_eq!(plan.total, 703_000_000);
    assert_eq!(plan.share, None, "no annual spending entered yet");
    assert_eq!(plan.target.as_deref(), Some("3 %"));

    let bad = app.plan_set(PlanSet { year: 2026, annual_spending: "hai mươi tỷ".into() }).unwrap();
    assert_eq!(bad.issues[0].field, "annual_spending");
    let plan =
        app.plan_set(PlanSet { year: 2026, annual_spending: "20.000.000.000".into() }).unwrap();
    // 703.000.000 / 20.000.000.000 = 3,515 % → shown to the hundredth, rounded down.
    assert_eq!(plan.share.as_deref(), Some("3,51 %"));
    assert_eq!(plan.meets_target, Some(true));
    let by_kind: Vec<(TaskKind, i64)> = plan.by_kind.iter().map(|k| (k.kind, k.total)).collect();
    assert_eq!(
        by_kind,
        [(TaskKind::Khcn, 0), (TaskKind::Dmst, 351_500_000), (TaskKind::Cds, 351_500_000)]
    );
    let plan =
        app.plan_set(PlanSet { year: 2026, annual_spending: "30.000.000.000".into() }).unwrap();
    assert_eq!((plan.share.as_deref(), plan.meets_target), (Some("2,34 %"), Some(false)));

    // A KHCN proposal of 450.000.000 ₫ for 2026 with no estimate yet: the plan counts what
    // its form declares (not 0 ₫ beside it), and says how many it counted that way; a
    // task of another year does not count.
    let declared = |name: &str, year| TaskInput {
        kind: TaskKind::Khcn,
        year,
        cost_state: "450.000.000".into(),
        cost_own: "0".into(),
        cost_other: "0".into(),
        ..TaskInput::example(name)
    };
    app.task_create(declared("Ứng dụng AI trong tiếp nhận phản ánh", 2026)).unwrap();
    app.task_create(declared("Bản đồ số năm sau", 2027)).unwrap();
    let plan = app.plan_get(PlanQuery { year: 2026 }).unwrap();
    let counts: Vec<_> =
        plan.by_kind.iter().map(|k| (k.kind, k.total, k.estimates, k.declared)).collect();
    assert_eq!(
        counts,
        [
            (TaskKind::Khcn, 450_000_000, 0, 1),
            (TaskKind::Dmst, 351_500_000, 1, 0),
            (TaskKind::Cds, 351_500_000, 1, 0),
        ],
        "a task with an estimate counts once, by its estimate"
    );
    assert_eq!(plan.total, 1_153_000_000);
}

#[test]
fn a_multi_year_task_has_one_estimate_per_year_and_a_total_and_exports_to_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, Role::UnitOfficial);
    let task = task(&app, TaskKind::Khcn);
    let e26 = app.estimate_create(EstimateCreate { task_id: task.clone(), year: 2026 }).unwrap();
    let e27 = app.estimate_create(EstimateCreate { task_id: task.clone(), year: 2027 }).unwrap();
    app.estimate_save(sheet(&e26)).unwrap();
    let mut s = sheet(&e27);
    s.lines.truncate(1);
    app.estimate_save(s).unwrap();
    assert_eq!(
        app.estimate_create(EstimateCreate { task_id: task.clone(), year: 2026 }).unwrap_err().code,
        ErrorCode::Validation
    );
    let list = app.estimates_list(TaskRef { id: task.clone() }).unwrap();
    assert_eq!(list.estimates.len(), 2);
    assert_eq!(list.total_all_years, 351_500_000 + 306_500_000);

    // The proposal declares nothing yet: the two figures disagree, and it says by how much.
    assert_eq!(list.declared, 0);
    assert_eq!(
        list.mismatch.as_deref(),
        Some(
            "Kinh phí khai trong phiếu (0 ₫) khác tổng dự toán (658.000.000 ₫): chênh \
             658.000.000 ₫. Hãy sửa phiếu hoặc dự toán cho khớp."
        )
    );
    // Declared as the estimates add up (any split of the sources): no flag.
    let input = app.task_get(TaskRef { id: task.clone() }).unwrap().input;
    let input =
        TaskInput { cost_state: "600.000.000".into(), cost_own: "58.000.000".into(), ..input };
    app.task_save(TaskSave { id: task.clone(), input }).unwrap();
    let list = app.estimates_list(TaskRef { id: task }).unwrap();
    assert_eq!((list.declared, list.mismatch), (658_000_000, None));

    let out = app.estimate_export_xlsx(EstimateRef { id: e26.id.clone() }).unwrap();
    assert!(out.path.ends_with("-2026-v1.xlsx"), "{}", out.path);
    let bytes = std::fs::read(&out.path).unwrap();
    assert!(bytes.starts_with(b"PK"), "an xlsx is a zip");

    // The PDF beside it, with the same figures and the estimate's own date.
    let pdf = app.estimate_export_pdf(EstimateRef { id: e26.id.clone() }).unwrap();
    assert_eq!(pdf.path, out.path.replace(".xlsx", ".pdf"));
    let text = pdf_extract::extract_text(&pdf.path).unwrap();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("351.500.000"), "{text}");
    let date = app.estimate_get(EstimateRef { id: e26.id }).unwrap().estimate_date;
    let (y, m, d) = (&date[0..4], date[5..7].trim_start_matches('0'), &date[8..10]);
    let m = if m == "1" || m == "2" { format!("0{m}") } else { m.to_owned() };
    assert!(text.contains(&format!("ngày {d} tháng {m} năm {y}")), "{date}: {text}");

    // Either file, or its folder, opens with the system's viewer; nothing else does.
    let opened = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = opened.clone();
    app.set_file_opener(move |p| log.lock().unwrap().push(p.to_path_buf()));
    let folder = std::path::Path::new(&pdf.path).parent().unwrap().canonicalize().unwrap();
    app.export_open(ExportOpen { path: pdf.path.clone(), folder: false }).unwrap();
    app.export_open(ExportOpen { path: out.path.clone(), folder: true }).unwrap();
    assert_eq!(
        *opened.lock().unwrap(),
        [std::path::Path::new(&pdf.path).canonicalize().unwrap(), folder.clone()]
    );
    let outside = dir.path().join("xaso.sqlite3");
    for path in [outside.display().to_string(), format!("{}/../xaso.sqlite3", folder.display())] {
        let err = app.export_open(ExportOpen { path, folder: true }).unwrap_err();
        assert!(err.message.contains("chỉ mở được tệp trong thư mục xuất"), "{err:?}");
    }
    let err =
        app.export_open(ExportOpen { path: "/no/such.pdf".into(), folder: false }).unwrap_err();
    assert!(err.message.contains("không còn ở đó"), "{err:?}");
    assert_eq!(opened.lock().unwrap().len(), 2, "nothing else was opened");
}

/// A stored sheet that cannot be read is an error the official sees, never an empty sheet
/// (computing over nothing, or saving it over the real lines).
#[test]
fn an_unreadable_sheet_is_an_error_not_an_empty_estimate() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, Role::UnitOfficial);
    let task = task(&app, TaskKind::Dmst);
    let e = app.estimate_create(EstimateCreate { task_id: task, year: 2026 }).unwrap();
    app.estimate_save(sheet(&e)).unwrap();
    // The lines' table becomes unreadable under the app (a damaged file, a bad upgrade).
    let raw = rusqlite::Connection::open(Config::at(dir.path()).db_path()).unwrap();
    raw.execute_batch("ALTER TABLE estimate_lines RENAME TO estimate_lines_gone").unwrap();
    drop(raw);

    let err = app.estimate_compute(sheet(&e)).unwrap_err();
    assert_eq!(err.code, ErrorCode::StoreIo, "{err:?}");
    let err = app.estimate_save(sheet(&e)).unwrap_err();
    assert_eq!(err.code, ErrorCode::StoreIo, "{err:?}");
}
