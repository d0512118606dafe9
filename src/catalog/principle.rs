//! The three pillars and the 31 Guiding Principles.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One of the three pillars of the UN Guiding Principles.
///
/// Not `#[non_exhaustive]`: the Guiding Principles have exactly three pillars.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Pillar {
    /// Pillar I, the State duty to protect human rights (Principles 1-10).
    Protect,
    /// Pillar II, the corporate responsibility to respect human rights (Principles 11-24).
    Respect,
    /// Pillar III, access to remedy (Principles 25-31).
    Remedy,
}

impl Pillar {
    /// The three pillars in order.
    pub const ALL: [Pillar; 3] = [Pillar::Protect, Pillar::Respect, Pillar::Remedy];

    /// The principles of this pillar.
    ///
    /// ```
    /// use hrdd::catalog::Pillar;
    /// let remedy: Vec<u8> = Pillar::Remedy.principles().map(|p| p.number()).collect();
    /// assert_eq!(remedy, (25..=31).collect::<Vec<_>>());
    /// ```
    pub fn principles(self) -> impl Iterator<Item = Principle> {
        let range = match self {
            Pillar::Protect => 1..=10,
            Pillar::Respect => 11..=24,
            Pillar::Remedy => 25..=31,
        };
        range.map(Principle)
    }

    /// A short English name: "Protect", "Respect" or "Remedy".
    pub fn name(self) -> &'static str {
        match self {
            Pillar::Protect => "Protect",
            Pillar::Respect => "Respect",
            Pillar::Remedy => "Remedy",
        }
    }

    /// The pillar's full English title.
    pub fn title(self) -> &'static str {
        match self {
            Pillar::Protect => "The State duty to protect human rights",
            Pillar::Respect => "The corporate responsibility to respect human rights",
            Pillar::Remedy => "Access to remedy",
        }
    }
}

impl fmt::Display for Pillar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One of the 31 UN Guiding Principles, by number.
///
/// ```
/// use hrdd::catalog::{Pillar, Principle};
/// let p = Principle::new(19).unwrap();
/// assert_eq!(p.pillar(), Pillar::Respect);
/// assert!(Principle::new(32).is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Principle(u8);

/// A number that is not a Guiding Principle (1 to 31).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a guiding principle: principles are numbered 1 to 31")]
pub struct PrincipleError(pub i64);

impl Principle {
    /// The number of Guiding Principles.
    pub const COUNT: u8 = 31;

    /// The principle numbered `number`, if it is 1 to 31.
    pub fn new(number: u8) -> Result<Self, PrincipleError> {
        if (1..=Self::COUNT).contains(&number) {
            Ok(Self(number))
        } else {
            Err(PrincipleError(i64::from(number)))
        }
    }

    /// Every principle, 1 to 31.
    pub fn all() -> impl Iterator<Item = Principle> {
        (1..=Self::COUNT).map(Principle)
    }

    /// The principle's number, 1 to 31.
    pub fn number(self) -> u8 {
        self.0
    }

    /// The pillar the principle belongs to, which follows from its number.
    pub fn pillar(self) -> Pillar {
        match self.0 {
            0..=10 => Pillar::Protect,
            11..=24 => Pillar::Respect,
            _ => Pillar::Remedy,
        }
    }
}

impl fmt::Debug for Principle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Principle({})", self.0)
    }
}

impl fmt::Display for Principle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for Principle {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u8(self.0)
    }
}

impl<'de> Deserialize<'de> for Principle {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let number = i64::deserialize(deserializer)?;
        u8::try_from(number)
            .ok()
            .and_then(|n| Principle::new(n).ok())
            .ok_or_else(|| serde::de::Error::custom(PrincipleError(number)))
    }
}

impl JsonSchema for Principle {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Principle")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "integer",
            "minimum": 1,
            "maximum": 31,
            "description": "A UN Guiding Principle by number, 1 to 31."
        })
    }
}

/// A set of principles, stored as a bit set so that copying it costs nothing.
///
/// Serialised as an ascending array of principle numbers.
///
/// ```
/// use hrdd::catalog::{Principle, PrincipleSet};
/// let set: PrincipleSet = [Principle::new(29).unwrap(), Principle::new(22).unwrap()].into_iter().collect();
/// assert_eq!(set.iter().map(|p| p.number()).collect::<Vec<_>>(), vec![22, 29]);
/// assert_eq!(serde_json::to_string(&set).unwrap(), "[22,29]");
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PrincipleSet(u32);

impl PrincipleSet {
    /// The empty set.
    pub const EMPTY: PrincipleSet = PrincipleSet(0);

    /// Adds a principle.
    pub fn insert(&mut self, principle: Principle) {
        self.0 |= 1 << principle.0;
    }

    /// Whether the set holds `principle`.
    pub fn contains(self, principle: Principle) -> bool {
        self.0 & (1 << principle.0) != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// How many principles the set holds.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The union of two sets.
    pub fn union(self, other: PrincipleSet) -> PrincipleSet {
        PrincipleSet(self.0 | other.0)
    }

    /// The principles in ascending order.
    pub fn iter(self) -> impl Iterator<Item = Principle> {
        // Walk the set bits rather than test all 31 principles: scoring calls this per question.
        let mut bits = self.0;
        std::iter::from_fn(move || {
            if bits == 0 {
                return None;
            }
            let number = bits.trailing_zeros();
            bits &= bits - 1;
            u8::try_from(number).ok().map(Principle)
        })
    }
}

impl FromIterator<Principle> for PrincipleSet {
    fn from_iter<I: IntoIterator<Item = Principle>>(iter: I) -> Self {
        let mut set = PrincipleSet::EMPTY;
        for principle in iter {
            set.insert(principle);
        }
        set
    }
}

impl<'a> FromIterator<&'a Principle> for PrincipleSet {
    fn from_iter<I: IntoIterator<Item = &'a Principle>>(iter: I) -> Self {
        iter.into_iter().copied().collect()
    }
}

impl fmt::Debug for PrincipleSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set()
            .entries(self.iter().map(Principle::number))
            .finish()
    }
}

impl Serialize for PrincipleSet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for PrincipleSet {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Vec::<Principle>::deserialize(deserializer)?
            .into_iter()
            .collect())
    }
}

impl JsonSchema for PrincipleSet {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("PrincipleSet")
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let item = generator.subschema_for::<Principle>();
        json_schema!({ "type": "array", "items": item, "uniqueItems": true })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pillars_partition_the_principles() {
        let total: usize = Pillar::ALL.iter().map(|p| p.principles().count()).sum();
        assert_eq!(total, 31);
        for pillar in Pillar::ALL {
            assert!(pillar.principles().all(|p| p.pillar() == pillar));
        }
        assert_eq!(
            Principle::new(10).map(Principle::pillar),
            Ok(Pillar::Protect)
        );
        assert_eq!(
            Principle::new(11).map(Principle::pillar),
            Ok(Pillar::Respect)
        );
        assert_eq!(
            Principle::new(25).map(Principle::pillar),
            Ok(Pillar::Remedy)
        );
    }

    #[test]
    fn out_of_range_numbers_are_rejected() {
        assert!(Principle::new(0).is_err());
        assert!(Principle::new(32).is_err());
        let error = serde_json::from_str::<Principle>("300").err();
        assert!(error.is_some_and(|e| e.to_string().contains("`300` is not a guiding principle")));
    }
}
