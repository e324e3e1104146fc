//! Loaders for line-based lexicon formats, mapped onto the [`Entry`] model.
//!
//! * [`vader_from_str`]: `vader_lexicon.txt` (token, mean, sd, ratings; tab-separated).
//! * [`liwc_from_str`]: LIWC `.dic` (a `%`-delimited category header, then word lines).
//! * [`lexicoder_from_str`]: Lexicoder `.lc3` (as LSD2015: `+category` lines, then one
//!   pattern per line).
//!
//! LIWC and Lexicoder files carry categories, not weights: the caller maps categories to
//! weights with [`ImportOptions`]. See `docs/lexicon-format.md`.

use super::{
    read_file, Entry, Lexicon, LexiconBuilder, LexiconError, LexiconMeta, Problem, ProblemKind,
};
use crate::Location;
use std::collections::BTreeMap;
use std::path::Path;

/// Name, provenance and category weights for an imported LIWC or Lexicoder dictionary.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportOptions {
    /// Layer name; entry ids are `NAME:PATTERN`.
    pub name: String,
    /// Version of the dictionary.
    pub version: String,
    /// Licence of the dictionary (you own it: state it).
    pub licence: Option<String>,
    /// Where it comes from.
    pub source: Option<String>,
    /// Category name -> weight. Words in no mapped category are skipped.
    pub weights: BTreeMap<String, f64>,
    /// Category given to the entries (e.g. `valence`); `None` keeps the dictionary's
    /// category names (joined with `+` when a word is in several).
    pub category: Option<String>,
}

impl ImportOptions {
    /// Options with no weights yet.
    ///
    /// ```
    /// use stancelens::lexicon::loaders::ImportOptions;
    /// let o = ImportOptions::new("lsd", "2015").weight("positive", 1.0).weight("negative", -1.0);
    /// assert_eq!(o.weights.len(), 2);
    /// ```
    pub fn new(name: impl Into<String>, version: impl Into<String>) -> Self {
        ImportOptions {
            name: name.into(),
            version: version.into(),
            licence: None,
            source: None,
            weights: BTreeMap::new(),
            category: None,
        }
    }

    /// Map `category` to `weight`.
    #[must_use]
    pub fn weight(mut self, category: impl Into<String>, weight: f64) -> Self {
        self.weights.insert(category.into(), weight);
        self
    }

    /// Give every entry this category.
    #[must_use]
    pub fn category(mut self, category: impl Into<String>) -> Self {
        self.category = Some(category.into());
        self
    }

    /// The usual valence reading of LSD2015: positive and neg_negative +1, negative and
    /// neg_positive -1, category `valence`.
    pub fn lsd2015_valence() -> Self {
        ImportOptions::new("lsd2015", "2015")
            .weight("positive", 1.0)
            .weight("neg_negative", 1.0)
            .weight("negative", -1.0)
            .weight("neg_positive", -1.0)
            .category("valence")
    }
}

fn bad(path: &Path, line_no: usize, message: String) -> Problem {
    Problem {
        location: Location::new(path).at(u32::try_from(line_no).unwrap_or(u32::MAX), 1),
        rule_id: None,
        kind: ProblemKind::BadLine,
        message,
    }
}

