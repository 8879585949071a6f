//! Training in the local store: what a city laptop publishes travels as outbox entries of
//! the `city` partition, the library finds materials by any word of their title or file
//! text with or without diacritics, a file used twice is fetched once, and attendance
//! counts each trainee once.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on purpose

use chrono::{TimeZone, Utc};
use xaso_domain::training::{AttendanceMode, BridgePoints, Question, SessionFields, SessionFormat};
use xaso_domain::{ProgrammeId, SessionId, UnitCode};
use xaso_store::training::{self, Direction, NewMaterial};
use xaso_store::{Store, outbox};

const SHA_A: &str = "a3f1000000000000000000000000000000000000000000000000000000000000";
const SHA_B: &str = "b7c2000000000000000000000000000000000000000000000000000000000000";

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 2, 0, 0).unwrap()
}

fn session_fields(title: &str) -> SessionFields {
    SessionFields {
        title: title.into(),
        topic: "Dự toán kinh phí".into(),
        starts_at: Utc.with_ymd_and_hms(2026, 12, 5, 1, 0, 0).unwrap(),
        ends_at: Utc.with_ymd_and_hms(2026, 12, 5, 4, 30, 0).unwrap(),
        format: SessionFormat::Hybrid,
        place: "Hội trường Sở".into(),
        online_link: "https://meet.example/1".into(),
        speakers: "TS. Nguyễn Văn A".into(),
        bridge_points: BridgePoints::All,
        description: String::new(),
    }
}

fn material(programme: ProgrammeId, session: SessionId, title: &str, sha: &str) -> NewMaterial {
    NewMaterial {
        programme_id: programme,
        session_id: Some(session),
        topic: "Dự toán kinh phí".into(),
        title: title.into(),
        description: "Tài liệu cho học viên".into(),
        file_name: format!("{title}.pdf"),
        media_type: "application/pdf".into(),
        size: 1000,
        sha256: sha.into(),
    }
}

/// A programme with two sessions; the same file attached to both.
fn published(store: &mut Store) -> (ProgrammeId, SessionId, SessionId) {
    store
        .write("Phạm Thu", now(), |c| {
            let p =
                c.programmes().save(None, "Tập huấn KHCN cấp xã 2026", "Hai ngày, 13 chuyên đề")?;
            let s1 = c.sessions().save(p, None, &session_fields("Lập dự toán nhiệm vụ"))?;
            let s2 = c.sessions().save(p, None, &session_fields("Quyết toán kinh phí"))?;
            c.materials().add(&material(p, s1, "Hướng dẫn lập dự toán", SHA_A))?;
            c.materials().add(&material(p, s2, "Hướng dẫn lập dự toán (nhắc lại)", SHA_A))?;
            c.materials().add(&material(p, s2, "Mẫu biểu quyết toán", SHA_B))?;
            Ok((p, s1, s2))
        })
        .unwrap()
}

fn search(store: &mut Store, q: &str) -> Vec<String> {
    store.catch_up_search().unwrap();
    training::search_materials(store.conn(), q, 20).unwrap().into_iter().map(|m| m.title).collect()
}

#[test]
fn publishing_is_city_data_in_the_outbox() {
    let mut store = Store::open_in_memory().unwrap();
    let (programme, s1, _) = published(&mut store);
    let entries = outbox::oldest(store.conn(), 100).unwrap();
    assert_eq!(entries.len(), 6, "one whole-row entry per programme, session and material");
    assert!(entries.iter().all(|e| e.partition == "city"));
    assert_eq!(training::sessions(store.conn(), Some(programme)).unwrap().len(), 2);
    let got = training::session(store.conn(), s1).unwrap().unwrap();
    assert_eq!(got.fields, session_fields("Lập dự toán nhiệm vụ"), "read back as written");
    assert_eq!(training::materials(store.conn(), programme, Some(s1)).unwrap().len(), 1);
}

#[test]
fn the_library_search_ignores_diacritics_and_reads_file_text() {
    let mut store = Store::open_in_memory().unwrap();
    published(&mut store);
    assert_eq!(search(&mut store, "mau bieu quyet"), ["Mẫu biểu quyết toán"]);
    assert_eq!(search(&mut store, "MẪU BIỂU"), ["Mẫu biểu quyết toán"]);
    assert!(search(&mut store, "ngan sach").is_empty(), "not in any title yet");
    // The text of file B is extracted on arrival: now its words find it.
    store.set_file_text(SHA_B, "Quyết toán ngân sách nhà nước cho khoa học").unwrap();
    assert!(training::search_behind(store.conn()).unwrap());
    assert_eq!(search(&mut store, "ngan sach nha nuoc"), ["Mẫu biểu quyết toán"]);
    assert!(search(&mut store, "\" OR *").is_empty(), "search syntax is only ever text");
}

