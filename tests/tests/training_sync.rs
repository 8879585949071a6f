//! Training across the wire, on both server backends: the city publishes a session with
//! materials and a quiz; two wards receive it, check their trainees in offline and
//! answer the quiz; the city sees attendance per unit with the right totals, and the
//! quiz results; no unit sees another's trainees.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on purpose

use xaso_core::{
    Answer, AttendanceMode, DeadLetterRef, ErrorCode, KeepOffline, MaterialRef, ProgrammeInput,
    Question, QuizSave, QuizSubmit, SessionRef,
};
use xaso_e2e::on_both_backends;
use xaso_e2e::sync_harness::*;
use xaso_e2e::training_harness::*;
use xaso_proto::Outcome;
use xaso_store::training;

on_both_backends!(
    attendance_and_quiz_answers_reach_the_city,
    a_unit_may_not_publish,
    a_unit_may_not_file_attendance_for_another,
    a_material_withdrawn_by_the_city_leaves_every_laptop,
);

const PROGRAMME: &str = "Tập huấn KHCN, ĐMST và CĐS cấp xã 2026";
const SESSION: &str = "Lập dự toán kinh phí nhiệm vụ cấp cơ sở";

fn quiz() -> Vec<Question> {
    let q = |prompt: &str, multiple: bool, options: &[&str], correct: &[u32]| Question {
        id: None,
        prompt: prompt.into(),
        multiple,
        options: options.iter().map(|o| (*o).to_owned()).collect(),
        correct: correct.to_vec(),
    };
    vec![
        q("Năm ngân sách bắt đầu ngày nào?", false, &["1/1", "1/4", "1/7"], &[0]),
        q("Dự toán gồm những nhóm chi nào?", true, &["Nhân công", "Vật tư", "Quà tặng"], &[0, 1]),
    ]
}

