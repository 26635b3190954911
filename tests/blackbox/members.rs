//! An organisation's profile and members through HTTP: "Vores
//! organisation" on the pages and `/api/v1/organisation` in the API. A
//! second registration with a CVR number asks to join; the administrator
//! accepts or refuses; colleagues are invited by e-mail and register
//! through the link. The links are followed from the `.eml` files the
//! e-mail worker writes (pages) or from the outbox (API), as a person would.
//! And every refusal: another organisation's ids, a plain member, staff,
//! not signed in.

use reqwest::Client;
use serde_json::{Value, json};

use crate::account::{MailServer, get, location, open_hearing, post};
use crate::support::{
    STAFF, Server, browser, client, cvr, each, emailed_link, get_json, registration, sign_in, token,
};
use hearings_store::testing::TestDatabase;

const PASSWORD: &str = "et-godt-kodeord";
const INVITATION: &str = "/invitation?token=";

/// Registers through the page with a CVR number; returns the response.
async fn register_page(
    c: &Client,
    s: &Server,
    name: &str,
    email: &str,
    cvr: &str,
) -> reqwest::Response {
    post(
        c,
        s,
        "/register",
        "/register",
        &[
            ("name", name),
            ("email", email),
            ("password", PASSWORD),
            ("org_cvr", cvr),
            ("org_name", "Tømreren (fiktiv)"),
            ("org_industry", "DB25:F"),
            ("org_size", "small"),
            ("org_area", "ejby"),
            ("org_type", "company"),
        ],
    )
    .await
}

/// Every id (a UUID) that follows `prefix` in a page.
fn ids_after(html: &str, prefix: &str) -> Vec<String> {
    html.match_indices(prefix)
        .map(|(at, _)| html[at + prefix.len()..].chars().take(36).collect())
        .collect()
}

/// The id of the member row that shows `name`.
fn member_id(html: &str, name: &str) -> String {
    let at = html
        .find(&format!("<td class=\"member-name\">{name}"))
        .expect("a member row");
    let row = &html[..at];
    let start = row.rfind("id=\"member-").expect("its id") + "id=\"member-".len();
    row[start..start + 36].to_string()
}

/// Waits for an e-mail to `to` (an `.eml` file of the worker) whose text
/// contains `needle`, and returns its text as a mail reader shows it.
async fn mail_to(m: &MailServer, to: &str, needle: &str) -> String {
    let what = format!("an e-mail to {to} saying {needle}");
    crate::mail::eventually(&what, || {
        crate::mail::eml_files(&m.outbox())
            .iter()
            .filter_map(|f| std::fs::read_to_string(f).ok())
            .filter(|raw| raw.lines().any(|l| l == format!("To: {to}")))
            .map(|raw| crate::mail::decode_quoted_printable(&raw))
            .find(|text| text.contains(needle))
    })
    .await
}

async fn english(c: &Client, s: &Server) {
    c.get(s.url("/lang/en?next=/")).send().await.unwrap();
}

async fn danish(c: &Client, s: &Server) {
    c.get(s.url("/lang/da?next=/")).send().await.unwrap();
}

