//! The summary of a hearing and the politicians' briefing: every figure
//! against a fixture counted by hand; the drill-down filter by answer; who
//! may read; and the audit of reading a response in full.

use super::*;
use hearings_core::analysis::{RawTag, RawTheme};
use hearings_core::hearing_info::RawHearingInfo;
use hearings_core::{HearingId, QuestionId, ResponseId, Stance};
use hearings_store::{Account, AnalysisFilter, Dimension, Invitees};

/// A valid CVR number made from a seven-digit start (modulus 11).
fn cvr(base: u32) -> String {
    let digits: Vec<u32> = base
        .to_string()
        .chars()
        .map(|c| c.to_digit(10).unwrap())
        .collect();
    let weights = [2, 7, 6, 5, 4, 3, 2];
    let sum: u32 = digits.iter().zip(weights).map(|(d, w)| d * w).sum();
    let check = (11 - sum % 11) % 11;
    assert!(check < 10, "pick another start");
    format!("{base}{check}")
}

async fn user(store: &Store, email: &str, role: Role) -> Account {
    let id = store
        .create_user(email, "Navn", "et-langt-kodeord-1", role, now())
        .await
        .unwrap();
    store.account(id).await.unwrap()
}

/// Type, industry code, size, area, stance, scale, cost, jobs.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
);

struct Fixture {
    hearing: HearingId,
    scale: QuestionId,
    cost: QuestionId,
    jobs: QuestionId,
    staff: Account,
    politician: Account,
    admin: Account,
    respondents: Vec<(Account, ResponseId)>,
}

