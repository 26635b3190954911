//! "My organisation's responses" and the versions of a response, through
//! the API and the pages, with the role and object checks.

use serde_json::Value;

use crate::support::{
    RESPONDENT, STAFF, Server, browser, client, cvr, each, get_json, registration, sign_in, token,
};

async fn status_of(s: &Server, path: &str, token: Option<&str>) -> u16 {
    let mut req = client().get(s.url(path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap().status().as_u16()
}

/// Registers a respondent of another organisation; returns its token.
async fn other_organisation(s: &Server) -> String {
    let email = "anden@butik.example";
    let res = client()
        .post(s.url("/api/v1/auth/register"))
        .json(&registration(email, &cvr(4711)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "registration");
    token(s, email, "et-godt-kodeord").await
}

#[tokio::test]
async fn an_organisation_lists_its_responses_and_versions_and_no_one_else_sees_them() {
    each(true, |s| async move {
        let business = token(&s, RESPONDENT.0, RESPONDENT.1).await;
        let mine = get_json(s.url("/api/v1/my/responses"), Some(&business)).await;
        let items = mine["items"].as_array().unwrap();
        let policy = items
            .iter()
            .find(|r| r["hearing_state"] == "closed")
            .expect("the demo respondent answered the closed policy hearing");
        assert!(policy["reference"].as_str().unwrap().starts_with("GLO-"));
        assert!(!policy["submitted_by"].as_str().unwrap().is_empty());
        assert!(policy["closes_at"].is_string());
        let id = policy["id"].as_str().unwrap().to_string();
        let versions_path = format!("/api/v1/responses/{id}/versions");

        let versions = get_json(s.url(&versions_path), Some(&business)).await;
        let versions = versions["items"].as_array().unwrap();
        assert_eq!(versions.len() as i64, policy["version"].as_i64().unwrap());
        assert_eq!(versions[0]["version"], 1);
        assert_eq!(versions[0]["digest"].as_str().unwrap().len(), 64);

        // A member of another organisation: an empty list, and 404 for the id, as for any id.
        let other = other_organisation(&s).await;
        let theirs = get_json(s.url("/api/v1/my/responses"), Some(&other)).await;
        assert_eq!(theirs["items"].as_array().unwrap().len(), 0);
        assert_eq!(status_of(&s, &versions_path, Some(&other)).await, 404);
        assert_eq!(
            status_of(&s, &format!("/api/v1/responses/{id}"), Some(&other)).await,
            404
        );
        let guessed = format!("/api/v1/responses/{}/versions", uuid_like());
        assert_eq!(status_of(&s, &guessed, Some(&other)).await, 404);
        assert_eq!(
            status_of(&s, "/api/v1/responses/not-an-id/versions", Some(&other)).await,
            404
        );

        // Staff read the versions; the list is a respondent's; nobody without a token.
        let staff = token(&s, STAFF.0, STAFF.1).await;
        assert_eq!(status_of(&s, &versions_path, Some(&staff)).await, 200);
        assert_eq!(
            status_of(&s, "/api/v1/my/responses", Some(&staff)).await,
            403
        );
        assert_eq!(status_of(&s, "/api/v1/my/responses", None).await, 401);
        assert_eq!(status_of(&s, &versions_path, None).await, 401);
    })
    .await;
}

fn uuid_like() -> &'static str {
    "0b8f2c8e-5d1a-4c3e-9f7a-2e6b1d4c8a90"
}

#[tokio::test]
async fn the_pages_show_the_organisations_responses_and_versions_to_its_members_only() {
    each(true, |s| async move {
        let business = token(&s, RESPONDENT.0, RESPONDENT.1).await;
        let mine = get_json(s.url("/api/v1/my/responses"), Some(&business)).await;
        let first: &Value = &mine["items"][0];
        let id = first["id"].as_str().unwrap().to_string();
        let reference = first["reference"].as_str().unwrap().to_string();

        let b = sign_in(&s, RESPONDENT).await;
        let home = b
            .get(s.url("/"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(home.contains("href=\"/responses\""), "linked in the header");
        let res = b.get(s.url("/responses")).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert!(html.contains("Vores høringssvar"));
        assert!(html.contains(&reference));
        assert!(html.contains(&format!("/receipts/{id}")));
        let receipt = b
            .get(s.url(&format!("/receipts/{id}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(receipt.contains("Alle versioner"));
        assert!(receipt.contains("class=\"version-row\""));

        // Staff have no organisation list; a stranger is sent to sign in.
        let staff = sign_in(&s, STAFF).await;
        let res = staff.get(s.url("/responses")).send().await.unwrap();
        assert_eq!(res.status(), 403);
        let res = browser().get(s.url("/responses")).send().await.unwrap();
        assert!(
            res.status().is_redirection() || res.status() == 401,
            "a visitor is asked to sign in, got {}",
            res.status()
        );
    })
    .await;
}

async fn hearing_of_kind(s: &Server, kind: &str) -> String {
    let list = get_json(s.url("/api/v1/hearings"), None).await;
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["kind"] == kind)
        .unwrap_or_else(|| panic!("a demo hearing of kind {kind}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn responses_are_published_after_the_deadline_without_the_names_that_must_not_be_shown() {
    each(true, |s| async move {
        let policy = hearing_of_kind(&s, "policy").await;
        let staff = token(&s, STAFF.0, STAFF.1).await;
        let all = get_json(
            s.url(&format!("/api/v1/hearings/{policy}/responses")),
            Some(&staff),
        )
        .await;
        let all = all["items"].as_array().unwrap().clone();

        // The API: public, every response, a name only where it may be shown.
        let res = client()
            .get(s.url(&format!("/api/v1/hearings/{policy}/published-responses")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let published: Value = res.json().await.unwrap();
        let items = published["items"].as_array().unwrap();
        assert_eq!(items.len(), all.len());
        assert!(items.len() >= 40);
        let hidden =
            |r: &Value| r["publication"] == "anonymous" || r["respondent_type"] == "private_person";
        let named = all.iter().filter(|r| !hidden(r)).count();
        assert_eq!(
            items.iter().filter(|r| r["name"].is_string()).count(),
            named,
            "a name exactly for the named responses of organisations"
        );
        for r in items
            .iter()
            .filter(|r| r["respondent_type"] == "private_person")
        {
            assert!(
                r["name"].is_null(),
                "a private person's name is never published"
            );
        }

        // The page shows the same, and never a hidden name.
        let html = client()
            .get(s.url(&format!("/hearings/{policy}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains(&format!("Offentliggjorte høringssvar ({})", all.len())));
        assert_eq!(
            html.matches("class=\"published-response\"").count(),
            all.len()
        );
        for r in all.iter().filter(|r| hidden(r)) {
            let name = r["organisation"].as_str().unwrap();
            assert!(!html.contains(name), "{name} is not published");
        }

        // An open hearing: nothing yet, and the API says why.
        let open = hearing_of_kind(&s, "lokalplanforslag").await;
        let res = client()
            .get(s.url(&format!("/api/v1/hearings/{open}/published-responses")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 409);
        let problem: Value = res.json().await.unwrap();
        assert!(
            problem["detail"]
                .as_str()
                .unwrap()
                .contains("høringsfristen")
        );
        let html = client()
            .get(s.url(&format!("/hearings/{open}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!html.contains("id=\"published\""));
        assert!(html.contains("class=\"published-later\""));
        assert_eq!(
            status_of(&s, "/api/v1/hearings/not-an-id/published-responses", None).await,
            404
        );
    })
    .await;
}
