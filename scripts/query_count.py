"""Counts the SQL statements of single requests (see scripts/query-count).

Usage: query_count.py BASE_URL ADMIN_PASSWORD LOG_FILE

Each request runs alone; the statements it caused are the `sqlx::query` lines the server's
log gained while it ran. Prints a Markdown table: the request, its status, its statements.
"""

import datetime
import json
import sys
import time
import urllib.request

base, password, log_path = sys.argv[1], sys.argv[2], sys.argv[3]
cookie = None


def log_lines():
    # A new pooled SQLite connection sets itself up with PRAGMAs: that is the pool's, not the
    # request's, so it is not counted.
    with open(log_path, encoding="utf-8", errors="replace") as f:
        return sum(1 for line in f if "sqlx::query" in line and 'summary="PRAGMA' not in line)


def call(method, path, body=None, expect=None):
    global cookie
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        req.add_header("content-type", "application/json")
    if cookie:
        req.add_header("cookie", cookie)
    try:
        with urllib.request.urlopen(req) as resp:
            status, raw, headers = resp.status, resp.read(), resp.headers
    except urllib.error.HTTPError as e:
        status, raw, headers = e.code, e.read(), e.headers
    if headers.get("set-cookie"):
        cookie = headers["set-cookie"].split(";")[0]
    if expect is not None and status != expect:
        sys.exit(f"{method} {path}: HTTP {status}, expected {expect}: {raw[:300]!r}")
    return status, (json.loads(raw) if raw and raw[:1] in b"{[" else None)


rows = []


def measure(label, method, path, body=None, expect=200):
    time.sleep(0.3)
    before = log_lines()
    status, answer = call(method, path, body, expect)
    time.sleep(0.3)
    shown = path.split("?token=")[0] + ("?token=…" if "?token=" in path else "")
    rows.append((label, f"{method} {shown}", status, log_lines() - before))
    return answer


call("POST", "/api/v1/session", {"username": "admin", "password": password}, 204)
departments = call("GET", "/api/v1/departments", expect=200)[1]
department = departments[0]["id"]
call("POST", "/api/v1/users", {"username": "officer", "password": "officer-password-1", "display_name": "담당자",
                               "role": "handler", "department": str(department)}, 201)
officer = next(u for u in call("GET", "/api/v1/users", expect=200)[1] if u["username"] == "officer")
filed = measure(
    "file a case (staff, kiosk channel)",
    "POST",
    "/api/v1/cases",
    {"kind": "complaint", "channel": "kiosk", "facility": "railbike", "content": "화장실 세면대 수도꼭지가 고장났습니다.",
     "name": "홍길동", "phone": "010-1234-5678", "consent": {"sms": True}},
    201,
)
case = filed["id"]
p = f"/api/v1/cases/{case}"
view = measure("open the case (staff view)", "GET", p)
measure("internal note", "POST", p + "/notes", {"note": "현장 확인 예정"}, 201)
measure("route to a department", "POST", p + "/route", {"department": str(department)})
measure("assign to an officer", "POST", p + "/assign", {"user": str(officer["id"])})
measure("pause the clock", "POST", p + "/pause", {"reason": "awaiting_complainant", "note": "보완 대기"})
measure("resume", "POST", p + "/resume")
last_day = (view.get("extension") or {}).get("last_day")
if last_day:
    measure("extend the period", "POST", p + "/extend", {"reason": "현장 조사가 필요합니다.", "due_date": last_day})
answer = {"result": "수도꼭지를 교체했습니다.", "basis": "시설 관리 규정", "appeal": "이의신청은 30일 안에 할 수 있습니다."}
measure("draft an answer", "POST", p + "/draft", answer)
measure("approve the draft (answers, closes)", "POST", p + "/approve", {"note": ""})
measure("reopen", "POST", p + "/reopen", {"note": "민원인이 다시 확인을 요청했습니다."})
measure("answer directly (closes)", "POST", p + "/answer", answer)

# The other case actions, on more cases of the same complainant: the second case is worked,
# the others closed in the ways a case can close besides an answer.
def file(content, expect=201):
    body = {"kind": "complaint", "channel": "kiosk", "facility": "railbike", "content": content,
            "name": "홍길동", "phone": "010-1234-5678", "consent": {"sms": True}}
    return call("POST", "/api/v1/cases", body, expect)[1]


def weekday_after(days):
    day = datetime.date.today() + datetime.timedelta(days=days)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day.isoformat()


second, third, fourth, fifth, sixth = (file(f"레일바이크 {n}번 좌석 안전벨트가 헐겁습니다.") for n in range(2, 7))
q = f"/api/v1/cases/{second['id']}"
measure("interim (delay) notice", "POST", q + "/interim",
        {"reason": "부품 수급에 시간이 걸립니다.", "expected_date": weekday_after(9)})
measure("mark serious", "POST", q + "/serious", {"reason": "safety", "note": "운행 중 이탈 위험"})
measure("clear the serious mark", "DELETE", q + "/serious")
measure("record a call", "POST", q + "/contacts", {"means": "phone", "outcome": "talked", "summary": "상황을 설명함"})
measure("mark unreachable", "POST", q + "/unreachable", {"note": "전화 3회 결번"})
measure("clear the unreachable mark", "DELETE", q + "/unreachable")
measure("correct the record (classify)", "POST", q + "/classify",
        {"channel": "phone", "reason": "전화 접수를 키오스크로 잘못 등록함"})
measure("link to another case", "POST", q + "/links", {"other": filed["receipt_no"], "relation": "related"})
measure("ask for a supplement (stops the clock)", "POST", q + "/supplement",
        {"request": "좌석 사진을 보내 주세요.", "due_date": weekday_after(7)})
measure("close as not a complaint", "POST", f"/api/v1/cases/{third['id']}/close",
        {"reason": "court_or_investigation", "note": "소송 진행 중"})
measure("transfer to another agency (closes)", "POST", f"/api/v1/cases/{fourth['id']}/transfer-out",
        {"agency": "문경시청 도로과", "reason": "시 도로의 유지·보수는 문경시 소관입니다."})
measure("merge into an open case (closes)", "POST", f"/api/v1/cases/{fifth['id']}/merge",
        {"into": second["receipt_no"]})
measure("the complainant withdraws (tracking link)", "POST",
        f"/api/v1/cases/{sixth['receipt_no']}/withdraw?token={sixth['tracking_token']}")

print("| action | request | status | SQL statements |")
print("|---|---|---|---|")
for label, request, status, count in rows:
    print(f"| {label} | `{request}` | {status} | {count} |")
