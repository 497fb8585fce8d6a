//! Output formats, one file each, over the shared model that `plan` builds (`plan::Report`
//! and the engine's figures). Nothing here simulates or decides; it only lays results out.
//! `columns` is the table skeleton the table, Markdown and HTML formats share.

pub mod actions;
pub mod catalog_json;
pub mod chart;
pub mod columns;
pub mod compare;
pub mod csv;
pub mod diff;
pub mod fit;
pub mod gate;
pub mod github;
pub mod history;
pub mod html;
pub mod json;
pub mod junit;
pub mod ledger_csv;
pub mod markdown;
pub mod status;
pub mod svg;
pub mod table;
