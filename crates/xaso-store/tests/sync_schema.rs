//! Every change this app writes passes the one schema of what syncs
//! (`xaso_proto::schema`), which the city server checks: a form the app accepts is never
//! refused by the server for its shape, and whatever the server accepts a replica stores.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on purpose

use chrono::{NaiveDate, TimeZone, Utc};
use xaso_domain::budget::{LabourRole, Line, LineGroup, Person};
use xaso_domain::norm::{Norm, NormKind, Scaled};
use xaso_domain::report::ReportStatus;
use xaso_domain::sync::synced_table;
use xaso_domain::training::{
    AttendanceMode, BridgePoints, Question, ScoredAnswer, SessionFields, SessionFormat,
};
use xaso_domain::{MilestoneFields, Money, TaskFields, TaskKind, TaskStatus, UnitCode};
use xaso_proto::schema::{check_row, check_row_id, check_value};
use xaso_store::training::{NewAttempt, NewMaterial};
use xaso_store::{Store, reports};

const SHA: &str = "a3f1000000000000000000000000000000000000000000000000000000000000";

#[test]
fn every_change_the_app_writes_passes_the_sync_schema() {
    let mut store = Store::open_in_memory().unwrap();
    let unit = UnitCode::parse("26743").unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 30, 2, 0, 0).unwrap();
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    store
        .write("Nguyễn Thị Lan", now, |c| {
            let fields = TaskFields {
                kind: TaskKind::Cds,
                year: 2026,
                name: "Số hóa hồ sơ một cửa".into(),
                cost_state: Money::from_dong(120_000_000).unwrap(),
                start_date: Some(day(2, 1)),
                end_date: None,
                ..TaskFields::default()
            };
            let task = c.tasks().insert(&unit, &fields)?;
            c.tasks().update(task, &TaskFields { leader: "Trần Văn Hùng".into(), ..fields })?;
            let m = MilestoneFields {
                title: "Khảo sát".into(),
                responsible: "Trần Văn Hùng".into(),
                unit: "UBND phường".into(),
                start_date: day(2, 1),
                due_date: day(3, 31),
                done: false,
            };
            let milestone = c.milestones().save(task, None, &m)?;
            c.milestones().delete(milestone)?;
            c.tasks().transition(task, TaskStatus::Submitted, "")?;
            let estimate = c.estimates().create(
                task,
                2026,
                Money::from_dong(12_000_000).unwrap(),
                day(2, 1),
            )?;
            let person = Person {
                name: "Trần Văn Hùng".into(),
                role: LabourRole::ChuNhiem,
                months: Scaled::parse("1,5").unwrap(),
            };
            let line = Line {
                group: LineGroup::Other,
                content: "Hội thảo".into(),
                unit: "buổi".into(),
                quantity: Scaled::parse("2").unwrap(),
                unit_price: Money::from_dong(5_000_000).unwrap(),
                own: Money::ZERO,
                other: Money::ZERO,
                note: String::new(),
                norm_code: Some("workshop.chair".into()),
            };
            c.estimates().save_sheet(estimate, &[(None, person)], &[(None, line)])?;
            c.plans().set(&unit, 2026, Money::from_dong(40_000_000_000).unwrap())?;
            c.norms().save(
                None,
                &Norm {
                    code: "workshop.chair".into(),
                    description: "Chủ trì hội thảo".into(),
                    value: Scaled::parse("1500000").unwrap(),
                    unit: "đồng/buổi".into(),
                    kind: NormKind::Cap,
                    legal_basis: "Thông tư 03/2023/TT-BTC".into(),
                    effective_from: Some(day(1, 1)),
                    effective_to: None,
                    verified: true,
                },
            )?;
            let online = xaso_domain::kpi::Indicator {
                code: "cds.tthc_truc_tuyen_toan_trinh".into(),
                name_vi: "Tỷ lệ hồ sơ giải quyết trực tuyến toàn trình".into(),
                name_en: "Share of dossiers handled fully online".into(),
                field: xaso_domain::kpi::KpiField::Cds,
                measure: xaso_domain::kpi::Measure::Percent,
                aggregation: xaso_domain::kpi::Aggregation::RatioOfSums,
                period: xaso_domain::kpi::PeriodKind::Quarter,
                direction: xaso_domain::kpi::Direction::Higher,
                target_hundredths: Some(8_000),
                from_app_data: None,
                source: "example".into(),
                effective_from: Some(day(1, 1)),
                effective_to: None,
                verified: false,
            };
            let indicator = c.indicators().save(None, &online)?;
            c.indicators().save(
                Some(indicator),
                &xaso_domain::kpi::Indicator { target_hundredths: None, ..online },
            )?;
            let programme = c.programmes().save(None, "Tập huấn KHCN cấp xã", "Hai ngày")?;
            let session = c.sessions().save(
                programme,
                None,
                &SessionFields {
                    title: "Lập dự toán nhiệm vụ".into(),
                    topic: "Dự toán".into(),
                    starts_at: Utc.with_ymd_and_hms(2026, 12, 5, 1, 0, 0).unwrap(),
                    ends_at: Utc.with_ymd_and_hms(2026, 12, 5, 4, 30, 0).unwrap(),
                    format: SessionFormat::Hybrid,
                    place: "Hội trường Sở".into(),
                    online_link: "https://meet.example/1".into(),
                    speakers: "TS. Nguyễn Văn A".into(),
                    bridge_points: BridgePoints::Some([unit.clone()].into()),
                    description: String::new(),
                },
            )?;
            let material = c.materials().add(&NewMaterial {
                programme_id: programme,
                session_id: Some(session),
                topic: "Dự toán".into(),
                title: "Hướng dẫn".into(),
                description: String::new(),
                file_name: "huong-dan.pdf".into(),
                media_type: "application/pdf".into(),
                size: 1000,
                sha256: SHA.into(),
            })?;
            let question = Question {
                id: None,
                prompt: "Năm tài chính bắt đầu khi nào?".into(),
                multiple: false,
                options: vec!["1/1".into(), "1/4".into()],
                correct: vec![0],
            };
            c.quiz().save_questions(session, &[question])?;
            let trainee_id = c.trainees().add(&unit, "Trần Văn An", "Chuyên viên")?;
            let trainee = xaso_store::training::trainee(c.conn(), trainee_id)?.unwrap();
            c.attendance().check_in(session, &unit, &trainee, AttendanceMode::InPerson)?;
            let answers = [ScoredAnswer {
                question_id: trainee_id.to_string(),
                chosen: vec![0],
                correct: true,
            }];
            c.quiz().record_attempt(&NewAttempt {
                session_id: session,
                unit: &unit,
                trainee: &trainee,
                answers: &answers,
                score: 1,
                out_of: 1,
            })?;
            c.openings().record(material, &unit, "Nguyễn Thị Lan")?;
            c.materials().remove(material)?;

            let form = xaso_domain::report::ReportForm {
                code: "cds.quy".into(),
                name_vi: "Báo cáo tiến độ chuyển đổi số hằng quý".into(),
                name_en: String::new(),
                period: xaso_domain::kpi::PeriodKind::Quarter,
                due_days: 10,
                sections: vec![xaso_domain::report::Section {
                    title: "Kết quả nổi bật".into(),
                    guidance: "Nêu 3–5 kết quả.".into(),
                }],
                indicators: vec!["cds.van_ban_ky_so".into()],
            };
            c.report_forms().save(None, &form)?;
            let q3 = xaso_domain::kpi::Period::parse("2026-Q3").unwrap();
            let report = c.reports().create(&unit, "cds.quy", q3, None)?;
            let value = |v: i64| reports::ValueInput {
                value: Some(v),
                denominator: Some(1_200),
                source: reports::ValueSource::App,
                note: "Theo hệ thống quản lý văn bản".into(),
            };
            c.reports().set_value(report, "cds.van_ban_ky_so", &value(1_100))?;
            c.reports().set_value(report, "cds.van_ban_ky_so", &value(1_150))?;
            c.reports().set_narrative(report, &["Hoàn thành ký số 96 % văn bản đi.".into()])?;
            c.reports().set_status(report, ReportStatus::Signed)?;
            c.reports().set_status(report, ReportStatus::Submitted)?;
            c.reports().review(
                report,
                ReportStatus::Returned,
                "Đề nghị bổ sung số liệu.",
                &["Thiếu kết quả quý III.".into()],
                &[("cds.van_ban_ky_so".into(), "Mẫu số khác số liệu của Sở Nội vụ.".into())],
            )?;
            c.reports().create(&unit, "cds.quy", q3, Some(report))?;
            Ok(())
        })
        .unwrap();

    let ops = xaso_store::sync::pending_ops(store.conn(), 10_000).unwrap();
    let mut tables = std::collections::BTreeSet::new();
    for op in &ops {
        let table = synced_table(&op.table).unwrap_or_else(|| panic!("{} does not sync", op.table));
        check_row_id(&op.row_id).unwrap_or_else(|r| panic!("{op:?}: {}", r.en));
        let checked = if op.field == "*" {
            check_row(table, &op.value)
        } else {
            check_value(table, table.field(&op.field).unwrap(), &op.value)
        };
        checked.unwrap_or_else(|r| panic!("{}.{} = {}: {}", op.table, op.field, op.value, r.en));
        tables.insert(op.table.as_str());
    }
    // Every synced table a laptop writes was written (conflicts: only the server creates).
    let expected: Vec<&str> = xaso_domain::sync::SYNCED_TABLES
        .iter()
        .map(|t| t.name)
        .filter(|t| *t != xaso_domain::sync::CONFLICTS)
        .collect();
    let mut expected = expected;
    expected.sort_unstable();
    assert_eq!(tables.into_iter().collect::<Vec<_>>(), expected);
}

