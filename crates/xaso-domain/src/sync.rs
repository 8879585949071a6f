//! The rules of sync that client and server must agree on: which tables sync, in which
//! partition, which of their fields exist, what a city reviewer may change, and which of
//! two concurrent edits wins.
//!
//! The server checks every pushed change against [`SyncedTable`]; the client applies every
//! pulled change only to a table and columns listed here. Adding a synced table or column
//! is a client migration plus a line here (the wire protocol does not change). A laptop of
//! an older version skips the changes of a table it does not have yet, and its cursor
//! passes them: after its upgrade it does not receive them again (known gap, written in
//! ARCHITECTURE.md under "Sync client").

use crate::task::Role;
use crate::{DeviceId, Hlc};

/// Whose rows a table holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartitionKind {
    /// One unit's own data (`unit:<code>`): its tasks, estimates, plans.
    Unit,
    /// The city's shared data (`city`): norms, training; read-only for units.
    City,
}

/// What a synced field holds, as it travels (JSON) and as both ends store it. The server
/// refuses every value outside its kind (`xaso_proto::schema` checks it), so whatever
/// it accepts, every replica can store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// The id of a row (a UUID, canonical lower-case text).
    Id,
    /// Text of at most this many characters.
    Text(usize),
    /// One of these words.
    Enum(&'static [&'static str]),
    /// A whole number in this range (JSON number without a fraction).
    Int { min: i64, max: i64 },
    /// Yes or no: `0`/`1` or `false`/`true`.
    Flag,
    /// A calendar date, `yyyy-mm-dd`.
    Date,
    /// An instant, RFC 3339 in UTC (`…Z`).
    Time,
    /// A unit's five-digit code.
    Unit,
    /// The bridge points of a session: `all`, or unit codes separated by commas.
    Units,
    /// A file's SHA-256, 64 lower-case hex digits.
    Sha256,
    /// A reporting period's key: `2026`, `2026-Q3`, `2026-07` (`kpi::Period::key`).
    Period,
    /// Text that is itself JSON (a quiz's options, the answers of an attempt), at most
    /// this many characters.
    JsonText(usize),
}

/// One field of a synced table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub kind: FieldKind,
    /// Whether `null` is a value of it.
    pub nullable: bool,
    /// Whether a new row may leave it out (the client stores its default: `0`, `''`,
    /// the creation time, `null`).
    pub optional: bool,
    /// What a person calls it (conflicts, refusals, exports): never the column's name.
    pub label: Label,
}

/// A name for people, in Vietnamese and English. Every synced table and field has one,
/// given where the table is listed, so a new table cannot ship without its labels; the
/// UI's copy (`ui/src/lib/api/labels.ts`) is generated from them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label {
    pub vi: &'static str,
    pub en: &'static str,
}

impl Label {
    pub const fn new(vi: &'static str, en: &'static str) -> Label {
        Label { vi, en }
    }

    pub fn get(self, locale: crate::Locale) -> &'static str {
        match locale {
            crate::Locale::Vi => self.vi,
            crate::Locale::En => self.en,
        }
    }
}

const fn f(name: &'static str, kind: FieldKind, vi: &'static str, en: &'static str) -> Field {
    Field { name, kind, nullable: false, optional: false, label: Label::new(vi, en) }
}

/// A field that may be `null` (and so may be left out of a new row).
const fn null(name: &'static str, kind: FieldKind, vi: &'static str, en: &'static str) -> Field {
    Field { name, kind, nullable: true, optional: true, label: Label::new(vi, en) }
}

/// A field a new row may leave out; never `null`.
const fn opt(name: &'static str, kind: FieldKind, vi: &'static str, en: &'static str) -> Field {
    Field { name, kind, nullable: false, optional: true, label: Label::new(vi, en) }
}

/// The longest names and titles; the longest texts (as the forms allow them).
const NAME: FieldKind = FieldKind::Text(crate::validate::NAME_MAX_CHARS);
const LONG: FieldKind = FieldKind::Text(crate::validate::TEXT_MAX_CHARS);
const YEAR: FieldKind = FieldKind::Int {
    min: *crate::validate::YEAR_RANGE.start() as i64,
    max: *crate::validate::YEAR_RANGE.end() as i64,
};
const MONEY: FieldKind = FieldKind::Int { min: 0, max: crate::Money::MAX.dong() };
/// A `Scaled` quantity (four decimals in an integer).
const SCALED: FieldKind = FieldKind::Int { min: 0, max: crate::norm::Scaled::MAX.raw() };
/// A position in a list (lines of an estimate, questions of a quiz).
/// A KPI target, in hundredths of its display unit (`xaso_domain::kpi::Indicator`).
const TARGET: FieldKind = FieldKind::Int { min: 0, max: crate::Money::MAX.dong() };
const POSITION: FieldKind = FieldKind::Int { min: 0, max: 100_000 };
const DELETED: Field = opt("deleted", FieldKind::Flag, "Đã xóa", "Deleted");

