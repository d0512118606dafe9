//! A small pseudo-random generator and the samplers of the simulation, written so that the same
//! seed gives the same numbers on every machine.
//!
//! - The generator is xoshiro256** (Blackman and Vigna, 2018), its 256-bit state filled from a
//!   SplitMix64 stream (Steele, Lea and Flood, 2014), as its authors recommend.
//! - Only IEEE 754 basic operations (`+ - × ÷`, `sqrt`, `floor`, `round`) are used: they are
//!   correctly rounded on every conforming machine, and Rust never fuses them. `ln` and `exp`,
//!   which platform maths libraries compute differently in the last bit, are computed here from
//!   their series ([`ln`], [`exp`]).

/// The SplitMix64 finaliser: a bijection of `u64` that spreads every input bit over the output.
pub(crate) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The golden-ratio increment of SplitMix64.
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// xoshiro256**: 256 bits of state, period 2^256 - 1, passes BigCrush.
#[derive(Debug, Clone)]
pub(crate) struct Xoshiro256 {
    s0: u64,
    s1: u64,
    s2: u64,
    s3: u64,
}

impl Xoshiro256 {
    /// The generator whose state is the next four outputs of SplitMix64 started at `seed`.
    pub(crate) fn from_seed(seed: u64) -> Self {
        let mut state = seed;
        let mut next = || {
            state = state.wrapping_add(GOLDEN);
            mix64(state)
        };
        // Four consecutive SplitMix64 outputs are never all zero (mix64 is a bijection and the
        // four inputs differ), so the state is valid.
        Self {
            s0: next(),
            s1: next(),
            s2: next(),
            s3: next(),
        }
    }

    /// The generator of chunk `chunk` of a run seeded with `seed`: seeded with
    /// `seed ^ mix64(chunk + GOLDEN)`, so chunks get unrelated streams and the numbers of a chunk
    /// do not depend on which thread runs it.
    pub(crate) fn for_chunk(seed: u64, chunk: u64) -> Self {
        Self::from_seed(seed ^ mix64(chunk.wrapping_add(GOLDEN)))
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        let result = self.s1.wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s1 << 17;
        self.s2 ^= self.s0;
        self.s3 ^= self.s1;
        self.s1 ^= self.s2;
        self.s0 ^= self.s3;
        self.s2 ^= t;
        self.s3 = self.s3.rotate_left(45);
        result
    }

    /// A uniform number in `(0, 1)`: the top 53 bits, centred in their interval, so neither 0
    /// nor 1 comes out (both would break `ln` and the inverse transforms).
    pub(crate) fn open01(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) * (1.0 / 9_007_199_254_740_992.0)
    }
}

/// `ln 2` split as in fdlibm: the high part has 32 trailing zero bits, so `k × LN2_HI` is exact.
const LN2_HI: f64 = f64::from_bits(0x3FE6_2E42_FEE0_0000);
const LN2_LO: f64 = f64::from_bits(0x3DEA_39EF_3579_3C76);
const LOG2_E: f64 = std::f64::consts::LOG2_E;

/// `2^k` for `k` in `-1022..=1023`.
fn pow2(k: i64) -> f64 {
    f64::from_bits(((k + 1023).clamp(1, 2046) as u64) << 52)
}

/// The natural logarithm, from basic operations only: `x = m · 2^e` with `m` in
/// `(√2/2, √2]`, and `ln m = 2 atanh(s)`, `s = (m - 1)/(m + 1)`, summed as its odd series
/// (`|s| < 0.172`, so 13 terms reach below 1e-19). Within 2 ulp of the true value.
pub(crate) fn ln(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x.is_infinite() {
        return x;
    }
    let (mut bits, mut shift) = (x.to_bits(), 0i64);
    if bits >> 52 == 0 {
        // Subnormal: scale by 2^54 (exact) first.
        bits = (x * pow2(54)).to_bits();
        shift = 54;
    }
    let mut e = ((bits >> 52) & 0x7ff) as i64 - 1023 - shift;
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    if m > std::f64::consts::SQRT_2 {
        m *= 0.5;
        e += 1;
    }
    let f = m - 1.0;
    let s = f / (2.0 + f);
    let s2 = s * s;
    let mut series = 0.0;
    for k in (0..13).rev() {
        series = 1.0 / f64::from(2 * k + 1) + s2 * series;
    }
    let e = e as f64;
    e * LN2_HI + (e * LN2_LO + 2.0 * s * series)
}

