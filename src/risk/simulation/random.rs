//! A small pseudo-random generator and the samplers of the simulation, written so that the same
//! seed gives the same numbers on every machine.
//!
//! - The generator is xoshiro256** (Blackman and Vigna, 2018), its 256-bit state filled from a
//!   SplitMix64 stream (Steele, Lea and Flood, 2014), as its authors recommend.
//! - Only IEEE 754 basic operations (`+ - × ÷`, `sqrt`, `floor`, `round`) and exact
//!   conversions are used: they are correctly rounded on every conforming machine, and Rust never
//!   fuses them. `ln` and `exp`, which platform maths libraries compute differently in the last
//!   bit, are computed here by fdlibm's algorithms ([`ln`], [`exp`]).
//! - Beta draws are exact rejection samplers ([`BetaDraw`]) with their constants worked out once
//!   per distribution: two Marsaglia-Tsang gammas over a ziggurat normal, or Cheng's BC when a
//!   parameter is below 1.

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

    /// A uniform number in `(0, 1)`: the top 52 bits, centred in their interval, so neither 0
    /// nor 1 comes out (both would break `ln` and the inverse transforms). 52 and not 53: `n + 0.5`
    /// is exact for `n < 2^52`, while from 53 bits `2^53 - 1 + 0.5` would round up to 1.
    pub(crate) fn open01(&mut self) -> f64 {
        ((self.next_u64() >> 12) as f64 + 0.5) * (1.0 / 4_503_599_627_370_496.0)
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

/// The natural logarithm, from basic operations only, by the algorithm of fdlibm's `e_log.c`
/// (Sun Microsystems, 1993, as simplified in FreeBSD and musl): `x = m · 2^k` with `m` in
/// `[√2/2, √2)`, `f = m - 1`, `s = f / (2 + f)`, and `ln(1 + f) = f - f²/2 + s(f²/2 + R(s²))`
/// with `R` its degree-14 minimax polynomial. One division, no branch on the common path; error
/// below 1 ulp.
pub(crate) fn ln(x: f64) -> f64 {
    const LG1: f64 = f64::from_bits(0x3FE5_5555_5555_5593);
    const LG2: f64 = f64::from_bits(0x3FD9_9999_9997_FA04);
    const LG3: f64 = f64::from_bits(0x3FD2_4924_9422_9359);
    const LG4: f64 = f64::from_bits(0x3FCC_71C5_1D8E_78AF);
    const LG5: f64 = f64::from_bits(0x3FC7_4664_96CB_03DE);
    const LG6: f64 = f64::from_bits(0x3FC3_9A09_D078_C69F);
    const LG7: f64 = f64::from_bits(0x3FC2_F112_DF3E_5244);
    let mut bits = x.to_bits();
    let mut k: i64 = 0;
    if bits >> 52 == 0 || bits >> 63 != 0 || bits >> 52 >= 0x7ff {
        // Zero, subnormal, negative, infinite or NaN: off the hot path.
        if x.is_nan() || x < 0.0 {
            return f64::NAN;
        }
        if x == 0.0 {
            return f64::NEG_INFINITY;
        }
        if x.is_infinite() {
            return x;
        }
        // Subnormal: scale by 2^54 (exact) first.
        bits = (x * pow2(54)).to_bits();
        k = -54;
    }
    // Shift the exponent so that the mantissa lands in [√2/2, √2): 0x3FE6A09E is the high word
    // of √2/2.
    let high = (bits >> 32) + (0x3FF0_0000 - 0x3FE6_A09E);
    k += (high >> 20) as i64 - 0x3FF;
    let high = (high & 0x000F_FFFF) + 0x3FE6_A09E;
    let m = f64::from_bits((high << 32) | (bits & 0xFFFF_FFFF));
    let f = m - 1.0;
    let half_f2 = 0.5 * f * f;
    let s = f / (2.0 + f);
    let z = s * s;
    let w = z * z;
    let t1 = w * (LG2 + w * (LG4 + w * LG6));
    let t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    let r = t2 + t1;
    let k = k as f64;
    s * (half_f2 + r) + k * LN2_LO - half_f2 + f + k * LN2_HI
}

/// The exponential, from basic operations only, by the algorithm of fdlibm's `e_exp.c`:
/// `x = k ln 2 + r` with `|r| <= ln 2 / 2`, `e^r = 1 + r + r·c/(2 - c)` with `c` from a degree-10
/// minimax polynomial, then scaled by `2^k`. One division; error below 1 ulp.
pub(crate) fn exp(x: f64) -> f64 {
    const P1: f64 = f64::from_bits(0x3FC5_5555_5555_553E);
    const P2: f64 = f64::from_bits(0xBF66_C16C_16BE_BD93);
    const P3: f64 = f64::from_bits(0x3F11_566A_AF25_DE2C);
    const P4: f64 = f64::from_bits(0xBEBB_BD41_C5D2_6BF1);
    const P5: f64 = f64::from_bits(0x3E66_3769_72BE_A4D0);
    if !(x > -745.2 && x < 709.782_712_893_384) {
        if x.is_nan() {
            return x;
        }
        return if x > 0.0 { f64::INFINITY } else { 0.0 };
    }
    // Round to nearest by truncating `x / ln 2 ± 1/2` (an exact conversion: |x / ln 2| < 1100).
    let half = if x < 0.0 { -0.5 } else { 0.5 };
    let k = (x * LOG2_E + half) as i64;
    let kf = k as f64;
    let hi = x - kf * LN2_HI;
    let lo = kf * LN2_LO;
    let r = hi - lo;
    let rr = r * r;
    let c = r - rr * (P1 + rr * (P2 + rr * (P3 + rr * (P4 + rr * P5))));
    let y = 1.0 + (r * c / (2.0 - c) - lo + hi);
    if k > 1023 {
        y * pow2(1023) * pow2(k - 1023)
    } else if k < -1022 {
        y * pow2(-1022) * pow2(k + 1022)
    } else {
        y * pow2(k)
    }
}

/// `ln 4`, the constant of Cheng's acceptance tests, to full precision (the published
/// algorithms print 1.3862944; a rounded constant would tilt the acceptance by 4e-8).
const LN_4: f64 = 2.0 * std::f64::consts::LN_2;
/// Tries of a BC draw before giving up on a broken parameter (see [`BetaDraw::draw`]).
const MAX_TRIES: u32 = 10_000;
/// The largest `v` for which `e^v` is finite.
const EXP_MAX: f64 = 709.782_712_893_384;

/// The ziggurat of the standard normal density `f(x) = e^(-x²/2)` (Marsaglia and Tsang, The
/// ziggurat method for generating random variables, J. Stat. Softw. 5(8), 2000), in 256 layers
/// of equal area `v`: layer 0 is the rectangle `[0, r] × [0, f(r)]` plus the tail beyond `r`,
/// layer `i >= 1` the rectangle `[0, x_i] × [f(x_i), f(x_(i+1))]`.
#[derive(Debug)]
pub(crate) struct Ziggurat {
    /// Per layer `i`: `(x_i, x_(i+1), f(x_i), f(x_(i+1)))`, with `x_0 = v / f(r)` (the width
    /// that gives layer 0 its area), `x_1 = r` and `x_256 = 0`.
    layers: [(f64, f64, f64, f64); 256],
}

/// The ziggurat's `r` for 256 layers: the `r` for which the layers close at `x_256 = 0` (the
/// value used by the Rust `rand` crates). With it the top layer's area matches the others' to
/// 1.5e-13 relative (tested), so the density drawn is the normal's up to rounding.
const ZIGGURAT_R: f64 = 3.654_152_885_361_009;

impl Ziggurat {
    /// The layers from `r`: `v = r f(r) + ∫_r^∞ f`, the tail integral from the continued fraction
    /// of Mills' ratio (`∫_r^∞ f = f(r) / (r + 1/(r + 2/(r + 3/(r + …))))`, 200 levels: far past
    /// convergence at `r = 3.65`), then `x_(i+1) = f⁻¹(f(x_i) + v / x_i)`. Only the portable
    /// `ln`, `exp`, `sqrt` and basic operations: the same table on every machine.
    fn new() -> Self {
        let f = |x: f64| exp(-0.5 * x * x);
        let r = ZIGGURAT_R;
        let mut fraction = r;
        for k in (1..=200).rev() {
            fraction = r + f64::from(k) / fraction;
        }
        let v = r * f(r) + f(r) / fraction;
        let mut x = [0.0_f64; 257];
        let mut previous = r;
        for (i, slot) in x.iter_mut().enumerate() {
            *slot = match i {
                0 => v / f(r),
                1 => r,
                256 => 0.0,
                _ => {
                    let next = (-2.0 * ln(v / previous + f(previous))).sqrt();
                    previous = next;
                    next
                }
            };
        }
        let mut layers = [(0.0, 0.0, 0.0, 1.0); 256];
        for (layer, pair) in layers.iter_mut().zip(x.windows(2)) {
            if let [outer, inner] = *pair {
                let f_inner = if inner == 0.0 { 1.0 } else { f(inner) };
                *layer = (outer, inner, f(outer), f_inner);
            }
        }
        Self { layers }
    }

    /// The shared table, built on first use.
    pub(crate) fn get() -> &'static Ziggurat {
        static TABLE: std::sync::OnceLock<Ziggurat> = std::sync::OnceLock::new();
        TABLE.get_or_init(Ziggurat::new)
    }

    /// A standard normal draw. One 64-bit number per try: the low 8 bits pick the layer, the top
    /// 52 a point across it; 98.8% of tries land inside the layer's inner rectangle and return
    /// at once, the others test the wedge against the density or, in layer 0, draw from the
    /// tail (Marsaglia's exact tail method).
    #[inline(always)]
    pub(crate) fn normal(&self, rng: &mut Xoshiro256) -> f64 {
        loop {
            let bits = rng.next_u64();
            let Some(&(outer, inner, f_outer, f_inner)) = self.layers.get(usize::from(bits as u8))
            else {
                continue;
            };
            // In (-1, 1), symmetric: (n + 1/2) / 2^51 - 1 for the top 52 bits n.
            let u = ((bits >> 12) as f64 + 0.5) * (1.0 / 2_251_799_813_685_248.0) - 1.0;
            let x = u * outer;
            if x.abs() < inner {
                return x;
            }
            if bits as u8 == 0 {
                // Layer 0, beyond r: the tail.
                let tail = loop {
                    let t = -ln(rng.open01()) / ZIGGURAT_R;
                    let y = -ln(rng.open01());
                    if y + y >= t * t {
                        break t;
                    }
                };
                return if u < 0.0 {
                    -(ZIGGURAT_R + tail)
                } else {
                    ZIGGURAT_R + tail
                };
            }
            if f_outer + (f_inner - f_outer) * rng.open01() < exp(-0.5 * x * x) {
                return x;
            }
        }
    }
}

