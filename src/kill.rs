//! What one engagement achieves: the kill probability per engaged missile
//! and the interceptors it uses on average, by firing doctrine.
//!
//! Notation: p is the single-shot kill probability (`pk`), k the shots allowed
//! per missile (`interceptors_per_kill`), r the probability that the
//! engagement suffers no common-mode failure (`reliability`), and a the
//! probability that a miss is seen as a miss (`kill_assessment`).

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// How interceptors are fired at one missile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Doctrine {
    /// All k interceptors at once.
    #[default]
    Salvo,
    /// One at a time; the next only after a miss is seen, up to k shots.
    ShootLookShoot,
}

impl Doctrine {
    pub fn name(self) -> &'static str {
        match self {
            Doctrine::Salvo => "salvo",
            Doctrine::ShootLookShoot => "shoot-look-shoot",
        }
    }
}

/// The engagement of one missile by one interceptor type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KillModel {
    /// Single-shot kill probability p, 0..=1 (1 without `pk`: certain kills).
    pub pk: f64,
    /// Shots per missile k (salvo size, or the most shoot-look-shoot fires).
    pub interceptors_per_kill: u32,
    pub doctrine: Doctrine,
    /// a: the probability a miss is seen as a miss, 0..=1.
    pub kill_assessment: f64,
    /// r: the probability of no common-mode failure, 0..=1.
    pub reliability: f64,
}

/// 1 + m + m² + … + m^(k-1): the expected number of shots when each shot is
/// followed by another with probability m, up to k shots.
fn geometric_sum(m: f64, k: u32) -> f64 {
    let mut term = 1.0;
    let mut sum = 0.0;
    for _ in 0..k {
        sum += term;
        term *= m;
    }
    sum
}

impl KillModel {
    /// Certain kills with a salvo of `k`: the foundation arithmetic.
    pub fn certain(interceptors_per_kill: u32) -> KillModel {
        KillModel {
            pk: 1.0,
            interceptors_per_kill,
            doctrine: Doctrine::Salvo,
            kill_assessment: 1.0,
            reliability: 1.0,
        }
    }

    /// The probability that an engaged missile is destroyed.
    ///
    /// Salvo: r·(1 − (1 − p)^k).
    /// Shoot-look-shoot: shot j+1 follows shot j when it missed and the miss
    /// was seen, probability m = (1 − p)·a; the kill probability is
    /// r·p·(1 + m + … + m^(k−1)). With a = 1 that is r·(1 − (1 − p)^k), the
    /// same as a salvo; with k = 2 it is r·(p + (1 − p)·a·p).
    pub fn kill_probability(&self) -> f64 {
        let (p, k, r) = (self.pk, self.interceptors_per_kill, self.reliability);
        match self.doctrine {
            Doctrine::Salvo => r * (1.0 - (1.0 - p).powi(k as i32)),
            Doctrine::ShootLookShoot => r * p * geometric_sum((1.0 - p) * self.kill_assessment, k),
        }
    }

    /// Interceptors fired per engaged missile, on average.
    ///
    /// Salvo: k. Shoot-look-shoot: 1 + m + … + m^(k−1) when the engagement
    /// works (m = (1 − p)·a); a failed engagement misses every shot, so each
    /// shot is followed by another with probability a:
    /// r·(1 + m + …) + (1 − r)·(1 + a + … + a^(k−1)).
    pub fn mean_shots(&self) -> f64 {
        let (p, k, r, a) = (
            self.pk,
            self.interceptors_per_kill,
            self.reliability,
            self.kill_assessment,
        );
        match self.doctrine {
            Doctrine::Salvo => f64::from(k),
            Doctrine::ShootLookShoot => {
                r * geometric_sum((1.0 - p) * a, k) + (1.0 - r) * geometric_sum(a, k)
            }
        }
    }

