//! No panic reaches Python. Every call into the core runs inside `catch_unwind`; a panic (a
//! bug in stancelens, never an expected outcome) becomes `stancelens.InternalError`, a
//! `StancelensError`, instead of pyo3's `PanicException` (a `BaseException` that
//! `except Exception` does not catch).
//!
//! To test that path on a real entry point, set `STANCELENS_INJECT_PANIC` to an entry name
//! (e.g. `Analyzer.valence`) or `*` before the module is imported: that entry then panics
//! inside its guard. The variable is read once, at import.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

use pyo3::prelude::*;

/// The entry (or `*`) that `STANCELENS_INJECT_PANIC` names, read at import.
static INJECT: OnceLock<Option<String>> = OnceLock::new();

/// Reads `STANCELENS_INJECT_PANIC`; called once from the module's init.
pub fn init() {
    INJECT.get_or_init(|| std::env::var("STANCELENS_INJECT_PANIC").ok());
}

/// The text of a panic's payload (`panic!` with a literal or a formatted message).
fn payload_text(payload: &(dyn Any + Send)) -> &str {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s
    } else {
        "no message"
    }
}

/// Runs `f`, turning a panic into the message of an `InternalError`.
#[allow(clippy::panic, reason = "the test hook: a panic is what it injects")]
pub fn catch<T>(entry: &'static str, f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(|| {
        if let Some(Some(name)) = INJECT.get() {
            if name == entry || name == "*" {
                panic!("panic injected into {entry} by STANCELENS_INJECT_PANIC");
            }
        }
        f()
    }))
    .map_err(|payload| {
        format!(
            "internal error in {entry}: {} (this is a bug in stancelens {}; please report it \
             with the input that caused it)",
            payload_text(&*payload),
            env!("CARGO_PKG_VERSION")
        )
    })
}

/// `stancelens.InternalError(message)`.
pub fn internal_error(py: Python<'_>, message: String) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let cls = py.import("stancelens._errors")?.getattr("InternalError")?;
        Ok(PyErr::from_value(cls.call1((message,))?))
    };
    build().unwrap_or_else(|e| e)
}

/// Runs `f` with the GIL held, guarded.
pub fn with_gil<T>(py: Python<'_>, entry: &'static str, f: impl FnOnce() -> T) -> PyResult<T> {
    catch(entry, f).map_err(|m| internal_error(py, m))
}

/// Runs `f` with the GIL released, guarded.
pub fn detached<T: Send>(
    py: Python<'_>,
    entry: &'static str,
    f: impl FnOnce() -> T + Send,
) -> PyResult<T> {
    py.detach(|| catch(entry, f))
        .map_err(|m| internal_error(py, m))
}
