//! The summary of a hearing's responses and the politicians' briefing.
//!
//! Every figure is counted in the database with `GROUP BY`, in a fixed
//! number of queries whatever the number of responses: one for the
//! responses by respondent type, industry section, size class, area and
//! stance together (every breakdown and cross-tabulation is added up from
//! its few rows), two for the hearing list's response rate, one for the
//! scale answers' distributions, one for the number answers' count, sum and
//! median, and two for the themes. The briefing does the same for all the
//! hearings it shows at once.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use hearings_core::analysis::median_of_counts;
use hearings_core::hearing_info::CouncilMeeting;
use hearings_core::{
    HearingId, HearingState, QuestionId, QuestionKind, RespondentType, SizeClass, Stance,
};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QuerySelect, Statement,
};
use uuid::Uuid;

use crate::entity::{answer, invitation, response};
use crate::{Account, HearingListItem, Store, StoreError, ThemeView};

/// What responses are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// Company, business association …
    RespondentType,
    /// Industry section letter.
    IndustrySection,
    /// EU size class.
    SizeClass,
    /// Local area code.
    Area,
}

impl Dimension {
    /// Every dimension, in the order shown.
    pub const ALL: [Dimension; 4] = [
        Dimension::RespondentType,
        Dimension::IndustrySection,
        Dimension::SizeClass,
        Dimension::Area,
    ];

    /// Its stable name (`respondent_type`, `industry_section`, `size_class`, `area`).
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::RespondentType => "respondent_type",
            Dimension::IndustrySection => "industry_section",
            Dimension::SizeClass => "size_class",
            Dimension::Area => "area",
        }
    }
}

/// One group of a breakdown: its responses, and those by stance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The group's code (a respondent type, section letter, size class or area code).
    pub key: String,
    /// Its responses.
    pub total: i64,
    /// Its responses by stance, every stance in [`Stance::ALL`]'s order (zeros included).
    pub by_stance: Vec<(Stance, i64)>,
}

/// The responses by one dimension, with the stance in each group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakdown {
    /// What they are grouped by.
    pub dimension: Dimension,
    /// The groups that have responses, in the dimension's order.
    pub groups: Vec<Group>,
}

/// The hearing list's response rate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ResponseRate {
    /// Parties invited.
    pub invited: i64,
    /// Of those, the ones that have responded.
    pub responded: i64,
}

impl ResponseRate {
    /// In whole per cent, rounded; none when nobody was invited.
    pub fn percent(&self) -> Option<i64> {
        (self.invited > 0).then(|| (self.responded * 100 + self.invited / 2) / self.invited)
    }
}

/// The answers to a scale question (1–5).
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleFigures {
    /// The question.
    pub question: QuestionId,
    /// Its prompt.
    pub prompt: String,
    /// How many answered it.
    pub answered: i64,
    /// How many answered each value, 1 to 5 (zeros included).
    pub counts: Vec<(i32, i64)>,
    /// The median; none without answers.
    pub median: Option<f64>,
}

/// The answers to a number question.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberFigures {
    /// The question.
    pub question: QuestionId,
    /// Its prompt.
    pub prompt: String,
    /// Its unit ("DKK", "jobs").
    pub unit: String,
    /// How many answered it.
    pub answered: i64,
    /// The sum of the answers.
    pub sum: f64,
    /// The median; none without answers.
    pub median: Option<f64>,
}

/// The figures of a hearing's responses.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Summary {
    /// All responses.
    pub total: i64,
    /// By stance name, in the stances' order (stances with responses only).
    pub by_stance: Vec<(String, i64)>,
    /// By respondent type, in the types' order.
    pub by_respondent_type: Vec<(String, i64)>,
    /// By industry section letter.
    pub by_industry_section: Vec<(String, i64)>,
    /// By size class name, smallest first.
    pub by_size_class: Vec<(String, i64)>,
    /// By local area code.
    pub by_area: Vec<(String, i64)>,
    /// Per dimension, the groups with the stance in each (cross-tabulation).
    pub breakdowns: Vec<Breakdown>,
    /// The hearing list's response rate.
    pub response_rate: ResponseRate,
    /// The scale questions, in the form's order.
    pub scales: Vec<ScaleFigures>,
    /// The number questions, in the form's order.
    pub numbers: Vec<NumberFigures>,
    /// The themes, the most responses first, with the administration's
    /// comment and the resulting change.
    pub themes: Vec<ThemeView>,
}

/// A hearing in the politicians' briefing with its headline figures.
#[derive(Debug, Clone, PartialEq)]
pub struct BriefingHearing {
    /// The hearing.
    pub hearing: HearingListItem,
    /// Its responses.
    pub responses: i64,
    /// Its responses by stance, every stance in order (zeros included).
    pub by_stance: Vec<(Stance, i64)>,
    /// The hearing list's response rate.
    pub response_rate: ResponseRate,
    /// Its themes with the most responses, at most [`BRIEFING_THEMES`].
    pub top_themes: Vec<ThemeView>,
}

