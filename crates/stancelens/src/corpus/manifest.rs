//! The corpus folder reader: `corpus.toml` plus the text files it names.

use super::anchor::{self, At, Lines, MarkTable, RawMark};
use super::error::{io_error, read_utf8};
use super::meta::{parse_kind, validate_date, IdIndex, KINDS};
use super::voices::excerpt;
use super::{Corpus, CorpusError, Source, SourceMeta, TextOrigin, Warning, WarningKind};
use crate::Location;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use toml::Spanned;

/// The manifest's file name inside a corpus folder.
pub const MANIFEST: &str = "corpus.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestToml {
    name: Option<String>,
    #[serde(default)]
    source: Vec<Spanned<SourceToml>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceToml {
    id: Spanned<String>,
    file: Spanned<String>,
    lines: Option<Spanned<Vec<i64>>>,
    title: Option<String>,
    outlet: Option<String>,
    author: Option<String>,
    date: Option<Spanned<String>>,
    url: Option<String>,
    lang: Option<String>,
    kind: Option<Spanned<String>>,
    parent: Option<Spanned<String>>,
    #[serde(default)]
    voice: Vec<Spanned<MarkToml>>,
    #[serde(default)]
    exclude: Vec<Spanned<MarkToml>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MarkToml {
    voice: Option<Spanned<String>>,
    reason: Option<Spanned<String>>,
    note: Option<String>,
    text: Option<Spanned<String>>,
    from: Option<Spanned<String>>,
    to: Option<Spanned<String>>,
    occurrence: Option<Spanned<i64>>,
    lines: Option<Spanned<Vec<i64>>>,
}

/// Where a manifest value sits.
struct Pos<'a> {
    path: &'a Path,
    text: &'a str,
    lines: crate::error::LineIndex,
}

impl Pos<'_> {
    fn loc(&self, offset: usize) -> Location {
        self.lines.locate(self.path, self.text, offset)
    }

    fn at<T: Clone>(&self, s: &Spanned<T>) -> At<T> {
        At {
            value: s.get_ref().clone(),
            at: self.loc(s.span().start),
        }
    }
}

fn mark(pos: &Pos<'_>, table: MarkTable, m: &Spanned<MarkToml>) -> RawMark {
    let at = pos.loc(m.span().start);
    let m = m.get_ref();
    let opt = |s: &Option<Spanned<String>>| s.as_ref().map(|s| pos.at(s));
    RawMark {
        table,
        at,
        voice: opt(&m.voice),
        reason: opt(&m.reason),
        note: m.note.clone(),
        text: opt(&m.text),
        from: opt(&m.from),
        to: opt(&m.to),
        occurrence: m.occurrence.as_ref().map(|s| pos.at(s)),
        lines: m.lines.as_ref().map(|s| pos.at(s)),
    }
}

/// A toml parse error as a located corpus error.
fn toml_error(e: &toml::de::Error, pos: &Pos<'_>) -> CorpusError {
    let location = match e.span() {
        Some(r) => pos.loc(r.start),
        None => Location::new(pos.path),
    };
    let message = crate::error::toml_message(e, pos.text);
    if message.starts_with("unknown field") {
        CorpusError::UnknownField { location, message }
    } else if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|m| m.split('`').next())
    {
        CorpusError::MissingField {
            location,
            field: field.to_string(),
        }
    } else {
        CorpusError::Syntax { location, message }
    }
}

/// Resolve `rel` inside `dir`, refusing absolute paths, `..`, and symlinks leaving `dir`
/// (unless `allow_outside`: then only relative to `dir`).
fn inside(dir: &Path, rel: &At<String>, allow_outside: bool) -> Result<PathBuf, CorpusError> {
    if allow_outside {
        return Ok(dir.join(&rel.value));
    }
    let outside = |why: &str| CorpusError::PathOutside {
        location: rel.at.clone(),
        path: rel.value.clone(),
        why: why.to_string(),
    };
    let p = Path::new(&rel.value);
    if p.is_absolute() || rel.value.starts_with(['/', '\\']) || p.has_root() {
        return Err(outside("is absolute"));
    }
    if p.components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(outside("escapes the corpus folder"));
    }
    let full = dir.join(p);
    let real = full
        .canonicalize()
        .map_err(|e| io_error(e, &rel.at, &full))?;
    let root = dir.canonicalize().map_err(|e| io_error(e, &rel.at, dir))?;
    if !real.starts_with(&root) {
        return Err(outside("is a symlink leaving the corpus folder"));
    }
    Ok(full)
}

