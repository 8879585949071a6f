//! TypeScript for the UI, generated from the Rust types: `ui/src/lib/api/types.ts` (every
//! request and response type) and `ui/src/lib/api/commands.ts` (one typed function per
//! command). Both are committed; the test `bindings_are_fresh` fails when they are stale
//! and, with `XASO_UPDATE_BINDINGS=1`, rewrites them.

use ts_rs::{Config, TS};

use crate::api::*;
use crate::budget::api::*;
use crate::error::{ApiError, ErrorCode};
use crate::sync::api::*;
use crate::training::api::*;

/// A command of the UI: its name, its request type (if any) and its response type.
#[derive(Debug, Clone, Copy)]
pub struct Command {
    /// The snake_case name the UI invokes (`tasks_list`); also the `App` method's name.
    pub name: &'static str,
    /// Renders the request's TypeScript type name; `None` for a command without one.
    pub request: Option<fn(&Config) -> String>,
    /// Renders the response's TypeScript type name (`TaskPage`, `Array<Unit>`).
    pub response: fn(&Config) -> String,
}

macro_rules! commands {
    ($($name:ident ( $($req:ty)? ) -> $resp:ty;)*) => {
        /// Every command the shell must expose, in the UI's order.
        pub const COMMANDS: &[Command] = &[
            $(Command {
                name: stringify!($name),
                request: commands!(@req $($req)?),
                response: <$resp as TS>::name,
            },)*
        ];
    };
    (@req) => { None };
    (@req $req:ty) => { Some(<$req as TS>::name) };
}

crate::for_each_command!(commands);

const HEADER: &str = "// Generated from the Rust types in crates/xaso-core by `cargo test -p xaso-core bindings`\n\
// (XASO_UPDATE_BINDINGS=1 rewrites it). Do not edit by hand.\n";

fn config() -> Config {
    Config::new().with_large_int("number")
}

