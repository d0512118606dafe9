//! The per-question lists of a scorecard, kept compact until someone reads them.
//!
//! A scorecard lists every question and every gap. Built as structs that own their ids, those
//! lists cost scoring an atomic reference count per id for each row (and as many again when the
//! scorecard is dropped), which is most of the time of scoring a large questionnaire. So the
//! engine writes compact rows instead: numbers and indexes into the labels the checked
//! questionnaire gathered once ([`QuestionLabel`]), shared by every scorecard. Serializing walks
//! the compact rows directly; reading a list as a slice of [`QuestionScore`] or [`Gap`] builds the
//! full rows once, on first use, and keeps them. The question rows do not depend on the profile,
//! so every scorecard of one checked assessment shares them (unless its profile changes how a
//! question scores).
//!
//! Both forms serialize to the same bytes, because both go through the same borrowed view of a
//! row; a deserialized scorecard holds the full rows.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::catalog::PrincipleSet;
use crate::id::{ItemId, QuestionId, SectionId};
use crate::questionnaire::check::QuestionLabel;
use crate::text::Text;

use super::scorecard::{Gap, QuestionScore, QuestionStatus};

/// What compact rows name their questions and items by.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Names {
    /// The questionnaire's question labels, by question index.
    pub(crate) labels: Arc<[QuestionLabel]>,
    /// The items of repeated sections that rows refer to.
    pub(crate) items: Arc<[ItemId]>,
}

impl Names {
    fn item(&self, item: Option<u32>) -> Option<Option<&ItemId>> {
        match item {
            None => Some(None),
            Some(k) => self.items.get(usize::try_from(k).ok()?).map(Some),
        }
    }

    fn label(&self, index: u32) -> Option<&QuestionLabel> {
        self.labels.get(usize::try_from(index).ok()?)
    }
}

/// One question (one item of it) as the engine writes it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct QuestionRow {
    /// The question's index in questionnaire order.
    pub(crate) index: u32,
    /// The item's position in [`Names::items`], for a question of a repeated section.
    pub(crate) item: Option<u32>,
    pub(crate) status: QuestionStatus,
    pub(crate) evidenced: bool,
    pub(crate) points: f64,
    pub(crate) worst: f64,
    pub(crate) best: f64,
    /// The share of the way from the worst to the best answer; the score is 100 times it.
    pub(crate) fraction: f64,
}

/// One gap as the engine writes it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct GapRow {
    /// The question's index in questionnaire order.
    pub(crate) index: u32,
    /// The item's position in [`Names::items`], for a question of a repeated section.
    pub(crate) item: Option<u32>,
    pub(crate) status: QuestionStatus,
    /// The share of the way from the worst to the best answer; the score is 100 times it.
    pub(crate) fraction: f64,
    pub(crate) gain: f64,
}

/// A [`QuestionScore`] with borrowed ids: what both forms serialize through, so that their
/// bytes cannot drift apart. Field names, order and skipping match [`QuestionScore`].
#[derive(Serialize)]
struct QuestionScoreView<'a> {
    question: &'a QuestionId,
    section: &'a SectionId,
    #[serde(skip_serializing_if = "Option::is_none")]
    item: Option<&'a ItemId>,
    status: QuestionStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    points: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    worst_points: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    best_points: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<f64>,
    weight: f64,
    evidenced: bool,
    critical: bool,
    principles: PrincipleSet,
}

impl<'a> From<&'a QuestionScore> for QuestionScoreView<'a> {
    fn from(q: &'a QuestionScore) -> Self {
        QuestionScoreView {
            question: &q.question,
            section: &q.section,
            item: q.item.as_ref(),
            status: q.status,
            points: q.points,
            worst_points: q.worst_points,
            best_points: q.best_points,
            score: q.score,
            weight: q.weight,
            evidenced: q.evidenced,
            critical: q.critical,
            principles: q.principles,
        }
    }
}

impl From<QuestionScoreView<'_>> for QuestionScore {
    fn from(v: QuestionScoreView<'_>) -> Self {
        QuestionScore {
            question: v.question.clone(),
            section: v.section.clone(),
            item: v.item.cloned(),
            status: v.status,
            points: v.points,
            worst_points: v.worst_points,
            best_points: v.best_points,
            score: v.score,
            weight: v.weight,
            evidenced: v.evidenced,
            critical: v.critical,
            principles: v.principles,
        }
    }
}

impl Serialize for QuestionScore {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        QuestionScoreView::from(self).serialize(serializer)
    }
}

