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

mod inquiries {
    use super::*;
    use hearings_core::inquiry::InquiryState;

    async fn open_hearing(store: &Store) -> (hearings_store::Account, hearings_core::HearingId) {
        let staff = staff(store).await;
        let id = store
            .create_hearing(
                &staff,
                hearing(now() - Duration::days(1), now() + Duration::weeks(5))
                    .parse()
                    .unwrap(),
                now(),
            )
            .await
            .unwrap();
        store.publish_hearing(&staff, id, now()).await.unwrap();
        (staff, id)
    }

    #[tokio::test]
    async fn a_question_is_public_only_once_answered_and_a_hidden_one_never() {
        each(|store| async move {
            let (staff, id) = open_hearing(&store).await;
            let asker = store
                .register(
                    registration("a@b.example", "13748136").parse().unwrap(),
                    now(),
                )
                .await
                .unwrap();
            let q1 = store
                .ask(&asker, id, "Gælder planen også Hovedvejen 12?", now())
                .await
                .unwrap();
            let q2 = store.ask(&asker, id, "Spam spam", now()).await.unwrap();

            assert!(
                store.inquiries(id, None, now()).await.unwrap().is_empty(),
                "nothing public before an answer"
            );
            let mine = store.inquiries(id, Some(&asker), now()).await.unwrap();
            assert_eq!(mine.len(), 2, "the asker sees their own pending questions");
            assert_eq!(
                mine[0].asker_organisation.as_deref(),
                Some("Testbageriet (fiktiv)")
            );

            store
                .answer_inquiry(&staff, q1, "Ja, nr. 12 ligger i området.", now())
                .await
                .unwrap();
            store
                .hide_inquiry(&staff, q2, "Uden relation til høringen", now())
                .await
                .unwrap();
            let public = store.inquiries(id, None, now()).await.unwrap();
            assert_eq!(public.len(), 1);
            assert_eq!(
                (public[0].id, public[0].state),
                (q1, InquiryState::Answered)
            );
            assert_eq!(
                public[0].answer.as_deref(),
                Some("Ja, nr. 12 ligger i området.")
            );
            assert_eq!(public[0].hidden_reason, None);

            let for_staff = store.inquiries(id, Some(&staff), now()).await.unwrap();
            let hidden = for_staff.iter().find(|i| i.id == q2).unwrap();
            assert_eq!(
                (hidden.state, hidden.hidden_reason.as_deref()),
                (InquiryState::Hidden, Some("Uden relation til høringen"))
            );
            assert!(store.unanswered_inquiries(&staff).await.unwrap().is_empty());
        })
        .await;
    }

    #[tokio::test]
    async fn questions_are_asked_only_while_open_and_answered_only_by_staff() {
        each(|store| async move {
            let (staff, id) = open_hearing(&store).await;
            let asker = store
                .register(
                    registration("a@b.example", "13748136").parse().unwrap(),
                    now(),
                )
                .await
                .unwrap();
            let q = store
                .ask(&asker, id, "Hvornår er der borgermøde?", now())
                .await
                .unwrap();
            let unanswered = store.unanswered_inquiries(&staff).await.unwrap();
            assert_eq!(unanswered.len(), 1);
            assert_eq!(
                unanswered[0].hearing_title.as_deref(),
                Some("Lokalplanforslag 1")
            );

            assert!(matches!(
                store
                    .answer_inquiry(&asker, q, "Jeg svarer selv", now())
                    .await,
                Err(StoreError::Forbidden)
            ));
            assert!(matches!(
                store.hide_inquiry(&asker, q, "Nej", now()).await,
                Err(StoreError::Forbidden)
            ));
            assert!(matches!(
                store.unanswered_inquiries(&asker).await,
                Err(StoreError::Forbidden)
            ));
            assert!(matches!(
                store.answer_inquiry(&staff, q, "  ", now()).await,
                Err(StoreError::Invalid(_))
            ));
            assert!(matches!(
                store.ask(&asker, id, "", now()).await,
                Err(StoreError::Invalid(_))
            ));

            let after = now() + Duration::weeks(6);
            assert!(matches!(
                store.ask(&asker, id, "For sent?", after).await,
                Err(StoreError::NotOpen { .. })
            ));
        })
        .await;
    }