/// Load a VADER lexicon (`vader_lexicon.txt` format): `token<TAB>mean<TAB>sd<TAB>ratings`.
///
/// Entries get id `vader:TOKEN`, category `valence`, weight = mean; `*` and `?` are
/// literal (emoticons); tokens with capitals are case-sensitive (VADER lower-cases the
/// text, so `:D` and `:d` are distinct entries).
///
/// ```
/// use stancelens::lexicon::loaders::vader_from_str;
/// let lex = vader_from_str("good\t1.9\t0.9\t[2, 2]\nfed up\t-1.8\t1.2\t[-2, -2]\n", "v.txt")?;
/// assert_eq!(lex.get("vader:fed up").map(|e| e.weight), Some(-1.8));
/// # Ok::<(), stancelens::lexicon::LexiconError>(())
/// ```
pub fn vader_from_str(text: &str, path: impl AsRef<Path>) -> Result<Lexicon, LexiconError> {
    let path = path.as_ref();
    let mut b = LexiconBuilder::new("vader", "3.3.2")
        .provenance(
            Some("MIT".into()),
            Some("Hutto & Gilbert (2014), VADER, ICWSM-14; vaderSentiment 3.3.2 (PyPI)".into()),
            Some("VADER sentiment lexicon: mean valence of 10 human ratings, in [-4, 4]".into()),
        )
        .file(path, text.as_bytes());
    // At most one entry per line: sized once.
    let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
    let mut seen: crate::hash::FxMap<&str, usize> = crate::hash::FxMap::default();
    seen.reserve(lines);
    b.reserve_entries(lines);
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut f = line.split('\t');
        let (Some(token), Some(mean)) = (f.next(), f.next()) else {
            b.push_problem(bad(path, i + 1, "expected `token<TAB>mean<TAB>...`".into()));
            continue;
        };
        let Ok(w) = mean.trim().parse::<f64>() else {
            b.push_problem(bad(path, i + 1, format!("mean {mean:?} is not a number")));
            continue;
        };
        let token = token.trim();
        // Built by hand: `format!` per entry was a tenth of the parse.
        let mut id = String::with_capacity("vader:".len() + token.len());
        id.push_str("vader:");
        id.push_str(token);
        let mut e = Entry::new(id, token, w, "valence");
        e.literal = true;
        e.case_sensitive = token.chars().any(char::is_uppercase);
        e.origin = Location::new(path).at(u32::try_from(i + 1).unwrap_or(u32::MAX), 1);
        // VADER reads the file into a dict: a repeated token keeps its first position
        // and takes the last value (14 tokens in 3.3.2, e.g. `ok`, `xd`).
        match seen.get(token) {
            Some(&at) => {
                e.rationale = Some(format!(
                    "repeated token: line {} of the file is overridden",
                    at + 1
                ));
                b.replace_entry(at, e);
            }
            None => {
                seen.insert(token, b.entry_count());
                b.push_entry(e);
            }
        }
    }
    b.build()
}

/// Collects (pattern -> categories) and builds entries with mapped weights.
struct Grouped {
    order: Vec<String>,
    cats: BTreeMap<String, (Vec<String>, usize)>,
}

impl Grouped {
    fn new() -> Self {
        Grouped {
            order: Vec::new(),
            cats: BTreeMap::new(),
        }
    }
    fn add(&mut self, pattern: &str, category: &str, line: usize) {
        let slot = self.cats.entry(pattern.to_owned()).or_insert_with(|| {
            self.order.push(pattern.to_owned());
            (Vec::new(), line)
        });
        if !slot.0.iter().any(|c| c == category) {
            slot.0.push(category.to_owned());
        }
    }
    fn build(
        self,
        path: &Path,
        text: &str,
        opts: &ImportOptions,
        known: &[String],
        mut problems: Vec<Problem>,
    ) -> Result<Lexicon, LexiconError> {
        for cat in opts.weights.keys() {
            if !known.contains(cat) {
                problems.push(Problem {
                    location: Location::new(path),
                    rule_id: None,
                    kind: ProblemKind::UnknownCategory,
                    message: format!(
                        "weight given for category `{cat}`, which the file does not define (it defines: {})",
                        known.join(", ")
                    ),
                });
            }
        }
        let mut b =
            LexiconBuilder::new(opts.name.clone(), opts.version.clone()).meta(LexiconMeta {
                name: opts.name.clone(),
                version: opts.version.clone(),
                licence: opts.licence.clone(),
                source: opts.source.clone(),
                description: None,
                sha256: super::sha256_hex(text.as_bytes()),
                path: path.to_path_buf(),
                kind: super::LexiconKind::Terms,
            });
        for p in problems {
            b.push_problem(p);
        }
        for pattern in &self.order {
            let Some((cats, line)) = self.cats.get(pattern) else {
                continue;
            };
            let mapped: Vec<&String> = cats
                .iter()
                .filter(|c| opts.weights.contains_key(*c))
                .collect();
            if mapped.is_empty() {
                continue;
            }
            let weight: f64 = mapped.iter().filter_map(|c| opts.weights.get(*c)).sum();
            let category = opts.category.clone().unwrap_or_else(|| {
                mapped
                    .iter()
                    .map(|c| c.as_str())
                    .collect::<Vec<_>>()
                    .join("+")
            });
            let mut e = Entry::new(
                format!("{}:{pattern}", opts.name),
                pattern.clone(),
                weight,
                category,
            );
            e.origin = Location::new(path).at(u32::try_from(*line).unwrap_or(u32::MAX), 1);
            e.rationale = Some(format!("categories: {}", cats.join(", ")));
            b.push_entry(e);
        }
        b.build()
    }
}

