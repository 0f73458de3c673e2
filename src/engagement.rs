//! The engagement rule, in one place.
//!
//! Each night, after the night's deliveries are added to stock, threats are
//! engaged in priority order (the order listed unless `priority:` says
//! otherwise). A threat's missiles meet its tiers in turn, the upper tier
//! first; missiles that survive a tier, unengaged or missed, go on to the
//! next. Within a tier, missiles go to the interceptor types in order of
//! preference: a type engages as many missiles as it can start an
//! engagement for (a full salvo of `interceptors_per_kill` each, or under
//! shoot-look-shoot a first shot), and those it cannot take go on to the
//! next type. What a type can engage is limited by its stock (fewer
//! interceptors than a full salvo are held, not fired), by its reserve (only
//! the highest-priority threat may draw below it), and by its fire capacity
//! for the night. Below its rationing threshold a type fires fewer
//! interceptors per kill. Missiles that survive the last tier leak.
//!
//! The rule is written once, generic over the arithmetic: [`Expected`] moves
//! expected values (reals); [`Trial`] moves whole interceptors and draws each
//! outcome.

use crate::kill::{Chance, CountDraw, Doctrine, KillModel};
use crate::model::{Engagement, FireCapacity, InterceptorType};
use std::ops::{Add, Sub};

/// A count of missiles or interceptors: whole (`u64`) in a trial, real
/// (`f64`) along the expected path.
pub trait Quantity:
    Copy + PartialOrd + Default + Add<Output = Self> + Sub<Output = Self> + std::fmt::Debug
{
    /// A limit that never binds: larger than any count.
    const UNLIMITED: Self;
    fn from_count(n: u64) -> Self;
    fn to_f64(self) -> f64;
    /// The value as the rule reads it when it counts whole interceptors or
    /// compares with a whole number: itself in a trial; on the expected path
    /// the nearest whole number when within 10^-9 (relative) of one, so that
    /// a stock that is whole on paper floors to itself (0.1 added ten times
    /// is 0.9999999999999999 in binary floating point).
    fn settled(self) -> Self {
        self
    }
    fn min(self, other: Self) -> Self {
        if other < self { other } else { self }
    }
    /// `self − other`, or 0 when `other` is larger.
    fn less(self, other: Self) -> Self {
        if other < self {
            self - other
        } else {
            Self::default()
        }
    }
}

impl Quantity for u64 {
    const UNLIMITED: u64 = u64::MAX;
    fn from_count(n: u64) -> u64 {
        n
    }
    fn to_f64(self) -> f64 {
        self as f64
    }
}

impl Quantity for f64 {
    const UNLIMITED: f64 = f64::INFINITY;
    fn from_count(n: u64) -> f64 {
        n as f64
    }
    fn to_f64(self) -> f64 {
        self
    }
    fn settled(self) -> f64 {
        let whole = self.round();
        if (self - whole).abs() <= 1e-9 * whole.abs().max(1.0) {
            whole
        } else {
            self
        }
    }
}

/// What one engagement fired and achieved.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Fired<N> {
    pub engaged: N,
    pub expended: N,
    pub killed: N,
}

/// The two kinds of arithmetic the rule runs on.
pub trait Arithmetic<O: AsRef<Engagement>> {
    type N: Quantity;
    /// Whether the caller wants [`ThreatNight::capacity`] and
    /// [`ThreatNight::kill_if_engaged`] (the expected path's chance of a
    /// clean night); trials skip that arithmetic.
    const FOR_CLEAN_NIGHTS: bool = false;
    /// Missiles that `budget` interceptors can engage under `kill`.
    fn engageable(&self, budget: Self::N, kill: &KillModel) -> Self::N;
    /// The smaller of `waiting` and [`Arithmetic::engageable`].
    fn engageable_up_to(&self, budget: Self::N, kill: &KillModel, waiting: Self::N) -> Self::N {
        self.engageable(budget, kill).min(waiting)
    }
    /// Engages up to `missiles` (already within what `budget` allows) with
    /// `option`, its rationed kill model if `rationed`, firing at most
    /// `budget` interceptors.
    fn fire(
        &mut self,
        option: &O,
        rationed: bool,
        missiles: Self::N,
        budget: Self::N,
    ) -> Fired<Self::N>;
}

/// Expected values: salvos are whole (⌊budget / k⌋), shoot-look-shoot spends
/// its mean shots per missile on a divisible stock (a fluid approximation),
/// and kills are engaged missiles times the kill probability. A
/// shoot-look-shoot engagement whose every shot is certain is counted in
/// whole engagements instead, exactly as a trial counts it (one shot starts
/// an engagement; the last is cut short when the budget runs out), so that
/// with nothing random the two arithmetics agree.
pub struct Expected;

impl Arithmetic<Engagement> for Expected {
    type N = f64;
    const FOR_CLEAN_NIGHTS: bool = true;

    fn engageable(&self, budget: f64, kill: &KillModel) -> f64 {
        match kill.doctrine {
            Doctrine::Salvo => {
                let budget = budget.settled();
                let k = f64::from(kill.interceptors_per_kill);
                // Whole salvos; the correction guards against a quotient of
                // whole numbers rounding up across an integer.
                let salvos = (budget / k).floor();
                if salvos * k > budget {
                    salvos - 1.0
                } else {
                    salvos
                }
            }
            Doctrine::ShootLookShoot if kill.certain_shoot_look_shoot().is_some() => {
                budget.settled().floor()
            }
            Doctrine::ShootLookShoot => budget.settled() / kill.mean_shots(),
        }
    }

