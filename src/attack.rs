//! The attacker's side of a night, before the defence fires: what an
//! arsenal lets a threat launch, what electronic warfare defeats on the
//! way, and which decoys the defence recognises and leaves alone.
//!
//! For each threat, in engagement order, before it is engaged:
//!
//! 1. Missiles made for its arsenal that are due tonight arrive (whole, as
//!    interceptor production does).
//! 2. The launch. Without an arsenal: the planned raid. `steady`: the
//!    planned raid, capped by `max_per_night` and by what is on hand; the
//!    threat is *dry* tonight when the arsenal could not fill the planned
//!    raid (up to the launch capacity). Massing (`mass_when: N`): nothing
//!    until N are on hand, then everything on hand up to `max_per_night`;
//!    massing is never dry. What is launched leaves the arsenal.
//! 3. Electronic warfare defeats a share `lost_to_ew` of what was launched
//!    (in a trial each object independently; on the expected path that
//!    share of the count).
//! 4. Of a decoy threat's objects that remain, the defence recognises a
//!    share `discrimination` and does not engage them.
//! 5. The rest meet the defence by the engagement rule.
//!
//! The rule is written once, generic over the arithmetic, as
//! [`crate::engagement`] is.

use crate::engagement::Quantity;
use crate::kill::CountDraw;
use crate::model::{Tactic, Threat};

/// A share of objects taken independently, prepared once per run: the
/// share for the expected path, a binomial draw for trials.
#[derive(Debug, Clone, PartialEq)]
pub struct Share {
    pub share: f64,
    pub draw: CountDraw,
}

impl Share {
    pub fn new(share: f64) -> Share {
        Share {
            share,
            draw: CountDraw::new(share),
        }
    }

    /// The same share, drawn without a table (for a share drawn afresh in
    /// every trial).
    pub fn untabled(share: f64) -> Share {
        Share {
            share,
            draw: CountDraw::untabled(share),
        }
    }

    /// Whether the share takes nothing.
    pub fn is_none(&self) -> bool {
        self.share <= 0.0
    }
}

/// How many of `n` objects a [`Share`] takes, in one arithmetic.
pub trait Thinning {
    type N: Quantity;
    fn take(&mut self, n: Self::N, share: &Share) -> Self::N;
}

impl Thinning for crate::engagement::Expected {
    type N = f64;
    fn take(&mut self, n: f64, share: &Share) -> f64 {
        n * share.share
    }
}

impl<R: rand::Rng + ?Sized> Thinning for crate::engagement::Trial<'_, R> {
    type N = u64;
    fn take(&mut self, n: u64, share: &Share) -> u64 {
        share.draw.draw(n, &mut *self.0)
    }
}

/// A threat's attacker-side rules, prepared once per run.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedAttack {
    pub lost_to_ew: Share,
    /// Decoys only.
    pub discrimination: Option<Share>,
    pub max_per_night: Option<u64>,
    pub tactic: Tactic,
    pub limited: bool,
}

impl PreparedAttack {
    pub fn new(threat: &Threat) -> PreparedAttack {
        PreparedAttack {
            lost_to_ew: Share::new(threat.lost_to_ew),
            discrimination: threat.decoy.map(|d| Share::new(d.discrimination)),
            max_per_night: threat.arsenal.as_ref().and_then(|a| a.max_per_night),
            tactic: threat.arsenal.as_ref().map_or(Tactic::Steady, |a| a.tactic),
            limited: threat.arsenal.is_some(),
        }
    }

    /// Whether the threat's plan is its raid (not massing): only then is a
    /// raid drawn.
    pub fn plans_raids(&self) -> bool {
        self.tactic == Tactic::Steady
    }
}

/// What one threat's launch came to on one night.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Launch<N> {
    pub launched: N,
    /// Defeated by electronic warfare before engagement.
    pub lost_to_ew: N,
    /// Decoys the defence recognised and did not engage.
    pub recognised: N,
    /// What meets the defence.
    pub arriving: N,
    /// The arsenal could not fill the planned raid.
    pub dry: bool,
}

