//! Modifier kinds and the scoring settings a modifier file may set.
//!
//! Modifier rules live in lexicon files of `kind = "modifiers"`; their `category` must be
//! one of [`ModifierKind`]'s names, and the meaning and range of `weight` and `params`
//! depend on the kind (see `docs/lexicon-format.md`).

use std::collections::BTreeMap;

/// What a modifier rule does to the valence hits around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModifierKind {
    /// Multiplies following hits within `window` tokens of its clause by `weight` (e.g. -0.74).
    Negation,
    /// Adds `weight` (> 0) to the magnitude of the next hits within `window` tokens.
    Booster,
    /// Adds `weight` (< 0) to the magnitude of the next hits within `window` tokens.
    Dampener,
    /// Coordinating contrast ("but"): hits before it are multiplied by `params.before`,
    /// hits after it by `weight`.
    Contrast,
    /// Subordinating concession ("although"): hits in its own clause are multiplied by
    /// `weight`, the other hits of the sentence by `params.main`.
    Concession,
    /// Epistemic hedge ("reportedly"): multiplies every hit of its sentence by `weight`.
    Hedge,
    /// Attribution cue ("said", "according to"): marks every hit of its sentence as
    /// reported speech and multiplies it by `weight`.
    Attribution,
    /// A verb whose negation does not reach its object ("did not *mention* the massacre":
    /// the writer still calls it a massacre). A negation before it does not scale hits after
    /// it; `weight` is the share of the negation that still passes (0 = none).
    NegationBarrier,
    /// A predicate that denies what its clause said before it ("the threat is *exaggerated*",
    /// "the charges are *baseless*"): multiplies the hits before it within `window` words of
    /// its clause by `weight` (e.g. -0.74), as a negation does the hits after it.
    Denial,
}

impl ModifierKind {
    /// All kinds, in documentation order.
    pub const ALL: [ModifierKind; 9] = [
        ModifierKind::Negation,
        ModifierKind::Booster,
        ModifierKind::Dampener,
        ModifierKind::Contrast,
        ModifierKind::Concession,
        ModifierKind::Hedge,
        ModifierKind::Attribution,
        ModifierKind::NegationBarrier,
        ModifierKind::Denial,
    ];

    /// The category name used in rule files.
    pub fn name(self) -> &'static str {
        match self {
            ModifierKind::Negation => "negation",
            ModifierKind::Booster => "booster",
            ModifierKind::Dampener => "dampener",
            ModifierKind::Contrast => "contrast",
            ModifierKind::Concession => "concession",
            ModifierKind::Hedge => "hedge",
            ModifierKind::Attribution => "attribution",
            ModifierKind::NegationBarrier => "negation_barrier",
            ModifierKind::Denial => "denial",
        }
    }

    /// The kind named `name`, if any.
    ///
    /// ```
    /// use stancelens::lexicon::ModifierKind;
    /// assert_eq!(ModifierKind::from_name("negation"), Some(ModifierKind::Negation));
    /// assert_eq!(ModifierKind::from_name("topic"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Inclusive range of `weight` for this kind.
    pub fn weight_range(self) -> (f64, f64) {
        match self {
            ModifierKind::Negation | ModifierKind::Denial => (-2.0, 1.0),
            ModifierKind::Booster => (0.0, 2.0),
            ModifierKind::Dampener => (-2.0, 0.0),
            ModifierKind::Contrast | ModifierKind::Concession => (0.0, 4.0),
            ModifierKind::Hedge | ModifierKind::Attribution => (0.0, 2.0),
            ModifierKind::NegationBarrier => (0.0, 1.0),
        }
    }

    /// Parameters this kind accepts: (name, default, min, max).
    pub fn params(self) -> &'static [(&'static str, f64, f64, f64)] {
        match self {
            // `distancing` on a negation: it disputes a label ("so-called"), so a denial
            // after the word repeats the doubt instead of turning it back. `correlative`:
            // the second half of a pair ("nor" after "neither"), which ends the scope of
            // the negations before it.
            ModifierKind::Negation => &[
                ("window", 3.0, 1.0, 50.0),
                ("distancing", 0.0, 0.0, 1.0),
                ("correlative", 0.0, 0.0, 1.0),
            ],
            ModifierKind::Booster | ModifierKind::Dampener => &[("window", 3.0, 1.0, 50.0)],
            ModifierKind::Denial => &[("window", 8.0, 1.0, 50.0)],
            ModifierKind::Contrast => {
                &[("before", 0.5, 0.0, 4.0), ("clause_initial", 0.0, 0.0, 1.0)]
            }
            ModifierKind::Concession => {
                &[("main", 1.5, 0.0, 4.0), ("clause_initial", 0.0, 0.0, 1.0)]
            }
            // `distancing`: on a positive word right after it the hedge disputes the word
            // ("supposedly peaceful"), as a negation of weight `distancing_weight` does.
            ModifierKind::Hedge => &[
                ("distancing", 0.0, 0.0, 1.0),
                ("distancing_weight", -0.74, -2.0, 1.0),
            ],
            ModifierKind::NegationBarrier => &[],
            ModifierKind::Attribution => &[("speaker_after", 0.0, 0.0, 1.0)],
        }
    }

    /// The value of parameter `name` in `params`, or its default.
    pub fn param(self, params: &BTreeMap<String, f64>, name: &str) -> f64 {
        params.get(name).copied().unwrap_or_else(|| {
            self.params()
                .iter()
                .find(|p| p.0 == name)
                .map_or(0.0, |p| p.1)
        })
    }
}

