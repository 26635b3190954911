//! Submitting once: a repeated submission with the same key gives one
//! response and one receipt, through the API and the pages.

use serde_json::{Value, json};

use crate::support::{RESPONDENT, STAFF, client, csrf, each, get_json, sign_in, token};

#[tokio::test]
async fn a_replayed_api_call_with_the_same_idempotency_key_gives_the_same_receipt() {
    each(true, |s| async move {
        let list = get_json(s.url("/api/v1/hearings"), None).await;
        let hearing = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["kind"] == "pulse_survey")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let detail = get_json(s.url(&format!("/api/v1/hearings/{hearing}")), None).await;
        let answers: Vec<Value> = detail["questions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|q| q["required"] == true)
            .map(|q| {
                let value = match q["kind"].as_str().unwrap() {
                    "multiple_choice" => json!([q["options"][0]]),
                    "single_choice" => q["options"][0].clone(),
                    "scale" => json!(3),
                    "number" => json!(1),
                    "yes_no" => json!(true),
                    _ => json!("Tekst"),
                };
                json!({"question_id": q["id"], "value": value})
            })
            .collect();
        let business = token(&s, RESPONDENT.0, RESPONDENT.1).await;
        let url = s.url(&format!("/api/v1/hearings/{hearing}/responses"));
        let body = json!({"stance": "neutral", "publication": "named", "answers": answers});
        let send = |body: Value, key: &'static str| {
            let (url, business) = (url.clone(), business.clone());
            async move {
                client()
                    .post(url)
                    .bearer_auth(business)
                    .header("idempotency-key", key)
                    .json(&body)
                    .send()
                    .await
                    .unwrap()
            }
        };
        let first = send(body.clone(), "retry-7f3a").await;
        assert_eq!(first.status(), 201);
        let first: Value = first.json().await.unwrap();
        let again = send(body.clone(), "retry-7f3a").await;
        assert_eq!(again.status(), 201);
        assert_eq!(
            again.json::<Value>().await.unwrap(),
            first,
            "the same receipt, not a second version"
        );
        assert_eq!(first["version"], 1);

        let mut changed = body.clone();
        changed["stance"] = json!("opposes");
        let res = send(changed, "retry-7f3a").await;
        assert_eq!(res.status(), 422);
        let problem: Value = res.json().await.unwrap();
        assert_eq!(problem["errors"][0]["field"], "idempotency_key");

        let staff = token(&s, STAFF.0, STAFF.1).await;
        let responses = get_json(
            s.url(&format!("/api/v1/hearings/{hearing}/responses")),
            Some(&staff),
        )
        .await;
        assert_eq!(responses["items"].as_array().unwrap().len(), 1);
        assert_eq!(responses["items"][0]["version"], 1);
    })
    .await;
}

#[tokio::test]
async fn a_double_click_on_the_response_form_gives_one_receipt() {
    each(true, |s| async move {
        let c = sign_in(&s, RESPONDENT).await;
        let list = get_json(s.url("/api/v1/hearings"), None).await;
        let hearing = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["kind"] == "open_call")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let respond = format!("/hearings/{hearing}/respond");
        let form = c
            .get(s.url(&respond))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let key_at = form.find("name=\"submission_key\" value=\"").unwrap()
            + "name=\"submission_key\" value=\"".len();
        let key = form[key_at..].split('"').next().unwrap().to_string();
        assert!(key.len() >= 32, "the form carries a fresh key");
        let detail = get_json(s.url(&format!("/api/v1/hearings/{hearing}")), None).await;
        let q = detail["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["kind"] == "short_text")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let fields = vec![
            ("csrf".to_string(), csrf(&form)),
            ("submission_key".to_string(), key.clone()),
            ("stance".to_string(), "supports".to_string()),
            ("publication".to_string(), "named".to_string()),
            (
                format!("answer_{q}"),
                "Åbent værksted med smagsprøver".to_string(),
            ),
        ];
        let one = c.post(s.url(&respond)).form(&fields).send().await.unwrap();
        let two = c.post(s.url(&respond)).form(&fields).send().await.unwrap();
        assert_eq!((one.status().as_u16(), two.status().as_u16()), (303, 303));
        let (a, b) = (
            one.headers()["location"].to_str().unwrap().to_string(),
            two.headers()["location"].to_str().unwrap().to_string(),
        );
        assert_eq!(a, b, "both clicks lead to the same receipt");
        let receipt = c.get(s.url(&a)).send().await.unwrap().text().await.unwrap();
        assert!(
            receipt.contains("class=\"receipt-version\">1<"),
            "one version"
        );
    })
    .await;
}
