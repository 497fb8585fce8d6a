//! Files the tool writes are written whole or not at all: a temporary file in the same
//! directory (`.plan-budget-PID-XXXXXX.tmp`), renamed over the target once complete. When a
//! run writes two files (`--output` and `--ledger`), both are staged before either is renamed,
//! and both renames happen together, so a bad second path or a Ctrl-C leaves the first
//! untouched too.
//!
//! - Streams: only this process's own stdout and stderr (`-`, `/dev/stdout`, `/dev/stderr`,
//!   `/dev/fd/1`, `/proc/self/fd/2`, …, and links to them) are written as streams. A stdout
//!   that was closed when the run started (`>&-`) is refused rather than written to nothing.
//! - Every other path is followed to the file it names: symlinks (the link survives, its
//!   target gets the new content) and `/proc` links alike (`/proc/self/cwd/x.json` is
//!   `./x.json`, `/proc/self/fd/3` the file open there), so it is replaced atomically and
//!   compared with the inputs like any other file.
//! - A device, FIFO or terminal is written in place (renaming over `/dev/null` would swap
//!   the system's `/dev/null` for a plain file); a block device (a disk) is refused.
//! - Permissions: a replaced file keeps its mode (less set-ID bits) and, where this user may
//!   give it, its owner; a new file gets the umask's (0644 under
//!   022, 0600 under 077); a write-protected file is refused unless `--force`, as a shell
//!   redirect refuses it.
//! - Temporary files are removed when the run fails, and on SIGINT, SIGTERM, SIGHUP or SIGQUIT; one
//!   left by a run that was killed outright (SIGKILL, a power cut) is recognised by its name
//!   and removed by the next run that writes into the same directory.

use anyhow::{Context, bail};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

/// One file a run writes: what it holds (for messages), where it goes, its bytes.
#[derive(Debug, Clone, Copy)]
pub struct File<'a> {
    /// "the report", "the ledger".
    pub what: &'a str,
    /// The path as given; `-` is stdout.
    pub path: &'a Path,
    pub bytes: &'a [u8],
}

/// Writes every file: all staged first; then the streams and devices are written, and last
/// the staged files renamed into place together, so an error anywhere (a full stdout, a bad
/// second path) leaves every file as it was. `force` replaces write-protected files.
pub fn write_all(files: &[File], force: bool) -> anyhow::Result<()> {
    let mut staged = files.iter().map(|f| stage(f, force)).collect::<anyhow::Result<Vec<_>>>()?;
    staged.iter().try_for_each(Staged::deliver)?;
    // The renames happen under the lock the signal handler takes, so a Ctrl-C lands before
    // all of them or after all of them.
    let mut live = live_temps();
    for s in &mut staged {
        if let Staged::Renamed { tmp, target, shown } = s {
            let from = tmp.path().to_path_buf();
            std::fs::rename(&from, &*target).with_context(|| format!("cannot write {}", shown.display()))?;
            tmp.renamed = true;
            live.retain(|p| *p != from);
        }
    }
    drop(live);
    Ok(())
}

/// One output, ready to be put in place.
enum Staged<'a> {
    Stdout(&'a [u8]),
    Stderr(&'a [u8]),
    /// A device, pipe or terminal: written in place.
    InPlace(PathBuf, &'a Path, &'a [u8]),
    /// A complete temporary file next to `target`, renamed last by `write_all`.
    Renamed {
        tmp: Temp,
        target: PathBuf,
        shown: &'a Path,
    },
}

/// Where a path finally leads.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    Stdout,
    Stderr,
    /// A character device, FIFO or terminal (possibly through a `/proc` descriptor link).
    Special(PathBuf),
    /// A regular file, or one to create: its real path (directory canonical, links followed).
    File(PathBuf),
}

