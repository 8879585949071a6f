//! The one text form of an instant that Xã Số stores and sends: RFC 3339 in UTC with
//! milliseconds and `Z` (`2026-12-07T05:30:00.123Z`). Fixed width, so stored times sort
//! as text in time order (queries compare them as strings), and the same on every device,
//! server and backend.

use chrono::{DateTime, SecondsFormat, Utc};

/// `t` as Xã Số stores it.
pub fn stored(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn stored_times_are_utc_with_milliseconds_and_sort_as_text() {
        let t = Utc.timestamp_millis_opt(1_765_085_400_007).unwrap();
        assert_eq!(stored(t), "2025-12-07T05:30:00.007Z");
        let whole_second = Utc.timestamp_millis_opt(1_765_085_401_000).unwrap();
        assert_eq!(stored(whole_second), "2025-12-07T05:30:01.000Z", "fixed width");
        assert!(stored(t) < stored(whole_second));
    }
}