#[test]
fn a_file_used_twice_is_wanted_once_and_a_kept_programme_wants_all() {
    let mut store = Store::open_in_memory().unwrap();
    let (programme, _, _) = published(&mut store);
    let wanted = |store: &Store| -> Vec<String> {
        training::wanted_downloads(store.conn(), |_| false)
            .unwrap()
            .into_iter()
            .map(|w| w.sha256)
            .collect()
    };
    assert!(wanted(&store).is_empty(), "nothing is downloaded unless asked");
    store.want_file(SHA_A, Direction::Down).unwrap();
    assert_eq!(wanted(&store), [SHA_A]);
    store.keep_offline(programme, true).unwrap();
    assert_eq!(wanted(&store).len(), 2, "two files for three materials");
    let have_a = |sha: &str| sha == SHA_A;
    let left: Vec<_> = training::wanted_downloads(store.conn(), have_a).unwrap();
    assert_eq!(left.iter().map(|w| w.sha256.as_str()).collect::<Vec<_>>(), [SHA_B]);
    assert!(training::programme(store.conn(), programme).unwrap().unwrap().keep_offline);
    store.keep_offline(programme, false).unwrap();
    store.file_moved(SHA_A, Direction::Down).unwrap();
    assert!(wanted(&store).is_empty());
}

#[test]
fn attendance_counts_each_trainee_once_per_session() {
    let mut store = Store::open_in_memory().unwrap();
    let (_, s1, s2) = published(&mut store);
    let unit = UnitCode::parse("26743").unwrap();
    store
        .write("Nguyễn Thị Lan", now(), |c| {
            let a = c.trainees().add(&unit, "Trần Văn An", "Chuyên viên")?;
            let b = c.trainees().add(&unit, "Lê Thị Bình", "")?;
            let a = training::trainee(c.conn(), a)?.unwrap();
            let b = training::trainee(c.conn(), b)?.unwrap();
            c.attendance().check_in(s1, &unit, &a, AttendanceMode::InPerson)?;
            c.attendance().check_in(s1, &unit, &a, AttendanceMode::Online)?; // a second laptop, same person
            c.attendance().check_in(s1, &unit, &b, AttendanceMode::Online)?;
            c.attendance().check_in(s2, &unit, &b, AttendanceMode::InPerson)?;
            Ok(())
        })
        .unwrap();
    let counts = training::attendance_counts(store.conn()).unwrap();
    let of =
        |s: SessionId| counts.iter().find(|c| c.session_id == s).map(|c| (c.in_person, c.online));
    assert_eq!(of(s1), Some((1, 1)));
    assert_eq!(of(s2), Some((1, 0)));
    let pending = outbox::oldest(store.conn(), 100).unwrap();
    assert!(
        pending.iter().filter(|e| e.table == "attendance").all(|e| e.partition == "unit:26743")
    );
}

#[test]
fn saving_a_quiz_updates_adds_and_removes_questions() {
    let mut store = Store::open_in_memory().unwrap();
    let (_, s1, _) = published(&mut store);
    let q = |prompt: &str| Question {
        id: None,
        prompt: prompt.into(),
        multiple: false,
        options: vec!["Có".into(), "Không".into()],
        correct: vec![0],
    };
    store
        .write("Phạm Thu", now(), |c| c.quiz().save_questions(s1, &[q("Câu một"), q("Câu hai")]))
        .unwrap();
    let saved = training::questions(store.conn(), s1).unwrap();
    assert_eq!(saved.len(), 2);
    let mut first = saved[0].question.clone();
    first.prompt = "Câu một (sửa)".into();
    store
        .write("Phạm Thu", now(), |c| c.quiz().save_questions(s1, &[first.clone(), q("Câu ba")]))
        .unwrap();
    let prompts: Vec<_> = training::questions(store.conn(), s1)
        .unwrap()
        .into_iter()
        .map(|r| r.question.prompt)
        .collect();
    assert_eq!(prompts, ["Câu một (sửa)", "Câu ba"]);
}

/// A material, its searchable text and its upload are written in one transaction: a write
/// that fails after them leaves none of them (the laptop never uploads, nor finds, a
/// material that is not there).
#[test]
fn a_material_its_text_and_its_upload_commit_together_or_not_at_all() {
    let mut store = Store::open_in_memory().unwrap();
    let (p, s1, _) = published(&mut store);
    const SHA_C: &str = "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";
    let failed = store.write("Phạm Thu", now(), |c| {
        c.materials().add(&material(p, s1, "Sổ tay ngân sách", SHA_C))?;
        c.files().set_text(SHA_C, "ngân sách khoa học cấp xã")?;
        c.files().want(SHA_C, Direction::Up)?;
        Err::<(), _>(xaso_store::StoreError::Invalid("the publisher gave up".into()))
    });
    assert!(failed.is_err());
    assert!(search(&mut store, "so tay").is_empty(), "no material");
    assert!(!training::is_wanted(store.conn(), SHA_C, Direction::Up).unwrap(), "no upload");

    store
        .write("Phạm Thu", now(), |c| {
            c.materials().add(&material(p, s1, "Sổ tay ngân sách", SHA_C))?;
            c.files().set_text(SHA_C, "ngân sách khoa học cấp xã")?;
            c.files().want(SHA_C, Direction::Up)
        })
        .unwrap();
    assert_eq!(search(&mut store, "khoa hoc cap xa"), ["Sổ tay ngân sách"], "found by its text");
    assert!(training::is_wanted(store.conn(), SHA_C, Direction::Up).unwrap());
}