/// A [`Gap`] with borrowed ids and action; see [`QuestionScoreView`].
#[derive(Serialize)]
struct GapView<'a> {
    question: &'a QuestionId,
    section: &'a SectionId,
    #[serde(skip_serializing_if = "Option::is_none")]
    item: Option<&'a ItemId>,
    status: QuestionStatus,
    score: f64,
    gain: f64,
    critical: bool,
    principles: PrincipleSet,
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<&'a Text>,
}

impl<'a> From<&'a Gap> for GapView<'a> {
    fn from(g: &'a Gap) -> Self {
        GapView {
            question: &g.question,
            section: &g.section,
            item: g.item.as_ref(),
            status: g.status,
            score: g.score,
            gain: g.gain,
            critical: g.critical,
            principles: g.principles,
            action: g.action.as_ref(),
        }
    }
}

impl From<GapView<'_>> for Gap {
    fn from(v: GapView<'_>) -> Self {
        Gap {
            question: v.question.clone(),
            section: v.section.clone(),
            item: v.item.cloned(),
            status: v.status,
            score: v.score,
            gain: v.gain,
            critical: v.critical,
            principles: v.principles,
            action: v.action.cloned(),
        }
    }
}

impl Serialize for Gap {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        GapView::from(self).serialize(serializer)
    }
}

/// A compact row and the full row it stands for.
trait Row: Copy {
    type Full: Clone + PartialEq + fmt::Debug;
    type View<'a>: Serialize + Into<Self::Full>;

    /// The row with its names looked up; `None` only if an index is out of range, which the
    /// engine never writes.
    fn view<'a>(&self, names: &'a Names) -> Option<Self::View<'a>>;

    fn full_view(full: &Self::Full) -> Self::View<'_>;
}

impl Row for QuestionRow {
    type Full = QuestionScore;
    type View<'a> = QuestionScoreView<'a>;

    fn view<'a>(&self, names: &'a Names) -> Option<QuestionScoreView<'a>> {
        let label = names.label(self.index)?;
        let counts = self.status.counts();
        Some(QuestionScoreView {
            question: &label.question,
            section: &label.section,
            item: names.item(self.item)?,
            status: self.status,
            points: counts.then_some(self.points),
            worst_points: counts.then_some(self.worst),
            best_points: counts.then_some(self.best),
            score: counts.then_some(self.fraction * 100.0),
            weight: label.weight,
            evidenced: self.evidenced,
            critical: label.critical,
            principles: label.principles,
        })
    }

    fn full_view(full: &QuestionScore) -> QuestionScoreView<'_> {
        QuestionScoreView::from(full)
    }
}

impl Row for GapRow {
    type Full = Gap;
    type View<'a> = GapView<'a>;

    fn view<'a>(&self, names: &'a Names) -> Option<GapView<'a>> {
        let label = names.label(self.index)?;
        Some(GapView {
            question: &label.question,
            section: &label.section,
            item: names.item(self.item)?,
            status: self.status,
            score: self.fraction * 100.0,
            gain: self.gain,
            critical: label.critical,
            principles: label.principles,
            action: label.action.as_ref(),
        })
    }

    fn full_view(full: &Gap) -> GapView<'_> {
        GapView::from(full)
    }
}

/// Compact rows: made for one scorecard, or shared by every scorecard of one evaluated
/// assessment (its question rows do not depend on the profile).
#[derive(Clone)]
pub(crate) enum Compact<R> {
    Owned(Vec<R>),
    Shared(Arc<[R]>),
}

impl<R> Deref for Compact<R> {
    type Target = [R];

    fn deref(&self) -> &[R] {
        match self {
            Compact::Owned(rows) => rows,
            Compact::Shared(rows) => rows,
        }
    }
}

impl<R> From<Vec<R>> for Compact<R> {
    fn from(rows: Vec<R>) -> Self {
        Compact::Owned(rows)
    }
}

impl<R> From<Arc<[R]>> for Compact<R> {
    fn from(rows: Arc<[R]>) -> Self {
        Compact::Shared(rows)
    }
}

/// A list of rows: full rows (from a document, or built by a caller), or compact rows with the
/// full rows built on first read.
#[derive(Clone)]
enum Rows<R: Row> {
    Full(Vec<R::Full>),
    Compact {
        names: Names,
        rows: Compact<R>,
        full: OnceLock<Vec<R::Full>>,
    },
}

impl<R: Row> Rows<R> {
    fn build(names: &Names, rows: &[R]) -> Vec<R::Full> {
        rows.iter()
            .filter_map(|row| row.view(names))
            .map(Into::into)
            .collect()
    }

    fn as_slice(&self) -> &[R::Full] {
        match self {
            Rows::Full(full) => full,
            Rows::Compact { names, rows, full } => full.get_or_init(|| Self::build(names, rows)),
        }
    }