    #[tokio::test]
    async fn a_private_persons_name_is_never_shown_with_a_question() {
        each(|store| async move {
            let (_, id) = open_hearing(&store).await;
            let mut raw = registration("p@b.example", "");
            raw.organisation.respondent_type = "private_person".into();
            raw.organisation.name = "Jens Jensen".into();
            let person = store.register(raw.parse().unwrap(), now()).await.unwrap();
            store
                .ask(&person, id, "Hvad med støj?", now())
                .await
                .unwrap();
            let mine = store.inquiries(id, Some(&person), now()).await.unwrap();
            assert_eq!(mine[0].asker_organisation, None);
        })
        .await;
    }
}

/// Withdrawal with a public reason, deadline warnings, and the audit log.
mod withdraw_warnings_audit {
    use super::*;
    use hearings_core::HearingStatus;
    use hearings_core::calendar::{DeadlineWarning, Holiday};
    use hearings_core::input::Withdrawal;
    use hearings_core::time::from_copenhagen;
    use hearings_store::testing::set_hearing_status;

    async fn account(store: &Store, email: &str, role: Role) -> hearings_store::Account {
        let id = store
            .create_user(email, "Navn", "et-langt-kodeord", role, now())
            .await
            .unwrap();
        store.account(id).await.unwrap()
    }

    fn reason(text: &str) -> Withdrawal {
        Withdrawal::parse(text).unwrap()
    }

    async fn published(store: &Store, staff: &hearings_store::Account) -> hearings_core::HearingId {
        let id = store
            .create_hearing(
                staff,
                hearing(now() - Duration::days(1), now() + Duration::weeks(5))
                    .parse()
                    .unwrap(),
                now(),
            )
            .await
            .unwrap();
        store.publish_hearing(staff, id, now()).await.unwrap();
        id
    }

    #[tokio::test]
    async fn a_withdrawn_hearing_shows_its_reason_publicly_and_takes_no_more_responses() {
        each(|store| async move {
            let staff = staff(&store).await;
            let id = published(&store, &staff).await;
            let later = now() + Duration::hours(2);
            store
                .withdraw_hearing(
                    &staff,
                    id,
                    reason("Forslaget er trukket af udvalget."),
                    later,
                )
                .await
                .unwrap();

            let public = store.hearing(id, None, later).await.unwrap();
            assert_eq!(public.hearing.state, HearingState::Withdrawn);
            assert_eq!(
                public.withdrawal_reason.as_deref(),
                Some("Forslaget er trukket af udvalget.")
            );
            assert_eq!(public.withdrawn_at, Some(later));
            let listed = store.list_hearings(None, later).await.unwrap();
            assert!(
                listed
                    .iter()
                    .any(|h| h.id == id && h.state == HearingState::Withdrawn)
            );

            let respondent = store
                .register(
                    registration("a@b.example", "13748136").parse().unwrap(),
                    now(),
                )
                .await
                .unwrap();
            let q = public.questions;
            let refused = store
                .submit_response(
                    &respondent,
                    id,
                    "supports",
                    "named",
                    &[(q[0].id, AnswerInput::Json(RawValue::Integer(4)))],
                    later,
                )
                .await;
            assert!(
                matches!(
                    refused,
                    Err(StoreError::NotOpen {
                        state: HearingState::Withdrawn,
                        ..
                    })
                ),
                "{refused:?}"
            );
            assert!(
                matches!(
                    store
                        .withdraw_hearing(&staff, id, reason("Igen"), later)
                        .await,
                    Err(StoreError::Transition(_))
                ),
                "withdrawn once, not twice"
            );
        })
        .await;
    }

