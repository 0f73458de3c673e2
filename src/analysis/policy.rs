//! What each reserve and rationing policy bought: the scenario with the
//! policy against the same scenario without it, run the same way (in Monte
//! Carlo mode, with the same seed).
//!
//! It costs one more simulation per policy, so it is computed only where it
//! is reported (`run`, `compare`, `report`), never inside a sweep, solve or
//! sensitivity point. The words for a policy belong to the reports.

use crate::model::{InterceptorId, Scenario};
use crate::sim::{Method, simulate};
use crate::summary::Summary;

/// A reserve or rationing policy of one interceptor type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// `count` interceptors kept for the highest-priority threat.
    Reserve {
        interceptor: InterceptorId,
        count: u64,
    },
    /// Below a stock of `below`, `interceptors_per_kill` per engaged missile.
    Rationing {
        interceptor: InterceptorId,
        below: u64,
        interceptors_per_kill: u32,
    },
}

impl Policy {
    /// The interceptor type the policy governs.
    pub fn interceptor(&self) -> InterceptorId {
        match *self {
            Policy::Reserve { interceptor, .. } | Policy::Rationing { interceptor, .. } => {
                interceptor
            }
        }
    }
}

/// What one policy bought.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PolicyEffect {
    pub policy: Policy,
    /// Nights fully defended with the policy minus without it.
    pub nights_gained: f64,
    /// Leakers with the policy minus without it.
    pub extra_leakers: f64,
}

/// Each policy of the scenario: per interceptor type in order, its reserve,
/// then its rationing (as the first threat it engages rations it).
pub fn policies(scenario: &Scenario) -> Vec<Policy> {
    let mut out = Vec::new();
    for (t, interceptor) in scenario.interceptors.iter().enumerate() {
        if interceptor.reserve > 0 {
            out.push(Policy::Reserve {
                interceptor: t,
                count: interceptor.reserve,
            });
        }
        let rationing = scenario
            .threats
            .iter()
            .flat_map(|threat| threat.engagements())
            .filter(|e| e.interceptor == t)
            .find_map(|e| e.rationed);
        if let Some((below, rationed)) = rationing {
            out.push(Policy::Rationing {
                interceptor: t,
                below,
                interceptors_per_kill: rationed.interceptors_per_kill,
            });
        }
    }
    out
}

/// The scenario as it would be without `policy`.
pub fn without(scenario: &Scenario, policy: &Policy) -> Scenario {
    let mut without = scenario.clone();
    match *policy {
        Policy::Reserve { interceptor, .. } => without.interceptors[interceptor].reserve = 0,
        Policy::Rationing { interceptor, .. } => {
            for threat in &mut without.threats {
                for tier in &mut threat.tiers {
                    for e in tier.iter_mut().filter(|e| e.interceptor == interceptor) {
                        e.rationed = None;
                    }
                }
            }
        }
    }
    without
}

/// What each policy of `scenario` bought, against `with`, its summary when
/// simulated by `method`.
pub fn effects(scenario: &Scenario, method: Method, with: &Summary) -> Vec<PolicyEffect> {
    policies(scenario)
        .into_iter()
        .map(|policy| {
            let other = simulate(&without(scenario, &policy), method, &|_| {}).summary;
            PolicyEffect {
                policy,
                nights_gained: with.nights_fully_defended - other.nights_fully_defended,
                extra_leakers: with.leakers - other.leakers,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::parse_scenario;

    #[test]
    fn a_reserve_and_a_rationing_are_two_policies_and_each_comes_off_alone() {
        let scenario = parse_scenario(
            "interceptors:\n  pac3: { stockpile: 100, reserve: 20, ration: { below: 30, interceptors_per_kill: 1 } }\n\
             threats:\n  b: { missiles_per_night: 4, engaged_by: [pac3], interceptors_per_kill: 2 }\n",
            "t.yaml",
            "t",
        )
        .unwrap();
        let found = policies(&scenario);
        assert_eq!(
            found,
            [
                Policy::Reserve {
                    interceptor: 0,
                    count: 20
                },
                Policy::Rationing {
                    interceptor: 0,
                    below: 30,
                    interceptors_per_kill: 1
                }
            ]
        );
        let no_reserve = without(&scenario, &found[0]);
        assert_eq!(no_reserve.interceptors[0].reserve, 0);
        assert!(no_reserve.threats[0].tiers[0][0].rationed.is_some());
        let no_rationing = without(&scenario, &found[1]);
        assert_eq!(no_rationing.interceptors[0].reserve, 20);
        assert!(no_rationing.threats[0].tiers[0][0].rationed.is_none());
    }
}
