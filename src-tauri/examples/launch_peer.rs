//! The launch benchmark's peer (`tests/benches/launch.rs`): the smallest Tauri window this
//! workspace can build — one window showing one line of text, no commands, no store — so
//! the app's launch time and memory are compared with what Tauri and WebKitGTK cost by
//! themselves on the same machine, in the same run. Its page sets the same first-paint
//! mark as the app's UI (`ui/src/lib/launch.ts`).
//!
//!     cargo build --release -p xaso-app --features custom-protocol --example launch_peer

#![allow(clippy::expect_used)] // a benchmark's helper stops at the first failure

const PAGE: &str = "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>Xin chào</title>\
<h1>Xin chào</h1><script>requestAnimationFrame(() => setTimeout(() => \
performance.mark(\"xaso:first-paint\")))</script></html>";

fn main() {
    let mut context = tauri::generate_context!();
    // The app's own window (and its UI) is not opened: only the one below.
    context.config_mut().app.windows.clear();
    tauri::Builder::default()
        .register_uri_scheme_protocol("peer", |_, _| {
            tauri::http::Response::builder()
                .header("Content-Type", "text/html; charset=utf-8")
                .body(PAGE.as_bytes().to_vec())
                .expect("a valid response")
        })
        .setup(|app| {
            let url = "peer://localhost/".parse().expect("a valid URL");
            tauri::WebviewWindowBuilder::new(app, "peer", tauri::WebviewUrl::CustomProtocol(url))
                .title("Xin chào")
                .inner_size(1366.0, 768.0)
                .build()?;
            Ok(())
        })
        .run(context)
        .expect("the peer window runs");
}
