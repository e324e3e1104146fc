//! Located problems found while loading or layering lexicon files.

use crate::Location;
use std::fmt;

/// What kind of problem a [`Problem`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// The file could not be read.
    Io,
    /// TOML syntax error (this includes duplicate keys, which TOML forbids).
    Syntax,
    /// A field the format does not know.
    UnknownField,
    /// A field holds the wrong type of value.
    WrongType,
    /// A required field is missing.
    MissingField,
    /// Two entries share one id.
    DuplicateId,
    /// A weight, factor or parameter outside its documented range, or NaN.
    OutOfRange,
    /// An empty or whitespace-only pattern or alias.
    EmptyPattern,
    /// A pattern that can never match tokenized text.
    NeverMatches,
    /// A modifier rule with a category that is not a modifier kind.
    UnknownCategory,
    /// A later layer redefines an id without `override = true`.
    ConflictingOverride,
    /// `override = true` on an id no earlier layer defines.
    OverrideWithoutTarget,
    /// Bad `fuzzy` parameters.
    BadFuzzy,
    /// An example sentence that its rule does not match.
    ExampleDoesNotMatch,
    /// A malformed line in a line-based lexicon file (VADER, LIWC, Lexicoder).
    BadLine,
}

/// One problem, located in its file and tied to its rule when there is one.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// File, line and column.
    pub location: Location,
    /// The `id` of the rule the problem belongs to, when known.
    pub rule_id: Option<String>,
    /// The kind of problem.
    pub kind: ProblemKind,
    /// A human-readable explanation.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.location)?;
        if let Some(id) = &self.rule_id {
            write!(f, "rule `{id}`: ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// Every problem found in one or more lexicon files. Loading never stops at the first
/// problem of a file: all of them are collected.
///
/// ```
/// use stancelens::lexicon::Lexicon;
/// let err = Lexicon::from_toml_str("[[rule]]\nid = \"a\"\npattern = \" \"\n", "x.toml").unwrap_err();
/// assert!(err.problems.iter().any(|p| p.message.contains("empty")));
/// ```
#[derive(Clone, Debug, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[error("{}", render(.problems))]
pub struct LexiconError {
    /// The problems, in file order.
    pub problems: Vec<Problem>,
}

fn render(problems: &[Problem]) -> String {
    let mut s = format!("{} problem(s) in lexicon", problems.len());
    for p in problems {
        s.push_str("\n  ");
        s.push_str(&p.to_string());
    }
    s
}

impl LexiconError {
    /// An error made of one problem.
    pub fn single(
        location: Location,
        rule_id: Option<String>,
        kind: ProblemKind,
        message: impl Into<String>,
    ) -> Self {
        LexiconError {
            problems: vec![Problem {
                location,
                rule_id,
                kind,
                message: message.into(),
            }],
        }
    }
}