fn attendance_and_quiz_answers_reach_the_city(backend: Backend) {
    let city = City::start(backend);
    let sở = Laptop::enrolled("Sở KHCN (Thu)", &city, THU);
    let ben_thanh = Laptop::enrolled("Bến Thành (Lan)", &city, LAN);
    let tan_binh = Laptop::enrolled("Tân Bình (Minh)", &city, MINH);

    // The city publishes a session with a material and a quiz.
    let session = sở.publish_session(PROGRAMME, SESSION);
    let files = tempfile::tempdir().unwrap();
    let pdf = write_file(
        files.path(),
        "huong-dan.pdf",
        &minimal_pdf(&["Huong dan lap dang ngân sách", "cho nhiem vu khoa hoc"]),
    );
    sở.attach(&session, "Hướng dẫn lập dự toán", &pdf);
    // A quiz whose second question has no right answer is refused, the issue naming it.
    let mut broken = quiz();
    broken[1].correct.clear();
    let refused =
        sở.app().quiz_save(QuizSave { session_id: session.id.clone(), questions: broken }).unwrap();
    assert!(refused.session.is_none());
    let fields: Vec<&str> = refused.issues.iter().map(|i| i.field.as_str()).collect();
    assert_eq!(fields, ["questions.1"], "{:?}", refused.issues);
    let saved =
        sở.app().quiz_save(QuizSave { session_id: session.id.clone(), questions: quiz() }).unwrap();
    assert!(saved.issues.is_empty(), "{:?}", saved.issues);
    let questions = saved.session.unwrap().questions;
    assert_eq!(sở.sync().refused, 0, "the city may publish");

    // Each ward receives the session, its material's description and the quiz.
    ben_thanh.sync();
    tan_binh.sync();
    let received = ben_thanh.session(&session.id);
    assert_eq!(received.form.title, SESSION);
    assert_eq!(received.when, "08:00 05/12/2026 – 11:30");
    assert!(received.can_check_in, "every unit is a bridge point");
    assert_eq!(received.materials.len(), 1);
    assert_eq!(received.questions.len(), 2);
    assert_eq!(
        ben_thanh.library("huong dan lap du toan"),
        ["Hướng dẫn lập dự toán"],
        "found by its title without diacritics before the file is here"
    );

    // Offline, Bến Thành checks in five trainees: three new names, two of its staff list.
    let an = ben_thanh.add_trainee("Trần Văn An");
    let binh = ben_thanh.add_trainee("Lê Thị Bình");
    for name in ["Nguyễn Văn Cường", "Phạm Thị Dung", "Võ Minh Đức"] {
        ben_thanh.check_in_new(&session.id, name, AttendanceMode::Online);
    }
    ben_thanh.check_in(&session.id, &an);
    let after = ben_thanh.check_in(&session.id, &binh);
    assert_eq!(after.attendance.len(), 5);
    let twice = ben_thanh.app().attendance_check_in(xaso_core::CheckIn {
        session_id: session.id.clone(),
        trainee_id: Some(an.id.clone()),
        new_name: String::new(),
        new_position: String::new(),
        mode: AttendanceMode::InPerson,
    });
    assert_eq!(twice.unwrap_err().code, ErrorCode::Validation, "no double check-in");
    // Two answer the quiz: one all right, one half.
    let answer = |q: usize, chosen: &[u32]| Answer {
        question_id: questions[q].id.clone().unwrap(),
        chosen: chosen.to_vec(),
    };
    let full = ben_thanh
        .app()
        .quiz_submit(QuizSubmit {
            session_id: session.id.clone(),
            trainee_id: an.id.clone(),
            answers: vec![answer(0, &[0]), answer(1, &[1, 0])],
        })
        .unwrap();
    assert_eq!((full.score, full.out_of), (2, 2));
    let half = ben_thanh
        .app()
        .quiz_submit(QuizSubmit {
            session_id: session.id.clone(),
            trainee_id: binh.id.clone(),
            answers: vec![answer(0, &[0]), answer(1, &[0])],
        })
        .unwrap();
    assert_eq!((half.score, half.correct.clone()), (1, vec![true, false]));

    // Tân Bình checks in two.
    tan_binh.check_in_new(&session.id, "Đặng Văn Giang", AttendanceMode::InPerson);
    tan_binh.check_in_new(&session.id, "Hồ Thị Hạnh", AttendanceMode::Online);

    // Nothing of this has reached the city yet.
    sở.sync();
    assert_eq!(sở.app().attendance_report().unwrap().total, 0);
    assert_eq!(ben_thanh.sync().refused, 0);
    assert_eq!(tan_binh.sync().refused, 0);

    // The city sees attendance per unit and the totals.
    sở.sync();
    let report = sở.app().attendance_report().unwrap();
    assert_eq!((report.total, report.units, report.in_person, report.online), (7, 2, 3, 4));
    let line = &report.sessions[0];
    let of = |code: &str| line.units.iter().find(|u| u.unit_code == code).map(|u| u.total);
    assert_eq!((of(BEN_THANH), of(TAN_BINH)), (Some(5), Some(2)));
    assert_eq!(line.units[0].unit_name, "Phường Bến Thành");
    // ... and exports them as a file the Department can send on.
    let csv = sở
        .app()
        .attendance_export(xaso_core::AttendanceExport { format: xaso_core::ReportFormat::Csv })
        .unwrap();
    let text = std::fs::read_to_string(&csv.path).unwrap();
    assert!(text.contains(&format!(",{BEN_THANH},Phường Bến Thành,2,3,5")), "{text}");
    assert!(text.trim_end().ends_with("Tổng cộng,,,2 đơn vị,3,4,7"), "{text}");
    // ... and the quiz: Bến Thành averages 75 %, the multiple-choice question is hardest.
    let results = sở.app().quiz_report(SessionRef { id: session.id.clone() }).unwrap();
    assert_eq!(results.units.len(), 1);
    assert_eq!((results.units[0].attempts, results.units[0].average_percent), (2, 75));
    assert_eq!(results.questions[0].prompt, "Dự toán gồm những nhóm chi nào?");
    assert_eq!(results.questions[0].right_percent, 50);
    // A trainee's progress, as the city sees it.
    let progress = sở.app().trainee_progress(xaso_core::TraineeRef { id: an.id.clone() }).unwrap();
    assert_eq!(progress.sessions.len(), 1);
    assert_eq!((progress.quizzes[0].score, progress.quizzes[0].out_of), (2, 2));

    // No unit sees another's trainees, attendance or answers: not in its lists, not even
    // in its database.
    let names = |laptop: &Laptop| -> Vec<String> {
        training::trainees(laptop.store().conn(), None)
            .unwrap()
            .into_iter()
            .map(|t| t.full_name)
            .collect()
    };
    tan_binh.sync();
    assert_eq!(names(&tan_binh), ["Đặng Văn Giang", "Hồ Thị Hạnh"]);
    assert_eq!(names(&ben_thanh).len(), 5);
    assert_eq!(tan_binh.app().attendance_report().unwrap().total, 2, "its own only");
    assert!(
        training::attempts(tan_binh.store().conn(), session.id.parse().unwrap())
            .unwrap()
            .is_empty()
    );
}

