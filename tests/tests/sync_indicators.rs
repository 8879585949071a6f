//! The city's KPI indicators across the wire: city data, corrected by the city admin and
//! read on every laptop.
//!
//! - `a_city_correction_of_a_bundled_indicator_reaches_every_laptop`: every laptop starts
//!   with the bundled example indicators; the city admin sets a target on one and marks
//!   it checked; a ward laptop that already had the examples, and one set up afterwards,
//!   both show the corrected indicator (before the bundled rows had one id per laptop,
//!   the server refused the correction of a row it had never had). A second correction
//!   travels field by field; a bundled norm corrected by the city arrives the same way.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on purpose

use xaso_core::{IndicatorInput, IndicatorView, NormInput};
use xaso_e2e::on_both_backends;
use xaso_e2e::sync_harness::*;

on_both_backends!(a_city_correction_of_a_bundled_indicator_reaches_every_laptop);

const SIGNED: &str = "cds.van_ban_ky_so";

fn signed(laptop: &Laptop) -> IndicatorView {
    let list = laptop.app().indicators_list().expect("the indicators");
    list.into_iter().find(|i| i.code == SIGNED).expect("the bundled example is there")
}

/// The form as the edit dialog opens it on `view`.
fn input(view: &IndicatorView) -> IndicatorInput {
    IndicatorInput {
        id: Some(view.id.clone()),
        code: view.code.clone(),
        name_vi: view.name_vi.clone(),
        name_en: view.name_en.clone(),
        field: view.field,
        measure: view.measure,
        aggregation: view.aggregation,
        period: view.period,
        direction: view.direction,
        target: view.target_input.clone(),
        from_app_data: view.from_app_data.clone().unwrap_or_default(),
        source: view.source.clone(),
        effective_from: view.effective_from.clone().unwrap_or_default(),
        effective_to: view.effective_to.clone().unwrap_or_default(),
        verified: view.verified,
    }
}

fn a_city_correction_of_a_bundled_indicator_reaches_every_laptop(backend: Backend) {
    let city = City::start(backend);
    let ward = Laptop::enrolled("Bến Thành (Lan)", &city, LAN);
    let admin = Laptop::enrolled("Sở KHCN (Quang)", &city, QUANG);
    assert_eq!(signed(&ward).target, None);
    assert_eq!(signed(&ward).id, signed(&admin).id, "the same bundled row on both laptops");

    let saved = admin
        .app()
        .indicator_save(IndicatorInput {
            target: "90".into(),
            source: "Kế hoạch chuyển đổi số năm 2026 của Thành phố".into(),
            verified: true,
            ..input(&signed(&admin))
        })
        .expect("the city admin saves");
    assert!(saved.issues.is_empty(), "{:?}", saved.issues);
    let sent = admin.sync();
    assert_eq!((sent.refused, sent.conflicts), (0, 0), "{}: {:?}", sent.summary, admin.refused());

    let pulled = ward.sync();
    assert_eq!(pulled.refused, 0, "{}", pulled.summary);
    let seen = signed(&ward);
    assert_eq!(seen.target.as_deref(), Some("90 %"));
    assert!(seen.verified);
    assert_eq!(seen.source, "Kế hoạch chuyển đổi số năm 2026 của Thành phố");

    // Once the city has the row, a second correction travels field by field.
    let again = admin
        .app()
        .indicator_save(IndicatorInput { target: "95".into(), ..input(&signed(&admin)) })
        .expect("the second correction");
    assert!(again.issues.is_empty(), "{:?}", again.issues);
    assert_eq!(admin.pending(), 1, "one field changed: one change to send");
    let sent = admin.sync();
    assert_eq!((sent.refused, sent.conflicts), (0, 0), "{}", sent.summary);
    ward.sync();
    assert_eq!(signed(&ward).target.as_deref(), Some("95 %"));

    // A bundled spending norm corrected by the city reaches the ward the same way.
    let prize = |laptop: &Laptop| {
        let norms = laptop.app().norms_list().expect("the norms");
        norms.into_iter().find(|n| n.code == "contest.prize.first").expect("a bundled norm")
    };
    let old = prize(&admin);
    let saved = admin
        .app()
        .norm_save(NormInput {
            id: Some(old.id.clone()),
            code: old.code.clone(),
            description: old.description.clone(),
            value: "18000000".into(),
            unit: old.unit.clone(),
            kind: old.kind,
            legal_basis: old.legal_basis.clone(),
            effective_from: old.effective_from.clone().unwrap_or_default(),
            effective_to: old.effective_to.clone().unwrap_or_default(),
            verified: true,
        })
        .expect("the city admin corrects a norm");
    assert!(saved.issues.is_empty(), "{:?}", saved.issues);
    let sent = admin.sync();
    assert_eq!((sent.refused, sent.conflicts), (0, 0), "{}", sent.summary);
    ward.sync();
    assert_eq!(prize(&ward).value, "18000000");
    assert!(prize(&ward).verified);

    // A laptop set up later seeds the examples, then pulls the correction onto them.
    let later = Laptop::enrolled("Tân Bình (Minh)", &city, MINH);
    later.sync();
    assert_eq!(signed(&later).target.as_deref(), Some("95 %"));
    assert_eq!(prize(&later).value, "18000000");
    assert_eq!(later.app().indicators_list().unwrap().len(), 14, "no second copy of it");
}
