//! End-to-end harness for the REAL Xã Số window: the `xaso-app` binary, its embedded
//! `ui/dist`, and `xaso-core` behind it, driven through WebDriver exactly as a person would
//! use it (tauri-driver in front of WebKitWebDriver, `fantoccini` as the client).
//!
//! It owns starting and stopping the drivers, building or finding the app binary, and the
//! small vocabulary of the tests (`data-testid` look-ups, waiting for the UI). It does not
//! mock anything: when the display or a driver is missing, it fails and says what to install.
//!
//! [`sync_harness`] is the other half: a real city server and real clients syncing over
//! loopback, no window needed; [`transfer_harness`] moves files (training materials)
//! between them through a proxy that breaks connections.

use std::io::Read as _;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use xaso_core::{App, Config, ProfileSet, SyncEnroll};
use xaso_domain::Role;

pub mod sync_harness;
pub mod training_harness;
pub mod transfer_harness;

/// How long the UI may take to show something we wait for (a debug build under Xvfb).
pub const UI_TIMEOUT: Duration = Duration::from_secs(20);

/// Fails unless an X display is there: the window needs one. `cargo xtask test` provides
/// one with xvfb-run.
pub fn require_display() -> anyhow::Result<()> {
    if std::env::var_os("DISPLAY").is_some_and(|d| !d.is_empty()) {
        return Ok(());
    }
    bail!(
        "no X display (DISPLAY is unset): the end-to-end test drives the real window.\n\
         Run it with `cargo xtask test`, or under `xvfb-run -a -s '-screen 0 1366x768x24' cargo test -p xaso-e2e`\n\
         (Debian package: xvfb)."
    )
}

/// The repository root (this crate lives in `<root>/tests`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from(".."), Path::to_path_buf)
}

/// The `xaso-app` binary: the one named by `XASO_APP_BIN` (what `cargo xtask test` built
/// in its build step), else built here.
pub fn build_app() -> anyhow::Result<PathBuf> {
    built_binary("XASO_APP_BIN", "xaso-app", "xaso-app")
}

/// A binary of another package of the workspace. When `var` names one (`cargo xtask test`
/// builds the app and the CLI in one step before the tests and passes their paths), that
/// one is used; otherwise `cargo build -p <package> --bin <bin>` runs here (a no-op when it
/// is up to date) and cargo is asked where the binary is, so `CARGO_TARGET_DIR` and
/// `.cargo/config.toml` are respected. Building here from inside `cargo test --workspace`
/// resolves features for one package alone and rebuilds shared dependencies: on a clean CI
/// run that cost minutes, hence the variable.
pub fn built_binary(var: &str, package: &str, bin: &str) -> anyhow::Result<PathBuf> {
    if let Some(path) = std::env::var_os(var).filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        if !path.is_file() {
            bail!("{var} names {}, which is not a file", path.display());
        }
        return Ok(path);
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(&cargo)
        .current_dir(workspace_root())
        .args(["build", "-p", package, "--bin", bin, "--message-format=json-render-diagnostics"])
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("while running `cargo build -p {package}`"))?;
    if !output.status.success() {
        bail!(
            "`cargo build -p {package}` failed ({}); see the compiler output above",
            output.status
        );
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|msg| msg["reason"] == "compiler-artifact" && msg["target"]["name"] == bin)
        .find_map(|msg| msg["executable"].as_str().map(PathBuf::from))
        .with_context(|| format!("`cargo build -p {package}` reported no executable named {bin}"))
}

/// An executable found on PATH or at one of `extra` paths.
fn find_executable(name: &str, extra: &[PathBuf]) -> Option<PathBuf> {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .chain(extra.iter().filter_map(|p| p.parent().map(Path::to_path_buf)))
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

fn cargo_bin_dir() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .map(|home| home.join("bin"))
}

/// `tauri-driver` and `WebKitWebDriver`, or an error that says how to install them.
pub fn find_drivers() -> anyhow::Result<(PathBuf, PathBuf)> {
    let cargo_bin: Vec<PathBuf> =
        cargo_bin_dir().map(|d| d.join("tauri-driver")).into_iter().collect();
    let tauri_driver = find_executable("tauri-driver", &cargo_bin);
    let webkit_driver =
        find_executable("WebKitWebDriver", &[PathBuf::from("/usr/bin/WebKitWebDriver")]);
    match (tauri_driver, webkit_driver) {
        (Some(t), Some(w)) => Ok((t, w)),
        (t, w) => {
            let mut missing = Vec::new();
            if t.is_none() {
                missing.push("tauri-driver: `cargo install tauri-driver --locked`");
            }
            if w.is_none() {
                missing.push("WebKitWebDriver: `sudo apt-get install -y webkit2gtk-driver`");
            }
            bail!("the WebDriver drivers are missing:\n  {}", missing.join("\n  "))
        }
    }
}

fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("while looking for a free port")?;
    Ok(listener.local_addr()?.port())
}

/// A running `tauri-driver`. Dropping it sends SIGTERM and waits for it to exit: on
/// SIGKILL its WebKitWebDriver child would be orphaned, keep the port and hang the run.
#[derive(Debug)]
pub struct TauriDriver {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl TauriDriver {
    /// Starts tauri-driver on free ports; `envs` reach the app (tauri-driver →
    /// WebKitWebDriver → app inherit their environment; `XASO_DEMO` is cleared unless
    /// given, and `TMPDIR` is a `tmp/` folder beside `log`). Its output goes to `log`.
    pub fn start(envs: &[(&str, &Path)], log: &Path) -> anyhow::Result<TauriDriver> {
        TauriDriver::start_without(envs, &[], log)
    }

    /// [`TauriDriver::start`] with the variables in `unset` removed from the environment
    /// the app inherits (the launch benchmark starts it with and without a session bus).
    pub fn start_without(
        envs: &[(&str, &Path)],
        unset: &[&str],
        log: &Path,
    ) -> anyhow::Result<TauriDriver> {
        let (tauri_driver, webkit_driver) = find_drivers()?;
        let port = free_port()?;
        let native_port = free_port()?;
        let log_file = std::fs::File::create(log)
            .with_context(|| format!("while creating {}", log.display()))?;
        // The app's temporary files (a demo's throw-away database) stay beside the log, in
        // the test's scratch folder: the app is ended by WebKitWebDriver, not by itself.
        let tmp = log.parent().unwrap_or(Path::new(".")).join("tmp");
        std::fs::create_dir_all(&tmp)
            .with_context(|| format!("while creating {}", tmp.display()))?;
        let mut command = Command::new(&tauri_driver);
        command
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .arg("--native-driver")
            .arg(&webkit_driver)
            .env_remove("XASO_DEMO")
            .env("TMPDIR", &tmp)
            .stdin(Stdio::null())
            .stdout(log_file.try_clone()?)
            .stderr(log_file);
        for key in unset {
            command.env_remove(key);
        }
        for (key, value) in envs {
            command.env(key, value);
        }
        let child = command
            .spawn()
            .with_context(|| format!("while starting {}", tauri_driver.display()))?;
        let mut driver = TauriDriver { child, port, log: log.to_path_buf() };
        driver.wait_until_listening()?;
        Ok(driver)
    }

    fn wait_until_listening(&mut self) -> anyhow::Result<()> {
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait()? {
                bail!("tauri-driver exited at start ({status}):\n{}", self.log_tail());
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        bail!("tauri-driver did not listen on {addr} within 15 s:\n{}", self.log_tail())
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The last lines that tauri-driver, WebKitWebDriver and the app printed.
    pub fn log_tail(&self) -> String {
        let mut text = String::new();
        if let Ok(mut file) = std::fs::File::open(&self.log) {
            let _ = file.read_to_string(&mut text);
        }
        let lines: Vec<&str> = text.lines().collect();
        let start = lines.len().saturating_sub(40);
        format!("--- last lines of {} ---\n{}", self.log.display(), lines[start..].join("\n"))
    }
}

impl Drop for TauriDriver {
    fn drop(&mut self) {
        let Ok(pid) = i32::try_from(self.child.id()) else { return };
        if let Ok(None) = self.child.try_wait() {
            let _ = kill(Pid::from_raw(pid), Signal::SIGTERM);
        }
        // tauri-driver stops WebKitWebDriver and exits on SIGTERM; wait for it so that no
        // driver outlives the test. Never escalate to SIGKILL (see the type's docs).
        let _ = self.child.wait();
    }
}

/// The processes running `app` whose environment has `KEY=value`: the app instances that
/// belong to one test (WebKitWebDriver and tauri-driver share the env but not the binary).
pub fn app_processes(app: &Path, key: &str, value: &Path) -> Vec<u32> {
    let wanted = format!("{key}={}", value.display()).into_bytes();
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()))
        .filter(|pid| {
            std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == app)
                && std::fs::read(format!("/proc/{pid}/environ"))
                    .is_ok_and(|env| env.split(|b| *b == 0).any(|kv| kv == wanted.as_slice()))
        })
        .collect()
}

/// A person with an account on the real-window tests' city server.
#[derive(Debug, Clone, Copy)]
pub struct Account {
    pub user: &'static str,
    pub password: &'static str,
    pub name: &'static str,
}

/// The ward official of the real-window tests.
pub const LAN: Account =
    Account { user: "lan", password: "mật khẩu của Lan", name: "Nguyễn Thị Lan" };
/// The city reviewer of the real-window tests.
pub const HUNG: Account =
    Account { user: "hung", password: "mật khẩu của Hùng", name: "Lê Văn Hùng" };