fn a_unit_may_not_publish(backend: Backend) {
    let city = City::start(backend);
    let ward = Laptop::enrolled("Bến Thành (Lan)", &city, LAN);
    let refused = ward.app().programme_save(ProgrammeInput {
        id: None,
        title: "Chương trình tự đặt".into(),
        description: String::new(),
    });
    assert_eq!(refused.unwrap_err().code, ErrorCode::Forbidden);
    // A tampered laptop that writes a programme anyway: the server refuses it, and the
    // refusal is listed on the laptop.
    let mut store = ward.store();
    store
        .write("Nguyễn Thị Lan", chrono::Utc::now(), |c| {
            c.programmes().save(None, "Chương trình tự đặt", "")
        })
        .unwrap();
    let report = ward.sync();
    assert_eq!(report.refused, 1, "{}", report.summary);
    let refused = ward.app().dead_letters_list().unwrap();
    assert_eq!(refused.len(), 1);

    // Read, then dismissed: off the list and out of the status count, and never sent again.
    let left =
        ward.app().dead_letter_dismiss(DeadLetterRef { op_id: refused[0].op_id.clone() }).unwrap();
    assert!(left.is_empty());
    assert_eq!(ward.status().refused, 0);
    let again = ward.sync();
    assert_eq!((again.pushed, again.refused), (0, 0), "{}", again.summary);
}

/// A tampered laptop of Bến Thành files check-ins in its own partition but in Tân Bình's
/// name (to swell its numbers, or to spoil them): the server refuses the rows, so the
/// city's report counts only what each unit filed for itself.
fn a_unit_may_not_file_attendance_for_another(backend: Backend) {
    let city = City::start(backend);
    let sở = Laptop::enrolled("Sở KHCN (Thu)", &city, THU);
    let session = sở.publish_session(PROGRAMME, SESSION);
    sở.sync();
    let ward = Laptop::enrolled("Bến Thành (Lan)", &city, LAN);
    let raw = RawClient::of(&city, &ward);
    let row = |unit: &str| {
        serde_json::json!({
            "session_id": session.id, "unit_code": unit, "trainee_id": uuid::Uuid::now_v7().to_string(),
            "trainee_name": "Người không có thật", "mode": "online",
            "checked_in_at": "2026-12-05T01:05:00.000Z", "checked_in_by": "Nguyễn Thị Lan"
        })
    };
    let own = format!("unit:{BEN_THANH}");
    let answers = raw.push(vec![
        field_op(&own, "attendance", &uuid::Uuid::now_v7().to_string(), "*", row(TAN_BINH), 0),
        field_op(&own, "attendance", &uuid::Uuid::now_v7().to_string(), "*", row(BEN_THANH), 0),
    ]);
    let outcomes: Vec<_> =
        answers.iter().map(|a| matches!(a.outcome, Outcome::Applied { .. })).collect();
    assert_eq!(outcomes, [false, true], "{answers:?}");
    sở.sync();
    let report = sở.app().attendance_report().unwrap();
    let units: Vec<_> = report.sessions[0].units.iter().map(|u| u.unit_code.clone()).collect();
    assert_eq!(units, [BEN_THANH], "nothing was counted for Tân Bình");
}

