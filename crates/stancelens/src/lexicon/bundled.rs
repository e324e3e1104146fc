//! Lexicons bundled with the crate (compiled in with `include_str!`).
//!
//! * [`vader`]: the VADER 3.3.2 lexicon (MIT), `data/vader/vader_lexicon.txt`.
//! * [`idioms`]: multi-word valence entries, `data/lexicons/idioms.toml`.
//! * [`politics`]: judgment words of political prose that VADER lacks,
//!   `data/lexicons/politics.toml`.
//! * [`modifiers`]: negation, boosters, contrast, hedges, attribution,
//!   `data/lexicons/modifiers.toml`.
//! * [`aim_filters`]: valence words never aimed at an entity by stance scoring,
//!   `data/lexicons/aim-filters.toml`.
//! * [`valence_stack`]: `[vader, idioms, politics, modifiers]`, the default valence stack.
//!
//! Each is parsed on demand: the first call's parse is handed to its caller, a second call
//! parses again and keeps that, later calls get copies of it.

use super::{loaders, Lexicon, LexiconError};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

/// Raw text of the bundled VADER lexicon.
pub const VADER_LEXICON_TXT: &str = include_str!("../../data/vader/vader_lexicon.txt");
/// Raw text of the bundled idioms file.
pub const IDIOMS_TOML: &str = include_str!("../../data/lexicons/idioms.toml");
/// Raw text of the bundled political-vocabulary file.
pub const POLITICS_TOML: &str = include_str!("../../data/lexicons/politics.toml");
/// Raw text of the bundled entity-aim filter file.
pub const AIM_FILTERS_TOML: &str = include_str!("../../data/lexicons/aim-filters.toml");
/// Raw text of the bundled modifiers file.
pub const MODIFIERS_TOML: &str = include_str!("../../data/lexicons/modifiers.toml");

/// A bundled lexicon, parsed on demand. The first call hands its parse over instead of
/// keeping it and returning a copy: most processes ask once (the command line, for its
/// valence stack), and a copy of VADER's 7,500 entries is 30,000 allocations and 2 MB of
/// fresh pages at start-up. A second call parses once more and keeps that; later calls
/// copy it.
struct Cached {
    asked: AtomicBool,
    kept: OnceLock<Result<Lexicon, LexiconError>>,
}

impl Cached {
    const fn new() -> Self {
        Cached {
            asked: AtomicBool::new(false),
            kept: OnceLock::new(),
        }
    }

    fn get(&self, load: fn() -> Result<Lexicon, LexiconError>) -> Result<Lexicon, LexiconError> {
        if !self.asked.swap(true, Ordering::Relaxed) {
            return load();
        }
        self.kept.get_or_init(load).clone()
    }
}

/// The VADER 3.3.2 lexicon as a layer named `vader` (ids `vader:TOKEN`).
///
/// ```
/// let v = stancelens::lexicon::bundled::vader()?;
/// assert_eq!(v.layers()[0].version, "3.3.2");
/// assert_eq!(v.get("vader:good").map(|e| e.weight), Some(1.9));
/// // A first call's parse and the kept one of later calls are alike.
/// assert_eq!(stancelens::lexicon::bundled::vader()?, v);
/// assert_eq!(stancelens::lexicon::bundled::vader()?, v);
/// # Ok::<(), stancelens::lexicon::LexiconError>(())
/// ```
pub fn vader() -> Result<Lexicon, LexiconError> {
    static CELL: Cached = Cached::new();
    CELL.get(|| loaders::vader_from_str(VADER_LEXICON_TXT, "data/vader/vader_lexicon.txt"))
}

/// The bundled idioms layer.
///
/// ```
/// let i = stancelens::lexicon::bundled::idioms()?;
/// assert!(i.get("idiom:yeah right").is_some());
/// # Ok::<(), stancelens::lexicon::LexiconError>(())
/// ```
pub fn idioms() -> Result<Lexicon, LexiconError> {
    static CELL: Cached = Cached::new();
    CELL.get(|| Lexicon::from_toml_str(IDIOMS_TOML, "data/lexicons/idioms.toml"))
}

