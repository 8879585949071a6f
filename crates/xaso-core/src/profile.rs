//! First start and the person's settings: the unit search, the profile (unit, name,
//! role) and the language.

use xaso_domain::validate::{self};
use xaso_domain::{Bilingual, UnitCode};
use xaso_store::units;

use crate::api::*;
use crate::app::{App, META_LOCALE, set_profile};
use crate::error::ApiError;

impl App {
    /// Units of the bundled list (the 168 wards, communes and the special zone) for the
    /// first-start picker, sorted by name.
    pub fn units_search(&self, req: UnitSearch) -> Result<Vec<Unit>, ApiError> {
        self.with_session(|s| Ok(units::search(s.store.conn(), &req.query)?))
    }

    /// Sets who works on this laptop (at first start, or later): checks the name and unit,
    /// stores them with the declared role, and answers the new status. Invalid input is a
    /// `validation` error with the fields marked; nothing is stored. Enrolment later
    /// replaces all three with what the city granted.
    pub fn profile_set(&self, req: ProfileSet) -> Result<AppStatus, ApiError> {
        self.with_session(|s| {
            let name = req.display_name.trim();
            let mut issues = Vec::new();
            if name.is_empty() || name.chars().count() > validate::NAME_MAX_CHARS {
                issues.push(s.issue(
                    "display_name",
                    "required",
                    Bilingual::new(
                        "Nhập họ tên của bạn (tối đa 500 ký tự).",
                        "Enter your name (at most 500 characters).",
                    ),
                ));
            }
            // The city's staff work for the Department: they pick no ward.
            let unit = UnitCode::parse(&req.unit_code)
                .ok()
                .filter(|c| units::get(s.store.conn(), c).is_ok());
            let no_unit = req.role.is_city() && req.unit_code.trim().is_empty();
            if unit.is_none() && !no_unit {
                issues.push(s.issue(
                    "unit_code",
                    "unknown_unit",
                    Bilingual::new("Chọn đơn vị trong danh sách.", "Pick your unit from the list."),
                ));
            }
            // Every role may be declared here; until the device is enrolled with the city
            // server (which grants roles), a role is what this laptop's user says they are.
            if issues.is_empty() {
                set_profile(s, unit.as_ref(), name, req.role)?;
                Ok(())
            } else {
                Err(s.validation(issues).into())
            }
        })?;
        Ok(self.app_status())
    }

    /// Switches the language of the UI and of every message the core answers, and answers
    /// the status in it.
    pub fn locale_set(&self, req: LocaleSet) -> Result<AppStatus, ApiError> {
        self.with_session(|s| {
            s.store.meta().set(META_LOCALE, req.locale.as_str())?;
            s.locale = req.locale;
            Ok(())
        })?;
        Ok(self.app_status())
    }
}
