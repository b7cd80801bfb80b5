#!/usr/bin/env python3
"""A page session for the homework pages' benchmark targets (bench/homework): signs the user of
an API token in through the sign-in form and prints the Cookie header value and the CSRF token
of that session's forms, tab-separated.

    bench/hw_page_session.py BASE TOKEN PASSWORD"""
import http.cookiejar
import json
import re
import sys
import urllib.parse
import urllib.request

BASE, TOKEN, PW = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
jar = http.cookiejar.CookieJar()
web = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
me = json.loads(urllib.request.urlopen(urllib.request.Request(
    BASE + "/api/me/", headers={"Authorization": "Bearer " + TOKEN}), timeout=30).read())


def csrf(html):
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    if not m:
        sys.exit("hw_page_session: no CSRF token in the page")
    return m.group(1)


form = urllib.parse.urlencode({"email": me["email"], "password": PW,
                               "csrf_token": csrf(web.open(BASE + "/login").read().decode())})
web.open(BASE + "/login", data=form.encode(), timeout=30)
token = csrf(web.open(BASE + "/profile", timeout=30).read().decode())
cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
if "tp_session=" not in cookies:
    sys.exit("hw_page_session: the sign-in failed")
print(f"{cookies}\t{token}")