/// A Gamma(`shape`, 1) sampler for `shape >= 1` (Marsaglia and Tsang, A simple method for
/// generating gamma variables, ACM TOMS 26(3), 2000): exact rejection from a transformed
/// normal, accepting over 95% of tries, almost all by a squeeze without any logarithm.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct GammaDraw {
    d: f64,
    c: f64,
}

impl GammaDraw {
    pub(crate) fn new(shape: f64) -> Self {
        let d = shape - 1.0 / 3.0;
        Self {
            d,
            c: 1.0 / (9.0 * d).sqrt(),
        }
    }

    #[inline(always)]
    fn draw(&self, rng: &mut Xoshiro256, ziggurat: &Ziggurat) -> f64 {
        let Self { d, c } = *self;
        loop {
            let x = ziggurat.normal(rng);
            let v = 1.0 + c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = rng.open01();
            let x2 = x * x;
            if u < 1.0 - 0.0331 * x2 * x2 || ln(u) < 0.5 * x2 + d * (1.0 - v + ln(v)) {
                return d * v;
            }
        }
    }
}

/// A Beta(`alpha`, `beta`) sampler with its constants worked out once, exact by rejection:
/// - both parameters at least 1: `X / (X + Y)` with `X ~ Gamma(alpha)`, `Y ~ Gamma(beta)` by
///   Marsaglia and Tsang's method over a ziggurat normal; no logarithm on the common path;
/// - otherwise Cheng's (1978) algorithm BC (R. C. H. Cheng, Generating beta variates with
///   nonintegral shape parameters, CACM 21(4), 317-322): two uniforms, a `ln` and an `exp` per
///   try.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum BetaDraw {
    /// Two gammas.
    Gammas { x: GammaDraw, y: GammaDraw },
    /// Algorithm BC: `a = max(alpha, beta)`, `b = min(alpha, beta) < 1`.
    Bc {
        a: f64,
        b: f64,
        alpha: f64,
        beta: f64,
        k1: f64,
        k2: f64,
        /// Whether `alpha` was the smaller parameter: the draw is then `b / (b + w)`.
        swap: bool,
    },
}

