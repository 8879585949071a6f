//! A unit sees nothing of another unit, through the app or the protocol spoken by hand:
//! no rows, no pages, and refusals that do not tell whether the other unit's row exists.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on purpose

use std::collections::BTreeMap;

use serde_json::json;
use xaso_e2e::on_both_backends;
use xaso_e2e::sync_harness::*;
use xaso_proto::{Outcome, Reason};

on_both_backends!(a_unit_sees_nothing_of_another_unit);

fn a_unit_sees_nothing_of_another_unit(backend: Backend) {
    let city = City::start(backend);
    let ben_thanh = Laptop::enrolled("Bến Thành (Lan)", &city, LAN);
    let tan_binh = Laptop::enrolled("Tân Bình (Minh)", &city, MINH);
    let reviewer = Laptop::enrolled("Sở KHCN (Thu)", &city, THU);
    let theirs = tan_binh.draft_task("Bản đồ số phường Tân Bình");
    tan_binh.submit(&theirs);
    tan_binh.sync();
    let ours = ben_thanh.draft_task("Số hóa hồ sơ một cửa phường Bến Thành");
    ben_thanh.sync();
    ben_thanh.sync();

    // Through the app: only its own task.
    let listed: Vec<_> = ben_thanh.tasks().into_iter().map(|t| t.id).collect();
    assert_eq!(listed, std::slice::from_ref(&ours), "Bến Thành lists only its own task");
    assert!(!ben_thanh.has_task(&theirs), "Tân Bình's task is not on Bến Thành's laptop");
    let tan_binh_partition = format!("unit:{TAN_BINH}");
    assert!(
        !ben_thanh.cursors().contains_key(&tan_binh_partition),
        "Bến Thành never received a page of Tân Bình: {:?}",
        ben_thanh.cursors()
    );

    // The protocol by hand: a cursor for Tân Bình changes nothing in the answer.
    let raw = RawClient::of(&city, &ben_thanh);
    // The server's clock moves on between answers; nothing else may differ.
    let pull = |cursors| xaso_proto::PullResponse { server_ms: None, ..raw.pull(cursors) };
    let plain = pull(BTreeMap::new());
    for cursor in [0, 1, -5] {
        let asked = pull(BTreeMap::from([(tan_binh_partition.clone(), cursor)]));
        assert!(
            asked.pages.iter().all(|p| p.partition != tan_binh_partition),
            "a page of Tân Bình was sent for cursor {cursor}"
        );
        assert_eq!(asked, plain, "the answer must not depend on a cursor for Tân Bình");
    }
    let unknown = pull(BTreeMap::from([("unit:99999".to_owned(), 0)]));
    assert_eq!(unknown, plain, "an existing other unit reads like one that does not exist");

    // A change to Tân Bình's task is refused exactly like a change to a task that does not
    // exist, under either partition name.
    let random = uuid::Uuid::now_v7().to_string();
    let rename = |partition: &str, id: &str| {
        field_op(partition, "tasks", id, "name", json!("Đổi tên trái phép"), 1)
    };
    let own_partition = format!("unit:{BEN_THANH}");
    for partition in [own_partition.as_str(), tan_binh_partition.as_str()] {
        let answers = raw.push(vec![rename(partition, &theirs), rename(partition, &random)]);
        let reasons: Vec<Reason> = answers
            .into_iter()
            .map(|a| match a.outcome {
                Outcome::Rejected { reason, .. } => reason,
                other => panic!(
                    "a change to another unit's task under {partition} was not rejected: {other:?}"
                ),
            })
            .collect();
        assert_eq!(reasons[0], reasons[1], "under {partition}: the refusal tells the row exists");
        if partition == own_partition {
            assert_eq!(reasons[0].code, "not_found", "{:?}", reasons[0]);
        }
    }

    // Tân Bình's task is untouched, and the city sees both units.
    tan_binh.sync();
    assert_eq!(tan_binh.task(&theirs).input.name, "Bản đồ số phường Tân Bình");
    reviewer.sync();
    assert!(reviewer.has_task(&ours) && reviewer.has_task(&theirs), "the city reads every unit");
    assert_eq!(reviewer.task(&theirs).input.name, "Bản đồ số phường Tân Bình");
    assert!(ben_thanh.refused().is_empty(), "the app itself never sent anything refused");
}
