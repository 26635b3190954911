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
                help: String::new(),
            },
            RawQuestion {
                kind: "number".into(),
                prompt: "Omkostning".into(),
                required: false,
                options: vec![],
                unit: Some("kr.".into()),
                help: String::new(),
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
async fn a_registration_creates_an_organisation_and_a_second_with_the_same_cvr_asks_to_join_it() {
    each(|store| async move {
        let reg = registration("a@b.example", "13748136").parse().unwrap();
        let account = store.register(reg, now()).await.unwrap();
        assert_eq!(account.role, Role::Respondent);
        assert_eq!(
            account.organisation_name.as_deref(),
            Some("Testbageriet (fiktiv)")
        );
        let again = registration("other@b.example", "13748136").parse().unwrap();
        let second = store.register(again, now()).await.unwrap();
        assert_eq!(second.organisation, None, "no second organisation");
        assert_eq!(
            second.join_request.map(|j| j.organisation_name).as_deref(),
            Some("Testbageriet (fiktiv)")
        );
        let taken = registration("A@B.example", "13748136").parse().unwrap();
        match store.register(taken, now()).await {
            Err(StoreError::Invalid(e)) => assert_eq!(e[0].problem, Problem::EmailTaken),
            other => panic!("expected EmailTaken, got {other:?}"),
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
                help: String::new(),
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

mod submission_keys {
    use super::*;

    async fn setup(
        store: &Store,
    ) -> (
        hearings_store::Account,
        hearings_core::HearingId,
        Vec<hearings_store::QuestionView>,
    ) {
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
        let respondent = store
            .register(
                registration("a@b.example", "13748136").parse().unwrap(),
                now(),
            )
            .await
            .unwrap();
        let questions = store.hearing(id, None, now()).await.unwrap().questions;
        (respondent, id, questions)
    }

    #[tokio::test]
    async fn the_same_key_and_content_give_the_same_receipt_and_one_version() {
        each(|store| async move {
            let (r, id, q) = setup(&store).await;
            let a = vec![(q[0].id, AnswerInput::Json(RawValue::Integer(4)))];
            let first = store
                .submit_response_once(&r, id, "k-1", "supports", "named", &a, now())
                .await
                .unwrap();
            let again = store
                .submit_response_once(
                    &r,
                    id,
                    "k-1",
                    "supports",
                    "named",
                    &a,
                    now() + Duration::seconds(30),
                )
                .await
                .unwrap();
            assert_eq!(first, again, "a retry gets the receipt already issued");
            assert_eq!(
                store.receipt(&r, first.id).await.unwrap().version,
                1,
                "no second version"
            );
            let other = store
                .submit_response_once(
                    &r,
                    id,
                    "k-2",
                    "supports",
                    "named",
                    &a,
                    now() + Duration::minutes(1),
                )
                .await
                .unwrap();
            assert_eq!(
                (other.id, other.version),
                (first.id, 2),
                "a new key is a new version"
            );
        })
        .await;
    }

    #[tokio::test]
    async fn the_same_key_with_other_content_is_refused() {
        each(|store| async move {
            let (r, id, q) = setup(&store).await;
            let a = |n| vec![(q[0].id, AnswerInput::Json(RawValue::Integer(n)))];
            store
                .submit_response_once(&r, id, "k-1", "supports", "named", &a(4), now())
                .await
                .unwrap();
            match store
                .submit_response_once(&r, id, "k-1", "opposes", "named", &a(1), now())
                .await
            {
                Err(StoreError::Invalid(e)) => assert_eq!(
                    (e[0].field.as_str(), &e[0].problem),
                    ("idempotency_key", &Problem::SubmissionKeyReused)
                ),
                other => panic!("expected a refusal, got {other:?}"),
            }
            assert!(matches!(
                store
                    .submit_response_once(&r, id, "", "supports", "named", &a(4), now())
                    .await,
                Err(StoreError::Invalid(_))
            ));
        })
        .await;
    }

    #[tokio::test]
    async fn two_submissions_with_one_key_at_the_same_moment_store_one_version() {
        each(|store| async move {
            let (r, id, q) = setup(&store).await;
            let a = vec![(q[0].id, AnswerInput::Json(RawValue::Integer(3)))];
            let (x, y) = tokio::join!(
                store.submit_response_once(&r, id, "double-click", "neutral", "named", &a, now()),
                store.submit_response_once(&r, id, "double-click", "neutral", "named", &a, now()),
            );
            let (x, y) = (x.unwrap(), y.unwrap());
            assert_eq!(x, y);
            assert_eq!(store.receipt(&r, x.id).await.unwrap().version, 1);
        })
        .await;
    }
}

#[path = "store/analysis.rs"]
mod analysis;
#[path = "store/campaigns.rs"]
mod campaigns;
#[path = "store/export.rs"]
mod export;
#[path = "store/members.rs"]
mod members;
#[path = "store/memo.rs"]
mod memo;
#[path = "store/outcome.rs"]
mod outcome;
#[path = "store/summary.rs"]
mod summary;

mod hearing_list {
    //! The hearing list: the organisation register and its import.

    use hearings_core::register::{RawRegisterRow, RegisterQuery, Source};
    use hearings_core::{Role, SizeClass};
    use hearings_store::{ImportOutcome, REGISTER_PAGE_SIZE};

    use super::*;

    fn row(cvr: &str, name: &str) -> RawRegisterRow {
        RawRegisterRow {
            cvr: cvr.into(),
            name: name.into(),
            industry_code: "47.11".into(),
            classification: "DB25".into(),
            employees_or_size: "12".into(),
            address: "Hovedvejen 1".into(),
            postcode: "2600".into(),
            email: "kontakt@butik.example".into(),
            area: String::new(),
        }
    }

    async fn import(store: &Store, rows: &[RawRegisterRow]) -> Vec<ImportOutcome> {
        let mut out = Vec::new();
        for r in rows {
            let entry = r.parse().unwrap();
            out.push(store.import_organisation(&entry, now()).await.unwrap());
        }
        out
    }

    #[tokio::test]
    async fn an_import_adds_good_rows_refuses_bad_ones_with_reasons_and_a_rerun_changes_nothing() {
        each(|store| async move {
            let staff = staff(&store).await;
            let good = vec![
                row("13748136", "Østergade Kiosk (fiktiv)"),
                RawRegisterRow {
                    employees_or_size: "large".into(),
                    classification: "DB07".into(),
                    industry_code: "62.01".into(),
                    area: "kirkebjerg".into(),
                    email: String::new(),
                    ..row(&super::cvr_number(1), "Kirkebjerg Data A/S (fiktiv)")
                },
            ];
            let bad = [
                row("13748137", "Forkert CVR ApS"),
                RawRegisterRow {
                    classification: "DB93".into(),
                    ..row(&super::cvr_number(2), "Gammel Klassifikation ApS")
                },
                row(&super::cvr_number(3), "  "),
            ];
            let reasons: Vec<Vec<String>> = bad
                .iter()
                .map(|r| {
                    r.parse()
                        .unwrap_err()
                        .iter()
                        .map(|e| format!("{}: {}", e.field, e.problem))
                        .collect()
                })
                .collect();
            assert_eq!(
                reasons,
                [
                    vec!["cvr: the check digit of the CVR number does not match".to_string()],
                    vec!["classification: 'DB93' is not one of: DB07 DB25 ".to_string()],
                    vec!["name: required".to_string()],
                ]
            );
            assert_eq!(
                import(&store, &good).await,
                [ImportOutcome::Created, ImportOutcome::Created]
            );
            assert_eq!(
                import(&store, &good).await,
                [ImportOutcome::Unchanged, ImportOutcome::Unchanged],
                "the same file twice changes nothing"
            );
            let changed = RawRegisterRow {
                employees_or_size: "300".into(),
                ..good[0].clone()
            };
            assert_eq!(import(&store, &[changed]).await, [ImportOutcome::Updated]);

            let page = store
                .search_register(&staff, &RegisterQuery::new("", None))
                .await
                .unwrap();
            assert_eq!(page.total, 2);
            let kiosk = &page.items[1];
            assert_eq!(kiosk.name, "Østergade Kiosk (fiktiv)");
            assert_eq!(
                (kiosk.source, kiosk.size_class, kiosk.employees),
                (Source::Imported, SizeClass::Large, Some(300))
            );
            assert_eq!(
                kiosk.area, "hele-kommunen",
                "postcode 2600 names no local area"
            );
            assert_eq!(page.items[0].area, "kirkebjerg");
            assert_eq!(page.items[0].email, None);

            let unknown_area = RawRegisterRow {
                area: "amager".into(),
                ..row(&super::cvr_number(4), "Udenbys ApS")
            };
            match store
                .import_organisation(&unknown_area.parse().unwrap(), now())
                .await
            {
                Err(StoreError::Invalid(e)) => assert_eq!(e[0].problem, Problem::UnknownArea),
                other => panic!("expected an unknown area, got {other:?}"),
            }
        })
        .await;
    }

    #[tokio::test]
    async fn a_registered_organisation_keeps_its_profile_and_only_gets_what_it_lacks() {
        each(|store| async move {
            store
                .register(
                    registration("a@b.example", "13748136").parse().unwrap(),
                    now(),
                )
                .await
                .unwrap();
            let outcome = import(&store, &[row("13748136", "Et andet navn")]).await;
            assert_eq!(outcome, [ImportOutcome::Updated]);
            assert_eq!(
                import(&store, &[row("13748136", "Et andet navn")]).await,
                [ImportOutcome::Unchanged]
            );
            let staff = staff(&store).await;
            let page = store
                .search_register(&staff, &RegisterQuery::new("13748136", None))
                .await
                .unwrap();
            let org = &page.items[0];
            assert_eq!(org.name, "Testbageriet (fiktiv)");
            assert_eq!(org.source, Source::Registered);
            assert_eq!(org.email.as_deref(), Some("kontakt@butik.example"));
            assert_eq!(org.area, "ejby");
        })
        .await;
    }

    #[tokio::test]
    async fn staff_search_the_register_by_name_or_cvr_a_page_at_a_time_and_nobody_else_may() {
        each(|store| async move {
            let rows: Vec<RawRegisterRow> = (0..(REGISTER_PAGE_SIZE as u32 + 5))
                .map(|n| {
                    row(
                        &super::cvr_number(10 + n),
                        &format!("Virksomhed {n:03} (fiktiv)"),
                    )
                })
                .chain([row("13748136", "Østergade Kiosk 100% (fiktiv)")])
                .collect();
            import(&store, &rows).await;
            let staff = staff(&store).await;
            let search = |text: &str, page: Option<u64>| {
                let store = store.clone();
                let staff = staff.clone();
                let q = RegisterQuery::new(text, page);
                async move { store.search_register(&staff, &q).await.unwrap() }
            };
            let first = search("virksomhed", None).await;
            assert_eq!(
                (first.total, first.pages, first.items.len()),
                (REGISTER_PAGE_SIZE + 5, 2, REGISTER_PAGE_SIZE as usize)
            );
            assert_eq!(first.items[0].name, "Virksomhed 000 (fiktiv)");
            let second = search("VIRKSOMHED", Some(2)).await;
            assert_eq!((second.page, second.items.len()), (2, 5));
            let beyond = search("virksomhed", Some(99)).await;
            assert_eq!(beyond.page, 2, "a page past the end shows the last");
            assert_eq!(
                search("øst", None).await.total,
                1,
                "Danish letters in any case"
            );
            assert_eq!(search("100%", None).await.total, 1);
            assert_eq!(
                search("%", None).await.total,
                1,
                "a wildcard typed is a character"
            );
            assert_eq!(
                search("DK 1374 8136", None).await.items[0].name,
                "Østergade Kiosk 100% (fiktiv)"
            );

            let respondent = store
                .register(
                    registration("a@b.example", &super::cvr_number(900))
                        .parse()
                        .unwrap(),
                    now(),
                )
                .await
                .unwrap();
            let politician_id = store
                .create_user(
                    "p@k.example",
                    "P",
                    "politiker-kodeord",
                    Role::Politician,
                    now(),
                )
                .await
                .unwrap();
            let politician = store.account(politician_id).await.unwrap();
            for who in [respondent, politician] {
                assert!(matches!(
                    store
                        .search_register(&who, &RegisterQuery::new("", None))
                        .await,
                    Err(StoreError::Forbidden)
                ));
            }
        })
        .await;
    }
}

mod invitations {
    //! The hearing list: invitations by hand and by rule, reminders, and
    //! the list as the public and staff see it.

    use hearings_core::input::AnswerInput;
    use hearings_core::register::{InviteRule, RawRegisterRow};
    use hearings_core::{HearingId, OrganisationId};
    use hearings_core::{RawValue, Role};
    use hearings_store::testing::{link_in_newest, messages_to};
    use hearings_store::{Account, InviteCount, Invitees};

    use super::*;

    fn org(
        cvr: &str,
        name: &str,
        code: &str,
        employees: &str,
        area: &str,
        email: &str,
    ) -> RawRegisterRow {
        RawRegisterRow {
            cvr: cvr.into(),
            name: name.into(),
            industry_code: code.into(),
            classification: "DB25".into(),
            employees_or_size: employees.into(),
            address: "Vej 1".into(),
            postcode: "2600".into(),
            email: email.into(),
            area: area.into(),
        }
    }

    /// Five imported organisations: two retailers (section G) in the town
    /// centre (micro, small), a retailer in Ejby, a factory (C) in the town
    /// centre, and a micro retailer in the town centre without an e-mail.
    async fn register(store: &Store) -> Vec<OrganisationId> {
        let rows = [
            org(
                &cvr_number(1),
                "A Kiosk (fiktiv)",
                "47.11",
                "3",
                "bymidten",
                "a@kiosk.example",
            ),
            org(
                &cvr_number(2),
                "B Butik (fiktiv)",
                "47.19",
                "20",
                "bymidten",
                "b@butik.example",
            ),
            org(
                &cvr_number(3),
                "C Ejby Butik (fiktiv)",
                "47.19",
                "5",
                "ejby",
                "c@ejby.example",
            ),
            org(
                &cvr_number(4),
                "D Fabrik (fiktiv)",
                "25.11",
                "5",
                "bymidten",
                "d@fabrik.example",
            ),
            org(
                &cvr_number(5),
                "E Uden Post (fiktiv)",
                "47.11",
                "2",
                "bymidten",
                "",
            ),
        ];
        for r in &rows {
            store
                .import_organisation(&r.parse().unwrap(), now())
                .await
                .unwrap();
        }
        let staff = staff_account(store).await;
        store
            .search_register(
                &staff,
                &hearings_core::register::RegisterQuery::new("fiktiv", None),
            )
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|o| o.id)
            .collect()
    }

    async fn staff_account(store: &Store) -> Account {
        match store
            .authenticate("staff@k.example", "staff-kodeord-1")
            .await
            .unwrap()
        {
            Some(a) => a,
            None => staff(store).await,
        }
    }

    async fn open_hearing(store: &Store, staff: &Account, days: i64) -> HearingId {
        let id = store
            .create_hearing(
                staff,
                hearing(now() - Duration::days(1), now() + Duration::days(days))
                    .parse()
                    .unwrap(),
                now(),
            )
            .await
            .unwrap();
        store.publish_hearing(staff, id, now()).await.unwrap();
        id
    }

    /// A respondent who has followed the link in their verification e-mail (if one was sent).
    async fn respondent(store: &Store, email: &str, cvr: &str) -> Account {
        let a = store
            .register(registration(email, cvr).parse().unwrap(), now())
            .await
            .unwrap();
        if let Some(link) = link_in_newest(store, email, "verify").await.unwrap() {
            let token = link.split_once("token=").unwrap().1.to_string();
            store.verify_email(&token, now()).await.unwrap();
        }
        store.account(a.id).await.unwrap()
    }

    fn rule(sections: &[&str], sizes: &[&str], areas: &[&str]) -> InviteRule {
        let v = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        InviteRule::parse(&v(sections), &v(sizes), &v(areas)).unwrap()
    }

    #[tokio::test]
    async fn a_rule_is_counted_before_sending_and_invites_exactly_the_organisations_it_picks() {
        each(|store| async move {
            register(&store).await;
            let staff = staff_account(&store).await;
            let id = open_hearing(&store, &staff, 30).await;
            let retail_centre = Invitees {
                rule: Some(rule(&["DB25:G"], &[], &["bymidten"])),
                ..Default::default()
            };
            let preview = store
                .preview_invitations(&staff, id, &retail_centre, now())
                .await
                .unwrap();
            assert_eq!(
                preview,
                InviteCount {
                    invited: 2,
                    already_invited: 0,
                    without_email: 1
                }
            );
            assert!(
                messages_to(&store, "a@kiosk.example")
                    .await
                    .unwrap()
                    .is_empty(),
                "a preview sends nothing"
            );

            let micro = Invitees {
                rule: Some(rule(&[], &["micro"], &[])),
                ..Default::default()
            };
            assert_eq!(
                store
                    .preview_invitations(&staff, id, &micro, now())
                    .await
                    .unwrap(),
                InviteCount {
                    invited: 3,
                    already_invited: 0,
                    without_email: 1
                },
                "A, C and D have under 10 staff; E has no address"
            );

            let sent = store
                .invite(&staff, id, &retail_centre, now())
                .await
                .unwrap();
            assert_eq!(sent, preview, "what was counted is what is sent");
            for to in ["a@kiosk.example", "b@butik.example"] {
                let m = messages_to(&store, to).await.unwrap();
                assert_eq!(m.len(), 1, "one invitation to {to}");
                assert_eq!(m[0].kind, "invitation");
                assert!(
                    m[0].body.contains(&format!("/hearings/{id}")),
                    "{}",
                    m[0].body
                );
                assert!(m[0].body.contains("Lokalplanforslag 1"));
            }
            assert!(
                messages_to(&store, "c@ejby.example")
                    .await
                    .unwrap()
                    .is_empty()
            );
            assert!(
                messages_to(&store, "d@fabrik.example")
                    .await
                    .unwrap()
                    .is_empty()
            );

            let again = store.invite(&staff, id, &micro, now()).await.unwrap();
            assert_eq!(
                again,
                InviteCount {
                    invited: 2,
                    already_invited: 1,
                    without_email: 1
                },
                "A was invited already"
            );
            assert_eq!(
                messages_to(&store, "a@kiosk.example").await.unwrap().len(),
                1,
                "never invited twice"
            );

            let list = store.hearing_list(id, Some(&staff), now()).await.unwrap();
            let names: Vec<_> = list
                .parties
                .iter()
                .map(|p| p.name.clone().unwrap())
                .collect();
            assert_eq!(
                names,
                [
                    "A Kiosk (fiktiv)",
                    "B Butik (fiktiv)",
                    "C Ejby Butik (fiktiv)",
                    "D Fabrik (fiktiv)"
                ]
            );
            let log = store
                .audit_log(
                    &store
                        .account(
                            store
                                .create_user(
                                    "adm@k.example",
                                    "Adm",
                                    "admin-kodeord-1",
                                    Role::Admin,
                                    now(),
                                )
                                .await
                                .unwrap(),
                        )
                        .await
                        .unwrap(),
                    None,
                    100,
                )
                .await
                .unwrap();
            assert_eq!(
                log.entries
                    .iter()
                    .filter(|e| e.action == "hearing.invite")
                    .count(),
                2,
                "each sending is audited"
            );
        })
        .await;
    }

    #[tokio::test]
    async fn parties_are_invited_by_hand_and_only_staff_invite_and_only_while_scheduled_or_open() {
        each(|store| async move {
            let ids = register(&store).await;
            let staff = staff_account(&store).await;
            let id = open_hearing(&store, &staff, 30).await;
            let by_hand = Invitees {
                organisations: vec![ids[3]],
                emails: vec!["ny@forening.example".into(), "d@fabrik.example".into()],
                rule: None,
            };
            let count = store.invite(&staff, id, &by_hand, now()).await.unwrap();
            assert_eq!(
                count,
                InviteCount {
                    invited: 2,
                    already_invited: 1,
                    without_email: 0
                },
                "D's own address is D"
            );
            let list = store.hearing_list(id, Some(&staff), now()).await.unwrap();
            assert_eq!(list.parties.len(), 2);
            assert_eq!(list.parties[1].name, None, "a bare address has no name");
            assert_eq!(
                list.parties[1].email.as_deref(),
                Some("ny@forening.example")
            );

            let r = respondent(&store, "r@b.example", &cvr_number(99)).await;
            assert!(matches!(
                store.invite(&r, id, &by_hand, now()).await,
                Err(StoreError::Forbidden)
            ));
            assert!(matches!(
                store.preview_invitations(&r, id, &by_hand, now()).await,
                Err(StoreError::Forbidden)
            ));
            assert!(matches!(
                store.set_reminder(&r, id, Some(3), now()).await,
                Err(StoreError::Forbidden)
            ));

            let draft = store
                .create_hearing(
                    &staff,
                    hearing(now() + Duration::days(1), now() + Duration::days(40))
                        .parse()
                        .unwrap(),
                    now(),
                )
                .await
                .unwrap();
            assert!(matches!(
                store.invite(&staff, draft, &by_hand, now()).await,
                Err(StoreError::NotOpen { .. })
            ));
            assert!(matches!(
                store.invite(&staff, id, &Invitees::default(), now()).await,
                Err(StoreError::Invalid(_))
            ));
        })
        .await;
    }

    #[tokio::test]
    async fn a_reminder_goes_once_at_the_set_days_before_the_deadline_and_only_to_those_who_have_not_responded()
     {
        each(|store| async move {
            let staff = staff_account(&store).await;
            let id = open_hearing(&store, &staff, 30).await;
            let closes = now() + Duration::days(30);
            let responder = respondent(&store, "svar@b.example", "13748136").await;
            let by_hand = Invitees {
                emails: vec!["svar@b.example".into(), "tavs@c.example".into()],
                ..Default::default()
            };
            store.invite(&staff, id, &by_hand, now()).await.unwrap();
            let q = store.hearing(id, None, now()).await.unwrap().questions;
            store
                .submit_response(
                    &responder,
                    id,
                    "supports",
                    "named",
                    &[(q[0].id, AnswerInput::Json(RawValue::Integer(4)))],
                    now(),
                )
                .await
                .unwrap();

            assert_eq!(
                store
                    .send_due_reminders(closes - Duration::days(3))
                    .await
                    .unwrap(),
                0,
                "no reminder by default"
            );
            store
                .set_reminder(&staff, id, Some(3), now())
                .await
                .unwrap();
            assert!(matches!(
                store.set_reminder(&staff, id, Some(0), now()).await,
                Err(StoreError::Invalid(_))
            ));
            let list = store.hearing_list(id, Some(&staff), now()).await.unwrap();
            assert_eq!(list.reminder_days_before, Some(3));

            let just_before = closes - Duration::days(3) - Duration::seconds(1);
            assert_eq!(
                store.send_due_reminders(just_before).await.unwrap(),
                0,
                "not before its day"
            );
            let due = closes - Duration::days(3);
            assert_eq!(store.send_due_reminders(due).await.unwrap(), 1);
            assert_eq!(
                store
                    .send_due_reminders(due + Duration::hours(1))
                    .await
                    .unwrap(),
                0,
                "once"
            );
            let reminders = |to: &'static str| {
                let store = store.clone();
                async move {
                    messages_to(&store, to)
                        .await
                        .unwrap()
                        .into_iter()
                        .filter(|m| m.kind == "reminder")
                        .count()
                }
            };
            assert_eq!(reminders("tavs@c.example").await, 1);
            assert_eq!(
                reminders("svar@b.example").await,
                0,
                "a party that responded is not reminded"
            );

            let list = store.hearing_list(id, Some(&staff), now()).await.unwrap();
            let silent = list
                .parties
                .iter()
                .find(|p| p.email.as_deref() == Some("tavs@c.example"))
                .unwrap();
            assert_eq!(
                (silent.reminded_at, silent.responded),
                (Some(due), Some(false))
            );
            let answered = list
                .parties
                .iter()
                .find(|p| p.email.as_deref() == Some("svar@b.example"))
                .unwrap();
            assert_eq!(
                (answered.reminded_at, answered.responded),
                (None, Some(true))
            );
            assert_eq!(
                answered.name.as_deref(),
                Some("Testbageriet (fiktiv)"),
                "the address is the bakery's respondent"
            );

            assert_eq!(
                store
                    .send_due_reminders(closes + Duration::days(1))
                    .await
                    .unwrap(),
                0,
                "none after the deadline"
            );
        })
        .await;
    }

    #[tokio::test]
    async fn the_public_list_shows_names_only_never_an_address_or_a_private_person_and_not_before_publication()
     {
        each(|store| async move {
            let ids = register(&store).await;
            let staff = staff_account(&store).await;
            let mut person = registration("privat@p.example", "");
            person.organisation.respondent_type = "private_person".into();
            person.organisation.name = "Hans Hansen".into();
            let person = store
                .register(person.parse().unwrap(), now())
                .await
                .unwrap();
            let scheduled = store
                .create_hearing(
                    &staff,
                    hearing(now() + Duration::days(2), now() + Duration::days(40))
                        .parse()
                        .unwrap(),
                    now(),
                )
                .await
                .unwrap();
            assert!(
                matches!(
                    store.hearing_list(scheduled, None, now()).await,
                    Err(StoreError::NotFound)
                ),
                "a draft's list is not public"
            );
            store
                .publish_hearing(&staff, scheduled, now())
                .await
                .unwrap();
            store
                .invite(
                    &staff,
                    scheduled,
                    &Invitees {
                        organisations: vec![ids[0], person.organisation.unwrap()],
                        emails: vec!["anden@part.example".into()],
                        rule: None,
                    },
                    now(),
                )
                .await
                .unwrap();
            let public = store.hearing_list(scheduled, None, now()).await.unwrap();
            assert!(!public.tracked);
            let names: Vec<Option<String>> =
                public.parties.iter().map(|p| p.name.clone()).collect();
            assert_eq!(names, [Some("A Kiosk (fiktiv)".to_string()), None, None]);
            for p in &public.parties {
                assert_eq!(
                    (&p.email, p.invited_at, p.responded, p.organisation),
                    (&None, None, None, None)
                );
            }
            let staff_view = store
                .hearing_list(scheduled, Some(&staff), now())
                .await
                .unwrap();
            assert!(staff_view.parties.iter().all(|p| p.email.is_some()));
            assert!(
                staff_view
                    .parties
                    .iter()
                    .all(|p| p.name.as_deref() != Some("Hans Hansen")),
                "a private person's name is never shown"
            );
        })
        .await;
    }
}

/// A CVR number with a valid check digit, different for each `n`.
fn cvr_number(n: u32) -> String {
    (n * 10 + 3_000_000..)
        .find_map(|p| hearings_core::Cvr::check_digit_for(p).map(|c| format!("{p}{c}")))
        .unwrap()
}

mod hearing_fields_and_dashboard {
    use chrono::Duration;
    use hearings_core::hearing_info::RawHearingInfo;
    use hearings_core::input::{AnswerInput, Problem};
    use hearings_core::{HearingId, HearingState, RawValue, Role};
    use hearings_store::{Account, HearingFilter, Invitees, Store, StoreError};

    use super::{each, hearing, now, registration, staff};

    fn info(committee: &str) -> RawHearingInfo {
        RawHearingInfo {
            committee: committee.into(),
            council_meeting_date: "2026-12-16".into(),
            council_meeting_agenda_title: "Lokalplan 1 – endelig vedtagelse".into(),
            areas: vec!["ejby".into(), "bymidten".into()],
            topics: vec!["trafik".into(), "handel".into()],
            contact_name: "Erhvervssekretariatet".into(),
            contact_email: "erhverv@glostrup.example".into(),
            contact_phone: "+45 11 22 33 44".into(),
        }
    }

    async fn committee_id(store: &Store, name_da: &str) -> String {
        let refs = store.reference_data().await.unwrap();
        refs.committees
            .iter()
            .find(|c| c.name_da == name_da)
            .unwrap()
            .id
            .to_string()
    }

    async fn create(store: &Store, staff: &Account, info: &RawHearingInfo) -> HearingId {
        let raw = hearing(now() - Duration::days(1), now() + Duration::weeks(5));
        let new = raw.parse_with(info).unwrap();
        store.create_hearing(staff, new, now()).await.unwrap()
    }

    /// A hearing kept before the migration that made areas a list keeps
    /// its single area, now as the first of its areas.
    #[tokio::test]
    async fn the_single_area_of_a_hearing_made_before_the_migration_becomes_its_list_of_areas() {
        use migration::MigratorTrait;
        use sea_orm::sea_query::{Alias, Query};
        use sea_orm::{ConnectionTrait, Database};
        for backend in hearings_store::testing::TestDatabase::backends() {
            let db = hearings_store::testing::TestDatabase::create(backend)
                .await
                .unwrap();
            let conn = Database::connect(&db.url).await.unwrap();
            let before = migration::Migrator::migrations()
                .iter()
                .position(|m| m.name() == "m20261130_000007_hearing_fields")
                .unwrap();
            migration::Migrator::up(&conn, Some(before as u32))
                .await
                .unwrap();
            let b = conn.get_database_backend();
            let mut area = Query::insert();
            area.into_table(Alias::new("areas"))
                .columns(["code", "name_da", "name_en", "position"].map(Alias::new))
                .values_panic([
                    "bymidten".into(),
                    "Glostrup Bymidte".into(),
                    "Glostrup town centre".into(),
                    0.into(),
                ]);
            conn.execute_raw(b.build(&area)).await.unwrap();
            let id = uuid::Uuid::new_v4();
            let mut h = Query::insert();
            h.into_table(Alias::new("hearings"))
                .columns(
                    [
                        "id",
                        "kind",
                        "status",
                        "title",
                        "summary",
                        "area_code",
                        "opens_at",
                        "created_at",
                        "updated_at",
                    ]
                    .map(Alias::new),
                )
                .values_panic([
                    id.into(),
                    "policy".into(),
                    "draft".into(),
                    "Gammel høring".into(),
                    "Resumé".into(),
                    "bymidten".into(),
                    now().into(),
                    now().into(),
                    now().into(),
                ]);
            conn.execute_raw(b.build(&h)).await.unwrap();
            conn.close().await.unwrap();

            let store = db.store().await.unwrap();
            let staff = staff(&store).await;
            let old = store
                .hearing(HearingId(id), Some(&staff), now())
                .await
                .unwrap()
                .hearing;
            let areas: Vec<&str> = old.areas.iter().map(|a| a.code.as_str()).collect();
            assert_eq!(areas, ["bymidten"], "on {backend:?}");
            assert_eq!(old.area.as_deref(), Some("bymidten"));
            let listed = store
                .list_hearings_filtered(
                    Some(&staff),
                    &HearingFilter {
                        area: Some("bymidten".into()),
                        topic: None,
                    },
                    now(),
                )
                .await
                .unwrap();
            assert_eq!(listed.len(), 1, "the old hearing is found by its area");
            store.close().await.unwrap();
            db.drop_database().await.unwrap();
        }
    }

    #[tokio::test]
    async fn the_topics_are_seeded_in_danish_and_english() {
        each(|store| async move {
            let refs = store.reference_data().await.unwrap();
            let handel = refs.topic("handel").unwrap();
            assert_eq!(
                (handel.name_da.as_str(), handel.name_en.as_str()),
                ("Handel og butikker", "Retail and shops")
            );
            assert!(refs.topics.len() >= 8);
        })
        .await;
    }

    #[tokio::test]
    async fn a_hearing_keeps_its_committee_council_meeting_areas_topics_and_contact() {
        each(|store| async move {
            let staff = staff(&store).await;
            let committee = committee_id(&store, "Vækst- og Byudviklingsudvalget").await;
            let id = create(&store, &staff, &info(&committee)).await;
            let d = store.hearing(id, Some(&staff), now()).await.unwrap();
            let h = &d.hearing;
            assert_eq!(
                h.committee.as_ref().map(|c| c.name_da.as_str()),
                Some("Vækst- og Byudviklingsudvalget")
            );
            let meeting = h.council_meeting.as_ref().unwrap();
            assert_eq!(meeting.date.to_string(), "2026-12-16");
            assert_eq!(meeting.agenda_title, "Lokalplan 1 – endelig vedtagelse");
            let areas: Vec<&str> = h.areas.iter().map(|a| a.code.as_str()).collect();
            assert_eq!(
                areas,
                ["bymidten", "ejby"],
                "the legacy area and the others, in reference order"
            );
            assert_eq!(
                h.area.as_deref(),
                Some("bymidten"),
                "the single area of older clients stays"
            );
            let topics: Vec<&str> = h.topics.iter().map(|t| t.code.as_str()).collect();
            assert_eq!(topics, ["handel", "trafik"]);
            let contact = h.contact.as_ref().unwrap();
            assert_eq!(
                (
                    contact.name.as_str(),
                    contact.email.as_str(),
                    contact.phone.as_deref()
                ),
                (
                    "Erhvervssekretariatet",
                    "erhverv@glostrup.example",
                    Some("+45 11 22 33 44")
                )
            );
            let listed = store.list_hearings(Some(&staff), now()).await.unwrap();
            assert_eq!(&listed[0], h, "the list shows the same particulars");

            // The audit row of the creation holds them.
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
            let after: serde_json::Value =
                serde_json::from_str(log.entries[0].after.as_deref().unwrap()).unwrap();
            assert_eq!(after["areas"], serde_json::json!(["bymidten", "ejby"]));
            assert_eq!(after["topics"], serde_json::json!(["trafik", "handel"]));
            assert_eq!(after["committee"], serde_json::json!(committee));
            assert_eq!(after["contact_email"], "erhverv@glostrup.example");
        })
        .await;
    }

    #[tokio::test]
    async fn a_hearing_without_particulars_has_none_and_its_single_area_is_listed() {
        each(|store| async move {
            let staff = staff(&store).await;
            let id = create(&store, &staff, &RawHearingInfo::default()).await;
            let h = store
                .hearing(id, Some(&staff), now())
                .await
                .unwrap()
                .hearing;
            assert_eq!(h.committee, None);
            assert_eq!(h.council_meeting, None);
            assert_eq!(h.contact, None);
            assert!(h.topics.is_empty());
            let areas: Vec<&str> = h.areas.iter().map(|a| a.code.as_str()).collect();
            assert_eq!(areas, ["bymidten"]);
        })
        .await;
    }

    #[tokio::test]
    async fn an_unknown_committee_area_or_topic_is_refused_and_nothing_is_stored() {
        each(|store| async move {
            let staff = staff(&store).await;
            let mut bad = info("6f1c2d9e-0000-4000-8000-000000000001");
            bad.areas.push("atlantis".into());
            bad.topics.push("rumfart".into());
            let raw = hearing(now() - Duration::days(1), now() + Duration::weeks(5));
            let new = raw.parse_with(&bad).unwrap();
            match store.create_hearing(&staff, new, now()).await {
                Err(StoreError::Invalid(errors)) => {
                    let got: Vec<(&str, &Problem)> = errors
                        .iter()
                        .map(|e| (e.field.as_str(), &e.problem))
                        .collect();
                    assert_eq!(
                        got,
                        [
                            ("committee", &Problem::UnknownCommittee),
                            ("areas", &Problem::UnknownArea),
                            ("topics", &Problem::UnknownTopic)
                        ]
                    );
                }
                other => panic!("expected Invalid, got {other:?}"),
            }
            assert!(
                store
                    .list_hearings(Some(&staff), now())
                    .await
                    .unwrap()
                    .is_empty()
            );
        })
        .await;
    }

    #[tokio::test]
    async fn the_list_is_filtered_by_area_with_the_whole_municipality_in_every_area_and_by_topic() {
        each(|store| async move {
            let staff = staff(&store).await;
            let make = |area: &'static str, topic: &'static str, title: &'static str| {
                let store = store.clone();
                let staff = staff.clone();
                async move {
                    let mut raw = hearing(now() - Duration::days(1), now() + Duration::weeks(5));
                    raw.title = title.into();
                    raw.area = None;
                    let info = RawHearingInfo {
                        areas: vec![area.into()],
                        topics: vec![topic.into()],
                        ..Default::default()
                    };
                    let id = store
                        .create_hearing(&staff, raw.parse_with(&info).unwrap(), now())
                        .await
                        .unwrap();
                    store.publish_hearing(&staff, id, now()).await.unwrap();
                }
            };
            make("bymidten", "handel", "Butikker i bymidten").await;
            make("ejby", "trafik", "Parkering i Ejby").await;
            make("hele-kommunen", "handel", "Handel i hele kommunen").await;
            let titles = |area: Option<&str>, topic: Option<&str>| {
                let store = store.clone();
                let filter = HearingFilter {
                    area: area.map(str::to_string),
                    topic: topic.map(str::to_string),
                };
                async move {
                    let mut t: Vec<String> = store
                        .list_hearings_filtered(None, &filter, now())
                        .await
                        .unwrap()
                        .into_iter()
                        .map(|h| h.title)
                        .collect();
                    t.sort();
                    t
                }
            };
            assert_eq!(
                titles(Some("bymidten"), None).await,
                ["Butikker i bymidten", "Handel i hele kommunen"]
            );
            assert_eq!(titles(None, Some("trafik")).await, ["Parkering i Ejby"]);
            assert_eq!(
                titles(Some("ejby"), Some("handel")).await,
                ["Handel i hele kommunen"]
            );
            assert!(titles(Some("kirkebjerg"), Some("trafik")).await.is_empty());
            assert_eq!(titles(None, None).await.len(), 3);
        })
        .await;
    }

    #[tokio::test]
    async fn the_dashboard_counts_hearings_by_state_near_deadlines_unanswered_questions_and_responses()
     {
        each(|store| async move {
            let staff = staff(&store).await;
            let publish = |opens: chrono::DateTime<chrono::Utc>,
                           closes: chrono::DateTime<chrono::Utc>,
                           title: &'static str,
                           publish: bool| {
                let store = store.clone();
                let staff = staff.clone();
                async move {
                    let mut raw = hearing(opens, closes);
                    raw.title = title.into();
                    raw.kind = "policy".into();
                    let id = store
                        .create_hearing(&staff, raw.parse().unwrap(), now() - Duration::days(60))
                        .await
                        .unwrap();
                    if publish {
                        store.publish_hearing(&staff, id, now()).await.unwrap();
                    }
                    id
                }
            };
            let soon = publish(
                now() - Duration::days(20),
                now() + Duration::days(3),
                "Snart",
                true,
            )
            .await;
            let later = publish(
                now() - Duration::days(1),
                now() + Duration::days(30),
                "Senere",
                true,
            )
            .await;
            publish(
                now() + Duration::days(2),
                now() + Duration::days(40),
                "Kommende",
                true,
            )
            .await;
            publish(
                now() - Duration::days(40),
                now() - Duration::days(2),
                "Lukket",
                true,
            )
            .await;
            publish(
                now() + Duration::days(5),
                now() + Duration::days(50),
                "Kladde",
                false,
            )
            .await;

            // Two responses to "Snart", one question asked and one answered.
            for (i, email) in ["a@b.example", "c@d.example"].into_iter().enumerate() {
                let cvr = super::cvr_number(700 + i as u32);
                let who = store
                    .register(registration(email, &cvr).parse().unwrap(), now())
                    .await
                    .unwrap();
                let q = store
                    .hearing(soon, Some(&staff), now())
                    .await
                    .unwrap()
                    .questions[0]
                    .id;
                store
                    .submit_response(
                        &who,
                        soon,
                        "supports",
                        "named",
                        &[(q, AnswerInput::Json(RawValue::Integer(4)))],
                        now(),
                    )
                    .await
                    .unwrap();
                let asked = store.ask(&who, later, "Hvornår?", now()).await.unwrap();
                if i == 0 {
                    store
                        .answer_inquiry(&staff, asked, "I morgen.", now())
                        .await
                        .unwrap();
                }
            }

            // The hearing list of "Snart": the two who responded, and one who did not.
            let who = Invitees {
                emails: vec![
                    "a@b.example".into(),
                    "c@d.example".into(),
                    "x@y.example".into(),
                ],
                ..Default::default()
            };
            store.invite(&staff, soon, &who, now()).await.unwrap();

            let d = store.dashboard(&staff, now()).await.unwrap();
            let count = |s: HearingState| {
                d.by_state
                    .iter()
                    .find(|g| g.state == s)
                    .map(|g| g.hearings.len())
                    .unwrap()
            };
            assert_eq!(
                [
                    count(HearingState::Draft),
                    count(HearingState::Scheduled),
                    count(HearingState::Open),
                    count(HearingState::Closed),
                    count(HearingState::Decided)
                ],
                [1, 1, 2, 1, 0]
            );
            let soon_titles: Vec<&str> =
                d.deadlines_soon.iter().map(|h| h.title.as_str()).collect();
            assert_eq!(soon_titles, ["Snart"], "only deadlines within 14 days");
            assert_eq!(d.unanswered_inquiries, 1);
            let open: Vec<(&str, i64, i64, i64, Option<i64>)> = d
                .open
                .iter()
                .map(|o| {
                    (
                        o.hearing.title.as_str(),
                        o.responses,
                        o.invited,
                        o.invited_responded,
                        o.response_rate(),
                    )
                })
                .collect();
            assert_eq!(
                open,
                [("Snart", 2, 3, 2, Some(66)), ("Senere", 0, 0, 0, None)],
                "no rate where nobody was invited"
            );

            let politician = store
                .create_user(
                    "p@k.example",
                    "P",
                    "langt-nok-kodeord",
                    Role::Politician,
                    now(),
                )
                .await
                .unwrap();
            let politician = store.account(politician).await.unwrap();
            let respondent = store
                .register(
                    registration("r@b.example", &super::cvr_number(710))
                        .parse()
                        .unwrap(),
                    now(),
                )
                .await
                .unwrap();
            for who in [politician, respondent] {
                assert!(matches!(
                    store.dashboard(&who, now()).await,
                    Err(StoreError::Forbidden)
                ));
            }
        })
        .await;
    }
}

mod account_security {
    //! E-mail verification, password reset and sign-out everywhere.

    use chrono::Duration;
    use hearings_core::RawValue;
    use hearings_core::account::TokenError;
    use hearings_core::input::{AnswerInput, Problem};
    use hearings_store::testing::{link_in_newest, messages_to};
    use hearings_store::{Store, StoreError};

    use super::{each, hearing, now, registration, staff};

    /// The secret of the newest link of `kind` e-mailed to `address`.
    async fn token(store: &Store, address: &str, kind: &str) -> String {
        let link = link_in_newest(store, address, kind)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("a {kind} e-mail to {address}"));
        link.split_once("token=").unwrap().1.to_string()
    }

    fn link_error(r: Result<impl std::fmt::Debug, StoreError>) -> TokenError {
        match r {
            Err(StoreError::Link(e)) => e,
            other => panic!("expected a link error, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_verification_link_works_once_and_not_after_48_hours_by_the_clock() {
        each(|store| async move {
            let store = store.with_public_url("https://hoeringer.example");
            let a = store
                .sign_up(
                    registration("a@b.example", "13748136").parse().unwrap(),
                    now(),
                )
                .await
                .unwrap();
            assert!(!a.email_verified);
            let messages = messages_to(&store, "a@b.example").await.unwrap();
            assert_eq!(messages.len(), 1);
            assert_eq!(messages[0].kind, "verify");
            assert!(
                messages[0]
                    .body
                    .contains("https://hoeringer.example/verify?token="),
                "{}",
                messages[0].body
            );
            let secret = token(&store, "a@b.example", "verify").await;
            let just_before = now() + Duration::hours(48) - Duration::milliseconds(1);
            let verified = store.verify_email(&secret, just_before).await.unwrap();
            assert!(verified.email_verified);
            assert!(store.account(a.id).await.unwrap().email_verified);
            assert_eq!(
                link_error(store.verify_email(&secret, just_before).await),
                TokenError::Used
            );
            assert_eq!(
                link_error(store.verify_email("0123abcd", now()).await),
                TokenError::Unknown
            );

            let b = store
                .sign_up(
                    registration("c@d.example", "20000007").parse().unwrap(),
                    now(),
                )
                .await
                .unwrap();
            let secret = token(&store, "c@d.example", "verify").await;
            assert_eq!(
                link_error(
                    store
                        .verify_email(&secret, now() + Duration::hours(48))
                        .await
                ),
                TokenError::Expired
            );
            assert!(!store.account(b.id).await.unwrap().email_verified);
            // A verification link does not reset a password.
            assert_eq!(
                link_error(
                    store
                        .reset_password(&secret, "nyt-langt-kodeord", now())
                        .await
                ),
                TokenError::Unknown
            );
            // A new link can be asked for, and works.
            store.resend_verification(&b, now()).await.unwrap();
            let fresh = token(&store, "c@d.example", "verify").await;
            assert_ne!(fresh, secret);
            store.verify_email(&fresh, now()).await.unwrap();
        })
        .await;
    }

    #[tokio::test]
    async fn an_unverified_respondent_cannot_submit_until_the_link_is_followed() {
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
                .sign_up(
                    registration("a@b.example", "13748136").parse().unwrap(),
                    now(),
                )
                .await
                .unwrap();
            let q = store.hearing(id, None, now()).await.unwrap().questions;
            let answers = vec![(q[0].id, AnswerInput::Json(RawValue::Integer(4)))];
            let refused = store
                .submit_response(&a, id, "supports", "named", &answers, now())
                .await;
            assert!(
                matches!(refused, Err(StoreError::EmailUnverified)),
                "{refused:?}"
            );
            assert!(store.list_responses(&staff, id).await.unwrap().is_empty());
            let kinds: Vec<String> = messages_to(&store, "a@b.example")
                .await
                .unwrap()
                .into_iter()
                .map(|m| m.kind)
                .collect();
            assert_eq!(kinds, ["verify"], "no receipt for a refused submission");

            let secret = token(&store, "a@b.example", "verify").await;
            let a = store.verify_email(&secret, now()).await.unwrap();
            store
                .submit_response(&a, id, "supports", "named", &answers, now())
                .await
                .unwrap();
            assert_eq!(store.list_responses(&staff, id).await.unwrap().len(), 1);
        })
        .await;
    }

    #[tokio::test]
    async fn a_password_reset_link_works_once_within_the_hour_and_ends_every_session() {
        each(|store| async move {
            let a = store
                .register(
                    registration("a@b.example", "13748136").parse().unwrap(),
                    now(),
                )
                .await
                .unwrap();
            let laptop = store.create_session(a.id, now()).await.unwrap();
            let phone = store.create_session(a.id, now()).await.unwrap();

            // An unknown address: nothing is sent, and the caller is told nothing.
            store
                .request_password_reset("nobody@b.example", now())
                .await
                .unwrap();
            store
                .request_password_reset("not an address", now())
                .await
                .unwrap();
            assert!(
                messages_to(&store, "nobody@b.example")
                    .await
                    .unwrap()
                    .is_empty()
            );

            store
                .request_password_reset(" A@B.example ", now())
                .await
                .unwrap();
            let secret = token(&store, "a@b.example", "reset").await;
            // Too short a password: refused, and the link still works.
            match store.reset_password(&secret, "kort", now()).await {
                Err(StoreError::Invalid(e)) => {
                    assert_eq!(e[0].field, "password");
                    assert_eq!(e[0].problem, Problem::PasswordTooShort { min: 10 });
                }
                other => panic!("expected a password problem, got {other:?}"),
            }
            store.check_reset_link(&secret, now()).await.unwrap();
            let at = now() + Duration::minutes(59);
            let after = store
                .reset_password(&secret, "et-helt-nyt-kodeord", at)
                .await
                .unwrap();
            assert_eq!(after.token_generation, a.token_generation + 1);
            for s in [&laptop, &phone] {
                assert!(store.session_account(s, at).await.unwrap().is_none());
            }
            assert!(
                store
                    .authenticate("a@b.example", "langt-nok-kodeord")
                    .await
                    .unwrap()
                    .is_none()
            );
            assert!(
                store
                    .authenticate("a@b.example", "et-helt-nyt-kodeord")
                    .await
                    .unwrap()
                    .is_some()
            );
            assert_eq!(
                link_error(store.reset_password(&secret, "endnu-et-kodeord", at).await),
                TokenError::Used
            );

            // A second link, used an hour after it was sent, has expired.
            store
                .request_password_reset("a@b.example", at)
                .await
                .unwrap();
            let late = token(&store, "a@b.example", "reset").await;
            assert_ne!(late, secret);
            assert_eq!(
                link_error(store.check_reset_link(&late, at + Duration::hours(1)).await),
                TokenError::Expired
            );
            assert_eq!(
                link_error(
                    store
                        .reset_password(&late, "endnu-et-kodeord", at + Duration::hours(1))
                        .await
                ),
                TokenError::Expired
            );
        })
        .await;
    }

    #[tokio::test]
    async fn signing_out_everywhere_ends_every_session_of_the_user_and_outdates_their_tokens() {
        each(|store| async move {
            let a = store
                .register(
                    registration("a@b.example", "13748136").parse().unwrap(),
                    now(),
                )
                .await
                .unwrap();
            let other = staff(&store).await;
            let one = store.create_session(a.id, now()).await.unwrap();
            let two = store.create_session(a.id, now()).await.unwrap();
            let theirs = store.create_session(other.id, now()).await.unwrap();
            store.sign_out_everywhere(&a).await.unwrap();
            assert!(store.session_account(&one, now()).await.unwrap().is_none());
            assert!(store.session_account(&two, now()).await.unwrap().is_none());
            assert!(
                store
                    .session_account(&theirs, now())
                    .await
                    .unwrap()
                    .is_some(),
                "another user's session is not touched"
            );
            // API tokens name the generation they were issued for; it has moved on.
            let after = store.account(a.id).await.unwrap();
            assert_eq!(after.token_generation, a.token_generation + 1);
            assert_eq!(store.account(other.id).await.unwrap().token_generation, 0);
        })
        .await;
    }
}

mod my_responses {
    use chrono::Duration;
    use hearings_core::input::AnswerInput;
    use hearings_core::{HearingState, RawValue, ResponseId};
    use hearings_store::StoreError;

    use super::{each, hearing, now, registration, staff};

    #[tokio::test]
    async fn an_organisation_sees_its_responses_and_versions_and_another_sees_nothing() {
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
            let answer = |n| vec![(q[0].id, AnswerInput::Json(RawValue::Integer(n)))];
            let one = store
                .submit_response(&a, id, "supports", "named", &answer(4), now())
                .await
                .unwrap();
            let later = now() + Duration::hours(2);
            let two = store
                .submit_response(&a, id, "opposes", "named", &answer(2), later)
                .await
                .unwrap();

            let mine = store.my_responses(&a, later).await.unwrap();
            assert_eq!(mine.len(), 1);
            let r = &mine[0];
            assert_eq!((r.id, r.hearing, r.version), (two.id, id, 2));
            assert_eq!(r.hearing_title, "Lokalplanforslag 1");
            assert_eq!(r.hearing_state, HearingState::Open);
            assert_eq!(r.reference, one.reference);
            assert_eq!(r.submitted_at, later);
            assert_eq!(r.submitted_by, "Anna");
            assert_eq!(r.closes_at, Some(now() + Duration::weeks(4)));
            // The state follows the clock.
            let after = now() + Duration::weeks(5);
            assert_eq!(
                store.my_responses(&a, after).await.unwrap()[0].hearing_state,
                HearingState::Closed
            );

            let versions = store.response_versions(&a, two.id).await.unwrap();
            assert_eq!(
                versions
                    .iter()
                    .map(|v| (v.version, v.digest.clone(), v.submitted_at))
                    .collect::<Vec<_>>(),
                vec![(1, one.digest, now()), (2, two.digest, later)]
            );
            assert_eq!(
                store.response_versions(&staff, two.id).await.unwrap().len(),
                2
            );

            // Another organisation: nothing listed, and the same 404 for a
            // real id as for a guessed one.
            assert!(store.my_responses(&b, later).await.unwrap().is_empty());
            assert!(matches!(
                store.response_versions(&b, two.id).await,
                Err(StoreError::NotFound)
            ));
            assert!(matches!(
                store
                    .response_versions(&b, ResponseId(uuid::Uuid::new_v4()))
                    .await,
                Err(StoreError::NotFound)
            ));
            // Staff have no organisation, so no list of their own.
            assert!(store.my_responses(&staff, later).await.unwrap().is_empty());
        })
        .await;
    }
}

