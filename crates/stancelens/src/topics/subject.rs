//! The subject-file reader (`docs/subject-format.md`).

use crate::hash::FxMap;
use crate::lexicon::toml_format::{read_rule_with, Ctx, Val};
use crate::lexicon::{
    validate_entry, Entry, Lexicon, LexiconBuilder, LexiconError, LexiconKind, LexiconMeta,
    Matcher, Problem, ProblemKind,
};
use crate::Location;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use toml::Spanned;

/// An entity's role toward the target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Valence aimed at it counts for the target (+1).
    Ally,
    /// Valence aimed at it counts against the target (−1): hostility toward an adversary
    /// supports the target.
    Adversary,
    /// Valence aimed at it does not count (0).
    Neutral,
}

impl Role {
    /// +1, −1 or 0.
    pub fn sign(self) -> f64 {
        match self {
            Role::Ally => 1.0,
            Role::Adversary => -1.0,
            Role::Neutral => 0.0,
        }
    }
}

/// How far valence reaches an entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityWindow {
    /// The clause (between clause punctuation) of the mention.
    Clause,
    /// The whole sentence.
    Sentence,
}

/// `[settings]` of a subject file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SubjectSettings {
    /// Weight of quoted/reported speech in the source's own score.
    pub reported_speech_weight: f64,
    /// Fewer weighted evidence hits than this: `insufficient evidence`.
    pub min_evidence: f64,
    /// Body sentences after an anchored one that inherit its topics (same paragraph).
    pub carry_over: usize,
    /// |score| below this is `neutral`.
    pub neutral_band: f64,
    /// `mixed` when the minority side has at least this share of |evidence|.
    pub mixed_share: f64,
    /// How far valence reaches an entity.
    pub entity_window: EntityWindow,
}

impl Default for SubjectSettings {
    fn default() -> Self {
        SubjectSettings {
            reported_speech_weight: 0.5,
            min_evidence: 3.0,
            carry_over: 1,
            neutral_band: 0.05,
            mixed_share: 0.35,
            entity_window: EntityWindow::Clause,
        }
    }
}

/// `[subject]` metadata plus the file's path and sha256.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SubjectMeta {
    /// Id (`[a-z0-9-]`).
    pub id: String,
    /// Human label.
    pub label: String,
    /// Version string.
    pub version: String,
    /// Licence of the file's content.
    pub licence: Option<String>,
    /// Where the content comes from.
    pub source: Option<String>,
    /// Free description.
    pub description: Option<String>,
    /// The path the file was loaded from (or the name given).
    pub path: PathBuf,
    /// Hex sha256 of the file bytes.
    pub sha256: String,
}

/// `[target]`: what support or opposition is measured toward.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Target {
    /// Id.
    pub id: String,
    /// Human label.
    pub label: String,
    /// What a favourable stance means.
    pub favour: Option<String>,
    /// What an opposing stance means.
    pub against: Option<String>,
}

/// An `[[entity]]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SubjectEntity {
    /// Id.
    pub id: String,
    /// Human label.
    pub label: String,
    /// Role toward the target.
    pub role: Role,
    /// Why it has that role.
    pub rationale: Option<String>,
    /// The lexicon entry (pattern, aliases, fuzzy) that finds its mentions.
    #[serde(skip)]
    pub entry: Entry,
    /// For an entity named by a common noun ("alliance", "partnership"): the ids of the
    /// parties it is made of. A mention whose phrase names another party ("the Russo-Iranian
    /// alliance", "Iran's partnership", "an alliance with Turkey") is another pact and is
    /// not a mention of this entity. Empty: every match is a mention.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
    /// `members` as indices into [`Subject::entities`].
    #[serde(skip)]
    pub(crate) member_idx: Vec<usize>,
}

