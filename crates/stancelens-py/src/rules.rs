//! `Subject` and `Lexicon`: validated rule files, kept with their text so they pickle.

use crate::convert::to_py;
use crate::errors::lexicon_error;
use crate::guard;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use stancelens::lexicon::{Lexicon, LexiconError, ProblemKind};
use stancelens::topics::Subject;
use stancelens::Location;
use std::path::{Path, PathBuf};

/// Read a rule file as text; on failure, the located error the core reports for it.
fn read(
    path: &Path,
    core: impl Fn(&Path) -> Result<(), LexiconError>,
) -> Result<String, LexiconError> {
    std::fs::read_to_string(path).map_err(|io| {
        core(path).err().unwrap_or_else(|| {
            LexiconError::single(
                Location::new(path),
                None,
                ProblemKind::Io,
                format!("cannot read: {io}"),
            )
        })
    })
}

/// Where a subject came from: a bundled id, or a file's text.
#[derive(Clone, Debug, PartialEq)]
enum Origin {
    Bundled(String),
    Toml { text: String, path: PathBuf },
}

/// A subject: the target, entities with roles toward it, topics with stance cues.
///
/// >>> s = stancelens.Subject.bundled("israel-azerbaijan")
/// >>> s.id
/// 'israel-azerbaijan'
#[pyclass(frozen, module = "stancelens._stancelens", name = "Subject")]
#[derive(Debug)]
pub struct PySubject {
    pub inner: Subject,
    origin: Origin,
}

#[pymethods]
impl PySubject {
    /// A subject bundled with stancelens, by id.
    ///
    /// >>> stancelens.Subject.bundled("israel-azerbaijan").target["id"]
    /// 'israel-azerbaijan-alignment'
    #[staticmethod]
    pub(crate) fn bundled(py: Python<'_>, id: &str) -> PyResult<PySubject> {
        let inner = guard::detached(py, "Subject.bundled", || Subject::bundled(id))?
            .map_err(|e| lexicon_error(py, &e))?;
        Ok(PySubject {
            inner,
            origin: Origin::Bundled(id.to_owned()),
        })
    }

    /// Read and validate a subject file (TOML, see docs/subject-format.md). Raises
    /// ``LexiconError`` listing every problem with file, line, column and rule id.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: PathBuf) -> PyResult<PySubject> {
        let text = read(&path, |p| Subject::from_file(p).map(|_| ()))
            .map_err(|e| lexicon_error(py, &e))?;
        Self::from_toml(py, &text, path)
    }

    /// Parse and validate a subject held in a string; ``path`` names it in errors.
    #[staticmethod]
    #[pyo3(signature = (text, path = PathBuf::from("<memory>")))]
    fn from_toml(py: Python<'_>, text: &str, path: PathBuf) -> PyResult<PySubject> {
        let inner = guard::detached(py, "Subject.from_toml", || {
            Subject::from_toml_str(text, &path)
        })?
        .map_err(|e| lexicon_error(py, &e))?;
        Ok(PySubject {
            inner,
            origin: Origin::Toml {
                text: text.to_owned(),
                path,
            },
        })
    }

    /// Subject id.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.meta.id
    }

    /// Readable label.
    #[getter]
    fn label(&self) -> &str {
        &self.inner.meta.label
    }

    /// Version of the subject file.
    #[getter]
    fn version(&self) -> &str {
        &self.inner.meta.version
    }

    /// Hex sha256 of the subject file.
    #[getter]
    fn sha256(&self) -> &str {
        &self.inner.meta.sha256
    }

    /// The target: ``id``, ``label``, ``favour``, ``against``.
    #[getter]
    fn target<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.target)
    }

    /// Topics: dicts with ``id``, ``label``, ``description``, ``positive``, ``target_sign``.
    #[getter]
    fn topics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for t in &self.inner.topics {
            let d = PyDict::new(py);
            d.set_item("id", &t.id)?;
            d.set_item("label", &t.label)?;
            d.set_item("description", &t.description)?;
            d.set_item("positive", &t.positive)?;
            d.set_item("target_sign", t.target_sign)?;
            list.append(d)?;
        }
        Ok(list)
    }

    /// Entities: dicts with ``id``, ``label`` and ``role`` (ally, adversary, neutral).
    #[getter]
    fn entities<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for e in &self.inner.entities {
            let d = PyDict::new(py);
            d.set_item("id", &e.id)?;
            d.set_item("label", &e.label)?;
            d.set_item("role", to_py(py, &e.role)?)?;
            list.append(d)?;
        }
        Ok(list)
    }

    fn __repr__(&self) -> String {
        format!(
            "Subject(id={:?}, version={:?}, topics={}, entities={})",
            self.inner.meta.id,
            self.inner.meta.version,
            self.inner.topics.len(),
            self.inner.entities.len()
        )
    }

    fn __eq__(&self, other: PyRef<'_, Self>) -> bool {
        self.inner.meta == other.inner.meta
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let ty = slf.get_type();
        Ok(match &slf.get().origin {
            Origin::Bundled(id) => (ty.getattr("bundled")?, PyTuple::new(py, [id])?),
            Origin::Toml { text, path } => (
                ty.getattr("from_toml")?,
                PyTuple::new(py, [text.clone(), path.to_string_lossy().into_owned()])?,
            ),
        })
    }
}

