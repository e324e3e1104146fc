//! `Analyzer` (valence, target stance, comparison) and its score objects.

use crate::comparison::PyComparison;
use crate::convert::{
    byte_of, flatten_span, from_json_str, spans_to_chars, to_json_string, to_py, to_value,
    CharIndex,
};
use crate::convert::{str_arg, str_args};
use crate::corpus::PyCorpus;
use crate::errors::lexicon_error;
use crate::guard;
use crate::partial::PyPartial;
use crate::rules::{PyLexicon, PySubject};
use crate::SIGNAL_CHUNK;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use stancelens::lexicon::{bundled, Lexicon, LexiconError};
use stancelens::stance::{self, StanceEngine, TargetError};
use stancelens::valence::{Valence, ValenceScorer};
use stancelens::Span;
use std::sync::Arc;

/// Rows for `.explain()`: `frame=True` turns them into a DataFrame (pandas imported only
/// then).
pub fn explain_rows<'py>(
    py: Python<'py>,
    rows: &Value,
    frame: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let list = to_py(py, rows)?;
    if frame {
        py.import("stancelens._frames")?
            .call_method1("explain_frame", (list,))
    } else {
        Ok(list)
    }
}

/// Text to analyse, with a clear error for other types.
fn text_arg(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(str_arg(obj, "expected")?.to_string())
}

/// Runs the stance and valence scorers of one subject and lexicon stack.
///
/// ``subject`` is a ``Subject`` or the id of a bundled one (needed by ``compare`` and
/// subject-aware ``target_stance``); ``lexicons`` are user layers over the bundled valence
/// lexicons.
///
/// >>> a = stancelens.Analyzer(subject="israel-azerbaijan")
/// >>> a.valence("The talks were not good.").compound < 0
/// True
#[pyclass(frozen, module = "stancelens._stancelens", name = "Analyzer")]
#[derive(Debug)]
pub struct PyAnalyzer {
    subject: Option<Py<PySubject>>,
    lexicons: Vec<Py<PyLexicon>>,
    pub engine: Option<Arc<StanceEngine>>,
    scorer: Arc<ValenceScorer>,
}

impl PyAnalyzer {
    fn stack(lexicons: &[Py<PyLexicon>]) -> Result<Lexicon, LexiconError> {
        let mut layers = vec![bundled::valence_stack()?];
        layers.extend(lexicons.iter().map(|l| l.get().inner.clone()));
        Lexicon::layered(layers)
    }
}

#[pymethods]
impl PyAnalyzer {
    #[new]
    #[pyo3(signature = (subject = None, lexicons = None))]
    fn new(
        py: Python<'_>,
        subject: Option<&Bound<'_, PyAny>>,
        lexicons: Option<Vec<Py<PyLexicon>>>,
    ) -> PyResult<PyAnalyzer> {
        let subject: Option<Py<PySubject>> = match subject {
            None => None,
            Some(s) if s.is_none() => None,
            Some(s) => match s.extract::<Py<PySubject>>() {
                Ok(s) => Some(s),
                Err(_) => match s.extract::<String>() {
                    Ok(id) => Some(Py::new(py, PySubject::bundled(py, &id)?)?),
                    Err(_) => {
                        return Err(PyTypeError::new_err(
                            "subject must be a Subject, the id of a bundled subject, or None",
                        ))
                    }
                },
            },
        };
        let lexicons = lexicons.unwrap_or_default();
        let stack = Self::stack(&lexicons).map_err(|e| lexicon_error(py, &e))?;
        let subj = subject.as_ref().map(|s| s.get().inner.clone());
        let (scorer, engine) =
            guard::detached(py, "Analyzer", move || -> Result<_, LexiconError> {
                let scorer = ValenceScorer::new(stack.clone())?;
                let engine = match subj {
                    Some(s) => Some(Arc::new(StanceEngine::new(s, stack)?)),
                    None => None,
                };
                Ok((Arc::new(scorer), engine))
            })?
            .map_err(|e| lexicon_error(py, &e))?;
        Ok(PyAnalyzer {
            subject,
            lexicons,
            engine,
            scorer,
        })
    }

    /// The subject, or ``None``.
    #[getter]
    fn subject(&self, py: Python<'_>) -> Option<Py<PySubject>> {
        self.subject.as_ref().map(|s| s.clone_ref(py))
    }

