//! Property: whatever a laptop pushes — random values, well-formed or not, for every
//! field of every synced table — whatever the server accepts, every other replica
//! applies. Run on both backends.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers panic on purpose

mod common;

use std::cell::RefCell;
use std::collections::BTreeMap;

use chrono::Utc;
use common::*;
use proptest::prelude::*;
use serde_json::{Map, Value as Json, json};
use uuid::Uuid;
use xaso_domain::sync::{CONFLICTS, FieldKind, PartitionKind, SYNCED_TABLES, SyncedTable};
use xaso_proto::{Op, Outcome};

/// A value of `kind` as the app would write it.
fn valid(kind: FieldKind) -> BoxedStrategy<Json> {
    match kind {
        FieldKind::Id => any::<u128>()
            .prop_map(|n| json!(Uuid::from_u128(n | 1).hyphenated().to_string()))
            .boxed(),
        FieldKind::Text(max) => {
            let max = max.min(40);
            proptest::collection::vec(any::<char>(), 0..=max)
                .prop_map(|c| json!(c.into_iter().collect::<String>()))
                .boxed()
        }
        FieldKind::Enum(members) => {
            proptest::sample::select(members).prop_map(|m| json!(m)).boxed()
        }
        FieldKind::Int { min, max } => (min..=max).prop_map(|n| json!(n)).boxed(),
        FieldKind::Flag => {
            prop_oneof![Just(json!(0)), Just(json!(1)), any::<bool>().prop_map(Json::Bool)].boxed()
        }
        FieldKind::Date => (2000i32..2100, 1u32..=12, 1u32..=28)
            .prop_map(|(y, m, d)| json!(format!("{y:04}-{m:02}-{d:02}")))
            .boxed(),
        FieldKind::Time => (1_704_067_200_000i64..4_102_444_800_000)
            .prop_map(|ms| {
                let t = chrono::DateTime::from_timestamp_millis(ms).unwrap();
                json!(t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
            })
            .boxed(),
        FieldKind::Unit => Just(json!(UNIT_A)).boxed(),
        FieldKind::Units => prop_oneof![Just(json!("all")), Just(json!("26743,26506"))].boxed(),
        FieldKind::Sha256 => "[0-9a-f]{64}".prop_map(|s| json!(s)).boxed(),
        FieldKind::Period => prop_oneof![
            (2000i32..2100).prop_map(|y| json!(format!("{y}"))),
            (2000i32..2100, 1u32..=4).prop_map(|(y, q)| json!(format!("{y}-Q{q}"))),
            (2000i32..2100, 1u32..=12).prop_map(|(y, m)| json!(format!("{y}-{m:02}"))),
        ]
        .boxed(),
        FieldKind::JsonText(_) => {
            prop_oneof![Just(json!("[\"Có\",\"Không\"]")), Just(json!("[]"))].boxed()
        }
    }
}

/// Anything at all a broken or hostile laptop might send.
fn junk() -> BoxedStrategy<Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Json::Null, Json::Number)),
        ".{0,30}".prop_map(Json::String),
        Just(json!("không phải số")),
        Just(json!("2026-02-30")),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..3).prop_map(Json::Array),
            proptest::collection::btree_map(".{0,5}", inner, 0..3)
                .prop_map(|m| Json::Object(m.into_iter().collect())),
        ]
    })
    .boxed()
}

fn value(kind: FieldKind) -> BoxedStrategy<Json> {
    prop_oneof![40 => valid(kind), 1 => junk()].boxed()
}

/// The tables a laptop writes (conflicts are the server's).
fn tables() -> Vec<&'static SyncedTable> {
    SYNCED_TABLES.iter().filter(|t| t.name != CONFLICTS).collect()
}

/// One thing a laptop does: create a row (each field valid, junk or left out), or change
/// one field of a row it created earlier in the case (or of no row at all).
#[derive(Clone, Debug)]
enum Act {
    Create { table: usize, id: String, row: Map<String, Json> },
    Edit { table: usize, of: usize, field: usize, value: Json },
}

fn create() -> impl Strategy<Value = Act> {
    (0..tables().len(), prop_oneof![30 => Just(None), 1 => ".{0,10}".prop_map(Some)])
        .prop_flat_map(|(i, bad_id)| {
            let table = tables()[i];
            let fields: Vec<_> = table
                .fields
                .iter()
                .map(|f| {
                    prop_oneof![40 => value(f.kind).prop_map(Some), 1 => Just(None)]
                        .prop_map(move |v| v.map(|v| (f.name.to_owned(), v)))
                })
                .collect();
            (Just(i), Just(bad_id), fields)
        })
        .prop_map(|(table, bad_id, fields)| Act::Create {
            table,
            id: bad_id.unwrap_or_else(|| Uuid::now_v7().to_string()),
            row: fields.into_iter().flatten().collect(),
        })
}

