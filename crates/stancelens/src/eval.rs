//! Evaluation on labelled stance data sets: SemEval-2016 Task 6 and the like.
//!
//! A data set is a table of texts, each with a gold stance (favour, against or none) and,
//! optionally, a target (SemEval's files hold five targets in one table). [`Dataset::parse`]
//! reads it as TSV (SemEval's files: tab-separated, no quoting), CSV (RFC 4180 quoting) or
//! JSON Lines, with errors that name the file, line and column. [`evaluate`] scores every text
//! as one source under a subject, takes the overall stance toward the subject's target as the
//! prediction, and reports the confusion matrix, per-class precision, recall and F1, the
//! SemEval metric `F_avg = (F_favour + F_against) / 2`, and the majority-class baseline beside
//! them, overall and per target. Each prediction keeps its evidence, so every miss can be
//! read back to the words that produced it.
//!
//! No data set is bundled: the public ones forbid redistribution (SemEval-2016's terms) or
//! carry licences of their own. Bring the file; `docs/evaluation.md` says how.
//!
//! ```
//! use stancelens::eval::{evaluate, Columns, Dataset, DatasetFormat, EvalOptions, Gold};
//! use stancelens::stance::StanceEngine;
//! use stancelens::topics::Subject;
//! let tsv = "ID\tTarget\tTweet\tStance\n\
//!            1\tthe alignment\tIran's threats against Azerbaijan are growing.\tFAVOR\n\
//!            2\tthe alignment\tThe weather was mild in Baku.\tNONE\n";
//! let data = Dataset::parse(tsv, "mini.tsv", DatasetFormat::Tsv, &Columns::default())?;
//! assert_eq!(data.rows.len(), 2);
//! assert_eq!(data.rows[0].gold, Gold::Favour);
//! let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
//! let result = evaluate(&data, &engine, &EvalOptions::default());
//! assert_eq!(result.overall.rows, 2);
//! assert_eq!(result.predictions[1].predicted, Gold::None); // nothing on the subject
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::compare::{layer_infos, worker_pool, LayerInfo};
use crate::corpus::{Source, SourceKind, SourceMeta};
use crate::error::LineIndex;
use crate::stance::{EvidenceSentence, StanceEngine, StanceLabel};
use crate::Location;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// A gold or predicted stance class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Gold {
    /// For the target.
    Favour,
    /// Against the target.
    Against,
    /// Neither (SemEval's `NONE`).
    None,
}

impl Gold {
    /// The three classes, in the order of [`Metrics::confusion`]'s rows and columns.
    pub const ALL: [Gold; 3] = [Gold::Favour, Gold::Against, Gold::None];

    fn index(self) -> usize {
        match self {
            Gold::Favour => 0,
            Gold::Against => 1,
            Gold::None => 2,
        }
    }

    /// The class a label word names: `favor`/`favour`/`for`/`pro`/`support`,
    /// `against`/`con`/`oppose`, `none`/`neutral`/`neither` (any case). Numbers are not
    /// read here: data sets disagree on what `0`, `1` and `2` mean (give a label map).
    ///
    /// ```
    /// use stancelens::eval::Gold;
    /// assert_eq!(Gold::from_word("FAVOR"), Some(Gold::Favour));
    /// assert_eq!(Gold::from_word("neutral"), Some(Gold::None));
    /// assert_eq!(Gold::from_word("1"), None);
    /// ```
    pub fn from_word(word: &str) -> Option<Gold> {
        match word.trim().to_ascii_lowercase().as_str() {
            "favor" | "favour" | "for" | "pro" | "support" | "supports" | "in favor"
            | "in favour" => Some(Gold::Favour),
            "against" | "con" | "oppose" | "opposes" => Some(Gold::Against),
            "none" | "neutral" | "neither" => Some(Gold::None),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Gold::Favour => "favour",
            Gold::Against => "against",
            Gold::None => "none",
        }
    }
}

impl fmt::Display for Gold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How the table is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatasetFormat {
    /// Tab-separated with a header line and no quoting (SemEval-2016's files).
    Tsv,
    /// Comma-separated with a header line; fields may be quoted (`"…"`, `""` inside).
    Csv,
    /// One JSON object per line.
    Jsonl,
}

impl DatasetFormat {
    /// The format a file name implies: `.tsv`/`.txt` → TSV, `.csv` → CSV,
    /// `.jsonl`/`.ndjson` → JSON Lines.
    ///
    /// ```
    /// use stancelens::eval::DatasetFormat;
    /// assert_eq!(DatasetFormat::from_path("testdata-taskA.txt".as_ref()), Some(DatasetFormat::Tsv));
    /// assert_eq!(DatasetFormat::from_path("x.parquet".as_ref()), None);
    /// ```
    pub fn from_path(path: &Path) -> Option<DatasetFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "tsv" | "txt" => Some(DatasetFormat::Tsv),
            "csv" => Some(DatasetFormat::Csv),
            "jsonl" | "ndjson" => Some(DatasetFormat::Jsonl),
            _ => None,
        }
    }
}

/// Which columns (or JSON keys) hold what, and what numeric or unusual labels mean. Unset
/// columns are found by name, case-insensitively: text `text`, `tweet`, `sentence`, `post`,
/// `body`, `content`; label `stance`, `label`, `gold`, `gold_label`; target `target`; id
/// `id`. Target and id are optional.
#[derive(Clone, Debug, Default)]
pub struct Columns {
    /// The text column.
    pub text: Option<String>,
    /// The gold label column.
    pub label: Option<String>,
    /// The target column (rows of several targets in one file).
    pub target: Option<String>,
    /// The id column (default: `row-<line>`).
    pub id: Option<String>,
    /// Labels read before the words [`Gold::from_word`] knows, compared case-insensitively
    /// after trimming: e.g. `("0", Gold::Against)` for a data set whose `0` means against.
    pub label_map: Vec<(String, Gold)>,
}

