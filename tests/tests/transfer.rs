//! Training materials reach the wards over connections that break: a real city server and
//! real file clients over loopback, through a proxy that cuts connections and damages
//! bytes. Files are 3.5 chunks of incompressible bytes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use xaso_e2e::on_both_backends;
use xaso_e2e::sync_harness::Backend;
use xaso_e2e::transfer_harness::*;
use xaso_proto::CHUNK_SIZE;
use xaso_sync::{DeviceToken, RemoteError, SPACE_RESERVE, TransferError};

/// 3.5 chunks: three whole ones and a half.
const SIZE: u64 = 7 * CHUNK_SIZE / 2;
/// Room for the HTTP heads of a few dozen requests and answers, and the manifest.
const HEADS: u64 = 64 * 1024;

#[test]
fn a_cut_download_resumes_and_fetches_at_most_one_chunk_again() {
    let desk = Desk::start(Backend::Sqlite);
    let manifest = desk.publish(&desk.file("Tập huấn chuyển đổi số.mp4", SIZE, 1));
    let sha = manifest.sha256.clone();
    let proxy = FaultyProxy::start(&desk.city);
    let ward = desk.blob_dir("ward");
    let client = desk.client(&proxy.url());

    // The connection dies in the middle of the file.
    proxy.cut_answers_after(SIZE / 2);
    let first = Reports::default();
    let cut = desk.block_on(client.download(&desk.lan, &ward, &sha, &first.hear()));
    match &cut {
        Err(TransferError::Remote(RemoteError::Offline(_))) => {}
        other => panic!("a cut connection is 'offline', not {other:?}"),
    }
    assert_eq!(cut.unwrap_err().message().code, "offline");
    assert_eq!(proxy.faults().0, 1);
    let (kept, total) = ward.progress(&sha).expect("the partial download is kept");
    assert_eq!(total, SIZE);
    assert!((CHUNK_SIZE..SIZE).contains(&kept), "verified chunks are kept: {kept}");
    assert!(!ward.has(&sha));
    let reports = first.all();
    assert!(
        reports.iter().any(|p| p.done % CHUNK_SIZE != 0),
        "progress is reported within chunks too: {reports:?}"
    );

    // Online again: only what is missing comes.
    let second = Reports::default();
    let path = desk
        .block_on(client.download(&desk.lan, &ward, &sha, &second.hear()))
        .expect("the download resumes");
    assert_eq!(sha256_of(&path), sha);
    assert!(ward.has(&sha));
    assert_eq!(ward.progress(&sha), Some((SIZE, SIZE)));
    let reports = second.all();
    assert_eq!(reports.first().map(|p| p.done), Some(kept), "it starts where it stopped");
    assert_eq!(reports.last().map(|p| (p.done, p.total)), Some((SIZE, SIZE)));
    assert!(reports.windows(2).all(|w| w[0].done <= w[1].done), "progress never goes back");
    let (_, down) = proxy.bytes();
    assert!(
        down <= SIZE + CHUNK_SIZE + HEADS,
        "at most one chunk is sent twice: {down} bytes for a file of {SIZE}"
    );

    // Asked again: it is there, nothing moves.
    let before = proxy.bytes();
    desk.block_on(client.download(&desk.lan, &ward, &sha, &|_| {})).unwrap();
    assert_eq!(proxy.bytes(), before);
}

#[test]
fn a_damaged_chunk_is_refused_and_fetched_again() {
    let desk = Desk::start(Backend::Sqlite);
    let manifest = desk.publish(&desk.file("Sổ tay cán bộ.pdf", SIZE, 2));
    let sha = manifest.sha256.clone();
    let proxy = FaultyProxy::start(&desk.city);
    let ward = desk.blob_dir("ward");
    let client = desk.client(&proxy.url());

    // One byte in the middle of the file goes wrong on the way.
    proxy.flip_answer_byte(SIZE / 2);
    let path = desk
        .block_on(client.download(&desk.lan, &ward, &sha, &|_| {}))
        .expect("the damaged chunk is fetched again");
    assert_eq!(proxy.faults(), (0, 1), "one byte was damaged");
    assert_eq!(sha256_of(&path), sha, "the file is right");
    let (_, down) = proxy.bytes();
    assert!(
        down >= SIZE + CHUNK_SIZE / 2,
        "the damaged chunk came twice (a chunk is at least half of CHUNK_SIZE here): {down}"
    );
    assert!(down <= SIZE + CHUNK_SIZE + HEADS, "and only it: {down}");
}

