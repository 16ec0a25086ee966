"""One trained model and one running stack (service, action server, Rasa) for every
end-to-end test: real processes, real HTTP, a real SQLite tracker store."""

import os
import shutil
import uuid
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import sync_playwright

from stodkollen.core.settings import Settings
from stodkollen.stack import Stack, train

# An offset lets two test runs on one machine (say, a developer's and CI's) keep apart.
PORT_OFFSET = int(os.environ.get("STODKOLLEN_E2E_PORT_OFFSET", "0"))
E2E_PORTS = {"service_port": 18000 + PORT_OFFSET, "rasa_port": 15005 + PORT_OFFSET,
             "actions_port": 15055 + PORT_OFFSET}

CHROMIUM = os.environ.get("STODKOLLEN_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
INSTALL_HINT = "run web_widget/tests/install-browser-deps.sh"


@pytest.fixture(scope="session")
def stack(tmp_path_factory) -> Stack:
    data_dir = tmp_path_factory.mktemp("stodkollen-data")
    # No rate limits: the suites send many turns from one address (tests/test_security_headers.py
    # proves the limits).
    settings = Settings(host="127.0.0.1", data_dir=data_dir, rate_limit_chat_per_minute=0,
                        rate_limit_evaluate_per_minute=0, **E2E_PORTS)
    train(settings)  # reuses the model in bot/models when the training data did not change
    running = Stack(settings, Path(data_dir) / "logs").start()
    yield running
    running.stop()


def rasa_token(stack: Stack) -> dict[str, str]:
    """Rasa's API and REST channel answer only the internal token (`?token=`)."""
    return {"token": stack.settings.internal_token}


class Conversation:
    """A shop owner typing into the REST channel, as the widget will."""

    def __init__(self, stack: Stack, channel: str = "test", lang: str = "sv"):
        self.stack = stack
        self.sender = f"e2e-{uuid.uuid4().hex[:10]}"
        self.metadata = {"channel": channel, "lang": lang}
        self.asked: list[str] = []

    def say(self, text: str) -> list[dict]:
        response = httpx.post(f"{self.stack.settings.rasa_url}/webhooks/rest/webhook",
                              json={"sender": self.sender, "message": text, "metadata": self.metadata},
                              params=rasa_token(self.stack), timeout=60)
        response.raise_for_status()
        return response.json()

    def tracker(self) -> dict:
        return httpx.get(f"{self.stack.settings.rasa_url}/conversations/{self.sender}/tracker",
                         params=rasa_token(self.stack), timeout=30).json()

    def slot(self, name: str):
        return self.tracker()["slots"].get(name)

    def answer_questions(self, answers: dict[str, str], limit: int = 40) -> list[dict]:
        """Answer whatever the form asks, from `answers` by slot, until it stops asking.
        Fails on a question the test did not expect: the form must ask only what is needed."""
        replies: list[dict] = []
        for _ in range(limit):
            requested = self.slot("requested_slot")
            if requested is None:
                return replies
            assert requested in answers, f"unexpected question {requested!r}; asked so far {self.asked}"
            self.asked.append(requested)
            replies = self.say(answers[requested])
        raise AssertionError(f"the form kept asking: {self.asked}")


def texts(replies: list[dict]) -> str:
    """The bot's words, with Babel's no-break spaces as plain spaces for easy comparison."""
    return "\n".join(reply.get("text") or "" for reply in replies).replace("\N{NO-BREAK SPACE}", " ")


@pytest.fixture
def conversation(stack) -> Conversation:
    return Conversation(stack)


# Per module, not per session: Playwright's sync API keeps its event loop marked as running
# in the main thread until it stops, and every later asyncio.run() (the load smoke test, the
# action tests) would then refuse to start.
@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no chromium at {CHROMIUM}: {INSTALL_HINT}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
