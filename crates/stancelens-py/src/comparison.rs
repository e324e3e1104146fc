//! `Comparison`: the sources × topics comparison, its cells, and the frames and HTML views
//! built on them.

use crate::analyzer::{explain_rows, PyAnalyzer};
use crate::convert::{
    flatten_span, from_json_str, spans_to_chars, to_json_string, to_py, to_value, CharIndex,
};
use crate::corpus::PyCorpus;
use crate::guard;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use serde_json::{Map, Value};
use stancelens::compare::{compare, Comparison};
use stancelens::corpus::Corpus;
use stancelens::report::{self, ReportOptions};
use stancelens::stance::StanceEngine;
use std::collections::HashMap;
use std::sync::mpsc::{channel, RecvTimeoutError};
use std::sync::Arc;
use std::time::Duration;

/// How often a waiting `compare` checks for Ctrl-C.
const SIGNAL_POLL: Duration = Duration::from_millis(50);

/// Character indices of the corpus's sources, built on demand.
struct Indices<'a> {
    by_id: HashMap<&'a str, &'a stancelens::corpus::Source>,
    cache: HashMap<&'a str, CharIndex>,
}

impl<'a> Indices<'a> {
    fn new(corpus: &'a Corpus) -> Self {
        Indices {
            by_id: corpus.by_id(),
            cache: HashMap::new(),
        }
    }

    /// Convert the spans of `v`, which point into the text of source `id`.
    fn convert(&mut self, id: &str, v: &mut Value) {
        if let Some(&src) = self.by_id.get(id) {
            let ix = self
                .cache
                .entry(src.meta.id.as_str())
                .or_insert_with(|| CharIndex::new(&src.text));
            spans_to_chars(v, ix);
        }
    }
}

/// One flat row per contribution of the evidence sentences in `evidence` (spans already in
/// characters): the sentence's fields, then the contribution's.
fn evidence_rows(source: &str, topic: Option<&str>, evidence: &Value, rows: &mut Vec<Value>) {
    for sent in evidence.as_array().into_iter().flatten() {
        let span = sent.get("span");
        for c in sent
            .get("contributions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let mut row = Map::new();
            row.insert("source".into(), Value::from(source));
            row.insert("topic".into(), topic.map_or(Value::Null, Value::from));
            row.insert(
                "sentence_start".into(),
                span.and_then(|s| s.get("start"))
                    .cloned()
                    .unwrap_or(Value::Null),
            );
            row.insert(
                "sentence_end".into(),
                span.and_then(|s| s.get("end"))
                    .cloned()
                    .unwrap_or(Value::Null),
            );
            for key in ["text", "voice", "weight"] {
                let name = if key == "text" {
                    "sentence".to_owned()
                } else {
                    key.to_owned()
                };
                row.insert(name, sent.get(key).cloned().unwrap_or(Value::Null));
            }
            let mut m = c.as_object().cloned().unwrap_or_default();
            flatten_span(&mut m);
            // Optional fields are left out of the JSON when empty; rows keep every column.
            for key in ["entity", "reported"] {
                m.entry(key).or_insert(Value::Null);
            }
            row.extend(m);
            rows.push(Value::Object(row));
        }
    }
}

/// The comparison of a corpus under a subject: ``cells`` (one per source × topic),
/// ``overall`` (one per source), ``bias``, ``claims``, JSON and pandas views.
///
/// ``to_json()``/``to_dict()`` are exactly the ``stancelens compare`` JSON
/// (docs/compare.schema.json), whose spans are UTF-8 byte offsets; everything else
/// (``cells``, ``overall``, frames) uses character offsets into the source text.
#[pyclass(frozen, module = "stancelens._stancelens", name = "Comparison")]
#[derive(Debug)]
pub struct PyComparison {
    inner: Arc<Comparison>,
    corpus: Py<PyCorpus>,
    analyzer: Py<PyAnalyzer>,
    engine: Arc<StanceEngine>,
}

