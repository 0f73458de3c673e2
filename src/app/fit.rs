//! `magdepth fit`: a raid-size distribution fitted to real raids in the
//! daily-attack CSV, with a `missiles_per_night` snippet.

use super::context::Context;
use super::error::AppError;
use crate::cli::FitArgs;
use magdepth::date::Date;
use magdepth::error::{NameKind, UnknownName};
use magdepth::replay::{self, Query, Selection, catalogue::Catalogue};
use magdepth::report::Format;
use std::path::PathBuf;

pub struct Settings {
    file: PathBuf,
    query: Query,
    verbose: bool,
    format: Format,
}

impl Settings {
    pub fn from_args(args: FitArgs) -> Result<Settings, AppError> {
        let date = |flag: &str, text: Option<&str>| -> Result<Option<Date>, AppError> {
            text.map(|text| {
                Date::parse(text).map_err(|e| AppError::Usage(format!("--{flag} {text}: {e}")))
            })
            .transpose()
        };
        let from = date("from", args.from.as_deref())?;
        let to = date("to", args.to.as_deref())?;
        let mut catalogue = Catalogue::default();
        for entry in &args.map {
            match entry.split_once('=') {
                Some((model, category))
                    if !model.trim().is_empty() && !category.trim().is_empty() =>
                {
                    catalogue.set(model, category)
                }
                _ => {
                    return Err(AppError::Usage(format!(
                        "--map {entry}: expected MODEL=CATEGORY"
                    )));
                }
            }
        }
        let selection = match args.category {
            Some(category) => {
                let category = category.trim().to_lowercase();
                UnknownName::check(NameKind::Category, &category, &catalogue.categories())
                    .map_err(|unknown| AppError::Usage(format!("--category: {unknown}")))?;
                Selection::Category(category)
            }
            None => {
                let models: Vec<String> = args
                    .models
                    .into_iter()
                    .map(|m| m.trim().to_string())
                    .filter(|m| !m.is_empty())
                    .collect();
                if models.is_empty() {
                    return Err(AppError::Usage("--models: name at least one model".into()));
                }
                Selection::Models(models)
            }
        };
        Ok(Settings {
            file: args.file,
            query: Query {
                selection,
                from,
                to,
                catalogue,
                combined: args.combined.into(),
            },
            verbose: args.verbose,
            format: args.output.format.into(),
        })
    }

    pub fn execute(self, ctx: &Context) -> Result<(), AppError> {
        let record = replay::load_record(&self.file, &self.query).map_err(AppError::Replay)?;
        if let Some(quirks) = record.quirks() {
            let hint = if self.verbose {
                ""
            } else {
                " (--verbose lists them)"
            };
            ctx.note(&format!("note: {quirks}{hint}"));
        }
        if self.verbose {
            for line in replay::report::row_lines(&record) {
                ctx.note(&format!("  {line}"));
            }
        }
        let exporter = ctx.exporter(self.format);
        let text = match self.format {
            Format::Json => replay::report::fit_json(&record),
            Format::Csv => exporter.grid(&replay::report::fit_grid(&record, false)),
            _ => exporter.grid(&replay::report::fit_grid(&record, true)),
        };
        ctx.emit(&text)
    }
}
