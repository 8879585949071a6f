//! Documents laid out by [Typst](https://typst.app) and written as PDF, by the app itself
//! (not by the system's print dialog, whose paper, fonts and margins vary by machine).
//!
//! A document is a Typst *template* (kept beside the code that owns the document, e.g. the
//! estimate's in `xaso-core`) and its *data*, serialised to JSON and read by the template
//! as `json("/data.json")`. Data never becomes markup: a task named `#eval("…")` or `*]`
//! is printed as those characters, because the template only places the JSON's strings as
//! text and this crate serves no other file. Templates must keep it so (no `eval`).
//!
//! The fonts are bundled (DejaVu Serif Condensed, regular, bold, italic and bold italic:
//! every Vietnamese letter is a precomposed glyph, so "Ự" keeps its horn; DejaVu Sans
//! Condensed after it for the signs the serif lacks, the đồng sign "₫" among them), so a
//! PDF looks the same on every laptop whatever fonts it has. Nothing is read from the disk or the
//! network, and the document's date comes from the data, so the same data gives the same
//! bytes.

use std::sync::LazyLock;

use serde::Serialize;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

/// The families every template sets its text in, in order: a glyph missing from the
/// first is taken from the second.
pub const FONT_FAMILIES: [&str; 2] = ["DejaVu Serif Condensed", "DejaVu Sans Condensed"];

static FONT_FILES: [&[u8]; 6] = [
    include_bytes!("../fonts/DejaVuSerifCondensed.ttf"),
    include_bytes!("../fonts/DejaVuSerifCondensed-Bold.ttf"),
    include_bytes!("../fonts/DejaVuSerifCondensed-Italic.ttf"),
    include_bytes!("../fonts/DejaVuSerifCondensed-BoldItalic.ttf"),
    include_bytes!("../fonts/DejaVuSansCondensed.ttf"),
    include_bytes!("../fonts/DejaVuSansCondensed-Bold.ttf"),
];

/// What every document shares, built once: the standard library and the fonts.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let fonts: Vec<Font> =
        FONT_FILES.iter().flat_map(|data| Font::iter(Bytes::new(*data))).collect();
    Shared {
        library: LazyHash::new(Library::builder().build()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

/// A PDF and how many pages it has.
#[derive(Clone, Debug)]
pub struct Pdf {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Its page count, as laid out.
    pub pages: usize,
}

/// Why a document could not be made. Each is a bug in a template or its caller, not
/// something the user did: the data is placed as text, whatever it holds.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The data could not be turned into JSON.
    #[error("the document's data could not be serialised: {0}")]
    Data(#[from] serde_json::Error),
    /// The template failed to compile or lay out.
    #[error("the document's template failed: {0}")]
    Template(String),
    /// The laid-out document could not be written as PDF.
    #[error("the PDF could not be written: {0}")]
    Export(String),
}

/// Lays `template` out with `data` (read by it as `json("/data.json")`) and writes the PDF.
pub fn render<T: Serialize>(template: &str, data: &T) -> Result<Pdf, PdfError> {
    let world = Document::new(template, serde_json::to_vec(data)?)?;
    let document = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errors| PdfError::Template(describe(&errors)))?;
    let options = typst_pdf::PdfOptions {
        // The PDF says it was made by the app, not by the library's version.
        creator: Smart::Custom(Some("Xã Số".to_owned())),
        ..Default::default()
    };
    let bytes = typst_pdf::pdf(&document, &options)
        .map_err(|errors| PdfError::Export(describe(&errors)))?;
    Ok(Pdf { bytes, pages: document.pages().len() })
}

fn describe(errors: &[SourceDiagnostic]) -> String {
    errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("; ")
}

/// One compilation: the template as the main file and the data as `/data.json`.
struct Document {
    main: Source,
    data_id: FileId,
    data: Bytes,
}

impl Document {
    fn new(template: &str, data: Vec<u8>) -> Result<Self, PdfError> {
        let id = |path: &str| {
            let path = VirtualPath::new(path).map_err(|e| PdfError::Template(format!("{e:?}")))?;
            Ok::<_, PdfError>(FileId::new(RootedPath::new(VirtualRoot::Project, path)))
        };
        Ok(Self {
            main: Source::new(id("/main.typ")?, template.to_owned()),
            data_id: id("/data.json")?,
            data: Bytes::new(data),
        })
    }
}

impl World for Document {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &SHARED.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() { Ok(self.main.clone()) } else { Err(FileError::AccessDenied) }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id { Ok(self.data.clone()) } else { Err(FileError::AccessDenied) }
    }

    fn font(&self, index: usize) -> Option<Font> {
        SHARED.fonts.get(index).cloned()
    }

    /// No clock: a template that wants a date gets it from its data.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"#let d = json("/data.json")
#set page(paper: "a4", flipped: true)
#set text(font: ("DejaVu Serif Condensed", "DejaVu Sans Condensed"), lang: "vi")
#for p in d.paragraphs [#p #pagebreak(weak: true)]
"#;

    #[derive(Serialize)]
    struct Paragraphs<'a> {
        paragraphs: &'a [&'a str],
    }

    #[test]
    fn data_is_printed_as_text_never_as_markup() {
        let hostile = r#"#eval("1+1") *bold* ]) #import "/etc/passwd""#;
        let pdf = render(PAGE, &Paragraphs { paragraphs: &[hostile, "Ự Ữ Ở"] }).unwrap();
        assert!(pdf.bytes.starts_with(b"%PDF-"));
        assert_eq!(pdf.pages, 2, "one page per paragraph");
    }

    #[test]
    fn a_template_cannot_read_files_other_than_its_data() {
        let err = render(r#"#read("/etc/passwd")"#, &()).unwrap_err();
        assert!(matches!(err, PdfError::Template(_)), "{err}");
    }

    #[test]
    fn a_broken_template_says_why() {
        let err = render("#let x = ", &()).unwrap_err();
        assert!(err.to_string().contains("template failed"), "{err}");
    }

    #[test]
    fn the_same_data_gives_the_same_bytes() {
        let data = Paragraphs { paragraphs: &["Dự toán"] };
        assert_eq!(render(PAGE, &data).unwrap().bytes, render(PAGE, &data).unwrap().bytes);
    }
}