    fn fire(
        &mut self,
        option: &Engagement,
        rationed: bool,
        missiles: f64,
        budget: f64,
    ) -> Fired<f64> {
        let kill = kill_model(option, rationed);
        if let Some((shots, kills)) = kill.certain_shoot_look_shoot() {
            let budget = budget.settled().floor();
            let shots = f64::from(shots);
            let whole = missiles.min((budget / shots).floor());
            let mut fired = Fired {
                engaged: whole,
                expended: whole * shots,
                killed: if kills { whole } else { 0.0 },
            };
            // One more engagement, cut short: it fires what is left (fewer
            // than its shots, so it never reaches a kill, which would come
            // with the first shot).
            let left = budget - fired.expended;
            if whole < missiles && left >= 1.0 {
                let last = (missiles - whole).min(1.0);
                fired.engaged += last;
                fired.expended += last * left;
            }
            return fired;
        }
        Fired {
            engaged: missiles,
            expended: missiles * kill.mean_shots(),
            killed: missiles * kill.kill_probability(),
        }
    }
}

fn kill_model(option: &Engagement, rationed: bool) -> &KillModel {
    match (&option.rationed, rationed) {
        (Some((_, kill)), true) => kill,
        _ => &option.kill,
    }
}

impl AsRef<Engagement> for Engagement {
    fn as_ref(&self) -> &Engagement {
        self
    }
}

/// An engagement's draws, prepared once per run.
#[derive(Debug, Clone, PartialEq)]
pub struct Draws {
    /// Salvo: how many engaged missiles die, r·(1 − (1 − p)^k) each.
    pub salvo_kills: CountDraw,
    /// Shoot-look-shoot: how many engagements suffer no common-mode
    /// failure (r) …
    pub works: CountDraw,
    /// … how many shots hit (p) …
    pub hits: CountDraw,
    /// … and how many misses are seen as misses (a).
    pub miss_seen: CountDraw,
    /// The same three for one engagement at a time.
    pub works_one: Chance,
    pub hits_one: Chance,
    pub miss_seen_one: Chance,
}

impl Draws {
    /// The draws `kill` needs; the others are left certain (no table).
    pub fn new(kill: &KillModel) -> Draws {
        Draws::made(kill, CountDraw::new)
    }

    /// The same draws, worked out draw by draw: cheap to make, for a kill
    /// model drawn afresh in every trial.
    pub fn untabled(kill: &KillModel) -> Draws {
        Draws::made(kill, CountDraw::untabled)
    }

    fn made(kill: &KillModel, make: fn(f64) -> CountDraw) -> Draws {
        let (salvo, look) = match kill.doctrine {
            Doctrine::Salvo => (true, false),
            Doctrine::ShootLookShoot => (false, true),
        };
        let count = |wanted: bool, p: f64| make(if wanted { p } else { 0.0 });
        Draws {
            salvo_kills: count(salvo, kill.kill_probability()),
            works: count(look, kill.reliability),
            hits: count(look, kill.pk),
            miss_seen: count(look, kill.kill_assessment),
            works_one: Chance::new(kill.reliability),
            hits_one: Chance::new(kill.pk),
            miss_seen_one: Chance::new(kill.kill_assessment),
        }
    }
}

/// An [`Engagement`] with its draws prepared for Monte Carlo, and what
/// the rule reads of it every night worked out once.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedEngagement {
    pub engagement: Engagement,
    pub draws: Draws,
    pub rationed_draws: Option<Draws>,
    /// Interceptors this threat must leave in the type's stock: the type's
    /// reserve, or 0 for the threat that holds it.
    pub kept: u64,
    /// The rationing threshold (rationed below it), 0 without rationing.
    pub below: u64,
}

impl PreparedEngagement {
    /// `engagement` of a threat that must leave `kept` interceptors in the
    /// type's stock (see [`PreparedEngagement::kept`]).
    pub fn new(engagement: &Engagement, kept: u64) -> PreparedEngagement {
        PreparedEngagement {
            engagement: *engagement,
            draws: Draws::new(&engagement.kill),
            rationed_draws: engagement.rationed.map(|(_, kill)| Draws::new(&kill)),
            kept,
            below: engagement.rationed.map_or(0, |(below, _)| below),
        }
    }

    /// The kill model and draws the type fires tonight from `stock`.
    #[inline]
    fn fired_from(&self, stock: u64) -> (&KillModel, &Draws) {
        match (&self.engagement.rationed, &self.rationed_draws) {
            (Some((_, kill)), Some(draws)) if stock < self.below => (kill, draws),
            _ => (&self.engagement.kill, &self.draws),
        }
    }
}

impl AsRef<Engagement> for PreparedEngagement {
    fn as_ref(&self) -> &Engagement {
        &self.engagement
    }
}

/// Whole interceptors and drawn outcomes, from one generator.
pub struct Trial<'r, R: rand::Rng + ?Sized>(pub &'r mut R);

