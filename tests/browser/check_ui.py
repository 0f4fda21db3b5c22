"""What a newcomer sees in a real browser: Swagger UI's "Try it out" returns rows, the admin reads well.

Run by hand against a running server (``make run``; CI may have no browser), with the token and
admin password ``make run`` printed; it needs Chromium and its driver (``apt-get install chromium
chromium-driver``)::

    .venv/bin/python -m tests.browser.check_ui http://127.0.0.1:8000 TOKEN PASSWORD [--screenshots DIR]

It opens /api/docs/, authorizes with the token, runs "Try it out" → "Execute" on OMS cities with
every parameter as Swagger leaves it, and checks the answer has rows; then signs in to the admin
and saves screenshots of the index and of a few change lists. Exits non-zero on any failure.
"""

import argparse
import json
import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as when
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# Quiet and self-contained: no network beyond the server under test, a throwaway profile.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1400,1000",
]
OPERATION = "operations-v1-v1_oms_cities_list"
# How far a change list's table is wider than its box (a horizontal scroll bar), in pixels.
OVERFLOW = (
    "const r = document.querySelector('#changelist .results'); return r ? r.scrollWidth - r.clientWidth : 0"
)
CHANGE_LISTS = ["geography/city", "oms_customers/customer", "dw_orders/order", "dw_tracking/auditevent"]


def browser(profile: str) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [*FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))


def try_it_out(driver, url: str, token: str) -> dict:
    """Authorize, then Try it out → Execute on OMS cities; the JSON body Swagger UI shows."""
    wait = WebDriverWait(driver, 30)
    driver.get(f"{url}/api/docs/")
    wait.until(when.element_to_be_clickable((By.CSS_SELECTOR, "button.authorize"))).click()
    # The dialog lists each security scheme in a container of its own; the token is "tokenAuth".
    wait.until(when.visibility_of_element_located((By.CSS_SELECTOR, ".auth-container")))
    scheme = next(
        container
        for container in driver.find_elements(By.CSS_SELECTOR, ".auth-container")
        if "tokenAuth" in container.text
    )
    scheme.find_element(By.CSS_SELECTOR, "input").send_keys(f"Token {token}")
    scheme.find_element(By.CSS_SELECTOR, "button.authorize").click()
    driver.find_element(By.CSS_SELECTOR, "button.btn-done").click()
    operation = wait.until(when.presence_of_element_located((By.ID, OPERATION)))
    operation.find_element(By.CSS_SELECTOR, ".opblock-summary-control, .opblock-summary").click()
    wait.until(lambda _: operation.find_elements(By.CSS_SELECTOR, "button.try-out__btn"))[0].click()
    prefilled = {
        field.get_attribute("placeholder"): field.get_attribute("value")
        for field in operation.find_elements(By.CSS_SELECTOR, ".parameters input")
        if field.get_attribute("value")
    }
    assert not prefilled, f"Swagger UI pre-filled {prefilled}"
    operation.find_element(By.CSS_SELECTOR, "button.execute").click()
    body = wait.until(
        lambda _: operation.find_elements(
            By.CSS_SELECTOR, ".live-responses-table .response-col_description pre"
        )
    )[0]
    return json.loads(body.text)


def admin_screenshots(driver, url: str, password: str, directory: Path, pages: list[str]) -> dict[str, int]:
    """Screenshots of the admin's index and ``pages``; how far each list overflows, where one does."""
    driver.get(f"{url}/admin/login/")
    driver.find_element(By.NAME, "username").send_keys("demo")
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    WebDriverWait(driver, 30).until(when.presence_of_element_located((By.ID, "content-main")))
    overflows = {}
    for name, path in [("admin", ""), *((page.replace("/", "-"), f"{page}/") for page in pages)]:
        driver.get(f"{url}/admin/{path}")
        driver.save_screenshot(directory / f"{name}.png")
        print(f"Screenshot: {directory / name}.png")
        if (overflow := driver.execute_script(OVERFLOW)) > 0:
            overflows[name] = overflow
    return overflows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="the server, e.g. http://127.0.0.1:8000")
    parser.add_argument("token", help="an API token (make run prints one)")
    parser.add_argument("password", help="the demo user's admin password (make run prints it)")
    parser.add_argument("--screenshots", type=Path, default=Path("screenshots"), help="where the PNGs go")
    parser.add_argument("--pages", nargs="*", default=CHANGE_LISTS, help="change lists, as app_label/model")
    arguments = parser.parse_args()
    arguments.screenshots.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        driver = browser(profile)
        try:
            body = try_it_out(driver, arguments.url.rstrip("/"), arguments.token)
            print(f"Try it out on OMS cities: count {body['count']}, {len(body['results'])} rows on the page")
            assert body["count"] > 0 and body["results"], "Try it out answered no rows"
            overflows = admin_screenshots(
                driver, arguments.url.rstrip("/"), arguments.password, arguments.screenshots, arguments.pages
            )
        finally:
            driver.quit()
    for name, overflow in overflows.items():
        print(f"{name}: the list's columns overflow the page by {overflow} px")
    return 1 if overflows else 0


if __name__ == "__main__":
    sys.exit(main())
