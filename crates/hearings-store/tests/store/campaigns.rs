//! Campaigns and key terms: near-identical responses grouped as
//! suggestions, confirmed and split by staff (audited), read by staff,
//! politicians and administrators, never by respondents; key terms per
//! text question and per theme, and the responses that use a term.

use super::*;
use hearings_core::analysis::{RawTag, RawTheme};
use hearings_core::response_parts::RawParts;
use hearings_core::{HearingId, QuestionId, ResponseId};
use hearings_store::{Account, AnalysisFilter, SplitOutcome, Submission, TermScope};

pub(crate) const LETTER: &str = "Som medlem af Glostrup Handelsstandsforening støtter vi \
    erhvervspolitikken, men punkt 4 skal gøres konkret. Vi ønsker to timers gratis parkering i hele \
    bymidten, hurtigere svar på ansøgninger om skilte og udstilling på fortovet, og en fast \
    erhvervskonsulent for de mindre butikker.";

struct Fixture {
    hearing: HearingId,
    question: QuestionId,
    other_question: QuestionId,
    staff: Account,
    politician: Account,
    admin: Account,
    /// The five form letters first, then three different texts.
    responses: Vec<(Account, ResponseId)>,
}

async fn user(store: &Store, email: &str, role: Role) -> Account {
    let id = store
        .create_user(email, "Bruger", "et-langt-kodeord-1", role, now())
        .await
        .unwrap();
    store.account(id).await.unwrap()
}

async fn fixture(store: &Store) -> Fixture {
    let staff = staff(store).await;
    let politician = user(store, "pol@k.example", Role::Politician).await;
    let admin = user(store, "admin@k.example", Role::Admin).await;
    let mut raw = hearing(now() - Duration::days(1), now() + Duration::weeks(5));
    let text_question = |prompt: &str, kind: &str| RawQuestion {
        kind: kind.into(),
        prompt: prompt.into(),
        required: false,
        options: vec![],
        unit: None,
        help: String::new(),
    };
    raw.questions = vec![
        text_question("Bemærkninger", "long_text"),
        text_question("Hvad mangler?", "short_text"),
    ];
    let id = store
        .create_hearing(&staff, raw.parse().unwrap(), now())
        .await
        .unwrap();
    store.publish_hearing(&staff, id, now()).await.unwrap();
    let d = store.hearing(id, None, now()).await.unwrap();
    let (q, q2, sec) = (d.questions[0].id, d.questions[1].id, d.sections[0].id);
    let texts: Vec<String> = vec![
        LETTER.to_string(),
        LETTER.replace("to timers", "2 timers"),
        LETTER.replace("støtter vi", "støtter jeg"),
        format!("Kære kommunalbestyrelse. {LETTER} Med venlig hilsen Frisør Saks"),
        LETTER.replace("butikker.", "butikker i byen."),
        "Vi mangler cykelstier langs Hovedvejen og en sikker skolevej for børnene i Ejby.".into(),
        "Støjen fra byggepladsen ved stationen generer vores ansatte og kunderne hver morgen."
            .into(),
        "Cykelstien ved skolen er for smal, og cyklisterne må køre på fortovet.".into(),
    ];
    let mut responses = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let mut reg = registration(&format!("r{i}@x.example"), &cvr_number(700 + i as u32));
        reg.organisation.name = format!("Butik {i} (fiktiv)");
        let a = store.register(reg.parse().unwrap(), now()).await.unwrap();
        let mut answers = vec![(q, AnswerInput::Form(vec![text.clone()]))];
        if i >= 5 {
            answers.push((q2, AnswerInput::Form(vec!["Parkering ved skolen".into()])));
        }
        let parts = RawParts {
            comments: if i == 5 {
                vec![(sec.to_string(), "Formålet bør nævne cyklisterne.".into())]
            } else {
                vec![]
            },
            ..RawParts::default()
        };
        let sub = Submission {
            stance: "opposes",
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
        other_question: q2,
        staff,
        politician,
        admin,
        responses,
    }
}

fn ids(f: &Fixture, range: std::ops::Range<usize>) -> Vec<ResponseId> {
    f.responses[range].iter().map(|r| r.1).collect()
}