/// `types.ts`: one exported declaration per type, in a stable order.
pub fn types_ts() -> String {
    let cfg = config();
    let decls = [
        Locale::decl(&cfg),
        Role::decl(&cfg),
        UnitKind::decl(&cfg),
        TaskKind::decl(&cfg),
        TaskStatus::decl(&cfg),
        Severity::decl(&cfg),
        FieldIssue::decl(&cfg),
        ErrorCode::decl(&cfg),
        ApiError::decl(&cfg),
        Unit::decl(&cfg),
        Profile::decl(&cfg),
        BackupInfo::decl(&cfg),
        AppState::decl(&cfg),
        AppStatus::decl(&cfg),
        UnitSearch::decl(&cfg),
        ProfileSet::decl(&cfg),
        LocaleSet::decl(&cfg),
        TaskInput::decl(&cfg),
        TaskSummary::decl(&cfg),
        TaskQuery::decl(&cfg),
        TaskPage::decl(&cfg),
        TaskRef::decl(&cfg),
        TaskSave::decl(&cfg),
        TaskTransition::decl(&cfg),
        TransitionView::decl(&cfg),
        AllowedTransition::decl(&cfg),
        MilestoneView::decl(&cfg),
        TaskDetail::decl(&cfg),
        TaskSaved::decl(&cfg),
        MilestoneInput::decl(&cfg),
        MilestoneSaved::decl(&cfg),
        MilestoneDelete::decl(&cfg),
        BackupRestore::decl(&cfg),
        NormKind::decl(&cfg),
        LineGroup::decl(&cfg),
        LabourRole::decl(&cfg),
        EstimateStatus::decl(&cfg),
        NormView::decl(&cfg),
        NormInput::decl(&cfg),
        NormSaved::decl(&cfg),
        KpiField::decl(&cfg),
        Measure::decl(&cfg),
        Aggregation::decl(&cfg),
        PeriodKind::decl(&cfg),
        Direction::decl(&cfg),
        IndicatorView::decl(&cfg),
        IndicatorInput::decl(&cfg),
        IndicatorSaved::decl(&cfg),
        ReportStatus::decl(&cfg),
        Section::decl(&cfg),
        ReportFormView::decl(&cfg),
        ReportSummary::decl(&cfg),
        ReportPeriod::decl(&cfg),
        ReportsHome::decl(&cfg),
        ReportProposal::decl(&cfg),
        ReportLine::decl(&cfg),
        ReportSection::decl(&cfg),
        ReportVersion::decl(&cfg),
        ReportDetail::decl(&cfg),
        ReportOpen::decl(&cfg),
        ReportRef::decl(&cfg),
        ReportLineInput::decl(&cfg),
        ReportSave::decl(&cfg),
        ReportSaved::decl(&cfg),
        ReportTransition::decl(&cfg),
        KpiDashboardQuery::decl(&cfg),
        PeriodChoice::decl(&cfg),
        ReportingRate::decl(&cfg),
        DashboardLine::decl(&cfg),
        KpiDashboard::decl(&cfg),
        EstimateSummary::decl(&cfg),
        EstimateList::decl(&cfg),
        EstimateCreate::decl(&cfg),
        EstimateRef::decl(&cfg),
        PersonInput::decl(&cfg),
        LineInput::decl(&cfg),
        SheetInput::decl(&cfg),
        AmountsView::decl(&cfg),
        ComputedLineView::decl(&cfg),
        GroupView::decl(&cfg),
        FlagTarget::decl(&cfg),
        FlagView::decl(&cfg),
        ComputedView::decl(&cfg),
        ComputeResult::decl(&cfg),
        LineView::decl(&cfg),
        EstimateMove::decl(&cfg),
        EstimateDetail::decl(&cfg),
        EstimateSaved::decl(&cfg),
        EstimateTransition::decl(&cfg),
        LineComment::decl(&cfg),
        EstimateCompare::decl(&cfg),
        LineChange::decl(&cfg),
        CompareRow::decl(&cfg),
        CompareView::decl(&cfg),
        SyncState::decl(&cfg),
        SyncAccount::decl(&cfg),
        SyncView::decl(&cfg),
        DataSince::decl(&cfg),
        DataChange::decl(&cfg),
        NoticeTarget::decl(&cfg),
        Notice::decl(&cfg),
        DataChanges::decl(&cfg),
        SyncEnroll::decl(&cfg),
        ConflictSide::decl(&cfg),
        ConflictView::decl(&cfg),
        ConflictChoice::decl(&cfg),
        ConflictResolve::decl(&cfg),
        DeadLetterView::decl(&cfg),
        SetAsideView::decl(&cfg),
        DeadLetterRef::decl(&cfg),
        PlanQuery::decl(&cfg),
        PlanSet::decl(&cfg),
        PlanKindTotal::decl(&cfg),
        PlanView::decl(&cfg),
        ExportDone::decl(&cfg),
        ExportOpen::decl(&cfg),
        SessionFormat::decl(&cfg),
        AttendanceMode::decl(&cfg),
        SessionInput::decl(&cfg),
        Question::decl(&cfg),
        Answer::decl(&cfg),
        TrainingHome::decl(&cfg),
        ProgrammeView::decl(&cfg),
        SessionSummary::decl(&cfg),
        ProgrammeInput::decl(&cfg),
        SessionSave::decl(&cfg),
        SessionSaved::decl(&cfg),
        SessionRef::decl(&cfg),
        SessionDetail::decl(&cfg),
        FileState::decl(&cfg),
        FileView::decl(&cfg),
        MaterialView::decl(&cfg),
        MaterialAdd::decl(&cfg),
        MaterialSaved::decl(&cfg),
        MaterialRef::decl(&cfg),
        MaterialFile::decl(&cfg),
        KeepOffline::decl(&cfg),
        LibrarySearch::decl(&cfg),
        LibraryHit::decl(&cfg),
        TraineeView::decl(&cfg),
        TraineeAdd::decl(&cfg),
        TraineeRef::decl(&cfg),
        CheckIn::decl(&cfg),
        AttendanceView::decl(&cfg),
        AttemptView::decl(&cfg),
        QuizSave::decl(&cfg),
        QuizSubmit::decl(&cfg),
        QuizResult::decl(&cfg),
        AttendanceReport::decl(&cfg),
        SessionAttendance::decl(&cfg),
        UnitAttendance::decl(&cfg),
        ReportFormat::decl(&cfg),
        AttendanceExport::decl(&cfg),
        QuizReport::decl(&cfg),
        UnitQuizResult::decl(&cfg),
        QuestionResult::decl(&cfg),
        TraineeProgress::decl(&cfg),
        ProgressSession::decl(&cfg),
        ProgressMaterial::decl(&cfg),
        ProgressQuiz::decl(&cfg),
    ];
    let mut out = String::from(HEADER);
    for d in decls {
        out.push_str("\nexport ");
        out.push_str(&d);
        out.push('\n');
    }
    out
}

