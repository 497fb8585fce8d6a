//! Files the tool writes are written whole or not at all: a temporary file in the same
//! directory, renamed over the target once complete.
//!
//! Only regular files are replaced that way. A device or pipe (`--output /dev/null`, a FIFO)
//! is written in place: renaming over it would swap the system's `/dev/null` for a plain
//! file. A symlink is followed, so the link survives and its target gets the new content.

use anyhow::Context;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically; `-` means stdout.
pub fn write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if path.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        return out.write_all(bytes).and_then(|_| out.flush()).context("cannot write to stdout");
    }
    let existing = std::fs::metadata(path).ok();
    if existing.as_ref().is_some_and(|m| !m.is_file() && !m.is_dir()) {
        return std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|mut f| f.write_all(bytes))
            .with_context(|| format!("cannot write {}", path.display()));
    }
    let target = resolve_symlink(path);
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot create a temporary file next to {}", path.display()))?;
    tmp.write_all(bytes).with_context(|| format!("cannot write {}", path.display()))?;
    // A temporary file is private (0600); the result should be like any file the user writes.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = existing.map_or(0o644, |m| m.permissions().mode());
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(mode)).ok();
    }
    tmp.as_file().sync_all().ok();
    tmp.persist(&target).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// The file a symlink finally points at (or `path` itself when it is no symlink).
fn resolve_symlink(path: &Path) -> PathBuf {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    match is_link.then(|| std::fs::canonicalize(path)) {
        Some(Ok(real)) => real,
        _ => path.to_path_buf(),
    }
}
