//! The parts of a response beyond its answers: comments tied to sections
//! (§) of the proposal, attached files, and passages the respondent asks
//! to keep confidential as business secrets (offentlighedsloven § 30 nr. 2),
//! with the rule that withholds them from publication.

use crate::ids::{FileId, QuestionId, SectionId};
use crate::input::{Errors, Problem};
use crate::question::Answer;

/// The longest comment on a section, in characters.
pub const COMMENT_MAX: usize = 20_000;
/// The most files attached to one response.
pub const ATTACHMENTS_MAX: usize = 5;
/// The longest reason for a confidential passage, in characters.
pub const PASSAGE_REASON_MAX: usize = 1_000;
/// The most confidential passages of one response.
pub const PASSAGES_MAX: usize = 20;
/// What a withheld passage is replaced with where the response is published.
pub const WITHHELD: &str = "[…]";

/// Where a confidential passage is: in the answer to a text question, or
/// in the comment on a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Location {
    /// The answer to a question.
    Answer(QuestionId),
    /// The comment on a section.
    Comment(SectionId),
}

impl Location {
    /// Reads `answer:<question id>` or `comment:<section id>`.
    pub fn parse(raw: &str) -> Option<Self> {
        let (kind, id) = raw.trim().split_once(':')?;
        match kind {
            "answer" => id.parse().ok().map(Location::Answer),
            "comment" => id.parse().ok().map(Location::Comment),
            _ => None,
        }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::Answer(q) => write!(f, "answer:{q}"),
            Location::Comment(s) => write!(f, "comment:{s}"),
        }
    }
}

/// A confidential passage as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawPassage {
    /// `answer:<id>` or `comment:<id>`.
    pub location: String,
    /// The exact text to withhold, as it stands in that answer or comment.
    pub text: String,
    /// Why it is a business secret.
    pub reason: String,
}

impl RawPassage {
    /// Whether every field is blank (a form row left empty).
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty() && self.reason.trim().is_empty()
    }
}

/// A checked confidential passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// Where it is.
    pub location: Location,
    /// The text withheld.
    pub text: String,
    /// Why.
    pub reason: String,
}

/// The parts of a response beyond stance, publication and answers, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawParts {
    /// Comments: (section id, text). Blank ones are skipped.
    pub comments: Vec<(String, String)>,
    /// Attached files, by the id of the organisation's upload.
    pub attachments: Vec<String>,
    /// Confidential passages. Blank rows are skipped.
    pub confidential: Vec<RawPassage>,
}

/// The checked parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parts {
    /// One comment per section at most, in the sections' order.
    pub comments: Vec<(SectionId, String)>,
    /// Attached files, each once, in the order given.
    pub attachments: Vec<FileId>,
    /// Confidential passages, each found in its answer or comment.
    pub confidential: Vec<Passage>,
}

/// A whole response as typed, checked or not: what a draft keeps, so
/// nothing typed is lost. Answers are the values of the form's fields (one
/// per chosen option of a multiple choice, `yes`/`no`, a file question's
/// upload id), as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawResponse {
    /// Stance, as typed.
    pub stance: String,
    /// Publication choice, as typed.
    pub publication: String,
    /// The values given per question.
    pub answers: Vec<(QuestionId, Vec<String>)>,
    /// Comments, attachments and confidential passages.
    pub parts: RawParts,
}

impl RawResponse {
    /// The values given for a question (none if not answered).
    pub fn values(&self, q: QuestionId) -> &[String] {
        self.answers
            .iter()
            .find(|(id, _)| *id == q)
            .map(|(_, v)| v.as_slice())
            .unwrap_or_default()
    }

    /// The comment typed for a section ("" if none).
    pub fn comment(&self, s: SectionId) -> &str {
        let s = s.to_string();
        self.parts
            .comments
            .iter()
            .find(|(id, _)| *id == s)
            .map(|(_, t)| t.as_str())
            .unwrap_or_default()
    }