#[test]
fn the_same_file_is_stored_once_and_sent_once() {
    let desk = Desk::start(Backend::Sqlite);
    let original = desk.file("Quy trình một cửa.pptx", SIZE, 3);
    let manifest = desk.publish(&original);
    let sha = manifest.sha256.clone();

    // Another city laptop publishes the same material again.
    let other = desk.blob_dir("other city laptop");
    let copy = desk.file("Quy trình một cửa (bản sao).pptx", SIZE, 3);
    assert_eq!(other.import(&copy).unwrap(), manifest);
    let proxy = FaultyProxy::start(&desk.city);
    let client = desk.client(&proxy.url());
    let report =
        desk.block_on(client.upload(&desk.thu, &other, &sha, &|_| {})).expect("published again");
    assert!(report.already_there, "{report:?}");
    assert_eq!((report.chunks_sent, report.bytes_sent), (0, 0));
    let (up, _) = proxy.bytes();
    assert!(up < HEADS, "no chunk went up: {up} bytes");

    // The server holds one copy.
    let folder = desk.server_blobs().join(&sha[..2]);
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, vec![sha.clone(), format!("{sha}.manifest.json")]);
    let uploads = desk.server_blobs().join("uploads");
    assert_eq!(std::fs::read_dir(uploads).unwrap().count(), 0, "no upload left behind");
}

#[test]
fn a_cut_upload_resumes_sending_only_the_missing_chunks() {
    let desk = Desk::start(Backend::Sqlite);
    let city_laptop = desk.blob_dir("city");
    let manifest = city_laptop.import(&desk.file("Hướng dẫn dịch vụ công.mp4", SIZE, 4)).unwrap();
    let sha = manifest.sha256.clone();
    let proxy = FaultyProxy::start(&desk.city);
    let client = desk.client(&proxy.url());

    proxy.cut_requests_after(SIZE / 2);
    let cut = desk.block_on(client.upload(&desk.thu, &city_laptop, &sha, &|_| {}));
    assert!(matches!(cut, Err(TransferError::Remote(RemoteError::Offline(_)))), "{cut:?}");
    let (up_before, _) = proxy.bytes();

    let reports = Reports::default();
    let report = desk
        .block_on(client.upload(&desk.thu, &city_laptop, &sha, &reports.hear()))
        .expect("the upload resumes");
    let (up_after, _) = proxy.bytes();
    assert!(!report.already_there);
    assert!((1..4).contains(&report.chunks_sent), "only the chunks the server lacked: {report:?}");
    assert_eq!(
        reports.all().first().map(|p| p.done),
        Some(SIZE - report.bytes_sent),
        "it starts from what the server has"
    );
    assert!(up_after - up_before <= report.bytes_sent + HEADS);
    assert!(up_after <= SIZE + CHUNK_SIZE + HEADS, "at most one chunk sent twice: {up_after}");

    // And the ward gets exactly the file.
    let ward = desk.blob_dir("ward");
    let path = desk
        .block_on(desk.client(&desk.city.url()).download(&desk.lan, &ward, &sha, &|_| {}))
        .unwrap();
    assert_eq!(sha256_of(&path), sha);
}

