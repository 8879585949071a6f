//! The review round trip and everyday concurrency, end to end: a real city server on
//! loopback (SQLite and PostgreSQL) and real ward and city laptops (`xaso_core::App`).
//!
//! - `the_review_round_trip`: a ward drafts, submits; the city returns it with a comment;
//!   the ward fixes and resubmits; the city approves; everyone sees the whole history, and
//!   each laptop's open screens are told what arrived (`data_changes`), with a notice.
//! - `a_ward_cannot_approve_its_own_task`: refused by the app, and by the server even when
//!   the laptop is tampered with (the refusal is listed on the ward's laptop).
//! - `the_same_field_edited_twice_is_a_conflict_both_see`: two officials of one ward edit
//!   one field offline; both converge, both list the conflict, a resolution travels.
//! - `different_fields_merge_without_a_conflict`.
//! - `a_replayed_push_is_applied_once`: the same batch pushed twice gets the same answers,
//!   and the other laptop receives each change once.
//! - `a_laptop_is_not_sent_back_what_it_pushed`: its pull names them as held; its rows get
//!   the versions a pull would have given them, and later edits merge as before.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on purpose

use serde_json::json;
use xaso_core::{
    ConflictChoice, DataChanges, DataSince, ErrorCode, NoticeTarget, Role, TaskStatus,
};
use xaso_e2e::on_both_backends;
use xaso_e2e::sync_harness::*;
use xaso_proto::Outcome;

on_both_backends!(
    the_review_round_trip,
    a_ward_cannot_approve_its_own_task,
    the_same_field_edited_twice_is_a_conflict_both_see,
    different_fields_merge_without_a_conflict,
    a_replayed_push_is_applied_once,
    a_laptop_is_not_sent_back_what_it_pushed,
);

const RETURN_COMMENT: &str =
    "Đề nghị bổ sung chỉ tiêu đo lường kết quả (số hồ sơ xử lý trực tuyến).";
const BETTER_OBJECTIVES: &str = "Rút ngắn thời gian lập dự toán; 80% hồ sơ xử lý trực tuyến";

