//! Questions on a hearing, through the API and the pages.

use serde_json::{Value, json};

use crate::support::{
    POLITICIAN, RESPONDENT, STAFF, Server, browser, client, csrf, each, get_json, sign_in, token,
};

async fn lokalplan(s: &Server) -> String {
    let list = get_json(s.url("/api/v1/hearings"), None).await;
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["kind"] == "lokalplanforslag")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn post_json(s: &Server, path: &str, token: &str, body: Value) -> (u16, Value) {
    let res = client()
        .post(s.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    (
        res.status().as_u16(),
        res.json().await.unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn a_question_is_answered_publicly_and_a_hidden_one_stays_out_of_sight() {
    each(true, |s| async move {
        let id = lokalplan(&s).await;
        let business = token(&s, RESPONDENT.0, RESPONDENT.1).await;
        let staff = token(&s, STAFF.0, STAFF.1).await;

        let (status, asked) = post_json(
            &s,
            &format!("/api/v1/hearings/{id}/inquiries"),
            &business,
            json!({"question": "Må vi have skilte på 1. sal?"}),
        )
        .await;
        assert_eq!(status, 201);
        assert_eq!(asked["state"], "pending");
        assert_eq!(
            asked["asker_organisation"],
            "Hovedgadens Bageri ApS (fiktiv)"
        );
        let qid = asked["id"].as_str().unwrap().to_string();
        let (_, spam) = post_json(
            &s,
            &format!("/api/v1/hearings/{id}/inquiries"),
            &business,
            json!({"question": "Køb billige ure"}),
        )
        .await;
        let spam_id = spam["id"].as_str().unwrap().to_string();

        let public = get_json(s.url(&format!("/api/v1/hearings/{id}/inquiries")), None).await;
        assert_eq!(
            public["items"].as_array().unwrap().len(),
            0,
            "nothing public before an answer"
        );
        let unanswered = get_json(s.url("/api/v1/inquiries/unanswered"), Some(&staff)).await;
        assert_eq!(unanswered["items"].as_array().unwrap().len(), 2);

        let (status, answered) = post_json(
            &s,
            &format!("/api/v1/inquiries/{qid}/answer"),
            &staff,
            json!({"answer": "Nej, kun i stueetagen (§ 5)."}),
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(answered["state"], "answered");
        let (status, hidden) = post_json(
            &s,
            &format!("/api/v1/inquiries/{spam_id}/hide"),
            &staff,
            json!({"reason": "Reklame"}),
        )
        .await;
        assert_eq!((status, hidden["state"].as_str()), (200, Some("hidden")));

        let public = get_json(s.url(&format!("/api/v1/hearings/{id}/inquiries")), None).await;
        let items = public["items"].as_array().unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["answer"], "Nej, kun i stueetagen (§ 5).");
        assert!(items[0].get("hidden_reason").is_none());
        let for_staff = get_json(
            s.url(&format!("/api/v1/hearings/{id}/inquiries")),
            Some(&staff),
        )
        .await;
        assert!(
            for_staff["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["hidden_reason"] == "Reklame")
        );

        // The public page shows the answered question and not the hidden one.
        let html = browser()
            .get(s.url(&format!("/hearings/{id}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("Må vi have skilte på 1. sal?")
                && html.contains("Nej, kun i stueetagen (§ 5).")
        );
        assert!(!html.contains("Køb billige ure") && !html.contains("Reklame"));
    })
    .await;
}

#[tokio::test]
async fn only_staff_answer_hide_and_list_and_only_the_signed_in_ask_an_open_hearing() {
    each(true, |s| async move {
        let id = lokalplan(&s).await;
        let business = token(&s, RESPONDENT.0, RESPONDENT.1).await;
        let politician = token(&s, POLITICIAN.0, POLITICIAN.1).await;
        let (_, asked) = post_json(
            &s,
            &format!("/api/v1/hearings/{id}/inquiries"),
            &business,
            json!({"question": "Hvad med varelevering?"}),
        )
        .await;
        let qid = asked["id"].as_str().unwrap();

        let res = client()
            .post(s.url(&format!("/api/v1/hearings/{id}/inquiries")))
            .json(&json!({"question": "Anonym?"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401, "a visitor must sign in to ask");
        for who in [&business, &politician] {
            let (status, _) = post_json(
                &s,
                &format!("/api/v1/inquiries/{qid}/answer"),
                who,
                json!({"answer": "x"}),
            )
            .await;
            assert_eq!(status, 403);
            let (status, _) = post_json(
                &s,
                &format!("/api/v1/inquiries/{qid}/hide"),
                who,
                json!({"reason": "x"}),
            )
            .await;
            assert_eq!(status, 403);
            let res = client()
                .get(s.url("/api/v1/inquiries/unanswered"))
                .bearer_auth(who)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 403);
        }
        let (status, body) = post_json(
            &s,
            &format!("/api/v1/hearings/{id}/inquiries"),
            &business,
            json!({"question": "  "}),
        )
        .await;
        assert_eq!(status, 422);
        assert_eq!(body["errors"][0]["field"], "question");

        // The closed policy hearing takes no questions.
        let list = get_json(s.url("/api/v1/hearings"), None).await;
        let policy = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["kind"] == "policy")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let (status, body) = post_json(
            &s,
            &format!("/api/v1/hearings/{policy}/inquiries"),
            &business,
            json!({"question": "For sent?"}),
        )
        .await;
        assert_eq!(status, 409);
        assert!(body["detail"].as_str().unwrap().contains("Fristen var"));
    })
    .await;
}

#[tokio::test]
async fn on_the_pages_a_business_asks_and_staff_answer_and_a_blank_question_keeps_nothing_lost() {
    each(true, |s| async move {
        let id = lokalplan(&s).await;
        let page = format!("/hearings/{id}");
        let business = sign_in(&s, RESPONDENT).await;

        // A question that is too long comes back with the message and the text kept.
        let html = business
            .get(s.url(&page))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let long = "Hvorfor? ".repeat(300);
        let res = business
            .post(s.url(&format!("{page}/inquiries")))
            .form(&[("csrf", csrf(&html).as_str()), ("question", long.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("id=\"question-error\"") && html.contains("Hvorfor? Hvorfor?"));

        let res = business
            .post(s.url(&format!("{page}/inquiries")))
            .form(&[
                ("csrf", csrf(&html).as_str()),
                ("question", "Gælder § 6 også eksisterende butikker?"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let html = business
            .get(s.url(&format!("{page}?asked=1")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("Dit spørgsmål er modtaget") && html.contains("afventer svar"));

        // Staff find it in the list of unanswered questions and answer it on the hearing page.
        let staff = sign_in(&s, STAFF).await;
        let list = staff
            .get(s.url("/staff/inquiries"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(list.contains("Gælder § 6 også eksisterende butikker?"));
        let anchor = list
            .split("#inquiry-")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string();
        let html = staff
            .get(s.url(&page))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let res = staff
            .post(s.url(&format!("/inquiries/{anchor}/answer")))
            .form(&[
                ("csrf", csrf(&html).as_str()),
                ("hearing", id.as_str()),
                (
                    format!("answer_{anchor}").as_str(),
                    "Nej, kun ved ombygning.",
                ),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let public = browser()
            .get(s.url(&page))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            public.contains("Gælder § 6 også eksisterende butikker?")
                && public.contains("Nej, kun ved ombygning.")
        );
        assert!(
            !public.contains("action=\"/inquiries/"),
            "the public sees no staff forms"
        );

        // A respondent cannot reach the staff list or answer.
        assert_eq!(
            business
                .get(s.url("/staff/inquiries"))
                .send()
                .await
                .unwrap()
                .status(),
            403
        );
        let html = business
            .get(s.url(&page))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let res = business
            .post(s.url(&format!("/inquiries/{anchor}/answer")))
            .form(&[
                ("csrf", csrf(&html).as_str()),
                ("hearing", id.as_str()),
                (format!("answer_{anchor}").as_str(), "Ja!"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
    })
    .await;
}
