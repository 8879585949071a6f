//! The budget estimate as a PDF in the official layout, made by the app (see `xaso-pdf`):
//! A4 landscape; the unit and the national heading; the title, task and version; the
//! table with its heading repeated on every page, its amount columns as wide as their
//! largest figure; then the grand total, "Bằng chữ", the notes, the date and the
//! signatures, kept on one page together (the total row is part of that block, so the
//! signatures never stand alone on a page).
//!
//! Its words come from [`super::official`], as the workbook's do, and its figures are the
//! computed ones, grouped with dots; nothing is summed or rounded here.

use serde::Serialize;
use xaso_domain::Locale;
use xaso_domain::budget::{Amounts, Computed, LineGroup};
use xaso_domain::money::group_thousands;
use xaso_domain::norm::Scaled;
pub use xaso_pdf::{Pdf, PdfError};

use super::official::{self, ExportHeader};

const TEMPLATE: &str = include_str!("estimate.typ");

/// The estimate as a PDF in the official layout.
pub fn estimate_pdf(header: &ExportHeader, computed: &Computed) -> Result<Pdf, PdfError> {
    xaso_pdf::render(TEMPLATE, &Sheet::new(header, computed))
}

/// What the template reads, every figure already written out.
#[derive(Serialize)]
struct Sheet {
    fonts: [&'static str; 2],
    document_title: String,
    /// The signing date, for the file's properties.
    date: [u32; 3],
    unit_line: String,
    nation: &'static str,
    motto: &'static str,
    title: &'static str,
    task_name: String,
    version_line: String,
    unit_note: &'static str,
    columns: [&'static str; 10],
    sources: &'static str,
    rows: Vec<Row>,
    total_label: &'static str,
    total: [String; 4],
    in_words: String,
    notes: Option<String>,
    place_and_date: String,
    signers: [official::Signer; 3],
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Row {
    Group {
        tt: &'static str,
        content: &'static str,
        amounts: [String; 4],
    },
    Line {
        tt: String,
        content: String,
        unit: String,
        quantity: String,
        unit_price: String,
        amounts: [String; 4],
        note: String,
        flagged: bool,
    },
}

impl Sheet {
    fn new(header: &ExportHeader, computed: &Computed) -> Self {
        use chrono::Datelike as _;
        let mut rows = Vec::with_capacity(computed.lines.len() + LineGroup::ALL.len());
        for (group, subtotal) in LineGroup::ALL.into_iter().zip(&computed.groups) {
            rows.push(Row::Group {
                tt: group.roman(),
                content: group.label(Locale::Vi),
                amounts: amounts(subtotal),
            });
            for (n, line) in computed.lines.iter().filter(|l| l.group == group).enumerate() {
                let (note, flagged) = official::line_notes(line, &computed.flags);
                rows.push(Row::Line {
                    tt: (n + 1).to_string(),
                    content: line.content.clone(),
                    unit: line.unit.clone(),
                    quantity: quantity(line.quantity),
                    unit_price: group_thousands(line.unit_price.dong()),
                    amounts: amounts(&line.amounts),
                    note,
                    flagged,
                });
            }
        }
        Self {
            fonts: xaso_pdf::FONT_FAMILIES,
            document_title: header.document_title(),
            date: [header.date.year().unsigned_abs(), header.date.month(), header.date.day()],
            unit_line: header.unit_line(),
            nation: official::NATION,
            motto: official::MOTTO,
            title: official::TITLE,
            task_name: header.task_name.clone(),
            version_line: header.version_line(),
            unit_note: official::UNIT_NOTE,
            columns: official::COLUMNS,
            sources: official::SOURCES,
            rows,
            total_label: official::TOTAL,
            total: amounts(&computed.total),
            in_words: official::in_words(computed.total.total),
            notes: official::loose_notes(computed),
            place_and_date: header.place_and_date(),
            signers: official::SIGNERS,
        }
    }
}

/// Thành tiền and the three sources, in [`Amounts`] order.
fn amounts(a: &Amounts) -> [String; 4] {
    [a.total, a.state, a.own, a.other].map(|m| group_thousands(m.dong()))
}

/// `1.250` or `2,5`: thousands grouped, up to four decimals, no trailing zero.
fn quantity(q: Scaled) -> String {
    let (int, frac) = (q.raw() / Scaled::SCALE, (q.raw() % Scaled::SCALE).unsigned_abs());
    let int = group_thousands(int);
    if frac == 0 { int } else { format!("{int},{}", format!("{frac:04}").trim_end_matches('0')) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_read_the_vietnamese_way() {
        assert_eq!(quantity(Scaled::from_raw(12_500_000)), "1.250");
        assert_eq!(quantity(Scaled::from_raw(25_000)), "2,5");
        assert_eq!(quantity(Scaled::from_raw(1_234)), "0,1234");
    }
}
