//! What the official estimate form says, in words, once for every way it leaves the app:
//! the workbook ([`super::export_xlsx`]) and the PDF ([`super::export_pdf`]) take their
//! heading, their notes, "Bằng chữ", the place and date and the signature block from here,
//! so the two files of the same estimate say the same thing.
//!
//! Like the writers, it only *shows* what [`xaso_domain::budget::compute`] worked out.

use chrono::NaiveDate;
use xaso_domain::Locale;
use xaso_domain::Money;
use xaso_domain::budget::{Computed, ComputedLine, Flag, FlagAt};

/// What the sheet's heading says, and the date it is signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportHeader {
    /// The owning unit, printed as `UBND <unit_name>` at the top left and in the file's
    /// properties.
    pub unit_name: String,
    /// Printed under the title, across the table's width, and in the file's properties.
    pub task_name: String,
    /// Fiscal year, printed as `Năm <year> — Phiên bản <version_no> (<status_label>)`.
    pub year: i32,
    /// The estimate's version of that year, from 1.
    pub version_no: u32,
    /// The version's status as the official reads it (`Nháp`, `Đã phê duyệt`, …).
    pub status_label: String,
    /// The date printed above the signatures: the estimate's own date (the one its norms
    /// are read at), so every file of a version carries the same date whenever it is made.
    pub date: NaiveDate,
}

/// The national heading, right of the unit.
pub const NATION: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
/// The motto under it.
pub const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";
/// The document's title.
pub const TITLE: &str = "DỰ TOÁN KINH PHÍ NHIỆM VỤ";
/// Above the table, right.
pub const UNIT_NOTE: &str = "Đơn vị tính: đồng";
/// The grand total row's label.
pub const TOTAL: &str = "TỔNG CỘNG";

/// The table's headings, left to right; the three sources sit under [`SOURCES`].
pub const COLUMNS: [&str; 10] = [
    "TT",
    "Nội dung",
    "ĐVT",
    "Số lượng",
    "Đơn giá",
    "Thành tiền",
    "Ngân sách nhà nước",
    "Nguồn tự có",
    "Nguồn khác",
    "Ghi chú",
];
/// The heading over the three sources.
pub const SOURCES: &str = "Trong đó";

/// The three signatures, left to right: who signs (one or two lines) and how. A ward's
/// estimate is made by an official, answered for by the task's leader and approved for
/// the People's Committee by its chair, who seals it.
pub const SIGNERS: [Signer; 3] = [
    Signer { title: &["NGƯỜI LẬP DỰ TOÁN"], how: "(Ký, ghi rõ họ tên)" },
    Signer { title: &["CHỦ NHIỆM NHIỆM VỤ"], how: "(Ký, ghi rõ họ tên)" },
    Signer { title: &["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], how: "(Ký tên, đóng dấu)" },
];

/// One signature under the table.
#[derive(Clone, Copy, Debug, serde::Serialize)]
pub struct Signer {
    /// The heading, one line each.
    pub title: &'static [&'static str],
    /// How to sign, in italics under it.
    pub how: &'static str,
}

impl ExportHeader {
    /// `UBND <unit>`.
    pub fn unit_line(&self) -> String {
        format!("UBND {}", self.unit_name)
    }

    /// `Năm 2026 — Phiên bản 2 (Nháp)`.
    pub fn version_line(&self) -> String {
        format!("Năm {} — Phiên bản {} ({})", self.year, self.version_no, self.status_label)
    }

    /// `TP. Hồ Chí Minh, ngày 05 tháng 02 năm 2026`, `…, ngày 18 tháng 11 năm 2026`: a day
    /// below 10 and the months 1 and 2 take a leading zero, other months none (Nghị định
    /// 30/2020/NĐ-CP, so "tháng 01" cannot be misread as "tháng 10" or "tháng 11").
    pub fn place_and_date(&self) -> String {
        use chrono::Datelike as _;
        let month = self.date.month();
        let month = if month <= 2 { format!("{month:02}") } else { month.to_string() };
        format!(
            "TP. Hồ Chí Minh, ngày {:02} tháng {month} năm {}",
            self.date.day(),
            self.date.year()
        )
    }

    /// The file's title in its properties.
    pub fn document_title(&self) -> String {
        format!("Dự toán kinh phí: {}", self.task_name)
    }
}

/// "Bằng chữ": the grand total in words, as official estimates state it.
pub fn in_words(total: Money) -> String {
    format!("Bằng chữ: {}.", total.in_words_vi())
}

/// A line's "Ghi chú": the official's own note, then a note per flag on the line; and
/// whether any flag points at it (the line is then marked).
pub fn line_notes(line: &ComputedLine, flags: &[Flag]) -> (String, bool) {
    let flag_notes: Vec<String> =
        flags.iter().filter(|f| points_at(f, line)).map(flag_note).collect();
    let flagged = !flag_notes.is_empty();
    let notes: Vec<&str> = std::iter::once(line.note.as_str())
        .filter(|n| !n.is_empty())
        .chain(flag_notes.iter().map(String::as_str))
        .collect();
    (notes.join("\n"), flagged)
}

/// Flags that point at no line of the table (the leader's monthly rate; a person left out
/// because no coefficient is in force) are listed under it, so no file loses one.
pub fn loose_notes(computed: &Computed) -> Option<String> {
    let loose: Vec<&str> = computed
        .flags
        .iter()
        .filter(|f| !computed.lines.iter().any(|l| points_at(f, l)))
        .map(|f| f.text.get(Locale::Vi))
        .collect();
    (!loose.is_empty()).then(|| format!("Lưu ý: {}", loose.join("\n")))
}

fn points_at(flag: &Flag, line: &ComputedLine) -> bool {
    match flag.at {
        FlagAt::Line(i) => line.line == Some(i),
        FlagAt::Person(i) => line.person == Some(i),
        FlagAt::LeaderRate => false,
    }
}

/// The note a flag puts in "Ghi chú". A flag without an excess is not a cap broken (a norm
/// not in force, a coefficient over its ratio): its text says what it is.
fn flag_note(flag: &Flag) -> String {
    let text = flag.text.get(Locale::Vi);
    match (flag.excess, flag.verified) {
        (Some(_), true) => format!("Vượt định mức: {text}"),
        (Some(_), false) => format!("Vượt định mức: {text} (định mức chưa được kiểm chứng)"),
        (None, _) => format!("Lưu ý định mức: {text}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_line_follows_the_decree_on_leading_zeros() {
        let at = |d: &str| ExportHeader {
            unit_name: String::new(),
            task_name: String::new(),
            year: 2026,
            version_no: 1,
            status_label: String::new(),
            date: d.parse().unwrap_or_default(),
        };
        assert_eq!(at("2026-02-05").place_and_date(), "TP. Hồ Chí Minh, ngày 05 tháng 02 năm 2026");
        assert_eq!(at("2026-03-01").place_and_date(), "TP. Hồ Chí Minh, ngày 01 tháng 3 năm 2026");
        assert_eq!(at("2026-11-18").place_and_date(), "TP. Hồ Chí Minh, ngày 18 tháng 11 năm 2026");
    }
}