    #[tokio::test]
    async fn only_staff_withdraw_and_never_a_decided_hearing() {
        each(|store| async move {
            let staff = staff(&store).await;
            let id = published(&store, &staff).await;
            let politician = account(&store, "p@k.example", Role::Politician).await;
            let respondent = store
                .register(
                    registration("a@b.example", "13748136").parse().unwrap(),
                    now(),
                )
                .await
                .unwrap();
            for who in [&politician, &respondent] {
                assert!(matches!(
                    store.withdraw_hearing(who, id, reason("Nej"), now()).await,
                    Err(StoreError::Forbidden)
                ));
            }
            set_hearing_status(&store, id, HearingStatus::Decided)
                .await
                .unwrap();
            assert!(matches!(
                store
                    .withdraw_hearing(&staff, id, reason("For sent"), now())
                    .await,
                Err(StoreError::Transition(_))
            ));
            assert_eq!(
                store
                    .hearing(id, None, now())
                    .await
                    .unwrap()
                    .withdrawal_reason,
                None
            );
        })
        .await;
    }

    #[tokio::test]
    async fn a_draft_withdrawn_before_publication_stays_hidden_from_the_public() {
        each(|store| async move {
            let staff = staff(&store).await;
            let id = store
                .create_hearing(
                    &staff,
                    hearing(now(), now() + Duration::weeks(5)).parse().unwrap(),
                    now(),
                )
                .await
                .unwrap();
            store
                .withdraw_hearing(&staff, id, reason("Droppet"), now())
                .await
                .unwrap();
            assert!(matches!(
                store.hearing(id, None, now()).await,
                Err(StoreError::NotFound)
            ));
            assert!(store.list_hearings(None, now()).await.unwrap().is_empty());
            let seen = store.hearing(id, Some(&staff), now()).await.unwrap();
            assert_eq!(seen.hearing.state, HearingState::Withdrawn);
        })
        .await;
    }

    async fn warnings_for(
        store: &Store,
        staff: &hearings_store::Account,
        closes: DateTime<Utc>,
    ) -> Vec<DeadlineWarning> {
        let mut raw = hearing(now() + Duration::days(1), closes);
        raw.kind = "policy".into();
        let id = store
            .create_hearing(staff, raw.parse().unwrap(), now())
            .await
            .unwrap();
        store
            .hearing(id, Some(staff), now())
            .await
            .unwrap()
            .warnings
    }

    #[tokio::test]
    async fn staff_are_warned_of_a_deadline_on_christmas_day_or_in_july_but_not_on_a_tuesday_in_march()
     {
        each(|store| async move {
            let staff = staff(&store).await;
            let christmas = from_copenhagen("2026-12-25", "12:00").unwrap();
            assert_eq!(
                warnings_for(&store, &staff, christmas).await,
                vec![DeadlineWarning::DeadlineOnHoliday {
                    holiday: Holiday::Juledag,
                    date: christmas.date_naive()
                }]
            );
            let july = from_copenhagen("2027-07-13", "12:00").unwrap();
            assert!(matches!(
                warnings_for(&store, &staff, july).await[..],
                [DeadlineWarning::DeadlineInJuly { .. }]
            ));
            let tuesday = from_copenhagen("2027-03-09", "12:00").unwrap();
            assert_eq!(warnings_for(&store, &staff, tuesday).await, vec![]);

            // The warning is for staff, and only until the hearing opens; it never refuses.
            let mut raw = hearing(now() + Duration::days(1), christmas);
            raw.kind = "policy".into();
            let id = store
                .create_hearing(&staff, raw.parse().unwrap(), now())
                .await
                .unwrap();
            store.publish_hearing(&staff, id, now()).await.unwrap();
            assert_eq!(
                store
                    .hearing(id, Some(&staff), now())
                    .await
                    .unwrap()
                    .warnings
                    .len(),
                1
            );
            assert!(
                store
                    .hearing(id, None, now())
                    .await
                    .unwrap()
                    .warnings
                    .is_empty()
            );
            let open = now() + Duration::days(2);
            assert!(
                store
                    .hearing(id, Some(&staff), open)
                    .await
                    .unwrap()
                    .warnings
                    .is_empty()
            );
        })
        .await;
    }

