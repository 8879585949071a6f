//! A unit's report as its official writes it, its lead signs it and the city reviews it —
//! through the app's API, on a real database seeded with the bundled forms and indicators.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers panic on purpose

use xaso_core::*;

fn app(dir: &tempfile::TempDir, role: Role) -> App {
    let app = App::open(Config::at(dir.path()));
    let name = match role {
        Role::UnitLead => "Trần Văn Hùng",
        Role::CityReviewer => "Phạm Minh Thu",
        _ => "Nguyễn Thị Lan",
    };
    app.profile_set(ProfileSet { unit_code: "26743".into(), display_name: name.into(), role })
        .unwrap();
    app
}

fn line(code: &str, value: &str, denominator: &str) -> ReportLineInput {
    ReportLineInput {
        indicator_code: code.into(),
        value: value.into(),
        denominator: denominator.into(),
        note: String::new(),
        from_app: false,
    }
}

fn step(id: &str, to: ReportStatus, comment: &str) -> ReportTransition {
    ReportTransition {
        id: id.into(),
        to,
        comment: comment.into(),
        section_comments: Vec::new(),
        line_comments: Vec::new(),
    }
}

const SIGNED: &str = "cds.van_ban_ky_so";
const TEAMS: &str = "cds.to_cong_nghe_so";

