//! The analysis workspace: summaries and assessments of responses and of
//! comments, themes and their tags, progress and filters; staff write,
//! politicians read, respondents nothing; every change audited.

use super::*;
use hearings_core::analysis::{RawAnalysis, RawBulk, RawTag, RawTheme};
use hearings_core::response_parts::RawParts;
use hearings_core::{HearingId, QuestionId, ResponseId, SectionId};
use hearings_store::{Account, AnalysisFilter, Submission};

pub(crate) struct Fixture {
    pub(crate) hearing: HearingId,
    pub(crate) question: QuestionId,
    pub(crate) section: SectionId,
    pub(crate) staff: Account,
    pub(crate) politician: Account,
    pub(crate) responses: Vec<(Account, ResponseId)>,
}

/// A published hearing (one long-text question, one section, closing in
/// five weeks) with three responses, each with a comment on the section.
pub(crate) async fn fixture(store: &Store) -> Fixture {
    let staff = staff(store).await;
    let politician = {
        let id = store
            .create_user(
                "pol@k.example",
                "Pol",
                "politiker-kodeord",
                Role::Politician,
                now(),
            )
            .await
            .unwrap();
        store.account(id).await.unwrap()
    };
    let mut raw = hearing(now() - Duration::days(1), now() + Duration::weeks(5));
    raw.questions = vec![RawQuestion {
        kind: "long_text".into(),
        prompt: "Bemærkninger".into(),
        required: true,
        options: vec![],
        unit: None,
        help: String::new(),
    }];
    let id = store
        .create_hearing(&staff, raw.parse().unwrap(), now())
        .await
        .unwrap();
    store.publish_hearing(&staff, id, now()).await.unwrap();
    let d = store.hearing(id, None, now()).await.unwrap();
    let (q, sec) = (d.questions[0].id, d.sections[0].id);
    let mut responses = Vec::new();
    for (i, (cvr, stance, text)) in [
        (
            "13748136",
            "opposes",
            "Vi mangler parkering foran butikken.",
        ),
        (
            "10000009",
            "supports",
            "Godt forslag, men flere cykelstier.",
        ),
        ("10000017", "opposes", "Parkering er afgørende for os."),
    ]
    .into_iter()
    .enumerate()
    {
        let a = store
            .register(
                registration(&format!("r{i}@x.example"), cvr)
                    .parse()
                    .unwrap(),
                now(),
            )
            .await
            .unwrap();
        let answers = [(q, AnswerInput::Form(vec![text.into()]))];
        let parts = RawParts {
            comments: vec![(sec.to_string(), format!("Kommentar {i}"))],
            ..RawParts::default()
        };
        let sub = Submission {
            stance,
            publication: "named",
            answers: &answers,
            parts: &parts,
            expect_draft: None,
        };
        let receipt = store.submit_full(&a, id, None, &sub, now()).await.unwrap();
        responses.push((a, receipt.id));
    }
    Fixture {
        hearing: id,
        question: q,
        section: sec,
        staff,
        politician,
        responses,
    }
}

/// An administrator, who reads the audit log.
async fn admin(store: &Store) -> Account {
    let id = store
        .create_user(
            "adm@k.example",
            "Adm",
            "admin-kodeord-1",
            Role::Admin,
            now(),
        )
        .await
        .unwrap();
    store.account(id).await.unwrap()
}

