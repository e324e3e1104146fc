//! A path under the system's temporary folder that is removed when the test ends, on
//! success and on failure. Shared by the core's and the CLI's tests (`#[path]`).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// `stancelens-{pid}-{name}` in the temporary folder (the name last, so that a file keeps
/// its extension); removed (folder or file) on drop.
pub struct TempPath(PathBuf);

impl TempPath {
    fn at(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!("stancelens-{}-{name}", std::process::id()))
    }

    /// A fresh, empty folder.
    pub fn dir(name: &str) -> TempPath {
        let d = Self::at(name);
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        TempPath(d)
    }

    /// A file path (the file is not created).
    pub fn file(name: &str) -> TempPath {
        TempPath(Self::at(name))
    }
}

impl Drop for TempPath {
    fn drop(&mut self) {
        let _ = if self.0.is_dir() {
            std::fs::remove_dir_all(&self.0)
        } else {
            std::fs::remove_file(&self.0)
        };
    }
}

impl std::ops::Deref for TempPath {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for TempPath {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}
