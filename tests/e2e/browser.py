"""The browser walk: open a page in headless Chromium as a given signed-in user, on a phone
(390x844) and on a desktop (1280x900), and fail on what a person would notice there:

- the page scrolls sideways (document scrollWidth > clientWidth), with the elements that stick out;
- on the phone, a control smaller than 44x44 px (a button, a form field, a nav link, ...);
- an axe-core violation of impact "critical" or "serious" (missing labels, low contrast, ...);
- an error page where a page was expected (the error card of templates/errors/error.html).

Every page's screenshots (the whole page, both sizes) stay in var/screenshots/<name>/ (or under
$TPANEL_SCREENSHOTS), where <name> is what the test passes; look at them.

Use it from any test module:

    from browser import browser, check_pages, signed_in_cookies    # browser is a fixture

    def test_my_pages(stack, browser):
        teacher = signed_in_cookies(stack, teacher_email)          # or None: anonymous
        check_pages(browser, stack, "mymodule", [("/things", teacher), ("/things/1", teacher)])

axe-core is the npm package `scripts/stack deps` installs into var/npm (not committed;
$TPANEL_AXE_JS may name another axe.min.js). Selenium, chromium and chromium-driver are Debian
packages; without them the tests skip.
"""

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from conftest import REPO

SIZES = ((390, 844), (1280, 900))
BLOCKING = ("critical", "serious")
AXE_JS = Path(os.environ.get("TPANEL_AXE_JS") or
              REPO / "var" / "npm" / "node_modules" / "axe-core" / "axe.min.js")
SHOTS = Path(os.environ.get("TPANEL_SCREENSHOTS") or REPO / "var" / "screenshots")
SHOT_MAX_HEIGHT = 8000
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                 "--hide-scrollbars", "--force-device-scale-factor=1"]

# Elements that stick out of the viewport's width, outside any box that scrolls sideways
# itself: what a person would have to scroll the whole page for.
OVERFLOWING_JS = r"""
const vw = document.documentElement.clientWidth, out = [];
function scrolls(el) {
  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    const ox = getComputedStyle(p).overflowX;
    if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') return true;
  }
  return false;
}
function name(el) {
  let s = el.tagName.toLowerCase();
  if (el.id) s += '#' + el.id;
  if (el.classList.length) s += '.' + Array.from(el.classList).join('.');
  return s;
}
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.right <= vw + 0.5 || scrolls(el)) continue;
  const p = el.parentElement;
  if (p && p !== document.body && p.getBoundingClientRect().right > vw + 0.5 && !scrolls(p))
    continue;  // its parent is reported already
  out.push(name(el) + ' (right edge ' + Math.round(r.right) + ' px): ' +
           (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 60));
  if (out.length >= 8) break;
}
return out;
"""

# Controls smaller than 44x44 px on a phone (links inside text are exempt, as in WCAG 2.5.5; a
# check box or radio button counts with its label).
SMALL_TARGETS_JS = r"""
const out = [], sel = 'button, a.button, select, textarea, summary, label[for], nav a, ' +
  '.tabs a, .calnav a, .pager a, input:not([type=hidden])';
for (const el of document.querySelectorAll(sel)) {
  if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue;
  let r = el.getBoundingClientRect();
  if ((el.type === 'checkbox' || el.type === 'radio') && el.labels && el.labels.length) {
    const l = el.labels[0].getBoundingClientRect();
    r = {width: Math.max(r.width, l.width), height: Math.max(r.height, l.height)};
  }
  if (el.classList.contains('nav-toggle')) continue;  // its label is the target
  if (r.width >= 43.5 && r.height >= 43.5) continue;
  out.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '') +
           ' ' + Math.round(r.width) + 'x' + Math.round(r.height) + ': ' +
           (el.textContent || el.name || '').trim().replace(/\s+/g, ' ').slice(0, 40));
  if (out.length >= 8) break;
}
return out;
"""

AXE_RUN_JS = r"""
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']}).then(function (r) {
  done(JSON.stringify(r.violations.map(function (v) {
    return {id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(function (n) {
              return {target: n.target.join(' '), summary: (n.failureSummary || '').slice(0, 300)};
            })};
  })));
}, function (e) { done(JSON.stringify({error: String(e)})); });
"""


def _find(*names):
    for n in names:
        p = shutil.which(n)
        if p:
            return p
    return None


def _slug(path):
    s = re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-")
    return s or "root"


