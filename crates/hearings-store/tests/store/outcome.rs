//! The outcome of a hearing: review, the decision and its checks, the
//! outcome e-mail to every respondent with its own assessments, the public
//! outcome and each response's outcome with its object checks.

use super::*;
use crate::analysis::fixture;
use hearings_core::analysis::{RawAnalysis, RawTag, RawTheme};
use hearings_core::outcome::RawDecision;

fn decision(on: &str) -> RawDecision {
    RawDecision {
        decided_on: on.into(),
        body: "Kommunalbestyrelsen".into(),
        text: "Lokalplanen vedtages med de ændringer, høringsnotatet nævner.".into(),
        minutes_url: "https://www.glostrup.dk/referat/2026-11-30".into(),
    }
}

#[tokio::test]
async fn staff_record_the_decision_and_every_respondent_is_told_its_own_assessments() {
    each(|store| async move {
        let f = fixture(&store).await;
        let later = now() + Duration::weeks(6);
        let (r0, r1) = (f.responses[0].1, f.responses[1].1);
        let respondent = f.responses[0].0.clone();

        // Nobody but staff records a decision; not while the hearing is open.
        for who in [&f.politician, &respondent] {
            assert!(matches!(
                store
                    .record_decision(who, f.hearing, &decision("2026-11-30"), later)
                    .await,
                Err(StoreError::Forbidden)
            ));
            assert!(matches!(
                store.begin_review(who, f.hearing, later).await,
                Err(StoreError::Forbidden)
            ));
        }
        assert!(matches!(
            store
                .record_decision(&f.staff, f.hearing, &decision("2026-11-30"), now())
                .await,
            Err(StoreError::Transition(_))
        ));
        assert!(matches!(
            store.begin_review(&f.staff, f.hearing, now()).await,
            Err(StoreError::Transition(_))
        ));

        // Closed: into review; before the decision nobody is shown assessments.
        store
            .begin_review(&f.staff, f.hearing, later)
            .await
            .unwrap();
        let d = store.hearing(f.hearing, None, later).await.unwrap();
        assert_eq!(d.hearing.state, HearingState::InReview);
        store
            .assess(
                &f.staff,
                r0,
                None,
                &RawAnalysis {
                    summary: "Ønsker parkering.".into(),
                    assessment: "partly".into(),
                    reason: "Der etableres 20 nye pladser.".into(),
                },
                later,
            )
            .await
            .unwrap();
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
                later,
            )
            .await
            .unwrap();
        let theme = store
            .create_theme(
                &f.staff,
                f.hearing,
                &RawTheme {
                    name: "Parkering".into(),
                    views: "Flere ønsker parkering.".into(),
                    comment: "Forvaltningen anbefaler flere pladser.".into(),
                    change: "§ 1 får 20 nye pladser.".into(),
                },
                later,
            )
            .await
            .unwrap();
        store
            .tag(&f.staff, theme, r0, &RawTag::default(), later)
            .await
            .unwrap();
        let before = store
            .response_outcome(&respondent, r0, later)
            .await
            .unwrap();
        assert_eq!(before.decision, None);
        assert!(before.points.is_empty() && before.themes.is_empty());
        assert_eq!(store.public_outcome(f.hearing).await.unwrap(), None);

        // A decision dated before the deadline's day, or without its parts, is refused.
        match store
            .record_decision(&f.staff, f.hearing, &decision("2026-11-01"), later)
            .await
        {
            Err(StoreError::Invalid(e)) => assert_eq!(e[0].field, "decided_on"),
            other => panic!("expected a refusal, got {other:?}"),
        }
        match store
            .record_decision(&f.staff, f.hearing, &RawDecision::default(), later)
            .await
        {
            Err(StoreError::Invalid(e)) => assert_eq!(e.len(), 3),
            other => panic!("expected a refusal, got {other:?}"),
        }
        // (Taking the due messages leases them: the receipts are out of the way below.)
        assert_eq!(
            store
                .due_messages(later, 1000)
                .await
                .unwrap()
                .iter()
                .filter(|m| m.kind == "outcome")
                .count(),
            0,
            "a refused decision e-mails nobody"
        );

        let recorded = store
            .record_decision(&f.staff, f.hearing, &decision("2026-11-30"), later)
            .await
            .unwrap();
        assert_eq!(recorded.notified, 3);
        let d = store.hearing(f.hearing, None, later).await.unwrap();
        assert_eq!(d.hearing.state, HearingState::Decided);
        assert!(matches!(
            store
                .record_decision(&f.staff, f.hearing, &decision("2026-12-01"), later)
                .await,
            Err(StoreError::Transition(_))
        ));

        // One e-mail per response, to its submitter, with its own assessments only.
        let later2 = later + Duration::minutes(1);
        let mails: Vec<_> = store
            .due_messages(later2, 1000)
            .await
            .unwrap()
            .into_iter()
            .filter(|m| m.kind == "outcome")
            .collect();
        assert_eq!(mails.len(), 3);
        let to_r0 = mails.iter().find(|m| m.to == "r0@x.example").unwrap();
        let to_r1 = mails.iter().find(|m| m.to == "r1@x.example").unwrap();
        for needle in [
            "Kommunalbestyrelsen",
            "Lokalplanen vedtages",
            "https://www.glostrup.dk/referat/2026-11-30",
            "Der etableres 20 nye pladser.",
            "Formålet ændres ikke.",
            "Delvist imødekommet",
            "Partly accommodated",
            &format!("/responses/{r0}/outcome"),
        ] {
            assert!(
                to_r0.body.contains(needle),
                "lacks {needle}:\n{}",
                to_r0.body
            );
        }
        assert!(!to_r1.body.contains("Der etableres 20 nye pladser."));
        assert!(to_r1.body.contains("Ikke vurderet særskilt"));
        assert!(to_r1.body.contains(&format!("/responses/{r1}/outcome")));

        // The public outcome and each response's own.
        let public = store.public_outcome(f.hearing).await.unwrap().unwrap();
        assert_eq!(public.responses, 3);
        assert_eq!(public.decision.decision.body, "Kommunalbestyrelsen");
        assert_eq!(public.themes.len(), 1);
        assert_eq!(public.themes[0].responses, 1);
        assert_eq!(public.themes[0].change, "§ 1 får 20 nye pladser.");

        let own = store
            .response_outcome(&respondent, r0, later)
            .await
            .unwrap();
        assert!(own.decision.is_some());
        assert_eq!(own.points.len(), 2);
        assert_eq!(own.points[0].section, None);
        assert_eq!(
            own.points[0].assessment,
            Some(hearings_core::analysis::Assessment::Partly)
        );
        assert_eq!(own.points[1].section.as_ref().map(|s| s.0), Some(1));
        assert_eq!(own.points[1].text, "Kommentar 0");
        assert_eq!(own.points[1].reason, "Formålet ændres ikke.");
        assert_eq!(own.themes.len(), 1);
        let other = store
            .response_outcome(&f.responses[1].0, r1, later)
            .await
            .unwrap();
        assert!(other.themes.is_empty(), "not tagged with the theme");
        // Another organisation's member is told it does not exist; politicians read.
        assert!(matches!(
            store.response_outcome(&f.responses[1].0, r0, later).await,
            Err(StoreError::NotFound)
        ));
        assert!(
            store
                .response_outcome(&f.politician, r0, later)
                .await
                .is_ok()
        );
    })
    .await;
}