/// Load a LIWC `.dic` dictionary: a header between two `%` lines mapping category numbers
/// to names (`1<TAB>posemo`), then one word per line followed by its category numbers;
/// a trailing `*` is a prefix wildcard. A word in several mapped categories becomes one
/// entry whose weight is the sum of their weights.
///
/// ```
/// use stancelens::lexicon::loaders::{liwc_from_str, ImportOptions};
/// let dic = "%\n1\tposemo\n2\tnegemo\n%\nhapp*\t1\nhurt\t2\n";
/// let lex = liwc_from_str(dic, "t.dic", &ImportOptions::new("liwc", "t").weight("posemo", 1.0))?;
/// assert_eq!(lex.entries().len(), 1);
/// assert_eq!(lex.entries()[0].pattern, "happ*");
/// # Ok::<(), stancelens::lexicon::LexiconError>(())
/// ```
pub fn liwc_from_str(
    text: &str,
    path: impl AsRef<Path>,
    opts: &ImportOptions,
) -> Result<Lexicon, LexiconError> {
    let path = path.as_ref();
    let mut problems = Vec::new();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut section = 0u8; // 0 before the first `%`, 1 in the header, 2 in the words
    let mut grouped = Grouped::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if line == "%" {
            section += 1;
            if section > 2 {
                problems.push(bad(
                    path,
                    line_no,
                    "a third `%` line: the header has only two".into(),
                ));
            }
            continue;
        }
        match section {
            0 => problems.push(bad(
                path,
                line_no,
                "expected `%` to open the category header".into(),
            )),
            1 => {
                let mut f = line.split_whitespace();
                match (f.next(), f.next(), f.next()) {
                    (Some(num), Some(name), None) if num.parse::<u32>().is_ok() => {
                        names.insert(num.trim_start_matches('0').to_owned(), name.to_owned());
                    }
                    _ => problems.push(bad(
                        path,
                        line_no,
                        format!("expected `NUMBER<TAB>name` in the header, found {line:?}"),
                    )),
                }
            }
            _ => {
                let fields: Vec<&str> = line.split_whitespace().collect();
                let n_words = fields
                    .iter()
                    .take_while(|f| f.parse::<u32>().is_err())
                    .count();
                if n_words == 0 || n_words == fields.len() {
                    problems.push(bad(
                        path,
                        line_no,
                        format!("expected `word<TAB>category numbers`, found {line:?}"),
                    ));
                    continue;
                }
                if fields[n_words..].iter().any(|f| f.parse::<u32>().is_err()) {
                    problems.push(bad(
                        path,
                        line_no,
                        format!("category numbers must be integers in {line:?}"),
                    ));
                    continue;
                }
                let pattern = fields[..n_words].join(" ");
                for num in &fields[n_words..] {
                    match names.get(num.trim_start_matches('0')) {
                        Some(cat) => grouped.add(&pattern, cat, line_no),
                        None => problems.push(bad(
                            path,
                            line_no,
                            format!("category number {num} is not in the header"),
                        )),
                    }
                }
            }
        }
    }
    if section < 2 {
        problems.push(bad(
            path,
            text.lines().count().max(1),
            "the category header is not closed by a second `%` line".into(),
        ));
    }
    let known: Vec<String> = names.into_values().collect();
    grouped.build(path, text, opts, &known, problems)
}

