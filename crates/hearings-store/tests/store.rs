//! Store use cases, each run on SQLite and (when configured) PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, Utc};
use hearings_core::input::{
    AnswerInput, Problem, RawHearing, RawOrganisation, RawQuestion, RawRegistration, RawSection,
};
use hearings_core::{HearingState, RawValue, Role};
use hearings_store::testing::TestDatabase;
use hearings_store::{Store, StoreError};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-10-12T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

async fn each<F, Fut>(f: F)
where
    F: Fn(Store) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for backend in TestDatabase::backends() {
        let db = TestDatabase::create(backend)
            .await
            .expect("create database");
        let store = db.store().await.expect("migrate");
        f(store.clone()).await;
        store.close().await.unwrap();
        db.drop_database().await.unwrap();
    }
}

fn registration(email: &str, cvr: &str) -> RawRegistration {
    RawRegistration {
        name: "Anna".into(),
        email: email.into(),
        password: "langt-nok-kodeord".into(),
        organisation: RawOrganisation {
            cvr: cvr.into(),
            name: "Testbageriet (fiktiv)".into(),
            classification: "DB25".into(),
            industry_code: "47.24".into(),
            size_class: "small".into(),
            area: "ejby".into(),
            respondent_type: "company".into(),
        },
    }
}

fn hearing(opens: DateTime<Utc>, closes: DateTime<Utc>) -> RawHearing {
    RawHearing {
        title: "Lokalplanforslag 1".into(),
        summary: "Resumé".into(),
        kind: "lokalplanforslag".into(),
        opens_at: Ok(opens),
        closes_at: Ok(Some(closes)),
        area: Some("bymidten".into()),
        sections: vec![RawSection {
            heading: "Formål".into(),
            body: "…".into(),
        }],
        questions: vec![
            RawQuestion {
                kind: "scale".into(),
                prompt: "Hvor enig?".into(),
                required: true,
                options: vec![],
                unit: None,
            },
            RawQuestion {
                kind: "number".into(),
                prompt: "Omkostning".into(),
                required: false,
                options: vec![],
                unit: Some("kr.".into()),
            },
        ],
    }
}

async fn staff(store: &Store) -> hearings_store::Account {
    let id = store
        .create_user(
            "staff@k.example",
            "Staff",
            "staff-kodeord-1",
            Role::Staff,
            now(),
        )
        .await
        .unwrap();
    store.account(id).await.unwrap()
}

#[tokio::test]
async fn a_registration_creates_an_organisation_and_refuses_a_second_with_the_same_cvr() {
    each(|store| async move {
        let reg = registration("a@b.example", "13748136").parse().unwrap();
        let account = store.register(reg, now()).await.unwrap();
        assert_eq!(account.role, Role::Respondent);
        assert_eq!(
            account.organisation_name.as_deref(),
            Some("Testbageriet (fiktiv)")
        );
        let again = registration("other@b.example", "13748136").parse().unwrap();
        match store.register(again, now()).await {
            Err(StoreError::Invalid(e)) => assert_eq!(e[0].problem, Problem::CvrTaken),
            other => panic!("expected CvrTaken, got {other:?}"),
        }
        let same_email = registration("A@B.example", "").parse();
        assert!(
            same_email.is_err(),
            "a company without CVR is refused before the store"
        );
    })
    .await;
}

#[tokio::test]
async fn sign_in_checks_the_password_and_a_session_ends_when_deleted_or_expired() {
    each(|store| async move {
        let account = store
            .register(
                registration("a@b.example", "13748136").parse().unwrap(),
                now(),
            )
            .await
            .unwrap();
        assert!(
            store
                .authenticate("a@b.example", "forkert-kodeord")
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            store
                .authenticate("nobody@b.example", "langt-nok-kodeord")
                .await
                .unwrap()
                .is_none()
        );
        let found = store
            .authenticate(" A@B.example ", "langt-nok-kodeord")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.id, account.id);
        let token = store.create_session(account.id, now()).await.unwrap();
        assert_eq!(
            store
                .session_account(&token, now())
                .await
                .unwrap()
                .map(|a| a.id),
            Some(account.id)
        );
        assert!(
            store
                .session_account(&token, now() + Duration::days(2))
                .await
                .unwrap()
                .is_none()
        );
        let token = store.create_session(account.id, now()).await.unwrap();
        store.delete_session(&token).await.unwrap();
        assert!(
            store
                .session_account(&token, now())
                .await
                .unwrap()
                .is_none()
        );
    })
    .await;
}