/// A user lexicon layer (TOML rule file, see docs/lexicon-format.md), layered over the
/// bundled ones by ``Analyzer``.
#[pyclass(frozen, module = "stancelens._stancelens", name = "Lexicon")]
#[derive(Debug)]
pub struct PyLexicon {
    pub inner: Lexicon,
    text: String,
    path: PathBuf,
}

#[pymethods]
impl PyLexicon {
    /// Read and validate a TOML rule file. Raises ``LexiconError`` listing every problem
    /// with file, line, column and rule id.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: PathBuf) -> PyResult<PyLexicon> {
        let text = read(&path, |p| Lexicon::from_file(p).map(|_| ()))
            .map_err(|e| lexicon_error(py, &e))?;
        Self::from_toml(py, &text, path)
    }

    /// Parse and validate rules held in a string; ``path`` names it in errors.
    ///
    /// >>> lex = stancelens.Lexicon.from_toml(
    /// ...     '[[rule]]\nid = "mine:calm"\npattern = "de-escalation"\nweight = 1.5\ncategory = "valence"\n')
    /// >>> len(lex)
    /// 1
    #[staticmethod]
    #[pyo3(signature = (text, path = PathBuf::from("<memory>")))]
    fn from_toml(py: Python<'_>, text: &str, path: PathBuf) -> PyResult<PyLexicon> {
        let inner = guard::detached(py, "Lexicon.from_toml", || {
            Lexicon::from_toml_str(text, &path)
        })?
        .map_err(|e| lexicon_error(py, &e))?;
        Ok(PyLexicon {
            inner,
            text: text.to_owned(),
            path,
        })
    }

    /// Lexicon name (from its ``[lexicon]`` table).
    #[getter]
    fn name(&self) -> String {
        self.inner
            .layers()
            .first()
            .map(|l| l.name.clone())
            .unwrap_or_default()
    }

    /// Lexicon version.
    #[getter]
    fn version(&self) -> String {
        self.inner
            .layers()
            .first()
            .map(|l| l.version.clone())
            .unwrap_or_default()
    }

    /// Hex sha256 of the file.
    #[getter]
    fn sha256(&self) -> String {
        self.inner
            .layers()
            .first()
            .map(|l| l.sha256.clone())
            .unwrap_or_default()
    }

    /// Rule ids, in file order.
    #[getter]
    fn rule_ids(&self) -> Vec<String> {
        self.inner.entries().iter().map(|e| e.id.clone()).collect()
    }

    fn __len__(&self) -> usize {
        self.inner.entries().len()
    }

    fn __repr__(&self) -> String {
        format!(
            "Lexicon(name={:?}, version={:?}, rules={}, path={:?})",
            self.name(),
            self.version(),
            self.inner.entries().len(),
            self.path.to_string_lossy()
        )
    }

    fn __eq__(&self, other: PyRef<'_, Self>) -> bool {
        self.text == other.text && self.path == other.path
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let me = slf.get();
        Ok((
            slf.get_type().getattr("from_toml")?,
            PyTuple::new(
                slf.py(),
                [me.text.clone(), me.path.to_string_lossy().into_owned()],
            )?,
        ))
    }
}
