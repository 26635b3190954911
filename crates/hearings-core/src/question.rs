//! The questions of a hearing's form and the answers to them.

use crate::ids::FileId;

/// The kind of a question, with what the kind needs (options, a unit).
#[derive(Debug, Clone, PartialEq)]
pub enum QuestionKind {
    /// One line of text, at most [`SHORT_TEXT_MAX`] characters.
    ShortText,
    /// Free text, at most [`LONG_TEXT_MAX`] characters.
    LongText,
    /// One of the options.
    SingleChoice(Vec<String>),
    /// Any of the options.
    MultipleChoice(Vec<String>),
    /// A whole number from 1 to 5.
    Scale,
    /// A number with a unit (e.g. "DKK", "jobs").
    Number(String),
    /// Yes or no.
    YesNo,
    /// A PDF file the respondent uploads (see [`crate::files`]).
    File,
}

/// The longest short text answer, in characters.
pub const SHORT_TEXT_MAX: usize = 300;
/// The longest long text answer, in characters.
pub const LONG_TEXT_MAX: usize = 20_000;
/// The longest prompt, in characters.
pub const PROMPT_MAX: usize = 500;
/// The longest help text of a question, in characters.
pub const HELP_MAX: usize = 1_000;

/// The names of the question kinds, as on the wire.
pub const KIND_NAMES: &[&str] = &[
    "short_text",
    "long_text",
    "single_choice",
    "multiple_choice",
    "scale",
    "number",
    "yes_no",
    "file",
];

/// Why a question cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuestionError {
    /// Unknown kind name.
    #[error("'{0}' is not a question kind")]
    UnknownKind(String),
    /// The prompt is empty.
    #[error("a question needs a prompt")]
    EmptyPrompt,
    /// The prompt is too long.
    #[error("a prompt has at most {PROMPT_MAX} characters")]
    PromptTooLong,
    /// A choice question needs two or more distinct options.
    #[error("a choice question needs at least two different options")]
    TooFewOptions,
    /// A number question needs a unit.
    #[error("a number question needs a unit")]
    MissingUnit,
    /// The help text is too long.
    #[error("a help text has at most {HELP_MAX} characters")]
    HelpTooLong,
}

impl QuestionKind {
    /// Builds a kind from its wire name and what it needs. Options are
    /// trimmed, empty ones dropped, duplicates refused.
    pub fn build(
        name: &str,
        options: &[String],
        unit: Option<&str>,
    ) -> Result<Self, QuestionError> {
        let clean: Vec<String> = options
            .iter()
            .map(|o| o.trim().to_string())
            .filter(|o| !o.is_empty())
            .collect();
        let distinct = {
            let mut v = clean.clone();
            v.sort();
            v.dedup();
            v.len() == clean.len()
        };
        let choices = || {
            if clean.len() >= 2 && distinct {
                Ok(clean.clone())
            } else {
                Err(QuestionError::TooFewOptions)
            }
        };
        match name.trim() {
            "short_text" => Ok(QuestionKind::ShortText),
            "long_text" => Ok(QuestionKind::LongText),
            "single_choice" => Ok(QuestionKind::SingleChoice(choices()?)),
            "multiple_choice" => Ok(QuestionKind::MultipleChoice(choices()?)),
            "scale" => Ok(QuestionKind::Scale),
            "number" => match unit.map(str::trim).filter(|u| !u.is_empty()) {
                Some(u) => Ok(QuestionKind::Number(u.to_string())),
                None => Err(QuestionError::MissingUnit),
            },
            "yes_no" => Ok(QuestionKind::YesNo),
            "file" => Ok(QuestionKind::File),
            other => Err(QuestionError::UnknownKind(other.to_string())),
        }
    }