#[tokio::test]
async fn a_second_registration_with_the_cvr_waits_until_the_administrator_answers_and_both_are_emailed()
 {
    for backend in TestDatabase::backends() {
        let m = MailServer::start(backend).await;
        let s = &m.s;
        let (hearing, _) = open_hearing(s).await;
        let number = cvr(301);
        let owner = browser();
        assert_eq!(
            register_page(&owner, s, "Ejer Tømrer", "ejer@toemrer.example", &number)
                .await
                .status(),
            303
        );

        // The colleague registers with the same CVR number: an account, no second organisation.
        let colleague = browser();
        let res = register_page(&colleague, s, "Kollega Kim", "kim@toemrer.example", &number).await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), "/organisation");
        let (status, html) = get(&colleague, s, "/organisation").await;
        assert_eq!(status, 200);
        assert!(html.contains("id=\"no-organisation\""), "{html}");
        assert!(
            html.contains("venter på svar fra administratorerne af Tømreren (fiktiv)"),
            "{html}"
        );
        assert!(
            !html.contains("action=\"/organisation\""),
            "no profile form"
        );
        // It can neither draft nor submit: no respond link, and the form is refused.
        let (_, page) = get(&colleague, s, &format!("/hearings/{hearing}")).await;
        assert!(
            !page.contains("/respond\""),
            "no respond link while waiting"
        );
        assert!(page.contains("id=\"no-organisation\""));
        let respond = format!("/hearings/{hearing}/respond");
        let (status, refused) = get(&colleague, s, &respond).await;
        assert_eq!(status, 403);
        assert!(refused.contains("hører ikke til en organisation endnu"));
        let res = post(
            &colleague,
            s,
            &format!("/hearings/{hearing}"),
            &respond,
            &[("stance", "supports"), ("publication", "named")],
        )
        .await;
        assert_eq!(res.status(), 403);
        // It is verified by e-mail as today.
        m.new_link("kim@toemrer.example", "/verify?token=", &[])
            .await;

        // The owner is e-mailed with the link to the organisation's page, and sees the request there.
        let link = m
            .new_link("ejer@toemrer.example", "/organisation", &[])
            .await;
        assert_eq!(link, "/organisation");
        let mail = mail_to(&m, "ejer@toemrer.example", "kim@toemrer.example").await;
        assert!(
            mail.contains("Anmodning om at blive medlem") && mail.contains("Request to join"),
            "{mail}"
        );
        let (_, html) = get(&owner, s, &link).await;
        assert!(html.contains("kim@toemrer.example"), "{html}");
        let request = ids_after(&html, "action=\"/organisation/requests/")[0].clone();
        let res = post(
            &owner,
            s,
            "/organisation",
            &format!("/organisation/requests/{request}/accept"),
            &[],
        )
        .await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), "/organisation?done=accepted");
        let (_, html) = get(&owner, s, "/organisation?done=accepted").await;
        assert!(html.contains("Anmodningen er accepteret"));
        assert!(html.contains("<td class=\"member-name\">Kollega Kim"));
        // Answered once: the same request again is refused on the page, never a 500.
        let res = post(
            &owner,
            s,
            "/organisation",
            &format!("/organisation/requests/{request}/accept"),
            &[],
        )
        .await;
        assert_eq!(res.status(), 409);
        assert!(res.text().await.unwrap().contains("allerede besvaret"));

        // The colleague is told by e-mail and is a member from the next request on.
        let told = mail_to(&m, "kim@toemrer.example", "Du er nu medlem").await;
        assert!(told.contains("You are now a member"), "{told}");
        let (_, html) = get(&colleague, s, "/organisation").await;
        assert!(!html.contains("id=\"no-organisation\""));
        assert!(
            html.contains("id=\"org-cvr\">") && html.contains(&number),
            "the member sees the profile"
        );
        assert!(
            !html.contains("action=\"/organisation\""),
            "a member does not edit"
        );
        let (_, page) = get(&colleague, s, &format!("/hearings/{hearing}")).await;
        assert!(page.contains(&format!("href=\"/hearings/{hearing}/respond\"")));

        // A third with the same number is refused and told so.
        let third = browser();
        register_page(&third, s, "Tredje", "tredje@toemrer.example", &number).await;
        let (_, html) = get(&owner, s, "/organisation").await;
        let request = ids_after(&html, "action=\"/organisation/requests/")[0].clone();
        let res = post(
            &owner,
            s,
            "/organisation",
            &format!("/organisation/requests/{request}/refuse"),
            &[],
        )
        .await;
        assert_eq!(location(&res), "/organisation?done=refused");
        let refusal = mail_to(&m, "tredje@toemrer.example", "afvist").await;
        assert!(
            refusal.contains("Tømreren (fiktiv)") && refusal.contains("refused"),
            "{refusal}"
        );
        let (_, html) = get(&third, s, "/organisation").await;
        assert!(html.contains("hører ikke til nogen organisation"), "{html}");
        m.stop().await;
    }
}

