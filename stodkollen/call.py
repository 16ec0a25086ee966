"""`stodkollen call`: a telephone in the terminal. Each line typed is sent to the running
service's phone route as recognised speech, "#25" (or "#12*5") as keyed digits, an empty line
as silence; Ctrl-D hangs up. Replies are printed and, when espeak-ng is installed, spoken.

It goes through the public phone route (POST /api/v1/phone) exactly as a telephony platform
would, so what you hear is what a caller would hear.
"""

import shutil
import subprocess
import uuid

import httpx

from .core.settings import settings

ESPEAK_VOICES = {"sv": "sv", "en": "en-gb"}
EXPECTED = {"speech": "tal", "digits": "knappval eller tal", "yes_no": "ja eller nej"}


def turn_for(line: str) -> dict:
    """What a typed line stands for: "" → no input, "#25" → the digits 25#, else speech."""
    line = line.strip()
    if not line:
        return {"event": "no_input"}
    if line.startswith("#"):
        return {"digits": line[1:].rstrip("#") + "#"}
    return {"speech": line}


class Telephone:
    def __init__(self, caller: str | None, lang: str, speak: bool):
        config = settings()
        self.url = f"{config.service_url}/api/v1/phone"
        # The terminal stands in for the telephony platform, with its secret from this machine.
        self.headers = {"X-Phone-Platform-Token": config.phone_platform_token}
        self.call = {"call_id": f"terminal-{uuid.uuid4().hex[:12]}", "lang": lang}
        if caller:
            self.call["caller"] = caller
        self.espeak = shutil.which("espeak-ng") if speak else None
        self.lang = lang

    def send(self, turn: dict) -> dict:
        response = httpx.post(self.url, json={**self.call, **turn}, headers=self.headers, timeout=90)
        if response.status_code == 422:
            raise ValueError("; ".join(problem["message"] for problem in response.json()["errors"]))
        response.raise_for_status()
        return response.json()

    def say(self, reply: dict) -> None:
        if reply["text"]:
            print(f"\nStödkollen: {reply['text']}")
        if reply.get("sms"):  # the platform would send it now
            print(f"  [sms till {reply['sms']['to']}]\n  {reply['sms']['text']}")
        flags = [name for name in ("transfer", "hang_up") if reply[name]]
        print(f"  [{EXPECTED[reply['expected_input']]}{', ' + ', '.join(flags) if flags else ''}]")
        if self.espeak and reply["text"]:
            subprocess.run([self.espeak, "-v", ESPEAK_VOICES[self.lang], reply["text"]], check=False,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def call_command(args) -> int:
    phone = Telephone(args.caller, args.lang, speak=not args.quiet)
    try:
        reply = phone.send({"event": "call_started"})
    except httpx.HTTPError as error:
        print(f"Kunde inte nå tjänsten på {phone.url}: {type(error).__name__}. Kör `stodkollen run` först.")
        return 1
    while True:
        phone.say(reply)
        if reply["hang_up"] or reply["transfer"]:
            return 0
        try:
            line = input("\nDu: ")
        except (EOFError, KeyboardInterrupt):
            phone.send({"event": "hang_up"})
            print("\n(lagt på)")
            return 0
        try:
            reply = phone.send(turn_for(line))
        except ValueError as error:
            print(error)
            reply = {**reply, "text": ""}