fn edit() -> impl Strategy<Value = Act> {
    (0..tables().len(), 0usize..8, any::<prop::sample::Index>())
        .prop_flat_map(|(table, of, f)| {
            let t = tables()[table];
            let field = f.index(t.fields.len());
            (Just(table), Just(of), Just(field), value(t.fields[field].kind))
        })
        .prop_map(|(table, of, field, value)| Act::Edit { table, of, field, value })
}

/// A replica that has pulled everything so far.
struct Replica {
    store: xaso_store::Store,
    cursors: BTreeMap<String, i64>,
}

/// Every page after `cursors`, in order.
async fn pull_after(device: &Device, mut cursors: BTreeMap<String, i64>) -> Vec<xaso_proto::Page> {
    let mut pages = Vec::new();
    loop {
        let resp = device.pull(&cursors, 1000).await;
        for page in &resp.pages {
            cursors.insert(page.partition.clone(), page.cursor);
        }
        pages.extend(resp.pages);
        if !resp.more {
            return pages;
        }
    }
}

impl Replica {
    fn apply(&mut self, pages: &[xaso_proto::Page]) {
        for page in pages {
            let clock = xaso_store::sync::PullClock { now: Utc::now(), server_ms: None };
            let applied = self.store.apply_page(page, clock).unwrap();
            assert_eq!(
                applied.set_aside, 0,
                "a replica cannot store what the server kept: {page:?}"
            );
            self.cursors.insert(page.partition.clone(), page.cursor);
        }
    }
}

fn partition_of(table: &SyncedTable) -> &'static str {
    match table.partition {
        PartitionKind::Unit => "unit:26743",
        PartitionKind::City => "city",
    }
}

fn whatever_the_server_accepts_every_replica_applies(backend: Backend) {
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let (env, official, admin, reviewer) = runtime.block_on(async {
        let env = Env::start(backend).await;
        env.add_everyone();
        let official = env.device("a").await;
        let admin = env.device("admin").await;
        let reviewer = env.device("rev").await;
        (env, official, admin, reviewer)
    });
    let replica = RefCell::new(Replica {
        store: xaso_store::Store::open_in_memory().unwrap(),
        cursors: BTreeMap::new(),
    });
    let accepted = RefCell::new(0usize);
    let cases = if backend == Backend::Sqlite { 48 } else { 24 };
    let config = ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() };
    proptest!(config, |(acts in proptest::collection::vec(prop_oneof![2 => create(), 1 => edit()], 1..12))| {
        runtime.block_on(async {
            let mut created: Vec<(usize, String)> = Vec::new();
            let mut ops: Vec<(&Device, Op)> = Vec::new();
            for act in &acts {
                match act {
                    Act::Create { table, id, row } => {
                        let t = tables()[*table];
                        let by = if t.partition == PartitionKind::City { &admin } else { &official };
                        ops.push((by, by.create(partition_of(t), t.name, id, Json::Object(row.clone()))));
                        created.push((*table, id.clone()));
                    }
                    Act::Edit { table, of, field, value } => {
                        let (table, id) = created.get(*of).cloned().unwrap_or((*table, Uuid::now_v7().to_string()));
                        let t = tables()[table];
                        let by = if t.partition == PartitionKind::City { &admin } else { &official };
                        ops.push((by, by.set(partition_of(t), t.name, &id, t.fields[*field % t.fields.len()].name, value.clone(), 1)));
                    }
                }
            }
            for (by, op) in ops {
                let result = by.push(std::slice::from_ref(&op)).await;
                if !matches!(result[0].outcome, Outcome::Rejected { .. }) {
                    *accepted.borrow_mut() += 1;
                }
            }
            let cursors = replica.borrow().cursors.clone();
            let pages = pull_after(&reviewer, cursors).await;
            replica.borrow_mut().apply(&pages);
        });
    });
    let accepted = *accepted.borrow();
    println!("{accepted} changes accepted in {cases} cases");
    assert!(accepted > cases as usize, "the generator makes acceptable changes too ({accepted})");
    drop(env);
}

#[test]
fn whatever_the_server_accepts_every_replica_applies_sqlite() {
    whatever_the_server_accepts_every_replica_applies(Backend::Sqlite);
}

#[test]
fn whatever_the_server_accepts_every_replica_applies_postgres() {
    whatever_the_server_accepts_every_replica_applies(Backend::Postgres);
}