mod published_responses {
    use chrono::Duration;
    use hearings_core::input::{AnswerInput, RawQuestion};
    use hearings_core::{HearingState, HearingStatus, RawValue, Stance};
    use hearings_store::testing::set_hearing_status;
    use hearings_store::{Published, StoreError};

    use super::{cvr_number, each, hearing, now, registration, staff};

    #[tokio::test]
    async fn responses_are_public_only_after_the_deadline_as_their_publication_choice_says() {
        each(|store| async move {
            let staff = staff(&store).await;
            let mut raw = hearing(now() - Duration::days(1), now() + Duration::weeks(4));
            raw.questions.push(RawQuestion {
                kind: "long_text".into(),
                prompt: "Hvad mener I?".into(),
                required: false,
                options: vec![],
                unit: None,
                help: String::new(),
            });
            raw.questions.push(RawQuestion {
                kind: "multiple_choice".into(),
                prompt: "Hvad berører det?".into(),
                required: false,
                options: vec!["Parkering".into(), "Skilte".into()],
                unit: None,
                help: String::new(),
            });
            let id = store
                .create_hearing(&staff, raw.parse().unwrap(), now())
                .await
                .unwrap();
            store.publish_hearing(&staff, id, now()).await.unwrap();
            let q = store.hearing(id, None, now()).await.unwrap().questions;
            let register = |email: &'static str, cvr: String, kind: &'static str| {
                let store = store.clone();
                async move {
                    let mut r = registration(email, &cvr);
                    r.organisation.name = format!("Navn på {email}");
                    r.organisation.respondent_type = kind.into();
                    store.register(r.parse().unwrap(), now()).await.unwrap()
                }
            };
            let named = register("a@b.example", cvr_number(1), "company").await;
            let anonymous = register("b@b.example", cvr_number(2), "company").await;
            let person = register("c@b.example", cvr_number(3), "private_person").await;
            let answers = |text: &str| {
                vec![
                    (q[0].id, AnswerInput::Json(RawValue::Integer(3))),
                    (q[2].id, AnswerInput::Json(RawValue::Text(text.into()))),
                    (
                        q[3].id,
                        AnswerInput::Json(RawValue::List(vec!["Skilte".into()])),
                    ),
                ]
            };
            for (n, (who, publication, stance, text)) in [
                (&named, "named", "supports", "Godt forslag."),
                (&anonymous, "anonymous", "opposes", "Dårligt forslag."),
                (&person, "named", "neutral", "Jeg er nabo."),
            ]
            .into_iter()
            .enumerate()
            {
                let at = now() + Duration::minutes(n as i64);
                store
                    .submit_response(who, id, stance, publication, &answers(text), at)
                    .await
                    .unwrap();
            }

            // Open: nothing is public, a millisecond before the deadline neither.
            let deadline = now() + Duration::weeks(4);
            let before = deadline - Duration::milliseconds(1);
            assert!(matches!(
                store.published_responses(id, before).await.unwrap(),
                Published::NotYet {
                    state: HearingState::Open,
                    ..
                }
            ));

            // At the deadline, the clock alone publishes them.
            let Published::Responses(list) = store.published_responses(id, deadline).await.unwrap()
            else {
                panic!("published at the deadline");
            };
            assert_eq!(list.len(), 3);
            assert_eq!(list[0].name.as_deref(), Some("Navn på a@b.example"));
            assert_eq!(list[0].stance, Stance::Supports);
            assert_eq!(
                list[0].answers.len(),
                2,
                "the text and the choices, not the scale"
            );
            assert_eq!(list[0].answers[0].prompt, "Hvad mener I?");
            assert_eq!(list[0].answers[0].values, vec!["Godt forslag."]);
            assert_eq!(list[0].answers[1].values, vec!["Skilte"]);
            // Anonymous: no name, only the type and the industry section.
            assert_eq!(list[1].name, None);
            assert_eq!(list[1].respondent_type, "company");
            assert!(!list[1].industry_section.is_empty());
            assert_eq!(list[1].answers[0].values, vec!["Dårligt forslag."]);
            // A private person's name is never published, even when named was chosen.
            assert_eq!(list[2].name, None);
            assert_eq!(list[2].respondent_type, "private_person");
            let all = format!("{list:?}");
            assert!(!all.contains("b@b.example") && !all.contains("c@b.example"));

            // Withdrawn: nothing; a draft: not found.
            set_hearing_status(&store, id, HearingStatus::Withdrawn)
                .await
                .unwrap();
            assert!(matches!(
                store.published_responses(id, deadline).await.unwrap(),
                Published::NotYet { .. }
            ));
            set_hearing_status(&store, id, HearingStatus::Draft)
                .await
                .unwrap();
            assert!(matches!(
                store.published_responses(id, deadline).await,
                Err(StoreError::NotFound)
            ));
        })
        .await;
    }
}

