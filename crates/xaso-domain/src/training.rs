//! Training: programmes and sessions the city publishes, the bridge points (điểm cầu)
//! taking part, how a trainee attends, and quizzes — what they are and their rules
//! (validation of a session and of a quiz, scoring an attempt, reading a session time).
//!
//! Session times are typed and shown in the app's display zone (Ho Chi Minh City's by
//! default, [`DisplayZone`]) and stored in UTC, like every timestamp.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::text::Bilingual;
use crate::time::DisplayZone;
use crate::unit::UnitCode;
use crate::validate::FieldIssue;

/// How a session is held.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SessionFormat {
    /// At the city (hội trường), in person only.
    InPerson,
    /// Online only, followed from each bridge point.
    Online,
    /// In person at the city and online at the bridge points.
    #[default]
    Hybrid,
}

impl SessionFormat {
    pub const ALL: [SessionFormat; 3] =
        [SessionFormat::InPerson, SessionFormat::Online, SessionFormat::Hybrid];

    pub fn as_str(self) -> &'static str {
        match self {
            SessionFormat::InPerson => "in_person",
            SessionFormat::Online => "online",
            SessionFormat::Hybrid => "hybrid",
        }
    }

    pub fn parse(s: &str) -> Option<SessionFormat> {
        SessionFormat::ALL.into_iter().find(|f| f.as_str() == s)
    }

    pub fn label(self) -> Bilingual {
        match self {
            SessionFormat::InPerson => Bilingual::new("Trực tiếp", "In person"),
            SessionFormat::Online => Bilingual::new("Trực tuyến", "Online"),
            SessionFormat::Hybrid => Bilingual::new("Trực tiếp và trực tuyến", "Hybrid"),
        }
    }

    fn has_place(self) -> bool {
        self != SessionFormat::Online
    }

    fn has_link(self) -> bool {
        self != SessionFormat::InPerson
    }
}

/// How one trainee followed a session.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AttendanceMode {
    /// In the room (at the city, or at the unit's bridge point).
    #[default]
    InPerson,
    /// Online, from elsewhere.
    Online,
}

impl AttendanceMode {
    pub fn as_str(self) -> &'static str {
        match self {
            AttendanceMode::InPerson => "in_person",
            AttendanceMode::Online => "online",
        }
    }

    pub fn parse(s: &str) -> Option<AttendanceMode> {
        [AttendanceMode::InPerson, AttendanceMode::Online].into_iter().find(|m| m.as_str() == s)
    }

    pub fn label(self) -> Bilingual {
        match self {
            AttendanceMode::InPerson => Bilingual::new("Trực tiếp", "In person"),
            AttendanceMode::Online => Bilingual::new("Trực tuyến", "Online"),
        }
    }
}

/// The bridge points taking part in a session: every unit, or the ones listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BridgePoints {
    All,
    Some(BTreeSet<UnitCode>),
}

impl BridgePoints {
    /// As stored and synced: `all`, or the unit codes separated by commas.
    pub fn to_text(&self) -> String {
        match self {
            BridgePoints::All => "all".into(),
            BridgePoints::Some(units) => {
                units.iter().map(UnitCode::as_str).collect::<Vec<_>>().join(",")
            }
        }
    }

    /// The stored form back; codes that are not unit codes are dropped.
    pub fn from_text(s: &str) -> BridgePoints {
        if s.trim() == "all" {
            return BridgePoints::All;
        }
        BridgePoints::Some(s.split(',').filter_map(|c| UnitCode::parse(c.trim()).ok()).collect())
    }

    pub fn includes(&self, unit: &UnitCode) -> bool {
        match self {
            BridgePoints::All => true,
            BridgePoints::Some(units) => units.contains(unit),
        }
    }
}

/// A time typed in a form (`yyyy-mm-ddThh:mm`, in the display zone) as a UTC instant.
pub fn parse_local_time(s: &str, zone: &DisplayZone) -> Option<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%dT%H:%M").ok()?;
    zone.instant(naive)
}

/// A stored instant as a form shows it (`yyyy-mm-ddThh:mm`, in the display zone).
pub fn local_time_input(at: DateTime<Utc>, zone: &DisplayZone) -> String {
    zone.local(at).format("%Y-%m-%dT%H:%M").to_string()
}

/// A stored instant as people read it, in the display zone: `08:00 05/12/2026`.
pub fn local_time_display(at: DateTime<Utc>, zone: &DisplayZone) -> String {
    zone.local(at).format("%H:%M %d/%m/%Y").to_string()
}