    /// Under shoot-look-shoot, when every shot's outcome is certain (pk,
    /// reliability and kill assessment each 0 or 1): the shots each
    /// engagement fires and whether it destroys the missile. A working
    /// engagement at pk 1 kills with its first shot; any other misses every
    /// shot and fires all k when misses are seen (a = 1), else stops after
    /// one. `None` for a salvo or when any shot is left to chance.
    pub fn certain_shoot_look_shoot(&self) -> Option<(u32, bool)> {
        let certain = |x: f64| x == 0.0 || x == 1.0;
        if self.doctrine != Doctrine::ShootLookShoot
            || !(certain(self.pk) && certain(self.reliability) && certain(self.kill_assessment))
        {
            return None;
        }
        if self.reliability == 1.0 && self.pk == 1.0 {
            Some((1, true))
        } else if self.kill_assessment == 1.0 {
            Some((self.interceptors_per_kill, false))
        } else {
            Some((1, false))
        }
    }

    /// Whether an engagement's outcome is certain: a salvo that always or
    /// never kills (pk and reliability each 0 or 1), or a shoot-look-shoot
    /// engagement whose every shot is certain.
    pub fn is_certain(&self) -> bool {
        match self.doctrine {
            Doctrine::Salvo => {
                let q = self.kill_probability();
                q == 0.0 || q == 1.0
            }
            Doctrine::ShootLookShoot => self.certain_shoot_look_shoot().is_some(),
        }
    }

    /// Interceptors that must be on hand to engage one more missile: a full
    /// salvo, or the first shot of shoot-look-shoot.
    pub fn stock_to_engage(&self) -> u64 {
        match self.doctrine {
            Doctrine::Salvo => u64::from(self.interceptors_per_kill),
            Doctrine::ShootLookShoot => 1,
        }
    }
}

/// A probability prepared for fast Bernoulli draws: one 32-bit number from
/// the generator compared against a threshold, and no draw at all for 0 or 1
/// (so certain kills spend no randomness and stay exact). Probabilities are
/// resolved to 2^-32 (about 2.3e-10), far below any Monte Carlo error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chance {
    Never,
    Always,
    /// Happens when a uniform `u32` is below this: probability t / 2^32.
    Below(u32),
}

impl Chance {
    pub fn new(probability: f64) -> Chance {
        if probability <= 0.0 {
            Chance::Never
        } else if probability >= 1.0 {
            Chance::Always
        } else {
            // 2^32 · p, which is below 2^32 for p < 1.
            Chance::Below((probability * 4_294_967_296.0) as u32)
        }
    }

    #[inline]
    pub fn happens<R: rand::Rng + ?Sized>(self, rng: &mut R) -> bool {
        match self {
            Chance::Never => false,
            Chance::Always => true,
            Chance::Below(threshold) => rng.next_u32() < threshold,
        }
    }
}

/// Draws Binomial(n, p): how many of n independent trials of probability p
/// succeed, as drawing each trial would but with one random number.
///
/// For n up to [`CountDraw::TABLE`] the cumulative distribution of the rarer
/// outcome (successes or failures) is tabulated once, as thresholds on a
/// uniform 64-bit number (P · 2^64), all rows in one flat table. Rows for
/// n up to [`CountDraw::LARGE`] are built on their first draw. A draw is
/// one random number and a scan for the first threshold above it, started
/// where the row's guide says ([`guide`]): about 1 + (n + 1) / buckets
/// comparisons on average, two or fewer, where a scan from 0 took 1 + the
/// count (a number in a far tail still scans further). Larger n use
/// rand_distr's BTPE sampler.
#[derive(Debug, Clone)]
pub struct CountDraw {
    p: f64,
    /// p ≤ 0 and p ≥ 1, the certain outcomes, and p above one half (the
    /// table counts the rarer outcome, so the count is n less it; a NaN
    /// flips, as it did when `p <= 0.5` was compared): read on every draw,
    /// as flags rather than compared as floats.
    never: bool,
    always: bool,
    flip: bool,
    /// The rarer outcome's probability, min(p, 1 − p).
    rare: f64,
    /// Row n is the n + 1 entries from n(n + 1)/2 on, the rows of 0 to
    /// TABLE one after another: entry k is P(the rarer outcome occurs at
    /// most k times in n trials) · 2^64, and the last entry of each row is
    /// u64::MAX. Empty for a certain outcome, and for a draw made
    /// [`CountDraw::untabled`].
    thresholds: Vec<u64>,
    /// `thresholds` is not empty, kept as a flag: the usual draw reads it
    /// before its table, and reading the vector's length there instead
    /// cost the model 1.9% more instructions (callgrind).
    from_table: bool,
    /// Made by [`CountDraw::new`], not [`CountDraw::untabled`]: which way
    /// its draws are found, all equality needs beside the probability.
    tabled: bool,
    /// Rows n = TABLE + 1 ..= LARGE, each built on its first draw (a raid
    /// of hundreds meets only a few of them), with its guide.
    /// The same entries as [`Row`] gives, whichever thread builds them, so
    /// the draws do not depend on the threads. Empty where `thresholds` is.
    large: Vec<OnceLock<GuidedRow>>,
    /// Untabled draws only: the row of a count drawn again.
    repeated: RepeatedRow,
    /// Per tabulated row, [`CountDraw::GUIDE`] entries: where the scan for
    /// a number in each 1/GUIDE of the range starts ([`guide`]).
    guides: Vec<u8>,
}

