//! The budget estimate (dự toán kinh phí) as an Excel workbook in the official layout:
//! the title block, the table of groups I–IV with their lines and the grand total, the
//! date line and the signature headings, set up to print on A4 landscape.
//!
//! It only *shows* what [`xaso_domain::budget::compute`] worked out: every amount is
//! written as a number exactly as computed, nothing is summed or rounded here, and a line
//! that breaks a norm keeps its amounts and gets a note and a red fill. It writes bytes,
//! not files: where the workbook goes is the caller's business.

use rust_xlsxwriter::{
    ColNum, Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, RowNum,
    Workbook, Worksheet, XlsxError,
};
use xaso_domain::Locale;
use xaso_domain::Money;
use xaso_domain::budget::{Amounts, Computed, ComputedLine, Flag, LineGroup};
use xaso_domain::norm::Scaled;

use super::official;
pub use super::official::ExportHeader;

/// Why a workbook could not be built (a bug, not the user's doing: the inputs are already
/// computed).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The XLSX writer refused the sheet.
    #[error("could not write the workbook: {0}")]
    Workbook(#[from] XlsxError),
}

/// The name of the one worksheet.
pub const SHEET_NAME: &str = "Dự toán";

// Columns of the table.
const TT: ColNum = 0;
const CONTENT: ColNum = 1;
const UNIT: ColNum = 2;
const QUANTITY: ColNum = 3;
const UNIT_PRICE: ColNum = 4;
/// Thành tiền, then the three sources: four adjacent columns in [`Amounts`] order.
const TOTAL: ColNum = 5;
const NOTE: ColNum = 9;
const LAST: ColNum = NOTE;

const WIDTHS: [(ColNum, f64); 10] = [
    (TT, 6.0),
    (CONTENT, 46.0),
    (UNIT, 9.0),
    (QUANTITY, 11.0),
    (UNIT_PRICE, 14.0),
    (TOTAL, 16.0),
    (TOTAL + 1, 16.0),
    (TOTAL + 2, 14.0),
    (TOTAL + 3, 14.0),
    (NOTE, 34.0),
];

/// All ten columns, for text merged across the page.
const FULL_WIDTH: f64 = {
    let (mut sum, mut i) = (0.0, 0);
    while i < WIDTHS.len() {
        sum += WIDTHS[i].1;
        i += 1;
    }
    sum
};
/// Points per line of 12-point text.
const LINE_HEIGHT: f64 = 16.0;

// Rows of the title block and of the table's two heading rows.
const HEAD_ROW: RowNum = 7;
const BODY_ROW: RowNum = HEAD_ROW + 2;

/// Vietnamese administrative documents are set in Times New Roman (Nghị định 30/2020).
const FONT: &str = "Times New Roman";
const FONT_SIZE: f64 = 12.0;
/// Whole đồng, thousands grouped as the reader's Excel groups them.
const MONEY_FORMAT: &str = "#,##0";
const QUANTITY_FORMAT: &str = "#,##0";
/// Up to the four decimals a quantity has, without a trailing zero.
const QUANTITY_FRACTION_FORMAT: &str = "#,##0.0###";
/// Excel's own "light red fill" for cells that need attention.
const FLAG_FILL: Color = Color::RGB(0xFFC7CE);
const A4: u8 = 9;

/// The estimate as an .xlsx workbook in the official layout.
pub fn estimate_xlsx(header: &ExportHeader, computed: &Computed) -> Result<Vec<u8>, ExportError> {
    let mut workbook = Workbook::new();
    // The workbook's creation date is the export's date, not the clock: the same estimate
    // exported the same day gives the same bytes.
    workbook.set_properties(
        &DocProperties::new()
            .set_title(header.document_title())
            .set_company(header.unit_line())
            .set_creation_datetime(&ExcelDateTime::parse_from_str(&header.date.to_string())?),
    );
    let ws = workbook.add_worksheet();
    ws.set_name(SHEET_NAME)?;
    for (col, width) in WIDTHS {
        ws.set_column_width(col, width)?;
    }
    title_block(ws, header)?;
    table_heading(ws)?;
    let mut row = BODY_ROW;
    for (group, subtotal) in LineGroup::ALL.into_iter().zip(&computed.groups) {
        group_row(ws, row, group, subtotal)?;
        row += 1;
        for (n, line) in computed.lines.iter().filter(|l| l.group == group).enumerate() {
            line_row(ws, row, n + 1, line, &computed.flags)?;
            row += 1;
        }
    }
    total_row(ws, row, &computed.total)?;
    row += 1;
    in_words(ws, row, computed.total.total)?;
    row += 1;
    row = loose_flags(ws, row, computed)?;
    signatures(ws, row + 1, header)?;
    page_setup(ws)?;
    Ok(workbook.save_to_buffer()?)
}