#[test]
fn a_ward_files_its_quarterly_report_its_lead_signs_and_the_city_returns_then_accepts_it() {
    let dir = tempfile::tempdir().unwrap();
    let official = app(&dir, Role::UnitOfficial);
    let home = official.reports_home().unwrap();
    assert_eq!(home.forms.len(), 2);
    let quarter = home.periods.iter().rfind(|p| p.form_code == "cds.quy").unwrap().clone();
    assert!(quarter.report_id.is_none());
    assert!(quarter.period_label.starts_with("Quý"), "{}", quarter.period_label);

    let report = official
        .report_open(ReportOpen { form_code: "cds.quy".into(), period: quarter.period.clone() })
        .unwrap();
    assert_eq!((report.status, report.version_no, report.editable), (ReportStatus::Draft, 1, true));
    assert_eq!(report.lines.len(), 6, "the form's indicators, in its order");
    assert_eq!(report.lines[2].indicator_code, SIGNED);
    assert_eq!(report.sections.len(), 3);
    assert_eq!(report.unit_name, "Phường Bến Thành");
    // Opening it again is the same draft, not a second one.
    let again = official
        .report_open(ReportOpen { form_code: "cds.quy".into(), period: quarter.period.clone() })
        .unwrap();
    assert_eq!(again.id, report.id);

    // Every cell is checked and answered beside it; nothing is saved until all are right.
    let bad = official
        .report_save(ReportSave {
            id: report.id.clone(),
            lines: vec![line(SIGNED, "1.300", "1.200"), line(TEAMS, "mười hai", "")],
            narrative: vec!["Ký số hầu hết văn bản đi.".into()],
        })
        .unwrap();
    let fields: Vec<&str> = bad.issues.iter().map(|i| i.field.as_str()).collect();
    assert_eq!(fields, ["value:cds.van_ban_ky_so", "value:cds.to_cong_nghe_so"]);
    assert!(bad.issues[0].message.contains("lớn hơn mẫu số"), "{}", bad.issues[0].message);
    assert!(bad.report.lines.iter().all(|l| l.value.is_empty()), "nothing saved");
    let saved = official
        .report_save(ReportSave {
            id: report.id.clone(),
            lines: vec![line(SIGNED, "1.150", "1.200"), line(TEAMS, "12", "")],
            narrative: vec!["Ký số hầu hết văn bản đi.".into()],
        })
        .unwrap();
    assert!(saved.issues.is_empty(), "{:?}", saved.issues);
    let signed_line = saved.report.lines.iter().find(|l| l.indicator_code == SIGNED).unwrap();
    assert_eq!((signed_line.value.as_str(), signed_line.percent.as_str()), ("1150", "95,8 %"));
    assert_eq!(saved.report.sections[0].text, "Ký số hầu hết văn bản đi.");

    // The official may not sign; the lead signs; the official sends.
    let refused = official.report_transition(step(&report.id, ReportStatus::Signed, ""));
    assert_eq!(refused.unwrap_err().code, ErrorCode::TransitionRefused);
    drop(official);
    let lead = app(&dir, Role::UnitLead);
    let signed = lead.report_transition(step(&report.id, ReportStatus::Signed, "")).unwrap();
    assert_eq!(signed.signed_by, "Trần Văn Hùng");
    assert!(!signed.editable, "signed: fixed until the signature is withdrawn");
    drop(lead);
    let official = app(&dir, Role::UnitOfficial);
    let edit = official.report_save(ReportSave {
        id: report.id.clone(),
        lines: Vec::new(),
        narrative: Vec::new(),
    });
    assert_eq!(edit.unwrap_err().code, ErrorCode::NotEditable);
    let sent = official.report_transition(step(&report.id, ReportStatus::Submitted, "")).unwrap();
    assert_eq!(sent.status, ReportStatus::Submitted);
    assert!(sent.submitted_at.is_some());
    drop(official);

    // The city returns it, with a reason and a comment on one line and one section.
    let city = app(&dir, Role::CityReviewer);
    assert_eq!(
        city.report_get(ReportRef { id: report.id.clone() }).unwrap().allowed,
        [ReportStatus::Accepted, ReportStatus::Returned]
    );
    let no_reason = city.report_transition(step(&report.id, ReportStatus::Returned, " "));
    assert_eq!(no_reason.unwrap_err().code, ErrorCode::TransitionRefused);
    let returned = city
        .report_transition(ReportTransition {
            section_comments: vec!["Nêu rõ tỷ lệ.".into()],
            line_comments: vec![(TEAMS.into(), "Số tổ khác báo cáo tháng 9.".into())],
            ..step(&report.id, ReportStatus::Returned, "Đề nghị rà soát số tổ công nghệ số.")
        })
        .unwrap();
    assert_eq!(returned.status, ReportStatus::Returned);
    drop(city);

    // The ward sees why, reopens, corrects; the lead signs again; the city accepts.
    let official = app(&dir, Role::UnitOfficial);
    let seen = official.report_get(ReportRef { id: report.id.clone() }).unwrap();
    assert_eq!(seen.review_comment, "Đề nghị rà soát số tổ công nghệ số.");
    assert_eq!(seen.sections[0].review_comment, "Nêu rõ tỷ lệ.");
    let teams = seen.lines.iter().find(|l| l.indicator_code == TEAMS).unwrap();
    assert_eq!(teams.review_comment, "Số tổ khác báo cáo tháng 9.");
    assert_eq!(seen.allowed, [ReportStatus::Draft]);
    official.report_transition(step(&report.id, ReportStatus::Draft, "")).unwrap();
    let fixed = official
        .report_save(ReportSave {
            id: report.id.clone(),
            lines: vec![line(TEAMS, "11", "")],
            narrative: Vec::new(),
        })
        .unwrap();
    assert!(fixed.issues.is_empty());
    drop(official);
    let lead = app(&dir, Role::UnitLead);
    lead.report_transition(step(&report.id, ReportStatus::Signed, "")).unwrap();
    lead.report_transition(step(&report.id, ReportStatus::Submitted, "")).unwrap();
    drop(lead);
    let city = app(&dir, Role::CityReviewer);
    let accepted = city.report_transition(step(&report.id, ReportStatus::Accepted, "")).unwrap();
    assert_eq!(accepted.status, ReportStatus::Accepted);
    assert!(accepted.allowed.is_empty(), "accepted is final");
    assert_eq!(accepted.review_comment, "", "the old reason does not stay on an accepted report");
    drop(city);

    // Frozen: a correction is a new version, its values copied.
    let official = app(&dir, Role::UnitOfficial);
    let frozen = official.report_save(ReportSave {
        id: report.id.clone(),
        lines: vec![line(TEAMS, "13", "")],
        narrative: Vec::new(),
    });
    assert_eq!(frozen.unwrap_err().code, ErrorCode::NotEditable);
    let v2 = official.report_correct(ReportRef { id: report.id.clone() }).unwrap();
    assert_eq!((v2.version_no, v2.status, v2.editable), (2, ReportStatus::Draft, true));
    assert_eq!(v2.lines.iter().find(|l| l.indicator_code == TEAMS).unwrap().value, "11");
    assert_eq!(v2.versions.iter().map(|v| v.version_no).collect::<Vec<_>>(), [2, 1]);
    let home = official.reports_home().unwrap();
    let listed = home.reports.iter().find(|r| r.period == quarter.period).unwrap();
    assert_eq!((listed.version_no, listed.status), (2, ReportStatus::Draft));
}

