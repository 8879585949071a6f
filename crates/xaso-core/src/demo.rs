//! Sample data for `--demo`: one ward (Phường Bến Thành) with a realistic year of KHCN,
//! ĐMST and CĐS tasks at every stage, their history and milestones; and the city's
//! training: a programme with a past session the ward's officials attended and two to
//! come (one in two days). Written through the store's ordinary write path, so the demo
//! exercises the real outbox and search. Materials are left out: a material is a file the
//! city server holds, and the demo has no server to fetch it from.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use xaso_domain::{MilestoneFields, Money, TaskFields, TaskKind, TaskStatus, UnitCode};
use xaso_store::Store;

const OFFICIAL: &str = "Nguyễn Thị Lan";
const LEAD: &str = "Trần Văn Hùng (Phó Chủ tịch UBND phường)";
const REVIEWER: &str = "Lê Minh Quân (Sở KHCN)";

struct Sample {
    kind: TaskKind,
    name: &'static str,
    field: &'static str,
    objectives: &'static str,
    cost_state: i64,
    cost_own: i64,
    months: (u32, u32),
    leader: &'static str,
    /// The lifecycle steps it went through after the draft.
    path: &'static [TaskStatus],
    milestones: &'static [(&'static str, u32, u32, bool)],
}

use TaskStatus::*;

const SAMPLES: &[Sample] = &[
    Sample {
        kind: TaskKind::Cds,
        name: "Số hóa quy trình lập dự toán ngân sách phường",
        field: "Chuyển đổi số trong quản lý tài chính công",
        objectives: "Rút ngắn thời gian lập và tổng hợp dự toán ngân sách hằng năm từ 20 ngày xuống 7 ngày.",
        cost_state: 185_000_000,
        cost_own: 15_000_000,
        months: (3, 11),
        leader: "Nguyễn Thị Lan",
        path: &[Submitted, Approved, Contracted, InProgress],
        milestones: &[
            ("Khảo sát quy trình hiện tại", 3, 4, true),
            ("Xây dựng biểu mẫu điện tử", 5, 7, false),
            ("Vận hành thử và tập huấn", 8, 11, false),
        ],
    },
    Sample {
        kind: TaskKind::Cds,
        name: "Ứng dụng AI trong tiếp nhận phản ánh của người dân",
        field: "Trí tuệ nhân tạo, dịch vụ công",
        objectives: "Tự động phân loại và chuyển phản ánh đến bộ phận phụ trách trong 1 giờ.",
        cost_state: 320_000_000,
        cost_own: 0,
        months: (6, 12),
        leader: "Phạm Quốc Bảo",
        path: &[Submitted],
        milestones: &[
            ("Thu thập dữ liệu phản ánh 2024–2025", 6, 7, false),
            ("Huấn luyện mô hình phân loại", 8, 10, false),
        ],
    },
    Sample {
        kind: TaskKind::Dmst,
        name: "Cuộc thi ý tưởng khởi nghiệp đổi mới sáng tạo của thanh niên phường",
        field: "Khởi nghiệp đổi mới sáng tạo",
        objectives: "Tìm và hỗ trợ 10 ý tưởng khởi nghiệp của thanh niên trên địa bàn.",
        cost_state: 90_000_000,
        cost_own: 30_000_000,
        months: (4, 9),
        leader: "Võ Thanh Tâm",
        path: &[Submitted, Returned],
        milestones: &[("Phát động cuộc thi", 4, 4, false), ("Vòng chung kết", 8, 9, false)],
    },
    Sample {
        kind: TaskKind::Khcn,
        name: "Khảo sát nhu cầu ứng dụng công nghệ của hộ kinh doanh chợ Bến Thành",
        field: "Khoa học xã hội, kinh tế",
        objectives: "Đánh giá mức độ sử dụng thanh toán số và thương mại điện tử của tiểu thương.",
        cost_state: 120_000_000,
        cost_own: 0,
        months: (2, 7),
        leader: "TS. Đỗ Hoàng Nam",
        path: &[Submitted, Approved, Contracted, InProgress, MidtermChecked],
        milestones: &[
            ("Thiết kế bảng hỏi", 2, 3, true),
            ("Khảo sát 500 hộ", 3, 5, true),
            ("Báo cáo phân tích", 6, 7, false),
        ],
    },
    Sample {
        kind: TaskKind::Cds,
        name: "Bản đồ số hạ tầng chiếu sáng công cộng",
        field: "Hệ thống thông tin địa lý (GIS)",
        objectives: "Quản lý 1.200 trụ đèn trên bản đồ số, báo hỏng qua ứng dụng.",
        cost_state: 240_000_000,
        cost_own: 0,
        months: (1, 10),
        leader: "Lý Gia Huy",
        path: &[Submitted, Approved, Contracted, InProgress, MidtermChecked, Accepted, Settled],
        milestones: &[("Số hóa dữ liệu trụ đèn", 1, 4, true), ("Ứng dụng báo hỏng", 5, 8, true)],
    },
    Sample {
        kind: TaskKind::Dmst,
        name: "Mô hình tổ công nghệ số cộng đồng tại các khu phố",
        field: "Đổi mới sáng tạo trong quản trị cơ sở",
        objectives: "Mỗi khu phố có một tổ hỗ trợ người dân dùng dịch vụ công trực tuyến.",
        cost_state: 60_000_000,
        cost_own: 10_000_000,
        months: (5, 12),
        leader: "Nguyễn Thị Lan",
        path: &[],
        milestones: &[],
    },
    Sample {
        kind: TaskKind::Khcn,
        name: "Nghiên cứu giải pháp giảm ngập cục bộ tuyến đường Lê Lợi",
        field: "Kỹ thuật hạ tầng đô thị",
        objectives: "Đề xuất giải pháp thoát nước cho 3 điểm ngập thường xuyên.",
        cost_state: 450_000_000,
        cost_own: 0,
        months: (3, 12),
        leader: "PGS.TS. Trương Minh Đức",
        path: &[Submitted, Approved, Contracted, Suspended],
        milestones: &[("Quan trắc mực nước mùa mưa", 5, 10, false)],
    },
    Sample {
        kind: TaskKind::Cds,
        name: "Chữ ký số cho toàn bộ cán bộ, công chức phường",
        field: "An toàn thông tin, chính quyền số",
        objectives: "100% văn bản đi được ký số; không còn văn bản giấy nội bộ.",
        cost_state: 35_000_000,
        cost_own: 0,
        months: (1, 3),
        leader: "Trần Văn Hùng",
        path: &[Submitted, Cancelled],
        milestones: &[],
    },
];