impl PyComparison {
    pub fn build(an: &Bound<'_, PyAnalyzer>, corpus: &Bound<'_, PyCorpus>) -> PyResult<Self> {
        let py = an.py();
        let engine = an.get().engine.clone().ok_or_else(|| {
            PyValueError::new_err(
                "compare needs a subject: Analyzer(subject=Subject.bundled(...) or a subject id)",
            )
        })?;
        let data = Arc::clone(&corpus.get().inner);
        // The work runs on its own thread so that this one can wake up to check for Ctrl-C.
        let (tx, mut rx) = channel();
        let (e, c) = (Arc::clone(&engine), Arc::clone(&data));
        std::thread::Builder::new()
            .name("stancelens-compare".into())
            .spawn(move || {
                let _ = tx.send(guard::catch("Analyzer.compare", || compare(&c, &e)));
            })
            .map_err(|e| PyRuntimeError::new_err(format!("cannot start the comparison: {e}")))?;
        let cmp = loop {
            let (r, back) = py.detach(move || (rx.recv_timeout(SIGNAL_POLL), rx));
            rx = back;
            match r {
                Ok(Ok(cmp)) => break cmp,
                Ok(Err(message)) => return Err(guard::internal_error(py, message)),
                Err(RecvTimeoutError::Timeout) => py.check_signals()?,
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(PyRuntimeError::new_err(
                        "the comparison stopped without a result",
                    ))
                }
            }
        };
        Ok(PyComparison {
            inner: Arc::new(cmp),
            corpus: corpus.clone().unbind(),
            analyzer: an.clone().unbind(),
            engine,
        })
    }

    /// A comparison made elsewhere (e.g. finished from partials) with its corpus.
    pub fn from_parts(
        cmp: Comparison,
        corpus: &Bound<'_, PyCorpus>,
        an: &Bound<'_, PyAnalyzer>,
        engine: Arc<StanceEngine>,
    ) -> Self {
        PyComparison {
            inner: Arc::new(cmp),
            corpus: corpus.clone().unbind(),
            analyzer: an.clone().unbind(),
            engine,
        }
    }

    fn data(&self) -> PyResult<Value> {
        to_value(&*self.inner)
    }
}

#[pymethods]
impl PyComparison {
    /// One ``Cell`` per source × topic, source-major in source-id and subject order.
    #[getter]
    fn cells(&self, py: Python<'_>) -> PyResult<Vec<PyCell>> {
        let corpus = &self.corpus.bind(py).get().inner;
        let mut ix = Indices::new(corpus);
        let mut out = Vec::with_capacity(self.inner.cells.len());
        for c in &self.inner.cells {
            let mut v = to_value(c)?;
            ix.convert(&c.source, &mut v);
            out.push(PyCell { data: v });
        }
        Ok(out)
    }

    /// One ``Overall`` per source: its stance toward the target.
    #[getter]
    fn overall(&self, py: Python<'_>) -> PyResult<Vec<PyOverall>> {
        let corpus = &self.corpus.bind(py).get().inner;
        self.inner
            .overall
            .iter()
            .map(|o| {
                Ok(PyOverall {
                    data: to_value(o)?,
                    engine: Arc::clone(&self.engine),
                    corpus: Arc::clone(corpus),
                })
            })
            .collect()
    }

