#!/usr/bin/env python3
"""Print a valid declaration (Docs/validation.md section 7, the brief's example) for today.

The intake refuses a plannedCrossingOn before today or more than 30 days ahead and a health
declaration not dated today or in the last 7 days, "today" being the date in Asia/Ho_Chi_Minh.
So the dates are shifted to today there: crossing tomorrow, health declared today, the
phytosanitary certificate issued two days ago. Four goods lines, about 1.5 KB of JSON.

With --green: one line of laptops instead of the fruit (no quarantine certificate needed, a
value per kilogram no rule questions), so the lane is green and the declaration is released at
once, through the release trigger (manifest feed, partner outbox) the red one never reaches.
"""
import datetime
import json
import sys

today = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=7)).date()
day = lambda n: (today + datetime.timedelta(days=n)).isoformat()

def line(hs, description, quantity, unit, gross, net, value):
    return {"hsCode": hs, "description": description, "quantity": quantity, "unit": unit,
            "grossKg": gross, "netKg": net, "value": value, "currency": "USD", "origin": "VN"}

declaration = {
    "direction": "export",
    "crossing": "HUU_NGHI",
    "plannedCrossingOn": day(1),
    "trader": {"taxCode": "4900567896", "name": "Công ty TNHH Xuất nhập khẩu Lạng Sơn", "country": "VN"},
    "vehicle": {"plate": "12C-123.45", "plateCountry": "VN", "trailerPlate": "12R-012.34", "kind": "tractor_trailer",
                "containers": [{"number": "MSCU1234566", "seal": "VN123456"}]},
    "driver": {"fullName": "Nguyễn Văn An", "nationality": "VN", "birthDate": "1985-04-12",
               "document": {"type": "passport", "number": "C1234567", "expiresOn": "2031-05-01"},
               "licence": {"number": "120123456789", "class": "FC", "expiresOn": "2029-01-01"}},
    "goods": [
        line("08109010", "Sầu riêng tươi", 18000, "KGM", 19500, 18000, 54000),
        line("08045020", "Xoài tươi", 6000, "KGM", 6600, 6000, 9000),
        line("08030010", "Chuối tươi", 9000, "KGM", 9900, 9000, 4500),
        line("08105000", "Thanh long tươi", 3000, "KGM", 3300, 3000, 2700),
    ],
    "quarantine": {"driverHealth": {"declaredOn": day(0), "fever": False, "symptoms": []},
                   "certificates": [{"kind": "phytosanitary", "number": "PC-2026-0001",
                                     "issuer": "Plant Protection Department", "country": "VN",
                                     "issuedOn": day(-2), "expiresOn": day(28), "goodsLines": [0, 1, 2, 3]}]},
}
if "--green" in sys.argv[1:]:
    declaration["goods"] = [line("84713020", "Máy tính xách tay", 200, "PCE", 600, 500, 90000)]
    declaration["quarantine"]["certificates"] = []
sys.stdout.write(json.dumps(declaration, ensure_ascii=False, separators=(",", ":")))
