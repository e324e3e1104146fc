//! `stancelens.vader.SentimentIntensityAnalyzer`: a drop-in for vaderSentiment 3.3.2's class.

use crate::convert::{str_arg, str_args, to_py};
use crate::guard;
use crate::SIGNAL_CHUNK;
use pyo3::exceptions::PyValueError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyDict, PyList, PyTuple};
use stancelens::valence::vader::{self, VaderScores};

const DEFAULT_LEXICON: &str = "vader_lexicon.txt";
const DEFAULT_EMOJI: &str = "emoji_utf8_lexicon.txt";

/// The dict vaderSentiment returns, keys in its order.
fn scores_dict<'py>(py: Python<'py>, s: &VaderScores) -> PyResult<Bound<'py, PyDict>> {
    // Interned keys: no new key strings per call on this hot path.
    let d = PyDict::new(py);
    d.set_item(intern!(py, "neg"), s.neg)?;
    d.set_item(intern!(py, "neu"), s.neu)?;
    d.set_item(intern!(py, "pos"), s.pos)?;
    d.set_item(intern!(py, "compound"), s.compound)?;
    Ok(d)
}

fn text_arg(obj: &Bound<'_, PyAny>) -> PyResult<PyBackedStr> {
    str_arg(obj, "polarity_scores expects")
}

/// vaderSentiment 3.3.2's ``SentimentIntensityAnalyzer``, in Rust: ``polarity_scores``
/// returns the same dict with the same numbers. Migrate by changing one import:
///
/// >>> from stancelens.vader import SentimentIntensityAnalyzer
/// >>> SentimentIntensityAnalyzer().polarity_scores("VADER is smart, handsome, and funny!")
/// {'neg': 0.0, 'neu': 0.248, 'pos': 0.752, 'compound': 0.8439}
///
/// The lexicon and emoji data of vaderSentiment 3.3.2 are bundled; other lexicon files
/// are not supported.
#[pyclass(
    frozen,
    module = "stancelens._stancelens",
    name = "SentimentIntensityAnalyzer"
)]
#[derive(Debug)]
pub struct PySentimentIntensityAnalyzer {}

#[pymethods]
impl PySentimentIntensityAnalyzer {
    #[new]
    #[pyo3(signature = (lexicon_file = "vader_lexicon.txt", emoji_lexicon = "emoji_utf8_lexicon.txt"))]
    fn new(lexicon_file: &str, emoji_lexicon: &str) -> PyResult<Self> {
        if lexicon_file != DEFAULT_LEXICON || emoji_lexicon != DEFAULT_EMOJI {
            return Err(PyValueError::new_err(
                "stancelens.vader bundles vaderSentiment 3.3.2's lexicon and emoji files; \
                 other files are not supported",
            ));
        }
        Ok(PySentimentIntensityAnalyzer {})
    }

    /// ``{'neg', 'neu', 'pos', 'compound'}`` exactly as vaderSentiment 3.3.2 computes them.
    fn polarity_scores<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let text = text_arg(text)?;
        let scores = guard::with_gil(py, "vader.polarity_scores", || {
            vader::polarity_scores(&text)
        })?;
        scores_dict(py, &scores)
    }

    /// ``polarity_scores`` of many texts, in order. Releases the GIL while scoring and
    /// checks for Ctrl-C every 1,024 texts.
    fn polarity_scores_batch<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let all = str_args(texts, "polarity_scores expects")?;
        let out = PyList::empty(py);
        for chunk in all.chunks(SIGNAL_CHUNK) {
            let scores: Vec<VaderScores> =
                guard::detached(py, "vader.polarity_scores_batch", || {
                    let mut a = vader::Analyzer::new();
                    chunk.iter().map(|t| a.polarity_scores(t)).collect()
                })?;
            py.check_signals()?;
            for s in &scores {
                out.append(scores_dict(py, s)?)?;
            }
        }
        Ok(out)
    }

    /// The same scores with every token's rules and the normalisation steps (a dict; token
    /// spans are byte offsets into the UTF-8 text, as in ``stancelens valence --vader``).
    fn explain<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let text = text_arg(text)?;
        to_py(
            py,
            &guard::with_gil(py, "vader.explain", || vader::explain(&text))?,
        )
    }

    fn __repr__(&self) -> String {
        format!(
            "SentimentIntensityAnalyzer(vaderSentiment={})",
            vader::VADER_VERSION
        )
    }

    fn __eq__(&self, _other: PyRef<'_, Self>) -> bool {
        true
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        Ok((slf.get_type().into_any(), PyTuple::empty(slf.py())))
    }
}