/// Read a LIWC `.dic` file; see [`liwc_from_str`].
///
/// ```
/// use stancelens::lexicon::loaders::{liwc_from_file, ImportOptions};
/// let err = liwc_from_file("/no/such.dic", &ImportOptions::new("x", "1")).unwrap_err();
/// assert_eq!(err.problems[0].kind, stancelens::lexicon::ProblemKind::Io);
/// ```
pub fn liwc_from_file(
    path: impl AsRef<Path>,
    opts: &ImportOptions,
) -> Result<Lexicon, LexiconError> {
    let path = path.as_ref();
    liwc_from_str(&read_file(path)?, path, opts)
}

/// Load a Lexicoder `.lc3` dictionary (the LSD2015 distribution format, as read by
/// quanteda): a line `+category` starts a category; every other non-blank line is one
/// pattern (a word or phrase, `*` a trailing wildcard) of the current category. Lines
/// are trimmed; a pattern before any category is an error.
///
/// ```
/// use stancelens::lexicon::loaders::{lexicoder_from_str, ImportOptions};
/// let lc3 = "+negative\nabandon*\n+neg_positive\nnot good*\n";
/// let lex = lexicoder_from_str(lc3, "t.lc3", &ImportOptions::lsd2015_valence().weight("positive", 1.0))
///     .map_err(|e| e.to_string());
/// // `positive` and `neg_negative` are mapped but not defined in this file: an error.
/// assert!(lex.is_err());
/// let opts = stancelens::lexicon::loaders::ImportOptions::new("lsd", "t")
///     .weight("negative", -1.0).weight("neg_positive", -1.0).category("valence");
/// let lex = lexicoder_from_str(lc3, "t.lc3", &opts)?;
/// assert_eq!(lex.entries().len(), 2);
/// # Ok::<(), stancelens::lexicon::LexiconError>(())
/// ```
pub fn lexicoder_from_str(
    text: &str,
    path: impl AsRef<Path>,
    opts: &ImportOptions,
) -> Result<Lexicon, LexiconError> {
    let path = path.as_ref();
    let mut problems = Vec::new();
    let mut current: Option<String> = None;
    let mut known: Vec<String> = Vec::new();
    let mut grouped = Grouped::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim().trim_start_matches('\u{feff}');
        if line.is_empty() {
            continue;
        }
        if let Some(cat) = line.strip_prefix('+') {
            let cat = cat.trim();
            if cat.is_empty() {
                problems.push(bad(path, line_no, "empty category name after `+`".into()));
                continue;
            }
            if !known.iter().any(|k| k == cat) {
                known.push(cat.to_owned());
            }
            current = Some(cat.to_owned());
            continue;
        }
        match &current {
            Some(cat) => {
                let pattern = line.split_whitespace().collect::<Vec<_>>().join(" ");
                grouped.add(&pattern, cat, line_no);
            }
            None => problems.push(bad(
                path,
                line_no,
                format!("pattern {line:?} before any `+category` line"),
            )),
        }
    }
    grouped.build(path, text, opts, &known, problems)
}

/// Read a Lexicoder `.lc3` file; see [`lexicoder_from_str`].
///
/// ```
/// use stancelens::lexicon::loaders::{lexicoder_from_file, ImportOptions};
/// assert!(lexicoder_from_file("/no/such.lc3", &ImportOptions::lsd2015_valence()).is_err());
/// ```
pub fn lexicoder_from_file(
    path: impl AsRef<Path>,
    opts: &ImportOptions,
) -> Result<Lexicon, LexiconError> {
    let path = path.as_ref();
    lexicoder_from_str(&read_file(path)?, path, opts)
}
