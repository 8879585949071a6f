//! Pull: the changes of the partitions an account may read, after the device's cursors.
//!
//! A unit account reads exactly its own partition and `city`; a city account reads every
//! partition there is. Cursors for any other partition are ignored without a word, and
//! the answer is the same whether such a partition exists or not: a unit learns nothing
//! about another unit, not even how much it changes. Partitions are visited in name
//! order; a page is sent only for a partition with changes after its cursor; at most
//! `limit` changes in all (clamped to 1..=[`MAX_BATCH`]) and values of at most
//! [`MAX_PULL_BYTES`] in all (but always at least one change, of at most
//! `MAX_ROW_BYTES`), so the memory of one pull is bounded whatever the rows hold; `more`
//! says that some are left. The answer also names the server's history (`history`, see
//! [`crate::history`]) and each readable partition's last sequence number (`heads`), so a
//! laptop whose cursor is beyond it knows the server lost changes it has.
//! The whole answer is read from one snapshot.

use std::collections::BTreeMap;

use xaso_proto::{Change, MAX_BATCH, MAX_PULL_BYTES, Page, PullRequest, PullResponse};

use crate::auth::Session;
use crate::push::is_unit_role;
use crate::storage::{Result, StoreError, Tx};

pub(crate) fn pull(tx: &mut dyn Tx, who: &Session, req: &PullRequest) -> Result<PullResponse> {
    pull_within(tx, who, req, MAX_PULL_BYTES)
}

/// [`pull`] with the byte budget given (tests use a small one).
pub(crate) fn pull_within(
    tx: &mut dyn Tx,
    who: &Session,
    req: &PullRequest,
    max_bytes: usize,
) -> Result<PullResponse> {
    let limit = usize::try_from(req.limit).unwrap_or(MAX_BATCH).clamp(1, MAX_BATCH);
    let all = tx.partitions()?;
    let readable: Vec<(String, i64)> = if is_unit_role(who.role) {
        let mut names = vec!["city".to_owned()];
        names.extend(who.own_partition());
        names.sort();
        names
            .into_iter()
            .map(|n| {
                let last = all.get(&n).copied().unwrap_or(0);
                (n, last)
            })
            .collect()
    } else {
        all.into_iter().collect()
    };

    let mut left = limit;
    let mut bytes_left = max_bytes;
    let mut answer = PullResponse {
        history: crate::history::read(tx)?,
        heads: readable.iter().filter(|(_, last)| *last > 0).cloned().collect::<BTreeMap<_, _>>(),
        ..PullResponse::default()
    };
    for (name, last) in readable {
        let cursor = req.cursors.get(&name).copied().unwrap_or(0).max(0);
        if last <= cursor {
            continue;
        }
        if left == 0 || bytes_left == 0 {
            answer.more = true;
            break;
        }
        let changes = tx.changes_since(&name, cursor, left, bytes_left)?;
        let Some(end) = changes.last().map(|c| c.seq) else { continue };
        left -= changes.len();
        let bytes: usize = changes.iter().map(|c| c.value.len()).sum();
        bytes_left = bytes_left.saturating_sub(bytes);
        if end < last {
            answer.more = true;
        }
        let changes = changes
            .into_iter()
            .map(|c| {
                let value = serde_json::from_str(&c.value).map_err(|e| {
                    StoreError::Corrupt(format!("change {} of {}: {e}", c.seq, c.partition))
                })?;
                Ok(Change {
                    seq: c.seq,
                    table: c.tbl,
                    row_id: c.row_id,
                    field: c.field,
                    value,
                    hlc: c.hlc,
                    device_id: c.device_id,
                    actor: c.actor,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        answer.pages.push(Page { partition: name, changes, cursor: end });
    }
    Ok(answer)
}
