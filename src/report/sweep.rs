//! Tables for sweeps, solves and sensitivity (tornado) tables, as
//! [`Grid`]s that every format draws through [`super::Exporter::grid`].
//!
//! `human` grids are for the table and Markdown formats: labels with
//! spaces, values set exactly as written, and notes that say how to read
//! them. Machine grids (CSV, JSON) use the field names as column names and
//! numbers as numbers.

use crate::analysis::Measure;
use crate::analysis::measure::measure_cell;
use crate::analysis::sensitivity::Tornado;
use crate::analysis::solve::{Search, Solution, Target, Trend, Want};
use crate::analysis::sweep::Point;
use crate::analysis::values::scalar_cell;
use crate::cell::{Cell, Grid, label};
use crate::overrides::{KeyPath, Scalar};
use crate::sim::Method;
use crate::summary::Summary;

fn name(text: &str, human: bool) -> String {
    if human { label(text) } else { text.to_string() }
}

/// What produced the figures, for the notes.
pub fn method_note(method: Method) -> String {
    match method {
        Method::Exact => {
            "Mode exact: nothing is random at any point, so these are the exact whole numbers."
                .to_string()
        }
        Method::MeanPath => {
            "Mode mean-path: one path through the means at every point, not the expected outcome."
                .to_string()
        }
        Method::MonteCarlo { trials, seed } => {
            format!("Mode monte-carlo: {trials} trials at every point, all with seed {seed}.")
        }
    }
}

/// One row per point: a column per key, then a column per metric. This is
/// the form CSV and JSON always take (one record per grid point), so that
/// shards concatenate.
pub fn sweep_rows(keys: &[KeyPath], measures: &[Measure], points: &[Point], human: bool) -> Grid {
    let mut headers: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
    headers.extend(
        measures
            .iter()
            .map(|m| if human { m.label() } else { m.name() }),
    );
    let rows = points
        .iter()
        .map(|p| {
            let mut row: Vec<Cell> = p.coords.iter().map(|v| scalar_cell(v, human)).collect();
            row.extend(
                measures
                    .iter()
                    .map(|&m| measure_cell(m, m.value(&p.summary))),
            );
            row
        })
        .collect();
    Grid {
        headers,
        rows,
        notes: Vec::new(),
    }
}

/// Two keys as a matrix of one metric: the first key's values down, the
/// second's across. With `shade`, each cell carries its place between the
/// smallest and largest value (a night that never came is the largest).
pub fn sweep_matrix(
    keys: [&KeyPath; 2],
    across: &[Scalar],
    measure: Measure,
    points: &[Point],
    shade: bool,
) -> Grid {
    let ordered = |s: &Summary| measure.ordered_value(s).filter(|x| x.is_finite());
    let finite: Vec<f64> = points.iter().filter_map(|p| ordered(&p.summary)).collect();
    let (lo, hi) = finite
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
            (lo.min(x), hi.max(x))
        });
    let level = |s: &Summary| match measure.ordered_value(s) {
        Some(x) if x.is_infinite() => Some(1.0),
        Some(x) if hi > lo => Some((x - lo) / (hi - lo)),
        Some(_) => Some(0.5),
        None => None,
    };
    let mut headers = vec![keys[0].to_string()];
    headers.extend(across.iter().map(|v| v.to_string()));
    let rows = points
        .chunks(across.len().max(1))
        .map(|row| {
            let mut cells = vec![Cell::Text(row[0].coords[0].to_string())];
            cells.extend(row.iter().map(|p| {
                let cell = measure_cell(measure, measure.value(&p.summary));
                match level(&p.summary) {
                    Some(level) if shade => Cell::Shaded(Box::new(cell), level),
                    _ => cell,
                }
            }));
            cells
        })
        .collect();
    Grid {
        headers,
        rows,
        notes: vec![format!(
            "Rows: {}; columns: {}; cells: {}.",
            keys[0],
            keys[1],
            measure.label()
        )],
    }
}

