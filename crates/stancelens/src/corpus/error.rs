//! Errors and warnings of the corpus readers.

use crate::Location;
use serde::Serialize;
use std::fmt;

/// Why a corpus could not be read. Every variant says where the problem is.
///
/// ```
/// use stancelens::corpus::CorpusError;
/// use stancelens::Location;
/// let e = CorpusError::DuplicateId {
///     location: Location::new("corpus.toml").at(9, 6),
///     id: "a".into(),
///     first: Location::new("corpus.toml").at(2, 6),
/// };
/// assert_eq!(e.to_string(), "corpus.toml:9:6: duplicate id `a` (first defined at corpus.toml:2:6)");
/// ```
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CorpusError {
    /// A file could not be read (other than "not found").
    #[error("{location}: cannot read: {message}")]
    Io {
        /// The file (and, for a manifest reference, where it was named).
        location: Location,
        /// The operating system's message.
        message: String,
    },
    /// A file named by the manifest (or the corpus itself) does not exist.
    #[error("{location}: file not found: {path}")]
    MissingFile {
        /// Where the file is named (or the path itself).
        location: Location,
        /// The missing path.
        path: String,
    },
    /// A file is not valid UTF-8; the location is the first bad byte.
    #[error("{location}: invalid UTF-8 (first bad byte 0x{byte:02x})")]
    InvalidUtf8 {
        /// The first invalid byte.
        location: Location,
        /// Its value.
        byte: u8,
    },
    /// The manifest or a JSON line does not parse.
    #[error("{location}: syntax error: {message}")]
    Syntax {
        /// Where the parser stopped.
        location: Location,
        /// The parser's message.
        message: String,
    },
    /// A field name that the format does not know (typos are errors, not ignored).
    #[error("{location}: {message}")]
    UnknownField {
        /// The field.
        location: Location,
        /// The parser's message, naming the field and the expected ones.
        message: String,
    },
    /// A required field is missing.
    #[error("{location}: missing field `{field}`")]
    MissingField {
        /// The table or line lacking the field.
        location: Location,
        /// The field.
        field: String,
    },
    /// A value of the wrong shape (e.g. an unknown `kind`, `voice` or `reason`).
    #[error("{location}: bad {field} `{value}`: expected one of {expected}")]
    BadValue {
        /// The value.
        location: Location,
        /// The field (`kind`, `voice`, `reason`).
        field: String,
        /// What was written.
        value: String,
        /// The accepted values.
        expected: String,
    },
    /// A date that is not ISO 8601.
    #[error("{location}: bad date `{value}`: {message}")]
    BadDate {
        /// The date value.
        location: Location,
        /// What was written.
        value: String,
        /// What is wrong with it.
        message: String,
    },
    /// Two sources share an id.
    #[error("{location}: duplicate id `{id}` (first defined at {first})")]
    DuplicateId {
        /// The second definition.
        location: Location,
        /// The id.
        id: String,
        /// The first definition.
        first: Location,
    },
    /// A `parent` naming no source of the corpus.
    #[error("{location}: parent `{parent}` of `{id}` is not a source of this corpus")]
    DanglingParent {
        /// The `parent` value.
        location: Location,
        /// The child's id.
        id: String,
        /// The missing parent id.
        parent: String,
    },
    /// A source file path that is absolute, or leaves the corpus folder (`..`, symlinks).
    #[error("{location}: path `{path}` {why}; source files must lie inside the corpus folder")]
    PathOutside {
        /// Where the path is named.
        location: Location,
        /// The path as written.
        path: String,
        /// "is absolute", "escapes the corpus folder", "is a symlink leaving the corpus folder".
        why: String,
    },
    /// A line range that does not fit the file, or overlaps another source's.
    #[error("{location}: bad line range: {message}")]
    BadLines {
        /// The `lines` value.
        location: Location,
        /// What is wrong.
        message: String,
    },
    /// A voice or exclusion anchor that matches nothing, or more than one place.
    #[error("{location}: anchor {message}")]
    Anchor {
        /// The anchor value in the manifest.
        location: Location,
        /// What went wrong ("text `…` not found in source `x`").
        message: String,
    },
    /// Several errors, reported together (all anchor problems of a manifest, say).
    #[error("{}", join_errors(.errors))]
    Multiple {
        /// The manifest or file they come from.
        location: Location,
        /// The errors, in file order.
        errors: Vec<CorpusError>,
    },
}

