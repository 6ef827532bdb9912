#!/usr/bin/env python3
"""`godiag net`, `godiag sumdb verify` and `godiag sumdb verify-note` against the project's
test server (tests/oracle/go/netserver), compared with the real go command run in the same
environment.

Usage: net_test.py GODIAG

The netserver serves a GOPROXY (from a module cache made once per run by the real go command
through the machine's own module proxy, `go env GOPROXY`) and a checksum database, with a
deliberate fault under /v/<variant>/. Every case runs in a scrubbed environment (temporary
HOME, GOPATH, XDG_CACHE_HOME, a fresh GOMODCACHE per go run, GOTOOLCHAIN=local, a fake login
shell so the editor side is deterministic). Where the go command is run too, godiag's verdict
and its `go_error` must match what the go command prints.

Peers: the go command, the netserver (built here when missing), the machine's module proxy,
openssl (TLS cases) and the x/mod oracle (tests/oracle/bin/oracle, note texts). With CI=true
a missing peer is a failure; elsewhere the cases that need it are skipped, saying so.

Prints one PASS/FAIL/SKIP line per case and "N passed, N failed" at the end; exit 1 on any
failure.
"""
import base64
import concurrent.futures
import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.request

GODIAG = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/debug/godiag")
SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ORACLE_GO = os.path.join(SOURCE, "tests", "oracle", "go")
NETSERVER = os.environ.get("GODIAG_NETSERVER") or os.path.join(SOURCE, "tests", "oracle", "bin", "netserver")
ORACLE = os.path.join(SOURCE, "tests", "oracle", "bin", "oracle")
IN_CI = os.environ.get("CI") == "true"
GO = shutil.which("go")
OPENSSL = shutil.which("openssl")

QUOTE = "rsc.io/quote@v1.5.2"
TEXT_VERSION = "v0.0.0-20170915032832-14c0d48ead0c"
CACHED = [QUOTE, "rsc.io/sampler@v1.3.0", "golang.org/x/text@" + TEXT_VERSION]
GOMOD = "module example.com/m\n\ngo 1.22\n\nrequire rsc.io/quote v1.5.2\n"
OTHER_SEED = "6f746865722d6e65747365727665722d746573742d6b65792d736565642d3232"  # another DB key


class Unavailable(Exception):
    """A peer the test needs is missing: a failure in CI, a skip elsewhere."""


# ---------------------------------------------------------------------------------------
# Running things


def run(cmd, env, cwd, timeout=120, stdin=None):
    return subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout, input=stdin)


LOGIN_ENV = ".godiag-test-login-env"


def write_login_profile(env):
    """What the sandbox's login profile exports: the terminal's variables. godiag starts the
    login shell from the desktop session's environment (HOME, USER, SHELL, LANG, PATH), as VS
    Code does, so the fake login shells source this file to get the rest."""
    q = lambda v: "'" + v.replace("'", "'\\''") + "'"
    with open(os.path.join(env["HOME"], LOGIN_ENV), "w") as f:
        for k, v in env.items():
            if k not in ("HOME", "SHELL"):
                f.write(f"export {k}={q(v)}\n")


def godiag_json(args, env, cwd, timeout=120, stdin=None):
    """Runs godiag with --format json; returns (exit code, report)."""
    write_login_profile(env)
    p = run([GODIAG, *args, "--format", "json"], env, cwd, timeout, stdin)
    if p.returncode not in (0, 1):
        raise AssertionError(f"godiag {' '.join(args)} exited {p.returncode}\n  stdout: {p.stdout[-1500:]!r}\n"
                             f"  stderr: {p.stderr[-1500:]!r}")
    try:
        return p.returncode, json.loads(p.stdout)
    except ValueError as e:
        raise AssertionError(f"godiag {' '.join(args)}: output is not JSON ({e}; exit {p.returncode})\n"
                             f"  stdout: {p.stdout[:800]!r}\n  stderr: {p.stderr[:800]!r}")


def go_text(stderr):
    """What the go command printed, without its progress lines."""
    lines = [l for l in stderr.split("\n") if not l.startswith("go: downloading ")]
    return "\n".join(lines).strip()


def go(args, env, cwd, timeout=120):
    """Runs the real go command; returns (exit code, stderr text, stdout)."""
    p = run([GO, *args], env, cwd, timeout)
    return p.returncode, go_text(p.stderr), p.stdout


def first_line(text):
    return (text or "").split("\n")[0]


def server_response(text):
    return [l.strip() for l in (text or "").split("\n") if l.strip().startswith("server response:")]


def ids(report):
    return sorted({f["id"] for f in report.get("findings", [])})


def findings(report, rule_id, side=None):
    out = [f for f in report.get("findings", []) if f["id"] == rule_id]
    if side:
        out = [f for f in out if f.get("subject", "").endswith(f"({side})")] or \
              [f for f in out if f"({side})" in f.get("subject", "") + f.get("message", "")]
    return out


def net_side(report, side="terminal"):
    for s in report.get("net", []):
        if s.get("side") == side:
            return s
    raise AssertionError(f"no {side} side in the report's net[]: {[s.get('side') for s in report.get('net', [])]}")


def module0(report, side="terminal"):
    mods = net_side(report, side).get("modules", [])
    if not mods:
        raise AssertionError(f"no modules[] on the {side} side")
    return mods[0]