/// Lines of one file claimed by a source.
struct Claim {
    first: u32,
    last: u32,
    id: String,
    at: Location,
}

pub(crate) fn from_dir(
    path: &Path,
    options: &super::ReadOptions,
) -> Result<(Corpus, Vec<Warning>), CorpusError> {
    let (dir, manifest_path) = if path.is_dir() {
        (path.to_path_buf(), path.join(MANIFEST))
    } else {
        let parent = path
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let parent = if parent.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            parent
        };
        (parent, path.to_path_buf())
    };
    let mut text = read_utf8(&manifest_path, &Location::new(&manifest_path))?;
    // A byte-order mark opening the manifest is no part of the TOML.
    if text.starts_with('\u{FEFF}') {
        text.drain(..'\u{FEFF}'.len_utf8());
    }
    let pos = Pos {
        path: &manifest_path,
        text: &text,
        lines: crate::error::LineIndex::new(&text),
    };
    let manifest: ManifestToml = toml::from_str(&text).map_err(|e| toml_error(&e, &pos))?;

    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut files: HashMap<PathBuf, Option<String>> = HashMap::new();
    let mut claims: HashMap<PathBuf, (String, Vec<Claim>)> = HashMap::new();
    let mut ids = IdIndex::default();
    let mut sources = Vec::new();

    for spec in &manifest.source {
        let spec_at = pos.loc(spec.span().start);
        let spec = spec.get_ref();
        let id = pos.at(&spec.id);
        let mut ok = true;

        let kind = match &spec.kind {
            Some(k) => match parse_kind(k.get_ref()) {
                Some(kind) => Some(kind),
                None => {
                    errors.push(CorpusError::BadValue {
                        location: pos.loc(k.span().start),
                        field: "kind".into(),
                        value: k.get_ref().clone(),
                        expected: KINDS.into(),
                    });
                    ok = false;
                    None
                }
            },
            None => None,
        };
        if let Some(d) = &spec.date {
            if let Err(message) = validate_date(d.get_ref()) {
                errors.push(CorpusError::BadDate {
                    location: pos.loc(d.span().start),
                    value: d.get_ref().clone(),
                    message,
                });
                ok = false;
            }
        }
        let parent_at = spec.parent.as_ref().map(|p| pos.loc(p.span().start));
        ids.add(
            &id.value,
            &id.at,
            spec.parent
                .as_ref()
                .map(|p| p.get_ref().as_str())
                .zip(parent_at.as_ref()),
        );

        // The file: resolved once, read once, shared by all sources reading it.
        let file = pos.at(&spec.file);
        let full = match inside(&dir, &file, options.allow_outside) {
            Ok(f) => f,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let content = files.entry(full.clone()).or_insert_with(|| {
            match read_utf8(&full, &Location::new(&full)) {
                Ok(t) => Some(t),
                Err(e) => {
                    errors.push(e);
                    None
                }
            }
        });
        let Some(content) = content.as_deref() else {
            continue;
        };

        let file_lines = Lines::new(content, 1);
        let (first, last) = match &spec.lines {
            Some(l) => {
                let l = pos.at(l);
                let range = anchor::parse_lines(&l).and_then(|(a, b)| {
                    if b > file_lines.last_line() {
                        Err(CorpusError::BadLines {
                            location: l.at.clone(),
                            message: format!(
                                "lines {a}-{b}, but {} has {} lines",
                                file.value,
                                file_lines.last_line()
                            ),
                        })
                    } else {
                        Ok((a, b))
                    }
                });
                match range {
                    Ok(r) => r,
                    Err(e) => {
                        errors.push(e);
                        continue;
                    }
                }
            }
            None => (1, file_lines.last_line()),
        };
        claims
            .entry(full.clone())
            .or_insert_with(|| (file.value.clone(), Vec::new()))
            .1
            .push(Claim {
                first,
                last,
                id: id.value.clone(),
                at: spec
                    .lines
                    .as_ref()
                    .map_or_else(|| file.at.clone(), |l| pos.loc(l.span().start)),
            });
        let Some(region) = file_lines.span(first, last) else {
            continue;
        };
        // Take whole lines, including the last line's newline.
        let end = if content[region.end..].starts_with('\n') {
            region.end + 1
        } else {
            region.end
        };
        let source_text = content[region.start..end].to_string();
        let lines = Lines::new(&source_text, first);

        let n_marks = spec.voice.len() + spec.exclude.len();
        if n_marks > anchor::MAX_MARKS_PER_SOURCE {
            let over = spec
                .voice
                .iter()
                .chain(&spec.exclude)
                .nth(anchor::MAX_MARKS_PER_SOURCE)
                .map_or_else(|| spec_at.clone(), |m| pos.loc(m.span().start));
            errors.push(anchor::too_many_marks(&over, &id.value, n_marks));
            continue;
        }
        let mut marks = Vec::new();
        let raw = spec
            .voice
            .iter()
            .map(|m| mark(&pos, MarkTable::Voice, m))
            .chain(
                spec.exclude
                    .iter()
                    .map(|m| mark(&pos, MarkTable::Exclude, m)),
            );
        for m in raw {
            match anchor::resolve(&m, &source_text, &lines, &id.value) {
                Ok(v) => marks.push(v),
                Err(e) => {
                    errors.push(e);
                    ok = false;
                }
            }
        }
        if !ok {
            continue;
        }
        if source_text.trim().is_empty() {
            warnings.push(Warning {
                kind: WarningKind::EmptySource,
                location: spec_at.clone(),
                message: format!("source `{}` has no text", id.value),
            });
        }
        let meta = SourceMeta {
            id: id.value.clone(),
            title: spec.title.clone(),
            outlet: spec.outlet.clone(),
            author: spec.author.clone(),
            date: spec.date.as_ref().map(|d| d.get_ref().clone()),
            url: spec.url.clone(),
            lang: spec.lang.clone(),
            kind,
            parent: spec.parent.as_ref().map(|p| p.get_ref().clone()),
        };
        let origin = TextOrigin {
            file: PathBuf::from(&file.value),
            first_line: first,
            byte_offset: region.start,
        };
        sources.push(Source::with_marks(meta, source_text, &marks, Some(origin)));
    }

    errors.extend(ids.finish());
    for (full, (shown, list)) in &mut claims {
        let Some(Some(content)) = files.get(full) else {
            continue;
        };
        check_claims(full, shown, content, list, &mut errors, &mut warnings);
    }
    errors.sort_by(|a, b| {
        let (la, lb) = (a.location(), b.location());
        (&la.path, la.line, la.column).cmp(&(&lb.path, lb.line, lb.column))
    });
    if let Some(e) = CorpusError::collect(Location::new(&manifest_path), errors) {
        return Err(e);
    }
    warnings.sort_by(|a, b| {
        let (la, lb) = (&a.location, &b.location);
        (&la.path, la.line, la.column).cmp(&(&lb.path, lb.line, lb.column))
    });
    let name = manifest.name.unwrap_or_else(|| {
        dir.canonicalize()
            .ok()
            .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_default()
    });
    Ok((Corpus { name, sources }, warnings))
}

