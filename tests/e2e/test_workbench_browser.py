"""The scenario workbench in a real browser (Debian's chromium, Playwright) against a real
service process with its Content-Security-Policy: sign in, load the library, change a store's
turnover and see the amount and the chart's own point move; axe-core on the pages; a phone
screen (the workbench's pages and a filled draft page fit 390 px); signing out. Only the
service runs: the workbench needs neither Rasa nor actions.

Screenshots are kept in test-artifacts/workbench/.
"""

import base64
import os
import re
import sys

import httpx
import pytest
from playwright.sync_api import Page, expect
from test_widget import check_accessibility

from service.caseworkers import hash_password
from stodkollen.core.settings import ROOT, Settings
from stodkollen.stack import Stack

sys.path.insert(0, str(ROOT / "tests"))
from test_drafts import APPLICANT, FACTS  # noqa: E402  (tests/ is no package)

PORT = 18090 + int(os.environ.get("STODKOLLEN_E2E_PORT_OFFSET", "0"))
PASSWORD = "en riktigt lång lösenfras"
INTERNAL_TOKEN = "the-action-servers-secret"  # only the action server creates drafts
PHONE = {"width": 390, "height": 844}
ARTIFACTS = ROOT / "test-artifacts" / "workbench"
VILLAGE_SHOP = "Lanthandeln i Ammarnäsvägen (Sorsele)"
NBSP = "\N{NO-BREAK SPACE}"


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    data = tmp_path_factory.mktemp("workbench-data")
    settings = Settings(host="127.0.0.1", data_dir=data, service_port=PORT,
                        internal_token_setting=INTERNAL_TOKEN)
    # The caseworker's password hash is for the service alone: Settings does not hand it on.
    password = {"STODKOLLEN_CASEWORKER_PASSWORD_HASH": hash_password(PASSWORD, iterations=1_000)}
    only_the_service = Stack(settings, data / "logs", extra_environment=password)
    only_the_service.log_dir.mkdir()
    try:
        only_the_service.start_and_wait("service", timeout=60)
        yield f"http://127.0.0.1:{PORT}"
    finally:
        only_the_service.stop()


def new_page(browser, viewport: dict) -> tuple[Page, list[str]]:
    """A page, and the console's complaints (a CSP refusal shows up there)."""
    page = browser.new_context(viewport=viewport, locale="sv-SE").new_page()
    page.set_default_timeout(60_000)
    complaints: list[str] = []
    page.on("console", lambda message: complaints.append(message.text) if message.type == "error" else None)
    return page, complaints


def sign_in(page: Page, url: str) -> None:
    page.goto(f"{url}/handlaggare/verkstad")
    expect(page.get_by_role("heading", name="Logga in som handläggare")).to_be_visible()
    page.get_by_label("Användarnamn").fill("handlaggare")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name="Scenarioverkstad")).to_be_visible()


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def own_point_label(page: Page) -> str:
    """The chart's own-point label, read from the image the browser shows."""
    source = page.get_by_role("img", name=re.compile("Diagram")).get_attribute("src")
    svg = base64.b64decode(source.split(",", 1)[1]).decode("utf-8")
    return re.search(r'<g id="scenario-point-label">.*?<text[^>]*>([^<]+)</text>', svg,
                     re.DOTALL).group(1).replace(NBSP, " ")


def driftstod_summary(page: Page) -> str:
    return page.locator("#stod-sarskilt_driftstod summary").inner_text().replace(NBSP, " ")