#[tokio::test]
async fn a_hearing_is_a_draft_until_published_and_then_opens_and_closes_by_the_clock() {
    each(|store| async move {
        let staff = staff(&store).await;
        let opens = now() + Duration::days(1);
        let closes = opens + Duration::weeks(5);
        let id = store
            .create_hearing(&staff, hearing(opens, closes).parse().unwrap(), now())
            .await
            .unwrap();
        assert!(
            store.list_hearings(None, now()).await.unwrap().is_empty(),
            "a draft is not public"
        );
        assert!(matches!(
            store.hearing(id, None, now()).await,
            Err(StoreError::NotFound)
        ));
        store.publish_hearing(&staff, id, now()).await.unwrap();
        let state = |at| {
            let store = store.clone();
            async move { store.hearing(id, None, at).await.unwrap().hearing.state }
        };
        assert_eq!(state(now()).await, HearingState::Scheduled);
        assert_eq!(state(opens).await, HearingState::Open);
        assert_eq!(state(closes).await, HearingState::Closed);
        let detail = store.hearing(id, None, opens).await.unwrap();
        assert_eq!((detail.sections.len(), detail.questions.len()), (1, 2));
        assert!(
            store.publish_hearing(&staff, id, now()).await.is_err(),
            "published twice"
        );
    })
    .await;
}

#[tokio::test]
async fn only_staff_create_hearings() {
    each(|store| async move {
        let respondent = store
            .register(
                registration("a@b.example", "13748136").parse().unwrap(),
                now(),
            )
            .await
            .unwrap();
        let new = hearing(now(), now() + Duration::weeks(5)).parse().unwrap();
        assert!(matches!(
            store.create_hearing(&respondent, new, now()).await,
            Err(StoreError::Forbidden)
        ));
    })
    .await;
}

#[tokio::test]
async fn a_response_is_taken_until_the_deadline_and_refused_a_millisecond_after() {
    each(|store| async move {
        let staff = staff(&store).await;
        let opens = now() - Duration::days(1);
        let closes = now() + Duration::weeks(4);
        let id = store
            .create_hearing(&staff, hearing(opens, closes).parse().unwrap(), now())
            .await
            .unwrap();
        store.publish_hearing(&staff, id, now()).await.unwrap();
        let respondent = store
            .register(
                registration("a@b.example", "13748136").parse().unwrap(),
                now(),
            )
            .await
            .unwrap();
        let q = store.hearing(id, None, now()).await.unwrap().questions;
        let answers = vec![(q[0].id, AnswerInput::Json(RawValue::Integer(4)))];

        let missing = store
            .submit_response(&respondent, id, "supports", "named", &[], now())
            .await;
        assert!(matches!(missing, Err(StoreError::Invalid(_))));

        let first = store
            .submit_response(
                &respondent,
                id,
                "supports",
                "named",
                &answers,
                closes - Duration::milliseconds(1),
            )
            .await
            .unwrap();
        assert_eq!((first.version, first.digest.len()), (1, 64));
        let late = store
            .submit_response(
                &respondent,
                id,
                "opposes",
                "named",
                &answers,
                closes + Duration::milliseconds(1),
            )
            .await;
        match late {
            Err(StoreError::NotOpen {
                state, closes_at, ..
            }) => {
                assert_eq!(state, HearingState::Closed);
                assert_eq!(closes_at, Some(closes));
            }
            other => panic!("expected NotOpen, got {other:?}"),
        }
        let receipt = store.receipt(&respondent, first.id).await.unwrap();
        assert_eq!(receipt, first);
        assert!(store.receipt(&staff, first.id).await.is_ok());
    })
    .await;
}

