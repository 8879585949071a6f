//! A ward's quarterly report across the wire, on three laptops: the official writes it
//! offline, the lead signs and sends it, the city returns it with a reason and a comment on
//! one line, the ward corrects it, the city accepts it, and from then on it is frozen on
//! every laptop (the server refuses a change of it).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on purpose

use xaso_core::{
    ErrorCode, ReportDetail, ReportLineInput, ReportOpen, ReportRef, ReportSave, ReportStatus,
    ReportTransition,
};
use xaso_e2e::on_both_backends;
use xaso_e2e::sync_harness::*;

on_both_backends!(a_quarterly_report_is_filed_returned_corrected_and_accepted_across_laptops);

const TEAMS: &str = "cds.to_cong_nghe_so";
const SIGNED: &str = "cds.van_ban_ky_so";

fn line(code: &str, value: &str, denominator: &str) -> ReportLineInput {
    ReportLineInput {
        indicator_code: code.into(),
        value: value.into(),
        denominator: denominator.into(),
        note: String::new(),
        from_app: false,
    }
}

fn step(laptop: &Laptop, id: &str, to: ReportStatus) -> ReportDetail {
    laptop
        .app()
        .report_transition(ReportTransition {
            id: id.into(),
            to,
            comment: String::new(),
            section_comments: Vec::new(),
            line_comments: Vec::new(),
        })
        .unwrap_or_else(|e| panic!("{to:?}: {}", e.message))
}

fn get(laptop: &Laptop, id: &str) -> ReportDetail {
    laptop.app().report_get(ReportRef { id: id.into() }).expect("the report is on this laptop")
}

fn synced(laptop: &Laptop) {
    let r = laptop.sync();
    assert_eq!((r.refused, r.conflicts), (0, 0), "{}", r.summary);
}

fn a_quarterly_report_is_filed_returned_corrected_and_accepted_across_laptops(backend: Backend) {
    let city = City::start(backend);
    let lan = Laptop::enrolled("Bến Thành (Lan)", &city, LAN);
    let hung = Laptop::enrolled("Bến Thành (Hùng, lãnh đạo)", &city, HUNG);
    let thu = Laptop::enrolled("Sở KHCN (Thu)", &city, THU);
    let minh = Laptop::enrolled("Tân Bình (Minh)", &city, MINH);

    // Lan writes the report offline.
    let period = lan
        .app()
        .reports_home()
        .unwrap()
        .periods
        .iter()
        .rfind(|p| p.form_code == "cds.quy")
        .unwrap()
        .period
        .clone();
    let draft = lan.app().report_open(ReportOpen { form_code: "cds.quy".into(), period }).unwrap();
    let saved = lan
        .app()
        .report_save(ReportSave {
            id: draft.id.clone(),
            lines: vec![line(SIGNED, "1.150", "1.200"), line(TEAMS, "12", "")],
            narrative: vec!["Ký số 96 % văn bản đi.".into()],
        })
        .unwrap();
    assert!(saved.issues.is_empty(), "{:?}", saved.issues);
    synced(&lan);

    // Hùng, the lead, signs it on his laptop and sends it.
    synced(&hung);
    assert_eq!(
        get(&hung, &draft.id).lines.iter().find(|l| l.indicator_code == TEAMS).unwrap().value,
        "12"
    );
    step(&hung, &draft.id, ReportStatus::Signed);
    step(&hung, &draft.id, ReportStatus::Submitted);
    synced(&hung);

    // The city sees it waiting; another ward sees nothing of it.
    synced(&thu);
    let inbox = thu.app().reports_home().unwrap();
    assert_eq!(inbox.reports.len(), 1);
    assert_eq!(
        (inbox.reports[0].status, inbox.reports[0].unit_name.as_str()),
        (ReportStatus::Submitted, "Phường Bến Thành")
    );
    assert_eq!(get(&thu, &draft.id).signed_by, "Trần Văn Hùng");
    synced(&minh);
    assert!(
        minh.app().report_get(ReportRef { id: draft.id.clone() }).is_err(),
        "not Tân Bình's to read"
    );

    // Returned with a reason and a comment on one line.
    thu.app()
        .report_transition(ReportTransition {
            id: draft.id.clone(),
            to: ReportStatus::Returned,
            comment: "Đề nghị rà soát số tổ công nghệ số.".into(),
            section_comments: Vec::new(),
            line_comments: vec![(TEAMS.into(), "Khác báo cáo tháng 9.".into())],
        })
        .unwrap();
    synced(&thu);

    // Lan sees why and where, reopens and corrects; Hùng signs and sends again.
    synced(&lan);
    let back = get(&lan, &draft.id);
    assert_eq!(back.status, ReportStatus::Returned);
    assert_eq!(back.review_comment, "Đề nghị rà soát số tổ công nghệ số.");
    assert_eq!(
        back.lines.iter().find(|l| l.indicator_code == TEAMS).unwrap().review_comment,
        "Khác báo cáo tháng 9."
    );
    step(&lan, &draft.id, ReportStatus::Draft);
    lan.app()
        .report_save(ReportSave {
            id: draft.id.clone(),
            lines: vec![line(TEAMS, "11", "")],
            narrative: Vec::new(),
        })
        .unwrap();
    synced(&lan);
    synced(&hung);
    step(&hung, &draft.id, ReportStatus::Signed);
    step(&hung, &draft.id, ReportStatus::Submitted);
    synced(&hung);

    // The city accepts the corrected report.
    synced(&thu);
    assert_eq!(
        get(&thu, &draft.id).lines.iter().find(|l| l.indicator_code == TEAMS).unwrap().value,
        "11"
    );
    step(&thu, &draft.id, ReportStatus::Accepted);
    synced(&thu);

    // Frozen everywhere.
    synced(&lan);
    let accepted = get(&lan, &draft.id);
    assert_eq!(accepted.status, ReportStatus::Accepted);
    let refused = lan.app().report_save(ReportSave {
        id: draft.id.clone(),
        lines: vec![line(TEAMS, "13", "")],
        narrative: Vec::new(),
    });
    assert_eq!(refused.unwrap_err().code, ErrorCode::NotEditable);
}