def test_a_caseworker_loads_the_library_and_moves_a_store_along_the_chart(service, browser):
    page, complaints = new_page(browser, {"width": 1280, "height": 900})
    sign_in(page, service)
    page.get_by_role("button", name="Läs in exempelbiblioteket").click()
    expect(page.get_by_role("status")).to_contain_text("scenarier lästes in")
    check_accessibility(page, "library")
    page.get_by_role("link", name=VILLAGE_SHOP).click()

    assert "140 000 kr per år" in driftstod_summary(page)
    assert own_point_label(page) == "Scenariot: 2 600 000 kr"
    chart_box = page.get_by_role("img", name=re.compile("Diagram")).bounding_box()
    assert chart_box["width"] > 600 and chart_box["height"] > 200  # drawn, not blocked
    check_accessibility(page, "scenario")

    page.get_by_label("Försäljning av dagligvaror förra året").fill("4 000 000")
    page.get_by_role("button", name="Spara och räkna om").click()
    expect(page.locator("#stod-sarskilt_driftstod summary")).to_contain_text("233")
    assert "233 333 kr per år" in driftstod_summary(page)
    assert own_point_label(page) == "Scenariot: 4 000 000 kr"
    screenshot(page, "scenario-after-change")
    assert not [text for text in complaints if "Content Security Policy" in text], complaints


def test_a_mistake_is_shown_at_its_field_on_a_phone_and_nothing_is_lost(service, browser):
    page, _ = new_page(browser, {"width": 390, "height": 844})
    sign_in(page, service)
    page.get_by_role("button", name="Läs in exempelbiblioteket").click()
    page.get_by_role("link", name=VILLAGE_SHOP).click()
    turnover = page.get_by_label("Försäljning av dagligvaror förra året")
    turnover.fill("två miljoner")
    page.get_by_role("button", name="Spara och räkna om").click()
    expect(page.get_by_role("alert")).to_contain_text("Scenariot sparades inte")
    expect(turnover).to_have_value("två miljoner")
    expect(turnover).to_have_attribute("aria-invalid", "true")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px screen"
    screenshot(page, "phone-mistake")
    check_accessibility(page, "form with a mistake")


def page_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_scenario_and_a_filled_draft_page_fit_a_phone_screen(service, browser):
    """Tables break long words inside their cells (or scroll in their own box), selects shrink."""
    page, _ = new_page(browser, PHONE)
    sign_in(page, service)
    assert page_width(page) <= 390, "the library"
    page.get_by_role("button", name="Läs in exempelbiblioteket").click()
    page.get_by_role("link", name=VILLAGE_SHOP).click()
    expect(page.locator("#stod-sarskilt_driftstod summary")).to_be_visible()
    assert page_width(page) <= 390, "the scenario"
    screenshot(page, "phone-scenario")

    draft = httpx.post(f"{service}/api/v1/drafts", headers={"X-Internal-Token": INTERNAL_TOKEN},
                       json={"sender": "web-phonewidth", "facts": FACTS}).json()
    long_email = "karin.lundstrom-andersson@granans-lanthandel.example"  # no place to break it
    assert httpx.put(f"{service}/api/v1/drafts/{draft['token']}/applicant",
                     json={**APPLICANT, "email": long_email}).status_code == 200
    page.goto(f"{service}/utkast/{draft['token']}")
    expect(page.get_by_role("heading", name="Kopiera de här uppgifterna")).to_be_visible()
    assert page_width(page) <= 390, "the filled draft page"
    screenshot(page, "phone-draft")
    page.goto(f"{service}/utkast/{draft['token']}?andra=1")  # the form, to change the details
    for box in ("#someone_else_signs", "#consent"):
        size = page.locator(box).bounding_box()
        assert size["width"] >= 24 and size["height"] >= 24, (box, size)  # a target a thumb can hit
    page.get_by_text("Någon annan än firmatecknaren").click()  # the label is part of the target
    expect(page.locator("#someone_else_signs")).to_be_checked()
    page.goto(f"{service}/handlaggare/{draft['reference']}")
    expect(page.get_by_role("heading", name=draft["reference"])).to_be_visible()
    assert page_width(page) <= 390, "the caseworker's draft page"


