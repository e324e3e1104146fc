//! Lexicon rule files: format, validation and the compiled matcher.
//!
//! A [`Lexicon`] is a stack of layers (bundled files first, user files after), each a
//! list of [`Entry`] rules. Load TOML rule files with [`Lexicon::from_toml_str`] or
//! [`Lexicon::from_file`] (format: `docs/lexicon-format.md`), stack them with
//! [`Lexicon::layered`], and compile the stack into a [`Matcher`] that finds
//! leftmost-longest [`Hit`]s over [`crate::text::tokenize`] tokens.
//!
//! ```
//! use stancelens::lexicon::Lexicon;
//! let lex = Lexicon::from_toml_str(r#"
//! [lexicon]
//! name = "demo"
//! version = "1"
//!
//! [[rule]]
//! id = "threat"
//! pattern = "threat*"
//! weight = -2.0
//! category = "valence"
//! examples = ["Iran threatens its neighbours."]
//! "#, "demo.toml")?;
//! let m = lex.compile()?;
//! let text = "The threats grew.";
//! let hits = m.find_all(text);
//! assert_eq!(hits[0].span.slice(text), "threats");
//! assert_eq!(m.entry(hits[0].rule).id, "threat");
//! # Ok::<(), stancelens::lexicon::LexiconError>(())
//! ```

pub mod bundled;
mod error;
pub mod loaders;
pub(crate) mod matcher;
mod modifiers;
mod pattern;
mod similarity;
pub(crate) mod toml_format;

pub use error::{LexiconError, Problem, ProblemKind};
pub(crate) use matcher::{FoldView, Vocab};
pub use matcher::{Hit, MatchVia, Matcher, RuleId, Scratch, TokenRange};
pub use modifiers::{ModifierKind, Settings, SETTINGS};

use crate::hash::FxMap;
use crate::Location;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Inclusive weight range of term (non-modifier) rules.
pub const TERM_WEIGHT_RANGE: (f64, f64) = (-4.0, 4.0);

/// Whether a file holds term rules or modifier rules.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum LexiconKind {
    /// Words and phrases with a free category (`valence`, `hedge`, `loaded`, topics...).
    #[default]
    Terms,
    /// Modifier rules whose category is a [`ModifierKind`].
    Modifiers,
}

/// Metadata of one layer (one file).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LexiconMeta {
    /// Short name (`vader`, `modifiers`, `my-topics`).
    pub name: String,
    /// Version string of the file.
    pub version: String,
    /// Licence of the file's content.
    pub licence: Option<String>,
    /// Where the content comes from (paper, URL, author).
    pub source: Option<String>,
    /// Free description.
    pub description: Option<String>,
    /// Hex sha256 of the file bytes, computed on load.
    pub sha256: String,
    /// The path the file was loaded from (or the name given for in-memory text).
    pub path: PathBuf,
    /// Terms or modifiers.
    pub kind: LexiconKind,
}

/// String-similarity measure for fuzzy matching.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum FuzzyMetric {
    /// `strsim::jaro_winkler`.
    #[default]
    JaroWinkler,
    /// `strsim::normalized_levenshtein`.
    Levenshtein,
}

/// Opt-in fuzzy matching of a single-word rule (for names and transliterations).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Fuzzy {
    /// Minimum similarity in (0, 1].
    pub threshold: f64,
    /// Tokens shorter than this many characters are never fuzzy-matched.
    pub min_len: usize,
    /// The similarity measure.
    pub metric: FuzzyMetric,
}

/// One rule.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    /// Unique id across the whole layer stack.
    pub id: String,
    /// A word, a phrase, a prefix `stem*` or a one-word glob.
    pub pattern: String,
    /// `*` and `?` are literal characters (used by the VADER loader for emoticons).
    pub literal: bool,
    /// Weight; its meaning and range depend on the category.
    pub weight: f64,
    /// Free category for term rules; a [`ModifierKind`] name for modifier rules.
    pub category: String,
    /// Set for rules from a modifiers file.
    pub modifier: Option<ModifierKind>,
    /// Match case exactly (after apostrophe/hyphen folding).
    pub case_sensitive: bool,
    /// Why the rule exists.
    pub rationale: Option<String>,
    /// Sentences the rule must match (checked on load).
    pub examples: Vec<String>,
    /// Declared spelling or transliteration variants.
    pub aliases: Vec<String>,
    /// Opt-in fuzzy matching.
    pub fuzzy: Option<Fuzzy>,
    /// Kind-specific modifier parameters (`window`, `before`, `main`...).
    pub params: BTreeMap<String, f64>,
    /// Replaces an entry with the same id from an earlier layer.
    pub is_override: bool,
    /// Where the rule is defined.
    pub origin: Location,
    /// Index of the layer the rule comes from.
    pub layer: usize,
}