/// One JSON object per row, one per line (JSON lines), keyed by the column
/// names: the form of a sharded sweep, so that shards concatenate.
pub fn json_lines(grid: &Grid) -> String {
    let mut out = String::new();
    for row in &grid.rows {
        let record: serde_json::Map<String, serde_json::Value> = grid
            .headers
            .iter()
            .zip(row)
            .map(|(h, c)| (h.clone(), super::json::json_value(c)))
            .collect();
        out.push_str(&serde_json::Value::Object(record).to_string());
        out.push('\n');
    }
    out
}

/// The question a solve answered, for its notes.
pub struct SolveQuestion<'a> {
    pub key: &'a KeyPath,
    pub target: &'a Target,
    pub want: Want,
    /// The range as searched, e.g. `0..5000`.
    pub range: String,
    /// For a real key, the tolerance.
    pub tolerance: Option<f64>,
    pub method: Method,
}

/// A solve as one record: key, target, the value (found, or the closest),
/// its metric, whether it meets the target, the neighbouring value that
/// does not, how the search ran and how many simulations it took.
pub fn solve_grid(q: &SolveQuestion<'_>, s: &Solution, human: bool) -> Grid {
    let metric = q.target.measure;
    let shown = s.found.as_ref().or(s.best.as_ref());
    let mut headers: Vec<String> = ["key", "target", "value"]
        .into_iter()
        .map(str::to_string)
        .collect();
    headers.push(if human { metric.label() } else { metric.name() });
    headers.extend(["met", "next_value"].into_iter().map(|h| name(h, human)));
    headers.push(if human {
        format!("next {}", metric.label())
    } else {
        format!("next_{}", metric.name())
    });
    headers.extend(["search", "simulations"].map(String::from));
    let search = match &s.search {
        Search::Every { .. } => "every value",
        Search::Bisection { .. } => "bisection",
        Search::NotMonotone {
            exhaustive: true, ..
        } => "every value (not monotone)",
        Search::NotMonotone { .. } => "samples (not monotone)",
    };
    let row = vec![
        Cell::Text(q.key.to_string()),
        Cell::Text(q.target.to_string()),
        shown.map_or(Cell::Empty, |t| scalar_cell(&t.value, human)),
        shown.map_or(Cell::Empty, |t| measure_cell(metric, t.metric)),
        Cell::Flag(s.found.is_some()),
        s.next
            .as_ref()
            .map_or(Cell::Empty, |t| scalar_cell(&t.value, human)),
        s.next
            .as_ref()
            .map_or(Cell::Empty, |t| measure_cell(metric, t.metric)),
        Cell::Text(search.into()),
        Cell::Whole(s.evaluations as u64),
    ];
    let mut grid = Grid {
        headers,
        rows: vec![row],
        notes: Vec::new(),
    };
    if human {
        grid = transpose(&grid);
        grid.notes = solve_notes(q, s);
    }
    grid
}

/// Field and value, one row per column of a one-row grid.
fn transpose(grid: &Grid) -> Grid {
    Grid {
        headers: vec!["field".into(), "value".into()],
        rows: grid
            .headers
            .iter()
            .zip(&grid.rows[0])
            .map(|(h, c)| vec![Cell::Text(h.clone()), c.clone()])
            .collect(),
        notes: Vec::new(),
    }
}

fn show(metric: Measure, value: Option<f64>) -> String {
    measure_cell(metric, value).display()
}

