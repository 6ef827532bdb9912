package main

import (
	"archive/zip"
	"bytes"
	"crypto/subtle"
	"crypto/tls"
	"encoding/binary"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Variants. Each one serves the proxy and the database under /v/<name>/...
//
//	ok               behaves, like the root
//	403 401 500 404 410
//	                 every request gets that status (text/plain body; 401
//	                 with WWW-Authenticate: Basic realm="corp")
//	slow             waits --slow (30s) before behaving; stops early when the
//	                 client goes away or the server shuts down
//	reset            closes the connection with a TCP RST, no answer
//	html200          200 text/html login page for every request
//	redirect-http    302 to http://<http addr>/<rest> (the root, plain http)
//	auth             needs basic auth alice:s3cret, then behaves
//	nosumdb          the proxy works, /sumdb/... is always 404
//	wrongkey         database notes signed by another key with the same name
//	tampered-tile    level-0 hash tiles have one byte flipped
//	forked           a tree inconsistent with the main one (one record's zip
//	                 hash changed, one record appended), signed by the right key
//	tampered-record  lookups return a record whose hash was changed
//	wrong-record     lookups return another module's record
//	empty-record     lookups return a record with no line for the module
//	tampered-mod     the proxy's .mod files get a line appended (what a
//	                 rewriting proxy or cache does); the database behaves
//	tampered-zip     the proxy's .zip files have one file's content changed
//	zip-garbage      .zip answers that are not zip files
//	big-zip          .zip answers with a 24 MiB incompressible file added
//	info-cut         .info answers cut in the middle of the JSON
//	info-other       .info answers naming version v9.9.9
//	info-badtime     .info answers whose Time is not RFC 3339
//	info-badorigin   .info answers whose Origin.VCS is a number
//
// The database faults apply only to /sumdb/... paths; the proxy part of
// those variants behaves.

// A variant is one way of answering.
type variant struct {
	// gate runs first; it returns true when it has answered the request.
	gate func(w http.ResponseWriter, r *http.Request, rest string) bool
	// db serves /sumdb/...; nil means 404.
	db *dbHandler
}

type handler struct {
	proxy    *proxy
	root     *variant
	variants map[string]*variant
	verbose  bool
}

var statusBodies = map[int]string{
	http.StatusForbidden:           "forbidden by corp policy",
	http.StatusUnauthorized:        "authentication required by corp proxy",
	http.StatusInternalServerError: "internal server error",
	http.StatusNotFound:            "not found",
	http.StatusGone:                "gone",
}

const loginPage = "<html><body>Please log in</body></html>"

func newHandler(db *database, o *options, httpAddr string) *handler {
	name := db.keys.name
	mainDB := newDBHandler(name, &dbOps{db: db, tree: db.main, signed: db.mainSigned})
	faulty := func(t *tree, signed []byte, f dbFault) *variant {
		return &variant{db: newDBHandler(name, &dbOps{db: db, tree: t, signed: signed, fault: f})}
	}
	status := func(code int) *variant {
		return &variant{gate: func(w http.ResponseWriter, r *http.Request, rest string) bool {
			if code == http.StatusUnauthorized {
				w.Header().Set("WWW-Authenticate", `Basic realm="corp"`)
			}
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Header().Set("X-Content-Type-Options", "nosniff")
			w.WriteHeader(code)
			w.Write([]byte(statusBodies[code] + "\n"))
			return true
		}}
	}
	h := &handler{
		proxy:   &proxy{dir: o.cache},
		root:    &variant{db: mainDB},
		verbose: o.verbose,
	}
	h.variants = map[string]*variant{
		"ok":  {db: mainDB},
		"403": status(http.StatusForbidden),
		"401": status(http.StatusUnauthorized),
		"500": status(http.StatusInternalServerError),
		"404": status(http.StatusNotFound),
		"410": status(http.StatusGone),
		"slow": {db: mainDB, gate: func(w http.ResponseWriter, r *http.Request, rest string) bool {
			t := time.NewTimer(o.slow)
			defer t.Stop()
			select {
			case <-r.Context().Done():
				// Client gone or server shutting down: drop the
				// connection rather than send an empty 200.
				panic(http.ErrAbortHandler)
			case <-t.C:
				return false
			}
		}},
		"reset": {gate: func(w http.ResponseWriter, r *http.Request, rest string) bool {
			resetConnection(w)
			return true
		}},
		"html200": {gate: func(w http.ResponseWriter, r *http.Request, rest string) bool {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusOK)
			w.Write([]byte(loginPage))
			return true
		}},
		"redirect-http": {gate: func(w http.ResponseWriter, r *http.Request, rest string) bool {
			target := "http://" + httpAddr + rest
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			w.Header().Set("Location", target)
			w.WriteHeader(http.StatusFound)
			return true
		}},
		"auth": {db: mainDB, gate: func(w http.ResponseWriter, r *http.Request, rest string) bool {
			user, pass, ok := r.BasicAuth()
			if ok && subtle.ConstantTimeCompare([]byte(user), []byte("alice")) == 1 &&
				subtle.ConstantTimeCompare([]byte(pass), []byte("s3cret")) == 1 {
				return false
			}
			w.Header().Set("WWW-Authenticate", `Basic realm="corp"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return true
		}},
		"nosumdb":         {},
		"wrongkey":        faulty(db.main, db.wrongSigned, faultNone),
		"tampered-tile":   faulty(db.main, db.mainSigned, faultTamperedTile),
		"forked":          {db: newDBHandler(name, &dbOps{db: db, tree: db.forked, signed: db.forkedSigned, seen: db.main})},
		"tampered-record": faulty(db.main, db.mainSigned, faultTamperedRecord),
		"wrong-record":    faulty(db.main, db.mainSigned, faultWrongRecord),
		"empty-record":    faulty(db.main, db.mainSigned, faultEmptyRecord),
		"tampered-mod": rewrite(mainDB, o.cache, ".mod", "text/plain; charset=utf-8", func(data []byte) []byte {
			return append(data, "// rewritten by a proxy\n"...)
		}),
		"tampered-zip": rewrite(mainDB, o.cache, ".zip", "application/zip", tamperZip),
		"big-zip":      rewrite(mainDB, o.cache, ".zip", "application/zip", bigZip),
		"zip-garbage": rewrite(mainDB, o.cache, ".zip", "application/zip", func([]byte) []byte {
			return []byte("this is not a zip file\n")
		}),
		"info-cut": rewrite(mainDB, o.cache, ".info", "application/json", func(data []byte) []byte {
			return data[:len(data)/2]
		}),
		"info-other": rewrite(mainDB, o.cache, ".info", "application/json", func([]byte) []byte {
			return []byte(`{"Version":"v9.9.9","Time":"2018-02-14T15:44:20Z"}`)
		}),
		"info-badtime": rewrite(mainDB, o.cache, ".info", "application/json", func([]byte) []byte {
			return []byte(`{"Version":"v1.5.2","Time":"2018-02-14 15:44:20"}`)
		}),
		"info-badorigin": rewrite(mainDB, o.cache, ".info", "application/json", func([]byte) []byte {
			return []byte(`{"Version":"v1.5.2","Time":"2018-02-14T15:44:20Z","Origin":{"VCS":1}}`)
		}),
	}
	return h
}

// rewrite serves the cached files ending in suffix changed by fn; the rest behaves.
func rewrite(db *dbHandler, cache, suffix, contentType string, fn func([]byte) []byte) *variant {
	return &variant{db: db, gate: func(w http.ResponseWriter, r *http.Request, rest string) bool {
		if !strings.HasSuffix(rest, suffix) || strings.Contains(rest, "..") || cache == "" {
			return false
		}
		data, err := os.ReadFile(filepath.Join(cache, filepath.FromSlash(rest)))
		if err != nil {
			return false
		}
		w.Header().Set("Content-Type", contentType)
		w.Write(fn(data))
		return true
	}}
}

// tamperZip copies a zip with a comment appended to its first file's content.
func tamperZip(data []byte) []byte {
	r, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return data
	}
	var out bytes.Buffer
	w := zip.NewWriter(&out)
	for i, f := range r.File {
		rc, err := f.Open()
		if err != nil {
			return data
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return data
		}
		if i == 0 {
			content = append(content, "\n// changed by a proxy\n"...)
		}
		fw, err := w.Create(f.Name)
		if err != nil {
			return data
		}
		fw.Write(content)
	}
	if w.Close() != nil {
		return data
	}
	return out.Bytes()
}

// bigZip adds a stored file of 24 MiB of pseudo-random bytes (the same every time) under the
// module's prefix: a zip far larger than any in-memory limit, whose hash no longer matches.
func bigZip(data []byte) []byte {
	r, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil || len(r.File) == 0 {
		return data
	}
	var out bytes.Buffer
	w := zip.NewWriter(&out)
	for _, f := range r.File {
		if err := w.Copy(f); err != nil {
			return data
		}
	}
	name := r.File[0].Name // "module@version/…"
	at := strings.Index(name, "@")
	prefix := name[:at+strings.Index(name[at:], "/")+1]
	fw, err := w.CreateHeader(&zip.FileHeader{Name: prefix + "big.bin", Method: zip.Store})
	if err != nil {
		return data
	}
	rng := rand.New(rand.NewPCG(1, 2))
	chunk := make([]byte, 1<<16)
	for n := 0; n < 24<<20; n += len(chunk) {
		for i := 0; i < len(chunk); i += 8 {
			binary.LittleEndian.PutUint64(chunk[i:], rng.Uint64())
		}
		fw.Write(chunk)
	}
	if w.Close() != nil {
		return data
	}
	return out.Bytes()
}

// resetConnection drops the request's connection with a TCP RST.
func resetConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // cannot hijack: at least abort the answer
	}
	raw := conn
	if tc, ok := conn.(*tls.Conn); ok {
		raw = tc.NetConn() // close under TLS, without a close_notify alert
	}
	if tcp, ok := raw.(*net.TCPConn); ok {
		tcp.SetLinger(0)
	}
	raw.Close()
}

// statusRecorder remembers the status for the request log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.verbose {
		rec := &statusRecorder{ResponseWriter: w}
		defer func() {
			log.Printf("%s %s %s -> %d", r.RemoteAddr, r.Method, r.URL.RequestURI(), rec.status)
		}()
		w = rec
	}
	v, rest := h.root, r.URL.Path
	if after, ok := strings.CutPrefix(rest, "/v/"); ok {
		name, tail, _ := strings.Cut(after, "/")
		v = h.variants[name]
		if v == nil {
			http.Error(w, "unknown variant "+name, http.StatusNotFound)
			return
		}
		rest = "/" + tail
	}
	if v.gate != nil && v.gate(w, r, rest) {
		return
	}
	if rest == "/sumdb" || strings.HasPrefix(rest, "/sumdb/") {
		if v.db == nil {
			http.Error(w, "this proxy does not serve checksum databases", http.StatusNotFound)
			return
		}
		v.db.serve(w, r, rest)
		return
	}
	h.proxy.serve(w, r, rest)
}