#[tokio::test]
async fn staff_summarise_and_assess_and_the_progress_and_filters_follow() {
    each(|store| async move {
        let f = fixture(&store).await;
        let w = store
            .workspace(&f.staff, f.hearing, &AnalysisFilter::default())
            .await
            .unwrap();
        assert_eq!(
            (w.progress.total, w.progress.summarised, w.progress.assessed),
            (3, 0, 0)
        );
        let r0 = f.responses[0].1;
        let bad = RawAnalysis {
            summary: "Ønsker parkering.".into(),
            assessment: "partly".into(),
            reason: String::new(),
        };
        match store.assess(&f.staff, r0, None, &bad, now()).await {
            Err(StoreError::Invalid(e)) => assert_eq!(e[0].field, "reason"),
            other => panic!("expected a refusal, got {other:?}"),
        }
        let good = RawAnalysis {
            reason: "Der etableres 20 nye pladser.".into(),
            ..bad
        };
        store
            .assess(&f.staff, r0, None, &good, now())
            .await
            .unwrap();
        store
            .assess(
                &f.staff,
                f.responses[1].1,
                None,
                &RawAnalysis {
                    summary: "Vil have cykelstier.".into(),
                    ..RawAnalysis::default()
                },
                now(),
            )
            .await
            .unwrap();
        // A comment on a section is assessed on its own.
        store
            .assess(
                &f.staff,
                r0,
                Some(f.section),
                &RawAnalysis {
                    summary: "Om formålet.".into(),
                    assessment: "not_relevant".into(),
                    reason: "Formålet ændres ikke.".into(),
                },
                now(),
            )
            .await
            .unwrap();
        let stranger = SectionId(uuid::Uuid::new_v4());
        assert!(matches!(
            store
                .assess(&f.staff, r0, Some(stranger), &good, now())
                .await,
            Err(StoreError::NotFound)
        ));
        let w = store
            .workspace(&f.politician, f.hearing, &AnalysisFilter::default())
            .await
            .unwrap();
        assert_eq!((w.progress.summarised, w.progress.assessed), (2, 1));
        assert_eq!(w.progress.percent_assessed(), Some(33));
        let only = |filter: AnalysisFilter| {
            let store = store.clone();
            let staff = f.staff.clone();
            let id = f.hearing;
            async move {
                store
                    .workspace(&staff, id, &filter)
                    .await
                    .unwrap()
                    .rows
                    .into_iter()
                    .map(|r| r.id)
                    .collect::<std::collections::BTreeSet<_>>()
            }
        };
        let set = |ids: &[ResponseId]| {
            ids.iter()
                .copied()
                .collect::<std::collections::BTreeSet<_>>()
        };
        assert_eq!(
            only(AnalysisFilter {
                stance: Some("opposes".into()),
                ..AnalysisFilter::default()
            })
            .await,
            set(&[r0, f.responses[2].1])
        );
        assert_eq!(
            only(AnalysisFilter {
                assessment: Some("none".into()),
                ..AnalysisFilter::default()
            })
            .await,
            set(&[f.responses[1].1, f.responses[2].1])
        );
        assert_eq!(
            only(AnalysisFilter {
                assessment: Some("partly".into()),
                ..AnalysisFilter::default()
            })
            .await,
            set(&[r0])
        );
        let work = store.response_work(&f.politician, r0).await.unwrap();
        assert_eq!(
            work.analysis.unwrap().analysis.reason,
            "Der etableres 20 nye pladser."
        );
        assert_eq!(work.comments.len(), 1);

        // Politicians and respondents change nothing; respondents read nothing.
        assert!(matches!(
            store.assess(&f.politician, r0, None, &good, now()).await,
            Err(StoreError::Forbidden)
        ));
        let (respondent, _) = &f.responses[0];
        assert!(matches!(
            store
                .workspace(respondent, f.hearing, &AnalysisFilter::default())
                .await,
            Err(StoreError::Forbidden)
        ));
        assert!(matches!(
            store.response_work(respondent, r0).await,
            Err(StoreError::Forbidden)
        ));
    })
    .await;
}

