//! Solving for a value: the smallest (or largest) value of one key, within a
//! range, at which a metric meets a target such as
//! `nights_fully_defended >= 90`.
//!
//! The search runs over whole steps: every whole number for an integer key;
//! multiples of the tolerance for a real key (so a real answer is exact to
//! the tolerance, and the answer is itself a multiple of it). The metric is
//! first computed at [`SAMPLES`] evenly spaced values. If it is monotone
//! there (never rising after falling, or the reverse), the target is met on
//! one contiguous stretch of values, and bisection between the samples that
//! straddle its edge finds the exact answer; each bisection step is checked
//! to lie between its neighbours too. If the metric is not monotone, every
//! value in the range is tried when there are at most [`MAX_SCAN`];
//! otherwise the answer found is reported as not guaranteed.
//!
//! Metric values within one part in 10⁹ of the target count as equal to it
//! (floating-point rounding), and a night that never came counts as later
//! than every night.
//!
//! A target no value of the metric can meet (a probability above 1, more
//! nights fully defended than the horizon) is refused before any search
//! ([`Target::check_reachable`]). Where the answer was found by Monte Carlo
//! it holds for that seed and trial count; its standard error is the
//! standard deviation of the metric over [`REPLICATES`] runs at the answer
//! (the one found, and the others with seeds seed + 1, seed + 2, …). When no
//! value meets the target, the closest value, then the low and the high end
//! of the range, are run once more with unlimited fire capacity: if one of
//! them then meets it, capacity, not stock, is what stops it.

use super::measure::ValueRange;
use super::{Base, PointError, round_to};
use crate::analysis::Measure;
use crate::overrides::{KeyPath, Scalar};
use crate::sim::{Method, Mode, ModeChoice, simulate};
use crate::summary::Summary;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// Evenly spaced values checked before bisecting.
pub const SAMPLES: usize = 17;
/// Most values tried one by one when the metric is not monotone.
pub const MAX_SCAN: i64 = 100_000;
/// Monte Carlo runs at the answer whose spread is its standard error.
pub const REPLICATES: u64 = 11;

/// A comparison in a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Ge,
    Le,
    Gt,
    Lt,
    Eq,
}

impl Op {
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Ge => ">=",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Lt => "<",
            Op::Eq => "==",
        }
    }
}

/// What the metric is compared with: a number, or `never` (a night that
/// never comes; `null` is accepted too).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Goal {
    Number(f64),
    Never,
}

/// `METRIC OP VALUE`, e.g. `nights_fully_defended >= 90` or
/// `first_shortfall_night == never`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Target {
    pub measure: Measure,
    pub op: Op,
    pub goal: Goal,
}

impl FromStr for Target {
    type Err = String;

    fn from_str(text: &str) -> Result<Target, String> {
        let ops = [
            (">=", Op::Ge),
            ("<=", Op::Le),
            ("==", Op::Eq),
            (">", Op::Gt),
            ("<", Op::Lt),
        ];
        let found = ops
            .iter()
            .filter_map(|&(symbol, op)| text.find(symbol).map(|at| (at, symbol, op)))
            .min_by_key(|&(at, symbol, _)| (at, std::cmp::Reverse(symbol.len())));
        let Some((at, symbol, op)) = found else {
            return Err(format!(
                "`{text}`: write METRIC OP VALUE with OP one of >=, <=, >, <, ==, \
                 e.g. \"nights_fully_defended >= 90\""
            ));
        };
        let (name, value) = (text[..at].trim(), text[at + symbol.len()..].trim());
        if name.ends_with(['=', '!', '<', '>']) || value.starts_with(['=', '<', '>']) {
            return Err(format!(
                "`{text}`: the comparison must be one of >=, <=, >, <, =="
            ));
        }
        let measure: Measure = name.parse()?;
        let goal = match value {
            "never" | "null" => Goal::Never,
            _ => match value.parse::<f64>() {
                Ok(x) if x.is_finite() => Goal::Number(x),
                _ => {
                    return Err(format!(
                        "`{value}` is not a number (or `never`, for a night that never comes)"
                    ));
                }
            },
        };
        if goal == Goal::Never && !measure.is_night() {
            return Err(format!(
                "`never` applies only to nights (first_shortfall_night, exhausted_night), \
                 not {measure}"
            ));
        }
        Ok(Target { measure, op, goal })
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let goal = match self.goal {
            Goal::Number(x) => x.to_string(),
            Goal::Never => "never".into(),
        };
        write!(f, "{} {} {goal}", self.measure, self.op.symbol())
    }
}

