#!/usr/bin/env python3
"""DuckDB peer for scripts/bench.sh: the two aggregates tokenhound's replay detection is built on,
computed by DuckDB over the same gzip ELF CSV files.

  duckdb_peer.py DATA_DIR [--threads 2]

(1) refresh-token grants per (user, source IP, user agent) from Login files
    (URI /services/oauth2/token, LOGIN_SUB_TYPE refresh...), with first/last time and count;
(2) ApiTotalUsage calls per (user, client IP, connected app).
Prints row counts of both results (results are materialised, not just planned)."""
import argparse
import glob
import os
import sys
import time

import duckdb


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    login = sorted(glob.glob(os.path.join(a.data, "**", "*_Login.csv.gz"), recursive=True))
    usage = sorted(glob.glob(os.path.join(a.data, "**", "*_ApiTotalUsage.csv.gz"), recursive=True))
    if not login or not usage:
        print(f"no *_Login.csv.gz / *_ApiTotalUsage.csv.gz files under {a.data}", file=sys.stderr)
        return 2
    con = duckdb.connect()
    con.execute(f"SET threads = {a.threads}")
    t0 = time.perf_counter()
    grants = con.execute(
        """
        SELECT USER_ID, coalesce(nullif(SOURCE_IP, ''), CLIENT_IP) AS ip, BROWSER_TYPE AS ua,
               count(*) AS grants, min(TIMESTAMP_DERIVED) AS first, max(TIMESTAMP_DERIVED) AS last
        FROM read_csv(?, header = true, all_varchar = true, union_by_name = true)
        WHERE URI = '/services/oauth2/token' AND LOGIN_SUB_TYPE ILIKE '%refresh%'
        GROUP BY ALL
        """,
        [login],
    ).fetchall()
    calls = con.execute(
        """
        SELECT USER_ID, CLIENT_IP, CONNECTED_APP_ID, count(*) AS calls,
               min(TIMESTAMP_DERIVED) AS first, max(TIMESTAMP_DERIVED) AS last
        FROM read_csv(?, header = true, all_varchar = true, union_by_name = true)
        GROUP BY ALL
        """,
        [usage],
    ).fetchall()
    dt = time.perf_counter() - t0
    print(f"duckdb {duckdb.__version__} threads={a.threads}: {len(grants)} grant groups, "
          f"{len(calls)} usage groups in {dt:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
