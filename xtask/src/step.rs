//! Numbered steps with clear headings; the first failing step stops the run.

use std::process::Command;
use std::time::Instant;

use anyhow::{Context as _, bail};

#[derive(Debug)]
pub struct Steps {
    done: usize,
    total: usize,
    started: Instant,
}

impl Steps {
    pub fn new(total: usize) -> Steps {
        Steps { done: 0, total, started: Instant::now() }
    }

    fn heading(&mut self, title: &str) {
        self.done += 1;
        println!("\n==> [{}/{}] {title}", self.done, self.total);
    }

    pub fn run(&mut self, title: &str, command: &mut Command) -> anyhow::Result<()> {
        self.heading(title);
        let started = Instant::now();
        let status = command.status().with_context(|| {
            format!("step {}/{} ({title}) could not start {command:?}", self.done, self.total)
        })?;
        if !status.success() {
            bail!("step {}/{} failed: {title} ({status})", self.done, self.total);
        }
        println!("    ok: {title} ({:.0} s)", started.elapsed().as_secs_f64());
        Ok(())
    }

    /// A heading for a step that the caller performs itself.
    pub fn skip_heading(&mut self, title: &str) {
        self.heading(title);
    }

    pub fn skip(&mut self, title: &str) {
        self.heading(title);
        println!("    skipped");
    }

    pub fn done(&self) {
        println!(
            "\n==> all {} steps passed in {:.0} s",
            self.total,
            self.started.elapsed().as_secs_f64()
        );
    }
}