impl<R: rand::Rng + ?Sized> Arithmetic<PreparedEngagement> for Trial<'_, R> {
    type N = u64;

    fn engageable(&self, budget: u64, kill: &KillModel) -> u64 {
        match kill.doctrine {
            Doctrine::Salvo => salvos_in(budget, u64::from(kill.interceptors_per_kill)),
            // Each missile needs at least its first shot.
            Doctrine::ShootLookShoot => budget,
        }
    }

    #[inline]
    fn engageable_up_to(&self, budget: u64, kill: &KillModel, waiting: u64) -> u64 {
        match kill.doctrine {
            Doctrine::Salvo => salvos_up_to(budget, u64::from(kill.interceptors_per_kill), waiting),
            Doctrine::ShootLookShoot => std::cmp::min(budget, waiting),
        }
    }

    /// A salvo's outcomes are drawn together: the number of engaged missiles
    /// destroyed is Binomial(salvos, r·(1 − (1 − p)^k)), exactly what drawing
    /// each shot of each salvo gives, for one random number. Shoot-look-shoot
    /// is drawn by counts ([`shoot_look_shoot`]), which is exactly the
    /// distribution of drawing every shot.
    fn fire(
        &mut self,
        option: &PreparedEngagement,
        rationed: bool,
        missiles: u64,
        budget: u64,
    ) -> Fired<u64> {
        let kill = kill_model(&option.engagement, rationed);
        let draws = match (&option.rationed_draws, rationed) {
            (Some(draws), true) => draws,
            _ => &option.draws,
        };
        let rng = &mut *self.0;
        match kill.doctrine {
            Doctrine::Salvo => Fired {
                engaged: missiles,
                expended: missiles * u64::from(kill.interceptors_per_kill),
                killed: draws.salvo_kills.draw(missiles, rng),
            },
            Doctrine::ShootLookShoot => shoot_look_shoot(
                draws,
                u64::from(kill.interceptors_per_kill),
                missiles,
                budget,
                rng,
            ),
        }
    }
}

/// Up to `missiles` shoot-look-shoot engagements of at most `k` shots each
/// from `budget` interceptors, in order: each engagement works (no
/// common-mode failure) with probability r; each shot of a working
/// engagement hits with probability p; after a miss the next shot follows
/// when the miss is seen (probability a), up to k shots; a failed engagement
/// misses every shot. An engagement is cut short when the budget runs out,
/// and no engagement starts without a shot left.
///
/// Drawn by counts, not shot by shot: while the budget covers k shots for
/// each of m more missiles, those m engagements cannot be cut short, so
/// their outcomes are drawn together, shot number by shot number: of the n
/// working engagements still firing at shot j, Binomial(n, p) hit; of the
/// misses, Binomial(misses, a) fire shot j + 1 (failed engagements likewise
/// with a). That is the distribution of drawing every shot, for at most
/// 2k binomial draws per block whatever the number of missiles. Once the
/// budget is below k, the last engagements are drawn shot by shot (fewer
/// than k shots in all).
fn shoot_look_shoot<R: rand::Rng + ?Sized>(
    draws: &Draws,
    k: u64,
    missiles: u64,
    budget: u64,
    rng: &mut R,
) -> Fired<u64> {
    let mut fired: Fired<u64> = Fired::default();
    let mut left = budget;
    while fired.engaged < missiles && left >= k {
        let block = std::cmp::min(missiles - fired.engaged, left / k);
        let working = draws.works.draw(block, rng);
        let mut firing = working;
        let mut shots = 0;
        for shot in 1..=k {
            if firing == 0 {
                break;
            }
            shots += firing;
            let hits = draws.hits.draw(firing, rng);
            fired.killed += hits;
            if shot < k {
                firing = draws.miss_seen.draw(firing - hits, rng);
            }
        }
        let mut firing = block - working;
        for shot in 1..=k {
            if firing == 0 {
                break;
            }
            shots += firing;
            if shot < k {
                firing = draws.miss_seen.draw(firing, rng);
            }
        }
        fired.engaged += block;
        fired.expended += shots;
        left -= shots;
    }
    while fired.engaged < missiles && left > 0 {
        fired.engaged += 1;
        let works = draws.works_one.happens(rng);
        let mut shots = 0;
        loop {
            left -= 1;
            shots += 1;
            if works && draws.hits_one.happens(rng) {
                fired.killed += 1;
                break;
            }
            if shots == k || left == 0 || !draws.miss_seen_one.happens(rng) {
                break;
            }
        }
        fired.expended += shots;
    }
    fired
}

/// One interceptor type's fire capacity through the nights. A limit the
/// type does not have is [`Quantity::UNLIMITED`], so that the rule reads
/// every limit with one comparison.
#[derive(Debug, Clone)]
pub struct Launchers<N> {
    /// Engagements left tonight.
    pub engagements_left: N,
    /// Rounds ready to fire.
    pub rounds_ready: N,
    /// Rounds fired on each of the last `reload_nights` nights, as a ring:
    /// `reloading[last]` holds tonight's.
    reloading: Vec<N>,
    last: usize,
    /// The engagements a night, when limited by them.
    per_night: Option<N>,
    /// Whether launchers limit the rounds.
    launchers: bool,
}

