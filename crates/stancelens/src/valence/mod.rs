//! Valence scoring: pos/neg/neu/compound with explanations, and a VADER-exact mode.

pub mod vader;
pub use vader::VaderScores;