def free_port():
    """A loopback port nothing listens on (bound, then closed): connections are refused."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def h1_of_gomod(data):
    """go.sum hash of a go.mod file: dirhash.Hash1 over the single file "go.mod"."""
    summary = f"{hashlib.sha256(data).hexdigest()}  go.mod\n".encode()
    return "h1:" + base64.b64encode(hashlib.sha256(summary).digest()).decode()


def escape_path(p):
    return re.sub(r"[A-Z]", lambda m: "!" + m.group(0).lower(), p)


# ---------------------------------------------------------------------------------------
# The test server


class Server:
    def __init__(self, world, tag, *args):
        self.errlog = os.path.join(world.tmp, f"netserver-{tag}.log")
        with open(self.errlog, "w") as err:
            self.proc = subprocess.Popen([NETSERVER, *args], stdout=subprocess.PIPE, stderr=err, text=True,
                                         env={"PATH": "/usr/bin:/bin", "HOME": world.tmp})
        world.servers.append(self)
        got = []
        t = threading.Thread(target=lambda: got.append(self.proc.stdout.readline()), daemon=True)
        t.start()
        t.join(60)
        if not got or not got[0].strip():
            self.stop()
            with open(self.errlog) as f:
                raise AssertionError(f"netserver {' '.join(args)} printed no ready line: {f.read()[-1500:]}")
        self.ready = json.loads(got[0])
        self.http = self.ready["http"]
        self.https = self.ready["https"]
        self.vkey = self.ready["vkey"]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.proc.stdout:
            self.proc.stdout.close()


class World:
    """Everything made once per run: the module cache, the servers, certificates, go.sum."""

    def __init__(self):
        self.tmp = tempfile.mkdtemp(prefix="godiag-net-")
        self.servers = []
        self.skips = {}  # capability -> why it is missing
        self.gocache = os.path.join(self.tmp, "gocache")
        self.go_bin = os.path.dirname(os.path.realpath(GO)) if GO else ""

    def close(self):
        for s in self.servers:
            try:
                s.stop()
            except Exception:
                pass
        shutil.rmtree(self.tmp, ignore_errors=True)

    # -- peers --------------------------------------------------------------------------

    def build(self, out, pkg):
        p = run([GO, "build", "-o", out, pkg], dict(os.environ, GOFLAGS="-mod=mod", GOTOOLCHAIN="local"),
                ORACLE_GO, timeout=600)
        return p.returncode == 0 and os.access(out, os.X_OK), p.stderr[-1500:]

    def setup(self):
        if not GO:
            raise Unavailable("the go command is not on PATH")
        if not os.access(NETSERVER, os.X_OK):
            ok, err = self.build(NETSERVER, "./netserver")
            if not ok:
                raise Unavailable(f"netserver is missing and does not build (scripts/setup.sh --test builds it): {err}")
        self.make_cache()
        self.main = Server(self, "main", "--cache", self.cache)
        self.addr, self.vkey, self.records = self.main.http, self.main.vkey, self.main.ready["records"]
        self.slow = Server(self, "slow", "--cache", self.cache, "--slow", "20s")
        other = Server(self, "other-seed", "--synthetic", "1", "--seed", OTHER_SEED)
        self.other_vkey = other.vkey
        other.stop()
        if self.other_vkey == self.vkey:
            raise AssertionError("a netserver with another --seed printed the same key")
        self.make_gosum()
        self.make_shells()
        self.dead_proxy = f"http://127.0.0.1:{free_port()}"
        if not os.access(ORACLE, os.X_OK):
            ok, err = self.build(ORACLE, ".")
            if not ok:
                self.skips["oracle"] = f"the x/mod oracle ({ORACLE}) is missing and does not build: {err}"
        if OPENSSL:
            self.make_tls()
        else:
            self.skips["tls"] = "openssl is not installed (Debian package openssl)"

    def make_cache(self):
        outer = dict(os.environ, GOTOOLCHAIN="local")
        p = run([GO, "env", "GOPROXY"], outer, self.tmp, timeout=60)
        proxy = p.stdout.strip()
        if p.returncode != 0 or not proxy or proxy in ("off", "direct"):
            raise Unavailable(f"`go env GOPROXY` names no module proxy ({proxy!r}, {p.stderr.strip()!r})")
        modcache = os.path.join(self.tmp, "server-modcache")
        env = dict(outer, GOMODCACHE=modcache, GOFLAGS="-modcacherw", GOPROXY=proxy)
        try:
            p = run([GO, "mod", "download", *CACHED], env, self.tmp, timeout=300)
        except subprocess.TimeoutExpired:
            raise Unavailable(f"the machine's module proxy ({proxy}) did not answer within 300 s")
        if p.returncode != 0:
            raise Unavailable(f"the machine's module proxy ({proxy}) is not reachable: {p.stderr.strip()[-1500:]}")
        self.cache = os.path.join(modcache, "cache", "download")

    def make_gosum(self):
        lines = []
        for mv in sorted(CACHED):
            path, version = mv.split("@")
            vdir = os.path.join(self.cache, escape_path(path), "@v")
            with open(os.path.join(vdir, version + ".ziphash")) as f:
                zh = f.read().strip()
            with open(os.path.join(vdir, version + ".mod"), "rb") as f:
                mh = h1_of_gomod(f.read())
            lines += [f"{path} {version} {zh}", f"{path} {version}/go.mod {mh}"]
        self.gosum_lines = lines
        self.gosum = "\n".join(lines) + "\n"

    def make_shells(self):
        # godiag runs `$SHELL -i -l -c SCRIPT` for the editor side (a GUI launch); these read
        # the sandbox's login profile (write_login_profile), then run SCRIPT, one as is, one
        # without SSL_CERT_FILE.
        bindir = os.path.join(self.tmp, "bin")
        os.makedirs(bindir)
        self.shell_same = os.path.join(bindir, "login-shell")
        self.shell_nossl = os.path.join(bindir, "login-shell-without-ssl-cert-file")
        for path, extra in ((self.shell_same, ""), (self.shell_nossl, "unset SSL_CERT_FILE\n")):
            with open(path, "w") as f:
                f.write('#!/bin/sh\nfor a; do last=$a; done\n[ -f "$HOME/' + LOGIN_ENV + '" ] && . "$HOME/' +
                        LOGIN_ENV + '"\n' + extra + 'exec /bin/sh -c "$last"\n')
            os.chmod(path, 0o755)

    def make_tls(self):
        d = os.path.join(self.tmp, "tls")
        os.makedirs(d)
        cnf = os.path.join(d, "req.cnf")
        with open(cnf, "w") as f:
            f.write("[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = placeholder\n"
                    "[v3_ca]\nbasicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\n"
                    "subjectKeyIdentifier = hash\n")
            for name, san in (("srv", "IP:127.0.0.1,DNS:localhost"), ("other", "DNS:other.test"),
                              ("otherip", "DNS:other.test,IP:127.0.0.2")):
                f.write(f"[v3_{name}]\nbasicConstraints = critical,CA:FALSE\n"
                        "keyUsage = critical,digitalSignature,keyEncipherment\nextendedKeyUsage = serverAuth\n"
                        f"subjectAltName = {san}\n")
        with open(os.path.join(d, "ca.cnf"), "w") as f:
            f.write("[ca]\ndefault_ca = testca\n[testca]\ndatabase = index.txt\nnew_certs_dir = .\n"
                    "serial = serial.txt\ndefault_md = sha256\npolicy = anything\nunique_subject = no\n"
                    "[anything]\ncommonName = supplied\n")
        open(os.path.join(d, "index.txt"), "w").close()
        with open(os.path.join(d, "serial.txt"), "w") as f:
            f.write("10\n")
        key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]

        def ssl(*args):
            p = run([OPENSSL, *args], dict(os.environ), d, timeout=60)
            if p.returncode != 0:
                raise AssertionError(f"openssl {' '.join(args)}: {p.stderr[-800:]}")

        ssl("req", "-config", cnf, "-x509", *key, "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=godiag test CA",
            "-days", "30", "-extensions", "v3_ca")
        # CA-signed for 127.0.0.1; CA-signed for other.test and 127.0.0.2; self-signed for other.test.
        for name, cn, ext, serial in (("srv", "127.0.0.1", "v3_srv", "2"), ("otherip", "other.test", "v3_otherip", "3")):
            ssl("req", "-config", cnf, "-new", *key, "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", f"/CN={cn}")
            ssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", serial,
                "-days", "30", "-extfile", cnf, "-extensions", ext, "-out", f"{name}.pem")
        ssl("req", "-config", cnf, "-x509", *key, "-keyout", "other.key", "-out", "other.pem", "-subj", "/CN=other.test",
            "-days", "30", "-extensions", "v3_other")
        # Expired, CA-signed for 127.0.0.1: `openssl ca` takes explicit dates.
        ssl("req", "-config", cnf, "-new", *key, "-keyout", "exp.key", "-out", "exp.csr", "-subj", "/CN=127.0.0.1")
        p = run([OPENSSL, "ca", "-batch", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key", "-in", "exp.csr",
                 "-out", "exp.pem", "-startdate", "20190101000000Z", "-enddate", "20200101000000Z", "-extfile", cnf,
                 "-extensions", "v3_srv", "-notext"], dict(os.environ), d, timeout=60)
        if p.returncode != 0:
            self.skips["expired"] = f"this openssl cannot make an expired certificate: {p.stderr.strip()[-300:]}"
        self.ca = os.path.join(d, "ca.pem")
        self.tls = {}
        for name in ("srv", "other", "otherip") + (() if "expired" in self.skips else ("exp",)):
            self.tls[name] = Server(self, "tls-" + name, "--cache", self.cache, "--tls-cert", os.path.join(d, name + ".pem"),
                                    "--tls-key", os.path.join(d, name + ".key")).ready

    # -- per-case sandboxes ------------------------------------------------------------

    def module_dir(self, sb, gosum):
        d = os.path.join(sb.root, f"mod{sb.next()}")
        os.makedirs(d)
        with open(os.path.join(d, "go.mod"), "w") as f:
            f.write(GOMOD)
        with open(os.path.join(d, "go.sum"), "w") as f:
            f.write(gosum)
        return d


class Sandbox:
    """One HOME (and so GOPATH and godiag's cache); a fresh GOMODCACHE for every env()."""

    def __init__(self, world, tag):
        self.w = world
        self.root = tempfile.mkdtemp(prefix=re.sub(r"[^A-Za-z0-9]+", "-", tag)[:40] + "-", dir=world.tmp)
        self.home = os.path.join(self.root, "home")
        self.work = os.path.join(self.root, "work")
        os.makedirs(self.home)
        os.makedirs(self.work)
        self.n = 0
        self.lock = threading.Lock()

    def next(self):
        with self.lock:
            self.n += 1
            return self.n

    def env(self, goproxy, **over):
        e = {
            "PATH": f"{self.w.go_bin}:/usr/bin:/bin",
            "HOME": self.home,
            "SHELL": self.w.shell_same,
            "TERM": "dumb",
            "NO_COLOR": "1",
            "LANG": "C.UTF-8",
            "GOPATH": os.path.join(self.home, "go"),
            "XDG_CACHE_HOME": os.path.join(self.home, ".cache"),
            "GOCACHE": self.w.gocache,
            "GOMODCACHE": os.path.join(self.root, f"modcache{self.next()}"),
            "GOTOOLCHAIN": "local",
            "GOFLAGS": "-modcacherw",
            "GOPROXY": goproxy,
            "GOSUMDB": self.w.vkey,
            "GONOSUMDB": "",
            "GOPRIVATE": "",
            "GONOPROXY": "",
        }
        for k, v in over.items():
            if v is None:
                e.pop(k, None)
            else:
                e[k] = v
        return e


class Check:
    """Collects every failed expectation of one case instead of stopping at the first."""

    def __init__(self):
        self.problems = []
        self.notes = []

    def true(self, cond, what):
        if not cond:
            self.problems.append(what)
        return bool(cond)

    def eq(self, got, want, what):
        return self.true(got == want, f"{what}: got {got!r}, want {want!r}")

    def has(self, container, item, what):
        return self.true(container is not None and item in container, f"{what}: {item!r} not in {container!r}")

    def agree(self, what, godiag_text, go_text_):
        if godiag_text == go_text_:
            return True
        self.problems.append(f"{what}: godiag and the go command disagree\n      godiag: {godiag_text!r}\n"
                             f"      go:     {go_text_!r}")
        return False

    def note(self, text):
        self.notes.append(text)


# ---------------------------------------------------------------------------------------
# Cases. Each takes (world, check) and records its expectations on the check.


def net(sb, env, *mods, extra=()):
    rc, rep = godiag_json(["net", *mods, *extra], env, sb.work)
    return rc, rep


def compare_module_error(c, rep, go_rc, go_err, label):
    """godiag's modules[0].go_error against the go command's error: the first line exactly,
    and the `server response:` line when the go command prints one."""
    g = module0(rep).get("go_error") or ""
    c.true(go_rc != 0, f"{label}: the go command was expected to fail but succeeded")
    c.true(g != "", f"{label}: godiag predicts success (no go_error) but the go command fails: {go_err!r}")
    c.agree(f"{label}: first line of the error", first_line(g), first_line(go_err))
    if server_response(go_err):
        c.agree(f"{label}: server response line", server_response(g), server_response(go_err))


def case_healthy(w, c):
    sb = Sandbox(w, "healthy")
    mod = w.module_dir(sb, w.gosum)
    env = sb.env(f"http://{w.addr}")
    rc, rep = godiag_json(["net", QUOTE], env, mod)
    t = net_side(rep)
    m = module0(rep)
    c.eq(m.get("served_by"), f"http://{w.addr}", "modules[0].served_by")
    c.eq(t["sumdb"].get("verified"), True, f"sumdb.verified (error: {t['sumdb'].get('error')!r})")
    c.eq(t["sumdb"].get("base_url"), f"http://{w.addr}/sumdb/testdb.example", "sumdb.base_url")
    c.eq(t["sumdb"].get("tree_size"), w.records, "sumdb.tree_size (the ready line's records)")
    errors = [f["id"] for f in rep["findings"] if f.get("severity") == "error"]
    c.eq(errors, [], "error findings")
    c.eq(rc, 0, "godiag net exit code")
    grc, gerr, gout = go(["mod", "download", "-json", QUOTE], sb.env(f"http://{w.addr}"), sb.work)
    if c.eq(grc, 0, f"go mod download -json exit code (stderr {gerr!r})"):
        info = json.loads(gout)
        c.has(w.gosum_lines, f"rsc.io/quote v1.5.2 {info.get('Sum')}", "the go command's Sum in the test's go.sum")
        c.has(w.gosum_lines, f"rsc.io/quote v1.5.2/go.mod {info.get('GoModSum')}", "the go command's GoModSum in go.sum")
    rc, rep = godiag_json(["sumdb", "verify"], env, mod)
    lines = rep.get("sumdb_verify", {}).get("lines", [])
    c.eq([(l["path"], l["version"], l["status"]) for l in lines if l["status"] != "ok"], [], "sumdb verify lines not ok")
    c.eq(len(lines), 6, "sumdb verify line count")
    c.eq(rc, 0, f"godiag sumdb verify exit code (findings {ids(rep)})")
    # Again: the lookups come from godiag's cache (still verified; the database's /latest is asked).
    rc, rep = godiag_json(["sumdb", "verify"], env, mod)
    v = rep.get("sumdb_verify", {})
    c.eq((v.get("lookups_from_cache"), v.get("lookups")), (3, 3), "second sumdb verify: lookups from godiag's cache")
    c.eq(rc, 0, f"second godiag sumdb verify exit code (findings {ids(rep)})")
    # The go command's own lookup cache (filled by a download outside a module) serves a fresh godiag.
    genv = sb.env(f"http://{w.addr}")
    grc, gerr, _ = go(["mod", "download", QUOTE], genv, sb.work)
    fresh = Sandbox(w, "healthy-gocache")
    rc, rep = godiag_json(["sumdb", "verify"], dict(fresh.env(f"http://{w.addr}"), GOMODCACHE=genv["GOMODCACHE"]), mod)
    v = rep.get("sumdb_verify", {})
    c.eq(v.get("lookups_from_cache"), 1, f"sumdb verify with the go command's GOMODCACHE (go: {grc} {gerr!r})")


def case_doctor(w, c):
    """The doctor runs the network probes unless --offline: its module's requirements are probed."""
    sb = Sandbox(w, "doctor")
    mod = w.module_dir(sb, w.gosum)
    rc, rep = godiag_json(["doctor", "--no-lsp"], sb.env(f"http://{w.addr}/v/403"), mod)
    t = net_side(rep)
    c.eq(sorted({m["module"] for m in t["modules"]}), ["rsc.io/quote"], "doctor probes the module's requirement")
    c.has(ids(rep), "net.proxy.status-blocks-fallback", "doctor finding from the network probe")
    rc, rep = godiag_json(["doctor", "--no-lsp", "--offline"], sb.env(f"http://{w.addr}/v/403"), mod)
    c.eq(rep.get("net"), None, "--offline: no network section")
    c.true(not any(i.startswith("net.") for i in ids(rep)), "--offline: no net.* finding")


def case_status(code):
    def f(w, c):
        sb = Sandbox(w, f"status-{code}")
        gp = f"http://{w.addr}/v/{code}"
        rc, rep = net(sb, sb.env(gp), QUOTE)
        grc, gerr, _ = go(["mod", "download", QUOTE], sb.env(gp), sb.work)
        compare_module_error(c, rep, grc, gerr, f"GOPROXY=…/v/{code}")
        c.has(ids(rep), "net.proxy.status-blocks-fallback", "finding")
        c.eq(rc, 1, "godiag exit code")
    return f


def case_fallback(sep, first, expect_ok, alone=False):
    def f(w, c):
        sb = Sandbox(w, f"fallback-{first}")
        gp = f"http://{w.addr}/v/{first}" if alone else f"http://{w.addr}/v/{first}{sep}http://{w.addr}/v/ok"
        # A dead HTTPS proxy keeps a direct checksum-database connection (to https://testdb.example,
        # when no proxy entry serves the database) on this machine.
        over = {"HTTPS_PROXY": w.dead_proxy} if alone else {}
        rc, rep = net(sb, sb.env(gp, **over), QUOTE)
        grc, gerr, _ = go(["mod", "download", QUOTE], sb.env(gp, **over), sb.work)
        m = module0(rep)
        if expect_ok:
            c.eq(m.get("served_by"), f"http://{w.addr}/v/ok", f"GOPROXY={gp}: modules[0].served_by")
            c.eq(grc, 0, f"GOPROXY={gp}: the go command's exit code (stderr {gerr!r})")
            c.eq(rc, 0, f"godiag exit code (findings {ids(rep)})")
        else:
            compare_module_error(c, rep, grc, gerr, f"GOPROXY={gp}")
            want = "410 Gone" if first == "410" else "403 Forbidden"
            c.has(first_line(gerr), want, "the go command's error")
            c.has(first_line(m.get("go_error")), want, "godiag's go_error")
    return f


def case_bad_answer(variant, phrase, rule):
    """A proxy whose answers the go command cannot read: same first line, godiag's finding."""
    def f(w, c):
        sb = Sandbox(w, variant)
        gp = f"http://{w.addr}/v/{variant}"
        rc, rep = net(sb, sb.env(gp), QUOTE)
        grc, gerr, _ = go(["mod", "download", QUOTE], sb.env(gp), sb.work)
        compare_module_error(c, rep, grc, gerr, f"GOPROXY=…/v/{variant}")
        c.has(module0(rep).get("go_error"), phrase, "godiag's go_error")
        c.has(ids(rep), rule, "finding")
    return f


def case_reset(w, c):
    sb = Sandbox(w, "reset")
    gp = f"http://{w.addr}/v/reset"
    rc, rep = net(sb, sb.env(gp), QUOTE)
    grc, gerr, _ = go(["mod", "download", QUOTE], sb.env(gp), sb.work)
    g = module0(rep).get("go_error") or ""
    c.has(ids(rep), "net.proxy.unreachable", "finding")
    c.true(grc != 0, "the go command was expected to fail on v/reset")
    c.has(g, "connection reset by peer", "godiag's go_error")
    c.has(gerr, "connection reset by peer", "the go command's error")
    # The go command names its connection (read tcp LOCAL->REMOTE:); its local port is its own.
    norm = re.sub(r"read tcp [0-9.:\[\]]+->[0-9.:\[\]]+: ", "", first_line(gerr))
    if first_line(g) != norm and first_line(g) != first_line(gerr):
        c.note(f"texts differ beyond the connection's addresses:\n      godiag: {first_line(g)!r}\n"
               f"      go:     {first_line(gerr)!r}")


def case_slow(w, c):
    sb = Sandbox(w, "slow")
    env = sb.env(f"http://{w.slow.http}/v/slow")
    start = time.monotonic()
    rc, rep = godiag_json(["net", QUOTE, "--timeout", "3s"], env, sb.work, timeout=60)
    elapsed = time.monotonic() - start
    c.true(elapsed <= 6.0, f"godiag net --timeout 3s took {elapsed:.1f} s (want <= 6 s)")
    c.has(ids(rep), "net.deadline", "finding")
    c.eq(net_side(rep).get("deadline_hit"), True, "deadline_hit")


def case_sumdb_fault(variant, phrase, go_phrase=None):
    def f(w, c):
        sb = Sandbox(w, f"sumdb-{variant}")
        gp = f"http://{w.addr}/v/{variant}"
        rc, rep = net(sb, sb.env(gp), QUOTE)
        grc, gerr, _ = go(["mod", "download", QUOTE], sb.env(gp), sb.work)
        db = net_side(rep)["sumdb"]
        c.eq(db.get("verified"), False, "sumdb.verified")
        c.has(db.get("error") or "", phrase, "godiag's sumdb.error")
        c.has(ids(rep), "net.sumdb.verify-failed", "finding")
        c.true(grc != 0, f"the go command was expected to fail on v/{variant}")
        c.true((go_phrase or phrase) in gerr,
               f"the go command's error lacks {go_phrase or phrase!r}\n      godiag: {db.get('error')!r}\n"
               f"      go:     {gerr!r}")
    return f


def split_security(text):
    """A SECURITY ERROR report split into (notes part, first proof hash, other proof hashes)."""
    text = text[text.find("SECURITY ERROR"):] if "SECURITY ERROR" in text else text
    head, _, proof = text.partition("proof of misbehavior:")
    hashes = proof.split()
    return head.strip(), hashes[:1], hashes[1:]


def case_fork(w, c):
    # godiag: a good run, then the forked tree, with the same HOME (godiag's own cache).
    sb = Sandbox(w, "fork-godiag")
    mod = w.module_dir(sb, w.gosum)
    rc, rep = godiag_json(["sumdb", "verify"], sb.env(f"http://{w.addr}"), mod)
    c.eq(rc, 0, f"first (good) godiag sumdb verify exit code (findings {ids(rep)})")
    rc, rep = godiag_json(["sumdb", "verify"], sb.env(f"http://{w.addr}/v/forked"), mod)
    c.has(ids(rep), "sumdb.verify.fork", "finding after a good run with the same HOME")
    lines = rep.get("sumdb_verify", {}).get("lines", [])
    c.true(any(l["path"] == "golang.org/x/text" and l["version"] == TEXT_VERSION and l["status"] == "MISMATCH"
               for l in lines), f"a MISMATCH line for golang.org/x/text {TEXT_VERSION}: "
                                f"{[(l['path'], l['version'], l['status']) for l in lines]}")
    c.eq(rc, 1, "godiag exit code")

    # The go command: a good download, then the forked tree, with the same GOPATH.
    gsb = Sandbox(w, "fork-go")
    grc, gerr, _ = go(["mod", "download", QUOTE], gsb.env(f"http://{w.addr}"), gsb.work)
    c.eq(grc, 0, f"the go command's first (good) download (stderr {gerr!r})")
    latest = os.path.join(gsb.home, "go", "pkg", "sumdb", "testdb.example", "latest")
    c.true(os.path.exists(latest), f"the go command kept no {latest}")
    grc, gerr, _ = go(["mod", "download", QUOTE], gsb.env(f"http://{w.addr}/v/forked"), gsb.work)
    c.true(grc != 0, "the go command was expected to fail on v/forked")
    c.true("SECURITY ERROR" in gerr and "server misbehavior" in gerr, f"the go command's error: {gerr!r}")

    # godiag with a fresh HOME/XDG_CACHE_HOME but the go command's GOPATH: its `latest`.
    dsb = Sandbox(w, "fork-golatest")
    rc, rep = godiag_json(["sumdb", "verify"], dsb.env(f"http://{w.addr}/v/forked", GOPATH=os.path.join(gsb.home, "go")),
                          mod)
    fork = findings(rep, "sumdb.verify.fork")
    if c.true(fork, f"sumdb.verify.fork against the go command's latest: findings {ids(rep)}"):
        where = fork[0].get("subject", "") + json.dumps(fork[0].get("evidence", []))
        c.has(where, latest, "the fork finding's subject/evidence names the go command's latest")
    gd = rep.get("sumdb_verify", {}).get("error") or ""
    # Both compared the same two signed notes (the go command's latest, the forked tree head):
    # their reports must be the same text.
    gh, gfirst, grest = split_security(gd)
    oh, ofirst, orest = split_security(gerr)
    c.agree("SECURITY ERROR report, old/new database notes", gh, oh)
    # x/mod's checkTrees indents each note with its trailing newline ("\n" -> "\n\t"), and its proof
    # of misbehavior starts with the hash of tree#OLD as the NEW tree computes it
    # (tlog.TreeHash(older.N, newer's tiles)), then the consistency proof.
    c.agree("SECURITY ERROR report, first line of the proof of misbehavior (the new tree's hash of the old size)",
            gfirst, ofirst)
    c.agree("SECURITY ERROR report, consistency proof hashes", grest, orest)


def case_gosum_mismatch(w, c):
    sb = Sandbox(w, "gosum-mismatch")
    good = next(l for l in w.gosum_lines if l.startswith("rsc.io/quote v1.5.2 "))
    good_hash = good.split()[2]
    bad_hash = "h1:" + ("A" if good_hash[3] != "A" else "B") + good_hash[4:]
    mod = w.module_dir(sb, w.gosum.replace(good, f"rsc.io/quote v1.5.2 {bad_hash}"))
    rc, rep = godiag_json(["sumdb", "verify"], sb.env(f"http://{w.addr}"), mod)
    lines = rep.get("sumdb_verify", {}).get("lines", [])
    c.true(any(l["path"] == "rsc.io/quote" and l["version"] == "v1.5.2" and l["status"] == "MISMATCH" for l in lines),
           f"a MISMATCH line for rsc.io/quote v1.5.2: {[(l['path'], l['version'], l['status']) for l in lines]}")
    mm = findings(rep, "sumdb.verify.mismatch")
    if c.true(mm, f"sumdb.verify.mismatch: findings {ids(rep)}"):
        text = mm[0].get("message", "") + json.dumps(mm[0].get("evidence", []))
        c.has(text, bad_hash, "the mismatch finding shows go.sum's hash")
        c.has(text, good_hash, "the mismatch finding shows the database's hash")
    c.eq(rc, 1, "godiag exit code")
    grc, gerr, _ = go(["mod", "download"], sb.env(f"http://{w.addr}"), mod)
    c.true(grc != 0 and "checksum mismatch" in gerr, f"go mod download with the tampered go.sum: {grc} {gerr!r}")


def case_gosum_not_found(w, c):
    sb = Sandbox(w, "gosum-not-found")
    mod = w.module_dir(sb, w.gosum + "example.com/private v1.0.0 h1:" + "A" * 43 + "=\n")
    rc, rep = godiag_json(["sumdb", "verify"], sb.env(f"http://{w.addr}"), mod)
    st = {(l["path"], l["version"]): l["status"] for l in rep.get("sumdb_verify", {}).get("lines", [])}
    c.eq(st.get(("example.com/private", "v1.0.0")), "not-found", "status of example.com/private v1.0.0")
    c.has(ids(rep), "sumdb.verify.not-found", "finding")
    c.eq(sorted(v for k, v in st.items() if k[0] != "example.com/private"), ["ok"] * 6, "the six real lines")
    rc, rep = godiag_json(["sumdb", "verify"], sb.env(f"http://{w.addr}", GOPRIVATE="example.com/private"), mod)
    st = {(l["path"], l["version"]): l["status"] for l in rep.get("sumdb_verify", {}).get("lines", [])}
    c.eq(st.get(("example.com/private", "v1.0.0")), "skipped", "status with GOPRIVATE=example.com/private")
    c.true("sumdb.verify.not-found" not in ids(rep), f"no not-found finding with GOPRIVATE: {ids(rep)}")


def case_gosumdb_url(w, c):
    sb = Sandbox(w, "gosumdb-url")
    gp = f"http://{w.addr}/v/nosumdb"
    url = f"http://{w.addr}/sumdb/testdb.example"
    rc, rep = net(sb, sb.env(gp, GOSUMDB=f"{w.vkey} {url}"), QUOTE)
    db = net_side(rep)["sumdb"]
    c.eq(db.get("verified"), True, f"sumdb.verified (error {db.get('error')!r})")
    c.eq(db.get("base_url"), url, "sumdb.base_url (the GOSUMDB URL)")
    c.eq(rc, 0, f"godiag exit code (findings {ids(rep)})")
    grc, gerr, _ = go(["mod", "download", QUOTE], sb.env(gp, GOSUMDB=f"{w.vkey} {url}"), sb.work)
    c.eq(grc, 0, f"the go command with GOSUMDB naming the URL (stderr {gerr!r})")


def case_gosumdb_direct(w, c):
    # Not run with the go command: it would look testdb.example up in DNS.
    sb = Sandbox(w, "gosumdb-direct")
    rc, rep = net(sb, sb.env(f"http://{w.addr}/v/nosumdb", HTTPS_PROXY=w.dead_proxy), QUOTE)
    c.eq(net_side(rep)["sumdb"].get("base_url"), "https://testdb.example", "sumdb.base_url (direct)")


def tls_addr(w, name):
    return w.tls[name]["https"]


def case_tls_unknown_authority(w, c):
    sb = Sandbox(w, "tls-unknown-ca")
    gp = f"https://{tls_addr(w, 'srv')}"
    rc, rep = net(sb, sb.env(gp), QUOTE)
    grc, gerr, _ = go(["mod", "download", QUOTE], sb.env(gp), sb.work)
    ua = findings(rep, "net.tls.unknown-authority", "terminal")
    if c.true(ua, f"net.tls.unknown-authority (terminal): findings {ids(rep)}"):
        c.has(json.dumps(ua[0].get("evidence", [])), "godiag test CA", "the finding's evidence names the chain's issuer")
    chain = net_side(rep)["proxies"][0]["host"].get("chain", [])
    c.true(chain and "godiag test CA" in chain[0].get("issuer", ""), f"host.chain[0].issuer: {chain}")
    c.has(gerr, "tls: failed to verify certificate: x509: certificate signed by unknown authority", "go's error")
    compare_module_error(c, rep, grc, gerr, "CA-signed certificate, CA not trusted")


def case_tls_trusted(w, c):
    sb = Sandbox(w, "tls-trusted")
    gp = f"https://{tls_addr(w, 'srv')}"
    rc, rep = net(sb, sb.env(gp, SSL_CERT_FILE=w.ca), QUOTE)
    grc, gerr, _ = go(["mod", "download", QUOTE], sb.env(gp, SSL_CERT_FILE=w.ca), sb.work)
    c.eq(module0(rep).get("served_by"), gp, "modules[0].served_by")
    db = net_side(rep)["sumdb"]
    c.eq(db.get("verified"), True, f"sumdb.verified (error {db.get('error')!r})")
    c.eq(rc, 0, f"godiag exit code (findings {ids(rep)})")
    c.eq(grc, 0, f"the go command with SSL_CERT_FILE=ca.pem (stderr {gerr!r})")


def case_tls_sides(w, c):
    sb = Sandbox(w, "tls-sides")
    gp = f"https://{tls_addr(w, 'srv')}"
    rc, rep = net(sb, sb.env(gp, SSL_CERT_FILE=w.ca, SHELL=w.shell_nossl), QUOTE)
    c.eq(module0(rep, "terminal").get("served_by"), gp, "terminal modules[0].served_by")
    ed = net_side(rep, "editor")
    host = ed["proxies"][0]["host"]
    c.eq(host.get("ok"), False, "editor host.ok (its login shell has no SSL_CERT_FILE)")
    c.eq((host.get("other_roots") or {}).get("accept"), True, f"editor host.other_roots.accept: {host.get('other_roots')}")
    c.true("net.sides.differ" in ids(rep) or findings(rep, "net.tls.unknown-authority", "editor"),
           f"net.sides.differ or the editor's net.tls.unknown-authority: findings "
           f"{[(f['id'], f.get('subject')) for f in rep['findings']]}")
    c.eq(rc, 1, "godiag exit code")


def case_tls_expired(w, c):
    sb = Sandbox(w, "tls-expired")
    gp = f"https://{tls_addr(w, 'exp')}"
    rc, rep = net(sb, sb.env(gp, SSL_CERT_FILE=w.ca), QUOTE)
    grc, gerr, _ = go(["mod", "download", QUOTE], sb.env(gp, SSL_CERT_FILE=w.ca), sb.work)
    c.has(ids(rep), "net.tls.expired", "finding")
    c.has(gerr, "certificate has expired or is not yet valid", "go's error")
    # "current time T is after ..." is the time of each run.
    norm = lambda s: re.sub(r"current time \S+", "current time T", first_line(s))
    g = module0(rep).get("go_error") or ""
    c.true(grc != 0 and g, f"both fail: go {grc}, godiag go_error {g!r}")
    c.agree("expired certificate: first line of the error (times normalised)", norm(g), norm(gerr))


def case_tls_wrong_host(name, cert_in_roots):
    def f(w, c):
        sb = Sandbox(w, f"tls-wrong-host-{name}")
        gp = f"https://{tls_addr(w, name)}"
        over = {"SSL_CERT_FILE": w.ca} if cert_in_roots else {}
        rc, rep = net(sb, sb.env(gp, **over), QUOTE)
        grc, gerr, _ = go(["mod", "download", QUOTE], sb.env(gp, **over), sb.work)
        c.has(gerr, "x509: c", "go's error")
        if name == "otherip":
            c.has(gerr, "certificate is valid for", "go's error")
        # The go command checks the host name before the chain (crypto/x509 Certificate.Verify),
        # so an untrusted certificate for another name is reported as the wrong host.
        c.has(ids(rep), "net.tls.wrong-host", "finding")
        compare_module_error(c, rep, grc, gerr, f"certificate for other.test ({'CA-signed' if cert_in_roots else 'self-signed'})")
    return f


def case_tls_redirect(w, c):
    sb = Sandbox(w, "tls-redirect")
    gp = f"https://{tls_addr(w, 'srv')}/v/redirect-http"
    rc, rep = net(sb, sb.env(gp, SSL_CERT_FILE=w.ca), QUOTE)
    grc, gerr, _ = go(["mod", "download", QUOTE], sb.env(gp, SSL_CERT_FILE=w.ca), sb.work)
    c.has(ids(rep), "net.proxy.insecure-redirect", "finding")
    c.has(gerr, "redirected from secure URL", "go's error")
    # The go command's url.Error names the URL of the last request: the redirect's target.
    compare_module_error(c, rep, grc, gerr, "https→http redirect")


def secrecy(c, sb, env, label):
    for fmt in ("text", "json", "markdown"):
        p = run([GODIAG, "net", QUOTE, "-v", "--format", fmt], env, sb.work)
        c.true(p.returncode in (0, 1), f"{label}: godiag --format {fmt} exited {p.returncode}: {p.stderr[-500:]!r}")
        c.true("s3cret" not in p.stdout + p.stderr, f"{label}: the password appears in the {fmt} output")
        yield fmt, p


def case_tls_auth_netrc(w, c):
    sb = Sandbox(w, "tls-auth-netrc")
    addr = tls_addr(w, "srv")
    gp = f"https://{addr}/v/auth"
    # The go command matches a .netrc machine against the URL's host:port.
    netrc = os.path.join(sb.root, "netrc")
    with open(netrc, "w") as f:
        f.write(f"machine {addr} login alice password s3cret\n")
    env = sb.env(gp, SSL_CERT_FILE=w.ca, NETRC=netrc)
    rc, rep = godiag_json(["net", QUOTE], env, sb.work)
    grc, gerr, _ = go(["mod", "download", QUOTE], sb.env(gp, SSL_CERT_FILE=w.ca, NETRC=netrc), sb.work)
    c.eq(grc, 0, f"the go command with `machine {addr}` in .netrc (stderr {gerr!r})")
    m = module0(rep)
    c.eq(m.get("served_by"), gp, f"godiag with `machine {addr}` in .netrc: served_by (go_error {m.get('go_error')!r})")
    list(secrecy(c, sb, env, ".netrc"))


def case_tls_auth_netrc_no_port(w, c):
    sb = Sandbox(w, "tls-auth-netrc-noport")
    addr = tls_addr(w, "srv")
    gp = f"https://{addr}/v/auth"
    netrc = os.path.join(sb.root, "netrc")
    with open(netrc, "w") as f:
        f.write("machine 127.0.0.1 login alice password s3cret\n")
    env = sb.env(gp, SSL_CERT_FILE=w.ca, NETRC=netrc)
    rc, rep = godiag_json(["net", QUOTE], env, sb.work)
    grc, gerr, _ = go(["mod", "download", QUOTE], sb.env(gp, SSL_CERT_FILE=w.ca, NETRC=netrc), sb.work)
    m = module0(rep)
    # Same verdict as the go command, whichever it is.
    g_ok, o_ok = bool(m.get("served_by")), grc == 0
    same = c.true(g_ok == o_ok, "`machine 127.0.0.1` (no port) in .netrc against https://127.0.0.1:PORT: godiag and "
                                f"the go command disagree on whether the fetch succeeds\n      godiag: "
                                f"{'succeeds' if g_ok else 'fails'} (go_error {m.get('go_error')!r})\n      go:     "
                                f"{'succeeds' if o_ok else 'fails'} ({gerr!r})")
    if same and not o_ok:
        compare_module_error(c, rep, grc, gerr, "`machine 127.0.0.1` in .netrc")
    list(secrecy(c, sb, env, ".netrc without port"))


def case_tls_auth_userinfo(w, c):
    sb = Sandbox(w, "tls-auth-userinfo")
    addr = tls_addr(w, "srv")
    gp = f"https://alice:s3cret@{addr}/v/auth"
    env = sb.env(gp, SSL_CERT_FILE=w.ca)
    rc, rep = godiag_json(["net", QUOTE], env, sb.work)
    grc, gerr, _ = go(["mod", "download", QUOTE], sb.env(gp, SSL_CERT_FILE=w.ca), sb.work)
    c.eq(grc, 0, f"the go command with credentials in GOPROXY (stderr {gerr!r})")
    m = module0(rep)
    c.true(m.get("served_by"), f"godiag with credentials in GOPROXY: served_by empty (go_error {m.get('go_error')!r})")
    c.eq(rc, 0, f"godiag exit code (findings {ids(rep)})")
    for fmt, p in secrecy(c, sb, env, "GOPROXY userinfo"):
        c.has(p.stdout, f"alice:xxxxx@{addr}", f"the redacted URL in the {fmt} output")


def oracle_noteopen(msg, key):
    q = json.dumps({"kind": "noteopen", "Msg": msg, "Keys": [key]}) + "\n"
    p = subprocess.run([ORACLE], input=q, capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        raise AssertionError(f"oracle: {p.stderr[-500:]}")
    return json.loads(p.stdout)


def case_verify_note(w, c):
    sb = Sandbox(w, "verify-note")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    note = opener.open(f"http://{w.addr}/sumdb/testdb.example/latest", timeout=30).read().decode()
    path = os.path.join(sb.root, "latest")
    with open(path, "w") as f:
        f.write(note)
    env = sb.env(f"http://{w.addr}")
    rc, rep = godiag_json(["sumdb", "verify-note", "--key", w.vkey, path], env, sb.work)
    c.eq((rc, rep.get("verified")), (0, True), f"verify-note --key VKEY latest (error {rep.get('error')!r})")
    c.eq((rep.get("tree") or {}).get("size"), w.records, "tree.size (the ready line's records)")
    rc, rep = godiag_json(["sumdb", "verify-note", "--key", w.vkey, "-"], env, sb.work, stdin=note)
    c.eq((rc, rep.get("verified"), (rep.get("tree") or {}).get("size")), (0, True, w.records), "verify-note from stdin")
    p = run([GODIAG, "sumdb", "verify-note", path], env, sb.work)
    c.eq(p.returncode, 0, f"verify-note with the GOSUMDB key in effect: {p.stdout[-500:]!r} {p.stderr[-300:]!r}")

    # A changed signature byte (past the 4-byte key hash) and another key of the same name.
    lines = note.split("\n")
    at = next(i for i, l in enumerate(lines) if l.startswith("\u2014 "))
    dash, name, sig = lines[at].split(" ")
    sig = sig[:10] + ("A" if sig[10] != "A" else "B") + sig[11:]
    lines[at] = " ".join([dash, name, sig])
    bad = "\n".join(lines)
    bad_path = os.path.join(sb.root, "latest.bad")
    with open(bad_path, "w") as f:
        f.write(bad)
    for label, msg, file_, key, phrase in (("altered signature", bad, bad_path, w.vkey, "invalid signature"),
                                           ("another key", note, path, w.other_vkey, "no verifiable signatures")):
        rc, rep = godiag_json(["sumdb", "verify-note", "--key", key, file_], env, sb.work)
        c.eq((rc, rep.get("verified")), (1, False), f"verify-note, {label}")
        c.has(rep.get("error") or "", phrase, f"verify-note, {label}: error")
        if "oracle" not in w.skips:
            want = oracle_noteopen(msg, key).get("error", "(x/mod verifies it)")
            c.agree(f"verify-note, {label}: the error against x/mod note.Open's", rep.get("error"), want)


def case_gosumdb_off(w, c):
    sb = Sandbox(w, "gosumdb-off")
    rc, rep = net(sb, sb.env(f"http://{w.addr}", GOSUMDB="off", HTTPS_PROXY=w.dead_proxy), QUOTE)
    db = net_side(rep)["sumdb"]
    c.eq(db.get("what_if"), True, "sumdb.what_if with GOSUMDB=off")
    c.eq(db.get("verified"), False, "sumdb.verified with GOSUMDB=off (the test's proxy does not serve that database)")
    c.true("net.sumdb.unavailable" not in ids(rep), f"no net.sumdb.unavailable with GOSUMDB=off: {ids(rep)}")
    c.eq(module0(rep).get("served_by"), f"http://{w.addr}", "modules[0].served_by")


def case_private_public(w, c):
    sb = Sandbox(w, "private-public")
    gp = f"http://{w.addr}/v/ok"
    mv = "example.com/private/mod@v1.0.0"
    rc, rep = net(sb, sb.env(gp), mv)
    grc, gerr, _ = go(["mod", "download", mv], sb.env(gp), sb.work)
    pn = findings(rep, "net.private.public-not-found")
    if c.true(pn, f"net.private.public-not-found: findings {ids(rep)}"):
        c.has(json.dumps(pn[0].get("fixes", [])), "GOPRIVATE", "the finding's fix")
    compare_module_error(c, rep, grc, gerr, "private module looked for on the proxy only")


def case_private_direct(w, c):
    # GONOPROXY (from GOPRIVATE) modules are fetched directly whatever GOPROXY says; the
    # dead HTTPS proxy keeps that direct ?go-get=1 fetch on this machine.
    sb = Sandbox(w, "private-direct")
    gp = f"http://{w.addr}/v/ok,off"
    mv = "example.com/private/mod@v1.0.0"
    over = {"GOPRIVATE": "example.com/private", "HTTPS_PROXY": w.dead_proxy}
    rc, rep = net(sb, sb.env(gp, **over), mv)
    grc, gerr, _ = go(["mod", "download", mv], sb.env(gp, **over), sb.work)
    tried = " ".join(module0(rep).get("tried", []))
    c.true("direct" in tried or "noproxy" in tried, f"modules[0].tried goes direct: {tried!r}")
    c.true("net.private.public-not-found" not in ids(rep), f"no public-not-found with GOPRIVATE: {ids(rep)}")
    compare_module_error(c, rep, grc, gerr, f"GOPRIVATE module, GOPROXY={gp}, HTTPS_PROXY={w.dead_proxy}")


def check_tampered(w, c, sb, variant, key, mod):
    """A proxy variant that rewrites downloads (`key`: "go_mod" or "zip"): the go command checks
    them against go.sum (in a module) or against the checksum database (outside one); godiag's
    verdict and whole error text must be the go command's."""
    gp = f"http://{w.addr}/v/{variant}"
    for where, cwd, against in (("in a module, against go.sum", mod, "go.sum"),
                                ("outside a module, against the database", sb.work, "testdb.example")):
        rc, rep = godiag_json(["net", QUOTE], sb.env(gp), cwd)
        grc, gerr, _ = go(["mod", "download", QUOTE], sb.env(gp), cwd)
        g = module0(rep).get("go_error") or ""
        c.true(grc != 0 and "SECURITY ERROR" in gerr, f"{where}: the go command was expected to refuse: {gerr!r}")
        c.agree(f"{where}: the whole error", g.rstrip("\n"), gerr)
        got = module0(rep).get(key) or {}
        c.eq((got.get("ok"), got.get("against")), (False, against), f"{where}: {key} {got}")
        c.has(ids(rep), "net.module.checksum-mismatch", f"{where}: finding")
        c.true("net.module.unfetchable" not in ids(rep), f"{where}: no second finding for it: {ids(rep)}")
        c.eq(rc, 1, f"{where}: godiag exit code")


def case_tampered_mod(w, c):
    sb = Sandbox(w, "tampered-mod")
    mod = w.module_dir(sb, w.gosum)
    rc, rep = godiag_json(["net", QUOTE], sb.env(f"http://{w.addr}/v/ok"), mod)
    gm = module0(rep).get("go_mod") or {}
    c.eq((gm.get("ok"), gm.get("against")), (True, "go.sum"), f"the genuine go.mod against go.sum: {gm}")
    check_tampered(w, c, sb, "tampered-mod", "go_mod", mod)


def case_tampered_zip(w, c):
    # Also: a zip the go command cannot read fails before any hash is compared.
    sb = Sandbox(w, "tampered-zip")
    mod = w.module_dir(sb, w.gosum)
    rc, rep = godiag_json(["net", QUOTE], sb.env(f"http://{w.addr}/v/ok"), mod)
    z = module0(rep).get("zip") or {}
    c.eq((z.get("ok"), z.get("against"), z.get("downloaded")),
         (True, "go.sum", next(l.split()[2] for l in w.gosum_lines if l.startswith("rsc.io/quote v1.5.2 "))),
         f"the genuine zip hashed as go.sum records it: {z}")
    check_tampered(w, c, sb, "tampered-zip", "zip", mod)
    # A 24 MiB zip: fetched whole to disk and hashed, with the go command's very text.
    check_tampered(w, c, sb, "big-zip", "zip", mod)
    gp = f"http://{w.addr}/v/tampered-zip"
    no_zip_line = w.module_dir(sb, "".join(l + "\n" for l in w.gosum_lines if not l.startswith("rsc.io/quote v1.5.2 ")))
    # go.sum has the go.mod's line but not the zip's: the zip goes to the database, even for a
    # module that is not the probe's own first lookup (rsc.io/sampler is).
    rc, rep = godiag_json(["net", "rsc.io/sampler@v1.3.0", QUOTE], sb.env(gp), no_zip_line)
    grc, gerr, _ = go(["mod", "download", QUOTE], sb.env(gp), no_zip_line)
    quote = next((m for m in net_side(rep).get("modules", []) if m.get("module") == "rsc.io/quote"), {})
    c.agree("go.sum without the zip's line: the whole error", (quote.get("go_error") or "").rstrip("\n"), gerr)
    c.eq((quote.get("zip") or {}).get("against"), "testdb.example", "go.sum without the zip's line: checked against")
    gp = f"http://{w.addr}/v/zip-garbage"
    rc, rep = godiag_json(["net", QUOTE], sb.env(gp), mod)
    grc, gerr, _ = go(["mod", "download", QUOTE], sb.env(gp), mod)
    compare_module_error(c, rep, grc, gerr, "GOPROXY=…/v/zip-garbage")
    c.has(ids(rep), "net.module.unfetchable", "zip-garbage finding")


CASES = [
    ("01 healthy: net, go mod download, sumdb verify", case_healthy, None),
    ("01 doctor runs net unless --offline", case_doctor, None),
    ("02 v/403: go_error as the go command's", case_status("403"), None),
    ("02 v/401: go_error as the go command's", case_status("401"), None),
    ("02 v/500: go_error as the go command's", case_status("500"), None),
    ("03 fallback 404,ok", case_fallback(",", "404", True), None),
    ("03 fallback 403,ok fails", case_fallback(",", "403", False), None),
    ("03 fallback 403|ok", case_fallback("|", "403", True), None),
    ("03 410 alone fails", case_fallback(",", "410", False, alone=True), None),
    ("04 v/html200", case_bad_answer("html200", "invalid character '<' looking for beginning of value",
                                     "net.proxy.html-page"), None),
    ("04 v/info-cut: .info cut mid-JSON",
     case_bad_answer("info-cut", "unexpected end of JSON input", "net.proxy.invalid-response"), None),
    ("04 v/info-other: .info names another version",
     case_bad_answer("info-other", "instead of requested version", "net.proxy.invalid-response"), None),
    ("04 v/info-badtime: .info whose Time is not RFC 3339",
     case_bad_answer("info-badtime", 'cannot parse " 15:44:20" as "T"', "net.proxy.invalid-response"), None),
    ("04 v/info-badorigin: .info whose Origin.VCS is a number",
     case_bad_answer("info-badorigin", "Go struct field Origin.Origin.VCS of type string", "net.proxy.invalid-response"),
     None),
    ("05 v/reset", case_reset, None),
    ("06 v/slow --timeout 3s", case_slow, None),
    ("07 v/wrongkey", case_sumdb_fault("wrongkey", "note has no verifiable signatures",
                                       "reading tree note: note has no verifiable signatures"), None),
    ("07 v/tampered-record", case_sumdb_fault("tampered-record", "cannot authenticate record data in server response"),
     None),
    ("07 v/tampered-tile", case_sumdb_fault("tampered-tile", "downloaded inconsistent tile"), None),
    ("07 v/wrong-record", case_sumdb_fault("wrong-record", "checksum missing from sumdb response"), None),
    ("07 v/empty-record", case_sumdb_fault("empty-record", "checksum missing from sumdb response"), None),
    ("08 forked tree: godiag's cache, go's latest", case_fork, None),
    ("09 tampered go.sum", case_gosum_mismatch, None),
    ("09 go.sum line the database lacks; GOPRIVATE skips it", case_gosum_not_found, None),
    ("09 v/tampered-mod: served go.mod against go.sum and the database", case_tampered_mod, None),
    ("09 v/tampered-zip, v/zip-garbage: served zip against go.sum and the database", case_tampered_zip, None),
    ("10 GOSUMDB with URL, proxy without /sumdb", case_gosumdb_url, None),
    ("10 GOSUMDB key only, proxy without /sumdb: direct", case_gosumdb_direct, None),
    ("11 TLS CA not trusted", case_tls_unknown_authority, "tls"),
    ("11 TLS SSL_CERT_FILE=ca.pem", case_tls_trusted, "tls"),
    ("11 TLS terminal trusts the CA, editor does not", case_tls_sides, "tls"),
    ("11 TLS expired", case_tls_expired, "expired"),
    ("11 TLS wrong host, self-signed, no IP SAN", case_tls_wrong_host("other", False), "tls"),
    ("11 TLS wrong host, CA-signed for 127.0.0.2", case_tls_wrong_host("otherip", True), "tls"),
    ("11 TLS https->http redirect", case_tls_redirect, "tls"),
    ("11 TLS v/auth with .netrc machine host:port", case_tls_auth_netrc, "tls"),
    ("11 TLS v/auth with .netrc machine host only", case_tls_auth_netrc_no_port, "tls"),
    ("11 TLS v/auth with credentials in GOPROXY", case_tls_auth_userinfo, "tls"),
    ("12 sumdb verify-note", case_verify_note, None),
    ("13 GOSUMDB=off", case_gosumdb_off, None),
    ("14 private module on the proxy only", case_private_public, None),
    ("14 private module with GOPRIVATE goes direct", case_private_direct, None),
]


def main():
    if not os.access(GODIAG, os.X_OK):
        print(f"FAIL: godiag binary {GODIAG} is missing")
        return 1
    start = time.monotonic()
    world = World()
    out_lock = threading.Lock()
    passed = failed = skipped = 0
    try:
        try:
            world.setup()
        except Unavailable as e:
            if IN_CI:
                print(f"FAIL: {e}")
                return 1
            print(f"SKIP: every case: {e}")
            return 0
        for need, why in world.skips.items():
            if IN_CI and need in ("tls", "oracle"):  # missing peers; "expired" is this openssl's limit
                print(f"FAIL: {need}: {why}")
                failed += 1

        def one(name, fn):
            c = Check()
            t0 = time.monotonic()
            try:
                fn(world, c)
            except Exception as e:  # an unexpected error is a failure of the case
                c.problems.append(f"{type(e).__name__}: {e}\n{traceback.format_exc(limit=3)}")
            return name, c, time.monotonic() - t0

        todo = []
        for name, fn, need in CASES:
            if need and (need in world.skips or (need == "expired" and "tls" in world.skips)):
                why = world.skips.get(need) or world.skips.get("tls")
                print(f"SKIP {name}: {why}")
                skipped += 1
                continue
            todo.append((name, fn))
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            futures = [pool.submit(one, name, fn) for name, fn in todo]
            for fut in concurrent.futures.as_completed(futures):
                name, c, secs = fut.result()
                with out_lock:
                    if c.problems:
                        failed += 1
                        print(f"FAIL {name} ({secs:.1f} s)")
                        for p in c.problems:
                            print("    - " + p.replace("\n", "\n      "))
                    else:
                        passed += 1
                        print(f"PASS {name} ({secs:.1f} s)")
                    for n in c.notes:
                        print("    note: " + n)
                    sys.stdout.flush()
    finally:
        world.close()
    print(f"net e2e: {time.monotonic() - start:.1f} s")
    print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