/// The city attached a wrong file and withdraws it: after a sync the ward's session, its
/// library and its download queue no longer have it; the other material stays. A ward may
/// not withdraw the city's materials.
fn a_material_withdrawn_by_the_city_leaves_every_laptop(backend: Backend) {
    let city = City::start(backend);
    let sở = Laptop::enrolled("Sở KHCN (Thu)", &city, THU);
    let ward = Laptop::enrolled("Bến Thành (Lan)", &city, LAN);
    let session = sở.publish_session(PROGRAMME, SESSION);
    let files = tempfile::tempdir().unwrap();
    let guide = write_file(files.path(), "huong-dan.pdf", &minimal_pdf(&["Huong dan du toan"]));
    let wrong = write_file(files.path(), "nham.pdf", &minimal_pdf(&["Ban nhap chua duyet"]));
    sở.attach(&session, "Hướng dẫn lập dự toán", &guide);
    let withdrawn = sở.attach(&session, "Bản nháp gửi nhầm", &wrong);
    sở.sync();
    ward.sync();
    ward.app()
        .programme_keep_offline(KeepOffline {
            programme_id: session.programme_id.clone(),
            keep: true,
        })
        .unwrap();
    assert_eq!(ward.session(&session.id).materials.len(), 2);
    assert_eq!(ward.library("ban nhap"), ["Bản nháp gửi nhầm"]);

    let refused = ward.app().material_remove(MaterialRef { id: withdrawn.id.clone() });
    assert_eq!(refused.unwrap_err().code, ErrorCode::Forbidden, "a ward may not withdraw it");

    let home = sở.app().material_remove(MaterialRef { id: withdrawn.id.clone() }).unwrap();
    assert_eq!(home.programmes[0].materials, 1, "the city's own counts at once");
    let again = sở.app().material_remove(MaterialRef { id: withdrawn.id.clone() });
    assert_eq!(again.unwrap_err().code, ErrorCode::NotFound, "withdrawn once");
    assert_eq!(sở.sync().refused, 0);
    ward.sync();

    let titles: Vec<String> =
        ward.session(&session.id).materials.into_iter().map(|m| m.title).collect();
    assert_eq!(titles, ["Hướng dẫn lập dự toán"]);
    assert!(ward.library("ban nhap").is_empty(), "gone from the library");
    assert_eq!(ward.library("huong dan"), ["Hướng dẫn lập dự toán"]);
    let queued = training::wanted_downloads(ward.store().conn(), |_| false).unwrap();
    let queued: Vec<String> = queued.into_iter().map(|w| w.title).collect();
    assert_eq!(queued, ["Hướng dẫn lập dự toán"], "only the remaining file is wanted");

    // Withdrawn before its file left the city's laptop: the upload is dropped too.
    let draft = write_file(files.path(), "du-thao.pdf", &minimal_pdf(&["Du thao"]));
    let hasty = sở.attach(&session, "Dự thảo", &draft);
    let waiting = |laptop: &Laptop| -> Vec<String> {
        let list = training::pending_uploads(laptop.store().conn()).unwrap();
        list.into_iter().map(|w| w.sha256).collect()
    };
    assert!(waiting(&sở).contains(&hasty.sha256));
    sở.app().material_remove(MaterialRef { id: hasty.id }).unwrap();
    assert!(!waiting(&sở).contains(&hasty.sha256), "nothing to upload for it");
}