#[tokio::test]
async fn an_invited_colleague_registers_through_the_emailed_link_without_organisation_fields_and_joins()
 {
    for backend in TestDatabase::backends() {
        let m = MailServer::start(backend).await;
        let s = &m.s;
        let owner = browser();
        register_page(&owner, s, "Ejer Elektriker", "ejer@el.example", &cvr(302)).await;

        // A bad address comes back next to its field, with what was typed, in each language.
        let res = post(
            &owner,
            s,
            "/organisation",
            "/organisation/invitations",
            &[("email", "ikke-en-adresse")],
        )
        .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("id=\"invite_email-error\""), "{html}");
        assert!(html.contains("Skriv en gyldig e-mailadresse"));
        assert!(
            html.contains("value=\"ikke-en-adresse\""),
            "what was typed is kept"
        );
        english(&owner, s).await;
        let res = post(
            &owner,
            s,
            "/organisation",
            "/organisation/invitations",
            &[("email", "ikke-en-adresse")],
        )
        .await;
        assert_eq!(res.status(), 422);
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("Enter a valid e-mail address")
        );
        danish(&owner, s).await;

        let res = post(
            &owner,
            s,
            "/organisation",
            "/organisation/invitations",
            &[("email", "Lise@El.example")],
        )
        .await;
        assert_eq!(location(&res), "/organisation?done=invited");
        let (_, html) = get(&owner, s, "/organisation").await;
        assert!(
            html.contains("<td>lise@el.example</td>"),
            "the invitation waits: {html}"
        );

        // The colleague follows the link: a form without any organisation fields.
        let link = m.new_link("lise@el.example", INVITATION, &[]).await;
        let lise = browser();
        let (status, form) = get(&lise, s, &link).await;
        assert_eq!(status, 200);
        assert!(
            form.contains("id=\"invitation-org\">Tømreren (fiktiv)<"),
            "{form}"
        );
        assert!(form.contains("value=\"lise@el.example\""));
        assert!(
            !form.contains("org_cvr") && !form.contains("name=\"org_name\""),
            "no organisation fields"
        );
        let token = link.trim_start_matches(INVITATION);
        let res = post(
            &lise,
            s,
            &link,
            "/invitation/register",
            &[
                ("token", token),
                ("name", "Lise Lampe"),
                ("password", "kort"),
            ],
        )
        .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("id=\"password-error\""));
        assert!(html.contains("value=\"Lise Lampe\""), "the name is kept");
        let res = post(
            &lise,
            s,
            &link,
            "/invitation/register",
            &[
                ("token", token),
                ("name", "Lise Lampe"),
                ("password", PASSWORD),
            ],
        )
        .await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), "/organisation?done=joined");
        let (_, html) = get(&lise, s, "/organisation?done=joined").await;
        assert!(html.contains("du er nu medlem"), "{html}");
        let (_, account) = get(&lise, s, "/account").await;
        assert!(
            account.contains("id=\"account-verified\">Ja<"),
            "the link confirmed the address"
        );

        // The owner sees the colleague as a member; the link works once.
        let (_, html) = get(&owner, s, "/organisation").await;
        let lise_id = member_id(&html, "Lise Lampe");
        assert!(html.contains("Medlem"));
        let (status, html) = get(&browser(), s, &link).await;
        assert_eq!(status, 400);
        assert!(html.contains("Linket er allerede brugt"), "{html}");

        // The last administrator cannot go, in either language; after handing over, they can.
        let owner_id = member_id(&html_of(&owner, s).await, "Ejer Elektriker");
        let res = post(
            &owner,
            s,
            "/organisation",
            &format!("/organisation/members/{owner_id}/remove"),
            &[],
        )
        .await;
        assert_eq!(res.status(), 409);
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("mindst én administrator")
        );
        english(&owner, s).await;
        let res = post(
            &owner,
            s,
            "/organisation",
            &format!("/organisation/members/{owner_id}/role"),
            &[("role", "member")],
        )
        .await;
        assert_eq!(res.status(), 409);
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("at least one administrator")
        );
        let res = post(
            &owner,
            s,
            "/organisation",
            &format!("/organisation/members/{lise_id}/role"),
            &[("role", "admin")],
        )
        .await;
        assert_eq!(location(&res), "/organisation?done=role");
        let res = post(
            &owner,
            s,
            "/organisation",
            &format!("/organisation/members/{owner_id}/remove"),
            &[],
        )
        .await;
        assert_eq!(location(&res), "/organisation?done=removed");
        let (_, html) = get(&owner, s, "/organisation").await;
        assert!(
            html.contains("belongs to no organisation"),
            "removed at once: {html}"
        );
        let (_, html) = get(&lise, s, "/organisation").await;
        assert!(
            html.contains("action=\"/organisation\""),
            "the new administrator edits"
        );
        m.stop().await;
    }
}

