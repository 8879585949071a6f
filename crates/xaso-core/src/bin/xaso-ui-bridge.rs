//! The UI's browser tests reach the real core through this bridge (test-only; never
//! shipped): it opens [`xaso_core::App`] on a folder named on the command line, listens on
//! an ephemeral port of 127.0.0.1, prints that port (and nothing else) on stdout, and
//! answers `POST /invoke/<command>` (body: the command's arguments as the UI sends them,
//! `{ "req": … }`) with `200 {"ok": answer}` or `200 {"err": ApiError}`, through
//! [`xaso_core::dispatch`] — the same command list as the shell's Tauri adapters, so a UI
//! test cannot pass against answers the app would not give.
//!
//! It lives in `xaso-core` rather than the `xaso-e2e` test crate so that
//! `cargo build -p xaso-core --bin xaso-ui-bridge` builds it with nothing but the core's own
//! dependencies (no server, no PostgreSQL). HTTP is a minimal HTTP/1.1 reader over std
//! (one request per connection, `Content-Length` bodies of at most [`MAX_BODY`]): the only
//! client is the test harness, and a heavier server would be a dependency of the core.
//!
//! It exits when its stdin closes, after closing the store cleanly (so the test can then
//! damage or age the database file and open a new bridge on it); a killed test therefore
//! never leaves it running.
//!
//! Usage: `xaso-ui-bridge <data-folder> [--demo] [--sync-worker]`. `--sync-worker` starts
//! the background sync worker as the desktop shell does at start; without it a test's
//! rounds happen only when it says (`sync_now`), so what it sees does not race them.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use serde_json::{Value, json};
use xaso_core::{App, Config, dispatch};

/// The largest request body read: the biggest argument a test sends (a material's bytes
/// as base64, a long estimate) is well below it.
const MAX_BODY: usize = 64 * 1024 * 1024;
/// The largest request head (request line and headers).
const MAX_HEAD: usize = 64 * 1024;

/// The open app, taken out (and so closed) when stdin closes; a request after that is
/// refused instead of touching a closed store.
type Shared = Arc<RwLock<Option<App>>>;

fn main() {
    let mut folder = None;
    let mut demo = false;
    let mut worker = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--demo" => demo = true,
            "--sync-worker" => worker = true,
            _ if folder.is_none() => folder = Some(PathBuf::from(arg)),
            other => fail(&format!("unexpected argument {other:?}")),
        }
    }
    let Some(folder) = folder else {
        fail("usage: xaso-ui-bridge <data-folder> [--demo] [--sync-worker]");
    };

    let app = App::open(Config { demo, ..Config::at(folder) });
    if worker && let Err(e) = app.start_sync_worker() {
        fail(&format!("cannot start the sync worker: {}", e.message));
    }
    let listener = match TcpListener::bind("127.0.0.1:0") {
        Ok(listener) => listener,
        Err(e) => fail(&format!("cannot listen on 127.0.0.1: {e}")),
    };
    let port = match listener.local_addr() {
        Ok(addr) => addr.port(),
        Err(e) => fail(&format!("no local address: {e}")),
    };
    let shared: Shared = Arc::new(RwLock::new(Some(app)));

    {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || serve(&listener, &shared));
    }
    // The port is the one line on stdout: the harness reads it to know where to call.
    let mut out = std::io::stdout();
    if writeln!(out, "{port}").and_then(|()| out.flush()).is_err() {
        fail("cannot write the port to stdout");
    }

    // Block until the test closes our stdin (or dies), then close the store cleanly.
    let mut sink = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut sink);
    let app = shared.write().unwrap_or_else(|p| p.into_inner()).take();
    if let Some(app) = app {
        app.shut_down();
        drop(app);
    }
    std::process::exit(0);
}

fn fail(why: &str) -> ! {
    eprintln!("xaso-ui-bridge: {why}");
    std::process::exit(2);
}

fn serve(listener: &TcpListener, shared: &Shared) {
    for stream in listener.incoming() {
        match stream {
            Ok(stream) => {
                let shared = Arc::clone(shared);
                // A thread per connection: a slow call (a delayed save) must not hold up
                // the page's other calls, as it would not in the app. The app itself
                // serialises what must be serialised.
                std::thread::spawn(move || {
                    if let Err(e) = answer(stream, &shared) {
                        tracing::warn!(error = %e, "a bridge connection failed");
                    }
                });
            }
            Err(e) => tracing::warn!(error = %e, "accept failed"),
        }
    }
}

/// Reads one request from `stream` and writes its answer.
fn answer(stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let (status, body) = match read_request(&mut reader) {
        Ok((path, body)) => respond(&path, &body, shared),
        Err(why) => (400, json!({ "bridge_error": why })),
    };
    let body = body.to_string();
    let reason = if status == 200 { "OK" } else { "Bad Request" };
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )?;
    stream.flush()
}

fn respond(path: &str, body: &[u8], shared: &Shared) -> (u16, Value) {
    let Some(command) = path.strip_prefix("/invoke/") else {
        return (400, json!({ "bridge_error": format!("no such path {path}") }));
    };
    let args: Value = if body.is_empty() {
        json!({})
    } else {
        match serde_json::from_slice(body) {
            Ok(args) => args,
            Err(e) => return (400, json!({ "bridge_error": format!("body is not JSON: {e}") })),
        }
    };
    let guard = shared.read().unwrap_or_else(|p| p.into_inner());
    let Some(app) = guard.as_ref() else {
        return (400, json!({ "bridge_error": "the bridge is closing" }));
    };
    // A read lock: calls run side by side as the window's do (the app serialises what
    // must be); only closing takes the app out, after the calls in flight.
    let outcome = dispatch(app, command, &args);
    drop(guard);
    match outcome {
        Ok(answer) => (200, json!({ "ok": answer })),
        Err(err) => match serde_json::to_value(&err) {
            Ok(err) => (200, json!({ "err": err })),
            Err(e) => (400, json!({ "bridge_error": format!("error not serializable: {e}") })),
        },
    }
}

/// The path and body of one `POST`, or why it could not be read.
fn read_request(reader: &mut impl BufRead) -> Result<(String, Vec<u8>), String> {
    let mut head_len = 0;
    let mut line = String::new();
    let mut next_line = |reader: &mut dyn BufRead, line: &mut String| -> Result<(), String> {
        line.clear();
        let n = reader.read_line(line).map_err(|e| format!("read: {e}"))?;
        head_len += n;
        if n == 0 {
            return Err("connection closed mid-request".into());
        }
        if head_len > MAX_HEAD {
            return Err("request head too large".into());
        }
        Ok(())
    };
    next_line(reader, &mut line)?;
    let mut parts = line.split_whitespace();
    let (Some("POST"), Some(path)) = (parts.next(), parts.next()) else {
        return Err(format!("expected POST, got {:?}", line.trim_end()));
    };
    let path = path.to_owned();
    let mut length = 0usize;
    loop {
        next_line(reader, &mut line)?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().map_err(|_| format!("bad content-length {value:?}"))?;
        }
    }
    if length > MAX_BODY {
        return Err(format!("body of {length} bytes is over the {MAX_BODY}-byte limit"));
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).map_err(|e| format!("body: {e}"))?;
    Ok((path, body))
}