mod corrections {
    use super::*;
    use hearings_core::HearingId;
    use hearings_core::input::NewHearing;

    async fn account(store: &Store, email: &str, role: Role) -> hearings_store::Account {
        let id = store
            .create_user(email, "Navn", "et-langt-kodeord", role, now())
            .await
            .unwrap();
        store.account(id).await.unwrap()
    }

    fn opens() -> DateTime<Utc> {
        now() - Duration::days(1)
    }

    fn closes() -> DateTime<Utc> {
        now() + Duration::weeks(5)
    }

    fn changed(title: &str, closes: DateTime<Utc>, f: impl FnOnce(&mut RawHearing)) -> NewHearing {
        let mut raw = hearing(opens(), closes);
        raw.title = title.into();
        f(&mut raw);
        raw.parse().unwrap()
    }

    async fn published(store: &Store, staff: &hearings_store::Account) -> HearingId {
        let id = store
            .create_hearing(staff, hearing(opens(), closes()).parse().unwrap(), now())
            .await
            .unwrap();
        store.publish_hearing(staff, id, now()).await.unwrap();
        id
    }

    fn problems(r: Result<(), StoreError>) -> Vec<(String, Problem)> {
        match r {
            Err(StoreError::Invalid(e)) => e.into_iter().map(|e| (e.field, e.problem)).collect(),
            other => panic!("expected invalid input, got {other:?}"),
        }
    }