#[tokio::test]
async fn themes_tag_responses_and_passages_and_every_change_is_audited() {
    each(|store| async move {
        let f = fixture(&store).await;
        match store
            .create_theme(&f.staff, f.hearing, &RawTheme::default(), now())
            .await
        {
            Err(StoreError::Invalid(e)) => assert_eq!(e[0].field, "name"),
            other => panic!("expected a refusal, got {other:?}"),
        }
        let parking = store
            .create_theme(
                &f.staff,
                f.hearing,
                &RawTheme {
                    name: "Parkering".into(),
                    ..RawTheme::default()
                },
                now(),
            )
            .await
            .unwrap();
        let bikes = store
            .create_theme(
                &f.staff,
                f.hearing,
                &RawTheme {
                    name: "Cykler".into(),
                    ..RawTheme::default()
                },
                now(),
            )
            .await
            .unwrap();
        let (r0, r1, r2) = (f.responses[0].1, f.responses[1].1, f.responses[2].1);
        let at = format!("answer:{}", f.question);
        store
            .tag(
                &f.staff,
                parking,
                r0,
                &RawTag {
                    location: at.clone(),
                    passage: "parkering".into(),
                },
                now(),
            )
            .await
            .unwrap();
        store
            .tag(&f.staff, parking, r2, &RawTag::default(), now())
            .await
            .unwrap();
        let bike_tag = store
            .tag(&f.staff, bikes, r1, &RawTag::default(), now())
            .await
            .unwrap();
        match store
            .tag(
                &f.staff,
                bikes,
                r1,
                &RawTag {
                    location: at.clone(),
                    passage: "busser".into(),
                },
                now(),
            )
            .await
        {
            Err(StoreError::Invalid(e)) => assert_eq!(e[0].problem, Problem::PassageNotFound),
            other => panic!("expected a refusal, got {other:?}"),
        }
        let themes = store.themes(&f.politician, f.hearing).await.unwrap();
        let counts: Vec<(&str, i64)> = themes
            .iter()
            .map(|t| (t.theme.name.as_str(), t.responses))
            .collect();
        assert_eq!(counts, vec![("Parkering", 2), ("Cykler", 1)]);
        let rows = store
            .workspace(
                &f.staff,
                f.hearing,
                &AnalysisFilter {
                    theme: Some(parking),
                    ..AnalysisFilter::default()
                },
            )
            .await
            .unwrap()
            .rows;
        let mut got: Vec<_> = rows.iter().map(|r| r.id).collect();
        let mut want = vec![r0, r2];
        got.sort();
        want.sort();
        assert_eq!(got, want);
        store
            .update_theme(
                &f.staff,
                parking,
                &RawTheme {
                    name: "Parkering i Bymidten".into(),
                    views: "Flere ønsker flere p-pladser.".into(),
                    comment: "Forvaltningen anbefaler 20 nye pladser.".into(),
                    change: "§ 7 ændres.".into(),
                },
                now(),
            )
            .await
            .unwrap();
        assert_eq!(
            store.theme(&f.staff, parking).await.unwrap().theme.comment,
            "Forvaltningen anbefaler 20 nye pladser."
        );
        store.untag(&f.staff, bike_tag, now()).await.unwrap();
        assert_eq!(
            store.delete_theme(&f.staff, bikes, now()).await.unwrap(),
            f.hearing
        );
        assert_eq!(store.themes(&f.staff, f.hearing).await.unwrap().len(), 1);
        // Other hearings' responses cannot be tagged; politicians tag nothing.
        assert!(matches!(
            store
                .tag(&f.politician, parking, r0, &RawTag::default(), now())
                .await,
            Err(StoreError::Forbidden)
        ));
        let admin = admin(&store).await;
        let log = store.audit_log(&admin, None, 200).await.unwrap();
        let actions: Vec<&str> = log.entries.iter().map(|e| e.action.as_str()).collect();
        for a in [
            "theme.create",
            "theme.update",
            "theme.delete",
            "theme.tag",
            "theme.untag",
        ] {
            assert!(actions.contains(&a), "{a} in {actions:?}");
        }
        assert_eq!(actions.iter().filter(|a| **a == "theme.tag").count(), 3);
    })
    .await;
}