    /// The wire name.
    pub fn name(&self) -> &'static str {
        match self {
            QuestionKind::ShortText => "short_text",
            QuestionKind::LongText => "long_text",
            QuestionKind::SingleChoice(_) => "single_choice",
            QuestionKind::MultipleChoice(_) => "multiple_choice",
            QuestionKind::Scale => "scale",
            QuestionKind::Number(_) => "number",
            QuestionKind::YesNo => "yes_no",
            QuestionKind::File => "file",
        }
    }

    /// The options of a choice question (empty otherwise).
    pub fn options(&self) -> &[String] {
        match self {
            QuestionKind::SingleChoice(o) | QuestionKind::MultipleChoice(o) => o,
            _ => &[],
        }
    }

    /// The unit of a number question.
    pub fn unit(&self) -> Option<&str> {
        match self {
            QuestionKind::Number(u) => Some(u),
            _ => None,
        }
    }
}

/// A question as staff write it.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionSpec {
    /// What kind of answer it takes.
    pub kind: QuestionKind,
    /// The question itself.
    pub prompt: String,
    /// A hint shown under the question (may be empty).
    pub help: String,
    /// Whether an answer is required.
    pub required: bool,
}

impl QuestionSpec {
    /// Checks the prompt and builds the question.
    pub fn new(kind: QuestionKind, prompt: &str, required: bool) -> Result<Self, QuestionError> {
        let prompt = prompt.trim();
        if prompt.is_empty() {
            return Err(QuestionError::EmptyPrompt);
        }
        if prompt.chars().count() > PROMPT_MAX {
            return Err(QuestionError::PromptTooLong);
        }
        Ok(Self {
            kind,
            prompt: prompt.to_string(),
            help: String::new(),
            required,
        })
    }

    /// The question with a help text (trimmed; empty for none).
    pub fn with_help(mut self, help: &str) -> Result<Self, QuestionError> {
        let help = help.trim();
        if help.chars().count() > HELP_MAX {
            return Err(QuestionError::HelpTooLong);
        }
        self.help = help.to_string();
        Ok(self)
    }

    /// Validates a value given through the API (JSON), or `None` when no
    /// answer was given. `Ok(None)` means an optional question left blank.
    pub fn answer(&self, value: Option<&RawValue>) -> Result<Option<Answer>, AnswerError> {
        let value = match value {
            None | Some(RawValue::Null) => None,
            Some(RawValue::Text(s)) if s.trim().is_empty() => None,
            Some(RawValue::List(l)) if l.is_empty() => None,
            Some(v) => Some(v),
        };
        let Some(value) = value else {
            return if self.required {
                Err(AnswerError::Required)
            } else {
                Ok(None)
            };
        };
        let answer = match (&self.kind, value) {
            (QuestionKind::ShortText, RawValue::Text(s)) => {
                Answer::Text(text(s, SHORT_TEXT_MAX, true)?)
            }
            (QuestionKind::LongText, RawValue::Text(s)) => {
                Answer::Text(text(s, LONG_TEXT_MAX, false)?)
            }
            (QuestionKind::SingleChoice(options), RawValue::Text(s)) => {
                Answer::Choice(option(options, s)?)
            }
            (QuestionKind::MultipleChoice(options), RawValue::List(items)) => {
                let mut chosen = Vec::new();
                for item in items {
                    let o = option(options, item)?;
                    if !chosen.contains(&o) {
                        chosen.push(o);
                    }
                }
                // Keep the options' own order, whatever order they came in.
                chosen.sort_by_key(|c| options.iter().position(|o| o == c));
                Answer::Choices(chosen)
            }
            (QuestionKind::MultipleChoice(options), RawValue::Text(s)) => {
                Answer::Choices(vec![option(options, s)?])
            }
            (QuestionKind::Scale, RawValue::Integer(n)) => Answer::Scale(scale(*n)?),
            (QuestionKind::Scale, RawValue::Number(x)) if x.fract() == 0.0 => {
                Answer::Scale(scale(*x as i64)?)
            }
            (QuestionKind::Number(_), RawValue::Integer(n)) => Answer::Number(*n as f64),
            (QuestionKind::Number(_), RawValue::Number(x)) if x.is_finite() => Answer::Number(*x),
            (QuestionKind::YesNo, RawValue::Bool(b)) => Answer::YesNo(*b),
            (QuestionKind::File, RawValue::Text(s)) => Answer::File(
                s.trim()
                    .parse::<FileId>()
                    .map_err(|_| AnswerError::NotAFile)?,
            ),
            _ => {
                return Err(AnswerError::WrongType {
                    expected: self.kind.name(),
                });
            }
        };
        Ok(Some(answer))
    }

