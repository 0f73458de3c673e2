//! The engagement rule, in one place.
//!
//! Each night, after the night's deliveries are added to stock, threats are
//! engaged in the order the scenario lists them. A threat's missiles go to its
//! interceptor types in order of preference: a type engages as many missiles
//! as it holds full salvos for (`interceptors_per_kill` interceptors each),
//! and the missiles it cannot take go on to the next type. Fewer interceptors
//! than one full salvo are held, not fired. Missiles that no type can engage
//! leak. With certain kills every engaged missile is destroyed.

use crate::model::Engagement;

/// What one threat's raid met on one night.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ThreatOutcome {
    pub launched: u64,
    pub engaged: u64,
    /// Interceptors fired at this threat, all types together.
    pub expended: u64,
}

impl ThreatOutcome {
    /// Missiles not engaged by any interceptor type.
    pub fn leakers(&self) -> u64 {
        self.launched - self.engaged
    }
}

/// Engages `launched` missiles with the types in `engaged_by` (most preferred
/// first), taking interceptors out of `stock` (indexed by interceptor type).
pub fn engage(launched: u64, engaged_by: &[Engagement], stock: &mut [u64]) -> ThreatOutcome {
    let mut outcome = ThreatOutcome {
        launched,
        ..ThreatOutcome::default()
    };
    for engagement in engaged_by {
        let waiting = launched - outcome.engaged;
        if waiting == 0 {
            break;
        }
        let per_kill = u64::from(engagement.interceptors_per_kill);
        let magazine = &mut stock[engagement.interceptor];
        let salvos = waiting.min(*magazine / per_kill);
        let fired = salvos * per_kill;
        *magazine -= fired;
        outcome.engaged += salvos;
        outcome.expended += fired;
    }
    outcome
}

/// Whether any interceptor type still holds a full salvo for any threat it
/// engages. A night that ends without one is the night the stock ran dry.
pub fn can_fire_a_salvo<'a>(
    engagements: impl IntoIterator<Item = &'a Engagement>,
    stock: &[u64],
) -> bool {
    engagements
        .into_iter()
        .any(|e| stock[e.interceptor] >= u64::from(e.interceptors_per_kill))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by(interceptor: usize, interceptors_per_kill: u32) -> Engagement {
        Engagement {
            interceptor,
            interceptors_per_kill,
        }
    }

    #[test]
    fn partial_salvo_is_held_not_fired() {
        // 5 in stock at 2 per kill: 2 salvos (4 interceptors), 1 held; of 12
        // missiles 2 are engaged and 10 leak.
        let mut stock = [5];
        let outcome = engage(12, &[by(0, 2)], &mut stock);
        assert_eq!(outcome.engaged, 2);
        assert_eq!(outcome.expended, 4);
        assert_eq!(outcome.leakers(), 10);
        assert_eq!(stock, [1]);
        assert!(!can_fire_a_salvo(&[by(0, 2)], &stock));
        assert!(can_fire_a_salvo(&[by(0, 1)], &stock));
    }

    #[test]
    fn next_type_takes_what_the_preferred_cannot() {
        // 8 missiles; type 0 holds 7 at 2 per kill (3 salvos, 1 held), type 1
        // holds 100 at 3 per kill and takes the other 5 (15 interceptors).
        let mut stock = [7, 100];
        let outcome = engage(8, &[by(0, 2), by(1, 3)], &mut stock);
        assert_eq!(outcome.engaged, 8);
        assert_eq!(outcome.expended, 6 + 15);
        assert_eq!(stock, [1, 85]);
    }

    #[test]
    fn no_engagement_means_every_missile_leaks() {
        let mut stock = [100];
        let outcome = engage(400, &[], &mut stock);
        assert_eq!((outcome.engaged, outcome.leakers()), (0, 400));
        assert_eq!(stock, [100]);
    }
}
