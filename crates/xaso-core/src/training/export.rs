//! The attendance report as files the city sends on: CSV (UTF-8 with a byte-order mark, so
//! Excel reads the Vietnamese right) and an Excel workbook. One line per session and unit,
//! a subtotal line per session and the grand total; the numbers are the report's, nothing
//! is recounted here.

use rust_xlsxwriter::{Format, FormatBorder, Workbook, XlsxError};

use crate::training::api::AttendanceReport;

const HEADINGS: [&str; 7] =
    ["Buổi tập huấn", "Thời gian", "Mã đơn vị", "Đơn vị", "Trực tiếp", "Trực tuyến", "Tổng"];

/// The report's lines: `(session, time, unit code, unit, in person, online, total)`; a
/// session's subtotal has an empty unit code and "Cộng" as the unit.
fn lines(report: &AttendanceReport) -> Vec<[String; 7]> {
    let mut out = Vec::new();
    for s in &report.sessions {
        for u in &s.units {
            out.push([
                s.title.clone(),
                s.when.clone(),
                u.unit_code.clone(),
                u.unit_name.clone(),
                u.in_person.to_string(),
                u.online.to_string(),
                u.total.to_string(),
            ]);
        }
        out.push([
            s.title.clone(),
            s.when.clone(),
            String::new(),
            "Cộng".into(),
            s.in_person.to_string(),
            s.online.to_string(),
            s.total.to_string(),
        ]);
    }
    out.push([
        "Tổng cộng".into(),
        String::new(),
        String::new(),
        format!("{} đơn vị", report.units),
        report.in_person.to_string(),
        report.online.to_string(),
        report.total.to_string(),
    ]);
    out
}

pub fn attendance_csv(report: &AttendanceReport) -> Result<Vec<u8>, csv::Error> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(HEADINGS)?;
        for line in lines(report) {
            w.write_record(&line)?;
        }
        w.flush()?;
    }
    Ok(out)
}

pub fn attendance_xlsx(report: &AttendanceReport) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Điểm danh")?;
    let head = Format::new().set_bold().set_border(FormatBorder::Thin).set_text_wrap();
    let cell = Format::new().set_border(FormatBorder::Thin);
    let total = Format::new().set_bold().set_border(FormatBorder::Thin);
    sheet.write_string(0, 0, "BÁO CÁO ĐIỂM DANH TẬP HUẤN")?;
    for (c, h) in (0u16..).zip(HEADINGS) {
        sheet.write_string_with_format(2, c, h, &head)?;
    }
    for (r, line) in (3u32..).zip(lines(report)) {
        let subtotal = line[2].is_empty();
        let format = if subtotal { &total } else { &cell };
        for (c, value) in (0u16..).zip(line.iter()) {
            if c >= 4 {
                let n: f64 = value.parse().unwrap_or(0.0);
                sheet.write_number_with_format(r, c, n, format)?;
            } else {
                sheet.write_string_with_format(r, c, value, format)?;
            }
        }
    }
    for (c, width) in (0u16..).zip([40.0, 24.0, 10.0, 28.0, 10.0, 10.0, 10.0]) {
        sheet.set_column_width(c, width)?;
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::training::api::{SessionAttendance, UnitAttendance};

    fn report() -> AttendanceReport {
        let unit = |code: &str, name: &str, in_person, online| UnitAttendance {
            unit_code: code.into(),
            unit_name: name.into(),
            in_person,
            online,
            total: in_person + online,
        };
        AttendanceReport {
            sessions: vec![SessionAttendance {
                session_id: "s1".into(),
                title: "Lập dự toán, kinh phí".into(),
                when: "08:00 05/12/2026 – 11:30".into(),
                units: vec![
                    unit("26743", "Phường Bến Thành", 2, 3),
                    unit("27004", "Phường Tân Bình", 1, 1),
                ],
                in_person: 3,
                online: 4,
                total: 7,
            }],
            in_person: 3,
            online: 4,
            total: 7,
            units: 2,
        }
    }

    #[test]
    fn the_csv_opens_in_excel_with_vietnamese_and_has_every_line_and_the_totals() {
        let bytes = attendance_csv(&report()).unwrap();
        assert!(bytes.starts_with("\u{feff}".as_bytes()), "a byte-order mark for Excel");
        let text = String::from_utf8(bytes).unwrap();
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines[0], "Buổi tập huấn,Thời gian,Mã đơn vị,Đơn vị,Trực tiếp,Trực tuyến,Tổng");
        assert_eq!(
            lines[1],
            "\"Lập dự toán, kinh phí\",08:00 05/12/2026 – 11:30,26743,Phường Bến Thành,2,3,5",
            "a comma in a title is quoted"
        );
        assert_eq!(lines[3], "\"Lập dự toán, kinh phí\",08:00 05/12/2026 – 11:30,,Cộng,3,4,7");
        assert_eq!(lines[4], "Tổng cộng,,,2 đơn vị,3,4,7");
        assert_eq!(lines.len(), 5);
    }

    #[test]
    fn the_workbook_is_a_valid_xlsx() {
        let bytes = attendance_xlsx(&report()).unwrap();
        assert!(bytes.starts_with(b"PK"), "an xlsx is a zip");
        assert!(bytes.len() > 1000);
    }
}