    /// Validates the values of a submitted HTML form field (all of them,
    /// for a multiple choice). Numbers are read with either a decimal comma
    /// or point; yes/no as "yes"/"no".
    pub fn answer_form(&self, values: &[&str]) -> Result<Option<Answer>, AnswerError> {
        let first = values.iter().map(|v| v.trim()).find(|v| !v.is_empty());
        let raw = match (&self.kind, first) {
            (_, None) => None,
            (QuestionKind::MultipleChoice(_), Some(_)) => Some(RawValue::List(
                values
                    .iter()
                    .map(|v| v.trim())
                    .filter(|v| !v.is_empty())
                    .map(str::to_string)
                    .collect(),
            )),
            (QuestionKind::Scale, Some(v)) => Some(RawValue::Integer(
                v.parse().map_err(|_| AnswerError::OutOfScale)?,
            )),
            (QuestionKind::Number(_), Some(v)) => Some(RawValue::Number(parse_number(v)?)),
            (QuestionKind::YesNo, Some(v)) => Some(RawValue::Bool(match v {
                "yes" | "true" | "ja" => true,
                "no" | "false" | "nej" => false,
                _ => return Err(AnswerError::WrongType { expected: "yes_no" }),
            })),
            (_, Some(_)) => Some(RawValue::Text(
                values.first().map(|v| v.to_string()).unwrap_or_default(),
            )),
        };
        self.answer(raw.as_ref())
    }
}

fn text(s: &str, max: usize, one_line: bool) -> Result<String, AnswerError> {
    let s = s.trim();
    if s.chars().count() > max {
        return Err(AnswerError::TooLong { max });
    }
    if one_line && s.contains(['\n', '\r']) {
        return Err(AnswerError::WrongType {
            expected: "short_text",
        });
    }
    Ok(s.to_string())
}

fn option(options: &[String], given: &str) -> Result<String, AnswerError> {
    let given = given.trim();
    options
        .iter()
        .find(|o| o.as_str() == given)
        .cloned()
        .ok_or_else(|| AnswerError::NotAnOption(given.to_string()))
}

fn scale(n: i64) -> Result<u8, AnswerError> {
    u8::try_from(n)
        .ok()
        .filter(|n| (1..=5).contains(n))
        .ok_or(AnswerError::OutOfScale)
}

/// Reads a number as typed by a Danish or an English user: "1.250,5",
/// "1250,5", "1,250.5" and "1250.5" are all 1250.5; spaces are ignored.
pub fn parse_number(raw: &str) -> Result<f64, AnswerError> {
    let s: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    if s.is_empty() || s.len() > 40 {
        return Err(AnswerError::NotANumber);
    }
    let normalised = match (s.rfind(','), s.rfind('.')) {
        (Some(c), Some(p)) if c > p => s.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => s.replace(',', ""),
        (Some(c), None) if s.matches(',').count() == 1 && s.len() - c - 1 != 3 => {
            s.replace(',', ".")
        }
        (Some(_), None) => s.replace(',', ""),
        (None, _) => s,
    };
    let valid = normalised
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || c == '.' || (i == 0 && c == '-'));
    if !valid {
        return Err(AnswerError::NotANumber);
    }
    normalised
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or(AnswerError::NotANumber)
}

/// A value as it came over the wire, before it is checked against its question.
#[derive(Debug, Clone, PartialEq)]
pub enum RawValue {
    /// Nothing.
    Null,
    /// A string.
    Text(String),
    /// A list of strings.
    List(Vec<String>),
    /// A whole number.
    Integer(i64),
    /// A number.
    Number(f64),
    /// A boolean.
    Bool(bool),
}