/// The campaign actions in the audit log, sorted (rows made at the same
/// moment have no order).
async fn actions(store: &Store, admin: &Account) -> Vec<String> {
    let mut a: Vec<String> = store
        .audit_log(admin, None, 100)
        .await
        .unwrap()
        .entries
        .into_iter()
        .map(|e| e.action)
        .filter(|a| a.starts_with("campaign."))
        .collect();
    a.sort();
    a
}

#[tokio::test]
async fn near_identical_responses_are_suggested_as_one_campaign_and_every_response_still_counts() {
    each(|store| async move {
        let f = fixture(&store).await;
        assert!(
            store
                .campaigns_of(&f.staff, f.hearing)
                .await
                .unwrap()
                .is_empty()
        );
        let found = store
            .detect_campaigns(&f.staff, f.hearing, now())
            .await
            .unwrap();
        assert_eq!(found, 1);
        let list = store.campaigns_of(&f.politician, f.hearing).await.unwrap();
        assert_eq!(list.len(), 1);
        let c = &list[0];
        assert!(!c.confirmed);
        assert_eq!(c.count(), 5);
        let mut members: Vec<ResponseId> = c.members.iter().map(|m| m.response).collect();
        members.sort();
        let mut want = ids(&f, 0..5);
        want.sort();
        assert_eq!(members, want, "the form letters, and no other response");
        assert_eq!(
            c.shared_text, LETTER,
            "the unedited letter is the most central"
        );
        assert!(
            c.members
                .iter()
                .all(|m| m.organisation.starts_with("Butik "))
        );
        assert!(c.members.iter().all(|m| !m.reference.is_empty()));
        // Every response still counts: the workspace has all eight, and the
        // campaign filter narrows to the five.
        let all = store
            .workspace(&f.staff, f.hearing, &AnalysisFilter::default())
            .await
            .unwrap();
        assert_eq!(all.progress.total, 8);
        let within = store
            .workspace(
                &f.staff,
                f.hearing,
                &AnalysisFilter {
                    within: Some(
                        store
                            .campaign(&f.admin, c.id)
                            .await
                            .unwrap()
                            .members
                            .iter()
                            .map(|m| m.response)
                            .collect(),
                    ),
                    ..AnalysisFilter::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(within.rows.len(), 5);
        assert_eq!(within.progress.total, 8);
        assert_eq!(actions(&store, &f.admin).await, ["campaign.detect"]);
    })
    .await;
}

#[tokio::test]
async fn finding_again_replaces_suggestions_and_keeps_confirmed_campaigns() {
    each(|store| async move {
        let f = fixture(&store).await;
        store
            .detect_campaigns(&f.staff, f.hearing, now())
            .await
            .unwrap();
        let first = store.campaigns_of(&f.staff, f.hearing).await.unwrap()[0].id;
        // Found again: the suggestion is replaced by a new one.
        store
            .detect_campaigns(&f.staff, f.hearing, now())
            .await
            .unwrap();
        let again = store.campaigns_of(&f.staff, f.hearing).await.unwrap();
        assert_eq!(again.len(), 1);
        assert_ne!(again[0].id, first);
        assert!(matches!(
            store.campaign(&f.staff, first).await,
            Err(StoreError::NotFound)
        ));
        let hearing = store
            .confirm_campaign(&f.staff, again[0].id, now())
            .await
            .unwrap();
        assert_eq!(hearing, f.hearing);
        // Confirming twice changes nothing and writes no second row.
        store
            .confirm_campaign(&f.staff, again[0].id, now())
            .await
            .unwrap();
        let found = store
            .detect_campaigns(&f.staff, f.hearing, now())
            .await
            .unwrap();
        assert_eq!(found, 0, "the confirmed campaign's responses take no part");
        let kept = store.campaigns_of(&f.staff, f.hearing).await.unwrap();
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].id, again[0].id);
        assert!(kept[0].confirmed);
        assert!(kept[0].confirmed_at.is_some());
        assert_eq!(
            actions(&store, &f.admin).await,
            [
                "campaign.confirm",
                "campaign.detect",
                "campaign.detect",
                "campaign.detect"
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn staff_split_a_campaign_and_one_left_with_fewer_than_two_dissolves() {
    each(|store| async move {
        let f = fixture(&store).await;
        store
            .detect_campaigns(&f.staff, f.hearing, now())
            .await
            .unwrap();
        let c = store.campaigns_of(&f.staff, f.hearing).await.unwrap()[0].clone();
        let r = ids(&f, 0..5);
        // Nothing chosen, or a response from outside the campaign: refused.
        match store.split_campaign(&f.staff, c.id, &[], now()).await {
            Err(StoreError::Invalid(e)) => assert_eq!(e[0].field, "responses"),
            other => panic!("expected a refusal, got {other:?}"),
        }
        match store
            .split_campaign(&f.staff, c.id, &[r[1], f.responses[6].1], now())
            .await
        {
            Err(StoreError::Invalid(e)) => {
                assert_eq!(e[0].problem, Problem::NotInCampaign)
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert_eq!(store.campaign(&f.staff, c.id).await.unwrap().count(), 5);
        // Taking the central letter out leaves four, with a new shared text.
        let out = store
            .split_campaign(&f.staff, c.id, &[r[0]], now())
            .await
            .unwrap();
        assert_eq!(
            out,
            SplitOutcome::Kept {
                campaign: c.id,
                hearing: f.hearing
            }
        );
        let left = store.campaign(&f.staff, c.id).await.unwrap();
        assert_eq!(left.count(), 4);
        assert!(!left.members.iter().any(|m| m.response == r[0]));
        assert_ne!(left.shared_text, LETTER);
        // Three more out leaves one: the campaign is no more.
        let out = store
            .split_campaign(&f.staff, c.id, &[r[1], r[2], r[3]], now())
            .await
            .unwrap();
        assert_eq!(out, SplitOutcome::Dissolved { hearing: f.hearing });
        assert!(
            store
                .campaigns_of(&f.staff, f.hearing)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            actions(&store, &f.admin).await,
            ["campaign.detect", "campaign.split", "campaign.split"]
        );
        // The responses are all still there.
        assert_eq!(
            store
                .workspace(&f.staff, f.hearing, &AnalysisFilter::default())
                .await
                .unwrap()
                .progress
                .total,
            8
        );
    })
    .await;
}

#[tokio::test]
async fn respondents_read_no_campaigns_or_terms_and_politicians_change_nothing() {
    each(|store| async move {
        let f = fixture(&store).await;
        store
            .detect_campaigns(&f.staff, f.hearing, now())
            .await
            .unwrap();
        let c = store.campaigns_of(&f.staff, f.hearing).await.unwrap()[0].id;
        let respondent = &f.responses[0].0;
        let forbidden =
            |r: Result<(), StoreError>| assert!(matches!(r, Err(StoreError::Forbidden)), "{r:?}");
        forbidden(store.campaigns_of(respondent, f.hearing).await.map(|_| ()));
        forbidden(store.campaign(respondent, c).await.map(|_| ()));
        forbidden(
            store
                .key_terms(respondent, f.hearing, TermScope::Hearing)
                .await
                .map(|_| ()),
        );
        forbidden(
            store
                .responses_with_term(respondent, f.hearing, "parkering", TermScope::Hearing)
                .await
                .map(|_| ()),
        );
        for who in [respondent, &f.politician] {
            forbidden(
                store
                    .detect_campaigns(who, f.hearing, now())
                    .await
                    .map(|_| ()),
            );
            forbidden(store.confirm_campaign(who, c, now()).await.map(|_| ()));
            forbidden(
                store
                    .split_campaign(who, c, &[f.responses[0].1], now())
                    .await
                    .map(|_| ()),
            );
        }
        assert!(!store.campaign(&f.politician, c).await.unwrap().confirmed);
        assert!(matches!(
            store
                .campaigns_of(&f.staff, HearingId(uuid::Uuid::new_v4()))
                .await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(actions(&store, &f.admin).await, ["campaign.detect"]);
    })
    .await;
}

#[tokio::test]
async fn key_terms_per_question_and_theme_merge_inflections_and_lead_to_the_responses() {
    each(|store| async move {
        let f = fixture(&store).await;
        let terms = store
            .key_terms(&f.politician, f.hearing, TermScope::Question(f.question))
            .await
            .unwrap();
        let term = |word: &str| terms.iter().find(|t| t.word == word).map(|t| t.responses);
        // "fortovet" stands in the five letters and in one other answer.
        assert_eq!(term("fortovet"), Some(6), "{terms:?}");
        assert_eq!(term("erhvervskonsulent"), Some(5));
        assert!(
            terms
                .iter()
                .all(|t| !["og", "vi", "på", "en"].contains(&t.word.as_str()))
        );
        // The short-text question has its own terms.
        let other = store
            .key_terms(&f.staff, f.hearing, TermScope::Question(f.other_question))
            .await
            .unwrap();
        assert!(
            other
                .iter()
                .any(|t| t.word == "parkering" && t.responses == 3)
        );
        // A theme's terms come from what is tagged with it.
        let theme = store
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
        for i in [5, 7] {
            store
                .tag(&f.staff, theme, f.responses[i].1, &RawTag::default(), now())
                .await
                .unwrap();
        }
        let themed = store
            .key_terms(&f.staff, f.hearing, TermScope::Theme(theme))
            .await
            .unwrap();
        assert!(
            themed
                .iter()
                .any(|t| t.word.starts_with("cykelsti") && t.responses == 2),
            "{themed:?}"
        );
        assert!(!themed.iter().any(|t| t.word == "erhvervskonsulent"));
        // The responses using a term, by any of its forms.
        let using = store
            .responses_with_term(
                &f.staff,
                f.hearing,
                "Cykelstierne",
                TermScope::Question(f.question),
            )
            .await
            .unwrap();
        let mut got: Vec<ResponseId> = using.iter().map(|r| r.response).collect();
        got.sort();
        let mut want = vec![f.responses[5].1, f.responses[7].1];
        want.sort();
        assert_eq!(got, want, "all submitted at one moment: no order asked");
        let five = using
            .iter()
            .find(|r| r.response == f.responses[5].1)
            .unwrap();
        assert!(five.excerpt.contains("cykelstier"), "{five:?}");
        assert_eq!(five.organisation, "Butik 5 (fiktiv)");
        let in_theme = store
            .responses_with_term(&f.staff, f.hearing, "parkering", TermScope::Theme(theme))
            .await
            .unwrap();
        assert_eq!(
            in_theme.len(),
            2,
            "both tagged responses' short answers mention parking"
        );
        // A question of another kind or hearing, or no word: refused.
        assert!(matches!(
            store
                .key_terms(
                    &f.staff,
                    f.hearing,
                    TermScope::Question(QuestionId(uuid::Uuid::new_v4()))
                )
                .await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store
                .responses_with_term(&f.staff, f.hearing, " !! ", TermScope::Hearing)
                .await,
            Err(StoreError::Invalid(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn the_demo_hearing_has_its_two_form_letters_suggested_as_campaigns() {
    each(|store| async move {
        store.load_demo(now()).await.unwrap();
        let staff = store
            .authenticate("sekretariat@glostrup.example", "Demo-Sekretariat-1")
            .await
            .unwrap()
            .unwrap();
        let hearings = store.list_hearings(None, now()).await.unwrap();
        let policy = hearings
            .iter()
            .find(|h| h.title.contains("Erhvervspolitik"))
            .unwrap();
        let list = store.campaigns_of(&staff, policy.id).await.unwrap();
        let counts: Vec<usize> = list.iter().map(|c| c.count()).collect();
        assert_eq!(counts, [6, 5], "{list:#?}");
        assert!(list[0].shared_text.contains("Erhvervsnetværket Vestvolden"));
        assert!(list[1].shared_text.contains("Handelsstandsforening"));
        assert!(list.iter().all(|c| !c.confirmed));
        let terms = store.question_terms(&staff, policy.id).await.unwrap();
        assert!(!terms.is_empty() && terms.iter().all(|q| !q.terms.is_empty()));
    })
    .await;
}
