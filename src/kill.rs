//! What one engagement achieves: the kill probability per engaged missile
//! and the interceptors it uses on average, by firing doctrine.
//!
//! Notation: p is the single-shot kill probability (`pk`), k the shots allowed
//! per missile (`interceptors_per_kill`), r the probability that the
//! engagement suffers no common-mode failure (`reliability`), and a the
//! probability that a miss is seen as a miss (`kill_assessment`).

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

    /// Interceptors that must be on hand to engage one more missile: a full
    /// salvo, or the first shot of shoot-look-shoot.
    pub fn stock_to_engage(&self) -> u64 {
        match self.doctrine {
            Doctrine::Salvo => u64::from(self.interceptors_per_kill),
            Doctrine::ShootLookShoot => 1,
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
    fn ten_engaged_at_0_91_all_die_with_probability_0_3894() {
        // 0.91^10 = 0.389416…
        let q = model(0.7, 2, Doctrine::Salvo).kill_probability();
        assert!((q.powi(10) - 0.3894).abs() < 5e-5);
    }
}

/// A probability prepared for fast Bernoulli draws: one `u64` from the
/// generator compared against a threshold, and no draw at all for 0 or 1
/// (so certain kills spend no randomness and stay exact).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chance {
    Never,
    Always,
    /// Happens when a uniform `u64` is below this: probability t / 2^64.
    Below(u64),
}

impl Chance {
    pub fn new(probability: f64) -> Chance {
        if probability <= 0.0 {
            Chance::Never
        } else if probability >= 1.0 {
            Chance::Always
        } else {
            // 2^64 · p, which is below 2^64 for p < 1.
            Chance::Below((probability * 18_446_744_073_709_551_616.0) as u64)
        }
    }

    #[inline]
    pub fn happens<R: rand::Rng + ?Sized>(self, rng: &mut R) -> bool {
        match self {
            Chance::Never => false,
            Chance::Always => true,
            Chance::Below(threshold) => rng.next_u64() < threshold,
        }
    }

    /// How many of `n` independent trials happen.
    #[inline]
    pub fn count<R: rand::Rng + ?Sized>(self, n: u64, rng: &mut R) -> u64 {
        match self {
            Chance::Never => 0,
            Chance::Always => n,
            Chance::Below(threshold) => {
                (0..n).filter(|_| rng.next_u64() < threshold).count() as u64
            }
        }
    }
}