/// Two draws are the same draw when they draw with the same probability
/// the same way (tabled or not): the tables and the rows built so far are
/// worked out from the probability alone.
impl PartialEq for CountDraw {
    fn eq(&self, other: &CountDraw) -> bool {
        self.p == other.p && self.tabled == other.tabled
    }
}

/// A row of thresholds built on first use, with its guide ([`guide`]).
#[derive(Debug, Clone, PartialEq)]
struct GuidedRow {
    thresholds: Box<[u64]>,
    guide: Box<[u16]>,
    /// 64 − log2(the guide's length): a number's bucket is `u >> shift`.
    shift: u32,
}

impl GuidedRow {
    /// Row n of the thresholds for the rarer outcome's probability `rare`,
    /// with a guide of the power of two at or above its length.
    fn new(n: u64, rare: f64) -> GuidedRow {
        let thresholds: Box<[u64]> = Row::new(n, rare).collect();
        let buckets = thresholds.len().next_power_of_two();
        GuidedRow {
            guide: guide::<u16>(&thresholds, buckets).into(),
            shift: 64 - buckets.trailing_zeros(),
            thresholds,
        }
    }

    /// The count for the random number `u`.
    #[inline]
    fn find(&self, u: u64) -> u64 {
        scan(
            &self.thresholds,
            usize::from(self.guide[(u >> self.shift) as usize]),
            u,
        )
    }
}

/// For a draw made [`CountDraw::untabled`]: the last count drawn, and the
/// row of the first count drawn twice in a row, built then. Raids of a
/// fixed size meet the same count night after night (the drone campaign's
/// electronic warfare, given as a range, takes its share of 303 every raid
/// night), so the
/// row is worked out once a trial instead of term by term every night;
/// counts that change every draw never build one. A cache, not part of the
/// value: a copy starts empty, and any two are equal.
#[derive(Debug, Default)]
struct RepeatedRow {
    last: AtomicU64,
    row: OnceLock<(u64, GuidedRow)>,
}

impl Clone for RepeatedRow {
    fn clone(&self) -> RepeatedRow {
        RepeatedRow::default()
    }
}

impl PartialEq for RepeatedRow {
    fn eq(&self, _: &RepeatedRow) -> bool {
        true
    }
}