class Browser:
    """One headless Chromium; open pages as a user, check them, keep screenshots."""

    def __init__(self, driver, axe_source):
        self.d = driver
        self.axe = axe_source

    def _size(self, width, height):
        self.d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})

    def sign_in(self, base, cookies):
        """Make the browser the user these cookies ({name: value}) belong to; None: anonymous."""
        self.d.get(base + "/api/ping/")
        self.d.delete_all_cookies()
        for k, v in (cookies or {}).items():
            self.d.add_cookie({"name": k, "value": v, "path": "/"})

    def screenshot(self, path):
        size = self.d.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
        shot = self.d.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size[0],
                     "height": min(size[1], SHOT_MAX_HEIGHT), "scale": 1}})
        import base64
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))

    def problems(self, url, shots, name, error_page_ok=False):
        """Load url at every size; a list of what is wrong (empty: the page is fine)."""
        found = []
        for width, height in SIZES:
            where = f"{name} at {width}x{height}"
            self._size(width, height)
            self.d.get(url)
            if not error_page_ok and self.d.find_elements("css selector", "section.card.error"):
                found.append(f"{where}: an error page: " +
                             self.d.find_element("css selector", "section.card.error").text[:200])
            cw, sw = self.d.execute_script(
                "return [document.documentElement.clientWidth, "
                "document.documentElement.scrollWidth]")
            if cw != width:
                found.append(f"{where}: the viewport is {cw} px wide, not {width}")
            if sw > cw:
                found.append(f"{where}: scrolls sideways (scrollWidth {sw} > clientWidth {cw}): "
                             + "; ".join(self.d.execute_script(OVERFLOWING_JS)))
            if width < 600:
                small = self.d.execute_script(SMALL_TARGETS_JS)
                if small:
                    found.append(f"{where}: touch targets under 44x44 px: " + "; ".join(small))
            self.d.execute_script(self.axe)
            res = json.loads(self.d.execute_async_script(AXE_RUN_JS))
            if isinstance(res, dict):
                found.append(f"{where}: axe-core failed: {res['error']}")
                res = []
            for v in res:
                if v["impact"] in BLOCKING:
                    nodes = "; ".join(n["target"] for n in v["nodes"][:6])
                    found.append(f"{where}: axe {v['impact']} {v['id']} ({v['help']}) on "
                                 f"{len(v['nodes'])} nodes: {nodes} -- "
                                 f"{v['nodes'][0]['summary']}")
            self.screenshot(shots / f"{name}-{width}x{height}.png")
        self._size(*SIZES[-1])
        return found


@pytest.fixture(scope="module")
def browser():
    """A Browser for the module's tests (skips without selenium or chromium)."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("python3-selenium is not installed (scripts/stack deps installs it)")
    chromium = _find("chromium", "chromium-browser")
    driver_bin = _find("chromedriver")
    if not chromium or not driver_bin:
        pytest.skip("chromium / chromium-driver are not installed (scripts/stack deps installs them)")
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core is not installed at {AXE_JS}: run scripts/stack deps")
    profile = tempfile.mkdtemp(prefix="tp-chromium-")
    opts = Options()
    opts.binary_location = chromium
    for a in CHROMIUM_ARGS:
        opts.add_argument(a)
    opts.add_argument("--user-data-dir=" + profile)
    driver = webdriver.Chrome(service=Service(executable_path=driver_bin), options=opts)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    try:
        yield Browser(driver, AXE_JS.read_text())
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def signed_in_cookies(stack, email, password="Teach1ngPanel"):
    """The cookies of a page session of this user (signed in through the sign-in form)."""
    from test_pages import Client, page_signin
    c = Client(stack)
    r = page_signin(c, email, password)
    assert r.status == 303 and "tp_session" in c.cookies, r
    return dict(c.cookies)


def check_pages(browser, stack, name, pages, error_pages=()):
    """Walk pages, a list of (path, cookies or None[, label]), keeping the screenshots in
    var/screenshots/<name>/<label or path>-<width>x<height>.png; fail with every problem of
    every page at once. Paths in error_pages are meant to be error pages (a 404 page, ...) and
    are checked all the same."""
    shots = SHOTS / name
    if shots.exists():
        shutil.rmtree(shots)
    found, seen = [], set()
    for page in pages:
        path, cookies = page[0], page[1]
        slug = _slug(page[2] if len(page) > 2 else path)
        while slug in seen:
            slug += "-"
        seen.add(slug)
        browser.sign_in(stack.base_url, cookies)
        found += browser.problems(stack.base_url + path, shots, slug,
                                  error_page_ok=path in error_pages)
    assert not found, f"{len(found)} problems (screenshots in {shots}):\n" + "\n".join(found)