    /// Bias cues, as dicts (read from the comparison's JSON).
    #[getter]
    fn bias<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v = self.data()?;
        to_py(py, v.get("bias").unwrap_or(&Value::Array(Vec::new())))
    }

    /// Claims, as dicts (read from the comparison's JSON).
    #[getter]
    fn claims<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v = self.data()?;
        to_py(py, v.get("claims").unwrap_or(&Value::Array(Vec::new())))
    }

    /// Sources' metadata (``id``, ``parent``, ``kind``, ``outlet``, ``author``, ``date``).
    #[getter]
    fn sources<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.sources)
    }

    /// Topics (``id``, ``label``, ``target_sign``, ``positive``).
    #[getter]
    fn topics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.topics)
    }

    /// The target (``id``, ``label``, ``favour``, ``against``).
    #[getter]
    fn target<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.target)
    }

    /// Most divergent pair per topic, with each side's strongest evidence sentence
    /// (character offsets into that source's text).
    #[getter]
    fn divergent<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let corpus = &self.corpus.bind(py).get().inner;
        let mut ix = Indices::new(corpus);
        let mut out = Vec::new();
        for d in &self.inner.divergent {
            let mut v = to_value(d)?;
            for (side, id) in [("high", &d.high.source), ("low", &d.low.source)] {
                if let Some(s) = v.get_mut(side) {
                    ix.convert(id, s);
                }
            }
            out.push(v);
        }
        to_py(py, &out)
    }

    /// Sources ranked per topic (score descending, unscored last).
    #[getter]
    fn rankings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.rankings)
    }

    /// Provenance: every lexicon layer and the subject file with version and sha256.
    #[getter]
    fn lexicons<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.lexicons)
    }

    /// The compared corpus.
    #[getter]
    fn corpus(&self, py: Python<'_>) -> Py<PyCorpus> {
        self.corpus.clone_ref(py)
    }

    /// The analyzer that made the comparison.
    #[getter]
    fn analyzer(&self, py: Python<'_>) -> Py<PyAnalyzer> {
        self.analyzer.clone_ref(py)
    }

    /// The ``stancelens compare`` JSON (docs/compare.schema.json; byte offsets).
    #[pyo3(signature = (indent = true))]
    fn to_json(&self, indent: bool) -> PyResult<String> {
        to_json_string(&*self.inner, indent)
    }

    /// ``to_json()`` parsed into dicts and lists.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &*self.inner)
    }

    /// Long format, one row per cell: ``source``, ``topic``, ``topic_label``, ``score``
    /// (NaN when not covered or without evidence, never 0), ``label``, ``coverage``,
    /// ``evidence_count``, ``confidence``, ``n_evidence`` and the source's ``kind``,
    /// ``parent``, ``outlet``, ``author``, ``date``. Ids and labels are categoricals.
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("stancelens._frames")?
            .call_method1("comparison_frame", (slf,))
    }

    /// One row per piece of evidence of every cell: source, topic, the sentence (character
    /// offsets, text, voice, weight) and the contribution (rule, matched text and its
    /// character offsets, base, modifiers, value).
    fn evidence_frame<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("stancelens._frames")?
            .call_method1("evidence_frame", (slf,))
    }

    /// One row per source: overall stance toward the target.
    fn overall_frame<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("stancelens._frames")?
            .call_method1("overall_frame", (slf,))
    }

    /// The self-contained HTML report of ``stancelens report`` (heatmap, drill-down to
    /// every sentence, method and provenance). ``run_date`` is printed in its header; the
    /// report reads no clock, so the same inputs give the same file.
    #[pyo3(signature = (run_date = None))]
    fn report_html(&self, py: Python<'_>, run_date: Option<String>) -> PyResult<String> {
        let corpus = Arc::clone(&self.corpus.bind(py).get().inner);
        let (cmp, engine) = (Arc::clone(&self.inner), Arc::clone(&self.engine));
        guard::detached(py, "Comparison.report_html", move || {
            let opts = ReportOptions {
                run_date,
                ..ReportOptions::from_engine(&engine)
            };
            report::html(&cmp, &corpus, &opts)
        })
    }

    /// The sources × topics heatmap, shown inline by Jupyter.
    fn _repr_html_<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("stancelens._html")?
            .call_method1("heatmap", (slf,))
    }

    fn __repr__(&self) -> String {
        format!(
            "Comparison(subject={:?}, sources={}, topics={}, cells={})",
            self.inner.subject.id,
            self.inner.sources.len(),
            self.inner.topics.len(),
            self.inner.cells.len()
        )
    }

    fn __eq__(&self, other: PyRef<'_, Self>) -> bool {
        self.inner == other.inner
    }

    /// Pickled as (analyzer, corpus): unpickling compares again, which is deterministic.
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let me = slf.get();
        let an = me.analyzer.bind(py);
        let f = an.get_type().getattr("compare")?;
        Ok((
            f,
            PyTuple::new(
                py,
                [an.clone().into_any(), me.corpus.bind(py).clone().into_any()],
            )?,
        ))
    }
}

/// One source × topic cell: ``score`` in the topic's positive direction (``None`` when
/// not covered or without evidence), ``label``, ``coverage``, ``confidence`` and evidence.
#[pyclass(frozen, module = "stancelens._stancelens", name = "Cell")]
#[derive(Debug)]
pub struct PyCell {
    data: Value,
}

fn field<'a>(v: &'a Value, key: &str) -> &'a Value {
    v.get(key).unwrap_or(&Value::Null)
}

#[pymethods]
impl PyCell {
    /// Source id.
    #[getter]
    fn source(&self) -> String {
        field(&self.data, "source")
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
    /// Topic id.
    #[getter]
    fn topic(&self) -> String {
        field(&self.data, "topic")
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
    /// In [-1, 1], or ``None``.
    #[getter]
    fn score(&self) -> Option<f64> {
        field(&self.data, "score").as_f64()
    }
    /// favour, against, mixed, neutral, insufficient evidence, not covered.
    #[getter]
    fn label(&self) -> String {
        field(&self.data, "label")
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
    /// Share of the source's own-voice sentences on the topic.
    #[getter]
    fn coverage(&self) -> f64 {
        field(&self.data, "coverage").as_f64().unwrap_or(f64::NAN)
    }
    /// Weighted evidence count.
    #[getter]
    fn evidence_count(&self) -> f64 {
        field(&self.data, "evidence_count")
            .as_f64()
            .unwrap_or(f64::NAN)
    }
    /// In [0, 1].
    #[getter]
    fn confidence(&self) -> f64 {
        field(&self.data, "confidence").as_f64().unwrap_or(f64::NAN)
    }
    /// Evidence sentences (character ``span``, ``text``, ``voice``, ``weight``,
    /// ``contributions``, ``sum``).
    #[getter]
    fn evidence<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, field(&self.data, "evidence"))
    }
    /// On-topic passages as (start, end) character offsets into the source text.
    #[getter]
    fn passages(&self) -> Vec<(u64, u64)> {
        field(&self.data, "passages")
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| {
                (
                    field(p, "start").as_u64().unwrap_or(0),
                    field(p, "end").as_u64().unwrap_or(0),
                )
            })
            .collect()
    }