# Every text box of the chart as the browser lays it out, the pairs that intersect, and whether
# the amounts' legend touches a threshold's line or label.
CHART_BOXES = """() => {
  const box = element => { const r = element.getBoundingClientRect();
                           return {x0: r.left, x1: r.right, y0: r.top, y1: r.bottom}; };
  const meet = (a, b) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
  const texts = [...document.querySelectorAll("svg text")]
    .map(text => ({text: text.textContent, ...box(text)}))
    .filter(item => item.text.trim() && item.x1 > item.x0);
  const overlaps = [];
  texts.forEach((a, i) => texts.slice(i + 1).forEach(b => {
    if (meet(a, b)) overlaps.push([a.text, b.text]);
  }));
  const legend = document.getElementById("legend_1");
  const thresholds = [...document.querySelectorAll('g[id^="threshold-"]')]
    .filter(group => !group.id.endsWith("-status")).map(group => ({id: group.id, ...box(group)}));
  const hidden = legend ? thresholds.filter(item => meet(box(legend), item)).map(item => item.id) : [];
  return {count: texts.length, thresholds: thresholds.length, overlaps, hidden};
}"""


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}], ids=["390px", "1280px"])
@pytest.mark.parametrize("scenario, fact", [
    ("33-hemsandning-120000-dorotea", "home_delivery.net_cost_sek"),  # the case, beyond 100 000 kr
    ("38-oppet-98-timmar-vannas", "store.opening_hours_per_week"),  # the long hour ticks
    ("35-butik-16-miljoner-norsjo", "store.grocery_net_turnover_sek"),  # 11 000 000 kr beside the legend
])
def test_no_two_chart_labels_meet_and_the_legend_hides_no_threshold(service, browser, viewport, scenario,
                                                                    fact):
    page, _ = new_page(browser, viewport)
    sign_in(page, service)
    page.get_by_role("button", name="Läs in exempelbiblioteket").click()
    page.goto(f"{service}/handlaggare/verkstad/scenario/{scenario}?variera={fact}")
    image = page.get_by_role("img", name=re.compile("Diagram"))
    width = image.bounding_box()["width"]
    assert width <= viewport["width"]
    svg = base64.b64decode(image.get_attribute("src").split(",", 1)[1]).decode("utf-8")
    svg = svg[svg.index("<svg"):].replace("<svg ", f'<svg style="width: {width}px; height: auto" ', 1)
    # Laid out as the image shows it, in a blank page: the service's pages forbid inline styles
    # (which is why the chart travels as an image), and matplotlib sets each text's font in one.
    blank = page.context.new_page()
    blank.set_content(f"<!DOCTYPE html><html><body style='margin: 0'>{svg}</body></html>")
    boxes = blank.evaluate(CHART_BOXES)
    assert boxes["count"] > 10 and boxes["thresholds"] >= 1, boxes
    assert boxes["overlaps"] == [], boxes["overlaps"]
    assert boxes["hidden"] == [], boxes["hidden"]


def test_typing_a_number_recomputes_live_and_saves_nothing(service, browser):
    """The page's script sends every change to /prova: the answer and the chart's own point move as
    the caseworker types, with no button; the shared scenario stays as it was until saved."""
    page, complaints = new_page(browser, {"width": 1280, "height": 900})
    sign_in(page, service)
    page.get_by_role("button", name="Läs in exempelbiblioteket").click()
    page.get_by_role("link", name=VILLAGE_SHOP).click()
    assert "140 000 kr per år" in driftstod_summary(page)
    page.get_by_label("Försäljning av dagligvaror förra året").fill("4 000 000")
    expect(page.locator("#prov-notis")).to_contain_text("Ingenting är sparat")
    expect(page.locator("#stod-sarskilt_driftstod summary")).to_contain_text("233")
    assert own_point_label(page) == "Scenariot: 4 000 000 kr"
    check_accessibility(page, "scenario, tried live")
    page.get_by_label("Ditt namn (för dina egna kopior)").fill("Anna")
    page.get_by_role("button", name="Spara som min kopia").click()
    expect(page.get_by_text("Annas egen kopia")).to_be_visible()
    assert "233 333 kr per år" in driftstod_summary(page)
    page.goto(f"{service}/handlaggare/verkstad/scenario/01-lanthandel-inland-sorsele")
    assert "140 000 kr per år" in driftstod_summary(page)  # the shared case is as it was
    expect(page.get_by_label("Ditt namn (för dina egna kopior)")).to_have_value("Anna")  # asked once
    page.goto(f"{service}/handlaggare/verkstad")
    expect(page.locator("#kopior")).to_contain_text("Egna kopior för Anna")
    page.get_by_role("link", name="Kör alla").click()
    expect(page.locator("#kor-resultat")).to_contain_text("0 med avvikelser")
    assert not [text for text in complaints if "Content Security Policy" in text], complaints