fn the_review_round_trip(backend: Backend) {
    let city = City::start(backend);
    let ward = Laptop::enrolled("Bến Thành (Lan)", &city, LAN);
    let other_ward = Laptop::enrolled("Tân Bình (Minh)", &city, MINH);
    let reviewer = Laptop::enrolled("Sở KHCN (Thu)", &city, THU);
    assert_eq!(reviewer.app().app_status().profile.unwrap().role, Role::CityReviewer);

    // Two wards send a proposal each.
    let task = ward.draft_task("Số hóa hồ sơ một cửa phường Bến Thành");
    ward.submit(&task);
    let sent = ward.sync();
    assert_eq!((sent.refused, sent.conflicts), (0, 0), "{}", sent.summary);
    assert_eq!(ward.pending(), 0, "everything the ward did was accepted");
    let elsewhere = other_ward.draft_task("Bản đồ số phường Tân Bình");
    other_ward.submit(&elsewhere);
    other_ward.sync();

    // The city sees both units' proposals, waiting for review, and finds them by a
    // search without diacritics straight after the pull; its open list is told, and the
    // reviewer hears that Lan sent hers.
    let before = reviewer.status().data_seq;
    reviewer.sync();
    let arrived = changes_since(&reviewer, before);
    for id in [&task, &elsewhere] {
        assert!(
            arrived.changes.iter().any(|c| c.table == "tasks" && &c.row_id == id),
            "the reviewer's screens are told of {id}: {arrived:?}"
        );
    }
    assert!(
        arrived.notices.iter().any(|n| n.text
            == format!(
                "{} đã gửi phiếu «Số hóa hồ sơ một cửa phường Bến Thành» để thẩm định.",
                LAN.display_name
            )
            && n.target == NoticeTarget::Task { id: task.clone() }),
        "{:?}",
        arrived.notices
    );
    assert_eq!(reviewer.status().data_seq, arrived.seq, "the status says how far the feed goes");
    assert_eq!(reviewer.search("mot cua ben thanh"), ["Số hóa hồ sơ một cửa phường Bến Thành"]);
    let listed = reviewer.tasks();
    for (id, unit) in [(&task, BEN_THANH), (&elsewhere, TAN_BINH)] {
        let summary =
            listed.iter().find(|t| &t.id == id).expect("the reviewer lists every unit's task");
        assert_eq!(summary.status, TaskStatus::Submitted);
        assert_eq!(reviewer.task(id).unit_code, unit);
    }
    let offered: Vec<_> = reviewer.task(&task).allowed.iter().map(|a| a.to).collect();
    assert!(
        offered.contains(&TaskStatus::Returned) && offered.contains(&TaskStatus::Approved),
        "{offered:?}"
    );

    // Returned with a comment.
    reviewer.return_with(&task, RETURN_COMMENT);
    assert_eq!(reviewer.sync().refused, 0, "the city may return a unit's task");

    let before = ward.status().data_seq;
    ward.sync();
    let arrived = changes_since(&ward, before);
    assert!(arrived.complete);
    assert!(arrived.changes.iter().any(|c| c.table == "tasks" && c.row_id == task), "{arrived:?}");
    assert!(
        arrived.changes.iter().all(|c| c.task_id.as_deref() == Some(task.as_str())),
        "every row the return wrote belongs to the ward's task: {arrived:?}"
    );
    let notices: Vec<_> = arrived.notices.iter().map(|n| (n.text.as_str(), &n.target)).collect();
    assert_eq!(
        notices,
        [(
            format!(
                "{} đã trả lại phiếu «Số hóa hồ sơ một cửa phường Bến Thành» để chỉnh sửa.",
                THU.display_name
            )
            .as_str(),
            &NoticeTarget::Task { id: task.clone() }
        )],
        "the ward hears that the city returned its proposal"
    );
    assert!(changes_since(&ward, arrived.seq).changes.is_empty(), "told once");
    let returned = ward.task(&task);
    assert_eq!(returned.status, TaskStatus::Returned);
    assert!(returned.editable, "a returned proposal opens for editing");
    let last = returned.transitions.last().unwrap();
    assert_eq!((last.comment.as_str(), last.actor.as_str()), (RETURN_COMMENT, THU.display_name));

    // Fixed and sent again.
    ward.edit(&task, |form| form.objectives = BETTER_OBJECTIVES.into());
    ward.submit(&task);
    assert_eq!(ward.sync().refused, 0);

    reviewer.sync();
    let resubmitted = reviewer.task(&task);
    assert_eq!(resubmitted.status, TaskStatus::Submitted);
    assert_eq!(resubmitted.input.objectives, BETTER_OBJECTIVES, "the reviewer reads the fix");
    reviewer.approve(&task);
    reviewer.sync();

    // The ward sees the approval and the whole story, with who did what and why.
    ward.sync();
    let approved = ward.task(&task);
    assert_eq!(approved.status, TaskStatus::Approved);
    let history: Vec<_> = approved
        .transitions
        .iter()
        .map(|t| (t.from, t.to, t.actor.as_str(), t.comment.as_str()))
        .collect();
    use TaskStatus::*;
    assert_eq!(
        history,
        [
            (Some(Draft), Submitted, LAN.display_name, ""),
            (Some(Submitted), Returned, THU.display_name, RETURN_COMMENT),
            (Some(Returned), Submitted, LAN.display_name, ""),
            (Some(Submitted), Approved, THU.display_name, ""),
        ],
        "the ward's history of the task"
    );
    assert_eq!(reviewer.task(&task).transitions, approved.transitions, "both see one history");
    assert_eq!(other_ward.sync().pulled, 0, "Tân Bình receives nothing of Bến Thành's review");
    for laptop in [&ward, &other_ward, &reviewer] {
        assert_eq!(laptop.pending(), 0, "{}: nothing left to send", laptop.label);
        assert!(laptop.refused().is_empty(), "{}: nothing refused", laptop.label);
        assert!(laptop.conflicts().is_empty(), "{}: no conflicts", laptop.label);
    }
}