    #[tokio::test]
    async fn each_staff_action_writes_exactly_one_audit_row_with_actor_before_and_after() {
        each(|store| async move {
            let staff = staff(&store).await;
            let admin = account(&store, "admin@k.example", Role::Admin).await;
            let rows = |store: Store, admin: hearings_store::Account| async move {
                store.audit_log(&admin, None, 100).await.unwrap().entries
            };
            assert!(rows(store.clone(), admin.clone()).await.is_empty());

            let id = store
                .create_hearing(
                    &staff,
                    hearing(now() - Duration::days(1), now() + Duration::weeks(5))
                        .parse()
                        .unwrap(),
                    now(),
                )
                .await
                .unwrap();
            let log = rows(store.clone(), admin.clone()).await;
            assert_eq!(log.len(), 1);
            let created = &log[0];
            assert_eq!(
                (
                    created.action.as_str(),
                    created.object_type.as_str(),
                    created.object_id.clone()
                ),
                ("hearing.create", "hearing", id.to_string())
            );
            assert_eq!(
                (created.actor, created.actor_email.as_str()),
                (Some(staff.id), "staff@k.example")
            );
            assert_eq!(created.before, None);
            let after: serde_json::Value =
                serde_json::from_str(created.after.as_deref().unwrap()).unwrap();
            assert_eq!(
                (after["status"].as_str(), after["questions"].as_i64()),
                (Some("draft"), Some(2))
            );

            let t1 = now() + Duration::minutes(1);
            store.publish_hearing(&staff, id, t1).await.unwrap();
            assert!(store.publish_hearing(&staff, id, t1).await.is_err());
            let log = rows(store.clone(), admin.clone()).await;
            assert_eq!(log.len(), 2, "a refused publication writes nothing");
            assert_eq!((log[0].action.as_str(), log[0].at), ("hearing.publish", t1));
            let status = log[0]
                .changes()
                .into_iter()
                .find(|c| c.field == "status")
                .unwrap();
            assert_eq!(
                (status.before.as_deref(), status.after.as_deref()),
                (Some("draft"), Some("published"))
            );

            let t2 = now() + Duration::minutes(2);
            store
                .withdraw_hearing(&staff, id, reason("Trukket"), t2)
                .await
                .unwrap();
            let log = rows(store.clone(), admin.clone()).await;
            assert_eq!(log.len(), 3);
            assert_eq!(log[0].action, "hearing.withdraw");
            assert!(log[0].before.as_deref().unwrap().contains("\"published\""));
            let after: serde_json::Value =
                serde_json::from_str(log[0].after.as_deref().unwrap()).unwrap();
            assert_eq!(after["withdrawal_reason"], "Trukket");
            assert_eq!(after["status"], "withdrawn");

            // Only administrators read the log.
            let politician = account(&store, "p@k.example", Role::Politician).await;
            let respondent = store
                .register(
                    registration("a@b.example", "13748136").parse().unwrap(),
                    now(),
                )
                .await
                .unwrap();
            for who in [&staff, &politician, &respondent] {
                assert!(matches!(
                    store.audit_log(who, None, 100).await,
                    Err(StoreError::Forbidden)
                ));
            }
        })
        .await;
    }