const TEXT_NAMES: [&str; 6] = ["text", "tweet", "sentence", "post", "body", "content"];
const LABEL_NAMES: [&str; 4] = ["stance", "label", "gold", "gold_label"];

/// One labelled text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    /// The id column's value, or `row-<line>`.
    pub id: String,
    /// 1-based line where the row starts.
    pub line: u32,
    /// The target column's value, if the table has one.
    pub target: Option<String>,
    /// The text.
    pub text: String,
    /// The gold class.
    pub gold: Gold,
}

/// A labelled data set.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    /// The file, as named.
    pub path: PathBuf,
    /// The columns used (as written in the file).
    pub text_column: String,
    /// The label column used.
    pub label_column: String,
    /// The target column used, if any.
    pub target_column: Option<String>,
    /// The rows, in file order.
    pub rows: Vec<Row>,
}

/// A data set that cannot be read: every variant names the file and, where known, the line
/// and column.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum EvalError {
    /// The file cannot be read.
    #[error("{path}: {message}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The system's message.
        message: String,
    },
    /// The bytes are not UTF-8.
    #[error("{location}: invalid UTF-8 (first bad byte 0x{byte:02x}); convert the file first, e.g. `iconv -f windows-1252 -t utf-8`")]
    NotUtf8 {
        /// Where the first bad byte is.
        location: Location,
        /// That byte.
        byte: u8,
    },
    /// No header line (TSV, CSV) or no row.
    #[error("{location}: {what}")]
    Empty {
        /// The file.
        location: Location,
        /// What is missing.
        what: &'static str,
    },
    /// A needed column is missing.
    #[error("{location}: no {role} column{}; the columns are: {}", wanted.as_ref().map(|w| format!(" `{w}`")).unwrap_or_default(), found.join(", "))]
    MissingColumn {
        /// The header line (or the JSON line without the key).
        location: Location,
        /// `text`, `label`, `target` or `id`.
        role: &'static str,
        /// The name asked for, if one was given.
        wanted: Option<String>,
        /// The columns or keys there are.
        found: Vec<String>,
    },
    /// A row with more or fewer fields than the header.
    #[error("{location}: {found} fields where the header has {expected}")]
    FieldCount {
        /// The row (column: where the first extra field starts, or the end of a short row).
        location: Location,
        /// The header's count.
        expected: usize,
        /// The row's count.
        found: usize,
    },
    /// A CSV quoting error.
    #[error("{location}: {message}")]
    Quote {
        /// Where.
        location: Location,
        /// What.
        message: &'static str,
    },
    /// A JSON Lines line that is no JSON object, or a field of the wrong type.
    #[error("{location}: {message}")]
    Json {
        /// Where.
        location: Location,
        /// What.
        message: String,
    },
    /// A label that is neither in the label map nor a known word.
    #[error("{location}: unknown label `{label}`{}", if label.trim().parse::<f64>().is_ok() { "; numbers mean different things in different data sets, so say what they mean with a label map (CLI: `--label-map 1=favour,0=none,-1=against`)" } else { "; known: favor/favour, against, none/neutral, or give a label map" })]
    UnknownLabel {
        /// The field.
        location: Location,
        /// The label as written.
        label: String,
    },
    /// A target filter that no row has.
    #[error("{path}: no row has the target `{target}`; the targets are: {}", found.join(", "))]
    UnknownTarget {
        /// The file.
        path: PathBuf,
        /// The target asked for.
        target: String,
        /// The targets there are (with row counts).
        found: Vec<String>,
    },
}

impl EvalError {
    /// Where the problem is (the file alone when no line is known).
    ///
    /// ```
    /// use stancelens::eval::{Columns, Dataset, DatasetFormat};
    /// let e = Dataset::parse("text\tlabel\nx\tmaybe\n", "d.tsv", DatasetFormat::Tsv, &Columns::default()).unwrap_err();
    /// assert_eq!(e.location().to_string(), "d.tsv:2:3");
    /// ```
    pub fn location(&self) -> Location {
        match self {
            EvalError::Io { path, .. } | EvalError::UnknownTarget { path, .. } => {
                Location::new(path)
            }
            EvalError::NotUtf8 { location, .. }
            | EvalError::Empty { location, .. }
            | EvalError::MissingColumn { location, .. }
            | EvalError::FieldCount { location, .. }
            | EvalError::Quote { location, .. }
            | EvalError::Json { location, .. }
            | EvalError::UnknownLabel { location, .. } => location.clone(),
        }
    }
}

/// A field and where it starts.
struct Field<'a> {
    value: std::borrow::Cow<'a, str>,
    at: usize,
}

/// A record: its fields, the byte where it starts, and where its line ends.
struct Record<'a> {
    fields: Vec<Field<'a>>,
    start: usize,
    end: usize,
}