/// Six responses, counted by hand:
///
/// | # | type                  | section | size   | area      | stance                | scale | cost     | jobs |
/// |---|-----------------------|---------|--------|-----------|-----------------------|-------|----------|------|
/// | 1 | company               | G       | small  | ejby      | supports              | 5     | 1000     | 2    |
/// | 2 | company               | G       | micro  | bymidten  | opposes               | 1     | 2500,5   | 3    |
/// | 3 | business_association  | C       | medium | ejby      | opposes               | 2     | –        | –    |
/// | 4 | company               | F       | small  | ejby      | neutral               | 4     | 500      | 10   |
/// | 5 | other_organisation    | G       | large  | hvissinge | supports_with_changes | 4     | 0        | 1    |
/// | 6 | company               | C       | small  | bymidten  | opposes               | 3     | 10000    | –    |
///
/// Invited: respondents 1, 2 and 3 and one address nobody answers from.
async fn fixture(store: &Store) -> Fixture {
    let staff = staff(store).await;
    let politician = user(store, "pol@k.example", Role::Politician).await;
    let admin = user(store, "admin@k.example", Role::Admin).await;
    let mut raw = hearing(now() - Duration::days(1), now() + Duration::weeks(5));
    raw.questions.push(RawQuestion {
        kind: "number".into(),
        prompt: "Arbejdspladser".into(),
        required: false,
        options: vec![],
        unit: Some("job".into()),
        help: String::new(),
    });
    let info = RawHearingInfo {
        council_meeting_date: "2026-12-16".into(),
        council_meeting_agenda_title: "Lokalplan 1 – endelig vedtagelse".into(),
        ..RawHearingInfo::default()
    };
    let id = store
        .create_hearing(&staff, raw.parse_with(&info).unwrap(), now())
        .await
        .unwrap();
    store.publish_hearing(&staff, id, now()).await.unwrap();
    let d = store.hearing(id, None, now()).await.unwrap();
    let (scale, cost, jobs) = (d.questions[0].id, d.questions[1].id, d.questions[2].id);
    let rows: [Row; 6] = [
        (
            "company",
            "47.24",
            "small",
            "ejby",
            "supports",
            "5",
            Some("1000"),
            Some("2"),
        ),
        (
            "company",
            "47.24",
            "micro",
            "bymidten",
            "opposes",
            "1",
            Some("2500,5"),
            Some("3"),
        ),
        (
            "business_association",
            "10.71",
            "medium",
            "ejby",
            "opposes",
            "2",
            None,
            None,
        ),
        (
            "company",
            "41.20",
            "small",
            "ejby",
            "neutral",
            "4",
            Some("500"),
            Some("10"),
        ),
        (
            "other_organisation",
            "47.24",
            "large",
            "hvissinge",
            "supports_with_changes",
            "4",
            Some("0"),
            Some("1"),
        ),
        (
            "company",
            "10.71",
            "small",
            "bymidten",
            "opposes",
            "3",
            Some("10000"),
            None,
        ),
    ];
    let mut respondents = Vec::new();
    for (i, (rtype, code, size, area, stance, s, c, j)) in rows.into_iter().enumerate() {
        let mut reg = registration(&format!("r{i}@x.example"), &cvr(1_000_010 + i as u32 * 7));
        reg.organisation.name = format!("Organisation {i} (fiktiv)");
        reg.organisation.respondent_type = rtype.into();
        reg.organisation.industry_code = code.into();
        reg.organisation.size_class = size.into();
        reg.organisation.area = area.into();
        let a = store.register(reg.parse().unwrap(), now()).await.unwrap();
        let mut answers = vec![(scale, AnswerInput::Form(vec![s.into()]))];
        if let Some(c) = c {
            answers.push((cost, AnswerInput::Form(vec![c.into()])));
        }
        if let Some(j) = j {
            answers.push((jobs, AnswerInput::Form(vec![j.into()])));
        }
        let receipt = store
            .submit_response(&a, id, stance, "named", &answers, now())
            .await
            .unwrap();
        respondents.push((a, receipt.id));
    }
    let orgs = respondents[..3]
        .iter()
        .map(|(a, _)| a.organisation.unwrap())
        .collect();
    store
        .invite(
            &staff,
            id,
            &Invitees {
                organisations: orgs,
                emails: vec!["ingen@svar.example".into()],
                rule: None,
            },
            now(),
        )
        .await
        .unwrap();
    let theme = |name: &str, comment: &str, change: &str| RawTheme {
        name: name.into(),
        views: String::new(),
        comment: comment.into(),
        change: change.into(),
    };
    let parking = store
        .create_theme(
            &staff,
            id,
            &theme("Parkering", "Der etableres 20 pladser.", "§ 1 ændres."),
            now(),
        )
        .await
        .unwrap();
    let bikes = store
        .create_theme(
            &staff,
            id,
            &theme("Cykelstier", "Ikke en del af planen.", ""),
            now(),
        )
        .await
        .unwrap();
    store
        .create_theme(&staff, id, &theme("Støj", "", ""), now())
        .await
        .unwrap();
    for (t, r) in [
        (bikes, 3),
        (parking, 0),
        (parking, 1),
        (parking, 2),
        // Tagged twice, counted once.
        (bikes, 3),
    ] {
        store
            .tag(&staff, t, respondents[r].1, &RawTag::default(), now())
            .await
            .unwrap();
    }
    Fixture {
        hearing: id,
        scale,
        cost,
        jobs,
        staff,
        politician,
        admin,
        respondents,
    }
}

fn pairs(v: &[(&str, i64)]) -> Vec<(String, i64)> {
    v.iter().map(|(k, n)| (k.to_string(), *n)).collect()
}