/// Two laptops of one unit, offline, each set the unit's plan for 2026 (two rows, one
/// year). The server keeps both; a replica stores both and shows one of them, the same
/// one everywhere (the earliest id).
#[test]
fn two_plans_for_one_year_both_arrive() {
    use serde_json::json;
    use xaso_proto::{Change, Page};
    let mut store = Store::open_in_memory().unwrap();
    let row = |spending: i64| json!({"unit_code": "26743", "year": 2026, "annual_spending": spending, "deleted": 0});
    let first = uuid::Uuid::now_v7().to_string();
    let second = uuid::Uuid::now_v7().to_string();
    let change = |seq: i64, id: &str, spending: i64| Change {
        seq,
        table: "unit_plans".into(),
        row_id: id.into(),
        field: "*".into(),
        value: row(spending),
        hlc: "001750000000001-0000000000".into(),
        device_id: uuid::Uuid::now_v7(),
        actor: "Nguyễn Thị Lan".into(),
    };
    let page = Page {
        partition: "unit:26743".into(),
        changes: vec![change(1, &second, 2_000), change(2, &first, 1_000)],
        cursor: 2,
    };
    let clock = xaso_store::sync::PullClock { now: Utc::now(), server_ms: None };
    let applied = store.apply_page(&page, clock).unwrap();
    assert_eq!(applied.set_aside, 0, "nothing set aside");
    let rows: i64 =
        store.conn().query_row("SELECT count(*) FROM unit_plans", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 2, "both laptops' plans are kept");
    let unit = UnitCode::parse("26743").unwrap();
    let shown = xaso_store::plans::annual_spending(store.conn(), &unit, 2026).unwrap();
    assert_eq!(shown.map(|m| m.dong()), Some(1_000), "the earliest row's, on every replica");
}
