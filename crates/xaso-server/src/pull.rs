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
//!
//! The changes a device names as held (`PullRequest::held`: its own, numbered by the
//! answers to its pushes) are left out when the server stored them exactly as that device
//! sent them (`as_sent`: nothing stamped, the clock not bounded, an edit made with every
//! earlier change of its field, see `push`): it has them, and sending
//! its first push of 10 000 rows back to it cost more than the push. They count toward
//! neither the page's changes nor its bytes, and the page's cursor moves past them (a
//! page may carry no change at all). A claim cannot hide another device's change, nor
//! one the server altered, and a laptop restored from an older copy of its data does not
//! name what that copy lacks, so it receives it again.

use std::collections::BTreeMap;

use xaso_proto::{Change, MAX_BATCH, MAX_PULL_BYTES, Page, PullRequest, PullResponse};

use crate::auth::Session;
use crate::storage::{Held, Result, StoreError, Tx};

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
    let readable: Vec<(String, i64)> = if who.role.is_unit() {
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
        let ranges = req.held.get(&name).map(|r| normalized(r, cursor)).unwrap_or_default();
        let held = Held { device: who.device_id, ranges: &ranges };
        let page = tx.changes_since(&name, cursor, left, bytes_left, held)?;
        let (changes, end) = (page.changes, page.end);
        if end <= cursor {
            continue;
        }
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

/// A device's held ranges after `cursor`, in order and merged (whatever it sent: a claim
/// that overlaps or runs backwards only ever concerns its own changes, but the search in
/// [`Held::holds`] needs them ordered).
fn normalized(ranges: &[(i64, i64)], cursor: i64) -> Vec<(i64, i64)> {
    let mut out: Vec<(i64, i64)> = ranges
        .iter()
        .filter(|(first, last)| first <= last && *last > cursor)
        .map(|(first, last)| ((*first).max(cursor + 1), *last))
        .collect();
    out.sort_unstable();
    let mut merged: Vec<(i64, i64)> = Vec::with_capacity(out.len());
    for (first, last) in out {
        match merged.last_mut() {
            Some(prev) if first <= prev.1.saturating_add(1) => prev.1 = prev.1.max(last),
            _ => merged.push((first, last)),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::normalized;

    #[test]
    fn held_ranges_are_ordered_merged_and_after_the_cursor() {
        type Ranges = &'static [(i64, i64)];
        let cases: &[(Ranges, i64, Ranges)] = &[
            (&[], 0, &[]),
            (&[(1, 10)], 0, &[(1, 10)]),
            (&[(1, 10)], 5, &[(6, 10)]),
            (&[(1, 10)], 10, &[]),
            (&[(20, 30), (1, 10), (11, 12)], 0, &[(1, 12), (20, 30)]),
            (&[(5, 8), (1, 6), (9, 3)], 0, &[(1, 8)]),
        ];
        for (ranges, cursor, want) in cases {
            assert_eq!(normalized(ranges, *cursor), *want, "{ranges:?} after {cursor}");
        }
    }
}