    async fn actions(store: &Store) -> Vec<String> {
        let admin = account(store, "admin@k.example", Role::Admin).await;
        store
            .audit_log(&admin, None, 100)
            .await
            .unwrap()
            .entries
            .into_iter()
            .map(|e| e.action)
            .collect()
    }

    #[tokio::test]
    async fn staff_edit_a_draft_freely_and_it_is_not_shown_as_a_correction() {
        each(|store| async move {
            let staff = staff(&store).await;
            let id = store
                .create_hearing(&staff, hearing(opens(), closes()).parse().unwrap(), now())
                .await
                .unwrap();
            let new = changed("Ny titel", closes() - Duration::days(3), |raw| {
                raw.kind = "policy".into();
                raw.sections.push(RawSection {
                    heading: "Bestemmelser".into(),
                    body: "Tekst".into(),
                });
                raw.questions.truncate(1);
            });
            store
                .edit_hearing(&staff, id, new, "", now())
                .await
                .unwrap();
            let d = store.hearing(id, Some(&staff), now()).await.unwrap();
            assert_eq!(d.hearing.title, "Ny titel");
            assert_eq!(d.hearing.kind.as_str(), "policy");
            assert_eq!(d.hearing.closes_at, Some(closes() - Duration::days(3)));
            assert_eq!((d.sections.len(), d.questions.len()), (2, 1));
            assert!(
                d.corrections.is_empty(),
                "a draft's edits are not corrections"
            );
            let log = actions(&store).await;
            assert_eq!(log.iter().filter(|a| *a == "hearing.edit").count(), 1);
            assert_eq!(log.len(), 2);
        })
        .await;
    }

