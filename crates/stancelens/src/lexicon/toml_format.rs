//! The TOML rule-file reader: every field keeps its span so each problem is located.

use super::{
    in_range, sha256_hex, validate_entry, Entry, Fuzzy, FuzzyMetric, Lexicon, LexiconError,
    LexiconKind, LexiconMeta, Problem, ProblemKind, SETTINGS,
};
use crate::hash::FxMap;
use crate::Location;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use toml::Spanned;

/// A TOML value that keeps the span of every nested key and value.
#[derive(Debug)]
pub(crate) enum Val {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Arr(Vec<Spanned<Val>>),
    Table(Vec<(Spanned<String>, Spanned<Val>)>),
}

impl Val {
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Val::Str(_) => "a string",
            Val::Int(_) => "an integer",
            Val::Float(_) => "a float",
            Val::Bool(_) => "a boolean",
            Val::Arr(_) => "an array",
            Val::Table(_) => "a table",
        }
    }
}

struct ValVisitor;

impl<'de> Visitor<'de> for ValVisitor {
    type Value = Val;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a TOML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Val, E> {
        Ok(Val::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Val, E> {
        Ok(Val::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Val, E> {
        Ok(Val::Int(i64::try_from(v).unwrap_or(i64::MAX)))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Val, E> {
        Ok(Val::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Val, E> {
        Ok(Val::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Val, E> {
        Ok(Val::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Val, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element::<Spanned<Val>>()? {
            out.push(v);
        }
        Ok(Val::Arr(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Val, A::Error> {
        let mut out = Vec::new();
        while let Some(k) = map.next_key::<Spanned<String>>()? {
            let v = map.next_value::<Spanned<Val>>()?;
            out.push((k, v));
        }
        Ok(Val::Table(out))
    }
}

impl<'de> Deserialize<'de> for Val {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Val, D::Error> {
        d.deserialize_any(ValVisitor)
    }
}

const META_KEYS: &[&str] = &[
    "name",
    "version",
    "licence",
    "source",
    "description",
    "kind",
];
const RULE_KEYS: &[&str] = &[
    "id",
    "pattern",
    "weight",
    "category",
    "case_sensitive",
    "literal",
    "rationale",
    "examples",
    "aliases",
    "fuzzy",
    "params",
    "override",
];
const FUZZY_KEYS: &[&str] = &["threshold", "min_len", "metric"];

pub(crate) struct Ctx<'a> {
    pub(crate) text: &'a str,
    pub(crate) path: &'a Path,
    pub(crate) lines: crate::error::LineIndex,
    pub(crate) problems: Vec<Problem>,
}

impl Ctx<'_> {
    pub(crate) fn loc(&self, offset: usize) -> Location {
        self.lines.locate(self.path, self.text, offset)
    }
    pub(crate) fn push(
        &mut self,
        offset: usize,
        rule_id: Option<&str>,
        kind: ProblemKind,
        message: String,
    ) {
        let location = self.loc(offset);
        self.problems.push(Problem {
            location,
            rule_id: rule_id.map(str::to_owned),
            kind,
            message,
        });
    }
    pub(crate) fn unknown(
        &mut self,
        key: &Spanned<String>,
        known: &[&str],
        rule_id: Option<&str>,
        what: &str,
    ) {
        let k = key.get_ref();
        let hint = known
            .iter()
            .map(|c| (strsim::jaro_winkler(k, c), c))
            .filter(|(s, _)| *s >= 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, c)| format!(" (did you mean `{c}`?)"))
            .unwrap_or_default();
        self.push(
            key.span().start,
            rule_id,
            ProblemKind::UnknownField,
            format!(
                "unknown field `{k}` in {what}{hint}; known fields: {}",
                known.join(", ")
            ),
        );
    }
    pub(crate) fn wrong(
        &mut self,
        v: &Spanned<Val>,
        field: &str,
        want: &str,
        rule_id: Option<&str>,
    ) {
        self.push(
            v.span().start,
            rule_id,
            ProblemKind::WrongType,
            format!(
                "`{field}` must be {want}, found {}",
                v.get_ref().type_name()
            ),
        );
    }
    pub(crate) fn string(
        &mut self,
        v: &Spanned<Val>,
        field: &str,
        rule_id: Option<&str>,
    ) -> Option<String> {
        match v.get_ref() {
            Val::Str(s) => Some(s.clone()),
            _ => {
                self.wrong(v, field, "a string", rule_id);
                None
            }
        }
    }
    pub(crate) fn number(
        &mut self,
        v: &Spanned<Val>,
        field: &str,
        rule_id: Option<&str>,
    ) -> Option<f64> {
        match v.get_ref() {
            Val::Float(f) => Some(*f),
            Val::Int(i) => Some(*i as f64),
            _ => {
                self.wrong(v, field, "a number", rule_id);
                None
            }
        }
    }
    pub(crate) fn boolean(
        &mut self,
        v: &Spanned<Val>,
        field: &str,
        rule_id: Option<&str>,
    ) -> Option<bool> {
        match v.get_ref() {
            Val::Bool(b) => Some(*b),
            _ => {
                self.wrong(v, field, "true or false", rule_id);
                None
            }
        }
    }
    /// An array of strings with the span start of each element.
    pub(crate) fn strings(
        &mut self,
        v: &Spanned<Val>,
        field: &str,
        rule_id: Option<&str>,
    ) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        match v.get_ref() {
            Val::Arr(items) => {
                for it in items {
                    if let Some(s) = self.string(it, field, rule_id) {
                        out.push((s, it.span().start));
                    }
                }
            }
            _ => self.wrong(v, field, "an array of strings", rule_id),
        }
        out
    }
}

/// Parse and validate a TOML rule file.
pub(crate) fn parse(text: &str, path: &Path) -> Result<Lexicon, LexiconError> {
    let mut cx = Ctx {
        text,
        path,
        lines: crate::error::LineIndex::new(text),
        problems: Vec::new(),
    };
    let root = match toml::from_str::<Val>(text) {
        Ok(Val::Table(t)) => t,
        Ok(_) => Vec::new(),
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            let msg = crate::error::toml_message(&e, text);
            cx.push(
                offset,
                None,
                ProblemKind::Syntax,
                format!("TOML syntax: {msg}"),
            );
            return Err(LexiconError {
                problems: cx.problems,
            });
        }
    };
    let mut meta = LexiconMeta {
        sha256: sha256_hex(text.as_bytes()),
        path: path.to_path_buf(),
        name: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        ..LexiconMeta::default()
    };
    // The [lexicon] table first: `kind` decides how rules are checked.
    for (k, v) in &root {
        if k.get_ref() == "lexicon" {
            read_meta(&mut cx, v, &mut meta);
        }
    }
    let mut settings = BTreeMap::new();
    let mut entries: Vec<(Entry, FxMap<String, usize>)> = Vec::new();
    for (k, v) in &root {
        match k.get_ref().as_str() {
            "lexicon" => {}
            "settings" => read_settings(&mut cx, k, v, meta.kind, &mut settings),
            "rule" => match v.get_ref() {
                Val::Arr(rules) => {
                    for r in rules {
                        if let Some(e) = read_rule(&mut cx, r, meta.kind) {
                            entries.push(e);
                        }
                    }
                }
                _ => cx.wrong(v, "rule", "an array of tables (`[[rule]]`)", None),
            },
            _ => cx.unknown(k, &["lexicon", "settings", "rule"], None, "the file"),
        }
    }
    let mut seen: FxMap<String, Location> = FxMap::default();
    for (e, spans) in &entries {
        if let Some(first) = seen.get(&e.id) {
            let msg = format!("duplicate id `{}` (first defined at {first})", e.id);
            let location = e.origin.clone();
            cx.problems.push(Problem {
                location,
                rule_id: Some(e.id.clone()),
                kind: ProblemKind::DuplicateId,
                message: msg,
            });
        } else {
            seen.insert(e.id.clone(), e.origin.clone());
        }
        let rule_start = spans.get("").copied().unwrap_or(0);
        let locate = |field: &str| {
            let off = spans
                .get(field)
                .or_else(|| field.split('.').next().and_then(|f| spans.get(f)))
                .copied()
                .unwrap_or(rule_start);
            cx.lines.locate(path, text, off)
        };
        let skip: Vec<&str> = ["pattern", "weight", "category"]
            .into_iter()
            .filter(|f| spans.contains_key(&format!("!{f}")))
            .collect();
        validate_entry(e, meta.kind, &locate, &skip, &mut cx.problems);
    }
    if !cx.problems.is_empty() {
        let mut problems = cx.problems;
        problems.sort_by_key(|p| (p.location.line, p.location.column));
        return Err(LexiconError { problems });
    }
    Ok(Lexicon {
        layers: vec![meta],
        entries: entries.into_iter().map(|(e, _)| e).collect(),
        settings,
    })
}

fn read_meta(cx: &mut Ctx<'_>, v: &Spanned<Val>, meta: &mut LexiconMeta) {
    let Val::Table(t) = v.get_ref() else {
        cx.wrong(v, "lexicon", "a table", None);
        return;
    };
    for (k, v) in t {
        let key = k.get_ref().as_str();
        if !META_KEYS.contains(&key) {
            cx.unknown(k, META_KEYS, None, "[lexicon]");
            continue;
        }
        let Some(s) = cx.string(v, key, None) else {
            continue;
        };
        match key {
            "name" => meta.name = s,
            "version" => meta.version = s,
            "licence" => meta.licence = Some(s),
            "source" => meta.source = Some(s),
            "description" => meta.description = Some(s),
            _ => match s.as_str() {
                "terms" => meta.kind = LexiconKind::Terms,
                "modifiers" => meta.kind = LexiconKind::Modifiers,
                other => cx.push(
                    v.span().start,
                    None,
                    ProblemKind::WrongType,
                    format!("`kind` must be \"terms\" or \"modifiers\", found {other:?}"),
                ),
            },
        }
    }
}

fn read_settings(
    cx: &mut Ctx<'_>,
    key: &Spanned<String>,
    v: &Spanned<Val>,
    kind: LexiconKind,
    out: &mut BTreeMap<String, f64>,
) {
    if kind != LexiconKind::Modifiers {
        cx.push(
            key.span().start,
            None,
            ProblemKind::UnknownField,
            "`[settings]` is only allowed in a file with `kind = \"modifiers\"`".into(),
        );
        return;
    }
    let Val::Table(t) = v.get_ref() else {
        cx.wrong(v, "settings", "a table", None);
        return;
    };
    let names: Vec<&str> = SETTINGS.iter().map(|s| s.0).collect();
    for (k, v) in t {
        let Some(&(name, _, lo, hi)) = SETTINGS.iter().find(|s| s.0 == k.get_ref()) else {
            cx.unknown(k, &names, None, "[settings]");
            continue;
        };
        let Some(x) = cx.number(v, name, None) else {
            continue;
        };
        if in_range(x, (lo, hi)) {
            out.insert(name.to_owned(), x);
        } else {
            cx.push(
                v.span().start,
                None,
                ProblemKind::OutOfRange,
                format!("setting `{name}` = {x} is out of range [{lo}, {hi}]"),
            );
        }
    }
}

/// Read one `[[rule]]` table; field spans are returned keyed by field name (`""` is the
/// rule itself, `aliases.N`/`examples.N` the array elements, `params.KEY` parameters).
fn read_rule(
    cx: &mut Ctx<'_>,
    r: &Spanned<Val>,
    kind: LexiconKind,
) -> Option<(Entry, FxMap<String, usize>)> {
    read_rule_with(cx, r, kind, &[])
}

/// [`read_rule`] that leaves the keys in `extra` to the caller (subject files add
/// `label`, `role` to entity rules) and only reports other unknown keys.
pub(crate) fn read_rule_with(
    cx: &mut Ctx<'_>,
    r: &Spanned<Val>,
    kind: LexiconKind,
    extra: &[&str],
) -> Option<(Entry, FxMap<String, usize>)> {
    let Val::Table(t) = r.get_ref() else {
        cx.wrong(r, "rule", "a table", None);
        return None;
    };
    let mut spans: FxMap<String, usize> = FxMap::default();
    spans.insert(String::new(), r.span().start);
    // The id first, so that every other problem can name its rule.
    let mut id: Option<String> = None;
    for (k, v) in t {
        if k.get_ref() == "id" {
            spans.insert("id".into(), v.span().start);
            id = cx.string(v, "id", None);
        }
    }
    let rid = id.clone();
    let rid = rid.as_deref();
    let mut e = Entry::new(id.clone().unwrap_or_default(), "", 1.0, "term");
    let (mut has_pattern, mut has_weight, mut has_category) = (false, false, false);
    for (k, v) in t {
        let key = k.get_ref().as_str();
        spans.insert(key.to_owned(), v.span().start);
        match key {
            "id" => {}
            "pattern" => {
                if let Some(s) = cx.string(v, key, rid) {
                    e.pattern = s;
                }
                has_pattern = true;
            }
            "weight" => {
                // NaN and infinities are caught by the range check.
                if let Some(w) = cx.number(v, key, rid) {
                    e.weight = w;
                }
                has_weight = true;
            }
            "category" => {
                if let Some(s) = cx.string(v, key, rid) {
                    e.category = s;
                }
                has_category = true;
            }
            "case_sensitive" => e.case_sensitive = cx.boolean(v, key, rid).unwrap_or(false),
            "literal" => e.literal = cx.boolean(v, key, rid).unwrap_or(false),
            "override" => e.is_override = cx.boolean(v, key, rid).unwrap_or(false),
            "rationale" => e.rationale = cx.string(v, key, rid),
            "examples" | "aliases" => {
                let items = cx.strings(v, key, rid);
                for (i, (_, off)) in items.iter().enumerate() {
                    spans.insert(format!("{key}.{i}"), *off);
                }
                let items = items.into_iter().map(|(s, _)| s).collect();
                if key == "examples" {
                    e.examples = items;
                } else {
                    e.aliases = items;
                }
            }
            "fuzzy" => e.fuzzy = read_fuzzy(cx, v, rid),
            "params" => match v.get_ref() {
                Val::Table(pt) => {
                    for (pk, pv) in pt {
                        spans.insert(format!("params.{}", pk.get_ref()), pk.span().start);
                        if let Some(x) = cx.number(pv, pk.get_ref(), rid) {
                            e.params.insert(pk.get_ref().clone(), x);
                        }
                    }
                }
                _ => cx.wrong(v, key, "a table of numbers", rid),
            },
            _ if extra.contains(&key) => {}
            _ => cx.unknown(k, RULE_KEYS, rid, "a rule"),
        }
    }
    let start = r.span().start;
    if id.is_none() && !t.iter().any(|(k, _)| k.get_ref() == "id") {
        cx.push(
            start,
            None,
            ProblemKind::MissingField,
            "rule has no `id`".into(),
        );
    }
    if !has_pattern {
        cx.push(
            start,
            rid,
            ProblemKind::MissingField,
            "rule has no `pattern`".into(),
        );
        spans.insert("!pattern".into(), start);
    }
    if kind == LexiconKind::Modifiers {
        if !has_weight {
            cx.push(
                start,
                rid,
                ProblemKind::MissingField,
                "modifier rule has no `weight`".into(),
            );
            spans.insert("!weight".into(), start);
        }
        if !has_category {
            cx.push(
                start,
                rid,
                ProblemKind::MissingField,
                "modifier rule has no `category`".into(),
            );
            spans.insert("!category".into(), start);
        }
        e.modifier = super::ModifierKind::from_name(&e.category);
    }
    let id_off = spans.get("id").copied().unwrap_or(start);
    e.origin = cx.loc(id_off);
    id.map(|_| (e, spans))
}

fn read_fuzzy(cx: &mut Ctx<'_>, v: &Spanned<Val>, rid: Option<&str>) -> Option<Fuzzy> {
    let Val::Table(t) = v.get_ref() else {
        cx.wrong(
            v,
            "fuzzy",
            "a table like { threshold = 0.85, min_len = 5 }",
            rid,
        );
        return None;
    };
    let mut f = Fuzzy {
        threshold: 0.85,
        min_len: 5,
        metric: FuzzyMetric::JaroWinkler,
    };
    for (k, v) in t {
        match k.get_ref().as_str() {
            "threshold" => {
                if let Some(x) = cx.number(v, "threshold", rid) {
                    f.threshold = x;
                }
            }
            "min_len" => match v.get_ref() {
                Val::Int(n) if *n >= 0 => f.min_len = usize::try_from(*n).unwrap_or(usize::MAX),
                Val::Int(n) => cx.push(
                    v.span().start,
                    rid,
                    ProblemKind::BadFuzzy,
                    format!("fuzzy min_len {n} must not be negative"),
                ),
                _ => cx.wrong(v, "min_len", "an integer", rid),
            },
            "metric" => match cx.string(v, "metric", rid).as_deref() {
                Some("jaro_winkler") => f.metric = FuzzyMetric::JaroWinkler,
                Some("levenshtein") => f.metric = FuzzyMetric::Levenshtein,
                Some(other) => cx.push(
                    v.span().start,
                    rid,
                    ProblemKind::BadFuzzy,
                    format!("fuzzy metric {other:?} must be \"jaro_winkler\" or \"levenshtein\""),
                ),
                None => {}
            },
            _ => cx.unknown(k, FUZZY_KEYS, rid, "fuzzy"),
        }
    }
    Some(f)
}