pub const TASK_KINDS: &[&str] = &["khcn", "dmst", "cds"];
pub const TASK_STATUSES: &[&str] = &[
    "draft",
    "submitted",
    "returned",
    "approved",
    "contracted",
    "in_progress",
    "midterm_checked",
    "accepted",
    "rejected_at_acceptance",
    "settled",
    "suspended",
    "cancelled",
];
pub const ESTIMATE_STATUSES: &[&str] = &["draft", "submitted", "returned", "approved"];
pub const LINE_GROUPS: &[&str] = &["labour", "materials", "equipment", "other"];
pub const LABOUR_ROLES: &[&str] =
    &["chu_nhiem", "thanh_vien_chinh", "thu_ky_khoa_hoc", "thanh_vien", "ky_thuat_vien"];
pub const NORM_KINDS: &[&str] = &["cap", "coefficient", "ratio", "target"];
pub const SESSION_FORMATS: &[&str] = &["in_person", "online", "hybrid"];
pub const KPI_FIELDS: &[&str] = &["khcn", "dmst", "cds", "all"];
pub const KPI_MEASURES: &[&str] = &["count", "percent", "amount", "yes_no"];
pub const KPI_AGGREGATIONS: &[&str] = &["sum", "ratio_of_sums", "mean", "share_yes"];
pub const KPI_PERIODS: &[&str] = &["month", "quarter", "year"];
pub const KPI_DIRECTIONS: &[&str] = &["higher", "lower"];
pub const ATTENDANCE_MODES: &[&str] = &["in_person", "online"];
pub const REPORT_STATUSES: &[&str] = &["draft", "signed", "submitted", "returned", "accepted"];
/// Where a reported value came from: typed by the official, or the app's proposal taken.
pub const VALUE_SOURCES: &[&str] = &["typed", "app"];
/// A reported count, amount, numerator or denominator.
const KPI_NUMBER: FieldKind = FieldKind::Int { min: 0, max: crate::Money::MAX.dong() };

/// One table that syncs, field by field.
#[derive(Debug)]
pub struct SyncedTable {
    pub name: &'static str,
    /// What a person calls a row of it.
    pub label: Label,
    pub partition: PartitionKind,
    /// The columns a change may set (besides `*`, the whole new row), with what each
    /// holds. `id`, `version` and local bookkeeping are not fields.
    pub fields: &'static [Field],
    /// The fields a city reviewer may change in a unit's row (review only).
    pub review_fields: &'static [&'static str],
    /// Whether a city reviewer may create rows of this table in a unit's partition (the
    /// transition record of a review decision).
    pub reviewer_creates: bool,
    /// Fields the server writes itself, from the session: who did it (and when, for a
    /// step of history or the resolution of a conflict). Whatever a laptop sends there is
    /// replaced, so no replica shows another person as the author of what a unit did.
    pub stamped: &'static [(&'static str, Stamped)],
}

/// What the server writes into a [`SyncedTable::stamped`] field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stamped {
    /// The display name of the account that pushed the change.
    Actor,
    /// The change's clock, as the server bounded it (RFC 3339 UTC).
    Time,
}

impl SyncedTable {
    pub fn has_field(&self, field: &str) -> bool {
        self.field(field).is_some()
    }

    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    pub fn field_names(&self) -> impl Iterator<Item = &'static str> {
        self.fields.iter().map(|f| f.name)
    }

    /// What the server writes into `field`, if it is stamped.
    pub fn stamp_of(&self, field: &str) -> Option<Stamped> {
        self.stamped.iter().find(|(name, _)| *name == field).map(|(_, s)| *s)
    }
}

/// How far ahead of the server's clock an op's HLC may run. An op stamped later than
/// that is stored with the server's clock instead (it arrived now, and a laptop whose
/// clock runs fast must not win every concurrent edit until real time catches up).
/// Ten minutes lets the drift of a laptop that has not seen a time server for a month
/// through unchanged; a wrong time zone or date (hours, days) is not.
pub const MAX_CLOCK_AHEAD_MS: u64 = 10 * 60 * 1000;
/// The earliest HLC wall time a change may carry: 2024-01-01T00:00:00Z, before Xã Số
/// existed. An earlier one is a clock that was never set (or a forged one).
pub const MIN_CLOCK_MS: u64 = 1_704_067_200_000;
/// The largest a pushed value, or a whole new row, may be as JSON text. The longest
/// form text is 20 000 characters (up to 80 kB in UTF-8); a quiz attempt's answers
/// are the largest row the app writes.
pub const MAX_ROW_BYTES: usize = 256 * 1024;

/// The conflict records the server writes when two edits of one field collide. They are
/// rows of the partition of the row in conflict, so every replica of it sees them; marking
/// one resolved is a change like any other.
pub const CONFLICTS: &str = "conflicts";

use FieldKind::*;

