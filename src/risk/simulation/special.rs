//! The beta distribution's CDF and quantiles, for medians and percentiles of beta inputs.
//!
//! Built on the portable [`ln`] and [`exp`], so the numbers are the same on every machine.

use super::random::{exp, ln};

/// `ln Γ(x)` for `x > 0`: the Lanczos approximation (g = 7, 9 coefficients, relative error
/// below 1e-15), with `ln Γ(x) = ln Γ(x + 1) - ln x` below 0.5.
pub(crate) fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const COEFFICIENTS: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        return ln_gamma(x + 1.0) - ln(x);
    }
    let x = x - 1.0;
    let mut sum = 0.0;
    for (k, c) in (0u32..).zip(COEFFICIENTS) {
        sum += if k == 0 { c } else { c / (x + f64::from(k)) };
    }
    let t = x + G + 0.5;
    0.5 * ln(2.0 * std::f64::consts::PI) + (x + 0.5) * ln(t) - t + ln(sum)
}

/// The regularised incomplete beta function `I_x(a, b)`: the CDF of Beta(a, b) at `x`.
/// Continued fraction by the modified Lentz method (Numerical Recipes §6.4), using the
/// symmetry `I_x(a, b) = 1 - I_{1-x}(b, a)` where the fraction converges faster.
#[cfg(test)]
pub(crate) fn beta_cdf(x: f64, a: f64, b: f64) -> f64 {
    beta_cdf_with(x, a, b, ln_beta_normaliser(a, b))
}

/// `ln Γ(a + b) - ln Γ(a) - ln Γ(b)`, in the order `beta_cdf` has always summed it.
fn ln_beta_normaliser(a: f64, b: f64) -> f64 {
    ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b)
}

/// `beta_cdf` with its normalising constant worked out by the caller: the same operations in
/// the same order, so the same bits.
fn beta_cdf_with(x: f64, a: f64, b: f64, normaliser: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front = exp(normaliser + a * ln(x) + b * ln(1.0 - x));
    if x < (a + 1.0) / (a + b + 2.0) {
        front * continued_fraction(x, a, b) / a
    } else {
        1.0 - front * continued_fraction(1.0 - x, b, a) / b
    }
}

fn continued_fraction(x: f64, a: f64, b: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..=500 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let step = d * c;
        h *= step;
        if (step - 1.0).abs() < 1e-16 {
            break;
        }
    }
    h
}

/// The `p`-quantile of Beta(a, b), by bisection on its CDF (80 halvings of `[0, 1]`, far
/// below the precision of an f64 near the answer). Stops early once the bracket is two
/// neighbouring floats: every later halving would leave it as it is.
pub(crate) fn beta_quantile(p: f64, a: f64, b: f64) -> f64 {
    let normaliser = ln_beta_normaliser(a, b);
    let (mut low, mut high) = (0.0_f64, 1.0_f64);
    for _ in 0..80 {
        let mid = 0.5 * (low + high);
        if mid == low || mid == high {
            break;
        }
        if beta_cdf_with(mid, a, b, normaliser) < p {
            low = mid;
        } else {
            high = mid;
        }
    }
    0.5 * (low + high)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_gamma_at_known_points() {
        // Γ(1) = Γ(2) = 1, Γ(5) = 24, Γ(1/2) = √π.
        assert!(ln_gamma(1.0).abs() < 1e-14);
        assert!(ln_gamma(2.0).abs() < 1e-14);
        assert!((ln_gamma(5.0) - 24.0_f64.ln()).abs() < 1e-13);
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-13);
    }

    #[test]
    fn beta_cdf_closed_forms() {
        // Beta(1, 1) is uniform: I_x = x. Beta(2, 1): I_x = x². Beta(1, 3): 1 - (1 - x)³.
        for x in [0.1, 0.3, 0.5, 0.77, 0.95] {
            assert!((beta_cdf(x, 1.0, 1.0) - x).abs() < 1e-13);
            assert!((beta_cdf(x, 2.0, 1.0) - x * x).abs() < 1e-13);
            assert!((beta_cdf(x, 1.0, 3.0) - (1.0 - (1.0 - x).powi(3))).abs() < 1e-13);
        }
        // Symmetric Beta(2.5, 2.5): median 1/2.
        assert!((beta_quantile(0.5, 2.5, 2.5) - 0.5).abs() < 1e-12);
        // Beta(2, 1): p-quantile √p.
        assert!((beta_quantile(0.25, 2.0, 1.0) - 0.5).abs() < 1e-12);
    }
}
