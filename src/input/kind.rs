//! Which kind of file a TOML file is (catalog or workload), told from its top-level tables, so
//! a file given in the wrong place gets a message saying what it is.

use crate::input::diagnostic::Diagnostic;
use crate::input::source::SourceFile;

/// What a file holds, told apart by its top-level tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Catalog,
    Workload,
}

impl FileKind {
    pub fn name(self) -> &'static str {
        match self {
            FileKind::Catalog => "catalog",
            FileKind::Workload => "workload",
        }
    }
}

const CATALOG_KEYS: [&str; 4] = ["plans", "topup_packs", "actions", "addons"];
const WORKLOAD_KEYS: [&str; 4] = ["start", "activity", "months", "days"];

/// Which kind a parsed file is: `Ok` for one kind, `Err(true)` for both, `Err(false)` for neither.
pub fn kind_of(table: &toml::de::DeTable<'_>) -> Result<FileKind, bool> {
    let has = |keys: &[&str]| keys.iter().any(|k| table.contains_key(*k));
    match (has(&CATALOG_KEYS), has(&WORKLOAD_KEYS)) {
        (true, false) => Ok(FileKind::Catalog),
        (false, true) => Ok(FileKind::Workload),
        (both, _) => Err(both),
    }
}

/// A catalog has `plans`/`actions`/… tables; a workload has `start` or `[[activity]]`.
pub fn detect(file: &SourceFile) -> Result<FileKind, Diagnostic> {
    match kind_of(file.table()?.get_ref()) {
        Ok(kind) => Ok(kind),
        Err(both) => Err(file
            .error(
                None,
                if both { "holds both catalog and workload tables" } else { "is neither a catalog nor a workload" },
            )
            .with_help("a catalog has [plans.*] / [actions.*] tables; a workload has `start` and [[activity]] tables")),
    }
}