/// The ward the demo plays.
pub const UNIT: &str = "26743";

pub fn seed(store: &mut Store) -> anyhow::Result<()> {
    let unit = UnitCode::parse(UNIT)?;
    let meta = store.meta();
    meta.set("profile.unit_code", UNIT)?;
    meta.set("profile.display_name", OFFICIAL)?;
    meta.set("profile.role", "unit_official")?;

    let year = 2026;
    let start: DateTime<Utc> =
        Utc.with_ymd_and_hms(year, 1, 5, 2, 0, 0).single().unwrap_or_default();
    let date = |m: u32, end: bool| {
        let d = NaiveDate::from_ymd_opt(year, m, 1).unwrap_or_default();
        if end { last_day(d) } else { d }
    };
    for (i, s) in SAMPLES.iter().enumerate() {
        let mut at = start + Duration::days(i as i64 * 3);
        let fields = TaskFields {
            kind: s.kind,
            year,
            name: s.name.into(),
            field: s.field.into(),
            task_type: "Nhiệm vụ cấp cơ sở".into(),
            basis: "Nghị quyết 57-NQ/TW về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia; kế hoạch năm 2026 của UBND phường.".into(),
            urgency: "Nhu cầu thực tế của người dân và bộ máy chính quyền hai cấp sau sắp xếp.".into(),
            objectives: s.objectives.into(),
            contents: "1. Khảo sát hiện trạng.\n2. Xây dựng giải pháp.\n3. Triển khai thí điểm.\n4. Đánh giá, nhân rộng.".into(),
            expected_results: "Báo cáo tổng hợp; sản phẩm/giải pháp được áp dụng tại phường.".into(),
            impact: "Nâng cao chất lượng phục vụ người dân và hiệu quả quản lý.".into(),
            cost_state: Money::from_dong(s.cost_state)?,
            cost_own: Money::from_dong(s.cost_own)?,
            cost_other: Money::ZERO,
            start_date: Some(date(s.months.0, false)),
            end_date: Some(date(s.months.1, true)),
            host_unit: "UBND Phường Bến Thành".into(),
            leader: s.leader.into(),
            results_usage: "Áp dụng tại UBND phường; chia sẻ cho các xã, phường khác qua Sở KHCN.".into(),
        };
        let id = store.write(OFFICIAL, at, |c| c.tasks().insert(&unit, &fields))?;
        if s.kind == TaskKind::Dmst && s.name.starts_with("Cuộc thi") {
            seed_contest_estimate(store, id, at)?;
        }
        for m in s.milestones {
            let f = MilestoneFields {
                title: m.0.into(),
                responsible: s.leader.into(),
                unit: "UBND Phường Bến Thành".into(),
                start_date: date(m.1, false),
                due_date: date(m.2, true),
                done: m.3,
            };
            store.write(OFFICIAL, at, |c| c.milestones().save(id, None, &f))?;
        }
        for to in s.path {
            at += Duration::days(4);
            let (actor, comment) = match to {
                Returned => (
                    REVIEWER,
                    "Đề nghị bổ sung dự toán chi tiết giải thưởng và căn cứ định mức chi.",
                ),
                Approved => (REVIEWER, "Đồng ý phê duyệt."),
                Suspended => (LEAD, "Tạm dừng chờ điều chỉnh quy hoạch thoát nước của thành phố."),
                Cancelled => (LEAD, "Đã triển khai bằng nguồn kinh phí của thành phố."),
                MidtermChecked | Accepted | Settled => (LEAD, ""),
                _ => (OFFICIAL, ""),
            };
            store.write(actor, at, |c| c.tasks().transition(id, *to, comment))?;
        }
    }
    seed_training(store, &unit, Utc::now())
}