async fn html_of(c: &Client, s: &Server) -> String {
    get(c, s, "/organisation").await.1
}

#[tokio::test]
async fn the_profile_form_keeps_what_was_typed_with_errors_in_both_languages_and_the_cvr_cannot_change()
 {
    each(true, |s| async move {
        let owner = browser();
        let number = cvr(303);
        register_page(&owner, &s, "Ejer Maler", "ejer@maler.example", &number).await;
        let (status, html) = get(&owner, &s, "/organisation").await;
        assert_eq!(status, 200);
        assert!(
            html.contains("id=\"cvr\" name=\"cvr\" type=\"text\" readonly"),
            "{html}"
        );
        assert!(html.contains("kan ikke ændres"));
        let fields = |name: &'static str, postcode: &'static str, cvr: String| {
            vec![
                ("cvr", cvr),
                ("name", name.to_string()),
                ("classification", "DB07".to_string()),
                ("industry_code", "43.34".to_string()),
                ("size_class", "medium".to_string()),
                ("street", "Malervej 3".to_string()),
                ("postcode", postcode.to_string()),
                ("town", "Glostrup".to_string()),
                ("area", "hvissinge".to_string()),
                ("respondent_type", "company".to_string()),
            ]
        };
        let send = |c: &Client, v: Vec<(&'static str, String)>| {
            let c = c.clone();
            let s = s.clone();
            async move {
                let pairs: Vec<(&str, &str)> = v.iter().map(|(k, v)| (*k, v.as_str())).collect();
                post(&c, &s, "/organisation", "/organisation", &pairs).await
            }
        };
        let bad = fields("", "26", number.clone());
        let res = send(&owner, bad.clone()).await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(
            html.contains("id=\"name-error\"") && html.contains("id=\"postcode-error\""),
            "{html}"
        );
        assert!(html.contains("Et postnummer består af 4 cifre"));
        assert!(
            html.contains("value=\"26\"") && html.contains("value=\"Malervej 3\""),
            "values kept"
        );
        english(&owner, &s).await;
        let res = send(&owner, bad.clone()).await;
        assert_eq!(res.status(), 422);
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("A postcode has 4 digits")
        );
        danish(&owner, &s).await;

        // The CVR number is the identity: another one is refused next to its field.
        let res = send(&owner, fields("Maleren ApS", "2600", cvr(304))).await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(
            html.contains("id=\"cvr-error\"") && html.contains("CVR-nummeret kan ikke ændres"),
            "{html}"
        );

        let res = send(&owner, fields("Maleren ApS", "2600", number.clone())).await;
        assert_eq!(location(&res), "/organisation?done=saved");
        let (_, html) = get(&owner, &s, "/organisation?done=saved").await;
        assert!(html.contains("Profilen er gemt") && html.contains("value=\"Maleren ApS\""));
        assert!(html.contains("value=\"43.34\"") && html.contains("value=\"hvissinge\" selected"));
    })
    .await;
}