#[test]
fn a_report_not_sent_by_its_due_day_is_overdue() {
    let dir = tempfile::tempdir().unwrap();
    let official = app(&dir, Role::UnitOfficial);
    let home = official.reports_home().unwrap();
    // The yearly form's previous year: due on 15 January of this year.
    let last_year = home.periods.iter().find(|p| p.form_code == "nq57.nam").unwrap().clone();
    let due: chrono::NaiveDate = last_year.due.parse().unwrap();
    assert_eq!(due.format("%m-%d").to_string(), "01-15");
    official
        .report_open(ReportOpen { form_code: "nq57.nam".into(), period: last_year.period.clone() })
        .unwrap();
    let home = official.reports_home().unwrap();
    let listed = home.reports.iter().find(|r| r.period == last_year.period).unwrap();
    let today = chrono::Local::now().date_naive();
    assert_eq!(listed.overdue, today > due);
    assert_eq!(listed.status, ReportStatus::Draft);
    // A period of the wrong kind for the form is refused.
    let wrong =
        official.report_open(ReportOpen { form_code: "nq57.nam".into(), period: "2026-Q1".into() });
    assert_eq!(wrong.unwrap_err().code, ErrorCode::NotFound);
}

#[test]
fn the_app_proposes_a_value_from_its_own_tasks_and_the_official_takes_it() {
    let dir = tempfile::tempdir().unwrap();
    let official = app(&dir, Role::UnitOfficial);
    let task = official
        .task_create(TaskInput {
            kind: TaskKind::Khcn,
            ..TaskInput::example("Ứng dụng AI trong một cửa")
        })
        .unwrap()
        .task
        .id;
    let move_to = |app: &App, to| {
        app.task_transition(TaskTransition { id: task.clone(), to, comment: String::new() })
            .unwrap();
    };
    move_to(&official, TaskStatus::Submitted);
    drop(official);
    let city = app(&dir, Role::CityReviewer);
    move_to(&city, TaskStatus::Approved);
    drop(city);

    // The yearly report of this year: "KHCN tasks approved in the year" is proposed as 1.
    let official = app(&dir, Role::UnitOfficial);
    let home = official.reports_home().unwrap();
    let this_year =
        home.periods.iter().rfind(|p| p.form_code == "nq57.nam").unwrap().period.clone();
    let report = official
        .report_open(ReportOpen { form_code: "nq57.nam".into(), period: this_year })
        .unwrap();
    let approved =
        report.lines.iter().find(|l| l.indicator_code == "khcn.nhiem_vu_duoc_phe_duyet").unwrap();
    let proposal = approved.proposal.clone().expect("a proposal from the app's tasks");
    assert_eq!(proposal.value, "1");
    assert!(proposal.source.contains("1 nhiệm vụ KHCN"), "{}", proposal.source);
    let accepted =
        report.lines.iter().find(|l| l.indicator_code == "khcn.nhiem_vu_nghiem_thu").unwrap();
    assert_eq!(
        accepted.proposal.as_ref().map(|p| p.value.as_str()),
        Some("0"),
        "none accepted yet"
    );
    assert!(
        report
            .lines
            .iter()
            .find(|l| l.indicator_code == "chung.ke_hoach_nq57")
            .unwrap()
            .proposal
            .is_none(),
        "a rule the app does not know proposes nothing"
    );

    // Taken: stored with where it came from; the city sees no proposal, only the value.
    let saved = official
        .report_save(ReportSave {
            id: report.id.clone(),
            lines: vec![ReportLineInput {
                from_app: true,
                ..line("khcn.nhiem_vu_duoc_phe_duyet", &proposal.value, "")
            }],
            narrative: Vec::new(),
        })
        .unwrap();
    let line = saved
        .report
        .lines
        .iter()
        .find(|l| l.indicator_code == "khcn.nhiem_vu_duoc_phe_duyet")
        .unwrap();
    assert_eq!((line.value.as_str(), line.from_app), ("1", true));
}