/// The city server of a real-window test, on loopback: SQLite in `dir`, the 168 units,
/// [`LAN`] an official of `ward` and [`HUNG`] a city reviewer.
pub async fn window_test_city(
    dir: &Path,
    ward: &str,
) -> anyhow::Result<xaso_server::RunningServer> {
    let storage = xaso_server::Storage::open(&dir.join("city.sqlite3").display().to_string())?;
    xaso_server::import_units(&storage, xaso_server::BUNDLED_UNITS)?;
    for (who, role, unit) in
        [(LAN, Role::UnitOfficial, Some(ward)), (HUNG, Role::CityReviewer, None)]
    {
        xaso_server::add_user(&storage, who.user, who.name, role, unit, who.password)?;
    }
    Ok(xaso_server::spawn(storage, "127.0.0.1:0".parse()?).await?)
}

/// A laptop on `dir` with a first-start profile of `unit`, enrolled with the city server
/// at `url` as `who` (the server then grants the role and unit of the account).
pub fn enrolled_laptop(dir: &Path, url: &str, who: Account, unit: &str) -> anyhow::Result<App> {
    let laptop = App::open(Config::at(dir));
    laptop.profile_set(ProfileSet {
        unit_code: unit.into(),
        display_name: who.name.into(),
        role: Role::UnitOfficial,
    })?;
    tokio::task::block_in_place(|| {
        laptop.sync_enroll(SyncEnroll {
            server_url: url.into(),
            user: who.user.into(),
            password: who.password.into(),
            device_name: format!("Máy của {}", who.name),
            ca_file: None,
            allow_insecure_http: false,
        })
    })?;
    Ok(laptop)
}

/// Starts tauri-driver (its log in `scratch/driver.log`) and opens the app's window on
/// `data_dir`, with no user config file; end it with [`end_window_test`].
pub async fn open_window(
    app: &Path,
    scratch: &Path,
    data_dir: &Path,
) -> anyhow::Result<(TauriDriver, Window)> {
    open_window_with(app, scratch, data_dir, &[]).await
}

/// [`open_window`] with more of the app's environment (`XASO_SYNC_PERIOD_SECS`, …).
pub async fn open_window_with(
    app: &Path,
    scratch: &Path,
    data_dir: &Path,
    more: &[(&str, &Path)],
) -> anyhow::Result<(TauriDriver, Window)> {
    let no_config = scratch.join("no-config.toml");
    // The token in files beside the data folder, as `Config::at` (which the tests' own
    // `App`s on this folder use) keeps it: never this machine's keyring or home.
    let secrets = Config::at(data_dir).secrets_dir;
    let mut env = vec![
        ("XASO_DATA_DIR", data_dir),
        ("XASO_CONFIG", no_config.as_path()),
        ("XASO_SECRET_STORE", Path::new("file")),
        ("XASO_SECRETS_DIR", secrets.as_path()),
    ];
    env.extend_from_slice(more);
    let driver = TauriDriver::start(&env, &scratch.join("driver.log"))?;
    let window = Window::open(&driver, app).await?;
    Ok((driver, window))
}

/// Ends a real-window test whatever its outcome: keeps a picture of the window in
/// `shot` (for people to look at, and for failures), prints the driver's log when the
/// scenario failed, closes the window, stops the driver and the app of `data_dir`.
pub async fn end_window_test(
    window: Window,
    driver: TauriDriver,
    app: &Path,
    data_dir: &Path,
    shot: &Path,
    outcome: &anyhow::Result<()>,
) {
    if let Ok(png) = window.screenshot().await {
        let _ = std::fs::write(shot, png);
        eprintln!("screenshot: {}", shot.display());
    }
    if outcome.is_err() {
        eprintln!("{}", driver.log_tail());
    }
    let _ = window.close().await;
    drop(driver);
    terminate_apps(app, "XASO_DATA_DIR", data_dir);
}

/// Sends SIGTERM to the app processes that [`app_processes`] finds.
pub fn terminate_apps(app: &Path, key: &str, value: &Path) {
    for pid in app_processes(app, key, value) {
        if let Ok(pid) = i32::try_from(pid) {
            let _ = kill(Pid::from_raw(pid), Signal::SIGTERM);
        }
    }
}

/// One WebDriver session = one start of the app, showing its window.
#[derive(Debug)]
pub struct Window {
    client: Client,
}

