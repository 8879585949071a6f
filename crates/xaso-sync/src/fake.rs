//! An in-memory city server for the engine's and the worker's tests: it stores pushed
//! ops as changes of their partition, serves them back in small pages, and can be told
//! to fail or to answer an op in a given way.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard, PoisonError};

use uuid::Uuid;
use xaso_domain::Role;
use xaso_proto::{
    Account, Change, EnrollRequest, EnrollResponse, Health, Op, OpResult, Outcome, Page,
    PullRequest, PullResponse, PushRequest, PushResponse,
};
use xaso_store::sync::DeviceToken;

use crate::remote::{BoxFuture, Remote, RemoteError};

#[derive(Debug, Default)]
pub struct FakeServer {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
pub struct State {
    /// Every call, by endpoint name, in order.
    pub calls: Vec<&'static str>,
    /// The ops of each push, in order.
    pub pushes: Vec<Vec<Op>>,
    /// Partition → its changes in sequence order.
    pub log: BTreeMap<String, Vec<Change>>,
    /// How the server answers particular ops (default: applied).
    pub outcomes: HashMap<Uuid, Outcome>,
    /// Every call fails with this (health included), as an unreachable server would.
    pub down: Option<RemoteError>,
    /// Pushes fail with this, after `push_ok_before_failing` successful ones.
    pub push_error: Option<RemoteError>,
    pub push_ok_before_failing: usize,
    /// A broken server: announces more changes but sends none.
    pub endless: bool,
    /// Changes per pull page (default 3: several pulls for a few changes).
    pub page_size: usize,
    pub signed_out: bool,
    /// The clock the server says it has in its answers (`None`: an older server).
    pub server_ms: Option<u64>,
}

impl FakeServer {
    pub fn new() -> FakeServer {
        let server = FakeServer::default();
        server.state().page_size = 3;
        server
    }

    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A change made by another device, as a pull will bring it.
    pub fn remote_change(
        &self,
        partition: &str,
        table: &str,
        row_id: &str,
        field: &str,
        value: serde_json::Value,
    ) {
        let mut state = self.state();
        let log = state.log.entry(partition.to_owned()).or_default();
        let seq = log.len() as i64 + 1;
        log.push(Change {
            seq,
            table: table.into(),
            row_id: row_id.into(),
            field: field.into(),
            value,
            hlc: format!("{:015}-{:010}", 1_790_000_000_000u64 + seq as u64, 0),
            device_id: Uuid::from_u128(99),
            actor: "Trần Văn Minh".into(),
        });
    }

    fn enter(&self, call: &'static str) -> Result<MutexGuard<'_, State>, RemoteError> {
        let mut state = self.state();
        state.calls.push(call);
        match &state.down {
            Some(e) => Err(e.clone()),
            None => Ok(state),
        }
    }

    fn push_now(&self, request: &PushRequest) -> Result<PushResponse, RemoteError> {
        let mut state = self.enter("push")?;
        if let Some(e) = state.push_error.clone() {
            if state.push_ok_before_failing == 0 {
                return Err(e);
            }
            state.push_ok_before_failing -= 1;
        }
        state.pushes.push(request.ops.clone());
        let mut results = Vec::new();
        for op in &request.ops {
            let outcome = match state.outcomes.get(&op.op_id) {
                Some(outcome) => outcome.clone(),
                None => {
                    let log = state.log.entry(op.partition.clone()).or_default();
                    let seq = log.len() as i64 + 1;
                    log.push(Change {
                        seq,
                        table: op.table.clone(),
                        row_id: op.row_id.clone(),
                        field: op.field.clone(),
                        value: op.value.clone(),
                        hlc: op.hlc.clone(),
                        device_id: Uuid::from_u128(1),
                        actor: "Nguyễn Thị Lan".into(),
                    });
                    Outcome::Applied { seq }
                }
            };
            results.push(OpResult { op_id: op.op_id, outcome });
        }
        Ok(PushResponse { results, server_ms: state.server_ms })
    }

    fn pull_now(&self, request: &PullRequest) -> Result<PullResponse, RemoteError> {
        let state = self.enter("pull")?;
        if state.endless {
            return Ok(PullResponse { pages: vec![], more: true, ..PullResponse::default() });
        }
        let mut pages = Vec::new();
        let mut more = false;
        for (partition, log) in &state.log {
            let after = request.cursors.get(partition).copied().unwrap_or(0);
            let waiting: Vec<&Change> = log.iter().filter(|c| c.seq > after).collect();
            if waiting.is_empty() {
                continue;
            }
            more |= waiting.len() > state.page_size;
            let changes: Vec<Change> = waiting.into_iter().take(state.page_size).cloned().collect();
            let cursor = changes.last().map_or(after, |c| c.seq);
            pages.push(Page { partition: partition.clone(), changes, cursor });
        }
        Ok(PullResponse { pages, more, server_ms: state.server_ms, ..PullResponse::default() })
    }
}

/// The device id the fake server assigns at enrolment.
pub const ASSIGNED_DEVICE: Uuid = Uuid::from_u128(0xA551_6E0D);

pub fn account() -> Account {
    Account {
        user: "lan".into(),
        display_name: "Nguyễn Thị Lan".into(),
        role: Role::UnitOfficial,
        unit: Some("26743".into()),
        device_id: Uuid::from_u128(1),
    }
}

impl Remote for FakeServer {
    fn health(&self) -> BoxFuture<'_, Result<Health, RemoteError>> {
        let answer = self.enter("health").map(|_| Health { protocol: 1, min_protocol: 1 });
        Box::pin(async move { answer })
    }

    fn enroll<'a>(
        &'a self,
        request: &'a EnrollRequest,
    ) -> BoxFuture<'a, Result<EnrollResponse, RemoteError>> {
        let answer = self.enter("enroll").map(|_| EnrollResponse {
            token: format!("token-of-{}", request.user),
            // As the server does: the device id is its own, whatever the laptop asked for.
            account: xaso_proto::Account { device_id: ASSIGNED_DEVICE, ..account() },
        });
        Box::pin(async move { answer })
    }

    fn me<'a>(&'a self, _: &'a DeviceToken) -> BoxFuture<'a, Result<Account, RemoteError>> {
        let answer = self.enter("me").map(|_| account());
        Box::pin(async move { answer })
    }

    fn push<'a>(
        &'a self,
        _: &'a DeviceToken,
        request: &'a PushRequest,
    ) -> BoxFuture<'a, Result<PushResponse, RemoteError>> {
        let answer = self.push_now(request);
        Box::pin(async move { answer })
    }

    fn pull<'a>(
        &'a self,
        _: &'a DeviceToken,
        request: &'a PullRequest,
    ) -> BoxFuture<'a, Result<PullResponse, RemoteError>> {
        let answer = self.pull_now(request);
        Box::pin(async move { answer })
    }

    fn sign_out<'a>(&'a self, _: &'a DeviceToken) -> BoxFuture<'a, Result<(), RemoteError>> {
        let answer = self.enter("sign_out").map(|mut s| s.signed_out = true);
        Box::pin(async move { answer })
    }
}