#[tokio::test]
async fn the_audit_log_lists_rows_of_the_same_moment_newest_written_first() {
    each(|store| async move {
        let f = fixture(&store).await;
        // Six themes created at one and the same moment, as the rows of one
        // bulk action are: the log must still list the last one first.
        let mut created = Vec::new();
        for i in 0..6 {
            let id = store
                .create_theme(
                    &f.staff,
                    f.hearing,
                    &RawTheme {
                        name: format!("Tema {i}"),
                        ..RawTheme::default()
                    },
                    now(),
                )
                .await
                .unwrap();
            created.push(id.to_string());
        }
        let admin = admin(&store).await;
        let log = store.audit_log(&admin, None, 100).await.unwrap();
        let listed: Vec<String> = log
            .entries
            .iter()
            .filter(|e| e.action == "theme.create")
            .map(|e| e.object_id.clone())
            .collect();
        created.reverse();
        assert_eq!(listed, created);

        // A bulk action writes its rows in multi-row inserts: they are
        // listed newest first as well, the last response of the request first.
        let responses: Vec<ResponseId> = f.responses.iter().map(|(_, r)| *r).collect();
        let bulk = RawBulk {
            responses: responses.iter().map(ToString::to_string).collect(),
            theme: created[0].clone(),
            assessment: "accommodated".into(),
            reason: "Imødekommet.".into(),
        };
        let done = store
            .apply_bulk(&f.staff, f.hearing, &bulk, now())
            .await
            .unwrap();
        assert_eq!(
            (done.tagged, done.assessed),
            (responses.len(), responses.len())
        );
        let log = store.audit_log(&admin, None, 100).await.unwrap();
        let listed = |action: &str| -> Vec<String> {
            log.entries
                .iter()
                .filter(|e| e.action == action)
                .map(|e| format!("{} {}", e.object_id, e.after.as_deref().unwrap_or_default()))
                .collect()
        };
        let mut newest_first: Vec<String> = responses.iter().map(ToString::to_string).collect();
        newest_first.reverse();
        for action in ["response.assess", "theme.tag"] {
            let rows = listed(action);
            assert_eq!(rows.len(), newest_first.len(), "{action}");
            for (row, response) in rows.iter().zip(&newest_first) {
                assert!(
                    row.contains(response.as_str()),
                    "{action}: {row} should name {response}"
                );
            }
        }
        // The bulk rows were written after the themes, so they come first.
        let first_theme = log
            .entries
            .iter()
            .position(|e| e.action == "theme.create")
            .unwrap();
        let last_bulk = log
            .entries
            .iter()
            .rposition(|e| e.action == "response.assess" || e.action == "theme.tag")
            .unwrap();
        assert!(last_bulk < first_theme, "{last_bulk} < {first_theme}");
    })
    .await;
}