impl Target {
    /// Checks that some value the metric can take meets the target, over a
    /// horizon of `horizon` nights (`None`: unknown, so nights have no upper
    /// bound); the error says what the metric's values are.
    pub fn check_reachable(&self, horizon: Option<u32>) -> Result<(), String> {
        let ValueRange { low, high, never } = self.measure.range(horizon);
        let reachable = match self.goal {
            Goal::Never => never,
            Goal::Number(goal) => {
                let some = |x: f64| self.is_met(x);
                match self.op {
                    Op::Ge | Op::Gt => some(high) || (never && self.is_met(f64::INFINITY)),
                    Op::Le | Op::Lt => some(low),
                    Op::Eq => low - 1e-9 <= goal && goal <= high + 1e-9,
                }
            }
        };
        if reachable {
            return Ok(());
        }
        let what = if self.measure.is_probability() {
            "a probability, from 0 to 1".to_string()
        } else {
            let ends = |x: f64| {
                if x.is_infinite() {
                    "no upper bound".to_string()
                } else {
                    round_to(x, 9).to_string()
                }
            };
            let nights = match horizon {
                Some(h) if high.is_finite() => format!(" over a horizon of {h} nights"),
                _ => String::new(),
            };
            let never = if never { ", or never" } else { "" };
            match high.is_finite() {
                true => format!("from {} to {}{never}{nights}", ends(low), ends(high)),
                false => format!("{} or more ({}){never}", ends(low), ends(high)),
            }
        };
        Err(format!(
            "no value can meet the target {self}: {} is {what}",
            self.measure
        ))
    }

    fn goal(&self) -> f64 {
        match self.goal {
            Goal::Number(x) => x,
            Goal::Never => f64::INFINITY,
        }
    }

    /// Whether an ordered metric value (a night that never came as +∞)
    /// meets the target.
    pub fn is_met(&self, value: f64) -> bool {
        let goal = self.goal();
        let eps = if goal.is_finite() {
            1e-9 * goal.abs().max(1.0)
        } else {
            0.0
        };
        match self.op {
            Op::Ge => value >= goal - eps,
            Op::Gt => value > goal + eps,
            Op::Le => value <= goal + eps,
            Op::Lt => value < goal - eps,
            Op::Eq if goal.is_infinite() => value == goal,
            Op::Eq => (value - goal).abs() <= eps,
        }
    }

    /// How far a value is from meeting the target (0 when met).
    fn shortfall(&self, value: f64) -> f64 {
        if self.is_met(value) {
            return 0.0;
        }
        let goal = self.goal();
        if value.is_infinite() && goal.is_infinite() {
            0.0
        } else if value.is_nan() {
            f64::INFINITY
        } else {
            (value - goal).abs()
        }
    }
}

/// Smallest or largest value wanted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    Smallest,
    Largest,
}

/// The values searched: whole numbers, or multiples of a tolerance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Domain {
    Integer {
        low: i64,
        high: i64,
    },
    Real {
        /// Multiples `low..=high` of `step`.
        low: i64,
        high: i64,
        step: f64,
        decimals: u32,
    },
}

impl Domain {
    /// Whole numbers from `low` to `high` (reals rounded inwards).
    pub fn integer(low: f64, high: f64) -> Result<Domain, String> {
        let (lo, hi) = ((low - 1e-9).ceil(), (high + 1e-9).floor());
        if lo > hi || !lo.is_finite() || !hi.is_finite() || hi.abs() > 9e15 || lo.abs() > 9e15 {
            return Err(format!("the range {low}..{high} holds no whole number"));
        }
        Ok(Domain::Integer {
            low: lo as i64,
            high: hi as i64,
        })
    }

