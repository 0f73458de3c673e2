//! The engagement rule, in one place.
//!
//! Each night, after the night's deliveries are added to stock, threats are
//! engaged in the order the scenario lists them. A threat's missiles go to its
//! interceptor types in order of preference: a type engages as many missiles
//! as it can start an engagement for (a full salvo of `interceptors_per_kill`
//! each, or under shoot-look-shoot a first shot), and the missiles it cannot
//! take go on to the next type. Fewer interceptors than one full salvo are
//! held, not fired. Missiles that no type can engage leak, and so do engaged
//! missiles that survive their engagement.
//!
//! The rule is written twice below, once per kind of arithmetic, with the
//! same steps: [`engage_expected`] moves expected values (reals) and
//! [`engage_trial`] moves whole interceptors and draws each outcome.

use crate::kill::{Chance, CountDraw, Doctrine};
use crate::model::Engagement;

/// Missiles that `stock` can engage with `engagement`, in expected values.
///
/// A salvo needs k whole interceptors: ⌊stock / k⌋ salvos. Shoot-look-shoot
/// spends its mean number of shots per missile, s̄, and the expected path
/// treats the stock as divisible: stock / s̄ missiles (a fluid approximation;
/// Monte Carlo spends whole interceptors shot by shot).
pub fn expected_capacity(stock: f64, engagement: &Engagement) -> f64 {
    let kill = &engagement.kill;
    match kill.doctrine {
        Doctrine::Salvo => {
            let k = f64::from(kill.interceptors_per_kill);
            // Whole salvos; the correction guards against the quotient of two
            // whole numbers rounding up across an integer.
            let salvos = (stock / k).floor();
            if salvos * k > stock {
                salvos - 1.0
            } else {
                salvos
            }
        }
        Doctrine::ShootLookShoot => stock / kill.mean_shots(),
    }
}

/// What one threat's raid met on one night, in expected values.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ExpectedEngagement {
    pub engaged: f64,
    /// Interceptors fired at this threat, all types together.
    pub expended: f64,
    /// Missiles destroyed.
    pub killed: f64,
    /// Missiles the stock could have engaged before this threat came: used
    /// for the chance of a night without leakers.
    pub capacity: f64,
}

impl ExpectedEngagement {
    /// The kill probability per engaged missile (1 when none is engaged).
    pub fn kill_probability(&self) -> f64 {
        if self.engaged > 0.0 {
            self.killed / self.engaged
        } else {
            1.0
        }
    }
}

/// Engages `launched` missiles (an expected number) with the types in
/// `engaged_by`, most preferred first, taking interceptors out of `stock`.
pub fn engage_expected(
    launched: f64,
    engaged_by: &[Engagement],
    stock: &mut [f64],
) -> ExpectedEngagement {
    let mut outcome = ExpectedEngagement::default();
    for engagement in engaged_by {
        let magazine = &mut stock[engagement.interceptor];
        let available = expected_capacity(*magazine, engagement);
        outcome.capacity += available;
        let waiting = launched - outcome.engaged;
        if waiting <= 0.0 {
            continue;
        }
        let taken = waiting.min(available);
        let fired = taken * engagement.kill.mean_shots();
        *magazine = (*magazine - fired).max(0.0);
        outcome.engaged += taken;
        outcome.expended += fired;
        outcome.killed += taken * engagement.kill.kill_probability();
    }
    outcome
}

/// An [`Engagement`] prepared for Monte Carlo draws.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedEngagement {
    pub interceptor: usize,
    pub doctrine: Doctrine,
    pub interceptors_per_kill: u64,
    /// Salvo: how many of the engaged missiles die, each with probability
    /// r·(1 − (1 − p)^k).
    pub salvo_kills: CountDraw,
    /// Shoot-look-shoot: the engagement suffers no common-mode failure (r).
    pub works: Chance,
    /// Shoot-look-shoot: one shot kills (p).
    pub hits: Chance,
    /// Shoot-look-shoot: a miss is seen as a miss (a).
    pub miss_seen: Chance,
}