impl Entry {
    /// A term rule with defaults for every optional field.
    ///
    /// ```
    /// use stancelens::lexicon::Entry;
    /// let e = Entry::new("good", "good", 1.9, "valence");
    /// assert!(!e.case_sensitive);
    /// ```
    pub fn new(
        id: impl Into<String>,
        pattern: impl Into<String>,
        weight: f64,
        category: impl Into<String>,
    ) -> Self {
        Entry {
            id: id.into(),
            pattern: pattern.into(),
            literal: false,
            weight,
            category: category.into(),
            modifier: None,
            case_sensitive: false,
            rationale: None,
            examples: Vec::new(),
            aliases: Vec::new(),
            fuzzy: None,
            params: BTreeMap::new(),
            is_override: false,
            origin: Location::new("<memory>"),
            layer: 0,
        }
    }
}

/// A stack of lexicon layers, ready to compile.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lexicon {
    layers: Vec<LexiconMeta>,
    entries: Vec<Entry>,
    settings: BTreeMap<String, f64>,
}

/// Hex sha256 of `bytes`.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

impl Lexicon {
    /// Parse and validate a TOML rule file held in memory; `path` names it in errors.
    ///
    /// Every problem of the file is reported, each with line, column and rule id.
    ///
    /// ```
    /// use stancelens::lexicon::Lexicon;
    /// let lex = Lexicon::from_toml_str("[[rule]]\nid = \"a\"\npattern = \"calm\"\nweight = 1.0\ncategory = \"valence\"\n", "a.toml")?;
    /// assert_eq!(lex.entries().len(), 1);
    /// assert_eq!(lex.layers()[0].sha256.len(), 64);
    /// # Ok::<(), stancelens::lexicon::LexiconError>(())
    /// ```
    pub fn from_toml_str(text: &str, path: impl AsRef<Path>) -> Result<Lexicon, LexiconError> {
        toml_format::parse(text, path.as_ref())
    }

    /// Read and validate a TOML rule file.
    ///
    /// ```
    /// use stancelens::lexicon::Lexicon;
    /// assert!(Lexicon::from_file("/no/such/file.toml").is_err());
    /// ```
    pub fn from_file(path: impl AsRef<Path>) -> Result<Lexicon, LexiconError> {
        let path = path.as_ref();
        let text = read_file(path)?;
        Self::from_toml_str(&text, path)
    }

    /// Stack layers: later layers extend earlier ones, and replace an entry with the same
    /// id only when they declare `override = true` (else "conflicting override").
    ///
    /// ```
    /// use stancelens::lexicon::Lexicon;
    /// let base = Lexicon::from_toml_str("[[rule]]\nid = \"a\"\npattern = \"calm\"\nweight = 1.0\n", "base.toml")?;
    /// let user = Lexicon::from_toml_str("[[rule]]\nid = \"a\"\npattern = \"calm\"\nweight = 2.0\noverride = true\n", "user.toml")?;
    /// let lex = Lexicon::layered([base.clone(), user])?;
    /// assert_eq!(lex.get("a").map(|e| e.weight), Some(2.0));
    /// let clash = Lexicon::from_toml_str("[[rule]]\nid = \"a\"\npattern = \"calm\"\n", "clash.toml")?;
    /// assert!(Lexicon::layered([base, clash]).is_err());
    /// # Ok::<(), stancelens::lexicon::LexiconError>(())
    /// ```
    pub fn layered(layers: impl IntoIterator<Item = Lexicon>) -> Result<Lexicon, LexiconError> {
        let mut out = Lexicon::default();
        let mut index: FxMap<String, usize> = FxMap::default();
        let mut problems = Vec::new();
        // Sized once for all layers: grown layer by layer, the entries were copied again.
        let layers: Vec<Lexicon> = layers.into_iter().collect();
        let total: usize = layers.iter().map(|l| l.entries.len()).sum();
        index.reserve(total);
        out.entries.reserve(total);
        for lex in layers {
            let offset = out.layers.len();
            out.layers.extend(lex.layers);
            for (k, v) in lex.settings {
                out.settings.insert(k, v);
            }
            for mut e in lex.entries {
                e.layer += offset;
                match index.get(&e.id) {
                    Some(&i) if e.is_override => out.entries[i] = e,
                    Some(&i) => {
                        let first = &out.entries[i].origin;
                        problems.push(Problem {
                            message: format!(
                                "conflicting override: id `{}` is already defined at {first}; add `override = true` to replace it, or choose another id",
                                e.id
                            ),
                            location: e.origin.clone(),
                            rule_id: Some(e.id.clone()),
                            kind: ProblemKind::ConflictingOverride,
                        });
                    }
                    None if e.is_override && offset > 0 => problems.push(Problem {
                        message: format!(
                            "`override = true` but no earlier layer defines id `{}`",
                            e.id
                        ),
                        location: e.origin.clone(),
                        rule_id: Some(e.id.clone()),
                        kind: ProblemKind::OverrideWithoutTarget,
                    }),
                    None => {
                        index.insert(e.id.clone(), out.entries.len());
                        out.entries.push(e);
                    }
                }
            }
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(LexiconError { problems })
        }
    }

