//! The estimate exported to .xlsx, written to a file and read back with calamine as any
//! other program would read it: the heading, every amount as a number, the subtotals and
//! the total, the notes of flagged lines, the Vietnamese text. Then the same estimate as a
//! PDF: its text read back (every word and figure of the workbook is in it), its pages
//! counted, and rendered to PNG by poppler's `pdftoppm` (A4 landscape; the images are left
//! in the test's temporary folder to be looked at).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers panic on purpose

use calamine::{Data, Range, Reader, StyleRange, Xlsx, open_workbook};
use chrono::NaiveDate;
use xaso_core::export_pdf::estimate_pdf;
use xaso_core::export_xlsx::{ExportHeader, SHEET_NAME, estimate_xlsx};
use xaso_domain::budget::{
    Amounts, Computed, FlagAt, LabourRole, Line, LineGroup, Person, Sheet, compute,
};
use xaso_domain::norm::{Norm, NormBook, NormKind, Scaled};
use xaso_domain::{Locale, Money};

/// The norms of `data/norms-vn.csv`, typed in by hand.
fn book() -> NormBook {
    // What people call a norm, for those whose name a flag shows.
    let name = |code: &str| match code {
        "contest.local_ratio_cap" => "Cuộc thi cấp địa phương: tối đa so với mức trung ương",
        "contest.prize.first" => "Giải nhất cuộc thi khởi nghiệp (cấp trung ương)",
        _ => "",
    };
    let n = |code: &str, value: &str, kind, basis: &str, from: Option<&str>, verified| Norm {
        code: code.into(),
        description: name(code).into(),
        value: Scaled::parse(value).unwrap(),
        unit: String::new(),
        kind,
        legal_basis: basis.into(),
        effective_from: from.map(|d| d.parse().unwrap()),
        effective_to: None,
        verified,
    };
    use NormKind::*;
    let (tt02, tt03, tt126) =
        ("Thông tư 02/2023/TT-BKHCN", "Thông tư 03/2023/TT-BTC", "Thông tư 126/2018/TT-BTC");
    let since = Some("2023-06-23");
    NormBook::new(vec![
        n("labor.leader_monthly_cap", "40000000", Cap, tt03, None, true),
        n("labor.coef.chu_nhiem", "1.0", Coefficient, tt02, since, true),
        n("labor.coef.thanh_vien_chinh", "0.8", Coefficient, tt02, since, true),
        n("labor.coef.thu_ky_khoa_hoc", "0.3", Coefficient, tt02, since, true),
        n("labor.coef.thanh_vien", "0.4", Coefficient, tt02, since, true),
        n("labor.coef.ky_thuat_vien", "0.2", Coefficient, tt02, since, true),
        n("labor.other_roles_ratio_cap", "0.8", Ratio, tt03, None, true),
        n("contest.prize.first", "20000000", Cap, tt126, None, false),
        n("contest.prize.second", "15000000", Cap, tt126, None, false),
        n("contest.prize.third", "10000000", Cap, tt126, None, false),
        n("contest.prize.consolation", "5000000", Cap, tt126, None, false),
        n("contest.local_ratio_cap", "0.8", Ratio, tt126, None, false),
        n("plan.share_khcn_dmst_cds_min", "0.03", Target, "Nghị quyết 57-NQ/TW", None, false),
    ])
}

fn m(d: i64) -> Money {
    Money::from_dong(d).unwrap()
}

fn q(s: &str) -> Scaled {
    Scaled::parse(s).unwrap()
}

fn date() -> NaiveDate {
    "2026-03-01".parse().unwrap()
}

fn line(group: LineGroup, content: &str, unit: &str, qty: &str, price: i64) -> Line {
    Line {
        group,
        content: content.into(),
        unit: unit.into(),
        quantity: q(qty),
        unit_price: m(price),
        own: Money::ZERO,
        other: Money::ZERO,
        note: String::new(),
        norm_code: None,
    }
}

