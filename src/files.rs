//! Reading a policy file: everything that can go wrong before parsing becomes a reason
//! for an E005 diagnostic, never a panic or an abort.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::limits::{MAX_CONFIG_BYTES, MAX_FILE_BYTES};

/// The policy file's text, or why it cannot be checked.
pub fn read_policy(path: &Path) -> Result<String, String> {
    read_file(path, MAX_FILE_BYTES, "a policy file")
}

/// The configuration file's text, or why it cannot be read.
pub fn read_config(path: &Path) -> Result<String, String> {
    read_file(path, MAX_CONFIG_BYTES, "a configuration file")
}

fn read_file(path: &Path, limit: u64, what: &str) -> Result<String, String> {
    let metadata = std::fs::metadata(path).map_err(|e| io_reason(&e))?;
    if metadata.is_dir() {
        return Err(format!("this is a directory, not {what}"));
    }
    if !metadata.is_file() {
        // Opening a FIFO would block until someone writes to it.
        return Err("this is not a regular file (a FIFO, socket or device)".to_owned());
    }
    if metadata.len() > limit {
        return Err(too_large(metadata.len(), limit));
    }
    let file = File::open(path).map_err(|e| io_reason(&e))?;
    read_limited(file, usize::try_from(metadata.len()).unwrap_or(0), limit)
}

/// The text of a policy read from a stream (standard input), with the same limits and
/// checks as a file.
pub fn read_text(stream: impl Read, size_hint: usize) -> Result<String, String> {
    read_limited(stream, size_hint, MAX_FILE_BYTES)
}

fn read_limited(stream: impl Read, size_hint: usize, limit: u64) -> Result<String, String> {
    let mut bytes = Vec::with_capacity(size_hint);
    // A file may grow between the size check and the read; a stream has no size.
    stream
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_reason(&e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64, limit));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&valid[line_start..])
                .chars()
                .count()
                + 1;
            return Err(format!(
                "the file is not valid UTF-8 (invalid byte at line {line}, column {column})"
            ));
        }
    };
    if let Some(nul) = text.find('\0') {
        let line = text[..nul].matches('\n').count() + 1;
        return Err(format!("the file is binary (a NUL byte on line {line})"));
    }
    Ok(text)
}

fn too_large(len: u64, limit: u64) -> String {
    format!(
        "the file is too large ({:.1} MiB; the limit is {} MiB)",
        len as f64 / 1024.0 / 1024.0,
        limit / 1024 / 1024
    )
}

fn io_reason(error: &std::io::Error) -> String {
    // ELOOP has no stable ErrorKind yet.
    if error.raw_os_error() == Some(40) {
        return "a symbolic link loop".to_owned();
    }
    match error.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::NotFound => {
            "the file does not exist (a dangling symbolic link?)".to_owned()
        }
        _ => format!("it cannot be read: {error}"),
    }
}