    /// One row per contribution (see ``Comparison.evidence_frame``), as dicts or a
    /// DataFrame with ``frame=True``.
    #[pyo3(signature = (frame = false))]
    fn explain<'py>(&self, py: Python<'py>, frame: bool) -> PyResult<Bound<'py, PyAny>> {
        let mut rows = Vec::new();
        let topic = self.topic();
        evidence_rows(
            &self.source(),
            Some(&topic),
            field(&self.data, "evidence"),
            &mut rows,
        );
        explain_rows(py, &Value::Array(rows), frame)
    }

    fn __repr__(&self) -> String {
        let score = self
            .score()
            .map_or("None".to_owned(), |s| format!("{s:.4}"));
        format!(
            "Cell(source={:?}, topic={:?}, score={score}, label={:?})",
            self.source(),
            self.topic(),
            self.label()
        )
    }

    fn __eq__(&self, other: PyRef<'_, Self>) -> bool {
        self.data == other.data
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let json = to_json_string(&slf.get().data, false)?;
        Ok((
            slf.get_type().getattr("_from_state")?,
            PyTuple::new(slf.py(), [json])?,
        ))
    }

    /// Rebuild a pickled cell.
    #[staticmethod]
    fn _from_state(state: &str) -> PyResult<PyCell> {
        Ok(PyCell {
            data: from_json_str(state, "Cell")?,
        })
    }
}

/// A source's overall stance toward the target.
#[pyclass(frozen, module = "stancelens._stancelens", name = "Overall")]
#[derive(Debug)]
pub struct PyOverall {
    data: Value,
    engine: Arc<StanceEngine>,
    corpus: Arc<Corpus>,
}

#[pymethods]
impl PyOverall {
    /// Source id.
    #[getter]
    fn source(&self) -> String {
        field(&self.data, "source")
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
    /// In [-1, 1], or ``None``.
    #[getter]
    fn score(&self) -> Option<f64> {
        field(&self.data, "score").as_f64()
    }
    /// Stance label.
    #[getter]
    fn label(&self) -> String {
        field(&self.data, "label")
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
    /// Weighted evidence count.
    #[getter]
    fn evidence_count(&self) -> f64 {
        field(&self.data, "evidence_count")
            .as_f64()
            .unwrap_or(f64::NAN)
    }
    /// In [0, 1].
    #[getter]
    fn confidence(&self) -> f64 {
        field(&self.data, "confidence").as_f64().unwrap_or(f64::NAN)
    }

    /// One row per contribution to the overall score (the source is analysed again, without
    /// the GIL), as dicts or a DataFrame with ``frame=True``.
    #[pyo3(signature = (frame = false))]
    fn explain<'py>(&self, py: Python<'py>, frame: bool) -> PyResult<Bound<'py, PyAny>> {
        let id = self.source();
        let (engine, corpus) = (Arc::clone(&self.engine), Arc::clone(&self.corpus));
        let evidence = guard::detached(py, "Overall.explain", || {
            corpus.get(&id).map(|src| {
                (
                    engine.analyse(src).overall.evidence,
                    CharIndex::new(&src.text),
                )
            })
        })?;
        let mut rows = Vec::new();
        if let Some((ev, ix)) = evidence {
            let mut v = to_value(&ev)?;
            spans_to_chars(&mut v, &ix);
            evidence_rows(&id, None, &v, &mut rows);
        }
        explain_rows(py, &Value::Array(rows), frame)
    }

    fn __repr__(&self) -> String {
        let score = self
            .score()
            .map_or("None".to_owned(), |s| format!("{s:.4}"));
        format!(
            "Overall(source={:?}, score={score}, label={:?})",
            self.source(),
            self.label()
        )
    }

    fn __eq__(&self, other: PyRef<'_, Self>) -> bool {
        self.data == other.data
    }
}