pub static SYNCED_TABLES: &[SyncedTable] = &[
    SyncedTable {
        name: "tasks",
        label: Label::new("Nhiệm vụ", "Task"),
        partition: PartitionKind::Unit,
        fields: &[
            f("unit_code", Unit, "Đơn vị", "Unit"),
            f("kind", Enum(TASK_KINDS), "Nhóm nhiệm vụ", "Kind"),
            f("status", Enum(TASK_STATUSES), "Trạng thái", "Status"),
            f("year", YEAR, "Năm kế hoạch", "Plan year"),
            f("name", NAME, "Tên nhiệm vụ", "Task name"),
            opt("field", NAME, "Lĩnh vực", "Field"),
            opt("task_type", NAME, "Loại hình", "Type"),
            opt("basis", LONG, "Căn cứ đề xuất", "Basis of the proposal"),
            opt("urgency", LONG, "Tính cấp thiết", "Urgency"),
            opt("objectives", LONG, "Mục tiêu", "Objectives"),
            opt("contents", LONG, "Nội dung chính", "Main contents"),
            opt("expected_results", LONG, "Kết quả dự kiến", "Expected results"),
            opt("impact", LONG, "Tác động / khả năng ứng dụng", "Impact / applicability"),
            opt("cost_state", MONEY, "Ngân sách nhà nước", "State budget"),
            opt("cost_own", MONEY, "Nguồn tự có", "Own funds"),
            opt("cost_other", MONEY, "Nguồn khác", "Other sources"),
            null("start_date", Date, "Từ ngày", "From"),
            null("end_date", Date, "Đến ngày", "To"),
            opt("host_unit", NAME, "Đơn vị chủ trì", "Host unit"),
            opt("leader", NAME, "Chủ nhiệm nhiệm vụ", "Task leader"),
            opt(
                "results_usage",
                LONG,
                "Phương thức sử dụng kết quả",
                "How the results will be used",
            ),
            f("created_at", Time, "Ngày tạo", "Created"),
            opt("created_by", NAME, "Người tạo", "Created by"),
            opt("updated_at", Time, "Cập nhật", "Updated"),
            DELETED,
        ],
        review_fields: &["status"],
        reviewer_creates: false,
        stamped: &[("created_by", Stamped::Actor)],
    },
    SyncedTable {
        name: "task_transitions",
        label: Label::new("Lịch sử nhiệm vụ", "Task history"),
        partition: PartitionKind::Unit,
        fields: &[
            f("task_id", Id, "Nhiệm vụ", "Task"),
            null("from_status", Enum(TASK_STATUSES), "Từ trạng thái", "From status"),
            f("to_status", Enum(TASK_STATUSES), "Sang trạng thái", "To status"),
            opt("actor", NAME, "Người thực hiện", "By"),
            opt("at", Time, "Thời điểm", "At"),
            opt("comment", LONG, "Ý kiến", "Comment"),
        ],
        review_fields: &[],
        reviewer_creates: true,
        stamped: &[("actor", Stamped::Actor), ("at", Stamped::Time)],
    },
    SyncedTable {
        name: "milestones",
        label: Label::new("Mốc tiến độ", "Milestone"),
        partition: PartitionKind::Unit,
        fields: &[
            f("task_id", Id, "Nhiệm vụ", "Task"),
            f("title", NAME, "Công việc", "Work item"),
            opt("responsible", NAME, "Người phụ trách", "Responsible"),
            opt("unit", NAME, "Đơn vị", "Unit"),
            f("start_date", Date, "Bắt đầu", "Start"),
            f("due_date", Date, "Hạn hoàn thành", "Due"),
            opt("done", Flag, "Xong", "Done"),
            f("created_at", Time, "Ngày tạo", "Created"),
            opt("updated_at", Time, "Cập nhật", "Updated"),
            DELETED,
        ],
        review_fields: &[],
        reviewer_creates: false,
        stamped: &[],
    },
    SyncedTable {
        name: "norms",
        label: Label::new("Định mức", "Norm"),
        partition: PartitionKind::City,
        fields: &[
            f("code", FieldKind::Text(100), "Mã định mức", "Norm code"),
            opt("description", LONG, "Nội dung", "Description"),
            f("value", SCALED, "Mức", "Value"),
            opt("unit", NAME, "Đơn vị tính", "Unit of measure"),
            f("kind", Enum(NORM_KINDS), "Loại định mức", "Kind of norm"),
            opt("legal_basis", LONG, "Căn cứ pháp lý", "Legal basis"),
            null("effective_from", Date, "Hiệu lực từ", "Effective from"),
            null("effective_to", Date, "Hiệu lực đến", "Effective until"),
            opt("verified", Flag, "Đã đối chiếu văn bản", "Checked against the text"),
            DELETED,
        ],
        review_fields: &[],
        reviewer_creates: false,
        stamped: &[],
    },
    SyncedTable {
        name: "indicators",
        label: Label::new("Chỉ tiêu", "Indicator"),
        partition: PartitionKind::City,
        fields: &[
            f("code", FieldKind::Text(100), "Mã chỉ tiêu", "Indicator code"),
            f("name_vi", LONG, "Tên chỉ tiêu", "Name (Vietnamese)"),
            opt("name_en", LONG, "Tên tiếng Anh", "Name (English)"),
            f("field", Enum(KPI_FIELDS), "Lĩnh vực", "Field"),
            f("measure", Enum(KPI_MEASURES), "Loại số liệu", "Measure"),
            f("aggregation", Enum(KPI_AGGREGATIONS), "Cách tổng hợp", "Roll-up"),
            f("period", Enum(KPI_PERIODS), "Kỳ báo cáo", "Period"),
            f("direction", Enum(KPI_DIRECTIONS), "Chiều tốt", "Better when"),
            null("target", TARGET, "Chỉ tiêu của thành phố", "City target"),
            opt(
                "from_app_data",
                LONG,
                "Đề xuất từ dữ liệu của ứng dụng",
                "Proposed from the app's data",
            ),
            opt("source", LONG, "Nguồn, căn cứ", "Source, legal basis"),
            null("effective_from", Date, "Hiệu lực từ", "Effective from"),
            null("effective_to", Date, "Hiệu lực đến", "Effective until"),
            opt("verified", Flag, "Đã đối chiếu văn bản", "Checked against the text"),
            DELETED,
        ],
        review_fields: &[],
        reviewer_creates: false,
        stamped: &[],
    },
    SyncedTable {
        name: "report_forms",
        label: Label::new("Mẫu báo cáo", "Report form"),
        partition: PartitionKind::City,
        fields: &[
            f("code", FieldKind::Text(100), "Mã mẫu báo cáo", "Form code"),
            f("name_vi", NAME, "Tên báo cáo", "Report name"),
            opt("name_en", NAME, "Tên tiếng Anh", "Name (English)"),
            f("period", Enum(KPI_PERIODS), "Kỳ báo cáo", "Period"),
            f(
                "due_days",
                FieldKind::Int { min: 0, max: crate::report::MAX_DUE_DAYS as i64 },
                "Hạn nộp (số ngày sau kỳ)",
                "Due (days after the period)",
            ),
            opt(
                "sections",
                FieldKind::JsonText(crate::validate::TEXT_MAX_CHARS),
                "Các phần",
                "Sections",
            ),
            opt(
                "indicators",
                FieldKind::JsonText(crate::validate::TEXT_MAX_CHARS),
                "Chỉ tiêu",
                "Indicators",
            ),
            DELETED,
        ],
        review_fields: &[],
        reviewer_creates: false,
        stamped: &[],
    },
    SyncedTable {
        name: "reports",
        label: Label::new("Báo cáo", "Report"),
        partition: PartitionKind::Unit,
        fields: &[
            f("unit_code", Unit, "Đơn vị", "Unit"),
            f("form_code", FieldKind::Text(100), "Mẫu báo cáo", "Report form"),
            f("period", Period, "Kỳ báo cáo", "Period"),
            f("version_no", FieldKind::Int { min: 1, max: 1_000 }, "Lần báo cáo", "Version"),
            f("status", Enum(REPORT_STATUSES), "Trạng thái", "Status"),
            null("based_on", Id, "Sửa từ lần", "Correction of"),
            opt(
                "narrative",
                FieldKind::JsonText(crate::validate::TEXT_MAX_CHARS * 4),
                "Nội dung các phần",
                "Sections' text",
            ),
            opt(
                "section_comments",
                FieldKind::JsonText(crate::validate::TEXT_MAX_CHARS),
                "Ý kiến của Sở về các phần",
                "The city's comments on sections",
            ),
            opt("review_comment", LONG, "Ý kiến của Sở", "The city's comment"),
            opt("signed_by", NAME, "Người ký duyệt", "Signed off by"),
            null("submitted_at", Time, "Ngày gửi", "Submitted"),
            f("created_at", Time, "Ngày tạo", "Created"),
            opt("updated_at", Time, "Cập nhật", "Updated"),
            DELETED,
        ],
        review_fields: &["status", "review_comment", "section_comments"],
        reviewer_creates: false,
        stamped: &[("signed_by", Stamped::Actor)],
    },
    SyncedTable {
        name: "report_values",
        label: Label::new("Số liệu báo cáo", "Reported value"),
        partition: PartitionKind::Unit,
        fields: &[
            f("report_id", Id, "Báo cáo", "Report"),
            f("indicator_code", FieldKind::Text(100), "Chỉ tiêu", "Indicator"),
            null("value", KPI_NUMBER, "Giá trị / tử số", "Value / numerator"),
            null("denominator", KPI_NUMBER, "Mẫu số", "Denominator"),
            opt("source", Enum(VALUE_SOURCES), "Nguồn số liệu", "Source of the value"),
            opt("note", LONG, "Ghi chú", "Note"),
            opt("review_comment", LONG, "Ý kiến của Sở", "The city's comment"),
            DELETED,
        ],
        review_fields: &["review_comment"],
        reviewer_creates: false,
        stamped: &[],
    },
    SyncedTable {
        name: "estimates",
        label: Label::new("Dự toán", "Estimate"),
        partition: PartitionKind::Unit,
        fields: &[
            f("task_id", Id, "Nhiệm vụ", "Task"),
            f("year", YEAR, "Năm", "Year"),
            f("version_no", FieldKind::Int { min: 1, max: 10_000 }, "Phiên bản", "Version"),
            f("status", Enum(ESTIMATE_STATUSES), "Trạng thái", "Status"),
            opt("leader_rate", MONEY, "Mức chủ nhiệm", "Leader rate"),
            f("estimate_date", Date, "Ngày lập", "Date"),
            null("based_on", Id, "Lập từ phiên bản", "Based on"),
            opt("review_comment", LONG, "Ý kiến thẩm định", "Review comment"),
            f("created_at", Time, "Ngày tạo", "Created"),
            opt("updated_at", Time, "Cập nhật", "Updated"),
            DELETED,
        ],
        review_fields: &["status", "review_comment"],
        reviewer_creates: false,
        stamped: &[],
    },
    SyncedTable {
        name: "estimate_people",
        label: Label::new("Nhân lực dự toán", "Estimate person"),
        partition: PartitionKind::Unit,
        fields: &[
            f("estimate_id", Id, "Dự toán", "Estimate"),
            opt("position", POSITION, "Thứ tự", "Position"),
            opt("name", NAME, "Họ tên", "Name"),
            f("role", Enum(LABOUR_ROLES), "Chức danh", "Role"),
            opt("months", SCALED, "Số tháng công", "Months"),
            DELETED,
        ],
        review_fields: &[],
        reviewer_creates: false,
        stamped: &[],
    },
    SyncedTable {
        name: "estimate_lines",
        label: Label::new("Dòng dự toán", "Estimate line"),
        partition: PartitionKind::Unit,
        fields: &[
            f("estimate_id", Id, "Dự toán", "Estimate"),
            opt("position", POSITION, "Thứ tự", "Position"),
            f("grp", Enum(LINE_GROUPS), "Nhóm chi", "Group"),
            opt("content", LONG, "Nội dung chi", "Content"),
            opt("unit", NAME, "Đơn vị tính", "Unit of measure"),
            opt("quantity", SCALED, "Số lượng", "Quantity"),
            opt("unit_price", MONEY, "Đơn giá", "Unit price"),
            opt("own", MONEY, "Kinh phí tự có", "Own funds"),
            opt("other", MONEY, "Kinh phí khác", "Other funds"),
            opt("note", LONG, "Ghi chú", "Note"),
            null("norm_code", FieldKind::Text(100), "Định mức áp dụng", "Norm applied"),
            opt("review_comment", LONG, "Ý kiến thẩm định", "Review comment"),
            null("copied_from", Id, "Sao từ dòng", "Copied from"),
            DELETED,
        ],
        review_fields: &["review_comment"],
        reviewer_creates: false,
        stamped: &[],
    },
    SyncedTable {
        name: "unit_plans",
        label: Label::new("Kế hoạch năm", "Yearly plan"),
        partition: PartitionKind::Unit,
        fields: &[
            f("unit_code", Unit, "Đơn vị", "Unit"),
            f("year", YEAR, "Năm", "Year"),
            opt("annual_spending", MONEY, "Chi thường xuyên cả năm", "Annual spending"),
            DELETED,
        ],
        review_fields: &[],
        reviewer_creates: false,
        stamped: &[],
    },
    SyncedTable {
        name: "training_programmes",
        label: Label::new("Chương trình tập huấn", "Training programme"),
        partition: PartitionKind::City,
        fields: &[
            f("title", NAME, "Tiêu đề", "Title"),
            opt("description", LONG, "Mô tả", "Description"),
            f("created_at", Time, "Ngày tạo", "Created"),
            opt("updated_at", Time, "Cập nhật", "Updated"),
            DELETED,
        ],
        review_fields: &[],
        reviewer_creates: false,
        stamped: &[],
    },
    SyncedTable {
        name: "training_sessions",
        label: Label::new("Buổi tập huấn", "Training session"),
        partition: PartitionKind::City,
        fields: &[
            f("programme_id", Id, "Chương trình", "Programme"),
            f("title", NAME, "Tiêu đề", "Title"),
            opt("topic", NAME, "Chủ đề", "Topic"),
            f("starts_at", Time, "Bắt đầu", "Starts"),
            f("ends_at", Time, "Kết thúc", "Ends"),
            f("format", Enum(SESSION_FORMATS), "Hình thức", "Format"),
            opt("place", NAME, "Địa điểm", "Place"),
            opt("online_link", FieldKind::Text(2_000), "Đường dẫn trực tuyến", "Online link"),
            opt("speakers", LONG, "Báo cáo viên", "Speakers"),
            opt("bridge_points", Units, "Điểm cầu", "Bridge points"),
            opt("description", LONG, "Mô tả", "Description"),
            f("created_at", Time, "Ngày tạo", "Created"),
            opt("updated_at", Time, "Cập nhật", "Updated"),
            DELETED,
        ],
        review_fields: &[],
        reviewer_creates: false,
        stamped: &[],
    },
    SyncedTable {
        name: "materials",
        label: Label::new("Tài liệu", "Material"),
        partition: PartitionKind::City,
        fields: &[
            f("programme_id", Id, "Chương trình", "Programme"),
            null("session_id", Id, "Buổi tập huấn", "Session"),
            opt("topic", NAME, "Chủ đề", "Topic"),
            f("title", NAME, "Tiêu đề", "Title"),
            opt("description", LONG, "Mô tả", "Description"),
            f("file_name", NAME, "Tên tệp", "File name"),
            opt("media_type", FieldKind::Text(200), "Loại tệp", "File type"),
            f("size", FieldKind::Int { min: 0, max: 1 << 40 }, "Dung lượng", "Size"),
            f("sha256", Sha256, "Mã băm SHA-256", "SHA-256"),
            f("created_at", Time, "Ngày tạo", "Created"),
            opt("updated_at", Time, "Cập nhật", "Updated"),
            DELETED,
        ],
        review_fields: &[],
        reviewer_creates: false,
        stamped: &[],
    },
    SyncedTable {
        name: "quiz_questions",
        label: Label::new("Câu hỏi kiểm tra", "Quiz question"),
        partition: PartitionKind::City,
        fields: &[
            f("session_id", Id, "Buổi tập huấn", "Session"),
            opt("position", POSITION, "Thứ tự", "Position"),
            f("prompt", LONG, "Câu hỏi", "Question"),
            opt("multiple", Flag, "Nhiều đáp án", "Several answers"),
            f("options", JsonText(50_000), "Các phương án", "Options"),
            f("correct", JsonText(5_000), "Đáp án đúng", "Correct answers"),
            DELETED,
        ],
        review_fields: &[],
        reviewer_creates: false,
        stamped: &[],
    },
    SyncedTable {
        name: "trainees",
        label: Label::new("Học viên", "Trainee"),
        partition: PartitionKind::Unit,
        fields: &[
            f("unit_code", Unit, "Đơn vị", "Unit"),
            f("full_name", NAME, "Họ tên", "Full name"),
            opt("position", NAME, "Chức vụ", "Position"),
            f("created_at", Time, "Ngày tạo", "Created"),
            DELETED,
        ],
        review_fields: &[],
        reviewer_creates: false,
        stamped: &[],
    },
    SyncedTable {
        name: "attendance",
        label: Label::new("Điểm danh", "Attendance"),
        partition: PartitionKind::Unit,
        fields: &[
            f("session_id", Id, "Buổi tập huấn", "Session"),
            f("unit_code", Unit, "Đơn vị", "Unit"),
            f("trainee_id", Id, "Học viên", "Trainee"),
            f("trainee_name", NAME, "Tên học viên", "Trainee name"),
            f("mode", Enum(ATTENDANCE_MODES), "Hình thức tham dự", "Attended"),
            f("checked_in_at", Time, "Giờ điểm danh", "Checked in at"),
            opt("checked_in_by", NAME, "Người điểm danh", "Checked in by"),
            DELETED,
        ],
        review_fields: &[],
        reviewer_creates: false,
        stamped: &[("checked_in_by", Stamped::Actor)],
    },
    SyncedTable {
        name: "quiz_attempts",
        label: Label::new("Bài kiểm tra", "Quiz attempt"),
        partition: PartitionKind::Unit,
        fields: &[
            f("session_id", Id, "Buổi tập huấn", "Session"),
            f("unit_code", Unit, "Đơn vị", "Unit"),
            f("trainee_id", Id, "Học viên", "Trainee"),
            f("trainee_name", NAME, "Tên học viên", "Trainee name"),
            f("answers", JsonText(100_000), "Câu trả lời", "Answers"),
            f("score", FieldKind::Int { min: 0, max: 10_000 }, "Điểm", "Score"),
            f("out_of", FieldKind::Int { min: 0, max: 10_000 }, "Điểm tối đa", "Out of"),
            f("answered_at", Time, "Thời điểm nộp", "Submitted at"),
            DELETED,
        ],
        review_fields: &[],
        reviewer_creates: false,
        stamped: &[],
    },
    SyncedTable {
        name: "material_openings",
        label: Label::new("Lượt mở tài liệu", "Material opening"),
        partition: PartitionKind::Unit,
        fields: &[
            f("material_id", Id, "Tài liệu", "Material"),
            f("unit_code", Unit, "Đơn vị", "Unit"),
            opt("person", NAME, "Người mở", "Opened by"),
            f("opened_at", Time, "Thời điểm mở", "Opened at"),
            DELETED,
        ],
        review_fields: &[],
        reviewer_creates: false,
        stamped: &[],
    },
    SyncedTable {
        name: CONFLICTS,
        label: Label::new("Xung đột", "Conflict"),
        // Conflicts live in the partition of the row in conflict (unit or city).
        partition: PartitionKind::Unit,
        fields: &[
            f("tbl", FieldKind::Text(64), "Bảng", "Table"),
            f("row_id", Id, "Dòng", "Row"),
            f("field", FieldKind::Text(64), "Trường", "Field"),
            f("kept_value", FieldKind::Text(MAX_ROW_BYTES), "Giá trị được giữ", "Kept value"),
            f("kept_actor", NAME, "Người sửa (được giữ)", "Kept edit by"),
            f("kept_at", Time, "Thời điểm (được giữ)", "Kept edit at"),
            f("other_value", FieldKind::Text(MAX_ROW_BYTES), "Giá trị kia", "Other value"),
            f("other_actor", NAME, "Người sửa (kia)", "Other edit by"),
            f("other_at", Time, "Thời điểm (kia)", "Other edit at"),
            f("detected_at", Time, "Phát hiện lúc", "Detected at"),
            opt("resolved", Flag, "Đã xử lý", "Resolved"),
            null("resolved_by", NAME, "Người xử lý", "Resolved by"),
            null("resolved_at", Time, "Xử lý lúc", "Resolved at"),
        ],
        review_fields: &["resolved", "resolved_by", "resolved_at"],
        reviewer_creates: false,
        stamped: &[("resolved_by", Stamped::Actor), ("resolved_at", Stamped::Time)],
    },
];