/// The hearings to be decided at one council meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct MeetingGroup {
    /// The meeting's date (Copenhagen).
    pub date: NaiveDate,
    /// Whether the meeting is today or later.
    pub upcoming: bool,
    /// Its hearings, by title.
    pub hearings: Vec<BriefingHearing>,
}

/// The most themes the briefing shows per hearing.
pub const BRIEFING_THEMES: usize = 3;

fn order_of(d: Dimension, key: &str) -> (usize, String) {
    let rank = match d {
        Dimension::RespondentType => RespondentType::parse(key)
            .ok()
            .and_then(|t| RespondentType::ALL.iter().position(|x| *x == t)),
        Dimension::SizeClass => SizeClass::parse(key)
            .ok()
            .and_then(|t| SizeClass::ALL.iter().position(|x| *x == t)),
        Dimension::IndustrySection | Dimension::Area => Some(0),
    };
    (rank.unwrap_or(usize::MAX), key.to_string())
}

fn stance_counts(m: &HashMap<Stance, i64>) -> Vec<(Stance, i64)> {
    Stance::ALL
        .iter()
        .map(|s| (*s, m.get(s).copied().unwrap_or_default()))
        .collect()
}

/// The themes the most responses first (ties in their own order).
fn by_count(mut themes: Vec<ThemeView>) -> Vec<ThemeView> {
    themes.sort_by_key(|t| std::cmp::Reverse(t.responses));
    themes
}