    #[tokio::test]
    async fn a_change_whose_audit_row_cannot_be_written_is_not_stored() {
        each(|store| async move {
            let staff = staff(&store).await;
            let id = store
                .create_hearing(
                    &staff,
                    hearing(now(), now() + Duration::weeks(5)).parse().unwrap(),
                    now(),
                )
                .await
                .unwrap();
            hearings_store::testing::run_sql(&store, "DROP TABLE audit_log")
                .await
                .unwrap();
            assert!(matches!(
                store.publish_hearing(&staff, id, now()).await,
                Err(StoreError::Internal(_))
            ));
            assert!(matches!(
                store
                    .withdraw_hearing(&staff, id, reason("Nej"), now())
                    .await,
                Err(StoreError::Internal(_))
            ));
            let d = store.hearing(id, Some(&staff), now()).await.unwrap();
            assert_eq!(
                (d.hearing.state, d.published_at),
                (HearingState::Draft, None)
            );
            assert!(matches!(
                store
                    .create_hearing(
                        &staff,
                        hearing(now(), now() + Duration::weeks(5)).parse().unwrap(),
                        now(),
                    )
                    .await,
                Err(StoreError::Internal(_))
            ));
            let admin = account(&store, "admin@k.example", Role::Admin).await;
            assert!(
                store
                    .list_hearings(Some(&admin), now())
                    .await
                    .unwrap()
                    .len()
                    == 1
            );
        })
        .await;
    }

    #[tokio::test]
    async fn the_audit_log_pages_newest_first_and_rows_of_the_same_moment_are_neither_repeated_nor_skipped()
     {
        each(|store| async move {
            let staff = staff(&store).await;
            let admin = account(&store, "admin@k.example", Role::Admin).await;
            let mut made = Vec::new();
            for i in 0..5 {
                // Three at one moment, then two later moments (with sub-millisecond parts).
                let at = now() + Duration::microseconds(if i < 3 { 0 } else { 1_500 * i });
                let raw = hearing(now(), now() + Duration::weeks(5));
                made.push(
                    store
                        .create_hearing(&staff, raw.parse().unwrap(), at)
                        .await
                        .unwrap(),
                );
            }
            let mut seen = Vec::new();
            let mut cursor = None;
            for _ in 0..10 {
                let page = store.audit_log(&admin, cursor, 2).await.unwrap();
                assert!(page.entries.len() <= 2);
                seen.extend(page.entries.iter().map(|e| (e.at, e.object_id.clone())));
                cursor = page.next;
                if cursor.is_none() {
                    break;
                }
            }
            assert_eq!(seen.len(), 5, "{seen:?}");
            let mut ids: Vec<String> = seen.iter().map(|(_, id)| id.clone()).collect();
            ids.sort();
            ids.dedup();
            assert_eq!(ids.len(), 5, "no row twice");
            assert!(seen.windows(2).all(|w| w[0].0 >= w[1].0), "newest first");
            assert_eq!(seen[0].1, made[4].to_string());
            assert_eq!(seen[1].1, made[3].to_string());
        })
        .await;
    }
}

/// The e-mail outbox.
mod outbox {

    use chrono::{DateTime, Duration, Utc};
    use hearings_core::input::{
        AnswerInput, RawHearing, RawOrganisation, RawQuestion, RawRegistration, RawSection,
    };
    use hearings_core::{HearingId, RawValue, Role};
    use hearings_store::testing::TestDatabase;
    use hearings_store::{Account, Failure, LEASE, MAX_ATTEMPTS, Receipt, Store, StoreError};
    use sea_orm::{ConnectionTrait, Database};

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-10-12T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    /// Runs `f` on a fresh, migrated database of each backend; `f` gets the
    /// store and the database URL.
    async fn each<F, Fut>(f: F)
    where
        F: Fn(Store, String) -> Fut,
        Fut: std::future::Future<Output = ()>,
    {
        for backend in TestDatabase::backends() {
            let db = TestDatabase::create(backend)
                .await
                .expect("create database");
            let store = db.store().await.expect("migrate");
            f(store.clone(), db.url.clone()).await;
            store.close().await.unwrap();
            db.drop_database().await.unwrap();
        }
    }