/// A 12-month ward task, worked by hand:
///   I   leader 40.000.000 × 12 = 480.000.000; two main members 0,8 × 40.000.000 × 10,5
///       = 336.000.000 each; secretary 0,3 × 40.000.000 × 6 = 72.000.000 → 1.224.000.000
///   II  paper 3 × 95.500 = 286.500 (own 86.500); power 1.234,5 kWh × 3.500 = 4.320.750
///       → 4.607.250
///   III projector 15.000.000 (other 5.000.000)
///   IV  first prize 20.000.000, over the ward cap 0,8 × 20.000.000 = 16.000.000 by
///       4.000.000; two second prizes at the cap 12.000.000 = 24.000.000; workshop
///       8.500.000 (own 500.000) → 52.500.000
///   total 1.296.107.250 = state 1.290.520.750 + own 586.500 + other 5.000.000
fn ward_task() -> Sheet {
    use LineGroup::*;
    let person = |name: &str, role, months| Person { name: name.into(), role, months: q(months) };
    Sheet {
        leader_rate: m(40_000_000),
        people: vec![
            person("Nguyễn Thị Lan", LabourRole::ChuNhiem, "12"),
            person("Trần Văn Hùng", LabourRole::ThanhVienChinh, "10,5"),
            person("Lê Minh Quân", LabourRole::ThanhVienChinh, "10,5"),
            person("Võ Thanh Tâm", LabourRole::ThuKyKhoaHoc, "6"),
        ],
        lines: vec![
            Line {
                own: m(86_500),
                note: "Đơn vị tự bảo đảm một phần".into(),
                ..line(Materials, "Giấy in A4", "ram", "3", 95_500)
            },
            Line {
                other: m(5_000_000),
                note: "Xã hội hóa".into(),
                ..line(Equipment, "Máy chiếu phục vụ tập huấn", "bộ", "1", 15_000_000)
            },
            Line {
                norm_code: Some("contest.prize.first".into()),
                ..line(
                    Other,
                    "Giải nhất cuộc thi ý tưởng khởi nghiệp cấp phường",
                    "giải",
                    "1",
                    20_000_000,
                )
            },
            line(Materials, "Điện năng vận hành điểm truy cập số", "kWh", "1234,5", 3_500),
            Line {
                norm_code: Some("contest.prize.second".into()),
                ..line(
                    Other,
                    "Giải nhì cuộc thi ý tưởng khởi nghiệp cấp phường",
                    "giải",
                    "2",
                    12_000_000,
                )
            },
            Line {
                own: m(500_000),
                ..line(Other, "Hội thảo đánh giá kết quả (Đồng Khởi)", "cuộc", "1", 8_500_000)
            },
        ],
    }
}

fn header() -> ExportHeader {
    ExportHeader {
        unit_name: "Phường Bến Thành".into(),
        task_name: "Ứng dụng chuyển đổi số trong tiếp nhận phản ánh của người dân".into(),
        year: 2026,
        version_no: 2,
        status_label: "Nháp".into(),
        date: date(),
    }
}

/// The workbook as a reader sees it, from a file on disk.
struct Read {
    cells: Range<Data>,
    styles: StyleRange,
    merged: Vec<calamine::Dimensions>,
}