impl Dataset {
    /// Reads a data set from a file; the format from `format`, else from the file name
    /// ([`DatasetFormat::from_path`]), else TSV.
    ///
    /// ```
    /// use stancelens::eval::{Columns, Dataset};
    /// let err = Dataset::from_file("no/such/file.tsv".as_ref(), None, &Columns::default()).unwrap_err();
    /// assert!(err.to_string().starts_with("no/such/file.tsv: "));
    /// ```
    pub fn from_file(
        path: &Path,
        format: Option<DatasetFormat>,
        columns: &Columns,
    ) -> Result<Dataset, EvalError> {
        let bytes = std::fs::read(path).map_err(|e| EvalError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        let text = match std::str::from_utf8(&bytes) {
            Ok(t) => t,
            Err(e) => {
                let good = std::str::from_utf8(bytes.get(..e.valid_up_to()).unwrap_or(&[]))
                    .unwrap_or_default();
                return Err(EvalError::NotUtf8 {
                    location: Location::from_offset(path, good, good.len()),
                    byte: bytes.get(e.valid_up_to()).copied().unwrap_or(0),
                });
            }
        };
        let format = format
            .or_else(|| DatasetFormat::from_path(path))
            .unwrap_or(DatasetFormat::Tsv);
        Dataset::parse(text, path, format, columns)
    }

    /// Parses a data set held in memory; `path` names it in errors.
    ///
    /// ```
    /// use stancelens::eval::{Columns, Dataset, DatasetFormat, Gold};
    /// let csv = "text,label\n\"She said \"\"no\"\", twice\",0\n";
    /// let columns = Columns { label_map: vec![("0".into(), Gold::Against)], ..Columns::default() };
    /// let d = Dataset::parse(csv, "x.csv", DatasetFormat::Csv, &columns)?;
    /// assert_eq!(d.rows[0].text, "She said \"no\", twice");
    /// let bad = Dataset::parse("text,label\nfine,maybe\n", "x.csv", DatasetFormat::Csv, &Columns::default());
    /// assert!(bad.unwrap_err().to_string().starts_with("x.csv:2:6: unknown label `maybe`"));
    /// # Ok::<(), stancelens::eval::EvalError>(())
    /// ```
    pub fn parse(
        text: &str,
        path: impl Into<PathBuf>,
        format: DatasetFormat,
        columns: &Columns,
    ) -> Result<Dataset, EvalError> {
        let path = path.into();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        match format {
            DatasetFormat::Tsv => Self::parse_table(text, path, columns, tsv_records(text)),
            DatasetFormat::Csv => {
                let records = csv_records(text, &path)?;
                Self::parse_table(text, path, columns, records)
            }
            DatasetFormat::Jsonl => Self::parse_jsonl(text, path, columns),
        }
    }

    fn parse_table(
        text: &str,
        path: PathBuf,
        columns: &Columns,
        records: Vec<Record<'_>>,
    ) -> Result<Dataset, EvalError> {
        let index = LineIndex::new(text);
        let at = |offset: usize| index.locate(&path, text, offset);
        let mut records = records.into_iter();
        let header = records.next().ok_or_else(|| EvalError::Empty {
            location: Location::new(&path),
            what: "no header line",
        })?;
        let names: Vec<String> = header
            .fields
            .iter()
            .map(|f| f.value.trim().to_string())
            .collect();
        let position = |name: &str| {
            names
                .iter()
                .position(|n| n.eq_ignore_ascii_case(name.trim()))
        };
        let missing = |role: &'static str, wanted: &Option<String>| EvalError::MissingColumn {
            location: at(header.start),
            role,
            wanted: wanted.clone(),
            found: names.clone(),
        };
        // A named column must exist; unnamed, the first default name present (if any).
        let column = |role: &'static str, wanted: &Option<String>, defaults: &[&str]| match wanted {
            Some(w) => position(w).map(Some).ok_or_else(|| missing(role, wanted)),
            None => Ok(defaults.iter().find_map(|d| position(d))),
        };
        let text_col = column("text", &columns.text, &TEXT_NAMES)?
            .ok_or_else(|| missing("text", &columns.text))?;
        let label_col = column("label", &columns.label, &LABEL_NAMES)?
            .ok_or_else(|| missing("label", &columns.label))?;
        let target_col = column("target", &columns.target, &["target"])?;
        let id_col = column("id", &columns.id, &["id"])?;
        let mut rows = Vec::new();
        for record in records {
            if record.fields.len() != names.len() {
                let column_at = record.fields.get(names.len()).map_or(record.end, |f| f.at);
                return Err(EvalError::FieldCount {
                    location: at(column_at),
                    expected: names.len(),
                    found: record.fields.len(),
                });
            }
            let line = at(record.start).line.unwrap_or(1);
            let field = |i: usize| record.fields.get(i);
            let (Some(text_field), Some(label_field)) = (field(text_col), field(label_col)) else {
                continue; // unreachable: the count matches the header
            };
            let gold =
                read_label(&label_field.value, columns).ok_or_else(|| EvalError::UnknownLabel {
                    location: at(label_field.at),
                    label: label_field.value.to_string(),
                })?;
            rows.push(Row {
                id: id_col
                    .and_then(field)
                    .map_or_else(|| format!("row-{line}"), |f| f.value.to_string()),
                line,
                target: target_col
                    .and_then(field)
                    .map(|f| f.value.trim().to_string()),
                text: text_field.value.to_string(),
                gold,
            });
        }
        if rows.is_empty() {
            return Err(EvalError::Empty {
                location: Location::new(&path),
                what: "no row under the header",
            });
        }
        Ok(Dataset {
            path,
            text_column: names.get(text_col).cloned().unwrap_or_default(),
            label_column: names.get(label_col).cloned().unwrap_or_default(),
            target_column: target_col.and_then(|i| names.get(i).cloned()),
            rows,
        })
    }

    fn parse_jsonl(text: &str, path: PathBuf, columns: &Columns) -> Result<Dataset, EvalError> {
        let index = LineIndex::new(text);
        let at = |offset: usize| index.locate(&path, text, offset);
        let mut rows = Vec::new();
        let mut keys: Option<(String, String, Option<String>, Option<String>)> = None;
        for (line_start, line) in non_blank_lines(text) {
            let object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(line)
                .map_err(|e| EvalError::Json {
                    location: at(line_start + e.column().saturating_sub(1)),
                    message: format!("not a JSON object: {e}"),
                })?;
            let names: Vec<String> = object.keys().cloned().collect();
            let missing = |role: &'static str, wanted: Option<String>| EvalError::MissingColumn {
                location: at(line_start),
                role,
                wanted,
                found: names.clone(),
            };
            let pick = |wanted: &Option<String>, defaults: &[&str]| -> Option<String> {
                match wanted {
                    Some(w) => names
                        .iter()
                        .find(|n| n.eq_ignore_ascii_case(w.trim()))
                        .cloned(),
                    None => defaults
                        .iter()
                        .find_map(|d| names.iter().find(|n| n.eq_ignore_ascii_case(d)))
                        .cloned(),
                }
            };
            // The first line fixes the keys; each later line must have them.
            let (text_key, label_key, target_key, id_key) = match &keys {
                Some(k) => k.clone(),
                None => {
                    let text_key = pick(&columns.text, &TEXT_NAMES)
                        .ok_or_else(|| missing("text", columns.text.clone()))?;
                    let label_key = pick(&columns.label, &LABEL_NAMES)
                        .ok_or_else(|| missing("label", columns.label.clone()))?;
                    let target_key = pick(&columns.target, &["target"]);
                    if columns.target.is_some() && target_key.is_none() {
                        return Err(missing("target", columns.target.clone()));
                    }
                    let id_key = pick(&columns.id, &["id"]);
                    if columns.id.is_some() && id_key.is_none() {
                        return Err(missing("id", columns.id.clone()));
                    }
                    let k = (text_key, label_key, target_key, id_key);
                    keys = Some(k.clone());
                    k
                }
            };
            let line_no = at(line_start).line.unwrap_or(1);
            let string = |key: &str, role: &'static str| -> Result<String, EvalError> {
                match object.get(key) {
                    Some(serde_json::Value::String(s)) => Ok(s.clone()),
                    Some(serde_json::Value::Number(n)) if role != "text" => Ok(n.to_string()),
                    Some(other) => Err(EvalError::Json {
                        location: at(line_start + value_offset(line, key)),
                        message: format!("`{key}` ({role}) is {}, not a string", kind_of(other)),
                    }),
                    None => Err(missing(role, Some(key.to_string()))),
                }
            };
            let label = string(&label_key, "label")?;
            let gold = read_label(&label, columns).ok_or_else(|| EvalError::UnknownLabel {
                location: at(line_start + value_offset(line, &label_key)),
                label: label.clone(),
            })?;
            rows.push(Row {
                id: match &id_key {
                    Some(k) => string(k, "id")?,
                    None => format!("row-{line_no}"),
                },
                line: line_no,
                target: match &target_key {
                    Some(k) => Some(string(k, "target")?.trim().to_string()),
                    None => None,
                },
                text: string(&text_key, "text")?,
                gold,
            });
        }
        let Some((text_column, label_column, target_column, _)) = keys else {
            return Err(EvalError::Empty {
                location: Location::new(&path),
                what: "no JSON line",
            });
        };
        Ok(Dataset {
            path,
            text_column,
            label_column,
            target_column,
            rows,
        })
    }

    /// The targets and their row counts, sorted by name (rows without a target are not
    /// counted).
    ///
    /// ```
    /// use stancelens::eval::{Columns, Dataset, DatasetFormat};
    /// let d = Dataset::parse("Target\tText\tStance\nB\tx\tNONE\nA\ty\tNONE\nB\tz\tFAVOR\n",
    ///     "t.tsv", DatasetFormat::Tsv, &Columns::default())?;
    /// assert_eq!(d.targets(), vec![("A".to_string(), 1), ("B".to_string(), 2)]);
    /// # Ok::<(), stancelens::eval::EvalError>(())
    /// ```
    pub fn targets(&self) -> Vec<(String, usize)> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for r in &self.rows {
            if let Some(t) = &r.target {
                *counts.entry(t).or_default() += 1;
            }
        }
        counts
            .into_iter()
            .map(|(t, n)| (t.to_string(), n))
            .collect()
    }

    /// Keeps the rows of one target (compared case-insensitively); an error listing the
    /// targets there are when none has it.
    ///
    /// ```
    /// use stancelens::eval::{Columns, Dataset, DatasetFormat};
    /// let d = Dataset::parse("Target\tText\tStance\nB\tx\tNONE\nA\ty\tNONE\n",
    ///     "t.tsv", DatasetFormat::Tsv, &Columns::default())?;
    /// assert_eq!(d.clone().only_target("a")?.rows.len(), 1);
    /// assert!(d.only_target("C").unwrap_err().to_string().contains("the targets are: A (1), B (1)"));
    /// # Ok::<(), stancelens::eval::EvalError>(())
    /// ```
    pub fn only_target(mut self, target: &str) -> Result<Dataset, EvalError> {
        let wanted = target.trim();
        let found = self.targets();
        self.rows.retain(|r| {
            r.target
                .as_deref()
                .is_some_and(|t| t.eq_ignore_ascii_case(wanted))
        });
        if self.rows.is_empty() {
            return Err(EvalError::UnknownTarget {
                path: self.path,
                target: wanted.to_string(),
                found: found.iter().map(|(t, n)| format!("{t} ({n})")).collect(),
            });
        }
        Ok(self)
    }
}

