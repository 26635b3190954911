//! The hearing memo: what it is composed from, its versions (draft, final,
//! frozen, the next version), a save on an older version refused, and who
//! may read and write it.

use super::*;
use crate::analysis::fixture;
use hearings_core::analysis::{RawAnalysis, RawTag, RawTheme};

#[tokio::test]
async fn the_memo_is_composed_from_the_analysis_and_kept_in_frozen_versions() {
    each(|store| async move {
        let f = fixture(&store).await;
        let later = now() + Duration::weeks(6);
        let r0 = f.responses[0].1;
        let theme = store
            .create_theme(
                &f.staff,
                f.hearing,
                &RawTheme {
                    name: "Parkering".into(),
                    views: "Flere ønsker parkering.".into(),
                    comment: "Anbefaler 20 pladser.".into(),
                    change: "§ 1 får 20 pladser.".into(),
                },
                later,
            )
            .await
            .unwrap();
        store
            .tag(&f.staff, theme, r0, &RawTag::default(), later)
            .await
            .unwrap();
        store
            .assess(
                &f.staff,
                f.responses[1].1,
                None,
                &RawAnalysis {
                    summary: "Vil have cykelstier.".into(),
                    assessment: "not_accommodated".into(),
                    reason: "Uden for planens formål.".into(),
                },
                later,
            )
            .await
            .unwrap();

        // What it is composed from: every response, the theme with its response.
        let d = store.memo_data(&f.staff, f.hearing, later).await.unwrap();
        assert_eq!(d.responses.len(), 3);
        assert_eq!(d.themes.len(), 1);
        let i0 = d.responses.iter().position(|r| r.id == r0).unwrap();
        assert_eq!(d.themes[0].responses, vec![i0]);
        let r1 = d
            .responses
            .iter()
            .find(|r| r.id == f.responses[1].1)
            .unwrap();
        assert_eq!(r1.summary, "Vil have cykelstier.");
        assert_eq!(r1.reason, "Uden for planens formål.");
        assert!(d.responses[i0].href.ends_with(&format!("/responses/{r0}")));
        assert_eq!(
            d.responses[i0].name.as_deref().map(|n| !n.is_empty()),
            Some(true),
            "named"
        );
        assert!(matches!(
            store.memo_data(&f.politician, f.hearing, later).await,
            Err(StoreError::Forbidden)
        ));

        // No memo yet: nobody reads one; politicians and respondents may not write.
        assert!(matches!(
            store.memo(Some(&f.staff), f.hearing, None).await,
            Err(StoreError::NotFound)
        ));
        for who in [&f.politician, &f.responses[0].0] {
            assert!(matches!(
                store
                    .save_memo(who, f.hearing, "# Notat", None, later)
                    .await,
                Err(StoreError::Forbidden)
            ));
            assert!(matches!(
                store.finalise_memo(who, f.hearing, 1, later).await,
                Err(StoreError::Forbidden)
            ));
        }
        match store
            .save_memo(&f.staff, f.hearing, "  ", None, later)
            .await
        {
            Err(StoreError::Invalid(e)) => assert_eq!(e[0].field, "markdown"),
            other => panic!("expected a refusal, got {other:?}"),
        }
        let v1 = store
            .save_memo(
                &f.staff,
                f.hearing,
                "# Notat\n\nFørste udkast.",
                None,
                later,
            )
            .await
            .unwrap();
        assert_eq!((v1.version, v1.finalised_at), (1, None));
        // A save from an older start is refused, so nothing is overwritten unseen.
        match store
            .save_memo(&f.staff, f.hearing, "# Andet", None, later)
            .await
        {
            Err(StoreError::Invalid(e)) => assert_eq!(e[0].field, "version"),
            other => panic!("expected a refusal, got {other:?}"),
        }
        let v1 = store
            .save_memo(
                &f.staff,
                f.hearing,
                "# Notat\n\nRettet udkast.",
                Some(1),
                later,
            )
            .await
            .unwrap();
        assert_eq!(v1.version, 1, "the draft changes in place");
        // Drafts are read by politicians, never by the public or respondents.
        assert_eq!(
            store
                .memo(Some(&f.politician), f.hearing, None)
                .await
                .unwrap()
                .markdown,
            "# Notat\n\nRettet udkast."
        );
        assert!(matches!(
            store.memo(None, f.hearing, None).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store.memo(Some(&f.responses[0].0), f.hearing, None).await,
            Err(StoreError::NotFound)
        ));

        // Final: frozen and public; the next save starts version 2.
        store
            .finalise_memo(&f.staff, f.hearing, 1, later)
            .await
            .unwrap();
        assert!(matches!(
            store.finalise_memo(&f.staff, f.hearing, 1, later).await,
            Err(StoreError::Invalid(_))
        ));
        let public = store.memo(None, f.hearing, None).await.unwrap();
        assert_eq!(public.version, 1);
        assert!(public.finalised_at.is_some());
        let v2 = store
            .save_memo(
                &f.staff,
                f.hearing,
                "# Notat\n\nVersion to.",
                Some(1),
                later,
            )
            .await
            .unwrap();
        assert_eq!(v2.version, 2);
        let frozen = store
            .memo(Some(&f.staff), f.hearing, Some(1))
            .await
            .unwrap();
        assert_eq!(
            frozen.markdown, "# Notat\n\nRettet udkast.",
            "a final version never changes"
        );
        assert_eq!(
            store
                .memo_versions(Some(&f.staff), f.hearing)
                .await
                .unwrap()
                .len(),
            2
        );
        assert_eq!(
            store.memo_versions(None, f.hearing).await.unwrap().len(),
            1,
            "the public reads final versions only"
        );
        assert_eq!(store.memo(None, f.hearing, None).await.unwrap().version, 1);
    })
    .await;
}

