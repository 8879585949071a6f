//! What must be on the machine before building or testing, checked up front so that a
//! missing library is reported as "install this Debian package", never as a linker error.

use std::ops::BitOr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::bail;

/// Which groups of prerequisites a command needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Needs(u8);

impl Needs {
    /// Building the app and the front end: Tauri's libraries, pkg-config, Node.
    pub const BUILD: Needs = Needs(1);
    /// `cargo xtask test`: the build, clippy/rustfmt and the WebDriver drivers.
    pub const TEST: Needs = Needs(1 | 2);
    /// A virtual screen (no DISPLAY).
    pub const XVFB: Needs = Needs(4);
    /// `cargo xtask screenshots`: the build, Xvfb and ImageMagick's `import`.
    pub const SCREENSHOTS: Needs = Needs(1 | 4 | 8);

    fn has(self, other: Needs) -> bool {
        self.0 & other.0 == other.0
    }
}

impl BitOr for Needs {
    type Output = Needs;
    fn bitor(self, rhs: Needs) -> Needs {
        Needs(self.0 | rhs.0)
    }
}

/// The Tauri libraries (and D-Bus, for the keyring), as pkg-config modules and the Debian packages that ship them.
/// `.ci/run` installs the same list.
const LIBRARIES: &[(&str, &str)] = &[
    ("webkit2gtk-4.1", "libwebkit2gtk-4.1-dev"),
    ("javascriptcoregtk-4.1", "libwebkit2gtk-4.1-dev"),
    ("gtk+-3.0", "libgtk-3-dev"),
    ("libsoup-3.0", "libsoup-3.0-dev"),
    ("librsvg-2.0", "librsvg2-dev"),
    ("ayatana-appindicator3-0.1", "libayatana-appindicator3-dev"),
    ("openssl", "libssl-dev"),
    // The system keyring (Secret Service over D-Bus) that keeps the device token.
    ("dbus-1", "libdbus-1-dev"),
];

#[derive(Debug, Default)]
struct Missing {
    /// (what is missing, the Debian package that provides it)
    debian: Vec<(String, &'static str)>,
    /// (what is missing, how to install it)
    other: Vec<(String, String)>,
}

impl Missing {
    fn debian(&mut self, what: impl Into<String>, package: &'static str) {
        self.debian.push((what.into(), package));
    }
    fn other(&mut self, what: impl Into<String>, how: impl Into<String>) {
        self.other.push((what.into(), how.into()));
    }
}

pub fn check(needs: Needs) -> anyhow::Result<()> {
    let mut missing = Missing::default();
    if needs.has(Needs::BUILD) {
        check_libraries(&mut missing);
        check_node(&mut missing);
    }
    if needs.has(Needs::TEST) {
        for (component, subcommand) in [("clippy", "clippy"), ("rustfmt", "fmt")] {
            if !succeeds(crate::cargo().args([subcommand, "--version"])) {
                missing.other(
                    format!("cargo {subcommand}"),
                    format!("rustup component add {component}"),
                );
            }
        }
        if find_executable("WebKitWebDriver").is_none() {
            missing.debian("WebKitWebDriver (WebDriver for the webview)", "webkit2gtk-driver");
        }
        if tauri_driver().is_none() {
            missing.other("tauri-driver", "cargo install tauri-driver --locked");
        }
    }
    if needs.has(Needs::XVFB) {
        for exe in ["Xvfb", "xvfb-run", "xauth"] {
            if find_executable(exe).is_none() {
                missing.debian(exe, if exe == "xauth" { "xauth" } else { "xvfb" });
            }
        }
    }
    if needs.has(Needs::SCREENSHOTS) && find_executable("import").is_none() {
        missing.debian("import (screen capture)", "imagemagick");
    }
    report(&missing)
}

fn check_libraries(missing: &mut Missing) {
    let pkg_config = find_executable("pkg-config").is_some();
    if !pkg_config {
        missing.debian("pkg-config", "pkg-config");
    }
    for (module, package) in LIBRARIES {
        let present = if pkg_config {
            succeeds(Command::new("pkg-config").args(["--exists", module]))
        } else {
            dpkg_installed(package)
        };
        if !present {
            missing.debian(format!("{module} (pkg-config module)"), package);
        }
    }
}

/// Node 20 or newer with npm, for the front end.
fn check_node(missing: &mut Missing) {
    const HOW: &str =
        "install Node.js 20 or newer with npm (https://nodejs.org or your distribution)";
    let version = Command::new("node").arg("--version").stderr(Stdio::null()).output();
    match version {
        Ok(out) if out.status.success() => {
            let text = String::from_utf8_lossy(&out.stdout);
            let major = text
                .trim()
                .trim_start_matches('v')
                .split('.')
                .next()
                .and_then(|m| m.parse::<u32>().ok());
            if major.is_none_or(|m| m < 20) {
                missing.other(format!("Node.js 20+ (found {})", text.trim()), HOW);
            }
        }
        _ => missing.other("node", HOW),
    }
    if find_executable("npm").is_none() {
        missing.other("npm", HOW);
    }
}

fn report(missing: &Missing) -> anyhow::Result<()> {
    if missing.debian.is_empty() && missing.other.is_empty() {
        return Ok(());
    }
    let mut text = String::from("missing prerequisites:\n");
    for (what, package) in &missing.debian {
        text.push_str(&format!("  - {what}: Debian package {package}\n"));
    }
    for (what, how) in &missing.other {
        text.push_str(&format!("  - {what}: {how}\n"));
    }
    if !missing.debian.is_empty() {
        let mut packages: Vec<&str> = missing.debian.iter().map(|(_, p)| *p).collect();
        packages.sort_unstable();
        packages.dedup();
        text.push_str(&format!(
            "\nInstall the Debian packages with:\n  sudo apt-get install -y {}\n",
            packages.join(" ")
        ));
    }
    for (_, how) in missing
        .other
        .iter()
        .filter(|(_, how)| how.starts_with("cargo ") || how.starts_with("rustup "))
    {
        text.push_str(&format!("  {how}\n"));
    }
    text.push_str("(`bash .ci/run` installs all of them on Debian 12.)");
    bail!(text)
}

fn succeeds(command: &mut Command) -> bool {
    command.stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

fn dpkg_installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .stderr(Stdio::null())
        .output()
        .is_ok_and(|out| out.status.success() && out.stdout.ends_with(b"install ok installed"))
}

pub fn find_executable(name: &str) -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths).map(|dir| dir.join(name)).find(|p| is_executable(p))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    path.metadata().is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// tauri-driver on PATH or in cargo's bin directory (where `cargo install` puts it).
pub fn tauri_driver() -> Option<PathBuf> {
    find_executable("tauri-driver").or_else(|| {
        let home = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))?;
        Some(home.join("bin").join("tauri-driver")).filter(|p| is_executable(p))
    })
}