/// The city's programme of the year, its sessions around `now` (so the demo always has
/// one behind and two ahead), and the ward's officials checked in at the past one.
fn seed_training(store: &mut Store, unit: &UnitCode, now: DateTime<Utc>) -> anyhow::Result<()> {
    use xaso_domain::training::{AttendanceMode, BridgePoints, SessionFields, SessionFormat};
    let hour = |days: i64, h: i64| {
        // 08:00 in Hồ Chí Minh City is 01:00 UTC.
        let day = now.date_naive() + Duration::days(days);
        day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc() + Duration::hours(h - 7)
    };
    let session = |title: &str, topic: &str, days: i64, format| SessionFields {
        title: title.into(),
        topic: topic.into(),
        starts_at: hour(days, 8),
        ends_at: hour(days, 11) + Duration::minutes(30),
        format,
        place: "Hội trường Sở KHCN, 244 Điện Biên Phủ, phường Xuân Hòa".into(),
        online_link: "https://meet.tphcm.gov.vn/khcn-boi-duong".into(),
        speakers: "TS. Phạm Quốc Bảo (Sở KHCN); ThS. Đỗ Thu Hà (Trung tâm Chuyển đổi số)".into(),
        bridge_points: BridgePoints::All,
        description: "Cán bộ phụ trách KHCN, ĐMST và CĐS của 168 xã, phường tham dự tại hội \
                      trường hoặc tại điểm cầu của đơn vị."
            .into(),
    };
    let city = "Sở KHCN";
    let past = store.write(city, now - Duration::days(30), |c| {
        let programme = c.programmes().save(
            None,
            "Bồi dưỡng KHCN, ĐMST và CĐS cho cán bộ xã, phường năm 2026",
            "Chương trình của Sở KHCN cho cán bộ cấp xã sau sắp xếp chính quyền hai cấp.",
        )?;
        let past = c.sessions().save(
            programme,
            None,
            &session(
                "Lập dự toán nhiệm vụ KHCN cấp cơ sở",
                "Định mức chi theo Thông tư 02/2023/TT-BKHCN và 03/2023/TT-BTC",
                -14,
                SessionFormat::Hybrid,
            ),
        )?;
        c.sessions().save(
            programme,
            None,
            &session(
                "Chuyển đổi số trong giải quyết thủ tục hành chính",
                "Dịch vụ công trực tuyến, số hóa hồ sơ",
                2,
                SessionFormat::Online,
            ),
        )?;
        c.sessions().save(
            programme,
            None,
            &session(
                "Khởi nghiệp đổi mới sáng tạo ở cấp phường",
                "Cuộc thi ý tưởng, vườn ươm, kết nối doanh nghiệp",
                21,
                SessionFormat::InPerson,
            ),
        )?;
        Ok(past)
    })?;
    let officials = [
        ("Nguyễn Thị Lan", "Công chức Văn hóa - Xã hội"),
        ("Trần Văn Hùng", "Phó Chủ tịch UBND phường"),
        ("Phạm Minh Tuấn", "Công chức Văn phòng - Thống kê"),
    ];
    store.write(OFFICIAL, hour(-14, 8), |c| {
        for (i, (name, position)) in officials.into_iter().enumerate() {
            let id = c.trainees().add(unit, name, position)?;
            // The third followed online; the others were in the ward's bridge point.
            if i < 2 {
                let trainee = xaso_store::training::trainee(c.conn(), id)?
                    .ok_or_else(|| xaso_store::StoreError::NotFound(format!("trainee {id}")))?;
                let mode = if i == 1 { AttendanceMode::Online } else { AttendanceMode::InPerson };
                c.attendance().check_in(past, unit, &trainee, mode)?;
            }
        }
        Ok(())
    })?;
    Ok(())
}

