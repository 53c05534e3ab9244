"""Load for `make bench-scale`: staff who log in once and then click through their day, with
5–15 s between clicks. Run by benchmarks/scale.py (headless, 127.0.0.1 only)."""

import os
import random

from locust import HttpUser, between, task

PASSWORD = os.environ.get("HJEMVEJ_DEMO_PASSWORD", "hjemvej-demo")
CITIZEN = os.environ.get("HJEMVEJ_SCALE_CITIZEN", "")
# "username=uuid,…": the citizen each user may see (scale.py picks the heaviest per role).
CITIZEN_BY_USER = dict(
    pair.split("=", 1)
    for pair in os.environ.get("HJEMVEJ_SCALE_CITIZENS_BY_USER", "").split(",")
    if "=" in pair
)
SHELTER = os.environ.get("HJEMVEJ_SCALE_SHELTER", "")
USERS = ["sagsbehandler.ishoj", "herberg.ishoj", "leder.ishoj"]
NAMES = ["Jensen", "Nielsen", "Hansen", "Møller", "Ole", "Pia"]


class Staff(HttpUser):
    wait_time = between(5, 15)

    def _cookies(self) -> None:
        # Secure cookies over plain HTTP behind a "proxy": send them ourselves (see scale.py).
        self.client.headers["X-Forwarded-Proto"] = "https"
        self.client.headers["Cookie"] = "; ".join(
            f"{c.name}={c.value}" for c in self.client.cookies
        )

    def on_start(self) -> None:
        self._cookies()
        self.client.get("/log-ind/", name="log ind (side)")
        self._cookies()
        self.username = random.choice(USERS)
        self.client.post(
            "/log-ind/",
            {
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            headers={"Referer": self.host.replace("http://", "https://") + "/log-ind/"},
            name="log ind",
        )
        self._cookies()
        self.citizen = CITIZEN_BY_USER.get(self.username, CITIZEN)

    @task(4)
    def home(self) -> None:
        self.client.get("/", name="forside")

    @task(3)
    def search(self) -> None:
        self.client.get(f"/borgere/?q={random.choice(NAMES)}", name="borgersøgning")

    @task(2)
    def overview(self) -> None:
        self.client.get(f"/borgere/{self.citizen}/", name="borgeroverblik")

    @task(2)
    def journal(self) -> None:
        self.client.get(f"/journal/borger/{self.citizen}/", name="journal")

    @task(1)
    def waiting_list(self) -> None:
        if self.username == "sagsbehandler.ishoj":  # the authority does not see the list
            return
        self.client.get(f"/tilbud/{SHELTER}/venteliste/", name="venteliste")

    @task(1)
    def api_search(self) -> None:
        self.client.get(f"/api/v1/citizens?q={random.choice(NAMES)}", name="API: borgersøgning")