impl BetaDraw {
    /// The sampler of Beta(`alpha`, `beta`), both positive and finite.
    pub(crate) fn new(alpha: f64, beta: f64) -> Self {
        let (small, large) = if alpha <= beta {
            (alpha, beta)
        } else {
            (beta, alpha)
        };
        if small >= 1.0 {
            return BetaDraw::Gammas {
                x: GammaDraw::new(alpha),
                y: GammaDraw::new(beta),
            };
        }
        let b_param = 1.0 / small;
        let delta = 1.0 + large - small;
        // Cheng's bounds for the quick rejections, his decimals (1/72, 1/24 and 7/9 rounded
        // up, each making a quick rejection rarer, never wrong).
        let k1 = delta * (0.013_888_9 + 0.041_666_7 * small) / (large * b_param - 0.777_778);
        let k2 = 0.25 + (0.5 + 0.25 / delta) * small;
        BetaDraw::Bc {
            a: large,
            b: small,
            alpha: small + large,
            beta: b_param,
            k1,
            k2,
            swap: alpha <= beta,
        }
    }

    /// One draw in `[0, 1]`.
    ///
    /// A try of BC is accepted with a probability bounded away from 0 over its whole range
    /// (Cheng 1978), so [`MAX_TRIES`] failures in a row do not happen with sound arithmetic;
    /// they would mean floating point broke down (parameters near 0 or `f64::MAX`), and the
    /// mean is returned then rather than looping on.
    pub(crate) fn draw(&self, rng: &mut Xoshiro256, ziggurat: &Ziggurat) -> f64 {
        match *self {
            BetaDraw::Gammas { x, y } => {
                let x = x.draw(rng, ziggurat);
                let y = y.draw(rng, ziggurat);
                x / (x + y)
            }
            BetaDraw::Bc {
                a, b, alpha, swap, ..
            } => {
                for _ in 0..MAX_TRIES {
                    if let Some(x) = self.try_bc(rng) {
                        return x;
                    }
                }
                if swap { b / alpha } else { a / alpha }
            }
        }
    }

