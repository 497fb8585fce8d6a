//! `init`: a commented starter workload, from one of the shipped examples.

use crate::cli::{Format, Global};
use crate::error::{ExitCode, usage};
use clap::ValueEnum;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Which kind of creator to start from
    #[arg(long, value_enum, default_value_t = Profile::Freelancer)]
    pub profile: Profile,
    /// Overwrite the --output file if it exists
    #[arg(long)]
    pub force: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Profile {
    Hobbyist,
    /// Weekend sessions: `per = "weekend"`, `on`, a price from the Generate button, a scoped season
    WeekendHobbyist,
    Freelancer,
    Studio,
    Team,
    Video,
}

impl Profile {
    /// The shipped example workload for this profile.
    pub fn text(self) -> &'static str {
        match self {
            Profile::Hobbyist => include_str!("../../../workloads/hobbyist.toml"),
            Profile::WeekendHobbyist => include_str!("../../../workloads/weekend-hobbyist.toml"),
            Profile::Freelancer => include_str!("../../../workloads/freelancer.toml"),
            Profile::Studio => include_str!("../../../workloads/studio.toml"),
            Profile::Team => include_str!("../../../workloads/marketing-team.toml"),
            Profile::Video => include_str!("../../../workloads/video-creator.toml"),
        }
    }
}

pub fn run(g: &Global, args: &Args) -> anyhow::Result<ExitCode> {
    if g.format != Format::Table {
        return Err(g.unsupported_format("init"));
    }
    if let Some(path) = &g.output
        && path.as_os_str() != "-"
        && path.exists()
        && !args.force
    {
        return Err(usage(format!("{} already exists; pass --force to overwrite it", path.display())));
    }
    g.emit(args.profile.text())?;
    Ok(ExitCode::Success)
}