/// A checked answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// Short or long text.
    Text(String),
    /// The chosen option.
    Choice(String),
    /// The chosen options, in the question's order.
    Choices(Vec<String>),
    /// 1 to 5.
    Scale(u8),
    /// A number.
    Number(f64),
    /// Yes or no.
    YesNo(bool),
    /// An uploaded file, by its id (the store checks whose it is).
    File(FileId),
}

impl Answer {
    /// The answer as the values of a form field, which
    /// [`QuestionSpec::answer_form`] reads back to the same answer.
    pub fn form_values(&self) -> Vec<String> {
        match self {
            Answer::Text(s) | Answer::Choice(s) => vec![s.clone()],
            Answer::Choices(v) => v.clone(),
            Answer::Scale(n) => vec![n.to_string()],
            Answer::Number(x) => vec![x.to_string()],
            Answer::YesNo(b) => vec![if *b { "yes" } else { "no" }.to_string()],
            Answer::File(id) => vec![id.to_string()],
        }
    }
}

/// Why an answer does not fit its question.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    /// A required question has no answer.
    #[error("an answer is required")]
    Required,
    /// The value has the wrong shape for the question.
    #[error("the answer must be of kind {expected}")]
    WrongType {
        /// The question's kind.
        expected: &'static str,
    },
    /// Text over the limit.
    #[error("the answer has at most {max} characters")]
    TooLong {
        /// The limit.
        max: usize,
    },
    /// Not one of the options.
    #[error("'{0}' is not one of the options")]
    NotAnOption(String),
    /// A scale answer outside 1–5.
    #[error("the answer must be a whole number from 1 to 5")]
    OutOfScale,
    /// Not a number.
    #[error("the answer must be a number")]
    NotANumber,
    /// Not one of the respondent's own uploaded PDF files.
    #[error("the answer must be an uploaded PDF file")]
    NotAFile,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn q(kind: QuestionKind, required: bool) -> QuestionSpec {
        QuestionSpec::new(kind, "Spørgsmål?", required).unwrap()
    }

    fn opts() -> Vec<String> {
        vec!["Ja".into(), "Nej".into(), "Ved ikke".into()]
    }

    #[test]
    fn every_kind_is_built_from_its_name() {
        for name in KIND_NAMES {
            let kind = QuestionKind::build(name, &opts(), Some("DKK")).unwrap();
            assert_eq!(kind.name(), *name);
        }
        assert_eq!(
            QuestionKind::build("upload", &[], None),
            Err(QuestionError::UnknownKind("upload".into()))
        );
    }

    #[test]
    fn choice_questions_need_two_distinct_options_and_numbers_a_unit() {
        assert_eq!(
            QuestionKind::build("single_choice", &["A".into()], None),
            Err(QuestionError::TooFewOptions)
        );
        assert_eq!(
            QuestionKind::build("multiple_choice", &["A".into(), " A ".into()], None),
            Err(QuestionError::TooFewOptions)
        );
        assert_eq!(
            QuestionKind::build("number", &[], Some("  ")),
            Err(QuestionError::MissingUnit)
        );
        assert_eq!(
            QuestionKind::build("number", &[], Some("DKK"))
                .unwrap()
                .unit(),
            Some("DKK")
        );
    }

    #[test]
    fn a_help_text_is_trimmed_and_limited() {
        let q = QuestionSpec::new(QuestionKind::YesNo, "Hvad?", true)
            .unwrap()
            .with_help("  Svar ja eller nej. ")
            .unwrap();
        assert_eq!(q.help, "Svar ja eller nej.");
        assert_eq!(
            q.with_help(&"x".repeat(HELP_MAX + 1)),
            Err(QuestionError::HelpTooLong)
        );
    }

    #[test]
    fn a_file_answer_is_the_id_of_an_upload() {
        let f = q(QuestionKind::File, true);
        let id = "6f1c1f0e-8d2a-4c1e-9f3b-0a7d2b9c4e11";
        assert_eq!(
            f.answer(Some(&RawValue::Text(id.into()))),
            Ok(Some(Answer::File(id.parse().unwrap())))
        );
        assert_eq!(
            f.answer(Some(&RawValue::Text("plan.pdf".into()))),
            Err(AnswerError::NotAFile)
        );
        assert_eq!(f.answer_form(&[""]), Err(AnswerError::Required));
        assert_eq!(
            f.answer_form(&[id]),
            Ok(Some(Answer::File(id.parse().unwrap())))
        );
    }

    #[test]
    fn a_prompt_is_required_and_limited() {
        assert_eq!(
            QuestionSpec::new(QuestionKind::YesNo, "  ", true),
            Err(QuestionError::EmptyPrompt)
        );
        let long = "x".repeat(PROMPT_MAX + 1);
        assert_eq!(
            QuestionSpec::new(QuestionKind::YesNo, &long, true),
            Err(QuestionError::PromptTooLong)
        );
    }

    #[test]
    fn a_required_question_refuses_a_blank_answer_and_an_optional_one_takes_it() {
        assert_eq!(
            q(QuestionKind::ShortText, true).answer(None),
            Err(AnswerError::Required)
        );
        assert_eq!(
            q(QuestionKind::ShortText, true).answer(Some(&RawValue::Text("  ".into()))),
            Err(AnswerError::Required)
        );
        assert_eq!(q(QuestionKind::ShortText, false).answer(None), Ok(None));
        assert_eq!(
            q(QuestionKind::MultipleChoice(opts()), false).answer(Some(&RawValue::List(vec![]))),
            Ok(None)
        );
    }

    #[test]
    fn text_answers_are_trimmed_and_limited() {
        let short = q(QuestionKind::ShortText, true);
        assert_eq!(
            short.answer(Some(&RawValue::Text(" hej ".into()))),
            Ok(Some(Answer::Text("hej".into())))
        );
        let too_long = RawValue::Text("æ".repeat(SHORT_TEXT_MAX + 1));
        assert_eq!(
            short.answer(Some(&too_long)),
            Err(AnswerError::TooLong {
                max: SHORT_TEXT_MAX
            })
        );
        assert!(short.answer(Some(&RawValue::Text("a\nb".into()))).is_err());
        let long = q(QuestionKind::LongText, true);
        assert_eq!(
            long.answer(Some(&RawValue::Text("a\nb".into()))),
            Ok(Some(Answer::Text("a\nb".into())))
        );
    }

    #[test]
    fn choices_must_be_among_the_options_and_keep_their_order() {
        let single = q(QuestionKind::SingleChoice(opts()), true);
        assert_eq!(
            single.answer(Some(&RawValue::Text("Nej".into()))),
            Ok(Some(Answer::Choice("Nej".into())))
        );
        assert_eq!(
            single.answer(Some(&RawValue::Text("Måske".into()))),
            Err(AnswerError::NotAnOption("Måske".into()))
        );
        let multi = q(QuestionKind::MultipleChoice(opts()), true);
        let given = RawValue::List(vec!["Ved ikke".into(), "Ja".into(), "Ja".into()]);
        assert_eq!(
            multi.answer(Some(&given)),
            Ok(Some(Answer::Choices(vec!["Ja".into(), "Ved ikke".into()])))
        );
    }

    #[test]
    fn scale_answers_are_whole_numbers_from_one_to_five() {
        let s = q(QuestionKind::Scale, true);
        assert_eq!(
            s.answer(Some(&RawValue::Integer(5))),
            Ok(Some(Answer::Scale(5)))
        );
        assert_eq!(
            s.answer(Some(&RawValue::Integer(0))),
            Err(AnswerError::OutOfScale)
        );
        assert_eq!(
            s.answer(Some(&RawValue::Integer(6))),
            Err(AnswerError::OutOfScale)
        );
        assert!(s.answer(Some(&RawValue::Number(2.5))).is_err());
        assert!(s.answer(Some(&RawValue::Text("3".into()))).is_err());
    }

    #[test]
    fn numbers_and_yes_no_take_their_own_types() {
        let n = q(QuestionKind::Number("DKK".into()), true);
        assert_eq!(
            n.answer(Some(&RawValue::Number(12.5))),
            Ok(Some(Answer::Number(12.5)))
        );
        assert_eq!(
            n.answer(Some(&RawValue::Integer(3))),
            Ok(Some(Answer::Number(3.0)))
        );
        assert!(n.answer(Some(&RawValue::Bool(true))).is_err());
        let yn = q(QuestionKind::YesNo, true);
        assert_eq!(
            yn.answer(Some(&RawValue::Bool(false))),
            Ok(Some(Answer::YesNo(false)))
        );
        assert!(yn.answer(Some(&RawValue::Text("yes".into()))).is_err());
    }

    #[test]
    fn form_values_are_read_per_kind() {
        let n = q(QuestionKind::Number("DKK".into()), true);
        assert_eq!(
            n.answer_form(&["1.250,50"]),
            Ok(Some(Answer::Number(1250.5)))
        );
        assert_eq!(n.answer_form(&["abc"]), Err(AnswerError::NotANumber));
        assert_eq!(n.answer_form(&[""]), Err(AnswerError::Required));
        let yn = q(QuestionKind::YesNo, true);
        assert_eq!(yn.answer_form(&["yes"]), Ok(Some(Answer::YesNo(true))));
        let s = q(QuestionKind::Scale, true);
        assert_eq!(s.answer_form(&["4"]), Ok(Some(Answer::Scale(4))));
        assert_eq!(s.answer_form(&["x"]), Err(AnswerError::OutOfScale));
        let m = q(QuestionKind::MultipleChoice(opts()), false);
        assert_eq!(
            m.answer_form(&["Nej", "Ja"]),
            Ok(Some(Answer::Choices(vec!["Ja".into(), "Nej".into()])))
        );
        assert_eq!(m.answer_form(&[]), Ok(None));
    }

    #[test]
    fn numbers_are_read_with_danish_or_english_separators() {
        assert_eq!(parse_number("1250,5"), Ok(1250.5));
        assert_eq!(parse_number("1.250,5"), Ok(1250.5));
        assert_eq!(parse_number("1,250.5"), Ok(1250.5));
        assert_eq!(parse_number("1 250"), Ok(1250.0));
        assert_eq!(parse_number("1,250"), Ok(1250.0));
        assert_eq!(parse_number("-3"), Ok(-3.0));
        assert_eq!(parse_number("inf"), Err(AnswerError::NotANumber));
        assert_eq!(parse_number("1e5"), Err(AnswerError::NotANumber));
    }

    #[test]
    fn an_answer_reads_back_from_its_form_values() {
        let cases = [
            (QuestionKind::ShortText, Answer::Text("hej".into())),
            (
                QuestionKind::SingleChoice(opts()),
                Answer::Choice("Nej".into()),
            ),
            (
                QuestionKind::MultipleChoice(opts()),
                Answer::Choices(vec!["Ja".into(), "Ved ikke".into()]),
            ),
            (QuestionKind::Scale, Answer::Scale(4)),
            (QuestionKind::Number("DKK".into()), Answer::Number(1250.5)),
            (QuestionKind::Number("DKK".into()), Answer::Number(-3.0)),
            (QuestionKind::YesNo, Answer::YesNo(false)),
        ];
        for (kind, answer) in cases {
            let values = answer.form_values();
            let refs: Vec<&str> = values.iter().map(String::as_str).collect();
            assert_eq!(q(kind, true).answer_form(&refs), Ok(Some(answer)));
        }
    }

    proptest! {
        #[test]
        fn parse_number_never_panics(s in "\\PC*") {
            let _ = parse_number(&s);
        }

        #[test]
        fn integers_read_back_as_themselves(n in -1_000_000_000i64..1_000_000_000) {
            prop_assert_eq!(parse_number(&n.to_string()), Ok(n as f64));
        }

        #[test]
        fn answer_form_never_panics(values in proptest::collection::vec("\\PC*", 0..4), kind in 0usize..8) {
            let k = QuestionKind::build(KIND_NAMES[kind], &opts(), Some("DKK")).unwrap();
            let refs: Vec<&str> = values.iter().map(String::as_str).collect();
            let _ = q(k, true).answer_form(&refs);
        }
    }
}