/// The guide to a row of thresholds (ascending, the last u64::MAX) in
/// `buckets` buckets, a power of two: for each bucket b, the first entry
/// above b · 2^64 / buckets, where a scan for any number in that bucket
/// can start, since every entry before it is below the number. The scan
/// from there finds the same entry as a scan from 0 (the first above the
/// number), in about 1 + entries / buckets comparisons instead of 1 + the
/// count drawn (Chen and Asau's guide table for inversion).
fn guide<T: TryFrom<usize>>(row: &[u64], buckets: usize) -> Vec<T> {
    let shift = 64 - buckets.trailing_zeros();
    let mut k = 0;
    (0..buckets as u64)
        .map(|b| {
            let low = if shift == 64 { 0 } else { b << shift };
            // The bucket's lowest number, scanned for from the last
            // bucket's entry (no earlier entry is above it).
            k = scan(row, k, low) as usize;
            T::try_from(k).ok().expect("a row's length fits its guide")
        })
        .collect()
}

/// The first entry of `row` above `u` (the last if none is), starting at
/// `from`, which no earlier entry is above.
#[inline]
fn scan(row: &[u64], from: usize, u: u64) -> u64 {
    let last = row.len() - 1;
    let mut k = from;
    while k < last && row[k] <= u {
        k += 1;
    }
    k as u64
}

/// Entry k of row n of the thresholds, for k = 0..=n in turn: the same
/// arithmetic whether tabulated once or worked out draw by draw, so both
/// give the same number for the same random number.
struct Row {
    n: u64,
    k: u64,
    term: f64,
    total: f64,
    odds: f64,
}

impl Row {
    fn new(n: u64, rare: f64) -> Row {
        Row {
            n,
            k: 0,
            // P(0) = (1 − rare)^n; P(k + 1) = P(k)·(n − k)/(k + 1)·odds.
            term: (1.0 - rare).powi(n as i32),
            total: 0.0,
            odds: rare / (1.0 - rare),
        }
    }
}

impl Iterator for Row {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        if self.k > self.n {
            return None;
        }
        let k = self.k;
        self.total += self.term;
        self.term *= (self.n - k) as f64 / (k + 1) as f64 * self.odds;
        self.k += 1;
        // Rounding may leave the sum a hair off 1; every number must find
        // its place, so the last entry is the largest there is. (A total
        // of 1 saturates to u64::MAX.)
        Some(if k == self.n {
            u64::MAX
        } else {
            (self.total * 18_446_744_073_709_551_616.0) as u64
        })
    }
}

// A tabulated row's guide entries are bytes.
const _: () = assert!(CountDraw::TABLE <= u8::MAX as u64);

impl CountDraw {
    /// Counts up to this are tabulated when the draw is made, with guides
    /// of [`CountDraw::GUIDE`] buckets; the largest whose row (n + 1
    /// entries) a byte can index. Up to 128 with 64 buckets until
    /// 2 December 2026: a count near the end of the table (the drone
    /// campaign's Shaheds engaged, about 130 a night) switched from draw
    /// to draw between the table and the rows built on first use, and a
    /// guide of 64 buckets left several likely entries in some buckets,
    /// so the scan's length changed from draw to draw too; both
    /// mispredicted. The campaign took 0.89 of its time (paired runs), the
    /// model 0.99, with the same draws; a plan costs about 3 million
    /// instructions more a probability (under 1 ms).
    pub const TABLE: u64 = 255;
    /// Counts up to this are drawn by inversion of their row: 0.5^512 is
    /// about 7e-155, so the row's first term (1 − rare)^n never nears
    /// the f64 floor (0.5^1075 is 0), and its sum keeps its precision.
    pub const LARGE: u64 = 512;
    /// Buckets in the guide of each tabulated row: at least one for each
    /// entry.
    pub const GUIDE: usize = 256;

    /// Where row n starts in the table: after rows 0 to n − 1, of 1 to n
    /// entries.
    const fn row_at(n: u64) -> usize {
        (n * (n + 1) / 2) as usize
    }