/// Tonight's launch of one threat: `planned` is the raid its plan calls
/// for (unused when massing), `arsenal` what it has on hand (after
/// tonight's arrivals; `None`: unlimited), which the launch draws down.
pub fn launch<A: Thinning>(
    arithmetic: &mut A,
    attack: &PreparedAttack,
    planned: A::N,
    arsenal: Option<&mut A::N>,
) -> Launch<A::N> {
    let capacity = |n: A::N| match attack.max_per_night {
        Some(max) => n.min(A::N::from_count(max)),
        None => n,
    };
    let mut out = Launch::default();
    match arsenal {
        None => out.launched = capacity(planned),
        Some(on_hand) => {
            match attack.tactic {
                Tactic::Steady => {
                    let wanted = capacity(planned);
                    out.dry = on_hand.settled() < wanted.settled();
                    out.launched = wanted.min(*on_hand);
                }
                Tactic::Mass { when } => {
                    if on_hand.settled() >= A::N::from_count(when) {
                        out.launched = capacity(*on_hand);
                    }
                }
            }
            *on_hand = on_hand.less(out.launched);
        }
    }
    out.lost_to_ew = if attack.lost_to_ew.is_none() {
        A::N::default()
    } else {
        arithmetic.take(out.launched, &attack.lost_to_ew)
    };
    let remaining = out.launched.less(out.lost_to_ew);
    out.recognised = match &attack.discrimination {
        Some(share) if !share.is_none() => arithmetic.take(remaining, share),
        _ => A::N::default(),
    };
    out.arriving = remaining.less(out.recognised);
    out
}

/// One threat's night in the terms the summary counts: decoys are never
/// leakers and make no shortfall; objects lost to electronic warfare are
/// neither engaged nor leakers.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counted<N> {
    pub launched: N,
    pub engaged: N,
    pub leakers: N,
    pub leaked_for_stock: N,
    pub leaked_for_capacity: N,
    pub lost_to_ew: N,
    /// Decoys only: destroyed, engaged and missed, never engaged.
    pub decoys: [N; 3],
}

/// Counts a threat's night from its launch and what the defence did with
/// the objects that arrived.
pub fn count<N: Quantity>(
    decoy: bool,
    engaged_by_none: bool,
    launch: &Launch<N>,
    outcome: &crate::engagement::ThreatNight<N>,
) -> Counted<N> {
    let mut counted = Counted {
        launched: launch.launched,
        engaged: outcome.engaged,
        lost_to_ew: launch.lost_to_ew,
        ..Counted::default()
    };
    if decoy {
        // Never engaged: those recognised, and those no tier engaged (all
        // of them when no type engages the threat).
        let never = if engaged_by_none {
            launch.arriving
        } else {
            outcome.unengaged_for_stock + outcome.unengaged_for_capacity
        };
        counted.decoys = [
            outcome.killed,
            outcome.leakers().less(never),
            launch.recognised + never,
        ];
    } else {
        counted.leakers = outcome.leakers();
        counted.leaked_for_stock = outcome.unengaged_for_stock;
        counted.leaked_for_capacity = outcome.unengaged_for_capacity;
    }
    counted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engagement::Expected;
    use crate::model::Tactic;

    fn attack(tactic: Tactic, max: Option<u64>, ew: f64) -> PreparedAttack {
        PreparedAttack {
            lost_to_ew: Share::new(ew),
            discrimination: None,
            max_per_night: max,
            tactic,
            limited: true,
        }
    }

    #[test]
    fn a_steady_raid_is_capped_by_the_arsenal_and_the_launchers() {
        // Plan 12; 100 launchers a night; 5 on hand: 5 launched, dry.
        let mut on_hand = 5.0;
        let l = launch(
            &mut Expected,
            &attack(Tactic::Steady, Some(100), 0.0),
            12.0,
            Some(&mut on_hand),
        );
        assert_eq!((l.launched, l.dry, on_hand), (5.0, true, 0.0));
        // Plan 12, at most 8 a night, 20 on hand: 8 launched, not dry (the
        // launchers, not the arsenal, cap it).
        let mut on_hand = 20.0;
        let l = launch(
            &mut Expected,
            &attack(Tactic::Steady, Some(8), 0.0),
            12.0,
            Some(&mut on_hand),
        );
        assert_eq!((l.launched, l.dry, on_hand), (8.0, false, 12.0));
    }

    #[test]
    fn massing_holds_fire_until_enough_are_on_hand() {
        // Mass at 40: 39 on hand holds; 40 fires all 40 (no cap).
        let mass = attack(Tactic::Mass { when: 40 }, None, 0.0);
        let mut on_hand = 39.0;
        assert_eq!(
            launch(&mut Expected, &mass, 0.0, Some(&mut on_hand)).launched,
            0.0
        );
        let mut on_hand = 40.0;
        let l = launch(&mut Expected, &mass, 0.0, Some(&mut on_hand));
        assert_eq!((l.launched, l.dry, on_hand), (40.0, false, 0.0));
    }

    #[test]
    fn electronic_warfare_takes_its_share_before_the_defence() {
        // 728 drones, 415/728 lost from radars: on the expected path 415
        // are defeated and 313 arrive.
        let l = launch(
            &mut Expected,
            &attack(Tactic::Steady, None, 415.0 / 728.0),
            728.0,
            None,
        );
        assert!((l.lost_to_ew - 415.0).abs() < 1e-9);
        assert!((l.arriving - 313.0).abs() < 1e-9);
    }
}
