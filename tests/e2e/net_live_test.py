#!/usr/bin/env python3
"""Opt-in live test (GODIAG_LIVE=1): `godiag net` and `godiag sumdb verify` against this
machine's own module proxy (`go env GOPROXY`) and, through it, the real public checksum
database: a real signed tree head verified with the built-in key and real records proved
through real tiles. Skipped (exit 0, saying so) unless GODIAG_LIVE=1.

Usage: net_live_test.py GODIAG_BINARY
"""
import json
import os
import subprocess
import sys
import tempfile

# rsc.io/quote v1.5.2 and its dependencies, as the go command records them.
GO_SUM = """golang.org/x/text v0.0.0-20170915032832-14c0d48ead0c h1:qgOY6WgZOaTkIIMiVjBQcw93ERBE4m30iBm00nkL0i8=
golang.org/x/text v0.0.0-20170915032832-14c0d48ead0c/go.mod h1:NqM8EUOU14njkJ3fqMW+pc6Ldnwhi/IjpwHt7yyuwOQ=
rsc.io/quote v1.5.2 h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=
rsc.io/quote v1.5.2/go.mod h1:LzX7hefJvL54yjefDEDHNONDjII0t9xZLPXsUe+TKr0=
rsc.io/sampler v1.3.0 h1:7uVkIFmeBqHfdjD+gZwtXXI+RODJ2Wc4O7MPEh/QiW4=
rsc.io/sampler v1.3.0/go.mod h1:T1hPZKmBbMNahiBKFy5HrXp6adAjACjK9JXDnKaTXpA=
"""


def main():
    if os.environ.get("GODIAG_LIVE") != "1":
        print("net_live_test: skipped (opt-in: set GODIAG_LIVE=1 to probe this machine's module proxy)")
        return 0
    godiag = os.path.abspath(sys.argv[1])
    goproxy = subprocess.run(["go", "env", "GOPROXY"], capture_output=True, text=True, check=True).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        env = {"PATH": os.environ["PATH"], "HOME": tmp, "SHELL": "/bin/sh", "GOPROXY": goproxy,
               "GOSUMDB": "sum.golang.org", "GOFLAGS": "", "GOTOOLCHAIN": "local"}
        for k in ("SSL_CERT_FILE", "SSL_CERT_DIR", "HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy"):
            if k in os.environ:
                env[k] = os.environ[k]
        p = subprocess.run([godiag, "net", "rsc.io/quote@v1.5.2", "--format", "json"], cwd=tmp, env=env,
                           capture_output=True, text=True, timeout=120)
        d = json.loads(p.stdout)
        side = d["net"][0]
        db = side["sumdb"]
        print("net: served_by=%s sumdb base=%s verified=%s tree#%s %s" % (
            side["modules"][0]["served_by"], db["base_url"], db["verified"], db["tree_size"], db["tree_hash"]))
        assert side["modules"][0]["served_by"], side["modules"][0]
        assert db["verified"] and db["tree_size"] > 1000000, db
        path = os.path.join(tmp, "go.sum")
        with open(path, "w") as f:
            f.write(GO_SUM)
        p = subprocess.run([godiag, "sumdb", "verify", path, "--format", "json"], cwd=tmp, env=env,
                           capture_output=True, text=True, timeout=120)
        v = json.loads(p.stdout)["sumdb_verify"]
        statuses = [l["status"] for l in v["lines"]]
        print("sumdb verify: %s, %d tiles fetched, tree#%s" % (statuses, v["tiles_fetched"], v["database"]["tree_size"]))
        assert statuses == ["ok"] * 6, v
        assert p.returncode == 0, p.stdout
    print("net_live_test: PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