fn a_ward_cannot_approve_its_own_task(backend: Backend) {
    let city = City::start(backend);
    let ward = Laptop::enrolled("Bến Thành (Lan)", &city, LAN);
    let reviewer = Laptop::enrolled("Sở KHCN (Thu)", &city, THU);
    let task = ward.draft_task("Số hóa hồ sơ một cửa phường Bến Thành");
    ward.submit(&task);
    ward.sync();

    // The app does not offer it, and refuses it.
    assert!(!ward.task(&task).allowed.iter().any(|a| a.to == TaskStatus::Approved));
    let refused = ward.move_task(&task, TaskStatus::Approved, "").unwrap_err();
    assert_eq!(refused.code, ErrorCode::TransitionRefused, "{refused:?}");

    // The protocol spoken by hand with the ward's own token: the server refuses it.
    let raw = RawClient::of(&city, &ward);
    let version = ward.row_version("tasks", &task);
    let forged = field_op(
        &format!("unit:{BEN_THANH}"),
        "tasks",
        &task,
        "status",
        json!("approved"),
        version,
    );
    // Nor may the history be rewritten: the submission's row turned into an approval.
    let step = ward.task(&task).transitions[0].id.clone();
    let rewritten = field_op(
        &format!("unit:{BEN_THANH}"),
        "task_transitions",
        &step,
        "to_status",
        json!("approved"),
        version,
    );
    let answers = raw.push(vec![forged, rewritten]);
    for (answer, code) in answers.iter().zip(["transition", "forbidden"]) {
        match &answer.outcome {
            Outcome::Rejected { reason, .. } => assert_eq!(reason.code, code, "{reason:?}"),
            other => panic!("a ward's approval was not rejected: {other:?}"),
        }
    }

    // A laptop that claims the reviewer's role locally gets past its own app, not the
    // city: both the status and the history row it wrote are refused, and listed as the
    // one thing the person did (the history row folded into its status change).
    ward.claim_role(Role::CityReviewer);
    ward.approve(&task);
    let report = ward.sync();
    assert_eq!(report.refused, 2, "{}", report.summary);
    let refused = ward.refused();
    assert_eq!(refused.len(), 1, "the ward's refused list: {refused:?}");
    for change in &refused {
        assert!(change.reason.contains("Đã phê duyệt"), "the reason names the step: {change:?}");
    }
    assert!(
        refused
            .iter()
            .any(|r| r.label == "Nhiệm vụ «Số hóa hồ sơ một cửa phường Bến Thành» · Trạng thái"),
        "the refused status change names its task: {refused:?}"
    );
    assert!(!refused.iter().any(|r| r.label.contains("Lịch sử")), "{refused:?}");
    assert_eq!(ward.status().refused, 1, "the status area counts what the list shows");
    assert_eq!(
        ward.task(&task).status,
        TaskStatus::Submitted,
        "the ward's laptop shows the city's status again, not the refused approval"
    );

    reviewer.sync();
    let seen = reviewer.task(&task);
    assert_eq!(seen.status, TaskStatus::Submitted, "the city still has it to review");
    let forged_history: Vec<_> =
        seen.transitions.iter().filter(|t| t.to == TaskStatus::Approved).collect();
    assert!(
        forged_history.is_empty(),
        "the city's history shows an approval nobody with the right made: {forged_history:?}"
    );
}