fn export_and_read(header: &ExportHeader, computed: &Computed) -> Read {
    let bytes = estimate_xlsx(header, computed).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("du-toan.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), [SHEET_NAME]);
    Read {
        cells: book.worksheet_range(SHEET_NAME).unwrap(),
        styles: book.worksheet_style(SHEET_NAME).unwrap(),
        merged: book.merge_cells_by_sheet_name(SHEET_NAME).unwrap(),
    }
}

impl Read {
    fn at(&self, row: u32, col: u32) -> &Data {
        self.cells.get_value((row, col)).unwrap_or(&Data::Empty)
    }

    fn text(&self, row: u32, col: u32) -> &str {
        match self.at(row, col) {
            Data::String(s) => s,
            Data::Empty => "",
            other => panic!("({row}, {col}) is not text: {other:?}"),
        }
    }

    /// A number cell's value; text that looks like a number is a failure.
    fn number(&self, row: u32, col: u32) -> f64 {
        match self.at(row, col) {
            Data::Float(f) => *f,
            Data::Int(i) => *i as f64,
            other => panic!("({row}, {col}) is not a number: {other:?}"),
        }
    }

    fn amounts(&self, row: u32) -> [f64; 4] {
        [5, 6, 7, 8].map(|c| self.number(row, c))
    }

    /// Where a text is, top to bottom.
    fn find(&self, text: &str) -> (u32, u32) {
        let (r0, c0) = self.cells.start().unwrap();
        for (r, row) in self.cells.rows().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if matches!(v, Data::String(s) if s == text) {
                    return (r0 + r as u32, c0 + c as u32);
                }
            }
        }
        panic!("{text:?} is not in the sheet");
    }

    fn number_format(&self, row: u32, col: u32) -> String {
        let style = self.styles.get((row, col)).unwrap();
        style.number_format.as_ref().map(|f| f.format_code.clone()).unwrap_or_default()
    }

    fn bold(&self, row: u32, col: u32) -> bool {
        self.styles.get((row, col)).and_then(|s| s.font.as_ref()).is_some_and(|f| f.is_bold())
    }

    fn filled(&self, row: u32, col: u32) -> bool {
        self.styles.get((row, col)).and_then(|s| s.fill.as_ref()).is_some_and(|f| f.is_visible())
    }

    fn bordered(&self, row: u32, col: u32) -> bool {
        self.styles
            .get((row, col))
            .and_then(|s| s.borders.as_ref())
            .is_some_and(|b| b.has_visible_borders())
    }
}

fn as_f64(a: &Amounts) -> [f64; 4] {
    [a.total, a.state, a.own, a.other].map(|m| m.dong() as f64)
}

/// A row of the table's body as read back.
#[derive(Debug)]
enum BodyRow {
    Group {
        roman: String,
        label: String,
        amounts: [f64; 4],
    },
    Line {
        row: u32,
        tt: String,
        content: String,
        unit: String,
        quantity: f64,
        price: f64,
        amounts: [f64; 4],
        note: String,
    },
}

/// The rows between the table's heading and "TỔNG CỘNG", and the total row's index.
fn body(read: &Read) -> (Vec<BodyRow>, u32) {
    let (head, _) = read.find("TT");
    let mut rows = Vec::new();
    let mut r = head + 2;
    while read.text(r, 1) != "TỔNG CỘNG" {
        assert!(r < head + 200, "no TỔNG CỘNG row");
        let tt = read.text(r, 0).to_owned();
        if ["I", "II", "III", "IV"].contains(&tt.as_str()) {
            rows.push(BodyRow::Group {
                roman: tt,
                label: read.text(r, 1).into(),
                amounts: read.amounts(r),
            });
        } else {
            assert!(tt.parse::<u32>().is_ok(), "row {r}: TT {tt:?}");
            rows.push(BodyRow::Line {
                row: r,
                tt,
                content: read.text(r, 1).into(),
                unit: read.text(r, 2).into(),
                quantity: read.number(r, 3),
                price: read.number(r, 4),
                amounts: read.amounts(r),
                note: read.text(r, 9).into(),
            });
        }
        r += 1;
    }
    (rows, r)
}