fn join_errors(errors: &[CorpusError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

impl CorpusError {
    /// Where the error is.
    pub fn location(&self) -> &Location {
        match self {
            CorpusError::Io { location, .. }
            | CorpusError::MissingFile { location, .. }
            | CorpusError::InvalidUtf8 { location, .. }
            | CorpusError::Syntax { location, .. }
            | CorpusError::UnknownField { location, .. }
            | CorpusError::MissingField { location, .. }
            | CorpusError::BadValue { location, .. }
            | CorpusError::BadDate { location, .. }
            | CorpusError::DuplicateId { location, .. }
            | CorpusError::DanglingParent { location, .. }
            | CorpusError::PathOutside { location, .. }
            | CorpusError::BadLines { location, .. }
            | CorpusError::Anchor { location, .. }
            | CorpusError::Multiple { location, .. } => location,
        }
    }

    /// The individual errors: the members of [`CorpusError::Multiple`], or `self`.
    pub fn flatten(&self) -> Vec<&CorpusError> {
        match self {
            CorpusError::Multiple { errors, .. } => {
                errors.iter().flat_map(|e| e.flatten()).collect()
            }
            other => vec![other],
        }
    }

    /// One error as is; several as [`CorpusError::Multiple`]; `None` for none.
    pub(crate) fn collect(location: Location, mut errors: Vec<CorpusError>) -> Option<CorpusError> {
        match errors.len() {
            0 => None,
            1 => errors.pop(),
            _ => Some(CorpusError::Multiple { location, errors }),
        }
    }
}

/// What kind of [`Warning`] it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WarningKind {
    /// A source whose text is empty or only whitespace.
    EmptySource,
    /// Text of a corpus file that no source claims.
    UnassignedText,
}

/// Something worth telling the user that does not stop the corpus from loading.
///
/// ```
/// use stancelens::corpus::{Warning, WarningKind};
/// use stancelens::Location;
/// let w = Warning {
///     kind: WarningKind::EmptySource,
///     location: Location::new("c.jsonl").at(3, 1),
///     message: "source `x` has no text".into(),
/// };
/// assert_eq!(w.to_string(), "c.jsonl:3:1: warning: source `x` has no text");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// What kind of warning.
    pub kind: WarningKind,
    /// Where.
    pub location: Location,
    /// A readable message.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: warning: {}", self.location, self.message)
    }
}

/// Read a file's bytes and check they are UTF-8, with a located error.
pub(crate) fn read_utf8(path: &std::path::Path, shown: &Location) -> Result<String, CorpusError> {
    let bytes = std::fs::read(path).map_err(|e| io_error(e, shown, path))?;
    utf8(bytes, &shown.path)
}

pub(crate) fn io_error(e: std::io::Error, shown: &Location, path: &std::path::Path) -> CorpusError {
    if e.kind() == std::io::ErrorKind::NotFound {
        CorpusError::MissingFile {
            location: shown.clone(),
            path: path.display().to_string(),
        }
    } else {
        CorpusError::Io {
            location: shown.clone(),
            message: format!("{}: {e}", path.display()),
        }
    }
}

/// Bytes to a `String`, or an error at the first bad byte's line and column.
pub(crate) fn utf8(bytes: Vec<u8>, path: &std::path::Path) -> Result<String, CorpusError> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let byte = bytes.get(valid).copied().unwrap_or(0);
        let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or("");
        CorpusError::InvalidUtf8 {
            location: Location::from_offset(path, prefix, valid),
            byte,
        }
    })
}
