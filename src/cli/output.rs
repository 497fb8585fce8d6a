//! Files the tool writes are written whole or not at all: a temporary file in the same
//! directory, renamed over the target once complete. When a run writes two files (`--output`
//! and `--ledger`), both are staged before either is renamed, so a bad second path leaves the
//! first untouched too.
//!
//! Only regular files are replaced that way. A device or pipe (`--output /dev/null`, a FIFO)
//! is written in place: renaming over it would swap the system's `/dev/null` for a plain
//! file. `/dev/stdout` and `/dev/stderr` (and a link through `/proc` or `/dev/fd`) are the
//! inherited streams, so they are written as streams, never replaced. Any other symlink is
//! followed, so the link survives and its target gets the new content.

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
    Stderr(&'a [u8]),
    /// A device, pipe or descriptor link: appended to in place at commit.
    InPlace(&'a Path, &'a [u8]),
    /// A complete temporary file next to `target`.
    Renamed {
        tmp: tempfile::NamedTempFile,
        target: PathBuf,
        shown: &'a Path,
    },
}

/// Where a path finally leads: a stream of this process, or a file reached through links.
enum Target {
    Stdout,
    Stderr,
    /// Through `/proc` or `/dev/fd`: some descriptor of this process, never to be replaced.
    Descriptor,
    File(PathBuf),
    /// More than 40 links: a loop.
    Loop,
}

fn stage<'a>(path: &'a Path, bytes: &'a [u8]) -> anyhow::Result<Staged<'a>> {
    let target = match resolve(path) {
        Target::Stdout => return Ok(Staged::Stdout(bytes)),
        Target::Stderr => return Ok(Staged::Stderr(bytes)),
        Target::Descriptor => return Ok(Staged::InPlace(path, bytes)),
        Target::File(target) => target,
        Target::Loop => anyhow::bail!("cannot write {}: its symlinks form a loop", path.display()),
    };
    let existing = std::fs::metadata(&target).ok();
    if existing.as_ref().is_some_and(|m| m.is_dir()) {
        anyhow::bail!("cannot write {}: it is a directory; name a file inside it", path.display());
    }
    if existing.as_ref().is_some_and(|m| !m.is_file()) {
        return Ok(Staged::InPlace(path, bytes));
    }
    let dir = parent_dir(&target);
    match std::fs::metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            anyhow::bail!("cannot write {}: the directory {} does not exist", path.display(), dir.display())
        }
        Ok(m) if !m.is_dir() => {
            anyhow::bail!("cannot write {}: {} is not a directory", path.display(), dir.display())
        }
        _ => {}
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
                match out.write_all(bytes).and_then(|_| out.flush()) {
                    // The reader has what it wanted (`| head`): not an error.
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                    other => other.context("cannot write to stdout"),
                }
            }
            Staged::Stderr(bytes) => std::io::stderr().lock().write_all(bytes).context("cannot write to stderr"),
            Staged::InPlace(path, bytes) => std::fs::OpenOptions::new()
                .append(true)
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

/// Follows `path` through symlinks (even a dangling last one, so the link survives).
fn resolve(path: &Path) -> Target {
    let stream = |p: &Path| match p.to_str() {
        Some("-" | "/dev/stdout" | "/dev/fd/1" | "/proc/self/fd/1") => Some(Target::Stdout),
        Some("/dev/stderr" | "/dev/fd/2" | "/proc/self/fd/2") => Some(Target::Stderr),
        Some(s) if s.starts_with("/proc/") || s.starts_with("/dev/fd/") => Some(Target::Descriptor),
        _ => None,
    };
    let mut path = path.to_path_buf();
    for _ in 0..40 {
        if let Some(t) = stream(&path) {
            return t;
        }
        let Ok(link) = std::fs::read_link(&path) else { return Target::File(path) };
        path = match path.parent() {
            Some(dir) if link.is_relative() => dir.join(link),
            _ => link,
        };
    }
    Target::Loop
}

/// The directory a file is (to be) written in: `x.json` lives in `.`.
fn parent_dir(file: &Path) -> &Path {
    match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// A name for comparing paths that may not exist yet: links followed, the directory made
/// canonical (so `sub/../x` and `x` agree).
fn identity(path: &Path) -> Option<PathBuf> {
    let Target::File(file) = resolve(path) else { return None };
    if std::fs::metadata(&file).is_ok_and(|m| !m.is_file()) {
        return None; // devices and pipes may be named twice (`--output /dev/null --ledger /dev/null`)
    }
    match (std::fs::canonicalize(parent_dir(&file)), file.file_name()) {
        (Ok(dir), Some(name)) => Some(dir.join(name)),
        _ => std::path::absolute(&file).ok(),
    }
}

/// Refuses outputs that would overwrite one of the run's `inputs` (the files a user edits:
/// workloads and catalogs) or each other: a run whose `--output` is its own workload would
/// destroy what it read.
pub fn refuse_clashes(inputs: &[&Path], outputs: &[(&str, &Path)]) -> anyhow::Result<()> {
    let to_stdout: Vec<&str> =
        outputs.iter().filter(|(_, p)| matches!(resolve(p), Target::Stdout)).map(|(flag, _)| *flag).collect();
    if let [first, second, ..] = to_stdout[..] {
        anyhow::bail!("{first} and {second} would both write to stdout; send one of them to a file");
    }
    let named: Vec<(&str, &Path, PathBuf)> =
        outputs.iter().filter_map(|&(flag, p)| identity(p).map(|id| (flag, p, id))).collect();
    for (i, (flag, out, id)) in named.iter().enumerate() {
        if let Some(input) = inputs.iter().find(|input| identity(input).as_ref() == Some(id)) {
            anyhow::bail!(
                "{flag} {} would overwrite the input {}; write the result to another file",
                out.display(),
                input.display()
            );
        }
        if let Some((other, _, _)) = named[..i].iter().find(|(_, _, earlier)| earlier == id) {
            anyhow::bail!("{other} and {flag} both name {}; give each its own file", out.display());
        }
    }
    Ok(())
}
