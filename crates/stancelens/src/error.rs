//! Locations shared by every error that points into a file.

use std::fmt;
use std::path::PathBuf;

/// Where a problem sits: a file and, where known, a 1-based line and column.
///
/// Columns count characters (not bytes) so that they match what an editor shows.
///
/// ```
/// use stancelens::Location;
/// let loc = Location::new("corpus/manifest.toml").at(3, 7);
/// assert_eq!(loc.to_string(), "corpus/manifest.toml:3:7");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Location {
    /// The file, as the user named it (or `<stdin>`, `<memory>`).
    pub path: PathBuf,
    /// 1-based line, when known.
    pub line: Option<u32>,
    /// 1-based column in characters, when known.
    pub column: Option<u32>,
}

impl Location {
    /// A location naming only a file.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Location {
            path: path.into(),
            line: None,
            column: None,
        }
    }

    /// The same file at a line and column.
    #[must_use]
    pub fn at(mut self, line: u32, column: u32) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// The location of byte `offset` in `text`, which is the content of `path`.
    ///
    /// ```
    /// use stancelens::Location;
    /// let loc = Location::from_offset("f.toml", "a = 1\nbé = x\n", 10);
    /// assert_eq!((loc.line, loc.column), (Some(2), Some(4)));
    /// ```
    pub fn from_offset(path: impl Into<PathBuf>, text: &str, offset: usize) -> Self {
        let offset = offset.min(text.len());
        let mut line = 1u32;
        let mut line_start = 0usize;
        for (i, b) in text.as_bytes()[..offset].iter().enumerate() {
            if *b == b'\n' {
                line = line.saturating_add(1);
                line_start = i + 1;
            }
        }
        // Count characters up to the offset; tolerate an offset inside a character.
        let column = text
            .get(line_start..)
            .map(|rest| {
                rest.char_indices()
                    .take_while(|(i, _)| line_start + i < offset)
                    .count()
            })
            .unwrap_or(0);
        Location::new(path).at(line, u32::try_from(column + 1).unwrap_or(u32::MAX))
    }
}

/// Line starts of a text, so that many offsets of one file are located without scanning
/// the file from its top each time (which made big rule files quadratic to load).
#[derive(Clone, Debug, Default)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The same location as [`Location::from_offset`], found by binary search.
    pub(crate) fn locate(&self, path: impl Into<PathBuf>, text: &str, offset: usize) -> Location {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let line_start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = text
            .get(line_start..)
            .map(|rest| {
                rest.char_indices()
                    .take_while(|(i, _)| line_start + i < offset)
                    .count()
            })
            .unwrap_or(0);
        Location::new(path).at(
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(column + 1).unwrap_or(u32::MAX),
        )
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// The message of a TOML parse error, naming the key where the parser's message does not
/// ("duplicate key" alone leaves the reader hunting through the file).
pub(crate) fn toml_message(e: &toml::de::Error, text: &str) -> String {
    let message = e.message().trim();
    let key = e
        .span()
        .and_then(|s| text.get(s))
        .map(|k| k.trim().trim_matches(['"', '\'']))
        .filter(|k| !k.is_empty() && k.len() <= 200 && !k.contains('\n'));
    match key {
        Some(k) if message == "duplicate key" => format!("duplicate key `{k}`"),
        _ => message.to_owned(),
    }
}

#[cfg(test)]
mod toml_message_tests {
    use super::toml_message;

    #[test]
    fn a_duplicate_key_is_named() {
        let text = "[t]\nweight = 1.0\nweight = 2.0\n";
        let Err(e) = toml::from_str::<toml::Table>(text) else {
            panic!("a duplicate key must be an error");
        };
        assert_eq!(toml_message(&e, text), "duplicate key `weight`");
    }
}