impl<N: Quantity> Default for Launchers<N> {
    fn default() -> Launchers<N> {
        Launchers {
            engagements_left: N::UNLIMITED,
            rounds_ready: N::UNLIMITED,
            reloading: Vec::new(),
            last: 0,
            per_night: None,
            launchers: false,
        }
    }
}

impl<N: Quantity> Launchers<N> {
    pub fn new(capacity: Option<FireCapacity>) -> Launchers<N> {
        let mut launchers = Launchers::default();
        launchers.reset(capacity);
        launchers
    }

    /// Back to the state before night 1, keeping the ring's memory.
    pub fn reset(&mut self, capacity: Option<FireCapacity>) {
        self.engagements_left = N::UNLIMITED;
        self.rounds_ready = N::UNLIMITED;
        self.reloading.clear();
        self.last = 0;
        self.per_night = None;
        self.launchers = false;
        match capacity {
            None => {}
            Some(FireCapacity::EngagementsPerNight(n)) => {
                self.engagements_left = N::from_count(n);
                self.per_night = Some(N::from_count(n));
            }
            Some(FireCapacity::Launchers {
                rounds_ready,
                reload_nights,
            }) => {
                self.rounds_ready = N::from_count(rounds_ready);
                self.launchers = true;
                self.reloading.resize(reload_nights as usize, N::default());
            }
        }
    }

    /// Starts a night: engagements renew, and rounds fired `reload_nights`
    /// ago are ready again.
    #[inline]
    pub fn dusk(&mut self) {
        if let Some(n) = self.per_night {
            self.engagements_left = n;
        }
        if !self.reloading.is_empty() {
            // The oldest slot comes back and becomes tonight's.
            self.last = if self.last + 1 == self.reloading.len() {
                0
            } else {
                self.last + 1
            };
            let back = std::mem::take(&mut self.reloading[self.last]);
            self.rounds_ready = self.rounds_ready + back;
        }
    }

    #[inline]
    fn spend(&mut self, engaged: N, expended: N) {
        if self.per_night.is_some() {
            self.engagements_left = self.engagements_left.less(engaged);
        }
        if self.launchers {
            self.rounds_ready = self.rounds_ready.less(expended);
            if let Some(slot) = self.reloading.get_mut(self.last) {
                *slot = *slot + expended;
            }
        }
    }
}

/// The state the rule works on: each type's stock, launchers and reserve.
pub struct Defence<'a, N> {
    pub stock: &'a mut [N],
    pub launchers: &'a mut [Launchers<N>],
    pub types: &'a [InterceptorType],
    /// Interceptors fired tonight, per type.
    pub expended: &'a mut [N],
    /// Per type, the threat (by its place in the engagement order) that may
    /// draw on the type's reserve: the highest-priority threat the type
    /// engages ([`reserve_holders`]).
    pub reserve_holder: &'a [Option<usize>],
}

impl<N: Quantity> Defence<'_, N> {
    /// What type `t` may fire at threat `threat` from its stock: all of it
    /// for the threat that holds its reserve, the stock above the reserve
    /// for any other.
    fn on_hand(&self, t: usize, threat: usize) -> N {
        if self.reserve_holder[t] == Some(threat) {
            self.stock[t]
        } else {
            self.stock[t].less(N::from_count(self.types[t].reserve))
        }
    }

    /// Whether type `t` fires its rationed kill model under `engagement`:
    /// when its stock (reserve included) is below the threshold. Decided when
    /// the type starts on the threat.
    fn rationed(&self, engagement: &Engagement) -> bool {
        engagement.rationed.is_some_and(|(below, _)| {
            self.stock[engagement.interceptor].settled() < N::from_count(below)
        })
    }
}

/// For each interceptor type, the threat that may draw on its reserve: the
/// first threat in the engagement order (`threats`, each given by its
/// tiers) that the type engages, or `None` if no threat does.
pub fn reserve_holders<'t, O: AsRef<Engagement> + 't>(
    types: usize,
    threats: impl IntoIterator<Item = &'t [Vec<O>]>,
) -> Vec<Option<usize>> {
    let mut holder = vec![None; types];
    for (index, tiers) in threats.into_iter().enumerate() {
        for option in tiers.iter().flatten() {
            let slot = &mut holder[option.as_ref().interceptor];
            if slot.is_none() {
                *slot = Some(index);
            }
        }
    }
    holder
}

/// What one threat's raid met on one night.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ThreatNight<N> {
    pub launched: N,
    /// Engagements, summed over tiers (with layers a missile can be engaged
    /// once per tier).
    pub engaged: N,
    pub expended: N,
    pub killed: N,
    /// Missiles no tier engaged that the stock left after the threat's turn
    /// could have engaged, had its types had fire capacity left …
    pub unengaged_for_capacity: N,
    /// … and the rest of the missiles no tier engaged: the stock was short.
    pub unengaged_for_stock: N,
    /// Expected path only: the kill probability of a missile that every
    /// tier engages, 1 − Π(1 − q_tier).
    pub kill_if_engaged: f64,
    /// Expected path only: missiles the defence could engage tonight.
    pub capacity: f64,
}

impl<N: Quantity> ThreatNight<N> {
    /// Missiles not destroyed.
    pub fn leakers(&self) -> N {
        self.launched.less(self.killed)
    }
}