fn title_block(ws: &mut Worksheet, header: &ExportHeader) -> Result<(), XlsxError> {
    let bold = text().set_bold().set_align(FormatAlign::Center);
    ws.merge_range(0, TT, 0, UNIT, &header.unit_line(), &bold)?;
    ws.merge_range(0, UNIT_PRICE, 0, LAST, official::NATION, &bold)?;
    ws.merge_range(1, UNIT_PRICE, 1, LAST, official::MOTTO, &bold)?;

    let title = bold.clone().set_font_size(14);
    ws.merge_range(3, TT, 3, LAST, official::TITLE, &title)?;
    ws.set_row_height(3, 22)?;
    let task = bold.clone().set_text_wrap().set_align(FormatAlign::VerticalCenter);
    ws.merge_range(4, TT, 4, LAST, &header.task_name, &task)?;
    fit_height(ws, 4, &[(&header.task_name, FULL_WIDTH)])?;
    ws.merge_range(
        5,
        TT,
        5,
        LAST,
        &header.version_line(),
        &text().set_italic().set_align(FormatAlign::Center),
    )?;
    let unit = text().set_italic().set_align(FormatAlign::Right);
    ws.merge_range(6, TOTAL + 1, 6, LAST, official::UNIT_NOTE, &unit)?;
    Ok(())
}

fn table_heading(ws: &mut Worksheet) -> Result<(), XlsxError> {
    let head = cell()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let (top, bottom) = (HEAD_ROW, HEAD_ROW + 1);
    for (col, label) in (TT..=LAST).zip(official::COLUMNS) {
        if (TOTAL + 1..=TOTAL + 3).contains(&col) {
            ws.write_string_with_format(bottom, col, label, &head)?;
        } else {
            ws.merge_range(top, col, bottom, col, label, &head)?;
        }
    }
    ws.merge_range(top, TOTAL + 1, top, TOTAL + 3, official::SOURCES, &head)?;
    ws.set_row_height(bottom, 33)?;
    Ok(())
}

fn group_row(
    ws: &mut Worksheet,
    row: RowNum,
    group: LineGroup,
    subtotal: &Amounts,
) -> Result<(), XlsxError> {
    let bold = cell().set_bold();
    ws.write_string_with_format(
        row,
        TT,
        group.roman(),
        &bold.clone().set_align(FormatAlign::Center),
    )?;
    ws.write_string_with_format(
        row,
        CONTENT,
        group.label(Locale::Vi),
        &bold.clone().set_text_wrap(),
    )?;
    for col in [UNIT, QUANTITY, UNIT_PRICE, NOTE] {
        ws.write_blank(row, col, &bold)?;
    }
    amounts(ws, row, subtotal, &bold)
}

fn line_row(
    ws: &mut Worksheet,
    row: RowNum,
    n: usize,
    line: &ComputedLine,
    flags: &[Flag],
) -> Result<(), XlsxError> {
    let (note, flagged) = official::line_notes(line, flags);
    let base = if flagged { cell().set_background_color(FLAG_FILL) } else { cell() };

    ws.write_string_with_format(
        row,
        TT,
        n.to_string(),
        &base.clone().set_align(FormatAlign::Center),
    )?;
    ws.write_string_with_format(row, CONTENT, &line.content, &base.clone().set_text_wrap())?;
    ws.write_string_with_format(
        row,
        UNIT,
        &line.unit,
        &base.clone().set_align(FormatAlign::Center),
    )?;
    let quantity_format = if line.quantity.raw() % Scaled::SCALE == 0 {
        QUANTITY_FORMAT
    } else {
        QUANTITY_FRACTION_FORMAT
    };
    ws.write_number_with_format(
        row,
        QUANTITY,
        quantity(line.quantity),
        &base.clone().set_num_format(quantity_format),
    )?;
    ws.write_number_with_format(
        row,
        UNIT_PRICE,
        money(line.unit_price),
        &base.clone().set_num_format(MONEY_FORMAT),
    )?;
    amounts(ws, row, &line.amounts, &base)?;
    ws.write_string_with_format(row, NOTE, &note, &base.set_text_wrap())?;
    fit_height(ws, row, &[(&line.content, width(CONTENT)), (&note, width(NOTE))])
}

