"""Benchmark: requests per second a simulated instance serves, and paging through many users.

Run with `python benchmarks/bench_simulator.py [--users N] [--requests R] [--threads T]`. It starts
one simulated instance holding N users, then prints: sequential small reads over one keep-alive
connection, the same spread over T threads, the time to page through every user 100 at a time,
and the time for batched user creation (50 a POST).
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from sim_fixtures import APP_CLIENT_ID, APP_CLIENT_SECRET, minimal_snapshot

from halo_wizard.simulator import Simulator


def _token(client: httpx.Client, url: str) -> dict[str, str]:
    form = {
        "grant_type": "client_credentials",
        "client_id": APP_CLIENT_ID,
        "client_secret": APP_CLIENT_SECRET,
        "scope": "all",
    }
    token = client.post(f"{url}/auth/token", data=form).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()

    with Simulator(rate_limit=(10**9, 1.0)) as sim:
        inst = sim.add(minimal_snapshot(extra_users=args.users), name="bench")
        with httpx.Client(timeout=30, trust_env=False) as client:
            headers = _token(client, inst.url)
            start = time.perf_counter()
            for _ in range(args.requests):
                client.get(f"{inst.url}/api/Status", headers=headers).raise_for_status()
            seq = time.perf_counter() - start
            print(f"sequential GET /api/Status: {args.requests / seq:,.0f} requests/s")

        per_thread = args.requests // args.threads

        def worker() -> None:
            with httpx.Client(timeout=30, trust_env=False) as own:
                for _ in range(per_thread):
                    own.get(f"{inst.url}/api/Status", headers=headers).raise_for_status()

        threads = [threading.Thread(target=worker) for _ in range(args.threads)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        par = time.perf_counter() - start
        total = per_thread * args.threads
        print(f"{args.threads} threads GET /api/Status: {total / par:,.0f} requests/s")

        with httpx.Client(timeout=30, trust_env=False) as client:
            start = time.perf_counter()
            seen, page, count = 0, 1, None
            while count is None or seen < count:
                body = client.get(
                    f"{inst.url}/api/Users",
                    headers=headers,
                    params={"pageinate": "true", "page_size": 100, "page_no": page},
                ).json()
                count = body["record_count"]
                seen += len(body["users"])
                page += 1
            paging = time.perf_counter() - start
            print(f"paging {seen:,} users in {page - 1} pages: {paging:.2f} s")

            batch = [
                {"name": f"Bench {n}", "emailaddress": f"bench{n}@example.test", "site_id": 20}
                for n in range(50)
            ]
            start = time.perf_counter()
            for _ in range(20):
                client.post(f"{inst.url}/api/Users", headers=headers, json=batch).raise_for_status()
            writes = time.perf_counter() - start
            print(f"creating 1,000 users in POSTs of 50: {writes:.2f} s")


if __name__ == "__main__":
    main()