    #[tokio::test]
    async fn a_correction_after_publication_is_logged_with_its_note_shown_publicly_and_audited_once()
     {
        each(|store| async move {
            let staff = staff(&store).await;
            let id = published(&store, &staff).await;
            let later = now() + Duration::hours(1);
            let refused = store
                .edit_hearing(
                    &staff,
                    id,
                    changed("Rettet titel", closes(), |_| {}),
                    " ",
                    later,
                )
                .await;
            assert_eq!(problems(refused), [("note".to_string(), Problem::Required)]);

            let new = changed("Rettet titel", closes() + Duration::weeks(1), |raw| {
                raw.sections[0].body = "Rettet tekst".into();
            });
            store
                .edit_hearing(&staff, id, new, "Stavefejl og længere frist.", later)
                .await
                .unwrap();
            let public = store.hearing(id, None, later).await.unwrap();
            assert_eq!(public.hearing.title, "Rettet titel");
            assert_eq!(public.sections[0].body, "Rettet tekst");
            assert_eq!(public.corrections.len(), 1);
            let c = &public.corrections[0];
            assert_eq!(c.at, later);
            assert_eq!(c.fields, ["title", "closes_at", "sections"]);
            assert_eq!(c.note, "Stavefejl og længere frist.");
            let log = actions(&store).await;
            assert_eq!(log[0], "hearing.correct", "one audit row per correction");
            assert_eq!(log.iter().filter(|a| *a == "hearing.correct").count(), 1);
            assert_eq!(log.len(), 3);

            let kind = store
                .edit_hearing(
                    &staff,
                    id,
                    changed("Rettet titel", closes() + Duration::weeks(1), |raw| {
                        raw.kind = "kommuneplan_minor".into();
                        raw.sections[0].body = "Rettet tekst".into();
                    }),
                    "Ny type",
                    later,
                )
                .await;
            assert_eq!(
                problems(kind),
                [("kind".to_string(), Problem::FixedAfterPublication)]
            );
            assert_eq!(
                store
                    .hearing(id, None, later)
                    .await
                    .unwrap()
                    .corrections
                    .len(),
                1,
                "a refused correction is not logged"
            );
        })
        .await;
    }