/// `labels.ts`: what a person calls each synced table and field, in both languages (from
/// `xaso_domain::sync::SYNCED_TABLES`, the one place they are written).
pub fn labels_ts() -> String {
    use std::fmt::Write as _;
    let quote = |s: &str| serde_json::Value::String(s.to_owned()).to_string();
    let mut out = String::from(HEADER);
    out.push_str(
        "\nexport type Label = { vi: string; en: string };\n\n\
         /** table → what a row of it is called, and each field → what it is called. */\n\
         export const SYNCED_LABELS: Record<string, { label: Label; fields: Record<string, Label> }> = {\n",
    );
    for table in xaso_domain::sync::SYNCED_TABLES {
        let _ = writeln!(
            out,
            "  {}: {{\n    label: {{ vi: {}, en: {} }},\n    fields: {{",
            table.name,
            quote(table.label.vi),
            quote(table.label.en)
        );
        for field in table.fields {
            let _ = writeln!(
                out,
                "      {}: {{ vi: {}, en: {} }},",
                field.name,
                quote(field.label.vi),
                quote(field.label.en)
            );
        }
        out.push_str("    },\n  },\n");
    }
    out.push_str("};\n");
    out
}

/// `commands.ts`: one typed function per command, in the list's order, e.g.
/// `export const tasksList = (req: T.TaskQuery) => invoke<T.TaskPage>("tasks_list", { req });`
pub fn commands_ts() -> String {
    let cfg = config();
    let mut out = String::from(HEADER);
    out.push_str("\nimport { invoke } from \"@tauri-apps/api/core\";\nimport type * as T from \"./types\";\n\n");
    for c in COMMANDS {
        let camel = camel_case(c.name);
        let response = qualify(&(c.response)(&cfg));
        match c.request {
            Some(req) => out.push_str(&format!(
                "export const {camel} = (req: T.{}) => invoke<{response}>(\"{}\", {{ req }});\n",
                (req)(&cfg),
                c.name
            )),
            None => out.push_str(&format!(
                "export const {camel} = () => invoke<{response}>(\"{}\");\n",
                c.name
            )),
        }
    }
    out
}

/// `Array<Unit>` → `Array<T.Unit>`; `AppStatus` → `T.AppStatus`.
fn qualify(ts: &str) -> String {
    match ts.strip_prefix("Array<").and_then(|s| s.strip_suffix('>')) {
        Some(inner) => format!("Array<T.{inner}>"),
        None => format!("T.{ts}"),
    }
}

fn camel_case(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn bindings_are_fresh() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/api");
        let update = std::env::var_os("XASO_UPDATE_BINDINGS").is_some();
        for (file, want) in
            [("types.ts", types_ts()), ("commands.ts", commands_ts()), ("labels.ts", labels_ts())]
        {
            let path = dir.join(file);
            if update {
                std::fs::write(&path, &want).unwrap();
            }
            let have = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                have == want,
                "{} is stale: run `XASO_UPDATE_BINDINGS=1 cargo test -p xaso-core bindings` and commit it",
                path.display()
            );
        }
    }

    #[test]
    fn names_are_camel_cased_and_array_types_qualified() {
        assert_eq!(camel_case("tasks_list"), "tasksList");
        assert_eq!(camel_case("app_status"), "appStatus");
        assert_eq!(qualify("Array<Unit>"), "Array<T.Unit>");
        assert_eq!(qualify("TaskPage"), "T.TaskPage");
    }
}