    /// A checked response as it would be typed again (to edit it).
    pub fn of_checked(
        stance: &str,
        publication: &str,
        answers: &[(QuestionId, Answer)],
        parts: &Parts,
    ) -> Self {
        RawResponse {
            stance: stance.to_string(),
            publication: publication.to_string(),
            answers: answers.iter().map(|(q, a)| (*q, a.form_values())).collect(),
            parts: RawParts {
                comments: parts
                    .comments
                    .iter()
                    .map(|(s, t)| (s.to_string(), t.clone()))
                    .collect(),
                attachments: parts.attachments.iter().map(|f| f.to_string()).collect(),
                confidential: parts
                    .confidential
                    .iter()
                    .map(|p| RawPassage {
                        location: p.location.to_string(),
                        text: p.text.clone(),
                        reason: p.reason.clone(),
                    })
                    .collect(),
            },
        }
    }
}

/// Checks the parts of a response against the hearing's sections and the
/// response's checked answers; problems go to `e` under `comments.<section
/// id>`, `attachments` and `confidential[i].location|text|reason`.
pub fn parse_parts(
    e: &mut Errors,
    sections: &[SectionId],
    answers: &[(QuestionId, Answer)],
    raw: &RawParts,
) -> Parts {
    let mut comments: Vec<(SectionId, String)> = Vec::new();
    for (section, text) in &raw.comments {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let field = format!("comments.{}", section.trim());
        let Some(id) = section
            .trim()
            .parse::<SectionId>()
            .ok()
            .filter(|s| sections.contains(s))
        else {
            e.push(field, Problem::UnknownSection);
            continue;
        };
        if text.chars().count() > COMMENT_MAX {
            e.push(field, Problem::TooLong { max: COMMENT_MAX });
            continue;
        }
        match comments.iter_mut().find(|(s, _)| *s == id) {
            // Two comments on one section become one, in the order given.
            Some((_, existing)) => {
                existing.push_str("\n\n");
                existing.push_str(text);
            }
            None => comments.push((id, text.to_string())),
        }
    }
    comments.sort_by_key(|(s, _)| sections.iter().position(|x| x == s));

    let mut attachments: Vec<FileId> = Vec::new();
    for raw_id in raw
        .attachments
        .iter()
        .map(|a| a.trim())
        .filter(|a| !a.is_empty())
    {
        match raw_id.parse::<FileId>() {
            Ok(id) if !attachments.contains(&id) => attachments.push(id),
            Ok(_) => {}
            Err(_) => e.push("attachments", Problem::Answer(crate::AnswerError::NotAFile)),
        }
    }
    if attachments.len() > ATTACHMENTS_MAX {
        e.push(
            "attachments",
            Problem::TooManyFiles {
                max: ATTACHMENTS_MAX,
            },
        );
    }

    let text_of = |location: &Location| -> Option<&str> {
        match location {
            Location::Answer(q) => answers.iter().find_map(|(id, a)| match a {
                Answer::Text(t) if id == q => Some(t.as_str()),
                _ => None,
            }),
            Location::Comment(s) => comments
                .iter()
                .find(|(id, _)| id == s)
                .map(|(_, t)| t.as_str()),
        }
    };
    let mut confidential = Vec::new();
    let rows: Vec<(usize, &RawPassage)> = raw
        .confidential
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.is_blank())
        .collect();
    if rows.len() > PASSAGES_MAX {
        e.push(
            "confidential",
            Problem::TooManyPassages { max: PASSAGES_MAX },
        );
    }
    for (i, p) in rows.into_iter().take(PASSAGES_MAX) {
        let location = Location::parse(&p.location);
        let text = p.text.trim();
        let reason = p.reason.trim();
        let mut ok = true;
        match location {
            Some(l) if text_of(&l).is_some() => {
                if text.is_empty() {
                    e.push(format!("confidential[{i}].text"), Problem::Required);
                    ok = false;
                } else if !text_of(&l).is_some_and(|t| t.contains(text)) {
                    e.push(format!("confidential[{i}].text"), Problem::PassageNotFound);
                    ok = false;
                }
            }
            _ => {
                e.push(
                    format!("confidential[{i}].location"),
                    Problem::PassageLocation,
                );
                ok = false;
            }
        }
        if reason.is_empty() {
            e.push(format!("confidential[{i}].reason"), Problem::Required);
            ok = false;
        } else if reason.chars().count() > PASSAGE_REASON_MAX {
            e.push(
                format!("confidential[{i}].reason"),
                Problem::TooLong {
                    max: PASSAGE_REASON_MAX,
                },
            );
            ok = false;
        }
        if let (true, Some(location)) = (ok, location) {
            confidential.push(Passage {
                location,
                text: text.to_string(),
                reason: reason.to_string(),
            });
        }
    }
    Parts {
        comments,
        attachments,
        confidential,
    }
}