    pub fn new(p: f64) -> CountDraw {
        let p = p.clamp(0.0, 1.0);
        let rare = p.min(1.0 - p);
        let mut thresholds = Vec::new();
        let mut guides = Vec::new();
        // A certain outcome draws nothing and needs no table.
        let rows = if p <= 0.0 || p >= 1.0 {
            0
        } else {
            Self::TABLE + 1
        };
        for n in 0..rows {
            let at = thresholds.len();
            debug_assert_eq!(at, Self::row_at(n));
            thresholds.extend(Row::new(n, rare));
            guides.extend(guide::<u8>(&thresholds[at..], Self::GUIDE));
        }
        let large = if rows == 0 {
            Vec::new()
        } else {
            (Self::TABLE..Self::LARGE)
                .map(|_| OnceLock::new())
                .collect()
        };
        CountDraw {
            p,
            never: p <= 0.0,
            always: p >= 1.0,
            flip: p > 0.5 || p.is_nan(),
            rare,
            from_table: !thresholds.is_empty(),
            thresholds,
            tabled: true,
            large,
            guides,
            repeated: RepeatedRow::default(),
        }
    }

    /// The same draws as [`CountDraw::new`], worked out draw by draw
    /// instead of from a table: cheap to make (for a probability drawn
    /// afresh in every trial), dearer to draw from.
    pub fn untabled(p: f64) -> CountDraw {
        let p = p.clamp(0.0, 1.0);
        CountDraw {
            p,
            never: p <= 0.0,
            always: p >= 1.0,
            flip: p > 0.5 || p.is_nan(),
            rare: p.min(1.0 - p),
            thresholds: Vec::new(),
            from_table: false,
            tabled: false,
            large: Vec::new(),
            guides: Vec::new(),
            repeated: RepeatedRow::default(),
        }
    }

    /// The count out of `n` when it is certain (`n` is 0, or the
    /// probability 0 or 1), which [`CountDraw::draw`] returns without
    /// taking a random number.
    #[inline]
    pub fn certain(&self, n: u64) -> Option<u64> {
        if n == 0 || self.never {
            Some(0)
        } else if self.always {
            Some(n)
        } else {
            None
        }
    }

    /// How many of `n` independent trials succeed, each with the
    /// probability. Inlined wherever it is drawn (the paths that build or
    /// work out a row stay out of line): a call per draw, and the registers
    /// the caller saved around it, were about a twentieth of the drone
    /// campaign's instructions and a tenth of the model's (callgrind); with
    /// the flags above, the campaign took 0.91 of its time in paired runs.
    #[inline(always)]
    pub fn draw<R: rand::Rng + ?Sized>(&self, n: u64, rng: &mut R) -> u64 {
        // The usual draw is tested for first: a count from 1 to TABLE (0
        // wraps above it) from the table, which only a probability short
        // of certain has. Every other count goes on to the tests below in
        // their order: a certain count first, so 0 takes no number, then
        // rows built on first use, then the rest. Which test finds a
        // count never changes which random numbers it takes.
        let rare_count = if n.wrapping_sub(1) < Self::TABLE && self.from_table {
            let at = Self::row_at(n);
            let row = &self.thresholds[at..=at + n as usize];
            let u = rng.next_u64();
            let bucket = (u >> (64 - Self::GUIDE.trailing_zeros())) as usize;
            scan(
                row,
                usize::from(self.guides[n as usize * Self::GUIDE + bucket]),
                u,
            )
        } else if let Some(count) = self.certain(n) {
            return count;
        } else if n <= Self::LARGE && !self.large.is_empty() {
            self.rare_count_built(n, rng)
        } else {
            self.rare_count_untabled(n, rng)
        };
        if self.flip {
            n - rare_count
        } else {
            rare_count
        }
    }

    /// The rarer outcome's count from a row built on first use. Inlined
    /// into `draw`, with only the building out of line
    /// ([`CountDraw::build_row`]): a call for each of the drone campaign's
    /// draws above the table (129 to 512 when measured, the table then
    /// ending at 128) cost 2% more of its instructions.
    #[inline(always)]
    fn rare_count_built<R: rand::Rng + ?Sized>(&self, n: u64, rng: &mut R) -> u64 {
        let row = match self.large[(n - Self::TABLE - 1) as usize].get() {
            Some(row) => row,
            None => self.build_row(n),
        };
        row.find(rng.next_u64())
    }