/// Engages `launched` missiles of one threat with its `tiers`; `threat` is
/// its place in the engagement order (for reserves).
///
/// Within a tier, the missiles that no tier has engaged yet are engaged
/// first, then those that survived an engagement of an upper tier. Which
/// missiles a tier takes does not change how many it destroys (every
/// engaged missile has the same chance); it decides only which missiles
/// count as never engaged, and so the shortfall: a missile engaged and
/// missed is not a shortfall.
#[inline]
pub fn engage<O: AsRef<Engagement>, A: Arithmetic<O>>(
    arithmetic: &mut A,
    launched: A::N,
    tiers: &[Vec<O>],
    defence: &mut Defence<'_, A::N>,
    threat: usize,
) -> ThreatNight<A::N> {
    let zero = A::N::default();
    let mut night = ThreatNight {
        launched,
        kill_if_engaged: 1.0,
        ..ThreatNight::default()
    };
    let mut survive_if_engaged = 1.0;
    // Missiles no tier has engaged yet, and every missile still flying.
    let mut never_engaged = launched;
    let mut arriving = launched;
    for tier in tiers {
        let mut waiting_new = never_engaged;
        let mut waiting_again = arriving.less(never_engaged);
        let (mut engaged, mut killed) = (zero, zero);
        for option in tier {
            let e = option.as_ref();
            let t = e.interceptor;
            let on_hand = defence.on_hand(t, threat);
            let rationed = defence.rationed(e);
            let kill = kill_model(e, rationed);
            let launchers = &defence.launchers[t];
            // Without launchers, rounds ready are unlimited.
            let ready = launchers.rounds_ready;
            let budget = if ready.settled() < on_hand.settled() {
                ready
            } else {
                on_hand
            };
            let waiting = waiting_new + waiting_again;
            let take = if A::FOR_CLEAN_NIGHTS {
                // The expected path also wants what the type could engage
                // tonight, for the chance of a clean night.
                let limit = arithmetic
                    .engageable(budget, kill)
                    .min(launchers.engagements_left);
                night.capacity += limit.to_f64();
                waiting.min(limit)
            } else {
                arithmetic
                    .engageable_up_to(budget, kill, waiting)
                    .min(launchers.engagements_left)
            };
            if waiting <= zero {
                continue;
            }
            let fired = arithmetic.fire(option, rationed, take, budget);
            defence.stock[t] = defence.stock[t].less(fired.expended);
            defence.expended[t] = defence.expended[t] + fired.expended;
            defence.launchers[t].spend(fired.engaged, fired.expended);
            let new = fired.engaged.min(waiting_new);
            waiting_new = waiting_new.less(new);
            waiting_again = waiting_again.less(fired.engaged.less(new));
            engaged = engaged + fired.engaged;
            killed = killed + fired.killed;
            night.expended = night.expended + fired.expended;
        }
        if A::FOR_CLEAN_NIGHTS && zero < engaged {
            survive_if_engaged *= 1.0 - killed.to_f64() / engaged.to_f64();
        }
        night.engaged = night.engaged + engaged;
        night.killed = night.killed + killed;
        never_engaged = waiting_new;
        arriving = arriving.less(killed);
    }
    night.kill_if_engaged = 1.0 - survive_if_engaged;
    // A threat that no type engages makes no shortfall: its missiles leak,
    // but no interceptor was ever meant for them.
    if !tiers.is_empty() && zero < never_engaged {
        let could = tiers.iter().flatten().fold(zero, |sum, option| {
            let e = option.as_ref();
            let kill = kill_model(e, defence.rationed(e));
            sum + arithmetic.engageable(defence.on_hand(e.interceptor, threat), kill)
        });
        night.unengaged_for_capacity = never_engaged.min(could);
        night.unengaged_for_stock = never_engaged.less(could);
    }
    night
}