fn the_same_field_edited_twice_is_a_conflict_both_see(backend: Backend) {
    let city = City::start(backend);
    let lan = Laptop::enrolled("Bến Thành (Lan)", &city, LAN);
    let hoa = Laptop::enrolled("Bến Thành (Hòa)", &city, HOA);
    let task = lan.draft_task("Số hóa hồ sơ một cửa phường Bến Thành");
    lan.sync();
    hoa.sync();
    assert!(hoa.has_task(&task), "Hòa has Lan's draft");

    // Both offline, both rewrite the objectives from the same version.
    let lans = "Mục tiêu theo chị Lan";
    let hoas = "Mục tiêu theo anh Hòa";
    lan.edit(&task, |form| form.objectives = lans.into());
    hoa.edit(&task, |form| form.objectives = hoas.into());
    for laptop in [&lan, &hoa, &lan, &hoa] {
        laptop.sync();
    }

    let value = lan.task(&task).input.objectives;
    assert_eq!(hoa.task(&task).input.objectives, value, "both laptops show the same objectives");
    assert!(value == lans || value == hoas, "{value:?}");
    let other = if value == lans { hoas } else { lans };
    let conflict_on = |laptop: &Laptop| {
        let list = laptop.conflicts();
        assert_eq!(list.len(), 1, "{}: one conflict: {list:?}", laptop.label);
        let c = list.into_iter().next().unwrap();
        assert_eq!(
            (c.row_id.as_str(), c.field.as_str(), c.resolved),
            (task.as_str(), "objectives", false)
        );
        assert_eq!(
            (c.kept.value.as_str(), c.other.value.as_str()),
            (value.as_str(), other),
            "{}",
            laptop.label
        );
        assert_eq!(
            laptop.status().conflicts_open,
            1,
            "{}: the status area counts it",
            laptop.label
        );
        c
    };
    let (on_lan, on_hoa) = (conflict_on(&lan), conflict_on(&hoa));
    // Both are told, once, with a notice that leads to the conflicts inbox.
    for laptop in [&lan, &hoa] {
        let told = changes_since(laptop, 0);
        let about: Vec<_> =
            told.notices.iter().filter(|n| n.target == NoticeTarget::Conflicts).collect();
        assert_eq!(about.len(), 1, "{}: {:?}", laptop.label, told.notices);
        assert_eq!(
            about[0].text,
            "Hai máy cùng sửa «Mục tiêu» của «Số hóa hồ sơ một cửa phường Bến Thành»: ô này nay \
             hiện giá trị được giữ lại. Xem mục Xung đột.",
            "{}",
            laptop.label
        );
    }
    assert_eq!(on_lan.id, on_hoa.id, "one conflict, seen by both");
    assert_eq!(on_lan.kept.actor, if value == lans { LAN.display_name } else { HOA.display_name });

    // Hòa keeps the value that lost; the choice reaches Lan.
    hoa.resolve(&on_hoa.id, ConflictChoice::Other);
    assert_eq!(hoa.task(&task).input.objectives, other);
    hoa.sync();
    lan.sync();
    assert_eq!(lan.task(&task).input.objectives, other, "the resolution travelled to Lan");
    for laptop in [&lan, &hoa] {
        let list = laptop.conflicts();
        assert!(list.iter().all(|c| c.resolved), "{}: {list:?}", laptop.label);
        assert_eq!(laptop.status().conflicts_open, 0, "{}", laptop.label);
        assert_eq!(laptop.pending(), 0, "{}", laptop.label);
    }
}

fn different_fields_merge_without_a_conflict(backend: Backend) {
    let city = City::start(backend);
    let lan = Laptop::enrolled("Bến Thành (Lan)", &city, LAN);
    let hoa = Laptop::enrolled("Bến Thành (Hòa)", &city, HOA);
    let task = lan.draft_task("Số hóa hồ sơ một cửa phường Bến Thành");
    lan.sync();
    hoa.sync();

    lan.edit(&task, |form| form.objectives = "Mục tiêu mới của chị Lan".into());
    hoa.edit(&task, |form| form.leader = "Trần Văn Hòa".into());
    for laptop in [&lan, &hoa, &lan, &hoa] {
        assert_eq!(laptop.sync().conflicts, 0, "{}: different fields never conflict", laptop.label);
    }
    for laptop in [&lan, &hoa] {
        let form = laptop.task(&task).input;
        assert_eq!(
            (form.objectives.as_str(), form.leader.as_str()),
            ("Mục tiêu mới của chị Lan", "Trần Văn Hòa"),
            "{}: both edits kept",
            laptop.label
        );
        assert!(laptop.conflicts().is_empty(), "{}: no conflict", laptop.label);
    }
}

