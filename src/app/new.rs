//! `magdepth new`: a template (or an existing scenario, resolved), written
//! whole or not at all, never over an existing file without `--force`.

use super::context::Context;
use super::error::AppError;
use crate::cli::{FormArg, NewArgs};
use magdepth::scenario::Source;
use std::path::PathBuf;

pub struct Settings {
    path: PathBuf,
    form: FormArg,
    from: Option<PathBuf>,
    force: bool,
}

impl Settings {
    pub fn from_args(args: NewArgs) -> Result<Settings, AppError> {
        Ok(Settings {
            path: args.path,
            form: args.form,
            from: args.from,
            force: args.force,
        })
    }

    pub fn execute(self, ctx: &Context) -> Result<(), AppError> {
        let mut inputs = Vec::new();
        let text = match &self.from {
            None => match self.form {
                FormArg::Short => magdepth::template::SHORT.to_string(),
                FormArg::Long => magdepth::template::LONG.to_string(),
            },
            // The scenario as its file (and any bases it extends) give it,
            // merged into one file that loads as it stands.
            Some(from) => {
                let source = Source::load(from)
                    .and_then(|source| source.scenario().map(|_| source))
                    .map_err(|e| AppError::load(vec![e], "nothing was written"))?;
                inputs = source.inputs();
                format!(
                    "# yaml-language-server: $schema=scenario.schema.json\n# Written by magdepth new --from {} (bases merged in).\n{}",
                    from.display(),
                    serde_yaml::to_string(source.document()).unwrap_or_default()
                )
            }
        };
        ctx.write_file(&self.path, text.as_bytes(), self.force, &inputs)?;
        ctx.note(&format!("wrote {}", self.path.display()));
        Ok(())
    }
}
