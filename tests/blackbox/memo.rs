//! The hearing memo through the API and the pages: staff compose it from
//! the analysis, edit and finalise it; the versions; the downloads in four
//! formats; who may read a draft and who only a final version.

use serde_json::{Value, json};

use crate::support::{
    POLITICIAN, RESPONDENT, STAFF, Server, client, csrf, each, get_json, policy_hearing, sign_in,
    token,
};

async fn call(
    s: &Server,
    method: reqwest::Method,
    path: &str,
    t: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = client()
        .request(method, s.url(path))
        .header("accept-language", "en");
    if let Some(b) = body {
        req = req.json(&b);
    }
    if let Some(t) = t {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.unwrap();
    (
        res.status().as_u16(),
        res.json().await.unwrap_or(Value::Null),
    )
}

async fn download(s: &Server, path: &str, t: Option<&str>) -> (u16, String, String, Vec<u8>) {
    let mut req = client().get(s.url(path));
    if let Some(t) = t {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.unwrap();
    let h = |n: &str| {
        res.headers()
            .get(n)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let (ct, cd) = (h("content-type"), h("content-disposition"));
    (
        res.status().as_u16(),
        ct,
        cd,
        res.bytes().await.unwrap().to_vec(),
    )
}

#[tokio::test]
async fn staff_compose_edit_and_finalise_the_memo_and_everyone_reads_what_they_may() {
    each(true, |s| async move {
        use reqwest::Method;
        let id = policy_hearing(&s).await;
        let staff = token(&s, STAFF.0, STAFF.1).await;
        let politician = token(&s, POLITICIAN.0, POLITICIAN.1).await;
        let bakery = token(&s, RESPONDENT.0, RESPONDENT.1).await;
        let w = get_json(s.url(&format!("/api/v1/hearings/{id}/analysis")), Some(&staff)).await;
        let first = w["responses"][0]["id"].as_str().unwrap().to_string();
        let first_ref = w["responses"][0]["reference"].as_str().unwrap().to_string();
        let (status, theme) = call(&s, Method::POST, &format!("/api/v1/hearings/{id}/themes"), Some(&staff),
            Some(json!({"name": "Erhvervsservice", "views": "Flere ønsker én indgang.", "comment": "Forvaltningen anbefaler en erhvervsportal.", "change": "Indsats 2 får en erhvervsportal."}))).await;
        assert_eq!(status, 201, "{theme}");
        let (status, _) = call(&s, Method::POST, &format!("/api/v1/themes/{}/tags", theme["id"].as_str().unwrap()), Some(&staff), Some(json!({"response_id": first}))).await;
        assert_eq!(status, 201);

        // Nothing to read yet; only staff compose.
        assert_eq!(call(&s, Method::GET, &format!("/api/v1/hearings/{id}/memo"), Some(&staff), None).await.0, 404);
        assert_eq!(call(&s, Method::POST, &format!("/api/v1/hearings/{id}/memo/compose"), Some(&politician), None).await.0, 403);
        assert_eq!(call(&s, Method::POST, &format!("/api/v1/hearings/{id}/memo/compose"), Some(&bakery), None).await.0, 403);
        assert_eq!(call(&s, Method::POST, &format!("/api/v1/hearings/{id}/memo/compose"), None, None).await.0, 401);
        // Staff confirm one of the campaigns the demo suggests: the memo reports it as one text.
        let campaigns = get_json(s.url(&format!("/api/v1/hearings/{id}/campaigns")), Some(&staff)).await;
        let campaign = campaigns.as_array().or_else(|| campaigns["items"].as_array()).unwrap()[0].clone();
        let (status, _) = call(&s, Method::POST, &format!("/api/v1/campaigns/{}/confirm", campaign["id"].as_str().unwrap()), Some(&staff), None).await;
        assert_eq!(status, 200);
        let (status, m) = call(&s, Method::POST, &format!("/api/v1/hearings/{id}/memo/compose"), Some(&staff), None).await;
        assert_eq!(status, 201, "{m}");
        assert_eq!(m["version"], 1);
        assert_eq!(m["final"], false);
        let md = m["markdown"].as_str().unwrap();
        assert!(md.starts_with("# Hearing memo: Høring over Erhvervspolitik"), "{md}");
        let total = w["progress"]["total"].as_i64().unwrap();
        assert!(md.contains(&format!("{total} responses came in.")), "every response counts: {md}");
        assert!(md.contains("Near-identical responses (campaigns)"), "{md}");
        assert!(md.contains(&format!("{} responses with this shared text:", campaign["count"])), "{md}");
        assert!(md.contains("### 3.1 Erhvervsservice"));
        assert!(md.contains("Forvaltningen anbefaler en erhvervsportal."));
        assert!(md.contains(&format!("[{first_ref}](")) && md.contains(&format!("/responses/{first})")), "traceable: {md}");
        assert!(m["html"].as_str().unwrap().contains("<h3>"), "{m}");

        // A draft: politicians read it; respondents and visitors do not.
        assert_eq!(call(&s, Method::GET, &format!("/api/v1/hearings/{id}/memo"), Some(&politician), None).await.0, 200);
        assert_eq!(call(&s, Method::GET, &format!("/api/v1/hearings/{id}/memo"), Some(&bakery), None).await.0, 404);
        assert_eq!(call(&s, Method::GET, &format!("/api/v1/hearings/{id}/memo"), None, None).await.0, 404);
        assert_eq!(download(&s, &format!("/api/v1/hearings/{id}/memo/export/docx"), None).await.0, 404);

        // Editing: a stale start is refused with the field named; then saved.
        let (status, p) = call(&s, Method::PUT, &format!("/api/v1/hearings/{id}/memo"), Some(&staff), Some(json!({"markdown": "# X"}))).await;
        assert_eq!(status, 422, "{p}");
        assert_eq!(p["errors"][0]["field"], "version");
        let edited = format!("{md}\nTilføjet af sekretariatet.\n");
        let (status, m) = call(&s, Method::PUT, &format!("/api/v1/hearings/{id}/memo"), Some(&staff), Some(json!({"markdown": edited, "based_on": 1}))).await;
        assert_eq!(status, 200, "{m}");
        assert_eq!(m["version"], 1);
        let (status, _) = call(&s, Method::PUT, &format!("/api/v1/hearings/{id}/memo"), Some(&staff), Some(json!({"markdown": 5}))).await;
        assert_eq!(status, 400);
        assert_eq!(call(&s, Method::POST, &format!("/api/v1/hearings/{id}/memo/finalise"), Some(&politician), Some(json!({"version": 1}))).await.0, 403);
        let (status, m) = call(&s, Method::POST, &format!("/api/v1/hearings/{id}/memo/finalise"), Some(&staff), Some(json!({"version": 1}))).await;
        assert_eq!(status, 200, "{m}");
        assert_eq!(m["final"], true);

        // Final: public, and downloadable in four formats.
        let public = get_json(s.url(&format!("/api/v1/hearings/{id}/memo")), None).await;
        assert_eq!(public["version"], 1);
        assert!(public["markdown"].as_str().unwrap().contains("Tilføjet af sekretariatet."));
        let (status, ct, cd, docx) = download(&s, &format!("/api/v1/hearings/{id}/memo/export/docx"), None).await;
        assert_eq!(status, 200);
        assert!(ct.contains("wordprocessingml"), "{ct}");
        assert!(cd.starts_with("attachment;") && cd.contains("hoeringsnotat-v1.docx"), "{cd}");
        assert_eq!(&docx[..2], b"PK");
        let (status, ct, _, pdf) = download(&s, &format!("/api/v1/hearings/{id}/memo/export/pdf"), Some(&bakery)).await;
        assert_eq!((status, ct.as_str()), (200, "application/pdf"));
        assert!(pdf.starts_with(b"%PDF-"));
        let (_, _, _, text) = download(&s, &format!("/api/v1/hearings/{id}/memo/export/md"), None).await;
        assert_eq!(String::from_utf8(text).unwrap(), edited);
        let (_, ct, _, html) = download(&s, &format!("/hearings/{id}/memo/export/html"), None).await;
        assert!(ct.starts_with("text/html"));
        let html = String::from_utf8(html).unwrap();
        assert!(html.contains("<html lang=\"da\">") && html.contains("Erhvervsservice"), "{html}");
        assert_eq!(download(&s, &format!("/api/v1/hearings/{id}/memo/export/exe"), None).await.0, 404);
        // The archive bundle for the case system carries the final memo.
        let (status, _, _, zip) = download(&s, &format!("/api/v1/hearings/{id}/export/archive.zip"), Some(&staff)).await;
        assert_eq!(status, 200);
        for name in ["hoeringsnotat-v1.docx", "hoeringsnotat-v1.pdf", "hoeringsnotat-v1.md"] {
            assert!(zip.windows(name.len()).any(|w| w == name.as_bytes()), "the archive holds {name}");
        }

        // The next edit starts version 2; version 1 stays as it was.
        let (status, m) = call(&s, Method::POST, &format!("/api/v1/hearings/{id}/memo/compose"), Some(&staff), Some(json!({"based_on": 1}))).await;
        assert_eq!(status, 201);
        assert_eq!(m["version"], 2);
        let v1 = get_json(s.url(&format!("/api/v1/hearings/{id}/memo?version=1")), Some(&staff)).await;
        assert!(v1["markdown"].as_str().unwrap().contains("Tilføjet af sekretariatet."));
        assert_eq!(get_json(s.url(&format!("/api/v1/hearings/{id}/memo")), None).await["version"], 1, "the public still reads the final version");
        let all = get_json(s.url(&format!("/api/v1/hearings/{id}/memo")), Some(&staff)).await;
        assert_eq!(all["versions"].as_array().unwrap().len(), 2);
    })
    .await;
}

#[tokio::test]
async fn on_the_memo_page_staff_compose_and_save_and_an_error_keeps_the_text() {
    each(true, |s| async move {
        let id = policy_hearing(&s).await;
        let pol = sign_in(&s, POLITICIAN).await;
        let page = pol
            .get(s.url(&format!("/hearings/{id}/memo")))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        let page = page.text().await.unwrap();
        assert!(page.contains("class=\"memo-none\""));
        assert!(!page.contains("memo-markdown"), "politicians get no editor");
        let res = pol
            .post(s.url(&format!("/hearings/{id}/memo/compose")))
            .form(&[("csrf", csrf(&page))])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        assert_eq!(
            client()
                .get(s.url(&format!("/hearings/{id}/memo")))
                .send()
                .await
                .unwrap()
                .status(),
            404
        );

        let c = sign_in(&s, STAFF).await;
        let hearing = c
            .get(s.url(&format!("/hearings/{id}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            hearing.contains(&format!("href=\"/hearings/{id}/memo\"")),
            "reachable from the hearing"
        );
        let page = c
            .get(s.url(&format!("/hearings/{id}/memo")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let res = c
            .post(s.url(&format!("/hearings/{id}/memo/compose")))
            .form(&[("csrf", csrf(&page)), ("based_on", String::new())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let page = c
            .get(s.url(&format!("/hearings/{id}/memo?saved=1")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("# Høringsnotat: Høring over Erhvervspolitik"),
            "composed in Danish: {page}"
        );
        assert!(page.contains("memo-saved"));
        // A save that did not start from the newest version comes back with the text kept.
        let res = c
            .post(s.url(&format!("/hearings/{id}/memo")))
            .form(&[
                ("csrf", csrf(&page)),
                ("markdown", "# Min egen tekst".into()),
                ("based_on", String::new()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("id=\"memo-markdown-error\""));
        assert!(html.contains("# Min egen tekst</textarea>"), "{html}");
        let res = c
            .post(s.url(&format!("/hearings/{id}/memo")))
            .form(&[
                ("csrf", csrf(&page)),
                ("markdown", "# Min egen tekst".into()),
                ("based_on", "1".into()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let res = c
            .post(s.url(&format!("/hearings/{id}/memo/finalise")))
            .form(&[("csrf", csrf(&page)), ("version", "1".into())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let public = client()
            .get(s.url(&format!("/hearings/{id}/memo")))
            .send()
            .await
            .unwrap();
        assert_eq!(public.status(), 200);
        let public = public.text().await.unwrap();
        assert!(public.contains("Min egen tekst") && !public.contains("memo-markdown"));
        let admin = token(&s, "admin@glostrup.example", "Demo-Admin-1").await;
        let audit = get_json(s.url("/api/v1/audit"), Some(&admin))
            .await
            .to_string();
        assert!(
            audit.contains("memo.save") && audit.contains("memo.finalise"),
            "{audit}"
        );
    })
    .await;
}