/// A session as city staff fill it in (times as typed, the display zone's time).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SessionInput {
    pub title: String,
    pub topic: String,
    /// `yyyy-mm-ddThh:mm`, the display zone's time.
    pub starts_at: String,
    pub ends_at: String,
    pub format: SessionFormat,
    pub place: String,
    pub online_link: String,
    pub speakers: String,
    /// Every unit takes part; otherwise `bridge_points` lists them.
    pub all_units: bool,
    pub bridge_points: Vec<String>,
    pub description: String,
}

/// A session as stored: checked, times in UTC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionFields {
    pub title: String,
    pub topic: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub format: SessionFormat,
    pub place: String,
    pub online_link: String,
    pub speakers: String,
    pub bridge_points: BridgePoints,
    pub description: String,
}

/// Checks a session form; `Ok` only with no issue. `known_unit` says whether a code is
/// one of the 168 units.
pub fn session_input(
    input: &SessionInput,
    zone: &DisplayZone,
    known_unit: impl Fn(&UnitCode) -> bool,
) -> Result<SessionFields, Vec<FieldIssue>> {
    let mut issues = Vec::new();
    let mut require = |field: &'static str, value: &str, vi: &str, en: &str| {
        if value.trim().is_empty() {
            issues.push(FieldIssue::blocking(field, "required", Bilingual::new(vi, en)));
        }
    };
    require("title", &input.title, "Nhập tên buổi tập huấn.", "Enter the session's title.");
    require("topic", &input.topic, "Nhập chuyên đề.", "Enter the topic.");
    if input.format.has_place() {
        require("place", &input.place, "Nhập địa điểm tổ chức.", "Enter the place.");
    }
    if input.format.has_link() {
        require(
            "online_link",
            &input.online_link,
            "Nhập đường dẫn tham gia trực tuyến.",
            "Enter the link to join online.",
        );
    }
    let starts = parse_local_time(&input.starts_at, zone);
    let ends = parse_local_time(&input.ends_at, zone);
    let bad_time = |field: &'static str| {
        FieldIssue::blocking(
            field,
            "bad_time",
            Bilingual::new(
                "Nhập ngày giờ dạng dd/mm/yyyy hh:mm.",
                "Enter a date and time (dd/mm/yyyy hh:mm).",
            ),
        )
    };
    if starts.is_none() {
        issues.push(bad_time("starts_at"));
    }
    if ends.is_none() {
        issues.push(bad_time("ends_at"));
    }
    if let (Some(s), Some(e)) = (starts, ends)
        && e <= s
    {
        issues.push(FieldIssue::blocking(
            "ends_at",
            "ends_before_start",
            Bilingual::new(
                "Giờ kết thúc phải sau giờ bắt đầu.",
                "The session must end after it starts.",
            ),
        ));
    }
    let bridge_points = if input.all_units {
        BridgePoints::All
    } else {
        let mut units = BTreeSet::new();
        for code in &input.bridge_points {
            match UnitCode::parse(code.trim()) {
                Ok(u) if known_unit(&u) => {
                    units.insert(u);
                }
                _ => issues.push(FieldIssue::blocking(
                    "bridge_points",
                    "unknown_unit",
                    Bilingual::new(
                        format!("Không có đơn vị mã {code}."),
                        format!("There is no unit with code {code}."),
                    ),
                )),
            }
        }
        if units.is_empty() && input.bridge_points.is_empty() {
            issues.push(FieldIssue::blocking(
                "bridge_points",
                "required",
                Bilingual::new(
                    "Chọn các điểm cầu tham gia, hoặc tất cả đơn vị.",
                    "Choose the bridge points taking part, or every unit.",
                ),
            ));
        }
        BridgePoints::Some(units)
    };
    match (starts, ends) {
        (Some(starts_at), Some(ends_at)) if issues.is_empty() => Ok(SessionFields {
            title: input.title.trim().to_owned(),
            topic: input.topic.trim().to_owned(),
            starts_at,
            ends_at,
            format: input.format,
            place: input.place.trim().to_owned(),
            online_link: input.online_link.trim().to_owned(),
            speakers: input.speakers.trim().to_owned(),
            bridge_points,
            description: input.description.trim().to_owned(),
        }),
        _ => Err(issues),
    }
}

/// One quiz question.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Question {
    /// `None` for a new question.
    pub id: Option<String>,
    pub prompt: String,
    /// Several answers may be right (tick boxes); otherwise exactly one (a radio).
    pub multiple: bool,
    pub options: Vec<String>,
    /// Indexes into `options` of the right answers.
    pub correct: Vec<u32>,
}

