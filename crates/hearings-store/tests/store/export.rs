//! The exports' reading: keyset pages of whole responses (ties on the
//! submission time broken by id, nothing repeated or skipped), the rule of
//! who may export, and the audit row of every export.

use super::*;
use hearings_core::response_parts::RawParts;
use hearings_store::{Account, ExportFormat, Submission};

async fn user(store: &Store, email: &str, role: Role) -> Account {
    let id = store
        .create_user(email, "Navn", "et-langt-kodeord", role, now())
        .await
        .unwrap();
    store.account(id).await.unwrap()
}

#[tokio::test]
async fn an_export_reads_every_response_once_in_pages_and_is_audited() {
    each(|store| async move {
        let staff = staff(&store).await;
        let admin = user(&store, "admin@k.example", Role::Admin).await;
        let politician = user(&store, "pol@k.example", Role::Politician).await;
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
        let d = store.hearing(id, None, now()).await.unwrap();
        let q = d.questions[0].id;
        let mut respondent = None;
        let mut refs = vec![];
        for (i, cvr) in ["13748136", "10000009", "10000017", "10000025", "10000033"]
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
            let answers = [(q, AnswerInput::Form(vec![format!("{}", i % 5 + 1)]))];
            let sub = Submission {
                stance: "neutral",
                publication: "named",
                answers: &answers,
                parts: &RawParts::default(),
                expect_draft: None,
            };
            // All at the same moment: the id decides the order.
            let r = store.submit_full(&a, id, None, &sub, now()).await.unwrap();
            refs.push(r.reference);
            respondent = Some(a);
        }
        let respondent = respondent.unwrap();
        assert!(matches!(
            store
                .begin_export(&respondent, id, ExportFormat::Csv, now())
                .await,
            Err(StoreError::Forbidden)
        ));
        let h = store
            .begin_export(&politician, id, ExportFormat::Csv, now())
            .await
            .unwrap();
        assert_eq!(h.questions.len(), 2);
        assert_eq!(h.sections.len(), 1);
        assert!(matches!(
            store.export_page(&respondent, &h, None, 2).await,
            Err(StoreError::Forbidden)
        ));
        let mut seen = vec![];
        let mut after = None;
        let mut pages = 0;
        loop {
            let page = store.export_page(&politician, &h, after, 2).await.unwrap();
            pages += 1;
            assert!(page.rows.len() <= 2);
            seen.extend(page.rows.iter().map(|r| {
                assert_eq!(r.detail.answers.len(), 1);
                assert_eq!(r.cvr.as_deref().map(str::len), Some(8));
                assert_eq!(r.industry_code, "47.24");
                (r.detail.id, r.detail.reference.clone())
            }));
            match page.next {
                Some(c) => after = Some(c),
                None => break,
            }
        }
        assert_eq!(pages, 3);
        let mut ids: Vec<_> = seen.iter().map(|(id, _)| id.0).collect();
        let sorted = {
            let mut s = ids.clone();
            s.sort();
            s
        };
        assert_eq!(ids, sorted, "ordered by id within the same moment");
        ids.dedup();
        assert_eq!(ids.len(), 5, "every response once");
        let mut got: Vec<String> = seen.into_iter().map(|(_, r)| r).collect();
        got.sort();
        refs.sort();
        assert_eq!(got, refs);

        let log = store.audit_log(&admin, None, 10).await.unwrap();
        let row = log
            .entries
            .iter()
            .find(|e| e.action == "hearing.export")
            .expect("the export is in the audit log");
        assert_eq!(row.object_type, "hearing");
        assert_eq!(row.object_id, id.to_string());
        assert_eq!(row.actor_email, "pol@k.example");
        assert_eq!(row.after.as_deref(), Some(r#"{"format":"csv"}"#));
    })
    .await;
}