def test_boundary_cases_from_the_scenario_page(service, browser):
    page, _ = new_page(browser, PHONE)
    sign_in(page, service)
    page.get_by_role("button", name="Läs in exempelbiblioteket").click()
    page.get_by_role("link", name="Kustbutiken i Bygdeå (exakt 10 km)").click()
    page.get_by_role("link", name="Gränsfall").click()
    row = page.get_by_role("row", name=re.compile("10,1 km"))
    expect(row).to_contain_text("Uppfyller villkoren")
    assert page_width(page) <= 390, "the boundary cases on a phone"
    check_accessibility(page, "boundary cases")


def test_signing_out_closes_the_workbench(service, browser):
    page, _ = new_page(browser, {"width": 1280, "height": 900})
    sign_in(page, service)
    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("status")).to_contain_text("Du är utloggad")
    page.goto(f"{service}/handlaggare/verkstad")
    expect(page.get_by_role("heading", name="Logga in som handläggare")).to_be_visible()


def test_comparing_and_a_training_round_pass_axe(service, browser):
    page, _ = new_page(browser, {"width": 1280, "height": 900})
    sign_in(page, service)
    page.get_by_role("button", name="Läs in exempelbiblioteket").click()
    page.get_by_label("Första scenariot").select_option(label="Kustbutiken i Bygdeå (exakt 10 km)")
    page.get_by_label("Andra scenariot").select_option(index=3)
    page.get_by_role("button", name="Jämför").click()
    expect(page.get_by_role("heading", name="Resultat")).to_be_visible()
    check_accessibility(page, "compare")

    page.get_by_role("link", name="Övning").first.click()
    page.get_by_label("Övningens namn").fill("Handlardagen")
    page.get_by_label(VILLAGE_SHOP).check()
    page.get_by_role("button", name="Starta övningen").click()
    check_accessibility(page, "training: join")
    page.get_by_label("Ditt namn").fill("Anna")
    page.get_by_role("button", name="Börja öva").click()
    page.get_by_role("link", name=VILLAGE_SHOP).click()
    check_accessibility(page, "training: decision form")
    for support in ("Särskilt driftstöd", "Servicebidrag", "Investeringsstöd", "Hemsändningsbidrag",
                    "Stöd till grundläggande betaltjänster"):
        group = page.get_by_role("group", name=support)
        group.get_by_label("Bedömning").select_option(label="Inte stöd")
    page.get_by_role("button", name=re.compile("Lämna mitt beslut")).click()
    expect(page.get_by_role("heading", name="Jämförelse med Stödkollen")).to_be_visible()
    expect(page.locator("#svar")).to_contain_text("Varför Stödkollen bedömer Särskilt driftstöd så")
    check_accessibility(page, "training: score")
    screenshot(page, "training-score")
    page.get_by_role("link", name="← Mina övningar").click()
    page.get_by_role("link", name="Sammanfattning för gruppen").click()
    expect(page.get_by_role("heading", name=re.compile("Sammanfattning för gruppen"))).to_be_visible()
    expect(page.locator("#avgorande")).to_contain_text("Särskilt driftstöd")  # Anna said no, it is yes
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner som CSV").click()
    assert download.value.suggested_filename.endswith("-sammanfattning.csv")
    expect(page.get_by_role("button", name="Skriv ut")).to_be_visible()
    check_accessibility(page, "training: summary")
