//! Budget estimates across the wire: estimates and their lines are ordinary synced rows.
//!
//! - `the_city_reviews_an_estimate_with_comments_on_lines`: a ward builds an estimate and
//!   submits it; the city sees it with its totals as the ward computed them, comments on a
//!   line and returns it; the ward sees the comment on that line and the reason.
//! - `two_officials_editing_different_lines_merge`: two laptops of one ward change two
//!   different lines offline; both changes survive, no conflict.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on purpose

use xaso_core::{
    EstimateCreate, EstimateDetail, EstimateRef, EstimateStatus, EstimateTransition, LineComment,
    LineGroup, LineInput, SheetInput,
};
use xaso_e2e::on_both_backends;
use xaso_e2e::sync_harness::*;

on_both_backends!(
    the_city_reviews_an_estimate_with_comments_on_lines,
    two_officials_editing_different_lines_merge
);

fn line(content: &str, quantity: &str, unit_price: &str) -> LineInput {
    LineInput {
        id: None,
        group: LineGroup::Other,
        content: content.into(),
        unit: "buổi".into(),
        quantity: quantity.into(),
        unit_price: unit_price.into(),
        own: "0".into(),
        other: "0".into(),
        note: String::new(),
        norm_code: String::new(),
    }
}

/// A ward's estimate for a new task: two workshop lines, 2 × 5.000.000 + 1 × 3.000.000.
fn build_estimate(ward: &Laptop) -> EstimateDetail {
    let task = ward.draft_task("Hội thảo chuyển đổi số cho tiểu thương chợ Bến Thành");
    let created = ward
        .app()
        .estimate_create(EstimateCreate { task_id: task, year: 2026 })
        .expect("the ward creates an estimate");
    let saved = ward
        .app()
        .estimate_save(SheetInput {
            id: created.id.clone(),
            leader_rate: created.leader_rate.clone(),
            estimate_date: created.estimate_date.clone(),
            people: Vec::new(),
            lines: vec![
                line("Hội thảo phổ biến", "2", "5.000.000"),
                line("Tập huấn thanh toán số", "1", "3.000.000"),
            ],
        })
        .expect("the ward saves its lines");
    assert!(saved.issues.is_empty(), "{:?}", saved.issues);
    saved.estimate
}

fn estimate(laptop: &Laptop, id: &str) -> EstimateDetail {
    laptop.app().estimate_get(EstimateRef { id: id.into() }).expect("the estimate is here")
}

fn the_city_reviews_an_estimate_with_comments_on_lines(backend: Backend) {
    let city = City::start(backend);
    let ward = Laptop::enrolled("Bến Thành (Lan)", &city, LAN);
    let reviewer = Laptop::enrolled("Sở KHCN (Thu)", &city, THU);

    let built = build_estimate(&ward);
    assert_eq!(built.computed.total.total, 13_000_000);
    ward.app()
        .estimate_transition(EstimateTransition {
            id: built.id.clone(),
            to: EstimateStatus::Submitted,
            comment: String::new(),
        })
        .expect("the ward submits");
    let sent = ward.sync();
    assert_eq!((sent.refused, sent.conflicts), (0, 0), "{}", sent.summary);

    // The city sees the estimate, its lines and the total Rust computes from them.
    reviewer.sync();
    let seen = estimate(&reviewer, &built.id);
    assert_eq!(seen.status, EstimateStatus::Submitted);
    assert_eq!(seen.computed.total.total, 13_000_000);
    assert_eq!(seen.lines.len(), 2);
    let workshop = seen.lines.iter().find(|l| l.input.content == "Hội thảo phổ biến").unwrap();
    let comment = "Đề nghị giảm còn một buổi hội thảo.";
    reviewer
        .app()
        .estimate_line_comment(LineComment {
            estimate_id: built.id.clone(),
            line_id: workshop.input.id.clone().unwrap(),
            comment: comment.into(),
        })
        .expect("the reviewer comments on a line");
    reviewer
        .app()
        .estimate_transition(EstimateTransition {
            id: built.id.clone(),
            to: EstimateStatus::Returned,
            comment: "Xem ý kiến từng dòng.".into(),
        })
        .expect("the reviewer returns it");
    let answered = reviewer.sync();
    assert_eq!(answered.refused, 0, "the city may comment and return: {}", answered.summary);

    // The ward sees the return, the reason and the comment on that very line.
    ward.sync();
    let back = estimate(&ward, &built.id);
    assert_eq!(back.status, EstimateStatus::Returned);
    assert_eq!(back.review_comment, "Xem ý kiến từng dòng.");
    let commented = back.lines.iter().find(|l| l.input.content == "Hội thảo phổ biến").unwrap();
    assert_eq!(commented.review_comment, comment);
    assert!(back.editable, "a returned estimate is the ward's to fix");
    assert!(ward.refused().is_empty() && reviewer.refused().is_empty());
}

fn two_officials_editing_different_lines_merge(backend: Backend) {
    let city = City::start(backend);
    let lan = Laptop::enrolled("Bến Thành (Lan)", &city, LAN);
    let hoa = Laptop::enrolled("Bến Thành (Hòa)", &city, HOA);
    let built = build_estimate(&lan);
    lan.sync();
    hoa.sync();

    // Offline, each changes a different line.
    let edit = |laptop: &Laptop, content: &str, quantity: &str| {
        let current = estimate(laptop, &built.id);
        let lines = current
            .lines
            .iter()
            .map(|l| {
                let mut input = l.input.clone();
                if input.content == content {
                    input.quantity = quantity.into();
                }
                input
            })
            .collect();
        laptop
            .app()
            .estimate_save(SheetInput {
                id: current.id.clone(),
                leader_rate: current.leader_rate.clone(),
                estimate_date: current.estimate_date.clone(),
                people: Vec::new(),
                lines,
            })
            .expect("an official saves a line");
    };
    edit(&lan, "Hội thảo phổ biến", "3");
    edit(&hoa, "Tập huấn thanh toán số", "2");
    for laptop in [&lan, &hoa, &lan] {
        laptop.sync();
    }

    // 3 × 5.000.000 + 2 × 3.000.000 on both laptops, and nobody has a conflict.
    for laptop in [&lan, &hoa] {
        assert_eq!(estimate(laptop, &built.id).computed.total.total, 21_000_000);
        assert!(laptop.conflicts().is_empty(), "different lines are not a conflict");
    }
}