fn solve_notes(q: &SolveQuestion<'_>, s: &Solution) -> Vec<String> {
    let metric = q.target.measure;
    let which = match q.want {
        Want::Smallest => "smallest",
        Want::Largest => "largest",
    };
    let mut notes = Vec::new();
    match (&s.found, &s.best) {
        (Some(found), _) => {
            let mut line = format!(
                "The {which} {} in {} that meets {} is {} ({} {}).",
                q.key,
                q.range,
                q.target,
                found.value,
                metric.label(),
                show(metric, found.metric)
            );
            if let Some(next) = &s.next {
                line.push_str(&format!(
                    " At {} it is {}.",
                    next.value,
                    show(metric, next.metric)
                ));
            }
            notes.push(line);
        }
        (None, best) => {
            let mut line = format!("No value of {} in {} meets {}.", q.key, q.range, q.target);
            if let Some(best) = best {
                line.push_str(&format!(
                    " The closest found is {}, giving {} {}.",
                    best.value,
                    metric.label(),
                    show(metric, best.metric)
                ));
            }
            notes.push(line);
        }
    }
    let exact = match (q.tolerance, &s.found) {
        (_, None) => "certain: no value in between meets the target either".to_string(),
        (Some(t), _) => format!("exact to the tolerance {t} (the answer is a multiple of it)"),
        (None, _) => "exact".to_string(),
    };
    notes.push(match &s.search {
        Search::Every { values } => {
            format!(
                "Every one of the {values} values in the range was tried, so the answer is {exact}."
            )
        }
        Search::Bisection { trend } => {
            let how = match trend {
                Trend::Rising => format!("never fell as {} rose", q.key),
                Trend::Falling => format!("never rose as {} rose", q.key),
                Trend::Flat => "did not change".to_string(),
            };
            let checked = if s.found.is_some() {
                "at 17 evenly spaced values and at every bisection step (checked monotone)"
            } else {
                "at 17 evenly spaced values (checked monotone)"
            };
            let what = if s.found.is_some() {
                "Bisection"
            } else {
                "Monotone"
            };
            format!("{what}: {metric} {how} {checked}, so the answer is {exact}.")
        }
        Search::NotMonotone {
            evidence,
            exhaustive: true,
        } => format!(
            "{metric} is not monotone in {} ({evidence}), so bisection cannot be \
             trusted: every value in the range was tried instead, and the answer is {exact}.",
            q.key
        ),
        Search::NotMonotone { evidence, .. } => format!(
            "{metric} is not monotone in {} ({evidence}) and the range is too large to \
             try every value: the answer is the {which} of the evenly spaced values tried \
             and may not be the {which} overall.",
            q.key
        ),
    });
    notes.push(method_note(q.method));
    notes
}

/// A tornado table: one row per parameter, widest swing first.
pub fn tornado_grid(
    tornado: &Tornado,
    measure: Measure,
    defaults: bool,
    method: Method,
    human: bool,
) -> Grid {
    let metric = measure.name();
    let mut headers: Vec<String> = ["parameter", "base", "low", "high"]
        .map(String::from)
        .to_vec();
    if human {
        headers.extend(["at low".to_string(), "at high".to_string()]);
    } else {
        headers.extend([format!("{metric}_at_low"), format!("{metric}_at_high")]);
    }
    headers.push("swing".into());
    let rows = tornado
        .bars
        .iter()
        .map(|bar| {
            let p = &bar.parameter;
            vec![
                Cell::Text(p.key.to_string()),
                p.base
                    .as_ref()
                    .map_or(Cell::Empty, |v| scalar_cell(v, human)),
                scalar_cell(&p.low, human),
                scalar_cell(&p.high, human),
                measure_cell(measure, bar.at_low),
                measure_cell(measure, bar.at_high),
                Cell::Real(bar.swing),
            ]
        })
        .collect();
    let mut notes = Vec::new();
    if human {
        notes.push(format!(
            "Metric: {}; at the scenario's own values {}. Each parameter is moved alone \
             from low to high, the others at the scenario's values; rows are ranked by \
             the swing, |at high − at low|.",
            measure.label(),
            show(measure, tornado.at_base)
        ));
        if defaults {
            notes.push(
                "Parameters: the defaults, ±25% of the file's values; whole numbers are \
                 rounded outwards (low down, high up), interceptors per kill, launchers and \
                 rounds never below 1, probabilities never above 1."
                    .to_string(),
            );
        }
        if measure.is_night() {
            notes.push(
                "In the swing, a night that never came counts as the night after the horizon."
                    .to_string(),
            );
        }
        notes.push(method_note(method));
    }
    Grid {
        headers,
        rows,
        notes,
    }
}