fn stage<'a>(file: &File<'a>, force: bool) -> anyhow::Result<Staged<'a>> {
    let File { what, path, bytes } = *file;
    let target = match resolve(path)? {
        Target::Stdout => {
            if !bytes.is_empty() && crate::cli::messages::stdout_closed() {
                bail!("cannot write {what}: stdout is closed");
            }
            return Ok(Staged::Stdout(bytes));
        }
        Target::Stderr => return Ok(Staged::Stderr(bytes)),
        Target::Special(real) => return Ok(Staged::InPlace(real, path, bytes)),
        Target::File(real) => real,
    };
    let existing = std::fs::metadata(&target).ok();
    if let Some(m) = &existing
        && !force
        && write_protected(&target, m)
    {
        bail!(
            "cannot write {}: the file is write-protected{}; pass --force to replace it",
            path.display(),
            mode_text(m)
        );
    }
    let dir = parent_dir(&target);
    remove_stale_temps(dir);
    let mut tmp = Temp::new_in(dir, existing.is_none())
        .with_context(|| format!("cannot create a temporary file next to {}", path.display()))?;
    let file = tmp.file.as_mut().expect("a temporary file not yet renamed");
    file.write_all(bytes).with_context(|| format!("cannot write {}", path.display()))?;
    #[cfg(unix)]
    if let Some(m) = &existing {
        // The old file's owner and group where this user may give them (root replacing a
        // user's file), then its mode, less set-user/group-ID bits.
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let _ = std::os::unix::fs::fchown(file.as_file(), Some(m.uid()), Some(m.gid()));
        let mode = m.permissions().mode() & 0o1777;
        file.as_file().set_permissions(std::fs::Permissions::from_mode(mode)).ok();
    }
    file.as_file().sync_all().ok();
    Ok(Staged::Renamed { tmp, target, shown: path })
}

impl Staged<'_> {
    /// Writes a stream or device; a staged file waits for its rename.
    fn deliver(&self) -> anyhow::Result<()> {
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
            Staged::InPlace(real, shown, bytes) => std::fs::OpenOptions::new()
                .write(true)
                .open(real)
                .and_then(|mut f| f.write_all(bytes))
                .with_context(|| format!("cannot write {}", shown.display())),
            Staged::Renamed { .. } => Ok(()),
        }
    }
}

/// A file nobody may write to: no write bit at all (0444), or not writable by this user.
fn write_protected(target: &Path, m: &std::fs::Metadata) -> bool {
    let denied = std::fs::OpenOptions::new()
        .write(true)
        .open(target)
        .is_err_and(|e| e.kind() == std::io::ErrorKind::PermissionDenied);
    m.permissions().readonly() || denied
}

fn mode_text(m: &std::fs::Metadata) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        format!(" (mode {:04o})", m.permissions().mode() & 0o7777)
    }
    #[cfg(not(unix))]
    {
        let _ = m;
        String::new()
    }
}

/// This process's stdout or stderr, by one of its names. `/dev/stdout` is itself a link to
/// `/proc/self/fd/1`, which `resolve` reaches by following it.
fn standard_stream(path: &Path) -> Option<Target> {
    let stream = |fd: &str| match fd {
        "1" => Some(Target::Stdout),
        "2" => Some(Target::Stderr),
        _ => None,
    };
    match path.to_str()? {
        "-" | "/dev/stdout" => return Some(Target::Stdout),
        "/dev/stderr" => return Some(Target::Stderr),
        s => {
            for prefix in ["/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/"] {
                if let Some(fd) = s.strip_prefix(prefix) {
                    return stream(fd);
                }
            }
        }
    }
    // `/proc/<our pid>/fd/1` or `/proc/<our pid>/task/<tid>/fd/2`, however it was reached.
    let dir = std::fs::canonicalize(path.parent()?).ok()?;
    let ours = Path::new("/proc").join(std::process::id().to_string());
    let fds = dir.strip_prefix(&ours).ok()?;
    let is_fd_dir =
        fds == Path::new("fd") || (fds.starts_with("task") && fds.ends_with("fd") && fds.components().count() == 3);
    if is_fd_dir { stream(path.file_name()?.to_str()?) } else { None }
}