    #[tokio::test]
    async fn the_questions_change_until_a_response_exists_and_are_locked_after() {
        each(|store| async move {
            let staff = staff(&store).await;
            let id = published(&store, &staff).await;
            let new_questions = |prompt: &'static str| {
                move |raw: &mut RawHearing| raw.questions[1].prompt = prompt.into()
            };
            store
                .edit_hearing(
                    &staff,
                    id,
                    changed("Lokalplanforslag 1", closes(), new_questions("Pris i alt")),
                    "Tydeligere spørgsmål.",
                    now(),
                )
                .await
                .unwrap();
            let d = store.hearing(id, None, now()).await.unwrap();
            assert_eq!(d.questions[1].spec.prompt, "Pris i alt");
            assert_eq!(d.corrections[0].fields, ["questions"]);

            let respondent = store
                .register(
                    registration("a@b.example", "13748136").parse().unwrap(),
                    now(),
                )
                .await
                .unwrap();
            store
                .submit_response(
                    &respondent,
                    id,
                    "supports",
                    "named",
                    &[(d.questions[0].id, AnswerInput::Json(RawValue::Integer(4)))],
                    now(),
                )
                .await
                .unwrap();
            let locked = store
                .edit_hearing(
                    &staff,
                    id,
                    changed("Lokalplanforslag 1", closes(), new_questions("Pris")),
                    "Igen",
                    now(),
                )
                .await;
            assert_eq!(
                problems(locked),
                [("questions".to_string(), Problem::QuestionsLocked)]
            );
            store
                .edit_hearing(
                    &staff,
                    id,
                    changed("Ny titel", closes(), new_questions("Pris i alt")),
                    "Titlen var forkert.",
                    now(),
                )
                .await
                .expect("the rest can still be corrected");
        })
        .await;
    }

    #[tokio::test]
    async fn a_published_deadline_moves_only_later_and_a_passed_start_stays() {
        each(|store| async move {
            let staff = staff(&store).await;
            let id = published(&store, &staff).await;
            let earlier = store
                .edit_hearing(
                    &staff,
                    id,
                    changed("Lokalplanforslag 1", closes() - Duration::days(2), |_| {}),
                    "Kortere frist",
                    now(),
                )
                .await;
            assert_eq!(
                problems(earlier),
                [("closes_at".to_string(), Problem::DeadlineEarlier)]
            );
            let moved = store
                .edit_hearing(
                    &staff,
                    id,
                    changed("Lokalplanforslag 1", closes(), |raw| {
                        raw.opens_at = Ok(now() + Duration::hours(1));
                    }),
                    "Senere start",
                    now(),
                )
                .await;
            assert_eq!(
                problems(moved),
                [("opens_at".to_string(), Problem::StartPassed)]
            );
            let mut short = hearing(opens(), opens() + Duration::weeks(3));
            short.title = "Lokalplanforslag 1".into();
            assert!(
                short.parse().is_err(),
                "shorter than the minimum of 4 weeks"
            );
            let d = store.hearing(id, None, now()).await.unwrap();
            assert_eq!(d.hearing.closes_at, Some(closes()));
            assert!(d.corrections.is_empty());
        })
        .await;
    }

    #[tokio::test]
    async fn respondents_and_politicians_may_not_edit_a_hearing() {
        each(|store| async move {
            let staff = staff(&store).await;
            let id = published(&store, &staff).await;
            let politician = account(&store, "pol@k.example", Role::Politician).await;
            let respondent = store
                .register(
                    registration("a@b.example", "13748136").parse().unwrap(),
                    now(),
                )
                .await
                .unwrap();
            for who in [&politician, &respondent] {
                let r = store
                    .edit_hearing(who, id, changed("Overtaget", closes(), |_| {}), "x", now())
                    .await;
                assert!(matches!(r, Err(StoreError::Forbidden)), "{r:?}");
            }
            assert_eq!(
                store.hearing(id, None, now()).await.unwrap().hearing.title,
                "Lokalplanforslag 1"
            );
        })
        .await;
    }
}

mod drafts_and_parts {
    use super::*;
    use hearings_core::response_parts::{RawParts, RawPassage, RawResponse};
    use hearings_core::{HearingId, QuestionId, SectionId};
    use hearings_store::testing::add_colleague;
    use hearings_store::{Account, DraftSave, Published, Submission};

    /// An open hearing with a long-text question and two sections, a
    /// respondent and a colleague in the same organisation, and staff.
    async fn setup(
        store: &Store,
    ) -> (
        HearingId,
        QuestionId,
        Vec<SectionId>,
        Account,
        Account,
        Account,
    ) {
        let staff = staff(store).await;
        let mut raw = hearing(now() - Duration::days(1), now() + Duration::weeks(5));
        raw.sections.push(RawSection {
            heading: "Bebyggelse".into(),
            body: "Højst tre etager.".into(),
        });
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
        let anna = store
            .register(
                registration("anna@bageri.example", "13748136")
                    .parse()
                    .unwrap(),
                now(),
            )
            .await
            .unwrap();
        let bo = add_colleague(store, &anna, "bo@bageri.example", "Bo")
            .await
            .unwrap();
        let d = store.hearing(id, None, now()).await.unwrap();
        let sections = d.sections.iter().map(|s| s.id).collect();
        (id, d.questions[0].id, sections, anna, bo, staff)
    }

    fn typed(q: QuestionId, text: &str) -> RawResponse {
        RawResponse {
            stance: "opposes".into(),
            publication: "named".into(),
            answers: vec![(q, vec![text.into()])],
            parts: RawParts::default(),
        }
    }

    #[tokio::test]
    async fn two_colleagues_save_one_draft_and_a_save_on_an_older_version_overwrites_nothing() {
        each(|store| async move {
            let (id, q, _, anna, bo, _) = setup(&store).await;
            assert_eq!(store.draft(&anna, id, now()).await.unwrap(), None);
            let saved = store
                .save_draft(&anna, id, None, &typed(q, "Annas tekst"), now())
                .await
                .unwrap();
            assert_eq!(
                saved,
                DraftSave::Saved {
                    version: 1,
                    at: now()
                }
            );
            // Bo opens the draft at version 1 and saves: version 2.
            let d = store.draft(&bo, id, now()).await.unwrap().unwrap();
            assert_eq!(
                (d.version, d.content.values(q)[0].as_str()),
                (1, "Annas tekst")
            );
            assert_eq!(d.updated_by, "Anna");
            let later = now() + Duration::minutes(3);
            store
                .save_draft(&bo, id, Some(1), &typed(q, "Bos tekst"), later)
                .await
                .unwrap();
            // Anna, still on version 1, saves again: refused, nothing overwritten.
            let conflict = store
                .save_draft(&anna, id, Some(1), &typed(q, "Annas nye tekst"), later)
                .await
                .unwrap();
            let DraftSave::Conflict(current) = conflict else {
                panic!("expected a conflict, got {conflict:?}");
            };
            assert_eq!(current.version, 2);
            assert_eq!(current.content.values(q), ["Bos tekst".to_string()]);
            assert_eq!(current.updated_by, "Bo");
            let now_draft = store.draft(&anna, id, now()).await.unwrap().unwrap();
            assert_eq!(now_draft.content.values(q), ["Bos tekst".to_string()]);
            // What Anna wrote is kept all the same.
            let refused = store.refused_draft_saves(&anna, id, now()).await.unwrap();
            assert_eq!(refused.len(), 1);
            assert_eq!(refused[0].values(q), ["Annas nye tekst".to_string()]);
            // A first save when a draft exists is also a conflict.
            let again = store
                .save_draft(&bo, id, None, &typed(q, "Ny start"), later)
                .await
                .unwrap();
            assert!(matches!(again, DraftSave::Conflict(_)));
            // Choosing: Anna saves on version 2.
            let chosen = store
                .save_draft(&anna, id, Some(2), &typed(q, "Annas nye tekst"), later)
                .await
                .unwrap();
            assert_eq!(
                chosen,
                DraftSave::Saved {
                    version: 3,
                    at: later
                }
            );
        })
        .await;
    }

    #[tokio::test]
    async fn another_organisation_never_sees_or_changes_the_draft_and_staff_draft_nothing() {
        each(|store| async move {
            let (id, q, _, anna, _, staff) = setup(&store).await;
            store
                .save_draft(&anna, id, None, &typed(q, "Hemmeligt udkast"), now())
                .await
                .unwrap();
            let other = store
                .register(
                    registration("x@andet.example", "10000009").parse().unwrap(),
                    now(),
                )
                .await
                .unwrap();
            assert_eq!(store.draft(&other, id, now()).await.unwrap(), None);
            store
                .save_draft(&other, id, None, &typed(q, "Andet firma"), now())
                .await
                .unwrap();
            let mine = store.draft(&anna, id, now()).await.unwrap().unwrap();
            assert_eq!(mine.content.values(q), ["Hemmeligt udkast".to_string()]);
            assert!(matches!(
                store.draft(&staff, id, now()).await,
                Err(StoreError::Forbidden)
            ));
            assert!(matches!(
                store
                    .save_draft(&staff, id, None, &typed(q, "x"), now())
                    .await,
                Err(StoreError::Forbidden)
            ));
        })
        .await;
    }

    #[tokio::test]
    async fn a_submission_after_a_colleagues_save_is_refused_and_the_draft_follows_each_submission()
    {
        each(|store| async move {
            let (id, q, sections, anna, bo, _) = setup(&store).await;
            store
                .save_draft(&anna, id, None, &typed(q, "Første"), now())
                .await
                .unwrap();
            store
                .save_draft(&bo, id, Some(1), &typed(q, "Bos"), now())
                .await
                .unwrap();
            let answers = [(q, AnswerInput::Form(vec!["Annas".into()]))];
            let parts = RawParts {
                comments: vec![(sections[1].to_string(), "Fire etager bør tillades.".into())],
                ..RawParts::default()
            };
            let sub = Submission {
                stance: "opposes",
                publication: "named",
                answers: &answers,
                parts: &parts,
                expect_draft: Some(Some(1)),
            };
            let refused = store.submit_full(&anna, id, None, &sub, now()).await;
            match refused {
                Err(StoreError::Invalid(e)) => assert_eq!(e[0].field, "draft_version"),
                other => panic!("expected a refusal, got {other:?}"),
            }
            let sub = Submission {
                expect_draft: Some(Some(2)),
                ..sub
            };
            let receipt = store
                .submit_full(&anna, id, None, &sub, now())
                .await
                .unwrap();
            assert_eq!(receipt.version, 1);
            let d = store.draft(&bo, id, now()).await.unwrap().unwrap();
            assert_eq!(d.version, 3, "the submission raised the draft's version");
            assert!(!d.unsubmitted);
            assert_eq!(d.content.values(q), ["Annas".to_string()]);
            assert_eq!(d.content.comment(sections[1]), "Fire etager bør tillades.");
            assert!(store.my_drafts(&bo, now()).await.unwrap().is_empty());
            store
                .save_draft(&bo, id, Some(3), &typed(q, "Rettelse"), now())
                .await
                .unwrap();
            let listed = store.my_drafts(&anna, now()).await.unwrap();
            assert_eq!(listed.len(), 1);
            assert!(listed[0].submitted_before);
            let detail = store.response_detail(&bo, receipt.id, now()).await.unwrap();
            assert_eq!(detail.comments[0].number, 2);
            assert_eq!(detail.comments[0].section_text, "Højst tre etager.");
        })
        .await;
    }

    #[tokio::test]
    async fn a_confidential_passage_is_withheld_until_refused_and_staff_decide_with_a_reason() {
        each(|store| async move {
            let (id, q, sections, anna, _, staff) = setup(&store).await;
            let text = "Vi har 8 ansatte og omsætter for 12 mio. kr.";
            let answers = [(q, AnswerInput::Form(vec![text.into()]))];
            let parts = RawParts {
                comments: vec![(
                    sections[0].to_string(),
                    "Vores leverandør Firma X rammes.".into(),
                )],
                confidential: vec![
                    RawPassage {
                        location: format!("answer:{q}"),
                        text: "12 mio. kr.".into(),
                        reason: "Omsætningen er en forretningshemmelighed.".into(),
                    },
                    RawPassage {
                        location: format!("comment:{}", sections[0]),
                        text: "Firma X".into(),
                        reason: "Aftalen er fortrolig.".into(),
                    },
                ],
                ..RawParts::default()
            };
            let sub = Submission {
                stance: "neutral",
                publication: "named",
                answers: &answers,
                parts: &parts,
                expect_draft: None,
            };
            let receipt = store
                .submit_full(&anna, id, None, &sub, now())
                .await
                .unwrap();
            // A passage that is not in the text is refused, naming the row.
            let mut wrong = parts.clone();
            wrong.confidential[1].text = "Firma Y".into();
            let bad = Submission {
                parts: &wrong,
                ..sub
            };
            match store.submit_full(&anna, id, None, &bad, now()).await {
                Err(StoreError::Invalid(e)) => {
                    assert_eq!(e[0].field, "confidential[1].text");
                    assert_eq!(e[0].problem, Problem::PassageNotFound);
                }
                other => panic!("expected a refusal, got {other:?}"),
            }
            let detail = store
                .response_detail(&staff, receipt.id, now())
                .await
                .unwrap();
            assert_eq!(detail.confidential.len(), 2);
            let (money, supplier) = (detail.confidential[0].id, detail.confidential[1].id);
            assert!(matches!(
                store
                    .decide_passage(&anna, money, "granted", "x", now())
                    .await,
                Err(StoreError::Forbidden)
            ));
            match store
                .decide_passage(&staff, money, "granted", " ", now())
                .await
            {
                Err(StoreError::Invalid(e)) => assert_eq!(e[0].field, "reason"),
                other => panic!("expected a refusal, got {other:?}"),
            }
            store
                .decide_passage(
                    &staff,
                    money,
                    "granted",
                    "Oplysningen er omfattet af § 30 nr. 2.",
                    now(),
                )
                .await
                .unwrap();
            store
                .decide_passage(
                    &staff,
                    supplier,
                    "refused",
                    "Leverandøren er offentligt kendt.",
                    now(),
                )
                .await
                .unwrap();
            // After the deadline: the granted passage is withheld, the refused one published.
            let after = now() + Duration::weeks(6);
            let Published::Responses(list) = store.published_responses(id, after).await.unwrap()
            else {
                panic!("published after the deadline");
            };
            let r = &list[0];
            assert_eq!(
                r.answers[0].values[0],
                "Vi har 8 ansatte og omsætter for […]"
            );
            assert!(!r.answers[0].values[0].contains("12 mio"));
            assert_eq!(r.comments[0].1, "Vores leverandør Firma X rammes.");
            assert_eq!(r.withheld, 1);
            // The respondent sees the decisions and their reasons.
            let mine = store
                .response_detail(&anna, receipt.id, after)
                .await
                .unwrap();
            let reasons: Vec<_> = mine
                .confidential
                .iter()
                .map(|p| {
                    (
                        p.decision.as_str(),
                        p.decision_reason.clone().unwrap_or_default(),
                    )
                })
                .collect();
            assert_eq!(
                reasons[0],
                ("granted", "Oplysningen er omfattet af § 30 nr. 2.".into())
            );
            assert_eq!(reasons[1].0, "refused");
            // An organisation that did not write it never reads it.
            let other = store
                .register(
                    registration("y@andet.example", "10000009").parse().unwrap(),
                    now(),
                )
                .await
                .unwrap();
            assert!(matches!(
                store.response_detail(&other, receipt.id, now()).await,
                Err(StoreError::NotFound)
            ));
        })
        .await;
    }