fn read_label(label: &str, columns: &Columns) -> Option<Gold> {
    let key = label.trim();
    columns
        .label_map
        .iter()
        .find(|(k, _)| k.trim().eq_ignore_ascii_case(key))
        .map(|(_, g)| *g)
        .or_else(|| Gold::from_word(key))
}

/// Byte offset of `"key"`'s value in a JSON line (of the key when no `:` follows; 0 when
/// not found): where a bad value is reported.
fn value_offset(line: &str, key: &str) -> usize {
    let quoted = format!("\"{key}\"");
    let Some(k) = line.find(&quoted) else {
        return 0;
    };
    let after = k + quoted.len();
    let rest = line.get(after..).unwrap_or("");
    match rest.trim_start().strip_prefix(':') {
        Some(value) => line.len() - value.trim_start().len(),
        None => k,
    }
}

fn kind_of(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// The lines of `text` that hold more than white space, without their line break, each
/// with the byte offset where it starts.
fn non_blank_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0usize;
    text.split_inclusive('\n').filter_map(move |raw| {
        let line_start = start;
        start += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        (!line.trim().is_empty()).then_some((line_start, line))
    })
}

/// TSV records: one per non-blank line, fields split at tabs, no quoting.
fn tsv_records(text: &str) -> Vec<Record<'_>> {
    let mut out = Vec::new();
    for (line_start, line) in non_blank_lines(text) {
        let mut at = line_start;
        let fields = line
            .split('\t')
            .map(|value| {
                let f = Field {
                    value: value.into(),
                    at,
                };
                at += value.len() + 1;
                f
            })
            .collect();
        out.push(Record {
            fields,
            start: line_start,
            end: line_start + line.len(),
        });
    }
    out
}

