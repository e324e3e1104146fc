//! `Partial`: a mergeable partial comparison of a shard of sources (for Dask and other
//! distributed runs), and the analyzer calls that make and finish one.

use crate::analyzer::PyAnalyzer;
use crate::comparison::PyComparison;
use crate::convert::{from_json_str, to_json_string};
use crate::corpus::{records_to_jsonl, PyCorpus};
use crate::errors::corpus_error;
use crate::guard;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use stancelens::compare::{CompareOptions, Partial};
use stancelens::corpus::{CorpusError, JsonlSources, Source};
use stancelens::stance::StanceEngine;
use stancelens::Location;
use std::collections::BTreeSet;
use std::sync::Arc;

/// What the comparison keeps of each source of a shard (cells, overall scores, bias cues,
/// claim keys, reprint signatures, omission counts), in canonical order. Make one per
/// shard with ``Analyzer.partial``, combine them with ``merge`` in any grouping, and turn
/// the result into a ``Comparison`` with ``Analyzer.finish``: it equals
/// ``Analyzer.compare`` on all the sources. Partials pickle, so they can cross processes.
///
/// >>> a = stancelens.Analyzer(subject="israel-azerbaijan")
/// >>> p = a.partial([{"id": "b", "text": "Baku praised Israel."}])
/// >>> q = p.merge(a.partial([{"id": "a", "text": "Iran threatens Baku."}]))
/// >>> len(q), q.source_ids
/// (2, ['a', 'b'])
#[pyclass(frozen, module = "stancelens._stancelens", name = "Partial")]
#[derive(Debug)]
pub struct PyPartial {
    inner: Arc<Partial>,
}

#[pymethods]
impl PyPartial {
    /// The partial of the sources of both. Merging is associative and commutative. Raises
    /// ``ValueError`` when they were made with different lexicons or subject.
    fn merge(&self, py: Python<'_>, other: PyRef<'_, Self>) -> PyResult<PyPartial> {
        let (a, b) = (Arc::clone(&self.inner), Arc::clone(&other.inner));
        let merged = guard::detached(py, "Partial.merge", move || {
            Arc::unwrap_or_clone(a).merge(Arc::unwrap_or_clone(b))
        })?
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(PyPartial {
            inner: Arc::new(merged),
        })
    }

    /// Source ids, in canonical (sorted) order.
    #[getter]
    fn source_ids(&self) -> Vec<String> {
        self.inner.source_ids().map(str::to_owned).collect()
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __repr__(&self) -> String {
        format!("Partial(sources={})", self.inner.len())
    }

    fn __eq__(&self, other: PyRef<'_, Self>) -> bool {
        self.inner == other.inner
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let json = to_json_string(&*slf.get().inner, false)?;
        Ok((
            slf.get_type().getattr("_from_state")?,
            PyTuple::new(slf.py(), [json])?,
        ))
    }

    /// Rebuild a pickled partial.
    #[staticmethod]
    fn _from_state(state: &str) -> PyResult<PyPartial> {
        Ok(PyPartial {
            inner: Arc::new(from_json_str(state, "Partial")?),
        })
    }
}

/// The sources of `data`: a `Corpus`, or records (dicts) checked line by line. The checks
/// across sources (repeated ids, parents elsewhere) wait for `finish`: a shard's comment
/// may answer an article of another shard.
fn shard_sources(py: Python<'_>, data: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<Source>> {
    if let Ok(c) = data.cast::<PyCorpus>() {
        return Ok(c.get().inner.sources.clone());
    }
    let lines = records_to_jsonl(py, data, name)?;
    let (sources, mut errors) = guard::detached(py, "Analyzer.partial", || {
        let mut it = JsonlSources::new(lines.as_bytes(), name);
        let (mut ok, mut bad) = (Vec::new(), Vec::new());
        for item in it.by_ref() {
            match item {
                Ok(s) => ok.push(s),
                Err(e) => bad.push(e),
            }
        }
        (ok, bad)
    })?;
    errors.sort_by_key(|e| (e.location().line, e.location().column));
    match collect(Location::new(name), errors) {
        Some(e) => Err(corpus_error(py, &e)),
        None => Ok(sources),
    }
}

pub fn engine_of(an: &PyAnalyzer) -> PyResult<Arc<StanceEngine>> {
    an.engine.clone().ok_or_else(|| {
        PyValueError::new_err(
            "compare needs a subject: Analyzer(subject=Subject.bundled(...) or a subject id)",
        )
    })
}

/// `Analyzer.partial`.
pub fn partial(
    an: &Bound<'_, PyAnalyzer>,
    data: &Bound<'_, PyAny>,
    name: &str,
    threads: usize,
) -> PyResult<PyPartial> {
    let py = an.py();
    let engine = engine_of(an.get())?;
    let sources = shard_sources(py, data, name)?;
    let options = CompareOptions {
        threads,
        ..CompareOptions::default()
    };
    let p = guard::detached(py, "Analyzer.partial", move || {
        Partial::from_sources(&sources, &engine, &options)
    })?;
    Ok(PyPartial { inner: Arc::new(p) })
}

/// `Analyzer.finish`.
pub fn finish(
    an: &Bound<'_, PyAnalyzer>,
    partial: &PyPartial,
    corpus: &Bound<'_, PyCorpus>,
) -> PyResult<PyComparison> {
    let py = an.py();
    let engine = engine_of(an.get())?;
    let errors = partial.inner.id_errors("<partials>");
    if let Some(e) = collect(Location::new("<partials>"), errors) {
        return Err(corpus_error(py, &e));
    }
    // The corpus gives the texts behind the character offsets: it must hold these sources.
    let in_corpus: BTreeSet<&str> = corpus
        .get()
        .inner
        .sources
        .iter()
        .map(|s| s.meta.id.as_str())
        .collect();
    let in_partial: BTreeSet<&str> = partial.inner.source_ids().collect();
    if in_corpus != in_partial {
        let missing: Vec<&str> = in_partial.difference(&in_corpus).take(5).copied().collect();
        let extra: Vec<&str> = in_corpus.difference(&in_partial).take(5).copied().collect();
        return Err(PyValueError::new_err(format!(
            "the corpus does not hold the partial's sources (not in the corpus: {missing:?}; not in the partial: {extra:?})"
        )));
    }
    let p = Arc::clone(&partial.inner);
    let e = Arc::clone(&engine);
    let cmp = guard::detached(py, "Analyzer.finish", move || {
        Arc::unwrap_or_clone(p).finish(&e, &CompareOptions::default())
    })?
    .map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(PyComparison::from_parts(cmp, corpus, an, engine))
}

/// One error as itself, several as a `Multiple`.
fn collect(location: Location, mut errors: Vec<CorpusError>) -> Option<CorpusError> {
    match errors.len() {
        0 => None,
        1 => errors.pop(),
        _ => Some(CorpusError::Multiple { location, errors }),
    }
}