    #[tokio::test]
    async fn a_pending_passage_is_withheld_and_resubmitting_keeps_staffs_decision() {
        each(|store| async move {
            let (id, q, _, anna, _, staff) = setup(&store).await;
            let answers = [(
                q,
                AnswerInput::Form(vec!["Prisen er 400 kr. pr. time.".into()]),
            )];
            let parts = RawParts {
                confidential: vec![RawPassage {
                    location: format!("answer:{q}"),
                    text: "400 kr.".into(),
                    reason: "Prisaftale.".into(),
                }],
                ..RawParts::default()
            };
            let sub = Submission {
                stance: "neutral",
                publication: "anonymous",
                answers: &answers,
                parts: &parts,
                expect_draft: None,
            };
            let receipt = store
                .submit_full(&anna, id, None, &sub, now())
                .await
                .unwrap();
            let p = store
                .response_detail(&staff, receipt.id, now())
                .await
                .unwrap()
                .confidential[0]
                .id;
            store
                .decide_passage(&staff, p, "granted", "Forretningshemmelighed.", now())
                .await
                .unwrap();
            store
                .submit_full(&anna, id, None, &sub, now())
                .await
                .unwrap();
            let again = store
                .response_detail(&staff, receipt.id, now())
                .await
                .unwrap();
            assert_eq!(again.version, 2);
            assert_eq!(again.confidential[0].decision.as_str(), "granted");
            let after = now() + Duration::weeks(6);
            let Published::Responses(list) = store.published_responses(id, after).await.unwrap()
            else {
                panic!("published");
            };
            assert_eq!(list[0].answers[0].values[0], "Prisen er […] pr. time.");
        })
        .await;
    }
}

mod reference_admin {
    //! Reference data kept by administrators: add, rename, retire, restore
    //! and delete an unused entry, each with one audit row; refused to
    //! everyone else; a retired entry refused for new input but kept by
    //! what uses it.

    use chrono::Duration;
    use hearings_core::hearing_info::RawHearingInfo;
    use hearings_core::input::{FieldError, Problem};
    use hearings_core::reference::{
        RawReferenceEntry, ReferenceKey, ReferenceKind, ReferenceNames,
    };
    use hearings_core::register::InviteRule;
    use hearings_core::{HearingId, Role};
    use hearings_store::{Account, Invitees, Store, StoreError};

    use super::{each, hearing, now, registration, staff};

    async fn account(store: &Store, email: &str, role: Role) -> Account {
        let id = store
            .create_user(email, "Navn", "et-langt-kodeord", role, now())
            .await
            .unwrap();
        store.account(id).await.unwrap()
    }

    fn new(kind: ReferenceKind, code: &str, da: &str, en: &str) -> RawReferenceEntry {
        RawReferenceEntry {
            code: code.into(),
            classification: if kind == ReferenceKind::Section {
                "DB07".into()
            } else {
                String::new()
            },
            name_da: da.into(),
            name_en: en.into(),
        }
    }

    fn key(kind: ReferenceKind, raw: &str) -> ReferenceKey {
        ReferenceKey::parse(kind, raw).unwrap()
    }

    fn names(da: &str, en: &str) -> ReferenceNames {
        ReferenceNames::parse(da, en).unwrap()
    }