fn who_may_publish_and_what_is_not_there(backend: Backend) {
    let desk = Desk::start(backend);
    let ward = desk.blob_dir("ward");
    let manifest = ward.import(&desk.file("Tài liệu của phường.pdf", CHUNK_SIZE / 3, 5)).unwrap();
    let sha = manifest.sha256.clone();
    let client = desk.client(&desk.city.url());

    // A ward official cannot publish.
    match desk.block_on(client.upload(&desk.lan, &ward, &sha, &|_| {})) {
        Err(TransferError::Remote(RemoteError::Forbidden(body))) => {
            assert!(body.vi.contains("Chỉ cán bộ của thành phố"), "{body:?}");
            assert!(body.en.contains("city's staff"), "{body:?}");
        }
        other => panic!("{other:?}"),
    }
    // A token the server does not know.
    let stranger = DeviceToken::new("không phải mã thiết bị");
    match desk.block_on(client.upload(&stranger, &ward, &sha, &|_| {})) {
        Err(e @ TransferError::Remote(RemoteError::Unauthorized(_))) => {
            assert_eq!(e.message().code, "unauthorized");
        }
        other => panic!("{other:?}"),
    }
    // No token at all.
    let (status, _, body) = desk.block_on(raw_request(
        desk.city.addr(),
        &format!("GET /v1/blobs/{sha}/manifest HTTP/1.1\r\nx-xaso-protocol: 1"),
    ));
    assert_eq!(status, 401, "{body}");
    assert!(body.contains("\"vi\"") && body.contains("\"en\""), "{body}");

    // A file nobody published.
    match desk.block_on(client.download(&desk.lan, &desk.blob_dir("other"), &sha, &|_| {})) {
        Err(e @ TransferError::NotOnServer(_)) => {
            let m = e.message();
            assert_eq!(m.code, "not_on_server");
            assert!(m.vi.contains("không có trên máy chủ thành phố"), "{}", m.vi);
            assert!(m.en.contains("not on the city server"), "{}", m.en);
        }
        other => panic!("{other:?}"),
    }
    assert!(!desk.blob_dir("other").root().exists(), "nothing written for a missing file");
}

on_both_backends!(who_may_publish_and_what_is_not_there);

#[test]
fn byte_ranges_are_served_as_http_says() {
    let desk = Desk::start(Backend::Sqlite);
    let path = desk.file("Biểu mẫu.xlsx", 1000, 6);
    let bytes = std::fs::read(&path).unwrap();
    let sha = desk.publish(&path).sha256;
    let token = desk.lan.expose().to_owned();
    let get = |range: &str| {
        desk.block_on(raw_request(
            desk.city.addr(),
            &format!(
                "GET /v1/blobs/{sha} HTTP/1.1\r\nx-xaso-protocol: 1\r\nAuthorization: Bearer {token}{range}"
            ),
        ))
    };
    let header = |headers: &[(String, String)], name: &str| {
        headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    };
    let (status, headers, body) = get("");
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "content-length").as_deref(), Some("1000"));
    assert_eq!(header(&headers, "content-encoding"), None, "files are never compressed");
    assert_eq!(body.len(), String::from_utf8_lossy(&bytes).len());
    let (status, headers, _) = get("\r\nRange: bytes=100-199");
    assert_eq!(status, 206);
    assert_eq!(header(&headers, "content-range").as_deref(), Some("bytes 100-199/1000"));
    assert_eq!(header(&headers, "content-length").as_deref(), Some("100"));
    let (status, headers, body) = get("\r\nRange: bytes=1000-");
    assert_eq!(status, 416);
    assert_eq!(header(&headers, "content-range").as_deref(), Some("bytes */1000"));
    assert!(body.contains("range_not_satisfiable") && body.contains("\"vi\""), "{body}");
}

#[test]
fn a_full_disk_is_refused_before_anything_is_written() {
    let desk = Desk::start(Backend::Sqlite);
    let sha = desk.publish(&desk.file("Video tập huấn.mp4", SIZE, 7)).sha256;
    let free = 5_000_000;
    let ward = desk.blob_dir("ward").with_available_space(move |_| Ok(free));
    let client = desk.client(&desk.city.url());
    match desk.block_on(client.download(&desk.lan, &ward, &sha, &|_| {})) {
        Err(e @ TransferError::DiskFull { .. }) => {
            let TransferError::DiskFull { needed, available } = e else { unreachable!() };
            assert_eq!((needed, available), (SIZE + SPACE_RESERVE, free));
            let m = e.message();
            assert_eq!(m.code, "disk_full");
            assert!(
                m.vi.starts_with("Ổ đĩa không đủ chỗ trống: cần 82 MB nhưng chỉ còn 5 MB"),
                "{}",
                m.vi
            );
            assert!(m.en.contains("82 MB needed, only 5 MB free"), "{}", m.en);
        }
        other => panic!("{other:?}"),
    }
    assert!(!ward.root().exists(), "nothing was written");
    assert_eq!(ward.progress(&sha), None);
}
