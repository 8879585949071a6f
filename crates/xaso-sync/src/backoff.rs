//! How long to wait before trying an unreachable server again: exponential, capped, and
//! jittered so that 168 wards coming back online after an outage do not all knock at
//! the same second.

use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The wait after the first failure.
    pub min: Duration,
    /// The longest wait, however many failures.
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Backoff {
        Backoff { min: Duration::from_secs(2), max: Duration::from_secs(300) }
    }
}

impl Backoff {
    /// The wait after `failures` failures in a row (1 = the first), for a `unit` random
    /// number in `[0, 1)`: the exponential step `min × 2^(failures-1)` capped at `max`,
    /// then a random point in its upper half (so the wait never shrinks below half a
    /// step, and stays within `max`). Pure, so it is tested as a table.
    pub fn delay(&self, failures: u32, unit: f64) -> Duration {
        let exponent = failures.saturating_sub(1).min(30);
        let step = self.min.saturating_mul(1 << exponent).min(self.max).max(self.min);
        let unit = if unit.is_finite() { unit.clamp(0.0, 1.0) } else { 0.5 };
        step.mul_f64(0.5 + 0.5 * unit)
    }

    /// [`Backoff::delay`] with a fresh random number.
    pub fn next(&self, failures: u32) -> Duration {
        self.delay(failures, fastrand::f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn s(secs: u64) -> Duration {
        Duration::from_secs(secs)
    }

    #[test]
    fn grows_exponentially_to_the_cap() {
        let b = Backoff::default();
        // (failures, unit random, expected)
        let cases = [
            (1, 1.0, s(2)),
            (1, 0.0, s(1)),
            (2, 1.0, s(4)),
            (3, 1.0, s(8)),
            (8, 1.0, s(256)),
            (9, 1.0, s(300)),
            (9, 0.0, s(150)),
            (40, 1.0, s(300)),
            (u32::MAX, 1.0, s(300)),
            (0, 1.0, s(2)),
        ];
        for (failures, unit, expected) in cases {
            assert_eq!(b.delay(failures, unit), expected, "failures {failures}, unit {unit}");
        }
    }

    #[test]
    fn is_jittered_within_the_upper_half_of_each_step() {
        let b = Backoff::default();
        for failures in 1..12 {
            let low = b.delay(failures, 0.0);
            let high = b.delay(failures, 1.0);
            assert_eq!(high, low * 2);
            let mid = b.delay(failures, 0.37);
            assert!(low < mid && mid < high, "{failures}: {low:?} {mid:?} {high:?}");
            let drawn = b.next(failures);
            assert!(low <= drawn && drawn <= high);
        }
        let draws: std::collections::HashSet<Duration> = (0..20).map(|_| b.next(6)).collect();
        assert!(draws.len() > 1, "two ward laptops must not wait exactly as long");
    }
}
