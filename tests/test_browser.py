"""The app in a real browser: Debian's Chromium (apt-get install -y chromium) driven by Playwright."""
from __future__ import annotations

import os
import shutil
import socket
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import FIXTURES

import app
from rag.config import Admin, Settings
from rag.ui.chat import SAVED_MESSAGES
from rag.ui.state import AssistantLoader
from rag.ui.usage import UsageLog

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parent.parent
# The test saves its screenshot under var/ (git-ignored); UPDATE_SCREENSHOT=1 also refreshes the README's copy.
SCREENSHOT = ROOT / "var" / "screenshots" / "chat.png"
README_SCREENSHOT = ROOT / "assets" / "screenshot.png"
WAIT_MS = 60_000        # generous upper bounds for the slowest CI machine, not assertions about speed
GDP = "去年全区地区生产总值增长多少？"
COMPARE = "固定资产投资去年增长多少，今年目标是多少？"
UNANSWERABLE = "2023年大足人均可支配收入是多少元？"
pytestmark = [pytest.mark.filterwarnings("ignore:.*no_silent_downcasting"),
              pytest.mark.filterwarnings("ignore:The copy keyword is deprecated")]


def require_browser() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("REQUIRE_BROWSER", "") not in ("", "0"):
        pytest.fail(f"REQUIRE_BROWSER is set but {CHROMIUM} is missing (install it: apt-get install -y chromium)")
    pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium to run the browser tests "
                "(set REQUIRE_BROWSER=1 to make this a failure)")


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium for the module (Playwright's sync API allows one at a time)."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


ADMIN = ("admin", "correct-horse-battery")


@contextmanager
def browse(browser, loader: AssistantLoader, log: UsageLog, admin: bool = False):
    """The app for `loader` served as `python app.py` serves it (the administrators' page too when `admin`),
    the public page open in a new tab."""
    settings = Settings(port=free_port(), admin=Admin(enabled=admin, port=free_port(), user=ADMIN[0],
                                                      password=ADMIN[1]))
    demo = app.serve(loader, log, settings, block=False)
    tab = browser.new_page(viewport={"width": 1440, "height": 1000}, device_scale_factor=1)
    tab.admin_url = f"http://127.0.0.1:{settings.admin.port}"
    try:
        tab.set_default_timeout(WAIT_MS)
        tab.goto(demo.local_url)
        tab.wait_for_selector(".status-ready")
        yield tab
    finally:
        tab.close()
        demo.close()


@pytest.fixture(scope="module")
def usage(tmp_path_factory) -> UsageLog:
    return UsageLog(tmp_path_factory.mktemp("usage") / "usage.sqlite")


@pytest.fixture(scope="module")
def page(chromium, assistant, usage):
    with browse(chromium, AssistantLoader.ready(assistant), usage) as tab:
        yield tab


def ask(page, question: str) -> None:
    """Type a question, press Enter, wait for the reply to arrive."""
    before = page.locator("#chat .message-row").count()
    page.fill("#question textarea", question)
    page.keyboard.press("Enter")
    page.wait_for_function("n => document.querySelectorAll('#chat .message-row').length >= n + 2"
                           " && !document.querySelector('#chat .pending')", arg=before)
    settled(page)


def settled(page) -> None:
    """Wait until the streamed answer stops changing (the next question is taken only then)."""
    page.wait_for_function("() => { const t = document.querySelector('#chat').innerText, now = Date.now();"
                           " if (window.__chatText !== t) { window.__chatText = t; window.__since = now;"
                           " return false; }"
                           " return now - window.__since > 700; }", polling=100)


def selected_tab(page) -> str:
    return page.locator('button[role="tab"][aria-selected="true"]').inner_text().strip()


def in_view(page, element_id: str) -> None:
    """Wait until the element is on screen (the jump scrolls smoothly)."""
    page.wait_for_function(
        "id => { const r = document.getElementById(id).getBoundingClientRect();"
        " return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }", arg=element_id)


def test_title_and_explanation(page):
    assert "2024年重庆市大足区政府工作报告" in page.locator(".app-header h1").inner_text()
    assert "报告没写的会直说" in page.locator(".app-tagline").inner_text()
    assert page.title().startswith("2024年重庆市大足区政府工作报告")


def test_answer_sources_and_one_click_to_the_paragraph(page):
    ask(page, GDP)
    page.wait_for_selector("#sources .source")
    answer = page.locator("#chat .answer").last
    assert "6.5%" in answer.inner_text()
    source = page.locator("#sources .source").first
    assert source.locator(".crumb").inner_text().startswith("一、2023年工作回顾 › ——这一年")
    assert source.locator(".pid").inner_text() == "p009"
    assert "6.5%" in source.locator("mark").inner_text()

    answer.locator("a.cite", has_text="[1]").click()           # the [1] in the answer
    page.wait_for_selector("#p009.is-target")
    assert selected_tab(page) == "浏览报告"
    in_view(page, "p009")
    assert page.locator(".report .is-target").count() == 1
    assert "6.5%" in page.locator("#p009").inner_text()

    page.locator(".back-to-chat").click()
    page.wait_for_selector("#question textarea", state="visible")
    assert selected_tab(page) == "对话"

    ask(page, COMPARE)
    page.wait_for_function("document.querySelectorAll('#sources .source').length === 2")
    assert page.locator("#sources .source .pid").all_inner_texts() == ["p009", "p028"]  # last year first
    page.locator("#sources .source").nth(1).click()           # a source card
    page.wait_for_selector("#p028.is-target")
    in_view(page, "p028")
    assert page.locator(".report .is-target").count() == 1 and selected_tab(page) == "浏览报告"
    page.locator(".report-nav a", has_text="二、2024年工作安排").click()   # the outline links too
    page.wait_for_selector("#p025.is-target")

    page.locator(".back-to-chat").click()
    page.wait_for_selector("#sources .source", state="visible")
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_function("window.scrollY === 0")
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 20_000
    if os.environ.get("UPDATE_SCREENSHOT"):
        shutil.copyfile(SCREENSHOT, README_SCREENSHOT)


def test_abstention_is_shown_differently(page):
    ask(page, UNANSWERABLE)
    page.wait_for_selector("#sources .source-near")
    assert "报告中没有找到答案" in page.locator("#chat .abstain").last.inner_text()
    assert "最接近的段落" in page.locator("#sources .sources-title").inner_text()
    assert page.locator("#sources .source-near").count() >= 2
    # the closest sentence, quoted in the refusal, is marked in its paragraph; the other passages are not
    assert page.locator("#sources .source-near").first.locator("mark").count() == 1
    assert page.locator("#sources mark").count() == 1


def test_example_button_asks_in_one_click(page):
    rows = page.locator("#chat .message-row").count()
    page.locator(".examples button", has_text="今年要修哪些路？").click()
    page.wait_for_function(f"document.querySelectorAll('#chat .message-row').length >= {rows + 2}"
                           " && !document.querySelector('#chat .pending')")
    settled(page)
    assert "交通" in page.locator("#chat .message-row").last.inner_text()
    assert "公路" in page.locator("#sources").inner_text()  # the cited paragraph names the roads


def test_a_follow_up_is_read_with_the_chat_and_says_how(page):
    ask(page, GDP)
    ask(page, "那今年呢？")
    assert "7%" in page.locator("#chat .answer").last.inner_text()
    assert "今年" in page.locator("#chat .read-as").last.inner_text()


def test_thumbs_down_is_recorded_with_its_question(page, usage):
    ask(page, "今年要新建几所学校？")
    page.locator("#chat button[aria-label='Dislike']").last.click()
    page.wait_for_function("() => true")  # the click's event goes to the server; poll the database below
    for _ in range(100):
        rows = usage.rows("SELECT q.question, f.rating FROM feedback f JOIN questions q ON q.id = f.question_id")
        if rows:
            break
        page.wait_for_timeout(100)
    assert ("今年要新建几所学校？", -1) in rows


@pytest.fixture(scope="module")
def library_page(chromium, tmp_path_factory, real_embedder, usage):
    """The app on a library of its own (a copy of the mini report), loaded through the real index source, with
    the administrators' page beside it."""
    from rag.library.build import build_index
    from rag.library.source import IndexSource

    folder = tmp_path_factory.mktemp("library") / "index"
    build_index([FIXTURES / "mini-report.md"], folder, real_embedder, progress=False)
    old = os.environ.get("RAG_INDEX_DIR")
    os.environ["RAG_INDEX_DIR"] = str(folder)
    loader = AssistantLoader.from_source(IndexSource())
    loader.start()
    loader.wait(300)
    try:
        with browse(chromium, loader, usage, admin=True) as tab:
            yield tab
    finally:
        os.environ.pop("RAG_INDEX_DIR") if old is None else os.environ.__setitem__("RAG_INDEX_DIR", old)


def admin_page(page):
    """The administrators' page in a tab of the same browser, logged in."""
    tab = page.context.browser.new_context().new_page()   # another visitor's browser: no shared cookies
    tab.set_default_timeout(WAIT_MS)
    tab.goto(page.admin_url)
    tab.wait_for_selector("input[type=password]")          # a login form first, nothing else
    assert tab.locator("#upload").count() == 0
    assert tab.context.request.post(f"{page.admin_url}/login", form={"username": ADMIN[0],
                                                                     "password": ADMIN[1]}).ok
    tab.goto(page.admin_url)
    tab.wait_for_selector("#library")
    return tab


def change_library(page, files: list[Path]) -> str:
    page.locator('button[role="tab"]', has_text="报告库").click()
    page.locator("#upload input[type=file]").set_input_files([str(f) for f in files])
    page.wait_for_function("() => !document.querySelector('#upload .uploading')")
    before = page.locator("#library-message textarea").input_value()
    page.locator("#change-library").click()
    page.wait_for_function("b => { const v = document.querySelector('#library-message textarea').value;"
                           " return v.length > 0 && v !== b; }", arg=before)
    return page.locator("#library-message textarea").input_value()


def test_the_public_page_has_no_library_or_usage_tabs(page):
    tabs = page.locator('button[role="tab"]').all_inner_texts()
    assert [t.strip() for t in tabs] == ["对话", "浏览报告"]
    assert page.locator("#upload").count() == 0 and page.locator("#faq").count() == 0


def test_upload_adds_a_report_and_a_hostile_file_changes_nothing(library_page):
    admin = admin_page(library_page)
    try:
        message = change_library(admin, [FIXTURES / "report-page.html"])
        assert "已加入" in message and "report-page" in message
        admin.wait_for_function("document.querySelector('#library').innerText.includes('2025年示例省政府工作报告')")
        bomb = change_library(admin, [FIXTURES / "zip-bomb.docx"])
        assert bomb.startswith("没有改动报告库") and "解压后过大" in bomb
        assert admin.locator("#library tbody tr").count() == 2
    finally:
        admin.context.close()
    page = library_page               # the public page, opened before the change, learns of it by itself
    page.wait_for_function("document.querySelector('.app-header').textContent.includes('2025年示例省政府工作报告')",
                           timeout=WAIT_MS)
    ask(page, "示例省今年地区生产总值预期增长多少？")
    assert "5.5%左右" in page.locator("#chat .answer").last.inner_text()


def test_every_answer_says_where_and_when_and_copies_as_plain_text(page):
    ask(page, GDP)
    assert page.locator("#chat .badge").last.inner_text() == "大足 · 2024年报告"
    assert page.locator("#sources .source-report").first.inner_text() == "大足 · 2024年报告"
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.locator("#chat .copy-answer").last.click()
    page.wait_for_function("() => [...document.querySelectorAll('#chat .copy-answer')].pop().textContent === '已复制'")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "6.5%" in copied and "来源：" in copied and "<" not in copied and "p009" in copied


def test_a_citation_marks_its_sentence_in_the_report(page):
    ask(page, GDP)
    page.locator("#chat a.cite", has_text="[1]").last.click()
    page.wait_for_selector("#p009 mark.quote")
    assert "6.5%" in page.locator("#p009 mark.quote").inner_text()
    assert page.locator(".report-search").count() == 1
    page.fill(".report-search", "大足石刻")
    page.wait_for_function("document.querySelectorAll('mark.hit').length > 3")
    assert "处" in page.locator(".search-count").inner_text()
    page.go_back()                                           # Back returns to the chat, not away from the app
    page.wait_for_function("() => [...document.querySelectorAll('button[role=tab]')]"
                           ".some(b => b.textContent.trim() === '对话' && b.getAttribute('aria-selected') === 'true')")
    assert page.url.startswith("http://127.0.0.1")


def test_a_shared_link_reopens_the_answer_and_a_reload_keeps_the_chat(page):
    ask(page, "今年怎么稳房地产？")
    assert "q=" in page.url                                   # the address is the link to this answer
    link = page.url
    other = page.context.browser.new_context().new_page()     # someone else opens the link
    try:
        other.set_default_timeout(WAIT_MS)
        other.goto(link)
        other.wait_for_function("document.querySelector('#chat')"
                                " && document.querySelector('#chat').innerText.includes('房地产')"
                                " && document.querySelectorAll('#chat .badge').length > 0")
    finally:
        other.context.close()
    before = page.locator("#chat .message-row").count()
    page.goto(page.url.split("?")[0])                         # a reload on this browser keeps its chat
    page.wait_for_selector(".status-ready")
    page.wait_for_function("n => document.querySelectorAll('#chat .message-row').length >= n"
                           " && document.querySelector('#chat').innerText.includes('房地产')",
                           arg=min(before, SAVED_MESSAGES))   # a browser keeps the last SAVED_MESSAGES only


def test_text_size_can_be_raised(page):
    page.locator(".size-up").click()
    page.locator(".size-up").click()
    assert page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--rag-scale').trim()") == "1.2"
    page.locator(".size-down").click()
    page.locator(".size-down").click()


def test_a_thumbs_down_opens_a_comment_box_and_thanks(page, usage):
    ask(page, "今年新建几个口袋公园？")
    page.locator("#chat button[aria-label='Dislike']").last.click()
    page.wait_for_selector("#comment textarea", state="visible")
    page.fill("#comment textarea", "数字不对")
    page.locator("#send-comment").click()
    page.wait_for_selector("text=谢谢你的反馈")
    for _ in range(100):
        rows = usage.rows("SELECT f.rating, f.comment FROM feedback f JOIN questions q ON q.id = f.question_id "
                          "WHERE q.question = '今年新建几个口袋公园？'")
        if rows and rows[0][1]:
            break
        page.wait_for_timeout(100)
    assert rows == [(-1, "数字不对")]


def test_the_first_screen_of_a_phone_has_the_input_and_everyday_questions(page):
    phone = page.context.browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                             is_mobile=True, has_touch=True).new_page()
    try:
        phone.set_default_timeout(WAIT_MS)
        phone.goto(page.url.split("?")[0])
        phone.wait_for_selector(".status-ready")
        box = phone.locator("#question textarea").bounding_box()
        assert box and box["y"] + box["height"] <= 844
        first = phone.locator(".examples button").first.bounding_box()
        assert first and first["y"] + first["height"] <= 844
        assert "养老" in phone.locator(".examples").inner_text()
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=str(SCREENSHOT.with_name("phone.png")))
        if os.environ.get("UPDATE_SCREENSHOT"):
            shutil.copyfile(SCREENSHOT.with_name("phone.png"), README_SCREENSHOT.with_name("screenshot-phone.png"))
    finally:
        phone.context.close()


def test_places_side_by_side_have_a_figure_column_bars_and_a_csv(library_page):
    page = library_page
    ask(page, "示例县和示例省地区生产总值增长多少？")
    table = page.locator("#chat table.side-by-side").last
    assert table.locator("thead th").all_inner_texts() == ["对象", "数字", "报告怎么说"]
    figures = table.locator("td.fig").all_inner_texts()
    assert len(figures) == 2 and all("%" in f for f in figures)
    assert page.locator("#chat .bars .bar-row").count() == 2
    assert page.locator("#sources a.csv").get_attribute("href").startswith("data:text/csv")