#[test]
fn the_estimate_reads_back_as_computed_in_the_official_layout() {
    let sheet = ward_task();
    let computed = compute(&sheet, &book(), date()).unwrap();
    let read = export_and_read(&header(), &computed);

    // The title block.
    assert_eq!(read.text(0, 0), "UBND Phường Bến Thành");
    let (r, c) = read.find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    assert!(r == 0 && c > 2, "national heading top right, at ({r}, {c})");
    assert_eq!(read.find("Độc lập - Tự do - Hạnh phúc"), (1, c));
    let title = read.find("DỰ TOÁN KINH PHÍ NHIỆM VỤ").0;
    let task = read.find("Ứng dụng chuyển đổi số trong tiếp nhận phản ánh của người dân").0;
    let version = read.find("Năm 2026 — Phiên bản 2 (Nháp)").0;
    let unit = read.find("Đơn vị tính: đồng").0;
    let (head, _) = read.find("TT");
    assert!(title < task && task < version && version < unit && unit < head);
    assert!(read.bold(0, 0) && read.bold(title, 0));

    // The table's heading: two rows, the three sources under "Trong đó".
    let heading: Vec<&str> = (0..10).map(|c| read.text(head, c)).collect();
    assert_eq!(
        heading,
        [
            "TT",
            "Nội dung",
            "ĐVT",
            "Số lượng",
            "Đơn giá",
            "Thành tiền",
            "Trong đó",
            "",
            "",
            "Ghi chú"
        ]
    );
    let sources: Vec<&str> = (6..9).map(|c| read.text(head + 1, c)).collect();
    assert_eq!(sources, ["Ngân sách nhà nước", "Nguồn tự có", "Nguồn khác"]);
    let spans =
        |r0, c0, r1, c1| read.merged.iter().any(|d| d.start == (r0, c0) && d.end == (r1, c1));
    assert!(spans(head, 6, head, 8), "Trong đó over the three sources");
    assert!(spans(head, 1, head + 1, 1), "Nội dung over both heading rows");
    assert!((0..10).all(|c| read.bold(head, c) && read.bordered(head + 1, c)));

    // The body: each group's row carries its subtotal, then its lines numbered from 1,
    // every amount exactly the computed one, as a number.
    let (rows, total_row) = body(&read);
    let mut lines = computed.lines.iter();
    let mut group_rows = 0;
    let mut line_rows = 0;
    let mut expected_tt = 0;
    for row in &rows {
        match row {
            BodyRow::Group { roman, label, amounts } => {
                let group = LineGroup::ALL[group_rows];
                assert_eq!(
                    (roman.as_str(), label.as_str()),
                    (group.roman(), group.label(Locale::Vi))
                );
                assert_eq!(*amounts, as_f64(&computed.groups[group_rows]), "group {roman}");
                group_rows += 1;
                expected_tt = 1;
            }
            BodyRow::Line { row, tt, content, unit, quantity, price, amounts, note } => {
                let want = lines.next().expect("more line rows than computed lines");
                assert_eq!(want.group, LineGroup::ALL[group_rows - 1], "{content} under its group");
                assert_eq!(tt, &expected_tt.to_string());
                assert_eq!((content, unit), (&want.content, &want.unit));
                assert_eq!(*quantity, want.quantity.raw() as f64 / 10_000.0, "{content}");
                assert_eq!(*price, want.unit_price.dong() as f64, "{content}");
                assert_eq!(*amounts, as_f64(&want.amounts), "{content}");
                assert!(note.starts_with(&want.note), "{content}: {note:?}");
                for c in [4, 5, 6, 7, 8] {
                    assert_eq!(read.number_format(*row, c), "#,##0", "{content}, column {c}");
                }
                assert!((0..10).all(|c| read.bordered(*row, c)), "{content}: borders");
                expected_tt += 1;
                line_rows += 1;
            }
        }
    }
    assert_eq!(group_rows, 4);
    assert!(lines.next().is_none(), "every computed line has a row");
    assert_eq!(line_rows, 4 + sheet.lines.len());

    // Hand-worked subtotals and total, not only "whatever compute said".
    let subtotals: Vec<f64> = rows
        .iter()
        .filter_map(|r| match r {
            BodyRow::Group { amounts, .. } => Some(amounts[0]),
            BodyRow::Line { .. } => None,
        })
        .collect();
    assert_eq!(subtotals, [1_224_000_000.0, 4_607_250.0, 15_000_000.0, 52_500_000.0]);
    assert_eq!(read.amounts(total_row), [1_296_107_250.0, 1_290_520_750.0, 586_500.0, 5_000_000.0]);
    assert_eq!(read.amounts(total_row), as_f64(&computed.total));
    assert!((5..9).all(|c| read.bold(total_row, c) && read.number_format(total_row, c) == "#,##0"));

    // A member's labour line: quantity with its decimal, the monthly rate, the coefficient.
    let member = rows.iter().find_map(|r| match r {
        BodyRow::Line { content, quantity, price, note, .. }
            if content == "Thành viên thực hiện chính: Trần Văn Hùng" =>
        {
            Some((*quantity, *price, note.clone()))
        }
        _ => None,
    });
    assert_eq!(member, Some((10.5, 32_000_000.0, "Hệ số 0,8".to_owned())));

    // The first prize is over the ward's cap: noted and filled red, its amounts untouched.
    // The second prize, at the cap, is not flagged.
    let prize_flag = computed.flags.iter().find(|f| f.at == FlagAt::Line(2)).unwrap();
    assert_eq!(prize_flag.excess, Some(m(4_000_000)));
    let flagged: Vec<_> = rows
        .iter()
        .filter_map(|r| match r {
            BodyRow::Line { row, content, amounts, note, .. } if note.contains("Vượt định mức") => {
                Some((*row, content.as_str(), amounts[0], note.as_str()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(flagged.len(), 1, "{flagged:?}");
    let (prize_row, content, amount, note) = flagged[0];
    assert_eq!(content, "Giải nhất cuộc thi ý tưởng khởi nghiệp cấp phường");
    assert_eq!(amount, 20_000_000.0);
    assert!(note.contains(&prize_flag.text.vi), "{note}");
    assert!(note.contains("vượt 4.000.000 ₫"), "{note}");
    assert!(
        note.contains(
            "Thông tư 126/2018/TT-BTC; Cuộc thi cấp địa phương: tối đa so với mức trung ương × 0,8"
        ),
        "the basis names the norm as people do: {note}"
    );
    let codes: Vec<_> = read
        .cells
        .used_cells()
        .filter_map(|(_, _, d)| match d {
            Data::String(s) => Some(s.as_str()),
            _ => None,
        })
        .filter(|s| s.contains("contest.") || s.contains("labor.") || s.contains("plan."))
        .collect();
    assert!(codes.is_empty(), "no internal norm code in the official workbook: {codes:?}");
    assert!((0..10).all(|c| read.filled(prize_row, c)), "the flagged line is filled");
    let others_filled = rows.iter().any(
        |r| matches!(r, BodyRow::Line { row, .. } if *row != prize_row && read.filled(*row, 1)),
    );
    assert!(!others_filled, "only the flagged line is filled");

    // Below the table: the date and the signature headings.
    let (date_row, _) = read.find("TP. Hồ Chí Minh, ngày 01 tháng 3 năm 2026");
    let (signer, _) = read.find("NGƯỜI LẬP DỰ TOÁN");
    assert_eq!(read.find("CHỦ NHIỆM NHIỆM VỤ").0, signer);
    assert_eq!(read.find("TM. ỦY BAN NHÂN DÂN").0, signer);
    assert_eq!(read.find("CHỦ TỊCH").0, signer + 1);
    assert_eq!(read.find("(Ký tên, đóng dấu)").0, signer + 2);
    assert!(total_row < date_row && date_row < signer);
    // The total in words, right under the total: 1.296.107.250 đồng.
    let (words_row, _) = read.find(
        "Bằng chữ: Một tỷ hai trăm chín mươi sáu triệu một trăm linh bảy nghìn hai trăm năm mươi đồng.",
    );
    assert_eq!(words_row, total_row + 1);

    // Diacritics survive (every line's content was compared above, these by name).
    for text in ["Chủ nhiệm nhiệm vụ: Nguyễn Thị Lan", "Hội thảo đánh giá kết quả (Đồng Khởi)"]
    {
        read.find(text);
    }
}

#[test]
fn a_fractional_quantity_keeps_its_decimals() {
    let computed = compute(&ward_task(), &book(), date()).unwrap();
    let read = export_and_read(&header(), &computed);
    let (r, _) = read.find("Điện năng vận hành điểm truy cập số");
    assert_eq!(read.number(r, 3), 1234.5);
    assert_eq!(read.number_format(r, 3), "#,##0.0###");
    assert_eq!(read.number(r, 5), 4_320_750.0);
}

#[test]
fn an_empty_estimate_is_a_valid_workbook_with_a_zero_total() {
    let computed = compute(&Sheet::default(), &book(), date()).unwrap();
    let read = export_and_read(&header(), &computed);
    let (rows, total_row) = body(&read);
    let romans: Vec<&str> = rows
        .iter()
        .map(|r| match r {
            BodyRow::Group { roman, amounts, .. } => {
                assert_eq!(*amounts, [0.0; 4]);
                roman.as_str()
            }
            BodyRow::Line { .. } => panic!("a line row in an empty estimate: {r:?}"),
        })
        .collect();
    assert_eq!(romans, ["I", "II", "III", "IV"]);
    assert_eq!(read.amounts(total_row), [0.0; 4]);
    read.find("TM. ỦY BAN NHÂN DÂN");
}

#[test]
fn a_flag_on_no_line_is_listed_under_the_table_and_nothing_is_clipped() {
    let sheet = Sheet {
        leader_rate: m(45_000_000),
        people: vec![Person {
            name: "Phạm Quốc Đạt".into(),
            role: LabourRole::ChuNhiem,
            months: q("2"),
        }],
        lines: vec![],
    };
    let computed = compute(&sheet, &book(), date()).unwrap();
    assert_eq!(computed.flags[0].at, FlagAt::LeaderRate);
    let read = export_and_read(&header(), &computed);
    let (_, total_row) = body(&read);
    assert_eq!(read.number(total_row, 5), 90_000_000.0, "paid as entered");
    assert_eq!(read.text(total_row + 1, 0), "Bằng chữ: Chín mươi triệu đồng.");
    let note = read.text(total_row + 2, 0);
    assert!(note.starts_with("Lưu ý: "), "{note:?}");
    assert!(note.contains(&computed.flags[0].text.vi), "{note:?}");
}

#[test]
fn the_same_estimate_on_the_same_day_gives_the_same_bytes() {
    let computed = compute(&ward_task(), &book(), date()).unwrap();
    assert_eq!(
        estimate_xlsx(&header(), &computed).unwrap(),
        estimate_xlsx(&header(), &computed).unwrap()
    );
}

/// The attendance workbook read back as Excel would: headings, a unit's line with numbers,
/// the session's subtotal and the grand total.
#[test]
fn the_attendance_workbook_reads_back() {
    use xaso_core::{AttendanceExport, ReportFormat};
    let dir = tempfile::tempdir().unwrap();
    let app = xaso_core::App::open(xaso_core::Config::at(dir.path()));
    app.profile_set(xaso_core::ProfileSet {
        unit_code: "26743".into(),
        display_name: "Nguyễn Thị Lan".into(),
        role: xaso_core::Role::UnitOfficial,
    })
    .unwrap();
    let done = app.attendance_export(AttendanceExport { format: ReportFormat::Xlsx }).unwrap();
    let mut book: Xlsx<_> = open_workbook(&done.path).unwrap();
    let sheet = book.worksheet_range("Điểm danh").unwrap();
    assert_eq!(sheet.get_value((0, 0)), Some(&Data::String("BÁO CÁO ĐIỂM DANH TẬP HUẤN".into())));
    assert_eq!(sheet.get_value((2, 3)), Some(&Data::String("Đơn vị".into())));
    assert_eq!(sheet.get_value((3, 0)), Some(&Data::String("Tổng cộng".into())));
    assert_eq!(sheet.get_value((3, 6)), Some(&Data::Float(0.0)), "nothing attended yet");
    let csv = app.attendance_export(AttendanceExport { format: ReportFormat::Csv }).unwrap();
    assert!(csv.path.ends_with(".csv") && std::path::Path::new(&csv.path).is_file());
}

/// Whitespace folded to single spaces: a PDF's text breaks lines where the layout does.
fn folded(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The PDF's text, page by page, as the app's own search reads a PDF.
fn pdf_pages(bytes: &[u8]) -> Vec<String> {
    pdf_extract::extract_text_from_mem_by_pages(bytes).unwrap().iter().map(|p| folded(p)).collect()
}

#[test]
fn the_pdf_says_everything_the_workbook_says() {
    let computed = compute(&ward_task(), &book(), date()).unwrap();
    let pdf = estimate_pdf(&header(), &computed).unwrap();
    let text = pdf_pages(&pdf.bytes).join(" ");
    // Compared without spaces: a reader may put one where the font changes (the đồng sign
    // comes from the fallback font), or none where a line wraps.
    let squeezed = |s: &str| s.split_whitespace().collect::<String>();
    let all = squeezed(&text);
    let read = export_and_read(&header(), &computed);
    let mut checked = 0;
    for (row, col, cell) in read.cells.used_cells() {
        let want = match cell {
            // Amounts, unit prices and whole quantities, grouped the Vietnamese way.
            Data::Float(f) if f.fract() == 0.0 => xaso_domain::money::group_thousands(*f as i64),
            Data::Float(_) => continue, // 10,5 months: checked below
            Data::String(s) if s.is_empty() => continue,
            Data::String(s) => folded(s),
            other => panic!("unexpected cell at ({row}, {col}): {other:?}"),
        };
        assert!(
            all.contains(&squeezed(&want)),
            "the PDF lacks {want:?} (cell {row}, {col}) in:\n{text}"
        );
        checked += 1;
    }
    assert!(checked > 80, "only {checked} cells compared");
    assert!(text.contains("1.234,5"), "a fractional quantity keeps its decimals");
    assert!(text.contains("ngày 01 tháng 3 năm 2026"), "the estimate's date, as in the workbook");
    assert!(text.contains("Bằng chữ: Một tỷ"), "the total in words");
    assert_eq!(pdf.pages, pdf_pages(&pdf.bytes).len());
}

#[test]
fn a_long_estimate_breaks_across_pages_with_the_signatures_beside_the_total() {
    let mut sheet = ward_task();
    let filler = line(LineGroup::Other, "Văn phòng phẩm cho lớp tập huấn", "bộ", "120", 95_500);
    sheet.lines.extend(std::iter::repeat_n(filler, 60));
    let computed = compute(&sheet, &book(), date()).unwrap();
    let pdf = estimate_pdf(&header(), &computed).unwrap();
    let pages = pdf_pages(&pdf.bytes);
    assert!(pdf.pages >= 3, "{} pages", pdf.pages);
    // The heading repeats on every page; the total, the words and both signatures share
    // the last one; the pages are numbered.
    for (n, page) in pages.iter().enumerate() {
        assert!(page.contains("Ngân sách nhà nước"), "page {}: no heading", n + 1);
        assert!(page.contains(&format!("Trang {} / {}", n + 1, pdf.pages)), "page {}", n + 1);
    }
    let last = pages.last().unwrap();
    for part in ["TỔNG CỘNG", "Bằng chữ", "NGƯỜI LẬP DỰ TOÁN", "TM. ỦY BAN NHÂN DÂN"]
    {
        assert!(last.contains(part), "{part} not on the last page: {last}");
        assert_eq!(pages.iter().filter(|p| p.contains(part)).count(), 1, "{part} once");
    }
    assert!(last.contains("Văn phòng phẩm"), "at least one line of the table ends beside it");
}

#[test]
fn a_task_name_that_looks_like_markup_is_printed_as_typed() {
    let computed = compute(&ward_task(), &book(), date()).unwrap();
    let name = r#"Đề án *số hoá* #eval("1") ] [ $x$ <lbl> @ref \ "#;
    let header = ExportHeader { task_name: name.into(), ..header() };
    let text = pdf_pages(&estimate_pdf(&header, &computed).unwrap().bytes).join(" ");
    assert!(text.contains(&folded(name)), "{text}");
}

#[test]
fn the_pdf_renders_as_a4_landscape_pages() {
    let computed = compute(&ward_task(), &book(), date()).unwrap();
    let pdf = estimate_pdf(&header(), &computed).unwrap();
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("estimate-pdf");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("du-toan.pdf");
    std::fs::write(&file, &pdf.bytes).unwrap();
    // poppler-utils is installed by .ci/run: a missing renderer fails the test.
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", "50", "-png"])
        .arg(&file)
        .arg(dir.join("page"))
        .status()
        .expect("pdftoppm (Debian package poppler-utils) renders the PDF");
    assert!(status.success());
    let mut pngs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    pngs.sort();
    assert_eq!(pngs.len(), pdf.pages, "one image per page");
    for png in &pngs {
        let bytes = std::fs::read(png).unwrap();
        // The IHDR chunk: width and height, big-endian, at bytes 16..24.
        let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
        let ratio = f64::from(width) / f64::from(height);
        assert!((ratio - 297.0 / 210.0).abs() < 0.01, "{}: {width}×{height}", png.display());
    }
}
