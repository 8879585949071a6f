//! Hybrid logical clock (Kulkarni et al.): wall-clock milliseconds plus a counter, so
//! timestamps stay monotonic on one device even when its clock jumps back, and causally
//! later than anything the device has seen from others. Ties between devices are broken
//! by device id elsewhere (the sync winner rule), not here.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Hlc {
    /// Milliseconds since the Unix epoch, UTC.
    pub wall_ms: u64,
    pub counter: u32,
}

impl Hlc {
    pub const ZERO: Hlc = Hlc { wall_ms: 0, counter: 0 };

    /// The timestamp of a local event, given the last timestamp issued and the clock now.
    pub fn tick(last: Hlc, now_ms: u64) -> Hlc {
        if now_ms > last.wall_ms {
            Hlc { wall_ms: now_ms, counter: 0 }
        } else {
            Hlc { wall_ms: last.wall_ms, counter: last.counter.saturating_add(1) }
        }
    }

    /// The timestamp after receiving `remote`, so later local events order after it.
    pub fn observe(last: Hlc, remote: Hlc, now_ms: u64) -> Hlc {
        let wall_ms = now_ms.max(last.wall_ms).max(remote.wall_ms);
        let counter = match (wall_ms == last.wall_ms, wall_ms == remote.wall_ms) {
            (true, true) => last.counter.max(remote.counter).saturating_add(1),
            (true, false) => last.counter.saturating_add(1),
            (false, true) => remote.counter.saturating_add(1),
            (false, false) => 0,
        };
        Hlc { wall_ms, counter }
    }
}

/// Fixed-width text, so that comparing the strings (in SQL, say) orders like the values.
impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:015}-{:010}", self.wall_ms, self.counter)
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("not a hybrid logical clock timestamp: {0:?}")]
pub struct HlcParseError(String);

impl FromStr for Hlc {
    type Err = HlcParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || HlcParseError(s.chars().take(40).collect());
        let (wall, counter) = s.split_once('-').ok_or_else(err)?;
        Ok(Hlc {
            wall_ms: wall.parse().map_err(|_| err())?,
            counter: counter.parse().map_err(|_| err())?,
        })
    }
}

impl Serialize for Hlc {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Hlc {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn h(wall_ms: u64, counter: u32) -> Hlc {
        Hlc { wall_ms, counter }
    }

    #[test]
    fn tick_table() {
        // (last, now, expected)
        let cases = [
            (h(0, 0), 100, h(100, 0)),                // clock ahead: take it
            (h(100, 0), 100, h(100, 1)),              // same millisecond: count
            (h(100, 5), 90, h(100, 6)),               // clock went back: stay monotonic
            (h(100, u32::MAX), 50, h(100, u32::MAX)), // saturates instead of wrapping
        ];
        for (last, now, want) in cases {
            assert_eq!(Hlc::tick(last, now), want, "tick({last}, {now})");
        }
    }

    #[test]
    fn observe_table() {
        // (last, remote, now, expected)
        let cases = [
            (h(100, 0), h(50, 9), 200, h(200, 0)),  // local clock is newest
            (h(100, 2), h(300, 4), 200, h(300, 5)), // remote is ahead of us
            (h(300, 2), h(300, 7), 200, h(300, 8)), // same wall: max counter + 1
            (h(300, 9), h(100, 1), 200, h(300, 10)), // our last is newest
        ];
        for (last, remote, now, want) in cases {
            assert_eq!(Hlc::observe(last, remote, now), want);
        }
    }

    #[test]
    fn text_order_is_value_order_and_round_trips() {
        let a = h(999, 20);
        let b = h(1000, 3);
        assert!(a < b);
        assert!(a.to_string() < b.to_string());
        assert_eq!(b.to_string().parse::<Hlc>().unwrap(), b);
        assert!("nonsense".parse::<Hlc>().is_err());
    }
}