/// A `[[topic]]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Topic {
    /// Id.
    pub id: String,
    /// Human label.
    pub label: String,
    /// Free description.
    pub description: Option<String>,
    /// What a positive score means, in words.
    pub positive: Option<String>,
    /// +1: the positive direction favours the target; −1: it opposes it.
    pub target_sign: f64,
    /// Anchor patterns.
    pub anchors: Vec<String>,
    /// Entity ids whose mentions anchor the topic.
    pub anchor_entities: Vec<String>,
    /// The stance cues (lexicon entries with signed weights).
    #[serde(skip)]
    pub cues: Vec<Entry>,
    /// Cue id → the role of the actor its weight is written for (`actor = "ally"` or
    /// `"adversary"`). Such a cue evaluates the entity it is aimed at: aimed at an entity
    /// of the opposite role its sign flips (`docs/subject-format.md`).
    #[serde(skip)]
    pub cue_actors: BTreeMap<String, Role>,
    #[serde(skip)]
    pub(crate) anchor_entity_idx: Vec<usize>,
    /// Entity id → its role in this topic where it differs from the entity's own
    /// (`roles = { lieberman = "ally" }`): valence aimed at it in this topic's cells is
    /// mapped through this role; the overall score keeps the entity's.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub roles: BTreeMap<String, Role>,
    /// The same by entity index.
    #[serde(skip)]
    pub(crate) role_idx: Vec<(usize, Role)>,
}

impl Topic {
    /// The role of entity `entity` (an index into [`Subject::entities`]) in this topic:
    /// the topic's `roles` override, else `own`.
    pub fn role_of(&self, entity: usize, own: Role) -> Role {
        self.role_idx
            .iter()
            .find(|(e, _)| *e == entity)
            .map_or(own, |(_, r)| *r)
    }
}

/// A validated subject with its compiled matchers.
#[derive(Clone, Debug)]
pub struct Subject {
    /// Metadata, path and sha256.
    pub meta: SubjectMeta,
    /// The target.
    pub target: Target,
    /// Settings (defaults filled in).
    pub settings: SubjectSettings,
    /// Entities, in file order.
    pub entities: Vec<SubjectEntity>,
    /// Topics, in file order.
    pub topics: Vec<Topic>,
    pub(crate) entity_matcher: Matcher,
    pub(crate) anchor_matcher: Matcher,
    /// Topic index of each anchor rule, by rule index.
    pub(crate) anchor_topic: Vec<usize>,
    /// Entity index of each entity rule, by rule index, as built (checked against the
    /// entity's id on use, since `entities` is public).
    pub(crate) entity_of_rule: Vec<usize>,
    /// The cues as a terms lexicon (category `valence`, so the modifier pipeline of
    /// [`crate::valence::ValenceScorer`] applies to them).
    pub(crate) cue_lexicon: Lexicon,
    /// The cues alone, to find cue-free sentences cheaply.
    pub(crate) cue_matcher: Matcher,
}

const SUBJECT_KEYS: &[&str] = &["id", "label", "version", "licence", "source", "description"];
const TARGET_KEYS: &[&str] = &["id", "label", "favour", "against"];
const SETTINGS_KEYS: &[&str] = &[
    "reported_speech_weight",
    "min_evidence",
    "carry_over",
    "neutral_band",
    "mixed_share",
    "entity_window",
];
const TOPIC_KEYS: &[&str] = &[
    "id",
    "label",
    "description",
    "positive",
    "target_sign",
    "anchors",
    "anchor_entities",
    "roles",
    "cue",
];
const CUE_KEYS: &[&str] = &[
    "id",
    "pattern",
    "weight",
    "rationale",
    "examples",
    "aliases",
    "case_sensitive",
    "actor",
];
const ENTITY_KEYS: &[&str] = &[
    "id",
    "label",
    "role",
    "pattern",
    "aliases",
    "fuzzy",
    "rationale",
    "members",
];

const BUNDLED: &[(&str, &str)] = &[(
    "israel-azerbaijan",
    include_str!("../../data/subjects/israel-azerbaijan.toml"),
)];

fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn table<'a>(
    cx: &mut Ctx<'_>,
    v: &'a Spanned<Val>,
    name: &str,
) -> Option<&'a [(Spanned<String>, Spanned<Val>)]> {
    match v.get_ref() {
        Val::Table(t) => Some(t),
        _ => {
            cx.wrong(v, name, "a table", None);
            None
        }
    }
}

fn array<'a>(cx: &mut Ctx<'_>, v: &'a Spanned<Val>, name: &str) -> &'a [Spanned<Val>] {
    match v.get_ref() {
        Val::Arr(a) => a,
        _ => {
            cx.wrong(v, name, &format!("an array of tables (`[[{name}]]`)"), None);
            &[]
        }
    }
}

