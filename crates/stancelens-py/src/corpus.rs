//! `Corpus`: a corpus folder, a JSON Lines file or Python records.

use crate::convert::{from_json_str, to_json_string, to_py};
use crate::errors::corpus_error;
use crate::guard;
use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;
use pyo3::types::{PyAnyMethods, PyTuple};
use serde::{Deserialize, Serialize};
use stancelens::corpus::{Corpus, CorpusError, Warning};
use stancelens::Location;
use std::path::PathBuf;
use std::sync::Arc;

/// A load warning, kept in a form that pickles.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct WarningRecord {
    kind: String,
    file: String,
    line: Option<u32>,
    column: Option<u32>,
    message: String,
}

impl WarningRecord {
    fn new(w: &Warning) -> Self {
        let kind = serde_json::to_value(w.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        WarningRecord {
            kind,
            file: w.location.path.to_string_lossy().into_owned(),
            line: w.location.line,
            column: w.location.column,
            message: w.message.clone(),
        }
    }
}

/// Python records (dicts with the fields of a JSON Lines source) as JSON Lines, one line
/// per record; a record that is not JSON-serialisable is a located `CorpusError`.
pub fn records_to_jsonl(
    py: Python<'_>,
    records: &Bound<'_, PyAny>,
    name: &str,
) -> PyResult<String> {
    let dumps = py.import("json")?.getattr("dumps")?;
    let kwargs = pyo3::types::PyDict::new(py);
    kwargs.set_item("ensure_ascii", false)?;
    let mut lines = String::new();
    let mut errors = Vec::new();
    for (i, rec) in records.try_iter()?.enumerate() {
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let rec = rec?;
        match dumps.call((rec,), Some(&kwargs)) {
            Ok(s) => {
                lines.push_str(&s.extract::<String>()?);
                lines.push('\n');
            }
            Err(e) => {
                errors.push(CorpusError::Syntax {
                    location: Location::new(name).at(line, 1),
                    message: format!("record is not JSON-serialisable: {e}"),
                });
                lines.push_str("{}\n"); // keeps line numbers aligned with records
            }
        }
    }
    if !errors.is_empty() {
        let e = if errors.len() == 1 {
            errors.remove(0)
        } else {
            CorpusError::Multiple {
                location: Location::new(name),
                errors,
            }
        };
        return Err(corpus_error(py, &e));
    }
    Ok(lines)
}

#[derive(Serialize, Deserialize)]
struct State {
    corpus: Corpus,
    warnings: Vec<WarningRecord>,
}

/// A corpus: sources with their metadata, text and voices.
///
/// Load one with ``Corpus.from_dir(path)`` (a folder with ``corpus.toml``),
/// ``Corpus.from_jsonl(path)`` or ``Corpus.from_records(records)``.
///
/// >>> import stancelens
/// >>> c = stancelens.Corpus.from_records([{"id": "a", "text": "Baku welcomed the deal."}])
/// >>> len(c), c.source_ids
/// (1, ['a'])
#[pyclass(frozen, module = "stancelens._stancelens", name = "Corpus")]
#[derive(Debug)]
pub struct PyCorpus {
    pub inner: Arc<Corpus>,
    warnings: Vec<WarningRecord>,
}

impl PyCorpus {
    fn loaded(
        py: Python<'_>,
        r: Result<(Corpus, Vec<Warning>), CorpusError>,
    ) -> PyResult<PyCorpus> {
        let (corpus, warnings) = r.map_err(|e| corpus_error(py, &e))?;
        Ok(PyCorpus {
            inner: Arc::new(corpus),
            warnings: warnings.iter().map(WarningRecord::new).collect(),
        })
    }
}

#[pymethods]
impl PyCorpus {
    /// Read a corpus folder (its ``corpus.toml`` manifest and the text files it names).
    ///
    /// Raises ``CorpusError`` listing every problem with its file, line and column.
    ///
    /// >>> c = stancelens.Corpus.from_dir("fixtures/israel-azerbaijan")  # doctest: +SKIP
    #[staticmethod]
    fn from_dir(py: Python<'_>, path: PathBuf) -> PyResult<PyCorpus> {
        let r = guard::detached(py, "Corpus.from_dir", || Corpus::from_dir(&path))?;
        Self::loaded(py, r)
    }