    /// Multiples of `tolerance` from `low` to `high`.
    pub fn real(low: f64, high: f64, tolerance: f64) -> Result<Domain, String> {
        if !(tolerance > 0.0 && tolerance.is_finite()) {
            return Err(format!(
                "the tolerance must be more than 0, got {tolerance}"
            ));
        }
        let (lo, hi) = (
            (low / tolerance - 1e-6).ceil(),
            (high / tolerance + 1e-6).floor(),
        );
        if lo > hi {
            return Err(format!(
                "the range {low}..{high} holds no multiple of the tolerance {tolerance}"
            ));
        }
        if (hi - lo) > 1e12 {
            return Err(format!(
                "the tolerance {tolerance} is too fine for the range {low}..{high}"
            ));
        }
        // Decimals enough to write the tolerance exactly (0.0001 → 4).
        let decimals = (0..=12)
            .find(|&d| {
                let scaled = tolerance * 10f64.powi(d);
                (scaled - scaled.round()).abs() < 1e-6 * scaled.max(1.0)
            })
            .unwrap_or(12) as u32;
        Ok(Domain::Real {
            low: lo as i64,
            high: hi as i64,
            step: tolerance,
            decimals,
        })
    }

    /// The first and last step.
    pub fn bounds(&self) -> (i64, i64) {
        match *self {
            Domain::Integer { low, high } | Domain::Real { low, high, .. } => (low, high),
        }
    }

    /// The value of step `i`.
    pub fn value(&self, i: i64) -> Scalar {
        match *self {
            Domain::Integer { .. } => Scalar::Int(i),
            Domain::Real { step, decimals, .. } => {
                // i / 10^d is correctly rounded where i × 10^-d may not be.
                let scale = 10f64.powi(decimals as i32);
                let x = if (step * scale - (step * scale).round()).abs() < 1e-9 {
                    i as f64 * (step * scale).round() / scale
                } else {
                    round_to(i as f64 * step, decimals)
                };
                Scalar::Real(x)
            }
        }
    }
}

/// A value tried and its metric (a night that never came as `None`).
#[derive(Debug, Clone, PartialEq)]
pub struct Tried {
    pub value: Scalar,
    pub metric: Option<f64>,
    /// The mode that gave the metric.
    pub mode: Mode,
}

/// Which way the metric runs over the range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    Rising,
    Falling,
    Flat,
}

/// How the answer was found.
#[derive(Debug, Clone, PartialEq)]
pub enum Search {
    /// The range was small enough to try every value.
    Every { values: usize },
    /// Bisection on a metric found monotone at the samples and every step.
    Bisection { trend: Trend },
    /// The metric is not monotone (`evidence` says where); every value was
    /// tried when `exhaustive`, else the answer is not guaranteed.
    NotMonotone { evidence: String, exhaustive: bool },
}

/// The outcome of a solve.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    /// The value that meets the target, if one does.
    pub found: Option<Tried>,
    /// The value next to it on the other side (one step smaller for the
    /// smallest), which does not meet the target: evidence of the edge.
    pub next: Option<Tried>,
    /// When none meets it, the value that came closest.
    pub best: Option<Tried>,
    pub search: Search,
    /// Simulations run in the search (not counting the checks below).
    pub evaluations: usize,
    /// How the values tried were simulated (see [`super::method_used`]).
    pub method: Method,
    /// Where the value shown (found, or closest) ran by Monte Carlo: the
    /// standard error of its metric, `None` when a night that never came in
    /// some runs leaves it undefined.
    pub standard_error: Option<Option<f64>>,
    /// When no value meets the target: a value (the closest, else an end
    /// of the range) that would meet it with unlimited fire capacity, and
    /// its metric so (capacity, not stock, is what stops the target being
    /// met).
    pub without_capacity: Option<(Scalar, Option<f64>)>,
}

struct Searcher<'a> {
    base: &'a Base,
    key: &'a KeyPath,
    domain: Domain,
    measure: Measure,
    choice: ModeChoice,
    /// The metric at each step tried, and the mode that gave it.
    cache: BTreeMap<i64, (Option<f64>, Mode)>,
}