#[tokio::test]
async fn every_figure_of_the_summary_matches_the_hand_counted_fixture() {
    each(|store| async move {
        let f = fixture(&store).await;
        let s = store.summary(&f.politician, f.hearing).await.unwrap();
        assert_eq!(s.total, 6);
        assert_eq!(
            s.by_stance,
            pairs(&[
                ("supports", 1),
                ("supports_with_changes", 1),
                ("neutral", 1),
                ("opposes", 3)
            ])
        );
        assert_eq!(
            s.by_respondent_type,
            pairs(&[
                ("company", 4),
                ("business_association", 1),
                ("other_organisation", 1)
            ])
        );
        assert_eq!(
            s.by_industry_section,
            pairs(&[("C", 2), ("F", 1), ("G", 3)])
        );
        assert_eq!(
            s.by_size_class,
            pairs(&[("micro", 1), ("small", 3), ("medium", 1), ("large", 1)])
        );
        assert_eq!(
            s.by_area,
            pairs(&[("bymidten", 2), ("ejby", 3), ("hvissinge", 1)])
        );

        // Stance per group, every stance listed in order.
        let cross = |d: Dimension, key: &str| -> Vec<i64> {
            let b = s.breakdowns.iter().find(|b| b.dimension == d).unwrap();
            let g = b.groups.iter().find(|g| g.key == key).unwrap();
            assert_eq!(
                g.by_stance.iter().map(|(st, _)| *st).collect::<Vec<_>>(),
                Stance::ALL.to_vec()
            );
            assert_eq!(g.total, g.by_stance.iter().map(|(_, n)| n).sum::<i64>());
            g.by_stance.iter().map(|(_, n)| *n).collect()
        };
        // supports, supports_with_changes, neutral, opposes
        assert_eq!(
            cross(Dimension::RespondentType, "company"),
            vec![1, 0, 1, 2]
        );
        assert_eq!(
            cross(Dimension::RespondentType, "business_association"),
            vec![0, 0, 0, 1]
        );
        assert_eq!(cross(Dimension::IndustrySection, "G"), vec![1, 1, 0, 1]);
        assert_eq!(cross(Dimension::IndustrySection, "C"), vec![0, 0, 0, 2]);
        assert_eq!(cross(Dimension::SizeClass, "small"), vec![1, 0, 1, 1]);
        assert_eq!(cross(Dimension::Area, "ejby"), vec![1, 0, 1, 1]);
        assert_eq!(cross(Dimension::Area, "hvissinge"), vec![0, 1, 0, 0]);

        // Three of the four invited parties responded.
        assert_eq!((s.response_rate.invited, s.response_rate.responded), (4, 3));
        assert_eq!(s.response_rate.percent(), Some(75));

        // Scale: 1, 2, 3, 4, 4, 5.
        assert_eq!(s.scales.len(), 1);
        let sc = &s.scales[0];
        assert_eq!(sc.question, f.scale);
        assert_eq!(sc.answered, 6);
        assert_eq!(sc.counts, vec![(1, 1), (2, 1), (3, 1), (4, 2), (5, 1)]);
        assert_eq!(sc.median, Some(3.5));

        // Cost: 0, 500, 1000, 2500.5, 10000 (one did not answer).
        assert_eq!(s.numbers.len(), 2);
        let cost = &s.numbers[0];
        assert_eq!((cost.question, cost.unit.as_str()), (f.cost, "kr."));
        assert_eq!(cost.answered, 5);
        assert!((cost.sum - 14_000.5).abs() < 1e-9, "sum {}", cost.sum);
        assert_eq!(cost.median, Some(1000.0));
        // Jobs: 1, 2, 3, 10: the mean of the two middle ones.
        let jobs = &s.numbers[1];
        assert_eq!((jobs.question, jobs.answered), (f.jobs, 4));
        assert!((jobs.sum - 16.0).abs() < 1e-9);
        assert_eq!(jobs.median, Some(2.5));

        // Themes, the most responses first, with the recommendation.
        let themes: Vec<(&str, i64)> = s
            .themes
            .iter()
            .map(|t| (t.theme.name.as_str(), t.responses))
            .collect();
        assert_eq!(
            themes,
            vec![("Parkering", 3), ("Cykelstier", 1), ("Støj", 0)]
        );
        assert_eq!(s.themes[0].theme.comment, "Der etableres 20 pladser.");
        assert_eq!(s.themes[0].theme.change, "§ 1 ændres.");
    })
    .await;
}

#[tokio::test]
async fn a_hearing_without_responses_has_a_summary_of_zeros() {
    each(|store| async move {
        let staff = staff(&store).await;
        let raw = hearing(now() - Duration::days(1), now() + Duration::weeks(5));
        let id = store
            .create_hearing(&staff, raw.parse().unwrap(), now())
            .await
            .unwrap();
        let s = store.summary(&staff, id).await.unwrap();
        assert_eq!(s.total, 0);
        assert!(s.by_stance.is_empty());
        assert!(s.breakdowns.iter().all(|b| b.groups.is_empty()));
        assert_eq!(s.response_rate.percent(), None);
        assert_eq!(s.scales[0].answered, 0);
        assert_eq!(s.scales[0].median, None);
        assert_eq!((s.numbers[0].answered, s.numbers[0].median), (0, None));
    })
    .await;
}