/// [`engage`] in a trial whose every engagement fires salvos: the same
/// rule, the same draws in the same order and the same figures (a property
/// test runs whole simulations both ways on random long-form scenarios,
/// ranges among them), written for whole interceptors with
/// what the general rule works out every threat-night read from the
/// [`PreparedEngagement`]: the reserve this threat must leave
/// ([`PreparedEngagement::kept`]) and the rationing threshold. A limit a
/// type does not have is [`Quantity::UNLIMITED`], so each is one `min`.
/// `FIRE_CAPACITY` false says no type has any (every launcher is
/// unlimited), and the launchers are left alone: the same figures without
/// the two `min`s and the spending per type engaged.
#[inline]
pub fn engage_salvos<'p, R: rand::Rng + ?Sized, K: SalvoKills<'p>, const FIRE_CAPACITY: bool>(
    rng: &mut R,
    kills: &mut K,
    launched: u64,
    tiers: &'p [Vec<PreparedEngagement>],
    stock: &mut [u64],
    launchers: &mut [Launchers<u64>],
    expended: &mut [u64],
) -> ThreatNight<u64> {
    let mut night = ThreatNight {
        launched,
        ..ThreatNight::default()
    };
    let mut never_engaged = launched;
    let mut arriving = launched;
    for tier in tiers {
        let mut waiting_new = never_engaged;
        let mut waiting_again = arriving - never_engaged;
        let (mut engaged, mut killed) = (0, 0);
        for option in tier {
            let waiting = waiting_new + waiting_again;
            if waiting == 0 {
                // Nothing left to engage in this tier: the rest of its
                // types do nothing, as in the general rule.
                break;
            }
            let t = option.engagement.interceptor;
            let on_hand = stock[t];
            let (kill, draws) = option.fired_from(on_hand);
            let k = u64::from(kill.interceptors_per_kill);
            let budget = on_hand.saturating_sub(option.kept);
            let take = if FIRE_CAPACITY {
                let l = &launchers[t];
                std::cmp::min(
                    salvos_up_to(std::cmp::min(budget, l.rounds_ready), k, waiting),
                    l.engagements_left,
                )
            } else {
                debug_assert!(
                    launchers[t].rounds_ready == u64::UNLIMITED
                        && launchers[t].engagements_left == u64::UNLIMITED,
                    "salvos without fire capacity, but type {t} has a limit"
                );
                salvos_up_to(budget, k, waiting)
            };
            let spent = take * k;
            let hits = kills.kills(&draws.salvo_kills, take, rng);
            stock[t] = on_hand - spent;
            expended[t] += spent;
            if FIRE_CAPACITY {
                launchers[t].spend(take, spent);
            }
            let new = std::cmp::min(take, waiting_new);
            waiting_new -= new;
            waiting_again -= take - new;
            engaged += take;
            killed += hits;
            night.expended += spent;
        }
        night.engaged += engaged;
        night.killed += killed;
        never_engaged = waiting_new;
        arriving -= killed;
    }
    if !tiers.is_empty() && never_engaged > 0 {
        let could: u64 = tiers
            .iter()
            .flatten()
            .map(|option| {
                let on_hand = stock[option.engagement.interceptor];
                let (kill, _) = option.fired_from(on_hand);
                salvos_in(
                    on_hand.saturating_sub(option.kept),
                    u64::from(kill.interceptors_per_kill),
                )
            })
            .sum();
        night.unengaged_for_capacity = std::cmp::min(never_engaged, could);
        night.unengaged_for_stock = never_engaged.saturating_sub(could);
    }
    night
}

/// How [`engage_salvos`] learns how many of the missiles a type engaged
/// die. A trial draws them ([`DrawKills`]); a run whose trials draw nothing
/// else notes, in one pass before any trial, which draws each night makes
/// (see [`crate::sim::monte_carlo`]).
pub trait SalvoKills<'p> {
    /// How many of `engaged` die, from `draw`.
    fn kills<R: rand::Rng + ?Sized>(
        &mut self,
        draw: &'p CountDraw,
        engaged: u64,
        rng: &mut R,
    ) -> u64;
}

/// Kills drawn as the trial goes.
pub struct DrawKills;

impl<'p> SalvoKills<'p> for DrawKills {
    #[inline(always)]
    fn kills<R: rand::Rng + ?Sized>(
        &mut self,
        draw: &'p CountDraw,
        engaged: u64,
        rng: &mut R,
    ) -> u64 {
        draw.draw(engaged, rng)
    }
}

/// The smaller of `waiting` and the whole salvos of `k` in `budget`. Most
/// nights the budget covers every salvo, and a multiplication tells so
/// without a division.
#[inline]
pub(crate) fn salvos_up_to(budget: u64, k: u64, waiting: u64) -> u64 {
    if waiting.saturating_mul(k) <= budget {
        waiting
    } else {
        salvos_in(budget, k)
    }
}

/// Whole salvos of `k` in `budget`, without a division for the usual
/// salvos of 1 and 2.
#[inline]
pub(crate) fn salvos_in(budget: u64, k: u64) -> u64 {
    match k {
        1 => budget,
        2 => budget >> 1,
        _ => budget / k,
    }
}