/// Follows `path` to where it finally leads: through symlinks (even a dangling last one, so
/// the link survives) and `/proc` descriptor links.
fn resolve(path: &Path) -> anyhow::Result<Target> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        if let Some(stream) = standard_stream(&current) {
            return Ok(stream);
        }
        let Ok(link) = std::fs::read_link(&current) else { return final_target(path, &current) };
        if in_proc(&current) {
            // A descriptor of a pipe or socket reads `pipe:[123]`: no path to follow.
            if !link.is_absolute() {
                return special(path, &current);
            }
            if !same_inode(&current, &link) {
                bail!("cannot write {}: it names a deleted file (open, but no longer in a directory)", path.display());
            }
        }
        current = match current.parent() {
            Some(dir) if link.is_relative() => dir.join(link),
            _ => link,
        };
    }
    bail!("cannot write {}: its symlinks form a loop", path.display())
}

/// Whether `path` lies in `/proc` (a descriptor or `cwd` link is a "magic" link there).
fn in_proc(path: &Path) -> bool {
    path.parent().and_then(|d| std::fs::canonicalize(d).ok()).is_some_and(|d| d.starts_with("/proc"))
}

/// Whether following the magic link `proc` and opening `named` reach the same file.
fn same_inode(proc: &Path, named: &Path) -> bool {
    match (std::fs::metadata(proc), std::fs::metadata(named)) {
        (Ok(a), Ok(b)) => inode(&a) == inode(&b),
        (Ok(a), Err(_)) => !a.is_file(), // a directory or device, shown as a path
        _ => true,
    }
}

fn inode(m: &std::fs::Metadata) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = m;
        None
    }
}

/// A pipe, socket or device reached through a `/proc` descriptor link.
fn special(shown: &Path, current: &Path) -> anyhow::Result<Target> {
    let m = std::fs::metadata(current).with_context(|| format!("cannot write {}", shown.display()))?;
    refuse_disk(shown, &m)?;
    if m.is_dir() {
        bail!("cannot write {}: it is a directory; name a file inside it", shown.display());
    }
    Ok(Target::Special(current.to_path_buf()))
}

#[cfg(unix)]
fn refuse_disk(shown: &Path, m: &std::fs::Metadata) -> anyhow::Result<()> {
    use std::os::unix::fs::FileTypeExt;
    if m.file_type().is_block_device() {
        bail!("cannot write {}: it is a block device (a disk); name a file", shown.display());
    }
    Ok(())
}

#[cfg(not(unix))]
fn refuse_disk(_: &Path, _: &std::fs::Metadata) -> anyhow::Result<()> {
    Ok(())
}

/// The last step of `resolve`: `current` is not a link. Its directory is made canonical (so
/// `sub/../x`, `/proc/self/cwd/x` and `x` agree) and the kind of file decides.
fn final_target(shown: &Path, current: &Path) -> anyhow::Result<Target> {
    let dir = parent_dir(current);
    let canonical = match std::fs::canonicalize(dir) {
        Ok(d) => d,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            bail!("cannot write {}: the directory {} does not exist", shown.display(), dir.display())
        }
        Err(e) if e.raw_os_error() == Some(libc::ENOTDIR) => {
            bail!("cannot write {}: {} is not a directory", shown.display(), dir.display())
        }
        Err(e) => return Err(e).with_context(|| format!("cannot write {}", shown.display())),
    };
    if !canonical.is_dir() {
        bail!("cannot write {}: {} is not a directory", shown.display(), dir.display());
    }
    let real = match current.file_name() {
        Some(name) => canonical.join(name),
        None => canonical, // `.`, `..`, `/`: a directory
    };
    match std::fs::symlink_metadata(&real) {
        Ok(m) if m.is_dir() => bail!("cannot write {}: it is a directory; name a file inside it", shown.display()),
        Ok(m) if !m.is_file() => {
            refuse_disk(shown, &m)?;
            Ok(Target::Special(real))
        }
        _ => Ok(Target::File(real)),
    }
}