#[tokio::test]
async fn a_second_submission_is_a_new_version_with_its_own_digest() {
    each(|store| async move {
        let staff = staff(&store).await;
        let id = store
            .create_hearing(
                &staff,
                hearing(now() - Duration::days(1), now() + Duration::weeks(4))
                    .parse()
                    .unwrap(),
                now(),
            )
            .await
            .unwrap();
        store.publish_hearing(&staff, id, now()).await.unwrap();
        let respondent = store
            .register(
                registration("a@b.example", "13748136").parse().unwrap(),
                now(),
            )
            .await
            .unwrap();
        let q = store.hearing(id, None, now()).await.unwrap().questions;
        let a = |n| vec![(q[0].id, AnswerInput::Json(RawValue::Integer(n)))];
        let one = store
            .submit_response(&respondent, id, "supports", "named", &a(4), now())
            .await
            .unwrap();
        let two = store
            .submit_response(
                &respondent,
                id,
                "opposes",
                "named",
                &a(1),
                now() + Duration::hours(1),
            )
            .await
            .unwrap();
        assert_eq!(
            (one.id, one.reference.clone(), two.version),
            (two.id, two.reference.clone(), 2)
        );
        assert_ne!(one.digest, two.digest);
        let s = store.summary(&staff, id).await.unwrap();
        assert_eq!(s.total, 1);
        assert_eq!(s.by_stance, vec![("opposes".to_string(), 1)]);
    })
    .await;
}

#[tokio::test]
async fn another_organisation_cannot_read_a_receipt_and_respondents_cannot_read_summaries() {
    each(|store| async move {
        let staff = staff(&store).await;
        let id = store
            .create_hearing(
                &staff,
                hearing(now() - Duration::days(1), now() + Duration::weeks(4))
                    .parse()
                    .unwrap(),
                now(),
            )
            .await
            .unwrap();
        store.publish_hearing(&staff, id, now()).await.unwrap();
        let a = store
            .register(
                registration("a@b.example", "13748136").parse().unwrap(),
                now(),
            )
            .await
            .unwrap();
        let b = store
            .register(
                registration("b@b.example", "10000009").parse().unwrap(),
                now(),
            )
            .await
            .unwrap();
        let q = store.hearing(id, None, now()).await.unwrap().questions;
        let receipt = store
            .submit_response(
                &a,
                id,
                "neutral",
                "anonymous",
                &[(q[0].id, AnswerInput::Json(RawValue::Integer(3)))],
                now(),
            )
            .await
            .unwrap();
        assert!(matches!(
            store.receipt(&b, receipt.id).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store.summary(&a, id).await,
            Err(StoreError::Forbidden)
        ));
        assert!(matches!(
            store.list_responses(&a, id).await,
            Err(StoreError::Forbidden)
        ));
    })
    .await;
}

#[tokio::test]
async fn the_demo_data_loads_with_a_closed_policy_hearing_of_at_least_forty_responses() {
    each(|store| async move {
        store.load_demo(now()).await.unwrap();
        let staff = store
            .authenticate("sekretariat@glostrup.example", "Demo-Sekretariat-1")
            .await
            .unwrap()
            .unwrap();
        let hearings = store.list_hearings(None, now()).await.unwrap();
        assert_eq!(hearings.len(), 4);
        let policy = hearings
            .iter()
            .find(|h| h.title.contains("Erhvervspolitik"))
            .unwrap();
        assert_eq!(policy.state, HearingState::Closed);
        let summary = store.summary(&staff, policy.id).await.unwrap();
        assert!(summary.total >= 40, "{}", summary.total);
        assert_eq!(
            summary.by_stance.iter().map(|(_, n)| n).sum::<i64>(),
            summary.total
        );
        assert_eq!(
            summary.by_area.iter().map(|(_, n)| n).sum::<i64>(),
            summary.total
        );
        assert!(summary.by_size_class.len() == 4 && summary.by_industry_section.len() >= 10);
        let open: Vec<_> = hearings
            .iter()
            .filter(|h| h.state == HearingState::Open)
            .collect();
        assert_eq!(open.len(), 3);
        assert_eq!(
            store.list_responses(&staff, policy.id).await.unwrap().len() as i64,
            summary.total
        );
    })
    .await;
}
