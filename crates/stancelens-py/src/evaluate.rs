//! `Analyzer.evaluate`: the engine against a labelled stance data set.

use crate::convert::{spans_to_chars, to_py, to_value, CharIndex};
use crate::guard;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use serde_json::Value;
use stancelens::eval::{
    evaluate, Columns, Dataset, DatasetFormat, Decision, EvalError, EvalOptions, Gold,
};
use stancelens::stance::StanceEngine;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What `Analyzer.evaluate` was asked.
pub struct Request {
    pub path: PathBuf,
    pub target: Option<String>,
    pub columns: Columns,
    pub format: Option<DatasetFormat>,
    pub decision: Decision,
    pub threads: usize,
}

/// Parses the Python-side options into a [`Request`].
#[allow(clippy::too_many_arguments)]
pub fn request(
    path: PathBuf,
    target: Option<String>,
    text_column: Option<String>,
    label_column: Option<String>,
    target_column: Option<String>,
    id_column: Option<String>,
    label_map: Option<BTreeMap<String, String>>,
    format: Option<&str>,
    decide: &str,
    threads: usize,
) -> PyResult<Request> {
    let label_map = label_map
        .unwrap_or_default()
        .into_iter()
        .map(|(label, class)| match Gold::from_word(&class) {
            Some(g) => Ok((label, g)),
            None => Err(PyValueError::new_err(format!(
                "label_map[{label:?}] = {class:?} is not favour, against or none"
            ))),
        })
        .collect::<PyResult<Vec<_>>>()?;
    let format = match format {
        None => None,
        Some("tsv") => Some(DatasetFormat::Tsv),
        Some("csv") => Some(DatasetFormat::Csv),
        Some("jsonl") => Some(DatasetFormat::Jsonl),
        Some(other) => {
            return Err(PyValueError::new_err(format!(
                "format must be 'tsv', 'csv', 'jsonl' or None, got {other:?}"
            )))
        }
    };
    let decision = match decide {
        "label" => Decision::Label,
        "sign" => Decision::Sign,
        other => {
            return Err(PyValueError::new_err(format!(
                "decide must be 'label' or 'sign', got {other:?}"
            )))
        }
    };
    Ok(Request {
        path,
        target,
        columns: Columns {
            text: text_column,
            label: label_column,
            target: target_column,
            id: id_column,
            label_map,
        },
        format,
        decision,
        threads,
    })
}

/// Reads the data set and evaluates `engine` on it without the GIL; the result as plain
/// Python objects, evidence spans in characters of each row's text.
pub fn run<'py>(
    py: Python<'py>,
    engine: std::sync::Arc<StanceEngine>,
    req: Request,
) -> PyResult<Bound<'py, PyAny>> {
    let outcome = guard::detached(py, "Analyzer.evaluate", move || {
        let mut data = Dataset::from_file(&req.path, req.format, &req.columns)?;
        if let Some(t) = &req.target {
            data = data.only_target(t)?;
        }
        let options = EvalOptions {
            decision: req.decision,
            threads: req.threads,
        };
        let result = evaluate(&data, &engine, &options);
        Ok::<_, EvalError>((data, result))
    })?;
    let (data, result) = outcome.map_err(|e| crate::errors::eval_error(py, &e))?;
    let mut value = to_value(&result)?;
    if let Some(Value::Array(preds)) = value.get_mut("predictions") {
        for (p, row) in preds.iter_mut().zip(&data.rows) {
            if let Some(ev) = p.get_mut("evidence") {
                spans_to_chars(ev, &CharIndex::new(&row.text));
            }
        }
    }
    to_py(py, &value)
}