/// What a person calls `field` of `table` (`*`: the whole row), if both are synced.
pub fn field_label(table: &str, field: &str) -> Option<Label> {
    if field == "*" {
        return synced_table(table).map(|_| Label::new("Toàn bộ dòng", "Whole row"));
    }
    synced_table(table)?.field(field).map(|f| f.label)
}

/// The synced table called `name`, if there is one.
pub fn synced_table(name: &str) -> Option<&'static SyncedTable> {
    SYNCED_TABLES.iter().find(|t| t.name == name)
}

/// Who wrote a value: the tie-break of concurrent edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stamp {
    pub hlc: Hlc,
    pub device: DeviceId,
}

/// Of two concurrent edits of one field, the one every replica keeps: the later HLC, then
/// the greater device id. A total order, so the outcome does not depend on which edit
/// reached the server first.
pub fn winner(a: Stamp, b: Stamp) -> Stamp {
    a.max(b)
}

/// Whether a role may write rows of `kind` partitions at all (the finer rules are per
/// field, see [`may_write_field`]).
pub fn may_write_partition(role: Role, kind: PartitionKind, own_unit: bool) -> bool {
    match (role, kind) {
        (Role::UnitOfficial | Role::UnitLead, PartitionKind::Unit) => own_unit,
        (Role::UnitOfficial | Role::UnitLead, PartitionKind::City) => false,
        (Role::CityReviewer | Role::CityAdmin, _) => true,
    }
}