fn total_row(ws: &mut Worksheet, row: RowNum, total: &Amounts) -> Result<(), XlsxError> {
    let bold = cell().set_bold();
    ws.write_blank(row, TT, &bold)?;
    ws.write_string_with_format(
        row,
        CONTENT,
        official::TOTAL,
        &bold.clone().set_align(FormatAlign::Center),
    )?;
    for col in [UNIT, QUANTITY, UNIT_PRICE, NOTE] {
        ws.write_blank(row, col, &bold)?;
    }
    amounts(ws, row, total, &bold)
}

/// "Bằng chữ": the grand total in words, as official estimates state it.
fn in_words(ws: &mut Worksheet, row: RowNum, total: Money) -> Result<(), XlsxError> {
    ws.merge_range(
        row,
        TT,
        row,
        LAST,
        &official::in_words(total),
        &text().set_italic().set_bold(),
    )?;
    Ok(())
}

/// Flags that point at no line of the table (the leader's monthly rate; a person left out
/// because no coefficient is in force) are listed under it, so the printout loses none.
fn loose_flags(ws: &mut Worksheet, row: RowNum, computed: &Computed) -> Result<RowNum, XlsxError> {
    let Some(note) = official::loose_notes(computed) else {
        return Ok(row);
    };
    let format = text().set_italic().set_text_wrap().set_align(FormatAlign::Top);
    ws.merge_range(row, TT, row, LAST, &note, &format)?;
    fit_height(ws, row, &[(&note, FULL_WIDTH)])?;
    Ok(row + 1)
}

fn signatures(ws: &mut Worksheet, row: RowNum, header: &ExportHeader) -> Result<(), XlsxError> {
    let centred = text().set_align(FormatAlign::Center);
    let date = header.place_and_date();
    ws.merge_range(row, TOTAL + 1, row, LAST, &date, &centred.clone().set_italic())?;
    let (bold, hint) = (centred.clone().set_bold(), centred.set_italic());
    let spans = [(TT, CONTENT), (UNIT, TOTAL), (TOTAL + 1, LAST)];
    for (signer, (first, last)) in official::SIGNERS.into_iter().zip(spans) {
        let mut at = row + 1;
        for title in signer.title {
            ws.merge_range(at, first, at, last, title, &bold)?;
            at += 1;
        }
        ws.merge_range(at, first, at, last, signer.how, &hint)?;
    }
    Ok(())
}

fn page_setup(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_freeze_panes(BODY_ROW, 0)?;
    ws.set_repeat_rows(HEAD_ROW, HEAD_ROW + 1)?;
    ws.set_paper_size(A4)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3)
        .set_footer("&CTrang &P/&N");
    Ok(())
}

fn amounts(ws: &mut Worksheet, row: RowNum, a: &Amounts, base: &Format) -> Result<(), XlsxError> {
    let format = base.clone().set_num_format(MONEY_FORMAT);
    for (i, m) in [a.total, a.state, a.own, a.other].into_iter().enumerate() {
        // Four columns from TOTAL; `i` < 4 always fits.
        ws.write_number_with_format(row, TOTAL + i as ColNum, money(m), &format)?;
    }
    Ok(())
}

/// A spreadsheet need not grow a row to fit wrapped text it did not type itself
/// (LibreOffice does not, and no one grows a merged row): the row is sized here for the
/// longest of its texts, counting characters against the column's width. Rows that fit on
/// one line keep the default height.
fn fit_height(ws: &mut Worksheet, row: RowNum, texts: &[(&str, f64)]) -> Result<(), XlsxError> {
    let lines = texts
        .iter()
        .map(|(text, width)| {
            // A column `w` wide (in widths of Calibri's "0") holds about 1,2 × `w`
            // characters of 12-point Times New Roman text.
            let per_line = ((width * 1.2) as usize).max(1);
            text.split('\n').map(|l| l.chars().count().div_ceil(per_line).max(1)).sum::<usize>()
        })
        .max()
        .unwrap_or(1);
    if lines > 1 {
        ws.set_row_height(row, LINE_HEIGHT * lines as f64)?;
    }
    Ok(())
}

fn width(col: ColNum) -> f64 {
    WIDTHS.iter().find(|(c, _)| *c == col).map_or(0.0, |(_, w)| *w)
}

/// Exact: money is at most 10^15 đồng, below 2^53.
fn money(m: Money) -> f64 {
    m.dong() as f64
}

/// The double nearest the exact decimal (one correctly rounded division of exact doubles).
fn quantity(q: Scaled) -> f64 {
    q.raw() as f64 / Scaled::SCALE as f64
}

fn text() -> Format {
    Format::new().set_font_name(FONT).set_font_size(FONT_SIZE)
}

/// A cell of the table: bordered, centred vertically.
fn cell() -> Format {
    text().set_border(FormatBorder::Thin).set_align(FormatAlign::VerticalCenter)
}