/// Locations of one entry's fields, for `validate_entry`.
fn locator<'a>(
    path: &'a Path,
    text: &'a str,
    lines: &'a crate::error::LineIndex,
    spans: &'a FxMap<String, usize>,
) -> impl Fn(&str) -> Location + 'a {
    move |field: &str| {
        let start = spans.get("").copied().unwrap_or(0);
        let off = spans
            .get(field)
            .or_else(|| field.split('.').next().and_then(|f| spans.get(f)))
            .copied()
            .unwrap_or(start);
        lines.locate(path, text, off)
    }
}

impl Subject {
    /// Parse and validate a subject file held in memory; `path` names it in problems.
    /// Every problem is reported, each located (line, column, id).
    ///
    /// ```
    /// use stancelens::topics::Subject;
    /// let err = Subject::from_toml_str("[subject]\nid = \"Bad Id\"\n", "s.toml").unwrap_err();
    /// assert!(err.problems.iter().any(|p| p.message.contains("[target]")));
    /// assert!(err.problems.iter().any(|p| p.location.line == Some(2)));
    /// ```
    pub fn from_toml_str(text: &str, path: impl AsRef<Path>) -> Result<Subject, LexiconError> {
        parse(text, path.as_ref())
    }

    /// Read and validate a subject file.
    ///
    /// ```
    /// use stancelens::topics::Subject;
    /// let p = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/subjects/test-minimal.toml");
    /// assert_eq!(Subject::from_file(p)?.meta.id, "test-minimal");
    /// # Ok::<(), stancelens::lexicon::LexiconError>(())
    /// ```
    pub fn from_file(path: impl AsRef<Path>) -> Result<Subject, LexiconError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| {
            LexiconError::single(
                Location::new(path),
                None,
                ProblemKind::Io,
                format!("cannot read subject file: {e}"),
            )
        })?;
        parse(&text, path)
    }

    /// A bundled subject by id (parsed once per process).
    ///
    /// ```
    /// use stancelens::topics::Subject;
    /// assert!(Subject::bundled("no-such-subject").is_err());
    /// ```
    pub fn bundled(id: &str) -> Result<Subject, LexiconError> {
        static CELL: OnceLock<Vec<Result<Subject, LexiconError>>> = OnceLock::new();
        let all = CELL.get_or_init(|| {
            BUNDLED
                .iter()
                .map(|(id, text)| parse(text, Path::new(&format!("data/subjects/{id}.toml"))))
                .collect()
        });
        match BUNDLED.iter().position(|(b, _)| *b == id) {
            Some(i) => all.get(i).cloned().unwrap_or_else(|| {
                Err(LexiconError::single(
                    Location::new("<bundled>"),
                    None,
                    ProblemKind::Io,
                    "bundled subject missing",
                ))
            }),
            None => Err(LexiconError::single(
                Location::new(format!("<bundled:{id}>")),
                None,
                ProblemKind::Io,
                format!(
                    "no bundled subject `{id}`; bundled: {}",
                    BUNDLED.iter().map(|b| b.0).collect::<Vec<_>>().join(", ")
                ),
            )),
        }
    }

    /// Index of the entity with this id.
    pub fn entity_index(&self, id: &str) -> Option<usize> {
        self.entities.iter().position(|e| e.id == id)
    }

    /// The entity an entity-matcher rule names: [`Subject::entity_index`] of its id,
    /// through the table built with the matcher.
    pub(crate) fn entity_of(&self, rule: crate::lexicon::RuleId) -> Option<usize> {
        let id = &self.entity_matcher.entry(rule).id;
        match self.entity_of_rule.get(rule.index()) {
            // Ids are unique (validated); a changed `entities` falls back to the search.
            Some(&i) if self.entities.get(i).is_some_and(|e| e.id == *id) => Some(i),
            _ => self.entity_index(id),
        }
    }

    /// Index of the topic with this id.
    pub fn topic_index(&self, id: &str) -> Option<usize> {
        self.topics.iter().position(|t| t.id == id)
    }

    /// The subject as a lexicon layer description (name = id, version, sha256, path),
    /// for provenance lists.
    pub fn layer_meta(&self) -> LexiconMeta {
        LexiconMeta {
            name: format!("subject:{}", self.meta.id),
            version: self.meta.version.clone(),
            licence: self.meta.licence.clone(),
            source: self.meta.source.clone(),
            description: self.meta.description.clone(),
            sha256: self.meta.sha256.clone(),
            path: self.meta.path.clone(),
            kind: LexiconKind::Terms,
        }
    }
}