impl Searcher<'_> {
    /// The metric at each step in `steps` (in parallel), ordered: a night
    /// that never came is +∞; a value missing otherwise is NaN.
    fn eval_many(&mut self, steps: &[i64]) -> Result<Vec<f64>, PointError> {
        let todo: Vec<i64> = steps
            .iter()
            .copied()
            .filter(|i| !self.cache.contains_key(i))
            .collect();
        let results: Vec<(i64, (Option<f64>, Mode))> = todo
            .par_iter()
            .map(|&i| {
                let overrides = [(self.key.clone(), self.domain.value(i))];
                let summary = self.base.evaluate(&overrides, self.choice)?;
                Ok((i, (self.measure.value(&summary), summary.mode)))
            })
            .collect::<Result<_, PointError>>()?;
        self.cache.extend(results);
        Ok(steps.iter().map(|i| self.ordered(i)).collect())
    }

    fn eval(&mut self, i: i64) -> Result<f64, PointError> {
        Ok(self.eval_many(&[i])?[0])
    }

    fn ordered(&self, i: &i64) -> f64 {
        match self.cache.get(i) {
            Some((Some(x), _)) => *x,
            Some((None, _)) if self.measure.is_night() => f64::INFINITY,
            _ => f64::NAN,
        }
    }

    fn tried(&self, i: i64) -> Tried {
        let (metric, mode) = self.cache.get(&i).copied().unwrap_or((None, Mode::Exact));
        Tried {
            value: self.domain.value(i),
            metric,
            mode,
        }
    }

    /// The method the values tried were simulated by.
    fn method(&self) -> Method {
        let method = |mode: Mode| match (mode, self.choice) {
            (
                Mode::MonteCarlo,
                ModeChoice::Auto { trials, seed } | ModeChoice::MonteCarlo { trials, seed },
            ) => Method::MonteCarlo { trials, seed },
            (Mode::MeanPath, _) => Method::MeanPath,
            _ => Method::Exact,
        };
        Method::overall(self.cache.values().map(|&(_, mode)| method(mode))).unwrap_or(Method::Exact)
    }

    /// The metric at `value` over [`REPLICATES`] Monte Carlo runs (the seed
    /// and the next ones), ordered as in the search.
    fn replicates(&self, value: &Scalar, trials: u64, seed: u64) -> Result<Vec<f64>, PointError> {
        let scenario = self
            .base
            .scenario_with(&[(self.key.clone(), value.clone())])?;
        Ok((0..REPLICATES)
            .into_par_iter()
            .map(|k| {
                let method = Method::MonteCarlo {
                    trials,
                    seed: seed.wrapping_add(k),
                };
                let summary = simulate(&scenario, method, &|_| {}).summary;
                self.measure.ordered_value(&summary).unwrap_or(f64::NAN)
            })
            .collect())
    }

    /// The summary at `value` with every fire capacity lifted; `None` when
    /// no type has one.
    fn without_capacity(&self, value: &Scalar) -> Result<Option<Summary>, PointError> {
        let mut scenario = self
            .base
            .scenario_with(&[(self.key.clone(), value.clone())])?;
        if scenario
            .interceptors
            .iter()
            .all(|t| t.fire_capacity.is_none())
        {
            return Ok(None);
        }
        for interceptor in &mut scenario.interceptors {
            interceptor.fire_capacity = None;
        }
        let method = self.choice.method_for(&scenario);
        Ok(Some(simulate(&scenario, method, &|_| {}).summary))
    }
}