    /// One try of algorithm BC: the draw if accepted.
    fn try_bc(&self, rng: &mut Xoshiro256) -> Option<f64> {
        let BetaDraw::Bc {
            a,
            b,
            alpha,
            beta,
            k1,
            k2,
            swap,
        } = *self
        else {
            return None;
        };
        let u1 = rng.open01();
        let u2 = rng.open01();
        let z;
        if u1 < 0.5 {
            let y = u1 * u2;
            z = u1 * y;
            if 0.25 * u2 + z - y >= k1 {
                return None;
            }
        } else {
            z = u1 * u1 * u2;
            if z <= 0.25 {
                let (_, w) = v_w(u1, a, beta);
                return Some(beta_result(w, b, swap));
            }
            if z >= k2 {
                return None;
            }
        }
        let (v, w) = v_w(u1, a, beta);
        (alpha * (ln(alpha / (b + w)) + v) - LN_4 >= ln(z)).then(|| beta_result(w, b, swap))
    }
}

/// `v = β ln(u / (1 - u))` and `w = a e^v` of algorithm BC, `w` kept finite.
fn v_w(u1: f64, a: f64, beta: f64) -> (f64, f64) {
    let v = beta * ln(u1 / (1.0 - u1));
    let w = if v <= EXP_MAX { a * exp(v) } else { f64::MAX };
    (v, w.min(f64::MAX))
}