/// The directory a file is (to be) written in: `x.json` lives in `.`.
fn parent_dir(file: &Path) -> &Path {
    match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// What a path names, for telling whether two paths are one file: its real path, and its
/// device and inode when it exists (a bind mount or hard link has another path). Streams and
/// devices have none: they may be named twice (`--output /dev/null --ledger /dev/null`).
fn identity(path: &Path) -> Option<(PathBuf, Option<(u64, u64)>)> {
    match resolve(path).ok()? {
        Target::File(real) => {
            let id = std::fs::metadata(&real).ok().and_then(|m| inode(&m));
            Some((real, id))
        }
        _ => None,
    }
}

fn same(a: &(PathBuf, Option<(u64, u64)>), b: &(PathBuf, Option<(u64, u64)>)) -> bool {
    a.0 == b.0 || (a.1.is_some() && a.1 == b.1)
}

/// Whether two paths name the same regular file (through links, `..` or `/proc`).
pub fn same_file(a: &Path, b: &Path) -> bool {
    matches!((identity(a), identity(b)), (Some(x), Some(y)) if same(&x, &y))
}

/// The device and inode of this process's stdout, when it is a regular file (`>> log.txt`).
fn stdout_file() -> Option<(u64, u64)> {
    std::fs::metadata("/dev/stdout").ok().filter(std::fs::Metadata::is_file).and_then(|m| inode(&m))
}

/// Refuses outputs that would overwrite one of the run's `inputs` (the files a user edits:
/// workloads and catalogs) or each other: a run whose `--output` is its own workload would
/// destroy what it read. A stdout redirected onto an input (`>> w.toml`) is refused too.
pub fn refuse_clashes(inputs: &[&Path], outputs: &[(&str, &Path)]) -> anyhow::Result<()> {
    let to = |stream: Target| -> Vec<&str> {
        outputs.iter().filter(|(_, p)| resolve(p).ok() == Some(stream.clone())).map(|(flag, _)| *flag).collect()
    };
    let to_stdout = to(Target::Stdout);
    for (name, flags) in [("stdout", &to_stdout), ("stderr", &to(Target::Stderr))] {
        if let [first, second, ..] = flags[..] {
            bail!("{first} and {second} would both write to {name}; send one of them to a file");
        }
    }
    let inputs: Vec<(&Path, _)> = inputs.iter().filter_map(|p| Some((*p, identity(p)?))).collect();
    if let (Some(flag), Some(out)) = (to_stdout.first(), stdout_file())
        && let Some((input, _)) = inputs.iter().find(|(_, id)| id.1 == Some(out))
    {
        bail!("{flag} goes to stdout, which is the input {}; write the result to another file", input.display());
    }
    let named: Vec<(&str, &Path, _)> =
        outputs.iter().filter_map(|&(flag, p)| identity(p).map(|id| (flag, p, id))).collect();
    for (i, (flag, out, id)) in named.iter().enumerate() {
        if let Some((input, _)) = inputs.iter().find(|(_, input)| same(input, id)) {
            bail!(
                "{flag} {} would overwrite the input {}; write the result to another file",
                out.display(),
                input.display()
            );
        }
        if let Some((other, _, _)) = named[..i].iter().find(|(_, _, earlier)| same(earlier, id)) {
            bail!("{other} and {flag} both name {}; give each its own file", out.display());
        }
    }
    Ok(())
}

// ---- temporary files -------------------------------------------------------------------

const TEMP_PREFIX: &str = ".plan-budget-";
const TEMP_SUFFIX: &str = ".tmp";

/// The temporary files this process has open, for the signal handler to remove.
static LIVE_TEMPS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn live_temps() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    LIVE_TEMPS.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A temporary file, registered for removal on a signal while it lives; removed on drop
/// unless it was renamed into place.
struct Temp {
    file: Option<tempfile::NamedTempFile>,
    path: PathBuf,
    renamed: bool,
}

impl Temp {
    /// `.plan-budget-PID-XXXXXX.tmp` in `dir`: `new` files are created with the umask's mode
    /// (0666 less the umask); a replacement starts private and gets the old file's mode.
    fn new_in(dir: &Path, new: bool) -> std::io::Result<Temp> {
        clean_up_on_signals();
        let mut builder = tempfile::Builder::new();
        let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
        builder.prefix(&prefix).suffix(TEMP_SUFFIX).rand_bytes(6);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(if new { 0o666 } else { 0o600 }));
        }
        #[cfg(not(unix))]
        let _ = new;
        let mut live = live_temps();
        let file = builder.tempfile_in(dir)?;
        let path = file.path().to_path_buf();
        live.push(path.clone());
        Ok(Temp { file: Some(file), path, renamed: false })
    }

    fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let Some(file) = self.file.take() else { return };
        if self.renamed {
            // In place under its real name: nothing to remove.
            let _ = file.into_temp_path().keep();
        } else {
            live_temps().retain(|p| *p != self.path);
            drop(file); // removes it
        }
    }
}