/// CSV records (RFC 4180): fields split at commas outside quotes; a quoted field may hold
/// commas, line breaks and `""` for a quote. A quote inside an unquoted field is kept as
/// text (as most readers do); text after a closing quote, or a quote never closed, is an
/// error at that place. Blank lines between records are skipped.
fn csv_records<'a>(text: &'a str, path: &Path) -> Result<Vec<Record<'a>>, EvalError> {
    let bytes = text.as_bytes();
    // Only errors are located here.
    let at = |offset: usize| Location::from_offset(path, text, offset);
    let mut out = Vec::new();
    let mut i = 0usize;
    while i < bytes.len() {
        // Skip blank lines.
        if bytes.get(i) == Some(&b'\n')
            || (bytes.get(i) == Some(&b'\r') && bytes.get(i + 1) == Some(&b'\n'))
        {
            i += if bytes.get(i) == Some(&b'\r') { 2 } else { 1 };
            continue;
        }
        let start = i;
        let mut fields = Vec::new();
        loop {
            let field_start = i;
            if bytes.get(i) == Some(&b'"') {
                // Quoted: up to the closing quote, `""` for a quote.
                let mut value = String::new();
                let mut j = i + 1;
                let mut piece = j;
                loop {
                    match memchr::memchr(b'"', bytes.get(j..).unwrap_or(&[])) {
                        None => {
                            return Err(EvalError::Quote {
                                location: at(field_start),
                                message: "this quote is never closed",
                            })
                        }
                        Some(k) => {
                            let q = j + k;
                            if bytes.get(q + 1) == Some(&b'"') {
                                value.push_str(text.get(piece..=q).unwrap_or_default());
                                j = q + 2;
                                piece = j;
                            } else {
                                value.push_str(text.get(piece..q).unwrap_or_default());
                                i = q + 1;
                                break;
                            }
                        }
                    }
                }
                fields.push(Field {
                    value: value.into(),
                    at: field_start,
                });
                match bytes.get(i) {
                    Some(b',') => {
                        i += 1;
                        continue;
                    }
                    Some(b'\n') => {
                        i += 1;
                        break;
                    }
                    Some(b'\r') if bytes.get(i + 1) == Some(&b'\n') => {
                        i += 2;
                        break;
                    }
                    None => break,
                    Some(_) => {
                        return Err(EvalError::Quote {
                            location: at(i),
                            message: "text after a closing quote (a quote inside a quoted field is written \"\")",
                        })
                    }
                }
            } else {
                let rest = bytes.get(i..).unwrap_or(&[]);
                let stop = memchr::memchr2(b',', b'\n', rest).map_or(bytes.len(), |k| i + k);
                let mut end = stop;
                if bytes.get(stop) == Some(&b'\n')
                    && stop > i
                    && bytes.get(stop - 1) == Some(&b'\r')
                {
                    end = stop - 1;
                }
                fields.push(Field {
                    value: text.get(i..end).unwrap_or_default().into(),
                    at: field_start,
                });
                match bytes.get(stop) {
                    Some(b',') => {
                        i = stop + 1;
                    }
                    _ => {
                        i = stop + 1;
                        break;
                    }
                }
            }
        }
        let end = i.min(bytes.len());
        out.push(Record {
            fields,
            start,
            end: text
                .get(start..end)
                .map_or(end, |r| start + r.trim_end_matches(['\n', '\r']).len()),
        });
    }
    Ok(out)
}

/// How a source's overall stance becomes a predicted class.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// By label: `favour` → favour, `against` → against, anything else (mixed, neutral,
    /// insufficient evidence, not covered) → none.
    #[default]
    Label,
    /// By the score's sign whatever the label (thin or mixed evidence still decides); no
    /// score → none.
    Sign,
}

/// Options of [`evaluate`].
#[derive(Clone, Copy, Debug, Default)]
pub struct EvalOptions {
    /// How a score becomes a class.
    pub decision: Decision,
    /// Worker threads (`0`: every core); the result is the same whatever the number.
    pub threads: usize,
}

/// One row's prediction, with the evidence that made it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Prediction {
    /// The row's id.
    pub id: String,
    /// The row's line in the file.
    pub line: u32,
    /// The row's target, if any.
    pub target: Option<String>,
    /// The row's text.
    pub text: String,
    /// Gold class.
    pub gold: Gold,
    /// Predicted class.
    pub predicted: Gold,
    /// The overall score toward the subject's target (`None`: not covered or no evidence).
    pub score: Option<f64>,
    /// The overall label.
    pub label: StanceLabel,
    /// The overall evidence count.
    pub evidence_count: f64,
    /// The overall evidence (sentences and contributions).
    pub evidence: Vec<EvidenceSentence>,
}

/// Precision, recall and F1 of one class.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct ClassScores {
    /// `tp / predicted` (0 when nothing was predicted in the class).
    pub precision: f64,
    /// `tp / gold` (0 when no row is in the class).
    pub recall: f64,
    /// Harmonic mean (0 when both are 0).
    pub f1: f64,
}

