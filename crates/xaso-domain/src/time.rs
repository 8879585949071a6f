//! The one text form of an instant that Xã Số stores and sends: RFC 3339 in UTC with
//! milliseconds and `Z` (`2026-12-07T05:30:00.123Z`). Fixed width, so stored times sort
//! as text in time order (queries compare them as strings), and the same on every device,
//! server and backend.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, Utc};

/// `t` as Xã Số stores it.
pub fn stored(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The zone every time is typed and shown in, on every device alike, whatever the
/// machine's own zone: Asia/Ho_Chi_Minh unless the configuration says otherwise (an IANA
/// name). Times are still stored in UTC; this is only how people read and type them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayZone {
    name: String,
    tz: jiff::tz::TimeZone,
}

impl Default for DisplayZone {
    fn default() -> DisplayZone {
        DisplayZone::parse(DisplayZone::DEFAULT).unwrap_or_else(|_| DisplayZone {
            name: DisplayZone::DEFAULT.to_owned(),
            // The bundled database always has it; a fixed UTC+7 (Vietnam has no daylight
            // saving time) is the same zone should it not.
            tz: jiff::tz::TimeZone::fixed(jiff::tz::offset(7)),
        })
    }
}

impl DisplayZone {
    /// The zone of Ho Chi Minh City.
    pub const DEFAULT: &'static str = "Asia/Ho_Chi_Minh";

    /// The zone called `name` in the IANA database (`Asia/Ho_Chi_Minh`, `UTC`).
    pub fn parse(name: &str) -> Result<DisplayZone, String> {
        let name = name.trim();
        let tz = jiff::tz::TimeZone::get(name)
            .map_err(|e| format!("{name:?} is not a time zone of the IANA database ({e})"))?;
        Ok(DisplayZone { name: name.to_owned(), tz })
    }

    /// Its IANA name, as the UI's `Intl` takes it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The wall-clock time here of the instant `t`.
    pub fn local(&self, t: DateTime<Utc>) -> NaiveDateTime {
        let ts = jiff::Timestamp::from_millisecond(t.timestamp_millis())
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        let dt = ts.to_zoned(self.tz.clone()).datetime();
        let date = NaiveDate::from_ymd_opt(
            dt.year().into(),
            dt.month().unsigned_abs().into(),
            dt.day().unsigned_abs().into(),
        );
        let time = NaiveTime::from_hms_opt(
            dt.hour().unsigned_abs().into(),
            dt.minute().unsigned_abs().into(),
            dt.second().unsigned_abs().into(),
        );
        match (date, time) {
            (Some(d), Some(t)) => d.and_time(t),
            _ => t.naive_utc(),
        }
    }

    /// Today's date here (what "overdue" and a document's date go by).
    pub fn today(&self) -> NaiveDate {
        self.local(Utc::now()).date()
    }

    /// The instant of the wall-clock time `local` here; `None` when the clocks skip it or
    /// show it twice (a change of daylight saving time), where it names no one instant.
    pub fn instant(&self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        use chrono::{Datelike, Timelike};
        let dt = jiff::civil::DateTime::new(
            i16::try_from(local.year()).ok()?,
            i8::try_from(local.month()).ok()?,
            i8::try_from(local.day()).ok()?,
            i8::try_from(local.hour()).ok()?,
            i8::try_from(local.minute()).ok()?,
            i8::try_from(local.second()).ok()?,
            0,
        )
        .ok()?;
        let ts = self.tz.to_ambiguous_timestamp(dt).unambiguous().ok()?;
        DateTime::from_timestamp_millis(ts.as_millisecond())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_display_zone_is_ho_chi_minh_city_by_default_and_any_iana_zone_by_name() {
        let t = Utc.with_ymd_and_hms(2026, 12, 10, 1, 30, 0).unwrap();
        let hcm = DisplayZone::default();
        assert_eq!(hcm.name(), "Asia/Ho_Chi_Minh");
        assert_eq!(hcm.local(t).to_string(), "2026-12-10 08:30:00");
        assert_eq!(hcm.instant(hcm.local(t)), Some(t));

        let paris = DisplayZone::parse("Europe/Paris").unwrap();
        assert_eq!(paris.local(t).to_string(), "2026-12-10 02:30:00", "winter: UTC+1");
        let summer = Utc.with_ymd_and_hms(2026, 7, 1, 10, 0, 0).unwrap();
        assert_eq!(paris.local(summer).to_string(), "2026-07-01 12:00:00", "summer: UTC+2");
        // 29 March 2026, 02:30 does not exist in Paris (the clocks go from 02:00 to 03:00).
        let skipped = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap().and_hms_opt(2, 30, 0).unwrap();
        assert_eq!(paris.instant(skipped), None);

        assert!(DisplayZone::parse("Asia/Sai_Gon_Moi").is_err());
        assert!(DisplayZone::parse("").is_err());
    }

    #[test]
    fn stored_times_are_utc_with_milliseconds_and_sort_as_text() {
        let t = Utc.timestamp_millis_opt(1_765_085_400_007).unwrap();
        assert_eq!(stored(t), "2025-12-07T05:30:00.007Z");
        let whole_second = Utc.timestamp_millis_opt(1_765_085_401_000).unwrap();
        assert_eq!(stored(whole_second), "2025-12-07T05:30:01.000Z", "fixed width");
        assert!(stored(t) < stored(whole_second));
    }
}