    /// A published, open hearing with one required scale question, and a
    /// registered respondent.
    async fn open_hearing(store: &Store) -> (HearingId, Account, Account) {
        let staff_id = store
            .create_user(
                "staff@k.example",
                "Staff",
                "staff-kodeord-1",
                Role::Staff,
                now(),
            )
            .await
            .unwrap();
        let staff = store.account(staff_id).await.unwrap();
        let hearing = RawHearing {
            title: "Lokalplanforslag for Stationsvej".into(),
            summary: "Resumé".into(),
            kind: "lokalplanforslag".into(),
            opens_at: Ok(now() - Duration::days(1)),
            closes_at: Ok(Some(now() + Duration::weeks(4))),
            area: Some("bymidten".into()),
            sections: vec![RawSection {
                heading: "Formål".into(),
                body: "…".into(),
            }],
            questions: vec![RawQuestion {
                kind: "scale".into(),
                prompt: "Hvor enig?".into(),
                required: true,
                options: vec![],
                unit: None,
            }],
        };
        let id = store
            .create_hearing(&staff, hearing.parse().unwrap(), now())
            .await
            .unwrap();
        store.publish_hearing(&staff, id, now()).await.unwrap();
        let respondent = store
            .register(
                RawRegistration {
                    name: "Anna".into(),
                    email: "anna@bageri.example".into(),
                    password: "langt-nok-kodeord".into(),
                    organisation: RawOrganisation {
                        cvr: "13748136".into(),
                        name: "Testbageriet (fiktiv)".into(),
                        classification: "DB25".into(),
                        industry_code: "47.24".into(),
                        size_class: "small".into(),
                        area: "ejby".into(),
                        respondent_type: "company".into(),
                    },
                }
                .parse()
                .unwrap(),
                now(),
            )
            .await
            .unwrap();
        (id, staff, respondent)
    }