    /// The user lexicon layers.
    #[getter]
    fn lexicons(&self, py: Python<'_>) -> Vec<Py<PyLexicon>> {
        self.lexicons.iter().map(|l| l.clone_ref(py)).collect()
    }

    /// Provenance of the stance engine (every lexicon layer and the subject: ``name``,
    /// ``version``, ``sha256``); empty without a subject.
    #[getter]
    fn layers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let layers: Vec<Value> = self
            .engine
            .iter()
            .flat_map(|e| e.layers())
            .map(|l| serde_json::json!({"name": l.name, "version": l.version, "sha256": l.sha256}))
            .collect();
        to_py(py, &layers)
    }

    /// Valence of a text (pos, neg, neu, compound) with its explanation.
    ///
    /// >>> v = stancelens.Analyzer().valence("The talks were not good.")
    /// >>> [h["rule_id"] for h in v.explain()]
    /// ['vader:good']
    fn valence(&self, py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<PyValence> {
        let text = text_arg(text)?;
        let scorer = Arc::clone(&self.scorer);
        let inner = guard::detached(py, "Analyzer.valence", || scorer.score(&text))?;
        Ok(PyValence { inner, text })
    }

    /// Valence of many texts, in order. Releases the GIL while scoring and checks for
    /// Ctrl-C every 1,024 texts.
    ///
    /// >>> [round(v.compound, 2) for v in stancelens.Analyzer().valence_batch(["good", "bad"])]
    /// [0.44, -0.54]
    fn valence_batch<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let all = str_args(texts, "expected")?;
        let out = PyList::empty(py);
        let mut it = all.into_iter();
        loop {
            let chunk: Vec<String> = it
                .by_ref()
                .take(SIGNAL_CHUNK)
                .map(|t| t.to_string())
                .collect();
            if chunk.is_empty() {
                break;
            }
            let scorer = Arc::clone(&self.scorer);
            let scored: Vec<PyValence> =
                guard::detached(py, "Analyzer.valence_batch", move || {
                    chunk
                        .into_iter()
                        .map(|text| PyValence {
                            inner: scorer.score(&text),
                            text,
                        })
                        .collect()
                })?;
            py.check_signals()?;
            for v in scored {
                out.append(Bound::new(py, v)?)?;
            }
        }
        Ok(out)
    }

    /// Stance toward what is mentioned at characters ``start:end`` of ``text`` (Python
    /// string indices): valence aimed at it, mapped through its role in the subject.
    /// Without a subject the bundled valence lexicons are used and every hit of the
    /// clause counts.
    ///
    /// >>> a = stancelens.Analyzer(subject="israel-azerbaijan")
    /// >>> a.target_stance("Iran is a dangerous, hateful regime.", 0, 4).label
    /// 'favour'
    fn target_stance(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        start: i64,
        end: i64,
    ) -> PyResult<PyTargetStance> {
        let text = text_arg(text)?;
        let n = text.chars().count();
        let bad = || {
            PyValueError::new_err(format!(
                "need 0 <= start < end <= len(text) = {n}, got start={start}, end={end}"
            ))
        };
        let (s, e) = match (usize::try_from(start), usize::try_from(end)) {
            (Ok(s), Ok(e)) if s < e && e <= n => (s, e),
            _ => return Err(bad()),
        };
        let span = match (byte_of(&text, s), byte_of(&text, e)) {
            (Some(a), Some(b)) => Span::new(a, b),
            _ => return Err(bad()),
        };
        let engine = self.engine.clone();
        let r = guard::detached(py, "Analyzer.target_stance", || match &engine {
            Some(en) => en.target_stance(&text, span),
            None => stance::target_stance(&text, span),
        })?;
        let t = match r {
            Ok(t) => t,
            Err(TargetError::Lexicon(e)) => return Err(lexicon_error(py, &e)),
            Err(e) => return Err(PyValueError::new_err(e.to_string())),
        };
        let ix = CharIndex::new(&text);
        let mut evidence = to_value(&t.evidence)?;
        spans_to_chars(&mut evidence, &ix);
        if let Value::Array(rows) = &mut evidence {
            for r in rows {
                if let Value::Object(m) = r {
                    flatten_span(m);
                }
            }
        }
        Ok(PyTargetStance {
            data: TargetData {
                score: t.score,
                label: label_str(&t.label)?,
                evidence,
                text,
                start: s,
                end: e,
            },
        })
    }

    /// Compare the sources of a corpus topic by topic (needs a subject). The work runs
    /// without the GIL; Ctrl-C interrupts the wait.
    ///
    /// >>> corpus = stancelens.Corpus.from_dir("fixtures/israel-azerbaijan")  # doctest: +SKIP
    /// >>> cmp = stancelens.Analyzer(subject="israel-azerbaijan").compare(corpus)  # doctest: +SKIP
    fn compare(slf: &Bound<'_, Self>, corpus: &Bound<'_, PyCorpus>) -> PyResult<PyComparison> {
        PyComparison::build(slf, corpus)
    }

    /// How a text scores (needs a subject), as a dict: its ``sentences`` (voice, entity
    /// ``mentions``, ``topics`` with the words that put them there), text not scored
    /// (``unscored``: bios, bylines, excluded text, with the reason), each topic's
    /// ``stance`` and the ``overall`` stance, every contribution from its rule's weight
    /// through each modifier to its value; stamped with the ``lexicons``. Spans are
    /// character offsets into ``text``. Runs without the GIL.
    ///
    /// >>> e = stancelens.Analyzer(subject="israel-azerbaijan").explain("Iran threatens Azerbaijan.")
    /// >>> [t["topic"] for t in e["sentences"][0]["topics"]], e["overall"]["label"]
    /// (['iran-threat'], 'insufficient evidence')
    fn explain<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let Some(engine) = self.engine.clone() else {
            return Err(PyValueError::new_err(
                "explain needs a subject: Analyzer(subject=Subject.bundled(...), a subject id, or Subject.from_file(...))",
            ));
        };
        let text = text_arg(text)?;
        let explained = guard::detached(py, "Analyzer.explain", || {
            stancelens::stance::Explanation::new(&engine, &text)
        })?;
        let mut v = to_value(&explained)?;
        spans_to_chars(&mut v, &CharIndex::new(&text));
        to_py(py, &v)
    }

    /// Evaluate the analyzer (needs a subject) on a labelled stance data set: SemEval-2016
    /// Task 6 TSV, CSV or JSON Lines (``format``: from the file name unless given). Each
    /// text's overall stance toward the subject's target is the prediction (``decide``:
    /// by ``"label"``, or by the score's ``"sign"``). Returns a dict: ``overall`` and
    /// ``by_target`` metrics (confusion matrix, per-class F1, SemEval's ``f_avg``) beside
    /// the majority baseline, and every prediction with its evidence (character offsets).
    /// Columns are found by name unless given; ``label_map`` says what labels such as
    /// ``"0"`` mean (``{"0": "against"}``). Raises ``DatasetError`` (located) for a file it
    /// cannot read. Runs without the GIL.
    ///
    /// >>> a = stancelens.Analyzer(subject="israel-azerbaijan")
    /// >>> r = a.evaluate("fixtures/eval/semeval-format.tsv", target="Other target")
    /// >>> r["overall"]["rows"], [p["id"] for p in r["predictions"]]
    /// (2, ['201', '202'])
    #[pyo3(signature = (
        path, *, target = None, text_column = None, label_column = None,
        target_column = None, id_column = None, label_map = None, format = None,
        decide = "label", threads = 0
    ))]
    #[allow(clippy::too_many_arguments)]
    fn evaluate<'py>(
        &self,
        py: Python<'py>,
        path: std::path::PathBuf,
        target: Option<String>,
        text_column: Option<String>,
        label_column: Option<String>,
        target_column: Option<String>,
        id_column: Option<String>,
        label_map: Option<std::collections::BTreeMap<String, String>>,
        format: Option<&str>,
        decide: &str,
        threads: usize,
    ) -> PyResult<Bound<'py, PyAny>> {
        let Some(engine) = self.engine.clone() else {
            return Err(PyValueError::new_err(
                "evaluate needs a subject: Analyzer(subject=Subject.bundled(...), a subject id, or Subject.from_file(...))",
            ));
        };
        let req = crate::evaluate::request(
            path,
            target,
            text_column,
            label_column,
            target_column,
            id_column,
            label_map,
            format,
            decide,
            threads,
        )?;
        crate::evaluate::run(py, engine, req)
    }

    /// The partial comparison of a shard of sources (needs a subject): a ``Corpus``, or
    /// records (dicts with the fields of a JSON Lines source; ``name`` is used in error
    /// locations). Records are checked one by one; repeated ids and parents that name no
    /// source are checked by ``finish``, over all the shards. ``threads`` workers score
    /// (0: every core). Runs without the GIL.
    ///
    /// >>> a = stancelens.Analyzer(subject="israel-azerbaijan")
    /// >>> len(a.partial([{"id": "a", "text": "Baku welcomed the deal."}]))
    /// 1
    #[pyo3(signature = (data, name = "<records>", threads = 0))]
    fn partial(
        slf: &Bound<'_, Self>,
        data: &Bound<'_, PyAny>,
        name: &str,
        threads: usize,
    ) -> PyResult<PyPartial> {
        crate::partial::partial(slf, data, name, threads)
    }

    /// The comparison of a (merged) partial, the same as ``compare`` on all its sources.
    /// ``corpus`` holds the sources' texts (for character offsets and reports) and must
    /// hold exactly the partial's sources. Raises ``CorpusError`` for repeated ids or
    /// parents that name no source, ``ValueError`` when the partial was made under another
    /// subject or lexicons.
    ///
    /// >>> a = stancelens.Analyzer(subject="israel-azerbaijan")
    /// >>> recs = [{"id": "a", "text": "Iran threatens Baku."}, {"id": "b", "text": "Baku praised Israel."}]
    /// >>> p = a.partial(recs[:1]).merge(a.partial(recs[1:]))
    /// >>> corpus = stancelens.Corpus.from_records(recs)
    /// >>> a.finish(p, corpus) == a.compare(corpus)
    /// True
    fn finish(
        slf: &Bound<'_, Self>,
        partial: PyRef<'_, PyPartial>,
        corpus: &Bound<'_, PyCorpus>,
    ) -> PyResult<PyComparison> {
        crate::partial::finish(slf, &partial, corpus)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let subject = self.subject.as_ref().map_or("None".to_owned(), |s| {
            format!("{:?}", s.get().inner.meta.id)
        });
        let lex: Vec<String> = self
            .lexicons
            .iter()
            .map(|l| {
                format!(
                    "{:?}",
                    l.bind(py)
                        .get()
                        .inner
                        .layers()
                        .first()
                        .map(|m| m.name.clone())
                        .unwrap_or_default()
                )
            })
            .collect();
        format!("Analyzer(subject={subject}, lexicons=[{}])", lex.join(", "))
    }

    fn __eq__(&self, py: Python<'_>, other: PyRef<'_, Self>) -> PyResult<bool> {
        let same_subject = match (&self.subject, &other.subject) {
            (None, None) => true,
            (Some(a), Some(b)) => a.bind(py).eq(b.bind(py))?,
            _ => false,
        };
        if !same_subject || self.lexicons.len() != other.lexicons.len() {
            return Ok(false);
        }
        for (a, b) in self.lexicons.iter().zip(&other.lexicons) {
            if !a.bind(py).eq(b.bind(py))? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let me = slf.get();
        let subject = me.subject(py).into_pyobject(py)?.into_any();
        let lexicons = PyList::new(py, me.lexicons(py))?.into_any();
        Ok((
            slf.get_type().into_any(),
            PyTuple::new(py, [subject, lexicons])?,
        ))
    }
}