fn a_replayed_push_is_applied_once(backend: Backend) {
    let city = City::start(backend);
    let lan = Laptop::enrolled("Bến Thành (Lan)", &city, LAN);
    let hoa = Laptop::enrolled("Bến Thành (Hòa)", &city, HOA);
    let task = lan.draft_task("Số hóa hồ sơ một cửa phường Bến Thành");
    lan.edit(&task, |form| form.impact = "Người dân chờ ít hơn".into());
    lan.submit(&task);

    // The batch the engine would send (new task, an edit, the status, its history row),
    // pushed twice by hand, as after an answer lost on the way back.
    let ops = lan.pending_ops();
    assert_eq!(ops.len(), 4, "{ops:#?}");
    let raw = RawClient::of(&city, &lan);
    let first = raw.push(ops.clone());
    let again = raw.push(ops.clone());
    assert_eq!(again, first, "a replay gets the same answers, word for word");
    let seqs: Vec<i64> = first
        .iter()
        .map(|r| match r.outcome {
            Outcome::Applied { seq } => seq,
            ref other => panic!("not applied: {other:?}"),
        })
        .collect();
    assert_eq!(seqs, [1, 2, 3, 4]);

    // The app sends its outbox a third time; every answer is already known.
    let report = lan.sync();
    assert_eq!((report.pushed, report.conflicts, report.refused), (4, 0, 0), "{}", report.summary);
    assert_eq!(lan.pending(), 0);

    // The server holds each change once; the other laptop applies each once.
    let partition = format!("unit:{BEN_THANH}");
    let stored =
        RawClient::of(&city, &hoa).pull_everything().remove(&partition).unwrap_or_default();
    let keys: Vec<_> =
        stored.iter().map(|c| (c.table.as_str(), c.row_id.as_str(), c.field.as_str())).collect();
    let sent: Vec<_> =
        ops.iter().map(|o| (o.table.as_str(), o.row_id.as_str(), o.field.as_str())).collect();
    assert_eq!(keys, sent, "the server's changes of Bến Thành are exactly the four sent");
    let received = hoa.sync();
    assert_eq!(received.pulled, 4, "{}", received.summary);
    assert_eq!(hoa.tasks().len(), 1, "one task, not two");
    let seen = hoa.task(&task);
    assert_eq!(seen.status, TaskStatus::Submitted);
    assert_eq!(seen.transitions.len(), 1, "one step in the history: {:?}", seen.transitions);
    assert_eq!(seen.input.impact, "Người dân chờ ít hơn");
}

fn a_laptop_is_not_sent_back_what_it_pushed(backend: Backend) {
    let city = City::start(backend);
    let ward = Laptop::enrolled("Bến Thành (Lan)", &city, LAN);
    let colleague = Laptop::enrolled("Bến Thành (Hòa)", &city, HOA);
    let tasks: Vec<String> = (0..3).map(|i| ward.draft_task(&format!("Nhiệm vụ {i}"))).collect();
    let sent = ward.sync();
    assert_eq!((sent.pushed, sent.pulled), (3, 0), "{}", sent.summary);
    let received = colleague.sync();
    assert_eq!(received.pulled, 3, "{}", received.summary);
    for task in &tasks {
        assert_eq!(
            ward.row_version("tasks", task),
            colleague.row_version("tasks", task),
            "the pusher's row is numbered as if it had been pulled back"
        );
    }

    // Edits of different fields on both laptops merge without a conflict, as before.
    colleague.edit(&tasks[0], |form| form.name = "Tên mới của Hòa".into());
    colleague.sync();
    ward.edit(&tasks[0], |form| form.objectives = BETTER_OBJECTIVES.into());
    ward.sync();
    colleague.sync();
    for laptop in [&ward, &colleague] {
        let task = laptop.task(&tasks[0]);
        assert_eq!(task.input.name, "Tên mới của Hòa", "{}", laptop.label);
        assert_eq!(task.input.objectives, BETTER_OBJECTIVES, "{}", laptop.label);
        assert!(laptop.conflicts().is_empty(), "{}", laptop.label);
        assert_eq!(laptop.pending(), 0, "{}", laptop.label);
    }
}

/// What a laptop's open screens are told of since `seq`, as its window asks.
fn changes_since(laptop: &Laptop, seq: i64) -> DataChanges {
    laptop.app().data_changes(DataSince { seq }).expect("the data feed answers")
}
