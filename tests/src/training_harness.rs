//! Training on top of [`crate::sync_harness`]: a city laptop publishing a programme with a
//! session and materials, a ward's bridge point checking trainees in, and a small real PDF
//! to attach (with text, so the library's search of file text can be tested).

#![allow(clippy::expect_used)] // test support: a missing answer is a failed test

use std::path::{Path, PathBuf};

use xaso_core::{AttendanceMode, TraineeView};
use xaso_core::{
    CheckIn, LibrarySearch, MaterialAdd, MaterialView, ProgrammeInput, SessionDetail,
    SessionFormat, SessionInput, SessionRef, SessionSave, TraineeAdd,
};

use crate::sync_harness::Laptop;

/// A one-page PDF whose text is `lines` (Helvetica, WinAnsi: Latin-1 letters such as
/// "â", "á" are fine; "ư", "ơ", "đ" are not in it).
pub fn minimal_pdf(lines: &[&str]) -> Vec<u8> {
    let escape = |s: &str| -> Vec<u8> {
        let mut out = Vec::new();
        for c in s.chars() {
            let byte = u8::try_from(u32::from(c)).unwrap_or(b'?');
            if matches!(byte, b'\\' | b'(' | b')') {
                out.push(b'\\');
            }
            out.push(byte);
        }
        out
    };
    let mut content = b"BT /F1 12 Tf 72 720 Td".to_vec();
    for line in lines {
        content.extend_from_slice(b" (");
        content.extend(escape(line));
        content.extend_from_slice(b") Tj 0 -14 Td");
    }
    content.extend_from_slice(b" ET");
    let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
    stream.extend(content);
    stream.extend_from_slice(b"\nendstream");
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] \
          /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
        stream,
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).into_bytes());
        out.extend(object);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").into_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .into_bytes(),
    );
    out
}

/// Writes a file for a material into `dir` and returns its path.
pub fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
    path
}

/// A hybrid session on 5 December 2026, every unit taking part.
pub fn session_form(title: &str) -> SessionInput {
    SessionInput {
        title: title.into(),
        topic: "Dự toán kinh phí nhiệm vụ KHCN".into(),
        starts_at: "2026-12-05T08:00".into(),
        ends_at: "2026-12-05T11:30".into(),
        format: SessionFormat::Hybrid,
        place: "Hội trường Sở KHCN, 244 Điện Biên Phủ".into(),
        online_link: "https://meet.tphcm.gov.vn/khcn-0512".into(),
        speakers: "TS. Nguyễn Văn An".into(),
        all_units: true,
        bridge_points: Vec::new(),
        description: String::new(),
    }
}

impl Laptop {
    /// Publishes a programme and one session of it; returns the session.
    pub fn publish_session(&self, programme: &str, session: &str) -> SessionDetail {
        let home = self
            .app()
            .programme_save(ProgrammeInput {
                id: None,
                title: programme.into(),
                description: "Tập huấn cho 168 xã, phường, đặc khu".into(),
            })
            .unwrap_or_else(|e| panic!("publishing a programme: {e}"));
        let programme_id = home
            .programmes
            .iter()
            .find(|p| p.title == programme)
            .expect("the programme")
            .id
            .clone();
        let saved = self
            .app()
            .session_save(SessionSave { programme_id, id: None, form: session_form(session) })
            .unwrap_or_else(|e| panic!("publishing a session: {e}"));
        assert!(saved.issues.is_empty(), "{:?}", saved.issues);
        saved.session.expect("the saved session")
    }

    /// Attaches the file at `path` to a session.
    pub fn attach(&self, session: &SessionDetail, title: &str, path: &Path) -> MaterialView {
        let saved = self
            .app()
            .material_add(MaterialAdd {
                programme_id: session.programme_id.clone(),
                session_id: Some(session.id.clone()),
                title: title.into(),
                description: String::new(),
                path: path.display().to_string(),
            })
            .unwrap_or_else(|e| panic!("attaching {}: {e}", path.display()));
        assert!(saved.issues.is_empty(), "{:?}", saved.issues);
        saved.material.expect("the attached material")
    }

    pub fn session(&self, id: &str) -> SessionDetail {
        self.app()
            .session_get(SessionRef { id: id.into() })
            .unwrap_or_else(|e| panic!("the session {id}: {e}"))
    }

    /// Checks in a new trainee by name.
    pub fn check_in_new(&self, session: &str, name: &str, mode: AttendanceMode) -> SessionDetail {
        self.app()
            .attendance_check_in(CheckIn {
                session_id: session.into(),
                trainee_id: None,
                new_name: name.into(),
                new_position: "Công chức".into(),
                mode,
            })
            .unwrap_or_else(|e| panic!("checking in {name}: {e}"))
    }

    /// Checks in someone of the staff list.
    pub fn check_in(&self, session: &str, trainee: &TraineeView) -> SessionDetail {
        self.app()
            .attendance_check_in(CheckIn {
                session_id: session.into(),
                trainee_id: Some(trainee.id.clone()),
                new_name: String::new(),
                new_position: String::new(),
                mode: AttendanceMode::InPerson,
            })
            .unwrap_or_else(|e| panic!("checking in {}: {e}", trainee.full_name))
    }

    pub fn add_trainee(&self, name: &str) -> TraineeView {
        self.app()
            .trainee_add(TraineeAdd { full_name: name.into(), position: "Chuyên viên".into() })
            .unwrap_or_else(|e| panic!("adding {name}: {e}"))
    }

    /// The titles of the library's hits for `query`.
    pub fn library(&self, query: &str) -> Vec<String> {
        self.app()
            .library_search(LibrarySearch { query: query.into() })
            .unwrap_or_else(|e| panic!("searching the library for {query:?}: {e}"))
            .into_iter()
            .map(|h| h.material.title)
            .collect()
    }
}
