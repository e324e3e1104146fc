//! Metadata values: dates, kinds, voices, reasons; corpus-wide id checks.

use super::{CorpusError, ExclusionReason, SourceKind, Voice};
use crate::Location;
use std::collections::HashMap;
use std::num::NonZeroU32;

/// Check that `s` is an ISO 8601 calendar date or date-time.
///
/// Accepted: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, and `YYYY-MM-DDTHH:MM[:SS[.fff]]` with an
/// optional `Z` or `±HH:MM` offset. A date-time without an offset is local time as the
/// text shows it.
///
/// ```
/// use stancelens::corpus::validate_date;
/// assert!(validate_date("2025-01-23T03:59").is_ok());
/// assert!(validate_date("2024-02-29").is_ok());
/// assert!(validate_date("2025-02-29").is_err());
/// assert!(validate_date("23/01/2025").is_err());
/// ```
pub fn validate_date(s: &str) -> Result<(), String> {
    let (date, time) = match s.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let parts: Vec<&str> = date.split('-').collect();
    let num = |p: &str, len: usize, what: &str| -> Result<u32, String> {
        if p.len() != len || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("{what} must be {len} digits"));
        }
        p.parse::<u32>().map_err(|e| e.to_string())
    };
    let year = num(parts.first().copied().unwrap_or(""), 4, "year")?;
    if parts.len() > 3 {
        return Err("expected YYYY, YYYY-MM or YYYY-MM-DD".into());
    }
    if let Some(m) = parts.get(1) {
        let month = num(m, 2, "month")?;
        if !(1..=12).contains(&month) {
            return Err(format!("month {month} is not 1-12"));
        }
        if let Some(d) = parts.get(2) {
            let day = num(d, 2, "day")?;
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
            let max = match month {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            if day == 0 || day > max {
                return Err(format!("day {day} does not exist in {year}-{month:02}"));
            }
        }
    }
    let Some(time) = time else { return Ok(()) };
    if parts.len() != 3 {
        return Err("a time needs a full date (YYYY-MM-DDTHH:MM)".into());
    }
    let (clock, offset) = if let Some(c) = time.strip_suffix('Z') {
        (c, None)
    } else if let Some(i) = time.rfind(['+', '-']) {
        (&time[..i], Some(&time[i + 1..]))
    } else {
        (time, None)
    };
    let hms: Vec<&str> = clock.split(':').collect();
    if !(2..=3).contains(&hms.len()) {
        return Err("time must be HH:MM or HH:MM:SS".into());
    }
    let hour = num(hms[0], 2, "hour")?;
    let minute = num(hms[1], 2, "minute")?;
    if hour > 23 || minute > 59 {
        return Err(format!("time {hour:02}:{minute:02} does not exist"));
    }
    if let Some(sec) = hms.get(2) {
        let whole = sec.split_once('.').map_or(*sec, |(w, frac)| {
            if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
                "bad"
            } else {
                w
            }
        });
        if num(whole, 2, "second")? > 60 {
            return Err("second is not 0-60".into());
        }
    }
    if let Some(off) = offset {
        let (h, m) = off
            .split_once(':')
            .ok_or_else(|| "offset must be ±HH:MM".to_string())?;
        if num(h, 2, "offset hour")? > 23 || num(m, 2, "offset minute")? > 59 {
            return Err("offset out of range".into());
        }
    }
    Ok(())
}

pub(crate) const KINDS: &str = "article, essay, opinion, news, analysis, comment";
pub(crate) const VOICES: &str = "body, heading, byline, bio, quote, comment";
pub(crate) const REASONS: &str = "navigation, teaser, pull_quote, caption, widget, other";

pub(crate) fn parse_kind(s: &str) -> Option<SourceKind> {
    Some(match s {
        "article" => SourceKind::Article,
        "essay" => SourceKind::Essay,
        "opinion" => SourceKind::Opinion,
        "news" => SourceKind::News,
        "analysis" => SourceKind::Analysis,
        "comment" => SourceKind::Comment,
        _ => return None,
    })
}

/// Voices a manifest may set (exclusions are written with a reason instead).
pub(crate) fn parse_voice(s: &str) -> Option<Voice> {
    Some(match s {
        "body" => Voice::Body,
        "heading" => Voice::Heading,
        "byline" => Voice::Byline,
        "bio" => Voice::Bio,
        "quote" => Voice::Quote,
        "comment" => Voice::Comment,
        _ => return None,
    })
}