#[tokio::test]
async fn a_confirmed_campaign_is_one_text_in_the_memo_with_its_confidential_passages_withheld() {
    use hearings_core::response_parts::{RawParts, RawPassage};
    use hearings_store::Submission;
    each(|store| async move {
        let f = fixture(&store).await;
        let letter = "Vi protesterer mod nedlæggelsen af parkeringspladserne på Torvet, fordi vores kunder kommer i bil og handler stort ind hver uge hos os.";
        let secret = "vores omsætning faldt 31 procent i 2025";
        for (i, cvr) in ["10000025", "10000033", "10000041"].into_iter().enumerate() {
            let a = store
                .register(registration(&format!("k{i}@x.example"), cvr).parse().unwrap(), now())
                .await
                .unwrap();
            let text = format!("{letter} Desuden: {secret}. Venlig hilsen nr. {i}");
            let answers = [(f.question, AnswerInput::Form(vec![text]))];
            let parts = RawParts {
                confidential: vec![RawPassage {
                    location: format!("answer:{}", f.question),
                    text: secret.into(),
                    reason: "Forretningshemmelighed".into(),
                }],
                ..RawParts::default()
            };
            let sub = Submission {
                stance: "opposes",
                publication: "named",
                answers: &answers,
                parts: &parts,
                expect_draft: None,
            };
            store.submit_full(&a, f.hearing, None, &sub, now()).await.unwrap();
        }
        let later = now() + Duration::weeks(6);
        store.detect_campaigns(&f.staff, f.hearing, later).await.unwrap();
        let suggested = store.campaigns_of(&f.staff, f.hearing).await.unwrap();
        assert_eq!(suggested.len(), 1, "{suggested:?}");
        assert_eq!(
            store.memo_data(&f.staff, f.hearing, later).await.unwrap().campaigns.len(),
            0,
            "a suggestion is not reported until staff confirm it"
        );
        store.confirm_campaign(&f.staff, suggested[0].id, later).await.unwrap();
        let d = store.memo_data(&f.staff, f.hearing, later).await.unwrap();
        assert_eq!(d.responses.len(), 6, "every response still counts");
        assert_eq!(d.campaigns.len(), 1);
        assert_eq!(d.campaigns[0].responses.len(), 3);
        let text = &d.campaigns[0].text;
        assert!(text.contains("Vi protesterer mod nedlæggelsen"), "{text}");
        assert!(!text.contains(secret), "a confidential passage is never quoted: {text}");
        assert!(text.contains(hearings_core::response_parts::WITHHELD), "{text}");
    })
    .await;
}