    /// Compile into a [`Matcher`].
    ///
    /// ```
    /// use stancelens::lexicon::Lexicon;
    /// let m = Lexicon::from_toml_str("[[rule]]\nid = \"k\"\npattern = \"Karabakh\"\naliases = [\"Karabagh\"]\n", "k.toml")?.compile()?;
    /// assert_eq!(m.find_all("in Karabagh").len(), 1);
    /// # Ok::<(), stancelens::lexicon::LexiconError>(())
    /// ```
    pub fn compile(&self) -> Result<Matcher, LexiconError> {
        Matcher::new(self.clone())
    }

    /// A copy keeping only the entries for which `keep` is true (layers and settings are
    /// kept). Use it to compile one matcher per purpose, so that rules of another purpose
    /// cannot shadow them in leftmost-longest matching.
    ///
    /// ```
    /// use stancelens::lexicon::bundled;
    /// let stack = bundled::valence_stack()?;
    /// let only_modifiers = stack.filtered(|e| e.modifier.is_some());
    /// assert!(only_modifiers.entries().len() < stack.entries().len());
    /// # Ok::<(), stancelens::lexicon::LexiconError>(())
    /// ```
    #[must_use]
    pub fn filtered(&self, keep: impl Fn(&Entry) -> bool) -> Lexicon {
        Lexicon {
            layers: self.layers.clone(),
            entries: self.entries.iter().filter(|e| keep(e)).cloned().collect(),
            settings: self.settings.clone(),
        }
    }

    /// [`filtered`](Self::filtered), keeping this lexicon's own entries instead of
    /// copying them (for a stack that is compiled once and not used again).
    pub(crate) fn retained(mut self, keep: impl Fn(&Entry) -> bool) -> Lexicon {
        self.entries.retain(|e| keep(e));
        self
    }

    /// All entries, in layer order (an override keeps the position of what it replaced).
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The layers' metadata, bottom first.
    pub fn layers(&self) -> &[LexiconMeta] {
        &self.layers
    }

    /// The entry with id `id`.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// Resolved modifier/scoring settings.
    ///
    /// ```
    /// let s = stancelens::lexicon::bundled::modifiers()?.settings();
    /// assert_eq!(s.alpha, 15.0);
    /// # Ok::<(), stancelens::lexicon::LexiconError>(())
    /// ```
    pub fn settings(&self) -> Settings {
        Settings::from_map(&self.settings)
    }

    /// The explicit `[settings]` values of all layers (later layers win).
    pub fn settings_map(&self) -> &BTreeMap<String, f64> {
        &self.settings
    }
}

pub(crate) fn read_file(path: &Path) -> Result<String, LexiconError> {
    std::fs::read_to_string(path).map_err(|e| {
        LexiconError::single(
            Location::new(path),
            None,
            ProblemKind::Io,
            format!("cannot read file: {e}"),
        )
    })
}

/// Builds a one-layer [`Lexicon`] from entries made in code (used by the line-based
/// loaders). Entries are validated on [`build`](LexiconBuilder::build).
///
/// ```
/// use stancelens::lexicon::{Entry, LexiconBuilder};
/// let lex = LexiconBuilder::new("mine", "1")
///     .entry(Entry::new("calm", "calm*", 1.0, "valence"))
///     .build()?;
/// assert_eq!(lex.layers()[0].name, "mine");
/// # Ok::<(), stancelens::lexicon::LexiconError>(())
/// ```
#[derive(Clone, Debug)]
pub struct LexiconBuilder {
    meta: LexiconMeta,
    entries: Vec<Entry>,
    problems: Vec<Problem>,
}