/// Whether `role` may make a change to `field` (`*` = create the row) of `table` in a
/// partition of `kind` it may write. Units change their own rows freely (the lifecycle is
/// checked separately); the city changes a unit's rows only as review allows; only the
/// city changes city data.
pub fn may_write_field(role: Role, table: &SyncedTable, kind: PartitionKind, field: &str) -> bool {
    match (role, kind) {
        (Role::UnitOfficial | Role::UnitLead, PartitionKind::Unit) => true,
        (Role::UnitOfficial | Role::UnitLead, PartitionKind::City) => false,
        (Role::CityReviewer | Role::CityAdmin, PartitionKind::City) => true,
        (Role::CityReviewer | Role::CityAdmin, PartitionKind::Unit) => {
            if field == "*" {
                table.reviewer_creates
            } else {
                table.review_fields.contains(&field)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_synced_table_and_field_has_a_label_of_its_own_in_both_languages() {
        for table in SYNCED_TABLES {
            for text in [table.label.vi, table.label.en] {
                assert!(!text.trim().is_empty() && text != table.name, "{}", table.name);
            }
            let mut seen = std::collections::BTreeSet::new();
            for field in table.fields {
                let Label { vi, en } = field.label;
                assert!(
                    !vi.trim().is_empty() && !en.trim().is_empty(),
                    "{}.{}",
                    table.name,
                    field.name
                );
                assert!(vi != field.name, "{}.{}: a label, not the column", table.name, field.name);
                assert!(seen.insert(vi), "{}: two fields are called “{vi}”", table.name);
            }
        }
        assert_eq!(field_label("tasks", "objectives"), Some(Label::new("Mục tiêu", "Objectives")));
        assert_eq!(field_label("tasks", "*").map(|l| l.en), Some("Whole row"));
        assert_eq!(field_label("tasks", "no_such_field"), None);
        assert_eq!(field_label("no_such_table", "*"), None);
    }

    fn stamp(ms: u64, counter: u32, device: u128) -> Stamp {
        Stamp {
            hlc: Hlc { wall_ms: ms, counter },
            device: DeviceId::from(uuid::Uuid::from_u128(device)),
        }
    }

    #[test]
    fn the_winner_is_the_later_clock_then_the_greater_device() {
        let cases = [
            (stamp(10, 0, 1), stamp(9, 5, 2), stamp(10, 0, 1)),
            (stamp(10, 1, 1), stamp(10, 0, 2), stamp(10, 1, 1)),
            (stamp(10, 0, 1), stamp(10, 0, 2), stamp(10, 0, 2)),
        ];
        for (a, b, expected) in cases {
            assert_eq!(winner(a, b), expected);
            assert_eq!(winner(b, a), expected, "the order of arrival must not matter");
        }
    }

    #[test]
    fn who_may_change_what() {
        let tasks = synced_table("tasks").unwrap();
        let transitions = synced_table("task_transitions").unwrap();
        let lines = synced_table("estimate_lines").unwrap();
        let norms = synced_table("norms").unwrap();
        use PartitionKind::*;
        use Role::*;
        let cases: &[(Role, &SyncedTable, PartitionKind, &str, bool)] = &[
            (UnitOfficial, tasks, Unit, "name", true),
            (UnitOfficial, tasks, Unit, "*", true),
            (UnitOfficial, norms, City, "value", false),
            (CityReviewer, tasks, Unit, "status", true),
            (CityReviewer, tasks, Unit, "name", false),
            (CityReviewer, tasks, Unit, "*", false),
            (CityReviewer, transitions, Unit, "*", true),
            (CityReviewer, lines, Unit, "review_comment", true),
            (CityReviewer, lines, Unit, "unit_price", false),
            (CityAdmin, norms, City, "value", true),
        ];
        for &(role, table, kind, field, expected) in cases {
            assert_eq!(
                may_write_field(role, table, kind, field),
                expected,
                "{role:?} {} {field}",
                table.name
            );
        }
        assert!(!may_write_partition(UnitOfficial, Unit, false), "another unit's rows");
        assert!(may_write_partition(UnitLead, Unit, true));
        assert!(!may_write_partition(UnitLead, City, true));
    }

    #[test]
    fn every_table_names_its_fields_once() {
        for t in SYNCED_TABLES {
            let mut seen = std::collections::HashSet::new();
            for f in t.field_names() {
                assert!(seen.insert(f), "{}.{f} listed twice", t.name);
                assert!(f != "id" && f != "version" && f != "*");
            }
            for f in t.review_fields {
                assert!(t.has_field(f), "{}.{f} is reviewable but not a field", t.name);
            }
            for (f, _) in t.stamped {
                assert!(t.has_field(f), "{}.{f} is stamped but not a field", t.name);
            }
        }
    }

    #[test]
    fn the_enum_members_are_the_domain_s_own() {
        use crate::budget::{EstimateStatus, LabourRole, LineGroup};
        use crate::norm::NormKind;
        use crate::training::{AttendanceMode, SessionFormat};
        use crate::{TaskKind, TaskStatus};
        let same = |list: &[&str], names: Vec<&str>| assert_eq!(list, names.as_slice());
        same(TASK_KINDS, TaskKind::ALL.iter().map(|k| k.as_str()).collect());
        same(TASK_STATUSES, TaskStatus::ALL.iter().map(|s| s.as_str()).collect());
        same(ESTIMATE_STATUSES, EstimateStatus::ALL.iter().map(|s| s.as_str()).collect());
        same(LINE_GROUPS, LineGroup::ALL.iter().map(|g| g.as_str()).collect());
        same(LABOUR_ROLES, LabourRole::ALL.iter().map(|r| r.as_str()).collect());
        same(SESSION_FORMATS, SessionFormat::ALL.iter().map(|f| f.as_str()).collect());
        for k in NORM_KINDS {
            assert_eq!(NormKind::parse(k).map(NormKind::as_str), Some(*k));
        }
        use crate::kpi::{Aggregation, Direction, KpiField, Measure, PeriodKind};
        same(KPI_FIELDS, KpiField::ALL.iter().map(|v| v.as_str()).collect());
        same(KPI_MEASURES, Measure::ALL.iter().map(|v| v.as_str()).collect());
        same(KPI_AGGREGATIONS, Aggregation::ALL.iter().map(|v| v.as_str()).collect());
        same(KPI_PERIODS, PeriodKind::ALL.iter().map(|v| v.as_str()).collect());
        same(KPI_DIRECTIONS, Direction::ALL.iter().map(|v| v.as_str()).collect());
        for m in ATTENDANCE_MODES {
            assert_eq!(AttendanceMode::parse(m).map(AttendanceMode::as_str), Some(*m));
        }
    }
}