/// The bundled political-vocabulary layer: judgment words of news and analysis about
/// states and governments that VADER lacks ("reliable", "corrupt", "complicit").
///
/// ```
/// let p = stancelens::lexicon::bundled::politics()?;
/// assert_eq!(p.get("pol:corrupt").map(|e| e.weight), Some(-2.6));
/// // Only words VADER lacks: VADER's own values stand.
/// let v = stancelens::lexicon::bundled::vader()?;
/// assert!(p.entries().iter().all(|e| v.get(&format!("vader:{}", e.pattern)).is_none()));
/// # Ok::<(), stancelens::lexicon::LexiconError>(())
/// ```
pub fn politics() -> Result<Lexicon, LexiconError> {
    static CELL: Cached = Cached::new();
    CELL.get(|| Lexicon::from_toml_str(POLITICS_TOML, "data/lexicons/politics.toml"))
}

/// The bundled modifiers layer.
///
/// ```
/// let m = stancelens::lexicon::bundled::modifiers()?;
/// assert_eq!(m.get("neg.not").map(|e| e.weight), Some(-0.74));
/// # Ok::<(), stancelens::lexicon::LexiconError>(())
/// ```
pub fn modifiers() -> Result<Lexicon, LexiconError> {
    static CELL: Cached = Cached::new();
    CELL.get(|| Lexicon::from_toml_str(MODIFIERS_TOML, "data/lexicons/modifiers.toml"))
}

/// The bundled entity-aim filter: valence words that describe (institutions, quantities,
/// salience, participation) or report an actor's feelings, and so are never aimed at the
/// entity next to them (`docs/scoring.md`). Used by [`crate::stance::StanceEngine`].
///
/// ```
/// let f = stancelens::lexicon::bundled::aim_filters()?;
/// assert_eq!(f.layers()[0].name, "aim-filters");
/// assert!(f.get("aim.fear").is_some());
/// # Ok::<(), stancelens::lexicon::LexiconError>(())
/// ```
pub fn aim_filters() -> Result<Lexicon, LexiconError> {
    static CELL: Cached = Cached::new();
    CELL.get(|| Lexicon::from_toml_str(AIM_FILTERS_TOML, "data/lexicons/aim-filters.toml"))
}

/// The default valence stack `[vader, idioms, politics, modifiers]`; layer user files on top with
/// [`Lexicon::layered`].
///
/// ```
/// let s = stancelens::lexicon::bundled::valence_stack()?;
/// let names: Vec<&str> = s.layers().iter().map(|l| l.name.as_str()).collect();
/// assert_eq!(names, ["vader", "idioms", "politics", "modifiers"]);
/// # Ok::<(), stancelens::lexicon::LexiconError>(())
/// ```
pub fn valence_stack() -> Result<Lexicon, LexiconError> {
    Lexicon::layered([vader()?, idioms()?, politics()?, modifiers()?])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    static LOADS: AtomicUsize = AtomicUsize::new(0);

    fn counted_load() -> Result<Lexicon, LexiconError> {
        LOADS.fetch_add(1, Ordering::Relaxed);
        Lexicon::from_toml_str(IDIOMS_TOML, "data/lexicons/idioms.toml")
    }

    /// The first call gets its own parse, the second parses again and keeps it, later calls
    /// copy the kept one: two parses for any number of calls, all alike.
    #[test]
    fn parsed_twice_at_most_and_alike() -> Result<(), LexiconError> {
        static CELL: Cached = Cached::new();
        let first = CELL.get(counted_load)?;
        for _ in 0..3 {
            assert_eq!(CELL.get(counted_load)?, first);
        }
        assert_eq!(LOADS.load(Ordering::Relaxed), 2);
        Ok(())
    }
}