    async fn submit(
        store: &Store,
        by: &Account,
        id: HearingId,
        scale: i64,
        at: DateTime<Utc>,
    ) -> Receipt {
        let q = store.hearing(id, None, now()).await.unwrap().questions;
        store
            .submit_response(
                by,
                id,
                "supports",
                "named",
                &[(q[0].id, AnswerInput::Json(RawValue::Integer(scale)))],
                at,
            )
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_submission_queues_one_receipt_email_to_the_submitter_with_reference_digest_and_link()
    {
        each(|store, _| async move {
            let store = store.with_public_url("https://hoeringer.example/");
            let (id, _, respondent) = open_hearing(&store).await;

            // A refused submission (a required answer missing) queues nothing.
            let refused = store
                .submit_response(&respondent, id, "supports", "named", &[], now())
                .await;
            assert!(matches!(refused, Err(StoreError::Invalid(_))));
            assert!(store.due_messages(now(), 100).await.unwrap().is_empty());

            let receipt = submit(&store, &respondent, id, 4, now()).await;
            let due = store.due_messages(now(), 100).await.unwrap();
            assert_eq!(due.len(), 1, "exactly one message: {due:?}");
            let m = &due[0];
            assert_eq!(
                (m.kind.as_str(), m.to.as_str(), m.attempts, m.sent_at),
                ("receipt", "anna@bageri.example", 0, None)
            );
            assert!(m.subject.contains(&receipt.reference), "{}", m.subject);
            for needle in [
                receipt.reference.as_str(),
                receipt.digest.as_str(),
                "Lokalplanforslag for Stationsvej",
                "Testbageriet (fiktiv)",
                &format!("https://hoeringer.example/receipts/{}", receipt.id),
                "Kvittering for høringssvar",
                "Receipt for your response",
                "12-10-2026 kl. 12:00:00.000 (UTC+02:00)",
                "2026-10-12 at 12:00:00.000 (UTC+02:00)",
            ] {
                assert!(
                    m.body.contains(needle),
                    "the body lacks {needle}:\n{}",
                    m.body
                );
            }
            let danish = m.body.find("Modtaget").unwrap();
            let english = m.body.find("Received").unwrap();
            assert!(danish < english, "Danish first, then English");
            store.mark_sent(m.id, now()).await.unwrap();

            // A new version gets its own receipt, with its own digest.
            let second = submit(&store, &respondent, id, 2, now() + Duration::hours(1)).await;
            let due = store
                .due_messages(now() + Duration::hours(1), 100)
                .await
                .unwrap();
            assert_eq!(due.len(), 1, "the first was sent");
            assert!(due[0].body.contains(&second.digest));
            assert!(due[0].body.contains("Version: 2"));
        })
        .await;
    }

    #[tokio::test]
    async fn the_receipt_email_is_queued_in_the_same_transaction_as_the_response() {
        each(|store, url| async move {
            let (id, staff, respondent) = open_hearing(&store).await;
            let q = store.hearing(id, None, now()).await.unwrap().questions;
            let answers = [(q[0].id, AnswerInput::Json(RawValue::Integer(3)))];

            // With the outbox unwritable, the submission fails as a whole:
            // no response is stored, and no receipt is given.
            let admin = Database::connect(&url).await.unwrap();
            admin
                .execute_unprepared("ALTER TABLE outbox RENAME TO outbox_away")
                .await
                .unwrap();
            let failed = store
                .submit_response(&respondent, id, "neutral", "named", &answers, now())
                .await;
            assert!(matches!(failed, Err(StoreError::Internal(_))), "{failed:?}");
            assert!(store.list_responses(&staff, id).await.unwrap().is_empty());
            admin
                .execute_unprepared("ALTER TABLE outbox_away RENAME TO outbox")
                .await
                .unwrap();
            admin.close().await.unwrap();
            assert!(store.due_messages(now(), 100).await.unwrap().is_empty());

            // With the outbox back, both are stored together.
            let receipt = store
                .submit_response(&respondent, id, "neutral", "named", &answers, now())
                .await
                .unwrap();
            assert_eq!(receipt.version, 1);
            assert_eq!(store.list_responses(&staff, id).await.unwrap().len(), 1);
            assert_eq!(store.due_messages(now(), 100).await.unwrap().len(), 1);
        })
        .await;
    }

    #[tokio::test]
    async fn a_failed_delivery_is_tried_again_after_a_growing_wait_and_not_before_until_given_up() {
        each(|store, _| async move {
            let (id, _, respondent) = open_hearing(&store).await;
            submit(&store, &respondent, id, 4, now()).await;
            let mut t = now();
            let taken = store.due_messages(t, 10).await.unwrap();
            assert_eq!(taken.len(), 1);
            let message = taken[0].id;
            assert!(
                store.due_messages(t, 10).await.unwrap().is_empty(),
                "a message taken is not handed out twice"
            );

            let waits = [1, 2, 4, 8, 16, 32, 60, 60, 60];
            assert_eq!(waits.len() as i32, MAX_ATTEMPTS - 1);
            for (n, minutes) in waits.into_iter().enumerate() {
                let wait = Duration::minutes(minutes);
                let outcome = store
                    .mark_failed(message, "451 4.3.0 Try again later", t)
                    .await
                    .unwrap();
                assert_eq!(outcome, Failure::RetryAt(t + wait), "attempt {}", n + 1);
                assert!(
                    store
                        .due_messages(t + wait - Duration::milliseconds(1), 10)
                        .await
                        .unwrap()
                        .is_empty(),
                    "not before {minutes} minutes after attempt {}",
                    n + 1
                );
                t += wait;
                let again = store.due_messages(t, 10).await.unwrap();
                assert_eq!(
                    again.len(),
                    1,
                    "due {minutes} minutes after attempt {}",
                    n + 1
                );
                assert_eq!(again[0].attempts, n as i32 + 1);
                assert_eq!(
                    again[0].last_error.as_deref(),
                    Some("451 4.3.0 Try again later")
                );
            }

            let last = store
                .mark_failed(message, "550 5.1.1 Mailbox unavailable", t)
                .await
                .unwrap();
            assert_eq!(last, Failure::GaveUp);
            assert!(
                store
                    .due_messages(t + Duration::days(30), 10)
                    .await
                    .unwrap()
                    .is_empty()
            );
            let kept = store.outbox_message(message).await.unwrap();
            assert_eq!(
                (kept.attempts, kept.sent_at, kept.last_error.as_deref()),
                (MAX_ATTEMPTS, None, Some("550 5.1.1 Mailbox unavailable"))
            );
        })
        .await;
    }

    #[tokio::test]
    async fn a_sent_message_is_not_sent_again_and_one_never_marked_comes_back_after_the_lease() {
        each(|store, _| async move {
            let (id, _, respondent) = open_hearing(&store).await;
            submit(&store, &respondent, id, 4, now()).await;
            let taken = store.due_messages(now(), 10).await.unwrap();
            let message = taken[0].id;

            // A worker that stopped between taking and marking: the message
            // comes back when the lease runs out, not before.
            assert!(
                store
                    .due_messages(now() + LEASE - Duration::seconds(1), 10)
                    .await
                    .unwrap()
                    .is_empty()
            );
            let back = store.due_messages(now() + LEASE, 10).await.unwrap();
            assert_eq!(back.len(), 1);
            assert_eq!(back[0].id, message);

            let sent_at = now() + LEASE + Duration::seconds(2);
            store.mark_sent(message, sent_at).await.unwrap();
            assert!(
                store
                    .due_messages(sent_at + Duration::days(30), 10)
                    .await
                    .unwrap()
                    .is_empty()
            );
            // Marking again changes nothing; a late failure report neither.
            store
                .mark_sent(message, sent_at + Duration::hours(1))
                .await
                .unwrap();
            assert_eq!(
                store
                    .mark_failed(message, "timeout", sent_at + Duration::hours(1))
                    .await
                    .unwrap(),
                Failure::AlreadySent
            );
            let kept = store.outbox_message(message).await.unwrap();
            assert_eq!(
                (kept.sent_at, kept.attempts, kept.last_error),
                (Some(sent_at), 1, None)
            );
        })
        .await;
    }

    #[tokio::test]
    async fn the_demo_data_queues_no_email_to_its_fictitious_respondents() {
        each(|store, _| async move {
            store.load_demo(now()).await.unwrap();
            assert!(
                store
                    .due_messages(now() + Duration::days(365), 1000)
                    .await
                    .unwrap()
                    .is_empty()
            );
        })
        .await;
    }
}

mod inquiry_audit {
    use super::*;