/// The exponential, from basic operations only: `x = k ln 2 + r` with `|r| <= ln 2 / 2`, and
/// `e^r` summed as its Taylor series to degree 14 (error below 1e-17). Within 2 ulp.
pub(crate) fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x > 709.782_712_893_384 {
        return f64::INFINITY;
    }
    if x < -745.2 {
        return 0.0;
    }
    let k = (x * LOG2_E).round();
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let mut p = 1.0;
    for n in (1..=14).rev() {
        p = 1.0 + r * p / f64::from(n);
    }
    let k = k as i64;
    if k > 1023 {
        p * pow2(1023) * pow2(k - 1023)
    } else if k < -1022 {
        p * pow2(-1022) * pow2(k + 1022)
    } else {
        p * pow2(k)
    }
}

/// A sampler: the generator plus the spare normal of the polar method.
#[derive(Debug, Clone)]
pub(crate) struct Sampler {
    rng: Xoshiro256,
    spare: Option<f64>,
}

impl Sampler {
    pub(crate) fn new(rng: Xoshiro256) -> Self {
        Self { rng, spare: None }
    }

    /// Uniform in `(0, 1)`.
    pub(crate) fn uniform(&mut self) -> f64 {
        self.rng.open01()
    }

    /// A standard normal draw (Marsaglia's polar method; the second value of each pair is kept
    /// for the next call).
    pub(crate) fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        loop {
            let u = 2.0 * self.rng.open01() - 1.0;
            let v = 2.0 * self.rng.open01() - 1.0;
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                let factor = (-2.0 * ln(s) / s).sqrt();
                self.spare = Some(v * factor);
                return u * factor;
            }
        }
    }

    /// The natural log of a Gamma(`shape`, 1) draw, `shape > 0` (Marsaglia and Tsang, 2000;
    /// for `shape < 1`, `G(shape) = G(shape + 1) · U^(1/shape)`). Logs keep tiny draws from
    /// underflowing to 0.
    pub(crate) fn ln_gamma_draw(&mut self, shape: f64) -> f64 {
        let (a, boost) = if shape < 1.0 {
            (shape + 1.0, ln(self.uniform()) / shape)
        } else {
            (shape, 0.0)
        };
        let d = a - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = 1.0 + c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = self.uniform();
            let x2 = x * x;
            if u < 1.0 - 0.0331 * x2 * x2 {
                return ln(d * v) + boost;
            }
            let ln_v = ln(v);
            if ln(u) < 0.5 * x2 + d * (1.0 - v + ln_v) {
                return ln(d) + ln_v + boost;
            }
        }
    }

    /// A Gamma(`shape`, 1) draw for `shape >= 1`, without logs on the accepted path.
    fn gamma_at_least_one(&mut self, shape: f64) -> f64 {
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = 1.0 + c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = self.uniform();
            let x2 = x * x;
            if u < 1.0 - 0.0331 * x2 * x2 || ln(u) < 0.5 * x2 + d * (1.0 - v + ln(v)) {
                return d * v;
            }
        }
    }

    /// A Beta(`alpha`, `beta`) draw in `[0, 1]`, as `X / (X + Y)` with `X ~ Gamma(alpha)` and
    /// `Y ~ Gamma(beta)`.
    pub(crate) fn beta(&mut self, alpha: f64, beta: f64) -> f64 {
        if alpha >= 1.0 && beta >= 1.0 {
            let x = self.gamma_at_least_one(alpha);
            let y = self.gamma_at_least_one(beta);
            return x / (x + y);
        }
        let lx = self.ln_gamma_draw(alpha);
        let ly = self.ln_gamma_draw(beta);
        // X / (X + Y) = 1 / (1 + e^(ln Y - ln X)); e^inf = inf gives 0, as it should.
        1.0 / (1.0 + exp(ly - lx))
    }

    /// A triangular draw by inversion.
    pub(crate) fn triangular(&mut self, min: f64, mode: f64, max: f64) -> f64 {
        triangular_quantile(min, mode, max, self.uniform())
    }
}