/// A text as it may be published: every passage withheld from it replaced
/// by [`WITHHELD`]. Longer passages go first, so one inside another leaves
/// nothing of the longer behind.
pub fn withhold<'a>(text: &str, passages: impl IntoIterator<Item = &'a str>) -> String {
    let mut passages: Vec<&str> = passages.into_iter().filter(|p| !p.is_empty()).collect();
    passages.sort_by_key(|p| std::cmp::Reverse(p.len()));
    let mut out = text.to_string();
    for p in passages {
        out = out.replace(p, WITHHELD);
    }
    out
}

/// What staff decided on a request to keep a passage confidential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Not decided: withheld meanwhile.
    Pending,
    /// Granted: withheld for good.
    Granted,
    /// Refused: published with the rest.
    Refused,
}

impl Decision {
    /// The wire name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Decision::Pending => "pending",
            Decision::Granted => "granted",
            Decision::Refused => "refused",
        }
    }

    /// Reads a wire name.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "pending" => Some(Decision::Pending),
            "granted" => Some(Decision::Granted),
            "refused" => Some(Decision::Refused),
            _ => None,
        }
    }

    /// Whether the passage is kept from the public.
    pub fn withholds(&self) -> bool {
        !matches!(self, Decision::Refused)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use uuid::Uuid;

    fn ids() -> (QuestionId, SectionId, SectionId) {
        (
            QuestionId(Uuid::from_u128(1)),
            SectionId(Uuid::from_u128(2)),
            SectionId(Uuid::from_u128(3)),
        )
    }

    fn answers(q: QuestionId) -> Vec<(QuestionId, Answer)> {
        vec![(
            q,
            Answer::Text("Vi omsætter for 12 mio. kr. om året og har 8 ansatte.".into()),
        )]
    }

    #[test]
    fn comments_belong_to_sections_of_the_hearing_in_their_order() {
        let (q, s1, s2) = ids();
        let mut e = Errors::default();
        let raw = RawParts {
            comments: vec![
                (s2.to_string(), " Om § 2 ".into()),
                (s1.to_string(), "Om § 1".into()),
                (s2.to_string(), "Mere om § 2".into()),
                (s1.to_string(), "  ".into()),
            ],
            ..RawParts::default()
        };
        let parts = parse_parts(&mut e, &[s1, s2], &answers(q), &raw);
        assert!(e.is_empty(), "{:?}", e.0);
        assert_eq!(
            parts.comments,
            vec![(s1, "Om § 1".into()), (s2, "Om § 2\n\nMere om § 2".into())]
        );
        let stranger = SectionId(Uuid::from_u128(9));
        let raw = RawParts {
            comments: vec![(stranger.to_string(), "x".into())],
            ..RawParts::default()
        };
        parse_parts(&mut e, &[s1, s2], &answers(q), &raw);
        assert_eq!(e.0[0].field, format!("comments.{stranger}"));
        assert_eq!(e.0[0].problem, Problem::UnknownSection);
    }

    #[test]
    fn at_most_five_distinct_attachments() {
        let (q, s1, _) = ids();
        let files: Vec<String> = (10..16u128)
            .map(|n| Uuid::from_u128(n).to_string())
            .collect();
        let mut e = Errors::default();
        let mut raw = RawParts {
            attachments: files[..5].to_vec(),
            ..RawParts::default()
        };
        raw.attachments.push(files[0].clone());
        assert_eq!(
            parse_parts(&mut e, &[s1], &answers(q), &raw)
                .attachments
                .len(),
            5
        );
        assert!(e.is_empty());
        raw.attachments = files.clone();
        parse_parts(&mut e, &[s1], &answers(q), &raw);
        assert_eq!(e.0[0].problem, Problem::TooManyFiles { max: 5 });
    }

    #[test]
    fn a_confidential_passage_must_stand_in_its_answer_or_comment_and_give_a_reason() {
        let (q, s1, _) = ids();
        let mut e = Errors::default();
        let raw = RawParts {
            comments: vec![(s1.to_string(), "Vores leverandør er Firma X.".into())],
            confidential: vec![
                RawPassage {
                    location: format!("answer:{q}"),
                    text: " 12 mio. kr. ".into(),
                    reason: "Omsætningen er en forretningshemmelighed.".into(),
                },
                RawPassage {
                    location: format!("comment:{s1}"),
                    text: "Firma X".into(),
                    reason: "Aftalen er fortrolig.".into(),
                },
                RawPassage::default(),
            ],
            ..RawParts::default()
        };
        let parts = parse_parts(&mut e, &[s1], &answers(q), &raw);
        assert!(e.is_empty(), "{:?}", e.0);
        assert_eq!(parts.confidential.len(), 2);
        assert_eq!(parts.confidential[0].text, "12 mio. kr.");

        let raw = RawParts {
            confidential: vec![
                RawPassage {
                    location: format!("answer:{q}"),
                    text: "20 mio. kr.".into(),
                    reason: "".into(),
                },
                RawPassage {
                    location: "answer:ikke-et-id".into(),
                    text: "x".into(),
                    reason: "y".into(),
                },
            ],
            ..RawParts::default()
        };
        let mut e = Errors::default();
        let parts = parse_parts(&mut e, &[s1], &answers(q), &raw);
        assert!(parts.confidential.is_empty());
        let fields: Vec<(&str, &Problem)> =
            e.0.iter().map(|f| (f.field.as_str(), &f.problem)).collect();
        assert_eq!(
            fields,
            vec![
                ("confidential[0].text", &Problem::PassageNotFound),
                ("confidential[0].reason", &Problem::Required),
                ("confidential[1].location", &Problem::PassageLocation),
            ]
        );
    }

    #[test]
    fn withheld_passages_leave_nothing_of_themselves() {
        assert_eq!(
            withhold(
                "Vi har 8 ansatte og 12 mio. kr. i omsætning.",
                ["12 mio. kr.", "8 ansatte"]
            ),
            "Vi har […] og […] i omsætning."
        );
        assert_eq!(
            withhold("Firma X A/S leverer.", ["Firma X", "Firma X A/S"]),
            "[…] leverer."
        );
        assert_eq!(withhold("Intet at skjule.", [""]), "Intet at skjule.");
    }

    #[test]
    fn locations_read_back_as_written() {
        let (q, s, _) = ids();
        for l in [Location::Answer(q), Location::Comment(s)] {
            assert_eq!(Location::parse(&l.to_string()), Some(l));
        }
        assert_eq!(Location::parse("section:1"), None);
    }

    proptest! {
        #[test]
        fn a_withheld_text_never_contains_a_passage(
            text in "[a-zæøå ]{0,80}",
            passage in "[a-zæøå]{2,8}",
        ) {
            let out = withhold(&text, [passage.as_str()]);
            // A passage may only reappear if it is made of the marker itself.
            prop_assert!(!out.contains(&passage) || WITHHELD.contains(&passage));
        }
    }
}
