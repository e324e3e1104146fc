//! Python bindings of stancelens: the private extension module `stancelens._stancelens`.
//!
//! A thin layer: every number comes from the `stancelens` crate. What this layer adds is the
//! Python boundary: character offsets instead of byte spans, Python exceptions that carry
//! every located problem, the GIL released during batch work, and pickling.
//! The public Python API is the `stancelens` package (`python/stancelens/`), which
//! re-exports these classes.

mod analyzer;
mod comparison;
mod convert;
mod corpus;
mod errors;
mod evaluate;
mod guard;
mod partial;
mod rules;
mod vader;

use pyo3::prelude::*;

/// Batch calls return every result with its explanation, so many small allocations stay
/// alive; mimalloc serves that pattern faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How many items a batch call scores between two checks for Ctrl-C (the GIL is released
/// while a chunk is scored and taken back to check signals).
pub(crate) const SIGNAL_CHUNK: usize = 1024;

#[pymodule]
fn _stancelens(m: &Bound<'_, PyModule>) -> PyResult<()> {
    guard::init();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<corpus::PyCorpus>()?;
    m.add_class::<rules::PySubject>()?;
    m.add_class::<rules::PyLexicon>()?;
    m.add_class::<analyzer::PyAnalyzer>()?;
    m.add_class::<analyzer::PyValence>()?;
    m.add_class::<analyzer::PyTargetStance>()?;
    m.add_class::<comparison::PyComparison>()?;
    m.add_class::<comparison::PyCell>()?;
    m.add_class::<comparison::PyOverall>()?;
    m.add_class::<partial::PyPartial>()?;
    m.add_class::<vader::PySentimentIntensityAnalyzer>()?;
    Ok(())
}
