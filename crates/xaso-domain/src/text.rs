//! Text the app shows and searches: the two UI languages and diacritics folding.

use serde::{Deserialize, Serialize};
use unicode_normalization::char::decompose_canonical;

/// The UI language. Vietnamese is the default; English is second.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Locale {
    #[default]
    Vi,
    En,
}

impl Locale {
    pub fn as_str(self) -> &'static str {
        match self {
            Locale::Vi => "vi",
            Locale::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Locale> {
        match s {
            "vi" => Some(Locale::Vi),
            "en" => Some(Locale::En),
            _ => None,
        }
    }
}

/// A message in both UI languages; the app picks one when it answers the UI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bilingual {
    pub vi: String,
    pub en: String,
}

impl Bilingual {
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self { vi: vi.into(), en: en.into() }
    }

    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::Vi => &self.vi,
            Locale::En => &self.en,
        }
    }
}

/// Lower-case text with Vietnamese diacritics removed, for search: "Phường Bến Thành"
/// becomes "phuong ben thanh", "ĐỒNG" becomes "dong".
///
/// `đ`/`Đ` are letters of their own in Unicode (no decomposition), so they are mapped by
/// hand; every other mark comes off through canonical decomposition (NFD).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        if matches!(c, 'đ' | 'Đ') {
            out.push('d');
            continue;
        }
        // Each character on its own: only marks would be reordered by full NFD, and
        // every mark is dropped, so the result is the same without the reordering buffer.
        decompose_canonical(c, |d| {
            if !is_combining_mark(d) {
                out.extend(d.to_lowercase());
            }
        });
    }
    out
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}')
}

/// The words of a search query, folded: letters and digits only, so that whatever a user
/// types (quotes, SQL, operators) can only ever be searched for, never interpreted.
pub fn search_words(query: &str) -> Vec<String> {
    fold(query)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_table() {
        let cases = [
            ("Phường Bến Thành", "phuong ben thanh"),
            ("ĐỒNG KHỞI", "dong khoi"),
            ("Dự toán kinh phí", "du toan kinh phi"),
            ("Chuyển đổi số", "chuyen doi so"),
            ("ngân sách", "ngan sach"),
            ("Đặc khu Côn Đảo", "dac khu con dao"),
            // precomposed and decomposed input fold the same
            ("Nguye\u{0302}\u{0303}n", "nguyen"),
            ("already plain 123", "already plain 123"),
        ];
        for (input, want) in cases {
            assert_eq!(fold(input), want, "fold({input:?})");
        }
    }

    /// The per-character fold gives what full NFD then dropping marks gives, for every
    /// Latin letter with marks (Vietnamese uses U+00C0–U+01B0 and U+1EA0–U+1EF9), and for
    /// text that mixes precomposed and combining forms.
    #[test]
    fn fold_matches_full_decomposition() {
        use unicode_normalization::UnicodeNormalization;
        let reference = |s: &str| -> String {
            s.nfd()
                .filter(|c| !is_combining_mark(*c))
                .map(|c| if matches!(c, 'đ' | 'Đ') { 'd' } else { c })
                .flat_map(char::to_lowercase)
                .collect()
        };
        let letters = ('\u{00C0}'..='\u{024F}').chain('\u{1E00}'..='\u{1EFF}');
        for c in letters {
            let s = format!("a{c}b{c}\u{0301}");
            assert_eq!(fold(&s), reference(&s), "{c:?} (U+{:04X})", c as u32);
        }
        let mixed = "Nghi\u{0323}\u{0302} quye\u{0302}\u{0301}t ĐÔ THỊ xã Cần Giờ";
        assert_eq!(fold(mixed), reference(mixed));
    }

    #[test]
    fn search_words_keep_only_letters_and_digits() {
        assert_eq!(search_words("  Ngân   sách  "), ["ngan", "sach"]);
        assert_eq!(search_words("'); DROP TABLE tasks;--"), ["drop", "table", "tasks"]);
        assert_eq!(search_words("\"*NEAR(OR)"), ["near", "or"]);
        assert!(search_words(" -- ").is_empty());
    }
}
