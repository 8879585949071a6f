//! How fast a training video reaches a ward: a 200 MiB file uploaded by a city laptop,
//! then downloaded over loopback by a ward laptop with `BlobClient::download` (chunks of
//! 4 MiB, each checked against the manifest's SHA-256, written and synced to disk, the
//! file renamed into place). The yardstick: `curl` fetching the same file from a plain static server
//! (`python3 -m http.server` in the server's blob folder) into a file on the same disk.
//! Target: at least 0.8 of curl's rate. Then the cost of a cut: a download cut at 50 %
//! by a proxy and resumed, against an uninterrupted one through the same proxy.
//!
//! Run: `cargo bench -p xaso-e2e --bench transfer` (release). Needs `python3` and `curl`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark panics on failure

use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use xaso_e2e::sync_harness::Backend;
use xaso_e2e::transfer_harness::*;

const SIZE: u64 = 200 * 1024 * 1024;
const RUNS: usize = 3;

fn mb_per_s(bytes: u64, time: Duration) -> f64 {
    bytes as f64 / 1e6 / time.as_secs_f64()
}

fn main() {
    println!("transfer: a file of {} MiB over loopback, best of {RUNS} runs", SIZE >> 20);
    let desk = Desk::start(Backend::Sqlite);
    let started = Instant::now();
    let source = desk.file("video.mp4", SIZE, 42);
    println!("  (file written in {:.2} s)", started.elapsed().as_secs_f64());

    let city = desk.blob_dir("city");
    let started = Instant::now();
    let manifest = city.import(&source).unwrap();
    let import = started.elapsed();
    let sha = manifest.sha256.clone();
    let client = desk.client(&desk.city.url());
    let started = Instant::now();
    let sent = desk.block_on(client.upload(&desk.thu, &city, &sha, &|_| {})).unwrap();
    let upload = started.elapsed();
    assert_eq!(sent.chunks_sent, manifest.chunk_count());
    println!(
        "import (hash + copy):    {:>7.1} MB/s  ({:.2} s)",
        mb_per_s(SIZE, import),
        import.as_secs_f64()
    );
    println!(
        "upload (BlobClient):     {:>7.1} MB/s  ({:.2} s, {} chunks)",
        mb_per_s(SIZE, upload),
        upload.as_secs_f64(),
        sent.chunks_sent
    );

    // Ours.
    let mut ours = Vec::new();
    for run in 0..RUNS {
        let ward = desk.blob_dir(&format!("ward {run}"));
        let started = Instant::now();
        let path = desk.block_on(client.download(&desk.lan, &ward, &sha, &|_| {})).unwrap();
        ours.push(started.elapsed());
        assert_eq!(std::fs::metadata(&path).unwrap().len(), SIZE);
        std::fs::remove_dir_all(ward.root()).unwrap();
    }
    let ours = ours.into_iter().min().unwrap();

    // curl from a plain static server of the same folder.
    let folder = desk.server_blobs().join(&sha[..2]);
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut static_server = Command::new("python3")
        .args(["-m", "http.server", &port.to_string(), "--bind", "127.0.0.1", "--directory"])
        .arg(&folder)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 -m http.server starts");
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the static server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = desk.blob_dir("curl").root().to_owned();
    std::fs::create_dir_all(&out).unwrap();
    let mut curl = Vec::new();
    for _ in 0..RUNS {
        let target = out.join("video.mp4");
        let started = Instant::now();
        let status = Command::new("curl")
            .args(["-s", "-f", "-o"])
            .arg(&target)
            .arg(format!("http://127.0.0.1:{port}/{sha}"))
            .status()
            .expect("curl runs");
        curl.push(started.elapsed());
        assert!(status.success(), "curl failed");
        assert_eq!(std::fs::metadata(&target).unwrap().len(), SIZE);
        std::fs::remove_file(&target).unwrap();
    }
    let _ = static_server.kill();
    let _ = static_server.wait();
    let curl = curl.into_iter().min().unwrap();
    let ratio = mb_per_s(SIZE, ours) / mb_per_s(SIZE, curl);
    println!(
        "download (BlobClient):   {:>7.1} MB/s  ({:.2} s; every chunk's SHA-256 checked, synced to disk)",
        mb_per_s(SIZE, ours),
        ours.as_secs_f64()
    );
    println!(
        "curl + python http.server:{:>6.1} MB/s  ({:.2} s; no verification)",
        mb_per_s(SIZE, curl),
        curl.as_secs_f64()
    );
    println!(
        "ratio ours / curl:       {ratio:>7.2}  (target ≥ 0.80: {})",
        if ratio >= 0.8 { "met" } else { "NOT met" }
    );

    // The cost of a cut at 50 %, through a proxy (both runs through it).
    let proxy = FaultyProxy::start(&desk.city);
    let via = desk.client(&proxy.url());
    let ward = desk.blob_dir("ward proxied");
    let (_, before) = proxy.bytes();
    let started = Instant::now();
    desk.block_on(via.download(&desk.lan, &ward, &sha, &|_| {})).unwrap();
    let whole = started.elapsed();
    let whole_bytes = proxy.bytes().1 - before;
    std::fs::remove_dir_all(ward.root()).unwrap();

    let ward = desk.blob_dir("ward cut");
    let (_, before) = proxy.bytes();
    proxy.cut_answers_after(SIZE / 2);
    let started = Instant::now();
    let cut = desk.block_on(via.download(&desk.lan, &ward, &sha, &|_| {}));
    let until_cut = started.elapsed();
    assert!(cut.is_err(), "the cut is felt");
    let (kept, _) = ward.progress(&sha).unwrap();
    let resumed_at = Instant::now();
    desk.block_on(via.download(&desk.lan, &ward, &sha, &|_| {})).unwrap();
    let resume = resumed_at.elapsed();
    let cut_bytes = proxy.bytes().1 - before;
    println!(
        "through the proxy, uninterrupted: {:.2} s, {} bytes down ({} over the file: HTTP heads)",
        whole.as_secs_f64(),
        whole_bytes,
        whole_bytes - SIZE
    );
    println!(
        "cut at 50 %, resumed:   {:.2} s until the cut + {:.2} s resuming = {:.2} s ({:+.0} % of uninterrupted)",
        until_cut.as_secs_f64(),
        resume.as_secs_f64(),
        (until_cut + resume).as_secs_f64(),
        ((until_cut + resume).as_secs_f64() / whole.as_secs_f64() - 1.0) * 100.0
    );
    println!(
        "  kept at the cut: {:.1} MiB verified; bytes down in all: {} ({} more than uninterrupted, {:.2} chunks re-sent)",
        kept as f64 / 1048576.0,
        cut_bytes,
        cut_bytes.saturating_sub(whole_bytes),
        cut_bytes.saturating_sub(whole_bytes) as f64 / xaso_proto::CHUNK_SIZE as f64
    );
}
