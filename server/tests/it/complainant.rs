//! The complainant's own surface: attachments (sniffed, stripped, linked on filing), lookup by
//! receipt number and contact, and the QR code of the tracking link.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};

use crate::common::{Reply, TestApp};

const JPG: &[u8] = include_bytes!("../fixtures/gps.jpg");
const HEIC: &[u8] = include_bytes!("../fixtures/gps.heic");
const PDF: &[u8] = include_bytes!("../fixtures/doc.pdf");

/// `POST /api/v1/uploads` with one multipart `file` field, as a browser's FormData sends it.
pub async fn upload(app: &TestApp, name: &str, claimed_type: &str, data: &[u8]) -> Reply {
    let boundary = "----voc-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
             Content-Type: {claimed_type}\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let req = Request::post("/api/v1/uploads")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(body))
        .unwrap();
    app.send(req).await
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn field(r: &Reply, name: &str) -> Value {
    r.body["fields"][name].clone()
}

#[tokio::test]
async fn attachments_are_checked_by_content_stripped_and_filed_with_the_case() {
    let app = TestApp::new().await;
    // A photo named like a PDF is still a photo; a HEIC from a phone is accepted.
    let photo = upload(&app, "영수증.pdf", "application/pdf", JPG).await;
    assert_eq!(photo.status, StatusCode::CREATED, "{:?}", photo.body);
    assert_eq!(photo.body["media_kind"], "jpeg");
    assert_eq!(photo.body["file_name"], "영수증.pdf");
    let heic = upload(&app, "IMG_0001.HEIC", "image/heic", HEIC).await;
    assert_eq!(heic.body["media_kind"], "heic", "{:?}", heic.body);
    let doc = upload(&app, "C:\\fakepath\\민원서류.pdf", "application/pdf", PDF).await;
    assert_eq!(doc.body["file_name"], "민원서류.pdf");

    // A program named .jpg is refused, naming the file; so is an empty one and one too large.
    let exe = upload(&app, "cat.jpg", "image/jpeg", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00").await;
    assert_eq!(exe.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field(&exe, "attachments")["code"], "file_type");
    assert!(field(&exe, "attachments")["ko"].as_str().unwrap().contains("'cat.jpg'"));
    let empty = upload(&app, "empty.png", "image/png", b"").await;
    assert_eq!(field(&empty, "attachments")["code"], "file_empty");
    let mut big = JPG.to_vec();
    big.resize(app::domain::MAX_ATTACHMENT_BYTES + 1, 0);
    let big = upload(&app, "huge.jpg", "image/jpeg", &big).await;
    assert_eq!(big.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field(&big, "attachments")["code"], "file_too_large", "{:?}", big.body);
    assert!(field(&big, "attachments")["en"].as_str().unwrap().contains("10 MB"));

    // Filed with the three handles: the case lists them, staff get the bytes back without
    // the camera's EXIF and location.
    let ids: Vec<Value> = [&photo, &heic, &doc].iter().map(|r| r.body["id"].clone()).collect();
    let r = app
        .post(
            "/api/v1/cases",
            json!({"kind": "complaint", "channel": "mobile", "content": "화장실 세면대가 깨져 있습니다. 사진 첨부합니다.",
                   "attachments": ids}),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let admin = app.admin().await;
    let case = app.get(&format!("/api/v1/cases/{}", r.body["id"]), Some(&admin)).await;
    let files = case.body["attachments"].as_array().unwrap();
    let names: Vec<&str> = files.iter().map(|f| f["file_name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 3);
    assert!(names.contains(&"IMG_0001.HEIC") && names.contains(&"영수증.pdf") && names.contains(&"민원서류.pdf"));
    for f in files {
        let (status, headers, bytes) = app.download(f["url"].as_str().unwrap(), &admin).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!contains(&bytes, b"VOC-TEST-CAMERA"), "{}: metadata stripped", f["file_name"]);
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        if f["media_kind"] == "pdf" {
            assert_eq!(bytes, PDF);
            assert!(headers[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment;"));
        } else {
            assert!(headers[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("inline;"));
        }
    }
    let history = app.get(&format!("/api/v1/cases/{}/history", r.body["id"]), Some(&admin)).await;
    assert!(history.body.to_string().contains("첨부파일"), "{:?}", history.body);
    // Without a session the files are not there to be read.
    let anonymous = app.get(files[0]["url"].as_str().unwrap(), None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

    // A handle can be filed once: reusing it refuses the second case, which is not made.
    let again = app
        .post(
            "/api/v1/cases",
            json!({"kind": "complaint", "channel": "mobile", "content": "같은 사진으로 한 번 더 접수합니다.", "attachments": [ids[0]]}),
            None,
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field(&again, "attachments")["code"], "upload_not_found");
    let queue = app.get("/api/v1/queue", Some(&admin)).await;
    assert_eq!(queue.body["items"].as_array().unwrap().len(), 1, "the refused filing made no case");

    // Six files are refused before anything is looked up.
    let six = app
        .post(
            "/api/v1/cases",
            json!({"kind": "complaint", "channel": "mobile", "content": "파일이 여섯 개입니다.",
                   "attachments": ["a1", "a2", "a3", "a4", "a5", "a6"]}),
            None,
        )
        .await;
    assert_eq!(field(&six, "attachments")["code"], "too_many_files");
}

#[tokio::test]
async fn uploads_never_filed_are_purged_after_a_day() {
    let app = TestApp::new().await;
    let kept = upload(&app, "a.jpg", "image/jpeg", JPG).await.body["id"].clone();
    let left = upload(&app, "b.jpg", "image/jpeg", JPG).await.body["id"].clone();
    let r = app
        .post(
            "/api/v1/cases",
            json!({"kind": "inquiry", "channel": "mobile", "content": "사진 한 장만 첨부합니다.", "attachments": [kept]}),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(app.state.store.purge_unlinked_uploads(app.state.now()).await.unwrap(), 0, "a fresh upload waits");
    app.set_now_offset_minutes(25 * 60);
    // Too late to file with it, and the purge removes it but not the filed one.
    let late = app
        .post(
            "/api/v1/cases",
            json!({"kind": "inquiry", "channel": "mobile", "content": "하루 지난 사진입니다.", "attachments": [left]}),
            None,
        )
        .await;
    assert_eq!(field(&late, "attachments")["code"], "upload_not_found");
    assert_eq!(app.state.store.purge_unlinked_uploads(app.state.now()).await.unwrap(), 1);
    let case_id = r.body["id"].as_i64().unwrap();
    assert_eq!(app.state.store.attachments_of(case_id).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_complainant_finds_the_case_by_receipt_number_and_contact() {
    let app = TestApp::new().await;
    let r = app
        .post(
            "/api/v1/cases",
            json!({"kind": "inquiry", "channel": "mobile", "content": "주차장 이용 시간이 궁금합니다.",
                   "phone": "010-2345-6789", "email": "Kim@Example.KR", "consent": {"sms": true}}),
            None,
        )
        .await;
    let receipt = r.body["receipt_no"].as_str().unwrap().to_owned();
    let receipt_token = r.body["tracking_token"].as_str().unwrap().to_owned();
    for contact in ["01023456789", "010 2345 6789", "kim@example.kr"] {
        let found =
            app.post("/api/v1/lookup", json!({"receipt_no": receipt.to_lowercase(), "contact": contact}), None).await;
        assert_eq!(found.status, StatusCode::OK, "{contact}: {:?}", found.body);
        // The receipt's token is kept only as a hash: the lookup opens the case with a new one.
        let path = found.body["tracking_path"].as_str().unwrap();
        let token = path.strip_prefix(&format!("/track/{receipt}?token=")).unwrap();
        assert_ne!(token, receipt_token);
        assert_eq!(app.get(&format!("/api/v1/cases/{receipt}?token={token}"), None).await.status, StatusCode::OK);
    }
    let wrong = app.post("/api/v1/lookup", json!({"receipt_no": receipt, "contact": "010-9999-0000"}), None).await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    assert_eq!(wrong.body["error"], "lookup_not_found");
    assert!(wrong.body.get("tracking_path").is_none());
    let bad = app.post("/api/v1/lookup", json!({"receipt_no": "12345", "contact": ""}), None).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field(&bad, "receipt_no")["code"], "receipt_no_invalid");
    assert_eq!(field(&bad, "contact")["code"], "required");

    // Guessing is cut off after five failures for one receipt number, even with the right
    // contact, until the window has passed.
    for _ in 0..4 {
        app.post("/api/v1/lookup", json!({"receipt_no": receipt, "contact": "010-0000-0000"}), None).await;
    }
    let blocked = app.post("/api/v1/lookup", json!({"receipt_no": receipt, "contact": "010-2345-6789"}), None).await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(blocked.headers.contains_key(header::RETRY_AFTER));
    app.set_now_offset_minutes(16);
    let later = app.post("/api/v1/lookup", json!({"receipt_no": receipt, "contact": "010-2345-6789"}), None).await;
    assert_eq!(later.status, StatusCode::OK);
}

#[tokio::test]
async fn the_receipt_qr_code_holds_the_full_tracking_address() {
    let app = TestApp::new_with(|c| c.notify.public_url = "https://voc.example.kr/".into()).await;
    let c = app.file("철로자전거 안전벨트가 고장났습니다.").await;
    let receipt = c["receipt_no"].as_str().unwrap();
    let token = c["tracking_token"].as_str().unwrap();
    let r =
        app.call(axum::http::Method::GET, &format!("/api/v1/cases/{receipt}/qr.svg?token={token}"), None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers[header::CONTENT_TYPE], "image/svg+xml");
    let svg = r.body.as_str().unwrap();
    assert!(svg.contains("<svg") && svg.contains("<path"), "{svg:.200}");
    // The picture is the code of the full link at the public address, nothing shorter.
    let expected = server::qr::svg(&format!("https://voc.example.kr/track/{receipt}?token={token}")).unwrap();
    assert_eq!(svg, expected);
    let wrong = app.get(&format!("/api/v1/cases/{receipt}/qr.svg?token=nope"), None).await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_history_names_whoever_filed_the_files() {
    use app::domain::HistoryAction;
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let document = upload(&app, "민원서류.pdf", "application/pdf", PDF).await;
    let photo = upload(&app, "현장사진.jpg", "image/jpeg", JPG).await;
    let filing = |upload: &Reply, channel: &str| {
        json!({"kind": "complaint", "channel": channel, "content": "서류를 가져와 접수합니다.",
               "attachments": [upload.body["id"].clone()]})
    };
    // The complainant on their phone; a member of staff for a visitor at the counter.
    let by_complainant = app.post("/api/v1/cases", filing(&document, "mobile"), None).await;
    let by_staff = app.post("/api/v1/cases", filing(&photo, "visit"), Some(&admin)).await;
    let staff = app.client(Some(&admin));
    for (filed, who, files) in [(by_complainant, "민원인", "민원서류.pdf"), (by_staff, "admin", "현장사진.jpg")]
    {
        assert_eq!(filed.status, StatusCode::CREATED, "{:?}", filed.body);
        let view = staff.case(filed.body["id"].as_i64().unwrap()).await.unwrap();
        let attached: Vec<(&str, &str)> = view
            .history
            .iter()
            .filter(|h| h.code == Some(HistoryAction::Attached))
            .map(|h| (h.actor.as_str(), h.detail.as_str()))
            .collect();
        assert_eq!(attached, [(who, files)]);
    }
}