    fn problems(r: Result<impl std::fmt::Debug, StoreError>) -> Vec<(String, Problem)> {
        match r {
            Err(StoreError::Invalid(e)) => e
                .into_iter()
                .map(|FieldError { field, problem }| (field, problem))
                .collect(),
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    async fn audit(store: &Store, admin: &Account) -> Vec<hearings_store::AuditEntry> {
        store.audit_log(admin, None, 100).await.unwrap().entries
    }

    fn info(committee: &str, areas: &[&str], topics: &[&str]) -> RawHearingInfo {
        RawHearingInfo {
            committee: committee.into(),
            areas: areas.iter().map(|a| a.to_string()).collect(),
            topics: topics.iter().map(|t| t.to_string()).collect(),
            ..RawHearingInfo::default()
        }
    }

    async fn create_hearing(
        store: &Store,
        staff: &Account,
        info: &RawHearingInfo,
    ) -> Result<HearingId, StoreError> {
        let mut raw = hearing(now() - Duration::days(1), now() + Duration::weeks(5));
        raw.area = None;
        let new = raw.parse_with(info).unwrap();
        store.create_hearing(staff, new, now()).await
    }

    #[tokio::test]
    async fn an_administrator_adds_renames_retires_and_restores_a_topic_with_one_audit_row_each() {
        each(|store| async move {
            let admin = account(&store, "admin@k.example", Role::Admin).await;
            let kind = ReferenceKind::Topic;
            let raw = new(
                kind,
                " groen-omstilling ",
                "Grøn omstilling",
                "Green transition",
            );
            let created = store
                .create_reference(&admin, raw.parse(kind).unwrap(), now())
                .await
                .unwrap();
            let k = key(kind, "groen-omstilling");
            assert_eq!(created.key, k);
            let refs = store.reference_data().await.unwrap();
            assert_eq!(
                refs.topics.last().map(|t| (t.code.as_str(), t.retired)),
                Some(("groen-omstilling", false)),
                "a new topic comes after the others"
            );

            let t1 = now() + Duration::minutes(1);
            let renamed = store
                .rename_reference(&admin, &k, names("Klima og grøn omstilling", "Climate"), t1)
                .await
                .unwrap();
            assert_eq!(renamed.name_da, "Klima og grøn omstilling");
            // The same names again change nothing and write nothing.
            store
                .rename_reference(&admin, &k, names("Klima og grøn omstilling", "Climate"), t1)
                .await
                .unwrap();

            let t2 = now() + Duration::minutes(2);
            let retired = store.retire_reference(&admin, &k, t2).await.unwrap();
            assert_eq!(retired.retired_at, Some(t2));
            assert!(
                store
                    .reference_data()
                    .await
                    .unwrap()
                    .topic("groen-omstilling")
                    .unwrap()
                    .retired
            );
            let again = store
                .retire_reference(&admin, &k, t2 + Duration::minutes(1))
                .await
                .unwrap();
            assert_eq!(
                again.retired_at,
                Some(t2),
                "retiring twice keeps the first time"
            );

            let t3 = now() + Duration::minutes(3);
            let restored = store.restore_reference(&admin, &k, t3).await.unwrap();
            assert_eq!(restored.retired_at, None);

            let log = audit(&store, &admin).await;
            let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
            assert_eq!(
                actions,
                [
                    "reference.restore",
                    "reference.retire",
                    "reference.update",
                    "reference.create"
                ],
                "one row per change, none for a change that changed nothing"
            );
            assert!(log.iter().all(|e| e.object_type == "reference"
                && e.object_id == "topics/groen-omstilling"
                && e.actor == Some(admin.id)));
            let create = &log[3];
            assert_eq!(create.before, None);
            let after: serde_json::Value =
                serde_json::from_str(create.after.as_deref().unwrap()).unwrap();
            assert_eq!(
                (after["name_da"].as_str(), after["kind"].as_str()),
                (Some("Grøn omstilling"), Some("topics"))
            );
            let name = log[2]
                .changes()
                .into_iter()
                .find(|c| c.field == "name_da")
                .unwrap();
            assert_eq!(
                (name.before.as_deref(), name.after.as_deref()),
                (Some("Grøn omstilling"), Some("Klima og grøn omstilling"))
            );
            let retire = log[1].changes();
            assert_eq!(retire.len(), 1);
            assert_eq!(retire[0].field, "retired_at");
            assert_eq!(retire[0].before, None);
            assert_eq!(log[1].at, t2);
        })
        .await;
    }

    #[tokio::test]
    async fn areas_committees_and_sections_are_added_each_by_its_own_key() {
        each(|store| async move {
            let admin = account(&store, "admin@k.example", Role::Admin).await;
            let area = store
                .create_reference(
                    &admin,
                    new(
                        ReferenceKind::Area,
                        "glostrup-nord",
                        "Glostrup Nord",
                        "Glostrup North",
                    )
                    .parse(ReferenceKind::Area)
                    .unwrap(),
                    now(),
                )
                .await
                .unwrap();
            assert_eq!(area.key.to_string(), "glostrup-nord");
            let committee = store
                .create_reference(
                    &admin,
                    new(
                        ReferenceKind::Committee,
                        "",
                        "Klimaudvalget",
                        "Climate Committee",
                    )
                    .parse(ReferenceKind::Committee)
                    .unwrap(),
                    now() + Duration::minutes(1),
                )
                .await
                .unwrap();
            let refs = store.reference_data().await.unwrap();
            let made = refs.committees.last().unwrap();
            assert_eq!(made.name_da, "Klimaudvalget");
            assert_eq!(committee.key.to_string(), made.id.to_string());
            assert!(refs.area("glostrup-nord").is_some());

            // Every section of both classifications is seeded; a missing one
            // (here deleted first, as nothing uses it) can be added back.
            let u = key(ReferenceKind::Section, "DB07:U");
            store
                .delete_reference(&admin, &u, now() + Duration::minutes(2))
                .await
                .unwrap();
            assert!(
                !store
                    .reference_data()
                    .await
                    .unwrap()
                    .sections
                    .iter()
                    .any(|s| s.classification == "DB07" && s.section == "U")
            );
            let section = store
                .create_reference(
                    &admin,
                    new(
                        ReferenceKind::Section,
                        "u",
                        "Ekstraterritoriale organisationer",
                        "Extraterritorial organisations",
                    )
                    .parse(ReferenceKind::Section)
                    .unwrap(),
                    now() + Duration::minutes(3),
                )
                .await
                .unwrap();
            assert_eq!(section.key, u);
            let actions: Vec<String> = audit(&store, &admin)
                .await
                .into_iter()
                .map(|e| format!("{} {}", e.action, e.object_id))
                .collect();
            assert_eq!(
                actions,
                [
                    "reference.create sections/DB07:U".to_string(),
                    "reference.delete sections/DB07:U".to_string(),
                    format!("reference.create committees/{}", made.id),
                    "reference.create areas/glostrup-nord".to_string(),
                ]
            );
        })
        .await;
    }

    #[tokio::test]
    async fn a_code_that_is_taken_and_a_committee_name_that_is_taken_are_refused_by_field() {
        each(|store| async move {
            let admin = account(&store, "admin@k.example", Role::Admin).await;
            let taken = store
                .create_reference(
                    &admin,
                    new(ReferenceKind::Topic, "handel", "Handel", "Trade")
                        .parse(ReferenceKind::Topic)
                        .unwrap(),
                    now(),
                )
                .await;
            assert_eq!(problems(taken), [("code".to_string(), Problem::CodeTaken)]);
            let section = store
                .create_reference(
                    &admin,
                    new(ReferenceKind::Section, "G", "Handel", "Trade")
                        .parse(ReferenceKind::Section)
                        .unwrap(),
                    now(),
                )
                .await;
            assert_eq!(
                problems(section),
                [("code".to_string(), Problem::CodeTaken)]
            );
            // A retired entry keeps its code: it cannot be made again.
            let ejby = key(ReferenceKind::Area, "ejby");
            store.retire_reference(&admin, &ejby, now()).await.unwrap();
            let again = store
                .create_reference(
                    &admin,
                    new(ReferenceKind::Area, "ejby", "Ejby", "Ejby")
                        .parse(ReferenceKind::Area)
                        .unwrap(),
                    now(),
                )
                .await;
            assert_eq!(problems(again), [("code".to_string(), Problem::CodeTaken)]);

            let refs = store.reference_data().await.unwrap();
            let (first, second) = (&refs.committees[0], &refs.committees[1]);
            let twin = store
                .create_reference(
                    &admin,
                    new(ReferenceKind::Committee, "", &first.name_da, "Twin")
                        .parse(ReferenceKind::Committee)
                        .unwrap(),
                    now(),
                )
                .await;
            assert_eq!(
                problems(twin),
                [("name_da".to_string(), Problem::NameTaken)]
            );
            let second_key = key(ReferenceKind::Committee, &second.id.to_string());
            let clash = store
                .rename_reference(&admin, &second_key, names(&first.name_da, "X"), now())
                .await;
            assert_eq!(
                problems(clash),
                [("name_da".to_string(), Problem::NameTaken)]
            );
            // A committee may keep its own Danish name with a new English one.
            store
                .rename_reference(
                    &admin,
                    &second_key,
                    names(&second.name_da, "New English"),
                    now() + Duration::minutes(1),
                )
                .await
                .unwrap();

            let log = audit(&store, &admin).await;
            assert_eq!(
                log.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
                ["reference.update", "reference.retire"],
                "refusals write nothing"
            );
            // An entry that does not exist is not found.
            let missing = key(ReferenceKind::Topic, "findes-ikke");
            assert!(matches!(
                store.retire_reference(&admin, &missing, now()).await,
                Err(StoreError::NotFound)
            ));
        })
        .await;
    }

    #[tokio::test]
    async fn staff_politicians_and_respondents_are_refused_every_change_and_nothing_is_written() {
        each(|store| async move {
            let admin = account(&store, "admin@k.example", Role::Admin).await;
            let staff = staff(&store).await;
            let politician = account(&store, "p@k.example", Role::Politician).await;
            let respondent = store
                .register(
                    registration("a@b.example", "13748136").parse().unwrap(),
                    now(),
                )
                .await
                .unwrap();
            let handel = key(ReferenceKind::Topic, "handel");
            for who in [&staff, &politician, &respondent] {
                let entry = new(ReferenceKind::Topic, "ny-kode", "Ny", "New")
                    .parse(ReferenceKind::Topic)
                    .unwrap();
                assert!(
                    matches!(
                        store.create_reference(who, entry, now()).await,
                        Err(StoreError::Forbidden)
                    ),
                    "{:?} creates",
                    who.role
                );
                assert!(matches!(
                    store
                        .rename_reference(who, &handel, names("X", "Y"), now())
                        .await,
                    Err(StoreError::Forbidden)
                ));
                assert!(matches!(
                    store.retire_reference(who, &handel, now()).await,
                    Err(StoreError::Forbidden)
                ));
                assert!(matches!(
                    store.restore_reference(who, &handel, now()).await,
                    Err(StoreError::Forbidden)
                ));
                assert!(matches!(
                    store
                        .delete_reference(who, &key(ReferenceKind::Section, "DB07:U"), now())
                        .await,
                    Err(StoreError::Forbidden)
                ));
            }
            let refs = store.reference_data().await.unwrap();
            let handel = refs.topic("handel").unwrap();
            assert_eq!(
                (handel.name_da.as_str(), handel.retired),
                ("Handel og butikker", false)
            );
            assert!(refs.topic("ny-kode").is_none());
            assert!(audit(&store, &admin).await.is_empty());
            // Only administrators see what uses each entry.
            let o = store.reference_overview(Some(&staff)).await.unwrap();
            assert!(o.topics.iter().all(|t| t.usage.is_none()));
            let o = store.reference_overview(Some(&admin)).await.unwrap();
            assert!(o.topics.iter().all(|t| t.usage.is_some()));
        })
        .await;
    }

    #[tokio::test]
    async fn a_retired_entry_is_refused_for_new_input_and_kept_by_the_hearings_that_use_it() {
        each(|store| async move {
            let admin = account(&store, "admin@k.example", Role::Admin).await;
            let staff = staff(&store).await;
            let refs = store.reference_data().await.unwrap();
            let committee = refs.committees[0].id.to_string();
            let id = create_hearing(&store, &staff, &info(&committee, &["ejby"], &["trafik"]))
                .await
                .unwrap();
            store.publish_hearing(&staff, id, now()).await.unwrap();
            for k in [
                key(ReferenceKind::Area, "ejby"),
                key(ReferenceKind::Topic, "trafik"),
                key(ReferenceKind::Committee, &committee),
                key(ReferenceKind::Section, "DB25:G"),
            ] {
                store.retire_reference(&admin, &k, now()).await.unwrap();
            }

            // The hearing still shows its names.
            let d = store.hearing(id, None, now()).await.unwrap().hearing;
            assert_eq!(d.areas[0].name_da, "Ejby");
            assert!(d.areas[0].retired);
            assert_eq!(d.topics[0].name_da, "Trafik og parkering");
            assert!(d.committee.as_ref().unwrap().retired);

            // A new hearing may not choose them.
            let refused =
                create_hearing(&store, &staff, &info(&committee, &["ejby"], &["trafik"])).await;
            assert_eq!(
                problems(refused),
                [
                    ("committee".to_string(), Problem::Retired),
                    ("areas".to_string(), Problem::Retired),
                    ("topics".to_string(), Problem::Retired)
                ]
            );
            // The hearing that has them keeps them when corrected, but gets no new retired one.
            let mut raw = hearing(now() - Duration::days(1), now() + Duration::weeks(6));
            raw.area = None;
            let keep = raw
                .parse_with(&info(&committee, &["ejby"], &["trafik"]))
                .unwrap();
            store
                .edit_hearing(&staff, id, keep, "Længere frist.", now())
                .await
                .unwrap();
            let retired_bymidten = key(ReferenceKind::Area, "bymidten");
            store
                .retire_reference(&admin, &retired_bymidten, now())
                .await
                .unwrap();
            let add = raw
                .parse_with(&info(&committee, &["ejby", "bymidten"], &["trafik"]))
                .unwrap();
            assert_eq!(
                problems(
                    store
                        .edit_hearing(&staff, id, add, "Flere områder.", now())
                        .await
                ),
                [("areas".to_string(), Problem::Retired)]
            );

            // A new registration may not choose a retired area or section.
            let mut reg = registration("ny@b.example", "13748136");
            assert_eq!(
                problems(store.register(reg.parse().unwrap(), now()).await),
                [
                    ("organisation.area".to_string(), Problem::Retired),
                    ("organisation.industry.code".to_string(), Problem::Retired)
                ]
            );
            reg.organisation.area = "kirkebjerg".into();
            reg.organisation.industry_code = "C".into();
            store.register(reg.parse().unwrap(), now()).await.unwrap();

            // Nor a new invitation rule.
            let rule = |sections: &[&str], areas: &[&str]| Invitees {
                rule: Some(
                    InviteRule::parse(
                        &sections.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                        &[],
                        &areas.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
                    )
                    .unwrap(),
                ),
                ..Invitees::default()
            };
            assert_eq!(
                problems(
                    store
                        .preview_invitations(&staff, id, &rule(&[], &["ejby"]), now())
                        .await
                ),
                [("rule.areas".to_string(), Problem::Retired)]
            );
            assert_eq!(
                problems(
                    store
                        .invite(&staff, id, &rule(&["DB25:G"], &[]), now())
                        .await
                ),
                [("rule.sections".to_string(), Problem::Retired)]
            );
            assert!(
                store
                    .preview_invitations(&staff, id, &rule(&["DB25:C"], &["kirkebjerg"]), now())
                    .await
                    .is_ok()
            );

            // Brought back, they are offered again.
            store
                .restore_reference(&admin, &key(ReferenceKind::Topic, "trafik"), now())
                .await
                .unwrap();
            assert!(
                create_hearing(&store, &staff, &info("", &[], &["trafik"]))
                    .await
                    .is_ok()
            );
        })
        .await;
    }

    #[tokio::test]
    async fn an_entry_in_use_is_never_deleted_and_the_overview_counts_what_uses_each() {
        each(|store| async move {
            let admin = account(&store, "admin@k.example", Role::Admin).await;
            let staff = staff(&store).await;
            create_hearing(
                &store,
                &staff,
                &info("", &["ejby", "bymidten"], &["handel"]),
            )
            .await
            .unwrap();
            create_hearing(&store, &staff, &info("", &["ejby"], &[]))
                .await
                .unwrap();
            store
                .register(
                    registration("a@b.example", "13748136").parse().unwrap(),
                    now(),
                )
                .await
                .unwrap();
            let o = store.reference_overview(Some(&admin)).await.unwrap();
            let usage = |kind, raw: &str| o.find(&key(kind, raw)).unwrap().usage.unwrap();
            let ejby = usage(ReferenceKind::Area, "ejby");
            assert_eq!(
                (ejby.hearings, ejby.organisations, ejby.responses),
                (2, 1, 0)
            );
            assert_eq!(usage(ReferenceKind::Area, "bymidten").hearings, 1);
            assert_eq!(usage(ReferenceKind::Topic, "handel").hearings, 1);
            assert!(!usage(ReferenceKind::Topic, "trafik").in_use());
            assert_eq!(usage(ReferenceKind::Section, "DB25:G").organisations, 1);
            assert_eq!(usage(ReferenceKind::Section, "DB07:G").organisations, 0);

            let whole = o
                .find(&key(ReferenceKind::Area, "hele-kommunen"))
                .unwrap()
                .usage
                .unwrap();
            assert!(
                whole.in_use() && whole.hearings + whole.organisations == 0,
                "the whole municipality is used by the product itself"
            );
            for k in [
                key(ReferenceKind::Topic, "handel"),
                key(ReferenceKind::Area, "ejby"),
                key(ReferenceKind::Section, "DB25:G"),
                key(ReferenceKind::Area, "hele-kommunen"),
            ] {
                assert!(
                    matches!(
                        store.delete_reference(&admin, &k, now()).await,
                        Err(StoreError::InUse)
                    ),
                    "{k} is in use"
                );
            }
            let trafik = key(ReferenceKind::Topic, "trafik");
            store
                .delete_reference(&admin, &trafik, now())
                .await
                .unwrap();
            let refs = store.reference_data().await.unwrap();
            assert!(refs.topic("trafik").is_none());
            assert!(refs.topic("handel").is_some() && refs.area("ejby").is_some());
            let log: Vec<_> = audit(&store, &admin)
                .await
                .into_iter()
                .filter(|e| e.object_type == "reference")
                .collect();
            assert_eq!(log.len(), 1, "a refused deletion writes nothing");
            assert_eq!(log[0].action, "reference.delete");
            assert!(log[0].after.is_none());
            assert!(
                log[0]
                    .before
                    .as_deref()
                    .unwrap()
                    .contains("Trafik og parkering")
            );
        })
        .await;
    }

    #[tokio::test]
    async fn a_reference_change_whose_audit_row_cannot_be_written_is_not_stored() {
        each(|store| async move {
            let admin = account(&store, "admin@k.example", Role::Admin).await;
            hearings_store::testing::run_sql(&store, "DROP TABLE audit_log")
                .await
                .unwrap();
            let entry = new(ReferenceKind::Topic, "ny-kode", "Ny", "New")
                .parse(ReferenceKind::Topic)
                .unwrap();
            assert!(matches!(
                store.create_reference(&admin, entry, now()).await,
                Err(StoreError::Internal(_))
            ));
            let handel = key(ReferenceKind::Topic, "handel");
            assert!(matches!(
                store.retire_reference(&admin, &handel, now()).await,
                Err(StoreError::Internal(_))
            ));
            assert!(matches!(
                store
                    .rename_reference(&admin, &handel, names("X", "Y"), now())
                    .await,
                Err(StoreError::Internal(_))
            ));
            let refs = store.reference_data().await.unwrap();
            assert!(refs.topic("ny-kode").is_none());
            let handel = refs.topic("handel").unwrap();
            assert_eq!(
                (handel.name_da.as_str(), handel.retired),
                ("Handel og butikker", false)
            );
        })
        .await;
    }
}