impl Window {
    /// Starts the app (WebKitWebDriver launches `app`) and waits for the UI to mount.
    pub async fn open(driver: &TauriDriver, app: &Path) -> anyhow::Result<Window> {
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "wry".into());
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app.display().to_string() }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&driver.url())
            .await
            .with_context(|| format!("while opening a WebDriver session\n{}", driver.log_tail()))?;
        Ok(Window { client })
    }

    fn by_testid(testid: &str) -> String {
        format!("[data-testid=\"{testid}\"]")
    }

    /// The first visible element with this `data-testid`, waiting for it to appear.
    pub async fn wait_for(&self, testid: &str) -> anyhow::Result<Element> {
        self.wait_for_text(testid, "").await
    }

    /// The first visible element with this `data-testid` whose text contains `text`.
    pub async fn wait_for_text(&self, testid: &str, text: &str) -> anyhow::Result<Element> {
        self.wait_for_text_within(testid, text, UI_TIMEOUT).await
    }

    /// [`Window::wait_for_text`] with its own time limit (what a background round takes).
    pub async fn wait_for_text_within(
        &self,
        testid: &str,
        text: &str,
        limit: Duration,
    ) -> anyhow::Result<Element> {
        let css = Self::by_testid(testid);
        let deadline = Instant::now() + limit;
        loop {
            for element in self.client.find_all(Locator::Css(&css)).await.unwrap_or_default() {
                // An element can go stale between the look-up and the read: look again.
                let shown = element.is_displayed().await.unwrap_or(false);
                let content = rendered_text(&element).await;
                if shown && content.contains(text) {
                    return Ok(element);
                }
            }
            if Instant::now() > deadline {
                let what =
                    if text.is_empty() { String::new() } else { format!(" containing {text:?}") };
                bail!(
                    "timed out after {} s waiting for {css}{what}.\nThe window shows:\n{}",
                    limit.as_secs(),
                    self.visible_text().await
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn click(&self, testid: &str) -> anyhow::Result<()> {
        let element = self.wait_for(testid).await?;
        element.click().await.with_context(|| format!("while clicking {testid}"))
    }

    /// Types `text` into an input as keystrokes, then checks the input holds exactly it
    /// (diacritics included).
    pub async fn type_into(&self, testid: &str, text: &str) -> anyhow::Result<()> {
        let element = self.wait_for(testid).await?;
        element.click().await.with_context(|| format!("while focusing {testid}"))?;
        element.send_keys(text).await.with_context(|| format!("while typing into {testid}"))?;
        let value = element.prop("value").await?.unwrap_or_default();
        if value != text {
            bail!("typed {text:?} into {testid} but it holds {value:?}");
        }
        Ok(())
    }

    pub async fn attr(&self, testid: &str, name: &str) -> anyhow::Result<Option<String>> {
        let element = self.wait_for(testid).await?;
        Ok(element.attr(name).await?)
    }

    /// Waits until the editor's save indicator says "saved" and stays so for longer than
    /// the autosave pause, so that no keystroke is still waiting to be saved.
    pub async fn wait_until_saved(&self) -> anyhow::Result<()> {
        let deadline = Instant::now() + UI_TIMEOUT;
        let mut saved_since: Option<Instant> = None;
        loop {
            let state = self.attr("save-status", "data-state").await?.unwrap_or_default();
            match (state.as_str(), saved_since) {
                ("saved", Some(since)) if since.elapsed() > Duration::from_millis(1200) => {
                    return Ok(());
                }
                ("saved", None) => saved_since = Some(Instant::now()),
                ("saved", Some(_)) => {}
                ("error", _) => {
                    bail!(
                        "the editor failed to save.\nThe window shows:\n{}",
                        self.visible_text().await
                    )
                }
                _ => saved_since = None,
            }
            if Instant::now() > deadline {
                bail!(
                    "timed out after {} s waiting for save-status to be \"saved\" (it is {state:?}).\nThe window shows:\n{}",
                    UI_TIMEOUT.as_secs(),
                    self.visible_text().await
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// What a person would read in the window now (for failure messages).
    pub async fn visible_text(&self) -> String {
        match self.client.find(Locator::Css("body")).await {
            Ok(body) => rendered_text(&body).await,
            Err(e) => format!("(no body: {e})"),
        }
    }

    /// Runs `script` in the page (a function body; `return` gives its value).
    pub async fn execute(&self, script: &str) -> anyhow::Result<serde_json::Value> {
        self.client.execute(script, Vec::new()).await.context("while running a script in the page")
    }

    /// A PNG of the window, for failure reports.
    pub async fn screenshot(&self) -> anyhow::Result<Vec<u8>> {
        Ok(self.client.screenshot().await?)
    }

    /// Ends the WebDriver session: WebKitWebDriver closes the app.
    pub async fn close(self) -> anyhow::Result<()> {
        self.client.close().await.context("while ending the WebDriver session")
    }
}

/// The element's text as the page renders it (`innerText`). WebDriver's own "element text"
/// drops text inside `display: -webkit-box` (line-clamped cells such as a task's name),
/// although a person sees it.
async fn rendered_text(element: &Element) -> String {
    element.prop("innerText").await.ok().flatten().unwrap_or_default()
}