/// The API's problem: status and body.
async fn problem(res: reqwest::Response) -> (u16, Value) {
    let status = res.status().as_u16();
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    (status, res.json().await.unwrap())
}

fn profile_body(cvr: Option<&str>, postcode: &str) -> Value {
    json!({
        "cvr": cvr,
        "name": "Smeden ApS",
        "industry": {"classification": "DB25", "code": "25.11"},
        "size_class": "small",
        "address": {"street": "Smedevej 9", "postcode": postcode, "town": "Glostrup"},
        "area": "ejby",
        "respondent_type": "company"
    })
}

async fn api_register(s: &Server, email: &str, cvr: &str) -> Value {
    let res = client()
        .post(s.url("/api/v1/auth/register"))
        .json(&registration(email, cvr))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    res.json().await.unwrap()
}

#[tokio::test]
async fn the_api_joins_by_cvr_invites_keeps_the_profile_and_members_with_the_same_rules() {
    each(true, |s| async move {
        let number = cvr(305);
        api_register(&s, "ejer@smed.example", &number).await;
        let owner = token(&s, "ejer@smed.example", PASSWORD).await;
        let url = s.url("/api/v1/organisation");
        let me = get_json(url.clone(), Some(&owner)).await;
        assert_eq!(
            (me["cvr"].as_str(), me["my_role"].as_str()),
            (Some(number.as_str()), Some("admin"))
        );
        assert_eq!(me["cvr_fixed"], true);

        // The profile: errors by field in the caller's language, the CVR number fixed.
        for (lang, text) in [("da", "4 cifre"), ("en", "4 digits")] {
            let res = client()
                .put(&url)
                .bearer_auth(&owner)
                .header("accept-language", lang)
                .json(&profile_body(None, "26"))
                .send()
                .await
                .unwrap();
            let (status, body) = problem(res).await;
            assert_eq!(status, 422);
            assert_eq!(body["errors"][0]["field"], "address.postcode");
            assert!(
                body["errors"][0]["message"]
                    .as_str()
                    .unwrap()
                    .contains(text),
                "{body}"
            );
        }
        let res = client()
            .put(&url)
            .bearer_auth(&owner)
            .json(&profile_body(Some(&cvr(306)), "2600"))
            .send()
            .await
            .unwrap();
        let (status, body) = problem(res).await;
        assert_eq!(
            (status, body["errors"][0]["field"].as_str()),
            (422, Some("cvr"))
        );
        let res = client()
            .put(&url)
            .bearer_auth(&owner)
            .json(&profile_body(None, "2600"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let saved: Value = res.json().await.unwrap();
        assert_eq!(
            (saved["name"].as_str(), saved["cvr"].as_str()),
            (Some("Smeden ApS"), Some(number.as_str()))
        );
        assert_eq!(saved["address"]["town"], "Glostrup");

        // A second registration with the number asks to join.
        let second = api_register(&s, "svend@smed.example", &number).await;
        assert_eq!(second["organisation"], Value::Null);
        assert_eq!(second["join_request"]["organisation_name"], "Smeden ApS");
        let svend = token(&s, "svend@smed.example", PASSWORD).await;
        let me = get_json(s.url("/api/v1/me"), Some(&svend)).await;
        assert_eq!(me["join_request"]["organisation_name"], "Smeden ApS");
        let res = client().get(&url).bearer_auth(&svend).send().await.unwrap();
        assert_eq!(res.status(), 404, "no organisation while waiting");
        let requests = get_json(s.url("/api/v1/organisation/join-requests"), Some(&owner)).await;
        let request = requests["items"][0]["id"].as_str().unwrap().to_string();
        assert_eq!(requests["items"][0]["email"], "svend@smed.example");
        let res = client()
            .post(s.url(&format!(
                "/api/v1/organisation/join-requests/{request}/accept"
            )))
            .bearer_auth(&owner)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let member: Value = res.json().await.unwrap();
        assert_eq!(member["role"], "member");
        let res = client()
            .post(s.url(&format!(
                "/api/v1/organisation/join-requests/{request}/refuse"
            )))
            .bearer_auth(&owner)
            .header("accept-language", "en")
            .send()
            .await
            .unwrap();
        let (status, body) = problem(res).await;
        assert_eq!(status, 409);
        assert_eq!(
            body["type"],
            "https://hearings.glostrup.example/problems/membership-refused"
        );
        assert!(
            body["title"]
                .as_str()
                .unwrap()
                .contains("already been answered")
        );
        let me = get_json(s.url("/api/v1/me"), Some(&svend)).await;
        assert_eq!(
            (
                me["organisation_role"].as_str(),
                me["organisation"]["name"].as_str()
            ),
            (Some("member"), Some("Smeden ApS"))
        );

        // An invitation: the colleague registers with the e-mailed token and is a member at once.
        let res = client()
            .post(s.url("/api/v1/organisation/invitations"))
            .bearer_auth(&owner)
            .json(&json!({"email": "tove@smed.example"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let invited: Value = res.json().await.unwrap();
        assert_eq!(invited["email"], "tove@smed.example");
        let pending = get_json(s.url("/api/v1/organisation/invitations"), Some(&owner)).await;
        assert_eq!(pending["items"].as_array().unwrap().len(), 1);
        let link = emailed_link(&s, "tove@smed.example", "member_invitation").await;
        let secret = link.trim_start_matches(INVITATION).to_string();
        let res = client()
            .post(s.url("/api/v1/invitations/register"))
            .json(&json!({"token": secret, "name": "Tove", "password": "kort"}))
            .send()
            .await
            .unwrap();
        let (status, body) = problem(res).await;
        assert_eq!(
            (status, body["errors"][0]["field"].as_str()),
            (422, Some("password"))
        );
        let res = client()
            .post(s.url("/api/v1/invitations/register"))
            .json(&json!({"token": secret, "name": "Tove", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let tove: Value = res.json().await.unwrap();
        assert_eq!(
            (
                tove["organisation_role"].as_str(),
                tove["email_verified"].as_bool()
            ),
            (Some("member"), Some(true))
        );
        let res = client()
            .post(s.url("/api/v1/invitations/register"))
            .json(&json!({"token": secret, "name": "Tove", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        let (status, body) = problem(res).await;
        assert_eq!(status, 400);
        assert_eq!(
            body["type"],
            "https://hearings.glostrup.example/problems/link-invalid"
        );

        // Members, roles and the last administrator.
        let members = get_json(s.url("/api/v1/organisation/members"), Some(&owner)).await;
        let ids: Vec<(String, String)> = members["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["email"].as_str().unwrap().to_string(),
                    m["id"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(ids.len(), 3);
        let id_of = |email: &str| ids.iter().find(|(e, _)| e == email).unwrap().1.clone();
        let res = client()
            .delete(s.url(&format!(
                "/api/v1/organisation/members/{}",
                id_of("ejer@smed.example")
            )))
            .bearer_auth(&owner)
            .send()
            .await
            .unwrap();
        let (status, body) = problem(res).await;
        assert_eq!(status, 409);
        assert!(
            body["title"]
                .as_str()
                .unwrap()
                .contains("mindst én administrator")
        );
        let res = client()
            .put(s.url(&format!(
                "/api/v1/organisation/members/{}/role",
                id_of("tove@smed.example")
            )))
            .bearer_auth(&owner)
            .json(&json!({"role": "owner"}))
            .send()
            .await
            .unwrap();
        assert_eq!(problem(res).await.0, 422);
        let res = client()
            .put(s.url(&format!(
                "/api/v1/organisation/members/{}/role",
                id_of("tove@smed.example")
            )))
            .bearer_auth(&owner)
            .json(&json!({"role": "admin"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);

        // A removed member's token stays valid, but the organisation's responses are gone at once.
        let (hearing, question) = open_hearing(&s).await;
        crate::support::verify_email(&s, "svend@smed.example").await;
        let answers = json!([{"question_id": question, "value": 3}]);
        let res = client()
            .post(s.url(&format!("/api/v1/hearings/{hearing}/responses")))
            .bearer_auth(&svend)
            .json(&json!({"stance": "supports", "publication": "named", "answers": answers}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
        let my = get_json(s.url("/api/v1/my/responses"), Some(&svend)).await;
        let response = my["items"][0]["id"].as_str().unwrap().to_string();
        let res = client()
            .delete(s.url(&format!(
                "/api/v1/organisation/members/{}",
                id_of("svend@smed.example")
            )))
            .bearer_auth(&owner)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 204);
        let res = client()
            .get(s.url(&format!("/api/v1/responses/{response}")))
            .bearer_auth(&svend)
            .send()
            .await
            .unwrap();
        assert!(
            matches!(res.status().as_u16(), 403 | 404),
            "{}",
            res.status()
        );
        let my = get_json(s.url("/api/v1/my/responses"), Some(&svend)).await;
        assert_eq!(my["items"].as_array().unwrap().len(), 0);
        let res = client()
            .get(s.url(&format!("/api/v1/responses/{response}")))
            .bearer_auth(&owner)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "it stays the organisation's");
    })
    .await;
}

#[tokio::test]
async fn another_organisation_a_plain_member_staff_and_visitors_are_refused_on_pages_and_api() {
    each(true, |s| async move {
        // Organisation A: an administrator, a waiting request, an invitation and a member.
        let number_a = cvr(307);
        api_register(&s, "anna@a.example", &number_a).await;
        let anna = token(&s, "anna@a.example", PASSWORD).await;
        api_register(&s, "bo@a.example", &number_a).await;
        let res = client().post(s.url("/api/v1/organisation/invitations")).bearer_auth(&anna).json(&json!({"email": "carl@a.example"})).send().await.unwrap();
        let invitation_a = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
        let request_a = get_json(s.url("/api/v1/organisation/join-requests"), Some(&anna)).await["items"][0]["id"].as_str().unwrap().to_string();
        let members_a = get_json(s.url("/api/v1/organisation/members"), Some(&anna)).await;
        let anna_id = members_a["items"][0]["id"].as_str().unwrap().to_string();

        // Organisation B's administrator, through the API.
        api_register(&s, "dora@b.example", &cvr(308)).await;
        let dora = token(&s, "dora@b.example", PASSWORD).await;
        let b = get_json(s.url("/api/v1/organisation"), Some(&dora)).await;
        assert_eq!(b["cvr"], cvr(308));
        let api = |method: reqwest::Method, path: String, bearer: String, body: Option<Value>| {
            let url = s.url(&path);
            async move {
                let mut req = client().request(method, url).bearer_auth(bearer);
                if let Some(b) = body {
                    req = req.json(&b);
                }
                req.send().await.unwrap().status().as_u16()
            }
        };
        use reqwest::Method;
        for (method, path, body) in [
            (Method::DELETE, format!("/api/v1/organisation/members/{anna_id}"), None),
            (Method::PUT, format!("/api/v1/organisation/members/{anna_id}/role"), Some(json!({"role": "member"}))),
            (Method::POST, format!("/api/v1/organisation/join-requests/{request_a}/accept"), None),
            (Method::POST, format!("/api/v1/organisation/join-requests/{request_a}/refuse"), None),
            (Method::DELETE, format!("/api/v1/organisation/invitations/{invitation_a}"), None),
            (Method::DELETE, "/api/v1/organisation/members/not-an-id".to_string(), None),
        ] {
            assert_eq!(api(method.clone(), path.clone(), dora.clone(), body).await, 404, "{method} {path}");
        }
        let lists = [
            get_json(s.url("/api/v1/organisation/members"), Some(&dora)).await,
            get_json(s.url("/api/v1/organisation/join-requests"), Some(&dora)).await,
            get_json(s.url("/api/v1/organisation/invitations"), Some(&dora)).await,
        ];
        let text = lists.iter().map(Value::to_string).collect::<String>();
        assert!(!text.contains("a.example") && !text.contains(&anna_id), "{text}");

        // And on the pages.
        let dora_page = sign_in(&s, ("dora@b.example", PASSWORD)).await;
        for action in [
            format!("/organisation/members/{anna_id}/remove"),
            format!("/organisation/members/{anna_id}/role"),
            format!("/organisation/requests/{request_a}/accept"),
            format!("/organisation/requests/{request_a}/refuse"),
            format!("/organisation/invitations/{invitation_a}/revoke"),
        ] {
            let res = post(&dora_page, &s, "/organisation", &action, &[("role", "member")]).await;
            assert_eq!(res.status(), 404, "{action}");
        }
        let (_, html) = get(&dora_page, &s, "/organisation").await;
        assert!(!html.contains("a.example") && !html.contains(&number_a));
        // A's state is untouched.
        assert_eq!(get_json(s.url("/api/v1/organisation/join-requests"), Some(&anna)).await["items"].as_array().unwrap().len(), 1);
        assert_eq!(get_json(s.url("/api/v1/organisation/invitations"), Some(&anna)).await["items"].as_array().unwrap().len(), 1);

        // A plain member of A reads, but manages nothing.
        let res = client().post(s.url(&format!("/api/v1/organisation/join-requests/{request_a}/accept"))).bearer_auth(&anna).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let bo = token(&s, "bo@a.example", PASSWORD).await;
        assert_eq!(get_json(s.url("/api/v1/organisation"), Some(&bo)).await["my_role"], "member");
        for (method, path, body) in [
            (Method::PUT, "/api/v1/organisation".to_string(), Some(profile_body(None, "2600"))),
            (Method::GET, "/api/v1/organisation/join-requests".to_string(), None),
            (Method::GET, "/api/v1/organisation/invitations".to_string(), None),
            (Method::POST, "/api/v1/organisation/invitations".to_string(), Some(json!({"email": "x@a.example"}))),
            (Method::DELETE, format!("/api/v1/organisation/members/{anna_id}"), None),
            (Method::DELETE, format!("/api/v1/organisation/invitations/{invitation_a}"), None),
        ] {
            assert_eq!(api(method.clone(), path.clone(), bo.clone(), body).await, 403, "{method} {path}");
        }
        let bo_page = sign_in(&s, ("bo@a.example", PASSWORD)).await;
        let (status, html) = get(&bo_page, &s, "/organisation").await;
        assert_eq!(status, 200);
        assert!(html.contains("<td class=\"member-name\">Bente Butik"), "members are listed");
        assert!(!html.contains("action=\"/organisation/members/"), "no member actions");
        for (action, fields) in [
            ("/organisation".to_string(), vec![("name", "Overtaget")]),
            ("/organisation/invitations".to_string(), vec![("email", "x@a.example")]),
            (format!("/organisation/members/{anna_id}/remove"), vec![]),
        ] {
            let res = post(&bo_page, &s, "/organisation", &action, &fields).await;
            assert_eq!(res.status(), 403, "{action}");
        }

        // Staff do not manage memberships here; a visitor is sent to sign in.
        let staff = token(&s, STAFF.0, STAFF.1).await;
        assert_eq!(api(Method::GET, "/api/v1/organisation".into(), staff.clone(), None).await, 403);
        assert_eq!(api(Method::DELETE, format!("/api/v1/organisation/members/{anna_id}"), staff, None).await, 403);
        let staff_page = sign_in(&s, STAFF).await;
        assert_eq!(get(&staff_page, &s, "/organisation").await.0, 403);
        let res = client().get(s.url("/api/v1/organisation")).send().await.unwrap();
        assert_eq!(res.status(), 401);
        let res = browser().get(s.url("/organisation")).send().await.unwrap();
        assert_eq!(res.status(), 303);
        assert!(location(&res).starts_with("/signin?next=/organisation"));
    })
    .await;
}