/// The contest's estimate: labour of four people, a stage, a workshop and the prizes; the
/// first prize is over what a ward-level contest may give (flagged, not clipped).
fn seed_contest_estimate(
    store: &mut Store,
    task: xaso_domain::TaskId,
    at: DateTime<Utc>,
) -> anyhow::Result<()> {
    use xaso_domain::budget::{LabourRole, Line, LineGroup, Person};
    use xaso_domain::norm::Scaled;
    let q = |s: &str| Scaled::parse(s).unwrap_or_default();
    let m = |d: i64| Money::from_dong(d).unwrap_or_default();
    let line =
        |group, content: &str, unit: &str, qty: &str, price: i64, own: i64, norm: Option<&str>| {
            (
                None,
                Line {
                    group,
                    content: content.into(),
                    unit: unit.into(),
                    quantity: q(qty),
                    unit_price: m(price),
                    own: m(own),
                    other: Money::ZERO,
                    note: String::new(),
                    norm_code: norm.map(str::to_owned),
                },
            )
        };
    let people = vec![
        (None, Person { name: "Võ Thanh Tâm".into(), role: LabourRole::ChuNhiem, months: q("3") }),
        (
            None,
            Person {
                name: "Nguyễn Thị Lan".into(),
                role: LabourRole::ThanhVienChinh,
                months: q("2,5"),
            },
        ),
        (
            None,
            Person {
                name: "Phạm Quốc Bảo".into(),
                role: LabourRole::ThanhVienChinh,
                months: q("2"),
            },
        ),
        (
            None,
            Person { name: "Lý Gia Huy".into(), role: LabourRole::ThuKyKhoaHoc, months: q("2") },
        ),
    ];
    let lines = vec![
        line(
            LineGroup::Materials,
            "In ấn tài liệu, poster phát động cuộc thi",
            "bộ",
            "200",
            45_000,
            0,
            None,
        ),
        line(
            LineGroup::Equipment,
            "Thuê sân khấu, màn hình LED vòng chung kết",
            "ngày",
            "1",
            18_500_000,
            5_000_000,
            None,
        ),
        line(
            LineGroup::Other,
            "Hội thảo hướng dẫn xây dựng ý tưởng",
            "buổi",
            "2",
            6_000_000,
            0,
            None,
        ),
        line(
            LineGroup::Other,
            "Giải nhất",
            "giải",
            "1",
            20_000_000,
            0,
            Some("contest.prize.first"),
        ),
        line(
            LineGroup::Other,
            "Giải nhì",
            "giải",
            "2",
            12_000_000,
            0,
            Some("contest.prize.second"),
        ),
        line(LineGroup::Other, "Giải ba", "giải", "3", 8_000_000, 0, Some("contest.prize.third")),
        line(
            LineGroup::Other,
            "Giải khuyến khích",
            "giải",
            "5",
            4_000_000,
            0,
            Some("contest.prize.consolation"),
        ),
        line(
            LineGroup::Other,
            "Thù lao thành viên ban giám khảo",
            "người",
            "5",
            1_500_000,
            0,
            None,
        ),
    ];
    let date = at.date_naive();
    store.write(OFFICIAL, at, |c| {
        let e = c.estimates().create(task, 2026, m(35_000_000), date)?;
        c.estimates().save_sheet(e, &people, &lines)?;
        c.plans().set(
            &UnitCode::parse(UNIT).map_err(|e| xaso_store::StoreError::Invalid(e.to_string()))?,
            2026,
            m(25_000_000_000),
        )
    })?;
    Ok(())
}

fn last_day(first: NaiveDate) -> NaiveDate {
    first.checked_add_months(chrono::Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(first)
}
