//! The repository's developer commands, run as `cargo xtask <command>`:
//!
//! - `run [--demo]`: build the front end and start the desktop app.
//! - `test`: everything CI checks, in order, stopping at the first failure.
//! - `screenshots`: start the real app under Xvfb and capture the screen into `screenshots/`.
//!
//! It checks the Debian packages first and says exactly what to install, rather than
//! letting the build die at the linker. It knows nothing of the app's behaviour.

mod postgres;
mod prereqs;
mod shots;
mod step;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::bail;

use crate::prereqs::Needs;
use crate::step::Steps;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  run [--demo]   build ui/ and start the desktop app (--demo: with sample data)
  test           npm build, fmt, clippy, build, cargo tests, ui checks and tests, end-to-end test
  screenshots    start the app under Xvfb and save screenshots into screenshots/";

/// Set when `cargo xtask test` has re-run itself under xvfb-run.
const UNDER_XVFB: &str = "XASO_XTASK_UNDER_XVFB";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("test") if args.len() == 1 => test(),
        Some("screenshots") if args.len() == 1 => shots::screenshots(),
        Some("help" | "-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("\nxtask: error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root: xtask lives in `<root>/xtask`.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// The cargo that runs us (`cargo xtask` sets CARGO), so that the toolchain is the same.
pub fn cargo() -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(root());
    command
}

pub fn npm() -> Command {
    let mut command = Command::new("npm");
    command.current_dir(root().join("ui"));
    command
}

/// A binary that `cargo build` made (in `$CARGO_TARGET_DIR` when set, as cargo puts it
/// there).
pub(crate) fn built(name: &str) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root().join("target"), |dir| root().join(dir));
    target.join("debug").join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}

fn has_display() -> bool {
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|var| std::env::var_os(var).is_some_and(|v| !v.is_empty()))
}

fn run(args: &[String]) -> anyhow::Result<()> {
    let demo = match args {
        [] => false,
        [flag] if flag == "--demo" => true,
        _ => bail!("usage: cargo xtask run [--demo]"),
    };
    prereqs::check(Needs::BUILD)?;
    if !has_display() {
        bail!(
            "no display (DISPLAY and WAYLAND_DISPLAY are unset): Xã Số is a desktop window; start it from a desktop session"
        );
    }
    let mut steps = Steps::new(3);
    build_ui(&mut steps)?;
    let mut app = cargo();
    app.args(["run", "-p", "xaso-app"]);
    if demo {
        app.args(["--", "--demo"]);
    }
    steps.run("start the app (cargo run -p xaso-app)", &mut app)
}

/// `npm ci` when ui/node_modules is missing, then `npm run build` into ui/dist.
fn build_ui(steps: &mut Steps) -> anyhow::Result<()> {
    let ui = root().join("ui");
    if !ui.join("package.json").is_file() {
        bail!("{} is missing: the front end lives there", ui.join("package.json").display());
    }
    if ui.join("node_modules").is_dir() {
        steps.skip("npm ci in ui/ (node_modules present)");
    } else {
        steps.run("npm ci in ui/", npm().arg("ci"))?;
    }
    steps.run("npm run build in ui/ (→ ui/dist)", npm().args(["run", "build"]))
}

fn test() -> anyhow::Result<()> {
    let under_xvfb = std::env::var_os(UNDER_XVFB).is_some();
    let needs = if has_display() || under_xvfb { Needs::TEST } else { Needs::TEST | Needs::XVFB };
    prereqs::check(needs)?;
    if !has_display() && !under_xvfb {
        // The end-to-end test opens the real window: give the whole run a virtual screen.
        println!("xtask: no DISPLAY; running the tests under xvfb-run");
        let status = Command::new("xvfb-run")
            .args(["-a", "-s", "-screen 0 1366x768x24"])
            .arg(std::env::current_exe()?)
            .arg("test")
            .env(UNDER_XVFB, "1")
            .status()?;
        if !status.success() {
            bail!("the tests failed under xvfb-run ({status})");
        }
        return Ok(());
    }

    let postgres = postgres::test_url()?;
    let mut steps = Steps::new(8);
    build_ui(&mut steps)?;
    steps.run("cargo fmt --all --check", cargo().args(["fmt", "--all", "--check"]))?;
    steps.run(
        "cargo clippy --workspace --all-targets -- -D warnings",
        cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]),
    )?;
    steps.run(
        "cargo build -p xaso-app -p xaso-cli -p xaso-core -p xaso-server (the app and CLI the end-to-end tests drive; the UI tests' bridge and city server)",
        cargo().args(["build", "-p", "xaso-app", "-p", "xaso-cli", "-p", "xaso-core", "-p", "xaso-server"]),
    )?;
    // One `cargo test` for every crate, the end-to-end tests (sync over loopback, the real
    // window under this run's virtual screen) included: a second invocation with another
    // package selection resolves features differently and rebuilds half the workspace
    // (typst among it), which cost a clean CI run ~20 minutes.
    steps.run(
        "cargo test --workspace (every crate, the end-to-end tests and the real window included)",
        cargo()
            .args(["test", "--workspace"])
            .env(postgres::VAR, &postgres)
            .env("XASO_APP_BIN", built("xaso-app"))
            .env("XASO_CLI_BIN", built("xaso")),
    )?;
    steps.run("npm run check in ui/", npm().args(["run", "check"]))?;
    // The UI's browser tests reach the real core through the bridge built above, and the
    // sync tests a real city server.
    steps.run(
        "npm test in ui/",
        npm()
            .arg("test")
            .env("XASO_UI_BRIDGE", built("xaso-ui-bridge"))
            .env("XASO_SERVER_BIN", built("xaso-server")),
    )?;
    steps.done();
    Ok(())
}