/// The scores of a set of predictions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Metrics {
    /// Rows.
    pub rows: usize,
    /// Rows whose overall stance has a score (some evidence).
    pub scored: usize,
    /// `confusion[gold][predicted]`, classes in [`Gold::ALL`] order (favour, against, none).
    pub confusion: [[usize; 3]; 3],
    /// Share of rows predicted right.
    pub accuracy: f64,
    /// Favour.
    pub favour: ClassScores,
    /// Against.
    pub against: ClassScores,
    /// None.
    pub none: ClassScores,
    /// SemEval-2016 Task 6's metric: `(F1_favour + F1_against) / 2`.
    pub f_avg: f64,
    /// Mean F1 of the three classes.
    pub macro_f1: f64,
}

impl Metrics {
    /// The metrics of `(gold, predicted)` pairs, with `scored` of them scored.
    ///
    /// ```
    /// use stancelens::eval::{Gold, Metrics};
    /// let m = Metrics::from_pairs([(Gold::Favour, Gold::Favour), (Gold::Against, Gold::None)], 1);
    /// assert_eq!(m.favour.f1, 1.0);
    /// assert_eq!(m.against.f1, 0.0);
    /// assert_eq!(m.f_avg, 0.5);
    /// ```
    pub fn from_pairs(pairs: impl IntoIterator<Item = (Gold, Gold)>, scored: usize) -> Metrics {
        let mut confusion = [[0usize; 3]; 3];
        for (g, p) in pairs {
            if let Some(cell) = confusion
                .get_mut(g.index())
                .and_then(|r| r.get_mut(p.index()))
            {
                *cell += 1;
            }
        }
        let rows: usize = confusion.iter().flatten().sum();
        let class = |c: usize| {
            let tp = confusion[c][c] as f64;
            let predicted: usize = confusion.iter().map(|r| r[c]).sum();
            let gold: usize = confusion[c].iter().sum();
            let ratio = |n: f64, d: usize| if d == 0 { 0.0 } else { n / d as f64 };
            let (precision, recall) = (ratio(tp, predicted), ratio(tp, gold));
            let f1 = if precision + recall == 0.0 {
                0.0
            } else {
                2.0 * precision * recall / (precision + recall)
            };
            ClassScores {
                precision,
                recall,
                f1,
            }
        };
        let (favour, against, none) = (class(0), class(1), class(2));
        let right = confusion[0][0] + confusion[1][1] + confusion[2][2];
        Metrics {
            rows,
            scored,
            confusion,
            accuracy: if rows == 0 {
                0.0
            } else {
                right as f64 / rows as f64
            },
            favour,
            against,
            none,
            f_avg: (favour.f1 + against.f1) / 2.0,
            macro_f1: (favour.f1 + against.f1 + none.f1) / 3.0,
        }
    }
}

/// The engine's metrics beside the majority baseline, for one target or all rows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scores {
    /// The target (`None`: all rows).
    pub target: Option<String>,
    /// The engine's.
    pub engine: Metrics,
    /// Always predicting each target's most frequent gold class in this file (ties: favour,
    /// against, none). It sees the gold labels, so it is a little optimistic; SemEval's
    /// majority baseline took the class from the training data.
    pub majority: Metrics,
}

/// The result of [`evaluate`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evaluation {
    /// The data set's file.
    pub dataset: PathBuf,
    /// The subject's id.
    pub subject: String,
    /// The subject's target label.
    pub target: String,
    /// The lexicon layers and the subject file (name, version, sha256).
    pub lexicons: Vec<LayerInfo>,
    /// How scores became classes.
    pub decision: Decision,
    /// All rows.
    pub overall: Metrics,
    /// The majority baseline on all rows (per target, pooled).
    pub overall_majority: Metrics,
    /// Per target, sorted by name (empty without a target column).
    pub by_target: Vec<Scores>,
    /// One per row, in file order.
    pub predictions: Vec<Prediction>,
}

/// Scores every row of `data` as one source (an article whose whole text is the body)
/// under `engine`'s subject and compares the overall stance with the gold class.
///
/// The example at the top of this module runs it.
pub fn evaluate(data: &Dataset, engine: &StanceEngine, options: &EvalOptions) -> Evaluation {
    let predict = |row: &Row| {
        let meta = SourceMeta {
            id: row.id.clone(),
            kind: Some(SourceKind::Article),
            ..SourceMeta::default()
        };
        let source = Source::new(meta, row.text.clone());
        let overall = engine.analyse(&source).overall;
        let predicted = match (options.decision, overall.label, overall.score) {
            (Decision::Label, StanceLabel::Favour, _) => Gold::Favour,
            (Decision::Label, StanceLabel::Against, _) => Gold::Against,
            (Decision::Sign, _, Some(s)) if s > 0.0 => Gold::Favour,
            (Decision::Sign, _, Some(s)) if s < 0.0 => Gold::Against,
            _ => Gold::None,
        };
        Prediction {
            id: row.id.clone(),
            line: row.line,
            target: row.target.clone(),
            text: source.text,
            gold: row.gold,
            predicted,
            score: overall.score,
            label: overall.label,
            evidence_count: overall.evidence_count,
            evidence: overall.evidence,
        }
    };
    let predictions: Vec<Prediction> = match worker_pool(options.threads) {
        Some(pool) => pool.install(|| data.rows.par_iter().map(predict).collect()),
        None => data.rows.iter().map(predict).collect(),
    };
    let majority_of = |preds: &[&Prediction]| {
        let mut counts = [0usize; 3];
        for p in preds {
            if let Some(c) = counts.get_mut(p.gold.index()) {
                *c += 1;
            }
        }
        // Ties go to the first class in ALL order (max_by_key keeps the last maximum).
        Gold::ALL
            .iter()
            .rev()
            .copied()
            .max_by_key(|g| counts.get(g.index()).copied().unwrap_or(0))
            .unwrap_or(Gold::None)
    };
    let mut groups: BTreeMap<Option<&str>, Vec<&Prediction>> = BTreeMap::new();
    for p in &predictions {
        groups.entry(p.target.as_deref()).or_default().push(p);
    }
    let score = |preds: &[&Prediction]| {
        let scored = preds.iter().filter(|p| p.score.is_some()).count();
        Metrics::from_pairs(preds.iter().map(|p| (p.gold, p.predicted)), scored)
    };
    let mut majority_pairs = Vec::with_capacity(predictions.len());
    let mut by_target = Vec::new();
    for (target, preds) in &groups {
        let majority = majority_of(preds);
        let pairs: Vec<(Gold, Gold)> = preds.iter().map(|p| (p.gold, majority)).collect();
        majority_pairs.extend_from_slice(&pairs);
        if let Some(t) = target {
            by_target.push(Scores {
                target: Some((*t).to_string()),
                engine: score(preds),
                majority: Metrics::from_pairs(pairs, 0),
            });
        }
    }
    let all: Vec<&Prediction> = predictions.iter().collect();
    let subject = engine.subject();
    Evaluation {
        dataset: data.path.clone(),
        subject: subject.meta.id.clone(),
        target: subject.target.label.clone(),
        lexicons: layer_infos(engine, &[]),
        decision: options.decision,
        overall: score(&all),
        overall_majority: Metrics::from_pairs(majority_pairs, 0),
        by_target,
        predictions,
    }
}

