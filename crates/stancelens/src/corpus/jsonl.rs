//! The JSON Lines reader: one source per line, streamed.

use super::anchor::{self, At, Lines, MarkTable, RawMark};
use super::error::utf8;
use super::meta::{parse_kind, validate_date, IdIndex, KINDS};
use super::voices::TextTokens;
use super::{CorpusError, Source, SourceMeta, Warning, WarningKind};
use crate::Location;
use serde::Deserialize;
use std::io::BufRead;
use std::path::PathBuf;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceJson {
    id: String,
    text: String,
    title: Option<String>,
    outlet: Option<String>,
    author: Option<String>,
    date: Option<String>,
    url: Option<String>,
    lang: Option<String>,
    kind: Option<String>,
    parent: Option<String>,
    #[serde(default)]
    voices: Vec<MarkJson>,
    #[serde(default)]
    exclude: Vec<MarkJson>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MarkJson {
    voice: Option<String>,
    reason: Option<String>,
    note: Option<String>,
    text: Option<String>,
    from: Option<String>,
    to: Option<String>,
    occurrence: Option<i64>,
    lines: Option<Vec<i64>>,
}

/// A streaming reader of a JSON Lines corpus: an iterator of sources, one per line.
///
/// Each line is one JSON object with `id` and `text` (required) and optionally `title`,
/// `outlet`, `author`, `date` (ISO 8601), `url`, `lang`, `kind`, `parent`, `voices` and
/// `exclude` (voice marks, as in the manifest; `lines` count from the text's first
/// line). Unknown fields are errors. Blank lines are skipped. Corpus-wide checks
/// (duplicate ids, dangling parents) need every line: call [`JsonlSources::finish`]
/// after the last item.
///
/// ```
/// use stancelens::corpus::JsonlSources;
/// let data = "{\"id\": \"a\", \"text\": \"One.\"}\n\n{\"id\": \"b\", \"text\": \"Two.\", \"parent\": \"a\"}\n";
/// let mut reader = JsonlSources::new(data.as_bytes(), "mem.jsonl");
/// let ids: Vec<String> = reader.by_ref().map(|s| s.map(|s| s.meta.id)).collect::<Result<_, _>>()?;
/// assert_eq!(ids, ["a", "b"]);
/// let (warnings, errors) = reader.finish();
/// assert!(warnings.is_empty() && errors.is_empty());
/// # Ok::<(), stancelens::corpus::CorpusError>(())
/// ```
#[derive(Debug)]
pub struct JsonlSources<R> {
    reader: R,
    path: PathBuf,
    line: u32,
    buf: Vec<u8>,
    ids: IdIndex,
    warnings: Vec<Warning>,
    done: bool,
    /// When the caller asked for them: the last source's sentences and tokens.
    kept: Option<TextTokens>,
}

impl<R: BufRead> JsonlSources<R> {
    /// Read sources from `reader`; `name` is the file name used in locations.
    pub fn new(reader: R, name: impl Into<PathBuf>) -> Self {
        JsonlSources {
            reader,
            path: name.into(),
            line: 0,
            buf: Vec::new(),
            ids: IdIndex::default(),
            warnings: Vec::new(),
            done: false,
            kept: None,
        }
    }

    /// Keep each source's sentences and tokens, as its duplicate detector found them,
    /// for [`take_tokens`](Self::take_tokens).
    pub(crate) fn keeping_tokens(mut self) -> Self {
        self.kept = Some(TextTokens::default());
        self
    }

    /// The sentences and tokens of the source last returned, when kept.
    pub(crate) fn take_tokens(&mut self) -> Option<TextTokens> {
        self.kept.as_mut().map(std::mem::take)
    }

    /// Tokens taken with a source and done with: their vectors' capacity serves the next
    /// source (a text's worth of tokens each, allocated afresh otherwise).
    pub(crate) fn give_back(&mut self, tokens: TextTokens) {
        if let Some(kept) = self.kept.as_mut() {
            if kept.is_unallocated() {
                *kept = tokens;
            }
        }
    }

    /// The next source with its kept sentences and tokens ([`keeping_tokens`]), paired
    /// here so that no caller can take another source's.
    ///
    /// [`keeping_tokens`]: Self::keeping_tokens
    pub(crate) fn next_with_tokens(
        &mut self,
    ) -> Option<Result<(Source, Option<TextTokens>), CorpusError>> {
        let item = self.next()?;
        Some(item.map(|source| (source, self.take_tokens())))
    }

    /// Warnings so far, and the corpus-wide errors (duplicate ids, dangling parents)
    /// over all sources read.
    pub fn finish(self) -> (Vec<Warning>, Vec<CorpusError>) {
        (self.warnings, self.ids.finish())
    }

    fn loc(&self, column: usize) -> Location {
        Location::new(&self.path).at(self.line, u32::try_from(column).unwrap_or(u32::MAX))
    }

    /// The location of `"key"` in the current line, or its start.
    fn field_at(&self, line: &str, key: &str) -> Location {
        let col = line
            .find(&format!("\"{key}\""))
            .map_or(1, |b| line[..b].chars().count() + 1);
        self.loc(col)
    }

    fn parse(&mut self, line: &str) -> Result<Source, CorpusError> {
        let spec: SourceJson = serde_json::from_str(line).map_err(|e| {
            let location = self.loc(e.column().max(1));
            let full = e.to_string();
            let message = full
                .rfind(" at line ")
                .map_or(full.as_str(), |i| &full[..i])
                .to_string();
            if let Some(rest) = message.strip_prefix("unknown field `") {
                // Point at the key itself, not where the parser noticed it.
                let key = rest.split('`').next().unwrap_or("");
                CorpusError::UnknownField {
                    location: self.field_at(line, key),
                    message,
                }
            } else if let Some(field) = message
                .strip_prefix("missing field `")
                .and_then(|m| m.split('`').next())
            {
                CorpusError::MissingField {
                    location: self.loc(1),
                    field: field.to_string(),
                }
            } else {
                CorpusError::Syntax { location, message }
            }
        })?;
        let id_at = self.field_at(line, "id");
        let parent_at = spec.parent.as_ref().map(|_| self.field_at(line, "parent"));
        let parent = spec.parent.as_deref().zip(parent_at.as_ref());
        self.ids.add(&spec.id, &id_at, parent);
        let mut errors = Vec::new();
        let kind = match &spec.kind {
            Some(k) => match parse_kind(k) {
                Some(kind) => Some(kind),
                None => {
                    errors.push(CorpusError::BadValue {
                        location: self.field_at(line, "kind"),
                        field: "kind".into(),
                        value: k.clone(),
                        expected: KINDS.into(),
                    });
                    None
                }
            },
            None => None,
        };
        if let Some(d) = &spec.date {
            if let Err(message) = validate_date(d) {
                errors.push(CorpusError::BadDate {
                    location: self.field_at(line, "date"),
                    value: d.clone(),
                    message,
                });
            }
        }
        let lines = Lines::new(&spec.text, 1);
        let n_marks = spec.voices.len() + spec.exclude.len();
        if n_marks > anchor::MAX_MARKS_PER_SOURCE {
            return Err(anchor::too_many_marks(
                &self.field_at(line, "voices"),
                &spec.id,
                n_marks,
            ));
        }
        let mut marks = Vec::new();
        let raw = spec
            .voices
            .iter()
            .map(|m| (MarkTable::Voice, m, self.field_at(line, "voices")))
            .chain(
                spec.exclude
                    .iter()
                    .map(|m| (MarkTable::Exclude, m, self.field_at(line, "exclude"))),
            );
        for (table, m, at) in raw {
            let a = |v: &Option<String>| {
                v.clone().map(|value| At {
                    value,
                    at: at.clone(),
                })
            };
            let raw = RawMark {
                table,
                at: at.clone(),
                voice: a(&m.voice),
                reason: a(&m.reason),
                note: m.note.clone(),
                text: a(&m.text),
                from: a(&m.from),
                to: a(&m.to),
                occurrence: m.occurrence.map(|value| At {
                    value,
                    at: at.clone(),
                }),
                lines: m.lines.clone().map(|value| At {
                    value,
                    at: at.clone(),
                }),
            };
            match anchor::resolve(&raw, &spec.text, &lines, &spec.id) {
                Ok(v) => marks.push(v),
                Err(e) => errors.push(e),
            }
        }
        if let Some(e) = CorpusError::collect(self.loc(1), errors) {
            return Err(e);
        }
        if spec.text.trim().is_empty() {
            self.warnings.push(Warning {
                kind: WarningKind::EmptySource,
                location: id_at,
                message: format!("source `{}` has no text", spec.id),
            });
        }
        let meta = SourceMeta {
            id: spec.id,
            title: spec.title,
            outlet: spec.outlet,
            author: spec.author,
            date: spec.date,
            url: spec.url,
            lang: spec.lang,
            kind,
            parent: spec.parent,
        };
        Ok(Source::with_marks_keeping(
            meta,
            spec.text,
            &marks,
            None,
            self.kept.as_mut(),
        ))
    }
}

impl<R: BufRead> Iterator for JsonlSources<R> {
    type Item = Result<Source, CorpusError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    self.line = self.line.saturating_add(1);
                    let bytes = std::mem::take(&mut self.buf);
                    let text = match utf8(bytes, &self.path) {
                        Ok(t) => t,
                        Err(CorpusError::InvalidUtf8 { location, byte }) => {
                            // The column is right; the line is this JSONL line.
                            let location = Location {
                                line: Some(self.line),
                                ..location
                            };
                            return Some(Err(CorpusError::InvalidUtf8 { location, byte }));
                        }
                        Err(e) => return Some(Err(e)),
                    };
                    // A byte-order mark opening the file (Windows tools write one) is no
                    // part of the JSON.
                    let line = match (self.line, text.strip_prefix('\u{FEFF}')) {
                        (1, Some(rest)) => rest,
                        _ => text.as_str(),
                    };
                    if line.trim().is_empty() {
                        continue;
                    }
                    return Some(self.parse(line.trim_end_matches(['\n', '\r'])));
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(CorpusError::Io {
                        location: self.loc(1),
                        message: e.to_string(),
                    }));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: &str = concat!(
        r#"{"id":"a","text":"A long first text. It has, in all, three sentences.\n\nAnd two paragraphs."}"#,
        "\n",
        r#"{"id":"b","text":"Short. Then “quoted words” here."}"#,
        "\n",
    );

    /// Tokens given back after the first source serve the second: what the reader keeps
    /// for it is what a reader that never had the first keeps (seen failing with the
    /// vectors given back unemptied).
    #[test]
    fn tokens_given_back_serve_the_next_source_alike() -> Result<(), CorpusError> {
        let mut reader = JsonlSources::new(TWO.as_bytes(), "two.jsonl").keeping_tokens();
        let Some(first) = reader.next_with_tokens() else {
            panic!("no first source");
        };
        let (_, kept) = first?;
        reader.give_back(kept.unwrap_or_default());
        let Some(second) = reader.next_with_tokens() else {
            panic!("no second source");
        };
        let (source, reused) = second?;
        let Some(reused) = reused else {
            panic!("nothing kept for the second source");
        };
        assert!(reused.fits(&source.text));
        let alone = TWO.lines().nth(1).unwrap_or_default();
        let mut fresh = JsonlSources::new(alone.as_bytes(), "one.jsonl").keeping_tokens();
        let Some(Ok((_, Some(fresh)))) = fresh.next_with_tokens() else {
            panic!("nothing kept for the source read alone");
        };
        assert_eq!(format!("{reused:?}"), format!("{fresh:?}"));
        Ok(())
    }
}
