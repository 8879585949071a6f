//! The materials of a session, end to end through the app's own calls: the city attaches
//! three files (one of them to two sessions: stored and sent once) and its file worker
//! uploads them; a ward keeps the programme offline, loses the connection in the middle of
//! the download, and on the next pass ends with every file verified, fetching again at most
//! the chunk that was cut; the PDF's text is searchable without diacritics.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on purpose

use xaso_core::{FileState, KeepOffline, MaterialRef, SessionSave};
use xaso_e2e::on_both_backends;
use xaso_e2e::sync_harness::*;
use xaso_e2e::training_harness::*;
use xaso_e2e::transfer_harness::{FaultyProxy, random_bytes, sha256_of};
use xaso_proto::blobs::CHUNK_SIZE;

on_both_backends!(a_ward_offline_for_part_of_the_download_ends_with_every_file_verified);

/// Files in a folder, by content address.
fn files_in(dir: &std::path::Path) -> usize {
    walk(dir).into_iter().filter(|p| p.file_name().is_some_and(|n| n.len() == 64)).count()
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn a_ward_offline_for_part_of_the_download_ends_with_every_file_verified(backend: Backend) {
    let city = City::start(backend);
    let sở = Laptop::enrolled("Sở KHCN (Thu)", &city, THU);

    // Three files: two PDFs with text, and a video of 3½ chunks.
    let work = tempfile::tempdir().unwrap();
    let guide = write_file(
        work.path(),
        "huong-dan-du-toan.pdf",
        &minimal_pdf(&["Quan ly ngân sách nhà nuoc", "cho nhiem vu khoa hoc cap co so"]),
    );
    let slides = write_file(work.path(), "bai-giang.pdf", &minimal_pdf(&["So hóa hô so"]));
    let video_len = CHUNK_SIZE * 7 / 2;
    let video = write_file(work.path(), "ghi-hinh.mp4", &random_bytes(video_len, 7));

    let session = sở.publish_session("Tập huấn cấp xã 2026", "Lập dự toán kinh phí");
    let again = sở
        .app()
        .session_save(SessionSave {
            programme_id: session.programme_id.clone(),
            id: None,
            form: session_form("Quyết toán kinh phí"),
        })
        .unwrap()
        .session
        .unwrap();
    let guide_material = sở.attach(&session, "Hướng dẫn lập dự toán", &guide);
    sở.attach(&session, "Bài giảng số hóa hồ sơ", &slides);
    sở.attach(&session, "Ghi hình buổi học", &video);
    sở.attach(&again, "Hướng dẫn lập dự toán (nhắc lại)", &guide);
    assert_eq!(files_in(&sở.data_dir().join("blobs")), 3, "four materials, three files");
    assert_eq!(guide_material.file.state, FileState::Uploading, "published here, not yet sent");

    // The city's file worker sends them: each once.
    sở.app().move_files_now().unwrap();
    assert_eq!(files_in(city.blobs_dir()), 3);
    let sent = sở.session(&session.id);
    assert!(sent.materials.iter().all(|m| m.file.state == FileState::Ready), "{sent:?}");
    sở.sync();

    // A ward, whose line to the city goes through a proxy that will break.
    let proxy = FaultyProxy::start(&city);
    let ward = Laptop::enrolled_at("Bến Thành (Lan)", &proxy.url(), LAN);
    ward.sync();
    let received = ward.session(&session.id);
    assert_eq!(received.materials.len(), 3);
    assert!(
        received.materials.iter().all(|m| m.file.state == FileState::NotDownloaded),
        "metadata syncs; files wait to be asked for"
    );
    ward.app()
        .programme_keep_offline(KeepOffline {
            programme_id: session.programme_id.clone(),
            keep: true,
        })
        .unwrap();

    // The connection breaks two chunks into the video (the PDFs, smaller, come first).
    let (_, before) = proxy.bytes();
    proxy.cut_answers_after(20_000 + 2 * CHUNK_SIZE + CHUNK_SIZE / 2);
    let broken = ward.app().move_files_now();
    assert!(broken.is_err(), "the pass stops when the line breaks");
    let (_, at_cut) = proxy.bytes();
    let halfway = ward.session(&session.id);
    let video_view = halfway.materials.iter().find(|m| m.title == "Ghi hình buổi học").unwrap();
    assert_ne!(video_view.file.state, FileState::Ready);
    assert!(video_view.file.done >= CHUNK_SIZE, "verified chunks are kept: {video_view:?}");
    let ready = halfway.materials.iter().filter(|m| m.file.state == FileState::Ready).count();
    assert_eq!(ready, 2, "the two PDFs arrived before the cut");

    // The next pass resumes: only what was missing comes again, at most one chunk more.
    ward.app().move_files_now().unwrap();
    let (_, after) = proxy.bytes();
    let missing = video_len - video_view.file.done;
    assert!(
        after - at_cut <= missing + CHUNK_SIZE + 64 * 1024,
        "resuming fetched {} bytes for {missing} missing",
        after - at_cut
    );
    assert!(at_cut > before);
    let done = ward.session(&session.id);
    assert!(done.materials.iter().all(|m| m.file.state == FileState::Ready), "{done:?}");
    // What the shell hands to the desktop's viewer: the file that was opened, once each.
    let shown = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let viewer = std::sync::Arc::clone(&shown);
    ward.app().set_file_opener(move |path| viewer.lock().unwrap().push(path.to_owned()));
    for (m, original) in done.materials.iter().zip([&guide, &slides, &video]) {
        let opened = ward.app().material_open(MaterialRef { id: m.id.clone() }).unwrap();
        assert_eq!(shown.lock().unwrap().last(), Some(&std::path::PathBuf::from(&opened.path)));
        assert_eq!(
            sha256_of(std::path::Path::new(&opened.path)),
            sha256_of(original),
            "{}",
            m.title
        );
    }
    assert_eq!(shown.lock().unwrap().len(), 3, "each opening shown once");
    assert_eq!(files_in(&ward.data_dir().join("blobs")), 3);

    // The PDF's own text is searchable, without diacritics: both materials of that file.
    let mut hits = ward.library("ngan sach nha nuoc");
    hits.sort();
    assert_eq!(hits, ["Hướng dẫn lập dự toán", "Hướng dẫn lập dự toán (nhắc lại)"]);
    // Every line of it, not only the first.
    let mut hits = ward.library("khoa hoc cap co so");
    hits.sort();
    assert_eq!(hits, ["Hướng dẫn lập dự toán", "Hướng dẫn lập dự toán (nhắc lại)"]);

    // Opening counts for the person's progress, and reaches the city.
    let trainee = ward.add_trainee(LAN.display_name);
    ward.sync();
    sở.sync();
    let progress =
        sở.app().trainee_progress(xaso_core::TraineeRef { id: trainee.id.clone() }).unwrap();
    assert_eq!(progress.materials.len(), 3, "{progress:?}");
}