#[tokio::test]
async fn the_workspace_drills_down_to_the_responses_with_an_answer_or_a_group() {
    each(|store| async move {
        let f = fixture(&store).await;
        let refs = |filter: AnalysisFilter| {
            let store = store.clone();
            let viewer = f.politician.clone();
            let hearing = f.hearing;
            async move {
                let mut ids: Vec<ResponseId> = store
                    .workspace(&viewer, hearing, &filter)
                    .await
                    .unwrap()
                    .rows
                    .iter()
                    .map(|r| r.id)
                    .collect();
                ids.sort();
                ids
            }
        };
        let ids = |is: &[usize]| {
            let mut v: Vec<ResponseId> = is.iter().map(|i| f.respondents[*i].1).collect();
            v.sort();
            v
        };
        let scale4 = AnalysisFilter {
            answer: Some((f.scale, Some("4".into()))),
            ..AnalysisFilter::default()
        };
        assert_eq!(refs(scale4).await, ids(&[3, 4]));
        let answered_jobs = AnalysisFilter {
            answer: Some((f.jobs, None)),
            ..AnalysisFilter::default()
        };
        assert_eq!(refs(answered_jobs).await, ids(&[0, 1, 3, 4]));
        let company_opposes = AnalysisFilter {
            respondent_type: Some("company".into()),
            stance: Some("opposes".into()),
            ..AnalysisFilter::default()
        };
        assert_eq!(refs(company_opposes).await, ids(&[1, 5]));
    })
    .await;
}

#[tokio::test]
async fn the_briefing_groups_hearings_by_council_meeting_with_their_headline_figures() {
    each(|store| async move {
        let f = fixture(&store).await;
        // A second hearing at a later meeting, and a draft that is left out.
        let later = RawHearingInfo {
            council_meeting_date: "2027-01-14".into(),
            ..RawHearingInfo::default()
        };
        let mut raw = hearing(now() - Duration::days(1), now() + Duration::weeks(5));
        raw.title = "Kommuneplantillæg 2".into();
        let second = store
            .create_hearing(&f.staff, raw.parse_with(&later).unwrap(), now())
            .await
            .unwrap();
        store
            .publish_hearing(&f.staff, second, now())
            .await
            .unwrap();
        let mut raw = hearing(now() - Duration::days(1), now() + Duration::weeks(5));
        raw.title = "Kladde".into();
        store
            .create_hearing(&f.staff, raw.parse_with(&later).unwrap(), now())
            .await
            .unwrap();

        let b = store.briefing(&f.politician, now()).await.unwrap();
        let dates: Vec<String> = b.iter().map(|g| g.date.to_string()).collect();
        assert_eq!(dates, vec!["2026-12-16", "2027-01-14"]);
        assert!(b.iter().all(|g| g.upcoming));
        let first = &b[0].hearings;
        assert_eq!(first.len(), 1);
        assert_eq!(first[0].hearing.id, f.hearing);
        assert_eq!(first[0].responses, 6);
        assert_eq!(
            first[0].by_stance,
            vec![
                (Stance::Supports, 1),
                (Stance::SupportsWithChanges, 1),
                (Stance::Neutral, 1),
                (Stance::Opposes, 3)
            ]
        );
        assert_eq!(first[0].response_rate.percent(), Some(75));
        let top: Vec<(&str, i64)> = first[0]
            .top_themes
            .iter()
            .map(|t| (t.theme.name.as_str(), t.responses))
            .collect();
        assert_eq!(top, vec![("Parkering", 3), ("Cykelstier", 1)]);
        let second_group = &b[1].hearings;
        assert_eq!(second_group.len(), 1, "the draft is not on the briefing");
        assert_eq!(second_group[0].hearing.id, second);
        assert_eq!(second_group[0].responses, 0);

        // After the first meeting, it comes after the upcoming one.
        let after = now() + Duration::days(70);
        let b = store.briefing(&f.politician, after).await.unwrap();
        assert_eq!(b[0].date.to_string(), "2027-01-14");
        assert!(!b[1].upcoming);
    })
    .await;
}