pub(crate) fn parse_reason(s: &str) -> Option<ExclusionReason> {
    Some(match s {
        "navigation" => ExclusionReason::Navigation,
        "teaser" => ExclusionReason::Teaser,
        "pull_quote" => ExclusionReason::PullQuote,
        "caption" => ExclusionReason::Caption,
        "widget" => ExclusionReason::Widget,
        "other" => ExclusionReason::Other,
        _ => return None,
    })
}

/// The snake_case name of a serde enum value (for messages and reports).
pub(crate) fn name_of<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// Where an id or parent was written: line and column (`None`: unknown), 8 bytes.
type Pos = (Option<NonZeroU32>, Option<NonZeroU32>);

/// Duplicate ids and dangling parents over a whole corpus, kept compact because a stream
/// of millions of sources goes through it: per source its id and line and column (the
/// file is stored once; a location in another file, which streams never have, is kept
/// aside in full), and for children the parent id.
#[derive(Debug, Default)]
pub(crate) struct IdIndex {
    /// The file every position is in (the first one added).
    path: Option<std::path::PathBuf>,
    /// Each id and where it was first defined.
    first: HashMap<Box<str>, Pos>,
    /// Full locations of first definitions in another file than `path`.
    first_elsewhere: HashMap<Box<str>, Location>,
    /// Duplicate ids, in the order met.
    duplicates: Vec<CorpusError>,
    /// (child id, parent id, where the parent was written), in the order met.
    parents: Vec<(Box<str>, Box<str>, ParentAt)>,
}

/// Where a `parent` was written: a position in the index's file, or a full location.
#[derive(Debug)]
enum ParentAt {
    Here(Pos),
    Elsewhere(Box<Location>),
}

fn pos_of(at: &Location) -> Pos {
    (
        at.line.and_then(NonZeroU32::new),
        at.column.and_then(NonZeroU32::new),
    )
}

impl IdIndex {
    /// One source: its id, where the id was written, and its parent reference if any.
    pub(crate) fn add(&mut self, id: &str, id_at: &Location, parent: Option<(&str, &Location)>) {
        let path = self.path.get_or_insert_with(|| id_at.path.clone());
        let same_file = *path == id_at.path;
        match self.first.get(id) {
            Some(&(line, column)) => {
                let first = match self.first_elsewhere.get(id) {
                    Some(l) => l.clone(),
                    None => Location {
                        path: path.clone(),
                        line: line.map(NonZeroU32::get),
                        column: column.map(NonZeroU32::get),
                    },
                };
                self.duplicates.push(CorpusError::DuplicateId {
                    location: id_at.clone(),
                    id: id.to_owned(),
                    first,
                });
            }
            None => {
                self.first.insert(id.into(), pos_of(id_at));
                if !same_file {
                    self.first_elsewhere.insert(id.into(), id_at.clone());
                }
            }
        }
        if let Some((p, p_at)) = parent {
            let at = if *path == p_at.path {
                ParentAt::Here(pos_of(p_at))
            } else {
                ParentAt::Elsewhere(Box::new(p_at.clone()))
            };
            self.parents.push((id.into(), p.into(), at));
        }
    }

    /// Duplicate ids (in file order), then parents that name no source.
    pub(crate) fn finish(self) -> Vec<CorpusError> {
        let mut errors = self.duplicates;
        let path = self.path.unwrap_or_default();
        for (child, parent, at) in self.parents {
            if !self.first.contains_key(&parent) {
                let location = match at {
                    ParentAt::Here((line, column)) => Location {
                        path: path.clone(),
                        line: line.map(NonZeroU32::get),
                        column: column.map(NonZeroU32::get),
                    },
                    ParentAt::Elsewhere(l) => *l,
                };
                errors.push(CorpusError::DanglingParent {
                    location,
                    id: child.into(),
                    parent: parent.into(),
                });
            }
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        for ok in [
            "2025",
            "2025-03",
            "2025-03-08",
            "2025-01-23T03:59",
            "2025-01-23T03:59:00Z",
            "2025-01-23T03:59:00.5+02:00",
        ] {
            assert!(validate_date(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "25",
            "2025-13",
            "2025-1-2",
            "2025-04-31",
            "2025-01-23T24:00",
            "2025-01T10:00",
            "January 23, 2025",
            "2025-01-23T03:59+2",
        ] {
            assert!(validate_date(bad).is_err(), "{bad}");
        }
    }
}