/// On SIGINT, SIGTERM, SIGHUP or SIGQUIT: remove the live temporary files, then end the way
/// the signal would have (so the shell sees 130 for Ctrl-C). Installed with the first one.
fn clean_up_on_signals() {
    static INSTALL: Once = Once::new();
    #[cfg(unix)]
    INSTALL.call_once(|| {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP, SIGQUIT]) else {
            return;
        };
        let spawned = std::thread::Builder::new().name("signals".into()).spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let mut live = live_temps();
                for path in live.drain(..) {
                    let _ = std::fs::remove_file(path);
                }
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                std::process::exit(128 + signal);
            }
        });
        drop(spawned);
    });
    #[cfg(not(unix))]
    INSTALL.call_once(|| {});
}

/// Removes `.plan-budget-PID-XXXXXX.tmp` files in `dir` left by runs that no longer exist
/// (killed outright). A file of a run still going is left alone.
fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let live = live_temps().clone();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temp_pid) else { continue };
        let path = entry.path();
        if !process_alive(pid) && !live.contains(&path) && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The process id in a temporary file's name, `.plan-budget-PID-XXXXXX.tmp`.
fn temp_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(TEMP_PREFIX)?.strip_suffix(TEMP_SUFFIX)?;
    let (pid, random) = rest.split_once('-')?;
    (random.len() == 6 && random.chars().all(|c| c.is_ascii_alphanumeric())).then_some(())?;
    pid.parse().ok()
}

/// Whether a process with this id exists (`kill(pid, 0)`); this process's own files are
/// in the live list instead.
fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        if pid == std::process::id() {
            return false; // an earlier process with our id: not one of our live files
        }
        let Ok(pid) = libc::pid_t::try_from(pid) else { return false };
        if pid <= 0 {
            return true; // never signal a process group
        }
        // SAFETY: signal 0 only checks that the process exists; nothing is sent.
        let alive = unsafe { libc::kill(pid, 0) } == 0;
        alive || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_files_are_known_by_their_name() {
        assert_eq!(temp_pid(".plan-budget-4242-a1B2c3.tmp"), Some(4242));
        assert_eq!(temp_pid(".plan-budget-4242-a1B2c3.json"), None);
        assert_eq!(temp_pid(".plan-budget-x-a1B2c3.tmp"), None);
        assert_eq!(temp_pid(".tmpA1b2C3"), None);
        assert_eq!(temp_pid(".plan-budget-4242-a1B2c.tmp"), None);
    }

    #[test]
    fn our_own_standard_streams_are_streams_by_any_name() {
        assert_eq!(standard_stream(Path::new("-")), Some(Target::Stdout));
        assert_eq!(standard_stream(Path::new("/dev/fd/2")), Some(Target::Stderr));
        let ours = format!("/proc/{}/fd/1", std::process::id());
        assert_eq!(standard_stream(Path::new(&ours)), Some(Target::Stdout));
        assert_eq!(standard_stream(Path::new("/proc/self/fd/3")), None);
        assert_eq!(standard_stream(Path::new("/proc/1/fd/1")), None);
    }
}
