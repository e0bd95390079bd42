-- wrk script: file online disclosure requests through the public API (POST /api/v1/requests).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[{"agency": 1, "applicant": {"kind": "natural_person", "name": "压力测试", "id_type": "resident_id",
 "id_number": "11010519491231002X", "phone": "13800138000", "email": "", "address": ""},
 "description": "请公开示例县2025年城乡居民最低生活保障资金发放情况", "form": "electronic", "delivery": "online"}]]
-- wrk counts non-2xx/3xx answers itself ("Non-2xx or 3xx responses"); none should appear.