/// Whether interceptor type `t`, with `stock` on hand, can start an
/// engagement of any threat it engages: for each of them a full salvo (the
/// rationed one where the stock is below the threshold) or a first shot,
/// from the stock less the reserve unless that threat may draw on it.
/// `engagements` lists, for each threat in engagement order, its
/// engagements by `t`.
pub fn can_engage<N: Quantity>(
    stock: N,
    reserve: u64,
    holder: Option<usize>,
    engagements: &[(usize, Engagement)],
) -> bool {
    engagements.iter().any(|&(threat, e)| {
        let stock = stock.settled();
        let rationed = e
            .rationed
            .is_some_and(|(below, _)| stock < N::from_count(below));
        let on_hand = if holder == Some(threat) {
            stock
        } else {
            stock.less(N::from_count(reserve))
        };
        let need = kill_model(&e, rationed).stock_to_engage();
        on_hand >= N::from_count(need)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by(interceptor: usize, interceptors_per_kill: u32) -> Engagement {
        Engagement {
            interceptor,
            kill: KillModel::certain(interceptors_per_kill),
            rationed: None,
        }
    }

    fn plain_types(n: usize) -> Vec<InterceptorType> {
        (0..n)
            .map(|i| InterceptorType {
                name: format!("t{i}"),
                stockpile: 0,
                unit_cost: None,
                fire_capacity: None,
                reserve: 0,
            })
            .collect()
    }

    /// One threat's night in a trial, from stock `stock`.
    fn trial(
        launched: u64,
        tiers: &[Vec<Engagement>],
        types: &[InterceptorType],
        stock: &mut [u64],
        first: bool,
    ) -> ThreatNight<u64> {
        let mut launchers: Vec<Launchers<u64>> = types
            .iter()
            .map(|t| Launchers::new(t.fire_capacity))
            .collect();
        let mut expended = vec![0; types.len()];
        let prepared: Vec<Vec<PreparedEngagement>> = tiers
            .iter()
            .map(|tier| {
                tier.iter()
                    .map(|e| {
                        let kept = if first {
                            0
                        } else {
                            types[e.interceptor].reserve
                        };
                        PreparedEngagement::new(e, kept)
                    })
                    .collect()
            })
            .collect();
        let mut rng = crate::sim::rng::WyRand::for_trial(0, 0);
        // Threat 0 holds every reserve; `first` engages as threat 0.
        let holders = vec![Some(0); types.len()];
        let mut defence = Defence {
            stock,
            launchers: &mut launchers,
            types,
            expended: &mut expended,
            reserve_holder: &holders,
        };
        engage(
            &mut Trial(&mut rng),
            launched,
            &prepared,
            &mut defence,
            if first { 0 } else { 1 },
        )
    }

    /// Runs one threat's night both ways with certain kills; they must agree.
    fn both(
        launched: u64,
        tiers: &[Vec<Engagement>],
        types: &[InterceptorType],
        stock: &[u64],
    ) -> (ThreatNight<u64>, Vec<u64>) {
        let n = types.len();
        let mut trial_stock = stock.to_vec();
        let trial = trial(launched, tiers, types, &mut trial_stock, false);
        let mut real_stock: Vec<f64> = stock.iter().map(|&s| s as f64).collect();
        let mut real_launchers: Vec<Launchers<f64>> = types
            .iter()
            .map(|t| Launchers::new(t.fire_capacity))
            .collect();
        let mut real_expended = vec![0.0; n];
        let expected = engage(
            &mut Expected,
            launched as f64,
            tiers,
            &mut Defence {
                stock: &mut real_stock,
                launchers: &mut real_launchers,
                types,
                expended: &mut real_expended,
                reserve_holder: &vec![Some(0); n],
            },
            1,
        );
        assert_eq!(expected.engaged, trial.engaged as f64);
        assert_eq!(expected.killed, trial.killed as f64);
        assert_eq!(
            expected.unengaged_for_stock,
            trial.unengaged_for_stock as f64
        );
        assert_eq!(
            expected.unengaged_for_capacity,
            trial.unengaged_for_capacity as f64
        );
        assert_eq!(
            real_stock,
            trial_stock.iter().map(|&s| s as f64).collect::<Vec<_>>()
        );
        (trial, trial_stock)
    }

    #[test]
    fn partial_salvo_is_held_not_fired() {
        // 5 in stock at 2 per kill: 2 salvos (4 interceptors), 1 held; of 12
        // missiles 2 are engaged and 10 leak for lack of stock.
        let (night, stock) = both(12, &[vec![by(0, 2)]], &plain_types(1), &[5]);
        assert_eq!((night.engaged, night.expended, night.killed), (2, 4, 2));
        assert_eq!((night.leakers(), night.unengaged_for_stock), (10, 10));
        assert_eq!(stock, [1]);
    }

    #[test]
    fn next_type_takes_what_the_preferred_cannot() {
        // 8 missiles; type 0 holds 7 at 2 per kill (3 salvos, 1 held), type 1
        // holds 100 at 3 per kill and takes the other 5 (15 interceptors).
        let (night, stock) = both(8, &[vec![by(0, 2), by(1, 3)]], &plain_types(2), &[7, 100]);
        assert_eq!((night.engaged, night.expended), (8, 6 + 15));
        assert_eq!(stock, [1, 85]);
    }

    #[test]
    fn no_tiers_means_every_missile_leaks() {
        let (night, stock) = both(400, &[], &plain_types(1), &[100]);
        assert_eq!((night.engaged, night.leakers()), (0, 400));
        // Not engaged, but not for want of stock or capacity either.
        assert_eq!(
            (night.unengaged_for_stock, night.unengaged_for_capacity),
            (0, 0)
        );
        assert_eq!(stock, [100]);
    }

    #[test]
    fn fire_capacity_saturates_before_the_magazine() {
        // 20 missiles at 2 per kill against 100 in stock, but the type can
        // engage 6 a night: 6 engaged (12 fired), 14 leak for capacity.
        let mut types = plain_types(1);
        types[0].fire_capacity = Some(FireCapacity::EngagementsPerNight(6));
        let (night, stock) = both(20, &[vec![by(0, 2)]], &types, &[100]);
        assert_eq!(
            (
                night.engaged,
                night.unengaged_for_capacity,
                night.unengaged_for_stock
            ),
            (6, 14, 0)
        );
        assert_eq!(stock, [88]);
        // Launchers: 2 launchers × 4 rounds = 8 rounds ready: 4 salvos of 2.
        // With 10 in stock, 4 missiles are engaged; of the other 16, stock
        // alone would allow 5 salvos, so 1 leaks for capacity and 15 for stock.
        types[0].fire_capacity = Some(FireCapacity::Launchers {
            rounds_ready: 8,
            reload_nights: 1,
        });
        let (night, stock) = both(20, &[vec![by(0, 2)]], &types, &[10]);
        assert_eq!(
            (
                night.engaged,
                night.unengaged_for_capacity,
                night.unengaged_for_stock
            ),
            (4, 1, 15)
        );
        assert_eq!(stock, [2]);
    }

    #[test]
    fn reserve_is_for_the_highest_priority_threat_only() {
        // 30 in stock, 20 held in reserve: a lower-priority threat of 12 at 2
        // per kill may use 10 (5 salvos); the first threat may use all 30.
        let mut types = plain_types(1);
        types[0].reserve = 20;
        let (night, stock) = both(12, &[vec![by(0, 2)]], &types, &[30]);
        assert_eq!((night.engaged, night.unengaged_for_stock), (5, 7));
        assert_eq!(stock, [20]);
        let mut stock = [30u64];
        let night = trial(12, &[vec![by(0, 2)]], &types, &mut stock, true);
        assert_eq!(night.engaged, 12);
        assert_eq!(stock, [6]);
    }

    #[test]
    fn rationing_fires_fewer_per_kill_below_the_threshold() {
        // Below 30 in stock the type fires 1 per kill instead of 2: with 20
        // on hand, 12 missiles take 12 interceptors.
        let mut e = by(0, 2);
        e.rationed = Some((30, KillModel::certain(1)));
        let (night, stock) = both(12, &[vec![e]], &plain_types(1), &[20]);
        assert_eq!((night.engaged, night.expended), (12, 12));
        assert_eq!(stock, [8]);
        // With 40 on hand (above the threshold) it fires 2 per kill: 24.
        let (night, _) = both(12, &[vec![e]], &plain_types(1), &[40]);
        assert_eq!(night.expended, 24);
    }

    #[test]
    fn layers_pass_survivors_down() {
        // Upper tier kills 0.8 with 1 shot; lower tier salvo of 2 at pk 0.7
        // (0.91). A missile leaks with probability 0.2 × 0.09 = 0.018.
        let upper = Engagement {
            interceptor: 0,
            kill: KillModel {
                pk: 0.8,
                ..KillModel::certain(1)
            },
            rationed: None,
        };
        let lower = Engagement {
            interceptor: 1,
            kill: KillModel {
                pk: 0.7,
                ..KillModel::certain(2)
            },
            rationed: None,
        };
        let types = plain_types(2);
        let mut stock = [1000.0, 1000.0];
        let mut launchers = vec![Launchers::<f64>::new(None), Launchers::new(None)];
        let mut expended = [0.0, 0.0];
        let night = engage(
            &mut Expected,
            100.0,
            &[vec![upper], vec![lower]],
            &mut Defence {
                stock: &mut stock,
                launchers: &mut launchers,
                types: &types,
                expended: &mut expended,
                reserve_holder: &[Some(0), Some(0)],
            },
            0,
        );
        // 100 missiles: upper tier engages 100, kills 80; lower engages the
        // 20 survivors with 40 interceptors, kills 18.2; 1.8 leak.
        assert!((night.leakers() - 1.8).abs() < 1e-9);
        assert!((night.kill_if_engaged - 0.982).abs() < 1e-12);
        assert_eq!(expended, [100.0, 40.0]);
        assert!((night.engaged - 120.0).abs() < 1e-9);
    }

    #[test]
    fn shoot_look_shoot_trial_stops_at_k_shots_or_an_empty_magazine() {
        // pk 0 and perfect assessment: every missile takes all k = 3 shots.
        // 7 interceptors against 4 missiles: 3 + 3 + 1 shots, the third
        // missile's engagement cut short by the empty magazine.
        let e = Engagement {
            interceptor: 0,
            kill: KillModel {
                pk: 0.0,
                doctrine: Doctrine::ShootLookShoot,
                ..KillModel::certain(3)
            },
            rationed: None,
        };
        let mut stock = [7u64];
        let night = trial(4, &[vec![e]], &plain_types(1), &mut stock, true);
        assert_eq!((night.engaged, night.expended, night.killed), (3, 7, 0));
        assert_eq!(stock, [0]);
    }

    #[test]
    fn launchers_reload_after_their_reload_time() {
        // 4 rounds ready, reload 2 nights: firing 4 on night 1 leaves 0 on
        // night 2; they are back on night 3.
        let capacity = Some(FireCapacity::Launchers {
            rounds_ready: 4,
            reload_nights: 2,
        });
        let mut l = Launchers::<u64>::new(capacity);
        l.spend(2, 4);
        assert_eq!(l.rounds_ready, 0);
        l.dusk(); // night 2
        assert_eq!(l.rounds_ready, 0);
        l.dusk(); // night 3
        assert_eq!(l.rounds_ready, 4);
        // Fired 1 on night 3 and 3 on night 4: the 1 is back on night 5,
        // the 3 on night 6.
        l.spend(1, 1);
        l.dusk(); // night 4
        l.spend(1, 3);
        assert_eq!(l.rounds_ready, 0);
        l.dusk(); // night 5
        assert_eq!(l.rounds_ready, 1);
        l.dusk(); // night 6
        assert_eq!(l.rounds_ready, 4);
    }
}
