//! Why a file did not arrive (or leave), in words for the person (see `transfer` for the
//! transfers themselves and `blobs` for the laptop's files; both fail with it).

use std::io;

use crate::remote::{Message, RemoteError};

/// Why a file did not arrive (or leave).
#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    /// The server could not be reached, refused, or failed. What arrived is kept.
    #[error(transparent)]
    Remote(#[from] RemoteError),
    /// Not enough free space; nothing was written.
    #[error("not enough disk space: {needed} bytes needed, {available} available")]
    DiskFull { needed: u64, available: u64 },
    /// A chunk kept arriving damaged (`chunk`), or the chunks did not make the file
    /// (`None`: the partial download was dropped).
    #[error("the file {sha256} arrived damaged (chunk {chunk:?})")]
    Corrupt { sha256: String, chunk: Option<u32> },
    /// The server has no complete file of this SHA-256.
    #[error("the file {0} is not on the city server")]
    NotOnServer(String),
    /// Reading or writing a file on this computer failed.
    #[error("file error on this computer: {0}")]
    Io(#[from] io::Error),
}

impl TransferError {
    /// What the UI shows.
    pub fn message(&self) -> Message {
        match self {
            TransferError::Remote(e) => e.message(),
            TransferError::DiskFull { needed, available } => Message::new(
                "disk_full",
                format!(
                    "Ổ đĩa không đủ chỗ trống: cần {} nhưng chỉ còn {}. Hãy xóa bớt tệp rồi thử lại; chưa có gì được ghi.",
                    megabytes(*needed, '.'),
                    megabytes(*available, '.')
                ),
                format!(
                    "Not enough disk space: {} needed, only {} free. Free some space and try again; nothing was written.",
                    megabytes(*needed, ','),
                    megabytes(*available, ',')
                ),
            ),
            TransferError::Corrupt { chunk: Some(i), .. } => Message::new(
                "corrupt",
                format!(
                    "Phần {i} của tệp nhiều lần bị hỏng khi truyền; phần hỏng đã bị loại bỏ. Sẽ thử lại sau."
                ),
                format!(
                    "Chunk {i} of the file kept arriving damaged; the damaged data was discarded. Will try again later."
                ),
            ),
            TransferError::Corrupt { chunk: None, .. } => Message::new(
                "corrupt",
                "Tệp nhận được không khớp mã băm SHA-256 của nó; bản tải dở đã bị xóa. Sẽ tải lại.",
                "The file received does not match its SHA-256; the partial download was deleted. It will be downloaded again.",
            ),
            TransferError::NotOnServer(_) => Message::new(
                "not_on_server",
                "Tệp này không có trên máy chủ thành phố (chưa được đăng hoặc chưa tải lên xong).",
                "This file is not on the city server (not published, or its upload is not finished).",
            ),
            TransferError::Io(e) => Message::new(
                "file_error",
                format!("Không đọc hoặc ghi được tệp trên máy này: {e}"),
                format!("Cannot read or write a file on this computer: {e}"),
            ),
        }
    }
}

/// `bytes` in whole megabytes (10^6), thousands grouped with `sep`.
fn megabytes(bytes: u64, sep: char) -> String {
    let mb = (bytes + 500_000) / 1_000_000;
    let digits = mb.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(d);
    }
    format!("{out} MB")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(megabytes(3_500_000_000, '.'), "3.500 MB");
        assert_eq!(megabytes(1_250_400_000, ','), "1,250 MB");
        assert_eq!(megabytes(999_999, '.'), "1 MB");
        assert_eq!(megabytes(0, '.'), "0 MB");
        assert_eq!(megabytes(123_456_789_000_000, '.'), "123.456.789 MB");
    }
}
