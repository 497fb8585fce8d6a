//! Files the tool writes are written whole or not at all: a temporary file in the same
//! directory, renamed over the target once complete. When a run writes two files (`--output`
//! and `--ledger`), both are staged before either is renamed, so a bad second path leaves the
//! first untouched too.
//!
//! Only regular files are replaced that way. A device or pipe (`--output /dev/null`, a FIFO)
//! is written in place: renaming over it would swap the system's `/dev/null` for a plain
//! file. A symlink is followed, so the link survives and its target gets the new content.

use anyhow::Context;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically; `-` means stdout.
pub fn write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    write_all(&[(path, bytes)])
}

/// Writes every `(path, bytes)`: all staged first, then put in place in order.
pub fn write_all(files: &[(&Path, &[u8])]) -> anyhow::Result<()> {
    let staged = files.iter().map(|&(path, bytes)| stage(path, bytes)).collect::<anyhow::Result<Vec<_>>>()?;
    staged.into_iter().try_for_each(Staged::commit)
}

/// One output, ready to be put in place.
enum Staged<'a> {
    Stdout(&'a [u8]),
    /// A device or pipe: written in place at commit.
    InPlace(&'a Path, &'a [u8]),
    /// A complete temporary file next to `target`.
    Renamed {
        tmp: tempfile::NamedTempFile,
        target: PathBuf,
        shown: &'a Path,
    },
}

fn stage<'a>(path: &'a Path, bytes: &'a [u8]) -> anyhow::Result<Staged<'a>> {
    if path.as_os_str() == "-" {
        return Ok(Staged::Stdout(bytes));
    }
    let existing = std::fs::metadata(path).ok();
    if existing.as_ref().is_some_and(|m| m.is_dir()) {
        anyhow::bail!("cannot write {}: it is a directory; name a file inside it", path.display());
    }
    if existing.as_ref().is_some_and(|m| !m.is_file()) {
        return Ok(Staged::InPlace(path, bytes));
    }
    let target = resolve_symlink(path);
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        anyhow::bail!("cannot write {}: the directory {} does not exist", path.display(), dir.display());
    }
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
    Ok(Staged::Renamed { tmp, target, shown: path })
}

impl Staged<'_> {
    fn commit(self) -> anyhow::Result<()> {
        match self {
            Staged::Stdout(bytes) => {
                let mut out = std::io::stdout().lock();
                out.write_all(bytes).and_then(|_| out.flush()).context("cannot write to stdout")
            }
            Staged::InPlace(path, bytes) => std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .and_then(|mut f| f.write_all(bytes))
                .with_context(|| format!("cannot write {}", path.display())),
            Staged::Renamed { tmp, target, shown } => {
                tmp.persist(&target)
                    .map_err(|e| e.error)
                    .with_context(|| format!("cannot write {}", shown.display()))?;
                Ok(())
            }
        }
    }
}

/// The file a symlink finally points at: followed even when it dangles, so the link survives.
fn resolve_symlink(path: &Path) -> PathBuf {
    let mut path = path.to_path_buf();
    for _ in 0..40 {
        let Ok(link) = std::fs::read_link(&path) else { break };
        path = match path.parent() {
            Some(dir) if link.is_relative() => dir.join(link),
            _ => link,
        };
    }
    path
}

/// Refuses outputs that would overwrite one of the run's `inputs` or each other: a run whose
/// `--output` is its own workload would destroy what it read.
pub fn refuse_clashes(inputs: &[&Path], outputs: &[(&str, &Path)]) -> anyhow::Result<()> {
    let same = |a: &Path, b: &Path| match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => std::path::absolute(a).ok() == std::path::absolute(b).ok(),
    };
    let real: Vec<&(&str, &Path)> = outputs.iter().filter(|(_, p)| p.as_os_str() != "-").collect();
    for (i, (flag, out)) in real.iter().enumerate() {
        if let Some(input) = inputs.iter().find(|input| same(input, out)) {
            anyhow::bail!(
                "{flag} {} would overwrite the input {}; write the result to another file",
                out.display(),
                input.display()
            );
        }
        if let Some((other, _)) = real[..i].iter().find(|(_, earlier)| same(earlier, out)) {
            anyhow::bail!("{other} and {flag} both name {}; give each its own file", out.display());
        }
    }
    Ok(())
}