/// Overlapping claims are errors; unclaimed non-blank lines are warnings.
fn check_claims(
    full: &Path,
    shown: &str,
    content: &str,
    list: &mut [Claim],
    errors: &mut Vec<CorpusError>,
    warnings: &mut Vec<Warning>,
) {
    list.sort_by_key(|c| (c.first, c.last));
    for w in list.windows(2) {
        if w[1].first <= w[0].last {
            errors.push(CorpusError::BadLines {
                location: w[1].at.clone(),
                message: format!(
                    "source `{}` reads lines {}-{} of {shown}, overlapping lines {}-{} of source `{}`",
                    w[1].id, w[1].first, w[1].last, w[0].first, w[0].last, w[0].id
                ),
            });
        }
    }
    let lines: Vec<&str> = content.split('\n').collect();
    let claimed = |n: u32| list.iter().any(|c| c.first <= n && n <= c.last);
    let mut i = 0usize;
    while i < lines.len() {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if claimed(n) || lines[i].trim().is_empty() {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && !claimed(u32::try_from(i + 1).unwrap_or(u32::MAX)) {
            i += 1;
        }
        // Report the block without its trailing blank lines.
        let mut end = i;
        while end > start && lines[end - 1].trim().is_empty() {
            end -= 1;
        }
        let block = lines[start..end].join("\n");
        warnings.push(Warning {
            kind: WarningKind::UnassignedText,
            location: Location::new(full).at(u32::try_from(start + 1).unwrap_or(u32::MAX), 1),
            message: format!(
                "lines {}-{} of {shown} belong to no source: {}",
                start + 1,
                end,
                excerpt(&block, 50)
            ),
        });
    }
}
