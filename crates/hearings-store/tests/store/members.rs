//! An organisation's profile and members: joining by CVR number with a
//! request its administrators answer, invitations by e-mail, removal, the
//! last-administrator rule, and that nobody reaches another organisation's
//! profile, members, requests or invitations.

use chrono::Duration;
use hearings_core::account::TokenError;
use hearings_core::input::{AnswerInput, FieldError, Problem, RawOrganisation};
use hearings_core::membership::{JoinOutcome, MembershipError};
use hearings_core::profile::RawProfile;
use hearings_core::register::RawRegisterRow;
use hearings_core::{JoinRequestId, MemberRole, RawValue, Role, UserId};
use hearings_store::testing::{link_in_newest, messages_to};
use hearings_store::{Account, Store, StoreError};

use super::{each, hearing, now, registration, staff};

const CVR_A: &str = "13748136";
const CVR_B: &str = "12345674";

async fn register(store: &Store, email: &str, cvr: &str) -> Account {
    store
        .register(registration(email, cvr).parse().unwrap(), now())
        .await
        .unwrap()
}

async fn reload(store: &Store, a: &Account) -> Account {
    store.account(a.id).await.unwrap()
}

fn problem_of(r: Result<impl std::fmt::Debug, StoreError>) -> Vec<FieldError> {
    match r {
        Err(StoreError::Invalid(e)) => e,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

fn membership_error(r: Result<impl std::fmt::Debug, StoreError>) -> MembershipError {
    match r {
        Err(StoreError::Membership(e)) => e,
        other => panic!("expected a membership refusal, got {other:?}"),
    }
}

/// The secret of the newest invitation e-mailed to `email`.
async fn invitation_token(store: &Store, email: &str) -> String {
    link_in_newest(store, email, "member_invitation")
        .await
        .unwrap()
        .expect("an invitation e-mail")
        .trim_start_matches("/invitation?token=")
        .to_string()
}

/// An administrator of organisation A and one who asked to join it.
async fn requested(store: &Store) -> (Account, Account, JoinRequestId) {
    let admin = register(store, "anna@a.example", CVR_A).await;
    let asker = store
        .sign_up(registration("bo@a.example", CVR_A).parse().unwrap(), now())
        .await
        .unwrap();
    let id = asker.join_request.as_ref().unwrap().id;
    (admin, asker, id)
}

fn profile(cvr: &str, name: &str, area: &str) -> RawProfile {
    RawProfile {
        organisation: RawOrganisation {
            cvr: cvr.into(),
            name: name.into(),
            classification: "DB07".into(),
            industry_code: "10.71".into(),
            size_class: "medium".into(),
            area: area.into(),
            respondent_type: "company".into(),
        },
        street: "Hovedvejen 1".into(),
        postcode: "2600".into(),
        town: "Glostrup".into(),
    }
}

#[tokio::test]
async fn the_first_registrant_is_administrator_and_a_second_with_the_cvr_waits_without_an_organisation()
 {
    each(|store| async move {
        let (admin, asker, _) = requested(&store).await;
        assert_eq!(admin.organisation_role, Some(MemberRole::Admin));
        assert_eq!(asker.organisation, None);
        assert_eq!(asker.organisation_role, None);
        let again = reload(&store, &asker).await;
        assert_eq!(
            again
                .join_request
                .as_ref()
                .map(|j| j.organisation_name.as_str()),
            Some("Testbageriet (fiktiv)"),
            "the request is loaded with the account"
        );
        // The administrator is told, and the one who asked gets the verification link as today.
        let to_admin = messages_to(&store, "anna@a.example").await.unwrap();
        assert_eq!(to_admin.len(), 1);
        assert_eq!(to_admin[0].kind, "join_request");
        assert!(to_admin[0].body.contains("bo@a.example"));
        assert!(to_admin[0].body.contains("/organisation"));
        let to_asker = messages_to(&store, "bo@a.example").await.unwrap();
        assert_eq!(
            to_asker.iter().map(|m| m.kind.as_str()).collect::<Vec<_>>(),
            ["verify"]
        );
        // No second organisation, and nothing of the first for the one waiting.
        assert!(matches!(
            store.organisation(&again, now()).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store.members(&again).await,
            Err(StoreError::NotFound)
        ));
        assert!(store.my_responses(&again, now()).await.unwrap().is_empty());
        let requests = store.join_requests(&admin).await.unwrap();
        assert_eq!(requests.len(), 1);
        assert_eq!(requests[0].email, "bo@a.example");
        assert!(!requests[0].email_verified);
    })
    .await;
}

#[tokio::test]
async fn one_waiting_for_an_answer_cannot_submit_until_accepted() {
    each(|store| async move {
        let staff = staff(&store).await;
        let opens = now() - Duration::days(1);
        let id = store
            .create_hearing(
                &staff,
                hearing(opens, now() + Duration::weeks(4)).parse().unwrap(),
                now(),
            )
            .await
            .unwrap();
        store.publish_hearing(&staff, id, now()).await.unwrap();
        let admin = register(&store, "anna@a.example", CVR_A).await;
        let asker = register(&store, "bo@a.example", CVR_A).await;
        let q = store.hearing(id, None, now()).await.unwrap().questions;
        let answers = vec![(q[0].id, AnswerInput::Json(RawValue::Integer(4)))];
        let refused = store
            .submit_response(&asker, id, "supports", "named", &answers, now())
            .await;
        assert!(matches!(refused, Err(StoreError::Forbidden)), "{refused:?}");
        let request = asker.join_request.as_ref().unwrap().id;
        store
            .decide_join_request(&admin, request, JoinOutcome::Accepted, now())
            .await
            .unwrap();
        let member = reload(&store, &asker).await;
        let receipt = store
            .submit_response(&member, id, "supports", "named", &answers, now())
            .await
            .unwrap();
        assert_eq!(receipt.organisation, admin.organisation.unwrap());
    })
    .await;
}

#[tokio::test]
async fn an_accepted_requester_becomes_a_member_and_is_told_by_email_and_a_request_is_answered_once()
 {
    each(|store| async move {
        let (admin, asker, id) = requested(&store).await;
        let member = store
            .decide_join_request(&admin, id, JoinOutcome::Accepted, now())
            .await
            .unwrap()
            .unwrap();
        assert_eq!((member.id, member.role), (asker.id, MemberRole::Member));
        let now_member = reload(&store, &asker).await;
        assert_eq!(now_member.organisation, admin.organisation);
        assert_eq!(now_member.organisation_role, Some(MemberRole::Member));
        assert_eq!(now_member.join_request, None);
        let told = messages_to(&store, "bo@a.example").await.unwrap();
        let decision = told.iter().find(|m| m.kind == "join_decision").unwrap();
        assert!(decision.body.contains("Testbageriet (fiktiv)"));
        assert!(store.join_requests(&admin).await.unwrap().is_empty());
        assert_eq!(
            membership_error(
                store
                    .decide_join_request(&admin, id, JoinOutcome::Refused, now())
                    .await
            ),
            MembershipError::AlreadyDecided
        );
        let names: Vec<String> = store
            .members(&now_member)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.email)
            .collect();
        assert_eq!(names, ["anna@a.example", "bo@a.example"]);
    })
    .await;
}

#[tokio::test]
async fn a_refused_requester_belongs_to_no_organisation_and_is_told_by_email() {
    each(|store| async move {
        let (admin, asker, id) = requested(&store).await;
        let none = store
            .decide_join_request(&admin, id, JoinOutcome::Refused, now())
            .await
            .unwrap();
        assert_eq!(none, None);
        let after = reload(&store, &asker).await;
        assert_eq!((after.organisation, after.join_request), (None, None));
        let told = messages_to(&store, "bo@a.example").await.unwrap();
        let decision = told.iter().find(|m| m.kind == "join_decision").unwrap();
        assert!(decision.subject.contains("afvist"), "{}", decision.subject);
        assert_eq!(store.members(&admin).await.unwrap().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn an_invitation_registers_a_colleague_straight_into_the_organisation_and_works_once() {
    each(|store| async move {
        let admin = register(&store, "anna@a.example", CVR_A).await;
        let invitation = store
            .invite_member(&admin, " Carl@A.example ", now())
            .await
            .unwrap();
        assert_eq!(invitation.email, "carl@a.example");
        assert_eq!(invitation.expires_at, now() + Duration::days(7));
        let token = invitation_token(&store, "carl@a.example").await;
        let info = store.invitation(&token, now()).await.unwrap();
        assert_eq!(info.organisation_name, "Testbageriet (fiktiv)");
        assert_eq!(
            store.member_invitations(&admin, now()).await.unwrap().len(),
            1
        );

        let short = store
            .register_with_invitation(&token, "", "kort", now())
            .await;
        let fields: Vec<String> = problem_of(short).into_iter().map(|f| f.field).collect();
        assert_eq!(fields, ["name", "password"]);

        let carl = store
            .register_with_invitation(&token, "Carl", "langt-nok-kodeord", now())
            .await
            .unwrap();
        assert_eq!(carl.email, "carl@a.example");
        assert_eq!(carl.organisation, admin.organisation);
        assert_eq!(carl.organisation_role, Some(MemberRole::Member));
        assert!(carl.email_verified, "the link reached the address");
        assert!(
            store
                .authenticate("carl@a.example", "langt-nok-kodeord")
                .await
                .unwrap()
                .is_some()
        );
        assert!(matches!(
            store
                .register_with_invitation(&token, "Carl", "langt-nok-kodeord", now())
                .await,
            Err(StoreError::Link(TokenError::Used))
        ));
        assert!(
            store
                .member_invitations(&admin, now())
                .await
                .unwrap()
                .is_empty()
        );
        // A member already is not invited again.
        let again = problem_of(store.invite_member(&admin, "carl@a.example", now()).await);
        assert_eq!(again[0].problem, Problem::AlreadyMember);
        assert_eq!(
            problem_of(store.invite_member(&admin, "ikke en adresse", now()).await)[0].problem,
            Problem::Email
        );
    })
    .await;
}

#[tokio::test]
async fn an_invitation_expires_after_seven_days_and_a_withdrawn_or_replaced_one_stops_working() {
    each(|store| async move {
        let admin = register(&store, "anna@a.example", CVR_A).await;
        store
            .invite_member(&admin, "carl@a.example", now())
            .await
            .unwrap();
        let first = invitation_token(&store, "carl@a.example").await;
        let later = now() + Duration::days(7);
        assert!(
            store
                .invitation(&first, later - Duration::milliseconds(1))
                .await
                .is_ok()
        );
        assert!(matches!(
            store.invitation(&first, later).await,
            Err(StoreError::Link(TokenError::Expired))
        ));
        // Inviting the same address again replaces the first link.
        store
            .invite_member(&admin, "carl@a.example", now())
            .await
            .unwrap();
        let second = invitation_token(&store, "carl@a.example").await;
        assert_ne!(first, second);
        assert!(matches!(
            store.invitation(&first, now()).await,
            Err(StoreError::Link(TokenError::Unknown))
        ));
        let pending = store.member_invitations(&admin, now()).await.unwrap();
        assert_eq!(pending.len(), 1);
        store
            .revoke_invitation(&admin, pending[0].id, now())
            .await
            .unwrap();
        assert!(matches!(
            store
                .register_with_invitation(&second, "Carl", "langt-nok-kodeord", now())
                .await,
            Err(StoreError::Link(TokenError::Unknown))
        ));
        assert!(matches!(
            store.revoke_invitation(&admin, pending[0].id, now()).await,
            Err(StoreError::NotFound)
        ));
    })
    .await;
}

#[tokio::test]
async fn an_account_without_an_organisation_accepts_an_invitation_to_its_own_address_only() {
    each(|store| async move {
        let (admin, asker, id) = requested(&store).await;
        store
            .decide_join_request(&admin, id, JoinOutcome::Refused, now())
            .await
            .unwrap();
        let other = register(&store, "dora@b.example", CVR_B).await;
        store
            .invite_member(&admin, "bo@a.example", now())
            .await
            .unwrap();
        let token = invitation_token(&store, "bo@a.example").await;
        // Another address, or an account with an organisation, cannot use it.
        let stranger = store
            .sign_up(registration("eva@c.example", CVR_B).parse().unwrap(), now())
            .await
            .unwrap();
        assert_eq!(
            membership_error(store.accept_invitation(&stranger, &token, now()).await),
            MembershipError::OtherAddress
        );
        assert_eq!(
            membership_error(store.accept_invitation(&other, &token, now()).await),
            MembershipError::HasOrganisation
        );
        let staff = staff(&store).await;
        assert!(matches!(
            store.accept_invitation(&staff, &token, now()).await,
            Err(StoreError::Forbidden)
        ));
        let bo = reload(&store, &asker).await;
        assert!(!bo.email_verified);
        let joined = store.accept_invitation(&bo, &token, now()).await.unwrap();
        assert_eq!(joined.organisation, admin.organisation);
        assert_eq!(joined.organisation_role, Some(MemberRole::Member));
        assert!(joined.email_verified);
        assert!(matches!(
            store.accept_invitation(&joined, &token, now()).await,
            Err(StoreError::Link(TokenError::Used))
        ));
    })
    .await;
}

#[tokio::test]
async fn the_last_administrator_can_neither_be_removed_nor_demoted_until_another_takes_over() {
    each(|store| async move {
        let admin = register(&store, "anna@a.example", CVR_A).await;
        assert_eq!(
            membership_error(store.remove_member(&admin, admin.id).await),
            MembershipError::LastAdministrator
        );
        assert_eq!(
            membership_error(
                store
                    .set_member_role(&admin, admin.id, MemberRole::Member)
                    .await
            ),
            MembershipError::LastAdministrator
        );
        store
            .invite_member(&admin, "carl@a.example", now())
            .await
            .unwrap();
        let token = invitation_token(&store, "carl@a.example").await;
        let carl = store
            .register_with_invitation(&token, "Carl", "langt-nok-kodeord", now())
            .await
            .unwrap();
        // A plain member manages nothing.
        assert!(matches!(
            store
                .set_member_role(&carl, carl.id, MemberRole::Admin)
                .await,
            Err(StoreError::Forbidden)
        ));
        assert!(matches!(
            store.remove_member(&carl, admin.id).await,
            Err(StoreError::Forbidden)
        ));
        let promoted = store
            .set_member_role(&admin, carl.id, MemberRole::Admin)
            .await
            .unwrap();
        assert_eq!(promoted.role, MemberRole::Admin);
        let carl = reload(&store, &carl).await;
        // Now the first may step down, and then Carl is the last one.
        store
            .set_member_role(&carl, admin.id, MemberRole::Member)
            .await
            .unwrap();
        assert_eq!(
            membership_error(store.remove_member(&carl, carl.id).await),
            MembershipError::LastAdministrator
        );
        store.remove_member(&carl, admin.id).await.unwrap();
        let anna = reload(&store, &admin).await;
        assert_eq!((anna.organisation, anna.organisation_role), (None, None));
        let members = store.members(&carl).await.unwrap();
        assert_eq!(members.len(), 1);
        assert_eq!(members[0].role, MemberRole::Admin);
    })
    .await;
}

#[tokio::test]
async fn a_removed_member_loses_the_organisations_responses_at_once() {
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
        let admin = register(&store, "anna@a.example", CVR_A).await;
        store
            .invite_member(&admin, "carl@a.example", now())
            .await
            .unwrap();
        let token = invitation_token(&store, "carl@a.example").await;
        let carl = store
            .register_with_invitation(&token, "Carl", "langt-nok-kodeord", now())
            .await
            .unwrap();
        let q = store.hearing(id, None, now()).await.unwrap().questions;
        let answers = vec![(q[0].id, AnswerInput::Json(RawValue::Integer(2)))];
        let receipt = store
            .submit_response(&carl, id, "opposes", "named", &answers, now())
            .await
            .unwrap();
        assert!(
            store.receipt(&admin, receipt.id).await.is_ok(),
            "a colleague's submission"
        );
        // Carl keeps a session: the account is loaded afresh for each request.
        let session = store.create_session(carl.id, now()).await.unwrap();
        store.remove_member(&admin, carl.id).await.unwrap();
        let carl_now = store
            .session_account(&session, now())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(carl_now.organisation, None);
        assert!(store.receipt(&carl_now, receipt.id).await.is_err());
        assert!(
            store
                .response_versions(&carl_now, receipt.id)
                .await
                .is_err()
        );
        assert!(
            store
                .my_responses(&carl_now, now())
                .await
                .unwrap()
                .is_empty()
        );
        assert!(matches!(
            store
                .submit_response(&carl_now, id, "supports", "named", &answers, now())
                .await,
            Err(StoreError::Forbidden)
        ));
        assert!(matches!(
            store.organisation(&carl_now, now()).await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(
            store.my_responses(&admin, now()).await.unwrap().len(),
            1,
            "the response stays the organisation's"
        );
    })
    .await;
}

#[tokio::test]
async fn nobody_reaches_another_organisations_profile_members_requests_or_invitations() {
    each(|store| async move {
        let (admin_a, _asker, request_a) = requested(&store).await;
        store
            .invite_member(&admin_a, "carl@a.example", now())
            .await
            .unwrap();
        let invitation_a = store.member_invitations(&admin_a, now()).await.unwrap()[0].id;
        let admin_b = register(&store, "dora@b.example", CVR_B).await;

        // B's administrator sees B only.
        let view = store.organisation(&admin_b, now()).await.unwrap();
        assert_eq!(view.profile.cvr.as_deref(), Some(CVR_B));
        assert_eq!(view.members.len(), 1);
        assert!(view.requests.is_empty() && view.invitations.is_empty());
        // And whatever id of A's is guessed, it is not found.
        for result in [
            store
                .decide_join_request(&admin_b, request_a, JoinOutcome::Accepted, now())
                .await
                .map(|_| ()),
            store
                .decide_join_request(&admin_b, request_a, JoinOutcome::Refused, now())
                .await
                .map(|_| ()),
            store.remove_member(&admin_b, admin_a.id).await,
            store
                .set_member_role(&admin_b, admin_a.id, MemberRole::Member)
                .await
                .map(|_| ()),
            store.revoke_invitation(&admin_b, invitation_a, now()).await,
            store
                .remove_member(&admin_b, UserId(uuid::Uuid::new_v4()))
                .await,
        ] {
            assert!(matches!(result, Err(StoreError::NotFound)), "{result:?}");
        }
        // A is untouched.
        assert_eq!(store.join_requests(&admin_a).await.unwrap().len(), 1);
        assert_eq!(
            store
                .member_invitations(&admin_a, now())
                .await
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            reload(&store, &admin_a).await.organisation_role,
            Some(MemberRole::Admin)
        );

        // A plain member reads the profile and members but manages nothing.
        let request_b = store
            .register(registration("eva@b.example", CVR_B).parse().unwrap(), now())
            .await
            .unwrap()
            .join_request
            .unwrap()
            .id;
        store
            .decide_join_request(&admin_b, request_b, JoinOutcome::Accepted, now())
            .await
            .unwrap();
        let eva = store
            .authenticate("eva@b.example", "langt-nok-kodeord")
            .await
            .unwrap()
            .unwrap();
        let seen = store.organisation(&eva, now()).await.unwrap();
        assert_eq!(seen.role, MemberRole::Member);
        assert_eq!(seen.members.len(), 2);
        assert!(seen.requests.is_empty() && seen.invitations.is_empty());
        assert!(matches!(
            store.join_requests(&eva).await,
            Err(StoreError::Forbidden)
        ));
        assert!(matches!(
            store.member_invitations(&eva, now()).await,
            Err(StoreError::Forbidden)
        ));
        assert!(matches!(
            store.invite_member(&eva, "x@b.example", now()).await,
            Err(StoreError::Forbidden)
        ));
        let update = profile("", "Overtaget", "ejby").parse().unwrap();
        assert!(matches!(
            store.update_organisation(&eva, update, now()).await,
            Err(StoreError::Forbidden)
        ));
        // Staff have no organisation here.
        let staff = staff(&store).await;
        assert_eq!(staff.role, Role::Staff);
        assert!(matches!(
            store.organisation(&staff, now()).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store.remove_member(&staff, admin_a.id).await,
            Err(StoreError::NotFound)
        ));
    })
    .await;
}

#[tokio::test]
async fn administrators_save_the_profile_and_its_cvr_number_never_changes_once_set() {
    each(|store| async move {
        let admin = register(&store, "anna@a.example", CVR_A).await;
        let saved = store
            .update_organisation(
                &admin,
                profile("", "Bageriet ApS", "kirkebjerg").parse().unwrap(),
                now(),
            )
            .await
            .unwrap();
        assert_eq!(saved.cvr.as_deref(), Some(CVR_A), "left out, it is kept");
        assert_eq!(saved.name, "Bageriet ApS");
        assert_eq!(
            (
                saved.classification.as_str(),
                saved.industry_section.as_str()
            ),
            ("DB07", "C")
        );
        assert_eq!(saved.address.town.as_deref(), Some("Glostrup"));
        assert_eq!(store.organisation_profile(&admin).await.unwrap(), saved);
        assert_eq!(
            reload(&store, &admin).await.organisation_name.as_deref(),
            Some("Bageriet ApS")
        );
        let changed = problem_of(
            store
                .update_organisation(&admin, profile(CVR_B, "X", "ejby").parse().unwrap(), now())
                .await,
        );
        assert_eq!(changed, [FieldError::new("cvr", Problem::CvrFixed)]);
        let unknown = problem_of(
            store
                .update_organisation(
                    &admin,
                    profile(CVR_A, "X", "atlantis").parse().unwrap(),
                    now(),
                )
                .await,
        );
        assert_eq!(unknown, [FieldError::new("area", Problem::UnknownArea)]);
        assert_eq!(
            store.organisation_profile(&admin).await.unwrap().name,
            "Bageriet ApS"
        );

        // An association without a CVR number may get one, once, if it is free.
        let mut raw = registration("foreningen@c.example", "");
        raw.organisation.respondent_type = "business_association".into();
        let association = store.register(raw.parse().unwrap(), now()).await.unwrap();
        let mut with = profile(CVR_A, "Foreningen", "ejby");
        with.organisation.respondent_type = "business_association".into();
        let taken = problem_of(
            store
                .update_organisation(&association, with.parse().unwrap(), now())
                .await,
        );
        assert_eq!(taken, [FieldError::new("cvr", Problem::CvrTaken)]);
        with.organisation.cvr = CVR_B.into();
        let set = store
            .update_organisation(&association, with.parse().unwrap(), now())
            .await
            .unwrap();
        assert_eq!(set.cvr.as_deref(), Some(CVR_B));
    })
    .await;
}

#[tokio::test]
async fn an_imported_organisation_without_members_is_claimed_by_the_first_registration_and_keeps_its_address()
 {
    each(|store| async move {
        let row = RawRegisterRow {
            cvr: CVR_A.into(),
            name: "Importeret navn".into(),
            industry_code: "47.11".into(),
            classification: "DB25".into(),
            employees_or_size: "12".into(),
            address: "Hovedvejen 1".into(),
            postcode: "2600".into(),
            email: "kontakt@butik.example".into(),
            area: String::new(),
        };
        store
            .import_organisation(&row.parse().unwrap(), now())
            .await
            .unwrap();
        let staff = staff(&store).await;
        let before = store
            .search_register(
                &staff,
                &hearings_core::register::RegisterQuery::new(CVR_A, None),
            )
            .await
            .unwrap()
            .items;
        let anna = register(&store, "anna@a.example", CVR_A).await;
        assert_eq!(
            anna.organisation,
            Some(before[0].id),
            "the imported one, not a new one"
        );
        assert_eq!(anna.organisation_role, Some(MemberRole::Admin));
        assert_eq!(anna.join_request, None);
        let p = store.organisation_profile(&anna).await.unwrap();
        assert_eq!(p.name, "Testbageriet (fiktiv)", "the registration's name");
        assert_eq!(p.area, "ejby");
        assert_eq!(p.address.street.as_deref(), Some("Hovedvejen 1"), "kept");
        assert_eq!(p.address.postcode.as_deref(), Some("2600"), "kept");
        let after = store
            .search_register(
                &staff,
                &hearings_core::register::RegisterQuery::new(CVR_A, None),
            )
            .await
            .unwrap();
        assert_eq!(after.total, 1);
        assert_eq!(
            after.items[0].source,
            hearings_core::register::Source::Registered
        );
        assert_eq!(
            after.items[0].email.as_deref(),
            Some("kontakt@butik.example")
        );
        // Once claimed it has a member, so the next registration asks to join.
        let bo = register(&store, "bo@a.example", CVR_A).await;
        assert_eq!(bo.organisation, None);
        assert!(bo.join_request.is_some());
        // A later import leaves the claimed profile alone.
        store
            .import_organisation(&row.parse().unwrap(), now())
            .await
            .unwrap();
        assert_eq!(
            store.organisation_profile(&anna).await.unwrap().name,
            "Testbageriet (fiktiv)"
        );
    })
    .await;
}

#[tokio::test]
async fn two_administrators_who_demote_each_other_at_the_same_moment_leave_one_administrator() {
    each(|store| async move {
        let anna = register(&store, "anna@a.example", CVR_A).await;
        store
            .invite_member(&anna, "carl@a.example", now())
            .await
            .unwrap();
        let token = invitation_token(&store, "carl@a.example").await;
        let carl = store
            .register_with_invitation(&token, "Carl", "langt-nok-kodeord", now())
            .await
            .unwrap();
        store
            .set_member_role(&anna, carl.id, MemberRole::Admin)
            .await
            .unwrap();
        let carl = reload(&store, &carl).await;
        let (a, b) = tokio::join!(
            store.set_member_role(&anna, carl.id, MemberRole::Member),
            store.set_member_role(&carl, anna.id, MemberRole::Member),
        );
        assert_eq!(
            [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(),
            1,
            "{a:?} {b:?}"
        );
        let admins = store
            .members(&anna)
            .await
            .unwrap()
            .into_iter()
            .filter(|m| m.role == MemberRole::Admin)
            .count();
        assert_eq!(admins, 1);
    })
    .await;
}

#[tokio::test]
async fn a_retired_area_is_refused_in_the_profile_unless_the_organisation_has_it_already() {
    each(|store| async move {
        use hearings_core::reference::{ReferenceKey, ReferenceKind};
        let admin = store
            .create_user(
                "admin@k.example",
                "Admin",
                "admin-kodeord-1",
                Role::Admin,
                now(),
            )
            .await
            .unwrap();
        let admin = store.account(admin).await.unwrap();
        let owner = register(&store, "anna@a.example", CVR_A).await;
        for code in ["ejby", "kirkebjerg"] {
            let key = ReferenceKey::parse(ReferenceKind::Area, code).unwrap();
            store.retire_reference(&admin, &key, now()).await.unwrap();
        }
        // The organisation is in Ejby, now retired: it keeps it when saving.
        let kept = store
            .update_organisation(
                &owner,
                profile("", "Bageriet", "ejby").parse().unwrap(),
                now(),
            )
            .await
            .unwrap();
        assert_eq!(kept.area, "ejby");
        let moved = store
            .update_organisation(
                &owner,
                profile("", "Bageriet", "kirkebjerg").parse().unwrap(),
                now(),
            )
            .await;
        assert_eq!(
            problem_of(moved),
            [FieldError::new("area", Problem::Retired)]
        );
    })
    .await;
}
