"""Counts the SQL statements of single requests (see scripts/query-count).

Usage: query_count.py BASE_URL ADMIN_PASSWORD LOG_FILE

Each request runs alone; the statements it caused are the `sqlx::query` lines the server's
log gained while it ran. Prints a Markdown table: the request, its status, its statements.
"""

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
    rows.append((label, f"{method} {path}", status, log_lines() - before))
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

print("| action | request | status | SQL statements |")
print("|---|---|---|---|")
for label, request, status, count in rows:
    print(f"| {label} | `{request}` | {status} | {count} |")
