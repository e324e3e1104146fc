//! Core errors as the Python exceptions of `stancelens._errors`, every problem located.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use stancelens::corpus::CorpusError;
use stancelens::lexicon::LexiconError;
use stancelens::Location;

/// One located problem, as `.errors()` lists it.
struct Record<'a> {
    location: &'a Location,
    rule_id: Option<&'a str>,
    message: String,
}

/// An instance of `stancelens._errors.<class>(message, errors)` as a `PyErr`.
fn raise(py: Python<'_>, class: &str, message: String, records: Vec<Record<'_>>) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let list = PyList::empty(py);
        for r in records {
            let d = PyDict::new(py);
            d.set_item("file", r.location.path.to_string_lossy())?;
            d.set_item("line", r.location.line)?;
            d.set_item("column", r.location.column)?;
            d.set_item("rule_id", r.rule_id)?;
            d.set_item("message", r.message)?;
            list.append(d)?;
        }
        let cls = py.import("stancelens._errors")?.getattr(class)?;
        Ok(PyErr::from_value(cls.call1((message, list))?))
    };
    build().unwrap_or_else(|e| e)
}

/// A `LexiconError` (lexicon and subject files) with every problem.
pub fn lexicon_error(py: Python<'_>, e: &LexiconError) -> PyErr {
    let records = e
        .problems
        .iter()
        .map(|p| Record {
            location: &p.location,
            rule_id: p.rule_id.as_deref(),
            message: p.message.clone(),
        })
        .collect();
    raise(py, "LexiconError", e.to_string(), records)
}

/// A `CorpusError` with every problem (the members of a `Multiple`).
pub fn corpus_error(py: Python<'_>, e: &CorpusError) -> PyErr {
    let records = e
        .flatten()
        .into_iter()
        .map(|x| {
            let location = x.location();
            // Display is `<location>: <message>`; the location has fields of its own.
            let full = x.to_string();
            let prefix = format!("{location}: ");
            let message = full.strip_prefix(&prefix).unwrap_or(&full).to_owned();
            Record {
                location,
                rule_id: None,
                message,
            }
        })
        .collect();
    raise(py, "CorpusError", e.to_string(), records)
}

/// An `EvalError` (a labelled data set that cannot be read) as a `DatasetError`.
pub fn eval_error(py: Python<'_>, e: &stancelens::eval::EvalError) -> PyErr {
    let location = e.location();
    let full = e.to_string();
    let prefix = format!("{location}: ");
    let message = full.strip_prefix(&prefix).unwrap_or(&full).to_owned();
    raise(
        py,
        "DatasetError",
        full.clone(),
        vec![Record {
            location: &location,
            rule_id: None,
            message,
        }],
    )
}