    #[tokio::test]
    async fn answering_and_hiding_a_question_are_recorded_in_the_audit_log() {
        each(|store| async move {
            let staff = staff(&store).await;
            let id = store
                .create_hearing(
                    &staff,
                    hearing(now() - Duration::days(1), now() + Duration::weeks(5))
                        .parse()
                        .unwrap(),
                    now(),
                )
                .await
                .unwrap();
            store.publish_hearing(&staff, id, now()).await.unwrap();
            let asker = store
                .register(
                    registration("a@b.example", "13748136").parse().unwrap(),
                    now(),
                )
                .await
                .unwrap();
            let q1 = store.ask(&asker, id, "Et spørgsmål", now()).await.unwrap();
            let q2 = store.ask(&asker, id, "Reklame", now()).await.unwrap();
            store
                .answer_inquiry(&staff, q1, "Et svar", now() + Duration::minutes(1))
                .await
                .unwrap();
            store
                .hide_inquiry(&staff, q2, "Reklame", now() + Duration::minutes(2))
                .await
                .unwrap();
            let admin_id = store
                .create_user(
                    "admin@k.example",
                    "Admin",
                    "admin-kodeord-1",
                    Role::Admin,
                    now(),
                )
                .await
                .unwrap();
            let admin = store.account(admin_id).await.unwrap();
            let log = store.audit_log(&admin, None, 10).await.unwrap();
            let actions: Vec<&str> = log
                .entries
                .iter()
                .map(|e| e.action.as_str())
                .take(2)
                .collect();
            assert_eq!(actions, vec!["inquiry.hide", "inquiry.answer"]);
            assert_eq!(log.entries[1].object_id, q1.to_string());
        })
        .await;
    }
}