    /// Read a JSON Lines corpus: one source per line with ``id`` and ``text`` and optional
    /// ``title``, ``outlet``, ``author``, ``date``, ``url``, ``lang``, ``kind``, ``parent``,
    /// ``voices``, ``exclude``.
    ///
    /// >>> c = stancelens.Corpus.from_jsonl("fixtures/corpora/small.jsonl")  # doctest: +SKIP
    #[staticmethod]
    fn from_jsonl(py: Python<'_>, path: PathBuf) -> PyResult<PyCorpus> {
        let r = guard::detached(py, "Corpus.from_jsonl", || Corpus::from_jsonl(&path))?;
        Self::loaded(py, r)
    }

    /// A corpus from dicts with the fields of a JSON Lines source. In errors, ``line`` is
    /// the 1-based position of the record and ``file`` is ``name``.
    ///
    /// >>> c = stancelens.Corpus.from_records([
    /// ...     {"id": "a", "text": "Baku welcomed the deal.", "kind": "news"},
    /// ...     {"id": "a/c1", "text": "Good news.", "kind": "comment", "parent": "a"}])
    /// >>> c.source_ids
    /// ['a', 'a/c1']
    #[staticmethod]
    #[pyo3(signature = (records, name = "<records>"))]
    fn from_records(py: Python<'_>, records: &Bound<'_, PyAny>, name: &str) -> PyResult<PyCorpus> {
        let lines = records_to_jsonl(py, records, name)?;
        let r = guard::detached(py, "Corpus.from_records", || {
            Corpus::from_jsonl_reader(lines.as_bytes(), name)
        })?;
        Self::loaded(py, r)
    }

    /// The corpus name (folder or file name).
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    /// Source ids, in corpus order.
    #[getter]
    fn source_ids(&self) -> Vec<String> {
        self.inner
            .sources
            .iter()
            .map(|s| s.meta.id.clone())
            .collect()
    }

    /// Warnings of loading (empty sources, unassigned text), as dicts with ``kind``,
    /// ``file``, ``line``, ``column`` and ``message``.
    #[getter]
    fn warnings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.warnings)
    }

    /// The original text of a source.
    ///
    /// >>> stancelens.Corpus.from_records([{"id": "a", "text": "Hi."}]).text("a")
    /// 'Hi.'
    fn text(&self, id: &str) -> PyResult<String> {
        self.inner
            .get(id)
            .map(|s| s.text.clone())
            .ok_or_else(|| PyKeyError::new_err(id.to_owned()))
    }

    /// A source's metadata as a dict (missing values are ``None``, never invented).
    fn meta<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        let s = self
            .inner
            .get(id)
            .ok_or_else(|| PyKeyError::new_err(id.to_owned()))?;
        to_py(py, &s.meta)
    }

    fn __len__(&self) -> usize {
        self.inner.sources.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "Corpus(name={:?}, sources={})",
            self.inner.name,
            self.inner.sources.len()
        )
    }

    fn __eq__(&self, other: PyRef<'_, Self>) -> bool {
        self.inner == other.inner && self.warnings == other.warnings
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let me = slf.get();
        let state = State {
            corpus: (*me.inner).clone(),
            warnings: me.warnings.clone(),
        };
        let json = to_json_string(&state, false)?;
        let f = slf.get_type().getattr("_from_state")?;
        Ok((f, PyTuple::new(slf.py(), [json])?))
    }

    /// Rebuild a pickled corpus.
    #[staticmethod]
    fn _from_state(state: &str) -> PyResult<PyCorpus> {
        let s: State = from_json_str(state, "Corpus")?;
        Ok(PyCorpus {
            inner: Arc::new(s.corpus),
            warnings: s.warnings,
        })
    }
}