/// Checks a quiz: every question has a prompt, at least two options and the right number
/// of right answers, all of them among its options. Each issue comes with the index of its
/// question, so that the editor shows it beside that question.
pub fn quiz_input(questions: &[Question]) -> Vec<(usize, FieldIssue)> {
    let mut issues = Vec::new();
    for (i, q) in questions.iter().enumerate() {
        let n = i + 1;
        let mut problem = |code: &'static str, vi: String, en: String| {
            issues.push((i, FieldIssue::blocking("questions", code, Bilingual::new(vi, en))));
        };
        if q.prompt.trim().is_empty() {
            problem(
                "required",
                format!("Câu {n}: nhập câu hỏi."),
                format!("Question {n}: enter the question."),
            );
        }
        let options = q.options.iter().filter(|o| !o.trim().is_empty()).count();
        if options < 2 || options != q.options.len() {
            problem(
                "options",
                format!("Câu {n}: cần ít nhất hai phương án, không để trống phương án nào."),
                format!("Question {n}: give at least two options, none of them empty."),
            );
        }
        let distinct: BTreeSet<u32> = q.correct.iter().copied().collect();
        if distinct.iter().any(|&c| c as usize >= q.options.len()) {
            problem(
                "correct",
                format!("Câu {n}: đáp án đúng phải là một trong các phương án."),
                format!("Question {n}: a right answer must be one of the options."),
            );
        } else if distinct.is_empty() || (!q.multiple && distinct.len() != 1) {
            problem(
                "correct",
                if q.multiple {
                    format!("Câu {n}: chọn ít nhất một đáp án đúng.")
                } else {
                    format!("Câu {n}: chọn đúng một đáp án đúng.")
                },
                if q.multiple {
                    format!("Question {n}: mark at least one right answer.")
                } else {
                    format!("Question {n}: mark exactly one right answer.")
                },
            );
        }
    }
    issues
}

/// A trainee's answer to one question: the options ticked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Answer {
    pub question_id: String,
    pub chosen: Vec<u32>,
}

/// An answer as scored and stored: right only if exactly the right options were ticked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoredAnswer {
    pub question_id: String,
    pub chosen: Vec<u32>,
    pub correct: bool,
}