#[tokio::test]
async fn a_bulk_action_tags_and_assesses_several_responses_at_once_or_none() {
    each(|store| async move {
        let f = fixture(&store).await;
        let (r0, r1, r2) = (f.responses[0].1, f.responses[1].1, f.responses[2].1);
        let theme = store
            .create_theme(
                &f.staff,
                f.hearing,
                &RawTheme {
                    name: "Parkering".into(),
                    ..RawTheme::default()
                },
                now(),
            )
            .await
            .unwrap();
        store
            .assess(
                &f.staff,
                r0,
                None,
                &RawAnalysis {
                    summary: "Ønsker parkering.".into(),
                    ..RawAnalysis::default()
                },
                now(),
            )
            .await
            .unwrap();
        store
            .tag(&f.staff, theme, r0, &RawTag::default(), now())
            .await
            .unwrap();
        let first = store.next_to_assess(&f.staff, r0).await.unwrap();
        assert!(first == Some(r1) || first == Some(r2), "{first:?}");
        let bulk = |ids: Vec<ResponseId>| RawBulk {
            responses: ids.iter().map(ToString::to_string).collect(),
            theme: theme.to_string(),
            assessment: "not_accommodated".into(),
            reason: "Planen fastholdes.".into(),
        };
        for who in [&f.politician, &f.responses[0].0] {
            assert!(matches!(
                store
                    .apply_bulk(who, f.hearing, &bulk(vec![r0, r1]), now())
                    .await,
                Err(StoreError::Forbidden)
            ));
        }
        // One response that is not the hearing's: nothing changes.
        let stranger = ResponseId(uuid::Uuid::new_v4());
        match store
            .apply_bulk(&f.staff, f.hearing, &bulk(vec![r1, stranger]), now())
            .await
        {
            Err(StoreError::Invalid(e)) => {
                assert_eq!(e[0].field, "responses");
                assert_eq!(e[0].problem, Problem::UnknownResponse);
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        let foreign_theme = RawBulk {
            theme: uuid::Uuid::new_v4().to_string(),
            ..bulk(vec![r1])
        };
        match store
            .apply_bulk(&f.staff, f.hearing, &foreign_theme, now())
            .await
        {
            Err(StoreError::Invalid(e)) => assert_eq!(e[0].problem, Problem::UnknownTheme),
            other => panic!("expected a refusal, got {other:?}"),
        }
        let w = store
            .workspace(&f.staff, f.hearing, &AnalysisFilter::default())
            .await
            .unwrap();
        assert_eq!(w.progress.assessed, 0, "a refused action changes nothing");
        assert_eq!(w.themes[0].responses, 1);

        let done = store
            .apply_bulk(&f.staff, f.hearing, &bulk(vec![r0, r1]), now())
            .await
            .unwrap();
        assert_eq!(
            (done.tagged, done.assessed),
            (1, 2),
            "r0 was tagged already"
        );
        let w = store
            .workspace(&f.politician, f.hearing, &AnalysisFilter::default())
            .await
            .unwrap();
        assert_eq!(w.progress.assessed, 2);
        assert_eq!(w.themes[0].responses, 2);
        let row = |id: ResponseId| w.rows.iter().find(|r| r.id == id).unwrap().clone();
        assert_eq!(row(r0).summary, "Ønsker parkering.", "the summary is kept");
        assert_eq!(
            row(r0).assessment,
            Some(hearings_core::analysis::Assessment::NotAccommodated)
        );
        assert_eq!(row(r1).summary, "");
        assert_eq!(
            row(r1).assessment,
            Some(hearings_core::analysis::Assessment::NotAccommodated)
        );
        assert_eq!(row(r2).assessment, None);
        let work = store.response_work(&f.staff, r0).await.unwrap();
        assert_eq!(work.tags.len(), 1, "no second tag of the same theme");
        assert_eq!(work.analysis.unwrap().analysis.reason, "Planen fastholdes.");
        // The next response to assess is the only one left, and after it none.
        assert_eq!(store.next_to_assess(&f.staff, r0).await.unwrap(), Some(r2));
        assert_eq!(store.next_to_assess(&f.staff, r1).await.unwrap(), Some(r2));
        assert_eq!(store.next_to_assess(&f.staff, r2).await.unwrap(), None);
        // Assessing again with only a theme: nothing new is tagged.
        let again = store
            .apply_bulk(
                &f.staff,
                f.hearing,
                &RawBulk {
                    assessment: String::new(),
                    reason: String::new(),
                    ..bulk(vec![r0, r1])
                },
                now(),
            )
            .await
            .unwrap();
        assert_eq!((again.tagged, again.assessed), (0, 0));

        let admin = admin(&store).await;
        let log = store.audit_log(&admin, None, 200).await.unwrap();
        let count = |action: &str| log.entries.iter().filter(|e| e.action == action).count();
        // One summary by hand and two by the bulk action; two tags.
        assert_eq!(count("response.assess"), 3);
        assert_eq!(count("theme.tag"), 2);
    })
    .await;
}