impl LexiconBuilder {
    /// A builder for a layer named `name` at `version`.
    pub fn new(name: impl Into<String>, version: impl Into<String>) -> Self {
        let name = name.into();
        LexiconBuilder {
            meta: LexiconMeta {
                path: PathBuf::from(format!("<{name}>")),
                name,
                version: version.into(),
                ..LexiconMeta::default()
            },
            entries: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// Set the whole metadata (keeps nothing from `new`).
    #[must_use]
    pub fn meta(mut self, meta: LexiconMeta) -> Self {
        self.meta = meta;
        self
    }

    /// Set licence, source and description.
    #[must_use]
    pub fn provenance(
        mut self,
        licence: Option<String>,
        source: Option<String>,
        description: Option<String>,
    ) -> Self {
        self.meta.licence = licence;
        self.meta.source = source;
        self.meta.description = description;
        self
    }

    /// Record the source file: its path and the sha256 of its bytes.
    #[must_use]
    pub fn file(mut self, path: impl Into<PathBuf>, bytes: &[u8]) -> Self {
        self.meta.path = path.into();
        self.meta.sha256 = sha256_hex(bytes);
        self
    }

    /// Add an entry.
    #[must_use]
    pub fn entry(mut self, entry: Entry) -> Self {
        self.entries.push(entry);
        self
    }

    /// Add a problem found by a loader (reported by `build`).
    pub(crate) fn push_problem(&mut self, p: Problem) {
        self.problems.push(p);
    }

    pub(crate) fn push_entry(&mut self, e: Entry) {
        self.entries.push(e);
    }

    pub(crate) fn reserve_entries(&mut self, n: usize) {
        self.entries.reserve(n);
    }

    pub(crate) fn entry_count(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn replace_entry(&mut self, at: usize, e: Entry) {
        if let Some(slot) = self.entries.get_mut(at) {
            *slot = e;
        }
    }

    /// Validate and build.
    pub fn build(self) -> Result<Lexicon, LexiconError> {
        let mut problems = self.problems;
        let mut seen: FxMap<&str, &Location> = FxMap::default();
        seen.reserve(self.entries.len());
        for e in &self.entries {
            if let Some(first) = seen.get(e.id.as_str()) {
                problems.push(Problem {
                    location: e.origin.clone(),
                    rule_id: Some(e.id.clone()),
                    kind: ProblemKind::DuplicateId,
                    message: format!("duplicate id `{}` (first defined at {first})", e.id),
                });
            } else {
                seen.insert(&e.id, &e.origin);
            }
            validate_entry(e, self.meta.kind, &|_| e.origin.clone(), &[], &mut problems);
        }
        problems.sort_by_key(|p| (p.location.line, p.location.column));
        if !problems.is_empty() {
            return Err(LexiconError { problems });
        }
        let mut entries = self.entries;
        for e in &mut entries {
            e.layer = 0;
            if self.meta.kind == LexiconKind::Modifiers {
                e.modifier = ModifierKind::from_name(&e.category);
            }
        }
        Ok(Lexicon {
            layers: vec![self.meta],
            entries,
            settings: BTreeMap::new(),
        })
    }
}

pub(crate) fn in_range(v: f64, (lo, hi): (f64, f64)) -> bool {
    v.is_finite() && v >= lo && v <= hi
}

/// Checks shared by every loader. `locate(field)` gives the location of a field of `e`
/// (`pattern`, `weight`, `category`, `aliases.N`, `examples.N`, `fuzzy`, `params.KEY`).
pub(crate) fn validate_entry(
    e: &Entry,
    kind: LexiconKind,
    locate: &dyn Fn(&str) -> Location,
    skip: &[&str],
    problems: &mut Vec<Problem>,
) {
    let mut push = |field: &str, k: ProblemKind, msg: String| {
        // Fields already reported as missing get no follow-up problems.
        if skip.contains(&field) {
            return;
        }
        problems.push(Problem {
            location: locate(field),
            rule_id: Some(e.id.clone()),
            kind: k,
            message: msg,
        });
    };
    if e.id.trim().is_empty() {
        push("id", ProblemKind::EmptyPattern, "id is empty".into());
    }
    // The parsed pattern only when a check below needs it (most rules: just whether it
    // parses, which for a plain word needs no parse).
    let parsed = if e.fuzzy.is_some() || !e.examples.is_empty() {
        pattern::parse(&e.pattern, e.literal).map(Some)
    } else {
        pattern::check(&e.pattern, e.literal).map(|()| None)
    }
    .map_err(|(k, m)| push("pattern", k, m));
    for (i, a) in e.aliases.iter().enumerate() {
        if let Err((k, m)) = pattern::check(a, e.literal) {
            push(&format!("aliases.{i}"), k, format!("alias: {m}"));
        }
    }
    let modifier = if kind == LexiconKind::Modifiers {
        match ModifierKind::from_name(&e.category) {
            Some(m) => Some(m),
            None => {
                let known: Vec<&str> = ModifierKind::ALL.iter().map(|k| k.name()).collect();
                push(
                    "category",
                    ProblemKind::UnknownCategory,
                    format!(
                        "unknown category `{}` for a modifier rule; expected one of {}",
                        e.category,
                        known.join(", ")
                    ),
                );
                None
            }
        }
    } else {
        None
    };
    let range = modifier.map_or(TERM_WEIGHT_RANGE, ModifierKind::weight_range);
    if !in_range(e.weight, range) {
        push(
            "weight",
            ProblemKind::OutOfRange,
            format!(
                "weight {} is out of range [{}, {}] for category `{}`",
                e.weight, range.0, range.1, e.category
            ),
        );
    }
    match modifier {
        Some(m) => {
            for (k, v) in &e.params {
                match m.params().iter().find(|p| p.0 == k) {
                    Some(&(_, _, lo, hi)) if !in_range(*v, (lo, hi)) => push(
                        &format!("params.{k}"),
                        ProblemKind::OutOfRange,
                        format!("params.{k} = {v} is out of range [{lo}, {hi}]"),
                    ),
                    Some(_) => {}
                    None => push(
                        &format!("params.{k}"),
                        ProblemKind::UnknownField,
                        format!("unknown parameter `{k}` for a `{}` rule", m.name()),
                    ),
                }
            }
        }
        None if !e.params.is_empty() => push(
            "params",
            ProblemKind::UnknownField,
            "`params` is only allowed on rules of a modifiers file".into(),
        ),
        None => {}
    }
    if let Some(f) = e.fuzzy {
        if !(f.threshold.is_finite() && f.threshold > 0.5 && f.threshold <= 1.0) {
            push(
                "fuzzy",
                ProblemKind::BadFuzzy,
                format!("fuzzy threshold {} must be in (0.5, 1]", f.threshold),
            );
        }
        if f.min_len < 3 {
            push(
                "fuzzy",
                ProblemKind::BadFuzzy,
                format!("fuzzy min_len {} must be at least 3", f.min_len),
            );
        }
        if matches!(&parsed, Ok(Some(p)) if !p.is_single_word()) {
            push(
                "fuzzy",
                ProblemKind::BadFuzzy,
                "fuzzy matching needs a single-word pattern".into(),
            );
        }
    }
    // Examples: the rule alone must match each of them.
    if !e.examples.is_empty() && parsed.is_ok() {
        let mut solo = e.clone();
        solo.is_override = false;
        solo.layer = 0;
        let lex = Lexicon {
            layers: vec![LexiconMeta {
                kind,
                ..LexiconMeta::default()
            }],
            entries: vec![solo],
            settings: BTreeMap::new(),
        };
        if let Ok(m) = Matcher::new(lex) {
            for (i, ex) in e.examples.iter().enumerate() {
                if m.find_all(ex).is_empty() {
                    push(
                        &format!("examples.{i}"),
                        ProblemKind::ExampleDoesNotMatch,
                        format!("example {:?} does not match pattern `{}`", ex, e.pattern),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keeping a stack's own entries gives the copy `filtered` gives, for a filter that
    /// keeps some and drops others.
    #[test]
    fn retained_equals_filtered() -> Result<(), LexiconError> {
        let stack = bundled::valence_stack()?;
        let keep = |e: &Entry| e.modifier.is_some() || e.weight > 1.0;
        let copied = stack.filtered(keep);
        assert!(copied.entries().len() < stack.entries().len());
        assert!(!copied.entries().is_empty());
        assert_eq!(stack.retained(keep), copied);
        Ok(())
    }
}