/// Known `[settings]` keys of a modifiers file: (name, default, min, max).
pub const SETTINGS: &[(&str, f64, f64, f64)] = &[
    ("caps_increment", 0.733, 0.0, 4.0),
    ("exclamation_increment", 0.292, 0.0, 2.0),
    ("exclamation_cap", 4.0, 0.0, 100.0),
    ("question_increment", 0.18, 0.0, 2.0),
    ("question_max", 0.96, 0.0, 4.0),
    ("booster_decay", 0.05, 0.0, 0.5),
    ("quote_factor", 0.5, 0.0, 2.0),
    ("alpha", 15.0, 0.001, 10000.0),
];

/// Resolved scoring settings (defaults overridden by the `[settings]` tables of the
/// layers, later layers last).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Settings {
    /// Added to the magnitude of an ALL-CAPS hit when the text mixes case.
    pub caps_increment: f64,
    /// Added per `!` in a sentence (up to `exclamation_cap` of them).
    pub exclamation_increment: f64,
    /// At most this many `!` count.
    pub exclamation_cap: f64,
    /// Added per `?` when a sentence has 2 or 3 of them.
    pub question_increment: f64,
    /// Added when a sentence has more than 3 `?`.
    pub question_max: f64,
    /// A booster at distance d (in word tokens) counts `1 - booster_decay * (d - 1)`.
    pub booster_decay: f64,
    /// Factor for hits inside quotation marks.
    pub quote_factor: f64,
    /// Normalisation constant of the compound score.
    pub alpha: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings::from_map(&BTreeMap::new())
    }
}

impl Settings {
    /// Settings from explicit values, defaults elsewhere.
    ///
    /// ```
    /// use stancelens::lexicon::Settings;
    /// let s = Settings::from_map(&[("quote_factor".to_string(), 1.0)].into_iter().collect());
    /// assert_eq!((s.quote_factor, s.caps_increment), (1.0, 0.733));
    /// ```
    pub fn from_map(map: &BTreeMap<String, f64>) -> Self {
        let get = |k: &str| {
            map.get(k)
                .copied()
                .unwrap_or_else(|| SETTINGS.iter().find(|s| s.0 == k).map_or(0.0, |s| s.1))
        };
        Settings {
            caps_increment: get("caps_increment"),
            exclamation_increment: get("exclamation_increment"),
            exclamation_cap: get("exclamation_cap"),
            question_increment: get("question_increment"),
            question_max: get("question_max"),
            booster_decay: get("booster_decay"),
            quote_factor: get("quote_factor"),
            alpha: get("alpha"),
        }
    }
}
