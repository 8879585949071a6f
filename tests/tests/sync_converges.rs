//! Random edits and sync orders on three laptops of one ward always converge, and nothing
//! anyone typed is silently lost (SQLite city server; a dozen random cases).
//!
//! The three replicas are Lan's laptop, Lan's second laptop, and Hòa's laptop, all of
//! Phường Bến Thành, starting from one synced task. A case is a random sequence of steps:
//! "replica R types V into field F (name, objectives or leader) and saves", or "replica R
//! syncs". At the end every replica syncs twice, in turn.
//!
//! What must hold:
//! 1. **Convergence**: the three replicas show the same value in every field, and list
//!    the same conflicts.
//! 2. **Nothing silently lost**: every value any replica saved is either the final value
//!    of its field, or appears in a conflict record (as the kept or the other value), or
//!    was *knowingly replaced*. A save `w` of field F is knowingly replaced when a later
//!    save `w'` of F was made by someone who had seen `w`: on the same replica (the person
//!    overwrote their own value, pushed yet or not — the outbox sends both, and the server
//!    rightly applies the later edit of one device over its earlier one), or on a replica
//!    that synced after `w` was pushed and before `w'` was saved (it pulled the server's
//!    state, which was `w` or, if `w` lost a conflict, a conflict record naming `w`).
//!    Anything else that vanished was dropped by sync without anyone seeing it: a loss.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on purpose

use std::collections::BTreeSet;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use xaso_core::TaskInput;
use xaso_e2e::sync_harness::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Name,
    Objectives,
    Leader,
}

impl Field {
    const ALL: [Field; 3] = [Field::Name, Field::Objectives, Field::Leader];

    fn wire_name(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Objectives => "objectives",
            Field::Leader => "leader",
        }
    }

    fn slot(self, form: &mut TaskInput) -> &mut String {
        match self {
            Field::Name => &mut form.name,
            Field::Objectives => &mut form.objectives,
            Field::Leader => &mut form.leader,
        }
    }
}

#[derive(Clone, Debug)]
enum Step {
    Edit { replica: usize, field: Field, text: String },
    Sync { replica: usize },
}

fn step() -> impl Strategy<Value = Step> {
    let field = prop::sample::select(Field::ALL.to_vec());
    prop_oneof![
        3 => (0..3usize, field, "[a-zđăâêôơư]{1,6}")
            .prop_map(|(replica, field, text)| Step::Edit { replica, field, text }),
        2 => (0..3usize).prop_map(|replica| Step::Sync { replica }),
    ]
}

/// One save, as the model remembers it.
#[derive(Debug)]
struct Save {
    replica: usize,
    field: Field,
    value: String,
    at: usize,
    /// The step of the sync that pushed it.
    pushed_at: Option<usize>,
}

#[test]
fn random_edits_and_syncs_converge_and_lose_nothing() {
    let city = City::start(Backend::Sqlite);
    let replicas = [
        Laptop::enrolled("Lan, laptop 1", &city, LAN),
        Laptop::enrolled("Lan, laptop 2", &city, LAN),
        Laptop::enrolled("Hòa", &city, HOA),
    ];
    // A dozen cases by default (a few seconds); PROPTEST_CASES=500 for a longer hunt.
    let config = match std::env::var_os("PROPTEST_CASES") {
        Some(_) => Config::default(),
        None => Config { cases: 12, ..Config::default() },
    };
    let mut runner = TestRunner::new(config);
    let case = std::cell::Cell::new(0);
    runner
        .run(&prop::collection::vec(step(), 1..24), |steps| {
            case.set(case.get() + 1);
            run_case(&replicas, case.get(), &steps)
        })
        .unwrap();
}

fn run_case(replicas: &[Laptop; 3], case: usize, steps: &[Step]) -> Result<(), TestCaseError> {
    // Every case works on a task of its own, which every replica has.
    let task = replicas[0].draft_task(&format!("Nhiệm vụ thử {case}"));
    for r in replicas {
        r.sync();
    }

    let mut saves: Vec<Save> = Vec::new();
    let mut syncs: [Vec<usize>; 3] = Default::default();
    let mut sync = |replica: usize, at: usize, saves: &mut Vec<Save>| {
        replicas[replica].sync();
        syncs[replica].push(at);
        for s in saves.iter_mut().filter(|s| s.replica == replica && s.pushed_at.is_none()) {
            s.pushed_at = Some(at);
        }
    };
    for (at, step) in steps.iter().enumerate() {
        match step {
            Step::Edit { replica, field, text } => {
                // Unique, so that every save is told apart from the others.
                let value = format!("{text}-{at}");
                replicas[*replica].edit(&task, |form| *field.slot(form) = value.clone());
                saves.push(Save { replica: *replica, field: *field, value, at, pushed_at: None });
            }
            Step::Sync { replica } => sync(*replica, at, &mut saves),
        }
    }
    let end = steps.len();
    for (i, replica) in [0, 1, 2, 0, 1, 2].into_iter().enumerate() {
        sync(replica, end + i, &mut saves);
    }

    // 1. Convergence.
    let forms: Vec<TaskInput> = replicas.iter().map(|r| r.task(&task).input).collect();
    for field in Field::ALL {
        let values: Vec<String> =
            forms.iter().map(|f| field.slot(&mut f.clone()).clone()).collect();
        prop_assert!(
            values.iter().all(|v| v == &values[0]),
            "the replicas disagree on {}: {values:?} after {steps:#?}",
            field.wire_name()
        );
    }
    let conflicts_of = |r: &Laptop| -> BTreeSet<(String, String, String, String)> {
        r.conflicts()
            .into_iter()
            .filter(|c| c.row_id == task)
            .map(|c| (c.id, c.field, c.kept.value, c.other.value))
            .collect()
    };
    let conflicts = conflicts_of(&replicas[0]);
    for r in &replicas[1..] {
        prop_assert_eq!(&conflicts_of(r), &conflicts, "{} lists other conflicts", r.label);
    }
    for r in replicas {
        prop_assert_eq!(r.pending(), 0, "{} still has changes to send", r.label);
        prop_assert!(r.refused().is_empty(), "{}: refused {:?}", r.label, r.refused());
    }

    // 2. Nothing silently lost.
    let mut final_form = forms[0].clone();
    for save in &saves {
        let is_final = field_value(&mut final_form, save.field) == save.value;
        let in_conflict = conflicts.iter().any(|(_, field, kept, other)| {
            field == save.field.wire_name() && (kept == &save.value || other == &save.value)
        });
        let knowingly_replaced = saves.iter().any(|later| {
            later.field == save.field
                && later.at > save.at
                && (later.replica == save.replica
                    || save.pushed_at.is_some_and(|pushed| {
                        syncs[later.replica].iter().any(|&s| s >= pushed && s < later.at)
                    }))
        });
        prop_assert!(
            is_final || in_conflict || knowingly_replaced,
            "{:?} typed by replica {} at step {} into {} was lost: final {:?}, conflicts {:?}, steps {:#?}",
            save.value,
            save.replica,
            save.at,
            save.field.wire_name(),
            field_value(&mut final_form, save.field),
            conflicts,
            steps
        );
    }
    Ok(())
}

fn field_value(form: &mut TaskInput, field: Field) -> String {
    field.slot(form).clone()
}
