//! Byte spans to character offsets, and JSON values to Python objects.

use pyo3::prelude::*;
use serde_json::{Map, Value};

/// Byte offset → character offset of one text: Python indexes `str` by code point, the
/// core by UTF-8 byte.
#[derive(Debug)]
pub struct CharIndex {
    /// Byte offset of every character, or `None` for an ASCII text (bytes are characters).
    starts: Option<Vec<usize>>,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let starts = (!text.is_ascii()).then(|| text.char_indices().map(|(i, _)| i).collect());
        CharIndex { starts }
    }

    /// The character offset of byte `byte` (the text's length in characters for its end).
    pub fn char_of(&self, byte: usize) -> usize {
        match &self.starts {
            None => byte,
            Some(starts) => starts.partition_point(|&s| s < byte),
        }
    }
}

/// The byte offset of character `index` of `text` (`text.len()` for its end), or `None`
/// when the text is shorter.
pub fn byte_of(text: &str, index: usize) -> Option<usize> {
    if text.is_ascii() {
        return (index <= text.len()).then_some(index);
    }
    text.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .nth(index)
}

/// Whether `m` is a serialised [`stancelens::Span`].
fn is_span(m: &Map<String, Value>) -> bool {
    m.len() == 2
        && m.get("start").is_some_and(Value::is_u64)
        && m.get("end").is_some_and(Value::is_u64)
}

/// Rewrite every serialised span in `v` from byte to character offsets of `ix`'s text.
pub fn spans_to_chars(v: &mut Value, ix: &CharIndex) {
    match v {
        Value::Object(m) if is_span(m) => {
            for key in ["start", "end"] {
                if let Some(b) = m.get(key).and_then(Value::as_u64) {
                    let c = ix.char_of(usize::try_from(b).unwrap_or(usize::MAX));
                    m.insert(key.to_owned(), Value::from(c));
                }
            }
        }
        Value::Object(m) => m.values_mut().for_each(|x| spans_to_chars(x, ix)),
        Value::Array(a) => a.iter_mut().for_each(|x| spans_to_chars(x, ix)),
        _ => {}
    }
}

/// Replace the object's `span` field (a span or null) by top-level `start` and `end`, and
/// do the same in its `modifiers`, so that every row of an explanation is flat.
pub fn flatten_span(m: &mut Map<String, Value>) {
    if let Some(span) = m.remove("span") {
        let (s, e) = match &span {
            Value::Object(o) => (
                o.get("start").cloned().unwrap_or(Value::Null),
                o.get("end").cloned().unwrap_or(Value::Null),
            ),
            _ => (Value::Null, Value::Null),
        };
        m.insert("start".into(), s);
        m.insert("end".into(), e);
    }
    if let Some(Value::Array(mods)) = m.get_mut("modifiers") {
        for x in mods {
            if let Value::Object(o) = x {
                flatten_span(o);
            }
        }
    }
}

/// A serialisable value as plain Python objects (dict, list, str, float, int, None).
pub fn to_py<'py, T: serde::Serialize>(py: Python<'py>, v: &T) -> PyResult<Bound<'py, PyAny>> {
    let s = serde_json::to_string(v)
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(format!("cannot serialise: {e}")))?;
    py.import("json")?.call_method1("loads", (s,))
}

/// JSON text of a value, as an internal error when it cannot be serialised.
pub fn to_json_string<T: serde::Serialize>(v: &T, pretty: bool) -> PyResult<String> {
    let r = if pretty {
        serde_json::to_string_pretty(v)
    } else {
        serde_json::to_string(v)
    };
    r.map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(format!("cannot serialise: {e}")))
}

/// A value parsed from pickled JSON, with a clear error for corrupt state.
pub fn from_json_str<T: serde::de::DeserializeOwned>(s: &str, what: &str) -> PyResult<T> {
    serde_json::from_str(s)
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(format!("bad {what} state: {e}")))
}

/// `serde_json::to_value` with the error as a Python exception.
pub fn to_value<T: serde::Serialize>(v: &T) -> PyResult<Value> {
    serde_json::to_value(v)
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(format!("cannot serialise: {e}")))
}

/// The text of a `str` argument, borrowed from Python (no copy into a Rust `String`).
/// Anything else is a `TypeError` that starts with `expects` ("expected", "polarity_scores
/// expects"); a str Python cannot encode (lone surrogates) keeps Python's own error.
pub fn str_arg(obj: &Bound<'_, PyAny>, expects: &str) -> PyResult<pyo3::pybacked::PyBackedStr> {
    obj.extract::<pyo3::pybacked::PyBackedStr>().map_err(|e| {
        if obj.is_instance_of::<pyo3::types::PyString>() {
            return e;
        }
        pyo3::exceptions::PyTypeError::new_err(format!(
            "{expects} str, got {}",
            obj.get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default()
        ))
    })
}

/// [`str_arg`] of every item of an iterable.
pub fn str_args(
    texts: &Bound<'_, PyAny>,
    expects: &str,
) -> PyResult<Vec<pyo3::pybacked::PyBackedStr>> {
    let mut all = Vec::new();
    for t in texts.try_iter()? {
        all.push(str_arg(&t?, expects)?);
    }
    Ok(all)
}