impl PreparedEngagement {
    pub fn new(engagement: &Engagement) -> PreparedEngagement {
        let kill = &engagement.kill;
        PreparedEngagement {
            interceptor: engagement.interceptor,
            doctrine: kill.doctrine,
            interceptors_per_kill: u64::from(kill.interceptors_per_kill),
            salvo_kills: CountDraw::new(kill.kill_probability()),
            works: Chance::new(kill.reliability),
            hits: Chance::new(kill.pk),
            miss_seen: Chance::new(kill.kill_assessment),
        }
    }
}

/// What one threat's raid met on one night of one Monte Carlo trial.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TrialEngagement {
    pub engaged: u64,
    pub expended: u64,
    pub killed: u64,
}

/// Engages `launched` missiles with the types in `engaged_by`, most preferred
/// first, spending whole interceptors from `stock` and drawing outcomes.
///
/// The salvos' outcomes are drawn together: the number of engaged missiles
/// destroyed is Binomial(salvos, r·(1 − (1 − p)^k)), exactly the
/// distribution that drawing each shot of each salvo gives, for one random
/// number instead of k per missile. Shoot-look-shoot draws each shot: the engagement's reliability
/// once, then hit or miss, then whether a miss is seen, until a kill, k
/// shots, or an empty magazine.
pub fn engage_trial<R: rand::Rng + ?Sized>(
    launched: u64,
    engaged_by: &[PreparedEngagement],
    stock: &mut [u64],
    rng: &mut R,
) -> TrialEngagement {
    let mut outcome = TrialEngagement::default();
    for engagement in engaged_by {
        let waiting = launched - outcome.engaged;
        if waiting == 0 {
            break;
        }
        let magazine = &mut stock[engagement.interceptor];
        match engagement.doctrine {
            Doctrine::Salvo => {
                let k = engagement.interceptors_per_kill;
                let salvos = waiting.min(*magazine / k);
                *magazine -= salvos * k;
                outcome.engaged += salvos;
                outcome.expended += salvos * k;
                outcome.killed += engagement.salvo_kills.draw(salvos, rng);
            }
            Doctrine::ShootLookShoot => {
                let mut left = waiting;
                while left > 0 && *magazine > 0 {
                    left -= 1;
                    outcome.engaged += 1;
                    let works = engagement.works.happens(rng);
                    let mut shots = 0;
                    loop {
                        *magazine -= 1;
                        shots += 1;
                        if works && engagement.hits.happens(rng) {
                            outcome.killed += 1;
                            break;
                        }
                        if shots == engagement.interceptors_per_kill
                            || *magazine == 0
                            || !engagement.miss_seen.happens(rng)
                        {
                            break;
                        }
                    }
                    outcome.expended += shots;
                }
            }
        }
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kill::KillModel;
    use rand::SeedableRng;

    fn by(interceptor: usize, interceptors_per_kill: u32) -> Engagement {
        Engagement {
            interceptor,
            kill: KillModel::certain(interceptors_per_kill),
        }
    }

    fn certain_trial(
        launched: u64,
        engaged_by: &[Engagement],
        stock: &mut [u64],
    ) -> TrialEngagement {
        let prepared: Vec<_> = engaged_by.iter().map(PreparedEngagement::new).collect();
        // Certain kills draw nothing, so any generator gives the same answer.
        let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(0);
        engage_trial(launched, &prepared, stock, &mut rng)
    }

    #[test]
    fn partial_salvo_is_held_not_fired() {
        // 5 in stock at 2 per kill: 2 salvos (4 interceptors), 1 held; of 12
        // missiles 2 are engaged and 10 leak.
        let mut stock = [5];
        let outcome = certain_trial(12, &[by(0, 2)], &mut stock);
        assert_eq!(
            (outcome.engaged, outcome.expended, outcome.killed),
            (2, 4, 2)
        );
        assert_eq!(stock, [1]);
        let mut stock = [5.0];
        let outcome = engage_expected(12.0, &[by(0, 2)], &mut stock);
        assert_eq!(
            (outcome.engaged, outcome.expended, outcome.killed),
            (2.0, 4.0, 2.0)
        );
        assert_eq!(outcome.capacity, 2.0);
        assert_eq!(stock, [1.0]);
    }

    #[test]
    fn next_type_takes_what_the_preferred_cannot() {
        // 8 missiles; type 0 holds 7 at 2 per kill (3 salvos, 1 held), type 1
        // holds 100 at 3 per kill and takes the other 5 (15 interceptors).
        let mut stock = [7, 100];
        let outcome = certain_trial(8, &[by(0, 2), by(1, 3)], &mut stock);
        assert_eq!((outcome.engaged, outcome.expended), (8, 6 + 15));
        assert_eq!(stock, [1, 85]);
        let mut stock = [7.0, 100.0];
        let outcome = engage_expected(8.0, &[by(0, 2), by(1, 3)], &mut stock);
        assert_eq!((outcome.engaged, outcome.expended), (8.0, 21.0));
        // Capacity: 3 salvos of type 0 and 33 of type 1.
        assert_eq!(outcome.capacity, 36.0);
        assert_eq!(stock, [1.0, 85.0]);
    }

    #[test]
    fn no_engagement_means_every_missile_leaks() {
        let mut stock = [100];
        let outcome = certain_trial(400, &[], &mut stock);
        assert_eq!((outcome.engaged, outcome.killed), (0, 0));
        assert_eq!(stock, [100]);
    }

    #[test]
    fn expected_salvo_with_pk() {
        // 10 missiles, pk 0.7, salvo of 2, 100 in stock: 10 engaged, 20
        // fired, 10 × 0.91 = 9.1 killed.
        let engagement = Engagement {
            interceptor: 0,
            kill: KillModel {
                pk: 0.7,
                ..KillModel::certain(2)
            },
        };
        let mut stock = [100.0];
        let outcome = engage_expected(10.0, &[engagement], &mut stock);
        assert_eq!(outcome.engaged, 10.0);
        assert_eq!(outcome.expended, 20.0);
        assert!((outcome.killed - 9.1).abs() < 1e-12);
        assert!((outcome.kill_probability() - 0.91).abs() < 1e-12);
    }

    #[test]
    fn expected_shoot_look_shoot_spends_mean_shots() {
        // pk 0.7, up to 2 shots: 1.3 shots per missile. 13 interceptors
        // engage 13 / 1.3 = 10 of 12 missiles.
        let engagement = Engagement {
            interceptor: 0,
            kill: KillModel {
                pk: 0.7,
                doctrine: Doctrine::ShootLookShoot,
                ..KillModel::certain(2)
            },
        };
        let mut stock = [13.0];
        let outcome = engage_expected(12.0, &[engagement], &mut stock);
        assert!((outcome.engaged - 10.0).abs() < 1e-12);
        assert!((outcome.expended - 13.0).abs() < 1e-12);
        assert!(stock[0].abs() < 1e-12);
    }

    #[test]
    fn shoot_look_shoot_trial_stops_at_k_shots_or_an_empty_magazine() {
        // pk 0 and perfect assessment: every missile takes all k = 3 shots.
        let engagement = Engagement {
            interceptor: 0,
            kill: KillModel {
                pk: 0.0,
                doctrine: Doctrine::ShootLookShoot,
                ..KillModel::certain(3)
            },
        };
        // 7 interceptors against 4 missiles: 3 + 3 + 1 shots, the third
        // missile's engagement cut short by the empty magazine, the fourth
        // never engaged.
        let mut stock = [7];
        let outcome = certain_trial(4, &[engagement], &mut stock);
        assert_eq!(
            (outcome.engaged, outcome.expended, outcome.killed),
            (3, 7, 0)
        );
        assert_eq!(stock, [0]);
    }
}