/// The serialised stance label ("favour", "not covered", …).
pub fn label_str<T: Serialize>(label: &T) -> PyResult<String> {
    Ok(to_value(label)?.as_str().unwrap_or_default().to_owned())
}

/// Valence of a text: ``pos``, ``neg``, ``neu``, ``compound`` and the hits behind them.
#[pyclass(frozen, module = "stancelens._stancelens", name = "Valence")]
#[derive(Debug)]
pub struct PyValence {
    inner: Valence,
    text: String,
}

#[derive(Serialize, Deserialize)]
struct ValenceState {
    valence: Valence,
    text: String,
}

#[pymethods]
impl PyValence {
    /// Share of positive weight.
    #[getter]
    fn pos(&self) -> f64 {
        self.inner.pos
    }
    /// Share of negative weight.
    #[getter]
    fn neg(&self) -> f64 {
        self.inner.neg
    }
    /// Share of neutral tokens.
    #[getter]
    fn neu(&self) -> f64 {
        self.inner.neu
    }
    /// Normalised score in [-1, 1].
    #[getter]
    fn compound(&self) -> f64 {
        self.inner.compound
    }
    /// The scored text.
    #[getter]
    fn text(&self) -> &str {
        &self.text
    }

    /// The terms of the raw sum in summation order: hits (``type`` "hit": ``rule_id``,
    /// ``text``, character ``start``/``end``, ``base``, ``modifiers``, ``contribution``) and
    /// punctuation emphasis (``type`` "punctuation"). A list of dicts, or a DataFrame with
    /// ``frame=True``.
    ///
    /// >>> v = stancelens.Analyzer().valence("Əliyev’s plan is great 🎉")
    /// >>> h = v.explain()[0]
    /// >>> v.text[h["start"]:h["end"]]
    /// 'great'
    #[pyo3(signature = (frame = false))]
    fn explain<'py>(&self, py: Python<'py>, frame: bool) -> PyResult<Bound<'py, PyAny>> {
        let mut rows = to_value(&self.inner.explanation.contributions)?;
        spans_to_chars(&mut rows, &CharIndex::new(&self.text));
        if let Value::Array(rs) = &mut rows {
            for r in rs {
                if let Value::Object(m) = r {
                    m.remove("rule");
                    flatten_span(m);
                }
            }
        }
        explain_rows(py, &rows, frame)
    }

    /// Scores and the full explanation (sentences, contributions, normalisation) as a dict,
    /// with character offsets.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let mut v = to_value(&self.inner)?;
        spans_to_chars(&mut v, &CharIndex::new(&self.text));
        to_py(py, &v)
    }

    fn __repr__(&self) -> String {
        format!(
            "Valence(compound={}, pos={}, neg={}, neu={}, hits={})",
            self.inner.compound,
            self.inner.pos,
            self.inner.neg,
            self.inner.neu,
            self.inner.explanation.hits().count()
        )
    }

    fn __eq__(&self, other: PyRef<'_, Self>) -> bool {
        self.inner == other.inner && self.text == other.text
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let me = slf.get();
        let json = to_json_string(
            &ValenceState {
                valence: me.inner.clone(),
                text: me.text.clone(),
            },
            false,
        )?;
        Ok((
            slf.get_type().getattr("_from_state")?,
            PyTuple::new(slf.py(), [json])?,
        ))
    }

    /// Rebuild a pickled valence.
    #[staticmethod]
    fn _from_state(state: &str) -> PyResult<PyValence> {
        let s: ValenceState = from_json_str(state, "Valence")?;
        Ok(PyValence {
            inner: s.valence,
            text: s.text,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct TargetData {
    score: Option<f64>,
    label: String,
    evidence: Value,
    text: String,
    start: usize,
    end: usize,
}

/// Stance toward one mention: ``score`` (``None`` without evidence), ``label`` and the
/// ``evidence`` (valence hits aimed at it, character offsets into ``text``).
#[pyclass(frozen, module = "stancelens._stancelens", name = "TargetStance")]
#[derive(Debug)]
pub struct PyTargetStance {
    data: TargetData,
}

#[pymethods]
impl PyTargetStance {
    /// In [-1, 1], or ``None`` when no hit is aimed at the mention.
    #[getter]
    fn score(&self) -> Option<f64> {
        self.data.score
    }
    /// favour, against, neutral, or "not covered" without evidence.
    #[getter]
    fn label(&self) -> &str {
        &self.data.label
    }
    /// The analysed text.
    #[getter]
    fn text(&self) -> &str {
        &self.data.text
    }
    /// Character offsets of the mention.
    #[getter]
    fn span(&self) -> (usize, usize) {
        (self.data.start, self.data.end)
    }
    /// The contributions aimed at the mention, as dicts (``rule_id``, ``text``, character
    /// ``start``/``end``, ``base``, ``modifiers``, ``modified``, ``entity``, ``role_sign``,
    /// ``direction``, ``value``).
    #[getter]
    fn evidence<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.data.evidence)
    }

    /// The evidence as a list of dicts, or a DataFrame with ``frame=True``.
    #[pyo3(signature = (frame = false))]
    fn explain<'py>(&self, py: Python<'py>, frame: bool) -> PyResult<Bound<'py, PyAny>> {
        explain_rows(py, &self.data.evidence, frame)
    }

    fn __repr__(&self) -> String {
        let n = self.data.evidence.as_array().map_or(0, Vec::len);
        let score = self
            .data
            .score
            .map_or("None".to_owned(), |s| format!("{s}"));
        format!(
            "TargetStance(score={score}, label={:?}, evidence={n})",
            self.data.label
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

    /// Rebuild a pickled target stance.
    #[staticmethod]
    fn _from_state(state: &str) -> PyResult<PyTargetStance> {
        Ok(PyTargetStance {
            data: from_json_str(state, "TargetStance")?,
        })
    }
}