/// The score of an attempt: one point per question answered exactly right; a question
/// left unanswered scores nothing. `(answers as scored, score, out of)`.
pub fn score(
    questions: &[(String, Vec<u32>)],
    answers: &[Answer],
) -> (Vec<ScoredAnswer>, u32, u32) {
    let mut scored = Vec::with_capacity(questions.len());
    let mut points = 0;
    for (id, right) in questions {
        let chosen: BTreeSet<u32> = answers
            .iter()
            .find(|a| &a.question_id == id)
            .map(|a| a.chosen.iter().copied().collect())
            .unwrap_or_default();
        let right: BTreeSet<u32> = right.iter().copied().collect();
        let correct = !chosen.is_empty() && chosen == right;
        points += u32::from(correct);
        scored.push(ScoredAnswer {
            question_id: id.clone(),
            chosen: chosen.into_iter().collect(),
            correct,
        });
    }
    let out_of = u32::try_from(questions.len()).unwrap_or(u32::MAX);
    (scored, points, out_of)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> SessionInput {
        SessionInput {
            title: "Xây dựng dự toán kinh phí nhiệm vụ KHCN".into(),
            topic: "Dự toán".into(),
            starts_at: "2026-12-05T08:00".into(),
            ends_at: "2026-12-05T11:30".into(),
            format: SessionFormat::Hybrid,
            place: "Hội trường Sở KHCN, 244 Điện Biên Phủ".into(),
            online_link: "https://meet.tphcm.gov.vn/khcn-05-12".into(),
            speakers: "TS. Nguyễn Văn A".into(),
            all_units: true,
            bridge_points: vec![],
            description: String::new(),
        }
    }

    fn known(_: &UnitCode) -> bool {
        true
    }

    #[test]
    fn a_session_is_stored_in_utc_from_the_display_zone() {
        let hcm = DisplayZone::default();
        let s = session_input(&form(), &hcm, known).unwrap();
        assert_eq!(s.starts_at.to_rfc3339(), "2026-12-05T01:00:00+00:00");
        assert_eq!(local_time_input(s.starts_at, &hcm), "2026-12-05T08:00");
        assert_eq!(local_time_display(s.ends_at, &hcm), "11:30 05/12/2026");
        assert_eq!(s.bridge_points, BridgePoints::All);

        // Configured for another zone, the same typed time is another instant.
        let utc = DisplayZone::parse("UTC").unwrap();
        let s = session_input(&form(), &utc, known).unwrap();
        assert_eq!(s.starts_at.to_rfc3339(), "2026-12-05T08:00:00+00:00");
        assert_eq!(local_time_display(s.starts_at, &hcm), "15:00 05/12/2026");
    }

    #[test]
    fn session_form_issues() {
        /// An edit of a good form, and the issue it must raise (`""`: none).
        type Case = (fn(&mut SessionInput), &'static str, &'static str);
        let cases: Vec<Case> = vec![
            (|f| f.title = " ".into(), "title", "required"),
            (|f| f.ends_at = "2026-12-05T07:00".into(), "ends_at", "ends_before_start"),
            (|f| f.starts_at = "05/12/2026".into(), "starts_at", "bad_time"),
            (|f| f.online_link.clear(), "online_link", "required"),
            (
                |f| {
                    f.format = SessionFormat::Online;
                    f.place.clear();
                },
                "",
                "",
            ),
            (
                |f| {
                    f.format = SessionFormat::InPerson;
                    f.online_link.clear();
                    f.place.clear();
                },
                "place",
                "required",
            ),
            (|f| f.all_units = false, "bridge_points", "required"),
            (
                |f| {
                    f.all_units = false;
                    f.bridge_points = vec!["26743".into(), "abc".into()];
                },
                "bridge_points",
                "unknown_unit",
            ),
        ];
        for (edit, field, code) in cases {
            let mut f = form();
            edit(&mut f);
            match session_input(&f, &DisplayZone::default(), known) {
                Ok(_) => assert_eq!(field, "", "{f:?} passed"),
                Err(issues) => assert!(
                    issues.iter().any(|i| i.field == field && i.code == code),
                    "{field}/{code} not in {issues:?}"
                ),
            }
        }
    }

    #[test]
    fn bridge_points_round_trip_as_text() {
        let some = BridgePoints::Some(
            ["27004", "26743"].iter().map(|c| UnitCode::parse(c).unwrap()).collect(),
        );
        assert_eq!(some.to_text(), "26743,27004");
        assert_eq!(BridgePoints::from_text("26743,27004"), some);
        assert_eq!(BridgePoints::from_text("all"), BridgePoints::All);
        assert!(some.includes(&UnitCode::parse("27004").unwrap()));
        assert!(!some.includes(&UnitCode::parse("26734").unwrap()));
    }

    fn q(multiple: bool, options: &[&str], correct: &[u32]) -> Question {
        Question {
            id: None,
            prompt: "Câu hỏi".into(),
            multiple,
            options: options.iter().map(|s| (*s).to_owned()).collect(),
            correct: correct.to_vec(),
        }
    }

    #[test]
    fn quiz_rules() {
        assert!(
            quiz_input(&[q(false, &["A", "B"], &[1]), q(true, &["A", "B", "C"], &[0, 2])])
                .is_empty()
        );
        let bad = [
            (q(false, &["A"], &[0]), "options"),
            (q(false, &["A", " "], &[0]), "options"),
            (q(false, &["A", "B"], &[0, 1]), "correct"),
            (q(true, &["A", "B"], &[]), "correct"),
            (q(false, &["A", "B"], &[2]), "correct"),
        ];
        for (question, code) in bad {
            let issues = quiz_input(std::slice::from_ref(&question));
            assert!(issues.iter().any(|(_, i)| i.code == code), "{question:?}: {issues:?}");
        }
        // Each issue names its question.
        let quiz = [q(false, &["A", "B"], &[1]), q(false, &["A", "B"], &[]), q(true, &["A"], &[0])];
        let at: Vec<usize> = quiz_input(&quiz).into_iter().map(|(i, _)| i).collect();
        assert_eq!(at, [1, 2]);
    }

    #[test]
    fn an_answer_is_right_only_with_exactly_the_right_options() {
        let questions = vec![
            ("q1".to_owned(), vec![1]),
            ("q2".to_owned(), vec![0, 2]),
            ("q3".to_owned(), vec![0]),
        ];
        let answers = vec![
            Answer { question_id: "q1".into(), chosen: vec![1] },
            Answer { question_id: "q2".into(), chosen: vec![0] },
        ];
        let (scored, points, out_of) = score(&questions, &answers);
        assert_eq!((points, out_of), (1, 3));
        assert_eq!(scored.iter().map(|s| s.correct).collect::<Vec<_>>(), [true, false, false]);
        let all = vec![
            Answer { question_id: "q1".into(), chosen: vec![1] },
            Answer { question_id: "q2".into(), chosen: vec![2, 0, 2] },
            Answer { question_id: "q3".into(), chosen: vec![0] },
        ];
        assert_eq!(score(&questions, &all).1, 3, "order and repeats do not matter");
    }
}
