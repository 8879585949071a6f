//! Milestones of a task: who does what by when, shown on the task's timeline.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::{MilestoneId, TaskId};

/// A milestone as the UI sends it; `id` is `None` for a new one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MilestoneInput {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub task_id: String,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub id: Option<String>,
    pub title: String,
    pub responsible: String,
    pub unit: String,
    pub start_date: String,
    pub due_date: String,
    pub done: bool,
}

/// A milestone's validated fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneFields {
    pub title: String,
    pub responsible: String,
    pub unit: String,
    pub start_date: NaiveDate,
    pub due_date: NaiveDate,
    pub done: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub id: MilestoneId,
    pub task_id: TaskId,
    pub fields: MilestoneFields,
}

impl Milestone {
    /// Past its due date and not done, as of `today` (the caller's local date).
    pub fn overdue(&self, today: NaiveDate) -> bool {
        !self.fields.done && self.fields.due_date < today
    }

    /// Starts before the task's period or falls due after it (a period not given, or not
    /// given in full, bounds nothing on that side).
    pub fn outside(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> bool {
        from.is_some_and(|from| self.fields.start_date < from)
            || to.is_some_and(|to| self.fields.due_date > to)
    }

    /// Due within `days` from `today` and not done: time for a reminder.
    pub fn due_soon(&self, today: NaiveDate, days: i64) -> bool {
        !self.fields.done
            && self.fields.due_date >= today
            && (self.fields.due_date - today).num_days() <= days
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overdue_and_due_soon() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let mut m = Milestone {
            id: MilestoneId::new(),
            task_id: TaskId::new(),
            fields: MilestoneFields {
                title: "Khảo sát".into(),
                responsible: String::new(),
                unit: String::new(),
                start_date: d("2026-01-01"),
                due_date: d("2026-03-31"),
                done: false,
            },
        };
        // (today, overdue, due within 7 days)
        let cases = [
            ("2026-03-01", false, false),
            ("2026-03-25", false, true),
            ("2026-03-31", false, true),
            ("2026-04-01", true, false),
        ];
        for (today, overdue, soon) in cases {
            assert_eq!(m.overdue(d(today)), overdue, "{today}");
            assert_eq!(m.due_soon(d(today), 7), soon, "{today}");
        }
        m.fields.done = true;
        assert!(!m.overdue(d("2027-01-01")));
    }
}