fn str_field(cx: &mut Ctx<'_>, v: &Spanned<Val>, key: &str, id: Option<&str>) -> Option<String> {
    cx.string(v, key, id)
}

/// A topic, its id offset, and its anchors and anchor entities with their offsets.
/// A topic as read, with the offsets of its id and the names (with offsets) of its
/// anchors, anchor entities and `roles` entities, resolved once all entities are read.
type RawTopic = (
    Topic,
    usize,
    Vec<(String, usize)>,
    Vec<(String, usize)>,
    Vec<(String, usize)>,
);

#[allow(clippy::too_many_lines)]
fn parse(text: &str, path: &Path) -> Result<Subject, LexiconError> {
    let lines = crate::error::LineIndex::new(text);
    let mut cx = Ctx {
        text,
        path,
        lines: lines.clone(),
        problems: Vec::new(),
    };
    let root = match toml::from_str::<Val>(text) {
        Ok(Val::Table(t)) => t,
        Ok(_) => Vec::new(),
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            cx.push(
                offset,
                None,
                ProblemKind::Syntax,
                format!("TOML syntax: {}", crate::error::toml_message(&e, text)),
            );
            return Err(LexiconError {
                problems: cx.problems,
            });
        }
    };
    let mut meta = SubjectMeta {
        path: path.to_path_buf(),
        sha256: crate::lexicon::sha256_hex(text.as_bytes()),
        ..SubjectMeta::default()
    };
    let mut target = Target::default();
    let mut settings = SubjectSettings::default();
    let mut entities: Vec<(SubjectEntity, FxMap<String, usize>)> = Vec::new();
    // Each entity's `members` with their offsets, resolved once all entities are read.
    let mut entity_members: Vec<Vec<(String, usize)>> = Vec::new();
    let mut topics: Vec<RawTopic> = Vec::new();
    let mut cues: Vec<(Entry, FxMap<String, usize>, usize)> = Vec::new();
    let (mut has_subject, mut has_target) = (false, false);
    for (k, v) in &root {
        match k.get_ref().as_str() {
            "subject" => {
                has_subject = true;
                let Some(t) = table(&mut cx, v, "subject") else {
                    continue;
                };
                let mut has_id = false;
                for (k, v) in t {
                    let key = k.get_ref().as_str();
                    if !SUBJECT_KEYS.contains(&key) {
                        cx.unknown(k, SUBJECT_KEYS, None, "[subject]");
                        continue;
                    }
                    let Some(s) = str_field(&mut cx, v, key, None) else {
                        continue;
                    };
                    match key {
                        "id" => {
                            has_id = true;
                            if !valid_id(&s) {
                                cx.push(
                                    v.span().start,
                                    Some(&s),
                                    ProblemKind::WrongType,
                                    format!("subject id `{s}` must be non-empty [a-z0-9-]"),
                                );
                            }
                            meta.id = s;
                        }
                        "label" => meta.label = s,
                        "version" => meta.version = s,
                        "licence" => meta.licence = Some(s),
                        "source" => meta.source = Some(s),
                        _ => meta.description = Some(s),
                    }
                }
                if !has_id {
                    cx.push(
                        k.span().start,
                        None,
                        ProblemKind::MissingField,
                        "[subject] has no `id`".into(),
                    );
                }
            }
            "target" => {
                has_target = true;
                let Some(t) = table(&mut cx, v, "target") else {
                    continue;
                };
                let mut has_id = false;
                for (k, v) in t {
                    let key = k.get_ref().as_str();
                    if !TARGET_KEYS.contains(&key) {
                        cx.unknown(k, TARGET_KEYS, None, "[target]");
                        continue;
                    }
                    let Some(s) = str_field(&mut cx, v, key, None) else {
                        continue;
                    };
                    match key {
                        "id" => {
                            has_id = true;
                            target.id = s;
                        }
                        "label" => target.label = s,
                        "favour" => target.favour = Some(s),
                        _ => target.against = Some(s),
                    }
                }
                if !has_id {
                    cx.push(
                        k.span().start,
                        None,
                        ProblemKind::MissingField,
                        "[target] has no `id`".into(),
                    );
                }
            }
            "settings" => {
                let Some(t) = table(&mut cx, v, "settings") else {
                    continue;
                };
                for (k, v) in t {
                    let key = k.get_ref().as_str();
                    if !SETTINGS_KEYS.contains(&key) {
                        cx.unknown(k, SETTINGS_KEYS, None, "[settings]");
                        continue;
                    }
                    if key == "entity_window" {
                        match str_field(&mut cx, v, key, None).as_deref() {
                            Some("clause") => settings.entity_window = EntityWindow::Clause,
                            Some("sentence") => settings.entity_window = EntityWindow::Sentence,
                            Some(other) => cx.push(
                                v.span().start,
                                None,
                                ProblemKind::OutOfRange,
                                format!(
                                    "`entity_window` must be \"clause\" or \"sentence\", found {other:?}"
                                ),
                            ),
                            None => {}
                        }
                        continue;
                    }
                    let Some(x) = cx.number(v, key, None) else {
                        continue;
                    };
                    let (lo, hi) = match key {
                        "reported_speech_weight" | "mixed_share" => (0.0, 1.0),
                        "neutral_band" => (0.0, 1.0),
                        "carry_over" => (0.0, 20.0),
                        _ => (0.0, 1000.0),
                    };
                    let integral = key == "carry_over" && x.fract() != 0.0;
                    if !(x.is_finite() && x >= lo && x <= hi) || integral {
                        cx.push(
                            v.span().start,
                            None,
                            ProblemKind::OutOfRange,
                            format!("setting `{key}` = {x} is out of range [{lo}, {hi}]"),
                        );
                        continue;
                    }
                    match key {
                        "reported_speech_weight" => settings.reported_speech_weight = x,
                        "min_evidence" => settings.min_evidence = x,
                        "carry_over" => settings.carry_over = x as usize,
                        "neutral_band" => settings.neutral_band = x,
                        _ => settings.mixed_share = x,
                    }
                }
            }
            "entity" => {
                for r in array(&mut cx, v, "entity") {
                    let Val::Table(t) = r.get_ref() else {
                        cx.wrong(r, "entity", "a table", None);
                        continue;
                    };
                    for (k, _) in t {
                        let key = k.get_ref().as_str();
                        if !ENTITY_KEYS.contains(&key) {
                            cx.unknown(k, ENTITY_KEYS, None, "an entity");
                        }
                    }
                    // Only known keys reach the rule reader, so nothing is reported twice.
                    let keys: Vec<&str> = t.iter().map(|(k, _)| k.get_ref().as_str()).collect();
                    let Some((mut entry, spans)) =
                        read_rule_with(&mut cx, r, LexiconKind::Terms, &keys)
                    else {
                        continue;
                    };
                    let rid = entry.id.clone();
                    let mut label = rid.clone();
                    let mut role = None;
                    let mut members = Vec::new();
                    for (k, v) in t {
                        match k.get_ref().as_str() {
                            "members" => members = cx.strings(v, "members", Some(&rid)),
                            "label" => {
                                if let Some(s) = cx.string(v, "label", Some(&rid)) {
                                    label = s;
                                }
                            }
                            "role" => match cx.string(v, "role", Some(&rid)).as_deref() {
                                Some("ally") => role = Some(Role::Ally),
                                Some("adversary") => role = Some(Role::Adversary),
                                Some("neutral") => role = Some(Role::Neutral),
                                Some(other) => {
                                    cx.push(
                                        v.span().start,
                                        Some(&rid),
                                        ProblemKind::OutOfRange,
                                        format!(
                                            "`role` must be ally, adversary or neutral, found {other:?}"
                                        ),
                                    );
                                    role = Some(Role::Neutral);
                                }
                                None => role = Some(Role::Neutral),
                            },
                            _ => {}
                        }
                    }
                    if role.is_none() {
                        cx.push(
                            r.span().start,
                            Some(&rid),
                            ProblemKind::MissingField,
                            "entity has no `role`".into(),
                        );
                    }
                    if !valid_id(&rid) {
                        let off = spans.get("id").copied().unwrap_or(r.span().start);
                        cx.push(
                            off,
                            Some(&rid),
                            ProblemKind::WrongType,
                            format!("entity id `{rid}` must be non-empty [a-z0-9-]"),
                        );
                    }
                    entry.weight = 0.0;
                    entry.category = "entity".into();
                    let rationale = entry.rationale.clone();
                    entities.push((
                        SubjectEntity {
                            id: rid,
                            label,
                            role: role.unwrap_or(Role::Neutral),
                            rationale,
                            entry,
                            members: members.iter().map(|(m, _)| m.clone()).collect(),
                            member_idx: Vec::new(),
                        },
                        spans,
                    ));
                    entity_members.push(members);
                }
            }
            "topic" => {
                for r in array(&mut cx, v, "topic") {
                    let Val::Table(t) = r.get_ref() else {
                        cx.wrong(r, "topic", "a table", None);
                        continue;
                    };
                    let mut topic = Topic {
                        id: String::new(),
                        label: String::new(),
                        description: None,
                        positive: None,
                        target_sign: 1.0,
                        anchors: Vec::new(),
                        anchor_entities: Vec::new(),
                        cues: Vec::new(),
                        cue_actors: BTreeMap::new(),
                        anchor_entity_idx: Vec::new(),
                        roles: BTreeMap::new(),
                        role_idx: Vec::new(),
                    };
                    let mut id_off = r.span().start;
                    let mut has_id = false;
                    for (k, v) in t {
                        if k.get_ref() == "id" {
                            if let Some(s) = cx.string(v, "id", None) {
                                if !valid_id(&s) {
                                    cx.push(
                                        v.span().start,
                                        Some(&s),
                                        ProblemKind::WrongType,
                                        format!("topic id `{s}` must be non-empty [a-z0-9-]"),
                                    );
                                }
                                topic.id = s;
                            }
                            id_off = v.span().start;
                            has_id = true;
                        }
                    }
                    let tid = topic.id.clone();
                    let rid = Some(tid.as_str());
                    if !has_id {
                        cx.push(
                            r.span().start,
                            None,
                            ProblemKind::MissingField,
                            "topic has no `id`".into(),
                        );
                    }
                    let (mut anchors, mut anchor_entities) = (Vec::new(), Vec::new());
                    let mut role_names: Vec<(String, usize)> = Vec::new();
                    for (k, v) in t {
                        let key = k.get_ref().as_str();
                        match key {
                            "id" => {}
                            "label" => topic.label = cx.string(v, key, rid).unwrap_or_default(),
                            "description" => topic.description = cx.string(v, key, rid),
                            "positive" => topic.positive = cx.string(v, key, rid),
                            "target_sign" => match v.get_ref() {
                                Val::Int(1) => topic.target_sign = 1.0,
                                Val::Int(-1) => topic.target_sign = -1.0,
                                _ => cx.push(
                                    v.span().start,
                                    rid,
                                    ProblemKind::OutOfRange,
                                    "`target_sign` must be 1 or -1".into(),
                                ),
                            },
                            "anchors" => anchors = cx.strings(v, key, rid),
                            "anchor_entities" => anchor_entities = cx.strings(v, key, rid),
                            "roles" => match v.get_ref() {
                                Val::Table(rt) => {
                                    for (rk, rv) in rt {
                                        let role = match cx.string(rv, "roles", rid).as_deref() {
                                            Some("ally") => Role::Ally,
                                            Some("adversary") => Role::Adversary,
                                            Some("neutral") => Role::Neutral,
                                            Some(other) => {
                                                cx.push(
                                                    rv.span().start,
                                                    rid,
                                                    ProblemKind::OutOfRange,
                                                    format!("a role in `roles` must be ally, adversary or neutral, found {other:?}"),
                                                );
                                                continue;
                                            }
                                            None => continue,
                                        };
                                        topic.roles.insert(rk.get_ref().to_string(), role);
                                        role_names
                                            .push((rk.get_ref().to_string(), rk.span().start));
                                    }
                                }
                                _ => cx.wrong(v, "roles", "a table of entity ids and roles", rid),
                            },
                            "cue" => {
                                for c in array(&mut cx, v, "topic.cue") {
                                    let mut extra: Vec<&str> = Vec::new();
                                    let mut actor: Option<Role> = None;
                                    if let Val::Table(ct) = c.get_ref() {
                                        for (ck, cv) in ct {
                                            extra.push(ck.get_ref().as_str());
                                            if !CUE_KEYS.contains(&ck.get_ref().as_str()) {
                                                cx.unknown(ck, CUE_KEYS, None, "a cue");
                                            }
                                            if ck.get_ref() == "actor" {
                                                actor = match cx
                                                    .string(cv, "actor", None)
                                                    .as_deref()
                                                {
                                                    Some("ally") => Some(Role::Ally),
                                                    Some("adversary") => Some(Role::Adversary),
                                                    Some(other) => {
                                                        cx.push(
                                                            cv.span().start,
                                                            None,
                                                            ProblemKind::OutOfRange,
                                                            format!("cue `actor` must be ally or adversary, found {other:?}"),
                                                        );
                                                        None
                                                    }
                                                    None => None,
                                                };
                                            }
                                        }
                                    }
                                    if let Some((mut e, spans)) =
                                        read_rule_with(&mut cx, c, LexiconKind::Terms, &extra)
                                    {
                                        if let Some(a) = actor {
                                            topic.cue_actors.insert(e.id.clone(), a);
                                        }
                                        if !spans.contains_key("weight") {
                                            cx.push(
                                                c.span().start,
                                                Some(&e.id),
                                                ProblemKind::MissingField,
                                                "cue has no `weight`".into(),
                                            );
                                        }
                                        e.category = crate::valence::VALENCE_CATEGORY.into();
                                        cues.push((e, spans, topics.len()));
                                    }
                                }
                            }
                            _ => cx.unknown(k, TOPIC_KEYS, rid, "a topic"),
                        }
                    }
                    topic.anchors = anchors.iter().map(|a| a.0.clone()).collect();
                    topic.anchor_entities = anchor_entities.iter().map(|a| a.0.clone()).collect();
                    topics.push((topic, id_off, anchors, anchor_entities, role_names));
                }
            }
            _ => cx.unknown(
                k,
                &["subject", "target", "settings", "entity", "topic"],
                None,
                "the file",
            ),
        }
    }
    if !has_subject {
        cx.push(
            0,
            None,
            ProblemKind::MissingField,
            "no [subject] table".into(),
        );
    }
    if !has_target {
        cx.push(
            0,
            None,
            ProblemKind::MissingField,
            "no [target] table".into(),
        );
    }
    if topics.is_empty() {
        cx.push(0, None, ProblemKind::MissingField, "no [[topic]]".into());
    }
    // Duplicate ids, one id space per kind.
    let mut problems = std::mem::take(&mut cx.problems);
    let mut dup = |kind: &str, id: &str, loc: Location, seen: &mut BTreeMap<String, Location>| {
        if let Some(first) = seen.get(id) {
            problems.push(Problem {
                location: loc,
                rule_id: Some(id.to_owned()),
                kind: ProblemKind::DuplicateId,
                message: format!("duplicate {kind} id `{id}` (first defined at {first})"),
            });
        } else {
            seen.insert(id.to_owned(), loc);
        }
    };
    let mut seen = BTreeMap::new();
    for (e, _) in &entities {
        dup("entity", &e.id, e.entry.origin.clone(), &mut seen);
    }
    let mut seen = BTreeMap::new();
    for (t, off, ..) in &topics {
        dup("topic", &t.id, lines.locate(path, text, *off), &mut seen);
    }
    let mut seen = BTreeMap::new();
    for (c, _, _) in &cues {
        dup("cue", &c.id, c.origin.clone(), &mut seen);
    }
    // Pattern checks (empty, never matches, bad fuzzy, weights, examples).
    for (e, spans) in &entities {
        let loc = locator(path, text, &lines, spans);
        validate_entry(&e.entry, LexiconKind::Terms, &loc, &[], &mut problems);
    }
    for (c, spans, _) in &cues {
        let loc = locator(path, text, &lines, spans);
        let skip: &[&str] = if spans.contains_key("weight") {
            &[]
        } else {
            &["weight"]
        };
        validate_entry(c, LexiconKind::Terms, &loc, skip, &mut problems);
    }
    for (ei, members) in entity_members.iter().enumerate() {
        for (name, off) in members {
            match entities.iter().position(|(e, _)| &e.id == name) {
                Some(m) if m != ei => entities[ei].0.member_idx.push(m),
                found => problems.push(Problem {
                    location: lines.locate(path, text, *off),
                    rule_id: Some(entities[ei].0.id.clone()),
                    kind: ProblemKind::MissingField,
                    message: if found.is_some() {
                        format!("`members` names the entity itself: `{name}`")
                    } else {
                        format!("`members` names no entity: `{name}`")
                    },
                }),
            }
        }
    }
    let mut anchor_entries = Vec::new();
    let mut anchor_topic = Vec::new();
    for (ti, (t, t_off, anchors, anchor_entities, role_names)) in topics.iter_mut().enumerate() {
        for (name, off) in role_names.iter() {
            match entities.iter().position(|(e, _)| &e.id == name) {
                Some(i) => t.role_idx.push((i, t.roles[name])),
                None => problems.push(Problem {
                    location: lines.locate(path, text, *off),
                    rule_id: Some(t.id.clone()),
                    kind: ProblemKind::MissingField,
                    message: format!("`roles` names no entity: `{name}`"),
                }),
            }
        }
        for (i, (a, off)) in anchors.iter().enumerate() {
            let mut e = Entry::new(format!("{}.anchor.{i}", t.id), a.clone(), 0.0, "anchor");
            e.origin = lines.locate(path, text, *off);
            let o = e.origin.clone();
            validate_entry(&e, LexiconKind::Terms, &|_| o.clone(), &[], &mut problems);
            anchor_entries.push(e);
            anchor_topic.push(ti);
        }
        for (name, off) in anchor_entities.iter() {
            match entities.iter().position(|(e, _)| &e.id == name) {
                Some(i) => t.anchor_entity_idx.push(i),
                None => problems.push(Problem {
                    location: lines.locate(path, text, *off),
                    rule_id: Some(t.id.clone()),
                    kind: ProblemKind::MissingField,
                    message: format!("`anchor_entities` names no entity: `{name}`"),
                }),
            }
        }
        if anchors.is_empty() && anchor_entities.is_empty() {
            problems.push(Problem {
                location: lines.locate(path, text, *t_off),
                rule_id: Some(t.id.clone()),
                kind: ProblemKind::NeverMatches,
                message:
                    "topic has no `anchors` and no `anchor_entities`: it can never be detected"
                        .into(),
            });
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| (p.location.line, p.location.column));
        return Err(LexiconError { problems });
    }
    let build = |name: &str, entries: Vec<Entry>| -> Result<Lexicon, LexiconError> {
        let mut b =
            LexiconBuilder::new(format!("subject:{}:{name}", meta.id), meta.version.clone())
                .file(path, text.as_bytes());
        for e in entries {
            b = b.entry(e);
        }
        b.build()
    };
    let entity_matcher = Matcher::new(build(
        "entities",
        entities.iter().map(|(e, _)| e.entry.clone()).collect(),
    )?)?;
    let anchor_matcher = Matcher::new(build("anchors", anchor_entries)?)?;
    // Anchor rule indices follow insertion order; map them through the rule ids.
    let mut topic_of_rule = vec![usize::MAX; anchor_topic.len()];
    for (i, &t) in anchor_topic.iter().enumerate() {
        if let Some(r) = anchor_matcher.rule_id(&format!("{}.anchor.{}", topics[t].0.id, {
            anchor_topic[..i].iter().filter(|&&x| x == t).count()
        })) {
            if let Some(slot) = topic_of_rule.get_mut(r.index()) {
                *slot = t;
            }
        }
    }
    let entities: Vec<SubjectEntity> = entities.into_iter().map(|(e, _)| e).collect();
    let entity_of_rule = entity_matcher
        .lexicon()
        .entries()
        .iter()
        .map(|r| {
            entities
                .iter()
                .position(|e| e.id == r.id)
                .unwrap_or(usize::MAX)
        })
        .collect();
    let mut topics: Vec<Topic> = topics.into_iter().map(|(t, ..)| t).collect();
    let mut cue_entries = Vec::new();
    for (c, _, ti) in cues {
        if let Some(t) = topics.get_mut(ti) {
            t.cues.push(c.clone());
        }
        cue_entries.push(c);
    }
    let cue_lexicon = build("cues", cue_entries)?;
    let cue_matcher = cue_lexicon.compile()?;
    Ok(Subject {
        meta,
        target,
        settings,
        entities,
        topics,
        entity_matcher,
        anchor_matcher,
        anchor_topic: topic_of_rule,
        entity_of_rule,
        cue_lexicon,
        cue_matcher,
    })
}
