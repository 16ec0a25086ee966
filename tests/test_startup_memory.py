"""What a server made while starting is left out of the garbage collector's full passes
(stodkollen/core/startup_memory.py): in Rasa once its model is loaded, in the action server
before it serves, in the service when its lifespan starts. Each in a child process of its own,
since a freeze is for the whole process."""

import textwrap

import pytest

from tests.child_process import run_in_child


def child(code: str) -> None:
    run_in_child(textwrap.dedent(code), timeout_s=300)


def test_only_the_first_call_freezes():
    child("""
        import gc
        from stodkollen.core.startup_memory import freeze_what_startup_made
        assert gc.get_freeze_count() == 0
        freeze_what_startup_made()
        frozen = gc.get_freeze_count()
        assert frozen > 1000
        made_later = [[n] for n in range(5000)]
        freeze_what_startup_made()
        assert gc.get_freeze_count() == frozen
    """)


def test_rasa_freezes_once_its_agent_is_loaded():
    child("""
        import asyncio, gc
        import rasa.core.run
        async def load_agent_on_start(model_path, endpoints, remote_storage, app, loop):
            assert gc.get_freeze_count() == 0  # not before the model is in memory
            return "agent"
        rasa.core.run.load_agent_on_start = load_agent_on_start
        from stodkollen import rasa_speedups
        rasa_speedups.install()
        assert asyncio.run(rasa.core.run.load_agent_on_start("m", None, None, None, None)) == "agent"
        assert gc.get_freeze_count() > 1000
    """)


@pytest.mark.parametrize("server", ["service", "actions"])
def test_the_service_and_the_action_server_freeze_when_they_start(server, tmp_path):
    start = {"service": f"""
        from pathlib import Path
        import httpx
        from fastapi.testclient import TestClient
        from service.app import create_app
        from stodkollen.core.settings import Settings
        rasa = httpx.MockTransport(lambda request: httpx.Response(200))
        app = create_app(Settings(data_dir=Path(r"{tmp_path}")), rasa)
        assert gc.get_freeze_count() == 0
        with TestClient(app):
            assert gc.get_freeze_count() > 1000
    """, "actions": """
        from actions import server
        server.build_app = lambda token: type("App", (), {"run": lambda *a, **k: None})()
        assert gc.get_freeze_count() == 0
        server.main([])
        assert gc.get_freeze_count() > 1000
    """}[server]
    child("import gc\n" + textwrap.dedent(start))