    /// Row n, built on its first draw (by whichever thread comes first:
    /// the same entries whichever it is).
    #[cold]
    #[inline(never)]
    fn build_row(&self, n: u64) -> &GuidedRow {
        self.large[(n - Self::TABLE - 1) as usize].get_or_init(|| GuidedRow::new(n, self.rare))
    }

    /// The rarer outcome's count without a table row: up to
    /// [`CountDraw::LARGE`] from the row of a count drawn twice in a row
    /// ([`RepeatedRow`]) or worked out term by term, the same thresholds
    /// either way; by BTPE above. Out of line, as building a row is
    /// ([`CountDraw::build_row`]): inlined, the term-by-term walk and BTPE
    /// made `draw` a thousand instructions long, and every draw paid for
    /// the registers they need (3% of the drone campaign's instructions).
    #[inline(never)]
    fn rare_count_untabled<R: rand::Rng + ?Sized>(&self, n: u64, rng: &mut R) -> u64 {
        if n <= Self::LARGE {
            let repeated = &self.repeated;
            match repeated.row.get() {
                Some((m, row)) if *m == n => return row.find(rng.next_u64()),
                // Only this trial's worker draws from it: a load and a
                // store, no read-modify-write.
                None if {
                    let last = repeated.last.load(Ordering::Relaxed);
                    repeated.last.store(n, Ordering::Relaxed);
                    last == n
                } =>
                {
                    let (_, row) = repeated
                        .row
                        .get_or_init(|| (n, GuidedRow::new(n, self.rare)));
                    return row.find(rng.next_u64());
                }
                _ => {}
            }
            let u = rng.next_u64();
            return Row::new(n, self.rare)
                .position(|t| u < t)
                .unwrap_or(n as usize) as u64;
        }
        use rand_distr::Distribution;
        match rand_distr::Binomial::new(n, self.rare) {
            Ok(binomial) => binomial.sample(rng),
            Err(_) => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(pk: f64, k: u32, doctrine: Doctrine) -> KillModel {
        KillModel {
            pk,
            interceptors_per_kill: k,
            doctrine,
            kill_assessment: 1.0,
            reliability: 1.0,
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn salvo_of_two_at_pk_0_7() {
        // 1 − 0.3² = 1 − 0.09 = 0.91; 0.09 of engaged missiles leak.
        let m = model(0.7, 2, Doctrine::Salvo);
        assert!(close(m.kill_probability(), 0.91));
        assert!(close(m.mean_shots(), 2.0));
    }

    #[test]
    fn shoot_look_shoot_perfect_assessment() {
        // k = 2: shots 1 + 0.3 = 1.30, kill 0.7 + 0.3·0.7 = 0.91 (as a salvo).
        let m = model(0.7, 2, Doctrine::ShootLookShoot);
        assert!(close(m.mean_shots(), 1.3));
        assert!(close(m.kill_probability(), 0.91));
        // Closed form (1 − (1 − p)^k)/p = 0.91/0.7 = 1.3.
        assert!(close(m.mean_shots(), (1.0 - 0.3f64.powi(2)) / 0.7));
        // k = 3: shots 1 + 0.3 + 0.09 = 1.39, kill 1 − 0.027 = 0.973.
        let m = model(0.7, 3, Doctrine::ShootLookShoot);
        assert!(close(m.mean_shots(), 1.39));
        assert!(close(m.kill_probability(), 0.973));
    }

    #[test]
    fn shoot_look_shoot_imperfect_assessment() {
        // p = 0.7, a = 0.9, k = 2: m = 0.3·0.9 = 0.27; kill 0.7 + 0.27·0.7
        // = 0.7 + 0.189 = 0.889; shots 1 + 0.27 = 1.27.
        let m = KillModel {
            kill_assessment: 0.9,
            ..model(0.7, 2, Doctrine::ShootLookShoot)
        };
        assert!(close(m.kill_probability(), 0.889));
        assert!(close(m.mean_shots(), 1.27));
    }

    #[test]
    fn reliability_scales_the_kill() {
        // r = 0.9, p = 0.9, salvo of 2: 0.9·(1 − 0.01) = 0.891.
        let m = KillModel {
            reliability: 0.9,
            ..model(0.9, 2, Doctrine::Salvo)
        };
        assert!(close(m.kill_probability(), 0.891));
        // r = 0.5, p = 0.65, salvo of 2: 0.5·(1 − 0.35²) = 0.5·0.8775 = 0.43875.
        let m = KillModel {
            reliability: 0.5,
            ..model(0.65, 2, Doctrine::Salvo)
        };
        assert!(close(m.kill_probability(), 0.43875));
    }

    #[test]
    fn failed_shoot_look_shoot_engagements_keep_firing() {
        // r = 0.5, p = 0.7, a = 1, k = 2: working half uses 1.3 shots, the
        // failed half misses and fires both: 0.5·1.3 + 0.5·2 = 1.65.
        let m = KillModel {
            reliability: 0.5,
            ..model(0.7, 2, Doctrine::ShootLookShoot)
        };
        assert!(close(m.mean_shots(), 1.65));
        assert!(close(m.kill_probability(), 0.5 * 0.91));
    }

    #[test]
    fn certain_kills_are_the_foundation_arithmetic() {
        let m = KillModel::certain(2);
        assert_eq!(m.kill_probability(), 1.0);
        assert_eq!(m.mean_shots(), 2.0);
        // Shoot-look-shoot with pk 1 never needs a second shot.
        let m = model(1.0, 2, Doctrine::ShootLookShoot);
        assert_eq!((m.kill_probability(), m.mean_shots()), (1.0, 1.0));
    }

    #[test]
    fn count_draws_are_binomial() {
        let mut rng = crate::sim::rng::WyRand::for_trial(3, 0);
        // Binomial(12, 0.91): mean 10.92, variance 12·0.91·0.09 = 0.9828.
        // Binomial(300, 0.3) (a row built on first use): mean 90, variance
        // 300·0.3·0.7 = 63. Binomial(425, 0.57) (the rarer outcome 0.43,
        // so n − its count): mean 242.25, variance 425·0.57·0.43 =
        // 104.1675. Binomial(600, 0.2) (above LARGE, BTPE): mean 120,
        // variance 96. 100,000 draws: means within 5 standard errors,
        // √(σ²/1e5).
        for (n, p, mean, variance) in [
            (12, 0.91, 10.92, 0.9828),
            (300, 0.3, 90.0, 63.0),
            (425, 0.57, 242.25, 104.1675),
            (600, 0.2, 120.0, 96.0),
            (40, 0.25, 10.0, 7.5),
        ] {
            let draw = CountDraw::new(p);
            let values: Vec<f64> = (0..100_000)
                .map(|_| draw.draw(n, &mut rng) as f64)
                .collect();
            let m = values.iter().sum::<f64>() / 1e5;
            let v = values.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (1e5 - 1.0);
            assert!(
                (m - mean).abs() < 5.0 * (variance / 1e5f64).sqrt(),
                "n {n} p {p}: mean {m}"
            );
            // The sample variance's standard error is about σ²·√(2/n).
            assert!(
                (v - variance).abs() < 6.0 * variance * (2.0f64 / 1e5).sqrt(),
                "n {n} p {p}: variance {v}"
            );
        }
        // Worked out draw by draw, the same draws.
        let tabled = CountDraw::new(0.37);
        let untabled = CountDraw::untabled(0.37);
        let mut a = crate::sim::rng::WyRand::for_trial(5, 0);
        let mut b = crate::sim::rng::WyRand::for_trial(5, 0);
        for n in [1, 7, 40, 128, 255, 256, 300, 512, 513, 900] {
            assert_eq!(tabled.draw(n, &mut a), untabled.draw(n, &mut b), "n {n}");
        }
        let certain = CountDraw::new(1.0);
        assert_eq!(certain.draw(12, &mut rng), 12);
        assert_eq!(CountDraw::new(0.0).draw(12, &mut rng), 0);
    }

    #[test]
    fn a_count_of_zero_takes_no_random_number() {
        // 0 of 0 is certain: the generator is left as it was, so the
        // numbers a trial takes do not depend on how its draws are found
        // (tabled, worked out, or a probability drawn per trial).
        for draw in [CountDraw::new(0.55), CountDraw::untabled(0.55)] {
            let mut a = crate::sim::rng::WyRand::for_trial(3, 0);
            let b = a.clone();
            assert_eq!(draw.draw(0, &mut a), 0);
            assert_eq!(a, b);
        }
    }

    #[test]
    fn ten_engaged_at_0_91_all_die_with_probability_0_3894() {
        // 0.91^10 = 0.389416…
        let q = model(0.7, 2, Doctrine::Salvo).kill_probability();
        assert!((q.powi(10) - 0.3894).abs() < 5e-5);
    }

    #[test]
    fn a_guide_starts_each_bucket_at_its_first_entry_above_the_bucket() {
        // Thresholds 10, 2^62 + 5 and the top, in 4 buckets of 2^62 each:
        // bucket 0 starts at entry 0 (10 > 0); bucket 1 (from 2^62) at
        // entry 1 (2^62 + 5 > 2^62); buckets 2 and 3 at the last entry.
        let row = [10, (1 << 62) + 5, u64::MAX];
        assert_eq!(guide::<u8>(&row, 4), [0, 1, 2, 2]);
        // A number in bucket 1 below the second entry finds it; one above
        // finds the last; the top number finds the last as a scan does.
        assert_eq!(scan(&row, 1, (1 << 62) + 4), 1);
        assert_eq!(scan(&row, 1, (1 << 62) + 5), 2);
        assert_eq!(scan(&row, 2, u64::MAX), 2);
        assert_eq!(scan(&row, 0, 9), 0);
    }

    proptest::proptest! {
        /// A scan from a number's guide entry finds what a scan from 0
        /// finds, for rows of either size (tabulated and built on first
        /// use) and numbers anywhere, the ends included.
        #[test]
        fn a_guided_scan_finds_what_a_scan_from_zero_finds(
            n in 1u64..=CountDraw::LARGE,
            rare in 0.0001f64..=0.5,
            u in proptest::prop_oneof![
                proptest::prelude::Just(0u64),
                proptest::prelude::Just(u64::MAX),
                proptest::prelude::any::<u64>(),
            ],
        ) {
            let row: Vec<u64> = Row::new(n, rare).collect();
            let buckets = if n <= CountDraw::TABLE {
                CountDraw::GUIDE
            } else {
                row.len().next_power_of_two()
            };
            let guide = guide::<u16>(&row, buckets);
            let bucket = (u >> (64 - buckets.trailing_zeros())) as usize;
            proptest::prop_assert_eq!(
                scan(&row, usize::from(guide[bucket]), u),
                scan(&row, 0, u)
            );
        }

        /// Draws from the tables (guided) are the draws worked out term by
        /// term or from an untabled draw's repeated row, number for number,
        /// whatever the order of the counts: repeated (a row is built),
        /// changing, or back to one drawn before another row was built.
        #[test]
        fn tabled_draws_are_the_untabled_draws(
            counts in proptest::collection::vec(
                proptest::prop_oneof![0u64..=CountDraw::LARGE, 300u64..303],
                1..30,
            ),
            repeats in 1usize..4,
            p in 0.0f64..=1.0,
            seed in proptest::prelude::any::<u64>(),
        ) {
            let (tabled, untabled) = (CountDraw::new(p), CountDraw::untabled(p));
            let mut a = crate::sim::rng::WyRand::for_trial(seed, 0);
            let mut b = crate::sim::rng::WyRand::for_trial(seed, 0);
            for &n in counts.iter().flat_map(|n| std::iter::repeat_n(n, repeats)) {
                proptest::prop_assert_eq!(tabled.draw(n, &mut a), untabled.draw(n, &mut b));
            }
        }
    }
}