/// `w / (b + w)`, or `b / (b + w)` when the parameters were swapped.
fn beta_result(w: f64, b: f64, swap: bool) -> f64 {
    if swap { b / (b + w) } else { w / (b + w) }
}

/// A distribution made ready for drawing: its constants worked out once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Draw {
    /// Always this value.
    Fixed(f64),
    /// `min + U · width`.
    Uniform { min: f64, width: f64 },
    /// Triangular, by inversion.
    Triangular { min: f64, mode: f64, max: f64 },
    /// A beta draw `x`, given as is or stretched to `low + width · x`.
    Beta {
        draw: BetaDraw,
        stretch: Option<(f64, f64)>,
    },
}

impl Draw {
    /// Fills `out` with draws, in order: the same numbers as as many calls of
    /// [`draw`](Draw::draw), with the choice of method made once and the beta's two gamma
    /// samplers inlined into one loop.
    pub(crate) fn fill(&self, sampler: &mut Sampler, out: &mut [f64]) {
        match *self {
            Draw::Beta {
                draw: BetaDraw::Gammas { x, y },
                stretch,
            } => {
                let (rng, ziggurat) = (&mut sampler.rng, sampler.ziggurat);
                for slot in out.iter_mut() {
                    let gx = x.draw(rng, ziggurat);
                    let gy = y.draw(rng, ziggurat);
                    let v = gx / (gx + gy);
                    *slot = match stretch {
                        None => v,
                        Some((low, width)) => low + width * v,
                    };
                }
            }
            _ => {
                for slot in out.iter_mut() {
                    *slot = self.draw(sampler);
                }
            }
        }
    }

    /// One draw.
    pub(crate) fn draw(&self, sampler: &mut Sampler) -> f64 {
        match *self {
            Draw::Fixed(value) => value,
            Draw::Uniform { min, width } => min + sampler.uniform() * width,
            Draw::Triangular { min, mode, max } => sampler.triangular(min, mode, max),
            Draw::Beta { draw, stretch } => {
                let x = draw.draw(&mut sampler.rng, sampler.ziggurat);
                match stretch {
                    None => x,
                    Some((low, width)) => low + width * x,
                }
            }
        }
    }
}

/// A sampler: the generator and the transforms of the simulation's distributions.
#[derive(Debug, Clone)]
pub(crate) struct Sampler {
    rng: Xoshiro256,
    ziggurat: &'static Ziggurat,
}

impl Sampler {
    pub(crate) fn new(rng: Xoshiro256) -> Self {
        Self {
            rng,
            ziggurat: Ziggurat::get(),
        }
    }

    /// Uniform in `(0, 1)`.
    pub(crate) fn uniform(&mut self) -> f64 {
        self.rng.open01()
    }

