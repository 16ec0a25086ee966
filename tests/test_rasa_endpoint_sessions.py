"""Speed-up 13 (stodkollen/rasa_speedups.py): each of Rasa's endpoints keeps one aiohttp session.
Calls in a row share a connection and get the answers they got before; a connection idle longer
than KEPT_ALIVE_S, or to a server that was restarted, is not used again; the sessions close
when Rasa's server stops.

Run in a child process, as in the stack: the patches change Rasa for the whole process.
"""

from tests.child_process import last_answer, run_in_child

CHILD = """
import asyncio, json, types
from aiohttp import web
from stodkollen import rasa_speedups
rasa_speedups.install()
from rasa.core import run
from rasa.utils.endpoints import EndpointConfig

async def main():
    peers = []

    async def answer(request):
        peers.append(request.transport.get_extra_info("peername")[1])
        body = await request.json()
        return web.json_response({"echo": body, "token": request.query.get("token"),
                                  "header": request.headers.get("X-Internal-Token")})

    app = web.Application()
    app.router.add_post("/webhook", answer)

    async def serve(port=0):
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", port)
        await site.start()
        return runner, site._server.sockets[0].getsockname()[1]

    runner, port = await serve()
    endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook", token="t",
                              headers={"X-Internal-Token": "s"})
    checks = {}
    answers = [await endpoint.request(json={"turn": turn}) for turn in range(3)]
    checks["the answers are the server's"] = [answer == {"echo": {"turn": turn}, "token": "t", "header": "s"}
                                               for turn, answer in enumerate(answers)]
    checks["calls in a row share one connection"] = [len(set(peers)) == 1]
    await asyncio.sleep(rasa_speedups.KEPT_ALIVE_S + 1)
    await endpoint.request(json={"turn": 3})
    checks["an idle connection is not used again"] = [len(set(peers)) == 2]
    await runner.cleanup()  # the server stops and starts again, as the supervisor restarts it
    runner, _ = await serve(port)
    checks["a restarted server is reached"] = [await endpoint.request(json={"turn": 4}) is not None]
    kept = endpoint.__dict__["_kept_session"][1]
    await run.close_resources(types.SimpleNamespace(ctx=types.SimpleNamespace(agent=None)), None)
    checks["the sessions close with the server"] = [kept.closed]
    await runner.cleanup()
    print(json.dumps(checks))

asyncio.run(main())
"""

def test_endpoint_sessions_are_kept_and_let_go():
    done = run_in_child(CHILD, timeout_s=300)
    checks = last_answer(done)
    assert len(checks) == 5
    for check, results in checks.items():
        assert results and all(results), (check, results)
    assert "Unclosed" not in done.stderr