/// The sample standard deviation of `values`; `None` if any is not finite
/// (a night that never came) or there are fewer than two.
fn standard_deviation(values: &[f64]) -> Option<f64> {
    if values.len() < 2 || values.iter().any(|x| !x.is_finite()) {
        return None;
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let squares: f64 = values.iter().map(|x| (x - mean).powi(2)).sum();
    Some((squares / (n - 1.0)).sqrt())
}

/// The trend of `values`, or `None` if they rise and fall.
fn trend(values: &[f64]) -> Option<Trend> {
    let mut seen = Trend::Flat;
    for pair in values.windows(2) {
        let step = if pair[1] > pair[0] {
            Trend::Rising
        } else if pair[1] < pair[0] {
            Trend::Falling
        } else if pair[1] == pair[0] {
            Trend::Flat
        } else {
            return None; // NaN
        };
        match (seen, step) {
            (_, Trend::Flat) => {}
            (Trend::Flat, s) => seen = s,
            (a, b) if a == b => {}
            _ => return None,
        }
    }
    Some(seen)
}

/// Finds the smallest (or largest) value of `key` in `domain` at which
/// `target` is met, each value simulated by the method `choice` gives it;
/// then the checks of the answer (module docs).
pub fn solve(
    base: &Base,
    key: &KeyPath,
    domain: Domain,
    target: &Target,
    want: Want,
    choice: ModeChoice,
) -> Result<Solution, PointError> {
    let mut s = Searcher {
        base,
        key,
        domain,
        measure: target.measure,
        choice,
        cache: BTreeMap::new(),
    };
    let mut solution = search(&mut s, target, want)?;
    solution.method = s.method();
    let shown = solution.found.as_ref().or(solution.best.as_ref());
    if let (Some(shown), Method::MonteCarlo { trials, seed }) = (shown, solution.method)
        && shown.mode == Mode::MonteCarlo
    {
        let runs = s.replicates(&shown.value, trials, seed)?;
        solution.standard_error = Some(standard_deviation(&runs));
    }
    if let (None, Some(best)) = (&solution.found, &solution.best) {
        // The closest value, then the range's ends: a metric flat over the
        // range is closest at its first value, where stock may bind too.
        let (first, last) = domain.bounds();
        let mut candidates = vec![best.value.clone()];
        for end in [first, last].map(|i| domain.value(i)) {
            if !candidates.contains(&end) {
                candidates.push(end);
            }
        }
        for value in candidates {
            let Some(lifted) = s.without_capacity(&value)? else {
                break;
            };
            if target
                .measure
                .ordered_value(&lifted)
                .is_some_and(|x| target.is_met(x))
            {
                solution.without_capacity = Some((value, target.measure.value(&lifted)));
                break;
            }
        }
    }
    Ok(solution)
}

/// The search itself (module docs).
fn search(s: &mut Searcher<'_>, target: &Target, want: Want) -> Result<Solution, PointError> {
    let domain = s.domain;
    let (lo, hi) = domain.bounds();
    let n = hi - lo + 1;
    let met = |x: f64| target.is_met(x);

    // In the order of the search: smallest first, or largest first.
    let ordered_steps = |steps: Vec<i64>| match want {
        Want::Smallest => steps,
        Want::Largest => steps.into_iter().rev().collect(),
    };

    if n <= SAMPLES as i64 {
        let steps: Vec<i64> = (lo..=hi).collect();
        s.eval_many(&steps)?;
        return Ok(finish(
            s,
            target,
            ordered_steps(steps),
            Search::Every { values: n as usize },
        ));
    }

    let samples: Vec<i64> = (0..SAMPLES as i64)
        .map(|j| lo + ((n - 1) as i128 * j as i128 / (SAMPLES as i128 - 1)) as i64)
        .collect();
    let values = s.eval_many(&samples)?;
    let Some(trend) = trend(&values) else {
        let evidence = describe_turn(s, &samples, &values);
        return fallback(s, target, want, evidence);
    };

    // Samples in search order; find the first that meets the target.
    let order: Vec<usize> = match want {
        Want::Smallest => (0..SAMPLES).collect(),
        Want::Largest => (0..SAMPLES).rev().collect(),
    };
    let first_met = order.iter().position(|&j| met(values[j]));
    let edge = match first_met {
        Some(0) => {
            let at = samples[order[0]];
            return Ok(solution(
                s,
                Some(at),
                None,
                Search::Bisection { trend },
                target,
            ));
        }
        Some(p) => {
            // Bisect between the last sample that fails and the first that
            // meets it, in search order.
            let (fail, pass) = (samples[order[p - 1]], samples[order[p]]);
            bisect(s, fail, pass, &met)?
        }
        None => {
            // A target such as `== 45` may be met only between samples:
            // bisect where the metric crosses the goal.
            let goal = target.goal();
            let crossing = (0..SAMPLES - 1)
                .map(|k| (order[k], order[k + 1]))
                .find(|&(a, b)| {
                    (values[a] < goal && values[b] > goal) || (values[a] > goal && values[b] < goal)
                });
            match crossing {
                Some((a, b)) if target.op == Op::Eq => {
                    let before = values[a] < goal;
                    let passed = move |x: f64| (x >= goal) == before || met(x);
                    bisect(s, samples[a], samples[b], &passed)?
                }
                _ => Edge::Found(None),
            }
        }
    };
    match edge {
        Edge::Found(at) => {
            let at = at.filter(|&i| met(s.ordered(&i)));
            Ok(solution(s, at, at, Search::Bisection { trend }, target))
        }
        Edge::NotMonotone(evidence) => fallback(s, target, want, evidence),
    }
}

enum Edge {
    Found(Option<i64>),
    NotMonotone(String),
}

/// Bisects between step `fail` (where `passed` is false) and `pass` (where
/// it is true) for the step nearest `fail` where it is true. Each step's
/// value must lie between the values at the ends.
fn bisect(
    s: &mut Searcher<'_>,
    mut fail: i64,
    mut pass: i64,
    passed: &dyn Fn(f64) -> bool,
) -> Result<Edge, PointError> {
    while (pass - fail).abs() > 1 {
        let mid = fail + (pass - fail) / 2;
        let (a, m, b) = (s.eval(fail)?, s.eval(mid)?, s.eval(pass)?);
        // A monotone metric takes, between two values, a value between
        // theirs.
        if !(a.min(b) <= m && m <= a.max(b)) {
            let (x, y, z) = (fail.min(pass), mid, fail.max(pass));
            let (vx, vz) = if fail < pass { (a, b) } else { (b, a) };
            return Ok(Edge::NotMonotone(format!(
                "{} at {}, {} at {}, {} at {}",
                show(vx),
                s.domain.value(x),
                show(m),
                s.domain.value(y),
                show(vz),
                s.domain.value(z)
            )));
        }
        if passed(m) {
            pass = mid;
        } else {
            fail = mid;
        }
    }
    Ok(Edge::Found(Some(pass)))
}

fn show(x: f64) -> String {
    if x.is_infinite() {
        "never".into()
    } else {
        format!("{}", round_to(x, 4))
    }
}

fn describe_turn(s: &Searcher<'_>, samples: &[i64], values: &[f64]) -> String {
    // The first sample where the direction turns, with its neighbours.
    for k in 1..values.len().saturating_sub(1) {
        let t = trend(&values[..=k + 1]);
        if t.is_none() {
            let j = (1..=k)
                .rev()
                .find(|&j| values[j] != values[j - 1])
                .unwrap_or(k);
            return format!(
                "{} at {}, {} at {}, {} at {}",
                show(values[j - 1]),
                s.domain.value(samples[j - 1]),
                show(values[j]),
                s.domain.value(samples[j]),
                show(values[k + 1]),
                s.domain.value(samples[k + 1])
            );
        }
    }
    "the metric is missing at some values".into()
}

/// The metric is not monotone: try every value if there are few enough.
fn fallback(
    s: &mut Searcher<'_>,
    target: &Target,
    want: Want,
    evidence: String,
) -> Result<Solution, PointError> {
    let (lo, hi) = s.domain.bounds();
    if hi - lo < MAX_SCAN {
        let steps: Vec<i64> = (lo..=hi).collect();
        s.eval_many(&steps)?;
        let steps = match want {
            Want::Smallest => steps,
            Want::Largest => steps.into_iter().rev().collect(),
        };
        return Ok(finish(
            s,
            target,
            steps,
            Search::NotMonotone {
                evidence,
                exhaustive: true,
            },
        ));
    }
    // Too many to try: the first sample that meets it, as found.
    let at = s
        .cache
        .keys()
        .copied()
        .filter(|i| target.is_met(s.ordered(i)));
    let at = match want {
        Want::Smallest => at.min(),
        Want::Largest => at.max(),
    };
    Ok(solution(
        s,
        at,
        at,
        Search::NotMonotone {
            evidence,
            exhaustive: false,
        },
        target,
    ))
}

/// The first step of `steps` (all evaluated, in search order) that meets the
/// target.
fn finish(s: &Searcher<'_>, target: &Target, steps: Vec<i64>, search: Search) -> Solution {
    let at = steps.iter().copied().find(|i| target.is_met(s.ordered(i)));
    solution(s, at, at, search, target)
}

/// Puts a solution together: `at` the step found; `edge` the step whose
/// neighbour (one step back in search order) is shown as evidence.
fn solution(
    s: &Searcher<'_>,
    at: Option<i64>,
    edge: Option<i64>,
    search: Search,
    target: &Target,
) -> Solution {
    let next = edge.and_then(|i| {
        // The neighbour one step towards where the search began.
        [i - 1, i + 1]
            .into_iter()
            .find(|j| s.cache.contains_key(j) && !target.is_met(s.ordered(j)))
            .map(|j| s.tried(j))
    });
    let best = match at {
        Some(_) => None,
        None => s
            .cache
            .keys()
            .copied()
            .min_by(|a, b| {
                let (da, db) = (
                    target.shortfall(s.ordered(a)),
                    target.shortfall(s.ordered(b)),
                );
                da.total_cmp(&db)
            })
            .map(|i| s.tried(i)),
    };
    Solution {
        found: at.map(|i| s.tried(i)),
        next,
        best,
        search,
        evaluations: s.cache.len(),
        method: Method::Exact,
        standard_error: None,
        without_capacity: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse_with_or_without_spaces() {
        let t: Target = "nights_fully_defended >= 90".parse().unwrap();
        assert_eq!((t.op, t.goal), (Op::Ge, Goal::Number(90.0)));
        let t: Target = "leakers<=5".parse().unwrap();
        assert_eq!((t.op, t.goal), (Op::Le, Goal::Number(5.0)));
        let t: Target = "first_shortfall_night == never".parse().unwrap();
        assert_eq!(t.goal, Goal::Never);
        assert!("leakers == never".parse::<Target>().is_err());
        assert!("leakers = 3".parse::<Target>().is_err());
        assert_eq!(
            "leakers => 3".parse::<Target>().unwrap_err(),
            "`leakers => 3`: the comparison must be one of >=, <=, >, <, =="
        );
        assert!("leakers >= lots".parse::<Target>().is_err());
    }

    #[test]
    fn targets_allow_rounding_and_order_never_last() {
        let t: Target = "leakers <= 5".parse().unwrap();
        // 100 × (1 − 0.95) in floating point.
        assert!(t.is_met(100.0 * (1.0 - 0.95)));
        assert!(!t.is_met(5.001));
        let never: Target = "first_shortfall_night == never".parse().unwrap();
        assert!(never.is_met(f64::INFINITY));
        assert!(!never.is_met(90.0));
        let late: Target = "first_shortfall_night > 30".parse().unwrap();
        assert!(late.is_met(f64::INFINITY));
    }

    #[test]
    fn targets_no_value_can_meet_are_refused() {
        let check = |t: &str, h: Option<u32>| t.parse::<Target>().unwrap().check_reachable(h);
        assert_eq!(
            check("p_lasts_horizon >= 1.2", None),
            Err(
                "no value can meet the target p_lasts_horizon >= 1.2: p_lasts_horizon is a \
                 probability, from 0 to 1"
                    .into()
            )
        );
        assert!(check("p_lasts_horizon <= -0.1", None).is_err());
        assert!(check("p_lasts_horizon == 1.5", None).is_err());
        assert!(check("p_lasts_horizon >= 1", None).is_ok());
        assert!(check("p_lasts_horizon > 1", None).is_err());
        assert_eq!(
            check("nights_fully_defended >= 91", Some(90)),
            Err("no value can meet the target nights_fully_defended >= 91: \
                 nights_fully_defended is from 0 to 90 over a horizon of 90 nights"
                .into())
        );
        // Unknown horizon: no upper bound on nights.
        assert!(check("nights_fully_defended >= 91", None).is_ok());
        assert!(check("nights_fully_defended >= 90", Some(90)).is_ok());
        // A night that never comes is later than every night.
        assert!(check("first_shortfall_night >= 100", Some(90)).is_ok());
        assert!(check("first_shortfall_night == never", Some(90)).is_ok());
        assert!(check("exhausted_night == 95", Some(90)).is_err());
        assert!(check("first_shortfall_night < 1", Some(90)).is_err());
        assert_eq!(
            check("leakers < 0", None),
            Err(
                "no value can meet the target leakers < 0: leakers is 0 or more (no upper bound)"
                    .into()
            )
        );
        assert!(check("leakers <= 0", None).is_ok());
        assert!(check("by_threat.x.leakers < 0", None).is_err());
    }

    #[test]
    fn real_domains_are_multiples_of_the_tolerance() {
        let d = Domain::real(0.5, 1.0, 1e-4).unwrap();
        assert_eq!(d.bounds(), (5000, 10000));
        assert_eq!(d.value(9500), Scalar::Real(0.95));
        assert_eq!(d.value(7001), Scalar::Real(0.7001));
        assert!(Domain::real(0.5, 1.0, 0.0).is_err());
        assert_eq!(
            Domain::integer(0.5, 10.2).unwrap(),
            Domain::Integer { low: 1, high: 10 }
        );
        assert!(Domain::integer(0.2, 0.8).is_err());
    }

    #[test]
    fn trends() {
        assert_eq!(trend(&[1.0, 1.0, 2.0, 3.0]), Some(Trend::Rising));
        assert_eq!(trend(&[3.0, 2.0, 2.0]), Some(Trend::Falling));
        assert_eq!(trend(&[2.0, 2.0]), Some(Trend::Flat));
        assert_eq!(trend(&[1.0, 2.0, 1.0]), None);
        assert_eq!(
            trend(&[1.0, f64::INFINITY, f64::INFINITY]),
            Some(Trend::Rising)
        );
    }
}