    /// A Beta(`alpha`, `beta`) draw in `[0, 1]` (constants worked out on each call: for many
    /// draws of one distribution, keep a [`BetaDraw`]).
    #[cfg(test)]
    pub(crate) fn beta(&mut self, alpha: f64, beta: f64) -> f64 {
        BetaDraw::new(alpha, beta).draw(&mut self.rng, self.ziggurat)
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
    fn ziggurat_layers_have_equal_areas_and_close_at_zero() {
        // v, the area of every layer, is r f(r) + the tail beyond r, that is
        // r e^(-r²/2) + √(π/2) erfc(r/√2) = 0.004928673233974658 by Python's math.erfc (an
        // independent implementation); ours comes from a continued fraction.
        let z = Ziggurat::get();
        let f = |x: f64| (-0.5 * x * x).exp(); // the platform's exp: an independent check
        let (x0, r, _, f_r) = z.layers[0];
        let v = x0 * f_r;
        assert!((v - 0.004_928_673_233_974_658).abs() < 4e-18, "v = {v}");
        assert_eq!(r, ZIGGURAT_R);
        // Layer i >= 1 is [0, x_i] × [f(x_i), f(x_(i+1))]: its area must be v. The top layer
        // (x_256 = 0, f = 1) only has area v if the recurrence closed at 0, which tests r.
        for (i, &(outer, inner, f_outer, f_inner)) in z.layers.iter().enumerate().skip(1) {
            assert!((f_outer - f(outer)).abs() < 1e-15 && (f_inner - f(inner)).abs() < 1e-15);
            let area = outer * (f_inner - f_outer);
            assert!(
                (area - v).abs() < 1e-12 * v,
                "layer {i}: area {area} vs {v}"
            );
            assert!(inner < outer);
        }
        assert_eq!(z.layers[255].1, 0.0);
    }

    /// The standard normal CDF by composite Simpson integration of the density on a grid of
    /// step 1/1024 (the platform's `exp`), read by linear interpolation: error below 1e-7,
    /// independent of the ziggurat.
    fn normal_cdf_table() -> impl Fn(f64) -> f64 {
        let h = 1.0 / 1024.0;
        let phi = |t: f64| (-0.5 * t * t).exp() / (2.0 * std::f64::consts::PI).sqrt();
        let steps = 9 * 1024;
        let mut table = vec![0.5_f64; steps + 1];
        for k in 1..=steps {
            let (a, b) = ((k - 1) as f64 * h, k as f64 * h);
            table[k] = table[k - 1] + h / 6.0 * (phi(a) + 4.0 * phi(0.5 * (a + b)) + phi(b));
        }
        move |x: f64| {
            let y = x.abs() / h;
            let k = y.floor() as usize;
            let upper = if k >= steps {
                1.0
            } else {
                let w = y - k as f64;
                table[k] * (1.0 - w) + table[k + 1] * w
            };
            if x < 0.0 { 1.0 - upper } else { upper }
        }
    }

    #[test]
    fn ziggurat_normals_follow_the_normal_cdf_including_the_tail() {
        let cdf = normal_cdf_table();
        let z = Ziggurat::get();
        let mut rng = Xoshiro256::from_seed(2024);
        let n = 1_000_000;
        let mut draws: Vec<f64> = (0..n).map(|_| z.normal(&mut rng)).collect();
        // Beyond 4 sits 2(1 - Φ(4)) = 6.334e-5 of the mass, all of it drawn by the tail
        // method: 63.3 expected, Poisson, so within ±5√63.3 ≈ ±40 but for one in a million.
        let beyond = draws.iter().filter(|x| x.abs() > 4.0).count() as f64;
        let expected = 2.0 * (1.0 - cdf(4.0)) * n as f64;
        assert!((expected - 63.34).abs() < 0.1, "{expected}");
        assert!(
            (beyond - expected).abs() < 5.0 * expected.sqrt(),
            "{beyond} beyond 4"
        );
        // Kolmogorov-Smirnov at α = 1e-6: critical gap √(ln(2/α)/(2n)) = 0.0027.
        draws.sort_by(f64::total_cmp);
        let critical = ((2.0f64 / 1e-6).ln() / (2.0 * n as f64)).sqrt();
        let mut gap = 0.0f64;
        for (i, &x) in draws.iter().enumerate() {
            let c = cdf(x);
            gap = gap
                .max((c - i as f64 / n as f64).abs())
                .max(((i + 1) as f64 / n as f64 - c).abs());
        }
        assert!(gap < critical, "KS gap {gap} >= {critical}");
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