impl Evaluation {
    /// A Markdown summary: the metrics table (engine and majority baseline, overall and per
    /// target) and the overall confusion matrix.
    ///
    /// ```
    /// use stancelens::eval::{evaluate, Columns, Dataset, DatasetFormat, EvalOptions};
    /// use stancelens::stance::StanceEngine;
    /// use stancelens::topics::Subject;
    /// let d = Dataset::parse("text\tlabel\nIran threatens Azerbaijan.\tfavor\n", "m.tsv",
    ///     DatasetFormat::Tsv, &Columns::default())?;
    /// let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
    /// let md = evaluate(&d, &engine, &EvalOptions::default()).to_markdown();
    /// assert!(md.contains("| all rows | 1 |"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_markdown(&self) -> String {
        self.to_markdown_with_misses(0)
    }

    /// [`to_markdown`](Self::to_markdown) followed by up to `misses` wrong predictions in
    /// file order, each with its text and the contributions that made it.
    ///
    /// ```
    /// use stancelens::eval::{evaluate, Columns, Dataset, DatasetFormat, EvalOptions};
    /// use stancelens::stance::StanceEngine;
    /// use stancelens::topics::Subject;
    /// let d = Dataset::parse("text\tlabel\nIran threatens Azerbaijan.\tagainst\n", "m.tsv",
    ///     DatasetFormat::Tsv, &Columns::default())?;
    /// let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
    /// let md = evaluate(&d, &engine, &EvalOptions::default()).to_markdown_with_misses(5);
    /// assert!(md.contains("## Misses (1 of 1, in file order)"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_markdown_with_misses(&self, misses: usize) -> String {
        use std::fmt::Write as _;
        let mut s = String::new();
        let _ = writeln!(
            s,
            "# Evaluation of `{}` on {}\n\nTarget: {}. Decision: by {}. Lexicons: {}.\n",
            self.subject,
            self.dataset.display(),
            self.target,
            match self.decision {
                Decision::Label => "label",
                Decision::Sign => "sign of the score",
            },
            self.lexicons
                .iter()
                .map(|l| format!(
                    "{}@{} ({})",
                    l.name,
                    l.version,
                    l.sha256.get(..12).unwrap_or(&l.sha256)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        );
        s.push_str("| target | n | scored | accuracy | F1 favour | F1 against | F1 none | F_avg | majority F_avg | majority accuracy |\n|---|---|---|---|---|---|---|---|---|---|\n");
        let mut line = |name: &str, m: &Metrics, maj: &Metrics| {
            let _ = writeln!(
                s,
                "| {name} | {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | **{:.3}** | {:.3} | {:.3} |",
                m.rows,
                m.scored,
                m.accuracy,
                m.favour.f1,
                m.against.f1,
                m.none.f1,
                m.f_avg,
                maj.f_avg,
                maj.accuracy
            );
        };
        line("all rows", &self.overall, &self.overall_majority);
        for t in &self.by_target {
            line(
                &markdown_cell(t.target.as_deref().unwrap_or("")),
                &t.engine,
                &t.majority,
            );
        }
        s.push_str("\nConfusion matrix, all rows (gold down, predicted across):\n\n| gold \\ predicted | favour | against | none |\n|---|---|---|---|\n");
        for g in Gold::ALL {
            let row = self
                .overall
                .confusion
                .get(g.index())
                .copied()
                .unwrap_or_default();
            let _ = writeln!(s, "| {g} | {} | {} | {} |", row[0], row[1], row[2]);
        }
        let wrong: Vec<&Prediction> = self
            .predictions
            .iter()
            .filter(|p| p.gold != p.predicted)
            .collect();
        if misses > 0 && !wrong.is_empty() {
            let _ = writeln!(
                s,
                "\n## Misses ({} of {}, in file order)\n\n| line | id | gold | predicted | score | text | evidence |\n|---|---|---|---|---|---|---|",
                wrong.len().min(misses),
                wrong.len()
            );
            for p in wrong.iter().take(misses) {
                let evidence: Vec<String> = p
                    .evidence
                    .iter()
                    .flat_map(|e| &e.contributions)
                    .map(|c| {
                        format!(
                            "`{}` “{}”{} {:+.2}",
                            c.rule_id,
                            c.text,
                            c.entity
                                .as_deref()
                                .map(|e| format!(" → {e}"))
                                .unwrap_or_default(),
                            c.value
                        )
                    })
                    .collect();
                let _ = writeln!(
                    s,
                    "| {} | {} | {} | {} | {} | {} | {} |",
                    p.line,
                    markdown_cell(&p.id),
                    p.gold,
                    p.predicted,
                    p.score
                        .map_or_else(|| "—".to_string(), |x| format!("{x:+.3}")),
                    markdown_cell(&p.text),
                    markdown_cell(&evidence.join("; "))
                );
            }
        }
        s
    }
}

fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn tsv(text: &str) -> Result<Dataset, EvalError> {
        Dataset::parse(text, "d.tsv", DatasetFormat::Tsv, &Columns::default())
    }

    /// The error of a text that must not parse.
    fn error(text: &str, path: &str, format: DatasetFormat) -> String {
        Dataset::parse(text, path, format, &Columns::default())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn tsv_keeps_quotes_and_reads_semeval_columns() {
        let d = tsv("ID\tTarget\tTweet\tStance\n10\tAtheism\t\"God\" is \"good\"\tAGAINST\r\n\n11\tAtheism\tx\tNONE\n").unwrap();
        assert_eq!(d.text_column, "Tweet");
        assert_eq!(d.target_column.as_deref(), Some("Target"));
        assert_eq!(d.rows[0].text, "\"God\" is \"good\"");
        assert_eq!((d.rows[0].id.as_str(), d.rows[0].line), ("10", 2));
        assert_eq!((d.rows[1].id.as_str(), d.rows[1].line), ("11", 4));
    }

    #[test]
    fn located_errors() {
        let e = tsv("Tweet\tStance\na\tFAVOR\tsurplus\n").unwrap_err();
        assert_eq!(e.to_string(), "d.tsv:2:9: 3 fields where the header has 2");
        let e = tsv("Tweet\tStance\nshort\n").unwrap_err();
        assert_eq!(e.to_string(), "d.tsv:2:6: 1 fields where the header has 2");
        let e = tsv("Words\tStance\na\tFAVOR\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "d.tsv:1:1: no text column; the columns are: Words, Stance"
        );
        let e = tsv("Tweet\tStance\né\t1\n").unwrap_err();
        assert!(e
            .to_string()
            .starts_with("d.tsv:2:3: unknown label `1`; numbers"));
        let e = error("text,label\n\"open,favor\n", "c.csv", DatasetFormat::Csv);
        assert_eq!(e.to_string(), "c.csv:2:1: this quote is never closed");
        let e = error("text,label\n\"a\"b,favor\n", "c.csv", DatasetFormat::Csv);
        assert!(e
            .to_string()
            .starts_with("c.csv:2:4: text after a closing quote"));
        let e = error(
            "{\"text\":\"a\",\"label\":\"favor\"}\n{\"text\":\"b\" \"label\":1}\n",
            "j.jsonl",
            DatasetFormat::Jsonl,
        );
        assert!(
            e.to_string().starts_with("j.jsonl:2:13: not a JSON object"),
            "{e}"
        );
        let e = error(
            "{\"text\":\"a\",\"label\":\"favor\"}\n{\"text\":[],\"label\":\"none\"}\n",
            "j.jsonl",
            DatasetFormat::Jsonl,
        );
        assert_eq!(
            e.to_string(),
            "j.jsonl:2:9: `text` (text) is an array, not a string"
        );
        let e = tsv("Tweet\tStance\n").unwrap_err();
        assert_eq!(e.to_string(), "d.tsv: no row under the header");
    }

    #[test]
    fn csv_quotes_line_breaks_and_crlf() {
        let d = Dataset::parse(
            "id,text,stance\r\n7,\"two\r\nlines, \"\"quoted\"\"\",favor\r\n8,plain,against\r\n",
            "c.csv",
            DatasetFormat::Csv,
            &Columns::default(),
        )
        .unwrap();
        assert_eq!(d.rows[0].text, "two\r\nlines, \"quoted\"");
        assert_eq!((d.rows[1].text.as_str(), d.rows[1].line), ("plain", 4));
        assert_eq!(d.rows[1].gold, Gold::Against);
    }

    #[test]
    fn label_map_first_then_words() {
        let columns = Columns {
            label_map: vec![("2".into(), Gold::None), ("none".into(), Gold::Favour)],
            ..Columns::default()
        };
        let d = Dataset::parse(
            "{\"text\":\"a\",\"label\":2}\n{\"text\":\"b\",\"label\":\"NONE\"}\n",
            "j.jsonl",
            DatasetFormat::Jsonl,
            &columns,
        )
        .unwrap();
        assert_eq!(d.rows[0].gold, Gold::None);
        assert_eq!(d.rows[1].gold, Gold::Favour);
    }

    #[test]
    fn metrics_by_hand() {
        // gold F F A A N; predicted F A A N N
        let pairs = [
            (Gold::Favour, Gold::Favour),
            (Gold::Favour, Gold::Against),
            (Gold::Against, Gold::Against),
            (Gold::Against, Gold::None),
            (Gold::None, Gold::None),
        ];
        let m = Metrics::from_pairs(pairs, 4);
        assert_eq!(m.confusion, [[1, 1, 0], [0, 1, 1], [0, 0, 1]]);
        // favour: p 1/1, r 1/2 → 2/3; against: p 1/2, r 1/2 → 1/2
        assert!((m.favour.f1 - 2.0 / 3.0).abs() < 1e-12);
        assert!((m.against.f1 - 0.5).abs() < 1e-12);
        assert!((m.f_avg - (2.0 / 3.0 + 0.5) / 2.0).abs() < 1e-12);
        assert!((m.accuracy - 0.6).abs() < 1e-12);
    }
}