    fn into_vec(self) -> Vec<R::Full> {
        match self {
            Rows::Full(full) => full,
            Rows::Compact { names, rows, full } => full
                .into_inner()
                .unwrap_or_else(|| Self::build(&names, &rows)),
        }
    }

    fn len(&self) -> usize {
        match self {
            Rows::Full(full) => full.len(),
            Rows::Compact { rows, .. } => rows.len(),
        }
    }

    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Rows::Full(full) => serializer.collect_seq(full.iter().map(R::full_view)),
            Rows::Compact { names, rows, .. } => {
                serializer.collect_seq(rows.iter().filter_map(|row| row.view(names)))
            }
        }
    }
}

/// Implements, for a list type, what makes it read like the `Vec` it stands for: a slice by
/// `Deref`, iteration, equality and `Debug` over the full rows, and the `Vec`'s serde and schema.
macro_rules! row_list {
    ($list:ident, $row:ty, $full:ty) => {
        impl $list {
            pub(crate) fn compact(names: Names, rows: impl Into<Compact<$row>>) -> Self {
                $list(Rows::Compact {
                    names,
                    rows: rows.into(),
                    full: OnceLock::new(),
                })
            }

            /// How many rows there are (without building the full rows).
            pub fn len(&self) -> usize {
                self.0.len()
            }

            /// Whether there are none (without building the full rows).
            pub fn is_empty(&self) -> bool {
                self.0.len() == 0
            }

            /// The rows as a vector.
            pub fn into_vec(self) -> Vec<$full> {
                self.0.into_vec()
            }
        }

        impl Deref for $list {
            type Target = [$full];

            fn deref(&self) -> &[$full] {
                self.0.as_slice()
            }
        }

        impl Default for $list {
            fn default() -> Self {
                $list(Rows::Full(Vec::new()))
            }
        }

        impl From<Vec<$full>> for $list {
            fn from(full: Vec<$full>) -> Self {
                $list(Rows::Full(full))
            }
        }

        impl From<$list> for Vec<$full> {
            fn from(list: $list) -> Self {
                list.into_vec()
            }
        }

        impl FromIterator<$full> for $list {
            fn from_iter<I: IntoIterator<Item = $full>>(iter: I) -> Self {
                $list(Rows::Full(iter.into_iter().collect()))
            }
        }

        impl<'a> IntoIterator for &'a $list {
            type Item = &'a $full;
            type IntoIter = std::slice::Iter<'a, $full>;

            fn into_iter(self) -> Self::IntoIter {
                self.iter()
            }
        }

        impl IntoIterator for $list {
            type Item = $full;
            type IntoIter = std::vec::IntoIter<$full>;

            fn into_iter(self) -> Self::IntoIter {
                self.into_vec().into_iter()
            }
        }

        impl PartialEq for $list {
            fn eq(&self, other: &Self) -> bool {
                **self == **other
            }
        }

        impl fmt::Debug for $list {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&**self, f)
            }
        }

        impl Serialize for $list {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.0.serialize(serializer)
            }
        }

        impl<'de> Deserialize<'de> for $list {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Vec::<$full>::deserialize(deserializer).map(Self::from)
            }
        }

        impl JsonSchema for $list {
            fn inline_schema() -> bool {
                <Vec<$full>>::inline_schema()
            }

            fn schema_name() -> Cow<'static, str> {
                <Vec<$full>>::schema_name()
            }

            fn schema_id() -> Cow<'static, str> {
                <Vec<$full>>::schema_id()
            }

            fn json_schema(generator: &mut SchemaGenerator) -> Schema {
                <Vec<$full>>::json_schema(generator)
            }
        }
    };
}

/// The questions of a [`Scorecard`](super::Scorecard): reads as a slice of [`QuestionScore`]
/// (`card.questions.iter()`, `card.questions[0]`), serializes as an array of them.
///
/// Scoring stores the rows compactly and builds the [`QuestionScore`]s the first time the list is
/// read as a slice; [`len`](Self::len), [`is_empty`](Self::is_empty) and serializing do not build
/// them.
#[derive(Clone)]
pub struct QuestionScores(Rows<QuestionRow>);

row_list!(QuestionScores, QuestionRow, QuestionScore);

/// The gaps of a [`Scorecard`](super::Scorecard): reads as a slice of [`Gap`]
/// (`card.gaps.iter()`, `card.gaps[0]`), serializes as an array of them.
///
/// Scoring stores the rows compactly and builds the [`Gap`]s the first time the list is read as a
/// slice; [`len`](Self::len), [`is_empty`](Self::is_empty) and serializing do not build them.
#[derive(Clone)]
pub struct Gaps(Rows<GapRow>);

row_list!(Gaps, GapRow, Gap);