/// The `p`-quantile of the triangular distribution on `[min, max]` with mode `mode`.
pub(crate) fn triangular_quantile(min: f64, mode: f64, max: f64, p: f64) -> f64 {
    let width = max - min;
    if width <= 0.0 {
        return min;
    }
    let split = (mode - min) / width;
    if p < split {
        min + (p * width * (mode - min)).sqrt()
    } else {
        max - ((1.0 - p) * width * (max - mode)).sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_and_xoshiro_match_the_reference_outputs() {
        // SplitMix64 from state 0: the first output of the reference C code (Vigna's
        // splitmix64.c) is 0xE220A8397B1DCDAF.
        assert_eq!(mix64(GOLDEN), 0xE220_A839_7B1D_CDAF);
        // xoshiro256** from state {1, 2, 3, 4}: the first output by hand is
        // rotl(2 × 5, 7) × 9 = 1280 × 9 = 11520; all four were checked against an independent
        // ten-line Python transcription of the reference C code.
        let mut rng = Xoshiro256 {
            s0: 1,
            s1: 2,
            s2: 3,
            s3: 4,
        };
        assert_eq!(rng.next_u64(), 11520);
        assert_eq!(rng.next_u64(), 0);
        assert_eq!(rng.next_u64(), 1_509_978_240);
        assert_eq!(rng.next_u64(), 1_215_971_899_390_074_240);
    }

    #[test]
    fn ln_and_exp_agree_with_the_platform_to_a_few_ulp() {
        // The platform's ln/exp are an independent implementation; ours must stay within 4 ulp.
        let close = |a: f64, b: f64| (a - b).abs() <= 4.0 * f64::EPSILON * b.abs().max(1e-300);
        let mut x = 1e-310;
        while x < 1e300 {
            assert!(close(ln(x), x.ln()), "ln({x}) = {} vs {}", ln(x), x.ln());
            x *= 1.37;
        }
        let mut y = -700.0;
        while y < 700.0 {
            assert!(
                close(exp(y), y.exp()),
                "exp({y}) = {} vs {}",
                exp(y),
                y.exp()
            );
            y += 0.731;
        }
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(exp(0.0), 1.0);
        assert!(ln(-1.0).is_nan());
        assert_eq!(exp(-1000.0), 0.0);
    }

    #[test]
    fn open01_never_gives_zero_or_one() {
        let mut rng = Xoshiro256::from_seed(7);
        for _ in 0..10_000 {
            let u = rng.open01();
            assert!(u > 0.0 && u < 1.0);
        }
    }

    #[test]
    fn triangular_quantile_by_hand() {
        // min 0, mode 1, max 2 (symmetric): median 1; p = 0.125 -> sqrt(0.125 × 2 × 1) = 0.5.
        assert!((triangular_quantile(0.0, 1.0, 2.0, 0.5) - 1.0).abs() < 1e-15);
        assert!((triangular_quantile(0.0, 1.0, 2.0, 0.125) - 0.5).abs() < 1e-15);
        assert!((triangular_quantile(0.0, 1.0, 2.0, 0.875) - 1.5).abs() < 1e-15);
    }
}