#[tokio::test]
async fn only_those_who_read_responses_get_the_summary_and_the_briefing() {
    each(|store| async move {
        let f = fixture(&store).await;
        let respondent = &f.respondents[0].0;
        assert!(matches!(
            store.summary(respondent, f.hearing).await,
            Err(StoreError::Forbidden)
        ));
        assert!(matches!(
            store.briefing(respondent, now()).await,
            Err(StoreError::Forbidden)
        ));
        assert!(store.summary(&f.admin, f.hearing).await.is_ok());
        assert!(store.briefing(&f.staff, now()).await.is_ok());
    })
    .await;
}

#[tokio::test]
async fn reading_a_response_in_full_is_audited_for_staff_politicians_and_admins_not_for_its_owner()
{
    each(|store| async move {
        let f = fixture(&store).await;
        let (owner, response) = &f.respondents[1];
        let reads = |store: Store, admin: Account| async move {
            store
                .audit_log(&admin, None, 100)
                .await
                .unwrap()
                .entries
                .into_iter()
                .filter(|e| e.action == "response.read")
                .collect::<Vec<_>>()
        };
        store
            .response_detail(owner, *response, now())
            .await
            .unwrap();
        assert!(reads(store.clone(), f.admin.clone()).await.is_empty());
        for who in [&f.staff, &f.politician, &f.admin] {
            store.response_detail(who, *response, now()).await.unwrap();
        }
        let rows = reads(store.clone(), f.admin.clone()).await;
        assert_eq!(rows.len(), 3);
        let mut by: Vec<&str> = rows.iter().map(|e| e.actor_email.as_str()).collect();
        by.sort();
        assert_eq!(
            by,
            vec!["admin@k.example", "pol@k.example", "staff@k.example"]
        );
        assert!(
            rows.iter()
                .all(|e| e.object_type == "response" && e.object_id == response.to_string())
        );
        // Someone who may not read it is refused, and nothing is recorded.
        let other = &f.respondents[0].0;
        assert!(
            store
                .response_detail(other, *response, now())
                .await
                .is_err()
        );
        assert_eq!(reads(store.clone(), f.admin.clone()).await.len(), 3);
    })
    .await;
}

#[tokio::test]
async fn the_bulk_demo_makes_a_closed_hearing_whose_summary_adds_up() {
    each(|store| async move {
        let mut seen = Vec::new();
        let made = store
            .demo_bulk(2_500, now(), |n| seen.push(n))
            .await
            .unwrap();
        assert_eq!(seen, vec![1_000, 2_000, 2_500], "one batch at a time");
        // A second run takes other CVR numbers.
        let again = store.demo_bulk(10, now(), |_| {}).await.unwrap();
        assert_ne!(again.hearing, made.hearing);

        let staff = staff(&store).await;
        let d = store.hearing(made.hearing, None, now()).await.unwrap();
        assert_eq!(d.hearing.state, HearingState::Closed);
        let s = store.summary(&staff, made.hearing).await.unwrap();
        assert_eq!(s.total, 2_500);
        for b in &s.breakdowns {
            assert_eq!(b.groups.iter().map(|g| g.total).sum::<i64>(), 2_500);
            assert!(b.groups.len() >= 3, "spread over {:?}", b.dimension);
        }
        assert_eq!(s.by_stance.len(), 4);
        assert_eq!(s.scales[0].answered, 2_500);
        assert!(s.scales[0].counts.iter().all(|(_, n)| *n > 300));
        assert_eq!(s.numbers.len(), 2);
        assert!(
            s.numbers
                .iter()
                .all(|n| n.answered == 2_500 && n.median.is_some())
        );
        // Every tenth organisation invited, and one address in forty that never answers.
        assert_eq!(
            (s.response_rate.invited, s.response_rate.responded),
            (250 + 63, 250)
        );
        let b = store.briefing(&staff, now()).await.unwrap();
        assert!(
            b.iter()
                .any(|g| g.hearings.iter().any(|h| h.hearing.id == made.hearing))
        );
    })
    .await;
}