fn placeholders(backend: DbBackend, from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| match backend {
            DbBackend::Postgres => format!("${i}"),
            _ => "?".to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl Store {
    /// The figures of a hearing's responses (see the module's comment for
    /// the queries), for staff, politicians and administrators.
    #[tracing::instrument(skip_all, fields(hearing_id = %id))]
    pub async fn summary(&self, viewer: &Account, id: HearingId) -> Result<Summary, StoreError> {
        self.readable_hearing(viewer, id).await?;
        let questions = self.questions(id).await?;
        let cells: Vec<(String, String, String, String, String, i64)> = response::Entity::find()
            .select_only()
            .column(response::Column::RespondentType)
            .column(response::Column::IndustrySection)
            .column(response::Column::SizeClass)
            .column(response::Column::AreaCode)
            .column(response::Column::Stance)
            .column_as(Expr::col(response::Column::Id).count(), "n")
            .filter(response::Column::HearingId.eq(id.0))
            .group_by(response::Column::RespondentType)
            .group_by(response::Column::IndustrySection)
            .group_by(response::Column::SizeClass)
            .group_by(response::Column::AreaCode)
            .group_by(response::Column::Stance)
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut groups: HashMap<(Dimension, String), HashMap<Stance, i64>> = HashMap::new();
        let mut stances: HashMap<Stance, i64> = HashMap::new();
        for (rtype, section, size, area, stance, n) in cells {
            let stance = Stance::parse(&stance).map_err(|e| StoreError::Internal(e.to_string()))?;
            *stances.entry(stance).or_default() += n;
            for (d, key) in [
                (Dimension::RespondentType, rtype),
                (Dimension::IndustrySection, section),
                (Dimension::SizeClass, size),
                (Dimension::Area, area),
            ] {
                *groups
                    .entry((d, key))
                    .or_default()
                    .entry(stance)
                    .or_default() += n;
            }
        }
        let breakdowns: Vec<Breakdown> = Dimension::ALL
            .iter()
            .map(|d| {
                let mut gs: Vec<Group> = groups
                    .iter()
                    .filter(|((dim, _), _)| dim == d)
                    .map(|((_, key), m)| Group {
                        key: key.clone(),
                        total: m.values().sum(),
                        by_stance: stance_counts(m),
                    })
                    .collect();
                gs.sort_by_key(|g| order_of(*d, &g.key));
                Breakdown {
                    dimension: *d,
                    groups: gs,
                }
            })
            .collect();
        let flat = |d: Dimension| -> Vec<(String, i64)> {
            breakdowns
                .iter()
                .filter(|b| b.dimension == d)
                .flat_map(|b| b.groups.iter().map(|g| (g.key.clone(), g.total)))
                .collect()
        };
        let rates = self.response_rates(vec![id.0]).await?;
        let response_rate = rates.get(&id.0).copied().unwrap_or_default();

        let scale_ids: Vec<Uuid> = questions
            .iter()
            .filter(|q| q.spec.kind == QuestionKind::Scale)
            .map(|q| q.id.0)
            .collect();
        let mut scale_counts: HashMap<Uuid, HashMap<i32, i64>> = HashMap::new();
        if !scale_ids.is_empty() {
            let rows: Vec<(Uuid, String, i64)> = answer::Entity::find()
                .select_only()
                .column(answer::Column::QuestionId)
                .column(answer::Column::Value)
                .column_as(Expr::col(answer::Column::ResponseId).count(), "n")
                .filter(answer::Column::QuestionId.is_in(scale_ids))
                .group_by(answer::Column::QuestionId)
                .group_by(answer::Column::Value)
                .into_tuple()
                .all(&self.db)
                .await?;
            for (q, v, n) in rows {
                if let Ok(v) = v.trim().parse::<i32>() {
                    *scale_counts.entry(q).or_default().entry(v).or_default() += n;
                }
            }
        }
        let number_ids: Vec<Uuid> = questions
            .iter()
            .filter(|q| matches!(q.spec.kind, QuestionKind::Number(_)))
            .map(|q| q.id.0)
            .collect();
        let number_figures = self.number_figures(&number_ids).await?;

        let scales = questions
            .iter()
            .filter(|q| q.spec.kind == QuestionKind::Scale)
            .map(|q| {
                let m = scale_counts.remove(&q.id.0).unwrap_or_default();
                let counts: Vec<(i32, i64)> = (1..=5)
                    .map(|v| (v, m.get(&v).copied().unwrap_or_default()))
                    .collect();
                let pairs: Vec<(f64, i64)> =
                    counts.iter().map(|(v, n)| (f64::from(*v), *n)).collect();
                ScaleFigures {
                    question: q.id,
                    prompt: q.spec.prompt.clone(),
                    answered: counts.iter().map(|(_, n)| n).sum(),
                    counts,
                    median: median_of_counts(&pairs),
                }
            })
            .collect();
        let numbers = questions
            .iter()
            .filter_map(|q| match &q.spec.kind {
                QuestionKind::Number(unit) => {
                    let (answered, sum, median) = number_figures
                        .get(&q.id.0)
                        .copied()
                        .unwrap_or((0, 0.0, None));
                    Some(NumberFigures {
                        question: q.id,
                        prompt: q.spec.prompt.clone(),
                        unit: unit.clone(),
                        answered,
                        sum,
                        median,
                    })
                }
                _ => None,
            })
            .collect();
        let themes = by_count(self.themes(viewer, id).await?);
        let by_stance = Stance::ALL
            .iter()
            .filter_map(|s| {
                stances
                    .get(s)
                    .filter(|n| **n > 0)
                    .map(|n| (s.as_str().to_string(), *n))
            })
            .collect::<Vec<_>>();
        Ok(Summary {
            total: by_stance.iter().map(|(_, n)| n).sum(),
            by_stance,
            by_respondent_type: flat(Dimension::RespondentType),
            by_industry_section: flat(Dimension::IndustrySection),
            by_size_class: flat(Dimension::SizeClass),
            by_area: flat(Dimension::Area),
            breakdowns,
            response_rate,
            scales,
            numbers,
            themes,
        })
    }

    /// Per hearing, its invited parties and how many of them responded
    /// (two grouped queries).
    async fn response_rates(
        &self,
        hearings: Vec<Uuid>,
    ) -> Result<HashMap<Uuid, ResponseRate>, StoreError> {
        let mut out: HashMap<Uuid, ResponseRate> = HashMap::new();
        if hearings.is_empty() {
            return Ok(out);
        }
        let invited: Vec<(Uuid, i64)> = invitation::Entity::find()
            .select_only()
            .column(invitation::Column::HearingId)
            .column_as(Expr::col(invitation::Column::Id).count(), "n")
            .filter(invitation::Column::HearingId.is_in(hearings.clone()))
            .group_by(invitation::Column::HearingId)
            .into_tuple()
            .all(&self.db)
            .await?;
        for (h, n) in invited {
            out.entry(h).or_default().invited = n;
        }
        for (h, n) in self.invited_responded(hearings).await? {
            out.entry(h).or_default().responded = n;
        }
        Ok(out)
    }

    /// Per number question, how many answered, the sum and the median, in
    /// one query: PostgreSQL's `percentile_cont`, or on SQLite the middle
    /// row(s) found by a window function.
    async fn number_figures(
        &self,
        questions: &[Uuid],
    ) -> Result<HashMap<Uuid, (i64, f64, Option<f64>)>, StoreError> {
        let mut out = HashMap::new();
        if questions.is_empty() {
            return Ok(out);
        }
        let backend = self.db.get_database_backend();
        let list = placeholders(backend, 1, questions.len());
        let sql = match backend {
            DbBackend::Postgres => format!(
                "SELECT question_id, COUNT(*) AS n, SUM(x) AS total, \
                 percentile_cont(0.5) WITHIN GROUP (ORDER BY x) AS median \
                 FROM (SELECT question_id, CAST(value AS double precision) AS x \
                 FROM answers WHERE question_id IN ({list})) a GROUP BY question_id"
            ),
            _ => format!(
                "SELECT question_id, MAX(n) AS n, MAX(total) AS total, AVG(x) AS median FROM (\
                 SELECT question_id, x, \
                 ROW_NUMBER() OVER (PARTITION BY question_id ORDER BY x) AS rn, \
                 COUNT(*) OVER (PARTITION BY question_id) AS n, \
                 SUM(x) OVER (PARTITION BY question_id) AS total \
                 FROM (SELECT question_id, CAST(value AS REAL) AS x \
                 FROM answers WHERE question_id IN ({list})) a) w \
                 WHERE rn IN ((n + 1) / 2, (n + 2) / 2) GROUP BY question_id"
            ),
        };
        let values: Vec<sea_orm::Value> = questions.iter().map(|q| (*q).into()).collect();
        let rows = self
            .db
            .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?;
        for r in rows {
            let q: Uuid = r.try_get_by_index(0)?;
            let n: i64 = r.try_get_by_index(1)?;
            let total: Option<f64> = r.try_get_by_index(2)?;
            let median: Option<f64> = r.try_get_by_index(3)?;
            out.insert(q, (n, total.unwrap_or_default(), median));
        }
        Ok(out)
    }

    /// The politicians' briefing: the published hearings with a council
    /// meeting, grouped by meeting (upcoming meetings first, soonest first;
    /// then earlier ones, latest first), each with its headline figures.
    /// Nine queries, whatever the number of hearings or responses. For
    /// staff, politicians and administrators.
    #[tracing::instrument(skip_all)]
    pub async fn briefing(
        &self,
        viewer: &Account,
        now: DateTime<Utc>,
    ) -> Result<Vec<MeetingGroup>, StoreError> {
        if !viewer.role.reads_summaries() {
            return Err(StoreError::Forbidden);
        }
        let hearings: Vec<HearingListItem> = self
            .list_hearings(Some(viewer), now)
            .await?
            .into_iter()
            .filter(|h| {
                h.council_meeting.is_some()
                    && !matches!(h.state, HearingState::Draft | HearingState::Withdrawn)
            })
            .collect();
        let ids: Vec<Uuid> = hearings.iter().map(|h| h.id.0).collect();
        let mut stances: HashMap<Uuid, HashMap<Stance, i64>> = HashMap::new();
        if !ids.is_empty() {
            let rows: Vec<(Uuid, String, i64)> = response::Entity::find()
                .select_only()
                .column(response::Column::HearingId)
                .column(response::Column::Stance)
                .column_as(Expr::col(response::Column::Id).count(), "n")
                .filter(response::Column::HearingId.is_in(ids.clone()))
                .group_by(response::Column::HearingId)
                .group_by(response::Column::Stance)
                .into_tuple()
                .all(&self.db)
                .await?;
            for (h, s, n) in rows {
                if let Ok(s) = Stance::parse(&s) {
                    *stances.entry(h).or_default().entry(s).or_default() += n;
                }
            }
        }
        let rates = self.response_rates(ids.clone()).await?;
        let mut themes = self.themes_of(viewer, &ids).await?;
        let today = hearings_core::time::in_copenhagen(now).date_naive();
        let mut meetings: BTreeMap<NaiveDate, Vec<BriefingHearing>> = BTreeMap::new();
        for h in hearings {
            let Some(CouncilMeeting { date, .. }) = h.council_meeting.clone() else {
                continue;
            };
            let m = stances.remove(&h.id.0).unwrap_or_default();
            let mut top = by_count(themes.remove(&h.id.0).unwrap_or_default());
            top.retain(|t| t.responses > 0);
            top.truncate(BRIEFING_THEMES);
            meetings.entry(date).or_default().push(BriefingHearing {
                responses: m.values().sum(),
                by_stance: stance_counts(&m),
                response_rate: rates.get(&h.id.0).copied().unwrap_or_default(),
                top_themes: top,
                hearing: h,
            });
        }
        let mut upcoming = Vec::new();
        let mut past = Vec::new();
        for (date, mut hs) in meetings {
            hs.sort_by(|a, b| a.hearing.title.cmp(&b.hearing.title));
            let g = MeetingGroup {
                date,
                upcoming: date >= today,
                hearings: hs,
            };
            if g.upcoming {
                upcoming.push(g);
            } else {
                past.push(g);
            }
        }
        past.reverse();
        upcoming.extend(past);
        Ok(upcoming)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_response_rate_rounds_to_whole_per_cent_and_is_none_without_invitations() {
        let r = |invited, responded| ResponseRate { invited, responded }.percent();
        assert_eq!(r(0, 0), None);
        assert_eq!(r(3, 1), Some(33));
        assert_eq!(r(3, 2), Some(67));
        assert_eq!(r(4, 4), Some(100));
    }
}
